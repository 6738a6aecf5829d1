//! Parsing one content file into a model item, with the references it makes.

use std::path::Path;
use std::sync::Arc;

use super::fields::{Fields, FileContext, Place};
use super::frontmatter;
use super::{Kind, LoadOptions, Reference, slugify};
use crate::diagnostic::{Diagnostic, Position};
use crate::model::{
    Actor, ActorKind, Article, Corpus, ESTIMATIVE_TERMS, Evidence, Note, Salience, Source, Stance,
    TextFormat, Topic,
};

const ARTICLE_KEYS: &[&str] = &[
    "title",
    "slug",
    "date",
    "updated",
    "source",
    "url",
    "author",
    "language",
    "tags",
    "reliability",
    "credibility",
    "actors",
    "draft",
    "extra",
];
const NOTE_KEYS: &[&str] = &[
    "title",
    "slug",
    "date",
    "updated",
    "analysts",
    "articles",
    "tags",
    "summary",
    "confidence",
    "draft",
    "extra",
    "stance",
];
const STANCE_KEYS: &[&str] = &[
    "actor",
    "topic",
    "position",
    "confidence",
    "evidence",
    "salience",
    "comment",
];
const ACTOR_KEYS: &[&str] = &[
    "name",
    "slug",
    "kind",
    "aliases",
    "member_of",
    "role",
    "country",
    "extra",
];
const TOPIC_KEYS: &[&str] = &["title", "slug", "question", "extra"];

/// One loaded item of any kind.
#[derive(Clone)]
pub enum Item {
    Article(Arc<Article>),
    Note(Arc<Note>),
    Actor(Actor),
    Topic(Topic),
}

impl Item {
    pub fn kind(&self) -> Kind {
        match self {
            Item::Article(_) => Kind::Article,
            Item::Note(_) => Kind::Note,
            Item::Actor(_) => Kind::Actor,
            Item::Topic(_) => Kind::Topic,
        }
    }

    pub fn id(&self) -> &str {
        match self {
            Item::Article(a) => &a.id,
            Item::Note(n) => &n.id,
            Item::Actor(a) => &a.id,
            Item::Topic(t) => &t.id,
        }
    }

    pub fn path(&self) -> &Path {
        match self {
            Item::Article(a) => &a.source.path,
            Item::Note(n) => &n.source.path,
            Item::Actor(a) => &a.source.path,
            Item::Topic(t) => &t.source.path,
        }
    }

    pub fn is_draft(&self) -> bool {
        match self {
            Item::Article(a) => a.draft,
            Item::Note(n) => n.draft,
            Item::Actor(_) | Item::Topic(_) => false,
        }
    }

    pub fn add_to(self, corpus: &mut Corpus) {
        match self {
            Item::Article(a) => corpus.articles.push(a),
            Item::Note(n) => corpus.notes.push(n),
            Item::Actor(a) => corpus.actors.push(a),
            Item::Topic(t) => corpus.topics.push(t),
        }
    }
}

