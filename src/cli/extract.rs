//! `sourceline extract FILE|URL [--json]`: the article in a saved or fetched web page, as text,
//! or with what the page says of itself as JSON. Nothing is written.

use std::path::Path;

use super::{Outcome, read_or_fetch};
use crate::import::extract::{Extracted, Kind, MAX_PAGE_BYTES, extract_original};

/// What `--json` prints: the page's findings and, for an address, where it was fetched from.
#[derive(serde::Serialize)]
struct Printed<'a> {
    #[serde(flatten)]
    page: &'a Extracted,
    #[serde(skip_serializing_if = "Option::is_none")]
    requested_url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    final_url: Option<&'a str>,
}

/// `sourceline extract FILE|URL [--json]`.
pub fn extract(file: &Path, json: bool) -> Outcome {
    let refused = |message: String| Outcome::refused(format!("{}: {message}\n", file.display()));
    let text = file.to_string_lossy();
    let address = text.starts_with("http://") || text.starts_with("https://");
    let named = Kind::of_file(file);
    if !address && named.is_none() {
        return refused("expected a saved web page (.html or .htm) or a PDF (.pdf)".to_owned());
    }
    let (bytes, fetched) = match read_or_fetch(file, MAX_PAGE_BYTES as u64) {
        Ok(got) => got,
        Err(message) => return refused(message),
    };
    let kind = fetched
        .as_ref()
        .map(|f| Kind::of_media_type(&f.media_type))
        .or(named)
        .unwrap_or(Kind::Page);
    let page = match extract_original(&bytes, kind) {
        Ok(page) => page,
        Err(e) => return refused(e.to_string()),
    };
    if !json {
        return Outcome::data(page.text + "\n");
    }
    let printed = Printed {
        page: &page,
        requested_url: fetched.as_ref().map(|f| f.requested.as_str()),
        final_url: fetched.as_ref().map(|f| f.final_url.as_str()),
    };
    match serde_json::to_string_pretty(&printed) {
        Ok(text) => Outcome::data(text + "\n"),
        Err(e) => refused(e.to_string()),
    }
}
