//! The pages of a site: which exist, where they are written, and the context
//! each one's template gets.

use std::cmp::Reverse;
use std::collections::BTreeMap;
use std::sync::{OnceLock, RwLock};

use rustc_hash::FxHashMap;
use serde::Serialize;
use serde_json::json;
use tera::Context;

use super::chart;
use super::facts::{Doc, DocFacts, Tag, count_of};
use super::snippet::snippet;
use super::urls::Urls;
use super::views::{AssessmentParts, Label, Link, PositionView, Revised, Views, term};
use crate::analysis::{Assessment, Standing};
use crate::config::Config;
use crate::model::{ActorKind, Corpus, Date, Extra, TextFormat};
use crate::render::Rendered;

/// One page (or feed) of the output.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Page {
    Index,
    /// A page of the notes listing, numbered from 1.
    Notes(usize),
    Note(usize),
    /// A page of the articles listing, numbered from 1.
    Articles(usize),
    Article(usize),
    Actors,
    Actor(usize),
    Topics,
    Topic(usize),
    Stances,
    Tags,
    /// A page of a tag's listing: its slug and the page number, from 1.
    Tag(String, usize),
    Search,
    NotFound,
    Feed,
    Sitemap,
    Robots,
}

impl Page {
    /// Every page of the site, in a defined order.
    pub fn all(corpus: &Corpus, tags: &BTreeMap<String, Tag>) -> Vec<Page> {
        let mut pages = vec![
            Page::Index,
            Page::Actors,
            Page::Topics,
            Page::Stances,
            Page::Tags,
        ];
        pages.extend((1..=page_count(corpus.notes.len())).map(Page::Notes));
        pages.extend((1..=page_count(corpus.articles.len())).map(Page::Articles));
        pages.extend((0..corpus.notes.len()).map(Page::Note));
        pages.extend((0..corpus.articles.len()).map(Page::Article));
        pages.extend((0..corpus.actors.len()).map(Page::Actor));
        pages.extend((0..corpus.topics.len()).map(Page::Topic));
        for tag in tags.values() {
            pages.extend((1..=page_count(tag.docs.len())).map(|k| Page::Tag(tag.slug.clone(), k)));
        }
        pages.extend([
            Page::Search,
            Page::NotFound,
            Page::Feed,
            Page::Sitemap,
            Page::Robots,
        ]);
        pages
    }

    /// The page of a document.
    pub fn of(doc: Doc) -> Page {
        match doc {
            Doc::Note(i) => Page::Note(i),
            Doc::Article(i) => Page::Article(i),
        }
    }

    pub fn template(&self) -> &'static str {
        match self {
            Page::Index => "index.html",
            Page::Notes(_) => "notes.html",
            Page::Note(_) => "note.html",
            Page::Articles(_) => "articles.html",
            Page::Article(_) => "article.html",
            Page::Actors => "actors.html",
            Page::Actor(_) => "actor.html",
            Page::Topics => "topics.html",
            Page::Topic(_) => "topic.html",
            Page::Stances => "stances.html",
            Page::Tags => "tags.html",
            Page::Tag(..) => "tag.html",
            Page::Search => "search.html",
            Page::NotFound => "404.html",
            Page::Feed => "feed.xml",
            Page::Sitemap => "sitemap.xml",
            Page::Robots => "robots.txt",
        }
    }

    /// The page's directory path under the site root (`notes/x/`), for pretty URLs;
    /// `None` for files that are not pages.
    pub fn dir(&self, corpus: &Corpus) -> Option<String> {
        let mut dir = String::new();
        self.push_dir(corpus, &mut dir).then_some(dir)
    }

    /// Where the page of note `id` is written.
    pub fn note_path(id: &str) -> String {
        ["notes/", id, "/index.html"].concat()
    }

    /// Where the page is written, relative to the output root.
    pub fn output_path(&self, corpus: &Corpus) -> String {
        let mut path = String::new();
        self.push_output_path(corpus, &mut path);
        path
    }

    /// Appends where the page is written to `path`. A rebuild finds the
    /// pages it renders by their paths, one for every page of the site: into
    /// one buffer, they cost no allocation and no `format!`.
    pub fn push_output_path(&self, corpus: &Corpus, path: &mut String) {
        if self.push_dir(corpus, path) {
            path.push_str("index.html");
        } else {
            path.push_str(self.template());
        }
    }

    /// Appends the page's directory path, as [`Page::dir`] gives it, to
    /// `dir`; false, appending nothing, for files that are not pages.
    fn push_dir(&self, corpus: &Corpus, dir: &mut String) -> bool {
        let (section, id, k): (&str, Option<&str>, usize) = match self {
            Page::Index => ("", None, 1),
            Page::Notes(k) => ("notes/", None, *k),
            Page::Note(i) => ("notes/", Some(&corpus.notes[*i].id), 1),
            Page::Articles(k) => ("articles/", None, *k),
            Page::Article(i) => ("articles/", Some(&corpus.articles[*i].id), 1),
            Page::Actors => ("actors/", None, 1),
            Page::Actor(i) => ("actors/", Some(&corpus.actors[*i].id), 1),
            Page::Topics => ("topics/", None, 1),
            Page::Topic(i) => ("topics/", Some(&corpus.topics[*i].id), 1),
            Page::Stances => ("stances/", None, 1),
            Page::Tags => ("tags/", None, 1),
            Page::Tag(slug, k) => ("tags/", Some(slug), *k),
            Page::Search => ("search/", None, 1),
            Page::NotFound | Page::Feed | Page::Sitemap | Page::Robots => return false,
        };
        dir.push_str(section);
        if let Some(id) = id {
            dir.push_str(id);
            dir.push('/');
        }
        push_page_number(dir, k);
        true
    }

    /// When the page is rendered in a parallel render: the pages listing the
    /// whole site first, then the other listings, the documents' own (many,
    /// and small) last, so that no long page starts late and runs alone.
    pub fn render_rank(&self) -> u8 {
        match self {
            Page::Sitemap | Page::Feed | Page::Stances | Page::Index => 0,
            Page::Note(_) | Page::Article(_) => 2,
            _ => 1,
        }
    }

    /// The navigation section the page belongs to.
    fn section(&self) -> &'static str {
        match self {
            Page::Index => "home",
            Page::Notes(_) | Page::Note(_) => "notes",
            Page::Articles(_) | Page::Article(_) => "articles",
            Page::Actors | Page::Actor(_) => "actors",
            Page::Topics | Page::Topic(_) => "topics",
            Page::Stances => "stances",
            Page::Tags | Page::Tag(..) => "tags",
            Page::Search => "search",
            _ => "",
        }
    }
}

