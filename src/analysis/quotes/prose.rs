//! Reading news prose without a parser: words, sentences, clauses, asides
//! and names the registry does not know.
//!
//! Every function takes byte offsets on character boundaries and returns
//! offsets on character boundaries, whatever the input.

use std::ops::Range;

use crate::analysis::is_alphanumeric;
use crate::analysis::mentions::Mention;
use crate::diagnostic::floor_char_boundary;
use crate::lanes::{HIGH, alphanumeric, equal};

#[cfg(test)]
mod tests;

/// The longest sentence or paragraph looked through, in bytes: past it a
/// "sentence" is no sentence, and reading stops so that attribution stays
/// linear in the length of the text.
pub const MAX_SENTENCE: usize = 3000;

/// Marks that may close a sentence after its stop: `“… end.”`, `(… end.)`.
const CLOSING_MARKS: [char; 5] = ['”', '’', '"', '»', ')'];

/// Returns true if and only if `c` is a stop that ends a sentence or one of
/// the [`CLOSING_MARKS`] after it.
fn is_sentence_mark(c: char) -> bool {
    matches!(c, '.' | '?' | '!') || CLOSING_MARKS.contains(&c)
}

/// Abbreviations whose period does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "Gen", "Sen", "Rep", "St", "Jr", "Lt", "Col", "Gov", "Prof", "No",
    "vs", "Maj", "Capt", "Adm", "Sgt", "Rev", "Hon", "Pres", "Amb",
];

/// Prepositions: a name right after one is not the subject of the clause.
const PREPOSITIONS: &[&str] = &[
    "on", "in", "to", "with", "of", "from", "at", "by", "for", "about", "against", "into",
    "towards", "toward", "over", "between", "among", "meet", "met", "meeting", "visit", "visited",
    "visiting",
];

/// Capitalised words of dates, never part of a title ("on Tuesday Zelenskyy said").
#[rustfmt::skip]
const CALENDAR: &[&str] = &[
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January",
    "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December",
];

/// Words that open an aside set off by commas or dashes ("Lavrov, who met
/// Fidan, said"; "Kallas, the EU's foreign policy chief, said").
const ASIDE_OPENERS: &[&str] = &[
    "who",
    "whose",
    "whom",
    "which",
    "where",
    "a",
    "an",
    "the",
    "for",
    "speaking",
    "standing",
    "sitting",
    "writing",
    "like",
    "himself",
    "herself",
    "then",
    "now",
    "currently",
    "formerly",
    "once",
    "also",
    "along",
    "together",
    "accompanied",
    "flanked",
    "as",
];

/// A word of a segment, with its byte range in the segment.
pub struct Word<'a> {
    pub text: &'a str,
    pub start: usize,
    pub end: usize,
}

impl Word<'_> {
    /// Returns true if and only if the word is one of `list`, ignoring the
    /// capital a sentence start gives it.
    pub fn is_one_of(&self, list: &[&str]) -> bool {
        list.iter().any(|w| w.eq_ignore_ascii_case(self.text))
    }

    /// Returns true if and only if the word looks like part of a name:
    /// a capital, then lower case ("Nowak", not "TASS" or "said").
    fn is_capitalised(&self) -> bool {
        let mut chars = self.text.chars();
        chars.next().is_some_and(char::is_uppercase)
            && self.text.len() > 1
            && chars.all(|c| c.is_lowercase() || c == '-')
    }
}

/// The words of `segment`: runs of letters, digits and hyphens.
///
/// ASCII, most of any text, is read eight bytes at a time: only the bytes
/// where a word starts or ends are looked at one by one.
pub fn words(segment: &str) -> Vec<Word<'_>> {
    // Room for a word every six bytes, about what English prose has: the
    // list is rarely grown while it is filled.
    let mut words = Words {
        segment,
        out: Vec::with_capacity(segment.len() / 6 + 1),
        start: None,
    };
    let bytes = segment.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        if let Some(&lane) = bytes[at..].first_chunk::<8>() {
            let lane = u64::from_le_bytes(lane);
            if lane & HIGH == 0 {
                let in_word = alphanumeric(lane) | equal(lane, b'-');
                let before = in_word << 8 | u64::from(words.start.is_some()) << 7;
                let mut changes = in_word ^ before;
                while changes != 0 {
                    words.toggle(at + changes.trailing_zeros() as usize / 8);
                    changes &= changes - 1;
                }
                at += 8;
                continue;
            }
        }
        // The text's last bytes, or a lane holding a character that is not
        // ASCII: a character at a time, to the lane's end.
        let end = floor_char_boundary(segment, (at + 8).min(bytes.len()));
        for (i, c) in segment[at..end].char_indices() {
            let in_word = is_alphanumeric(c) || c == '-';
            if in_word != words.start.is_some() {
                words.toggle(at + i);
            }
        }
        at = end;
    }
    if words.start.is_some() {
        words.toggle(bytes.len());
    }
    words.out
}

