//! The theme: Tera templates and static assets.
//!
//! The built-in theme (the repository's `templates/` and `static/`) is embedded
//! in the binary, so any site builds without a theme of its own. A file in the
//! site's `templates/` replaces the built-in template of the same name; the
//! site's `static/` is copied over the built-in assets by `site`.
//!
//! Tera 2 has no functions that read the environment or the clock, so a
//! template cannot make output depend on where or when it is built.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tera::{Context, Kwargs, State, Tera, Value};

use crate::diagnostic::{Diagnostic, Position};

macro_rules! embed {
    ($dir:literal: $($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../", $dir, "/", $name)))),*]
    };
}

/// The built-in templates, by name.
pub const BUILTIN_TEMPLATES: &[(&str, &str)] = embed!("templates":
    "base.html", "macros.html", "index.html", "notes.html", "note.html", "articles.html",
    "article.html", "actors.html", "actor.html", "topics.html", "topic.html", "stances.html",
    "tags.html", "tag.html", "search.html", "404.html", "feed.xml", "sitemap.xml", "robots.txt",
);

/// The built-in static assets, by path under the output root.
pub const BUILTIN_STATIC: &[(&str, &str)] = embed!("static": "style.css", "search.js");

/// The compiled templates of a site.
#[derive(Clone)]
pub struct Theme {
    tera: Tera,
    /// Where each template came from, for diagnostics.
    origins: BTreeMap<String, PathBuf>,
}

impl Theme {
    /// The built-in templates, with the site's `root/templates/` files over them.
    pub fn load(root: &Path) -> Result<Theme, Vec<Diagnostic>> {
        let mut sources: BTreeMap<String, (PathBuf, String)> = BUILTIN_TEMPLATES
            .iter()
            .map(|(name, text)| {
                let origin = PathBuf::from(format!("(built-in theme)/{name}"));
                (name.to_string(), (origin, text.to_string()))
            })
            .collect();
        let mut diagnostics = Vec::new();
        let dir = root.join("templates");
        if dir.is_dir() {
            for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
                let Ok(entry) = entry else { continue };
                if !entry.file_type().is_file()
                    || entry.file_name().to_string_lossy().starts_with('.')
                {
                    continue;
                }
                let rel = entry.path().strip_prefix(root).unwrap_or(entry.path());
                let name = entry
                    .path()
                    .strip_prefix(&dir)
                    .unwrap_or(entry.path())
                    .to_string_lossy()
                    .replace('\\', "/");
                match std::fs::read_to_string(entry.path()) {
                    Ok(text) => {
                        sources.insert(name, (rel.to_path_buf(), text));
                    }
                    Err(e) => diagnostics.push(Diagnostic::error(
                        rel,
                        Position::FILE,
                        format!("cannot read template: {e}"),
                    )),
                }
            }
        }
        if !diagnostics.is_empty() {
            return Err(diagnostics);
        }
        Theme::compile(sources)
    }

    fn compile(sources: BTreeMap<String, (PathBuf, String)>) -> Result<Theme, Vec<Diagnostic>> {
        let mut tera = Tera::new();
        tera.autoescape_on([".html", ".xml"]);
        tera.set_escape_fn(escape_html);
        tera.register_filter("safe", safe);
        let origins: BTreeMap<String, PathBuf> = sources
            .iter()
            .map(|(name, (origin, _))| (name.clone(), origin.clone()))
            .collect();
        let result = tera.add_raw_templates(sources.iter().map(|(name, (_, text))| (name, text)));
        let theme = Theme { tera, origins };
        match result {
            Ok(()) => Ok(theme),
            Err(e) => Err(vec![theme.diagnostic(&e, None)]),
        }
    }

    /// Renders template `name` with `context`, as the bytes of the page.
    /// Templates and what they are given are UTF-8, so their output is:
    /// it is written out as it is, not checked again.
    pub fn render(&self, name: &str, context: &Context) -> Result<Vec<u8>, Diagnostic> {
        let mut page = Vec::with_capacity(PAGE_CAPACITY);
        self.tera
            .render_to(name, context, &mut page)
            .map_err(|e| self.diagnostic(&e, Some(name)))?;
        Ok(page)
    }

    /// The file template `name` came from (`templates/x.html`, or the
    /// built-in theme).
    pub fn origin(&self, name: &str) -> PathBuf {
        self.origins
            .get(name)
            .cloned()
            .unwrap_or_else(|| PathBuf::from(format!("templates/{name}")))
    }

    /// A Tera error as a diagnostic at the template's file, line and column.
    fn diagnostic(&self, error: &tera::Error, rendering: Option<&str>) -> Diagnostic {
        use tera::ErrorKind;
        match error.kind() {
            ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => {
                let span = report.span();
                let what = if matches!(error.kind(), ErrorKind::SyntaxError(_)) {
                    "template syntax error"
                } else {
                    "template error"
                };
                let message = report.message().trim_end_matches('.');
                Diagnostic::error(
                    self.origin(report.filename()),
                    Position::new(span.start_line, span.start_col + 1),
                    format!("{what}: {}", lowercase_first(message)),
                )
            }
            other => {
                let path = rendering.map_or_else(|| PathBuf::from("templates"), |n| self.origin(n));
                Diagnostic::error(
                    path,
                    Position::FILE,
                    format!("template error: {}", lowercase_first(&other.to_string())),
                )
            }
        }
    }
}

