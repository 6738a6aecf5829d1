//! When each content file was last revised, and how often, from the git
//! history of the repository the site lives in.
//!
//! Read once per build with one `git log` over `content/`. Only commits
//! count (edits not yet committed do not), and dates are committer dates,
//! so the same commit gives the same output on any machine. Outside a git
//! repository, or without `git`, there is no history and the build goes on
//! as before. A shallow clone knows only the commits it fetched.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::model::Date;

/// The revisions of one file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Revisions {
    /// The committer date of the last commit that changed the file.
    pub last: Date,
    /// How many commits changed it.
    pub count: usize,
}

/// The revisions of every committed content file, by path relative to the
/// site root.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct History {
    files: BTreeMap<PathBuf, Revisions>,
}

impl History {
    /// The history of the site at `root`: empty when it is not in a git
    /// repository or `git` cannot run.
    pub fn read(root: &Path) -> History {
        let git = |args: &[&str]| -> Option<String> {
            let output = Command::new("git")
                .arg("-C")
                .arg(root)
                .args(["-c", "core.quotepath=off"])
                .args(args)
                .stdin(Stdio::null())
                .stderr(Stdio::null())
                .output()
                .ok()?;
            output
                .status
                .success()
                .then(|| String::from_utf8_lossy(&output.stdout).into_owned())
        };
        // Where the site sits in the repository: log paths start there.
        let Some(prefix) = git(&["rev-parse", "--show-prefix"]) else {
            return History::default();
        };
        let Some(log) = git(&[
            "log",
            "--no-renames",
            "--name-only",
            "--format=%x1e%cI",
            "--",
            "content",
        ]) else {
            return History::default();
        };
        History::parse(&log, prefix.trim_end_matches('\n'))
    }

    /// Parses `git log --name-only --format=%x1e%cI` output, newest commit
    /// first, with paths starting with `prefix`.
    fn parse(log: &str, prefix: &str) -> History {
        let mut files: BTreeMap<PathBuf, Revisions> = BTreeMap::new();
        for commit in log.split('\u{1e}').filter(|c| !c.trim().is_empty()) {
            let mut lines = commit.lines();
            let Some(date) = lines.next().and_then(|d| Date::parse(d.trim())) else {
                continue;
            };
            for line in lines.filter(|l| !l.is_empty()) {
                let Some(rel) = line.strip_prefix(prefix) else {
                    continue;
                };
                files
                    .entry(PathBuf::from(rel))
                    .and_modify(|r| r.count += 1)
                    .or_insert(Revisions {
                        last: date,
                        count: 1,
                    });
            }
        }
        History { files }
    }

    /// The revisions of the file at `path`, relative to the site root.
    pub fn of(&self, path: &Path) -> Option<Revisions> {
        self.files.get(path).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_newest_commit_dates_a_file_and_every_commit_counts() {
        let log = "\u{1e}2025-05-20T10:00:00+02:00\n\nsite/content/notes/a.md\n\
                   \u{1e}2025-05-16T09:00:00Z\n\nsite/content/notes/a.md\nsite/content/notes/b.md\nother/x.md\n";
        let history = History::parse(log, "site/");
        let a = history.of(Path::new("content/notes/a.md")).unwrap();
        assert_eq!(a.count, 2);
        assert_eq!(a.last.rfc3339(), "2025-05-20T08:00:00Z");
        assert_eq!(
            history.of(Path::new("content/notes/b.md")).unwrap().count,
            1
        );
        assert!(history.of(Path::new("x.md")).is_none());
    }
}
