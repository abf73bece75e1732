//! The viewer driven the way a person uses it, through AccessKit labels, clicks and keys. Every
//! test but the README walk-through runs on the small timeline made for them
//! (`tests/fixtures/ui/`), so that editing the bundled events.json never breaks one.
#![expect(
    clippy::unwrap_used,
    reason = "a test that cannot proceed should fail loudly"
)]

mod common;

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use sourceline::app::{Command, SourcelineApp};
use sourceline::timeline::axis::{
    MAX_SPAN_DAYS, MAX_TIME_DAYS, MIN_SPAN_DAYS, MIN_TIME_DAYS, TimeAxis, TimeView, days_from_date,
};

fn harness() -> Harness<'static, SourcelineApp> {
    common::harness_with(common::ui_fixture_app())
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
        day("2025-03-10"),
    )));
    harness.run();
}

/// Presses → `times` times and says which event each press selected.
fn step_right(harness: &mut Harness<'_, SourcelineApp>, times: usize) -> Vec<String> {
    (0..times)
        .map(|_| {
            harness.key_press(Key::ArrowRight);
            harness.run();
            selected_id(harness).unwrap()
        })
        .collect()
}

fn search(harness: &mut Harness<'_, SourcelineApp>, text: &str) {
    harness.key_press_modifiers(Modifiers::COMMAND, Key::F);
    harness.run();
    harness.event(egui::Event::Text(text.into()));
    harness.run();
}

const RIYADH: &str = "Delegations meet in Riyadh, 18 February 2025";
const RIYADH_PASSAGE: &str = "Highlighted passage: the delegations met in Riyadh";

#[test]
fn the_passage_shows_in_the_frame_after_the_click() {
    let mut harness = harness();
    show_february_2025(&mut harness);
    harness.get_by_label(RIYADH).click();
    // The frame that handles the click queues the selection; the next one draws the reader.
    harness.step();
    harness.step();
    assert!(
        harness.query_by_label(RIYADH_PASSAGE).is_some(),
        "the passage is not in the reader one frame after the click"
    );
}

#[test]
fn clicking_an_event_shows_its_article_with_the_passage() {
    let mut harness = harness();
    show_february_2025(&mut harness);
    harness.get_by_label(RIYADH).click();
    harness.run();
    assert_eq!(selected_id(&harness).as_deref(), Some("riyadh"));
    // The reader: title, date in words, the article header and its link.
    harness.get_by_label("Delegations meet in Riyadh");
    harness.get_by_label("18 February 2025");
    harness.get_by_label("Wire · 26 February 2025");
    harness.get_by_label("https://example.org/wire");
    // The highlighted passage is the quote, verbatim.
    harness.get_by_label(RIYADH_PASSAGE);
}

#[test]
fn the_reader_says_how_an_approximate_date_was_inferred() {
    let mut harness = harness();
    harness
        .get_by_label_contains("about April 2025  A reassurance force")
        .click();
    harness.run();
    harness.get_by_label("Month inferred: the digest says the plan was drafted over the spring.");
    // The digest's own date is approximate too, and its author is named.
    harness.get_by_label("Digest · A. Writer · about August 2025");
}

#[test]
fn arrow_keys_step_through_time() {
    let mut harness = harness();
    show_february_2025(&mut harness);
    harness.get_by_label(RIYADH).click();
    harness.run();
    assert_eq!(
        step_right(&mut harness, 3),
        ["phone-call", "resolution", "summit"]
    );
    harness.key_press(Key::ArrowLeft);
    harness.run();
    assert_eq!(selected_id(&harness).as_deref(), Some("resolution"));
    harness.key_press(Key::Home);
    harness.run();
    assert_eq!(selected_id(&harness).as_deref(), Some("memorandum"));
    harness.key_press(Key::End);
    harness.run();
    assert_eq!(selected_id(&harness).as_deref(), Some("white-house"));
    // The view followed the selection to August 2025.
    let view = harness.state().view();
    assert!(view.start_days <= day("2025-08-18") && day("2025-08-19") <= view.end_days());
    harness.key_press(Key::Escape);
    harness.run();
    assert_eq!(selected_id(&harness), None);
}