/// How many documents a page of a listing shows.
pub const PER_PAGE: usize = 50;

/// How many pages a listing of `items` documents takes (one, even when empty).
pub fn page_count(items: usize) -> usize {
    items.div_ceil(PER_PAGE).max(1)
}

/// The folder of page `k` of the listing at `base`: `base` itself for the
/// first page, `base/page/k/` for the others.
fn paged(base: &str, k: usize) -> String {
    let mut dir = base.to_string();
    push_page_number(&mut dir, k);
    dir
}

/// Appends `page/k/` to a listing's folder for its page `k` past the first.
fn push_page_number(dir: &mut String, k: usize) {
    if k > 1 {
        dir.push_str("page/");
        dir.push_str(itoa::Buffer::new().format(k));
        dir.push('/');
    }
}

#[derive(Serialize)]
struct NavItem {
    key: &'static str,
    label: &'static str,
    url: String,
}

/// Template values that many pages of one render repeat, each converted once:
/// the `site` variable every page gets, made up front; the links to actors,
/// documents and tags that listings, article, note and actor pages show, and
/// the links and positions inside the assessments that note, actor, topic and
/// stance pages show, made when first asked for. A value holds its maps and long strings by `Arc`, so
/// a page takes one by a cheap clone.
pub struct Shared {
    site: tera::Value,
    actors: Vec<OnceLock<tera::Value>>,
    notes: Vec<OnceLock<tera::Value>>,
    articles: Vec<OnceLock<tera::Value>>,
    /// The plain links to notes and topics, and the positions of the
    /// scale, that assessments show.
    note_links: Vec<OnceLock<tera::Value>>,
    topic_links: Vec<OnceLock<tera::Value>>,
    positions: Vec<OnceLock<tera::Value>>,
    /// The link to each tag name a page has shown: thousands of documents
    /// share a few hundred names. Filled as pages ask, so that a rebuild
    /// rendering a few pages makes only their links.
    tags: RwLock<FxHashMap<String, tera::Value>>,
}

impl Shared {
    pub fn new(corpus: &Corpus, config: &Config, urls: &Urls) -> Self {
        let unset = |n: usize| (0..n).map(|_| OnceLock::new()).collect();
        Shared {
            site: site_context(config, urls),
            actors: unset(corpus.actors.len()),
            notes: unset(corpus.notes.len()),
            articles: unset(corpus.articles.len()),
            note_links: unset(corpus.notes.len()),
            topic_links: unset(corpus.topics.len()),
            positions: unset(config.scale.levels.len()),
            tags: RwLock::default(),
        }
    }

    /// The links to the tags `names`, in their order.
    fn tags(&self, views: &Views<'_>, names: &[String]) -> Vec<tera::Value> {
        names
            .iter()
            .map(|name| {
                let known = self.tags.read().unwrap_or_else(|e| e.into_inner());
                if let Some(link) = known.get(name) {
                    return link.clone();
                }
                drop(known);
                // Made outside the lock: two pages that race make the same link.
                let link = tera::Value::from_serializable(&views.tag_link(name));
                let mut known = self.tags.write().unwrap_or_else(|e| e.into_inner());
                known.entry(name.clone()).or_insert(link).clone()
            })
            .collect()
    }

    /// Assessment `a`, as `assessment_line` shows it. Each page that shows
    /// it makes it again (keeping every assessment of an archive would cost
    /// more memory than it saves time), from the parts it shares with others.
    fn assessment(&self, views: &Views<'_>, a: &Assessment) -> tera::Value {
        let corpus = views.corpus;
        let stance = a.stance(corpus);
        let parts = AssessmentParts {
            actor: shared_at(&self.actors, corpus.actor_index(&stance.actor), || {
                views.actor_link_by_id(&stance.actor)
            }),
            topic: shared_at(&self.topic_links, corpus.topic_index(&stance.topic), || {
                views.topic_link_by_id(&stance.topic)
            }),
            position: shared_at(
                &self.positions,
                views.config.scale.level_index(&stance.position),
                || views.position(&stance.position),
            ),
            note: shared_value(&self.note_links[a.note], || {
                views.note_link(&corpus.notes[a.note])
            }),
        };
        tera::Value::from_serializable(&views.assessment(a, parts))
    }

    /// The current assessments of a standing (several when contested).
    fn current(&self, views: &Views<'_>, standing: &Standing) -> Vec<tera::Value> {
        standing
            .current()
            .map(|a| self.assessment(views, a))
            .collect()
    }

    /// The `limit` latest assessments of a standing, newest first.
    fn history(&self, views: &Views<'_>, standing: &Standing, limit: usize) -> Vec<tera::Value> {
        standing
            .history
            .iter()
            .rev()
            .take(limit)
            .map(|a| self.assessment(views, a))
            .collect()
    }

