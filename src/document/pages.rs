//! Long articles shown a part at a time: the reader lays out one part of at most about
//! [`PART_BYTES`], cut at a line end, so a 16 MiB article opens as fast as a short one.

use std::ops::Range;

/// About how many bytes of an article the reader lays out at once.
pub const PART_BYTES: usize = 64 * 1024;

/// How far past a nominal cut a line end is looked for before cutting mid-line.
const LINE_SEARCH_BYTES: usize = 4096;

/// Where part cuts fall: at the first line start at or after `at`, within
/// [`LINE_SEARCH_BYTES`], else at the next character boundary.
fn cut(text: &str, at: usize) -> usize {
    if at >= text.len() {
        return text.len();
    }
    let window = text
        .as_bytes()
        .get(at..(at + LINE_SEARCH_BYTES).min(text.len()));
    if let Some(newline) = window.and_then(|w| memchr::memchr(b'\n', w)) {
        return at + newline + 1;
    }
    let mut at = at;
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

/// How many parts `text` is shown in (at least one).
pub fn part_count(text: &str) -> usize {
    text.len().div_ceil(PART_BYTES).max(1)
}

/// The byte range of part `part` of `text` (clamped to the last part).
pub fn part_range(text: &str, part: usize) -> Range<usize> {
    let part = part.min(part_count(text) - 1);
    let start = if part == 0 {
        0
    } else {
        cut(text, part * PART_BYTES)
    };
    let end = cut(text, (part + 1) * PART_BYTES);
    start..end.max(start)
}

/// The part that holds byte `at`.
pub fn part_of(text: &str, at: usize) -> usize {
    let guess = (at / PART_BYTES).min(part_count(text) - 1);
    // A cut can fall up to a line past its nominal place, so `at` may be in the part before.
    if guess > 0 && at < part_range(text, guess).start {
        guess - 1
    } else {
        guess
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_cover_the_text_once_cut_at_line_ends() {
        let line = "A line of the transcript, with é and “quotes”.\n";
        let text = line.repeat(PART_BYTES * 5 / line.len());
        let n = part_count(&text);
        assert_eq!(n, 5);
        let mut next = 0;
        for part in 0..n {
            let range = part_range(&text, part);
            assert_eq!(range.start, next, "part {part}");
            assert!(range.start == 0 || text[..range.start].ends_with('\n'));
            assert!(range.len() <= PART_BYTES + LINE_SEARCH_BYTES);
            for at in [range.start, range.end.saturating_sub(1)] {
                if at < text.len() {
                    assert_eq!(part_of(&text, at), part, "byte {at}");
                }
            }
            next = range.end;
        }
        assert_eq!(next, text.len());
        assert_eq!(part_range(&text, 99), part_range(&text, n - 1));
    }

    #[test]
    fn text_without_line_ends_is_cut_on_characters() {
        let text = "é".repeat(PART_BYTES);
        let range = part_range(&text, 1);
        assert!(text.is_char_boundary(range.start) && text.is_char_boundary(range.end));
        assert_eq!(part_range("", 0), 0..0);
        assert_eq!(part_count(""), 1);
    }
}
