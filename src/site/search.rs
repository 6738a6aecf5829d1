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

/// Writes the index of the site in `views` to `sink`.
pub fn write(views: &Views<'_>, sink: &dyn Sink) -> io::Result<()> {
    let json = serde_json::to_string(&entries(views))?;
    // `<` occurs only inside strings: escaped, no text in the index could
    // close a script element even if the index were inlined in a page.
    let json = json.replace('<', "\\u003c");
    let mut out = sink.writer(FILE)?;
    out.write_all(b"window.briefSearch = ")?;
    out.write_all(json.as_bytes())?;
    out.write_all(b";\n")?;
    out.flush()
}

fn entries<'a>(views: &'a Views<'a>) -> Vec<Entry<'a>> {
    let (corpus, facts) = (views.corpus, views.facts);
    let mut entries = Vec::new();
    // A document is found by the actors it mentions, by name.
    let mentioned = |doc: Doc| -> String {
        let names = facts.doc(doc).mentions.keys();
        let names: Vec<&str> = names.map(|&a| corpus.actors[a].name.as_str()).collect();
        names.join(" ")
    };
    for (i, note) in corpus.notes.iter().enumerate() {
        let rendered = &facts.doc(Doc::Note(i)).rendered;
        let summary = note.summary.as_deref().unwrap_or(&rendered.summary_text);
        entries.push(Entry(
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
        ));
    }
    for (i, article) in corpus.articles.iter().enumerate() {
        let rendered = &facts.doc(Doc::Article(i)).rendered;
        let byline = [article.outlet.as_deref(), article.author.as_deref()];
        let byline: Vec<&str> = byline.into_iter().flatten().collect();
        entries.push(Entry(
            "article",
            &article.title,
            article.date.map(|d| d.to_string()),
            format!("articles/{}/", article.id),
            snippet(&rendered.summary_text),
            [byline.join(" "), mentioned(Doc::Article(i))].join(" "),
        ));
    }
    for actor in &corpus.actors {
        entries.push(Entry(
            "actor",
            &actor.name,
            None,
            format!("actors/{}/", actor.id),
            Cow::Borrowed(actor.role.as_deref().unwrap_or("")),
            actor.aliases.join(" "),
        ));
    }
    for (i, article) in corpus.articles.iter().enumerate() {
        for quote in &facts.doc(Doc::Article(i)).quotes {
            let speaker = quote.speaker.map(|s| corpus.actors[s].name.as_str());
            entries.push(Entry(
                "quote",
                speaker.unwrap_or("Unattributed"),
                article.date.map(|d| d.to_string()),
                format!("articles/{}/#{}", article.id, quote.id),
                snippet(&quote.text),
                article.title.clone(),
            ));
        }
    }
    entries
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
