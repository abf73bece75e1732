//! `sourceline archive`, offline: a TimelineJS timeline whose slides link their articles is
//! imported, then archived from a server on 127.0.0.1 started by the test (pages, one in a
//! charset other than the one it declares, a PDF, a missing page), at most four at a time with
//! a delay per host; what failed is named, and a second run fetches only what is left.

#![expect(
    clippy::unwrap_used,
    reason = "a test that cannot proceed should fail loudly"
)]

mod common;

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// What the server saw: requests by path, when each began, and the most at once.
#[derive(Default)]
struct Seen {
    requests: Mutex<Vec<(String, Instant)>>,
    open: AtomicUsize,
    most_at_once: AtomicUsize,
}

/// A news page about `subject`, in the shape the extractor expects of an article.
fn news_page(n: usize, subject: &str) -> String {
    format!(
        r#"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{subject} | Example Wire</title>
<meta property="og:title" content="{subject}">
<meta property="og:site_name" content="Example Wire">
<meta property="article:published_time" content="2025-03-{day:02}T09:30:00Z">
</head><body><nav><a href="/">Home</a> <a href="/world">World</a></nav><main><article>
<h1>{subject}</h1>
<p>Report number {n}: the delegations met on Tuesday to discuss the security guarantees that Ukraine seeks before any ceasefire can hold, and officials described the talks as long.</p>
<p>According to two people present, the negotiators spent most of the day on the sequence of steps: a halt to strikes on energy infrastructure first, then a wider truce.</p>
<p>European governments were not at the table, which several foreign ministers criticised in statements issued the same evening, saying no settlement could last without them.</p>
</article></main><footer>Example Wire, all rights reserved.</footer></body></html>"#,
        day = n + 1
    )
}

fn serve(seen: Arc<Seen>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let seen = Arc::clone(&seen);
            std::thread::spawn(move || answer(stream, &seen));
        }
    });
    address
}

fn answer(mut stream: TcpStream, seen: &Seen) {
    let path = common::request_path(&stream);
    let open = seen.open.fetch_add(1, Ordering::SeqCst) + 1;
    seen.most_at_once.fetch_max(open, Ordering::SeqCst);
    seen.requests
        .lock()
        .unwrap()
        .push((path.clone(), Instant::now()));
    // Long enough that fetches overlap when they may.
    std::thread::sleep(Duration::from_millis(150));
    let (status, media, body): (&str, &str, Vec<u8>) = match path.as_str() {
        "/report.pdf" => (
            "200 OK",
            "application/pdf",
            std::fs::read("tests/fixtures/pdf/statement.pdf").unwrap(),
        ),
        // Declared UTF-8, written in windows-1251.
        "/ru/1.html" => {
            let page = news_page(9, "Переговоры в Эр-Рияде").replace(
                "Report number 9",
                "Делегации встретились во вторник, чтобы обсудить гарантии безопасности",
            );
            let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(&page);
            ("200 OK", "text/html; charset=utf-8", bytes.into_owned())
        }
        p if p.starts_with("/news/") => {
            let n: usize = p
                .trim_start_matches("/news/")
                .trim_end_matches(".html")
                .parse()
                .unwrap_or(0);
            (
                "200 OK",
                "text/html; charset=utf-8",
                news_page(n, &format!("Talks, day {n}")).into_bytes(),
            )
        }
        _ => ("404 Not Found", "text/html", b"gone".to_vec()),
    };
    common::respond(
        &mut stream,
        status,
        &format!("Content-Type: {media}\r\n"),
        &body,
    );
    seen.open.fetch_sub(1, Ordering::SeqCst);
}

