//! The one-file HTML timeline in a real browser: headless Chromium, driven over the `DevTools`
//! protocol, loads the bundled timeline's page with the network shut off. No console error, no
//! request leaves the file, typing in the search box narrows the list, and with JavaScript off
//! every event is in the page as a list.
//!
//! Without Chromium the test says so and passes, unless `SOURCELINE_REQUIRE_CHROMIUM=1`
//! (`scripts/check.sh` installs Chromium and sets it). `SOURCELINE_SCREENSHOTS=DIR` saves a
//! PNG of the page with and without JavaScript there.
#![expect(
    clippy::unwrap_used,
    reason = "a test that cannot proceed should fail loudly"
)]

use std::io::{BufRead as _, BufReader};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tungstenite::stream::MaybeTlsStream;
use tungstenite::{Message, WebSocket};

/// The browser, if the machine has one.
fn chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("CHROMIUM") {
        return Some(PathBuf::from(path));
    }
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|name| {
            std::env::var_os("PATH").and_then(|paths| {
                std::env::split_paths(&paths)
                    .map(|dir| dir.join(name))
                    .find(|p| p.is_file())
            })
        })
}

/// A headless Chromium and its `DevTools` connection, attached to one page.
struct Browser {
    child: Child,
    socket: WebSocket<MaybeTlsStream<TcpStream>>,
    session: String,
    next_id: u64,
    /// Every event the page sent, in order.
    events: Vec<Value>,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Browser {
    fn start(binary: &Path, profile: &Path) -> Self {
        let mut child = Command::new(binary)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--hide-scrollbars",
                "--window-size=1280,1100",
                // The network off: every request but loopback goes to a closed port.
                "--proxy-server=127.0.0.1:9",
                "--proxy-bypass-list=<-loopback>",
                "--remote-debugging-port=0",
            ])
            .arg(format!("--user-data-dir={}", profile.display()))
            .arg("about:blank")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = child.stderr.take().unwrap();
        let (sender, receiver) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(url) = line.strip_prefix("DevTools listening on ") {
                    let _ = sender.send(url.trim().to_owned());
                }
            }
        });
        let url = receiver
            .recv_timeout(Duration::from_secs(30))
            .expect("Chromium prints its DevTools address");
        let (mut socket, _) = tungstenite::connect(url.as_str()).unwrap();
        if let MaybeTlsStream::Plain(stream) = socket.get_mut() {
            stream
                .set_read_timeout(Some(Duration::from_secs(30)))
                .unwrap();
        }
        let mut browser = Self {
            child,
            socket,
            session: String::new(),
            next_id: 0,
            events: Vec::new(),
        };
        let target = browser.call("Target.createTarget", json!({"url": "about:blank"}));
        let target_id = target["targetId"].as_str().unwrap().to_owned();
        let attached = browser.call(
            "Target.attachToTarget",
            json!({"targetId": target_id, "flatten": true}),
        );
        attached["sessionId"]
            .as_str()
            .unwrap()
            .clone_into(&mut browser.session);
        for domain in ["Runtime", "Log", "Network", "Page", "DOM"] {
            browser.call(&format!("{domain}.enable"), json!({}));
        }
        browser
    }

    /// Sends `method` (to the page once attached) and waits for its answer; events that arrive
    /// meanwhile are kept.
    fn call(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let mut message = json!({"id": id, "method": method});
        message["params"] = params;
        if !self.session.is_empty() {
            message["sessionId"] = json!(self.session);
        }
        self.socket
            .send(Message::text(message.to_string()))
            .unwrap();
        loop {
            let reply: Value = match self.socket.read().unwrap() {
                Message::Text(text) => serde_json::from_str(text.as_str()).unwrap(),
                _ => continue,
            };
            if reply["id"] == json!(id) {
                assert!(reply.get("error").is_none(), "{method}: {reply}");
                return reply["result"].clone();
            }
            self.events.push(reply);
        }
    }

    /// Waits until the page fired its load event (counting those seen before).
    fn wait_for_load(&mut self, loads_before: usize) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while self.loads() <= loads_before {
            assert!(Instant::now() < deadline, "the page never loaded");
            // A cheap call, to read what arrived.
            self.call("Runtime.evaluate", json!({"expression": "1"}));
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn loads(&self) -> usize {
        self.events
            .iter()
            .filter(|e| e["method"] == "Page.loadEventFired")
            .count()
    }

    fn open(&mut self, url: &str) {
        let before = self.loads();
        self.call("Page.navigate", json!({"url": url}));
        self.wait_for_load(before);
    }

    /// What `expression` gives in the page.
    fn evaluate(&mut self, expression: &str) -> Value {
        let result = self.call(
            "Runtime.evaluate",
            json!({"expression": expression, "returnByValue": true}),
        );
        result["result"]["value"].clone()
    }

    /// How many nodes `selector` finds, through the DOM domain (which needs no script).
    fn count(&mut self, selector: &str) -> usize {
        let document = self.call("DOM.getDocument", json!({"depth": 0}));
        let root = document["root"]["nodeId"].clone();
        let found = self.call(
            "DOM.querySelectorAll",
            json!({"nodeId": root, "selector": selector}),
        );
        found["nodeIds"].as_array().map_or(0, Vec::len)
    }

    fn screenshot(&mut self, path: &Path) {
        let shot = self.call("Page.captureScreenshot", json!({"format": "png"}));
        let data = shot["data"].as_str().unwrap();
        std::fs::write(path, decode_base64(data)).unwrap();
    }
}

