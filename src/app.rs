//! The window: toolbar, events list, timeline canvas, reader. Input turns into [`Command`]s that
//! are applied in one place after drawing.

use std::collections::BTreeSet;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

use egui::text::{CCursor, LayoutJob, TextFormat};
use egui::{
    Align, Align2, Color32, FontId, Key, Pos2, Rect, Role, Sense, Stroke, Ui, Vec2, WidgetInfo,
};

use crate::anchor::AnchorQuality;
use crate::axis::{TimeAxis, TimeView, days_from_date};
use crate::derived::Derived;
use crate::layout::{
    Cluster, ClusterGroup, Lane, LaneMode, Layout, LayoutOptions, MarkKind, event_extent_days,
    lanes, layout, span_to_separate, timeline_extent_days,
};
use crate::load::Loaded;
use crate::model::{Event, Timeline};
use crate::reload::{Document, Follower, Job, Outcome};
use crate::search::{Filter, step_among};
use crate::ticks::ticks;

/// Something the user asked for; applied after the frame is drawn.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Select an event (or nothing) without moving the view.
    Select(Option<usize>),
    /// Select an event and bring it into view.
    SelectAndReveal(usize),
    /// Show exactly this view now.
    SetView(TimeView),
    /// Ease to this view.
    AnimateTo(TimeView),
    /// Ease to a view of every event.
    FitAll,
    /// Step through the events the filter leaves: +1 next, −1 previous.
    Step(isize),
    /// First (`false`) or last (`true`) event the filter leaves.
    Jump(bool),
    /// Next (+1) or previous (−1) search match.
    StepMatch(isize),
    /// Clear the search if there is one, else the selection.
    Escape,
    /// Show or hide the help overlay.
    ToggleHelp,
    /// Show this citation of the selected event in the reader.
    ChooseCitation(usize),
    /// Lanes by actor or combined.
    SetLaneMode(LaneMode),
    /// Toggle an actor chip.
    ToggleActor(String),
    /// Toggle a tag chip.
    ToggleTag(String),
    /// Show the native file dialog (off the UI thread).
    Open,
    /// Load this events file in the background.
    LoadFile(PathBuf),
    /// Load the open file again.
    Reload,
    /// Stop the load in progress.
    CancelLoad,
    /// Pause or resume following the file on disk.
    ToggleFollow,
    /// Hide the change summary and its marks.
    DismissChanges,
    /// Put text on the clipboard.
    Copy(String),
}

/// What is remembered across restarts: view parameters and choices, never pixels. (Panel sizes
/// are remembered by egui's own memory.)
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Persisted {
    /// The events file shown, `None` for the bundled timeline.
    pub last_file: Option<PathBuf>,
    /// The time range shown.
    pub view: Option<TimeView>,
    /// Id of the selected event.
    pub selected: Option<String>,
    /// Lanes by actor or combined.
    pub lane_mode: LaneMode,
    /// Most recent first, at most [`MAX_RECENT`].
    pub recent: Vec<PathBuf>,
    /// Whether the events list is shown.
    pub hide_list: bool,
    /// Whether following the file on disk is paused.
    pub follow_paused: bool,
}

/// How many recent files are remembered.
pub const MAX_RECENT: usize = 10;
/// The key the state is stored under.
pub const STORAGE_KEY: &str = "sourceline";
/// A file dialog answering faster than this most likely could not be shown at all.
const DIALOG_FAILED_WITHIN: Duration = Duration::from_millis(400);

/// How long "fit all" and "reveal" animations take.
const ANIMATION_SECONDS: f64 = 0.35;
/// Left gutter for lane names.
const GUTTER_PX: f32 = 118.0;
/// Height of the time axis strip.
const AXIS_PX: f32 = 40.0;
/// Height of one label row.
const ROW_PX: f32 = 15.0;
/// Day events closer than this in a lane merge: dots are 10 px wide and would overlap.
const MERGE_PX: f64 = 11.0;
/// Height of the marker row.
const MARK_ROW_PX: f32 = 18.0;
/// Height of the density strip at the foot of the canvas.
const DENSITY_PX: f32 = 26.0;
/// Events listed in a cluster's tooltip before "and N more".
const CLUSTER_TOOLTIP_EVENTS: usize = 12;

#[derive(Clone, Copy, Debug)]
struct Animation {
    from: TimeView,
    to: TimeView,
    started: f64,
}

/// The sourceline application state.
#[allow(
    clippy::struct_excessive_bools,
    reason = "independent UI toggles and one-shot flags, not a state machine"
)]
pub struct SourcelineApp {
    document: Document,
    job: Option<Job>,
    follower: Option<Follower>,
    follow_paused: bool,
    recent: Vec<PathBuf>,
    dialog: Option<(Receiver<Option<PathBuf>>, Instant)>,
    notice: Option<String>,
    show_warnings: bool,
    egui_ctx: Option<egui::Context>,
    last_saved: Option<(Persisted, Instant)>,
    lane_mode: LaneMode,
    lanes: Vec<Lane>,
    /// What the filter leaves of the timeline, and what it was computed for.
    derived: Derived,
    derived_for: Option<(Arc<Timeline>, Filter, LaneMode)>,
    /// Time under the mouse pointer on the canvas, as of the last frame.
    pointer_days: Option<f64>,
    /// Width of the plot area, as of the last frame.
    plot_width_px: f64,
    /// Actor chips, most events first (the by-actor lanes' names, whatever the lane mode).
    actors: Vec<String>,
    view: TimeView,
    animation: Option<Animation>,
    selected: Option<usize>,
    citation: usize,
    filter: Filter,
    show_list: bool,
    show_help: bool,
    focus_search: bool,
    scroll_to_passage: bool,
    scroll_list: bool,
    commands: Vec<Command>,
}

impl SourcelineApp {
    /// An app showing `document`.
    pub fn new(document: Document) -> Self {
        let lane_mode = LaneMode::ByActor;
        Self {
            lanes: lanes(&document.timeline, lane_mode),
            derived: Derived::default(),
            derived_for: None,
            actors: actor_names(&document.timeline),
            pointer_days: None,
            plot_width_px: 600.0,
            view: initial_view(&document.timeline),
            document,
            job: None,
            follower: None,
            follow_paused: false,
            recent: Vec::new(),
            dialog: None,
            notice: None,
            show_warnings: false,
            egui_ctx: None,
            last_saved: None,
            lane_mode,
            animation: None,
            selected: None,
            citation: 0,
            filter: Filter::default(),
            show_list: true,
            show_help: false,
            focus_search: false,
            scroll_to_passage: false,
            scroll_list: false,
            commands: Vec::new(),
        }
    }

    /// The app as it was left: `file` (from the command line) wins over the remembered file;
    /// a remembered file that has gone leaves the bundled timeline with a notice.
    pub fn restore(
        persisted: &Persisted,
        file: Option<&Path>,
        bundled: impl FnOnce() -> Loaded,
    ) -> Self {
        // Remembered as an absolute path, so a restart from another folder finds it.
        let file = file.map(|f| std::path::absolute(f).unwrap_or_else(|_| f.to_path_buf()));
        let mut notice = None;
        let mut failed = None;
        let document = match file.clone().or_else(|| persisted.last_file.clone()) {
            Some(path) if file.is_none() && !path.exists() => {
                notice = Some(format!(
                    "The last file, {}, has gone: showing the bundled timeline.",
                    path.display()
                ));
                Document::new(None, bundled())
            }
            Some(path) => match crate::load::load(&path) {
                Ok(loaded) => Document::new(Some(path), loaded),
                Err(error) => {
                    notice = Some(format!(
                        "{} could not be loaded: showing the bundled timeline.",
                        error.file.display()
                    ));
                    failed = Some(error);
                    Document::new(None, bundled())
                }
            },
            None => Document::new(None, bundled()),
        };
        let mut app = Self::new(document);
        app.document.error = failed;
        app.notice = notice;
        app.recent.clone_from(&persisted.recent);
        app.show_list = !persisted.hide_list;
        app.follow_paused = persisted.follow_paused;
        app.lane_mode = persisted.lane_mode;
        app.lanes = lanes(&app.document.timeline, app.lane_mode);
        // View and selection belong to the document they were saved with.
        if app.document.path == persisted.last_file {
            if let Some(view) = persisted.view {
                app.view = view.clamped();
            }
            app.selected = persisted
                .selected
                .as_deref()
                .and_then(|id| app.document.timeline.index_of(id));
            app.scroll_to_passage = true;
            app.scroll_list = true;
        }
        app
    }

