//! Who said a quote: reading the sentence around it.

use std::ops::Range;

use super::marks::Span;
use crate::analysis::mentions::Mention;

/// Verbs and phrases that introduce or attribute speech.
#[rustfmt::skip]
const SPEECH: &[&str] = &[
    "said", "says", "say", "told", "tells", "added", "adds", "adding", "stressed", "stresses",
    "warned", "warns", "cautioned", "cautions", "called", "calls", "described", "describes",
    "insisted", "insists", "noted", "notes", "wrote", "writes", "argued", "argues", "praised",
    "praises", "urged", "urges", "declared", "declares", "replied", "replies", "asked", "asks",
    "acknowledged", "acknowledges", "admitted", "admits", "claimed", "claims", "countered",
    "counters", "emphasized", "emphasised", "emphasizes", "emphasises", "stated", "states",
    "announced", "announces", "explained", "explains", "recalled", "remarked", "observed",
    "conceded", "concedes", "vowed", "vows", "pledged", "pledges", "promised", "promises",
    "demanded", "demands", "dismissed", "dismisses", "rejected", "rejects", "branded", "brands",
    "labelled", "labeled", "termed", "painted", "portrayed", "characterised", "characterized",
    "welcomed", "welcoming", "statement", "tweeted", "posted", "push", "pushes", "pushed",
    "pushing", "accused", "accuses", "condemned", "condemns", "denied", "denies", "confirmed",
    "confirms", "suggested", "suggests", "predicted", "predicts", "answered", "answers",
    "continued", "concluded", "reiterated", "reiterates", "maintained", "maintains",
    "signalled", "signaled", "hailed", "hails", "agreed", "interview", "briefing", "speech",
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
    /// Every quote of `text`, in order (marks included).
    pub quotes: &'a [Range<usize>],
}

impl Context<'_> {
    /// The speaker of quote number `n`, given the speakers of the quotes
    /// before it; `None` when the text does not say clearly.
    pub fn speaker(
        &self,
        quote: &Span,
        sentence: &Range<usize>,
        earlier: &[Option<usize>],
    ) -> Option<usize> {
        self.after(quote)
            .or_else(|| self.before(quote, sentence, earlier))
            .or_else(|| self.continued(quote, sentence, earlier))
    }

    /// "“…,” X said", "“…,” said X", "“…,” he added", "“…,” according to X".
    fn after(&self, quote: &Span) -> Option<usize> {
        // A quote that ends its sentence ("“… propaganda.”") has nothing after it.
        if quote.last_inner_char(self.text).is_some_and(|c| c == '.') {
            return None;
        }
        // Past the comma or dash that joins the attribution to the quote.
        let rest = &self.text[quote.outer.end..];
        let start =
            quote.outer.end + (rest.len() - rest.trim_start_matches([' ', ',', '—', '–']).len());
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
                let from = start + words[i + 1].end;
                return self.named_at(from, end);
            }
        }
        let verb = words
            .iter()
            .take(12)
            .position(|w| SPEECH.contains(&w.text))?;
        if verb == 0 {
            // "said X": the name follows the verb at once, titles allowed.
            return self.named_at(start + words[0].end, end);
        }
        if PRONOUNS.contains(&first.text) && verb <= 2 {
            return self.antecedent(quote.outer.start);
        }
        // "X, the EU's foreign policy chief, said": a name at the very start, then the verb.
        if is_passive(&words[..verb]) {
            return None;
        }
        let lead = self.named_at(start, start + words[verb].start)?;
        Some(lead)
    }

    /// The actor named at the start of `from..to`, after at most a few title
    /// words ("NATO Secretary General Mark Rutte", "Minister Sybiha"); a
    /// person is preferred to the body in their title.
    fn named_at(&self, from: usize, to: usize) -> Option<usize> {
        let near = |m: &&Mention| {
            let between = &self.text[from..m.start];
            words(between).len() <= 5
                && !between.contains(['.', ';', ',', ':'])
                && !self.is_possessive(m)
        };
        let mut candidates = self.mentions_in(from..to).filter(near);
        let first = candidates.next()?;
        let lead = words(&self.text[from..first.start]);
        let titles_only = lead
            .iter()
            .all(|w| w.text == "the" || w.text.starts_with(char::is_uppercase));
        let person = std::iter::once(first)
            .chain(candidates)
            .find(|m| self.persons[m.actor]);
        match person {
            Some(p) => Some(p.actor),
            None => titles_only.then_some(first.actor),
        }
    }

    /// "X said “…”", "X called the initiative “…”", "X, the foreign minister, warned that “…”".
    fn before(
        &self,
        quote: &Span,
        sentence: &Range<usize>,
        earlier: &[Option<usize>],
    ) -> Option<usize> {
        let mut start = clause_start(self.text, sentence.start, quote.outer.start);
        // An earlier quote in the sentence ends the clause before this one;
        // with no new speaker between, its speaker goes on ("X said the
        // measures were “illegitimate” and would “backfire”").
        let prev = self
            .quotes
            .iter()
            .rposition(|q| q.end <= quote.outer.start && q.end > start);
        if let Some(p) = prev {
            start = self.quotes[p].end;
            let found = self.subject(start, quote.outer.start);
            let other_person = self
                .mentions_in(start..quote.outer.start)
                .any(|m| self.persons[m.actor]);
            return found.or_else(|| {
                if other_person {
                    None
                } else {
                    earlier.get(p).copied().flatten()
                }
            });
        }
        // "Guterres told the Council:" ending the sentence or paragraph before.
        if self.text[start..quote.outer.start].trim().is_empty() {
            let head = self.text[..start].trim_end();
            if head.ends_with(':') {
                let end = head.len();
                start = sentence_start(self.text, end - 1);
                return self.subject(start, end);
            }
            return None;
        }
        self.subject(start, quote.outer.start)
    }

    /// The speaker of the clause `start..end` that introduces a quote: "he"
    /// right before its last speech verb, else the actor nearest before the
    /// verb (a person first), leaving out possessives and names inside
    /// prepositional phrases ("hawkish on Russia").
    fn subject(&self, start: usize, end: usize) -> Option<usize> {
        let clause = &self.text[start..end];
        let words = words(clause);
        let verb = words.iter().rposition(|w| SPEECH.contains(&w.text))?;
        if is_passive(&words[..verb]) {
            return None;
        }
        let verb_at = start + words[verb].start;
        if verb > 0 && PRONOUNS.contains(&words[verb - 1].text) {
            return self.antecedent(verb_at);
        }
        let candidates: Vec<&Mention> = self
            .mentions_in(start..verb_at)
            .filter(|m| !self.is_possessive(m) && !after_preposition(&self.text[start..m.start]))
            .collect();
        let person = candidates.iter().rev().find(|m| self.persons[m.actor]);
        if let Some(found) = person.or(candidates.first()) {
            return Some(found.actor);
        }
        let pronoun = words[..verb].iter().any(|w| PRONOUNS.contains(&w.text));
        pronoun.then(|| self.antecedent(verb_at)).flatten()
    }

    /// A quote standing alone as its sentence continues the speaker of the
    /// quote just before it (news style), if nobody else is named between.
    fn continued(
        &self,
        quote: &Span,
        sentence: &Range<usize>,
        earlier: &[Option<usize>],
    ) -> Option<usize> {
        let text = self.text;
        let alone = text[sentence.start..quote.outer.start].trim().is_empty()
            && text[quote.outer.end..sentence.end.max(quote.outer.end)]
                .trim()
                .is_empty();
        if !alone {
            return None;
        }
        let n = earlier.len();
        let prev = self.quotes.get(n.checked_sub(1)?)?;
        let speaker = earlier.last().copied().flatten()?;
        let between = prev.end..quote.outer.start;
        let paragraphs = text[between.clone()].matches('\n').filter(|_| true).count();
        let other_named = self
            .mentions_in(between.clone())
            .any(|m| self.persons[m.actor] && m.actor != speaker)
            || has_unknown_name(text, between.clone(), self.mentions);
        (paragraphs <= 2 && !other_named).then_some(speaker)
    }

    fn mentions_in(&self, range: Range<usize>) -> impl DoubleEndedIterator<Item = &Mention> {
        self.mentions
            .iter()
            .filter(move |m| m.start >= range.start && m.end <= range.end)
    }

    /// Returns true if and only if the mention is a possessive ("Ukraine’s
    /// energy ministry"): it names whose, not who.
    fn is_possessive(&self, m: &Mention) -> bool {
        let rest = &self.text[m.end..];
        rest.starts_with("’s")
            || rest.starts_with("'s")
            || rest.starts_with("’ ")
            || rest.starts_with("' ")
    }

    /// Whom "he" or "she" at `offset` refers to: the last person named outside
    /// quotes, unless a name the registry does not know came after it.
    fn antecedent(&self, offset: usize) -> Option<usize> {
        let inside_quote = |m: &Mention| {
            self.quotes
                .iter()
                .any(|q| q.start <= m.start && m.end <= q.end)
        };
        let last = self
            .mentions
            .iter()
            .rfind(|m| m.end <= offset && self.persons[m.actor] && !inside_quote(m))?;
        (!has_unknown_name(self.text, last.end..offset, self.mentions)).then_some(last.actor)
    }
}

