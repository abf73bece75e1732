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

use egui_kittest::kittest::{NodeT as _, Queryable as _};
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

#[test]
fn a_new_event_takes_its_date_from_on_monday_in_the_passage() {
    let dir = common::folder("dates-ui");
    std::fs::create_dir_all(dir.join("articles")).unwrap();
    let article = "The foreign ministers met on Monday in Paris to discuss guarantees.\nA second meeting is planned.\n";
    std::fs::write(dir.join("articles/wire.txt"), article).unwrap();
    let events = dir.join("events.json");
    std::fs::write(
        &events,
        r#"{"format": "sourceline/1", "title": "Dates", "sources": [{"id": "wire", "title": "Ministers meet",
            "publisher": "Wire", "published": "2025-02-26", "file": "articles/wire.txt"}], "events": []}"#,
    )
    .unwrap();
    let mut harness = common::harness_with(SourcelineApp::new(Document::new(
        Some(events.clone()),
        load(&events).unwrap(),
    )));
    harness
        .state_mut()
        .push(Command::ReadSource(Some("wire".to_owned())));
    harness.run();
    // The mention is underlined and says, on hover, what date it means and how.
    let said = "about 2025-02-24 — the Monday on or before the publication date Wednesday 26 February 2025";
    harness
        .get_by_label(&format!("Date: on Monday → {said}"))
        .hover();
    harness.run();
    assert!(
        harness.query_all_by_label(said).next().is_some(),
        "the tooltip"
    );
    // Drag over the first line: the passage with "on Monday" in it.
    let field = harness.get_by_value(article).rect();
    let y = field.top() + 9.0;
    common::drag(
        &mut harness,
        egui::Pos2::new(field.left() + 1.0, y),
        egui::Pos2::new(field.right() - 1.0, y),
    );
    harness.get_by_label("New event from selection").click();
    harness.run();
    assert_eq!(
        harness.get_by_label("Event date").value().as_deref(),
        Some("2025-02-24")
    );
    assert_eq!(
        harness.get_by_label("Event date note").value().as_deref(),
        Some("'on Monday' in an article published Wednesday 26 February 2025")
    );
    assert!(
        harness
            .get_by_label("Approximate date")
            .accesskit_node()
            .toggled()
            .is_some_and(|t| t == egui::accesskit::Toggled::True)
    );
}

#[test]
fn a_passage_dating_the_event_otherwise_is_offered_as_its_claimed_date() {
    let dir = common::folder("claimed-ui");
    std::fs::create_dir_all(dir.join("articles")).unwrap();
    std::fs::write(
        dir.join("articles/wire.txt"),
        "The foreign ministers met on Monday in Paris to discuss guarantees.\n",
    )
    .unwrap();
    let events = dir.join("events.json");
    std::fs::write(
        &events,
        r#"{"format": "sourceline/1", "title": "Dates", "sources": [{"id": "wire", "title": "Ministers meet",
            "publisher": "Wire", "published": "2025-02-26", "file": "articles/wire.txt"}],
          "events": [{"id": "paris", "date": "2025-02-25", "title": "Ministers meet in Paris",
            "citations": [{"source": "wire", "quote": "The foreign ministers met on Monday in Paris"}]}]}"#,
    )
    .unwrap();
    let mut harness = common::harness_with(SourcelineApp::new(Document::new(
        Some(events.clone()),
        load(&events).unwrap(),
    )));
    harness.state_mut().push(Command::EditEvent(Some(0)));
    harness.run();
    harness
        .get_by_label("It says 2025-02-24: set as its claimed date")
        .click();
    harness.run();
    harness.get_by_label("Apply").click();
    harness.run();
    let t = harness.state().timeline();
    let claimed = t.events[0].citations(t)[0].claimed;
    assert_eq!(
        claimed
            .map(sourceline::model::date::PartialDate::to_iso)
            .as_deref(),
        Some("2025-02-24")
    );
    assert_eq!(
        t.events[0].date.to_iso(),
        "2025-02-25",
        "the event's date stays"
    );
}

#[test]
fn corroborate_finds_the_same_claim_in_an_article_not_cited_yet() {
    let dir = common::folder("corroborate");
    std::fs::create_dir_all(dir.join("articles")).unwrap();
    std::fs::write(
        dir.join("articles/a.txt"),
        "Washington ruled out sending American combat troops to fight Russia.\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("articles/b.txt"),
        "The weather in Kyiv was cold. The president rejected the idea of U.S. combat troops in Ukraine. Markets rose.\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("articles/c.txt"),
        "Farmers protested in Brussels about grain imports.\n",
    )
    .unwrap();
    let events = dir.join("events.json");
    std::fs::write(
        &events,
        r#"{"format": "sourceline/1", "title": "C", "sources": [
            {"id": "a", "title": "A", "publisher": "P", "published": "2025", "file": "articles/a.txt"},
            {"id": "b", "title": "B", "publisher": "Q", "published": "2025", "file": "articles/b.txt"},
            {"id": "c", "title": "C", "publisher": "R", "published": "2025", "file": "articles/c.txt"}],
          "events": [{"id": "no-troops", "date": "2025", "title": "No US troops",
            "citations": [{"source": "a", "quote": "Washington ruled out sending American combat troops to fight Russia."}]}]}"#,
    )
    .unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_sourceline"))
        .args([
            "corroborate",
            events.to_str().unwrap(),
            "--event",
            "no-troops",
            "--json",
        ])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let found: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let found = found.as_array().unwrap();
    assert_eq!(found[0]["source"], "b");
    assert_eq!(
        found[0]["quote"],
        "The president rejected the idea of U.S. combat troops in Ukraine."
    );
    // The cited article is never offered, and an article saying nothing of it is not either.
    assert!(
        found
            .iter()
            .all(|p| p["source"] != "a" && p["source"] != "c")
    );
}

