//! Reading an events file: parse, validate, resolve articles, anchor every citation, and report
//! every problem with its location.

pub mod anchor;
mod build;
pub mod bundled;
mod context;
pub mod decode;
pub mod diagnostic;
#[cfg(test)]
pub mod fixture;
mod ids;
pub mod locate;
mod parse;
pub mod read;
mod shares;
mod sort;
mod split;
mod validate;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};

use crate::load::diagnostic::{Diagnostic, JsonPath, Location, Problem, Severity};
use crate::model::Timeline;

use build::{Builder, Built};
use context::Context;
use parse::{Head, fast_parse};
use validate::validate;

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
    use super::shares::run_shares;
    use super::*;

    #[test]
    fn an_original_outside_the_folder_is_an_error_where_it_is_named() {
        let text = r#"{"format": "sourceline/1", "title": "t",
            "sources": [{"id": "a", "title": "A", "publisher": "P", "published": "2025",
                          "file": "a.txt",
                          "original": {"file": "../../etc/page.html", "media_type": "text/html",
                                       "sha256": "0000000000000000000000000000000000000000000000000000000000000000",
                                       "extractor": "x", "captured": "2025-02-18T00:00:00Z"}}],
            "events": [{"id": "e", "date": "2025", "title": "T",
                         "citations": [{"source": "a", "quote": "met in Riyadh"}]}]}"#;
        let articles = [("a.txt", "The delegations met in Riyadh.")];
        let error = load_bytes(
            text.as_bytes(),
            Path::new("t.json"),
            Articles::Embedded(&articles),
        )
        .unwrap_err();
        let first = error.diagnostics[0].to_string();
        assert!(first.contains("$.sources[0].original.file"), "{first}");
        assert!(first.contains("leaves the events file's folder"), "{first}");
    }

    #[test]
    fn ids_that_are_paths_are_warned_of_where_they_are() {
        let text = r#"{"format": "sourceline/1", "title": "t",
            "sources": [{"id": "sub/inner", "title": "A", "publisher": "P", "published": "2025",
                          "file": "a.txt"}],
            "events": [{"id": "ok", "date": "2025", "title": "T",
                         "citations": [{"source": "sub/inner", "quote": "met in Riyadh"}]},
                       {"id": "../up", "date": "2024", "title": "T",
                         "citations": [{"source": "sub/inner", "quote": "met in Riyadh"}]}]}"#;
        let articles = [("a.txt", "The delegations met in Riyadh.")];
        let loaded = load_bytes(
            text.as_bytes(),
            Path::new("t.json"),
            Articles::Embedded(&articles),
        )
        .unwrap();
        let warnings: Vec<String> = loaded.diagnostics.iter().map(ToString::to_string).collect();
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(
            warnings[0].contains("2:26: warning: $.sources[0].id"),
            "{warnings:?}"
        );
        assert!(warnings[1].contains("$.events[1].id"), "{warnings:?}");
        assert!(
            warnings[1].contains("expected a name, not a path"),
            "{warnings:?}"
        );
    }

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
    fn a_pending_citation_names_its_source_and_warns_until_its_passage_is_chosen() {
        let file = |source: &str, citation: &str| {
            format!(
                r#"{{"format": "sourceline/1", "title": "t", "sources": [{source}],
                "events": [{{"id": "e", "date": "2025", "title": "T", "citations": [{citation}]}}]}}"#
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
        let archived =
            r#"{"id": "a", "title": "A", "publisher": "P", "published": "2025", "file": "a.txt"}"#;
        let linked = r#"{"id": "a", "title": "A", "publisher": "P", "published": "2025", "url": "https://example.org/a"}"#;
        let pending = load(file(archived, r#"{"source": "a"}"#)).unwrap();
        assert_eq!(pending.diagnostics.len(), 1);
        assert_eq!(
            pending.diagnostics[0].message(),
            "$.events[0].citations[0]: passage not yet chosen in a: open the event and choose the passage"
        );
        let citation = &pending.timeline.citations[0];
        assert!(citation.is_pending());
        assert_eq!(citation.quote(&pending.timeline), None);
        assert_eq!(citation.anchor().range, None);
        // Turned back into a record, it is still pending: an edit of the event keeps it so.
        let record = crate::model::event_record(&pending.timeline, &pending.timeline.events[0]);
        assert_eq!(record.citations[0].quote, None);
        let text = serde_json::to_string(&record.citations[0]).unwrap();
        assert_eq!(text, r#"{"source":"a","prefix":null,"suffix":null}"#);

        let unarchived = load(file(linked, r#"{"source": "a"}"#)).unwrap();
        assert_eq!(
            unarchived.diagnostics[0].message(),
            "$.events[0].citations[0]: passage not yet chosen in a, which is not archived yet (archive it first): open the event and choose the passage"
        );
        // An empty quote is still an error, not a pending citation.
        let empty = load(file(archived, r#"{"source": "a", "quote": " "}"#)).unwrap_err();
        assert!(
            empty.diagnostics[0].message().contains("quote"),
            "{:?}",
            empty.diagnostics
        );
        // The source must still exist.
        let unknown = load(file(archived, r#"{"source": "b"}"#)).unwrap_err();
        assert!(
            unknown.diagnostics[0].message().contains("\"b\""),
            "{:?}",
            unknown.diagnostics
        );
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
