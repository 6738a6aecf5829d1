//! Marking up analysed text: quotes anchored and highlighted, actor mentions
//! linked to their pages.
//!
//! Renderers hand over runs of source text with their offset in the body;
//! [`Annotations::render_into`] escapes the run and inserts the marks that fall in
//! it. A quote whose two ends fall in one run is wrapped in `<q>`; one that
//! crosses runs (a quote over several paragraphs, or with inline formatting)
//! gets an anchor at its start. Each actor is linked once per paragraph.

use super::highlight::{escape, escape_into};

/// A quote to mark: byte range in the body, its id and who said it.
#[derive(Clone, Debug)]
pub struct QuoteMark<'a> {
    pub start: usize,
    pub end: usize,
    pub id: &'a str,
    /// The speaker's name, for the title attribute.
    pub speaker: Option<&'a str>,
}

/// A mention to link: byte range in the body and the actor (an index into
/// [`Annotations::actors`]).
#[derive(Clone, Debug)]
pub struct MentionMark {
    pub start: usize,
    pub end: usize,
    pub actor: usize,
    /// Text shown instead of the source text: for explicit `[[id]]` links,
    /// which are always linked.
    pub label: Option<String>,
}

/// Where a mention of an actor links to, made once per build and shared.
#[derive(Clone, Debug)]
pub struct LinkTarget {
    /// The page URL, escaped for an attribute.
    pub href: String,
    /// The actor's name, escaped for an attribute.
    pub title: String,
}

impl LinkTarget {
    pub fn new(url: &str, name: &str) -> Self {
        LinkTarget {
            href: escape(url),
            title: escape(name),
        }
    }
}

/// What to mark in one body, each list sorted by start (quotes never overlap).
#[derive(Clone, Debug, Default)]
pub struct Annotations<'a> {
    pub quotes: Vec<QuoteMark<'a>>,
    pub mentions: Vec<MentionMark>,
    /// The link target of every actor, by index.
    pub actors: &'a [LinkTarget],
    /// The URL path of the body's own page (`/notes/a/`): its relative links
    /// are made absolute against it, so they work wherever the body, or its
    /// summary, is shown. Empty leaves them as written.
    pub page_url: &'a str,
}

