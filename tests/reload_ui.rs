//! Loading updated files in the window: the error panel, the change summary, persistence.
#![expect(
    clippy::unwrap_used,
    reason = "a test that cannot proceed should fail loudly"
)]

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::events_json;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use sourceline::app::{Command, Persisted, SourcelineApp};
use sourceline::document::Document;
use sourceline::edit::Edit;
use sourceline::load::load;
use sourceline::timeline::axis::TimeView;

fn setup(name: &str) -> PathBuf {
    let dir = common::folder(&format!("ui-{name}"));
    let path = dir.join("events.json");
    std::fs::write(
        &path,
        events_json(&[("e1", "2025-02-18", "Riyadh"), ("e2", "2025-02-24", "UN")]),
    )
    .unwrap();
    path
}

fn harness_for(path: &Path) -> Harness<'static, SourcelineApp> {
    common::harness_with(SourcelineApp::new(Document::new(
        Some(path.to_owned()),
        load(path).unwrap(),
    )))
}

/// Steps the UI until `done` holds, in real time (the watcher and the loader are real threads).
fn wait_until(harness: &mut Harness<'_, SourcelineApp>, done: impl Fn(&SourcelineApp) -> bool) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while !done(harness.state()) || harness.state().is_loading() {
        assert!(Instant::now() < deadline, "timed out");
        harness.step();
        std::thread::sleep(Duration::from_millis(15));
    }
    harness.run();
}

#[test]
fn a_broken_file_shows_errors_and_keeps_the_timeline_usable() {
    let path = setup("broken");
    let mut harness = harness_for(&path);
    std::fs::write(
        &path,
        events_json(&[("e1", "2025-02-18", "Riyadh"), ("e2", "2025-02-30", "UN")]),
    )
    .unwrap();
    wait_until(&mut harness, |app| app.document().error().is_some());
    harness.get_by_label_contains("was not loaded: 1 error.");
    let line = format!(
        "{}:27:7 — error: $.events[1].date: \"2025-02-30\" is not a date on the calendar",
        path.display()
    );
    harness.get_by_label(&line).click();
    harness.run();
    assert_eq!(harness.state().notice(), Some("Copied to the clipboard."));
    // The previous events are still listed and selectable.
    assert_eq!(harness.state().timeline().events.len(), 2);
    harness.get_by_label("24 February 2025  UN").click();
    harness.run();
    assert_eq!(harness.state().selected(), Some(1));
    // Fixing the file clears the panel without a restart.
    std::fs::write(
        &path,
        events_json(&[("e1", "2025-02-18", "Riyadh"), ("e2", "2025-02-25", "UN")]),
    )
    .unwrap();
    wait_until(&mut harness, |app| app.document().error().is_none());
    assert!(harness.query_by_label_contains("was not loaded").is_none());
    assert_eq!(
        harness.state().selected(),
        Some(1),
        "the selection survives the reload"
    );
}

#[test]
fn a_good_reload_shows_the_change_summary() {
    let path = setup("summary");
    let mut harness = harness_for(&path);
    let view = TimeView::between(20_100.0, 20_200.0);
    harness.state_mut().push(Command::SetView(view));
    harness.run();
    std::fs::write(
        &path,
        events_json(&[
            ("e1", "2025-02-18", "Riyadh talks"),
            ("e3", "2025-03-01", "Brand new"),
        ]),
    )
    .unwrap();
    wait_until(&mut harness, |app| app.document().changes().is_some());
    harness.get_by_label("Reloaded: 1 added, 1 changed, 1 removed");
    harness.get_by_label("removed: e2");
    // Marked in the list; each entry of the summary selects its event.
    harness.get_by_label("[new] 1 March 2025  Brand new");
    // And on the canvas, where the new event carries a badge.
    harness.get_by_label("[new] Brand new, 1 March 2025");
    harness.get_by_label("[changed] Riyadh talks, 18 February 2025");
    harness.get_by_label("added: Brand new").click();
    harness.run();
    let app = harness.state();
    assert_eq!(
        app.timeline().events[app.selected().unwrap()].id(app.timeline()),
        "e3"
    );
    assert!(
        (app.view().span_days - view.span_days).abs() < 1e-9,
        "the zoom stays"
    );
    harness.get_by_label("Dismiss").click();
    harness.run();
    assert!(harness.query_by_label_contains("Reloaded:").is_none());
    assert!(
        harness
            .query_by_label("[new] 1 March 2025  Brand new")
            .is_none()
    );
    harness.get_by_label("Brand new, 1 March 2025");
}

