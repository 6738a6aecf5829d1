//! Incremental rebuilds (`brief serve`): after any sequence of edits, the
//! output of a session equals a fresh `brief build` of the same sources,
//! byte for byte.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::time::{Duration, UNIX_EPOCH};

use brief::diagnostic::Failed;
use brief::site::{self, BuildOptions, Change, Rebuilt, Session};

use super::support::{example_site, tree};

/// One edit to a site's files.
enum Edit {
    /// Replaces the first `from` in the file with `to`.
    Replace(&'static str, &'static str, &'static str),
    Write(&'static str, &'static str),
    Remove(&'static str),
    Rename(&'static str, &'static str),
}

impl Edit {
    /// Applies the edit under `root`; returns the changes the watcher
    /// would report for it.
    fn apply(&self, root: &Path) -> Vec<Change> {
        let touched: Vec<PathBuf> = match *self {
            Edit::Replace(path, from, to) => {
                let file = root.join(path);
                let text = std::fs::read_to_string(&file).unwrap();
                assert!(text.contains(from), "{path} has no {from:?}");
                std::fs::write(&file, text.replacen(from, to, 1)).unwrap();
                vec![file]
            }
            Edit::Write(path, text) => {
                let file = root.join(path);
                std::fs::create_dir_all(file.parent().unwrap()).unwrap();
                std::fs::write(&file, text).unwrap();
                vec![file]
            }
            Edit::Remove(path) => {
                std::fs::remove_file(root.join(path)).unwrap();
                vec![root.join(path)]
            }
            Edit::Rename(from, to) => {
                std::fs::rename(root.join(from), root.join(to)).unwrap();
                vec![root.join(from), root.join(to)]
            }
        };
        touched
            .iter()
            .filter_map(|path| Change::of(root, path))
            .collect()
    }
}

const NOTE: &str = "content/notes/kremlin-leverage.md";
const OTHER_NOTE: &str = "content/notes/2025/05/humanitarian-track.md";
const ARTICLE: &str = "content/articles/istanbul-talks.txt";

const NEW_NOTE: &str = r#"+++
title = "Grain corridor: an early read"
date = 2025-05-24
analysts = ["Test Analyst"]
articles = ["istanbul-talks"]
tags = ["grain", "weekly-brief"]

[[stance]]
actor = "turkiye"
topic = "grain-exports"
position = "supports"
evidence = "istanbul-talks"
+++
Ankara wants the corridor back; Peskov said nothing on it. See [[kaja-kallas]].

```rust
fn main() {}
```
"#;

/// A session over a site of its own, built once, writing into a folder of
/// its own.
struct Served {
    site: tempfile::TempDir,
    out: tempfile::TempDir,
    session: Session,
    /// What the first build did.
    first: Rebuilt,
}

impl Served {
    fn start(site: tempfile::TempDir) -> Served {
        let out = tempfile::tempdir().unwrap();
        let mut session = Session::new(BuildOptions::new(site.path()), out.path().join("site"));
        let first = session.rebuild([]).unwrap().unwrap();
        Served {
            site,
            out,
            session,
            first,
        }
    }

    /// Makes `edits` and rebuilds from the changes they make.
    fn edit(&mut self, edits: &[Edit]) -> Result<Rebuilt, Failed> {
        let root = self.site.path();
        let changes: Vec<Change> = edits.iter().flat_map(|e| e.apply(root)).collect();
        self.session.rebuild(changes).unwrap()
    }

    fn output(&self) -> PathBuf {
        self.out.path().join("site")
    }

    /// Asserts that the output equals a fresh build of the site.
    fn assert_fresh(&self, step: &str) {
        assert_same_as_fresh_build(self.site.path(), &self.output(), step);
    }
}

/// Asserts that the session's output equals a fresh build of `root`.
fn assert_same_as_fresh_build(root: &Path, served: &Path, step: &str) {
    let fresh = tempfile::tempdir().unwrap();
    let options = BuildOptions {
        output: Some(fresh.path().join("public")),
        ..BuildOptions::new(root)
    };
    site::build(&options)
        .unwrap()
        .unwrap_or_else(|failed| panic!("{step}: fresh build failed:\n{failed}"));
    let (want, got) = (tree(&fresh.path().join("public")), tree(served));
    let missing: Vec<_> = want.keys().filter(|k| !got.contains_key(*k)).collect();
    let extra: Vec<_> = got.keys().filter(|k| !want.contains_key(*k)).collect();
    let differ: Vec<_> = want
        .iter()
        .filter(|(k, v)| got.get(*k).is_some_and(|g| g != *v))
        .map(|(k, _)| k)
        .collect();
    assert!(
        missing.is_empty() && extra.is_empty() && differ.is_empty(),
        "{step}: served output differs from a fresh build\n  missing: {missing:?}\n  extra: {extra:?}\n  different: {differ:?}"
    );
}

#[test]
fn any_sequence_of_edits_serves_what_a_fresh_build_writes() {
    let mut served = Served::start(example_site());
    served.assert_fresh("first build");

    let steps: Vec<(&str, Vec<Edit>, bool)> = vec![
        (
            "edit a note's body",
            vec![Edit::Replace(
                NOTE,
                "points to leverage",
                "points to Peskov's leverage",
            )],
            false,
        ),
        (
            "reword a sentence no other page shows",
            vec![Edit::Replace(
                NOTE,
                "note of the same date judges",
                "note of the same day judges",
            )],
            false,
        ),
        (
            "reword the words around an actor's first mention",
            vec![Edit::Replace(
                NOTE,
                "Peskov and Russian state media emphasise",
                "Peskov and Russian state media stress",
            )],
            false,
        ),
        (
            "change a note's analysts",
            vec![Edit::Replace(
                NOTE,
                "  - Nadia Orlova",
                "  - Nadia Orlova-Reed",
            )],
            false,
        ),
        (
            "change a note's title",
            vec![Edit::Replace(
                NOTE,
                "Kremlin leverage:",
                "Kremlin leverage, revised:",
            )],
            false,
        ),
        (
            "move a note's date",
            vec![Edit::Replace(NOTE, "date: 2025-05-23", "date: 2025-05-17")],
            false,
        ),
        (
            "change a position (no longer contested)",
            vec![Edit::Replace(
                NOTE,
                "position: skeptical",
                "position: cautious",
            )],
            false,
        ),
        (
            "add a tag",
            vec![Edit::Replace(
                NOTE,
                "  - weekly-brief",
                "  - weekly-brief\n  - brand-new-tag",
            )],
            false,
        ),
        (
            "remove the tag again",
            vec![Edit::Replace(NOTE, "\n  - brand-new-tag", "")],
            false,
        ),
        (
            "add a note with code in a new folder",
            vec![Edit::Write("content/notes/2026/grain.md", NEW_NOTE)],
            false,
        ),
        (
            "rename a note's file",
            vec![Edit::Rename(
                "content/notes/2026/grain.md",
                "content/notes/grain-read.md",
            )],
            false,
        ),
        ("delete a note", vec![Edit::Remove(OTHER_NOTE)], false),
        (
            "edit the article",
            vec![Edit::Replace(
                ARTICLE,
                "In a surprising diplomatic turn",
                "In a diplomatic turn",
            )],
            false,
        ),
        (
            "quote a speaker again, far from the first mention",
            vec![Edit::Replace(
                ARTICLE,
                "remains to be seen.",
                "remains to be seen.\n\nDays later, at the close, it was the same line: “We will not rush,” Peskov said.",
            )],
            false,
        ),
        (
            "change the words of that quote",
            vec![Edit::Replace(ARTICLE, "not rush", "not hurry")],
            false,
        ),
        (
            "add a second article",
            vec![Edit::Write(
                "content/articles/second.txt",
                "+++\ntitle = \"Second\"\ndate = 2025-05-10\n+++\nKyiv said little.\n",
            )],
            false,
        ),
        (
            "move the second article past the first",
            vec![Edit::Replace(
                "content/articles/second.txt",
                "2025-05-10",
                "2025-05-20",
            )],
            false,
        ),
        (
            "cite an article that does not exist",
            vec![Edit::Replace(
                NOTE,
                "  - istanbul-talks\n",
                "  - istanbul-talks\n  - no-such-article\n",
            )],
            true,
        ),
        (
            "cite it no more",
            vec![Edit::Replace(NOTE, "  - no-such-article\n", "")],
            false,
        ),
        (
            "break a note",
            vec![Edit::Replace(NOTE, "date: 2025-05-17", "date: 2025-13-40")],
            true,
        ),
        (
            "edit another note while one is broken",
            vec![Edit::Replace(
                "content/notes/grain-read.md",
                "an early read",
                "a first read",
            )],
            true,
        ),
        (
            "fix the broken note",
            vec![Edit::Replace(NOTE, "date: 2025-13-40", "date: 2025-05-22")],
            false,
        ),
        (
            "reword an actor's profile",
            vec![Edit::Replace(
                "content/actors/annalena-baerbock.md",
                "German Green politician",
                "German Green Party politician",
            )],
            false,
        ),
        (
            "reword a topic's background",
            vec![Edit::Replace(
                "content/topics/grain-exports.md",
                "reportedly among",
                "said to be among",
            )],
            false,
        ),
        (
            "add an alias to an actor",
            vec![Edit::Replace(
                "content/actors/dmitry-peskov.md",
                "\"Dmitri Peskov\"",
                "\"Dmitri Peskov\", \"Ankara\"",
            )],
            false,
        ),
        (
            "override a template",
            vec![Edit::Replace(
                "templates/note.html",
                "{% block",
                "{# edited #}{% block",
            )],
            false,
        ),
        (
            "add a static file",
            vec![Edit::Write(
                "static/img/seal.svg",
                "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
            )],
            false,
        ),
        (
            "remove it",
            vec![Edit::Remove("static/img/seal.svg")],
            false,
        ),
        (
            "cover a generated page with a static file",
            vec![Edit::Write("static/stances/index.html", "<p>by hand</p>")],
            true,
        ),
        (
            "remove the covering file",
            vec![Edit::Remove("static/stances/index.html")],
            false,
        ),
        (
            "change brief.toml",
            vec![Edit::Replace(
                "brief.toml",
                "title = \"",
                "title = \"Edited: ",
            )],
            false,
        ),
        (
            "make a note a draft",
            vec![Edit::Replace(
                "content/notes/grain-read.md",
                "date = 2025-05-24",
                "draft = true\ndate = 2025-05-24",
            )],
            false,
        ),
        (
            "remove code from the last note with code",
            vec![Edit::Remove("content/notes/grain-read.md")],
            false,
        ),
    ];
    for (step, edits, fails) in steps {
        match (served.edit(&edits), fails) {
            (Ok(_), false) => served.assert_fresh(step),
            (Err(failed), true) => {
                assert!(failed.to_string().contains("error"), "{step}: {failed}");
            }
            (Ok(_), true) => panic!("{step}: the rebuild should have failed"),
            (Err(failed), false) => panic!("{step}: the rebuild failed:\n{failed}"),
        }
    }
}

#[test]
fn a_failed_rebuild_leaves_the_last_good_output() {
    let mut served = Served::start(example_site());
    let before = tree(&served.output());
    let failed = served
        .edit(&[Edit::Replace(NOTE, "stance:", "stance: [")])
        .unwrap_err();
    assert!(
        failed.to_string().contains("kremlin-leverage.md"),
        "{failed}"
    );
    assert_eq!(tree(&served.output()), before, "the output is untouched");
}

#[test]
fn an_edited_note_renders_only_the_pages_that_show_it() {
    let mut served = Served::start(example_site());
    let edit = Edit::Replace(OTHER_NOTE, "\n+++\n", "\n+++\nOne more sentence.\n");
    let some = served.edit(&[edit]).unwrap();
    let all = &served.first;
    assert!(all.full && !some.full);
    assert!(
        some.pages < all.pages / 2,
        "{} of {} pages rendered again",
        some.pages,
        all.pages
    );
}

#[test]
fn a_sentence_reworded_far_from_any_name_renders_its_page_and_the_feed() {
    let mut served = Served::start(example_site());
    let edit = Edit::Replace(
        NOTE,
        "note of the same date judges",
        "note of the same day judges",
    );
    let rebuilt = served.edit(&[edit]).unwrap();
    assert_eq!(rebuilt.pages, 2, "the note's page and the feed");
    served.assert_fresh("reworded");
}

/// Marks the file at `path` as written long ago, and gives a test that tells
/// whether it still is: a file written again reads as new.
fn written_long_ago(path: PathBuf) -> impl Fn() -> bool {
    let long_ago = UNIX_EPOCH + Duration::from_secs(1_000_000_000);
    File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(long_ago)
        .unwrap();
    move || std::fs::metadata(&path).unwrap().modified().unwrap() == long_ago
}

#[test]
fn a_profile_rendered_after_a_quiet_edit_finds_the_moved_mentions() {
    let mut served = Served::start(example_site());
    // A longer sentence before the note's mentions of China: no page but the
    // note's own shows a difference, so the site-wide tables are kept.
    let reworded = Edit::Replace(
        NOTE,
        "note of the same date judges",
        "note of the same date, written after the first session, judges",
    );
    assert_eq!(served.edit(&[reworded]).unwrap().pages, 2);
    // China's page alone is rendered, with a snippet of the note.
    let profile = Edit::Replace(
        "content/actors/china.md",
        "Attends the Istanbul talks",
        "Attends the talks in Istanbul",
    );
    assert_eq!(served.edit(&[profile]).unwrap().pages, 1);
    served.assert_fresh("a profile rendered after a quiet edit");
}

/// Serves the example site, makes the edit `away`, which must leave the
/// output's `file` as it was, then `into`, which must write it; after each,
/// the output must equal a fresh build.
fn left_in_place_until_changed(file: &str, away: Edit, into: Edit) {
    let mut served = Served::start(example_site());
    let untouched = written_long_ago(served.output().join(file));
    served.edit(&[away]).unwrap();
    assert!(untouched(), "{file} was written again");
    served.assert_fresh("an edit away from the file's records");
    served.edit(&[into]).unwrap();
    assert!(!untouched(), "{file} was left as it was");
    served.assert_fresh("an edit of the file's records");
}

#[test]
fn an_article_edited_away_from_its_quotes_leaves_the_quotes_file_in_place() {
    left_in_place_until_changed(
        "data/quotes.json",
        Edit::Replace(ARTICLE, "remains to be seen.", "is yet to be seen."),
        Edit::Replace(ARTICLE, "“new realities”", "“new facts”"),
    );
}

#[test]
fn an_article_edited_away_from_its_names_leaves_the_documents_file_in_place() {
    left_in_place_until_changed(
        "data/documents.json",
        Edit::Replace(ARTICLE, "remains to be seen.", "is yet to be seen."),
        Edit::Replace(
            ARTICLE,
            "is yet to be seen.",
            "is yet to be seen by Kallas.",
        ),
    );
}

#[test]
fn a_profile_reworded_renders_only_its_own_page() {
    let mut served = Served::start(example_site());
    let actor = Edit::Replace(
        "content/actors/annalena-baerbock.md",
        "German Green politician",
        "German Green Party politician",
    );
    let rebuilt = served.edit(&[actor]).unwrap();
    assert_eq!(rebuilt.pages, 1, "the actor's page");
    served.assert_fresh("actor's profile reworded");

    let topic = Edit::Replace(
        "content/topics/grain-exports.md",
        "reportedly among",
        "said to be among",
    );
    let rebuilt = served.edit(&[topic]).unwrap();
    assert_eq!(rebuilt.pages, 1, "the topic's page");
    served.assert_fresh("topic's background reworded");

    // A new name changes every page that could mention it.
    let renamed = Edit::Replace(
        "content/actors/annalena-baerbock.md",
        "aliases = [\"Baerbock\"]",
        "aliases = [\"Baerbock\", \"the German minister\"]",
    );
    let rebuilt = served.edit(&[renamed]).unwrap();
    assert!(rebuilt.full, "a new alias renders every page");
    served.assert_fresh("alias added");

    // A topic's title shows wherever a position on it does.
    let retitled = Edit::Replace(
        "content/topics/grain-exports.md",
        "title = \"Grain export guarantees\"",
        "title = \"Black Sea grain guarantees\"",
    );
    let rebuilt = served.edit(&[retitled]).unwrap();
    assert!(rebuilt.full, "a new title renders every page");
    served.assert_fresh("topic retitled");
}

#[test]
fn edits_in_paged_listings_serve_what_a_fresh_build_writes() {
    let mut served = Served::start(super::support::many_notes_site(130));
    let steps: Vec<(&str, Edit)> = vec![
        (
            "edit a note on page 2",
            Edit::Replace("content/notes/n070.md", "said something", "said more"),
        ),
        (
            "move a note to the top",
            Edit::Replace(
                "content/notes/n010.md",
                "date = 2025-01-11",
                "date = 2026-01-01",
            ),
        ),
        (
            "tag a note",
            Edit::Replace("content/notes/n011.md", "tags = []", "tags = [\"weekly\"]"),
        ),
        ("delete a note", Edit::Remove("content/notes/n100.md")),
        (
            "retitle a note",
            Edit::Replace("content/notes/n050.md", "Note 50", "Fifty"),
        ),
        (
            "add a note",
            Edit::Write(
                "content/notes/zz.md",
                "+++\ntitle = \"Late\"\ndate = 2025-03-03\n+++\nNew.\n",
            ),
        ),
    ];
    for (step, edit) in steps {
        let rebuilt = served.edit(&[edit]).unwrap();
        assert!(!rebuilt.full, "{step}: rendered everything");
        served.assert_fresh(step);
    }
}

#[test]
fn listings_whose_page_count_or_tag_name_changes_are_all_rendered_again() {
    let mut served = Served::start(super::support::many_notes_site(150));
    let steps: Vec<(&str, Edit)> = vec![
        (
            "an old note starts a fourth page of notes",
            Edit::Write(
                "content/notes/old.md",
                "+++\ntitle = \"Old\"\ndate = 2024-01-01\n+++\nOld.\n",
            ),
        ),
        (
            "an old note starts a second page of its tag",
            Edit::Replace("content/notes/n001.md", "tags = []", "tags = [\"weekly\"]"),
        ),
        (
            "the newest note spells its tag anew",
            Edit::Replace(
                "content/notes/n147.md",
                "tags = [\"weekly\"]",
                "tags = [\"Weekly\"]",
            ),
        ),
        (
            "the fourth page of notes goes",
            Edit::Remove("content/notes/old.md"),
        ),
    ];
    for (step, edit) in steps {
        served.edit(&[edit]).unwrap();
        served.assert_fresh(step);
    }
}

#[cfg(unix)]
#[test]
fn a_note_replaced_by_a_link_out_of_the_site_is_not_read() {
    let mut served = Served::start(example_site());
    let outside = tempfile::tempdir().unwrap();
    let note = served.site.path().join(NOTE);
    let secret = outside.path().join("secret.md");
    let text = std::fs::read_to_string(&note).unwrap();
    std::fs::write(&secret, format!("{text}\nOUTSIDE-TEXT\n")).unwrap();
    std::fs::remove_file(&note).unwrap();
    std::os::unix::fs::symlink(&secret, &note).unwrap();
    let change = Change::of(served.site.path(), &note).unwrap();
    served.session.rebuild([change]).unwrap().unwrap();
    served.assert_fresh("a note replaced by a link out");
    let all: String = tree(&served.output())
        .values()
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .collect();
    assert!(!all.contains("OUTSIDE-TEXT"), "the outside file was read");
}
