//! Making a timeline in the window, end to end: add an article, select a passage by dragging,
//! create an event with the form, save, and check the file on disk.
#![expect(
    clippy::unwrap_used,
    reason = "a test that cannot proceed should fail loudly"
)]

mod common;

use std::path::Path;
use std::sync::Arc;

use egui::{Key, Modifiers, Pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use sourceline::app::{Command, SourcelineApp};
use sourceline::document::Document;
use sourceline::load::anchor::AnchorQuality;
use sourceline::load::load;

fn harness_for(path: &Path) -> Harness<'static, SourcelineApp> {
    common::harness_with(SourcelineApp::new(Document::new(
        Some(path.to_owned()),
        load(path).unwrap(),
    )))
}

/// An unsaved edit to have in hand: the fixture's summit deleted, through the edit command.
fn delete_summit_unsaved(harness: &mut Harness<'_, SourcelineApp>) {
    harness
        .state_mut()
        .push(Command::Edit(sourceline::edit::Edit::DeleteEvent(
            "summit".to_owned(),
        )));
    harness.run();
}

/// Clicks into the field named `name` and types `text` after what is there.
fn type_into(harness: &mut Harness<'_, SourcelineApp>, name: &str, text: &str) {
    harness.get_by_label(name).click();
    harness.run();
    harness.key_press(Key::End);
    harness.event(egui::Event::Text(text.to_owned()));
    harness.run();
}

