//! The search index: one compact record per note, article, actor and quote,
//! for the theme's client-side search (`static/search.js`).
//!
//! The index is a script, `search-index.js`, that sets `window.briefSearch`:
//! a page opened from `file://` may load scripts but not fetch files, so
//! search works from a static host and from a folder alike. Each record is
//! an array, `[kind, title, date, path, snippet, terms]`: `path` is relative
//! to the site root (the script resolves it against its own URL), `snippet`
//! is shown under the title, and `terms` are more words that find the record
//! (a document's outlet, analysts, tags and the actors it mentions; an
//! actor's aliases; a quote's article).

use std::borrow::Cow;
use std::io::{self, Write};

use serde::Serialize;

use super::data::Lazy;
use super::facts::Doc;
use super::output::Sink;
use super::views::Views;

/// Where the index is written, under the output root.
pub const FILE: &str = "search-index.js";

/// The longest snippet shown, in characters.
const SNIPPET: usize = 200;

/// One record of the index.
#[derive(Serialize)]
struct Entry<'a>(
    &'static str,
    &'a str,
    Option<String>,
    String,
    Cow<'a, str>,
    String,
);

/// Writes the index of the site in `views` to `sink`, record by record.
pub fn write(views: &Views<'_>, sink: &dyn Sink) -> io::Result<()> {
    let mut out = sink.writer(FILE)?;
    out.write_all(b"window.briefSearch = ")?;
    let mut json = serde_json::Serializer::with_formatter(&mut out, ScriptSafe);
    Lazy(|| entries(views)).serialize(&mut json)?;
    out.write_all(b";\n")?;
    out.flush()
}

/// Compact JSON with every `<` written `\u003c`: `<` occurs only inside
/// strings, so no text in the index could close a script element, even if
/// the index were ever inlined in a page.
struct ScriptSafe;

impl serde_json::ser::Formatter for ScriptSafe {
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut rest = fragment;
        while let Some(at) = rest.find('<') {
            writer.write_all(&rest.as_bytes()[..at])?;
            writer.write_all(b"\\u003c")?;
            rest = &rest[at + 1..];
        }
        writer.write_all(rest.as_bytes())
    }
}

/// Every record: notes, articles, actors, then quotes.
fn entries<'a>(views: &'a Views<'a>) -> impl Iterator<Item = Entry<'a>> + 'a {
    let (corpus, facts) = (views.corpus, views.facts);
    // A document is found by the actors it mentions, by name.
    let mentioned = move |doc: Doc| -> String {
        let names = facts.doc(doc).mentions.keys();
        let names: Vec<&str> = names.map(|&a| corpus.actors[a].name.as_str()).collect();
        names.join(" ")
    };
    let notes = corpus.notes.iter().enumerate().map(move |(i, note)| {
        let rendered = &facts.doc(Doc::Note(i)).rendered;
        let summary = note.summary.as_deref().unwrap_or(&rendered.summary_text);
        Entry(
            "note",
            &note.title,
            Some(note.date.to_string()),
            format!("notes/{}/", note.id),
            snippet(summary),
            [
                note.analysts.join(" "),
                note.tags.join(" "),
                mentioned(Doc::Note(i)),
            ]
            .join(" "),
        )
    });
    let articles = corpus.articles.iter().enumerate().map(move |(i, article)| {
        let rendered = &facts.doc(Doc::Article(i)).rendered;
        let byline = [article.outlet.as_deref(), article.author.as_deref()];
        let byline: Vec<&str> = byline.into_iter().flatten().collect();
        Entry(
            "article",
            &article.title,
            article.date.map(|d| d.to_string()),
            format!("articles/{}/", article.id),
            snippet(&rendered.summary_text),
            [byline.join(" "), mentioned(Doc::Article(i))].join(" "),
        )
    });
    let actors = corpus.actors.iter().map(|actor| {
        Entry(
            "actor",
            &actor.name,
            None,
            format!("actors/{}/", actor.id),
            Cow::Borrowed(actor.role.as_deref().unwrap_or("")),
            actor.aliases.join(" "),
        )
    });
    let quotes = corpus
        .articles
        .iter()
        .enumerate()
        .flat_map(move |(i, article)| {
            facts.doc(Doc::Article(i)).quotes.iter().map(move |quote| {
                let speaker = quote.speaker.map(|s| corpus.actors[s].name.as_str());
                Entry(
                    "quote",
                    speaker.unwrap_or("Unattributed"),
                    article.date.map(|d| d.to_string()),
                    format!("articles/{}/#{}", article.id, quote.id),
                    snippet(&quote.text),
                    article.title.clone(),
                )
            })
        });
    notes.chain(articles).chain(actors).chain(quotes)
}

/// The start of `text`, at most [`SNIPPET`] characters, cut at a word and
/// ended with an ellipsis when cut.
fn snippet(text: &str) -> Cow<'_, str> {
    match text.char_indices().nth(SNIPPET) {
        None => Cow::Borrowed(text),
        Some((cut, _)) => {
            let head = &text[..cut];
            let head = head.rfind(' ').map_or(head, |space| &head[..space]);
            Cow::Owned(format!("{}…", head.trim_end_matches([',', ';', ':', ' '])))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_stop_at_a_word() {
        assert_eq!(snippet("short"), "short");
        let long = "word ".repeat(60);
        let cut = snippet(&long);
        assert!(
            cut.chars().count() <= SNIPPET + 1 && cut.ends_with("word…"),
            "{cut}"
        );
    }
}
