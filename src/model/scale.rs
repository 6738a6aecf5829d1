//! The vocabularies stances are written in: the ordered stance scale, the
//! estimative terms for confidence, and salience.

use serde::{Deserialize, Serialize};

/// One position on the stance scale.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Level {
    pub key: String,
    pub label: String,
    /// Where the position sits, for sorting and charts; `None` for "unclear".
    #[serde(default)]
    pub value: Option<i32>,
    /// A CSS colour.
    pub colour: String,
}

/// The ordered stance scale; the first level is the most opposed.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Scale {
    pub levels: Vec<Level>,
}

impl Default for Scale {
    fn default() -> Self {
        let level = |key: &str, label: &str, value: Option<i32>, colour: &str| Level {
            key: key.to_string(),
            label: label.to_string(),
            value,
            colour: colour.to_string(),
        };
        Scale {
            levels: vec![
                level("opposes", "Opposes", Some(-2), "#b2182b"),
                level("skeptical", "Skeptical", Some(-1), "#ef8a62"),
                level("neutral", "Neutral", Some(0), "#8c8c8c"),
                level("cautious", "Cautiously supports", Some(1), "#67a9cf"),
                level("supports", "Supports", Some(2), "#2166ac"),
                level("unclear", "Unclear", None, "#d9d9d9"),
            ],
        }
    }
}

impl Scale {
    pub fn level(&self, key: &str) -> Option<&Level> {
        self.level_index(key).map(|i| &self.levels[i])
    }

    /// Where level `key` stands in `levels`.
    pub fn level_index(&self, key: &str) -> Option<usize> {
        self.levels.iter().position(|l| l.key == key)
    }

    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.levels.iter().map(|l| l.key.as_str())
    }
}

/// The estimative terms of confidence, least to most likely, with labels.
pub const ESTIMATIVE_TERMS: [(&str, &str); 7] = [
    ("almost-no-chance", "Almost no chance"),
    ("very-unlikely", "Very unlikely"),
    ("unlikely", "Unlikely"),
    ("roughly-even", "Roughly even chance"),
    ("likely", "Likely"),
    ("very-likely", "Very likely"),
    ("almost-certain", "Almost certain"),
];

/// The label of an estimative term.
pub fn term_label(key: &str) -> Option<&'static str> {
    ESTIMATIVE_TERMS
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, l)| *l)
}

/// How much a topic matters to an actor.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Salience {
    Low,
    Medium,
    High,
}

impl Salience {
    pub const KEYS: [&'static str; 3] = ["low", "medium", "high"];

    pub fn parse(key: &str) -> Option<Self> {
        match key {
            "low" => Some(Salience::Low),
            "medium" => Some(Salience::Medium),
            "high" => Some(Salience::High),
            _ => None,
        }
    }
}
