//! The reader: the selected event (title, date and how it was inferred, summary, actors, tags),
//! a card for each of its citations, and the article of the chosen one.

use std::ops::Range;

use egui::Ui;

use super::FrameContext;
use super::article::{ArticleView, Chosen};
use super::command::Command;
use crate::edit::cite::{citation_for, describe};
use crate::export::fragment::citation_link;
use crate::load::anchor::AnchorQuality;
use crate::timeline::reports::{claimed_spread, corroboration, dates_by_source, reported_line};

use super::citation_card::{
    PASSAGE_NOT_CHOSEN, about, citation_text, events_citing, kind_and_grade, not_archived_ui,
    pending_ui, read_other_ui, suggestions_ui,
};
use crate::model::Timeline;
use crate::timeline::suggest::{Suggestion, event_query, suggest};

/// The most of the reader's height the event above the article takes (it scrolls past that).
const READER_EVENT_SHARE: f32 = 0.5;

/// The reader. Its own state: the selection (or citation choice) it last scrolled to, and the
/// text selected in the article (source index and byte range) as of the last frame.
#[derive(Default)]
pub struct Reader {
    scrolled_for: u64,
    selection: Option<(usize, Range<usize>)>,
    /// The article below the cards, and the part of it shown.
    article: ArticleView,
    /// The passages suggested for the pending citation shown, kept while it stays the same
    /// (the timeline, the event, the citation and what the event says).
    suggested: Option<(SuggestedFor, Vec<Suggestion>)>,
    /// Whether the timeline (by address) has pending citations: one pass per new timeline.
    any_pending: Option<(usize, bool)>,
    /// Other reports of the chosen citation.
    also: super::also_reported::AlsoReported,
}

/// What a pending citation's suggestions were ranked for: the timeline (by address), the event
/// and citation, and the event's words.
type SuggestedFor = (usize, usize, usize, String);