/// Prepositions: a name right after one is not the subject of the clause.
const PREPOSITIONS: &[&str] = &[
    "on", "in", "to", "with", "of", "from", "at", "by", "for", "about", "against", "into",
    "towards", "toward", "over", "between", "among", "meet", "met", "visit", "visited",
];

/// Returns true if and only if `head` (the clause up to a name) ends in a
/// preposition (or a verb that takes the name as its object).
fn after_preposition(head: &str) -> bool {
    let mut words = head
        .rsplit(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty());
    // "on the Kremlin": look past the article.
    let last = match words.next() {
        Some("the") => words.next(),
        word => word,
    };
    last.is_some_and(|w| PREPOSITIONS.contains(&w))
}

/// Returns true if and only if `range` of `text` holds what looks like a
/// person's name that is not a known mention: two capitalised words in a row,
/// not at a sentence start, outside quotes.
fn has_unknown_name(text: &str, range: Range<usize>, mentions: &[Mention]) -> bool {
    let segment = &text[range.clone()];
    let ws = words(segment);
    ws.windows(2).any(|pair| {
        let (a, b) = (&pair[0], &pair[1]);
        let capitalised = |w: &Word<'_>| {
            w.text.starts_with(char::is_uppercase)
                && w.text.chars().skip(1).all(char::is_lowercase)
                && w.text.len() > 1
        };
        let adjacent = segment[a.end..b.start].chars().all(|c| c == ' ');
        let after_stop = segment[..a.start]
            .trim_end()
            .ends_with(['.', '!', '?', '\n', '“', '"', '‘'])
            || a.start == 0;
        let known = mentions
            .iter()
            .any(|m| m.start <= range.start + a.start && range.start + b.end <= m.end);
        capitalised(a) && capitalised(b) && adjacent && !after_stop && !known
    })
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

pub fn sentence_start(text: &str, offset: usize) -> usize {
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
