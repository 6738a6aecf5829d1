//! Quotations in articles and who said them.
//!
//! [`extract`] finds every quotation: curly “…” and straight "…" double
//! quotes, the single quotes ‘…’ of British papers (told apart from
//! apostrophes), and the guillemets «…» and „…“ of European wire copy. A quote
//! that runs over several paragraphs in news style (an opening mark on each,
//! a closing mark only on the last) is one quote; quotes nested inside another
//! belong to it; inch marks (`12"`) are not quotes.
//!
//! Attribution reads the sentence around the quote: "“…,” X said", "“…,”
//! said X", "X, the foreign minister, warned that “…”", "X called it “…”",
//! "“…,” X said, according to TASS", a pronoun ("she", "it") or a title
//! ("the French president") resolved to whom it refers back to, a metonym
//! ("Moscow") through the registry's aliases, a quote standing alone after
//! its speaker's, a transcript's speaker label ("GROSSI:"), a pull quote's
//! signature ("“…” — Kallas"). Unnamed sources ("a senior EU diplomat") are
//! no one. A quote with no clear speaker stays unattributed: a wrong speaker
//! on an actor page is worse than none.

use std::ops::Range;

use super::mentions::Mention;
use crate::model::Actor;

mod attribution;
mod marks;
mod prose;

/// One quotation in a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Quote {
    /// `q1`, `q2`, ... in document order.
    pub id: String,
    /// Byte range of the quote in the text, marks included.
    pub span: Range<usize>,
    /// The quoted words: see [`Quote::text`].
    pub words: QuoteWords,
    /// Byte range of the sentence the quote starts in.
    pub sentence: Range<usize>,
    /// The speaker, as an index into the registry.
    pub speaker: Option<usize>,
}

/// Where a quote's words are: a range of the text it was found in, or, for
/// a quote over several paragraphs, the paragraphs joined by a line break.
/// Most quotes are one paragraph, and an archive keeps every quote for the
/// whole build: a range costs no copy of the words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum QuoteWords {
    In(Range<usize>),
    Joined(Box<str>),
}

impl Quote {
    /// The quoted words without the marks, paragraphs joined by a line
    /// break; `text` is the text the quote was found in.
    pub fn text<'a>(&'a self, text: &'a str) -> &'a str {
        match &self.words {
            QuoteWords::In(range) => &text[range.clone()],
            QuoteWords::Joined(words) => words,
        }
    }
}

/// Every quotation in `text`, attributed where the text says who spoke.
///
/// `mentions` are the actor mentions of `text` (from [`super::Matcher`]);
/// quotes that overlap a range of `skip` (code, in Markdown) are not quotes.
pub fn extract(
    text: &str,
    mentions: &[Mention],
    actors: &[Actor],
    skip: &[Range<usize>],
) -> Vec<Quote> {
    let spans: Vec<marks::Span> = marks::find(text)
        .into_iter()
        .filter(|s| {
            !skip
                .iter()
                .any(|r| r.start < s.outer.end && s.outer.start < r.end)
        })
        .collect();
    let ranges: Vec<Range<usize>> = spans.iter().map(|s| s.outer.clone()).collect();
    let context = attribution::Context::new(text, mentions, actors, &ranges);
    let mut speakers: Vec<Option<usize>> = Vec::with_capacity(spans.len());
    let mut quotes = Vec::with_capacity(spans.len());
    for (i, span) in spans.into_iter().enumerate() {
        let sentence = prose::sentence_around(text, span.outer.start);
        let speaker = context.speaker(&span, &sentence, &speakers);
        speakers.push(speaker);
        quotes.push(Quote {
            id: id(i + 1),
            words: span.words(text),
            span: span.outer,
            sentence,
            speaker,
        });
    }
    quotes
}

/// The id of the quote numbered `n`: `q1`, `q2`, ... (written without the
/// formatting machinery: every quote of an archive gets one).
fn id(n: usize) -> String {
    let mut number = itoa::Buffer::new();
    let digits = number.format(n);
    let mut id = String::with_capacity(1 + digits.len());
    id.push('q');
    id.push_str(digits);
    id
}

#[cfg(test)]
mod tests;
