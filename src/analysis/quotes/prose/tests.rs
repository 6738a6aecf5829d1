use proptest::prelude::*;

use super::*;

/// What [`sentence_start`] returns, found a character at a time: the
/// last line break or white space ending a sentence before `offset`.
fn sentence_start_by_chars(text: &str, offset: usize) -> usize {
    let floor = back(text, offset, MAX_SENTENCE);
    for (i, c) in text[floor..offset].char_indices().rev() {
        let at = floor + i;
        if c == '\n' || (c.is_whitespace() && ends_sentence(text, at)) {
            return at + c.len_utf8();
        }
    }
    floor
}

/// What [`sentence_end`] returns, found with the whole line's end first.
fn sentence_end_by_lines(text: &str, offset: usize) -> usize {
    let ceiling = forward(text, offset, MAX_SENTENCE);
    let line_end =
        memchr::memchr(b'\n', &text.as_bytes()[offset..ceiling]).map_or(ceiling, |i| offset + i);
    let mut from = text[..offset].trim_end_matches(is_sentence_mark).len();
    while let Some(i) = memchr::memchr3(b'.', b'?', b'!', &text.as_bytes()[from..line_end]) {
        let mark = from + i;
        let after = &text[mark + 1..line_end];
        let at = line_end - after.trim_start_matches(CLOSING_MARKS).len();
        let space = text[at..line_end]
            .chars()
            .next()
            .is_some_and(char::is_whitespace);
        if space && ends_sentence(text, at) {
            return at;
        }
        from = mark + 1;
    }
    line_end
}

/// Prose made of words, abbreviations, initials, stops, closing marks and
/// line breaks, some of them long enough to pass [`MAX_SENTENCE`].
fn prose() -> impl Strategy<Value = String> {
    let pieces = proptest::sample::select(vec![
        "word", "Kallas", "Mr", "U.S", "J", "3", "é", " ", " ", " ", "\u{a0}", "\n", ".", ".", "?",
        "!", "”", "’", "\"", "»", ")", "“", ",",
    ]);
    (
        proptest::collection::vec(pieces, 0..60),
        proptest::bool::weighted(0.1),
    )
        .prop_map(|(pieces, long)| {
            let text = pieces.concat();
            if long {
                text.replace("word", &"w".repeat(MAX_SENTENCE / 4))
            } else {
                text
            }
        })
}

proptest::proptest! {
    #[test]
    fn sentences_are_bounded_as_a_character_scan_bounds_them(
        text in prose(),
        at in any::<proptest::sample::Index>(),
    ) {
        let offset = floor_char_boundary(&text, at.index(text.len() + 1));
        proptest::prop_assert_eq!(
            sentence_start(&text, offset),
            sentence_start_by_chars(&text, offset),
            "start of {:?} at {}", text, offset
        );
        proptest::prop_assert_eq!(
            sentence_end(&text, offset),
            sentence_end_by_lines(&text, offset),
            "end of {:?} at {}", text, offset
        );
    }
}

/// What [`words`] returns, read a character at a time.
fn words_by_chars(segment: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in segment.char_indices().chain([(segment.len(), ' ')]) {
        match (start, c.is_alphanumeric() || c == '-') {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                out.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    out
}

proptest! {
    #[test]
    fn words_read_by_lanes_are_the_words_read_by_characters(
        pieces in proptest::collection::vec(proptest::sample::select(vec![
            "Kallas", "said", "-", "re-elect", " ", "  ", ",", ".", "\n", "“", "”", "’s",
            "Erdoğan", "9", "x", "é", "中", "—", "@", "[", "`", "{", "/", ":", "Z", "z",
        ]), 0..40),
    ) {
        let segment = pieces.concat();
        let found: Vec<(usize, usize)> = words(&segment).iter().map(|w| (w.start, w.end)).collect();
        prop_assert_eq!(found, words_by_chars(&segment));
        for w in words(&segment) {
            prop_assert_eq!(w.text, &segment[w.start..w.end]);
        }
    }
}
