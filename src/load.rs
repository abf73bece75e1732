//! Reading an events file: parse, validate, resolve articles, anchor every citation, and report
//! every problem with its location.

use std::collections::HashMap;
use std::io::Read as _;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};

use serde_json::Value;

use crate::anchor::{AnchorQuality, anchor};
use crate::date::PartialDate;
use crate::diagnostic::{Diagnostic, JsonPath, Location, PathSegment, Problem, Severity};
use crate::model::{
    Citation, CitationRecord, Event, EventRecord, EventsFile, FORMAT, Source, SourceRecord,
    Timeline,
};

/// Largest events file accepted, checked before reading: 256 MiB.
pub const MAX_EVENTS_FILE_BYTES: u64 = 256 * 1024 * 1024;

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
    /// Events in the file, once parsed.
    pub events_total: AtomicUsize,
    /// Events validated and anchored so far.
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
    let size = std::fs::metadata(path)
        .map_err(|e| fail(Problem::Unreadable(e.to_string())))?
        .len();
    if size > MAX_EVENTS_FILE_BYTES {
        return Err(fail(Problem::TooLarge {
            size,
            cap: MAX_EVENTS_FILE_BYTES,
        }));
    }
    progress.bytes_total.store(size, Ordering::Relaxed);
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    let mut file =
        std::fs::File::open(path).map_err(|e| fail(Problem::Unreadable(e.to_string())))?;
    let mut chunk = vec![0_u8; READ_CHUNK_BYTES];
    loop {
        if progress.is_cancelled() {
            return Err(fail(Problem::Cancelled));
        }
        let n = file
            .read(&mut chunk)
            .map_err(|e| fail(Problem::Unreadable(e.to_string())))?;
        if n == 0 {
            break;
        }
        bytes.extend_from_slice(&chunk[..n]);
        progress.bytes_read.fetch_add(n as u64, Ordering::Relaxed);
        if bytes.len() as u64 > MAX_EVENTS_FILE_BYTES {
            return Err(fail(Problem::TooLarge {
                size: bytes.len() as u64,
                cap: MAX_EVENTS_FILE_BYTES,
            }));
        }
    }
    let folder = path.parent().unwrap_or(Path::new(""));
    let folder = if folder.as_os_str().is_empty() {
        Path::new(".")
    } else {
        folder
    };
    load_bytes_with_progress(&bytes, path, Articles::Folder(folder), progress)
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
    let mut ctx = Context {
        progress,
        file: file.to_owned(),
        text: "",
        found: Vec::new(),
    };
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let valid = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default();
            let location = Location::of_offset(valid, valid.len());
            return Err(ctx.fail_at(location, Problem::NotUtf8));
        }
    };
    ctx.text = text;
    if u64::try_from(text.len()).unwrap_or(u64::MAX) > MAX_EVENTS_FILE_BYTES {
        return Err(ctx.fail_at(
            Location::START,
            Problem::TooLarge {
                size: text.len() as u64,
                cap: MAX_EVENTS_FILE_BYTES,
            },
        ));
    }

    let parsed = match serde_json::from_str::<EventsFile>(text) {
        Ok(file) => Some(Parsed::whole(file)),
        Err(e) if e.is_data() => {
            let parsed = Parsed::piecewise(text, &mut ctx);
            // Member by member found nothing wrong, yet the whole failed: a problem serde_json's
            // tree hides, such as a duplicate key (the tree keeps the last). Report it as is.
            if !ctx
                .found
                .iter()
                .any(|(severity, ..)| *severity == Severity::Error)
            {
                return Err(ctx.fail_at(
                    Location {
                        line: e.line().max(1),
                        column: e.column().max(1),
                    },
                    Problem::Structure(strip_position(&e.to_string())),
                ));
            }
            parsed
        }
        Err(e) => {
            let message = strip_position(&e.to_string());
            let location = Location {
                line: e.line().max(1),
                column: e.column().max(1),
            };
            return Err(ctx.fail_at(location, Problem::Syntax(message)));
        }
    };
    let timeline = parsed.map(|parsed| validate(parsed, articles, &mut ctx));
    if progress.is_cancelled() {
        return Err(ctx.fail_at(Location::START, Problem::Cancelled));
    }
    ctx.finish(timeline)
}

