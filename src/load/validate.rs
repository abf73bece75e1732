//! Checks across the whole file, once it is parsed: ids, sources and their articles, citations'
//! sources, eras; then the events sorted while the citations are anchored, and each anchor's
//! quality reported.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use rustc_hash::FxHashMap;

use super::build::{Builder, Built, UNRESOLVED};
use super::context::Context;
use super::diagnostic::{JsonPath, Problem};
use super::parse::Head;
use super::shares::anchor_all;
use super::sort::sort_events;
use super::{Articles, ids, memory_note, read};
use crate::model::anchor::AnchorQuality;
use crate::model::date::PartialDate;
use crate::model::{Era, EraRecord, FORMAT, Source, SourceRecord, TextRef};

pub(super) fn validate(
    head: Head,
    builder: Builder<'_>,
    articles: Articles<'_>,
    ctx: &mut Context<'_>,
) -> Option<Built> {
    if let Some(format) = head.unchecked_format.filter(|f| f != FORMAT) {
        ctx.error(
            JsonPath::root().key("format"),
            Problem::UnknownFormat(format),
        );
        return None;
    }
    let Builder {
        file,
        side,
        mut events,
        mut event_index,
        mut date_ok,
        mut citations,
        citation_sources,
        names,
        labels,
        ..
    } = builder;
    let started = std::time::Instant::now();
    let get = |r: TextRef| TextRef::resolve(file, &side, r);

    // Ids must be unique. Everything stays in place: a million events are not copied again.
    // The check comes before the articles are read, so that its tables and the articles are
    // never held together (the load's peak of memory).
    ids::check_event_ids(&events, &event_index, &get, ctx);
    for (position, event) in events.iter().enumerate() {
        let id = get(event.id);
        if let Some(problem) = id_problem(id).filter(|p| *p != IdProblem::Empty) {
            let index = event_index
                .get(position)
                .copied()
                .unwrap_or(position as u32);
            ctx.warning(event_path(index).key("id"), Problem::NotAName(problem));
        }
    }
    log::debug!(
        "load: ids checked in {:?}{}",
        started.elapsed(),
        memory_note()
    );

    // Citations of a source that is itself in error get no second, follow-on error.
    let mut declared_ids = head.broken_source_ids;
    declared_ids.extend(head.sources.iter().map(|(_, s)| s.id.clone()));
    let sources = validate_sources(head.sources, articles, ctx);
    log::debug!(
        "load: sources read in {:?}{}",
        started.elapsed(),
        memory_note()
    );
    let source_index: FxHashMap<&str, usize> = sources
        .iter()
        .enumerate()
        .map(|(i, s)| (s.record.id.as_str(), i))
        .collect();
    // Sources must exist.
    for (event, &index) in events.iter().zip(&event_index) {
        let range = event.citations.start as usize..event.citations.end as usize;
        for (j, (c, &named)) in citations
            .get_mut(range.clone())
            .unwrap_or_default()
            .iter_mut()
            .zip(citation_sources.get(range).unwrap_or_default())
            .enumerate()
        {
            if c.quote.is_some_and(|q| get(q).trim().is_empty()) {
                continue; // reported by the builder
            }
            let source_id = get(named);
            if let Some(&source) = source_index.get(source_id) {
                c.source = u32::try_from(source).unwrap_or(UNRESOLVED);
            } else if !declared_ids.iter().any(|d| d == source_id) {
                // A declared source that failed validation already has its own error.
                ctx.error(
                    event_path(index).key("citations").index(j).key("source"),
                    Problem::UnknownSource(source_id.to_owned()),
                );
            }
        }
    }
    drop(citation_sources);
    log::debug!(
        "load: sources checked in {:?}{}",
        started.elapsed(),
        memory_note()
    );

    // The events are sorted while the citations are anchored: the two share no data, and the
    // sort (random moves through the events) waits on memory more than it computes. The
    // events' file positions and date checks move with them, for the paths reported below.
    let failed: HashMap<usize, String> = std::thread::scope(|scope| {
        let sorting =
            scope.spawn(|| sort_events(&mut events, &mut event_index, &mut date_ok, &get));
        let failed = anchor_all(&mut citations, &sources, &get, ctx.progress);
        if sorting.join().is_err() {
            // Each move takes an event with its position and date check, so the three lists
            // still agree; only their order is unfinished.
            log::error!("sorting the events failed; they are shown partly unsorted");
        }
        failed
    })
    .into_iter()
    .collect();
    log::debug!(
        "load: anchored and sorted in {:?}{}",
        started.elapsed(),
        memory_note()
    );
    for (event, &index) in events.iter().zip(&event_index) {
        let range = event.citations.start as usize..event.citations.end as usize;
        for (j, citation) in citations.get(range).unwrap_or_default().iter().enumerate() {
            let Some(source) = sources.get(citation.source as usize) else {
                continue;
            };
            let path = || event_path(index).key("citations").index(j).key("quote");
            if citation.quote.is_none() {
                ctx.warning(
                    event_path(index).key("citations").index(j),
                    Problem::PassageNotChosen {
                        source_id: source.record.id.clone(),
                        archived: source.record.file.is_some(),
                    },
                );
                continue;
            }
            let Some(name) = source.record.file.as_ref() else {
                let url = source.record.url.clone().unwrap_or_default();
                ctx.warning(path(), Problem::NotArchived(url));
                continue;
            };
            if let Some(message) = failed.get(&(citation.source as usize)) {
                ctx.error(
                    path(),
                    Problem::AnchoringFailed {
                        article: name.clone(),
                        message: message.clone(),
                    },
                );
                continue;
            }
            let anchor = citation.anchor();
            match anchor.quality {
                AnchorQuality::Exact => {}
                AnchorQuality::Normalised => ctx.warning(path(), Problem::AnchoredNormalised),
                AnchorQuality::Approximate { score } => {
                    ctx.warning(path(), Problem::AnchoredApproximately { score });
                }
                AnchorQuality::NotFound => {
                    ctx.warning(path(), Problem::QuoteNotFound(name.clone()));
                }
            }
            if anchor.ambiguous {
                ctx.warning(path(), Problem::Ambiguous(name.clone()));
            }
        }
    }
    drop(event_index);
    let mut keep = date_ok.into_iter();
    events.retain(|_| keep.next().unwrap_or(false));

    log::debug!(
        "load: anchors reported in {:?}{}",
        started.elapsed(),
        memory_note()
    );
    let eras = validate_eras(head.eras, ctx);
    Some(Built {
        title: head.title,
        eras,
        sources,
        events,
        citations,
        names,
        labels,
        side,
    })
}