/// [`words`] as it fills its list.
struct Words<'a> {
    segment: &'a str,
    out: Vec<Word<'a>>,
    /// Where the word being read started.
    start: Option<usize>,
}

impl Words<'_> {
    /// A word starts at `at`, or the word being read ends there.
    fn toggle(&mut self, at: usize) {
        match self.start.take() {
            Some(start) => self.out.push(Word {
                text: &self.segment[start..at],
                start,
                end: at,
            }),
            None => self.start = Some(at),
        }
    }
}

/// The sentence that holds `offset`.
pub fn sentence_around(text: &str, offset: usize) -> Range<usize> {
    sentence_start(text, offset)..sentence_end(text, offset)
}

/// Where the sentence holding `offset` starts: after a sentence end or a line break.
pub fn sentence_start(text: &str, offset: usize) -> usize {
    let floor = back(text, offset, MAX_SENTENCE);
    let bytes = text.as_bytes();
    let line_start = memchr::memrchr(b'\n', &bytes[floor..offset]).map_or(floor, |i| floor + i + 1);
    // A sentence ends at the white space after a stop and the closing marks
    // after it: only the stops are looked at, the last first.
    let mut before = offset;
    while let Some(i) = memchr::memrchr3(b'.', b'?', b'!', &bytes[line_start..before]) {
        let mark = line_start + i;
        let after = &text[mark + 1..offset];
        let at = offset - after.trim_start_matches(CLOSING_MARKS).len();
        if let Some(space) = text[at..offset]
            .chars()
            .next()
            .filter(|c| c.is_whitespace())
            && ends_sentence(text, at)
        {
            return at + space.len_utf8();
        }
        before = mark;
    }
    line_start
}

/// Where the sentence holding `offset` ends: at a sentence end or a line break.
pub fn sentence_end(text: &str, offset: usize) -> usize {
    let ceiling = forward(text, offset, MAX_SENTENCE);
    let bytes = text.as_bytes();
    // A sentence ends at the space after a full stop, question or
    // exclamation mark and the closing marks after it: only those marks
    // are looked at, from those right before `offset` on (a quote's own
    // stop, before its closing mark, ends its sentence). A line break ends
    // it too: the text is searched for one only up to each mark, as a
    // paragraph is often one long line.
    let mut from = text[..offset].trim_end_matches(is_sentence_mark).len();
    // No line break from `offset` up to here.
    let mut clear = offset;
    while let Some(i) = memchr::memchr3(b'.', b'?', b'!', &bytes[from..ceiling]) {
        let mark = from + i;
        if let Some(i) = memchr::memchr(b'\n', &bytes[clear..mark.max(clear)]) {
            return clear + i;
        }
        let after = &text[mark + 1..ceiling];
        let at = ceiling - after.trim_start_matches(CLOSING_MARKS).len();
        // A line break there ends the sentence either way: it is found at
        // the next mark, or after the last.
        let space = text[at..ceiling]
            .chars()
            .next()
            .is_some_and(char::is_whitespace);
        if space && ends_sentence(text, at) {
            return at;
        }
        clear = clear.max(at);
        from = mark + 1;
    }
    memchr::memchr(b'\n', &bytes[clear..ceiling]).map_or(ceiling, |i| clear + i)
}

/// Where the paragraph holding `offset` starts (at most [`MAX_SENTENCE`]
/// bytes back: a longer paragraph is cut there).
pub fn paragraph_start(text: &str, offset: usize) -> usize {
    let floor = back(text, offset, MAX_SENTENCE);
    text[floor..offset]
        .rfind('\n')
        .map_or(floor, |i| floor + i + 1)
}

/// At most the last `max` bytes of `text` before `at`, cut on a character boundary.
pub fn tail(text: &str, at: usize, max: usize) -> &str {
    &text[back(text, at, max)..at]
}

/// The character boundary at most `max` bytes before `at`.
pub fn back(text: &str, at: usize, max: usize) -> usize {
    let mut from = at.saturating_sub(max);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    from
}

/// The character boundary at most `max` bytes after `at`.
fn forward(text: &str, at: usize, max: usize) -> usize {
    floor_char_boundary(text, at.saturating_add(max).min(text.len()))
}

