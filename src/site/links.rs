//! Internal links and `#anchors` of the rendered pages, for `brief check`.
//!
//! [`LinkSink`] takes the files a render writes and keeps, for each HTML
//! page, the `id`s it offers and the links it makes. [`LinkSink::broken`]
//! then resolves every link into the site as a browser would, against the
//! page's URL under `base_url`, and reports those that lead to no file, or
//! to a page without the anchor they name. [`diagnose`] turns them into
//! diagnostics at the place in the source that wrote them.

use std::collections::{BTreeMap, BTreeSet};
use std::io;
use std::path::PathBuf;
use std::sync::Mutex;

use html5gum::{Token, Tokenizer};
use percent_encoding::percent_decode_str;
use pulldown_cmark::{Event, Parser, Tag};

use super::facts;
use super::output::Sink;
use super::pages::Page;
use super::urls::Urls;
use crate::content::markdown_options;
use crate::diagnostic::{Diagnostic, Position};
use crate::model::{Corpus, TextFormat};
use crate::render::Theme;
use crate::render::href::{absolute, has_scheme, normalize};

/// What one HTML page offers and points to.
#[derive(Default)]
struct Scanned {
    ids: BTreeSet<String>,
    links: Vec<String>,
}

/// A sink that keeps the anchors and links of every page written to it,
/// and the paths of every other file.
#[derive(Default)]
pub struct LinkSink {
    files: Mutex<BTreeMap<String, Scanned>>,
}

impl Sink for LinkSink {
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let scanned = if rel.ends_with(".html") {
            scan(&String::from_utf8_lossy(bytes))
        } else {
            Scanned::default()
        };
        self.insert(rel, scanned);
        Ok(())
    }

    fn writer(&self, rel: &str) -> io::Result<Box<dyn io::Write + '_>> {
        self.insert(rel, Scanned::default());
        Ok(Box::new(io::sink()))
    }
}

/// The ids and links of an HTML page.
fn scan(html: &str) -> Scanned {
    let mut scanned = Scanned::default();
    for Ok(token) in Tokenizer::new(html) {
        let Token::StartTag(tag) = token else {
            continue;
        };
        for (name, value) in &tag.attributes {
            let value = String::from_utf8_lossy(value);
            match name.as_slice() {
                b"id" => {
                    scanned.ids.insert(value.into_owned());
                }
                b"name" if tag.name.as_slice() == b"a" => {
                    scanned.ids.insert(value.into_owned());
                }
                b"href" | b"src" => scanned.links.push(value.into_owned()),
                _ => {}
            }
        }
    }
    scanned
}

/// A link in a rendered page that leads nowhere.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Broken {
    /// The page it is on, as an output path (`notes/a/index.html`).
    pub page: String,
    /// The link as written in the page.
    pub href: String,
    pub problem: Problem,
}

/// Why a link leads nowhere.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Problem {
    /// The site writes no file at that path (under the output root).
    NoFile(String),
    /// The page exists but has no element with that id.
    NoAnchor { page: String, anchor: String },
    /// A root-relative link that leaves the site's base path.
    OutsideSite,
}

impl LinkSink {
    fn insert(&self, rel: &str, scanned: Scanned) {
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(rel.to_string(), scanned);
    }

    /// Every link of the pages written that leads into the site (at the
    /// place of `urls`) but not to a file written, nor one of `statics`
    /// (copied from `static/`), nor an anchor of the page it names.
    pub fn broken(self, urls: &Urls, statics: &BTreeSet<String>) -> Vec<Broken> {
        let files = self.files.into_inner().unwrap_or_else(|e| e.into_inner());
        let site = Site::of(urls);
        let exists = |rel: &str| files.contains_key(rel) || statics.contains(rel);
        let mut broken = Vec::new();
        for (page, scanned) in &files {
            for href in &scanned.links {
                let Some(target) = site.resolve(page, href) else {
                    continue;
                };
                let problem = match target {
                    Target::Outside => Some(Problem::OutsideSite),
                    Target::Inside { path, anchor } => {
                        let file = [path.clone(), format!("{path}/index.html")]
                            .into_iter()
                            .find(|candidate| exists(candidate));
                        match (file, anchor) {
                            (None, _) => Some(Problem::NoFile(path)),
                            (Some(file), Some(anchor)) if !has_anchor(&files, &file, &anchor) => {
                                Some(Problem::NoAnchor { page: file, anchor })
                            }
                            _ => None,
                        }
                    }
                };
                if let Some(problem) = problem {
                    broken.push(Broken {
                        page: page.clone(),
                        href: href.clone(),
                        problem,
                    });
                }
            }
        }
        broken
    }
}

