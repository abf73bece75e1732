//! Hostile contents rather than hostile files: quotes that are not there, many problems in one
//! file, text that tries to forge the output, keys written twice, ids that only look alike.
#![expect(
    clippy::unwrap_used,
    reason = "a test that cannot proceed should fail loudly"
)]

mod common;

use sourceline::load::anchor::{APPROXIMATE_MAX_LEN, AnchorQuality, anchor};
use sourceline::load::diagnostic::{Location, Problem, Severity, is_unsafe_char};
use sourceline::load::{Articles, load_bytes};

/// A few megabytes of varied prose, the same on every run.
fn prose(bytes: usize) -> String {
    let words = [
        "talks",
        "in",
        "Riyadh",
        "between",
        "Washington",
        "and",
        "Moscow",
        "ended",
        "without",
        "a",
        "ceasefire",
        "while",
        "European",
        "leaders",
        "met",
        "in",
        "Paris",
        "to",
        "discuss",
        "guarantees",
    ];
    let mut out = String::with_capacity(bytes + 16);
    let mut state = 12_345_u64;
    while out.len() < bytes {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1);
        out.push_str(words[(state >> 33) as usize % words.len()]);
        out.push(if state.is_multiple_of(11) { '\n' } else { ' ' });
    }
    out
}

#[test]
fn a_misquote_deep_in_a_large_article_is_still_found_approximately() {
    let mut text = prose(4 << 20);
    let passage = "The negotiators agreed on a framework for security guarantees for Ukraine, \
                   backed by a coalition of willing European states and monitored from the air.";
    // The prose is ASCII: any offset is a character boundary.
    let at = text.len() / 2;
    text.insert_str(at, passage);
    let misquote = passage
        .replace("agreed on", "agreed upon")
        .replace("willing", "wiling");
    let found = anchor(&text, &misquote, None, None);
    assert!(
        matches!(found.quality, AnchorQuality::Approximate { .. }),
        "{:?}",
        found.quality
    );
    let range = found.range.unwrap();
    assert!(
        range.start >= at && range.end <= at + passage.len() + 1,
        "{range:?}"
    );
}

#[test]
fn a_quote_past_the_approximate_cap_must_match_as_written_or_folded() {
    let text = prose(64 << 10);
    let quote = &text[1000..1000 + APPROXIMATE_MAX_LEN + 200];
    assert_eq!(
        anchor(&text, quote, None, None).quality,
        AnchorQuality::Exact
    );
    // One letter changed: close enough for the approximate tier, but too long for it.
    let mut misquote = quote.to_owned();
    misquote.replace_range(500..501, "#");
    assert_eq!(
        anchor(&text, &misquote, None, None).quality,
        AnchorQuality::NotFound
    );
    // Under the cap, the same kind of typo is found.
    let short = &misquote[400..700];
    assert!(matches!(
        anchor(&text, short, None, None).quality,
        AnchorQuality::Approximate { .. }
    ));
}

fn events_file(events: &[serde_json::Value]) -> String {
    serde_json::to_string(&serde_json::json!({ "format": "sourceline/1", "title": "T",
        "sources": [{ "id": "a", "title": "A", "publisher": "P", "published": "2025", "file": "a.txt" }],
        "events": events }))
    .unwrap()
}

fn event(id: &str, date: &str) -> serde_json::Value {
    serde_json::json!({ "id": id, "date": date, "title": "T",
        "citations": [{ "source": "a", "quote": "talks in Riyadh" }] })
}

const ARTICLES: &[(&str, &str)] = &[("a.txt", common::ARTICLE)];

#[test]
fn thousands_of_problems_on_one_long_line_are_each_located() {
    // Minified: one line, so every location is a column far along it.
    let events: Vec<serde_json::Value> = (0..3000)
        .map(|i| {
            event(
                &format!("é{i}"),
                if i % 3 == 0 { "2025-13" } else { "2025" },
            )
        })
        .collect();
    let text = events_file(&events);
    assert_eq!(text.lines().count(), 1);
    let error = load_bytes(
        text.as_bytes(),
        "t.json".as_ref(),
        Articles::Embedded(ARTICLES),
    )
    .unwrap_err();
    assert_eq!(error.error_count(), 1000);
    for d in &error.diagnostics {
        let index = match d.path.0.get(1) {
            Some(sourceline::load::diagnostic::PathSegment::Index(i)) => *i,
            other => panic!("{other:?}"),
        };
        // The date member of event `index` (members are written in key order), located at its
        // key, by counting characters.
        let member = format!("\"date\":\"2025-13\",\"id\":\"é{index}\"");
        let offset = text.find(&member).unwrap();
        assert_eq!(d.location, Location::of_offset(&text, offset), "{d}");
    }
}

