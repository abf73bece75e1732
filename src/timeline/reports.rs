//! Who reported an event, and when: how many distinct sources and publishers cite it
//! (corroboration), which source reported it first, and how long after (or before) the event
//! that was. Pure functions of the timeline; the reader, the list, the canvas and the filter
//! show them.

use std::collections::{BTreeSet, HashMap};

use smallvec::SmallVec;

use chrono::NaiveDate;

use crate::model::date::{PartialDate, Precision};
use crate::model::{Event, Timeline};

/// How many independent voices cite an event.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Corroboration {
    /// Distinct sources (articles).
    pub sources: usize,
    /// Distinct publishers: two articles from the same publisher count once.
    pub publishers: usize,
}

impl Corroboration {
    /// "3 sources, 2 publishers", "1 source, 1 publisher".
    pub fn describe(self) -> String {
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        format!(
            "{}, {}",
            plural(self.sources, "source", "sources"),
            plural(self.publishers, "publisher", "publishers")
        )
    }
}

/// A publisher's name as compared: trimmed, case folded.
fn publisher_key(publisher: &str) -> String {
    publisher.trim().to_lowercase()
}

/// How many distinct sources and publishers cite `event` with a passage (a pending citation,
/// whose passage is not chosen yet, backs nothing so far).
pub fn corroboration(timeline: &Timeline, event: &Event) -> Corroboration {
    let sources: BTreeSet<usize> = event
        .citations(timeline)
        .iter()
        .filter(|c| !c.is_pending())
        .map(|c| c.source as usize)
        .collect();
    let publishers: BTreeSet<String> = sources
        .iter()
        .filter_map(|&s| timeline.sources.get(s))
        .map(|s| publisher_key(&s.record.publisher))
        .collect();
    Corroboration {
        sources: sources.len(),
        publishers: publishers.len(),
    }
}

/// Each event's number of distinct publishers, in event order: one pass, done when the
/// timeline changes, so that frames only look it up.
pub fn publisher_counts(timeline: &Timeline) -> Vec<u32> {
    // Each source's publisher as a number, equal where `corroboration` finds the names equal:
    // an event then counts a few numbers on the stack, where comparing names made two sets and
    // a folded copy of each name for each of a million events.
    let mut numbers: HashMap<String, u32> = HashMap::new();
    let publisher_of: Vec<u32> = timeline
        .sources
        .iter()
        .map(|s| {
            let next = u32::try_from(numbers.len()).unwrap_or(u32::MAX);
            *numbers
                .entry(publisher_key(&s.record.publisher))
                .or_insert(next)
        })
        .collect();
    timeline
        .events
        .iter()
        .map(|e| {
            let mut publishers: SmallVec<[u32; 4]> = e
                .citations(timeline)
                .iter()
                .filter(|c| !c.is_pending())
                .filter_map(|c| publisher_of.get(c.source as usize).copied())
                .collect();
            publishers.sort_unstable();
            publishers.dedup();
            u32::try_from(publishers.len()).unwrap_or(u32::MAX)
        })
        .collect()
}

/// The earliest report of an event: the citing source published first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FirstReport {
    /// Index of the source.
    pub source: usize,
    /// When it was published.
    pub published: PartialDate,
    /// True when that date was inferred.
    pub approximate: bool,
}

/// The source citing `event` with a passage that was published first (by first possible day,
/// then the finer date, then file order); `None` for an event with no such citation.
pub fn first_report(timeline: &Timeline, event: &Event) -> Option<FirstReport> {
    event
        .citations(timeline)
        .iter()
        .filter(|c| !c.is_pending())
        .filter_map(|c| {
            let source = timeline.sources.get(c.source as usize)?;
            Some(FirstReport {
                source: c.source as usize,
                published: source.published,
                approximate: source.record.published_approximate,
            })
        })
        .min_by_key(|r| {
            (
                r.published.first_day(),
                std::cmp::Reverse(r.published.precision()),
                r.source,
            )
        })
}

/// When a report came, relative to what it reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lag {
    /// Published this many days after the event ended (0: the same day).
    After(i64),
    /// Published this many days before the event began: a plan, a scheduled summit.
    Before(i64),
    /// The dates overlap (a month-precision date on either side): no day count can be told.
    Overlapping,
}

