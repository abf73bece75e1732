//! Capturing linked sources: every source with a URL and no text yet is fetched, its article
//! extracted, and handed back to be archived (`sourceline archive`, the window's File > Archive
//! linked sources…, a pending citation's Archive it, and Add from URL…).
//!
//! A [`CaptureRun`] fetches on a few threads of its own (at most [`MAX_AT_ONCE`] at a time,
//! one host asked at most once per delay) and sends each outcome as it comes, so a window can
//! show progress and the command line print a line per source. It only reads the network:
//! writing what came into `articles/` and the events file is the caller's, one source at a
//! time, so that whatever was archived stays archived if the run is stopped.

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use super::extract::{Extracted, Kind, extract_original};
use super::fetch::{FetchError, Fetched, Limits, fetch};
use crate::edit::article::{NewArticle, Original};
use crate::model::date::PartialDate;
use crate::model::{SourceRecord, Timeline};

/// The most fetches a run makes at once.
pub const MAX_AT_ONCE: usize = 4;

/// The shortest time between two requests to one host, by default.
pub const HOST_DELAY: Duration = Duration::from_secs(1);

/// One address to capture: for a source already in the file (a linked one), or a new one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaptureTask {
    /// The id of the source whose text this is; `None` for a new source (Add from URL).
    pub source_id: Option<String>,
    /// The address to fetch.
    pub url: String,
}

