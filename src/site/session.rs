//! A site kept in memory between builds, rebuilt from what changed: the
//! engine of `brief serve`.
//!
//! A [`Session`] holds the parsed files, the last good build and its facts.
//! [`Session::rebuild`] re-parses only the content files that changed,
//! reuses the facts of every document that did not, and renders only the
//! pages in the footprints of the changed documents (see `site::footprint`).
//! A change to the configuration, the templates or what the registry holds
//! of an actor or a topic (anything but its body, which its own page alone
//! shows) renders every page. Whatever it renders, the output folder then
//! holds exactly what `brief build` writes for the same sources.
//!
//! A rebuild renders into memory first: when it fails, the output folder
//! and the session's last good build stay as they were, and the changes
//! wait for the next rebuild.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use anyhow::Context as _;

use super::facts::{Doc, Facts, Found, Last, Records, same_stances};
use super::footprint::Changed;
use super::output::{self, Folder, Memory, Sink, Staging, Stoppable};
use super::pages::{self, Page};
use super::views::Views;
use super::{
    BuildOptions, Kept, Loaded, Scope, Urls, copy_static, footprint, load_with, render_pages,
    static_files,
};
use crate::content::{Base, Kind, Sources, touches};
use crate::diagnostic::{Diagnostics, Failed};
use crate::model::Corpus;

/// One kind of change to a site's sources.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Change {
    /// A content file (path relative to the site root) was written, created or removed.
    Content(PathBuf),
    /// A template was written, created or removed.
    Templates,
    /// A file under `static/` was written, created or removed.
    Static,
    /// `brief.toml` changed: everything is read again.
    Config,
}

impl Change {
    /// The kind of change a write to `path` (under `root`) is; `None` for
    /// files the site does not read.
    pub fn of(root: &Path, path: &Path) -> Option<Change> {
        let rel = path.strip_prefix(root).ok()?;
        let mut parts = rel.components().map(|c| c.as_os_str().to_string_lossy());
        let first = parts.next()?;
        let name = rel.file_name()?.to_string_lossy();
        // Editors' swap, backup and temporary files.
        let scratch = name.starts_with('.')
            || name.ends_with('~')
            || name.ends_with(".swp")
            || name.ends_with(".tmp");
        match &*first {
            "brief.toml" if rel.components().count() == 1 => Some(Change::Config),
            _ if scratch => None,
            "content" => Some(Change::Content(rel.to_path_buf())),
            "templates" => Some(Change::Templates),
            "static" => Some(Change::Static),
            _ => None,
        }
    }
}

/// What a rebuild did.
#[derive(Debug)]
pub struct Rebuilt {
    /// How many pages were rendered.
    pub pages: usize,
    /// Whether every page was rendered (else only those the changes touch).
    pub full: bool,
    /// Whether only `static/` files changed (stylesheets can be swapped in place).
    pub static_only: bool,
    /// The warnings of the whole site, unsorted.
    pub warnings: Diagnostics,
}

/// A site and its output folder, rebuilt change by change.
pub struct Session {
    options: BuildOptions,
    output: PathBuf,
    sources: Sources,
    current: Option<Current>,
    /// The changes since the last good build.
    pending: BTreeSet<Change>,
    /// Once set, a build in progress stops writing and fails.
    stop: Arc<AtomicBool>,
}

/// The last good build: what the output folder holds.
struct Current {
    loaded: Loaded,
    facts: Facts,
    /// The files rendered from the site (not copied from `static/`).
    generated: BTreeSet<String>,
    /// The files copied from `static/`, written over generated ones.
    statics: BTreeSet<String>,
}

impl Session {
    /// A session writing the site of `options` into `output`; nothing is
    /// built until the first [`Session::rebuild`].
    pub fn new(options: BuildOptions, output: PathBuf) -> Session {
        Session {
            options,
            output,
            sources: Sources::default(),
            current: None,
            pending: BTreeSet::from([Change::Config]),
            stop: Arc::default(),
        }
    }

    /// The session, its builds stopping when `stop` is set: a server that
    /// stops does not wait for a build of every page.
    pub fn stopping_on(self, stop: Arc<AtomicBool>) -> Session {
        Session { stop, ..self }
    }

    /// Brings the output up to date with `changes` and any left by failed
    /// rebuilds. On failure, the output stays as the last good build left it.
    pub fn rebuild(
        &mut self,
        changes: impl IntoIterator<Item = Change>,
    ) -> anyhow::Result<Result<Rebuilt, Failed>> {
        self.pending.extend(changes);
        let result = match self.current.take() {
            Some(current) if !self.pending.contains(&Change::Config) => self.update(current),
            _ => self.build_all(),
        };
        if let Ok(Ok(_)) = &result {
            self.pending.clear();
        }
        result
    }

