//! `sourceline extract FILE [--json]`: the article in a saved web page, as text, or with what
//! the page says of itself as JSON. Nothing is written.

use std::path::Path;

use super::Outcome;
use crate::import::extract::{MAX_PAGE_BYTES, extract_html};

/// `sourceline extract FILE [--json]`.
pub fn extract(file: &Path, json: bool) -> Outcome {
    let refused = |message: String| Outcome::refused(format!("{}: {message}\n", file.display()));
    let text = file.to_string_lossy();
    if text.starts_with("http://") || text.starts_with("https://") {
        return refused(
            "fetching a URL is not built yet: save the page from the browser and pass the file"
                .to_owned(),
        );
    }
    let is_html = file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"));
    if !is_html {
        return refused("expected a saved web page (.html or .htm)".to_owned());
    }
    let bytes = match crate::load::read::read_file_capped(file, MAX_PAGE_BYTES as u64) {
        Ok(bytes) => bytes,
        Err(e) => return refused(format!("cannot read it: {e}")),
    };
    match extract_html(&bytes) {
        Ok(page) if json => match serde_json::to_string_pretty(&page) {
            Ok(text) => Outcome::data(text + "\n"),
            Err(e) => refused(e.to_string()),
        },
        Ok(page) => Outcome::data(page.text + "\n"),
        Err(e) => refused(e.to_string()),
    }
}