/// `serde_json` appends " at line L column C"; the location is printed separately.
fn strip_position(message: &str) -> String {
    message
        .rsplit_once(" at line ")
        .map_or(message, |(m, _)| m)
        .to_owned()
}

/// The file's records, each with its index in the file; records that failed to deserialise are
/// left out (their errors are already reported), but their ids are kept to avoid follow-on noise.
struct Parsed {
    title: String,
    sources: Vec<(usize, SourceRecord)>,
    events: Vec<(usize, EventRecord)>,
    broken_source_ids: Vec<String>,
    /// The format, when it still needs checking.
    unchecked_format: Option<String>,
}

impl Parsed {
    fn whole(file: EventsFile) -> Self {
        Self {
            title: file.title,
            sources: file.sources.into_iter().enumerate().collect(),
            events: file.events.into_iter().enumerate().collect(),
            broken_source_ids: Vec::new(),
            unchecked_format: Some(file.format),
        }
    }

    /// Deserialises member by member so that every structural error is reported, not just the
    /// first. Returns `None` when the document is not even an object.
    fn piecewise(text: &str, ctx: &mut Context<'_>) -> Option<Self> {
        let Ok(value) = serde_json::from_str::<Value>(text) else {
            return None;
        };
        let root = JsonPath::root();
        let Value::Object(members) = value else {
            ctx.error(
                root,
                Problem::Structure(
                    "expected an object with format, title, sources and events".into(),
                ),
            );
            return None;
        };
        for key in members.keys() {
            if !matches!(
                key.as_str(),
                "$schema" | "format" | "title" | "sources" | "events"
            ) {
                ctx.error(
                    root.key(key),
                    Problem::Structure(format!(
                        "unknown field `{key}`, expected one of `$schema`, `format`, `title`, `sources`, `events`"
                    )),
                );
            }
        }
        let string_member = |ctx: &mut Context<'_>, key: &str| match members.get(key) {
            Some(Value::String(s)) => Some(s.clone()),
            Some(other) => {
                ctx.error(
                    root.key(key),
                    Problem::Structure(format!("expected a string, found {}", kind(other))),
                );
                None
            }
            None => {
                ctx.error(
                    root.clone(),
                    Problem::Structure(format!("missing field `{key}`")),
                );
                None
            }
        };
        let format = string_member(ctx, "format");
        if let Some(other) = members.get("$schema").filter(|v| !v.is_string()) {
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
        let (sources, broken_source_ids) = records::<SourceRecord>(&members, "sources", ctx);
        let (events, _) = records::<EventRecord>(&members, "events", ctx);
        Some(Self {
            title,
            sources,
            events,
            broken_source_ids,
            unchecked_format: None,
        })
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Deserialises each element of the array member `key`, reporting each failure with its path.
fn records<T: serde::de::DeserializeOwned>(
    members: &serde_json::Map<String, Value>,
    key: &str,
    ctx: &mut Context<'_>,
) -> (Vec<(usize, T)>, Vec<String>) {
    let path = JsonPath::root().key(key);
    let items = match members.get(key) {
        Some(Value::Array(items)) => items,
        Some(other) => {
            ctx.error(
                path,
                Problem::Structure(format!("expected an array, found {}", kind(other))),
            );
            return (Vec::new(), Vec::new());
        }
        None => {
            ctx.error(
                JsonPath::root(),
                Problem::Structure(format!("missing field `{key}`")),
            );
            return (Vec::new(), Vec::new());
        }
    };
    let mut good = Vec::new();
    let mut broken_ids = Vec::new();
    for (index, item) in items.iter().enumerate() {
        match serde_path_to_error::deserialize::<_, T>(item) {
            Ok(record) => good.push((index, record)),
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
                ctx.error(at, Problem::Structure(e.into_inner().to_string()));
                if let Some(Value::String(id)) = item.get("id") {
                    broken_ids.push(id.clone());
                }
            }
        }
    }
    (good, broken_ids)
}

/// Collects diagnostics with their JSON paths; locations are resolved once at the end.
struct Context<'a> {
    progress: &'a Progress,
    file: PathBuf,
    text: &'a str,
    found: Vec<(Severity, JsonPath, Problem)>,
}

