//! Reading an events file: parse, validate, resolve articles, anchor every citation, and report
//! every problem with its location.

pub mod anchor;
pub mod bundled;
pub mod diagnostic;
#[cfg(test)]
pub mod fixture;
mod ids;
pub mod locate;
pub mod read;
mod split;

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};

use rustc_hash::FxHashMap;
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::value::RawValue;
use smallvec::SmallVec;

use crate::load::anchor::{
    Anchor, AnchorQuality, PackedAnchor, Quote, anchor_all as anchor_quotes,
};
use crate::load::diagnostic::{Diagnostic, JsonPath, Location, Problem, Severity};
use crate::model::date::PartialDate;
use crate::model::{
    Citation, Era, EraRecord, Event, EventRecord, FORMAT, LabelRange, Source, SourceRecord,
    TextRef, TextStore, Timeline,
};

/// Largest events file accepted, checked before reading: 1 GiB (a million generated events
/// take about 280 MB; the cap only stops a runaway file from exhausting memory).
pub const MAX_EVENTS_FILE_BYTES: u64 = 1024 * 1024 * 1024;

/// Largest article accepted: 16 MiB.
pub const MAX_ARTICLE_BYTES: u64 = 16 * 1024 * 1024;

/// A timeline that loaded, with its warnings.
#[derive(Clone, Debug)]
pub struct Loaded {
    /// The validated timeline.
    pub timeline: Timeline,
    /// Warnings (weak or lost anchors); never errors.
    pub diagnostics: Vec<Diagnostic>,
}

/// A file that was refused: every error found, and the warnings beside them.
#[derive(Clone, Debug, thiserror::Error)]
#[error("{} refused with {} error(s)", file.display(), self.error_count())]
pub struct LoadError {
    /// The file refused.
    pub file: PathBuf,
    /// All problems found, errors first.
    pub diagnostics: Vec<Diagnostic>,
}

impl LoadError {
    /// The error of a load of `file` that was cancelled.
    pub fn cancelled(file: PathBuf) -> Self {
        Self {
            diagnostics: vec![Diagnostic {
                severity: Severity::Error,
                file: file.clone(),
                location: Location::START,
                path: JsonPath::root(),
                problem: Problem::Cancelled,
            }],
            file,
        }
    }

    /// How many of the diagnostics are errors.
    pub fn error_count(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }
}

/// How far a load has got, shared with the thread that shows it; also carries cancellation.
#[derive(Debug, Default)]
pub struct Progress {
    /// Size of the events file.
    pub bytes_total: AtomicU64,
    /// Bytes read so far.
    pub bytes_read: AtomicU64,
    /// While parsing, 0; then the number of citations to anchor.
    pub events_total: AtomicUsize,
    /// Events parsed so far, then (from 0 again) citations anchored so far.
    pub events_done: AtomicUsize,
    cancelled: AtomicBool,
}

impl Progress {
    /// Asks the load to stop at its next check.
    pub fn cancel(&self) {
        self.cancelled.store(true, Ordering::Relaxed);
    }

    /// True once [`Progress::cancel`] was called.
    pub fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::Relaxed)
    }
}

/// Bytes read between two cancellation checks.
const READ_CHUNK_BYTES: usize = 1 << 20;

/// Where the articles named by `file` fields are read from.
#[derive(Clone, Copy, Debug)]
pub enum Articles<'a> {
    /// A folder on disk (the events file's own folder).
    Folder(&'a Path),
    /// Texts compiled into the binary, by their relative path.
    Embedded(&'a [(&'a str, &'a str)]),
}

/// Loads the events file at `path`; articles are read relative to its folder.
///
/// # Errors
/// A [`LoadError`] listing every problem that rejects the file.
pub fn load(path: &Path) -> Result<Loaded, LoadError> {
    load_with_progress(path, &Progress::default())
}

/// Like [`load`], reporting progress and stopping early when `progress` is cancelled (the
/// result is then a [`Problem::Cancelled`] error).
///
/// # Errors
/// A [`LoadError`] listing every problem that rejects the file.
pub fn load_with_progress(path: &Path, progress: &Progress) -> Result<Loaded, LoadError> {
    let fail = |problem| LoadError {
        file: path.to_owned(),
        diagnostics: vec![Diagnostic {
            severity: Severity::Error,
            file: path.to_owned(),
            location: Location::START,
            path: JsonPath::root(),
            problem,
        }],
    };
    let started = std::time::Instant::now();
    let bytes = read::read_file_with(
        path,
        MAX_EVENTS_FILE_BYTES,
        READ_CHUNK_BYTES as u64,
        |size| progress.bytes_total.store(size, Ordering::Relaxed),
        |read| {
            progress.bytes_read.store(read, Ordering::Relaxed);
            !progress.is_cancelled()
        },
    )
    .map_err(|e| match e {
        read::ReadError::NotRegular(kind) => fail(Problem::NotAFile(kind)),
        read::ReadError::TooLarge { size, cap } => fail(Problem::TooLarge { size, cap }),
        read::ReadError::Cancelled => fail(Problem::Cancelled),
        other => fail(Problem::Unreadable(other.to_string())),
    })?;
    log::debug!(
        "load: {} bytes read in {:?}",
        bytes.len(),
        started.elapsed()
    );
    let folder = path.parent().unwrap_or(Path::new(""));
    let folder = if folder.as_os_str().is_empty() {
        Path::new(".")
    } else {
        folder
    };
    load_vec(bytes, path, Articles::Folder(folder), progress)
}

/// Loads an events file already in memory; `file` names it in diagnostics.
///
/// # Errors
/// A [`LoadError`] listing every problem that rejects the file.
pub fn load_bytes(bytes: &[u8], file: &Path, articles: Articles<'_>) -> Result<Loaded, LoadError> {
    load_bytes_with_progress(bytes, file, articles, &Progress::default())
}

/// Like [`load_bytes`], reporting progress and honouring cancellation.
///
/// # Errors
/// A [`LoadError`] listing every problem that rejects the file.
pub fn load_bytes_with_progress(
    bytes: &[u8],
    file: &Path,
    articles: Articles<'_>,
    progress: &Progress,
) -> Result<Loaded, LoadError> {
    load_vec(bytes.to_vec(), file, articles, progress)
}

/// The common path: the file's bytes become the timeline's [`TextStore`], so strings without
/// escapes are never copied.
fn load_vec(
    bytes: Vec<u8>,
    file: &Path,
    articles: Articles<'_>,
    progress: &Progress,
) -> Result<Loaded, LoadError> {
    let fail_at = |location, problem| LoadError {
        file: file.to_owned(),
        diagnostics: vec![Diagnostic {
            severity: Severity::Error,
            file: file.to_owned(),
            location,
            path: JsonPath::root(),
            problem,
        }],
    };
    if u64::try_from(bytes.len()).unwrap_or(u64::MAX) > MAX_EVENTS_FILE_BYTES {
        return Err(fail_at(
            Location::START,
            Problem::TooLarge {
                size: bytes.len() as u64,
                cap: MAX_EVENTS_FILE_BYTES,
            },
        ));
    }
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let bytes = e.as_bytes();
            let valid_up_to = e.utf8_error().valid_up_to();
            let start = if bytes.starts_with(b"\xEF\xBB\xBF") {
                3
            } else {
                0
            };
            let valid = std::str::from_utf8(&bytes[start.min(valid_up_to)..valid_up_to])
                .unwrap_or_default();
            return Err(fail_at(
                Location::of_offset(valid, valid.len()),
                Problem::NotUtf8,
            ));
        }
    };
    let (built, diagnostics) = {
        let body = text.strip_prefix('\u{FEFF}').unwrap_or(&text);
        let started = std::time::Instant::now();
        let mut ctx = Context {
            progress,
            file: file.to_owned(),
            text: body,
            found: Vec::new(),
            offsets: Vec::new(),
        };
        let built = build(&text, body, articles, &mut ctx);
        if progress.is_cancelled() {
            return Err(fail_at(Location::START, Problem::Cancelled));
        }
        match built {
            Err(early) => return Err(early),
            Ok(built) => {
                let diagnostics = ctx.finish();
                log::debug!(
                    "load: built and validated in {:?}{}",
                    started.elapsed(),
                    memory_note()
                );
                (built, diagnostics)
            }
        }
    };
    match built {
        Some(built) if !diagnostics.iter().any(|d| d.severity == Severity::Error) => {
            let started = std::time::Instant::now();
            let timeline = built.into_timeline(text);
            log::debug!(
                "load: citations indexed in {:?}{}",
                started.elapsed(),
                memory_note()
            );
            Ok(Loaded {
                timeline,
                diagnostics,
            })
        }
        _ => Err(LoadError {
            file: file.to_owned(),
            diagnostics,
        }),
    }
}

