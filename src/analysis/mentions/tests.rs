use super::*;
use crate::model::ActorKind;

fn actor(id: &str, name: &str, aliases: &[&str]) -> Actor {
    Actor::for_test(id, name, ActorKind::State, aliases)
}

fn registry() -> Vec<Actor> {
    vec![
        actor("erdogan", "Recep Tayyip Erdoğan", &["Erdoğan"]),
        actor("russia", "Russia", &["Moscow", "the Kremlin"]),
        actor("security-council", "Russia's Security Council", &[]),
        actor("turkiye", "Türkiye", &["Turkey"]),
    ]
}

fn found(matcher: &Matcher, text: &str) -> Vec<(usize, String)> {
    matcher
        .find(text)
        .iter()
        .map(|m| (m.actor, text[m.start..m.end].to_string()))
        .collect()
}

#[test]
fn whole_words_only() {
    let m = Matcher::new(&registry(), true);
    assert_eq!(
        found(&m, "Moscowians in Moscow."),
        [(1, "Moscow".to_string())]
    );
}

#[test]
fn diacritics_fold_both_ways_with_offsets_into_the_original() {
    let m = Matcher::new(&registry(), true);
    assert_eq!(
        found(&m, "Erdogan met Erdoğan in Turkiye, née Türkiye."),
        [
            (0, "Erdogan".into()),
            (0, "Erdoğan".into()),
            (3, "Turkiye".into()),
            (3, "Türkiye".into())
        ]
    );
}

#[test]
fn possessives_and_the_longest_name_win() {
    let m = Matcher::new(&registry(), true);
    assert_eq!(
        found(
            &m,
            "Russia’s Security Council met; Russia's envoy and Russia’s spokesman spoke."
        ),
        [
            (2, "Russia’s Security Council".into()),
            (1, "Russia".into()),
            (1, "Russia".into())
        ]
    );
}

#[test]
fn case_sensitive_by_default_relaxed_on_request() {
    assert!(
        Matcher::new(&registry(), true)
            .find("roast turkey")
            .is_empty()
    );
    assert_eq!(
        found(&Matcher::new(&registry(), false), "roast turkey"),
        [(3, "turkey".into())]
    );
}

#[test]
fn lowercase_aliases_also_match_at_a_sentence_start() {
    let m = Matcher::new(&registry(), true);
    assert_eq!(
        found(&m, "The Kremlin said so."),
        [(1, "The Kremlin".into())]
    );
}

#[test]
fn names_starting_with_any_lowercase_letter_are_capitalised_safely() {
    let actors = [
        actor("shield", "Щит", &["щит"]),
        actor("dream", "ქართული ოცნება", &[]),
    ];
    let m = Matcher::new(&actors, true);
    assert_eq!(
        found(&m, "Щит met the щит."),
        [(0, "Щит".into()), (0, "щит".into())]
    );
    assert_eq!(
        found(&m, "ქართული ოცნება won."),
        [(1, "ქართული ოცნება".into())]
    );
}

#[test]
fn a_name_inside_a_word_hides_no_name_after_it() {
    // "Ann Lee" inside "McAnn Lee" is no mention, and must not swallow the
    // "Lee Kuan" that starts at a word.
    let actors = [actor("ann", "Ann Lee", &[]), actor("lee", "Lee Kuan", &[])];
    let m = Matcher::new(&actors, true);
    assert_eq!(found(&m, "McAnn Lee Kuan spoke."), [(1, "Lee Kuan".into())]);
}
