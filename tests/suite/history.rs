//! Git history: in a repository, note and article pages show when they were
//! last revised and how often, and the feed's `updated` follows; front
//! matter `updated` wins; outside git nothing changes; the same commit
//! gives the same output wherever it is checked out.

use std::path::Path;
use std::process::Command;

use super::support::{copy_dir, fixtures, main_of, read, tree};
use brief::site::{BuildOptions, build};

/// Runs git in `dir` with a fixed identity and commit date.
fn git(dir: &Path, date: &str, args: &[&str]) {
    let status = Command::new("git")
        .current_dir(dir)
        .args(["-c", "user.name=Desk", "-c", "user.email=desk@example.org"])
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?}");
}

fn build_site(root: &Path, output: &Path) {
    let options = BuildOptions {
        output: Some(output.to_path_buf()),
        ..BuildOptions::new(root)
    };
    build(&options).unwrap().unwrap_or_else(|f| panic!("{f}"));
}

/// A repository holding the basic fixture in `site/`, committed twice:
/// the second commit revises one note and adds `updated` to the article.
fn repository(dir: &Path) -> std::path::PathBuf {
    let site = dir.join("site");
    copy_dir(&fixtures().join("basic"), &site);
    std::fs::remove_dir_all(site.join("expected")).unwrap();
    git(dir, "2025-05-16T09:00:00Z", &["init", "-q"]);
    git(dir, "2025-05-16T09:00:00Z", &["add", "."]);
    git(
        dir,
        "2025-05-16T09:00:00Z",
        &["commit", "-q", "-m", "First briefing"],
    );
    let note = site.join("content/notes/first.md");
    std::fs::write(
        &note,
        read(&note).replace("Peskov spoke.", "Peskov spoke twice."),
    )
    .unwrap();
    let article = site.join("content/articles/wire.txt");
    let text = format!(
        "+++\ntitle = \"Talks open\"\nupdated = 2025-06-01\n+++\n{}",
        read(&article)
    );
    std::fs::write(&article, text).unwrap();
    git(
        dir,
        "2025-05-20T14:30:00+02:00",
        &["commit", "-q", "-am", "Revise"],
    );
    site
}

#[test]
fn pages_and_the_feed_show_the_last_revision_from_git() {
    let work = tempfile::tempdir().unwrap();
    let site = repository(work.path());
    let out = work.path().join("public");
    build_site(&site, &out);

    let note = main_of(&read(out.join("notes/first/index.html"))).to_string();
    assert!(
        note.contains("<dt>Last revised</dt><dd><time datetime=\"2025-05-20\">20 May 2025</time> <span class=\"meta\">· 2 revisions</span>"),
        "{note}"
    );
    let second = main_of(&read(out.join("notes/second/index.html"))).to_string();
    assert!(
        second.contains("16 May 2025</time> <span class=\"meta\">· 1 revision</span>"),
        "{second}"
    );
    // Front matter `updated` wins over the history; the count still comes from git.
    let article = main_of(&read(out.join("articles/wire/index.html"))).to_string();
    assert!(
        article.contains("<time datetime=\"2025-06-01\">1 June 2025</time> <span class=\"meta\">· 2 revisions</span>"),
        "{article}"
    );

    let feed = read(out.join("feed.xml"));
    let doc = roxmltree::Document::parse(&feed).unwrap();
    let updated_of = |title: &str| -> String {
        let entry = doc
            .descendants()
            .find(|n| {
                n.tag_name().name() == "entry"
                    && n.children()
                        .any(|c| c.tag_name().name() == "title" && c.text() == Some(title))
            })
            .unwrap_or_else(|| panic!("no entry {title}"));
        let updated = entry
            .children()
            .find(|c| c.tag_name().name() == "updated")
            .unwrap();
        updated.text().unwrap().to_string()
    };
    assert_eq!(updated_of("First look"), "2025-05-20T12:30:00Z");
    let feed_updated = doc
        .root_element()
        .children()
        .find(|c| c.tag_name().name() == "updated")
        .unwrap();
    assert_eq!(feed_updated.text(), Some("2025-06-01T00:00:00Z"));
}

#[test]
fn the_same_commit_builds_the_same_site_anywhere_and_outside_git_nothing_shows() {
    let work = tempfile::tempdir().unwrap();
    let site = repository(work.path());
    let first = work.path().join("first");
    build_site(&site, &first);

    let clone = work.path().join("clone");
    let status = Command::new("git")
        .args(["clone", "-q"])
        .arg(work.path())
        .arg(&clone)
        .status()
        .unwrap();
    assert!(status.success());
    let second = work.path().join("second");
    build_site(&clone.join("site"), &second);
    assert_eq!(
        tree(&first),
        tree(&second),
        "the same commit, the same output"
    );

    let plain = work.path().join("plain");
    copy_dir(&site, &plain);
    let outside = work.path().join("outside");
    build_site(&plain, &outside);
    let note = read(outside.join("notes/first/index.html"));
    assert!(!note.contains("Last revised"), "outside git, no history");
}
