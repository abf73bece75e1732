//! Event layout: which lane each event is drawn in, where its marker goes, which markers merge
//! into clusters, and which labels fit. Pure: the painter only draws what this returns.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::model::date::Precision;
use crate::model::{Event, Timeline};
use crate::timeline::axis::TimeAxis;

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

/// Puts `lanes` in the order of `previous` (lane names, as shown before a reload): lanes that
/// are still there keep their relative places, new ones follow in the order they came in (most
/// events first), and lanes that emptied are gone. So a reload that edits one event never
/// shuffles the lanes on screen; only opening another file orders them afresh.
pub fn keep_lane_order(mut lanes: Vec<Lane>, previous: &[String]) -> Vec<Lane> {
    let place: std::collections::HashMap<&str, usize> = previous
        .iter()
        .enumerate()
        .map(|(i, name)| (name.as_str(), i))
        .collect();
    // Stable: new lanes (all at `usize::MAX`) keep the order `lanes` gave them.
    lanes.sort_by_key(|lane| place.get(lane.name.as_str()).copied().unwrap_or(usize::MAX));
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
    let start = event.date.first_day_from_epoch() as f64;
    let last = event.end.unwrap_or(event.date).last_day_from_epoch() as f64;
    (start, last + 1.0)
}

/// The first start and last end of all events, in days; `None` without events.
pub fn timeline_extent_days(timeline: &Timeline) -> Option<(f64, f64)> {
    let (start, end) = timeline
        .events
        .iter()
        .map(event_extent_days)
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), (s, e)| {
            (a.min(s), b.max(e))
        });
    start.is_finite().then_some((start, end))
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

/// Events too close in a lane to tell apart, drawn as one mark with a count.
#[derive(Clone, Debug, PartialEq)]
pub struct Cluster {
    /// Index into the lanes.
    pub lane: usize,
    /// Screen x of the first event's start.
    pub x0: f64,
    /// Screen x of the last event's start (or end, for bands and spans).
    pub x1: f64,
    /// Which of the lane's sorted lists the events are in.
    pub list: ListId,
    /// The events merged: a range of that list, in time order. For the mark of bands and spans
    /// in progress at the left edge, the range also holds members that ended before the view.
    pub range: std::ops::Range<usize>,
    /// How many events it stands for (those of `range` that overlap the view).
    pub count: usize,
}

impl Cluster {
    /// The events merged, as indices into [`Timeline::events`], in time order.
    pub fn events<'i>(&self, index: &'i [LaneIndex]) -> &'i [usize] {
        index
            .get(self.lane)
            .and_then(|lane| lane.list(self.list).events.get(self.range.clone()))
            .unwrap_or_default()
    }

    /// How many events it stands for.
    pub fn len(&self) -> usize {
        self.count
    }

    /// True when it stands for no event (never produced by [`layout`]).
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }
}

/// One of a lane's sorted lists: its day events, or its bands and spans of one length class.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ListId {
    /// Day events without an end.
    Points,
    /// Bands and spans whose length falls in class `k` of [`LENGTH_CLASSES_DAYS`].
    Long(usize),
}

/// Upper bounds of the length classes bands and spans are sorted into: powers of two from two
/// days to 2¹⁶ days (179 years), then everything longer. Within a class every item is at most
/// that long and more than half of it, so the items a view's binary search has to look at start
/// in `[view start − bound, view end]` and most of them overlap the view.
pub const LENGTH_CLASSES_DAYS: [f64; 17] = [
    2.0,
    4.0,
    8.0,
    16.0,
    32.0,
    64.0,
    128.0,
    256.0,
    512.0,
    1_024.0,
    2_048.0,
    4_096.0,
    8_192.0,
    16_384.0,
    32_768.0,
    65_536.0,
    f64::INFINITY,
];

/// Events of one list, sorted by start, with their extents in days for binary search.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SortedEvents {
    /// Indices into [`Timeline::events`], in time order.
    pub events: Vec<usize>,
    /// Start of each, in days since 1970-01-01.
    pub starts: Vec<f64>,
    /// End of each (exclusive), in days.
    pub ends: Vec<f64>,
    /// The longest extent in the list, in days.
    pub longest_days: f64,
    /// The ends again, sorted: how many items ended before a time is one binary search.
    pub ends_sorted: Vec<f64>,
}

impl SortedEvents {
    fn push(&mut self, event: usize, start: f64, end: f64) {
        self.events.push(event);
        self.starts.push(start);
        self.ends.push(end);
        self.longest_days = self.longest_days.max(end - start);
    }

    /// Puts the items in order of their starts (stable).
    fn sort_by_start(&mut self) {
        let mut order: Vec<usize> = (0..self.events.len()).collect();
        order.sort_by(|&a, &b| self.starts[a].total_cmp(&self.starts[b]));
        self.events = order.iter().map(|&i| self.events[i]).collect();
        self.starts = order.iter().map(|&i| self.starts[i]).collect();
        self.ends = order.iter().map(|&i| self.ends[i]).collect();
    }

