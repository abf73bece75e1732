//! Undo and redo: every edit of the session as a splice and its inverse, and where the file
//! was last saved, so the window knows whether there are unsaved edits.

use super::{Edit, Splice};

/// One edit as made: what it was, the splice that made it, and the one that undoes it.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    /// The edit.
    pub edit: Edit,
    /// Applied to the text before, gives the text after.
    pub forward: Splice,
    /// Applied to the text after, gives the text before.
    pub backward: Splice,
}

/// The edits of a session, for undo and redo.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct History {
    done: Vec<Step>,
    undone: Vec<Step>,
    /// How many steps were done when the file was last saved (or loaded); `None` when that state
    /// cannot be reached by undo or redo any more.
    saved_at: Option<usize>,
}

impl History {
    /// A history with nothing done, in step with the file on disk.
    pub fn new() -> Self {
        Self {
            done: Vec::new(),
            undone: Vec::new(),
            saved_at: Some(0),
        }
    }

    /// Records a step just made. What was undone can no longer be redone.
    pub fn record(&mut self, step: Step) {
        if self.saved_at.is_some_and(|s| s > self.done.len()) {
            self.saved_at = None;
        }
        self.undone.clear();
        self.done.push(step);
    }

    /// The step to undo (its `backward` splice is to be applied), moved to the redo list.
    pub fn undo(&mut self) -> Option<&Step> {
        let step = self.done.pop()?;
        self.undone.push(step);
        self.undone.last()
    }

    /// The step to redo (its `forward` splice is to be applied), moved back to the done list.
    pub fn redo(&mut self) -> Option<&Step> {
        let step = self.undone.pop()?;
        self.done.push(step);
        self.done.last()
    }

    /// Puts back a step that [`Self::undo`] handed out but that could not be applied.
    pub fn cancel_undo(&mut self) {
        if let Some(step) = self.undone.pop() {
            self.done.push(step);
        }
    }

    /// Puts back a step that [`Self::redo`] handed out but that could not be applied.
    pub fn cancel_redo(&mut self) {
        if let Some(step) = self.done.pop() {
            self.undone.push(step);
        }
    }

    /// What undo would undo.
    pub fn undo_label(&self) -> Option<String> {
        self.done.last().map(|s| s.edit.describe())
    }

    /// What redo would redo.
    pub fn redo_label(&self) -> Option<String> {
        self.undone.last().map(|s| s.edit.describe())
    }

    /// The edits made since the last save, oldest first (what a merge replays on another text).
    pub fn unsaved_edits(&self) -> Vec<Edit> {
        match self.saved_at {
            Some(at) if at <= self.done.len() => self
                .done
                .get(at..)
                .unwrap_or_default()
                .iter()
                .map(|s| s.edit.clone())
                .collect(),
            _ => self.done.iter().map(|s| s.edit.clone()).collect(),
        }
    }

    /// True when the text differs from what was last saved or loaded.
    pub fn is_dirty(&self) -> bool {
        self.saved_at != Some(self.done.len())
    }

    /// The labels of the steps done and of those undone, each oldest first (the last of each
    /// is what undo and redo would do).
    pub fn labels(&self) -> (Vec<String>, Vec<String>) {
        let describe = |steps: &[Step]| steps.iter().map(|s| s.edit.describe()).collect();
        (describe(&self.done), describe(&self.undone))
    }

    /// The text now is what is on disk.
    pub fn mark_saved(&mut self) {
        self.saved_at = Some(self.done.len());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(n: usize) -> Step {
        Step {
            edit: Edit::DeleteEvent(format!("e{n}")),
            forward: Splice {
                range: n..n,
                text: "x".to_owned(),
            },
            backward: Splice {
                range: n..n + 1,
                text: String::new(),
            },
        }
    }

    #[test]
    fn undo_and_redo_walk_the_steps_and_track_the_saved_state() {
        let mut history = History::new();
        assert!(!history.is_dirty());
        history.record(step(1));
        history.record(step(2));
        assert!(history.is_dirty());
        assert_eq!(history.undo_label().as_deref(), Some("delete event e2"));
        assert_eq!(history.undo().map(|s| s.forward.range.start), Some(2));
        assert_eq!(history.undo().map(|s| s.forward.range.start), Some(1));
        assert!(history.undo().is_none());
        assert!(!history.is_dirty(), "back where the file was loaded");
        assert_eq!(history.redo().map(|s| s.forward.range.start), Some(1));
        history.mark_saved();
        assert!(!history.is_dirty());
        assert_eq!(history.unsaved_edits(), []);
        // A new edit after an undo drops what could have been redone.
        history.record(step(3));
        assert!(history.redo().is_none());
        assert_eq!(history.unsaved_edits(), [step(3).edit]);
        history.undo();
        assert!(!history.is_dirty());
    }

    #[test]
    fn a_saved_state_lost_to_a_new_branch_stays_dirty() {
        let mut history = History::new();
        history.record(step(1));
        history.mark_saved();
        history.undo();
        history.record(step(2));
        assert!(history.is_dirty());
        history.undo();
        assert!(
            history.is_dirty(),
            "the saved text had step 1, which is gone"
        );
    }

    #[test]
    fn a_cancelled_undo_or_redo_puts_the_step_back() {
        let mut history = History::new();
        history.record(step(1));
        history.undo();
        history.cancel_undo();
        assert_eq!(history.undo_label().as_deref(), Some("delete event e1"));
        history.undo();
        history.redo();
        history.cancel_redo();
        assert_eq!(history.redo_label().as_deref(), Some("delete event e1"));
    }
}
