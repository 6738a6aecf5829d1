//! `data/*.json`: the site's facts for other tools (SPEC §6). Each file is a
//! JSON array sorted by id; the fields are a public interface.

use serde_json::{Value, json};

use super::facts::Doc;
use super::views::Views;

/// The data files, as (output path, JSON text).
pub fn files(views: &Views<'_>) -> Vec<(String, String)> {
    [
        ("data/documents.json", documents(views)),
        ("data/actors.json", actors(views)),
        ("data/quotes.json", quotes(views)),
        ("data/stances.json", stances(views)),
    ]
    .into_iter()
    .map(|(path, value)| {
        let mut text = serde_json::to_string_pretty(&value).expect("JSON values serialize");
        text.push('\n');
        (path.to_string(), text)
    })
    .collect()
}

fn sorted_by_id(mut items: Vec<Value>) -> Value {
    items.sort_by(|a, b| {
        a["id"]
            .as_str()
            .cmp(&b["id"].as_str())
            .then_with(|| a["kind"].as_str().cmp(&b["kind"].as_str()))
    });
    Value::Array(items)
}

fn documents(views: &Views<'_>) -> Value {
    let corpus = views.corpus;
    let facts = views.facts;
    let docs = (0..corpus.articles.len())
        .map(Doc::Article)
        .chain((0..corpus.notes.len()).map(Doc::Note));
    let items = docs
        .map(|d| {
            let link = views.doc_link(d);
            let counts = match d {
                Doc::Article(i) => &facts.article_mentions[i],
                Doc::Note(i) => &facts.note_mentions[i],
            };
            let mentions: serde_json::Map<String, Value> = counts
                .iter()
                .map(|(&a, t)| (corpus.actors[a].id.clone(), json!(t.count)))
                .collect();
            json!({
                "id": link.id,
                "kind": link.kind,
                "title": link.title,
                "date": link.date,
                "url": link.url,
                "mentions": mentions,
            })
        })
        .collect();
    sorted_by_id(items)
}

fn actors(views: &Views<'_>) -> Value {
    let corpus = views.corpus;
    let totals = views.facts.mention_totals(corpus.actors.len());
    let items = corpus
        .actors
        .iter()
        .zip(totals)
        .map(|(a, total)| {
            json!({
                "id": a.id,
                "name": a.name,
                "kind": a.kind,
                "aliases": a.aliases,
                "member_of": a.member_of,
                "role": a.role,
                "country": a.country,
                "mentions": total,
                "url": views.urls.actor(&a.id),
            })
        })
        .collect();
    sorted_by_id(items)
}

/// One record per assessment, sorted by actor, topic, then date.
fn stances(views: &Views<'_>) -> Value {
    let corpus = views.corpus;
    let items: Vec<Value> = views
        .facts
        .stances
        .standings
        .values()
        .flat_map(|s| s.history.iter())
        .map(|a| {
            let stance = a.stance(corpus);
            json!({
                "actor": stance.actor,
                "topic": stance.topic,
                "position": stance.position,
                "value": a.value,
                "date": a.date.to_string(),
                "note": corpus.notes[a.note].id,
                "confidence": stance.confidence,
                "evidence": stance.evidence.as_ref().map(|e| e.to_string()),
                "salience": stance.salience,
                "comment": stance.comment,
                "current": a.current,
                "shift": a.shift,
                "contested": a.contested,
            })
        })
        .collect();
    Value::Array(items)
}

/// Every quote, sorted by article then document order.
fn quotes(views: &Views<'_>) -> Value {
    let corpus = views.corpus;
    let mut items: Vec<(&str, usize, Value)> = Vec::new();
    for (a, quotes) in views.facts.quotes.iter().enumerate() {
        let article = &corpus.articles[a];
        let base = article.source.body_offset;
        for (n, q) in quotes.iter().enumerate() {
            items.push((
                article.id.as_str(),
                n,
                json!({
                    "id": q.id,
                    "article": article.id,
                    "text": q.text,
                    "speaker": q.speaker.map(|s| corpus.actors[s].id.as_str()),
                    "start": base + q.span.start,
                    "end": base + q.span.end,
                    "url": views.urls.quote(&article.id, &q.id),
                }),
            ));
        }
    }
    items.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
    Value::Array(items.into_iter().map(|(_, _, v)| v).collect())
}
