//! Helpers shared by the UI and reload tests: a harness, a small events file, a fresh folder.
#![allow(
    clippy::unwrap_used,
    reason = "a test that cannot proceed should fail loudly"
)]
#![allow(
    dead_code,
    reason = "each test crate uses its own part of these helpers"
)]

use std::path::PathBuf;

use egui_kittest::Harness;
use sourceline::app::SourcelineApp;

/// The one article the small events files cite.
pub const ARTICLE: &str =
    "The recent talks in Riyadh between Washington and Moscow. Monday's UN meeting.";

/// An events file of `(id, date, title)` events, each citing `a.txt`, pretty-printed.
pub fn events_json(events: &[(&str, &str, &str)]) -> String {
    let events: Vec<serde_json::Value> = events
        .iter()
        .map(|(id, date, title)| {
            serde_json::json!({ "id": id, "date": date, "title": title, "actors": ["Russia"],
                "citations": [{ "source": "a", "quote": "talks in Riyadh" }] })
        })
        .collect();
    serde_json::to_string_pretty(&serde_json::json!({ "format": "sourceline/1", "title": "Test timeline",
        "sources": [{ "id": "a", "title": "A", "publisher": "P", "published": "2025", "file": "a.txt" }],
        "events": events }))
    .unwrap()
}

/// A new empty folder for one test, with `a.txt` in it.
pub fn folder(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sourceline-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("a.txt"), ARTICLE).unwrap();
    dir
}

/// A 1280 × 800 harness around `app`, run until it settles.
pub fn harness_with(app: SourcelineApp) -> Harness<'static, SourcelineApp> {
    let mut harness = Harness::builder()
        .with_size([1280.0, 800.0])
        .with_max_steps(64)
        .build_ui_state(|ui, app: &mut SourcelineApp| app.ui(ui), app);
    harness.run();
    harness
}
