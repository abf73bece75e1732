//! Loading an updated events file and following it on disk: background loads with progress,
//! file watching, change summaries, and the rule that a bad file never replaces a good timeline.
//! No egui types: the window and the tests drive the same [`Document`].

use std::cell::Cell;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant, SystemTime};

use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher as _};

use crate::diagnostic::{Diagnostic, Severity};
use crate::load::{LoadError, Loaded, Progress, load_with_progress};
use crate::model::{Citation, Event, Timeline};

/// How long the file must be quiet before a change is acted on.
pub const DEBOUNCE: Duration = Duration::from_millis(200);

/// What changed between two timelines, matched by event id.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ChangeSummary {
    /// Ids new in the second timeline.
    pub added: Vec<String>,
    /// Ids in both whose fields, citations or anchors differ.
    pub changed: Vec<String>,
    /// Ids gone from the second timeline.
    pub removed: Vec<String>,
}

impl ChangeSummary {
    /// The changes from `old` to `new`.
    pub fn between(old: &Timeline, new: &Timeline) -> Self {
        let old_by_id: HashMap<&str, &Event> = old.events.iter().map(|e| (e.id(old), e)).collect();
        let new_ids: HashSet<&str> = new.events.iter().map(|e| e.id(new)).collect();
        let mut summary = Self::default();
        for event in &new.events {
            let id = event.id(new);
            match old_by_id.get(id) {
                None => summary.added.push(id.to_owned()),
                Some(before) if !same_event(old, before, new, event) => {
                    summary.changed.push(id.to_owned());
                }
                Some(_) => {}
            }
        }
        summary.removed = old
            .events
            .iter()
            .map(|e| e.id(old))
            .filter(|id| !new_ids.contains(id))
            .map(str::to_owned)
            .collect();
        summary
    }

    /// True when nothing changed.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.changed.is_empty() && self.removed.is_empty()
    }

    /// "3 added, 1 changed, 2 removed" (or "no changes").
    pub fn headline(&self) -> String {
        if self.is_empty() {
            return "no changes".to_owned();
        }
        format!(
            "{} added, {} changed, {} removed",
            self.added.len(),
            self.changed.len(),
            self.removed.len()
        )
    }
}

