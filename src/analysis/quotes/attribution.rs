//! Who said a quote: reading the sentence around it.

use std::ops::Range;

use super::marks::Span;
use crate::analysis::mentions::Mention;

/// Verbs and phrases that introduce or attribute speech.
const SPEECH: &[&str] = &[
    "said",
    "says",
    "say",
    "told",
    "tells",
    "added",
    "adds",
    "stressed",
    "stresses",
    "warned",
    "warns",
    "cautioned",
    "cautions",
    "called",
    "calls",
    "described",
    "describes",
    "insisted",
    "insists",
    "noted",
    "notes",
    "wrote",
    "writes",
    "argued",
    "argues",
    "praised",
    "praises",
    "urged",
    "urges",
    "declared",
    "declares",
    "replied",
    "replies",
    "asked",
    "asks",
    "acknowledged",
    "acknowledges",
    "admitted",
    "admits",
    "claimed",
    "claims",
    "countered",
    "counters",
    "emphasized",
    "emphasised",
    "emphasizes",
    "emphasises",
    "stated",
    "states",
    "announced",
    "announces",
    "explained",
    "explains",
    "recalled",
    "remarked",
    "observed",
    "conceded",
    "concedes",
    "vowed",
    "vows",
    "pledged",
    "pledges",
    "promised",
    "promises",
    "demanded",
    "demands",
    "dismissed",
    "dismisses",
    "branded",
    "brands",
    "labelled",
    "labeled",
    "termed",
    "painted",
    "portrayed",
    "characterised",
    "characterized",
    "welcomed",
    "welcoming",
    "statement",
    "tweeted",
    "posted",
    "push",
    "pushes",
    "pushed",
    "pushing",
    "accused",
    "accuses",
    "condemned",
    "condemns",
    "denied",
    "denies",
    "confirmed",
    "confirms",
    "suggested",
    "suggests",
    "predicted",
    "predicts",
    "answered",
    "answers",
    "continued",
    "concluded",
    "reiterated",
    "reiterates",
    "maintained",
    "maintains",
    "signalled",
    "signaled",
    "hailed",
    "hails",
    "agreed",
    "interview",
    "briefing",
    "speech",
    "remarks",
];

/// Words that make the verb passive, so the subject is not the speaker.
const PASSIVE: &[&str] = &["being", "been", "be", "is", "are", "was", "were"];

/// Words that open a new clause after a quote ("“…,” while X said").
const CONJUNCTIONS: &[&str] = &[
    "while", "whereas", "but", "and", "although", "though", "as", "which", "when", "after",
    "before", "because", "since", "so", "or", "yet", "if", "unless", "until", "whose", "who",
];

/// Third-person pronouns that refer back to a named person.
const PRONOUNS: &[&str] = &["he", "she", "He", "She"];

/// Abbreviations whose period does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "Gen", "Sen", "Rep", "St", "Jr", "Lt", "Col", "Gov", "Prof", "No",
    "vs", "Maj", "Capt", "Adm", "Sgt", "Rev", "Hon", "Pres", "Amb",
];

/// What attribution looks at.
pub struct Context<'a> {
    pub text: &'a str,
    /// Mentions of `text`, in order.
    pub mentions: &'a [Mention],
    /// For each actor of the registry, whether it is a person.
    pub persons: &'a [bool],
}

