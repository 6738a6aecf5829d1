//! The quality report (SPEC §5): what an editor should look at before
//! publishing. Evidence naming a quote that does not exist is an error; the
//! rest are warnings, which fail a build only with `--strict`.

use rayon::prelude::*;

use crate::analysis::Quote;
use crate::config::Config;
use crate::diagnostic::{Diagnostic, Position};
use crate::model::{Article, Corpus};

use super::facts::Facts;

/// Every problem the report finds, unsorted.
pub fn report(corpus: &Corpus, facts: &Facts, config: &Config) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    evidence(corpus, facts, &mut out);
    stale(corpus, facts, config, &mut out);
    unassessed(corpus, facts, config, &mut out);
    unattributed(corpus, facts, &mut out);
    out
}

/// Evidence quotes that do not exist (errors), that someone other than the
/// actor said, and stances resting only on weak sources (warnings).
fn evidence(corpus: &Corpus, facts: &Facts, out: &mut Vec<Diagnostic>) {
    for note in &corpus.notes {
        let path = &note.source.path;
        for stance in &note.stances {
            let Some(evidence) = &stance.evidence else {
                continue;
            };
            let Some(a) = corpus.article_index(&evidence.article) else {
                continue;
            };
            let article = &corpus.articles[a];
            if let Some(id) = &evidence.quote {
                let quotes = &facts.articles[a].quotes;
                match quotes.iter().find(|q| &q.id == id) {
                    None => {
                        let d = Diagnostic::error(
                            path,
                            stance.evidence_at,
                            format!("unknown quote `{id}` in article `{}`", article.id),
                        );
                        out.push(match quotes.len() {
                            0 => d.with_help(format!(
                                "`{}` has no quotes; cite the article alone",
                                article.id
                            )),
                            n => d.with_help(format!(
                                "`{}` has quotes q1 to q{n}; see its page or data/quotes.json",
                                article.id
                            )),
                        });
                    }
                    Some(q) => {
                        let Some(speaker) = q.speaker else { continue };
                        let Some(actor) = corpus.actor_index(&stance.actor) else {
                            continue;
                        };
                        if speaker != actor && !facts.members[actor].contains(&speaker) {
                            out.push(
                                Diagnostic::warning(
                                    path,
                                    stance.evidence_at,
                                    format!(
                                        "evidence `{evidence}` was said by {}, not by {} or one of its members",
                                        corpus.actors[speaker].name, corpus.actors[actor].name
                                    ),
                                )
                                .with_help("cite a quote of the actor, or the article alone"),
                            );
                        }
                    }
                }
            }
            let weak_reliability = article.reliability.is_some_and(|r| matches!(r, 'E' | 'F'));
            let weak_credibility = article.credibility.is_some_and(|c| c >= 5);
            if weak_reliability || weak_credibility {
                let grade = format!(
                    "{}{}",
                    article.reliability.map(String::from).unwrap_or_default(),
                    article
                        .credibility
                        .map(|c| c.to_string())
                        .unwrap_or_default()
                );
                out.push(
                    Diagnostic::warning(
                        path,
                        stance.evidence_at,
                        format!(
                            "stance of `{}` on `{}` rests only on `{}`, graded {grade}",
                            stance.actor, stance.topic, article.id
                        ),
                    )
                    .with_help("corroborate it with a better-graded source"),
                );
            }
        }
    }
}

/// Current positions older than `stale_after_days` before the newest note.
fn stale(corpus: &Corpus, facts: &Facts, config: &Config, out: &mut Vec<Diagnostic>) {
    let Some(newest) = corpus.notes.iter().map(|n| n.date).max() else {
        return;
    };
    for standing in facts.tables.stances.standings.values() {
        let latest = standing.latest();
        let age = latest.date.days_until(&newest);
        if age <= config.stale_after_days {
            continue;
        }
        let note = &corpus.notes[latest.note];
        let stance = latest.stance(corpus);
        out.push(
            Diagnostic::warning(
                &note.source.path,
                stance.at,
                format!(
                    "the current position of `{}` on `{}` dates from {}, {age} days before the newest note",
                    standing.actor, standing.topic, latest.date
                ),
            )
            .with_help(format!("reassess it, or raise stale_after_days (now {})", config.stale_after_days)),
        );
    }
}

/// Actors mentioned often with no stance at all.
fn unassessed(corpus: &Corpus, facts: &Facts, config: &Config, out: &mut Vec<Diagnostic>) {
    let totals = facts.tables.mention_totals.iter().copied();
    for (actor, total) in corpus.actors.iter().zip(totals) {
        if total >= config.mentions_without_stance
            && facts.tables.stances.of_actor(&actor.id).next().is_none()
        {
            out.push(
                Diagnostic::warning(
                    &actor.source.path,
                    Position::FILE,
                    format!(
                        "{} is mentioned {total} times but no note assesses its stance",
                        actor.name
                    ),
                )
                .with_help(format!(
                    "assess it in a note's [[stance]], or raise mentions_without_stance (now {})",
                    config.mentions_without_stance
                )),
            );
        }
    }
}

/// Articles with quotes left unattributed, each pointing at the first of
/// them. Each article's warning is kept with its facts, for the next build
/// of a `serve` session.
fn unattributed(corpus: &Corpus, facts: &Facts, out: &mut Vec<Diagnostic>) {
    let warnings: Vec<Diagnostic> = corpus
        .articles
        .par_iter()
        .zip(&facts.articles)
        .filter_map(|(article, found)| {
            found
                .unattributed
                .get_or_init(|| unattributed_in(article, &found.quotes))
                .clone()
        })
        .collect();
    out.extend(warnings);
}

fn unattributed_in(article: &Article, quotes: &[Quote]) -> Option<Diagnostic> {
    let open: Vec<_> = quotes.iter().filter(|q| q.speaker.is_none()).collect();
    let first = open.first()?;
    let pos = article
        .source
        .position_in_body(&article.body, first.span.start);
    Some(Diagnostic::warning(
        &article.source.path,
        pos,
        format!(
            "{} of {} quotes have no attributed speaker ({})",
            open.len(),
            quotes.len(),
            open.iter()
                .map(|q| q.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    ))
}
