//! One worker thread that runs only the latest request: the shape both background loads and
//! background searches need. A request made while the worker is busy waits, replacing (and
//! handing back) any request that waited before it; the worker starts on the first request and
//! ends when its owner is dropped.

use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};

/// A worker thread fed the latest of its requests.
pub struct LatestWorker<R> {
    name: &'static str,
    waiting: Arc<Mutex<Option<R>>>,
    /// Wakes the worker; `None` until it is started.
    wake: Option<Sender<()>>,
    run: Arc<dyn Fn(R) + Send + Sync>,
}

impl<R> std::fmt::Debug for LatestWorker<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LatestWorker")
            .field("name", &self.name)
            .field("started", &self.wake.is_some())
            .finish_non_exhaustive()
    }
}

impl<R: Send + 'static> LatestWorker<R> {
    /// A worker (not started yet) that will run each request it takes with `run`, on a thread
    /// called `name`.
    pub fn new(name: &'static str, run: impl Fn(R) + Send + Sync + 'static) -> Self {
        Self {
            name,
            waiting: Arc::default(),
            wake: None,
            run: Arc::new(run),
        }
    }

    /// Queues `request` for the worker, starting it if need be; returns the request it replaced,
    /// which will not run.
    pub fn submit(&mut self, request: R) -> Option<R> {
        let replaced = self
            .waiting
            .lock()
            .map(|mut waiting| waiting.replace(request))
            .ok()
            .flatten();
        let wake = self.wake.get_or_insert_with(|| {
            let (wake, woken) = channel::<()>();
            let waiting = Arc::clone(&self.waiting);
            let run = Arc::clone(&self.run);
            let spawned = std::thread::Builder::new()
                .name(self.name.to_owned())
                .spawn(move || worker(&woken, &waiting, run.as_ref()));
            if let Err(e) = spawned {
                log::error!("cannot start the {} thread: {e}", self.name);
            }
            wake
        });
        let _ = wake.send(());
        replaced
    }
}

/// Each wake-up, takes the waiting request (if any) and runs it, until the owner is dropped.
fn worker<R>(woken: &Receiver<()>, waiting: &Mutex<Option<R>>, run: &(dyn Fn(R) + Send + Sync)) {
    while woken.recv().is_ok() {
        if let Some(request) = waiting.lock().ok().and_then(|mut w| w.take()) {
            run(request);
        }
    }
}
