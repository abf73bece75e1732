//! `sourceline add-article` and `sourceline cite`: the window's Add article and Cite, from the
//! command line, through the same code and the same checked, minimal, atomic save. On bad input
//! they report located errors and leave the file untouched.

use std::fmt::Write as _;
use std::path::Path;

use super::Edit;
use super::article::{NewArticle, add_article_file, url_problem};
use super::cite::citation_for;
use super::ids::{slug, unique};
use crate::document::Document;
use crate::document::editing::EditFailure;
use crate::edit::save::SaveError;
use crate::load::{LoadError, load};
use crate::model::date::PartialDate;
use crate::model::{CitationRecord, EventRecord, SourceKind, SourceRecord, event_record};

/// What a command printed and how it ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    /// Lines for standard output (what was done) or standard error (what was wrong).
    pub output: String,
    /// 0 done, 1 refused (nothing written).
    pub exit_code: i32,
}

impl Outcome {
    fn done(output: String) -> Self {
        Self {
            output,
            exit_code: 0,
        }
    }

    fn refused(output: String) -> Self {
        Self {
            output,
            exit_code: 1,
        }
    }
}

/// The fields of `sourceline add-article` (its options, as clap reads them).
#[derive(Clone, Debug, Default, PartialEq, Eq, clap::Args)]
pub struct AddArticleArgs {
    /// The source's id (default: a slug of the title).
    #[arg(long)]
    pub id: Option<String>,
    /// The article's headline.
    #[arg(long)]
    pub title: String,
    /// Who published it.
    #[arg(long)]
    pub publisher: String,
    /// Who wrote it.
    #[arg(long)]
    pub author: Option<String>,
    /// Publication date: YYYY, YYYY-MM or YYYY-MM-DD.
    #[arg(long)]
    pub published: String,
    /// The publication date was inferred (say how with --published-note).
    #[arg(long)]
    pub published_approximate: bool,
    /// How the publication date was established.
    #[arg(long)]
    pub published_note: Option<String>,
    /// Where it is online (http or https).
    #[arg(long)]
    pub url: Option<String>,
    /// What kind of writing it is.
    #[arg(
        long,
        help = "news_report, analysis, opinion, newsletter, official_statement or other"
    )]
    pub kind: Option<String>,
}

/// Loads the events file, as the window would open it.
fn open(events: &Path) -> Result<Document, Outcome> {
    load(events)
        .map(|loaded| Document::new(Some(events.to_owned()), loaded))
        .map_err(|error| Outcome::refused(located(&error)))
}

fn located(error: &LoadError) -> String {
    let mut out = String::new();
    for d in &error.diagnostics {
        let _ = writeln!(out, "{d}");
    }
    out
}

fn failure(error: &EditFailure) -> String {
    match error.load_error() {
        Some(load) => located(load),
        None => format!("{error}\n"),
    }
}

/// `sourceline add-article EVENTS FILE …`: copies FILE into `articles/` beside EVENTS and adds
/// its source.
pub fn add_article(events: &Path, file: &Path, args: &AddArticleArgs) -> Outcome {
    let argument = |name: &str, message: String| Outcome::refused(format!("{name}: {message}\n"));
    let mut document = match open(events) {
        Ok(document) => document,
        Err(outcome) => return outcome,
    };
    let bytes = match crate::load::read::read_file_capped(file, crate::load::MAX_ARTICLE_BYTES) {
        Ok(bytes) => bytes,
        Err(e) => return argument(&file.display().to_string(), format!("cannot read it: {e}")),
    };
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            return argument(
                &file.display().to_string(),
                format!(
                    "expected UTF-8 text, found an invalid byte at offset {}: not added",
                    e.utf8_error().valid_up_to()
                ),
            );
        }
    };
    if let Err(e) = PartialDate::parse(&args.published) {
        return argument("--published", e.to_string());
    }
    if let Some(problem) = args.url.as_deref().and_then(url_problem) {
        return argument("--url", problem);
    }
    let kind = match args.kind.as_deref() {
        None => None,
        Some(key) => {
            let Some(kind) = SourceKind::ALL.into_iter().find(|k| k.key() == key) else {
                let keys: Vec<&str> = SourceKind::ALL.iter().map(|k| k.key()).collect();
                return argument(
                    "--kind",
                    format!("expected one of {}, found \"{key}\"", keys.join(", ")),
                );
            };
            Some(kind)
        }
    };
    if let Some(id) = &args.id
        && document.timeline.sources.iter().any(|s| &s.record.id == id)
    {
        return argument("--id", format!("the id \"{id}\" is already used"));
    }
    let record = SourceRecord {
        id: args.id.clone().unwrap_or_default(),
        title: args.title.clone(),
        publisher: args.publisher.clone(),
        author: args.author.clone(),
        published: args.published.clone(),
        published_approximate: args.published_approximate,
        published_note: args.published_note.clone(),
        url: args
            .url
            .as_deref()
            .map(|u| crate::model::web_url::normalised_web_url(u).unwrap_or_else(|| u.to_owned())),
        file: None,
        kind,
        kind_note: None,
        reliability: None,
        sha256: None,
    };
    let folder = events.parent().unwrap_or(Path::new(".")).to_path_buf();
    let timeline = std::sync::Arc::clone(&document.timeline);
    let taken = |id: &str| timeline.sources.iter().any(|s| s.record.id == id);
    let (record, written) = match add_article_file(
        &folder,
        taken,
        NewArticle {
            text,
            record,
            existing: false,
        },
    ) {
        Ok(done) => done,
        Err(message) => return Outcome::refused(format!("{message}\n")),
    };
    let id = record.id.clone();
    let file_field = record.file.clone().unwrap_or_default();
    let saved = match document.apply_edit(Edit::AddSource(record)) {
        Ok(()) => document.save().map_err(|e| save_failure(&e)),
        Err(e) => Err(failure(&e)),
    };
    match saved {
        Ok(()) => Outcome::done(format!(
            "added source \"{id}\" ({file_field}) to {}\n",
            events.display()
        )),
        Err(message) => {
            // The events file is as it was: take the copied article back out too.
            let _ = std::fs::remove_file(&written);
            Outcome::refused(message)
        }
    }
}

