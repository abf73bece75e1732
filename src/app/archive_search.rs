//! The search "in articles": the query, its hits across the archived articles of the timeline
//! shown, and the hit opened in the reader. Shared state (the toolbar edits the query, the
//! results panel lists the hits, the reader lights the one opened, keys step and cite), changed
//! only by commands. The search runs on a [`ResultWorker`] thread once the articles are large
//! enough to cost a frame; a query typed meanwhile replaces the one waiting.

use std::ops::Range;
use std::sync::Arc;

use crate::document::latest::ResultWorker;
use crate::model::Timeline;
use crate::timeline::archive_search::{ArchiveQuery, ArchiveResults, QueryError, search_timeline};

/// The most hits listed: more are counted, not shown.
pub const MAX_HITS_SHOWN: usize = 2_000;

/// Below this many bytes of archived text in all, a query is searched in the frame (well under a
/// millisecond); from it on, on the worker.
pub const ASYNC_FROM_BYTES: usize = 1 << 20;

/// What a result was computed for: the timeline and the query.
type Key = (Arc<Timeline>, String);

/// A query's outcome: its hits, or why it cannot be searched.
pub type Outcome = Result<ArchiveResults, QueryError>;

/// The search in articles.
#[derive(Debug, Default)]
pub struct ArchiveSearch {
    /// The search box searches the articles (not the events).
    pub in_articles: bool,
    /// The query typed in that mode.
    pub query: String,
    /// The outcome shown and what it was computed for.
    shown: Option<(Key, Arc<Outcome>)>,
    /// The hit stepped to or clicked, an index into the hits in the order shown.
    pub cursor: Option<usize>,
    /// The hit the reader shows: its source's id and range.
    pub opened: Option<(String, Range<usize>)>,
    worker: Option<ResultWorker<Key, (Key, Outcome)>>,
    /// The last request made to the worker.
    asked: Option<Key>,
}

impl ArchiveSearch {
    /// The outcome shown, if any, and whether it is for the query and timeline of now.
    pub fn shown(&self, timeline: &Arc<Timeline>) -> Option<(&Outcome, bool)> {
        let (key, outcome) = self.shown.as_ref()?;
        Some((outcome, self.is_for(key, timeline)))
    }

    fn is_for(&self, key: &Key, timeline: &Arc<Timeline>) -> bool {
        Arc::ptr_eq(&key.0, timeline) && key.1 == self.query
    }

    /// True while a query waits for the worker.
    pub fn is_searching(&self, timeline: &Arc<Timeline>) -> bool {
        self.in_articles
            && self
                .asked
                .as_ref()
                .is_some_and(|asked| self.is_for(asked, timeline))
            && !self
                .shown
                .as_ref()
                .is_some_and(|(key, _)| self.is_for(key, timeline))
    }

    /// The hit at `index` in the order shown: its source's index and range.
    pub fn hit(&self, index: usize) -> Option<(usize, Range<usize>)> {
        let (_, outcome) = self.shown.as_ref()?;
        let results = outcome.as_ref().as_ref().ok()?;
        results
            .iter()
            .nth(index)
            .map(|(source, range)| (source, range.clone()))
    }

    /// How many hits are listed.
    pub fn hits_shown(&self) -> usize {
        self.shown
            .as_ref()
            .and_then(|(_, outcome)| outcome.as_ref().as_ref().ok())
            .map_or(0, ArchiveResults::kept)
    }

    /// Brings the outcome up to date with the query and `timeline`: takes the worker's result,
    /// and asks for a new one (or computes it at once, for small archives) when they changed.
    pub fn refresh(&mut self, timeline: &Arc<Timeline>) {
        if let Some(done) = self.worker.as_ref().and_then(ResultWorker::take_done) {
            let (key, outcome) = done;
            if Arc::ptr_eq(&key.0, timeline) {
                self.shown = Some((key, Arc::new(outcome)));
            }
        }
        if !self.in_articles || self.query.trim().is_empty() {
            self.shown = None;
            self.asked = None;
            return;
        }
        let current = self
            .shown
            .as_ref()
            .is_some_and(|(key, _)| self.is_for(key, timeline));
        let asked = self
            .asked
            .as_ref()
            .is_some_and(|key| self.is_for(key, timeline));
        if current || asked {
            return;
        }
        let key: Key = (Arc::clone(timeline), self.query.clone());
        // A new query starts from no hit; the same one on an edited timeline keeps its place.
        let last_query = self.asked.as_ref().or(self.shown.as_ref().map(|(k, _)| k));
        if last_query.is_none_or(|k| k.1 != self.query) {
            self.cursor = None;
        }
        let bytes: usize = timeline.sources.iter().map(|s| s.text.len()).sum();
        if bytes < ASYNC_FROM_BYTES {
            let outcome = search(&key);
            self.shown = Some((key, Arc::new(outcome)));
            return;
        }
        self.asked = Some(key.clone());
        self.worker
            .get_or_insert_with(|| {
                ResultWorker::new("sourceline-archive-search", |key: Key| {
                    let outcome = search(&key);
                    Some((key, outcome))
                })
            })
            .submit(key);
    }
}

/// The outcome of a key's query over its timeline's articles.
fn search(key: &Key) -> Outcome {
    let query = ArchiveQuery::parse(&key.1)?;
    Ok(search_timeline(&key.0, &query, MAX_HITS_SHOWN))
}
