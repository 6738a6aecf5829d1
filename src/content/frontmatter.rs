//! Front matter: finding the block at the top of a file, parsing it as TOML
//! (`+++`) or YAML (`---`) into a generic map, and mapping positions inside the
//! block back to lines and columns of the file.
//!
//! Both formats parse into a `serde_json` map, so the typed fields of each kind
//! of item are read one way whatever the format. Keys carry no spans after
//! parsing, so positions of keys and values are found again in the block's text
//! ([`FrontMatter::locate`]); a position that cannot be found falls back to the
//! opening delimiter, never to a wrong line.

use std::sync::Arc;

use serde_json::{Map, Value};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::diagnostic::{Position, floor_char_boundary};

/// The syntax of a front matter block.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Toml,
    Yaml,
}

impl Format {
    fn delimiter(self) -> &'static str {
        match self {
            Format::Toml => "+++",
            Format::Yaml => "---",
        }
    }

    /// How free data is written in this format, for hints.
    pub fn extra_hint(self) -> &'static str {
        match self {
            Format::Toml => "put free data in an `[extra]` table",
            Format::Yaml => "put free data under an `extra:` mapping",
        }
    }
}

/// A file split into its front matter block and its body.
#[derive(Debug)]
pub struct Split<'a> {
    pub front: Option<FrontMatter<'a>>,
    pub body: &'a str,
    /// Byte offset of the body in the file.
    pub body_offset: usize,
}

/// The text of a front matter block and where it sits in its file.
#[derive(Clone, Copy, Debug)]
pub struct FrontMatter<'a> {
    pub format: Format,
    /// The block between the delimiter lines.
    pub text: &'a str,
    /// Byte offset of `text` in the file.
    pub offset: usize,
    /// The whole file, for positions.
    file: &'a str,
}

/// A front matter block kept past the parse of its file: the file up to the
/// end of the block, which is all that positions in the block depend on.
#[derive(Clone, Debug)]
pub struct KeptFront {
    format: Format,
    head: Arc<str>,
    offset: usize,
}

impl KeptFront {
    /// The block, as it was in its file.
    pub fn front(&self) -> FrontMatter<'_> {
        FrontMatter {
            format: self.format,
            text: &self.head[self.offset..],
            offset: self.offset,
            file: &self.head,
        }
    }
}

/// One step of a path to a value: a key of a map or an index of a list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Seg<'a> {
    Key(&'a str),
    Index(usize),
}

/// Splits `file` (already stripped of a byte-order mark) into front matter and body.
///
/// A file whose first line is `+++` or `---` must close the block with the same
/// line; otherwise the whole file is body.
pub fn split(file: &str) -> Result<Split<'_>, (Position, String, String)> {
    let format = match first_line(file) {
        "+++" => Format::Toml,
        "---" => Format::Yaml,
        _ => {
            return Ok(Split {
                front: None,
                body: file,
                body_offset: 0,
            });
        }
    };
    // The line after `at`: where the next line starts, or the file's end.
    let next_line = |at: usize| {
        memchr::memchr(b'\n', &file.as_bytes()[at..]).map_or(file.len(), |i| at + i + 1)
    };
    let start = next_line(0);
    let mut at = start;
    while at < file.len() {
        let end = next_line(at);
        if file[at..end].trim_end() == format.delimiter() {
            return Ok(Split {
                front: Some(FrontMatter {
                    format,
                    text: &file[start..at],
                    offset: start,
                    file,
                }),
                body: &file[end..],
                body_offset: end,
            });
        }
        at = end;
    }
    let delimiter = format.delimiter();
    Err((
        Position::new(1, 1),
        format!("front matter opened with `{delimiter}` is never closed"),
        format!("add a line `{delimiter}` after the last front matter line"),
    ))
}

fn first_line(file: &str) -> &str {
    file.lines().next().unwrap_or("").trim_end()
}

impl<'a> FrontMatter<'a> {
    /// The block, kept apart from its file.
    pub fn keep(&self) -> KeptFront {
        KeptFront {
            format: self.format,
            head: self.file[..self.offset + self.text.len()].into(),
            offset: self.offset,
        }
    }

    /// Wraps a whole file (such as `brief.toml`) as a TOML block.
    pub fn whole_toml(file: &'a str) -> Self {
        FrontMatter {
            format: Format::Toml,
            text: file,
            offset: 0,
            file,
        }
    }

