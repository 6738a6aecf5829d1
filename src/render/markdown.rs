//! Markdown and plain-text bodies to HTML, with summaries and reading time.
//!
//! Markdown goes through pulldown-cmark with tables, footnotes, strikethrough,
//! task lists and heading ids (explicit `{#id}` or derived from the heading's
//! text, made unique). Fenced code is highlighted with CSS classes. Raw HTML is
//! sanitized and links with script URLs are dropped: article text is untrusted.

use std::collections::BTreeSet;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd};

use super::highlight::{escape, highlight};

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

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Renders Markdown.
pub fn render_markdown(text: &str) -> Rendered {
    let mut events: Vec<Event<'_>> = Parser::new_ext(text, options()).collect();
    assign_heading_ids(&mut events);
    let mut has_raw_html = false;
    let mut has_code = false;
    let mut plain = String::with_capacity(text.len());
    let mut out: Vec<Event<'_>> = Vec::with_capacity(events.len());
    let mut code: Option<(String, String)> = None;
    for event in events {
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
                let dest_url = if is_safe_url(&dest_url) {
                    dest_url
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
                    dest_url
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
            Event::Text(ref t) | Event::Code(ref t) => {
                plain.push_str(t);
                out.push(event);
            }
            Event::End(
                TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Link
                | TagEnd::Image,
            ) => out.push(event),
            Event::SoftBreak | Event::HardBreak | Event::End(_) => {
                plain.push(' ');
                out.push(event);
            }
            other => out.push(other),
        }
    }
    let summary = first_paragraph(&out);
    let mut html = String::with_capacity(text.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, out.into_iter());
    if has_raw_html {
        html = sanitize(&html);
    }
    Rendered {
        summary_text: summary.1,
        summary_html: summary.0,
        html,
        words: plain.split_whitespace().count(),
        has_code,
    }
}

/// The first top-level paragraph as HTML and as text.
fn first_paragraph(events: &[Event<'_>]) -> (String, String) {
    let mut depth = 0;
    let mut start = None;
    for (i, event) in events.iter().enumerate() {
        match event {
            Event::Start(Tag::Paragraph) if depth == 0 => start = Some(i),
            Event::End(TagEnd::Paragraph) if depth == 0 => {
                let Some(s) = start else { continue };
                let slice = &events[s..=i];
                let mut html = String::new();
                pulldown_cmark::html::push_html(&mut html, slice.iter().cloned());
                let text = slice
                    .iter()
                    .filter_map(|e| match e {
                        Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                        Event::SoftBreak | Event::HardBreak => Some(" "),
                        _ => None,
                    })
                    .collect::<String>();
                let html = if html.contains('<') && text.len() < html.len() {
                    sanitize(&html)
                } else {
                    html
                };
                return (html, text);
            }
            Event::Start(Tag::Paragraph) => {}
            Event::Start(_) => depth += 1,
            Event::End(TagEnd::Paragraph) => {}
            Event::End(_) => depth -= 1,
            _ => {}
        }
    }
    (String::new(), String::new())
}

/// Gives every heading an id: its `{#id}` if written, else a slug of its text,
/// made unique within the document.
fn assign_heading_ids(events: &mut [Event<'_>]) {
    let mut used = BTreeSet::new();
    for event in events.iter() {
        if let Event::Start(Tag::Heading { id: Some(id), .. }) = event {
            used.insert(id.to_string());
        }
    }
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { id: None, .. }) = &events[i] {
            let mut text = String::new();
            let mut j = i + 1;
            while j < events.len() && !matches!(events[j], Event::End(TagEnd::Heading(_))) {
                if let Event::Text(t) | Event::Code(t) = &events[j] {
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
            if let Event::Start(Tag::Heading { id: slot, .. }) = &mut events[i] {
                *slot = Some(CowStr::from(id));
            }
            i = j;
        }
        i += 1;
    }
}

/// Returns true if and only if `url` cannot run script when followed.
fn is_safe_url(url: &str) -> bool {
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    !(cleaned.starts_with("javascript:")
        || cleaned.starts_with("vbscript:")
        || cleaned.starts_with("data:"))
}

fn is_image_data_url(url: &str) -> bool {
    url.trim_start()
        .to_ascii_lowercase()
        .starts_with("data:image/")
        && !url.to_ascii_lowercase().contains("svg")
}

/// Removes script, style, event handlers and other active content from HTML.
pub fn sanitize(html: &str) -> String {
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

/// Renders plain text as received: paragraphs on blank lines, all text escaped.
///
/// Wire copy often puts one paragraph on each line with no blank line between:
/// a text without any blank line takes each line as a paragraph.
pub fn render_plain(text: &str) -> Rendered {
    let text = text.replace("\r\n", "\n");
    let paragraphs: Vec<String> = if blank_inside(&text) {
        split_on_blank_lines(&text)
            .map(|p| {
                p.trim()
                    .lines()
                    .map(str::trim)
                    .collect::<Vec<_>>()
                    .join("\n")
            })
            .filter(|p| !p.is_empty())
            .collect()
    } else {
        text.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(String::from)
            .collect()
    };
    let mut html = String::with_capacity(text.len() + paragraphs.len() * 8);
    for p in &paragraphs {
        html.push_str("<p>");
        html.push_str(&escape(p).replace('\n', "<br>\n"));
        html.push_str("</p>\n");
    }
    let first = paragraphs.first().cloned().unwrap_or_default();
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

/// Returns true if and only if a blank line separates two non-blank lines.
fn blank_inside(text: &str) -> bool {
    text.trim().lines().any(|l| l.trim().is_empty())
}

/// Splits on lines that are empty or only whitespace.
fn split_on_blank_lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        let mut para_end = None;
        let mut at = 0;
        for line in rest.split_inclusive('\n') {
            if line.trim().is_empty() && at > 0 && !rest[..at].trim().is_empty() {
                para_end = Some((at, at + line.len()));
                break;
            }
            at += line.len();
        }
        if rest.is_empty() {
            return None;
        }
        let (para, next) = match para_end {
            Some((end, next)) => (&rest[..end], &rest[next..]),
            None => (rest, ""),
        };
        rest = next;
        Some(para)
    })
}

#[cfg(test)]
mod tests;
