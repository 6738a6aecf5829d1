//! Everything pages are made from, computed once per build: rendered bodies,
//! mentions, stances, tags and the links between items.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::TASK_LEN;
use super::urls::Urls;
use crate::analysis::{Matcher, Mention, Quote, StanceMap, quotes};
use crate::config::Config;
use crate::content::{ExplicitLink, explicit_links_outside, slugify};
use crate::diagnostic::Diagnostic;
use crate::model::{Corpus, Date, TextFormat};
use crate::render::annotate::{Annotations, LinkTarget, MentionMark, QuoteMark};
use crate::render::{Parsed, Rendered, render_markdown, render_plain};

/// A document: an article or a note, by index into its list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Doc {
    Article(usize),
    Note(usize),
}

impl Doc {
    /// Every document of `corpus`: the notes, then the articles.
    pub fn all(corpus: &Corpus) -> impl Iterator<Item = Doc> + use<> {
        let notes = (0..corpus.notes.len()).map(Doc::Note);
        notes.chain((0..corpus.articles.len()).map(Doc::Article))
    }

    /// Runs `f` on every document of `corpus`, in parallel.
    pub fn each_in_parallel(corpus: &Corpus, f: impl Fn(Doc) + Sync + Send) {
        let docs: Vec<Doc> = Doc::all(corpus).collect();
        docs.into_par_iter().for_each(f);
    }

    /// The document's date (an article may have none).
    pub fn date(self, corpus: &Corpus) -> Option<Date> {
        match self {
            Doc::Note(i) => Some(corpus.notes[i].date),
            Doc::Article(i) => corpus.articles[i].date,
        }
    }

    /// The document's body as read.
    pub fn body(self, corpus: &Corpus) -> &str {
        match self {
            Doc::Note(i) => &corpus.notes[i].body,
            Doc::Article(i) => &corpus.articles[i].body,
        }
    }

    /// The file the document was read from.
    pub fn path(self, corpus: &Corpus) -> &std::path::Path {
        match self {
            Doc::Note(i) => &corpus.notes[i].source.path,
            Doc::Article(i) => &corpus.articles[i].source.path,
        }
    }
}

/// One tag and the documents carrying it.
#[derive(Clone, Debug)]
pub struct Tag {
    pub name: String,
    pub slug: String,
    /// Newest first.
    pub docs: Vec<Doc>,
}

/// How often an actor is mentioned in one document, and where first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tally {
    pub count: usize,
    /// Byte offset of the first mention in the body, if there is one in it.
    pub first: Option<usize>,
}

/// Mentions per actor (by index) in one document.
pub type Tallies = BTreeMap<usize, Tally>;

/// What one document yields: its rendered body, whom it mentions, what it quotes.
pub struct DocFacts {
    /// An article's HTML is empty once a build wrote its page, unless the
    /// feed shows it (see [`Facts::streaming`]).
    pub rendered: Rendered,
    pub mentions: Tallies,
    /// The quotes of an article, offsets relative to its body; none for a note.
    pub quotes: Vec<Quote>,
    /// Its records in the search index, once a `serve` session wrote them.
    pub search: OnceLock<Serialized>,
    /// An article's records in `data/quotes.json`, once a `serve` session
    /// wrote them.
    pub quote_records: OnceLock<Serialized>,
    /// Its record in `data/documents.json`, once a `serve` session wrote it.
    pub document_record: OnceLock<Serialized>,
    /// The quality report's warning on an article's unattributed quotes,
    /// once a report looked.
    pub unattributed: OnceLock<Option<Diagnostic>>,
}

/// How a file made of every document's records (a data file, the search
/// index) treats those records.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Records {
    /// Serialized as they are written (`brief build`).
    Stream,
    /// Serialized once and kept with the document's facts (`brief serve`):
    /// a rebuild serializes only the documents that changed, and leaves a
    /// file in place when every document's records read as before.
    Keep,
}