    /// The position in the file of byte `offset` of the block.
    pub fn position_of(&self, offset: usize) -> Position {
        Position::of_offset(self.file, self.offset + offset)
    }

    /// The position of the opening delimiter (always the file's first line):
    /// where whole-block problems point.
    pub fn start(&self) -> Position {
        Position::new(1, 1)
    }

    /// Parses the block into a map of top-level keys.
    pub fn parse(&self) -> Result<Map<String, Value>, (Position, String)> {
        match self.format {
            Format::Toml => {
                // The parser's own tree, converted as it is: through serde,
                // each value would be made twice (a `toml::Value`, then JSON).
                let table = toml::de::DeTable::parse(self.text).map_err(|e| {
                    let pos = e.span().map_or(self.start(), |s| self.position_of(s.start));
                    (
                        pos,
                        format!("invalid TOML: {}", first_sentence(e.message())),
                    )
                })?;
                self.toml_table(table.into_inner())
            }
            Format::Yaml => {
                if self.text.trim().is_empty() {
                    return Ok(Map::new());
                }
                let value: serde_norway::Value =
                    serde_norway::from_str(self.text).map_err(|e| {
                        let pos = e
                            .location()
                            .map_or(self.start(), |l| self.position_of(l.index()));
                        let message = e.to_string();
                        let message = message.split(" at line ").next().unwrap_or(&message);
                        (pos, format!("invalid YAML: {message}"))
                    })?;
                match yaml_to_json(value) {
                    Value::Object(map) => Ok(map),
                    Value::Null => Ok(Map::new()),
                    _ => Err((
                        self.start(),
                        "front matter must be a mapping of keys to values".to_string(),
                    )),
                }
            }
        }
    }

    /// A TOML table of the block as a JSON map, in key order.
    fn toml_table(&self, table: DeTable<'_>) -> Result<Map<String, Value>, (Position, String)> {
        table
            .into_iter()
            .map(|(key, value)| Ok((key.into_inner().into_owned(), self.toml_value(value)?)))
            .collect()
    }

    /// A TOML value of the block as JSON: a date or time as its TOML text,
    /// a float that JSON cannot hold (infinite, not a number) as null.
    fn toml_value(&self, value: Spanned<DeValue<'_>>) -> Result<Value, (Position, String)> {
        let at = value.span().start;
        let error = |message: String| (self.position_of(at), message);
        Ok(match value.into_inner() {
            DeValue::String(s) => Value::String(s.into_owned()),
            DeValue::Integer(i) => match i64::from_str_radix(i.as_str(), i.radix()) {
                Ok(n) => Value::from(n),
                Err(_) => {
                    return Err(error(format!(
                        "invalid TOML: the integer {i} does not fit in 64 bits"
                    )));
                }
            },
            DeValue::Float(f) => match f.as_str().parse::<f64>() {
                Ok(x) if x.is_infinite() && !f.as_str().contains("inf") => {
                    return Err(error(
                        "invalid TOML: floating-point number overflowed".into(),
                    ));
                }
                Ok(x) => serde_json::Number::from_f64(x).map_or(Value::Null, Value::Number),
                Err(_) => {
                    return Err(error(format!(
                        "invalid TOML: the float {f} is not a number"
                    )));
                }
            },
            DeValue::Boolean(b) => Value::Bool(b),
            DeValue::Datetime(d) => Value::String(d.to_string()),
            DeValue::Array(items) => Value::Array(
                items
                    .into_iter()
                    .map(|v| self.toml_value(v))
                    .collect::<Result<_, _>>()?,
            ),
            DeValue::Table(table) => Value::Object(self.toml_table(table)?),
        })
    }

    /// Where the value at `path` is written; with `needle`, where that text
    /// occurs inside the value (an element of a list, say).
    ///
    /// Falls back to the key, then to the enclosing table, then to the block start.
    pub fn locate(&self, path: &[Seg<'_>], needle: Option<&str>) -> Position {
        self.locate_in(&self.lines(), path, needle)
    }

    /// The block's lines, for [`FrontMatter::locate_in`]: a file whose many
    /// values are located splits its lines once.
    pub fn lines(&self) -> Lines<'a> {
        Lines::new(self.text)
    }