impl Context<'_> {
    fn error(&mut self, path: JsonPath, problem: Problem) {
        self.found.push((Severity::Error, path, problem));
    }

    fn warning(&mut self, path: JsonPath, problem: Problem) {
        self.found.push((Severity::Warning, path, problem));
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

    fn finish(self, timeline: Option<Timeline>) -> Result<Loaded, LoadError> {
        let locator = if self.found.is_empty() {
            None
        } else {
            Some(Locator::new(self.text))
        };
        let mut diagnostics: Vec<Diagnostic> = self
            .found
            .into_iter()
            .map(|(severity, path, problem)| Diagnostic {
                severity,
                file: self.file.clone(),
                location: locator
                    .as_ref()
                    .map_or(Location::START, |l| l.locate(&path)),
                path,
                problem,
            })
            .collect();
        diagnostics.sort_by_key(|d| (d.severity, d.location));
        match timeline {
            Some(timeline) if !diagnostics.iter().any(|d| d.severity == Severity::Error) => {
                Ok(Loaded {
                    timeline,
                    diagnostics,
                })
            }
            _ => Err(LoadError {
                file: self.file,
                diagnostics,
            }),
        }
    }
}

fn validate(parsed: Parsed, articles: Articles<'_>, ctx: &mut Context<'_>) -> Timeline {
    if let Some(format) = parsed.unchecked_format.filter(|f| f != FORMAT) {
        ctx.error(
            JsonPath::root().key("format"),
            Problem::UnknownFormat(format),
        );
        return Timeline::default();
    }
    // Citations of a source that is itself in error get no second, follow-on error.
    let mut declared_ids = parsed.broken_source_ids;
    declared_ids.extend(parsed.sources.iter().map(|(_, s)| s.id.clone()));
    let sources = validate_sources(parsed.sources, articles, ctx);
    let source_index: HashMap<&str, usize> = sources
        .iter()
        .enumerate()
        .map(|(i, s)| (s.record.id.as_str(), i))
        .collect();
    let mut events = Vec::with_capacity(parsed.events.len());
    let mut first_use: HashMap<String, JsonPath> = HashMap::new();
    ctx.progress
        .events_total
        .store(parsed.events.len(), Ordering::Relaxed);
    for (index, record) in parsed.events {
        if ctx.progress.is_cancelled() {
            break;
        }
        ctx.progress.events_done.fetch_add(1, Ordering::Relaxed);
        let path = JsonPath::root().key("events").index(index);
        check_id(&record.id, &path, &mut first_use, ctx, |id, first| {
            Problem::DuplicateEventId { id, first }
        });
        let date = parse_date(&record.date, path.key("date"), ctx);
        let end = record
            .end
            .as_deref()
            .and_then(|end| parse_date(end, path.key("end"), ctx));
        if let (Some(date), Some(end)) = (date, end)
            && end.last_day() < date.first_day()
        {
            ctx.error(
                path.key("end"),
                Problem::EndBeforeStart {
                    date: record.date.clone(),
                    end: record.end.clone().unwrap_or_default(),
                },
            );
        }
        if record.approximate
            && record
                .date_note
                .as_deref()
                .is_none_or(|n| n.trim().is_empty())
        {
            ctx.error(path.key("approximate"), Problem::ApproximateWithoutNote);
        }
        if record.citations.is_empty() {
            ctx.error(path.key("citations"), Problem::NoCitations);
        }
        let citations = record
            .citations
            .iter()
            .enumerate()
            .filter_map(|(i, c)| {
                citation(
                    c,
                    &path.key("citations").index(i),
                    &sources,
                    &source_index,
                    &declared_ids,
                    ctx,
                )
            })
            .collect();
        if let Some(date) = date {
            events.push(Event {
                record,
                date,
                end,
                citations,
            });
        }
    }
    events.sort_by(|a, b| {
        a.date
            .cmp(&b.date)
            .then_with(|| a.record.id.cmp(&b.record.id))
    });
    Timeline {
        title: parsed.title,
        sources,
        events,
    }
}

