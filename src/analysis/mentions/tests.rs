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

/// The mentions of `text` by brute force: at each word start, the longest
/// name there, kept if a word ends with it. `names` are (name, actor), folded.
/// The text is folded first, character by character, and the mentions found
/// in it are mapped back to the original text.
fn brute_force(names: &[(&str, usize)], text: &str, case_sensitive: bool) -> Vec<(usize, String)> {
    let eq = |a: &str, b: &str| {
        if case_sensitive {
            a == b
        } else {
            a.eq_ignore_ascii_case(b)
        }
    };
    // The folded text, and the original offset of each of its bytes.
    let mut folded = String::new();
    let mut origin = Vec::new();
    for (i, c) in text.char_indices() {
        let piece = fold_char(c).map_or_else(|| c.to_string(), str::to_string);
        origin.extend(std::iter::repeat_n(i, piece.len()));
        folded.push_str(&piece);
    }
    origin.push(text.len());
    let mut found = Vec::new();
    let mut at = 0;
    while at < folded.len() {
        let word_start = !folded[..at]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric);
        let longest = names
            .iter()
            .filter(|(n, _)| folded.get(at..at + n.len()).is_some_and(|t| eq(t, n)))
            .max_by_key(|(n, _)| n.len());
        let word_end = |end: usize| {
            !folded[end..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric)
        };
        match longest {
            Some(&(name, actor)) if word_start && word_end(at + name.len()) => {
                let end = at + name.len();
                found.push((actor, text[origin[at]..origin[end]].to_string()));
                at = end;
            }
            _ => at += folded[at..].chars().next().map_or(1, char::len_utf8),
        }
    }
    found
}

proptest::proptest! {
    #[test]
    fn the_scan_finds_what_brute_force_finds(
        tokens in proptest::collection::vec(proptest::sample::select(vec![
            "Russia", "Moscow", "the Kremlin", "The Kremlin", "Russia's Security Council",
            "X", "Xi", "McX", "Russian", "the", "tx", "word", " ", " ", "\n", ".", "“", "”",
            "’s", "ʼs", "—", "(", "x", "中", "Türkiye", "Erdoğan", "ğ", "Straße", "Stras",
            "ß", "Ö", "Ös", "é", "Ĳ",
        ]), 0..48),
        case_sensitive in proptest::bool::ANY,
    ) {
        let mut actors = registry();
        actors.push(actor("x", "X", &[]));
        actors.push(actor("stras", "Stras", &["Straß", "Ös"]));
        let names = [
            ("Recep Tayyip Erdogan", 0), ("Erdogan", 0), ("Russia", 1), ("Moscow", 1),
            ("the Kremlin", 1), ("The Kremlin", 1), ("Russia's Security Council", 2),
            ("Turkiye", 3), ("Turkey", 3), ("X", 4), ("Stras", 5), ("Strass", 5), ("Os", 5),
        ];
        let text = tokens.concat();
        let m = Matcher::new(&actors, case_sensitive);
        proptest::prop_assert_eq!(found(&m, &text), brute_force(&names, &text, case_sensitive));
    }
}
