//! `sourceline search EVENTS QUERY [--json] [--limit N]`: the full text of every archived
//! article searched (words in any order near each other, `"exact phrases"`, whatever the case,
//! diacritics and quotes), with keyword-in-context lines grouped by source, newest source first.
//! Only the events file's sources are read from it, and each article once through the loader's
//! guarded folder (nothing outside it, regular files only, capped): a search does not load the
//! timeline.

use std::fmt::Write as _;
use std::io::Write;
use std::path::Path;

use super::Outcome;
use crate::load::read::ArticleFolder;
use crate::model::date::PartialDate;
use crate::model::text_safety::escape_unsafe;
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

/// One article's hits as they are printed, made on the core that searched it: printing 100,000
/// hits costs as much as finding them, so that it is shared too.
#[derive(Default)]
struct SourceOutput {
    /// The lines (with the source's heading line) or the JSON objects, in order.
    text: String,
    /// Where each hit's line or object ends in `text`: a limit cuts there.
    hit_ends: Vec<usize>,
}

/// One article searched: what it prints, or why it could not be read.
type Searched = Result<SourceOutput, String>;

/// Bytes of context either side of a hit.
const CONTEXT_BYTES: usize = 80;

/// What `source`'s hits `hits` in `text` print: keyword-in-context lines under the source's
/// heading, escaped for the terminal, or `--json` objects (indented as the list they go in).
fn printed(
    source: &SourceLine,
    text: &str,
    hits: &[std::ops::Range<usize>],
    json: bool,
) -> SourceOutput {
    let mut out = SourceOutput::default();
    if hits.is_empty() {
        return out;
    }
    if !json {
        let heading = format!("{} ({})", source.id, source.published);
        out.text.push_str(&escape_unsafe(&heading, false));
        out.text.push('\n');
    }
    for hit in hits {
        let around = context(text, hit, CONTEXT_BYTES);
        let piece = |range: std::ops::Range<usize>| text.get(range).unwrap_or_default();
        if json {
            let object = Printed {
                source: &source.id,
                start: hit.start,
                end: hit.end,
                text: piece(hit.clone()),
                context: piece(around),
            };
            if let Ok(object) = serde_json::to_string_pretty(&object) {
                if !out.hit_ends.is_empty() {
                    out.text.push_str(",\n");
                }
                // JSON escapes line breaks in strings: each one here is the layout's.
                out.text.push_str("  ");
                out.text.push_str(&object.replace('\n', "\n  "));
            }
        } else {
            let _ = writeln!(
                out.text,
                "  {}..{}: …{}[{}]{}…",
                hit.start,
                hit.end,
                escape_unsafe(piece(around.start..hit.start), false),
                escape_unsafe(piece(hit.clone()), false),
                escape_unsafe(piece(hit.end..around.end), false),
            );
        }
        out.hit_ends.push(out.text.len());
    }
    out
}

/// `sourceline search`: the hits go to `out` as they are found, newest source first; the count
/// and the articles that could not be read are the outcome. With `terminal`, the JSON is escaped
/// as any output read on a terminal is (the lines always are).
pub fn search(
    events: &Path,
    query: &str,
    json: bool,
    limit: usize,
    out: &mut dyn Write,
    terminal: bool,
) -> Outcome {
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
    let mut printer = Printer {
        out,
        json,
        terminal,
        limit,
        count: 0,
        problems: String::new(),
        closed: false,
    };
    printer.start();
    search_in_order(&sources, &folder, &query, (limit, json), |searched| {
        printer.print(searched)
    });
    printer.finish()
}

