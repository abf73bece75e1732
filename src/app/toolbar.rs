//! The menu bar, the toolbar (title, buttons, search) and the actor and tag chips.

use std::path::Path;

use egui::{Key, Ui};

use super::FrameContext;
use super::command::Command;
use super::theme::SEARCH_WIDTH_PX;
use crate::timeline::layout::{LaneMode, TimeBasis};

/// The toolbar. Its own state: which focus request of the search box it has honoured.
#[derive(Default)]
pub struct Toolbar {
    focused_for: u64,
}

impl Toolbar {
    /// Draws the menu, the toolbar and the chips.
    pub fn ui(&mut self, ui: &mut Ui, cx: &FrameContext<'_>, commands: &mut Vec<Command>) {
        menu_ui(ui, cx, commands);
        let state = cx.state;
        // Wraps rather than clipping the search box in a narrow window.
        ui.horizontal_wrapped(|ui| {
            ui.heading(&state.document.timeline().title);
            ui.separator();
            if ui
                .button("Open…")
                .on_hover_text("Open an events file (Ctrl+O)")
                .clicked()
            {
                commands.push(Command::Open);
            }
            if ui
                .add_enabled(state.document.path().is_some(), egui::Button::new("Reload"))
                .on_hover_text("F5 or Ctrl+R")
                .clicked()
            {
                commands.push(Command::Reload);
            }
            ui.separator();
            let list_label = if state.show_list {
                "Hide list"
            } else {
                "Show list"
            };
            if ui.button(list_label).clicked() {
                commands.push(Command::ToggleList);
            }
            let combined = state.lane_mode == LaneMode::Combined;
            if ui.selectable_label(combined, "One lane").clicked() {
                commands.push(Command::SetLaneMode(if combined {
                    LaneMode::ByActor
                } else {
                    LaneMode::Combined
                }));
            }
            let by_report = state.time_basis == TimeBasis::FirstReport;
            if ui
                .selectable_label(by_report, "By report date")
                .on_hover_text("Place events by when they were first reported: what was known when")
                .clicked()
            {
                commands.push(Command::SetTimeBasis(if by_report {
                    TimeBasis::Event
                } else {
                    TimeBasis::FirstReport
                }));
            }
            if ui
                .selectable_label(state.show_reported, "When reported")
                .on_hover_text(
                    "A line from each event to its first report (the selected one stronger)",
                )
                .clicked()
            {
                commands.push(Command::ToggleReported);
            }
            if ui
                .button("Fit all")
                .on_hover_text("F, or double-click the canvas")
                .clicked()
            {
                commands.push(Command::FitAll);
            }
            if ui.button("?").on_hover_text("Controls (? or F1)").clicked() {
                commands.push(Command::ToggleHelp);
            }
            ui.separator();
            self.search_ui(ui, cx, commands);
        });
        ui.horizontal_wrapped(|ui| {
            ui.label("Actors:");
            for actor in &state.actors {
                let on = state.filter.actors.contains(actor);
                if ui.selectable_label(on, actor).clicked() {
                    commands.push(Command::ToggleActor(actor.clone()));
                }
            }
            ui.separator();
            if ui
                .selectable_label(state.filter.single_source, "single source")
                .on_hover_text("Only events that one source alone reports")
                .clicked()
            {
                commands.push(Command::ToggleSingleSource);
            }
            if ui
                .selectable_label(state.filter.unsourced, "unsourced")
                .on_hover_text("Only events no passage cites yet")
                .clicked()
            {
                commands.push(Command::ToggleUnsourced);
            }
            // Kinds and grades the timeline's sources have (a handful: computed each frame).
            let sources = &state.document.timeline().sources;
            let kinds: std::collections::BTreeSet<_> =
                sources.iter().filter_map(|s| s.record.kind).collect();
            for kind in kinds {
                let on = state.filter.kinds.contains(&kind);
                if ui.selectable_label(on, kind.label()).clicked() {
                    commands.push(Command::ToggleKind(kind));
                }
            }
            let grades: std::collections::BTreeSet<_> = sources
                .iter()
                .filter_map(|s| s.record.reliability)
                .collect();
            for grade in grades {
                let on = state.filter.grades.contains(&grade);
                if ui
                    .selectable_label(on, format!("grade {}", grade.letter()))
                    .on_hover_text(grade.label())
                    .clicked()
                {
                    commands.push(Command::ToggleGrade(grade));
                }
            }
            ui.separator();
            ui.label("Tags:");
            for tag in &state.derived.tags {
                let on = state.filter.tags.contains(tag);
                if ui.selectable_label(on, format!("#{tag}")).clicked() {
                    commands.push(Command::ToggleTag(tag.clone()));
                }
            }
        });
    }

