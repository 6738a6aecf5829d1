//! Which pages show something of a document: what an incremental rebuild
//! must render again when that document changes.
//!
//! A document's footprint is its own page and every page that summarises
//! or counts it. The summaries of the whole site (index, feeds, sitemap,
//! the stance summary, ...) are in every footprint. A rebuild renders the
//! union of the footprints of each changed document before and after the
//! change, so a page a document leaves is rendered again too; the pages of
//! the paged listings whose entries moved or changed ([`listings`]); and the
//! pages of the other notes whose assessments it [`reassessed`].
//!
//! Every page but a document's own shows only what [`Shown`] holds of it.
//! A document edited in place without changing that (a sentence reworded
//! far from any name) is shown again by its own page and the feed alone,
//! the one other page that carries its full text ([`Changed::of`]).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use rustc_hash::FxHashMap;

use super::facts::{Doc, DocFacts, Facts, Found};
use super::pages::{PER_PAGE, Page, page_count};
use super::snippet::snippet;
use crate::model::{Actor, Corpus, Date, Stance, Topic};

/// The page of the actor or topic read from `path`, when an edit changed
/// nothing of it but its body, which its own page alone shows; `None` when
/// it was added, removed or changed in anything else (a name, an alias, a
/// membership, a title: what the mentions and links of every page are made
/// from), or when `path` holds no actor or topic.
pub fn profile(old: &Corpus, new: &Corpus, path: &Path) -> Option<Page> {
    // A path holds an actor or a topic, never both.
    (body_edited(&old.actors, &new.actors, path).map(Page::Actor))
        .or_else(|| body_edited(&old.topics, &new.topics, path).map(Page::Topic))
}

/// An actor or a topic: its own page shows its body, and any page may show
/// what [`Registered::shown`] holds of it.
trait Registered {
    fn path(&self) -> &Path;
    fn shown(&self) -> impl PartialEq + '_;
}

impl Registered for Actor {
    fn path(&self) -> &Path {
        &self.source.path
    }

    fn shown(&self) -> impl PartialEq + '_ {
        // Every field named, so that a new one cannot be forgotten here.
        let Actor {
            id,
            source,
            name,
            kind,
            aliases,
            member_of,
            role,
            country,
            extra,
            body: _,
        } = self;
        (
            id,
            &source.path,
            name,
            kind,
            aliases,
            member_of,
            role,
            country,
            extra,
        )
    }
}

impl Registered for Topic {
    fn path(&self) -> &Path {
        &self.source.path
    }

    fn shown(&self) -> impl PartialEq + '_ {
        let Topic {
            id,
            source,
            title,
            question,
            extra,
            body: _,
        } = self;
        (id, &source.path, title, question, extra)
    }
}

/// The index in `new` of the entry read from `path`, when it is where it
/// was in `old` and shows the same.
fn body_edited<T: Registered>(old: &[T], new: &[T], path: &Path) -> Option<usize> {
    let at = |entries: &[T]| entries.iter().position(|e| e.path() == path);
    let (i, j) = (at(old)?, at(new)?);
    (i == j && old[i].shown() == new[j].shown()).then_some(j)
}

/// The documents changed by an edit, split by what other pages show of them.
pub struct Changed {
    /// Documents that other pages show differently, as they were and as
    /// they are: added, removed, moved, or edited in what [`Shown`] holds.
    pub shown: (Vec<Doc>, Vec<Doc>),
    /// Documents edited in place that every other page shows as before,
    /// as they are now.
    pub quiet: Vec<Doc>,
}

