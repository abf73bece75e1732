//! Sending a timeline out with its evidence: a Markdown brief, a CSV of citations, and a
//! TimelineJS 3 timeline whose every slide carries its verbatim quotes. Pure functions of the
//! timeline (and the events a filter leaves); the command line writes what they return.

pub mod fragment;
pub mod web_page;

use std::fmt::Write as _;

use serde_json::{Value, json};

use crate::model::date::Precision;
use crate::model::{Event, Source, Timeline};
use fragment::citation_link;

/// What to export to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// TimelineJS 3 JSON.
    Timelinejs,
    /// A Markdown brief.
    Markdown,
    /// A CSV of citations, one row each.
    Csv,
    /// One self-contained HTML page: the list without JavaScript, an axis and filters with it.
    Html,
}

/// Writes `events` (indices, in time order) of `timeline` in `format`; `with_articles` puts
/// the cited articles' whole texts in an HTML page (other formats carry quotes only).
///
/// # Errors
/// Only when the CSV writer fails, which writing into memory does not.
pub fn export(
    timeline: &Timeline,
    events: &[usize],
    format: Format,
    with_articles: bool,
) -> Result<String, String> {
    match format {
        Format::Html => Ok(web_page::page(timeline, events, with_articles)),
        Format::Markdown => Ok(markdown(timeline, events)),
        Format::Csv => citations_csv(timeline, events).map_err(|e| e.to_string()),
        Format::Timelinejs => serde_json::to_string_pretty(&timelinejs(timeline, events))
            .map(|json| json_for_html(&json))
            .map_err(|e| e.to_string()),
    }
}

/// JSON that can stand inside an HTML `<script>` element as it is: `</` only occurs inside
/// strings in JSON, and `<\/` is the same string, so no `</script>` from a title can close the
/// element a page puts it in.
fn json_for_html(json: &str) -> String {
    json.replace("</", "<\\/")
}

/// A CSV cell a spreadsheet will not evaluate: a cell starting with `=`, `+`, `-`, `@`, a tab
/// or a carriage return gets a `'` in front, as OWASP recommends against formula injection.
/// Such a cell then differs from the quote by that one character, which the spreadsheet hides.
fn csv_cell(text: &str) -> std::borrow::Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{text}"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// "TRT World, 26 February 2025" ("about March 2025" when the date was inferred).
fn published(source: &Source) -> String {
    let about = if source.record.published_approximate {
        "about "
    } else {
        ""
    };
    format!("{}, {about}{}", source.record.publisher, source.published)
}

/// What an export says of an event no passage cites.
pub const UNSOURCED: &str = "Unsourced: no passage cites this claim.";

/// What an export says of a pending citation: the source is linked, its passage not chosen.
pub const PENDING: &str = "Passage not yet chosen";

/// The brief: for each event the date in words, the title, the summary, and each citation as a
/// block quote with its publisher, publication date and a link that opens the passage.
///
/// Every text it did not write is escaped ([`md_line`], [`md_quote`]): no title, summary or
/// quote can become a heading, a list, raw HTML or a link, and none breaks out of its block.
pub fn markdown(timeline: &Timeline, events: &[usize]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", md_line(&timeline.title));
    for event in events.iter().filter_map(|&i| timeline.events.get(i)) {
        let _ = writeln!(
            out,
            "## {} — {}\n",
            event.date_label(),
            md_line(event.title(timeline))
        );
        if let Some(note) = event.date_note(timeline) {
            let _ = writeln!(out, "*Date: {}*\n", md_line(note));
        }
        if !event.summary(timeline).is_empty() {
            let _ = writeln!(out, "{}\n", md_line(event.summary(timeline)));
        }
        // An export must not pass a claim off as sourced: say so where no passage backs it.
        if !event.cites_a_passage(timeline) {
            let _ = writeln!(out, "*{UNSOURCED}*\n");
        }
        for citation in event.citations(timeline) {
            let Some(source) = timeline.sources.get(citation.source as usize) else {
                continue;
            };
            // In <…>, a destination may hold `)`; the URL parser has encoded `<`, `>` and spaces.
            let Some(quote) = citation.quote(timeline) else {
                let link = citation_link(timeline, citation).map_or_else(String::new, |link| {
                    format!(" · [open the article](<{link}>)")
                });
                let _ = writeln!(out, "*{PENDING}:* {}{link}\n", md_line(&published(source)));
                continue;
            };
            out.push_str(&md_quote(quote));
            let link = citation_link(timeline, citation).map_or_else(
                || " (no link: the source has no URL)".to_owned(),
                |link| format!(" · [open the passage](<{link}>)"),
            );
            let _ = writeln!(out, ">\n> — {}{link}\n", md_line(&published(source)));
        }
    }
    out
}

