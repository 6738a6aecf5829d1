//! Building fixture sites: the output that matters, drafts, sub-paths,
//! atomic replacement and determinism.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use brief::site::{BuildOptions, build};

use super::support::{
    assert_matches_file, copy_dir, fixtures, main_of, read, repo, site, site_of, tree,
};

fn build_into(root: &Path, output: &Path, drafts: bool) -> brief::site::Report {
    let options = BuildOptions {
        root: root.to_path_buf(),
        output: Some(output.to_path_buf()),
        base_url: None,
        drafts,
        analysis: true,
        strict: false,
    };
    match build(&options).unwrap() {
        Ok(report) => report,
        Err(failed) => panic!("build failed:\n{failed}"),
    }
}

#[test]
fn basic_fixture_renders_the_expected_data_and_pages() {
    let root = fixtures().join("basic");
    let out = tempfile::tempdir().unwrap();
    // Built from a copy outside the repository: the expected pages must not
    // depend on the fixture's git history.
    let site = out.path().join("site");
    copy_dir(&root, &site);
    let public = out.path().join("public");
    build_into(&site, &public, false);
    for name in ["documents", "actors", "quotes", "stances"] {
        let file = format!("data/{name}.json");
        assert_matches_file(
            &read(public.join(&file)),
            &root.join("expected").join(&file),
        );
    }
    for page in [
        "stances/index.html",
        "notes/first/index.html",
        "articles/wire/index.html",
        "actors/russia/index.html",
        "topics/prisoner-exchanges/index.html",
    ] {
        let html = read(public.join(page));
        let expected = root
            .join("expected")
            .join(page.replace("/index.html", ".main.html").replace('/', "_"));
        assert_matches_file(main_of(&html), &expected);
    }
}

#[test]
fn pages_exist_for_every_item_and_drafts_only_with_the_flag() {
    let root = fixtures().join("basic");
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    build_into(&root, &public, false);
    for page in [
        "index.html",
        "notes/index.html",
        "notes/first/index.html",
        "notes/second/index.html",
        "articles/index.html",
        "articles/wire/index.html",
        "articles/analysis/index.html",
        "actors/index.html",
        "actors/dmitry-peskov/index.html",
        "topics/index.html",
        "topics/peace-talks/index.html",
        "stances/index.html",
        "tags/index.html",
        "tags/peace-talks/index.html",
        "feed.xml",
        "sitemap.xml",
        "robots.txt",
        "404.html",
        "style.css",
        "syntax.css",
    ] {
        assert!(public.join(page).is_file(), "missing {page}");
    }
    assert!(!public.join("notes/draft").exists());
    build_into(&root, &public, true);
    assert!(public.join("notes/draft/index.html").is_file());
}

#[test]
fn plain_text_articles_take_a_short_first_line_as_title_and_escape_everything() {
    let root = fixtures().join("basic");
    let out = tempfile::tempdir().unwrap();
    build_into(&root, out.path(), false);
    let html = read(out.path().join("articles/wire/index.html"));
    assert!(
        html.contains("<h1 id=\"doc-title\">Talks open in Istanbul</h1>"),
        "{html}"
    );
    assert!(
        html.contains("&lt;b&gt;watched&lt;/b&gt; &amp; waited."),
        "{html}"
    );
}

#[test]
fn every_internal_link_lives_under_the_base_path() {
    let root = fixtures().join("basic");
    let out = tempfile::tempdir().unwrap();
    build_into(&root, out.path(), false);
    for (path, bytes) in tree(out.path()) {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        for attr in ["href=\"", "src=\""] {
            for part in html.split(attr).skip(1) {
                let url = &part[..part.find('"').unwrap()];
                if url.starts_with('/') {
                    assert!(
                        url.starts_with("/team/"),
                        "{path}: {url} is outside the base path"
                    );
                    let target = url.trim_start_matches("/team/").split('#').next().unwrap();
                    let file = if target.is_empty() || target.ends_with('/') {
                        out.path().join(target).join("index.html")
                    } else {
                        out.path().join(target)
                    };
                    assert!(file.exists(), "{path}: broken link {url}");
                }
            }
        }
    }
}