/// A document's records in one file, serialized, kept with its facts (at
/// their exact length: a session keeps every document's).
#[derive(Default, PartialEq)]
pub struct Serialized(Box<[u8]>);

/// The records kept in `cell`, serialized now by `serialize` (into an empty
/// buffer) unless they were before.
pub fn keep(cell: &OnceLock<Serialized>, serialize: impl FnOnce(&mut Vec<u8>)) -> &[u8] {
    let kept = cell.get_or_init(|| {
        let mut bytes = Vec::new();
        serialize(&mut bytes);
        Serialized(bytes.into_boxed_slice())
    });
    &kept.0
}

/// Whether the documents `now` have, in order, the records `before` had in
/// one file, `kept` picking that file's records from a document's facts (a
/// document whose facts are shared has the same records).
pub fn same_records(
    before: &[Arc<DocFacts>],
    now: &[Arc<DocFacts>],
    kept: fn(&DocFacts) -> &OnceLock<Serialized>,
) -> bool {
    before.len() == now.len()
        && before.iter().zip(now).all(|(x, y)| {
            Arc::ptr_eq(x, y) || kept(x).get().is_some_and(|k| Some(k) == kept(y).get())
        })
}

/// The derived facts of a corpus.
pub struct Facts {
    /// Per article and per note, in corpus order; shared with the next
    /// build of a `serve` session when the document did not change.
    pub articles: Vec<Arc<DocFacts>>,
    pub notes: Vec<Arc<DocFacts>>,
    pub actor_profiles: Vec<Rendered>,
    pub topic_bodies: Vec<Rendered>,
    /// For each actor, the actors that are members of it.
    pub members: Vec<Vec<usize>>,
    /// For each article, the notes that discuss it (newest first); shared
    /// with the next build of a `serve` session when it has the same notes,
    /// and each article has the id it had.
    pub notes_on_article: Arc<Vec<Vec<usize>>>,
    /// Shared with the next build of a `serve` session when no document
    /// changed what they hold.
    pub tables: Arc<Tables>,
    /// Whether any body (a document's, an actor's profile, a topic's) has
    /// highlighted code, and so the site needs the syntax stylesheet.
    pub has_code: bool,
    /// The registry's automaton, built on first use; kept only by a
    /// `serve` session's rebuilds (a large registry's takes memory a build
    /// has better use for), for the next, when it has the same registry.
    matcher: Arc<OnceLock<Matcher>>,
}

/// The last build of a `serve` session, made from the same registry and
/// configuration as the one being made: of what its analysis read, only the
/// documents edited since have changed.
#[derive(Clone, Copy)]
pub struct Last<'a> {
    pub corpus: &'a Corpus,
    pub facts: &'a Facts,
}

/// What the documents add up to, site-wide.
#[derive(Default)]
pub struct Tables {
    /// Total mentions of each actor (by index) over all documents.
    pub mention_totals: Vec<usize>,
    pub stances: StanceMap,
    /// Tags by slug.
    pub tags: BTreeMap<String, Tag>,
    /// For each actor, the documents that mention it or (notes) assess it.
    pub involved: Vec<Vec<Doc>>,
    /// Each document's date and mention counts, in one table.
    pub documents: DocTable,
    /// For each actor, its quotes: (article, quote) indices, in order.
    pub quoted: Vec<Vec<(usize, usize)>>,
}

/// Each document's date and mention counts, articles then notes, in flat
/// tables that actor pages read in sequence: such a page orders thousands of
/// documents without visiting each, or a map of its own. Where a document
/// first mentions an actor is left to its [`Tallies`]: a `serve` session
/// keeps the tables through edits that move mentions without changing what
/// any other page shows of them.
#[derive(Default)]
pub struct DocTable {
    articles: usize,
    /// Each document's date, as [`Doc::date`] gives it.
    dates: Vec<Option<Date>>,
    /// Where each document's counts start in `counts`, and where the last
    /// one's end.
    starts: Vec<usize>,
    /// (actor, mentions) for each document, by actor.
    counts: Vec<(usize, usize)>,
}