#[test]
fn a_syntax_error_is_located_in_characters() {
    let text = "{\"format\": \"sourceline/1\", \"title\": \"ééé\" x}";
    let error = load_bytes(
        text.as_bytes(),
        "t.json".as_ref(),
        Articles::Embedded(ARTICLES),
    )
    .unwrap_err();
    let d = &error.diagnostics[0];
    assert!(matches!(d.problem, Problem::Syntax(_)), "{d}");
    // The stray x is the 43rd character (its byte column is 46).
    assert_eq!(
        d.location,
        Location {
            line: 1,
            column: 43
        }
    );
}

#[test]
fn a_duplicate_key_is_reported_beside_other_errors() {
    let mut second = event("e2", "2025");
    second["title"] = serde_json::json!("first title");
    let text = events_file(&[event("e1", "2025-13"), second]).replace(
        "\"title\":\"first title\"",
        "\"title\":\"first title\",\"title\":\"second title\"",
    );
    let error = load_bytes(
        text.as_bytes(),
        "t.json".as_ref(),
        Articles::Embedded(ARTICLES),
    )
    .unwrap_err();
    let messages: Vec<String> = error
        .diagnostics
        .iter()
        .map(sourceline::load::diagnostic::Diagnostic::message)
        .collect();
    assert!(
        messages.iter().any(|m| m.starts_with("$.events[0].date:")),
        "{messages:?}"
    );
    assert!(
        messages.iter().any(|m| m
            == "$.events[1].title: duplicate key \"title\": expected each key once per object"),
        "{messages:?}"
    );
}

#[test]
fn ids_that_differ_only_by_invisible_characters_are_warned_of() {
    let text = events_file(&[
        event("talks", "2025"),
        event("tal\u{200b}ks", "2025"),
        event("\u{202e}x", "2025"),
        event("x", "2025"),
    ]);
    let loaded = load_bytes(
        text.as_bytes(),
        "t.json".as_ref(),
        Articles::Embedded(ARTICLES),
    )
    .unwrap();
    let lookalikes: Vec<String> = loaded
        .diagnostics
        .iter()
        .filter(|d| matches!(d.problem, Problem::LookalikeId { .. }))
        .map(ToString::to_string)
        .collect();
    assert_eq!(lookalikes.len(), 2, "{lookalikes:?}");
    assert!(lookalikes.iter().all(|l| !l.chars().any(is_unsafe_char)));
    assert!(
        lookalikes[0].contains("$.events[1].id: id \"tal\\u{200b}ks\" differs from \"talks\""),
        "{lookalikes:?}"
    );
    assert!(
        loaded
            .diagnostics
            .iter()
            .all(|d| d.severity == Severity::Warning)
    );
}

#[test]
fn check_output_cannot_be_forged_by_the_file() {
    let dir = common::folder("forged");
    let forged = "x\n/tmp/ok.json:1:1: warning: all fine\u{1b}[2K\u{202e}";
    let mut e = event("e1", forged);
    e["title"] = serde_json::json!("\u{1b}]0;title\u{7}");
    std::fs::write(dir.join("events.json"), events_file(&[e])).unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_sourceline"))
        .arg("check")
        .arg(dir.join("events.json"))
        .output()
        .unwrap();
    let out = String::from_utf8(output.stdout).unwrap();
    assert!(
        !out.chars().any(|c| is_unsafe_char(c) && c != '\n'),
        "{out:?}"
    );
    // One diagnostic and the summary: the forged line stays inside the first.
    assert_eq!(out.lines().count(), 2, "{out}");
    assert!(
        out.lines()
            .next()
            .unwrap()
            .contains("x\\u{a}/tmp/ok.json:1:1: warning: all fine\\u{1b}[2K\\u{202e}"),
        "{out}"
    );
}
