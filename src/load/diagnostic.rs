//! Located problems found while loading an events file.

use std::fmt;
use std::path::PathBuf;

use crate::model::date::DateError;

/// Whether a problem rejects the file or only deserves attention.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The file is refused.
    Error,
    /// The file loads; something in it is weak.
    Warning,
}

impl Severity {
    /// "error" or "warning".
    pub fn name(self) -> &'static str {
        match self {
            Self::Error => "error",
            Self::Warning => "warning",
        }
    }
}

/// One step of a JSON path.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum PathSegment {
    /// An object member.
    Key(String),
    /// An array element.
    Index(usize),
}

/// A path into the JSON document, such as `$.events[3].date`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct JsonPath(pub Vec<PathSegment>);

impl JsonPath {
    /// The document root, `$`.
    pub fn root() -> Self {
        Self::default()
    }

    /// This path extended by an object key.
    #[must_use]
    pub fn key(&self, key: &str) -> Self {
        let mut segments = self.0.clone();
        segments.push(PathSegment::Key(key.to_owned()));
        Self(segments)
    }

    /// This path extended by an array index.
    #[must_use]
    pub fn index(&self, index: usize) -> Self {
        let mut segments = self.0.clone();
        segments.push(PathSegment::Index(index));
        Self(segments)
    }
}

impl fmt::Display for JsonPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("$")?;
        for segment in &self.0 {
            match segment {
                PathSegment::Key(key) => write!(f, ".{key}")?,
                PathSegment::Index(index) => write!(f, "[{index}]")?,
            }
        }
        Ok(())
    }
}

/// A 1-based line and column (columns count characters).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

impl Location {
    /// The start of a file.
    pub const START: Self = Self { line: 1, column: 1 };

    /// The location of byte `offset` in `text` (clamped to the text, snapped to a character).
    pub fn of_offset(text: &str, offset: usize) -> Self {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &text[..offset];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        Self {
            line: before.matches('\n').count() + 1,
            column: before[line_start..].chars().count() + 1,
        }
    }
}

