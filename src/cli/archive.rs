//! `sourceline archive EVENTS`: every source with a URL and no text yet (an import's links) is
//! fetched, a few at a time with a delay per host, and archived one by one as it arrives (the
//! original and the article's text in `articles/`, the source filled in and saved), so that a
//! run stopped halfway keeps what it archived and the next run fetches only the rest. A line
//! per source as it finishes, then what failed and why.

use std::fmt::Write as _;
use std::path::Path;

use super::{Attempt, Outcome, edit_and_save, open_document, retrying};
use crate::edit::Edit;
use crate::edit::article::{Original, add_article_file};
use crate::import::archive::{CaptureRun, RunOptions, archived_article, linked_sources};
use crate::import::extract::Extracted;
use crate::model::text_safety::escape_unsafe;

/// `sourceline archive EVENTS`, each source's line printed to standard output as it finishes.
pub fn archive(events: &Path, options: RunOptions) -> Outcome {
    archive_with(events, options, &mut |line| {
        use std::io::Write as _;
        let _ = std::io::stdout().write_all(escape_unsafe(line, true).as_bytes());
    })
}

/// [`archive`], each source's line handed to `progress` as it finishes.
pub fn archive_with(events: &Path, options: RunOptions, progress: &mut dyn FnMut(&str)) -> Outcome {
    let document = match open_document(events) {
        Ok(document) => document,
        Err(outcome) => return outcome,
    };
    let tasks = linked_sources(document.timeline());
    drop(document);
    if tasks.is_empty() {
        return Outcome::done(
            "nothing to archive: every source with a URL has its text already\n".to_owned(),
        );
    }
    let total = tasks.len();
    let mut run = CaptureRun::start(tasks, options);
    let mut failed: Vec<(String, String)> = Vec::new();
    let mut archived = 0;
    while let Some(outcome) = run.wait_next() {
        let id = outcome.task.source_id.clone().unwrap_or_default();
        let place = format!("[{}/{total}] {id}", run.done);
        let result = match outcome.result {
            Ok(found) => {
                let (page, original) = *found;
                archive_one(events, &id, &page, &original)
            }
            Err(why) => Err(format!("{}: {why}", outcome.task.url)),
        };
        match result {
            Ok(done) => {
                archived += 1;
                progress(&format!("{place}: {done}\n"));
            }
            Err(why) => {
                progress(&format!("{place}: failed: {why}\n"));
                failed.push((id, why));
            }
        }
    }
    let mut report = format!(
        "archived {archived} of {total} linked source(s) in {}",
        events.display()
    );
    if failed.is_empty() {
        report.push('\n');
        return Outcome::done(report);
    }
    let _ = writeln!(
        report,
        "; {} failed (run it again to retry them):",
        failed.len()
    );
    for (id, why) in &failed {
        let _ = writeln!(report, "  {id}: {why}");
    }
    Outcome {
        exit_code: 1,
        ..Outcome::done(report)
    }
}

/// Archives what the capture of source `id` found: the files written, the source filled in and
/// saved, from a fresh load after a conflict. A source archived meanwhile (by another run) is
/// left as it is.
fn archive_one(
    events: &Path,
    id: &str,
    page: &Extracted,
    original: &Original,
) -> Result<String, String> {
    let folder = events.parent().unwrap_or(Path::new(".")).to_path_buf();
    let outcome = retrying(|| {
        let mut document = match open_document(events) {
            Ok(document) => document,
            Err(outcome) => return Attempt::Finished(outcome),
        };
        let timeline = std::sync::Arc::clone(document.timeline());
        let Some(source) = timeline.sources.iter().find(|s| s.record.id == id) else {
            return Attempt::Finished(Outcome::refused(
                "the source is no longer in the file".to_owned(),
            ));
        };
        if let Some(file) = &source.record.file {
            return Attempt::Finished(Outcome::done(format!("already archived ({file})")));
        }
        let article = archived_article(&source.record, page, original.clone());
        let taken =
            |other: &str| other != id && timeline.sources.iter().any(|s| s.record.id == other);
        let (record, written) = match add_article_file(&folder, taken, article) {
            Ok(done) => done,
            Err(message) => return Attempt::Finished(Outcome::refused(message)),
        };
        let original_written = record.original.as_ref().map(|o| folder.join(&o.file));
        let line = format!(
            "archived \"{}\" ({}, {} characters)",
            record.title,
            record.file.clone().unwrap_or_default(),
            page.text.chars().count()
        );
        match edit_and_save(&mut document, Edit::UpdateSource(record)) {
            Ok(()) => Attempt::Finished(Outcome::done(line)),
            Err(failure) => {
                // The events file is as it was: take the files back out too.
                let _ = std::fs::remove_file(&written);
                if let Some(original) = original_written {
                    let _ = std::fs::remove_file(original);
                }
                Attempt::failed("", &failure)
            }
        }
    });
    if outcome.exit_code == 0 {
        Ok(outcome.output)
    } else {
        Err(outcome.output.trim_end().to_owned())
    }
}