/// Parses `body` (the file's `text` after any byte-order mark) and validates and anchors what it
/// holds. `Ok(None)`: refused, with the reasons in `ctx`. `Err`: refused for one reason found
/// before any structure (a syntax error, say).
fn build<'a>(
    text: &'a str,
    body: &'a str,
    articles: Articles<'_>,
    ctx: &mut Context<'a>,
) -> Result<Option<Built>, LoadError> {
    let started = std::time::Instant::now();
    let split = if body.len() >= split::SPLIT_MIN_BYTES {
        split::parse(body, text, ctx.progress)
    } else {
        None
    };
    let (parsed, mut builder) = if let Some((head, builder)) = split {
        (Ok(head), builder)
    } else {
        let mut builder = Builder::new(text);
        (fast_parse(body, &mut builder, ctx.progress), builder)
    };
    let head = match parsed {
        Ok(head) => {
            log::debug!("load: parsed in {:?}{}", started.elapsed(), memory_note());
            head
        }
        Err(e) if ctx.progress.is_cancelled() => {
            let _ = e;
            return Err(ctx.fail_at(Location::START, Problem::Cancelled));
        }
        Err(e) if e.is_data() => {
            // Duplicate keys first: the tree the member-by-member pass uses keeps only the last.
            for (path, offset) in locate::duplicate_keys(body) {
                let key = match path.0.last() {
                    Some(diagnostic::PathSegment::Key(key)) => key.clone(),
                    _ => String::new(),
                };
                ctx.error_at_offset(path, Problem::DuplicateKey(key), offset);
            }
            // Start again, member by member, so that every structural error gets its own path.
            builder = Builder::new(text);
            let head = Head::piecewise(body, &mut builder, ctx);
            // Member by member found nothing wrong, yet the whole failed: a problem serde_json's
            // tree hides, such as a duplicate key (the tree keeps the last). Report it as is.
            if !ctx
                .found
                .iter()
                .any(|(severity, ..)| *severity == Severity::Error)
            {
                return Err(ctx.fail_at(
                    locate::location_of_byte_column(body, e.line(), e.column()),
                    Problem::Structure(strip_position(&e.to_string())),
                ));
            }
            let Some(head) = head else {
                return Ok(None);
            };
            head
        }
        Err(e) => {
            let message = strip_position(&e.to_string());
            let location = locate::location_of_byte_column(body, e.line(), e.column());
            return Err(ctx.fail_at(location, Problem::Syntax(message)));
        }
    };
    // The builder validated each event as it came; its problems are reported with its index.
    for (index, problem) in std::mem::take(&mut builder.problems) {
        // An unsourced event loads (imports bring them in), and says it wants a passage.
        if problem.problem == Problem::NoCitations {
            ctx.warning(problem.path(index), problem.problem);
        } else {
            ctx.error(problem.path(index), problem.problem);
        }
    }
    Ok(validate(head, builder, articles, ctx))
}

/// `serde_json` appends " at line L column C"; the location is printed separately.
fn strip_position(message: &str) -> String {
    message
        .rsplit_once(" at line ")
        .map_or(message, |(m, _)| m)
        .to_owned()
}

/// A string as parsed: borrowed from the file when it had no escapes, owned otherwise.
#[derive(Debug, Default)]
struct Text<'a>(Cow<'a, str>);

impl<'de: 'a, 'a> Deserialize<'de> for Text<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for TextVisitor<'a> {
            type Value = Text<'a>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Text(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Text(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(Text(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(TextVisitor(std::marker::PhantomData))
    }
}

/// One event as parsed on the fast path; mirrors [`EventRecord`] field for field (the schema and
/// the member-by-member path use that type) but borrows its strings.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EventIn<'a> {
    #[serde(borrow)]
    id: Text<'a>,
    #[serde(borrow)]
    date: Text<'a>,
    #[serde(default, borrow)]
    end: Option<Text<'a>>,
    #[serde(default)]
    approximate: bool,
    #[serde(default, borrow)]
    date_note: Option<Text<'a>>,
    #[serde(borrow)]
    title: Text<'a>,
    #[serde(default, borrow)]
    summary: Text<'a>,
    // Inline lists: an event has one or two of each, and a heap list apiece cost six calls to
    // the allocator per event, a tenth of parsing a million.
    #[serde(default, borrow)]
    actors: SmallVec<[Text<'a>; 2]>,
    #[serde(default, borrow)]
    tags: SmallVec<[Text<'a>; 2]>,
    #[serde(borrow)]
    citations: SmallVec<[CitationIn<'a>; 1]>,
}

/// One citation as parsed on the fast path; mirrors [`CitationRecord`].
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CitationIn<'a> {
    #[serde(borrow)]
    source: Text<'a>,
    #[serde(borrow)]
    quote: Text<'a>,
    #[serde(default, borrow)]
    prefix: Option<Text<'a>>,
    #[serde(default, borrow)]
    suffix: Option<Text<'a>>,
    #[serde(default, borrow)]
    claimed_date: Option<Text<'a>>,
}

impl<'r> From<&'r EventRecord> for EventIn<'r> {
    fn from(r: &'r EventRecord) -> Self {
        let text = |s: &'r String| Text(Cow::Borrowed(s.as_str()));
        Self {
            id: text(&r.id),
            date: text(&r.date),
            end: r.end.as_ref().map(text),
            approximate: r.approximate,
            date_note: r.date_note.as_ref().map(text),
            title: text(&r.title),
            summary: text(&r.summary),
            actors: r.actors.iter().map(text).collect(),
            tags: r.tags.iter().map(text).collect(),
            citations: r
                .citations
                .iter()
                .map(|c| CitationIn {
                    source: text(&c.source),
                    quote: text(&c.quote),
                    prefix: c.prefix.as_ref().map(text),
                    suffix: c.suffix.as_ref().map(text),
                    claimed_date: c.claimed_date.as_ref().map(text),
                })
                .collect(),
        }
    }
}

/// Everything in the file but its events (which go straight into the [`Builder`]).
struct Head {
    title: String,
    eras: Vec<(usize, EraRecord)>,
    sources: Vec<(usize, SourceRecord)>,
    broken_source_ids: Vec<String>,
    /// The format, when it still needs checking.
    unchecked_format: Option<String>,
}

/// The members of the root object, for "unknown field" errors.
const ROOT_FIELDS: &[&str] = &["$schema", "format", "title", "sources", "events", "eras"];

/// Events parsed between two cancellation checks.
const CANCEL_CHECK_EVENTS: usize = 4096;