    /// The positions of the events that may overlap `[from, to]` (days): a binary search over
    /// the starts, widened by the longest extent.
    pub fn candidates(&self, from: f64, to: f64) -> std::ops::Range<usize> {
        let lo = self
            .starts
            .partition_point(|&s| s < from - self.longest_days);
        let hi = self.starts.partition_point(|&s| s <= to);
        lo..hi.max(lo)
    }
}

/// A lane's events that pass the filter, split into sorted lists for the per-frame layout.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LaneIndex {
    /// Day events without an end.
    pub points: SortedEvents,
    /// Bands and spans, by length class (see [`LENGTH_CLASSES_DAYS`]).
    pub long: Vec<SortedEvents>,
    /// Whose dates place the events.
    pub basis: TimeBasis,
}

/// Which date places an event on the canvas.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum TimeBasis {
    /// When it happened (its `date` and `end`).
    #[default]
    Event,
    /// When it was first reported: the publication date of the earliest source citing it, so
    /// that the canvas shows what was known when. An event no source dates stays at its own date.
    FirstReport,
}

impl TimeBasis {
    /// True when lists in event order are in time order (what binary searches by event index
    /// rely on).
    pub fn follows_event_order(self) -> bool {
        self == Self::Event
    }
}

/// The first start and last end of all events placed by `basis`, in days; `None` without
/// events. By event date it is [`timeline_extent_days`].
pub fn placed_extent_days(timeline: &Timeline, basis: TimeBasis) -> Option<(f64, f64)> {
    if basis == TimeBasis::Event {
        return timeline_extent_days(timeline);
    }
    let (start, end) = timeline
        .events
        .iter()
        .map(|e| placement(timeline, e, basis))
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), (s, e, _)| {
            (a.min(s), b.max(e))
        });
    start.is_finite().then_some((start, end))
}

/// Where an event's extent starts and ends (days) and its marker's shape, by `basis`.
pub fn placement(timeline: &Timeline, event: &Event, basis: TimeBasis) -> (f64, f64, MarkKind) {
    if basis == TimeBasis::FirstReport
        && let Some(report) = crate::timeline::reports::first_report(timeline, event)
    {
        let date = report.published;
        let kind = if date.precision() == Precision::Day {
            MarkKind::Point
        } else {
            MarkKind::Band
        };
        return (
            date.first_day_from_epoch() as f64,
            date.last_day_from_epoch() as f64 + 1.0,
            kind,
        );
    }
    let (start, end) = event_extent_days(event);
    (start, end, mark_kind(event))
}

/// Where `event` sits in `list`: a binary search when the list is in event order, else a scan.
pub fn position_in(list: &SortedEvents, event: usize, basis: TimeBasis) -> Option<usize> {
    if basis.follows_event_order() {
        list.events.binary_search(&event).ok()
    } else {
        list.events.iter().position(|&e| e == event)
    }
}

impl LaneIndex {
    /// One of the lists.
    pub fn list(&self, id: ListId) -> &SortedEvents {
        static EMPTY: SortedEvents = SortedEvents {
            events: Vec::new(),
            starts: Vec::new(),
            ends: Vec::new(),
            longest_days: 0.0,
            ends_sorted: Vec::new(),
        };
        match id {
            ListId::Points => &self.points,
            ListId::Long(k) => self.long.get(k).unwrap_or(&EMPTY),
        }
    }

    /// How many events it holds.
    pub fn len(&self) -> usize {
        self.points.events.len() + self.long.iter().map(|l| l.events.len()).sum::<usize>()
    }

