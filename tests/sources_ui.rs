//! What the sources say, in the window: the sources panel and article-first reading, the
//! reader's corroboration and "first reported" line, the single-source chip.

mod common;

use egui::Key;
use egui_kittest::kittest::Queryable as _;

#[test]
fn the_reader_says_who_reported_it_and_when() {
    let mut harness = common::harness_with(common::ui_fixture_app());
    harness
        .get_by_label("18 February 2025  Delegations meet in Riyadh")
        .click();
    harness.run();
    harness.get_by_label(
        "1 source, 1 publisher · first reported 26 February 2025 by Wire, 8 days later",
    );
    // The digest's date is approximate and coarse: "about", and the same period.
    harness
        .get_by_label_contains("about April 2025  A reassurance force")
        .click();
    harness.run();
    harness.get_by_label(
        "1 source, 1 publisher · first reported about August 2025 by Digest, 93 days later",
    );
}

#[test]
fn a_source_opens_its_article_and_a_passage_leads_to_its_event() {
    let mut harness = common::harness_with(common::ui_fixture_app());
    harness.get_by_label("Sources").click();
    harness.run();
    // Sorted by date: the wire (February) before the digest (August).
    let wire = harness.get_by_label_contains("Wire report").rect();
    let digest = harness.get_by_label_contains("Weekly digest").rect();
    assert!(wire.top() < digest.top());
    assert_eq!(
        harness
            .get_all_by_label_contains("4 events · 4 exact")
            .count(),
        2
    );
    harness.get_by_label_contains("Wire report").click();
    harness.run();
    harness.get_by_label_contains("4 cited passages");
    // Every passage is lit and leads to its event; the arrows step through them.
    harness.key_press(Key::ArrowRight);
    harness.run();
    harness.key_press(Key::ArrowRight);
    harness.run();
    harness.get_by_label_contains("Passage 2 of 4");
    harness
        .get_by_label("Highlighted passage: the two presidents spoke by phone for ninety minutes");
    harness
        .get_by_label("Passage cited by Council adopts a resolution")
        .click();
    harness.run();
    let app = harness.state();
    let selected = app.selected().unwrap();
    assert_eq!(
        app.timeline().events[selected].id(app.timeline()),
        "resolution"
    );
    harness.get_by_label("24 February 2025");
}

#[test]
fn the_single_source_chip_leaves_the_uncorroborated() {
    let mut harness = common::harness_with(common::ui_fixture_app());
    // The Riyadh talks get a second source (in memory: nothing is saved).
    let t = harness.state().timeline();
    let mut riyadh = sourceline::model::event_record(t, &t.events[t.index_of("riyadh").unwrap()]);
    riyadh.citations.push(sourceline::model::CitationRecord {
        source: "digest".to_owned(),
        quote: Some("The memorandum of 1994".to_owned()),
        prefix: None,
        suffix: None,
        claimed_date: None,
    });
    harness.state_mut().push(sourceline::app::Command::Edit(
        sourceline::edit::Edit::UpdateEvent(riyadh),
    ));
    harness.run();
    harness.get_by_label("single source").click();
    harness.run();
    harness.get_by_label("7 of 8");
    assert!(
        harness
            .query_by_label("18 February 2025  Delegations meet in Riyadh")
            .is_none()
    );
    harness.get_by_label("single source").click();
    harness.run();
    harness.get_by_label("8 of 8");
}

#[test]
fn where_sources_disagree_the_reader_sets_their_dates_side_by_side() {
    let path = std::path::Path::new("tests/fixtures/disagree/events.json");
    let loaded = sourceline::load::load(path).unwrap();
    let app = sourceline::app::SourcelineApp::new(sourceline::document::Document::new(
        Some(path.to_owned()),
        loaded,
    ));
    let mut harness = common::harness_with(app);
    harness
        .get_by_label("18 February 2025  Delegations meet in Riyadh")
        .click();
    harness.run();
    harness.get_by_label("Sources disagree on the date:");
    harness.get_by_label(
        "Wire: 18 February 2025 (the event's date) — “the delegations met in Riyadh on Tuesday”",
    );
    harness.get_by_label("Bulletin: 17 February 2025 — “Delegations met in Riyadh on Monday”");
    // Two publishers, and the bulletin reported it first: the day before the wire's date.
    harness.get_by_label_contains(
        "2 sources, 2 publishers · first reported 17 February 2025 by Bulletin, a day before it happened",
    );
    // The era is a labelled band behind the events.
    harness.get_by_label("Era: Talks without Ukraine");
    // Kinds and grades on the citation cards.
    harness.get_by_label_contains("Wire · 26 February 2025 · news report · grade B");
}

