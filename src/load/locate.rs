//! Locating diagnostics in the text in one pass, whatever their number.
//!
//! The JSON paths of every diagnostic go into a trie; one scan of the document records where
//! each path's value (or member key) starts, skipping the subtrees no diagnostic is in without
//! building anything. The byte offsets are then turned into lines and character columns by one
//! sweep through the text in offset order. Both passes are linear in the text, and the memory
//! is that of the trie: a file with a hundred thousand problems is located in about the time of
//! one more parse, and one problem in a large file costs next to nothing.

use std::collections::HashMap;

use crate::load::diagnostic::{JsonPath, Location, PathSegment};

/// The paths wanted, as a tree, each node with the offset found for it.
#[derive(Debug, Default)]
struct Node {
    offset: Option<usize>,
    keys: HashMap<String, Node>,
    indices: HashMap<usize, Node>,
}

impl Node {
    fn is_leaf(&self) -> bool {
        self.keys.is_empty() && self.indices.is_empty()
    }
}

/// Locates each of `paths` in `text` (a JSON document that parsed): the start of the deepest
/// value along the path that exists, a member at its key. Returns one location per path.
pub fn locate_paths(text: &str, paths: &[&JsonPath]) -> Vec<Location> {
    let mut root = Node::default();
    for path in paths {
        let mut node = &mut root;
        for segment in &path.0 {
            node = match segment {
                PathSegment::Key(key) => node.keys.entry(key.clone()).or_default(),
                PathSegment::Index(i) => node.indices.entry(*i).or_default(),
            };
        }
    }
    let mut scanner = Scanner {
        bytes: text.as_bytes(),
        at: 0,
    };
    scanner.whitespace();
    root.offset = Some(scanner.at.min(text.len()));
    scanner.value(&mut root);
    let offsets: Vec<usize> = paths
        .iter()
        .map(|path| {
            let mut node = &root;
            let mut offset = root.offset.unwrap_or(0);
            for segment in &path.0 {
                let next = match segment {
                    PathSegment::Key(key) => node.keys.get(key),
                    PathSegment::Index(i) => node.indices.get(i),
                };
                match next.and_then(|n| n.offset.map(|o| (n, o))) {
                    Some((n, o)) => {
                        node = n;
                        offset = o;
                    }
                    None => break,
                }
            }
            offset
        })
        .collect();
    locations_of_offsets(text, &offsets)
}

/// Every member whose key repeats an earlier key of the same object, with its path and the
/// byte offset of its key, in one scan
/// of `text` (a JSON document that parsed). `serde_json`'s tree keeps only the last of
/// duplicates, so they are found here, however many other problems the file has.
pub fn duplicate_keys(text: &str) -> Vec<(JsonPath, usize)> {
    /// One open container: an object's keys so far (raw, as written) or an array's index.
    enum Frame<'t> {
        Object(std::collections::HashSet<&'t [u8]>, Option<&'t [u8]>),
        Array(usize),
    }
    let bytes = text.as_bytes();
    let mut scanner = Scanner { bytes, at: 0 };
    let mut stack: Vec<Frame<'_>> = Vec::new();
    let mut found = Vec::new();
    let path_of = |stack: &[Frame<'_>], last: &[u8]| {
        let mut path = JsonPath::root();
        for frame in stack {
            match frame {
                Frame::Object(_, Some(key)) => {
                    path = path.key(&String::from_utf8_lossy(key));
                }
                Frame::Object(_, None) => {}
                Frame::Array(i) => path = path.index(*i),
            }
        }
        path.0.pop();
        path.key(&String::from_utf8_lossy(last))
    };
    loop {
        scanner.whitespace();
        let Some(byte) = scanner.peek() else { break };
        match byte {
            b'{' => {
                stack.push(Frame::Object(std::collections::HashSet::new(), None));
                scanner.at += 1;
            }
            b'[' => {
                stack.push(Frame::Array(0));
                scanner.at += 1;
            }
            b'}' | b']' => {
                stack.pop();
                scanner.at += 1;
            }
            b',' => {
                if let Some(Frame::Array(i)) = stack.last_mut() {
                    *i += 1;
                }
                scanner.at += 1;
            }
            b'"' => {
                let start = scanner.at + 1;
                scanner.skip_string();
                let raw = bytes
                    .get(start..scanner.at.saturating_sub(1))
                    .unwrap_or_default();
                scanner.whitespace();
                if scanner.peek() == Some(b':') {
                    scanner.at += 1;
                    if let Some(Frame::Object(keys, current)) = stack.last_mut() {
                        *current = Some(raw);
                        if !keys.insert(raw) {
                            found.push((path_of(&stack, raw), start - 1));
                        }
                    }
                }
            }
            _ => {
                let before = scanner.at;
                scanner.skip_value();
                if scanner.at == before {
                    scanner.at += 1;
                }
            }
        }
    }
    found
}

