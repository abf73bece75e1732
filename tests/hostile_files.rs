//! Files and folders made hostile at test time: FIFOs, sockets and devices in place of files,
//! and a folder swapped for a symlink to the outside while loads run. Each load must answer
//! (in seconds, not never) with a located error, and never read a byte from outside.
#![cfg(unix)]
#![expect(
    clippy::unwrap_used,
    reason = "a test that cannot proceed should fail loudly"
)]

mod common;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::time::Duration;

use sourceline::load::diagnostic::Problem;
use sourceline::load::{LoadError, Loaded, load};

/// Loads `path` on a thread of its own, failing the test if it has not answered in 20 s (a
/// load that blocks on a FIFO would never answer).
fn load_in_time(path: &Path) -> Result<Loaded, LoadError> {
    let (send, receive) = mpsc::channel();
    let path = path.to_owned();
    std::thread::spawn(move || {
        let _ = send.send(load(&path));
    });
    receive
        .recv_timeout(Duration::from_secs(20))
        .expect("the load hung")
}

fn first_problem(result: Result<Loaded, LoadError>) -> Problem {
    let error = result.expect_err("a hostile file was accepted");
    error.diagnostics[0].problem.clone()
}

fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap();
    assert!(status.success());
}

/// An events file citing `file` (with a quote from [`common::ARTICLE`]).
fn citing(dir: &Path, file: &str) -> PathBuf {
    let text = common::events_json(&[("e1", "2025-02-18", "Talks")])
        .replace("\"a.txt\"", &serde_json::to_string(file).unwrap());
    let path = dir.join("events.json");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn an_events_file_that_is_a_fifo_is_refused_without_blocking() {
    let dir = common::folder("fifo-events");
    mkfifo(&dir.join("events.json"));
    assert_eq!(
        first_problem(load_in_time(&dir.join("events.json"))),
        Problem::NotAFile("a FIFO (named pipe)")
    );
    // Through a symlink, too.
    std::os::unix::fs::symlink(dir.join("events.json"), dir.join("link.json")).unwrap();
    assert_eq!(
        first_problem(load_in_time(&dir.join("link.json"))),
        Problem::NotAFile("a FIFO (named pipe)")
    );
}

#[test]
fn an_events_file_that_is_a_device_is_refused_before_a_byte_is_read() {
    let dir = common::folder("device-events");
    std::os::unix::fs::symlink("/dev/zero", dir.join("events.json")).unwrap();
    let error = load_in_time(&dir.join("events.json")).unwrap_err();
    assert_eq!(
        error.diagnostics[0].problem,
        Problem::NotAFile("a character device")
    );
    assert_eq!(
        error.diagnostics[0].to_string(),
        format!(
            "{}:1:1: error: expected a regular file, found a character device",
            dir.join("events.json").display()
        )
    );
}

#[test]
fn an_events_file_that_is_a_socket_is_refused() {
    let dir = common::folder("socket-events");
    let _socket = std::os::unix::net::UnixListener::bind(dir.join("events.json")).unwrap();
    assert_eq!(
        first_problem(load_in_time(&dir.join("events.json"))),
        Problem::NotAFile("a socket")
    );
}

#[test]
fn standard_input_is_refused_as_an_events_file_when_it_is_a_pipe() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_sourceline"))
        .args(["check", "/dev/stdin"])
        .stdin(std::process::Stdio::piped())
        .output()
        .unwrap();
    assert!(!output.status.success());
    let out = String::from_utf8_lossy(&output.stdout);
    assert!(
        out.contains("error: expected a regular file, found a FIFO"),
        "{out}"
    );
}

#[test]
fn an_article_that_is_a_fifo_a_socket_or_a_folder_is_refused_and_located() {
    let dir = common::folder("fifo-article");
    mkfifo(&dir.join("pipe.txt"));
    let _socket = std::os::unix::net::UnixListener::bind(dir.join("sock.txt")).unwrap();
    std::fs::create_dir(dir.join("folder.txt")).unwrap();
    std::os::unix::fs::symlink("pipe.txt", dir.join("link.txt")).unwrap();
    for (file, kind) in [
        ("pipe.txt", "a FIFO (named pipe)"),
        ("link.txt", "a FIFO (named pipe)"),
        ("sock.txt", "a socket"),
    ] {
        let path = citing(&dir, file);
        let error = load_in_time(&path).unwrap_err();
        let first = &error.diagnostics[0];
        assert_eq!(
            first.problem,
            Problem::ArticleNotAFile {
                path: file.to_owned(),
                kind
            },
            "{file}"
        );
        assert_eq!(first.path.to_string(), "$.sources[0].file");
        assert!(first.location.line > 1, "{first}");
    }
    let path = citing(&dir, "folder.txt");
    assert!(matches!(
        first_problem(load_in_time(&path)),
        Problem::ArticleNotAFile {
            kind: "a folder",
            ..
        } | Problem::ArticleUnreadable { .. }
    ));
}

#[test]
fn an_article_linked_to_a_device_outside_is_refused() {
    let dir = common::folder("device-article");
    std::os::unix::fs::symlink("/dev/zero", dir.join("zero.txt")).unwrap();
    let path = citing(&dir, "zero.txt");
    assert!(matches!(
        first_problem(load_in_time(&path)),
        Problem::ArticleOutsideFolder(_)
    ));
}