    /// Reads everything again and renders every page.
    fn build_all(&mut self) -> anyhow::Result<Result<Rebuilt, Failed>> {
        self.sources = Sources::default();
        let root = self.options.root.clone();
        let sources = &mut self.sources;
        let loaded = match load_with(&self.options, Kept::default(), |options| {
            sources.load(&root, options, None, None)
        })? {
            Ok(loaded) => loaded,
            Err(failed) => return Ok(Err(failed)),
        };
        let urls = Urls::new(&loaded.config);
        let facts = Facts::new(&loaded.corpus, &loaded.config, &urls, loaded.analysis);
        self.write_all(loaded, facts)
    }

    /// Renders every page of `loaded` into a staging folder and swaps it in.
    fn write_all(
        &mut self,
        loaded: Loaded,
        facts: Facts,
    ) -> anyhow::Result<Result<Rebuilt, Failed>> {
        let staging = Staging::new(&self.output).with_context(|| {
            format!("creating a staging folder beside {}", self.output.display())
        })?;
        let sink = Stoppable {
            sink: &staging,
            stop: &self.stop,
        };
        let rendered = match render_pages(&loaded, &facts, Scope::All, Records::Keep, &sink)? {
            Ok(rendered) => rendered,
            Err(failed) => return Ok(Err(failed)),
        };
        let generated = output::files_under(staging.path())?;
        copy_static(&self.options.root, &loaded.statics, &staging)?;
        let statics = loaded.statics.clone();
        staging
            .commit()
            .with_context(|| format!("replacing {}", self.output.display()))?;
        self.current = Some(Current {
            loaded,
            facts,
            generated,
            statics,
        });
        Ok(Ok(Rebuilt {
            pages: rendered.pages,
            full: true,
            static_only: false,
            warnings: rendered.warnings,
        }))
    }

    /// Applies the pending changes to `current`, the last good build. On
    /// failure `current` is put back as it was.
    fn update(&mut self, current: Current) -> anyhow::Result<Result<Rebuilt, Failed>> {
        let content: BTreeSet<PathBuf> = self
            .pending
            .iter()
            .filter_map(|c| match c {
                Change::Content(path) => Some(path.clone()),
                _ => None,
            })
            .collect();
        let templates = self.pending.contains(&Change::Templates);
        let statics_changed = self.pending.contains(&Change::Static);
        if content.is_empty() && !templates {
            if !statics_changed {
                self.current = Some(current);
                return Ok(Ok(Rebuilt {
                    pages: 0,
                    full: false,
                    static_only: false,
                    warnings: Diagnostics::default(),
                }));
            }
            return self.update_statics(current);
        }

        let root = self.options.root.clone();
        let sources = &mut self.sources;
        let kept = Kept {
            config: Some(current.loaded.config.clone()),
            theme: (!templates).then(|| current.loaded.theme.clone()),
            // Saving a file makes no commit: the history stands.
            history: Some(current.loaded.history.clone()),
        };
        // Edits of the templates are read with the theme; the other edits
        // start from the last good corpus.
        let base = (!templates).then_some(Base {
            corpus: &current.loaded.corpus,
            warnings: &current.loaded.warnings,
        });
        let loaded = load_with(&self.options, kept, |options| {
            sources.load(&root, options, Some(&content), base)
        })?;
        let loaded = match loaded {
            Ok(loaded) => loaded,
            Err(failed) => {
                self.current = Some(current);
                return Ok(Err(failed));
            }
        };

        // The registry decides every document's mentions and links: when an
        // actor or a topic changes in more than its body (which its own page
        // alone shows), nothing is reused and every page is rendered.
        let profiles: Option<BTreeSet<String>> = content
            .iter()
            .filter(|p| kind_of(p).is_none_or(|k| matches!(k, Kind::Actor | Kind::Topic)))
            .map(|p| {
                footprint::profile(&current.loaded.corpus, &loaded.corpus, p)
                    .map(|page| page.output_path(&loaded.corpus))
            })
            .collect();
        let registry = profiles.is_none();
        let urls = Urls::new(&loaded.config);
        let docs = (
            docs_at(&current.loaded.corpus, &content),
            docs_at(&loaded.corpus, &content),
        );
        let mut changed = None;
        let facts = {
            let last = (!registry).then_some(Last {
                corpus: &current.loaded.corpus,
                facts: &current.facts,
            });
            // Once the documents' facts are known, they are split by what
            // other pages show of them; when every change is quiet, the
            // site-wide tables are those of the last build.
            let share = |found: Found<'_>| {
                let was = |doc| current.facts.doc(doc);
                let split = Changed::of(
                    (&current.loaded.corpus, &was),
                    (&loaded.corpus, found),
                    docs,
                );
                let quiet = !registry && split.is_quiet();
                changed = Some(split);
                quiet.then(|| current.facts.tables.clone())
            };
            Facts::reusing(
                &loaded.corpus,
                &loaded.config,
                &urls,
                loaded.analysis,
                last,
                share,
                &|_, _, _| {},
            )
        };
        if registry || templates || statics_changed || facts.has_code != current.facts.has_code {
            let result = self.write_all(loaded, facts);
            if !matches!(result, Ok(Ok(_))) {
                self.current = Some(current);
            }
            return result;
        }
        let changed = changed.expect("Facts::reusing calls share once");