/// The lines of `after` not in `before`, in runs, and the lines of `before` not in `after` (an
/// LCS over lines; the files are small).
fn added_runs<'a>(before: &'a str, after: &str) -> (Vec<String>, Vec<&'a str>) {
    let a: Vec<&str> = before.lines().collect();
    let b: Vec<&str> = after.lines().collect();
    let mut lcs = vec![vec![0_usize; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut removed = Vec::new();
    let mut runs: Vec<String> = Vec::new();
    let mut in_run = false;
    while j < b.len() {
        if i < a.len() && a[i] == b[j] {
            i += 1;
            j += 1;
            in_run = false;
        } else if i < a.len() && lcs[i + 1][j] >= lcs[i][j + 1] {
            removed.push(a[i]);
            i += 1;
        } else {
            if !in_run {
                runs.push(String::new());
                in_run = true;
            }
            if let Some(run) = runs.last_mut() {
                run.push_str(b[j]);
                run.push('\n');
            }
            j += 1;
        }
    }
    removed.extend(a.get(i..).unwrap_or_default());
    (runs, removed)
}

#[test]
fn an_article_a_dragged_passage_a_new_event_and_a_minimal_save() {
    let path = common::ui_fixture_copy("e2e");
    let original = std::fs::read_to_string(&path).unwrap();
    let article = path.parent().unwrap().join("new-article.txt");
    std::fs::copy("tests/fixtures/ui/new-article.txt", &article).unwrap();
    let mut harness = harness_for(&path);

    // 1. Add the article: drop it on the window, fill in the form.
    harness
        .input_mut()
        .dropped_files
        .push(Arc::new(common::Dropped(article.clone())));
    harness.run();
    type_into(&mut harness, "Article publisher", "Ministry");
    type_into(&mut harness, "Article published", "2025-03-03");
    harness.get_by_label("Add this article").click();
    harness.run();
    let copied = path
        .parent()
        .unwrap()
        .join("articles/press-release-test-fixture-3-march-2025.txt");
    assert_eq!(
        std::fs::read(&copied).unwrap(),
        std::fs::read(&article).unwrap(),
        "copied byte for byte"
    );
    // The reader shows the new article on its own.
    harness.get_by_label("Ministry · 3 March 2025");

    // 2. Select its first line by dragging over it. The article is the text field whose value
    // is its text; its first line is the headline.
    let text = std::fs::read_to_string(&article).unwrap();
    let field = harness.get_by_value(&text).rect();
    let y = field.top() + 9.0;
    common::drag(
        &mut harness,
        Pos2::new(field.left() + 1.0, y),
        Pos2::new(field.right() - 1.0, y),
    );
    harness.get_by_label_contains("anchor: exact, unique");

    // 3. A new event from the selection, filled in with the form, and saved.
    harness.get_by_label("New event from selection").click();
    harness.run();
    type_into(
        &mut harness,
        "Event title",
        "Ministers agree an air-policing mission",
    );
    // The date comes from the passage itself, written out: exact, with where it came from.
    assert_eq!(
        harness.get_by_label("Event date").value().as_deref(),
        Some("2025-03-03")
    );
    assert_eq!(
        harness.get_by_label("Event date note").value().as_deref(),
        Some("'3 March 2025' in the article")
    );
    harness.get_by_label("Add event").click();
    harness.run();
    assert!(harness.state().document().is_dirty());
    harness
        .get_by_label("Ministers agree an air-policing mission")
        .click();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
    assert!(!harness.state().document().is_dirty());

    // 4. The file on disk: the event, its exact anchor, and a clean check.
    let saved = load(&path).unwrap();
    let t = &saved.timeline;
    let event = &t.events[t
        .index_of("ministers-agree-an-air-policing-mission")
        .unwrap()];
    let citation = &event.citations(t)[0];
    assert_eq!(citation.anchor().quality, AnchorQuality::Exact);
    assert_eq!(
        citation.passage(t),
        Some("Press release (test fixture), 3 March 2025.")
    );
    let report = sourceline::cli::check::check(&path);
    assert_eq!(report.exit_code, 0, "{}", report.output);
    assert!(report.output.contains(" 0 error(s)"), "{}", report.output);

    // 5. The only difference with the original: the new source and the new event.
    let after = std::fs::read_to_string(&path).unwrap();
    let (added, removed) = added_runs(&original, &after);
    // JSON puts a comma after the element a new one follows: that line changes, nothing else.
    for line in &removed {
        assert!(
            added.iter().any(|run| run.contains(&format!("{line},"))),
            "{line:?} removed"
        );
    }
    assert!(removed.len() <= 1, "{removed:?}");
    assert_eq!(added.len(), 2, "{added:?}");
    assert!(added[0].contains("\"id\": \"press-release-test-fixture-3-march-2025\""));
    assert!(added[0].contains("\"sha256\""));
    assert!(added[1].contains("\"id\": \"ministers-agree-an-air-policing-mission\""));
}

#[test]
fn undo_and_redo_in_the_window() {
    let path = common::ui_fixture_copy("undo");
    let original = std::fs::read_to_string(&path).unwrap();
    let mut harness = harness_for(&path);
    harness
        .get_by_label("6 March 2025  Extraordinary summit in Brussels")
        .click();
    harness.run();
    harness.key_press(Key::Delete);
    harness.run();
    assert!(
        harness
            .query_by_label("6 March 2025  Extraordinary summit in Brussels")
            .is_none()
    );
    assert_eq!(harness.state().timeline().events.len(), 7);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    harness.get_by_label("6 March 2025  Extraordinary summit in Brussels");
    assert_eq!(harness.state().document().text(), original);
    assert!(!harness.state().document().is_dirty());
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    harness.run();
    assert_eq!(harness.state().timeline().events.len(), 7);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Y);
    harness.run();
    assert_eq!(harness.state().timeline().events.len(), 7);
    assert!(harness.state().document().is_dirty());
    assert!(harness.state().window_title().starts_with("● events.json"));
    // Nothing was written: only Save writes.
    assert_eq!(std::fs::read_to_string(&path).unwrap(), original);
    // The status bar says so too, and its button saves.
    harness
        .get_by_label("1 unsaved edit · Save (Ctrl+S)")
        .click();
    harness.run();
    assert!(!harness.state().document().is_dirty());
    assert!(
        harness
            .query_by_label("1 unsaved edit · Save (Ctrl+S)")
            .is_none()
    );
    let saved = std::fs::read_to_string(&path).unwrap();
    assert!(!saved.contains("Extraordinary summit in Brussels"));
}

#[test]
fn reloading_with_unsaved_edits_asks_first() {
    let path = common::ui_fixture_copy("ask");
    let mut harness = harness_for(&path);
    delete_summit_unsaved(&mut harness);
    harness.key_press(Key::F5);
    harness.run();
    harness.get_by_label("Unsaved edits");
    harness.get_by_label("Cancel").click();
    harness.run();
    assert!(harness.query_by_label("Unsaved edits").is_none());
    assert_eq!(harness.state().timeline().events.len(), 7, "still edited");
    harness.key_press(Key::F5);
    harness.run();
    harness.get_by_label("Discard").click();
    harness.run();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while harness.state().timeline().events.len() != 8 || harness.state().is_loading() {
        assert!(std::time::Instant::now() < deadline, "timed out");
        harness.step();
        std::thread::sleep(std::time::Duration::from_millis(15));
    }
    assert!(!harness.state().document().is_dirty());
}

#[test]
fn citing_into_an_open_form_keeps_what_was_typed() {
    let path = common::ui_fixture_copy("form-cite");
    let mut harness = harness_for(&path);
    harness
        .get_by_label("18 February 2025  Delegations meet in Riyadh")
        .click();
    harness.run();
    harness.key_press(Key::E);
    harness.run();
    type_into(&mut harness, "Event summary", " More.");
    let citation = sourceline::edit::cite::citation_for(
        &std::fs::read_to_string(path.parent().unwrap().join("articles/wire.txt")).unwrap(),
        11..37,
        "wire",
    )
    .unwrap()
    .0;
    harness
        .state_mut()
        .push(Command::AddCitation(citation.clone()));
    harness.run();
    harness.get_by_label("Apply").click();
    harness.run();
    let t = harness.state().timeline();
    let event = &t.events[t.index_of("riyadh").unwrap()];
    assert_eq!(event.summary(t), "The first talks. More.");
    assert_eq!(event.citations(t).len(), 2);
    assert_eq!(event.citations(t)[1].quote(t), citation.quote.as_deref());
}

#[test]
fn a_change_on_disk_under_unsaved_edits_asks_and_merges() {
    let path = common::ui_fixture_copy("conflict");
    let mut harness = harness_for(&path);
    // Mine: the summit deleted (not saved).
    delete_summit_unsaved(&mut harness);
    // Theirs, on disk: the resolution retitled.
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace("Council adopts a resolution", "Council votes"),
    )
    .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while harness
        .query_by_label("The file changed on disk while you have unsaved edits.")
        .is_none()
    {
        assert!(
            std::time::Instant::now() < deadline,
            "no conflict bar: dirty {} conflict {} following {:?}",
            harness.state().document().is_dirty(),
            harness.state().state().conflict,
            harness.state().document().followed_files()
        );
        harness.step();
        std::thread::sleep(std::time::Duration::from_millis(15));
    }
    // Nothing reloaded silently.
    assert!(harness.state().timeline().index_of("summit").is_none());
    harness.get_by_label("Merge").click();
    harness.run();
    let t = harness.state().timeline();
    assert!(t.index_of("summit").is_none(), "my edit stays");
    let resolution = &t.events[t.index_of("resolution").unwrap()];
    assert_eq!(resolution.title(t), "Council votes", "their edit is in");
    assert!(harness.state().document().is_dirty());
}

