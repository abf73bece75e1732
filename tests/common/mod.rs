//! Helpers shared by the UI and reload tests: a harness, a small events file, a fresh folder.
#![expect(
    clippy::unwrap_used,
    reason = "a test that cannot proceed should fail loudly"
)]
#![allow(
    dead_code,
    reason = "each test crate uses its own part of these helpers"
)]

use std::path::{Path, PathBuf};

use egui_kittest::Harness;
use sourceline::app::SourcelineApp;

/// The one article the small events files cite.
pub const ARTICLE: &str =
    "The recent talks in Riyadh between Washington and Moscow. Monday's UN meeting.";

/// An events file of `(id, date, title)` events, each citing `a.txt`, pretty-printed.
pub fn events_json(events: &[(&str, &str, &str)]) -> String {
    let events: Vec<serde_json::Value> = events
        .iter()
        .map(|(id, date, title)| {
            serde_json::json!({ "id": id, "date": date, "title": title, "actors": ["Russia"],
                "citations": [{ "source": "a", "quote": "talks in Riyadh" }] })
        })
        .collect();
    serde_json::to_string_pretty(&serde_json::json!({ "format": "sourceline/1", "title": "Test timeline",
        "sources": [{ "id": "a", "title": "A", "publisher": "P", "published": "2025", "file": "a.txt" }],
        "events": events }))
    .unwrap()
}

/// A new empty folder for one test, with `a.txt` in it.
pub fn folder(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sourceline-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("a.txt"), ARTICLE).unwrap();
    dir
}

/// The timeline made for the UI tests (eight events, two articles), named by a path relative
/// to the crate so that the status bar reads the same on every machine.
pub const UI_FIXTURE: &str = "tests/fixtures/ui/events.json";

/// The UI test timeline, loaded as the window loads a file.
pub fn ui_fixture_app() -> SourcelineApp {
    let path = std::path::Path::new(UI_FIXTURE);
    let loaded = sourceline::load::load(path).unwrap();
    SourcelineApp::new(sourceline::document::Document::new(
        Some(path.to_owned()),
        loaded,
    ))
}

/// A 1280 × 800 harness around `app`, run until it settles.
pub fn harness_with(app: SourcelineApp) -> Harness<'static, SourcelineApp> {
    harness_sized(app, [1280.0, 800.0])
}

/// A harness of `size` around `app`, run until it settles.
pub fn harness_sized(app: SourcelineApp, size: [f32; 2]) -> Harness<'static, SourcelineApp> {
    let mut harness = Harness::builder()
        .with_size(size)
        .with_max_steps(64)
        .build_ui_state(|ui, app: &mut SourcelineApp| app.ui(ui), app);
    harness.run();
    harness
}

/// A copy of the UI fixture (`tests/fixtures/ui`: events.json and its two articles) in a fresh
/// folder of its own; its events file. For tests that edit and save.
pub fn ui_fixture_copy(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sourceline-{}-copy-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("articles")).unwrap();
    let from = Path::new("tests/fixtures/ui");
    for file in ["events.json", "articles/wire.txt", "articles/digest.txt"] {
        std::fs::copy(from.join(file), dir.join(file)).unwrap();
    }
    dir.join("events.json")
}

/// A file dropped on the window, as a test drops it.
#[derive(Debug)]
pub struct Dropped(pub PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

/// The path of the HTTP request on `stream` (its headers read past), for the tests' servers
/// on 127.0.0.1.
pub fn request_path(stream: &std::net::TcpStream) -> String {
    use std::io::BufRead as _;
    let mut reader = std::io::BufReader::new(stream.try_clone().unwrap());
    let mut request = String::new();
    reader.read_line(&mut request).unwrap_or_default();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
            break;
        }
    }
    request.split_whitespace().nth(1).unwrap_or("/").to_owned()
}

/// Answers on `stream` with `status`, `headers` (each ending in CRLF) and `body`, then closes.
pub fn respond(stream: &mut std::net::TcpStream, status: &str, headers: &str, body: &[u8]) {
    use std::io::Write as _;
    let _ = write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n{headers}\r\n",
        body.len()
    );
    let _ = stream.write_all(body);
}

/// Listens on 127.0.0.1 and hands each connection to `answer` on a thread of its own; the
/// server's address (`http://127.0.0.1:PORT`).
pub fn serve(answer: fn(std::net::TcpStream)) -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            std::thread::spawn(move || answer(stream));
        }
    });
    address
}

/// Presses at `from`, moves to `to` in steps, releases there.
pub fn drag(harness: &mut Harness<'_, SourcelineApp>, from: egui::Pos2, to: egui::Pos2) {
    let button = |pos, pressed| egui::Event::PointerButton {
        pos,
        button: egui::PointerButton::Primary,
        pressed,
        modifiers: egui::Modifiers::NONE,
    };
    harness.event(egui::Event::PointerMoved(from));
    harness.event(button(from, true));
    harness.step();
    for i in 1..=4 {
        let t = i as f32 / 4.0;
        harness.event(egui::Event::PointerMoved(from.lerp(to, t)));
        harness.step();
    }
    harness.event(button(to, false));
    harness.run();
}
