//! Event layout: which lane each event is drawn in, where its marker goes, which markers merge
//! into clusters, and which labels fit. Pure: the painter only draws what this returns.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::axis::{TimeAxis, days_from_date};
use crate::date::Precision;
use crate::model::{Event, Timeline};

/// How events are grouped into horizontal lanes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum LaneMode {
    /// One lane per actor; an event appears in each of its actors' lanes.
    #[default]
    ByActor,
    /// Everything in one lane.
    Combined,
}

/// Name of the lane for events without actors, and of the combined lane.
pub const OTHER_LANE: &str = "Other";
/// Name of the single lane in [`LaneMode::Combined`].
pub const COMBINED_LANE: &str = "All events";

/// A lane and the events in it (indices into [`Timeline::events`], in time order).
#[derive(Clone, Debug, PartialEq)]
pub struct Lane {
    /// The label drawn on the left.
    pub name: String,
    /// Its events, sorted by start.
    pub events: Vec<usize>,
}

/// Groups the timeline's events into lanes: by actor (most events first, ties by name) or one.
pub fn lanes(timeline: &Timeline, mode: LaneMode) -> Vec<Lane> {
    if mode == LaneMode::Combined {
        return vec![Lane {
            name: COMBINED_LANE.to_owned(),
            events: (0..timeline.events.len()).collect(),
        }];
    }
    let mut by_actor: Vec<Vec<usize>> = vec![Vec::new(); timeline.names.len()];
    let mut other = Vec::new();
    for (index, event) in timeline.events.iter().enumerate() {
        let actors = event.actor_ids(timeline);
        if actors.is_empty() {
            other.push(index);
        }
        for &actor in actors {
            if let Some(lane) = by_actor.get_mut(actor as usize) {
                // An actor listed twice still gets the event once.
                if lane.last() != Some(&index) {
                    lane.push(index);
                }
            }
        }
    }
    let mut by_actor: BTreeMap<&str, Vec<usize>> = by_actor
        .into_iter()
        .enumerate()
        .filter(|(_, events)| !events.is_empty())
        .map(|(name, events)| (timeline.name(name as u32), events))
        .collect();
    if !other.is_empty() {
        by_actor.entry(OTHER_LANE).or_default().extend(other);
    }
    let mut lanes: Vec<Lane> = by_actor
        .into_iter()
        .map(|(name, events)| Lane {
            name: name.to_owned(),
            events,
        })
        .collect();
    lanes.sort_by(|a, b| {
        b.events
            .len()
            .cmp(&a.events.len())
            .then_with(|| a.name.cmp(&b.name))
    });
    lanes
}

/// The shape of an event's marker.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MarkKind {
    /// A day-precision event: a dot.
    Point,
    /// A month- or year-precision event: a band over the whole period.
    Band,
    /// An event with an `end`: a bar.
    Span,
}

/// Where an event's time extent starts and ends, in days since 1970-01-01.
pub fn event_extent_days(event: &Event) -> (f64, f64) {
    let start = days_from_date(event.date.first_day());
    let last = event.end.unwrap_or(event.date).last_day();
    (start, days_from_date(last) + 1.0)
}

/// The marker shape for an event.
pub fn mark_kind(event: &Event) -> MarkKind {
    if event.end.is_some() {
        MarkKind::Span
    } else if event.date.precision() == Precision::Day {
        MarkKind::Point
    } else {
        MarkKind::Band
    }
}

/// One event drawn in one lane.
#[derive(Clone, Debug, PartialEq)]
pub struct EventItem {
    /// Index into the lanes.
    pub lane: usize,
    /// Index into [`Timeline::events`].
    pub event: usize,
    /// Screen x of the start (for points: the dot's centre).
    pub x0: f64,
    /// Screen x of the end (equal to `x0` for points).
    pub x1: f64,
    /// Its shape.
    pub kind: MarkKind,
    /// The label row it got, and the widest it may be drawn; `None`: no room, shown on hover.
    pub label: Option<LabelSlot>,
}

/// Where a label goes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LabelSlot {
    /// Row below the marker row (0 is the first).
    pub row: usize,
    /// Screen x where the text starts.
    pub x: f64,
    /// Widest the text may be; longer text is elided.
    pub max_width: f64,
}

/// Several day events too close in a lane to tell apart, drawn as one mark with a count.
#[derive(Clone, Debug, PartialEq)]
pub struct Cluster {
    /// Index into the lanes.
    pub lane: usize,
    /// Screen x of the first and last event.
    pub x0: f64,
    /// Screen x of the last event.
    pub x1: f64,
    /// The events merged, in time order.
    pub events: Vec<usize>,
}

