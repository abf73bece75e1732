//! Edits, undos, redos and saves on their way: made at once for a small file, or handed to the
//! editing thread as a batch for a large one, and what each did shown when it is made.

use super::SourcelineApp;
use super::arrival::Prepare;
use crate::document::applying::{Op, OpFailure};
use crate::edit::Edit;

/// The id of the event `op` adds, if it adds one (it is selected once made).
fn added_event(op: &Op) -> Option<String> {
    if let Op::Edit(Edit::AddEvent(record)) = op {
        Some(record.id.clone())
    } else {
        None
    }
}

/// True for an edit of the events (not of the sources).
fn edits_events(edit: &Edit) -> bool {
    match edit {
        Edit::AddEvent(_) | Edit::UpdateEvent(_) | Edit::DeleteEvent(_) => true,
        Edit::AddSource(_) | Edit::UpdateSource(_) => false,
    }
}

impl SourcelineApp {
    /// Records `op` and has it made: at once for a small file, on the editing thread for a
    /// large one (the timeline shown stays, marked "applying…", until it is made).
    pub(super) fn push_op(&mut self, op: Op) {
        self.state.document.push_op(op);
        self.run_ops();
    }

    /// Has the operations waiting made: now, or as the next batch on the editing thread.
    pub(super) fn run_ops(&mut self) {
        let document = &mut self.state.document;
        if document.text().len() < self.async_edit_from_bytes {
            let selected = self.state.selected_id();
            let results = self.state.document.run_now();
            if results.is_empty() {
                return;
            }
            self.state.rebuild_lanes();
            // The selection follows its id; a new event is selected.
            let added = results
                .iter()
                .rev()
                .find_map(|(op, result)| match (op, result) {
                    (Op::Edit(Edit::AddEvent(record)), Ok(())) => Some(record.id.clone()),
                    _ => None,
                });
            let index = added
                .or(selected)
                .as_deref()
                .and_then(|id| self.state.document.timeline().index_of(id));
            // An edit of events selects (so the list and reader go to it); undo, redo and
            // sources keep the selection where it is.
            let events_edited = results.iter().any(|(op, result)| {
                result.is_ok() && matches!(op, Op::Edit(edit) if edits_events(edit))
            });
            if events_edited {
                self.state.select(index);
            } else {
                self.state.selected = index;
            }
            self.take_op_results(results);
        } else if let Some((number, batch)) = document.take_batch() {
            let select = batch.ops.iter().rev().find_map(added_event);
            let prepare = Prepare::for_batch(&self.state);
            self.background.start_batch(number, batch, prepare, select);
        }
    }

    /// Shows what each operation of a batch did.
    pub(super) fn take_op_results(&mut self, results: Vec<(Op, Result<(), OpFailure>)>) {
        for (op, result) in results {
            match op {
                Op::Edit(edit) => {
                    let edited_id = match &edit {
                        Edit::AddEvent(record) | Edit::UpdateEvent(record) => {
                            Some(record.id.clone())
                        }
                        Edit::DeleteEvent(_) | Edit::AddSource(_) | Edit::UpdateSource(_) => None,
                    };
                    if result.is_err()
                        && let Edit::AddSource(record) | Edit::UpdateSource(record) = &edit
                        && let Some((id, written)) = self.article_written.take()
                    {
                        // The source was refused: the article copied for it goes too.
                        if id == record.id {
                            let _ = std::fs::remove_file(&written);
                        }
                    }
                    let ok = result.is_ok();
                    self.after_edit("The edit", result);
                    if ok && let Some(id) = edited_id {
                        self.refresh_editor(&id);
                    }
                }
                Op::Undo => self.after_edit("Undo", result),
                Op::Redo => self.after_edit("Redo", result),
                Op::Reanchor => self.after_edit("Re-reading the articles", result),
                Op::Save => self.after_save(result.map(|()| None)),
            }
        }
    }
}