    /// What should be remembered now.
    pub fn persisted(&self) -> Persisted {
        Persisted {
            last_file: self.document.path.clone(),
            view: Some(self.animation.map_or(self.view, |a| a.to)),
            selected: self.selected.map(|i| {
                let timeline = &self.document.timeline;
                timeline.events[i].id(timeline).to_owned()
            }),
            lane_mode: self.lane_mode,
            recent: self.recent.clone(),
            hide_list: !self.show_list,
            follow_paused: self.follow_paused,
        }
    }

    /// The timeline shown.
    pub fn timeline(&self) -> &Timeline {
        &self.document.timeline
    }

    /// The open document: file, timeline, errors and changes of the last load.
    pub fn document(&self) -> &Document {
        &self.document
    }

    /// True while a load runs in the background.
    pub fn is_loading(&self) -> bool {
        self.job.is_some()
    }

    /// The notice shown under the toolbar, if any.
    pub fn notice(&self) -> Option<&str> {
        self.notice.as_deref()
    }

    /// The selected event's index.
    pub fn selected(&self) -> Option<usize> {
        self.selected
    }

    /// The view shown.
    pub fn view(&self) -> TimeView {
        self.view
    }

    /// The search query.
    pub fn query(&self) -> &str {
        &self.filter.query
    }

    /// Queues a command, as the UI does.
    pub fn push(&mut self, command: Command) {
        self.commands.push(command);
    }

    /// Draws the whole window into `ui`.
    pub fn ui(&mut self, ui: &mut Ui) {
        let now = ui.input(|i| i.time);
        if self.egui_ctx.is_none() {
            self.egui_ctx = Some(ui.ctx().clone());
            self.refollow();
        }
        self.poll_background(ui.ctx());
        self.refresh_derived();
        self.advance_animation(now, ui.ctx());
        self.keyboard(ui);

        egui::Panel::top("toolbar").show(ui, |ui| self.toolbar_ui(ui));
        egui::Panel::bottom("status").show(ui, |ui| self.status_ui(ui));
        if self.document.error.is_some() {
            egui::Panel::bottom("errors")
                .resizable(true)
                .default_size(140.0)
                .show(ui, |ui| self.errors_ui(ui));
        }
        if self.document.changes.is_some() || self.notice.is_some() {
            egui::Panel::top("changes").show(ui, |ui| self.changes_ui(ui));
        }
        if self.show_warnings {
            self.warnings_ui(ui.ctx());
        }
        self.drop_ui(ui);
        if self.show_list {
            egui::Panel::left("events_list")
                .resizable(true)
                .default_size(230.0)
                .show(ui, |ui| self.list_ui(ui));
        }
        egui::Panel::right("reader")
            .resizable(true)
            .default_size(400.0)
            .show(ui, |ui| self.reader_ui(ui));
        egui::CentralPanel::default().show(ui, |ui| self.canvas_ui(ui));
        if self.show_help {
            self.help_ui(ui.ctx());
        }

        let commands = std::mem::take(&mut self.commands);
        if !commands.is_empty() {
            // What was drawn predates the commands: draw again.
            ui.ctx().request_repaint();
        }
        for command in commands {
            self.apply(command, now);
        }
        if self.animation.is_some() {
            ui.ctx().request_repaint();
        }
    }

    /// Recomputes what the filter leaves when the timeline, the filter or the lanes changed
    /// (a pass over the events), so that frames in between only look things up.
    fn refresh_derived(&mut self) {
        let current = self
            .derived_for
            .as_ref()
            .is_some_and(|(timeline, filter, mode)| {
                Arc::ptr_eq(timeline, &self.document.timeline)
                    && *filter == self.filter
                    && *mode == self.lane_mode
            });
        if !current {
            self.derived = Derived::compute(&self.document.timeline, &self.lanes, &self.filter);
            self.derived_for = Some((
                Arc::clone(&self.document.timeline),
                self.filter.clone(),
                self.lane_mode,
            ));
        }
    }

    fn advance_animation(&mut self, now: f64, ctx: &egui::Context) {
        if let Some(animation) = self.animation {
            let t = ((now - animation.started) / ANIMATION_SECONDS).clamp(0.0, 1.0);
            let eased = 1.0 - (1.0 - t).powi(3);
            self.view = animation.from.lerp(animation.to, eased);
            if t >= 1.0 {
                self.animation = None;
            } else {
                ctx.request_repaint();
            }
        }
    }

    /// Applies one command; the only place state changes in answer to input.
    fn apply(&mut self, command: Command, now: f64) {
        match command {
            Command::Select(index) => self.select(index),
            Command::SelectAndReveal(index) => {
                self.select(Some(index));
                self.reveal(index, now);
            }
            Command::SetView(view) => {
                self.animation = None;
                self.view = view.clamped();
            }
            Command::AnimateTo(to) => {
                self.animation = Some(Animation {
                    from: self.view,
                    to: to.clamped(),
                    started: now,
                });
            }
            Command::FitAll => {
                self.apply(Command::AnimateTo(fit_all(&self.document.timeline)), now);
            }
            Command::Step(step) => {
                self.refresh_derived();
                if let Some(next) = step_among(&self.derived.passing, self.selected, step) {
                    self.apply(Command::SelectAndReveal(next), now);
                }
            }
            Command::Jump(to_end) => {
                self.refresh_derived();
                let candidates = &self.derived.passing;
                let target = if to_end {
                    candidates.last()
                } else {
                    candidates.first()
                };
                if let Some(&target) = target {
                    self.apply(Command::SelectAndReveal(target), now);
                }
            }
            Command::StepMatch(step) => {
                if !self.filter.query.trim().is_empty() {
                    self.apply(Command::Step(step), now);
                }
            }
            Command::Escape => {
                if self.filter.query.is_empty() {
                    self.select(None);
                } else {
                    self.filter.query.clear();
                }
            }
            Command::ToggleHelp => self.show_help = !self.show_help,
            Command::ChooseCitation(index) => {
                self.citation = index;
                self.scroll_to_passage = true;
            }
            Command::SetLaneMode(mode) => {
                self.lane_mode = mode;
                self.lanes = lanes(&self.document.timeline, mode);
            }
            Command::ToggleActor(actor) => toggle(&mut self.filter.actors, actor),
            Command::ToggleTag(tag) => toggle(&mut self.filter.tags, tag),
            Command::Open => self.open_dialog(),
            Command::LoadFile(path) => self.start_load(path),
            Command::Reload => {
                if let Some(path) = self.document.path.clone() {
                    self.start_load(path);
                } else {
                    self.notice = Some(
                        "The bundled timeline has no file to reload: open one with Ctrl+O."
                            .to_owned(),
                    );
                }
            }
            Command::CancelLoad => {
                if let Some(job) = self.job.take() {
                    job.progress.cancel();
                }
            }
            Command::ToggleFollow => {
                self.follow_paused = !self.follow_paused;
                self.refollow();
            }
            Command::DismissChanges => {
                self.document.changes = None;
                self.notice = None;
            }
            Command::Copy(text) => {
                if let Some(ctx) = &self.egui_ctx {
                    ctx.copy_text(text);
                }
                self.notice = Some("Copied to the clipboard.".to_owned());
            }
        }
    }

    /// Starts loading `path` in the background, replacing any load in progress.
    fn start_load(&mut self, path: PathBuf) {
        if let Some(old) = self.job.take() {
            old.progress.cancel();
        }
        let ctx = self.egui_ctx.clone();
        self.job = Some(Job::spawn(path, move || {
            if let Some(ctx) = ctx {
                ctx.request_repaint();
            }
        }));
    }

