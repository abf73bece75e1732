//! The events file as written (`EventsFile`, the `sourceline/1` format) and the timeline the
//! loader makes of it (`Timeline`, with every citation anchored to its article).

pub mod anchor;
pub mod date;
pub mod id_rule;
pub mod schema;
mod source_kind;
pub mod text_safety;
pub mod web_url;

use std::num::NonZeroU32;
use std::path::PathBuf;
use std::sync::Arc;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::model::anchor::{Anchor, PackedAnchor};
use crate::model::date::PartialDate;
pub use source_kind::{Reliability, SourceKind};

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
    /// Named periods drawn as labelled bands behind the events (optional).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub eras: Vec<EraRecord>,
}

/// A named period, as written in the file.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct EraRecord {
    /// When it began (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`).
    #[schemars(regex(pattern = r"^\d{4}(-\d{2}(-\d{2})?)?$"))]
    pub start: DateText,
    /// When it ended; not before `start`.
    #[schemars(regex(pattern = r"^\d{4}(-\d{2}(-\d{2})?)?$"))]
    pub end: DateText,
    /// Its label.
    pub title: String,
}

/// A named period, loaded.
#[derive(Clone, Debug, PartialEq)]
pub struct Era {
    /// When it began.
    pub start: PartialDate,
    /// When it ended.
    pub end: PartialDate,
    /// Its label.
    pub title: String,
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
    /// The article's plain text, relative to the events file's folder and inside it; `None`
    /// while the source is not archived yet (then it needs a `url`, and its quotes wait).
    #[serde(default)]
    pub file: Option<String>,
    /// What kind of writing it is, if said.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<SourceKind>,
    /// How the kind was decided (what in the text shows it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind_note: Option<String>,
    /// How reliable the source is, on the Admiralty scale (A to F; F: cannot be judged).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reliability: Option<Reliability>,
    /// SHA-256 of the archived text (lower-case hex), written when the article was added; a
    /// mismatch on load is a warning that the article changed since.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^[0-9a-f]{64}$"))]
    pub sha256: Option<String>,
    /// The original the text was extracted from (a saved page), archived byte for byte beside
    /// it, when the source was added from one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original: Option<Box<OriginalRecord>>,
}

/// The original a source's text was extracted from, kept as evidence: the file as it came,
/// its hash, what extracted the text and when and from where it was captured.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct OriginalRecord {
    /// The archived original, relative to the events file's folder and inside it.
    pub file: String,
    /// Its media type (`text/html`).
    pub media_type: String,
    /// SHA-256 of its bytes (lower-case hex).
    #[schemars(regex(pattern = r"^[0-9a-f]{64}$"))]
    pub sha256: String,
    /// What made the text from it, with its version.
    pub extractor: String,
    /// When it was captured, in UTC (RFC 3339).
    pub captured: String,
    /// Where it was captured from: the address it was fetched from, or the one a saved page
    /// records (`SingleFile`'s header, its canonical link).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Where a fetched address led after redirects, when it led elsewhere.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub final_url: Option<String>,
}

/// The lower-case hex SHA-256 of `bytes`, as `sha256` fields hold it.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest as _;
    let digest = sha2::Sha256::digest(bytes);
    let mut hex = String::with_capacity(64);
    for byte in digest {
        // Writing into a String cannot fail.
        let _ = std::fmt::Write::write_fmt(&mut hex, format_args!("{byte:02x}"));
    }
    hex
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
    #[schemars(length(max = 65535))]
    pub actors: Vec<String>,
    /// Free-form tags.
    #[serde(default)]
    #[schemars(length(max = 65535))]
    pub tags: Vec<String>,
    /// Passages of source articles that support the event; at least one.
    pub citations: Vec<CitationRecord>,
    /// A picture, video or sound the event was shown with (an imported slide's media), as a web
    /// URL. It is illustration, not a source: nothing cites it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media: Option<String>,
}

