//! The `sourceline` binary: the viewer, and `sourceline check FILE` for people who edit events files.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

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
    },
    /// Print the JSON Schema of the events file format.
    Schema,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Check { file }) => {
            let report = sourceline::check::check(&file);
            let _ = std::io::stdout().write_all(report.output.as_bytes());
            ExitCode::from(u8::try_from(report.exit_code).unwrap_or(1))
        }
        Some(Command::Schema) => {
            let _ =
                std::io::stdout().write_all(sourceline::schema::events_schema_json().as_bytes());
            ExitCode::SUCCESS
        }
        None => run_viewer(cli.file.as_deref()),
    }
}

fn run_viewer(file: Option<&Path>) -> ExitCode {
    let (loaded, name) = match &file {
        Some(path) => (sourceline::load::load(path), path.display().to_string()),
        None => (
            sourceline::bundled::load_bundled(),
            "bundled timeline".to_owned(),
        ),
    };
    let loaded = match loaded {
        Ok(loaded) => loaded,
        Err(error) => {
            for diagnostic in &error.diagnostics {
                eprintln!("{diagnostic}");
            }
            eprintln!("{error}");
            return ExitCode::from(1);
        }
    };
    for diagnostic in &loaded.diagnostics {
        eprintln!("{diagnostic}");
    }
    let warnings = loaded.diagnostics.len();
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("sourceline")
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([640.0, 400.0]),
        ..Default::default()
    };
    let result = eframe::run_native(
        "sourceline",
        options,
        Box::new(move |_cc| {
            Ok(Box::new(sourceline::app::SourcelineApp::new(
                loaded.timeline,
                name,
                warnings,
            )))
        }),
    );
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("sourceline: cannot open the window: {error}");
            ExitCode::from(1)
        }
    }
}
