use super::*;
use crate::analysis::Matcher;

fn actor(id: &str, name: &str, kind: ActorKind, aliases: &[&str]) -> Actor {
    Actor::for_test(id, name, kind, aliases)
}

fn registry() -> Vec<Actor> {
    vec![
        actor("kallas", "Kaja Kallas", ActorKind::Person, &["Kallas"]),
        actor("eu", "European Union", ActorKind::Organisation, &["EU"]),
        actor("peskov", "Dmitry Peskov", ActorKind::Person, &["Peskov"]),
        actor(
            "russia",
            "Russia",
            ActorKind::State,
            &["Moscow", "the Kremlin", "Kremlin"],
        ),
        actor(
            "zelenskyy",
            "Volodymyr Zelenskyy",
            ActorKind::Person,
            &["Zelenskyy"],
        ),
    ]
}

/// (quoted words, speaker id) of every quote in `text`.
fn quotes(text: &str) -> Vec<(String, Option<String>)> {
    let actors = registry();
    let mentions = Matcher::new(&actors, true).find(text);
    extract(text, &mentions, &actors, &[])
        .into_iter()
        .map(|q| (q.text, q.speaker.map(|s| actors[s].id.clone())))
        .collect()
}

fn q(text: &str, speaker: Option<&str>) -> (String, Option<String>) {
    (text.to_string(), speaker.map(String::from))
}

#[test]
fn speaker_after_the_quote() {
    assert_eq!(
        quotes("“We are ready,” Peskov told reporters."),
        [q("We are ready,", Some("peskov"))]
    );
    assert_eq!(
        quotes("\"We are ready,\" said Peskov."),
        [q("We are ready,", Some("peskov"))]
    );
    assert_eq!(
        quotes("“Talks must end aggression,” Kallas, the EU’s foreign policy chief, said."),
        [q("Talks must end aggression,", Some("kallas"))]
    );
}

#[test]
fn speaker_before_the_quote() {
    assert_eq!(
        quotes("Kremlin spokesperson Dmitry Peskov called the initiative “a chance for Europe.”"),
        [q("a chance for Europe.", Some("peskov"))]
    );
    assert_eq!(
        quotes("President Zelenskyy said: “We will not yield.”"),
        [q("We will not yield.", Some("zelenskyy"))]
    );
    assert_eq!(
        quotes("Moscow warned that “consequences will follow.”"),
        [q("consequences will follow.", Some("russia"))]
    );
}

#[test]
fn pronouns_resolve_to_the_last_person_named() {
    let found = quotes("Zelenskyy spoke in Kyiv. “We are patient,” he added.");
    assert_eq!(found, [q("We are patient,", Some("zelenskyy"))]);
}

#[test]
fn unclear_quotes_stay_unattributed() {
    assert_eq!(
        quotes("Under the EU plan the talks are being framed as “bilateral in tone.”"),
        [q("bilateral in tone.", None)]
    );
    assert_eq!(
        quotes("Observers called it “a farce,” one diplomat said."),
        [q("a farce,", None)]
    );
}

#[test]
fn apostrophes_and_inch_marks_are_not_quotes() {
    assert!(
        quotes("Russia’s envoy didn’t come in the ’90s with a 12\" pipe and a 5'11\" guard.")
            .is_empty()
    );
    assert_eq!(
        quotes("‘It’s over,’ Peskov said."),
        [q("It’s over,", Some("peskov"))]
    );
}

#[test]
fn nested_quotes_belong_to_the_outer_one() {
    let found = quotes("“He called it ‘a farce’ and left,” Peskov said.");
    assert_eq!(
        found,
        [q("He called it ‘a farce’ and left,", Some("peskov"))]
    );
}

#[test]
fn a_quote_runs_over_paragraphs_in_news_style() {
    let text = "Peskov said: “The first part.\n“The second part.”\nAfter.";
    let actors = registry();
    let mentions = Matcher::new(&actors, true).find(text);
    let found = extract(text, &mentions, &actors, &[]);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].text, "The first part.\nThe second part.");
    assert_eq!(
        &text[found[0].span.clone()],
        "“The first part.\n“The second part.”"
    );
    assert_eq!(found[0].speaker, Some(2));
}

#[test]
fn european_marks() {
    assert_eq!(
        quotes("Peskov said: „We are ready.“"),
        [q("We are ready.", Some("peskov"))]
    );
    assert_eq!(
        quotes("« We are ready », Peskov said."),
        [q("We are ready", Some("peskov"))]
    );
}

#[test]
fn ids_follow_document_order() {
    let actors = registry();
    let text = "“One,” Peskov said. “Two,” Kallas said.";
    let mentions = Matcher::new(&actors, true).find(text);
    let ids: Vec<String> = extract(text, &mentions, &actors, &[])
        .into_iter()
        .map(|q| q.id)
        .collect();
    assert_eq!(ids, ["q1", "q2"]);
}

#[test]
fn a_conjunction_after_the_quote_opens_another_clause() {
    let found = quotes("Peskov called it “a chance,” while Kallas said “no.”");
    assert_eq!(
        found,
        [q("a chance,", Some("peskov")), q("no.", Some("kallas"))]
    );
}
