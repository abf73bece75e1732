//! Timelines in and out from the window: File > Import TimelineJS… and File > Export what is
//! shown. The work is the command line's (`crate::import`, `crate::export`); this is where the
//! window's state takes in what it did.

use std::path::Path;

use super::SourcelineApp;
use super::command::Command;

impl SourcelineApp {
    /// Imports a TimelineJS file into `NAME-sourceline/events.json` beside it and opens that.
    pub(super) fn import(&mut self, path: &Path, now: f64) {
        let folder = path.parent().unwrap_or(Path::new(".")).join(format!(
            "{}-sourceline",
            path.file_stem()
                .map_or_else(|| "imported".into(), |s| s.to_string_lossy())
        ));
        let outcome = crate::import::command(path, Some(&folder));
        let summary = outcome.output.lines().next().unwrap_or_default().to_owned();
        if outcome.exit_code == 0 {
            log::info!("{}", outcome.output);
            self.state.notice = Some(format!("Imported: {summary}"));
            self.apply(Command::LoadFile(folder.join("events.json")), now);
        } else {
            log::warn!("{}", outcome.output);
            self.state.notice = Some(format!("Not imported: {summary}"));
        }
    }

    /// Writes what the filter shows, in `format`, beside the events file
    /// (`events.brief.md`, `events.timelinejs.json`, `events.citations.csv`).
    pub(super) fn export(&mut self, format: crate::export::Format) {
        let state = &mut self.state;
        let Some(path) = state.document.path.clone() else {
            state.notice =
                Some("Save as… first: the export goes beside the events file.".to_owned());
            return;
        };
        state.refresh_derived();
        let ending = match format {
            crate::export::Format::Markdown => "brief.md",
            crate::export::Format::Timelinejs => "timelinejs.json",
            crate::export::Format::Csv => "citations.csv",
        };
        let stem = path
            .file_stem()
            .map_or_else(|| "events".into(), |s| s.to_string_lossy());
        let target = path.with_file_name(format!("{stem}.{ending}"));
        let written =
            crate::export::export(&state.document.timeline, &state.derived.passing, format)
                .and_then(|text| {
                    crate::edit::save::write_atomically(&target, text.as_bytes())
                        .map_err(|e| e.to_string())
                });
        state.notice = Some(match written {
            Ok(()) => format!(
                "Exported {} event(s) to {}.",
                state.derived.passing.len(),
                target.display()
            ),
            Err(e) => format!("Not exported: {e}."),
        });
    }
}