/// The fast path: one typed pass over the text that hands each event to the builder as soon as it
/// is parsed, so no tree and no per-event record is ever held.
fn fast_parse(
    body: &str,
    builder: &mut Builder<'_>,
    progress: &Progress,
) -> Result<Head, serde_json::Error> {
    struct RootSeed<'s, 'b, 'p> {
        builder: &'s mut Builder<'b>,
        progress: &'p Progress,
    }
    impl<'de> DeserializeSeed<'de> for RootSeed<'_, '_, '_> {
        type Value = Head;
        fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Head, D::Error> {
            deserializer.deserialize_map(self)
        }
    }
    impl<'de> Visitor<'de> for RootSeed<'_, '_, '_> {
        type Value = Head;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("an object with format, title, sources and events")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Head, A::Error> {
            let (mut schema, mut format, mut title, mut sources, mut events, mut eras) =
                (false, None, None, None, false, None);
            while let Some(key) = map.next_key::<Text<'de>>()? {
                let key = key.0;
                let duplicate = match key.as_ref() {
                    "$schema" => std::mem::replace(&mut schema, true),
                    "format" => format.is_some(),
                    "title" => title.is_some(),
                    "sources" => sources.is_some(),
                    "events" => events,
                    "eras" => eras.is_some(),
                    other => return Err(de::Error::unknown_field(other, ROOT_FIELDS)),
                };
                if duplicate {
                    return Err(de::Error::custom(format_args!("duplicate field `{key}`")));
                }
                match key.as_ref() {
                    "format" => format = Some(map.next_value::<String>()?),
                    "title" => title = Some(map.next_value::<String>()?),
                    "sources" => sources = Some(map.next_value::<Vec<SourceRecord>>()?),
                    "eras" => eras = Some(map.next_value::<Vec<EraRecord>>()?),
                    "events" => {
                        events = true;
                        map.next_value_seed(EventsSeed {
                            builder: &mut *self.builder,
                            progress: self.progress,
                        })?;
                    }
                    _ => {
                        map.next_value::<Option<String>>()?;
                    }
                }
            }
            let format = format.ok_or_else(|| de::Error::missing_field("format"))?;
            let title = title.ok_or_else(|| de::Error::missing_field("title"))?;
            let sources = sources.ok_or_else(|| de::Error::missing_field("sources"))?;
            if !events {
                return Err(de::Error::missing_field("events"));
            }
            Ok(Head {
                title,
                eras: eras.unwrap_or_default().into_iter().enumerate().collect(),
                sources: sources.into_iter().enumerate().collect(),
                broken_source_ids: Vec::new(),
                unchecked_format: Some(format),
            })
        }
    }
    struct EventsSeed<'s, 'b, 'p> {
        builder: &'s mut Builder<'b>,
        progress: &'p Progress,
    }
    impl<'de> DeserializeSeed<'de> for EventsSeed<'_, '_, '_> {
        type Value = ();
        fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
            deserializer.deserialize_seq(self)
        }
    }
    impl<'de> Visitor<'de> for EventsSeed<'_, '_, '_> {
        type Value = ();
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("an array of events")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
            let mut index = 0;
            while let Some(event) = seq.next_element::<EventIn<'de>>()? {
                self.builder.push(index, &event);
                index += 1;
                if index % CANCEL_CHECK_EVENTS == 0 {
                    self.progress
                        .events_done
                        .fetch_add(CANCEL_CHECK_EVENTS, Ordering::Relaxed);
                    if self.progress.is_cancelled() {
                        return Err(de::Error::custom("cancelled"));
                    }
                }
            }
            Ok(())
        }
    }
    let mut deserializer = serde_json::Deserializer::from_str(body);
    let head = RootSeed { builder, progress }.deserialize(&mut deserializer)?;
    deserializer.end()?;
    Ok(head)
}

impl Head {
    /// Deserialises member by member so that every structural error is reported, not just the
    /// first. Returns `None` when the document is not even an object.
    ///
    /// The members are kept as borrowed raw JSON and each record is parsed from its own slice
    /// and handed to the builder at once: locating an error in a large file costs little more
    /// memory than loading it (a tree of the whole document would cost several times its size).
    fn piecewise(text: &str, builder: &mut Builder<'_>, ctx: &mut Context<'_>) -> Option<Self> {
        let root = JsonPath::root();
        let Ok(whole) = serde_json::from_str::<&RawValue>(text) else {
            return None;
        };
        let Ok(members) = serde_json::from_str::<BTreeMap<String, &RawValue>>(whole.get()) else {
            ctx.error(
                root,
                Problem::Structure(format!(
                    "expected an object with format, title, sources and events, found {}",
                    kind(whole)
                )),
            );
            return None;
        };
        for key in members.keys() {
            if !ROOT_FIELDS.contains(&key.as_str()) {
                ctx.error(
                    root.key(key),
                    Problem::Structure(format!(
                        "unknown field `{key}`, expected one of `$schema`, `format`, `title`, `sources`, `events`, `eras`"
                    )),
                );
            }
        }
        let string_member = |ctx: &mut Context<'_>, key: &str| {
            let Some(raw) = members.get(key) else {
                ctx.error(
                    root.clone(),
                    Problem::Structure(format!("missing field `{key}`")),
                );
                return None;
            };
            let parsed = serde_json::from_str::<String>(raw.get()).ok();
            if parsed.is_none() {
                ctx.error(
                    root.key(key),
                    Problem::Structure(format!("expected a string, found {}", kind(raw))),
                );
            }
            parsed
        };
        let format = string_member(ctx, "format");
        if let Some(other) = members.get("$schema").filter(|v| kind(v) != "a string") {
            ctx.error(
                root.key("$schema"),
                Problem::Structure(format!("expected a string, found {}", kind(other))),
            );
        }
        if let Some(format) = &format
            && format != FORMAT
        {
            ctx.error(root.key("format"), Problem::UnknownFormat(format.clone()));
            return None;
        }
        let title = string_member(ctx, "title").unwrap_or_default();
        let mut sources = Vec::new();
        let broken_source_ids =
            records::<SourceRecord>(&members, "sources", ctx, |i, r| sources.push((i, r)));
        records::<EventRecord>(&members, "events", ctx, |index, record| {
            builder.push(index, &EventIn::from(&record));
        });
        let mut eras = Vec::new();
        if members.contains_key("eras") {
            records::<EraRecord>(&members, "eras", ctx, |i, r| eras.push((i, r)));
        }
        Some(Self {
            title,
            eras,
            sources,
            broken_source_ids,
            unchecked_format: None,
        })
    }
}

/// What kind of JSON value `raw` holds, from its first character.
fn kind(raw: &RawValue) -> &'static str {
    match raw.get().trim_start().as_bytes().first() {
        Some(b'n') => "null",
        Some(b't' | b'f') => "a boolean",
        Some(b'"') => "a string",
        Some(b'[') => "an array",
        Some(b'{') => "an object",
        _ => "a number",
    }
}

/// Deserialises each element of the array member `key`, handing each good record to `good`
/// and reporting each failure with its path; returns the ids of the records that failed.
fn records<T: serde::de::DeserializeOwned>(
    members: &BTreeMap<String, &RawValue>,
    key: &str,
    ctx: &mut Context<'_>,
    mut good: impl FnMut(usize, T),
) -> Vec<String> {
    /// Just the id of a record that failed, when it has a string one.
    #[derive(serde::Deserialize)]
    struct IdOnly {
        id: String,
    }
    let path = JsonPath::root().key(key);
    let Some(raw) = members.get(key) else {
        ctx.error(
            JsonPath::root(),
            Problem::Structure(format!("missing field `{key}`")),
        );
        return Vec::new();
    };
    let Ok(items) = serde_json::from_str::<Vec<&RawValue>>(raw.get()) else {
        ctx.error(
            path,
            Problem::Structure(format!("expected an array, found {}", kind(raw))),
        );
        return Vec::new();
    };
    let mut broken_ids = Vec::new();
    for (index, item) in items.iter().enumerate() {
        let mut deserializer = serde_json::Deserializer::from_str(item.get());
        match serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
            Ok(record) => good(index, record),
            Err(e) => {
                let mut at = path.index(index);
                for segment in e.path() {
                    match segment {
                        serde_path_to_error::Segment::Seq { index } => at = at.index(*index),
                        serde_path_to_error::Segment::Map { key } => at = at.key(key),
                        serde_path_to_error::Segment::Enum { .. }
                        | serde_path_to_error::Segment::Unknown => {}
                    }
                }
                ctx.error(
                    at,
                    Problem::Structure(strip_position(&e.into_inner().to_string())),
                );
                if let Ok(IdOnly { id }) = serde_json::from_str::<IdOnly>(item.get()) {
                    broken_ids.push(id);
                }
            }
        }
    }
    broken_ids
}

