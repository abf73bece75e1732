//! Searching a large timeline: the query is computed off the UI thread, the list keeps its
//! previous results with a "searching…" mark meanwhile, and the results arrive in a later frame.
mod common;

use std::time::{Duration, Instant};

use egui_kittest::kittest::Queryable as _;
use sourceline::app::search_worker::ASYNC_FROM_EVENTS;
use sourceline::app::{Command, SourcelineApp};
use sourceline::document::Document;

#[test]
fn a_query_on_a_large_timeline_is_answered_by_the_worker() {
    let dir = common::folder("search-worker");
    let count = ASYNC_FROM_EVENTS;
    let titles: Vec<(String, String)> = (0..count)
        .map(|i| (format!("e{i}"), format!("Event {i}")))
        .collect();
    let events: Vec<(&str, &str, &str)> = titles
        .iter()
        .map(|(id, title)| (id.as_str(), "2025-02-18", title.as_str()))
        .collect();
    let path = dir.join("events.json");
    std::fs::write(&path, common::events_json(&events)).expect("the test folder is writable");
    let loaded = sourceline::load::load(&path).expect("the test timeline loads");
    let mut harness = common::harness_with(SourcelineApp::new(Document::new(Some(path), loaded)));
    harness.get_by_label(&format!("{count} of {count}"));
    // Every word must occur: "4999" is in Event 4999, 14999, 24999, 34999, 44999 and
    // 49990–49999.
    harness
        .state_mut()
        .push(Command::SetQuery("Event 4999".to_owned()));
    harness.step();
    harness.step();
    // The frame after the query does not wait for the result: the old list, marked.
    assert!(!harness.state().results_current());
    harness.get_by_label(&format!("{count} of {count} · searching…"));
    let deadline = Instant::now() + Duration::from_mins(1);
    while !harness.state().results_current() {
        assert!(Instant::now() < deadline, "no result from the worker");
        harness.step();
        std::thread::sleep(Duration::from_millis(10));
    }
    harness.run();
    harness.get_by_label(&format!("15 of {count}"));
}
