//! The command line as a process: exit codes and messages.

use super::support::{brief, fixtures, read, site, stderr};

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
        stderr(&output).contains("built 23 pages"),
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
    assert!(
        stderr(&output).ends_with(" ms, with 5 warnings\n"),
        "the summary counts the warnings above it: {}",
        stderr(&output)
    );
}

#[test]
fn init_creates_a_site_that_builds_at_once_and_refuses_a_non_empty_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let out = brief(tmp.path(), &["init", "briefing"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let site = tmp.path().join("briefing");
    assert_eq!(read(site.join(".gitignore")), "public/\n");
    for kind in ["articles", "notes", "actors", "topics"] {
        let files = std::fs::read_dir(site.join("content").join(kind))
            .unwrap()
            .count();
        assert!(files > 0, "no example in content/{kind}");
    }
    let build = brief(&site, &["build"]);
    assert!(build.status.success(), "{}", stderr(&build));
    assert!(
        !stderr(&build).contains("error"),
        "the new site builds cleanly:\n{}",
        stderr(&build)
    );
    let note = read(site.join("public/notes/first-assessment/index.html"));
    assert!(
        note.contains("Ana Ferreira"),
        "the example note links its actor"
    );

    let again = brief(tmp.path(), &["init", "briefing"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(
        stderr(&again).contains("the folder is not empty"),
        "{}",
        stderr(&again)
    );
    assert_eq!(
        read(site.join(".gitignore")),
        "public/\n",
        "nothing overwritten"
    );
}

#[test]
fn new_writes_each_kind_with_its_front_matter_and_never_overwrites() {
    let tmp = tempfile::tempdir().unwrap();
    assert!(brief(tmp.path(), &["init", "site"]).status.success());
    let site = tmp.path().join("site");
    let created: Vec<(String, String)> = [
        ("note", "Talks resume: day two"),
        ("article", "Wire: talks resume"),
        ("actor", "Élise Müller"),
        ("topic", "Grain corridor"),
    ]
    .iter()
    .map(|(kind, name)| {
        let out = brief(&site, &["new", kind, name]);
        assert!(out.status.success(), "{kind}: {}", stderr(&out));
        (
            kind.to_string(),
            String::from_utf8(out.stdout).unwrap().trim().to_string(),
        )
    })
    .collect();
    let paths: Vec<&str> = created.iter().map(|(_, p)| p.as_str()).collect();
    assert_eq!(
        paths,
        [
            "./content/notes/talks-resume-day-two.md",
            "./content/articles/wire-talks-resume.md",
            "./content/actors/elise-muller.md",
            "./content/topics/grain-corridor.md",
        ]
    );
    let note = read(site.join(paths[0]));
    let today = jiff::ZonedDateTime::now().date().to_string();
    assert!(note.contains(&format!("date = {today}")), "{note}");
    assert!(note.contains("title = \"Talks resume: day two\""), "{note}");
    assert!(read(site.join(paths[2])).contains("name = \"Élise Müller\""));

    let build = brief(&site, &["build"]);
    assert!(
        build.status.success(),
        "new files build:\n{}",
        stderr(&build)
    );

    std::fs::write(site.join(paths[0]), "edited").unwrap();
    let again = brief(&site, &["new", "note", "Talks resume: day two"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(
        stderr(&again).contains("already exists"),
        "{}",
        stderr(&again)
    );
    assert_eq!(read(site.join(paths[0])), "edited", "nothing overwritten");

    let bad = brief(&site, &["new", "memo", "x"]);
    assert_eq!(
        bad.status.code(),
        Some(2),
        "an unknown kind is a usage error"
    );
}

#[test]
fn check_reports_as_json_for_editors_and_ci() {
    let case = fixtures().join("invalid/unknown-key");
    let out = brief(&case, &["check", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["ok"], false);
    assert!(report["errors"].as_u64().unwrap() >= 1);
    let first = &report["diagnostics"][0];
    for field in ["path", "line", "col", "severity", "message", "help"] {
        assert!(first.get(field).is_some(), "no {field} in {first}");
    }
    assert_eq!(first["severity"], "error");

    let quality = brief(&fixtures().join("quality"), &["check", "--format", "json"]);
    assert_eq!(quality.status.code(), Some(0));
    let report: serde_json::Value = serde_json::from_slice(&quality.stdout).unwrap();
    assert_eq!(report["ok"], true);
    assert!(report["warnings"].as_u64().unwrap() > 0);
    assert!(report["pages"].as_u64().unwrap() > 0);
    let strict = brief(
        &fixtures().join("quality"),
        &["check", "--strict", "--format", "json"],
    );
    assert_eq!(strict.status.code(), Some(1));
}

#[test]
fn quiet_builds_print_nothing_and_verbose_ones_time_each_stage() {
    let tmp = tempfile::tempdir().unwrap();
    let root = super::support::example_site();
    let out = tmp.path().join("public");
    let run = |flag: &str| {
        let output = brief(
            root.path(),
            &["build", flag, "--output", out.to_str().unwrap()],
        );
        assert!(output.status.success(), "{}", stderr(&output));
        stderr(&output)
    };
    assert_eq!(
        run("--quiet"),
        "",
        "a quiet build that succeeds says nothing"
    );
    let verbose = run("--verbose");
    for stage in ["  load: ", "  render: ", "  write: ", "built "] {
        assert!(verbose.contains(stage), "no `{stage}` in:\n{verbose}");
    }
    assert!(
        !verbose.contains('\u{1b}'),
        "no progress bar or colour when stderr is not a terminal"
    );
}

#[test]
fn check_finds_broken_internal_links_and_anchors_at_their_source() {
    let root = tempfile::tempdir().unwrap();
    super::support::copy_dir(&fixtures().join("basic"), root.path());
    std::fs::write(
        root.path().join("brief.toml"),
        "title = \"Desk\"\nbase_url = \"https://host.example/team/briefs/\"\n",
    )
    .unwrap();
    let note = root.path().join("content/notes/first.md");
    let text = read(&note).replace(
        "Peskov spoke.",
        "Peskov spoke ([wire](../../articles/wire/), [nowhere](../secnd/), \
         [anchor](../second/#missing), [out](/notes/second/), [home](../../)).",
    );
    std::fs::write(&note, text).unwrap();
    std::fs::create_dir_all(root.path().join("templates")).unwrap();
    std::fs::write(
        root.path().join("templates/tags.html"),
        "{% extends \"base.html\" %}{% block content %}<a href=\"{{ site.base_path }}tag-cloud/\">cloud</a>{% endblock %}",
    )
    .unwrap();

    let output = brief(root.path(), &["check"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_eq!(
        stderr(&output),
        "content/notes/first.md:20:83: error: broken link `../secnd/`: the site has no page or file at /notes/secnd/\n  \
           help: did you mean `/notes/second/`?\n\
         content/notes/first.md:20:104: error: broken link `../second/#missing`: /notes/second/ has no anchor `#missing`\n\
         content/notes/first.md:20:131: error: broken link `/notes/second/`: it leads out of the site's base path\n  \
           help: write it relative to the page, or start it with the site's base path\n\
         templates/tags.html: error: broken link `/team/briefs/tag-cloud/` on /tags/: the site has no page or file at /tag-cloud/\n\
         error: 4 errors found; nothing was written\n"
    );
}
