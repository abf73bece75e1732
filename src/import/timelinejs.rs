//! TimelineJS 3 JSON in (see `shared/formats/timelinejs/FORMATS.md`): the title slide gives the
//! title, each slide an event (headline → title, text → summary as plain text, `group` → the
//! actor lane, `unique_id` → id, `display_date` and a time of day → the date note), eras become
//! eras, and links in media, credit or caption become sources with a URL and no archived text.

use serde_json::Value;

use super::collect::{Collector, LinkDetails, web_link};
use super::{ImportError, ImportReport};
use crate::model::date::PartialDate;
use crate::model::{EraRecord, EventRecord, EventsFile};

/// HTML as plain text, as a browser would show it: parsed by an HTML5 parser (html5ever), the
/// text of scripts, styles and templates and every comment dropped, entities decoded, block
/// elements and `<br>` apart by a space, white space folded. A `<` that opens no tag stays text.
///
/// An HTML5 parser checks how deep each tag is nested, so its time grows with the square of the
/// depth: text with more than [`MAX_MARKUP`] `<` is not parsed (the importer skips its slide
/// first, saying why) and comes back as written, white space folded.
pub fn plain_text(html: &str) -> String {
    if !html.contains(['<', '&']) || memchr::memchr_iter(b'<', html.as_bytes()).count() > MAX_MARKUP
    {
        return html.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    let fragment = scraper::Html::parse_fragment(html);
    let mut out = String::with_capacity(html.len());
    // Inside how many elements whose text is not shown (the walk is flat: nesting is unbounded).
    let mut hidden = 0usize;
    for edge in fragment.tree.root().traverse() {
        match edge {
            ego_tree::iter::Edge::Open(node) => match node.value() {
                scraper::Node::Element(element) => {
                    if is_hidden(element.name()) {
                        hidden += 1;
                    } else if element.name() == "br" || super::is_html_block(element.name()) {
                        out.push(' ');
                    }
                }
                scraper::Node::Text(text) if hidden == 0 => out.push_str(text),
                _ => {}
            },
            ego_tree::iter::Edge::Close(node) => {
                if let scraper::Node::Element(element) = node.value() {
                    if is_hidden(element.name()) {
                        hidden = hidden.saturating_sub(1);
                    } else if element.name() == "br" || super::is_html_block(element.name()) {
                        out.push(' ');
                    }
                }
            }
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The most `<` a slide, era or title may hold (a slide's text is a paragraph or two).
pub const MAX_MARKUP: usize = 5_000;

/// How many `<` the strings of `value` hold, when over [`MAX_MARKUP`].
fn too_much_markup(value: &Value) -> Option<usize> {
    fn count(value: &Value) -> usize {
        match value {
            Value::String(s) => memchr::memchr_iter(b'<', s.as_bytes()).count(),
            Value::Array(items) => items.iter().map(count).sum(),
            Value::Object(members) => members.values().map(count).sum(),
            Value::Null | Value::Bool(_) | Value::Number(_) => 0,
        }
    }
    Some(count(value)).filter(|&n| n > MAX_MARKUP)
}

/// Why a slide, era or title is not read: its markup is over the bound.
fn markup_reason(tags: usize) -> String {
    format!("{tags} '<' in it, over the {MAX_MARKUP} a slide may hold: not read")
}

/// Elements whose content a reader never sees as text.
fn is_hidden(name: &str) -> bool {
    matches!(
        name,
        "script" | "style" | "template" | "noscript" | "head" | "title" | "iframe" | "object"
    )
}

/// A date part as TimelineJS reads it: a number, or a string of digits; blank is absent.
fn part(object: &Value, key: &str) -> Result<Option<i64>, String> {
    match object.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => n
            .as_i64()
            .or_else(|| n.as_f64().map(|f| f.trunc() as i64))
            .map(Some)
            .ok_or_else(|| format!("{key} {n} is not a whole number")),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Value::String(s)) => s
            .trim()
            .parse::<i64>()
            .map(Some)
            .map_err(|_| format!("{key} \"{s}\" is not a number")),
        Some(other) => Err(format!("{key} {other} is not a number")),
    }
}

/// A TimelineJS date object as a sourceline date (the finest of year, month and day that is
/// present and not zero), and a time of day when it has one.
fn parse_date(object: &Value) -> Result<(PartialDate, Option<String>), String> {
    let year = part(object, "year")?.ok_or("no year")?;
    if !(1..=9999).contains(&year) {
        return Err(format!(
            "year {year} is not supported (sourceline dates run from 1 to 9999)"
        ));
    }
    let month = part(object, "month")?.filter(|&m| m != 0);
    let day = part(object, "day")?.filter(|&d| d != 0);
    let text = match (month, day) {
        (None, _) => format!("{year:04}"),
        (Some(m), None) => format!("{year:04}-{m:02}"),
        (Some(m), Some(d)) => format!("{year:04}-{m:02}-{d:02}"),
    };
    let parsed = PartialDate::parse(&text).map_err(|e| e.to_string())?;
    let hour = part(object, "hour")?;
    let minute = part(object, "minute")?;
    let time = match (hour, minute) {
        (None | Some(0), None | Some(0)) => None,
        (h, m) => Some(format!("{:02}:{:02}", h.unwrap_or(0), m.unwrap_or(0))),
    };
    Ok((parsed, time))
}

/// The links a slide's media points at (http or https; protocol-relative made https).
fn media_link(slide: &Value) -> Option<url::Url> {
    let media = slide.get("media")?;
    // The media's own URL first; when it is not a web address (an embedded quote, a data
    // URL), the page its credit or caption links to.
    let field = |name: &str| media.get(name).and_then(Value::as_str);
    field("url")
        .and_then(web_link)
        .or_else(|| field("credit").and_then(first_href).and_then(web_link))
        .or_else(|| field("caption").and_then(first_href).and_then(web_link))
}

/// The target of the first `href="…"` (or `'…'`) in an HTML fragment.
fn first_href(html: &str) -> Option<&str> {
    let lower = html.to_ascii_lowercase();
    let at = lower.find("href=")? + "href=".len();
    let rest = html.get(at..)?;
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let inner = rest.get(1..)?;
    inner.find(quote).and_then(|end| inner.get(..end))
}

#[cfg(test)]
mod link_tests {
    use super::*;

    #[test]
    fn a_credit_link_stands_in_for_a_media_url_that_is_not_a_page() {
        let slide = serde_json::json!({"media": {
            "url": "<blockquote>Nobody would touch it.</blockquote>",
            "credit": "<a href='https://example.org/hopper'>Interview</a>"
        }});
        assert_eq!(
            media_link(&slide).as_ref().map(url::Url::as_str),
            Some("https://example.org/hopper")
        );
        let slide = serde_json::json!({"media": {
            "url": "//upload.example.org/a.jpg",
            "credit": "<A HREF=\"https://example.org/page\">page</A>"
        }});
        assert_eq!(
            media_link(&slide).as_ref().map(url::Url::as_str),
            Some("https://upload.example.org/a.jpg")
        );
        let slide = serde_json::json!({"media": {"caption": "see <a href=\"javascript:x\">x</a>"}});
        assert_eq!(media_link(&slide), None);
        assert_eq!(first_href("<a href=unquoted>"), None);
        assert_eq!(
            first_href("<a href=\"https://a.b/c\">"),
            Some("https://a.b/c")
        );
    }
}

/// Imports TimelineJS 3 JSON.
///
/// # Errors
/// When the text is not JSON, or is a legacy TimelineJS shape (named), or another shape.
pub fn import(text: &str) -> Result<(EventsFile, ImportReport), ImportError> {
    let root: Value =
        serde_json::from_str(text).map_err(|e| ImportError::NotJson(e.to_string()))?;
    import_value(&root, &|list, i| format!("$.{list}[{i}]"))
}

/// Imports a TimelineJS 3 timeline already parsed; `locate(list, i)` names slide `i` of
/// `"events"` or `"eras"` in the report (a JSON path, or a spreadsheet row).
///
/// # Errors
/// For legacy shapes (named) and other shapes.
pub fn import_value(
    root: &Value,
    locate: &dyn Fn(&str, usize) -> String,
) -> Result<(EventsFile, ImportReport), ImportError> {
    if root.is_array() {
        return Err(ImportError::Legacy("an array of items (vis-timeline?)"));
    }
    if let Some(timeline) = root.get("timeline") {
        if timeline.get("slides").is_some() {
            return Err(ImportError::Legacy(
                "the 2014 {\"timeline\": {\"slides\": …}} shape",
            ));
        }
        return Err(ImportError::Legacy(
            "TimelineJS v1/v2 JSON ({\"timeline\": {\"date\": …}})",
        ));
    }
    let Some(slides) = root.get("events").and_then(Value::as_array) else {
        return Err(ImportError::Shape(
            "no \"events\" array at the top level".to_owned(),
        ));
    };
    let mut collector = Collector::new(
        "Unknown: set to the event's date on import from TimelineJS; check the source.",
    );
    let title_slide = root.get("title");
    if let Some(tags) = title_slide.and_then(too_much_markup) {
        collector
            .report
            .notes
            .push(("$.title".to_owned(), markup_reason(tags)));
    }
    let title = title_slide
        .filter(|t| too_much_markup(t).is_none())
        .and_then(|t| t.get("text"))
        .and_then(|t| t.get("headline"))
        .and_then(Value::as_str)
        .map(plain_text)
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| "Imported timeline".to_owned());
    for (i, slide) in slides.iter().enumerate() {
        let report = &mut collector.report;
        let path = locate("events", i);
        if let Some(tags) = too_much_markup(slide) {
            report.skipped.push((path, markup_reason(tags)));
            continue;
        }
        let Some(start) = slide.get("start_date") else {
            report
                .skipped
                .push((path, "no start_date (TimelineJS skips it too)".to_owned()));
            continue;
        };
        let (date, time) = match parse_date(start) {
            Ok(d) => d,
            Err(reason) => {
                report.skipped.push((format!("{path} start_date"), reason));
                continue;
            }
        };
        let mut notes: Vec<String> = Vec::new();
        if let Some(time) = time {
            notes.push(format!("time of day in the source: {time}"));
        }
        let mut end = None;
        if let Some(end_date) = slide.get("end_date") {
            match parse_date(end_date) {
                Ok((e, _)) if e == date => {}
                Ok((e, _)) if e.last_day() < date.first_day() => report.notes.push((
                    format!("{path} end_date"),
                    format!("end {e} before start {date}: end dropped"),
                )),
                Ok((e, _)) => end = Some(e.to_iso()),
                Err(reason) => report
                    .notes
                    .push((format!("{path} end_date"), format!("{reason}: end dropped"))),
            }
        }
        let text = slide.get("text");
        let headline = text
            .and_then(|t| t.get("headline"))
            .and_then(Value::as_str)
            .map(plain_text)
            .unwrap_or_default();
        let summary = text
            .and_then(|t| t.get("text"))
            .and_then(Value::as_str)
            .map(plain_text)
            .unwrap_or_default();
        for key in ["display_date"] {
            if let Some(shown) = slide.get(key).and_then(Value::as_str).map(plain_text)
                && !shown.is_empty()
            {
                notes.push(format!("shown as \"{shown}\" in the source"));
            }
        }
        let id = collector.event_id(
            slide.get("unique_id").and_then(Value::as_str),
            &headline,
            &format!("{path} unique_id"),
        );
        let title = if headline.is_empty() {
            format!("Untitled ({date})")
        } else {
            headline
        };
        let actors: Vec<String> = slide
            .get("group")
            .and_then(Value::as_str)
            .map(plain_text)
            .filter(|g| !g.is_empty())
            .into_iter()
            .collect();
        if let Some(url) = media_link(slide) {
            let media = slide.get("media");
            let text_of = |key: &str| {
                media
                    .and_then(|m| m.get(key))
                    .and_then(Value::as_str)
                    .map(plain_text)
                    .filter(|c| !c.is_empty())
            };
            let details = LinkDetails {
                title: text_of("caption"),
                publisher: text_of("credit"),
            };
            collector.source_for(&url, date, details);
        }
        collector.push_event(EventRecord {
            id,
            date: date.to_iso(),
            end,
            approximate: false,
            date_note: (!notes.is_empty()).then(|| notes.join("; ")),
            title,
            summary,
            actors,
            tags: Vec::new(),
            citations: Vec::new(),
        });
    }
    let report = &mut collector.report;
    let mut eras = Vec::new();
    for (i, era) in root
        .get("eras")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .enumerate()
    {
        let path = locate("eras", i);
        if let Some(tags) = too_much_markup(era) {
            report.skipped.push((path, markup_reason(tags)));
            continue;
        }
        let start = era.get("start_date").map(parse_date);
        let end = era.get("end_date").map(parse_date);
        match (start, end) {
            (Some(Ok((s, _))), Some(Ok((e, _)))) if e.last_day() >= s.first_day() => {
                let title = era
                    .get("text")
                    .and_then(|t| t.get("headline"))
                    .and_then(Value::as_str)
                    .map(plain_text)
                    .unwrap_or_default();
                eras.push(EraRecord {
                    start: s.to_iso(),
                    end: e.to_iso(),
                    title,
                });
            }
            (Some(Err(reason)), _) | (_, Some(Err(reason))) => report.skipped.push((path, reason)),
            (None, _) | (_, None) => report
                .skipped
                .push((path, "an era needs a start_date and an end_date".to_owned())),
            _ => report
                .skipped
                .push((path, "the era ends before it starts".to_owned())),
        }
    }
    Ok(collector.finish(title, eras))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_becomes_plain_text() {
        assert_eq!(
            plain_text("<p>Ada &amp; Charles<br/>met &mdash; in <b>18</b>33.</p>"),
            "Ada & Charles met — in 1833."
        );
        assert_eq!(plain_text("a &lt;tag&gt; &#8220;q&#8221;"), "a <tag> “q”");
    }

    #[test]
    fn a_slide_with_more_markup_than_the_bound_is_skipped_and_said() {
        let deep = "<div>".repeat(100_000);
        let text = serde_json::json!({"events": [
            {"start_date": {"year": 2025}, "text": {"headline": "Deep", "text": deep}},
            {"start_date": {"year": 2025}, "text": {"headline": "Fine"}}
        ]})
        .to_string();
        let (file, report) = import(&text).unwrap();
        assert_eq!(file.events.len(), 1);
        assert_eq!(report.skipped.len(), 1, "{report:?}");
        assert_eq!(report.skipped[0].0, "$.events[0]");
        assert!(report.skipped[0].1.contains("100000 '<'"), "{report:?}");
    }

    #[test]
    fn what_a_browser_would_not_show_is_dropped_and_a_bare_angle_bracket_is_text() {
        assert_eq!(
            plain_text(
                "Before<script>alert('x')</script><style>p {color: red}</style>\
                 <!-- a comment --> after"
            ),
            "Before after"
        );
        assert_eq!(
            plain_text("support x < 40% in May, > 60% in June"),
            "support x < 40% in May, > 60% in June"
        );
        assert_eq!(plain_text("<p>one</p><p>two</p>"), "one two");
        // Nesting as deep as the bound allows: no recursion to overflow.
        let deep = "<div>".repeat(2_000) + "deep" + &"</div>".repeat(2_000);
        assert_eq!(plain_text(&deep), "deep");
    }

    #[test]
    fn precision_follows_the_fields_present() {
        let d = |v: Value| parse_date(&v).map(|(d, t)| (d.to_iso(), t));
        assert_eq!(
            d(serde_json::json!({"year": 1918})),
            Ok(("1918".into(), None))
        );
        assert_eq!(
            d(serde_json::json!({"year": "1918", "month": "07", "day": ""})),
            Ok(("1918-07".into(), None))
        );
        assert_eq!(
            d(
                serde_json::json!({"year": 1918, "month": 7, "day": 18, "hour": "14", "minute": "30"})
            ),
            Ok(("1918-07-18".into(), Some("14:30".into())))
        );
        // "00" hours mean no time here.
        assert_eq!(
            d(
                serde_json::json!({"year": 1918, "month": 7, "day": 18, "hour": "00", "minute": "00"})
            ),
            Ok(("1918-07-18".into(), None))
        );
        assert!(
            d(serde_json::json!({"year": -500}))
                .unwrap_err()
                .contains("not supported")
        );
        assert!(
            d(serde_json::json!({"year": 2025, "month": 13})).is_err(),
            "no roll-over"
        );
        assert!(
            d(serde_json::json!({"year": "1999a"}))
                .unwrap_err()
                .contains("not a number")
        );
    }

    #[test]
    fn legacy_shapes_are_named() {
        assert_eq!(
            import(r#"{"timeline": {"date": []}}"#).unwrap_err(),
            ImportError::Legacy("TimelineJS v1/v2 JSON ({\"timeline\": {\"date\": …}})")
        );
        assert!(matches!(
            import(r#"{"timeline": {"slides": []}}"#),
            Err(ImportError::Legacy(_))
        ));
        assert!(matches!(import("[]"), Err(ImportError::Legacy(_))));
        assert!(matches!(import("{"), Err(ImportError::NotJson(_))));
    }

    #[test]
    fn slides_become_events_and_every_one_is_accounted_for() {
        let text = r#"{"title": {"text": {"headline": "<b>Computing</b>"}},
            "events": [
              {"start_date": {"year": 1843}, "text": {"headline": "Notes", "text": "<p>Ada's notes</p>"},
               "group": "People", "media": {"url": "//example.org/ada", "credit": "Archive"}},
              {"start_date": {"year": 1843}, "text": {"headline": "Notes"}, "unique_id": "notes"},
              {"text": {"headline": "no date"}},
              {"start_date": {"year": -3000}, "text": {"headline": "too early"}},
              {"start_date": {"year": 1900}, "end_date": {"year": 1890}, "text": {"headline": "backwards"}},
              {"start_date": {"year": 1900, "month": 3}, "end_date": {"year": 1900}, "display_date": "c. 1900"}
            ],
            "eras": [{"start_date": {"year": 1800}, "end_date": {"year": 1850}, "text": {"headline": "Early"}},
                     {"start_date": {"year": 1800}}]}"#;
        let (file, report) = import(text).unwrap();
        assert_eq!(file.title, "Computing");
        assert_eq!(report.events, 4);
        assert_eq!(report.skipped.len(), 3, "{report:?}");
        assert_eq!(report.skipped[0].0, "$.events[2]");
        assert_eq!(report.skipped[1].0, "$.events[3] start_date");
        assert_eq!(report.skipped[2].0, "$.eras[1]");
        assert_eq!(
            report.events + report.skipped.len() - 1,
            6,
            "every slide accounted for"
        );
        let ids: Vec<&str> = file.events.iter().map(|e| e.id.as_str()).collect();
        // As TimelineJS assigns them: in slide order, a taken id gets a -N suffix.
        assert_eq!(ids, ["notes", "notes-2", "backwards", "event"]);
        assert_eq!(file.events[0].actors, ["People"]);
        assert_eq!(file.events[0].summary, "Ada's notes");
        assert_eq!(
            file.events[2].end, None,
            "an end before the start is dropped, noted"
        );
        assert_eq!(report.notes.len(), 2, "{:?}", report.notes);
        assert!(
            report
                .notes
                .iter()
                .any(|(at, note)| at == "$.events[1] unique_id"
                    && note
                        .contains("\"notes\" is used by an earlier event: written as \"notes-2\"")),
            "{:?}",
            report.notes
        );
        assert_eq!(
            file.events[3].date_note.as_deref(),
            Some("shown as \"c. 1900\" in the source")
        );
        assert_eq!(file.sources.len(), 1);
        assert_eq!(
            file.sources[0].url.as_deref(),
            Some("https://example.org/ada")
        );
        assert_eq!(file.sources[0].file, None);
        assert_eq!(file.eras.len(), 1);
    }
}
