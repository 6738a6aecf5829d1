//! The briefing's content as plain data: articles, notes, actors, topics and the
//! stances notes assess. No I/O, no HTML: `content` fills these, `analysis`
//! reads them, `render` and `site` turn them into pages.

mod date;
mod scale;

use rustc_hash::FxHashMap;
use std::path::PathBuf;
use std::sync::Arc;

use serde::Serialize;

use crate::diagnostic::Position;

pub use date::Date;
pub use scale::{ESTIMATIVE_TERMS, Level, Salience, Scale, term_label};

/// Free data from front matter's `extra`, passed to templates untouched.
pub type Extra = serde_json::Map<String, serde_json::Value>;

/// Where an item came from: its file relative to the site root, and where the
/// body starts in that file.
#[derive(Clone, Debug, Serialize)]
pub struct Source {
    pub path: PathBuf,
    /// Byte offset of the body in the file, so analysis offsets can point into the file.
    pub body_offset: usize,
    /// The 1-based line the body starts on, so positions in the body can be
    /// reported as positions in the file.
    pub body_line: usize,
}

impl Source {
    /// The position in the file of byte `offset` of `body`.
    pub fn position_in_body(&self, body: &str, offset: usize) -> Position {
        let inner = Position::of_offset(body, offset);
        // Columns on the body's first line count from the body's start, which
        // is always a line start.
        Position::new(self.body_line + inner.line - 1, inner.col)
    }
}

/// How an article's body is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TextFormat {
    Markdown,
    /// Plain text, as received: paragraphs, everything escaped.
    Plain,
}

/// A source article: news or wire text as received.
#[derive(Clone, Debug)]
pub struct Article {
    pub id: String,
    pub source: Source,
    pub format: TextFormat,
    pub title: String,
    pub date: Option<Date>,
    /// When the text was last revised, if the front matter says (it wins
    /// over the git history).
    pub updated: Option<Date>,
    pub outlet: Option<String>,
    pub url: Option<String>,
    pub author: Option<String>,
    pub language: Option<String>,
    pub tags: Vec<String>,
    /// Admiralty source reliability, `A` to `F`.
    pub reliability: Option<char>,
    /// Admiralty information credibility, 1 to 6.
    pub credibility: Option<u8>,
    /// Actor ids named in front matter, added to those detected in the text.
    pub actors: Vec<String>,
    pub draft: bool,
    pub extra: Extra,
    pub body: String,
}

/// An analyst note assessing articles and actors' stances.
#[derive(Clone, Debug)]
pub struct Note {
    pub id: String,
    pub source: Source,
    pub title: String,
    pub date: Date,
    /// When the note was last revised, if the front matter says (it wins
    /// over the git history).
    pub updated: Option<Date>,
    pub analysts: Vec<String>,
    pub articles: Vec<String>,
    pub tags: Vec<String>,
    pub summary: Option<String>,
    /// An estimative term.
    pub confidence: Option<String>,
    pub draft: bool,
    pub extra: Extra,
    pub stances: Vec<Stance>,
    pub body: String,
}

/// One assessment of where an actor stands on a topic, from a note.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Stance {
    pub actor: String,
    pub topic: String,
    /// A key of the stance scale.
    pub position: String,
    /// An estimative term.
    pub confidence: Option<String>,
    pub evidence: Option<Evidence>,
    pub salience: Option<Salience>,
    pub comment: Option<String>,
    /// Where the assessment is written (its `actor` key), for diagnostics.
    #[serde(skip)]
    pub at: Position,
    /// Where its `evidence` is written (where the stance is, when it has none).
    #[serde(skip)]
    pub evidence_at: Position,
}

/// What a stance rests on: an article, or one quote in it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Evidence {
    pub article: String,
    pub quote: Option<String>,
}

impl Evidence {
    /// Parses `article` or `article#quote`.
    pub fn parse(text: &str) -> Self {
        match text.split_once('#') {
            Some((article, quote)) => Evidence {
                article: article.to_string(),
                quote: Some(quote.to_string()),
            },
            None => Evidence {
                article: text.to_string(),
                quote: None,
            },
        }
    }
}

impl std::fmt::Display for Evidence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.quote {
            Some(q) => write!(f, "{}#{q}", self.article),
            None => f.write_str(&self.article),
        }
    }
}

/// What kind of actor an entry of the registry is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ActorKind {
    State,
    Organisation,
    Person,
    Group,
    Media,
    Other,
}

impl ActorKind {
    pub const ALL: [ActorKind; 6] = [
        ActorKind::State,
        ActorKind::Organisation,
        ActorKind::Person,
        ActorKind::Group,
        ActorKind::Media,
        ActorKind::Other,
    ];

