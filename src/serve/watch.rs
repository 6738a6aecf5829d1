//! Watching a site's sources and turning file-system events into kinds of
//! [`Change`].
//!
//! Events are debounced, so an editor's save (write in place, or write a
//! temporary file and rename it over the original, with swap files beside)
//! arrives as one batch. Only `content/`, `templates/`, `static/` and
//! `brief.toml` are watched: the rest of a repository (`.git`, build
//! folders) never wakes a rebuild.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use anyhow::Context as _;
use notify_debouncer_full::notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

use crate::site::Change;

/// How long the watcher waits for a burst of events to end.
const DEBOUNCE: Duration = Duration::from_millis(20);

/// The folders of a site that are watched recursively.
const FOLDERS: [&str; 3] = ["content", "templates", "static"];

/// A running watcher of one site.
pub struct Watcher {
    root: PathBuf,
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    events: mpsc::Receiver<DebounceEventResult>,
    watched: BTreeSet<PathBuf>,
}

impl Watcher {
    /// Starts watching the site at `root` (an absolute, canonical path).
    pub fn start(root: &Path) -> anyhow::Result<Watcher> {
        let (tx, events) = mpsc::channel();
        let debouncer = new_debouncer(DEBOUNCE, None, tx).context("starting the file watcher")?;
        let mut watcher = Watcher {
            root: root.to_path_buf(),
            debouncer,
            events,
            watched: BTreeSet::new(),
        };
        watcher
            .debouncer
            .watch(root, RecursiveMode::NonRecursive)
            .with_context(|| format!("watching {}", root.display()))?;
        watcher.watch_folders()?;
        Ok(watcher)
    }

    /// Watches each of the site's folders that exists and is not yet watched.
    fn watch_folders(&mut self) -> anyhow::Result<()> {
        for folder in FOLDERS {
            let dir = self.root.join(folder);
            if dir.is_dir() && !self.watched.contains(&dir) {
                self.debouncer
                    .watch(&dir, RecursiveMode::Recursive)
                    .with_context(|| format!("watching {}", dir.display()))?;
                self.watched.insert(dir);
            }
        }
        self.watched.retain(|dir| dir.is_dir());
        Ok(())
    }

    /// Waits for the next batch of changes to the site; `None` when the
    /// watcher has stopped.
    pub fn next(&mut self) -> Option<Batch> {
        let first = self.events.recv().ok()?;
        let mut batch = Batch::default();
        for events in std::iter::once(first).chain(self.events.try_iter()) {
            match events {
                Ok(events) => {
                    let paths = events
                        .iter()
                        .filter(|e| !matches!(e.kind, EventKind::Access(_)))
                        .flat_map(|e| &e.paths);
                    batch
                        .changes
                        .extend(paths.filter_map(|p| Change::of(&self.root, p)));
                }
                Err(errors) => batch
                    .problems
                    .extend(errors.into_iter().map(|e| e.to_string())),
            }
        }
        // A folder created or renamed into place is watched from now on.
        if let Err(e) = self.watch_folders() {
            batch.problems.push(format!("{e:#}"));
        }
        if !batch.problems.is_empty() {
            // Events may have been lost: read everything again.
            batch.changes.insert(Change::Config);
        }
        Some(batch)
    }
}

/// The changes seen together, and what went wrong watching.
#[derive(Debug, Default)]
pub struct Batch {
    pub changes: BTreeSet<Change>,
    pub problems: Vec<String>,
}
