//! The commands that change the document: edits, undo and redo, saving, the answers to "unsaved
//! edits" and "changed on disk", and adding articles. With [`super::command`], the only place
//! the window's state changes.

use std::path::{Path, PathBuf};

use super::SourcelineApp;
use super::background::DialogKind;
use super::command::{Choice, Command, ConflictChoice};
use super::state::{ArticleRequest, EditTarget, Pending};
use crate::document::Document;
use crate::document::applying::{Op, OpFailure};
use crate::document::merge::merge_edits;
use crate::edit::Edit;
use crate::edit::article::{NewArticle, add_article_file};
use crate::edit::save::SaveError;
use crate::load::LoadError;

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
            Command::Edit(edit) => self.push_op(Op::Edit(edit)),
            Command::Undo => self.push_op(Op::Undo),
            Command::Redo => self.push_op(Op::Redo),
            Command::Save => {
                if self.state.document.is_read_only() {
                    self.apply(Command::SaveAs, now);
                } else {
                    self.push_op(Op::Save);
                }
            }
            Command::SaveAs => self.background.open_dialog(DialogKind::SaveFolder, None),
            Command::SaveInto(folder) => {
                let result = self.state.document.save_as(&folder);
                self.after_save(result.map(Some).map_err(OpFailure::from));
            }
            Command::Resolve(choice) => self.resolve(choice),
            Command::Conflict(choice) => self.conflict(choice),
            Command::EditEvent(index) => {
                let timeline = self.state.document.timeline();
                let target = match index.and_then(|i| timeline.events.get(i)) {
                    Some(event) => EditTarget::Existing(event.id(timeline).to_owned()),
                    None => EditTarget::New(None),
                };
                self.request_edit(target);
            }
            Command::CloseEditor => self.state.edit_request = None,
            Command::ReadSource(id) => {
                // A hit opened before is lit no more.
                self.state.archive.opened = None;
                self.state.reader_source = id;
                self.state.passage_cursor = None;
                self.state.selection_generation += 1;
            }
            Command::DeleteSelected(index) => {
                let timeline = self.state.document.timeline();
                if let Some(event) = timeline.events.get(index) {
                    let id = event.id(timeline).to_owned();
                    self.push_op(Op::Edit(Edit::DeleteEvent(id)));
                }
            }
            Command::AskBeforeClose => self.state.pending = Some(Pending::Close),
            Command::DismissMerge => self.state.merge_conflicts.clear(),
            Command::NewEventCiting(citation) => {
                if matches!(&self.state.edit_request, Some((_, EditTarget::New(_)))) {
                    // A new event is being written: the passage joins its citations.
                    self.send_to_editor(citation);
                } else {
                    self.request_edit(EditTarget::New(Some(citation)));
                }
            }
            Command::AddCitation(citation) => {
                let timeline = self.state.document.timeline();
                let Some(event) = self.state.selected.and_then(|i| timeline.events.get(i)) else {
                    return;
                };
                let id = event.id(timeline).to_owned();
                let in_editor = matches!(
                    &self.state.edit_request,
                    Some((_, EditTarget::Existing(editing))) if *editing == id
                );
                if in_editor {
                    // The form is open on it: the citation joins the form, with what was typed
                    // there, and is applied with it.
                    self.send_to_editor(citation);
                } else {
                    let mut record = crate::model::event_record(timeline, event);
                    record.citations.push(citation);
                    self.push_op(Op::Edit(Edit::UpdateEvent(record)));
                }
            }
            Command::PickArticle => self.pick_article(),
            Command::PasteArticle => self.paste_article(),
            Command::AddArticle(path) => self.read_article(&path),
            Command::PickImport => self.background.open_dialog(DialogKind::Import, None),
            Command::Import(path) => self.import(&path, now),
            Command::Export(format) => self.export(format),
            Command::ExportPng => self.export_png(),
            Command::ArchiveSource(id) => self.request_article(Some(id)),
            Command::CreateSource(article) => self.create_source(*article),
            Command::AskUrl => self.state.url_prompt_open = true,
            Command::FetchUrl(url) => self.fetch_url(&url),
            Command::ArchiveLinked => self.archive_linked(None),
            Command::ArchiveFromWeb(id) => self.archive_linked(Some(id)),
            Command::CancelCapture => self.cancel_capture(),
            Command::DismissCaptureReport => self.state.capture = None,
            Command::ChoosePassage {
                event,
                citation,
                record,
            } => self.choose_passage(&event, citation, record),
            // The view's commands, applied in `command.rs`; listed so that a new command is
            // placed in one match or the other, never dropped.
            Command::Select(_)
            | Command::SelectAndReveal(_)
            | Command::SetView(_)
            | Command::AnimateTo(_)
            | Command::FitAll
            | Command::Step(_)
            | Command::Jump(_)
            | Command::StepMatch(_)
            | Command::SetQuery(_)
            | Command::FocusSearch
            | Command::Escape
            | Command::ToggleHelp
            | Command::ToggleList
            | Command::ToggleWarnings
            | Command::ChooseCitation(_)
            | Command::NextPending
            | Command::SetLaneMode(_)
            | Command::ToggleActor(_)
            | Command::ToggleTag(_)
            | Command::ToggleReported
            | Command::SetTimeBasis(_)
            | Command::ShowTab(_)
            | Command::StepPassage(_)
            | Command::ToggleSingleSource
            | Command::ToggleUnsourced
            | Command::ToggleKind(_)
            | Command::ToggleGrade(_)
            | Command::Open
            | Command::LoadFile(_)
            | Command::Reload
            | Command::CancelLoad
            | Command::ToggleFollow
            | Command::DismissChanges
            | Command::Copy(_)
            | Command::SetArchiveMode(_)
            | Command::SetArchiveQuery(_)
            | Command::OpenHit(_)
            | Command::StepHit(_)
            | Command::CiteHit { .. } => {}
        }
    }

    /// Adds a citation to the form the editor has open.
    fn send_to_editor(&mut self, citation: crate::model::CitationRecord) {
        let generation = self
            .state
            .editor_citation
            .as_ref()
            .map_or(1, |(g, _)| g + 1);
        self.state.editor_citation = Some((generation, citation));
    }

    /// Opens the editor on `target`.
    pub(super) fn request_edit(&mut self, target: EditTarget) {
        let generation = self.state.edit_request.as_ref().map_or(1, |(g, _)| g + 1);
        self.state.edit_request = Some((generation, target));
    }

    /// After an edit of event `id`: the editor shows it as it now is (when it edits that event,
    /// or the new event that just became it).
    pub(super) fn refresh_editor(&mut self, id: &str) {
        let editing = match &self.state.edit_request {
            Some((_, EditTarget::Existing(editing))) => editing == id,
            Some((_, EditTarget::New(_))) => true,
            None => false,
        };
        if editing {
            self.request_edit(EditTarget::Existing(id.to_owned()));
        }
    }

    /// Shows what an edit, undo or redo did: nothing more to say, or why nothing changed.
    pub(super) fn after_edit(&mut self, what: &str, result: Result<(), OpFailure>) {
        let state = &mut self.state;
        match result {
            Ok(()) | Err(OpFailure::Nothing(_)) => state.edit_errors.clear(),
            Err(e) => {
                log::warn!("{what} was not applied: {e}");
                state.edit_errors = e.load_error().map(error_lines).unwrap_or_default();
                state.notice = Some(format!("{what} was not applied: {e}."));
            }
        }
    }

    pub(super) fn after_save(&mut self, result: Result<Option<PathBuf>, OpFailure>) {
        let state = &mut self.state;
        match result {
            Ok(saved_as) => {
                state.edit_errors.clear();
                state.conflict = false;
                let path = state.document.path().map(std::path::Path::to_path_buf);
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
                state.edit_errors = e.load_error().map(error_lines).unwrap_or_default();
                state.notice = Some(format!("{e}."));
                // Someone else wrote the file: the bar offers keep mine, take theirs or merge.
                if matches!(e, OpFailure::Save(SaveError::Conflict { .. })) {
                    state.conflict = true;
                }
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
                // What waits goes ahead (a load replaces the text, or the window closes): the
                // edits are dropped, not undone one by one (each a load of the whole file).
                self.state.document.drop_pending();
                self.state.document.discard_edits();
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
            Some(Pending::Load(path)) => self.start_load(path),
            None => {}
        }
    }

    /// The answer to "the file changed on disk under unsaved edits".
    fn conflict(&mut self, choice: ConflictChoice) {
        let Some(path) = self.state.document.path().map(std::path::Path::to_path_buf) else {
            self.state.conflict = false;
            return;
        };
        match choice {
            ConflictChoice::KeepMine => {
                self.state.document.adopt_disk_version();
                self.apply(Command::Save, 0.0);
            }
            ConflictChoice::TakeTheirs => {
                self.state.conflict = false;
                self.state.document.drop_pending();
                self.state.document.discard_edits();
                self.start_load(path);
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
        let mine = self.state.document.history().unsaved_edits();
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
        base.drop_pending();
        while base.is_dirty() && base.undo().unwrap_or(false) {}
        base
    }

    /// Reads a text file for the add-article form; anything but UTF-8 is refused.
    /// Shows the file dialog for an article to add.
    fn pick_article(&mut self) {
        if self.refuse_read_only() {
            return;
        }
        let folder = self.state.document.path().and_then(Path::parent);
        self.background
            .open_dialog(DialogKind::Article, folder.map(Path::to_path_buf));
    }

    /// Opens the add-article form with an empty text to paste into.
    fn paste_article(&mut self) {
        self.request_article(None);
    }

    /// Opens the add-article form to paste a text into: a new source's, or the text of
    /// `for_source`, which is in the file but not archived yet.
    fn request_article(&mut self, for_source: Option<String>) {
        if self.refuse_read_only() {
            return;
        }
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
                for_source,
                page: None,
            },
        ));
    }

    /// True (and says why) when the document is the read-only bundled timeline, which has no
    /// folder to copy articles into.
    pub(super) fn refuse_read_only(&mut self) -> bool {
        let read_only = self.state.document.is_read_only();
        if read_only {
            self.state.notice = Some(
                "The bundled timeline is read-only: Save as… first, then add articles to your copy."
                    .to_owned(),
            );
        }
        read_only
    }

    fn read_article(&mut self, path: &Path) {
        if self.refuse_read_only() {
            return;
        }
        let state = &mut self.state;
        let bytes = match crate::load::read::read_file_capped(path, crate::load::MAX_ARTICLE_BYTES)
        {
            Ok(bytes) => bytes,
            Err(e) => {
                state.notice = Some(format!("Cannot read {}: {e}.", path.display()));
                return;
            }
        };
        // A saved page or a PDF: its article's text, and the original to keep beside it.
        let read = if let Some(kind) = crate::import::extract::Kind::of_file(path) {
            crate::import::extract::extract_original(&bytes, kind)
                .map(|page| {
                    let original = page.original(bytes, None);
                    (page.text.clone(), Some(Box::new((page, original))))
                })
                .map_err(|e| e.to_string())
        } else {
            crate::load::decode::utf8_text(&bytes)
                .map(|text| (text.to_owned(), None))
                .map_err(|e| e.to_string())
        };
        match read {
            Ok((text, page)) => {
                let generation = state.article_request.as_ref().map_or(1, |(g, _)| g + 1);
                state.article_request = Some((
                    generation,
                    ArticleRequest {
                        text,
                        from: Some(path.to_owned()),
                        for_source: None,
                        page,
                    },
                ));
            }
            Err(why) => {
                state.notice = Some(format!("{}: {why}. Not added.", path.display()));
            }
        }
    }

    /// Copies the article byte for byte into `articles/` beside the events file (never over an
    /// existing file) and adds its source; the copy is removed again if the source is refused.
    fn create_source(&mut self, article: NewArticle) {
        if let Some((id, written)) = self.write_source(article)
            && self.state.edit_errors.is_empty()
        {
            self.state.reader_source = Some(id.clone());
            self.state.notice = Some(format!(
                "Added {} as source \"{id}\": select a passage in it to cite it.",
                written.display()
            ));
        }
    }

    /// Writes the article's files into `articles/` (never over an existing file) and pushes the
    /// edit that adds its source, or fills in an existing one's; its id and the text's path.
    /// `None`, with the notice saying why, when nothing could be written.
    pub(super) fn write_source(
        &mut self,
        article: NewArticle,
    ) -> Option<(String, std::path::PathBuf)> {
        let state = &mut self.state;
        let Some(events_path) = state.document.path().map(std::path::Path::to_path_buf) else {
            state.notice = Some("The bundled timeline is read-only: Save as… first.".to_owned());
            return None;
        };
        let folder = events_path.parent().unwrap_or(Path::new(".")).to_path_buf();
        let timeline = state.document.timeline();
        let existing = article.existing;
        let own_id = article.record.id.clone();
        // An existing source keeps its id: only other sources' ids are taken.
        let taken = |id: &str| {
            !(existing && id == own_id) && timeline.sources.iter().any(|s| s.record.id == id)
        };
        match add_article_file(&folder, taken, article) {
            Ok((record, written)) => {
                let id = record.id.clone();
                let edit = if existing {
                    Edit::UpdateSource(record)
                } else {
                    Edit::AddSource(record)
                };
                self.article_written = Some((id.clone(), written.clone()));
                self.push_op(Op::Edit(edit));
                self.refollow();
                Some((id, written))
            }
            Err(message) => {
                state.notice = Some(message);
                None
            }
        }
    }
}
