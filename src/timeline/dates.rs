//! Date mentions in an article, each resolved against its publication date: "3 March 2025",
//! "In March 2025", "early 2025", "the 1980s", "by 2035"; weekdays in the news sense ("on
//! Monday" in a Wednesday article is the Monday just past, in a Monday article that day);
//! "yesterday", "last week", "three years ago"; months without a year (the most recent one not
//! after publication); and "three months later" after a resolved mention.
//!
//! Regular expressions find the shapes (the `regex` crate: linear time, whatever the text), in
//! order of length so that "3 March 2025" is one mention, not a day and a year; this module
//! resolves them with `chrono`. Numbers that are not dates ("40,000 troops", "7%", "2% of
//! GDP", "the 10-point plan") and "may" the verb are not matched. Pure: the reader, the editor
//! and `sourceline dates` call [`mentions`].

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::LazyLock;

use chrono::{Datelike as _, Duration, Months, NaiveDate, Weekday};
use regex::Regex;

/// How precise a resolved date is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MentionPrecision {
    /// A day: `YYYY-MM-DD`.
    Day,
    /// A week: `YYYY-MM-DD` is its Monday.
    Week,
    /// A month: `YYYY-MM`.
    Month,
    /// A year: `YYYY`.
    Year,
    /// A decade: `YYYY` is its first year.
    Decade,
}

/// A date mention, resolved.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Mention {
    /// The words as the text has them.
    pub text: String,
    /// Byte offset of its start in the text.
    pub start: usize,
    /// Byte offset of its end.
    pub end: usize,
    /// The date it means: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub date: String,
    /// How precise that is.
    pub precision: MentionPrecision,
    /// True when the date was worked out from the publication date or another mention, or the
    /// words are vague ("early 2025").
    pub approximate: bool,
    /// How it was resolved.
    pub how: String,
}

impl Mention {
    /// The byte range of the mention in the text.
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }
}

const MONTHS: &str =
    "January|February|March|April|May|June|July|August|September|October|November|December";
const WEEKDAYS: &str = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday";
const NUMBERS: &str =
    "a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\\d{1,2}";

