//! What the background work brings, taken in between frames: a finished load, a change on disk,
//! the file dialog's answer. With [`super::command`] and [`super::document_commands`], the only
//! places the window's state changes.

use std::path::PathBuf;

use super::SourcelineApp;
use super::arrival::{Arrival, Prepare};
use super::background::{DialogAnswer, Polled};
use super::command::Command;
use super::state::{MAX_RECENT, Pending};
use crate::document::applying::Op;
use crate::document::{Finished, Followed, Outcome};

impl SourcelineApp {
    /// Takes in what the background work brought: a finished load, a change on disk, the
    /// dialog's answer.
    pub(super) fn take_background(&mut self, polled: Polled) {
        if let Some(arrival) = polled.applied
            && let Some(results) = self.state.install_batch(arrival)
        {
            self.take_op_results(results);
            // What was asked meanwhile is the next batch.
            self.run_ops();
        }
        if polled.batch_lost {
            log::error!("the editing thread stopped; the edits waiting are dropped");
            self.state.document.drop_pending();
            self.state.notice =
                Some("The edits could not be made (the editing thread stopped).".to_owned());
        }
        if let Some(finished) = polled.finished {
            self.accept_load(finished);
        }
        if polled.file_changed
            && let Some(path) = self.state.document.path().map(std::path::Path::to_path_buf)
        {
            if !self.state.document.is_dirty() {
                self.start_load(path);
            } else if self.state.document.changed_on_disk() {
                // Never reload over unsaved edits: ask (the conflict bar).
                self.state.conflict = true;
            } else {
                // An article changed (or an article we added appeared): the edits stay, the
                // passages are anchored again.
                self.push_op(Op::Reanchor);
            }
        }
        match polled.dialog {
            Some(DialogAnswer::Picked(path)) => self.apply(Command::LoadFile(path), 0.0),
            Some(DialogAnswer::PickedFolder(folder)) => {
                self.apply(Command::SaveInto(folder), 0.0);
            }
            Some(DialogAnswer::PickedArticle(path)) => {
                self.apply(Command::AddArticle(path), 0.0);
            }
            Some(DialogAnswer::PickedImport(path)) => self.apply(Command::Import(path), 0.0),
            Some(DialogAnswer::Unavailable) => {
                self.state.notice = Some(
                    "No file dialog could be shown (is an XDG desktop portal running?). Drop an events file on the window, pick one from File > Recent files, or run `sourceline FILE`.".to_owned(),
                );
            }
            Some(DialogAnswer::Cancelled) | None => {}
        }
    }

    /// A finished load: a good one replaces the timeline (keeping the view, the selection and
    /// the lane order when it is the same file), a bad one leaves it and shows the errors.
    fn accept_load(&mut self, finished: Finished<Arrival>) {
        let state = &mut self.state;
        let path = finished.path;
        let same_file = state.document.path() == Some(path.as_path());
        match finished.result {
            Ok(arrival) => {
                if state.document.is_dirty() {
                    // Edits were made while it loaded: replacing the text would lose them.
                    if !same_file {
                        state.pending = Some(Pending::Load(path));
                    } else if arrival.incoming.text_hash != state.document.disk_hash() {
                        state.conflict = true;
                    }
                    return;
                }
                state.notice = None;
                let followed = state.install(arrival);
                state.recent.retain(|p| p != &path);
                state.recent.insert(0, path);
                state.recent.truncate(MAX_RECENT);
                self.refollow_with(Some(followed));
            }
            Err(error) => {
                if state.document.refuse(error) == Outcome::Refused {
                    if let Some(error) = state.document.error() {
                        for d in &error.diagnostics {
                            log::warn!("{d}");
                        }
                    }
                    // Keep following the file that broke, so fixing it recovers.
                    if !same_file {
                        state.notice = Some(format!(
                            "{} was not loaded; the timeline shown is unchanged.",
                            path.display()
                        ));
                    }
                }
            }
        }
    }

    /// Starts loading `path`; the worker prepares the new timeline for what is shown now.
    pub(super) fn start_load(&mut self, path: PathBuf) {
        let prepare = Prepare::from_state(&self.state, &path);
        self.background.start_load(path, prepare);
    }

    /// Points the follower at the open file and its articles (or at nothing when paused).
    pub(super) fn refollow(&mut self) {
        self.refollow_with(None);
    }

    /// [`Self::refollow`], with the files to follow when a load prepared them.
    fn refollow_with(&mut self, followed: Option<Followed>) {
        if let Err(e) =
            self.background
                .refollow(&self.state.document, followed, self.state.follow_paused)
        {
            log::warn!("cannot follow the file for changes: {e}");
            self.state.notice = Some(format!(
                "Cannot follow the file for changes: {e}. Use Reload (F5)."
            ));
        }
    }
}
