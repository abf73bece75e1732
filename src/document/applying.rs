//! Edits, undos, redos and saves as operations on the events file's text, applied in batches.
//!
//! Planning an edit parses the whole text, making it copies the text, and showing it loads the
//! text again: at a million events, seconds. So the window does none of it on its own thread.
//! It records each operation at once ([`super::Document::push_op`]: undo order, the unsaved-edits
//! prompt and the Undo menu see it from then on) and hands the operations waiting to one worker
//! as a [`Batch`]; [`apply_batch`] makes them all on the text, loads the result once, and hands
//! back an [`Applied`] for [`super::Document::finish_batch`]. Operations pushed meanwhile wait
//! for the next batch, so each acts on the newest text. Small files take the same path without
//! a thread (`Document::run_now`).

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::editing::EditFailure;
use crate::edit::history::{History, Step};
use crate::edit::save::{SaveError, SaveLock, check_text};
use crate::edit::{Edit, Splice, plan};
use crate::load::bundled::ARTICLES;
use crate::load::{Articles, LoadError, Loaded, load_bytes};
use crate::model::Timeline;

/// One thing asked of the events file's text.
#[derive(Clone, Debug, PartialEq)]
#[expect(
    clippy::large_enum_variant,
    reason = "a few operations wait at a time, as the window's commands that carry the same edits"
)]
pub enum Op {
    /// Make this edit, recorded for undo.
    Edit(Edit),
    /// Undo the last edit.
    Undo,
    /// Redo the last undone edit.
    Redo,
    /// Write the text to the file (checked, atomically).
    Save,
    /// Load the text as it stands again: its articles changed on disk.
    Reanchor,
}