/// Settings for [`layout`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LayoutOptions {
    /// Label rows under each lane's marker row.
    pub label_rows: usize,
    /// Estimated width of one label character, in pixels.
    pub char_width_px: f64,
    /// Day events closer than this in a lane merge into a cluster.
    pub merge_px: f64,
    /// Longest a label may be before it is elided.
    pub max_label_px: f64,
    /// Shortest an elided label may be; below this it is hidden instead.
    pub min_label_px: f64,
}

impl Default for LayoutOptions {
    fn default() -> Self {
        Self {
            label_rows: 2,
            char_width_px: 6.5,
            merge_px: 4.0,
            max_label_px: 220.0,
            min_label_px: 48.0,
        }
    }
}

/// What the painter draws for one frame.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Layout {
    /// Events drawn individually, lane by lane, in time order.
    pub items: Vec<EventItem>,
    /// Merged day events.
    pub clusters: Vec<Cluster>,
}

/// Gap after a label before the next one in the same row.
const LABEL_GAP_PX: f64 = 8.0;
/// Space between a dot and its label.
const POINT_LABEL_OFFSET_PX: f64 = 7.0;

/// Lays out the events of `lanes` for `axis`, keeping only those for which `visible` is true.
/// Events entirely off screen are culled; labels go into the first free row or are elided or
/// hidden.
pub fn layout(
    timeline: &Timeline,
    lanes: &[Lane],
    axis: TimeAxis,
    options: LayoutOptions,
    visible: impl Fn(usize) -> bool,
) -> Layout {
    let left = axis.left_px;
    let right = axis.left_px + axis.width_px;
    let mut out = Layout::default();
    for (lane_index, lane) in lanes.iter().enumerate() {
        let mut lane_items: Vec<EventItem> = Vec::new();
        let mut pending: Vec<(usize, f64)> = Vec::new();
        let flush = |pending: &mut Vec<(usize, f64)>,
                     items: &mut Vec<EventItem>,
                     clusters: &mut Vec<Cluster>| {
            match pending.len() {
                0 => {}
                1 => {
                    let (event, x) = pending[0];
                    items.push(EventItem {
                        lane: lane_index,
                        event,
                        x0: x,
                        x1: x,
                        kind: MarkKind::Point,
                        label: None,
                    });
                }
                _ => clusters.push(Cluster {
                    lane: lane_index,
                    x0: pending[0].1,
                    x1: pending[pending.len() - 1].1,
                    events: pending.iter().map(|p| p.0).collect(),
                }),
            }
            pending.clear();
        };
        for &index in &lane.events {
            if !visible(index) {
                continue;
            }
            let event = &timeline.events[index];
            let (start, end) = event_extent_days(event);
            let kind = mark_kind(event);
            let x0 = axis.x_from_time(start);
            let x1 = if kind == MarkKind::Point {
                x0
            } else {
                axis.x_from_time(end)
            };
            if x1 < left - options.merge_px || x0 > right + options.merge_px {
                continue;
            }
            if kind == MarkKind::Point {
                if pending
                    .last()
                    .is_some_and(|&(_, last)| x0 - last >= options.merge_px)
                {
                    flush(&mut pending, &mut lane_items, &mut out.clusters);
                }
                pending.push((index, x0));
            } else {
                lane_items.push(EventItem {
                    lane: lane_index,
                    event: index,
                    x0,
                    x1,
                    kind,
                    label: None,
                });
            }
        }
        flush(&mut pending, &mut lane_items, &mut out.clusters);
        lane_items.sort_by(|a, b| a.x0.total_cmp(&b.x0).then(a.event.cmp(&b.event)));
        place_labels(timeline, &mut lane_items, left, right, options);
        out.items.extend(lane_items);
    }
    out
}

fn place_labels(
    timeline: &Timeline,
    items: &mut [EventItem],
    left: f64,
    right: f64,
    options: LayoutOptions,
) {
    let mut row_free_from = vec![f64::NEG_INFINITY; options.label_rows];
    for item in items {
        let start = match item.kind {
            MarkKind::Point => item.x0 + POINT_LABEL_OFFSET_PX,
            MarkKind::Band | MarkKind::Span => item.x0.max(left) + 2.0,
        };
        let wanted = (timeline.events[item.event].title(timeline).chars().count() as f64
            * options.char_width_px)
            .min(options.max_label_px);
        let Some(row) = row_free_from.iter().position(|&free| free <= start) else {
            continue;
        };
        let max_width = wanted.min(right - start);
        if max_width < options.min_label_px.min(wanted) {
            continue;
        }
        row_free_from[row] = start + max_width + LABEL_GAP_PX;
        item.label = Some(LabelSlot {
            row,
            x: start,
            max_width,
        });
    }
}