impl Changed {
    /// Splits the documents read from the `changed` files (as they were in
    /// `old`, as they are in `new`).
    pub fn of(
        old: (&Corpus, Found<'_>),
        new: (&Corpus, Found<'_>),
        changed: (Vec<Doc>, Vec<Doc>),
    ) -> Changed {
        let (mut before, after) = changed;
        let mut by_path: BTreeMap<&Path, Doc> =
            before.iter().map(|&d| (d.path(old.0), d)).collect();
        let mut loud = Vec::new();
        let mut quiet = Vec::new();
        for doc in after {
            let was = by_path.get(doc.path(new.0)).copied();
            match was {
                Some(was) if shown(old.0, old.1(was), was) == shown(new.0, new.1(doc), doc) => {
                    by_path.remove(doc.path(new.0));
                    quiet.push(doc);
                }
                _ => loud.push(doc),
            }
        }
        before.retain(|d| by_path.contains_key(d.path(old.0)));
        Changed {
            shown: (before, loud),
            quiet,
        }
    }

    /// Whether every other page shows the documents as before: then no
    /// site-wide table can have changed either.
    pub fn is_quiet(&self) -> bool {
        self.shown.0.is_empty() && self.shown.1.is_empty()
    }

    /// The output paths of the pages that show the changed documents.
    pub fn pages(&self, old: (&Corpus, &Facts), new: (&Corpus, &Facts)) -> BTreeSet<String> {
        let mut pages: BTreeSet<String> = self
            .quiet
            .iter()
            .map(|doc| Page::of(*doc).output_path(new.0))
            .collect();
        if !self.quiet.is_empty() {
            pages.insert(Page::Feed.output_path(new.0));
        }
        let (before, after) = (&self.shown.0, &self.shown.1);
        for (doc, (corpus, facts)) in before
            .iter()
            .map(|d| (d, old))
            .chain(after.iter().map(|d| (d, new)))
        {
            pages.extend(footprint(corpus, facts, *doc));
        }
        if !before.is_empty() || !after.is_empty() {
            pages.extend(listings(old, new, (before, after)));
        }
        pages
    }
}

/// What the pages other than its own show of a document: its entry in
/// listings (title, dates, summary, byline, tags), the actors it mentions
/// with how often and the words around the first mention, an article's
/// quotes, and a note's articles and stances. Two documents with the same
/// `Shown` read the same on every page but their own and the feed.
#[derive(PartialEq)]
pub struct Shown<'a> {
    id: &'a str,
    title: &'a str,
    date: Option<Date>,
    updated: Option<Date>,
    tags: &'a [String],
    summary_html: &'a str,
    summary_text: &'a str,
    /// The actors mentioned, in the order of their first mention: each
    /// with its count and the snippet around its first mention.
    mentions: Vec<(usize, usize, Option<String>)>,
    kind: ShownKind<'a>,
}

/// What [`Shown`] holds of a note or an article alone.
#[derive(PartialEq)]
enum ShownKind<'a> {
    Note {
        analysts: &'a [String],
        summary: Option<&'a str>,
        articles: &'a [String],
        stances: &'a [Stance],
    },
    Article {
        outlet: Option<&'a str>,
        author: Option<&'a str>,
        /// Each quote's id, words, sentence and speaker.
        quotes: Vec<(&'a str, &'a str, &'a str, Option<usize>)>,
    },
}

/// What pages other than its own show of `doc`.
pub fn shown<'a>(corpus: &'a Corpus, found: &'a DocFacts, doc: Doc) -> Shown<'a> {
    let body = doc.body(corpus);
    let mut mentions: Vec<(Option<usize>, usize, usize)> = found
        .mentions
        .iter()
        .map(|(&actor, t)| (t.first, actor, t.count))
        .collect();
    mentions.sort_unstable();
    let mentions = mentions
        .into_iter()
        .map(|(first, actor, count)| (actor, count, first.map(|at| snippet(corpus, doc, at))))
        .collect();
    let (id, title, date, updated, tags, kind) = match doc {
        Doc::Note(i) => {
            let n = &corpus.notes[i];
            let kind = ShownKind::Note {
                analysts: &n.analysts,
                summary: n.summary.as_deref(),
                articles: &n.articles,
                stances: &n.stances,
            };
            (&n.id, &n.title, Some(n.date), n.updated, &n.tags, kind)
        }
        Doc::Article(i) => {
            let a = &corpus.articles[i];
            let kind = ShownKind::Article {
                outlet: a.outlet.as_deref(),
                author: a.author.as_deref(),
                quotes: found
                    .quotes
                    .iter()
                    .map(|q| {
                        (
                            q.id.as_str(),
                            q.text(body),
                            &body[q.sentence.clone()],
                            q.speaker,
                        )
                    })
                    .collect(),
            };
            (&a.id, &a.title, a.date, a.updated, &a.tags, kind)
        }
    };
    Shown {
        id,
        title,
        date,
        updated,
        tags,
        summary_html: &found.rendered.summary_html,
        summary_text: &found.rendered.summary_text,
        mentions,
        kind,
    }
}

/// The output paths of the pages showing something of `doc` in `corpus`.
fn footprint(corpus: &Corpus, facts: &Facts, doc: Doc) -> BTreeSet<String> {
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
        self.add(Page::Note(i));
        self.actors(facts.notes[i].mentions.keys().copied());
        for stance in &note.stances {
            self.actors(corpus.actor_index(&stance.actor));
            if let Some(t) = corpus.topic_index(&stance.topic) {
                self.add(Page::Topic(t));
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
        self.add(Page::Article(i));
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

/// The pages of notes whose assessments read differently in `new` than in
/// `old`: a position changed in one note can make another's a shift, or
/// contested, or no longer current.
pub fn reassessed(old: (&Corpus, &Facts), new: (&Corpus, &Facts)) -> BTreeSet<String> {
    let (before, after) = (assessments(old.0, old.1), assessments(new.0, new.1));
    let differ = |a: &Flags<'_>, b: &Flags<'_>| {
        a.iter()
            .filter(|(key, flags)| b.get(*key) != Some(*flags))
            .map(|((id, _), _)| Page::note_path(id))
            .collect::<BTreeSet<_>>()
    };
    let mut pages = differ(&before, &after);
    pages.extend(differ(&after, &before));
    pages
}

/// How each assessment reads against the others, by (note id, stance);
/// only looked up, so its order cannot leak.
type Flags<'a> = FxHashMap<(&'a str, usize), (Option<i32>, bool, bool)>;

fn assessments<'a>(corpus: &'a Corpus, facts: &Facts) -> Flags<'a> {
    facts
        .tables
        .stances
        .standings
        .values()
        .flat_map(|s| &s.history)
        .map(|a| {
            let id = corpus.notes[a.note].id.as_str();
            ((id, a.stance), (a.shift, a.contested, a.current))
        })
        .collect()
}

/// The pages of the paged listings (notes, articles, each tag) that differ
/// between `old` and `new`: those whose entries moved, those showing one of
/// the `changed` documents of either, and every page of a listing whose
/// page count (in each page's title and pager) or tag name changed.
fn listings<'a>(
    old: (&'a Corpus, &'a Facts),
    new: (&'a Corpus, &'a Facts),
    changed: (&[Doc], &[Doc]),
) -> BTreeSet<String> {
    let mut pages = BTreeSet::new();
    let entries = |corpus: &'a Corpus, docs: &[Doc]| -> BTreeSet<Entry<'a>> {
        docs.iter().map(|&d| entry(corpus, d)).collect()
    };
    let changed: BTreeSet<Entry<'a>> = entries(old.0, changed.0)
        .into_iter()
        .chain(entries(new.0, changed.1))
        .collect();
    let mut compare = |before: Vec<Entry<'a>>,
                       after: Vec<Entry<'a>>,
                       renamed: bool,
                       page: &dyn Fn(usize) -> Page| {
        let counts = (page_count(before.len()), page_count(after.len()));
        let every = renamed || counts.0 != counts.1;
        let (mut before, mut after) = (before.chunks(PER_PAGE), after.chunks(PER_PAGE));
        for k in 0..counts.0.max(counts.1) {
            let (b, a) = (
                before.next().unwrap_or_default(),
                after.next().unwrap_or_default(),
            );
            if every || b != a || b.iter().chain(a).any(|e| changed.contains(e)) {
                pages.insert(page(k + 1).output_path(new.0));
            }
        }
    };
    let all = |corpus: &'a Corpus, f: fn(usize) -> Doc, n: usize| -> Vec<Entry<'a>> {
        (0..n).map(|i| entry(corpus, f(i))).collect()
    };
    compare(
        all(old.0, Doc::Note, old.0.notes.len()),
        all(new.0, Doc::Note, new.0.notes.len()),
        false,
        &Page::Notes,
    );
    compare(
        all(old.0, Doc::Article, old.0.articles.len()),
        all(new.0, Doc::Article, new.0.articles.len()),
        false,
        &Page::Articles,
    );
    let slugs: BTreeSet<&String> = old
        .1
        .tables
        .tags
        .keys()
        .chain(new.1.tables.tags.keys())
        .collect();
    for slug in slugs {
        let tagged = |(corpus, facts): (&'a Corpus, &'a Facts)| -> Vec<Entry<'a>> {
            facts.tables.tags.get(slug).map_or_else(Vec::new, |t| {
                t.docs.iter().map(|&d| entry(corpus, d)).collect()
            })
        };
        let name = |facts: &'a Facts| facts.tables.tags.get(slug).map(|t| &t.name);
        let renamed = name(old.1) != name(new.1);
        compare(tagged(old), tagged(new), renamed, &|k| {
            Page::Tag(slug.clone(), k)
        });
    }
    pages
}

/// A document as a listing shows it: its kind and id.
type Entry<'a> = (bool, &'a str);

fn entry(corpus: &Corpus, doc: Doc) -> Entry<'_> {
    match doc {
        Doc::Note(i) => (true, &corpus.notes[i].id),
        Doc::Article(i) => (false, &corpus.articles[i].id),
    }
}
