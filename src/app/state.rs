//! What the window keeps: [`Persisted`], remembered across restarts (serde, through eframe's
//! storage), and [`AppState`], the runtime state every panel reads and only
//! [`super::command`] changes.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use crate::document::Document;
use crate::model::Timeline;
use crate::timeline::axis::TimeView;
use crate::timeline::derived::Derived;
use crate::timeline::layout::{Lane, LaneMode, TimeBasis};
use crate::timeline::search::Filter;
use crate::timeline::view::{fit_all_by, fit_extent, initial_view};

use super::search_worker::{ASYNC_FROM_EVENTS, SearchWorker};
pub use crate::timeline::change_marks::ChangeMark;
use crate::timeline::change_marks::change_marks;
use crate::timeline::lane_set::LaneSet;

/// What is remembered across restarts: view parameters and choices, never pixels. (Panel sizes
/// are remembered by egui's own memory.)
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Persisted {
    /// The events file shown, `None` for the bundled timeline.
    pub last_file: Option<PathBuf>,
    /// The time range shown.
    pub view: Option<TimeView>,
    /// Id of the selected event.
    pub selected: Option<String>,
    /// Lanes by actor or combined.
    pub lane_mode: LaneMode,
    /// Most recent first, at most [`MAX_RECENT`].
    pub recent: Vec<PathBuf>,
    /// Whether the events list is hidden.
    pub hide_list: bool,
    /// Whether following the file on disk is paused.
    pub follow_paused: bool,
}

/// How many recent files are remembered.
pub const MAX_RECENT: usize = 10;
/// The key the state is stored under.
pub const STORAGE_KEY: &str = "sourceline";

/// An eased move from one view to another.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Animation {
    /// The view when it started.
    pub from: TimeView,
    /// The view it ends on.
    pub to: TimeView,
    /// When it started, in egui's input time (seconds).
    pub started: f64,
}

/// Something that waits for an answer about unsaved edits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Pending {
    /// Closing the window.
    Close,
    /// Loading this file (another one, or the open one again).
    Load(PathBuf),
}

/// What the left panel shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LeftTab {
    /// The events list.
    #[default]
    Events,
    /// The sources panel.
    Sources,
    /// The hits of the search in articles.
    Articles,
}

/// A request to the editor: edit this event, or start a new one.
#[derive(Clone, Debug, PartialEq)]
pub enum EditTarget {
    /// The event with this id.
    Existing(String),
    /// A new event, citing this passage.
    New(Option<crate::model::CitationRecord>),
}

/// A request to the add-article form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArticleRequest {
    /// The text to add (empty: to be pasted into the form).
    pub text: String,
    /// The file it came from, if any (its name suggests the title).
    pub from: Option<PathBuf>,
    /// The id of a source already in the file whose text this is (it was not archived yet).
    pub for_source: Option<String>,
    /// A saved web page the text was extracted from: what it says of itself fills the form,
    /// and the page is archived beside the text.
    pub page: Option<
        Box<(
            crate::import::extract::Extracted,
            crate::edit::article::Original,
        )>,
    >,
}

/// How a capture (Add from URL, Archive linked sources, Archive it) is going.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CaptureProgress {
    /// What it does, for its bar ("Archiving linked sources").
    pub what: String,
    /// Addresses to fetch.
    pub total: usize,
    /// Of them, finished (archived or failed).
    pub done: usize,
    /// Of them, archived.
    pub archived: usize,
    /// Each failure: the source's id (or the address) and why.
    pub failed: Vec<(String, String)>,
    /// True while fetches are under way; false once finished or cancelled (the report shows).
    pub running: bool,
    /// True when it was cancelled.
    pub cancelled: bool,
}

