//! Everything pages are made from, computed once per build: rendered bodies,
//! mentions, stances, tags and the links between items.

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;

use crate::analysis::{Matcher, StanceMap};
use crate::config::Config;
use crate::content::slugify;
use crate::model::{Corpus, TextFormat};
use crate::render::{Rendered, render_markdown, render_plain};

/// A document: an article or a note, by index into its list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Doc {
    Article(usize),
    Note(usize),
}

/// One tag and the documents carrying it.
#[derive(Clone, Debug)]
pub struct Tag {
    pub name: String,
    pub slug: String,
    pub docs: Vec<Doc>,
}

/// The derived facts of a corpus.
pub struct Facts {
    pub articles: Vec<Rendered>,
    pub notes: Vec<Rendered>,
    pub actor_profiles: Vec<Rendered>,
    pub topic_bodies: Vec<Rendered>,
    /// Mentions per article and per note: actor index -> count.
    pub article_mentions: Vec<BTreeMap<usize, usize>>,
    pub note_mentions: Vec<BTreeMap<usize, usize>>,
    pub stances: StanceMap,
    /// Tags by slug.
    pub tags: BTreeMap<String, Tag>,
    /// For each article, the notes that discuss it (newest first).
    pub notes_on_article: Vec<Vec<usize>>,
    /// For each actor, the actors that are members of it.
    pub members: Vec<Vec<usize>>,
    /// Whether any body has highlighted code.
    pub has_code: bool,
}

impl Facts {
    pub fn new(corpus: &Corpus, config: &Config) -> Facts {
        let matcher = Matcher::new(&corpus.actors, config.mentions_case_sensitive);
        let (articles, article_mentions): (Vec<_>, Vec<_>) = corpus
            .articles
            .par_iter()
            .map(|a| {
                let rendered = match a.format {
                    TextFormat::Markdown => render_markdown(&a.body),
                    TextFormat::Plain => render_plain(&a.body),
                };
                let mut mentions = matcher.count(&format!("{}\n{}", a.title, a.body));
                for id in &a.actors {
                    if let Some(i) = corpus.actors.iter().position(|x| &x.id == id) {
                        mentions.entry(i).or_insert(1);
                    }
                }
                (rendered, mentions)
            })
            .unzip();
        let (notes, note_mentions): (Vec<_>, Vec<_>) = corpus
            .notes
            .par_iter()
            .map(|n| {
                (
                    render_markdown(&n.body),
                    matcher.count(&format!("{}\n{}", n.title, n.body)),
                )
            })
            .unzip();
        let actor_profiles = corpus
            .actors
            .par_iter()
            .map(|a| render_markdown(&a.body))
            .collect();
        let topic_bodies = corpus
            .topics
            .par_iter()
            .map(|t| render_markdown(&t.body))
            .collect();

        let mut tags: BTreeMap<String, Tag> = BTreeMap::new();
        let docs = corpus
            .notes
            .iter()
            .enumerate()
            .map(|(i, n)| (Doc::Note(i), &n.tags))
            .chain(
                corpus
                    .articles
                    .iter()
                    .enumerate()
                    .map(|(i, a)| (Doc::Article(i), &a.tags)),
            );
        for (doc, names) in docs {
            for name in names {
                let slug = slugify(name);
                if slug.is_empty() {
                    continue;
                }
                let tag = tags.entry(slug.clone()).or_insert_with(|| Tag {
                    name: name.clone(),
                    slug,
                    docs: Vec::new(),
                });
                if !tag.docs.contains(&doc) {
                    tag.docs.push(doc);
                }
            }
        }

        let notes_on_article = corpus
            .articles
            .iter()
            .map(|a| {
                corpus
                    .notes
                    .iter()
                    .enumerate()
                    .filter(|(_, n)| n.articles.contains(&a.id))
                    .map(|(i, _)| i)
                    .collect()
            })
            .collect();
        let index: BTreeMap<&str, usize> = corpus
            .actors
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id.as_str(), i))
            .collect();
        let mut members = vec![BTreeSet::new(); corpus.actors.len()];
        for (i, actor) in corpus.actors.iter().enumerate() {
            for parent in &actor.member_of {
                if let Some(&p) = index.get(parent.as_str()) {
                    members[p].insert(i);
                }
            }
        }
        let has_code = notes.iter().chain(&articles).any(|r: &Rendered| r.has_code);
        Facts {
            stances: StanceMap::new(corpus, &config.scale),
            articles,
            notes,
            actor_profiles,
            topic_bodies,
            article_mentions,
            note_mentions,
            tags,
            notes_on_article,
            members: members
                .into_iter()
                .map(|m| m.into_iter().collect())
                .collect(),
            has_code,
        }
    }

    /// Total mentions of each actor (by index) over all documents.
    pub fn mention_totals(&self, actors: usize) -> Vec<usize> {
        let mut totals = vec![0; actors];
        for counts in self.article_mentions.iter().chain(&self.note_mentions) {
            for (&actor, &n) in counts {
                totals[actor] += n;
            }
        }
        totals
    }
}
