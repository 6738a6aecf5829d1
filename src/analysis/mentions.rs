//! Where actors are mentioned: every name and alias of the registry matched in
//! one pass over a text, by one automaton built once per build.
//!
//! A mention starts a word, so the automaton is run, anchored, only from the
//! starts of words whose first byte can begin a name: a name inside a longer
//! word ("Ann Lee" in "McAnn Lee Kuan") can never hide one that starts at a
//! word after it. The rest of the text is passed over a byte at a time, by
//! table lookups without a branch per byte, and a word start whose first two
//! bytes begin no name is turned away before any walk.
//!
//! Matching is on whole words, longest match first ("Russia’s Security
//! Council" before "Russia"), tolerant of possessives ("Russia’s" is a mention
//! of Russia) and insensitive to diacritics and apostrophe style: names and
//! text are both folded ("Erdoğan" to "Erdogan", "’" to "'") before matching,
//! and offsets are mapped back to the original text. It is case-sensitive
//! unless the site relaxes it, so "Turkey" the country is not "turkey".

use std::collections::BTreeMap;

use aho_corasick::automaton::Automaton;
use aho_corasick::dfa::DFA;
use aho_corasick::{Anchored, MatchKind, StartKind};

use super::is_alphanumeric;
use crate::lanes::HIGH;
use crate::model::Actor;

/// One mention: actor `actor` (an index into the registry) at `start..end`
/// (byte offsets into the text that was searched).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mention {
    pub actor: usize,
    pub start: usize,
    pub end: usize,
}

/// The automaton over every name and alias of the registry.
pub struct Matcher {
    automaton: Option<DFA>,
    /// The actor each pattern belongs to.
    owners: Vec<usize>,
    /// Whether a (folded) name can start with each byte.
    first: [bool; 256],
    /// Whether a name can start with each pair of bytes, the first byte
    /// picking the row and the second the bit: most word starts that begin
    /// with a capital ("Officials", "Markets") are turned away here, without
    /// a walk of the automaton.
    pairs: Box<[[u64; 4]; 256]>,
}

impl Matcher {
    /// A matcher for `actors`; `case_sensitive` false also matches "turkey" for "Turkey".
    pub fn new(actors: &[Actor], case_sensitive: bool) -> Self {
        let mut patterns: BTreeMap<String, usize> = BTreeMap::new();
        for (i, actor) in actors.iter().enumerate() {
            for name in std::iter::once(&actor.name).chain(&actor.aliases) {
                let name = fold(name.trim()).text.into_owned();
                // "the Kremlin" also opens a sentence as "The Kremlin".
                let mut chars = name.chars();
                let capitalized = chars
                    .next()
                    .filter(|c| c.is_lowercase())
                    .map(|c| c.to_uppercase().collect::<String>() + chars.as_str());
                for name in std::iter::once(name).chain(capitalized) {
                    if !name.is_empty() {
                        // Of two actors claiming one name, the first by id keeps it.
                        patterns.entry(name).or_insert(i);
                    }
                }
            }
        }
        let owners = patterns.values().copied().collect();
        let cases = |b: u8| {
            let b = [b, b.to_ascii_lowercase(), b.to_ascii_uppercase()];
            b.into_iter().take(if case_sensitive { 1 } else { 3 })
        };
        let mut first = [false; 256];
        let mut pairs = Box::new([[0u64; 4]; 256]);
        for name in patterns.keys() {
            let bytes = name.as_bytes();
            for b0 in cases(bytes[0]) {
                first[usize::from(b0)] = true;
                let row = &mut pairs[usize::from(b0)];
                match bytes.get(1) {
                    Some(&b1) => {
                        for b1 in cases(b1) {
                            row[usize::from(b1 / 64)] |= 1 << (b1 % 64);
                        }
                    }
                    // A one-byte name: any byte may follow.
                    None => *row = [u64::MAX; 4],
                }
            }
        }
        let automaton = (!patterns.is_empty()).then(|| {
            // A DFA: built once per build, it makes each search a table walk.
            DFA::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .start_kind(StartKind::Anchored)
                .ascii_case_insensitive(!case_sensitive)
                .build(patterns.keys())
                .expect("names of the registry make a valid automaton")
        });
        Matcher {
            automaton,
            owners,
            first,
            pairs,
        }
    }

