use super::*;

#[test]
fn extensions_are_on() {
    let html = render_markdown(
        "| a |\n|---|\n| b |\n\n~~x~~ [^1]\n\n- [x] done\n\n[^1]: note\n",
        None,
    )
    .html;
    assert!(html.contains("<table>"), "{html}");
    assert!(html.contains("<del>x</del>"), "{html}");
    assert!(html.contains("footnote-definition"), "{html}");
    assert!(html.contains("type=\"checkbox\""), "{html}");
}

#[test]
fn headings_get_unique_ids() {
    let html = render_markdown(
        "## Key judgements\n\n## Key judgements\n\n## Own {#mine}\n",
        None,
    )
    .html;
    assert!(html.contains("<h2 id=\"key-judgements\">"), "{html}");
    assert!(html.contains("<h2 id=\"key-judgements-1\">"), "{html}");
    assert!(html.contains("<h2 id=\"mine\">"), "{html}");
}

#[test]
fn code_is_highlighted_with_classes() {
    let r = render_markdown("```python\nkey = \"v\"\n```\n", None);
    assert!(r.has_code);
    assert!(
        r.html
            .contains("<pre class=\"code\"><code class=\"language-python\">"),
        "{}",
        r.html
    );
    assert!(r.html.contains("hl-"), "{}", r.html);
}

#[test]
fn summary_is_the_first_paragraph() {
    let r = render_markdown("# Title\n\nFirst *para*.\n\nSecond.\n", None);
    assert_eq!(r.summary_html, "<p>First <em>para</em>.</p>\n");
    assert_eq!(r.summary_text, "First para.");
    assert_eq!(r.words, 4);
    assert_eq!(r.reading_minutes(), 1);
}

#[test]
fn raw_html_and_script_urls_are_neutralised() {
    let html = render_markdown("<script>alert(1)</script><b onclick=\"x()\">b</b>\n\n[a](javascript:alert(1)) [b]( JaVaScript:x)\n", None).html;
    assert!(!html.contains("<script"), "{html}");
    assert!(!html.contains("onclick"), "{html}");
    assert!(!html.to_lowercase().contains("javascript:"), "{html}");
}

#[test]
fn plain_text_paragraphs_are_escaped() {
    let r = render_plain("One <b>\nline two\n\nPara two\n", None);
    assert_eq!(
        r.html,
        "<p>One &lt;b&gt;<br>\nline two</p>\n<p>Para two</p>\n"
    );
    let wire = render_plain("First para.\nSecond para.", None);
    assert_eq!(wire.html, "<p>First para.</p>\n<p>Second para.</p>\n");
    assert_eq!(wire.summary_text, "First para.");
}

#[test]
fn relative_links_are_made_absolute_against_the_page() {
    let page = Annotations::on_page("/briefs/notes/a/");
    let r = render_markdown(
        "See [b](../b/#x), [top](#q1), ![map](map.png) and [out](https://e.example/).\n",
        Some(&page),
    );
    assert!(r.html.contains("href=\"/briefs/notes/b/#x\""), "{}", r.html);
    assert!(
        r.html.contains("href=\"/briefs/notes/a/#q1\""),
        "{}",
        r.html
    );
    assert!(
        r.html.contains("src=\"/briefs/notes/a/map.png\""),
        "{}",
        r.html
    );
    assert!(r.html.contains("href=\"https://e.example/\""), "{}", r.html);
    assert!(
        r.summary_html.contains("href=\"/briefs/notes/b/#x\""),
        "{}",
        r.summary_html
    );
}

#[test]
fn html_nested_past_the_limit_keeps_its_text_alone() {
    let deep = format!(
        "{}<b onclick=\"x()\">text</b> &amp; more\n",
        "<div>".repeat(MAX_DEPTH + 1)
    );
    let html = render_markdown(&deep, None).html;
    assert_eq!(html, "<p>text &amp; more</p>\n");
    let shallow = format!("{}text\n", "<div>".repeat(10));
    assert!(render_markdown(&shallow, None).html.contains("<div>"));
}

