//! Following the open file and its articles on disk: change notifications, debounced.

use std::cell::Cell;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher as _};

/// How long the file must be quiet before a change is acted on.
pub const DEBOUNCE: Duration = Duration::from_millis(200);

/// Files to follow, made absolute, and the folders they are in. Paths compare component by
/// component, so building the sets for a thousand articles takes milliseconds: a load builds
/// them on its worker.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Followed {
    files: BTreeSet<PathBuf>,
    folders: BTreeSet<PathBuf>,
}

impl<I: IntoIterator<Item = PathBuf>> From<I> for Followed {
    fn from(files: I) -> Self {
        let files: BTreeSet<PathBuf> = files.into_iter().map(|f| absolute(&f)).collect();
        let folders = files
            .iter()
            .filter_map(|f| f.parent().map(Path::to_path_buf))
            .collect();
        Self { files, folders }
    }
}

/// Watches the folders of the open events file and its articles, and reports when one of those
/// files changes (including being replaced by a rename or deleted and recreated), once the
/// writes have been quiet for [`DEBOUNCE`].
pub struct Follower {
    watcher: RecommendedWatcher,
    events: Receiver<notify::Result<notify::Event>>,
    files: BTreeSet<PathBuf>,
    folders: BTreeSet<PathBuf>,
    last_change: Cell<Option<Instant>>,
}

impl Follower {
    /// A follower that calls `wake` (from the watcher's thread) whenever something happened in
    /// a watched folder.
    ///
    /// # Errors
    /// When the operating system's file watcher cannot be created.
    pub fn new(wake: impl Fn() + Send + 'static) -> Result<Self, String> {
        let (sender, events) = channel();
        let watcher = notify::recommended_watcher(move |event| {
            let _ = sender.send(event);
            wake();
        })
        .map_err(|e| e.to_string())?;
        Ok(Self {
            watcher,
            events,
            files: BTreeSet::new(),
            folders: BTreeSet::new(),
            last_change: Cell::new(None),
        })
    }

    /// Follows exactly these files from now on.
    pub fn follow(&mut self, files: impl Into<Followed>) {
        let Followed { files, folders } = files.into();
        for gone in self.folders.difference(&folders) {
            let _ = self.watcher.unwatch(gone);
        }
        for new in folders.difference(&self.folders) {
            if let Err(e) = self.watcher.watch(new, RecursiveMode::NonRecursive) {
                log::warn!("cannot watch {}: {e}", new.display());
            }
        }
        self.files = files;
        self.folders = folders;
    }

    /// True once, when a followed file changed and the writes have been quiet for [`DEBOUNCE`].
    pub fn changed(&self) -> bool {
        while let Ok(result) = self.events.try_recv() {
            match result {
                // Reading a file (as every load does) is not a change.
                Ok(event) if matches!(event.kind, EventKind::Access(_)) => {}
                Ok(event) => {
                    if event
                        .paths
                        .iter()
                        .any(|p| self.files.contains(&absolute(p)))
                    {
                        self.last_change.set(Some(Instant::now()));
                    }
                }
                Err(e) => log::warn!("file watcher: {e}"),
            }
        }
        match self.last_change.get() {
            Some(at) if at.elapsed() >= DEBOUNCE => {
                self.last_change.set(None);
                true
            }
            _ => false,
        }
    }

    /// True while a change waits for the writes to go quiet; ask again after [`DEBOUNCE`].
    pub fn is_settling(&self) -> bool {
        self.last_change.get().is_some()
    }
}

fn absolute(path: &Path) -> PathBuf {
    // Canonicalise the folder, not the file: the file may be gone for a moment mid-save.
    let file_name = path.file_name().map(std::ffi::OsStr::to_owned);
    let parent = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let parent = parent
        .canonicalize()
        .unwrap_or_else(|_| parent.to_path_buf());
    file_name.map_or(parent.clone(), |name| parent.join(name))
}
