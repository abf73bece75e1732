//! The problems a load finds, with their JSON paths, located in the text once at the end.

use std::path::PathBuf;

use super::diagnostic::{Diagnostic, JsonPath, Location, Problem, Severity};
use super::{LoadError, Progress, locate};

/// Collects diagnostics with their JSON paths; locations are resolved once at the end.
pub(super) struct Context<'a> {
    pub(super) progress: &'a Progress,
    pub(super) file: PathBuf,
    pub(super) text: &'a str,
    pub(super) found: Vec<(Severity, JsonPath, Problem)>,
    /// Where some of `found` are, by index, when the path alone would not say (the second of
    /// two duplicate keys has the same path as the first).
    pub(super) offsets: Vec<(usize, usize)>,
}

impl Context<'_> {
    pub(super) fn error(&mut self, path: JsonPath, problem: Problem) {
        self.found.push((Severity::Error, path, problem));
    }

    pub(super) fn warning(&mut self, path: JsonPath, problem: Problem) {
        self.found.push((Severity::Warning, path, problem));
    }

    /// An error at a known byte offset of the text.
    pub(super) fn error_at_offset(&mut self, path: JsonPath, problem: Problem, offset: usize) {
        self.offsets.push((self.found.len(), offset));
        self.error(path, problem);
    }

    pub(super) fn fail_at(&self, location: Location, problem: Problem) -> LoadError {
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

    /// Every problem found, located in the text and sorted: errors first, then by position.
    pub(super) fn finish(self) -> Vec<Diagnostic> {
        let paths: Vec<&JsonPath> = self.found.iter().map(|(_, path, _)| path).collect();
        let mut locations = if paths.is_empty() {
            Vec::new()
        } else {
            locate::locate_paths(self.text, &paths)
        };
        let offsets: Vec<usize> = self.offsets.iter().map(|&(_, offset)| offset).collect();
        for (&(index, _), location) in self
            .offsets
            .iter()
            .zip(locate::locations_of_offsets(self.text, &offsets))
        {
            if let Some(slot) = locations.get_mut(index) {
                *slot = location;
            }
        }
        let mut diagnostics: Vec<Diagnostic> = self
            .found
            .into_iter()
            .zip(locations)
            .map(|((severity, path, problem), location)| Diagnostic {
                severity,
                file: self.file.clone(),
                location,
                path,
                problem,
            })
            .collect();
        diagnostics.sort_by_key(|d| (d.severity, d.location));
        diagnostics
    }
}