#[test]
fn closing_the_window_with_unsaved_edits_asks_first() {
    let path = common::ui_fixture_copy("close");
    let mut harness = harness_for(&path);
    delete_summit_unsaved(&mut harness);
    let close = |harness: &mut Harness<'_, SourcelineApp>| {
        harness
            .input_mut()
            .viewports
            .entry(egui::ViewportId::ROOT)
            .or_default()
            .events
            .push(egui::ViewportEvent::Close);
        harness.run();
    };
    close(&mut harness);
    harness.get_by_label("Unsaved edits");
    harness.get_by_label_contains("Closing the window would drop your unsaved edits");
    // Save: written, and nothing more to ask.
    harness.get_by_label("Save").click();
    harness.run();
    assert!(!harness.state().document().is_dirty());
    assert!(harness.query_by_label("Unsaved edits").is_none());
    let saved = load(&path).unwrap();
    assert!(saved.timeline.index_of("summit").is_none());
}

#[test]
fn undo_reaches_past_a_save() {
    let path = common::ui_fixture_copy("undo-after-save");
    let mut harness = harness_for(&path);
    delete_summit_unsaved(&mut harness);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.step();
    // The follower sees the save come back from disk and reloads it (loading stamps the time
    // again, after the save's).
    let loaded_at = harness.state().document().loaded_at();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while harness.state().document().loaded_at() == loaded_at || harness.state().is_loading() {
        assert!(
            std::time::Instant::now() < deadline,
            "no reload after the save"
        );
        harness.step();
        std::thread::sleep(std::time::Duration::from_millis(15));
    }
    assert!(!harness.state().document().is_dirty());
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert!(harness.state().timeline().index_of("summit").is_some());
    assert!(
        harness.state().document().is_dirty(),
        "the summit is back, not saved"
    );
}

