//! Hostile sizes: a large article, a very long line, nesting ten thousand
//! deep and a registry of fifty thousand aliases build without a stack
//! overflow and give the output they should. Sizes here keep the suite
//! fast; `benches/hostile.py` measures how time grows with them.

use super::support::{read, site, stderr};
use brief::site::{BuildOptions, build};

const PARAGRAPH: &str = "Kremlin spokesman Dmitry Peskov said that “the talks will continue,” \
     adding that Moscow had “no illusions.” Erdoğan's office said Türkiye would host them. \
     The 12\" shells were not discussed.\n\n";

const REGISTRY: [(&str, &str); 3] = [
    (
        "content/actors/russia.md",
        "+++\nname = \"Russia\"\nkind = \"state\"\naliases = [\"Moscow\", \"the Kremlin\"]\n+++\n",
    ),
    (
        "content/actors/dmitry-peskov.md",
        "+++\nname = \"Dmitry Peskov\"\nkind = \"person\"\naliases = [\"Peskov\"]\n+++\n",
    ),
    (
        "content/actors/erdogan.md",
        "+++\nname = \"Recep Tayyip Erdoğan\"\nkind = \"person\"\naliases = [\"Erdoğan\"]\n+++\n",
    ),
];

/// Builds the site at `root` into `root/public`, which must succeed.
fn build_ok(root: &std::path::Path) {
    let options = BuildOptions::new(root);
    if let Err(failed) = build(&options).unwrap() {
        panic!("build failed:\n{failed}");
    }
}

fn quotes_of(root: &std::path::Path, article: &str) -> Vec<serde_json::Value> {
    let all: Vec<serde_json::Value> =
        serde_json::from_str(&read(root.join("public/data/quotes.json"))).unwrap();
    all.into_iter()
        .filter(|q| q["article"] == article)
        .collect()
}

#[test]
fn a_large_article_and_a_long_line_keep_every_quote() {
    let paragraphs = 1_000_000 / PARAGRAPH.len();
    let big = format!("Big\n\n{}", PARAGRAPH.repeat(paragraphs));
    let line = format!(
        "Line\n\n{}\n",
        PARAGRAPH
            .replace('\n', " ")
            .repeat(100_000 / PARAGRAPH.len() + 1)
    );
    assert!(line.len() > 100_000);
    let mut files = REGISTRY.to_vec();
    files.extend([
        ("content/articles/big.txt", big.as_str()),
        ("content/articles/line.txt", line.as_str()),
    ]);
    let dir = site(&files);
    build_ok(dir.path());
    let big = quotes_of(dir.path(), "big");
    assert_eq!(big.len(), 2 * paragraphs);
    assert!(
        big.iter().all(|q| q["speaker"] == "dmitry-peskov"),
        "{:?}",
        &big[..2]
    );
    assert_eq!(
        quotes_of(dir.path(), "line").len(),
        2 * (100_000 / PARAGRAPH.len() + 1)
    );
}

#[test]
fn markdown_nested_ten_thousand_deep_renders() {
    const DEPTH: usize = 10_000;
    let note = |body: String| format!("+++\ntitle = \"Deep\"\ndate = 2025-05-16\n+++\n{body}");
    let bodies = [
        ("quote", note(format!("{} deep\n", ">".repeat(DEPTH)))),
        (
            "list",
            note(
                (0..DEPTH / 10)
                    .map(|i| format!("{}- x\n", "  ".repeat(i)))
                    .collect(),
            ),
        ),
        (
            "brackets",
            note(format!("{}x{}\n", "[a".repeat(DEPTH), "]".repeat(DEPTH))),
        ),
        (
            "emphasis",
            note(format!("{}x{}\n", "*".repeat(DEPTH), "*".repeat(DEPTH))),
        ),
        (
            "marks",
            note(format!("{}x{}\n", "“".repeat(DEPTH), "”".repeat(DEPTH))),
        ),
        (
            "html",
            note(format!("{}<b>deep text</b>\n", "<div>".repeat(DEPTH))),
        ),
    ];
    let paths: Vec<String> = bodies
        .iter()
        .map(|(name, _)| format!("content/notes/{name}.md"))
        .collect();
    let mut files = REGISTRY.to_vec();
    files.extend(
        paths
            .iter()
            .zip(&bodies)
            .map(|(path, (_, text))| (path.as_str(), text.as_str())),
    );
    let dir = site(&files);
    build_ok(dir.path());
    let html = read(dir.path().join("public/notes/html/index.html"));
    assert!(
        html.contains("<p>deep text</p>"),
        "HTML past the depth limit keeps its text"
    );
    assert!(!html.contains("<div><div>"));
}

#[test]
fn front_matter_nested_ten_thousand_deep_is_an_error() {
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let toml = format!("+++\ntitle = \"T\"\ndate = 2025-05-16\n[extra]\nx = {deep}\n+++\n");
    let yaml = format!("---\ntitle: T\ndate: 2025-05-16\nextra:\n  x: {deep}\n---\n");
    let dir = site(&[
        ("content/notes/toml.md", toml.as_str()),
        ("content/notes/yaml.md", yaml.as_str()),
    ]);
    let output = super::support::brief(dir.path(), &["check"]);
    assert_eq!(
        stderr(&output),
        "content/notes/toml.md:5:85: error: invalid TOML: cannot recurse further; max recursion depth met\n\
         content/notes/yaml.md:5:132: error: invalid YAML: recursion limit exceeded\n\
         error: 2 errors found; nothing was written\n"
    );
}

#[test]
fn a_registry_of_fifty_thousand_aliases_matches() {
    const ACTORS: usize = 500;
    const ALIASES: usize = 100;
    let actors: Vec<(String, String)> = (0..ACTORS)
        .map(|i| {
            let aliases: Vec<String> = (0..ALIASES)
                .map(|k| format!("\"Person{i} Alias{k}\""))
                .collect();
            (
                format!("content/actors/p{i}.md"),
                format!(
                    "+++\nname = \"Person {i}\"\nkind = \"person\"\naliases = [{}]\n+++\n",
                    aliases.join(", ")
                ),
            )
        })
        .collect();
    let article = "Wire\n\nPerson499 Alias99 said “yes,” and Person0 Alias0 met Person 7.\n";
    let mut files: Vec<(&str, &str)> = actors
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    files.push(("content/articles/wire.txt", article));
    let dir = site(&files);
    build_ok(dir.path());
    let documents: serde_json::Value =
        serde_json::from_str(&read(dir.path().join("public/data/documents.json"))).unwrap();
    assert_eq!(
        documents[0]["mentions"],
        serde_json::json!({"p0": 1, "p499": 1, "p7": 1})
    );
    assert_eq!(quotes_of(dir.path(), "wire")[0]["speaker"], "p499");
}