#[test]
fn search_narrows_the_list_and_enter_steps_through_matches() {
    let mut harness = harness();
    harness.get_by_label("8 of 8");
    search(&mut harness, "Brussels");
    assert_eq!(harness.state().query(), "Brussels");
    harness.get_by_label("2 of 8");
    harness.get_by_label("2 matches");
    // An event that does not mention Brussels is gone from the list.
    assert!(
        harness
            .query_by_label_contains("Delegations meet in Riyadh")
            .is_none()
    );
    harness.key_press(Key::Enter);
    harness.run();
    assert_eq!(selected_id(&harness).as_deref(), Some("brussels-ministers"));
    harness.key_press(Key::Enter);
    harness.run();
    assert_eq!(selected_id(&harness).as_deref(), Some("summit"));
    harness.key_press_modifiers(Modifiers::SHIFT, Key::Enter);
    harness.run();
    assert_eq!(selected_id(&harness).as_deref(), Some("brussels-ministers"));
    // Esc clears the search first, then the selection.
    harness.key_press(Key::Escape);
    harness.run();
    assert_eq!(harness.state().query(), "");
    harness.get_by_label("8 of 8");
    assert!(harness.state().selected().is_some());
    harness.key_press(Key::Escape);
    harness.run();
    assert_eq!(harness.state().selected(), None);
}

#[test]
fn finding_an_event_in_a_cluster_zooms_until_it_stands_alone() {
    let mut harness = harness();
    // At the opening zoom the Riyadh talks share a cluster with their neighbours.
    assert!(harness.query_by_label(RIYADH).is_none());
    search(&mut harness, "Riyadh");
    harness.key_press(Key::Enter);
    harness.run();
    assert_eq!(selected_id(&harness).as_deref(), Some("riyadh"));
    harness.get_by_label(RIYADH).click();
    harness.run();
    assert_eq!(selected_id(&harness).as_deref(), Some("riyadh"));
}

#[test]
fn in_a_narrow_window_a_revealed_event_stands_alone() {
    // 700 px wide without the list: the plot is under 200 px, far narrower than a guess.
    let mut harness = common::harness_sized(common::ui_fixture_app(), [700.0, 700.0]);
    harness.state_mut().push(Command::ToggleList);
    harness.run();
    let width = harness.state().plot_width_px();
    assert!((50.0..300.0).contains(&width), "plot {width} px");
    assert!(harness.query_by_label(RIYADH).is_none());
    search(&mut harness, "Riyadh");
    harness.key_press(Key::Enter);
    harness.run();
    assert_eq!(selected_id(&harness).as_deref(), Some("riyadh"));
    // Its neighbour a day later is drawn on its own too: they no longer merge.
    harness.get_by_label(RIYADH);
    harness.get_by_label("Presidents speak by phone, 19 February 2025");
}

#[test]
fn clicking_a_passage_selects_the_event_citing_it() {
    let mut harness = harness();
    show_february_2025(&mut harness);
    harness.get_by_label(RIYADH).click();
    harness.run();
    let passage = harness.get_by_label("Passage cited by Ministers in Brussels doubt membership");
    passage.scroll_to_me();
    harness.run();
    harness
        .get_by_label("Passage cited by Ministers in Brussels doubt membership")
        .click();
    harness.run();
    assert_eq!(selected_id(&harness).as_deref(), Some("brussels-ministers"));
    harness.get_by_label("12 February 2025");
}

#[test]
fn list_and_canvas_select_each_other() {
    let mut harness = harness();
    harness
        .get_by_label("6 March 2025  Extraordinary summit in Brussels")
        .click();
    harness.run();
    assert_eq!(selected_id(&harness).as_deref(), Some("summit"));
    // The canvas shows it selected, under its own label.
    let node = harness.get_by_label("Extraordinary summit in Brussels, 6 March 2025");
    assert_eq!(
        node.accesskit_node().toggled(),
        Some(egui::accesskit::Toggled::True)
    );
}