#[test]
fn an_article_changing_under_unsaved_edits_is_read_again_without_asking() {
    let path = common::ui_fixture_copy("article-changes");
    let mut harness = harness_for(&path);
    delete_summit_unsaved(&mut harness);
    let wire = path.parent().unwrap().join("articles/wire.txt");
    let text = std::fs::read_to_string(&wire).unwrap();
    std::fs::write(&wire, format!("{text}\nA line added later.\n")).unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !harness.state().timeline().sources[0]
        .text
        .contains("A line added later.")
    {
        assert!(
            std::time::Instant::now() < deadline,
            "the article was not read again"
        );
        harness.step();
        std::thread::sleep(std::time::Duration::from_millis(15));
    }
    harness.run();
    assert!(
        harness
            .query_by_label("The file changed on disk while you have unsaved edits.")
            .is_none(),
        "the events file did not change: nothing to ask"
    );
    assert!(harness.state().document().is_dirty(), "the edit stays");
    assert!(harness.state().timeline().index_of("summit").is_none());
}

#[test]
fn a_source_not_archived_yet_gets_its_text_from_the_reader() {
    use sourceline::edit::Edit;
    use sourceline::model::{CitationRecord, EventRecord, SourceRecord};
    let path = common::ui_fixture_copy("archive");
    let mut harness = harness_for(&path);
    // A source known only by its URL, and a claim citing it.
    harness
        .state_mut()
        .push(Command::Edit(Edit::AddSource(SourceRecord {
            id: "bulletin".to_owned(),
            title: "Evening bulletin".to_owned(),
            publisher: "Bulletin".to_owned(),
            author: None,
            published: "2025-02-17".to_owned(),
            published_approximate: false,
            published_note: None,
            url: Some("https://example.org/bulletin".to_owned()),
            file: None,
            kind: None,
            kind_note: None,
            reliability: None,
            sha256: None,
            original: None,
        })));
    harness
        .state_mut()
        .push(Command::Edit(Edit::AddEvent(EventRecord {
            id: "bulletin-claim".to_owned(),
            date: "2025-02-17".to_owned(),
            end: None,
            approximate: false,
            date_note: None,
            title: "The bulletin's claim".to_owned(),
            summary: String::new(),
            actors: vec!["Russia".to_owned()],
            tags: Vec::new(),
            citations: vec![CitationRecord {
                source: "bulletin".to_owned(),
                quote: Some("Delegations met in Riyadh on Monday".to_owned()),
                prefix: None,
                suffix: None,
                claimed_date: None,
            }],
            media: None,
        })));
    harness.run();
    let warnings: Vec<String> = harness
        .state()
        .document()
        .warnings()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("not archived yet (only its URL, https://example.org/bulletin)")),
        "{warnings:?}"
    );
    harness.get_by_label("Add article text").click();
    harness.run();
    // The form knows the source; the text is pasted in.
    type_into(
        &mut harness,
        "Article text",
        "Evening bulletin.\n\nDelegations met in Riyadh on Monday, officials said.\n",
    );
    harness.get_by_label("Add this article").click();
    harness.run();
    let t = harness.state().timeline();
    let source = t
        .sources
        .iter()
        .find(|s| s.record.id == "bulletin")
        .unwrap();
    assert_eq!(source.record.file.as_deref(), Some("articles/bulletin.txt"));
    assert!(source.record.sha256.is_some());
    let event = &t.events[t.index_of("bulletin-claim").unwrap()];
    assert_eq!(
        event.citations(t)[0].anchor().quality,
        sourceline::load::anchor::AnchorQuality::Exact
    );
    assert_eq!(t.sources.len(), 3, "updated, not added");
}