/// The basic fixture copied into a folder and built once, to break it.
struct Built {
    work: tempfile::TempDir,
    before: BTreeMap<String, Vec<u8>>,
}

impl Built {
    fn basic() -> Built {
        let work = tempfile::tempdir().unwrap();
        copy_dir(&fixtures().join("basic"), &work.path().join("site"));
        build_into(
            &work.path().join("site"),
            &work.path().join("public"),
            false,
        );
        let before = tree(&work.path().join("public"));
        Built { work, before }
    }

    fn root(&self) -> PathBuf {
        self.work.path().join("site")
    }

    fn public(&self) -> PathBuf {
        self.work.path().join("public")
    }

    /// The output is as the first build left it, with no staging folder beside it.
    fn assert_untouched(&self) {
        assert_eq!(
            tree(&self.public()),
            self.before,
            "the previous output changed"
        );
        let left: Vec<_> = std::fs::read_dir(self.work.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(left.len(), 2, "staging folder left behind: {left:?}");
    }
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let built = Built::basic();
    let (root, public) = (built.root(), built.public());

    // A template that compiles but fails while rendering a note.
    std::fs::create_dir_all(root.join("templates")).unwrap();
    std::fs::write(
        root.join("templates/note.html"),
        "{% extends \"base.html\" %}{% block content %}{{ page.missing.field }}{% endblock content %}",
    )
    .unwrap();
    let options = BuildOptions {
        root: root.clone(),
        output: Some(public.clone()),
        base_url: None,
        drafts: false,
        analysis: true,
        strict: false,
    };
    let failed = build(&options)
        .unwrap()
        .expect_err("the template must fail");
    assert!(
        failed.0[0]
            .to_string()
            .starts_with("templates/note.html:1:"),
        "{}",
        failed.0[0]
    );

    built.assert_untouched();
}

#[test]
fn the_same_sources_give_byte_identical_output_anywhere() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    copy_dir(&fixtures().join("basic"), a.path());
    copy_dir(&fixtures().join("basic"), &b.path().join("elsewhere"));
    build_into(a.path(), &a.path().join("out"), false);
    build_into(
        &b.path().join("elsewhere"),
        &b.path().join("other-out"),
        false,
    );
    assert_eq!(
        tree(&a.path().join("out")),
        tree(&b.path().join("other-out"))
    );
}

#[test]
fn site_templates_override_the_built_in_ones() {
    let dir = site(&[
        (
            "content/notes/a.md",
            "+++\ntitle = \"A\"\ndate = 2025-05-16\n+++\nBody.\n",
        ),
        (
            "templates/note.html",
            "{% extends \"base.html\" %}{% block content %}<p class=\"custom\">{{ page.title }}</p>{% endblock content %}",
        ),
    ]);
    build_into(dir.path(), &dir.path().join("public"), false);
    let html = read(dir.path().join("public/notes/a/index.html"));
    assert!(html.contains("<p class=\"custom\">A</p>"), "{html}");
    assert!(
        html.contains("<nav class=\"nav\""),
        "the built-in base still applies"
    );
}

#[test]
fn templates_iterate_maps_in_a_fixed_order() {
    // A template that walks a note's `extra` table sees its keys in one
    // order, build after build: Tera's maps keep the order they were made
    // in, which for front matter tables is the keys' sorted order.
    let keys = [
        "kilo", "alpha", "juliet", "bravo", "india", "charlie", "hotel", "delta", "golf", "echo",
        "foxtrot", "lima",
    ];
    let extra: String = keys.iter().map(|k| format!("{k} = 1\n")).collect();
    let dir = site(&[
        (
            "content/notes/a.md",
            &format!("+++\ntitle = \"A\"\ndate = 2025-05-16\n[extra]\n{extra}+++\nBody.\n"),
        ),
        (
            "templates/note.html",
            "{% extends \"base.html\" %}{% block content %}<p class=\"keys\">{% for key, value in page.extra %}{{ key }} {% endfor %}</p>{% endblock content %}",
        ),
    ]);
    build_into(dir.path(), &dir.path().join("public"), false);
    let html = read(dir.path().join("public/notes/a/index.html"));
    let mut sorted = keys;
    sorted.sort_unstable();
    let expected = format!("<p class=\"keys\">{} </p>", sorted.join(" "));
    assert!(html.contains(&expected), "{html}");
}

