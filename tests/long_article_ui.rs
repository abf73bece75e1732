//! A 16 MiB article in the reader: only the part around the passage is laid out, the passage
//! is highlighted in it, and the other parts are a button away.
#![expect(
    clippy::unwrap_used,
    reason = "a test that cannot proceed should fail loudly"
)]

mod common;

use egui_kittest::kittest::Queryable as _;
use sourceline::app::{Command, SourcelineApp};
use sourceline::document::pages::PART_BYTES;

const PASSAGE: &str = "the ministers signed the final communique at dawn";

/// A folder holding a 16 MiB transcript whose one cited passage is near its end.
fn long_article_app() -> (SourcelineApp, usize) {
    let dir = common::folder("long-article");
    let line = "Speaker: and so the talks went on through the night, item after item.\n";
    let mut text = line.repeat((16 << 20) / line.len() - 2);
    let at = text.len() - 5 * line.len();
    text.insert_str(at, &format!("{PASSAGE}.\n"));
    std::fs::write(dir.join("a.txt"), &text).unwrap();
    let events =
        common::events_json(&[("e1", "2025-02-18", "Signing")]).replace("talks in Riyadh", PASSAGE);
    std::fs::write(dir.join("events.json"), events).unwrap();
    let path = dir.join("events.json");
    let loaded = sourceline::load::load(&path).unwrap();
    let parts = text.len().div_ceil(PART_BYTES);
    let app = SourcelineApp::new(sourceline::document::Document::new(Some(path), loaded));
    (app, parts)
}

#[test]
fn a_16_mib_article_opens_at_its_passage_laying_out_one_part() {
    let (app, parts) = long_article_app();
    let mut harness = common::harness_with(app);
    harness.state_mut().push(Command::SelectAndReveal(0));
    harness.run();
    harness.get_by_label(&format!("Highlighted passage: {PASSAGE}"));
    harness.get_by_label(&format!("Part {parts} of {parts}"));
    // The text field holds one part, not the article.
    let field = harness
        .query_all_by_role(egui::accesskit::Role::MultilineTextInput)
        .next()
        .unwrap();
    let shown = field.value().unwrap_or_default();
    assert!(shown.contains(PASSAGE));
    assert!(
        shown.len() <= PART_BYTES + 4096,
        "{} bytes laid out",
        shown.len()
    );
    // Back one part: the passage is no longer in it.
    harness.get_by_label("Previous part").click();
    harness.run();
    harness.get_by_label(&format!("Part {} of {parts}", parts - 1));
    assert!(
        harness
            .query_by_label(&format!("Highlighted passage: {PASSAGE}"))
            .is_none()
    );
}