    /// The search box edits a copy of the query and pushes the new text; Enter steps through
    /// the matches.
    fn search_ui(&mut self, ui: &mut Ui, cx: &FrameContext<'_>, commands: &mut Vec<Command>) {
        let state = cx.state;
        let in_articles = state.archive.in_articles;
        let (shown, hint) = if in_articles {
            (&state.archive.query, "Search in articles (Ctrl+Shift+F)")
        } else {
            (&state.filter.query, "Search (Ctrl+F)")
        };
        let mut query = shown.clone();
        let response = ui.add(
            egui::TextEdit::singleline(&mut query)
                .id_salt("search")
                .hint_text(hint)
                .desired_width(SEARCH_WIDTH_PX),
        );
        if query != *shown {
            commands.push(if in_articles {
                Command::SetArchiveQuery(query)
            } else {
                Command::SetQuery(query)
            });
        }
        if self.focused_for != state.focus_search_generation {
            self.focused_for = state.focus_search_generation;
            response.request_focus();
        }
        if response.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter)) {
            let (back, command) = ui.input(|i| (i.modifiers.shift, i.modifiers.command));
            commands.push(match (in_articles, command) {
                // Ctrl + Enter cites the chosen hit; Ctrl + Shift + Enter starts an event.
                (true, true) => Command::CiteHit { new_event: back },
                (true, false) => Command::StepHit(if back { -1 } else { 1 }),
                (false, _) => Command::StepMatch(if back { -1 } else { 1 }),
            });
            response.request_focus();
        }
        let mut articles = in_articles;
        if ui
            .checkbox(&mut articles, "in articles")
            .on_hover_text("Search the full text of every archived article (Ctrl+Shift+F)")
            .changed()
        {
            commands.push(Command::SetArchiveMode(articles));
        }
        if !in_articles && !state.filter.query.trim().is_empty() {
            let count = state.derived.passing.len();
            ui.label(format!(
                "{count} match{}",
                if count == 1 { "" } else { "es" }
            ));
        }
    }
}