#[test]
fn crlf_files_and_a_byte_order_mark_load_with_right_positions() {
    let dir = site(&[
        (
            "content/notes/a.md",
            "\u{feff}+++\r\ntitle = \"A\"\r\ndate = 2025-05-16\r\n+++\r\nBody.\r\n",
        ),
        (
            "content/notes/b.md",
            "+++\r\ntitle = \"B\"\r\ndate = \"May\"\r\n+++\r\n",
        ),
    ]);
    let options = BuildOptions::new(dir.path());
    let failed = build(&options).unwrap().expect_err("b.md has a bad date");
    assert_eq!(failed.0.len(), 1);
    assert!(
        failed.0[0]
            .to_string()
            .starts_with("content/notes/b.md:3:8: error: invalid date `May`"),
        "{}",
        failed.0[0]
    );
}

#[test]
fn notes_link_actors_explicitly_with_double_brackets() {
    let dir = site(&[
        (
            "content/actors/dmitry-peskov.md",
            "+++\nname = \"Dmitry Peskov\"\nkind = \"person\"\n+++\n",
        ),
        (
            "content/notes/a.md",
            "+++\ntitle = \"A\"\ndate = 2025-05-16\n+++\nAs [[dmitry-peskov]] and [[dmitry-peskov|the spokesman]] said; `[[dmitry-peskov]]` is code.\n",
        ),
    ]);
    build_into(dir.path(), &dir.path().join("public"), false);
    let html = read(dir.path().join("public/notes/a/index.html"));
    assert!(html.contains("As <a class=\"mention\" href=\"/actors/dmitry-peskov/\" title=\"Dmitry Peskov\">Dmitry Peskov</a> and <a class=\"mention\" href=\"/actors/dmitry-peskov/\" title=\"Dmitry Peskov\">the spokesman</a> said"), "{html}");
    assert!(html.contains("<code>[[dmitry-peskov]]</code>"), "{html}");
    let docs = read(dir.path().join("public/data/documents.json"));
    assert!(docs.contains("\"dmitry-peskov\":2"), "{docs}");
}

#[test]
fn a_custom_scale_renders_with_its_own_labels_and_colours() {
    let root = fixtures().join("custom-scale");
    let out = tempfile::tempdir().unwrap();
    build_into(&root, out.path(), false);
    let stances = read(out.path().join("stances/index.html"));
    for expected in [
        "Hostile",
        "Friendly",
        "Not known",
        "--pos: #aa0000",
        "--pos: #0000aa",
        "moved towards support",
    ] {
        assert!(
            stances.contains(expected),
            "{expected} missing from the stance page"
        );
    }
    assert!(
        !stances.contains("Skeptical"),
        "the default scale is replaced"
    );
    let data = read(out.path().join("data/stances.json"));
    assert!(
        data.contains("\"position\":\"friendly\",\"value\":1,"),
        "{data}"
    );

    // A position off the custom scale is an error that suggests its keys.
    let work = tempfile::tempdir().unwrap();
    copy_dir(&root, work.path());
    std::fs::write(
        work.path().join("content/notes/c.md"),
        "+++\ntitle = \"C\"\ndate = 2025-05-20\n\n[[stance]]\nactor = \"russia\"\ntopic = \"peace-talks\"\nposition = \"friendlly\"\n+++\n",
    )
    .unwrap();
    let failed = build(&BuildOptions::new(work.path()))
        .unwrap()
        .expect_err("an unknown position");
    assert_eq!(
        failed.0[0].to_string(),
        "content/notes/c.md:8:13: error: unknown position `friendlly`\n  help: did you mean `friendly`?"
    );
}