/// The outcome of parsing one file: the item if it is usable, and what was wrong.
#[derive(Clone)]
pub struct Parsed {
    pub item: Option<Item>,
    pub references: Vec<Reference>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Parsed {
    fn failed(diagnostic: Diagnostic) -> Self {
        Parsed {
            item: None,
            references: Vec::new(),
            diagnostics: vec![diagnostic],
        }
    }
}

/// Reads and parses `root/rel` as an item of `kind`.
pub fn parse_file(root: &Path, rel: &Path, kind: Kind, options: &LoadOptions) -> Parsed {
    let bytes = match std::fs::read(root.join(rel)) {
        Ok(bytes) => bytes,
        Err(e) => {
            return Parsed::failed(Diagnostic::error(
                rel,
                Position::FILE,
                format!("cannot read: {e}"),
            ));
        }
    };
    let text = match std::str::from_utf8(&bytes) {
        Ok(text) => text,
        Err(e) => {
            let valid = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default();
            return Parsed::failed(
                Diagnostic::error(
                    rel,
                    Position::of_offset(valid, valid.len()),
                    "file is not valid UTF-8",
                )
                .with_help("save the file as UTF-8"),
            );
        }
    };
    parse_text(rel, text, kind, options)
}

/// Parses the text of a file (for tests and the server, which has it in memory).
pub fn parse_text(rel: &Path, text: &str, kind: Kind, options: &LoadOptions) -> Parsed {
    let bom = if text.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    };
    let text = &text[bom..];
    if text.trim().is_empty() {
        return Parsed::failed(
            Diagnostic::error(rel, Position::FILE, format!("empty {} file", kind.name()))
                .with_help(empty_file_help(kind)),
        );
    }
    let split = match frontmatter::split(text) {
        Ok(split) => split,
        Err((pos, message, help)) => {
            return Parsed::failed(Diagnostic::error(rel, pos, message).with_help(help));
        }
    };
    let ctx = FileContext::new(rel, split.front, format!("{} front matter", kind.name()));
    let map = match split.front.map(|f| f.parse()).transpose() {
        Ok(map) => map.unwrap_or_default(),
        Err((pos, message)) => return Parsed::failed(ctx.error(pos, message)),
    };
    let fields = Fields::new(&ctx, map);
    let source = Source {
        path: rel.to_path_buf(),
        body_offset: bom + split.body_offset,
        body_line: Position::of_offset(text, split.body_offset).line,
    };
    let mut refs = References {
        path: rel,
        list: Vec::new(),
    };
    let item = match kind {
        Kind::Article => article(
            &fields,
            source,
            split.body,
            split.front.is_some(),
            &mut refs,
        ),
        Kind::Note => {
            for link in super::explicit_links(split.body) {
                let at = split.body_offset + link.range.start + 2;
                refs.list.push(Reference {
                    kind: Kind::Actor,
                    id: link.id,
                    path: rel.to_path_buf(),
                    place: Place::at(Position::of_offset(text, at)),
                    key: "[[...]]",
                });
            }
            note(&fields, source, split.body, options, &mut refs)
        }
        Kind::Actor => actor(&fields, source, split.body, &mut refs),
        Kind::Topic => topic(&fields, source, split.body),
    };
    let references = refs.list;
    drop(fields);
    let diagnostics = ctx.into_diagnostics();
    Parsed {
        item: if diagnostics.is_empty() { item } else { None },
        references,
        diagnostics,
    }
}

/// How to fill an empty file of `kind`.
fn empty_file_help(kind: Kind) -> String {
    match kind {
        Kind::Article => "paste the article's text into it, or delete the file".to_string(),
        _ => format!(
            "start it with front matter, or delete it; `brief new {} NAME` writes one",
            kind.name()
        ),
    }
}

/// Collects the references an item makes to others.
struct References<'p> {
    path: &'p Path,
    list: Vec<Reference>,
}

impl References<'_> {
    fn add(&mut self, fields: &Fields<'_, '_>, key: &'static str, kind: Kind, id: &str) {
        self.list.push(Reference {
            kind,
            id: id.to_string(),
            path: self.path.to_path_buf(),
            place: fields.place(key),
            key,
        });
    }
}

/// The item's id: its `slug`, or else its file name, made a slug. An id
/// with no letter or digit in it is an error: its page would be written
/// over its section's listing.
fn id_of(fields: &Fields<'_, '_>, path: &Path) -> String {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy())
        .unwrap_or_default();
    let slug = fields.string("slug");
    let id = slugify(slug.as_deref().unwrap_or(&stem));
    if id.is_empty() {
        let (from, help) = match &slug {
            Some(slug) => (format!("`slug` {slug:?}"), "give `slug` a letter or digit"),
            None => (
                format!("the file name {stem:?}"),
                "rename the file, or set `slug`",
            ),
        };
        fields.error_at("slug", format!("{from} makes an empty id"), help);
    }
    id
}