fn citation(
    record: &CitationRecord,
    path: &JsonPath,
    sources: &[Source],
    source_index: &HashMap<&str, usize>,
    declared_ids: &[String],
    ctx: &mut Context<'_>,
) -> Option<Citation> {
    if record.quote.trim().is_empty() {
        ctx.error(path.key("quote"), Problem::EmptyQuote);
        return None;
    }
    let Some(&source) = source_index.get(record.source.as_str()) else {
        // A declared source that failed validation already has its own error.
        if !declared_ids.contains(&record.source) {
            ctx.error(
                path.key("source"),
                Problem::UnknownSource(record.source.clone()),
            );
        }
        return None;
    };
    let article = &sources[source];
    let found = anchor(
        &article.text,
        &record.quote,
        record.prefix.as_deref(),
        record.suffix.as_deref(),
    );
    let name = article.record.file.clone();
    match found.quality {
        AnchorQuality::Exact => {}
        AnchorQuality::Normalised => ctx.warning(path.key("quote"), Problem::AnchoredNormalised),
        AnchorQuality::Approximate { score } => {
            ctx.warning(path.key("quote"), Problem::AnchoredApproximately { score });
        }
        AnchorQuality::NotFound => {
            ctx.warning(path.key("quote"), Problem::QuoteNotFound(name.clone()));
        }
    }
    if found.ambiguous {
        ctx.warning(path.key("quote"), Problem::Ambiguous(name));
    }
    Some(Citation {
        record: record.clone(),
        source,
        anchor: found,
    })
}

fn check_id(
    id: &str,
    path: &JsonPath,
    first_use: &mut HashMap<String, JsonPath>,
    ctx: &mut Context<'_>,
    duplicate: impl FnOnce(String, JsonPath) -> Problem,
) {
    if id.trim().is_empty() {
        ctx.error(path.key("id"), Problem::EmptyId);
    } else if let Some(first) = first_use.get(id) {
        ctx.error(path.key("id"), duplicate(id.to_owned(), first.clone()));
    } else {
        first_use.insert(id.to_owned(), path.clone());
    }
}

fn parse_date(text: &str, path: JsonPath, ctx: &mut Context<'_>) -> Option<PartialDate> {
    PartialDate::parse(text)
        .map_err(|e| ctx.error(path, Problem::BadDate(e)))
        .ok()
}

