//! The viewer driven the way a person uses it, through AccessKit labels, clicks and keys.
#![allow(
    clippy::unwrap_used,
    reason = "a test that cannot proceed should fail loudly"
)]

mod common;

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use sourceline::app::{Command, SourcelineApp};
use sourceline::load::bundled::load_bundled;
use sourceline::timeline::axis::{
    MAX_SPAN_DAYS, MAX_TIME_DAYS, MIN_SPAN_DAYS, MIN_TIME_DAYS, TimeAxis, TimeView, days_from_date,
};

fn harness() -> Harness<'static, SourcelineApp> {
    let loaded = load_bundled().unwrap();
    common::harness_with(SourcelineApp::new(sourceline::document::Document::new(
        None, loaded,
    )))
}

fn day(text: &str) -> f64 {
    days_from_date(chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap())
}

fn selected_id(harness: &Harness<'_, SourcelineApp>) -> Option<String> {
    let app = harness.state();
    app.selected()
        .map(|i| app.timeline().events[i].id(app.timeline()).to_owned())
}

fn show_february_2025(harness: &mut Harness<'_, SourcelineApp>) {
    harness.state_mut().push(Command::SetView(TimeView::between(
        day("2025-02-08"),
        day("2025-03-04"),
    )));
    harness.run();
}

const RIYADH: &str = "US and Russian delegations meet in Riyadh, 18 February 2025";

#[test]
fn the_passage_shows_in_the_frame_after_the_click() {
    let mut harness = harness();
    show_february_2025(&mut harness);
    harness.get_by_label(RIYADH).click();
    // The frame that handles the click queues the selection; the next one draws the reader.
    harness.step();
    harness.step();
    assert!(
        harness
            .query_by_label(
                "Highlighted passage: given the recent talks in Riyadh between Washington and Moscow"
            )
            .is_some(),
        "the passage is not in the reader one frame after the click"
    );
}

#[test]
fn clicking_riyadh_shows_the_trt_article_with_the_passage() {
    let mut harness = harness();
    show_february_2025(&mut harness);
    harness.get_by_label(RIYADH).click();
    harness.run();
    assert_eq!(selected_id(&harness).as_deref(), Some("riyadh-talks"));
    // The reader: title, date in words, the citation card and the article header.
    harness.get_by_label("US and Russian delegations meet in Riyadh");
    harness.get_by_label("18 February 2025");
    harness.get_by_label("TRT World · 26 February 2025");
    // The highlighted passage is the quote, verbatim.
    harness.get_by_label(
        "Highlighted passage: given the recent talks in Riyadh between Washington and Moscow",
    );
}

#[test]
fn arrow_keys_step_through_time() {
    let mut harness = harness();
    show_february_2025(&mut harness);
    harness.get_by_label(RIYADH).click();
    harness.run();
    let mut seen = Vec::new();
    for _ in 0..3 {
        harness.key_press(Key::ArrowRight);
        harness.run();
        seen.push(selected_id(&harness).unwrap());
    }
    assert_eq!(
        seen,
        [
            "trump-calls-zelensky-dictator",
            "zelensky-resign-offer",
            "un-resolution"
        ]
    );
    harness.key_press(Key::ArrowLeft);
    harness.run();
    assert_eq!(
        selected_id(&harness).as_deref(),
        Some("zelensky-resign-offer")
    );
    harness.key_press(Key::Home);
    harness.run();
    assert_eq!(
        selected_id(&harness).as_deref(),
        Some("budapest-memorandum")
    );
    harness.key_press(Key::End);
    harness.run();
    assert_eq!(selected_id(&harness).as_deref(), Some("tense-phone-call"));
    // The view followed the selection to December 2025.
    let view = harness.state().view();
    assert!(view.start_days <= day("2025-12-10") && day("2025-12-10") <= view.end_days());
    harness.key_press(Key::Escape);
    harness.run();
    assert_eq!(selected_id(&harness), None);
}

#[test]
fn search_narrows_the_list_and_enter_steps_through_matches() {
    let mut harness = harness();
    harness.get_by_label("39 of 39");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::F);
    harness.run();
    harness.event(egui::Event::Text("Euromaidan".into()));
    harness.run();
    assert_eq!(harness.state().query(), "Euromaidan");
    harness.get_by_label("13 of 39");
    harness.get_by_label("13 matches");
    // An event citing only another article is gone from the list.
    assert!(
        harness
            .query_by_label_contains("US and Russian delegations meet in Riyadh")
            .is_none()
    );
    harness.key_press(Key::Enter);
    harness.run();
    assert_eq!(
        selected_id(&harness).as_deref(),
        Some("budapest-memorandum")
    );
    harness.key_press(Key::Enter);
    harness.run();
    assert_eq!(
        selected_id(&harness).as_deref(),
        Some("nato-strategic-concept-2010")
    );
    harness.key_press_modifiers(Modifiers::SHIFT, Key::Enter);
    harness.run();
    assert_eq!(
        selected_id(&harness).as_deref(),
        Some("budapest-memorandum")
    );
    // Esc clears the search first, then the selection.
    harness.key_press(Key::Escape);
    harness.run();
    assert_eq!(harness.state().query(), "");
    harness.get_by_label("39 of 39");
}

#[test]
fn finding_an_event_in_a_cluster_zooms_until_it_stands_alone() {
    let mut harness = harness();
    // At the opening zoom the Riyadh talks share a cluster with their neighbours.
    assert!(harness.query_by_label(RIYADH).is_none());
    harness.key_press_modifiers(Modifiers::COMMAND, Key::F);
    harness.run();
    harness.event(egui::Event::Text("Riyadh".into()));
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
    assert_eq!(selected_id(&harness).as_deref(), Some("riyadh-talks"));
    harness.get_by_label(RIYADH).click();
    harness.run();
    assert_eq!(selected_id(&harness).as_deref(), Some("riyadh-talks"));
}