/// Collects diagnostics with their JSON paths; locations are resolved once at the end.
struct Context<'a> {
    progress: &'a Progress,
    file: PathBuf,
    text: &'a str,
    found: Vec<(Severity, JsonPath, Problem)>,
    /// Where some of `found` are, by index, when the path alone would not say (the second of
    /// two duplicate keys has the same path as the first).
    offsets: Vec<(usize, usize)>,
}

impl Context<'_> {
    fn error(&mut self, path: JsonPath, problem: Problem) {
        self.found.push((Severity::Error, path, problem));
    }

    fn warning(&mut self, path: JsonPath, problem: Problem) {
        self.found.push((Severity::Warning, path, problem));
    }

    /// An error at a known byte offset of the text.
    fn error_at_offset(&mut self, path: JsonPath, problem: Problem, offset: usize) {
        self.offsets.push((self.found.len(), offset));
        self.error(path, problem);
    }

    fn fail_at(&self, location: Location, problem: Problem) -> LoadError {
        LoadError {
            file: self.file.clone(),
            diagnostics: vec![Diagnostic {
                severity: Severity::Error,
                file: self.file.clone(),
                location,
                path: JsonPath::root(),
                problem,
            }],
        }
    }

    /// Every problem found, located in the text and sorted: errors first, then by position.
    fn finish(self) -> Vec<Diagnostic> {
        let paths: Vec<&JsonPath> = self.found.iter().map(|(_, path, _)| path).collect();
        let mut locations = if paths.is_empty() {
            Vec::new()
        } else {
            locate::locate_paths(self.text, &paths)
        };
        let offsets: Vec<usize> = self.offsets.iter().map(|&(_, offset)| offset).collect();
        for (&(index, _), location) in self
            .offsets
            .iter()
            .zip(locate::locations_of_offsets(self.text, &offsets))
        {
            if let Some(slot) = locations.get_mut(index) {
                *slot = location;
            }
        }
        let mut diagnostics: Vec<Diagnostic> = self
            .found
            .into_iter()
            .zip(locations)
            .map(|((severity, path, problem), location)| Diagnostic {
                severity,
                file: self.file.clone(),
                location,
                path,
                problem,
            })
            .collect();
        diagnostics.sort_by_key(|d| (d.severity, d.location));
        diagnostics
    }
}

/// A problem the builder found in one event, located relative to it.
struct EventProblem {
    /// The member at fault, below the event (`["date"]`, `["citations", 0, "quote"]`).
    member: &'static str,
    citation: Option<usize>,
    problem: Problem,
}

impl EventProblem {
    fn path(&self, event: usize) -> JsonPath {
        let path = JsonPath::root().key("events").index(event);
        match self.citation {
            Some(i) => path.key("citations").index(i).key(self.member),
            None => path.key(self.member),
        }
    }
}

/// Turns parsed events into compact ones as they arrive: strings become references into the
/// file's text, actor and tag names are interned, and each event's own checks run at once.
struct Builder<'a> {
    /// The whole file text (byte-order mark included), which references are relative to.
    file: &'a str,
    /// Unescaped strings and strings from outside the file.
    side: String,
    /// Events in file order; their citations' sources are not resolved yet.
    events: Vec<Event>,
    /// For each event, its position in the file's `events` array.
    event_index: Vec<u32>,
    /// For each event, whether its date parsed (it is left out otherwise).
    date_ok: Vec<bool>,
    /// Citations with `source` still unresolved (`usize::MAX`).
    citations: Vec<Citation>,
    /// For each citation, the id of the source it names.
    citation_sources: Vec<TextRef>,
    names: Vec<String>,
    name_index: FxHashMap<String, u32>,
    labels: Vec<u32>,
    problems: Vec<(usize, EventProblem)>,
}

impl<'a> Builder<'a> {
    fn new(file: &'a str) -> Self {
        Self {
            file,
            side: String::new(),
            events: Vec::new(),
            event_index: Vec::new(),
            date_ok: Vec::new(),
            citations: Vec::new(),
            citation_sources: Vec::new(),
            names: Vec::new(),
            name_index: FxHashMap::default(),
            labels: Vec::new(),
            problems: Vec::new(),
        }
    }

    fn text(&mut self, text: &Text<'_>) -> TextRef {
        TextRef::locate(self.file, &mut self.side, &text.0)
    }

    fn name(&mut self, name: &str) -> u32 {
        if let Some(&i) = self.name_index.get(name) {
            return i;
        }
        let i = u32::try_from(self.names.len()).unwrap_or(u32::MAX);
        self.names.push(name.to_owned());
        self.name_index.insert(name.to_owned(), i);
        i
    }

    fn problem(&mut self, index: usize, member: &'static str, problem: Problem) {
        self.problems.push((
            index,
            EventProblem {
                member,
                citation: None,
                problem,
            },
        ));
    }

    /// Checks one event on its own and keeps it in compact form.
    fn push(&mut self, index: usize, e: &EventIn<'_>) {
        let mut date_ok = true;
        let date = |this: &mut Self, text: &str, member| match PartialDate::parse(text) {
            Ok(date) => Some(date),
            Err(error) => {
                this.problem(index, member, Problem::BadDate(error));
                None
            }
        };
        let start = date(self, &e.date.0, "date");
        let end = e.end.as_ref().and_then(|end| date(self, &end.0, "end"));
        if let (Some(start), Some(end)) = (start, end)
            && end.last_day() < start.first_day()
        {
            self.problem(
                index,
                "end",
                Problem::EndBeforeStart {
                    date: e.date.0.clone().into_owned(),
                    end: e
                        .end
                        .as_ref()
                        .map(|t| t.0.clone().into_owned())
                        .unwrap_or_default(),
                },
            );
        }
        if start.is_none() {
            date_ok = false;
        }
        if e.approximate && e.date_note.as_ref().is_none_or(|n| n.0.trim().is_empty()) {
            self.problem(index, "approximate", Problem::ApproximateWithoutNote);
        }
        if e.citations.is_empty() {
            self.problem(index, "citations", Problem::NoCitations);
        }
        if e.id.0.trim().is_empty() {
            self.problem(index, "id", Problem::EmptyId);
        }
        let labels_start = u32::try_from(self.labels.len()).unwrap_or(u32::MAX);
        // An event keeps at most `u16::MAX` of each (its counts are 16 bits, which keeps an
        // event in 60 bytes); more is an error, and the counts still agree with the labels kept.
        let mut counts = [0_u16; 2];
        for ((member, list), count) in [("actors", &e.actors), ("tags", &e.tags)]
            .into_iter()
            .zip(&mut counts)
        {
            if list.len() > usize::from(u16::MAX) {
                self.problem(
                    index,
                    member,
                    Problem::TooManyLabels {
                        member,
                        count: list.len(),
                        max: usize::from(u16::MAX),
                    },
                );
            }
            for label in list.iter().take(usize::from(u16::MAX)) {
                let name = self.name(&label.0);
                self.labels.push(name);
            }
            *count = u16::try_from(list.len()).unwrap_or(u16::MAX);
        }
        let [actors, tags] = counts;
        let citations_start = u32::try_from(self.citations.len()).unwrap_or(u32::MAX);
        for (i, c) in e.citations.iter().enumerate() {
            if c.quote.0.trim().is_empty() {
                self.problems.push((
                    index,
                    EventProblem {
                        member: "quote",
                        citation: Some(i),
                        problem: Problem::EmptyQuote,
                    },
                ));
            }
            let claimed = c.claimed_date.as_ref().and_then(|text| {
                PartialDate::parse(&text.0)
                    .map_err(|error| {
                        self.problems.push((
                            index,
                            EventProblem {
                                member: "claimed_date",
                                citation: Some(i),
                                problem: Problem::BadDate(error),
                            },
                        ));
                    })
                    .ok()
            });
            let source = self.text(&c.source);
            let citation = Citation {
                source: UNRESOLVED,
                quote: self.text(&c.quote),
                prefix: c.prefix.as_ref().map(|p| self.text(p)),
                suffix: c.suffix.as_ref().map(|s| self.text(s)),
                claimed,
                anchor: PackedAnchor::default(),
            };
            self.citations.push(citation);
            self.citation_sources.push(source);
        }
        let citations_end = u32::try_from(self.citations.len()).unwrap_or(u32::MAX);
        let event = Event {
            id: self.text(&e.id),
            title: self.text(&e.title),
            summary: self.text(&e.summary),
            date_note: e.date_note.as_ref().map(|n| self.text(n)),
            date: start.or(end).unwrap_or(PartialDate::EPOCH),
            end,
            approximate: e.approximate,
            labels: LabelRange {
                start: labels_start,
                actors,
                tags,
            },
            citations: citations_start..citations_end,
        };
        self.events.push(event);
        self.event_index
            .push(u32::try_from(index).unwrap_or(u32::MAX));
        self.date_ok.push(date_ok);
    }
}