    /// Takes in finished loads, file changes, dialog answers.
    fn poll_background(&mut self, ctx: &egui::Context) {
        if let Some(finished) = self.job.as_ref().and_then(Job::try_finish) {
            self.job = None;
            let selected_id = self.selected.map(|i| {
                let timeline = &self.document.timeline;
                timeline.events[i].id(timeline).to_owned()
            });
            let same_file = self.document.path.as_deref() == Some(finished.path.as_path());
            let path = finished.path.clone();
            match self.document.accept(finished.path, finished.result) {
                Outcome::Replaced(_) => {
                    self.notice = None;
                    self.lanes = lanes(&self.document.timeline, self.lane_mode);
                    self.actors = actor_names(&self.document.timeline);
                    self.selected = selected_id
                        .as_deref()
                        .and_then(|id| self.document.timeline.index_of(id));
                    if !same_file {
                        self.animation = None;
                        self.view = initial_view(&self.document.timeline);
                        self.filter = Filter::default();
                    }
                    self.recent.retain(|p| p != &path);
                    self.recent.insert(0, path);
                    self.recent.truncate(MAX_RECENT);
                    self.refollow();
                }
                Outcome::Refused => {
                    if let Some(error) = &self.document.error {
                        for d in &error.diagnostics {
                            log_line(&d.to_string());
                        }
                    }
                    // Keep following the file that broke, so fixing it recovers.
                    if !same_file {
                        self.notice = Some(format!(
                            "{} was not loaded; the timeline shown is unchanged.",
                            path.display()
                        ));
                    }
                }
                Outcome::Cancelled => {}
            }
            ctx.request_repaint();
        }
        if let Some(follower) = &self.follower {
            if follower.changed()
                && let Some(path) = self.document.path.clone()
            {
                self.start_load(path);
            } else if follower.is_settling() {
                ctx.request_repaint_after(crate::reload::DEBOUNCE / 2);
            }
        }
        if let Some((receiver, started)) = &self.dialog
            && let Ok(answer) = receiver.try_recv()
        {
            let quick = started.elapsed() < DIALOG_FAILED_WITHIN;
            self.dialog = None;
            match answer {
                Some(path) => self.start_load(path),
                None if quick => {
                    self.notice = Some(
                        "No file dialog could be shown (is an XDG desktop portal running?). Drop an events file on the window, pick one from File > Recent files, or run `sourceline FILE`.".to_owned(),
                    );
                }
                None => {}
            }
        }
    }

    /// Points the file follower at the open file and its articles (or at nothing when paused).
    fn refollow(&mut self) {
        if self.follow_paused || self.document.path.is_none() {
            self.follower = None;
            return;
        }
        let files = self.document.followed_files();
        if self.follower.is_none() {
            let ctx = self.egui_ctx.clone();
            match Follower::new(move || {
                if let Some(ctx) = &ctx {
                    ctx.request_repaint();
                }
            }) {
                Ok(follower) => self.follower = Some(follower),
                Err(e) => {
                    self.notice = Some(format!(
                        "Cannot follow the file for changes: {e}. Use Reload (F5)."
                    ));
                    return;
                }
            }
        }
        if let Some(follower) = &mut self.follower {
            follower.follow(files);
        }
    }

    /// Shows the native dialog on a worker thread; the answer comes back over a channel.
    fn open_dialog(&mut self) {
        if self.dialog.is_some() {
            return;
        }
        let (sender, receiver) = std::sync::mpsc::channel();
        let ctx = self.egui_ctx.clone();
        let folder = self
            .document
            .path
            .as_deref()
            .and_then(Path::parent)
            .map(Path::to_path_buf);
        std::thread::spawn(move || {
            let mut dialog = rfd::AsyncFileDialog::new()
                .set_title("Open events file")
                .add_filter("Events file", &["json"]);
            if let Some(folder) = folder {
                dialog = dialog.set_directory(folder);
            }
            let picked = pollster::block_on(dialog.pick_file()).map(|f| f.path().to_path_buf());
            let _ = sender.send(picked);
            if let Some(ctx) = ctx {
                ctx.request_repaint();
            }
        });
        self.dialog = Some((receiver, Instant::now()));
    }

    fn select(&mut self, index: Option<usize>) {
        let index = index.filter(|&i| i < self.document.timeline.events.len());
        if index != self.selected {
            self.citation = 0;
        }
        self.selected = index;
        self.scroll_to_passage = true;
        self.scroll_list = true;
    }

    /// Moves the view so the event is on screen, keeping the zoom unless it cannot fit.
    /// Zooms in when the event sits in a cluster, so it shows on its own.
    fn reveal(&mut self, index: usize, now: f64) {
        let (start, end) = event_extent_days(&self.document.timeline.events[index]);
        let middle = f64::midpoint(start, end);
        let current = self.animation.map_or(self.view, |a| a.to);
        let mut target = current;
        self.refresh_derived();
        if let Some(span) = span_to_separate(
            &self.document.timeline,
            &self.derived.lanes,
            index,
            self.plot_width_px,
            MERGE_PX,
        ) && span < target.span_days
        {
            target = target.zoom_at(middle, target.span_days / span);
        }
        if !target.shows_well(start, end) {
            target = if end - start > target.span_days * 0.8 {
                TimeView::between(start - (end - start) * 0.1, end + (end - start) * 0.1)
            } else {
                target.centered_on(middle)
            };
        }
        if target != current {
            self.apply(Command::AnimateTo(target), now);
        }
    }

    fn keyboard(&mut self, ui: &Ui) {
        let typing = ui.ctx().text_edit_focused();
        let commands = ui.input(|i| {
            let mut c = Vec::new();
            if i.modifiers.command && i.key_pressed(Key::F) {
                c.push(None);
            }
            if i.key_pressed(Key::Escape) {
                c.push(Some(Command::Escape));
            }
            if i.key_pressed(Key::F1) {
                c.push(Some(Command::ToggleHelp));
            }
            if i.modifiers.command && i.key_pressed(Key::O) {
                c.push(Some(Command::Open));
            }
            if i.key_pressed(Key::F5) || (i.modifiers.command && i.key_pressed(Key::R)) {
                c.push(Some(Command::Reload));
            }
            if typing {
                return c;
            }
            // Keys zoom about the cursor when it is over the canvas, else about the centre.
            let center = self.pointer_days.unwrap_or_else(|| self.view.center_days());
            for (key, command) in [
                (Key::ArrowRight, Command::Step(1)),
                (Key::ArrowLeft, Command::Step(-1)),
                (Key::Home, Command::Jump(false)),
                (Key::End, Command::Jump(true)),
                (Key::Questionmark, Command::ToggleHelp),
                (
                    Key::Plus,
                    Command::AnimateTo(self.view.zoom_at(center, 2.0)),
                ),
                (
                    Key::Equals,
                    Command::AnimateTo(self.view.zoom_at(center, 2.0)),
                ),
                (
                    Key::Minus,
                    Command::AnimateTo(self.view.zoom_at(center, 0.5)),
                ),
            ] {
                if i.key_pressed(key) {
                    c.push(Some(command));
                }
            }
            if i.key_pressed(Key::F) && !i.modifiers.command {
                c.push(Some(Command::FitAll));
            }
            c
        });
        for command in commands {
            match command {
                Some(command) => self.commands.push(command),
                None => self.focus_search = true,
            }
        }
    }

