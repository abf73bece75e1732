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
    load_embedded(&json.to_string(), "t.json", ARTICLE).timeline
}

/// `text` loaded as the events file `name`, its articles from `articles`.
fn load_embedded(text: &str, name: &str, articles: &[(&str, &str)]) -> super::Loaded {
    load_bytes(
        text.as_bytes(),
        Path::new(name),
        Articles::Embedded(articles),
    )
    .unwrap()
}

/// A small events file in the bundled file's style (two spaces a level, one member a line):
/// eight events from 1994 to December 2025 over three made-up articles, with a span, an
/// approximate date, an event with two citations and a source with a URL.
pub const SMALL_EVENTS: &str = include_str!("../../tests/fixtures/small/events.json");

/// The articles [`SMALL_EVENTS`] cites, by the relative path it names them with.
pub const SMALL_ARTICLES: &[(&str, &str)] = &[
    (
        "articles/trt.txt",
        include_str!("../../tests/fixtures/small/articles/trt.txt"),
    ),
    (
        "articles/euromaidan.txt",
        include_str!("../../tests/fixtures/small/articles/euromaidan.txt"),
    ),
    (
        "articles/atlantic.txt",
        include_str!("../../tests/fixtures/small/articles/atlantic.txt"),
    ),
];

/// [`SMALL_EVENTS`] with its articles, or `text` (an edited copy of it) with them.
///
/// # Panics
/// When it does not load.
pub fn small_from(text: &str) -> super::Loaded {
    load_embedded(text, "events.json", SMALL_ARTICLES)
}

/// [`SMALL_EVENTS`] loaded.
///
/// # Panics
/// When it does not load.
pub fn small() -> super::Loaded {
    small_from(SMALL_EVENTS)
}

/// Writes [`SMALL_EVENTS`] and its articles into a fresh temporary folder named after `name`
/// (and this process) and returns its events file, for tests that edit a document in place.
///
/// # Panics
/// When the folder cannot be written.
pub fn small_folder(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("sourceline-small-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for (relative, text) in SMALL_ARTICLES {
        let path = dir.join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let events = dir.join("events.json");
    std::fs::write(&events, SMALL_EVENTS).unwrap();
    events
}
