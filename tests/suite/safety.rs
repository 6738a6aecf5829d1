//! Untrusted text never becomes active content: script and event-handler
//! vectors placed in titles, bodies, aliases, quotes, tags and URLs are all
//! escaped, sanitized or dropped in every file of the output.

use super::support::{site, tree};

/// Markup that would run if it reached a page unescaped.
const PAYLOAD: &str = "<img src=x onerror=alert(1)>";

fn hostile_site() -> tempfile::TempDir {
    let body = format!(
        r#"Plain text {PAYLOAD} and <script>alert(1)</script>.

<div onclick="alert(1)" style="background:url(javascript:alert(1))">div</div>
<iframe src="https://evil.example"></iframe>
<svg onload="alert(1)"><circle r="1"/></svg>
<math><mi xlink:href="javascript:alert(1)">x</mi></math>
<style>body {{ background: red }}</style>
<object data="javascript:alert(1)"></object>
<a href="JaVaScRiPt:alert(1)">a</a> <a href=" javascript:alert(1)">b</a>
<a href="vbscript:msgbox(1)">c</a> <a href="data:text/html,<script>alert(1)</script>">d</a>
<a href="java&#x09;script:alert(1)">e</a>

[link](javascript:alert(1)) [upper](JAVASCRIPT:alert(1)) [spaced]( javascript:alert(1))
![img](javascript:alert(1)) <https://ok.example/?q="><script>alert(1)</script>>

Kremlin said “{PAYLOAD} is fine,” and Peskov added: “</p><script>alert(1)</script>”.
"#
    );
    site(&[
        (
            "brief.toml",
            "title = \"<script>alert('title')</script>\"\n",
        ),
        (
            "content/actors/kremlin.md",
            "+++\nname = \"Kremlin <b onmouseover=alert(1)>x</b>\"\nkind = \"state\"\naliases = [\"Kremlin\", \"<svg onload=alert(1)>\"]\nrole = \"\\\"><script>alert(1)</script>\"\n+++\nProfile <script>alert(1)</script>.\n",
        ),
        (
            "content/actors/peskov.md",
            "+++\nname = \"Peskov\"\nkind = \"person\"\nmember_of = [\"kremlin\"]\n+++\n",
        ),
        (
            "content/topics/talks.md",
            "+++\ntitle = \"Talks <script>alert(1)</script>\"\nquestion = \"\\\" onmouseover=\\\"alert(1)\"\n+++\n",
        ),
        (
            "content/articles/wire.md",
            &format!(
                "+++\ntitle = \"Wire {PAYLOAD}\"\ndate = 2025-05-16\nsource = \"</title><script>alert(1)</script>\"\nurl = \"javascript:alert(1)\"\ntags = [\"<script>alert(1)</script>\"]\n+++\n{body}"
            ),
        ),
        (
            "content/notes/n.md",
            &format!(
                "+++\ntitle = \"Note {PAYLOAD}\"\ndate = 2025-05-17\nsummary = \"{PAYLOAD}\"\narticles = [\"wire\"]\ntags = [\"x\\\"><script>alert(1)</script>\"]\nanalysts = [\"{PAYLOAD}\"]\n\n[[stance]]\nactor = \"kremlin\"\ntopic = \"talks\"\nposition = \"supports\"\nevidence = \"wire\"\ncomment = \"{PAYLOAD}\"\n+++\n{body}"
            ),
        ),
    ])
}

#[test]
fn no_active_content_reaches_the_output() {
    let root = hostile_site();
    let out = tempfile::tempdir().unwrap();
    let options = brief::site::BuildOptions {
        output: Some(out.path().join("public")),
        ..brief::site::BuildOptions::new(root.path())
    };
    brief::site::build(&options)
        .unwrap()
        .unwrap_or_else(|failed| panic!("{failed}"));
    let files = tree(&out.path().join("public"));
    assert!(files.len() > 10);
    for (path, bytes) in &files {
        let text = String::from_utf8_lossy(bytes).to_lowercase();
        if path.ends_with(".json") {
            // Data for other tools: the text stays as written, as JSON strings.
            serde_json::from_slice::<serde_json::Value>(bytes).unwrap();
            continue;
        }
        if path == "search-index.js" {
            // Data only: one assignment of JSON, with no `<` that could
            // close a script if it were ever inlined.
            let json = text
                .strip_prefix("window.briefsearch = ")
                .and_then(|t| t.strip_suffix(";\n"))
                .expect("the index is one assignment");
            serde_json::from_str::<serde_json::Value>(json).unwrap();
            assert!(!json.contains('<'), "search-index.js: a raw `<`");
            continue;
        }
        // brief's own scripts, loaded by the search page alone.
        let text = if path == "search/index.html" {
            text.replace("<script src=\"../search-index.js\"></script>", "")
                .replace("<script src=\"../search.js\"></script>", "")
        } else {
            text
        };
        if !(path.ends_with(".html") || path.ends_with(".xml")) {
            continue;
        }
        assert!(
            !text.contains(&PAYLOAD.to_lowercase()),
            "{path}: raw payload"
        );
        for needle in [
            "<script",
            "<iframe",
            "<object",
            "<math",
            "<style",
            "javascript:",
            "vbscript:",
            "data:text",
            "onerror=",
            "onload=",
            "onclick=",
            "onmouseover=",
        ] {
            // Feeds carry HTML as escaped text in `type="html"` elements:
            // look at what a feed reader parses as HTML; the rest is text.
            let parsed = if path.ends_with(".xml") {
                format!("{text}{}", html_in_feed(&text))
            } else {
                text.clone()
            };
            let found = parsed.match_indices(needle).map(|(i, _)| i).find(|&i| {
                // Escaped text (`&lt;script`) is harmless; only markup counts.
                needle.starts_with('<') || is_in_tag(&parsed, i)
            });
            if let Some(at) = found {
                panic!("{path}: active `{needle}`: …{}…", around(&parsed, at));
            }
        }
        // The only SVG brief writes is its own charts.
        for (i, _) in text.match_indices("<svg") {
            let tag = &text[i..text[i..].find('>').map_or(text.len(), |e| i + e)];
            assert!(
                tag.contains("class=\"timeline\"") || tag.contains("class=\"chart"),
                "{path}: foreign svg {tag}"
            );
        }
    }
}

/// Whether `at` lies in a tag's markup (between `<` and `>`), and not in
/// text or inside a quoted attribute value, where escaped text is inert.
fn is_in_tag(html: &str, at: usize) -> bool {
    let before = &html[..at];
    let open = match (before.rfind('<'), before.rfind('>')) {
        (Some(open), Some(close)) if open > close => open,
        (Some(open), None) => open,
        _ => return false,
    };
    before[open..].matches('"').count() % 2 == 0
}

/// Some text either side of byte `at`.
fn around(text: &str, at: usize) -> &str {
    let boundary = |mut i: usize| {
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    &text[boundary(at.saturating_sub(100))..boundary((at + 100).min(text.len()))]
}

/// The HTML a feed reader would parse: each `type="html"` element's text,
/// unescaped.
fn html_in_feed(xml: &str) -> String {
    xml.split("type=\"html\">")
        .skip(1)
        .map(|part| {
            let end = part.find("</").unwrap_or(part.len());
            part[..end]
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&#39;", "'")
                .replace("&amp;", "&")
        })
        .collect()
}
