//! Starting points written for the user: `brief init` (a whole site that
//! builds at once) and `brief new` (one content file with its front matter).
//!
//! Nothing here overwrites a file: `init` refuses a folder that holds
//! anything, `new` refuses a file that exists.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};

use crate::content::{Kind, slugify};

/// Creates a new site in `dir`, which must be missing or empty; returns the
/// files written, relative to `dir`.
pub fn init(dir: &Path, today: jiff::civil::Date) -> anyhow::Result<Vec<PathBuf>> {
    let occupied = match fs::read_dir(dir) {
        Ok(mut entries) => entries.next().is_some(),
        Err(e) if e.kind() == io::ErrorKind::NotFound => false,
        Err(e) => return Err(e).with_context(|| format!("reading {}", dir.display())),
    };
    if occupied {
        bail!(
            "refusing to create a site in {}: the folder is not empty\n  help: pass a new or empty folder, like `brief init briefing`",
            dir.display()
        );
    }
    let files = [
        ("brief.toml", SITE_CONFIG.to_string()),
        (".gitignore", "public/\n".to_string()),
        ("content/articles/first-report.txt", ARTICLE.to_string()),
        ("content/actors/northland.md", NORTHLAND.to_string()),
        ("content/actors/ana-ferreira.md", FERREIRA.to_string()),
        ("content/topics/water-treaty.md", TOPIC.to_string()),
        (
            "content/notes/first-assessment.md",
            NOTE.replace("{date}", &today.to_string()),
        ),
    ];
    let mut written = Vec::new();
    for (rel, text) in files {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
        }
        fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
        written.push(PathBuf::from(rel));
    }
    Ok(written)
}

/// Writes a new `kind` file named after `name` under `root/content`, with
/// the front matter that kind needs; returns its path.
pub fn new_item(
    root: &Path,
    kind: Kind,
    name: &str,
    today: jiff::civil::Date,
) -> anyhow::Result<PathBuf> {
    let id = slugify(name);
    if id.is_empty() {
        bail!(
            "`{name}` makes no id: use letters or digits, like `brief new note \"Talks resume\"`"
        );
    }
    if !root.join("content").is_dir() {
        bail!(
            "no `content` folder in {}: this is not a brief site\n  help: run brief in the site's folder, pass `--root DIR`, or create one with `brief init DIR`",
            root.display()
        );
    }
    let path = root
        .join("content")
        .join(kind.folder())
        .join(format!("{id}.md"));
    let title = toml_string(name);
    let text = match kind {
        Kind::Note => format!(
            "+++\ntitle = {title}\ndate = {today}\nanalysts = []\narticles = []\ntags = []\n\n# [[stance]]\n# actor = \"actor-id\"\n# topic = \"topic-id\"\n# position = \"cautious\"\n# confidence = \"likely\"\n# evidence = \"article-id#q1\"\n+++\nWhat we judge, and why.\n"
        ),
        Kind::Article => format!(
            "+++\ntitle = {title}\ndate = {today}\nsource = \"\"\nurl = \"\"\n+++\nPaste the article's text here, as received.\n"
        ),
        Kind::Actor => format!(
            "+++\nname = {title}\nkind = \"person\"\naliases = []\nmember_of = []\n+++\nWho they are, in a sentence or two.\n"
        ),
        Kind::Topic => format!(
            "+++\ntitle = {title}\nquestion = \"Does the actor support …?\"\n+++\nWhat the topic covers.\n"
        ),
    };
    fs::create_dir_all(path.parent().expect("a file in a folder"))?;
    match fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
    {
        Ok(mut file) => {
            io::Write::write_all(&mut file, text.as_bytes())
                .with_context(|| format!("writing {}", path.display()))?;
            Ok(path)
        }
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => bail!(
            "{} already exists: nothing was written\n  help: pick another name, or edit that file",
            path.display()
        ),
        Err(e) => Err(e).with_context(|| format!("creating {}", path.display())),
    }
}

/// `text` as a TOML basic string.
fn toml_string(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

const SITE_CONFIG: &str = r#"# The site's settings; see the README for every key.
title = "Briefing"
description = "Where the actors stand, on what evidence."
base_url = "https://example.org/"
language = "en"
"#;

const ARTICLE: &str = r#"+++
title = "Northland signals it will reopen water treaty talks"
date = 2025-03-04
source = "Example Wire"
reliability = "B"
credibility = "2"
+++
NORDSTAD, March 4 — Northland is ready to reopen talks on the river water treaty, its foreign minister said on Tuesday.

“We are prepared to sit down again, without preconditions,” Foreign Minister Ana Ferreira told reporters after meeting her counterparts.

Officials in Nordstad cautioned that any new text would need parliament's approval.
"#;

const NORTHLAND: &str = r#"+++
name = "Northland"
kind = "state"
aliases = ["Nordstad"]
+++
An example state: replace it with the actors of your briefing.
"#;

const FERREIRA: &str = r#"+++
name = "Ana Ferreira"
kind = "person"
aliases = ["Ferreira"]
member_of = ["northland"]
role = "Foreign minister of Northland"
+++
An example person, a member of Northland: what she says rolls up to Northland's page.
"#;

const TOPIC: &str = r#"+++
title = "Water treaty"
question = "Does the actor support reopening the river water treaty?"
+++
An example topic: the question each stance answers.
"#;

const NOTE: &str = r#"+++
title = "Northland ready to reopen the water treaty"
date = {date}
analysts = ["Your Name"]
articles = ["first-report"]
tags = ["water"]
confidence = "likely"

[[stance]]
actor = "northland"
topic = "water-treaty"
position = "supports"
confidence = "likely"
evidence = "first-report#q1"
comment = "The foreign minister offered talks without preconditions."
+++
We judge it **likely** that Northland reopens the treaty talks: its foreign minister, [[ana-ferreira]], offered them without preconditions.
"#;