impl DocTable {
    /// The table of the documents whose facts are `articles` and `notes`,
    /// each dated as `date` gives it.
    fn new(
        articles: &[Arc<DocFacts>],
        notes: &[Arc<DocFacts>],
        date: impl Fn(Doc) -> Option<Date>,
    ) -> DocTable {
        let docs = articles.iter().chain(notes);
        let mut starts = Vec::with_capacity(articles.len() + notes.len() + 1);
        let mut counts = Vec::new();
        starts.push(0);
        for d in docs {
            counts.extend(d.mentions.iter().map(|(&actor, t)| (actor, t.count)));
            starts.push(counts.len());
        }
        let articles_then_notes =
            ((0..articles.len()).map(Doc::Article)).chain((0..notes.len()).map(Doc::Note));
        DocTable {
            articles: articles.len(),
            dates: articles_then_notes.map(date).collect(),
            starts,
            counts,
        }
    }

    /// Where `doc` sits in each table.
    fn slot(&self, doc: Doc) -> usize {
        match doc {
            Doc::Article(i) => i,
            Doc::Note(i) => self.articles + i,
        }
    }

    /// How often `doc` mentions each actor it mentions, by actor.
    pub fn counts(&self, doc: Doc) -> &[(usize, usize)] {
        let at = self.slot(doc);
        &self.counts[self.starts[at]..self.starts[at + 1]]
    }

    /// The date of `doc`, as [`Doc::date`] gives it.
    pub fn date(&self, doc: Doc) -> Option<Date> {
        self.dates[self.slot(doc)]
    }
}

/// How often `actor` is mentioned, going by `counts` (by actor, as
/// [`DocTable::counts`] gives them); zero when it is not.
pub fn count_of(counts: &[(usize, usize)], actor: usize) -> usize {
    counts
        .binary_search_by_key(&actor, |&(a, _)| a)
        .map_or(0, |i| counts[i].1)
}

/// The facts of each document, looked up by [`Doc`].
pub type Found<'f> = &'f dyn Fn(Doc) -> &'f DocFacts;

/// What a build does with each article's facts as soon as they are found,
/// given the facts found before them: every note's, and the corpus-wide
/// [`Facts::notes_on_article`], but no article's and no [`Tables`] yet.
pub type OnArticle<'a> = &'a (dyn Fn(&Facts, usize, &mut DocFacts) + Sync);

impl Facts {
    /// The facts of `corpus`; without `analysis`, no mentions or quotes.
    pub fn new(corpus: &Corpus, config: &Config, urls: &Urls, analysis: bool) -> Facts {
        Facts::streaming(corpus, config, urls, analysis, &|_, _, _| {})
    }

    /// The facts of `corpus` as [`Facts::new`] finds them, handing each
    /// article's to `on_article` as soon as they are found: a build renders
    /// the article's page there and drops its body, so that it never holds
    /// every article's HTML at once.
    pub fn streaming(
        corpus: &Corpus,
        config: &Config,
        urls: &Urls,
        analysis: bool,
        on_article: OnArticle<'_>,
    ) -> Facts {
        Facts::reusing(corpus, config, urls, analysis, None, |_| None, on_article)
    }

