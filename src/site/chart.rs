//! Charts drawn at build time as inline SVG: no script, readable in print, each
//! with a text alternative.

use std::fmt::{self, Write};

use crate::analysis::{Standing, TopicCounts};
use crate::model::{Corpus, Scale, Topic};
use crate::render::highlight::escape;

const ROW: usize = 30;
const LABEL: usize = 210;
const HALF: usize = 180;

/// A diverging bar per topic: opposed positions to the left of the centre line,
/// supportive ones to the right, neutral across it, unclear after a gap.
pub fn topic_bars(topics: &[(&Topic, TopicCounts)], scale: &Scale) -> String {
    let widest = topics
        .iter()
        .map(|(_, counts)| {
            let c = &counts.per_level;
            let side = |sign: i32| -> usize {
                scale
                    .levels
                    .iter()
                    .zip(c)
                    .filter(|(l, _)| l.value.is_some_and(|v| v.signum() == sign))
                    .map(|(_, n)| n)
                    .sum()
            };
            let neutral: usize = scale
                .levels
                .iter()
                .zip(c)
                .filter(|(l, _)| l.value == Some(0))
                .map(|(_, n)| n)
                .sum();
            side(-1).max(side(1)) * 2 + neutral
        })
        .max()
        .unwrap_or(1)
        .max(1);
    let unit = ((HALF * 2) as f64 / widest as f64).min(60.0);
    let width = LABEL + HALF * 2 + 110;
    let height = ROW * topics.len() + 20;
    let mut svg = String::new();
    let mut alt = Vec::new();
    let _ = write!(
        svg,
        r#"<svg class="chart" viewBox="0 0 {width} {height}" width="100%" role="img" aria-labelledby="chart-title chart-desc" xmlns="http://www.w3.org/2000/svg"><title id="chart-title">Current positions per topic</title>"#
    );
    let centre = LABEL + HALF;
    for (row, (topic, counts)) in topics.iter().enumerate() {
        let c = &counts.per_level;
        let contested = counts.contested;
        let y = row * ROW + 4;
        let _ = write!(
            svg,
            r#"<text x="{}" y="{}" text-anchor="end" class="chart-label">{}</text>"#,
            LABEL - 10,
            y + 15,
            escape(&topic.title)
        );
        let neutral: usize = scale
            .levels
            .iter()
            .zip(c)
            .filter(|(l, _)| l.value == Some(0))
            .map(|(_, n)| n)
            .sum();
        // Left side: from the centre outwards, least opposed first.
        let mut x = centre as f64 - neutral as f64 * unit / 2.0;
        for (l, n) in scale
            .levels
            .iter()
            .zip(c)
            .filter(|(l, _)| l.value.is_some_and(|v| v < 0))
            .rev()
        {
            x -= *n as f64 * unit;
            bar(&mut svg, x, y, *n as f64 * unit, &l.colour, &l.label, *n);
        }
        let mut x = centre as f64 - neutral as f64 * unit / 2.0;
        for (l, n) in scale
            .levels
            .iter()
            .zip(c)
            .filter(|(l, _)| l.value.is_some_and(|v| v >= 0))
        {
            bar(&mut svg, x, y, *n as f64 * unit, &l.colour, &l.label, *n);
            x += *n as f64 * unit;
        }
        let unclear: usize = scale
            .levels
            .iter()
            .zip(c)
            .filter(|(l, _)| l.value.is_none())
            .map(|(_, n)| n)
            .sum();
        let aside: Vec<String> = [(unclear, "unclear"), (contested, "contested")]
            .iter()
            .filter(|(n, _)| *n > 0)
            .map(|(n, what)| format!("+{n} {what}"))
            .collect();
        if !aside.is_empty() {
            let _ = write!(
                svg,
                r#"<text x="{}" y="{}" class="chart-note">{}</text>"#,
                LABEL + HALF * 2 + 8,
                y + 15,
                aside.join(", ")
            );
        }
        let mut parts: Vec<String> = scale
            .levels
            .iter()
            .zip(c)
            .filter(|(_, n)| **n > 0)
            .map(|(l, n)| format!("{n} {}", l.label.to_lowercase()))
            .collect();
        if contested > 0 {
            parts.push(format!("{contested} contested"));
        }
        alt.push(format!("{}: {}", topic.title, parts.join(", ")));
    }
    let _ = write!(
        svg,
        r#"<line x1="{centre}" y1="0" x2="{centre}" y2="{}" class="chart-axis"/><desc id="chart-desc">{}</desc></svg>"#,
        height - 16,
        escape(&alt.join(". "))
    );
    svg
}

