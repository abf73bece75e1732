//! `sourceline check` as a user runs it: output format and exit codes.
#![expect(
    clippy::unwrap_used,
    reason = "a test that cannot proceed should fail loudly"
)]

mod common;

use std::process::Command;

fn check(args: &[&str]) -> (i32, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_sourceline"))
        .args(args)
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
    )
}

#[test]
fn shipped_file_checks_clean() {
    let (code, out) = check(&["check", "events.json"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.ends_with("0 error(s), 0 warning(s)\n"), "{out}");
    assert!(
        out.contains("0 normalised, 0 approximate, 0 not found"),
        "{out}"
    );
}

#[test]
fn every_bad_fixture_exits_1_with_located_lines() {
    for entry in std::fs::read_dir("tests/fixtures/bad").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let path = path.to_str().unwrap();
        let (code, out) = check(&["check", path]);
        assert_eq!(code, 1, "{path}: {out}");
        let first = out.lines().next().unwrap();
        let rest = first
            .strip_prefix(path)
            .unwrap_or_else(|| panic!("{first}"));
        let mut parts = rest.splitn(4, ':');
        assert_eq!(parts.next(), Some(""));
        assert!(parts.next().unwrap().parse::<usize>().is_ok(), "{first}");
        assert!(parts.next().unwrap().parse::<usize>().is_ok(), "{first}");
        assert!(parts.next().unwrap().starts_with(" error: "), "{first}");
        assert!(out.lines().last().unwrap().contains("error(s)"), "{out}");
    }
}