/// One shape of mention: its pattern, the group that is the mention (0: the whole match), and
/// how a match of it is resolved.
struct Shape {
    pattern: Regex,
    group: usize,
    resolve: fn(&regex::Captures<'_>, NaiveDate) -> Option<Resolved>,
    /// What must follow the mention, checked on the text after it (the `regex` crate has no
    /// look-ahead, and a pattern that matched the next character would hide a mention that
    /// starts there: "2024 2025").
    followed_by: fn(&str) -> bool,
}

/// A resolved date before it is placed in the text.
struct Resolved {
    date: NaiveDate,
    precision: MentionPrecision,
    approximate: bool,
    how: String,
}

fn shape(
    pattern: &str,
    resolve: fn(&regex::Captures<'_>, NaiveDate) -> Option<Resolved>,
) -> Option<Shape> {
    shape_of(pattern, 0, resolve)
}

fn shape_of(
    pattern: &str,
    group: usize,
    resolve: fn(&regex::Captures<'_>, NaiveDate) -> Option<Resolved>,
) -> Option<Shape> {
    match Regex::new(pattern) {
        Ok(pattern) => Some(Shape {
            pattern,
            group,
            resolve,
            followed_by: |_| true,
        }),
        Err(e) => {
            log::error!("a date pattern does not compile: {e}");
            None
        }
    }
}

/// The shapes, longest first: a match of an earlier shape wins over an overlapping later one.
static SHAPES: LazyLock<Vec<Shape>> = LazyLock::new(|| {
    [
        // 3 March 2025, 3rd March 2025
        shape(
            &format!(r"\b(\d{{1,2}})(?:st|nd|rd|th)? ({MONTHS}),? (\d{{4}})\b"),
            |c, _| {
                let date = day(year_of(c.get(3)?.as_str())?, month_of(c.get(2)?.as_str())?, c.get(1)?.as_str())?;
                Some(exact(date, MentionPrecision::Day, "written out"))
            },
        ),
        // March 3, 2025
        shape(
            &format!(r"\b({MONTHS}) (\d{{1,2}})(?:st|nd|rd|th)?,? (\d{{4}})\b"),
            |c, _| {
                let date = day(year_of(c.get(3)?.as_str())?, month_of(c.get(1)?.as_str())?, c.get(2)?.as_str())?;
                Some(exact(date, MentionPrecision::Day, "written out"))
            },
        ),
        // March 2025, December 2024
        shape(&format!(r"\b({MONTHS}),? (\d{{4}})\b"), |c, _| {
            let date = NaiveDate::from_ymd_opt(year_of(c.get(2)?.as_str())?, month_of(c.get(1)?.as_str())?, 1)?;
            Some(exact(date, MentionPrecision::Month, "written out"))
        }),
        // early 2025, mid-2025, late 2025
        shape(r"\b(?i:(early|mid|late))[- ](\d{4})\b", |c, _| {
            let year = year_of(c.get(2)?.as_str())?;
            let part = c.get(1)?.as_str().to_lowercase();
            Some(Resolved {
                date: NaiveDate::from_ymd_opt(year, 1, 1)?,
                precision: MentionPrecision::Year,
                approximate: true,
                how: format!("'{part} {year}': a part of {year}, not a date within it"),
            })
        }),
        // the 1980s
        shape(r"\b(1[5-9]\d0|20\d0)s\b", |c, _| {
            let first = year_of(c.get(1)?.as_str())?;
            Some(Resolved {
                date: NaiveDate::from_ymd_opt(first, 1, 1)?,
                precision: MentionPrecision::Decade,
                approximate: true,
                how: format!("the decade {first}–{}", first + 9),
            })
        }),
        // 3 March, March 3 (no year): the most recent not after publication
        shape(&format!(r"\b(\d{{1,2}})(?:st|nd|rd|th)? ({MONTHS})\b"), |c, published| {
            let (d, m) = (c.get(1)?.as_str(), month_of(c.get(2)?.as_str())?);
            day_without_year(published, m, d)
        }),
        shape(&format!(r"\b({MONTHS}) (\d{{1,2}})(?:st|nd|rd|th)?\b"), |c, published| {
            let (m, d) = (month_of(c.get(1)?.as_str())?, c.get(2)?.as_str());
            day_without_year(published, m, d)
        }),
        // N days/weeks/months/years ago
        shape(&format!(r"\b(?i:({NUMBERS})) (day|week|month|year)s? ago\b"), |c, published| {
            let n = number_of(c.get(1)?.as_str())?;
            let unit = c.get(2)?.as_str();
            let date = shift(published, unit, -i64::from(n))?;
            Some(Resolved {
                date,
                precision: precision_of(unit),
                approximate: true,
                how: format!("{n} {unit}(s) before the publication date {}", long(published)),
            })
        }),
        // yesterday, today, tomorrow
        shape(r"\b(?i:(yesterday|today|tomorrow))\b", |c, published| {
            let word = c.get(1)?.as_str().to_lowercase();
            let offset = match word.as_str() {
                "yesterday" => -1,
                "tomorrow" => 1,
                _ => 0,
            };
            Some(Resolved {
                date: published + Duration::days(offset),
                precision: MentionPrecision::Day,
                approximate: true,
                how: format!("'{word}' from the publication date {}", long(published)),
            })
        }),
        // last/next/this week, month, year
        shape(r"\b(?i:(last|next|this|past|coming)) (week|month|year)\b", |c, published| {
            let which = c.get(1)?.as_str().to_lowercase();
            let unit = c.get(2)?.as_str();
            let step = match which.as_str() {
                "last" | "past" => -1,
                "next" | "coming" => 1,
                _ => 0,
            };
            let date = shift(published, unit, step)?;
            Some(Resolved {
                date,
                precision: precision_of(unit),
                approximate: true,
                how: format!("'{which} {unit}' from the publication date {}", long(published)),
            })
        }),
        // (last|next|on) Monday, Monday's: in the news sense
        shape(&format!(r"\b(?:(?i:(last|next|on|this)) )?({WEEKDAYS})\b"), |c, published| {
            let which = c.get(1).map_or_else(|| "on".to_owned(), |m| m.as_str().to_lowercase());
            let which = which.as_str();
            let weekday = weekday_of(c.get(2)?.as_str())?;
            let back = (7 + published.weekday().num_days_from_monday()
                - weekday.num_days_from_monday())
                % 7;
            let (date, how) = match which {
                "next" => {
                    let ahead = (7 + weekday.num_days_from_monday()
                        - published.weekday().num_days_from_monday())
                        % 7;
                    let ahead = if ahead == 0 { 7 } else { ahead };
                    (published + Duration::days(i64::from(ahead)), "after")
                }
                "last" if back == 0 => (published - Duration::days(7), "before"),
                _ => (published - Duration::days(i64::from(back)), "on or before"),
            };
            Some(Resolved {
                date,
                precision: MentionPrecision::Day,
                approximate: true,
                how: format!(
                    "the {} {how} the publication date {}",
                    c.get(2)?.as_str(),
                    long(published)
                ),
            })
        }),
        // in March (a month without a year, after a word that makes it a date: not "may" the
        // verb), and the month after "and", "or", "to" that follows one ("in July and August")
        shape_of(
            &format!(r"\b(?i:in|since|by|until|from|through|during|early|late|mid-|last|next|this|of) ({MONTHS})\b"),
            1,
            |c, published| month_without_year(c.get(1)?.as_str(), published),
        ),
        shape_of(
            &format!(r"\b(?:{MONTHS}) (?:and|or|to|through) ({MONTHS})\b"),
            1,
            |c, published| month_without_year(c.get(1)?.as_str(), published),
        ),
        // a year: 1994, by 2035 (not a number in a larger one, not a percentage or an amount)
        shape_of(r"(?:^|[^\d.,$€£%-])((?:1[89]|20)\d\d)\b", 1, |c, _| {
            let year = year_of(c.get(1)?.as_str())?;
            Some(exact(NaiveDate::from_ymd_opt(year, 1, 1)?, MentionPrecision::Year, "written out"))
        })
        .map(|shape| Shape {
            // Not a number going on ("2025.5", "2025%", "2025-26"): a stop or comma only
            // when the sentence goes on after it.
            followed_by: |after| {
                let mut next = after.chars();
                match next.next() {
                    None => true,
                    Some('.' | ',') => next.next().is_none_or(char::is_whitespace),
                    Some(c) => !c.is_ascii_digit() && c != '%' && c != '-',
                }
            },
            ..shape
        }),
    ]
    .into_iter()
    .flatten()
    .collect()
});

/// "three months later" and the like, resolved against the mention before it.
static LATER: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\b(?i:({NUMBERS})) (day|week|month|year)s? (later|earlier|after that|before that)\b"
    ))
    .map_err(|e| log::error!("the anaphora pattern does not compile: {e}"))
    .ok()
});