fn article(
    fields: &Fields<'_, '_>,
    source: Source,
    body: &str,
    has_front_matter: bool,
    refs: &mut References<'_>,
) -> Option<Item> {
    fields.reject_unknown(ARTICLE_KEYS);
    let path = source.path.clone();
    let format = match path.extension().and_then(|e| e.to_str()) {
        Some("txt") => TextFormat::Plain,
        _ => TextFormat::Markdown,
    };
    let mut body = body.to_string();
    let mut source = source;
    let title = match fields.string("title") {
        Some(title) => title,
        None if !has_front_matter && format == TextFormat::Plain => match headline(&body) {
            Some((title, rest)) => {
                source.body_offset += rest;
                source.body_line += 1;
                let title = title.to_string();
                body.drain(..rest);
                title
            }
            None => title_from_file(&path),
        },
        None => title_from_file(&path),
    };
    let reliability = fields.string("reliability").and_then(|r| {
        let grade = r.trim().to_ascii_uppercase();
        match grade.as_str() {
            "A" | "B" | "C" | "D" | "E" | "F" => grade.chars().next(),
            _ => {
                fields.push_unknown(
                    "reliability",
                    &r,
                    "source reliability grade",
                    ["A", "B", "C", "D", "E", "F"],
                );
                None
            }
        }
    });
    let credibility = fields.raw("credibility").and_then(|value| {
        let grade = match value {
            serde_json::Value::Number(n) => n.as_u64(),
            serde_json::Value::String(s) => s.trim().parse().ok(),
            _ => None,
        };
        match grade {
            Some(g @ 1..=6) => Some(g as u8),
            _ => {
                let pos = fields.position("credibility", None);
                fields.ctx().push(
                    fields
                        .ctx()
                        .error(pos, format!("invalid information credibility `{value}`"))
                        .with_help("credibility is an Admiralty grade from 1 (confirmed) to 6 (cannot be judged)"),
                );
                None
            }
        }
    });
    let actors = fields.strings("actors");
    for actor in &actors {
        refs.add(fields, "actors", Kind::Actor, actor);
    }
    Some(Item::Article(Arc::new(Article {
        id: id_of(fields, &path),
        format,
        title,
        date: fields.date("date"),
        updated: fields.date("updated"),
        outlet: fields.string("source"),
        url: fields.string("url"),
        author: fields.string("author"),
        language: fields.string("language"),
        tags: fields.strings("tags"),
        reliability,
        credibility,
        actors,
        draft: fields.bool("draft"),
        extra: fields.extra("extra"),
        body,
        source,
    })))
}

/// A plain-text article's headline: a short first line followed by more text.
/// Returns it with the byte offset where the rest of the text starts.
fn headline(body: &str) -> Option<(&str, usize)> {
    let end = body.find('\n')?;
    let line = body[..end].trim();
    let rest = &body[end + 1..];
    let short = !line.is_empty() && line.chars().count() <= 120 && !line.ends_with(['.', ':', ',']);
    (short && !rest.trim().is_empty()).then_some((line, end + 1))
}

fn title_from_file(path: &Path) -> String {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy())
        .unwrap_or_default();
    stem.replace(['-', '_'], " ")
}

fn note(
    fields: &Fields<'_, '_>,
    source: Source,
    body: &str,
    options: &LoadOptions,
    refs: &mut References<'_>,
) -> Option<Item> {
    fields.reject_unknown(NOTE_KEYS);
    let path = source.path.clone();
    let title = fields.required_string("title", "\"Talks in Istanbul: first assessment\"");
    let date = fields.required_date("date");
    let articles = fields.strings("articles");
    for article in &articles {
        refs.add(fields, "articles", Kind::Article, article);
    }
    let terms: Vec<&str> = ESTIMATIVE_TERMS.iter().map(|(k, _)| *k).collect();
    let confidence = fields.choice("confidence", &terms);
    let stances = fields
        .tables("stance", "`stance`")
        .iter()
        .filter_map(|s| stance(s, options, &terms, refs))
        .collect();
    let note = Note {
        id: id_of(fields, &path),
        title: title.unwrap_or_default(),
        date: date?,
        updated: fields.date("updated"),
        analysts: fields.strings("analysts"),
        articles,
        tags: fields.strings("tags"),
        summary: fields.string("summary"),
        confidence,
        draft: fields.bool("draft"),
        extra: fields.extra("extra"),
        stances,
        body: body.to_string(),
        source,
    };
    Some(Item::Note(Arc::new(note)))
}

