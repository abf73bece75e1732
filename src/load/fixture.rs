//! Small timelines made for a test, so that unit tests never depend on the bundled file.

use std::path::Path;

use super::{Articles, load_bytes};
use crate::model::Timeline;

/// The one article every fixture event cites.
pub const ARTICLE: &[(&str, &str)] = &[("a.txt", "quoted text here, and more quoted text")];

/// A timeline whose events are `(id, date, actors)`, titled "Event ID", each citing the one
/// article by "quoted text here".
///
/// # Panics
/// When the events do not load (a test's own mistake).
pub fn timeline(events: &[(&str, &str, &[&str])]) -> Timeline {
    let events: Vec<serde_json::Value> = events
        .iter()
        .map(|(id, date, actors)| {
            serde_json::json!({ "id": id, "date": date, "title": format!("Event {id}"),
                "actors": actors, "citations": [{ "source": "a", "quote": "quoted text here" }] })
        })
        .collect();
    from_json(&serde_json::json!({ "format": "sourceline/1", "title": "t",
        "sources": [{ "id": "a", "title": "A", "publisher": "P", "published": "2025",
                      "file": "a.txt" }],
        "events": events }))
}

/// The timeline of an events file given as JSON, its articles from [`ARTICLE`].
///
/// # Panics
/// When it does not load.
pub fn from_json(json: &serde_json::Value) -> Timeline {
    load_bytes(
        json.to_string().as_bytes(),
        Path::new("t.json"),
        Articles::Embedded(ARTICLE),
    )
    .unwrap()
    .timeline
}
