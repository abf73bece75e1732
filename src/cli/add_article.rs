//! `sourceline add-article`: the window's Add article, from the command line, through the same
//! code and the same checked, minimal, atomic save. On bad input it reports located errors and
//! leaves the file untouched.

use std::path::Path;

use super::{Attempt, Outcome, edit_and_save, open_document, read_or_fetch, retrying};
use crate::edit::Edit;
use crate::edit::article::{NewArticle, add_article_file, url_problem};
use crate::import::extract::{Extracted, Kind};
use crate::import::fetch::Fetched;
use crate::model::date::PartialDate;
use crate::model::id_rule::id_problem;
use crate::model::{SourceKind, SourceRecord};

/// The fields of `sourceline add-article` (its options, as clap reads them).
#[derive(Clone, Debug, Default, PartialEq, Eq, clap::Args)]
pub struct AddArticleArgs {
    /// The source's id (default: a slug of the title).
    #[arg(long)]
    pub id: Option<String>,
    /// The article's headline (default, for a saved page: the page's own).
    #[arg(long)]
    pub title: Option<String>,
    /// Who published it (default, for a saved page: the site's name).
    #[arg(long)]
    pub publisher: Option<String>,
    /// Who wrote it.
    #[arg(long)]
    pub author: Option<String>,
    /// Publication date: YYYY, YYYY-MM or YYYY-MM-DD (default, for a saved page: the date it
    /// gives, marked approximate with a note).
    #[arg(long)]
    pub published: Option<String>,
    /// The publication date was inferred (say how with --published-note).
    #[arg(long)]
    pub published_approximate: bool,
    /// How the publication date was established.
    #[arg(long)]
    pub published_note: Option<String>,
    /// Where it is online (http or https).
    #[arg(long)]
    pub url: Option<String>,
    /// What kind of writing it is.
    #[arg(
        long,
        help = "news_report, analysis, opinion, newsletter, official_statement or other"
    )]
    pub kind: Option<String>,
}

/// `sourceline add-article EVENTS FILE …`: copies FILE into `articles/` beside EVENTS and adds
/// its source.
/// Made again from a fresh load when another program saved the events file meanwhile.
/// The file is read, or the address fetched, once: a retry after a conflict reuses what came.
pub fn add_article(events: &Path, file: &Path, args: &AddArticleArgs) -> Outcome {
    let (bytes, fetched) = match read_or_fetch(file, crate::load::MAX_ARTICLE_BYTES) {
        Ok(got) => got,
        Err(message) => return Outcome::refused(format!("{}: {message}\n", file.display())),
    };
    retrying(|| add_article_once(events, file, (bytes.clone(), fetched.as_ref()), args))
}

