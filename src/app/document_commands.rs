//! The commands that change the document: edits, undo and redo, saving, the answers to "unsaved
//! edits" and "changed on disk", and adding articles. With [`super::command`], the only place
//! the window's state changes.

use std::path::{Path, PathBuf};

use super::SourcelineApp;
use super::background::DialogKind;
use super::command::{Choice, Command, ConflictChoice, NewArticle};
use super::state::{ArticleRequest, EditTarget, Pending};
use crate::document::{ChangeSummary, Document};
use crate::edit::Edit;
use crate::edit::ids::{slug, unique};
use crate::edit::save::{SaveError, write_new};
use crate::load::LoadError;
use crate::model::sha256_hex;

/// Located error lines of a refused load, for the editor and the notice.
fn error_lines(error: &LoadError) -> Vec<String> {
    error
        .diagnostics
        .iter()
        .map(crate::load::diagnostic::Diagnostic::panel_line)
        .collect()
}

impl SourcelineApp {
    /// Applies a command that changes the document (see [`Command`]).
    pub(super) fn apply_document_command(&mut self, command: Command, now: f64) {
        match command {
            Command::Edit(edit) => self.edit(edit),
            Command::Undo => {
                let result = self.state.document.undo();
                self.after_edit("Undo", result.map(|_| ()));
            }
            Command::Redo => {
                let result = self.state.document.redo();
                self.after_edit("Redo", result.map(|_| ()));
            }
            Command::Save => {
                if self.state.document.is_read_only() {
                    self.apply(Command::SaveAs, now);
                } else {
                    let result = self.state.document.save();
                    self.after_save(result.map(|()| None));
                }
            }
            Command::SaveAs => self.background.open_dialog(DialogKind::SaveFolder, None),
            Command::SaveInto(folder) => {
                let result = self.state.document.save_as(&folder);
                self.after_save(result.map(Some));
            }
            Command::Resolve(choice) => self.resolve(choice),
            Command::Conflict(choice) => self.conflict(choice),
            Command::EditEvent(index) => {
                let timeline = &self.state.document.timeline;
                let target = match index.and_then(|i| timeline.events.get(i)) {
                    Some(event) => EditTarget::Existing(event.id(timeline).to_owned()),
                    None => EditTarget::New(None),
                };
                self.request_edit(target);
            }
            Command::CloseEditor => self.state.edit_request = None,
            Command::DeleteSelected(index) => {
                let timeline = &self.state.document.timeline;
                if let Some(event) = timeline.events.get(index) {
                    let id = event.id(timeline).to_owned();
                    self.edit(Edit::DeleteEvent(id));
                }
            }
            Command::AskBeforeClose => self.state.pending = Some(Pending::Close),
            Command::DismissMerge => self.state.merge_conflicts.clear(),
            Command::NewEventCiting(citation) => {
                self.request_edit(EditTarget::New(Some(citation)));
            }
            Command::AddCitation(citation) => {
                let timeline = &self.state.document.timeline;
                if let Some(event) = self.state.selected.and_then(|i| timeline.events.get(i)) {
                    let mut record = crate::model::event_record(timeline, event);
                    let id = record.id.clone();
                    record.citations.push(citation);
                    self.edit(Edit::UpdateEvent(record));
                    self.refresh_editor(&id);
                }
            }
            Command::PickArticle => {
                if self.state.document.is_read_only() {
                    self.read_article(Path::new(""));
                } else {
                    let folder = self.state.document.path.as_deref().and_then(Path::parent);
                    self.background
                        .open_dialog(DialogKind::Article, folder.map(Path::to_path_buf));
                }
            }
            Command::PasteArticle => {
                if self.state.document.is_read_only() {
                    self.read_article(Path::new(""));
                } else {
                    let generation = self
                        .state
                        .article_request
                        .as_ref()
                        .map_or(1, |(g, _)| g + 1);
                    self.state.article_request = Some((
                        generation,
                        ArticleRequest {
                            text: String::new(),
                            from: None,
                        },
                    ));
                }
            }
            Command::AddArticle(path) => self.read_article(&path),
            Command::CreateSource(article) => self.create_source(*article),
            // Handled in `apply`.
            _ => {}
        }
    }

    /// Opens the editor on `target`.
    pub(super) fn request_edit(&mut self, target: EditTarget) {
        let generation = self.state.edit_request.as_ref().map_or(1, |(g, _)| g + 1);
        self.state.edit_request = Some((generation, target));
    }

