//! Any article or note body, rendered with analysis against a small
//! registry: finding mentions and quotes, linking and marking them, and
//! rendering Markdown and plain text never panic.
#![no_main]

use std::path::Path;

use brief::config::Config;
use brief::content::{Kind, LoadOptions, load_texts};
use brief::site::{Facts, Urls};
use libfuzzer_sys::fuzz_target;

const ACTORS: [(&str, &str); 3] = [
    (
        "content/actors/russia.md",
        "+++\nname = \"Russia\"\nkind = \"state\"\naliases = [\"Moscow\", \"the Kremlin\"]\n+++\n",
    ),
    (
        "content/actors/dmitry-peskov.md",
        "+++\nname = \"Dmitry Peskov\"\nkind = \"person\"\naliases = [\"Peskov\"]\nmember_of = [\"russia\"]\n+++\n",
    ),
    (
        "content/actors/erdogan.md",
        "+++\nname = \"Recep Tayyip Erdoğan\"\nkind = \"person\"\n+++\n",
    ),
];

fuzz_target!(|body: &str| {
    let note = format!("+++\ntitle = \"N\"\ndate = 2025-05-16\n+++\n{body}");
    let mut files: Vec<(Kind, &Path, &str)> = ACTORS
        .iter()
        .map(|(path, text)| (Kind::Actor, Path::new(path), *text))
        .collect();
    files.push((Kind::Article, Path::new("content/articles/a.md"), body));
    files.push((Kind::Article, Path::new("content/articles/b.txt"), body));
    files.push((Kind::Note, Path::new("content/notes/n.md"), &note));
    let (corpus, _) = load_texts(files, &LoadOptions::default());
    let config = Config::default();
    let _ = Facts::new(&corpus, &config, &Urls::new(&config), true);
});