fn stance(
    fields: &Fields<'_, '_>,
    options: &LoadOptions,
    terms: &[&str],
    refs: &mut References<'_>,
) -> Option<Stance> {
    fields.reject_unknown(STANCE_KEYS);
    let actor = fields.required_string("actor", "\"russia\"");
    let topic = fields.required_string("topic", "\"peace-talks\"");
    let position = fields.required_string("position", "\"skeptical\"");
    if let Some(actor) = &actor {
        refs.add(fields, "actor", Kind::Actor, actor);
    }
    if let Some(topic) = &topic {
        refs.add(fields, "topic", Kind::Topic, topic);
    }
    let position = position.filter(|p| {
        let known = options.scale.level(p).is_some();
        if !known {
            fields.push_unknown(
                "position",
                p,
                "position",
                options.scale.keys().collect::<Vec<_>>(),
            );
        }
        known
    });
    let evidence = fields.string("evidence").map(|e| Evidence::parse(&e));
    if let Some(evidence) = &evidence {
        refs.add(fields, "evidence", Kind::Article, &evidence.article);
    }
    let salience = fields
        .choice("salience", &Salience::KEYS)
        .and_then(|s| Salience::parse(&s));
    let confidence = fields.choice("confidence", terms);
    let comment = fields.string("comment");
    let at = fields.position("actor", None);
    // Located only when there is evidence: looking for a key a table does
    // not have reads the whole table.
    let evidence_at = match evidence {
        Some(_) => fields.position("evidence", None),
        None => at,
    };
    Some(Stance {
        actor: actor?,
        topic: topic?,
        position: position?,
        confidence,
        evidence,
        salience,
        comment,
        at,
        evidence_at,
    })
}

fn actor(
    fields: &Fields<'_, '_>,
    source: Source,
    body: &str,
    refs: &mut References<'_>,
) -> Option<Item> {
    fields.reject_unknown(ACTOR_KEYS);
    let path = source.path.clone();
    let name = fields.required_string("name", "\"Dmitry Peskov\"");
    let kinds: Vec<&str> = ActorKind::ALL.iter().map(|k| k.key()).collect();
    let kind = match fields.raw("kind") {
        None => Some(ActorKind::Other),
        Some(_) => fields
            .choice("kind", &kinds)
            .and_then(|k| ActorKind::parse(&k)),
    };
    let member_of = fields.strings("member_of");
    for parent in &member_of {
        refs.add(fields, "member_of", Kind::Actor, parent);
    }
    let country = fields.string("country");
    if let Some(country) = &country {
        refs.add(fields, "country", Kind::Actor, country);
    }
    let actor = Actor {
        id: id_of(fields, &path),
        name: name.unwrap_or_default(),
        kind: kind.unwrap_or(ActorKind::Other),
        aliases: fields.strings("aliases"),
        member_of,
        role: fields.string("role"),
        country,
        extra: fields.extra("extra"),
        body: body.to_string(),
        source,
    };
    Some(Item::Actor(actor))
}

fn topic(fields: &Fields<'_, '_>, source: Source, body: &str) -> Option<Item> {
    fields.reject_unknown(TOPIC_KEYS);
    let path = source.path.clone();
    let title = fields.required_string("title", "\"Peace talks\"");
    let topic = Topic {
        id: id_of(fields, &path),
        title: title.unwrap_or_default(),
        question: fields.string("question"),
        extra: fields.extra("extra"),
        body: body.to_string(),
        source,
    };
    Some(Item::Topic(topic))
}