/// Why a capture failed.
#[derive(Debug, thiserror::Error)]
pub enum CaptureError {
    /// Nothing was fetched.
    #[error("{0}")]
    Fetch(#[from] FetchError),
    /// What came gives no article.
    #[error("{0}")]
    Extract(#[from] super::extract::ExtractError),
}

/// What came of one capture: the article found and its original, or why not.
#[derive(Debug)]
pub struct CaptureOutcome {
    /// What was asked.
    pub task: CaptureTask,
    /// The article, and the original to archive beside it.
    pub result: Result<Box<(Extracted, Original)>, CaptureError>,
}

/// How a run fetches.
#[derive(Clone, Copy, Debug)]
pub struct RunOptions {
    /// Fetches at once (at most [`MAX_AT_ONCE`]).
    pub at_once: usize,
    /// The shortest time between two requests to one host.
    pub host_delay: Duration,
    /// Each fetch's limits.
    pub limits: Limits,
}

impl Default for RunOptions {
    fn default() -> Self {
        Self {
            at_once: MAX_AT_ONCE,
            host_delay: HOST_DELAY,
            limits: Limits::default(),
        }
    }
}

/// Captures under way: outcomes arrive on [`CaptureRun::wait_next`] or [`CaptureRun::try_next`], in
/// the order they finish. Dropping it (or [`CaptureRun::cancel`]) stops the fetches not yet
/// begun; one under way ends within its limits.
pub struct CaptureRun {
    outcomes: Receiver<CaptureOutcome>,
    cancelled: Arc<AtomicBool>,
    /// How many tasks the run was given.
    pub total: usize,
    /// How many outcomes were taken so far.
    pub done: usize,
}

impl CaptureRun {
    /// Starts fetching `tasks` on threads of their own.
    pub fn start(tasks: Vec<CaptureTask>, options: RunOptions) -> Self {
        let total = tasks.len();
        let (sender, outcomes) = channel();
        let cancelled = Arc::new(AtomicBool::new(false));
        let queue = Arc::new(Mutex::new(VecDeque::from(tasks)));
        let hosts: Arc<Mutex<HashMap<String, Instant>>> = Arc::default();
        for n in 0..options.at_once.clamp(1, MAX_AT_ONCE).min(total) {
            let worker = Worker {
                queue: Arc::clone(&queue),
                hosts: Arc::clone(&hosts),
                cancelled: Arc::clone(&cancelled),
                sender: sender.clone(),
                options,
            };
            let started = std::thread::Builder::new()
                .name(format!("capture-{n}"))
                .spawn(move || worker.run());
            if let Err(e) = started {
                log::error!("cannot start a capture thread: {e}");
            }
        }
        Self {
            outcomes,
            cancelled,
            total,
            done: 0,
        }
    }

    /// The next outcome, waiting for it; `None` when every task is done (or the threads are
    /// gone).
    pub fn wait_next(&mut self) -> Option<CaptureOutcome> {
        let outcome = self.outcomes.recv().ok()?;
        self.done += 1;
        Some(outcome)
    }

    /// The next outcome if one is ready.
    pub fn try_next(&mut self) -> Option<CaptureOutcome> {
        let outcome = self.outcomes.try_recv().ok()?;
        self.done += 1;
        Some(outcome)
    }

    /// True when every task's outcome was taken, or the run was cancelled.
    pub fn is_finished(&self) -> bool {
        self.done >= self.total || self.cancelled.load(Ordering::Relaxed)
    }

    /// Stops the fetches not begun yet.
    pub fn cancel(&self) {
        self.cancelled.store(true, Ordering::Relaxed);
    }
}

impl Drop for CaptureRun {
    fn drop(&mut self) {
        self.cancel();
    }
}

/// One fetching thread's share of a run.
struct Worker {
    queue: Arc<Mutex<VecDeque<CaptureTask>>>,
    hosts: Arc<Mutex<HashMap<String, Instant>>>,
    cancelled: Arc<AtomicBool>,
    sender: Sender<CaptureOutcome>,
    options: RunOptions,
}

impl Worker {
    fn run(self) {
        loop {
            if self.cancelled.load(Ordering::Relaxed) {
                return;
            }
            let task = self
                .queue
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .pop_front();
            let Some(task) = task else {
                return;
            };
            // Its turn at the host: the host's next free moment, booked now so that the other
            // threads queue behind it.
            let host = url::Url::parse(&task.url)
                .ok()
                .and_then(|u| u.host_str().map(str::to_owned))
                .unwrap_or_default();
            let wait = {
                let mut hosts = self.hosts.lock().unwrap_or_else(PoisonError::into_inner);
                let now = Instant::now();
                let turn = hosts.get(&host).copied().unwrap_or(now).max(now);
                hosts.insert(host, turn + self.options.host_delay);
                turn - now
            };
            let until = Instant::now() + wait;
            while Instant::now() < until {
                if self.cancelled.load(Ordering::Relaxed) {
                    return;
                }
                std::thread::sleep((until - Instant::now()).min(Duration::from_millis(50)));
            }
            let result = capture(&task.url, self.options.limits);
            if self.sender.send(CaptureOutcome { task, result }).is_err() {
                return; // nobody is waiting any more
            }
        }
    }
}

/// Fetches `url` and extracts its article, as a page or a PDF by the media type it came with.
///
/// # Errors
/// What the fetch or the extraction said.
pub fn capture(url: &str, limits: Limits) -> Result<Box<(Extracted, Original)>, CaptureError> {
    let fetched: Fetched = fetch(url, limits)?;
    let page = extract_original(&fetched.bytes, Kind::of_media_type(&fetched.media_type))?;
    let original = page.original(fetched.bytes.clone(), Some(&fetched));
    Ok(Box::new((page, original)))
}

/// The sources of `timeline` to capture: each with a URL and no archived text, in file order.
pub fn linked_sources(timeline: &Timeline) -> Vec<CaptureTask> {
    timeline
        .sources
        .iter()
        .filter(|s| s.record.file.is_none())
        .filter_map(|s| {
            Some(CaptureTask {
                source_id: Some(s.record.id.clone()),
                url: s.record.url.clone()?,
            })
        })
        .collect()
}

/// The article to archive for `record`, a linked source, from what its capture found. What the
/// import made up gives way to what the page says: an "Untitled (host)" title, a publisher that
/// is only the host, an approximate publication date (the page's date stays approximate, with
/// its note). What someone wrote in the file stays.
pub fn archived_article(record: &SourceRecord, page: &Extracted, original: Original) -> NewArticle {
    let mut record = record.clone();
    // The publisher an import made up when the link gave none (`collect::host_name`).
    let host = record
        .url
        .as_deref()
        .and_then(|u| url::Url::parse(u).ok())
        .map(|u| super::collect::host_name(&u));
    if let Some(title) = &page.title
        && (record.title.starts_with("Untitled (") || Some(&record.title) == record.url.as_ref())
    {
        record.title.clone_from(title);
    }
    if let Some(publisher) = &page.publisher
        && (host.as_ref() == Some(&record.publisher) || record.publisher.trim().is_empty())
    {
        record.publisher.clone_from(publisher);
    }
    if record.author.is_none() {
        record.author.clone_from(&page.author);
    }
    if record.published_approximate
        && let Some(date) = &page.published
        && PartialDate::parse(date).is_ok()
    {
        record.published.clone_from(date);
        record.published_note.clone_from(&page.published_note);
    }
    NewArticle {
        text: page.text.clone(),
        record,
        existing: true,
        original: Some(original),
    }
}
