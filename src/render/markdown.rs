//! Markdown and plain-text bodies to HTML, with summaries and reading time.
//!
//! Markdown goes through pulldown-cmark with tables, footnotes, strikethrough,
//! task lists and heading ids (explicit `{#id}` or derived from the heading's
//! text, made unique). Fenced code is highlighted with CSS classes. Raw HTML is
//! sanitized and links with script URLs are dropped: article text is untrusted.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::BTreeSet;
use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Parser, Tag, TagEnd};

use super::annotate::{Annotations, Linked};
use super::highlight::{escape, escape_into, highlight};
use super::href;
use crate::content::{code_ranges_in, markdown_options};
use crate::lanes::{HIGH, equal, in_range, splat};

/// Source bytes per Markdown event, fewer than in a briefing's bodies, for
/// the room parsing sets aside up front: in the bench corpus, a note (lists,
/// tables, emphasis) makes an event every 19 bytes, and none of the 5,000
/// makes one every 16; an article of plain paragraphs, every 180.
const BYTES_PER_EVENT: usize = 16;

/// Words read per minute, for reading time.
const WORDS_PER_MINUTE: usize = 220;

/// A body rendered to HTML.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Rendered {
    pub html: String,
    /// The first paragraph, as HTML.
    pub summary_html: String,
    /// The first paragraph, as plain text (for descriptions and feeds).
    pub summary_text: String,
    pub words: usize,
    /// Whether the body has highlighted code (and so needs the syntax stylesheet).
    pub has_code: bool,
}

impl Rendered {
    /// Minutes to read, at least one.
    pub fn reading_minutes(&self) -> usize {
        self.words.div_ceil(WORDS_PER_MINUTE).max(1)
    }
}

/// Markdown parsed once, for both analysis and rendering: its events with
/// their byte ranges in the source.
pub struct Parsed<'a> {
    text: &'a str,
    events: Vec<(Event<'a>, Range<usize>)>,
}

impl<'a> Parsed<'a> {
    pub fn new(text: &'a str) -> Self {
        let events = Parser::new_ext(text, markdown_options()).into_offset_iter();
        // Room for every event at once: growing the list copies it each
        // time, and it lives only until the body is rendered.
        let mut merged = Vec::with_capacity(text.len() / BYTES_PER_EVENT + 16);
        merge_text(events, &mut merged);
        Parsed {
            text,
            events: merged,
        }
    }

    /// Where prose analysis must not look: code and raw HTML, as rendered.
    pub fn code_ranges(&self) -> Vec<Range<usize>> {
        code_ranges_in(&self.events)
    }

    /// Renders the Markdown as [`render_markdown`] does.
    pub fn render(self, annotations: Option<&Annotations>) -> Rendered {
        render_events(self.text, self.events, annotations)
    }
}

/// Renders Markdown; with `annotations`, marks quotes and links mentions in
/// the text (offsets are byte offsets into `text`).
pub fn render_markdown(text: &str, annotations: Option<&Annotations>) -> Rendered {
    Parsed::new(text).render(annotations)
}