    /// True when it holds no event.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Builds each lane's sorted lists from the events for which `visible` is true. Done once per
/// timeline or filter change; [`layout`] then works in time proportional to what is on screen.
pub fn index_lanes(
    timeline: &Timeline,
    lanes: &[Lane],
    visible: impl Fn(usize) -> bool,
) -> Vec<LaneIndex> {
    index_lanes_by(timeline, lanes, visible, TimeBasis::Event)
}

/// [`index_lanes`], placing events by `basis`. By first report the lists are sorted by their
/// new starts (stable, so ties keep event order).
pub fn index_lanes_by(
    timeline: &Timeline,
    lanes: &[Lane],
    visible: impl Fn(usize) -> bool,
    basis: TimeBasis,
) -> Vec<LaneIndex> {
    lanes
        .iter()
        .map(|lane| {
            let mut index = LaneIndex {
                points: SortedEvents::default(),
                long: vec![SortedEvents::default(); LENGTH_CLASSES_DAYS.len()],
                basis,
            };
            for &event in &lane.events {
                if !visible(event) {
                    continue;
                }
                let e = &timeline.events[event];
                let (start, end, kind) = placement(timeline, e, basis);
                if kind == MarkKind::Point {
                    index.points.push(event, start, end);
                } else {
                    let class = LENGTH_CLASSES_DAYS
                        .iter()
                        .position(|&bound| end - start <= bound)
                        .unwrap_or(LENGTH_CLASSES_DAYS.len() - 1);
                    index.long[class].push(event, start, end);
                }
            }
            if !basis.follows_event_order() {
                index.points.sort_by_start();
                for list in &mut index.long {
                    list.sort_by_start();
                }
            }
            for list in &mut index.long {
                list.ends_sorted.clone_from(&list.ends);
                list.ends_sorted.sort_unstable_by(f64::total_cmp);
            }
            index
        })
        .collect()
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
    /// Merged events, sorted by lane, then x.
    pub clusters: Vec<Cluster>,
    /// Clusters of one lane that overlap on screen (day events, and bands and spans of each
    /// length class, merge separately), drawn as one mark.
    pub groups: Vec<ClusterGroup>,
    /// How many sorted starts the merge compared (its binary searches' probes): what the
    /// layout's cost grows with, kept so tests and benchmarks can check it is bounded by pixels.
    pub probes: usize,
}

/// Clusters of one lane drawn as one mark with their total count: a cluster of day events on
/// its own, or overlapping clusters of bands and spans (each length class merges separately).
#[derive(Clone, Debug, PartialEq)]
pub struct ClusterGroup {
    /// Index into the lanes.
    pub lane: usize,
    /// True for bands and spans, false for day events.
    pub long: bool,
    /// Screen x where the leftmost member starts.
    pub x0: f64,
    /// Screen x where the rightmost member ends.
    pub x1: f64,
    /// Its members, a range of [`Layout::clusters`].
    pub members: std::ops::Range<usize>,
    /// How many events the members stand for together.
    pub count: usize,
}

/// Gap after a label before the next one in the same row.
const LABEL_GAP_PX: f64 = 8.0;
/// Space between a dot and its label.
const POINT_LABEL_OFFSET_PX: f64 = 7.0;

/// Lays out the indexed lanes for `axis`. Only what overlaps the view is visited (binary search
/// over sorted starts); day events closer than `merge_px` merge into clusters by jumping from one
/// merge distance to the next rather than visiting every event, so a cluster of a million costs
/// a few searches. Labels go into the first free row or are elided or hidden.
pub fn layout(
    timeline: &Timeline,
    index: &[LaneIndex],
    axis: TimeAxis,
    options: LayoutOptions,
) -> Layout {
    let left = axis.left_px;
    let right = axis.left_px + axis.width_px;
    let from = axis.time_from_x(left - options.merge_px);
    let to = axis.time_from_x(right + options.merge_px);
    let mut out = Layout::default();
    for (lane, lists) in index.iter().enumerate() {
        let mut lane_items: Vec<EventItem> = Vec::new();
        let points = &lists.points;
        merge_runs(
            points,
            points.candidates(from, to),
            axis,
            options.merge_px,
            &mut out.probes,
            |range, x0, x1| {
                if range.len() == 1 {
                    lane_items.push(EventItem {
                        lane,
                        event: points.events[range.start],
                        x0,
                        x1: x0,
                        kind: MarkKind::Point,
                        label: None,
                    });
                } else {
                    out.clusters.push(Cluster {
                        lane,
                        x0,
                        x1,
                        list: ListId::Points,
                        count: range.len(),
                        range,
                    });
                }
            },
        );
        for (class, list) in lists.long.iter().enumerate() {
            let candidates = list.candidates(from, to);
            // Those that began before the view and still run are one mark at the left edge:
            // however many, they cover the same pixels. Counted exactly with two binary
            // searches (every item that ended before `from` also began before it).
            let split = list
                .starts
                .partition_point(|&s| s < from)
                .max(candidates.start);
            let ended = list.ends_sorted.partition_point(|&e| e < from);
            let in_progress = split.saturating_sub(ended);
            let running = || (candidates.start..split).filter(|&i| list.ends[i] >= from);
            if in_progress == 1 {
                if let Some(i) = running().next() {
                    let event = list.events[i];
                    lane_items.push(EventItem {
                        lane,
                        event,
                        x0: axis.x_from_time(list.starts[i]),
                        x1: axis.x_from_time(list.ends[i]),
                        kind: placement(timeline, &timeline.events[event], lists.basis).2,
                        label: None,
                    });
                }
            } else if in_progress > 1 {
                let end = running().map(|i| list.ends[i]).fold(from, f64::max);
                out.clusters.push(Cluster {
                    lane,
                    x0: left,
                    x1: axis.x_from_time(end).min(right + options.merge_px),
                    list: ListId::Long(class),
                    range: candidates.start..split,
                    count: in_progress,
                });
            }
            // The rest start in view: they merge by start like day events, since those
            // starting within a few pixels of each other in a lane cannot be told apart.
            merge_runs(
                list,
                split..candidates.end,
                axis,
                options.merge_px,
                &mut out.probes,
                |range, x0, _| {
                    // The run's first and last ends stand for its extent: looking at every
                    // member would cost as many steps as the run holds.
                    let end = list.ends[range.start].max(list.ends[range.end - 1]);
                    let x1 = axis.x_from_time(end);
                    if range.len() == 1 {
                        let event = list.events[range.start];
                        lane_items.push(EventItem {
                            lane,
                            event,
                            x0,
                            x1,
                            kind: placement(timeline, &timeline.events[event], lists.basis).2,
                            label: None,
                        });
                    } else {
                        out.clusters.push(Cluster {
                            lane,
                            x0,
                            x1: x1.min(right + options.merge_px),
                            list: ListId::Long(class),
                            count: range.len(),
                            range,
                        });
                    }
                },
            );
        }
        lane_items.sort_by(|a, b| a.x0.total_cmp(&b.x0).then(a.event.cmp(&b.event)));
        place_labels(timeline, &mut lane_items, left, right, options);
        out.items.extend(lane_items);
    }
    out.clusters
        .sort_by(|a, b| a.lane.cmp(&b.lane).then(a.x0.total_cmp(&b.x0)));
    out.groups = group_clusters(&out.clusters, options.merge_px);
    out
}

/// Groups clusters (sorted by lane, then x): day-event clusters stand alone (they never
/// overlap); clusters of bands and spans that overlap or nearly touch within a lane group, since
/// the length classes merge separately. Members of a group are contiguous in `clusters` only
/// when no day cluster falls between them, so a group's members are those of its range that are
/// of its kind.
fn group_clusters(clusters: &[Cluster], merge_px: f64) -> Vec<ClusterGroup> {
    let mut groups: Vec<ClusterGroup> = Vec::new();
    // The open group of bands and spans in the current lane.
    let mut open: Option<usize> = None;
    for (i, c) in clusters.iter().enumerate() {
        let long = c.list != ListId::Points;
        if let Some(g) = open.and_then(|g| groups.get_mut(g))
            && long
            && g.lane == c.lane
            && c.x0 - g.x1 < merge_px
        {
            g.x1 = g.x1.max(c.x1);
            g.members.end = i + 1;
            g.count += c.len();
            continue;
        }
        if long {
            open = Some(groups.len());
        } else if open.is_some_and(|g| groups[g].lane != c.lane) {
            open = None;
        }
        groups.push(ClusterGroup {
            lane: c.lane,
            long,
            x0: c.x0,
            x1: c.x1,
            members: i..i + 1,
            count: c.len(),
        });
    }
    groups
}

impl ClusterGroup {
    /// Its member clusters.
    pub fn members<'c>(&self, clusters: &'c [Cluster]) -> impl Iterator<Item = &'c Cluster> {
        let long = self.long;
        clusters
            .get(self.members.clone())
            .unwrap_or_default()
            .iter()
            .filter(move |c| (c.list != ListId::Points) == long)
    }
}

