//! The TimelineJS spreadsheet, as CSV (the Google Sheets template's exact column names, and the
//! older `Start Date` / `End Date` / `Tag` sheets). Each row becomes the JSON slide TimelineJS
//! would make of it, and goes through the same import; the report names rows by number
//! (the header is row 1). Malformed input is reported row by row, located, and bounded.

use serde_json::{Map, Value, json};

use super::slashed::SlashRule;
use super::timelinejs::import_value;
use super::{ImportError, ImportReport};
use crate::model::EventsFile;

/// Largest cell accepted; a longer one skips its row (a sheet cell holds a paragraph or two).
pub const MAX_CELL_BYTES: usize = 1024 * 1024;

/// A cell as a number string: whitespace and thousands commas removed, as TimelineJS does.
fn clean_integer(cell: &str) -> String {
    cell.chars()
        .filter(|c| !c.is_whitespace() && *c != ',')
        .collect()
}

/// `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, or slashed as the sheet's [`SlashRule`] reads it (a legacy
/// `Start Date` cell) as TimelineJS date parts; a time of day anywhere in the cell is kept
/// apart. `Ok(None)` for a blank cell.
///
/// # Errors
/// A slashed date the rule cannot read.
fn legacy_date(cell: &str, slashes: &SlashRule) -> Result<Option<Value>, String> {
    let cell = cell.trim();
    let Some(date_part) = cell.split_whitespace().next() else {
        return Ok(None);
    };
    let time = cell
        .split_whitespace()
        .find(|w| w.contains(':'))
        .and_then(|t| t.split(':').next().zip(t.split(':').nth(1)));
    let as_iso = match slashes.iso(date_part) {
        Some(iso) => Some(iso?),
        None => None,
    };
    let date_part = as_iso.as_deref().unwrap_or(date_part);
    let mut out = Map::new();
    let (sign, rest) = date_part
        .strip_prefix('-')
        .map_or(("", date_part), |r| ("-", r));
    let mut parts = rest.split('-');
    let year = parts.next().unwrap_or_default();
    out.insert("year".into(), json!(format!("{sign}{year}")));
    if let Some(m) = parts.next() {
        out.insert("month".into(), json!(m));
    }
    if let Some(d) = parts.next() {
        out.insert("day".into(), json!(d));
    }
    if let Some((h, m)) = time {
        out.insert("hour".into(), json!(h));
        out.insert("minute".into(), json!(m));
    }
    Ok(Some(Value::Object(out)))
}

/// A `Time` cell as hour and minute parts (`14:30`, `2:30 pm`, `1430`).
fn time_parts(cell: &str, date: &mut Map<String, Value>) {
    let lower = cell.trim().to_ascii_lowercase();
    let pm = lower.ends_with("pm") || lower.ends_with("p.m.");
    let digits = lower.trim_end_matches(|c: char| !c.is_ascii_digit());
    let (h, m) = match digits.split_once(':') {
        Some((h, rest)) => (
            h.to_owned(),
            rest.split(':').next().unwrap_or("0").to_owned(),
        ),
        None if digits.len() >= 3 => {
            let (h, m) = digits.split_at(digits.len() - 2);
            (h.to_owned(), m.to_owned())
        }
        None => (digits.to_owned(), "0".to_owned()),
    };
    let hour = h
        .trim()
        .parse::<u32>()
        .ok()
        .map(|h| if pm && h < 12 { h + 12 } else { h });
    if let Some(hour) = hour {
        date.insert("hour".into(), json!(hour));
        date.insert("minute".into(), json!(m.trim()));
    }
}

/// A CSV reader over `bytes` (rows of any length, so that a shifted row can be reported rather
/// than stop the read) and the header row, trimmed. Both table importers start here, after
/// skipping a UTF-8 byte-order mark themselves: record positions are offsets into what they pass.
///
/// # Errors
/// When there is no header row.
pub fn reader_and_headers(bytes: &[u8]) -> Result<(csv::Reader<&[u8]>, Vec<String>), ImportError> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(true)
        .from_reader(bytes);
    let headers: Vec<String> = reader
        .byte_headers()
        .map_err(|e| ImportError::NotASheet(format!("no header row: {e}")))?
        .iter()
        .map(|h| String::from_utf8_lossy(h).trim().to_owned())
        .collect();
    Ok((reader, headers))
}