    /// The facts of `corpus`, taking from the `last` build the facts of
    /// each document it had unchanged, and the automaton and the notes on
    /// each article where they are the same; the tables come from `share`
    /// when it returns them, given each document's facts; each article's
    /// newly found facts are handed to `on_article`. The notes are found
    /// first, since what an article's page shows of them is theirs.
    pub fn reusing(
        corpus: &Corpus,
        config: &Config,
        urls: &Urls,
        analysis: bool,
        last: Option<Last<'_>>,
        share: impl FnOnce(Found<'_>) -> Option<Arc<Tables>>,
        on_article: OnArticle<'_>,
    ) -> Facts {
        let reused = last.map(|last| previous_facts(last, corpus));
        let previous = |doc| reused.as_ref().and_then(|reuse| reuse(doc));
        let analyser = Analyser {
            corpus,
            matcher: last.map_or_else(Arc::default, |last| last.facts.matcher.clone()),
            case_sensitive: config.mentions_case_sensitive,
            targets: corpus
                .actors
                .iter()
                .map(|a| LinkTarget::new(&urls.actor(&a.id), &a.name))
                .collect(),
            urls,
            analysis,
        };
        let notes: Vec<Arc<DocFacts>> = (0..corpus.notes.len())
            .into_par_iter()
            .with_max_len(TASK_LEN)
            .map(|i| previous(Doc::Note(i)).unwrap_or_else(|| Arc::new(analyser.note(i))))
            .collect();
        let actor_profiles = corpus
            .actors
            .par_iter()
            .map(|a| render_markdown(&a.body, Some(&Annotations::on_page(&urls.actor(&a.id)))))
            .collect();
        let topic_bodies = corpus
            .topics
            .par_iter()
            .map(|t| render_markdown(&t.body, Some(&Annotations::on_page(&urls.topic(&t.id)))))
            .collect();

        let mut members = vec![BTreeSet::new(); corpus.actors.len()];
        for (i, actor) in corpus.actors.iter().enumerate() {
            for parent in &actor.member_of {
                if let Some(p) = corpus.actor_index(parent) {
                    members[p].insert(i);
                }
            }
        }
        let mut facts = Facts {
            articles: Vec::new(),
            notes,
            actor_profiles,
            topic_bodies,
            members: members
                .into_iter()
                .map(|m| m.into_iter().collect())
                .collect(),
            notes_on_article: match last {
                Some(last) if same_notes_on_articles(last.corpus, corpus) => {
                    last.facts.notes_on_article.clone()
                }
                _ => Arc::new(notes_on_articles(corpus)),
            },
            tables: Arc::default(),
            has_code: false,
            matcher: match last {
                Some(_) => analyser.matcher.clone(),
                None => Arc::default(),
            },
        };
        let articles = (0..corpus.articles.len())
            .into_par_iter()
            .with_max_len(TASK_LEN)
            .map(|i| {
                previous(Doc::Article(i)).unwrap_or_else(|| {
                    let mut found = analyser.article(i);
                    on_article(&facts, i, &mut found);
                    Arc::new(found)
                })
            })
            .collect();
        facts.articles = articles;
        let found = |doc| facts.doc(doc);
        facts.tables = share(&found).unwrap_or_else(|| {
            Arc::new(Tables::new(corpus, config, &facts.articles, &facts.notes))
        });
        let bodies = facts
            .notes
            .iter()
            .chain(&facts.articles)
            .map(|d| &d.rendered);
        facts.has_code = (bodies
            .chain(&facts.actor_profiles)
            .chain(&facts.topic_bodies))
        .any(|r| r.has_code);
        facts
    }

    /// The facts of one document.
    pub fn doc(&self, doc: Doc) -> &DocFacts {
        facts_of(&self.articles, &self.notes, doc)
    }
}

/// The facts of `doc`, out of those of every article and note.
fn facts_of<'a>(
    articles: &'a [Arc<DocFacts>],
    notes: &'a [Arc<DocFacts>],
    doc: Doc,
) -> &'a DocFacts {
    match doc {
        Doc::Article(i) => &articles[i],
        Doc::Note(i) => &notes[i],
    }
}