/// A W3C Web Annotation `TextQuoteSelector` pointing into a source article.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CitationRecord {
    /// Id of the cited source.
    pub source: String,
    /// The exact passage. Left out for a pending citation, which names its source before anyone
    /// has chosen the passage (an imported link, say): it loads with the warning "passage not
    /// yet chosen".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
    /// Text right before the passage, to tell repeated passages apart.
    #[serde(default)]
    pub prefix: Option<String>,
    /// Text right after the passage.
    #[serde(default)]
    pub suffix: Option<String>,
    /// The date this source gives for the event, when it differs from the event's date
    /// (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`): where sources disagree.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^\d{4}(-\d{2}(-\d{2})?)?$"))]
    pub claimed_date: Option<DateText>,
}

/// What separates two pages in an archived PDF's text (a form feed).
pub const PAGE_BREAK: char = '\u{c}';

/// The page (from 1) at byte `offset` of an archived PDF's text: one more than the form feeds
/// before it. `None` for a text with no page breaks (not from a PDF, or one page).
pub fn page_at(text: &str, offset: usize) -> Option<usize> {
    if !text.contains(PAGE_BREAK) {
        return None;
    }
    let before = text.get(..offset.min(text.len()))?;
    Some(before.matches(PAGE_BREAK).count() + 1)
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

impl Source {
    /// True when the archived original is a PDF, whose text has its pages apart by
    /// [`PAGE_BREAK`]: a passage's page is [`page_at`] its start.
    pub fn is_pdf(&self) -> bool {
        self.record
            .original
            .as_ref()
            .is_some_and(|o| o.media_type == "application/pdf")
    }

    /// The PDF page (from 1) at byte `offset` of the text, for a PDF source; else `None`.
    pub fn page_at(&self, offset: usize) -> Option<usize> {
        if self.is_pdf() {
            Some(page_at(&self.text, offset).unwrap_or(1))
        } else {
            None
        }
    }
}

/// A piece of a timeline's text: a byte range of the events file as read (strings without JSON
/// escapes are not copied), or of the side buffer that holds unescaped strings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct TextRef {
    /// Byte offset plus one (so that `Option<TextRef>` takes no more room than a `TextRef`: a
    /// million events hold three of those each); the top bit of the offset selects the side
    /// buffer.
    start_plus_one: NonZeroU32,
    /// Length in bytes.
    len: u32,
}

impl Default for TextRef {
    /// The empty text at the file's start.
    fn default() -> Self {
        Self::from_raw(0, 0)
    }
}

// Three optional texts in each event and two in each citation: the niche keeps them 8 bytes.
const _: () = assert!(size_of::<Option<TextRef>>() == size_of::<TextRef>());
// A million of each are held with the file's text at the load's peak of memory (issue #15).
const _: () = assert!(size_of::<Event>() <= 68);
const _: () = assert!(size_of::<Citation>() <= 48);

/// Marks a [`TextRef`] into the side buffer rather than the file.
const SIDE_BIT: u32 = 1 << 31;

impl TextRef {
    fn from_raw(start: u32, len: u32) -> Self {
        Self {
            start_plus_one: NonZeroU32::MIN.saturating_add(start),
            len,
        }
    }

    /// The offset with its side bit.
    fn start(self) -> u32 {
        self.start_plus_one.get() - 1
    }

    /// Refers to `text` by position when it lies inside `file`, else copies it into `side`.
    /// Positions and lengths fit in 31 bits because files are capped at 1 GiB.
    pub(crate) fn locate(file: &str, side: &mut String, text: &str) -> Self {
        let base = file.as_ptr() as usize;
        let at = text.as_ptr() as usize;
        let len = u32::try_from(text.len()).unwrap_or(u32::MAX);
        if at >= base
            && at + text.len() <= base + file.len()
            && let Ok(start) = u32::try_from(at - base)
            && start & SIDE_BIT == 0
        {
            return Self::from_raw(start, len);
        }
        let start = u32::try_from(side.len()).unwrap_or(u32::MAX) | SIDE_BIT;
        side.push_str(text);
        Self::from_raw(start, len)
    }