/// Standard base64, for the screenshots.
fn decode_base64(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => u32::from(c - b'A'),
        b'a'..=b'z' => u32::from(c - b'a') + 26,
        b'0'..=b'9' => u32::from(c - b'0') + 52,
        b'+' => 62,
        _ => 63,
    };
    let bytes: Vec<u8> = text.bytes().filter(|&c| c != b'=').collect();
    let mut out = Vec::with_capacity(bytes.len() * 3 / 4);
    for chunk in bytes.chunks(4) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &c)| n | (value(c) << (18 - 6 * i)));
        let [_, a, b, c] = n.to_be_bytes();
        out.extend_from_slice(&[a, b, c][..chunk.len().saturating_sub(1)]);
    }
    out
}

#[test]
fn the_page_works_offline_with_and_without_javascript() {
    let Some(binary) = chromium() else {
        assert!(
            std::env::var_os("SOURCELINE_REQUIRE_CHROMIUM").is_none(),
            "SOURCELINE_REQUIRE_CHROMIUM is set, and no Chromium was found"
        );
        eprintln!("skipped: no Chromium on this machine (scripts/check.sh installs it)");
        return;
    };
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("html-browser");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let page = dir.join("timeline.html");
    let exported = Command::new(env!("CARGO_BIN_EXE_sourceline"))
        .args(["export", "events.json", "--to", "html", "--out"])
        .arg(&page)
        .output()
        .unwrap();
    assert!(exported.status.success(), "{exported:?}");
    let url = format!("file://{}", page.display());
    let mut browser = Browser::start(&binary, &dir.join("profile"));
    let shots = std::env::var_os("SOURCELINE_SCREENSHOTS").map(PathBuf::from);

    // With JavaScript.
    browser.open(&url);
    let total = browser.count("li.event");
    assert_eq!(total, 39, "every event of the bundled timeline");
    assert_eq!(
        browser.evaluate("document.querySelectorAll('#axis circle.dot').length"),
        json!(total),
        "a dot per event on the axis"
    );
    browser.evaluate("document.getElementById('search').focus()");
    browser.call("Input.insertText", json!({"text": "Riyadh"}));
    let visible = browser.evaluate(
        "Array.from(document.querySelectorAll('li.event')).filter(li => !li.hidden).map(li => li.textContent.toLowerCase().includes('riyadh'))",
    );
    let visible = visible.as_array().unwrap();
    assert!(
        !visible.is_empty() && visible.len() < total,
        "typing narrows the list: {} of {total}",
        visible.len()
    );
    assert!(visible.iter().all(|v| v == &json!(true)), "{visible:?}");
    assert_eq!(
        browser.evaluate("document.getElementById('shown').textContent"),
        json!(format!("{} of {total} shown", visible.len()))
    );
    // The actor filter narrows to that actor's events.
    browser.evaluate("document.getElementById('search').value = ''; document.getElementById('search').dispatchEvent(new Event('input'))");
    browser.evaluate("const a = document.getElementById('actor'); a.value = 'China'; a.dispatchEvent(new Event('change'))");
    let china = browser.evaluate(
        "Array.from(document.querySelectorAll('li.event')).filter(li => !li.hidden).map(li => JSON.parse(li.dataset.actors).includes('China'))",
    );
    let china = china.as_array().unwrap();
    assert!(!china.is_empty() && china.len() < total, "{china:?}");
    assert!(china.iter().all(|v| v == &json!(true)), "{china:?}");
    browser.evaluate("const b = document.getElementById('actor'); b.value = ''; b.dispatchEvent(new Event('change'))");
    // #event-ID selects the event.
    browser.evaluate("location.hash = 'event-riyadh-talks'");
    std::thread::sleep(Duration::from_millis(200));
    assert_eq!(
        browser.evaluate(
            "document.querySelector('li.selected') && document.querySelector('li.selected').id"
        ),
        json!("event-riyadh-talks")
    );
    if let Some(shots) = &shots {
        browser.evaluate("document.getElementById('search').value = ''; document.getElementById('search').dispatchEvent(new Event('input')); location.hash = ''; scrollTo(0, 0)");
        browser.screenshot(&shots.join("html-with-javascript.png"));
    }

    // Without JavaScript: the same events, as a list; the script's controls stay hidden.
    browser.call(
        "Emulation.setScriptExecutionDisabled",
        json!({"value": true}),
    );
    browser.open(&url);
    assert_eq!(browser.count("ol#events > li.event"), total);
    assert_eq!(browser.count("li.event h2 time"), total);
    assert!(browser.count("blockquote") >= total - 1);
    assert_eq!(browser.count("#controls[hidden]"), 1);
    assert_eq!(browser.count("#axis svg"), 0, "no axis without a script");
    if let Some(shots) = &shots {
        browser.screenshot(&shots.join("html-without-javascript.png"));
    }

    // No console error, no exception, and no request but the file itself.
    let mut problems = Vec::new();
    for event in &browser.events {
        let params = &event["params"];
        match event["method"].as_str().unwrap_or_default() {
            "Runtime.exceptionThrown" => problems.push(format!("exception: {params}")),
            "Runtime.consoleAPICalled" if params["type"] == "error" => {
                problems.push(format!("console error: {params}"));
            }
            "Log.entryAdded" if params["entry"]["level"] == "error" => {
                problems.push(format!("log error: {params}"));
            }
            "Network.requestWillBeSent" => {
                let requested = params["request"]["url"].as_str().unwrap_or_default();
                if !(requested == url || requested.starts_with("about:")) {
                    problems.push(format!("request: {requested}"));
                }
            }
            _ => {}
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}