impl Tables {
    /// The tables of `corpus`, whose documents have the facts `articles`
    /// and `notes`. The tables are independent of each other.
    fn new(
        corpus: &Corpus,
        config: &Config,
        articles: &[Arc<DocFacts>],
        notes: &[Arc<DocFacts>],
    ) -> Tables {
        let ((stances, tags), ((involved, documents), (quoted, mention_totals))) = rayon::join(
            || rayon::join(|| StanceMap::new(corpus, &config.scale), || tags(corpus)),
            || {
                rayon::join(
                    || {
                        (
                            involved(corpus, articles, notes),
                            DocTable::new(articles, notes, |doc| doc.date(corpus)),
                        )
                    },
                    || {
                        let tallies = articles.iter().chain(notes).map(|d| &d.mentions);
                        (
                            quoted(corpus, articles),
                            mention_totals(corpus.actors.len(), tallies),
                        )
                    },
                )
            },
        );
        Tables {
            mention_totals,
            stances,
            tags,
            involved,
            documents,
            quoted,
        }
    }
}

/// Whether `now` has as many notes and articles as `before`, and each,
/// where it stands, either has the very facts it had there (its file was
/// not read again) or passes `same`.
pub fn each_document_same(
    before: (&Corpus, &Facts),
    now: (&Corpus, &Facts),
    same: &dyn Fn(Doc) -> bool,
) -> bool {
    let (b, n) = (before.1, now.1);
    b.notes.len() == n.notes.len()
        && b.articles.len() == n.articles.len()
        && Doc::all(now.0).all(|doc| std::ptr::eq(b.doc(doc), n.doc(doc)) || same(doc))
}

/// Whether `now` makes the assessments of `before`: the stances follow from
/// the notes' ids, dates and stances alone.
pub fn same_stances(before: (&Corpus, &Facts), now: (&Corpus, &Facts)) -> bool {
    let same = |doc| match doc {
        Doc::Article(_) => true,
        Doc::Note(i) => {
            let (b, n) = (&before.0.notes[i], &now.0.notes[i]);
            b.id == n.id && b.date == n.date && b.stances == n.stances
        }
    };
    each_document_same(before, now, &same)
}

/// Finds mentions and quotes in documents and renders their bodies.
struct Analyser<'c> {
    corpus: &'c Corpus,
    /// Built on first use: a rebuild that reuses every document needs none.
    matcher: Arc<OnceLock<Matcher>>,
    case_sensitive: bool,
    /// Each actor's page, by actor index, for linking mentions.
    targets: Vec<LinkTarget>,
    urls: &'c Urls,
    analysis: bool,
}

