//! What the window has to tell: the error panel of a refused load, the change summary of a good
//! reload and the notice line, the warnings window, and the overlay while a file is dragged in.

use egui::{Align2, Sense, Ui};

use super::FrameContext;
use super::command::{Choice, Command, ConflictChoice};
use super::state::{ChangeMark, Pending};
use super::theme::{WARNINGS_WIDTH_PX, drop_font};
use crate::load::diagnostic::{Severity, escape_unsafe};

/// Entries of the change bar that can be clicked; the rest are counted.
const CHANGE_BAR_ENTRIES: usize = 12;

/// The notices; they keep no state of their own (what shows is the document's and the shared
/// state's).
#[derive(Default)]
pub struct Notices;

impl Notices {
    /// True when the error panel has something to show.
    pub fn has_errors(cx: &FrameContext<'_>) -> bool {
        cx.state.document.error().is_some()
    }

    /// True when the change bar has something to show.
    pub fn has_changes(cx: &FrameContext<'_>) -> bool {
        cx.state.document.changes().is_some() || cx.state.notice.is_some()
    }

    /// Every problem of the last refused load, each click-to-copy; the timeline above stays.
    pub fn errors_ui(&mut self, ui: &mut Ui, cx: &FrameContext<'_>, commands: &mut Vec<Command>) {
        let Some(error) = cx.state.document.error() else {
            return;
        };
        let errors = error.error_count();
        ui.add_space(4.0);
        ui.colored_label(
            cx.theme.error,
            format!(
                "{} was not loaded: {errors} error{}. The timeline shown is the last one that loaded. Click a line to copy it.",
                escape_unsafe(&error.file.display().to_string(), false),
                if errors == 1 { "" } else { "s" }
            ),
        );
        egui::ScrollArea::vertical()
            .auto_shrink([false, true])
            .show(ui, |ui| {
                for d in &error.diagnostics {
                    let line = d.panel_line();
                    let color = if d.severity == Severity::Error {
                        cx.theme.error
                    } else {
                        cx.theme.warn
                    };
                    let response = ui.add(
                        egui::Label::new(egui::RichText::new(&line).monospace().color(color))
                            .sense(Sense::click())
                            .wrap_mode(egui::TextWrapMode::Wrap),
                    );
                    if response.on_hover_text("Click to copy").clicked() {
                        commands.push(Command::Copy(line));
                    }
                }
            });
    }

    /// The change summary of the last reload, its first entries each selecting its event; and
    /// the notice.
    pub fn changes_ui(&mut self, ui: &mut Ui, cx: &FrameContext<'_>, commands: &mut Vec<Command>) {
        let timeline = cx.state.document.timeline();
        ui.horizontal_wrapped(|ui| {
            if let Some(notice) = &cx.state.notice {
                ui.label(egui::RichText::new(notice).color(cx.theme.warn));
            }
            if let Some(changes) = cx.state.document.changes() {
                ui.label(egui::RichText::new(format!("Reloaded: {}", changes.headline())).strong());
                // A few entries to click; past them the list and canvas marks say the rest.
                let list = &cx.state.change_list;
                for &(mark, index) in list.iter().take(CHANGE_BAR_ENTRIES) {
                    let Some(event) = timeline.events.get(index) else {
                        continue;
                    };
                    let kind = match mark {
                        ChangeMark::Added => "added",
                        ChangeMark::Changed => "changed",
                    };
                    if ui
                        .small_button(format!("{kind}: {}", event.title(timeline)))
                        .clicked()
                    {
                        commands.push(Command::SelectAndReveal(index));
                    }
                }
                let room = CHANGE_BAR_ENTRIES.saturating_sub(list.len());
                for id in changes.removed.iter().take(room) {
                    ui.label(egui::RichText::new(format!("removed: {id}")).weak());
                }
                let shown = list.len().min(CHANGE_BAR_ENTRIES) + changes.removed.len().min(room);
                let all = list.len() + changes.removed.len();
                if all > shown {
                    ui.label(
                        egui::RichText::new(format!(
                            "and {} more, marked [new] or [changed] in the list",
                            all - shown
                        ))
                        .weak(),
                    );
                }
            }
            if ui.small_button("Dismiss").clicked() {
                commands.push(Command::DismissChanges);
            }
        });
    }

