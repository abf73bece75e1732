//! The lanes a timeline is shown in, with the actor chips that go with them, kept in their
//! order across reloads of the same file.

use crate::model::Timeline;
use crate::timeline::layout::{Lane, LaneMode, OTHER_LANE, keep_lane_order, lanes};

/// The lanes of a timeline and the actor chips that go with them.
#[derive(Clone, Debug, Default)]
pub struct LaneSet {
    /// The by-actor lane names in the order they are shown.
    pub order: Vec<String>,
    /// Actor chips, in lane order.
    pub actors: Vec<String>,
    /// The lanes shown in `mode`.
    pub lanes: Vec<Lane>,
}

impl LaneSet {
    /// The lanes of `timeline` in `mode`, by-actor lanes kept in `previous_order` where they
    /// were (see [`keep_lane_order`]).
    pub fn compute(timeline: &Timeline, mode: LaneMode, previous_order: &[String]) -> Self {
        let by_actor = keep_lane_order(lanes(timeline, LaneMode::ByActor), previous_order);
        let order: Vec<String> = by_actor.iter().map(|lane| lane.name.clone()).collect();
        let actors = order
            .iter()
            .filter(|name| *name != OTHER_LANE)
            .cloned()
            .collect();
        let lanes = match mode {
            LaneMode::ByActor => by_actor,
            LaneMode::Combined => lanes(timeline, LaneMode::Combined),
        };
        Self {
            order,
            actors,
            lanes,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::fixture::timeline;

    fn names(lanes: &[Lane]) -> Vec<&str> {
        lanes.iter().map(|lane| lane.name.as_str()).collect()
    }

    #[test]
    fn a_new_file_orders_lanes_by_size_and_leaves_the_other_lane_out_of_the_chips() {
        let t = timeline(&[
            ("a", "2025-01-01", &["Ukraine"]),
            ("b", "2025-01-02", &["Russia", "Ukraine"]),
            ("c", "2025-01-03", &[]),
        ]);
        let set = LaneSet::compute(&t, LaneMode::ByActor, &[]);
        // Ties (one event each) go by name; the other lane is a lane like any.
        assert_eq!(names(&set.lanes), ["Ukraine", OTHER_LANE, "Russia"]);
        assert_eq!(set.order, ["Ukraine", OTHER_LANE, "Russia"]);
        assert_eq!(set.actors, ["Ukraine", "Russia"]);
        assert_eq!(set.lanes[0].events, [0, 1]);
    }

    #[test]
    fn a_reload_keeps_the_previous_order_and_adds_new_lanes_after_it() {
        let t = timeline(&[
            ("a", "2025-01-01", &["Ukraine"]),
            ("b", "2025-01-02", &["Ukraine"]),
            ("c", "2025-01-03", &["Russia"]),
            ("d", "2025-01-04", &["Europe"]),
        ]);
        let previous = ["Russia".to_owned(), "Gone".to_owned(), "Ukraine".to_owned()];
        let set = LaneSet::compute(&t, LaneMode::ByActor, &previous);
        assert_eq!(set.order, ["Russia", "Ukraine", "Europe"]);
        assert_eq!(set.actors, set.order);
    }

    #[test]
    fn one_lane_still_gives_the_actor_chips_in_lane_order() {
        let t = timeline(&[
            ("a", "2025-01-01", &["Ukraine"]),
            ("b", "2025-01-02", &["Russia"]),
            ("c", "2025-01-03", &["Russia"]),
        ]);
        let set = LaneSet::compute(&t, LaneMode::Combined, &[]);
        assert_eq!(set.lanes.len(), 1);
        assert_eq!(set.lanes[0].events, [0, 1, 2]);
        assert_eq!(set.actors, ["Russia", "Ukraine"]);
    }
}
