//! The editor: a side panel with a form for every field of one event. Dates are checked live by
//! the loader's own parser, with its messages; what is applied is one edit, undoable.

use egui::Ui;

use super::FrameContext;
use super::command::Command;
use super::state::EditTarget;
use crate::edit::Edit;
use crate::edit::ids::{slug, unique};
use crate::model::date::PartialDate;
use crate::model::{CitationRecord, EventRecord, event_record};

/// The form's fields, as typed.
#[derive(Clone, Debug, Default, PartialEq)]
struct Draft {
    /// The event edited; `None` for a new one.
    id: Option<String>,
    title: String,
    summary: String,
    date: String,
    end: String,
    approximate: bool,
    date_note: String,
    actors: Vec<String>,
    new_actor: String,
    tags: String,
    citations: Vec<CitationRecord>,
    /// Carried through unedited: the form does not show it, and saving must not drop it.
    media: Option<String>,
}

impl Draft {
    fn from_record(record: EventRecord) -> Self {
        Self {
            id: Some(record.id),
            title: record.title,
            summary: record.summary,
            date: record.date,
            end: record.end.unwrap_or_default(),
            approximate: record.approximate,
            date_note: record.date_note.unwrap_or_default(),
            actors: record.actors,
            new_actor: String::new(),
            tags: record.tags.join(", "),
            citations: record.citations,
            media: record.media,
        }
    }

    /// What is wrong with the form, field by field, in the loader's words; empty when it can
    /// be applied.
    fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        if self.title.trim().is_empty() {
            problems.push("Title: expected a title".to_owned());
        }
        let date = PartialDate::parse(self.date.trim());
        if let Err(e) = &date {
            problems.push(format!("Date: {e}"));
        }
        if !self.end.trim().is_empty() {
            match (PartialDate::parse(self.end.trim()), &date) {
                (Err(e), _) => problems.push(format!("End: {e}")),
                (Ok(end), Ok(start)) if end.last_day() < start.first_day() => {
                    problems.push(format!(
                        "End: end {} is before date {}",
                        self.end.trim(),
                        self.date.trim()
                    ));
                }
                _ => {}
            }
        }
        if self.approximate && self.date_note.trim().is_empty() {
            problems.push(
                "Date note: approximate dates need a date_note saying how the date was inferred"
                    .to_owned(),
            );
        }
        problems
    }

    /// The record to write; a new event's id is a slug of its title, made unique.
    fn record(&self, taken: impl Fn(&str) -> bool) -> EventRecord {
        let some = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
        EventRecord {
            id: self
                .id
                .clone()
                .unwrap_or_else(|| unique(&slug(&self.title, "event"), taken)),
            date: self.date.trim().to_owned(),
            end: some(&self.end),
            approximate: self.approximate,
            date_note: some(&self.date_note),
            title: self.title.trim().to_owned(),
            summary: self.summary.trim().to_owned(),
            actors: self.actors.clone(),
            tags: self
                .tags
                .split(',')
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_owned)
                .collect(),
            citations: self.citations.clone(),
            media: self.media.clone(),
        }
    }
}

/// The editor. Its own state: the form being filled in, and which request it came from.
#[derive(Default)]
pub struct Editor {
    seen: u64,
    citations_seen: u64,
    draft: Option<Draft>,
}

impl Editor {
    /// True while the form is open.
    pub fn is_open(&self, cx: &FrameContext<'_>) -> bool {
        self.take_request(cx).is_some() || self.draft.is_some()
    }

    fn take_request<'c>(&self, cx: &'c FrameContext<'_>) -> Option<&'c EditTarget> {
        match &cx.state.edit_request {
            Some((generation, target)) if *generation != self.seen => Some(target),
            _ => None,
        }
    }