/// What is marked where in a run.
enum Mark<'a> {
    QuoteStart(&'a QuoteMark<'a>, bool),
    QuoteEnd,
    Link(&'a MentionMark),
    /// An explicit link where links may not go: its label, as text.
    Label(&'a MentionMark),
}

impl<'a> Annotations<'a> {
    /// Nothing to mark, in a body shown on the page at `page_url`.
    pub fn on_page(page_url: &'a str) -> Self {
        Annotations {
            page_url,
            ..Annotations::default()
        }
    }

    /// Returns true if and only if a quote or mention touches `start..end`.
    pub fn touches(&self, start: usize, end: usize) -> bool {
        let quote = self.quotes.partition_point(|q| q.end <= start);
        let mention = self.mentions.partition_point(|m| m.end <= start);
        self.quotes.get(quote).is_some_and(|q| q.start < end)
            || self.mentions.get(mention).is_some_and(|m| m.start < end)
    }

    /// Empty anchors for the quotes that start in `start..end`: for text that
    /// cannot be marked up in place.
    pub fn anchors(&self, start: usize, end: usize) -> String {
        let first = self.quotes.partition_point(|q| q.start < start);
        self.quotes[first..]
            .iter()
            .take_while(|q| q.start < end)
            .fold(String::new(), |mut html, q| {
                push_anchor(&mut html, q.id);
                html
            })
    }

    /// Appends the HTML of `run` (source text at byte `base` of the body) to
    /// `html`, escaped and marked. `linked` holds the actors already linked in
    /// this paragraph; `links` is false where links may not go (headings,
    /// links, code).
    pub fn render_into(
        &self,
        html: &mut String,
        run: &str,
        base: usize,
        linked: &mut Linked,
        links: bool,
    ) {
        let end = base + run.len();
        // Both lists are sorted by start and quotes do not overlap: find the
        // slices that touch this run instead of scanning every mark.
        let first_quote = self.quotes.partition_point(|q| q.end <= base);
        let last_quote = self.quotes.partition_point(|q| q.start < end);
        let quotes = &self.quotes[first_quote..last_quote.max(first_quote)];
        let first = self.mentions.partition_point(|m| m.start < base);
        let last = self.mentions.partition_point(|m| m.start < end);
        let mentions = &self.mentions[first..last.max(first)];
        let mut marks: Vec<(usize, usize, Mark<'_>)> =
            Vec::with_capacity(2 * quotes.len() + mentions.len());
        for q in quotes {
            let whole = q.start >= base && q.end <= end;
            if q.start >= base {
                marks.push((q.start, 0, Mark::QuoteStart(q, whole)));
            }
            if whole {
                marks.push((q.end, 0, Mark::QuoteEnd));
            }
        }
        // A mention crossing the start or end of a quote marked here is not
        // linked: the tags would not nest.
        let crosses = |m: &MentionMark| {
            let inside = |at: usize| at > m.start && at < m.end;
            quotes.iter().any(|q| {
                let whole = q.start >= base && q.end <= end;
                (q.start >= base && inside(q.start)) || (whole && inside(q.end))
            })
        };
        for m in mentions.iter().filter(|m| m.end <= end && !crosses(m)) {
            if !links {
                if m.label.is_some() {
                    marks.push((m.start, m.end, Mark::Label(m)));
                }
            } else if linked.insert(m.actor) || m.label.is_some() {
                marks.push((m.start, m.end, Mark::Link(m)));
            }
        }
        // Closing marks before opening ones at the same offset.
        marks.sort_by_key(|(at, _, mark)| (*at, !matches!(mark, Mark::QuoteEnd)));
        html.reserve(run.len() + run.len() / 16 + marks.len() * 48);
        let mut at = base;
        for (start, stop, mark) in marks {
            if start < at {
                continue;
            }
            escape_into(html, &run[at - base..start - base]);
            at = start;
            match mark {
                Mark::QuoteStart(q, true) => {
                    html.push_str("<q class=\"quote\" id=\"");
                    escape_into(html, q.id);
                    if let Some(speaker) = &q.speaker {
                        html.push_str("\" title=\"");
                        escape_into(html, speaker);
                    }
                    html.push_str("\">");
                    // The marks themselves stay in the text; `q` adds none (see the theme).
                }
                Mark::QuoteStart(q, false) => push_anchor(html, q.id),
                Mark::QuoteEnd => html.push_str("</q>"),
                Mark::Link(m) => {
                    let target = &self.actors[m.actor];
                    for piece in [
                        "<a class=\"mention\" href=\"",
                        &target.href,
                        "\" title=\"",
                        &target.title,
                        "\">",
                    ] {
                        html.push_str(piece);
                    }
                    let text = m.label.as_deref();
                    escape_into(html, text.unwrap_or(&run[start - base..stop - base]));
                    html.push_str("</a>");
                    at = stop;
                }
                Mark::Label(m) => {
                    escape_into(html, m.label.as_deref().unwrap_or_default());
                    at = stop;
                }
            }
        }
        escape_into(html, &run[at - base..]);
    }
}

/// The actors already linked in one paragraph, each linked once.
#[derive(Default)]
pub struct Linked {
    /// One bit per actor of the registry, as far as the highest one linked.
    bits: Vec<u64>,
    /// The actors whose bits are set, so that clearing touches only them.
    actors: Vec<usize>,
}

impl Linked {
    /// Notes that `actor` is linked: false if it already was.
    fn insert(&mut self, actor: usize) -> bool {
        let (word, bit) = (actor / 64, 1u64 << (actor % 64));
        if word >= self.bits.len() {
            self.bits.resize(word + 1, 0);
        }
        let new = self.bits[word] & bit == 0;
        if new {
            self.bits[word] |= bit;
            self.actors.push(actor);
        }
        new
    }

    /// Starts a paragraph: no actor is linked in it yet.
    pub fn clear(&mut self) {
        for actor in self.actors.drain(..) {
            self.bits[actor / 64] = 0;
        }
    }
}

/// Appends an empty anchor for the quote `id`.
fn push_anchor(html: &mut String, id: &str) {
    html.push_str("<span class=\"quote-anchor\" id=\"");
    escape_into(html, id);
    html.push_str("\"></span>");
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "Peskov said “no & never” as Peskov <b>";

    #[test]
    fn each_actor_is_linked_once_until_the_paragraph_ends() {
        let mut linked = Linked::default();
        for actor in [3, 4999, 63, 64] {
            assert!(linked.insert(actor), "{actor} first");
        }
        for actor in [3, 4999, 63, 64] {
            assert!(!linked.insert(actor), "{actor} again");
        }
        assert!(linked.insert(0) && linked.insert(65) && linked.insert(4998));
        linked.clear();
        for actor in [0, 3, 63, 64, 65, 4998, 4999] {
            assert!(linked.insert(actor), "{actor} in the next paragraph");
        }
    }

    fn annotations() -> Annotations<'static> {
        static PESKOV: std::sync::LazyLock<Vec<LinkTarget>> =
            std::sync::LazyLock::new(|| vec![LinkTarget::new("/actors/peskov/", "Dmitry Peskov")]);
        let open = TEXT.find('“').unwrap();
        let close = TEXT.find('”').unwrap() + '”'.len_utf8();
        let second = TEXT.rfind("Peskov").unwrap();
        let mention = |start: usize| MentionMark {
            start,
            end: start + "Peskov".len(),
            actor: 0,
            label: None,
        };
        Annotations {
            quotes: vec![QuoteMark {
                start: open,
                end: close,
                id: "q1",
                speaker: Some("Dmitry Peskov"),
            }],
            mentions: vec![mention(0), mention(second)],
            actors: &PESKOV,
            page_url: "",
        }
    }

    #[test]
    fn quotes_are_wrapped_and_actors_linked_once() {
        let html = render(&annotations(), TEXT, 0, true);
        assert_eq!(
            html,
            "<a class=\"mention\" href=\"/actors/peskov/\" title=\"Dmitry Peskov\">Peskov</a> said <q class=\"quote\" id=\"q1\" title=\"Dmitry Peskov\">“no &amp; never”</q> as Peskov &lt;b&gt;"
        );
    }

    #[test]
    fn touches_finds_marks_overlapping_a_range() {
        let a = annotations();
        assert!(a.touches(0, 3), "the first mention");
        assert!(
            a.touches(TEXT.find("never").unwrap(), TEXT.len()),
            "inside the quote"
        );
        assert!(!a.touches(TEXT.len() - 3, TEXT.len()), "after every mark");
    }

    #[test]
    fn runs_get_only_their_own_marks() {
        let at = TEXT.find("never").unwrap();
        let html = render(&annotations(), &TEXT[at..], at, false);
        assert_eq!(html, "never” as Peskov &lt;b&gt;");
    }

    #[test]
    fn a_mention_across_a_quote_mark_is_not_linked() {
        let mut a = annotations();
        a.quotes[0].start = 2;
        assert_eq!(
            render(&a, &TEXT[..a.quotes[0].end], 0, true),
            "Pe<q class=\"quote\" id=\"q1\" title=\"Dmitry Peskov\">skov said “no &amp; never”</q>"
        );
    }

    /// `run` at `base`, rendered in a paragraph of its own.
    fn render(a: &Annotations<'_>, run: &str, base: usize, links: bool) -> String {
        let mut html = String::new();
        a.render_into(&mut html, run, base, &mut Linked::default(), links);
        html
    }
}
