//! Property tests: the loader never panics, whatever it is fed.

use std::path::Path;

use proptest::prelude::*;
use serde_json::Value;
use sourceline::load::{Articles, load_bytes};

const ARTICLES: &[(&str, &str)] = &[(
    "a.txt",
    "The recent talks in Riyadh between Washington and Moscow.",
)];

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        prop_oneof![
            ".*",
            Just("sourceline/1".to_owned()),
            Just("a".to_owned()),
            Just("a.txt".to_owned()),
            "[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?",
            Just("talks in Riyadh".to_owned()),
        ]
        .prop_map(Value::String),
    ];
    leaf.prop_recursive(5, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(
                prop_oneof![
                    Just("format".to_owned()),
                    Just("title".to_owned()),
                    Just("sources".to_owned()),
                    Just("events".to_owned()),
                    Just("id".to_owned()),
                    Just("date".to_owned()),
                    Just("end".to_owned()),
                    Just("citations".to_owned()),
                    Just("source".to_owned()),
                    Just("quote".to_owned()),
                    Just("file".to_owned()),
                    Just("published".to_owned()),
                    Just("publisher".to_owned()),
                    Just("approximate".to_owned()),
                    ".{0,8}",
                ],
                inner,
                0..8,
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let _ = load_bytes(&bytes, Path::new("fuzz.json"), Articles::Embedded(ARTICLES));
    }

    #[test]
    fn arbitrary_json_never_panics(value in json_value()) {
        let text = serde_json::to_vec(&value).unwrap();
        let result = load_bytes(&text, Path::new("fuzz.json"), Articles::Embedded(ARTICLES));
        if let Err(error) = result {
            prop_assert!(error.error_count() > 0);
        }
    }

    #[test]
    fn arbitrary_quotes_never_panic(quote in "\\PC{0,40}", prefix in proptest::option::of("\\PC{0,5}"), suffix in proptest::option::of("\\PC{0,5}")) {
        let text = "Ukraine – a key\u{00A0}Western ally – faces “a dilemma”: continue fighting.";
        let found = sourceline::load::anchor::anchor(text, &quote, prefix.as_deref(), suffix.as_deref());
        if let Some(range) = found.range {
            prop_assert!(text.get(range).is_some(), "range on char boundaries");
        }
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

    /// Hostile imports: any bytes, as TimelineJS JSON, as a spreadsheet or as a mapped table,
    /// give a report or an error, never a panic.
    #[test]
    fn imports_never_panic(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..400)) {
        let _ = sourceline::import::sheet::import(&bytes);
        if let Ok(text) = std::str::from_utf8(&bytes) {
            let _ = sourceline::import::timelinejs::import(text);
        }
        let map = sourceline::import::mapped::parse_map("date=a,title=b").unwrap();
        let _ = sourceline::import::mapped::import(&bytes, &map);
    }

    /// Sheet-shaped rows with random cells (quotes, commas, newlines, bytes) go through too.
    #[test]
    fn sheet_rows_never_panic(cells in proptest::collection::vec("[\\x00-\\x7f\"',\\n\\r -]{0,12}", 0..40)) {
        let mut csv = String::from("Year,Month,Day,Time,End Year,Headline,Type,Group\n");
        for (i, cell) in cells.iter().enumerate() {
            csv.push_str(cell);
            csv.push(if i % 8 == 7 { '\n' } else { ',' });
        }
        let _ = sourceline::import::sheet::import(csv.as_bytes());
    }
}
