//! The reload pipeline without a window: real files, the real watcher, and loads taken in as
//! the window takes them (the new timeline prepared against the one shown on the loader's
//! worker, then [`Document::replace`] or [`Document::refuse`]).

mod common;

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::events_json;

use sourceline::document::{Document, Finished, Follower, Incoming, Loader, Outcome};
use sourceline::load::load;

/// Waits (bounded) for the watcher to report a change, then reloads in the background and
/// hands the result to the document, as the window does.
fn next_reload(follower: &Follower, document: &mut Document, path: &Path) -> Outcome {
    let deadline = Instant::now() + Duration::from_secs(10);
    while !follower.changed() {
        assert!(Instant::now() < deadline, "no change noticed");
        std::thread::sleep(Duration::from_millis(20));
    }
    let base = Arc::clone(document.timeline());
    let base_path = document.path().map(Path::to_path_buf);
    let job = Loader::new().start_then(
        path.to_owned(),
        {
            let path = path.to_owned();
            move |loaded| Incoming::new(path, loaded, &base, base_path.as_deref())
        },
        || {},
    );
    let finished = job.wait(Duration::from_secs(10)).expect("load finished");
    take(document, finished)
}

/// What the window does with a finished load: a good one replaces the timeline, a bad one is
/// refused and the timeline stays.
fn take(document: &mut Document, finished: Finished<Incoming>) -> Outcome {
    match finished.result {
        Ok(incoming) => Outcome::Replaced(document.replace(incoming)),
        Err(error) => document.refuse(error),
    }
}

fn ids(document: &Document) -> Vec<String> {
    document
        .timeline()
        .events
        .iter()
        .map(|e| e.id(document.timeline()).to_owned())
        .collect()
}

#[test]
fn follows_edits_renames_breakage_fixes_and_recreation() {
    let dir = common::folder("reload-follow");
    let path = dir.join("events.json");
    std::fs::write(&path, events_json(&[("e1", "2025-02-18", "Riyadh")])).unwrap();
    let mut document = Document::new(Some(path.clone()), load(&path).unwrap());
    let mut follower = Follower::new(|| {}).unwrap();
    follower.follow(document.followed_files());
    assert_eq!(ids(&document), ["e1"]);

    // 1. Edited in place.
    std::fs::write(
        &path,
        events_json(&[("e1", "2025-02-18", "Riyadh"), ("e2", "2025-02-24", "UN")]),
    )
    .unwrap();
    let outcome = next_reload(&follower, &mut document, &path);
    assert!(
        matches!(&outcome, Outcome::Replaced(s) if s.added == ["e2"] && s.changed.is_empty()),
        "{outcome:?}"
    );
    assert_eq!(ids(&document), ["e1", "e2"]);
    assert_eq!(
        document.changes().unwrap().headline(),
        "1 added, 0 changed, 0 removed"
    );

    // 2. Replaced by a rename, as editors save.
    let temp = dir.join(".events.json.tmp");
    std::fs::write(
        &temp,
        events_json(&[
            ("e1", "2025-02-18", "Riyadh talks"),
            ("e2", "2025-02-24", "UN"),
        ]),
    )
    .unwrap();
    std::fs::rename(&temp, &path).unwrap();
    let outcome = next_reload(&follower, &mut document, &path);
    assert!(
        matches!(&outcome, Outcome::Replaced(s) if s.changed == ["e1"]),
        "{outcome:?}"
    );
    assert_eq!(
        document.timeline().events[0].title(document.timeline()),
        "Riyadh talks"
    );

    // 3. Broken: a syntax error. The last good timeline stays.
    std::fs::write(&path, "{ \"format\": \"sourceline/1\", ").unwrap();
    assert_eq!(
        next_reload(&follower, &mut document, &path),
        Outcome::Refused
    );
    assert_eq!(ids(&document), ["e1", "e2"]);
    let errors: Vec<String> = document.errors().iter().map(ToString::to_string).collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].contains("events.json:1:28: error: JSON syntax error: EOF while parsing a value"),
        "{errors:?}"
    );

    // 4. Broken differently: an impossible date, located.
    std::fs::write(
        &path,
        events_json(&[
            ("e1", "2025-02-18", "Riyadh talks"),
            ("e2", "2025-02-30", "UN"),
        ]),
    )
    .unwrap();
    assert_eq!(
        next_reload(&follower, &mut document, &path),
        Outcome::Refused
    );
    assert_eq!(ids(&document), ["e1", "e2"]);
    let errors: Vec<String> = document.errors().iter().map(ToString::to_string).collect();
    assert!(
        errors[0].contains("error: $.events[1].date: \"2025-02-30\" is not a date on the calendar"),
        "{errors:?}"
    );

    // 5. Fixed, with an event removed: recovers and clears the errors.
    std::fs::write(&path, events_json(&[("e1", "2025-02-18", "Riyadh talks")])).unwrap();
    let outcome = next_reload(&follower, &mut document, &path);
    assert!(
        matches!(&outcome, Outcome::Replaced(s) if s.removed == ["e2"]),
        "{outcome:?}"
    );
    assert!(document.error().is_none());

    // 6. sed -i, which writes a new file and renames it over the old one.
    let status = std::process::Command::new("sed")
        .args([
            "-i",
            "s/Riyadh talks/Talks in Riyadh/",
            path.to_str().unwrap(),
        ])
        .status();
    if status.is_ok_and(|s| s.success()) {
        let outcome = next_reload(&follower, &mut document, &path);
        assert!(
            matches!(&outcome, Outcome::Replaced(s) if s.changed == ["e1"]),
            "{outcome:?}"
        );
        assert_eq!(
            document.timeline().events[0].title(document.timeline()),
            "Talks in Riyadh"
        );
    }

    // 7. Deleted, then recreated.
    std::fs::remove_file(&path).unwrap();
    assert_eq!(
        next_reload(&follower, &mut document, &path),
        Outcome::Refused
    );
    assert!(
        document.errors()[0]
            .to_string()
            .contains("cannot read the file")
    );
    assert_eq!(ids(&document), ["e1"]);
    std::fs::write(
        &path,
        events_json(&[
            ("e1", "2025-02-18", "Talks in Riyadh"),
            ("e3", "2025-03", "Later"),
        ]),
    )
    .unwrap();
    let outcome = next_reload(&follower, &mut document, &path);
    assert!(
        matches!(&outcome, Outcome::Replaced(s) if s.added == ["e3"]),
        "{outcome:?}"
    );
    assert!(document.error().is_none());

    // 8. An article changes: its citations re-anchor, and the quote lost is a warning, not a failure.
    std::fs::write(dir.join("a.txt"), "Entirely different text now.").unwrap();
    let outcome = next_reload(&follower, &mut document, &path);
    assert!(
        matches!(&outcome, Outcome::Replaced(s) if s.changed == ["e1", "e3"]),
        "{outcome:?}"
    );
    assert_eq!(document.warnings().len(), 2);
}

#[test]
fn a_cancelled_load_changes_nothing() {
    let dir = common::folder("reload-cancel");
    let path = dir.join("events.json");
    std::fs::write(&path, events_json(&[("e1", "2025-02-18", "Riyadh")])).unwrap();
    let mut document = Document::new(Some(path.clone()), load(&path).unwrap());
    let progress = sourceline::load::Progress::default();
    progress.cancel();
    let result = sourceline::load::load_with_progress(&path, &progress);
    let error = result.expect_err("a cancelled load fails");
    assert_eq!(document.refuse(error), Outcome::Cancelled);
    assert!(document.error().is_none());
    assert_eq!(ids(&document), ["e1"]);
}