#[test]
fn regression_quote_anchors_survive_escapes_in_markdown() {
    let dir = site(&[
        (
            "content/actors/jose.md",
            "+++\nname = \"José\"\nkind = \"person\"\n+++\n",
        ),
        (
            "content/articles/x.md",
            "+++\ntitle = \"X\"\n+++\nJosé said “Tom &amp; Jerry \\* go”.\n",
        ),
    ]);
    build_into(dir.path(), &dir.path().join("public"), false);
    let html = read(dir.path().join("public/articles/x/index.html"));
    assert!(
        html.contains("id=\"q1\""),
        "the quote keeps its anchor: {html}"
    );
}

#[test]
fn regression_script_urls_in_an_article_source_are_not_linked() {
    let dir = site(&[(
        "content/articles/x.md",
        "+++\ntitle = \"X\"\nsource = \"Outlet\"\nurl = \" JavaScript:alert(1)\"\n+++\nText.\n",
    )]);
    build_into(dir.path(), &dir.path().join("public"), false);
    let html = read(dir.path().join("public/articles/x/index.html"));
    assert!(!html.to_lowercase().contains("javascript:"), "{html}");
    assert!(html.contains("Outlet"), "the outlet stays, as text");
}

#[test]
fn regression_explicit_links_in_headings_show_their_label_unlinked() {
    let dir = site(&[
        (
            "content/actors/dmitry-peskov.md",
            "+++\nname = \"Dmitry Peskov\"\nkind = \"person\"\n+++\n",
        ),
        (
            "content/notes/a.md",
            "+++\ntitle = \"A\"\ndate = 2025-05-16\n+++\n## What [[dmitry-peskov|Peskov]] said\n\nBody.\n",
        ),
    ]);
    build_into(dir.path(), &dir.path().join("public"), false);
    let html = read(dir.path().join("public/notes/a/index.html"));
    assert!(html.contains(">What Peskov said</h2>"), "{html}");
}

#[test]
fn long_listings_are_paged_newest_first_with_a_pager() {
    let site = super::support::many_notes_site(120);
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    build_into(site.path(), &public, false);
    let first = read(public.join("notes/index.html"));
    let second = read(public.join("notes/page/2/index.html"));
    let last = read(public.join("notes/page/3/index.html"));
    assert!(!public.join("notes/page/4").exists());
    assert_eq!(first.matches("class=\"doc doc-note\"").count(), 50);
    assert_eq!(last.matches("class=\"doc doc-note\"").count(), 20);
    assert!(first.contains("Note 119<") && !first.contains("Note 69<"));
    assert!(second.contains("Note 69<") && second.contains("Note 20<"));
    assert!(last.contains("Note 0<"));
    assert!(first.contains("<title>Analyst notes, page 1 of 3"));
    assert!(second.contains("rel=\"prev\" href=\"/notes/\""));
    assert!(second.contains("rel=\"next\" href=\"/notes/page/3/\""));
    assert!(second.contains("<span aria-current=\"page\">2</span>"));
    assert!(!last.contains("rel=\"next\""));
    // 40 notes are tagged `weekly`: a tag page of 40 needs no pager.
    let weekly = read(public.join("tags/weekly/index.html"));
    assert_eq!(weekly.matches("class=\"doc doc-note\"").count(), 40);
    assert!(!weekly.contains("class=\"pager\""));
    let sitemap = read(public.join("sitemap.xml"));
    assert!(sitemap.contains("/notes/page/3/</loc>"));
}