    fn edit(&mut self, edit: Edit) {
        let selected = self.state.selected_id();
        let edited_id = match &edit {
            Edit::AddEvent(record) | Edit::UpdateEvent(record) => Some(record.id.clone()),
            Edit::DeleteEvent(_) | Edit::AddSource(_) => None,
        };
        let added = matches!(edit, Edit::AddEvent(_));
        let result = self.state.document.apply_edit(edit);
        let ok = result.is_ok();
        self.after_edit("The edit", result);
        if ok {
            // A new event is selected; otherwise the selection follows its id.
            let id = if added { edited_id.clone() } else { selected };
            let index = id
                .as_deref()
                .and_then(|id| self.state.document.timeline.index_of(id));
            self.state.select(index);
            if let Some(id) = edited_id {
                self.refresh_editor(&id);
            }
        }
    }

    /// After an edit of event `id`: the editor shows it as it now is (when it edits that event,
    /// or the new event that just became it).
    fn refresh_editor(&mut self, id: &str) {
        let editing = match &self.state.edit_request {
            Some((_, EditTarget::Existing(editing))) => editing == id,
            Some((_, EditTarget::New(_))) => true,
            None => false,
        };
        if editing {
            self.request_edit(EditTarget::Existing(id.to_owned()));
        }
    }

    /// Shows what an edit, undo or redo did: the new timeline, or why nothing changed.
    fn after_edit<E: std::fmt::Display + AsLoadError>(
        &mut self,
        what: &str,
        result: Result<(), E>,
    ) {
        let state = &mut self.state;
        match result {
            Ok(()) => {
                state.edit_errors.clear();
                let selected = state.selected_id();
                state.rebuild_lanes();
                state.selected = selected
                    .as_deref()
                    .and_then(|id| state.document.timeline.index_of(id));
            }
            Err(e) => {
                log::warn!("{what} was not applied: {e}");
                state.edit_errors = e.as_load_error().map(error_lines).unwrap_or_default();
                state.notice = Some(format!("{what} was not applied: {e}."));
            }
        }
    }

    fn after_save(&mut self, result: Result<Option<PathBuf>, SaveError>) {
        let state = &mut self.state;
        match result {
            Ok(saved_as) => {
                state.edit_errors.clear();
                state.conflict = false;
                let path = state.document.path.clone();
                state.notice = path.map(|p| format!("Saved {}.", p.display()));
                if let Some(path) = saved_as {
                    state.recent.retain(|p| p != &path);
                    state.recent.insert(0, path);
                    state.recent.truncate(super::state::MAX_RECENT);
                    self.refollow();
                }
                self.continue_pending();
            }
            Err(e) => {
                log::warn!("{e}");
                state.edit_errors = match &e {
                    SaveError::Invalid(error) => error_lines(error),
                    SaveError::Io { .. } => Vec::new(),
                };
                state.notice = Some(format!("{e}."));
                // Whatever waited for the save waits on.
            }
        }
    }

    /// The answer to "there are unsaved edits".
    fn resolve(&mut self, choice: Choice) {
        match choice {
            Choice::Cancel => self.state.pending = None,
            Choice::Save => self.apply(Command::Save, 0.0),
            Choice::Discard => {
                // Back to the text as saved: the history's start, or a reload.
                while self.state.document.is_dirty() && self.state.document.undo().unwrap_or(false)
                {
                }
                self.state.document.history = crate::edit::history::History::new();
                self.state.rebuild_lanes();
                self.continue_pending();
            }
        }
    }

    /// Goes on with what waited for the edits to be saved or dropped.
    fn continue_pending(&mut self) {
        if self.state.document.is_dirty() {
            return;
        }
        match self.state.pending.take() {
            Some(Pending::Close) => {
                self.allow_close = true;
                if let Some(ctx) = &self.egui_ctx {
                    ctx.send_viewport_cmd(egui::ViewportCommand::Close);
                }
            }
            Some(Pending::Load(path)) => self.background.start_load(path),
            None => {}
        }
    }

    /// The answer to "the file changed on disk under unsaved edits".
    fn conflict(&mut self, choice: ConflictChoice) {
        let Some(path) = self.state.document.path.clone() else {
            self.state.conflict = false;
            return;
        };
        match choice {
            ConflictChoice::KeepMine => self.apply(Command::Save, 0.0),
            ConflictChoice::TakeTheirs => {
                self.state.conflict = false;
                self.state.document.history = crate::edit::history::History::new();
                self.background.start_load(path);
            }
            ConflictChoice::Merge => self.merge(&path),
        }
    }

