//! Bringing timelines in: TimelineJS 3 JSON becomes a `sourceline/1` events file, with a report
//! that accounts for every slide (imported, or skipped with its JSON path and the reason). The
//! claims come in unsourced; their passages are cited afterwards in the editor.

pub mod archive;
pub mod collect;
pub mod extract;
pub mod fetch;
pub mod mapped;
pub mod pdf;
pub mod sheet;
pub mod slashed;
pub mod timelinejs;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// What an import did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// Events imported.
    pub events: usize,
    /// Of them, spans (with an end).
    pub spans: usize,
    /// Eras imported.
    pub eras: usize,
    /// Events with no citation at all (not even a link to an article).
    pub unsourced: usize,
    /// Sources made from article links (a URL, no archived text yet).
    pub sources: usize,
    /// Pending citations made: an event's link to a source, its passage to be chosen.
    pub pending: usize,
    /// Every slide or era left out: where, and why.
    pub skipped: Vec<(String, String)>,
    /// Changes made on the way in: where, and what (an end dropped, a time of day noted).
    pub notes: Vec<(String, String)>,
    /// The encoding the file was read in, when it was not UTF-8 (detected).
    pub read_as: Option<&'static str>,
}

impl ImportReport {
    /// The counts in one line, without a line end; the encoding read when it was not UTF-8.
    pub fn headline(&self) -> String {
        let read_as = self.read_as.map_or_else(String::new, |encoding| {
            format!("; read as {encoding} (not UTF-8: detected, check accented letters)")
        });
        format!(
            "imported {} event(s) ({} span(s), {} without a source), {} era(s), {} source(s) from article links, {} passage(s) to choose; skipped {}{read_as}",
            self.events,
            self.spans,
            self.unsourced,
            self.eras,
            self.sources,
            self.pending,
            self.skipped.len()
        )
    }

    /// The report as lines: the counts, then each skipped item and each note.
    pub fn describe(&self) -> String {
        let mut out = self.headline() + "\n";
        for (path, reason) in &self.skipped {
            let _ = writeln!(out, "skipped {path}: {reason}");
        }
        for (path, note) in &self.notes {
            let _ = writeln!(out, "note {path}: {note}");
        }
        out
    }
}

/// True for the HTML elements that stand apart from the text around them (a paragraph, a
/// heading, a list item, a quote, a table row or cell), for both walks that make text of HTML:
/// imported slides and extracted articles.
fn is_html_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "li"
            | "ul"
            | "ol"
            | "dl"
            | "dt"
            | "dd"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "blockquote"
            | "pre"
            | "hr"
            | "table"
            | "tr"
            | "td"
            | "th"
            | "section"
            | "article"
            | "header"
            | "footer"
            | "main"
            | "figure"
            | "figcaption"
            | "body"
            | "html"
    )
}

/// Largest file imported: a TimelineJS timeline or sheet is a few megabytes at most.
pub const MAX_IMPORT_BYTES: u64 = 64 * 1024 * 1024;

/// An import written: where, and what it did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Imported {
    /// The events file written.
    pub events_file: PathBuf,
    /// What came in and what was left out.
    pub report: ImportReport,
}

/// Why nothing was written: each says which file (or option) and what was expected.
#[derive(Debug, thiserror::Error)]
pub enum ImportFailure {
    /// The file is over [`MAX_IMPORT_BYTES`].
    #[error("{}: {size} bytes, over the {MAX_IMPORT_BYTES}-byte import limit", file.display())]
    TooLarge {
        /// The file.
        file: PathBuf,
        /// Its size.
        size: u64,
    },
    /// The file cannot be read.
    #[error("{}: cannot read it: {reason}", file.display())]
    Unreadable {
        /// The file.
        file: PathBuf,
        /// What the system said.
        reason: String,
    },
    /// Not text in UTF-8 or a detected encoding (UTF-16 named, binary).
    #[error("{}: {reason}", file.display())]
    NotText {
        /// The file.
        file: PathBuf,
        /// What it is instead.
        reason: crate::load::decode::DecodeError,
    },
    /// The `--map` option does not parse.
    #[error("--map: {0}")]
    Map(String),
    /// The file is not a timeline this importer reads.
    #[error("{}: {error}", file.display())]
    Refused {
        /// The file.
        file: PathBuf,
        /// Why.
        error: ImportError,
    },
    /// The events file cannot be written (it exists, say: an import never writes over one).
    #[error("{}: cannot write: {reason}", file.display())]
    Write {
        /// The events file.
        file: PathBuf,
        /// What the system (or the serialiser) said.
        reason: String,
    },
}

/// The folder an import of `file` goes into when none is given: `NAME-sourceline` beside
/// `beside` (the current folder for the command line, the file's own folder for the window).
pub fn default_folder(file: &Path, beside: &Path) -> PathBuf {
    let stem = file
        .file_stem()
        .map_or_else(|| "imported".into(), |s| s.to_string_lossy());
    beside.join(format!("{stem}-sourceline"))
}

/// Imports TimelineJS 3 JSON, a TimelineJS spreadsheet as CSV (by its `.csv` name), or with
/// `map` (`--map`) any other table, into `folder/events.json`, never over an existing file.
///
/// # Errors
/// An [`ImportFailure`] naming the file and what was expected; nothing is written then.
pub fn import_file(
    file: &Path,
    folder: &Path,
    map: Option<&str>,
) -> Result<Imported, ImportFailure> {
    let bytes = match crate::load::read::read_file_capped(file, MAX_IMPORT_BYTES) {
        Ok(bytes) => bytes,
        Err(crate::load::read::ReadError::TooLarge { size, .. }) => {
            return Err(ImportFailure::TooLarge {
                file: file.to_owned(),
                size,
            });
        }
        Err(e) => {
            return Err(ImportFailure::Unreadable {
                file: file.to_owned(),
                reason: e.to_string(),
            });
        }
    };
    // Decoded once for every format: a byte order mark dropped, a legacy encoding detected.
    let (text, read_as) =
        crate::load::decode::import_text(&bytes).map_err(|reason| ImportFailure::NotText {
            file: file.to_owned(),
            reason,
        })?;
    let bytes = text.as_bytes();
    let is_csv = file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    let imported = if let Some(map) = map {
        let map = mapped::parse_map(map).map_err(ImportFailure::Map)?;
        mapped::import(bytes, &map)
    } else if is_csv {
        sheet::import(bytes)
    } else {
        timelinejs::import(&text)
    };
    let (events_file, mut report) = imported.map_err(|error| ImportFailure::Refused {
        file: file.to_owned(),
        error,
    })?;
    report.read_as = read_as;
    let target = folder.join("events.json");
    let write_error = |reason: String| ImportFailure::Write {
        file: target.clone(),
        reason,
    };
    let json =
        serde_json::to_string_pretty(&events_file).map_err(|e| write_error(e.to_string()))? + "\n";
    std::fs::create_dir_all(folder)
        .and_then(|()| crate::edit::save::write_new(&target, json.as_bytes()))
        .map_err(|e| write_error(e.to_string()))?;
    Ok(Imported {
        events_file: target,
        report,
    })
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
