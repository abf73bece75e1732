//! The search in articles and "Also reported by", in the window, on the UI fixture (two small
//! articles). The toggle beside the search box turns it to the articles' full text, the hits are
//! listed by source, newest first, a click opens the reader at the hit with it lit, Enter steps
//! to the next, and a button or Ctrl + Enter cites the sentence that holds the hit for the
//! selected event. Under a citation's card, other articles saying the same are listed, and one
//! click cites one.
#![expect(
    clippy::unwrap_used,
    reason = "a test that cannot proceed should fail loudly"
)]

mod common;

use egui::{Key, Modifiers};
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use sourceline::app::{Command, SourcelineApp};
use sourceline::document::Document;
use sourceline::load::load;

fn app_for(name: &str) -> (std::path::PathBuf, SourcelineApp) {
    let events = common::ui_fixture_copy(name);
    let app = SourcelineApp::new(Document::new(Some(events.clone()), load(&events).unwrap()));
    (events, app)
}

#[test]
fn hits_are_listed_by_source_newest_first_and_open_the_reader_lit() {
    let (_, app) = app_for("archive-search-list");
    let mut harness = common::harness_with(app);
    harness.get_by_label("in articles").click();
    harness.run();
    // The mode focuses the box; typing searches both articles, whatever the case.
    harness
        .get_by_role(egui::accesskit::Role::TextInput)
        .type_text("BRUSSELS");
    harness.run();
    assert_eq!(harness.state().state().archive.query, "BRUSSELS");
    harness.get_by_label("2 hits in 2 articles");
    // Newest source first: the digest (August 2025) before the wire (February 2025).
    let digest = harness
        .get_by_label_contains("Digest · Weekly digest")
        .rect();
    let wire = harness.get_by_label_contains("Wire · Wire report").rect();
    assert!(digest.top() < wire.top(), "newest first");
    // The events list is untouched by the query: the filter searches nothing.
    assert_eq!(harness.state().query(), "");
    // A click on the wire's hit opens the reader there, the match lit.
    harness
        .get_by_label_contains("In Brussels, ministers said membership")
        .click();
    harness.run();
    harness.get_by_label("Highlighted passage: Brussels");
    harness.get_by_label("Wire report");
    // Enter in the search box steps to the next hit (it stops at the last), Shift + Enter back.
    harness
        .get_by_role(egui::accesskit::Role::TextInput)
        .focus();
    harness.run();
    harness.key_press_modifiers(Modifiers::SHIFT, Key::Enter);
    harness.run();
    harness.get_by_label("Weekly digest");
    harness.get_by_label("Highlighted passage: Brussels");
    // A word that is nowhere says so; Esc clears the query.
    harness
        .state_mut()
        .push(Command::SetArchiveQuery("Nausėda".to_owned()));
    harness.run();
    harness.get_by_label("0 hits in 0 articles");
    harness
        .state_mut()
        .push(Command::SetArchiveQuery("\"ran over".to_owned()));
    harness.run();
    harness.get_by_label("1 hit in 1 article");
    // Back to the events: the tab and the box are the events' again.
    harness.get_by_label("in articles").click();
    harness.run();
    harness.get_by_label("8 of 8");
}

#[test]
fn a_hit_is_cited_for_the_selected_event_as_its_sentence() {
    let (events, app) = app_for("archive-search-cite");
    let mut harness = common::harness_with(app);
    let riyadh = harness
        .state()
        .timeline()
        .events
        .iter()
        .position(|e| e.id(harness.state().timeline()) == "summit")
        .unwrap();
    harness.state_mut().push(Command::Select(Some(riyadh)));
    harness.state_mut().push(Command::SetArchiveMode(true));
    harness.run();
    harness
        .state_mut()
        .push(Command::SetArchiveQuery("ministers membership".to_owned()));
    harness.run();
    harness.get_by_label("1 hit in 1 article");
    // No hit chosen yet: citing is for a chosen hit.
    assert!(
        harness
            .get_by_label("Cite hit for the selected event")
            .accesskit_node()
            .is_disabled()
    );
    // The hit's row (the reader's "Also reported by" quotes the same sentence in quotes).
    harness
        .get_by_label(
            "In Brussels, ministers said membership of the alliance was not realistic for now.",
        )
        .click();
    harness.run();
    harness
        .get_by_label("Cite hit for the selected event")
        .click();
    harness.run();
    let timeline = harness.state().timeline();
    let summit = timeline
        .events
        .iter()
        .find(|e| e.id(timeline) == "summit")
        .unwrap();
    let quotes: Vec<&str> = summit
        .citations(timeline)
        .iter()
        .filter_map(|c| c.quote(timeline))
        .collect();
    assert!(
        quotes.contains(
            &"In Brussels, ministers said membership of the alliance was not realistic for now."
        ),
        "{quotes:?}"
    );
    assert!(harness.state().document().is_dirty());
    // Ctrl + S saves a file that checks, with the citation in it.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
    let report = sourceline::cli::check::check(&events);
    assert!(report.output.contains(" 0 error(s)"), "{}", report.output);
    let saved = load(&events).unwrap().timeline;
    let summit = saved
        .events
        .iter()
        .find(|e| e.id(&saved) == "summit")
        .unwrap();
    assert_eq!(summit.citations(&saved).len(), 2);
}