#[test]
fn a_timelinejs_example_imported_sourced_and_briefed_in_the_window() {
    let dir = std::env::temp_dir().join(format!("sourceline-tljs-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let example = dir.join("women_in_computing.json");
    std::fs::copy(
        "tests/fixtures/timelinejs/contrib/women_in_computing.json",
        &example,
    )
    .unwrap();
    let mut harness = harness_for(&common::ui_fixture_copy("tljs-start"));
    harness.state_mut().push(Command::Import(example));
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while harness.state().timeline().events.len() != 10 || harness.state().is_loading() {
        assert!(
            std::time::Instant::now() < deadline,
            "the import did not open"
        );
        harness.step();
        std::thread::sleep(std::time::Duration::from_millis(15));
    }
    harness.run();
    // Every claim comes in unsourced, and says so.
    harness.get_by_label("unsourced").click();
    harness.run();
    harness.get_by_label("10 of 10");
    harness.get_by_label("unsourced").click();
    harness.run();
    // Give one a passage: its linked source has no text yet; paste one and choose the passage.
    let t = harness.state().timeline();
    let ada = t
        .events
        .iter()
        .position(|e| e.title(t) == "Ada Lovelace")
        .unwrap();
    let pending = &t.events[ada].citations(t)[0];
    assert!(pending.is_pending());
    let source_id = t.sources[pending.source as usize].record.id.clone();
    harness.state_mut().push(Command::Select(Some(ada)));
    harness
        .state_mut()
        .push(Command::ArchiveSource(source_id.clone()));
    harness.run();
    type_into(
        &mut harness,
        "Article text",
        "Ada Lovelace wrote the first published algorithm for a machine.",
    );
    harness.get_by_label("Add this article").click();
    harness.run();
    let t = harness.state().timeline();
    let source = t.sources.iter().find(|s| s.record.id == source_id).unwrap();
    let quote = "the first published algorithm";
    let at = source.text.find(quote).unwrap();
    let (citation, _) =
        sourceline::edit::cite::citation_for(&source.text, at..at + quote.len(), &source_id)
            .unwrap();
    let ada = t
        .events
        .iter()
        .position(|e| e.title(t) == "Ada Lovelace")
        .unwrap();
    let ada_id = t.events[ada].id(t).to_owned();
    harness.state_mut().push(Command::Select(Some(ada)));
    harness.state_mut().push(Command::ChoosePassage {
        event: ada_id,
        citation: 0,
        record: citation,
    });
    harness.run();
    let t = harness.state().timeline();
    let event = t
        .events
        .iter()
        .find(|e| e.title(t) == "Ada Lovelace")
        .unwrap();
    // The slide linked three articles: the first now has its passage, the others wait.
    let pending: Vec<bool> = event
        .citations(t)
        .iter()
        .map(sourceline::model::Citation::is_pending)
        .collect();
    assert_eq!(pending, [false, true, true]);
    // The brief of what is shown, written beside the events file.
    harness
        .state_mut()
        .push(Command::SetQuery("Ada".to_owned()));
    harness
        .state_mut()
        .push(Command::Export(sourceline::export::Format::Markdown));
    harness.run();
    let brief = dir.join("women_in_computing-sourceline/events.brief.md");
    let text = std::fs::read_to_string(&brief).unwrap();
    assert!(
        text.contains("## 10 December 1815 – 27 November 1852 — Ada Lovelace"),
        "{text}"
    );
    assert!(text.contains("> the first published algorithm"), "{text}");
    assert!(
        text.contains(":~:text=the%20first%20published%20algorithm"),
        "{text}"
    );
    // The page for readers, of what is shown, beside it too.
    harness
        .state_mut()
        .push(Command::Export(sourceline::export::Format::Html));
    harness.run();
    let page = dir.join("women_in_computing-sourceline/events.page.html");
    let html = std::fs::read_to_string(&page).unwrap();
    assert_eq!(
        html.matches("<li id=\"event-").count(),
        1,
        "only what is shown"
    );
    assert!(html.contains("Ada Lovelace"));
    assert!(html.contains("the first published algorithm"));
}

/// Steps the window (bounded) until no edit waits or is being made.
fn wait_until_applied(harness: &mut Harness<'_, SourcelineApp>) {
    for _ in 0..1000 {
        if !harness.state().is_applying() {
            harness.run();
            return;
        }
        harness.step();
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    panic!("the edits were not made in 10 s");
}

#[test]
fn edits_on_the_editing_thread_leave_the_timeline_until_made_and_keys_act_on_the_newest() {
    let dir = common::folder("async-edit");
    let path = dir.join("events.json");
    // Large enough that each batch (a load of the whole text) spans several frames here.
    let events: Vec<(String, String, String)> = (0..3000)
        .map(|i| {
            (
                format!("e{i}"),
                format!("2025-{:02}-{:02}", i % 12 + 1, i % 28 + 1),
                format!("Event {i}"),
            )
        })
        .collect();
    let rows: Vec<(&str, &str, &str)> = events
        .iter()
        .map(|(id, date, title)| (id.as_str(), date.as_str(), title.as_str()))
        .collect();
    std::fs::write(&path, common::events_json(&rows)).unwrap();
    let original = std::fs::read_to_string(&path).unwrap();
    let mut app = SourcelineApp::new(Document::new(Some(path.clone()), load(&path).unwrap()));
    // Every edit goes to the editing thread, as from 512 KiB.
    app.set_async_edit_from_bytes(0);
    let mut harness = common::harness_with(app);

    harness
        .state_mut()
        .push(Command::Edit(sourceline::edit::Edit::DeleteEvent(
            "e0".to_owned(),
        )));
    harness.step();
    harness.step();
    // Recorded at once (the unsaved count and Undo know it); the timeline shown stays, marked.
    assert!(harness.state().is_applying());
    harness.get_by_label("applying…");
    assert_eq!(harness.state().timeline().events.len(), 3000);
    assert!(harness.state().document().is_dirty());
    // Undo pressed before the edit is made undoes it.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.step();
    wait_until_applied(&mut harness);
    assert!(harness.query_by_label("applying…").is_none());
    assert_eq!(harness.state().timeline().events.len(), 3000);
    assert_eq!(harness.state().document().text(), original);
    assert!(!harness.state().document().is_dirty());

    // Redo, then save while it is being made: the save writes the redone text.
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    harness.step();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.step();
    harness.step();
    harness.get_by_label("saving…");
    wait_until_applied(&mut harness);
    assert!(harness.query_by_label("saving…").is_none());
    assert_eq!(harness.state().timeline().events.len(), 2999);
    assert!(!harness.state().document().is_dirty());
    let saved = std::fs::read_to_string(&path).unwrap();
    assert!(!saved.contains("\"e0\""));
    assert!(saved.contains("\"e1\""));
}

#[test]
fn a_dropped_saved_page_fills_the_form_and_is_kept_beside_its_text() {
    let path = common::ui_fixture_copy("saved-page-ui");
    let page = path.parent().unwrap().join("riyadh.html");
    std::fs::copy("tests/fixtures/pages/article.html", &page).unwrap();
    let mut harness = harness_for(&path);
    harness
        .input_mut()
        .dropped_files
        .push(Arc::new(common::Dropped(page.clone())));
    harness.run();
    // The form starts filled in from what the page says of itself.
    for (field, value) in [
        ("Article title", "Delegations meet in Riyadh"),
        ("Article publisher", "Example Wire"),
        ("Article author", "Jane Reporter"),
        ("Article published", "2025-02-18"),
        ("Article url", "https://wire.example/2025/02/riyadh"),
    ] {
        assert_eq!(
            harness.get_by_label(field).value().as_deref(),
            Some(value),
            "{field}"
        );
    }
    let note = harness
        .get_by_label("Article note")
        .value()
        .unwrap_or_default();
    assert!(
        note.contains("trafilatura"),
        "the found date says where from: {note}"
    );
    harness.get_by_label("Add this article").click();
    harness.run();
    let folder = path.parent().unwrap();
    assert_eq!(
        std::fs::read(folder.join("articles/delegations-meet-in-riyadh.html")).unwrap(),
        std::fs::read(&page).unwrap(),
        "the page kept byte for byte"
    );
    let text =
        std::fs::read_to_string(folder.join("articles/delegations-meet-in-riyadh.txt")).unwrap();
    assert!(
        text.contains("The delegations met in Riyadh on Tuesday"),
        "{text}"
    );
    let t = harness.state().timeline();
    let source = t
        .sources
        .iter()
        .find(|s| s.record.id == "delegations-meet-in-riyadh")
        .unwrap();
    assert!(source.record.published_approximate);
    let original = source.record.original.as_ref().unwrap();
    assert_eq!(
        original.sha256,
        sourceline::model::sha256_hex(&std::fs::read(&page).unwrap())
    );
}