#[test]
fn clicking_a_passage_selects_the_event_citing_it() {
    let mut harness = harness();
    show_february_2025(&mut harness);
    harness.get_by_label(RIYADH).click();
    harness.run();
    let passage =
        harness.get_by_label("Passage cited by Hegseth in Brussels: Ukraine will not join NATO");
    passage.scroll_to_me();
    harness.run();
    harness
        .get_by_label("Passage cited by Hegseth in Brussels: Ukraine will not join NATO")
        .click();
    harness.run();
    assert_eq!(selected_id(&harness).as_deref(), Some("hegseth-brussels"));
    harness.get_by_label("12 February 2025");
}

#[test]
fn list_and_canvas_select_each_other() {
    let mut harness = harness();
    harness
        .get_by_label("5 March 2025  China announces a 7% rise in defence spending")
        .click();
    harness.run();
    assert_eq!(
        selected_id(&harness).as_deref(),
        Some("china-defence-spending")
    );
}

#[test]
fn extreme_zoom_and_pan_do_not_panic_and_keep_labels_sane() {
    let mut harness = harness();
    let one_ms = 1.0 / 86_400_000.0;
    let ten_thousand_years = 10_000.0 * 365.25;
    let center = harness.state().view().center_days();
    for view in [
        TimeView {
            start_days: center,
            span_days: one_ms,
        },
        TimeView {
            start_days: center,
            span_days: ten_thousand_years,
        },
        TimeView {
            start_days: -1e15,
            span_days: 30.0,
        },
        TimeView {
            start_days: 1e15,
            span_days: 30.0,
        },
        TimeView {
            start_days: f64::NAN,
            span_days: f64::INFINITY,
        },
    ] {
        harness.state_mut().push(Command::SetView(view));
        harness.run();
        let shown = harness.state().view();
        assert!(
            (MIN_SPAN_DAYS..=MAX_SPAN_DAYS).contains(&shown.span_days),
            "{shown:?}"
        );
        assert!(
            shown.start_days >= MIN_TIME_DAYS && shown.end_days() <= MAX_TIME_DAYS + 1e-6,
            "{shown:?}"
        );
        let ticks = sourceline::timeline::ticks::ticks(TimeAxis::new(shown, 0.0, 700.0), 7.0);
        assert!(
            !ticks.ticks.is_empty() || !ticks.context.is_empty(),
            "{shown:?}"
        );
        assert!(
            ticks
                .ticks
                .iter()
                .all(|t| !t.label.is_empty() && t.label.len() <= 5),
            "{ticks:?}"
        );
    }
    // The same through the input: a huge pinch and scroll over the canvas.
    harness.hover_at(egui::pos2(500.0, 400.0));
    harness.event(egui::Event::Zoom(1e12));
    harness.run();
    harness.event(egui::Event::Zoom(1e-12));
    harness.run();
    harness.event(egui::Event::MouseWheel {
        unit: egui::MouseWheelUnit::Page,
        delta: egui::vec2(1e9, 0.0),
        phase: egui::TouchPhase::Move,
        modifiers: Modifiers::NONE,
        source: egui::MouseWheelSource::Unknown,
    });
    harness.run();
    let shown = harness.state().view();
    assert!(shown.span_days.is_finite() && shown.start_days.is_finite());
}

#[test]
fn help_overlay_lists_the_controls() {
    let mut harness = harness();
    harness.key_press(Key::F1);
    harness.run();
    harness.get_by_label("Previous / next event in time (within the filter)");
    harness.get_by_label("Fit all events");
    harness.key_press(Key::F1);
    harness.run();
    assert!(harness.query_by_label("Fit all events").is_none());
}

#[test]
fn plus_zooms_about_the_cursor() {
    let mut harness = harness();
    harness.hover_at(egui::pos2(400.0, 400.0));
    harness.run();
    let before = harness.state().view();
    harness.key_press(Key::Plus);
    harness.run();
    let after = harness.state().view();
    assert!(
        (after.span_days - before.span_days / 2.0).abs() < 1e-6,
        "{before:?} {after:?}"
    );
    // The time under the cursor (left of centre) stays put: the view moved left of a centred zoom.
    let centred = before.zoom_at(before.center_days(), 2.0);
    assert!(
        after.start_days < centred.start_days,
        "{after:?} vs {centred:?}"
    );
}

#[test]
fn fit_all_shows_every_event() {
    let mut harness = harness();
    harness.key_press(Key::F);
    harness.run();
    let view = harness.state().view();
    assert!(
        view.start_days < day("1994-12-05") && view.end_days() > day("2025-12-10"),
        "{view:?}"
    );
}

/// The status bar names the time of loading, which differs every run: masked in snapshots.
fn mask_clock(harness: &mut Harness<'_, SourcelineApp>) {
    let status = harness
        .get_by_label_contains("bundled timeline · loaded")
        .rect();
    harness.mask(status);
}

#[test]
fn snapshots() {
    let mut harness = harness();
    mask_clock(&mut harness);
    harness.snapshot("main_view");
    show_february_2025(&mut harness);
    harness.get_by_label(RIYADH).click();
    harness.run();
    mask_clock(&mut harness);
    harness.snapshot("riyadh_selected");
}

#[test]
fn readme_lists_every_control() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    for (keys, what) in sourceline::app::CONTROLS {
        assert!(
            readme.contains(&format!("| {keys} | {what} |")),
            "README lacks {keys}"
        );
    }
}