    /// The link to actor `i`.
    fn actor(&self, views: &Views<'_>, i: usize) -> tera::Value {
        shared_value(&self.actors[i], || {
            views.actor_link(&views.corpus.actors[i])
        })
    }

    /// The link to `doc`, with its date and summary, for lists.
    fn doc(&self, views: &Views<'_>, doc: Doc) -> tera::Value {
        let slot = match doc {
            Doc::Note(i) => &self.notes[i],
            Doc::Article(i) => &self.articles[i],
        };
        shared_value(slot, || views.doc_link(doc))
    }
}

/// The value in slot `index` of `slots`, made from `view` when first asked
/// for; with no slot (an id the corpus does not know), made each time.
fn shared_at<T: Serialize>(
    slots: &[OnceLock<tera::Value>],
    index: Option<usize>,
    view: impl FnOnce() -> T,
) -> tera::Value {
    match index {
        Some(i) => shared_value(&slots[i], view),
        None => tera::Value::from_serializable(&view()),
    }
}

/// The value in `slot`, made from `view` when first asked for.
fn shared_value<T: Serialize>(
    slot: &OnceLock<tera::Value>,
    view: impl FnOnce() -> T,
) -> tera::Value {
    slot.get_or_init(|| tera::Value::from_serializable(&view()))
        .clone()
}

/// The `site` variable every template gets.
fn site_context(config: &Config, urls: &Urls) -> tera::Value {
    let nav = [
        ("home", "Briefing", ""),
        ("stances", "Stances", "stances/"),
        ("notes", "Notes", "notes/"),
        ("articles", "Sources", "articles/"),
        ("actors", "Actors", "actors/"),
        ("topics", "Topics", "topics/"),
    ]
    .map(|(key, label, path)| NavItem {
        key,
        label,
        url: urls.page(path),
    });
    tera::Value::from_serializable(&json!({
        "title": config.title,
        "description": config.description,
        "base_url": config.base_url,
        "base_path": urls.home(),
        "language": config.language,
        "author": config.author,
        "extra": config.extra,
        "stylesheet": urls.page("style.css"),
        "feed": urls.page("feed.xml"),
        "nav": nav,
        "scale": config.scale.levels,
    }))
}

/// What the context of every page holds: `site`, its `section` and `url`.
fn frame(page: &Page, views: &Views<'_>, shared: &Shared) -> Context {
    let mut ctx = Context::new();
    ctx.insert_value("site", shared.site.clone());
    ctx.insert("section", page.section());
    ctx.insert("url", &page.dir(views.corpus).map(|d| views.urls.page(&d)));
    ctx
}

/// Links the syntax stylesheet (as `syntax_stylesheet`) from a page that
/// shows `body`, if it has highlighted code.
fn link_code_style(ctx: &mut Context, views: &Views<'_>, body: &Rendered) {
    if body.has_code {
        ctx.insert("syntax_stylesheet", &views.urls.page(super::SYNTAX_CSS));
    }
}

/// The context of article `i`'s page, whose facts are `found` (a build
/// renders it before the facts of every article are in `views`).
pub fn article_context(views: &Views<'_>, shared: &Shared, i: usize, found: &DocFacts) -> Context {
    let mut ctx = frame(&Page::Article(i), views, shared);
    article(&mut ctx, views, shared, i, found);
    ctx
}

/// The context of `page`'s template.
pub fn context(page: &Page, views: &Views<'_>, shared: &Shared) -> Context {
    let mut ctx = frame(page, views, shared);
    let corpus = views.corpus;
    let facts = views.facts;
    let urls = views.urls;
    match page {
        Page::Index => {
            let notes: Vec<tera::Value> = (0..corpus.notes.len())
                .take(10)
                .map(|i| shared.doc(views, Doc::Note(i)))
                .collect();
            let articles: Vec<tera::Value> = (0..corpus.articles.len())
                .take(5)
                .map(|i| shared.doc(views, Doc::Article(i)))
                .collect();
            ctx.insert("title", &views.config.title);
            ctx.insert("notes", &notes);
            ctx.insert("articles", &articles);
            ctx.insert("changes", &changes(views, shared));
            ctx.insert("latest_date", &corpus.notes.first().map(|n| n.date.human()));
            ctx.insert(
                "counts",
                &json!({
                    "notes": corpus.notes.len(),
                    "articles": corpus.articles.len(),
                    "actors": corpus.actors.len(),
                    "topics": corpus.topics.len(),
                    "assessed": facts.tables.stances.standings.len(),
                }),
            );
        }
        Page::Notes(k) => {
            let notes: Vec<Doc> = (0..corpus.notes.len()).map(Doc::Note).collect();
            listing(
                &mut ctx,
                views,
                shared,
                "Analyst notes",
                &notes,
                "notes/",
                *k,
            );
        }
        Page::Articles(k) => {
            let articles: Vec<Doc> = (0..corpus.articles.len()).map(Doc::Article).collect();
            listing(
                &mut ctx,
                views,
                shared,
                "Source articles",
                &articles,
                "articles/",
                *k,
            );
        }
        Page::Note(i) => note(&mut ctx, views, shared, *i),
        Page::Article(i) => article(&mut ctx, views, shared, *i, &facts.articles[*i]),
        Page::Actors => {
            let totals = &facts.tables.mention_totals;
            let groups: Vec<_> = ActorKind::ALL
                .iter()
                .filter_map(|kind| {
                    let actors: Vec<_> = corpus
                        .actors
                        .iter()
                        .enumerate()
                        .filter(|(_, a)| a.kind == *kind)
                        .map(|(i, a)| {
                            json!({
                                "link": views.actor_link(a),
                                "role": a.role,
                                "mentions": totals[i],
                                "positions": facts.tables.stances.of_actor(&a.id).count(),
                            })
                        })
                        .collect();
                    (!actors.is_empty()).then(|| json!({"kind": kind.key(), "label": kind.plural_label(), "actors": actors}))
                })
                .collect();
            ctx.insert("title", "Actors");
            ctx.insert("groups", &groups);
        }
        Page::Actor(i) => actor(&mut ctx, views, shared, *i),
        Page::Topics => {
            let topics: Vec<_> = corpus
                .topics
                .iter()
                .map(|t| {
                    json!({
                        "link": views.topic_link(t),
                        "question": t.question,
                        "assessed": facts.tables.stances.on_topic(&t.id).count(),
                    })
                })
                .collect();
            ctx.insert("title", "Topics");
            ctx.insert("topics", &topics);
        }
        Page::Topic(i) => topic(&mut ctx, views, shared, *i),
        Page::Stances => stances(&mut ctx, views, shared),
        Page::Tags => {
            let tags: Vec<_> = facts
                .tables
                .tags
                .values()
                .map(|t| json!({"name": t.name, "url": urls.tag(&t.slug), "count": t.docs.len()}))
                .collect();
            ctx.insert("title", "Tags");
            ctx.insert("tags", &tags);
        }
        Page::Tag(slug, k) => {
            let tag = &facts.tables.tags[slug];
            ctx.insert("tag", &json!({"name": tag.name, "slug": tag.slug}));
            let title = format!("Tagged “{}”", tag.name);
            listing(
                &mut ctx,
                views,
                shared,
                &title,
                &tag.docs,
                &format!("tags/{slug}/"),
                *k,
            );
        }
        Page::Search => ctx.insert("title", "Search"),
        Page::NotFound => ctx.insert("title", "Page not found"),
        Page::Feed => feed(&mut ctx, views),
        Page::Sitemap => ctx.insert("entries", &sitemap(views)),
        Page::Robots => ctx.insert("sitemap", &urls.absolute(&urls.page("sitemap.xml"))),
    }
    ctx
}

