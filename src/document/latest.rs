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

/// A [`LatestWorker`] whose runs hand a result back, on a thread kept off the window's core
/// ([`leave_a_core_for_the_window`]): the shape of the window's background computations (the
/// search, the search in articles, "also reported by"), each of which asks for the latest
/// result and takes it in a later frame.
pub struct ResultWorker<R, V> {
    worker: LatestWorker<R>,
    done: Receiver<V>,
}

impl<R, V> std::fmt::Debug for ResultWorker<R, V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ResultWorker")
            .field("worker", &self.worker)
            .finish_non_exhaustive()
    }
}

impl<R: Send + 'static, V: Send + 'static> ResultWorker<R, V> {
    /// A worker (not started yet) that runs each request it takes with `run` on a thread called
    /// `name`, and keeps what `run` returns for [`Self::take_done`].
    pub fn new(name: &'static str, run: impl Fn(R) -> Option<V> + Send + Sync + 'static) -> Self {
        let (send, done) = channel();
        let worker = LatestWorker::new(name, move |request| {
            // Seconds of a core on a large timeline or archive: never the one the window
            // draws on (replay --script edit showed 24 ms frames otherwise).
            leave_a_core_for_the_window();
            if let Some(result) = run(request) {
                let _ = send.send(result);
            }
        });
        Self { worker, done }
    }

    /// Queues `request`, as [`LatestWorker::submit`] does.
    pub fn submit(&mut self, request: R) -> Option<R> {
        self.worker.submit(request)
    }

    /// The latest result that arrived since the last call, if any.
    pub fn take_done(&self) -> Option<V> {
        self.done.try_iter().last()
    }
}

/// Keeps the calling thread, and the threads it starts from now on, off one of the cores this
/// process may use, so that the window's thread always finds one free when a frame is due.
/// The editing thread calls it: it loads the whole file for each batch, its parallel phases
/// took both cores of a two-core machine, and frames drawn meanwhile took up to 25 ms instead
/// of 4 (`examples/replay --script edit`). Its threads then count one core fewer, through
/// `available_parallelism`. Nothing changes with a single core, or off Linux; a failure only
/// costs smoothness. Only the first call on a thread does anything.
pub fn leave_a_core_for_the_window() {
    thread_local! {
        /// Set once done: a second call would take another core away.
        static DONE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }
    if DONE.with(|done| done.replace(true)) {
        return;
    }
    #[cfg(target_os = "linux")]
    {
        use rustix::thread::{CpuSet, sched_getaffinity, sched_setaffinity};
        let Ok(allowed) = sched_getaffinity(None) else {
            return;
        };
        let cores: Vec<usize> = (0..CpuSet::MAX_CPU)
            .filter(|&c| allowed.is_set(c))
            .collect();
        if let [kept @ .., _left_to_the_window] = cores.as_slice()
            && !kept.is_empty()
        {
            let mut set = CpuSet::new();
            for &core in kept {
                set.set(core);
            }
            if let Err(e) = sched_setaffinity(None, &set) {
                log::debug!("cannot keep this thread off a core: {e}");
            }
        }
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

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use rustix::thread::{CpuSet, sched_getaffinity, sched_setaffinity};

    #[test]
    fn a_core_is_left_once_however_often_it_is_asked() {
        let cores = |set: CpuSet| set.count();
        let all = sched_getaffinity(None).unwrap_or_else(|_| CpuSet::new());
        let before = cores(all);
        let (first, second) = std::thread::spawn(move || {
            super::leave_a_core_for_the_window();
            let first = sched_getaffinity(None).map_or(0, cores);
            // Every core back, then asked again: the second call must not take one away (on
            // a machine of many cores, a call per batch would take them one by one).
            let _ = sched_setaffinity(None, &all);
            super::leave_a_core_for_the_window();
            (first, sched_getaffinity(None).map_or(0, cores))
        })
        .join()
        .unwrap_or_default();
        let expected = if before > 1 { before - 1 } else { before };
        assert_eq!(first, expected);
        assert_eq!(second, before);
        // The calling thread keeps every core.
        assert_eq!(sched_getaffinity(None).map_or(0, cores), before);
    }
}