/// Whether the file at `rel` has an element with id `anchor`. Files that are
/// not HTML pages, and the fragment `top`, are taken as they come.
fn has_anchor(files: &BTreeMap<String, Scanned>, rel: &str, anchor: &str) -> bool {
    anchor == "top"
        || !rel.ends_with(".html")
        || files.get(rel).is_none_or(|page| page.ids.contains(anchor))
}

/// The site's place on the web: where links into it start.
struct Site<'a> {
    /// Scheme and host, when `base_url` has them (`https://host`).
    origin: &'a str,
    /// The path part, starting and ending with `/`.
    base_path: &'a str,
}

/// Where a link into the site leads.
#[derive(Debug, PartialEq, Eq)]
enum Target {
    /// A file under the output root, and the anchor named, if any.
    Inside {
        path: String,
        anchor: Option<String>,
    },
    /// Above the base path: out of the site.
    Outside,
}

impl<'a> Site<'a> {
    fn of(urls: &'a Urls) -> Self {
        Site {
            origin: urls.origin(),
            base_path: urls.base_path(),
        }
    }

    /// Resolves `href`, found on the page written at `page`, to where it
    /// leads in the site; `None` for links out of the site (other hosts,
    /// `mailto:` and the like) and empty ones.
    fn resolve(&self, page: &str, href: &str) -> Option<Target> {
        let href = href.trim();
        if href.is_empty() || href.starts_with("//") {
            return None;
        }
        let (rest, anchor) = match href.split_once('#') {
            Some((rest, anchor)) => (rest, Some(decode(anchor)).filter(|a| !a.is_empty())),
            None => (href, None),
        };
        let rest = rest.split_once('?').map_or(rest, |(path, _)| path);
        let page_url = format!("{}{page}", self.base_path);
        let url_path = if has_scheme(rest) {
            let inside = (!self.origin.is_empty())
                .then(|| rest.strip_prefix(self.origin))
                .flatten()
                .filter(|path| path.is_empty() || path.starts_with('/'))?;
            if inside.is_empty() {
                "/".to_string()
            } else {
                inside.to_string()
            }
        } else if rest.is_empty() {
            page_url
        } else {
            absolute(&page_url, rest).into_owned()
        };
        let normalized = normalize(&decode(&url_path));
        let Some(inside) = normalized.strip_prefix(self.base_path) else {
            return Some(Target::Outside);
        };
        let path = if inside.is_empty() || inside.ends_with('/') {
            format!("{inside}index.html")
        } else {
            inside.to_string()
        };
        Some(Target::Inside { path, anchor })
    }
}

fn decode(text: &str) -> String {
    percent_decode_str(text).decode_utf8_lossy().into_owned()
}

/// Diagnostics for `broken` links, one for each place that wrote one: the
/// Markdown link in a document's source (whose page, or a listing showing
/// its summary, has the link), else the template of the pages that have it.
pub fn diagnose(
    broken: &[Broken],
    corpus: &Corpus,
    tags: &BTreeMap<String, facts::Tag>,
    urls: &Urls,
    theme: &Theme,
) -> Vec<Diagnostic> {
    if broken.is_empty() {
        return Vec::new();
    }
    let by_path: BTreeMap<String, Page> = Page::all(corpus, tags)
        .into_iter()
        .map(|p| (p.output_path(corpus), p))
        .collect();
    let written = markdown_links(corpus, urls);
    let mut groups: BTreeMap<(&str, &Problem), Vec<&str>> = BTreeMap::new();
    for b in broken {
        groups
            .entry((&b.href, &b.problem))
            .or_default()
            .push(&b.page);
    }
    let mut diagnostics = Vec::new();
    for ((href, problem), on) in groups {
        let (reason, help) = explain(problem, by_path.keys());
        let sources = written
            .get(&decode(href))
            .map(Vec::as_slice)
            .unwrap_or_default();
        for (path, position, as_written) in sources {
            diagnostics.push(with_help(
                Diagnostic::error(
                    path,
                    *position,
                    format!("broken link `{as_written}`: {reason}"),
                ),
                help.clone(),
            ));
        }
        if sources.is_empty() {
            let template = by_path
                .get(on[0])
                .map_or_else(|| PathBuf::from(on[0]), |p| theme.origin(p.template()));
            let more = match on.len() - 1 {
                0 => String::new(),
                1 => " and 1 other page".to_string(),
                n => format!(" and {n} other pages"),
            };
            diagnostics.push(with_help(
                Diagnostic::error(
                    template,
                    Position::FILE,
                    format!("broken link `{href}` on {}{more}: {reason}", url_of(on[0])),
                ),
                help,
            ));
        }
    }
    diagnostics
}

