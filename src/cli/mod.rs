//! The command line: what `sourceline COMMAND …` parses into ([`Cli`]), and one file per
//! command, each a function from its arguments to an [`Outcome`] (what to print, the exit code).
//! The commands call the same core functions as the window (`load`, `edit`, `document`,
//! `import`, `export`); nothing here draws, and nothing in the window reads what is printed.

pub mod add_article;
pub mod archive;
pub mod check;
pub mod cite;
pub mod corroborate;
pub mod dates;
pub mod export;
pub mod extract;
pub mod import;
pub mod schema;
pub mod search;
pub mod suggest;

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::document::Document;
use crate::document::applying::OpFailure;
use crate::edit::Edit;
use crate::load::{LoadError, load};
use crate::model::text_safety::escape_unsafe;

/// A timeline of diplomacy whose every event links to the passage of its source article.
#[derive(Debug, Parser)]
#[command(name = "sourceline", version, args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// What to do; none opens the window.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Events file to open in the viewer (default: the bundled timeline).
    pub file: Option<PathBuf>,
}

/// The commands, as clap reads them.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check an events file: print every problem with its file, line and column, then a summary.
    Check {
        /// The events file.
        file: PathBuf,
        /// Treat warnings (weak anchors, unsourced events, changed articles) as errors.
        #[arg(long)]
        strict: bool,
    },
    /// Print the JSON Schema of the events file format.
    Schema,
    /// Copy an article into articles/ beside the events file and add its source: UTF-8 text, or
    /// a saved web page (.html), whose article's text is archived with the page kept beside it.
    AddArticle {
        /// The events file.
        events: PathBuf,
        /// The article's text file.
        file: PathBuf,
        /// The source's fields.
        #[command(flatten)]
        args: add_article::AddArticleArgs,
    },
    /// Export the timeline (or what a search leaves) as TimelineJS JSON, a Markdown brief, a CSV
    /// of citations or one self-contained HTML page.
    Export {
        /// The events file.
        file: PathBuf,
        /// The format.
        #[arg(long = "to", value_enum)]
        to: crate::export::Format,
        /// Only the events this search finds (as the window's search box).
        #[arg(long)]
        query: Option<String>,
        /// Write here (atomically) instead of to standard output.
        #[arg(long)]
        out: Option<PathBuf>,
        /// With --to html: include the whole text of every cited article (quotes only otherwise;
        /// use it for archives whose licence allows it).
        #[arg(long)]
        with_articles: bool,
    },
    /// Import a TimelineJS 3 timeline (JSON, or the spreadsheet as .csv) as a new events file
    /// (its claims unsourced, to cite).
    Import {
        /// The TimelineJS JSON or CSV file.
        file: PathBuf,
        /// The folder to write events.json into (default: NAME-sourceline/ here).
        #[arg(long)]
        out: Option<PathBuf>,
        /// The mapping of sourceline's fields to a table's columns.
        #[arg(
            long,
            help = "For any other table (CSV): which columns are which, e.g. date=event_date,title=sub_event_type,summary=notes,actors=actor1+actor2,source=source,id=event_id_cnty"
        )]
        map: Option<String>,
    },
    /// Print the article in a saved web page (the body a reader would call the article); with
    /// --json, with its title, publisher, author, date, address, language and extractor.
    Extract {
        /// The saved page (.html or .htm).
        file: PathBuf,
        /// Print JSON: the text and what the page says of itself.
        #[arg(long)]
        json: bool,
    },
    /// Capture every source that has a URL and no text yet (an import's links): fetch it, archive
    /// the original and the article's text, and fill in the source. It can be run again: what
    /// was archived stays archived, and only what is left is fetched.
    Archive {
        /// The events file.
        events: PathBuf,
        /// Fetches at once (1 to 4).
        #[arg(long, default_value_t = crate::import::archive::MAX_AT_ONCE)]
        jobs: usize,
        /// Shortest time between two requests to one host, in milliseconds.
        #[arg(long, default_value_t = 1000)]
        host_delay_ms: u64,
    },
    /// Suggest passages for pending citations: for each, the sentences of its archived source
    /// that best support the event, best first (nothing is written).
    Suggest {
        /// The events file.
        events: PathBuf,
        /// Only this event's pending citations.
        #[arg(long)]
        event: Option<String>,
        /// Print JSON: per pending citation, its event, source and passages.
        #[arg(long)]
        json: bool,
    },
    /// List every date mention of an article's text, resolved against its publication date.
    Dates {
        /// The article's text (UTF-8).
        article: PathBuf,
        /// Its publication date, YYYY-MM-DD.
        #[arg(long)]
        published: String,
        /// Print JSON: text, start, end, date, precision, approximate, how.
        #[arg(long)]
        json: bool,
    },
    /// Other reports of an event: passages of archived articles it does not cite yet that say
    /// what it says, best first (nothing is written).
    Corroborate {
        /// The events file.
        events: PathBuf,
        /// The event.
        #[arg(long)]
        event: String,
        /// Print JSON: source, quote, start, end, score.
        #[arg(long)]
        json: bool,
        /// How many passages at most.
        #[arg(long, default_value_t = 5)]
        limit: usize,
    },
    /// Search the full text of every archived article: words in any order near each other, or
    /// "exact phrases", whatever the case, diacritics and quotes.
    Search {
        /// The events file.
        events: PathBuf,
        /// The words or "phrases".
        query: String,
        /// Print JSON: source, start, end, text, context per hit.
        #[arg(long)]
        json: bool,
        /// At most this many hits.
        #[arg(long, default_value_t = 1000)]
        limit: usize,
    },
    /// Cite a verbatim passage of a source, for an existing event or a new one.
    Cite {
        /// The events file.
        events: PathBuf,
        /// The id of the cited source.
        #[arg(long)]
        source: String,
        /// The passage, exactly as the article has it.
        #[arg(long)]
        quote: String,
        /// The event to add the citation to.
        #[arg(
            long,
            required_unless_present = "new_event",
            conflicts_with = "new_event"
        )]
        event: Option<String>,
        /// A new event, as JSON.
        #[arg(
            long,
            help = r#"A new event as JSON, e.g. '{"title": "…", "date": "2025-02-18", "actors": ["Russia"]}'"#
        )]
        new_event: Option<String>,
    },
}

