//! Properties over arbitrary input (proptest): nothing panics, quote
//! offsets stay on character boundaries inside the text, escaping
//! round-trips.

use brief::analysis::{Matcher, quotes};
use brief::content::frontmatter;
use brief::model::Actor;
use brief::render::{highlight::escape, render_markdown, render_plain};
use proptest::prelude::*;

/// Text made of the pieces that matter to brief's parsers: quotation marks
/// of every kind, apostrophes, front-matter fences, Markdown and HTML
/// syntax, names, speech verbs, line breaks and any other character.
fn newsy_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("“".to_string()),
        Just("”".to_string()),
        Just("‘".to_string()),
        Just("’".to_string()),
        Just("\"".to_string()),
        Just("'".to_string()),
        Just("«".to_string()),
        Just("»".to_string()),
        Just("„".to_string()),
        Just("+++\n".to_string()),
        Just("---\n".to_string()),
        Just("\n\n".to_string()),
        Just("\n".to_string()),
        Just("```\n".to_string()),
        Just("`".to_string()),
        Just("<b>".to_string()),
        Just("[[peskov]]".to_string()),
        Just("[a](b)".to_string()),
        Just("# ".to_string()),
        Just(" Peskov".to_string()),
        Just(" Erdoğan".to_string()),
        Just(" Moscow".to_string()),
        Just(" said".to_string()),
        Just(" he".to_string()),
        Just(", ".to_string()),
        Just(". ".to_string()),
        Just(": ".to_string()),
        "\\PC{0,12}",
        any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..80).prop_map(|parts| parts.concat())
}

/// A registry of three actors, one with diacritics, loaded as a site would.
fn registry() -> Vec<Actor> {
    let site = super::support::site(&[
        (
            "content/actors/russia.md",
            "+++\nname = \"Russia\"\nkind = \"state\"\naliases = [\"Moscow\", \"Kremlin\"]\n+++\n",
        ),
        (
            "content/actors/dmitry-peskov.md",
            "+++\nname = \"Dmitry Peskov\"\nkind = \"person\"\naliases = [\"Peskov\"]\n+++\n",
        ),
        (
            "content/actors/erdogan.md",
            "+++\nname = \"Recep Tayyip Erdoğan\"\nkind = \"person\"\n+++\n",
        ),
    ]);
    let (corpus, diagnostics) = brief::content::load(site.path(), &Default::default());
    assert!(!diagnostics.has_errors());
    corpus.actors
}

thread_local! {
    static REGISTRY: Vec<Actor> = registry();
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn front_matter_never_panics(text in newsy_text()) {
        if let Ok(split) = frontmatter::split(&text) {
            prop_assert!(split.body_offset <= text.len());
            if let Some(front) = split.front {
                let _ = front.parse();
            }
        }
    }

    #[test]
    fn rendering_never_panics(text in newsy_text()) {
        let _ = render_markdown(&text, None);
        let _ = render_plain(&text, None);
    }

    #[test]
    fn quotes_lie_on_character_boundaries_inside_the_text(text in newsy_text()) {
        let actors = REGISTRY.with(Clone::clone);
        let mentions = Matcher::new(&actors, true).find(&text);
        for quote in quotes::extract(&text, &mentions, &actors, &[]) {
            for at in [quote.span.start, quote.span.end, quote.sentence.start, quote.sentence.end] {
                prop_assert!(at <= text.len() && text.is_char_boundary(at), "{at} in {text:?}");
            }
            prop_assert!(quote.span.start < quote.span.end);
            prop_assert!(quote.speaker.is_none_or(|s| s < actors.len()));
        }
    }

    #[test]
    fn escaping_round_trips(text in any::<String>()) {
        let escaped = escape(&text);
        prop_assert!(!escaped.contains(['<', '>', '"']));
        let back = escaped
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&");
        prop_assert_eq!(back, text);
    }
}
