//! The JSON Schema of the events file, generated from the Rust types so it cannot drift.

use crate::model::EventsFile;

/// The schema as pretty-printed JSON, ending in a newline; `assets/events.schema.json` holds it.
pub fn events_schema_json() -> String {
    let schema = schemars::schema_for!(EventsFile);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}
