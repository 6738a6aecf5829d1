//! Syntax highlighting of fenced code with syntect, as CSS classes.
//!
//! The syntax and theme sets are loaded once, on first use, so a site without
//! code blocks never pays for them. The theme's CSS is written once into the
//! output as `syntax.css` ([`stylesheet`]). syntect runs its grammars on
//! Oniguruma (`default-onig`): on the bench corpus's code blocks it is about
//! twice as fast as the pure-Rust engine, with the same output.

use std::sync::LazyLock;

use syntect::highlighting::ThemeSet;
use syntect::html::{ClassStyle, ClassedHTMLGenerator, css_for_theme_with_class_style};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);

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
    let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, syntaxes, STYLE);
    for line in LinesWithEndings::from(code) {
        if generator
            .parse_html_for_line_which_includes_newline(line)
            .is_err()
        {
            return escape(code);
        }
    }
    generator.finalize()
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

    #[test]
    fn known_languages_get_classes_and_unknown_ones_are_escaped() {
        let html = highlight("fn main() {}\n", "rust");
        assert!(html.contains("class=\"hl-"), "{html}");
        assert_eq!(highlight("<b>\n", "nolang"), "&lt;b&gt;\n");
        assert!(stylesheet().contains(".hl-"));
    }
}
