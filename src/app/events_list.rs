//! The events list: what the filter leaves, in time order, each row the date over the whole
//! title. Only the rows in sight are built, so a million events cost what a screenful does.

use std::sync::Arc;

use egui::text::LayoutJob;
use egui::{Role, Sense, Ui, Vec2, WidgetInfo};

use super::FrameContext;
use super::command::Command;
use super::theme::{LIST_TITLE_ROWS, list_date_font, list_title_font};

/// Room around a row's text.
const ROW_PAD_PX: f32 = 3.0;

/// The events list. Its own state: the selection it last scrolled to.
#[derive(Default)]
pub struct EventsList {
    scrolled_for: u64,
}

impl EventsList {
    /// Draws the list.
    pub fn ui(&mut self, ui: &mut Ui, cx: &FrameContext<'_>, commands: &mut Vec<Command>) {
        let state = cx.state;
        let timeline = state.document.timeline();
        let passing = &state.derived.passing;
        ui.heading("Events");
        if state.is_searching() {
            // The previous results stay listed until the new ones are ready.
            ui.label(format!(
                "{} of {} · searching…",
                passing.len(),
                timeline.events.len()
            ));
        } else {
            ui.label(format!("{} of {}", passing.len(), timeline.events.len()));
        }
        ui.separator();
        let date_px = ui.fonts_mut(|f| f.row_height(&list_date_font()));
        let title_px = ui.fonts_mut(|f| f.row_height(&list_title_font()));
        let row_px = ROW_PAD_PX * 2.0 + date_px + title_px * LIST_TITLE_ROWS as f32;
        let spacing = ui.spacing().item_spacing.y;
        let mut area = egui::ScrollArea::vertical().auto_shrink(false);
        // Rows are built only in sight, so scrolling to the selection is done by offset rather
        // than by the row itself.
        if self.scrolled_for != state.selection_generation {
            self.scrolled_for = state.selection_generation;
            if let Some(row) = state
                .selected
                .and_then(|selected| passing.binary_search(&selected).ok())
            {
                let height = ui.available_height();
                let offset = row as f32 * (row_px + spacing) - height / 2.0 + row_px / 2.0;
                area = area.vertical_scroll_offset(offset.max(0.0));
            }
        }
        area.show_rows(ui, row_px, passing.len(), |ui, rows| {
            for &index in passing.get(rows).unwrap_or_default() {
                row_ui(ui, cx, index, row_px, commands);
            }
        });
    }
}

/// One row: the date (with a [new] or [changed] mark) over the title, which wraps onto
/// [`LIST_TITLE_ROWS`] lines and is elided only past them (then the tooltip has it whole).
fn row_ui(
    ui: &mut Ui,
    cx: &FrameContext<'_>,
    index: usize,
    row_px: f32,
    commands: &mut Vec<Command>,
) {
    let timeline = cx.state.document.timeline();
    let Some(event) = timeline.events.get(index) else {
        return;
    };
    let selected = cx.state.selected == Some(index);
    let (rect, response) =
        ui.allocate_exact_size(Vec2::new(ui.available_width(), row_px), Sense::click());
    let mark = cx.state.change_mark(index);
    let title = event.title(timeline);
    let date = format!("{mark}{}", event.date_label());
    let label = format!("{date}  {title}");
    // The date line also says how many publishers back it (not in the label, which names the
    // row the same way the canvas and tests do).
    let publishers = cx.state.publishers.get(index).copied().unwrap_or(0);
    let date = if event.citations.is_empty() {
        format!("{date} · unsourced")
    } else if !event.cites_a_passage(timeline) {
        format!("{date} · unsourced · passage to choose")
    } else if publishers > 1 {
        format!("{date} · {publishers} publishers")
    } else {
        date
    };
    response.widget_info(|| WidgetInfo::selected(Role::Button, true, selected, &label));
    if ui.is_rect_visible(rect) {
        let theme = cx.theme;
        let (background, text, weak) = if selected {
            (Some(theme.accent), theme.on_accent, theme.on_accent)
        } else if response.hovered() {
            (Some(theme.hover_bg), theme.strong_text, theme.weak_text)
        } else {
            (None, theme.text, theme.weak_text)
        };
        if let Some(background) = background {
            ui.painter().rect_filled(rect, 3.0, background);
        }
        let inner = rect.shrink(ROW_PAD_PX);
        let painter = ui.painter();
        let date_galley = painter.layout_no_wrap(date, list_date_font(), weak);
        let mut job = LayoutJob::simple(title.to_owned(), list_title_font(), text, inner.width());
        job.wrap.max_rows = LIST_TITLE_ROWS;
        let title_galley = painter.layout_job(job);
        let elided = title_galley.elided;
        painter.galley(inner.left_top(), Arc::clone(&date_galley), weak);
        painter.galley(
            inner.left_top() + Vec2::new(0.0, date_galley.size().y),
            title_galley,
            text,
        );
        if elided {
            response.clone().on_hover_text(title);
        }
    }
    if response.clicked() {
        commands.push(Command::SelectAndReveal(index));
    }
}
