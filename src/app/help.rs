//! The controls overlay (? or F1), and [`CONTROLS`], the list the README repeats.

use egui::{Align2, Ui, Vec2};

use super::FrameContext;
use super::command::Command;

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
    (
        "Ctrl + Shift + F, or tick \"in articles\"",
        "Search the full text of every archived article instead",
    ),
    (
        "Enter / Shift + Enter, searching articles",
        "Open the next / previous hit in the reader",
    ),
    (
        "Ctrl + Enter / Ctrl + Shift + Enter, searching articles",
        "Cite the hit's sentence for the selected event / for a new event",
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
    (
        "Drag, double-click or Shift + click in the article",
        "Select a passage to cite (Ctrl + C copies it)",
    ),
    ("E / N", "Edit the selected event / start a new one"),
    ("Delete", "Delete the selected event (undo brings it back)"),
    (
        "Ctrl + Z, Ctrl + Shift + Z or Ctrl + Y",
        "Undo / redo an edit",
    ),
    (
        "Ctrl + S",
        "Save (the bundled timeline: Save as… into a folder)",
    ),
    ("Drop a .txt file on the window", "Add it as an article"),
];

/// The controls overlay. It has no state of its own: whether it shows is shared state, since
/// keys, the toolbar and the menu all toggle it.
#[derive(Default)]
pub struct Help;

impl Help {
    /// Draws the overlay when it is shown; closing it pushes [`Command::ToggleHelp`].
    pub fn ui(&mut self, ui: &Ui, cx: &FrameContext<'_>, commands: &mut Vec<Command>) {
        if !cx.state.show_help {
            return;
        }
        let mut open = true;
        egui::Window::new("Controls")
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .anchor(Align2::CENTER_CENTER, Vec2::ZERO)
            .show(ui.ctx(), |ui| {
                egui::Grid::new("controls").striped(true).show(ui, |ui| {
                    for (keys, what) in CONTROLS {
                        ui.label(egui::RichText::new(*keys).strong());
                        ui.label(*what);
                        ui.end_row();
                    }
                });
            });
        if !open {
            commands.push(Command::ToggleHelp);
        }
    }
}