/// A validated timeline whose texts still refer to the file's text by position.
struct Built {
    title: String,
    eras: Vec<Era>,
    sources: Vec<Source>,
    events: Vec<Event>,
    citations: Vec<Citation>,
    names: Vec<String>,
    labels: Vec<u32>,
    side: String,
}

impl Built {
    fn into_timeline(self, text: String) -> Timeline {
        let mut timeline = Timeline {
            title: self.title,
            eras: self.eras,
            sources: self.sources,
            events: self.events,
            citations: self.citations,
            names: self.names,
            labels: self.labels,
            text: TextStore::from_parts(text, self.side),
            citation_event: Vec::new(),
            passages: Vec::new(),
        };
        timeline.index_citations();
        timeline
    }
}

fn validate(
    head: Head,
    builder: Builder<'_>,
    articles: Articles<'_>,
    ctx: &mut Context<'_>,
) -> Option<Built> {
    if let Some(format) = head.unchecked_format.filter(|f| f != FORMAT) {
        ctx.error(
            JsonPath::root().key("format"),
            Problem::UnknownFormat(format),
        );
        return None;
    }
    let Builder {
        file,
        side,
        mut events,
        mut event_index,
        mut date_ok,
        mut citations,
        citation_sources,
        names,
        labels,
        ..
    } = builder;
    let started = std::time::Instant::now();
    let get = |r: TextRef| TextRef::resolve(file, &side, r);

    // Ids must be unique. Everything stays in place: a million events are not copied again.
    // The check comes before the articles are read, so that its tables and the articles are
    // never held together (the load's peak of memory).
    ids::check_event_ids(&events, &event_index, &get, ctx);
    log::debug!(
        "load: ids checked in {:?}{}",
        started.elapsed(),
        memory_note()
    );

    // Citations of a source that is itself in error get no second, follow-on error.
    let mut declared_ids = head.broken_source_ids;
    declared_ids.extend(head.sources.iter().map(|(_, s)| s.id.clone()));
    let sources = validate_sources(head.sources, articles, ctx);
    log::debug!(
        "load: sources read in {:?}{}",
        started.elapsed(),
        memory_note()
    );
    let source_index: FxHashMap<&str, usize> = sources
        .iter()
        .enumerate()
        .map(|(i, s)| (s.record.id.as_str(), i))
        .collect();
    // Sources must exist.
    for (event, &index) in events.iter().zip(&event_index) {
        let range = event.citations.start as usize..event.citations.end as usize;
        for (j, (c, &named)) in citations
            .get_mut(range.clone())
            .unwrap_or_default()
            .iter_mut()
            .zip(citation_sources.get(range).unwrap_or_default())
            .enumerate()
        {
            if get(c.quote).trim().is_empty() {
                continue; // reported by the builder
            }
            let source_id = get(named);
            if let Some(&source) = source_index.get(source_id) {
                c.source = u32::try_from(source).unwrap_or(UNRESOLVED);
            } else if !declared_ids.iter().any(|d| d == source_id) {
                // A declared source that failed validation already has its own error.
                ctx.error(
                    event_path(index).key("citations").index(j).key("source"),
                    Problem::UnknownSource(source_id.to_owned()),
                );
            }
        }
    }
    drop(citation_sources);
    log::debug!(
        "load: sources checked in {:?}{}",
        started.elapsed(),
        memory_note()
    );

    // The events are sorted while the citations are anchored: the two share no data, and the
    // sort (random moves through the events) waits on memory more than it computes. The
    // events' file positions and date checks move with them, for the paths reported below.
    let failed: HashMap<usize, String> = std::thread::scope(|scope| {
        let sorting =
            scope.spawn(|| sort_events(&mut events, &mut event_index, &mut date_ok, &get));
        let failed = anchor_all(&mut citations, &sources, &get, ctx.progress);
        if sorting.join().is_err() {
            // Each move takes an event with its position and date check, so the three lists
            // still agree; only their order is unfinished.
            log::error!("sorting the events failed; they are shown partly unsorted");
        }
        failed
    })
    .into_iter()
    .collect();
    log::debug!(
        "load: anchored and sorted in {:?}{}",
        started.elapsed(),
        memory_note()
    );
    for (event, &index) in events.iter().zip(&event_index) {
        let range = event.citations.start as usize..event.citations.end as usize;
        for (j, citation) in citations.get(range).unwrap_or_default().iter().enumerate() {
            let Some(source) = sources.get(citation.source as usize) else {
                continue;
            };
            let path = || event_path(index).key("citations").index(j).key("quote");
            let Some(name) = source.record.file.as_ref() else {
                let url = source.record.url.clone().unwrap_or_default();
                ctx.warning(path(), Problem::NotArchived(url));
                continue;
            };
            if let Some(message) = failed.get(&(citation.source as usize)) {
                ctx.error(
                    path(),
                    Problem::AnchoringFailed {
                        article: name.clone(),
                        message: message.clone(),
                    },
                );
                continue;
            }
            let anchor = citation.anchor();
            match anchor.quality {
                AnchorQuality::Exact => {}
                AnchorQuality::Normalised => ctx.warning(path(), Problem::AnchoredNormalised),
                AnchorQuality::Approximate { score } => {
                    ctx.warning(path(), Problem::AnchoredApproximately { score });
                }
                AnchorQuality::NotFound => {
                    ctx.warning(path(), Problem::QuoteNotFound(name.clone()));
                }
            }
            if anchor.ambiguous {
                ctx.warning(path(), Problem::Ambiguous(name.clone()));
            }
        }
    }
    drop(event_index);
    let mut keep = date_ok.into_iter();
    events.retain(|_| keep.next().unwrap_or(false));

    log::debug!(
        "load: anchors reported in {:?}{}",
        started.elapsed(),
        memory_note()
    );
    let eras = validate_eras(head.eras, ctx);
    Some(Built {
        title: head.title,
        eras,
        sources,
        events,
        citations,
        names,
        labels,
        side,
    })
}