#[test]
fn the_list_shows_whole_titles_and_elides_only_past_two_lines() {
    let mut harness = harness();
    // A 68-character title fits on the row's two lines: no tooltip is needed to read it.
    let whole = "Talks at the White House run over two days with the leaders of Europe";
    harness
        .get_by_label(&format!("18 August 2025 – 19 August 2025  {whole}"))
        .hover();
    harness.run();
    assert!(harness.query_by_label(whole).is_none(), "elided");
    // One of 180 characters cannot: the row ends in "…" and the tooltip has it whole.
    let long = harness.state().timeline().events[6].title(harness.state().timeline());
    let long = long.to_owned();
    assert!(long.len() > 150);
    harness
        .get_by_label_contains("about April 2025  A reassurance force")
        .hover();
    harness.run();
    harness.get_by_label(&long);
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
fn a_stale_index_in_a_command_selects_nothing_and_does_not_panic() {
    let mut harness = harness();
    harness
        .state_mut()
        .push(Command::SelectAndReveal(1_000_000));
    harness
        .state_mut()
        .push(Command::ChooseCitation(usize::MAX));
    harness.run();
    assert_eq!(harness.state().selected(), None);
    harness.state_mut().push(Command::Select(Some(2)));
    harness
        .state_mut()
        .push(Command::ChooseCitation(usize::MAX));
    harness.run();
    assert_eq!(selected_id(&harness).as_deref(), Some("riyadh"));
    // The reader falls back to the last citation there is.
    harness.get_by_label(RIYADH_PASSAGE);
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
        view.start_days < day("1994-12-05") && view.end_days() > day("2025-08-19"),
        "{view:?}"
    );
}

/// The status bar names the time of loading, which differs every run: masked in snapshots.
fn mask_clock(harness: &mut Harness<'_, SourcelineApp>) {
    let status = harness
        .get_by_label_contains(&format!("{} · loaded", common::UI_FIXTURE))
        .rect();
    harness.mask(status);
}

#[test]
fn snapshots() {
    let mut harness = harness();
    mask_clock(&mut harness);
    harness.snapshot("ui_fixture_main");
    show_february_2025(&mut harness);
    harness.get_by_label(RIYADH).click();
    harness.run();
    mask_clock(&mut harness);
    harness.snapshot("ui_fixture_selected");
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

/// The README's "first walk through", step by step, on the bundled timeline. This is the one
/// UI test that reads the bundled events.json: when that file changes, the README's walk-through
/// must be checked too.
#[test]
fn readme_walk_through_on_the_bundled_timeline() {
    let loaded = sourceline::load::bundled::load_bundled().unwrap();
    let mut harness = common::harness_with(SourcelineApp::new(
        sourceline::document::Document::new(None, loaded),
    ));
    // 2. Ctrl+F, Riyadh, Enter: selected, standing alone, the passage highlighted.
    search(&mut harness, "Riyadh");
    harness.key_press(Key::Enter);
    harness.run();
    assert_eq!(selected_id(&harness).as_deref(), Some("riyadh-talks"));
    harness.get_by_label("US and Russian delegations meet in Riyadh, 18 February 2025");
    harness.get_by_label(
        "Highlighted passage: given the recent talks in Riyadh between Washington and Moscow",
    );
    // 3. Esc clears the search; → three times.
    harness.key_press(Key::Escape);
    harness.run();
    assert_eq!(
        step_right(&mut harness, 3),
        [
            "trump-calls-zelensky-dictator",
            "zelensky-resign-offer",
            "un-resolution"
        ]
    );
    // 4. Euromaidan: the 13 events that cite the Euromaidan Press article.
    harness.key_press(Key::Escape);
    harness.run();
    search(&mut harness, "Euromaidan");
    harness.get_by_label("13 matches");
    harness.get_by_label("13 of 39");
    // 5. F: everything, back to the Budapest Memorandum of 1994.
    harness.key_press(Key::Escape);
    harness.run();
    harness.key_press(Key::F);
    harness.run();
    let view = harness.state().view();
    assert!(view.start_days < day("1994-12-05"), "{view:?}");
}
