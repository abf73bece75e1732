//! The one rule for ids, of events and of sources: an id is a name, never a path, and shows
//! what it is. Every place that makes or accepts a new id (the editor, `cite --new-event`,
//! `add-article --id`, every importer) checks it here; the loader warns of ids already in a
//! file that break it (refusing would make the file impossible to open and mend).

use super::text_safety::is_invisible;

/// Why a string cannot be an id.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum IdProblem {
    /// Nothing but white space.
    #[error("expected an id, found an empty one")]
    Empty,
    /// A path separator: an id names a file in `articles/`, and must not name a folder.
    #[error("expected a name, not a path: the id \"{id}\" holds '{separator}'")]
    Separator {
        /// The id.
        id: String,
        /// `/` or `\`.
        separator: char,
    },
    /// `..`, which climbs out of a folder.
    #[error("expected a name, not a path: the id \"{0}\" holds \"..\"")]
    DotDot(String),
    /// A control, bidirectional or invisible character, which would make two ids look alike.
    #[error("the id holds the invisible or control character U+{0:04X}; ids show what they are")]
    Invisible(u32),
}

/// What is wrong with `id` as an id, if anything.
pub fn id_problem(id: &str) -> Option<IdProblem> {
    // The usual id (a slug), in one cheap pass: a million are checked on every load.
    let plain = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_');
    if !id.is_empty() && id.bytes().all(plain) {
        return None;
    }
    if id.trim().is_empty() {
        return Some(IdProblem::Empty);
    }
    if let Some(c) = id.chars().find(|&c| is_invisible(c)) {
        return Some(IdProblem::Invisible(u32::from(c)));
    }
    if let Some(separator) = id.chars().find(|c| matches!(c, '/' | '\\')) {
        return Some(IdProblem::Separator {
            id: id.to_owned(),
            separator,
        });
    }
    if id.contains("..") {
        return Some(IdProblem::DotDot(id.to_owned()));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_names_that_show_what_they_are() {
        for good in [
            "talks",
            "2025-02-18-riyadh",
            "Zelensky’s plan",
            "a.b",
            "été",
        ] {
            assert_eq!(id_problem(good), None, "{good}");
        }
        assert_eq!(id_problem("  "), Some(IdProblem::Empty));
        assert!(matches!(
            id_problem("sub/inner"),
            Some(IdProblem::Separator { separator: '/', .. })
        ));
        assert!(matches!(
            id_problem("a\\b"),
            Some(IdProblem::Separator {
                separator: '\\',
                ..
            })
        ));
        assert!(matches!(id_problem("a..b"), Some(IdProblem::DotDot(_))));
        assert!(matches!(
            id_problem("../../escape"),
            Some(IdProblem::Separator { .. })
        ));
        for hidden in [
            "tal\u{200b}ks",
            "a\u{202e}b",
            "a\u{7}",
            "a\u{ad}b",
            "a\u{fe0f}",
        ] {
            assert!(
                matches!(id_problem(hidden), Some(IdProblem::Invisible(_))),
                "{hidden:?}"
            );
        }
    }
}
