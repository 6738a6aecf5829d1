//! The few words around a mention that an actor page shows, as a reader of
//! the document sees them: a Markdown body's markup is gone (list markers,
//! emphasis, link targets) and an explicit link `[[id|label]]` reads as its
//! label, or as the actor's name.

use std::borrow::Cow;
use std::ops::Range;

use pulldown_cmark::{Event, Parser};

use super::facts::Doc;
use crate::content::{explicit_links, markdown_options};
use crate::diagnostic::floor_char_boundary;
use crate::model::{Corpus, TextFormat};
use crate::render::markdown::is_block;

/// How many characters of context a snippet shows on each side.
const SNIPPET: usize = 90;

/// About [`SNIPPET`] characters either side of byte `at` of `doc`'s body, on
/// word boundaries, with an ellipsis where the text goes on.
pub fn snippet(corpus: &Corpus, doc: Doc, at: usize) -> String {
    let body = doc.body(corpus);
    let format = match doc {
        Doc::Note(_) => TextFormat::Markdown,
        Doc::Article(i) => corpus.articles[i].format,
    };
    match format {
        TextFormat::Plain => around(body, at),
        TextFormat::Markdown => {
            let (text, at) = read_block(body, at, |id| corpus.actor(id).map(|a| a.name.as_str()));
            around(&text, at)
        }
    }
}

