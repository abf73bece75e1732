//! Calendar-aware ticks for the time axis: the finest unit whose labels fit, plus the larger
//! unit shown once above them ("2025" above "Feb Mar Apr").

use chrono::{Datelike as _, NaiveDate};

use crate::timeline::axis::{TimeAxis, date_from_days, days_from_date};

/// The spacing of the ticks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TickUnit {
    /// Every day.
    Day,
    /// Every Monday.
    Week,
    /// Every first of the month.
    Month,
    /// Every first of January, April, July, October.
    Quarter,
    /// Every `n` years (1, 2, 5, 10, 20, 50, …).
    Years(i32),
}

impl TickUnit {
    /// Shortest distance between two ticks, in days.
    fn min_days(self) -> f64 {
        match self {
            Self::Day => 1.0,
            Self::Week => 7.0,
            Self::Month => 28.0,
            Self::Quarter => 90.0,
            Self::Years(n) => 365.0 * f64::from(n),
        }
    }

    /// Longest label, in characters.
    fn label_chars(self) -> usize {
        match self {
            Self::Day | Self::Week | Self::Quarter => 2,
            Self::Month => 3,
            Self::Years(_) => 4,
        }
    }
}

/// One tick with its label.
#[derive(Clone, Debug, PartialEq)]
pub struct Tick {
    /// Where, in days since 1970-01-01.
    pub days: f64,
    /// Its label ("18", "Feb", "Q2", "2025").
    pub label: String,
}

/// A label of the larger unit, drawn once per period and kept on screen while any of the period
/// is ("2025", "February 2025").
#[derive(Clone, Debug, PartialEq)]
pub struct ContextLabel {
    /// Screen x where the label starts.
    pub x: f64,
    /// The label.
    pub label: String,
}

/// The ticks for one frame.
#[derive(Clone, Debug, PartialEq)]
pub struct Ticks {
    /// The unit chosen.
    pub unit: TickUnit,
    /// Ticks inside the view.
    pub ticks: Vec<Tick>,
    /// Labels of the larger unit.
    pub context: Vec<ContextLabel>,
}

/// Gap between labels, in pixels.
const LABEL_GAP_PX: f64 = 10.0;

/// Ticks for `axis`, given the width of one label character in pixels.
pub fn ticks(axis: TimeAxis, char_width_px: f64) -> Ticks {
    let px_per_day = axis.px_per_day();
    let mut candidates = vec![
        TickUnit::Day,
        TickUnit::Week,
        TickUnit::Month,
        TickUnit::Quarter,
    ];
    let mut years = 1;
    while years <= 10_000 {
        candidates.extend([
            TickUnit::Years(years),
            TickUnit::Years(years * 2),
            TickUnit::Years(years * 5),
        ]);
        years *= 10;
    }
    let unit = candidates
        .into_iter()
        .find(|u| {
            u.min_days() * px_per_day >= u.label_chars() as f64 * char_width_px + LABEL_GAP_PX
        })
        .unwrap_or(TickUnit::Years(10_000));

    let start = date_from_days(axis.view.start_days);
    let end_days = axis.view.end_days();
    let mut ticks = Vec::new();
    let mut date = first_tick(unit, start);
    while let Some(d) = date {
        let days = days_from_date(d);
        if days >= end_days {
            break;
        }
        if days >= axis.view.start_days {
            ticks.push(Tick {
                days,
                label: label(unit, d),
            });
        }
        date = next_tick(unit, d);
    }
    Ticks {
        unit,
        context: context_labels(axis, unit, char_width_px),
        ticks,
    }
}

fn first_tick(unit: TickUnit, start: NaiveDate) -> Option<NaiveDate> {
    match unit {
        TickUnit::Day => Some(start),
        TickUnit::Week => start.checked_sub_days(chrono::Days::new(u64::from(
            start.weekday().num_days_from_monday(),
        ))),
        TickUnit::Month => start.with_day(1),
        TickUnit::Quarter => NaiveDate::from_ymd_opt(start.year(), (start.month0() / 3) * 3 + 1, 1),
        TickUnit::Years(n) => NaiveDate::from_ymd_opt((start.year() / n * n).max(1), 1, 1),
    }
}