/// True for what ends a line in Markdown (the `CommonMark` spec: LF, CR) or looks like it (U+0085, the
/// Unicode line and paragraph separators).
fn is_line_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// `text` as Markdown that shows it as it is, on one line: line breaks become spaces (a field
/// is one block), and every mark that Markdown would read (emphasis, code, links, raw HTML,
/// entities, tables, and a heading, list or quote at the start of a line) is escaped.
fn md_line(text: &str) -> String {
    let one_line: String = text
        .split(is_line_break)
        .filter(|piece| !piece.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    md_escape(one_line.trim_start())
}

/// A quote as a Markdown block quote: each of its lines (split where `CommonMark` splits them,
/// a lone CR included) behind `> `, escaped as [`md_line`] does; its blank lines stay inside.
fn md_quote(quote: &str) -> String {
    let mut out = String::new();
    let mut rest = quote;
    loop {
        let (line, next) = match rest.find(['\r', '\n']) {
            Some(at) => {
                let skip = if rest.get(at..at + 2) == Some("\r\n") {
                    2
                } else {
                    1
                };
                (rest.get(..at).unwrap_or_default(), rest.get(at + skip..))
            }
            None => (rest, None),
        };
        let line = md_line(line);
        if line.is_empty() {
            out.push_str(">\n");
        } else {
            let _ = writeln!(out, "> {line}");
        }
        match next {
            Some(next) if !next.is_empty() => rest = next,
            _ => break,
        }
    }
    out
}

/// `line` with a backslash before each ASCII mark Markdown could read; the marks that only
/// matter at the start of a line (`#`, `-`, `+`, `=`, and the `.` or `)` of `1.`) escaped only
/// there.
fn md_escape(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let digits = line.len() - line.trim_start_matches(|d: char| d.is_ascii_digit()).len();
    let mut rest = line;
    if digits > 0
        && let Some(after) = line.get(digits..).filter(|a| a.starts_with(['.', ')']))
    {
        // "2025. The year…" would start a numbered list.
        out.push_str(line.get(..digits).unwrap_or_default());
        out.push('\\');
        rest = after;
    }
    let line_start = rest.len() == line.len();
    for (i, c) in rest.char_indices() {
        let at_start = line_start && i == 0;
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '|' | '~' | '!'
        ) || (at_start && matches!(c, '#' | '-' | '+' | '='))
        {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// One row per citation: event id, date, title, source, publisher, published, quote, anchor
/// quality, link with text fragment; an event no passage cites gets one row, anchor `unsourced`.
///
/// # Errors
/// When the CSV writer fails.
pub fn citations_csv(timeline: &Timeline, events: &[usize]) -> Result<String, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record([
        "event_id",
        "date",
        "title",
        "source",
        "publisher",
        "published",
        "quote",
        "anchor",
        "link",
    ])?;
    for event in events.iter().filter_map(|&i| timeline.events.get(i)) {
        if event.citations(timeline).is_empty() {
            writer.write_record(
                [
                    event.id(timeline),
                    &event.date.to_iso(),
                    event.title(timeline),
                    "",
                    "",
                    "",
                    "",
                    "unsourced",
                    "",
                ]
                .map(csv_cell)
                .iter()
                .map(AsRef::<str>::as_ref),
            )?;
        }
        for citation in event.citations(timeline) {
            let Some(source) = timeline.sources.get(citation.source as usize) else {
                continue;
            };
            let date = event.date.to_iso();
            let published = source.published.to_iso();
            let link = citation_link(timeline, citation).unwrap_or_default();
            writer.write_record(
                [
                    event.id(timeline),
                    &date,
                    event.title(timeline),
                    &source.record.id,
                    &source.record.publisher,
                    &published,
                    citation.quote(timeline).unwrap_or_default(),
                    if citation.is_pending() {
                        "pending"
                    } else {
                        citation.anchor.quality().name()
                    },
                    &link,
                ]
                .map(csv_cell)
                .iter()
                .map(AsRef::<str>::as_ref),
            )?;
        }
    }
    let bytes = writer
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Text made safe for HTML.
fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A TimelineJS date object: the fields the precision has (its year, month and day as numbers).
fn tljs_date(date: crate::model::date::PartialDate) -> Value {
    use chrono::Datelike as _;
    let day = date.first_day();
    match date.precision() {
        Precision::Year => json!({ "year": day.year() }),
        Precision::Month => json!({ "year": day.year(), "month": day.month() }),
        Precision::Day => json!({ "year": day.year(), "month": day.month(), "day": day.day() }),
    }
}

/// The slide of one event: dates, headline, the summary then each citation as a block quote
/// with its publisher, date and link; the first actor as its group; its id.
fn slide(timeline: &Timeline, event: &Event) -> Value {
    let mut text = String::new();
    if !event.summary(timeline).is_empty() {
        let _ = write!(text, "<p>{}</p>", html(event.summary(timeline)));
    }
    if !event.cites_a_passage(timeline) {
        let _ = write!(text, "<p><em>{UNSOURCED}</em></p>");
    }
    for citation in event.citations(timeline) {
        let Some(source) = timeline.sources.get(citation.source as usize) else {
            continue;
        };
        let quote = citation.quote(timeline);
        let opens = if quote.is_some() {
            "open the passage"
        } else {
            "open the article"
        };
        let link = citation_link(timeline, citation).map_or_else(String::new, |link| {
            format!(" · <a href=\"{}\">{opens}</a>", html(&link))
        });
        let cite = format!("<cite>{}{link}</cite>", html(&published(source)));
        let _ = match quote {
            Some(quote) => write!(text, "<blockquote>{}<br>{cite}</blockquote>", html(quote)),
            None => write!(text, "<p><em>{PENDING}:</em> {cite}</p>"),
        };
    }
    let mut slide = json!({
        "start_date": tljs_date(event.date),
        "text": { "headline": html(event.title(timeline)), "text": text },
        "unique_id": event.id(timeline),
    });
    if let Some(end) = event.end.filter(|end| *end != event.date) {
        slide["end_date"] = tljs_date(end);
    }
    if let Some(actor) = event.actors(timeline).next() {
        slide["group"] = json!(actor);
    }
    if let Some(media) = event.media(timeline) {
        slide["media"] = json!({ "url": media });
    }
    if event.approximate {
        slide["display_date"] = json!(event.date_label());
    }
    slide
}

/// A TimelineJS 3 timeline: a title slide, one slide per event, and the eras.
pub fn timelinejs(timeline: &Timeline, events: &[usize]) -> Value {
    let slides: Vec<Value> = events
        .iter()
        .filter_map(|&i| timeline.events.get(i))
        .map(|e| slide(timeline, e))
        .collect();
    json!({
        "title": { "text": {
            "headline": html(&timeline.title),
            "text": format!("{} events, each with the verbatim passages of its sources.", slides.len()),
        } },
        "events": slides,
        "eras": timeline.eras.iter().map(|era| json!({
            "start_date": tljs_date(era.start),
            "end_date": tljs_date(era.end),
            "text": { "headline": html(&era.title) },
        })).collect::<Vec<_>>(),
    })
}

#[cfg(test)]
mod tests;
