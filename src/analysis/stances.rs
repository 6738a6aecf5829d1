//! Stances over time: for each actor and topic, the assessments notes make,
//! the current position, its history, shifts and contested positions.
//!
//! Definitions (SPEC §4):
//! - assessments of one actor on one topic are ordered by note date, then note
//!   id, then their order in the note;
//! - the *current* position is the latest date's assessments;
//! - assessments of one date that disagree make that date *contested*: all of
//!   them are kept, none is preferred;
//! - an assessment's *shift* is the sign of its value minus the value of the
//!   latest earlier date, when both have a value and neither date is contested.

use std::collections::BTreeMap;

use crate::model::{Corpus, Date, Scale, Stance};

/// One assessment: stance `stance` of note `note` (indices into the corpus).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Assessment {
    pub note: usize,
    pub stance: usize,
    pub date: Date,
    /// The value of its position on the scale, `None` for positions without one.
    pub value: Option<i32>,
    /// -1, 0 or +1 against the latest earlier date; `None` when there is nothing to compare.
    pub shift: Option<i32>,
    /// Another assessment of the same date disagrees.
    pub contested: bool,
    /// It belongs to the latest date: it is (part of) the current position.
    pub current: bool,
}

impl Assessment {
    pub fn stance<'c>(&self, corpus: &'c Corpus) -> &'c Stance {
        &corpus.notes[self.note].stances[self.stance]
    }
}

/// Where one actor stands on one topic.
#[derive(Clone, Debug)]
pub struct Standing {
    pub actor: String,
    pub topic: String,
    /// Every assessment, oldest first.
    pub history: Vec<Assessment>,
}

impl Standing {
    /// The assessments of the latest date (more than one when contested or confirmed twice).
    pub fn current(&self) -> impl Iterator<Item = &Assessment> {
        self.history.iter().filter(|a| a.current)
    }

    /// The assessment that stands for the current position: the first of the latest date.
    pub fn latest(&self) -> &Assessment {
        self.current()
            .next()
            .expect("a standing has at least one assessment")
    }

    pub fn is_contested(&self) -> bool {
        self.latest().contested
    }

    /// The position key of the current position; `None` when contested, so
    /// that no count or grouping silently picks one side.
    pub fn settled_position<'c>(&self, corpus: &'c Corpus) -> Option<&'c str> {
        (!self.is_contested()).then(|| self.latest().stance(corpus).position.as_str())
    }
}

/// Where the actors assessed on one topic stand, counted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TopicCounts {
    /// Actors per level of the scale, in scale order.
    pub per_level: Vec<usize>,
    /// Actors whose current position is contested (counted under no level).
    pub contested: usize,
}

/// Every standing, keyed by (actor, topic) in id order.
#[derive(Clone, Debug, Default)]
pub struct StanceMap {
    pub standings: BTreeMap<(String, String), Standing>,
}

impl StanceMap {
    pub fn new(corpus: &Corpus, scale: &Scale) -> Self {
        let mut by_pair: BTreeMap<(&str, &str), Vec<Assessment>> = BTreeMap::new();
        for (n, note) in corpus.notes.iter().enumerate() {
            for (s, stance) in note.stances.iter().enumerate() {
                let value = scale.level(&stance.position).and_then(|l| l.value);
                by_pair
                    .entry((&stance.actor, &stance.topic))
                    .or_default()
                    .push(Assessment {
                        note: n,
                        stance: s,
                        date: note.date,
                        value,
                        shift: None,
                        contested: false,
                        current: false,
                    });
            }
        }
        let standings = by_pair
            .into_iter()
            .map(|((actor, topic), mut history)| {
                history.sort_by(|a, b| {
                    a.date
                        .day
                        .cmp(&b.date.day)
                        .then_with(|| corpus.notes[a.note].id.cmp(&corpus.notes[b.note].id))
                        .then(a.stance.cmp(&b.stance))
                });
                derive(&mut history, corpus);
                let (actor, topic) = (actor.to_string(), topic.to_string());
                (
                    (actor.clone(), topic.clone()),
                    Standing {
                        actor,
                        topic,
                        history,
                    },
                )
            })
            .collect();
        StanceMap { standings }
    }

    pub fn get(&self, actor: &str, topic: &str) -> Option<&Standing> {
        self.standings.get(&(actor.to_string(), topic.to_string()))
    }

    /// The standings of one actor, by topic id.
    pub fn of_actor<'a>(&'a self, actor: &'a str) -> impl Iterator<Item = &'a Standing> {
        self.standings.values().filter(move |s| s.actor == actor)
    }

    /// How many actors hold each level of `scale` on `topic` (settled
    /// positions only), and how many positions there are contested.
    pub fn counts(&self, topic: &str, corpus: &Corpus, scale: &Scale) -> TopicCounts {
        let mut counts = TopicCounts {
            per_level: vec![0; scale.levels.len()],
            contested: 0,
        };
        for standing in self.on_topic(topic) {
            match standing.settled_position(corpus) {
                None => counts.contested += 1,
                Some(key) => {
                    if let Some(i) = scale.level_index(key) {
                        counts.per_level[i] += 1;
                    }
                }
            }
        }
        counts
    }

    /// The standings on one topic, by actor id.
    pub fn on_topic<'a>(&'a self, topic: &'a str) -> impl Iterator<Item = &'a Standing> {
        self.standings.values().filter(move |s| s.topic == topic)
    }
}

/// Fills `shift`, `contested` and `current` of a history sorted oldest first.
fn derive(history: &mut [Assessment], corpus: &Corpus) {
    // Runs of assessments sharing a day.
    let mut groups: Vec<std::ops::Range<usize>> = Vec::new();
    for i in 0..history.len() {
        match groups.last_mut() {
            Some(g) if history[g.start].date.day == history[i].date.day => g.end = i + 1,
            _ => groups.push(i..i + 1),
        }
    }
    let mut previous: Option<(bool, Option<i32>)> = None;
    for (g, range) in groups.iter().enumerate() {
        let positions: Vec<&str> = history[range.clone()]
            .iter()
            .map(|a| a.stance(corpus).position.as_str())
            .collect();
        let contested = positions.iter().any(|p| *p != positions[0]);
        let is_last = g + 1 == groups.len();
        for a in &mut history[range.clone()] {
            a.contested = contested;
            a.current = is_last;
            a.shift = match previous {
                Some((false, Some(before))) if !contested => a.value.map(|v| (v - before).signum()),
                _ => None,
            };
        }
        previous = Some((contested, history[range.start].value));
    }
}

#[cfg(test)]
mod tests;
