//! Loads on one worker thread, with shared progress and cancellation.
//!
//! A load can hang in the file system (a network share that stopped answering): no flag can
//! interrupt a blocked read. So loads never get a thread each: one [`Loader`] runs them one at
//! a time on its single worker, and a request made while the worker is busy waits, replacing
//! any request that waited before it (only the latest matters). Cancelling drops the request's
//! [`Job`] at once, so the window goes back to its timeline even while the worker is stuck;
//! however often the file is reloaded, there is one loader thread.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use super::latest::LatestWorker;
use crate::load::{LoadError, Loaded, Progress, load_with_progress};

/// The result of one load, with the file it was for: the [`Loaded`] timeline, or what the
/// request made of it on the worker (see [`Loader::start_then`]).
#[derive(Debug)]
pub struct Finished<T = Loaded> {
    /// The events file.
    pub path: PathBuf,
    /// What the loader said.
    pub result: Result<T, LoadError>,
}

/// One requested load: its result arrives through [`Job::try_finish`].
#[derive(Debug)]
pub struct Job<T = Loaded> {
    /// The file being loaded.
    pub path: PathBuf,
    /// Shared progress; cancel through it.
    pub progress: Arc<Progress>,
    receiver: Receiver<Finished<T>>,
}

impl Job {
    /// Starts loading `path` on a thread of its own (for tests and one-off loads; the window
    /// uses a [`Loader`]). `on_done` runs on that thread when it finishes.
    pub fn spawn(path: PathBuf, on_done: impl FnOnce() + Send + 'static) -> Self {
        Loader::new().start(path, on_done)
    }
}

impl<T> Job<T> {
    /// The result, once there is one.
    pub fn try_finish(&self) -> Option<Finished<T>> {
        self.receiver.try_recv().ok()
    }

    /// Waits at most `timeout` for the result.
    pub fn wait(&self, timeout: Duration) -> Option<Finished<T>> {
        self.receiver.recv_timeout(timeout).ok()
    }
}

/// What the worker is asked to do: load a file, then hand the result to `finish` (which
/// reports through the job's channel).
struct Request {
    path: PathBuf,
    progress: Arc<Progress>,
    finish: Box<dyn FnOnce(PathBuf, Result<Loaded, LoadError>) + Send>,
}

/// Runs loads one at a time on a single worker thread, started on the first request.
#[derive(Debug)]
pub struct Loader {
    worker: LatestWorker<Request>,
}

impl Default for Loader {
    fn default() -> Self {
        Self::new()
    }
}

impl Loader {
    /// A loader that reads files with [`load_with_progress`].
    pub fn new() -> Self {
        Self::with_load(load_with_progress)
    }

    /// A loader that loads with `load` (tests stand in a load that hangs).
    pub fn with_load(
        load: impl Fn(&std::path::Path, &Progress) -> Result<Loaded, LoadError> + Send + Sync + 'static,
    ) -> Self {
        let worker = LatestWorker::new("sourceline-loader", move |request: Request| {
            if request.progress.is_cancelled() {
                return;
            }
            let result = load(&request.path, &request.progress);
            (request.finish)(request.path, result);
        });
        Self { worker }
    }

    /// Asks for `path` to be loaded; a request still waiting for the worker is cancelled and
    /// replaced. `on_done` runs on the worker when this load finishes.
    pub fn start(&mut self, path: PathBuf, on_done: impl FnOnce() + Send + 'static) -> Job {
        self.start_then(path, |loaded| loaded, on_done)
    }

