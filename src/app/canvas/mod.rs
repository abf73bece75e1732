//! The timeline canvas. Each frame: measure ([`CanvasGeometry`]), handle zoom and pan, paint the
//! axis and lanes ([`axis_paint`]), lay out (the pure [`crate::timeline::layout`]), then paint
//! merged bands under single events ([`clusters`], [`marks`]) and merged day events over them,
//! and the density strip at the foot ([`density_strip`]).

pub mod axis_paint;
pub mod clusters;
pub mod density_strip;
pub mod marks;

use egui::{Align2, Pos2, Rect, Sense, Ui, Vec2};

use super::FrameContext;
use super::command::Command;
use super::theme::{
    AXIS_PX, DENSITY_PX, GUTTER_PX, LANE_GAP_PX, MARK_ROW_PX, MERGE_PX, ROW_PX, empty_font,
    tick_font,
};
use crate::timeline::axis::TimeAxis;
use crate::timeline::layout::{Layout, LayoutOptions, layout};

/// Where things go on the canvas this frame.
#[derive(Clone, Copy, Debug)]
pub struct CanvasGeometry {
    /// The whole canvas.
    pub rect: Rect,
    /// Where marks go: right of the lane names, under the axis, above the density strip.
    pub plot: Rect,
    /// Time to x over the plot.
    pub axis: TimeAxis,
    /// Height of one lane.
    pub lane_px: f32,
    /// Width of a digit in the label font, for estimating label widths.
    pub char_px: f64,
}

impl CanvasGeometry {
    /// The geometry of a canvas filling `rect`.
    pub fn new(rect: Rect, axis_view: crate::timeline::axis::TimeView, char_px: f64) -> Self {
        let plot = Rect::from_min_max(
            Pos2::new(rect.left() + GUTTER_PX, rect.top() + AXIS_PX),
            Pos2::new(rect.right(), rect.bottom() - DENSITY_PX),
        );
        let options = Self::layout_options(char_px);
        Self {
            rect,
            plot,
            axis: TimeAxis::new(axis_view, f64::from(plot.left()), f64::from(plot.width())),
            lane_px: MARK_ROW_PX + ROW_PX * options.label_rows as f32 + LANE_GAP_PX,
            char_px,
        }
    }

    /// The layout settings for labels of this font.
    pub fn layout_options(char_px: f64) -> LayoutOptions {
        LayoutOptions {
            char_width_px: char_px * 0.95,
            merge_px: MERGE_PX,
            ..LayoutOptions::default()
        }
    }

    /// Top of lane `lane`.
    pub fn lane_top(&self, lane: usize) -> f32 {
        self.plot.top() + lane as f32 * self.lane_px
    }

    /// The middle of lane `lane`'s marker row.
    pub fn mark_mid_y(&self, lane: usize) -> f32 {
        self.lane_top(lane) + MARK_ROW_PX / 2.0 + 1.0
    }
}

/// What the canvas paints, bottom to top.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Layer {
    /// Merged bands and spans: faint bands.
    MergedBands,
    /// Single events.
    Events,
    /// Merged day events: pills.
    MergedDays,
}

/// The canvas. Its own state: what the last frame measured, for the keys (zoom about the
/// pointer) and for revealing an event (how far to zoom in depends on the real width).
pub struct Canvas {
    pointer_days: Option<f64>,
    plot_width_px: f64,
    rect: Rect,
    /// The last layout and what it was made from: most frames (a hover, a status change, the
    /// frames while an edit is made) lay out the same lanes over the same axis, and at a
    /// million events a layout's searches through the lanes cost 3 ms, more while a worker
    /// keeps the memory busy.
    laid_out: Option<(LayoutKey, Layout)>,
}

/// What a [`Layout`] depends on.
#[derive(Clone, Copy, Debug, PartialEq)]
struct LayoutKey {
    /// The timeline's address: it stays alive while shown, and another one always comes with
    /// another derivation anyway.
    timeline: usize,
    /// [`crate::timeline::derived::Derived::generation`].
    derived: u64,
    axis: TimeAxis,
    options: LayoutOptions,
}

impl Default for Canvas {
    fn default() -> Self {
        Self {
            pointer_days: None,
            // Until the first frame: a typical width, replaced as soon as the canvas is drawn.
            plot_width_px: 600.0,
            rect: Rect::NOTHING,
            laid_out: None,
        }
    }
}

