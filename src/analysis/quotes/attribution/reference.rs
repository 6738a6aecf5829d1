//! What an attribution refers back to instead of naming: "“…,” she said",
//! "“…,” the French president said", "“…,” it said".
//!
//! A person pronoun goes to the subject of the last clause that named a
//! person, not to whoever was named last ("Kallas said she had told Wang
//! …. “…,” she said" is Kallas), or to the holder of a title that was the
//! subject of a sentence since ("The prime minister told …. He said"). It
//! skips a person the text shows to be of the other gender (an honorific,
//! "spokeswoman", the registry's role, or their own pronouns); genders are
//! otherwise unknown, so with a second person of unknown gender in the
//! running the pronoun stays unresolved. "It" and "they" go to a state,
//! organisation or outlet when one alone was named. A title goes to the
//! person the text gave that title, else to the one person mentioned whose
//! registry role fits. A name the registry does not know in between leaves
//! the reference unresolved.

use std::collections::BTreeSet;
use std::ops::Range;

use super::Context;
use crate::analysis::mentions::Mention;
use crate::analysis::quotes::prose::{self, Word, words};

/// Nouns that head a title standing in for a person's name.
#[rustfmt::skip]
const TITLES: &[&str] = &[
    "president", "minister", "chancellor", "premier", "spokesman", "spokeswoman",
    "spokesperson", "secretary", "secretary-general", "chief", "envoy", "ambassador",
    "commissioner", "director", "director-general", "chairman", "chairwoman", "chair",
    "governor", "mayor", "senator", "king", "queen", "pope", "representative", "taoiseach",
];

/// Words that tell one office from another of the same name ("prime
/// minister", "foreign minister"): a title that has one fits only a role
/// that has it too; a role with one of [`RANKS`] fits only a title with it.
#[rustfmt::skip]
const QUALIFIERS: &[&str] = &[
    "prime", "foreign", "defence", "defense", "interior", "finance", "economy", "justice",
    "health", "trade", "energy", "deputy", "vice", "former", "acting", "first",
];

/// Qualifiers that make another office, not a kind of the same one: "the
/// minister" is not the prime minister, "the president" not the vice president.
const RANKS: &[&str] = &["prime", "deputy", "vice", "former", "acting", "first"];

/// How far back, in bytes, a title looks for the person it stands for.
const TITLE_LOOKBACK: usize = 12_000;

/// Adverbs that may stand between a pronoun and its verb ("he later said").
#[rustfmt::skip]
const ADVERBS: &[&str] = &["later", "also", "then", "again", "once", "further", "quickly"];

/// Words before a name that tell a man from a woman.
#[rustfmt::skip]
const MALE: &[&str] = &[
    "Mr", "Sir", "Lord", "King", "Prince", "spokesman", "chairman", "congressman",
];
#[rustfmt::skip]
const FEMALE: &[&str] = &[
    "Mrs", "Ms", "Miss", "Dame", "Lady", "Queen", "Princess", "Madam", "spokeswoman",
    "chairwoman", "congresswoman",
];

/// A person's gender, where the text shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Gender {
    Male,
    Female,
}

/// A reference back to someone named earlier.
#[derive(Debug)]
pub enum Reference<'a> {
    /// "he" or "she".
    Person(Gender),
    /// "it" or "they": a state, organisation or outlet.
    Body,
    /// "the French president", "the President of the Republic": the words
    /// after "the".
    Title(&'a str),
}

