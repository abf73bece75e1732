//! The add-article form: the source record for an article being added (title, publisher,
//! author, publication date with "approximate" and a note, URL, kind), and for a pasted article
//! the text itself. The article is copied byte for byte when the form is accepted.

use egui::Ui;

use super::FrameContext;
use super::command::{Command, NewArticle};
use crate::edit::article::{Original, url_problem};
use crate::model::date::PartialDate;
use crate::model::{Reliability, SourceKind, SourceRecord};

/// The form's fields.
#[derive(Clone, Debug, Default)]
struct Form {
    text: String,
    pasted: bool,
    from: String,
    title: String,
    publisher: String,
    author: String,
    published: String,
    published_approximate: bool,
    published_note: String,
    url: String,
    kind: Option<SourceKind>,
    reliability: Option<Reliability>,
    /// The source whose text this is, when it is already in the file.
    for_source: Option<String>,
    /// The saved page the text was extracted from, archived beside it.
    original: Option<Original>,
}

impl Form {
    fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        if self.text.trim().is_empty() {
            problems.push("Text: paste the article's text".to_owned());
        }
        if self.title.trim().is_empty() {
            problems.push("Title: expected the article's headline".to_owned());
        }
        if self.publisher.trim().is_empty() {
            problems.push("Publisher: expected who published it".to_owned());
        }
        if let Err(e) = PartialDate::parse(self.published.trim()) {
            problems.push(format!("Published: {e}"));
        }
        if self.published_approximate && self.published_note.trim().is_empty() {
            problems.push("Note: say how the approximate date was inferred".to_owned());
        }
        if let Some(problem) = url_problem(self.url.trim()) {
            problems.push(format!("URL: {problem}"));
        }
        problems
    }

    fn record(&self) -> SourceRecord {
        let some = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
        SourceRecord {
            id: self.for_source.clone().unwrap_or_default(),
            title: self.title.trim().to_owned(),
            publisher: self.publisher.trim().to_owned(),
            author: some(&self.author),
            published: self.published.trim().to_owned(),
            published_approximate: self.published_approximate,
            published_note: some(&self.published_note),
            url: some(&self.url)
                .map(|u| crate::model::web_url::normalised_web_url(&u).unwrap_or(u)),
            file: None,
            kind: self.kind,
            kind_note: None,
            reliability: self.reliability,
            sha256: None,
            original: None,
        }
    }
}

/// The add-article form. Its own state: the fields, and which request it answers.
#[derive(Default)]
pub struct AddArticle {
    seen: u64,
    form: Option<Form>,
}

