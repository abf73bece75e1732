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
    if !text.chars().any(|c| is_unsafe_char(c) && !kept(c)) {
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