/// One page in `sitemap.xml`.
#[derive(PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct SitemapEntry {
    loc: String,
    lastmod: Option<String>,
}

/// Every page of the site with its date, by address.
pub fn sitemap(views: &Views<'_>) -> Vec<SitemapEntry> {
    let mut entries: Vec<SitemapEntry> = Page::all(views.corpus, &views.facts.tables.tags)
        .iter()
        .filter_map(|p| sitemap_entry(views, p))
        .collect();
    entries.sort_by(|a, b| a.loc.cmp(&b.loc));
    entries
}

/// `page` as the sitemap lists it; `None` for what it leaves out.
pub fn sitemap_entry(views: &Views<'_>, page: &Page) -> Option<SitemapEntry> {
    let (corpus, urls) = (views.corpus, views.urls);
    if matches!(page, Page::Search) {
        return None;
    }
    let dir = page.dir(corpus)?;
    let doc = match *page {
        Page::Note(i) => Some(Doc::Note(i)),
        Page::Article(i) => Some(Doc::Article(i)),
        _ => None,
    };
    let lastmod = doc.and_then(|d| {
        let revised = views.revised(d).map(|r| r.date);
        revised.or_else(|| d.date(corpus).map(|date| date.to_string()))
    });
    Some(SitemapEntry {
        loc: urls.absolute(&urls.page(&dir)),
        lastmod,
    })
}

/// Page `k` of a listing of `docs` at `base`: its items, title and pager.
fn listing(
    ctx: &mut Context,
    views: &Views<'_>,
    shared: &Shared,
    title: &str,
    docs: &[Doc],
    base: &str,
    k: usize,
) {
    let total = page_count(docs.len());
    let items: Vec<tera::Value> = docs
        .iter()
        .skip((k - 1) * PER_PAGE)
        .take(PER_PAGE)
        .map(|&d| shared.doc(views, d))
        .collect();
    let title = if total > 1 {
        format!("{title}, page {k} of {total}")
    } else {
        title.to_string()
    };
    let url = |n: usize| views.urls.page(&paged(base, n));
    // The first and last pages, and two either side of this one.
    let mut numbers: Vec<usize> = vec![1, total];
    numbers.extend(k.saturating_sub(2).max(1)..=(k + 2).min(total));
    numbers.sort_unstable();
    numbers.dedup();
    let mut pages = Vec::new();
    for (i, &n) in numbers.iter().enumerate() {
        if i > 0 && n > numbers[i - 1] + 1 {
            pages.push(json!({"gap": true}));
        }
        pages.push(json!({"number": n, "url": url(n), "current": n == k}));
    }
    ctx.insert("title", &title);
    ctx.insert("items", &items);
    ctx.insert(
        "pager",
        &json!({
            "number": k,
            "total": total,
            "prev": (k > 1).then(|| url(k - 1)),
            "next": (k < total).then(|| url(k + 1)),
            "pages": pages,
        }),
    );
}

/// "What changed", CrisisWatch-style: current positions that moved or are
/// contested, split into those of the latest briefing date (since the
/// briefing before it) and earlier ones, each newest first.
fn changes(views: &Views<'_>, shared: &Shared) -> serde_json::Value {
    let corpus = views.corpus;
    let mut dates: Vec<_> = corpus.notes.iter().map(|n| n.date.day).collect();
    dates.dedup();
    let (latest, previous) = (dates.first().copied(), dates.get(1).copied());
    let mut changed: Vec<_> = views
        .facts
        .tables
        .stances
        .standings
        .values()
        .flat_map(|s| s.current())
        .filter(|a| a.shift.is_some_and(|d| d != 0) || a.contested)
        .collect();
    changed.sort_by_key(|a| std::cmp::Reverse(a.date));
    let (recent, earlier): (Vec<_>, Vec<_>) = changed
        .into_iter()
        .partition(|a| Some(a.date.day) == latest);
    let view = |list: Vec<&Assessment>| -> Vec<tera::Value> {
        list.into_iter()
            .map(|a| shared.assessment(views, a))
            .collect()
    };
    let human = |day: Option<jiff::civil::Date>| day.map(|day| Date { day, time: None }.human());
    json!({
        "latest": human(latest),
        "previous": human(previous),
        "recent": view(recent),
        "earlier": view(earlier),
    })
}