/// Sorts events by start, precision and id. Each event gets an integer key (its date, with its
/// position), so the sort itself never reaches into the text: comparing ids there costs a cache
/// miss each, which made sorting a million events a quarter of the load. Within a run of one
/// date the ids' first eight bytes are gathered once and compared, and ids are compared in full
/// only where those tie. The events are then moved into place by following the permutation's
/// cycles, so no second copy of them is made; each event's file position and date check
/// (`event_index`, `date_ok`) move with it.
fn sort_events<'t>(
    events: &mut [Event],
    event_index: &mut [u32],
    date_ok: &mut [bool],
    get: &(dyn Fn(TextRef) -> &'t str + Sync),
) {
    // The lists beside the events move with them; lists of another length (never made) stay.
    let beside = event_index.len() == events.len() && date_ok.len() == events.len();
    let id_prefix = |id: &str| {
        let mut bytes = [0_u8; 8];
        let n = id.len().min(8);
        bytes[..n].copy_from_slice(&id.as_bytes()[..n]);
        u64::from_be_bytes(bytes)
    };
    // Date and position in one number: 8 bytes an event (the sort runs beside the anchoring,
    // at the load's peak of memory).
    let mut order: Vec<u64> = events
        .iter()
        .enumerate()
        .map(|(i, e)| {
            (u64::from(e.date.sort_key_u32()) << 32)
                | u64::from(u32::try_from(i).unwrap_or(u32::MAX))
        })
        .collect();
    let position = |key: u64| (key & u64::from(u32::MAX)) as usize;
    order.sort_unstable();
    // Events of one date go by id. A run's ids are compared by their first eight bytes, gathered
    // once for the run, and only ties read the whole ids: each read of an id is a cache miss.
    let id_at = |p: usize| events.get(p).map_or("", |e| get(e.id));
    let mut run_ids: Vec<(u64, u32)> = Vec::new();
    for run in order.chunk_by_mut(|a, b| a >> 32 == b >> 32) {
        if run.len() > 1 {
            run_ids.clear();
            run_ids.extend(
                run.iter()
                    .map(|&key| (id_prefix(id_at(position(key))), key as u32)),
            );
            run_ids.sort_unstable_by(|a, b| {
                a.0.cmp(&b.0)
                    .then_with(|| id_at(a.1 as usize).cmp(id_at(b.1 as usize)))
                    .then(a.1.cmp(&b.1))
            });
            for (key, &(_, p)) in run.iter_mut().zip(&run_ids) {
                *key = (*key & !u64::from(u32::MAX)) | u64::from(p);
            }
        }
    }
    drop(run_ids);
    // The position in `order[k]` is where the event that belongs at `k` is now. The keys' own
    // list is walked rather than a list of positions made from it: that would be 4 bytes an
    // event more at the load's peak.
    for start in 0..order.len() {
        let mut k = start;
        loop {
            let next = position(order[k]);
            order[k] = k as u64;
            if next == start || next == k {
                break;
            }
            events.swap(k, next);
            if beside {
                event_index.swap(k, next);
                date_ok.swap(k, next);
            }
            k = next;
        }
    }
}

fn event_path(index: u32) -> JsonPath {
    JsonPath::root().key("events").index(index as usize)
}

/// The source of a citation whose source is not known (yet).
const UNRESOLVED: u32 = u32::MAX;

/// Anchors every citation, each article's together (indexed once when it is cited often), the
/// articles spread over the available cores.
///
/// Returns the sources whose anchoring panicked, with the panic's message.
fn anchor_all<'t>(
    citations: &mut [Citation],
    sources: &[Source],
    get: &(dyn Fn(TextRef) -> &'t str + Sync),
    progress: &Progress,
) -> Vec<(usize, String)> {
    progress.events_done.store(0, Ordering::Relaxed);
    progress
        .events_total
        .store(citations.len(), Ordering::Relaxed);
    // Each source's citations in one list grouped by source (a counting sort): exactly four
    // bytes a citation in one allocation, where a growing list per source left the heap
    // fragmented at the load's peak of memory. Citations with an unknown source or an empty
    // quote were left unresolved by `validate` (their errors are reported); they are not
    // searched.
    let mut bounds: Vec<usize> = vec![0; sources.len() + 1];
    for c in citations.iter() {
        if let Some(count) = bounds.get_mut(c.source as usize + 1) {
            *count += 1;
        }
    }
    let mut total = 0;
    for bound in &mut bounds {
        total += *bound;
        *bound = total;
    }
    let mut grouped: Vec<u32> = vec![0; bounds.last().copied().unwrap_or(0)];
    let mut next = bounds.clone();
    for (i, c) in citations.iter().enumerate() {
        if let Some(at) = next.get_mut(c.source as usize)
            && let Some(slot) = grouped.get_mut(*at)
        {
            *slot = u32::try_from(i).unwrap_or(u32::MAX);
            *at += 1;
        }
    }
    drop(next);
    let by_source = |s: usize| -> &[u32] {
        match (bounds.get(s), bounds.get(s + 1)) {
            (Some(&start), Some(&end)) => grouped.get(start..end).unwrap_or_default(),
            _ => &[],
        }
    };
    // Greedy split by work (citations plus article length), biggest first, in rounds of about
    // `ANCHOR_ROUND_CITATIONS` citations: each round's anchors are written back before the next
    // starts, so the answers waiting to be written never approach the size of all citations
    // (held whole, they were the peak of memory of a million-citation load).
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(8);
    let mut order: Vec<usize> = (0..sources.len()).collect();
    let work = |s: usize| by_source(s).len() * 64 + sources.get(s).map_or(0, |x| x.text.len()) / 64;
    order.sort_unstable_by_key(|&s| std::cmp::Reverse(work(s)));
    let mut failed = Vec::new();
    let mut rest = order.as_slice();
    while !rest.is_empty() {
        let mut in_round = 0;
        let mut take = 0;
        for &s in rest {
            // Every thread gets an article in each round that has enough of them: a few large
            // articles would otherwise be anchored one at a time.
            if take >= threads && in_round + by_source(s).len() > ANCHOR_ROUND_CITATIONS {
                break;
            }
            in_round += by_source(s).len();
            take += 1;
        }
        let (round, later) = rest.split_at(take);
        rest = later;
        let mut shares: Vec<(usize, Vec<usize>)> = vec![(0, Vec::new()); threads];
        for &s in round {
            if let Some(share) = shares.iter_mut().min_by_key(|(load, _)| *load) {
                share.0 += work(s);
                share.1.push(s);
            }
        }
        let citations_read: &[Citation] = citations;
        let outcome = run_shares(&shares, |s| {
            if progress.is_cancelled() {
                return Vec::new();
            }
            let text = &sources[s].text;
            let wanted = by_source(s);
            let quotes: Vec<Quote<'_>> = wanted
                .iter()
                .map(|&i| {
                    let c = &citations_read[i as usize];
                    Quote {
                        quote: get(c.quote),
                        prefix: c.prefix.map(get),
                        suffix: c.suffix.map(get),
                    }
                })
                .collect();
            let out: Vec<(u32, Anchor)> = wanted
                .iter()
                .copied()
                .zip(anchor_quotes(text, &quotes))
                .collect();
            progress
                .events_done
                .fetch_add(wanted.len(), Ordering::Relaxed);
            out
        });
        for (i, found) in outcome.results.into_iter().flatten() {
            if let Some(c) = citations.get_mut(i as usize) {
                c.set_anchor(&found);
            }
        }
        failed.extend(outcome.failed);
    }
    failed
}

/// Citations anchored in one round of [`anchor_all`], past one article per thread.
const ANCHOR_ROUND_CITATIONS: usize = 16_384;

/// What [`run_shares`] gives back: each finished item's output, and the items whose work
/// panicked with the panic's message.
struct SharesOutcome<T> {
    results: Vec<Vec<T>>,
    failed: Vec<(usize, String)>,
}

