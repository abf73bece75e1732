//! What the filter leaves, computed off the UI thread for large timelines.
//!
//! At a million events one pass of the filter takes most of a second; doing it on each
//! keystroke froze the window. A [`SearchWorker`] computes it on one [`LatestWorker`] thread: a
//! request made while it is busy replaces the one waiting (only the latest query matters), and
//! the list and canvas keep the previous results until the new ones arrive.

use std::sync::Arc;
use std::sync::mpsc::{Receiver, channel};

use crate::document::latest::LatestWorker;
use crate::model::Timeline;
use crate::timeline::derived::Derived;
use crate::timeline::layout::{Lane, LaneMode, TimeBasis};
use crate::timeline::search::Filter;

/// Below this many events the filter is computed in the frame: it takes well under a
/// millisecond, and results in the same frame are simpler for everyone.
pub const ASYNC_FROM_EVENTS: usize = 50_000;

/// What a result was computed for.
pub type Key = (Arc<Timeline>, Filter, LaneMode, TimeBasis);

/// One computation asked for.
struct Request {
    key: Key,
    lanes: Vec<Lane>,
}

/// A finished computation.
pub struct Done {
    /// What it was computed for.
    pub key: Key,
    /// The result.
    pub derived: Derived,
}

/// The worker thread, started on the first request.
#[derive(Debug, Default)]
pub struct SearchWorker {
    worker: Option<LatestWorker<Request>>,
    done: Option<Receiver<Done>>,
    /// The key of the last request, so that one query is asked for once.
    asked: Option<Key>,
}

impl SearchWorker {
    /// Asks for the filter's result for `key` with `lanes`, unless that was the last request.
    pub fn request(&mut self, key: &Key, lanes: &[Lane]) {
        let same = self.asked.as_ref().is_some_and(|asked| {
            Arc::ptr_eq(&asked.0, &key.0)
                && asked.1 == key.1
                && asked.2 == key.2
                && asked.3 == key.3
        });
        if same {
            return;
        }
        self.asked = Some(key.clone());
        let worker = self.worker.get_or_insert_with(|| {
            let (send_done, done) = channel();
            self.done = Some(done);
            LatestWorker::new("sourceline-search", move |request: Request| {
                let (timeline, filter, _, basis) = &request.key;
                let derived = Derived::compute_by(timeline, &request.lanes, filter, *basis);
                let _ = send_done.send(Done {
                    key: request.key,
                    derived,
                });
            })
        });
        worker.submit(Request {
            key: key.clone(),
            lanes: lanes.to_vec(),
        });
    }

    /// The latest finished result, if one arrived since the last call.
    pub fn take_done(&mut self) -> Option<Done> {
        self.done.as_ref()?.try_iter().last()
    }

    /// True while a request is waiting or being computed.
    pub fn is_busy(&self) -> bool {
        self.asked.is_some()
    }

    /// Forgets the last request (its result arrived, or no longer matters).
    pub fn settle(&mut self) {
        self.asked = None;
    }
}