    /// Draws the form.
    pub fn ui(&mut self, ui: &mut Ui, cx: &FrameContext<'_>, commands: &mut Vec<Command>) {
        let timeline = cx.state.document.timeline();
        if let Some(target) = self.take_request(cx) {
            self.draft = match target {
                EditTarget::Existing(id) => timeline
                    .index_of(id)
                    .and_then(|i| timeline.events.get(i))
                    .map(|event| Draft::from_record(event_record(timeline, event))),
                EditTarget::New(citation) => {
                    let mut draft = Draft {
                        citations: citation.iter().cloned().collect(),
                        ..Draft::default()
                    };
                    // The date the passage gives, said how it was found; each field to check.
                    if let Some((mention, note)) =
                        citation.as_ref().and_then(|c| passage_date(timeline, c))
                    {
                        draft.date = mention.date;
                        draft.approximate = mention.approximate;
                        draft.date_note = note;
                    }
                    Some(draft)
                }
            };
            self.seen = cx.state.edit_request.as_ref().map_or(0, |(g, _)| *g);
            // Citations sent before this form opened were applied already.
            self.citations_seen = cx.state.editor_citation.as_ref().map_or(0, |(g, _)| *g);
        }
        let Some(draft) = &mut self.draft else {
            return;
        };
        if let Some((generation, citation)) = &cx.state.editor_citation
            && *generation != self.citations_seen
        {
            self.citations_seen = *generation;
            draft.citations.push(citation.clone());
        }
        ui.add_space(4.0);
        ui.heading(if draft.id.is_some() {
            "Edit event"
        } else {
            "New event"
        });
        if let Some(id) = &draft.id {
            ui.label(egui::RichText::new(format!("id: {id}")).small().weak());
        }
        let mut close = false;
        egui::ScrollArea::vertical().show(ui, |ui| {
            fields_ui(ui, cx, draft);
            ui.separator();
            let problems = draft.problems();
            for problem in &problems {
                ui.colored_label(cx.theme.error, problem);
            }
            for line in &cx.state.edit_errors {
                ui.colored_label(
                    cx.theme.error,
                    egui::RichText::new(line).small().monospace(),
                );
            }
            ui.horizontal_wrapped(|ui| {
                let label = if draft.id.is_some() {
                    "Apply"
                } else {
                    "Add event"
                };
                if ui
                    .add_enabled(problems.is_empty(), egui::Button::new(label))
                    .clicked()
                {
                    let record = draft.record(|id| timeline.index_of(id).is_some());
                    commands.push(Command::Edit(if draft.id.is_some() {
                        Edit::UpdateEvent(record)
                    } else {
                        Edit::AddEvent(record)
                    }));
                }
                if let Some(id) = &draft.id
                    && ui
                        .button("Delete event")
                        .on_hover_text("Undo (Ctrl+Z) brings it back")
                        .clicked()
                {
                    commands.push(Command::Edit(Edit::DeleteEvent(id.clone())));
                    close = true;
                }
                if ui.button("Close").clicked() {
                    close = true;
                }
            });
        });
        if close {
            self.draft = None;
            commands.push(Command::CloseEditor);
        }
    }
}

fn fields_ui(ui: &mut Ui, cx: &FrameContext<'_>, draft: &mut Draft) {
    // Each field is named "Event …" for screen readers and tests.
    let single = |ui: &mut Ui, label: &str, text: &mut String, hint: &str| {
        ui.label(label);
        ui.add(
            egui::TextEdit::singleline(text)
                .id_salt(("editor", label))
                .hint_text(hint)
                .desired_width(f32::INFINITY),
        )
        .accessible_name(format!("Event {}", label.to_lowercase()));
    };
    single(ui, "Title", &mut draft.title, "One line: what happened");
    ui.label("Summary");
    ui.add(
        egui::TextEdit::multiline(&mut draft.summary)
            .id_salt(("editor", "Summary"))
            .desired_rows(3)
            .desired_width(f32::INFINITY),
    )
    .accessible_name("Event summary");
    ui.horizontal(|ui| {
        ui.vertical(|ui| {
            ui.set_width(120.0);
            single(ui, "Date", &mut draft.date, "2025-02-18");
        });
        ui.vertical(|ui| {
            ui.set_width(120.0);
            single(ui, "End (optional)", &mut draft.end, "2025-02-19");
        });
    });
    ui.checkbox(&mut draft.approximate, "Approximate date");
    single(
        ui,
        "Date note",
        &mut draft.date_note,
        "How the date was established",
    );
    ui.label("Actors");
    ui.horizontal_wrapped(|ui| {
        let mut vocabulary: Vec<String> = cx.state.actors.clone();
        for actor in &draft.actors {
            if !vocabulary.contains(actor) {
                vocabulary.push(actor.clone());
            }
        }
        for actor in vocabulary {
            let on = draft.actors.contains(&actor);
            if ui
                .selectable_label(on, &actor)
                .on_hover_text("Click to add or remove")
                .clicked()
            {
                if on {
                    draft.actors.retain(|a| a != &actor);
                } else {
                    draft.actors.push(actor);
                }
            }
        }
    });
    ui.horizontal(|ui| {
        ui.add(
            egui::TextEdit::singleline(&mut draft.new_actor)
                .id_salt(("editor", "new actor"))
                .hint_text("New actor")
                .desired_width(140.0),
        );
        let new = draft.new_actor.trim().to_owned();
        if ui
            .add_enabled(!new.is_empty(), egui::Button::new("Add actor"))
            .clicked()
            && !draft.actors.contains(&new)
        {
            draft.actors.push(new);
            draft.new_actor.clear();
        }
    });
    single(
        ui,
        "Tags (comma-separated)",
        &mut draft.tags,
        "talks, guarantees",
    );
    ui.label("Citations (the first is what the reader shows first)");
    let mut action: Option<(usize, i32)> = None;
    let mut claim: Option<(usize, String)> = None;
    for (i, citation) in draft.citations.iter().enumerate() {
        ui.group(|ui| {
            ui.label(
                egui::RichText::new(match &citation.quote {
                    Some(quote) => format!("{} · “{quote}”", citation.source),
                    None => format!("{} · passage not yet chosen", citation.source),
                })
                .small(),
            );
            // A passage that dates the event otherwise: offered as the citation's claimed date.
            if citation.claimed_date.is_none()
                && let Some((mention, _)) = passage_date(cx.state.document.timeline(), citation)
                && mention.date != draft.date.trim()
                && ui
                    .small_button(format!("It says {}: set as its claimed date", mention.date))
                    .on_hover_text(format!(
                        "'{}' in this passage ({}); the event's date stays",
                        mention.text, mention.how
                    ))
                    .clicked()
            {
                claim = Some((i, mention.date));
            }
            ui.horizontal(|ui| {
                if i > 0 && ui.small_button("Show first").clicked() {
                    action = Some((i, i32::MIN));
                }
                if i > 0 && ui.small_button("Up").clicked() {
                    action = Some((i, -1));
                }
                if i + 1 < draft.citations.len() && ui.small_button("Down").clicked() {
                    action = Some((i, 1));
                }
                if ui.small_button("Remove").clicked() {
                    action = Some((i, 0));
                }
            });
        });
    }
    if let Some((i, date)) = claim
        && let Some(citation) = draft.citations.get_mut(i)
    {
        citation.claimed_date = Some(date);
    }
    match action {
        Some((i, 0)) if i < draft.citations.len() => {
            draft.citations.remove(i);
        }
        Some((i, i32::MIN)) if i < draft.citations.len() => {
            let first = draft.citations.remove(i);
            draft.citations.insert(0, first);
        }
        Some((i, step)) => {
            let j = i.saturating_add_signed(step as isize);
            if i < draft.citations.len() && j < draft.citations.len() {
                draft.citations.swap(i, j);
            }
        }
        None => {}
    }
    if draft.citations.is_empty() {
        ui.label(
            egui::RichText::new(
                if draft.id.is_some() {
                "Select a passage in the reader, then “Cite for the selected event”."
            } else {
                "Select a passage in the reader, then “New event from selection”: it joins this event."
            },
            )
            .small()
            .weak(),
        );
    }
}

