//! Building a site: load, render every page, write the output atomically.
//!
//! [`build`] is the whole pipeline; only this module writes to the output folder.

mod chart;
mod data;
mod facts;
mod footprint;
mod links;
pub mod output;

pub use output::{Discard, Sink};
mod pages;
mod quality;
mod search;
pub mod session;
mod snippet;
mod urls;
mod views;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use rayon::prelude::*;

use crate::config::Config;
use crate::content::{self, History, LoadOptions};
use crate::diagnostic::{Diagnostic, Diagnostics, Failed, Position};
use crate::model::Corpus;
use crate::render::{Theme, highlight, templates::BUILTIN_STATIC};
use facts::Records;

pub use facts::Facts;
pub use pages::Page;
pub use session::{Change, Rebuilt, Session};
pub use urls::Urls;

/// What `brief check` found: every diagnostic, in reporting order, and how
/// many pages rendered (none when loading failed).
#[derive(Debug)]
pub struct Checked {
    pub diagnostics: Vec<Diagnostic>,
    pub pages: Option<usize>,
}

/// Loads and renders the site as a build does, writing nothing, and checks
/// that every internal link of the rendered pages leads to a file of the
/// site and to an anchor on it.
pub fn check(options: &BuildOptions) -> anyhow::Result<Checked> {
    let loaded = match load(options)? {
        Ok(loaded) => loaded,
        Err(failed) => {
            return Ok(Checked {
                diagnostics: failed.0,
                pages: None,
            });
        }
    };
    let urls = Urls::new(&loaded.config);
    let sink = links::LinkSink::default();
    // Not streamed as a build is (`render`): the sink keeps every
    // page's links anyway, and rendering each article's page between
    // analyses made a check of the 10k-article bench corpus 3% slower.
    let facts = Facts::new(&loaded.corpus, &loaded.config, &urls, loaded.analysis);
    let rendered = match render_pages(&loaded, &facts, Scope::All, Records::Stream, &sink)? {
        Ok(rendered) => rendered,
        Err(failed) => {
            return Ok(Checked {
                diagnostics: failed.0,
                pages: None,
            });
        }
    };
    let broken = sink.broken(&urls, &loaded.statics);
    let mut diagnostics = Diagnostics::default();
    diagnostics.append(rendered.warnings);
    diagnostics.extend(links::diagnose(
        &broken,
        &loaded.corpus,
        &facts.tables.tags,
        &urls,
        &loaded.theme,
    ));
    Ok(Checked {
        diagnostics: diagnostics.into_sorted(),
        pages: Some(rendered.pages),
    })
}

/// What to build and where.
#[derive(Clone, Debug)]
pub struct BuildOptions {
    /// The site folder (holding `brief.toml` and `content/`).
    pub root: PathBuf,
    /// The output folder; `root/public` when `None`.
    pub output: Option<PathBuf>,
    /// Overrides `base_url` of `brief.toml`.
    pub base_url: Option<String>,
    pub drafts: bool,
    /// Find mentions and quotes (off only to build faster or to measure their cost).
    pub analysis: bool,
    /// Treat warnings as errors.
    pub strict: bool,
}

impl BuildOptions {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        BuildOptions {
            root: root.into(),
            output: None,
            base_url: None,
            drafts: false,
            analysis: true,
            strict: false,
        }
    }

    pub fn output_dir(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.root.join("public"))
    }
}

/// A site loaded and validated, ready to render.
pub struct Loaded {
    pub config: Config,
    pub corpus: Corpus,
    pub theme: Theme,
    /// Warnings found while loading.
    pub warnings: Vec<Diagnostic>,
    /// Whether to find mentions and quotes.
    pub analysis: bool,
    /// The files of `static/`, as paths under the output root.
    pub statics: BTreeSet<String>,
    /// The git history of the content files (empty outside git).
    pub history: History,
}

/// What a successful build did.
#[derive(Debug)]
pub struct Report {
    pub pages: usize,
    pub files: usize,
    pub output: PathBuf,
    pub warnings: Vec<Diagnostic>,
}