/// Why an operation was not made; nothing of it remains then.
#[derive(Debug, thiserror::Error)]
pub enum OpFailure {
    /// An edit, undo or redo that could not be planned or would break the file.
    #[error(transparent)]
    Edit(#[from] EditFailure),
    /// A save that did not happen.
    #[error(transparent)]
    Save(#[from] SaveError),
    /// Undo or redo with nothing to undo or redo.
    #[error("there is nothing to {0}")]
    Nothing(&'static str),
}

impl OpFailure {
    /// True when a save found that someone else wrote the file since it was loaded.
    pub fn is_conflict(&self) -> bool {
        matches!(self, Self::Save(SaveError::Conflict { .. }))
    }

    /// The located errors of a text that would not load, when that is why.
    pub fn load_error(&self) -> Option<&LoadError> {
        match self {
            Self::Edit(failure) => failure.load_error(),
            Self::Save(SaveError::Invalid(error)) => Some(error),
            Self::Save(SaveError::Io { .. } | SaveError::Conflict { .. }) | Self::Nothing(_) => {
                None
            }
        }
    }
}

/// Operations to make, with what they act on: the text of `base` and its history.
#[derive(Debug)]
pub struct Batch {
    /// The timeline shown; its text is the text the operations start from.
    pub base: Arc<Timeline>,
    /// The history of that text.
    pub history: History,
    /// The events file (`None`: the bundled timeline, whose articles are in the binary).
    pub path: Option<PathBuf>,
    /// In the order they were asked for.
    pub ops: Vec<Op>,
    /// The hash of the events file as last loaded or saved: a save writes only over that (see
    /// [`crate::edit::save::SaveLock::replace`]).
    pub disk_hash: u64,
}

/// What a batch did.
#[derive(Debug)]
pub struct Applied {
    /// The history after the operations that were made.
    pub history: History,
    /// The timeline of the text after them, when the text changed or was loaded again.
    pub loaded: Option<Loaded>,
    /// Each operation with its outcome, in order.
    pub results: Vec<(Op, Result<(), OpFailure>)>,
    /// [`super::text_hash`] of the text a save wrote, when one did.
    pub saved_hash: Option<u64>,
}

/// Loads `text` as the events file `path` (its articles from its folder, or the bundled ones).
///
/// # Errors
/// The located errors when it does not load.
pub fn load_text(text: &str, path: Option<&Path>) -> Result<Loaded, LoadError> {
    match path {
        Some(path) => check_text(text, path),
        None => load_bytes(
            text.as_bytes(),
            Path::new("events.json"),
            Articles::Embedded(ARTICLES),
        ),
    }
}

/// An operation made on the text and not yet shown to load: how to take it back.
struct Unchecked {
    /// Its place in the results.
    result: usize,
    /// The history before it.
    history: History,
    /// The splice that gives the text before it.
    back: Splice,
}

/// The text being changed, the history beside it, and the operations since it last loaded.
struct Work<'b> {
    text: Cow<'b, str>,
    history: History,
    path: Option<PathBuf>,
    unchecked: Vec<Unchecked>,
    results: Vec<(Op, Result<(), OpFailure>)>,
}

impl Work<'_> {
    /// Makes `forward` (an edit, undo or redo planned as a splice) with `history` as the history
    /// after it; `back` takes it back.
    fn change(
        &mut self,
        forward: &Splice,
        back: Splice,
        history: History,
    ) -> Result<(), EditFailure> {
        let text = forward.apply(&self.text)?;
        self.unchecked.push(Unchecked {
            result: self.results.len(),
            history: std::mem::replace(&mut self.history, history),
            back,
        });
        self.text = Cow::Owned(text);
        Ok(())
    }

    fn edit(&mut self, edit: &Edit) -> Result<(), EditFailure> {
        let forward = plan(&self.text, edit)?;
        let back = forward.inverse(&self.text)?;
        let mut history = self.history.clone();
        history.record(Step {
            edit: edit.clone(),
            forward: forward.clone(),
            backward: back.clone(),
        });
        self.change(&forward, back, history)
    }

    fn undo(&mut self) -> Result<(), OpFailure> {
        let mut history = self.history.clone();
        let Some(step) = history.undo() else {
            return Err(OpFailure::Nothing("undo"));
        };
        let (forward, back) = (step.backward.clone(), step.forward.clone());
        Ok(self.change(&forward, back, history)?)
    }

    fn redo(&mut self) -> Result<(), OpFailure> {
        let mut history = self.history.clone();
        let Some(step) = history.redo() else {
            return Err(OpFailure::Nothing("redo"));
        };
        let (forward, back) = (step.forward.clone(), step.backward.clone());
        Ok(self.change(&forward, back, history)?)
    }

    /// Loads the text. When it does not load, the operations since the last load are taken back,
    /// newest first, each failing with the errors, until it does (or none is left: the text the
    /// batch started from, which loaded before).
    fn check(&mut self) -> Option<Loaded> {
        loop {
            match load_text(&self.text, self.path.as_deref()) {
                Ok(loaded) => {
                    self.unchecked.clear();
                    return Some(loaded);
                }
                Err(error) => {
                    let Some(last) = self.unchecked.pop() else {
                        log::warn!("the text the edits started from no longer loads");
                        return None;
                    };
                    match last.back.apply(&self.text) {
                        Ok(text) => self.text = Cow::Owned(text),
                        Err(e) => {
                            log::error!("an edit could not be taken back: {e}");
                            return None;
                        }
                    }
                    self.history = last.history;
                    if let Some((_, result)) = self.results.get_mut(last.result) {
                        *result = Err(OpFailure::Edit(EditFailure::Invalid(Box::new(error))));
                    }
                }
            }
        }
    }
}

/// Makes every operation of `batch` in order and loads the text they leave (once, however many
/// there are); see the module's documentation.
pub fn apply_batch(batch: Batch) -> Applied {
    let Batch {
        base,
        history,
        path,
        ops,
        disk_hash,
    } = batch;
    let mut disk_hash = disk_hash;
    let mut work = Work {
        text: Cow::Borrowed(base.text.file()),
        history,
        path,
        unchecked: Vec::new(),
        results: Vec::with_capacity(ops.len()),
    };
    let mut loaded: Option<Loaded> = None;
    let mut saved_hash = None;
    for op in ops {
        let result = match &op {
            Op::Edit(edit) => work.edit(edit).map_err(OpFailure::from),
            Op::Undo => work.undo(),
            Op::Redo => work.redo(),
            Op::Reanchor => {
                // The text as it stands, anchored in the articles as they are now.
                work.results.push((op, Ok(())));
                loaded = work.check();
                continue;
            }
            Op::Save => {
                // Only a text that loads is written: check what is not checked yet.
                if !work.unchecked.is_empty() {
                    loaded = work.check();
                }
                let saved = save_text(&work.text, work.path.as_deref(), disk_hash);
                if saved.is_ok() {
                    work.history.mark_saved();
                    disk_hash = super::text_hash(&work.text);
                    saved_hash = Some(disk_hash);
                }
                work.results.push((op, saved.map_err(OpFailure::from)));
                continue;
            }
        };
        if result.is_ok() {
            loaded = None;
        }
        work.results.push((op, result));
    }
    if !work.unchecked.is_empty() {
        loaded = work.check();
    }
    Applied {
        history: work.history,
        loaded,
        results: work.results,
        saved_hash,
    }
}

/// Writes `text`, which loaded, to the events file `path` atomically, under its lock and only
/// over the version hashed `disk_hash` (the one loaded or last saved).
fn save_text(text: &str, path: Option<&Path>, disk_hash: u64) -> Result<(), SaveError> {
    let Some(path) = path else {
        return Err(SaveError::Io {
            path: PathBuf::from("(bundled timeline)"),
            reason: "the bundled timeline is read-only: use Save as".to_owned(),
        });
    };
    SaveLock::acquire(path)?.replace(text.as_bytes(), Some(disk_hash))
}

#[cfg(test)]
mod tests {
    use super::super::Document;
    use super::*;
    use crate::model::event_record;

