//! Editing an events file as text. An [`Edit`] (add, change or delete an event; add a source) is
//! planned as one [`Splice`] of the file's text: the smallest range that changes, written in the
//! file's own indentation and line endings. Everything else keeps its bytes, so `git diff` shows
//! only the edit, and every splice has an exact inverse, which is what undo replays.
//! No egui types: the window, the command line and the tests edit through the same functions.

pub mod article;
pub mod cite;
pub mod history;
pub mod ids;
pub mod json_text;
pub mod save;

use std::ops::Range;

use jsonc_parser::ast::{Array, Object, Value};
use serde_json::Value as Json;

use crate::model::date::PartialDate;
use crate::model::{EventRecord, SourceRecord};
use json_text::{JsonText, string_member, to_pretty};

/// One change to an events file.
#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    /// A new event: at its place when the file is in date order, else at the end.
    AddEvent(EventRecord),
    /// New fields for the event with this record's id (ids never change).
    UpdateEvent(EventRecord),
    /// Remove the event with this id.
    DeleteEvent(String),
    /// A new source, at the end of the sources.
    AddSource(SourceRecord),
    /// New fields for the source with this record's id (its archived text added, say).
    UpdateSource(SourceRecord),
}

impl Edit {
    /// What it does, in a few words ("add event “…”"), for the undo and redo menu items.
    pub fn describe(&self) -> String {
        match self {
            Self::AddEvent(e) => format!("add event “{}”", e.title),
            Self::UpdateEvent(e) => format!("edit “{}”", e.title),
            Self::DeleteEvent(id) => format!("delete event {id}"),
            Self::AddSource(s) => format!("add source “{}”", s.title),
            Self::UpdateSource(s) => format!("edit source “{}”", s.title),
        }
    }
}

/// Why an edit cannot be planned.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    /// The text does not parse.
    #[error("the events file is not JSON: {0}")]
    NotJson(String),
    /// A top-level array is missing.
    #[error("the events file has no \"{0}\" array")]
    Missing(&'static str),
    /// No event has the id.
    #[error("no event has the id \"{0}\"")]
    UnknownEvent(String),
    /// No source has the id.
    #[error("no source has the id \"{0}\"")]
    UnknownSource(String),
    /// The id is taken.
    #[error("the id \"{0}\" is already used")]
    DuplicateId(String),
    /// A new id that breaks the id rule.
    #[error(transparent)]
    NotAName(#[from] crate::model::id_rule::IdProblem),
    /// A splice that does not fit the text (it changed underneath).
    #[error("the edit does not fit the file's text any more")]
    DoesNotFit,
}

/// Replace `range` of a text with `text`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Splice {
    /// Byte range of the text before.
    pub range: Range<usize>,
    /// What goes there.
    pub text: String,
}

impl Splice {
    /// `before` with the splice made.
    ///
    /// # Errors
    /// When the range is outside `before` or splits a character.
    pub fn apply(&self, before: &str) -> Result<String, EditError> {
        let head = before
            .get(..self.range.start)
            .ok_or(EditError::DoesNotFit)?;
        let tail = before.get(self.range.end..).ok_or(EditError::DoesNotFit)?;
        if self.range.start > self.range.end {
            return Err(EditError::DoesNotFit);
        }
        let mut out = String::with_capacity(head.len() + self.text.len() + tail.len());
        out.push_str(head);
        out.push_str(&self.text);
        out.push_str(tail);
        Ok(out)
    }

    /// The splice that undoes this one, given the text it applies to.
    ///
    /// # Errors
    /// When the range is outside `before` or splits a character.
    pub fn inverse(&self, before: &str) -> Result<Self, EditError> {
        let old = before
            .get(self.range.clone())
            .ok_or(EditError::DoesNotFit)?;
        Ok(Self {
            range: self.range.start..self.range.start + self.text.len(),
            text: old.to_owned(),
        })
    }
}