fn with_help(d: Diagnostic, help: Option<String>) -> Diagnostic {
    match help {
        Some(help) => d.with_help(help),
        None => d,
    }
}

/// The URL path of the file at `rel` (`notes/a/index.html` is `/notes/a/`).
fn url_of(rel: &str) -> String {
    format!("/{}", rel.trim_end_matches("index.html"))
}

/// Why a link leads nowhere, and how to fix it where that is likely.
fn explain<'a>(
    problem: &Problem,
    pages: impl Iterator<Item = &'a String>,
) -> (String, Option<String>) {
    match problem {
        Problem::NoFile(target) => (
            format!("the site has no page or file at {}", url_of(target)),
            suggest_file(target, pages),
        ),
        Problem::NoAnchor { page, anchor } => {
            (format!("{} has no anchor `#{anchor}`", url_of(page)), None)
        }
        Problem::OutsideSite => (
            "it leads out of the site's base path".to_string(),
            Some(
                "write it relative to the page, or start it with the site's base path".to_string(),
            ),
        ),
    }
}

/// Where a link is written in a source file, and as what.
type Written = (PathBuf, Position, String);

/// Every link written in Markdown in a body of `corpus`, by the destination
/// it renders to (absolute, percent-decoded).
fn markdown_links(corpus: &Corpus, urls: &Urls) -> BTreeMap<String, Vec<Written>> {
    let notes = corpus
        .notes
        .iter()
        .map(|n| (&n.source, n.body.as_str(), urls.note(&n.id)));
    let articles = corpus
        .articles
        .iter()
        .filter(|a| a.format == TextFormat::Markdown)
        .map(|a| (&a.source, a.body.as_str(), urls.article(&a.id)));
    let actors = corpus
        .actors
        .iter()
        .map(|a| (&a.source, a.body.as_str(), urls.actor(&a.id)));
    let topics = corpus
        .topics
        .iter()
        .map(|t| (&t.source, t.body.as_str(), urls.topic(&t.id)));
    let mut links: BTreeMap<String, Vec<Written>> = BTreeMap::new();
    for (source, body, page_url) in notes.chain(articles).chain(actors).chain(topics) {
        for (dest, at) in destinations(body) {
            let rendered = decode(&absolute(&page_url, &dest));
            links.entry(rendered).or_default().push((
                source.path.clone(),
                source.position_in_body(body, at),
                dest,
            ));
        }
    }
    links
}

/// The destination of every link and image of Markdown `body`, with the byte
/// offset where it is written.
fn destinations(body: &str) -> Vec<(String, usize)> {
    if !body.contains("](") && !body.contains("]:") {
        return Vec::new();
    }
    let mut found = Vec::new();
    for (event, range) in Parser::new_ext(body, markdown_options()).into_offset_iter() {
        let (Event::Start(Tag::Link { dest_url, .. }) | Event::Start(Tag::Image { dest_url, .. })) =
            event
        else {
            continue;
        };
        let inner = body[range.clone()].find(dest_url.as_ref()).unwrap_or(0);
        found.push((dest_url.into_string(), range.start + inner));
    }
    found
}

