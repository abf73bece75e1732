//! Work the window waits for off the UI thread: the load in progress, the batch of edits being
//! made, the file follower and the native file dialog. Each wakes the window when it has something; [`Background::poll`] hands
//! what arrived to [`super::command`], which decides what it does to the state.

use std::path::PathBuf;
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

use crate::document::applying::Batch;
use crate::document::latest::LatestWorker;
use crate::document::{DEBOUNCE, Document, Finished, Followed, Follower, Job, Loader};
use crate::load::Progress;

use super::arrival::{Arrival, BatchArrival, Prepare};

/// A file dialog answering faster than this most likely could not be shown at all.
const DIALOG_FAILED_WITHIN: Duration = Duration::from_millis(400);

/// What a file dialog is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DialogKind {
    /// Pick an events file to open.
    OpenEvents,
    /// Pick a folder to save the timeline into.
    SaveFolder,
    /// Pick an article (plain text) to add.
    Article,
    /// Pick a TimelineJS file to import.
    Import,
}

/// What the file dialog said.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DialogAnswer {
    /// The user picked this events file.
    Picked(PathBuf),
    /// The user picked this folder to save into.
    PickedFolder(PathBuf),
    /// The user picked this article.
    PickedArticle(PathBuf),
    /// The user picked this timeline to import.
    PickedImport(PathBuf),
    /// The user closed the dialog.
    Cancelled,
    /// It answered at once with nothing: most likely no dialog could be shown.
    Unavailable,
}

/// What arrived since the last frame.
#[derive(Debug, Default)]
pub struct Polled {
    /// A batch of edits made, with what the window derives from its timeline.
    pub applied: Option<BatchArrival>,
    /// The worker making a batch of edits stopped without an answer.
    pub batch_lost: bool,
    /// A load that finished, with what the window derives from it (or was refused, or
    /// cancelled).
    pub finished: Option<Finished<Arrival>>,
    /// A followed file changed on disk and the writes have settled.
    pub file_changed: bool,
    /// The file dialog closed.
    pub dialog: Option<DialogAnswer>,
}

/// The one thread batches of edits are made on (see `document::applying`).
struct Applier {
    worker: LatestWorker<Box<dyn FnOnce() + Send>>,
    /// Where the batch in flight answers.
    answer: Option<Receiver<BatchArrival>>,
}

impl Default for Applier {
    fn default() -> Self {
        Self {
            worker: LatestWorker::new("sourceline-editor", |run: Box<dyn FnOnce() + Send>| {
                crate::document::latest::leave_a_core_for_the_window();
                run();
            }),
            answer: None,
        }
    }
}

/// The background work of the window.
#[derive(Default)]
pub struct Background {
    applier: Applier,
    job: Option<Job<Arrival>>,
    /// The one thread loads run on, however many are asked for.
    loader: Loader,
    follower: Option<Follower>,
    dialog: Option<(Receiver<Option<PathBuf>>, Instant, DialogKind)>,
    ctx: Option<egui::Context>,
}

impl Background {
    /// Lets background work wake the window. Until this is called nothing is followed.
    pub fn attach(&mut self, ctx: &egui::Context) {
        self.ctx = Some(ctx.clone());
    }

    /// True once [`Self::attach`] was called.
    pub fn is_attached(&self) -> bool {
        self.ctx.is_some()
    }

    /// Starts loading `path`, cancelling any load in progress; the worker then derives from
    /// the new timeline what `prepare` asks for.
    pub fn start_load(&mut self, path: PathBuf, prepare: Prepare) {
        self.cancel_load();
        let ctx = self.ctx.clone();
        let loaded_from = path.clone();
        let then = move |loaded| prepare.run(loaded_from, loaded);
        self.job = Some(self.loader.start_then(path, then, move || {
            if let Some(ctx) = ctx {
                ctx.request_repaint();
            }
        }));
    }

    /// Makes batch `number` of edits on the editing thread, then derives from its timeline
    /// what `prepare` asks for; the answer comes back through [`Self::poll`]. The document
    /// hands out one batch at a time, so none is ever replaced waiting.
    pub fn start_batch(
        &mut self,
        number: u64,
        batch: Batch,
        prepare: Prepare,
        select: Option<String>,
    ) {
        let (sender, receiver) = std::sync::mpsc::channel();
        let ctx = self.ctx.clone();
        self.applier.worker.submit(Box::new(move || {
            let _ = sender.send(prepare.run_batch(number, batch, select.as_deref()));
            if let Some(ctx) = ctx {
                ctx.request_repaint();
            }
        }));
        self.applier.answer = Some(receiver);
    }

    /// Cancels the load in progress, if any.
    pub fn cancel_load(&mut self) {
        if let Some(job) = self.job.take() {
            job.progress.cancel();
        }
    }