    pub fn key(self) -> &'static str {
        match self {
            ActorKind::State => "state",
            ActorKind::Organisation => "organisation",
            ActorKind::Person => "person",
            ActorKind::Group => "group",
            ActorKind::Media => "media",
            ActorKind::Other => "other",
        }
    }

    /// The heading for a group of actors of this kind.
    pub fn plural_label(self) -> &'static str {
        match self {
            ActorKind::State => "States",
            ActorKind::Organisation => "Organisations",
            ActorKind::Person => "People",
            ActorKind::Group => "Groups",
            ActorKind::Media => "Media",
            ActorKind::Other => "Other actors",
        }
    }

    pub fn parse(key: &str) -> Option<Self> {
        ActorKind::ALL.into_iter().find(|k| k.key() == key)
    }
}

/// An entry of the actor registry: a person, state, organisation, ...
#[derive(Clone, Debug)]
pub struct Actor {
    pub id: String,
    pub source: Source,
    pub name: String,
    pub kind: ActorKind,
    pub aliases: Vec<String>,
    pub member_of: Vec<String>,
    pub role: Option<String>,
    pub country: Option<String>,
    pub extra: Extra,
    pub body: String,
}

#[cfg(test)]
impl Actor {
    /// A registry entry with only what analysis tests need.
    pub fn for_test(id: &str, name: &str, kind: ActorKind, aliases: &[&str]) -> Actor {
        Actor {
            id: id.to_string(),
            source: Source {
                path: format!("content/actors/{id}.md").into(),
                body_offset: 0,
                body_line: 1,
            },
            name: name.to_string(),
            kind,
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            member_of: vec![],
            role: None,
            country: None,
            extra: Default::default(),
            body: String::new(),
        }
    }
}

/// A question actors take positions on.
#[derive(Clone, Debug)]
pub struct Topic {
    pub id: String,
    pub source: Source,
    pub title: String,
    pub question: Option<String>,
    pub extra: Extra,
    pub body: String,
}

/// Everything a site holds, each list sorted by its defined key.
///
/// Articles and notes are sorted newest first, then by id; actors and topics by id.
#[derive(Clone, Debug, Default)]
pub struct Corpus {
    // Documents are shared, so that a rebuild's corpus holds the unchanged
    // ones of the previous corpus without copying them.
    pub articles: Vec<Arc<Article>>,
    pub notes: Vec<Arc<Note>>,
    pub actors: Vec<Actor>,
    pub topics: Vec<Topic>,
    /// Positions by id, filled by [`Corpus::arrange`]; shared by clones.
    index: Arc<Index>,
}

/// Where each item sits in its list, by id.
#[derive(Clone, Debug, Default)]
struct Index {
    articles: FxHashMap<String, usize>,
    actors: FxHashMap<String, usize>,
    topics: FxHashMap<String, usize>,
}

/// Ids by position; only ever looked up, so its order cannot leak.
fn positions<'a>(ids: impl Iterator<Item = &'a String>) -> FxHashMap<String, usize> {
    ids.enumerate().map(|(i, id)| (id.clone(), i)).collect()
}

impl Corpus {
    /// Sorts every list by its defined key, so output never depends on
    /// file-system order, and indexes the ids for lookups.
    pub fn arrange(&mut self) {
        self.articles
            .sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.id.cmp(&b.id)));
        self.notes
            .sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.id.cmp(&b.id)));
        self.actors.sort_by(|a, b| a.id.cmp(&b.id));
        self.topics.sort_by(|a, b| a.id.cmp(&b.id));
        self.index = Arc::new(Index {
            articles: positions(self.articles.iter().map(|a| &a.id)),
            actors: positions(self.actors.iter().map(|a| &a.id)),
            topics: positions(self.topics.iter().map(|t| &t.id)),
        });
    }

    /// The position of article `id` in `articles`.
    pub fn article_index(&self, id: &str) -> Option<usize> {
        self.index.articles.get(id).copied()
    }

    /// The position of the note `id` dated `date` in `notes`.
    pub fn note_index(&self, id: &str, date: Date) -> Option<usize> {
        self.notes
            .binary_search_by(|n| date.cmp(&n.date).then_with(|| n.id.as_str().cmp(id)))
            .ok()
    }

    /// The position of actor `id` in `actors`.
    pub fn actor_index(&self, id: &str) -> Option<usize> {
        self.index.actors.get(id).copied()
    }

    /// The position of topic `id` in `topics`.
    pub fn topic_index(&self, id: &str) -> Option<usize> {
        self.index.topics.get(id).copied()
    }

    pub fn article(&self, id: &str) -> Option<&Article> {
        self.article_index(id).map(|i| &*self.articles[i])
    }

    pub fn actor(&self, id: &str) -> Option<&Actor> {
        self.actor_index(id).map(|i| &self.actors[i])
    }

    pub fn topic(&self, id: &str) -> Option<&Topic> {
        self.topic_index(id).map(|i| &self.topics[i])
    }
}
