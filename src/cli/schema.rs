//! `sourceline schema`: the JSON Schema of the events file format.

use super::Outcome;

/// The schema, pretty-printed, to standard output.
pub fn schema() -> Outcome {
    Outcome::done(crate::model::schema::events_schema_json())
}