#[test]
fn ctrl_enter_with_no_event_selected_starts_a_new_event_citing_the_hit() {
    let (_, app) = app_for("archive-search-new");
    let mut harness = common::harness_with(app);
    harness.state_mut().push(Command::SetArchiveMode(true));
    harness
        .state_mut()
        .push(Command::SetArchiveQuery("ninety".to_owned()));
    harness.run();
    harness
        .get_by_label_contains("presidents spoke by phone")
        .click();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    harness.run();
    // The editor opens on a new event with the sentence as its citation.
    harness.get_by_label("New event");
    harness.get_by_label("Add event");
    assert!(
        harness
            .query_all_by_label_contains(
                "A day later the two presidents spoke by phone for ninety minutes."
            )
            .next()
            .is_some()
    );
    // Ctrl + Shift + F turns the box back to the articles after the events were searched.
    harness.state_mut().push(Command::SetArchiveMode(false));
    harness.run();
    harness.get_by_label("8 of 8");
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::F);
    harness.run();
    assert!(harness.state().state().archive.in_articles);
    // Ctrl + F searches the events again.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::F);
    harness.run();
    assert!(!harness.state().state().archive.in_articles);
    harness.get_by_label("8 of 8");
}

#[test]
fn a_large_archive_is_searched_on_the_worker_while_the_window_goes_on() {
    use sourceline::app::archive_search::ASYNC_FROM_BYTES;
    let dir = common::folder("archive-search-worker");
    let filler = "Officials met again and said little of note.\n".repeat(ASYNC_FROM_BYTES / 40);
    let article = format!(
        "{}\n{filler}Negotiators from Kyiv met in Geneva.\n",
        common::ARTICLE
    );
    assert!(article.len() > ASYNC_FROM_BYTES);
    std::fs::write(dir.join("a.txt"), article).unwrap();
    let events = dir.join("events.json");
    std::fs::write(
        &events,
        common::events_json(&[("talks", "2025-02-18", "Talks")]),
    )
    .unwrap();
    let app = SourcelineApp::new(Document::new(Some(events.clone()), load(&events).unwrap()));
    let mut harness = common::harness_with(app);
    harness.state_mut().push(Command::SetArchiveMode(true));
    harness
        .state_mut()
        .push(Command::SetArchiveQuery("geneva kyiv".to_owned()));
    harness.step();
    harness.step();
    let deadline = std::time::Instant::now() + std::time::Duration::from_mins(1);
    while harness.query_by_label("1 hit in 1 article").is_none() {
        assert!(
            std::time::Instant::now() < deadline,
            "no result from the worker"
        );
        harness.step();
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    harness.get_by_label_contains("Negotiators from Kyiv met in Geneva");
}

#[test]
fn also_reported_by_lists_other_articles_and_adds_one_as_a_citation() {
    let (events, app) = app_for("also-reported");
    let mut harness = common::harness_with(app);
    let summit = {
        let t = harness.state().timeline();
        t.events.iter().position(|e| e.id(t) == "summit").unwrap()
    };
    harness.state_mut().push(Command::Select(Some(summit)));
    harness.run();
    harness.get_by_label("Also reported by");
    harness.get_by_label_contains("1 source, 1 publisher");
    // The summit cites the digest; the wire says Brussels too, and is ranked first.
    let quote = "In Brussels, ministers said membership of the alliance was not realistic for now.";
    harness.get_by_label(&format!("“{quote}”"));
    assert!(
        harness
            .query_all_by_label_contains("Wire · 26 February 2025 · score")
            .next()
            .is_some()
    );
    assert!(
        harness
            .query_by_label_contains("Digest · August 2025 · score")
            .is_none(),
        "a source the event cites is not listed"
    );
    harness
        .get_all_by_label("Add as citation")
        .next()
        .unwrap()
        .click();
    harness.run();
    // One undoable edit: the event cites the wire too, and its counts say so.
    let timeline = harness.state().timeline();
    let event = &timeline.events[summit];
    let quotes: Vec<&str> = event
        .citations(timeline)
        .iter()
        .filter_map(|c| c.quote(timeline))
        .collect();
    assert_eq!(quotes.len(), 2);
    assert!(quotes.contains(&quote), "{quotes:?}");
    harness.get_by_label_contains("2 sources, 2 publishers");
    harness.get_by_label("No other archived article says it in these words.");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    harness.get_by_label_contains("1 source, 1 publisher");
    harness.get_by_label(&format!("“{quote}”"));
    // Redone and saved, the file checks.
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
    let report = sourceline::cli::check::check(&events);
    assert!(report.output.contains(" 0 error(s)"), "{}", report.output);
}