#[test]
fn search_finds_words_whatever_their_accents_with_offsets_newest_source_first() {
    let dir = common::folder("search");
    std::fs::create_dir_all(dir.join("articles")).unwrap();
    std::fs::write(
        dir.join("articles/old.txt"),
        "In 2024 Gitanas Nausėda spoke of the 2% pledge.\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("articles/new.txt"),
        "NAUSEDA said: “no security guarantees without the US”.\n",
    )
    .unwrap();
    let events = dir.join("events.json");
    std::fs::write(
        &events,
        r#"{"format": "sourceline/1", "title": "S", "sources": [
            {"id": "old", "title": "O", "publisher": "P", "published": "2024-03", "file": "articles/old.txt"},
            {"id": "new", "title": "N", "publisher": "P", "published": "2025-01-02", "file": "articles/new.txt"},
            {"id": "gone", "title": "G", "publisher": "P", "published": "2025", "file": "articles/gone.txt"},
            {"id": "linked", "title": "L", "publisher": "P", "published": "2025", "url": "https://example.org/"},
            {"id": "esc", "title": "E", "publisher": "P", "published": "2023", "file": "articles/esc.txt"},
            {"id": "out", "title": "X", "publisher": "P", "published": "2023", "file": "../outside.txt"},
            {"id": "fifo", "title": "F", "publisher": "P", "published": "2023", "file": "articles/fifo.txt"},
            {"id": "nul", "title": "Z", "publisher": "P", "published": "2023", "file": "articles/nul.txt"}],
          "events": []}"#,
    )
    .unwrap();
    // Hostile articles: terminal escapes, a path out of the folder, a FIFO (which must not
    // hang the search), and binary bytes.
    std::fs::write(
        dir.join("articles/esc.txt"),
        "Nausėda \u{1b}[31mforged\u{1b}[0m line\n",
    )
    .unwrap();
    std::fs::write(dir.parent().unwrap().join("outside.txt"), "nauseda outside").unwrap();
    let fifo = std::process::Command::new("mkfifo")
        .arg(dir.join("articles/fifo.txt"))
        .status()
        .unwrap();
    assert!(fifo.success());
    std::fs::write(dir.join("articles/nul.txt"), b"nauseda\0binary").unwrap();
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_sourceline"))
            .arg("search")
            .arg(&events)
            .args(args)
            .output()
            .unwrap()
    };
    let output = run(&["nauseda", "--json"]);
    assert!(output.status.success(), "{output:?}");
    let hits: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let hits = hits.as_array().unwrap();
    let sources: Vec<&str> = hits.iter().map(|h| h["source"].as_str().unwrap()).collect();
    assert_eq!(sources, ["new", "old", "esc"], "newest source first");
    for hit in hits {
        let id = hit["source"].as_str().unwrap();
        let text = std::fs::read_to_string(dir.join(format!("articles/{id}.txt"))).unwrap();
        let (start, end) = (
            hit["start"].as_u64().unwrap() as usize,
            hit["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&text[start..end], hit["text"].as_str().unwrap());
        assert!(
            hit["context"]
                .as_str()
                .unwrap()
                .contains(hit["text"].as_str().unwrap())
        );
    }
    assert_eq!(hits[1]["text"], "Nausėda");
    // A phrase with straight quotes finds the curly-quoted text; words near each other.
    let phrase = run(&["\"security guarantees\" us"]);
    let text = String::from_utf8_lossy(&phrase.stdout);
    assert!(
        text.contains("[security guarantees without the US]"),
        "{text}"
    );
    assert!(text.contains("1 hit(s)"), "{text}");
    // A source whose file is missing is named; a linked one is not an error.
    assert!(text.contains("gone: articles/gone.txt:"), "{text}");
    assert!(!text.contains("linked"), "{text}");
    // Each hostile article is named with why, none read; the escape is shown, not obeyed.
    for id in ["out:", "fifo:", "nul:"] {
        assert!(text.contains(id), "{id} {text}");
    }
    let plain = run(&["nauseda"]);
    let text = String::from_utf8_lossy(&plain.stdout);
    assert!(!text.contains('\u{1b}'), "{text}");
    assert!(text.contains("forged"), "{text}");
    assert!(!text.contains("[nauseda] outside"), "{text}");
    let empty = run(&["  "]);
    assert_eq!(empty.status.code(), Some(1));
    // A limit keeps the first hits in the order shown, in both forms, and the JSON stays a list.
    let two = run(&["nauseda", "--json", "--limit", "2"]);
    let two: serde_json::Value = serde_json::from_slice(&two.stdout).unwrap();
    let two: Vec<&str> = two
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["source"].as_str().unwrap())
        .collect();
    assert_eq!(two, ["new", "old"]);
    let one = run(&["nauseda", "--limit", "1"]);
    let text = String::from_utf8_lossy(&one.stdout);
    assert_eq!(text.matches("…").count(), 2, "{text}");
    assert!(
        text.contains("[NAUSEDA]") && text.contains("1 hit(s)"),
        "{text}"
    );
    assert!(!text.contains("old ("), "{text}");
    let none = run(&["zzzqq", "--json"]);
    assert_eq!(String::from_utf8_lossy(&none.stdout), "[]\n");
}
