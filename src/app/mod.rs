//! The window: the only module that uses egui or eframe. [`SourcelineApp`] owns the shared
//! [`AppState`], the background work and one struct per panel; a frame runs in this order:
//!
//! 1. take in background results (finished loads, changes on disk, the file dialog);
//! 2. bring derived data and animations up to date;
//! 3. map this frame's keys to commands ([`keys`]);
//! 4. draw the panels, each reading [`FrameContext`] and pushing [`Command`]s;
//! 5. apply the commands in order ([`command`]), the only place the state changes.

pub mod add_article;
pub mod also_reported;
pub mod archive_commands;
pub mod archive_panel;
pub mod archive_search;
pub mod arrival;
pub mod article;
pub mod background;
pub mod canvas;
pub mod capture;
pub mod citation_card;
pub mod command;
pub mod document_commands;
pub mod editor;
pub mod events_list;
pub mod help;
pub mod incoming;
pub mod keys;
pub mod notices;
pub mod operations;
pub mod reader;
pub mod search_worker;
pub mod sources_panel;
pub mod state;
pub mod status_bar;
pub mod theme;
pub mod toolbar;
pub mod transfer;

use std::path::Path;
use std::time::{Duration, Instant};

use egui::Ui;

pub use command::Command;
pub use help::CONTROLS;
pub use state::{AppState, LeftTab, MAX_RECENT, Persisted, STORAGE_KEY};

use add_article::AddArticle;
use background::Background;
use canvas::Canvas;
use editor::Editor;
use events_list::EventsList;
use help::Help;
use keys::{KeyContext, commands_from_keys, key_presses};
use notices::Notices;
use reader::Reader;
use sources_panel::SourcesPanel;
use status_bar::StatusBar;
use theme::{EDITOR_WIDTH_PX, ERRORS_HEIGHT_PX, LIST_WIDTH_PX, READER_WIDTH_PX, Theme};
use toolbar::Toolbar;

use crate::document::Document;
use crate::load::{Loaded, Progress};
use crate::model::Timeline;
use crate::timeline::axis::TimeView;

/// What a panel may read while it draws: the shared state, the theme, and how the background
/// work stands. Panels change nothing through it; they push commands.
pub struct FrameContext<'a> {
    /// The shared state.
    pub state: &'a AppState,
    /// Colours of this frame.
    pub theme: &'a Theme,
    /// The load in progress, if any.
    pub loading: Option<&'a Progress>,
    /// True while the open file is followed on disk.
    pub following: bool,
}

/// The sourceline application.
pub struct SourcelineApp {
    state: AppState,
    background: Background,
    toolbar: Toolbar,
    events_list: EventsList,
    canvas: Canvas,
    reader: Reader,
    status_bar: StatusBar,
    notices: Notices,
    help: Help,
    editor: Editor,
    add_article: AddArticle,
    sources_panel: SourcesPanel,
    archive_panel: archive_panel::ArchivePanel,
    commands: Vec<Command>,
    egui_ctx: Option<egui::Context>,
    last_saved: Option<(Persisted, Instant)>,
    /// Set once unsaved edits were saved or dropped on the way to closing the window.
    allow_close: bool,
    /// The window title last sent, so it is sent only when it changes.
    title: String,
    /// Where a requested PNG of the canvas went (or why not), once the screenshot arrives.
    png_result: Option<std::sync::mpsc::Receiver<Result<std::path::PathBuf, String>>>,
    /// When the process started, until the first frame is drawn (then logged at info level).
    launched: Option<Instant>,
    /// From this size of events file on, edits are made on the editing thread (below it, at
    /// once: loading a small file costs less than a frame).
    async_edit_from_bytes: usize,
    /// An article copied in for a source being added (its id and file), removed again if the
    /// source is refused.
    article_written: Option<(String, std::path::PathBuf)>,
    /// Fetches under way (Add from URL, Archive linked sources), taken each frame.
    capturing: Option<capture::Capturing>,
    capture_panel: capture::CapturePanel,
}

/// From this size of events file on, edits are made off the UI thread: a file this size loads in
/// a few milliseconds.
pub const ASYNC_EDIT_FROM_BYTES: usize = 512 * 1024;

impl SourcelineApp {
    /// An app showing `document`.
    pub fn new(document: Document) -> Self {
        Self {
            state: AppState::new(document),
            background: Background::default(),
            toolbar: Toolbar::default(),
            events_list: EventsList::default(),
            canvas: Canvas::default(),
            reader: Reader::default(),
            status_bar: StatusBar,
            notices: Notices,
            help: Help,
            editor: Editor::default(),
            add_article: AddArticle::default(),
            sources_panel: SourcesPanel::default(),
            archive_panel: archive_panel::ArchivePanel::default(),
            commands: Vec::new(),
            egui_ctx: None,
            last_saved: None,
            allow_close: false,
            title: String::new(),
            png_result: None,
            launched: None,
            async_edit_from_bytes: ASYNC_EDIT_FROM_BYTES,
            article_written: None,
            capturing: None,
            capture_panel: capture::CapturePanel::default(),
        }
    }