/// Returns true if and only if the text before `at` ends a sentence: a full
/// stop, question or exclamation mark (perhaps inside a closing quote), not
/// after an abbreviation or an initial.
fn ends_sentence(text: &str, at: usize) -> bool {
    // Most words end in none of the marks.
    if !text[..at].chars().next_back().is_some_and(is_sentence_mark) {
        return false;
    }
    let before = text[..at].trim_end_matches(CLOSING_MARKS);
    let Some(last) = before.chars().next_back() else {
        return false;
    };
    if last == '?' || last == '!' {
        return true;
    }
    if last != '.' {
        return false;
    }
    let head = &before[..before.len() - 1];
    let word_start = head
        .char_indices()
        .rev()
        .find(|&(_, c)| !c.is_alphanumeric() && c != '.')
        .map_or(0, |(i, c)| i + c.len_utf8());
    let word = &head[word_start..];
    // "U.S." or a single initial ("J. Smith").
    let mut chars = word.chars();
    let initial = chars.next().is_some_and(char::is_uppercase) && chars.next().is_none();
    let initials = initial || word.contains('.');
    !(initials || ABBREVIATIONS.contains(&word))
}

/// Where the clause holding `offset` starts: after ", while", "; " or the
/// sentence start.
pub fn clause_start(text: &str, sentence_start: usize, offset: usize) -> usize {
    const SEPARATORS: [&str; 5] = [", while ", " while ", "; ", ", whereas ", " — "];
    const LONGEST: usize = 10;
    let head = &text.as_bytes()[sentence_start..offset];
    // The separator that ends last, looked for from the end.
    let mut end = None;
    for at in (0..head.len()).rev() {
        if end.is_some_and(|end| at + LONGEST <= end) {
            break;
        }
        if matches!(head[at], b',' | b' ' | b';') {
            let found = SEPARATORS
                .iter()
                .filter(|sep| head[at..].starts_with(sep.as_bytes()))
                .map(|sep| at + sep.len())
                .max();
            end = end.max(found);
        }
    }
    sentence_start + end.unwrap_or(0)
}

/// Words that open a subordinate clause before the main one ("When
/// Zelenskyy arrived, Kallas was waiting").
const SUBORDINATORS: &[&str] = &[
    "when", "after", "before", "as", "while", "although", "though", "if", "since", "because",
    "once", "until", "whereas", "whether",
];

/// Where the main clause of the sentence `start..end` starts: past a
/// subordinate clause that opens it and ends at a comma.
pub fn main_clause_start(text: &str, start: usize, end: usize) -> usize {
    let sentence = &text[start..end];
    let opens_subordinate = words(sentence)
        .first()
        .is_some_and(|w| w.is_one_of(SUBORDINATORS));
    match sentence.find(',') {
        Some(comma) if opens_subordinate => start + comma + 1,
        _ => start,
    }
}

/// Where the attribution after a quote ends: the sentence end, or the next quote.
pub fn clause_end(text: &str, start: usize) -> usize {
    let end = sentence_end(text, start);
    text[start..end]
        .find(['“', '"', '‘', '«', '„'])
        .map_or(end, |i| start + i)
}

/// Where the phrase that ends at `end` starts: after the last punctuation
/// mark since `start` ("MOSCOW, June 3 (Wire) - The Kremlin").
pub fn phrase_start(text: &str, start: usize, end: usize) -> usize {
    text[start..end]
        .char_indices()
        .rfind(|(_, c)| is_phrase_break(*c))
        .map_or(start, |(i, c)| start + i + c.len_utf8())
}

/// Returns true if and only if `c` ends a phrase: punctuation inside a sentence.
fn is_phrase_break(c: char) -> bool {
    matches!(c, ',' | ';' | ':' | '(' | ')' | '-' | '—' | '–')
}

/// Returns true if and only if `head` (the clause up to a name) ends in a
/// preposition (or a verb that takes the name as its object), perhaps
/// followed by an article or a title: "on the Kremlin", "an aide to
/// President Vladimir Putin", "after meeting European Council President
/// Antonio Costa"; but not "according to X", which names a source.
pub fn after_preposition(head: &str) -> bool {
    let phrase = &head[phrase_start(head, 0, head.len())..];
    let words = words(phrase);
    let mut i = words.len();
    // Past the capitalised words of a title ("Secretary of State"), then the article.
    while i > 0 {
        let w = &words[i - 1];
        let title_of = w.text == "of" && i >= 2 && words[i - 2].is_capitalised();
        if (w.is_capitalised() && !w.is_one_of(CALENDAR)) || title_of {
            i -= 1;
        } else {
            break;
        }
    }
    if i > 0 && words[i - 1].text == "the" {
        i -= 1;
    }
    // "according to X" names a source, as a subject does.
    let source = i >= 2 && words[i - 1].text == "to" && words[i - 2].is_one_of(&["according"]);
    !source
        && i.checked_sub(1)
            .is_some_and(|i| PREPOSITIONS.contains(&words[i].text))
}

