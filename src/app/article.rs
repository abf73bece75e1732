//! The article in the reader: its text with the chosen passage highlighted, and the passages
//! other events cite lighter and clickable (each selects its event).

use std::ops::Range;
use std::sync::Arc;

use egui::text::{CCursor, LayoutJob, TextFormat};
use egui::{Align, Pos2, Rect, Role, Sense, Ui, WidgetInfo};

use super::FrameContext;
use super::command::Command;
use super::theme::article_font;

/// Draws citation `citation_index` of event `index`'s article; `scroll` brings the passage
/// into view. It keeps no state: the text is laid out anew each frame.
pub fn article_ui(
    ui: &mut Ui,
    cx: &FrameContext<'_>,
    index: usize,
    citation_index: usize,
    scroll: bool,
    commands: &mut Vec<Command>,
) {
    let timeline = &cx.state.document.timeline;
    let Some(event) = timeline.events.get(index) else {
        return;
    };
    let Some(citation) = event.citations(timeline).get(citation_index) else {
        return;
    };
    let Some(source) = timeline.sources.get(citation.source) else {
        return;
    };
    let text = &source.text;
    let chosen = citation.anchor.range.clone();
    // The article's other passages, already ordered by start (see `Timeline::passages`).
    let others: Vec<(Range<usize>, usize)> = timeline
        .passages
        .get(citation.source)
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .filter_map(|&c| {
            let other = timeline.citations.get(c as usize)?;
            let event = *timeline.citation_event.get(c as usize)? as usize;
            let range = other.anchor.range.clone()?;
            (!(event == index && Some(&range) == chosen.as_ref())).then_some((range, event))
        })
        .collect();

    let font = article_font();
    let theme = cx.theme;
    let mut cuts: Vec<usize> = vec![0, text.len()];
    for range in chosen.iter().chain(others.iter().map(|(r, _)| r)) {
        cuts.extend([range.start, range.end]);
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mut job = LayoutJob::default();
    job.wrap.max_width = ui.available_width();
    // Character index of each cut, counted once, for placing passages in the galley.
    let mut cut_chars = Vec::with_capacity(cuts.len());
    cut_chars.push(0);
    // Sweep over the passages in start order: a piece is lit when a passage that started at
    // or before it reaches past its end.
    let (mut next_other, mut reach) = (0, 0);
    for pair in cuts.windows(2) {
        let &[a, b] = pair else { continue };
        while let Some((r, _)) = others.get(next_other)
            && r.start <= a
        {
            reach = reach.max(r.end);
            next_other += 1;
        }
        let background = if chosen.as_ref().is_some_and(|r| r.start <= a && b <= r.end) {
            theme.passage_chosen
        } else if reach >= b {
            theme.passage_other
        } else {
            theme.transparent
        };
        let piece = text.get(a..b).unwrap_or_default();
        cut_chars.push(cut_chars.last().copied().unwrap_or(0) + piece.chars().count());
        job.append(
            piece,
            0.0,
            TextFormat {
                font_id: font.clone(),
                color: theme.text,
                background,
                ..TextFormat::default()
            },
        );
    }
    let galley = ui.painter().layout_job(job);
    let (rect, _) = ui.allocate_exact_size(galley.size(), Sense::hover());
    let char_index = |byte: usize| match cuts.binary_search(&byte) {
        Ok(i) => cut_chars.get(i).copied().unwrap_or(0),
        Err(_) => text.get(..byte).map_or(0, |t| t.chars().count()),
    };
    let range_rect = |range: &Range<usize>| {
        let a = galley.pos_from_cursor(CCursor::new(char_index(range.start)));
        let b = galley.pos_from_cursor(CCursor::new(char_index(range.end)));
        if (a.top() - b.top()).abs() < 1.0 {
            Rect::from_min_max(a.left_top(), b.right_bottom())
        } else {
            Rect::from_min_max(
                Pos2::new(0.0, a.top()),
                Pos2::new(galley.size().x, b.bottom()),
            )
        }
        .translate(rect.min.to_vec2())
    };
    if scroll && let Some(range) = &chosen {
        ui.scroll_to_rect(range_rect(range), Some(Align::Center));
    }
    // Passages of other events: clickable, selecting their event.
    let visible = ui.clip_rect();
    for (n, (range, other)) in others.iter().enumerate() {
        let r = range_rect(range);
        if !visible.intersects(r) {
            continue;
        }
        let Some(other_event) = timeline.events.get(*other) else {
            continue;
        };
        let label = format!("Passage cited by {}", other_event.title(timeline));
        let response = ui.interact(r, ui.scope_id().with(("passage", n)), Sense::click());
        response.widget_info(|| WidgetInfo::labeled(Role::Link, true, &label));
        if response.clicked() {
            commands.push(Command::SelectAndReveal(*other));
        }
        response.on_hover_text(format!(
            "{} — {}",
            other_event.date_label(),
            other_event.title(timeline)
        ));
    }
    ui.painter()
        .galley(rect.min, Arc::clone(&galley), theme.text);
    if let Some(range) = &chosen {
        let r = range_rect(range);
        let response = ui.interact(r, ui.scope_id().with("chosen-passage"), Sense::hover());
        let quote = text.get(range.clone()).unwrap_or_default();
        response.widget_info(|| {
            WidgetInfo::labeled(Role::Mark, true, format!("Highlighted passage: {quote}"))
        });
    }
}
