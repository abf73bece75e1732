//! "Also reported by": under the chosen citation's card, passages of archived articles the
//! event does not cite yet that say what the citation says (its event's title and summary and
//! its quote), ranked as suggestions are ([`corroborate_quotes`]). **Add as citation** cites one
//! for the event, anchored exactly and uniquely, so the event's corroboration counts go up.
//! The reader owns this part's state: the ranking kept for one citation, computed on a
//! [`ResultWorker`] once the articles are large enough to cost a frame.

use std::sync::Arc;

use egui::Ui;

use super::FrameContext;
use super::command::Command;
use super::theme::ALSO_REPORTED_HEIGHT_PX;
use crate::document::latest::ResultWorker;
use crate::edit::cite::citation_for;
use crate::model::Timeline;
use crate::timeline::suggest::{Suggestion, corroborate_quotes};

/// How many other reports are listed.
pub const ALSO_REPORTED: usize = 3;

/// Below this many bytes of archived text in all, the ranking is made in the frame; from it on,
/// on the worker (ranking reads every article's sentences).
pub const ASYNC_FROM_BYTES: usize = 256 * 1024;

/// What a ranking is for: the timeline, the event and which of its citations.
type Key = (Arc<Timeline>, usize, usize);

/// Other reports: each with its source's index.
type Found = Vec<(usize, Suggestion)>;

/// The "Also reported by" list's state.
#[derive(Default)]
pub struct AlsoReported {
    shown: Option<(Key, Found)>,
    asked: Option<Key>,
    worker: Option<ResultWorker<Key, (Key, Found)>>,
}

fn same(a: &Key, b: &Key) -> bool {
    Arc::ptr_eq(&a.0, &b.0) && a.1 == b.1 && a.2 == b.2
}

fn rank(key: &Key) -> Found {
    let (timeline, event, citation) = key;
    timeline.events.get(*event).map_or_else(Vec::new, |e| {
        corroborate_quotes(timeline, e, Some(*citation), ALSO_REPORTED)
    })
}

impl AlsoReported {
    /// The other reports of citation `citation` of event `event`, once ranked; `None` while the
    /// worker ranks them.
    fn found(&mut self, key: Key) -> Option<&Found> {
        if let Some((done_key, found)) = self.worker.as_ref().and_then(ResultWorker::take_done)
            && Arc::ptr_eq(&done_key.0, &key.0)
        {
            self.shown = Some((done_key, found));
        }
        if self.shown.as_ref().is_some_and(|(k, _)| same(k, &key)) {
            return self.shown.as_ref().map(|(_, found)| found);
        }
        let bytes: usize = key.0.sources.iter().map(|s| s.text.len()).sum();
        if bytes < ASYNC_FROM_BYTES {
            let found = rank(&key);
            self.shown = Some((key, found));
            return self.shown.as_ref().map(|(_, found)| found);
        }
        if self.asked.as_ref().is_none_or(|k| !same(k, &key)) {
            self.asked = Some(key.clone());
            self.worker
                .get_or_insert_with(|| {
                    ResultWorker::new("sourceline-corroborate", |key: Key| {
                        let found = rank(&key);
                        Some((key, found))
                    })
                })
                .submit(key);
        }
        None
    }

    /// Draws the list for citation `citation` of event `event`.
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        cx: &FrameContext<'_>,
        (event, citation): (usize, usize),
        commands: &mut Vec<Command>,
    ) {
        let timeline = Arc::clone(cx.state.document.timeline());
        let archived = timeline.sources.iter().any(|s| s.record.file.is_some());
        if !archived {
            return;
        }
        let key: Key = (Arc::clone(&timeline), event, citation);
        egui::CollapsingHeader::new("Also reported by")
            .id_salt("also-reported")
            .default_open(true)
            .show(ui, |ui| {
                let Some(found) = self.found(key) else {
                    ui.label(egui::RichText::new("Looking through the other articles…").weak());
                    ui.ctx()
                        .request_repaint_after(std::time::Duration::from_millis(50));
                    return;
                };
                if found.is_empty() {
                    ui.label(
                        egui::RichText::new("No other archived article says it in these words.")
                            .small()
                            .weak(),
                    );
                }
                // At most this high, so that the article below stays in view.
                egui::ScrollArea::vertical()
                    .id_salt("also-reported-list")
                    .max_height(ALSO_REPORTED_HEIGHT_PX)
                    .show(ui, |ui| Self::list_ui(ui, cx, &timeline, found, commands));
            });
    }

    /// The other reports, each with its publisher, date, score, quote and Add as citation.
    fn list_ui(
        ui: &mut Ui,
        cx: &FrameContext<'_>,
        timeline: &Timeline,
        found: &Found,
        commands: &mut Vec<Command>,
    ) {
        for (source_index, suggestion) in found {
            let Some(source) = timeline.sources.get(*source_index) else {
                continue;
            };
            let Some(quote) = source.text.get(suggestion.range.clone()) else {
                continue;
            };
            ui.group(|ui| {
                ui.label(
                    egui::RichText::new(format!(
                        "{} · {} · score {:.2}",
                        source.record.publisher, source.published, suggestion.score
                    ))
                    .small()
                    .strong(),
                );
                ui.label(egui::RichText::new(format!("“{quote}”")).small());
                match citation_for(&source.text, suggestion.range.clone(), &source.record.id) {
                    Ok((record, _)) => {
                        if ui
                            .small_button("Add as citation")
                            .on_hover_text(
                                "Cite this passage for the event too (one edit, undoable)",
                            )
                            .clicked()
                        {
                            commands.push(Command::AddCitation(record));
                        }
                    }
                    Err(why) => {
                        ui.colored_label(
                            cx.theme.warn,
                            format!("Cannot be cited as it is: {why}."),
                        );
                    }
                }
            });
        }
    }
}