pub(super) fn event_path(index: u32) -> JsonPath {
    JsonPath::root().key("events").index(index as usize)
}

pub(super) fn check_id(
    id: &str,
    path: &JsonPath,
    first_use: &mut HashMap<String, JsonPath>,
    lookalikes: &mut Lookalikes,
    ctx: &mut Context<'_>,
    duplicate: impl FnOnce(String, JsonPath) -> Problem,
) {
    if id.trim().is_empty() {
        ctx.error(path.key("id"), Problem::EmptyId);
    } else if let Some(first) = first_use.get(id) {
        ctx.error(path.key("id"), duplicate(id.to_owned(), first.clone()));
    } else {
        if let Some(problem) = lookalikes.check(
            id,
            || path.clone(),
            |visible| first_use.get(visible).cloned(),
        ) {
            ctx.warning(path.key("id"), problem);
        }
        first_use.insert(id.to_owned(), path.clone());
    }
}

use crate::model::id_rule::{IdProblem, id_problem};
pub(super) use crate::model::text_safety::is_invisible;

/// Ids seen so far that hold invisible characters, by what they look like, to warn of ids that
/// differ only by what cannot be seen.
#[derive(Default)]
pub(super) struct Lookalikes {
    pub(super) by_visible: HashMap<String, (String, JsonPath)>,
}

impl Lookalikes {
    /// A warning when `id` looks like an id seen before: `seen_plain` finds an earlier id
    /// without invisible characters.
    pub(super) fn check(
        &mut self,
        id: &str,
        path: impl FnOnce() -> JsonPath,
        seen_plain: impl Fn(&str) -> Option<JsonPath>,
    ) -> Option<Problem> {
        let problem = |other: String, first: JsonPath| Problem::LookalikeId {
            id: id.to_owned(),
            other,
            first,
        };
        if !id.chars().any(is_invisible) {
            if self.by_visible.is_empty() {
                return None;
            }
            return self
                .by_visible
                .get(id)
                .map(|(other, first)| problem(other.clone(), first.clone()));
        }
        let visible: String = id.chars().filter(|&c| !is_invisible(c)).collect();
        let clash = seen_plain(&visible)
            .map(|first| (visible.clone(), first))
            .or_else(|| {
                self.by_visible
                    .get(&visible)
                    .filter(|(other, _)| other != id)
                    .cloned()
            });
        self.by_visible
            .entry(visible)
            .or_insert_with(|| (id.to_owned(), path()));
        clash.map(|(other, first)| problem(other, first))
    }
}

pub(super) fn parse_date(text: &str, path: JsonPath, ctx: &mut Context<'_>) -> Option<PartialDate> {
    PartialDate::parse(text)
        .map_err(|e| ctx.error(path, Problem::BadDate(e)))
        .ok()
}

/// Eras with dates that parse and do not end before they start; each problem located.
pub(super) fn validate_eras(records: Vec<(usize, EraRecord)>, ctx: &mut Context<'_>) -> Vec<Era> {
    let mut eras = Vec::with_capacity(records.len());
    for (index, record) in records {
        let path = JsonPath::root().key("eras").index(index);
        let start = parse_date(&record.start, path.key("start"), ctx);
        let end = parse_date(&record.end, path.key("end"), ctx);
        let (Some(start), Some(end)) = (start, end) else {
            continue;
        };
        if end.last_day() < start.first_day() {
            ctx.error(
                path.key("end"),
                Problem::EndBeforeStart {
                    date: record.start.clone(),
                    end: record.end.clone(),
                },
            );
            continue;
        }
        eras.push(Era {
            start,
            end,
            title: record.title,
        });
    }
    eras
}

