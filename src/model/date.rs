//! Calendar dates of varying precision (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`).

use std::fmt;
use std::num::NonZeroU32;

use chrono::{Datelike as _, NaiveDate};

/// How precisely a date is known; the form it was written in decides it.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum Precision {
    /// A whole year, written `YYYY`. Sorts first among events starting on the same day.
    Year,
    /// A whole month, written `YYYY-MM`.
    Month,
    /// A single day, written `YYYY-MM-DD`.
    Day,
}

impl Precision {
    /// Lower-case English name ("year", "month", "day").
    pub fn name(self) -> &'static str {
        match self {
            Self::Year => "year",
            Self::Month => "month",
            Self::Day => "day",
        }
    }
}

/// Why a date string was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// Not one of the three accepted shapes.
    #[error("expected a date as YYYY, YYYY-MM or YYYY-MM-DD, found \"{0}\"")]
    Shape(String),
    /// Well-formed but not on the calendar (month 13, 30 February, year 0).
    #[error("\"{0}\" is not a date on the calendar")]
    Impossible(String),
}

/// A date known to year, month or day precision.
///
/// Ordering is by first day, then precision (coarser first), so a year sorts before the months
/// and days it contains that start on the same day.
///
/// Held as its 32-bit sort key (day and precision in one number, never zero), so that a date
/// takes 4 bytes and an optional one 4 as well: a million events hold two and their citations
/// one more, and the derived order is the key's.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    key: NonZeroU32,
}

/// Days are counted from this many days before the common era's start, which puts every day
/// chrono can hold (about 2^26.5 days either side) above zero.
const DAY_BIAS: i64 = 1 << 28;

/// 1970-01-01 as chrono's `num_days_from_ce` counts it (day 1 being 0001-01-01).
const EPOCH_DAYS_FROM_CE: i64 = 719_163;

/// The key of `first_day` at `precision`: the day shifted past two bits of precision.
const fn key_of(days_from_ce: i32, precision: Precision) -> NonZeroU32 {
    // Within chrono's range the biased day fits in 30 bits, so the shift cannot overflow and
    // the key is above zero; `MAX` is only a guard.
    let biased = days_from_ce as i64 + DAY_BIAS;
    let key = (biased << 2) | precision as i64;
    if key > 0 && key <= u32::MAX as i64 {
        match NonZeroU32::new(key as u32) {
            Some(key) => key,
            None => NonZeroU32::MAX,
        }
    } else {
        NonZeroU32::MAX
    }
}

impl PartialDate {
    /// The year 1970: a placeholder where some date is needed but none is known.
    pub const EPOCH: Self = Self {
        key: key_of(EPOCH_DAYS_FROM_CE as i32, Precision::Year),
    };

    fn new(first_day: NaiveDate, precision: Precision) -> Self {
        Self {
            key: key_of(first_day.num_days_from_ce(), precision),
        }
    }

    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (years 0001 to 9999).
    ///
    /// ```
    /// use sourceline::model::date::{PartialDate, Precision};
    /// let date = PartialDate::parse("2024-12").unwrap();
    /// assert_eq!(date.precision(), Precision::Month);
    /// assert_eq!(date.to_string(), "December 2024");
    /// assert!(PartialDate::parse("2025-02-30").is_err());
    /// ```
    ///
    /// # Errors
    /// [`DateError::Shape`] for any other form, [`DateError::Impossible`] for dates that are
    /// well formed but not on the calendar, such as `2025-02-30` or `2025-13`.
    pub fn parse(text: &str) -> Result<Self, DateError> {
        let shape_error = || DateError::Shape(text.to_owned());
        // At most three parts, kept on the stack: a million events parse two dates each.
        let mut parts = [""; 3];
        let mut count = 0;
        for part in text.split('-') {
            let Some(slot) = parts.get_mut(count) else {
                return Err(shape_error());
            };
            *slot = part;
            count += 1;
        }
        let expected_lengths: &[usize] = match count {
            1 => &[4],
            2 => &[4, 2],
            3 => &[4, 2, 2],
            _ => return Err(shape_error()),
        };
        let mut numbers = [1_u32; 3];
        for ((part, &len), number) in parts.iter().zip(expected_lengths).zip(&mut numbers) {
            if part.len() != len || !part.bytes().all(|b| b.is_ascii_digit()) {
                return Err(shape_error());
            }
            *number = part.parse().map_err(|_| shape_error())?;
        }
        let precision = match count {
            1 => Precision::Year,
            2 => Precision::Month,
            _ => Precision::Day,
        };
        let [year, month, day] = numbers;
        let first_day = i32::try_from(year)
            .ok()
            .filter(|&y| y >= 1)
            .and_then(|y| NaiveDate::from_ymd_opt(y, month, day))
            .ok_or_else(|| DateError::Impossible(text.to_owned()))?;
        Ok(Self::new(first_day, precision))
    }

