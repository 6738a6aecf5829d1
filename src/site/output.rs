//! Writing the output folder atomically.
//!
//! A build writes into a staging folder beside the output folder and swaps it
//! in only when every page rendered and was written. A failed build leaves the
//! previous output as it was and removes the staging folder.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

// Removes a tree several entries at a time: an output folder is thousands of
// folders of one page each, and removing the previous one is on the critical
// path of every build.
use remove_dir_all::remove_dir_all;

/// Where rendered files go: the staging folder of a build, or nowhere for `check`.
pub trait Sink: Sync {
    /// Writes `bytes` at `rel`, a `/`-separated path under the output root.
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()>;

    /// A buffered writer for the file at `rel`, for files too large to build
    /// in memory first.
    fn writer(&self, rel: &str) -> io::Result<Box<dyn Write + '_>>;

    /// Fails once the sink refuses every write from then on (a
    /// [`Stoppable`] stopped), so that no page is rendered to be refused.
    fn ready(&self) -> io::Result<()> {
        Ok(())
    }
}

/// A sink that keeps nothing: rendering checked, nothing written.
pub struct Discard;

impl Sink for Discard {
    fn write(&self, _: &str, _: &[u8]) -> io::Result<()> {
        Ok(())
    }

    fn writer(&self, _: &str) -> io::Result<Box<dyn Write + '_>> {
        Ok(Box::new(io::sink()))
    }
}

/// Files kept in memory, so that a rebuild is known to succeed before it
/// touches the output folder.
#[derive(Default)]
pub struct Memory {
    files: Mutex<BTreeMap<String, Vec<u8>>>,
    /// The folder whose files those written here will replace.
    replacing: Option<PathBuf>,
}

impl Memory {
    /// Files that will replace those of `dir`: each one written through a
    /// [`Sink::writer`] starts with room for the one it replaces, so that a
    /// search index or data file of tens of megabytes is not grown by
    /// copying it again and again.
    pub fn replacing(dir: &Path) -> Memory {
        Memory {
            replacing: Some(dir.to_path_buf()),
            ..Memory::default()
        }
    }

    /// Room for the file `rel`: the size of the file it replaces, and a
    /// little more, since an edit most often adds to a file.
    fn room_for(&self, rel: &str) -> usize {
        let replaced = self
            .replacing
            .as_ref()
            .and_then(|dir| dir.join(rel).metadata().ok());
        replaced.map_or(0, |m| {
            let len = usize::try_from(m.len()).unwrap_or(0);
            len + len / 64
        })
    }

    /// The files written, by path.
    pub fn into_files(self) -> BTreeMap<String, Vec<u8>> {
        self.files.into_inner().unwrap_or_else(|e| e.into_inner())
    }

    fn insert(&self, rel: &str, bytes: Vec<u8>) {
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(rel.to_string(), bytes);
    }
}

impl Sink for Memory {
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        self.insert(rel, bytes.to_vec());
        Ok(())
    }

    fn writer(&self, rel: &str) -> io::Result<Box<dyn Write + '_>> {
        Ok(Box::new(MemoryFile {
            sink: self,
            rel: rel.to_string(),
            bytes: Vec::with_capacity(self.room_for(rel)),
        }))
    }
}

/// One file being written to a [`Memory`]; stored when dropped.
struct MemoryFile<'a> {
    sink: &'a Memory,
    rel: String,
    bytes: Vec<u8>,
}

impl Write for MemoryFile<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.bytes.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Drop for MemoryFile<'_> {
    fn drop(&mut self) {
        self.sink.insert(&self.rel, std::mem::take(&mut self.bytes));
    }
}

/// Every file under `dir`, as `/`-separated paths relative to it.
pub fn files_under(dir: &Path) -> io::Result<BTreeSet<String>> {
    let mut files = BTreeSet::new();
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry?;
        if entry.file_type().is_file() {
            let rel = entry
                .path()
                .strip_prefix(dir)
                .expect("walkdir yields paths under its root");
            files.insert(rel.to_string_lossy().replace('\\', "/"));
        }
    }
    Ok(files)
}

/// A sink that refuses every write once `stop` is set: a build in progress
/// then fails at its next page instead of rendering on.
pub struct Stoppable<'a> {
    pub sink: &'a dyn Sink,
    pub stop: &'a AtomicBool,
}

impl Sink for Stoppable<'_> {
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        self.ready()?;
        self.sink.write(rel, bytes)
    }

    fn writer(&self, rel: &str) -> io::Result<Box<dyn Write + '_>> {
        self.ready()?;
        self.sink.writer(rel)
    }

    fn ready(&self) -> io::Result<()> {
        if self.stop.load(Ordering::Relaxed) {
            // Not `ErrorKind::Interrupted`, which a writer takes as a cue to
            // try again.
            return Err(io::Error::other("stopping"));
        }
        self.sink.ready()
    }
}