fn note(ctx: &mut Context, views: &Views<'_>, shared: &Shared, i: usize) {
    let corpus = views.corpus;
    let n = &corpus.notes[i];
    let r = &views.facts.notes[i].rendered;
    let stances: Vec<tera::Value> = n
        .stances
        .iter()
        .enumerate()
        .filter_map(|(k, s)| {
            let standing = views.facts.tables.stances.get(&s.actor, &s.topic)?;
            standing
                .history
                .iter()
                .find(|a| a.note == i && a.stance == k)
        })
        .map(|a| shared.assessment(views, a))
        .collect();
    let articles: Vec<tera::Value> = n
        .articles
        .iter()
        .filter_map(|id| corpus.article_index(id))
        .map(|a| shared.doc(views, Doc::Article(a)))
        .collect();
    let actors: Vec<tera::Value> = views.facts.notes[i]
        .mentions
        .keys()
        .map(|&a| shared.actor(views, a))
        .collect();
    ctx.insert("title", &n.title);
    ctx.insert(
        "description",
        &n.summary.clone().unwrap_or_else(|| r.summary_text.clone()),
    );
    link_code_style(ctx, views, r);
    let page = NotePage {
        id: &n.id,
        title: &n.title,
        date: n.date.to_string(),
        date_human: n.date.human(),
        revised: views.revised(Doc::Note(i)),
        analysts: &n.analysts,
        tags: shared.tags(views, &n.tags),
        summary: n.summary.as_deref(),
        confidence: n.confidence.as_deref().map(term),
        reading_minutes: r.reading_minutes(),
        words: r.words,
        stances,
        articles,
        actors,
        extra: &n.extra,
        content: &r.html,
    };
    ctx.insert("page", &page);
}

/// What a note's template gets as `page`. Typed, so that it is serialized
/// straight into the template's context.
#[derive(Serialize)]
struct NotePage<'a> {
    id: &'a str,
    title: &'a str,
    date: String,
    date_human: String,
    revised: Option<Revised>,
    analysts: &'a [String],
    tags: Vec<tera::Value>,
    summary: Option<&'a str>,
    confidence: Option<Label>,
    reading_minutes: usize,
    words: usize,
    stances: Vec<tera::Value>,
    articles: Vec<tera::Value>,
    actors: Vec<tera::Value>,
    extra: &'a Extra,
    content: &'a str,
}

/// What an article's template gets as `page`.
#[derive(Serialize)]
struct ArticlePage<'a> {
    id: &'a str,
    title: &'a str,
    date: Option<String>,
    date_human: Option<String>,
    revised: Option<Revised>,
    outlet: Option<&'a str>,
    author: Option<&'a str>,
    source_url: Option<&'a str>,
    language: Option<&'a str>,
    tags: Vec<tera::Value>,
    reliability: Option<Grade<String>>,
    credibility: Option<Grade<u8>>,
    format: TextFormat,
    reading_minutes: usize,
    notes: Vec<tera::Value>,
    /// Links to the actors mentioned.
    actors: &'a [tera::Value],
    quotes: Vec<QuoteView<'a>>,
    extra: &'a Extra,
    content: &'a str,
}

/// A source grade and what it means.
#[derive(Serialize)]
struct Grade<G> {
    grade: G,
    label: &'static str,
}

/// A quote as an article page lists it.
#[derive(Serialize)]
struct QuoteView<'a> {
    id: &'a str,
    text: &'a str,
    /// A link to the speaker.
    speaker: Option<tera::Value>,
}

fn grade_label(reliability: char) -> &'static str {
    match reliability {
        'A' => "Completely reliable",
        'B' => "Usually reliable",
        'C' => "Fairly reliable",
        'D' => "Not usually reliable",
        'E' => "Unreliable",
        _ => "Reliability cannot be judged",
    }
}

fn credibility_label(credibility: u8) -> &'static str {
    match credibility {
        1 => "Confirmed by other sources",
        2 => "Probably true",
        3 => "Possibly true",
        4 => "Doubtful",
        5 => "Improbable",
        _ => "Truth cannot be judged",
    }
}

fn article(ctx: &mut Context, views: &Views<'_>, shared: &Shared, i: usize, found: &DocFacts) {
    let corpus = views.corpus;
    let a = &corpus.articles[i];
    let r = &found.rendered;
    let notes: Vec<tera::Value> = views.facts.notes_on_article[i]
        .iter()
        .map(|&n| shared.doc(views, Doc::Note(n)))
        .collect();
    let actors: Vec<tera::Value> = found
        .mentions
        .keys()
        .map(|&x| shared.actor(views, x))
        .collect();
    let speaker = |s: usize| shared.actor(views, s);
    let quotes: Vec<QuoteView<'_>> = found
        .quotes
        .iter()
        .map(|q| QuoteView {
            id: &q.id,
            text: q.text(&a.body),
            speaker: q.speaker.map(speaker),
        })
        .collect();
    ctx.insert("title", &a.title);
    ctx.insert("description", &r.summary_text);
    link_code_style(ctx, views, r);
    let page = ArticlePage {
        id: &a.id,
        title: &a.title,
        date: a.date.map(|d| d.to_string()),
        date_human: a.date.map(|d| d.human()),
        revised: views.revised(Doc::Article(i)),
        outlet: a.outlet.as_deref(),
        author: a.author.as_deref(),
        // The source's address is untrusted too: no script URLs in href.
        source_url: a
            .url
            .as_deref()
            .filter(|u| crate::render::markdown::is_safe_url(u)),
        language: a.language.as_deref(),
        tags: shared.tags(views, &a.tags),
        reliability: a.reliability.map(|g| Grade {
            grade: g.to_string(),
            label: grade_label(g),
        }),
        credibility: a.credibility.map(|g| Grade {
            grade: g,
            label: credibility_label(g),
        }),
        format: a.format,
        reading_minutes: r.reading_minutes(),
        notes,
        actors: &actors,
        quotes,
        extra: &a.extra,
        content: &r.html,
    };
    ctx.insert("page", &page);
}