    /// A document on a small events file in a folder of its own, with its article.
    fn document(name: &str) -> Document {
        let dir =
            std::env::temp_dir().join(format!("sourceline-ops-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("a.txt"), "The delegations met in Riyadh.").unwrap();
        let events = r#"{"format": "sourceline/1", "title": "t",
  "sources": [{"id": "a", "title": "A", "publisher": "P", "published": "2025", "file": "a.txt"}],
  "events": [
    {"id": "one", "date": "2025-02-18", "title": "One", "citations": [{"source": "a", "quote": "met in Riyadh"}]},
    {"id": "two", "date": "2025-02-19", "title": "Two", "citations": [{"source": "a", "quote": "delegations"}]}
  ]
}
"#;
        let path = dir.join("events.json");
        std::fs::write(&path, events).unwrap();
        Document::new(Some(path.clone()), crate::load::load(&path).unwrap())
    }

    fn retitled(doc: &Document, id: &str, title: &str) -> Edit {
        let t = &doc.timeline;
        let mut record = event_record(t, &t.events[t.index_of(id).unwrap()]);
        record.title = title.to_owned();
        Edit::UpdateEvent(record)
    }

    fn title(doc: &Document, id: &str) -> String {
        let t = &doc.timeline;
        t.events[t.index_of(id).unwrap()].title(t).to_owned()
    }

    #[cfg(unix)]
    #[test]
    fn a_save_through_a_symbolic_link_changes_its_target_and_keeps_the_link() {
        let doc = document("symlink");
        let target = doc.path().unwrap().to_owned();
        let link = target.with_file_name("link.json");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let mut doc = Document::new(Some(link.clone()), crate::load::load(&link).unwrap());
        doc.apply_edit(retitled(&doc, "one", "Through the link"))
            .unwrap();
        doc.save().unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink(),
            "the link is still a link"
        );
        let written = std::fs::read_to_string(&target).unwrap();
        assert!(written.contains("Through the link"), "{written}");
    }