/// The state shared by the panels. Panels read it through [`super::FrameContext`]; it changes
/// only in [`super::command`], in answer to commands.
#[expect(
    clippy::struct_excessive_bools,
    reason = "independent show/hide toggles, not a state machine"
)]
pub struct AppState {
    /// The open file and the timeline on screen.
    pub document: Document,
    /// The time range shown.
    pub view: TimeView,
    /// An eased move in progress, if any.
    pub animation: Option<Animation>,
    /// The selected event, an index into the timeline's events.
    pub selected: Option<usize>,
    /// Which of the selected event's citations the reader shows.
    pub citation: usize,
    /// Counts selections (and citation choices): a panel that scrolls to the selection does so
    /// once per new value, instead of consuming a shared "scroll to" flag.
    pub selection_generation: u64,
    /// Search text and chips.
    pub filter: Filter,
    /// Lanes by actor or one lane.
    pub lane_mode: LaneMode,
    /// The by-actor lane names in the order they are shown; kept across reloads of the same
    /// file (see [`keep_lane_order`]).
    pub lane_order: Vec<String>,
    /// The lanes shown.
    pub lanes: Vec<Lane>,
    /// Actor chips, in lane order (whatever the lane mode).
    pub actors: Vec<String>,
    /// What the filter leaves, indexed by lane; see [`AppState::refresh_derived`].
    pub derived: Derived,
    /// What `derived` was computed for.
    derived_for: Option<(Arc<Timeline>, Filter, LaneMode, TimeBasis)>,
    /// Computes `derived` off the UI thread for large timelines.
    pub(super) search: SearchWorker,
    /// Whether the events list is shown.
    pub show_list: bool,
    /// Whether the controls overlay is shown.
    pub show_help: bool,
    /// Whether the warnings window is shown.
    pub show_warnings: bool,
    /// Events the shown change summary marks, by index (rebuilt with the summary).
    pub change_marks: HashMap<usize, ChangeMark>,
    /// The added and changed events of the change summary, in its order, by index: the change
    /// bar's entries, found once rather than looked up by id every frame.
    pub change_list: Vec<(ChangeMark, usize)>,
    /// What waits for an answer about unsaved edits.
    pub pending: Option<Pending>,
    /// The file changed on disk while there were unsaved edits: the conflict bar shows.
    pub conflict: bool,
    /// Events both sides changed, after a merge: the user decides each.
    pub merge_conflicts: Vec<String>,
    /// What the left panel shows.
    pub left_tab: LeftTab,
    /// "When reported": a connector from each event in view to its first report.
    pub show_reported: bool,
    /// Events placed by their own dates, or by their first reports' ("By report date").
    pub time_basis: TimeBasis,
    /// Each source's events and anchors, for the sources panel (with `derived`).
    pub source_stats: Vec<crate::timeline::reports::SourceStats>,
    /// Each event's number of publishers, for the canvas and the list.
    pub publishers: Vec<u32>,
    /// In an article read on its own: the passage stepped to with the arrow keys, an index into
    /// the article's passages.
    pub passage_cursor: Option<usize>,
    /// The id of a source whose article the reader shows on its own (just added, or picked),
    /// instead of the selected event's.
    pub reader_source: Option<String>,
    /// Located errors of the last edit or save that was refused.
    pub edit_errors: Vec<String>,
    /// The last request to the editor, with a count so the editor takes each once.
    pub edit_request: Option<(u64, EditTarget)>,
    /// A citation for the event the editor has open, counted so the editor takes it once.
    pub editor_citation: Option<(u64, crate::model::CitationRecord)>,
    /// The last request to the add-article form, counted likewise.
    pub article_request: Option<(u64, ArticleRequest)>,
    /// The Add from URL prompt is open.
    pub url_prompt_open: bool,
    /// A capture under way or just finished (fetching an address, archiving linked sources):
    /// its progress, then its report until dismissed.
    pub capture: Option<CaptureProgress>,
    /// Counts requests to focus the search box (Ctrl+F).
    pub focus_search_generation: u64,
    /// The notice shown under the toolbar, if any.
    pub notice: Option<String>,
    /// Recently opened files, most recent first.
    pub recent: Vec<PathBuf>,
    /// Whether following the file on disk is paused.
    pub follow_paused: bool,
    /// The search in articles: its query, hits and the hit opened.
    pub archive: super::archive_search::ArchiveSearch,
}

impl AppState {
    /// The state of a window that just opened `document`.
    pub fn new(document: Document) -> Self {
        let mut state = Self {
            view: initial_view(document.timeline()),
            document,
            animation: None,
            selected: None,
            citation: 0,
            selection_generation: 0,
            filter: Filter::default(),
            lane_mode: LaneMode::ByActor,
            lane_order: Vec::new(),
            lanes: Vec::new(),
            actors: Vec::new(),
            derived: Derived::default(),
            derived_for: None,
            search: SearchWorker::default(),
            show_list: true,
            show_help: false,
            show_warnings: false,
            change_marks: HashMap::new(),
            change_list: Vec::new(),
            pending: None,
            conflict: false,
            merge_conflicts: Vec::new(),
            reader_source: None,
            left_tab: LeftTab::Events,
            show_reported: false,
            time_basis: TimeBasis::Event,
            source_stats: Vec::new(),
            publishers: Vec::new(),
            passage_cursor: None,
            edit_errors: Vec::new(),
            edit_request: None,
            editor_citation: None,
            article_request: None,
            url_prompt_open: false,
            capture: None,
            focus_search_generation: 0,
            notice: None,
            recent: Vec::new(),
            follow_paused: false,
            archive: super::archive_search::ArchiveSearch::default(),
        };
        state.rebuild_lanes();
        state
    }