    /// The same text once the side buffer it was made against is appended to one already
    /// `side_len` bytes long (a reference into the file is unchanged).
    pub(crate) fn after_side(self, side_len: u32) -> Self {
        let start = self.start();
        if start & SIDE_BIT == 0 {
            self
        } else {
            Self::from_raw(((start & !SIDE_BIT) + side_len) | SIDE_BIT, self.len)
        }
    }

    /// The text this refers to in `file` or `side`; empty when it does not fit.
    pub(crate) fn resolve<'s>(file: &'s str, side: &'s str, r: Self) -> &'s str {
        let start = r.start();
        let (buffer, start) = if start & SIDE_BIT == 0 {
            (file, start)
        } else {
            (side, start & !SIDE_BIT)
        };
        let start = start as usize;
        buffer
            .get(start..start + r.len as usize)
            .unwrap_or_default()
    }
}

/// All the text a timeline's events point into: the events file exactly as read, and a side
/// buffer for strings that had escapes (or came from elsewhere).
///
/// Borrowing from the file instead of owning ten strings per event is what keeps a million
/// events within a few hundred megabytes.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TextStore {
    file: String,
    side: String,
}

impl TextStore {
    /// A store over the events file's text, with an empty side buffer.
    pub fn new(file: String) -> Self {
        Self {
            file,
            side: String::new(),
        }
    }

    /// The events file's text.
    pub fn file(&self) -> &str {
        &self.file
    }

    /// A store over the events file's text and a side buffer built beside it.
    pub(crate) fn from_parts(file: String, side: String) -> Self {
        Self { file, side }
    }

    /// Refers to `text`: by position when it lies inside the file's text, else by copying it into
    /// the side buffer.
    pub fn intern(&mut self, text: &str) -> TextRef {
        TextRef::locate(&self.file, &mut self.side, text)
    }

    /// The text `r` refers to; empty for a reference that does not fit (from another store).
    pub fn get(&self, r: TextRef) -> &str {
        TextRef::resolve(&self.file, &self.side, r)
    }

    /// Bytes held (file and side buffer).
    pub fn len_bytes(&self) -> usize {
        self.file.len() + self.side.len()
    }
}

/// A citation resolved against its article.
#[derive(Clone, Debug, PartialEq)]
pub struct Citation {
    /// Index of the cited source in [`Timeline::sources`].
    pub source: u32,
    /// The exact passage, as written in the file; `None` while the passage is not chosen yet.
    pub quote: Option<TextRef>,
    /// Text right before the passage, if given.
    pub prefix: Option<TextRef>,
    /// Text right after the passage, if given.
    pub suffix: Option<TextRef>,
    /// The date this source gives for the event, when it differs.
    pub claimed: Option<PartialDate>,
    /// Where the quote was found, and how well, packed ([`Citation::anchor`] unpacks it).
    pub(crate) anchor: PackedAnchor,
}

/// A validated event. Its texts live in the timeline's [`TextStore`]; the accessors take the
/// timeline.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    /// Unique id.
    pub id: TextRef,
    /// One-line title.
    pub title: TextRef,
    /// A few sentences (may be empty).
    pub summary: TextRef,
    /// How the date was established, if said.
    pub date_note: Option<TextRef>,
    /// Start, parsed.
    pub date: PartialDate,
    /// End of a span, parsed.
    pub end: Option<PartialDate>,
    /// True when the date was inferred.
    pub approximate: bool,
    /// Actors then tags, as indices into [`Timeline::names`], stored in [`Timeline::labels`].
    pub labels: LabelRange,
    /// Its citations, in [`Timeline::citations`].
    pub citations: std::ops::Range<u32>,
    /// Its picture, video or sound (a web URL), if any.
    pub media: Option<TextRef>,
}

/// Where an event's actors and tags sit in [`Timeline::labels`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LabelRange {
    /// First label.
    pub start: u32,
    /// How many actors (they come first); the loader refuses an event with more than fit.
    pub actors: u16,
    /// How many tags (after the actors); the loader refuses an event with more than fit.
    pub tags: u16,
}

