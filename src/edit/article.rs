//! Adding an article: its text is copied byte for byte into `articles/` beside the events file,
//! under a name made from the source id that never replaces an existing file, and its source
//! record gets the copy's path and SHA-256.

use std::path::{Path, PathBuf};

use super::ids::{slug, unique};
use super::save::write_new;
use crate::model::{OriginalRecord, SourceRecord, sha256_hex};

/// An article to add: its text, and the source record to write for it.
#[derive(Clone, Debug, PartialEq)]
pub struct NewArticle {
    /// The article's text, as read (UTF-8).
    pub text: String,
    /// The source record; an empty `id` is made from the title, and `file` and `sha256` are
    /// filled in when the text is copied.
    pub record: SourceRecord,
    /// True when the record is an existing source's (one not archived yet): its id stays and
    /// the source is updated rather than added.
    pub existing: bool,
    /// The original the text was extracted from, to archive byte for byte beside it.
    pub original: Option<Original>,
}

/// An original as it came (a saved page), and what made the text from it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Original {
    /// Its bytes, archived as they are.
    pub bytes: Vec<u8>,
    /// The archived file's extension (`html`).
    pub extension: &'static str,
    /// Its media type (`text/html`).
    pub media_type: &'static str,
    /// What made the text, with its version.
    pub extractor: String,
    /// Where it was captured from, when known.
    pub url: Option<String>,
    /// Where a fetched address led after redirects, when it led elsewhere.
    pub final_url: Option<String>,
}

/// Writes the article into `folder/articles/NAME.txt`, NAME a slug of the id (or `NAME-2.txt` …
/// when taken), and returns its source record, with `id` unique by `taken`, `file` and `sha256`
/// filled in, and the path written. The name is letters, digits and `-` whatever the id, so the
/// file is always directly in `articles/`. An original goes first, byte for byte, as
/// `NAME.EXTENSION` beside it, recorded with its hash, media type, extractor and capture time;
/// it is removed again when the text cannot be written.
///
/// # Errors
/// A message when the id breaks the id rule or the file cannot be written.
pub fn add_article_file(
    folder: &Path,
    taken: impl Fn(&str) -> bool,
    article: NewArticle,
) -> Result<(SourceRecord, PathBuf), String> {
    let mut record = article.record;
    if record.id.trim().is_empty() {
        record.id = slug(&record.title, "source");
    }
    if let Some(problem) = crate::model::id_rule::id_problem(&record.id) {
        return Err(format!("Not added: {problem}."));
    }
    record.id = unique(&record.id, taken);
    let articles = folder.join("articles");
    std::fs::create_dir_all(&articles)
        .map_err(|e| format!("Cannot create {}: {e}.", articles.display()))?;
    let extension = article.original.as_ref().map(|o| o.extension);
    let name = unique(&slug(&record.id, "article"), |candidate| {
        articles.join(format!("{candidate}.txt")).exists()
            || extension.is_some_and(|e| articles.join(format!("{candidate}.{e}")).exists())
    });
    let target = articles.join(format!("{name}.txt"));
    let mut original_written = None;
    if let Some(original) = &article.original {
        let path = articles.join(format!("{name}.{}", original.extension));
        write_new(&path, &original.bytes)
            .map_err(|e| format!("Cannot write {}: {e}.", path.display()))?;
        record.original = Some(Box::new(OriginalRecord {
            file: format!("articles/{name}.{}", original.extension),
            media_type: original.media_type.to_owned(),
            sha256: sha256_hex(&original.bytes),
            extractor: original.extractor.clone(),
            captured: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            url: original.url.clone(),
            final_url: original.final_url.clone(),
        }));
        original_written = Some(path);
    }
    if let Err(e) = write_new(&target, article.text.as_bytes()) {
        if let Some(path) = original_written {
            let _ = std::fs::remove_file(path);
        }
        return Err(format!("Cannot write {}: {e}.", target.display()));
    }
    record.file = Some(format!("articles/{name}.txt"));
    record.sha256 = Some(sha256_hex(article.text.as_bytes()));
    Ok((record, target))
}

/// Why `url` cannot be a source's URL (empty is fine: not known).
pub fn url_problem(url: &str) -> Option<String> {
    if url.is_empty() {
        return None;
    }
    crate::model::web_url::parse_web_url(url).err()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_http_or_https_with_a_host() {
        assert_eq!(url_problem(""), None);
        assert_eq!(url_problem("https://example.org/a"), None);
        assert_eq!(url_problem("HTTPS://Example.org"), None);
        assert!(url_problem("file:///etc/passwd").is_some());
        assert!(url_problem("javascript:alert(1)").is_some());
        assert!(url_problem("https://").is_some());
        assert!(url_problem("https://exa mple.org").is_some());
    }

    #[test]
    fn the_text_is_copied_byte_for_byte_and_never_over_a_file() {
        let dir = std::env::temp_dir().join(format!("sourceline-article-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("articles")).unwrap();
        std::fs::write(dir.join("articles/wire-report.txt"), "someone else's").unwrap();
        let text = "Line one\r\n\u{a0}Line two — “quoted”\n";
        let record = SourceRecord {
            id: String::new(),
            title: "Wire report".to_owned(),
            publisher: "Wire".to_owned(),
            author: None,
            published: "2025".to_owned(),
            published_approximate: false,
            published_note: None,
            url: None,
            file: None,
            kind: None,
            kind_note: None,
            reliability: None,
            sha256: None,
            original: None,
        };
        let (record, written) = add_article_file(
            &dir,
            |id| id == "taken",
            NewArticle {
                text: text.to_owned(),
                record,
                existing: false,
                original: None,
            },
        )
        .unwrap();
        assert_eq!(record.id, "wire-report");
        assert_eq!(record.file.as_deref(), Some("articles/wire-report-2.txt"));
        assert_eq!(written, dir.join("articles/wire-report-2.txt"));
        assert_eq!(std::fs::read(&written).unwrap(), text.as_bytes());
        assert_eq!(
            std::fs::read_to_string(dir.join("articles/wire-report.txt")).unwrap(),
            "someone else's"
        );
        assert_eq!(
            record.sha256.as_deref(),
            Some(sha256_hex(text.as_bytes()).as_str())
        );
    }
}