#[test]
fn a_link_is_followed_only_while_it_is_relative_and_stays_inside() {
    let dir = common::folder("links");
    std::fs::create_dir(dir.join("sub")).unwrap();
    std::fs::write(dir.join("sub/b.txt"), common::ARTICLE).unwrap();
    std::fs::write(dir.parent().unwrap().join("outside.txt"), common::ARTICLE).unwrap();
    std::os::unix::fs::symlink("sub/b.txt", dir.join("relative.txt")).unwrap();
    std::os::unix::fs::symlink(dir.join("sub/b.txt"), dir.join("absolute.txt")).unwrap();
    std::os::unix::fs::symlink("../outside.txt", dir.join("up.txt")).unwrap();
    assert!(load_in_time(&citing(&dir, "relative.txt")).is_ok());
    // An absolute link is refused even when it points inside: it would break, or lead
    // elsewhere, as soon as the folder moves.
    for file in ["absolute.txt", "up.txt"] {
        assert_eq!(
            first_problem(load_in_time(&citing(&dir, file))),
            Problem::ArticleOutsideFolder(file.to_owned()),
            "{file}"
        );
    }
}

#[test]
fn many_spellings_of_one_article_share_one_copy() {
    let dir = common::folder("spellings");
    std::fs::create_dir(dir.join("sub")).unwrap();
    std::fs::hard_link(dir.join("a.txt"), dir.join("hard.txt")).unwrap();
    std::os::unix::fs::symlink("a.txt", dir.join("soft.txt")).unwrap();
    let spellings = ["a.txt", "./a.txt", "sub/../a.txt", "hard.txt", "soft.txt"];
    let sources: Vec<serde_json::Value> = spellings
        .iter()
        .enumerate()
        .map(|(i, file)| {
            serde_json::json!({ "id": format!("s{i}"), "title": "A", "publisher": "P",
                "published": "2025", "file": file })
        })
        .collect();
    let text = serde_json::json!({ "format": "sourceline/1", "title": "T", "sources": sources,
        "events": [{ "id": "e", "date": "2025", "title": "T",
            "citations": [{ "source": "s0", "quote": "talks in Riyadh" }] }] });
    let path = dir.join("events.json");
    std::fs::write(&path, text.to_string()).unwrap();
    let loaded = load_in_time(&path).unwrap();
    let sources = &loaded.timeline.sources;
    assert_eq!(sources.len(), spellings.len());
    for source in sources {
        assert!(
            Arc::ptr_eq(&source.text, &sources[0].text),
            "{} was read again",
            source.record.file.as_deref().unwrap_or_default()
        );
    }
}

/// Swaps `inside/sub` between a real folder and a symlink to a folder outside, as fast as it
/// can, while 1,000 loads read `sub/a.txt`: no load may ever see the outside text.
#[test]
fn a_folder_swapped_for_a_symlink_during_loads_never_leaks_the_outside() {
    const SECRET: &str = "SECRET outside the folder: talks in Riyadh";
    let base = common::folder("race");
    let inside = base.join("inside");
    let outside = base.join("outside");
    std::fs::create_dir_all(inside.join("real")).unwrap();
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(inside.join("real/a.txt"), common::ARTICLE).unwrap();
    std::fs::write(outside.join("a.txt"), SECRET).unwrap();
    std::os::unix::fs::symlink(&outside, inside.join("evil")).unwrap();
    std::fs::create_dir(inside.join("sub")).unwrap();
    std::fs::write(inside.join("sub/a.txt"), common::ARTICLE).unwrap();
    let path = citing(&inside, "sub/a.txt");

    let stop = Arc::new(AtomicBool::new(false));
    let swapper = {
        let stop = Arc::clone(&stop);
        let inside = inside.clone();
        std::thread::spawn(move || {
            let mut swaps = 0_u64;
            while !stop.load(Ordering::Relaxed) {
                // Each rename is atomic: `sub` is always either the real folder or the link.
                let _ = std::fs::rename(inside.join("sub"), inside.join("parked"));
                let _ = std::fs::rename(inside.join("evil"), inside.join("sub"));
                let _ = std::fs::rename(inside.join("sub"), inside.join("evil"));
                let _ = std::fs::rename(inside.join("parked"), inside.join("sub"));
                swaps += 1;
            }
            swaps
        })
    };
    let (mut inside_reads, mut refused) = (0, 0);
    for _ in 0..1000 {
        match load(&path) {
            Ok(loaded) => {
                let text = &loaded.timeline.sources[0].text;
                assert!(!text.contains("SECRET"), "read from outside the folder");
                inside_reads += 1;
            }
            Err(error) => {
                let message = error.diagnostics[0].to_string();
                assert!(!message.contains("SECRET"), "{message}");
                refused += 1;
            }
        }
    }
    stop.store(true, Ordering::Relaxed);
    let swaps = swapper.join().unwrap();
    assert!(swaps > 0);
    // Both outcomes happen; only an outside read would be wrong.
    assert_eq!(inside_reads + refused, 1000);
}
