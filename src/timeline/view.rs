//! The views the window opens on: everything, or the recent stretch where the news is.

use crate::model::Timeline;
use crate::timeline::axis::{TimeView, days_from_date};
use crate::timeline::layout::{
    TimeBasis, event_extent_days, placed_extent_days, timeline_extent_days,
};

/// A view of every event, with a little room on both sides; the year before today when there
/// are no events.
pub fn fit_all(timeline: &Timeline) -> TimeView {
    let Some((start, end)) = timeline_extent_days(timeline) else {
        let today = days_from_date(chrono::Local::now().date_naive());
        return TimeView::between(today - 365.0, today + 30.0);
    };
    let pad = ((end - start) * 0.03).max(1.0);
    TimeView::between(start - pad, end + pad)
}

/// [`fit_all`], with events placed by `basis`.
pub fn fit_all_by(timeline: &Timeline, basis: TimeBasis) -> TimeView {
    fit_extent(placed_extent_days(timeline, basis), timeline)
}

/// [`fit_all_by`] from the extent of the placed events, found already
/// ([`crate::timeline::derived::Derived::extent_days`]).
pub fn fit_extent(extent_days: Option<(f64, f64)>, timeline: &Timeline) -> TimeView {
    let Some((start, end)) = extent_days else {
        return fit_all(timeline);
    };
    let pad = ((end - start) * 0.03).max(1.0);
    TimeView::between(start - pad, end + pad)
}

/// The view the app opens on: the two years before the latest event, where the news is, or
/// everything when the timeline is shorter than that.
pub fn initial_view(timeline: &Timeline) -> TimeView {
    let latest = timeline
        .events
        .iter()
        .map(|e| event_extent_days(e).1)
        .fold(f64::NEG_INFINITY, f64::max);
    let recent_start = timeline
        .events
        .iter()
        .map(|e| event_extent_days(e).0)
        .filter(|&s| s >= latest - 730.0)
        .fold(f64::INFINITY, f64::min);
    if !recent_start.is_finite() {
        return fit_all(timeline);
    }
    let pad = ((latest - recent_start) * 0.04).max(1.0);
    TimeView::between(recent_start - pad, latest + pad * 4.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::bundled::load_bundled;

    #[test]
    fn fit_all_covers_every_event_with_room() {
        let timeline = load_bundled().unwrap().timeline;
        let (start, end) = timeline_extent_days(&timeline).unwrap();
        let view = fit_all(&timeline);
        assert!(view.start_days < start && view.end_days() > end, "{view:?}");
        // The room is 3% a side, not a view of everything that ever happened.
        assert!(view.span_days < (end - start) * 1.1, "{view:?}");
    }

    #[test]
    fn initial_view_is_the_two_recent_years() {
        let timeline = load_bundled().unwrap().timeline;
        let (_, end) = timeline_extent_days(&timeline).unwrap();
        let view = initial_view(&timeline);
        assert!(view.end_days() > end, "{view:?}");
        assert!(view.span_days < 2.0 * 365.25 * 1.3, "{view:?}");
        // The Budapest Memorandum (1994) is left out of the opening view.
        let budapest = timeline.index_of("budapest-memorandum").unwrap();
        assert!(event_extent_days(&timeline.events[budapest]).0 < view.start_days);
    }

    #[test]
    fn an_empty_timeline_shows_the_last_year() {
        let view = fit_all(&Timeline::default());
        assert!((view.span_days - 395.0).abs() < 1e-9, "{view:?}");
        assert_eq!(initial_view(&Timeline::default()), view);
    }

    #[test]
    fn fit_all_from_the_kept_extent_equals_the_pass_over_the_events() {
        use crate::timeline::derived::Derived;
        use crate::timeline::layout::{LaneMode, lanes};
        use crate::timeline::search::Filter;
        let timeline = load_bundled().unwrap().timeline;
        let lanes = lanes(&timeline, LaneMode::ByActor);
        // A filter that leaves one event: fit all still fits every event.
        let filter = Filter {
            query: "Riyadh".to_owned(),
            ..Filter::default()
        };
        for basis in [TimeBasis::Event, TimeBasis::FirstReport] {
            let derived = Derived::compute_by(&timeline, &lanes, &filter, basis);
            assert!(derived.passing.len() < timeline.events.len());
            assert_eq!(
                fit_extent(derived.extent_days, &timeline),
                fit_all_by(&timeline, basis)
            );
        }
        assert_eq!(fit_extent(None, &timeline), fit_all(&timeline));
    }
}
