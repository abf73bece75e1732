//! The texts and small parts of the reader's citation cards: what a source is and when it was
//! published, a citation to paste, who else cites a passage, a linked source's actions, and a
//! pending citation's (Archive it, Choose the passage).

use std::ops::Range;

use egui::Ui;

use super::FrameContext;
use super::command::Command;
use crate::export::fragment::citation_link;
use crate::model::{Citation, Source, Timeline};

/// What stands for the quote of a pending citation, whose passage nobody has chosen yet.
pub(super) const PASSAGE_NOT_CHOSEN: &str = "(passage not yet chosen)";

/// A pending citation's card: its source is named, its passage not chosen. While the source has
/// no text, **Archive it** fetches and archives it; once it has, the passage is chosen by
/// selecting it in the article below (the selection's **Use as the passage**).
pub(super) fn pending_ui(
    ui: &mut Ui,
    cx: &FrameContext<'_>,
    source: &Source,
    citation: &Citation,
    commands: &mut Vec<Command>,
) {
    if !citation.is_pending() {
        return;
    }
    if source.record.file.is_none() {
        ui.colored_label(
            cx.theme.warn,
            "Passage not yet chosen, and the article is not archived: archive it first.",
        );
        let running = cx.state.capture.as_ref().is_some_and(|c| c.running);
        if source.record.url.is_some()
            && ui
                .add_enabled(!running, egui::Button::new("Archive it"))
                .on_hover_text("Fetch the page or PDF at its URL and archive it with its text")
                .clicked()
        {
            commands.push(Command::ArchiveFromWeb(source.record.id.clone()));
        }
    } else {
        ui.colored_label(
            cx.theme.warn,
            "Choose the passage: select it in the article below, then press \"Use as the passage\".",
        );
    }
}

/// The passages suggested for a pending citation (`citation`: the event's id and the
/// citation's index), best first, each with its score, its page for a PDF, and **Accept**,
/// which makes it the citation (anchored exactly and uniquely, one undoable edit). (**Next
/// passage to choose** is in the event's header, where it stays after accepting.)
pub(super) fn suggestions_ui(
    ui: &mut Ui,
    cx: &FrameContext<'_>,
    (event, citation): (&str, usize),
    source: &Source,
    suggestions: &[crate::timeline::suggest::Suggestion],
    commands: &mut Vec<Command>,
) {
    ui.label(egui::RichText::new("Suggested passages").strong());
    if suggestions.is_empty() {
        ui.label(
            egui::RichText::new(
                "No passage shares a word with the event's title and summary: select one below.",
            )
            .small()
            .weak(),
        );
    }
    for (n, suggestion) in suggestions.iter().enumerate() {
        let Some(quote) = source.text.get(suggestion.range.clone()) else {
            continue;
        };
        ui.group(|ui| {
            let page = source
                .page_at(suggestion.range.start)
                .map_or_else(String::new, |p| format!(" · page {p}"));
            ui.label(
                egui::RichText::new(format!("{}. score {:.2}{page}", n + 1, suggestion.score))
                    .small()
                    .weak(),
            );
            ui.label(format!("“{quote}”"));
            match crate::edit::cite::citation_for(
                &source.text,
                suggestion.range.clone(),
                &source.record.id,
            ) {
                Ok((record, _)) => {
                    if ui
                        .button("Accept")
                        .on_hover_text("Make this passage the citation (one edit, undoable)")
                        .clicked()
                    {
                        commands.push(Command::ChoosePassage {
                            event: event.to_owned(),
                            citation,
                            record,
                        });
                    }
                }
                Err(why) => {
                    ui.colored_label(cx.theme.warn, format!("Cannot be cited as it is: {why}."));
                }
            }
        });
    }
}

/// For a source with only a URL: says so (and what that stops) and offers **Add article text**.
pub(super) fn not_archived_ui(
    ui: &mut Ui,
    cx: &FrameContext<'_>,
    source: &Source,
    consequence: &str,
    commands: &mut Vec<Command>,
) {
    if source.record.file.is_some() {
        return;
    }
    let separator = if consequence.starts_with("so ") {
        ", "
    } else {
        ". "
    };
    ui.colored_label(
        cx.theme.warn,
        format!("Not archived yet: only its URL is known{separator}{consequence}"),
    );
    if ui.button("Add article text").clicked() {
        commands.push(Command::ArchiveSource(source.record.id.clone()));
    }
}

/// Titles of the events with a passage overlapping `range` of source `source`.
pub(super) fn events_citing(
    timeline: &Timeline,
    source: usize,
    range: &Range<usize>,
) -> Vec<String> {
    let mut titles: Vec<String> = timeline
        .passages
        .get(source)
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .filter_map(|&c| {
            let cited = timeline.citations.get(c as usize)?.anchor().range?;
            let event = *timeline.citation_event.get(c as usize)? as usize;
            (cited.start < range.end && range.start < cited.end)
                .then(|| {
                    timeline
                        .events
                        .get(event)
                        .map(|e| e.title(timeline).to_owned())
                })
                .flatten()
        })
        .collect();
    titles.dedup();
    titles
}

/// A citation to paste elsewhere: the quote, its publisher and date, and its link.
pub(super) fn citation_text(timeline: &Timeline, citation: &Citation) -> String {
    let Some(source) = timeline.sources.get(citation.source as usize) else {
        return citation
            .quote(timeline)
            .unwrap_or(PASSAGE_NOT_CHOSEN)
            .to_owned();
    };
    let link = citation_link(timeline, citation)
        .map(|l| format!(" {l}"))
        .unwrap_or_default();
    format!(
        "“{}” — {}, {}{}.{link}",
        citation.quote(timeline).unwrap_or(PASSAGE_NOT_CHOSEN),
        source.record.publisher,
        about(source),
        source.published
    )
}

/// " · opinion · grade B" when the source says; "" when it does not.
pub(super) fn kind_and_grade(source: &Source) -> String {
    let mut out = String::new();
    if let Some(kind) = source.record.kind {
        out.push_str(" · ");
        out.push_str(kind.label());
    }
    if let Some(grade) = source.record.reliability {
        out.push_str(" · grade ");
        out.push_str(grade.letter());
    }
    out
}

/// "about " before an approximate publication date.
pub(super) fn about(source: &Source) -> &'static str {
    if source.record.published_approximate {
        "about "
    } else {
        ""
    }
}

/// A menu of every article, to read one on its own.
pub(super) fn read_other_ui(ui: &mut Ui, cx: &FrameContext<'_>, commands: &mut Vec<Command>) {
    let timeline = cx.state.document.timeline();
    ui.menu_button("Read another article…", |ui| {
        for source in &timeline.sources {
            if ui
                .button(format!(
                    "{} · {}",
                    source.record.publisher, source.record.title
                ))
                .clicked()
            {
                commands.push(Command::ReadSource(Some(source.record.id.clone())));
            }
        }
    });
}