fn next_tick(unit: TickUnit, date: NaiveDate) -> Option<NaiveDate> {
    match unit {
        TickUnit::Day => date.succ_opt(),
        TickUnit::Week => date.checked_add_days(chrono::Days::new(7)),
        TickUnit::Month => date.checked_add_months(chrono::Months::new(1)),
        TickUnit::Quarter => date.checked_add_months(chrono::Months::new(3)),
        // Steps from year 1 land on multiples of n from the next step on.
        TickUnit::Years(n) => NaiveDate::from_ymd_opt((date.year() / n + 1) * n, 1, 1),
    }
}

fn label(unit: TickUnit, date: NaiveDate) -> String {
    match unit {
        TickUnit::Day | TickUnit::Week => date.day().to_string(),
        TickUnit::Month => date.format("%b").to_string(),
        TickUnit::Quarter => format!("Q{}", date.month0() / 3 + 1),
        TickUnit::Years(_) => date.year().to_string(),
    }
}

/// The larger unit's labels, sticky at the left edge and pushed aside by the next one.
fn context_labels(axis: TimeAxis, unit: TickUnit, char_width_px: f64) -> Vec<ContextLabel> {
    let (period, format): (TickUnit, fn(NaiveDate) -> String) = match unit {
        TickUnit::Day | TickUnit::Week => (TickUnit::Month, |d| d.format("%B %Y").to_string()),
        TickUnit::Month | TickUnit::Quarter => (TickUnit::Years(1), |d| d.year().to_string()),
        TickUnit::Years(1 | 2) => (TickUnit::Years(10), |d| format!("{}s", d.year())),
        TickUnit::Years(_) => return Vec::new(),
    };
    let left = axis.left_px;
    let right = axis.left_px + axis.width_px;
    let mut starts = Vec::new();
    let mut date = first_tick(period, date_from_days(axis.view.start_days));
    while let Some(d) = date {
        let x = axis.x_from_time(days_from_date(d));
        if x >= right {
            break;
        }
        starts.push((x, format(d)));
        date = next_tick(period, d);
    }
    let mut labels: Vec<ContextLabel> = Vec::with_capacity(starts.len());
    for (i, (x, label)) in starts.iter().enumerate() {
        let width = label.chars().count() as f64 * char_width_px;
        let mut x = x.max(left);
        if let Some((next_x, _)) = starts.get(i + 1) {
            x = x.min(next_x - width - LABEL_GAP_PX);
        }
        // Pushed off the left edge by the next period: that one is shown instead.
        if x + width < left {
            continue;
        }
        labels.push(ContextLabel {
            x,
            label: label.clone(),
        });
    }
    labels
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timeline::axis::TimeView;

    const CHAR_PX: f64 = 7.0;

    fn axis(from: (i32, u32, u32), to: (i32, u32, u32), width: f64) -> TimeAxis {
        let day =
            |(y, m, d): (i32, u32, u32)| days_from_date(NaiveDate::from_ymd_opt(y, m, d).unwrap());
        TimeAxis::new(TimeView::between(day(from), day(to)), 0.0, width)
    }

    fn labels(t: &Ticks) -> Vec<&str> {
        t.ticks.iter().map(|t| t.label.as_str()).collect()
    }

    fn context(t: &Ticks) -> Vec<&str> {
        t.context.iter().map(|c| c.label.as_str()).collect()
    }

    fn assert_no_overlap(axis: TimeAxis, t: &Ticks) {
        for pair in t.ticks.windows(2) {
            let width = pair[0].label.chars().count() as f64 * CHAR_PX;
            let gap = axis.x_from_time(pair[1].days) - axis.x_from_time(pair[0].days);
            assert!(gap >= width + LABEL_GAP_PX - 1e-6, "{:?} {gap}", t.unit);
        }
        for pair in t.context.windows(2) {
            let width = pair[0].label.chars().count() as f64 * CHAR_PX;
            assert!(pair[1].x - pair[0].x >= width, "{:?}", t.context);
        }
    }

    #[test]
    fn days_when_zoomed_to_a_week() {
        let a = axis((2025, 2, 16), (2025, 2, 23), 800.0);
        let t = ticks(a, CHAR_PX);
        assert_eq!(t.unit, TickUnit::Day);
        assert_eq!(labels(&t), ["16", "17", "18", "19", "20", "21", "22"]);
        assert_eq!(context(&t), ["February 2025"]);
        assert_no_overlap(a, &t);
    }

    #[test]
    fn weeks_start_on_monday() {
        let a = axis((2025, 2, 1), (2025, 4, 1), 400.0);
        let t = ticks(a, CHAR_PX);
        assert_eq!(t.unit, TickUnit::Week);
        assert_eq!(&labels(&t)[..3], ["3", "10", "17"]);
        assert_eq!(context(&t), ["February 2025", "March 2025"]);
        assert_no_overlap(a, &t);
    }

    #[test]
    fn months_with_the_year_once() {
        let a = axis((2025, 1, 15), (2025, 12, 20), 900.0);
        let t = ticks(a, CHAR_PX);
        assert_eq!(t.unit, TickUnit::Month);
        assert_eq!(&labels(&t)[..3], ["Feb", "Mar", "Apr"]);
        assert_eq!(context(&t), ["2025"]);
        assert!(t.context[0].x.abs() < 1e-9, "sticky at the left edge");
        assert_no_overlap(a, &t);
    }

    #[test]
    fn quarters_when_months_do_not_fit() {
        let a = axis((2024, 1, 1), (2026, 1, 1), 500.0);
        let t = ticks(a, CHAR_PX);
        assert_eq!(t.unit, TickUnit::Quarter);
        assert_eq!(&labels(&t)[..5], ["Q1", "Q2", "Q3", "Q4", "Q1"]);
        assert_eq!(context(&t), ["2024", "2025"]);
        assert_no_overlap(a, &t);
    }

    #[test]
    fn years_and_decades() {
        let a = axis((1994, 1, 1), (2026, 1, 1), 1400.0);
        let t = ticks(a, CHAR_PX);
        assert_eq!(t.unit, TickUnit::Years(1));
        assert_eq!(&labels(&t)[..2], ["1994", "1995"]);
        assert_eq!(context(&t), ["1990s", "2000s", "2010s", "2020s"]);
        assert_no_overlap(a, &t);

        let a = axis((1994, 1, 1), (2026, 1, 1), 500.0);
        let t = ticks(a, CHAR_PX);
        assert_eq!(t.unit, TickUnit::Years(5));
        assert_eq!(&labels(&t)[..2], ["1995", "2000"]);
        assert_no_overlap(a, &t);
    }

    #[test]
    fn ten_thousand_years_stays_bounded() {
        let a = TimeAxis::new(TimeView::between(f64::MIN, f64::MAX), 0.0, 1000.0);
        let t = ticks(a, CHAR_PX);
        assert!(
            matches!(t.unit, TickUnit::Years(n) if n >= 500),
            "{:?}",
            t.unit
        );
        assert!(t.ticks.len() <= 30, "{}", t.ticks.len());
        assert_no_overlap(a, &t);
        assert!(
            t.ticks
                .iter()
                .all(|t| !t.label.is_empty() && t.label.len() <= 4)
        );
    }

    #[test]
    fn two_days_wide_at_the_end_of_the_calendar() {
        let a = TimeAxis::new(
            TimeView::between(
                crate::timeline::axis::MAX_TIME_DAYS - 2.0,
                crate::timeline::axis::MAX_TIME_DAYS,
            ),
            0.0,
            300.0,
        );
        let t = ticks(a, CHAR_PX);
        assert_eq!(t.unit, TickUnit::Day);
        assert_eq!(labels(&t), ["30", "31"]);
        assert_eq!(context(&t), ["December 9999"]);
    }
}
