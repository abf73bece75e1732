//! Bringing timelines in: TimelineJS 3 JSON becomes a `sourceline/1` events file, with a report
//! that accounts for every slide (imported, or skipped with its JSON path and the reason). The
//! claims come in unsourced; their passages are cited afterwards in the editor.

pub mod mapped;
pub mod sheet;
pub mod timelinejs;

use std::fmt::Write as _;

/// What an import did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// Events imported.
    pub events: usize,
    /// Of them, spans (with an end).
    pub spans: usize,
    /// Eras imported.
    pub eras: usize,
    /// Events no passage cites yet (all of them, from TimelineJS).
    pub unsourced: usize,
    /// Sources made from media links (a URL, no archived text).
    pub sources: usize,
    /// Every slide or era left out: where, and why.
    pub skipped: Vec<(String, String)>,
    /// Changes made on the way in: where, and what (an end dropped, a time of day noted).
    pub notes: Vec<(String, String)>,
}

impl ImportReport {
    /// The report as lines: the counts, then each skipped item and each note.
    pub fn describe(&self) -> String {
        let mut out = format!(
            "imported {} event(s) ({} span(s), {} unsourced), {} era(s), {} source(s) from media links; skipped {}\n",
            self.events,
            self.spans,
            self.unsourced,
            self.eras,
            self.sources,
            self.skipped.len()
        );
        for (path, reason) in &self.skipped {
            let _ = writeln!(out, "skipped {path}: {reason}");
        }
        for (path, note) in &self.notes {
            let _ = writeln!(out, "note {path}: {note}");
        }
        out
    }
}

/// Largest file imported: a TimelineJS timeline or sheet is a few megabytes at most.
pub const MAX_IMPORT_BYTES: u64 = 64 * 1024 * 1024;

/// `sourceline import FILE [--out DIR]`: imports TimelineJS 3 JSON, or a TimelineJS
/// spreadsheet as CSV (by its `.csv` name), into `DIR/events.json`
/// (default: `NAME-sourceline/` in the current folder), never over an existing file; prints the
/// report.
pub fn command(
    file: &std::path::Path,
    out: Option<&std::path::Path>,
) -> crate::edit::commands::Outcome {
    command_mapped(file, out, None)
}

/// [`command`], with a column mapping (`--map`) for a table that is not a TimelineJS sheet.
pub fn command_mapped(
    file: &std::path::Path,
    out: Option<&std::path::Path>,
    map: Option<&str>,
) -> crate::edit::commands::Outcome {
    use crate::edit::commands::Outcome;
    let refused = |output: String| Outcome {
        output,
        exit_code: 1,
    };
    let bytes = match crate::load::read::read_file_capped(file, MAX_IMPORT_BYTES) {
        Ok(bytes) => bytes,
        Err(crate::load::read::ReadError::TooLarge { size, .. }) => {
            return refused(format!(
                "{}: {size} bytes, over the {MAX_IMPORT_BYTES}-byte import limit\n",
                file.display()
            ));
        }
        Err(e) => return refused(format!("{}: cannot read it: {e}\n", file.display())),
    };
    let is_csv = file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    let imported = if let Some(map) = map {
        match mapped::parse_map(map) {
            Ok(map) => mapped::import(&bytes, &map),
            Err(e) => return refused(format!("--map: {e}\n")),
        }
    } else if is_csv {
        sheet::import(&bytes)
    } else {
        match std::str::from_utf8(&bytes) {
            Ok(text) => timelinejs::import(text),
            Err(e) => {
                return refused(format!(
                    "{}: expected UTF-8 text, found an invalid byte at offset {}\n",
                    file.display(),
                    e.valid_up_to()
                ));
            }
        }
    };
    let (events_file, report) = match imported {
        Ok(done) => done,
        Err(e) => return refused(format!("{}: {e}\n", file.display())),
    };
    let folder = out.map_or_else(
        || {
            let stem = file
                .file_stem()
                .map_or_else(|| "imported".into(), |s| s.to_string_lossy());
            std::path::PathBuf::from(format!("{stem}-sourceline"))
        },
        std::path::Path::to_path_buf,
    );
    let target = folder.join("events.json");
    let json = match serde_json::to_string_pretty(&events_file) {
        Ok(json) => json + "\n",
        Err(e) => return refused(format!("cannot write the events file: {e}\n")),
    };
    if let Err(e) = std::fs::create_dir_all(&folder)
        .and_then(|()| crate::edit::save::write_new(&target, json.as_bytes()))
    {
        return refused(format!("{}: cannot write: {e}\n", target.display()));
    }
    Outcome {
        output: format!("{}{}\n", report.describe(), target.display()),
        exit_code: 0,
    }
}

/// Why a file cannot be imported at all.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    /// Not JSON.
    #[error("not JSON: {0}")]
    NotJson(String),
    /// A shape that is not TimelineJS 3, named.
    #[error(
        "this is {0}, not TimelineJS 3 JSON: open it in TimelineJS's converter or re-export it"
    )]
    Legacy(&'static str),
    /// A CSV that is not a TimelineJS spreadsheet.
    #[error("not a TimelineJS spreadsheet: {0}")]
    NotASheet(String),
    /// JSON of another shape.
    #[error("expected TimelineJS 3 JSON (an object with an \"events\" array), found {0}")]
    Shape(String),
}
