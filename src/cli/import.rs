//! `sourceline import`: a TimelineJS timeline or another table as a new events file.

use std::path::Path;

use super::Outcome;
use crate::import::{default_folder, import_file};

/// `sourceline import FILE [--out DIR] [--map …]`: imports into `DIR/events.json` (default:
/// `NAME-sourceline/` in the current folder), never over an existing file; prints the report,
/// then the file written.
pub fn import(file: &Path, out: Option<&Path>, map: Option<&str>) -> Outcome {
    let folder = out.map_or_else(|| default_folder(file, Path::new("")), Path::to_path_buf);
    match import_file(file, &folder, map) {
        Ok(imported) => Outcome::done(format!(
            "{}{}\n",
            imported.report.describe(),
            imported.events_file.display()
        )),
        Err(failure) => Outcome::refused(format!("{failure}\n")),
    }
}
