//! Everything the user can ask for is a [`Command`]. Panels push commands while they draw; after
//! the frame is drawn [`SourcelineApp::apply`] applies them in order. This file is the only
//! place where the window's state changes (background results come in here too).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::SourcelineApp;
use super::background::{DialogAnswer, DialogKind, Polled};
use super::state::{Animation, MAX_RECENT, Pending};
use crate::document::{Finished, Followed, Outcome};

use super::arrival::{Arrival, Prepare};
use crate::edit::Edit;
use crate::model::CitationRecord;
use crate::timeline::axis::TimeView;
use crate::timeline::layout::{LaneMode, placement, span_to_separate};
use crate::timeline::search::step_among;

use super::theme::MERGE_PX;

/// How long "fit all" and "reveal" animations take.
const ANIMATION_SECONDS: f64 = 0.35;

/// Something the user asked for; applied after the frame is drawn.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Select an event (or nothing) without moving the view.
    Select(Option<usize>),
    /// Select an event and bring it into view.
    SelectAndReveal(usize),
    /// Show exactly this view now.
    SetView(TimeView),
    /// Ease to this view.
    AnimateTo(TimeView),
    /// Ease to a view of every event.
    FitAll,
    /// Step through the events the filter leaves: +1 next, −1 previous.
    Step(isize),
    /// First (`false`) or last (`true`) event the filter leaves.
    Jump(bool),
    /// Next (+1) or previous (−1) search match.
    StepMatch(isize),
    /// Search for this text.
    SetQuery(String),
    /// Put the keyboard focus in the search box.
    FocusSearch,
    /// Clear the search if there is one, else the selection.
    Escape,
    /// Show or hide the help overlay.
    ToggleHelp,
    /// Show or hide the events list.
    ToggleList,
    /// Show or hide the warnings window.
    ToggleWarnings,
    /// Show this citation of the selected event in the reader.
    ChooseCitation(usize),
    /// Lanes by actor or combined.
    SetLaneMode(LaneMode),
    /// Toggle an actor chip.
    ToggleActor(String),
    /// Toggle a tag chip.
    ToggleTag(String),
    /// Show or hide the connectors from events to their first reports.
    ToggleReported,
    /// Place events by their own dates or by their first reports'.
    SetTimeBasis(crate::timeline::layout::TimeBasis),
    /// Show this tab of the left panel.
    ShowTab(super::state::LeftTab),
    /// In an article read on its own: the next (+1) or previous (−1) cited passage.
    StepPassage(isize),
    /// Toggle the "single source" chip.
    ToggleSingleSource,
    /// Toggle the "unsourced" chip.
    ToggleUnsourced,
    /// Toggle a source-kind chip.
    ToggleKind(crate::model::SourceKind),
    /// Toggle a reliability-grade chip.
    ToggleGrade(crate::model::Reliability),
    /// Show the native file dialog (off the UI thread).
    Open,
    /// Load this events file in the background.
    LoadFile(PathBuf),
    /// Load the open file again.
    Reload,
    /// Stop the load in progress.
    CancelLoad,
    /// Pause or resume following the file on disk.
    ToggleFollow,
    /// Hide the change summary and its marks.
    DismissChanges,
    /// Put text on the clipboard.
    Copy(String),
    /// Change the events file (in memory until saved).
    Edit(Edit),
    /// Undo the last edit.
    Undo,
    /// Redo the last undone edit.
    Redo,
    /// Save the edits to the file.
    Save,
    /// Save into a folder chosen with the dialog (the bundled timeline's way to be saved).
    SaveAs,
    /// Save the bundled timeline, or the file, into this folder.
    SaveInto(PathBuf),
    /// The answer to "there are unsaved edits".
    Resolve(Choice),
    /// The answer to "the file changed on disk while you were editing".
    Conflict(ConflictChoice),
    /// Start editing this event in the editor (`None`: a new event).
    EditEvent(Option<usize>),
    /// Delete the event at this index (undoable).
    DeleteSelected(usize),
    /// The window is asked to close while there are unsaved edits.
    AskBeforeClose,
    /// Hide the list of events a merge left to decide.
    DismissMerge,
    /// The editor was closed.
    CloseEditor,
    /// Start a new event in the editor, citing this passage.
    NewEventCiting(CitationRecord),
    /// Add this citation to the selected event.
    AddCitation(CitationRecord),
    /// Read this source's article on its own in the reader (`None`: back to the event's).
    ReadSource(Option<String>),
    /// Show the add-article form for the text of this source, which is not archived yet.
    ArchiveSource(String),
    /// Show the file dialog for a TimelineJS file to import.
    PickImport,
    /// Import this TimelineJS file into a new events file beside it, and open that.
    Import(PathBuf),
    /// Save the canvas, as shown, as a PNG beside the events file.
    ExportPng,
    /// Export what the filter shows beside the events file, in this format.
    Export(crate::export::Format),
    /// Show the file dialog for an article to add.
    PickArticle,
    /// Show the add-article form with an empty text to paste into.
    PasteArticle,
    /// Show the add-article form for this text file.
    AddArticle(PathBuf),
    /// Copy this article into the folder and add its source record.
    CreateSource(Box<NewArticle>),
}