    /// [`FrontMatter::locate`] with the block's `lines` already split.
    pub fn locate_in(&self, lines: &Lines<'_>, path: &[Seg<'_>], needle: Option<&str>) -> Position {
        let found = match self.format {
            Format::Toml => locate_toml(lines, path),
            Format::Yaml => locate_yaml(lines, path),
        };
        let Some(found) = found else {
            return self.start();
        };
        let offset = needle
            .and_then(|n| find_in_value(self.text, found.value, n))
            .unwrap_or(found.value);
        self.position_in(lines, offset)
    }

    /// [`FrontMatter::position_of`] with the block's `lines` already split:
    /// the line is looked up among them, not counted from the file's start.
    fn position_in(&self, lines: &Lines<'_>, offset: usize) -> Position {
        let opens_line = self.offset == 0 || self.file.as_bytes()[self.offset - 1] == b'\n';
        if !opens_line {
            return self.position_of(offset);
        }
        let offset = floor_char_boundary(self.text, offset.min(self.text.len()));
        let start = self.text[..offset].rfind('\n').map_or(0, |i| i + 1);
        let i = lines.lines.partition_point(|&(s, _)| s < start);
        let above = self.file[..self.offset].matches('\n').count();
        Position::new(above + i + 1, self.text[start..offset].chars().count() + 1)
    }

    /// Where the key at `path` is written (for unknown keys).
    pub fn locate_key(&self, path: &[Seg<'_>]) -> Position {
        let found = match self.format {
            Format::Toml => locate_toml(&self.lines(), path),
            Format::Yaml => locate_yaml(&self.lines(), path),
        };
        found.map_or(self.start(), |f| self.position_of(f.key))
    }
}

fn first_sentence(message: &str) -> String {
    message.trim().lines().next().unwrap_or("").to_string()
}

/// Converts YAML to JSON.
fn yaml_to_json(value: serde_norway::Value) -> Value {
    use serde_norway::Value as Y;
    match value {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else {
                n.as_f64()
                    .and_then(serde_json::Number::from_f64)
                    .map_or(Value::Null, Value::Number)
            }
        }
        Y::String(s) => Value::String(s),
        Y::Sequence(seq) => Value::Array(seq.into_iter().map(yaml_to_json).collect()),
        Y::Mapping(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| (yaml_key(k), yaml_to_json(v)))
                .collect(),
        ),
        Y::Tagged(tagged) => yaml_to_json(tagged.value),
    }
}

fn yaml_key(key: serde_norway::Value) -> String {
    match key {
        serde_norway::Value::String(s) => s,
        other => serde_norway::to_string(&other)
            .unwrap_or_default()
            .trim()
            .to_string(),
    }
}

/// Byte offsets of a key and of its value inside the block.
#[derive(Clone, Copy)]
struct Found {
    key: usize,
    value: usize,
}

/// The block's lines with their byte offsets.
pub struct Lines<'a> {
    lines: Vec<(usize, &'a str)>,
    /// The indices of the lines that are TOML table headers, in order: a
    /// note locates each of its stances' keys among them.
    headers: Vec<usize>,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Self {
        let mut lines = Vec::new();
        let mut at = 0;
        for line in text.split_inclusive('\n') {
            lines.push((at, line.trim_end_matches(['\n', '\r'])));
            at += line.len();
        }
        let headers = (0..lines.len())
            .filter(|&i| is_toml_header(lines[i].1))
            .collect();
        Lines { lines, headers }
    }

    /// The TOML table headers named `name`, `[[name]]` if `array`, as line indices.
    fn headers_named<'s>(&'s self, name: &'s str, array: bool) -> impl Iterator<Item = usize> + 's {
        self.headers
            .iter()
            .copied()
            .filter(move |&h| toml_header_name(self.lines[h].1) == Some((name, array)))
    }
}

/// Matches `key = value` (TOML) or `key: value` (YAML) at the start of `line`
/// after `indent` bytes; returns offsets of the key and the value in the line.
fn key_at(line: &str, key: &str, separator: char) -> Option<(usize, usize)> {
    let trimmed = line.trim_start();
    let indent = line.len() - trimmed.len();
    // The key bare or in either quotes; every line of a block is tried, so
    // nothing is allocated.
    let key_len = [None, Some('"'), Some('\'')].into_iter().find_map(|mark| {
        let rest = mark.map_or(Some(trimmed), |m| trimmed.strip_prefix(m))?;
        let rest = rest.strip_prefix(key)?;
        let rest = mark.map_or(Some(rest), |m| rest.strip_prefix(m))?;
        Some(trimmed.len() - rest.len())
    })?;
    let after = &trimmed[key_len..];
    let after_trim = after.trim_start();
    let after_sep = after_trim.strip_prefix(separator)?;
    let value_start = indent + key_len + (after.len() - after_trim.len()) + 1;
    let value_ws = after_sep.len() - after_sep.trim_start().len();
    Some((indent, value_start + value_ws))
}

