//! Diagnostics about a site's sources: what is wrong, where, and how to fix it.
//!
//! Every problem in user content (front matter, references, templates) becomes a
//! [`Diagnostic`] carrying the file, a 1-based line and column, a message and an
//! optional hint. They print in one exact format that tests assert on:
//!
//! ```text
//! content/notes/a.md:4:12: error: unknown actor `rusia`
//!   help: did you mean `russia`?
//! ```

use std::fmt;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem found in a site's sources.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    /// The file, relative to the site root where possible.
    pub path: PathBuf,
    /// 1-based line; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based column, counted in characters; 0 with `line` 0.
    pub col: usize,
    pub severity: Severity,
    pub message: String,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(path: impl Into<PathBuf>, pos: Position, message: impl Into<String>) -> Self {
        Diagnostic {
            path: path.into(),
            line: pos.line,
            col: pos.col,
            severity: Severity::Error,
            message: message.into(),
            help: None,
        }
    }

    pub fn warning(path: impl Into<PathBuf>, pos: Position, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, pos, message)
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds a "did you mean" hint when `candidates` holds a close match for
    /// `word`, else the `otherwise` hint when there is one.
    pub fn with_suggestion<'a>(
        self,
        word: &str,
        candidates: impl IntoIterator<Item = &'a str>,
        otherwise: Option<String>,
    ) -> Self {
        match (did_you_mean(word, candidates), otherwise) {
            (Some(best), _) => self.with_help(format!("did you mean `{best}`?")),
            (None, Some(help)) => self.with_help(help),
            (None, None) => self,
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The order diagnostics are reported in, after their file: by position.
    fn position_key(&self) -> (usize, usize, Severity, &str) {
        (self.line, self.col, self.severity, &self.message)
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{}", self.path.display())?;
        if self.line > 0 {
            write!(f, ":{}:{}", self.line, self.col)?;
        }
        write!(f, ": {severity}: {}", self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

/// A 1-based line and column in a file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub line: usize,
    pub col: usize,
}

impl Position {
    /// The position that stands for "the file as a whole".
    pub const FILE: Position = Position { line: 0, col: 0 };

    pub fn new(line: usize, col: usize) -> Self {
        Position { line, col }
    }

    /// The position of byte `offset` in `text`; columns count characters.
    pub fn of_offset(text: &str, offset: usize) -> Self {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let before = &text[..offset];
        let line_start = memchr::memrchr(b'\n', before.as_bytes()).map_or(0, |i| i + 1);
        Position {
            line: memchr::memchr_iter(b'\n', before.as_bytes()).count() + 1,
            col: before[line_start..].chars().count() + 1,
        }
    }
}

/// The largest char boundary of `text` at or before `offset`.
pub fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The plural ending of a count's noun: `format!("{n} warning{}", plural(n))`.
pub fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// All diagnostics of a run, sorted for stable output.
#[derive(Debug, Default)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(other);
    }

    /// Adds `other`'s diagnostics as they are, unsorted.
    pub fn append(&mut self, mut other: Diagnostics) {
        self.0.append(&mut other.0);
    }

    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    /// The diagnostics in reporting order, duplicates removed.
    pub fn into_sorted(self) -> Vec<Diagnostic> {
        // Comparing paths component by component is slow, and a large
        // archive has thousands of warnings: each path's key is made once.
        let mut keyed: Vec<(Vec<u8>, Diagnostic)> = self
            .0
            .into_par_iter()
            .map(|d| (path_key(&d.path), d))
            .collect();
        // Sorted on the pool: a build sorts its warnings after its pages are
        // written, while nothing else runs.
        keyed.par_sort_by(|(x, a), (y, b)| {
            x.cmp(y)
                .then_with(|| a.position_key().cmp(&b.position_key()))
        });
        let mut sorted: Vec<Diagnostic> = keyed.into_iter().map(|(_, d)| d).collect();
        sorted.dedup();
        sorted
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;

    fn into_iter(self) -> Self::IntoIter {
        self.into_sorted().into_iter()
    }
}

/// A key that orders paths as `Path` does, component by component: each
/// component's bytes followed by a zero byte, which no component holds.
fn path_key(path: &Path) -> Vec<u8> {
    let mut key = Vec::with_capacity(path.as_os_str().len() + 4);
    for component in path.components() {
        key.extend_from_slice(component.as_os_str().as_encoded_bytes());
        key.push(0);
    }
    key
}

/// The errors that stopped a build, in reporting order.
#[derive(Debug)]
pub struct Failed(pub Vec<Diagnostic>);

impl fmt::Display for Failed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "{d}")?;
        }
        let errors = self.0.iter().filter(|d| d.is_error()).count();
        if errors == 0 {
            let warnings = self.0.len();
            return write!(
                f,
                "error: {warnings} warning{} with --strict; nothing was written",
                plural(warnings)
            );
        }
        write!(
            f,
            "error: {errors} error{} found; nothing was written",
            plural(errors)
        )
    }
}

impl std::error::Error for Failed {}

/// The closest of `candidates` to `word`, if one is close enough to be a likely typo.
fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_of_a_count_is_singular() {
        let said = |n| format!("rendered {n} page{}", plural(n));
        assert_eq!(said(0), "rendered 0 pages");
        assert_eq!(said(1), "rendered 1 page");
        assert_eq!(said(2), "rendered 2 pages");
    }

    #[test]
    fn path_keys_order_paths_as_paths_do() {
        let paths = [
            "content/notes/a.md",
            "content/notes/a/b.md",
            "content/notes/a-b.md",
            "content/notes/ab.md",
            "content/notes.md",
            "content/notes",
            "content/articles/z.txt",
            "brief.toml",
            "content/notes/a/b/c.md",
            "content/notes/é.md",
        ];
        let mut by_path: Vec<&Path> = paths.iter().map(Path::new).collect();
        let mut by_key = by_path.clone();
        by_path.sort();
        by_key.sort_by_key(|p| path_key(p));
        assert_eq!(by_key, by_path);
    }

    #[test]
    fn positions_count_lines_and_characters() {
        let text = "ab\nçd\n";
        assert_eq!(Position::of_offset(text, 0), Position::new(1, 1));
        assert_eq!(Position::of_offset(text, 3), Position::new(2, 1));
        assert_eq!(Position::of_offset(text, 5), Position::new(2, 2));
    }

    #[test]
    fn suggestions_pick_the_closest_candidate() {
        assert_eq!(did_you_mean("rusia", ["russia", "ukraine"]), Some("russia"));
        assert_eq!(did_you_mean("zzz", ["russia", "ukraine"]), None);
    }

    #[test]
    fn display_has_the_exact_format() {
        let d = Diagnostic::error("a.md", Position::new(4, 12), "unknown actor `rusia`")
            .with_suggestion("rusia", ["russia"], None);
        assert_eq!(
            d.to_string(),
            "a.md:4:12: error: unknown actor `rusia`\n  help: did you mean `russia`?"
        );
    }
}