/// The lag between an event and a report of it. With coarse dates the safe bound is taken: a
/// report of February 2025 on an event of 18 February overlaps; one of March is at least 11
/// days later (from the event's last day to the report's first).
pub fn lag(event: &Event, published: PartialDate) -> Lag {
    let (start, end) = (
        event.date.first_day(),
        event
            .end
            .map_or(event.date.last_day(), PartialDate::last_day),
    );
    if published.first_day() >= end
        && (published.precision() == Precision::Day || published.first_day() > end)
    {
        Lag::After((published.first_day() - end).num_days())
    } else if published.last_day() < start {
        Lag::Before((start - published.last_day()).num_days())
    } else {
        Lag::Overlapping
    }
}

/// "first reported 26 February 2025 by TRT World, 8 days later"; "about …" for an inferred
/// publication date; "… before it happened" for a report ahead of the event.
pub fn reported_line(timeline: &Timeline, event: &Event) -> Option<String> {
    let report = first_report(timeline, event)?;
    let source = timeline.sources.get(report.source)?;
    let about = if report.approximate { "about " } else { "" };
    let when = match lag(event, report.published) {
        Lag::After(0) => "the same day".to_owned(),
        Lag::After(1) => "a day later".to_owned(),
        Lag::After(days) => format!("{days} days later"),
        Lag::Before(1) => "a day before it happened".to_owned(),
        Lag::Before(days) => format!("{days} days before it happened"),
        Lag::Overlapping => "in the same period".to_owned(),
    };
    Some(format!(
        "first reported {about}{} by {}, {when}",
        report.published, source.record.publisher
    ))
}

/// What one source contributes: how many events it supports and how its passages anchored.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SourceStats {
    /// Distinct events citing it.
    pub events: usize,
    /// Its citations by anchor quality: exact, normalised, approximate, not found.
    pub anchors: [usize; 4],
}

impl SourceStats {
    /// "12 exact, 1 normalised" (qualities with none left out; "no citations" when empty).
    pub fn describe_anchors(&self) -> String {
        let names = ["exact", "normalised", "approximate", "not found"];
        let parts: Vec<String> = self
            .anchors
            .iter()
            .zip(names)
            .filter(|(n, _)| **n > 0)
            .map(|(n, name)| format!("{n} {name}"))
            .collect();
        if parts.is_empty() {
            "no citations".to_owned()
        } else {
            parts.join(", ")
        }
    }
}

/// Each source's [`SourceStats`], in source order: one pass over the citations.
pub fn source_stats(timeline: &Timeline) -> Vec<SourceStats> {
    use crate::load::anchor::AnchorQuality;
    let mut stats = vec![SourceStats::default(); timeline.sources.len()];
    let mut last_event = vec![usize::MAX; timeline.sources.len()];
    for (event_index, event) in timeline.events.iter().enumerate() {
        for citation in event.citations(timeline) {
            let Some(stat) = stats.get_mut(citation.source as usize) else {
                continue;
            };
            if !citation.is_pending() {
                let slot = match citation.anchor.quality() {
                    AnchorQuality::Exact => 0,
                    AnchorQuality::Normalised => 1,
                    AnchorQuality::Approximate { .. } => 2,
                    AnchorQuality::NotFound => 3,
                };
                stat.anchors[slot] += 1;
            }
            if let Some(last) = last_event.get_mut(citation.source as usize)
                && *last != event_index
            {
                *last = event_index;
                stat.events += 1;
            }
        }
    }
    stats
}

/// Where the sources disagree on when an event happened: from the earliest to the latest day
/// that the event's date and its citations' claimed dates allow. `None` when no citation
/// claims another date.
pub fn claimed_spread(timeline: &Timeline, event: &Event) -> Option<(NaiveDate, NaiveDate)> {
    let claimed: Vec<PartialDate> = event
        .citations(timeline)
        .iter()
        .filter_map(|c| c.claimed)
        .filter(|d| *d != event.date)
        .collect();
    if claimed.is_empty() {
        return None;
    }
    let event_end = event
        .end
        .map_or(event.date.last_day(), PartialDate::last_day);
    let first = claimed
        .iter()
        .map(|d| d.first_day())
        .fold(event.date.first_day(), NaiveDate::min);
    let last = claimed
        .iter()
        .map(|d| d.last_day())
        .fold(event_end, NaiveDate::max);
    Some((first, last))
}

