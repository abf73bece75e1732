//! `sourceline suggest EVENTS [--event ID] [--json]`: for each pending citation whose source is
//! archived, the passages of the source that best support the event, best first, each quoted
//! verbatim with its byte offsets. Nothing is written: a suggestion becomes a citation only
//! when someone accepts it (the reader's Accept, or `cite`).

use std::fmt::Write as _;
use std::path::Path;

use super::{Outcome, open_document};
use crate::timeline::suggest::for_event;

/// One pending citation's passages, as `--json` prints them.
#[derive(serde::Serialize)]
struct Printed<'a> {
    event: &'a str,
    source: &'a str,
    passages: Vec<PrintedPassage<'a>>,
}

/// One passage: verbatim, with its byte offsets in the archived text.
#[derive(serde::Serialize)]
struct PrintedPassage<'a> {
    quote: &'a str,
    start: usize,
    end: usize,
    score: f32,
}

/// `sourceline suggest`.
pub fn suggest(events: &Path, only: Option<&str>, json: bool) -> Outcome {
    let document = match open_document(events) {
        Ok(document) => document,
        Err(outcome) => return outcome,
    };
    let timeline = document.timeline();
    if let Some(id) = only
        && !timeline.events.iter().any(|e| e.id(timeline) == id)
    {
        return Outcome::refused(format!("--event: no event has the id \"{id}\"\n"));
    }
    let mut printed = Vec::new();
    for event in &timeline.events {
        if only.is_some_and(|id| event.id(timeline) != id) {
            continue;
        }
        for (_, source, found) in for_event(timeline, event) {
            let Some(source) = timeline.sources.get(source) else {
                continue;
            };
            let passages = found
                .into_iter()
                .filter_map(|s| {
                    Some(PrintedPassage {
                        quote: source.text.get(s.range.clone())?,
                        start: s.range.start,
                        end: s.range.end,
                        score: s.score,
                    })
                })
                .collect();
            printed.push(Printed {
                event: event.id(timeline),
                source: &source.record.id,
                passages,
            });
        }
    }
    if json {
        return match serde_json::to_string_pretty(&printed) {
            Ok(text) => Outcome::data(text + "\n"),
            Err(e) => Outcome::refused(format!("{e}\n")),
        };
    }
    let mut out = String::new();
    for item in &printed {
        let _ = writeln!(out, "{} ← {}", item.event, item.source);
        if item.passages.is_empty() {
            let _ = writeln!(out, "  (no passage shares a word with the event)");
        }
        for (i, p) in item.passages.iter().enumerate() {
            let _ = writeln!(
                out,
                "  {}. {:.2} [{}..{}] “{}”",
                i + 1,
                p.score,
                p.start,
                p.end,
                p.quote
            );
        }
    }
    let _ = writeln!(
        out,
        "{} pending citation(s) with an archived source",
        printed.len()
    );
    Outcome::done(out)
}
