//! Capture in the window, driven through `egui_kittest` by AccessKit labels, offline: a server on
//! 127.0.0.1 started by the test. Archive linked sources shows its progress and what failed;
//! Add from URL fills the add-article form from the fetched page; a pending citation's passage
//! is chosen by selecting it in its article, one undoable edit.
#![expect(
    clippy::unwrap_used,
    reason = "a test that cannot proceed should fail loudly"
)]

mod common;

use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use egui::{Modifiers, Pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use sourceline::app::{Command, SourcelineApp};
use sourceline::document::Document;
use sourceline::load::load;

fn page(n: usize) -> String {
    format!(
        r#"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Talks, day {n} | Example Wire</title>
<meta property="og:title" content="Talks, day {n}">
<meta property="og:site_name" content="Example Wire">
<meta property="article:published_time" content="2025-03-0{n}T09:30:00Z">
</head><body><main><article><h1>Talks, day {n}</h1>
<p>On day {n} the delegations met to discuss the security guarantees that Ukraine seeks before any ceasefire can hold, and officials described the talks as long.</p>
<p>According to two people present, the negotiators spent most of the day on the sequence of steps: a halt to strikes on energy infrastructure first, then a wider truce.</p>
<p>European governments were not at the table, which several foreign ministers criticised in statements issued the same evening.</p>
</article></main></body></html>"#
    )
}

fn answer(mut stream: TcpStream) {
    let path = common::request_path(&stream);
    let found = path
        .strip_prefix("/news/")
        .and_then(|p| p.strip_suffix(".html"))
        .and_then(|n| n.parse::<usize>().ok());
    let (status, body) = match found {
        Some(n) => ("200 OK", page(n)),
        None => ("404 Not Found", "gone".to_owned()),
    };
    common::respond(
        &mut stream,
        status,
        "Content-Type: text/html; charset=utf-8\r\n",
        body.as_bytes(),
    );
}

/// A folder with an events file whose three sources are linked (a URL, no text) and cited
/// pending, as an import leaves them.
fn linked_timeline(server: &str, name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "sourceline-capture-ui-{}-{name}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let urls = [
        format!("{server}/news/1.html"),
        format!("{server}/news/2.html"),
        format!("{server}/missing.html"),
    ];
    let sources: Vec<serde_json::Value> = urls
        .iter()
        .enumerate()
        .map(|(i, url)| {
            serde_json::json!({"id": format!("s{i}"), "title": "Untitled (127.0.0.1)",
                "publisher": "127.0.0.1", "published": "2025-03-01", "published_approximate": true,
                "published_note": "set on import", "url": url})
        })
        .collect();
    let events: Vec<serde_json::Value> = (0..3)
        .map(|i| {
            serde_json::json!({"id": format!("e{i}"), "date": format!("2025-03-0{}", i + 1),
                "title": format!("Talks, day {i}"), "actors": ["Russia"],
                "citations": [{"source": format!("s{i}")}]})
        })
        .collect();
    let file = dir.join("events.json");
    std::fs::write(
        &file,
        serde_json::to_string_pretty(&serde_json::json!({"format": "sourceline/1",
            "title": "Linked", "sources": sources, "events": events}))
        .unwrap(),
    )
    .unwrap();
    file
}

fn harness_for(path: &Path) -> Harness<'static, SourcelineApp> {
    common::harness_with(SourcelineApp::new(Document::new(
        Some(path.to_owned()),
        load(path).unwrap(),
    )))
}