impl<'a> Reference<'a> {
    /// The reference a pronoun makes, if `word` is one.
    pub fn pronoun(word: &str) -> Option<Reference<'a>> {
        match word {
            "he" | "He" => Some(Reference::Person(Gender::Male)),
            "she" | "She" => Some(Reference::Person(Gender::Female)),
            "it" | "It" | "they" | "They" => Some(Reference::Body),
            _ => None,
        }
    }

    /// The reference that ends `words` of `segment` (the words before a
    /// speech verb) and where it starts: "…, he", "he later", "the French
    /// president".
    pub fn ending(segment: &'a str, words: &[Word<'a>]) -> Option<(Reference<'a>, usize)> {
        let n = words.len();
        let last = words.last()?;
        if let Some(pronoun) = Reference::pronoun(last.text) {
            return Some((pronoun, last.start));
        }
        let adverb = last.is_one_of(ADVERBS) || last.text.ends_with("ly");
        if let Some(before) = n.checked_sub(2).map(|i| &words[i]).filter(|_| adverb) {
            if let Some(pronoun) = Reference::pronoun(before.text) {
                return Some((pronoun, before.start));
            }
        }
        // "the French president", "the President of the Republic": at most
        // seven words back, the longest that makes a title.
        let from = n.saturating_sub(7);
        (from..n).find_map(|the| {
            let title = &words[the + 1..];
            let contiguous = title
                .windows(2)
                .all(|pair| segment[pair[0].end..pair[1].start] == *" ");
            let phrase = &segment[title.first()?.start..last.end];
            (words[the].is_one_of(&["the"]) && contiguous && is_title(title, true))
                .then_some((Reference::Title(phrase), words[the].start))
        })
    }

    /// The title that opens `segment` ("the French president, who …") and
    /// where it starts: for "“…,” said the French president".
    pub fn leading(segment: &'a str) -> Option<(Reference<'a>, usize)> {
        let words = words(segment);
        let the = words.first().filter(|w| w.is_one_of(&["the"]))?;
        if !segment[..the.start].trim().is_empty() {
            return None;
        }
        // The title runs while words are joined by single spaces.
        let run = 1 + words[1..]
            .iter()
            .zip(&words)
            .take_while(|(w, prev)| segment[prev.end..w.start] == *" ")
            .count();
        let title = &words[1..run];
        let head = title.iter().position(|w| is_title_noun(w))?;
        // "the President of the Republic": the title goes on with capitalised words.
        let tail = title[head + 1..]
            .iter()
            .take_while(|w| w.is_one_of(&["of", "the"]) || w.text.starts_with(char::is_uppercase))
            .count();
        let title = &title[..head + 1 + tail];
        let phrase = &segment[title.first()?.start..title.last()?.end];
        // "the president’s office" names the office, not the president.
        let possessive = segment[title.last()?.end..].starts_with(['’', '\'']);
        (is_title(title, false) && !possessive).then_some((Reference::Title(phrase), the.start))
    }
}

/// Returns true if and only if `w` is a noun that heads a title.
fn is_title_noun(w: &Word<'_>) -> bool {
    w.is_one_of(TITLES)
}

