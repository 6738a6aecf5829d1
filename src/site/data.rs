//! `data/*.json`: the site's facts for other tools (SPEC §6). Each file is a
//! JSON array sorted by id, one record a line; the fields are a public
//! interface.
//!
//! Records are typed and borrow from the corpus, and each file is serialized
//! straight to bytes: an archive has hundreds of thousands of quotes, and a
//! tree of JSON values for them would cost more than the rest of the build.

use std::collections::BTreeMap;

use std::io::{self, Write};

use serde::Serialize;

use rayon::prelude::*;

use super::facts::{Doc, Records, keep, same_records, same_stances};
use super::output::Sink;
use super::views::Views;
use crate::model::{ActorKind, Corpus, Salience};

/// The data files, by output path.
pub const FILES: [&str; 4] = [DOCUMENTS, ACTORS, QUOTES, STANCES];
const DOCUMENTS: &str = "data/documents.json";
const ACTORS: &str = "data/actors.json";
const QUOTES: &str = "data/quotes.json";
const STANCES: &str = "data/stances.json";

/// Writes the data files to `sink`. With the views of a `previous` build
/// whose output is still in place, a file whose records cannot differ from
/// that build's is left as it is: the stances are compared document by
/// document and the actors record by record; the documents and quotes, when
/// their records are kept ([`Records::Keep`], as a `serve` session keeps
/// them: only it has a previous build), by those records.
pub fn write(
    views: &Views<'_>,
    sink: &dyn Sink,
    records: Records,
    previous: Option<&Views<'_>>,
) -> io::Result<()> {
    // Quotes are the largest file by far: written beside the others.
    let (quotes, others) = rayon::join(
        || write_quotes(views, sink, records, previous),
        || {
            write_documents(views, sink, records, previous)?;
            let now = actors(views);
            if previous.is_none_or(|before| actors(before) != now) {
                write_json(sink, ACTORS, &now)?;
            }
            if !previous.is_some_and(|before| same_stances(before.pair(), views.pair())) {
                write_json(sink, STANCES, &stances(views))?;
            }
            Ok(())
        },
    );
    quotes.and(others)
}

/// Writes `documents.json`, sorted by id and then kind. With
/// [`Records::Keep`], each document's record is serialized once and kept
/// with its facts, and when every document's reads as in the `previous`
/// build, whose output is still in place, nothing is written.
fn write_documents(
    views: &Views<'_>,
    sink: &dyn Sink,
    records: Records,
    previous: Option<&Views<'_>>,
) -> io::Result<()> {
    if records == Records::Keep {
        keep_documents(views);
        let same = |before: &Views<'_>| {
            let (b, n) = (before.facts, views.facts);
            same_records(&b.notes, &n.notes, |f| &f.document_record)
                && same_records(&b.articles, &n.articles, |f| &f.document_record)
        };
        if previous.is_some_and(same) {
            return Ok(());
        }
    }
    write_records(
        sink,
        DOCUMENTS,
        records,
        in_file_order(views.corpus),
        |doc, out| document_record(views, doc, out),
        |doc| kept_document(views, doc),
    )
}

/// The record of `doc` in `documents.json`, kept with its facts: serialized
/// now unless it was before.
fn kept_document<'v>(views: &Views<'v>, doc: Doc) -> &'v [u8] {
    keep(&views.facts.doc(doc).document_record, |out| {
        document_record(views, doc, out);
    })
}

/// Serializes the record of every document not kept yet, in parallel.
fn keep_documents(views: &Views<'_>) {
    Doc::each_in_parallel(views.corpus, |doc| {
        kept_document(views, doc);
    });
}

/// Appends the record of `doc` in `documents.json` to `out`, as compact JSON.
fn document_record(views: &Views<'_>, doc: Doc, out: &mut Vec<u8>) {
    serde_json::to_writer(out, &document(views, doc)).expect("a record serializes to memory");
}

