//! A new timeline made ready off the UI thread, then swapped in whole.
//!
//! Taking in a reload of a million events cost the frame that received it four seconds: the
//! change summary (every id of both timelines), the hash of the text, the lanes, what the
//! filter leaves, the per-source figures and the change marks are each a pass over the events.
//! So the loader's worker does them all right after the load ([`Prepare::run`]), for the state
//! the window was in when it asked, and [`AppState::install`] swaps the result in; a piece the
//! user changed meanwhile (the query, the lane mode, the selection) is redone then, as any
//! change of it would be. Until then the old timeline stays on screen, whole and usable.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::document::applying::{Applied, Batch, Op, OpFailure, apply_batch};
use crate::document::{ChangeSummary, Followed, Incoming, followed_files};
use crate::load::Loaded;
use crate::model::Timeline;
use crate::timeline::change_marks::{ChangeMark, change_marks};
use crate::timeline::derived::Derived;
use crate::timeline::lane_set::LaneSet;
use crate::timeline::layout::{LaneMode, TimeBasis};
use crate::timeline::reports::{SourceStats, publisher_counts, source_stats};
use crate::timeline::search::Filter;

use super::state::AppState;

/// What the window was showing when it asked for a load: what a new timeline is prepared for.
#[derive(Debug)]
pub struct Prepare {
    base: Arc<Timeline>,
    base_path: Option<PathBuf>,
    /// The change summary shown now (a reload that changes nothing keeps it).
    changes: Option<ChangeSummary>,
    lane_order: Vec<String>,
    lane_mode: LaneMode,
    filter: Filter,
    time_basis: TimeBasis,
    selected_id: Option<String>,
}

/// A loaded timeline with everything the window derives from it.
#[derive(Debug)]
pub struct Arrival {
    /// The timeline, its summary and its hash, for the document.
    pub incoming: Incoming,
    prepared_for: Prepare,
    lanes: LaneSet,
    derived: Derived,
    source_stats: Vec<SourceStats>,
    publishers: Vec<u32>,
    /// The summary the marks are for (the one the document will show).
    marked: Option<ChangeSummary>,
    change_marks: HashMap<usize, ChangeMark>,
    change_list: Vec<(ChangeMark, usize)>,
    selected: Option<usize>,
    followed: Followed,
}

impl Prepare {
    /// What `state` shows, for a load of `path`: another file starts with no filter and its
    /// own lane order, as opening it does.
    pub fn from_state(state: &AppState, path: &Path) -> Self {
        let same_file = state.document.path() == Some(path);
        Self {
            base: Arc::clone(state.document.timeline()),
            base_path: state.document.path().map(std::path::Path::to_path_buf),
            changes: state.document.changes().cloned(),
            lane_order: if same_file {
                state.lane_order.clone()
            } else {
                Vec::new()
            },
            lane_mode: state.lane_mode,
            filter: if same_file {
                state.filter.clone()
            } else {
                Filter::default()
            },
            time_basis: state.time_basis,
            selected_id: state.selected_id(),
        }
    }

    /// Derives everything from `loaded`, read from `path` (on the loader's worker).
    pub fn run(self, path: PathBuf, loaded: Loaded) -> Arrival {
        let same_file = self.base_path.as_deref() == Some(path.as_path());
        let incoming = Incoming::new(path, loaded, &self.base, self.base_path.as_deref());
        let timeline = &incoming.timeline;
        // The summary the document will show: the new one, or the last one when nothing changed.
        let marked = if !same_file {
            None
        } else if incoming.summary.is_empty() {
            self.changes.clone()
        } else {
            Some(incoming.summary.clone())
        };
        let lanes = LaneSet::compute(timeline, self.lane_mode, &self.lane_order);
        let derived = Derived::compute_by(timeline, &lanes.lanes, &self.filter, self.time_basis);
        let (change_marks, change_list) = change_marks(timeline, marked.as_ref());
        let selected = self
            .selected_id
            .as_deref()
            .and_then(|id| timeline.index_of(id));
        let followed = followed_files(Some(&incoming.path), timeline).into();
        Arrival {
            followed,
            source_stats: source_stats(timeline),
            publishers: publisher_counts(timeline),
            lanes,
            derived,
            marked,
            change_marks,
            change_list,
            selected,
            incoming,
            prepared_for: self,
        }
    }
}

impl AppState {
    /// "[new] " or "[changed] " while the change summary marks event `index`, else "".
    pub fn change_mark(&self, index: usize) -> &'static str {
        self.change_marks
            .get(&index)
            .map_or("", |mark| mark.prefix())
    }

    /// Shows `arrival`'s timeline with what was derived for it, redoing what no longer fits the
    /// state (a query typed, lanes switched, another event selected while it was prepared).
    /// Returns the files to follow now.
    pub fn install(&mut self, arrival: Arrival) -> Followed {
        let Arrival {
            incoming,
            prepared_for,
            lanes,
            derived,
            source_stats,
            publishers,
            marked,
            change_marks,
            change_list,
            selected,
            followed,
        } = arrival;
        let selected_id = self.selected_id();
        let same_file = self.document.path() == Some(incoming.path.as_path());
        let old = Arc::clone(self.document.timeline());
        self.document.replace(incoming);
        if !same_file {
            self.lane_order.clear();
            self.animation = None;
            self.view = crate::timeline::view::initial_view(self.document.timeline());
            self.filter = Filter::default();
        }
        let same_lanes =
            self.lane_order == prepared_for.lane_order && self.lane_mode == prepared_for.lane_mode;
        if same_lanes {
            self.lane_order = lanes.order;
            self.actors = lanes.actors;
            self.lanes = lanes.lanes;
            self.adopt_derived(
                derived,
                prepared_for.filter.clone(),
                prepared_for.lane_mode,
                prepared_for.time_basis,
                source_stats,
                publishers,
            );
            self.prepare_search();
        } else {
            self.rebuild_lanes();
        }
        if self.document.changes() == marked.as_ref() {
            self.change_marks = change_marks;
            self.change_list = change_list;
        } else {
            self.rebuild_change_marks();
        }
        self.selected = if selected_id == prepared_for.selected_id {
            selected
        } else {
            selected_id
                .as_deref()
                .and_then(|id| self.document.timeline().index_of(id))
        };
        drop_elsewhere(old, prepared_for);
        followed
    }
}

