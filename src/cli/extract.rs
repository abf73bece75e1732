//! `sourceline extract FILE|URL [--json]`: the article in a saved or fetched web page, as text,
//! or with what the page says of itself as JSON. Nothing is written.

use std::path::Path;

use super::Outcome;
use crate::import::extract::{MAX_PAGE_BYTES, extract_html};
use crate::import::fetch::{Limits, fetch};

/// `sourceline extract FILE [--json]`.
pub fn extract(file: &Path, json: bool) -> Outcome {
    let refused = |message: String| Outcome::refused(format!("{}: {message}\n", file.display()));
    let text = file.to_string_lossy();
    if text.starts_with("http://") || text.starts_with("https://") {
        let fetched = match fetch(&text, Limits::default()) {
            Ok(fetched) => fetched,
            Err(e) => return refused(format!("not fetched: {e}")),
        };
        if fetched.media_type == "application/pdf" {
            return refused("a PDF: reading PDFs is not built yet".to_owned());
        }
        return match extract_html(&fetched.bytes) {
            Ok(page) if json => {
                let mut value = serde_json::to_value(&page).unwrap_or_default();
                value["requested_url"] = serde_json::json!(fetched.requested);
                value["final_url"] = serde_json::json!(fetched.final_url);
                match serde_json::to_string_pretty(&value) {
                    Ok(text) => Outcome::data(text + "\n"),
                    Err(e) => refused(e.to_string()),
                }
            }
            Ok(page) => Outcome::data(page.text + "\n"),
            Err(e) => refused(e.to_string()),
        };
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
