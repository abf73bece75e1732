//! Every hostile file in `tests/fixtures/bad/` is refused with the right message at the right place.
#![expect(
    clippy::unwrap_used,
    reason = "a test that cannot proceed should fail loudly"
)]

use std::path::Path;

use sourceline::load::diagnostic::Severity;
use sourceline::load::load;

/// (file stem, line, column, words the first error must contain).
const CASES: &[(&str, usize, usize, &str)] = &[
    (
        "approximate-without-note",
        21,
        7,
        "$.events[0].approximate: approximate dates need a date_note",
    ),
    (
        "article-absolute",
        13,
        7,
        "$.sources[0].file: article path \"/etc/hostname\" leaves the events file's folder",
    ),
    (
        "article-dotdot",
        13,
        7,
        "article path \"articles/../../odd/articles/a.txt\" leaves the events file's folder",
    ),
    (
        "article-is-folder",
        13,
        7,
        "$.sources[0].file: article \"articles\" is a folder, not a regular file",
    ),
    (
        "article-missing",
        13,
        7,
        "article \"articles/missing.txt\" cannot be read",
    ),
    (
        "article-not-utf8",
        13,
        7,
        "article \"articles/latin1.txt\": expected UTF-8 text, found an invalid byte at offset 3",
    ),
    (
        "article-symlink-out",
        13,
        7,
        "article path \"articles/outside-link.txt\" leaves the events file's folder",
    ),
    (
        "article-utf16",
        13,
        7,
        "article \"articles/utf16.txt\": UTF-16 text (little-endian, no byte order mark): expected UTF-8",
    ),
    (
        "bad-url",
        12,
        7,
        "$.sources[0].url: \"javascript:alert(1)\" is not a usable source URL: expected an http:// or https:// URL, found the scheme \"javascript\"",
    ),
    (
        "claimed-date-bad",
        35,
        11,
        "$.events[0].citations[0].claimed_date: \"2025-02-30\" is not a date on the calendar",
    ),
    (
        "date-bad-shape",
        19,
        7,
        "$.events[0].date: expected a date as YYYY, YYYY-MM or YYYY-MM-DD, found \"18/02/2025\"",
    ),
    (
        "date-february-30",
        19,
        7,
        "$.events[0].date: \"2025-02-30\" is not a date on the calendar",
    ),
    (
        "date-month-13",
        19,
        7,
        "$.events[0].date: \"2025-13\" is not a date on the calendar",
    ),
    (
        "date-number",
        19,
        7,
        "$.events[0].date: invalid type: integer `20250218`, expected a string",
    ),
    (
        "date-year-zero",
        19,
        7,
        "\"0000-01-01\" is not a date on the calendar",
    ),
    (
        "duplicate-event-id",
        39,
        7,
        "$.events[1].id: duplicate event id \"e1\" (first used at $.events[0])",
    ),
    (
        "duplicate-key",
        4,
        3,
        "$.title: duplicate key \"title\": expected each key once per object",
    ),
    (
        "duplicate-source-id",
        16,
        7,
        "$.sources[1].id: duplicate source id \"a\" (first used at $.sources[0])",
    ),
    (
        "empty-event-id",
        18,
        7,
        "$.events[0].id: expected a non-empty id",
    ),
    (
        "empty-file",
        1,
        1,
        "JSON syntax error: EOF while parsing a value",
    ),
    (
        "empty-quote",
        32,
        11,
        "$.events[0].citations[0].quote: expected a non-empty quote",
    ),
    (
        "end-before-date",
        20,
        7,
        "$.events[0].end: end 2025-02-17 is before date 2025-02-18",
    ),
    (
        "era-end-before-start",
        17,
        27,
        "$.eras[0].end: end 2025-02 is before date 2025-03",
    ),
    (
        "event-missing-citations-field",
        17,
        5,
        "$.events[0]: missing field `citations`",
    ),
    (
        "event-title-number",
        44,
        7,
        "$.events[1].title: invalid type: integer `42`, expected a string",
    ),
    (
        "event-unknown-field",
        37,
        7,
        "$.events[0].colour: unknown field `colour`",
    ),
    (
        "events-not-array",
        16,
        3,
        "$.events: expected an array, found an object",
    ),
    (
        "format-not-string",
        2,
        3,
        "$.format: expected a string, found a number",
    ),
    ("missing-title", 1, 1, "missing field `title`"),
    (
        "not-utf8",
        3,
        17,
        "expected UTF-8 text, found an invalid byte sequence",
    ),
    (
        "null-events",
        16,
        3,
        "$.events: expected an array, found null",
    ),
    (
        "published-bad-date",
        10,
        7,
        "$.sources[0].published: \"2025-02-29\" is not a date on the calendar",
    ),
    (
        "root-array",
        1,
        1,
        "expected an object with format, title, sources and events",
    ),
    (
        "syntax-trailing-comma",
        3,
        22,
        "JSON syntax error: key must be a string",
    ),
    (
        "syntax-unclosed",
        39,
        1,
        "JSON syntax error: EOF while parsing an object",
    ),
    (
        "unknown-format",
        2,
        3,
        "$.format: unknown format \"sourceline/2\", expected \"sourceline/1\"",
    ),
    (
        "unknown-source",
        31,
        11,
        "$.events[0].citations[0].source: unknown source \"b\"",
    ),
];

