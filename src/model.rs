//! The events file as written (`EventsFile`, the `sourceline/1` format) and the timeline the
//! loader makes of it (`Timeline`, with every citation anchored to its article).

use std::path::PathBuf;
use std::sync::Arc;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::anchor::Anchor;
use crate::date::PartialDate;

/// The only format identifier this version reads.
pub const FORMAT: &str = "sourceline/1";

/// A date written as `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; kept as text here so a bad date is
/// reported with its location rather than failing the whole parse.
pub type DateText = String;

/// An events file exactly as stored on disk.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "sourceline events file",
    description = "A chronological event store whose every event cites passages of its source articles."
)]
pub struct EventsFile {
    /// Where editors find this schema.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// Always `sourceline/1`.
    pub format: String,
    /// The timeline's title, shown in the window.
    pub title: String,
    /// The articles cited by the events.
    pub sources: Vec<SourceRecord>,
    /// The events, in any order.
    pub events: Vec<EventRecord>,
}

/// One source article as written in the file.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SourceRecord {
    /// Unique id events cite it by.
    pub id: String,
    /// The article's headline.
    pub title: String,
    /// Who published it.
    pub publisher: String,
    /// Who wrote it, if known.
    #[serde(default)]
    pub author: Option<String>,
    /// Publication date (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`).
    #[schemars(regex(pattern = r"^\d{4}(-\d{2}(-\d{2})?)?$"))]
    pub published: DateText,
    /// True when the publication date was inferred rather than printed.
    #[serde(default)]
    pub published_approximate: bool,
    /// How an approximate publication date was inferred.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published_note: Option<String>,
    /// Where the article lives online (http or https), if known.
    #[serde(default)]
    pub url: Option<String>,
    /// The article's plain text, relative to the events file's folder and inside it.
    pub file: String,
}

/// One event as written in the file.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct EventRecord {
    /// Unique id, stable across edits.
    pub id: String,
    /// When it happened or began (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`).
    #[schemars(regex(pattern = r"^\d{4}(-\d{2}(-\d{2})?)?$"))]
    pub date: DateText,
    /// When a span ended; never before `date`.
    #[serde(default)]
    #[schemars(regex(pattern = r"^\d{4}(-\d{2}(-\d{2})?)?$"))]
    pub end: Option<DateText>,
    /// True when the date was inferred; `date_note` must then say how.
    #[serde(default)]
    pub approximate: bool,
    /// How an approximate date was inferred.
    #[serde(default)]
    pub date_note: Option<String>,
    /// One-line title.
    pub title: String,
    /// A few sentences on what happened.
    #[serde(default)]
    pub summary: String,
    /// Who took part, from the README's actor vocabulary.
    #[serde(default)]
    pub actors: Vec<String>,
    /// Free-form tags.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Passages of source articles that support the event; at least one.
    pub citations: Vec<CitationRecord>,
}

/// A W3C Web Annotation `TextQuoteSelector` pointing into a source article.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CitationRecord {
    /// Id of the cited source.
    pub source: String,
    /// The exact passage.
    pub quote: String,
    /// Text right before the passage, to tell repeated passages apart.
    #[serde(default)]
    pub prefix: Option<String>,
    /// Text right after the passage.
    #[serde(default)]
    pub suffix: Option<String>,
}

/// A loaded source article.
#[derive(Clone, Debug, PartialEq)]
pub struct Source {
    /// What the file said about it.
    pub record: SourceRecord,
    /// Publication date, parsed.
    pub published: PartialDate,
    /// Where the text was read from.
    pub path: PathBuf,
    /// The article's full text, exactly as on disk.
    pub text: Arc<str>,
}

/// A citation resolved against its article.
#[derive(Clone, Debug, PartialEq)]
pub struct Citation {
    /// What the file said.
    pub record: CitationRecord,
    /// Index of the cited source in [`Timeline::sources`].
    pub source: usize,
    /// Where the quote was found, and how well.
    pub anchor: Anchor,
}

/// A validated event.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    /// What the file said.
    pub record: EventRecord,
    /// Start, parsed.
    pub date: PartialDate,
    /// End of a span, parsed.
    pub end: Option<PartialDate>,
    /// Its citations, anchored.
    pub citations: Vec<Citation>,
}

impl Event {
    /// The event's id.
    pub fn id(&self) -> &str {
        &self.record.id
    }

    /// The event's title.
    pub fn title(&self) -> &str {
        &self.record.title
    }

    /// The date in words with its precision and tentativeness: "about March 2025",
    /// "18 February 2025", "June 2025 – 24 June 2025".
    pub fn date_label(&self) -> String {
        let about = if self.record.approximate {
            "about "
        } else {
            ""
        };
        match self.end {
            Some(end) => format!("{about}{} – {end}", self.date),
            None => format!("{about}{}", self.date),
        }
    }
}

/// A loaded, validated timeline: events sorted by start, then precision, then id.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Timeline {
    /// The file's title.
    pub title: String,
    /// The sources, in file order.
    pub sources: Vec<Source>,
    /// The events, sorted.
    pub events: Vec<Event>,
}

impl Timeline {
    /// Index of the event with this id.
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.events.iter().position(|e| e.id() == id)
    }
}