/// Lets the last handle on a replaced timeline go on a thread of its own: freeing a million
/// events takes longer than a frame. `prepared_for` holds a handle on it too, so it goes
/// first: else the timeline would be freed here when it goes.
fn drop_elsewhere(timeline: Arc<Timeline>, prepared_for: Prepare) {
    drop(prepared_for);
    if Arc::strong_count(&timeline) > 1 || timeline.events.len() < 50_000 {
        return;
    }
    let spawned = std::thread::Builder::new()
        .name("sourceline-free".to_owned())
        .spawn(move || {
            crate::document::latest::leave_a_core_for_the_window();
            drop(timeline);
        });
    if let Err(e) = spawned {
        log::warn!("freeing the old timeline on this thread: {e}");
    }
}

/// What the window derives from a timeline an edit made, on the worker that made it.
#[derive(Debug)]
struct Ready {
    lanes: LaneSet,
    derived: Derived,
    source_stats: Vec<SourceStats>,
    publishers: Vec<u32>,
    change_marks: HashMap<usize, ChangeMark>,
    change_list: Vec<(ChangeMark, usize)>,
    selected: Option<usize>,
}

/// A batch of edits made off the UI thread, with what the window derives from its timeline.
#[derive(Debug)]
pub struct BatchArrival {
    number: u64,
    applied: Applied,
    ready: Option<Ready>,
    prepared_for: Prepare,
}

impl Prepare {
    /// What `state` shows, for a batch of operations on its own text.
    pub fn for_batch(state: &AppState) -> Self {
        Self {
            base: Arc::clone(state.document.timeline()),
            base_path: state.document.path().map(std::path::Path::to_path_buf),
            changes: state.document.changes().cloned(),
            lane_order: state.lane_order.clone(),
            lane_mode: state.lane_mode,
            filter: state.filter.clone(),
            time_basis: state.time_basis,
            selected_id: state.selected_id(),
        }
    }

    /// Makes `batch` (number `number`) and derives what the window shows from the timeline it
    /// leaves, selecting `select` there when given (on the worker).
    pub fn run_batch(self, number: u64, batch: Batch, select: Option<&str>) -> BatchArrival {
        let applied = apply_batch(batch);
        let ready = applied.loaded.as_ref().map(|loaded| {
            let timeline = &loaded.timeline;
            let lanes = LaneSet::compute(timeline, self.lane_mode, &self.lane_order);
            let derived =
                Derived::compute_by(timeline, &lanes.lanes, &self.filter, self.time_basis);
            let (change_marks, change_list) = change_marks(timeline, self.changes.as_ref());
            let selected = select
                .or(self.selected_id.as_deref())
                .and_then(|id| timeline.index_of(id));
            Ready {
                source_stats: source_stats(timeline),
                publishers: publisher_counts(timeline),
                lanes,
                derived,
                change_marks,
                change_list,
                selected,
            }
        });
        BatchArrival {
            number,
            applied,
            ready,
            prepared_for: self,
        }
    }
}

impl AppState {
    /// Shows what a batch of operations made, with what was derived for it (redoing what no
    /// longer fits the state), and gives each operation's outcome; `None` when the batch is no
    /// longer wanted (the edits were dropped meanwhile).
    pub fn install_batch(
        &mut self,
        arrival: BatchArrival,
    ) -> Option<Vec<(Op, Result<(), OpFailure>)>> {
        let BatchArrival {
            number,
            applied,
            ready,
            prepared_for,
        } = arrival;
        let selected_id = self.selected_id();
        let old = Arc::clone(self.document.timeline());
        let results = self.document.finish_batch(number, applied)?;
        let Some(ready) = ready else {
            return Some(results);
        };
        let same_lanes =
            self.lane_order == prepared_for.lane_order && self.lane_mode == prepared_for.lane_mode;
        if same_lanes {
            self.lane_order = ready.lanes.order;
            self.actors = ready.lanes.actors;
            self.lanes = ready.lanes.lanes;
            self.adopt_derived(
                ready.derived,
                prepared_for.filter.clone(),
                prepared_for.lane_mode,
                prepared_for.time_basis,
                ready.source_stats,
                ready.publishers,
            );
        } else {
            self.rebuild_lanes();
        }
        if self.document.changes() == prepared_for.changes.as_ref() {
            self.change_marks = ready.change_marks;
            self.change_list = ready.change_list;
        } else {
            self.rebuild_change_marks();
        }
        if selected_id == prepared_for.selected_id {
            if ready.selected != self.selected {
                self.select(ready.selected);
            }
        } else {
            self.selected = selected_id
                .as_deref()
                .and_then(|id| self.document.timeline().index_of(id));
        }
        drop_elsewhere(old, prepared_for);
        Some(results)
    }
}
