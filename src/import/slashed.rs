//! Slashed dates in imported tables, by one rule for both table importers (the TimelineJS
//! sheet's legacy `Start Date` and any table with `--map`):
//!
//! - `YYYY/MM/DD` is year, month, day; `M/YYYY` is month and year.
//! - `A/B/YYYY` is month first or day first as the table itself shows: a first number over 12
//!   can only be a day, a second over 12 only a day too. The table is read day first when only
//!   the first kind is seen, month first when only the second is, and month first (as TimelineJS
//!   and US spreadsheets write) when every date could be either, which the report says.
//! - A table that shows both orders is refused row by row for each date that could be either.

use std::fmt;

/// Which number of `A/B/YYYY` is the month.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Order {
    /// `M/D/YYYY`.
    MonthFirst,
    /// `D/M/YYYY`.
    DayFirst,
}

impl fmt::Display for Order {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::MonthFirst => "month first (M/D/YYYY)",
            Self::DayFirst => "day first (D/M/YYYY)",
        })
    }
}

/// How a table's `A/B/YYYY` dates are read, with the rows that decided it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SlashRule {
    /// The first date only day first can read, as (row, cell).
    day_first: Option<(String, String)>,
    /// The first date only month first can read.
    month_first: Option<(String, String)>,
    /// Whether the table has any `A/B/YYYY` date at all.
    any: bool,
}

/// `A/B/YYYY` as its three numbers.
fn three_parts(cell: &str) -> Option<(u32, u32, &str)> {
    let mut parts = cell.trim().split('/');
    let (a, b, y) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 || a.len() > 2 || b.len() > 2 {
        return None;
    }
    Some((a.parse().ok()?, b.parse().ok()?, y))
}