    /// A day-precision date.
    pub fn from_day(day: NaiveDate) -> Self {
        Self::new(day, Precision::Day)
    }

    /// How precisely the date is known.
    pub fn precision(self) -> Precision {
        match self.key.get() & 0b11 {
            bits if bits == Precision::Year as u32 => Precision::Year,
            bits if bits == Precision::Month as u32 => Precision::Month,
            _ => Precision::Day,
        }
    }

    /// The first day of the period the date names.
    pub fn first_day(self) -> NaiveDate {
        i32::try_from(self.days_from_ce())
            .ok()
            .and_then(NaiveDate::from_num_days_from_ce_opt)
            .unwrap_or(NaiveDate::MIN)
    }

    /// The first day as chrono's `num_days_from_ce` counts it.
    fn days_from_ce(self) -> i64 {
        i64::from(self.key.get() >> 2) - DAY_BIAS
    }

    /// The first day, in days since 1970-01-01: read off the date without making a calendar
    /// date, for the timeline's maths over a million events.
    pub fn first_day_from_epoch(self) -> i64 {
        self.days_from_ce() - EPOCH_DAYS_FROM_CE
    }

    /// The last day, in days since 1970-01-01.
    pub fn last_day_from_epoch(self) -> i64 {
        match self.precision() {
            Precision::Day => self.first_day_from_epoch(),
            Precision::Month | Precision::Year => {
                i64::from(self.last_day().num_days_from_ce()) - EPOCH_DAYS_FROM_CE
            }
        }
    }

    /// The last day of the period the date names (the same day for day precision).
    pub fn last_day(self) -> NaiveDate {
        let d = self.first_day();
        match self.precision() {
            Precision::Day => d,
            Precision::Month => {
                let next = if d.month() == 12 {
                    NaiveDate::from_ymd_opt(d.year() + 1, 1, 1)
                } else {
                    NaiveDate::from_ymd_opt(d.year(), d.month() + 1, 1)
                };
                // Only 9999-12 has no next month inside chrono's range; its last day is the 31st.
                next.and_then(|n| n.pred_opt())
                    .unwrap_or_else(|| d.with_day(31).unwrap_or(d))
            }
            Precision::Year => NaiveDate::from_ymd_opt(d.year(), 12, 31).unwrap_or(d),
        }
    }

    /// A number that orders dates as [`Ord`] does (first day, then precision), for sorting
    /// many dates by integer key.
    pub fn sort_key(self) -> u64 {
        let day = u64::try_from(self.days_from_ce() + (1 << 32)).unwrap_or_default();
        (day << 2) | self.precision() as u64
    }

    /// [`PartialDate::sort_key`] in 32 bits: every day chrono can hold lies within 2^28 days of
    /// the common era's start, so a million keys take half the memory to sort.
    pub fn sort_key_u32(self) -> u32 {
        self.key.get()
    }

    /// The canonical text form, as accepted by [`PartialDate::parse`].
    pub fn to_iso(self) -> String {
        let d = self.first_day();
        match self.precision() {
            Precision::Year => format!("{:04}", d.year()),
            Precision::Month => format!("{:04}-{:02}", d.year(), d.month()),
            Precision::Day => format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day()),
        }
    }
}

impl fmt::Debug for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PartialDate")
            .field("first_day", &self.first_day())
            .field("precision", &self.precision())
            .finish()
    }
}

