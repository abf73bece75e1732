//! The strip at the foot of the canvas: how many events fall when over the whole timeline, the
//! search hits in the accent colour, and the current view as a frame. Clicking or dragging on it
//! moves the view there.

use egui::{Pos2, Rect, Role, Sense, Ui, Vec2, WidgetInfo};

use super::CanvasGeometry;
use crate::app::FrameContext;
use crate::app::command::Command;
use crate::app::theme::DENSITY_PX;

/// Draws the strip under the plot.
pub fn density_strip_ui(
    ui: &Ui,
    geometry: &CanvasGeometry,
    cx: &FrameContext<'_>,
    commands: &mut Vec<Command>,
) {
    let density = &cx.state.derived.density;
    let theme = cx.theme;
    let (rect, plot) = (geometry.rect, geometry.plot);
    let strip = Rect::from_min_max(
        Pos2::new(plot.left(), rect.bottom() - DENSITY_PX + 3.0),
        Pos2::new(plot.right(), rect.bottom() - 2.0),
    );
    if density.counts.is_empty() || strip.width() < 8.0 {
        return;
    }
    let painter = ui.painter_at(strip.expand(2.0));
    painter.rect_filled(strip, 2.0, theme.faint_bg);
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
    let mut shapes = Vec::with_capacity(columns * 2);
    for c in 0..columns {
        let x = strip.left() + c as f32 + 0.5;
        let count = column_max(&density.counts, c);
        if count > 0 {
            let top = strip.bottom() - 1.0 - bar(count).max(1.0);
            shapes.push(egui::Shape::line_segment(
                [Pos2::new(x, strip.bottom() - 1.0), Pos2::new(x, top)],
                theme.density_stroke(false),
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
                    theme.density_stroke(true),
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
    let view = geometry.axis.view;
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
        theme.view_frame_stroke(),
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
        commands.push(Command::SetView(view.centered_on(days)));
    }
    response.on_hover_text("Events over the whole timeline; click or drag to move the view");
}
