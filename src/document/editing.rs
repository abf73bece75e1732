//! Editing the open document: each edit is planned as a splice of the file's text, the new text
//! is loaded (so an edit that would break the file is refused with located errors, and the
//! timeline on screen stays), and recorded for undo. Saving writes the text as it is.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use super::Document;
use crate::edit::history::Step;
use crate::edit::save::{SaveError, save_events, write_new};
use crate::edit::{Edit, EditError, Splice, plan};
use crate::load::bundled::ARTICLES;
use crate::load::{Articles, LoadError, Loaded, load_bytes};

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

    /// True when there are edits not saved to the file.
    pub fn is_dirty(&self) -> bool {
        self.history.is_dirty()
    }

    /// True when the document cannot be saved in place (the bundled timeline): "Save as".
    pub fn is_read_only(&self) -> bool {
        self.path.is_none()
    }

    /// Loads `text` as this document's file (its articles from its folder, or the bundled ones).
    fn load_text(&self, text: &str) -> Result<Loaded, LoadError> {
        match &self.path {
            Some(path) => {
                let folder = path
                    .parent()
                    .filter(|p| !p.as_os_str().is_empty())
                    .unwrap_or(Path::new("."));
                load_bytes(text.as_bytes(), path, Articles::Folder(folder))
            }
            None => load_bytes(
                text.as_bytes(),
                Path::new("events.json"),
                Articles::Embedded(ARTICLES),
            ),
        }
    }

    /// Makes `splice` and shows the result, if it loads.
    fn splice_in(&mut self, splice: &Splice) -> Result<(), EditFailure> {
        let text = splice.apply(self.text())?;
        let loaded = self
            .load_text(&text)
            .map_err(|e| EditFailure::Invalid(Box::new(e)))?;
        self.timeline = Arc::new(loaded.timeline);
        self.warnings = loaded.diagnostics;
        self.error = None;
        Ok(())
    }

    /// True when the events file on disk is not the one last loaded or saved: someone else
    /// changed it. (Our own save coming back, or an article changing, leaves it the same.)
    pub fn changed_on_disk(&self) -> bool {
        let Some(path) = &self.path else {
            return false;
        };
        crate::load::read::read_file_capped(path, crate::load::MAX_EVENTS_FILE_BYTES)
            .ok()
            .and_then(|bytes| String::from_utf8(bytes).ok())
            .is_none_or(|text| super::text_hash(&text) != self.disk_hash)
    }

    /// Loads the text as it stands again, for articles that changed on disk: edits stay, and
    /// the passages are anchored in the new text.
    ///
    /// # Errors
    /// When the text no longer loads with the new articles; nothing changes then.
    pub fn refresh_articles(&mut self) -> Result<(), EditFailure> {
        let loaded = self
            .load_text(self.text())
            .map_err(|e| EditFailure::Invalid(Box::new(e)))?;
        self.timeline = Arc::new(loaded.timeline);
        self.warnings = loaded.diagnostics;
        Ok(())
    }

    /// Makes `edit`, recorded for undo.
    ///
    /// # Errors
    /// When it cannot be planned or the result would not load; nothing changes then.
    pub fn apply_edit(&mut self, edit: Edit) -> Result<(), EditFailure> {
        let before = self.text().to_owned();
        let forward = plan(&before, &edit)?;
        let backward = forward.inverse(&before)?;
        self.splice_in(&forward)?;
        self.history.record(Step {
            edit,
            forward,
            backward,
        });
        Ok(())
    }

    /// Undoes the last edit; `Ok(false)` when there is none.
    ///
    /// # Errors
    /// When the text before it no longer loads (an article changed on disk meanwhile).
    pub fn undo(&mut self) -> Result<bool, EditFailure> {
        let Some(splice) = self.history.undo().map(|s| s.backward.clone()) else {
            return Ok(false);
        };
        self.splice_in(&splice)
            .inspect_err(|_| self.history.cancel_undo())?;
        Ok(true)
    }

    /// Redoes the last undone edit; `Ok(false)` when there is none.
    ///
    /// # Errors
    /// When the text after it no longer loads.
    pub fn redo(&mut self) -> Result<bool, EditFailure> {
        let Some(splice) = self.history.redo().map(|s| s.forward.clone()) else {
            return Ok(false);
        };
        self.splice_in(&splice)
            .inspect_err(|_| self.history.cancel_redo())?;
        Ok(true)
    }

    /// Saves the text in place (checked by the loader, written atomically).
    ///
    /// # Errors
    /// When there is no file (the bundled timeline: use [`Document::save_as`]), the text would
    /// not load, or writing failed. The file on disk is untouched then.
    pub fn save(&mut self) -> Result<(), SaveError> {
        let Some(path) = self.path.clone() else {
            return Err(SaveError::Io {
                path: PathBuf::from("(bundled timeline)"),
                reason: "the bundled timeline is read-only: use Save as".to_owned(),
            });
        };
        let loaded = save_events(self.text(), &path)?;
        self.disk_hash = super::text_hash(self.text());
        self.warnings = loaded.diagnostics;
        self.history.mark_saved();
        self.loaded_at = SystemTime::now();
        Ok(())
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
    use crate::load::bundled::{EVENTS_JSON, load_bundled};
    use crate::model::event_record;

    fn bundled() -> Document {
        Document::new(None, load_bundled().unwrap())
    }

    #[test]
    fn edits_undo_and_redo_round_trip_the_text() {
        let mut doc = bundled();
        let riyadh = doc.timeline.index_of("riyadh-talks").unwrap();
        let mut record = event_record(&doc.timeline, &doc.timeline.events[riyadh]);
        record.title = "Riyadh talks".to_owned();
        doc.apply_edit(Edit::UpdateEvent(record.clone())).unwrap();
        record.id = "riyadh-2".to_owned();
        doc.apply_edit(Edit::AddEvent(record)).unwrap();
        doc.apply_edit(Edit::DeleteEvent("budapest-memorandum".to_owned()))
            .unwrap();
        assert!(doc.is_dirty());
        assert_eq!(doc.timeline.events.len(), 39);
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
        let mut doc = bundled();
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