    fn menu_ui(&mut self, ui: &mut Ui) {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                if ui.button("Open… (Ctrl+O)").clicked() {
                    self.commands.push(Command::Open);
                }
                ui.menu_button("Recent files", |ui| {
                    if self.recent.is_empty() {
                        ui.label("No recent files");
                    }
                    for path in &self.recent {
                        let exists = path.exists();
                        let text = if exists {
                            path.display().to_string()
                        } else {
                            format!("{} (missing)", path.display())
                        };
                        if ui.add_enabled(exists, egui::Button::new(text)).clicked() {
                            self.commands.push(Command::LoadFile(path.clone()));
                        }
                    }
                });
                let can_reload = self.document.path.is_some();
                if ui
                    .add_enabled(can_reload, egui::Button::new("Reload (F5, Ctrl+R)"))
                    .clicked()
                {
                    self.commands.push(Command::Reload);
                }
                let follow = if self.follow_paused {
                    "Resume following the file"
                } else {
                    "Pause following the file"
                };
                if ui
                    .add_enabled(can_reload, egui::Button::new(follow))
                    .clicked()
                {
                    self.commands.push(Command::ToggleFollow);
                }
            });
            ui.menu_button("Help", |ui| {
                if ui.button("Controls (? or F1)").clicked() {
                    self.commands.push(Command::ToggleHelp);
                }
            });
        });
    }

    fn toolbar_ui(&mut self, ui: &mut Ui) {
        self.menu_ui(ui);
        ui.horizontal(|ui| {
            ui.heading(&self.document.timeline.title);
            ui.separator();
            if ui
                .button("Open…")
                .on_hover_text("Open an events file (Ctrl+O)")
                .clicked()
            {
                self.commands.push(Command::Open);
            }
            if ui
                .add_enabled(self.document.path.is_some(), egui::Button::new("Reload"))
                .on_hover_text("F5 or Ctrl+R")
                .clicked()
            {
                self.commands.push(Command::Reload);
            }
            ui.separator();
            let list_label = if self.show_list {
                "Hide list"
            } else {
                "Show list"
            };
            if ui.button(list_label).clicked() {
                self.show_list = !self.show_list;
            }
            let combined = self.lane_mode == LaneMode::Combined;
            if ui.selectable_label(combined, "One lane").clicked() {
                self.commands.push(Command::SetLaneMode(if combined {
                    LaneMode::ByActor
                } else {
                    LaneMode::Combined
                }));
            }
            if ui
                .button("Fit all")
                .on_hover_text("F, or double-click the canvas")
                .clicked()
            {
                self.commands.push(Command::FitAll);
            }
            if ui.button("?").on_hover_text("Controls (? or F1)").clicked() {
                self.commands.push(Command::ToggleHelp);
            }
            ui.separator();
            let search = egui::TextEdit::singleline(&mut self.filter.query)
                .id_salt("search")
                .hint_text("Search (Ctrl+F)")
                .desired_width(220.0);
            let response = ui.add(search);
            if self.focus_search {
                response.request_focus();
                self.focus_search = false;
            }
            if response.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter)) {
                let back = ui.input(|i| i.modifiers.shift);
                self.commands
                    .push(Command::StepMatch(if back { -1 } else { 1 }));
                response.request_focus();
            }
            if !self.filter.query.trim().is_empty() {
                let count = self.derived.passing.len();
                ui.label(format!(
                    "{count} match{}",
                    if count == 1 { "" } else { "es" }
                ));
            }
        });
        ui.horizontal_wrapped(|ui| {
            ui.label("Actors:");
            for actor in &self.actors {
                let on = self.filter.actors.contains(actor);
                if ui.selectable_label(on, actor).clicked() {
                    self.commands.push(Command::ToggleActor(actor.clone()));
                }
            }
            ui.separator();
            ui.label("Tags:");
            for tag in &self.derived.tags {
                let on = self.filter.tags.contains(tag);
                if ui.selectable_label(on, format!("#{tag}")).clicked() {
                    self.commands.push(Command::ToggleTag(tag.clone()));
                }
            }
        });
    }

    fn status_ui(&mut self, ui: &mut Ui) {
        ui.horizontal(|ui| {
            let name = self.document.path.as_ref().map_or_else(
                || "bundled timeline".to_owned(),
                |p| p.display().to_string(),
            );
            let loaded: chrono::DateTime<chrono::Local> = self.document.loaded_at.into();
            let following = if self.document.path.is_none() {
                ""
            } else if self.follow_paused || self.follower.is_none() {
                " · following paused"
            } else {
                " · following changes"
            };
            ui.label(format!(
                "{name} · loaded {}{following} · {} events · {} sources",
                loaded.format("%H:%M:%S"),
                self.document.timeline.events.len(),
                self.document.timeline.sources.len()
            ));
            let warnings = self.document.warnings.len();
            if warnings > 0
                && ui
                    .add(egui::Button::new(
                        egui::RichText::new(format!("{warnings} warnings"))
                            .color(ui.visuals().warn_fg_color),
                    ))
                    .on_hover_text("Passages that anchored weakly or were not found")
                    .clicked()
            {
                self.show_warnings = !self.show_warnings;
            }
            if let Some(job) = &self.job {
                use std::sync::atomic::Ordering::Relaxed;
                let p = &job.progress;
                let (read, total) = (
                    p.bytes_read.load(Relaxed),
                    p.bytes_total.load(Relaxed).max(1),
                );
                let (done, events) = (p.events_done.load(Relaxed), p.events_total.load(Relaxed));
                let fraction = if events > 0 {
                    done as f32 / events as f32
                } else {
                    read as f32 / total as f32 * 0.5
                };
                ui.add(
                    egui::ProgressBar::new(fraction)
                        .desired_width(160.0)
                        .text(if events > 0 {
                            format!("{done} of {events} passages anchored")
                        } else {
                            format!("{} of {} KB read", read / 1024, total / 1024)
                        }),
                );
                if ui.button("Cancel").clicked() {
                    self.commands.push(Command::CancelLoad);
                }
                ui.ctx().request_repaint_after(Duration::from_millis(100));
            }
            ui.with_layout(egui::Layout::right_to_left(Align::Center), |ui| {
                ui.label("? for controls");
            });
        });
    }

    /// Every problem of the last refused load, each click-to-copy; the timeline above stays.
    fn errors_ui(&mut self, ui: &mut Ui) {
        let Some(error) = &self.document.error else {
            return;
        };
        let errors = error.error_count();
        ui.add_space(4.0);
        ui.colored_label(
            ui.visuals().error_fg_color,
            format!(
                "{} was not loaded: {errors} error{}. The timeline shown is the last one that loaded. Click a line to copy it.",
                error.file.display(),
                if errors == 1 { "" } else { "s" }
            ),
        );
        egui::ScrollArea::vertical()
            .auto_shrink([false, true])
            .show(ui, |ui| {
                for d in &error.diagnostics {
                    let line = d.panel_line();
                    let color = if d.severity == crate::diagnostic::Severity::Error {
                        ui.visuals().error_fg_color
                    } else {
                        ui.visuals().warn_fg_color
                    };
                    let response = ui.add(
                        egui::Label::new(egui::RichText::new(&line).monospace().color(color))
                            .sense(Sense::click())
                            .wrap_mode(egui::TextWrapMode::Wrap),
                    );
                    if response.on_hover_text("Click to copy").clicked() {
                        self.commands.push(Command::Copy(line));
                    }
                }
            });
    }

    /// The change summary of the last reload, each entry selecting its event; and notices.
    fn changes_ui(&mut self, ui: &mut Ui) {
        ui.horizontal_wrapped(|ui| {
            if let Some(notice) = &self.notice {
                ui.label(egui::RichText::new(notice).color(ui.visuals().warn_fg_color));
            }
            if let Some(changes) = &self.document.changes {
                ui.label(egui::RichText::new(format!("Reloaded: {}", changes.headline())).strong());
                for (kind, ids) in [("added", &changes.added), ("changed", &changes.changed)] {
                    for id in ids {
                        if let Some(index) = self.document.timeline.index_of(id) {
                            let title =
                                self.document.timeline.events[index].title(&self.document.timeline);
                            if ui.small_button(format!("{kind}: {title}")).clicked() {
                                self.commands.push(Command::SelectAndReveal(index));
                            }
                        }
                    }
                }
                for id in &changes.removed {
                    ui.label(egui::RichText::new(format!("removed: {id}")).weak());
                }
            }
            if ui.small_button("Dismiss").clicked() {
                self.commands.push(Command::DismissChanges);
            }
        });
    }

    fn warnings_ui(&mut self, ctx: &egui::Context) {
        let mut open = true;
        egui::Window::new("Warnings")
            .open(&mut open)
            .default_width(560.0)
            .show(ctx, |ui| {
                egui::ScrollArea::vertical().show(ui, |ui| {
                    for d in &self.document.warnings {
                        ui.label(egui::RichText::new(d.to_string()).monospace());
                    }
                });
            });
        if !open {
            self.show_warnings = false;
        }
    }

    /// Files dragged onto the window: a hint while hovering, a load when dropped.
    fn drop_ui(&mut self, ui: &Ui) {
        let (hovering, dropped) = ui.input(|i| {
            (
                !i.raw.hovered_files.is_empty(),
                i.raw
                    .dropped_files
                    .iter()
                    .map(|f| f.path().to_path_buf())
                    .next(),
            )
        });
        if let Some(path) = dropped {
            self.commands.push(Command::LoadFile(path));
        }
        if hovering {
            let rect = ui.ctx().content_rect();
            let painter = ui.ctx().layer_painter(egui::LayerId::new(
                egui::Order::Foreground,
                egui::Id::unique("sourceline-drop-overlay"),
            ));
            painter.rect_filled(rect, 0.0, Color32::from_black_alpha(160));
            painter.text(
                rect.center(),
                Align2::CENTER_CENTER,
                "Drop an events file to open it",
                FontId::proportional(24.0),
                Color32::WHITE,
            );
        }
    }

    fn list_ui(&mut self, ui: &mut Ui) {
        ui.heading("Events");
        let timeline = Arc::clone(&self.document.timeline);
        let passing = std::mem::take(&mut self.derived.passing);
        ui.label(format!("{} of {}", passing.len(), timeline.events.len()));
        ui.separator();
        let scroll_list = std::mem::take(&mut self.scroll_list);
        let row_height = ui.spacing().interact_size.y + ui.spacing().item_spacing.y;
        let mut area = egui::ScrollArea::vertical().auto_shrink(false);
        // Only the rows in sight are built (a million events would not fit a frame otherwise),
        // so scrolling to the selection is done by offset rather than by the row itself.
        if scroll_list
            && let Some(row) = self
                .selected
                .and_then(|selected| passing.binary_search(&selected).ok())
        {
            let height = ui.available_height();
            area = area.vertical_scroll_offset(
                (row as f32 * row_height - height / 2.0 + row_height / 2.0).max(0.0),
            );
        }
        area.show_rows(
            ui,
            row_height - ui.spacing().item_spacing.y,
            passing.len(),
            |ui, rows| {
                for &index in &passing[rows] {
                    let event = &timeline.events[index];
                    let selected = self.selected == Some(index);
                    let mark = self.change_mark(event.id(&timeline));
                    let text = format!("{mark}{}  {}", event.date_label(), event.title(&timeline));
                    let response = ui.add(
                        egui::Button::selectable(selected, text)
                            .wrap_mode(egui::TextWrapMode::Truncate),
                    );
                    if response.clicked() {
                        self.commands.push(Command::SelectAndReveal(index));
                    }
                }
            },
        );
        self.derived.passing = passing;
    }

    /// "[new] " or "[changed] " while the change summary is shown, else "".
    fn change_mark(&self, id: &str) -> &'static str {
        match &self.document.changes {
            Some(c) if c.added.iter().any(|a| a == id) => "[new] ",
            Some(c) if c.changed.iter().any(|a| a == id) => "[changed] ",
            _ => "",
        }
    }

    fn canvas_ui(&mut self, ui: &mut Ui) {
        let rect = ui.available_rect_before_wrap();
        let response = ui.interact(rect, ui.scope_id().with("canvas"), Sense::click_and_drag());
        let painter = ui.painter_at(rect);
        let visuals = ui.visuals().clone();
        painter.rect_filled(rect, 0.0, visuals.extreme_bg_color);

        let plot = Rect::from_min_max(
            Pos2::new(rect.left() + GUTTER_PX, rect.top() + AXIS_PX),
            Pos2::new(rect.right(), rect.bottom() - DENSITY_PX),
        );
        let axis = TimeAxis::new(self.view, f64::from(plot.left()), f64::from(plot.width()));

        // Zoom about the cursor (Ctrl+wheel, pinch), pan with the wheel and by dragging.
        self.pointer_days = response
            .hover_pos()
            .map(|p| axis.time_from_x(f64::from(p.x)));
        if let Some(pointer) = response.hover_pos() {
            let (zoom, scroll) = ui.input(|i| (i.zoom_delta(), i.smooth_scroll_delta()));
            if (zoom - 1.0).abs() > f32::EPSILON {
                let at = axis.time_from_x(f64::from(pointer.x));
                self.commands
                    .push(Command::SetView(self.view.zoom_at(at, f64::from(zoom))));
            } else if scroll != Vec2::ZERO {
                let px = f64::from(scroll.x + scroll.y);
                self.commands
                    .push(Command::SetView(self.view.pan(-px / axis.px_per_day())));
            }
        }
        if response.dragged() {
            let dx = f64::from(response.drag_delta().x);
            self.commands
                .push(Command::SetView(self.view.pan(-dx / axis.px_per_day())));
        }
        if response.double_clicked() {
            self.commands.push(Command::FitAll);
        } else if response.clicked() {
            self.commands.push(Command::Select(None));
        }

        // Axis and grid.
        let font = FontId::proportional(12.0);
        let char_px = f64::from(ui.fonts_mut(|f| f.glyph_width(&font, '0')));
        let ticks = ticks(axis, char_px);
        let grid = visuals
            .widgets
            .noninteractive
            .bg_stroke
            .color
            .gamma_multiply(0.6);
        for tick in &ticks.ticks {
            let x = axis.x_from_time(tick.days) as f32;
            painter.line_segment(
                [Pos2::new(x, rect.top() + 20.0), Pos2::new(x, rect.bottom())],
                Stroke::new(1.0, grid),
            );
            painter.text(
                Pos2::new(x + 3.0, rect.top() + 22.0),
                Align2::LEFT_TOP,
                &tick.label,
                font.clone(),
                visuals.weak_text_color(),
            );
        }
        for label in &ticks.context {
            painter.text(
                Pos2::new(label.x as f32 + 3.0, rect.top() + 4.0),
                Align2::LEFT_TOP,
                &label.label,
                FontId::proportional(13.0),
                visuals.strong_text_color(),
            );
        }
        painter.line_segment(
            [
                Pos2::new(rect.left(), plot.top()),
                Pos2::new(rect.right(), plot.top()),
            ],
            visuals.widgets.noninteractive.bg_stroke,
        );

        // Lanes.
        let options = LayoutOptions {
            char_width_px: char_px * 0.95,
            merge_px: MERGE_PX,
            ..LayoutOptions::default()
        };
        let lane_px = MARK_ROW_PX + ROW_PX * options.label_rows as f32 + 6.0;
        let layout_out: Layout =
            layout(&self.document.timeline, &self.derived.lanes, axis, options);
        for (i, lane) in self.lanes.iter().enumerate() {
            let top = plot.top() + i as f32 * lane_px;
            if i % 2 == 1 {
                painter.rect_filled(
                    Rect::from_min_max(
                        Pos2::new(rect.left(), top),
                        Pos2::new(rect.right(), top + lane_px),
                    ),
                    0.0,
                    visuals.faint_bg_color,
                );
            }
            painter.text(
                Pos2::new(rect.left() + 6.0, top + 3.0),
                Align2::LEFT_TOP,
                &lane.name,
                FontId::proportional(13.0),
                visuals.text_color(),
            );
        }

        let accent = visuals.selection.bg_fill;
        // Markers stay out of the lane-name gutter and the axis strip.
        let painter = painter.with_clip_rect(plot);
        // Merged bands and spans go under the single events, clusters of day events over them.
        let wide = |g: &&ClusterGroup| g.long;
        for group in layout_out.groups.iter().filter(wide) {
            self.cluster_group_ui(ui, &painter, plot, lane_px, &layout_out.clusters, group);
        }
        let mut labelled: BTreeSet<usize> = BTreeSet::new();
        for item in &layout_out.items {
            let event = &self.document.timeline.events[item.event];
            let top = plot.top() + item.lane as f32 * lane_px;
            let mid_y = top + MARK_ROW_PX / 2.0 + 1.0;
            let matched = self.derived.matches(item.event);
            let selected = self.selected == Some(item.event);
            let mut color = lane_color(item.lane);
            if !matched {
                color = color.gamma_multiply(0.2);
            }
            let x0 = item.x0 as f32;
            let x1 = item.x1 as f32;
            let hit = match item.kind {
                MarkKind::Point => {
                    let c = Pos2::new(x0, mid_y);
                    if event.approximate {
                        painter.circle(c, 5.0, color.gamma_multiply(0.25), Stroke::new(1.5, color));
                    } else {
                        painter.circle_filled(c, 5.0, color);
                    }
                    Rect::from_center_size(c, Vec2::splat(14.0))
                }
                MarkKind::Band => {
                    let r = Rect::from_min_max(
                        Pos2::new(x0, top + 3.0),
                        Pos2::new(x1.max(x0 + 2.0), top + MARK_ROW_PX - 1.0),
                    );
                    painter.rect_filled(
                        r,
                        2.0,
                        color.gamma_multiply(if event.approximate { 0.12 } else { 0.25 }),
                    );
                    let stroke = Stroke::new(1.0, color);
                    if event.approximate {
                        dashed_rect(&painter, r, stroke);
                    } else {
                        painter.line_segment([r.left_top(), r.left_bottom()], stroke);
                        painter.line_segment([r.right_top(), r.right_bottom()], stroke);
                    }
                    r
                }
                MarkKind::Span => {
                    let r = Rect::from_min_max(
                        Pos2::new(x0, mid_y - 4.0),
                        Pos2::new(x1.max(x0 + 3.0), mid_y + 4.0),
                    );
                    painter.rect_filled(
                        r,
                        4.0,
                        color.gamma_multiply(if event.approximate { 0.5 } else { 1.0 }),
                    );
                    r
                }
            };
            if selected {
                painter.rect_stroke(
                    hit.expand(3.0),
                    4.0,
                    Stroke::new(2.0, accent),
                    egui::StrokeKind::Outside,
                );
            }
            if let Some(slot) = item.label {
                let y = top + MARK_ROW_PX + slot.row as f32 * ROW_PX;
                let mut job = LayoutJob::simple_singleline(
                    event.title(&self.document.timeline).to_owned(),
                    font.clone(),
                    if matched {
                        visuals.text_color()
                    } else {
                        visuals.weak_text_color().gamma_multiply(0.5)
                    },
                );
                job.wrap.max_width = slot.max_width as f32;
                job.wrap.max_rows = 1;
                job.wrap.break_anywhere = true;
                let galley = painter.layout_job(job);
                painter.line_segment(
                    [
                        Pos2::new(x0.max(plot.left()), mid_y),
                        Pos2::new(slot.x as f32 - 2.0, y + 7.0),
                    ],
                    Stroke::new(0.5, color.gamma_multiply(0.5)),
                );
                painter.galley(Pos2::new(slot.x as f32, y), galley, visuals.text_color());
            }
            // One AccessKit node per event: later lanes add the lane name to stay distinct.
            let first = labelled.insert(item.event);
            let label = if first {
                format!(
                    "{}, {}",
                    event.title(&self.document.timeline),
                    event.date_label()
                )
            } else {
                format!(
                    "{}, {} ({})",
                    event.title(&self.document.timeline),
                    event.date_label(),
                    self.lanes[item.lane].name
                )
            };
            let id = ui.scope_id().with(("event", item.event, item.lane));
            let hit = hit.intersect(plot);
            let r = ui.interact(hit, id, Sense::click());
            r.widget_info(|| WidgetInfo::selected(Role::Button, true, selected, &label));
            if r.clicked() {
                self.commands.push(Command::Select(Some(item.event)));
            }
            r.on_hover_ui(|ui| event_tooltip_ui(ui, &self.document.timeline, event));
        }
        for group in layout_out.groups.iter().filter(|g| !wide(g)) {
            self.cluster_group_ui(ui, &painter, plot, lane_px, &layout_out.clusters, group);
        }
        self.density_ui(ui, rect, plot, axis);
        if self.document.timeline.events.is_empty() {
            painter.text(
                plot.center(),
                Align2::CENTER_CENTER,
                "This timeline has no events.",
                FontId::proportional(16.0),
                visuals.weak_text_color(),
            );
        }
    }

    /// One group of clusters: a pill with its count (or, when wide, a faint band with the count
    /// at its left), clickable to zoom in, with the first events in its tooltip.
    #[allow(
        clippy::too_many_arguments,
        reason = "the canvas's per-frame geometry, passed rather than stored"
    )]
    fn cluster_group_ui(
        &mut self,
        ui: &Ui,
        painter: &egui::Painter,
        plot: Rect,
        lane_px: f32,
        clusters: &[Cluster],
        group: &ClusterGroup,
    ) {
        let timeline = Arc::clone(&self.document.timeline);
        let visuals = ui.visuals().clone();
        let accent = visuals.selection.bg_fill;
        let members: Vec<&Cluster> = group.members(clusters).collect();
        let top = plot.top() + group.lane as f32 * lane_px;
        let mid_y = top + MARK_ROW_PX / 2.0 + 1.0;
        // Lists are in event order, which is time order.
        let lists: Vec<&[usize]> = members
            .iter()
            .map(|c| c.events(&self.derived.lanes))
            .collect();
        let (Some(first_index), Some(last_index)) = (
            lists.iter().filter_map(|e| e.first()).min().copied(),
            lists.iter().filter_map(|e| e.last()).max().copied(),
        ) else {
            return;
        };
        let matching: usize = members.iter().map(|c| self.derived.matches_in(c)).sum();
        let color = lane_color(group.lane).gamma_multiply(if matching > 0 { 1.0 } else { 0.2 });
        let r = Rect::from_min_max(
            Pos2::new(group.x0 as f32 - 6.0, mid_y - 7.0),
            Pos2::new(group.x1 as f32 + 6.0, mid_y + 7.0),
        );
        // Merged bands and spans are a faint band with the count at its left, so the events
        // drawn over them stay legible; merged day events are a pill with the count inside.
        let wide = group.long;
        if wide {
            painter.rect_filled(r, 3.0, color.gamma_multiply(0.3));
        } else {
            painter.rect_filled(r, 7.0, color);
        }
        if self
            .selected
            .is_some_and(|i| lists.iter().any(|events| events.binary_search(&i).is_ok()))
        {
            painter.rect_stroke(
                r.expand(3.0),
                9.0,
                Stroke::new(2.0, accent),
                egui::StrokeKind::Outside,
            );
        }
        let count = if self.derived.searching() {
            format!("{matching}/{}", group.count)
        } else {
            group.count.to_string()
        };
        if wide && r.width() < 70.0 {
            painter.text(
                r.center(),
                Align2::CENTER_CENTER,
                count,
                FontId::proportional(11.0),
                visuals.strong_text_color(),
            );
        } else if wide {
            painter.text(
                Pos2::new(r.left().max(plot.left()) + 4.0, r.center().y),
                Align2::LEFT_CENTER,
                format!("{count} events"),
                FontId::proportional(11.0),
                visuals.strong_text_color(),
            );
        } else {
            painter.text(
                r.center(),
                Align2::CENTER_CENTER,
                count,
                FontId::proportional(11.0),
                Color32::WHITE,
            );
        }
        let first = &timeline.events[first_index];
        let last = &timeline.events[last_index];
        let label = format!(
            "{} events, {} to {} ({})",
            group.count, first.date, last.date, self.lanes[group.lane].name
        );
        let resp = ui.interact(
            r,
            ui.scope_id().with(("cluster", group.lane, first_index)),
            Sense::click(),
        );
        resp.widget_info(|| WidgetInfo::labeled(Role::Button, true, &label));
        if resp.clicked() {
            let (start, _) = event_extent_days(first);
            let (_, end) = event_extent_days(last);
            let pad = ((end - start) * 0.5).max(2.0);
            self.commands.push(Command::AnimateTo(TimeView::between(
                start - pad,
                end + pad,
            )));
        }
        resp.on_hover_ui(|ui| {
            ui.label(format!("{} events — click to zoom in", group.count));
            let shown: Vec<usize> = lists
                .iter()
                .flat_map(|events| events.iter().take(CLUSTER_TOOLTIP_EVENTS))
                .copied()
                .take(CLUSTER_TOOLTIP_EVENTS)
                .collect();
            for &i in &shown {
                let e = &timeline.events[i];
                ui.label(format!("{}  {}", e.date_label(), e.title(&timeline)));
            }
            if group.count > shown.len() {
                ui.label(format!("and {} more", group.count - shown.len()));
            }
        });
    }

    /// The strip at the foot of the canvas: how many events fall when over the whole timeline,
    /// the search hits in the accent colour, and the current view as a frame. Clicking or
    /// dragging on it moves the view there.
    fn density_ui(&mut self, ui: &Ui, rect: Rect, plot: Rect, axis: TimeAxis) {
        let density = &self.derived.density;
        let strip = Rect::from_min_max(
            Pos2::new(plot.left(), rect.bottom() - DENSITY_PX + 3.0),
            Pos2::new(plot.right(), rect.bottom() - 2.0),
        );
        if density.counts.is_empty() || strip.width() < 8.0 {
            return;
        }
        let painter = ui.painter_at(strip.expand(2.0));
        let visuals = ui.visuals();
        painter.rect_filled(strip, 2.0, visuals.faint_bg_color);
        // Columns of the strip each cover several bins: take the largest so spikes show.
        let columns = strip.width().floor().max(1.0) as usize;
        let bins = density.counts.len();
        let column_max = |values: &[u32], c: usize| {
            let from = c * bins / columns;
            let to = ((c + 1) * bins / columns).max(from + 1).min(bins);
            values
                .get(from..to)
                .and_then(|v| v.iter().max().copied())
                .unwrap_or(0)
        };
        let peak = density.counts.iter().copied().max().unwrap_or(0).max(1) as f32;
        let height = strip.height() - 2.0;
        // Square root: a few busy months should not flatten everything else.
        let bar = |count: u32| (count as f32 / peak).sqrt() * height;
        let base = visuals.widgets.inactive.fg_stroke.color.gamma_multiply(0.6);
        let hit = visuals.selection.bg_fill;
        let mut shapes = Vec::with_capacity(columns * 2);
        for c in 0..columns {
            let x = strip.left() + c as f32 + 0.5;
            let count = column_max(&density.counts, c);
            if count > 0 {
                let top = strip.bottom() - 1.0 - bar(count).max(1.0);
                shapes.push(egui::Shape::line_segment(
                    [Pos2::new(x, strip.bottom() - 1.0), Pos2::new(x, top)],
                    Stroke::new(1.0, base),
                ));
            }
            if !density.hits.is_empty() {
                let hits = column_max(&density.hits, c);
                if hits > 0 {
                    shapes.push(egui::Shape::line_segment(
                        [
                            Pos2::new(x, strip.bottom() - 1.0),
                            Pos2::new(x, strip.bottom() - 1.0 - bar(hits).max(3.0)),
                        ],
                        Stroke::new(1.0, hit),
                    ));
                }
            }
        }
        painter.extend(shapes);
        let x_of = |days: f64| {
            strip.left()
                + ((days - density.start_days) / (density.end_days - density.start_days)) as f32
                    * strip.width()
        };
        let view = axis.view;
        let frame = Rect::from_min_max(
            Pos2::new(x_of(view.start_days).max(strip.left()), strip.top()),
            Pos2::new(
                x_of(view.start_days + view.span_days).min(strip.right()),
                strip.bottom(),
            ),
        );
        painter.rect_stroke(
            frame.expand2(Vec2::new(1.0, 0.0)),
            1.0,
            Stroke::new(1.5, visuals.strong_text_color()),
            egui::StrokeKind::Inside,
        );
        let response = ui.interact(
            strip,
            ui.scope_id().with("density"),
            Sense::click_and_drag(),
        );
        response.widget_info(|| {
            WidgetInfo::labeled(
                Role::Slider,
                true,
                "Density of events over the whole timeline",
            )
        });
        if let Some(pos) = response.interact_pointer_pos()
            && (response.clicked() || response.dragged())
        {
            let days = density.start_days
                + f64::from((pos.x - strip.left()) / strip.width())
                    * (density.end_days - density.start_days);
            self.commands.push(Command::SetView(view.centered_on(days)));
        }
        response.on_hover_text("Events over the whole timeline; click or drag to move the view");
    }

    fn reader_ui(&mut self, ui: &mut Ui) {
        let Some(index) = self.selected else {
            ui.add_space(8.0);
            ui.heading("Reader");
            ui.label("Click an event on the timeline or in the list to read its sources here.");
            return;
        };
        let timeline = Arc::clone(&self.document.timeline);
        let event = &timeline.events[index];
        ui.add_space(4.0);
        ui.heading(event.title(&timeline));
        ui.label(egui::RichText::new(event.date_label()).strong());
        if let Some(note) = event.date_note(&timeline) {
            ui.label(egui::RichText::new(note).small().weak());
        }
        ui.label(event.summary(&timeline));
        ui.horizontal_wrapped(|ui| {
            for actor in event.actors(&timeline) {
                ui.label(egui::RichText::new(actor).background_color(ui.visuals().faint_bg_color));
            }
            for tag in event.tags(&timeline) {
                ui.label(egui::RichText::new(format!("#{tag}")).weak());
            }
        });
        ui.separator();
        let citations = event.citations(&timeline);
        let citation_index = self.citation.min(citations.len().saturating_sub(1));
        for (i, citation) in citations.iter().enumerate() {
            let source = &timeline.sources[citation.source];
            let chosen = i == citation_index;
            let about = if source.record.published_approximate {
                "about "
            } else {
                ""
            };
            let text = format!(
                "{}\n{} · {about}{} · anchor: {}",
                source.record.title,
                source.record.publisher,
                source.published,
                citation.anchor.quality
            );
            if ui.add(egui::Button::selectable(chosen, text)).clicked() {
                self.commands.push(Command::ChooseCitation(i));
            }
        }
        ui.separator();
        let Some(citation) = citations.get(citation_index) else {
            return;
        };
        let source = &timeline.sources[citation.source];
        ui.label(egui::RichText::new(&source.record.title).strong());
        let about = if source.record.published_approximate {
            "about "
        } else {
            ""
        };
        let author = source
            .record
            .author
            .as_deref()
            .map(|a| format!(" · {a}"))
            .unwrap_or_default();
        ui.label(format!(
            "{}{author} · {about}{}",
            source.record.publisher, source.published
        ));
        if let Some(url) = source
            .record
            .url
            .as_deref()
            .filter(|u| u.starts_with("https://") || u.starts_with("http://"))
        {
            ui.hyperlink(url);
        }
        if citation.anchor.quality == AnchorQuality::NotFound {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                "This passage was not found in the article: nothing is highlighted.",
            );
        }
        let scroll = std::mem::take(&mut self.scroll_to_passage);
        egui::ScrollArea::vertical()
            .auto_shrink(false)
            .show(ui, |ui| {
                self.article_ui(ui, &timeline, index, citation_index, scroll);
            });
    }

    /// The article with the chosen passage highlighted and other events' passages lighter.
    fn article_ui(
        &mut self,
        ui: &mut Ui,
        timeline: &Timeline,
        index: usize,
        citation_index: usize,
        scroll: bool,
    ) {
        let event = &timeline.events[index];
        let Some(citation) = event.citations(timeline).get(citation_index) else {
            return;
        };
        let text = &timeline.sources[citation.source].text;
        let chosen = citation.anchor.range.clone();
        // The article's other passages, already ordered by start (see `Timeline::passages`).
        let others: Vec<(Range<usize>, usize)> = timeline
            .passages
            .get(citation.source)
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .filter_map(|&c| {
                let other = timeline.citations.get(c as usize)?;
                let event = *timeline.citation_event.get(c as usize)? as usize;
                let range = other.anchor.range.clone()?;
                (!(event == index && Some(&range) == chosen.as_ref())).then_some((range, event))
            })
            .collect();

        let font = FontId::proportional(14.0);
        let text_color = ui.visuals().text_color();
        let strong = Color32::from_rgba_unmultiplied(255, 200, 0, 140);
        let light = Color32::from_rgba_unmultiplied(120, 170, 255, 60);
        let mut cuts: Vec<usize> = vec![0, text.len()];
        for range in chosen.iter().chain(others.iter().map(|(r, _)| r)) {
            cuts.extend([range.start, range.end]);
        }
        cuts.sort_unstable();
        cuts.dedup();
        let mut job = LayoutJob::default();
        job.wrap.max_width = ui.available_width();
        // Character index of each cut, counted once, for placing passages in the galley.
        let mut cut_chars = Vec::with_capacity(cuts.len());
        cut_chars.push(0);
        // Sweep over the passages in start order: a piece is lit when a passage that started at
        // or before it reaches past its end.
        let (mut next_other, mut reach) = (0, 0);
        for pair in cuts.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            while let Some((r, _)) = others.get(next_other)
                && r.start <= a
            {
                reach = reach.max(r.end);
                next_other += 1;
            }
            let background = if chosen.as_ref().is_some_and(|r| r.start <= a && b <= r.end) {
                strong
            } else if reach >= b {
                light
            } else {
                Color32::TRANSPARENT
            };
            let piece = text.get(a..b).unwrap_or_default();
            cut_chars.push(cut_chars.last().copied().unwrap_or(0) + piece.chars().count());
            job.append(
                piece,
                0.0,
                TextFormat {
                    font_id: font.clone(),
                    color: text_color,
                    background,
                    ..TextFormat::default()
                },
            );
        }
        let galley = ui.painter().layout_job(job);
        let (rect, _) = ui.allocate_exact_size(galley.size(), Sense::hover());
        let char_index = |byte: usize| {
            cuts.binary_search(&byte)
                .map_or_else(|_| text[..byte].chars().count(), |i| cut_chars[i])
        };
        let range_rect = |range: &Range<usize>| {
            let a = galley.pos_from_cursor(CCursor::new(char_index(range.start)));
            let b = galley.pos_from_cursor(CCursor::new(char_index(range.end)));
            if (a.top() - b.top()).abs() < 1.0 {
                Rect::from_min_max(a.left_top(), b.right_bottom())
            } else {
                Rect::from_min_max(
                    Pos2::new(0.0, a.top()),
                    Pos2::new(galley.size().x, b.bottom()),
                )
            }
            .translate(rect.min.to_vec2())
        };
        if scroll && let Some(range) = &chosen {
            ui.scroll_to_rect(range_rect(range), Some(Align::Center));
        }
        // Passages of other events: clickable, selecting their event.
        let visible = ui.clip_rect();
        for (n, (range, other)) in others.iter().enumerate() {
            let r = range_rect(range);
            if !visible.intersects(r) {
                continue;
            }
            let other_event = &timeline.events[*other];
            let label = format!("Passage cited by {}", other_event.title(timeline));
            let response = ui.interact(r, ui.scope_id().with(("passage", n)), Sense::click());
            response.widget_info(|| WidgetInfo::labeled(Role::Link, true, &label));
            if response.clicked() {
                self.commands.push(Command::SelectAndReveal(*other));
            }
            response.on_hover_text(format!(
                "{} — {}",
                other_event.date_label(),
                other_event.title(timeline)
            ));
        }
        ui.painter()
            .galley(rect.min, Arc::clone(&galley), text_color);
        if let Some(range) = &chosen {
            let r = range_rect(range);
            let response = ui.interact(r, ui.scope_id().with("chosen-passage"), Sense::hover());
            let quote = &text[range.clone()];
            response.widget_info(|| {
                WidgetInfo::labeled(Role::Mark, true, format!("Highlighted passage: {quote}"))
            });
        }
    }

    fn help_ui(&mut self, ctx: &egui::Context) {
        let mut open = true;
        egui::Window::new("Controls")
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .anchor(Align2::CENTER_CENTER, Vec2::ZERO)
            .show(ctx, |ui| {
                egui::Grid::new("controls").striped(true).show(ui, |ui| {
                    for (keys, what) in CONTROLS {
                        ui.label(egui::RichText::new(*keys).strong());
                        ui.label(*what);
                        ui.end_row();
                    }
                });
            });
        if !open {
            self.show_help = false;
        }
    }
}

