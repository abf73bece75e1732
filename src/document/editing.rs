//! Editing the open document: each edit is planned as a splice of the file's text, the new text
//! is loaded (so an edit that would break the file is refused with located errors, and the
//! timeline on screen stays), and recorded for undo. Saving writes the text as it is. Each is an
//! operation ([`Op`]) made in batches (`applying.rs`): off the UI thread for a large file, at
//! once (`run_now`, and the methods named after each operation) for a small one.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use super::Document;
use super::applying::{Applied, Batch, Op, OpFailure, apply_batch};
use crate::edit::save::{SaveError, text_hash_on_disk, write_new};
use crate::edit::{Edit, EditError};
use crate::load::LoadError;
use crate::load::bundled::ARTICLES;

/// Why an edit was not made.
#[derive(Debug, thiserror::Error)]
pub enum EditFailure {
    /// It could not be planned.
    #[error(transparent)]
    Plan(#[from] EditError),
    /// It would make the file fail to load: nothing changed.
    #[error("the edit would leave the file with {} error(s)", .0.error_count())]
    Invalid(Box<LoadError>),
}

impl EditFailure {
    /// The located errors, when the edited file would not load.
    pub fn load_error(&self) -> Option<&LoadError> {
        match self {
            Self::Invalid(error) => Some(error),
            Self::Plan(_) => None,
        }
    }
}

impl Document {
    /// The events file's text as it stands (with any unsaved edits).
    pub fn text(&self) -> &str {
        self.timeline.text.file()
    }

    /// True when there are edits not saved to the file, counting those not made yet.
    pub fn is_dirty(&self) -> bool {
        self.history.is_dirty()
            || self
                .pending_ops()
                .any(|op| matches!(op, Op::Edit(_) | Op::Undo | Op::Redo))
    }

    /// True when the document cannot be saved in place (the bundled timeline): "Save as".
    pub fn is_read_only(&self) -> bool {
        self.path.is_none()
    }

    /// Records `op`, to be made by the next batch ([`Self::take_batch`], or [`Self::run_now`]).
    /// From now on the document counts it: it is dirty, and Undo and Redo are labelled as if it
    /// were made.
    pub fn push_op(&mut self, op: Op) {
        self.queued.push(op);
    }

    /// True while operations wait or are being applied: the timeline shown is not the newest
    /// text yet.
    pub fn is_applying(&self) -> bool {
        self.in_flight.is_some() || !self.queued.is_empty()
    }

    /// True while a save waits or is being made.
    pub fn is_saving(&self) -> bool {
        self.pending_ops().any(|op| *op == Op::Save)
    }

    /// Operations recorded and not yet made: the batch in flight's, then those queued.
    fn pending_ops(&self) -> impl Iterator<Item = &Op> {
        self.in_flight
            .iter()
            .flat_map(|(_, ops)| ops)
            .chain(&self.queued)
    }

    /// Forgets operations not made yet (their batch's result, if it comes, is not taken).
    pub fn drop_pending(&mut self) {
        self.queued.clear();
        self.in_flight = None;
    }

    /// The operations waiting, as a batch over the timeline shown, with its number for
    /// [`Self::finish_batch`]; `None` while a batch is in flight (the next one starts from its
    /// result) or nothing waits.
    pub fn take_batch(&mut self) -> Option<(u64, Batch)> {
        if self.in_flight.is_some() || self.queued.is_empty() {
            return None;
        }
        let ops = std::mem::take(&mut self.queued);
        self.batches += 1;
        self.in_flight = Some((self.batches, ops.clone()));
        Some((
            self.batches,
            Batch {
                base: Arc::clone(&self.timeline),
                history: self.history.clone(),
                path: self.path.clone(),
                ops,
                disk_hash: self.disk_hash,
            },
        ))
    }

    /// Takes in what batch `number` did: its timeline (when the text changed) and history. Each
    /// operation comes back with its outcome; `None` when the batch is no longer wanted.
    pub fn finish_batch(
        &mut self,
        number: u64,
        applied: Applied,
    ) -> Option<Vec<(Op, Result<(), OpFailure>)>> {
        if self.in_flight.as_ref().map(|(n, _)| *n) != Some(number) {
            return None;
        }
        self.in_flight = None;
        self.history = applied.history;
        if let Some(loaded) = applied.loaded {
            self.timeline = Arc::new(loaded.timeline);
            self.warnings = loaded.diagnostics;
            self.error = None;
        }
        if let Some(hash) = applied.saved_hash {
            self.disk_hash = hash;
            self.loaded_at = SystemTime::now();
        }
        Some(applied.results)
    }