    /// Takes over what was remembered; the view and selection only when they were saved with
    /// the document now open.
    pub fn restore(&mut self, persisted: &Persisted) {
        self.recent.clone_from(&persisted.recent);
        self.show_list = !persisted.hide_list;
        self.follow_paused = persisted.follow_paused;
        // The lanes were made for the default mode with the state; a million events are not
        // gone through again for the same mode.
        if self.lane_mode != persisted.lane_mode {
            self.lane_mode = persisted.lane_mode;
            self.rebuild_lanes();
        }
        if self.document.path() == persisted.last_file.as_deref() {
            if let Some(view) = persisted.view {
                self.view = view.clamped();
            }
            let selected = persisted
                .selected
                .as_deref()
                .and_then(|id| self.document.timeline().index_of(id));
            self.select(selected);
        }
    }

    /// What should be remembered now.
    pub fn persisted(&self) -> Persisted {
        Persisted {
            last_file: self.document.path().map(std::path::Path::to_path_buf),
            view: Some(self.animation.map_or(self.view, |a| a.to)),
            selected: self.selected_id(),
            lane_mode: self.lane_mode,
            recent: self.recent.clone(),
            hide_list: !self.show_list,
            follow_paused: self.follow_paused,
        }
    }

    /// The id of the selected event.
    pub fn selected_id(&self) -> Option<String> {
        let timeline = self.document.timeline();
        self.selected
            .and_then(|i| timeline.events.get(i))
            .map(|e| e.id(timeline).to_owned())
    }

    /// Selects an event (an index that is not in the timeline selects nothing) and counts a new
    /// selection, so the list and the reader scroll to it.
    pub fn select(&mut self, index: Option<usize>) {
        let index = index.filter(|&i| i < self.document.timeline().events.len());
        if index != self.selected {
            self.citation = 0;
        }
        self.selected = index;
        self.selection_generation += 1;
        // Selecting an event goes back to its article.
        self.reader_source = None;
    }

    /// Builds the lanes for the timeline and lane mode. By-actor lanes keep [`Self::lane_order`]
    /// (empty when a file was just opened, so they are ordered by size).
    pub fn rebuild_lanes(&mut self) {
        let set = LaneSet::compute(self.document.timeline(), self.lane_mode, &self.lane_order);
        self.lane_order = set.order;
        self.actors = set.actors;
        self.lanes = set.lanes;
    }

    /// True while results for a new query are being computed (the list shows the previous ones).
    pub fn is_searching(&self) -> bool {
        self.search.is_busy() && !self.derived_is_current()
    }

    /// True when what the list and canvas show was computed for the timeline, filter, lanes and
    /// time basis of now.
    pub fn derived_is_current(&self) -> bool {
        self.derived_for
            .as_ref()
            .is_some_and(|(timeline, filter, mode, basis)| {
                Arc::ptr_eq(timeline, self.document.timeline())
                    && *filter == self.filter
                    && *mode == self.lane_mode
                    && *basis == self.time_basis
            })
    }