/// How many co-mentioned actors an actor page lists.
const CO_MENTIONED: usize = 8;

/// How many documents and quotes an actor page lists (the newest): an
/// archive of thousands would bury the page.
const ACTOR_PAGE_LIMIT: usize = 50;

/// How many assessments of one topic an actor page lists (the newest); its
/// timeline charts them all, each note shows its own. Listed in full, an
/// archive's history outgrew what anyone reads: at 10,000 articles, actor
/// pages of 400 KB, and a thirtieth of the build's work.
const ACTOR_HISTORY: usize = 20;

fn actor(ctx: &mut Context, views: &Views<'_>, shared: &Shared, i: usize) {
    let corpus = views.corpus;
    let facts = views.facts;
    let a = &corpus.actors[i];
    // The actor and its members: Russia's page shows what Peskov said too.
    let mut family = vec![i];
    family.extend(&facts.members[i]);
    let positions: Vec<PositionBlock> = facts
        .tables
        .stances
        .of_actor(&a.id)
        .map(|s| PositionBlock {
            topic: views.topic_link_by_id(&s.topic),
            contested: s.is_contested(),
            current: shared.current(views, s),
            history: shared.history(views, s, ACTOR_HISTORY),
            history_total: s.history.len(),
            timeline: chart::timeline(s, corpus, &views.config.scale),
        })
        .collect();

    let mut involved: Vec<Doc> = family
        .iter()
        .flat_map(|&m| &facts.tables.involved[m])
        .copied()
        .collect();
    // One sorted run per member: a stable sort merges runs in linear time.
    involved.sort();
    involved.dedup();
    // Each document with its date as the sort key, newest first.
    let mut mentioned: Vec<(Reverse<Option<Date>>, Doc, usize)> = Vec::new();
    let mut co_mentions = vec![0; corpus.actors.len()];
    for doc in involved {
        let counts = facts.tables.documents.counts(doc);
        let own: usize = family.iter().map(|&m| count_of(counts, m)).sum();
        let assessed = || match doc {
            Doc::Note(n) => corpus.notes[n].stances.iter().any(|s| s.actor == a.id),
            Doc::Article(_) => false,
        };
        if own == 0 && !assessed() {
            continue;
        }
        for &(other, count) in counts {
            if !family.contains(&other) {
                co_mentions[other] += count;
            }
        }
        mentioned.push((Reverse(facts.tables.documents.date(doc)), doc, own));
    }
    let mention_count: usize = mentioned.iter().map(|(_, _, n)| n).sum();
    let mention_docs = mentioned.len();
    // Two runs already newest first (the articles, the notes), merged.
    mentioned.sort();
    let mentions: Vec<MentionView> = mentioned
        .into_iter()
        .take(ACTOR_PAGE_LIMIT)
        .map(|(_, doc, count)| {
            let tallies = &facts.doc(doc).mentions;
            let via: Vec<tera::Value> = facts.members[i]
                .iter()
                .filter(|m| tallies.contains_key(m))
                .map(|&m| shared.actor(views, m))
                .collect();
            let snippet = family
                .iter()
                .filter_map(|m| tallies.get(m).and_then(|t| t.first))
                .min()
                .map(|at| snippet(corpus, doc, at));
            MentionView {
                doc: shared.doc(views, doc),
                count,
                via,
                snippet,
            }
        })
        .collect();
    let mut co: Vec<(usize, usize)> = co_mentions
        .into_iter()
        .enumerate()
        .filter(|&(_, count)| count > 0)
        .collect();
    co.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
    let co_mentioned: Vec<CoMention> = co
        .into_iter()
        .take(CO_MENTIONED)
        .map(|(other, count)| CoMention {
            actor: shared.actor(views, other),
            count,
        })
        .collect();

    // Articles are newest first, so the first quotes found are the newest.
    let mut said: Vec<(usize, usize)> = family
        .iter()
        .flat_map(|&m| &facts.tables.quoted[m])
        .copied()
        .collect();
    // One sorted run per member, merged.
    said.sort();
    let quote_count = said.len();
    let quotes: Vec<ActorQuote> = said
        .into_iter()
        .take(ACTOR_PAGE_LIMIT)
        .map(|(x, q)| {
            let article = &corpus.articles[x];
            let q = &facts.articles[x].quotes[q];
            ActorQuote {
                id: &q.id,
                text: q.text(&article.body),
                sentence: article.body[q.sentence.clone()].trim(),
                speaker: shared.actor(views, q.speaker.unwrap_or(i)),
                url: views.urls.quote(&article.id, &q.id),
                article: shared.doc(views, Doc::Article(x)),
            }
        })
        .collect();
    let page = ActorPage {
        id: &a.id,
        name: &a.name,
        kind: a.kind.key(),
        kind_label: a.kind.plural_label(),
        aliases: &a.aliases,
        role: a.role.as_deref(),
        country: a.country.as_deref().map(|c| views.actor_link_by_id(c)),
        member_of: a
            .member_of
            .iter()
            .map(|p| views.actor_link_by_id(p))
            .collect(),
        members: facts.members[i]
            .iter()
            .map(|&m| shared.actor(views, m))
            .collect(),
        profile: &facts.actor_profiles[i].html,
        positions,
        quotes,
        mentions,
        quote_count,
        mention_count,
        mention_docs,
        co_mentioned,
        extra: &a.extra,
    };
    ctx.insert("title", &a.name);
    ctx.insert("description", &facts.actor_profiles[i].summary_text);
    link_code_style(ctx, views, &facts.actor_profiles[i]);
    ctx.insert("page", &page);
}