    /// Makes every operation waiting now, on this thread; each with its outcome.
    pub fn run_now(&mut self) -> Vec<(Op, Result<(), OpFailure>)> {
        let mut results = Vec::new();
        while let Some((number, batch)) = self.take_batch() {
            results.extend(
                self.finish_batch(number, apply_batch(batch))
                    .unwrap_or_default(),
            );
        }
        results
    }

    /// Makes `op` now; its outcome.
    fn run_op(&mut self, op: Op) -> Result<(), OpFailure> {
        self.push_op(op);
        self.run_now().pop().map_or(Ok(()), |(_, result)| result)
    }

    /// What Undo and Redo would do now, counting the operations not made yet.
    pub fn undo_redo_labels(&self) -> (Option<String>, Option<String>) {
        let (mut done, mut undone) = self.history.labels();
        for op in self.pending_ops() {
            match op {
                Op::Edit(edit) => {
                    done.push(edit.describe());
                    undone.clear();
                }
                Op::Undo => undone.extend(done.pop()),
                Op::Redo => done.extend(undone.pop()),
                Op::Save | Op::Reanchor => {}
            }
        }
        (done.pop(), undone.pop())
    }

    /// How many edits are not saved, counting those not made yet.
    pub fn unsaved_count(&self) -> usize {
        let pending = self
            .pending_ops()
            .filter(|op| matches!(op, Op::Edit(_)))
            .count();
        self.history.unsaved_edits().len() + pending
    }

    /// True when the events file on disk is not the one last loaded or saved: someone else
    /// changed it. (Our own save coming back, or an article changing, leaves it the same.)
    pub fn changed_on_disk(&self) -> bool {
        let Some(path) = &self.path else {
            return false;
        };
        !matches!(text_hash_on_disk(path), Ok(Some(hash)) if hash == self.disk_hash)
    }

    /// Takes the version of the events file now on disk as the one the next save may replace:
    /// "keep mine" after someone else wrote it. (A save otherwise refuses to write over a
    /// version it did not load.)
    pub fn adopt_disk_version(&mut self) {
        if let Some(Ok(Some(hash))) = self.path.as_deref().map(text_hash_on_disk) {
            self.disk_hash = hash;
        }
    }

    /// Loads the text as it stands again, for articles that changed on disk: edits stay, and
    /// the passages are anchored in the new text.
    ///
    /// # Errors
    /// When the text no longer loads with the new articles; nothing changes then.
    pub fn refresh_articles(&mut self) -> Result<(), OpFailure> {
        self.run_op(Op::Reanchor)
    }

    /// Makes `edit`, recorded for undo.
    ///
    /// # Errors
    /// When it cannot be planned or the result would not load; nothing changes then.
    pub fn apply_edit(&mut self, edit: Edit) -> Result<(), OpFailure> {
        self.run_op(Op::Edit(edit))
    }

    /// Undoes the last edit; `Ok(false)` when there is none.
    ///
    /// # Errors
    /// When the text before it no longer loads (an article changed on disk meanwhile).
    pub fn undo(&mut self) -> Result<bool, OpFailure> {
        match self.run_op(Op::Undo) {
            Err(OpFailure::Nothing(_)) => Ok(false),
            other => other.map(|()| true),
        }
    }

    /// Redoes the last undone edit; `Ok(false)` when there is none.
    ///
    /// # Errors
    /// When the text after it no longer loads.
    pub fn redo(&mut self) -> Result<bool, OpFailure> {
        match self.run_op(Op::Redo) {
            Err(OpFailure::Nothing(_)) => Ok(false),
            other => other.map(|()| true),
        }
    }

    /// Saves the text in place (checked by the loader, written atomically).
    ///
    /// # Errors
    /// When there is no file (the bundled timeline: use [`Document::save_as`]), the text would
    /// not load, or writing failed. The file on disk is untouched then.
    pub fn save(&mut self) -> Result<(), OpFailure> {
        self.run_op(Op::Save)
    }

