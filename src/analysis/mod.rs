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