/// Every date mention of `text`, published on `published`, in text order, none overlapping.
/// Time grows with the text and its mentions times their logarithm, whatever the text holds.
pub fn mentions(text: &str, published: NaiveDate) -> Vec<Mention> {
    // The ranges taken so far, by start; they never overlap, so the one starting last before
    // a range's end is the only one that can overlap it.
    let mut taken: BTreeMap<usize, usize> = BTreeMap::new();
    let overlaps = |taken: &BTreeMap<usize, usize>, range: &Range<usize>| {
        taken
            .range(..range.end)
            .next_back()
            .is_some_and(|(_, &end)| end > range.start)
    };
    // "three months later" first: it must not be read as "three months" of something else.
    let mut later: Vec<(Range<usize>, u32, String, bool)> = Vec::new();
    if let Some(pattern) = LATER.as_ref() {
        for c in pattern.captures_iter(text) {
            let (Some(all), Some(n), Some(unit), Some(way)) =
                (c.get(0), c.get(1), c.get(2), c.get(3))
            else {
                continue;
            };
            if let Some(n) = number_of(n.as_str()) {
                let forward =
                    matches!(way.as_str().to_lowercase().as_str(), "later" | "after that");
                taken.insert(all.start(), all.end());
                later.push((all.range(), n, unit.as_str().to_owned(), forward));
            }
        }
    }
    let mut found: Vec<Mention> = Vec::new();
    for shape in SHAPES.iter() {
        for c in shape.pattern.captures_iter(text) {
            // Some shapes match words around the mention: it is their group.
            let Some(matched) = c.get(shape.group).map(|m| m.range()) else {
                continue;
            };
            if overlaps(&taken, &matched)
                || !(shape.followed_by)(text.get(matched.end..).unwrap_or_default())
            {
                continue;
            }
            if let Some(resolved) = (shape.resolve)(&c, published) {
                taken.insert(matched.start, matched.end);
                found.push(place(text, matched, resolved));
            }
        }
    }
    drop(taken);
    found.sort_by_key(|m| m.start);
    for mention in &mut found {
        look_ahead(text, published, mention);
    }
    // Each "N units later" counts from the last mention before it that is not a decade.
    let anchors: Vec<usize> = found
        .iter()
        .enumerate()
        .filter(|(_, m)| m.precision != MentionPrecision::Decade)
        .map(|(i, _)| i)
        .collect();
    let mut resolved_later = Vec::new();
    for (range, n, unit, forward) in later {
        let before =
            anchors.partition_point(|&i| found.get(i).is_some_and(|m| m.end <= range.start));
        let Some(anchor) = before
            .checked_sub(1)
            .and_then(|k| anchors.get(k))
            .and_then(|&i| found.get(i))
        else {
            continue;
        };
        let Ok(base) = NaiveDate::parse_from_str(&full_day(&anchor.date), "%Y-%m-%d") else {
            continue;
        };
        let step = if forward { i64::from(n) } else { -i64::from(n) };
        let Some(date) = shift(base, &unit, step) else {
            continue;
        };
        let precision = coarser(anchor.precision, precision_of(&unit));
        let how = format!(
            "'{}' after '{}'",
            text.get(range.clone()).unwrap_or_default(),
            anchor.text
        );
        resolved_later.push(place(
            text,
            range,
            Resolved {
                date,
                precision,
                approximate: true,
                how,
            },
        ));
    }
    found.extend(resolved_later);
    found.sort_by_key(|m| m.start);
    found
}