/// Writes `quotes.json`. With [`Records::Keep`], each article's records are
/// serialized once and kept with its facts, and when every article's read as
/// in the `previous` build, whose output is still in place, nothing is
/// written.
fn write_quotes(
    views: &Views<'_>,
    sink: &dyn Sink,
    records: Records,
    previous: Option<&Views<'_>>,
) -> io::Result<()> {
    if records == Records::Keep {
        keep_quotes(views);
        let same = |before: &Views<'_>| {
            same_records(&before.facts.articles, &views.facts.articles, |f| {
                &f.quote_records
            })
        };
        if previous.is_some_and(same) {
            return Ok(());
        }
    }
    // Every quote, by article id, then in document order: written as it is
    // read from the facts, never collected.
    let corpus = views.corpus;
    let mut order: Vec<usize> = (0..corpus.articles.len()).collect();
    order.sort_by_key(|&i| &corpus.articles[i].id);
    write_records(
        sink,
        QUOTES,
        records,
        order,
        |i, out| quote_records(views, i, out),
        |i| kept_quotes(views, i),
    )
}

/// Writes the file at `path` with the records of each item of `order`:
/// serialized by `serialize` as they are written ([`Records::Stream`]), or
/// the ones `kept` gives ([`Records::Keep`]). An item may have no records.
fn write_records<'v, T>(
    sink: &dyn Sink,
    path: &str,
    records: Records,
    order: impl IntoIterator<Item = T>,
    serialize: impl Fn(T, &mut Vec<u8>),
    kept: impl Fn(T) -> &'v [u8],
) -> io::Result<()> {
    let mut lines = Lines::new(sink, path)?;
    let mut chunk = Vec::new();
    for item in order {
        let bytes = match records {
            Records::Stream => {
                chunk.clear();
                serialize(item, &mut chunk);
                chunk.as_slice()
            }
            Records::Keep => kept(item),
        };
        if !bytes.is_empty() {
            lines.push_json(bytes)?;
        }
    }
    lines.finish()
}

/// The records of article `i`'s quotes in `quotes.json`, kept with its
/// facts: serialized now unless they were before.
fn kept_quotes<'v>(views: &Views<'v>, i: usize) -> &'v [u8] {
    keep(&views.facts.articles[i].quote_records, |out| {
        quote_records(views, i, out);
    })
}

/// Serializes the quote records of every article not kept yet, in parallel.
fn keep_quotes(views: &Views<'_>) {
    (0..views.facts.articles.len())
        .into_par_iter()
        .for_each(|i| {
            kept_quotes(views, i);
        });
}

/// Appends the records of article `i`'s quotes to `out`, as compact JSON
/// joined as [`Lines`] joins records.
fn quote_records(views: &Views<'_>, i: usize, out: &mut Vec<u8>) {
    let corpus = views.corpus;
    let article = &corpus.articles[i];
    let base = article.source.body_offset;
    let page = views.urls.article(&article.id);
    let mut url = String::new();
    for q in &views.facts.articles[i].quotes {
        // `Urls::quote`, with the article's page made once for its quotes.
        url.clear();
        url.extend([page.as_str(), "#", &q.id]);
        let quote = Quote {
            id: &q.id,
            article: &article.id,
            text: q.text(&article.body),
            speaker: q.speaker.map(|s| corpus.actors[s].id.as_str()),
            start: base + q.span.start,
            end: base + q.span.end,
            url: &url,
        };
        if !out.is_empty() {
            out.extend_from_slice(SEPARATOR);
        }
        quote.write_json(out);
    }
}

/// Writes `records` to the file at `path`, one a line.
fn write_json(sink: &dyn Sink, path: &str, records: &[impl Serialize]) -> io::Result<()> {
    let mut lines = Lines::new(sink, path)?;
    for record in records {
        lines.push(record)?;
    }
    lines.finish()
}

/// What ends a record of a data file before the next.
const SEPARATOR: &[u8] = b",\n";