impl Analyser<'_> {
    fn matcher(&self) -> &Matcher {
        self.matcher
            .get_or_init(|| Matcher::new(&self.corpus.actors, self.case_sensitive))
    }

    fn article(&self, i: usize) -> DocFacts {
        let (corpus, a) = (self.corpus, &self.corpus.articles[i]);
        let mentions = if self.analysis {
            self.matcher().find(&a.body)
        } else {
            Vec::new()
        };
        // Markdown is parsed once: quotes are not looked for in its code.
        let parsed = match a.format {
            TextFormat::Markdown => Some(Parsed::new(&a.body)),
            TextFormat::Plain => None,
        };
        let quotes = if self.analysis {
            let code = parsed.as_ref().map(Parsed::code_ranges).unwrap_or_default();
            quotes::extract(&a.body, &mentions, &corpus.actors, &code)
        } else {
            Vec::new()
        };
        let page = self.urls.article(&a.id);
        let marks = annotations(&mentions, &quotes, corpus, &self.targets, &page);
        let rendered = match parsed {
            Some(parsed) => parsed.render(Some(&marks)),
            None => render_plain(&a.body, Some(&marks)),
        };
        let mut tallies = tally(self.matcher(), &a.title, &mentions);
        for id in &a.actors {
            if let Some(i) = corpus.actor_index(id) {
                tallies.entry(i).or_insert(Tally {
                    count: 1,
                    first: None,
                });
            }
        }
        DocFacts {
            rendered,
            mentions: tallies,
            quotes,
            search: OnceLock::new(),
            quote_records: OnceLock::new(),
            document_record: OnceLock::new(),
            unattributed: OnceLock::new(),
        }
    }

    fn note(&self, i: usize) -> DocFacts {
        let (corpus, n) = (self.corpus, &self.corpus.notes[i]);
        // Parsed once: its code is where no `[[id]]` link is, and it is rendered.
        let parsed = Parsed::new(&n.body);
        // Explicit `[[id]]` links are mentions too, and replace any
        // name matched inside them.
        let links: Vec<(usize, ExplicitLink)> = match self.analysis {
            true => explicit_links_outside(&n.body, || parsed.code_ranges())
                .into_iter()
                .filter_map(|l| Some((corpus.actor_index(&l.id)?, l)))
                .collect(),
            false => Vec::new(),
        };
        let mut mentions = if self.analysis {
            self.matcher().find(&n.body)
        } else {
            Vec::new()
        };
        mentions.retain(|m| {
            !links
                .iter()
                .any(|(_, l)| l.range.start <= m.start && m.end <= l.range.end)
        });
        mentions.extend(links.iter().map(|(actor, l)| Mention {
            actor: *actor,
            start: l.range.start,
            end: l.range.end,
        }));
        mentions.sort_by_key(|m| m.start);
        let page = self.urls.note(&n.id);
        let mut marks = annotations(&mentions, &[], corpus, &self.targets, &page);
        for mark in &mut marks.mentions {
            if let Some((actor, link)) = links.iter().find(|(_, l)| l.range.start == mark.start) {
                mark.label = Some(link.shown(&corpus.actors[*actor].name).to_string());
            }
        }
        DocFacts {
            rendered: parsed.render(Some(&marks)),
            mentions: tally(self.matcher(), &n.title, &mentions),
            quotes: Vec::new(),
            search: OnceLock::new(),
            quote_records: OnceLock::new(),
            document_record: OnceLock::new(),
            unattributed: OnceLock::new(),
        }
    }
}

/// Every tag by slug, with its documents newest first.
fn tags(corpus: &Corpus) -> BTreeMap<String, Tag> {
    let mut tags: BTreeMap<String, Tag> = BTreeMap::new();
    // Thousands of documents share a few hundred tag names.
    let mut slugs: BTreeMap<&str, String> = BTreeMap::new();
    let notes = corpus.notes.iter().enumerate();
    let articles = corpus.articles.iter().enumerate();
    let docs = (notes.map(|(i, n)| (Doc::Note(i), &n.tags)))
        .chain(articles.map(|(i, a)| (Doc::Article(i), &a.tags)));
    for (doc, names) in docs {
        for name in names {
            let slug = slugs.entry(name).or_insert_with(|| slugify(name));
            if slug.is_empty() {
                continue;
            }
            let tag = tags.entry(slug.clone()).or_insert_with(|| Tag {
                name: name.clone(),
                slug: slug.clone(),
                docs: Vec::new(),
            });
            // Documents come in order: a tag named twice by one document
            // is the last one pushed.
            if tag.docs.last() != Some(&doc) {
                tag.docs.push(doc);
            }
        }
    }
    for tag in tags.values_mut() {
        tag.docs
            .sort_by(|a, b| b.date(corpus).cmp(&a.date(corpus)).then(a.cmp(b)));
    }
    tags
}

/// For each document of `new`, its facts in the `last` build when it is the
/// very item that build held: a file that was not read again keeps its
/// parsed item, so an item's identity says its document did not change.
fn previous_facts<'a>(
    last: Last<'a>,
    new: &'a Corpus,
) -> impl Fn(Doc) -> Option<Arc<DocFacts>> + Sync + 'a {
    let Last { corpus: old, facts } = last;
    fn by_address<T>(items: &[Arc<T>]) -> FxHashMap<usize, usize> {
        items
            .iter()
            .enumerate()
            .map(|(i, item)| (address(item), i))
            .collect()
    }
    let (articles, notes) = (by_address(&old.articles), by_address(&old.notes));
    move |doc| match doc {
        Doc::Article(i) => articles
            .get(&address(&new.articles[i]))
            .map(|&o| facts.articles[o].clone()),
        Doc::Note(i) => notes
            .get(&address(&new.notes[i]))
            .map(|&o| facts.notes[o].clone()),
    }
}

