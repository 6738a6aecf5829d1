//! Syntax highlighting of fenced code with syntect, as CSS classes.
//!
//! The syntax and theme sets are loaded once, on first use, so a site without
//! code blocks never pays for them. The theme's CSS is written once into the
//! output as `syntax.css` ([`stylesheet`]). syntect runs its grammars on
//! Oniguruma (`default-onig`): on the bench corpus's code blocks it is about
//! twice as fast as the pure-Rust engine, with the same output.
//!
//! Parsing a line is a pure function of the line and the parser's state
//! before it, and the same lines recur across a site's code blocks (imports,
//! config keys, closing brackets). Each thread keeps what parsing a line did,
//! by line and state, so a recurring line is parsed once; the spans are still
//! made line by line, as the enclosing scopes differ.

use std::cell::RefCell;
use std::sync::LazyLock;

use rustc_hash::FxHashMap;
use syntect::highlighting::ThemeSet;
use syntect::html::{ClassStyle, css_for_theme_with_class_style, line_tokens_to_classed_spans};
use syntect::parsing::{ParseState, ScopeStack, ScopeStackOp, SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);

/// What parsing one line did: the state it began in, the scope operations it
/// produced (at byte offsets into the line) and the state it left.
struct ParsedLine {
    before: ParseState,
    ops: Vec<(usize, ScopeStackOp)>,
    after: ParseState,
}

/// Parsed lines by text; a line parsed in several states has one entry each.
type LineCache = FxHashMap<Box<str>, Vec<ParsedLine>>;

/// More distinct lines than this and a thread's cache starts over, so a long
/// `serve` session's memory stays bounded.
const CACHE_LINES: usize = 50_000;

thread_local! {
    static LINES: RefCell<LineCache> = RefCell::default();
}

/// The class prefix, so highlight classes never collide with the theme's.
const STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// The theme the stylesheet is made from.
const THEME: &str = "InspiredGitHub";

/// `code` as HTML spans with classes, for the language named `lang` (a fence's
/// info string); plain escaped text when the language is unknown.
pub fn highlight(code: &str, lang: &str) -> String {
    let token = lang.split([' ', ',', '{']).next().unwrap_or("").trim();
    let syntaxes = &*SYNTAXES;
    let Some(syntax) = (!token.is_empty())
        .then(|| syntaxes.find_syntax_by_token(token))
        .flatten()
    else {
        return escape(code);
    };
    LINES
        .with_borrow_mut(|cache| {
            if cache.len() > CACHE_LINES {
                cache.clear();
            }
            classed_html(code, syntax, cache)
        })
        .unwrap_or_else(|| escape(code))
}

/// `code` as spans with classes, as syntect's `ClassedHTMLGenerator` makes
/// them, with each line's parse taken from `cache` where it was seen before;
/// `None` if the grammar fails on it.
fn classed_html(code: &str, syntax: &SyntaxReference, cache: &mut LineCache) -> Option<String> {
    let mut state = ParseState::new(syntax);
    let mut scopes = ScopeStack::new();
    let mut html = String::with_capacity(code.len() * 2);
    let mut open_spans = 0;
    for line in LinesWithEndings::from(code) {
        let ops = parse_line(cache, &mut state, line)?;
        let (spans, delta) = line_tokens_to_classed_spans(line, ops, STYLE, &mut scopes).ok()?;
        html.push_str(&spans);
        open_spans += delta;
    }
    for _ in 0..open_spans {
        html.push_str("</span>");
    }
    Some(html)
}

/// The scope operations of `line` parsed from `state`, which moves on to the
/// state after it: from `cache` when this line was parsed from this state
/// before, else parsed now and remembered.
fn parse_line<'c>(
    cache: &'c mut LineCache,
    state: &mut ParseState,
    line: &str,
) -> Option<&'c [(usize, ScopeStackOp)]> {
    let seen = cache
        .get(line)
        .and_then(|parses| parses.iter().position(|p| p.before == *state));
    let parses = match seen {
        Some(_) => cache.get_mut(line)?,
        None => {
            let before = state.clone();
            let ops = state.parse_line(line, &SYNTAXES).ok()?;
            let parses = cache.entry(line.into()).or_default();
            parses.push(ParsedLine {
                before,
                ops,
                after: state.clone(),
            });
            parses
        }
    };
    let parsed = &parses[seen.unwrap_or(parses.len() - 1)];
    state.clone_from(&parsed.after);
    Some(&parsed.ops)
}

/// `text` with `&`, `<`, `>` and `"` escaped.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text);
    out
}

/// Appends `text` to `out`, escaped as [`escape`] does.
pub fn escape_into(out: &mut String, text: &str) {
    pulldown_cmark_escape::escape_html(out, text).expect("writing to a String cannot fail");
}

/// The CSS for highlighted code, made once per process (a `serve` session
/// writes it with every rebuild).
pub fn stylesheet() -> &'static str {
    static CSS: LazyLock<String> = LazyLock::new(|| {
        let themes = ThemeSet::load_defaults();
        let theme = &themes.themes[THEME];
        css_for_theme_with_class_style(theme, STYLE).expect("the built-in theme converts to CSS")
    });
    &CSS
}

#[cfg(test)]
mod tests {
    use super::*;

    /// syntect's own generator, which parses every line.
    fn uncached(code: &str, lang: &str) -> String {
        let syntax = SYNTAXES.find_syntax_by_token(lang).unwrap();
        let mut generator =
            syntect::html::ClassedHTMLGenerator::new_with_class_style(syntax, &SYNTAXES, STYLE);
        for line in LinesWithEndings::from(code) {
            generator
                .parse_html_for_line_which_includes_newline(line)
                .unwrap();
        }
        generator.finalize()
    }

    #[test]
    fn cached_lines_highlight_as_syntect_does() {
        // The same lines inside and outside a string, a comment and a
        // mapping: a line's parse is reused only from the state it began in.
        let blocks = [
            ("python", "x = 1\n\"\"\"\nx = 1\n\"\"\"\nx = 1\n"),
            ("python", "def f():\n    x = 1\n    return x\n"),
            ("yaml", "key: value\nlist:\n  - key: value\n# key: value\n"),
            ("rust", "/*\nlet x = 1;\n*/\nlet x = 1;\n"),
            ("bash", "echo \"$x\"\necho \"\nmore\n\"\necho \"$x\"\n"),
        ];
        for _ in 0..2 {
            for (lang, code) in blocks {
                assert_eq!(
                    highlight(code, lang),
                    uncached(code, lang),
                    "{lang}: {code}"
                );
            }
        }
        let cached = LINES.with_borrow(|cache| cache["x = 1\n"].len());
        assert!(cached >= 2, "x = 1 was parsed in and outside a string");
    }

    #[test]
    fn known_languages_get_classes_and_unknown_ones_are_escaped() {
        let html = highlight("fn main() {}\n", "rust");
        assert!(html.contains("class=\"hl-"), "{html}");
        assert_eq!(highlight("<b>\n", "nolang"), "&lt;b&gt;\n");
        assert!(stylesheet().contains(".hl-"));
    }
}