/// The line and character column of each byte offset, in one sweep through `text` (offsets
/// are clamped to the text and snapped back to a character boundary).
pub fn locations_of_offsets(text: &str, offsets: &[usize]) -> Vec<Location> {
    let bytes = text.as_bytes();
    let mut order: Vec<usize> = (0..offsets.len()).collect();
    order.sort_unstable_by_key(|&i| offsets[i]);
    let mut out = vec![Location::START; offsets.len()];
    // The sweep's position: a byte offset, its line, and its column in characters.
    let (mut at, mut line, mut column) = (0_usize, 1_usize, 1_usize);
    for i in order {
        let mut target = offsets[i].min(text.len());
        while !text.is_char_boundary(target) {
            target -= 1;
        }
        let segment = &bytes[at..target];
        match memchr::memrchr(b'\n', segment) {
            Some(last) => {
                line += memchr::memchr_iter(b'\n', segment).count();
                column = 1 + chars_in(&segment[last + 1..]);
            }
            None => column += chars_in(segment),
        }
        at = target;
        out[i] = Location { line, column };
    }
    out
}

/// The location of a (1-based line, 1-based byte column) position, as `serde_json` reports
/// syntax errors, with the column counted in characters.
pub fn location_of_byte_column(text: &str, line: usize, byte_column: usize) -> Location {
    let bytes = text.as_bytes();
    let line_start = if line <= 1 {
        0
    } else {
        memchr::memchr_iter(b'\n', bytes)
            .nth(line - 2)
            .map_or(bytes.len(), |i| i + 1)
    };
    let offset = line_start + byte_column.saturating_sub(1);
    let line_end =
        memchr::memchr(b'\n', &bytes[line_start..]).map_or(bytes.len(), |i| line_start + i);
    Location {
        line: line.max(1),
        column: 1 + chars_in(&bytes[line_start..offset.min(line_end)]),
    }
}

/// Characters in a run of UTF-8: the bytes that do not continue a character.
fn chars_in(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b & 0xC0) != 0x80).count()
}