/// Every record of `reader` (reading `bytes`) with its row number (the header is row 1), or
/// why its row is skipped: unreadable as CSV, or a quoted cell never closed. The CSV reader
/// takes a quote that is never closed to run on to the end of the file, swallowing the rows
/// after it; their lines are named in the reason, so no row goes unreported.
pub fn rows(
    reader: &mut csv::Reader<&[u8]>,
    bytes: &[u8],
) -> Vec<(usize, Result<csv::ByteRecord, String>)> {
    let records: Vec<Result<csv::ByteRecord, csv::Error>> = reader.byte_records().collect();
    // Where each record starts in the text, to look at its raw bytes for unbalanced quotes.
    let starts: Vec<usize> = records
        .iter()
        .map(|r| {
            r.as_ref()
                .ok()
                .and_then(|r| r.position())
                .map_or(usize::MAX, |p| {
                    usize::try_from(p.byte()).unwrap_or(usize::MAX)
                })
        })
        .collect();
    let line_of = |offset: usize| {
        1 + memchr::memchr_iter(b'\n', bytes.get(..offset).unwrap_or(bytes)).count()
    };
    records
        .into_iter()
        .enumerate()
        .map(|(r, record)| {
            let row = r + 2;
            let record = match record {
                Ok(record) => record,
                Err(e) => return (row, Err(format!("cannot be read as CSV: {e}"))),
            };
            let start = starts.get(r).copied().unwrap_or(usize::MAX);
            let end = starts
                .get(r + 1)
                .copied()
                .unwrap_or(bytes.len())
                .min(bytes.len());
            let raw = bytes.get(start..end).unwrap_or_default();
            if memchr::memchr_iter(b'"', raw).count() % 2 == 1 {
                let raw_lines = memchr::memchr_iter(b'\n', raw.trim_ascii_end()).count();
                let reason = if raw_lines == 0 {
                    "unbalanced quotes: a quoted cell is never closed".to_owned()
                } else {
                    let first = line_of(start);
                    format!(
                        "unbalanced quotes: a quoted cell is never closed, so lines {first}-{} were read as this one row; all skipped",
                        first + raw_lines
                    )
                };
                return (row, Err(reason));
            }
            (row, Ok(record))
        })
        .collect()
}