/// A "did you mean" for a missing file: the closest page path.
fn suggest_file<'a>(target: &str, pages: impl Iterator<Item = &'a String>) -> Option<String> {
    let target = target.trim_end_matches("index.html");
    pages
        .map(|p| p.trim_end_matches("index.html"))
        .map(|p| (strsim::jaro_winkler(target, p), p))
        .filter(|(score, _)| *score > 0.85)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, p)| format!("did you mean `/{p}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls_at(base_url: &str) -> Urls {
        let mut config = crate::config::Config::default();
        config.set_base_url(base_url);
        Urls::new(&config)
    }

    fn inside(path: &str, anchor: Option<&str>) -> Option<Target> {
        Some(Target::Inside {
            path: path.to_string(),
            anchor: anchor.map(str::to_string),
        })
    }

    #[test]
    fn links_resolve_as_a_browser_resolves_them() {
        let urls = urls_at("https://host.example/team/briefs/");
        let site = Site::of(&urls);
        let page = "notes/a/index.html";
        assert_eq!(
            site.resolve(page, "../b/"),
            inside("notes/b/index.html", None)
        );
        assert_eq!(
            site.resolve(page, "#q3"),
            inside("notes/a/index.html", Some("q3"))
        );
        assert_eq!(
            site.resolve(page, "/team/briefs/articles/x/#q1"),
            inside("articles/x/index.html", Some("q1"))
        );
        assert_eq!(
            site.resolve(page, "https://host.example/team/briefs/style.css?v=2"),
            inside("style.css", None)
        );
        assert_eq!(
            site.resolve(page, "../../../../etc/"),
            Some(Target::Outside)
        );
        assert_eq!(site.resolve(page, "/notes/b/"), Some(Target::Outside));
        assert_eq!(site.resolve(page, "https://elsewhere.example/"), None);
        assert_eq!(site.resolve(page, "mailto:desk@host.example"), None);
        assert_eq!(site.resolve(page, "//cdn.example/x.js"), None);
        assert_eq!(
            site.resolve(page, "caf%C3%A9/"),
            inside("notes/a/café/index.html", None)
        );
    }

    #[test]
    fn a_site_at_the_root_takes_root_relative_links() {
        let urls = urls_at("/");
        let site = Site::of(&urls);
        assert_eq!(
            site.resolve("index.html", "/notes/b/"),
            inside("notes/b/index.html", None)
        );
        assert_eq!(
            site.resolve("404.html", "style.css"),
            inside("style.css", None)
        );
    }

    #[test]
    fn pages_offer_ids_and_named_anchors() {
        let scanned =
            scan(r#"<p id="a">x</p><a name="b" href="/c/?x=1&amp;y=2">y</a><img src="d.png">"#);
        assert_eq!(scanned.ids, BTreeSet::from(["a".into(), "b".into()]));
        assert_eq!(scanned.links, ["/c/?x=1&y=2", "d.png"]);
    }

    #[test]
    fn broken_links_and_anchors_are_found() {
        let sink = LinkSink::default();
        sink.write("index.html", br##"<a href="notes/a/#q2">1</a><a href="notes/b/">2</a><a href="notes/a/#x">3</a><a href="notes/a">4</a>"##).unwrap();
        sink.write(
            "notes/a/index.html",
            br#"<q id="q2">x</q><link href="../../style.css">"#,
        )
        .unwrap();
        let broken = sink.broken(&urls_at("/"), &BTreeSet::from(["style.css".to_string()]));
        let problems: Vec<(&str, &Problem)> = broken
            .iter()
            .map(|b| (b.href.as_str(), &b.problem))
            .collect();
        assert_eq!(
            problems,
            [
                ("notes/b/", &Problem::NoFile("notes/b/index.html".into())),
                (
                    "notes/a/#x",
                    &Problem::NoAnchor {
                        page: "notes/a/index.html".into(),
                        anchor: "x".into()
                    }
                ),
            ]
        );
    }

    #[test]
    fn markdown_links_are_found_in_the_source() {
        let body = "Intro.\n\nSee [the note](../b/#x \"title\") and ![m](map.png).\n";
        let found = destinations(body);
        assert_eq!(found.len(), 2);
        assert_eq!(&body[found[0].1..found[0].1 + 7], "../b/#x");
        assert_eq!(found[1].0, "map.png");
    }
}
