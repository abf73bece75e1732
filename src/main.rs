//! The `sourceline` binary: the window, and `check`, `add-article`, `cite` and `schema` for
//! people and pipelines that work on events files.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use sourceline::app::{Persisted, STORAGE_KEY, SourcelineApp};

/// A timeline of diplomacy whose every event links to the passage of its source article.
#[derive(Parser)]
#[command(name = "sourceline", version, args_conflicts_with_subcommands = true)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Events file to open in the viewer (default: the bundled timeline).
    file: Option<PathBuf>,
}

#[derive(Subcommand)]
enum Command {
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
    /// Copy an article (UTF-8 text) into articles/ beside the events file and add its source.
    AddArticle {
        /// The events file.
        events: PathBuf,
        /// The article's text file.
        file: PathBuf,
        #[command(flatten)]
        args: sourceline::edit::commands::AddArticleArgs,
    },
    /// Export the timeline (or what a search leaves) as TimelineJS JSON, a Markdown brief or a CSV
    /// of citations.
    Export {
        /// The events file.
        file: PathBuf,
        /// The format.
        #[arg(long = "to", value_enum)]
        to: sourceline::export::Format,
        /// Only the events this search finds (as the window's search box).
        #[arg(long)]
        query: Option<String>,
        /// Write here (atomically) instead of to standard output.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Import a TimelineJS 3 timeline (JSON, or the spreadsheet as .csv) as a new events file
    /// (its claims unsourced, to cite).
    Import {
        /// The TimelineJS JSON or CSV file.
        file: PathBuf,
        /// The folder to write events.json into (default: NAME-sourceline/ here).
        #[arg(long)]
        out: Option<PathBuf>,
        #[arg(
            long,
            help = "For any other table (CSV): which columns are which, e.g. date=event_date,title=sub_event_type,summary=notes,actors=actor1+actor2,source=source,id=event_id_cnty"
        )]
        map: Option<String>,
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
        #[arg(
            long,
            help = r#"A new event as JSON, e.g. '{"title": "…", "date": "2025-02-18", "actors": ["Russia"]}'"#
        )]
        new_event: Option<String>,
    },
}

fn main() -> ExitCode {
    // sourceline's own warnings by default, and only errors from the libraries under it (winit
    // and wgpu warn about display details a user cannot act on); RUST_LOG=debug shows more.
    env_logger::Builder::from_env(
        env_logger::Env::default().default_filter_or("error,sourceline=warn"),
    )
    .format_timestamp_millis()
    .init();
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Check { file, strict }) => {
            let report = sourceline::load::check::check_with(&file, strict);
            // Already safe to print: each diagnostic and the summary escape what came from the file.
            let _ = std::io::stdout().write_all(report.output.as_bytes());
            ExitCode::from(u8::try_from(report.exit_code).unwrap_or(1))
        }
        Some(Command::Schema) => {
            let _ = std::io::stdout()
                .write_all(sourceline::model::schema::events_schema_json().as_bytes());
            ExitCode::SUCCESS
        }
        Some(Command::Export {
            file,
            to,
            query,
            out,
        }) => finish(&sourceline::export::command(
            &file,
            to,
            query.as_deref(),
            out.as_deref(),
        )),
        Some(Command::Import { file, out, map }) => finish(&sourceline::import::command_mapped(
            &file,
            out.as_deref(),
            map.as_deref(),
        )),
        Some(Command::AddArticle { events, file, args }) => finish(
            &sourceline::edit::commands::add_article(&events, &file, &args),
        ),
        Some(Command::Cite {
            events,
            source,
            quote,
            event,
            new_event,
        }) => {
            use sourceline::edit::commands::{CiteTarget, cite};
            let target = match (event, new_event) {
                (Some(id), _) => CiteTarget::Event(id),
                (None, Some(json)) => CiteTarget::NewEvent(json),
                // clap requires one of them.
                (None, None) => return ExitCode::from(2),
            };
            finish(&cite(&events, &source, &quote, &target))
        }
        None => run_viewer(cli.file.as_deref()),
    }
}

/// Prints what an editing command did (to standard output) or why it refused (to standard
/// error), and exits with its code.
fn finish(outcome: &sourceline::edit::commands::Outcome) -> ExitCode {
    let output = sourceline::load::diagnostic::escape_unsafe(&outcome.output, true);
    let _ = if outcome.exit_code == 0 {
        std::io::stdout().write_all(output.as_bytes())
    } else {
        std::io::stderr().write_all(output.as_bytes())
    };
    ExitCode::from(u8::try_from(outcome.exit_code).unwrap_or(1))
}

fn run_viewer(file: Option<&Path>) -> ExitCode {
    let launched = std::time::Instant::now();
    let file = file.map(Path::to_path_buf);
    // The file named is read and checked while the window and its graphics are made, on the
    // same absolute path the window will show.
    let preload = file.clone().map(|file| {
        let path = std::path::absolute(&file).unwrap_or(file);
        std::thread::spawn(move || sourceline::load::load(&path))
    });
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("sourceline")
            .with_app_id("sourceline")
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([640.0, 400.0])
            .with_drag_and_drop(true),
        ..Default::default()
    };
    let result = eframe::run_native(
        "sourceline",
        options,
        Box::new(move |cc| {
            let persisted: Persisted = cc
                .storage
                .and_then(|s| eframe::get_value(s, STORAGE_KEY))
                .unwrap_or_default();
            log::debug!("viewer: window made");
            let preloaded = preload.and_then(|load| load.join().ok());
            log::debug!("viewer: file loaded");
            let app =
                SourcelineApp::restore_preloaded(&persisted, file.as_deref(), preloaded, || {
                    // The bundled data is checked by the test suite; if it were broken, say so and
                    // show an empty timeline rather than crash.
                    sourceline::load::bundled::load_bundled().unwrap_or_else(|e| {
                        for d in &e.diagnostics {
                            log::error!("bundled timeline: {d}");
                        }
                        sourceline::load::Loaded {
                            timeline: sourceline::model::Timeline::default(),
                            diagnostics: Vec::new(),
                        }
                    })
                });
            log::debug!("viewer: window state made");
            let mut app = app;
            app.log_first_frame_since(launched);
            Ok(Box::new(app))
        }),
    );
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            log::error!("cannot open the window: {error}");
            ExitCode::from(1)
        }
    }
}