/// A JSON array streamed to a file one record a line: `[`, each record as
/// compact JSON on a line of its own, `]`. A changed record is a one-line
/// diff in git and a search for a field finds whole records; the file is a
/// fifth smaller, and quicker to write, than with one field a line.
struct Lines<'s> {
    // Buffered here, so that the serializer's many small writes are plain
    // copies, not calls through the sink's writer.
    out: io::BufWriter<Box<dyn Write + 's>>,
    separator: &'static [u8],
}

impl<'s> Lines<'s> {
    fn new(sink: &'s dyn Sink, path: &str) -> io::Result<Self> {
        let mut out = io::BufWriter::with_capacity(1 << 16, sink.writer(path)?);
        out.write_all(b"[")?;
        Ok(Lines {
            out,
            separator: b"\n",
        })
    }

    fn push(&mut self, record: &impl Serialize) -> io::Result<()> {
        self.separate()?;
        Ok(serde_json::to_writer(&mut self.out, record)?)
    }

    /// Pushes a record already written as compact JSON.
    fn push_json(&mut self, record: &[u8]) -> io::Result<()> {
        self.separate()?;
        self.out.write_all(record)
    }

    /// Opens the line of the next record.
    fn separate(&mut self) -> io::Result<()> {
        self.out.write_all(self.separator)?;
        self.separator = SEPARATOR;
        Ok(())
    }

    fn finish(mut self) -> io::Result<()> {
        self.out.write_all(b"\n]\n")?;
        self.out.flush()
    }
}

#[derive(PartialEq, Serialize)]
struct Document<'a> {
    id: &'a str,
    kind: &'static str,
    title: &'a str,
    date: Option<String>,
    url: String,
    mentions: BTreeMap<&'a str, usize>,
}

/// The documents of `corpus` in the order of `documents.json`: by id, then
/// kind.
fn in_file_order(corpus: &Corpus) -> Vec<Doc> {
    let mut order: Vec<Doc> = Doc::all(corpus).collect();
    order.sort_by_key(|&doc| id_and_kind(corpus, doc));
    order
}

/// The id of `doc` and its kind, as its record names them.
fn id_and_kind(corpus: &Corpus, doc: Doc) -> (&str, &'static str) {
    match doc {
        Doc::Article(i) => (&corpus.articles[i].id, "article"),
        Doc::Note(i) => (&corpus.notes[i].id, "note"),
    }
}

/// The record of one note or article.
fn document<'a>(views: &Views<'a>, doc: Doc) -> Document<'a> {
    let corpus = views.corpus;
    let mentions = views
        .facts
        .doc(doc)
        .mentions
        .iter()
        .map(|(&a, t)| (corpus.actors[a].id.as_str(), t.count))
        .collect();
    let (id, kind) = id_and_kind(corpus, doc);
    let (title, url) = match doc {
        Doc::Article(i) => (&corpus.articles[i].title, views.urls.article(id)),
        Doc::Note(i) => (&corpus.notes[i].title, views.urls.note(id)),
    };
    Document {
        id,
        kind,
        title,
        date: doc.date(corpus).map(|d| d.to_string()),
        url,
        mentions,
    }
}

#[derive(PartialEq, Serialize)]
struct Actor<'a> {
    id: &'a str,
    name: &'a str,
    kind: ActorKind,
    aliases: &'a [String],
    member_of: &'a [String],
    role: Option<&'a str>,
    country: Option<&'a str>,
    mentions: usize,
    url: String,
}

/// Actors are kept sorted by id in the corpus.
fn actors<'a>(views: &Views<'a>) -> Vec<Actor<'a>> {
    let totals = views.facts.tables.mention_totals.iter().copied();
    views
        .corpus
        .actors
        .iter()
        .zip(totals)
        .map(|(a, mentions)| Actor {
            id: &a.id,
            name: &a.name,
            kind: a.kind,
            aliases: &a.aliases,
            member_of: &a.member_of,
            role: a.role.as_deref(),
            country: a.country.as_deref(),
            mentions,
            url: views.urls.actor(&a.id),
        })
        .collect()
}

