//! Typed reading of front matter fields, with a diagnostic for every key that
//! is unknown, missing, or of the wrong type, pointing at the line and column
//! where it is written.

use std::cell::{OnceCell, RefCell};
use std::path::Path;

use serde_json::{Map, Value};

use super::frontmatter::{Format, FrontMatter, KeptFront, Lines, Seg};
use crate::diagnostic::{Diagnostic, Position};
use crate::model::{Date, Extra};

/// What every field of one file reports into.
pub struct FileContext<'a> {
    pub path: &'a Path,
    pub front: Option<FrontMatter<'a>>,
    /// What the fields are called in messages: "note front matter", "site configuration".
    pub name: String,
    pub diagnostics: RefCell<Vec<Diagnostic>>,
    /// The front matter's lines, split on the first value located: a note
    /// locates every reference it makes.
    lines: OnceCell<Option<Lines<'a>>>,
    /// The front matter kept for [`Place`]s, copied on the first one.
    kept: OnceCell<Option<KeptFront>>,
}

impl<'a> FileContext<'a> {
    pub fn new(path: &'a Path, front: Option<FrontMatter<'a>>, name: impl Into<String>) -> Self {
        FileContext {
            path,
            front,
            name: name.into(),
            diagnostics: RefCell::new(Vec::new()),
            lines: OnceCell::new(),
            kept: OnceCell::new(),
        }
    }

    pub fn error(&self, pos: Position, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(self.path, pos, message)
    }

    pub fn push(&self, diagnostic: Diagnostic) {
        self.diagnostics.borrow_mut().push(diagnostic);
    }

    pub fn format(&self) -> Format {
        self.front.map_or(Format::Toml, |f| f.format)
    }

    fn locate(&self, path: &[OwnedSeg], needle: Option<&str>) -> Position {
        let lines = self.lines.get_or_init(|| self.front.map(|f| f.lines()));
        locate(self.front.as_ref().zip(lines.as_ref()), path, needle)
    }

    fn locate_key(&self, path: &[OwnedSeg]) -> Position {
        let segs: Vec<Seg<'_>> = path.iter().map(OwnedSeg::borrow).collect();
        self.front
            .map_or(Position::new(1, 1), |f| f.locate_key(&segs))
    }

    pub fn into_diagnostics(self) -> Vec<Diagnostic> {
        self.diagnostics.into_inner()
    }
}

/// Where `path` (and in its value, `needle`) is written in `front`, split
/// into `lines`; the file's start when there is no front matter.
fn locate(
    front: Option<(&FrontMatter<'_>, &Lines<'_>)>,
    path: &[OwnedSeg],
    needle: Option<&str>,
) -> Position {
    let segs: Vec<Seg<'_>> = path.iter().map(OwnedSeg::borrow).collect();
    match front {
        Some((front, lines)) => front.locate_in(lines, &segs, needle),
        None => Position::new(1, 1),
    }
}

/// Where something is written in a file: for a value of a front matter,
/// worked out only when asked, since a file names many items and only a
/// reference that turns out to be broken is ever shown with its place.
#[derive(Clone, Debug)]
pub struct Place(Located);

#[derive(Clone, Debug)]
enum Located {
    At(Position),
    /// The value at `path` of `front`.
    Value {
        front: Option<KeptFront>,
        path: Vec<OwnedSeg>,
    },
}

impl Place {
    /// A place already known.
    pub fn at(position: Position) -> Self {
        Place(Located::At(position))
    }

    /// The position of the place; in a value, that of `needle` in it (the
    /// id a reference names, which the reference keeps).
    pub fn position(&self, needle: &str) -> Position {
        match &self.0 {
            Located::At(position) => *position,
            Located::Value { front, path } => {
                let front = front.as_ref().map(KeptFront::front);
                let lines = front.as_ref().map(FrontMatter::lines);
                locate(front.as_ref().zip(lines.as_ref()), path, Some(needle))
            }
        }
    }
}

#[derive(Clone, Debug)]
enum OwnedSeg {
    Key(String),
    Index(usize),
}

impl OwnedSeg {
    fn borrow(&self) -> Seg<'_> {
        match self {
            OwnedSeg::Key(k) => Seg::Key(k),
            OwnedSeg::Index(i) => Seg::Index(*i),
        }
    }
}

/// One map of front matter fields (the top level, or one `[[stance]]` table),
/// read field by field; problems go to the file's context.
pub struct Fields<'c, 'a> {
    ctx: &'c FileContext<'a>,
    map: Map<String, Value>,
    prefix: Vec<OwnedSeg>,
    /// How this map is named in messages: "note front matter", "`stance` 2".
    name: String,
}

