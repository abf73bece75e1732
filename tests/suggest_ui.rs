//! Suggested passages, on a small timeline made for the test: `sourceline suggest --json` gives
//! verbatim quotes with their offsets, best first; in the window a pending citation's card shows
//! them with their scores, Accept makes one the citation (one undoable edit), and Next goes to
//! the next event with a passage to choose.
#![expect(
    clippy::unwrap_used,
    reason = "a test that cannot proceed should fail loudly"
)]

mod common;

use std::path::{Path, PathBuf};

use egui_kittest::kittest::Queryable as _;
use sourceline::app::{Command, SourcelineApp};
use sourceline::document::Document;
use sourceline::load::load;

/// A copy of `tests/fixtures/suggest/small` in a folder of its own; its events file.
fn small_copy(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("sourceline-suggest-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("articles")).unwrap();
    let from = Path::new("tests/fixtures/suggest/small");
    for file in ["events.json", "articles/wire.txt"] {
        std::fs::copy(from.join(file), dir.join(file)).unwrap();
    }
    dir.join("events.json")
}

#[test]
fn suggest_prints_verbatim_passages_best_first() {
    let events = small_copy("cli");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_sourceline"))
        .args(["suggest", events.to_str().unwrap(), "--json"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let printed: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let article =
        std::fs::read_to_string(events.parent().unwrap().join("articles/wire.txt")).unwrap();
    let items = printed.as_array().unwrap();
    assert_eq!(items.len(), 2);
    for item in items {
        assert_eq!(item["source"], "wire");
        let passages = item["passages"].as_array().unwrap();
        assert!((1..=3).contains(&passages.len()));
        let mut last = f64::INFINITY;
        for p in passages {
            let (start, end) = (
                p["start"].as_u64().unwrap() as usize,
                p["end"].as_u64().unwrap() as usize,
            );
            assert_eq!(
                &article[start..end],
                p["quote"].as_str().unwrap(),
                "verbatim"
            );
            let score = p["score"].as_f64().unwrap();
            assert!(score <= last, "best first");
            last = score;
        }
    }
    assert_eq!(items[0]["event"], "embassies");
    assert!(
        items[0]["passages"][0]["quote"]
            .as_str()
            .unwrap()
            .starts_with("The two sides agreed to restore their embassies")
    );
    // One event only, and an unknown one refused by name.
    let one = std::process::Command::new(env!("CARGO_BIN_EXE_sourceline"))
        .args([
            "suggest",
            events.to_str().unwrap(),
            "--event",
            "kyiv-rejects",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&one.stdout);
    assert!(text.starts_with("kyiv-rejects ← wire\n  1. "), "{text}");
    assert!(text.contains("“Ukraine said it would not accept any agreement reached without it.”"));
    let unknown = std::process::Command::new(env!("CARGO_BIN_EXE_sourceline"))
        .args(["suggest", events.to_str().unwrap(), "--event", "nope"])
        .output()
        .unwrap();
    assert_eq!(unknown.status.code(), Some(1));
}

#[test]
fn accepting_a_suggestion_cites_it_and_next_goes_on() {
    let events = small_copy("ui");
    let mut harness = common::harness_with(SourcelineApp::new(Document::new(
        Some(events.clone()),
        load(&events).unwrap(),
    )));
    // The first event with a passage to choose.
    harness.state_mut().push(Command::NextPending);
    harness.run();
    harness.get_by_label("Suggested passages");
    harness.get_by_label_contains("1. score ");
    harness.get_by_label(
        "“The two sides agreed to restore their embassies' staff and to prepare a meeting of the presidents.”",
    );
    harness.query_all_by_label("Accept").next().unwrap().click();
    harness.run();
    let t = harness.state().timeline();
    let event = &t.events[t.index_of("embassies").unwrap()];
    assert_eq!(
        event.citations(t)[0].quote(t),
        Some(
            "The two sides agreed to restore their embassies' staff and to prepare a meeting of the presidents."
        )
    );
    assert!(harness.state().document().is_dirty());
    // Next: the other event, still pending.
    harness.get_by_label("Next passage to choose").click();
    harness.run();
    let t = harness.state().timeline();
    assert_eq!(harness.state().selected(), t.index_of("kyiv-rejects"));
    harness.get_by_label("“Ukraine said it would not accept any agreement reached without it.”");
    // The acceptance is one edit.
    harness.state_mut().push(Command::Undo);
    harness.run();
    let t = harness.state().timeline();
    assert!(t.events[t.index_of("embassies").unwrap()].citations(t)[0].is_pending());
}
