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
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::Duration;

use super::latest::LatestWorker;
use crate::load::{LoadError, Loaded, Progress, load_with_progress};

/// The result of one load, with the file it was for.
#[derive(Debug)]
pub struct Finished {
    /// The events file.
    pub path: PathBuf,
    /// What the loader said.
    pub result: Result<Loaded, LoadError>,
}

/// One requested load: its result arrives through [`Job::try_finish`].
#[derive(Debug)]
pub struct Job {
    /// The file being loaded.
    pub path: PathBuf,
    /// Shared progress; cancel through it.
    pub progress: Arc<Progress>,
    receiver: Receiver<Finished>,
}

impl Job {
    /// Starts loading `path` on a thread of its own (for tests and one-off loads; the window
    /// uses a [`Loader`]). `on_done` runs on that thread when it finishes.
    pub fn spawn(path: PathBuf, on_done: impl FnOnce() + Send + 'static) -> Self {
        Loader::new().start(path, on_done)
    }

    /// The result, once there is one.
    pub fn try_finish(&self) -> Option<Finished> {
        self.receiver.try_recv().ok()
    }

    /// Waits at most `timeout` for the result.
    pub fn wait(&self, timeout: Duration) -> Option<Finished> {
        self.receiver.recv_timeout(timeout).ok()
    }
}

/// What the worker is asked to do: load a file and report through a job's channel.
struct Request {
    path: PathBuf,
    progress: Arc<Progress>,
    sender: Sender<Finished>,
    on_done: Box<dyn FnOnce() + Send>,
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
            let _ = request.sender.send(Finished {
                path: request.path,
                result,
            });
            (request.on_done)();
        });
        Self { worker }
    }

    /// Asks for `path` to be loaded; a request still waiting for the worker is cancelled and
    /// replaced. `on_done` runs on the worker when this load finishes.
    pub fn start(&mut self, path: PathBuf, on_done: impl FnOnce() + Send + 'static) -> Job {
        let progress = Arc::new(Progress::default());
        let (sender, receiver) = channel();
        let replaced = self.worker.submit(Request {
            path: path.clone(),
            progress: Arc::clone(&progress),
            sender,
            on_done: Box::new(on_done),
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

    fn threads() -> usize {
        std::fs::read_dir("/proc/self/task").map_or(0, Iterator::count)
    }

    #[test]
    fn a_hung_load_keeps_one_thread_and_runs_only_the_latest_request_after_it() {
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
}
