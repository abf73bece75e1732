//! What a filter leaves of a timeline, computed once when the timeline or the filter changes so
//! that a frame only looks things up: the passing events, the search matches, each lane's sorted
//! lists for the layout, match counts for clusters, and the density strip's histogram.

use crate::model::Timeline;
use crate::timeline::layout::{
    Cluster, Lane, LaneIndex, ListId, TimeBasis, index_lanes_by, placed_extent_days, placement,
};
use crate::timeline::search::Filter;
use crate::timeline::search_index::SearchIndex;

/// Columns of the density histogram; the strip scales them to its width.
pub const DENSITY_BINS: usize = 1024;

/// Everything per-frame drawing needs from the filter, precomputed.
#[derive(Clone, Debug, Default)]
pub struct Derived {
    /// Events passing the chips and the query, in time order (the list, stepping).
    pub passing: Vec<usize>,
    /// Per event, whether it matches the query; `None` when there is no query.
    matches: Option<Vec<bool>>,
    /// Each lane's events that pass the chips, sorted for [`crate::timeline::layout::layout`]
    /// (shared with the [`ChipParts`] they came from).
    pub lanes: std::sync::Arc<Vec<LaneIndex>>,
    /// When searching, per lane and list, the number of matches before each position.
    match_prefix: Vec<Vec<Vec<u32>>>,
    /// The density strip's histogram.
    pub density: Density,
    /// Every tag used in the timeline, sorted (the tag chips).
    pub tags: Vec<String>,
    /// First and last day of every event (filtered or not) as placed: what "Fit all" shows,
    /// kept so that it costs no pass over the events.
    pub extent_days: Option<(f64, f64)>,
    /// Different for every computation (a clone keeps it), so that what is drawn from it can be
    /// kept until it changes.
    generation: u64,
}

/// What a filter's chips leave of a timeline, apart from its query: each event's verdict, the
/// lanes' sorted lists, each event's density bin and the histogram, the tags and the extent.
/// Kept while only the query changes, which is most of what typing in the search box does.
#[derive(Clone, Debug, Default)]
pub struct ChipParts {
    /// Per event, whether it passes the chips.
    chips: Vec<bool>,
    /// Each lane's events that pass the chips, sorted.
    lanes: std::sync::Arc<Vec<LaneIndex>>,
    /// Per event, its density bin.
    bins: Vec<u16>,
    /// The histogram of the events passing the chips (no hits).
    density: Density,
    /// Every tag used, sorted.
    tags: Vec<String>,
    /// First and last day of every event as placed.
    extent_days: Option<(f64, f64)>,
}

impl ChipParts {
    /// Computes them for `timeline` in `lanes` under `filter`'s chips (its query aside).
    pub fn compute(timeline: &Timeline, lanes: &[Lane], filter: &Filter, basis: TimeBasis) -> Self {
        let chips: Vec<bool> = timeline
            .events
            .iter()
            .map(|e| filter.passes_chips(timeline, e))
            .collect();
        let lane_index = index_lanes_by(timeline, lanes, |i| chips[i], basis);
        let extent_days = placed_extent_days(timeline, basis);
        let (density, bins) = density(timeline, extent_days, &chips, basis);
        let mut used = vec![false; timeline.names.len()];
        for event in &timeline.events {
            for &tag in event.tag_ids(timeline) {
                if let Some(slot) = used.get_mut(tag as usize) {
                    *slot = true;
                }
            }
        }
        let mut tags: Vec<String> = (0..timeline.names.len())
            .filter(|&i| used[i])
            .map(|i| timeline.names[i].clone())
            .collect();
        tags.sort_unstable();
        Self {
            chips,
            lanes: std::sync::Arc::new(lane_index),
            bins,
            density,
            tags,
            extent_days,
        }
    }
}