fn lowercase_first(message: &str) -> String {
    let mut chars = message.chars();
    match chars.next() {
        Some(c) if !chars.as_str().starts_with(char::is_uppercase) => {
            c.to_lowercase().chain(chars).collect()
        }
        _ => message.to_string(),
    }
}

/// The room a page is rendered into at first: most pages of a briefing
/// site are a few tens of kilobytes.
const PAGE_CAPACITY: usize = 32 * 1024;

/// Tera's autoescaping, the same five characters escaped the same way, but
/// written a run of plain text at a time (and found sixteen bytes at a time
/// where the CPU allows). Tera's own writes each byte through the output's
/// `dyn Write`: in a profile of the 10k-article bench corpus, over a third of
/// the time Tera spent rendering pages.
fn escape_html(input: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    pulldown_cmark_escape::escape_html(pulldown_cmark_escape::IoWriter(out), input)
}

/// Tera's `safe`, without copying the string it marks: Tera's own makes a
/// new string of it, and a page's body, its largest value, passes through it.
fn safe(value: Value, _: Kwargs, _: &State) -> Value {
    match value.as_str() {
        Some(_) => value.mark_safe(),
        None => Value::safe_string(&value.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_writes_what_teras_own_writes() {
        for input in [
            "",
            "plain",
            "<a href=\"x\">Tom & Jerry's</a>",
            "&&<<>>\"\"''",
            "Erdoğan “q” — ok'",
        ]
        .into_iter()
        .map(String::from)
        // Long enough to be scanned in blocks, a special byte at each place.
        .chain((0..40).map(|i| format!("{}<{}&\"'>", "x".repeat(i), "é".repeat(20))))
        // Each special byte alone, at every place of a few lanes.
        .chain((0..24).flat_map(|i| {
            ["&", "<", ">", "\"", "'"]
                .map(|c| format!("{}{c}{}", "a".repeat(i), "b".repeat(23 - i)))
        })) {
            let (mut ours, mut teras) = (Vec::new(), Vec::new());
            escape_html(&input, &mut ours).unwrap();
            tera::escape_html(&input, &mut teras).unwrap();
            assert_eq!(
                String::from_utf8(ours).unwrap(),
                String::from_utf8(teras).unwrap()
            );
        }
    }

    /// Every file of `dir` in the repository, by name.
    fn files_of(dir: &str) -> Vec<String> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
        let mut names: Vec<String> = walkdir::WalkDir::new(&root)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                e.path()
                    .strip_prefix(&root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/")
            })
            .collect();
        names.sort();
        names
    }

    #[test]
    fn the_embedded_theme_is_the_whole_repository_theme() {
        let mut embedded: Vec<String> = BUILTIN_TEMPLATES
            .iter()
            .map(|(n, _)| n.to_string())
            .collect();
        embedded.sort();
        assert_eq!(embedded, files_of("templates"));
        let mut embedded: Vec<String> = BUILTIN_STATIC.iter().map(|(n, _)| n.to_string()).collect();
        embedded.sort();
        assert_eq!(embedded, files_of("static"));
    }

    #[test]
    fn safe_marks_what_teras_own_marks() {
        let template =
            "{{ s | safe }}|{{ s }}|{{ n | safe }}|{{ b | safe }}|{{ l | safe }}|{{ m | safe }}";
        let mut sources = BTreeMap::new();
        sources.insert(
            "x.html".to_string(),
            (PathBuf::from("templates/x.html"), template.to_string()),
        );
        let ours = Theme::compile(sources).unwrap();
        let mut teras = Tera::new();
        teras.autoescape_on([".html"]);
        teras.add_raw_template("x.html", template).unwrap();
        let mut context = Context::new();
        context.insert("s", &"<p>Tom & \"Jerry\"</p>".repeat(3));
        context.insert("n", &4.5);
        context.insert("b", &true);
        context.insert("l", &["<a>", "b"]);
        context.insert("m", &BTreeMap::from([("k", "<v>")]));
        let expected = teras.render("x.html", &context).unwrap();
        let rendered = String::from_utf8(ours.render("x.html", &context).unwrap()).unwrap();
        assert_eq!(rendered, expected);
        assert!(rendered.starts_with("<p>Tom & \"Jerry\"</p>"));
    }

    #[test]
    fn syntax_errors_point_at_the_template_line() {
        let mut sources = BTreeMap::new();
        sources.insert(
            "x.html".to_string(),
            (PathBuf::from("templates/x.html"), "a\n{% if %}".to_string()),
        );
        let errors = Theme::compile(sources).err().unwrap();
        assert_eq!(errors[0].path, PathBuf::from("templates/x.html"));
        assert_eq!(errors[0].line, 2);
    }
}