/// The text a reader sees of the Markdown block (the lines between blank
/// lines) around byte `at` of `body`, and where `at` lands in it; `name`
/// gives the name shown for an explicit link without a label.
fn read_block<'n>(
    body: &str,
    at: usize,
    name: impl Fn(&str) -> Option<&'n str>,
) -> (String, usize) {
    let Range {
        start: from,
        end: to,
    } = block_around(body, at);
    let (block, at) = with_links_as_shown(&body[from..to], at - from, name);
    let mut text = String::with_capacity(block.len());
    let mut landed = None;
    for (event, range) in Parser::new_ext(&block, markdown_options()).into_offset_iter() {
        match event {
            Event::Text(t) | Event::Code(t) => {
                if landed.is_none() && range.end > at {
                    let inside = at.saturating_sub(range.start).min(t.len());
                    landed = Some(text.len() + floor_char_boundary(&t, inside));
                }
                text.push_str(&t);
            }
            // A block (a paragraph, an item, a table cell, a heading) reads
            // apart from the text before it.
            Event::Start(tag) if is_block(&tag) => text.push(' '),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    let landed = landed.unwrap_or(text.len());
    (text, landed)
}

/// The lines of `body` around byte `at` that no blank line (one of white
/// space only, whatever its line ending) separates from it.
fn block_around(body: &str, at: usize) -> Range<usize> {
    let mut block = 0..body.len();
    let mut line_start = 0;
    for line in body.split_inclusive('\n') {
        let line_end = line_start + line.len();
        if line.trim().is_empty() {
            if line_end <= at {
                block.start = line_end;
            } else if line_start > at {
                block.end = line_start;
                break;
            }
        }
        line_start = line_end;
    }
    block
}

/// `block` with each explicit link to an actor replaced by the text it
/// shows (a link to no known actor stays as written, as on its page), and
/// where byte `at` lands in it (at a link's start when it falls inside one).
fn with_links_as_shown<'b, 'n>(
    block: &'b str,
    at: usize,
    name: impl Fn(&str) -> Option<&'n str>,
) -> (Cow<'b, str>, usize) {
    let links: Vec<_> = explicit_links(block)
        .into_iter()
        .filter_map(|link| Some((name(&link.id)?, link)))
        .collect();
    if links.is_empty() {
        return (Cow::Borrowed(block), at);
    }
    let mut out = String::with_capacity(block.len());
    let mut moved = at;
    let mut copied = 0;
    for (name, link) in &links {
        out.push_str(&block[copied..link.range.start]);
        let shown = link.shown(name);
        if link.range.contains(&at) {
            moved = out.len();
        } else if link.range.end <= at {
            moved = moved + shown.len() - link.range.len();
        }
        out.push_str(shown);
        copied = link.range.end;
    }
    out.push_str(&block[copied..]);
    (Cow::Owned(out), moved)
}

/// About [`SNIPPET`] characters of `text` either side of byte `at`, whole
/// words only, its white space collapsed.
fn around(text: &str, at: usize) -> String {
    let at = floor_char_boundary(text, at);
    let start = text[..at]
        .char_indices()
        .rev()
        .take(SNIPPET)
        .last()
        .map_or(at, |(i, _)| i);
    let end = text[at..]
        .char_indices()
        .nth(SNIPPET)
        .map_or(text.len(), |(i, _)| at + i);
    let mut words: Vec<&str> = text[start..end].split_whitespace().collect();
    // A word cut by the window is dropped, unless it is the only one.
    if start > 0 && words.len() > 1 {
        words.remove(0);
    }
    if end < text.len() && words.len() > 1 {
        words.pop();
    }
    let mut out = words.join(" ");
    if start > 0 {
        out.insert_str(0, "… ");
    }
    if end < text.len() {
        out.push_str(" …");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(id: &str) -> Option<&'static str> {
        (id == "dmitry-peskov").then_some("Dmitry Peskov")
    }

    fn read(body: &str, at: usize) -> String {
        let (text, at) = read_block(body, at, names);
        around(&text, at)
    }

    #[test]
    fn explicit_links_read_as_their_label_or_the_name() {
        let body =
            "Intro.\n\nAs [[dmitry-peskov|the spokesman]] said, and [[dmitry-peskov]] agreed.\n";
        let at = body.find("[[dmitry-peskov]]").unwrap();
        assert_eq!(
            read(body, at),
            "As the spokesman said, and Dmitry Peskov agreed."
        );
        assert_eq!(
            read(body, body.find("[[").unwrap()),
            "As the spokesman said, and Dmitry Peskov agreed."
        );
    }

    #[test]
    fn a_link_to_no_known_actor_stays_as_written() {
        assert_eq!(read("As [[nobody]] said.", 3), "As [[nobody]] said.");
    }

    #[test]
    fn markup_is_gone_and_only_the_block_is_read() {
        let body = "# Heading\n\n- **Russia** said *no* to [the talks](https://example.org/t).\n- `Kyiv` waited.\n\nNext paragraph.\n";
        let at = body.find("Russia").unwrap();
        assert_eq!(read(body, at), "Russia said no to the talks. Kyiv waited.");
    }

    #[test]
    fn table_cells_read_as_words_apart() {
        let body = "| Actor | Line |\n|---|---|\n| France | Calls to Erdoğan |\n| UK | Welcomes efforts |\n";
        let at = body.find("Erdoğan").unwrap();
        assert_eq!(
            read(body, at),
            "Actor Line France Calls to Erdoğan UK Welcomes efforts"
        );
    }

    #[test]
    fn a_heading_reads_apart_from_the_line_under_it() {
        let body = "## Talks\nRussia said no.\n";
        assert_eq!(
            read(body, body.find("Russia").unwrap()),
            "Talks Russia said no."
        );
    }

    #[test]
    fn blocks_end_at_any_blank_line() {
        let body = "First.\r\n\r\nRussia said no.\r\nAgain.\r\n  \r\nLast.\r\n";
        assert_eq!(
            read(body, body.find("Russia").unwrap()),
            "Russia said no. Again."
        );
    }

    #[test]
    fn long_text_is_cut_on_words_around_the_mention() {
        let before = "word ".repeat(40);
        let after = " more".repeat(40);
        let body = format!("{before}Peskov said{after}");
        let at = body.find("Peskov").unwrap();
        let snippet = around(&body, at);
        assert!(snippet.starts_with("… word"), "{snippet}");
        assert!(snippet.ends_with("more …"), "{snippet}");
        assert!(snippet.contains("Peskov said"), "{snippet}");
        assert!(!snippet.contains("wor "), "no cut word: {snippet}");
        // The mention sits in the middle of what is shown.
        let (left, right) = snippet.split_once("Peskov").unwrap();
        assert!(
            left.chars().count().abs_diff(right.chars().count()) < 20,
            "{snippet}"
        );
    }

    #[test]
    fn plain_text_keeps_its_characters() {
        assert_eq!(
            around("A *starred* #tag_name.", 2),
            "A *starred* #tag_name."
        );
    }
}
