//! A load running on its own thread, with shared progress and cancellation.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use crate::load::{LoadError, Loaded, Progress, load_with_progress};

/// The result of one load, with the file it was for.
#[derive(Debug)]
pub struct Finished {
    /// The events file.
    pub path: PathBuf,
    /// What the loader said.
    pub result: Result<Loaded, LoadError>,
}

/// A load running on its own thread.
#[derive(Debug)]
pub struct Job {
    /// The file being loaded.
    pub path: PathBuf,
    /// Shared progress; cancel through it.
    pub progress: Arc<Progress>,
    receiver: Receiver<Finished>,
}

impl Job {
    /// Starts loading `path` on a new thread; `on_done` runs on that thread when it finishes
    /// (the window asks for a repaint there).
    pub fn spawn(path: PathBuf, on_done: impl FnOnce() + Send + 'static) -> Self {
        let progress = Arc::new(Progress::default());
        let (sender, receiver) = channel();
        let thread_progress = Arc::clone(&progress);
        let thread_path = path.clone();
        std::thread::spawn(move || {
            let result = load_with_progress(&thread_path, &thread_progress);
            let _ = sender.send(Finished {
                path: thread_path,
                result,
            });
            on_done();
        });
        Self {
            path,
            progress,
            receiver,
        }
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
