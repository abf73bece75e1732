//! The open events file over time: background loads with progress, file following, change
//! summaries, and the rule that a bad file never replaces a good timeline. No egui types: the
//! window and the tests drive the same [`Document`].

pub mod applying;
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
pub use follower::{DEBOUNCE, Followed, Follower};
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
    path: Option<PathBuf>,
    /// The timeline on screen: always the last one that loaded.
    timeline: Arc<Timeline>,
    /// Warnings of the timeline on screen.
    warnings: Vec<Diagnostic>,
    /// Errors of the last load, when it was refused; cleared by the next good load.
    error: Option<LoadError>,
    /// What the last good reload changed; cleared when dismissed.
    changes: Option<ChangeSummary>,
    /// When the timeline on screen was loaded.
    loaded_at: SystemTime,
    /// The edits of this session, for undo and redo, and whether the text on screen is saved.
    history: History,
    /// A hash of the events file as it is on disk (as last loaded or saved), to tell a change
    /// by someone else from our own save coming back.
    disk_hash: u64,
    /// Operations recorded and not yet handed to a batch.
    queued: Vec<applying::Op>,
    /// The batch being applied: its number and its operations.
    in_flight: Option<(u64, Vec<applying::Op>)>,
    /// Batches handed out so far: a batch's result is taken only while it is the one in flight.
    batches: u64,
}

/// The files whose changes should trigger a reload of `timeline`, read from `path`: the events
/// file and its articles (nothing for the bundled timeline).
pub fn followed_files(path: Option<&std::path::Path>, timeline: &Timeline) -> Vec<PathBuf> {
    let Some(path) = path else {
        return Vec::new();
    };
    std::iter::once(path.to_path_buf())
        .chain(
            timeline
                .sources
                .iter()
                .filter(|s| s.record.file.is_some())
                .map(|s| s.path.clone()),
        )
        .collect()
}

/// The hash [`Document::disk_hash`] keeps.
pub use crate::edit::save::text_hash;

/// A good load made ready to replace the timeline on screen: its change summary and the hash
/// of its text, computed where the load ran (a pass over a million events is seconds, too long
/// for a frame).
#[derive(Debug)]
pub struct Incoming {
    /// The events file.
    pub path: PathBuf,
    /// The new timeline.
    pub timeline: Arc<Timeline>,
    /// Its warnings.
    pub diagnostics: Vec<Diagnostic>,
    /// [`text_hash`] of its text.
    pub text_hash: u64,
    /// What changed from `base`, when it is a timeline of the same file (else empty).
    pub summary: ChangeSummary,
    /// The timeline the summary was computed against.
    base: Arc<Timeline>,
}

impl Incoming {
    /// Prepares `loaded` (read from `path`) to replace `base`, the timeline read from
    /// `base_path`.
    pub fn new(
        path: PathBuf,
        loaded: Loaded,
        base: &Arc<Timeline>,
        base_path: Option<&std::path::Path>,
    ) -> Self {
        let summary = if base_path == Some(path.as_path()) {
            ChangeSummary::between(base, &loaded.timeline)
        } else {
            ChangeSummary::default()
        };
        Self {
            path,
            text_hash: text_hash(loaded.timeline.text.file()),
            timeline: Arc::new(loaded.timeline),
            diagnostics: loaded.diagnostics,
            summary,
            base: Arc::clone(base),
        }
    }
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
            queued: Vec::new(),
            in_flight: None,
            batches: 0,
        }
    }

    /// Replaces the timeline with a good load (its summary and hash computed elsewhere,
    /// against the timeline on screen then; recomputed here if that is no longer it) and
    /// returns what changed.
    pub fn replace(&mut self, incoming: Incoming) -> ChangeSummary {
        let Incoming {
            path,
            timeline,
            diagnostics,
            text_hash,
            summary,
            base,
        } = incoming;
        let same_file = self.path.as_deref() == Some(path.as_path());
        let summary = if !same_file || Arc::ptr_eq(&base, &self.timeline) {
            summary
        } else {
            ChangeSummary::between(&self.timeline, &timeline)
        };
        drop(base);
        // Our own save coming back (or an article changing under the same text) keeps the undo
        // history: its splices still fit the text. (Texts of different lengths, as after most
        // changes, are told apart without reading them.)
        let same_text = same_file && timeline.text.file() == self.text();
        // A reload that changed nothing keeps the marks of the last one until dismissed.
        if !same_file {
            self.changes = None;
        } else if !summary.is_empty() {
            self.changes = Some(summary.clone());
        }
        self.timeline = timeline;
        self.disk_hash = text_hash;
        self.warnings = diagnostics;
        self.error = None;
        self.path = Some(path);
        self.loaded_at = SystemTime::now();
        if !same_text {
            // What is on screen is now what is on disk.
            self.history = History::new();
            self.drop_pending();
        }
        summary
    }

    /// Takes in a load that failed: the timeline stays.
    pub fn refuse(&mut self, error: LoadError) -> Outcome {
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

    /// The files whose changes should trigger a reload: the events file and its articles.
    pub fn followed_files(&self) -> Vec<PathBuf> {
        followed_files(self.path.as_deref(), &self.timeline)
    }

    /// The file, or `None` for the bundled timeline.
    pub fn path(&self) -> Option<&std::path::Path> {
        self.path.as_deref()
    }

    /// The timeline on screen: always the last one that loaded.
    pub fn timeline(&self) -> &Arc<Timeline> {
        &self.timeline
    }

    /// Warnings of the timeline on screen.
    pub fn warnings(&self) -> &[Diagnostic] {
        &self.warnings
    }

    /// The errors of the last load, when it was refused; cleared by the next good load.
    pub fn error(&self) -> Option<&LoadError> {
        self.error.as_ref()
    }

    /// What the last good reload changed, until dismissed.
    pub fn changes(&self) -> Option<&ChangeSummary> {
        self.changes.as_ref()
    }

    /// Forgets what the last reload changed (its marks go with it).
    pub fn dismiss_changes(&mut self) {
        self.changes = None;
    }

    /// When the timeline on screen was loaded.
    pub fn loaded_at(&self) -> SystemTime {
        self.loaded_at
    }

    /// The edits of this session, for undo and redo.
    pub fn history(&self) -> &History {
        &self.history
    }

    /// A hash of the events file as last loaded or saved, to tell a change by someone else
    /// from our own save coming back.
    pub fn disk_hash(&self) -> u64 {
        self.disk_hash
    }

    /// Drops every edit not saved, made or waiting: what is on disk is what counts now (the
    /// user chose to discard them, or to take the file as someone else changed it).
    pub fn discard_edits(&mut self) {
        self.drop_pending();
        self.history = History::new();
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

/// Documents for the tests of this stage.
#[cfg(test)]
pub(crate) mod fixture {
    /// A document of [`crate::load::fixture::small_folder`]`(name)`, as the window opens it.
    ///
    /// # Panics
    /// When it does not load.
    pub(crate) fn small_document(name: &str) -> super::Document {
        let path = crate::load::fixture::small_folder(name);
        let loaded = crate::load::load(&path).unwrap();
        super::Document::new(Some(path), loaded)
    }
}