/// Searches the articles of `sources` on every core, each read into one buffer per core that
/// is reused, and hands each one's output to `print` in the order of `sources`, as soon as
/// those before it are handed: the cores take the articles in that order, so that few wait.
/// Stops when `print` says it has printed enough.
fn search_in_order(
    sources: &[SourceLine],
    folder: &Path,
    query: &ArchiveQuery,
    (limit, json): (usize, bool),
    mut print: impl FnMut(Searched) -> Printing,
) {
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .clamp(1, 8);
    let next = AtomicUsize::new(0);
    let enough = AtomicBool::new(false);
    // Bounded, so that a slow output holds the search back rather than the memory growing.
    let (send, receive) = std::sync::mpsc::sync_channel::<(usize, Vec<Searched>)>(64);
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                let send = send.clone();
                let (next, enough) = (&next, &enough);
                scope.spawn(move || {
                    let articles = ArticleFolder::open(folder);
                    let mut buffer = Vec::new();
                    while !enough.load(Ordering::Relaxed) {
                        // A few articles at a time: one message, one wake of the printer each.
                        let first = next.fetch_add(BATCH, Ordering::Relaxed);
                        let Some(batch) = sources.get(first..).filter(|rest| !rest.is_empty())
                        else {
                            break;
                        };
                        let searched = batch
                            .iter()
                            .take(BATCH)
                            .map(|source| {
                                search_one(&articles, &mut buffer, source, query, (limit, json))
                            })
                            .collect();
                        if send.send((first, searched)).is_err() {
                            break;
                        }
                    }
                })
            })
            .collect();
        drop(send);
        let mut waiting: std::collections::BTreeMap<usize, Vec<Searched>> =
            std::collections::BTreeMap::new();
        let mut at = 0;
        'receiving: for (first, searched) in &receive {
            waiting.insert(first, searched);
            while let Some(batch) = waiting.remove(&at) {
                at += BATCH;
                for searched in batch {
                    if print(searched) == Printing::Enough {
                        enough.store(true, Ordering::Relaxed);
                        break 'receiving;
                    }
                }
            }
        }
        // The workers blocked on a full channel stop when it closes.
        drop(receive);
        let failed = workers.into_iter().any(|w| w.join().is_err());
        // A worker that failed left its articles out: they are named, the rest printed.
        if failed && !enough.load(Ordering::Relaxed) {
            for (first, batch) in sources.chunks(BATCH).enumerate().skip(at / BATCH) {
                let searched = waiting.remove(&(first * BATCH)).unwrap_or_else(|| {
                    batch
                        .iter()
                        .map(|source| Err(format!("{}: the search of it failed", source.id)))
                        .collect()
                });
                if searched.into_iter().any(|s| print(s) == Printing::Enough) {
                    break;
                }
            }
        }
    });
}

/// How many articles a core takes at a time.
const BATCH: usize = 16;

/// Whether the printing goes on.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Printing {
    /// Print the next source's hits.
    More,
    /// The limit is reached or the output closed.
    Enough,
}

/// One article read and searched: what it prints (at most `limit` hits, as lines or as JSON),
/// or why it could not be read.
fn search_one(
    articles: &ArticleFolder,
    buffer: &mut Vec<u8>,
    source: &SourceLine,
    query: &ArchiveQuery,
    (limit, json): (usize, bool),
) -> Searched {
    let Some(file) = &source.file else {
        return Ok(SourceOutput::default());
    };
    let text = articles
        .read_into(file, buffer)
        .map_err(|problem| format!("{}: {file}: {problem}", source.id))?;
    let mut hits = query.hits(text);
    hits.truncate(limit);
    Ok(printed(source, text, &hits, json))
}

/// Writes the search's output as it comes, up to the limit.
struct Printer<'o> {
    out: &'o mut dyn Write,
    json: bool,
    terminal: bool,
    limit: usize,
    /// Hits printed.
    count: usize,
    /// The articles that could not be read, one a line, escaped.
    problems: String,
    /// Whether writing failed (the reader went away): nothing more is written.
    closed: bool,
}

impl Printer<'_> {
    /// Writes `text`, escaped when it is JSON read on a terminal.
    fn write(&mut self, text: &str) {
        let text = if self.json && self.terminal {
            escape_unsafe(text, true)
        } else {
            std::borrow::Cow::Borrowed(text)
        };
        if !self.closed && self.out.write_all(text.as_bytes()).is_err() {
            self.closed = true;
        }
    }

    /// What comes before the first hit.
    fn start(&mut self) {
        if self.json {
            self.write("[");
        }
    }

    /// Prints one source's hits, or notes why it could not be read.
    fn print(&mut self, searched: Searched) -> Printing {
        let output = match searched {
            Ok(output) => output,
            Err(problem) => {
                self.problems.push_str(&escape_unsafe(&problem, false));
                self.problems.push('\n');
                return Printing::More;
            }
        };
        let room = self.limit.saturating_sub(self.count);
        let kept = output.hit_ends.len().min(room);
        if let Some(&end) = kept.checked_sub(1).and_then(|k| output.hit_ends.get(k)) {
            if self.json && self.count > 0 {
                self.write(",");
            }
            if self.json {
                self.write("\n");
            }
            self.write(output.text.get(..end).unwrap_or_default());
            self.count += kept;
        }
        if self.count >= self.limit || self.closed {
            Printing::Enough
        } else {
            Printing::More
        }
    }

    /// Closes the JSON list, and says how many hits there were and what could not be read.
    fn finish(mut self) -> Outcome {
        if self.json {
            self.write(if self.count == 0 { "]\n" } else { "\n]\n" });
            let _ = self.out.flush();
            return Outcome::data(String::new());
        }
        let _ = self.out.flush();
        let mut summary = format!("{} hit(s)\n", self.count);
        summary.push_str(&self.problems);
        Outcome::escaped(summary)
    }
}