#[test]
fn when_reported_draws_a_line_to_each_first_report() {
    let mut harness = common::harness_with(common::ui_fixture_app());
    harness.state_mut().push(sourceline::app::Command::SetView(
        sourceline::timeline::axis::TimeView::between(20_125.0, 20_150.0),
    ));
    harness.run();
    assert!(
        harness
            .query_by_label_contains("First report of Delegations meet in Riyadh")
            .is_none()
    );
    harness.get_by_label("When reported").click();
    harness.run();
    // One line in each of its lanes (United States, Russia).
    assert_eq!(
        harness
            .get_all_by_label(
                "First report of Delegations meet in Riyadh: 26 February 2025 by Wire"
            )
            .count(),
        2
    );
    harness.get_by_label("When reported").click();
    harness.run();
    assert!(
        harness
            .query_by_label_contains("First report of Delegations meet in Riyadh")
            .is_none()
    );
}

#[test]
fn by_report_date_places_events_where_they_were_first_reported() {
    let mut harness = common::harness_with(common::ui_fixture_app());
    // 25–27 February 2025: the resolution (24 February) is outside; the wire that first
    // reported it (26 February) is inside, and it is the only event of its lane there.
    harness.state_mut().push(sourceline::app::Command::SetView(
        sourceline::timeline::axis::TimeView::between(20_144.2, 20_146.0),
    ));
    harness.run();
    let resolution = "Council adopts a resolution, 24 February 2025";
    assert!(harness.query_by_label(resolution).is_none());
    harness.get_by_label("By report date").click();
    harness.run();
    assert_eq!(
        harness.state().state().time_basis,
        sourceline::timeline::layout::TimeBasis::FirstReport
    );
    harness.get_by_label(resolution).click();
    harness.run();
    let app = harness.state();
    assert_eq!(
        app.timeline().events[app.selected().unwrap()].id(app.timeline()),
        "resolution"
    );
    // The Riyadh talks, the phone call and the ministers were all first reported that day
    // too: in the United States lane they are one cluster.
    harness.get_by_label("3 events, 12 February 2025 to 19 February 2025 (United States)");
    harness.get_by_label("By report date").click();
    harness.run();
    assert!(
        harness.query_by_label(resolution).is_none(),
        "by event date it is outside the view again"
    );
}

#[test]
fn a_citation_and_a_link_can_be_copied() {
    let mut harness = common::harness_with(common::ui_fixture_app());
    harness
        .get_by_label("18 February 2025  Delegations meet in Riyadh")
        .click();
    harness.run();
    harness.get_by_label("Copy citation").click();
    // The frame that handles the click copies: its output carries the text.
    harness.step();
    let copied: Vec<String> = harness
        .output()
        .platform_output
        .commands
        .iter()
        .filter_map(|c| match c {
            egui::OutputCommand::CopyText(text) => Some(text.clone()),
            _ => None,
        })
        .collect();
    assert!(
        copied.iter().any(|t| t
            == "“the delegations met in Riyadh” — Wire, 26 February 2025. https://example.org/wire#:~:text=the%20delegations%20met%20in%20Riyadh"),
        "{copied:?}"
    );
    harness.run();
    assert_eq!(harness.state().notice(), Some("Copied to the clipboard."));
    harness.get_by_label("Copy link").click();
    harness.step();
    assert!(harness.output().platform_output.commands.iter().any(|c| matches!(
        c,
        egui::OutputCommand::CopyText(t) if t == "https://example.org/wire#:~:text=the%20delegations%20met%20in%20Riyadh"
    )));
}

#[test]
fn an_unsourced_event_says_so_and_has_its_chip() {
    let mut harness = common::harness_with(common::ui_fixture_app());
    // The summit loses its citation (in memory): it loads, unsourced, with a warning.
    let t = harness.state().timeline();
    let mut summit = sourceline::model::event_record(t, &t.events[t.index_of("summit").unwrap()]);
    summit.citations.clear();
    harness.state_mut().push(sourceline::app::Command::Edit(
        sourceline::edit::Edit::UpdateEvent(summit),
    ));
    harness.run();
    assert_eq!(harness.state().document().warnings().len(), 1);
    harness.get_by_label("unsourced").click();
    harness.run();
    harness.get_by_label("1 of 8");
    harness
        .get_by_label("6 March 2025  Extraordinary summit in Brussels")
        .click();
    harness.run();
    harness.get_by_label(
        "Unsourced: no passage cites this event yet. Select one in an article and cite it.",
    );
}