/// Returns true if and only if `words` (after "the") make a title: a few
/// words, one of them a title noun within the first four, and after it only
/// "of the Republic" style words. `whole` says the words must end the title.
fn is_title(words: &[Word<'_>], whole: bool) -> bool {
    let Some(head) = words.iter().take(4).position(is_title_noun) else {
        return false;
    };
    let rest_fits = words[head + 1..]
        .iter()
        .all(|w| w.is_one_of(&["of", "the"]) || w.text.starts_with(char::is_uppercase));
    words.len() <= 7 && (!whole || rest_fits)
}

impl Context<'_> {
    /// The actor `reference`, at byte `at`, refers back to.
    pub(super) fn resolve(&self, reference: &Reference<'_>, at: usize) -> Option<usize> {
        match reference {
            Reference::Person(gender) => self.person_before(at, *gender),
            Reference::Body => self.body_before(at),
            Reference::Title(title) => self.titled_before(at, title),
        }
    }

    /// The person "he" or "she" at `at` refers to: the subject of the last
    /// sentence that named a person (else another person it named), of a
    /// gender that fits.
    fn person_before(&self, at: usize, gender: Gender) -> Option<usize> {
        let last = self
            .mentions_in(self.lookback(at)..at)
            .rfind(|m| self.is_person(m.actor) && !self.in_quote(m))?;
        // The clause that named them: "…, while Kuleba cautioned against what he described as".
        let sentence = prose::sentence_start(self.text, last.start);
        let start = prose::clause_start(self.text, sentence, last.start);
        let end = prose::sentence_end(self.text, last.start).clamp(last.end, at);
        if let Some(titled) = self.titled_subject_between(end, at) {
            return titled;
        }
        if prose::has_unknown_name(self.text, end..at, self.mentions)
            || self.names_unknown_speaker(end..at)
        {
            return None;
        }
        let people: Vec<&Mention> = self
            .mentions_in(start..end)
            .filter(|m| self.is_person(m.actor) && !self.in_quote(m))
            .collect();
        let main = prose::main_clause_start(self.text, start, end);
        let subjects = people.iter().filter(|m| {
            m.start >= main
                && !self.is_possessive(m)
                && !prose::after_preposition(&self.text[start..m.start])
                && !prose::in_aside(self.text, start, m.start, end)
        });
        // Only a subject: a person named in a possessive or after a
        // preposition is not whom the pronoun goes back to ("Asked about
        // Peskov’s remarks, the EU’s top diplomat shrugged. “…,” she said").
        let chosen = subjects
            .copied()
            .find(|m| self.gender(m.actor) != Some(gender.other()))?;
        let unknown_before = prose::has_unknown_name(self.text, start..chosen.start, self.mentions);
        // With genders unknown, a second person in the running makes "she" a guess.
        let rivals: BTreeSet<usize> = people
            .iter()
            .filter(|m| {
                !self.is_possessive(m)
                    && !prose::in_aside(self.text, start, m.start, end)
                    && self.gender(m.actor) != Some(gender.other())
            })
            .map(|m| m.actor)
            .collect();
        let ambiguous = self.gender(chosen.actor).is_none() && rivals.len() > 1;
        (!unknown_before && !ambiguous).then_some(chosen.actor)
    }

    /// The person a sentence between `from` and `at` names by title as its
    /// subject ("The prime minister told the gathering …"), the latest such
    /// sentence first: `Some(None)` when that title resolves to no one.
    fn titled_subject_between(&self, from: usize, at: usize) -> Option<Option<usize>> {
        let mut pos = at;
        while pos > from {
            let start = prose::sentence_start(self.text, pos);
            if start <= from {
                return None;
            }
            if let Some((title @ Reference::Title(_), offset)) =
                Reference::leading(&self.text[start..pos])
            {
                return Some(self.resolve(&title, start + offset));
            }
            let previous = self.text[..start].trim_end().len();
            if previous >= pos {
                return None;
            }
            pos = previous;
        }
        None
    }

    /// What the text tells of a person's gender: the registry's role
    /// ("Foreign ministry spokeswoman"), an honorific or a gendered noun right
    /// before a mention ("Ms Meloni", "spokesman Dmitry Peskov"), or the
    /// pronouns of sentences about them alone ("Kallas, for her part, …").
    fn gender(&self, actor: usize) -> Option<Gender> {
        if let Some(known) = self.genders.borrow().get(&actor) {
            return *known;
        }
        let gender = self.read_gender(actor);
        self.genders.borrow_mut().insert(actor, gender);
        gender
    }

    /// [`Self::gender`], read from the text and the registry.
    fn read_gender(&self, actor: usize) -> Option<Gender> {
        let of = |word: &str| {
            if MALE.contains(&word) {
                Some(Gender::Male)
            } else if FEMALE.contains(&word) {
                Some(Gender::Female)
            } else {
                None
            }
        };
        let role = self.actors[actor].role.as_deref().unwrap_or("");
        let from_role = words(role).iter().find_map(|w| of(&w.text.to_lowercase()));
        let from_text = || {
            self.mentions
                .iter()
                .filter(|m| m.actor == actor)
                .find_map(|m| {
                    words(prose::tail(self.text, m.start, 24))
                        .last()
                        .and_then(|w| of(w.text))
                })
        };
        from_role
            .or_else(from_text)
            .or_else(|| self.gender_from_pronouns(actor))
    }

    /// The gender of the pronouns outside quotes that follow `actor` as the
    /// first person of a sentence's main clause, up to the next person named ("Kallas,
    /// for her part, said she had told Wang"), if they all agree.
    fn gender_from_pronouns(&self, actor: usize) -> Option<Gender> {
        let mut seen = BTreeSet::new();
        for m in self
            .mentions
            .iter()
            .filter(|m| m.actor == actor && !self.in_quote(m))
        {
            let sentence = prose::sentence_around(self.text, m.start);
            let other_person = |o: &&Mention| self.is_person(o.actor) && !self.in_quote(o);
            let main = prose::main_clause_start(self.text, sentence.start, sentence.end);
            let mut people = self.mentions_in(main..sentence.end).filter(other_person);
            if people.next().is_none_or(|first| first != m) {
                continue;
            }
            let until = people
                .find(|o| o.actor != actor)
                .map_or(sentence.end, |o| o.start);
            let unknown = prose::has_unknown_name(self.text, sentence.start..until, self.mentions);
            if unknown || until <= m.end {
                continue;
            }
            let segment = &self.text[m.end..until];
            let outside = |w: &Word<'_>| !self.inside_quote(m.end + w.start);
            seen.extend(
                words(segment)
                    .iter()
                    .filter(|w| outside(w))
                    .filter_map(|w| Gender::of_pronoun(w.text)),
            );
        }
        let mut seen = seen.into_iter();
        match (seen.next(), seen.next()) {
            (Some(one), None) => Some(one),
            _ => None,
        }
    }

    /// The state, organisation or outlet "it" or "they" at `at` refers to:
    /// the only one named, not as a possessive, in the last sentence that
    /// named one, in this paragraph or the one before, with no person named since.
    fn body_before(&self, at: usize) -> Option<usize> {
        let last = self
            .mentions_in(self.lookback(at)..at)
            .rfind(|m| !self.is_person(m.actor) && !self.in_quote(m) && !self.is_possessive(m))?;
        let start = prose::sentence_start(self.text, last.start);
        // "officials in Moscow said": a place, not the one that spoke.
        if prose::after_preposition(&self.text[start..last.start]) {
            return None;
        }
        let far = self.text[last.end..at].matches('\n').count() > 2;
        let person = self
            .mentions_in(start..at)
            .any(|m| self.is_person(m.actor) && !self.in_quote(m) && !self.is_possessive(m));
        let bodies: BTreeSet<usize> = self
            .mentions_in(start..at)
            .filter(|m| !self.is_person(m.actor) && !self.in_quote(m) && !self.is_possessive(m))
            .map(|m| m.actor)
            .collect();
        let unknown = prose::has_unknown_name(self.text, start..at, self.mentions);
        (!far && !person && !unknown && bodies.len() == 1).then_some(last.actor)
    }

    /// The person "the French president" at `at` refers to: the last one the
    /// text itself gave that title ("President of the Republic Alexander
    /// Stubb", "Sybiha, the foreign minister,"), else the one person
    /// mentioned before whose role in the registry fits the title.
    fn titled_before(&self, at: usize, title: &str) -> Option<usize> {
        // Titles are given once and used long after: look further back than for pronouns.
        let floor = prose::back(self.text, at, TITLE_LOOKBACK);
        let people = || {
            self.mentions_in(floor..at)
                .filter(|m| self.is_person(m.actor) && !self.in_quote(m))
        };
        let given = people().rev().find(|m| self.given_title(m, title));
        let chosen = match given {
            Some(m) => m.actor,
            None => self.only_role_fitting(people().map(|m| m.actor), title)?,
        };
        // Someone the registry does not know, named since with the same title, may be meant.
        let since = people().rfind(|m| m.actor == chosen).map_or(at, |m| m.end);
        let since = since.max(self.lookback(at));
        (!self.title_given_to_unknown(since..at, title)).then_some(chosen)
    }

    /// Returns true if and only if `range` gives `title` to a name that is no
    /// mention: "Minister Jan Nowak" (but not "Deputy Minister Jan Nowak"
    /// for "minister").
    fn title_given_to_unknown(&self, range: Range<usize>, title: &str) -> bool {
        let segment = &self.text[range.clone()];
        let lower = segment.to_ascii_lowercase();
        let title = title.to_ascii_lowercase();
        lower.match_indices(&title).any(|(i, _)| {
            let end = i + title.len();
            let name = &segment[end..];
            let named = name.starts_with(' ')
                && name[1..].starts_with(char::is_uppercase)
                && self.mention_at(range.start + end + 1).is_none();
            named && ends_with_title(&segment[..end], &title)
        })
    }

    /// The one person of `people` whose role in the registry fits `title`.
    fn only_role_fitting(&self, people: impl Iterator<Item = usize>, title: &str) -> Option<usize> {
        let people: BTreeSet<usize> = people.collect();
        let fitting: BTreeSet<usize> = people
            .into_iter()
            .filter(|&a| {
                self.actors[a]
                    .role
                    .as_deref()
                    .is_some_and(|r| role_fits(r, title))
            })
            .collect();
        let mut fitting = fitting.into_iter();
        match (fitting.next(), fitting.next()) {
            (Some(one), None) => Some(one),
            _ => None,
        }
    }

    /// Returns true if and only if the text gives mention `m` the title
    /// `title`, before the name or in apposition after it.
    fn given_title(&self, m: &Mention, title: &str) -> bool {
        let before = self.text[..m.start].trim_end();
        let after = self.text[m.end..].trim_start_matches([',', ' ']);
        let after = after.strip_prefix("the ").unwrap_or(after);
        ends_with_title(before, title) || starts_with_ignoring_case(after, title)
    }
}

