//! Captures in the window: File > Add from URL…, File > Archive linked sources…, and a pending
//! citation's **Archive it**. The fetching runs on `import::archive::CaptureRun`'s threads (at
//! most four at a time, one host asked at most once a second); each outcome is taken at the
//! start of a frame. A fetched address opens the add-article form filled in from what it says
//! of itself; a linked source's capture is archived at once (the original and the text written
//! into `articles/`, the source filled in as one undoable edit, saved with the others). The
//! window never waits on the network, and Cancel stops the fetches not begun.
//!
//! Also here: choosing a pending citation's passage, one undoable edit of its event.

use egui::Ui;

use super::command::Command;
use super::state::{ArticleRequest, CaptureProgress};
use super::{FrameContext, SourcelineApp};
use crate::document::applying::Op;
use crate::edit::Edit;
use crate::import::archive::{
    CaptureOutcome, CaptureRun, CaptureTask, RunOptions, archived_article, linked_sources,
};
use crate::model::CitationRecord;

/// A capture under way: its run, and what its outcomes are for.
pub struct Capturing {
    run: CaptureRun,
    purpose: Purpose,
}

/// What a capture's outcomes are for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Purpose {
    /// A new source: the add-article form opens filled in.
    NewSource,
    /// Linked sources: each archived at once.
    Archive,
}

impl SourcelineApp {
    /// Fetches `url` for a new source (Add from URL…).
    pub(super) fn fetch_url(&mut self, url: &str) {
        self.state.url_prompt_open = false;
        if self.refuse_read_only() {
            return;
        }
        let url = url.trim().to_owned();
        if let Some(problem) = crate::edit::article::url_problem(&url) {
            self.state.notice = Some(format!("Not fetched: {problem}."));
            return;
        }
        let task = CaptureTask {
            source_id: None,
            url: url.clone(),
        };
        self.start_capture(vec![task], Purpose::NewSource, format!("Fetching {url}"));
    }

    /// Captures every linked source (a URL, no text), or only the one with id `only`.
    pub(super) fn archive_linked(&mut self, only: Option<String>) {
        if self.refuse_read_only() {
            return;
        }
        let mut tasks = linked_sources(self.state.document.timeline());
        if let Some(id) = &only {
            tasks.retain(|t| t.source_id.as_ref() == Some(id));
        }
        if tasks.is_empty() {
            self.state.notice =
                Some("Nothing to archive: every source with a URL has its text.".to_owned());
            return;
        }
        let what = match only {
            Some(id) => format!("Archiving {id}"),
            None => "Archiving linked sources".to_owned(),
        };
        self.start_capture(tasks, Purpose::Archive, what);
    }

    fn start_capture(&mut self, tasks: Vec<CaptureTask>, purpose: Purpose, what: String) {
        if self.capturing.is_some() {
            self.state.notice =
                Some("A capture is under way: wait for it to finish, or cancel it.".to_owned());
            return;
        }
        self.state.capture = Some(CaptureProgress {
            what,
            total: tasks.len(),
            running: true,
            ..CaptureProgress::default()
        });
        self.capturing = Some(Capturing {
            run: CaptureRun::start(tasks, RunOptions::default()),
            purpose,
        });
    }

    /// Closes the URL prompt, or stops the capture's fetches not begun yet (one under way
    /// ends within its limits; what it brings is dropped).
    pub(super) fn cancel_capture(&mut self) {
        self.state.url_prompt_open = false;
        if let Some(capturing) = self.capturing.take() {
            capturing.run.cancel();
            if let Some(progress) = &mut self.state.capture {
                progress.running = false;
                progress.cancelled = true;
            }
        }
    }

    /// Takes the outcomes that arrived since the last frame; asks for another frame while
    /// fetches are under way.
    pub(super) fn poll_capture(&mut self, ctx: &egui::Context) {
        let Some(capturing) = &mut self.capturing else {
            return;
        };
        ctx.request_repaint_after(std::time::Duration::from_millis(100));
        let purpose = capturing.purpose;
        let mut outcomes = Vec::new();
        while let Some(outcome) = capturing.run.try_next() {
            outcomes.push(outcome);
        }
        let finished = capturing.run.is_finished();
        for outcome in outcomes {
            self.take_capture(outcome, purpose);
        }
        if finished {
            self.capturing = None;
            if let Some(progress) = &mut self.state.capture {
                progress.running = false;
                // A fetched address shows its form: nothing more to report.
                if purpose == Purpose::NewSource && progress.failed.is_empty() {
                    self.state.capture = None;
                }
            }
        }
    }

    fn take_capture(&mut self, outcome: CaptureOutcome, purpose: Purpose) {
        let name = outcome
            .task
            .source_id
            .clone()
            .unwrap_or_else(|| outcome.task.url.clone());
        let result: Result<(), String> = match (outcome.result, purpose) {
            (Err(why), _) => Err(why.to_string()),
            (Ok(found), Purpose::NewSource) => {
                let generation = self
                    .state
                    .article_request
                    .as_ref()
                    .map_or(1, |(g, _)| g + 1);
                let text = found.0.text.clone();
                self.state.article_request = Some((
                    generation,
                    ArticleRequest {
                        text,
                        from: None,
                        for_source: None,
                        page: Some(found),
                    },
                ));
                Ok(())
            }
            (Ok(found), Purpose::Archive) => {
                let timeline = self.state.document.timeline();
                let record = timeline
                    .sources
                    .iter()
                    .find(|s| Some(&s.record.id) == outcome.task.source_id.as_ref())
                    .filter(|s| s.record.file.is_none())
                    .map(|s| s.record.clone());
                match record {
                    None => Err("no longer a linked source in the file".to_owned()),
                    Some(record) => {
                        let (page, original) = *found;
                        let article = archived_article(&record, &page, original);
                        let notice = self.state.notice.take();
                        let written = self.write_source(article);
                        let why = self.state.notice.take();
                        self.state.notice = notice;
                        match (written, self.state.edit_errors.first()) {
                            (Some(_), None) => Ok(()),
                            (Some(_), Some(error)) => Err(error.clone()),
                            (None, _) => Err(why.unwrap_or_else(|| "not written".to_owned())),
                        }
                    }
                }
            }
        };
        let Some(progress) = &mut self.state.capture else {
            return;
        };
        progress.done += 1;
        match result {
            Ok(()) => progress.archived += 1,
            Err(why) => {
                log::warn!("capture of {name} failed: {why}");
                progress.failed.push((name, why));
            }
        }
    }