/// Words that make a sentence about what is to come: a month without a year in it is the next
/// one, not the last.
const FUTURE: [&str; 12] = [
    "will",
    "would",
    "may",
    "might",
    "could",
    "plan",
    "plans",
    "planned",
    "expected",
    "hope",
    "scheduled",
    "next",
];

/// A month without a year in a sentence about what is to come (before the month: "may meet
/// again in April") is the next such month from the publication date.
fn look_ahead(text: &str, published: NaiveDate, mention: &mut Mention) {
    if mention.precision != MentionPrecision::Month || !mention.how.contains("without a year") {
        return;
    }
    // The sentence before it, at most a few hundred bytes back.
    let mut from = mention.start.saturating_sub(400);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let before = text.get(from..mention.start).unwrap_or_default();
    let sentence = before
        .rfind(['.', '\n', '!', '?'])
        .map_or(before, |at| before.get(at + 1..).unwrap_or_default());
    let Some(word) = sentence
        .split(|c: char| !c.is_alphabetic())
        .find(|w| FUTURE.contains(&w.to_lowercase().as_str()))
    else {
        return;
    };
    let Some(month) = month_of(mention.text.trim()) else {
        return;
    };
    let year = if month >= published.month() {
        published.year()
    } else {
        published.year() + 1
    };
    if let Some(date) = NaiveDate::from_ymd_opt(year, month, 1) {
        mention.date = written(date, MentionPrecision::Month);
        mention.how = format!(
            "{} without a year, in a sentence about what is to come ('{word}'): the next from the publication date {}",
            mention.text.trim(),
            long(published)
        );
    }
}

fn place(text: &str, range: Range<usize>, resolved: Resolved) -> Mention {
    Mention {
        text: text.get(range.clone()).unwrap_or_default().to_owned(),
        start: range.start,
        end: range.end,
        date: written(resolved.date, resolved.precision),
        precision: resolved.precision,
        approximate: resolved.approximate,
        how: resolved.how,
    }
}

