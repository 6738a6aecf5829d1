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
//! text are both folded ("Erdoğan" to "Erdogan", "’" to "'"): the names once,
//! when the automaton is built, and the text as it is walked, a character
//! past ASCII at a time, so that offsets are into the original text and the
//! text is never copied. It is case-sensitive
//! unless the site relaxes it, so "Turkey" the country is not "turkey".

use std::collections::BTreeMap;

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::dfa::DFA;
use aho_corasick::{Anchored, MatchKind, StartKind};

use super::is_alphanumeric;
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
                let name = fold(name.trim());
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
        // A character past ASCII may fold to the first letter of a name: the
        // walk decodes it.
        first[0xC0..].fill(!patterns.is_empty());
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
    /// has one byte). A character past ASCII in them is left to the walk,
    /// which folds it.
    fn may_start(&self, bytes: &[u8], start: usize) -> bool {
        let row = &self.pairs[usize::from(bytes[start])];
        match bytes.get(start + 1) {
            _ if !bytes[start].is_ascii() => true,
            Some(&b) if !b.is_ascii() => true,
            Some(&b) => row[usize::from(b / 64)] & (1 << (b % 64)) != 0,
            None => *row == [u64::MAX; 4],
        }
    }

    /// Every whole-word mention in `text`, in order.
    pub fn find(&self, text: &str) -> Vec<Mention> {
        let Some(dfa) = &self.automaton else {
            return Vec::new();
        };
        let bytes = text.as_bytes();
        let mut mentions = Vec::new();
        let mut at = 0;
        while let Some(start) = self.next_candidate(bytes, at) {
            at = start + 1;
            // `next_candidate` saw no ASCII letter or digit before `start`;
            // a non-ASCII character there is decoded here.
            if !self.may_start(bytes, start) || word_char_before(text, start) {
                continue;
            }
            let Some((pattern, end)) = longest_at(dfa, text, start) else {
                continue;
            };
            if !word_char_at(text, end) {
                mentions.push(Mention {
                    actor: self.owners[pattern],
                    start,
                    end,
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

/// `name` with diacritics folded to their base letters and curly
/// apostrophes to straight ones, as the text is folded when it is walked.
fn fold(name: &str) -> String {
    let mut folded = String::with_capacity(name.len());
    for c in name.chars() {
        match fold_char(c) {
            Some(f) => folded.push_str(f),
            None => folded.push(c),
        }
    }
    folded
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

/// The longest name that starts at `start` of `text`: its pattern and end.
/// The text is folded as it is walked: ASCII a byte at a time, and each
/// character past it as [`fold_char`] folds it. A name that ends inside a
/// folded character ("Stras" in "Straße") is followed by the rest of its
/// letters, so it ends no word: it is the longest only to be turned away.
/// (The automaton's own anchored search does the same walk on bytes, with
/// more setup per call than a walk of a few bytes from a word start should
/// carry.)
fn longest_at(dfa: &DFA, text: &str, start: usize) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut state = dfa
        .start_state(Anchored::Yes)
        .expect("the automaton is built for anchored searches");
    // The longest name so far and where it ends, `None` inside a character.
    let mut longest = None;
    let mut at = start;
    'walk: while let Some(&b) = bytes.get(at) {
        if b.is_ascii() {
            at += 1;
            match step(dfa, &mut state, b) {
                Step::Dead => break,
                Step::Match(pattern) => longest = Some((pattern, Some(at))),
                Step::On => {}
            }
            continue;
        }
        let Some(c) = text[at..].chars().next() else {
            break;
        };
        let next = at + c.len_utf8();
        let piece = fold_char(c).map_or(&bytes[at..next], str::as_bytes);
        for (i, &b) in piece.iter().enumerate() {
            match step(dfa, &mut state, b) {
                Step::Dead => break 'walk,
                Step::Match(pattern) => {
                    longest = Some((pattern, (i + 1 == piece.len()).then_some(next)));
                }
                Step::On => {}
            }
        }
        at = next;
    }
    longest.and_then(|(pattern, end)| Some((pattern, end?)))
}

/// What one byte does to a walk of the automaton.
enum Step {
    Dead,
    /// A name ends with the byte: its pattern.
    Match(usize),
    On,
}

/// Moves `state` on by `b`.
fn step(dfa: &DFA, state: &mut StateID, b: u8) -> Step {
    *state = dfa.next_state(Anchored::Yes, *state, b);
    if !dfa.is_special(*state) {
        Step::On
    } else if dfa.is_dead(*state) {
        Step::Dead
    } else if dfa.is_match(*state) {
        Step::Match(dfa.match_pattern(*state, 0).as_usize())
    } else {
        Step::On
    }
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

/// Whether the character before `at` of `text` is, folded, a letter or
/// digit, so that a word cannot start at `at`.
fn word_char_before(text: &str, at: usize) -> bool {
    text[..at].chars().next_back().is_some_and(is_word_char)
}

/// Whether the character at `at` of `text` is, folded, a letter or digit,
/// so that a word cannot end at `at`.
fn word_char_at(text: &str, at: usize) -> bool {
    text[at..].chars().next().is_some_and(is_word_char)
}

/// Whether `c` is a letter or digit once folded: "ʼ" is a letter that folds
/// to an apostrophe.
fn is_word_char(c: char) -> bool {
    match c {
        '\0'..='\x7f' => c.is_ascii_alphanumeric(),
        _ => fold_char(c).map_or_else(
            || is_alphanumeric(c),
            |f| f.starts_with(|f: char| f.is_ascii_alphanumeric()),
        ),
    }
}

#[cfg(test)]
mod tests;