#[test]
fn reload_command_and_cancel() {
    let path = setup("reload");
    let mut harness = harness_for(&path);
    harness.state_mut().push(Command::ToggleFollow);
    harness.run();
    harness.get_by_label_contains("following paused");
    std::fs::write(&path, events_json(&[("e1", "2025-02-18", "Riyadh")])).unwrap();
    harness.key_press(egui::Key::F5);
    wait_until(&mut harness, |app| app.timeline().events.len() == 1);
    harness.get_by_label("Reloaded: 0 added, 0 changed, 1 removed");
}

#[test]
fn state_round_trips_across_a_restart() {
    let path = setup("persist");
    let mut harness = harness_for(&path);
    harness
        .state_mut()
        .push(Command::SetView(TimeView::between(20_000.0, 20_300.0)));
    harness.state_mut().push(Command::Select(Some(1)));
    harness.state_mut().push(Command::SetLaneMode(
        sourceline::timeline::layout::LaneMode::Combined,
    ));
    harness.run();
    let saved = harness.state().persisted();
    // Stored as text by eframe; any serde format shows the same round trip.
    let text = serde_json::to_string(&saved).unwrap();
    let restored_state: Persisted = serde_json::from_str(&text).unwrap();
    assert_eq!(restored_state, saved);
    // Stands in for the bundled timeline (UI tests never depend on the bundled file).
    let bundled = || load(Path::new(common::UI_FIXTURE)).unwrap();
    let app = SourcelineApp::restore(&restored_state, None, bundled);
    assert_eq!(app.document().path(), Some(path.as_path()));
    assert_eq!(app.view(), TimeView::between(20_000.0, 20_300.0));
    assert_eq!(app.selected(), Some(1));
    assert_eq!(app.persisted(), saved);

    // The last file gone: the bundled timeline, with a notice.
    std::fs::remove_file(&path).unwrap();
    let app = SourcelineApp::restore(&restored_state, None, bundled);
    assert_eq!(app.document().path(), None);
    assert!(
        app.notice().unwrap().contains("has gone"),
        "{:?}",
        app.notice()
    );
    assert_eq!(app.timeline().title, "UI test timeline");
    // The view saved with the gone file is not forced onto the bundled timeline.
    assert_eq!(
        app.view(),
        sourceline::timeline::view::initial_view(app.timeline())
    );
    assert_eq!(app.selected(), None);
}

#[test]
fn dropping_a_file_opens_it_and_remembers_it() {
    let first = setup("drop-first");
    let second = setup("drop-second");
    std::fs::write(
        &second,
        events_json(&[("other", "2024-05-01", "Another file")]),
    )
    .unwrap();
    let mut harness = harness_for(&first);
    harness
        .input_mut()
        .dropped_files
        .push(std::sync::Arc::new(common::Dropped(second.clone())));
    harness.step();
    wait_until(&mut harness, |app| {
        app.document().path() == Some(second.as_path())
    });
    harness.get_by_label("1 May 2024  Another file");
    // A different file brings no change summary, and goes to the top of the recent files.
    assert!(harness.state().document().changes().is_none());
    assert_eq!(harness.state().persisted().recent.first(), Some(&second));
}

