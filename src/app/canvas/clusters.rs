//! Merged events on the canvas: a pill with its count for day events, a faint band with the
//! count at its left for bands and spans; click to zoom in, hover for the first events.

use egui::{Align2, Painter, Pos2, Rect, Role, Sense, Ui, WidgetInfo};

use super::CanvasGeometry;
use crate::app::FrameContext;
use crate::app::command::Command;
use crate::app::theme::{
    BAND_GROUP_LABEL_MIN_PX, PILL_HALF_HEIGHT_PX, PILL_PAD_PX, RING_GAP_PX, count_font,
};
use crate::timeline::axis::TimeView;
use crate::timeline::layout::{Cluster, ClusterGroup};

/// Events listed in a cluster's tooltip before "and N more".
const CLUSTER_TOOLTIP_EVENTS: usize = 12;

/// One group of clusters: a pill with its count (or, when long, a faint band with the count at
/// its left), clickable to zoom in, with the first events in its tooltip.
pub fn cluster_group_ui(
    ui: &Ui,
    painter: &Painter,
    geometry: &CanvasGeometry,
    cx: &FrameContext<'_>,
    clusters: &[Cluster],
    group: &ClusterGroup,
    commands: &mut Vec<Command>,
) {
    let state = cx.state;
    let timeline = state.document.timeline();
    let theme = cx.theme;
    let members: Vec<&Cluster> = group.members(clusters).collect();
    let mid_y = geometry.mark_mid_y(group.lane);
    // Lists are in event order, which is time order.
    let lists: Vec<&[usize]> = members
        .iter()
        .map(|c| c.events(&state.derived.lanes))
        .collect();
    let (Some(first_index), Some(last_index)) = (
        lists.iter().filter_map(|e| e.first()).min().copied(),
        lists.iter().filter_map(|e| e.last()).max().copied(),
    ) else {
        return;
    };
    let (Some(first), Some(last)) = (
        timeline.events.get(first_index),
        timeline.events.get(last_index),
    ) else {
        return;
    };
    let matching: usize = members.iter().map(|c| state.derived.matches_in(c)).sum();
    let color = theme.lane(group.lane, matching > 0);
    let r = Rect::from_min_max(
        Pos2::new(group.x0 as f32 - PILL_PAD_PX, mid_y - PILL_HALF_HEIGHT_PX),
        Pos2::new(group.x1 as f32 + PILL_PAD_PX, mid_y + PILL_HALF_HEIGHT_PX),
    );
    // Merged bands and spans are a faint band with the count at its left, so the events drawn
    // over them stay legible; merged day events are a pill with the count inside.
    if group.long {
        painter.rect_filled(r, 3.0, theme.band_group_fill(color));
    } else {
        painter.rect_filled(r, PILL_HALF_HEIGHT_PX, color);
    }
    let basis = state.time_basis;
    let holds = |events: &[usize], i: usize| {
        if basis.follows_event_order() {
            events.binary_search(&i).is_ok()
        } else {
            events.contains(&i)
        }
    };
    if state
        .selected
        .is_some_and(|i| lists.iter().any(|events| holds(events, i)))
    {
        painter.rect_stroke(
            r.expand(RING_GAP_PX),
            PILL_HALF_HEIGHT_PX + 2.0,
            theme.selection_stroke(),
            egui::StrokeKind::Outside,
        );
    }
    let count = if state.derived.searching() {
        format!("{matching}/{}", group.count)
    } else {
        group.count.to_string()
    };
    if group.long && r.width() < BAND_GROUP_LABEL_MIN_PX {
        painter.text(
            r.center(),
            Align2::CENTER_CENTER,
            count,
            count_font(),
            theme.strong_text,
        );
    } else if group.long {
        painter.text(
            Pos2::new(r.left().max(geometry.plot.left()) + 4.0, r.center().y),
            Align2::LEFT_CENTER,
            format!("{count} events"),
            count_font(),
            theme.strong_text,
        );
    } else {
        painter.text(
            r.center(),
            Align2::CENTER_CENTER,
            count,
            count_font(),
            theme.pill_text,
        );
    }
    let lane = state.lanes.get(group.lane).map_or("", |l| l.name.as_str());
    let label = format!(
        "{} events, {} to {} ({lane})",
        group.count, first.date, last.date
    );
    let response = ui.interact(
        r,
        ui.scope_id().with(("cluster", group.lane, first_index)),
        Sense::click(),
    );
    response.widget_info(|| WidgetInfo::labeled(Role::Button, true, &label));
    if response.clicked() {
        // Zoom to what the group covers on screen, whatever places the events.
        let axis = geometry.axis;
        let start = axis.time_from_x(group.x0);
        let end = axis.time_from_x(group.x1);
        let pad = ((end - start) * 0.5).max(2.0);
        commands.push(Command::AnimateTo(TimeView::between(
            start - pad,
            end + pad,
        )));
    }
    response.on_hover_ui(|ui| {
        ui.label(format!("{} events — click to zoom in", group.count));
        let shown: Vec<usize> = lists
            .iter()
            .flat_map(|events| events.iter().take(CLUSTER_TOOLTIP_EVENTS))
            .copied()
            .take(CLUSTER_TOOLTIP_EVENTS)
            .collect();
        for e in shown.iter().filter_map(|&i| timeline.events.get(i)) {
            ui.label(format!("{}  {}", e.date_label(), e.title(timeline)));
        }
        if group.count > shown.len() {
            ui.label(format!("and {} more", group.count - shown.len()));
        }
    });
}