/// Same fields, and every citation the same and anchored to the same passage of the same text.
fn same_event(old: &Timeline, a: &Event, new: &Timeline, b: &Event) -> bool {
    let same_citation = |x: &Citation, y: &Citation| {
        old.sources.get(x.source).map(|s| &s.record.id)
            == new.sources.get(y.source).map(|s| &s.record.id)
            && x.quote(old) == y.quote(new)
            && x.prefix(old) == y.prefix(new)
            && x.suffix(old) == y.suffix(new)
            && x.anchor == y.anchor
            && x.passage(old) == y.passage(new)
    };
    a.date == b.date
        && a.end == b.end
        && a.approximate == b.approximate
        && a.title(old) == b.title(new)
        && a.summary(old) == b.summary(new)
        && a.date_note(old) == b.date_note(new)
        && a.actors(old).eq(b.actors(new))
        && a.tags(old).eq(b.tags(new))
        && a.citations(old).len() == b.citations(new).len()
        && a.citations(old)
            .iter()
            .zip(b.citations(new))
            .all(|(x, y)| same_citation(x, y))
}

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
    pub fn follow(&mut self, files: impl IntoIterator<Item = PathBuf>) {
        let files: BTreeSet<PathBuf> = files.into_iter().map(|f| absolute(&f)).collect();
        let folders: BTreeSet<PathBuf> = files
            .iter()
            .filter_map(|f| f.parent().map(Path::to_path_buf))
            .collect();
        for gone in self.folders.difference(&folders) {
            let _ = self.watcher.unwatch(gone);
        }
        for new in folders.difference(&self.folders) {
            if let Err(e) = self.watcher.watch(new, RecursiveMode::NonRecursive) {
                log_warning(&format!("cannot watch {}: {e}", new.display()));
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
                Err(e) => log_warning(&format!("file watcher: {e}")),
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

fn log_warning(message: &str) {
    eprintln!("sourceline: {message}");
}

/// What a finished load did to the document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The new timeline replaced the old one.
    Replaced(ChangeSummary),
    /// The file was refused; the previous timeline stays.
    Refused,
    /// The load was cancelled; nothing changed.
    Cancelled,
}

/// The open events file: the timeline on screen and what the last load said about it.
#[derive(Clone, Debug)]
pub struct Document {
    /// The file, or `None` for the bundled timeline.
    pub path: Option<PathBuf>,
    /// The timeline on screen: always the last one that loaded.
    pub timeline: Arc<Timeline>,
    /// Warnings of the timeline on screen.
    pub warnings: Vec<Diagnostic>,
    /// Errors of the last load, when it was refused; cleared by the next good load.
    pub error: Option<LoadError>,
    /// What the last good reload changed; cleared when dismissed.
    pub changes: Option<ChangeSummary>,
    /// When the timeline on screen was loaded.
    pub loaded_at: SystemTime,
}

impl Document {
    /// A document showing `loaded`, read from `path`.
    pub fn new(path: Option<PathBuf>, loaded: Loaded) -> Self {
        Self {
            path,
            timeline: Arc::new(loaded.timeline),
            warnings: loaded.diagnostics,
            error: None,
            changes: None,
            loaded_at: SystemTime::now(),
        }
    }

    /// Takes in a finished load of `path`. Success replaces the timeline (with a change summary
    /// when it is the same file); failure keeps the timeline and records the errors.
    pub fn accept(&mut self, path: PathBuf, result: Result<Loaded, LoadError>) -> Outcome {
        match result {
            Ok(loaded) => {
                let same_file = self.path.as_deref() == Some(path.as_path());
                let summary = ChangeSummary::between(&self.timeline, &loaded.timeline);
                // A reload that changed nothing keeps the marks of the last one until dismissed.
                if !same_file {
                    self.changes = None;
                } else if !summary.is_empty() {
                    self.changes = Some(summary.clone());
                }
                self.timeline = Arc::new(loaded.timeline);
                self.warnings = loaded.diagnostics;
                self.error = None;
                self.path = Some(path);
                self.loaded_at = SystemTime::now();
                Outcome::Replaced(summary)
            }
            Err(error) => {
                if error
                    .diagnostics
                    .iter()
                    .any(|d| d.problem == crate::diagnostic::Problem::Cancelled)
                {
                    return Outcome::Cancelled;
                }
                self.error = Some(error);
                Outcome::Refused
            }
        }
    }

    /// The files whose changes should trigger a reload: the events file and its articles.
    pub fn followed_files(&self) -> Vec<PathBuf> {
        let mut files: Vec<PathBuf> = self.path.iter().cloned().collect();
        if self.path.is_some() {
            files.extend(self.timeline.sources.iter().map(|s| s.path.clone()));
        }
        files
    }

    /// The errors of the last refused load, if any.
    pub fn errors(&self) -> Vec<&Diagnostic> {
        self.error
            .iter()
            .flat_map(|e| &e.diagnostics)
            .filter(|d| d.severity == Severity::Error)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundled::load_bundled;

    #[test]
    fn summary_matches_events_by_id() {
        let old = load_bundled().unwrap().timeline;
        let mut new = old.clone();
        let riyadh = new.index_of("riyadh-talks").unwrap();
        new.events.remove(riyadh);
        let mut extra = new.events[0].clone();
        extra.id = new.text.intern("a-new-event");
        new.events.push(extra);
        let index = new.index_of("un-resolution").unwrap();
        let edited = format!("{} Edited.", new.events[index].summary(&new));
        new.events[index].summary = new.text.intern(&edited);
        let summary = ChangeSummary::between(&old, &new);
        assert_eq!(summary.added, ["a-new-event"]);
        assert_eq!(summary.changed, ["un-resolution"]);
        assert_eq!(summary.removed, ["riyadh-talks"]);
        assert_eq!(summary.headline(), "1 added, 1 changed, 1 removed");
        assert!(ChangeSummary::between(&old, &old).is_empty());
        assert_eq!(ChangeSummary::default().headline(), "no changes");
    }

    #[test]
    fn a_citation_change_counts_as_changed() {
        let old = load_bundled().unwrap().timeline;
        let mut new = old.clone();
        let index = new.index_of("riyadh-talks").unwrap();
        let first = new.events[index].citations.start as usize;
        new.citations[first].anchor.range = Some(0..5);
        assert_eq!(ChangeSummary::between(&old, &new).changed, ["riyadh-talks"]);
    }
}
