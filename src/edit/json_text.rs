//! Where things are in an events file's text, and how its author formats it: the byte ranges of
//! the `sources` and `events` arrays and of each member, the indentation and the line ending.
//! Edits are planned against these ranges, so everything they do not touch keeps its bytes.

use std::ops::Range;

use jsonc_parser::ast::{Array, Object, Value};
use jsonc_parser::common::Ranged as _;

use super::EditError;

/// The parsed file: its tree (over the text after any byte-order mark) and that mark's length.
pub struct JsonText<'t> {
    text: &'t str,
    bom: usize,
    root: Object<'t>,
}

impl<'t> JsonText<'t> {
    /// Parses `text` (a whole events file, byte-order mark and all).
    ///
    /// # Errors
    /// When the text is not a JSON object.
    pub fn parse(text: &'t str) -> Result<Self, EditError> {
        let bom = if text.starts_with('\u{FEFF}') { 3 } else { 0 };
        let body = text.get(bom..).unwrap_or_default();
        let parsed = jsonc_parser::parse_to_ast(
            body,
            &jsonc_parser::CollectOptions::default(),
            &jsonc_parser::ParseOptions::default(),
        )
        .map_err(|e| EditError::NotJson(e.to_string()))?;
        match parsed.value {
            Some(Value::Object(root)) => Ok(Self { text, bom, root }),
            _ => Err(EditError::NotJson(
                "expected an object at the top".to_owned(),
            )),
        }
    }

    /// The top-level members: each name with the range of its value in the whole text.
    pub fn members(&self) -> Vec<(&str, std::ops::Range<usize>)> {
        self.root
            .properties
            .iter()
            .map(|p| {
                let (a, b) = node_range(&p.value);
                (p.name.as_str(), self.range(a, b))
            })
            .collect()
    }

    /// The whole text.
    pub fn text(&self) -> &'t str {
        self.text
    }

    /// A tree range as a range of the whole text.
    pub fn range(&self, start: usize, end: usize) -> Range<usize> {
        start + self.bom..end + self.bom
    }

    /// The top-level array named `key`.
    ///
    /// # Errors
    /// When there is no such array.
    pub fn array(&self, key: &'static str) -> Result<&Array<'t>, EditError> {
        self.root
            .properties
            .iter()
            .find(|p| p.name.as_str() == key)
            .and_then(|p| match &p.value {
                Value::Array(array) => Some(array),
                _ => None,
            })
            .ok_or(EditError::Missing(key))
    }

    /// The object in `array` whose `"id"` is `id`, with its position.
    pub fn find_by_id<'a>(
        &self,
        array: &'a Array<'t>,
        id: &str,
    ) -> Option<(usize, &'a Object<'t>)> {
        array
            .elements
            .iter()
            .enumerate()
            .find_map(|(i, v)| match v {
                Value::Object(object) if string_member(object, "id") == Some(id) => {
                    Some((i, object))
                }
                _ => None,
            })
    }

    /// The line ending the file uses: CRLF when its first line break is one.
    pub fn newline(&self) -> &'static str {
        match self.text.find('\n') {
            Some(i) if i > 0 && self.text.as_bytes().get(i - 1) == Some(&b'\r') => "\r\n",
            _ => "\n",
        }
    }

    /// The white space before `offset` on its line (empty when something else precedes it).
    pub fn indent_at(&self, offset: usize) -> &'t str {
        let before = self.text.get(..offset).unwrap_or_default();
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let prefix = before.get(line_start..).unwrap_or_default();
        if prefix.chars().all(|c| c == ' ' || c == '\t') {
            prefix
        } else {
            ""
        }
    }

    /// One level of indentation as the file writes it: that of its first top-level member
    /// (two spaces when the file is on one line).
    pub fn indent_unit(&self) -> String {
        let unit = self
            .root
            .properties
            .first()
            .map(|p| self.indent_at(p.range.start + self.bom))
            .unwrap_or_default();
        if unit.is_empty() {
            "  ".to_owned()
        } else {
            unit.to_owned()
        }
    }

    /// Whether `array`'s elements each start on a line of their own (the pretty style) or all
    /// sit on one line.
    pub fn is_multiline(&self, array: &Array<'t>) -> bool {
        let range = self.range(array.range.start, array.range.end);
        self.text.get(range).is_some_and(|t| t.contains('\n'))
    }
}

/// The string value of member `key` of `object`.
pub fn string_member<'a>(object: &'a Object<'_>, key: &str) -> Option<&'a str> {
    object
        .properties
        .iter()
        .find(|p| p.name.as_str() == key)
        .and_then(|p| p.value.as_string_lit())
        .map(|s| s.value.as_ref())
}

/// The start and end of a tree node.
pub fn node_range(value: &Value<'_>) -> (usize, usize) {
    (value.start(), value.end())
}

/// `value` written as the file writes JSON: pretty, one level being `unit`, every line after the
/// first indented by `indent`, lines ending in `newline`.
/// Structs keep their field order (a `serde_json::Value` would sort the keys).
pub fn to_pretty<T: serde::Serialize + ?Sized>(
    value: &T,
    unit: &str,
    indent: &str,
    newline: &str,
) -> String {
    let mut out = Vec::new();
    let formatter = serde_json::ser::PrettyFormatter::with_indent(unit.as_bytes());
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, formatter);
    // The records serialise into memory, which cannot fail.
    let _ = value.serialize(&mut serializer);
    let text = String::from_utf8(out).unwrap_or_default();
    text.split('\n')
        .enumerate()
        .map(|(i, line)| {
            if i == 0 {
                line.to_owned()
            } else {
                format!("{newline}{indent}{line}")
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_arrays_ids_indents_and_line_endings() {
        let text = "\u{FEFF}{\r\n    \"events\": [\r\n        { \"id\": \"a\" },\r\n        { \"id\": \"b\" }\r\n    ]\r\n}\r\n";
        let json = JsonText::parse(text).unwrap();
        assert_eq!(json.newline(), "\r\n");
        assert_eq!(json.indent_unit(), "    ");
        let events = json.array("events").unwrap();
        let (i, b) = json.find_by_id(events, "b").unwrap();
        assert_eq!(i, 1);
        let range = json.range(b.range.start, b.range.end);
        assert_eq!(&text[range.clone()], "{ \"id\": \"b\" }");
        assert_eq!(json.indent_at(range.start), "        ");
        assert!(json.is_multiline(events));
        assert!(matches!(
            json.array("sources"),
            Err(EditError::Missing("sources"))
        ));
    }

    #[test]
    fn pretty_text_follows_the_file() {
        #[derive(serde::Serialize)]
        struct Record {
            id: &'static str,
            actors: [&'static str; 2],
        }
        let value = Record {
            id: "x",
            actors: ["A", "B"],
        };
        assert_eq!(
            to_pretty(&value, "  ", "    ", "\r\n"),
            "{\r\n      \"id\": \"x\",\r\n      \"actors\": [\r\n        \"A\",\r\n        \"B\"\r\n      ]\r\n    }"
        );
    }
}
