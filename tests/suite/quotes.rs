//! Quote extraction and attribution on the seed article of the example site.

use brief::analysis::{Matcher, quotes};
use brief::content::{LoadOptions, load};

use super::support::repo;

#[test]
fn the_seed_article_yields_all_ten_quotes_with_their_speakers() {
    let (corpus, diagnostics) = load(&repo(), &LoadOptions::default());
    assert!(!diagnostics.has_errors());
    let article = corpus.article("istanbul-talks").expect("the seed article");
    let mentions = Matcher::new(&corpus.actors, true).find(&article.body);
    let found = quotes::extract(&article.body, &mentions, &corpus.actors, &[]);
    let speakers: Vec<(&str, Option<&str>)> = found
        .iter()
        .map(|q| {
            (
                q.id.as_str(),
                q.speaker.map(|s| corpus.actors[s].id.as_str()),
            )
        })
        .collect();
    assert_eq!(
        speakers,
        [
            ("q1", None),
            ("q2", None),
            ("q3", Some("russia")),
            ("q4", Some("russian-state-media")),
            ("q5", Some("dmitry-peskov")),
            ("q6", Some("dmytro-kuleba")),
            ("q7", Some("mark-rutte")),
            ("q8", Some("kaja-kallas")),
            ("q9", Some("annalena-baerbock")),
            ("q10", Some("british-foreign-office")),
        ]
    );
    assert_eq!(
        found[0].text,
        "bilateral in tone, multilateral in architecture."
    );
}

#[test]
fn quote_offsets_point_into_the_source_file() {
    let out = tempfile::tempdir().unwrap();
    let options = brief::site::BuildOptions {
        root: repo(),
        output: Some(out.path().to_path_buf()),
        base_url: None,
        drafts: false,
    };
    brief::site::build(&options)
        .unwrap()
        .unwrap_or_else(|f| panic!("{f}"));
    let source =
        std::fs::read_to_string(repo().join("content/articles/istanbul-talks.txt")).unwrap();
    let data: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out.path().join("data/quotes.json")).unwrap(),
    )
    .unwrap();
    let quotes = data.as_array().unwrap();
    assert_eq!(quotes.len(), 10);
    for q in quotes {
        let (start, end) = (
            q["start"].as_u64().unwrap() as usize,
            q["end"].as_u64().unwrap() as usize,
        );
        let marked = &source[start..end];
        assert!(marked.starts_with('“') && marked.ends_with('”'), "{marked}");
        assert_eq!(marked.trim_matches(['“', '”']), q["text"].as_str().unwrap());
    }
    let page =
        std::fs::read_to_string(out.path().join("articles/istanbul-talks/index.html")).unwrap();
    assert!(
        page.contains("id=\"q5\" title=\"Dmitry Peskov\""),
        "quotes are anchored with their speaker"
    );
    assert!(
        page.contains("<a class=\"mention\" href=\"/actors/dmitry-peskov/\""),
        "mentions are linked"
    );
    let russia = std::fs::read_to_string(out.path().join("actors/russia/index.html")).unwrap();
    assert!(
        russia.contains("a chance for Europe to step back from the brink"),
        "members' quotes roll up"
    );
}