/// Renders the parsed `events` of Markdown `text`.
fn render_events(
    text: &str,
    mut events: Vec<(Event<'_>, Range<usize>)>,
    annotations: Option<&Annotations>,
) -> Rendered {
    assign_heading_ids(&mut events);
    // The summary's text from the source's events: marking the text up
    // below turns it into HTML.
    let summary_text = first_paragraph(events.iter().map(|(event, _)| event))
        .map(|paragraph| paragraph_text(&events[paragraph]))
        .unwrap_or_default();
    let mut has_raw_html = false;
    let mut has_code = false;
    let mut words = WordCount::default();
    let mut out: Vec<Event<'_>> = Vec::with_capacity(events.len());
    let mut code: Option<(String, String)> = None;
    // Where mention links may not go: inside headings and links.
    let mut no_links = 0usize;
    let mut linked = Linked::default();
    // The HTML of every marked run, one after the other, and where each
    // goes in `out`: one buffer for the body, not a string per run.
    let mut runs = String::new();
    let mut placed: Vec<(usize, Range<usize>)> = Vec::new();
    for (event, range) in events {
        if let Some((lang, buffer)) = &mut code {
            match event {
                Event::Text(t) => buffer.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let body = highlight(buffer, lang);
                    has_code |= body.contains("class=\"hl-");
                    let class = if lang.is_empty() {
                        String::new()
                    } else {
                        format!(" class=\"language-{}\"", escape(lang))
                    };
                    out.push(Event::Html(CowStr::from(format!(
                        "<pre class=\"code\"><code{class}>{body}</code></pre>\n"
                    ))));
                    code = None;
                }
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => info.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((lang, String::new()));
            }
            Event::Html(_) | Event::InlineHtml(_) => {
                has_raw_html = true;
                out.push(event);
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                no_links += 1;
                let dest_url = if is_safe_url(&dest_url) {
                    absolute(dest_url, annotations)
                } else {
                    CowStr::from("")
                };
                out.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = if is_safe_url(&dest_url) || is_image_data_url(&dest_url) {
                    absolute(dest_url, annotations)
                } else {
                    CowStr::from("")
                };
                out.push(Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            Event::Start(ref tag) => {
                if matches!(tag, Tag::Heading { .. }) {
                    no_links += 1;
                }
                if is_block(tag) {
                    linked.clear();
                }
                out.push(event);
            }
            Event::Text(t) => {
                words.feed(&t);
                // Only text written as-is in the source can be marked by offset.
                let marked = annotations.filter(|a| {
                    a.touches(range.start, range.end) && text.get(range.clone()) == Some(&*t)
                });
                match (marked, annotations) {
                    (Some(a), _) => {
                        let start = runs.len();
                        a.render_into(&mut runs, &t, range.start, &mut linked, no_links == 0);
                        placed.push((out.len(), start..runs.len()));
                        out.push(Event::InlineHtml(CowStr::Borrowed("")));
                    }
                    // Text with escapes or entities no longer matches its source
                    // byte for byte: keep at least the anchors of quotes in it.
                    (None, Some(a)) => {
                        let anchors = a.anchors(range.start, range.end);
                        if !anchors.is_empty() {
                            out.push(Event::InlineHtml(CowStr::from(anchors)));
                        }
                        out.push(Event::Text(t));
                    }
                    (None, None) => out.push(Event::Text(t)),
                }
            }
            Event::Code(ref t) => {
                words.feed(t);
                out.push(event);
            }
            Event::End(
                TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Image,
            ) => out.push(event),
            Event::End(TagEnd::Link) => {
                no_links -= 1;
                out.push(event);
            }
            Event::End(tag) => {
                if matches!(tag, TagEnd::Heading(_)) {
                    no_links -= 1;
                }
                words.gap();
                out.push(event);
            }
            Event::SoftBreak | Event::HardBreak => {
                words.gap();
                out.push(event);
            }
            other => out.push(other),
        }
    }
    for (i, range) in placed {
        out[i] = Event::InlineHtml(CowStr::Borrowed(&runs[range]));
    }
    let summary_html = first_paragraph(out.iter())
        .map(|paragraph| {
            let paragraph = out[paragraph].iter().cloned();
            let html = exact_size(|html| pulldown_cmark::html::push_html(html, paragraph));
            if has_raw_html { sanitize(&html) } else { html }
        })
        .unwrap_or_default();
    let html = exact_size(|html| pulldown_cmark::html::push_html(html, out.into_iter()));
    let html = if has_raw_html { sanitize(&html) } else { html };
    Rendered {
        summary_text,
        summary_html,
        html,
        words: words.words,
        has_code,
    }
}

/// The words of a body's text, counted as `str::split_whitespace` counts
/// them in the text's pieces joined (with a space at each [`WordCount::gap`]),
/// without keeping the text.
#[derive(Default)]
struct WordCount {
    words: usize,
    in_word: bool,
}

impl WordCount {
    /// ASCII eight bytes at a time in a `u64`, a word starting at every
    /// byte that is not white space after one that is; eight bytes holding
    /// any other character are counted a character at a time.
    fn feed(&mut self, text: &str) {
        let bytes = text.as_bytes();
        let (mut words, mut in_word) = (self.words, self.in_word);
        let mut i = 0;
        while i < bytes.len() {
            let Some(&lane) = bytes[i..].first_chunk::<8>() else {
                (words, in_word) = count_chars(&text[i..], words, in_word);
                break;
            };
            let lane = u64::from_le_bytes(lane);
            if lane & HIGH == 0 {
                let word = !ascii_spaces(lane) & HIGH;
                let starts = word & !(word << 8 | u64::from(in_word) << 7);
                words += count_high_bits(starts);
                in_word = word >> 63 == 1;
                i += 8;
            } else {
                // To the first character boundary at or past the lane's end.
                let end = (i + 8..=bytes.len())
                    .find(|&end| text.is_char_boundary(end))
                    .unwrap_or(bytes.len());
                (words, in_word) = count_chars(&text[i..end], words, in_word);
                i = end;
            }
        }
        (self.words, self.in_word) = (words, in_word);
    }

    /// A break between words: the end of a block, a line break.
    fn gap(&mut self) {
        self.in_word = false;
    }
}

/// How many bytes of `lane` have their high bit set, when no other bit is:
/// the bytes as ones and zeros, summed into the top byte by one multiply.
/// (`count_ones` is a dozen instructions where the CPU baseline has no
/// `popcnt`, and it runs on every eight bytes of every body.)
fn count_high_bits(lane: u64) -> usize {
    ((lane >> 7).wrapping_mul(splat(1)) >> 56) as usize
}

/// The high bit of each byte of `lane` (eight ASCII bytes) that is white
/// space to `char::is_whitespace`: a space, or a byte from tab to carriage
/// return.
const fn ascii_spaces(lane: u64) -> u64 {
    equal(lane, b' ') | in_range(lane, b'\t', b'\r')
}

/// `words` and `in_word` after counting the words of `text` a character at
/// a time.
fn count_chars(text: &str, mut words: usize, mut in_word: bool) -> (usize, bool) {
    for c in text.chars() {
        let space = c.is_whitespace();
        words += usize::from(!space & !in_word);
        in_word = !space;
    }
    (words, in_word)
}

/// Returns true if and only if `tag` starts a block (where mention links restart).
pub fn is_block(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Paragraph
            | Tag::Heading { .. }
            | Tag::Item
            | Tag::TableCell
            | Tag::BlockQuote(_)
            | Tag::FootnoteDefinition(_)
    )
}

/// Joins runs of text events that are adjacent in the source, so a name or a
/// quote split by the parser (at `[`, `&`, ...) is one run again.
fn merge_text<'a>(
    events: impl Iterator<Item = (Event<'a>, Range<usize>)>,
    out: &mut Vec<(Event<'a>, Range<usize>)>,
) {
    for (event, range) in events {
        if let (Event::Text(next), Some((Event::Text(prev), prev_range))) = (&event, out.last_mut())
        {
            if prev_range.end == range.start {
                *prev = CowStr::from(format!("{prev}{next}"));
                prev_range.end = range.end;
                continue;
            }
        }
        out.push((event, range));
    }
}

/// Where the first top-level paragraph of `events` is, start and end included.
fn first_paragraph<'e>(
    events: impl Iterator<Item = &'e Event<'e>>,
) -> Option<std::ops::RangeInclusive<usize>> {
    let mut depth = 0;
    let mut start = None;
    for (i, event) in events.enumerate() {
        match event {
            Event::Start(Tag::Paragraph) if depth == 0 => start = Some(i),
            Event::End(TagEnd::Paragraph) if depth == 0 => {
                if let Some(s) = start {
                    return Some(s..=i);
                }
            }
            Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph) => {}
            Event::Start(_) => depth += 1,
            Event::End(_) => depth -= 1,
            _ => {}
        }
    }
    None
}

