use super::*;
use crate::analysis::Matcher;
use crate::model::ActorKind;

fn actor(id: &str, name: &str, kind: ActorKind, aliases: &[&str]) -> Actor {
    Actor::for_test(id, name, kind, aliases)
}

/// A person of the registry with a role.
fn person(id: &str, name: &str, role: &str, aliases: &[&str]) -> Actor {
    let mut a = actor(id, name, ActorKind::Person, aliases);
    a.role = Some(role.to_string());
    a
}

fn registry() -> Vec<Actor> {
    vec![
        person(
            "macron",
            "Emmanuel Macron",
            "President of France",
            &["Macron"],
        ),
        person("starmer", "Keir Starmer", "Prime minister", &["Starmer"]),
        person("meloni", "Giorgia Meloni", "Prime minister", &["Meloni"]),
        person("merz", "Friedrich Merz", "Chancellor", &["Merz"]),
        person("stubb", "Alexander Stubb", "President", &["Stubb"]),
        person("nauseda", "Gitanas Nauseda", "President", &["Nauseda"]),
        actor("tass", "TASS", ActorKind::Media, &[]),
        actor("icrc", "ICRC", ActorKind::Organisation, &[]),
        person("tusk", "Donald Tusk", "Prime Minister of Poland", &["Tusk"]),
        person(
            "sybiha",
            "Andrii Sybiha",
            "Minister of Foreign Affairs of Ukraine",
            &["Sybiha"],
        ),
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
        .map(|q| {
            (
                q.text(text).to_string(),
                q.speaker.map(|s| actors[s].id.clone()),
            )
        })
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
    assert_eq!(found[0].text(text), "The first part.\nThe second part.");
    assert_eq!(
        &text[found[0].span.clone()],
        "“The first part.\n“The second part.”"
    );
    assert_eq!(
        found[0].speaker,
        actors.iter().position(|a| a.id == "peskov")
    );
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
    assert_eq!([super::id(10), super::id(2345)], ["q10", "q2345"]);
}

#[test]
fn a_conjunction_after_the_quote_opens_another_clause() {
    let found = quotes("Peskov called it “a chance,” while Kallas said “no.”");
    assert_eq!(
        found,
        [q("a chance,", Some("peskov")), q("no.", Some("kallas"))]
    );
}

#[test]
fn a_pronoun_goes_to_the_subject_of_the_sentence_that_named_people() {
    let text = "Kallas, for her part, said she had told Peskov that the talks had failed. \
                “We cannot pretend,” she told reporters.";
    assert_eq!(quotes(text), [q("We cannot pretend,", Some("kallas"))]);
    let text = "Zelenskyy says he spoke with Emmanuel Macron. “Macron told me so,” he says.";
    assert_eq!(quotes(text), [q("Macron told me so,", Some("zelenskyy"))]);
}

#[test]
fn a_pronoun_skips_a_person_the_text_shows_to_be_of_the_other_gender() {
    let text = "Mr Merz thanked Ms Meloni for the invitation. ‘We will see,’ she said.";
    assert_eq!(quotes(text), [q("We will see,", Some("meloni"))]);
    let text = "Mr Merz thanked Ms Meloni for the invitation. ‘We will see,’ he said.";
    assert_eq!(quotes(text), [q("We will see,", Some("merz"))]);
}

#[test]
fn a_pronoun_after_a_name_the_registry_does_not_know_stays_unattributed() {
    let text = "Zelenskyy spoke first.\n\nMarek Nowak, 54, said he was woken before dawn. \
                “It shook the windows,” he said.";
    assert_eq!(quotes(text), [q("It shook the windows,", None)]);
}

#[test]
fn it_and_they_refer_to_a_body_named_alone() {
    let text = "According to the ICRC, its teams visited the detainees. \
                Its role is that of a “neutral intermediary,” it said.";
    assert_eq!(quotes(text), [q("neutral intermediary,", Some("icrc"))]);
    // People were named since: "they" may be them.
    let text = "The EU met Kallas and Peskov. “No deal yet,” they said.";
    assert_eq!(quotes(text), [q("No deal yet,", None)]);
}

#[test]
fn a_title_refers_to_the_person_it_fits() {
    let text = "Emmanuel Macron co-hosted the talks with Keir Starmer. \
                ‘That illusion is over,’ the French president said.";
    assert_eq!(quotes(text), [q("That illusion is over,", Some("macron"))]);
    // The text gives the title itself.
    let text = "President of the Republic Alexander Stubb hosted Gitanas Nauseda. \
                “We are prepared,” the President of the Republic said.";
    assert_eq!(quotes(text), [q("We are prepared,", Some("stubb"))]);
    // Two people fit: no guess.
    let text = "Stubb met Nauseda. “We are prepared,” the president said.";
    assert_eq!(quotes(text), [q("We are prepared,", None)]);
}

#[test]
fn the_one_who_speaks_wins_over_the_source_that_reports_it() {
    assert_eq!(
        quotes(
            "“Weapons change nothing,” Kremlin spokesman Dmitry Peskov said, according to TASS."
        ),
        [q("Weapons change nothing,", Some("peskov"))]
    );
    assert_eq!(
        quotes("“Weapons change nothing,” according to TASS."),
        [q("Weapons change nothing,", Some("tass"))]
    );
    assert_eq!(
        quotes("According to Kallas, the leaders would „return to it in October“."),
        [q("return to it in October", Some("kallas"))]
    );
}

#[test]
fn names_in_an_aside_are_not_the_speaker() {
    let text = "Peskov, who met Kallas and Zelenskyy on Monday, said the talks were “useful”.";
    assert_eq!(quotes(text), [q("useful", Some("peskov"))]);
    let text = "“The talks were useful,” said Peskov, who met Kallas on Monday.";
    assert_eq!(quotes(text), [q("The talks were useful,", Some("peskov"))]);
}

#[test]
fn unnamed_sources_stay_unattributed() {
    assert_eq!(
        quotes("A senior EU diplomat said the mood had been „frosty, but not hopeless“."),
        [q("frosty, but not hopeless", None)]
    );
    assert_eq!(
        quotes("“Nothing is agreed,” EU officials said."),
        [q("Nothing is agreed,", None)]
    );
    assert_eq!(
        quotes("Kremlin sources described the plan as “dead on arrival”."),
        [q("dead on arrival", None)]
    );
}

#[test]
fn transcript_lines_belong_to_their_speaker_label() {
    let text = "HOST: Peskov called it “a farce.” Your answer?\n\n\
                KALLAS: I said it again this week: “We will not yield.” \
                Our mandate is “to verify.” Critics call it “weak.”";
    assert_eq!(
        quotes(text),
        [
            q("a farce.", Some("peskov")),
            q("We will not yield.", Some("kallas")),
            q("to verify.", Some("kallas")),
            q("weak.", None),
        ]
    );
}

#[test]
fn british_single_quotes_run_past_plural_possessives() {
    let text =
        "‘The allies’ patience is not infinite, and rock ’n’ roll diplomacy fails,’ Kallas said.";
    assert_eq!(
        quotes(text),
        [q(
            "The allies’ patience is not infinite, and rock ’n’ roll diplomacy fails,",
            Some("kallas")
        )]
    );
    // A plural at the very end still closes the quote.
    let text = "Peskov called them ‘the allies’ and left. ‘Enough,’ Kallas said.";
    assert_eq!(
        quotes(text),
        [
            q("the allies", Some("peskov")),
            q("Enough,", Some("kallas"))
        ]
    );
}

#[test]
fn a_quote_interrupted_by_its_attribution_keeps_its_speaker() {
    let text = "“We are ready,” Peskov said, “but not at any price.”";
    assert_eq!(
        quotes(text),
        [
            q("We are ready,", Some("peskov")),
            q("but not at any price.", Some("peskov"))
        ]
    );
    let text = "“We are ready,” he said, “but not at any price.”";
    assert_eq!(
        quotes(text),
        [q("We are ready,", None), q("but not at any price.", None)]
    );
}

#[test]
fn participles_and_other_speech_verbs_attribute() {
    let text = "Zelenskyy went further, calling the plan “a trap”. Kallas conceded that “mistakes were made”.";
    assert_eq!(
        quotes(text),
        [
            q("a trap", Some("zelenskyy")),
            q("mistakes were made", Some("kallas"))
        ]
    );
    // "saying X was" after a quote: X is what was said about, not who said it.
    let text = "Peskov dismissed it as “paranoia,” saying Moscow was “calm.”";
    assert_eq!(
        quotes(text),
        [q("paranoia,", Some("peskov")), q("calm.", Some("peskov"))]
    );
    assert_eq!(
        quotes("“We stand with Kyiv,” tweeted Kallas."),
        [q("We stand with Kyiv,", Some("kallas"))]
    );
}

#[test]
fn a_quote_standing_alone_continues_or_follows_its_introduction() {
    // Names after the verb of the quote before are its objects, not new speakers.
    let text = "“We will stop them,” Zelenskyy told reporters after meeting Kallas. “All of them.”";
    assert_eq!(
        quotes(text),
        [
            q("We will stop them,", Some("zelenskyy")),
            q("All of them.", Some("zelenskyy"))
        ]
    );
    let text = "Prime Minister Keir Starmer was blunt. “If we can do it, anyone can.”";
    assert_eq!(
        quotes(text),
        [q("If we can do it, anyone can.", Some("starmer"))]
    );
    // The quote's own closing stop ends its sentence, whatever follows.
    let text = "Keir Starmer was blunt. “If we can do it, anyone can.” The talks resumed.";
    assert_eq!(
        quotes(text),
        [q("If we can do it, anyone can.", Some("starmer"))]
    );
}

#[test]
fn no_mix_of_names_marks_and_punctuation_makes_attribution_panic() {
    const PIECES: &[&str] = &[
        "Peskov",
        "Kallas",
        "the Kremlin",
        "EU",
        "Ms",
        "Mr",
        "he",
        "she",
        "it",
        "they",
        "said",
        "told",
        "according to",
        "who",
        "the French president",
        "GROSSI:",
        "I",
        "“",
        "”",
        "‘",
        "’",
        "\"",
        "«",
        "»",
        "„",
        "—",
        "–",
        ",",
        ".",
        ":",
        "?",
        " ",
        " ",
        " ",
        "\n",
        "\n\n",
        "ü",
        "ł",
        "’s",
        "s’",
        "’n’",
        "’90s",
        "When",
        "and",
        "A senior EU diplomat",
        "12\"",
    ];
    let actors = registry();
    let matcher = Matcher::new(&actors, true);
    // A small linear congruential generator: the same texts on every run.
    let mut seed: u64 = 42;
    let mut next = move || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as usize
    };
    for _ in 0..2000 {
        let len = next() % 40;
        let text: String = (0..len).map(|_| PIECES[next() % PIECES.len()]).collect();
        let mentions = matcher.find(&text);
        for q in extract(&text, &mentions, &actors, &[]) {
            assert!(text.is_char_boundary(q.span.start) && text.is_char_boundary(q.span.end));
        }
    }
}