/// The generation of the next [`Derived`] computed.
static NEXT_GENERATION: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// How many events fall in each column of the whole time range, and how many of them match the
/// search.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Density {
    /// Start of the whole range, in days.
    pub start_days: f64,
    /// End of the whole range, in days.
    pub end_days: f64,
    /// Events (passing the chips) starting in each bin.
    pub counts: Vec<u32>,
    /// Events passing chips and query starting in each bin; empty when not searching.
    pub hits: Vec<u32>,
}

impl Density {
    /// The bin a time falls in, clamped to the range.
    pub fn bin_of(&self, days: f64) -> usize {
        let bins = self.counts.len().max(1);
        let span = (self.end_days - self.start_days).max(f64::MIN_POSITIVE);
        (((days - self.start_days) / span * bins as f64)
            .floor()
            .max(0.0) as usize)
            .min(bins - 1)
    }

    /// The time at the start of `bin`.
    pub fn days_of(&self, bin: f64) -> f64 {
        let bins = self.counts.len().max(1) as f64;
        self.start_days + (self.end_days - self.start_days) * bin / bins
    }
}

impl Derived {
    /// Computes everything for `timeline` split into `lanes`, under `filter`. One pass over the
    /// events, plus one over each lane.
    pub fn compute(timeline: &Timeline, lanes: &[Lane], filter: &Filter) -> Self {
        Self::compute_by(timeline, lanes, filter, TimeBasis::Event)
    }

    /// [`Derived::compute`], placing events by `basis` (their own dates, or their first
    /// reports').
    pub fn compute_by(
        timeline: &Timeline,
        lanes: &[Lane],
        filter: &Filter,
        basis: TimeBasis,
    ) -> Self {
        let parts = ChipParts::compute(timeline, lanes, filter, basis);
        // Never cancelled, so always `Some`.
        Self::from_parts(timeline, &parts, filter, None, &|| false).unwrap_or_default()
    }

    /// What `filter`'s query leaves of what its chips leave (`parts`, computed for `timeline`
    /// and the same chips, lanes and basis): a query typed on a large timeline redoes only
    /// this. `None` as soon as `cancelled` says a newer query replaced this one.
    pub fn from_parts(
        timeline: &Timeline,
        parts: &ChipParts,
        filter: &Filter,
        index: Option<&SearchIndex>,
        cancelled: &dyn Fn() -> bool,
    ) -> Option<Self> {
        let n = timeline.events.len();
        let chips = &parts.chips;
        let words = filter.words();
        let matches = if words.is_empty() {
            None
        } else {
            Some(match index {
                Some(index) if index.covers(n) => {
                    index.matches_until(timeline, &words, cancelled)?
                }
                _ => timeline
                    .events
                    .iter()
                    .map(|e| crate::timeline::search::matches_words(&words, timeline, e))
                    .collect::<Vec<bool>>(),
            })
        };
        if cancelled() {
            return None;
        }
        let passing: Vec<usize> = (0..n)
            .filter(|&i| {
                chips.get(i).copied().unwrap_or(false)
                    && matches
                        .as_ref()
                        .is_none_or(|m| m.get(i).copied().unwrap_or(false))
            })
            .collect();
        let match_prefix = match &matches {
            None => Vec::new(),
            Some(m) => parts
                .lanes
                .iter()
                .map(|lane| {
                    std::iter::once(ListId::Points)
                        .chain((0..lane.long.len()).map(ListId::Long))
                        .map(|list| prefix_counts(&lane.list(list).events, m))
                        .collect()
                })
                .collect(),
        };
        let mut density = parts.density.clone();
        if let Some(m) = &matches {
            // Each passing event's bin was found with the chips: the hits are lookups.
            density.hits = vec![0; density.counts.len()];
            for &i in &passing {
                let bin = parts.bins.get(i).map_or(0, |&b| usize::from(b));
                if m.get(i).copied().unwrap_or(false)
                    && let Some(hits) = density.hits.get_mut(bin)
                {
                    *hits += 1;
                }
            }
        }
        Some(Self {
            passing,
            matches,
            lanes: std::sync::Arc::clone(&parts.lanes),
            match_prefix,
            density,
            tags: parts.tags.clone(),
            extent_days: parts.extent_days,
            generation: NEXT_GENERATION.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        })
    }

