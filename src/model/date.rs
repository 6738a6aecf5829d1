//! Dates of articles and notes: a calendar day, with a time of day when the
//! source gave one in RFC 3339.

use std::fmt;

use jiff::{Timestamp, civil};

/// A publication date. Orders by day, then by time (a day without time first).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub day: civil::Date,
    pub time: Option<Timestamp>,
}

impl Date {
    /// Parses `YYYY-MM-DD` or an RFC 3339 timestamp.
    pub fn parse(text: &str) -> Option<Date> {
        let text = text.trim();
        if text.len() == 10 {
            return text
                .parse::<civil::Date>()
                .ok()
                .map(|day| Date { day, time: None });
        }
        // The day is the one written, whatever the offset.
        let time: Timestamp = text.parse().ok()?;
        let day = text.get(..10)?.parse::<civil::Date>().ok()?;
        Some(Date {
            day,
            time: Some(time),
        })
    }

    /// The RFC 3339 form, midnight UTC for a bare day (for feeds and sitemaps).
    pub fn rfc3339(&self) -> String {
        match self.time {
            Some(ts) => ts.to_string(),
            None => format!("{}T00:00:00Z", self.day),
        }
    }

    /// A reader's form: "16 May 2025" (`%-d %B %Y`, written without a
    /// format string to interpret: every page shows dates).
    pub fn human(&self) -> String {
        let month = MONTHS[usize::from(self.day.month().unsigned_abs()) - 1];
        format!("{} {month} {:04}", self.day.day(), self.day.year())
    }

    /// Days from `self` to `later`.
    pub fn days_until(&self, later: &Date) -> i64 {
        (later.day - self.day).get_days() as i64
    }
}

/// The months' names, January first.
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl fmt::Display for Date {
    /// The ISO day, `2025-05-16`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_days_and_rfc3339() {
        let d = Date::parse("2025-05-16").unwrap();
        assert_eq!(d.to_string(), "2025-05-16");
        assert_eq!(d.rfc3339(), "2025-05-16T00:00:00Z");
        assert_eq!(d.human(), "16 May 2025");
        let t = Date::parse("2025-05-16T09:30:00+02:00").unwrap();
        assert_eq!(t.day.to_string(), "2025-05-16");
        assert_eq!(t.rfc3339(), "2025-05-16T07:30:00Z");
        assert!(Date::parse("2025-13-01").is_none());
        assert!(Date::parse("16 May 2025").is_none());
        assert!(d < t);
    }

    /// `human` writes what jiff's `%-d %B %Y` writes, for every day of
    /// forty years and for years that need zero padding.
    #[test]
    fn human_is_the_strftime_form() {
        let days = civil::date(1995, 1, 1)
            .series(jiff::Span::new().days(1))
            .take(40 * 366)
            .chain([
                civil::date(-5, 1, 1),
                civil::date(0, 1, 1),
                civil::date(7, 3, 9),
                civil::date(999, 12, 31),
                civil::date(9999, 1, 1),
            ]);
        for day in days {
            let date = Date { day, time: None };
            assert_eq!(date.human(), day.strftime("%-d %B %Y").to_string());
        }
    }
}