fn save_failure(error: &SaveError) -> String {
    match error {
        SaveError::Invalid(load) => located(load),
        SaveError::Io { .. } => format!("{error}\n"),
    }
}

/// What `sourceline cite` adds the citation to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CiteTarget {
    /// An existing event, by id.
    Event(String),
    /// A new event, as JSON: `title` and `date` at least; any field of an event may be given,
    /// `id` defaults to a slug of the title.
    NewEvent(String),
}

/// A new event as `--new-event` gives it.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct NewEvent {
    #[serde(default)]
    id: Option<String>,
    date: String,
    #[serde(default)]
    end: Option<String>,
    #[serde(default)]
    approximate: bool,
    #[serde(default)]
    date_note: Option<String>,
    title: String,
    #[serde(default)]
    summary: String,
    #[serde(default)]
    actors: Vec<String>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    citations: Vec<CitationRecord>,
}

/// `sourceline cite EVENTS --source ID --quote "…" (--event ID | --new-event JSON)`.
pub fn cite(events: &Path, source: &str, quote: &str, target: &CiteTarget) -> Outcome {
    let argument = |name: &str, message: String| Outcome::refused(format!("{name}: {message}\n"));
    let mut document = match open(events) {
        Ok(document) => document,
        Err(outcome) => return outcome,
    };
    let timeline = std::sync::Arc::clone(&document.timeline);
    let Some(article) = timeline.sources.iter().find(|s| s.record.id == source) else {
        let ids: Vec<&str> = timeline
            .sources
            .iter()
            .map(|s| s.record.id.as_str())
            .collect();
        return argument(
            "--source",
            format!(
                "no source has the id \"{source}\" (there are: {})",
                ids.join(", ")
            ),
        );
    };
    let mut notes = String::new();
    let starts: Vec<usize> = article.text.match_indices(quote).map(|(i, _)| i).collect();
    let Some(&start) = starts.first() else {
        return argument(
            "--quote",
            format!(
                "not found verbatim in {} (the quote must be the article's exact text)",
                article
                    .record
                    .file
                    .as_deref()
                    .unwrap_or("(not archived yet)")
            ),
        );
    };
    if starts.len() > 1 {
        let _ = writeln!(
            notes,
            "note: the quote occurs {} times; the first is cited, with its context",
            starts.len()
        );
    }
    let Some((citation, _)) = citation_for(&article.text, start..start + quote.len(), source)
    else {
        return argument("--quote", "expected a non-empty quote".to_owned());
    };
    let edit = match target {
        CiteTarget::Event(id) => {
            let Some(event) = timeline.index_of(id).and_then(|i| timeline.events.get(i)) else {
                return argument("--event", format!("no event has the id \"{id}\""));
            };
            let mut record = event_record(&timeline, event);
            record.citations.push(citation);
            Edit::UpdateEvent(record)
        }
        CiteTarget::NewEvent(json) => {
            let new: NewEvent = match serde_json::from_str(json) {
                Ok(new) => new,
                Err(e) => {
                    return argument(
                        "--new-event",
                        format!("{e} (expected an object with at least \"title\" and \"date\")"),
                    );
                }
            };
            let id = new.id.unwrap_or_else(|| {
                unique(&slug(&new.title, "event"), |id| {
                    timeline.index_of(id).is_some()
                })
            });
            let mut citations = new.citations;
            citations.push(citation);
            Edit::AddEvent(EventRecord {
                id,
                date: new.date,
                end: new.end,
                approximate: new.approximate,
                date_note: new.date_note,
                title: new.title,
                summary: new.summary,
                actors: new.actors,
                tags: new.tags,
                citations,
            })
        }
    };
    let id = match &edit {
        Edit::AddEvent(r) | Edit::UpdateEvent(r) => r.id.clone(),
        Edit::DeleteEvent(id) => id.clone(),
        Edit::AddSource(s) | Edit::UpdateSource(s) => s.id.clone(),
    };
    let saved = match document.apply_edit(edit) {
        Ok(()) => document.save().map_err(|e| save_failure(&e)),
        Err(e) => Err(failure(&e)),
    };
    match saved {
        Ok(()) => Outcome::done(format!(
            "{notes}cited {source} in event \"{id}\" of {}\n",
            events.display()
        )),
        Err(message) => Outcome::refused(format!("{notes}{message}")),
    }
}