impl SlashRule {
    /// The rule a table's date cells (each with where it is, "row 3") show.
    pub fn of<'a>(cells: impl IntoIterator<Item = (String, &'a str)>) -> Self {
        let mut rule = Self {
            day_first: None,
            month_first: None,
            any: false,
        };
        for (at, cell) in cells {
            let Some((a, b, _)) = three_parts(cell) else {
                continue;
            };
            rule.any = true;
            if a > 12 && b <= 12 && rule.day_first.is_none() {
                rule.day_first = Some((at, cell.trim().to_owned()));
            } else if b > 12 && a <= 12 && rule.month_first.is_none() {
                rule.month_first = Some((at, cell.trim().to_owned()));
            }
        }
        rule
    }

    /// The rule of a table's `rows` (as [`super::sheet::rows`] reads them), from the cells of
    /// its date `columns`.
    pub fn of_rows(rows: &[(usize, Result<csv::ByteRecord, String>)], columns: &[usize]) -> Self {
        Self::of(rows.iter().flat_map(|(row, record)| {
            let cells: Vec<&str> = match record {
                Ok(record) => columns
                    .iter()
                    .filter_map(|&c| record.get(c))
                    .filter_map(|c| std::str::from_utf8(c).ok())
                    .collect(),
                Err(_) => Vec::new(),
            };
            cells.into_iter().map(move |c| (format!("row {row}"), c))
        }))
    }

    /// The order the table's dates are read in; `None` when it shows both.
    pub fn order(&self) -> Option<Order> {
        match (&self.day_first, &self.month_first) {
            (Some(_), Some(_)) => None,
            (Some(_), None) => Some(Order::DayFirst),
            (None, _) => Some(Order::MonthFirst),
        }
    }

    /// What the report says of the rule, when the table has slashed dates.
    pub fn note(&self) -> Option<String> {
        if !self.any {
            return None;
        }
        Some(match (&self.day_first, &self.month_first) {
            (Some((at, cell)), None) => {
                format!(
                    "slashed dates read {} as {at} shows ({cell})",
                    Order::DayFirst
                )
            }
            (None, Some((at, cell))) => {
                format!(
                    "slashed dates read {} as {at} shows ({cell})",
                    Order::MonthFirst
                )
            }
            (None, None) => format!(
                "every slashed date could be day or month first: read {}, as TimelineJS does; check them",
                Order::MonthFirst
            ),
            (Some((d_at, d)), Some((m_at, m))) => format!(
                "slashed dates of both orders ({d_at}: {d}, {m_at}: {m}): those that could be either are skipped"
            ),
        })
    }

    /// `cell` as an ISO date (`YYYY-MM-DD` or `YYYY-MM`) when it is slashed; `None` when it is
    /// not (another rule reads it).
    ///
    /// # Errors
    /// When it could be either order in a table that shows both, or fits neither.
    pub fn iso(&self, cell: &str) -> Option<Result<String, String>> {
        let cell = cell.trim();
        if !cell.contains('/') {
            return None;
        }
        let parts: Vec<&str> = cell.split('/').collect();
        if let [y, m, d] = parts.as_slice()
            && y.len() == 4
        {
            return Some(Ok(format!("{y}-{m:0>2}-{d:0>2}")));
        }
        if let [m, y] = parts.as_slice()
            && y.len() == 4
            && m.len() <= 2
        {
            return Some(Ok(format!("{y}-{m:0>2}")));
        }
        let Some((a, b, y)) = three_parts(cell) else {
            return Some(Err(format!(
                "\"{cell}\": expected M/D/YYYY, D/M/YYYY, YYYY/MM/DD or M/YYYY"
            )));
        };
        let order = match self.order() {
            Some(order) => order,
            None if a > 12 => Order::DayFirst,
            None if b > 12 => Order::MonthFirst,
            None if a == b => Order::MonthFirst,
            None => {
                return Some(Err(format!(
                    "\"{cell}\" could be day or month first, and this table has dates of both orders: write it as YYYY-MM-DD"
                )));
            }
        };
        let (month, day) = match order {
            Order::MonthFirst => (a, b),
            Order::DayFirst => (b, a),
        };
        if month > 12 {
            return Some(Err(format!("\"{cell}\" read {order} has no month {month}")));
        }
        Some(Ok(format!("{y}-{month:02}-{day:02}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(cells: &[&str]) -> SlashRule {
        SlashRule::of(
            cells
                .iter()
                .enumerate()
                .map(|(i, c)| (format!("row {}", i + 2), *c)),
        )
    }

    #[test]
    fn a_table_shows_its_own_order() {
        let us = rule(&["03/04/2025", "12/31/2025"]);
        assert_eq!(us.order(), Some(Order::MonthFirst));
        assert_eq!(us.iso("03/04/2025"), Some(Ok("2025-03-04".to_owned())));
        assert_eq!(us.iso("12/31/2025"), Some(Ok("2025-12-31".to_owned())));
        assert!(us.note().unwrap().contains("row 3 shows (12/31/2025)"));

        let european = rule(&["03/04/2025", "31/12/2025"]);
        assert_eq!(european.order(), Some(Order::DayFirst));
        assert_eq!(
            european.iso("03/04/2025"),
            Some(Ok("2025-04-03".to_owned()))
        );
        assert_eq!(
            european.iso("31/12/2025"),
            Some(Ok("2025-12-31".to_owned()))
        );

        let unknown = rule(&["03/04/2025"]);
        assert_eq!(unknown.iso("03/04/2025"), Some(Ok("2025-03-04".to_owned())));
        assert!(
            unknown
                .note()
                .unwrap()
                .contains("could be day or month first")
        );
    }

    #[test]
    fn a_table_of_both_orders_refuses_what_could_be_either() {
        let mixed = rule(&["31/12/2025", "12/31/2025", "03/04/2025"]);
        assert_eq!(mixed.order(), None);
        assert!(mixed.iso("03/04/2025").unwrap().is_err());
        assert_eq!(mixed.iso("31/12/2025"), Some(Ok("2025-12-31".to_owned())));
        assert_eq!(mixed.iso("05/05/2025"), Some(Ok("2025-05-05".to_owned())));
    }

    #[test]
    fn other_shapes() {
        let r = rule(&[]);
        assert_eq!(r.iso("2025/3/4"), Some(Ok("2025-03-04".to_owned())));
        assert_eq!(r.iso("3/2025"), Some(Ok("2025-03".to_owned())));
        assert_eq!(r.iso("2025-03-04"), None);
        assert!(r.iso("1/2/3/4").unwrap().is_err());
        assert!(r.note().is_none());
    }
}