impl Gender {
    /// The gender a third-person pronoun shows, if any.
    fn of_pronoun(word: &str) -> Option<Gender> {
        match word.to_lowercase().as_str() {
            "he" | "him" | "his" | "himself" => Some(Gender::Male),
            "she" | "her" | "hers" | "herself" => Some(Gender::Female),
            _ => None,
        }
    }

    fn other(self) -> Gender {
        match self {
            Gender::Male => Gender::Female,
            Gender::Female => Gender::Male,
        }
    }
}

/// Returns true if and only if a registry role fits a title used in the
/// text: its head noun is in the role, and so is every word of the title
/// that tells offices apart ("prime", "foreign", "deputy"); a deputy's role
/// does not fit a title without "deputy".
fn role_fits(role: &str, title: &str) -> bool {
    let role = role.to_lowercase();
    let role_words: Vec<&str> = words(&role).iter().map(|w| w.text).collect();
    let title = title.to_lowercase();
    let title_words: Vec<&str> = words(&title).iter().map(|w| w.text).collect();
    let Some(head) = title_words.iter().find(|w| TITLES.contains(w)) else {
        return false;
    };
    let qualified = |list: &[&str], w: &&str| !QUALIFIERS.contains(w) || list.contains(w);
    role_words.contains(head)
        && title_words.iter().all(|w| qualified(&role_words, w))
        && role_words
            .iter()
            .filter(|w| RANKS.contains(w))
            .all(|w| title_words.contains(w))
}

/// Returns true if and only if `before` (the text before a name) ends with
/// the whole of `title`, not the end of a longer one ("Prime Minister" for
/// "Minister").
fn ends_with_title(before: &str, title: &str) -> bool {
    if !ends_with_ignoring_case(before, title) {
        return false;
    }
    let head = &before[..before.len() - title.len()];
    let near = prose::tail(head, head.len(), 24);
    let qualified = words(near).last().is_some_and(|w| {
        near.len() == w.end + 1 && (w.is_one_of(QUALIFIERS) || w.is_one_of(RANKS))
    });
    !head.ends_with(char::is_alphanumeric) && !qualified
}

fn ends_with_ignoring_case(text: &str, suffix: &str) -> bool {
    text.len() >= suffix.len()
        && text
            .get(text.len() - suffix.len()..)
            .is_some_and(|end| end.eq_ignore_ascii_case(suffix))
}

fn starts_with_ignoring_case(text: &str, prefix: &str) -> bool {
    text.get(..prefix.len())
        .is_some_and(|start| start.eq_ignore_ascii_case(prefix))
}