/// Loads configuration, content and templates, reporting every problem.
pub fn load(options: &BuildOptions) -> anyhow::Result<Result<Loaded, Failed>> {
    load_with(options, Kept::default(), |load_options| {
        content::load(&options.root, load_options)
    })
}

/// What a load takes from an earlier one instead of reading it again.
#[derive(Default)]
struct Kept {
    config: Option<Config>,
    theme: Option<Theme>,
    history: Option<History>,
}

/// Loads a site as [`load`] does, with the content from `content` and
/// whatever `kept` holds taken as it is.
fn load_with(
    options: &BuildOptions,
    kept: Kept,
    content: impl FnOnce(&LoadOptions) -> (Corpus, Diagnostics),
) -> anyhow::Result<Result<Loaded, Failed>> {
    // `git log` runs while the content loads: over a long history it takes
    // as long as reading the files, and it is another process's work.
    let history = {
        let (root, kept) = (options.root.clone(), kept.history);
        std::thread::spawn(move || kept.unwrap_or_else(|| History::read(&root)))
    };
    let mut diagnostics = Diagnostics::default();
    let config = match kept.config {
        Some(config) => config,
        None => match Config::load(&options.root)? {
            Ok(mut config) => {
                if let Some(url) = &options.base_url {
                    config.set_base_url(url);
                }
                config
            }
            Err(errors) => {
                diagnostics.extend(errors);
                Config::default()
            }
        },
    };
    if !options.root.join("content").is_dir() {
        diagnostics.push(
            Diagnostic::error(options.root.join("content"), Position::FILE, "no `content` folder: this is not a brief site")
                .with_help("run brief in the site's folder, pass `--root DIR`, or create one with `brief init DIR`"),
        );
    }
    let load_options = LoadOptions {
        drafts: options.drafts,
        scale: config.scale.clone(),
    };
    let (corpus, content_diagnostics) = content(&load_options);
    diagnostics.extend(content_diagnostics);
    let theme = match kept.theme.map_or_else(|| Theme::load(&options.root), Ok) {
        Ok(theme) => Some(theme),
        Err(errors) => {
            diagnostics.extend(errors);
            None
        }
    };
    if diagnostics.has_errors() {
        return Ok(Err(Failed(diagnostics.into_sorted())));
    }
    let theme = theme.expect("a theme when there are no errors");
    let statics = static_files(&options.root)?;
    Ok(Ok(Loaded {
        config,
        corpus,
        theme,
        warnings: diagnostics.into_sorted(),
        analysis: options.analysis,
        statics,
        history: history
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
    }))
}

/// Follows a build as it goes, for progress bars and timings.
pub trait Observer: Sync {
    /// A stage of the build begins: `load`, `render`, `write`.
    fn stage(&self, _name: &'static str) {}
    /// A file was written.
    fn written(&self) {}
}

/// An observer that ignores everything.
pub struct Unobserved;

impl Observer for Unobserved {}

/// A sink that tells an observer of each file written to it.
struct Observed<'a> {
    sink: &'a dyn Sink,
    observer: &'a dyn Observer,
}

impl Sink for Observed<'_> {
    fn write(&self, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
        self.sink.write(rel, bytes)?;
        self.observer.written();
        Ok(())
    }

    fn writer(&self, rel: &str) -> std::io::Result<Box<dyn std::io::Write + '_>> {
        self.observer.written();
        self.sink.writer(rel)
    }

    fn ready(&self) -> std::io::Result<()> {
        self.sink.ready()
    }
}

/// Builds the site into its output folder, atomically.
pub fn build(options: &BuildOptions) -> anyhow::Result<Result<Report, Failed>> {
    build_observed(options, &Unobserved)
}

