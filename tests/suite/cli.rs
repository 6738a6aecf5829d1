//! The command line as a process: exit codes and messages.

use super::support::{brief, fixtures, site, stderr};

#[test]
fn build_succeeds_with_exit_code_0_and_a_summary() {
    let out = tempfile::tempdir().unwrap();
    let root = fixtures().join("basic");
    let output = brief(
        &root,
        &["build", "--output", out.path().join("p").to_str().unwrap()],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("built 22 pages"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn content_errors_exit_1_and_usage_errors_exit_2() {
    let dir = site(&[("content/notes/a.md", "+++\ntitle = \"A\"\n+++\n")]);
    let output = brief(dir.path(), &["build"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stderr(&output),
        "content/notes/a.md:1:1: error: missing required key `date` in note front matter\n  help: add `date = 2025-05-16`\nerror: 1 error found; nothing was written\n"
    );
    assert!(!dir.path().join("public").exists());
    let output = brief(dir.path(), &["build", "--no-such-flag"]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn check_writes_nothing() {
    let root = fixtures().join("basic");
    let output = brief(&root, &["check"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(!root.join("public").exists());
}

#[test]
fn a_folder_without_content_is_not_a_site() {
    let dir = tempfile::tempdir().unwrap();
    let output = brief(dir.path(), &["build"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("error: no `content` folder: this is not a brief site"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn the_output_folder_may_not_hold_the_site() {
    let dir = site(&[(
        "content/notes/a.md",
        "+++\ntitle = \"A\"\ndate = 2025-05-16\n+++\n",
    )]);
    let output = brief(dir.path(), &["build", "--output", "."]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("refusing to write the site into ."),
        "{}",
        stderr(&output)
    );
    assert!(dir.path().join("content/notes/a.md").exists());
}

#[test]
fn check_reports_every_quality_warning_and_strict_fails_on_them() {
    let root = fixtures().join("quality");
    let output = brief(&root, &["check"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    super::support::assert_matches_file(&stderr(&output), &root.join("expected.txt"));

    let output = brief(&root, &["check", "--strict"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).ends_with("error: 5 warnings with --strict; nothing was written\n"),
        "{}",
        stderr(&output)
    );

    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    let output = brief(
        &root,
        &["build", "--strict", "--output", public.to_str().unwrap()],
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(
        !public.exists(),
        "a strict build with warnings writes nothing"
    );
    let output = brief(&root, &["build", "--output", public.to_str().unwrap()]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "warnings alone do not fail a build"
    );
    assert!(
        stderr(&output).contains("warning: Dmytro Kuleba is mentioned 3 times"),
        "{}",
        stderr(&output)
    );
}
