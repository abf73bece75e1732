//! The article in the reader: selectable text (drag, double-click a word, Shift+click to extend,
//! Ctrl+C to copy) with the chosen passage highlighted, and the passages other events cite
//! lighter and clickable (a click selects their event; a drag over them selects text).

use std::ops::Range;
use std::sync::Arc;

use egui::text::{CCursor, LayoutJob, TextFormat};
use egui::{Align, Pos2, Rect, Role, Sense, Ui, WidgetInfo};

use super::FrameContext;
use super::command::Command;
use super::theme::article_font;
use crate::document::pages;
use crate::edit::cite::citation_for;
use crate::model::Source;
use crate::timeline::dates::{Mention, mentions};
use crate::timeline::highlight::{Lit, lit_pieces, marked_pieces};

/// The passage the reader shows highlighted: which event cites it, and where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chosen {
    /// The event whose citation it is.
    pub event: usize,
    /// Where it anchored, if it did.
    pub range: Option<Range<usize>>,
}

/// The article as the reader shows it: which part of a long article is shown, and of which
/// article, kept between frames.
#[derive(Debug, Default)]
pub struct ArticleView {
    part: usize,
    part_of: Option<usize>,
}

impl ArticleView {
    /// Draws article `source_index` (see [`article_ui`]) under its part row, in a scroll area
    /// of its own per part (turning a part starts at its top). Another article starts at its
    /// first part, or at the chosen passage's. Returns the selected byte range, if any.
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        cx: &FrameContext<'_>,
        source_index: usize,
        chosen: Option<&Chosen>,
        scroll: bool,
        commands: &mut Vec<Command>,
    ) -> Option<Range<usize>> {
        if self.part_of != Some(source_index) {
            self.part_of = Some(source_index);
            self.part = 0;
        }
        if let Some(source) = cx.state.document.timeline().sources.get(source_index) {
            let range = chosen.and_then(|c| c.range.as_ref());
            part_nav_ui(ui, &source.text, range, scroll, &mut self.part);
        }
        let part = self.part;
        egui::ScrollArea::vertical()
            .id_salt(("article-scroll", source_index, part))
            .auto_shrink(false)
            .show(ui, |ui| {
                article_ui(ui, cx, source_index, chosen, scroll, part, commands)
            })
            .inner
    }
}

/// For an article too long to lay out at once, the row that says which part is shown and turns
/// to the others; with `scroll`, it first turns to the part of the `chosen` passage. Drawn
/// above the article's scroll area, so that it stays in view.
fn part_nav_ui(
    ui: &mut Ui,
    text: &str,
    chosen: Option<&Range<usize>>,
    scroll: bool,
    part: &mut usize,
) {
    if scroll && let Some(range) = chosen {
        *part = pages::part_of(text, range.start);
    }
    let parts = pages::part_count(text);
    *part = (*part).min(parts - 1);
    if parts == 1 {
        return;
    }
    ui.horizontal(|ui| {
        if ui
            .add_enabled(*part > 0, egui::Button::new("Previous part"))
            .clicked()
        {
            *part -= 1;
        }
        ui.label(format!("Part {} of {parts}", *part + 1))
            .on_hover_text("A long article is shown a part at a time");
        if ui
            .add_enabled(*part + 1 < parts, egui::Button::new("Next part"))
            .clicked()
        {
            *part += 1;
        }
    });
}

/// The date mentions of the part of `source` shown (`text`, from byte `base`), in its
/// offsets; kept in egui's memory while the part and the article stay the same. An article dated
/// only to the month or year gets only the dates written out (weekdays need its day).
fn date_mentions(
    ui: &Ui,
    source_index: usize,
    source: &Source,
    base: usize,
    text: &str,
) -> Arc<Vec<Mention>> {
    let id = ui.scope_id().with((
        "date-mentions",
        source_index,
        base,
        text.len(),
        Arc::as_ptr(&source.text).cast::<u8>() as usize,
        source.published,
    ));
    if let Some(found) = ui.data(|d| d.get_temp::<Arc<Vec<Mention>>>(id)) {
        return found;
    }
    let day_known = source.published.precision() == crate::model::date::Precision::Day;
    let found: Arc<Vec<Mention>> = Arc::new(
        mentions(text, source.published.first_day())
            .into_iter()
            .filter(|m| day_known || !m.approximate)
            .collect(),
    );
    ui.data_mut(|d| d.insert_temp(id, Arc::clone(&found)));
    found
}