    #[test]
    fn a_save_removes_what_crashed_saves_left_at_once() {
        let mut doc = document("leftovers");
        let path = doc.path().unwrap().to_owned();
        // A save killed a moment ago left its temporary file (a second old, not a minute).
        let left = path.with_file_name(".events.json.99999-0.sourceline-tmp");
        std::fs::write(&left, "half a file").unwrap();
        doc.apply_edit(retitled(&doc, "one", "Saved")).unwrap();
        doc.save().unwrap();
        assert!(!left.exists(), "the next save removes it, under the lock");
        let names: Vec<String> = std::fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".sourceline-tmp"))
            .collect();
        assert!(names.is_empty(), "{names:?}");
    }

    #[test]
    fn a_save_over_a_version_written_by_someone_else_is_a_conflict_until_mine_is_kept() {
        let mut doc = document("conflict");
        let path = doc.path().unwrap().to_owned();
        doc.apply_edit(retitled(&doc, "one", "Mine")).unwrap();
        // Another program (a `cite`, another window) saves meanwhile.
        let theirs = std::fs::read_to_string(&path)
            .unwrap()
            .replace("\"title\": \"Two\"", "\"title\": \"Theirs\"");
        std::fs::write(&path, &theirs).unwrap();
        let error = doc.save().unwrap_err();
        assert!(error.is_conflict(), "{error}");
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            theirs,
            "theirs stays"
        );
        assert!(doc.is_dirty(), "mine stays, unsaved");
        // "Keep mine": written over theirs, as asked.
        doc.adopt_disk_version();
        doc.save().unwrap();
        let saved = std::fs::read_to_string(&path).unwrap();
        assert!(
            saved.contains("\"Mine\"") && !saved.contains("Theirs"),
            "{saved}"
        );
        // And the next save of mine needs no keeping.
        doc.apply_edit(retitled(&doc, "two", "Again")).unwrap();
        doc.save().unwrap();
    }

    #[test]
    fn operations_count_from_the_moment_they_are_recorded() {
        let mut doc = document("recorded");
        let edit = retitled(&doc, "one", "One, edited");
        doc.push_op(Op::Edit(edit));
        // Not made yet: the timeline is as it was, but the edit is counted.
        assert_eq!(title(&doc, "one"), "One");
        assert!(doc.is_dirty() && doc.is_applying());
        assert_eq!(doc.unsaved_count(), 1);
        assert_eq!(
            doc.undo_redo_labels(),
            (Some("edit “One, edited”".to_owned()), None)
        );
        doc.push_op(Op::Undo);
        assert_eq!(
            doc.undo_redo_labels(),
            (None, Some("edit “One, edited”".to_owned()))
        );
        let results = doc.run_now();
        assert_eq!(results.len(), 2);
        assert!(results.iter().all(|(_, r)| r.is_ok()));
        assert_eq!(title(&doc, "one"), "One");
        assert!(!doc.is_applying() && !doc.is_dirty());
    }

    #[test]
    fn operations_asked_while_a_batch_runs_act_on_its_result() {
        let mut doc = document("meanwhile");
        doc.push_op(Op::Edit(retitled(&doc, "one", "First")));
        let (number, batch) = doc.take_batch().unwrap();
        // While the batch is out, another edit and a save wait; no second batch starts.
        doc.push_op(Op::Edit(retitled(&doc, "two", "Second")));
        doc.push_op(Op::Save);
        assert!(doc.take_batch().is_none());
        assert!(doc.is_saving());
        let results = doc.finish_batch(number, apply_batch(batch)).unwrap();
        assert_eq!(results.len(), 1);
        assert_eq!(title(&doc, "one"), "First");
        let results = doc.run_now();
        assert!(results.iter().all(|(_, r)| r.is_ok()), "{results:?}");
        assert_eq!(title(&doc, "two"), "Second");
        assert!(!doc.is_dirty());
        let on_disk = crate::load::load(doc.path.as_deref().unwrap()).unwrap();
        let t = &on_disk.timeline;
        let titles: Vec<&str> = t.events.iter().map(|e| e.title(t)).collect();
        assert_eq!(titles, ["First", "Second"]);
        // The save's text is the one on disk: no change by someone else.
        assert!(!doc.changed_on_disk());
    }

    #[test]
    fn an_edit_that_breaks_the_file_is_taken_back_and_the_rest_is_kept() {
        let mut doc = document("breaks");
        let before = doc.text().to_owned();
        let t = &doc.timeline;
        let mut broken = event_record(t, &t.events[0]);
        broken.citations[0].source = "no-such-source".to_owned();
        doc.push_op(Op::Edit(retitled(&doc, "two", "Kept")));
        doc.push_op(Op::Edit(Edit::UpdateEvent(broken)));
        doc.push_op(Op::Edit(Edit::DeleteEvent("nope".to_owned())));
        let results = doc.run_now();
        assert!(results[0].1.is_ok());
        let error = results[1].1.as_ref().unwrap_err();
        assert!(
            error.load_error().unwrap().diagnostics[0]
                .to_string()
                .contains("no-such-source"),
            "{error}"
        );
        assert!(matches!(
            results[2].1,
            Err(OpFailure::Edit(EditFailure::Plan(_)))
        ));
        assert_eq!(title(&doc, "two"), "Kept");
        assert_eq!(doc.unsaved_count(), 1);
        // Undo takes back the one edit that was made.
        assert!(doc.undo().unwrap());
        assert_eq!(doc.text(), before);
        assert!(!doc.undo().unwrap());
    }

    #[test]
    fn a_batch_no_longer_wanted_is_not_taken() {
        let mut doc = document("dropped");
        doc.push_op(Op::Edit(retitled(&doc, "one", "Dropped")));
        let (number, batch) = doc.take_batch().unwrap();
        doc.drop_pending();
        assert!(doc.finish_batch(number, apply_batch(batch)).is_none());
        assert_eq!(title(&doc, "one"), "One");
        assert!(!doc.is_dirty());
    }
}
