//! `sourceline cite`: the window's Cite, from the command line, through the same code and the
//! same checked, minimal, atomic save. On bad input it reports located errors and leaves the file
//! untouched.

use std::fmt::Write as _;
use std::path::Path;

use super::{Attempt, Outcome, edit_and_save, open_document, retrying};
use crate::edit::Edit;
use crate::edit::cite::{citation_for, whole_characters};
use crate::edit::ids::{slug, unique};
use crate::load::anchor::{AnchorQuality, anchor};
use crate::model::{CitationRecord, EventRecord, event_record};

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

/// `sourceline cite EVENTS --source ID --quote "…" (--event ID | --new-event JSON)`. Made again
/// from a fresh load when another program saved the file meanwhile.
pub fn cite(events: &Path, source: &str, quote: &str, target: &CiteTarget) -> Outcome {
    retrying(|| cite_once(events, source, quote, target))
}

/// One try of [`cite`].
fn cite_once(events: &Path, source: &str, quote: &str, target: &CiteTarget) -> Attempt {
    let argument = |name: &str, message: String| {
        Attempt::Finished(Outcome::refused(format!("{name}: {message}\n")))
    };
    let mut document = match open_document(events) {
        Ok(document) => document,
        Err(outcome) => return Attempt::Finished(outcome),
    };
    let timeline = std::sync::Arc::clone(document.timeline());
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
    let citation = match citation_for(&article.text, start..start + quote.len(), source) {
        Ok((citation, _)) => citation,
        Err(why) => return argument("--quote", why.to_string()),
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
            for (i, given) in new.citations.iter().enumerate() {
                if let Err(why) = check_given(&timeline, given) {
                    return argument("--new-event", format!("citations[{i}]: {why}"));
                }
            }
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
                media: None,
            })
        }
    };
    let id = match &edit {
        Edit::AddEvent(r) | Edit::UpdateEvent(r) => r.id.clone(),
        Edit::DeleteEvent(id) => id.clone(),
        Edit::AddSource(s) | Edit::UpdateSource(s) => s.id.clone(),
    };
    match edit_and_save(&mut document, edit) {
        Ok(()) => Attempt::Finished(Outcome::done(format!(
            "{notes}cited {source} in event \"{id}\" of {}\n",
            events.display()
        ))),
        Err(failure) => Attempt::failed(&notes, &failure),
    }
}

/// Checks a citation given whole in `--new-event` as `cite` checks its own: its source exists
/// and is archived, and its quote (with the context given) anchors exactly, at one place, on
/// whole characters.
fn check_given(timeline: &crate::model::Timeline, given: &CitationRecord) -> Result<(), String> {
    let Some(article) = timeline
        .sources
        .iter()
        .find(|s| s.record.id == given.source)
    else {
        return Err(format!("no source has the id \"{}\"", given.source));
    };
    // A pending citation names its source and waits for its passage: nothing to anchor.
    let Some(quote) = given.quote.as_deref() else {
        return Ok(());
    };
    let found = anchor(
        &article.text,
        quote,
        given.prefix.as_deref(),
        given.suffix.as_deref(),
    );
    let Some(range) = found
        .range
        .filter(|_| found.quality == AnchorQuality::Exact)
    else {
        return Err(format!(
            "the quote is not verbatim in the article of \"{}\"",
            given.source
        ));
    };
    if found.ambiguous {
        return Err(format!(
            "the quote occurs {} times in \"{}\" and its prefix and suffix do not tell which: give more context",
            article.text.match_indices(quote).count(),
            given.source
        ));
    }
    whole_characters(&article.text, &range).map_err(|why| why.to_string())
}
