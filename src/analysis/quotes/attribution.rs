//! Who said a quote: reading the sentence around it.
//!
//! The patterns are tried in order, and the first that names someone wins:
//! the attribution after the quote ("“…,” X said"), the clause before it
//! ("X said “…”"), the quote before it when this one stands alone as its
//! sentence, the person the sentence before was about ("Tusk was blunt.
//! “…”"), and the speaker label of a transcript line ("GROSSI: …"). Pronouns
//! and titles ("she", "the French president") are resolved in
//! [`reference`]. Anything unclear gives no speaker.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::LazyLock;

use rustc_hash::FxHashSet;

use super::marks::Span;
use super::prose::{self, Word, words};
use crate::analysis::mentions::Mention;
use crate::model::{Actor, ActorKind};

mod reference;
mod transcript;

use reference::Reference;

/// Verbs and phrases that introduce or attribute speech.
#[rustfmt::skip]
const SPEECH: &[&str] = &[
    "said", "says", "say", "saying", "told", "tells", "telling", "added", "adds", "adding",
    "stressed", "stresses", "stressing", "warned", "warns", "warning", "cautioned", "cautions",
    "called", "calls", "calling", "described", "describes", "describing", "insisted", "insists",
    "insisting", "noted", "notes", "noting", "wrote", "writes", "writing", "argued", "argues",
    "arguing", "praised", "praises", "urged", "urges", "urging", "declared", "declares",
    "declaring", "replied", "replies", "replying", "asked", "asks", "acknowledged",
    "acknowledges", "acknowledging", "admitted", "admits", "claimed", "claims", "countered",
    "counters", "emphasized", "emphasised", "emphasizes", "emphasises", "stated", "states",
    "announced", "announces", "explained", "explains", "recalled", "remarked", "observed",
    "conceded", "concedes", "conceding", "vowed", "vows", "pledged", "pledges", "promised",
    "promises", "demanded", "demands", "dismissed", "dismisses", "dismissing", "rejected",
    "rejects", "branded", "brands", "branding", "labelled", "labeled", "termed", "dubbed",
    "dubbing", "painted", "portrayed", "characterised", "characterized", "welcomed",
    "welcoming", "statement", "tweeted", "tweets", "posted", "posts", "push", "pushes",
    "pushed", "pushing", "accused", "accuses", "accusing", "condemned", "condemns", "denied",
    "denies", "confirmed", "confirms", "suggested", "suggests", "predicted", "predicts",
    "answered", "answers", "continued", "concluded", "reiterated", "reiterates", "maintained",
    "maintains", "signalled", "signaled", "hailed", "hails", "agreed", "underlined",
    "underlines", "underscored", "underscores", "retorted", "responded", "responds", "quipped",
    "joked", "lamented", "complained", "boasted", "exclaimed", "shouted", "wondered",
    "recounted", "reflected", "threatened", "proclaimed", "affirmed", "assured", "objected",
    "protested", "charged", "alleged", "contended", "elaborated", "scoffed", "snapped",
    "interview", "briefing", "speech", "remarks",
];

/// Returns true if and only if `word` is one of [`SPEECH`]: looked up for
/// most words around every quote, so through a set.
fn is_speech(word: &str) -> bool {
    static SET: LazyLock<FxHashSet<&str>> = LazyLock::new(|| SPEECH.iter().copied().collect());
    SET.contains(word)
}

/// Words that make the verb passive, so the subject is not the speaker.
const PASSIVE: &[&str] = &["being", "been", "be", "is", "are", "was", "were"];

/// Words that open a new clause after a quote ("“…,” while X said").
const CONJUNCTIONS: &[&str] = &[
    "while", "whereas", "but", "and", "although", "though", "as", "which", "when", "after",
    "before", "because", "since", "so", "or", "yet", "if", "unless", "until", "whose", "who",
];

