//! Loading a site's content from disk into a [`Corpus`].
//!
//! [`load`] reads `content/{articles,notes,actors,topics}`, parses every file's
//! front matter into the model, then checks references between items (a note's
//! articles, a stance's actor and topic, ...). It reports every problem of the
//! run, not only the first, each with file, line and column.

mod fields;
pub mod frontmatter;
mod history;
mod items;
mod links;
mod slug;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::diagnostic::{Diagnostic, Diagnostics, Position};
use crate::model::{Corpus, Scale};

pub use fields::{Fields, FileContext, Place};
pub use history::{History, Revisions};
pub use links::{
    ExplicitLink, code_ranges, code_ranges_in, explicit_links, explicit_links_outside,
    markdown_options,
};
pub use slug::slugify;

/// What to load and how to validate it.
#[derive(Clone, Debug, Default)]
pub struct LoadOptions {
    /// Include items marked `draft`.
    pub drafts: bool,
    /// The stance scale positions are checked against.
    pub scale: Scale,
}

/// The kinds of content, each in its own folder of `content/`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Article,
    Note,
    Actor,
    Topic,
}

impl Kind {
    pub const ALL: [Kind; 4] = [Kind::Article, Kind::Note, Kind::Actor, Kind::Topic];

    pub fn folder(self) -> &'static str {
        match self {
            Kind::Article => "articles",
            Kind::Note => "notes",
            Kind::Actor => "actors",
            Kind::Topic => "topics",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Kind::Article => "article",
            Kind::Note => "note",
            Kind::Actor => "actor",
            Kind::Topic => "topic",
        }
    }

    fn accepts(self, extension: &str) -> bool {
        match self {
            Kind::Article => extension == "md" || extension == "txt",
            _ => extension == "md",
        }
    }
}

/// A reference from one item to another, checked once everything is loaded.
#[derive(Clone, Debug)]
pub struct Reference {
    pub kind: Kind,
    pub id: String,
    /// Where the reference is written: the file, and in it the id.
    pub path: PathBuf,
    pub place: Place,
    /// The front matter key it is written under.
    pub key: &'static str,
}

/// Loads and validates the content under `root/content`.
///
/// Returns the corpus (with whatever loaded cleanly) and every diagnostic.
pub fn load(root: &Path, options: &LoadOptions) -> (Corpus, Diagnostics) {
    // Read once and dropped: no map of the files is kept for a next load.
    let mut diagnostics = Diagnostics::default();
    let files = discover(root, &mut diagnostics);
    let parsed = parse_files(root, files, options);
    let (corpus, found) = assemble(parsed.iter().map(|(_, (_, p))| p), options);
    diagnostics.extend(found);
    crate::drop_in_background(parsed);
    (corpus, diagnostics)
}

/// Reads and parses `files` (kind, path relative to `root`) in parallel, in
/// their order.
fn parse_files(
    root: &Path,
    files: Vec<(Kind, PathBuf)>,
    options: &LoadOptions,
) -> Vec<(PathBuf, (Kind, items::Parsed))> {
    files
        .into_par_iter()
        .map(|(kind, rel)| {
            let parsed = items::parse_file(root, &rel, kind, options);
            (rel, (kind, parsed))
        })
        .collect()
}

/// Loads and validates content held in memory, as [`load`] does from disk:
/// each file is its kind, its path relative to the site root
/// (`content/notes/a.md`) and its text. For tools, tests and fuzzing.
pub fn load_texts<'a>(
    files: impl IntoIterator<Item = (Kind, &'a Path, &'a str)>,
    options: &LoadOptions,
) -> (Corpus, Diagnostics) {
    let parsed: Vec<items::Parsed> = files
        .into_iter()
        .map(|(kind, rel, text)| items::parse_text(rel, text, kind, options))
        .collect();
    assemble(parsed.iter(), options)
}

/// The parsed content files of a site, kept between builds so that a rebuild
/// re-reads only the files that changed (`brief serve`).
#[derive(Default)]
pub struct Sources {
    /// Every content file by its path relative to the site root.
    parsed: BTreeMap<PathBuf, (Kind, items::Parsed)>,
    /// The problems met when the folders were last listed.
    listing: Vec<Diagnostic>,
}