/// How many of `words` (of `segment`) come before an aside that ends the
/// segment: 3 in "The Ukrainian president, for his part," — the subject
/// before a verb, without what was put in between.
pub fn before_trailing_aside(segment: &str, words: &[Word<'_>]) -> usize {
    const MARKS: [char; 3] = [',', '—', '–'];
    let head = segment.trim_end();
    let open = head
        .strip_suffix(MARKS)
        .and_then(|inner| inner.rfind(MARKS));
    let Some(open) = open else {
        return words.len();
    };
    let aside = self::words(&head[open..]);
    let opened = aside.first().is_some_and(|w| {
        w.is_one_of(ASIDE_OPENERS) || w.text.starts_with(|c: char| c.is_ascii_digit())
    });
    if opened {
        words.iter().take_while(|w| w.end <= open).count()
    } else {
        words.len()
    }
}

/// Returns true if and only if `at` lies in an aside of the clause
/// `start..end`, set off by commas or dashes and opened by a relative
/// pronoun, an article or a participle: "Lavrov, who met Hakan Fidan, said",
/// "Ushakov, an aide to President Putin, said". Names in an aside are not
/// the subject of the clause.
pub fn in_aside(text: &str, start: usize, at: usize, end: usize) -> bool {
    const MARKS: [char; 3] = [',', '—', '–'];
    let Some(open) = text[start..at].rfind(MARKS).map(|i| start + i) else {
        return false;
    };
    if !text[at..end].contains(MARKS) {
        return false;
    }
    let opened = words(&text[open..at]);
    opened.first().is_some_and(|w| {
        w.is_one_of(ASIDE_OPENERS) || w.text.starts_with(|c: char| c.is_ascii_digit())
    })
}

/// The mention of `mentions` (in order, not overlapping) that covers byte `at`.
pub fn mention_at(mentions: &[Mention], at: usize) -> Option<&Mention> {
    let i = mentions.partition_point(|m| m.start <= at);
    i.checked_sub(1)
        .map(|i| &mentions[i])
        .filter(|m| at < m.end)
}

/// Returns true if and only if `range` of `text` holds what looks like the
/// name of a person the registry does not know: a run of two or more
/// capitalised words outside quotes, not a title leading into a known name
/// ("Prime Minister Donald Tusk"), not a place or body after "the" or a
/// preposition ("in Downing Street", "the Senate Foreign Relations
/// Committee"); at a sentence start only when a comma follows ("Marek
/// Nowak, 54, said").
pub fn has_unknown_name(text: &str, range: Range<usize>, mentions: &[Mention]) -> bool {
    let segment = &text[range.clone()];
    let ws = words(segment);
    let mut i = 0;
    while i < ws.len() {
        let mut j = i;
        while j + 1 < ws.len()
            && ws[j].is_capitalised()
            && ws[j + 1].is_capitalised()
            && segment[ws[j].end..ws[j + 1].start] == *" "
        {
            j += 1;
        }
        if j > i && is_unknown_run(text, range.start, &ws[i..=j], mentions) {
            return true;
        }
        i = j + 1;
    }
    false
}

/// Whether the run of capitalised words `run` (offsets from `base`) is a
/// name the registry does not know; see [`has_unknown_name`].
fn is_unknown_run(text: &str, base: usize, run: &[Word<'_>], mentions: &[Mention]) -> bool {
    let (start, end) = (base + run[0].start, base + run[run.len() - 1].end);
    // A title before a known name, or a name the registry knows: mentions
    // are in order and do not overlap, so the last one starting by the end.
    let i = mentions.partition_point(|m| m.start <= end + 1);
    let touches_mention = i.checked_sub(1).is_some_and(|i| start < mentions[i].end);
    let head = &text[..start];
    let previous = head
        .rsplit(|c: char| !c.is_alphanumeric())
        .find(|w| !w.is_empty());
    let after_article_or_preposition =
        previous.is_some_and(|w| w.eq_ignore_ascii_case("the") || PREPOSITIONS.contains(&w));
    let trimmed = head.trim_end();
    let at_sentence_start = trimmed.is_empty()
        || head[trimmed.len()..].contains('\n')
        || ends_sentence(text, trimmed.len());
    let inside_quote = trimmed.ends_with(['“', '"', '‘']);
    let apposition = text[end..].starts_with(',');
    !touches_mention
        && !after_article_or_preposition
        && !inside_quote
        && (!at_sentence_start || apposition)
}