impl<'c, 'a> Fields<'c, 'a> {
    pub fn new(ctx: &'c FileContext<'a>, map: Map<String, Value>) -> Self {
        Fields {
            ctx,
            map,
            prefix: Vec::new(),
            name: ctx.name.clone(),
        }
    }

    fn path_to(&self, key: &str) -> Vec<OwnedSeg> {
        let mut path = Vec::with_capacity(self.prefix.len() + 1);
        path.extend_from_slice(&self.prefix);
        path.push(OwnedSeg::Key(key.to_string()));
        path
    }

    /// An error at the value of `key` (where the file starts when it is
    /// not written), with `help`.
    pub fn error_at(&self, key: &str, message: impl Into<String>, help: impl Into<String>) {
        let pos = match self.map.contains_key(key) {
            true => self.position(key, None),
            false => self.ctx.front.map_or(Position::new(1, 1), |f| f.start()),
        };
        self.ctx.push(self.ctx.error(pos, message).with_help(help));
    }

    /// Where the value of `key` is written; with `needle`, where that text is.
    pub fn position(&self, key: &str, needle: Option<&str>) -> Position {
        self.ctx.locate(&self.path_to(key), needle)
    }

    /// The place of the value of `key`, worked out only when asked.
    pub fn place(&self, key: &str) -> Place {
        let kept = self
            .ctx
            .kept
            .get_or_init(|| self.ctx.front.map(|f| f.keep()));
        Place(Located::Value {
            front: kept.clone(),
            path: self.path_to(key),
        })
    }

    /// Reports every key not in `allowed`, with the closest allowed key as a hint.
    pub fn reject_unknown(&self, allowed: &[&str]) {
        for key in self.map.keys() {
            if allowed.contains(&key.as_str()) {
                continue;
            }
            let pos = self.ctx.locate_key(&self.path_to(key));
            let d = self
                .ctx
                .error(pos, format!("unknown key `{key}` in {}", self.name));
            let known = match allowed.contains(&"extra") {
                true => format!(
                    "known keys: {}; {}",
                    allowed.join(", "),
                    self.ctx.format().extra_hint()
                ),
                false => format!("known keys: {}", allowed.join(", ")),
            };
            let d = d.with_suggestion(key, allowed.iter().copied(), Some(known));
            self.ctx.push(d);
        }
    }

    fn type_error(&self, key: &str, expected: &str, found: &Value) {
        let pos = self.position(key, None);
        self.ctx.push(self.ctx.error(
            pos,
            format!("`{key}` must be {expected}, found {}", describe(found)),
        ));
    }

    fn missing(&self, key: &str, example: &str) {
        let pos = match self.prefix.is_empty() {
            true => self.ctx.front.map_or(Position::new(1, 1), |f| f.start()),
            false => self.ctx.locate(&self.prefix, None),
        };
        let help = match self.ctx.format() {
            Format::Toml => format!("add `{key} = {example}`"),
            Format::Yaml => format!("add `{key}: {}`", example.trim_matches('"')),
        };
        self.ctx.push(
            self.ctx
                .error(
                    pos,
                    format!("missing required key `{key}` in {}", self.name),
                )
                .with_help(help),
        );
    }

    pub fn string(&self, key: &str) -> Option<String> {
        match self.map.get(key)? {
            Value::String(s) => Some(s.clone()),
            other => {
                self.type_error(key, "a string", other);
                None
            }
        }
    }

    /// A string that must be present and not blank; `example` shows how to write it.
    pub fn required_string(&self, key: &str, example: &str) -> Option<String> {
        if !self.map.contains_key(key) {
            self.missing(key, example);
            return None;
        }
        let value = self.string(key)?;
        if value.trim().is_empty() {
            let pos = self.position(key, None);
            self.ctx
                .push(self.ctx.error(pos, format!("`{key}` must not be empty")));
            return None;
        }
        Some(value)
    }

    pub fn strings(&self, key: &str) -> Vec<String> {
        match self.map.get(key) {
            None => Vec::new(),
            Some(Value::Array(items)) => {
                let mut out = Vec::with_capacity(items.len());
                for item in items {
                    match item {
                        Value::String(s) => out.push(s.clone()),
                        other => {
                            self.type_error(key, "a list of strings", other);
                            return Vec::new();
                        }
                    }
                }
                out
            }
            Some(other) => {
                self.type_error(key, "a list of strings", other);
                Vec::new()
            }
        }
    }

