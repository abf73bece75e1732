//! Planned edits change only what they must, in the file's own style, and load.

use super::*;
use crate::load::fixture::{SMALL_EVENTS as EVENTS_JSON, small_from};
use crate::model::CitationRecord;

fn load(text: &str) -> crate::model::Timeline {
    small_from(text).timeline
}

fn record(id: &str, date: &str, title: &str) -> EventRecord {
    EventRecord {
        id: id.to_owned(),
        date: date.to_owned(),
        end: None,
        approximate: false,
        date_note: None,
        title: title.to_owned(),
        summary: "A summary.".to_owned(),
        actors: vec!["United States".to_owned()],
        tags: vec!["talks".to_owned()],
        citations: vec![CitationRecord {
            source: "trt-2025-02-26".to_owned(),
            quote: Some(
                "given the recent talks in Riyadh between Washington and Moscow".to_owned(),
            ),
            prefix: None,
            suffix: None,
            claimed_date: None,
        }],
        media: None,
    }
}

/// The lines of `after` that are not in `before`, and the other way round (a line diff by
/// longest common prefix and suffix, enough for one contiguous change).
fn changed_lines<'a>(before: &'a str, after: &'a str) -> (Vec<&'a str>, Vec<&'a str>) {
    let a: Vec<&str> = before.split_inclusive('\n').collect();
    let b: Vec<&str> = after.split_inclusive('\n').collect();
    let head = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let tail = a[head..]
        .iter()
        .rev()
        .zip(b[head..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    (
        a[head..a.len() - tail].to_vec(),
        b[head..b.len() - tail].to_vec(),
    )
}

#[test]
fn a_new_event_goes_at_its_date_and_adds_only_its_lines() {
    let new = record("new-talks", "2025-02-20", "New talks");
    let (after, splice) = apply(EVENTS_JSON, &Edit::AddEvent(new)).unwrap();
    let (removed, added) = changed_lines(EVENTS_JSON, &after);
    assert!(removed.is_empty(), "{removed:?}");
    // Whole lines, as many as the new event has.
    assert_eq!(added.len(), splice.text.matches('\n').count(), "{added:?}");
    assert!(added.iter().any(|l| l.contains("\"id\": \"new-talks\",")));
    // Written as the file writes: two spaces a level, fields in the record's order.
    assert!(
        added.contains(&"      \"id\": \"new-talks\",\n"),
        "{added:?}"
    );
    assert!(added.contains(&"        \"United States\"\n"), "{added:?}");
    // In file order between 19 and 23 February.
    let timeline = load(&after);
    let ids: Vec<&str> = timeline.events.iter().map(|e| e.id(&timeline)).collect();
    let at = ids.iter().position(|id| *id == "new-talks").unwrap();
    assert_eq!(ids[at - 1], "trump-calls-zelensky-dictator");
    assert_eq!(ids[at + 1], "zelensky-resign-offer");
    let dictator = EVENTS_JSON
        .find("\"id\": \"trump-calls-zelensky-dictator\"")
        .unwrap();
    let resign = EVENTS_JSON
        .find("\"id\": \"zelensky-resign-offer\"")
        .unwrap();
    assert!((dictator..resign).contains(&splice.range.start));
}

#[test]
fn an_update_changes_only_the_members_that_changed() {
    let timeline = load(EVENTS_JSON);
    let index = timeline.index_of("riyadh-talks").unwrap();
    let mut edited = crate::model::event_record(&timeline, &timeline.events[index]);
    edited.title = "Riyadh talks".to_owned();
    let (after, _) = apply(EVENTS_JSON, &Edit::UpdateEvent(edited.clone())).unwrap();
    let (removed, added) = changed_lines(EVENTS_JSON, &after);
    assert_eq!(removed.len(), 1, "{removed:?}");
    assert_eq!(added, ["      \"title\": \"Riyadh talks\",\n"]);
    // Two members apart: one splice from the first to the last, the lines between untouched.
    edited.tags = vec!["talks".to_owned(), "new-tag".to_owned()];
    let (after, _) = apply(EVENTS_JSON, &Edit::UpdateEvent(edited)).unwrap();
    let (removed, added) = changed_lines(EVENTS_JSON, &after);
    assert!(
        removed
            .iter()
            .any(|l| l.contains("US and Russian delegations"))
    );
    assert!(added.iter().any(|l| l.contains("\"new-tag\"")));
    let reloaded = load(&after);
    let event = &reloaded.events[reloaded.index_of("riyadh-talks").unwrap()];
    assert_eq!(event.title(&reloaded), "Riyadh talks");
    assert_eq!(
        event.tags(&reloaded).collect::<Vec<_>>(),
        ["talks", "new-tag"]
    );
    // Nothing changed: nothing to write.
    let same = crate::model::event_record(&timeline, &timeline.events[index]);
    let splice = plan(EVENTS_JSON, &Edit::UpdateEvent(same)).unwrap();
    assert!(splice.range.is_empty() && splice.text.is_empty());
}

#[test]
fn a_member_the_file_left_out_is_added_at_the_end_of_the_object() {
    let text = "{\"format\": \"sourceline/1\", \"title\": \"t\", \"sources\": [], \"events\": [\n  {\"id\": \"e\", \"date\": \"2025\", \"title\": \"T\", \"citations\": []}\n]}\n";
    let mut edited = record("e", "2025", "T");
    edited.citations.clear();
    edited.actors.clear();
    edited.tags.clear();
    edited.summary.clear();
    edited.end = Some("2026".to_owned());
    let (after, _) = apply(text, &Edit::UpdateEvent(edited)).unwrap();
    assert_eq!(
        after,
        "{\"format\": \"sourceline/1\", \"title\": \"t\", \"sources\": [], \"events\": [\n  {\"id\": \"e\", \"date\": \"2025\", \"title\": \"T\", \"citations\": [], \"end\": \"2026\"}\n]}\n"
    );
}

#[test]
fn delete_then_undo_gives_back_the_same_bytes() {
    for id in ["budapest-memorandum", "riyadh-talks", "tense-phone-call"] {
        let (after, splice) = apply(EVENTS_JSON, &Edit::DeleteEvent(id.to_owned())).unwrap();
        let timeline = load(&after);
        assert_eq!(timeline.index_of(id), None);
        assert_eq!(timeline.events.len(), 7);
        let undo = splice.inverse(EVENTS_JSON).unwrap();
        assert_eq!(undo.apply(&after).unwrap(), EVENTS_JSON, "{id}");
    }
}

#[test]
fn crlf_and_the_byte_order_mark_are_kept() {
    let text = format!("\u{FEFF}{}", EVENTS_JSON.replace('\n', "\r\n"));
    let (after, _) = apply(&text, &Edit::AddEvent(record("x", "2025-02-20", "X"))).unwrap();
    assert!(after.starts_with('\u{FEFF}'));
    assert_eq!(after.matches('\n').count(), after.matches("\r\n").count());
    let timeline = load(&after);
    assert!(timeline.index_of("x").is_some());
}

#[test]
fn a_file_out_of_date_order_gets_new_events_at_the_end() {
    let text = "{\"format\": \"sourceline/1\", \"title\": \"t\", \"sources\": [], \"events\": [\n  {\"id\": \"b\", \"date\": \"2025\", \"title\": \"B\", \"citations\": []},\n  {\"id\": \"a\", \"date\": \"2024\", \"title\": \"A\", \"citations\": []}\n]}";
    let (after, _) = apply(text, &Edit::AddEvent(record("c", "2020", "C"))).unwrap();
    let c = after.find("\"id\": \"c\"").unwrap();
    assert!(c > after.find("\"id\": \"a\"").unwrap());
    // In order, the same event goes first.
    let ordered = text.replace("\"b\", \"date\": \"2025\"", "\"b\", \"date\": \"2023\"");
    let (after, _) = apply(&ordered, &Edit::AddEvent(record("c", "2020", "C"))).unwrap();
    assert!(after.find("\"id\": \"c\"").unwrap() < after.find("\"id\": \"b\"").unwrap());
}

#[test]
fn empty_and_one_line_arrays() {
    let empty = "{\n  \"sources\": [],\n  \"events\": []\n}\n";
    let (after, _) = apply(empty, &Edit::AddEvent(record("x", "2025", "X"))).unwrap();
    assert!(
        after.starts_with("{\n  \"sources\": [],\n  \"events\": [\n    {\n      \"id\": \"x\","),
        "{after}"
    );
    assert!(after.ends_with("\n    }\n  ]\n}\n"), "{after}");
    let one_line = "{\"sources\": [], \"events\": [{\"id\": \"a\", \"date\": \"2020\"}]}";
    let (after, _) = apply(one_line, &Edit::AddEvent(record("x", "2025", "X"))).unwrap();
    assert!(!after.contains('\n'), "{after}");
    assert!(after.contains("}, {\"id\":\"x\""), "{after}");
}

#[test]
fn ids_are_checked() {
    assert_eq!(
        plan(
            EVENTS_JSON,
            &Edit::AddEvent(record("riyadh-talks", "2025", "X"))
        ),
        Err(EditError::DuplicateId("riyadh-talks".to_owned()))
    );
    assert_eq!(
        plan(EVENTS_JSON, &Edit::DeleteEvent("nope".to_owned())),
        Err(EditError::UnknownEvent("nope".to_owned()))
    );
    assert!(matches!(
        plan("[1]", &Edit::DeleteEvent("x".to_owned())),
        Err(EditError::NotJson(_))
    ));
    let past_the_end = Splice {
        range: 5..20,
        text: String::new(),
    };
    assert_eq!(past_the_end.apply("0123456789"), Err(EditError::DoesNotFit));
    let splits_a_character = Splice {
        range: 1..2,
        text: String::new(),
    };
    assert_eq!(splits_a_character.apply("é"), Err(EditError::DoesNotFit));
}
