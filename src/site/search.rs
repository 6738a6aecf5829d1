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
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use super::facts::{Doc, DocFacts, Facts};
use super::output::Sink;
use super::views::Views;

/// Where the index is written, under the output root.
pub const FILE: &str = "search-index.js";

/// How many bytes of records are serialized before they are written out.
const BUFFER: usize = 1 << 16;

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
    Cow<'a, str>,
);

/// How the index treats each document's records.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Records {
    /// Serialized as they are written (`brief build`).
    Stream,
    /// Serialized once and kept with the document's facts (`brief serve`).
    Keep,
}

/// Each document's records in the index, serialized, kept with its facts by
/// a `serve` session: a rebuild serializes only the documents that changed.
#[derive(Default, PartialEq)]
pub struct Kept {
    /// The document's own record.
    record: Vec<u8>,
    /// The records of its quotes, comma-separated; empty when it has none.
    quotes: Vec<u8>,
}

/// Writes the index of the site in `views` to `sink`, record by record.
/// With [`Records::Keep`], each document's records are serialized once and
/// kept with its facts for the next build; and when they read as those of
/// the `previous` build, whose output is still in place, nothing is written.
pub fn write(
    views: &Views<'_>,
    sink: &dyn Sink,
    records: Records,
    previous: Option<&Views<'_>>,
) -> io::Result<()> {
    if records == Records::Keep {
        keep_all(views);
        if previous.is_some_and(|previous| same_records(previous.facts, views.facts)) {
            return Ok(());
        }
    }
    let mut out = sink.writer(FILE)?;
    out.write_all(b"window.briefSearch = [")?;
    let mut first = true;
    let mut put = |out: &mut dyn Write, bytes: &[u8]| -> io::Result<()> {
        if bytes.is_empty() {
            return Ok(());
        }
        if !std::mem::take(&mut first) {
            out.write_all(b",")?;
        }
        out.write_all(bytes)
    };
    let docs = || Doc::all(views.corpus);
    match records {
        Records::Keep => {
            for doc in docs() {
                put(&mut out, &kept(views, doc).record)?;
            }
            put(&mut out, &serialized(actors(views)))?;
            for doc in docs() {
                put(&mut out, &kept(views, doc).quotes)?;
            }
        }
        Records::Stream => {
            let entries = docs().map(|doc| record(views, doc)).chain(actors(views));
            let quoted = docs().flat_map(|doc| quotes(views, doc));
            // Serialized into one buffer, written out as it fills.
            let mut buffer = Vec::with_capacity(BUFFER);
            for entry in entries.chain(quoted) {
                append(&mut buffer, &entry);
                if buffer.len() >= BUFFER {
                    put(&mut out, &buffer)?;
                    buffer.clear();
                }
            }
            put(&mut out, &buffer)?;
        }
    }
    out.write_all(b"];\n")?;
    out.flush()
}

/// The kept records of `doc`, serialized now unless they were before.
fn kept<'v>(views: &Views<'v>, doc: Doc) -> &'v Kept {
    views.facts.doc(doc).search.get_or_init(|| Kept {
        record: serialized(std::iter::once(record(views, doc))),
        quotes: serialized(quotes(views, doc)),
    })
}

/// Serializes the records of every document not kept yet, in parallel.
fn keep_all(views: &Views<'_>) {
    let docs: Vec<Doc> = Doc::all(views.corpus).collect();
    docs.into_par_iter().for_each(|doc| {
        kept(views, doc);
    });
}

/// Whether the documents of `now` have, in order, the kept records of
/// those of `before` (the actors' records come from the registry, which
/// is the same in two builds of a session).
fn same_records(before: &Facts, now: &Facts) -> bool {
    let same = |a: &[Arc<DocFacts>], b: &[Arc<DocFacts>]| {
        a.len() == b.len()
            && a.iter().zip(b).all(|(x, y)| {
                Arc::ptr_eq(x, y) || x.search.get().is_some_and(|k| Some(k) == y.search.get())
            })
    };
    same(&before.notes, &now.notes) && same(&before.articles, &now.articles)
}

/// `entries` as the index writes them: compact JSON, comma-separated.
fn serialized<'a>(entries: impl Iterator<Item = Entry<'a>>) -> Vec<u8> {
    let mut bytes = Vec::new();
    for entry in entries {
        append(&mut bytes, &entry);
    }
    bytes
}

/// Appends `entry` to the comma-separated records in `bytes`, as compact JSON.
fn append(bytes: &mut Vec<u8>, entry: &Entry<'_>) {
    if !bytes.is_empty() {
        bytes.push(b',');
    }
    let mut json = serde_json::Serializer::with_formatter(bytes, ScriptSafe);
    entry
        .serialize(&mut json)
        .expect("serializing into memory cannot fail");
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

/// The record of a note or an article.
fn record<'a>(views: &Views<'a>, doc: Doc) -> Entry<'a> {
    let (corpus, facts) = (views.corpus, views.facts);
    // A document is found by the actors it mentions, by name.
    let names = facts.doc(doc).mentions.keys();
    let names: Vec<&str> = names.map(|&a| corpus.actors[a].name.as_str()).collect();
    let mentioned = names.join(" ");
    let rendered = &facts.doc(doc).rendered;
    match doc {
        Doc::Note(i) => {
            let note = &corpus.notes[i];
            let summary = note.summary.as_deref().unwrap_or(&rendered.summary_text);
            Entry(
                "note",
                &note.title,
                Some(note.date.to_string()),
                format!("notes/{}/", note.id),
                snippet(summary),
                Cow::Owned([note.analysts.join(" "), note.tags.join(" "), mentioned].join(" ")),
            )
        }
        Doc::Article(i) => {
            let article = &corpus.articles[i];
            let byline = [article.outlet.as_deref(), article.author.as_deref()];
            let byline: Vec<&str> = byline.into_iter().flatten().collect();
            Entry(
                "article",
                &article.title,
                article.date.map(|d| d.to_string()),
                format!("articles/{}/", article.id),
                snippet(&rendered.summary_text),
                Cow::Owned([byline.join(" "), mentioned].join(" ")),
            )
        }
    }
}

/// The record of each actor.
fn actors<'a>(views: &Views<'a>) -> impl Iterator<Item = Entry<'a>> + 'a {
    views.corpus.actors.iter().map(|actor| {
        Entry(
            "actor",
            &actor.name,
            None,
            format!("actors/{}/", actor.id),
            Cow::Borrowed(actor.role.as_deref().unwrap_or("")),
            Cow::Owned(actor.aliases.join(" ")),
        )
    })
}

/// The records of the quotes of `doc`, in document order (none for a note).
fn quotes<'a>(views: &Views<'a>, doc: Doc) -> impl Iterator<Item = Entry<'a>> + 'a {
    let (corpus, facts) = (views.corpus, views.facts);
    let quoted = match doc {
        Doc::Article(i) => Some((&corpus.articles[i], &facts.articles[i].quotes)),
        Doc::Note(_) => None,
    };
    quoted.into_iter().flat_map(move |(article, quotes)| {
        quotes.iter().map(move |quote| {
            let speaker = quote.speaker.map(|s| corpus.actors[s].name.as_str());
            Entry(
                "quote",
                speaker.unwrap_or("Unattributed"),
                article.date.map(|d| d.to_string()),
                format!("articles/{}/#{}", article.id, quote.id),
                snippet(&quote.text),
                Cow::Borrowed(&article.title),
            )
        })
    })
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