/// A TimelineJS timeline of `slides` slides, each crediting one of the server's articles.
fn timeline(server: &str, folder: &Path) -> PathBuf {
    let mut events = Vec::new();
    for n in 0..8 {
        events.push(serde_json::json!({
            "start_date": {"year": 2025, "month": 3, "day": n + 1},
            "text": {"headline": format!("Talks, day {n}")},
            "media": {"url": format!("{server}/img/{n}.jpg"),
                      "credit": format!("<a href=\"{server}/news/{n}.html\">Example Wire</a>")}
        }));
    }
    events.push(serde_json::json!({
        "start_date": {"year": 2025, "month": 3, "day": 20},
        "text": {"headline": "The declaration",
                 "text": format!("<p>Read <a href=\"{server}/report.pdf\">the declaration</a>, and <a href=\"{server}/ru/1.html\">RIA</a>.</p>")},
    }));
    events.push(serde_json::json!({
        "start_date": {"year": 2025, "month": 3, "day": 21},
        "text": {"headline": "A lost page",
                 "text": format!("<p><a href=\"{server}/missing.html\">Gone</a></p>")},
    }));
    let file = folder.join("linked.json");
    std::fs::write(&file, serde_json::json!({"events": events}).to_string()).unwrap();
    file
}

fn run(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_sourceline"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn archive_fills_an_imported_timelines_links_four_at_a_time_and_resumes() {
    let seen = Arc::new(Seen::default());
    let server = serve(Arc::clone(&seen));
    let folder = std::env::temp_dir().join(format!("sourceline-archive-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder).unwrap();
    let source = timeline(&server, &folder);
    let out = folder.join("timeline");
    let imported = run(&[
        "import",
        source.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(imported.status.success(), "{imported:?}");
    let events = out.join("events.json");
    let before = sourceline::load::load(&events).unwrap().timeline;
    assert_eq!(
        before.sources.len(),
        11,
        "8 articles, the PDF, RIA and the lost page"
    );

    let archived = run(&[
        "archive",
        events.to_str().unwrap(),
        "--host-delay-ms",
        "100",
    ]);
    let stdout = String::from_utf8_lossy(&archived.stdout);
    assert_eq!(archived.status.code(), Some(1), "one failed: {stdout}");
    assert_eq!(
        stdout.matches("] ").count(),
        11,
        "a line per source: {stdout}"
    );
    assert!(
        stdout.contains("archived 10 of 11 linked source(s)")
            && stdout.contains("1 failed (run it again to retry them)")
            && stdout.contains("the server answered 404"),
        "{stdout}"
    );
    // At most four at a time, and one host never asked twice within the delay.
    assert!(seen.most_at_once.load(Ordering::SeqCst) <= 4);
    let mut times: Vec<Instant> = seen.requests.lock().unwrap().iter().map(|r| r.1).collect();
    times.sort();
    for pair in times.windows(2) {
        assert!(
            pair[1] - pair[0] >= Duration::from_millis(90),
            "{:?}",
            pair[1] - pair[0]
        );
    }

    let check = run(&["check", events.to_str().unwrap()]);
    assert!(check.status.success(), "{check:?}");
    let loaded = sourceline::load::load(&events).unwrap();
    let t = &loaded.timeline;
    for source in &t.sources {
        let url = source.record.url.as_deref().unwrap();
        if url.ends_with("/missing.html") {
            assert_eq!(source.record.file, None);
            continue;
        }
        // The original byte for byte beside the text, both hashed, with where and when.
        let original = source.record.original.as_deref().unwrap();
        let bytes = std::fs::read(out.join(&original.file)).unwrap();
        assert_eq!(sourceline::model::sha256_hex(&bytes), original.sha256);
        assert_eq!(original.url.as_deref(), Some(url));
        assert!(original.captured.ends_with('Z'), "{}", original.captured);
        let text = std::fs::read(out.join(source.record.file.as_deref().unwrap())).unwrap();
        assert_eq!(
            Some(sourceline::model::sha256_hex(&text)),
            source.record.sha256
        );
        if url.ends_with("/report.pdf") {
            assert_eq!(original.media_type, "application/pdf");
            assert!(
                Path::new(&original.file)
                    .extension()
                    .is_some_and(|e| e == "pdf")
            );
            assert!(source.text.contains('\u{c}'), "pages apart by form feeds");
            // The link's text was a title, which stays; the PDF's own fills the author.
            assert_eq!(source.record.title, "the declaration");
            assert_eq!(
                source.record.author.as_deref(),
                Some("Coalition of the willing")
            );
        } else if url.ends_with("/ru/1.html") {
            assert!(
                source.text.contains("гарантии безопасности"),
                "{}",
                source.text
            );
        } else {
            // The page's own title and date replace what the import made up.
            assert!(
                source.record.title.starts_with("Talks, day"),
                "{:?}",
                source.record
            );
            assert_eq!(source.record.publisher, "Example Wire");
            assert!(source.record.published.starts_with("2025-03-"));
            assert!(source.record.published_approximate);
            assert!(source.text.contains("security guarantees"));
        }
    }
    // The passages are still to choose: pending, now with a text to choose from.
    assert!(
        t.citations
            .iter()
            .all(sourceline::model::Citation::is_pending)
    );

    // Again: only the lost page is asked for.
    let asked = seen.requests.lock().unwrap().len();
    let again = run(&["archive", events.to_str().unwrap(), "--host-delay-ms", "0"]);
    let stdout = String::from_utf8_lossy(&again.stdout);
    assert!(
        stdout.contains("archived 0 of 1 linked source(s)"),
        "{stdout}"
    );
    let requests = seen.requests.lock().unwrap();
    assert_eq!(requests.len(), asked + 1);
    assert!(requests.last().unwrap().0.ends_with("/missing.html"));
}

#[test]
fn a_pdf_is_archived_with_its_pages_and_a_citation_links_its_page() {
    let folder = std::env::temp_dir().join(format!("sourceline-pdf-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder).unwrap();
    let events = folder.join("events.json");
    std::fs::write(
        &events,
        r#"{"format": "sourceline/1", "title": "PDF", "sources": [], "events": []}"#,
    )
    .unwrap();
    let path = |p: &Path| p.to_str().unwrap().to_owned();
    let statement = Path::new("tests/fixtures/pdf/statement.pdf");
    // `extract --json` gives the pages and the document's own title.
    let extracted = run(&["extract", &path(statement), "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&extracted.stdout).unwrap();
    assert_eq!(json["title"], "Paris Declaration");
    assert_eq!(json["media_type"], "application/pdf");
    assert_eq!(json["pages"].as_array().unwrap().len(), 2);
    // A scan is refused with its reason, and nothing is written.
    let scan = run(&[
        "add-article",
        &path(&events),
        "tests/fixtures/pdf/scan.pdf",
        "--published",
        "2026-01-06",
        "--publisher",
        "Élysée",
    ]);
    assert_eq!(scan.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&scan.stderr).contains("no text layer"),
        "{scan:?}"
    );
    assert!(!folder.join("articles").exists());
    let added = run(&[
        "add-article",
        &path(&events),
        &path(statement),
        "--id",
        "paris",
        "--published",
        "2026-01-06",
        "--publisher",
        "Élysée",
        "--url",
        "https://www.elysee.fr/paris-declaration.pdf",
    ]);
    assert!(added.status.success(), "{added:?}");
    let loaded = sourceline::load::load(&events).unwrap();
    let source = &loaded.timeline.sources[0];
    let original = source.record.original.as_deref().unwrap();
    assert_eq!(original.media_type, "application/pdf");
    assert_eq!(
        std::fs::read(folder.join(&original.file)).unwrap(),
        std::fs::read(statement).unwrap()
    );
    let cited = run(&[
        "cite",
        &path(&events),
        "--source",
        "paris",
        "--quote",
        "security guarantees for Ukraine",
        "--new-event",
        r#"{"title": "Guarantees agreed", "date": "2026-01-06", "actors": ["France"]}"#,
    ]);
    assert!(cited.status.success(), "{cited:?}");
    let check = run(&["check", &path(&events), "--strict"]);
    assert!(check.status.success(), "{check:?}");
    let brief = run(&["export", &path(&events), "--to", "markdown"]);
    let brief = String::from_utf8_lossy(&brief.stdout);
    assert!(
        brief.contains("(<https://www.elysee.fr/paris-declaration.pdf#page=2>)"),
        "{brief}"
    );
}