/// The text of the source events of a paragraph.
fn paragraph_text(events: &[(Event<'_>, Range<usize>)]) -> String {
    let mut text = String::new();
    for (event, _) in events {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::InlineHtml(h) => text.push_str(&text_of_html(h)),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text
}

/// The text of an HTML fragment: tags dropped, the escapes of [`escape`] undone.
fn text_of_html(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Gives every heading an id: its `{#id}` if written, else a slug of its text,
/// made unique within the document.
fn assign_heading_ids(events: &mut [(Event<'_>, Range<usize>)]) {
    let mut used = BTreeSet::new();
    for (event, _) in events.iter() {
        if let Event::Start(Tag::Heading { id: Some(id), .. }) = event {
            used.insert(id.to_string());
        }
    }
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { id: None, .. }) = &events[i].0 {
            let mut text = String::new();
            let mut j = i + 1;
            while j < events.len() && !matches!(events[j].0, Event::End(TagEnd::Heading(_))) {
                if let Event::Text(t) | Event::Code(t) = &events[j].0 {
                    text.push_str(t);
                }
                j += 1;
            }
            let base = match crate::content::slugify(&text) {
                s if s.is_empty() => "section".to_string(),
                s => s,
            };
            let mut id = base.clone();
            let mut n = 1;
            while used.contains(&id) {
                id = format!("{base}-{n}");
                n += 1;
            }
            used.insert(id.clone());
            if let Event::Start(Tag::Heading { id: slot, .. }) = &mut events[i].0 {
                *slot = Some(CowStr::from(id));
            }
            i = j;
        }
        i += 1;
    }
}

/// Link destination `url` made absolute against the page of `annotations`.
fn absolute<'e>(url: CowStr<'e>, annotations: Option<&Annotations<'_>>) -> CowStr<'e> {
    match annotations {
        Some(a) if !a.page_url.is_empty() => match href::absolute(a.page_url, &url) {
            Cow::Borrowed(_) => url,
            Cow::Owned(resolved) => CowStr::from(resolved),
        },
        _ => url,
    }
}

/// The schemes whose links [`is_safe_url`] refuses: they run script or
/// carry a document of their own.
const REFUSED_SCHEMES: [&str; 3] = ["javascript:", "vbscript:", "data:"];

/// The length of the longest of [`REFUSED_SCHEMES`].
const SCHEME_LEN: usize = {
    let (mut longest, mut i) = (0, 0);
    while i < REFUSED_SCHEMES.len() {
        if REFUSED_SCHEMES[i].len() > longest {
            longest = REFUSED_SCHEMES[i].len();
        }
        i += 1;
    }
    longest
};

/// Returns true if and only if `url` cannot run script when followed.
pub fn is_safe_url(url: &str) -> bool {
    // Browsers skip white space and control characters in a scheme; only
    // the first characters of what is left can name one.
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .take(SCHEME_LEN)
        .collect::<String>()
        .to_ascii_lowercase();
    !REFUSED_SCHEMES
        .iter()
        .any(|scheme| cleaned.starts_with(scheme))
}

fn is_image_data_url(url: &str) -> bool {
    url.trim_start()
        .to_ascii_lowercase()
        .starts_with("data:image/")
        && !url.to_ascii_lowercase().contains("svg")
}

/// The deepest nesting of elements that HTML is sanitized with as it is.
///
/// The HTML parser under ammonia takes time in the square of the depth, so a
/// hostile `<div><div>…` would stall a build; browsers stop nesting at 512
/// levels too. Deeper HTML keeps its text alone.
const MAX_DEPTH: usize = 512;

/// Removes script, style, event handlers and other active content from HTML.
pub fn sanitize(html: &str) -> String {
    if nesting_depth(html) > MAX_DEPTH {
        return text_of(html);
    }
    use std::sync::LazyLock;
    static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
        let mut b = ammonia::Builder::default();
        b.add_generic_attributes(["id", "class", "title", "lang", "dir"])
            .add_tags([
                "figure",
                "figcaption",
                "mark",
                "details",
                "summary",
                "section",
                "input",
            ])
            .add_tag_attributes("input", ["type", "checked", "disabled"])
            .add_tag_attributes("td", ["style"])
            .add_tag_attributes("th", ["style"])
            .add_tag_attributes("ol", ["start"])
            .link_rel(None)
            .url_schemes(["http", "https", "mailto", "tel"].into_iter().collect());
        b
    });
    CLEANER.clean(html).to_string()
}

/// Renders plain text as received: paragraphs on blank lines, all text
/// escaped; with `annotations`, quotes marked and mentions linked.
///
/// Wire copy often puts one paragraph on each line with no blank line between:
/// a text without any blank line takes each line as a paragraph.
pub fn render_plain(text: &str, annotations: Option<&Annotations>) -> Rendered {
    let paragraphs = plain_paragraphs(text);
    let html = exact_size(|html| {
        let mut linked = Linked::default();
        for lines in &paragraphs {
            linked.clear();
            html.push_str("<p>");
            for (i, line) in lines.iter().enumerate() {
                if i > 0 {
                    html.push_str("<br>\n");
                }
                let run = &text[line.clone()];
                match annotations {
                    Some(a) => a.render_into(html, run, line.start, &mut linked, true),
                    None => escape_into(html, run),
                }
            }
            html.push_str("</p>\n");
        }
    });
    let first: Vec<&str> = paragraphs
        .first()
        .map_or_else(Vec::new, |p| p.iter().map(|l| &text[l.clone()]).collect());
    let first = first.join(" ");
    Rendered {
        summary_html: if first.is_empty() {
            String::new()
        } else {
            format!("<p>{}</p>", escape(&first))
        },
        summary_text: first,
        words: text.split_whitespace().count(),
        html,
        has_code: false,
    }
}

/// The HTML `write` writes, in a string of exactly its length.
///
/// A build holds every rendered body until the pages showing it are written;
/// a string grown by doubling as it is written holds up to twice its length
/// (on the 10k-article bench corpus, 207 MB for 116 MB of HTML). `write`
/// writes into this thread's scratch buffer, which keeps its capacity from
/// one body to the next, and only the finished HTML is copied out.
fn exact_size(write: impl FnOnce(&mut String)) -> String {
    thread_local!(static SCRATCH: RefCell<String> = const { RefCell::new(String::new()) });
    SCRATCH.with_borrow_mut(|scratch| {
        scratch.clear();
        write(scratch);
        scratch.as_str().to_owned()
    })
}

/// The paragraphs of plain text, each as the byte ranges of its lines
/// (trimmed, line endings excluded).
fn plain_paragraphs(text: &str) -> Vec<Vec<Range<usize>>> {
    let mut lines = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        let lead = content.len() - content.trim_start().len();
        let trimmed = content.trim();
        lines.push((at + lead..at + lead + trimmed.len(), trimmed.is_empty()));
        at += line.len();
    }
    let has_blank_inside = {
        let first = lines.iter().position(|(_, blank)| !blank);
        let last = lines.iter().rposition(|(_, blank)| !blank);
        matches!((first, last), (Some(f), Some(l)) if lines[f..l].iter().any(|(_, blank)| *blank))
    };
    let mut paragraphs: Vec<Vec<Range<usize>>> = Vec::new();
    let mut current = Vec::new();
    for (range, blank) in lines {
        if blank {
            if !current.is_empty() {
                paragraphs.push(std::mem::take(&mut current));
            }
        } else if has_blank_inside {
            current.push(range);
        } else {
            paragraphs.push(vec![range]);
        }
    }
    if !current.is_empty() {
        paragraphs.push(current);
    }
    paragraphs
}

/// How deep the elements of `html` nest, in one linear pass.
fn nesting_depth(html: &str) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    for Ok(token) in html5gum::Tokenizer::new(html) {
        match token {
            html5gum::Token::StartTag(tag) if !tag.self_closing && !is_void(&tag.name) => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            html5gum::Token::EndTag(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

/// Elements that never have content, so never nest.
fn is_void(name: &[u8]) -> bool {
    matches!(
        name,
        b"area"
            | b"base"
            | b"br"
            | b"col"
            | b"embed"
            | b"hr"
            | b"img"
            | b"input"
            | b"link"
            | b"meta"
            | b"source"
            | b"track"
            | b"wbr"
    )
}

/// The text of `html`, escaped, every element dropped.
fn text_of(html: &str) -> String {
    let mut text = String::with_capacity(html.len() / 2);
    for Ok(token) in html5gum::Tokenizer::new(html) {
        if let html5gum::Token::String(s) = token {
            text.push_str(&escape(&String::from_utf8_lossy(&s)));
        }
    }
    format!("<p>{}</p>\n", text.trim())
}

#[cfg(test)]
mod tests;