    /// Writes the text as `folder/events.json`, with every bundled article it cites beside it
    /// when this is the bundled timeline, and makes that file the document's. Never overwrites:
    /// a folder that already has an `events.json` is refused.
    ///
    /// # Errors
    /// When a file exists or cannot be written.
    pub fn save_as(&mut self, folder: &Path) -> Result<PathBuf, SaveError> {
        let io = |path: &Path, e: &std::io::Error| SaveError::Io {
            path: path.to_owned(),
            reason: e.to_string(),
        };
        let path = folder.join("events.json");
        if path.exists() {
            return Err(SaveError::Io {
                path,
                reason: "an events.json is already there; choose an empty folder".to_owned(),
            });
        }
        // The articles first: an events file is only written once what it cites is there.
        if self.path.is_none() {
            for (relative, text) in ARTICLES {
                let target = folder.join(relative);
                if let Some(parent) = target.parent() {
                    std::fs::create_dir_all(parent).map_err(|e| io(parent, &e))?;
                }
                match write_new(&target, text.as_bytes()) {
                    Ok(()) => {}
                    // The same article from an earlier Save as: fine; anything else is not ours.
                    Err(_)
                        if crate::load::read::read_file_capped(&target, text.len() as u64)
                            .is_ok_and(|b| b == text.as_bytes()) => {}
                    Err(e) => return Err(io(&target, &e)),
                }
            }
        }
        let loaded = crate::edit::save::check_text(self.text(), &path)
            .map_err(|e| SaveError::Invalid(Box::new(e)))?;
        write_new(&path, self.text().as_bytes()).map_err(|e| io(&path, &e))?;
        self.path = Some(path.clone());
        self.timeline = Arc::new(loaded.timeline);
        self.disk_hash = super::text_hash(self.text());
        self.warnings = loaded.diagnostics;
        self.history.mark_saved();
        self.loaded_at = SystemTime::now();
        Ok(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::fixture::small_document;
    use crate::load::bundled::load_bundled;
    use crate::load::fixture::SMALL_EVENTS as EVENTS_JSON;
    use crate::model::event_record;

    fn bundled() -> Document {
        Document::new(None, load_bundled().unwrap())
    }

    #[test]
    fn edits_undo_and_redo_round_trip_the_text() {
        let mut doc = small_document("round-trip");
        let riyadh = doc.timeline.index_of("riyadh-talks").unwrap();
        let mut record = event_record(&doc.timeline, &doc.timeline.events[riyadh]);
        record.title = "Riyadh talks".to_owned();
        doc.apply_edit(Edit::UpdateEvent(record.clone())).unwrap();
        record.id = "riyadh-2".to_owned();
        doc.apply_edit(Edit::AddEvent(record)).unwrap();
        doc.apply_edit(Edit::DeleteEvent("budapest-memorandum".to_owned()))
            .unwrap();
        assert!(doc.is_dirty());
        assert_eq!(doc.timeline.events.len(), 8);
        let edited = doc.text().to_owned();
        for _ in 0..3 {
            assert!(doc.undo().unwrap());
        }
        assert!(!doc.undo().unwrap());
        assert_eq!(doc.text(), EVENTS_JSON);
        assert!(!doc.is_dirty());
        for _ in 0..3 {
            assert!(doc.redo().unwrap());
        }
        assert!(!doc.redo().unwrap());
        assert_eq!(doc.text(), edited);
        let index = doc.timeline.index_of("riyadh-talks").unwrap();
        assert_eq!(
            doc.timeline.events[index].title(&doc.timeline),
            "Riyadh talks"
        );
    }

    #[test]
    fn an_edit_that_would_break_the_file_changes_nothing() {
        let mut doc = small_document("breaking-edit");
        let riyadh = doc.timeline.index_of("riyadh-talks").unwrap();
        let mut record = event_record(&doc.timeline, &doc.timeline.events[riyadh]);
        record.citations[0].source = "no-such-source".to_owned();
        let failure = doc.apply_edit(Edit::UpdateEvent(record)).unwrap_err();
        let error = failure.load_error().unwrap();
        assert!(
            error.diagnostics[0].to_string().contains("no-such-source"),
            "{error:?}"
        );
        assert_eq!(doc.text(), EVENTS_JSON);
        assert!(!doc.is_dirty());
        assert!(doc.history.undo_label().is_none());
    }

    #[test]
    fn the_bundled_timeline_saves_as_a_folder_of_its_own() {
        let dir = std::env::temp_dir().join(format!("sourceline-saveas-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let mut doc = bundled();
        assert!(doc.save().is_err(), "read-only");
        doc.apply_edit(Edit::DeleteEvent("budapest-memorandum".to_owned()))
            .unwrap();
        let path = doc.save_as(&dir).unwrap();
        assert!(!doc.is_dirty());
        let reloaded = crate::load::load(&path).unwrap();
        assert_eq!(reloaded.timeline.events.len(), 38);
        // In place from now on, and never over an existing events.json.
        doc.apply_edit(Edit::DeleteEvent("riyadh-talks".to_owned()))
            .unwrap();
        doc.save().unwrap();
        assert_eq!(crate::load::load(&path).unwrap().timeline.events.len(), 37);
        assert!(bundled().save_as(&dir).is_err());
    }
}