/// Draws source `source_index`'s article with `chosen` highlighted (none when the article is
/// read on its own); `scroll` brings the passage into view. Only part `part` of a long article
/// is laid out (see [`part_nav_ui`]). Returns the byte range of the text selected in it, if
/// any. It keeps no state: egui keeps the selection.
fn article_ui(
    ui: &mut Ui,
    cx: &FrameContext<'_>,
    source_index: usize,
    chosen: Option<&Chosen>,
    scroll: bool,
    part: usize,
    commands: &mut Vec<Command>,
) -> Option<Range<usize>> {
    let timeline = cx.state.document.timeline();
    let source = timeline.sources.get(source_index)?;
    let whole: &str = &source.text;
    let index = chosen.map_or(usize::MAX, |c| c.event);
    let chosen = chosen.and_then(|c| c.range.clone());
    // Only the part shown is laid out; a chosen passage that runs past its end is kept whole.
    let mut shown_range = pages::part_range(whole, part);
    if let Some(range) = &chosen
        && shown_range.contains(&range.start)
    {
        shown_range.end = shown_range.end.max(range.end.min(whole.len()));
    }
    let base = shown_range.start;
    let text = whole.get(shown_range.clone()).unwrap_or_default();
    let local = |range: &Range<usize>| -> Option<Range<usize>> {
        let start = range.start.max(shown_range.start);
        let end = range.end.min(shown_range.end);
        (start < end || (range.is_empty() && shown_range.contains(&range.start)))
            .then(|| start - base..end.max(start) - base)
    };
    let chosen = chosen.as_ref().and_then(local);
    // The article's other passages, already ordered by start (see `Timeline::passages`).
    let others: Vec<(Range<usize>, usize)> = timeline
        .passages
        .get(source_index)
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .filter_map(|&c| {
            let other = timeline.citations.get(c as usize)?;
            let event = *timeline.citation_event.get(c as usize)? as usize;
            let whole_range = other.anchor().range?;
            let range = local(&whole_range)?;
            (!(event == index && Some(&range) == chosen.as_ref())).then_some((range, event))
        })
        .collect();

    let font = article_font();
    let theme = cx.theme;
    let other_ranges: Vec<Range<usize>> = others.iter().map(|(r, _)| r.clone()).collect();
    let dates = date_mentions(ui, source_index, source, base, text);
    let date_ranges: Vec<Range<usize>> = dates.iter().map(Mention::range).collect();
    let pieces = marked_pieces(
        &lit_pieces(text.len(), chosen.as_ref(), &other_ranges),
        &date_ranges,
    );
    let cuts: Vec<usize> = std::iter::once(0)
        .chain(pieces.iter().map(|(r, _, _)| r.end))
        .collect();
    // Character index of each cut, counted once, for placing passages in the galley.
    let mut cut_chars = Vec::with_capacity(cuts.len());
    cut_chars.push(0);
    for (piece, _, _) in &pieces {
        let piece = text.get(piece.clone()).unwrap_or_default();
        cut_chars.push(cut_chars.last().copied().unwrap_or(0) + piece.chars().count());
    }
    let mut layouter = |ui: &Ui, _: &dyn egui::TextBuffer, wrap_width: f32| {
        let mut job = LayoutJob::default();
        job.wrap.max_width = wrap_width;
        for (piece, lit, dated) in &pieces {
            let background = match lit {
                Lit::Chosen => theme.passage_chosen,
                Lit::Other => theme.passage_other,
                Lit::Plain => theme.transparent,
            };
            let piece = text.get(piece.clone()).unwrap_or_default();
            // A PDF's page break (a form feed, which fonts draw as a missing glyph) is drawn
            // as a line break: one character for one, so the offsets stay the text's.
            let piece = if piece.contains(crate::model::PAGE_BREAK) {
                std::borrow::Cow::Owned(piece.replace(crate::model::PAGE_BREAK, "\n"))
            } else {
                std::borrow::Cow::Borrowed(piece)
            };
            job.append(
                &piece,
                0.0,
                TextFormat {
                    font_id: font.clone(),
                    color: theme.text,
                    background,
                    underline: if *dated {
                        theme.date_mention
                    } else {
                        egui::Stroke::NONE
                    },
                    ..TextFormat::default()
                },
            );
        }
        ui.fonts_mut(|f| f.layout_job(job))
    };
    // A read-only text field: selectable, never editable (a `&str` buffer cannot change).
    let mut shown: &str = text;
    let output = egui::TextEdit::multiline(&mut shown)
        .id_salt(("article", source_index, base))
        .frame(egui::Frame::NONE)
        // The panel's width, not more: an infinite width would push the resizable panel wider.
        .desired_width(ui.available_width())
        .layouter(&mut layouter)
        .show(ui);
    let galley = Arc::clone(&output.galley);
    let origin = output.galley_pos;
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
        .translate(origin.to_vec2())
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
    // Date mentions: hovering one says what date it means and how that was worked out.
    for (n, mention) in dates.iter().enumerate() {
        let r = range_rect(&mention.range());
        if !visible.intersects(r) {
            continue;
        }
        let about = if mention.approximate { "about " } else { "" };
        let said = format!("{about}{} — {}", mention.date, mention.how);
        let response = ui.interact(r, ui.scope_id().with(("date", n)), Sense::hover());
        response.widget_info(|| {
            WidgetInfo::labeled(
                Role::Tooltip,
                true,
                format!("Date: {} → {said}", mention.text),
            )
        });
        response.on_hover_text(said);
    }
    if let Some(range) = &chosen {
        let r = range_rect(range);
        let response = ui.interact(r, ui.scope_id().with("chosen-passage"), Sense::hover());
        let quote = text.get(range.clone()).unwrap_or_default();
        response.widget_info(|| {
            WidgetInfo::labeled(Role::Mark, true, format!("Highlighted passage: {quote}"))
        });
    }
    let selected = output.cursor_range.filter(|r| !r.is_empty())?;
    let chars = selected.as_sorted_char_range();
    let byte_of = |char_index: usize| {
        text.char_indices()
            .nth(char_index)
            .map_or(text.len(), |(i, _)| i)
    };
    let range = base + byte_of(chars.start.0)..base + byte_of(chars.end.0);
    // The same two actions as under the header, on a right click.
    if let Ok((citation, _)) = citation_for(whole, range.clone(), &source.record.id) {
        let can_cite = cx.state.selected.is_some();
        output.response.response.context_menu(|ui| {
            if ui.button("New event from selection").clicked() {
                commands.push(Command::NewEventCiting(citation.clone()));
            }
            if ui
                .add_enabled(can_cite, egui::Button::new("Cite for the selected event"))
                .clicked()
            {
                commands.push(Command::AddCitation(citation.clone()));
            }
        });
    }
    Some(range)
}
