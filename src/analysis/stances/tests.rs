use super::*;
use crate::model::{Note, Source};

fn note(id: &str, date: &str, stances: &[(&str, &str, &str)]) -> Note {
    Note {
        id: id.to_string(),
        source: Source {
            path: format!("content/notes/{id}.md").into(),
            body_offset: 0,
            body_line: 1,
        },
        title: id.to_string(),
        date: Date::parse(date).unwrap(),
        updated: None,
        analysts: vec![],
        articles: vec![],
        tags: vec![],
        summary: None,
        confidence: None,
        draft: false,
        extra: Default::default(),
        stances: stances
            .iter()
            .map(|(actor, topic, position)| Stance {
                actor: actor.to_string(),
                topic: topic.to_string(),
                position: position.to_string(),
                confidence: None,
                evidence: None,
                salience: None,
                comment: None,
                at: Default::default(),
                evidence_at: Default::default(),
            })
            .collect(),
        body: String::new(),
    }
}

fn map(notes: Vec<Note>) -> (Corpus, StanceMap) {
    let mut corpus = Corpus::default();
    corpus.notes = notes.into_iter().map(std::sync::Arc::new).collect();
    corpus.arrange();
    let map = StanceMap::new(&corpus, &Scale::default());
    (corpus, map)
}

#[test]
fn the_latest_note_sets_the_current_position_and_the_shift() {
    let (corpus, map) = map(vec![
        note("a", "2025-05-16", &[("russia", "talks", "skeptical")]),
        note("b", "2025-05-19", &[("russia", "talks", "cautious")]),
    ]);
    let s = map.get("russia", "talks").unwrap();
    assert_eq!(s.settled_position(&corpus), Some("cautious"));
    assert_eq!(s.latest().shift, Some(1));
    assert_eq!(s.history[0].shift, None);
    assert!(!s.is_contested());
}

#[test]
fn a_confirmed_position_has_shift_zero() {
    let (_, map) = map(vec![
        note("a", "2025-05-16", &[("ukraine", "talks", "cautious")]),
        note("b", "2025-05-19", &[("ukraine", "talks", "cautious")]),
    ]);
    assert_eq!(map.get("ukraine", "talks").unwrap().latest().shift, Some(0));
}

#[test]
fn same_date_disagreement_is_contested_and_never_resolved() {
    let (corpus, map) = map(vec![
        note("a", "2025-05-16", &[("russia", "pow", "supports")]),
        note("c", "2025-05-23", &[("russia", "pow", "skeptical")]),
        note("b", "2025-05-23", &[("russia", "pow", "cautious")]),
    ]);
    let s = map.get("russia", "pow").unwrap();
    assert!(s.is_contested());
    assert_eq!(s.settled_position(&corpus), None);
    let current: Vec<&str> = s
        .current()
        .map(|a| a.stance(&corpus).position.as_str())
        .collect();
    assert_eq!(current, ["cautious", "skeptical"], "ordered by note id");
    assert!(s.current().all(|a| a.shift.is_none()));
}

#[test]
fn positions_without_value_have_no_shift() {
    let (_, map) = map(vec![
        note("a", "2025-05-16", &[("us", "aid", "unclear")]),
        note("b", "2025-05-19", &[("us", "aid", "supports")]),
    ]);
    assert_eq!(map.get("us", "aid").unwrap().latest().shift, None);
}
