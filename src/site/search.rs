//! The search index: one compact record per note, article and actor, the
//! quotes of each article inside its record, for the theme's client-side
//! search (`static/search.js`).
//!
//! The index is a script, `search-index.js`, that sets `window.briefSearch`:
//! a page opened from `file://` may load scripts but not fetch files, so
//! search works from a static host and from a folder alike. Each record is
//! an array, `[kind, title, date, path, snippet, terms]`: `path` is relative
//! to the site root (the script resolves it against its own URL), `snippet`
//! is shown under the title, and `terms` are more words that find the record
//! (a document's outlet, analysts, tags and the actors it mentions; an
//! actor's aliases). An article with quotes has a seventh item, its quotes
//! as `[id, speaker, snippet]` (`speaker` null when unattributed): the
//! script makes each a record of its own, with the article's title, date
//! and path, which the index so holds once per article, not once per quote.

use std::borrow::Cow;
use std::io::{self, Write};

use super::data::optional_string;
use super::facts::{Doc, Facts, Records, keep, same_records};
use super::output::Sink;
use super::views::Views;
use crate::analysis::Quote;
use crate::model::Actor;

/// Where the index is written, under the output root.
pub const FILE: &str = "search-index.js";

/// How many bytes of records are serialized before they are written out.
const BUFFER: usize = 1 << 16;

/// The longest snippet shown, in characters.
const SNIPPET: usize = 200;

/// One record of the index.
struct Entry<'a> {
    kind: &'static str,
    title: &'a str,
    date: Option<String>,
    path: String,
    snippet: Cow<'a, str>,
    terms: Cow<'a, str>,
    /// An article's quotes; `None` for a note, an actor, or an article
    /// without quotes.
    quotes: Option<Quoted<'a>>,
}

impl Entry<'_> {
    /// Appends the record to `out` as compact JSON, its strings escaped many
    /// bytes at a time (the index holds every document and quote of the
    /// archive); a test checks it against serde's serialization.
    fn write_json(&self, out: &mut Vec<u8>) {
        out.push(b'[');
        json_escape_simd::escape_into(self.kind, out);
        let fields = [
            Some(self.title),
            self.date.as_deref(),
            Some(&self.path),
            Some(&self.snippet),
            Some(&self.terms),
        ];
        for field in fields {
            out.push(b',');
            optional_string(field, out);
        }
        if let Some(quotes) = &self.quotes {
            out.extend_from_slice(b",[");
            for (i, quote) in quotes.quotes.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                out.push(b'[');
                json_escape_simd::escape_into(&quote.id, out);
                out.push(b',');
                optional_string(quotes.speaker(quote), out);
                out.push(b',');
                json_escape_simd::escape_into(snippet(quote.text(quotes.body)), out);
                out.push(b']');
            }
            out.push(b']');
        }
        out.push(b']');
    }
}

/// The quotes of an article, each `[id, speaker, snippet]`.
struct Quoted<'a> {
    quotes: &'a [Quote],
    /// The body the quotes were found in.
    body: &'a str,
    actors: &'a [Actor],
}

impl Quoted<'_> {
    /// The name of `quote`'s speaker, if it has one.
    fn speaker(&self, quote: &Quote) -> Option<&str> {
        quote.speaker.map(|s| self.actors[s].name.as_str())
    }
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
        // The actors' records come from the registry, which is the same in
        // two builds of a session.
        let same = |before: &Facts, now: &Facts| {
            same_records(&before.notes, &now.notes, |f| &f.search)
                && same_records(&before.articles, &now.articles, |f| &f.search)
        };
        if previous.is_some_and(|previous| same(previous.facts, views.facts)) {
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
                put(&mut out, kept(views, doc))?;
            }
            put(&mut out, &serialized(actors(views)))?;
        }
        Records::Stream => {
            let entries = docs().map(|doc| record(views, doc)).chain(actors(views));
            // Serialized into one buffer, written out as it fills.
            let mut buffer = Vec::with_capacity(BUFFER);
            for entry in entries {
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

/// The kept record of `doc`, serialized now unless it was before.
fn kept<'v>(views: &Views<'v>, doc: Doc) -> &'v [u8] {
    keep(&views.facts.doc(doc).search, |out| {
        append(out, &record(views, doc));
    })
}

/// Serializes the record of every document not kept yet, in parallel.
fn keep_all(views: &Views<'_>) {
    Doc::each_in_parallel(views.corpus, |doc| {
        kept(views, doc);
    });
}

/// `entries` as the index writes them: compact JSON, comma-separated.
fn serialized<'a>(entries: impl Iterator<Item = Entry<'a>>) -> Vec<u8> {
    let mut bytes = Vec::new();
    for entry in entries {
        append(&mut bytes, &entry);
    }
    bytes
}