#[test]
fn no_input_makes_attribution_panic() {
    let text = "GROSSI: I said – „It’s ‘over’“ — «the allies’ » ’n’ ‘ü’ “é,” she said, \
                according to Zelenskyy’s aide. The President of the Ré said: “x” 12\" \n\n“";
    let actors = registry();
    let matcher = Matcher::new(&actors, true);
    for (i, _) in text.char_indices() {
        for piece in [&text[i..], &text[..i]] {
            let mentions = matcher.find(piece);
            for q in extract(piece, &mentions, &actors, &[]) {
                assert!(piece.is_char_boundary(q.span.start) && piece.is_char_boundary(q.span.end));
            }
        }
    }
}

#[test]
fn a_speaker_the_registry_does_not_know_stops_a_pronoun() {
    let text = "Zelenskyy spoke first. Nebenzia rejected the claim. “Lies,” he said.";
    assert_eq!(quotes(text), [q("Lies,", None)]);
    // A capitalised adjective before a noun that looks like a verb is no speaker.
    let text =
        "Zelenskyy spoke first. Asked about European calls for more, he said it was “enough.”";
    assert_eq!(quotes(text), [q("enough.", Some("zelenskyy"))]);
}

#[test]
fn a_name_in_apposition_after_the_quote_is_the_speaker() {
    assert_eq!(
        quotes("“We are ready,” Ukraine’s president, Volodymyr Zelenskyy, said."),
        [q("We are ready,", Some("zelenskyy"))]
    );
}

