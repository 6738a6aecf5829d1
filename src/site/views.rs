//! What templates see: plain serializable views of items, with URLs and
//! labels resolved, built from the corpus and its facts.

use serde::Serialize;

use super::facts::{Doc, Facts};
use super::urls::Urls;
use crate::analysis::Assessment;
use crate::config::Config;
use crate::content::History;
use crate::model::{Actor, Corpus, Note, Salience, Topic, term_label};

/// A link to an item.
#[derive(Clone, Debug, Serialize)]
pub struct Link {
    pub id: String,
    pub title: String,
    pub url: String,
}

/// A link to a dated document, for lists.
#[derive(Clone, Debug, Serialize)]
pub struct DocLink {
    pub id: String,
    /// "note" or "article".
    pub kind: &'static str,
    pub title: String,
    pub url: String,
    pub date: Option<String>,
    pub date_human: Option<String>,
    pub summary_html: String,
    pub summary_text: String,
    /// The outlet (articles) or the analysts (notes).
    pub byline: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct TagLink {
    pub name: String,
    pub slug: String,
    pub url: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct Label {
    pub key: String,
    pub label: String,
}

/// A position on the scale, ready to show.
#[derive(Clone, Debug, Serialize)]
pub struct PositionView {
    pub key: String,
    pub label: String,
    pub colour: String,
    pub value: Option<i32>,
}

/// The parts of an assessment that many assessments share.
pub struct AssessmentParts {
    /// [`Views::actor_link_by_id`] of its actor.
    pub actor: tera::Value,
    /// [`Views::topic_link_by_id`] of its topic.
    pub topic: tera::Value,
    /// [`Views::position`] of its position.
    pub position: tera::Value,
    /// [`Views::note_link`] of its note.
    pub note: tera::Value,
}

/// One assessment, ready to show.
#[derive(Serialize)]
pub struct AssessmentView<'a> {
    pub actor: tera::Value,
    pub topic: tera::Value,
    pub position: tera::Value,
    pub date: String,
    pub date_human: String,
    pub note: tera::Value,
    pub confidence: Option<Label>,
    pub evidence: Option<Link>,
    pub salience: Option<Salience>,
    pub comment: Option<&'a str>,
    /// -1, 0, +1 against the previous assessment; `None` when there is none.
    pub shift: Option<i32>,
    /// "↑", "↓", "→" or "".
    pub shift_symbol: &'static str,
    /// "moved towards support", ... for readers and screen readers.
    pub shift_label: &'static str,
    pub contested: bool,
    pub current: bool,
}

/// Builds views; holds what every view needs.
#[derive(Clone, Copy)]
pub struct Views<'a> {
    pub corpus: &'a Corpus,
    pub facts: &'a Facts,
    pub config: &'a Config,
    pub urls: &'a Urls,
    /// The git history of the content files.
    pub history: &'a History,
}

/// When a document was last revised: front matter `updated`, else its last
/// commit; with the number of commits when the site is in git.
#[derive(Clone, Debug, Serialize)]
pub struct Revised {
    /// The ISO day, `2025-05-20`.
    pub date: String,
    /// "20 May 2025".
    pub human: String,
    /// For feeds.
    pub rfc3339: String,
    pub revisions: Option<usize>,
}

impl<'a> Views<'a> {
    /// The corpus and its facts.
    pub fn pair(&self) -> (&'a Corpus, &'a Facts) {
        (self.corpus, self.facts)
    }

    /// When `doc` was last revised, if its front matter or the history says.
    pub fn revised(&self, doc: Doc) -> Option<Revised> {
        let (source, updated) = match doc {
            Doc::Note(i) => (&self.corpus.notes[i].source, self.corpus.notes[i].updated),
            Doc::Article(i) => (
                &self.corpus.articles[i].source,
                self.corpus.articles[i].updated,
            ),
        };
        let history = self.history.of(&source.path);
        let date = updated.or(history.map(|h| h.last))?;
        Some(Revised {
            date: date.to_string(),
            human: date.human(),
            rfc3339: date.rfc3339(),
            revisions: history.map(|h| h.count),
        })
    }

    pub fn note_link(&self, note: &Note) -> Link {
        Link {
            id: note.id.clone(),
            title: note.title.clone(),
            url: self.urls.note(&note.id),
        }
    }

    pub fn actor_link(&self, actor: &Actor) -> Link {
        Link {
            id: actor.id.clone(),
            title: actor.name.clone(),
            url: self.urls.actor(&actor.id),
        }
    }

