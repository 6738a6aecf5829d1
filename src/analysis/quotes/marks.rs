//! Finding quotation marks and pairing them into quotes.

use std::ops::Range;

use super::QuoteWords;

/// A quotation found in a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Span {
    /// The whole quote, marks included.
    pub outer: Range<usize>,
    /// The quoted words of each paragraph, marks excluded.
    pub parts: Vec<Range<usize>>,
}

impl Span {
    /// The quoted words, paragraphs joined by a line break.
    pub fn words(&self, text: &str) -> QuoteWords {
        let trimmed = |r: &Range<usize>| {
            let part = &text[r.clone()];
            let start = r.start + (part.len() - part.trim_start().len());
            start..start + part.trim().len()
        };
        if let [part] = self.parts.as_slice() {
            return QuoteWords::In(trimmed(part));
        }
        let joined: Vec<&str> = self.parts.iter().map(|r| &text[trimmed(r)]).collect();
        QuoteWords::Joined(joined.join("\n").into_boxed_str())
    }

    /// The last character inside the quote that is not a space.
    pub fn last_inner_char(&self, text: &str) -> Option<char> {
        let last = self.parts.last()?;
        text[last.clone()].trim_end().chars().next_back()
    }
}

/// The closing mark for an opening one, if `c` opens a quote.
fn closer(c: char) -> Option<&'static [char]> {
    match c {
        '“' => Some(&['”']),
        '„' => Some(&['“', '”']),
        '«' => Some(&['»']),
        '‘' => Some(&['’']),
        '"' => Some(&['"']),
        _ => None,
    }
}

fn is_opening_context(before: Option<char>) -> bool {
    match before {
        None => true,
        Some(c) => {
            c.is_whitespace()
                || matches!(c, '(' | '[' | '—' | '–' | '-' | '/' | ':' | '“' | '‘' | '"')
        }
    }
}

/// Returns true if and only if the mark at `at` can open a quote.
fn can_open(text: &str, at: usize, mark: char) -> bool {
    let before = text[..at].chars().next_back();
    let after = text[at + mark.len_utf8()..].chars().next();
    let followed_by_text = after.is_some_and(|c| !c.is_whitespace());
    match mark {
        // An inch mark follows a digit; an opening quote never does.
        '"' => followed_by_text && is_opening_context(before),
        '‘' => followed_by_text && is_opening_context(before),
        // Guillemets and curly doubles open wherever they stand.
        _ => after.is_some(),
    }
}

/// Returns true if and only if `mark` at `at` closes a quote rather than being
/// an apostrophe (for ’) or an opening mark.
fn can_close(text: &str, at: usize, mark: char) -> bool {
    let before = text[..at].chars().next_back();
    let after = text[at + mark.len_utf8()..].chars().next();
    let preceded_by_text = before.is_some_and(|c| !c.is_whitespace());
    match mark {
        // An apostrophe has a letter on both sides (don’t) or starts a word (’90s).
        '’' => preceded_by_text && !after.is_some_and(char::is_alphanumeric),
        '"' => preceded_by_text && !after.is_some_and(char::is_alphanumeric),
        _ => true,
    }
}

/// How far past an apostrophe-like ’ to look for the real end of the quote.
const LOOKAHEAD: usize = 1000;

/// Returns true if and only if the ’ at `at` is more likely an apostrophe
/// than the end of a quote: it ends a plural possessive or a clipped word
/// ("the allies’ patience", "rock ’n’ roll") and a ’ that can only close
/// comes later in the paragraph, before any new quote opens.
fn closes_too_early(text: &str, at: usize, mark: char) -> bool {
    if mark != '’' || !may_be_apostrophe(text, at) {
        return false;
    }
    let from = at + mark.len_utf8();
    let rest = &text[from..];
    let paragraph = &rest[..rest.find('\n').unwrap_or(rest.len())];
    for (i, c) in paragraph.char_indices().take_while(|&(i, _)| i < LOOKAHEAD) {
        if c == '‘' && can_open(text, from + i, c) {
            return false;
        }
        if c == '’' && can_close(text, from + i, c) && !may_be_apostrophe(text, from + i) {
            return true;
        }
    }
    false
}

/// Returns true if and only if the ’ at `at`, followed by a space, may still
/// be an apostrophe: after a plural ("allies’") or a clipped word ("’n’").
fn may_be_apostrophe(text: &str, at: usize) -> bool {
    let word = text[..at]
        .rsplit(|c: char| !c.is_alphanumeric() && c != '’')
        .next()
        .unwrap_or("");
    let clipped = word.starts_with('’') && word.chars().count() <= 3;
    let plural = word.ends_with('s') && !word.starts_with('’');
    clipped || plural
}

/// The next byte at or after `from` that may start a quotation mark or end
/// a paragraph: `"`, a line break, or the lead byte of “ ” „ « » ‘ ’. Every
/// other byte can be skipped without decoding.
fn next_candidate(text: &str, from: usize) -> Option<usize> {
    let bytes = text.as_bytes().get(from..)?;
    let at = memchr::memchr3(b'"', 0xE2, 0xC2, bytes);
    let line = memchr::memchr(b'\n', &bytes[..at.unwrap_or(bytes.len())]);
    line.or(at).map(|i| from + i)
}

/// Every top-level quote of `text`, in order.
pub fn find(text: &str) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut at = 0;
    while let Some(next) = next_candidate(text, at) {
        at = next;
        let Some(c) = text[at..].chars().next() else {
            break;
        };
        if let Some(closers) = closer(c).filter(|_| can_open(text, at, c)) {
            if let Some(span) = close(text, at, c, closers) {
                at = span.outer.end;
                spans.push(span);
                continue;
            }
        }
        at += c.len_utf8();
    }
    spans
}

/// The quote opened by `mark` at `start`, if it closes: on the same paragraph,
/// or on a later one that it runs into, each paragraph reopening with `mark`.
fn close(text: &str, start: usize, mark: char, closers: &[char]) -> Option<Span> {
    let mut parts = Vec::new();
    let mut part_start = start + mark.len_utf8();
    let mut at = part_start;
    // Marks nested inside this quote, waiting for their closer.
    let mut nested: Vec<&'static [char]> = Vec::new();
    while at < text.len() {
        at = next_candidate(text, at)?;
        let c = text[at..].chars().next()?;
        if c == '\n' {
            // A paragraph ends inside the quote: news style reopens the next
            // paragraph with the same mark and closes only at the end.
            let next = text[at..]
                .find(|ch: char| !ch.is_whitespace())
                .map(|i| at + i)?;
            if !text[at..next].contains('\n')
                || !text[next..].starts_with(mark)
                || !nested.is_empty()
            {
                return None;
            }
            parts.push(part_start..at);
            part_start = next + mark.len_utf8();
            at = part_start;
            continue;
        }
        if closers.contains(&c) && can_close(text, at, c) && !closes_too_early(text, at, c) {
            // The outer closer ends the quote, whatever nested marks were left open.
            parts.push(part_start..at);
            return Some(Span {
                outer: start..at + c.len_utf8(),
                parts,
            });
        }
        if nested.last().is_some_and(|inner| inner.contains(&c)) && can_close(text, at, c) {
            nested.pop();
        } else if let Some(more) = closer(c).filter(|_| c != mark && can_open(text, at, c)) {
            nested.push(more);
        }
        at += c.len_utf8();
    }
    None
}