/// Builds the site as [`build`] does, telling `observer` how it goes.
pub fn build_observed(
    options: &BuildOptions,
    observer: &dyn Observer,
) -> anyhow::Result<Result<Report, Failed>> {
    let output = options.output_dir();
    refuse_dangerous_output(&options.root, &output)?;
    observer.stage("load");
    let loaded = match load(options)? {
        Ok(loaded) => loaded,
        Err(failed) => return Ok(Err(failed)),
    };
    let staging = output::Staging::new(&output)
        .with_context(|| format!("creating a staging folder beside {}", output.display()))?;
    observer.stage("render");
    let sink = Observed {
        sink: &staging,
        observer,
    };
    let written = render(&loaded, &sink).with_context(|| {
        format!(
            "writing the site in a staging folder beside {}",
            output.display()
        )
    })?;
    let rendered = match written {
        Ok(rendered) => rendered,
        Err(failed) => return Ok(Err(failed)),
    };
    let warnings = rendered.warnings.into_sorted();
    if options.strict && !warnings.is_empty() {
        // The staging folder goes with `staging`: the previous output stays.
        return Ok(Err(Failed(warnings)));
    }
    observer.stage("write");
    copy_static(&options.root, &loaded.statics, &staging)?;
    let files = loaded.statics.len();
    staging
        .commit()
        .with_context(|| format!("replacing {} with the new build", output.display()))?;
    crate::drop_in_background(loaded);
    Ok(Ok(Report {
        pages: rendered.pages,
        files: rendered.pages + files,
        output,
        warnings,
    }))
}

/// Renders every page of `loaded` into `sink`.
///
/// Each article's page is rendered as soon as its facts are found, and its
/// body dropped then unless the feed shows it, so that a build never holds
/// every article's HTML at once; the other pages are rendered once every
/// fact is found.
///
/// Returns how many pages were rendered with the warnings of the quality
/// report, or the errors (template errors, evidence naming a missing quote).
pub fn render(loaded: &Loaded, sink: &dyn Sink) -> anyhow::Result<Result<Rendered, Failed>> {
    let (corpus, config) = (&loaded.corpus, &loaded.config);
    let urls = Urls::new(config);
    let shared = pages::Shared::new(corpus, config, &urls);
    let mut in_feed = vec![false; corpus.articles.len()];
    for doc in pages::feed_docs(corpus, config.feed_limit) {
        if let facts::Doc::Article(i) = doc {
            in_feed[i] = true;
        }
    }
    let articles = std::sync::Mutex::new(Vec::with_capacity(corpus.articles.len()));
    let on_article = |facts: &Facts, i: usize, found: &mut facts::DocFacts| {
        let views = views::Views {
            corpus,
            facts,
            config,
            urls: &urls,
            history: &loaded.history,
        };
        let ctx = pages::article_context(&views, &shared, i, found);
        let result = render_page(&Page::Article(i), &ctx, loaded, sink);
        articles
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(result);
        // Its page is written: only the feed shows a body again.
        if !in_feed[i] {
            found.rendered.html = String::new();
        }
    };
    let facts = Facts::streaming(corpus, config, &urls, loaded.analysis, &on_article);
    crate::drop_in_background(shared);
    let articles = articles.into_inner().unwrap_or_else(|e| e.into_inner());
    let rendered = render_pages(
        loaded,
        &facts,
        Scope::AllButArticles(articles),
        Records::Stream,
        sink,
    );
    crate::drop_in_background(facts);
    rendered
}

/// What rendering one page gave: nothing to report, or a template error;
/// an error when its file could not be written.
type PageResult = anyhow::Result<Option<Diagnostic>>;

/// Renders `page` of `loaded` from `ctx` and writes it into `sink`.
fn render_page(page: &Page, ctx: &tera::Context, loaded: &Loaded, sink: &dyn Sink) -> PageResult {
    match loaded.theme.render(page.template(), ctx) {
        Ok(bytes) => write(sink, &page.output_path(&loaded.corpus), &bytes).map(|()| None),
        Err(diagnostic) => Ok(Some(diagnostic)),
    }
}

/// Writes `bytes` at `rel` into `sink`, an error naming the file.
fn write(sink: &dyn Sink, rel: &str, bytes: &[u8]) -> anyhow::Result<()> {
    sink.write(rel, bytes)
        .with_context(|| format!("writing {rel}"))
}