impl Event {
    /// The event's id.
    pub fn id<'t>(&self, timeline: &'t Timeline) -> &'t str {
        timeline.text.get(self.id)
    }

    /// The event's title.
    pub fn title<'t>(&self, timeline: &'t Timeline) -> &'t str {
        timeline.text.get(self.title)
    }

    /// The event's summary (may be empty).
    pub fn summary<'t>(&self, timeline: &'t Timeline) -> &'t str {
        timeline.text.get(self.summary)
    }

    /// How the date was established, if the file says.
    pub fn date_note<'t>(&self, timeline: &'t Timeline) -> Option<&'t str> {
        self.date_note.map(|n| timeline.text.get(n))
    }

    /// The event's picture, video or sound (a web URL), if any.
    pub fn media<'t>(&self, timeline: &'t Timeline) -> Option<&'t str> {
        self.media.map(|m| timeline.text.get(m))
    }

    /// Indices into [`Timeline::names`] of the event's actors.
    pub fn actor_ids<'t>(&self, timeline: &'t Timeline) -> &'t [u32] {
        let start = self.labels.start as usize;
        timeline
            .labels
            .get(start..start + self.labels.actors as usize)
            .unwrap_or_default()
    }

    /// Indices into [`Timeline::names`] of the event's tags.
    pub fn tag_ids<'t>(&self, timeline: &'t Timeline) -> &'t [u32] {
        let start = self.labels.start as usize + usize::from(self.labels.actors);
        timeline
            .labels
            .get(start..start + self.labels.tags as usize)
            .unwrap_or_default()
    }

    /// The event's actors, by name.
    pub fn actors<'t>(&self, timeline: &'t Timeline) -> impl Iterator<Item = &'t str> + 't {
        self.actor_ids(timeline).iter().map(|&i| timeline.name(i))
    }

    /// The event's tags, by name.
    pub fn tags<'t>(&self, timeline: &'t Timeline) -> impl Iterator<Item = &'t str> + 't {
        self.tag_ids(timeline).iter().map(|&i| timeline.name(i))
    }

    /// The event's citations.
    pub fn citations<'t>(&self, timeline: &'t Timeline) -> &'t [Citation] {
        timeline
            .citations
            .get(self.citations.start as usize..self.citations.end as usize)
            .unwrap_or_default()
    }

    /// True when some citation quotes a passage: an event with none, or only pending ones
    /// (a source named, no passage chosen), is unsourced.
    pub fn cites_a_passage(&self, timeline: &Timeline) -> bool {
        self.citations(timeline).iter().any(|c| !c.is_pending())
    }

    /// The date in words with its precision and tentativeness: "about March 2025",
    /// "18 February 2025", "June 2025 – 24 June 2025".
    pub fn date_label(&self) -> String {
        let about = if self.approximate { "about " } else { "" };
        match self.end {
            Some(end) => format!("{about}{} – {end}", self.date),
            None => format!("{about}{}", self.date),
        }
    }
}

impl Citation {
    /// Where the quote was found, and how well.
    pub fn anchor(&self) -> Anchor {
        self.anchor.get()
    }

    /// Records where the quote was found.
    pub fn set_anchor(&mut self, anchor: &Anchor) {
        self.anchor = PackedAnchor::new(anchor);
    }