#[test]
fn speakers_joined_by_and_are_no_one_speaker() {
    assert_eq!(
        quotes("Zelenskyy and Macron said in a joint statement that “peace is near”."),
        [q("peace is near", None)]
    );
    assert_eq!(
        quotes("“Peace is near,” Peskov and Kallas said."),
        [q("Peace is near,", None)]
    );
    // A comma after an opening phrase joins nothing.
    assert_eq!(
        quotes("Asked about Kallas, Peskov said: “She is wrong.”"),
        [q("She is wrong.", Some("peskov"))]
    );
}

#[test]
fn who_in_a_relative_clause_is_the_name_before_it() {
    assert_eq!(
        quotes("Peskov spoke to Kallas, who said “maybe”."),
        [q("maybe", Some("kallas"))]
    );
}

#[test]
fn a_title_is_not_the_end_of_a_longer_one() {
    // "Deputy Minister" is another office than "the minister".
    let text =
        "Minister Sybiha spoke. Deputy Minister Jan Nowak said more. “Enough,” the minister said.";
    assert_eq!(quotes(text), [q("Enough,", Some("sybiha"))]);
    // Someone the registry does not know holds the same title since.
    let text = "Minister Sybiha spoke. Minister Jan Nowak said more. “Enough,” the minister said.";
    assert_eq!(quotes(text), [q("Enough,", None)]);
}

