//! Any table as CSV, with a mapping from sourceline's fields to its columns, e.g. for an
//! ACLED-like export: `date=event_date,title=sub_event_type,summary=notes,actors=actor1+actor2,
//! source=source,id=event_id_cnty`. `+` joins several columns into one list (actors, tags).
//! Each row becomes an unsourced event; a `source` cell that is a URL becomes a source to archive.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::collect::{Collector, LinkDetails, web_link};
use super::slashed::SlashRule;
use super::{ImportError, ImportReport};
use crate::model::date::PartialDate;
use crate::model::{EventRecord, EventsFile};

/// The fields a mapping may name.
pub const FIELDS: &[&str] = &[
    "date", "end", "title", "summary", "actors", "tags", "source", "id",
];

/// Parses `field=column[+column…],…`.
///
/// # Errors
/// A message naming the part that is wrong.
pub fn parse_map(map: &str) -> Result<BTreeMap<String, Vec<String>>, String> {
    let mut out = BTreeMap::new();
    for part in map.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let Some((field, columns)) = part.split_once('=') else {
            return Err(format!("\"{part}\": expected field=column"));
        };
        let field = field.trim();
        if !FIELDS.contains(&field) {
            return Err(format!(
                "\"{field}\": expected one of {}",
                FIELDS.join(", ")
            ));
        }
        let columns: Vec<String> = columns.split('+').map(|c| c.trim().to_owned()).collect();
        if out.insert(field.to_owned(), columns).is_some() {
            return Err(format!(
                "\"{field}\" is mapped twice: give each field once (join columns with +)"
            ));
        }
    }
    for required in ["date", "title"] {
        if !out.contains_key(required) {
            return Err(format!("the mapping needs {required}=COLUMN"));
        }
    }
    Ok(out)
}

/// A table date: `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, `D Month YYYY`, `Month D, YYYY`, or slashed
/// as the table's [`SlashRule`] reads it.
fn table_date(cell: &str, slashes: &SlashRule) -> Result<PartialDate, String> {
    let cell = cell.trim();
    if let Some(iso) = slashes.iso(cell) {
        return PartialDate::parse(&iso?).map_err(|e| format!("\"{cell}\": {e}"));
    }
    PartialDate::parse(cell)
        .ok()
        .or_else(|| {
            ["%d %B %Y", "%B %d, %Y", "%d %b %Y"]
                .iter()
                .find_map(|f| chrono::NaiveDate::parse_from_str(cell, f).ok())
                .map(PartialDate::from_day)
        })
        .ok_or_else(|| format!("\"{cell}\" is not a date"))
}