/// A forgiving scanner over a JSON text: it never fails and never recurses deeper than the
/// trie of wanted paths (unwanted values are skipped by counting brackets).
struct Scanner<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    /// Scans the value at the cursor, recording the offsets of `node`'s children.
    fn value(&mut self, node: &mut Node) {
        if node.is_leaf() {
            self.skip_value();
            return;
        }
        match self.peek() {
            Some(b'{') => self.object(node),
            Some(b'[') => self.array(node),
            _ => self.skip_value(),
        }
    }

    fn object(&mut self, node: &mut Node) {
        self.at += 1;
        loop {
            self.whitespace();
            match self.peek() {
                Some(b'"') => {}
                Some(b'}') => {
                    self.at += 1;
                    return;
                }
                Some(b',') => {
                    self.at += 1;
                    continue;
                }
                _ => return,
            }
            let key_start = self.at;
            let key = self.string();
            self.whitespace();
            if self.peek() == Some(b':') {
                self.at += 1;
            }
            self.whitespace();
            let child = key.and_then(|key| node.keys.get_mut(&key));
            match child {
                Some(child) => {
                    // The first of duplicate keys is where the member is.
                    child.offset.get_or_insert(key_start);
                    self.value(child);
                }
                None => self.skip_value(),
            }
        }
    }

    fn array(&mut self, node: &mut Node) {
        self.at += 1;
        let mut index = 0;
        loop {
            self.whitespace();
            match self.peek() {
                Some(b']') => {
                    self.at += 1;
                    return;
                }
                Some(b',') => {
                    self.at += 1;
                    index += 1;
                    continue;
                }
                None => return,
                Some(_) => {}
            }
            let before = self.at;
            match node.indices.get_mut(&index) {
                Some(child) => {
                    child.offset = Some(self.at);
                    self.value(child);
                }
                None => self.skip_value(),
            }
            if self.at == before {
                // Not a value: step over it rather than loop.
                self.at += 1;
            }
        }
    }

    /// Reads the string at the cursor; its decoded text, or `None` when it does not decode.
    fn string(&mut self) -> Option<String> {
        let start = self.at + 1;
        self.skip_string();
        let end = self.at.saturating_sub(1).max(start);
        let raw = self.bytes.get(start..end)?;
        if raw.contains(&b'\\') {
            let quoted = self.bytes.get(start - 1..self.at)?;
            serde_json::from_slice(quoted).ok()
        } else {
            std::str::from_utf8(raw).ok().map(str::to_owned)
        }
    }

    /// Moves past the string at the cursor (which is on its opening quote).
    fn skip_string(&mut self) {
        self.at += 1;
        while let Some(found) =
            memchr::memchr2(b'"', b'\\', &self.bytes[self.at.min(self.bytes.len())..])
        {
            let i = self.at + found;
            if self.bytes[i] == b'\\' {
                self.at = i + 2;
            } else {
                self.at = i + 1;
                return;
            }
        }
        self.at = self.bytes.len();
    }

    /// Moves past the value at the cursor, however deep, without recursion.
    fn skip_value(&mut self) {
        let mut depth = 0_usize;
        loop {
            self.whitespace();
            match self.peek() {
                None => return,
                Some(b'"') => self.skip_string(),
                Some(b'{' | b'[') => {
                    depth += 1;
                    self.at += 1;
                }
                Some(b'}' | b']') => {
                    if depth == 0 {
                        return;
                    }
                    depth -= 1;
                    self.at += 1;
                }
                Some(b',' | b':') if depth == 0 => return,
                Some(b',' | b':') => self.at += 1,
                Some(_) => {
                    // A number or literal: up to the next delimiter.
                    while !matches!(
                        self.peek(),
                        None | Some(
                            b',' | b':'
                                | b'}'
                                | b']'
                                | b'"'
                                | b'{'
                                | b'['
                                | b' '
                                | b'\t'
                                | b'\n'
                                | b'\r'
                        )
                    ) {
                        self.at += 1;
                    }
                }
            }
            if depth == 0 {
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_located_at_their_keys_and_elements() {
        let text = "{\n  \"a\": 1,\n  \"events\": [\n    {\"id\": \"x\", \"date\": \"2025\"},\n    {\"id\": \"y\\u00e9\", \"t\\u00e9\": [1, {\"k\": 2}]}\n  ]\n}";
        let root = JsonPath::root();
        let paths = [
            root.clone(),
            root.key("a"),
            root.key("events").index(0).key("date"),
            root.key("events").index(1),
            root.key("events").index(1).key("t\u{e9}").index(1).key("k"),
            // Missing below an existing value: the deepest that exists.
            root.key("events").index(0).key("missing"),
            root.key("events").index(7).key("date"),
        ];
        let wanted: Vec<&JsonPath> = paths.iter().collect();
        let found = locate_paths(text, &wanted);
        let at = |line, column| Location { line, column };
        assert_eq!(
            found,
            vec![
                at(1, 1),
                at(2, 3),
                at(4, 17),
                at(5, 5),
                at(5, 39),
                at(4, 5),
                at(3, 3)
            ]
        );
    }

    #[test]
    fn offsets_become_lines_and_character_columns_in_any_order() {
        let text = "ab\ncé\r\nxyz";
        let offsets = [8, 0, 999, 5, 3, 6];
        let at = |line, column| Location { line, column };
        assert_eq!(
            locations_of_offsets(text, &offsets),
            vec![at(3, 1), at(1, 1), at(3, 4), at(2, 2), at(2, 1), at(2, 3)]
        );
        for &offset in &offsets {
            assert_eq!(
                locations_of_offsets(text, &[offset])[0],
                Location::of_offset(text, offset)
            );
        }
    }

    #[test]
    fn byte_columns_become_character_columns() {
        let text = "{\n  \"é\": tru\n}";
        // serde_json puts the error after "tru" at byte column 11 of line 2.
        assert_eq!(
            location_of_byte_column(text, 2, 11),
            Location {
                line: 2,
                column: 10
            }
        );
        assert_eq!(
            location_of_byte_column(text, 9, 9),
            Location { line: 9, column: 1 }
        );
    }

    #[test]
    fn duplicate_keys_are_found_with_their_paths() {
        let text = r#"{"a": 1, "events": [{"id": "x", "date": "1", "date": "2"}, {"k": {"z": 1, "z": 2}}], "a": 3}"#;
        let found: Vec<String> = duplicate_keys(text)
            .iter()
            .map(|(path, offset)| format!("{path}@{offset}"))
            .collect();
        assert_eq!(
            found,
            ["$.events[0].date@45", "$.events[1].k.z@74", "$.a@85"]
        );
        assert!(duplicate_keys(r#"{"a": {"b": 1}, "b": [{"a": 1}, {"a": 2}]}"#).is_empty());
    }

    #[test]
    fn the_scanner_never_fails_on_junk() {
        for text in [
            "",
            "{",
            "[[[",
            "{\"a\"",
            "{\"a\": [1, 2",
            "\"unterminated",
            "}]},:",
            "{\"a\\",
        ] {
            let path = JsonPath::root().key("a").index(1);
            let found = locate_paths(text, &[&path]);
            assert_eq!(found.len(), 1, "{text}");
            let _ = duplicate_keys(text);
        }
    }
}
