//! Where actors are mentioned: every name and alias of the registry matched in
//! one pass over a text, by one automaton built once per build.
//!
//! Matching is on whole words, longest match first ("Russia’s Security
//! Council" before "Russia"), tolerant of possessives ("Russia’s" is a mention
//! of Russia) and insensitive to diacritics and apostrophe style: names and
//! text are both folded ("Erdoğan" to "Erdogan", "’" to "'") before matching,
//! and offsets are mapped back to the original text. It is case-sensitive
//! unless the site relaxes it, so "Turkey" the country is not "turkey".

use std::collections::BTreeMap;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

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
    automaton: Option<AhoCorasick>,
    /// The actor each pattern belongs to.
    owners: Vec<usize>,
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
        let automaton = (!patterns.is_empty()).then(|| {
            // A DFA: built once per build, it makes each search a table walk.
            AhoCorasick::builder()
                .kind(Some(AhoCorasickKind::DFA))
                .match_kind(MatchKind::LeftmostLongest)
                .ascii_case_insensitive(!case_sensitive)
                .build(patterns.keys())
                .expect("names of the registry make a valid automaton")
        });
        Matcher { automaton, owners }
    }

    /// Every whole-word mention in `text`, in order.
    pub fn find(&self, text: &str) -> Vec<Mention> {
        let Some(automaton) = &self.automaton else {
            return Vec::new();
        };
        let folded = fold(text);
        automaton
            .find_iter(folded.text.as_ref())
            .filter(|m| is_whole_word(&folded.text, m.start(), m.end()))
            .map(|m| Mention {
                actor: self.owners[m.pattern().as_usize()],
                start: folded.original(m.start()),
                end: folded.original(m.end()),
            })
            .collect()
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
/// runs, most of a text, are passed over sixteen bytes at a time.
fn non_ascii(text: &str, from: usize) -> impl Iterator<Item = usize> + '_ {
    let bytes = text.as_bytes();
    let mut at = from;
    std::iter::from_fn(move || {
        while let Some(chunk) = bytes.get(at..at + 16) {
            if !chunk.is_ascii() {
                break;
            }
            at += 16;
        }
        let i = at + bytes.get(at..)?.iter().position(|b| !b.is_ascii())?;
        // Past the whole character: its continuation bytes are not ASCII either.
        at = i + text[i..].chars().next().map_or(1, char::len_utf8);
        Some(i)
    })
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

/// Returns true if and only if `start..end` of `text` is not part of a longer word.
fn is_whole_word(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

#[cfg(test)]
mod tests;