    pub fn topic_link(&self, topic: &Topic) -> Link {
        Link {
            id: topic.id.clone(),
            title: topic.title.clone(),
            url: self.urls.topic(&topic.id),
        }
    }

    /// A link to the actor with `id`, or to its id alone if it is not in the registry.
    pub fn actor_link_by_id(&self, id: &str) -> Link {
        match self.corpus.actor(id) {
            Some(actor) => self.actor_link(actor),
            None => Link {
                id: id.to_string(),
                title: id.to_string(),
                url: String::new(),
            },
        }
    }

    pub fn topic_link_by_id(&self, id: &str) -> Link {
        match self.corpus.topic(id) {
            Some(topic) => self.topic_link(topic),
            None => Link {
                id: id.to_string(),
                title: id.to_string(),
                url: String::new(),
            },
        }
    }

    pub fn doc_link(&self, doc: Doc) -> DocLink {
        match doc {
            Doc::Note(i) => {
                let n = &self.corpus.notes[i];
                let r = &self.facts.notes[i].rendered;
                DocLink {
                    id: n.id.clone(),
                    kind: "note",
                    title: n.title.clone(),
                    url: self.urls.note(&n.id),
                    date: Some(n.date.to_string()),
                    date_human: Some(n.date.human()),
                    summary_html: match &n.summary {
                        Some(s) => format!("<p>{}</p>", crate::render::highlight::escape(s)),
                        None => r.summary_html.clone(),
                    },
                    summary_text: n.summary.clone().unwrap_or_else(|| r.summary_text.clone()),
                    byline: n.analysts.join(", "),
                }
            }
            Doc::Article(i) => {
                let a = &self.corpus.articles[i];
                let r = &self.facts.articles[i].rendered;
                DocLink {
                    id: a.id.clone(),
                    kind: "article",
                    title: a.title.clone(),
                    url: self.urls.article(&a.id),
                    date: a.date.map(|d| d.to_string()),
                    date_human: a.date.map(|d| d.human()),
                    summary_html: r.summary_html.clone(),
                    summary_text: r.summary_text.clone(),
                    byline: a.outlet.clone().unwrap_or_default(),
                }
            }
        }
    }

    pub fn tag_link(&self, name: &str) -> TagLink {
        let slug = crate::content::slugify(name);
        TagLink {
            name: name.to_string(),
            url: self.urls.tag(&slug),
            slug,
        }
    }

    pub fn position(&self, key: &str) -> PositionView {
        match self.config.scale.level(key) {
            Some(level) => PositionView {
                key: level.key.clone(),
                label: level.label.clone(),
                colour: level.colour.clone(),
                value: level.value,
            },
            None => PositionView {
                key: key.to_string(),
                label: key.to_string(),
                colour: "#ccc".into(),
                value: None,
            },
        }
    }

    /// Assessment `a`; its actor, topic, position and note, which many
    /// assessments share, come as template values made by the caller.
    pub fn assessment(&self, a: &Assessment, shared: AssessmentParts) -> AssessmentView<'a> {
        let note = &self.corpus.notes[a.note];
        let stance = a.stance(self.corpus);
        let evidence = stance.evidence.as_ref().map(|e| {
            let article = self.corpus.article(&e.article);
            let title = article.map_or_else(|| e.article.clone(), |a| a.title.clone());
            match &e.quote {
                Some(q) => Link {
                    id: e.to_string(),
                    title: format!("{title}, quote {q}"),
                    url: self.urls.quote(&e.article, q),
                },
                None => Link {
                    id: e.to_string(),
                    title,
                    url: self.urls.article(&e.article),
                },
            }
        });
        let (shift_symbol, shift_label) = match a.shift {
            Some(1) => ("↑", "moved towards support"),
            Some(-1) => ("↓", "moved towards opposition"),
            Some(_) => ("→", "unchanged"),
            None => ("", ""),
        };
        AssessmentView {
            actor: shared.actor,
            topic: shared.topic,
            position: shared.position,
            date: note.date.to_string(),
            date_human: note.date.human(),
            note: shared.note,
            confidence: stance.confidence.as_deref().map(term),
            evidence,
            salience: stance.salience,
            comment: stance.comment.as_deref(),
            shift: a.shift,
            shift_symbol,
            shift_label,
            contested: a.contested,
            current: a.current,
        }
    }
}

pub fn term(key: &str) -> Label {
    Label {
        key: key.to_string(),
        label: term_label(key).unwrap_or(key).to_string(),
    }
}