/// The widest view span (in days) at which the day event `index` no longer merges with its
/// nearest day-event neighbour in any of its lanes, drawn over `width_px` with `merge_px`;
/// `None` when it has no such neighbour, or one on the same day (they always merge).
pub fn span_to_separate(
    timeline: &Timeline,
    lanes: &[Lane],
    index: usize,
    width_px: f64,
    merge_px: f64,
    visible: impl Fn(usize) -> bool,
) -> Option<f64> {
    let event = &timeline.events[index];
    if mark_kind(event) != MarkKind::Point {
        return None;
    }
    let at = event_extent_days(event).0;
    let nearest = lanes
        .iter()
        .filter(|lane| lane.events.contains(&index))
        .flat_map(|lane| &lane.events)
        .filter(|&&other| other != index && visible(other))
        .map(|&other| &timeline.events[other])
        .filter(|other| mark_kind(other) == MarkKind::Point)
        .map(|other| (event_extent_days(other).0 - at).abs())
        .fold(f64::INFINITY, f64::min);
    // A little more than the merge distance, so the two are clearly apart.
    (nearest.is_finite() && nearest > 0.0).then(|| width_px * nearest / (merge_px * 1.5))
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::axis::TimeView;
    use crate::load::{Articles, load_bytes};

    const ARTICLE: &[(&str, &str)] = &[("a.txt", "quoted text here")];

    /// A timeline from `(id, date, end, actors)`.
    fn timeline(events: &[(&str, &str, Option<&str>, &[&str])]) -> Timeline {
        let events: Vec<serde_json::Value> = events
            .iter()
            .map(|(id, date, end, actors)| {
                serde_json::json!({ "id": id, "date": date, "end": end, "title": format!("Event {id}"),
                    "actors": actors, "citations": [{ "source": "a", "quote": "quoted" }] })
            })
            .collect();
        let doc = serde_json::json!({ "format": "sourceline/1", "title": "t",
            "sources": [{ "id": "a", "title": "A", "publisher": "P", "published": "2025", "file": "a.txt" }],
            "events": events });
        load_bytes(
            doc.to_string().as_bytes(),
            Path::new("t.json"),
            Articles::Embedded(ARTICLE),
        )
        .unwrap()
        .timeline
    }

    fn axis(from: &str, to: &str, width: f64) -> TimeAxis {
        let day =
            |s: &str| days_from_date(chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap());
        TimeAxis::new(TimeView::between(day(from), day(to)), 0.0, width)
    }

    /// Lays out `t` in one lane between two dates over `width` pixels, every event visible.
    fn combined(t: &Timeline, from: &str, to: &str, width: f64) -> Layout {
        layout(
            t,
            &lanes(t, LaneMode::Combined),
            axis(from, to, width),
            LayoutOptions::default(),
            |_| true,
        )
    }

    #[test]
    fn lanes_by_actor_most_events_first() {
        let t = timeline(&[
            ("a", "2025-01-01", None, &["Russia", "Ukraine"]),
            ("b", "2025-01-02", None, &["Ukraine"]),
            ("c", "2025-01-03", None, &[]),
        ]);
        let l = lanes(&t, LaneMode::ByActor);
        let names: Vec<&str> = l.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(names, ["Ukraine", "Other", "Russia"]);
        assert_eq!(l[0].events, [0, 1]);
        let combined = lanes(&t, LaneMode::Combined);
        assert_eq!(combined.len(), 1);
        assert_eq!(combined[0].events, [0, 1, 2]);
    }

    #[test]
    fn marker_kinds_follow_precision_and_end() {
        let t = timeline(&[
            ("day", "2025-02-18", None, &["X"]),
            ("month", "2025-03", None, &["X"]),
            ("span", "2025-06-24", Some("2025-06-25"), &["X"]),
        ]);
        let out = combined(&t, "2025-01-01", "2026-01-01", 1000.0);
        let kind = |id: &str| {
            out.items
                .iter()
                .find(|i| t.events[i.event].id(&t) == id)
                .unwrap()
                .kind
        };
        assert_eq!(kind("day"), MarkKind::Point);
        assert_eq!(kind("month"), MarkKind::Band);
        assert_eq!(kind("span"), MarkKind::Span);
        let month = out
            .items
            .iter()
            .find(|i| t.events[i.event].id(&t) == "month")
            .unwrap();
        // March is 31 of 365 days of a 1000 px year.
        assert!((month.x1 - month.x0 - 31.0 / 365.0 * 1000.0).abs() < 1e-6);
    }

    #[test]
    fn events_off_screen_are_culled() {
        let t = timeline(&[
            ("before", "2020-01-01", None, &["X"]),
            ("inside", "2025-02-18", None, &["X"]),
            ("after", "2030-01-01", None, &["X"]),
            ("long", "2019", Some("2031"), &["X"]),
        ]);
        let out = combined(&t, "2025-01-01", "2026-01-01", 800.0);
        let mut ids: Vec<&str> = out.items.iter().map(|i| t.events[i.event].id(&t)).collect();
        ids.sort_unstable();
        assert_eq!(ids, ["inside", "long"]);
    }

    #[test]
    fn close_day_events_merge_into_a_cluster() {
        let t = timeline(&[
            ("a", "2025-02-18", None, &["X"]),
            ("b", "2025-02-19", None, &["X"]),
            ("c", "2025-02-20", None, &["X"]),
            ("far", "2025-09-01", None, &["X"]),
        ]);
        // A year over 365 px: one pixel a day, so the three February days merge.
        let out = combined(&t, "2025-01-01", "2026-01-01", 365.0);
        assert_eq!(out.clusters.len(), 1);
        assert_eq!(out.clusters[0].events, [0, 1, 2]);
        assert_eq!(out.items.len(), 1);
        // Zoomed in, they separate.
        let out = combined(&t, "2025-02-01", "2025-03-01", 800.0);
        assert!(out.clusters.is_empty());
        assert_eq!(out.items.len(), 3);
    }

    #[test]
    fn labels_stack_into_rows_and_never_overlap() {
        let days = ["10", "11", "12", "13", "14", "15"];
        let events: Vec<(String, String)> = days
            .iter()
            .map(|d| (format!("e{d}"), format!("2025-02-{d}")))
            .collect();
        let spec: Vec<(&str, &str, Option<&str>, &[&str])> = events
            .iter()
            .map(|(id, date)| (id.as_str(), date.as_str(), None, &["X"][..]))
            .collect();
        let t = timeline(&spec);
        // About 13.6 px a day: a 45 px label covers three and a half days.
        let out = combined(&t, "2025-02-01", "2025-04-01", 800.0);
        let rows: Vec<Option<usize>> = out.items.iter().map(|i| i.label.map(|s| s.row)).collect();
        assert_eq!(rows, [Some(0), Some(1), None, None, None, Some(0)]);
        let placed: Vec<LabelSlot> = out.items.iter().filter_map(|i| i.label).collect();
        for (i, a) in placed.iter().enumerate() {
            for b in &placed[i + 1..] {
                if a.row == b.row {
                    assert!(
                        a.x + a.max_width <= b.x || b.x + b.max_width <= a.x,
                        "{a:?} {b:?}"
                    );
                }
            }
        }
        assert!(
            out.items.iter().any(|i| i.label.is_none()),
            "something had to give"
        );
    }

    #[test]
    fn labels_are_elided_at_the_right_edge() {
        let t = timeline(&[("a", "2025-02-27", None, &["X"])]);
        let out = combined(&t, "2025-02-01", "2025-03-01", 800.0);
        let slot = out.items[0].label.unwrap();
        assert!(slot.x + slot.max_width <= 800.0 + 1e-9);
    }

    #[test]
    fn the_span_to_separate_a_clustered_event() {
        let t = timeline(&[
            ("a", "2025-02-18", None, &["X"]),
            ("b", "2025-02-19", None, &["X"]),
            ("c", "2025-02-19", None, &["Y"]),
            ("month", "2025-02", None, &["X"]),
        ]);
        let l = lanes(&t, LaneMode::ByActor);
        let a = t.index_of("a").unwrap();
        let span = span_to_separate(&t, &l, a, 800.0, 10.0, |_| true).unwrap();
        // One day apart must be 15 px: 800 px then shows 800 / 15 days.
        assert!((span - 800.0 / 15.0).abs() < 1e-9, "{span}");
        let out = layout(
            &t,
            &l,
            axis_span("2025-02-18", span, 800.0),
            LayoutOptions {
                merge_px: 10.0,
                ..LayoutOptions::default()
            },
            |_| true,
        );
        assert!(out.clusters.is_empty());
        // Hidden neighbours do not count; bands never need separating.
        assert_eq!(span_to_separate(&t, &l, a, 800.0, 10.0, |i| i == a), None);
        assert_eq!(
            span_to_separate(&t, &l, t.index_of("month").unwrap(), 800.0, 10.0, |_| true),
            None
        );
    }

    fn axis_span(from: &str, span_days: f64, width: f64) -> TimeAxis {
        let start =
            days_from_date(chrono::NaiveDate::parse_from_str(from, "%Y-%m-%d").unwrap()) - 1.0;
        TimeAxis::new(
            TimeView {
                start_days: start,
                span_days,
            },
            0.0,
            width,
        )
    }

    #[test]
    fn filtered_events_are_left_out() {
        let t = timeline(&[
            ("a", "2025-02-10", None, &["X"]),
            ("b", "2025-02-20", None, &["X"]),
        ]);
        let l = lanes(&t, LaneMode::Combined);
        let out = layout(
            &t,
            &l,
            axis("2025-02-01", "2025-03-01", 800.0),
            LayoutOptions::default(),
            |i| i == 1,
        );
        assert_eq!(out.items.len(), 1);
        assert_eq!(out.items[0].event, 1);
    }
}
