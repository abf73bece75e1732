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

/// The view that brings an event placed from `start` to `end` (days) on screen from `current`:
/// zoomed in to `separating_span` days when that is what it takes for the event to stand apart
/// from a cluster, then moved (keeping the zoom) unless the event already shows well; an event
/// longer than most of the view is framed whole with a margin.
pub fn reveal_view(
    current: TimeView,
    start: f64,
    end: f64,
    separating_span: Option<f64>,
) -> TimeView {
    let middle = f64::midpoint(start, end);
    let mut target = current;
    if let Some(span) = separating_span
        && span < target.span_days
    {
        target = target.zoom_at(middle, target.span_days / span);
    }
    if !target.shows_well(start, end) {
        target = if end - start > target.span_days * 0.8 {
            TimeView::between(start - (end - start) * 0.1, end + (end - start) * 0.1)
        } else {
            target.centered_on(middle)
        };
    }
    target
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::fixture::timeline;

    fn sample() -> Timeline {
        timeline(&[
            ("memorandum", "1994-12-05", &["Ukraine"]),
            ("talks", "2024-06-15", &["Ukraine"]),
            ("riyadh", "2025-02-18", &["Russia"]),
            ("summit", "2025-03", &["Europe"]),
        ])
    }

    #[test]
    fn fit_all_covers_every_event_with_room() {
        let timeline = sample();
        let (start, end) = timeline_extent_days(&timeline).unwrap();
        let view = fit_all(&timeline);
        assert!(view.start_days < start && view.end_days() > end, "{view:?}");
        // The room is 3% a side, not a view of everything that ever happened.
        assert!(view.span_days < (end - start) * 1.1, "{view:?}");
    }

    #[test]
    fn initial_view_is_the_two_recent_years() {
        let timeline = sample();
        let (_, end) = timeline_extent_days(&timeline).unwrap();
        let view = initial_view(&timeline);
        assert!(view.end_days() > end, "{view:?}");
        assert!(view.span_days < 2.0 * 365.25 * 1.3, "{view:?}");
        // The memorandum of 1994 is left out of the opening view; the talks of 2024 are in.
        let at = |id| event_extent_days(&timeline.events[timeline.index_of(id).unwrap()]).0;
        assert!(at("memorandum") < view.start_days);
        assert!(at("talks") > view.start_days);
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
        let timeline = sample();
        let lanes = lanes(&timeline, LaneMode::ByActor);
        // A filter that leaves one event: fit all still fits every event.
        let filter = Filter {
            query: "riyadh".to_owned(),
            ..Filter::default()
        };
        for basis in [TimeBasis::Event, TimeBasis::FirstReport] {
            let derived = Derived::compute_by(&timeline, &lanes, &filter, basis);
            assert_eq!(derived.passing.len(), 1);
            assert_eq!(
                fit_extent(derived.extent_days, &timeline),
                fit_all_by(&timeline, basis)
            );
        }
        assert_eq!(fit_extent(None, &timeline), fit_all(&timeline));
    }

    #[test]
    fn revealing_an_event_in_view_keeps_the_view() {
        let view = TimeView::between(0.0, 100.0);
        assert_eq!(reveal_view(view, 40.0, 41.0, None), view);
        // A span wider than the cluster's needs no zoom.
        assert_eq!(reveal_view(view, 40.0, 41.0, Some(200.0)), view);
    }

    #[test]
    fn revealing_an_event_out_of_view_centres_it_at_the_same_zoom() {
        let view = TimeView::between(0.0, 100.0);
        let revealed = reveal_view(view, 500.0, 501.0, None);
        assert!((revealed.span_days - 100.0).abs() < 1e-9, "{revealed:?}");
        assert!(
            (revealed.center_days() - 500.5).abs() < 1e-9,
            "{revealed:?}"
        );
    }

    #[test]
    fn revealing_an_event_in_a_cluster_zooms_in_about_it() {
        let view = TimeView::between(0.0, 100.0);
        let revealed = reveal_view(view, 40.0, 40.0, Some(10.0));
        assert!((revealed.span_days - 10.0).abs() < 1e-6, "{revealed:?}");
        assert!(revealed.shows_well(40.0, 40.0), "{revealed:?}");
    }

    #[test]
    fn revealing_a_long_span_frames_it_whole() {
        let view = TimeView::between(0.0, 100.0);
        let revealed = reveal_view(view, 200.0, 400.0, None);
        assert!((revealed.start_days - 180.0).abs() < 1e-9, "{revealed:?}");
        assert!((revealed.end_days() - 420.0).abs() < 1e-9, "{revealed:?}");
    }
}