/// Nouns of a source the text leaves unnamed: after a body's name ("a senior
/// EU diplomat", "Kremlin sources") they make the body a label, not the speaker.
#[rustfmt::skip]
const UNNAMED_SOURCES: &[&str] = &[
    "diplomat", "diplomats", "official", "officials", "source", "sources", "spokesman",
    "spokeswoman", "spokesperson", "aide", "aides", "adviser", "advisers", "advisor",
    "advisors", "negotiator", "negotiators", "insider", "insiders", "envoy", "envoys",
    "representative", "representatives", "lawmaker", "lawmakers", "member", "members",
    "minister", "ministers", "leader", "leaders", "officer", "officers", "commander",
    "commanders", "analyst", "analysts", "expert", "experts", "staffer", "staffers",
    "employee", "employees", "delegate", "delegates", "ambassador", "ambassadors",
];

/// How far back, in bytes, a pronoun or "it" looks for whom it refers to
/// (a few paragraphs).
const LOOKBACK: usize = 3000;

/// What attribution looks at.
pub struct Context<'a> {
    text: &'a str,
    /// Mentions of `text`, in order.
    mentions: &'a [Mention],
    /// The registry the mentions point into.
    actors: &'a [Actor],
    /// Every quote of `text`, in order (marks included).
    quotes: &'a [Range<usize>],
    /// What the text tells of each person's gender, read once per person.
    genders: RefCell<BTreeMap<usize, Option<reference::Gender>>>,
}

impl<'a> Context<'a> {
    /// What attribution in `text` looks at: its `mentions` of `actors` and its `quotes`, in order.
    pub fn new(
        text: &'a str,
        mentions: &'a [Mention],
        actors: &'a [Actor],
        quotes: &'a [Range<usize>],
    ) -> Self {
        Context {
            text,
            mentions,
            actors,
            quotes,
            genders: RefCell::default(),
        }
    }
}