/// Every control, as the help overlay and the README list them.
pub const CONTROLS: &[(&str, &str)] = &[
    ("Click an event", "Select it and read its source passage"),
    ("Click a cluster", "Zoom in on the events it merges"),
    (
        "Click or drag the density strip",
        "Move the view there (the strip shows every event, search hits and the view)",
    ),
    (
        "Ctrl + wheel, pinch, + / -",
        "Zoom about the cursor (keys: about the centre when the cursor is elsewhere)",
    ),
    ("Wheel, Shift + wheel, drag", "Pan in time"),
    ("F, double-click empty canvas", "Fit all events"),
    (
        "Left / Right arrow",
        "Previous / next event in time (within the filter)",
    ),
    ("Home / End", "First / last event"),
    (
        "Ctrl + F",
        "Search titles, summaries, actors, tags, quotes, sources",
    ),
    (
        "Enter / Shift + Enter",
        "Next / previous match (in the search box)",
    ),
    ("Esc", "Clear the search, then the selection"),
    ("? or F1", "Show or hide this help"),
    ("Click a light passage", "Select the event that cites it"),
    (
        "Ctrl + O, or drop a file on the window",
        "Open an events file",
    ),
    (
        "F5 / Ctrl + R",
        "Reload the open file (changes on disk are followed anyway)",
    ),
];