    /// Recomputes what the filter leaves when the timeline, the filter or the lanes changed
    /// (a pass over the events), so that frames in between only look things up.
    pub fn refresh_derived(&mut self) {
        // A result from the worker is shown when it is for this timeline and these lanes, even
        // if the query moved on since: it is closer than what is shown.
        if let Some(done) = self.search.take_done() {
            let (timeline, filter, mode, basis) = &done.key;
            if Arc::ptr_eq(timeline, self.document.timeline())
                && *mode == self.lane_mode
                && *basis == self.time_basis
            {
                if *filter == self.filter {
                    self.search.settle();
                }
                self.derived = done.derived;
                self.derived_for = Some(done.key);
            }
        }
        if self.derived_is_current() {
            self.search.settle();
            return;
        }
        // The same timeline and lanes, a new query, many events: on the worker; the list and
        // canvas keep the previous results meanwhile. (A new timeline is computed here: the
        // previous results would point at events it does not have.)
        let same_lanes = self
            .derived_for
            .as_ref()
            .is_some_and(|(timeline, _, mode, basis)| {
                Arc::ptr_eq(timeline, self.document.timeline())
                    && *mode == self.lane_mode
                    && *basis == self.time_basis
            });
        if same_lanes && self.document.timeline().events.len() >= ASYNC_FROM_EVENTS {
            let key = (
                Arc::clone(self.document.timeline()),
                self.filter.clone(),
                self.lane_mode,
                self.time_basis,
            );
            self.search.request(&key, &self.lanes);
            return;
        }
        {
            // Per-source stats depend on the timeline only: not redone for each keystroke.
            let same_timeline = self
                .derived_for
                .as_ref()
                .is_some_and(|(timeline, ..)| Arc::ptr_eq(timeline, self.document.timeline()));
            let timeline = self.document.timeline();
            let derive =
                || Derived::compute_by(timeline, &self.lanes, &self.filter, self.time_basis);
            if same_timeline {
                self.derived = derive();
            } else {
                // A new timeline (the one the window opens on, or an edit's): the per-source
                // figures on the other core meanwhile.
                let (derived, (source_stats, publishers)) = std::thread::scope(|scope| {
                    let figures = scope.spawn(|| {
                        (
                            crate::timeline::reports::source_stats(timeline),
                            crate::timeline::reports::publisher_counts(timeline),
                        )
                    });
                    let derived = derive();
                    let figures = figures.join().unwrap_or_else(|_| {
                        log::error!("computing the per-source figures failed");
                        (Vec::new(), Vec::new())
                    });
                    (derived, figures)
                });
                self.derived = derived;
                self.source_stats = source_stats;
                self.publishers = publishers;
            }
            let key = (
                Arc::clone(self.document.timeline()),
                self.filter.clone(),
                self.lane_mode,
                self.time_basis,
            );
            if !same_timeline {
                self.search.prepare(&key, &self.lanes);
            }
            self.derived_for = Some(key);
        }
    }

    /// A view of every event as placed now ("Fit all"): from the extent kept with the derived
    /// data when that is for this timeline and time basis, else a pass over the events.
    pub fn fit_all_view(&self) -> TimeView {
        let timeline = self.document.timeline();
        let kept = self
            .derived_for
            .as_ref()
            .is_some_and(|(for_timeline, .., basis)| {
                Arc::ptr_eq(for_timeline, timeline) && *basis == self.time_basis
            });
        if kept {
            fit_extent(self.derived.extent_days, timeline)
        } else {
            fit_all_by(timeline, self.time_basis)
        }
    }

    /// The view at the end of any animation in progress.
    pub fn target_view(&self) -> TimeView {
        self.animation.map_or(self.view, |a| a.to)
    }

    /// Finds the events the document's change summary names: one pass over the events, so a
    /// reload of a million events with a thousand changes costs one pass, not a search per id.
    pub fn rebuild_change_marks(&mut self) {
        (self.change_marks, self.change_list) =
            change_marks(self.document.timeline(), self.document.changes());
    }

    /// Shows `derived`, computed for the timeline on screen with `filter`, `mode` and `basis`,
    /// and the timeline's per-source figures (prepared off the UI thread with it).
    pub(super) fn adopt_derived(
        &mut self,
        derived: Derived,
        filter: Filter,
        mode: LaneMode,
        basis: TimeBasis,
        source_stats: Vec<crate::timeline::reports::SourceStats>,
        publishers: Vec<u32>,
    ) {
        self.derived = derived;
        self.derived_for = Some((Arc::clone(self.document.timeline()), filter, mode, basis));
        self.source_stats = source_stats;
        self.publishers = publishers;
        // A query still running was for the timeline replaced: its result will not fit.
        self.search.settle();
    }

    /// Builds a large timeline's search index now, on the search thread, before the first
    /// query wants it. Done for a file opened or reloaded, not after each edit: rebuilding it
    /// for every edit of a million events cost frames (an edit's first query builds it).
    pub(super) fn prepare_search(&mut self) {
        if let Some(key) = &self.derived_for {
            self.search.prepare(key, &self.lanes);
        }
    }
}