/// What a render writes.
enum Scope<'a> {
    /// Every page and file.
    All,
    /// Every page and file but the articles' own pages, rendered before
    /// (as their facts were found) with these results.
    AllButArticles(Vec<PageResult>),
    /// The pages at these output paths, the theme, and the data files whose
    /// records differ from those of the `previous` build (corpus and facts)
    /// in the same configuration.
    Pages {
        paths: &'a BTreeSet<String>,
        previous: (&'a Corpus, &'a Facts),
    },
}

/// Renders the pages and files of `loaded` in `scope` into `sink`.
fn render_pages(
    loaded: &Loaded,
    facts: &Facts,
    scope: Scope<'_>,
    records: Records,
    sink: &dyn Sink,
) -> anyhow::Result<Result<Rendered, Failed>> {
    let corpus = &loaded.corpus;
    let urls = Urls::new(&loaded.config);
    let mut report = Diagnostics::default();
    report.extend(loaded.warnings.iter().cloned());
    let views = views::Views {
        corpus,
        facts,
        config: &loaded.config,
        urls: &urls,
        history: &loaded.history,
    };
    let shared = pages::Shared::new(corpus, &loaded.config, &urls);
    let mut all = Page::all(corpus, &facts.tables.tags);
    report.extend(covered_by_statics(&loaded.statics, &all, corpus));
    let (previous, done) = match scope {
        Scope::All => (None, Vec::new()),
        Scope::AllButArticles(done) => {
            all.retain(|page| !matches!(page, Page::Article(_)));
            (None, done)
        }
        Scope::Pages { paths, previous } => {
            let mut path = String::new();
            all.retain(|page| {
                path.clear();
                page.push_output_path(corpus, &mut path);
                paths.contains(path.as_str())
            });
            let previous = views::Views {
                corpus: previous.0,
                facts: previous.1,
                ..views
            };
            (Some(previous), Vec::new())
        }
    };
    let mut order: Vec<&Page> = all.iter().collect();
    order.sort_by_key(|page| page.render_rank());
    let render = || -> Vec<PageResult> {
        order
            .par_iter()
            .with_max_len(TASK_LEN)
            .map(|page| {
                // A page the sink would refuse is not rendered.
                sink.ready().context("rendering pages")?;
                render_page(page, &pages::context(page, &views, &shared), loaded, sink)
            })
            .collect()
    };
    // The data files and the search index are written while the pages
    // render, not after them: each is one long sequential write.
    let files = || -> anyhow::Result<()> {
        let (data, search) = rayon::join(
            || data::write(&views, sink, records, previous.as_ref()).context("writing data files"),
            || {
                search::write(&views, sink, records, previous.as_ref())
                    .context("writing the search index")
            },
        );
        data.and(search)
    };
    // The quality report is made while the pages render: when it or the
    // static files' check found an error, what was rendered is dropped
    // unwritten with the staging folder.
    let (quality, (results, files)) = rayon::join(
        || quality::report(corpus, facts, &loaded.config),
        || rayon::join(render, files),
    );
    crate::drop_in_background(shared);
    report.extend(quality);
    if report.has_errors() {
        return Ok(Err(Failed(report.into_sorted())));
    }
    let pages = all.len() + done.len();
    let mut errors = Diagnostics::default();
    for result in done.into_iter().chain(results) {
        if let Some(diagnostic) = result? {
            errors.push(diagnostic);
        }
    }
    if errors.has_errors() {
        return Ok(Err(Failed(errors.into_sorted())));
    }
    files?;
    for (path, text) in BUILTIN_STATIC {
        write(sink, path, text.as_bytes())?;
    }
    if facts.has_code {
        write(sink, SYNTAX_CSS, highlight::stylesheet().as_bytes())?;
    }
    Ok(Ok(Rendered {
        pages,
        warnings: report,
    }))
}

/// The most documents or pages one parallel task takes before it is split
/// again. Rayon splits a list only as far as its threads need at the start,
/// and later only when a thread steals work; without a cap, the last task of
/// a render can be thousands of pages long and run on one core while the
/// others wait.
const TASK_LEN: usize = 16;

/// The stylesheet of highlighted code, written when a page has code.
const SYNTAX_CSS: &str = "syntax.css";

