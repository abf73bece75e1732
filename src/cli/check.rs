//! `sourceline check FILE`: every diagnostic, then a one-line summary.

use std::fmt::Write as _;
use std::path::Path;

use super::{Outcome, Stream};
use crate::load::diagnostic::{Diagnostic, Severity};
use crate::load::load;
use crate::model::Timeline;
use crate::model::anchor::AnchorQuality;
use crate::model::text_safety::escape_unsafe;

/// Checks the events file at `path`: its diagnostics, one a line, then the summary line, all to
/// standard output; exit code 0 without errors, 1 with errors or an unreadable file.
pub fn check(path: &Path) -> Outcome {
    check_with(path, false)
}

/// Checks the events file at `path`; `strict` treats warnings as errors (exit code 1).
pub fn check_with(path: &Path, strict: bool) -> Outcome {
    let (timeline, diagnostics) = match load(path) {
        Ok(loaded) => (Some(loaded.timeline), loaded.diagnostics),
        Err(error) => (None, error.diagnostics),
    };
    let mut output = String::new();
    for diagnostic in &diagnostics {
        let _ = writeln!(output, "{diagnostic}");
    }
    let errors = count(&diagnostics, Severity::Error);
    let warnings = count(&diagnostics, Severity::Warning);
    let _ = writeln!(
        output,
        "{}: {}; {errors} error(s), {warnings} warning(s)",
        escape_unsafe(&path.display().to_string(), false),
        timeline
            .as_ref()
            .map_or_else(|| "not loaded".to_owned(), summary)
    );
    Outcome {
        output,
        exit_code: i32::from(errors > 0 || (strict && warnings > 0)),
        stream: Stream::Stdout,
    }
}

fn count(diagnostics: &[Diagnostic], severity: Severity) -> usize {
    diagnostics
        .iter()
        .filter(|d| d.severity == severity)
        .count()
}

/// "37 events, 5 sources, 80 citations (80 exact, 0 normalised, 0 approximate, 0 not found)",
/// and ", 12 pending" when some citations wait for their passage.
pub fn summary(timeline: &Timeline) -> String {
    let mut by_quality = [0_usize; 5];
    for citation in &timeline.citations {
        let slot = match citation.anchor.quality() {
            _ if citation.is_pending() => 4,
            AnchorQuality::Exact => 0,
            AnchorQuality::Normalised => 1,
            AnchorQuality::Approximate { .. } => 2,
            AnchorQuality::NotFound => 3,
        };
        by_quality[slot] += 1;
    }
    let [exact, normalised, approximate, not_found, pending] = by_quality;
    let pending = if pending > 0 {
        format!(", {pending} pending")
    } else {
        String::new()
    };
    format!(
        "{} events, {} sources, {} citations ({exact} exact, {normalised} normalised, {approximate} approximate, {not_found} not found{pending})",
        timeline.events.len(),
        timeline.sources.len(),
        by_quality.iter().sum::<usize>(),
    )
}