    /// Loads theirs and replays my unsaved edits on it, except on events they changed too:
    /// those are listed for me to decide (my version stays in the history's labels; theirs is
    /// what shows).
    fn merge(&mut self, path: &Path) {
        let theirs = match crate::load::load(path) {
            Ok(theirs) => theirs,
            Err(error) => {
                self.state.edit_errors = error_lines(&error);
                self.state.notice = Some(format!(
                    "Their version of {} does not load: keep yours, or fix theirs.",
                    path.display()
                ));
                return;
            }
        };
        let mine = self.state.document.history.unsaved_edits();
        let base = self.saved_base();
        let merged = merge_edits(&base, theirs, path, &mine);
        self.state.conflict = false;
        self.state.merge_conflicts = merged.conflicts;
        self.state.document = merged.document;
        self.state.rebuild_lanes();
        self.state.notice = Some(if self.state.merge_conflicts.is_empty() {
            "Merged: your edits are on top of theirs (not saved yet).".to_owned()
        } else {
            format!(
                "Merged, except events you both changed (theirs kept): {}.",
                self.state.merge_conflicts.join(", ")
            )
        });
    }

    /// The document as it was last saved (or loaded): the current one with the unsaved edits
    /// undone.
    fn saved_base(&self) -> Document {
        let mut base = self.state.document.clone();
        while base.is_dirty() && base.undo().unwrap_or(false) {}
        base
    }

    /// Reads a text file for the add-article form; anything but UTF-8 is refused.
    fn read_article(&mut self, path: &Path) {
        let state = &mut self.state;
        if state.document.is_read_only() {
            state.notice = Some(
                "The bundled timeline is read-only: Save as… first, then add articles to your copy."
                    .to_owned(),
            );
            return;
        }
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(e) => {
                state.notice = Some(format!("Cannot read {}: {e}.", path.display()));
                return;
            }
        };
        match String::from_utf8(bytes) {
            Ok(text) => {
                let generation = state.article_request.as_ref().map_or(1, |(g, _)| g + 1);
                state.article_request = Some((
                    generation,
                    ArticleRequest {
                        text,
                        from: Some(path.to_owned()),
                    },
                ));
            }
            Err(e) => {
                state.notice = Some(format!(
                    "{} is not UTF-8 text (invalid byte at offset {}): not added. Save it as UTF-8 first.",
                    path.display(),
                    e.utf8_error().valid_up_to()
                ));
            }
        }
    }

    /// Copies the article byte for byte into `articles/` beside the events file (never over an
    /// existing file) and adds its source; the copy is removed again if the source is refused.
    fn create_source(&mut self, article: NewArticle) {
        let state = &mut self.state;
        let Some(events_path) = state.document.path.clone() else {
            state.notice = Some("The bundled timeline is read-only: Save as… first.".to_owned());
            return;
        };
        let folder = events_path.parent().unwrap_or(Path::new(".")).to_path_buf();
        match add_article_file(&folder, &state.document, article) {
            Ok((record, written)) => {
                let id = record.id.clone();
                let result = state.document.apply_edit(Edit::AddSource(record));
                if result.is_err() {
                    let _ = std::fs::remove_file(&written);
                }
                self.after_edit("Adding the article", result);
                if self.state.edit_errors.is_empty() {
                    self.state.notice = Some(format!(
                        "Added {} as source \"{id}\": select a passage in it to cite it.",
                        written.display()
                    ));
                }
                self.refollow();
            }
            Err(message) => state.notice = Some(message),
        }
    }
}

/// Something that may carry a loader's located errors.
trait AsLoadError {
    fn as_load_error(&self) -> Option<&LoadError>;
}

impl AsLoadError for crate::document::editing::EditFailure {
    fn as_load_error(&self) -> Option<&LoadError> {
        self.load_error()
    }
}