impl Reader {
    /// Draws the reader.
    pub fn ui(&mut self, ui: &mut Ui, cx: &FrameContext<'_>, commands: &mut Vec<Command>) {
        let state = cx.state;
        let timeline = state.document.timeline();
        if let Some(source) = state
            .reader_source
            .as_deref()
            .and_then(|id| timeline.sources.iter().position(|s| s.record.id == id))
        {
            self.source_ui(ui, cx, source, commands);
            return;
        }
        let Some((index, event)) = state
            .selected
            .and_then(|i| Some((i, timeline.events.get(i)?)))
        else {
            ui.add_space(8.0);
            ui.heading("Reader");
            ui.label("Click an event on the timeline or in the list to read its sources here.");
            if !timeline.sources.is_empty() {
                read_other_ui(ui, cx, commands);
            }
            return;
        };
        // The event, its citations and other reports scroll in at most half the panel: the
        // article, where passages are read and chosen, keeps the rest however many there are.
        let max_height_px = ui.available_height() * READER_EVENT_SHARE;
        let (citations, chosen) = egui::ScrollArea::vertical()
            .id_salt("reader-event")
            .max_height(max_height_px)
            .auto_shrink([false, true])
            .show(ui, |ui| {
                ui.add_space(4.0);
                // The title wraps: in a row with the button it would widen the panel instead.
                ui.heading(event.title(timeline));
                ui.horizontal(|ui| {
                    ui.label(egui::RichText::new(event.date_label()).strong());
                    if ui
                        .small_button("Edit")
                        .on_hover_text("Edit this event (E)")
                        .clicked()
                    {
                        commands.push(Command::EditEvent(Some(index)));
                    }
                    let address = std::ptr::from_ref::<Timeline>(timeline) as usize;
                    if self.any_pending.is_none_or(|(a, _)| a != address) {
                        let any = timeline
                            .citations
                            .iter()
                            .any(crate::model::Citation::is_pending);
                        self.any_pending = Some((address, any));
                    }
                    if self.any_pending.is_some_and(|(_, any)| any)
                        && ui
                            .small_button("Next passage to choose")
                            .on_hover_text("The next event with a pending citation")
                            .clicked()
                    {
                        commands.push(Command::NextPending);
                    }
                    if let Some(link) = event
                        .citations(timeline)
                        .iter()
                        .find_map(|c| citation_link(timeline, c))
                        && ui
                            .small_button("Copy link")
                            .on_hover_text("A link that opens the event's first passage online")
                            .clicked()
                    {
                        commands.push(Command::Copy(link));
                    }
                });
                if let Some(note) = event.date_note(timeline) {
                    ui.label(egui::RichText::new(note).small().weak());
                }
                // Who reported it and when: corroboration and the reporting clock.
                let mut reported = corroboration(timeline, event).describe();
                if let Some(line) = reported_line(timeline, event) {
                    reported.push_str(" · ");
                    reported.push_str(&line);
                }
                if event.citations.is_empty() {
                    ui.colored_label(
                        cx.theme.warn,
                        "Unsourced: no passage cites this event yet. Select one in an article and cite it.",
                    );
                } else if !event.cites_a_passage(timeline) {
                    ui.colored_label(
                        cx.theme.warn,
                        "Unsourced: its sources are linked, and no passage is chosen yet.",
                    );
                } else {
                    ui.label(egui::RichText::new(reported).small());
                }
                if claimed_spread(timeline, event).is_some() {
                    // Where the sources disagree: each one's date, side by side, with its quote.
                    ui.label(egui::RichText::new("Sources disagree on the date:").color(cx.theme.warn));
                    for ((source, date, own), citation) in dates_by_source(timeline, event)
                        .into_iter()
                        .zip(event.citations(timeline))
                    {
                        let publisher = timeline
                            .sources
                            .get(source)
                            .map_or("?", |s| s.record.publisher.as_str());
                        let whose = if own { "" } else { " (the event's date)" };
                        ui.label(
                            egui::RichText::new(format!(
                                "{publisher}: {date}{whose} — “{}”",
                                citation.quote(timeline).unwrap_or(PASSAGE_NOT_CHOSEN)
                            ))
                            .small(),
                        );
                    }
                }
                ui.label(event.summary(timeline));
                // Only a web URL becomes a link (the loader checked it; the parse is the one rule).
                if let Some(media) = event
                    .media(timeline)
                    .and_then(crate::model::web_url::normalised_web_url)
                {
                    ui.horizontal(|ui| {
                        ui.label(egui::RichText::new("Media:").small());
                        ui.hyperlink(media);
                    });
                }
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
                    let Some(source) = timeline.sources.get(citation.source as usize) else {
                        continue;
                    };
                    let anchored = if citation.is_pending() {
                        "passage not yet chosen".to_owned()
                    } else {
                        let page = citation
                            .anchor()
                            .range
                            .and_then(|r| source.page_at(r.start))
                            .map_or_else(String::new, |page| format!("page {page} · "));
                        format!("{page}anchor: {}", citation.anchor().quality)
                    };
                    let text = format!(
                        "{}\n{} · {}{}{} · {anchored}",
                        source.record.title,
                        source.record.publisher,
                        about(source),
                        source.published,
                        kind_and_grade(source),
                    );
                    if ui
                        .add(egui::Button::selectable(i == chosen, text))
                        .clicked()
                    {
                        commands.push(Command::ChooseCitation(i));
                    }
                }
                self.also.ui(ui, cx, (index, chosen), commands);
                read_other_ui(ui, cx, commands);
                (citations, chosen)
            })
            .inner;
        ui.separator();
        let Some(citation) = citations.get(chosen) else {
            return;
        };
        let Some(source) = timeline.sources.get(citation.source as usize) else {
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
        // Only a web URL becomes a link, and the link opens its parsed, normal form: nothing
        // in the file can make the browser open a local file.
        if let Some(url) = source
            .record
            .url
            .as_deref()
            .and_then(crate::model::web_url::normalised_web_url)
        {
            ui.hyperlink(url);
        }
        if citation.is_pending() {
            pending_ui(ui, cx, source, citation, commands);
            if source.record.file.is_some() {
                let query = event_query(timeline, event);
                let key: SuggestedFor = (
                    std::ptr::from_ref::<Timeline>(timeline) as usize,
                    index,
                    chosen,
                    query,
                );
                if self.suggested.as_ref().is_none_or(|(k, _)| *k != key) {
                    let found = suggest(&source.text, &key.3);
                    self.suggested = Some((key, found));
                }
                if let Some((_, found)) = &self.suggested {
                    suggestions_ui(
                        ui,
                        cx,
                        (event.id(timeline), chosen),
                        source,
                        found,
                        commands,
                    );
                }
            }
        } else {
            not_archived_ui(
                ui,
                cx,
                source,
                "Not archived yet: only its URL is known, so the quote cannot be anchored.",
                commands,
            );
        }
        if ui
            .small_button("Copy citation")
            .on_hover_text("The quote, its publisher and date, and a link that opens the passage")
            .clicked()
        {
            commands.push(Command::Copy(citation_text(timeline, citation)));
        }
        if citation.anchor.quality() == AnchorQuality::NotFound && !citation.is_pending() {
            ui.colored_label(
                cx.theme.warn,
                "This passage was not found in the article: nothing is highlighted.",
            );
        }
        let source_index = citation.source as usize;
        // A pending citation's passage is chosen from a selection in its article.
        let pending = citation
            .is_pending()
            .then(|| (event.id(timeline).to_owned(), chosen));
        self.selection_ui(ui, cx, source_index, pending, commands);
        let scroll = self.scrolled_for != state.selection_generation;
        self.scrolled_for = state.selection_generation;
        let highlight = Chosen {
            event: index,
            range: citation.anchor().range,
        };
        let selected = self
            .article
            .ui(ui, cx, source_index, Some(&highlight), scroll, commands);
        self.selection = selected.map(|range| (source_index, range));
    }