/// Appends `entry` to the comma-separated records in `bytes`, as compact
/// JSON with every `<` written `\u003c`: `<` occurs only inside strings, so
/// no text in the index could close a script element, even if the index
/// were ever inlined in a page.
fn append(bytes: &mut Vec<u8>, entry: &Entry<'_>) {
    if !bytes.is_empty() {
        bytes.push(b',');
    }
    let start = bytes.len();
    entry.write_json(bytes);
    if let Some(at) = memchr::memchr(b'<', &bytes[start..]) {
        let rest = bytes.split_off(start + at);
        for (i, piece) in rest.split(|&b| b == b'<').enumerate() {
            if i > 0 {
                bytes.extend_from_slice(b"\\u003c");
            }
            bytes.extend_from_slice(piece);
        }
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
            Entry {
                kind: "note",
                title: &note.title,
                date: Some(note.date.to_string()),
                path: format!("notes/{}/", note.id),
                snippet: snippet(summary),
                terms: Cow::Owned(
                    [note.analysts.join(" "), note.tags.join(" "), mentioned].join(" "),
                ),
                quotes: None,
            }
        }
        Doc::Article(i) => {
            let article = &corpus.articles[i];
            let byline = [article.outlet.as_deref(), article.author.as_deref()];
            let byline: Vec<&str> = byline.into_iter().flatten().collect();
            let quotes = &facts.articles[i].quotes;
            Entry {
                kind: "article",
                title: &article.title,
                date: article.date.map(|d| d.to_string()),
                path: format!("articles/{}/", article.id),
                snippet: snippet(&rendered.summary_text),
                terms: Cow::Owned([byline.join(" "), mentioned].join(" ")),
                quotes: (!quotes.is_empty()).then_some(Quoted {
                    quotes,
                    body: &article.body,
                    actors: &corpus.actors,
                }),
            }
        }
    }
}

/// The record of each actor.
fn actors<'a>(views: &Views<'a>) -> impl Iterator<Item = Entry<'a>> + 'a {
    views.corpus.actors.iter().map(|actor| Entry {
        kind: "actor",
        title: &actor.name,
        date: None,
        path: format!("actors/{}/", actor.id),
        snippet: Cow::Borrowed(actor.role.as_deref().unwrap_or("")),
        terms: Cow::Owned(actor.aliases.join(" ")),
        quotes: None,
    })
}

/// The start of `text`, at most [`SNIPPET`] characters, cut at a word and
/// ended with an ellipsis when cut.
fn snippet(text: &str) -> Cow<'_, str> {
    // No more bytes than the limit in characters: nothing to count.
    if text.len() <= SNIPPET {
        return Cow::Borrowed(text);
    }
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
    use std::io::{self, Write};

    use serde::ser::{Serialize, SerializeTuple, Serializer};

    use super::*;
    use crate::analysis::quotes::QuoteWords;
    use crate::model::ActorKind;

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

    impl Serialize for Entry<'_> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut record = serializer.serialize_tuple(6 + usize::from(self.quotes.is_some()))?;
            record.serialize_element(self.kind)?;
            record.serialize_element(self.title)?;
            record.serialize_element(&self.date)?;
            record.serialize_element(&self.path)?;
            record.serialize_element(&self.snippet)?;
            record.serialize_element(&self.terms)?;
            if let Some(quotes) = &self.quotes {
                record.serialize_element(quotes)?;
            }
            record.end()
        }
    }

    impl Serialize for Quoted<'_> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serializer.collect_seq(self.quotes.iter().map(|quote| {
                (
                    &quote.id,
                    self.speaker(quote),
                    snippet(quote.text(self.body)),
                )
            }))
        }
    }

    /// serde_json's compact format with every `<` written `\u003c`.
    struct ScriptSafe;

    impl serde_json::ser::Formatter for ScriptSafe {
        fn write_string_fragment<W: ?Sized + Write>(
            &mut self,
            writer: &mut W,
            fragment: &str,
        ) -> io::Result<()> {
            writer.write_all(fragment.replace('<', "\\u003c").as_bytes())
        }
    }

    /// Text with what JSON escapes, and `<`.
    const TEXT: &str = "(\\PC|[\u{0}-\u{1f}\u{7f}\"\\\\<>&/])*";

    proptest::proptest! {
        /// A record is what serde writes with `<` escaped, whatever its strings hold.
        #[test]
        fn records_are_written_as_serde_writes_them(
            title in TEXT,
            date in proptest::option::of(TEXT),
            summary in TEXT,
            quoted in proptest::collection::vec((TEXT, proptest::option::of(0..2usize)), 0..4),
        ) {
            let actors = [
                Actor::for_test("a", "A <b>", ActorKind::Person, &[]),
                Actor::for_test("c", "C\"\\", ActorKind::State, &[]),
            ];
            let quotes: Vec<Quote> = quoted
                .into_iter()
                .enumerate()
                .map(|(i, (text, speaker))| Quote {
                    id: format!("q{}", i + 1),
                    span: 0..0,
                    words: QuoteWords::Joined(text.into()),
                    sentence: 0..0,
                    speaker,
                })
                .collect();
            let entry = Entry {
                kind: "article",
                title: &title,
                date,
                path: "articles/a<b/".to_string(),
                snippet: snippet(&summary),
                terms: Cow::Borrowed("x\u{1}<y"),
                quotes: (!quotes.is_empty()).then_some(Quoted {
                    quotes: &quotes,
                    body: "",
                    actors: &actors,
                }),
            };
            let mut written = Vec::new();
            append(&mut written, &entry);
            let mut expected = Vec::new();
            entry
                .serialize(&mut serde_json::Serializer::with_formatter(&mut expected, ScriptSafe))
                .unwrap();
            proptest::prop_assert_eq!(String::from_utf8(written).unwrap(), String::from_utf8(expected).unwrap());
        }
    }
}