#[test]
fn an_actor_page_lists_the_latest_assessments_and_charts_them_all() {
    let mut files = vec![
        (
            "brief.toml".to_string(),
            "title = \"History\"\n".to_string(),
        ),
        (
            "content/actors/nato.md".to_string(),
            "+++\nname = \"NATO\"\nkind = \"organisation\"\n+++\n".to_string(),
        ),
        (
            "content/topics/enlargement.md".to_string(),
            "+++\ntitle = \"Enlargement\"\n+++\n".to_string(),
        ),
    ];
    for i in 0..25 {
        let date = jiff::civil::date(2025, 1, 1) + jiff::Span::new().days(i);
        let position = ["supports", "cautious"][i as usize % 2];
        files.push((
            format!("content/notes/n{i:02}.md"),
            format!(
                "+++\ntitle = \"Note {i}\"\ndate = {date}\n\n[[stance]]\nactor = \"nato\"\ntopic = \"enlargement\"\nposition = \"{position}\"\n+++\nOn day {i}.\n"
            ),
        ));
    }
    let dir = site_of(&files);
    let public = dir.path().join("public");
    build_into(dir.path(), &public, false);

    let actor = read(public.join("actors/nato/index.html"));
    let history = &actor[actor
        .find("<details class=\"history\">")
        .expect("a history")..];
    let history = &history[..history.find("</details>").unwrap()];
    assert!(history.contains("History (25 assessments)"), "{history}");
    // The newest 20, newest first; the five oldest only on the timeline.
    assert_eq!(history.matches("<li>").count(), 20, "{history}");
    assert!(history.contains(">Note 24<") && history.contains(">Note 5<"));
    assert!(!history.contains(">Note 4<"), "{history}");
    assert!(
        history.contains("The 20 most recent; the timeline shows all 25."),
        "{history}"
    );
    assert_eq!(actor.matches("<circle ").count(), 25);
    assert!(actor.contains("<title>1 January 2025: "));

    let topic = read(public.join("topics/enlargement/index.html"));
    assert!(
        topic.contains("15 earlier; <a href=\"/actors/nato/\">NATO’s page</a> charts them all."),
        "{topic}"
    );
}

#[test]
fn output_is_the_same_with_one_thread_or_many_and_any_file_creation_order() {
    let build_with = |threads: &str, reverse: bool| {
        let work = tempfile::tempdir().unwrap();
        let site = work.path().join("site");
        let mut files: Vec<_> = tree(&repo().join("content")).into_iter().collect();
        if reverse {
            files.reverse();
        }
        for (rel, bytes) in files {
            let path = site.join("content").join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, bytes).unwrap();
        }
        std::fs::copy(repo().join("brief.toml"), site.join("brief.toml")).unwrap();
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_brief"))
            .args(["build", "--drafts", "--root"])
            .arg(&site)
            .env("RAYON_NUM_THREADS", threads)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        tree(&site.join("public"))
    };
    let one = build_with("1", false);
    assert!(one.len() > 50);
    assert_eq!(
        one,
        build_with("8", true),
        "8 threads, files created in reverse"
    );
    assert_eq!(one, build_with("3", false), "3 threads");
}

#[test]
fn a_failure_while_writing_leaves_the_previous_output_and_no_staging_folder() {
    let built = Built::basic();
    let (root, public) = (built.root(), built.public());

    // Every page rendered, then copying `static/` fails: a file named `notes`
    // cannot be written where the notes' folder already is.
    std::fs::create_dir_all(root.join("static")).unwrap();
    std::fs::write(root.join("static/notes"), "not a folder").unwrap();
    let error = build(&BuildOptions {
        output: Some(public.clone()),
        ..BuildOptions::new(&root)
    })
    .expect_err("writing must fail");
    assert!(format!("{error:#}").contains("static/notes"), "{error:#}");

    built.assert_untouched();
}