/// Plans `edit` against the events file `text`.
///
/// # Errors
/// When the text is not an events file's shape, the event does not exist, or an id is taken.
pub fn plan(text: &str, edit: &Edit) -> Result<Splice, EditError> {
    let json = JsonText::parse(text)?;
    match edit {
        Edit::AddEvent(EventRecord { id, .. }) | Edit::AddSource(SourceRecord { id, .. }) => {
            if let Some(problem) = crate::model::id_rule::id_problem(id) {
                return Err(problem.into());
            }
        }
        Edit::UpdateEvent(_) | Edit::DeleteEvent(_) | Edit::UpdateSource(_) => {}
    }
    match edit {
        Edit::AddEvent(record) => {
            let events = json.array("events")?;
            if json.find_by_id(events, &record.id).is_some() {
                return Err(EditError::DuplicateId(record.id.clone()));
            }
            let at = date_order_place(events, record);
            Ok(insert_element(&json, events, at, record))
        }
        Edit::AddSource(record) => {
            let sources = json.array("sources")?;
            if json.find_by_id(sources, &record.id).is_some() {
                return Err(EditError::DuplicateId(record.id.clone()));
            }
            Ok(insert_element(
                &json,
                sources,
                sources.elements.len(),
                record,
            ))
        }
        Edit::UpdateEvent(record) => {
            let events = json.array("events")?;
            let (_, object) = json
                .find_by_id(events, &record.id)
                .ok_or_else(|| EditError::UnknownEvent(record.id.clone()))?;
            update_object(&json, object, record)
        }
        Edit::UpdateSource(record) => {
            let sources = json.array("sources")?;
            let (_, object) = json
                .find_by_id(sources, &record.id)
                .ok_or_else(|| EditError::UnknownSource(record.id.clone()))?;
            update_object(&json, object, record)
        }
        Edit::DeleteEvent(id) => {
            let events = json.array("events")?;
            let (index, _) = json
                .find_by_id(events, id)
                .ok_or_else(|| EditError::UnknownEvent(id.clone()))?;
            Ok(remove_element(&json, events, index))
        }
    }
}

/// Plans and makes `edit`: the new text, and the splice that was made.
///
/// # Errors
/// As [`plan`].
pub fn apply(text: &str, edit: &Edit) -> Result<(String, Splice), EditError> {
    let splice = plan(text, edit)?;
    Ok((splice.apply(text)?, splice))
}

/// Where a new event goes: before the first event that starts after it (by first day, then
/// precision, then id, as the loader sorts) when the file is in date order, else at the end.
/// "In date order" allows what people write: each event starts no later than the next one ends,
/// so a month may stand among its days.
fn date_order_place(events: &Array<'_>, record: &EventRecord) -> usize {
    let dates: Option<Vec<(PartialDate, &str)>> = events
        .elements
        .iter()
        .map(|v| match v {
            Value::Object(o) => Some((
                PartialDate::parse(string_member(o, "date")?).ok()?,
                string_member(o, "id")?,
            )),
            _ => None,
        })
        .collect();
    let (Some(dates), Ok(new)) = (dates, PartialDate::parse(&record.date)) else {
        return events.elements.len();
    };
    if dates
        .windows(2)
        .any(|w| w[0].0.first_day() > w[1].0.last_day())
    {
        return events.elements.len();
    }
    let key = |date: PartialDate, id: &str| (date.sort_key(), id.to_owned());
    let new = key(new, &record.id);
    dates
        .iter()
        .position(|&(date, id)| key(date, id) > new)
        .unwrap_or(dates.len())
}

/// The white space at the start of the line `offset` is on.
fn line_indent<'t>(json: &JsonText<'t>, offset: usize) -> &'t str {
    let text = json.text();
    let before = text.get(..offset).unwrap_or_default();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = text.get(line_start..).unwrap_or_default();
    let end = line
        .find(|c: char| c != ' ' && c != '\t')
        .unwrap_or(line.len());
    line.get(..end).unwrap_or_default()
}

fn insert_element<T: serde::Serialize>(
    json: &JsonText<'_>,
    array: &Array<'_>,
    at: usize,
    record: &T,
) -> Splice {
    let newline = json.newline();
    let unit = json.indent_unit();
    let array_range = json.range(array.range.start, array.range.end);
    let Some(first) = array.elements.first() else {
        // An empty array: open it up, one level in from the line it is on.
        let outer = line_indent(json, array_range.start);
        let indent = format!("{outer}{unit}");
        let element = to_pretty(record, &unit, &indent, newline);
        return Splice {
            range: array_range,
            text: format!("[{newline}{indent}{element}{newline}{outer}]"),
        };
    };
    let (first_start, _) = json_text::node_range(first);
    let multiline = json.is_multiline(array);
    let indent = json.indent_at(json.range(first_start, first_start).start);
    let (element, separator) = if multiline {
        (
            to_pretty(record, &unit, indent, newline),
            format!("{newline}{indent}"),
        )
    } else {
        (
            serde_json::to_string(record).unwrap_or_default(),
            " ".to_owned(),
        )
    };
    if let Some(next) = array.elements.get(at) {
        let (start, _) = json_text::node_range(next);
        let start = json.range(start, start).start;
        Splice {
            range: start..start,
            text: format!("{element},{separator}"),
        }
    } else {
        let last = array.elements.last().map_or((0, 0), json_text::node_range);
        let end = json.range(last.1, last.1).start;
        Splice {
            range: end..end,
            text: format!(",{separator}{element}"),
        }
    }
}

