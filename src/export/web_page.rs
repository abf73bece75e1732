//! A one-file HTML timeline for readers without the app: the events as an ordered list that
//! reads with JavaScript off (real headings, each citation a `<blockquote>` with its link), and,
//! with it on, a zoomable axis with lanes, search, actor and tag filters and `#event-ID` links
//! (`assets/html/timeline.js`, hand-written, in the binary). Nothing loads from outside the file:
//! its Content-Security-Policy allows only its own inline style and script. Every string from
//! the events file is escaped for where it goes (text, attribute); the same input gives the same
//! bytes.

use std::fmt::Write as _;

use super::fragment::citation_link;
use super::{PENDING, UNSOURCED, html, published};
use crate::model::{Event, Timeline};
use crate::timeline::reports::corroboration;

/// The page's style, hand-written.
const STYLE: &str = include_str!("../../assets/html/timeline.css");
/// The page's script, hand-written; the page reads in full without it.
const SCRIPT: &str = include_str!("../../assets/html/timeline.js");

/// Only the file's own inline style and script; no request may leave the page but a reader
/// following a citation's link.
const POLICY: &str = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; \
                      img-src 'none'; connect-src 'none'; font-src 'none'; form-action 'none'; \
                      base-uri 'none'";

/// The page of `events` (indices, in time order) of `timeline`; with `with_articles`, every
/// cited article's whole text too (for archives whose licence allows it; quotes only
/// otherwise).
pub fn page(timeline: &Timeline, events: &[usize], with_articles: bool) -> String {
    let mut out = String::with_capacity(4096 + events.len() * 1024);
    let title = html(&timeline.title);
    let shown: Vec<&Event> = events
        .iter()
        .filter_map(|&i| timeline.events.get(i))
        .collect();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{POLICY}\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"sourceline\">\n\
         <title>{title}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n\
         <header>\n<h1>{title}</h1>\n<p class=\"counts\">{} events, each with the passages that \
         back it. Made with sourceline.</p>\n\
         <div id=\"controls\" hidden></div>\n<div id=\"axis\" hidden></div>\n</header>\n\
         <main>\n<ol id=\"events\">\n",
        shown.len()
    );
    for event in shown {
        event_item(&mut out, timeline, event);
    }
    out.push_str("</ol>\n</main>\n");
    if with_articles {
        articles(&mut out, timeline, events);
    }
    let _ = write!(out, "<script>\n{SCRIPT}</script>\n</body>\n</html>\n");
    out
}

/// One event as a list item: its date in words, title, markers, summary and citations. Its
/// `data-` attributes are what the script draws and filters by.
fn event_item(out: &mut String, timeline: &Timeline, event: &Event) {
    let id = html(event.id(timeline));
    let actors: Vec<&str> = event.actors(timeline).collect();
    let tags: Vec<&str> = event.tags(timeline).collect();
    let voices = corroboration(timeline, event);
    let end = event
        .end
        .map_or_else(String::new, |e| format!(" data-end=\"{}\"", e.last_day()));
    let _ = write!(
        out,
        "<li id=\"event-{id}\" class=\"event\" data-start=\"{}\"{end} data-actors=\"{}\" \
         data-tags=\"{}\" data-sources=\"{}\">\n<article>\n\
         <h2><a class=\"permalink\" href=\"#event-{id}\"><time datetime=\"{}\">{}</time></a> \
         {}</h2>\n",
        event.date.first_day(),
        html(&serde_json::Value::from(actors.clone()).to_string()),
        html(&serde_json::Value::from(tags.clone()).to_string()),
        voices.sources,
        event.date.to_iso(),
        html(&event.date_label()),
        html(event.title(timeline)),
    );
    let mut markers = Vec::new();
    if voices.sources == 0 {
        markers.push(format!(
            "<span class=\"marker unsourced\">{UNSOURCED}</span>"
        ));
    } else if voices.publishers == 1 {
        markers.push(format!(
            "<span class=\"marker single\">Single source: {}.</span>",
            html(&voices.describe())
        ));
    }
    for actor in &actors {
        markers.push(format!("<span class=\"actor\">{}</span>", html(actor)));
    }
    for tag in &tags {
        markers.push(format!("<span class=\"tag\">#{}</span>", html(tag)));
    }
    if !markers.is_empty() {
        let _ = writeln!(out, "<p class=\"markers\">{}</p>", markers.join(" "));
    }
    if let Some(note) = event.date_note(timeline) {
        let _ = writeln!(out, "<p class=\"date-note\">Date: {}</p>", html(note));
    }
    if !event.summary(timeline).is_empty() {
        let _ = writeln!(
            out,
            "<p class=\"summary\">{}</p>",
            html(event.summary(timeline))
        );
    }
    for citation in event.citations(timeline) {
        let Some(source) = timeline.sources.get(citation.source as usize) else {
            continue;
        };
        let link = citation_link(timeline, citation);
        let cite = link
            .as_deref()
            .map_or_else(String::new, |l| format!(" cite=\"{}\"", html(l)));
        let Some(quote) = citation.quote(timeline) else {
            let _ = write!(
                out,
                "<p class=\"pending\">{PENDING}: {}, <cite>{}</cite>",
                html(&published(source)),
                html(&source.record.title),
            );
            if let Some(link) = link {
                let _ = write!(
                    out,
                    " · <a href=\"{}\" rel=\"noopener noreferrer\">open the article</a>",
                    html(&link)
                );
            }
            out.push_str("</p>\n");
            continue;
        };
        let _ = write!(out, "<blockquote{cite}>\n<p>");
        for (i, line) in quote.lines().enumerate() {
            if i > 0 {
                out.push_str("<br>");
            }
            out.push_str(&html(line));
        }
        let _ = write!(
            out,
            "</p>\n<footer>— {}, <cite>{}</cite> · anchor: {}",
            html(&published(source)),
            html(&source.record.title),
            citation.anchor.quality().name()
        );
        match link {
            Some(link) => {
                let _ = write!(
                    out,
                    " · <a href=\"{}\" rel=\"noopener noreferrer\">open the passage</a>",
                    html(&link)
                );
            }
            None => out.push_str(" · no link: the source has no URL"),
        }
        out.push_str("</footer>\n</blockquote>\n");
    }
    out.push_str("</article>\n</li>\n");
}