impl eframe::App for SourcelineApp {
    fn ui(&mut self, ui: &mut Ui, frame: &mut eframe::Frame) {
        SourcelineApp::ui(self, ui);
        // Save when the state changes (at most once a second), not only on the periodic autosave.
        let state = self.persisted();
        let due = self
            .last_saved
            .as_ref()
            .is_none_or(|(saved, at)| *saved != state && at.elapsed() >= Duration::from_secs(1));
        if due && let Some(storage) = frame.storage_mut() {
            eframe::set_value(storage, STORAGE_KEY, &state);
            storage.flush();
            self.last_saved = Some((state, Instant::now()));
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        let state = self.persisted();
        eframe::set_value(storage, STORAGE_KEY, &state);
        self.last_saved = Some((state, Instant::now()));
    }
}

fn log_line(message: &str) {
    eprintln!("{message}");
}

fn actor_names(timeline: &Timeline) -> Vec<String> {
    lanes(timeline, LaneMode::ByActor)
        .into_iter()
        .map(|lane| lane.name)
        .filter(|name| name != crate::layout::OTHER_LANE)
        .collect()
}

fn toggle(set: &mut BTreeSet<String>, value: String) {
    if !set.remove(&value) {
        set.insert(value);
    }
}

/// A view of every event, with a little room on both sides.
pub fn fit_all(timeline: &Timeline) -> TimeView {
    let Some((start, end)) = timeline_extent_days(timeline) else {
        let today = days_from_date(chrono::Local::now().date_naive());
        return TimeView::between(today - 365.0, today + 30.0);
    };
    let pad = ((end - start) * 0.03).max(1.0);
    TimeView::between(start - pad, end + pad)
}

/// The view the app opens on: the two years before the latest event, where the news is, or
/// everything when the timeline is shorter than that.
pub fn initial_view(timeline: &Timeline) -> TimeView {
    let latest = timeline
        .events
        .iter()
        .map(|e| event_extent_days(e).1)
        .fold(f64::NEG_INFINITY, f64::max);
    let recent_start = timeline
        .events
        .iter()
        .map(|e| event_extent_days(e).0)
        .filter(|&s| s >= latest - 730.0)
        .fold(f64::INFINITY, f64::min);
    if !recent_start.is_finite() {
        return fit_all(timeline);
    }
    let pad = ((latest - recent_start) * 0.04).max(1.0);
    TimeView::between(recent_start - pad, latest + pad * 4.0)
}

fn lane_color(lane: usize) -> Color32 {
    const PALETTE: [Color32; 8] = [
        Color32::from_rgb(52, 110, 200),
        Color32::from_rgb(200, 70, 60),
        Color32::from_rgb(40, 150, 90),
        Color32::from_rgb(150, 90, 190),
        Color32::from_rgb(210, 130, 30),
        Color32::from_rgb(30, 150, 160),
        Color32::from_rgb(190, 80, 140),
        Color32::from_rgb(110, 120, 40),
    ];
    PALETTE[lane % PALETTE.len()]
}

fn dashed_rect(painter: &egui::Painter, r: Rect, stroke: Stroke) {
    for (a, b) in [
        (r.left_top(), r.right_top()),
        (r.right_top(), r.right_bottom()),
        (r.right_bottom(), r.left_bottom()),
        (r.left_bottom(), r.left_top()),
    ] {
        painter.extend(egui::Shape::dashed_line(&[a, b], stroke, 4.0, 3.0));
    }
}

fn event_tooltip_ui(ui: &mut Ui, timeline: &Timeline, event: &Event) {
    ui.set_max_width(320.0);
    ui.label(egui::RichText::new(event.date_label()).strong());
    ui.label(egui::RichText::new(event.title(timeline)).heading());
    ui.label(event.summary(timeline));
}