/// Each citation's date for the event, side by side: the source, the date it gives (its
/// claimed date, or the event's when it claims none), and whether that is a claim of its own.
pub fn dates_by_source(timeline: &Timeline, event: &Event) -> Vec<(usize, PartialDate, bool)> {
    event
        .citations(timeline)
        .iter()
        .map(|c| {
            (
                c.source as usize,
                c.claimed.unwrap_or(event.date),
                c.claimed.is_some(),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::load::{Articles, load_bytes};

    const ARTICLES: &[(&str, &str)] = &[("a.txt", "alpha beta gamma"), ("b.txt", "alpha beta")];

    /// Sources `(id, publisher, published, approximate, file)`; events `(id, date, sources)`.
    fn timeline(
        sources: &[(&str, &str, &str, bool, &str)],
        events: &[(&str, &str, &[&str])],
    ) -> Timeline {
        let sources: Vec<serde_json::Value> = sources
            .iter()
            .map(|(id, publisher, published, approximate, file)| {
                serde_json::json!({ "id": id, "title": id, "publisher": publisher,
                    "published": published, "published_approximate": approximate,
                    "published_note": approximate.then_some("inferred"), "file": file })
            })
            .collect();
        let events: Vec<serde_json::Value> = events
            .iter()
            .map(|(id, date, cited)| {
                let citations: Vec<serde_json::Value> = cited
                    .iter()
                    .map(|s| serde_json::json!({ "source": s, "quote": "alpha beta" }))
                    .collect();
                serde_json::json!({ "id": id, "date": date, "title": id, "citations": citations })
            })
            .collect();
        let doc = serde_json::json!({ "format": "sourceline/1", "title": "t",
            "sources": sources, "events": events });
        load_bytes(
            doc.to_string().as_bytes(),
            Path::new("t.json"),
            Articles::Embedded(ARTICLES),
        )
        .unwrap()
        .timeline
    }

    fn event<'t>(t: &'t Timeline, id: &str) -> &'t Event {
        &t.events[t.index_of(id).unwrap()]
    }

    #[test]
    fn each_events_publisher_count_is_its_corroborations() {
        let t = timeline(
            &[
                ("x1", "Wire", "2025-02-26", false, "a.txt"),
                ("x2", " wire ", "2025-02-27", false, "b.txt"),
                ("y", "Digest", "2025-03", true, "a.txt"),
                ("z", "Daily", "2025-03", false, "b.txt"),
            ],
            &[
                ("e", "2025-02-18", &["x1", "x2", "y", "x1"]),
                ("f", "2025-02-19", &["z"]),
                ("g", "2025-02-20", &["y", "z", "x2", "x1", "z"]),
                ("h", "2025-02-21", &[]),
            ],
        );
        let counts = publisher_counts(&t);
        let expected: Vec<u32> = t
            .events
            .iter()
            .map(|e| corroboration(&t, e).publishers as u32)
            .collect();
        assert_eq!(counts, expected);
        assert_eq!(counts.iter().max(), Some(&3));
    }

    #[test]
    fn publishers_count_once_whatever_their_case() {
        let t = timeline(
            &[
                ("x1", "Wire", "2025-02-26", false, "a.txt"),
                ("x2", " wire ", "2025-02-27", false, "b.txt"),
                ("y", "Digest", "2025-03", true, "a.txt"),
            ],
            &[("e", "2025-02-18", &["x1", "x2", "y", "x1"])],
        );
        let c = corroboration(&t, event(&t, "e"));
        assert_eq!(
            c,
            Corroboration {
                sources: 3,
                publishers: 2
            }
        );
        assert_eq!(c.describe(), "3 sources, 2 publishers");
        assert_eq!(
            Corroboration {
                sources: 1,
                publishers: 1
            }
            .describe(),
            "1 source, 1 publisher"
        );
    }

    #[test]
    fn the_first_report_and_how_late_it_was() {
        let t = timeline(
            &[
                ("late", "Digest", "2025-03-01", false, "a.txt"),
                ("early", "TRT World", "2025-02-26", false, "b.txt"),
            ],
            &[("riyadh", "2025-02-18", &["late", "early"])],
        );
        let e = event(&t, "riyadh");
        let first = first_report(&t, e).unwrap();
        assert_eq!(t.sources[first.source].record.id, "early");
        assert_eq!(
            reported_line(&t, e).as_deref(),
            Some("first reported 26 February 2025 by TRT World, 8 days later")
        );
    }

    #[test]
    fn approximate_coarse_and_early_reports() {
        let t = timeline(
            &[
                ("month", "Macro Insights", "2025-03", true, "a.txt"),
                ("plan", "Wire", "2025-06-01", false, "b.txt"),
            ],
            &[
                ("in-march", "2025-03-05", &["month"]),
                ("in-february", "2025-02-10", &["month"]),
                ("summit", "2025-06-24", &["plan"]),
            ],
        );
        assert_eq!(
            reported_line(&t, event(&t, "in-march")).as_deref(),
            Some("first reported about March 2025 by Macro Insights, in the same period")
        );
        // From the event's day to the first day the report can have: at least 19 days.
        assert_eq!(
            reported_line(&t, event(&t, "in-february")).as_deref(),
            Some("first reported about March 2025 by Macro Insights, 19 days later")
        );
        assert_eq!(
            reported_line(&t, event(&t, "summit")).as_deref(),
            Some("first reported 1 June 2025 by Wire, 23 days before it happened")
        );
    }

    #[test]
    fn each_source_counts_its_events_once_and_its_anchors() {
        let t = timeline(
            &[
                ("a", "P", "2025", false, "a.txt"),
                ("b", "Q", "2025", false, "b.txt"),
                ("unused", "R", "2025", false, "b.txt"),
            ],
            &[
                ("e1", "2025-01-01", &["a", "a", "b"]),
                ("e2", "2025-01-02", &["a"]),
            ],
        );
        let stats = source_stats(&t);
        assert_eq!(
            stats[0],
            SourceStats {
                events: 2,
                anchors: [3, 0, 0, 0]
            }
        );
        assert_eq!(stats[1].events, 1);
        assert_eq!(stats[0].describe_anchors(), "3 exact");
        assert_eq!(stats[2].describe_anchors(), "no citations");
    }

    #[test]
    fn the_spread_of_claimed_dates() {
        let t = timeline(
            &[
                ("a", "P", "2025", false, "a.txt"),
                ("b", "Q", "2025", false, "b.txt"),
            ],
            &[("e", "2025-02-18", &["a", "b"])],
        );
        let mut t = t;
        let day = |s: &str| PartialDate::parse(s).unwrap();
        let i = t.index_of("e").unwrap();
        assert_eq!(claimed_spread(&t, &t.events[i]), None);
        let first = t.events[i].citations.start as usize;
        // One source says the 17th, the other the month of March.
        t.citations[first].claimed = Some(day("2025-02-17"));
        t.citations[first + 1].claimed = Some(day("2025-03"));
        let (from, to) = claimed_spread(&t, &t.events[i]).unwrap();
        assert_eq!(from, day("2025-02-17").first_day());
        assert_eq!(to, day("2025-03").last_day());
        let side_by_side = dates_by_source(&t, &t.events[i]);
        assert_eq!(side_by_side[0], (0, day("2025-02-17"), true));
        assert_eq!(side_by_side[1], (1, day("2025-03"), true));
        // A claim equal to the event's date is no disagreement.
        t.citations[first].claimed = Some(day("2025-02-18"));
        t.citations[first + 1].claimed = None;
        assert_eq!(claimed_spread(&t, &t.events[i]), None);
    }

    #[test]
    fn lag_against_spans_and_coarse_events() {
        let t = timeline(
            &[("s", "P", "2025", false, "a.txt")],
            &[("e", "2025-02-18", &["s"])],
        );
        let e = event(&t, "e");
        let day = |s: &str| PartialDate::parse(s).unwrap();
        assert_eq!(lag(e, day("2025-02-18")), Lag::After(0));
        assert_eq!(lag(e, day("2025-02-19")), Lag::After(1));
        assert_eq!(lag(e, day("2025-02-17")), Lag::Before(1));
        assert_eq!(lag(e, day("2025-02")), Lag::Overlapping);
        assert_eq!(lag(e, day("2025")), Lag::Overlapping);
        assert_eq!(lag(e, day("2024")), Lag::Before(49));
        assert_eq!(lag(e, day("2026")), Lag::After(317));
        // No citation: no first report.
        let mut bare = e.clone();
        bare.citations = 0..0;
        assert_eq!(first_report(&t, &bare), None);
    }
}