    /// Which computation this is: equal generations hold the same lanes and matches.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// True when the event matches the query (or there is none).
    pub fn matches(&self, event: usize) -> bool {
        self.matches
            .as_ref()
            .is_none_or(|m| m.get(event).copied().unwrap_or(false))
    }

    /// True when a query is active.
    pub fn searching(&self) -> bool {
        self.matches.is_some()
    }

    /// How many of a cluster's events match the query (all, when there is none): two lookups.
    /// For the mark of spans in progress at the left edge, members that ended before the view
    /// may be counted; the result never exceeds the cluster's count.
    pub fn matches_in(&self, cluster: &Cluster) -> usize {
        if self.matches.is_none() {
            return cluster.len();
        }
        let list = match cluster.list {
            ListId::Points => 0,
            ListId::Long(k) => k + 1,
        };
        self.match_prefix
            .get(cluster.lane)
            .and_then(|lists| lists.get(list))
            .and_then(|p| Some(p.get(cluster.range.end)? - p.get(cluster.range.start)?))
            .map_or(0, |c| (c as usize).min(cluster.len()))
    }
}

/// `out[i]` = how many of `events[..i]` match.
fn prefix_counts(events: &[usize], matches: &[bool]) -> Vec<u32> {
    let mut out = Vec::with_capacity(events.len() + 1);
    let mut count = 0_u32;
    out.push(0);
    for &e in events {
        count += u32::from(matches.get(e).copied().unwrap_or(false));
        out.push(count);
    }
    out
}