/// What is wrong, without where.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum Problem {
    /// The user cancelled the load.
    #[error("loading was cancelled")]
    Cancelled,
    /// The file could not be read.
    #[error("cannot read the file: {0}")]
    Unreadable(String),
    /// The file is larger than the loader accepts.
    #[error("the file is {size} bytes, over the {cap}-byte limit")]
    TooLarge {
        /// Its size.
        size: u64,
        /// The limit.
        cap: u64,
    },
    /// The path names a FIFO, socket, device or folder rather than a regular file.
    #[error("expected a regular file, found {0}")]
    NotAFile(&'static str),
    /// Bytes that are not UTF-8.
    #[error("expected UTF-8 text, found an invalid byte sequence")]
    NotUtf8,
    /// The JSON does not parse.
    #[error("JSON syntax error: {0}")]
    Syntax(String),
    /// A value of the wrong shape or type.
    #[error("{0}")]
    Structure(String),
    /// The `format` is not one this version reads.
    #[error("unknown format \"{0}\", expected \"sourceline/1\"")]
    UnknownFormat(String),
    /// Two sources share an id.
    #[error("duplicate source id \"{id}\" (first used at {first})")]
    DuplicateSourceId {
        /// The id.
        id: String,
        /// Where it was first used.
        first: JsonPath,
    },
    /// Two events share an id.
    #[error("duplicate event id \"{id}\" (first used at {first})")]
    DuplicateEventId {
        /// The id.
        id: String,
        /// Where it was first used.
        first: JsonPath,
    },
    /// A key written twice in one object.
    #[error("duplicate key \"{0}\": expected each key once per object")]
    DuplicateKey(String),
    /// An id that differs from another only by invisible characters (a warning).
    #[error("id \"{id}\" differs from \"{other}\" (at {first}) only by invisible characters")]
    LookalikeId {
        /// This id.
        id: String,
        /// The other id.
        other: String,
        /// Where the other is.
        first: JsonPath,
    },
    /// An id that is empty.
    #[error("expected a non-empty id")]
    EmptyId,
    /// An id that breaks the id rule (a path, or characters that do not show): a warning, so
    /// the file still opens to be mended; sourceline never writes a new one.
    #[error("{0}")]
    NotAName(crate::model::id_rule::IdProblem),
    /// More actors or tags in one event than a timeline keeps (65,535 of each).
    #[error("{count} {member}: expected at most {max} in one event")]
    TooManyLabels {
        /// "actors" or "tags".
        member: &'static str,
        /// How many the event has.
        count: usize,
        /// How many an event may have.
        max: usize,
    },
    /// An event with no citation: a claim waiting for its passage (a warning).
    #[error("no passage cites this event")]
    NoCitations,
    /// A citation of a source the file does not list.
    #[error("unknown source \"{0}\": expected the id of one of the file's sources")]
    UnknownSource(String),
    /// A citation with nothing quoted.
    #[error("expected a non-empty quote")]
    EmptyQuote,
    /// A date that does not parse or is not on the calendar.
    #[error("{0}")]
    BadDate(DateError),
    /// A span ending before it starts.
    #[error("end {end} is before date {date}")]
    EndBeforeStart {
        /// The start as written.
        date: String,
        /// The end as written.
        end: String,
    },
    /// `approximate: true` without saying how.
    #[error("approximate dates need a date_note saying how the date was inferred")]
    ApproximateWithoutNote,
    /// A URL that is not a web address with a host.
    #[error("\"{url}\" is not a usable source URL: {why}")]
    BadUrl {
        /// The URL as written.
        url: String,
        /// What is wrong with it.
        why: String,
    },
    /// An article path that leaves the events file's folder.
    #[error("article path \"{0}\" leaves the events file's folder")]
    ArticleOutsideFolder(String),
    /// An article that cannot be read.
    #[error("article \"{path}\" cannot be read: {reason}")]
    ArticleUnreadable {
        /// The path as written.
        path: String,
        /// Why.
        reason: String,
    },
    /// An article over the size cap.
    #[error("article \"{path}\" is {size} bytes, over the {cap}-byte limit")]
    ArticleTooLarge {
        /// The path as written.
        path: String,
        /// Its size.
        size: u64,
        /// The limit.
        cap: u64,
    },
    /// An article path that names a FIFO, socket, device or folder.
    #[error("article \"{path}\" is {kind}, not a regular file")]
    ArticleNotAFile {
        /// The path as written.
        path: String,
        /// What it is.
        kind: &'static str,
    },
    /// The articles of one events file, together, over their cap.
    #[error(
        "article \"{path}\" brings the file's articles to {total} bytes, over the {cap}-byte limit"
    )]
    ArticlesTooLarge {
        /// The path as written.
        path: String,
        /// The total with this article.
        total: u64,
        /// The limit.
        cap: u64,
    },
    /// An article that is not UTF-8 text (UTF-16, binary, or invalid UTF-8).
    #[error("article \"{path}\": {reason}")]
    ArticleNotText {
        /// The path as written.
        path: String,
        /// What it is instead.
        reason: super::decode::DecodeError,
    },
    /// The quote matched only after folding typography.
    #[error("quote anchored only after normalising whitespace, quotes or dashes")]
    AnchoredNormalised,
    /// The quote matched only approximately.
    #[error("quote anchored only approximately ({:.0}% similar)", score * 100.0)]
    AnchoredApproximately {
        /// Similarity in `0..=1`.
        score: f64,
    },
    /// The quote occurs several times and context does not decide.
    #[error("quote occurs more than once in \"{0}\"; add a prefix or suffix to say which")]
    Ambiguous(String),
    /// The quote was not found.
    #[error("quote not found in \"{0}\"")]
    QuoteNotFound(String),
    /// A source with neither an archived text nor a URL.
    #[error("expected a file (the archived text) or a url")]
    NoFileNorUrl,
    /// A citation of a source whose text is not archived yet.
    #[error("the source is not archived yet (only its URL, {0}): add its text to anchor the quote")]
    NotArchived(String),
    /// A pending citation: it names its source but no passage yet (an imported link, say).
    #[error("passage not yet chosen in {source_id}{}: open the event and choose the passage", if *.archived { "" } else { ", which is not archived yet (archive it first)" })]
    PassageNotChosen {
        /// The cited source's id.
        source_id: String,
        /// True when the source's text is archived, so that a passage can be chosen now.
        archived: bool,
    },
    /// The article's text no longer has the hash recorded when it was archived.
    #[error("the article \"{0}\" changed since it was archived (its sha256 differs)")]
    ArticleChanged(String),
    /// Anchoring the article's quotes failed with an internal error (a bug, not the file's
    /// fault); reported rather than passed off as "not found".
    #[error("anchoring quotes in \"{article}\" failed: {message} (please report this)")]
    AnchoringFailed {
        /// The article's path as written.
        article: String,
        /// The panic's message.
        message: String,
    },
}

