//! What kind of writing a source is, and how reliable, as a source record says.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A source's reliability on the Admiralty (NATO) scale.
#[derive(
    Clone, Copy, Debug, Serialize, Deserialize, JsonSchema, PartialEq, Eq, Hash, PartialOrd, Ord,
)]
pub enum Reliability {
    /// Completely reliable.
    A,
    /// Usually reliable.
    B,
    /// Fairly reliable.
    C,
    /// Not usually reliable.
    D,
    /// Unreliable.
    E,
    /// Reliability cannot be judged.
    F,
}

impl Reliability {
    /// Every grade, A to F.
    pub const ALL: [Self; 6] = [Self::A, Self::B, Self::C, Self::D, Self::E, Self::F];

    /// "B (usually reliable)".
    pub fn label(self) -> &'static str {
        match self {
            Self::A => "A (completely reliable)",
            Self::B => "B (usually reliable)",
            Self::C => "C (fairly reliable)",
            Self::D => "D (not usually reliable)",
            Self::E => "E (unreliable)",
            Self::F => "F (cannot be judged)",
        }
    }

    /// The letter.
    pub fn letter(self) -> &'static str {
        match self {
            Self::A => "A",
            Self::B => "B",
            Self::C => "C",
            Self::D => "D",
            Self::E => "E",
            Self::F => "F",
        }
    }
}

/// What kind of writing a source is.
#[derive(
    Clone, Copy, Debug, Serialize, Deserialize, JsonSchema, PartialEq, Eq, Hash, PartialOrd, Ord,
)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    /// A news report.
    NewsReport,
    /// Analysis or commentary.
    Analysis,
    /// An opinion piece.
    Opinion,
    /// A newsletter.
    Newsletter,
    /// A statement by a government or organisation.
    OfficialStatement,
    /// Anything else.
    Other,
}

impl SourceKind {
    /// Every kind, in the order forms list them.
    pub const ALL: [Self; 6] = [
        Self::NewsReport,
        Self::Analysis,
        Self::Opinion,
        Self::Newsletter,
        Self::OfficialStatement,
        Self::Other,
    ];

    /// As people say it ("news report").
    pub fn label(self) -> &'static str {
        match self {
            Self::NewsReport => "news report",
            Self::Analysis => "analysis",
            Self::Opinion => "opinion",
            Self::Newsletter => "newsletter",
            Self::OfficialStatement => "official statement",
            Self::Other => "other",
        }
    }

    /// As the file writes it (`news_report`), which the command line takes too.
    pub fn key(self) -> &'static str {
        match self {
            Self::NewsReport => "news_report",
            Self::Analysis => "analysis",
            Self::Opinion => "opinion",
            Self::Newsletter => "newsletter",
            Self::OfficialStatement => "official_statement",
            Self::Other => "other",
        }
    }
}
