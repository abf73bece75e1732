//! The time axis: which stretch of time the canvas shows, and the per-frame transform between
//! time (days since 1970-01-01, as f64) and screen x.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Days since 1970-01-01 of the first day chrono and the loader accept (0001-01-01).
pub const MIN_TIME_DAYS: f64 = -719_162.0;
/// Days since 1970-01-01 of the day after the last accepted day (10000-01-01).
pub const MAX_TIME_DAYS: f64 = 2_932_897.0;
/// The narrowest view: two days across the canvas, so single days stay distinct.
pub const MIN_SPAN_DAYS: f64 = 2.0;
/// The widest view: the whole calendar range the loader accepts.
pub const MAX_SPAN_DAYS: f64 = MAX_TIME_DAYS - MIN_TIME_DAYS;

/// Days since 1970-01-01 at the start of `date`.
pub fn days_from_date(date: NaiveDate) -> f64 {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
    (date - epoch).num_days() as f64
}

/// The date containing the instant `days` (clamped to the accepted range).
pub fn date_from_days(days: f64) -> NaiveDate {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
    let days = days.clamp(MIN_TIME_DAYS, MAX_TIME_DAYS - 1.0).floor() as i64;
    epoch
        .checked_add_signed(chrono::TimeDelta::days(days))
        .unwrap_or(epoch)
}

/// What stretch of time is shown: the persisted view parameters, never pixels.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct TimeView {
    /// Time at the left edge, in days since 1970-01-01.
    pub start_days: f64,
    /// How many days the canvas shows across its width.
    pub span_days: f64,
}

impl TimeView {
    /// A view of `start_days .. end_days`, clamped to the allowed range.
    pub fn between(start_days: f64, end_days: f64) -> Self {
        Self {
            start_days,
            span_days: end_days - start_days,
        }
        .clamped()
    }

    /// Time at the right edge.
    pub fn end_days(self) -> f64 {
        self.start_days + self.span_days
    }

    /// Time in the middle.
    pub fn center_days(self) -> f64 {
        self.start_days + self.span_days / 2.0
    }

    /// True when `start_days .. end_days` lies inside the view with a 5% margin on each side,
    /// so an event there is comfortably on screen.
    pub fn shows_well(self, start_days: f64, end_days: f64) -> bool {
        let margin = self.span_days * 0.05;
        start_days >= self.start_days + margin && end_days <= self.end_days() - margin
    }

    /// Zooms by `factor` (above 1 zooms in) keeping `anchor_days` where it is on screen.
    #[must_use]
    pub fn zoom_at(self, anchor_days: f64, factor: f64) -> Self {
        if !factor.is_finite() || factor <= 0.0 || !anchor_days.is_finite() {
            return self;
        }
        let span_days = (self.span_days / factor).clamp(MIN_SPAN_DAYS, MAX_SPAN_DAYS);
        let fraction = ((anchor_days - self.start_days) / self.span_days).clamp(0.0, 1.0);
        Self {
            start_days: anchor_days - fraction * span_days,
            span_days,
        }
        .clamped()
    }

    /// Moves the view later by `days` (negative: earlier).
    #[must_use]
    pub fn pan(self, days: f64) -> Self {
        if !days.is_finite() {
            return self;
        }
        Self {
            start_days: self.start_days + days,
            ..self
        }
        .clamped()
    }

    /// The same span centred on `days`.
    #[must_use]
    pub fn centered_on(self, days: f64) -> Self {
        self.pan(days - self.center_days())
    }

    /// Keeps the span within [`MIN_SPAN_DAYS`, `MAX_SPAN_DAYS`] and the view inside the calendar.
    #[must_use]
    pub fn clamped(self) -> Self {
        let span_days = if self.span_days.is_finite() {
            self.span_days.clamp(MIN_SPAN_DAYS, MAX_SPAN_DAYS)
        } else {
            MAX_SPAN_DAYS
        };
        let start_days = if self.start_days.is_finite() {
            self.start_days
        } else {
            MIN_TIME_DAYS
        };
        let start_days = start_days.clamp(MIN_TIME_DAYS, MAX_TIME_DAYS - span_days);
        Self {
            start_days,
            span_days,
        }
    }

    /// Eases from `self` to `target`: `t` in `0..=1`, interpolating the span logarithmically so
    /// zooming looks uniform.
    #[must_use]
    pub fn lerp(self, target: Self, t: f64) -> Self {
        if t <= 0.0 {
            return self;
        }
        if t >= 1.0 {
            return target.clamped();
        }
        let span_days = (self.span_days.ln() * (1.0 - t) + target.span_days.ln() * t).exp();
        let center = self.center_days() * (1.0 - t) + target.center_days() * t;
        Self {
            start_days: center - span_days / 2.0,
            span_days,
        }
        .clamped()
    }
}

/// A [`TimeView`] mapped onto a horizontal stretch of pixels, made fresh each frame.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TimeAxis {
    /// What is shown.
    pub view: TimeView,
    /// Screen x of the left edge.
    pub left_px: f64,
    /// Width in pixels (at least one).
    pub width_px: f64,
}