impl Canvas {
    /// Time under the mouse pointer on the canvas, as of the last frame.
    pub fn pointer_days(&self) -> Option<f64> {
        self.pointer_days
    }

    /// Where the canvas was drawn in the last frame (for exporting it as an image).
    pub fn rect(&self) -> Rect {
        self.rect
    }

    /// Width of the plot area as of the last frame.
    pub fn plot_width_px(&self) -> f64 {
        self.plot_width_px
    }

    /// Draws the canvas into the rest of `ui`.
    pub fn ui(&mut self, ui: &mut Ui, cx: &FrameContext<'_>, commands: &mut Vec<Command>) {
        let state = cx.state;
        let rect = ui.available_rect_before_wrap();
        let response = ui.interact(rect, ui.scope_id().with("canvas"), Sense::click_and_drag());
        let painter = ui.painter_at(rect);
        painter.rect_filled(rect, 0.0, cx.theme.canvas_bg);
        let char_px = f64::from(ui.fonts_mut(|f| f.glyph_width(&tick_font(), '0')));
        let geometry = CanvasGeometry::new(rect, state.view, char_px);
        self.rect = rect;
        let axis = geometry.axis;
        self.plot_width_px = f64::from(geometry.plot.width()).max(1.0);
        self.pointer_days = response
            .hover_pos()
            .map(|p| axis.time_from_x(f64::from(p.x)));

        // Zoom about the cursor (Ctrl+wheel, pinch), pan with the wheel and by dragging.
        if let Some(pointer) = response.hover_pos() {
            let (zoom, scroll) = ui.input(|i| (i.zoom_delta(), i.smooth_scroll_delta()));
            if (zoom - 1.0).abs() > f32::EPSILON {
                let at = axis.time_from_x(f64::from(pointer.x));
                commands.push(Command::SetView(state.view.zoom_at(at, f64::from(zoom))));
            } else if scroll != Vec2::ZERO {
                let px = f64::from(scroll.x + scroll.y);
                commands.push(Command::SetView(state.view.pan(-px / axis.px_per_day())));
            }
        }
        if response.dragged() {
            let dx = f64::from(response.drag_delta().x);
            commands.push(Command::SetView(state.view.pan(-dx / axis.px_per_day())));
        }
        if response.double_clicked() {
            commands.push(Command::FitAll);
        } else if response.clicked() {
            commands.push(Command::Select(None));
        }

        axis_paint::axis_ui(&painter, &geometry, cx);
        axis_paint::lanes_ui(&painter, &geometry, cx);
        axis_paint::eras_ui(ui, &painter, &geometry, cx);

        let key = LayoutKey {
            timeline: std::sync::Arc::as_ptr(state.document.timeline()).addr(),
            derived: state.derived.generation(),
            axis,
            options: CanvasGeometry::layout_options(char_px),
        };
        let laid_out = match self.laid_out.take() {
            Some((kept, laid_out)) if kept == key => laid_out,
            _ => layout(
                state.document.timeline(),
                &state.derived.lanes,
                axis,
                key.options,
            ),
        };
        let laid_out = &self.laid_out.insert((key, laid_out)).1;
        // Markers stay out of the lane-name gutter and the axis strip.
        let painter = painter.with_clip_rect(geometry.plot);
        // Merged bands and spans go under the single events, clusters of day events over them.
        for layer in [Layer::MergedBands, Layer::Events, Layer::MergedDays] {
            if layer == Layer::Events {
                marks::marks_ui(ui, &painter, &geometry, cx, &laid_out.items, commands);
                continue;
            }
            let long = layer == Layer::MergedBands;
            for group in laid_out.groups.iter().filter(|g| g.long == long) {
                clusters::cluster_group_ui(
                    ui,
                    &painter,
                    &geometry,
                    cx,
                    &laid_out.clusters,
                    group,
                    commands,
                );
            }
        }
        density_strip::density_strip_ui(ui, &geometry, cx, commands);
        if state.document.timeline().events.is_empty() {
            painter.text(
                geometry.plot.center(),
                Align2::CENTER_CENTER,
                "This timeline has no events.",
                empty_font(),
                cx.theme.weak_text,
            );
        }
    }
}
