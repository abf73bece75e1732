//! Characters that can hide, reorder or forge text on a terminal, in a text field or in a
//! diagnostic, and text with them shown escaped: every stage that prints or shows what came from
//! a file uses these.

use std::borrow::Cow;
use std::fmt;

/// True for the characters that can hide, reorder or forge text on a terminal or in a text
/// field: control characters (C0, DEL, C1), bidirectional controls, zero-width characters, the
/// byte-order mark and the Unicode line and paragraph separators.
pub fn is_unsafe_char(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061C}'
                | '\u{200B}'..='\u{200F}'
                | '\u{2028}'..='\u{202E}'
                | '\u{2060}'..='\u{2069}'
                | '\u{FEFF}'
        )
}

/// Whether `text` holds a character of [`is_unsafe_char`] (other than line feeds and tabs with
/// `keep_lines`): read as bytes, since the search prints megabytes through it. In UTF-8 those
/// characters are the bytes below 0x20 and 0x7F, and sequences that start with 0xC2 (C1
/// controls), 0xD8 (U+061C), 0xE2 (U+200B–U+206F) or 0xEF (U+FEFF); blocks of printable ASCII
/// are passed over whole, a check the compiler vectorises.
fn holds_unsafe(text: &str, keep_lines: bool) -> bool {
    const BLOCK: usize = 32;
    let bytes = text.as_bytes();
    let at = |i: usize| bytes.get(i).copied().unwrap_or(0);
    for (k, block) in bytes.chunks(BLOCK).enumerate() {
        if block
            .iter()
            .fold(false, |any, &b| any | (b.wrapping_sub(0x20) >= 0x5F))
        {
            for (j, &b) in block.iter().enumerate() {
                let i = k * BLOCK + j;
                let unsafe_here = match b {
                    b'\n' | b'\t' => !keep_lines,
                    0x00..=0x1F | 0x7F => true,
                    0xC2 => (0x80..=0x9F).contains(&at(i + 1)),
                    0xD8 => at(i + 1) == 0x9C,
                    0xE2 => matches!(
                        (at(i + 1), at(i + 2)),
                        (0x80, 0x8B..=0x8F | 0xA8..=0xAE) | (0x81, 0xA0..=0xA9)
                    ),
                    0xEF => at(i + 1) == 0xBB && at(i + 2) == 0xBF,
                    _ => false,
                };
                if unsafe_here {
                    return true;
                }
            }
        }
    }
    false
}

/// True for characters that do not show: those of [`is_unsafe_char`], and soft hyphens,
/// variation selectors and tags.
pub fn is_invisible(c: char) -> bool {
    is_unsafe_char(c)
        || matches!(c, '\u{AD}' | '\u{180E}' | '\u{FE00}'..='\u{FE0F}' | '\u{E0000}'..='\u{E007F}')
}

/// `text` with every [`is_unsafe_char`] shown as `\u{202e}`, so that no input can forge, hide
/// or reorder a line; with `keep_lines`, line feeds and tabs are kept as they are (for text whose
/// lines are its own, such as a copied passage).
pub fn escape_unsafe(text: &str, keep_lines: bool) -> Cow<'_, str> {
    let kept = |c: char| keep_lines && matches!(c, '\n' | '\t');
    if !holds_unsafe(text, keep_lines) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if is_unsafe_char(c) && !kept(c) {
            use fmt::Write as _;
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_byte_check_agrees_with_the_characters_for_every_character() {
        for code in 0..=0x10_FFFF_u32 {
            let Some(c) = char::from_u32(code) else {
                continue;
            };
            // Alone, and between two characters whose bytes could mislead the check.
            for text in [c.to_string(), format!("\u{e2}{c}\u{c2}")] {
                for keep_lines in [false, true] {
                    let expected = text
                        .chars()
                        .any(|c| is_unsafe_char(c) && !(keep_lines && matches!(c, '\n' | '\t')));
                    assert_eq!(holds_unsafe(&text, keep_lines), expected, "{code:x}");
                }
            }
        }
        let long = format!("{}\u{202e}", "a".repeat(100));
        assert!(holds_unsafe(&long, true));
        assert!(!holds_unsafe(
            &"\u{201c}quoted\u{201d} \u{2014} text \u{2019}".repeat(20),
            false
        ));
    }
}