/// A record of `quotes.json`. The file holds every quote of the archive, so
/// a record is written by [`Quote::write_json`], its strings escaped many
/// bytes at a time; a test checks it against serde's serialization.
#[cfg_attr(test, derive(Serialize))]
struct Quote<'a> {
    id: &'a str,
    article: &'a str,
    text: &'a str,
    speaker: Option<&'a str>,
    start: usize,
    end: usize,
    url: &'a str,
}

impl Quote<'_> {
    /// Appends the record to `out` as compact JSON.
    fn write_json(&self, out: &mut Vec<u8>) {
        let mut number = itoa::Buffer::new();
        out.extend_from_slice(b"{\"id\":");
        json_escape_simd::escape_into(self.id, out);
        out.extend_from_slice(b",\"article\":");
        json_escape_simd::escape_into(self.article, out);
        out.extend_from_slice(b",\"text\":");
        json_escape_simd::escape_into(self.text, out);
        out.extend_from_slice(b",\"speaker\":");
        optional_string(self.speaker, out);
        out.extend_from_slice(b",\"start\":");
        out.extend_from_slice(number.format(self.start).as_bytes());
        out.extend_from_slice(b",\"end\":");
        out.extend_from_slice(number.format(self.end).as_bytes());
        out.extend_from_slice(b",\"url\":");
        json_escape_simd::escape_into(self.url, out);
        out.push(b'}');
    }
}

/// Appends `text` to `out` as a JSON string, or `null`.
pub(super) fn optional_string(text: Option<&str>, out: &mut Vec<u8>) {
    match text {
        Some(text) => json_escape_simd::escape_into(text, out),
        None => out.extend_from_slice(b"null"),
    }
}

#[derive(PartialEq, Serialize)]
struct Stance<'a> {
    actor: &'a str,
    topic: &'a str,
    position: &'a str,
    value: Option<i32>,
    date: String,
    note: &'a str,
    confidence: Option<&'a str>,
    evidence: Option<String>,
    salience: Option<Salience>,
    comment: Option<&'a str>,
    current: bool,
    shift: Option<i32>,
    contested: bool,
}

/// One record per assessment, by actor, topic, then date.
fn stances<'a>(views: &Views<'a>) -> Vec<Stance<'a>> {
    let corpus = views.corpus;
    views
        .facts
        .tables
        .stances
        .standings
        .values()
        .flat_map(|s| s.history.iter())
        .map(|a| {
            let stance = a.stance(corpus);
            Stance {
                actor: &stance.actor,
                topic: &stance.topic,
                position: &stance.position,
                value: a.value,
                date: a.date.to_string(),
                note: &corpus.notes[a.note].id,
                confidence: stance.confidence.as_deref(),
                evidence: stance.evidence.as_ref().map(|e| e.to_string()),
                salience: stance.salience,
                comment: stance.comment.as_deref(),
                current: a.current,
                shift: a.shift,
                contested: a.contested,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// A quote's record is what serde would write, whatever its strings hold.
        #[test]
        fn quotes_are_written_as_serde_writes_them(
            text in "(\\PC|[\u{0}-\u{1f}\u{7f}\"\\\\<>&/])*",
            speaker in proptest::option::of("[a-z\"\\\\-]{0,8}"),
            page in "[/a-z0-9\"#]{0,12}",
            start: u32,
            end: u32,
        ) {
            let quote = Quote {
                id: "q12",
                article: "a\"b\\c\u{1}",
                text: &text,
                speaker: speaker.as_deref(),
                start: start as usize,
                end: end as usize,
                url: &page,
            };
            let mut written = Vec::new();
            quote.write_json(&mut written);
            proptest::prop_assert_eq!(
                String::from_utf8(written).unwrap(),
                serde_json::to_string(&quote).unwrap()
            );
        }
    }
}
