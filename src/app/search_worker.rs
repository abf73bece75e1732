//! What the filter leaves, computed off the UI thread for large timelines.
//!
//! At a million events one pass of the filter takes most of a second; doing it on each
//! keystroke froze the window. A [`SearchWorker`] computes it on one [`ResultWorker`] thread: a
//! request made while it is busy replaces the one waiting (only the latest query matters), and
//! the list and canvas keep the previous results until the new ones arrive.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, Weak};

use crate::document::latest::ResultWorker;
use crate::model::Timeline;
use crate::timeline::derived::{ChipParts, Derived};
use crate::timeline::layout::{Lane, LaneMode, TimeBasis};
use crate::timeline::search::Filter;
use crate::timeline::search_index::SearchIndex;

/// Below this many events the filter is computed in the frame: it takes well under a
/// millisecond, and results in the same frame are simpler for everyone.
pub const ASYNC_FROM_EVENTS: usize = 50_000;

/// What a result was computed for.
pub type Key = (Arc<Timeline>, Filter, LaneMode, TimeBasis);

/// One computation asked for.
struct Request {
    key: Key,
    lanes: Vec<Lane>,
    /// This request's number: a later request has a higher one.
    number: u64,
    /// Only build the timeline's index and what the chips leave.
    index_only: bool,
}

/// What [`ChipParts`] were computed for: the timeline, the filter without its query, the
/// lanes and the time basis.
type PartsKey = (Weak<Timeline>, Filter, Vec<Lane>, TimeBasis);

/// The value `kept` holds when `is_for` says it was made for what is asked now, else the one
/// `make` makes, kept instead under `key()`. The old value goes before the new one is made: never
/// two at once (an index at 1M is 100 MB). Made without keeping when the lock is poisoned.
fn kept_or_made<K, V>(
    kept: &Mutex<Option<(K, Arc<V>)>>,
    is_for: impl FnOnce(&K) -> bool,
    key: impl FnOnce() -> K,
    make: impl FnOnce() -> V,
) -> Arc<V> {
    let Ok(mut kept) = kept.lock() else {
        return Arc::new(make());
    };
    if let Some((of, value)) = kept.as_ref()
        && is_for(of)
    {
        return Arc::clone(value);
    }
    *kept = None;
    let value = Arc::new(make());
    *kept = Some((key(), Arc::clone(&value)));
    value
}

/// Whether `of` is `timeline`, still alive.
fn is_timeline(of: &Weak<Timeline>, timeline: &Arc<Timeline>) -> bool {
    std::ptr::eq(of.as_ptr(), Arc::as_ptr(timeline)) && of.strong_count() > 0
}

/// The chip parts for `request`: the ones kept when they were computed for the same timeline,
/// chips, lanes and basis, else new ones, kept.
fn parts_for(kept: &Mutex<KeptParts>, request: &Request) -> Arc<ChipParts> {
    let (timeline, filter, _, basis) = &request.key;
    let chips = Filter {
        query: String::new(),
        ..filter.clone()
    };
    kept_or_made(
        kept,
        |(of, kept_chips, kept_lanes, kept_basis)| {
            is_timeline(of, timeline)
                && *kept_chips == chips
                && *kept_basis == *basis
                && *kept_lanes == request.lanes
        },
        || {
            (
                Arc::downgrade(timeline),
                chips.clone(),
                request.lanes.clone(),
                *basis,
            )
        },
        || ChipParts::compute(timeline, &request.lanes, filter, *basis),
    )
}

/// The index of `timeline`: the one kept when it was built for it, else a new one, kept.
fn index_for(kept: &Mutex<KeptIndex>, timeline: &Arc<Timeline>) -> Arc<SearchIndex> {
    kept_or_made(
        kept,
        |of| is_timeline(of, timeline),
        || Arc::downgrade(timeline),
        || {
            let started = std::time::Instant::now();
            let index = SearchIndex::build(timeline);
            log::debug!(
                "search index of {} events built in {:.0} ms, {} MB",
                timeline.events.len(),
                started.elapsed().as_secs_f64() * 1000.0,
                index.heap_bytes() / 1_000_000
            );
            index
        },
    )
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
    worker: Option<ResultWorker<Request, Done>>,
    /// The key of the last request, so that one query is asked for once.
    asked: Option<Key>,
    /// The index of the last timeline searched, shared with the worker thread that builds it.
    index: Arc<Mutex<KeptIndex>>,
    /// The number of the latest query asked, which the worker reads to drop older ones.
    latest: Arc<AtomicU64>,
    /// What the chips leave, kept while only the query changes; shared likewise.
    parts: Arc<Mutex<KeptParts>>,
}