fn menu_ui(ui: &mut Ui, cx: &FrameContext<'_>, commands: &mut Vec<Command>) {
    let state = cx.state;
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("File", |ui| {
            if ui.button("Open… (Ctrl+O)").clicked() {
                commands.push(Command::Open);
            }
            let document = &state.document;
            let save = if document.is_read_only() {
                "Save as… (the bundled timeline is read-only)"
            } else {
                "Save (Ctrl+S)"
            };
            if ui
                .add_enabled(
                    document.is_dirty() || document.is_read_only(),
                    egui::Button::new(save),
                )
                .clicked()
            {
                commands.push(Command::Save);
            }
            if ui.button("Save as… (into a folder)").clicked() {
                commands.push(Command::SaveAs);
            }
            ui.separator();
            if ui.button("Add article…").clicked() {
                commands.push(Command::PickArticle);
            }
            if ui.button("Paste article…").clicked() {
                commands.push(Command::PasteArticle);
            }
            if ui
                .button("Add from URL…")
                .on_hover_text("Fetch a web page or PDF and add it as a source")
                .clicked()
            {
                commands.push(Command::AskUrl);
            }
            let linked = cx
                .state
                .document
                .timeline()
                .sources
                .iter()
                .filter(|s| s.record.file.is_none() && s.record.url.is_some())
                .count();
            if ui
                .add_enabled(
                    linked > 0 && cx.state.capture.as_ref().is_none_or(|c| !c.running),
                    egui::Button::new(format!("Archive linked sources… ({linked})")),
                )
                .on_hover_text("Fetch every source that has a URL and no text yet, and archive it")
                .clicked()
            {
                commands.push(Command::ArchiveLinked);
            }
            ui.separator();
            if ui
                .button("Import TimelineJS…")
                .on_hover_text(
                    "TimelineJS 3 JSON or its spreadsheet as CSV, into a new events file",
                )
                .clicked()
            {
                commands.push(Command::PickImport);
            }
            ui.menu_button("Export what is shown", |ui| {
                let can = document.path().is_some();
                for (format, name) in [
                    (crate::export::Format::Markdown, "Markdown brief (.md)"),
                    (crate::export::Format::Timelinejs, "TimelineJS 3 (.json)"),
                    (crate::export::Format::Csv, "CSV of citations (.csv)"),
                    (
                        crate::export::Format::Html,
                        "HTML page for readers, no app needed (.html)",
                    ),
                ] {
                    if ui
                        .add_enabled(can, egui::Button::new(name))
                        .on_disabled_hover_text(
                            "Save as… first: the export goes beside the events file",
                        )
                        .clicked()
                    {
                        commands.push(Command::Export(format));
                    }
                }
                if ui
                    .add_enabled(can, egui::Button::new("The view as PNG (.png)"))
                    .clicked()
                {
                    commands.push(Command::ExportPng);
                }
            });
            ui.separator();
            ui.menu_button("Recent files", |ui| recent_ui(ui, &state.recent, commands));
            let can_reload = state.document.path().is_some();
            if ui
                .add_enabled(can_reload, egui::Button::new("Reload (F5, Ctrl+R)"))
                .clicked()
            {
                commands.push(Command::Reload);
            }
            let follow = if state.follow_paused {
                "Resume following the file"
            } else {
                "Pause following the file"
            };
            if ui
                .add_enabled(can_reload, egui::Button::new(follow))
                .clicked()
            {
                commands.push(Command::ToggleFollow);
            }
        });
        ui.menu_button("Edit", |ui| {
            // Counting the edits recorded and not made yet: what the keys would undo now.
            let (undo_label, redo_label) = state.document.undo_redo_labels();
            let undo = undo_label
                .as_ref()
                .map_or_else(|| "Undo".to_owned(), |l| format!("Undo {l} (Ctrl+Z)"));
            if ui
                .add_enabled(undo_label.is_some(), egui::Button::new(undo))
                .clicked()
            {
                commands.push(Command::Undo);
            }
            let redo = redo_label
                .as_ref()
                .map_or_else(|| "Redo".to_owned(), |l| format!("Redo {l} (Ctrl+Shift+Z)"));
            if ui
                .add_enabled(redo_label.is_some(), egui::Button::new(redo))
                .clicked()
            {
                commands.push(Command::Redo);
            }
            ui.separator();
            if ui.button("New event (N)").clicked() {
                commands.push(Command::EditEvent(None));
            }
            let selected = state.selected;
            if ui
                .add_enabled(
                    selected.is_some(),
                    egui::Button::new("Edit selected event (E)"),
                )
                .clicked()
            {
                commands.push(Command::EditEvent(selected));
            }
            if let Some(index) = selected
                && ui.button("Delete selected event (Delete)").clicked()
            {
                commands.push(Command::DeleteSelected(index));
            }
        });
        ui.menu_button("Help", |ui| {
            if ui.button("Controls (? or F1)").clicked() {
                commands.push(Command::ToggleHelp);
            }
        });
    });
}

fn recent_ui(ui: &mut Ui, recent: &[std::path::PathBuf], commands: &mut Vec<Command>) {
    if recent.is_empty() {
        ui.label("No recent files");
    }
    for path in recent {
        let exists = Path::exists(path);
        let text = if exists {
            path.display().to_string()
        } else {
            format!("{} (missing)", path.display())
        };
        if ui.add_enabled(exists, egui::Button::new(text)).clicked() {
            commands.push(Command::LoadFile(path.clone()));
        }
    }
}
