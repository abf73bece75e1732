//! For random sequences of edits: save, then load, gives the edited timeline, and the bytes of
//! every event no edit touched are unchanged.
#![expect(
    clippy::unwrap_used,
    reason = "a test that cannot proceed should fail loudly"
)]

use std::collections::{BTreeMap, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};

mod common;

use proptest::prelude::*;
use sourceline::document::Document;
use sourceline::edit::Edit;
use sourceline::edit::json_text::JsonText;
use sourceline::load::load;
use sourceline::model::{CitationRecord, EventRecord, event_record};

#[derive(Clone, Debug)]
enum Op {
    Delete(usize),
    Add { day: u32, n: u32 },
    Retitle(usize, u32),
}

fn ops() -> impl Strategy<Value = Vec<Op>> {
    prop::collection::vec(
        prop_oneof![
            (0..20_usize).prop_map(Op::Delete),
            (1..29_u32, 0..50_u32).prop_map(|(day, n)| Op::Add { day, n }),
            (0..20_usize, 0..1000_u32).prop_map(|(i, n)| Op::Retitle(i, n)),
        ],
        0..8,
    )
}

/// Each event's object, as text, by id.
fn objects(text: &str) -> BTreeMap<String, String> {
    let json = JsonText::parse(text).unwrap();
    let events = json.array("events").unwrap();
    let mut out = BTreeMap::new();
    for value in &events.elements {
        if let jsonc_parser::ast::Value::Object(object) = value {
            let id = sourceline::edit::json_text::string_member(object, "id").unwrap();
            let range = json.range(object.range.start, object.range.end);
            out.insert(id.to_owned(), text[range].to_owned());
        }
    }
    out
}

fn records(timeline: &sourceline::model::Timeline) -> BTreeMap<String, EventRecord> {
    timeline
        .events
        .iter()
        .map(|e| (e.id(timeline).to_owned(), event_record(timeline, e)))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]

    #[test]
    fn edits_save_load_back_and_leave_other_events_byte_for_byte(ops in ops()) {
        static CASE: AtomicUsize = AtomicUsize::new(0);
        let path = common::ui_fixture_copy(&format!("prop-{}", CASE.fetch_add(1, Ordering::Relaxed)));
        let original = std::fs::read_to_string(&path).unwrap();
        let mut document = Document::new(Some(path.clone()), load(&path).unwrap());
        let mut model = records(document.timeline());
        let mut touched: HashSet<String> = HashSet::new();
        for op in ops {
            match op {
                Op::Delete(i) => {
                    let Some(id) = model.keys().nth(i % model.len().max(1)).cloned() else {
                        continue;
                    };
                    document.apply_edit(Edit::DeleteEvent(id.clone())).unwrap();
                    model.remove(&id);
                    touched.insert(id);
                }
                Op::Add { day, n } => {
                    let record = EventRecord {
                        id: format!("new-{n}"),
                        date: format!("2025-05-{day:02}"),
                        end: None,
                        approximate: false,
                        date_note: None,
                        title: format!("New event {n}"),
                        summary: String::new(),
                        actors: vec!["Russia".to_owned()],
                        tags: Vec::new(),
                        citations: vec![CitationRecord {
                            source: "wire".to_owned(),
                            quote: Some("the delegations met in Riyadh".to_owned()),
                            prefix: None,
                            suffix: None,
                            claimed_date: None,
                        }],
                        media: None,
                    };
                    let result = document.apply_edit(Edit::AddEvent(record.clone()));
                    if model.contains_key(&record.id) {
                        prop_assert!(result.is_err(), "a duplicate id was accepted");
                    } else {
                        result.unwrap();
                        touched.insert(record.id.clone());
                        model.insert(record.id.clone(), record);
                    }
                }
                Op::Retitle(i, n) => {
                    let Some(id) = model.keys().nth(i % model.len().max(1)).cloned() else {
                        continue;
                    };
                    let mut record = model[&id].clone();
                    record.title = format!("Retitled {n}");
                    document.apply_edit(Edit::UpdateEvent(record.clone())).unwrap();
                    model.insert(id.clone(), record);
                    touched.insert(id);
                }
            }
        }
        document.save().unwrap();
        let saved_text = std::fs::read_to_string(&path).unwrap();
        let reloaded = load(&path).unwrap();
        prop_assert_eq!(records(&reloaded.timeline), model);
        let before = objects(&original);
        let after = objects(&saved_text);
        for (id, text) in &before {
            if !touched.contains(id) {
                prop_assert_eq!(after.get(id), Some(text), "{} changed", id);
            }
        }
    }
}
