//! Which pages show something of a document: what an incremental rebuild
//! must render again when that document changes.
//!
//! A document's footprint is its own page and every page that lists,
//! summarises or counts it. The listings of the whole site (index, feeds,
//! sitemap, the stance summary, ...) are in every footprint. A rebuild
//! renders the union of the footprints of each changed document before and
//! after the change, so a page a document leaves is rendered again too.

use std::collections::BTreeSet;

use super::facts::{Doc, Facts};
use super::pages::Page;
use crate::content::slugify;
use crate::model::Corpus;

/// The output paths of the pages showing something of `doc` in `corpus`.
pub fn footprint(corpus: &Corpus, facts: &Facts, doc: Doc) -> BTreeSet<String> {
    let mut pages = Pages {
        corpus,
        facts,
        paths: BTreeSet::new(),
    };
    for page in [
        Page::Index,
        Page::Actors,
        Page::Topics,
        Page::Stances,
        Page::Tags,
        Page::Feed,
        Page::Sitemap,
    ] {
        pages.add(page);
    }
    match doc {
        Doc::Note(i) => pages.note(i),
        Doc::Article(i) => pages.article(i),
    }
    pages.paths
}

/// The pages found so far, as output paths.
struct Pages<'a> {
    corpus: &'a Corpus,
    facts: &'a Facts,
    paths: BTreeSet<String>,
}

impl Pages<'_> {
    fn add(&mut self, page: Page) {
        self.paths.insert(page.output_path(self.corpus));
    }

    fn note(&mut self, i: usize) {
        let (corpus, facts) = (self.corpus, self.facts);
        let note = &corpus.notes[i];
        self.add(Page::Notes);
        self.add(Page::Note(i));
        self.tags(&note.tags);
        self.actors(facts.notes[i].mentions.keys().copied());
        for stance in &note.stances {
            self.actors(corpus.actor_index(&stance.actor));
            if let Some(t) = corpus.topic_index(&stance.topic) {
                self.add(Page::Topic(t));
            }
            // Shifts and contested positions compare a note with the others
            // assessing the same actor on the same topic.
            if let Some(standing) = facts.stances.get(&stance.actor, &stance.topic) {
                for other in &standing.history {
                    self.add(Page::Note(other.note));
                }
            }
        }
        let evidence = note
            .stances
            .iter()
            .filter_map(|s| s.evidence.as_ref().map(|e| &e.article));
        for id in note.articles.iter().chain(evidence) {
            if let Some(a) = corpus.article_index(id) {
                self.add(Page::Article(a));
            }
        }
    }

    fn article(&mut self, i: usize) {
        let (corpus, facts) = (self.corpus, self.facts);
        let article = &corpus.articles[i];
        self.add(Page::Articles);
        self.add(Page::Article(i));
        self.tags(&article.tags);
        let found = &facts.articles[i];
        self.actors(found.mentions.keys().copied());
        self.actors(found.quotes.iter().filter_map(|q| q.speaker));
        // Notes on the article show its title and summary; notes citing its
        // quotes show their words, as do the pages of what they assess.
        let citing = corpus.notes.iter().enumerate().filter(|(_, n)| {
            n.articles.contains(&article.id)
                || n.stances
                    .iter()
                    .any(|s| s.evidence.as_ref().is_some_and(|e| e.article == article.id))
        });
        for (n, _) in citing {
            self.note(n);
        }
    }

    fn tags(&mut self, names: &[String]) {
        for name in names {
            let slug = slugify(name);
            if self.facts.tags.contains_key(&slug) {
                self.add(Page::Tag(slug));
            }
        }
    }

    /// The pages of `actors` and of every actor they are members of, whose
    /// pages roll up what their members say.
    fn actors(&mut self, actors: impl IntoIterator<Item = usize>) {
        let mut todo: Vec<usize> = actors.into_iter().collect();
        let mut seen = BTreeSet::new();
        while let Some(a) = todo.pop() {
            if !seen.insert(a) {
                continue;
            }
            self.add(Page::Actor(a));
            let actor = &self.corpus.actors[a];
            todo.extend(
                actor
                    .member_of
                    .iter()
                    .filter_map(|id| self.corpus.actor_index(id)),
            );
        }
    }
}
