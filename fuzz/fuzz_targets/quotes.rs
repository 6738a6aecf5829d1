//! Any text: quote extraction never panics, and every quote lies on
//! character boundaries inside the text with a speaker from the registry.
#![no_main]

use std::path::Path;
use std::sync::LazyLock;

use brief::analysis::{Matcher, quotes};
use brief::content::{Kind, LoadOptions, load_texts};
use brief::model::Actor;
use libfuzzer_sys::fuzz_target;

static ACTORS: LazyLock<Vec<Actor>> = LazyLock::new(|| {
    let files = [
        (
            "content/actors/russia.md",
            "+++\nname = \"Russia\"\nkind = \"state\"\naliases = [\"Moscow\", \"the Kremlin\"]\n+++\n",
        ),
        (
            "content/actors/peskov.md",
            "+++\nname = \"Dmitry Peskov\"\nkind = \"person\"\naliases = [\"Peskov\"]\n+++\n",
        ),
        (
            "content/actors/kallas.md",
            "+++\nname = \"Kaja Kallas\"\nkind = \"person\"\naliases = [\"Kallas\"]\n+++\n",
        ),
    ];
    let (corpus, _) = load_texts(
        files.map(|(path, text)| (Kind::Actor, Path::new(path), text)),
        &LoadOptions::default(),
    );
    corpus.actors
});

static MATCHER: LazyLock<Matcher> = LazyLock::new(|| Matcher::new(&ACTORS, true));

fuzz_target!(|text: &str| {
    let mentions = MATCHER.find(text);
    for quote in quotes::extract(text, &mentions, &ACTORS, &[]) {
        for at in [
            quote.span.start,
            quote.span.end,
            quote.sentence.start,
            quote.sentence.end,
        ] {
            assert!(at <= text.len() && text.is_char_boundary(at));
        }
        assert!(quote.span.start < quote.span.end);
        assert!(quote.speaker.is_none_or(|s| s < ACTORS.len()));
    }
});