#[cfg(unix)]
#[test]
fn symbolic_links_out_of_the_site_are_not_followed() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(
        outside.path().join("secret.md"),
        "+++\ntitle = \"Secret\"\ndate = 2025-01-01\n+++\nOUTSIDE-TEXT\n",
    )
    .unwrap();
    let root = site(&[(
        "content/notes/real.md",
        "+++\ntitle = \"Real\"\ndate = 2025-01-02\n+++\nINSIDE-TEXT\n",
    )]);
    let notes = root.path().join("content/notes");
    std::os::unix::fs::symlink(outside.path().join("secret.md"), notes.join("secret.md")).unwrap();
    std::os::unix::fs::symlink(notes.join("real.md"), notes.join("alias.md")).unwrap();
    let out = tempfile::tempdir().unwrap();
    let report = build_into(root.path(), out.path(), false);
    let warning = report
        .warnings
        .iter()
        .find(|w| w.path.ends_with("content/notes/secret.md"))
        .expect("a warning for the link out");
    assert!(warning.message.contains("not followed"), "{warning}");
    let all: String = tree(out.path())
        .values()
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .collect();
    assert!(!all.contains("OUTSIDE-TEXT"), "the outside file was read");
    assert!(
        out.path().join("notes/alias/index.html").exists(),
        "a link inside is followed"
    );
}

#[test]
fn only_pages_showing_highlighted_code_link_the_syntax_stylesheet() {
    let article = |title: &str, date: &str, body: &str| {
        format!("+++\ntitle = \"{title}\"\ndate = {date}\n+++\n{body}\n")
    };
    let dir = site(&[
        (
            "content/articles/code.md",
            &article("Code", "2025-05-01", "Text.\n\n```python\nprint(1)\n```"),
        ),
        (
            "content/articles/plain.md",
            &article("Plain", "2025-05-02", "Only text.\n\n```\nno language\n```"),
        ),
        (
            "content/notes/n.md",
            "+++\ntitle = \"N\"\ndate = 2025-05-03\n+++\n```rust\nlet x = 1;\n```\n",
        ),
    ]);
    let public = dir.path().join("public");
    build_into(dir.path(), &public, false);
    let link = "<link rel=\"stylesheet\" href=\"/syntax.css\">";
    for (page, links) in [
        ("articles/code/index.html", true),
        ("notes/n/index.html", true),
        ("articles/plain/index.html", false),
        ("index.html", false),
        ("articles/index.html", false),
    ] {
        let html = read(public.join(page));
        assert_eq!(html.contains(link), links, "{page}: {html}");
    }
    assert!(read(public.join("syntax.css")).contains(".hl-"));

    let plain = site(&[(
        "content/articles/plain.md",
        &article("Plain", "2025-05-02", "```\nno language\n```"),
    )]);
    build_into(plain.path(), &plain.path().join("public"), false);
    assert!(!plain.path().join("public/syntax.css").exists());
}

#[test]
fn the_feed_shows_the_bodies_of_articles_a_build_rendered_first() {
    // A build renders each article's page as soon as its facts are found
    // and lets its body go, unless the feed shows it.
    let article = |i: usize| {
        format!(
            "+++\ntitle = \"Article {i}\"\ndate = 2025-05-{i:02}\n+++\nBody of article {i}, *in full*.\n"
        )
    };
    let files: Vec<(String, String)> = (1..=5)
        .map(|i| (format!("content/articles/a{i}.md"), article(i)))
        .chain([("brief.toml".to_string(), "feed_limit = 2\n".to_string())])
        .collect();
    let dir = site_of(&files);
    let public = dir.path().join("public");
    build_into(dir.path(), &public, false);
    let feed = read(public.join("feed.xml"));
    for i in 1..=5 {
        let body = format!("Body of article {i}, &lt;em&gt;in full&lt;/em&gt;.");
        assert_eq!(
            feed.contains(&body),
            i >= 4,
            "article {i} in the feed: {feed}"
        );
        let page = read(public.join(format!("articles/a{i}/index.html")));
        assert!(
            page.contains(&format!("<p>Body of article {i}, <em>in full</em>.</p>")),
            "{page}"
        );
    }
}