impl Context<'_> {
    /// The speaker of `quote`, or `None` when the text does not say clearly.
    pub fn speaker(&self, quote: &Span, sentence: &Range<usize>) -> Option<usize> {
        self.after(quote).or_else(|| self.before(quote, sentence))
    }

    /// "“…,” X said", "“…,” said X", "“…,” he added", "“…,” according to X".
    fn after(&self, quote: &Span) -> Option<usize> {
        // A quote that ends its sentence ("“… propaganda.”") has nothing after it.
        if quote.last_inner_char(self.text).is_some_and(|c| c == '.') {
            return None;
        }
        let start = quote.outer.end;
        let end = clause_end(self.text, start);
        let segment = &self.text[start..end];
        let words = words(segment);
        // The attribution follows at once: the first words hold a name, a
        // pronoun or a verb, not a conjunction that opens another clause.
        let first = words.first()?;
        if CONJUNCTIONS.contains(&first.text) {
            return None;
        }
        if let Some(i) = words.iter().position(|w| w.text == "according") {
            if words.get(i + 1).is_some_and(|w| w.text == "to") {
                return self.first_mention(start + words[i].start..end, false);
            }
        }
        let verb = words
            .iter()
            .take(12)
            .position(|w| SPEECH.contains(&w.text))?;
        if verb == 0 {
            // "said X": the name follows the verb.
            let after_verb = start + words[0].end;
            return self.first_mention(after_verb..end.min(after_verb + 80), true);
        }
        if PRONOUNS.contains(&first.text) && verb <= 2 {
            return self.last_person_before(quote.outer.start);
        }
        // "X, the EU's foreign policy chief, said": a name at the very start, then the verb.
        let before_verb = start..start + words[verb].start;
        let named = self.first_mention(before_verb.clone(), true)?;
        let lead = self.mentions_in(before_verb).next()?;
        (lead.start - start <= 40 && !is_passive(&words[..verb])).then_some(named)
    }

    /// "X said “…”", "X called the initiative “…”", "X, the foreign minister, warned that “…”".
    fn before(&self, quote: &Span, sentence: &Range<usize>) -> Option<usize> {
        let start = clause_start(self.text, sentence.start, quote.outer.start);
        let clause = &self.text[start..quote.outer.start];
        let words = words(clause);
        let verb = words.iter().rposition(|w| SPEECH.contains(&w.text))?;
        if is_passive(&words[..verb]) {
            return None;
        }
        let subject = start..start + words[verb].start;
        if let Some(found) = self.first_mention(subject.clone(), true) {
            return Some(found);
        }
        let pronoun = words[..verb].iter().any(|w| PRONOUNS.contains(&w.text));
        pronoun.then(|| self.last_person_before(start)).flatten()
    }

    fn mentions_in(&self, range: Range<usize>) -> impl Iterator<Item = &Mention> {
        self.mentions
            .iter()
            .filter(move |m| m.start >= range.start && m.end <= range.end)
    }

    /// The first person mentioned in `range` (or, with `any_kind`, the first
    /// mention when no person is).
    fn first_mention(&self, range: Range<usize>, any_kind: bool) -> Option<usize> {
        let person = self
            .mentions_in(range.clone())
            .find(|m| self.persons[m.actor]);
        person
            .or_else(|| any_kind.then(|| self.mentions_in(range).next()).flatten())
            .map(|m| m.actor)
    }

    /// The last person named before `offset`: whom "he" or "she" refers to.
    fn last_person_before(&self, offset: usize) -> Option<usize> {
        self.mentions
            .iter()
            .rfind(|m| m.end <= offset && self.persons[m.actor])
            .map(|m| m.actor)
    }
}

/// Returns true if and only if the words end in a passive construction
/// ("are being framed as"), whose grammatical subject did not speak.
fn is_passive(words: &[Word<'_>]) -> bool {
    words.last().is_some_and(|w| PASSIVE.contains(&w.text))
}

/// A word of a segment, with its byte range in the segment.
struct Word<'a> {
    text: &'a str,
    start: usize,
    end: usize,
}

fn words(segment: &str) -> Vec<Word<'_>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in segment
        .char_indices()
        .chain(std::iter::once((segment.len(), ' ')))
    {
        let in_word = c.is_alphanumeric() || c == '-';
        match (start, in_word) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                out.push(Word {
                    text: &segment[s..i],
                    start: s,
                    end: i,
                });
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// The sentence that holds `offset`.
pub fn sentence_around(text: &str, offset: usize) -> Range<usize> {
    sentence_start(text, offset)..sentence_end(text, offset)
}

fn sentence_start(text: &str, offset: usize) -> usize {
    let mut at = offset;
    while at > 0 {
        let c = text[..at].chars().next_back().unwrap_or(' ');
        if c == '\n' {
            return at;
        }
        let prev = at - c.len_utf8();
        if c.is_whitespace() && ends_sentence(text, prev) {
            return at;
        }
        at = prev;
    }
    0
}

fn sentence_end(text: &str, offset: usize) -> usize {
    let mut at = offset;
    while at < text.len() {
        let c = text[at..].chars().next().unwrap_or(' ');
        if c == '\n' {
            return at;
        }
        if c.is_whitespace() && ends_sentence(text, at) {
            return at;
        }
        at += c.len_utf8();
    }
    text.len()
}

/// Returns true if and only if the text before `at` ends a sentence: a full
/// stop, question or exclamation mark (perhaps inside a closing quote), not
/// after an abbreviation or an initial.
fn ends_sentence(text: &str, at: usize) -> bool {
    let before = text[..at].trim_end_matches(['”', '’', '"', '»', ')']);
    let Some(last) = before.chars().next_back() else {
        return false;
    };
    if last == '?' || last == '!' {
        return true;
    }
    if last != '.' {
        return false;
    }
    let word = before[..before.len() - 1]
        .rsplit(|c: char| !c.is_alphanumeric() && c != '.')
        .next()
        .unwrap_or("");
    // "U.S." or a single initial ("J. Smith").
    let initials =
        word.contains('.') || (word.chars().count() == 1 && word.chars().all(char::is_uppercase));
    !(initials || ABBREVIATIONS.contains(&word))
}

/// Where the clause holding `offset` starts: after ", while", "; " or the
/// sentence start.
fn clause_start(text: &str, sentence_start: usize, offset: usize) -> usize {
    let head = &text[sentence_start..offset];
    [", while ", " while ", "; ", ", whereas ", " — "]
        .iter()
        .filter_map(|sep| head.rfind(sep).map(|i| sentence_start + i + sep.len()))
        .max()
        .unwrap_or(sentence_start)
}

/// Where the attribution after a quote ends: the sentence end, or the next quote.
fn clause_end(text: &str, start: usize) -> usize {
    let end = sentence_end(text, start);
    text[start..end]
        .find(['“', '"', '‘', '«', '„'])
        .map_or(end, |i| start + i)
}