/// One try of [`add_article`], with the file's bytes (and what fetched them, for an address).
fn add_article_once(
    events: &Path,
    file: &Path,
    (bytes, fetched): (Vec<u8>, Option<&Fetched>),
    args: &AddArticleArgs,
) -> Attempt {
    let argument = |name: &str, message: String| {
        Attempt::Finished(Outcome::refused(format!("{name}: {message}\n")))
    };
    let mut document = match open_document(events) {
        Ok(document) => document,
        Err(outcome) => return Attempt::Finished(outcome),
    };
    let kind = fetched.map_or_else(
        || Kind::of_file(file),
        |f| Some(Kind::of_media_type(&f.media_type)),
    );
    // A saved page or a PDF: its article's text is what citations quote, the original is kept
    // as it came, and what it says of itself fills what was not given.
    let (text, page, original) = if let Some(kind) = kind {
        let page = match crate::import::extract::extract_original(&bytes, kind) {
            Ok(page) => page,
            Err(why) => {
                return argument(&file.display().to_string(), format!("{why}: not added"));
            }
        };
        let original = page.original(bytes, fetched);
        (page.text.clone(), Some(page), Some(original))
    } else {
        match crate::load::decode::utf8_text(&bytes) {
            Ok(text) => (text.to_owned(), None, None),
            Err(why) => {
                return argument(&file.display().to_string(), format!("{why}: not added"));
            }
        }
    };
    let from_page = |field: fn(&Extracted) -> Option<String>| page.as_ref().and_then(field);
    let Some(title) = args
        .title
        .clone()
        .or_else(|| from_page(|p| p.title.clone()))
    else {
        return argument("--title", "required (the file gives none)".to_owned());
    };
    let Some(publisher) = args
        .publisher
        .clone()
        .or_else(|| from_page(|p| p.publisher.clone()))
    else {
        return argument("--publisher", "required (the file gives none)".to_owned());
    };
    // A date the page gives is the extractor's finding: approximate, with where it came from.
    let (date, approximate, note) = match (&args.published, from_page(|p| p.published.clone())) {
        (Some(given), _) => (
            given.clone(),
            args.published_approximate,
            args.published_note.clone(),
        ),
        (None, Some(found)) => (found, true, from_page(|p| p.published_note.clone())),
        (None, None) => {
            return argument(
                "--published",
                "required (the file gives no date)".to_owned(),
            );
        }
    };
    if let Err(e) = PartialDate::parse(&date) {
        return argument("--published", e.to_string());
    }
    let url = args
        .url
        .clone()
        .or_else(|| fetched.map(|f| f.final_url.clone()))
        .or_else(|| from_page(|p| p.url.clone()));
    if let Some(problem) = url.as_deref().and_then(url_problem) {
        return argument("--url", problem);
    }
    let kind = match args.kind.as_deref() {
        None => None,
        Some(key) => {
            let Some(kind) = SourceKind::ALL.into_iter().find(|k| k.key() == key) else {
                let keys: Vec<&str> = SourceKind::ALL.iter().map(|k| k.key()).collect();
                return argument(
                    "--kind",
                    format!("expected one of {}, found \"{key}\"", keys.join(", ")),
                );
            };
            Some(kind)
        }
    };
    if let Some(problem) = args.id.as_deref().and_then(id_problem) {
        return argument("--id", problem.to_string());
    }
    if let Some(id) = &args.id
        && document
            .timeline()
            .sources
            .iter()
            .any(|s| &s.record.id == id)
    {
        return argument("--id", format!("the id \"{id}\" is already used"));
    }
    let record = SourceRecord {
        id: args.id.clone().unwrap_or_default(),
        title,
        publisher,
        author: args
            .author
            .clone()
            .or_else(|| from_page(|p| p.author.clone())),
        published: date,
        published_approximate: approximate,
        published_note: note,
        url: url
            .as_deref()
            .map(|u| crate::model::web_url::normalised_web_url(u).unwrap_or_else(|| u.to_owned())),
        file: None,
        kind,
        kind_note: None,
        reliability: None,
        sha256: None,
        original: None,
    };
    let folder = events.parent().unwrap_or(Path::new(".")).to_path_buf();
    let timeline = std::sync::Arc::clone(document.timeline());
    let taken = |id: &str| timeline.sources.iter().any(|s| s.record.id == id);
    let (record, written) = match add_article_file(
        &folder,
        taken,
        NewArticle {
            text,
            record,
            existing: false,
            original,
        },
    ) {
        Ok(done) => done,
        Err(message) => return Attempt::Finished(Outcome::refused(format!("{message}\n"))),
    };
    let id = record.id.clone();
    let file_field = record.file.clone().unwrap_or_default();
    let original_written = record.original.as_ref().map(|o| folder.join(&o.file));
    match edit_and_save(&mut document, Edit::AddSource(record)) {
        Ok(()) => Attempt::Finished(Outcome::done(format!(
            "added source \"{id}\" ({file_field}) to {}\n",
            events.display()
        ))),
        Err(failure) => {
            // The events file is as it was: take the copied article back out too.
            let _ = std::fs::remove_file(&written);
            if let Some(original) = original_written {
                let _ = std::fs::remove_file(original);
            }
            Attempt::failed("", &failure)
        }
    }
}
