//! The open events file over time: background loads with progress, file following, change
//! summaries, and the rule that a bad file never replaces a good timeline. No egui types: the
//! window and the tests drive the same [`Document`].

pub mod changes;
pub mod editing;
pub mod follower;
pub mod job;
pub mod latest;
pub mod merge;
pub mod pages;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::SystemTime;

pub use changes::ChangeSummary;
pub use follower::{DEBOUNCE, Follower};
pub use job::{Finished, Job, Loader};

use crate::edit::history::History;
use crate::load::diagnostic::{Diagnostic, Severity};
use crate::load::{LoadError, Loaded};
use crate::model::Timeline;

/// What a finished load did to the document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The new timeline replaced the old one.
    Replaced(ChangeSummary),
    /// The file was refused; the previous timeline stays.
    Refused,
    /// The load was cancelled; nothing changed.
    Cancelled,
}

/// The open events file: the timeline on screen and what the last load said about it.
#[derive(Clone, Debug)]
pub struct Document {
    /// The file, or `None` for the bundled timeline.
    pub path: Option<PathBuf>,
    /// The timeline on screen: always the last one that loaded.
    pub timeline: Arc<Timeline>,
    /// Warnings of the timeline on screen.
    pub warnings: Vec<Diagnostic>,
    /// Errors of the last load, when it was refused; cleared by the next good load.
    pub error: Option<LoadError>,
    /// What the last good reload changed; cleared when dismissed.
    pub changes: Option<ChangeSummary>,
    /// When the timeline on screen was loaded.
    pub loaded_at: SystemTime,
    /// The edits of this session, for undo and redo, and whether the text on screen is saved.
    pub history: History,
    /// A hash of the events file as it is on disk (as last loaded or saved), to tell a change
    /// by someone else from our own save coming back.
    pub disk_hash: u64,
}

/// The hash [`Document::disk_hash`] keeps.
pub fn text_hash(text: &str) -> u64 {
    use std::hash::{Hash as _, Hasher as _};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut hasher);
    hasher.finish()
}

impl Document {
    /// A document showing `loaded`, read from `path`.
    pub fn new(path: Option<PathBuf>, loaded: Loaded) -> Self {
        let disk_hash = text_hash(loaded.timeline.text.file());
        Self {
            disk_hash,
            path,
            timeline: Arc::new(loaded.timeline),
            warnings: loaded.diagnostics,
            error: None,
            changes: None,
            loaded_at: SystemTime::now(),
            history: History::new(),
        }
    }

    /// Takes in a finished load of `path`. Success replaces the timeline (with a change summary
    /// when it is the same file); failure keeps the timeline and records the errors.
    pub fn accept(&mut self, path: PathBuf, result: Result<Loaded, LoadError>) -> Outcome {
        match result {
            Ok(loaded) => {
                let same_file = self.path.as_deref() == Some(path.as_path());
                // Our own save coming back (or an article changing under the same text) keeps
                // the undo history: its splices still fit the text.
                let same_text = same_file && loaded.timeline.text.file() == self.text();
                let summary = ChangeSummary::between(&self.timeline, &loaded.timeline);
                // A reload that changed nothing keeps the marks of the last one until dismissed.
                if !same_file {
                    self.changes = None;
                } else if !summary.is_empty() {
                    self.changes = Some(summary.clone());
                }
                self.timeline = Arc::new(loaded.timeline);
                self.disk_hash = text_hash(self.text());
                self.warnings = loaded.diagnostics;
                self.error = None;
                self.path = Some(path);
                self.loaded_at = SystemTime::now();
                if !same_text {
                    // What is on screen is now what is on disk.
                    self.history = History::new();
                }
                Outcome::Replaced(summary)
            }
            Err(error) => {
                if error
                    .diagnostics
                    .iter()
                    .any(|d| d.problem == crate::load::diagnostic::Problem::Cancelled)
                {
                    return Outcome::Cancelled;
                }
                self.error = Some(error);
                Outcome::Refused
            }
        }
    }

    /// The files whose changes should trigger a reload: the events file and its articles.
    pub fn followed_files(&self) -> Vec<PathBuf> {
        let mut files: Vec<PathBuf> = self.path.iter().cloned().collect();
        if self.path.is_some() {
            files.extend(
                self.timeline
                    .sources
                    .iter()
                    .filter(|s| s.record.file.is_some())
                    .map(|s| s.path.clone()),
            );
        }
        files
    }

    /// The errors of the last refused load, if any.
    pub fn errors(&self) -> Vec<&Diagnostic> {
        self.error
            .iter()
            .flat_map(|e| &e.diagnostics)
            .filter(|d| d.severity == Severity::Error)
            .collect()
    }
}
