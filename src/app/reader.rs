//! The reader: the selected event (title, date and how it was inferred, summary, actors, tags),
//! a card for each of its citations, and the article of the chosen one.

use egui::Ui;

use super::FrameContext;
use super::article::article_ui;
use super::command::Command;
use crate::load::anchor::AnchorQuality;
use crate::model::Source;

/// The reader. Its own state: the selection (or citation choice) it last scrolled to.
#[derive(Default)]
pub struct Reader {
    scrolled_for: u64,
}

impl Reader {
    /// Draws the reader.
    pub fn ui(&mut self, ui: &mut Ui, cx: &FrameContext<'_>, commands: &mut Vec<Command>) {
        let state = cx.state;
        let timeline = &state.document.timeline;
        let Some((index, event)) = state
            .selected
            .and_then(|i| Some((i, timeline.events.get(i)?)))
        else {
            ui.add_space(8.0);
            ui.heading("Reader");
            ui.label("Click an event on the timeline or in the list to read its sources here.");
            return;
        };
        ui.add_space(4.0);
        ui.heading(event.title(timeline));
        ui.label(egui::RichText::new(event.date_label()).strong());
        if let Some(note) = event.date_note(timeline) {
            ui.label(egui::RichText::new(note).small().weak());
        }
        ui.label(event.summary(timeline));
        ui.horizontal_wrapped(|ui| {
            for actor in event.actors(timeline) {
                ui.label(egui::RichText::new(actor).background_color(cx.theme.faint_bg));
            }
            for tag in event.tags(timeline) {
                ui.label(egui::RichText::new(format!("#{tag}")).weak());
            }
        });
        ui.separator();
        let citations = event.citations(timeline);
        let chosen = state.citation.min(citations.len().saturating_sub(1));
        for (i, citation) in citations.iter().enumerate() {
            let Some(source) = timeline.sources.get(citation.source) else {
                continue;
            };
            let text = format!(
                "{}\n{} · {}{} · anchor: {}",
                source.record.title,
                source.record.publisher,
                about(source),
                source.published,
                citation.anchor.quality
            );
            if ui
                .add(egui::Button::selectable(i == chosen, text))
                .clicked()
            {
                commands.push(Command::ChooseCitation(i));
            }
        }
        ui.separator();
        let Some(citation) = citations.get(chosen) else {
            return;
        };
        let Some(source) = timeline.sources.get(citation.source) else {
            return;
        };
        ui.label(egui::RichText::new(&source.record.title).strong());
        let author = source
            .record
            .author
            .as_deref()
            .map(|a| format!(" · {a}"))
            .unwrap_or_default();
        ui.label(format!(
            "{}{author} · {}{}",
            source.record.publisher,
            about(source),
            source.published
        ));
        if let Some(url) = source
            .record
            .url
            .as_deref()
            .filter(|u| u.starts_with("https://") || u.starts_with("http://"))
        {
            ui.hyperlink(url);
        }
        if citation.anchor.quality == AnchorQuality::NotFound {
            ui.colored_label(
                cx.theme.warn,
                "This passage was not found in the article: nothing is highlighted.",
            );
        }
        let scroll = self.scrolled_for != state.selection_generation;
        self.scrolled_for = state.selection_generation;
        egui::ScrollArea::vertical()
            .auto_shrink(false)
            .show(ui, |ui| {
                article_ui(ui, cx, index, chosen, scroll, commands);
            });
    }
}

/// "about " before an approximate publication date.
fn about(source: &Source) -> &'static str {
    if source.record.published_approximate {
        "about "
    } else {
        ""
    }
}