fn validate_sources(
    records: Vec<(usize, SourceRecord)>,
    articles: Articles<'_>,
    ctx: &mut Context<'_>,
) -> Vec<Source> {
    let mut sources = Vec::with_capacity(records.len());
    let mut first_use: HashMap<String, JsonPath> = HashMap::new();
    let mut read_cache: HashMap<String, Arc<str>> = HashMap::new();
    for (index, record) in records {
        let path = JsonPath::root().key("sources").index(index);
        let errors_before = ctx.found.len();
        check_id(&record.id, &path, &mut first_use, ctx, |id, first| {
            Problem::DuplicateSourceId { id, first }
        });
        let published = parse_date(&record.published, path.key("published"), ctx);
        if let Some(url) = &record.url
            && !(url.starts_with("https://") || url.starts_with("http://"))
        {
            ctx.error(path.key("url"), Problem::BadUrl(url.clone()));
        }
        let article = match read_cache.get(&record.file) {
            Some(text) => Some((articles_path(articles, &record.file), text.clone())),
            None => read_article(articles, &record.file)
                .map_err(|problem| ctx.error(path.key("file"), problem))
                .ok(),
        };
        if let (Some(published), Some((article_path, text))) = (published, article)
            && ctx.found.len() == errors_before
        {
            read_cache.insert(record.file.clone(), text.clone());
            sources.push(Source {
                record,
                published,
                path: article_path,
                text,
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
/// that climbs out, symlinks that point out).
fn read_article(articles: Articles<'_>, relative: &str) -> Result<(PathBuf, Arc<str>), Problem> {
    let outside = || Problem::ArticleOutsideFolder(relative.to_owned());
    let unreadable = |reason: String| Problem::ArticleUnreadable {
        path: relative.to_owned(),
        reason,
    };
    let rel = Path::new(relative);
    let mut depth = 0_usize;
    for component in rel.components() {
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
    let bytes = match articles {
        Articles::Embedded(texts) => texts
            .iter()
            .find(|(name, _)| *name == relative)
            .map(|(_, text)| text.as_bytes().to_vec())
            .ok_or_else(|| unreadable("not among the bundled articles".into()))?,
        Articles::Folder(folder) => {
            let full = folder.join(rel);
            let real_folder = folder
                .canonicalize()
                .map_err(|e| unreadable(e.to_string()))?;
            let resolved = full.canonicalize().map_err(|e| unreadable(e.to_string()))?;
            if !resolved.starts_with(&real_folder) {
                return Err(outside());
            }
            let size = std::fs::metadata(&resolved)
                .map_err(|e| unreadable(e.to_string()))?
                .len();
            if size > MAX_ARTICLE_BYTES {
                return Err(Problem::ArticleTooLarge {
                    path: relative.to_owned(),
                    size,
                    cap: MAX_ARTICLE_BYTES,
                });
            }
            std::fs::read(&resolved).map_err(|e| unreadable(e.to_string()))?
        }
    };
    let text = String::from_utf8(bytes).map_err(|e| Problem::ArticleNotUtf8 {
        path: relative.to_owned(),
        offset: e.utf8_error().valid_up_to(),
    })?;
    Ok((articles_path(articles, relative), Arc::from(text)))
}

/// Finds where a JSON path's value starts in the source text, using a span-keeping parser.
struct Locator<'a> {
    text: &'a str,
    root: Option<jsonc_parser::ast::Value<'a>>,
}

impl<'a> Locator<'a> {
    fn new(text: &'a str) -> Self {
        let root = jsonc_parser::parse_to_ast(
            text,
            &jsonc_parser::CollectOptions::default(),
            &jsonc_parser::ParseOptions::default(),
        )
        .ok()
        .and_then(|r| r.value);
        Self { text, root }
    }

    /// The location of the deepest value along `path` that exists.
    fn locate(&self, path: &JsonPath) -> Location {
        use jsonc_parser::ast::Value as V;
        use jsonc_parser::common::Ranged as _;
        let Some(mut node) = self.root.as_ref() else {
            return Location::START;
        };
        let mut offset = node.start();
        for segment in &path.0 {
            let next = match (segment, node) {
                (PathSegment::Key(key), V::Object(object)) => object
                    .properties
                    .iter()
                    .find(|p| p.name.as_str() == key)
                    .map(|p| (&p.value, p.range.start)),
                (PathSegment::Index(i), V::Array(array)) => {
                    array.elements.get(*i).map(|v| (v, v.start()))
                }
                _ => None,
            };
            let Some((value, start)) = next else { break };
            node = value;
            // A member is located at its key, where an editor's eye goes first.
            offset = start;
        }
        Location::of_offset(self.text, offset)
    }
}
