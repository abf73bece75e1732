//! `sourceline search EVENTS QUERY [--json] [--limit N]`: the full text of every archived
//! article searched (words in any order near each other, `"exact phrases"`, whatever the case,
//! diacritics and quotes), with keyword-in-context lines grouped by source, newest source first.
//! Only the events file's sources are read from it, and each article once through the loader's
//! guarded folder (nothing outside it, regular files only, capped): a search does not load the
//! timeline.

use std::fmt::Write as _;
use std::path::Path;

use super::Outcome;
use crate::load::read::ArticleFolder;
use crate::model::date::PartialDate;
use crate::timeline::archive_search::{ArchiveQuery, context};

/// What a search reads of the events file: its sources.
#[derive(serde::Deserialize)]
struct Sources {
    #[serde(default)]
    sources: Vec<SourceLine>,
}

/// What a search needs of a source.
#[derive(serde::Deserialize)]
struct SourceLine {
    id: String,
    #[serde(default)]
    file: Option<String>,
    #[serde(default)]
    published: String,
}

/// One hit, as `--json` prints it: byte offsets into the archived text.
#[derive(serde::Serialize)]
struct Printed<'a> {
    source: &'a str,
    start: usize,
    end: usize,
    text: &'a str,
    context: &'a str,
}

/// One article searched: its hits, or why it could not be read.
type Searched = Result<Vec<Found>, String>;

/// One hit with its context, cut from the article's text as it was read.
#[derive(Clone)]
struct Found {
    /// Byte offsets of the match in the article.
    hit: std::ops::Range<usize>,
    /// The context before the match, the match and the context after it.
    before: String,
    matched: String,
    after: String,
}

impl Found {
    /// The hit `hit` of `text` with its context.
    fn of(text: &str, hit: std::ops::Range<usize>) -> Option<Self> {
        let around = context(text, &hit, CONTEXT_BYTES);
        Some(Self {
            before: text.get(around.start..hit.start)?.to_owned(),
            matched: text.get(hit.clone())?.to_owned(),
            after: text.get(hit.end..around.end)?.to_owned(),
            hit,
        })
    }
}

/// Bytes of context either side of a hit.
const CONTEXT_BYTES: usize = 80;

/// `sourceline search`.
pub fn search(events: &Path, query: &str, json: bool, limit: usize) -> Outcome {
    let query = match ArchiveQuery::parse(query) {
        Ok(query) => query,
        Err(e) => return Outcome::refused(format!("query: {e}\n")),
    };
    let bytes =
        match crate::load::read::read_file_capped(events, crate::load::MAX_EVENTS_FILE_BYTES) {
            Ok(bytes) => bytes,
            Err(e) => {
                return Outcome::refused(format!("{}: cannot read it: {e}\n", events.display()));
            }
        };
    let mut sources: Vec<SourceLine> = match serde_json::from_slice::<Sources>(&bytes) {
        Ok(file) => file.sources,
        Err(e) => {
            return Outcome::refused(format!(
                "{}:{}:{}: {e}\n",
                events.display(),
                e.line(),
                e.column()
            ));
        }
    };
    drop(bytes);
    // Newest source first: by publication date, latest day it may be, then file order.
    let key = |s: &SourceLine| {
        PartialDate::parse(&s.published)
            .map(PartialDate::last_day)
            .ok()
    };
    sources.sort_by_cached_key(|s| std::cmp::Reverse(key(s)));
    let folder = events
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf();
    // Each article is read and searched on one of the cores, into one buffer per core that is
    // reused: only the hits' context lines are kept.
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .clamp(1, 8);
    let chunk = sources.len().div_ceil(threads).max(1);
    let found: Vec<Searched> = std::thread::scope(|scope| {
        let workers: Vec<_> = sources
            .chunks(chunk)
            .map(|share| {
                let (folder, query) = (&folder, &query);
                let worker = scope.spawn(move || {
                    let articles = ArticleFolder::open(folder);
                    let mut buffer = Vec::new();
                    let mut kept = 0;
                    share
                        .iter()
                        .map(|source| {
                            let Some(file) = &source.file else {
                                return Ok(Vec::new());
                            };
                            let text = articles
                                .read_into(file, &mut buffer)
                                .map_err(|problem| format!("{}: {file}: {problem}", source.id))?;
                            // No more than the limit is printed: no more is kept.
                            let hits: Vec<Found> = query
                                .hits(text)
                                .into_iter()
                                .take(limit.saturating_sub(kept))
                                .filter_map(|hit| Found::of(text, hit))
                                .collect();
                            kept += hits.len();
                            Ok(hits)
                        })
                        .collect::<Vec<_>>()
                });
                (share.len(), worker)
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|(count, worker)| {
                worker.join().unwrap_or_else(|_| {
                    vec![Err("the search of these articles failed".to_owned()); count]
                })
            })
            .collect()
    });
    let mut printed_json = Vec::new();
    let mut out = String::new();
    let mut problems = String::new();
    let mut count = 0;
    for (source, result) in sources.iter().zip(found) {
        if count >= limit {
            break;
        }
        let hits = match result {
            Ok(found) => found,
            Err(problem) => {
                let _ = writeln!(problems, "{problem}");
                continue;
            }
        };
        if hits.is_empty() {
            continue;
        }
        if !json {
            let _ = writeln!(out, "{} ({})", source.id, source.published);
        }
        for found in hits.into_iter().take(limit - count) {
            count += 1;
            let Found {
                hit,
                before,
                matched,
                after,
            } = found;
            if json {
                printed_json.push((
                    source.id.clone(),
                    hit,
                    format!("{before}{matched}{after}"),
                    matched,
                ));
            } else {
                let _ = writeln!(
                    out,
                    "  {}..{}: …{before}[{matched}]{after}…",
                    hit.start, hit.end
                );
            }
        }
    }
    if json {
        let printed: Vec<Printed<'_>> = printed_json
            .iter()
            .map(|(source, hit, context, text)| Printed {
                source,
                start: hit.start,
                end: hit.end,
                text,
                context,
            })
            .collect();
        return match serde_json::to_string_pretty(&printed) {
            Ok(text) => Outcome::data(text + "\n"),
            Err(e) => Outcome::refused(format!("{e}\n")),
        };
    }
    let _ = writeln!(out, "{count} hit(s)");
    out.push_str(&problems);
    Outcome::done(out)
}
