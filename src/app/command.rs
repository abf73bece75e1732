//! Everything the user can ask for is a [`Command`]. Panels push commands while they draw; after
//! the frame is drawn [`SourcelineApp::apply`] applies them in order. This file is the only
//! place where the window's state changes (background results come in here too).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::SourcelineApp;
use super::background::DialogKind;
use super::state::{Animation, Pending};

use crate::edit::Edit;
use crate::model::CitationRecord;
use crate::timeline::axis::TimeView;
use crate::timeline::layout::{LaneMode, placement, span_to_separate};
use crate::timeline::search::{step_among, step_cursor};
use crate::timeline::view::reveal_view;

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
    /// Select the next event (after the selected one, wrapping) with a pending citation, and
    /// show that citation.
    NextPending,
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
    /// Show the Add from URL prompt.
    AskUrl,
    /// Fetch this address on a worker, then show the add-article form filled in from it.
    FetchUrl(String),
    /// Fetch and archive every source with a URL and no text (File > Archive linked sources…).
    ArchiveLinked,
    /// Fetch and archive this linked source (a pending citation's Archive it).
    ArchiveFromWeb(String),
    /// Stop the fetches not begun yet.
    CancelCapture,
    /// Close the capture's report.
    DismissCaptureReport,
    /// Make this passage the pending citation `citation` of the event with id `event`.
    ChoosePassage {
        /// The event's id.
        event: String,
        /// Which of its citations.
        citation: usize,
        /// The passage, anchored exactly and uniquely.
        record: CitationRecord,
    },
    /// Search the articles (true) or the events with the search box.
    SetArchiveMode(bool),
    /// The search in articles' new query.
    SetArchiveQuery(String),
    /// Open the reader at hit `n` of the search in articles (in the order listed).
    OpenHit(usize),
    /// Open the reader at the next (or, negative, previous) hit.
    StepHit(isize),
    /// Cite the sentence of the chosen hit: for a new event, or for the selected one (a new
    /// event when none is selected).
    CiteHit {
        /// Start a new event rather than cite for the selected one.
        new_event: bool,
    },
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
            Command::FocusSearch => {
                // Ctrl+F searches the events (Ctrl+Shift+F the articles), whichever mode was on.
                if state.archive.in_articles {
                    state.archive.in_articles = false;
                    if state.left_tab == super::state::LeftTab::Articles {
                        state.left_tab = super::state::LeftTab::Events;
                    }
                }
                state.focus_search_generation += 1;
            }
            Command::Escape => {
                if state.archive.in_articles && !state.archive.query.is_empty() {
                    state.archive.query.clear();
                } else if state.filter.query.is_empty() {
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
            Command::NextPending => {
                let timeline = state.document.timeline();
                let count = timeline.events.len();
                let start = state.selected.map_or(0, |s| s + 1);
                let found = (0..count).map(|k| (start + k) % count).find_map(|i| {
                    let event = timeline.events.get(i)?;
                    let at = event
                        .citations(timeline)
                        .iter()
                        .position(crate::model::Citation::is_pending)?;
                    Some((i, at))
                });
                match found {
                    Some((index, citation)) => {
                        state.select(Some(index));
                        state.citation = citation;
                        self.reveal(index, now);
                    }
                    None => {
                        state.notice = Some(
                            "No passage left to choose: every citation has its passage.".to_owned(),
                        );
                    }
                }
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
                        let t = state.document.timeline();
                        let source = t.sources.iter().position(|s| s.record.id == id)?;
                        t.passages.get(source).map(Vec::len)
                    })
                    .unwrap_or(0);
                if let Some(next) = step_cursor(state.passage_cursor, count, step) {
                    state.passage_cursor = Some(next);
                    state.selection_generation += 1;
                }
            }
            Command::ToggleSingleSource => state.filter.single_source = !state.filter.single_source,
            Command::Open => {
                let folder = state
                    .document
                    .path()
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
                if let Some(path) = state.document.path().map(std::path::Path::to_path_buf) {
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
                state.document.dismiss_changes();
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
            // Edits, saves, prompts, articles and transfers: `document_commands.rs`.
            command @ (Command::Edit(_)
            | Command::Undo
            | Command::Redo
            | Command::Save
            | Command::SaveAs
            | Command::SaveInto(_)
            | Command::Resolve(_)
            | Command::Conflict(_)
            | Command::EditEvent(_)
            | Command::DeleteSelected(_)
            | Command::AskBeforeClose
            | Command::DismissMerge
            | Command::CloseEditor
            | Command::NewEventCiting(_)
            | Command::AddCitation(_)
            | Command::ReadSource(_)
            | Command::ArchiveSource(_)
            | Command::PickImport
            | Command::Import(_)
            | Command::ExportPng
            | Command::Export(_)
            | Command::PickArticle
            | Command::PasteArticle
            | Command::AddArticle(_)
            | Command::CreateSource(_)
            | Command::AskUrl
            | Command::FetchUrl(_)
            | Command::ArchiveLinked
            | Command::ArchiveFromWeb(_)
            | Command::CancelCapture
            | Command::DismissCaptureReport
            | Command::ChoosePassage { .. }) => self.apply_document_command(command, now),
            // The search in articles: `archive_commands.rs`.
            command @ (Command::SetArchiveMode(_)
            | Command::SetArchiveQuery(_)
            | Command::OpenHit(_)
            | Command::StepHit(_)
            | Command::CiteHit { .. }) => self.apply_archive_command(command, now),
        }
    }

    /// Moves the view so the event is on screen, keeping the zoom unless it cannot fit.
    /// Zooms in when the event sits in a cluster at the canvas's real width, so it shows on its
    /// own.
    fn reveal(&mut self, index: usize, now: f64) {
        let state = &mut self.state;
        let Some(event) = state.document.timeline().events.get(index) else {
            return;
        };
        let (start, end, _) = placement(state.document.timeline(), event, state.time_basis);
        let current = state.target_view();
        state.refresh_derived();
        let separating_span = span_to_separate(
            state.document.timeline(),
            &state.derived.lanes,
            index,
            self.canvas.plot_width_px(),
            MERGE_PX,
        );
        let target = reveal_view(current, start, end, separating_span);
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
}

fn toggle(set: &mut BTreeSet<String>, value: String) {
    if !set.remove(&value) {
        set.insert(value);
    }
}