/// Runs `work` on every item of every share, one thread per share. A panic in the work of one
/// item is caught and reported with that item, so a bug in anchoring one article is an error
/// about that article rather than passages silently "not found"; the other items go on.
fn run_shares<T: Send>(
    shares: &[(usize, Vec<usize>)],
    work: impl Fn(usize) -> Vec<T> + Sync,
) -> SharesOutcome<T> {
    let per_thread: Vec<SharesOutcome<T>> = std::thread::scope(|scope| {
        let work = &work;
        let handles: Vec<_> = shares
            .iter()
            .map(|(_, share)| {
                scope.spawn(move || {
                    let mut results = Vec::with_capacity(share.len());
                    let mut failed = Vec::new();
                    for &item in share {
                        // The work only reads shared data, so nothing is left half-changed.
                        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(item)))
                        {
                            Ok(out) => results.push(out),
                            Err(payload) => failed.push((item, panic_message(payload.as_ref()))),
                        }
                    }
                    SharesOutcome { results, failed }
                })
            })
            .collect();
        handles
            .into_iter()
            .zip(shares)
            .map(|(handle, (_, share))| {
                // Panics are caught inside, so a failed join means the thread itself died.
                handle.join().unwrap_or_else(|payload| {
                    let message = panic_message(payload.as_ref());
                    SharesOutcome {
                        results: Vec::new(),
                        failed: share.iter().map(|&i| (i, message.clone())).collect(),
                    }
                })
            })
            .collect()
    });
    let mut outcome = SharesOutcome {
        results: Vec::new(),
        failed: Vec::new(),
    };
    for share in per_thread {
        outcome.results.extend(share.results);
        outcome.failed.extend(share.failed);
    }
    outcome
}

/// The text a panic was raised with, when it has one.
fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".to_owned())
}

fn check_id(
    id: &str,
    path: &JsonPath,
    first_use: &mut HashMap<String, JsonPath>,
    lookalikes: &mut Lookalikes,
    ctx: &mut Context<'_>,
    duplicate: impl FnOnce(String, JsonPath) -> Problem,
) {
    if id.trim().is_empty() {
        ctx.error(path.key("id"), Problem::EmptyId);
    } else if let Some(first) = first_use.get(id) {
        ctx.error(path.key("id"), duplicate(id.to_owned(), first.clone()));
    } else {
        if let Some(problem) = lookalikes.check(
            id,
            || path.clone(),
            |visible| first_use.get(visible).cloned(),
        ) {
            ctx.warning(path.key("id"), problem);
        }
        first_use.insert(id.to_owned(), path.clone());
    }
}

/// True for characters that do not show: zero-width, bidirectional and other format controls,
/// soft hyphens, variation selectors and tags.
fn is_invisible(c: char) -> bool {
    diagnostic::is_unsafe_char(c)
        || matches!(c, '\u{AD}' | '\u{180E}' | '\u{FE00}'..='\u{FE0F}' | '\u{E0000}'..='\u{E007F}')
}

/// Ids seen so far that hold invisible characters, by what they look like, to warn of ids that
/// differ only by what cannot be seen.
#[derive(Default)]
struct Lookalikes {
    by_visible: HashMap<String, (String, JsonPath)>,
}

impl Lookalikes {
    /// A warning when `id` looks like an id seen before: `seen_plain` finds an earlier id
    /// without invisible characters.
    fn check(
        &mut self,
        id: &str,
        path: impl FnOnce() -> JsonPath,
        seen_plain: impl Fn(&str) -> Option<JsonPath>,
    ) -> Option<Problem> {
        let problem = |other: String, first: JsonPath| Problem::LookalikeId {
            id: id.to_owned(),
            other,
            first,
        };
        if !id.chars().any(is_invisible) {
            if self.by_visible.is_empty() {
                return None;
            }
            return self
                .by_visible
                .get(id)
                .map(|(other, first)| problem(other.clone(), first.clone()));
        }
        let visible: String = id.chars().filter(|&c| !is_invisible(c)).collect();
        let clash = seen_plain(&visible)
            .map(|first| (visible.clone(), first))
            .or_else(|| {
                self.by_visible
                    .get(&visible)
                    .filter(|(other, _)| other != id)
                    .cloned()
            });
        self.by_visible
            .entry(visible)
            .or_insert_with(|| (id.to_owned(), path()));
        clash.map(|(other, first)| problem(other, first))
    }
}

fn parse_date(text: &str, path: JsonPath, ctx: &mut Context<'_>) -> Option<PartialDate> {
    PartialDate::parse(text)
        .map_err(|e| ctx.error(path, Problem::BadDate(e)))
        .ok()
}

/// Eras with dates that parse and do not end before they start; each problem located.
fn validate_eras(records: Vec<(usize, EraRecord)>, ctx: &mut Context<'_>) -> Vec<Era> {
    let mut eras = Vec::with_capacity(records.len());
    for (index, record) in records {
        let path = JsonPath::root().key("eras").index(index);
        let start = parse_date(&record.start, path.key("start"), ctx);
        let end = parse_date(&record.end, path.key("end"), ctx);
        let (Some(start), Some(end)) = (start, end) else {
            continue;
        };
        if end.last_day() < start.first_day() {
            ctx.error(
                path.key("end"),
                Problem::EndBeforeStart {
                    date: record.start.clone(),
                    end: record.end.clone(),
                },
            );
            continue;
        }
        eras.push(Era {
            start,
            end,
            title: record.title,
        });
    }
    eras
}

fn validate_sources(
    records: Vec<(usize, SourceRecord)>,
    articles: Articles<'_>,
    ctx: &mut Context<'_>,
) -> Vec<Source> {
    let mut sources = Vec::with_capacity(records.len());
    let mut first_use: HashMap<String, JsonPath> = HashMap::new();
    let mut lookalikes = Lookalikes::default();
    let mut reader = match articles {
        Articles::Folder(folder) => Some(read::ArticleFolder::open(folder)),
        Articles::Embedded(_) => None,
    };
    for (index, record) in records {
        let path = JsonPath::root().key("sources").index(index);
        let errors_before = ctx.found.len();
        check_id(
            &record.id,
            &path,
            &mut first_use,
            &mut lookalikes,
            ctx,
            |id, first| Problem::DuplicateSourceId { id, first },
        );
        let published = parse_date(&record.published, path.key("published"), ctx);
        if let Some(url) = &record.url
            && let Err(why) = crate::model::web_url::parse_web_url(url)
        {
            ctx.error(
                path.key("url"),
                Problem::BadUrl {
                    url: url.clone(),
                    why,
                },
            );
        }
        let article = match &record.file {
            // Not archived yet: kept, with no text; its citations say so.
            None if record.url.is_some() => {
                Some((PathBuf::new(), read::ArticleText::new(Arc::from(""))))
            }
            None => {
                ctx.error(path.key("file"), Problem::NoFileNorUrl);
                None
            }
            Some(file) => read_article(articles, reader.as_mut(), file)
                .map_err(|problem| ctx.error(path.key("file"), problem))
                .ok(),
        };
        // A warning, counted apart: only errors keep a source out.
        let changed = matches!((&record.sha256, &article), (Some(expected), Some((_, text)))
            if text.sha256() != expected);
        if changed {
            ctx.warning(
                path.key("sha256"),
                Problem::ArticleChanged(record.file.clone().unwrap_or_default()),
            );
        }
        if let (Some(published), Some((article_path, text))) = (published, article)
            && ctx.found.len() - usize::from(changed) == errors_before
        {
            sources.push(Source {
                record,
                published,
                path: article_path,
                text: text.text,
            });
        }
    }
    sources
}

fn articles_path(articles: Articles<'_>, relative: &str) -> PathBuf {
    match articles {
        Articles::Folder(folder) => folder.join(relative),
        Articles::Embedded(_) => PathBuf::from(relative),
    }
}

/// Reads an article, refusing paths that leave the events file's folder (absolute paths, `..`
/// that climbs out, symlinks that point out) and files that are not regular files.
fn read_article(
    articles: Articles<'_>,
    folder: Option<&mut read::ArticleFolder>,
    relative: &str,
) -> Result<(PathBuf, read::ArticleText), Problem> {
    let outside = || Problem::ArticleOutsideFolder(relative.to_owned());
    let unreadable = |reason: String| Problem::ArticleUnreadable {
        path: relative.to_owned(),
        reason,
    };
    let mut depth = 0_usize;
    for component in Path::new(relative).components() {
        match component {
            Component::Normal(_) => depth += 1,
            Component::CurDir => {}
            Component::ParentDir => depth = depth.checked_sub(1).ok_or_else(outside)?,
            Component::RootDir | Component::Prefix(_) => return Err(outside()),
        }
    }
    if depth == 0 {
        return Err(unreadable("expected a file path".into()));
    }
    let text = match (articles, folder) {
        (_, Some(folder)) => folder.read(relative)?,
        (Articles::Embedded(texts), None) => texts
            .iter()
            .find(|(name, _)| *name == relative)
            .map(|(_, text)| read::ArticleText::new(Arc::from(*text)))
            .ok_or_else(|| unreadable("not among the bundled articles".into()))?,
        (Articles::Folder(_), None) => return Err(unreadable("no folder to read from".into())),
    };
    Ok((articles_path(articles, relative), text))
}