/// The whole text of every article `events` cite, once each, in source order.
fn articles(out: &mut String, timeline: &Timeline, events: &[usize]) {
    let mut cited: Vec<usize> = events
        .iter()
        .filter_map(|&i| timeline.events.get(i))
        .flat_map(|e| e.citations(timeline).iter().map(|c| c.source as usize))
        .collect();
    cited.sort_unstable();
    cited.dedup();
    out.push_str("<section id=\"articles\">\n<h2>The articles</h2>\n");
    for source in cited.iter().filter_map(|&s| timeline.sources.get(s)) {
        if source.text.is_empty() {
            continue;
        }
        let _ = write!(
            out,
            "<details id=\"source-{}\">\n<summary>{} — {}</summary>\n<pre>{}</pre>\n</details>\n",
            html(&source.record.id),
            html(&source.record.title),
            html(&published(source)),
            html(&source.text)
        );
    }
    out.push_str("</section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::fixture::small;

    fn all(timeline: &Timeline) -> Vec<usize> {
        (0..timeline.events.len()).collect()
    }

    #[test]
    fn every_event_and_quote_is_in_the_page_without_a_script() {
        let t = small().timeline;
        let page = page(&t, &all(&t), false);
        assert_eq!(page.matches("<li id=\"event-").count(), t.events.len());
        for event in &t.events {
            assert!(page.contains(&format!("id=\"event-{}\"", event.id(&t))));
            for citation in event.citations(&t) {
                let first_line = citation
                    .quote(&t)
                    .unwrap_or_default()
                    .lines()
                    .next()
                    .unwrap_or_default();
                assert!(page.contains(&html(first_line)), "{first_line}");
            }
        }
        assert!(page.contains("<blockquote"));
        assert!(
            !page.contains("<section id=\"articles\">"),
            "quotes only by default"
        );
        let with = super::page(&t, &all(&t), true);
        assert!(with.contains("<section id=\"articles\">"));
    }

    #[test]
    fn nothing_is_loaded_from_outside_and_the_same_input_gives_the_same_bytes() {
        let t = small().timeline;
        let page = page(&t, &all(&t), false);
        // Links out are the citations' own; nothing is loaded (the browser test watches too).
        for outside in [
            "src=",
            "<link",
            "@import",
            "url(",
            "fetch(",
            "XMLHttpRequest",
            "<iframe",
            "<img",
        ] {
            assert!(!page.contains(outside), "{outside}");
        }
        assert!(page.contains("default-src 'none'"));
        assert_eq!(page, super::page(&t, &all(&t), false));
    }

    #[test]
    fn text_from_the_file_never_becomes_markup() {
        let json = serde_json::json!({
            "format": "sourceline/1",
            "title": "</title><script>alert(1)</script>",
            "sources": [],
            "events": [{"id": "x\"><script>alert(2)</script>", "date": "2025",
                        "title": "<img src=x onerror=alert(3)>", "summary": "a & b",
                        "actors": ["\"><b>"], "citations": []}]
        });
        let t = crate::load::fixture::from_json(&json);
        let page = page(&t, &all(&t), false);
        assert!(!page.contains("<script>alert"), "{page}");
        assert!(!page.contains("<img"), "{page}");
        assert!(!page.contains("\"><b>"), "{page}");
        assert!(page.contains("&lt;img src=x onerror=alert(3)&gt;"));
        assert!(page.contains("a &amp; b"));
    }
}