/// Runs `command`. Every command is a match arm here: a new one cannot be left out.
pub fn run(command: Command) -> Outcome {
    match command {
        Command::Check { file, strict } => check::check_with(&file, strict),
        Command::Schema => schema::schema(),
        Command::AddArticle { events, file, args } => {
            add_article::add_article(&events, &file, &args)
        }
        Command::Export {
            file,
            to,
            query,
            out,
            with_articles,
        } => export::export(&file, to, query.as_deref(), out.as_deref(), with_articles),
        Command::Import { file, out, map } => import::import(&file, out.as_deref(), map.as_deref()),
        Command::Extract { file, json } => extract::extract(&file, json),
        Command::Search {
            events,
            query,
            json,
            limit,
        } => {
            use std::io::IsTerminal as _;
            let stdout = std::io::stdout();
            let terminal = stdout.is_terminal();
            // Buffered: the hits are written as they come, source by source.
            let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
            search::search(&events, &query, json, limit, &mut out, terminal)
        }
        Command::Corroborate {
            events,
            event,
            json,
            limit,
        } => corroborate::corroborate(&events, &event, json, limit),
        Command::Dates {
            article,
            published,
            json,
        } => dates::dates(&article, &published, json),
        Command::Suggest {
            events,
            event,
            json,
        } => suggest::suggest(&events, event.as_deref(), json),
        Command::Archive {
            events,
            jobs,
            host_delay_ms,
        } => archive::archive(
            &events,
            crate::import::archive::RunOptions {
                at_once: jobs,
                host_delay: std::time::Duration::from_millis(host_delay_ms),
                ..crate::import::archive::RunOptions::default()
            },
        ),
        Command::Cite {
            events,
            source,
            quote,
            event,
            new_event,
        } => {
            let target = match (event, new_event) {
                (Some(id), _) => cite::CiteTarget::Event(id),
                (None, Some(json)) => cite::CiteTarget::NewEvent(json),
                // clap requires one of them.
                (None, None) => {
                    return Outcome::refused("expected --event or --new-event\n".to_owned());
                }
            };
            cite::cite(&events, &source, &quote, &target)
        }
    }
}

/// Where a command's output goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stream {
    /// Standard output: what was done, or a report (`check` prints its diagnostics here).
    Stdout,
    /// Standard error: why nothing was done.
    Stderr,
    /// Standard output, byte for byte: an export, which a pipe or a file must get as written.
    Data,
    /// Standard output, escaped already by the command: a long report made on many cores.
    Escaped,
}

/// What a command printed and how it ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    /// Lines for standard output (what was done) or standard error (what was wrong).
    pub output: String,
    /// 0 done, 1 refused (nothing written) or errors found.
    pub exit_code: i32,
    /// Where `output` goes.
    pub stream: Stream,
}

impl Outcome {
    /// A command that did what it was asked: `output` to standard output, exit code 0.
    pub fn done(output: String) -> Self {
        Self {
            output,
            exit_code: 0,
            stream: Stream::Stdout,
        }
    }