/// Where a shared item lives: the same address, the same item.
fn address<T>(item: &Arc<T>) -> usize {
    Arc::as_ptr(item) as usize
}

/// Whether the notes of `new` discuss the articles those of `old` do, at
/// the same places, so that [`notes_on_articles`] gives the same: each note
/// is the very item `old` held (its file was not read again), and each
/// article has the id it had.
fn same_notes_on_articles(old: &Corpus, new: &Corpus) -> bool {
    old.notes.len() == new.notes.len()
        && old.articles.len() == new.articles.len()
        && (old.notes.iter().zip(&new.notes)).all(|(o, n)| Arc::ptr_eq(o, n))
        && (old.articles.iter().zip(&new.articles)).all(|(o, n)| Arc::ptr_eq(o, n) || o.id == n.id)
}

/// For each article, the notes that discuss it (newest first).
fn notes_on_articles(corpus: &Corpus) -> Vec<Vec<usize>> {
    let mut notes_on_article = vec![Vec::new(); corpus.articles.len()];
    for (n, note) in corpus.notes.iter().enumerate() {
        for a in note
            .articles
            .iter()
            .filter_map(|id| corpus.article_index(id))
        {
            notes_on_article[a].push(n);
        }
    }
    notes_on_article
}

/// For each actor, the documents that mention it or (notes) assess it, in order.
fn involved(corpus: &Corpus, articles: &[Arc<DocFacts>], notes: &[Arc<DocFacts>]) -> Vec<Vec<Doc>> {
    let mut involved = vec![Vec::new(); corpus.actors.len()];
    let articles = articles
        .iter()
        .enumerate()
        .map(|(x, d)| (Doc::Article(x), d));
    let notes = notes.iter().enumerate().map(|(n, d)| (Doc::Note(n), d));
    for (doc, d) in articles.chain(notes) {
        for &actor in d.mentions.keys() {
            involved[actor].push(doc);
        }
    }
    for (n, note) in corpus.notes.iter().enumerate() {
        for actor in note
            .stances
            .iter()
            .filter_map(|s| corpus.actor_index(&s.actor))
        {
            involved[actor].push(Doc::Note(n));
        }
    }
    // Three sorted runs each (articles, notes mentioning, notes assessing):
    // a stable sort merges runs in linear time.
    for docs in &mut involved {
        docs.sort();
        docs.dedup();
    }
    involved
}

/// For each actor, its quotes: (article, quote) indices, in order.
fn quoted(corpus: &Corpus, articles: &[Arc<DocFacts>]) -> Vec<Vec<(usize, usize)>> {
    let mut quoted = vec![Vec::new(); corpus.actors.len()];
    for (x, d) in articles.iter().enumerate() {
        for (q, quote) in d.quotes.iter().enumerate() {
            if let Some(speaker) = quote.speaker {
                quoted[speaker].push((x, q));
            }
        }
    }
    quoted
}

/// Total mentions of each of `actors` actors (by index) over all documents.
fn mention_totals<'t>(actors: usize, tallies: impl Iterator<Item = &'t Tallies>) -> Vec<usize> {
    let mut totals = vec![0; actors];
    for counts in tallies {
        for (&actor, tally) in counts {
            totals[actor] += tally.count;
        }
    }
    totals
}