/// The date `citation`'s passage gives (inside it, or nearest around it in its paragraph), with
/// how it was found; `None` for a pending citation, an unarchived source or a passage that does
/// not anchor.
fn passage_date(
    timeline: &crate::model::Timeline,
    citation: &CitationRecord,
) -> Option<(crate::timeline::dates::Mention, String)> {
    let source = timeline
        .sources
        .iter()
        .find(|s| s.record.id == citation.source)?;
    let quote = citation.quote.as_deref()?;
    let range = crate::load::anchor::anchor(
        &source.text,
        quote,
        citation.prefix.as_deref(),
        citation.suffix.as_deref(),
    )
    .range?;
    crate::timeline::dates::date_for_passage(&source.text, source.published, &range)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> Draft {
        Draft {
            title: "Delegations meet in Riyadh".to_owned(),
            date: "2025-02-18".to_owned(),
            citations: vec![CitationRecord {
                source: "wire".to_owned(),
                quote: Some("the delegations met".to_owned()),
                prefix: None,
                suffix: None,
                claimed_date: None,
            }],
            ..Draft::default()
        }
    }

    #[test]
    fn the_form_says_what_is_wrong_in_the_loaders_words() {
        assert_eq!(draft().problems(), Vec::<String>::new());
        let mut bad = draft();
        bad.date = "2025-02-30".to_owned();
        bad.approximate = true;
        bad.citations.clear();
        let problems = bad.problems();
        assert!(
            problems.contains(&"Date: \"2025-02-30\" is not a date on the calendar".to_owned()),
            "{problems:?}"
        );
        assert!(problems.iter().any(|p| p.starts_with("Date note:")));
        // No citation is allowed now: the event loads as unsourced, with a warning.
        assert!(!problems.iter().any(|p| p.starts_with("Citations:")));
        let mut backwards = draft();
        backwards.end = "2025-02-01".to_owned();
        assert_eq!(
            backwards.problems(),
            ["End: end 2025-02-01 is before date 2025-02-18"]
        );
    }

    #[test]
    fn a_new_event_gets_a_unique_slug_and_tags_are_split() {
        let mut d = draft();
        d.tags = " talks, , riyadh ".to_owned();
        let record = d.record(|id| id == "delegations-meet-in-riyadh");
        assert_eq!(record.id, "delegations-meet-in-riyadh-2");
        assert_eq!(record.tags, ["talks", "riyadh"]);
        assert_eq!(record.end, None);
        // An existing event keeps its id whatever the title says.
        d.id = Some("riyadh".to_owned());
        assert_eq!(d.record(|_| true).id, "riyadh");
    }
}