#[test]
fn parsed_markdown_knows_its_code_and_raw_html() {
    let text = "He said “yes”.\n\n```\n“not a quote”\n```\n\nInline `“no”` and <b>raw</b>.\n";
    let parsed = Parsed::new(text);
    let covered: Vec<&str> = parsed.code_ranges().into_iter().map(|r| &text[r]).collect();
    assert_eq!(
        covered,
        ["```\n“not a quote”\n```", "`“no”`", "<b>", "</b>"]
    );
    assert_eq!(parsed.render(None), render_markdown(text, None));
}

#[test]
fn ascii_white_space_agrees_with_char() {
    for b in 0u8..128 {
        let expected = if char::from(b).is_whitespace() {
            HIGH
        } else {
            0
        };
        assert_eq!(ascii_spaces(splat(b)), expected, "{b:#x}");
    }
}

#[test]
fn high_bits_are_counted_in_every_pattern() {
    for pattern in 0..=u8::MAX {
        let lane = (0..8)
            .filter(|bit| pattern & (1 << bit) != 0)
            .fold(0u64, |lane, bit| lane | 0x80 << (8 * bit));
        assert_eq!(
            count_high_bits(lane),
            lane.count_ones() as usize,
            "{lane:#x}"
        );
    }
}

/// Text for word counting: runs of ASCII long enough to fill whole lanes,
/// with other characters (white space among them) between them.
fn words_text() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    proptest::collection::vec(
        prop_oneof![
            3 => "[a b!~\t\n\r\u{8}\u{b}\u{c}\u{e}\u{1f}]{0,70}",
            1 => "[\u{1c}\u{85}\u{a0}\u{2003}\u{3000}éğ€ ]{1,3}",
        ],
        0..6,
    )
    .prop_map(|runs| runs.concat())
}

proptest::proptest! {
    #[test]
    fn words_are_counted_as_in_the_joined_text(
        pieces in proptest::collection::vec((words_text(), proptest::bool::ANY), 0..8)
    ) {
        let mut count = WordCount::default();
        let mut joined = String::new();
        for (text, gap_after) in &pieces {
            count.feed(text);
            joined.push_str(text);
            if *gap_after {
                count.gap();
                joined.push(' ');
            }
        }
        proptest::prop_assert_eq!(count.words, joined.split_whitespace().count());
    }
}

/// [`is_safe_url`] as first written: the whole URL cleaned, then its start compared.
fn is_safe_url_whole(url: &str) -> bool {
    let cleaned = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    !["javascript:", "vbscript:", "data:"]
        .iter()
        .any(|scheme| cleaned.starts_with(scheme))
}

#[test]
fn unsafe_schemes_are_found_through_case_space_and_control_characters() {
    for url in [
        "javascript:alert(1)",
        " \tJaVa\nScRiPt:alert(1)",
        "\u{1}j\u{7f}avascript\u{a0}:x",
        "VBSCRIPT:x",
        "data:text/html,<script>",
    ] {
        assert!(!is_safe_url(url), "{url:?}");
    }
    for url in [
        "https://example.org/javascript:",
        "",
        "javascript",
        "data",
        "ﬁle:x",
    ] {
        assert!(is_safe_url(url), "{url:?}");
    }
}

proptest::proptest! {
    #[test]
    fn safe_url_needs_only_the_scheme(
        pieces in proptest::collection::vec(proptest::sample::select(vec![
            "javascript:", "JavaScript", "java", "script:", "vbscript:", "VB", "data:", "dAtA",
            ":", " ", "\t", "\n", "\u{1}", "\u{7f}", "\u{a0}", "é", "ﬁ", "x", "//",
        ]), 0..8)
    ) {
        let url = pieces.concat();
        proptest::prop_assert_eq!(is_safe_url(&url), is_safe_url_whole(&url), "{:?}", url);
    }
}