/// Imports a TimelineJS spreadsheet exported as CSV.
///
/// # Errors
/// When it is not a TimelineJS sheet (no `Year` or `Start Date` column), or not readable as CSV.
pub fn import(bytes: &[u8]) -> Result<(EventsFile, ImportReport), ImportError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let (mut reader, headers) = reader_and_headers(bytes)?;
    let column = |name: &str| headers.iter().position(|h| h == name);
    let legacy = column("Start Date").is_some() || column("End Date").is_some();
    if column("Year").is_none() && !legacy {
        return Err(ImportError::NotASheet(
            "it has no Year or Start Date column (the template's header row); for another \
             table, name its columns on the command line: sourceline import FILE --map \
             date=COLUMN,title=COLUMN,…"
                .to_owned(),
        ));
    }
    let mut events: Vec<Value> = Vec::new();
    let mut eras: Vec<Value> = Vec::new();
    let mut event_rows: Vec<usize> = Vec::new();
    let mut era_rows: Vec<usize> = Vec::new();
    let mut title: Option<Value> = None;
    let mut skipped: Vec<(String, String)> = Vec::new();
    let mut repaired: Vec<(String, String)> = Vec::new();
    let rows = rows(&mut reader, bytes);
    let date_columns: Vec<usize> = ["Start Date", "End Date"]
        .iter()
        .filter_map(|name| column(name))
        .collect();
    let slashes = SlashRule::of_rows(&rows, &date_columns);
    if let Some(note) = slashes.note() {
        repaired.push(("dates".to_owned(), note));
    }
    for (row, record) in rows {
        let record = match record {
            Ok(record) => record,
            Err(reason) => {
                skipped.push((format!("row {row}"), reason));
                continue;
            }
        };
        let mut cells: Vec<String> = Vec::with_capacity(record.len());
        let mut bad: Option<String> = None;
        for (c, cell) in record.iter().enumerate() {
            let header = headers.get(c).map_or("", String::as_str);
            if cell.len() > MAX_CELL_BYTES {
                bad = Some(format!(
                    "column {} ({header}): a cell of {} bytes, over the {MAX_CELL_BYTES}-byte limit",
                    c + 1,
                    cell.len()
                ));
                break;
            }
            match std::str::from_utf8(cell) {
                Ok(text) => cells.push(text.trim().to_owned()),
                Err(e) => {
                    bad = Some(format!(
                        "column {} ({header}): not UTF-8 text (invalid byte at offset {})",
                        c + 1,
                        e.valid_up_to()
                    ));
                    break;
                }
            }
        }
        if let Some(reason) = bad {
            skipped.push((format!("row {row}"), reason));
            continue;
        }
        if cells.iter().all(String::is_empty) {
            skipped.push((format!("row {row}"), "blank".to_owned()));
            continue;
        }
        if record.len() > headers.len() {
            // Shifted columns: the cells past the header are ignored, as TimelineJS does; the row
            // is imported, repaired, and said.
            repaired.push((
                format!("row {row}"),
                format!(
                    "{} cells for {} columns: the extra cells are ignored (a comma in an unquoted cell?)",
                    record.len(),
                    headers.len()
                ),
            ));
        }
        let cell = |name: &str| {
            column(name)
                .and_then(|c| cells.get(c))
                .map_or("", String::as_str)
        };
        let mut slide = Map::new();
        let start = if legacy {
            match legacy_date(cell("Start Date"), &slashes) {
                Ok(start) => start,
                Err(reason) => {
                    skipped.push((format!("row {row}"), format!("Start Date {reason}")));
                    continue;
                }
            }
        } else if cell("Year").is_empty() {
            None
        } else {
            let mut date = Map::new();
            date.insert("year".into(), json!(clean_integer(cell("Year"))));
            date.insert("month".into(), json!(clean_integer(cell("Month"))));
            date.insert("day".into(), json!(clean_integer(cell("Day"))));
            if !cell("Time").is_empty() {
                time_parts(cell("Time"), &mut date);
            }
            Some(Value::Object(date))
        };
        if let Some(start) = start {
            slide.insert("start_date".into(), start);
        }
        let end = if legacy {
            match legacy_date(cell("End Date"), &slashes) {
                Ok(end) => end,
                Err(reason) => {
                    repaired.push((
                        format!("row {row}"),
                        format!("End Date {reason}: end dropped"),
                    ));
                    None
                }
            }
        } else if cell("End Year").is_empty() {
            None
        } else {
            Some(json!({
                "year": clean_integer(cell("End Year")),
                "month": clean_integer(cell("End Month")),
                "day": clean_integer(cell("End Day")),
            }))
        };
        if let Some(end) = end {
            slide.insert("end_date".into(), end);
        }
        slide.insert(
            "text".into(),
            json!({ "headline": cell("Headline"), "text": cell("Text") }),
        );
        slide.insert("display_date".into(), json!(cell("Display Date")));
        let group = if cell("Group").is_empty() {
            cell("Tag")
        } else {
            cell("Group")
        };
        slide.insert("group".into(), json!(group));
        slide.insert(
            "media".into(),
            json!({ "url": cell("Media"), "credit": cell("Media Credit"), "caption": cell("Media Caption") }),
        );
        match cell("Type") {
            "title" if title.is_none() => title = Some(Value::Object(slide)),
            "era" => {
                eras.push(Value::Object(slide));
                era_rows.push(row);
            }
            _ => {
                events.push(Value::Object(slide));
                event_rows.push(row);
            }
        }
    }
    let mut root = json!({ "events": events, "eras": eras });
    if let Some(title) = title {
        root["title"] = title;
    }
    let locate = |list: &str, i: usize| {
        let rows = if list == "eras" {
            &era_rows
        } else {
            &event_rows
        };
        rows.get(i)
            .map_or_else(|| format!("{list}[{i}]"), |r| format!("row {r}"))
    };
    let (file, mut report) = import_value(&root, &locate)?;
    skipped.append(&mut report.skipped);
    report.skipped = skipped;
    repaired.append(&mut report.notes);
    report.notes = repaired;
    Ok((file, report))
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "Year,Month,Day,Time,End Year,End Month,End Day,End Time,Display Date,Headline,Text,Media,Media Credit,Media Caption,Media Thumbnail,Type,Group,Background\n";

    #[test]
    fn rows_become_slides_title_and_eras() {
        let csv = format!(
            "{HEADER},,,,,,,,,My sheet,intro,,,,,title,,\n\
             1815,12,10,,1852,11,27,,,Ada Lovelace,\"<p>A \"\"first\"\"</p>\",,,,,,People,\n\
             \"1,943\",6,5,14:30,,,,,,The First Computer,,,,,,,,\n\
             1800,,,,1850,,,,,Early,,,,,,era,,\n\
             ,,,,,,,,,,,,,,,,,\n"
        );
        let (file, report) = import(csv.as_bytes()).unwrap();
        assert_eq!(file.title, "My sheet");
        assert_eq!(file.events.len(), 2);
        assert_eq!(file.events[0].title, "Ada Lovelace");
        assert_eq!(file.events[0].summary, "A \"first\"");
        assert_eq!(file.events[0].end.as_deref(), Some("1852-11-27"));
        assert_eq!(file.events[0].actors, ["People"]);
        assert_eq!(file.events[1].date, "1943-06-05");
        assert_eq!(
            file.events[1].date_note.as_deref(),
            Some("time of day in the source: 14:30")
        );
        assert_eq!(file.eras.len(), 1);
        assert_eq!(report.skipped, [("row 6".to_owned(), "blank".to_owned())]);
    }

    #[test]
    fn malformed_rows_are_located_and_the_rest_imports() {
        let mut csv = HEADER.as_bytes().to_vec();
        csv.extend_from_slice(b"2020,1,1,,,,,,,Good,,,,,,,,\n");
        csv.extend_from_slice(b"2020,1,2,,,,,,,Caf\xe9,,,,,,,,\n");
        csv.extend_from_slice(b"2020,1,3,,,,,,,Shifted, with a comma,,,,,,,,,x\n");
        csv.extend_from_slice(b"2020,13,3,,,,,,,Month 13,,,,,,,,\n");
        csv.extend_from_slice(
            format!(
                "2020,1,4,,,,,,,Big,{},,,,,,,\n",
                "x".repeat(MAX_CELL_BYTES + 1)
            )
            .as_bytes(),
        );
        csv.extend_from_slice(b"2020,1,5,,,,,,,\"Unclosed quote,,,,,,,,\n");
        let (file, report) = import(&csv).unwrap();
        let reasons: Vec<String> = report
            .skipped
            .iter()
            .map(|(at, why)| format!("{at}: {why}"))
            .collect();
        assert!(
            reasons
                .iter()
                .any(|r| r.starts_with("row 3: column 10 (Headline): not UTF-8")),
            "{reasons:?}"
        );
        let notes: Vec<String> = report
            .notes
            .iter()
            .map(|(at, why)| format!("{at}: {why}"))
            .collect();
        assert!(
            notes
                .iter()
                .any(|r| r.starts_with("row 4: 20 cells for 18 columns")),
            "imported, repaired and said: {notes:?}"
        );
        assert!(
            reasons
                .iter()
                .any(|r| r == "row 7: unbalanced quotes: a quoted cell is never closed"),
            "{reasons:?}"
        );
        assert!(
            reasons.iter().any(|r| r.starts_with("row 5 start_date:")),
            "{reasons:?}"
        );
        assert!(
            reasons
                .iter()
                .any(|r| r.starts_with("row 6: column 11 (Text): a cell of")),
            "{reasons:?}"
        );
        let titles: Vec<&str> = file.events.iter().map(|e| e.title.as_str()).collect();
        assert!(titles.contains(&"Good"), "{titles:?}");
        assert!(!titles.contains(&"Big"));
    }

    #[test]
    fn legacy_sheets_and_other_tables() {
        let legacy = "Start Date,End Date,Headline,Text,Media,Media Credit,Media Caption,Media Thumbnail,Type,Tag\n\
                      3/14/1948,,Edith Clarke,,,,,,,People\n\
                      1952-05,1953,Compiler,,,,,,,\n";
        let (file, _) = import(legacy.as_bytes()).unwrap();
        assert_eq!(file.events[0].date, "1948-03-14");
        assert_eq!(file.events[0].actors, ["People"]);
        assert_eq!(file.events[1].date, "1952-05");
        assert_eq!(file.events[1].end.as_deref(), Some("1953"));
        assert!(matches!(
            import(b"title,count\na,1\n"),
            Err(ImportError::NotASheet(_))
        ));
    }
}
