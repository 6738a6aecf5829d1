//! Explicit actor links in notes, `[[peskov]]` or `[[peskov|the spokesman]]`,
//! and the parts of Markdown (code, raw HTML) where prose analysis must not look.

use std::borrow::Borrow;
use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// An explicit link to an actor written in a note.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExplicitLink {
    /// The byte range of `[[...]]` in the text.
    pub range: Range<usize>,
    /// The actor id, as written.
    pub id: String,
    /// The text to show instead of the actor's name.
    pub label: Option<String>,
}

impl ExplicitLink {
    /// The text the link shows for its actor, named `name`: its label, or else the name.
    pub fn shown<'a>(&'a self, name: &'a str) -> &'a str {
        self.label.as_deref().unwrap_or(name)
    }
}

/// Every `[[id]]` and `[[id|label]]` of Markdown `text`, outside code.
pub fn explicit_links(text: &str) -> Vec<ExplicitLink> {
    explicit_links_outside(text, || code_ranges(text))
}

/// [`explicit_links`] of Markdown `text` whose code `code` gives, as
/// [`code_ranges`] does (asked for only when the text has a `[[`).
pub fn explicit_links_outside(
    text: &str,
    code: impl FnOnce() -> Vec<Range<usize>>,
) -> Vec<ExplicitLink> {
    if !text.contains("[[") {
        return Vec::new();
    }
    let code = code();
    let mut links = Vec::new();
    let mut at = 0;
    while let Some(open) = text[at..].find("[[").map(|i| at + i) {
        let Some(close) = text[open + 2..].find("]]").map(|i| open + 2 + i) else {
            break;
        };
        let inner = &text[open + 2..close];
        at = close + 2;
        if inner.is_empty()
            || inner.contains(['\n', '[', ']'])
            || code.iter().any(|r| r.contains(&open))
        {
            at = open + 2;
            continue;
        }
        let (id, label) = match inner.split_once('|') {
            Some((id, label)) => (id.trim(), Some(label.trim().to_string())),
            None => (inner.trim(), None),
        };
        links.push(ExplicitLink {
            range: open..close + 2,
            id: id.to_string(),
            label,
        });
    }
    links
}

/// The Markdown extensions brief reads and renders with: what analysis
/// takes for code must be what is rendered as code.
pub fn markdown_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Byte ranges of code (blocks and inline) and raw HTML in Markdown `text`:
/// where prose analysis must not look.
pub fn code_ranges(text: &str) -> Vec<Range<usize>> {
    code_in(Parser::new_ext(text, markdown_options()).into_offset_iter())
}

/// [`code_ranges`] of Markdown already parsed: its events with their byte
/// ranges in the source, as pulldown-cmark's offset iterator gives them.
pub fn code_ranges_in(events: &[(Event<'_>, Range<usize>)]) -> Vec<Range<usize>> {
    code_in(events.iter().map(|(event, range)| (event, range.clone())))
}

/// The code and raw HTML among `events`, read as they come: a document's
/// events need not be kept to find its code.
fn code_in<'e, E: Borrow<Event<'e>>>(
    events: impl Iterator<Item = (E, Range<usize>)>,
) -> Vec<Range<usize>> {
    let mut ranges: Vec<Range<usize>> = Vec::new();
    let mut block: Option<usize> = None;
    for (event, range) in events {
        match event.borrow() {
            Event::Start(Tag::CodeBlock(_)) => block = Some(range.start),
            Event::End(TagEnd::CodeBlock) => {
                ranges.push(block.take().unwrap_or(range.start)..range.end);
            }
            Event::Code(_) | Event::Html(_) | Event::InlineHtml(_) => ranges.push(range),
            _ => {}
        }
    }
    ranges
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explicit_links_outside_code() {
        let text = "See [[peskov]] and [[russia|Moscow]], not `[[code]]`.";
        let links = explicit_links(text);
        assert_eq!(links.len(), 2);
        assert_eq!(&text[links[0].range.clone()], "[[peskov]]");
        assert_eq!(links[1].id, "russia");
        assert_eq!(links[1].label.as_deref(), Some("Moscow"));
    }
}