impl Context<'_> {
    /// The speaker of `quote`, given the speakers of the quotes before it;
    /// `None` when the text does not say clearly.
    pub fn speaker(
        &self,
        quote: &Span,
        sentence: &Range<usize>,
        earlier: &[Option<usize>],
    ) -> Option<usize> {
        self.after(quote)
            .or_else(|| self.before(quote, sentence, earlier))
            .or_else(|| self.continued(quote, sentence, earlier))
            .or_else(|| self.introduced(quote, sentence))
            .or_else(|| self.labelled(quote, sentence))
    }

    /// "“…,” X said", "“…,” said X", "“…,” he added", "“…,” the French
    /// president said", "“…,” according to X".
    fn after(&self, quote: &Span) -> Option<usize> {
        if let Some(signed) = self.signed(quote) {
            return signed;
        }
        // A quote that ends its sentence ("“… propaganda.”") has nothing after it.
        if quote.last_inner_char(self.text).is_some_and(|c| c == '.') {
            return None;
        }
        // Past the comma or dash that joins the attribution to the quote.
        let rest = &self.text[quote.outer.end..];
        let start =
            quote.outer.end + (rest.len() - rest.trim_start_matches([' ', ',', '—', '–']).len());
        let end = prose::clause_end(self.text, start);
        let segment = &self.text[start..end];
        let words = words(segment);
        // The attribution follows at once: the first words hold a name, a
        // pronoun or a verb, not a conjunction that opens another clause.
        let first = words.first()?;
        if CONJUNCTIONS.contains(&first.text) {
            return None;
        }
        let verb = words.iter().take(12).position(|w| is_speech(w.text));
        // "according to TASS" names the source only when no one is said to speak first.
        if let Some(to) = according_to(&words).filter(|&i| verb.is_none_or(|v| i < v)) {
            return self.named_at(start + words[to].end, end);
        }
        match verb? {
            0 => self.inverted(start + words[0].end, end, words[0].text),
            verb => self.subject_then_verb(start, segment, &words, verb),
        }
    }

    /// "“…,” said X", "“…,” said the French president": the speaker
    /// follows `verb`, in `from..to`.
    fn inverted(&self, from: usize, to: usize, verb: &str) -> Option<usize> {
        // "“…,” saying Chisinau was …": a participle opens what was said, not who.
        if verb.ends_with("ing") {
            return None;
        }
        self.named_at(from, to).or_else(|| {
            let (reference, at) = Reference::leading(&self.text[from..to])?;
            self.resolve(&reference, from + at)
        })
    }

    /// "“…,” X, the EU's foreign policy chief, said", "“…,” he added", "“…,”
    /// the French president said": the attribution `segment` at `start`
    /// opens with its subject, then the verb, word number `verb` of `words`.
    fn subject_then_verb(
        &self,
        start: usize,
        segment: &str,
        words: &[Word<'_>],
        verb: usize,
    ) -> Option<usize> {
        if is_passive(&words[..verb]) {
            return None;
        }
        let verb_at = start + words[verb].start;
        if let Some(found) = self.named_at(start, verb_at) {
            return Some(found);
        }
        // The whole subject refers back.
        let subject = prose::before_trailing_aside(&segment[..words[verb].start], &words[..verb]);
        let (reference, at) = Reference::ending(segment, &words[..subject])?;
        (at == words[0].start)
            .then(|| self.resolve(&reference, start + at))
            .flatten()
    }

    /// A quote signed with a dash, as pull quotes and epigraphs are: "“…”
    /// — Ursula von der Leyen", "“…” — the French president". `None` when the
    /// quote is not signed; `Some(None)` when it is, by no one known.
    fn signed(&self, quote: &Span) -> Option<Option<usize>> {
        let rest = &self.text[quote.outer.end..];
        let signature = rest
            .trim_start_matches(' ')
            .strip_prefix(['—', '–'])?
            .trim_start_matches(' ');
        // A signed quote is a paragraph of its own.
        let line_start = prose::paragraph_start(self.text, quote.outer.start);
        if !self.text[line_start..quote.outer.start].trim().is_empty() {
            return None;
        }
        let line = &signature[..signature.find('\n').unwrap_or(signature.len())];
        let line = line.trim_end().trim_end_matches('.');
        // A signature is a name or a title, not a clause with a verb.
        let signed_words = words(line);
        let clause = signed_words.iter().any(|w| is_speech(w.text));
        if signed_words.is_empty() || signed_words.len() > 8 || clause {
            return None;
        }
        let from = self.text.len() - signature.len();
        let to = from + line.len();
        // The name opens the signature, after at most a title: "— Kremlin
        // spokesman Dmitry Peskov", not "— a reference to Peskov".
        let named = self.named_at(from, to).filter(|_| {
            self.mentions_in(from..to).next().is_some_and(|m| {
                let lead = &self.text[from..m.start];
                let lead_words = words(lead);
                lead_words.len() <= 3
                    && !lead_words.iter().any(|w| w.is_one_of(&["a", "an"]))
                    && !prose::after_preposition(lead)
            })
        });
        Some(named.or_else(|| {
            let (title, at) = Reference::leading(line)?;
            self.resolve(&title, from + at)
        }))
    }

    /// The actor named at the start of `from..to`, after at most a few title
    /// words ("NATO Secretary General Mark Rutte", "Minister Sybiha"); a
    /// person is preferred to the body in their title, and a body that only
    /// labels an unnamed source ("EU officials") is no speaker.
    fn named_at(&self, from: usize, to: usize) -> Option<usize> {
        let near = |m: &&Mention| {
            // A comma only before an apposition: "Ukraine’s president, Volodymyr Zelenskyy".
            let between = self.text[from..m.start].trim_end();
            let apposition = between.strip_suffix(',').unwrap_or(between);
            words(between).len() <= 5
                && !apposition.contains(['.', ';', ',', ':'])
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
            .find(|m| self.is_person(m.actor));
        match person {
            Some(p) => (!self.is_coordinated(p)).then_some(p.actor),
            None => (titles_only && !self.labels_unnamed_source(first, to)).then_some(first.actor),
        }
    }

    /// "X said “…”", "X called the initiative “…”", "X, the foreign minister, warned that “…”".
    fn before(
        &self,
        quote: &Span,
        sentence: &Range<usize>,
        earlier: &[Option<usize>],
    ) -> Option<usize> {
        let mut start = prose::clause_start(self.text, sentence.start, quote.outer.start);
        // An earlier quote in the sentence ends the clause before this one;
        // with no new speaker between, its speaker goes on ("X said the
        // measures were “illegitimate” and would “backfire”").
        // Quotes are in order and do not overlap: the last one ending before
        // this quote, if it ends inside the clause.
        let prev = self
            .quotes
            .partition_point(|q| q.end <= quote.outer.start)
            .checked_sub(1)
            .filter(|&p| self.quotes[p].end > start);
        if let Some(p) = prev {
            start = self.quotes[p].end;
            let found = self.subject(start, quote.outer.start);
            let other_person = self
                .mentions_in(start..quote.outer.start)
                .any(|m| self.is_person(m.actor));
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
                start = prose::sentence_start(self.text, end - 1);
                return self.subject(start, end);
            }
            return None;
        }
        self.subject(start, quote.outer.start)
            .or_else(|| self.according_to_lead(start, quote.outer.start))
    }

    /// "According to Costa, the leaders would “…”": a clause that opens by
    /// naming its source.
    fn according_to_lead(&self, start: usize, end: usize) -> Option<usize> {
        let words = words(&self.text[start..end]);
        let to = according_to(&words).filter(|&i| i == 1)?;
        self.named_at(start + words[to].end, end)
    }

    /// The speaker of the clause `start..end` that introduces a quote: "he"
    /// or "the chancellor" right before its last speech verb, else the actor
    /// nearest before the verb (a person first), leaving out possessives,
    /// names inside prepositional phrases ("hawkish on Russia") and asides
    /// ("Lavrov, who met Fidan, said"), and bodies that only label an
    /// unnamed source ("a senior EU diplomat said"). A clause that ends in a
    /// colon needs no verb ("Tusk was blunt: “…”").
    fn subject(&self, start: usize, end: usize) -> Option<usize> {
        let clause = &self.text[start..end];
        let words = words(clause);
        // "Tusk was blunt: “…”": a clause ending in a colon introduces the
        // quote without a speech verb; its speaker is its first person.
        let colon = clause.trim_end().ends_with(':');
        let verb = words
            .iter()
            .rposition(|w| is_speech(w.text))
            .or(colon.then_some(words.len()))?;
        if is_passive(&words[..verb]) {
            return None;
        }
        let verb_at = words.get(verb).map_or(end, |w| start + w.start);
        if verb > 0 && words[verb - 1].text == "who" {
            return self.relative_antecedent(start + words[verb - 1].start);
        }
        let before_verb = &clause[..words.get(verb).map_or(clause.len(), |w| w.start)];
        let subject = prose::before_trailing_aside(before_verb, &words[..verb]);
        let reference = Reference::ending(clause, &words[..subject]);
        if let Some((pronoun @ Reference::Person(_), at)) = &reference {
            return self.resolve(pronoun, start + at);
        }
        if let Some(named) = self.named_subject(start, verb_at, verb == words.len()) {
            return named;
        }
        if let Some((title, at)) = &reference {
            return self.resolve(title, start + at);
        }
        let pronoun = words[..verb]
            .iter()
            .find_map(|w| Reference::pronoun(w.text).map(|r| (r, w.start)));
        pronoun.and_then(|(r, at)| self.resolve(&r, start + at))
    }

    /// The actor named as the subject of `start..verb_at`: the person nearest
    /// the verb (the first one in a `verbless` clause), else the first body.
    /// `None` when no one is named there; `Some(None)` when those named are
    /// no single speaker: persons joined by "and", a body after a name the
    /// registry does not know or labelling an unnamed source.
    fn named_subject(&self, start: usize, verb_at: usize, verbless: bool) -> Option<Option<usize>> {
        // "with Kallas saying": the name right before a participle is its subject.
        let participle = self.text[verb_at..]
            .split(|c: char| !c.is_alphanumeric())
            .next()
            .is_some_and(|verb| verb.ends_with("ing"));
        let subject_of_participle =
            |m: &Mention| participle && self.text[m.end..verb_at].trim().is_empty();
        let candidates: Vec<&Mention> = self
            .mentions_in(start..verb_at)
            .filter(|m| {
                !self.is_possessive(m)
                    && (subject_of_participle(m)
                        || !prose::after_preposition(&self.text[start..m.start]))
                    && !prose::in_aside(self.text, start, m.start, verb_at)
            })
            .collect();
        let mut people = candidates.iter().filter(|m| self.is_person(m.actor));
        let person = if verbless {
            people.next()
        } else {
            people.next_back()
        };
        if let Some(found) = person {
            return Some((!self.is_coordinated(found)).then_some(found.actor));
        }
        let body = candidates.first()?;
        // "Ukraine's Coordination Headquarters ... thanked the ICRC and
        // described": an unknown name before the body is the subject.
        let phrase = prose::phrase_start(self.text, start, body.start);
        let unknown_subject = prose::has_unknown_name(self.text, phrase..body.start, self.mentions);
        Some((!unknown_subject && !self.labels_unnamed_source(body, verb_at)).then_some(body.actor))
    }

    /// Whom "who" at `who` stands for: the actor named right before it
    /// ("Peskov spoke to Kallas, who said …" is Kallas).
    fn relative_antecedent(&self, who: usize) -> Option<usize> {
        let head = self.text[..who].trim_end();
        let head = head.strip_suffix(',').unwrap_or(head).trim_end();
        // Mentions are in order and do not overlap: the last one ending by
        // `head`'s end, if it ends right there.
        let i = self.mentions.partition_point(|m| m.end <= head.len());
        i.checked_sub(1)
            .map(|i| &self.mentions[i])
            .filter(|m| m.end == head.len())
            .map(|m| m.actor)
    }

    /// Returns true if and only if the body `m` only labels a source the text
    /// leaves unnamed: "a senior EU diplomat", "Kremlin sources" before `verb_at`.
    fn labels_unnamed_source(&self, m: &Mention, verb_at: usize) -> bool {
        let Some(between) = self.text.get(m.end..verb_at) else {
            return false;
        };
        let head = between.split([',', '.', ';', ':']).next().unwrap_or("");
        words(head)
            .iter()
            .take(4)
            .any(|w| UNNAMED_SOURCES.contains(&w.text))
    }

    /// Returns true if and only if mention `m` is one of several joined by
    /// "and" ("Zelenskyy and Macron said"): no one of them is the speaker.
    fn is_coordinated(&self, m: &Mention) -> bool {
        let i = self.mentions.partition_point(|x| x.start < m.start);
        let joins = |from: usize, to: usize| {
            self.text
                .get(from..to)
                .is_some_and(|between| matches!(between.trim(), "and" | "&" | "or"))
        };
        let before = i
            .checked_sub(1)
            .and_then(|j| self.mentions.get(j))
            .is_some_and(|p| p.end <= m.start && joins(p.end, m.start));
        let after = self
            .mentions
            .get(i + 1)
            .is_some_and(|n| m.end <= n.start && joins(m.end, n.start));
        before || after
    }

    /// Returns true if and only if `range` names as a speaker someone the
    /// registry does not know: a capitalised word that is no mention right
    /// before a speech verb ("Nebenzia replied", "Officials said").
    fn names_unknown_speaker(&self, range: Range<usize>) -> bool {
        let segment = &self.text[range.clone()];
        let words = words(segment);
        words.windows(2).any(|pair| {
            let (name, verb) = (&pair[0], &pair[1]);
            let at = range.start + name.start;
            // A verb, not a noun like "calls" ("European calls for …").
            let finite = verb.text.ends_with("ed")
                || matches!(verb.text, "said" | "says" | "told" | "tells" | "wrote");
            is_speech(verb.text)
                && finite
                && segment[name.end..verb.start] == *" "
                && name.text.starts_with(char::is_uppercase)
                && Reference::pronoun(name.text).is_none()
                && !matches!(name.text, "I" | "We" | "The")
                && self.mention_at(at).is_none()
        })
    }

    /// A quote standing alone as its sentence continues the speaker of the
    /// quote just before it (news style), if nobody else is named between
    /// (names in the rest of that quote's own sentence are its objects:
    /// "“…,” Sandu told reporters after meeting Costa. “…”").
    fn continued(
        &self,
        quote: &Span,
        sentence: &Range<usize>,
        earlier: &[Option<usize>],
    ) -> Option<usize> {
        if !self.stands_alone(quote, sentence) {
            return None;
        }
        let n = earlier.len();
        let prev = self.quotes.get(n.checked_sub(1)?)?;
        let speaker = earlier.last().copied().flatten()?;
        let between = prev.end..quote.outer.start;
        let tail_end = prose::sentence_end(self.text, prev.end).min(quote.outer.start);
        let in_tail_as_object = |m: &Mention| {
            m.end <= tail_end && prose::after_preposition(&self.text[prev.end..m.start])
        };
        let paragraphs = self.text[between.clone()].matches('\n').count();
        let other_named = self
            .mentions_in(between.clone())
            .any(|m| self.is_person(m.actor) && m.actor != speaker && !in_tail_as_object(m))
            || prose::has_unknown_name(self.text, between.clone(), self.mentions)
            || self.names_unknown_speaker(between);
        (paragraphs <= 2 && !other_named).then_some(speaker)
    }

    /// A quote standing alone right after a sentence about a named person, in
    /// the same paragraph: "Prime Minister Donald Tusk was blunt. “If Poland
    /// can do it, anyone can.”"
    fn introduced(&self, quote: &Span, sentence: &Range<usize>) -> Option<usize> {
        if !self.stands_alone(quote, sentence) {
            return None;
        }
        let head = self.text[..sentence.start].trim_end();
        let same_paragraph = !self.text[head.len()..sentence.start].contains('\n');
        if head.is_empty() || !same_paragraph || head.ends_with('?') {
            return None;
        }
        let sentence_start = prose::sentence_start(self.text, head.len());
        let previous = prose::main_clause_start(self.text, sentence_start, head.len())..head.len();
        let holds_quote = self
            .quotes
            .iter()
            .any(|q| q.start < previous.end && previous.start < q.end);
        if holds_quote {
            return None;
        }
        let subject = self.mentions_in(previous.clone()).find(|m| {
            !self.is_possessive(m)
                && !prose::after_preposition(&self.text[previous.start..m.start])
                && !prose::in_aside(self.text, previous.start, m.start, previous.end)
        })?;
        let unknown =
            prose::has_unknown_name(self.text, previous.start..subject.start, self.mentions);
        (self.is_person(subject.actor) && !unknown).then_some(subject.actor)
    }

    /// Returns true if and only if `quote` is the whole of its sentence.
    fn stands_alone(&self, quote: &Span, sentence: &Range<usize>) -> bool {
        let text = self.text;
        // The sentence after the quote's own inner sentences.
        let end = prose::sentence_end(text, quote.outer.end);
        text[sentence.start..quote.outer.start].trim().is_empty()
            && text[quote.outer.end..end].trim().is_empty()
    }

    /// The mentions that lie within `range`, found by binary search.
    fn mentions_in(&self, range: Range<usize>) -> impl DoubleEndedIterator<Item = &Mention> {
        let from = self.mentions.partition_point(|m| m.start < range.start);
        let to = self.mentions.partition_point(|m| m.start < range.end);
        self.mentions[from..to.max(from)]
            .iter()
            .filter(move |m| m.end <= range.end)
    }

    /// Returns true if and only if actor `actor` of the registry is a person.
    fn is_person(&self, actor: usize) -> bool {
        self.actors[actor].kind == ActorKind::Person
    }

    /// Returns true if and only if the mention lies inside a quote.
    fn in_quote(&self, m: &Mention) -> bool {
        self.inside_quote(m.start)
    }

    /// Returns true if and only if byte `at` lies inside a quote.
    fn inside_quote(&self, at: usize) -> bool {
        // Quotes are in order and do not overlap: the last one that starts at or before `at`.
        let i = self.quotes.partition_point(|q| q.start <= at);
        i.checked_sub(1).is_some_and(|i| at < self.quotes[i].end)
    }

    /// The mention that covers byte `at`, if any.
    fn mention_at(&self, at: usize) -> Option<&Mention> {
        prose::mention_at(self.mentions, at)
    }

    /// Where references back from `at` stop looking: [`LOOKBACK`] bytes
    /// before it, so that resolving them stays linear in the text.
    fn lookback(&self, at: usize) -> usize {
        prose::back(self.text, at, LOOKBACK)
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
}

/// The index of "to" in "according to", if `words` hold it.
fn according_to(words: &[Word<'_>]) -> Option<usize> {
    let i = words.iter().position(|w| w.is_one_of(&["according"]))?;
    words
        .get(i + 1)
        .is_some_and(|w| w.text == "to")
        .then_some(i + 1)
}

/// Returns true if and only if the words end in a passive construction
/// ("are being framed as"), whose grammatical subject did not speak.
fn is_passive(words: &[Word<'_>]) -> bool {
    words.last().is_some_and(|w| PASSIVE.contains(&w.text))
}
