//! The example site at the repository root builds into every page of SPEC §6.

use super::support::{build_example, read};

#[test]
fn the_example_site_builds_every_page_with_real_content() {
    let out = tempfile::tempdir().unwrap();
    let report = build_example(&out.path().join("public"), None);
    let public = report.output;
    for page in [
        "index.html",
        "notes/index.html",
        "articles/istanbul-talks/index.html",
        "actors/index.html",
        "actors/russia/index.html",
        "topics/index.html",
        "topics/peace-talks/index.html",
        "stances/index.html",
        "tags/index.html",
        "feed.xml",
        "sitemap.xml",
        "robots.txt",
        "404.html",
        "data/documents.json",
        "data/actors.json",
        "data/quotes.json",
        "data/stances.json",
    ] {
        assert!(public.join(page).is_file(), "missing {page}");
    }
    // The stance page shows a shift and a contested position.
    let stances = read(public.join("stances/index.html"));
    assert!(stances.contains("is-contested"), "no contested cell");
    assert!(stances.contains("moved towards support"), "no shift");
    assert!(
        stances.contains("Prisoner exchanges: 2 supports, 1 contested"),
        "the chart's text counts contested apart"
    );
    assert!(
        stances.contains(">+1 contested</text>"),
        "the chart notes the contested position"
    );
    // The index says what changed in the latest briefing, and what earlier.
    let index = read(public.join("index.html"));
    assert!(
        index.contains("In the briefing of 23 May 2025, since 19 May 2025"),
        "{index}"
    );
    assert!(index.contains("Earlier shifts still current"), "{index}");
    // An actor page lists the notes whose stances name it.
    let russia = read(public.join("actors/russia/index.html"));
    assert!(russia.contains("/notes/opening-round/"), "{russia}");
}

#[test]
fn the_feed_is_well_formed_atom_and_the_sitemap_lists_pages() {
    let out = tempfile::tempdir().unwrap();
    build_example(out.path(), Some("https://host.example/team/briefs/"));
    let feed = read(out.path().join("feed.xml"));
    let doc = roxmltree::Document::parse(&feed).expect("feed.xml is well-formed XML");
    let root = doc.root_element();
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.w3.org/2005/Atom")
    );
    for required in ["id", "title", "updated"] {
        assert!(
            root.children().any(|c| c.tag_name().name() == required),
            "feed lacks <{required}>"
        );
    }
    let entries: Vec<_> = root
        .children()
        .filter(|c| c.tag_name().name() == "entry")
        .collect();
    assert!(!entries.is_empty());
    for entry in entries {
        for required in ["id", "title", "updated", "link"] {
            assert!(
                entry.children().any(|c| c.tag_name().name() == required),
                "entry lacks <{required}>"
            );
        }
        let id = entry
            .children()
            .find(|c| c.tag_name().name() == "id")
            .unwrap()
            .text()
            .unwrap();
        assert!(id.starts_with("https://host.example/team/briefs/"), "{id}");
    }
    let sitemap = read(out.path().join("sitemap.xml"));
    let doc = roxmltree::Document::parse(&sitemap).expect("sitemap.xml is well-formed XML");
    let locs: Vec<_> = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "loc")
        .collect();
    assert!(
        locs.iter()
            .any(|l| l.text() == Some("https://host.example/team/briefs/stances/"))
    );
}

#[test]
fn the_search_index_has_a_record_for_every_note_article_and_actor_and_each_quote_in_its_article() {
    let out = tempfile::tempdir().unwrap();
    build_example(out.path(), None);
    let script = read(out.path().join("search-index.js"));
    let json = script
        .strip_prefix("window.briefSearch = ")
        .and_then(|s| s.strip_suffix(";\n"))
        .expect("a script that sets window.briefSearch");
    let records: Vec<Vec<serde_json::Value>> = serde_json::from_str(json).unwrap();
    let count = |file: &str| -> usize {
        let data: Vec<serde_json::Value> =
            serde_json::from_str(&read(out.path().join("data").join(file))).unwrap();
        data.len()
    };
    let of_kind = |kind: &str| records.iter().filter(|r| r[0] == kind).count();
    let documents = count("documents.json");
    assert_eq!(of_kind("note") + of_kind("article"), documents);
    assert_eq!(of_kind("actor"), count("actors.json"));
    assert_eq!(records.len(), documents + count("actors.json"));
    // Only articles carry quotes, as a seventh item: [id, speaker, snippet].
    let quoted: Vec<(&Vec<serde_json::Value>, &serde_json::Value)> = records
        .iter()
        .filter(|r| r.len() == 7)
        .flat_map(|r| r[6].as_array().unwrap().iter().map(move |q| (r, q)))
        .collect();
    assert!(records.iter().all(|r| r.len() == 6 || r[0] == "article"));
    assert_eq!(quoted.len(), count("quotes.json"));
    let (article, peskov) = quoted
        .iter()
        .find(|(_, q)| q[1] == "Dmitry Peskov")
        .expect("a quote of Peskov");
    assert_eq!(article[3], "articles/istanbul-talks/");
    assert_eq!(article[2], "2025-05-16");
    assert!(peskov[0].as_str().unwrap().starts_with('q'), "{peskov:?}");
    assert!(!peskov[2].as_str().unwrap().is_empty(), "{peskov:?}");
    assert!(
        quoted.iter().any(|(_, q)| q[1].is_null()),
        "the unattributed quote has no speaker"
    );
    assert!(read(out.path().join("search/index.html")).contains("../search.js"));
}