/// A staging folder that becomes the output folder on [`Staging::commit`].
pub struct Staging {
    dir: Folder,
    target: PathBuf,
    committed: bool,
}

impl Staging {
    /// Creates an empty staging folder beside `target`.
    pub fn new(target: &Path) -> io::Result<Staging> {
        let name = target
            .file_name()
            .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
        let parent = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        fs::create_dir_all(parent)?;
        let dir = parent.join(format!(".{name}.brief-staging"));
        if dir.exists() {
            // Left by a build that was killed: never part of an output.
            remove_dir_all(&dir)?;
        }
        fs::create_dir(&dir)?;
        Ok(Staging {
            dir: Folder(dir),
            target: target.to_path_buf(),
            committed: false,
        })
    }

    /// The staging folder itself.
    pub fn path(&self) -> &Path {
        &self.dir.0
    }

    /// Replaces the output folder with the staging folder.
    pub fn commit(mut self) -> io::Result<()> {
        let old = self.dir.0.with_file_name(format!(
            "{}.old",
            self.dir
                .0
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        ));
        if old.exists() {
            remove_dir_all(&old)?;
        }
        let had_output = self.target.exists();
        if had_output {
            fs::rename(&self.target, &old)?;
        }
        if let Err(e) = fs::rename(&self.dir.0, &self.target) {
            if had_output {
                // Put the previous output back before reporting.
                let _ = fs::rename(&old, &self.target);
            }
            return Err(e);
        }
        self.committed = true;
        if had_output {
            remove_dir_all(&old)?;
        }
        Ok(())
    }
}

impl Sink for Staging {
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        self.dir.write(rel, bytes)
    }

    fn writer(&self, rel: &str) -> io::Result<Box<dyn Write + '_>> {
        self.dir.writer(rel)
    }
}

/// A folder written in place.
pub struct Folder(pub PathBuf);

impl Folder {
    /// The path of `rel` in the folder, its parent folders created.
    fn prepare(&self, rel: &str) -> io::Result<PathBuf> {
        let path = self.0.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        Ok(path)
    }

    /// Removes the file at `rel` and the folders it leaves empty.
    pub fn remove(&self, rel: &str) -> io::Result<()> {
        let path = self.0.join(rel);
        match fs::remove_file(&path) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
        let mut dir = path.parent();
        while let Some(d) = dir.filter(|d| *d != self.0) {
            if fs::remove_dir(d).is_err() {
                break;
            }
            dir = d.parent();
        }
        Ok(())
    }
}

impl Sink for Folder {
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        fs::write(self.prepare(rel)?, bytes)
    }

    fn writer(&self, rel: &str) -> io::Result<Box<dyn Write + '_>> {
        Ok(Box::new(io::BufWriter::new(fs::File::create(
            self.prepare(rel)?,
        )?)))
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = remove_dir_all(&self.dir.0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_written_in_memory_starts_with_room_for_the_one_it_replaces() {
        let tmp = tempfile::tempdir().unwrap();
        fs::create_dir(tmp.path().join("data")).unwrap();
        fs::write(tmp.path().join("data/big.json"), vec![b' '; 100_000]).unwrap();
        let memory = Memory::replacing(tmp.path());
        for rel in ["data/big.json", "data/new.json"] {
            memory.writer(rel).unwrap().write_all(b"[]").unwrap();
        }
        let files = memory.into_files();
        assert_eq!(files["data/big.json"], b"[]");
        assert!(files["data/big.json"].capacity() >= 100_000);
        assert!(files["data/new.json"].capacity() < 100_000);
    }

    #[test]
    fn commit_replaces_and_drop_discards() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        fs::create_dir(&out).unwrap();
        fs::write(out.join("old.html"), "old").unwrap();

        let staging = Staging::new(&out).unwrap();
        staging.write("a/index.html", b"new").unwrap();
        drop(staging);
        assert_eq!(fs::read_to_string(out.join("old.html")).unwrap(), "old");
        assert_eq!(
            fs::read_dir(tmp.path()).unwrap().count(),
            1,
            "no staging folder left"
        );

        let staging = Staging::new(&out).unwrap();
        staging.write("a/index.html", b"new").unwrap();
        staging.commit().unwrap();
        assert!(!out.join("old.html").exists());
        assert_eq!(fs::read_to_string(out.join("a/index.html")).unwrap(), "new");
        assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 1);
    }
}