    /// A command that refused: `output` to standard error, exit code 1, nothing written.
    pub fn refused(output: String) -> Self {
        Self {
            output,
            exit_code: 1,
            stream: Stream::Stderr,
        }
    }

    /// A command that did what it was asked, with `output` escaped for the terminal already
    /// (by [`escape_unsafe`], line by line): to standard output as it is, exit code 0.
    pub fn escaped(output: String) -> Self {
        Self {
            output,
            exit_code: 0,
            stream: Stream::Escaped,
        }
    }

    /// Data for standard output (an export), exit code 0.
    pub fn data(output: String) -> Self {
        Self {
            output,
            exit_code: 0,
            stream: Stream::Data,
        }
    }

    /// Prints the output where it goes, with anything that could forge or hide a line of the
    /// terminal shown escaped, and gives the exit code. Data goes out byte for byte, unless
    /// standard output is a terminal (someone reads it there, and nothing in it may forge a
    /// line).
    pub fn print(&self) -> ExitCode {
        use std::io::IsTerminal as _;
        let escaped = || escape_unsafe(&self.output, true);
        let _ = match self.stream {
            Stream::Stdout => std::io::stdout().write_all(escaped().as_bytes()),
            Stream::Stderr => std::io::stderr().write_all(escaped().as_bytes()),
            Stream::Data if std::io::stdout().is_terminal() => {
                std::io::stdout().write_all(escaped().as_bytes())
            }
            Stream::Data | Stream::Escaped => std::io::stdout().write_all(self.output.as_bytes()),
        };
        ExitCode::from(u8::try_from(self.exit_code).unwrap_or(1))
    }
}

/// Every diagnostic of a refused load, one a line.
pub fn located(error: &LoadError) -> String {
    let mut out = String::new();
    for d in &error.diagnostics {
        let _ = writeln!(out, "{d}");
    }
    out
}

/// Opens the events file, as the window would open it.
fn open_document(events: &Path) -> Result<Document, Outcome> {
    load(events)
        .map(|loaded| Document::new(Some(events.to_owned()), loaded))
        .map_err(|error| Outcome::refused(located(&error)))
}

/// Makes `edit` and, when it was made, saves it (the text it loaded as is written without
/// loading it again). When either was not made the file on disk is as it was: a refused edit
/// writes nothing.
fn edit_and_save(document: &mut Document, edit: Edit) -> Result<(), OpFailure> {
    document.apply_edit(edit).and_then(|()| document.save())
}

/// The bytes of `file` (at most `cap`), or of the page it names when it is an http(s) address,
/// with what the fetch found (a web page or a PDF).
fn read_or_fetch(
    file: &Path,
    cap: u64,
) -> Result<(Vec<u8>, Option<crate::import::fetch::Fetched>), String> {
    use crate::import::fetch::{Limits, fetch};
    let text = file.to_string_lossy();
    if text.starts_with("http://") || text.starts_with("https://") {
        let fetched = fetch(&text, Limits::default()).map_err(|e| format!("not fetched: {e}"))?;
        let bytes = fetched.bytes.clone();
        return Ok((bytes, Some(fetched)));
    }
    crate::load::read::read_file_capped(file, cap)
        .map(|bytes| (bytes, None))
        .map_err(|e| format!("cannot read it: {e}"))
}

/// How many times a command that edits the events file starts over when another program wrote
/// the file between its load and its save.
const ATTEMPTS: usize = 50;

/// One try of a command that edits the events file.
enum Attempt {
    /// It was made, or refused for a reason that another try would not change.
    Finished(Outcome),
    /// Someone else wrote the file after it was loaded: nothing was written; try again.
    Conflict(String),
}

impl Attempt {
    /// What a failed edit or save gives: try again after a conflict, else refused.
    fn failed(prefix: &str, failure: &OpFailure) -> Self {
        let message = format!("{prefix}{}", op_failure(failure));
        if failure.is_conflict() {
            Self::Conflict(message)
        } else {
            Self::Finished(Outcome::refused(message))
        }
    }
}

/// Runs `attempt` until it finishes: two commands editing one file at once both land, the
/// later one loading what the earlier wrote (the save's lock and comparison tell it). After
/// [`ATTEMPTS`] conflicts in a row it is refused with the last one's message.
fn retrying(mut attempt: impl FnMut() -> Attempt) -> Outcome {
    let mut last = String::new();
    for _ in 0..ATTEMPTS {
        match attempt() {
            Attempt::Finished(outcome) => return outcome,
            Attempt::Conflict(message) => last = message,
        }
    }
    Outcome::refused(last)
}

/// What an edit or save that was not made says: its located errors, or why.
fn op_failure(error: &OpFailure) -> String {
    match error.load_error() {
        Some(load) => located(load),
        None => format!("{error}\n"),
    }
}