    /// Makes edits off the UI thread from `bytes` of events file on (tests set 0, to take the
    /// large file's path with a small one).
    pub fn set_async_edit_from_bytes(&mut self, bytes: usize) {
        self.async_edit_from_bytes = bytes;
    }

    /// True while edits, undos, redos or a save are being made (the timeline shown is the one
    /// before them).
    pub fn is_applying(&self) -> bool {
        self.state.document.is_applying()
    }

    /// Logs (at info level) how long after `launched` the first frame was drawn.
    pub fn log_first_frame_since(&mut self, launched: Instant) {
        self.launched = Some(launched);
    }

    /// The app as it was left: `file` (from the command line) wins over the remembered file;
    /// a remembered file that has gone leaves the bundled timeline with a notice.
    pub fn restore(
        persisted: &Persisted,
        file: Option<&Path>,
        bundled: impl FnOnce() -> Loaded,
    ) -> Self {
        Self::restore_preloaded(persisted, file, None, bundled)
    }

    /// Like [`SourcelineApp::restore`], with `file` already loaded (`preloaded`): `main` loads
    /// the file named on the command line while the window and its graphics are being made.
    pub fn restore_preloaded(
        persisted: &Persisted,
        file: Option<&Path>,
        preloaded: Option<Result<Loaded, crate::load::LoadError>>,
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
            Some(path) => match preloaded
                .filter(|_| file.is_some())
                .unwrap_or_else(|| crate::load::load(&path))
            {
                Ok(loaded) => Document::new(Some(path), loaded),
                Err(error) => {
                    log::warn!("{} could not be loaded", error.file.display());
                    for d in &error.diagnostics {
                        log::warn!("{d}");
                    }
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
        if let Some(error) = failed {
            // The bundled timeline stands in; the error says why.
            app.state.document.refuse(error);
        }
        app.state.notice = notice;
        app.state.restore(persisted);
        app
    }

    /// What should be remembered now.
    pub fn persisted(&self) -> Persisted {
        self.state.persisted()
    }

    /// The shared state, for tests and benchmarks.
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// The timeline shown.
    pub fn timeline(&self) -> &Timeline {
        self.state.document.timeline()
    }

    /// The open document: file, timeline, errors and changes of the last load.
    pub fn document(&self) -> &Document {
        &self.state.document
    }

    /// True while a load runs in the background.
    pub fn is_loading(&self) -> bool {
        self.background.progress().is_some()
    }

    /// The notice shown under the toolbar, if any.
    pub fn notice(&self) -> Option<&str> {
        self.state.notice.as_deref()
    }

    /// The selected event's index.
    pub fn selected(&self) -> Option<usize> {
        self.state.selected
    }

    /// The view shown.
    pub fn view(&self) -> TimeView {
        self.state.view
    }

    /// True when the list and canvas show the results of the current query and filters.
    pub fn results_current(&self) -> bool {
        self.state.derived_is_current()
    }

    /// True when a large timeline's search index is built (for the benchmarks).
    pub fn is_search_index_ready(&self) -> bool {
        self.state
            .search
            .is_index_ready(self.state.document.timeline())
    }

    /// Bytes the search index holds (for the benchmarks).
    pub fn search_index_bytes(&self) -> usize {
        self.state.search.index_bytes()
    }

    /// The search query.
    pub fn query(&self) -> &str {
        &self.state.filter.query
    }

    /// Width of the canvas's plot area as of the last frame.
    pub fn plot_width_px(&self) -> f64 {
        self.canvas.plot_width_px()
    }

    /// Queues a command, as the UI does.
    pub fn push(&mut self, command: Command) {
        self.commands.push(command);
    }

    /// Draws the whole window into `ui`, then applies what was asked for.
    pub fn ui(&mut self, ui: &mut Ui) {
        let now = ui.input(|i| i.time);
        if !self.background.is_attached() {
            self.egui_ctx = Some(ui.ctx().clone());
            self.background.attach(ui.ctx());
            self.refollow();
        }
        let polled = self.background.poll();
        self.take_background(polled);
        self.take_png();
        self.poll_capture(ui.ctx());
        self.state.refresh_derived();
        self.state.archive.refresh(self.state.document.timeline());
        if self.state.is_searching()
            || self
                .state
                .archive
                .is_searching(self.state.document.timeline())
        {
            // Look again soon: the worker's result is picked up at the start of a frame.
            ui.ctx().request_repaint_after(Duration::from_millis(16));
        }
        self.advance_animation(now);

        let mut commands = std::mem::take(&mut self.commands);
        let key_context = KeyContext {
            typing: ui.ctx().text_edit_focused(),
            view: self.state.view,
            pointer_days: self.canvas.pointer_days(),
            selected: self.state.selected,
            reading_source: self.state.reader_source.is_some(),
            in_articles: self.state.archive.in_articles,
        };
        commands.extend(ui.input(|i| commands_from_keys(&key_presses(i), key_context)));

        let theme = Theme::from_visuals(ui.visuals());
        let cx = FrameContext {
            state: &self.state,
            theme: &theme,
            loading: self.background.progress(),
            following: self.background.is_following(),
        };
        egui::Panel::top("toolbar").show(ui, |ui| self.toolbar.ui(ui, &cx, &mut commands));
        egui::Panel::bottom("status").show(ui, |ui| self.status_bar.ui(ui, &cx, &mut commands));
        if Notices::has_errors(&cx) {
            egui::Panel::bottom("errors")
                .resizable(true)
                .default_size(ERRORS_HEIGHT_PX)
                .show(ui, |ui| self.notices.errors_ui(ui, &cx, &mut commands));
        }
        if Notices::has_changes(&cx) {
            egui::Panel::top("changes")
                .show(ui, |ui| self.notices.changes_ui(ui, &cx, &mut commands));
        }
        if Notices::has_conflict(&cx) {
            egui::Panel::top("conflict")
                .show(ui, |ui| self.notices.conflict_ui(ui, &cx, &mut commands));
        }
        self.notices.warnings_ui(ui, &cx, &mut commands);
        self.notices.drop_ui(ui, &cx, &mut commands);
        if cx.state.show_list {
            egui::Panel::left("events_list")
                .resizable(true)
                .default_size(LIST_WIDTH_PX)
                .show(ui, |ui| {
                    // Two tabs: the events, and the sources they cite.
                    ui.horizontal(|ui| {
                        let tabs = [
                            (LeftTab::Events, "Events"),
                            (LeftTab::Sources, "Sources"),
                            (LeftTab::Articles, "In articles"),
                        ];
                        for (tab, name) in tabs {
                            if ui
                                .selectable_label(cx.state.left_tab == tab, name)
                                .clicked()
                            {
                                commands.push(Command::ShowTab(tab));
                            }
                        }
                    });
                    match cx.state.left_tab {
                        LeftTab::Events => self.events_list.ui(ui, &cx, &mut commands),
                        LeftTab::Sources => self.sources_panel.ui(ui, &cx, &mut commands),
                        LeftTab::Articles => self.archive_panel.ui(ui, &cx, &mut commands),
                    }
                });
        }
        egui::Panel::right("reader")
            .resizable(true)
            .default_size(READER_WIDTH_PX)
            .show(ui, |ui| self.reader.ui(ui, &cx, &mut commands));
        if self.editor.is_open(&cx) {
            egui::Panel::right("editor")
                .resizable(true)
                .default_size(EDITOR_WIDTH_PX)
                .show(ui, |ui| self.editor.ui(ui, &cx, &mut commands));
        }
        egui::CentralPanel::default().show(ui, |ui| self.canvas.ui(ui, &cx, &mut commands));
        self.help.ui(ui, &cx, &mut commands);
        self.add_article.ui(ui, &cx, &mut commands);
        self.capture_panel.ui(ui, &cx, &mut commands);
        self.notices.pending_ui(ui, &cx, &mut commands);
        self.title_ui(ui.ctx());
        if ui.ctx().input(|i| i.viewport().close_requested())
            && self.state.document.is_dirty()
            && !self.allow_close
        {
            // Ask first: save, discard or cancel.
            ui.ctx()
                .send_viewport_cmd(egui::ViewportCommand::CancelClose);
            commands.push(Command::AskBeforeClose);
        }

        if !commands.is_empty() {
            // What was drawn predates the commands: draw again.
            ui.ctx().request_repaint();
        }
        for command in commands {
            self.apply(command, now);
        }
        if self.state.animation.is_some() {
            ui.ctx().request_repaint();
        }
        if let Some(launched) = self.launched.take() {
            log::info!(
                "first frame drawn {:.2} s after launch",
                launched.elapsed().as_secs_f64()
            );
        }
    }
}

impl SourcelineApp {
    /// The window title: the file's name, and a mark while there are unsaved edits.
    pub fn window_title(&self) -> String {
        let document = &self.state.document;
        let name = document.path().map_or_else(
            || "bundled timeline".to_owned(),
            |p| {
                p.file_name().map_or_else(
                    || p.display().to_string(),
                    |n| n.to_string_lossy().into_owned(),
                )
            },
        );
        let dirty = if document.is_dirty() { "● " } else { "" };
        format!("{dirty}{name} — sourceline")
    }

    fn title_ui(&mut self, ctx: &egui::Context) {
        let title = self.window_title();
        if title != self.title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
        }
    }
}

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