/// Imports a table with a mapping.
///
/// # Errors
/// When a mapped column is not in the header.
pub fn import(
    bytes: &[u8],
    map: &BTreeMap<String, Vec<String>>,
) -> Result<(EventsFile, ImportReport), ImportError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let (mut reader, headers) = super::sheet::reader_and_headers(bytes)?;
    let mut columns: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (field, names) in map {
        let mut found = Vec::new();
        for name in names {
            let Some(c) = headers.iter().position(|h| h == name) else {
                return Err(ImportError::NotASheet(format!(
                    "the mapping's column \"{name}\" ({field}) is not in the header ({})",
                    headers.join(", ")
                )));
            };
            found.push(c);
        }
        columns.insert(field.as_str(), found);
    }
    let mut collector =
        Collector::new("Unknown: set to the event's date on import; check the source.");
    let rows = super::sheet::rows(&mut reader, bytes);
    let date_columns: Vec<usize> = ["date", "end"]
        .iter()
        .filter_map(|field| columns.get(field))
        .flatten()
        .copied()
        .collect();
    let slashes = SlashRule::of_rows(&rows, &date_columns);
    if let Some(note) = slashes.note() {
        collector.report.notes.push(("dates".to_owned(), note));
    }
    for (row, record) in rows {
        let report = &mut collector.report;
        let row = format!("row {row}");
        let record = match record {
            Ok(record) => record,
            Err(reason) => {
                report.skipped.push((row, reason));
                continue;
            }
        };
        let cells: Vec<String> = match record
            .iter()
            .map(|c| std::str::from_utf8(c).map(|c| c.trim().to_owned()))
            .collect::<Result<_, _>>()
        {
            Ok(cells) => cells,
            Err(e) => {
                report.skipped.push((
                    row,
                    format!(
                        "not UTF-8 text (invalid byte at offset {}): import the file whole, which detects its encoding",
                        e.valid_up_to()
                    ),
                ));
                continue;
            }
        };
        if record.len() != headers.len() && !cells.iter().all(String::is_empty) {
            report.notes.push((
                row.clone(),
                format!(
                    "{} cells for {} columns: read by position (a comma in an unquoted cell?)",
                    record.len(),
                    headers.len()
                ),
            ));
        }
        if cells.iter().all(String::is_empty) {
            report.skipped.push((row, "blank".to_owned()));
            continue;
        }
        let get = |field: &str| -> Vec<String> {
            columns
                .get(field)
                .map(|cs| {
                    cs.iter()
                        .filter_map(|&c| cells.get(c))
                        .filter(|v| !v.is_empty())
                        .cloned()
                        .collect()
                })
                .unwrap_or_default()
        };
        let one = |field: &str| get(field).join(" ");
        let date = match table_date(&one("date"), &slashes) {
            Ok(date) => date,
            Err(reason) => {
                report.skipped.push((row, format!("date {reason}")));
                continue;
            }
        };
        let end = if one("end").is_empty() {
            None
        } else {
            match table_date(&one("end"), &slashes) {
                Ok(end) if end == date => None,
                Ok(end) if end.last_day() < date.first_day() => {
                    report.notes.push((
                        row.clone(),
                        format!("end {end} before the date {date}: end dropped"),
                    ));
                    None
                }
                Ok(end) => Some(end.to_iso()),
                Err(reason) => {
                    report
                        .notes
                        .push((row.clone(), format!("end {reason}: end dropped")));
                    None
                }
            }
        };
        let title = one("title");
        let id = collector.event_id(Some(&one("id")), &title, &row);
        let mut summary = one("summary");
        let mut links = Vec::new();
        for source in get("source") {
            if let Some(url) = web_link(&source) {
                links.push((url, LinkDetails::default()));
            } else {
                // A source named but not linked: kept in the summary, to be found and archived.
                if !summary.is_empty() {
                    summary.push(' ');
                }
                let _ = write!(summary, "(Source named in the table: {source}.)");
            }
        }
        let citations = collector.cite_links(links, date);
        collector.push_event(EventRecord {
            id,
            date: date.to_iso(),
            end,
            approximate: false,
            date_note: None,
            title: if title.is_empty() {
                format!("Untitled ({date})")
            } else {
                title
            },
            summary,
            actors: get("actors"),
            tags: get("tags"),
            citations,
            media: None,
        });
    }
    Ok(collector.finish("Imported table".to_owned(), Vec::new()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_acled_like_table_comes_in_with_its_mapping() {
        let map = parse_map(
            "date=event_date,title=sub_event_type,summary=notes,actors=actor1+actor2,source=source,id=event_id_cnty",
        )
        .unwrap();
        let csv = "event_id_cnty,event_date,sub_event_type,actor1,actor2,notes,source\n\
                   UKR1,18 February 2025,Peaceful protest,Protesters (Ukraine),,A protest.,Kyiv Independent\n\
                   UKR2,2025-02-19,Shelling,Military Forces of Russia,Civilians (Ukraine),Shelling.,https://example.org/r\n\
                   UKR3,someday,Strike,X,,,\n";
        let (file, report) = import(csv.as_bytes(), &map).unwrap();
        assert_eq!(report.events, 2);
        assert_eq!(
            report.skipped,
            [(
                "row 4".to_owned(),
                "date \"someday\" is not a date".to_owned()
            )]
        );
        assert_eq!(file.events[0].id, "UKR1");
        assert_eq!(file.events[0].date, "2025-02-18");
        assert_eq!(
            file.events[0].summary,
            "A protest. (Source named in the table: Kyiv Independent.)"
        );
        assert_eq!(
            file.events[1].actors,
            ["Military Forces of Russia", "Civilians (Ukraine)"]
        );
        assert_eq!(file.sources.len(), 1);
        assert_eq!(
            file.sources[0].url.as_deref(),
            Some("https://example.org/r")
        );
    }

    #[test]
    fn bad_mappings_say_what_is_wrong() {
        assert!(
            parse_map("when=date,title=t")
                .unwrap_err()
                .contains("expected one of")
        );
        assert!(parse_map("title=t").unwrap_err().contains("needs date"));
        assert!(
            parse_map("date")
                .unwrap_err()
                .contains("expected field=column")
        );
        assert!(
            parse_map("date=d,title=title,title=notes")
                .unwrap_err()
                .contains("\"title\" is mapped twice")
        );
        let map = parse_map("date=d,title=nope").unwrap();
        assert!(matches!(
            import(b"d,t\n2025,x\n", &map),
            Err(ImportError::NotASheet(_))
        ));
    }
}
