//! The `sourceline` binary: the viewer, and `sourceline check FILE` for people who edit events files.

use std::io::Write as _;
use std::path::PathBuf;
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
        None => {
            eprintln!("the viewer is not built yet; use `sourceline check FILE`");
            let _ = cli.file;
            ExitCode::from(2)
        }
    }
}