#[test]
fn a_large_change_summary_lists_a_few_and_counts_the_rest() {
    let path = setup("many-changes");
    let mut harness = harness_for(&path);
    let added: Vec<(String, String)> = (0..20)
        .map(|i| (format!("n{i:02}"), format!("New {i:02}")))
        .collect();
    let mut events: Vec<(&str, &str, &str)> =
        vec![("e1", "2025-02-18", "Riyadh"), ("e2", "2025-02-24", "UN")];
    events.extend(
        added
            .iter()
            .map(|(id, t)| (id.as_str(), "2025-03-01", t.as_str())),
    );
    std::fs::write(&path, events_json(&events)).unwrap();
    wait_until(&mut harness, |app| app.document().changes().is_some());
    harness.get_by_label("Reloaded: 20 added, 0 changed, 0 removed");
    harness.get_by_label("added: New 00");
    harness.get_by_label("added: New 11");
    assert!(harness.query_by_label("added: New 12").is_none());
    harness.get_by_label("and 8 more, marked [new] or [changed] in the list");
    // Each is marked where it is listed.
    harness.get_by_label("[new] 1 March 2025  New 00");
}

#[test]
fn an_edit_made_while_the_file_reloads_is_kept() {
    let path = setup("edit-during-load");
    let mut harness = harness_for(&path);
    // The reload starts, and an edit lands before it finishes (the next command of the frame).
    harness.state_mut().push(Command::Reload);
    harness
        .state_mut()
        .push(Command::Edit(Edit::DeleteEvent("e2".to_owned())));
    wait_until(&mut harness, |app| !app.is_loading());
    // The file on disk did not change: the reload has nothing to offer, the edit stays.
    assert_eq!(harness.state().timeline().events.len(), 1);
    assert!(harness.state().document().is_dirty());
    assert!(harness.query_by_label_contains("changed on disk").is_none());

    // Back to the file as saved; then someone else changes it, and the reload lands on a new
    // edit: ask.
    harness.state_mut().push(Command::Undo);
    harness.run();
    assert!(!harness.state().document().is_dirty());
    std::fs::write(
        &path,
        events_json(&[
            ("e1", "2025-02-18", "Riyadh"),
            ("e2", "2025-02-24", "UN"),
            ("e3", "2025-03-01", "Paris"),
        ]),
    )
    .unwrap();
    harness.state_mut().push(Command::Reload);
    harness
        .state_mut()
        .push(Command::Edit(Edit::DeleteEvent("e1".to_owned())));
    wait_until(&mut harness, |app| !app.is_loading());
    let timeline = harness.state().timeline();
    let ids: Vec<&str> = timeline.events.iter().map(|e| e.id(timeline)).collect();
    assert_eq!(ids, ["e2"], "the edit is kept");
    assert!(harness.state().document().is_dirty());
    harness.get_by_label_contains("The file changed on disk while you have unsaved edits.");
}

#[test]
fn a_query_typed_while_the_file_reloads_is_applied_to_the_new_timeline() {
    let path = setup("query-during-load");
    let mut harness = harness_for(&path);
    std::fs::write(
        &path,
        events_json(&[
            ("e1", "2025-02-18", "Riyadh"),
            ("e2", "2025-02-24", "UN"),
            ("e3", "2025-03-01", "Riyadh again"),
        ]),
    )
    .unwrap();
    // The worker prepares the new timeline for the empty query; the query changes meanwhile.
    harness.state_mut().push(Command::Reload);
    harness
        .state_mut()
        .push(Command::SetQuery("again".to_owned()));
    wait_until(&mut harness, |app| {
        app.timeline().events.len() == 3 && app.results_current()
    });
    harness.get_by_label("1 of 3");
    // Marked as new by the reload.
    harness.get_by_label("[new] 1 March 2025  Riyadh again");
    assert!(harness.query_by_label("18 February 2025  Riyadh").is_none());
}