pub(super) fn validate_sources(
    records: Vec<(usize, SourceRecord)>,
    articles: Articles<'_>,
    ctx: &mut Context<'_>,
) -> Vec<Source> {
    let mut sources = Vec::with_capacity(records.len());
    let mut first_use: HashMap<String, JsonPath> = HashMap::new();
    let mut lookalikes = Lookalikes::default();
    let mut reader = match articles {
        Articles::Folder(folder) => Some(read::ArticleFolder::open(folder)),
        Articles::Embedded(_) => None,
    };
    for (index, record) in &records {
        if let Some(problem) = id_problem(&record.id).filter(|p| *p != IdProblem::Empty) {
            let path = JsonPath::root().key("sources").index(*index).key("id");
            ctx.warning(path, Problem::NotAName(problem));
        }
    }
    for (index, record) in records {
        let path = JsonPath::root().key("sources").index(index);
        let errors_before = ctx.found.len();
        check_id(
            &record.id,
            &path,
            &mut first_use,
            &mut lookalikes,
            ctx,
            |id, first| Problem::DuplicateSourceId { id, first },
        );
        let published = parse_date(&record.published, path.key("published"), ctx);
        if let Some(url) = &record.url
            && let Err(why) = crate::model::web_url::parse_web_url(url)
        {
            ctx.error(
                path.key("url"),
                Problem::BadUrl {
                    url: url.clone(),
                    why,
                },
            );
        }
        if let Some(original) = &record.original {
            // Only its place is checked here: an original is evidence kept beside the text, and
            // is not read on every load (a page is megabytes).
            if let Err(problem) = inside_folder(&original.file) {
                ctx.error(path.key("original").key("file"), problem);
            }
        }
        let article = match &record.file {
            // Not archived yet: kept, with no text; its citations say so.
            None if record.url.is_some() => {
                Some((PathBuf::new(), read::ArticleText::new(Arc::from(""))))
            }
            None => {
                ctx.error(path.key("file"), Problem::NoFileNorUrl);
                None
            }
            Some(file) => read_article(articles, reader.as_mut(), file)
                .map_err(|problem| ctx.error(path.key("file"), problem))
                .ok(),
        };
        // A warning, counted apart: only errors keep a source out.
        let changed = matches!((&record.sha256, &article), (Some(expected), Some((_, text)))
            if text.sha256() != expected);
        if changed {
            ctx.warning(
                path.key("sha256"),
                Problem::ArticleChanged(record.file.clone().unwrap_or_default()),
            );
        }
        if let (Some(published), Some((article_path, text))) = (published, article)
            && ctx.found.len() - usize::from(changed) == errors_before
        {
            sources.push(Source {
                record,
                published,
                path: article_path,
                text: text.text,
            });
        }
    }
    sources
}

pub(super) fn articles_path(articles: Articles<'_>, relative: &str) -> PathBuf {
    match articles {
        Articles::Folder(folder) => folder.join(relative),
        Articles::Embedded(_) => PathBuf::from(relative),
    }
}

/// Reads an article, refusing paths that leave the events file's folder (absolute paths, `..`
/// that climbs out, symlinks that point out) and files that are not regular files.
/// `Ok` when `relative` names a file inside the events file's folder, as written (no root, no
/// climbing out with `..`).
fn inside_folder(relative: &str) -> Result<(), Problem> {
    let outside = || Problem::ArticleOutsideFolder(relative.to_owned());
    let mut depth = 0_usize;
    for component in Path::new(relative).components() {
        match component {
            Component::Normal(_) => depth += 1,
            Component::CurDir => {}
            Component::ParentDir => depth = depth.checked_sub(1).ok_or_else(outside)?,
            Component::RootDir | Component::Prefix(_) => return Err(outside()),
        }
    }
    if depth == 0 {
        return Err(Problem::ArticleUnreadable {
            path: relative.to_owned(),
            reason: "expected a file path".into(),
        });
    }
    Ok(())
}

pub(super) fn read_article(
    articles: Articles<'_>,
    folder: Option<&mut read::ArticleFolder>,
    relative: &str,
) -> Result<(PathBuf, read::ArticleText), Problem> {
    let unreadable = |reason: String| Problem::ArticleUnreadable {
        path: relative.to_owned(),
        reason,
    };
    inside_folder(relative)?;
    let text = match (articles, folder) {
        (_, Some(folder)) => folder.read(relative)?,
        (Articles::Embedded(texts), None) => texts
            .iter()
            .find(|(name, _)| *name == relative)
            .map(|(_, text)| read::ArticleText::new(Arc::from(*text)))
            .ok_or_else(|| unreadable("not among the bundled articles".into()))?,
        (Articles::Folder(_), None) => return Err(unreadable("no folder to read from".into())),
    };
    Ok((articles_path(articles, relative), text))
}