#[test]
fn warnings_do_not_fail_the_check() {
    let dir = std::env::temp_dir().join(format!("sourceline-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("a.txt"), "the talks\u{00A0}in Riyadh").unwrap();
    let json = r#"{"format":"sourceline/1","title":"t","sources":[{"id":"a","title":"A","publisher":"P","published":"2025","file":"a.txt"}],
      "events":[{"id":"e","date":"2025","title":"T","citations":[{"source":"a","quote":"talks in Riyadh"},{"source":"a","quote":"nowhere to be seen"}]}]}"#;
    std::fs::write(dir.join("events.json"), json).unwrap();
    let (code, out) = check(&["check", dir.join("events.json").to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("events.json:2:80: warning: $.events[0].citations[0].quote: quote anchored only after normalising"), "{out}");
    assert!(
        out.contains("warning: $.events[0].citations[1].quote: quote not found in \"a.txt\""),
        "{out}"
    );
    assert!(
        out.contains("(0 exact, 1 normalised, 0 approximate, 1 not found)"),
        "{out}"
    );
    assert!(out.ends_with("0 error(s), 2 warning(s)\n"), "{out}");
}

#[test]
fn bad_usage_exits_2() {
    assert_eq!(check(&["check"]).0, 2);
    assert_eq!(check(&["--no-such-flag"]).0, 2);
}

/// Runs the binary: exit code, standard output, standard error.
fn run(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_sourceline"))
        .args(args)
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn add_article_then_cite_a_new_event_from_the_command_line() {
    let events = common::ui_fixture_copy("pipeline");
    let events_arg = events.to_str().unwrap();
    let original = std::fs::read_to_string(&events).unwrap();
    let (code, out, err) = run(&[
        "add-article",
        events_arg,
        "tests/fixtures/ui/new-article.txt",
        "--title",
        "Air-policing agreed",
        "--publisher",
        "Ministry",
        "--published",
        "2025-03-03",
        "--url",
        "https://example.org/press",
        "--kind",
        "official_statement",
    ]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("added source \"air-policing-agreed\""),
        "{out}"
    );
    let folder = events.parent().unwrap();
    assert_eq!(
        std::fs::read(folder.join("articles/air-policing-agreed.txt")).unwrap(),
        std::fs::read("tests/fixtures/ui/new-article.txt").unwrap()
    );
    let (code, out, err) = run(&[
        "cite",
        events_arg,
        "--source",
        "air-policing-agreed",
        "--quote",
        "a joint air-policing mission over western Ukraine",
        "--new-event",
        r#"{"title": "Ministers agree an air-policing mission", "date": "2025-03-03", "actors": ["NATO"]}"#,
    ]);
    assert_eq!(code, 0, "{out}{err}");
    // Another citation for an existing event.
    let (code, out, err) = run(&[
        "cite",
        events_arg,
        "--source",
        "air-policing-agreed",
        "--quote",
        "starting in June",
        "--event",
        "summit",
    ]);
    assert_eq!(code, 0, "{out}{err}");
    let (code, out) = check(&["check", events_arg]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("10 citations (10 exact"), "{out}");
    let after = std::fs::read_to_string(&events).unwrap();
    let loaded = sourceline::load::load(&events).unwrap().timeline;
    let new = &loaded.events[loaded
        .index_of("ministers-agree-an-air-policing-mission")
        .unwrap()];
    assert_eq!(
        new.citations(&loaded)[0].quote(&loaded),
        Some("a joint air-policing mission over western Ukraine")
    );
    // What was there before is still there, line for line.
    let kept = original.lines().filter(|l| after.contains(l)).count();
    assert!(kept + 3 >= original.lines().count(), "{after}");
    assert!(
        after.contains("\"kind\": \"official_statement\""),
        "{after}"
    );
}

#[test]
fn bad_input_exits_1_and_leaves_the_files_alone() {
    let events = common::ui_fixture_copy("refused");
    let events_arg = events.to_str().unwrap();
    let original = std::fs::read(&events).unwrap();
    let folder = events.parent().unwrap().to_owned();
    let not_utf8 = folder.join("latin1.txt");
    std::fs::write(&not_utf8, b"caf\xe9\n").unwrap();
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec![
                "add-article",
                events_arg,
                not_utf8.to_str().unwrap(),
                "--title",
                "T",
                "--publisher",
                "P",
                "--published",
                "2025",
            ],
            "expected UTF-8 text, found an invalid byte at offset 3",
        ),
        (
            vec![
                "add-article",
                events_arg,
                "tests/fixtures/ui/new-article.txt",
                "--title",
                "T",
                "--publisher",
                "P",
                "--published",
                "2025-02-30",
            ],
            "--published: \"2025-02-30\" is not a date on the calendar",
        ),
        (
            vec![
                "add-article",
                events_arg,
                "tests/fixtures/ui/new-article.txt",
                "--title",
                "T",
                "--publisher",
                "P",
                "--published",
                "2025",
                "--url",
                "file:///etc/passwd",
            ],
            "--url: expected an http:// or https:// URL",
        ),
        (
            vec![
                "cite",
                events_arg,
                "--source",
                "wire",
                "--quote",
                "words the article never had",
                "--event",
                "riyadh",
            ],
            "--quote: not found verbatim in articles/wire.txt",
        ),
        (
            vec![
                "cite",
                events_arg,
                "--source",
                "nope",
                "--quote",
                "the delegations",
                "--event",
                "riyadh",
            ],
            "--source: no source has the id \"nope\" (there are: wire, digest)",
        ),
        (
            vec![
                "cite",
                events_arg,
                "--source",
                "wire",
                "--quote",
                "the delegations",
                "--event",
                "nope",
            ],
            "--event: no event has the id \"nope\"",
        ),
        (
            vec![
                "cite",
                events_arg,
                "--source",
                "wire",
                "--quote",
                "the delegations",
                "--new-event",
                r#"{"title": "X", "date": "2025-13"}"#,
            ],
            "$.events[",
        ),
        (
            vec![
                "add-article",
                events_arg,
                "tests/fixtures/ui/new-article.txt",
                "--title",
                "T",
                "--publisher",
                "P",
                "--published",
                "2025",
                "--id",
                "sub/inner",
            ],
            "--id: expected a name, not a path: the id \"sub/inner\" holds '/'",
        ),
        (
            vec![
                "add-article",
                events_arg,
                "tests/fixtures/ui/new-article.txt",
                "--title",
                "T",
                "--publisher",
                "P",
                "--published",
                "2025",
                "--id",
                "../../escape",
            ],
            "--id: expected a name, not a path",
        ),
        (
            vec![
                "add-article",
                events_arg,
                "tests/fixtures/ui/new-article.txt",
                "--title",
                "T",
                "--publisher",
                "P",
                "--published",
                "2025",
                "--id",
                "tal\u{200b}ks",
            ],
            "--id: the id holds the invisible or control character U+200B",
        ),
        (
            vec![
                "add-article",
                events_arg,
                "tests/fixtures/ui/new-article.txt",
                "--title",
                "T",
                "--publisher",
                "P",
                "--published",
                "2025",
                "--url",
                "https://www.reuters.com@evil.example/world",
            ],
            "this link goes to evil.example",
        ),
        (
            vec![
                "cite",
                events_arg,
                "--source",
                "wire",
                "--quote",
                "the delegations",
                "--new-event",
                r#"{"id": "a/b", "title": "X", "date": "2025-02-26"}"#,
            ],
            "expected a name, not a path: the id \"a/b\"",
        ),
        (
            vec![
                "cite",
                events_arg,
                "--source",
                "wire",
                "--quote",
                "the delegations",
                "--new-event",
                r#"{"title": "X", "date": "2025-02-26", "citations": [{"source": "wire", "quote": "words never written"}]}"#,
            ],
            "--new-event: citations[0]: the quote is not verbatim in the article of \"wire\"",
        ),
        (
            vec![
                "cite",
                events_arg,
                "--source",
                "wire",
                "--quote",
                "the delegations",
                "--new-event",
                r#"{"title": "X", "date": "2025-02-26", "citations": [{"source": "wire", "quote": "the"}]}"#,
            ],
            "--new-event: citations[0]: the quote occurs",
        ),
    ];
    for (args, expected) in cases {
        let (code, out, err) = run(&args);
        assert_eq!(code, 1, "{args:?}: {out}{err}");
        assert!(err.contains(expected), "{args:?}: {err}");
        assert_eq!(
            std::fs::read(&events).unwrap(),
            original,
            "{args:?} wrote the file"
        );
    }
    let articles: Vec<_> = std::fs::read_dir(folder.join("articles"))
        .unwrap()
        .collect();
    assert_eq!(articles.len(), 2, "no article left behind: {articles:?}");
}

#[test]
fn strict_checks_fail_on_warnings() {
    let (code, out) = check(&["check", "--strict", "events.json"]);
    assert_eq!(code, 0, "the bundled timeline passes --strict: {out}");
    let unsourced = "tests/fixtures/odd/event-no-citations.json";
    let (code, out) = check(&["check", unsourced]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("warning: $.events[0].citations: no passage cites this event"),
        "{out}"
    );
    let (code, _) = check(&["check", "--strict", unsourced]);
    assert_eq!(code, 1);
}

#[test]
fn export_prints_or_writes_each_format() {
    let (code, out, err) = run(&[
        "export",
        "events.json",
        "--to",
        "markdown",
        "--query",
        "Riyadh",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        std::fs::read_to_string("tests/fixtures/export/riyadh.md").unwrap()
    );
    let (code, out, err) = run(&["export", "events.json", "--to", "timelinejs"]);
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["events"].as_array().unwrap().len(), 39);
    let target = std::env::temp_dir().join(format!("sourceline-export-{}.csv", std::process::id()));
    let (code, out, err) = run(&[
        "export",
        "events.json",
        "--to",
        "csv",
        "--out",
        target.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("wrote 39 event(s)"), "{out}");
    let csv = std::fs::read_to_string(&target).unwrap();
    assert_eq!(csv.lines().count(), 57, "a header and 56 citations");
    // A bad events file: located errors, exit 1, nothing written.
    let (code, _, err) = run(&[
        "export",
        "tests/fixtures/bad/date-month-13.json",
        "--to",
        "csv",
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("date-month-13.json:19:7"), "{err}");
}

#[test]
fn export_out_never_writes_over_the_timeline_an_article_or_a_device() {
    use std::os::unix::fs::FileTypeExt as _;
    let events = common::ui_fixture_copy("export-out");
    let dir = events.parent().unwrap().to_owned();
    let before = std::fs::read(&events).unwrap();
    let article = dir.join("articles").join("wire.txt");
    let article_before = std::fs::read(&article).unwrap();
    let events_arg = events.to_str().unwrap();
    for (out, expected) in [
        (events.clone(), "this is the events file"),
        (
            dir.join("articles").join("..").join("events.json"),
            "this is the events file",
        ),
        (article.clone(), "this is the article of source"),
        (dir.join("articles"), "found a folder"),
        (std::path::PathBuf::from("/dev/null"), "found a device"),
    ] {
        let (code, _, err) = run(&[
            "export",
            events_arg,
            "--to",
            "markdown",
            "--out",
            out.to_str().unwrap(),
        ]);
        assert_eq!(code, 1, "{}: {err}", out.display());
        assert!(err.contains(expected), "{}: {err}", out.display());
    }
    assert_eq!(std::fs::read(&events).unwrap(), before);
    assert_eq!(std::fs::read(&article).unwrap(), article_before);
    // The device is still a device (as root, the old rename would have replaced it).
    assert!(
        std::fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device()
    );
}

#[test]
fn simultaneous_cites_all_land_or_are_refused_by_name() {
    let events = common::ui_fixture_copy("simultaneous");
    let events_arg = events.to_str().unwrap();
    let cite = |n: usize| {
        Command::new(env!("CARGO_BIN_EXE_sourceline"))
            .args([
                "cite",
                events_arg,
                "--source",
                "wire",
                "--quote",
                "ministers said membership of the alliance was not realistic",
                "--new-event",
                &format!(r#"{{"id": "writer-{n}", "title": "Writer {n}", "date": "2025-02-26"}}"#),
            ])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let mut landed = Vec::new();
    for pair in 0..20 {
        let (first, second) = (cite(2 * pair), cite(2 * pair + 1));
        for (n, child) in [(2 * pair, first), (2 * pair + 1, second)] {
            let output = child.wait_with_output().unwrap();
            let err = String::from_utf8_lossy(&output.stderr);
            match output.status.code() {
                Some(0) => landed.push(n),
                Some(1) => assert!(err.contains("changed on disk"), "writer {n}: {err}"),
                other => panic!("writer {n} ended with {other:?}: {err}"),
            }
        }
    }
    let timeline = sourceline::load::load(&events).unwrap().timeline;
    for n in &landed {
        let index = timeline
            .index_of(&format!("writer-{n}"))
            .unwrap_or_else(|| panic!("writer {n} said it cited, but its event is gone"));
        assert_eq!(timeline.events[index].citations(&timeline).len(), 1);
    }
    // With the lock and a fresh load after a conflict, none needs refusing.
    assert_eq!(landed.len(), 40, "landed: {landed:?}");
}

#[test]
fn export_to_standard_output_is_the_export_byte_for_byte() {
    let events = common::ui_fixture_copy("stdout-bytes");
    // A title with characters the terminal escape would rewrite: a zero-width space, a
    // right-to-left override and an escape.
    let text = std::fs::read_to_string(&events).unwrap().replacen(
        "\"Delegations meet in Riyadh\"",
        "\"Delegations\\u200b meet \\u202e in \\u001b[31mRiyadh\"",
        1,
    );
    std::fs::write(&events, text).unwrap();
    let events_arg = events.to_str().unwrap();
    for format in ["timelinejs", "markdown", "csv"] {
        let output = Command::new(env!("CARGO_BIN_EXE_sourceline"))
            .args(["export", events_arg, "--to", format])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0), "{format}");
        let out = events.with_file_name(format!("out.{format}"));
        let (code, _, err) = run(&[
            "export",
            events_arg,
            "--to",
            format,
            "--out",
            out.to_str().unwrap(),
        ]);
        assert_eq!(code, 0, "{err}");
        assert!(
            output.stdout == std::fs::read(&out).unwrap(),
            "{format}: standard output differs from the file"
        );
        assert!(
            String::from_utf8(output.stdout.clone())
                .unwrap()
                .contains('\u{202e}'),
            "{format}"
        );
        if format == "timelinejs" {
            serde_json::from_slice::<serde_json::Value>(&output.stdout).unwrap();
        }
    }
}

#[test]
fn cite_refuses_a_quote_that_is_not_one_exact_place_on_whole_characters() {
    let dir = std::env::temp_dir().join(format!("sourceline-cite-exact-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("articles")).unwrap();
    // The refrain opens the article: its first "la la la" has nothing before it, and the same
    // 256 characters after it as the next one.
    let article = format!("{}fin.\n\nLe cafe\u{301} de la place.\n", "la ".repeat(400));
    std::fs::write(dir.join("articles/song.txt"), &article).unwrap();
    let events = dir.join("events.json");
    std::fs::write(
        &events,
        r#"{"format": "sourceline/1", "title": "t",
  "sources": [{"id": "song", "title": "S", "publisher": "P", "published": "2025", "file": "articles/song.txt"}],
  "events": [{"id": "e", "date": "2025", "title": "E", "citations": [{"source": "song", "quote": "de la place"}]}]
}
"#,
    )
    .unwrap();
    let original = std::fs::read(&events).unwrap();
    let events_arg = events.to_str().unwrap();
    for (quote, expected) in [
        ("Le cafe", "--quote: the quote ends inside a character"),
        ("la la la", "--quote: the quote occurs 133 times"),
    ] {
        let (code, out, err) = run(&[
            "cite", events_arg, "--source", "song", "--quote", quote, "--event", "e",
        ]);
        assert_eq!(code, 1, "{quote}: {out}{err}");
        assert!(err.contains(expected), "{quote}: {err}");
        assert!(
            std::fs::read(&events).unwrap() == original,
            "{quote} wrote the file"
        );
    }
    // A repeated quote whose wider context is unique is cited, exactly there.
    let (code, out, err) = run(&[
        "cite", events_arg, "--source", "song", "--quote", "la fin", "--event", "e",
    ]);
    assert_eq!(code, 0, "{out}{err}");
}

#[test]
fn extract_prints_the_article_of_a_saved_page_or_its_metadata_as_json() {
    let (code, out, err) = run(&["extract", "tests/fixtures/pages/article.html"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("\n\nThe delegations met in Riyadh on Tuesday"),
        "{out}"
    );
    assert!(!out.contains("Most read"), "{out}");
    let (code, out, err) = run(&["extract", "tests/fixtures/pages/article.html", "--json"]);
    assert_eq!(code, 0, "{err}");
    let page: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(page["title"], "Delegations meet in Riyadh");
    assert_eq!(page["publisher"], "Example Wire");
    assert_eq!(page["published"], "2025-02-18");
    assert_eq!(page["url"], "https://wire.example/2025/02/riyadh");
    assert!(
        page["extractor"]
            .as_str()
            .unwrap()
            .starts_with("trafilatura")
    );
    assert!(page["text"].as_str().unwrap().contains("within a month"));
    let (code, _, err) = run(&["extract", "tests/fixtures/ui/new-article.txt"]);
    assert_eq!(code, 1);
    assert!(err.contains("expected a saved web page"), "{err}");
}

#[test]
fn add_article_of_a_saved_page_archives_the_page_and_its_text_with_their_hashes() {
    let events = common::ui_fixture_copy("saved-page");
    let events_arg = events.to_str().unwrap();
    let page = std::fs::read("tests/fixtures/pages/article.html").unwrap();
    let (code, out, err) = run(&[
        "add-article",
        events_arg,
        "tests/fixtures/pages/article.html",
    ]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("added source \"delegations-meet-in-riyadh\""),
        "{out}"
    );
    let folder = events.parent().unwrap();
    assert!(
        std::fs::read(folder.join("articles/delegations-meet-in-riyadh.html")).unwrap() == page,
        "the page is kept byte for byte"
    );
    let text =
        std::fs::read_to_string(folder.join("articles/delegations-meet-in-riyadh.txt")).unwrap();
    assert!(
        text.contains("The delegations met in Riyadh on Tuesday"),
        "{text}"
    );
    let timeline = sourceline::load::load(&events).unwrap().timeline;
    let source = timeline
        .sources
        .iter()
        .find(|s| s.record.id == "delegations-meet-in-riyadh")
        .unwrap();
    let record = &source.record;
    assert_eq!(record.title, "Delegations meet in Riyadh");
    assert_eq!(record.publisher, "Example Wire");
    assert_eq!(record.author.as_deref(), Some("Jane Reporter"));
    assert_eq!(record.published, "2025-02-18");
    assert!(
        record.published_approximate,
        "a date the page gives is the extractor's finding"
    );
    assert!(
        record
            .published_note
            .as_deref()
            .unwrap()
            .contains("trafilatura")
    );
    assert_eq!(
        record.url.as_deref(),
        Some("https://wire.example/2025/02/riyadh")
    );
    assert_eq!(
        record.sha256.as_deref(),
        Some(sourceline::model::sha256_hex(text.as_bytes()).as_str())
    );
    let original = record.original.as_ref().unwrap();
    assert_eq!(original.file, "articles/delegations-meet-in-riyadh.html");
    assert_eq!(original.media_type, "text/html");
    assert_eq!(original.sha256, sourceline::model::sha256_hex(&page));
    assert!(original.extractor.starts_with("trafilatura"));
    assert!(original.captured.ends_with('Z'), "{}", original.captured);
    let (code, out) = check(&["check", events_arg]);
    assert_eq!(code, 0, "{out}");
    // A quote of the page's text cites as any other.
    let (code, out, err) = run(&[
        "cite",
        events_arg,
        "--source",
        "delegations-meet-in-riyadh",
        "--quote",
        "would meet again within a month",
        "--event",
        "riyadh",
    ]);
    assert_eq!(code, 0, "{out}{err}");
}

#[test]
fn dates_lists_each_mention_with_its_offsets_date_and_how() {
    let article = "tests/fixtures/dates/wire-2025-03-05.txt";
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_sourceline"))
        .args(["dates", article, "--published", "2025-03-05", "--json"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let found: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let text = std::fs::read_to_string(article).unwrap();
    let found = found.as_array().unwrap();
    for m in found {
        let (start, end) = (
            m["start"].as_u64().unwrap() as usize,
            m["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&text[start..end], m["text"].as_str().unwrap());
    }
    let friday = found.iter().find(|m| m["text"] == "on Friday").unwrap();
    assert_eq!(friday["date"], "2025-02-28");
    assert_eq!(friday["precision"], "day");
    assert_eq!(friday["approximate"], true);
    assert_eq!(
        friday["how"],
        "the Friday on or before the publication date Wednesday 5 March 2025"
    );
    // No trap is dated.
    for trap in ["40,000", "7%", "10-point", "may meet"] {
        let at = text.find(trap).unwrap();
        assert!(
            !found.iter().any(
                |m| (m["start"].as_u64().unwrap() as usize) < at + trap.len()
                    && at < m["end"].as_u64().unwrap() as usize
            ),
            "{trap}"
        );
    }
    let bad = std::process::Command::new(env!("CARGO_BIN_EXE_sourceline"))
        .args(["dates", article, "--published", "2025-03"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("expected a day, YYYY-MM-DD"));
}
