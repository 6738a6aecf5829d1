//! Transcripts: a line opened by a speaker label ("GROSSI:", "RADOSŁAW
//! SIKORSKI, POLISH FOREIGN MINISTER:") is that speaker's. A quote in it that
//! nothing else attributes is theirs when they introduce it in the first
//! person ("I said it again: “…”", "Our mandate is “…”") or it stands alone.
//! The label names a person of the registry by name or alias, in any case.

use std::ops::Range;

use super::Context;
use crate::analysis::quotes::marks::Span;
use crate::analysis::quotes::prose::{self, words};
use crate::model::ActorKind;

/// Words that show the speaker of the line speaks of themselves.
const FIRST_PERSON: &[&str] = &["I", "we", "We", "me", "us", "my", "My", "our", "Our"];

/// The longest speaker label looked for, in bytes.
const MAX_LABEL: usize = 80;

/// The speaker label that opens `line`: the name part (before a comma or a
/// parenthesis) and where the label ends, past its colon. A label is written
/// in capitals: "GROSSI:", "HOST (ANNA LEWIS):".
fn label(line: &str) -> Option<(&str, usize)> {
    let (colon, _) = line
        .char_indices()
        .take_while(|&(i, c)| i < MAX_LABEL && c != '\n')
        .find(|&(_, c)| c == ':')?;
    let label = &line[..colon];
    let letters = label.chars().filter(|c| c.is_alphabetic());
    let capitals = label.chars().any(char::is_alphabetic)
        && letters.clone().all(char::is_uppercase)
        && letters.count() >= 2;
    let plain = label
        .chars()
        .all(|c| c.is_alphabetic() || matches!(c, ' ' | '.' | ',' | '(' | ')' | '-' | '\'' | '’'));
    let name = label.split([',', '(']).next().unwrap_or("").trim();
    (capitals && plain && !name.is_empty()).then_some((name, colon + 1))
}

impl Context<'_> {
    /// The speaker of the transcript line `quote` is in, if the line has a
    /// label naming a person mentioned in the text and the quote is theirs.
    pub(super) fn labelled(&self, quote: &Span, sentence: &Range<usize>) -> Option<usize> {
        let line_start = prose::paragraph_start(self.text, quote.outer.start);
        let (name, end) = label(&self.text[line_start..])?;
        let from = sentence.start.max(line_start + end).min(quote.outer.start);
        let lead = &self.text[from..quote.outer.start];
        let own =
            lead.trim().is_empty() || words(lead).iter().any(|w| FIRST_PERSON.contains(&w.text));
        own.then(|| self.person_named(name)).flatten()
    }

    /// The person of the registry whose name or an alias is `name`, ignoring
    /// case ("GROSSI" is Grossi). Transcripts are rare, so a walk over the
    /// registry is cheap enough.
    fn person_named(&self, name: &str) -> Option<usize> {
        let lower = |s: &str| s.chars().flat_map(char::to_lowercase).collect::<String>();
        let name = lower(name);
        self.actors.iter().position(|actor| {
            actor.kind == ActorKind::Person
                && std::iter::once(&actor.name)
                    .chain(&actor.aliases)
                    .any(|n| lower(n) == name)
        })
    }
}