/// Chip parts and what they were computed for.
type KeptParts = Option<(PartsKey, Arc<ChipParts>)>;

/// A search index and the timeline it was built for.
type KeptIndex = Option<(Weak<Timeline>, Arc<SearchIndex>)>;

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
        let number = self.latest.fetch_add(1, Ordering::Relaxed) + 1;
        self.ensure_worker().submit(Request {
            key: key.clone(),
            lanes: lanes.to_vec(),
            number,
            index_only: false,
        });
    }

    /// The worker, started on first use.
    fn ensure_worker(&mut self) -> &mut ResultWorker<Request, Done> {
        self.worker.get_or_insert_with(|| {
            // Built on a timeline's first query (or when asked to, as it arrives), used by every
            // later one.
            let index = Arc::clone(&self.index);
            let latest = Arc::clone(&self.latest);
            let parts = Arc::clone(&self.parts);
            ResultWorker::new("sourceline-search", move |request: Request| {
                let (timeline, filter, ..) = &request.key;
                let index = index_for(&index, timeline);
                let parts = parts_for(&parts, &request);
                if request.index_only {
                    return None;
                }
                // A newer query makes this one moot: it stops at the next step.
                let cancelled = || latest.load(Ordering::Relaxed) != request.number;
                Derived::from_parts(timeline, &parts, filter, Some(&index), &cancelled).map(
                    |derived| Done {
                        key: request.key.clone(),
                        derived,
                    },
                )
            })
        })
    }

    /// Builds the search index of a large timeline and what the chips leave of it in `lanes` on
    /// the worker now, so that the first query does not wait for them (a query asked meanwhile
    /// replaces this request and builds them).
    pub fn prepare(&mut self, key: &Key, lanes: &[Lane]) {
        if key.0.events.len() < ASYNC_FROM_EVENTS {
            return;
        }
        if self.asked.is_some() {
            // A query waits or runs: it builds the index itself; this must not replace it.
            return;
        }
        let number = self.latest.load(Ordering::Relaxed);
        self.ensure_worker().submit(Request {
            key: key.clone(),
            lanes: lanes.to_vec(),
            number,
            index_only: true,
        });
    }

    /// The latest finished result, if one arrived since the last call.
    pub fn take_done(&mut self) -> Option<Done> {
        self.worker.as_ref()?.take_done()
    }

    /// True while a request is waiting or being computed.
    pub fn is_busy(&self) -> bool {
        self.asked.is_some()
    }

    /// True when the search index of `timeline` and what the chips leave of it are built
    /// (false while they are being built).
    pub fn is_index_ready(&self, timeline: &Arc<Timeline>) -> bool {
        let of_timeline = |of: &Weak<Timeline>| std::ptr::eq(of.as_ptr(), Arc::as_ptr(timeline));
        self.index
            .try_lock()
            .is_ok_and(|kept| kept.as_ref().is_some_and(|(of, _)| of_timeline(of)))
            && self
                .parts
                .try_lock()
                .is_ok_and(|kept| kept.as_ref().is_some_and(|(key, _)| of_timeline(&key.0)))
    }

    /// Bytes the kept search index holds (0 while none is, or it is being built).
    pub fn index_bytes(&self) -> usize {
        self.index.try_lock().map_or(0, |kept| {
            kept.as_ref().map_or(0, |(_, index)| index.heap_bytes())
        })
    }

    /// Forgets the last request (its result arrived, or no longer matters).
    pub fn settle(&mut self) {
        self.asked = None;
    }
}