fn is_toml_header(line: &str) -> bool {
    line.trim_start().starts_with('[')
}

fn toml_header_name(line: &str) -> Option<(&str, bool)> {
    let t = line.trim();
    if let Some(inner) = t.strip_prefix("[[") {
        let name = inner.split("]]").next()?.trim();
        return Some((name.trim_matches('"'), true));
    }
    let inner = t.strip_prefix('[')?;
    Some((inner.split(']').next()?.trim().trim_matches('"'), false))
}

fn locate_toml(lines: &Lines<'_>, path: &[Seg<'_>]) -> Option<Found> {
    let Some(Seg::Key(first)) = path.first() else {
        return None;
    };
    // A top-level key, before any table header.
    let mut range = 0..lines.lines.len();
    let mut key = *first;
    let rest = &path[1..];
    if let [Seg::Index(i), Seg::Key(k), ..] = rest {
        // `[[first]]` number `i`, then key `k` inside it.
        if let Some(h) = lines.headers_named(first, true).nth(*i) {
            let end = next_header(lines, h + 1);
            range = h + 1..end;
            key = k;
        }
    } else if let [Seg::Key(k), ..] = rest {
        // `[first]` then key `k`.
        if let Some(h) = lines.headers_named(first, false).next() {
            range = h + 1..next_header(lines, h + 1);
            key = k;
        }
    } else {
        range = 0..next_header(lines, 0);
    }
    lines.lines[range].iter().find_map(|(at, line)| {
        key_at(line, key, '=').map(|(k, v)| Found {
            key: at + k,
            value: at + v,
        })
    })
}

/// The index of the first table header at or after line `from`, or the end.
fn next_header(lines: &Lines<'_>, from: usize) -> usize {
    let i = lines.headers.partition_point(|&h| h < from);
    lines.headers.get(i).copied().unwrap_or(lines.lines.len())
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

fn locate_yaml(lines: &Lines<'_>, path: &[Seg<'_>]) -> Option<Found> {
    let Some(Seg::Key(first)) = path.first() else {
        return None;
    };
    let top = lines
        .lines
        .iter()
        .position(|(_, l)| indent_of(l) == 0 && key_at(l, first, ':').is_some())?;
    let (at, line) = lines.lines[top];
    let (k, v) = key_at(line, first, ':')?;
    let found = Found {
        key: at + k,
        value: at + v,
    };
    let [Seg::Index(i), Seg::Key(inner), ..] = &path[1..] else {
        return Some(found);
    };
    // The block of the list under `first`: lines more indented, or `- ` at indent 0.
    let end = (top + 1..lines.lines.len())
        .find(|&j| {
            let l = lines.lines[j].1;
            !l.trim().is_empty() && indent_of(l) == 0 && !l.starts_with('-')
        })
        .unwrap_or(lines.lines.len());
    let items: Vec<usize> = (top + 1..end)
        .filter(|&j| {
            lines.lines[j].1.trim_start().starts_with("- ") || lines.lines[j].1.trim() == "-"
        })
        .collect();
    let item_indent = items.first().map(|&j| indent_of(lines.lines[j].1))?;
    let items: Vec<usize> = items
        .into_iter()
        .filter(|&j| indent_of(lines.lines[j].1) == item_indent)
        .collect();
    let Some(&start) = items.get(*i) else {
        return Some(found);
    };
    let stop = items.get(i + 1).copied().unwrap_or(end);
    for j in start..stop {
        let (at, l) = lines.lines[j];
        let body = if j == start {
            let dash = l.find('-').unwrap_or(0);
            (&l[dash + 1..], dash + 1)
        } else {
            (l, 0)
        };
        if let Some((k, v)) = key_at(body.0, inner, ':') {
            return Some(Found {
                key: at + body.1 + k,
                value: at + body.1 + v,
            });
        }
    }
    Some(Found {
        key: lines.lines[start].0,
        value: lines.lines[start].0,
    })
}