fn exact(date: NaiveDate, precision: MentionPrecision, how: &str) -> Resolved {
    Resolved {
        date,
        precision,
        approximate: false,
        how: how.to_owned(),
    }
}

/// `date` written to `precision`.
fn written(date: NaiveDate, precision: MentionPrecision) -> String {
    match precision {
        MentionPrecision::Day | MentionPrecision::Week => date.format("%Y-%m-%d").to_string(),
        MentionPrecision::Month => date.format("%Y-%m").to_string(),
        MentionPrecision::Year | MentionPrecision::Decade => date.format("%Y").to_string(),
    }
}

/// A written date as a day (its first).
fn full_day(date: &str) -> String {
    match date.len() {
        4 => format!("{date}-01-01"),
        7 => format!("{date}-01"),
        _ => date.to_owned(),
    }
}

/// The coarser of two precisions.
fn coarser(a: MentionPrecision, b: MentionPrecision) -> MentionPrecision {
    let rank = |p| match p {
        MentionPrecision::Day => 0,
        MentionPrecision::Week => 1,
        MentionPrecision::Month => 2,
        MentionPrecision::Year => 3,
        MentionPrecision::Decade => 4,
    };
    if rank(a) >= rank(b) { a } else { b }
}

fn precision_of(unit: &str) -> MentionPrecision {
    match unit.to_lowercase().as_str() {
        "day" => MentionPrecision::Day,
        "week" => MentionPrecision::Week,
        "month" => MentionPrecision::Month,
        _ => MentionPrecision::Year,
    }
}

/// `date` moved by `n` units; a week lands on its Monday.
fn shift(date: NaiveDate, unit: &str, n: i64) -> Option<NaiveDate> {
    let months = |k: i64| -> Option<NaiveDate> {
        let k32 = u32::try_from(k.unsigned_abs()).ok()?;
        if k >= 0 {
            date.checked_add_months(Months::new(k32))
        } else {
            date.checked_sub_months(Months::new(k32))
        }
    };
    match unit.to_lowercase().as_str() {
        "day" => date.checked_add_signed(Duration::days(n)),
        "week" => {
            let moved = date.checked_add_signed(Duration::weeks(n))?;
            moved.checked_sub_signed(Duration::days(i64::from(
                moved.weekday().num_days_from_monday(),
            )))
        }
        "month" => months(n),
        _ => months(n.checked_mul(12)?),
    }
}

fn month_without_year(name: &str, published: NaiveDate) -> Option<Resolved> {
    let month = month_of(name)?;
    let year = if month <= published.month() {
        published.year()
    } else {
        published.year() - 1
    };
    Some(Resolved {
        date: NaiveDate::from_ymd_opt(year, month, 1)?,
        precision: MentionPrecision::Month,
        approximate: true,
        how: format!(
            "{name} without a year: the most recent not after the publication date {}",
            long(published)
        ),
    })
}

fn day_without_year(published: NaiveDate, month: u32, day_text: &str) -> Option<Resolved> {
    let this_year = day(published.year(), month, day_text)?;
    let date = if this_year <= published {
        this_year
    } else {
        day(published.year() - 1, month, day_text)?
    };
    Some(Resolved {
        date,
        precision: MentionPrecision::Day,
        approximate: true,
        how: format!(
            "no year given: the most recent {} not after the publication date {}",
            date.format("%-d %B"),
            long(published)
        ),
    })
}

fn day(year: i32, month: u32, day_text: &str) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, month, day_text.parse().ok()?)
}

fn year_of(text: &str) -> Option<i32> {
    text.parse().ok().filter(|y| (1..=9999).contains(y))
}

fn month_of(name: &str) -> Option<u32> {
    MONTHS
        .split('|')
        .position(|m| m == name)
        .and_then(|i| u32::try_from(i + 1).ok())
}

fn weekday_of(name: &str) -> Option<Weekday> {
    name.parse().ok()
}

