//! `sourceline dates ARTICLE --published DATE [--json]`: every date mention of an article's
//! text, each resolved against the publication date, with where it is (byte offsets) and how
//! it was resolved. Nothing is written.

use std::fmt::Write as _;
use std::path::Path;

use super::Outcome;
use crate::timeline::dates::mentions;

/// `sourceline dates`.
pub fn dates(article: &Path, published: &str, json: bool) -> Outcome {
    let refused = |message: String| Outcome::refused(format!("{}: {message}\n", article.display()));
    let Ok(published) = chrono::NaiveDate::parse_from_str(published, "%Y-%m-%d") else {
        return Outcome::refused(format!(
            "--published: expected a day, YYYY-MM-DD (weekdays and \"yesterday\" are counted from it), found \"{published}\"\n"
        ));
    };
    let bytes = match crate::load::read::read_file_capped(article, crate::load::MAX_ARTICLE_BYTES) {
        Ok(bytes) => bytes,
        Err(e) => return refused(format!("cannot read it: {e}")),
    };
    let text = match crate::load::decode::utf8_text(&bytes) {
        Ok(text) => text,
        Err(e) => return refused(e.to_string()),
    };
    let found = mentions(text, published);
    if json {
        return match serde_json::to_string_pretty(&found) {
            Ok(out) => Outcome::data(out + "\n"),
            Err(e) => refused(e.to_string()),
        };
    }
    let mut out = String::new();
    for m in &found {
        let about = if m.approximate { "about " } else { "" };
        let _ = writeln!(
            out,
            "{}..{} “{}” → {about}{} ({:?}): {}",
            m.start, m.end, m.text, m.date, m.precision, m.how
        );
    }
    let _ = writeln!(out, "{} date mention(s)", found.len());
    Outcome::done(out)
}