/// What an actor's template gets as `page`.
#[derive(Serialize)]
struct ActorPage<'a> {
    id: &'a str,
    name: &'a str,
    kind: &'static str,
    kind_label: &'static str,
    aliases: &'a [String],
    role: Option<&'a str>,
    country: Option<Link>,
    member_of: Vec<Link>,
    members: Vec<tera::Value>,
    profile: &'a str,
    positions: Vec<PositionBlock>,
    quotes: Vec<ActorQuote<'a>>,
    mentions: Vec<MentionView>,
    quote_count: usize,
    mention_count: usize,
    mention_docs: usize,
    co_mentioned: Vec<CoMention>,
    extra: &'a Extra,
}

/// An actor's standing on one topic, with its history and timeline.
#[derive(Serialize)]
struct PositionBlock {
    topic: Link,
    contested: bool,
    current: Vec<tera::Value>,
    /// The newest [`ACTOR_HISTORY`] assessments, newest first.
    history: Vec<tera::Value>,
    history_total: usize,
    /// Inline SVG; empty with fewer than two assessments.
    timeline: String,
}

/// A document mentioning an actor: how often, through which members, where.
#[derive(Serialize)]
struct MentionView {
    doc: tera::Value,
    count: usize,
    via: Vec<tera::Value>,
    snippet: Option<String>,
}

/// An actor often mentioned with another, and how often.
#[derive(Serialize)]
struct CoMention {
    actor: tera::Value,
    count: usize,
}

/// A quote on its speaker's page, with its sentence and article.
#[derive(Serialize)]
struct ActorQuote<'a> {
    id: &'a str,
    text: &'a str,
    sentence: &'a str,
    speaker: tera::Value,
    url: String,
    article: tera::Value,
}

/// How many assessments of each actor a topic page lists; the actor's page
/// lists more and charts them all.
const TOPIC_HISTORY: usize = 10;

fn topic(ctx: &mut Context, views: &Views<'_>, shared: &Shared, i: usize) {
    let corpus = views.corpus;
    let t = &corpus.topics[i];
    let standings: Vec<_> = views.facts.tables.stances.on_topic(&t.id).collect();
    let standing = |s: &&Standing| TopicStanding {
        actor: views.actor_link_by_id(&s.actor),
        contested: s.is_contested(),
        current: shared.current(views, s),
        history: shared.history(views, s, TOPIC_HISTORY),
        history_total: s.history.len(),
    };
    let groups: Vec<PositionGroup> = views
        .config
        .scale
        .levels
        .iter()
        .filter_map(|level| {
            let actors: Vec<TopicStanding> = standings
                .iter()
                .filter(|s| s.settled_position(corpus) == Some(level.key.as_str()))
                .map(standing)
                .collect();
            (!actors.is_empty()).then(|| PositionGroup {
                position: views.position(&level.key),
                actors,
            })
        })
        .collect();
    let contested: Vec<TopicStanding> = standings
        .iter()
        .filter(|s| s.is_contested())
        .map(standing)
        .collect();
    ctx.insert("title", &t.title);
    ctx.insert("description", t.question.as_deref().unwrap_or_default());
    link_code_style(ctx, views, &views.facts.topic_bodies[i]);
    let page = TopicPage {
        id: &t.id,
        title: &t.title,
        question: t.question.as_deref(),
        body: &views.facts.topic_bodies[i].html,
        groups,
        contested,
        extra: &t.extra,
    };
    ctx.insert("page", &page);
}

/// What a topic's template gets as `page`.
#[derive(Serialize)]
struct TopicPage<'a> {
    id: &'a str,
    title: &'a str,
    question: Option<&'a str>,
    body: &'a str,
    /// The actors settled at each position of the scale, in scale order.
    groups: Vec<PositionGroup>,
    contested: Vec<TopicStanding>,
    extra: &'a Extra,
}

/// The actors settled at one position on a topic.
#[derive(Serialize)]
struct PositionGroup {
    position: PositionView,
    actors: Vec<TopicStanding>,
}

/// An actor's standing as a topic page shows it: the latest assessments.
#[derive(Serialize)]
struct TopicStanding {
    actor: Link,
    contested: bool,
    current: Vec<tera::Value>,
    history: Vec<tera::Value>,
    history_total: usize,
}