fn number_of(word: &str) -> Option<u32> {
    let word = word.to_lowercase();
    let words = [
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
        "twelve",
    ];
    match word.as_str() {
        "a" | "an" => Some(1),
        _ => words
            .iter()
            .position(|w| *w == word)
            .and_then(|i| u32::try_from(i + 1).ok())
            .or_else(|| word.parse().ok()),
    }
}

/// How far around a passage a date mention is looked for, in bytes, when none is inside it.
const AROUND_BYTES: usize = 300;

/// The date a passage gives an event: the first mention inside `passage` (a byte range of
/// `text`), else the nearest within [`AROUND_BYTES`] of it in the same paragraph; with the note
/// that says where it came from ("'on Monday' in an article published Wednesday 26 February
/// 2025"). An article dated to the month or year resolves only the dates written out.
pub fn date_for_passage(
    text: &str,
    published: crate::model::date::PartialDate,
    passage: &Range<usize>,
) -> Option<(Mention, String)> {
    let day_known = published.precision() == crate::model::date::Precision::Day;
    // Only the text around the passage is read (with room before it for what "three months
    // later" refers to): a long article costs no more than a short one.
    let mut from = passage.start.saturating_sub(8 * AROUND_BYTES);
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    let mut to = passage.end.saturating_add(AROUND_BYTES).min(text.len());
    while !text.is_char_boundary(to) {
        to += 1;
    }
    let found: Vec<Mention> = mentions(text.get(from..to)?, published.first_day())
        .into_iter()
        .filter(|m| day_known || !m.approximate)
        .map(|m| Mention {
            start: m.start + from,
            end: m.end + from,
            ..m
        })
        .collect();
    let inside = found
        .iter()
        .find(|m| m.start >= passage.start && m.end <= passage.end);
    let same_paragraph = |m: &Mention| {
        let (a, b) = if m.end <= passage.start {
            (m.end, passage.start)
        } else {
            (passage.end, m.start)
        };
        !text.get(a..b).unwrap_or_default().contains('\n')
    };
    let distance = |m: &Mention| {
        if m.end <= passage.start {
            passage.start - m.end
        } else {
            m.start.saturating_sub(passage.end)
        }
    };
    let chosen = inside.or_else(|| {
        found
            .iter()
            .filter(|m| distance(m) <= AROUND_BYTES && same_paragraph(m))
            .min_by_key(|m| distance(m))
    })?;
    let note = if chosen.approximate {
        format!(
            "'{}' in an article published {}",
            chosen.text,
            long(published.first_day())
        )
    } else {
        format!("'{}' in the article", chosen.text)
    };
    Some((chosen.clone(), note))
}