#[test]
fn it_and_they_skip_possessives_and_places() {
    let text = "The Kremlin dismissed Zelenskyy’s remarks. “Nonsense,” it said.";
    assert_eq!(quotes(text), [q("Nonsense,", Some("russia"))]);
    let text = "Officials in Moscow said the talks were over. “We will not return,” they said.";
    assert_eq!(quotes(text), [q("We will not return,", None)]);
}

#[test]
fn she_between_two_people_of_unknown_gender_is_a_guess() {
    let text = "Peskov met Kallas on Monday. “Nothing changed,” she said.";
    assert_eq!(quotes(text), [q("Nothing changed,", None)]);
    // Her own pronouns tell Kallas's gender.
    let text = "Kallas, for her part, met Peskov on Monday. “Nothing changed,” she said.";
    assert_eq!(quotes(text), [q("Nothing changed,", Some("kallas"))]);
}

#[test]
fn a_clause_ending_in_a_colon_introduces_its_subject_s_quote() {
    assert_eq!(
        quotes("Tusk was blunt: “If Poland can do it, anyone can.”"),
        [q("If Poland can do it, anyone can.", Some("tusk"))]
    );
    assert_eq!(
        quotes("Zelenskyy: “We will win.”"),
        [q("We will win.", Some("zelenskyy"))]
    );
    assert_eq!(
        quotes("The agenda had one item: “peace.”"),
        [q("peace.", None)]
    );
    // With a verb, the person nearest before it.
    assert_eq!(
        quotes("Asked whether Kallas would come, Peskov said: “No.”"),
        [q("No.", Some("peskov"))]
    );
}

#[test]
fn quoted_as_saying_attributes_to_the_one_quoted() {
    assert_eq!(
        quotes("Russian news agency TASS quoted Peskov as saying “we are ready.”"),
        [q("we are ready.", Some("peskov"))]
    );
    assert_eq!(
        quotes("“We are ready,” TASS quoted Peskov as saying."),
        [q("We are ready,", Some("peskov"))]
    );
}