/// Mentions in a title and a body, by actor.
fn tally(matcher: &Matcher, title: &str, body: &[Mention]) -> Tallies {
    let mut tallies = Tallies::new();
    for m in body {
        let t = tallies.entry(m.actor).or_insert(Tally {
            count: 0,
            first: Some(m.start),
        });
        t.count += 1;
    }
    for (actor, n) in matcher.count(title) {
        tallies
            .entry(actor)
            .or_insert(Tally {
                count: 0,
                first: None,
            })
            .count += n;
    }
    tallies
}

/// The marks for one body shown on the page at `page_url`: each mention
/// linked to its actor page, each quote anchored.
fn annotations<'t>(
    mentions: &[Mention],
    quotes: &'t [Quote],
    corpus: &'t Corpus,
    targets: &'t [LinkTarget],
    page_url: &'t str,
) -> Annotations<'t> {
    Annotations {
        actors: targets,
        page_url,
        quotes: quotes
            .iter()
            .map(|q| QuoteMark {
                start: q.span.start,
                end: q.span.end,
                id: &q.id,
                speaker: q.speaker.map(|s| corpus.actors[s].name.as_str()),
            })
            .collect(),
        mentions: mentions
            .iter()
            .map(|m| MentionMark {
                start: m.start,
                end: m.end,
                actor: m.actor,
                label: None,
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::site::{BuildOptions, load};

    #[test]
    fn the_notes_on_articles_are_kept_while_the_notes_and_the_articles_places_are() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic");
        let old = load(&BuildOptions::new(root)).unwrap().unwrap().corpus;
        assert!(old.articles.len() >= 2 && old.notes.len() >= 2);
        assert!(
            same_notes_on_articles(&old, &old.clone()),
            "nothing read again"
        );
        let mut edited = old.clone();
        edited.articles[0] = Arc::new((*old.articles[0]).clone());
        assert!(
            same_notes_on_articles(&old, &edited),
            "an article read again"
        );
        let mut moved = old.clone();
        moved.articles.swap(0, 1);
        assert!(!same_notes_on_articles(&old, &moved), "articles moved");
        let mut reread = old.clone();
        reread.notes[1] = Arc::new((*old.notes[1]).clone());
        assert!(!same_notes_on_articles(&old, &reread), "a note read again");
        let mut fewer = old.clone();
        fewer.notes.pop();
        assert!(!same_notes_on_articles(&old, &fewer), "a note removed");
    }

    fn mentioning(tallies: &[(usize, usize)]) -> Arc<DocFacts> {
        let tally = |count| Tally { count, first: None };
        Arc::new(DocFacts {
            rendered: Rendered::default(),
            mentions: tallies.iter().map(|&(a, n)| (a, tally(n))).collect(),
            quotes: Vec::new(),
            search: OnceLock::new(),
            quote_records: OnceLock::new(),
            document_record: OnceLock::new(),
            unattributed: OnceLock::new(),
        })
    }

    #[test]
    fn the_document_table_gives_each_document_its_own_date_and_counts() {
        let articles = [mentioning(&[(2, 1), (0, 3)]), mentioning(&[])];
        let notes = [mentioning(&[(1, 4)])];
        let docs = [Doc::Article(0), Doc::Article(1), Doc::Note(0)];
        let dates = ["2025-05-02", "2025-05-01", "2025-04-30"].map(Date::parse);
        let date = |doc| dates[docs.iter().position(|&d| d == doc).unwrap()];
        let table = DocTable::new(&articles, &notes, date);
        assert_eq!(table.counts(Doc::Article(0)), [(0, 3), (2, 1)]);
        assert_eq!(table.counts(Doc::Article(1)), []);
        assert_eq!(table.counts(Doc::Note(0)), [(1, 4)]);
        assert_eq!(docs.map(|doc| table.date(doc)), dates);
        let first = table.counts(Doc::Article(0));
        assert_eq!(count_of(first, 2), 1);
        assert_eq!(count_of(first, 1), 0);
    }
}