fn bar(svg: &mut String, x: f64, y: usize, w: f64, colour: &str, label: &str, n: usize) {
    if n == 0 {
        return;
    }
    let _ = write!(
        svg,
        r##"<rect x="{}" y="{y}" width="{}" height="{}" fill="{}" stroke="#fff"><title>{n} {}</title></rect>"##,
        Tenths(x),
        Tenths(w),
        ROW - 8,
        escape(colour),
        escape(label)
    );
    let _ = write!(
        svg,
        r#"<text x="{}" y="{}" text-anchor="middle" class="chart-count">{n}</text>"#,
        Tenths(x + w / 2.0),
        y + 15
    );
}

/// A small timeline of one actor's positions on one topic: a dot per
/// assessment, placed by date and by value.
pub fn timeline(standing: &Standing, corpus: &Corpus, scale: &Scale) -> String {
    let width = 240.0;
    let height = 64.0;
    let history = &standing.history;
    let first = history.first().map(|a| a.date.day);
    let last = history.last().map(|a| a.date.day);
    // One assessment makes no timeline.
    let (Some(first), Some(last)) = (first, last) else {
        return String::new();
    };
    if history.len() < 2 {
        return String::new();
    }
    let span = ((last - first).get_days().max(1)) as f64;
    let values: Vec<i32> = scale.levels.iter().filter_map(|l| l.value).collect();
    let (lo, hi) = (
        values.iter().copied().min().unwrap_or(-2) as f64,
        values.iter().copied().max().unwrap_or(2) as f64,
    );
    let range = (hi - lo).max(1.0);
    let x_of =
        |day: jiff::civil::Date| 12.0 + (day - first).get_days() as f64 / span * (width - 24.0);
    let y_of = |v: Option<i32>| match v {
        Some(v) => 8.0 + (hi - v as f64) / range * (height - 16.0),
        None => height / 2.0,
    };
    let mut svg = format!(
        r#"<svg class="timeline" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" aria-label="Timeline of assessments" xmlns="http://www.w3.org/2000/svg"><line x1="0" y1="{mid}" x2="{width}" y2="{mid}" class="timeline-axis"/>"#,
        mid = y_of(Some(0))
    );
    let points: Vec<(f64, f64)> = history
        .iter()
        .map(|a| (x_of(a.date.day), y_of(a.value)))
        .collect();
    if points.len() > 1 {
        svg.push_str(r#"<polyline points=""#);
        for (i, &(x, y)) in points.iter().enumerate() {
            let gap = if i == 0 { "" } else { " " };
            let _ = write!(svg, "{gap}{},{}", Tenths(x), Tenths(y));
        }
        svg.push_str(r#"" class="timeline-line"/>"#);
    }
    for (a, (x, y)) in history.iter().zip(&points) {
        let stance = a.stance(corpus);
        let level = scale.level(&stance.position);
        let _ = write!(
            svg,
            r#"<circle cx="{}" cy="{}" r="5" fill="{}"><title>{}: {}</title></circle>"#,
            Tenths(*x),
            Tenths(*y),
            escape(level.map_or("#ccc", |l| l.colour.as_str())),
            a.date.human(),
            escape(level.map_or(stance.position.as_str(), |l| l.label.as_str()))
        );
    }
    svg.push_str("</svg>");
    svg
}

/// A coordinate to one decimal, the precision charts are drawn at: `{:.1}`
/// computed in integers, as `f64` formatting to a fixed precision is slow
/// enough to show in a build (an actor's timelines have hundreds of points).
/// Halves round to even, as there; a value that is a hair from halfway
/// may round the other way, as `* 10.0` rounds too.
struct Tenths(f64);

impl fmt::Display for Tenths {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let tenths = (self.0 * 10.0).round_ties_even() as i64;
        let sign = if self.0.is_sign_negative() { "-" } else { "" };
        let abs = tenths.unsigned_abs();
        write!(f, "{sign}{}.{}", abs / 10, abs % 10)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `Tenths` writes what `{:.1}` writes, but for values within a hair of
    /// halfway between two tenths.
    #[test]
    fn tenths_match_fixed_precision_formatting() {
        for i in -20_000..20_000 {
            let v = f64::from(i) * 0.0173 + 0.004;
            let scaled = (v * 10.0).abs();
            if (scaled - scaled.floor() - 0.5).abs() < 1e-6 {
                continue;
            }
            assert_eq!(Tenths(v).to_string(), format!("{v:.1}"), "{v}");
        }
        assert_eq!(Tenths(12.0).to_string(), "12.0");
        assert_eq!(Tenths(-3.26).to_string(), "-3.3");
        assert_eq!(Tenths(0.96).to_string(), "1.0");
    }
}