    /// A source's article read on its own (just added, or picked to read): every passage cited
    /// in it is lit and clickable, and a selection can start a new event or cite into the
    /// selected one.
    fn source_ui(
        &mut self,
        ui: &mut Ui,
        cx: &FrameContext<'_>,
        source_index: usize,
        commands: &mut Vec<Command>,
    ) {
        let timeline = cx.state.document.timeline();
        let Some(source) = timeline.sources.get(source_index) else {
            return;
        };
        ui.add_space(4.0);
        ui.heading(&source.record.title);
        ui.label(format!(
            "{} · {}{}",
            source.record.publisher,
            about(source),
            source.published
        ));
        ui.horizontal(|ui| {
            let back = if cx.state.selected.is_some() {
                "Back to the event"
            } else {
                "Close the article"
            };
            if ui.small_button(back).clicked() {
                commands.push(Command::ReadSource(None));
            }
        });
        not_archived_ui(
            ui,
            cx,
            source,
            "Not archived yet: only its URL is known. Add its text to cite passages of it.",
            commands,
        );
        // The passage stepped to with ← and →, lit as the chosen one and scrolled to.
        let passages = timeline
            .passages
            .get(source_index)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let chosen = cx.state.passage_cursor.and_then(|at| {
            let c = *passages.get(at)? as usize;
            Some(Chosen {
                event: *timeline.citation_event.get(c)? as usize,
                range: timeline.citations.get(c)?.anchor().range,
            })
        });
        // Else a hit of the search in articles opened here: lit, no event's.
        let chosen = chosen.or_else(|| {
            let (id, range) = cx.state.archive.opened.as_ref()?;
            (*id == source.record.id).then(|| Chosen {
                event: usize::MAX,
                range: Some(range.clone()),
            })
        });
        let plural = if passages.len() == 1 { "" } else { "s" };
        ui.label(
            egui::RichText::new(match cx.state.passage_cursor {
                Some(at) => format!(
                    "Passage {} of {} · Left / Right arrow step through them; click one for its event",
                    at + 1,
                    passages.len()
                ),
                None => format!(
                    "{} cited passage{plural} · Left / Right arrow step through them; click one for its event",
                    passages.len()
                ),
            })
            .small(),
        );
        ui.separator();
        self.selection_ui(ui, cx, source_index, None, commands);
        let scroll = self.scrolled_for != cx.state.selection_generation;
        self.scrolled_for = cx.state.selection_generation;
        let selected = self
            .article
            .ui(ui, cx, source_index, chosen.as_ref(), scroll, commands);
        self.selection = selected.map(|range| (source_index, range));
    }

    /// Under the article's header: what the selected text would cite, how it anchors, who
    /// cites it already, and the two actions (also in the article's context menu). Always two
    /// rows high, so that the article does not move while text is being selected.
    fn selection_ui(
        &mut self,
        ui: &mut Ui,
        cx: &FrameContext<'_>,
        source_index: usize,
        pending: Option<(String, usize)>,
        commands: &mut Vec<Command>,
    ) {
        let timeline = cx.state.document.timeline();
        let selected = self
            .selection
            .clone()
            .filter(|(source, _)| *source == source_index)
            .and_then(|(source, range)| {
                let article = timeline.sources.get(source)?;
                Some(
                    citation_for(&article.text, range.clone(), &article.record.id).map(
                        |(citation, found)| {
                            (citation, found, events_citing(timeline, source, &range))
                        },
                    ),
                )
            });
        match &selected {
            Some(Err(why)) => {
                ui.colored_label(cx.theme.warn, format!("Cannot cite this selection: {why}."));
            }
            None => {
                ui.label(
                    egui::RichText::new("Select a passage (drag, double-click a word) to cite it.")
                        .small()
                        .weak(),
                );
            }
            Some(Ok((citation, found, citing))) => {
                let has_context = citation.prefix.is_some() || citation.suffix.is_some();
                let mut line = format!(
                    "Selected {} characters · anchor: {}",
                    citation.quote.as_deref().map_or(0, |q| q.chars().count()),
                    describe(found, has_context)
                );
                if !citing.is_empty() {
                    line.push_str(" · already cited by: ");
                    line.push_str(&citing.join("; "));
                }
                ui.label(egui::RichText::new(line).small());
            }
        }
        ui.horizontal(|ui| {
            let citation = selected
                .as_ref()
                .and_then(|s| s.as_ref().ok())
                .map(|(c, _, _)| c.clone());
            if ui
                .add_enabled(
                    citation.is_some(),
                    egui::Button::new("New event from selection"),
                )
                .clicked()
                && let Some(citation) = citation.clone()
            {
                commands.push(Command::NewEventCiting(citation));
            }
            if let Some((event, index)) = pending {
                if ui
                    .add_enabled(citation.is_some(), egui::Button::new("Use as the passage"))
                    .on_hover_text("Make the selection this pending citation's passage")
                    .clicked()
                    && let Some(record) = citation
                {
                    commands.push(Command::ChoosePassage {
                        event,
                        citation: index,
                        record,
                    });
                }
                return;
            }
            let can_cite = citation.is_some() && cx.state.selected.is_some();
            if ui
                .add_enabled(can_cite, egui::Button::new("Cite for the selected event"))
                .clicked()
                && let Some(citation) = citation
            {
                commands.push(Command::AddCitation(citation));
            }
        });
    }
}
