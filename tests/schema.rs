//! The committed JSON Schema is the one the types generate, and the shipped file validates.
#[test]
fn committed_schema_is_current() {
    let committed = std::fs::read_to_string("assets/events.schema.json").unwrap();
    let generated = sourceline::model::schema::events_schema_json();
    assert!(
        committed == generated,
        "assets/events.schema.json is stale: run `cargo run -- schema > assets/events.schema.json`"
    );
}

#[test]
fn shipped_events_validate_against_the_schema() {
    let schema: serde_json::Value =
        serde_json::from_str(&sourceline::model::schema::events_schema_json()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let events: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string("events.json").unwrap()).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&events)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // The schema is not vacuous: a wrong type is caught.
    let mut broken = events.clone();
    broken["events"][0]["date"] = serde_json::json!(2025);
    assert!(!validator.is_valid(&broken));
    broken["events"][0]["date"] = serde_json::json!("18 Feb 2025");
    assert!(!validator.is_valid(&broken));
}