/// What to do with unsaved edits before something that would drop them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Choice {
    /// Save them, then go on.
    Save,
    /// Drop them and go on.
    Discard,
    /// Do not go on.
    Cancel,
}

/// What to do when the file changed on disk under unsaved edits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConflictChoice {
    /// Save mine over theirs.
    KeepMine,
    /// Load theirs, dropping mine.
    TakeTheirs,
    /// Load theirs and replay my edits on top, event by event.
    Merge,
}

pub use crate::edit::article::NewArticle;

impl SourcelineApp {
    /// Applies one command; `now` is egui's input time, for animations.
    pub(super) fn apply(&mut self, command: Command, now: f64) {
        let state = &mut self.state;
        match command {
            Command::Select(index) => state.select(index),
            Command::SelectAndReveal(index) => {
                state.select(Some(index));
                self.reveal(index, now);
            }
            Command::SetView(view) => {
                state.animation = None;
                state.view = view.clamped();
            }
            Command::AnimateTo(to) => {
                state.animation = Some(Animation {
                    from: state.view,
                    to: to.clamped(),
                    started: now,
                });
            }
            Command::FitAll => {
                let all = state.fit_all_view();
                self.apply(Command::AnimateTo(all), now);
            }
            Command::Step(step) => {
                state.refresh_derived();
                if let Some(next) = step_among(&state.derived.passing, state.selected, step) {
                    self.apply(Command::SelectAndReveal(next), now);
                }
            }
            Command::Jump(to_end) => {
                state.refresh_derived();
                let candidates = &state.derived.passing;
                let target = if to_end {
                    candidates.last()
                } else {
                    candidates.first()
                };
                if let Some(&target) = target {
                    self.apply(Command::SelectAndReveal(target), now);
                }
            }
            Command::StepMatch(step) => {
                if !state.filter.query.trim().is_empty() {
                    self.apply(Command::Step(step), now);
                }
            }
            Command::SetQuery(query) => state.filter.query = query,
            Command::FocusSearch => state.focus_search_generation += 1,
            Command::Escape => {
                if state.filter.query.is_empty() {
                    state.select(None);
                } else {
                    state.filter.query.clear();
                }
            }
            Command::ToggleHelp => state.show_help = !state.show_help,
            Command::ToggleList => state.show_list = !state.show_list,
            Command::ToggleWarnings => state.show_warnings = !state.show_warnings,
            Command::ChooseCitation(index) => {
                state.citation = index;
                state.selection_generation += 1;
            }
            Command::SetLaneMode(mode) => {
                state.lane_mode = mode;
                state.rebuild_lanes();
            }
            Command::ToggleActor(actor) => toggle(&mut state.filter.actors, actor),
            Command::ToggleTag(tag) => toggle(&mut state.filter.tags, tag),
            Command::ShowTab(tab) => state.left_tab = tab,
            Command::ToggleReported => state.show_reported = !state.show_reported,
            Command::ToggleUnsourced => state.filter.unsourced = !state.filter.unsourced,
            Command::SetTimeBasis(basis) => state.time_basis = basis,
            Command::ToggleKind(kind) => {
                if !state.filter.kinds.remove(&kind) {
                    state.filter.kinds.insert(kind);
                }
            }
            Command::ToggleGrade(grade) => {
                if !state.filter.grades.remove(&grade) {
                    state.filter.grades.insert(grade);
                }
            }
            Command::StepPassage(step) => {
                let count = state
                    .reader_source
                    .as_deref()
                    .and_then(|id| {
                        let t = &state.document.timeline;
                        let source = t.sources.iter().position(|s| s.record.id == id)?;
                        t.passages.get(source).map(Vec::len)
                    })
                    .unwrap_or(0);
                if count > 0 {
                    let next = match state.passage_cursor {
                        None if step < 0 => count - 1,
                        None => 0,
                        Some(at) => at.saturating_add_signed(step).min(count - 1),
                    };
                    state.passage_cursor = Some(next);
                    state.selection_generation += 1;
                }
            }
            Command::ToggleSingleSource => state.filter.single_source = !state.filter.single_source,
            Command::Open => {
                let folder = state
                    .document
                    .path
                    .as_deref()
                    .and_then(Path::parent)
                    .map(Path::to_path_buf);
                self.background.open_dialog(DialogKind::OpenEvents, folder);
            }
            Command::LoadFile(path) => {
                if state.document.is_dirty() {
                    state.pending = Some(Pending::Load(path));
                } else {
                    self.start_load(path);
                }
            }
            Command::Reload => {
                if let Some(path) = state.document.path.clone() {
                    if state.document.is_dirty() {
                        state.pending = Some(Pending::Load(path));
                    } else {
                        self.start_load(path);
                    }
                } else {
                    state.notice = Some(
                        "The bundled timeline has no file to reload: open one with Ctrl+O."
                            .to_owned(),
                    );
                }
            }
            Command::CancelLoad => self.background.cancel_load(),
            Command::ToggleFollow => {
                state.follow_paused = !state.follow_paused;
                self.refollow();
            }
            Command::DismissChanges => {
                state.document.changes = None;
                state.rebuild_change_marks();
                state.notice = None;
            }
            Command::Copy(text) => {
                if let Some(ctx) = &self.egui_ctx {
                    // What is pasted elsewhere (a terminal, a document) cannot carry hidden
                    // controls or reorder itself; a passage keeps its own lines.
                    let safe = crate::load::diagnostic::escape_unsafe(&text, true).into_owned();
                    ctx.copy_text(safe);
                }
                state.notice = Some("Copied to the clipboard.".to_owned());
            }
            command => self.apply_document_command(command, now),
        }
    }