fn stances(ctx: &mut Context, views: &Views<'_>, shared: &Shared) {
    let corpus = views.corpus;
    let stances = &views.facts.tables.stances;
    let topics: Vec<_> = corpus
        .topics
        .iter()
        .filter(|t| stances.on_topic(&t.id).next().is_some())
        .collect();
    let groups: Vec<_> = ActorKind::ALL
        .iter()
        .filter_map(|kind| {
            let rows: Vec<_> = corpus
                .actors
                .iter()
                .filter(|a| a.kind == *kind && stances.of_actor(&a.id).next().is_some())
                .map(|a| {
                    let cells: Vec<_> = topics
                        .iter()
                        .map(|t| {
                            stances.get(&a.id, &t.id).map(|s| {
                                json!({"contested": s.is_contested(), "current": shared.current(views, s)})
                            })
                        })
                        .collect();
                    json!({"actor": views.actor_link(a), "cells": cells})
                })
                .collect();
            (!rows.is_empty()).then(|| json!({"label": kind.plural_label(), "rows": rows}))
        })
        .collect();
    let scale = &views.config.scale;
    let tallied: Vec<_> = topics
        .iter()
        .map(|t| (*t, stances.counts(&t.id, corpus, scale)))
        .collect();
    let counts: Vec<_> = tallied
        .iter()
        .map(|(t, c)| {
            let counts: Vec<_> = scale
                .levels
                .iter()
                .zip(&c.per_level)
                .map(|(l, n)| json!({"position": views.position(&l.key), "count": n}))
                .collect();
            json!({"topic": views.topic_link(t), "counts": counts, "contested": c.contested})
        })
        .collect();
    let topic_links: Vec<_> = topics
        .iter()
        .map(|t| json!({"link": views.topic_link(t), "question": t.question}))
        .collect();
    ctx.insert("title", "Stance summary");
    ctx.insert(
        "description",
        "Where each actor stands on each topic, since when, and on what evidence.",
    );
    ctx.insert("topics", &topic_links);
    ctx.insert("groups", &groups);
    ctx.insert("counts", &counts);
    ctx.insert("chart", &chart::topic_bars(&tallied, scale));
    ctx.insert("as_of", &corpus.notes.first().map(|n| n.date.human()));
}

/// The documents the feed shows, with their bodies: the `limit` newest.
pub fn feed_docs(corpus: &Corpus, limit: usize) -> Vec<Doc> {
    let mut docs: Vec<Doc> = Doc::all(corpus).collect();
    docs.sort_by(|a, b| b.date(corpus).cmp(&a.date(corpus)).then(a.cmp(b)));
    docs.truncate(limit);
    docs
}

fn feed(ctx: &mut Context, views: &Views<'_>) {
    let corpus = views.corpus;
    let urls = views.urls;
    let entries: Vec<_> = feed_docs(corpus, views.config.feed_limit)
        .iter()
        .map(|&d| {
            let link = views.doc_link(d);
            let revised = views.revised(d);
            let (date, content, authors) = match d {
                Doc::Note(i) => (
                    Some(corpus.notes[i].date),
                    &views.facts.notes[i].rendered.html,
                    corpus.notes[i].analysts.clone(),
                ),
                Doc::Article(i) => (
                    corpus.articles[i].date,
                    &views.facts.articles[i].rendered.html,
                    corpus.articles[i].author.iter().cloned().collect(),
                ),
            };
            json!({
                "title": link.title,
                "kind": link.kind,
                "url": urls.absolute(&link.url),
                "updated": revised.map(|r| r.rfc3339).or_else(|| date.map(|d| d.rfc3339())),
                "published": date.map(|d| d.rfc3339()),
                "summary": link.summary_text,
                "content": content,
                "authors": authors,
            })
        })
        .collect();
    // RFC 3339 in UTC throughout, so the latest sorts last as text.
    let updated = entries
        .iter()
        .filter_map(|e| e["updated"].as_str())
        .max()
        .unwrap_or("1970-01-01T00:00:00Z")
        .to_string();
    ctx.insert("feed_url", &urls.absolute(&urls.page("feed.xml")));
    ctx.insert("home_url", &urls.absolute(&urls.home()));
    ctx.insert("updated", &updated);
    ctx.insert("entries", &entries);
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::site::{BuildOptions, load};

    /// Where `page` was written before paths were appended to a buffer.
    fn formatted(page: &Page, corpus: &Corpus) -> String {
        let paged = |base: &str, k: usize| match k {
            0 | 1 => base.to_string(),
            k => format!("{base}page/{k}/"),
        };
        let dir = match page {
            Page::Index => String::new(),
            Page::Notes(k) => paged("notes/", *k),
            Page::Note(i) => format!("notes/{}/", corpus.notes[*i].id),
            Page::Articles(k) => paged("articles/", *k),
            Page::Article(i) => format!("articles/{}/", corpus.articles[*i].id),
            Page::Actors => "actors/".into(),
            Page::Actor(i) => format!("actors/{}/", corpus.actors[*i].id),
            Page::Topics => "topics/".into(),
            Page::Topic(i) => format!("topics/{}/", corpus.topics[*i].id),
            Page::Stances => "stances/".into(),
            Page::Tags => "tags/".into(),
            Page::Tag(slug, k) => paged(&format!("tags/{slug}/"), *k),
            Page::Search => "search/".into(),
            Page::NotFound | Page::Feed | Page::Sitemap | Page::Robots => {
                return page.template().into();
            }
        };
        format!("{dir}index.html")
    }

    #[test]
    fn every_page_is_written_where_its_path_says() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic");
        let corpus = load(&BuildOptions::new(root)).unwrap().unwrap().corpus;
        let mut pages = Page::all(&corpus, &BTreeMap::new());
        pages.extend(
            [2, 12]
                .map(Page::Notes)
                .into_iter()
                .chain([Page::Articles(3)]),
        );
        pages.extend([1, 2].map(|k| Page::Tag("energy".into(), k)));
        assert!(pages.iter().any(|p| matches!(p, Page::Topic(_))));
        for page in pages {
            let path = formatted(&page, &corpus);
            assert_eq!(page.output_path(&corpus), path, "{page:?}");
            let dir = page.dir(&corpus).map(|d| d + "index.html");
            assert_eq!(dir.unwrap_or_else(|| page.template().into()), path);
        }
        let note = &corpus.notes[0].id;
        assert_eq!(Page::note_path(note), format!("notes/{note}/index.html"));
    }
}