/// A located problem.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file it is in.
    pub file: PathBuf,
    /// Where in the file.
    pub location: Location,
    /// The JSON path of the value at fault (`$` for the whole file).
    pub path: JsonPath,
    /// What is wrong.
    pub problem: Problem,
}

impl Diagnostic {
    /// The message without file and location: `$.events[3].date: "2025-02-30" is not a date`.
    pub fn message(&self) -> String {
        if self.path.0.is_empty() {
            self.problem.to_string()
        } else {
            format!("{}: {}", self.path, self.problem)
        }
    }
}

impl Diagnostic {
    /// `FILE:LINE:COL{separator}error|warning: message`, with every unsafe character of the
    /// file name and the message escaped: one diagnostic is always one honest line.
    fn write_with(&self, f: &mut impl fmt::Write, separator: &str) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}{separator}{}: {}",
            escape_unsafe(&self.file.display().to_string(), false),
            self.location.line,
            self.location.column,
            self.severity.name(),
            escape_unsafe(&self.message(), false)
        )
    }

    /// `FILE:LINE:COL — error: message`, as the window's error panel lists it.
    pub fn panel_line(&self) -> String {
        let mut line = String::new();
        let _ = self.write_with(&mut line, " — ");
        line
    }
}

/// `FILE:LINE:COL: error|warning: message`, as `sourceline check` prints it.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_with(f, ": ")
    }
}

pub use crate::model::text_safety::{escape_unsafe, is_unsafe_char};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_characters_are_shown_escaped() {
        assert_eq!(escape_unsafe("plain é", false), "plain é");
        assert_eq!(
            escape_unsafe("a\u{1b}[2Kb\u{202e}c\nd\u{200b}", false),
            "a\\u{1b}[2Kb\\u{202e}c\\u{a}d\\u{200b}"
        );
        assert_eq!(escape_unsafe("a\nb\tc\rd", true), "a\nb\tc\\u{d}d");
    }

    #[test]
    fn a_forged_line_stays_inside_its_diagnostic() {
        let d = Diagnostic {
            severity: Severity::Error,
            file: PathBuf::from("ev\u{1b}]0;x\u{7}ents.json"),
            location: Location::START,
            path: JsonPath::root().key("events").index(0).key("date"),
            problem: Problem::BadUrl {
                url: "x\nother.json:1:1: warning: fine\u{202e}".into(),
                why: String::new(),
            },
        };
        let line = d.to_string();
        assert_eq!(line.lines().count(), 1, "{line}");
        assert!(!line.chars().any(is_unsafe_char), "{line}");
        assert!(
            line.contains("\\u{202e}") && line.contains("\\u{1b}"),
            "{line}"
        );
        assert_eq!(d.panel_line().lines().count(), 1);
    }

    #[test]
    fn locations_count_lines_and_characters() {
        let text = "ab\ncé\r\nxyz";
        assert_eq!(
            Location::of_offset(text, 0),
            Location { line: 1, column: 1 }
        );
        assert_eq!(
            Location::of_offset(text, 3),
            Location { line: 2, column: 1 }
        );
        // After the two-byte é: column counts characters, not bytes.
        assert_eq!(
            Location::of_offset(text, 6),
            Location { line: 2, column: 3 }
        );
        assert_eq!(
            Location::of_offset(text, 8),
            Location { line: 3, column: 1 }
        );
        // Clamped and snapped inside a character.
        assert_eq!(
            Location::of_offset(text, 5),
            Location { line: 2, column: 2 }
        );
        assert_eq!(
            Location::of_offset(text, 999),
            Location { line: 3, column: 4 }
        );
    }

    #[test]
    fn paths_print_like_jsonpath() {
        let path = JsonPath::root()
            .key("events")
            .index(3)
            .key("citations")
            .index(0)
            .key("quote");
        assert_eq!(path.to_string(), "$.events[3].citations[0].quote");
        assert_eq!(JsonPath::root().to_string(), "$");
    }

    #[test]
    fn diagnostics_print_file_line_column() {
        let d = Diagnostic {
            severity: Severity::Error,
            file: PathBuf::from("events.json"),
            location: Location {
                line: 12,
                column: 15,
            },
            path: JsonPath::root().key("events").index(0).key("date"),
            problem: Problem::BadDate(DateError::Impossible("2025-02-30".into())),
        };
        assert_eq!(
            d.to_string(),
            "events.json:12:15: error: $.events[0].date: \"2025-02-30\" is not a date on the calendar"
        );
    }
}