/// What rendering a site produced besides its files.
#[derive(Debug)]
pub struct Rendered {
    pub pages: usize,
    /// The warnings of loading and of the quality report, unsorted: only
    /// what prints them needs their order.
    pub warnings: Diagnostics,
}

/// The files of the site's `static/` folder, as paths under the output root.
fn static_files(root: &Path) -> anyhow::Result<BTreeSet<String>> {
    let dir = root.join("static");
    if !dir.is_dir() {
        return Ok(BTreeSet::new());
    }
    output::files_under(&dir).with_context(|| format!("reading {}", dir.display()))
}

/// An error for each file of `statics` that would replace one of `pages` or
/// a data file. (Replacing the theme's own files, like `style.css`, is how a
/// site restyles the built-in theme, and is allowed.)
fn covered_by_statics(
    statics: &BTreeSet<String>,
    pages: &[Page],
    corpus: &Corpus,
) -> Vec<Diagnostic> {
    if statics.is_empty() {
        return Vec::new();
    }
    let pages = pages
        .iter()
        .map(|page| (page.output_path(corpus), Some(page.template())));
    let data = data::FILES.iter().map(|file| (file.to_string(), None));
    pages
        .chain(data)
        .filter(|(path, _)| statics.contains(path))
        .map(|(path, template)| {
            let help = match template {
                Some(template) => format!(
                    "remove or rename it; to change the page, edit its template, templates/{template}"
                ),
                None => "remove or rename it: brief writes this file itself".to_string(),
            };
            Diagnostic::error(
                format!("static/{path}"),
                Position::FILE,
                format!("this file would replace the generated `{path}`"),
            )
            .with_help(help)
        })
        .collect()
}

/// Copies `files` of the site's `static/` folder (as [`static_files`]
/// lists them) over the output root.
fn copy_static(root: &Path, files: &BTreeSet<String>, sink: &dyn Sink) -> anyhow::Result<()> {
    let dir = root.join("static");
    for rel in files {
        let path = dir.join(rel);
        let bytes = std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
        sink.write(rel, &bytes)
            .with_context(|| format!("copying static/{rel}"))?;
    }
    Ok(())
}

/// Refuses an output folder that would replace the site itself.
fn refuse_dangerous_output(root: &Path, output: &Path) -> anyhow::Result<()> {
    let canonical = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let root = canonical(root);
    let out = canonical(output);
    if root.starts_with(&out) {
        anyhow::bail!(
            "refusing to write the site into {}: it holds the site's own sources\n  help: pass an output folder of its own, like `--output public`",
            output.display()
        );
    }
    for kind in ["content", "templates", "static"] {
        if out == root.join(kind) || out.starts_with(root.join(kind)) {
            anyhow::bail!(
                "refusing to write the site into {}: it is inside the site's `{kind}` folder",
                output.display()
            );
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    /// A sink that is never ready, counting the pages still written to it.
    #[derive(Default)]
    struct NeverReady {
        writes: AtomicUsize,
    }

    impl Sink for NeverReady {
        fn write(&self, _: &str, _: &[u8]) -> std::io::Result<()> {
            self.writes.fetch_add(1, Ordering::Relaxed);
            Ok(())
        }

        fn writer(&self, _: &str) -> std::io::Result<Box<dyn std::io::Write + '_>> {
            Ok(Box::new(std::io::sink()))
        }

        fn ready(&self) -> std::io::Result<()> {
            Err(std::io::Error::other("stopping"))
        }
    }

    #[test]
    fn a_sink_that_is_not_ready_gets_no_page_rendered() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic");
        let loaded = load(&BuildOptions::new(root)).unwrap().unwrap();
        let urls = Urls::new(&loaded.config);
        let facts = Facts::new(&loaded.corpus, &loaded.config, &urls, loaded.analysis);
        let sink = NeverReady::default();
        let rendered = render_pages(&loaded, &facts, Scope::All, Records::Stream, &sink);
        assert!(
            rendered.is_err(),
            "a render into a sink that is not ready fails"
        );
        assert_eq!(sink.writes.load(Ordering::Relaxed), 0);
    }
}