/// Words as a reader would say them: "2025", "December 2024", "18 February 2025".
impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.first_day();
        match self.precision() {
            Precision::Year => write!(f, "{}", d.year()),
            Precision::Month => write!(f, "{}", d.format("%B %Y")),
            Precision::Day => write!(f, "{} {}", d.day(), d.format("%B %Y")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> PartialDate {
        PartialDate::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    #[test]
    fn sort_key_orders_as_ord_does() {
        let dates: Vec<PartialDate> = [
            "0001",
            "0001-01",
            "0001-01-01",
            "1994-12-05",
            "1994-12",
            "1994",
            "2025-02-18",
            "2025-02",
            "2025",
            "2025-02-01",
            "9999-12-31",
            "9999-12",
            "9999",
        ]
        .iter()
        .map(|t| date(t))
        .collect();
        for a in &dates {
            for b in &dates {
                assert_eq!(a.sort_key().cmp(&b.sort_key()), a.cmp(b), "{a:?} {b:?}");
                // The order is the day's, then the precision's (coarser first).
                assert_eq!(
                    (a.first_day(), a.precision()).cmp(&(b.first_day(), b.precision())),
                    a.cmp(b),
                    "{a:?} {b:?}"
                );
                assert_eq!(
                    a.sort_key_u32().cmp(&b.sort_key_u32()),
                    a.cmp(b),
                    "{a:?} {b:?}"
                );
            }
        }
    }

    #[test]
    fn the_32_bit_key_holds_every_day_chrono_can() {
        for day in [NaiveDate::MIN, NaiveDate::MAX] {
            for precision in [Precision::Year, Precision::Month, Precision::Day] {
                let date = PartialDate::new(day, precision);
                assert_ne!(date.sort_key_u32(), u32::MAX, "{date:?}");
                assert_eq!((date.first_day(), date.precision()), (day, precision));
            }
        }
        let min = PartialDate::new(NaiveDate::MIN, Precision::Day);
        let max = PartialDate::new(NaiveDate::MAX, Precision::Year);
        assert!(min.sort_key_u32() < max.sort_key_u32());
    }

    #[test]
    fn days_from_the_epoch_are_the_calendars() {
        let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
        for text in [
            "0001",
            "0001-01-01",
            "1969-12-31",
            "1970",
            "2024-02",
            "2024",
            "2025-02-18",
            "9999",
        ] {
            let d = date(text);
            assert_eq!(
                d.first_day_from_epoch(),
                (d.first_day() - epoch).num_days(),
                "{text}"
            );
            assert_eq!(
                d.last_day_from_epoch(),
                (d.last_day() - epoch).num_days(),
                "{text}"
            );
        }
    }

    #[test]
    fn the_epoch_is_the_year_1970() {
        assert_eq!(PartialDate::EPOCH, date("1970"));
        assert_eq!(PartialDate::EPOCH.to_iso(), "1970");
    }

    #[test]
    fn every_day_of_four_centuries_comes_back_as_it_went_in() {
        let mut day = NaiveDate::from_ymd_opt(1800, 1, 1).unwrap();
        let end = NaiveDate::from_ymd_opt(2200, 12, 31).unwrap();
        while day <= end {
            for precision in [Precision::Year, Precision::Month, Precision::Day] {
                let date = PartialDate::new(day, precision);
                assert_eq!((date.first_day(), date.precision()), (day, precision));
            }
            day = day.succ_opt().unwrap();
        }
    }

    #[test]
    fn parses_each_precision() {
        assert_eq!(date("2024").precision(), Precision::Year);
        assert_eq!(date("2024-12").precision(), Precision::Month);
        assert_eq!(date("2025-02-18").precision(), Precision::Day);
        assert_eq!(
            date("2025-02-18").first_day(),
            NaiveDate::from_ymd_opt(2025, 2, 18).unwrap()
        );
    }

    #[test]
    fn refuses_bad_shapes() {
        for bad in [
            "",
            "25",
            "2025-2-18",
            "2025/02/18",
            "2025-02-18T00",
            "+2025",
            "2025-02-",
            "２０２５",
            "2025-1a",
        ] {
            assert!(
                matches!(PartialDate::parse(bad), Err(DateError::Shape(_))),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn refuses_impossible_dates() {
        for bad in [
            "2025-02-30",
            "2025-13",
            "2025-00",
            "2025-04-31",
            "0000",
            "2023-02-29",
        ] {
            assert!(
                matches!(PartialDate::parse(bad), Err(DateError::Impossible(_))),
                "{bad:?}"
            );
        }
        assert!(PartialDate::parse("2024-02-29").is_ok(), "leap day");
    }

    #[test]
    fn extreme_years_work() {
        assert_eq!(date("0001").to_string(), "1");
        assert_eq!(
            date("9999-12").last_day(),
            NaiveDate::from_ymd_opt(9999, 12, 31).unwrap()
        );
        assert_eq!(
            date("9999").last_day(),
            NaiveDate::from_ymd_opt(9999, 12, 31).unwrap()
        );
    }

    #[test]
    fn displays_in_words() {
        assert_eq!(date("2024-12").to_string(), "December 2024");
        assert_eq!(date("2025-02-18").to_string(), "18 February 2025");
        assert_eq!(date("2010").to_string(), "2010");
    }

    #[test]
    fn last_day_covers_the_period() {
        assert_eq!(
            date("2024-02").last_day(),
            NaiveDate::from_ymd_opt(2024, 2, 29).unwrap()
        );
        assert_eq!(
            date("2024-12").last_day(),
            NaiveDate::from_ymd_opt(2024, 12, 31).unwrap()
        );
        assert_eq!(
            date("2022").last_day(),
            NaiveDate::from_ymd_opt(2022, 12, 31).unwrap()
        );
        assert_eq!(
            date("2022-06-29").last_day(),
            date("2022-06-29").first_day()
        );
    }

    #[test]
    fn orders_by_start_then_precision() {
        let mut dates = vec![
            date("2025-01-01"),
            date("2025-01"),
            date("2024-12-31"),
            date("2025"),
        ];
        dates.sort();
        let iso: Vec<String> = dates.into_iter().map(PartialDate::to_iso).collect();
        assert_eq!(iso, ["2024-12-31", "2025", "2025-01", "2025-01-01"]);
    }

    #[test]
    fn iso_round_trips() {
        for text in ["0001", "1994-12", "2025-02-18", "9999-12-31"] {
            assert_eq!(date(text).to_iso(), text);
        }
    }
}