    /// The first offset from `at` in `bytes` where a word may start with
    /// the first byte of a name: that byte follows the start of the text,
    /// an ASCII byte that is not a letter or digit, or a non-ASCII byte (the
    /// caller decodes the character it ends). The test is a table lookup on
    /// each byte and its predecessor, with no branch per byte.
    fn next_candidate(&self, bytes: &[u8], at: usize) -> Option<usize> {
        if at == 0 && bytes.first().is_some_and(|&b| self.first[usize::from(b)]) {
            return Some(0);
        }
        let from = at.max(1);
        let pairs = bytes.get(from - 1..)?.iter().zip(bytes.get(from..)?);
        let skip = pairs
            .map(|(&before, &b)| NOT_IN_WORD[usize::from(before)] & self.first[usize::from(b)])
            .position(|candidate| candidate)?;
        Some(from + skip)
    }

    /// Whether a name may start at `start` of `bytes`, going by its first
    /// two bytes (a name can end the text after its first byte only if it
    /// has one byte).
    fn may_start(&self, bytes: &[u8], start: usize) -> bool {
        let row = &self.pairs[usize::from(bytes[start])];
        match bytes.get(start + 1) {
            Some(&b) => row[usize::from(b / 64)] & (1 << (b % 64)) != 0,
            None => *row == [u64::MAX; 4],
        }
    }

    /// Every whole-word mention in `text`, in order.
    pub fn find(&self, text: &str) -> Vec<Mention> {
        let Some(dfa) = &self.automaton else {
            return Vec::new();
        };
        let folded = fold(text);
        let (text, bytes) = (folded.text.as_ref(), folded.text.as_bytes());
        let mut mentions = Vec::new();
        let mut at = 0;
        while let Some(start) = self.next_candidate(bytes, at) {
            at = start + 1;
            // `next_candidate` saw no ASCII letter or digit before `start`;
            // a non-ASCII character there is decoded here.
            if !self.may_start(bytes, start) || word_char_before(text, start) {
                continue;
            }
            let Some((pattern, end)) = longest_at(dfa, bytes, start) else {
                continue;
            };
            if !word_char_at(text, end) {
                mentions.push(Mention {
                    actor: self.owners[pattern],
                    start: folded.original(start),
                    end: folded.original(end),
                });
                at = end;
            }
        }
        mentions
    }

    /// How often each actor (by index) is mentioned in `text`.
    pub fn count(&self, text: &str) -> BTreeMap<usize, usize> {
        let mut counts = BTreeMap::new();
        for m in self.find(text) {
            *counts.entry(m.actor).or_insert(0) += 1;
        }
        counts
    }
}

/// Text folded for matching, with the way back to the original offsets.
struct Folded<'a> {
    text: std::borrow::Cow<'a, str>,
    /// Where folding changed the length: from folded offset `.0` on, the
    /// original offset is the folded one plus `.1`. Sorted; empty when
    /// folding changed no length.
    shifts: Vec<(usize, isize)>,
}

impl Folded<'_> {
    fn original(&self, offset: usize) -> usize {
        let i = self.shifts.partition_point(|(at, _)| *at <= offset);
        match i {
            0 => offset,
            _ => offset.saturating_add_signed(self.shifts[i - 1].1),
        }
    }
}

/// Folds diacritics to their base letters and curly apostrophes to straight ones.
///
/// Text where nothing folds (all ASCII, or only marks like “ ” and —) is
/// borrowed as it is; otherwise ASCII runs are copied whole.
fn fold(text: &str) -> Folded<'_> {
    let unchanged = Folded {
        text: text.into(),
        shifts: Vec::new(),
    };
    let Some(first) =
        non_ascii(text, 0).find(|&i| text[i..].chars().next().and_then(fold_char).is_some())
    else {
        return unchanged;
    };
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..first]);
    let mut shifts = Vec::new();
    let mut shift = 0isize;
    let mut at = first;
    while at < text.len() {
        // Copy the run up to the next non-ASCII character in one go.
        let run = non_ascii(text, at).next().unwrap_or(text.len());
        out.push_str(&text[at..run]);
        at = run;
        let Some(c) = text[at..].chars().next() else {
            break;
        };
        match fold_char(c) {
            Some(folded) => out.push_str(folded),
            None => out.push(c),
        }
        at += c.len_utf8();
        let now = at as isize - out.len() as isize;
        if now != shift {
            shift = now;
            shifts.push((out.len(), shift));
        }
    }
    Folded {
        text: out.into(),
        shifts,
    }
}