/// Steps the window until `done` holds (at most 15 s): the fetches run on threads.
fn step_until(
    harness: &mut Harness<'_, SourcelineApp>,
    what: &str,
    done: impl Fn(&Harness<'_, SourcelineApp>) -> bool,
) {
    let deadline = Instant::now() + Duration::from_secs(15);
    while !done(harness) {
        assert!(Instant::now() < deadline, "{what}: not within 15 s");
        harness.step();
        std::thread::sleep(Duration::from_millis(20));
    }
    harness.step();
}

#[test]
fn archive_linked_sources_shows_its_progress_and_what_failed() {
    let server = common::serve(answer);
    let events = linked_timeline(&server, "archive");
    let mut harness = harness_for(&events);
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Archive linked sources… (3)").click();
    step_until(&mut harness, "the capture", |h| {
        h.query_by_label_contains("finished").is_some()
    });
    // The bar says how it went (its text is found twice: the bar and the text on it).
    assert!(
        harness
            .query_all_by_label_contains("3 of 3 · 2 archived · 1 failed · finished")
            .next()
            .is_some()
    );
    harness.get_by_label_contains("s2: the server answered 404");
    // The two archived sources are filled in (edits, unsaved until asked).
    let t = harness.state().timeline();
    let archived: Vec<&str> = t
        .sources
        .iter()
        .filter(|s| s.record.file.is_some())
        .map(|s| s.record.title.as_str())
        .collect();
    assert_eq!(archived, ["Talks, day 1", "Talks, day 2"]);
    assert!(harness.state().document().is_dirty());
    harness.get_by_label("Close").click();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, egui::Key::S);
    harness.run();
    let report = sourceline::cli::check::check(&events);
    assert!(report.output.contains(" 0 error(s)"), "{}", report.output);
    let saved = load(&events).unwrap().timeline;
    let original = saved.sources[0].record.original.as_deref().unwrap();
    assert_eq!(
        std::fs::read(events.parent().unwrap().join(&original.file)).unwrap(),
        page(1).into_bytes()
    );
}

#[test]
fn add_from_url_fills_the_form_from_the_fetched_page() {
    let server = common::serve(answer);
    let events = linked_timeline(&server, "url");
    let mut harness = harness_for(&events);
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Add from URL…").click();
    harness.run();
    harness.get_by_label("Address").click();
    harness.run();
    harness.event(egui::Event::Text(format!("{server}/news/7.html")));
    harness.run();
    harness.get_by_label("Fetch").click();
    step_until(&mut harness, "the fetch", |h| {
        h.query_by_label("Add this article").is_some()
    });
    harness.run();
    assert_eq!(
        harness.get_by_label("Article title").value().as_deref(),
        Some("Talks, day 7")
    );
    assert_eq!(
        harness.get_by_label("Article publisher").value().as_deref(),
        Some("Example Wire")
    );
    // The address it was fetched from, as the command records it.
    assert_eq!(
        harness.get_by_label("Article url").value(),
        Some(format!("{server}/news/7.html"))
    );
    harness.get_by_label_contains(&format!("{server}/news/7.html · the article's"));
    harness.get_by_label("Add this article").click();
    harness.run();
    let t = harness.state().timeline();
    let source = t
        .sources
        .iter()
        .find(|s| s.record.title == "Talks, day 7")
        .unwrap();
    let original = source.record.original.as_deref().unwrap();
    assert_eq!(
        original.url.as_deref(),
        Some(format!("{server}/news/7.html").as_str())
    );
}

#[test]
fn a_pending_citations_passage_is_chosen_in_its_article_and_undone_as_one_edit() {
    let dir = common::folder("pending-ui");
    let events = dir.join("events.json");
    std::fs::write(
        &events,
        serde_json::to_string_pretty(&serde_json::json!({"format": "sourceline/1", "title": "P",
            "sources": [{"id": "a", "title": "A", "publisher": "P", "published": "2025", "file": "a.txt"}],
            "events": [{"id": "talks", "date": "2025-02-18", "title": "Talks", "citations": [{"source": "a"}]}]}))
        .unwrap(),
    )
    .unwrap();
    let mut harness = harness_for(&events);
    harness.state_mut().push(Command::Select(Some(0)));
    harness.run();
    harness.get_by_label_contains("passage not yet chosen");
    harness.get_by_label_contains("Choose the passage: select it in the article below");
    // Select the article's first words by dragging over them.
    let field = harness.get_by_value(common::ARTICLE).rect();
    let y = field.top() + 9.0;
    common::drag(
        &mut harness,
        Pos2::new(field.left() + 1.0, y),
        Pos2::new(field.left() + 120.0, y),
    );
    harness.get_by_label_contains("anchor: exact, unique");
    harness.get_by_label("Use as the passage").click();
    harness.run();
    let t = harness.state().timeline();
    let citation = &t.events[0].citations(t)[0];
    let quote = citation.quote(t).unwrap().to_owned();
    assert!(common::ARTICLE.starts_with(&quote), "{quote:?}");
    assert!(quote.len() > 5, "{quote:?}");
    assert!(t.events[0].cites_a_passage(t));
    // One edit: undo makes it pending again.
    harness.state_mut().push(Command::Undo);
    harness.run();
    let t = harness.state().timeline();
    assert!(t.events[0].citations(t)[0].is_pending());
}