    pub fn bool(&self, key: &str) -> bool {
        self.bool_or(key, false)
    }

    /// The boolean `key`, or `default` when it is absent or not a boolean.
    pub fn bool_or(&self, key: &str, default: bool) -> bool {
        match self.map.get(key) {
            None => default,
            Some(Value::Bool(b)) => *b,
            Some(other) => {
                self.type_error(key, "`true` or `false`", other);
                default
            }
        }
    }

    pub fn integer(&self, key: &str) -> Option<i64> {
        match self.map.get(key)? {
            Value::Number(n) if n.is_i64() => n.as_i64(),
            other => {
                self.type_error(key, "a whole number", other);
                None
            }
        }
    }

    pub fn date(&self, key: &str) -> Option<Date> {
        let text = self.string(key)?;
        let date = Date::parse(&text);
        if date.is_none() {
            let pos = self.position(key, None);
            self.ctx.push(
                self.ctx
                    .error(pos, format!("invalid date `{text}` in `{key}`"))
                    .with_help("write a date as YYYY-MM-DD, or RFC 3339 like 2025-05-16T09:30:00Z"),
            );
        }
        date
    }

    pub fn required_date(&self, key: &str) -> Option<Date> {
        if !self.map.contains_key(key) {
            self.missing(key, "2025-05-16");
            return None;
        }
        self.date(key)
    }

    /// A string that must be one of `choices`.
    pub fn choice(&self, key: &str, choices: &[&str]) -> Option<String> {
        let value = self.string(key)?;
        if choices.contains(&value.as_str()) {
            return Some(value);
        }
        self.push_unknown(
            key,
            &value,
            &format!("`{key}` value"),
            choices.iter().copied(),
        );
        None
    }

    /// Reports `value` of `key` as not one of `known`, suggesting the closest.
    pub fn push_unknown<'k>(
        &self,
        key: &str,
        value: &str,
        what: &str,
        known: impl IntoIterator<Item = &'k str>,
    ) {
        let pos = self.position(key, Some(value));
        let d = self.ctx.error(pos, format!("unknown {what} `{value}`"));
        let all: Vec<&str> = known.into_iter().collect();
        let listed = (all.len() <= 12).then(|| format!("expected one of: {}", all.join(", ")));
        self.ctx
            .push(d.with_suggestion(value, all.iter().copied(), listed));
    }

    /// The free-data table `key`, untouched.
    pub fn extra(&self, key: &str) -> Extra {
        match self.map.get(key) {
            None => Extra::new(),
            Some(Value::Object(map)) => map.clone(),
            Some(other) => {
                self.type_error(key, "a table", other);
                Extra::new()
            }
        }
    }

    /// The list of tables under `key` (`[[stance]]`), each as its own fields.
    pub fn tables(&self, key: &str, name: &str) -> Vec<Fields<'c, 'a>> {
        let items = match self.map.get(key) {
            None => return Vec::new(),
            Some(Value::Array(items)) => items,
            Some(Value::Object(map)) => {
                // A single table written as `[stance]` or `stance:` with a mapping.
                return vec![self.child(key, 0, name, map.clone())];
            }
            Some(other) => {
                self.type_error(key, "a list of tables", other);
                return Vec::new();
            }
        };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            match item {
                Value::Object(map) => out.push(self.child(key, i, name, map.clone())),
                other => self.type_error(key, "a list of tables", other),
            }
        }
        out
    }

    fn child(
        &self,
        key: &str,
        index: usize,
        name: &str,
        map: Map<String, Value>,
    ) -> Fields<'c, 'a> {
        let mut prefix = self.path_to(key);
        prefix.push(OwnedSeg::Index(index));
        Fields {
            ctx: self.ctx,
            map,
            prefix,
            name: format!("{name} {}", index + 1),
        }
    }

    pub fn contains(&self, key: &str) -> bool {
        self.map.contains_key(key)
    }

    pub fn raw(&self, key: &str) -> Option<&Value> {
        self.map.get(key)
    }

    pub fn ctx(&self) -> &'c FileContext<'a> {
        self.ctx
    }
}

/// How a value is named in "found ..." messages.
fn describe(value: &Value) -> String {
    match value {
        Value::Null => "nothing".to_string(),
        Value::Bool(b) => format!("the boolean `{b}`"),
        Value::Number(n) => format!("the number `{n}`"),
        Value::String(s) => format!("the string `{s}`"),
        Value::Array(_) => "a list".to_string(),
        Value::Object(_) => "a table".to_string(),
    }
}