    /// The warnings of the timeline on screen, in a window the status bar's badge opens.
    pub fn warnings_ui(&mut self, ui: &Ui, cx: &FrameContext<'_>, commands: &mut Vec<Command>) {
        if !cx.state.show_warnings {
            return;
        }
        let mut open = true;
        egui::Window::new("Warnings")
            .open(&mut open)
            .default_width(WARNINGS_WIDTH_PX)
            .show(ui.ctx(), |ui| {
                egui::ScrollArea::vertical().show(ui, |ui| {
                    for d in cx.state.document.warnings() {
                        ui.label(egui::RichText::new(d.to_string()).monospace());
                    }
                });
            });
        if !open {
            commands.push(Command::ToggleWarnings);
        }
    }

    /// Files dragged onto the window: a hint while hovering, a load when dropped.
    pub fn drop_ui(&mut self, ui: &Ui, cx: &FrameContext<'_>, commands: &mut Vec<Command>) {
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
            // A text file or a saved page is an article to add; anything else an events file
            // to open.
            if crate::import::extract::Kind::of_file(&path).is_some()
                || path
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("txt"))
            {
                commands.push(Command::AddArticle(path));
            } else {
                commands.push(Command::LoadFile(path));
            }
        }
        if hovering {
            let rect = ui.ctx().content_rect();
            let painter = ui.ctx().layer_painter(egui::LayerId::new(
                egui::Order::Foreground,
                egui::Id::unique("sourceline-drop-overlay"),
            ));
            painter.rect_filled(rect, 0.0, cx.theme.drop_veil);
            painter.text(
                rect.center(),
                Align2::CENTER_CENTER,
                "Drop an events file to open it, or an article (.txt) to add it",
                drop_font(),
                cx.theme.drop_text,
            );
        }
    }

    /// "There are unsaved edits": Save, Discard or Cancel, before closing or loading.
    pub fn pending_ui(&mut self, ui: &Ui, cx: &FrameContext<'_>, commands: &mut Vec<Command>) {
        let Some(pending) = &cx.state.pending else {
            return;
        };
        let what = match pending {
            Pending::Close => "Closing the window".to_owned(),
            Pending::Load(path) => format!("Loading {}", path.display()),
        };
        egui::Modal::new(egui::Id::unique("unsaved-edits")).show(ui.ctx(), |ui| {
            ui.heading("Unsaved edits");
            ui.label(format!(
                "{what} would drop your unsaved edits{}.",
                cx.state
                    .document
                    .history()
                    .undo_label()
                    .map(|last| format!(" (the last: {last})"))
                    .unwrap_or_default()
            ));
            ui.horizontal(|ui| {
                if ui.button("Save").clicked() {
                    commands.push(Command::Resolve(Choice::Save));
                }
                if ui.button("Discard").clicked() {
                    commands.push(Command::Resolve(Choice::Discard));
                }
                if ui.button("Cancel").clicked() {
                    commands.push(Command::Resolve(Choice::Cancel));
                }
            });
        });
    }

    /// True when the conflict bar or the merge's list has something to show.
    pub fn has_conflict(cx: &FrameContext<'_>) -> bool {
        cx.state.conflict || !cx.state.merge_conflicts.is_empty()
    }

    /// The file changed on disk under unsaved edits: keep mine, take theirs, or merge.
    pub fn conflict_ui(&mut self, ui: &mut Ui, cx: &FrameContext<'_>, commands: &mut Vec<Command>) {
        ui.horizontal_wrapped(|ui| {
            if cx.state.conflict {
                ui.label(
                    egui::RichText::new(
                        "The file changed on disk while you have unsaved edits.",
                    )
                    .color(cx.theme.warn)
                    .strong(),
                );
                if ui.button("Keep mine (save over theirs)").clicked() {
                    commands.push(Command::Conflict(ConflictChoice::KeepMine));
                }
                if ui.button("Take theirs (drop mine)").clicked() {
                    commands.push(Command::Conflict(ConflictChoice::TakeTheirs));
                }
                if ui
                    .button("Merge")
                    .on_hover_text("Their file with my edits on top, event by event; events we both changed are listed")
                    .clicked()
                {
                    commands.push(Command::Conflict(ConflictChoice::Merge));
                }
            } else {
                ui.label(
                    egui::RichText::new("Both of you changed these events; theirs is shown:")
                        .color(cx.theme.warn),
                );
                let timeline = cx.state.document.timeline();
                for id in &cx.state.merge_conflicts {
                    match timeline.index_of(id) {
                        Some(index) => {
                            if ui.small_button(id).on_hover_text("Select it to edit").clicked() {
                                commands.push(Command::SelectAndReveal(index));
                            }
                        }
                        None => {
                            ui.label(format!("{id} (removed by them)"));
                        }
                    }
                }
                if ui.small_button("Done").clicked() {
                    commands.push(Command::DismissMerge);
                }
            }
        });
    }
}