    /// The quote as written in the file; `None` for a pending citation.
    pub fn quote<'t>(&self, timeline: &'t Timeline) -> Option<&'t str> {
        self.quote.map(|q| timeline.text.get(q))
    }

    /// True for a pending citation: its source is named, its passage not chosen yet.
    pub fn is_pending(&self) -> bool {
        self.quote.is_none()
    }

    /// The context before the quote, if given.
    pub fn prefix<'t>(&self, timeline: &'t Timeline) -> Option<&'t str> {
        self.prefix.map(|p| timeline.text.get(p))
    }

    /// The context after the quote, if given.
    pub fn suffix<'t>(&self, timeline: &'t Timeline) -> Option<&'t str> {
        self.suffix.map(|s| timeline.text.get(s))
    }

    /// The passage of the article the quote anchored to, if found.
    pub fn passage<'t>(&self, timeline: &'t Timeline) -> Option<&'t str> {
        let range = self.anchor().range?;
        timeline.sources.get(self.source as usize)?.text.get(range)
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
    /// Every event's citations, each event's together.
    pub citations: Vec<Citation>,
    /// Actor and tag names, each once.
    pub names: Vec<String>,
    /// Each event's actors and tags, as indices into `names`.
    pub labels: Vec<u32>,
    /// The text the events refer to.
    pub text: TextStore,
    /// For each citation, the index of its event (filled by [`Timeline::index_citations`]).
    pub citation_event: Vec<u32>,
    /// Named periods, in file order.
    pub eras: Vec<Era>,
    /// For each source, its anchored citations ordered by where they start in the article
    /// (filled by [`Timeline::index_citations`]), so the reader finds an article's other
    /// passages without scanning every citation.
    pub passages: Vec<Vec<u32>>,
}

/// From this many citations, [`Timeline::index_citations`] makes its two lists on two threads
/// (from two in unit tests, so that they run that way).
const PARALLEL_INDEX_CITATIONS: usize = if cfg!(test) { 2 } else { 100_000 };

/// For each of `sources` sources, its anchored citations ordered by where they start (then end)
/// in the article.
fn passages_by_place(citations: &[Citation], sources: usize) -> Vec<Vec<u32>> {
    let range_of = |c: &Citation| c.anchor().range;
    // Counted first, so that each list is made once at its size.
    let mut counts = vec![0_usize; sources];
    for c in citations {
        if range_of(c).is_some()
            && let Some(count) = counts.get_mut(c.source as usize)
        {
            *count += 1;
        }
    }
    let mut passages: Vec<Vec<u32>> = counts.into_iter().map(Vec::with_capacity).collect();
    for (i, c) in citations.iter().enumerate() {
        if range_of(c).is_some()
            && let Some(list) = passages.get_mut(c.source as usize)
        {
            list.push(u32::try_from(i).unwrap_or(u32::MAX));
        }
    }
    // Each list is sorted by keys read once per citation: a source's citations lie anywhere
    // among a million, and reading a citation at each comparison was a cache miss apiece.
    let mut keyed: Vec<(usize, usize, u32)> = Vec::new();
    for list in &mut passages {
        keyed.clear();
        keyed.extend(list.iter().map(|&c| {
            let range = citations
                .get(c as usize)
                .and_then(range_of)
                .unwrap_or_default();
            (range.start, range.end, c)
        }));
        keyed.sort_unstable();
        for (slot, &(_, _, c)) in list.iter_mut().zip(&keyed) {
            *slot = c;
        }
    }
    passages
}

impl Timeline {
    /// Fills [`Timeline::citation_event`] and [`Timeline::passages`]; call after changing events
    /// or citations.
    pub fn index_citations(&mut self) {
        let events = &self.events;
        let citations = &self.citations;
        let event_of = || {
            let mut event_of = vec![0; citations.len()];
            for (i, event) in events.iter().enumerate() {
                for c in event.citations.clone() {
                    if let Some(slot) = event_of.get_mut(c as usize) {
                        *slot = u32::try_from(i).unwrap_or(u32::MAX);
                    }
                }
            }
            event_of
        };
        let passages = || passages_by_place(citations, self.sources.len());
        // The two lists share nothing; a million citations make each worth a thread.
        let (event_of, passages) = if citations.len() >= PARALLEL_INDEX_CITATIONS {
            std::thread::scope(|scope| {
                let passages = scope.spawn(passages);
                let event_of = event_of();
                (event_of, passages.join().ok())
            })
        } else {
            (event_of(), None)
        };
        self.citation_event = event_of;
        self.passages =
            passages.unwrap_or_else(|| passages_by_place(citations, self.sources.len()));
    }