impl Sources {
    /// Brings the files up to date with the disk: re-parses those in `changed`
    /// (paths relative to `root`; every file when `None`), parses new files and
    /// forgets removed ones. Returns the problems met while listing the folders.
    ///
    /// When every changed path is a file already known and still there, the
    /// folders are not listed again.
    pub fn refresh(
        &mut self,
        root: &Path,
        options: &LoadOptions,
        changed: Option<&BTreeSet<PathBuf>>,
    ) -> Diagnostics {
        // A file now a symbolic link is listed again: the listing decides
        // whether a link is followed.
        let is_file = |p: &Path| root.join(p).symlink_metadata().is_ok_and(|m| m.is_file());
        let edited =
            changed.filter(|c| c.iter().all(|p| self.parsed.contains_key(p) && is_file(p)));
        let stale: Vec<(Kind, PathBuf)> = match edited {
            Some(edited) => edited
                .iter()
                .map(|p| (self.parsed[p].0, p.clone()))
                .collect(),
            None => {
                let mut listing = Diagnostics::default();
                let files = discover(root, &mut listing);
                self.listing = listing.into_sorted();
                // Paths are looked up by hash: a search of the map compares
                // paths component by component, a dozen times a lookup.
                if !self.parsed.is_empty() {
                    let present: FxHashSet<&Path> =
                        files.iter().map(|(_, rel)| rel.as_path()).collect();
                    self.parsed.retain(|rel, _| present.contains(rel.as_path()));
                }
                let known: FxHashSet<&Path> = self.parsed.keys().map(PathBuf::as_path).collect();
                files
                    .into_iter()
                    .filter(|(_, rel)| {
                        changed.is_none_or(|c| touches(c, rel)) || !known.contains(rel.as_path())
                    })
                    .collect()
            }
        };
        let parsed = parse_files(root, stale, options);
        if self.parsed.is_empty() {
            // A first load: built in bulk from the listing's name order,
            // not by a search of the map (comparing paths) for every file.
            self.parsed = parsed.into_iter().collect();
        } else {
            self.parsed.extend(parsed);
        }
        let mut diagnostics = Diagnostics::default();
        diagnostics.extend(self.listing.iter().cloned());
        diagnostics
    }

    /// Refreshes the files as [`Sources::refresh`] does and returns the
    /// corpus they make, validated as [`load`] does, with every problem.
    ///
    /// With a `base` (the corpus last loaded from these files, with the same
    /// options, before the `changed` ones changed), an edit that
    /// `patch` can apply (below) is applied to it instead.
    pub fn load(
        &mut self,
        root: &Path,
        options: &LoadOptions,
        changed: Option<&BTreeSet<PathBuf>>,
        base: Option<Base<'_>>,
    ) -> (Corpus, Diagnostics) {
        let mut diagnostics = self.refresh(root, options, changed);
        if let (Some(changed), Some(base)) = (changed, base)
            && let Some(patched) = self.patch(changed, base)
        {
            return patched;
        }
        let (corpus, found) = assemble(self.parsed.values().map(|(_, p)| p), options);
        diagnostics.extend(found);
        (corpus, diagnostics)
    }

    /// `base` with the items of the `changed` files put in place of theirs,
    /// when each changed file is an article or a note edited in place: it
    /// parses cleanly, keeps its id, date and draft status (so its place
    /// in the corpus), and refers only to items of `base`. Then every other
    /// item's references and ids check out as they did in `base`, and
    /// nothing needs checking again. `None` for any other change.
    fn patch(&self, changed: &BTreeSet<PathBuf>, base: Base<'_>) -> Option<(Corpus, Diagnostics)> {
        let corpus = base.corpus;
        let mut patched = corpus.clone();
        for path in changed {
            let (_, parsed) = self.parsed.get(path)?;
            let resolved = parsed.references.iter().all(|r| match r.kind {
                Kind::Article => corpus.article_index(&r.id).is_some(),
                Kind::Actor => corpus.actor_index(&r.id).is_some(),
                Kind::Topic => corpus.topic_index(&r.id).is_some(),
                Kind::Note => false,
            });
            if !parsed.diagnostics.is_empty() || !resolved {
                return None;
            }
            match parsed.item.as_ref()? {
                items::Item::Article(a) if !a.draft => {
                    let i = corpus.article_index(&a.id)?;
                    let was = &corpus.articles[i];
                    (was.source.path == a.source.path && was.date == a.date).then_some(())?;
                    patched.articles[i] = a.clone();
                }
                items::Item::Note(n) if !n.draft => {
                    let i = corpus.note_index(&n.id, n.date)?;
                    (corpus.notes[i].source.path == n.source.path).then_some(())?;
                    patched.notes[i] = n.clone();
                }
                _ => return None,
            }
        }
        let mut diagnostics = Diagnostics::default();
        let kept = base.warnings.iter().filter(|d| !changed.contains(&d.path));
        diagnostics.extend(kept.cloned());
        Some((patched, diagnostics))
    }
}

/// The corpus a rebuild starts from, with the warnings loading it found.
#[derive(Clone, Copy)]
pub struct Base<'a> {
    pub corpus: &'a Corpus,
    pub warnings: &'a [Diagnostic],
}

/// Whether `path` is one of `changed` or inside one of them (a folder
/// created, moved or removed as a whole).
pub fn touches(changed: &BTreeSet<PathBuf>, path: &Path) -> bool {
    // A path starts with another only if its bytes do: that cheap test
    // spares comparing component by component for all but a few.
    let bytes = path.as_os_str().as_encoded_bytes();
    changed
        .iter()
        .any(|c| bytes.starts_with(c.as_os_str().as_encoded_bytes()) && path.starts_with(c))
}