impl AddArticle {
    /// Draws the form (a window) while an article is being added.
    pub fn ui(&mut self, ui: &Ui, cx: &FrameContext<'_>, commands: &mut Vec<Command>) {
        if let Some((generation, request)) = &cx.state.article_request
            && *generation != self.seen
        {
            self.seen = *generation;
            // A file's path, or for a fetched address the address it came from.
            let from = request.from.as_ref().map_or_else(
                || {
                    request
                        .page
                        .as_deref()
                        .and_then(|(_, original)| original.url.clone())
                        .unwrap_or_default()
                },
                |p| p.display().to_string(),
            );
            // The first line of a text file is most often its headline.
            let title = request
                .text
                .lines()
                .map(str::trim)
                .find(|l| !l.is_empty())
                .unwrap_or_default()
                .chars()
                .take(200)
                .collect();
            let bound = request.for_source.as_deref().and_then(|id| {
                cx.state
                    .document
                    .timeline()
                    .sources
                    .iter()
                    .find(|s| s.record.id == id)
            });
            self.form = Some(match bound {
                // The source is in the file already: its fields as they are, the text to paste.
                Some(source) => {
                    let r = &source.record;
                    Form {
                        pasted: true,
                        title: r.title.clone(),
                        publisher: r.publisher.clone(),
                        author: r.author.clone().unwrap_or_default(),
                        published: r.published.clone(),
                        published_approximate: r.published_approximate,
                        published_note: r.published_note.clone().unwrap_or_default(),
                        url: r.url.clone().unwrap_or_default(),
                        kind: r.kind,
                        reliability: r.reliability,
                        for_source: Some(r.id.clone()),
                        ..Form::default()
                    }
                }
                // A saved page: what it says of itself, each field to correct. A date it gives
                // is the extractor's finding, so approximate, with where it came from.
                None => match request.page.as_deref() {
                    Some((page, original)) => Form {
                        text: request.text.clone(),
                        from,
                        title: page.title.clone().unwrap_or(title),
                        publisher: page.publisher.clone().unwrap_or_default(),
                        author: page.author.clone().unwrap_or_default(),
                        published: page.published.clone().unwrap_or_default(),
                        published_approximate: page.published.is_some(),
                        published_note: page.published_note.clone().unwrap_or_default(),
                        // Where it was fetched from (after redirects) first, as `add-article`
                        // records it; else the address the page records of itself.
                        url: original
                            .final_url
                            .clone()
                            .or_else(|| original.url.clone())
                            .or_else(|| page.url.clone())
                            .unwrap_or_default(),
                        original: Some(original.clone()),
                        ..Form::default()
                    },
                    None => Form {
                        text: request.text.clone(),
                        pasted: request.from.is_none(),
                        from,
                        title,
                        ..Form::default()
                    },
                },
            });
        }
        let Some(form) = &mut self.form else {
            return;
        };
        let mut open = true;
        let mut done = false;
        egui::Window::new("Add article")
            .open(&mut open)
            .default_width(480.0)
            .show(ui.ctx(), |ui| {
                if form.pasted {
                    ui.label("Paste the article's text (Ctrl+V):");
                    egui::ScrollArea::vertical()
                        .max_height(160.0)
                        .show(ui, |ui| {
                            ui.add(
                                egui::TextEdit::multiline(&mut form.text)
                                    .id_salt("article-text")
                                    .desired_width(f32::INFINITY)
                                    .desired_rows(6),
                            )
                            .accessible_name("Article text");
                        });
                } else if let Some(original) = &form.original {
                    ui.label(format!(
                        "{} · the article's {} characters, found by {}; the original itself is \
                         kept byte for byte beside them in articles/. Check each field: they are \
                         what the original says of itself.",
                        form.from,
                        form.text.chars().count(),
                        original.extractor
                    ));
                } else {
                    ui.label(format!(
                        "{} · {} characters, copied byte for byte into articles/",
                        form.from,
                        form.text.chars().count()
                    ));
                }
                egui::Grid::new("article-form")
                    .num_columns(2)
                    .show(ui, |ui| {
                        for (label, value, hint) in [
                            ("Title", &mut form.title, "The headline"),
                            ("Publisher", &mut form.publisher, "TRT World"),
                            ("Author", &mut form.author, "(optional)"),
                            (
                                "Published",
                                &mut form.published,
                                "2025-02-26, 2025-02 or 2025",
                            ),
                            ("Note", &mut form.published_note, "How the date was found"),
                            ("URL", &mut form.url, "https://… (optional)"),
                        ] {
                            ui.label(label);
                            ui.add(
                                egui::TextEdit::singleline(value)
                                    .id_salt(("article-form", label))
                                    .hint_text(hint)
                                    .desired_width(320.0),
                            )
                            .accessible_name(format!("Article {}", label.to_lowercase()));
                            ui.end_row();
                        }
                        ui.label("");
                        ui.checkbox(&mut form.published_approximate, "Approximate date");
                        ui.end_row();
                    });
                // Outside the grid: wrapped rows in a grid cell overlap the next row.
                ui.horizontal_wrapped(|ui| {
                    ui.label("Kind");
                    ui.selectable_value(&mut form.kind, None, "not said");
                    for kind in SourceKind::ALL {
                        ui.selectable_value(&mut form.kind, Some(kind), kind.label());
                    }
                });
                ui.horizontal_wrapped(|ui| {
                    ui.label("Reliability");
                    ui.selectable_value(&mut form.reliability, None, "not graded");
                    for grade in Reliability::ALL {
                        ui.selectable_value(&mut form.reliability, Some(grade), grade.letter())
                            .on_hover_text(grade.label());
                    }
                });
                let problems = form.problems();
                for problem in &problems {
                    ui.colored_label(cx.theme.error, problem);
                }
                if ui
                    .add_enabled(problems.is_empty(), egui::Button::new("Add this article"))
                    .clicked()
                {
                    commands.push(Command::CreateSource(Box::new(NewArticle {
                        text: form.text.clone(),
                        record: form.record(),
                        existing: form.for_source.is_some(),
                        original: form.original.clone(),
                    })));
                    done = true;
                }
            });
        if !open || done {
            self.form = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_needs_text_title_publisher_and_a_date() {
        let form = Form {
            text: "Body".to_owned(),
            title: "T".to_owned(),
            publisher: "P".to_owned(),
            published: "2025-02".to_owned(),
            ..Form::default()
        };
        assert!(form.problems().is_empty());
        let record = form.record();
        assert_eq!(record.author, None);
        assert_eq!(record.published, "2025-02");
        let empty = Form::default();
        assert_eq!(empty.problems().len(), 4, "{:?}", empty.problems());
    }
}