/// The process's peak and current resident memory, for the debug log of each load phase (where
/// the system says; empty elsewhere).
fn memory_note() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|line| line.strip_prefix(name))
            .map(str::trim)
    };
    match (field("VmHWM:"), field("VmRSS:")) {
        (Some(peak), Some(now)) => format!(" (memory: peak {peak}, now {now})"),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_article_that_changed_since_it_was_archived_is_a_warning() {
        let article = "The delegations met in Riyadh.";
        let file = |sha: &str| {
            format!(
                r#"{{"format": "sourceline/1", "title": "t",
                "sources": [{{"id": "a", "title": "A", "publisher": "P", "published": "2025",
                              "file": "a.txt", "kind": "news_report", "sha256": "{sha}"}}],
                "events": [{{"id": "e", "date": "2025", "title": "T",
                             "citations": [{{"source": "a", "quote": "met in Riyadh"}}]}}]}}"#
            )
        };
        let articles = [("a.txt", article)];
        let load = |text: String| {
            load_bytes(
                text.as_bytes(),
                Path::new("t.json"),
                Articles::Embedded(&articles),
            )
            .unwrap()
        };
        let same = load(file(&crate::model::sha256_hex(article.as_bytes())));
        assert!(same.diagnostics.is_empty(), "{:?}", same.diagnostics);
        assert_eq!(
            same.timeline.sources[0].record.kind,
            Some(crate::model::SourceKind::NewsReport)
        );
        let changed = load(file(&"0".repeat(64)));
        assert_eq!(changed.diagnostics.len(), 1);
        let warning = &changed.diagnostics[0];
        assert_eq!(warning.severity, Severity::Warning);
        assert_eq!(
            warning.to_string(),
            "t.json:3:71: warning: $.sources[0].sha256: the article \"a.txt\" changed since it was archived (its sha256 differs)"
        );
        // The passage still anchors.
        assert!(changed.timeline.citations[0].anchor().range.is_some());
    }

    #[test]
    fn a_source_needs_its_text_or_a_url() {
        let file = |source: &str| {
            format!(
                r#"{{"format": "sourceline/1", "title": "t", "sources": [{source}],
                "events": [{{"id": "e", "date": "2025", "title": "T",
                             "citations": [{{"source": "a", "quote": "met in Riyadh"}}]}}]}}"#
            )
        };
        let articles = [("a.txt", "The delegations met in Riyadh.")];
        let load = |text: String| {
            load_bytes(
                text.as_bytes(),
                Path::new("t.json"),
                Articles::Embedded(&articles),
            )
        };
        let url_only = load(file(
            r#"{"id": "a", "title": "A", "publisher": "P", "published": "2025", "url": "https://example.org/a"}"#,
        ))
        .unwrap();
        assert_eq!(url_only.diagnostics.len(), 1);
        assert_eq!(
            url_only.diagnostics[0].message(),
            "$.events[0].citations[0].quote: the source is not archived yet (only its URL, https://example.org/a): add its text to anchor the quote"
        );
        let neither = load(file(
            r#"{"id": "a", "title": "A", "publisher": "P", "published": "2025"}"#,
        ))
        .unwrap_err();
        assert!(
            neither.diagnostics[0]
                .message()
                .contains("$.sources[0].file: expected a file (the archived text) or a url"),
            "{:?}",
            neither.diagnostics
        );
    }

    #[test]
    fn a_panic_while_anchoring_is_reported_with_its_item() {
        let shares = vec![(0, vec![0, 1, 2]), (0, vec![3])];
        let outcome = run_shares(&shares, |item| {
            assert!(item != 1, "index out of range for article {item}");
            vec![item * 10]
        });
        let mut done: Vec<usize> = outcome.results.into_iter().flatten().collect();
        done.sort_unstable();
        assert_eq!(done, [0, 20, 30], "the other items go on");
        assert_eq!(outcome.failed.len(), 1);
        assert_eq!(outcome.failed[0].0, 1);
        assert!(
            outcome.failed[0]
                .1
                .contains("index out of range for article 1"),
            "{:?}",
            outcome.failed
        );
    }

    #[test]
    fn an_event_keeps_up_to_65535_actors_and_more_is_a_located_error() {
        let doc = |actors: usize| {
            let names = vec![r#""a""#; actors].join(",");
            format!(
                r#"{{"format":"sourceline/1","title":"t","sources":[{{"id":"s","title":"S","publisher":"P","published":"2025","file":"a.txt"}}],"events":[{{"id":"e","date":"2025","title":"t","actors":[{names}],"tags":["x","y"],"citations":[{{"source":"s","quote":"quoted text"}}]}}]}}"#
            )
        };
        let load = |actors: usize| {
            load_bytes(
                doc(actors).as_bytes(),
                Path::new("t.json"),
                Articles::Embedded(&[("a.txt", "some quoted text here")]),
            )
        };
        let loaded = load(65_535).unwrap_or_else(|e| panic!("{:?}", e.diagnostics));
        let t = &loaded.timeline;
        let event = &t.events[0];
        assert_eq!(event.actors(t).count(), 65_535);
        assert_eq!(event.tags(t).collect::<Vec<_>>(), ["x", "y"]);
        let refused = load(65_536).map(|_| ()).unwrap_err();
        let messages: Vec<String> = refused
            .diagnostics
            .iter()
            .map(Diagnostic::message)
            .collect();
        assert_eq!(
            messages,
            ["$.events[0].actors: 65536 actors: expected at most 65535 in one event"]
        );
    }

    #[test]
    fn events_sort_by_date_precision_then_id_whatever_the_file_order() {
        // Ids and dates chosen so that ties on the date are broken by id, and a coarser
        // precision on the same first day sorts first; each rotation of the input is tried.
        let specs = [
            ("b", "2025-02-18"),
            ("a", "2025-02-18"),
            ("year", "2025"),
            ("month", "2025-01"),
            ("c", "2025-01-01"),
            ("early", "1994-12-05"),
            ("z", "2025-02-18"),
            ("long-id-2", "2025-02-18"),
            ("long-id-10", "2025-02-18"),
        ];
        let expected = [
            "early",
            "year",
            "month",
            "c",
            "a",
            "b",
            "long-id-10",
            "long-id-2",
            "z",
        ];
        for rotation in 0..specs.len() {
            let mut order = specs.to_vec();
            order.rotate_left(rotation);
            let events: Vec<String> = order
                .iter()
                .map(|(id, date)| {
                    format!(
                        r#"{{"id":"{id}","date":"{date}","title":"t","citations":[{{"source":"s","quote":"quoted text"}}]}}"#
                    )
                })
                .collect();
            let doc = format!(
                r#"{{"format":"sourceline/1","title":"t","sources":[{{"id":"s","title":"S","publisher":"P","published":"2025","file":"a.txt"}}],"events":[{}]}}"#,
                events.join(",")
            );
            let loaded = load_bytes(
                doc.as_bytes(),
                Path::new("t.json"),
                Articles::Embedded(&[("a.txt", "some quoted text here")]),
            )
            .unwrap();
            let t = &loaded.timeline;
            let ids: Vec<&str> = t.events.iter().map(|e| e.id(t)).collect();
            assert_eq!(ids, expected, "rotation {rotation}");
        }
    }
}