impl TimeAxis {
    /// The transform for `view` drawn between `left_px` and `left_px + width_px`.
    pub fn new(view: TimeView, left_px: f64, width_px: f64) -> Self {
        Self {
            view,
            left_px,
            width_px: width_px.max(1.0),
        }
    }

    /// Pixels per day.
    pub fn px_per_day(self) -> f64 {
        self.width_px / self.view.span_days
    }

    /// Screen x of a time.
    ///
    /// ```
    /// use sourceline::timeline::axis::{TimeAxis, TimeView};
    /// let axis = TimeAxis::new(TimeView::between(0.0, 100.0), 50.0, 1000.0);
    /// assert_eq!(axis.x_from_time(10.0), 150.0);
    /// assert_eq!(axis.time_from_x(150.0), 10.0);
    /// ```
    pub fn x_from_time(self, days: f64) -> f64 {
        self.left_px + (days - self.view.start_days) * self.px_per_day()
    }

    /// Time at a screen x.
    pub fn time_from_x(self, x: f64) -> f64 {
        self.view.start_days + (x - self.left_px) / self.px_per_day()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view() -> TimeView {
        TimeView::between(
            days_from_date(NaiveDate::from_ymd_opt(2024, 11, 1).unwrap()),
            days_from_date(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()),
        )
    }

    #[test]
    fn x_and_time_round_trip() {
        let axis = TimeAxis::new(view(), 120.0, 900.0);
        for x in [120.0, 121.5, 500.0, 1020.0, -40.0, 5000.0] {
            let back = axis.x_from_time(axis.time_from_x(x));
            assert!((back - x).abs() < 1e-6, "{x} -> {back}");
        }
        assert!((axis.x_from_time(view().start_days) - 120.0).abs() < 1e-9);
        assert!((axis.x_from_time(view().end_days()) - 1020.0).abs() < 1e-9);
    }

    #[test]
    fn dates_round_trip() {
        for (y, m, d) in [(1, 1, 1), (1970, 1, 1), (2025, 2, 18), (9999, 12, 31)] {
            let date = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            assert_eq!(date_from_days(days_from_date(date) + 0.5), date);
        }
        assert!(
            (days_from_date(NaiveDate::from_ymd_opt(1, 1, 1).unwrap()) - MIN_TIME_DAYS).abs()
                < 1e-9
        );
    }

    #[test]
    fn zoom_keeps_the_anchor_in_place() {
        let axis = TimeAxis::new(view(), 0.0, 1000.0);
        let anchor = axis.time_from_x(300.0);
        let zoomed = TimeAxis::new(view().zoom_at(anchor, 4.0), 0.0, 1000.0);
        assert!((zoomed.x_from_time(anchor) - 300.0).abs() < 1e-6);
        assert!((zoomed.view.span_days - view().span_days / 4.0).abs() < 1e-9);
    }

    #[test]
    fn zoom_is_clamped_both_ways() {
        let one_ms = 1.0 / 86_400_000.0;
        let tiny = view().zoom_at(view().center_days(), view().span_days / one_ms);
        assert!((tiny.span_days - MIN_SPAN_DAYS).abs() < 1e-9);
        let ten_thousand_years = 10_000.0 * 365.25;
        let huge = view().zoom_at(view().center_days(), view().span_days / ten_thousand_years);
        assert!(huge.span_days <= MAX_SPAN_DAYS);
        assert!(huge.start_days >= MIN_TIME_DAYS && huge.end_days() <= MAX_TIME_DAYS + 1e-6);
        for bad in [0.0, -1.0, f64::NAN, f64::INFINITY] {
            assert_eq!(view().zoom_at(view().center_days(), bad), view());
        }
    }

    #[test]
    fn pan_stays_inside_the_calendar() {
        let far_left = view().pan(-1e12);
        assert!((far_left.start_days - MIN_TIME_DAYS).abs() < 1e-9);
        let far_right = view().pan(1e12);
        assert!((far_right.end_days() - MAX_TIME_DAYS).abs() < 1e-6);
        assert_eq!(view().pan(f64::NAN), view());
        let moved = view().pan(10.0);
        assert!((moved.start_days - view().start_days - 10.0).abs() < 1e-9);
        assert!((moved.span_days - view().span_days).abs() < 1e-9);
    }

    #[test]
    fn shows_well_needs_a_margin() {
        let v = TimeView::between(0.0, 100.0);
        assert!(v.shows_well(10.0, 90.0));
        assert!(!v.shows_well(2.0, 50.0), "too close to the left edge");
        assert!(!v.shows_well(50.0, 99.0), "too close to the right edge");
        assert!(!v.shows_well(-10.0, 200.0), "wider than the view");
    }

    #[test]
    fn lerp_ends_at_the_target() {
        let a = view();
        let b = TimeView::between(0.0, 20_000.0);
        assert_eq!(a.lerp(b, 0.0), a);
        let end = a.lerp(b, 1.0);
        assert!(
            (end.start_days - b.start_days).abs() < 1e-6
                && (end.span_days - b.span_days).abs() < 1e-6
        );
        let mid = a.lerp(b, 0.5);
        assert!(mid.span_days > a.span_days && mid.span_days < b.span_days);
    }
}
