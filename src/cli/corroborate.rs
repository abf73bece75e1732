//! `sourceline corroborate EVENTS --event ID [--json] [--limit N]`: passages of other archived
//! articles that say what the event says (its title, summary and quotes), best first, each
//! quoted verbatim. Nothing is written.

use std::fmt::Write as _;
use std::path::Path;

use super::{Outcome, open_document};
use crate::timeline::suggest::corroborate as rank;

/// One passage, as `--json` prints it.
#[derive(serde::Serialize)]
struct Printed<'a> {
    source: &'a str,
    quote: &'a str,
    start: usize,
    end: usize,
    score: f32,
}

/// `sourceline corroborate`.
pub fn corroborate(events: &Path, id: &str, json: bool, limit: usize) -> Outcome {
    let document = match open_document(events) {
        Ok(document) => document,
        Err(outcome) => return outcome,
    };
    let timeline = document.timeline();
    let Some(event) = timeline.events.iter().find(|e| e.id(timeline) == id) else {
        return Outcome::refused(format!("--event: no event has the id \"{id}\"\n"));
    };
    let printed: Vec<Printed<'_>> = rank(timeline, event, limit)
        .into_iter()
        .filter_map(|(source, found)| {
            let source = timeline.sources.get(source)?;
            Some(Printed {
                source: &source.record.id,
                quote: source.text.get(found.range.clone())?,
                start: found.range.start,
                end: found.range.end,
                score: found.score,
            })
        })
        .collect();
    if json {
        return match serde_json::to_string_pretty(&printed) {
            Ok(text) => Outcome::data(text + "\n"),
            Err(e) => Outcome::refused(format!("{e}\n")),
        };
    }
    let mut out = String::new();
    for (i, p) in printed.iter().enumerate() {
        let _ = writeln!(out, "{}. {} {:.2} “{}”", i + 1, p.source, p.score, p.quote);
    }
    let _ = writeln!(out, "{} other report(s) of \"{id}\"", printed.len());
    Outcome::done(out)
}