        let (old, new) = (
            (&current.loaded.corpus, &current.facts),
            (&loaded.corpus, &facts),
        );
        let mut touched = changed.pages(old, new);
        touched.extend(profiles.into_iter().flatten());
        if !same_stances(old, new) {
            touched.extend(footprint::reassessed(old, new));
        }
        let memory = Memory::replacing(&self.output);
        let views = |(corpus, facts)| Views {
            corpus,
            facts,
            config: &loaded.config,
            urls: &urls,
            history: &loaded.history,
        };
        if same_sitemap(
            &views(old),
            &views(new),
            (&changed.shown.0, &changed.shown.1),
        ) {
            touched.remove(&Page::Sitemap.output_path(new.0));
        }
        let scope = Scope::Pages {
            paths: &touched,
            previous: old,
        };
        let rendered = match render_pages(&loaded, &facts, scope, Records::Keep, &memory)? {
            Ok(rendered) => rendered,
            Err(failed) => {
                self.current = Some(current);
                return Ok(Err(failed));
            }
        };
        let written = memory.into_files();
        let folder = Folder(self.output.clone());
        for (rel, bytes) in &written {
            if !current.statics.contains(rel) {
                folder
                    .write(rel, bytes)
                    .with_context(|| format!("writing {rel}"))?;
            }
        }
        // The pages rendered before and not now are gone (a note removed).
        let mut generated = current.generated;
        for gone in touched.iter().filter(|p| !written.contains_key(*p)) {
            if generated.remove(gone) && !current.statics.contains(gone) {
                folder
                    .remove(gone)
                    .with_context(|| format!("removing {gone}"))?;
            }
        }
        generated.extend(written.into_keys());
        self.current = Some(Current {
            loaded,
            facts,
            generated,
            statics: current.statics,
        });
        Ok(Ok(Rebuilt {
            pages: rendered.pages,
            full: false,
            static_only: false,
            warnings: rendered.warnings,
        }))
    }

    /// Copies `static/` again and removes what left it. A static file that
    /// covers, or stops covering, a rendered one renders everything.
    fn update_statics(&mut self, current: Current) -> anyhow::Result<Result<Rebuilt, Failed>> {
        let statics = static_files(&self.options.root)?;
        let covers = |files: &BTreeSet<String>| files.iter().any(|f| current.generated.contains(f));
        if covers(&statics) || covers(&current.statics) {
            let loaded = Loaded {
                statics,
                ..current.loaded
            };
            return self.write_all(loaded, current.facts);
        }
        let folder = Folder(self.output.clone());
        for gone in current.statics.difference(&statics) {
            folder
                .remove(gone)
                .with_context(|| format!("removing {gone}"))?;
        }
        copy_static(&self.options.root, &statics, &folder)?;
        self.current = Some(Current { statics, ..current });
        Ok(Ok(Rebuilt {
            pages: 0,
            full: false,
            static_only: true,
            warnings: Diagnostics::default(),
        }))
    }
}

/// Whether the sitemap of `new` reads as that of `old`, given the documents
/// that `changed` (before, after). Every other document kept its file, so
/// its address and date: the sitemap is the same when the site has the same
/// pages and the changed documents the same addresses and dates.
fn same_sitemap(old: &Views<'_>, new: &Views<'_>, changed: (&[Doc], &[Doc])) -> bool {
    let shape = |views: &Views<'_>| Page::all(views.corpus, &views.facts.tables.tags);
    let entries = |views: &Views<'_>, docs: &[Doc]| -> BTreeSet<pages::SitemapEntry> {
        docs.iter()
            .filter_map(|&doc| pages::sitemap_entry(views, &Page::of(doc)))
            .collect()
    };
    shape(old) == shape(new) && entries(old, changed.0) == entries(new, changed.1)
}

/// The kind of content a path under `content/` holds, by its folder.
fn kind_of(rel: &Path) -> Option<Kind> {
    let folder = rel.components().nth(1)?.as_os_str().to_string_lossy();
    Kind::ALL.into_iter().find(|k| k.folder() == folder)
}

/// The documents of `corpus` read from `paths`.
fn docs_at(corpus: &Corpus, paths: &BTreeSet<PathBuf>) -> Vec<Doc> {
    Doc::all(corpus)
        .filter(|doc| touches(paths, doc.path(corpus)))
        .collect()
}