/// Where `needle` is written in the value starting at `from`: searched up to the
/// next line that starts a new key.
fn find_in_value(text: &str, from: usize, needle: &str) -> Option<usize> {
    let rest = &text[from..];
    let mut end = rest.len();
    let mut at = rest.find('\n').map_or(rest.len(), |i| i + 1);
    while at < rest.len() {
        let line = &rest[at..];
        let line = line.split('\n').next().unwrap_or(line);
        let t = line.trim_start();
        let new_key =
            (t.contains('=') || t.contains(':')) && !t.starts_with('-') && !t.starts_with('"')
                || t.starts_with('[');
        if new_key && !t.is_empty() {
            end = at;
            break;
        }
        at += line.len() + 1;
    }
    let window = &rest[..end.min(rest.len())];
    // `needle` between two `mark`s: the position of its first byte.
    let quoted = |mark: char| {
        window.match_indices(mark).find_map(|(i, _)| {
            let rest = &window[i + 1..];
            let closed = rest.strip_prefix(needle)?.starts_with(mark);
            closed.then_some(i + 1)
        })
    };
    let at = quoted('"')
        .or_else(|| quoted('\''))
        .or_else(|| window.find(needle));
    at.map(|i| from + i)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// TOML as JSON through serde and `toml::Value`, as the block was
    /// converted before it read the parser's tree.
    fn through_serde(text: &str) -> Value {
        fn json(value: toml::Value) -> Value {
            match value {
                toml::Value::String(s) => Value::String(s),
                toml::Value::Integer(i) => Value::from(i),
                toml::Value::Float(f) => {
                    serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)
                }
                toml::Value::Boolean(b) => Value::Bool(b),
                toml::Value::Datetime(d) => Value::String(d.to_string()),
                toml::Value::Array(a) => Value::Array(a.into_iter().map(json).collect()),
                toml::Value::Table(t) => {
                    Value::Object(t.into_iter().map(|(k, v)| (k, json(v))).collect())
                }
            }
        }
        json(toml::Value::Table(toml::from_str(text).unwrap()))
    }

    #[test]
    fn toml_reads_as_serde_reads_it() {
        let text = r#"
title = "Tab\t, quote \" and \u00e9"
literal = 'C:\path'
multi = """
two
lines"""
ints = [0, -17, +42, 1_000, 0x7FFF_FFFF_FFFF_FFFF, 0o755, 0b1010, -9223372036854775808]
floats = [0.5, -1e-3, 6.02E23, 1_000.5, inf, -inf, nan, +0.0]
yes = true
dates = [1979-05-27, 1979-05-27T07:32:00Z, 1979-05-27T00:32:00.999999-07:00, 1979-05-27T07:32:00, 07:32:00]
nested = [[1, 2], ["a"], []]
inline = { b = 1, a = { c = "d" } }
"quoted key" = 1

[extra]
zulu = 1
alpha = [1979-05-27]

[[stance]]
actor = "x"

[[stance]]
actor = "y"
confidence = 0.7
"#;
        let block = FrontMatter::whole_toml(text);
        assert_eq!(Value::Object(block.parse().unwrap()), through_serde(text));
    }

    #[test]
    fn numbers_toml_reads_but_json_cannot_hold_are_errors_at_their_place() {
        for (text, message) in [
            (
                "x = 1\nbig = 99999999999999999999\n",
                "does not fit in 64 bits",
            ),
            ("x = 1\nbig = 1e400\n", "floating-point number overflowed"),
        ] {
            let (at, error) = FrontMatter::whole_toml(text).parse().unwrap_err();
            assert_eq!(at, Position::new(2, 7), "{text}");
            assert!(error.contains(message), "{error}");
        }
    }

    #[test]
    fn keys_are_found_bare_or_quoted_and_whole() {
        assert_eq!(key_at("  actor = \"x\"", "actor", '='), Some((2, 10)));
        assert_eq!(key_at("\"actor\"=x", "actor", '='), Some((0, 8)));
        assert_eq!(key_at("'actor' :  x", "actor", ':'), Some((0, 11)));
        assert_eq!(key_at("actors = []", "actor", '='), None);
        assert_eq!(key_at("\"actor' = x", "actor", '='), None);
    }

    fn fm(file: &str) -> FrontMatter<'_> {
        split(file).unwrap().front.unwrap()
    }

    #[test]
    fn splits_toml_and_yaml_blocks() {
        let s = split("+++\ntitle = \"a\"\n+++\nbody\n").unwrap();
        assert_eq!(s.front.unwrap().text, "title = \"a\"\n");
        assert_eq!(s.body, "body\n");
        let s = split("---\r\ntitle: a\r\n---\r\nbody").unwrap();
        assert_eq!(s.front.unwrap().format, Format::Yaml);
        assert_eq!(s.body, "body");
        assert!(split("just text").unwrap().front.is_none());
    }

    #[test]
    fn unclosed_blocks_are_errors() {
        let (pos, message, _) = split("+++\ntitle = 1\n").unwrap_err();
        assert_eq!(pos, Position::new(1, 1));
        assert_eq!(message, "front matter opened with `+++` is never closed");
    }

    #[test]
    fn locates_toml_keys_values_and_list_elements() {
        let f = fm(
            "+++\ntitle = \"x\"\narticles = [\"a\", \"b\"]\n\n[[stance]]\nactor = \"r\"\n\n[[stance]]\nactor = \"u\"\n+++\n",
        );
        assert_eq!(f.locate(&[Seg::Key("title")], None), Position::new(2, 9));
        assert_eq!(
            f.locate(&[Seg::Key("articles")], Some("b")),
            Position::new(3, 19)
        );
        assert_eq!(
            f.locate(
                &[Seg::Key("stance"), Seg::Index(1), Seg::Key("actor")],
                None
            ),
            Position::new(9, 9)
        );
        assert_eq!(f.locate_key(&[Seg::Key("title")]), Position::new(2, 1));
    }

    #[test]
    fn a_value_is_placed_by_its_line_as_by_counting_from_the_file_start() {
        for file in [
            "+++\ntitle = \"Türkiye\"\narticles = [\"a\", 'b', \"ab\"]\n+++\n",
            "---\r\ntitle: ğ\r\nstance:\r\n  - actor: r\r\n---\r\n",
        ] {
            let f = fm(file);
            let lines = f.lines();
            for offset in 0..=f.text.len() {
                assert_eq!(
                    f.position_in(&lines, offset),
                    f.position_of(offset),
                    "{file:?} at {offset}"
                );
            }
        }
        let f = FrontMatter::whole_toml("a = 1\nb = \"é\"\n");
        for offset in 0..=f.text.len() {
            assert_eq!(f.position_in(&f.lines(), offset), f.position_of(offset));
        }
    }

    #[test]
    fn a_needle_is_found_quoted_first() {
        let f = fm("+++\narticles = [\"ab\", 'b', \"b\"]\n+++\n");
        assert_eq!(
            f.locate(&[Seg::Key("articles")], Some("b")),
            Position::new(2, 25)
        );
        let f = fm("+++\narticles = [\"ab\", 'b']\n+++\n");
        assert_eq!(
            f.locate(&[Seg::Key("articles")], Some("b")),
            Position::new(2, 20)
        );
        let f = fm("+++\narticles = [ab]\n+++\n");
        assert_eq!(
            f.locate(&[Seg::Key("articles")], Some("b")),
            Position::new(2, 14)
        );
    }

    #[test]
    fn locates_yaml_keys_and_list_items() {
        let f = fm(
            "---\ntitle: x\nstance:\n  - actor: r\n    topic: t\n  - actor: u\n    topic: v\n---\n",
        );
        assert_eq!(f.locate(&[Seg::Key("title")], None), Position::new(2, 8));
        assert_eq!(
            f.locate(
                &[Seg::Key("stance"), Seg::Index(1), Seg::Key("topic")],
                None
            ),
            Position::new(7, 12)
        );
    }

    #[test]
    fn parse_errors_point_into_the_file() {
        let f = fm("+++\ntitle = \"x\"\ndate = \n+++\n");
        let (pos, message) = f.parse().unwrap_err();
        assert_eq!(pos.line, 3);
        assert!(message.starts_with("invalid TOML"), "{message}");
        let f = fm("---\ntitle: x\n  bad: [\n---\n");
        let (pos, _) = f.parse().unwrap_err();
        assert!(pos.line >= 3, "{pos:?}");
    }

    #[test]
    fn toml_dates_become_text() {
        let f = fm("+++\ndate = 2025-05-16\n+++\n");
        assert_eq!(f.parse().unwrap()["date"], "2025-05-16");
    }
}
