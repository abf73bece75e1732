//! `sourceline add-article`: the window's Add article, from the command line, through the same
//! code and the same checked, minimal, atomic save. On bad input it reports located errors and
//! leaves the file untouched.

use std::path::Path;

use super::{Attempt, Outcome, edit_and_save, open_document, retrying};
use crate::edit::Edit;
use crate::edit::article::{NewArticle, add_article_file, url_problem};
use crate::model::date::PartialDate;
use crate::model::id_rule::id_problem;
use crate::model::{SourceKind, SourceRecord};

/// The fields of `sourceline add-article` (its options, as clap reads them).
#[derive(Clone, Debug, Default, PartialEq, Eq, clap::Args)]
pub struct AddArticleArgs {
    /// The source's id (default: a slug of the title).
    #[arg(long)]
    pub id: Option<String>,
    /// The article's headline.
    #[arg(long)]
    pub title: String,
    /// Who published it.
    #[arg(long)]
    pub publisher: String,
    /// Who wrote it.
    #[arg(long)]
    pub author: Option<String>,
    /// Publication date: YYYY, YYYY-MM or YYYY-MM-DD.
    #[arg(long)]
    pub published: String,
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
pub fn add_article(events: &Path, file: &Path, args: &AddArticleArgs) -> Outcome {
    retrying(|| add_article_once(events, file, args))
}

/// One try of [`add_article`].
fn add_article_once(events: &Path, file: &Path, args: &AddArticleArgs) -> Attempt {
    let argument = |name: &str, message: String| {
        Attempt::Finished(Outcome::refused(format!("{name}: {message}\n")))
    };
    let mut document = match open_document(events) {
        Ok(document) => document,
        Err(outcome) => return Attempt::Finished(outcome),
    };
    let bytes = match crate::load::read::read_file_capped(file, crate::load::MAX_ARTICLE_BYTES) {
        Ok(bytes) => bytes,
        Err(e) => return argument(&file.display().to_string(), format!("cannot read it: {e}")),
    };
    let text = match crate::load::decode::utf8_text(&bytes) {
        Ok(text) => text.to_owned(),
        Err(why) => return argument(&file.display().to_string(), format!("{why}: not added")),
    };
    if let Err(e) = PartialDate::parse(&args.published) {
        return argument("--published", e.to_string());
    }
    if let Some(problem) = args.url.as_deref().and_then(url_problem) {
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
        title: args.title.clone(),
        publisher: args.publisher.clone(),
        author: args.author.clone(),
        published: args.published.clone(),
        published_approximate: args.published_approximate,
        published_note: args.published_note.clone(),
        url: args
            .url
            .as_deref()
            .map(|u| crate::model::web_url::normalised_web_url(u).unwrap_or_else(|| u.to_owned())),
        file: None,
        kind,
        kind_note: None,
        reliability: None,
        sha256: None,
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
        },
    ) {
        Ok(done) => done,
        Err(message) => return Attempt::Finished(Outcome::refused(format!("{message}\n"))),
    };
    let id = record.id.clone();
    let file_field = record.file.clone().unwrap_or_default();
    match edit_and_save(&mut document, Edit::AddSource(record)) {
        Ok(()) => Attempt::Finished(Outcome::done(format!(
            "added source \"{id}\" ({file_field}) to {}\n",
            events.display()
        ))),
        Err(failure) => {
            // The events file is as it was: take the copied article back out too.
            let _ = std::fs::remove_file(&written);
            Attempt::failed("", &failure)
        }
    }
}
