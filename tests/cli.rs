//! `sourceline check` as a user runs it: output format and exit codes.
#![expect(
    clippy::unwrap_used,
    reason = "a test that cannot proceed should fail loudly"
)]

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