#[test]
fn each_bad_file_is_refused_with_a_located_message() {
    for &(stem, line, column, words) in CASES {
        let path = Path::new("tests/fixtures/bad").join(format!("{stem}.json"));
        let error = load(&path).expect_err(stem);
        let errors: Vec<_> = error
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        assert_eq!(
            errors.len(),
            1,
            "{stem}: one problem, one error, got {errors:#?}"
        );
        let first = errors[0];
        assert_eq!(
            (first.location.line, first.location.column),
            (line, column),
            "{stem}: {first}"
        );
        assert!(first.message().contains(words), "{stem}: {first}");
        let printed = first.to_string();
        let prefix = format!("{}:{line}:{column}: error: ", path.display());
        assert!(printed.starts_with(&prefix), "{printed}");
    }
}

#[test]
fn every_bad_fixture_has_a_case() {
    let mut stems: Vec<String> = std::fs::read_dir("tests/fixtures/bad")
        .unwrap()
        .filter_map(|entry| {
            let path = entry.unwrap().path();
            (path.extension()? == "json")
                .then(|| path.file_stem().unwrap().to_string_lossy().into_owned())
        })
        .collect();
    stems.sort();
    let cases: Vec<&str> = CASES.iter().map(|c| c.0).collect();
    assert_eq!(stems, cases);
    assert!(stems.len() >= 30);
}

#[test]
fn all_errors_are_reported_not_just_the_first() {
    let dir = tempdir();
    std::fs::write(dir.join("a.txt"), "talks in Riyadh").unwrap();
    let text = r#"{ "format": "sourceline/1", "title": "t",
      "sources": [ { "id": "a", "title": "A", "publisher": "P", "published": "2025-02", "file": "a.txt" } ],
      "events": [
        { "id": "x", "date": "2025-02-30", "title": "one", "citations": [ { "source": "a", "quote": "talks" } ] },
        { "id": "x", "date": "2025-13", "title": 7, "citations": [] },
        { "id": "y", "date": "2025", "end": "2024", "title": "three", "citations": [ { "source": "zz", "quote": "q" } ] }
      ] }"#;
    let path = dir.join("events.json");
    std::fs::write(&path, text).unwrap();
    let error = load(&path).unwrap_err();
    let messages: Vec<String> = error.diagnostics.iter().map(ToString::to_string).collect();
    // The structurally broken event is reported once; the others each with their own problems.
    assert_eq!(error.error_count(), 4, "{messages:#?}");
    let joined = messages.join("\n");
    assert!(
        joined.contains(":4:22: error: $.events[0].date: \"2025-02-30\""),
        "{joined}"
    );
    assert!(
        joined.contains(":5:41: error: $.events[1].title: invalid type: integer `7`"),
        "{joined}"
    );
    assert!(
        joined.contains("$.events[2].end: end 2024 is before date 2025"),
        "{joined}"
    );
    assert!(
        joined.contains("$.events[2].citations[0].source: unknown source \"zz\""),
        "{joined}"
    );
}

#[test]
fn a_file_over_the_cap_is_refused_before_reading() {
    let dir = tempdir();
    let path = dir.join("huge.json");
    let file = std::fs::File::create(&path).unwrap();
    // Sparse: costs no disk, but its size is over the cap.
    file.set_len(sourceline::load::MAX_EVENTS_FILE_BYTES + 1)
        .unwrap();
    let error = load(&path).unwrap_err();
    let message = error.diagnostics[0].to_string();
    assert!(
        message
            .contains(":1:1: error: the file is 1073741825 bytes, over the 1073741824-byte limit"),
        "{message}"
    );
}

#[test]
fn a_missing_file_is_an_error_not_a_panic() {
    let error = load(Path::new("tests/fixtures/no-such-file.json")).unwrap_err();
    assert!(
        error.diagnostics[0]
            .to_string()
            .contains("cannot read the file")
    );
}

fn tempdir() -> std::path::PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "sourceline-test-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