/// Puts parsed files together into a corpus: rejects duplicate ids, leaves
/// drafts out unless asked, and checks references between items.
fn assemble<'p>(
    parsed: impl Iterator<Item = &'p items::Parsed>,
    options: &LoadOptions,
) -> (Corpus, Diagnostics) {
    let mut diagnostics = Diagnostics::default();
    let mut corpus = Corpus::default();
    let mut references: Vec<&Reference> = Vec::new();
    // Only looked up (and sorted where listed), so their order cannot leak.
    let mut seen: FxHashMap<(Kind, &str), &Path> = FxHashMap::default();
    let mut drafts: FxHashSet<(Kind, &str)> = FxHashSet::default();
    for parsed in parsed {
        diagnostics.extend(parsed.diagnostics.iter().cloned());
        let Some(item) = &parsed.item else { continue };
        let (kind, id, path) = (item.kind(), item.id(), item.path());
        if let Some(first) = seen.get(&(kind, id)) {
            diagnostics.push(
                Diagnostic::error(
                    path,
                    Position::FILE,
                    format!(
                        "duplicate {} id `{id}`: also used by {}",
                        kind.name(),
                        first.display()
                    ),
                )
                .with_help(
                    "rename one of the files, or set a different `slug` in its front matter",
                ),
            );
            continue;
        }
        seen.insert((kind, id), path);
        if item.is_draft() && !options.drafts {
            drafts.insert((kind, id));
            continue;
        }
        references.extend(&parsed.references);
        item.clone().add_to(&mut corpus);
    }

    // Checked in parallel: a large archive makes tens of thousands of references.
    let broken: Vec<Diagnostic> = references
        .par_iter()
        .filter_map(|r| {
            let key = (r.kind, r.id.as_str());
            let draft = drafts.contains(&key);
            if seen.contains_key(&key) && !draft {
                return None;
            }
            let d = Diagnostic::error(
                &r.path,
                r.place.position(&r.id),
                format!("unknown {} `{}` in `{}`", r.kind.name(), r.id, r.key),
            );
            Some(if draft {
                d.with_help(format!(
                    "`{}` is a draft; build with `--drafts` or remove `draft` from it",
                    r.id
                ))
            } else {
                let mut known: Vec<&str> = seen
                    .keys()
                    .filter(|key| key.0 == r.kind && !drafts.contains(key))
                    .map(|(_, id)| *id)
                    .collect();
                known.sort_unstable();
                let missing = format!(
                    "no {} with this id exists in content/{}/",
                    r.kind.name(),
                    r.kind.folder()
                );
                d.with_suggestion(&r.id, known, Some(missing))
            })
        })
        .collect();
    diagnostics.extend(broken);

    corpus.arrange();
    (corpus, diagnostics)
}

/// Every content file, as (kind, path relative to `root`), in a defined order.
fn discover(root: &Path, diagnostics: &mut Diagnostics) -> Vec<(Kind, PathBuf)> {
    let mut files = Vec::new();
    // Folders in name order too, so the whole listing is in path order.
    let mut kinds = Kind::ALL;
    kinds.sort_by_key(|kind| kind.folder());
    for kind in kinds {
        let dir = root.join("content").join(kind.folder());
        if !dir.is_dir() {
            continue;
        }
        for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) => {
                    let path = e.path().unwrap_or(&dir);
                    let rel = path.strip_prefix(root).unwrap_or(path);
                    diagnostics.push(Diagnostic::error(
                        rel,
                        Position::FILE,
                        format!(
                            "cannot read: {}",
                            e.io_error().map_or(e.to_string(), |io| io.to_string())
                        ),
                    ));
                    continue;
                }
            };
            let rel = entry.path().strip_prefix(root).unwrap_or(entry.path());
            if entry.path_is_symlink() && !link_stays_inside(root, entry.path()) {
                diagnostics.push(
                    Diagnostic::warning(rel, Position::FILE, "symbolic link not followed: it leads out of the site or to a folder")
                        .with_help("copy the file into the site instead, so the site holds everything it builds from"),
                );
                continue;
            }
            let is_content = (entry.file_type().is_file() || entry.path().is_file())
                && !entry.file_name().to_string_lossy().starts_with('.')
                && entry
                    .path()
                    .extension()
                    .is_some_and(|e| kind.accepts(&e.to_string_lossy()));
            if is_content {
                files.push((kind, rel.to_path_buf()));
            }
        }
    }
    files
}

/// Whether the symbolic link at `path` leads to a file inside the site at
/// `root` (folders are never followed: their files would be read twice).
fn link_stays_inside(root: &Path, path: &Path) -> bool {
    let (Ok(root), Ok(target)) = (root.canonicalize(), path.canonicalize()) else {
        return false;
    };
    target.is_file() && target.starts_with(root)
}
