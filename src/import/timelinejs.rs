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

/// A slide's web links, sorted: the articles it credits (each to become a source with a
/// pending citation of the event) and its picture, video or sound (kept on the event as its
/// media, never a source).
#[derive(Debug, Default)]
struct SlideLinks {
    articles: Vec<(url::Url, LinkDetails)>,
    media: Option<url::Url>,
}

/// What a slide links to: `media.url` (an article when it is a page, the event's media when it
/// is a picture, video or sound file), then every `<a href>` of `media.credit` (its text a
/// site's name), `media.caption` and the slide's text (their text a title). Links that are not
/// web addresses (`javascript:`, `data:`) are dropped; each URL once.
fn slide_links(slide: &Value) -> SlideLinks {
    let mut links = SlideLinks::default();
    let media = slide.get("media");
    let media_field = |name: &str| media.and_then(|m| m.get(name)).and_then(Value::as_str);
    let add = |links: &mut SlideLinks, url: url::Url, details: LinkDetails| {
        if is_media_file(&url) {
            if links.media.is_none() {
                links.media = Some(url);
            }
        } else if links.articles.iter().all(|(known, _)| *known != url) {
            links.articles.push((url, details));
        }
    };
    let credit_links = media_field("credit").map(anchors).unwrap_or_default();
    if let Some(url) = media_field("url").and_then(web_link) {
        // The caption describes the media's page; a credit without a link names its site.
        let details = LinkDetails {
            title: media_field("caption")
                .map(plain_text)
                .as_deref()
                .and_then(LinkDetails::name),
            publisher: media_field("credit")
                .filter(|_| credit_links.is_empty())
                .map(plain_text)
                .as_deref()
                .and_then(LinkDetails::name),
        };
        add(&mut links, url, details);
    }
    for (href, text) in credit_links {
        if let Some(url) = web_link(&href) {
            let publisher = LinkDetails::name(&text);
            add(
                &mut links,
                url,
                LinkDetails {
                    title: None,
                    publisher,
                },
            );
        }
    }
    let caption = media_field("caption").map(anchors).unwrap_or_default();
    let body = slide
        .get("text")
        .and_then(|t| t.get("text"))
        .and_then(Value::as_str)
        .map(anchors)
        .unwrap_or_default();
    for (href, text) in caption.into_iter().chain(body) {
        if let Some(url) = web_link(&href) {
            let title = LinkDetails::name(&text);
            add(
                &mut links,
                url,
                LinkDetails {
                    title,
                    publisher: None,
                },
            );
        }
    }
    links
}

/// True when `url` is a picture, video or sound rather than a page: by the extension of its
/// path (its query not looked at), or a video or sound site's page.
fn is_media_file(url: &url::Url) -> bool {
    const EXTENSIONS: [&str; 27] = [
        "jpg", "jpeg", "png", "gif", "webp", "svg", "bmp", "tif", "tiff", "avif", "heic", "ico",
        "mp4", "webm", "mov", "m4v", "ogv", "avi", "mkv", "mp3", "m4a", "ogg", "oga", "wav",
        "flac", "aac", "opus",
    ];
    const MEDIA_SITES: [&str; 5] = [
        "youtube.com",
        "youtu.be",
        "vimeo.com",
        "soundcloud.com",
        "dailymotion.com",
    ];
    let extension = url
        .path()
        .rsplit('/')
        .next()
        .and_then(|name| name.rsplit_once('.'))
        .map(|(_, extension)| extension.to_ascii_lowercase());
    let host = url.host_str().unwrap_or_default();
    extension.is_some_and(|e| EXTENSIONS.contains(&e.as_str()))
        || MEDIA_SITES
            .iter()
            .any(|site| host == *site || host.ends_with(&format!(".{site}")))
}

