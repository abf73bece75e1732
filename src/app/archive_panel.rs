//! The left panel's "In articles" tab: the hits of a search in articles, grouped by source,
//! newest first, each a line of context with the match lit. A click (or Enter in the search box)
//! opens the reader at the hit; the two buttons (or Ctrl + Enter) cite the sentence that holds it.

use std::fmt::Write as _;

use egui::Ui;
use egui::text::{LayoutJob, TextFormat};

use super::FrameContext;
use super::command::Command;
use crate::timeline::archive_search::{ArchiveResults, context};

/// Bytes of context either side of a hit.
const CONTEXT_BYTES: usize = 60;

/// The hits list. Its own state: the cursor it last scrolled to.
#[derive(Debug, Default)]
pub struct ArchivePanel {
    scrolled_for: Option<usize>,
}

impl ArchivePanel {
    /// Draws the hits of the search in articles.
    pub fn ui(&mut self, ui: &mut Ui, cx: &FrameContext<'_>, commands: &mut Vec<Command>) {
        let state = cx.state;
        let timeline = state.document.timeline();
        let search = &state.archive;
        let Some((outcome, current)) = search.shown(timeline) else {
            ui.label(if search.is_searching(timeline) {
                "Searching the articles…"
            } else {
                "Type words or a \"phrase\" in the search box to find them in every archived article."
            });
            return;
        };
        let results = match outcome {
            Ok(results) => results,
            Err(why) => {
                ui.colored_label(cx.theme.warn, format!("Cannot search: {why}."));
                return;
            }
        };
        ui.label(summary(results, current));
        ui.horizontal(|ui| {
            let chosen = search.cursor.is_some();
            if ui
                .add_enabled(
                    chosen && state.selected.is_some(),
                    egui::Button::new("Cite hit for the selected event"),
                )
                .on_hover_text("Cite the sentence that holds the chosen hit (Ctrl + Enter)")
                .clicked()
            {
                commands.push(Command::CiteHit { new_event: false });
            }
            if ui
                .add_enabled(chosen, egui::Button::new("New event from hit"))
                .on_hover_text("Start an event citing the sentence that holds the chosen hit")
                .clicked()
            {
                commands.push(Command::CiteHit { new_event: true });
            }
        });
        ui.separator();
        let scroll = search.cursor != self.scrolled_for;
        self.scrolled_for = search.cursor;
        egui::ScrollArea::vertical()
            .id_salt("archive-hits")
            .auto_shrink(false)
            .show(ui, |ui| {
                let mut index = 0;
                for group in &results.sources {
                    let Some(source) = timeline.sources.get(group.source) else {
                        index += group.hits.len();
                        continue;
                    };
                    ui.add_space(4.0);
                    ui.label(
                        egui::RichText::new(format!(
                            "{} · {} · {}",
                            source.record.publisher, source.record.title, source.published
                        ))
                        .strong(),
                    );
                    for hit in &group.hits {
                        let on = search.cursor == Some(index);
                        let job = kwic_job(cx, &source.text, hit, on);
                        let response = ui.add(egui::Button::selectable(on, job).wrap());
                        if on && scroll {
                            response.scroll_to_me(Some(egui::Align::Center));
                        }
                        if response.clicked() {
                            commands.push(Command::OpenHit(index));
                        }
                        index += 1;
                    }
                }
            });
    }
}

/// "N hits in M articles", with how many are listed and whether they are still coming.
fn summary(results: &ArchiveResults, current: bool) -> String {
    let hits = if results.total == 1 { "hit" } else { "hits" };
    let articles = if results.sources.len() == 1 {
        "article"
    } else {
        "articles"
    };
    let mut line = format!(
        "{} {hits} in {} {articles}",
        results.total,
        results.sources.len()
    );
    if results.kept() < results.total {
        let _ = write!(line, " · the first {} listed", results.kept());
    }
    if !current {
        line.push_str(" · searching…");
    }
    line
}

/// A hit's line of context, the match lit as a chosen passage is; on the accent colour when
/// the row is `selected`, where the match keeps the strongest text colour so that it still reads
/// on its highlight over the accent.
fn kwic_job(
    cx: &FrameContext<'_>,
    text: &str,
    hit: &std::ops::Range<usize>,
    selected: bool,
) -> LayoutJob {
    let around = context(text, hit, CONTEXT_BYTES);
    let plain = TextFormat {
        color: if selected {
            cx.theme.on_accent
        } else {
            cx.theme.text
        },
        ..TextFormat::default()
    };
    let lit = TextFormat {
        background: cx.theme.passage_chosen,
        color: cx.theme.strong_text,
        ..plain.clone()
    };
    let mut job = LayoutJob::default();
    let mut before = text.get(around.start..hit.start).unwrap_or_default();
    let matched = text.get(hit.clone()).unwrap_or_default();
    let mut after = text.get(hit.end..around.end).unwrap_or_default();
    // Context cut inside a line starts and ends at a word boundary, marked with an ellipsis.
    let cut_before = text
        .get(..around.start)
        .and_then(|t| t.chars().next_back())
        .is_some_and(|c| c != '\n');
    let cut_after = text
        .get(around.end..)
        .and_then(|t| t.chars().next())
        .is_some_and(|c| c != '\n');
    let lead = if cut_before {
        before = before.split_once(' ').map_or(before, |(_, rest)| rest);
        "…"
    } else {
        ""
    };
    let tail = if cut_after {
        after = after.rsplit_once(' ').map_or(after, |(kept, _)| kept);
        " …"
    } else {
        ""
    };
    // Page breaks and other controls drawn as spaces (fonts have no glyph for them).
    let shown = |piece: &str| -> String {
        piece
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect()
    };
    job.append(&format!("{lead}{}", shown(before)), 0.0, plain.clone());
    job.append(&shown(matched), 0.0, lit);
    job.append(&format!("{}{tail}", shown(after)), 0.0, plain);
    job
}