    /// Makes `record` the passage of the event's pending citation `citation`: one edit of the
    /// event, undone as one.
    pub(super) fn choose_passage(&mut self, event: &str, citation: usize, record: CitationRecord) {
        let timeline = self.state.document.timeline();
        let Some(found) = timeline.events.iter().find(|e| e.id(timeline) == event) else {
            return;
        };
        let mut event_record = crate::model::event_record(timeline, found);
        let Some(slot) = event_record.citations.get_mut(citation) else {
            return;
        };
        if slot.quote.is_some() || slot.source != record.source {
            return; // the file changed under the click: nothing to replace
        }
        slot.quote = record.quote;
        slot.prefix = record.prefix;
        slot.suffix = record.suffix;
        self.push_op(Op::Edit(Edit::UpdateEvent(event_record)));
    }
}

/// The Add from URL prompt, and a capture's progress bar and report. Its own state: the
/// address being typed, and whether the prompt took the keyboard since it opened.
#[derive(Default)]
pub struct CapturePanel {
    url: String,
    focused: bool,
}

impl CapturePanel {
    /// Draws the prompt when open and the capture's window while there is one.
    pub fn ui(&mut self, ui: &mut Ui, cx: &FrameContext<'_>, commands: &mut Vec<Command>) {
        if cx.state.url_prompt_open {
            egui::Window::new("Add from URL")
                .collapsible(false)
                .resizable(false)
                .anchor(egui::Align2::CENTER_TOP, [0.0, 120.0])
                .show(ui.ctx(), |ui| {
                    ui.label("The address of a web page or a PDF (http or https):");
                    let field = ui
                        .horizontal(|ui| {
                            let label = ui.label("Address");
                            ui.add(
                                egui::TextEdit::singleline(&mut self.url)
                                    .hint_text("https://…")
                                    .desired_width(420.0),
                            )
                            .labelled_by(label.id)
                        })
                        .inner;
                    // Typing goes to the address at once.
                    if !self.focused {
                        field.request_focus();
                        self.focused = true;
                    }
                    let entered =
                        field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                    ui.horizontal(|ui| {
                        let ready = !self.url.trim().is_empty();
                        if (ui.add_enabled(ready, egui::Button::new("Fetch")).clicked()
                            || (entered && ready))
                            && cx.state.capture.as_ref().is_none_or(|c| !c.running)
                        {
                            commands.push(Command::FetchUrl(std::mem::take(&mut self.url)));
                        }
                        if ui.button("Cancel").clicked() {
                            commands.push(Command::CancelCapture);
                        }
                    });
                });
        } else {
            self.focused = false;
        }
        let Some(progress) = &cx.state.capture else {
            return;
        };
        egui::Window::new("Capture")
            .collapsible(false)
            .resizable(false)
            .anchor(egui::Align2::CENTER_BOTTOM, [0.0, -40.0])
            .show(ui.ctx(), |ui| progress_ui(ui, cx, progress, commands));
    }
}

/// A capture's bar (done of total, archived, failed), Cancel while it runs, then the report
/// of what failed and why, and Close.
fn progress_ui(
    ui: &mut Ui,
    cx: &FrameContext<'_>,
    progress: &CaptureProgress,
    commands: &mut Vec<Command>,
) {
    ui.label(egui::RichText::new(&progress.what).strong());
    #[expect(
        clippy::cast_precision_loss,
        reason = "a count of addresses, far below 2^24"
    )]
    let fraction = progress.done as f32 / progress.total.max(1) as f32;
    let state = if progress.cancelled {
        " · cancelled"
    } else if progress.running {
        ""
    } else {
        " · finished"
    };
    ui.add(
        egui::ProgressBar::new(fraction)
            .desired_width(420.0)
            .text(format!(
                "{} of {} · {} archived · {} failed{state}",
                progress.done,
                progress.total,
                progress.archived,
                progress.failed.len()
            )),
    );
    if !progress.failed.is_empty() {
        ui.label("Not archived (run it again to retry them):");
        egui::ScrollArea::vertical()
            .max_height(140.0)
            .show(ui, |ui| {
                for (name, why) in &progress.failed {
                    ui.colored_label(cx.theme.warn, format!("{name}: {why}"));
                }
            });
    }
    ui.horizontal(|ui| {
        if progress.running {
            ui.spinner();
            if ui.button("Cancel").clicked() {
                commands.push(Command::CancelCapture);
            }
        } else {
            if progress.archived > 0 {
                ui.label("Save to keep the sources filled in.");
            }
            if ui.button("Close").clicked() {
                commands.push(Command::DismissCaptureReport);
            }
        }
    });
}
