//! Fetching, offline: a server on 127.0.0.1 started by the test serves a page, redirects, a
//! redirect loop, a slow answer, a huge body, an image and a missing page. Each ends as said,
//! within its limits; `add-article` of an address archives what it fetched.

#![expect(
    clippy::unwrap_used,
    reason = "a test that cannot proceed should fail loudly"
)]

mod common;

use std::io::Write as _;
use std::net::TcpStream;
use std::process::Command;
use std::time::Duration;

use sourceline::import::fetch::{FetchError, Limits, fetch};

fn answer(mut stream: TcpStream) {
    let path = common::request_path(&stream);
    let page = std::fs::read("tests/fixtures/pages/article.html").unwrap();
    let respond = common::respond;
    match path.as_str() {
        "/article" => respond(
            &mut stream,
            "200 OK",
            "Content-Type: text/html; charset=utf-8\r\n",
            &page,
        ),
        "/moved" => respond(
            &mut stream,
            "301 Moved Permanently",
            "Location: /article\r\n",
            b"",
        ),
        p if p.starts_with("/loop") => {
            let next = format!("Location: /loop{}\r\n", p.len());
            respond(&mut stream, "302 Found", &next, b"");
        }
        "/slow" => {
            std::thread::sleep(Duration::from_secs(5));
            respond(&mut stream, "200 OK", "Content-Type: text/html\r\n", &page);
        }
        "/huge" => {
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 1000000000\r\n\r\n"
            );
            let chunk = vec![b'a'; 64 * 1024];
            while stream.write_all(&chunk).is_ok() {}
        }
        "/image" => respond(
            &mut stream,
            "200 OK",
            "Content-Type: image/png\r\n",
            b"\x89PNG",
        ),
        _ => respond(
            &mut stream,
            "404 Not Found",
            "Content-Type: text/html\r\n",
            b"gone",
        ),
    }
}

#[test]
fn every_fetch_ends_as_said_within_its_limits() {
    let server = common::serve(answer);
    let limits = Limits {
        timeout: Duration::from_secs(2),
        max_bytes: 1024 * 1024,
        max_redirects: 5,
    };
    let page = fetch(&format!("{server}/moved"), limits).unwrap();
    assert_eq!(page.final_url, format!("{server}/article"));
    assert_eq!(page.requested, format!("{server}/moved"));
    assert_eq!(page.media_type, "text/html");
    assert_eq!(
        page.bytes,
        std::fs::read("tests/fixtures/pages/article.html").unwrap()
    );
    let error = |path: &str| fetch(&format!("{server}{path}"), limits).unwrap_err();
    assert!(matches!(error("/loop"), FetchError::TooManyRedirects(5)));
    let started = std::time::Instant::now();
    assert!(matches!(error("/slow"), FetchError::Timeout(_)));
    assert!(started.elapsed() < Duration::from_secs(4), "the limit held");
    assert!(matches!(error("/huge"), FetchError::TooLarge(_)));
    let image = error("/image");
    assert_eq!(image.to_string(), "image/png: not a web page or a PDF");
    assert!(matches!(
        error("/missing"),
        FetchError::Status { status: 404, .. }
    ));
    assert!(matches!(
        fetch("file:///etc/passwd", limits),
        Err(FetchError::NotWeb(_))
    ));
}

#[test]
fn add_article_of_an_address_archives_what_was_fetched() {
    let server = common::serve(answer);
    let events = common::ui_fixture_copy("fetched");
    let output = Command::new(env!("CARGO_BIN_EXE_sourceline"))
        .args([
            "add-article",
            events.to_str().unwrap(),
            &format!("{server}/moved"),
        ])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{err}");
    let timeline = sourceline::load::load(&events).unwrap().timeline;
    let source = timeline
        .sources
        .iter()
        .find(|s| s.record.id == "delegations-meet-in-riyadh")
        .unwrap();
    let original = source.record.original.as_ref().unwrap();
    assert_eq!(
        original.url.as_deref(),
        Some(format!("{server}/moved").as_str())
    );
    assert_eq!(
        original.final_url.as_deref(),
        Some(format!("{server}/article").as_str())
    );
    assert_eq!(
        source.record.url.as_deref(),
        Some(format!("{server}/article").as_str())
    );
    let archived = events.parent().unwrap().join(&original.file);
    assert_eq!(
        std::fs::read(archived).unwrap(),
        std::fs::read("tests/fixtures/pages/article.html").unwrap()
    );
    assert_eq!(
        sourceline::model::sha256_hex(&std::fs::read("tests/fixtures/pages/article.html").unwrap()),
        original.sha256
    );
    let report = sourceline::cli::check::check(&events);
    assert!(report.output.contains(" 0 error(s)"), "{}", report.output);
    // And extract of an address prints the article.
    let output = Command::new(env!("CARGO_BIN_EXE_sourceline"))
        .args(["extract", &format!("{server}/article")])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&output.stdout).contains("The delegations met in Riyadh"));
    let output = Command::new(env!("CARGO_BIN_EXE_sourceline"))
        .args(["extract", &format!("{server}/image")])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&output.stderr)
            .contains("not fetched: image/png: not a web page or a PDF")
    );
}
