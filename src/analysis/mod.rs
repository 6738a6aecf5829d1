//! What brief derives from the content: where actors are mentioned and where
//! they stand on topics.
//!
//! Pure functions of the [`Corpus`](crate::model::Corpus): no I/O, no HTML.

pub mod mentions;
pub mod quotes;
pub mod stances;

pub use mentions::{Matcher, Mention};
pub use quotes::Quote;
pub use stances::{Assessment, StanceMap, Standing, TopicCounts};

/// Whether `c` is a letter or a digit, as [`char::is_alphanumeric`] says;
/// the marks of news text (curly quotes, dashes: Unicode's General
/// Punctuation block, which holds neither) are answered without searching
/// Unicode's tables, as ASCII is.
fn is_alphanumeric(c: char) -> bool {
    !('\u{2000}'..='\u{206f}').contains(&c) && c.is_alphanumeric()
}

#[cfg(test)]
mod tests {
    #[test]
    fn is_alphanumeric_answers_as_the_standard_library_for_every_char() {
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            assert_eq!(super::is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
        }
    }
}