#[test]
fn a_pronoun_after_a_sentence_about_a_title_refers_to_its_holder() {
    let text = "Keir Starmer and Emmanuel Macron met on Thursday. \
                The prime minister told the gathering that Europe could not wait. \
                He said the force would be ‘robust’.";
    assert_eq!(quotes(text), [q("robust", Some("starmer"))]);
    // The president’s office is not the president.
    let text = "Stubb met Zelenskyy. The president’s office said more. “Fine,” he said.";
    assert_eq!(quotes(text), [q("Fine,", None)]);
}

#[test]
fn a_quote_signed_with_a_dash_is_its_signatory_s() {
    let text =
        "Zelenskyy spoke first.\n\n“Nobody should doubt us. Full stop” — Kaja Kallas\n\nAfter.";
    assert_eq!(
        quotes(text),
        [q("Nobody should doubt us. Full stop", Some("kallas"))]
    );
    // A dash that goes on about someone is no signature.
    let text = "“We are ready” — a reference to Peskov.";
    assert_eq!(quotes(text), [q("We are ready", None)]);
    // Inside a sentence, a dash is no signature.
    let text = "Zelenskyy promised “peace” — a word Peskov avoids.";
    assert_eq!(quotes(text), [q("peace", Some("zelenskyy"))]);
    // Signed by someone the registry does not know: not the speaker before.
    let text =
        "“We are ready,” Zelenskyy said.\n\n“Nobody should doubt us. Full stop” — Kalin\n\nAfter.";
    assert_eq!(
        quotes(text),
        [
            q("We are ready,", Some("zelenskyy")),
            q("Nobody should doubt us. Full stop", None)
        ]
    );
}

#[test]
fn a_date_before_a_name_is_no_title_after_a_preposition() {
    assert_eq!(
        quotes("Late on Tuesday the Kremlin said it was “ready”."),
        [q("ready", Some("russia"))]
    );
    assert_eq!(
        quotes("On Tuesday Zelenskyy said it was “ready”."),
        [q("ready", Some("zelenskyy"))]
    );
    assert_eq!(
        quotes("Kallas, speaking to President Zelenskyy, said it was “ready”."),
        [q("ready", Some("kallas"))]
    );
}

#[test]
fn a_clause_that_opens_the_sentence_does_not_hold_its_subject() {
    let text = "When Zelenskyy arrived, Kallas was waiting. “We are united.”";
    assert_eq!(quotes(text), [q("We are united.", Some("kallas"))]);
    let text =
        "When Zelenskyy arrived, Kallas, for her part, was waiting. “We are united,” she said.";
    assert_eq!(quotes(text), [q("We are united,", Some("kallas"))]);
}

#[test]
fn a_pronoun_goes_back_to_a_subject_not_a_possessive() {
    let text = "Asked about Peskov’s remarks, the EU’s top diplomat shrugged. “He would say that,” she said.";
    assert_eq!(quotes(text), [q("He would say that,", None)]);
    // "according to X" names X as the source, as a subject does.
    let text = "According to Kallas, the next phase will focus on the missing. “We owe them answers,” she said.";
    assert_eq!(quotes(text), [q("We owe them answers,", Some("kallas"))]);
}

#[test]
fn a_title_is_read_past_an_aside() {
    let text = "Emmanuel Macron met Kallas. The French president, for his part, described the meeting \
                as “very productive.”";
    assert_eq!(quotes(text), [q("very productive.", Some("macron"))]);
    let text =
        "Emmanuel Macron met Kallas. “Very productive,” the French president, who hosted, said.";
    assert_eq!(quotes(text), [q("Very productive,", Some("macron"))]);
}

#[test]
fn the_name_before_a_participle_is_its_subject_even_after_with() {
    let text = "Ministers failed to agree, with Kaja Kallas saying the bloc was „not there yet“.";
    assert_eq!(quotes(text), [q("not there yet", Some("kallas"))]);
}
