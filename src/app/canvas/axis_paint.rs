//! The time axis (context row, tick labels, grid lines) and the lane backgrounds and names.

use egui::{Align2, Painter, Pos2, Rect};

use super::CanvasGeometry;
use crate::app::FrameContext;
use crate::app::theme::{GRID_TOP_PX, TICK_LABEL_TOP_PX, heading_font, tick_font};
use crate::timeline::ticks::ticks;

/// The context labels ("2025", "February 2025"), the ticks with their labels, the grid, and
/// the line under the axis strip.
pub fn axis_ui(painter: &Painter, geometry: &CanvasGeometry, cx: &FrameContext<'_>) {
    let (rect, axis, theme) = (geometry.rect, geometry.axis, cx.theme);
    let ticks = ticks(axis, geometry.char_px);
    for tick in &ticks.ticks {
        let x = axis.x_from_time(tick.days) as f32;
        painter.line_segment(
            [
                Pos2::new(x, rect.top() + GRID_TOP_PX),
                Pos2::new(x, rect.bottom()),
            ],
            theme.grid,
        );
        painter.text(
            Pos2::new(x + 3.0, rect.top() + TICK_LABEL_TOP_PX),
            Align2::LEFT_TOP,
            &tick.label,
            tick_font(),
            theme.weak_text,
        );
    }
    for label in &ticks.context {
        painter.text(
            Pos2::new(label.x as f32 + 3.0, rect.top() + 4.0),
            Align2::LEFT_TOP,
            &label.label,
            heading_font(),
            theme.strong_text,
        );
    }
    painter.line_segment(
        [
            Pos2::new(rect.left(), geometry.plot.top()),
            Pos2::new(rect.right(), geometry.plot.top()),
        ],
        theme.axis_line,
    );
}

/// Every other lane shaded, and each lane's name in the gutter.
pub fn lanes_ui(painter: &Painter, geometry: &CanvasGeometry, cx: &FrameContext<'_>) {
    let rect = geometry.rect;
    for (i, lane) in cx.state.lanes.iter().enumerate() {
        let top = geometry.lane_top(i);
        if i % 2 == 1 {
            painter.rect_filled(
                Rect::from_min_max(
                    Pos2::new(rect.left(), top),
                    Pos2::new(rect.right(), top + geometry.lane_px),
                ),
                0.0,
                cx.theme.faint_bg,
            );
        }
        painter.text(
            Pos2::new(rect.left() + 6.0, top + 3.0),
            Align2::LEFT_TOP,
            &lane.name,
            heading_font(),
            cx.theme.text,
        );
    }
}

/// Named periods: a faint band over each, its title at the top of the plot; one AccessKit node
/// each ("Era: …").
pub fn eras_ui(ui: &egui::Ui, painter: &Painter, geometry: &CanvasGeometry, cx: &FrameContext<'_>) {
    let (plot, axis) = (geometry.plot, geometry.axis);
    for (i, era) in cx.state.document.timeline().eras.iter().enumerate() {
        let x0 = axis.x_from_time(era.start.first_day_from_epoch() as f64) as f32;
        let x1 = axis.x_from_time(era.end.last_day_from_epoch() as f64 + 1.0) as f32;
        let band = Rect::from_min_max(Pos2::new(x0, plot.top()), Pos2::new(x1, plot.bottom()))
            .intersect(plot);
        if band.width() <= 0.0 {
            continue;
        }
        painter.rect_filled(band, 0.0, cx.theme.era_fill);
        painter.text(
            Pos2::new(band.left() + 4.0, plot.top() + 2.0),
            Align2::LEFT_TOP,
            &era.title,
            tick_font(),
            cx.theme.era_text,
        );
        let label = format!("Era: {}", era.title);
        ui.interact(band, ui.scope_id().with(("era", i)), egui::Sense::hover())
            .widget_info(|| egui::WidgetInfo::labeled(egui::Role::Note, true, &label));
    }
}