/// "Wednesday 26 February 2025".
fn long(date: NaiveDate) -> String {
    date.format("%A %-d %B %Y").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str, published: &str) -> Vec<(String, String, bool)> {
        let published = NaiveDate::parse_from_str(published, "%Y-%m-%d").unwrap();
        mentions(text, published)
            .into_iter()
            .map(|m| (m.text, m.date, m.approximate))
            .collect()
    }

    #[test]
    fn absolute_dates_in_the_usual_forms() {
        let text = "On 3 March 2025 and March 4, 2025, in March 2025, in December 2024, in early 2025, in the 1980s, by 2035.";
        let f = found(text, "2025-03-10");
        let dates: Vec<(&str, &str)> = f.iter().map(|(t, d, _)| (t.as_str(), d.as_str())).collect();
        assert_eq!(
            dates,
            [
                ("3 March 2025", "2025-03-03"),
                ("March 4, 2025", "2025-03-04"),
                ("March 2025", "2025-03"),
                ("December 2024", "2024-12"),
                ("early 2025", "2025"),
                ("1980s", "1980"),
                ("2035", "2035"),
            ]
        );
        assert!(!f[0].2 && f[4].2 && f[5].2);
    }

    #[test]
    fn weekdays_in_the_news_sense() {
        // 26 February 2025 was a Wednesday.
        assert_eq!(
            found("Monday's UN meeting", "2025-02-26")[0].1,
            "2025-02-24"
        );
        assert_eq!(
            found("a call on Wednesday", "2025-02-26")[0].1,
            "2025-02-26"
        );
        assert_eq!(found("a call on Thursday", "2025-02-26")[0].1, "2025-02-20");
        assert_eq!(found("next Monday", "2025-02-26")[0].1, "2025-03-03");
        assert_eq!(found("last Wednesday", "2025-02-26")[0].1, "2025-02-19");
        let published = NaiveDate::from_ymd_opt(2025, 2, 26).unwrap();
        let m = &mentions("on Monday", published)[0];
        assert_eq!(
            m.how,
            "the Monday on or before the publication date Wednesday 26 February 2025"
        );
        assert!(m.approximate);
    }

    #[test]
    fn relative_phrases_months_without_a_year_and_anaphora() {
        let f = found(
            "yesterday, last week, next week, three years ago, nearly eleven years ago. In July and August. In March 2025 it began; three months later it ended.",
            "2025-12-12",
        );
        let dates: Vec<(&str, &str)> = f.iter().map(|(t, d, _)| (t.as_str(), d.as_str())).collect();
        assert_eq!(
            dates,
            [
                ("yesterday", "2025-12-11"),
                ("last week", "2025-12-01"),
                ("next week", "2025-12-15"),
                ("three years ago", "2022"),
                ("eleven years ago", "2014"),
                ("July", "2025-07"),
                ("August", "2025-08"),
                ("March 2025", "2025-03"),
                ("three months later", "2025-06"),
            ]
        );
    }

    #[test]
    fn a_passage_takes_the_date_inside_it_or_nearest_in_its_paragraph() {
        let text =
            "Talks began on Monday in Riyadh. They ended well.\nIn March 2024 nothing happened.";
        let published = crate::model::date::PartialDate::parse("2025-02-26").unwrap();
        let inside = date_for_passage(text, published, &(0..32)).unwrap();
        assert_eq!(inside.0.date, "2025-02-24");
        assert!(inside.0.approximate);
        assert_eq!(
            inside.1,
            "'on Monday' in an article published Wednesday 26 February 2025"
        );
        // "They ended well." has none: the nearest in its paragraph, not the next paragraph's.
        let around = date_for_passage(text, published, &(33..49)).unwrap();
        assert_eq!(around.0.text, "on Monday");
        // An article dated to the month: only dates written out.
        let month = crate::model::date::PartialDate::parse("2025-02").unwrap();
        assert_eq!(date_for_passage(text, month, &(0..32)), None);
        let written = date_for_passage(text, month, &(50..text.len())).unwrap();
        assert_eq!(
            (written.0.date.as_str(), written.1.as_str()),
            ("2024-03", "'March 2024' in the article")
        );
    }

    #[test]
    fn many_mentions_cost_linear_time() {
        // 200,000 years, 20,000 "in March" and 20,000 "three months later" with no full stop:
        // each is placed and resolved without looking at the others one by one.
        let text = format!(
            "{}{}{}",
            "2025 ".repeat(200_000),
            "in March ".repeat(20_000),
            "three months later ".repeat(20_000)
        );
        let published = NaiveDate::from_ymd_opt(2025, 12, 12).unwrap();
        let found = mentions(&text, published);
        assert_eq!(found.len(), 240_000);
        assert_eq!(found.last().map(|m| m.date.as_str()), Some("2025-06"));
    }

    #[test]
    fn years_side_by_side_are_each_a_mention() {
        let f = found("in 2024, 2025 and 2026. 1994 2000", "2025-12-12");
        let years: Vec<&str> = f.iter().map(|(t, _, _)| t.as_str()).collect();
        assert_eq!(years, ["2024", "2025", "2026", "1994", "2000"]);
    }

    #[test]
    fn numbers_that_are_not_dates_give_nothing() {
        for trap in [
            "It may rain.",
            "40,000 troops",
            "7%",
            "2% of GDP",
            "the 10-point plan",
            "the first, second and third anniversaries",
            "3.5 % for defence",
            "433 years",
            "$2025 million",
            "25,000 to 30,000 soldiers",
            "administration7 wants",
            "a ratio of 2025.5",
            "up 2025%",
        ] {
            assert_eq!(found(trap, "2025-12-12"), [], "{trap}");
        }
    }
}
