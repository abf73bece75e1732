//! The status bar: which file is shown, when it was loaded, whether it is followed, the counts,
//! the warnings badge, and the progress of a load with its Cancel button.

use std::sync::atomic::Ordering::Relaxed;
use std::time::Duration;

use egui::{Align, Ui};

use super::FrameContext;
use super::command::Command;
use super::theme::PROGRESS_WIDTH_PX;
use crate::load::Progress;

/// The status bar; it keeps no state of its own.
#[derive(Default)]
pub struct StatusBar;

impl StatusBar {
    /// Draws the bar.
    pub fn ui(&mut self, ui: &mut Ui, cx: &FrameContext<'_>, commands: &mut Vec<Command>) {
        let document = &cx.state.document;
        ui.horizontal(|ui| {
            let name = document.path().map_or_else(
                || "bundled timeline".to_owned(),
                |p| p.display().to_string(),
            );
            let loaded: chrono::DateTime<chrono::Local> = document.loaded_at().into();
            let following = if document.path().is_none() {
                ""
            } else if cx.following {
                " · following changes"
            } else {
                " · following paused"
            };
            ui.label(format!(
                "{name} · loaded {}{following} · {} events · {} sources",
                loaded.format("%H:%M:%S"),
                document.timeline().events.len(),
                document.timeline().sources.len()
            ));
            // Edits being made off the UI thread: the timeline shown is the one before them.
            if document.is_saving() {
                ui.add(egui::Spinner::new());
                ui.label("saving…");
            } else if document.is_applying() {
                ui.add(egui::Spinner::new());
                ui.label("applying…");
            }
            // The window title carries a mark too, but not every window manager shows titles.
            if document.is_dirty() {
                let edits = document.unsaved_count();
                let label = if edits == 1 {
                    "1 unsaved edit · Save (Ctrl+S)".to_owned()
                } else {
                    format!("{edits} unsaved edits · Save (Ctrl+S)")
                };
                if ui
                    .add(egui::Button::new(
                        egui::RichText::new(label).color(cx.theme.warn),
                    ))
                    .clicked()
                {
                    commands.push(Command::Save);
                }
            }
            let warnings = document.warnings().len();
            if warnings > 0
                && ui
                    .add(egui::Button::new(
                        egui::RichText::new(format!("{warnings} warnings")).color(cx.theme.warn),
                    ))
                    .on_hover_text("Passages that anchored weakly or were not found")
                    .clicked()
            {
                commands.push(Command::ToggleWarnings);
            }
            if let Some(progress) = cx.loading {
                progress_ui(ui, progress, commands);
            }
            ui.with_layout(egui::Layout::right_to_left(Align::Center), |ui| {
                ui.label("? for controls");
            });
        });
    }
}

/// Bytes read while reading and parsing, then passages anchored; and Cancel.
fn progress_ui(ui: &mut Ui, progress: &Progress, commands: &mut Vec<Command>) {
    let (read, total) = (
        progress.bytes_read.load(Relaxed),
        progress.bytes_total.load(Relaxed).max(1),
    );
    let (done, events) = (
        progress.events_done.load(Relaxed),
        progress.events_total.load(Relaxed),
    );
    let fraction = if events > 0 {
        done as f32 / events as f32
    } else {
        read as f32 / total as f32 * 0.5
    };
    ui.add(
        egui::ProgressBar::new(fraction)
            .desired_width(PROGRESS_WIDTH_PX)
            .text(if events > 0 {
                format!("{done} of {events} passages anchored")
            } else {
                format!("{} of {} KB read", read / 1024, total / 1024)
            }),
    );
    if ui.button("Cancel").clicked() {
        commands.push(Command::CancelLoad);
    }
    // The progress moves on another thread: look again soon.
    ui.ctx().request_repaint_after(Duration::from_millis(100));
}