/// The histogram of the events passing the chips, and each event's bin (0 for the others).
fn density(
    timeline: &Timeline,
    extent_days: Option<(f64, f64)>,
    chips: &[bool],
    basis: TimeBasis,
) -> (Density, Vec<u16>) {
    let Some((start, end)) = extent_days else {
        return (Density::default(), Vec::new());
    };
    let mut density = Density {
        start_days: start,
        end_days: end.max(start + 1.0),
        counts: vec![0; DENSITY_BINS],
        hits: Vec::new(),
    };
    let mut bins = vec![0_u16; timeline.events.len()];
    for (i, event) in timeline.events.iter().enumerate() {
        if !chips[i] {
            continue;
        }
        let bin = density.bin_of(placement(timeline, event, basis).0);
        density.counts[bin] += 1;
        if let (Some(slot), Ok(bin)) = (bins.get_mut(i), u16::try_from(bin)) {
            *slot = bin;
        }
    }
    (density, bins)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::fixture::small;
    use crate::timeline::layout::{LaneMode, lanes};

    fn filter(query: &str) -> Filter {
        Filter {
            query: query.to_owned(),
            ..Filter::default()
        }
    }

    #[test]
    fn the_index_and_kept_chip_parts_give_what_a_full_computation_gives() {
        let t = small().timeline;
        let l = lanes(&t, LaneMode::ByActor);
        let index = SearchIndex::build(&t);
        let chips = Filter {
            actors: ["Ukraine".to_owned()].into(),
            ..Filter::default()
        };
        let parts = ChipParts::compute(&t, &l, &chips, TimeBasis::Event);
        for query in ["", "riyadh", "ukraine talks", "u.s.", "zzz", "e"] {
            let filter = Filter {
                query: query.to_owned(),
                ..chips.clone()
            };
            let full = Derived::compute(&t, &l, &filter);
            let quick = Derived::from_parts(&t, &parts, &filter, Some(&index), &|| false).unwrap();
            assert_eq!(quick.passing, full.passing, "{query}");
            assert_eq!(quick.matches, full.matches, "{query}");
            assert_eq!(quick.match_prefix, full.match_prefix, "{query}");
            assert_eq!(quick.density, full.density, "{query}");
            assert_eq!(quick.tags, full.tags, "{query}");
            assert_eq!(quick.lanes.len(), full.lanes.len());
        }
        // A query replaced by a newer one stops.
        let filter = Filter {
            query: "riyadh".to_owned(),
            ..chips
        };
        assert!(Derived::from_parts(&t, &parts, &filter, Some(&index), &|| true).is_none());
    }

    #[test]
    fn passing_and_matches_agree_with_the_filter() {
        let t = small().timeline;
        let l = lanes(&t, LaneMode::ByActor);
        let d = Derived::compute(&t, &l, &filter("Euromaidan"));
        assert_eq!(d.passing, filter("Euromaidan").passing(&t));
        assert!(d.searching());
        for i in 0..t.events.len() {
            assert_eq!(d.matches(i), d.passing.contains(&i), "{i}");
        }
        let all = Derived::compute(&t, &l, &Filter::default());
        assert!(!all.searching());
        assert_eq!(all.passing.len(), t.events.len());
        assert!((0..t.events.len()).all(|i| all.matches(i)));
        assert!(all.tags.contains(&"un".to_owned()));
        assert!(all.tags.windows(2).all(|w| w[0] < w[1]));
        assert!(
            !all.tags.contains(&"Ukraine".to_owned()),
            "actors are not tags"
        );
    }

    #[test]
    fn chips_leave_lane_indexes_with_only_passing_events() {
        let t = small().timeline;
        let l = lanes(&t, LaneMode::ByActor);
        let china = Filter {
            actors: ["China".to_owned()].into(),
            ..Filter::default()
        };
        let d = Derived::compute(&t, &l, &china);
        let total: usize = d.lanes.iter().map(LaneIndex::len).sum();
        // The one China event is in the China lane and in its other actors' lanes.
        let china_event = t.index_of("china-defence-spending").unwrap();
        let lanes_of_it = t.events[china_event].actor_ids(&t).len();
        assert_eq!(total, lanes_of_it);
        assert_eq!(d.density.counts.iter().sum::<u32>(), 1);
    }

    #[test]
    fn cluster_match_counts_come_from_prefix_sums() {
        let t = small().timeline;
        let l = lanes(&t, LaneMode::Combined);
        let d = Derived::compute(&t, &l, &filter("Riyadh"));
        let points = &d.lanes[0].points;
        let cluster = Cluster {
            lane: 0,
            x0: 0.0,
            x1: 0.0,
            list: ListId::Points,
            range: 0..points.events.len(),
            count: points.events.len(),
        };
        let expected = points.events.iter().filter(|&&e| d.matches(e)).count();
        assert!(expected > 0);
        assert_eq!(d.matches_in(&cluster), expected);
        let unfiltered = Derived::compute(&t, &l, &Filter::default());
        assert_eq!(unfiltered.matches_in(&cluster), points.events.len());
    }

    #[test]
    fn density_counts_every_event_once_and_hits_only_matches() {
        let t = small().timeline;
        let l = lanes(&t, LaneMode::Combined);
        let d = Derived::compute(&t, &l, &filter("Euromaidan"));
        assert_eq!(d.density.counts.len(), DENSITY_BINS);
        assert_eq!(
            d.density.counts.iter().sum::<u32>() as usize,
            t.events.len()
        );
        assert_eq!(d.density.hits.iter().sum::<u32>(), 4);
        // The first event lands in the first bin; the range reaches the last event's end.
        assert!(d.density.counts[0] > 0);
        let last = t
            .events
            .iter()
            .map(|e| crate::timeline::layout::event_extent_days(e).1)
            .fold(0.0, f64::max);
        assert!((d.density.end_days - last).abs() < 1e-9);
        assert_eq!(d.density.bin_of(f64::NEG_INFINITY), 0);
        assert_eq!(d.density.bin_of(1e12), DENSITY_BINS - 1);
        let mid = d.density.days_of(512.0);
        assert_eq!(d.density.bin_of(mid), 512);
    }
}