/// Every `<a href>` of an HTML fragment: its target as written, and its text (white space
/// folded). A fragment with more markup than a slide may hold gives none (its slide is skipped).
fn anchors(html: &str) -> Vec<(String, String)> {
    if !html.contains('<') || memchr::memchr_iter(b'<', html.as_bytes()).count() > MAX_MARKUP {
        return Vec::new();
    }
    let fragment = scraper::Html::parse_fragment(html);
    fragment
        .tree
        .nodes()
        .filter_map(scraper::ElementRef::wrap)
        .filter(|element| element.value().name() == "a")
        .filter_map(|element| {
            let href = element.value().attr("href")?;
            let text = element.text().collect::<Vec<_>>().join(" ");
            Some((
                href.to_owned(),
                text.split_whitespace().collect::<Vec<_>>().join(" "),
            ))
        })
        .collect()
}

#[cfg(test)]
mod link_tests {
    use super::*;

    /// Each article's URL, title and publisher, and the media.
    type Found = (
        Vec<(String, Option<String>, Option<String>)>,
        Option<String>,
    );

    fn found(slide: &Value) -> Found {
        let links = slide_links(slide);
        (
            links
                .articles
                .into_iter()
                .map(|(url, d)| (url.to_string(), d.title, d.publisher))
                .collect(),
            links.media.map(String::from),
        )
    }

    #[test]
    fn article_links_become_sources_and_pictures_stay_media() {
        // A picture with its credit linking the article: the credit's text is the site's name.
        let slide = serde_json::json!({"media": {
            "url": "//upload.example.org/a.JPG?width=800",
            "caption": "Lavrov in Riyadh",
            "credit": "<a href='https://ria.ru/20250218/x.html'>РИА Новости</a>"
        }, "text": {"text": "<p>As <a href=\"https://www.reuters.com/world/talks\">Reuters reported</a>, and again <a href='https://ria.ru/20250218/x.html'>here</a>.</p>"}});
        let (articles, media) = found(&slide);
        assert_eq!(
            media.as_deref(),
            Some("https://upload.example.org/a.JPG?width=800")
        );
        assert_eq!(
            articles,
            vec![
                (
                    "https://ria.ru/20250218/x.html".to_owned(),
                    None,
                    Some("РИА Новости".to_owned())
                ),
                (
                    "https://www.reuters.com/world/talks".to_owned(),
                    Some("Reuters reported".to_owned()),
                    None
                ),
            ]
        );
        // A page as the media: its caption is its title, a credit without a link its site.
        let slide = serde_json::json!({"media": {
            "url": "https://example.org/story.php?img=a.jpg",
            "caption": "The talks begin", "credit": "Example News"
        }});
        assert_eq!(
            found(&slide),
            (
                vec![(
                    "https://example.org/story.php?img=a.jpg".to_owned(),
                    Some("The talks begin".to_owned()),
                    Some("Example News".to_owned())
                )],
                None
            )
        );
        // A video site is media; an embedded quote is neither; a script link is dropped; a
        // link text that is an address names nothing.
        let slide = serde_json::json!({"media": {
            "url": "<blockquote>Nobody would touch it.</blockquote>",
            "caption": "see <a href=\"javascript:x\">x</a> <a href='https://youtu.be/abc'>video</a>",
            "credit": "<A HREF=\"https://example.org/page\">https://example.org/page</A>"
        }});
        assert_eq!(
            found(&slide),
            (
                vec![("https://example.org/page".to_owned(), None, None)],
                Some("https://youtu.be/abc".to_owned())
            )
        );
    }

    #[test]
    fn names_are_never_addresses() {
        assert_eq!(
            LinkDetails::name("  Kyiv   Independent "),
            Some("Kyiv Independent".to_owned())
        );
        for address in [
            "https://a.b/c",
            "www.example.org",
            "example.org/page",
            "",
            "  ",
        ] {
            assert_eq!(LinkDetails::name(address), None, "{address}");
        }
        assert_eq!(LinkDetails::name("ria.ru"), Some("ria.ru".to_owned()));
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
        let links = slide_links(slide);
        let citations = collector.cite_links(links.articles, date);
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
            citations,
            media: links.media.map(String::from),
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
