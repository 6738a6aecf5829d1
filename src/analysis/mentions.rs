//! Where actors are mentioned: every name and alias of the registry matched in
//! one pass over a text, by one automaton built once per build.
//!
//! Matching is case-sensitive ("Turkey" the country is not "turkey"), on whole
//! words, longest match first ("Russia's Security Council" before "Russia").

use std::collections::BTreeMap;

use aho_corasick::{AhoCorasick, MatchKind};

use crate::model::Actor;

/// One mention: actor `actor` (an index into the registry) at `start..end`.
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
    pub fn new(actors: &[Actor]) -> Self {
        let mut patterns: BTreeMap<&str, usize> = BTreeMap::new();
        for (i, actor) in actors.iter().enumerate() {
            for name in std::iter::once(&actor.name).chain(&actor.aliases) {
                let name = name.trim();
                if !name.is_empty() {
                    // The first actor to claim a name keeps it: ids order the registry.
                    patterns.entry(name).or_insert(i);
                }
            }
        }
        let owners = patterns.values().copied().collect();
        let automaton = (!patterns.is_empty()).then(|| {
            AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
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
        automaton
            .find_iter(text)
            .filter(|m| is_word_boundary(text, m.start(), m.end()))
            .map(|m| Mention {
                actor: self.owners[m.pattern().as_usize()],
                start: m.start(),
                end: m.end(),
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

/// Returns true if and only if `start..end` of `text` is not part of a longer word.
fn is_word_boundary(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ActorKind, Source};

    fn actor(id: &str, name: &str, aliases: &[&str]) -> Actor {
        Actor {
            id: id.to_string(),
            source: Source {
                path: "a.md".into(),
                body_offset: 0,
            },
            name: name.to_string(),
            kind: ActorKind::State,
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            member_of: vec![],
            role: None,
            country: None,
            extra: Default::default(),
            body: String::new(),
        }
    }

    #[test]
    fn whole_words_longest_first_case_sensitive() {
        let actors = [
            actor("russia", "Russia", &["Moscow", "the Kremlin"]),
            actor("council", "Russia’s Security Council", &[]),
            actor("turkiye", "Türkiye", &["Turkey"]),
        ];
        let m = Matcher::new(&actors);
        let found: Vec<usize> = m
            .find("Russia’s Security Council met; Russia's envoy; Moscowians; turkey; Turkey.")
            .iter()
            .map(|m| m.actor)
            .collect();
        assert_eq!(found, [1, 0, 2]);
    }
}