/// Writes the article into `folder/articles/ID.txt` (or `ID-2.txt` … when taken) and returns
/// its source record, with `file` and `sha256` filled in, and the path written.
///
/// # Errors
/// A message when the file cannot be written.
pub fn add_article_file(
    folder: &Path,
    document: &Document,
    article: NewArticle,
) -> Result<(crate::model::SourceRecord, PathBuf), String> {
    let timeline = &document.timeline;
    let mut record = article.record;
    if record.id.trim().is_empty() {
        record.id = slug(&record.title, "source");
    }
    record.id = unique(&record.id, |id| {
        timeline.sources.iter().any(|s| s.record.id == id)
    });
    let articles = folder.join("articles");
    std::fs::create_dir_all(&articles)
        .map_err(|e| format!("Cannot create {}: {e}.", articles.display()))?;
    let name = unique(&record.id, |candidate| {
        articles.join(format!("{candidate}.txt")).exists()
    });
    let target = articles.join(format!("{name}.txt"));
    write_new(&target, article.text.as_bytes())
        .map_err(|e| format!("Cannot write {}: {e}.", target.display()))?;
    record.file = format!("articles/{name}.txt");
    record.sha256 = Some(sha256_hex(article.text.as_bytes()));
    Ok((record, target))
}

/// A merged document and the ids both sides changed.
struct Merged {
    document: Document,
    conflicts: Vec<String>,
}

/// Replays `mine` (edits made on `base`) on `theirs`, skipping edits of events `theirs` changed
/// too (added, changed or removed since `base`); those ids are returned as conflicts.
fn merge_edits(base: &Document, theirs: crate::load::Loaded, path: &Path, mine: &[Edit]) -> Merged {
    let changed_by_them = ChangeSummary::between(&base.timeline, &theirs.timeline);
    let touched: std::collections::HashSet<&str> = changed_by_them
        .added
        .iter()
        .chain(&changed_by_them.changed)
        .chain(&changed_by_them.removed)
        .map(String::as_str)
        .collect();
    let mut document = Document::new(Some(path.to_owned()), theirs);
    let mut conflicts = Vec::new();
    for edit in mine {
        let id = match edit {
            Edit::AddEvent(r) | Edit::UpdateEvent(r) => Some(r.id.as_str()),
            Edit::DeleteEvent(id) => Some(id.as_str()),
            Edit::AddSource(_) => None,
        };
        if let Some(id) = id
            && touched.contains(id)
        {
            if !conflicts.iter().any(|c| c == id) {
                conflicts.push(id.to_owned());
            }
            continue;
        }
        if let Err(e) = document.apply_edit(edit.clone()) {
            log::warn!("merge: {} not replayed: {e}", edit.describe());
            if let Some(id) = id {
                conflicts.push(id.to_owned());
            }
        }
    }
    Merged {
        document,
        conflicts,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::bundled::load_bundled;
    use crate::model::event_record;

    fn record(doc: &Document, id: &str) -> crate::model::EventRecord {
        let index = doc.timeline.index_of(id).unwrap();
        event_record(&doc.timeline, &doc.timeline.events[index])
    }

    #[test]
    fn disjoint_edits_merge_and_shared_ones_are_listed() {
        let base = Document::new(None, load_bundled().unwrap());
        // Theirs: a new title for the Riyadh talks.
        let mut theirs = base.clone();
        let mut riyadh = record(&base, "riyadh-talks");
        riyadh.title = "Their Riyadh title".to_owned();
        theirs.apply_edit(Edit::UpdateEvent(riyadh)).unwrap();
        let theirs = crate::load::Loaded {
            timeline: (*theirs.timeline).clone(),
            diagnostics: Vec::new(),
        };
        // Mine: the UN resolution retitled (disjoint) and the Riyadh talks retitled (shared).
        let mut un = record(&base, "un-resolution");
        un.title = "My UN title".to_owned();
        let mut my_riyadh = record(&base, "riyadh-talks");
        my_riyadh.title = "My Riyadh title".to_owned();
        let mine = [Edit::UpdateEvent(un), Edit::UpdateEvent(my_riyadh)];
        let merged = merge_edits(&base, theirs, Path::new("events.json"), &mine);
        assert_eq!(merged.conflicts, ["riyadh-talks"]);
        let doc = merged.document;
        let title = |id: &str| {
            let i = doc.timeline.index_of(id).unwrap();
            doc.timeline.events[i].title(&doc.timeline).to_owned()
        };
        assert_eq!(title("un-resolution"), "My UN title");
        assert_eq!(title("riyadh-talks"), "Their Riyadh title");
        assert!(doc.is_dirty(), "the merge is not saved yet");
    }
}