fn remove_element(json: &JsonText<'_>, array: &Array<'_>, index: usize) -> Splice {
    let range_of = |i: usize| {
        array.elements.get(i).map(|v| {
            let (a, b) = json_text::node_range(v);
            json.range(a, b)
        })
    };
    let Some(this) = range_of(index) else {
        return Splice {
            range: 0..0,
            text: String::new(),
        };
    };
    let range = if let Some(next) = range_of(index + 1) {
        // The element, its comma and the space up to the next one.
        this.start..next.start
    } else if let Some(previous) = index.checked_sub(1).and_then(range_of) {
        // The last one: from the end of the one before (its comma and space go too).
        previous.end..this.end
    } else {
        this
    };
    Splice {
        range,
        text: String::new(),
    }
}

/// True for the values an absent member stands for (null, false, "", []).
fn is_default(value: &Json) -> bool {
    match value {
        Json::Null => true,
        Json::Bool(b) => !b,
        Json::String(s) => s.is_empty(),
        Json::Array(a) => a.is_empty(),
        _ => false,
    }
}

/// One splice from the first changed member to the last; members whose value is the same keep
/// their text, however it is formatted. New values are cut out of the record written whole in
/// the object's style, so nested objects keep the record's field order.
fn update_object<T: serde::Serialize>(
    json: &JsonText<'_>,
    object: &Object<'_>,
    record: &T,
) -> Result<Splice, EditError> {
    let text = json.text();
    let newline = json.newline();
    let unit = json.indent_unit();
    let object_range = json.range(object.range.start, object.range.end);
    let multiline = text
        .get(object_range.clone())
        .is_some_and(|t| t.contains('\n'));
    let written = if multiline {
        to_pretty(
            record,
            &unit,
            line_indent(json, object_range.start),
            newline,
        )
    } else {
        serde_json::to_string(record).map_err(|e| EditError::NotJson(e.to_string()))?
    };
    let new = JsonText::parse(&written)?;
    let parse = |t: &str| serde_json::from_str::<Json>(t).ok();
    let mut pieces: Vec<Splice> = Vec::new();
    let mut appended = String::new();
    for (key, range) in new.members() {
        let value = written.get(range).unwrap_or_default();
        match object.properties.iter().find(|p| p.name.as_str() == key) {
            Some(member) => {
                let (a, b) = json_text::node_range(&member.value);
                let old_range = json.range(a, b);
                let old = text.get(old_range.clone()).and_then(parse);
                if old.is_none() || old != parse(value) {
                    pieces.push(Splice {
                        range: old_range,
                        text: value.to_owned(),
                    });
                }
            }
            None if parse(value).as_ref().is_none_or(is_default) => {}
            None => {
                let last = object
                    .properties
                    .last()
                    .map_or(object.range.start, |p| p.range.start);
                let indent = line_indent(json, json.range(last, last).start);
                let key_text = serde_json::to_string(key).unwrap_or_default();
                let separator = if multiline {
                    format!("{newline}{indent}")
                } else {
                    " ".to_owned()
                };
                for part in [",", &separator, &key_text, ": ", value] {
                    appended.push_str(part);
                }
            }
        }
    }
    if !appended.is_empty() {
        let end = object
            .properties
            .last()
            .map_or(object.range.start + 1, |p| p.range.end);
        let end = json.range(end, end).start;
        pieces.push(Splice {
            range: end..end,
            text: appended,
        });
    }
    pieces.sort_by_key(|p| p.range.start);
    let (Some(first), Some(last)) = (pieces.first(), pieces.last()) else {
        // Nothing changed: an empty splice at the object.
        return Ok(Splice {
            range: object_range.start..object_range.start,
            text: String::new(),
        });
    };
    let range = first.range.start..last.range.end;
    let mut out = String::new();
    let mut at = range.start;
    for piece in &pieces {
        out.push_str(
            text.get(at..piece.range.start)
                .ok_or(EditError::DoesNotFit)?,
        );
        out.push_str(&piece.text);
        at = piece.range.end;
    }
    Ok(Splice { range, text: out })
}

#[cfg(test)]
mod tests;