    /// Like [`Self::start`], and a good load is passed through `then` on the worker before it
    /// is reported: the window prepares what it derives from a new timeline there, so that
    /// taking it in costs a frame nothing. Cancelled, the job reports nothing.
    pub fn start_then<T: Send + 'static>(
        &mut self,
        path: PathBuf,
        then: impl FnOnce(Loaded) -> T + Send + 'static,
        on_done: impl FnOnce() + Send + 'static,
    ) -> Job<T> {
        let progress = Arc::new(Progress::default());
        let (sender, receiver) = channel();
        let cancelled = Arc::clone(&progress);
        let finish = move |path: PathBuf, result: Result<Loaded, LoadError>| {
            let result = match result {
                Ok(_) if cancelled.is_cancelled() => Err(LoadError::cancelled(path.clone())),
                Ok(loaded) => Ok(then(loaded)),
                Err(error) => Err(error),
            };
            let _: Result<(), _> = sender.send(Finished { path, result });
            on_done();
        };
        let replaced = self.worker.submit(Request {
            path: path.clone(),
            progress: Arc::clone(&progress),
            finish: Box::new(finish),
        });
        if let Some(replaced) = replaced {
            replaced.progress.cancel();
        }
        Job {
            path,
            progress,
            receiver,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// The tests here each start a loader thread: one at a time, so that counting threads
    /// counts only the test's own.
    static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

    /// The loaders' threads alive in this process, by name ("sourceline-loader", which Linux
    /// cuts to 15 bytes). Other tests run beside these and start threads of their own (a
    /// large load parses and anchors on several), which a count of every thread would see.
    fn threads() -> usize {
        std::fs::read_dir("/proc/self/task").map_or(0, |tasks| {
            tasks
                .filter_map(Result::ok)
                .filter(|task| {
                    std::fs::read_to_string(task.path().join("comm"))
                        .is_ok_and(|name| name.starts_with("sourceline-load"))
                })
                .count()
        })
    }

    #[test]
    fn a_hung_load_keeps_one_thread_and_runs_only_the_latest_request_after_it() {
        let _one = ONE_AT_A_TIME.lock();
        let (release, hold) = std::sync::mpsc::channel::<()>();
        let hold = Mutex::new(hold);
        let calls = Arc::new(AtomicUsize::new(0));
        let counted = Arc::clone(&calls);
        let mut loader = Loader::with_load(move |path, _| {
            if counted.fetch_add(1, Ordering::SeqCst) == 0 {
                // The first load hangs, as a read from a dead network share would.
                let _ = hold.lock().map(|h| h.recv());
            }
            Err(LoadError {
                file: path.to_owned(),
                diagnostics: Vec::new(),
            })
        });
        let first = loader.start(PathBuf::from("hung.json"), || {});
        while calls.load(Ordering::SeqCst) == 0 {
            std::thread::sleep(Duration::from_millis(1));
        }
        let before = threads();
        assert!(before >= 1, "the hung load's thread is not seen");
        let mut jobs = Vec::new();
        for i in 0..200 {
            // The window cancels the job it shows and asks again: it never waits on the worker.
            jobs.push(loader.start(PathBuf::from(format!("{i}.json")), || {}));
        }
        assert!(
            threads() <= before,
            "{} threads, {before} before",
            threads()
        );
        first.progress.cancel();
        release.send(()).ok();
        let last = jobs.pop().map(|job| job.wait(Duration::from_secs(10)));
        let finished = last.flatten().map(|f| f.path);
        assert_eq!(finished, Some(PathBuf::from("199.json")));
        // The hung load and the latest request ran; the 199 in between were replaced.
        assert_eq!(calls.load(Ordering::SeqCst), 2);
        assert!(jobs.iter().all(|job| job.progress.is_cancelled()));
    }

    #[test]
    fn then_runs_on_the_worker_and_a_cancelled_job_reports_cancelled_without_it() {
        let _one = ONE_AT_A_TIME.lock();
        let (release, hold) = std::sync::mpsc::channel::<()>();
        let hold = Mutex::new(hold);
        let slow_started = Arc::new(AtomicUsize::new(0));
        let started = Arc::clone(&slow_started);
        let mut loader = Loader::with_load(move |path, _| {
            if path == std::path::Path::new("slow.json") {
                started.fetch_add(1, Ordering::SeqCst);
                let _ = hold.lock().map(|h| h.recv());
            }
            Ok(crate::load::fixture::small())
        });
        let thread_of_then = |loaded: Loaded| {
            let name = std::thread::current().name().map(str::to_owned);
            (loaded.timeline.events.len(), name)
        };
        let job = loader.start_then(PathBuf::from("events.json"), thread_of_then, || {});
        let finished = job.wait(Duration::from_secs(10)).map(|f| f.result.ok());
        let (events, thread) = finished.flatten().unwrap_or_default();
        assert!(events > 0);
        assert_eq!(thread.as_deref(), Some("sourceline-loader"));

        let ran = Arc::new(AtomicUsize::new(0));
        let counted = Arc::clone(&ran);
        let job = loader.start_then(
            PathBuf::from("slow.json"),
            move |_| counted.fetch_add(1, Ordering::SeqCst),
            || {},
        );
        while slow_started.load(Ordering::SeqCst) == 0 {
            std::thread::sleep(Duration::from_millis(1));
        }
        // Cancelled after the load itself has run past its last check.
        job.progress.cancel();
        release.send(()).ok();
        let result = job.wait(Duration::from_secs(10)).map(|f| f.result);
        let cancelled = result.and_then(Result::err).is_some_and(|e| {
            e.diagnostics
                .iter()
                .any(|d| d.problem == crate::load::diagnostic::Problem::Cancelled)
        });
        assert!(cancelled);
        assert_eq!(ran.load(Ordering::SeqCst), 0);
    }
}