    /// Moves the view so the event is on screen, keeping the zoom unless it cannot fit.
    /// Zooms in when the event sits in a cluster at the canvas's real width, so it shows on its
    /// own.
    fn reveal(&mut self, index: usize, now: f64) {
        let state = &mut self.state;
        let Some(event) = state.document.timeline.events.get(index) else {
            return;
        };
        let (start, end, _) = placement(&state.document.timeline, event, state.time_basis);
        let middle = f64::midpoint(start, end);
        let current = state.target_view();
        let mut target = current;
        state.refresh_derived();
        if let Some(span) = span_to_separate(
            &state.document.timeline,
            &state.derived.lanes,
            index,
            self.canvas.plot_width_px(),
            MERGE_PX,
        ) && span < target.span_days
        {
            target = target.zoom_at(middle, target.span_days / span);
        }
        if !target.shows_well(start, end) {
            target = if end - start > target.span_days * 0.8 {
                TimeView::between(start - (end - start) * 0.1, end + (end - start) * 0.1)
            } else {
                target.centered_on(middle)
            };
        }
        if target != current {
            self.apply(Command::AnimateTo(target), now);
        }
    }

    /// Moves an animation in progress on to `now`.
    pub(super) fn advance_animation(&mut self, now: f64) {
        let state = &mut self.state;
        if let Some(animation) = state.animation {
            let t = ((now - animation.started) / ANIMATION_SECONDS).clamp(0.0, 1.0);
            let eased = 1.0 - (1.0 - t).powi(3);
            state.view = animation.from.lerp(animation.to, eased);
            if t >= 1.0 {
                state.animation = None;
            }
        }
    }

    /// Takes in what the background work brought: a finished load, a change on disk, the
    /// dialog's answer.
    pub(super) fn take_background(&mut self, polled: Polled) {
        if let Some(finished) = polled.finished {
            self.accept_load(finished);
        }
        if polled.file_changed
            && let Some(path) = self.state.document.path.clone()
        {
            if !self.state.document.is_dirty() {
                self.start_load(path);
            } else if self.state.document.changed_on_disk() {
                // Never reload over unsaved edits: ask (the conflict bar).
                self.state.conflict = true;
            } else {
                // An article changed (or an article we added appeared): the edits stay, the
                // passages are anchored again.
                let result = self.state.document.refresh_articles();
                self.after_edit("Re-reading the articles", result);
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
        let same_file = state.document.path.as_deref() == Some(path.as_path());
        match finished.result {
            Ok(arrival) => {
                if state.document.is_dirty() {
                    // Edits were made while it loaded: replacing the text would lose them.
                    if !same_file {
                        state.pending = Some(Pending::Load(path));
                    } else if arrival.incoming.text_hash != state.document.disk_hash {
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
                    if let Some(error) = &state.document.error {
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

fn toggle(set: &mut BTreeSet<String>, value: String) {
    if !set.remove(&value) {
        set.insert(value);
    }
}