    /// Index of the event with this id.
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.events.iter().position(|e| e.id(self) == id)
    }

    /// An actor's or tag's name; empty for an index out of range.
    pub fn name(&self, index: u32) -> &str {
        self.names.get(index as usize).map_or("", String::as_str)
    }

    /// The index of an actor or tag name, if any event uses it.
    pub fn name_index(&self, name: &str) -> Option<u32> {
        self.names
            .iter()
            .position(|n| n == name)
            .and_then(|i| u32::try_from(i).ok())
    }
}

/// The record an event was loaded from, as the file would write it (dates in their canonical
/// form), for editing.
pub fn event_record(timeline: &Timeline, event: &Event) -> EventRecord {
    EventRecord {
        id: event.id(timeline).to_owned(),
        date: event.date.to_iso(),
        end: event.end.map(PartialDate::to_iso),
        approximate: event.approximate,
        date_note: event.date_note(timeline).map(str::to_owned),
        media: event.media(timeline).map(str::to_owned),
        title: event.title(timeline).to_owned(),
        summary: event.summary(timeline).to_owned(),
        actors: event.actors(timeline).map(str::to_owned).collect(),
        tags: event.tags(timeline).map(str::to_owned).collect(),
        citations: event
            .citations(timeline)
            .iter()
            .map(|c| CitationRecord {
                source: timeline
                    .sources
                    .get(c.source as usize)
                    .map(|s| s.record.id.clone())
                    .unwrap_or_default(),
                quote: c.quote(timeline).map(str::to_owned),
                prefix: c.prefix(timeline).map(str::to_owned),
                suffix: c.suffix(timeline).map(str::to_owned),
                claimed_date: c.claimed.map(PartialDate::to_iso),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::TextRef;

    #[test]
    fn text_refs_find_their_text_at_the_files_start_end_and_in_the_side_buffer() {
        let file = "abcdef";
        let mut side = String::from("xy");
        let at_start = TextRef::locate(file, &mut side, &file[..2]);
        let at_end = TextRef::locate(file, &mut side, &file[4..]);
        let copied = TextRef::locate(file, &mut side, "copied");
        assert_eq!(side, "xycopied");
        for (r, text) in [(at_start, "ab"), (at_end, "ef"), (copied, "copied")] {
            assert_eq!(TextRef::resolve(file, &side, r), text);
        }
        assert_eq!(TextRef::resolve(file, &side, TextRef::default()), "");
        // Appended after another side buffer, a side reference moves and a file one stays.
        let longer = format!("0123{side}");
        assert_eq!(
            TextRef::resolve(file, &longer, copied.after_side(4)),
            "copied"
        );
        assert_eq!(at_end.after_side(4), at_end);
        assert_eq!(
            Some(at_start).map(|r| TextRef::resolve(file, &side, r)),
            Some("ab")
        );
    }

    #[test]
    fn the_citation_index_names_each_citations_event_and_orders_each_articles_passages() {
        let mut t = crate::load::fixture::small().timeline;
        // Made again from nothing, in case the load left them right by itself.
        t.citation_event.clear();
        t.passages.clear();
        t.index_citations();
        assert_eq!(t.citation_event.len(), t.citations.len());
        for (i, event) in t.events.iter().enumerate() {
            for c in event.citations.clone() {
                assert_eq!(t.citation_event[c as usize] as usize, i);
            }
        }
        assert_eq!(t.passages.len(), t.sources.len());
        let mut listed = 0;
        for (source, list) in t.passages.iter().enumerate() {
            let places: Vec<(usize, usize)> = list
                .iter()
                .map(|&c| {
                    let citation = &t.citations[c as usize];
                    assert_eq!(citation.source as usize, source);
                    let range = citation.anchor().range.unwrap_or_else(|| panic!("{c}"));
                    (range.start, range.end)
                })
                .collect();
            assert!(places.is_sorted(), "source {source}: {places:?}");
            listed += list.len();
        }
        let anchored = t
            .citations
            .iter()
            .filter(|c| c.anchor().range.is_some())
            .count();
        assert_eq!(anchored, 9, "every citation of the small timeline anchors");
        // Not trivially so: an article quoted out of the events' order.
        assert!(t.passages.iter().any(|list| !list.is_sorted()));
        assert_eq!(listed, anchored);
    }
}