/// The offsets of the non-ASCII characters of `text` from `from`: ASCII
/// runs, most of a text, are passed over eight bytes at a time.
fn non_ascii(text: &str, from: usize) -> impl Iterator<Item = usize> + '_ {
    let bytes = text.as_bytes();
    let mut at = from;
    std::iter::from_fn(move || {
        let i = at + first_non_ascii(bytes.get(at..)?)?;
        // Past the whole character: its continuation bytes are not ASCII either.
        at = i + text[i..].chars().next().map_or(1, char::len_utf8);
        Some(i)
    })
}

/// The offset of the first byte of `bytes` that is not ASCII (its high bit
/// set), read eight bytes at a time.
fn first_non_ascii(bytes: &[u8]) -> Option<usize> {
    let mut at = 0;
    while let Some(&lane) = bytes[at..].first_chunk::<8>() {
        let high = u64::from_le_bytes(lane) & HIGH;
        if high != 0 {
            return Some(at + high.trailing_zeros() as usize / 8);
        }
        at += 8;
    }
    bytes[at..]
        .iter()
        .position(|b| !b.is_ascii())
        .map(|i| at + i)
}

/// The ASCII form of a letter with diacritics, or of a typographic apostrophe.
fn fold_char(c: char) -> Option<&'static str> {
    match c {
        '\u{2019}' | '\u{2018}' | '\u{02bc}' => Some("'"),
        // Dashes, quotation marks and spaces, the commonest non-ASCII of news text.
        '\u{2000}'..='\u{206f}' => None,
        c if c.is_alphabetic() && !c.is_ascii() => deunicode::deunicode_char(c).filter(|s| {
            !s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_alphabetic())
        }),
        _ => None,
    }
}

/// The longest name that starts at `start` of `bytes`: its pattern and end.
/// (The automaton's own anchored search does the same walk, with more setup
/// per call than a walk of a few bytes from a word start should carry.)
fn longest_at(dfa: &DFA, bytes: &[u8], start: usize) -> Option<(usize, usize)> {
    let mut state = dfa
        .start_state(Anchored::Yes)
        .expect("the automaton is built for anchored searches");
    let mut longest = None;
    for (end, &b) in (start + 1..).zip(&bytes[start..]) {
        state = dfa.next_state(Anchored::Yes, state, b);
        if dfa.is_special(state) {
            if dfa.is_dead(state) {
                break;
            }
            if dfa.is_match(state) {
                let pattern = dfa.match_pattern(state, 0);
                // Only names that start at `start` count (an anchored walk
                // reports no other, but the check costs nothing).
                if end - dfa.pattern_len(pattern) == start {
                    longest = Some((pattern.as_usize(), end));
                }
            }
        }
    }
    longest
}

/// For each byte, whether a word may start after it: ASCII other than letters
/// and digits, and the last byte of a non-ASCII character (which may or may
/// not be a letter).
const NOT_IN_WORD: [bool; 256] = {
    let mut table = [true; 256];
    let mut b = 0;
    while b < 128 {
        table[b] = !(b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    table
};

/// Whether the character before `at` of `text` is a letter or digit, so that
/// a word cannot start at `at`.
fn word_char_before(text: &str, at: usize) -> bool {
    text[..at].chars().next_back().is_some_and(is_alphanumeric)
}

/// Whether the character at `at` of `text` is a letter or digit, so that a
/// word cannot end at `at`.
fn word_char_at(text: &str, at: usize) -> bool {
    text[at..].chars().next().is_some_and(is_alphanumeric)
}

#[cfg(test)]
mod tests;
