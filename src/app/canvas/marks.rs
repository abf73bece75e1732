//! Single events on the canvas: dots, bands and bars, their selection ring, their labels with a
//! leader line, and one clickable AccessKit node per event.

use std::collections::BTreeSet;

use egui::text::LayoutJob;
use egui::{Painter, Pos2, Rect, Role, Sense, Ui, Vec2, WidgetInfo};

use super::CanvasGeometry;
use crate::app::FrameContext;
use crate::app::command::Command;
use crate::app::theme::{
    BADGE_RADIUS_PX, DOT_HIT_PX, DOT_RADIUS_PX, MARK_ROW_PX, RING_GAP_PX, ROW_PX, TOOLTIP_WIDTH_PX,
    tick_font,
};
use crate::model::{Event, Timeline};
use crate::timeline::axis::days_from_date;
use crate::timeline::layout::{EventItem, MarkKind};
use crate::timeline::reports::{claimed_spread, first_report};

/// Paints `items` (in lane order) and makes each clickable.
pub fn marks_ui(
    ui: &Ui,
    painter: &Painter,
    geometry: &CanvasGeometry,
    cx: &FrameContext<'_>,
    items: &[EventItem],
    commands: &mut Vec<Command>,
) {
    let state = cx.state;
    let timeline = state.document.timeline();
    let theme = cx.theme;
    let plot = geometry.plot;
    let mut labelled: BTreeSet<usize> = BTreeSet::new();
    for item in items {
        let Some(event) = timeline.events.get(item.event) else {
            continue;
        };
        let top = geometry.lane_top(item.lane);
        let mid_y = geometry.mark_mid_y(item.lane);
        let matched = state.derived.matches(item.event);
        let selected = state.selected == Some(item.event);
        // An event no passage cites yet is grey and hollow: a claim waiting for its evidence.
        let unsourced = !event.cites_a_passage(timeline);
        let color = if unsourced {
            theme.unsourced(matched)
        } else {
            theme.lane(item.lane, matched)
        };
        let x0 = item.x0 as f32;
        let x1 = item.x1 as f32;
        let by_event_date = state.time_basis.follows_event_order();
        if state.show_reported
            && by_event_date
            && let Some(report) = first_report(timeline, event)
        {
            // When it was reported: a thin line from the event to its first report's date.
            let at = geometry
                .axis
                .x_from_time(report.published.first_day_from_epoch() as f64)
                as f32;
            let stroke = theme.reported_stroke(color, selected);
            painter.line_segment([Pos2::new(x0, mid_y), Pos2::new(at, mid_y)], stroke);
            painter.line_segment(
                [Pos2::new(at, mid_y - 4.0), Pos2::new(at, mid_y + 4.0)],
                stroke,
            );
            let publisher = timeline
                .sources
                .get(report.source)
                .map_or("?", |s| s.record.publisher.as_str());
            let label = format!(
                "First report of {}: {} by {publisher}",
                event.title(timeline),
                report.published
            );
            let line = Rect::from_two_pos(Pos2::new(x0, mid_y - 4.0), Pos2::new(at, mid_y + 4.0))
                .intersect(plot);
            let id = ui.scope_id().with(("reported", item.event, item.lane));
            ui.interact(line, id, Sense::hover())
                .widget_info(|| WidgetInfo::labeled(Role::Image, true, &label));
        }
        if by_event_date && let Some((from, to)) = claimed_spread(timeline, event) {
            // Where the sources disagree on the date: a faint bar over the dates they give.
            let axis = geometry.axis;
            let a = axis.x_from_time(days_from_date(from)) as f32;
            let b = axis.x_from_time(days_from_date(to) + 1.0) as f32;
            painter.rect_filled(
                Rect::from_min_max(
                    Pos2::new(a, mid_y - 2.0),
                    Pos2::new(b.max(a + 2.0), mid_y + 2.0),
                ),
                1.0,
                theme.spread_fill(color),
            );
        }
        let hit = match item.kind {
            MarkKind::Point => {
                let c = Pos2::new(x0, mid_y);
                if event.approximate || unsourced {
                    painter.circle(
                        c,
                        DOT_RADIUS_PX,
                        theme.hollow_fill(color),
                        theme.hollow_stroke(color),
                    );
                } else {
                    painter.circle_filled(c, DOT_RADIUS_PX, color);
                }
                // Corroborated by several publishers: a ring that thickens with them.
                let publishers = state.publishers.get(item.event).map_or(0, |&n| n as usize);
                if publishers > 1 {
                    painter.circle_stroke(
                        c,
                        DOT_RADIUS_PX + 2.5,
                        theme.corroboration_stroke(color, publishers),
                    );
                }
                Rect::from_center_size(c, Vec2::splat(DOT_HIT_PX))
            }
            MarkKind::Band => {
                let r = Rect::from_min_max(
                    Pos2::new(x0, top + 3.0),
                    Pos2::new(x1.max(x0 + 2.0), top + MARK_ROW_PX - 1.0),
                );
                painter.rect_filled(r, 2.0, theme.band_fill(color, event.approximate));
                let stroke = theme.band_stroke(color);
                if event.approximate {
                    dashed_rect(painter, r, stroke);
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
                painter.rect_filled(r, 4.0, theme.span_fill(color, event.approximate));
                r
            }
        };
        let mark = state.change_mark(item.event);
        if !mark.is_empty() {
            // Added and changed events carry a badge until the change summary is dismissed.
            painter.circle_filled(
                Pos2::new(hit.right(), hit.top()),
                BADGE_RADIUS_PX,
                theme.changed_badge,
            );
        }
        if selected {
            painter.rect_stroke(
                hit.expand(RING_GAP_PX),
                4.0,
                theme.selection_stroke(),
                egui::StrokeKind::Outside,
            );
        }
        if let Some(slot) = item.label {
            let y = top + MARK_ROW_PX + slot.row as f32 * ROW_PX;
            let mut job = LayoutJob::simple_singleline(
                event.title(timeline).to_owned(),
                tick_font(),
                theme.label_text(matched),
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
                theme.leader_stroke(color),
            );
            painter.galley(Pos2::new(slot.x as f32, y), galley, theme.text);
        }
        // One AccessKit node per event: later lanes add the lane name to stay distinct.
        let first = labelled.insert(item.event);
        let title = event.title(timeline);
        let label = if first {
            format!("{mark}{title}, {}", event.date_label())
        } else {
            let lane = state.lanes.get(item.lane).map_or("", |l| l.name.as_str());
            format!("{mark}{title}, {} ({lane})", event.date_label())
        };
        let id = ui.scope_id().with(("event", item.event, item.lane));
        let r = ui.interact(hit.intersect(plot), id, Sense::click());
        r.widget_info(|| WidgetInfo::selected(Role::Button, true, selected, &label));
        if r.clicked() {
            commands.push(Command::Select(Some(item.event)));
        }
        r.on_hover_ui(|ui| event_tooltip_ui(ui, timeline, event));
    }
}

fn dashed_rect(painter: &Painter, r: Rect, stroke: egui::Stroke) {
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
    ui.set_max_width(TOOLTIP_WIDTH_PX);
    ui.label(egui::RichText::new(event.date_label()).strong());
    ui.label(egui::RichText::new(event.title(timeline)).heading());
    ui.label(event.summary(timeline));
}