/// Splits `range` of `list` into runs whose consecutive starts are less than `merge_px` apart
/// and calls `emit(run, x of first start, x of last start)` for each. Each run is found by
/// binary searches that jump a merge distance at a time, so the cost depends on the pixels
/// covered, not on how many events a run holds.
fn merge_runs(
    list: &SortedEvents,
    range: std::ops::Range<usize>,
    axis: TimeAxis,
    merge_px: f64,
    probes: &mut usize,
    mut emit: impl FnMut(std::ops::Range<usize>, f64, f64),
) {
    let starts = &list.starts;
    let mut first = range.start;
    while first < range.end {
        let first_x = axis.x_from_time(starts[first]);
        let mut end = first;
        let mut end_x = first_x;
        loop {
            // Everything closer than `merge_px` to the run's current end joins it.
            let reach = starts[end + 1..range.end].partition_point(|&s| {
                *probes += 1;
                axis.x_from_time(s) - end_x < merge_px
            });
            if reach == 0 {
                break;
            }
            end += reach;
            end_x = axis.x_from_time(starts[end]);
        }
        emit(first..end + 1, first_x, end_x);
        first = end + 1;
    }
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
/// `None` when it has no such neighbour, or one on the same day (they always merge). Only the
/// events in the lane index (those that pass the filter) count.
pub fn span_to_separate(
    timeline: &Timeline,
    lanes: &[LaneIndex],
    index: usize,
    width_px: f64,
    merge_px: f64,
) -> Option<f64> {
    let event = timeline.events.get(index)?;
    let basis = lanes.first().map_or(TimeBasis::Event, |l| l.basis);
    let (at, _, kind) = placement(timeline, event, basis);
    if kind != MarkKind::Point {
        return None;
    }
    let mut nearest = f64::INFINITY;
    for lane in lanes {
        let points = &lane.points;
        let Some(position) = position_in(points, index, basis) else {
            continue;
        };
        for neighbour in [position.checked_sub(1), Some(position + 1)]
            .into_iter()
            .flatten()
        {
            if let Some(&start) = points.starts.get(neighbour) {
                nearest = nearest.min((start - at).abs());
            }
        }
    }
    // A little more than the merge distance, so the two are clearly apart.
    (nearest.is_finite() && nearest > 0.0).then(|| width_px * nearest / (merge_px * 1.5))
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::load::{Articles, load_bytes};
    use crate::timeline::axis::TimeView;
    use crate::timeline::axis::days_from_date;

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
            &index_lanes(t, &lanes(t, LaneMode::Combined), |_| true),
            axis(from, to, width),
            LayoutOptions::default(),
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
    fn a_reload_keeps_the_lane_order() {
        let before = timeline(&[
            ("a", "2025-01-01", None, &["Russia", "Ukraine"]),
            ("b", "2025-01-02", None, &["Ukraine"]),
            ("c", "2025-01-03", None, &["Russia"]),
            ("d", "2025-01-04", None, &["Russia"]),
        ]);
        let shown: Vec<String> = lanes(&before, LaneMode::ByActor)
            .into_iter()
            .map(|l| l.name)
            .collect();
        assert_eq!(shown, ["Russia", "Ukraine"]);
        // The edit gives Ukraine the most events and adds two new actors, one with more events.
        let after = timeline(&[
            ("a", "2025-01-01", None, &["Ukraine", "EU"]),
            ("b", "2025-01-02", None, &["Ukraine", "EU"]),
            ("c", "2025-01-03", None, &["Russia", "NATO"]),
            ("d", "2025-01-04", None, &["Ukraine"]),
        ]);
        let fresh: Vec<String> = lanes(&after, LaneMode::ByActor)
            .into_iter()
            .map(|l| l.name)
            .collect();
        assert_eq!(fresh, ["Ukraine", "EU", "NATO", "Russia"], "counts reorder");
        let kept: Vec<String> = keep_lane_order(lanes(&after, LaneMode::ByActor), &shown)
            .into_iter()
            .map(|l| l.name)
            .collect();
        assert_eq!(kept, ["Russia", "Ukraine", "EU", "NATO"]);
        // A lane that emptied is gone; the others keep their places.
        let gone = timeline(&[("a", "2025-01-01", None, &["Ukraine"])]);
        let kept: Vec<String> = keep_lane_order(lanes(&gone, LaneMode::ByActor), &shown)
            .into_iter()
            .map(|l| l.name)
            .collect();
        assert_eq!(kept, ["Ukraine"]);
    }

    #[test]
    fn by_first_report_events_sit_at_their_reports_sorted_anew() {
        let doc = serde_json::json!({ "format": "sourceline/1", "title": "t",
            "sources": [
                { "id": "late", "title": "L", "publisher": "P", "published": "2025-03-01", "file": "a.txt" },
                { "id": "month", "title": "M", "publisher": "Q", "published": "2025-02",
                  "published_approximate": true, "published_note": "n", "file": "a.txt" }
            ],
            "events": [
                { "id": "first", "date": "2025-01-10", "title": "First", "actors": ["X"],
                  "citations": [{ "source": "late", "quote": "quoted" }] },
                { "id": "second", "date": "2025-01-20", "title": "Second", "actors": ["X"],
                  "citations": [{ "source": "month", "quote": "quoted" }] }
            ] });
        let t = load_bytes(
            doc.to_string().as_bytes(),
            Path::new("t.json"),
            Articles::Embedded(ARTICLE),
        )
        .unwrap()
        .timeline;
        let by_report = index_lanes_by(
            &t,
            &lanes(&t, LaneMode::Combined),
            |_| true,
            TimeBasis::FirstReport,
        );
        // "second" was reported in February (a band of the month), "first" on 1 March (a day).
        let first = t.index_of("first").unwrap();
        let second = t.index_of("second").unwrap();
        assert_eq!(by_report[0].points.events, [first]);
        let day =
            |s: &str| days_from_date(chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap());
        assert_eq!(by_report[0].points.starts, [day("2025-03-01")]);
        let bands: Vec<usize> = by_report[0]
            .long
            .iter()
            .flat_map(|l| l.events.clone())
            .collect();
        assert_eq!(bands, [second]);
        // Laid out over February–March, both show; by their own dates (January) neither does.
        let out = layout(
            &t,
            &by_report,
            axis("2025-02-01", "2025-04-01", 800.0),
            LayoutOptions::default(),
        );
        assert_eq!(out.items.len(), 2);
        let by_event = index_lanes(&t, &lanes(&t, LaneMode::Combined), |_| true);
        let out = layout(
            &t,
            &by_event,
            axis("2025-02-01", "2025-04-01", 800.0),
            LayoutOptions::default(),
        );
        assert!(out.items.is_empty());
        // Lists out of event order are searched by scanning.
        assert_eq!(
            position_in(&by_report[0].points, first, TimeBasis::FirstReport),
            Some(0)
        );
        assert_eq!(
            position_in(&by_report[0].points, second, TimeBasis::FirstReport),
            None
        );
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
        let index = index_lanes(&t, &lanes(&t, LaneMode::Combined), |_| true);
        assert_eq!(out.clusters[0].events(&index), [0, 1, 2]);
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
        // About 13.6 px a day: a label of 9 characters at 6.5 px (58.5 px) and its 8 px gap
        // cover about five days, so the sixth day's label fits in the first row again.
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
    fn labels_are_capped_elided_at_the_right_edge_or_hidden() {
        // A 39-character title wants 253.5 px at 6.5 px a character: more than the cap.
        let id = "a-much-longer-identifier-to-elide";
        let options = LayoutOptions::default();
        let wanted = format!("Event {id}").chars().count() as f64 * options.char_width_px;
        assert!(wanted > options.max_label_px);
        let label = |date: &str| {
            let t = timeline(&[(id, date, None, &["X"])]);
            // 800 px over February: about 28.6 px a day.
            combined(&t, "2025-02-01", "2025-03-01", 800.0).items[0].label
        };
        // Far from the edge: the cap.
        let free = label("2025-02-02").unwrap();
        assert!(
            (free.max_width - options.max_label_px).abs() < 1e-9,
            "{free:?}"
        );
        // About 107 px from the edge: elided to end exactly there.
        let near = label("2025-02-25").unwrap();
        assert!((near.x + near.max_width - 800.0).abs() < 1e-9, "{near:?}");
        assert!(near.max_width < options.max_label_px && near.max_width >= options.min_label_px);
        // About 22 px from the edge, under the shortest elided label: hidden.
        assert_eq!(label("2025-02-28"), None);
    }

    #[test]
    fn the_span_to_separate_a_clustered_event() {
        let t = timeline(&[
            ("a", "2025-02-18", None, &["X"]),
            ("b", "2025-02-19", None, &["X"]),
            ("c", "2025-02-19", None, &["Y"]),
            ("month", "2025-02", None, &["X"]),
        ]);
        let l = index_lanes(&t, &lanes(&t, LaneMode::ByActor), |_| true);
        let a = t.index_of("a").unwrap();
        let span = span_to_separate(&t, &l, a, 800.0, 10.0).unwrap();
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
        );
        assert!(out.clusters.is_empty());
        // Hidden neighbours do not count; bands never need separating.
        let only_a = index_lanes(&t, &lanes(&t, LaneMode::ByActor), |i| i == a);
        assert_eq!(span_to_separate(&t, &only_a, a, 800.0, 10.0), None);
        assert_eq!(
            span_to_separate(&t, &l, t.index_of("month").unwrap(), 800.0, 10.0),
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
        let l = index_lanes(&t, &lanes(&t, LaneMode::Combined), |i| i == 1);
        let out = layout(
            &t,
            &l,
            axis("2025-02-01", "2025-03-01", 800.0),
            LayoutOptions::default(),
        );
        assert_eq!(out.items.len(), 1);
        assert_eq!(out.items[0].event, 1);
    }

    /// `n` day events, one every `step_days` from 2000-01-01, in one lane; and the same as
    /// bands of `len` days when `len` is given.
    fn regular(n: usize, step_days: usize, band: bool) -> Timeline {
        let base = chrono::NaiveDate::from_ymd_opt(2000, 1, 1).unwrap();
        let specs: Vec<(String, String, Option<String>)> = (0..n)
            .map(|i| {
                let day = base + chrono::Days::new((i * step_days) as u64);
                let date = day.format("%Y-%m-%d").to_string();
                let end = band.then(|| (day + chrono::Days::new(2)).format("%Y-%m-%d").to_string());
                (format!("e{i:05}"), date, end)
            })
            .collect();
        let spec: Vec<(&str, &str, Option<&str>, &[&str])> = specs
            .iter()
            .map(|(id, date, end)| (id.as_str(), date.as_str(), end.as_deref(), &["X"][..]))
            .collect();
        timeline(&spec)
    }

    /// The reference rule, one event at a time: a day event joins the run when it is closer
    /// than `merge` to the previous one.
    fn naive_runs(xs: &[f64], merge: f64) -> Vec<(usize, usize)> {
        let mut runs = Vec::new();
        let mut start = 0;
        for i in 1..=xs.len() {
            if i == xs.len() || xs[i] - xs[i - 1] >= merge {
                runs.push((start, i - start));
                start = i;
            }
        }
        runs
    }

    #[test]
    fn jumping_merge_matches_the_one_by_one_rule() {
        // Irregular gaps: 0, 1, 3, 6, 10, ... days apart, then a dense block.
        let base = chrono::NaiveDate::from_ymd_opt(2000, 1, 1).unwrap();
        let mut offsets: Vec<u64> = (0..40).map(|i| i * (i + 1) / 2).collect();
        offsets.extend((0..30).map(|i| 900 + i));
        let ids: Vec<(String, String)> = offsets
            .iter()
            .enumerate()
            .map(|(i, &o)| {
                (
                    format!("e{i:03}"),
                    (base + chrono::Days::new(o)).format("%Y-%m-%d").to_string(),
                )
            })
            .collect();
        let spec: Vec<(&str, &str, Option<&str>, &[&str])> = ids
            .iter()
            .map(|(id, d)| (id.as_str(), d.as_str(), None, &["X"][..]))
            .collect();
        let t = timeline(&spec);
        let l = index_lanes(&t, &lanes(&t, LaneMode::Combined), |_| true);
        for width in [300.0, 1000.0, 5000.0] {
            let a = axis("1999-12-01", "2002-12-01", width);
            let out = layout(&t, &l, a, LayoutOptions::default());
            let xs: Vec<f64> = l[0]
                .points
                .starts
                .iter()
                .map(|&s| a.x_from_time(s))
                .collect();
            let expected = naive_runs(&xs, LayoutOptions::default().merge_px);
            let mut got: Vec<(usize, usize)> = out
                .clusters
                .iter()
                .map(|c| (c.range.start, c.range.len()))
                .chain(
                    out.items
                        .iter()
                        .map(|i| (l[0].points.events.binary_search(&i.event).unwrap(), 1)),
                )
                .collect();
            got.sort_unstable();
            assert_eq!(got, expected, "width {width}");
        }
    }

    #[test]
    fn work_is_bounded_by_pixels_not_events() {
        // 20,000 day events a day apart over 55 years, in a 1000 px view of all of them.
        let n = 20_000;
        let t = regular(n, 1, false);
        let l = index_lanes(&t, &lanes(&t, LaneMode::Combined), |_| true);
        let options = LayoutOptions::default();
        let out = layout(&t, &l, axis("1999-01-01", "2055-01-01", 1000.0), options);
        // One run: every neighbour is far closer than the merge distance.
        assert_eq!(out.clusters.len(), 1);
        assert_eq!(out.clusters[0].len(), n);
        assert!(out.items.is_empty());
        // The run is found by one binary search per merge distance of screen, not by a visit
        // per event: at most (pixels / merge distance + 2) × (log2 n + 2) probes.
        let log2_n = (n as f64).log2().ceil();
        let bound = (1000.0 / options.merge_px + 2.0) * (log2_n + 2.0);
        assert!((out.probes as f64) <= bound, "{} probes", out.probes);
        assert!(
            bound < n as f64 / 4.0,
            "the bound itself is well under one per event"
        );
        // A month in the middle: only the month's events are visited and drawn.
        let out = layout(&t, &l, axis("2020-03-01", "2020-04-01", 1000.0), options);
        assert!(out.clusters.is_empty());
        assert!((31..=33).contains(&out.items.len()), "{}", out.items.len());
        assert!(out.probes < 400, "{} probes", out.probes);
    }

    #[test]
    fn crowded_bands_merge_by_start() {
        // 3,000 three-day bands, one every two days: drawn one by one only when zoomed in.
        let t = regular(3_000, 2, true);
        let l = index_lanes(&t, &lanes(&t, LaneMode::Combined), |_| true);
        let total: usize = l[0].long.iter().map(|c| c.events.len()).sum();
        assert_eq!(total, 3_000);
        let all = layout(
            &t,
            &l,
            axis("1999-06-01", "2017-01-01", 1000.0),
            LayoutOptions::default(),
        );
        let drawn = all.items.len() + all.clusters.len();
        // At most one mark per merge distance.
        assert!(
            drawn <= 1 + (1000.0 / LayoutOptions::default().merge_px) as usize,
            "{drawn}"
        );
        let in_clusters: usize = all.clusters.iter().map(Cluster::len).sum();
        assert_eq!(in_clusters + all.items.len(), 3_000);
        let month = layout(
            &t,
            &l,
            axis("2005-03-01", "2005-04-01", 1000.0),
            LayoutOptions::default(),
        );
        assert!(month.clusters.is_empty());
        assert!(
            (15..=18).contains(&month.items.len()),
            "{}",
            month.items.len()
        );
        assert!(month.items.iter().all(|i| i.kind == MarkKind::Span));
    }

    #[test]
    fn spans_in_progress_at_the_left_edge_are_one_exact_mark() {
        // All four long ones are 11 to 22 years long: one length class.
        let t = timeline(&[
            ("old-a", "2010-01-01", Some("2030-01-01"), &["X"]),
            ("old-b", "2012-05-01", Some("2028-01-01"), &["X"]),
            ("ended", "2011-01-01", Some("2024-06-01"), &["X"]),
            ("old-c", "2014-03-01", Some("2026-01-01"), &["X"]),
            ("inside", "2025-03-01", Some("2025-04-01"), &["X"]),
        ]);
        let l = index_lanes(&t, &lanes(&t, LaneMode::Combined), |_| true);
        let out = layout(
            &t,
            &l,
            axis("2025-01-01", "2026-01-01", 1000.0),
            LayoutOptions::default(),
        );
        let edge: Vec<&Cluster> = out.clusters.iter().filter(|c| c.x0 == 0.0).collect();
        assert_eq!(edge.len(), 1, "{:?}", out.clusters);
        // Three run through the view; "ended" does not count.
        assert_eq!(edge[0].len(), 3);
        let ids: Vec<&str> = out.items.iter().map(|i| t.events[i.event].id(&t)).collect();
        assert_eq!(ids, ["inside"]);
        // With one left, it is drawn as itself.
        let only = index_lanes(&t, &lanes(&t, LaneMode::Combined), |i| {
            ["old-a", "ended"].contains(&t.events[i].id(&t))
        });
        let out = layout(
            &t,
            &only,
            axis("2025-01-01", "2026-01-01", 1000.0),
            LayoutOptions::default(),
        );
        assert!(out.clusters.is_empty());
        let ids: Vec<&str> = out.items.iter().map(|i| t.events[i.event].id(&t)).collect();
        assert_eq!(ids, ["old-a"]);
    }

    #[test]
    fn overlapping_clusters_of_a_lane_form_one_group() {
        // Day events and month bands in the same weeks, and a far-away pair.
        let t = timeline(&[
            ("d1", "2025-02-10", None, &["X"]),
            ("d2", "2025-02-11", None, &["X"]),
            ("m1", "2025-02", None, &["X"]),
            ("m2", "2025-02", None, &["X"]),
            ("far1", "2025-11-01", None, &["X"]),
            ("far2", "2025-11-02", None, &["X"]),
        ]);
        let l = index_lanes(&t, &lanes(&t, LaneMode::Combined), |_| true);
        let out = layout(
            &t,
            &l,
            axis("2025-01-01", "2026-01-01", 365.0),
            LayoutOptions::default(),
        );
        assert_eq!(out.clusters.len(), 3, "{:?}", out.clusters);
        // The two February days and the two February bands are separate marks (bands go under
        // the day events); the far pair is a third.
        assert_eq!(out.groups.len(), 3, "{:?}", out.groups);
        let counts: Vec<(bool, usize)> = out.groups.iter().map(|g| (g.long, g.count)).collect();
        assert!(
            counts.contains(&(true, 2)) && counts.contains(&(false, 2)),
            "{counts:?}"
        );
        let total: usize = out.groups.iter().map(|g| g.count).sum();
        assert_eq!(total, out.clusters.iter().map(Cluster::len).sum::<usize>());
    }

    #[test]
    fn overlapping_band_clusters_of_different_lengths_group_around_day_clusters() {
        // Year bands (a 366-day class) and month bands (a 32-day class) all starting in
        // January, with a cluster of day events in between: the bands form one group.
        let t = timeline(&[
            ("y1", "2025", None, &["X"]),
            ("y2", "2025", None, &["X"]),
            ("m1", "2025-01", None, &["X"]),
            ("m2", "2025-01", None, &["X"]),
            ("d1", "2025-01-02", None, &["X"]),
            ("d2", "2025-01-03", None, &["X"]),
        ]);
        let l = index_lanes(&t, &lanes(&t, LaneMode::Combined), |_| true);
        let out = layout(
            &t,
            &l,
            axis("2024-12-01", "2026-01-01", 365.0),
            LayoutOptions::default(),
        );
        let long: Vec<&ClusterGroup> = out.groups.iter().filter(|g| g.long).collect();
        assert_eq!(long.len(), 1, "{:?}", out.groups);
        assert_eq!(long[0].count, 4);
        assert_eq!(long[0].members(&out.clusters).count(), 2);
        let days: Vec<&ClusterGroup> = out.groups.iter().filter(|g| !g.long).collect();
        assert_eq!(days.len(), 1);
        assert_eq!(days[0].count, 2);
    }

    #[test]
    fn candidates_cover_every_overlapping_item() {
        let t = timeline(&[
            ("long", "1990", Some("2030"), &["X"]),
            ("short", "2025-02-01", Some("2025-02-03"), &["X"]),
            ("gone", "1980", Some("1981"), &["X"]),
        ]);
        let l = index_lanes(&t, &lanes(&t, LaneMode::Combined), |_| true);
        let day =
            |s: &str| days_from_date(chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap());
        let (from, to) = (day("2025-01-01"), day("2025-12-31"));
        let mut found: Vec<&str> = l[0]
            .long
            .iter()
            .flat_map(|list| {
                list.candidates(from, to)
                    .filter(|&i| list.ends[i] >= from)
                    .map(|i| t.events[list.events[i]].id(&t))
            })
            .collect();
        found.sort_unstable();
        assert_eq!(found, ["long", "short"]);
    }
}