    /// The progress of the load in progress.
    pub fn progress(&self) -> Option<&Progress> {
        self.job.as_ref().map(|job| job.progress.as_ref())
    }

    /// True while the open file is followed on disk.
    pub fn is_following(&self) -> bool {
        self.follower.is_some()
    }

    /// Follows the open file and its articles (`followed`, when a load prepared them), or
    /// nothing when `paused` or there is no file.
    ///
    /// # Errors
    /// When the operating system's file watcher cannot be created.
    pub fn refollow(
        &mut self,
        document: &Document,
        followed: Option<Followed>,
        paused: bool,
    ) -> Result<(), String> {
        if paused || document.path().is_none() || self.ctx.is_none() {
            self.follower = None;
            return Ok(());
        }
        if self.follower.is_none() {
            let ctx = self.ctx.clone();
            self.follower = Some(Follower::new(move || {
                if let Some(ctx) = &ctx {
                    ctx.request_repaint();
                }
            })?);
        }
        if let Some(follower) = &mut self.follower {
            follower.follow(followed.unwrap_or_else(|| document.followed_files().into()));
        }
        Ok(())
    }

    /// Shows the native dialog on a worker thread, starting in `folder`; the answer comes back
    /// through [`Self::poll`]. Does nothing while a dialog is open.
    pub fn open_dialog(&mut self, kind: DialogKind, folder: Option<PathBuf>) {
        if self.dialog.is_some() {
            return;
        }
        let (sender, receiver) = std::sync::mpsc::channel();
        let ctx = self.ctx.clone();
        std::thread::spawn(move || {
            let mut dialog = rfd::AsyncFileDialog::new();
            dialog = match kind {
                DialogKind::OpenEvents => dialog
                    .set_title("Open events file")
                    .add_filter("Events file", &["json"]),
                DialogKind::SaveFolder => dialog
                    .set_title("Save the timeline into a folder (its events.json and articles)"),
                DialogKind::Article => dialog
                    .set_title(
                        "Add an article (UTF-8 text, a web page saved from the browser, or a PDF)",
                    )
                    .add_filter("Text, saved page or PDF", &["txt", "html", "htm", "pdf"]),
                DialogKind::Import => dialog
                    .set_title("Import a TimelineJS timeline (JSON, or the spreadsheet as CSV)")
                    .add_filter("TimelineJS", &["json", "csv"]),
            };
            if let Some(folder) = folder {
                dialog = dialog.set_directory(folder);
            }
            let picked = match kind {
                DialogKind::SaveFolder => pollster::block_on(dialog.pick_folder()),
                DialogKind::OpenEvents | DialogKind::Article | DialogKind::Import => {
                    pollster::block_on(dialog.pick_file())
                }
            }
            .map(|f| f.path().to_path_buf());
            let _ = sender.send(picked);
            if let Some(ctx) = ctx {
                ctx.request_repaint();
            }
        });
        self.dialog = Some((receiver, Instant::now(), kind));
    }

    /// Takes what arrived: a finished load, a settled change on disk, the dialog's answer.
    pub fn poll(&mut self) -> Polled {
        let mut polled = Polled::default();
        if let Some(answer) = &self.applier.answer {
            match answer.try_recv() {
                Ok(applied) => {
                    self.applier.answer = None;
                    polled.applied = Some(applied);
                }
                Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                    self.applier.answer = None;
                    polled.batch_lost = true;
                }
                Err(std::sync::mpsc::TryRecvError::Empty) => {}
            }
        }
        if let Some(finished) = self.job.as_ref().and_then(Job::try_finish) {
            self.job = None;
            polled.finished = Some(finished);
        }
        if let Some(follower) = &self.follower {
            if follower.changed() {
                polled.file_changed = true;
            } else if follower.is_settling()
                && let Some(ctx) = &self.ctx
            {
                ctx.request_repaint_after(DEBOUNCE / 2);
            }
        }
        if let Some((receiver, started, kind)) = &self.dialog
            && let Ok(answer) = receiver.try_recv()
        {
            let quick = started.elapsed() < DIALOG_FAILED_WITHIN;
            let kind = *kind;
            self.dialog = None;
            polled.dialog = Some(match answer {
                Some(path) => match kind {
                    DialogKind::OpenEvents => DialogAnswer::Picked(path),
                    DialogKind::SaveFolder => DialogAnswer::PickedFolder(path),
                    DialogKind::Article => DialogAnswer::PickedArticle(path),
                    DialogKind::Import => DialogAnswer::PickedImport(path),
                },
                None if quick => DialogAnswer::Unavailable,
                None => DialogAnswer::Cancelled,
            });
        }
        polled
    }
}
