//! The exports of a small timeline keep every quote, and follow TimelineJS's rules.

use super::*;
use crate::load::fixture::small;
use crate::timeline::search::Filter;

fn all(timeline: &Timeline) -> Vec<usize> {
    (0..timeline.events.len()).collect()
}

#[test]
fn timelinejs_has_a_slide_per_event_with_every_quote() {
    let t = small().timeline;
    let out = timelinejs(&t, &all(&t));
    let events = out["events"].as_array().unwrap();
    assert_eq!(events.len(), 8);
    assert!(out["title"]["text"]["headline"].is_string());
    assert!(
        out["title"].get("start_date").is_none(),
        "the title slide has no date"
    );
    let mut ids = std::collections::HashSet::new();
    let mut texts = String::new();
    for slide in events {
        // TimelineJS's rules: a numeric year; month and day only as precise as the date; a
        // string unique_id, unique; text.headline a string.
        assert!(slide["start_date"]["year"].is_i64(), "{slide}");
        if let Some(month) = slide["start_date"].get("month") {
            assert!((1..=12).contains(&month.as_i64().unwrap()));
        }
        assert!(slide["text"]["headline"].is_string());
        assert!(ids.insert(slide["unique_id"].as_str().unwrap().to_owned()));
        assert!(slide["group"].is_string());
        texts.push_str(slide["text"]["text"].as_str().unwrap());
    }
    assert_eq!(texts.matches("<blockquote>").count(), 9);
    for citation in &t.citations {
        let quote = html(citation.quote(&t).unwrap_or_default());
        assert!(texts.contains(&quote), "{quote}");
    }
    // Spans keep their end; approximate dates say so.
    let span = events
        .iter()
        .find(|s| s["unique_id"] == "hague-summit-5-percent")
        .or_else(|| events.iter().find(|s| s.get("end_date").is_some()))
        .unwrap();
    assert!(span["end_date"]["year"].is_i64());
    assert!(events.iter().any(|s| {
        s["display_date"]
            .as_str()
            .is_some_and(|d| d.starts_with("about "))
    }));
}

#[test]
fn the_csv_has_a_row_per_citation() {
    let t = small().timeline;
    let text = citations_csv(&t, &all(&t)).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(&headers[6], "quote");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 9);
    let riyadh = rows.iter().find(|r| &r[0] == "riyadh-talks").unwrap();
    assert_eq!(&riyadh[1], "2025-02-18");
    assert_eq!(&riyadh[4], "TRT World");
    assert_eq!(
        &riyadh[6],
        "given the recent talks in Riyadh between Washington and Moscow"
    );
    assert_eq!(&riyadh[7], "exact");
}

#[test]
fn the_riyadh_brief_of_the_small_timeline_is_as_committed() {
    let t = small().timeline;
    let filter = Filter {
        query: "Riyadh".to_owned(),
        ..Filter::default()
    };
    let events = filter.passing(&t);
    let brief = markdown(&t, &events);
    let expected = include_str!("../../tests/fixtures/export/small-riyadh.md");
    assert_eq!(brief, expected);
}

#[test]
fn links_open_the_passage_with_context_when_the_quote_repeats() {
    let mut t = small().timeline;
    let i = t.index_of("riyadh-talks").unwrap();
    let c = t.events[i].citations.start as usize;
    let source = t.citations[c].source as usize;
    t.sources[source].record.url = Some("https://www.trtworld.com/a".to_owned());
    let link = citation_link(&t, &t.citations[c]).unwrap();
    assert_eq!(
        link,
        "https://www.trtworld.com/a#:~:text=given%20the%20recent%20talks%20in%20Riyadh%20between%20Washington%20and%20Moscow"
    );
}

#[test]
fn every_export_says_which_claims_no_passage_backs() {
    let mut t = small().timeline;
    let riyadh = t
        .events
        .iter()
        .position(|e| e.id(&t) == "riyadh-talks")
        .unwrap();
    // Cut the event's citations: it is now unsourced.
    t.events[riyadh].citations = 0..0;
    let brief = markdown(&t, &[riyadh]);
    assert!(brief.contains(UNSOURCED), "{brief}");
    assert!(!brief.contains("> "), "no quote left: {brief}");
    let tljs = timelinejs(&t, &[riyadh]);
    let text = tljs["events"][0]["text"]["text"].as_str().unwrap();
    assert!(text.contains(UNSOURCED), "{text}");
    let csv = citations_csv(&t, &[riyadh]).unwrap();
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows.len(), 2, "{csv}");
    assert!(rows[1].starts_with("riyadh-talks,2025-02-18,"), "{csv}");
    assert!(rows[1].contains(",unsourced,"), "{csv}");
    // A sourced event carries no such line.
    let sourced = markdown(&small().timeline, &[riyadh]);
    assert!(!sourced.contains(UNSOURCED));
}

#[test]
fn csv_cells_a_spreadsheet_would_evaluate_are_neutralised() {
    let t = crate::load::fixture::from_json(&serde_json::json!({
        "format": "sourceline/1", "title": "t",
        "sources": [{ "id": "a", "title": "A", "publisher": "@publisher", "published": "2025",
                      "file": "a.txt" }],
        "events": [
            { "id": "e1", "date": "2025", "title": "=HYPERLINK(\"https://evil.example\")",
              "citations": [{ "source": "a", "quote": "quoted text here" }] },
            { "id": "e2", "date": "2025", "title": "+1 and -1", "citations": [] },
            { "id": "e3", "date": "2025", "title": "A plain title", "citations": [] }
        ] }));
    let text = citations_csv(&t, &all(&t)).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let row = |id: &str| rows.iter().find(|r| &r[0] == id).unwrap().clone();
    assert_eq!(&row("e1")[2], "'=HYPERLINK(\"https://evil.example\")");
    assert_eq!(&row("e1")[4], "'@publisher");
    assert_eq!(&row("e1")[6], "quoted text here");
    assert_eq!(&row("e2")[2], "'+1 and -1");
    assert_eq!(&row("e3")[2], "A plain title");
}

#[test]
fn timelinejs_json_cannot_close_a_script_element() {
    let t = crate::load::fixture::from_json(&serde_json::json!({
        "format": "sourceline/1", "title": "t</script><script>alert(1)</script>",
        "sources": [{ "id": "a", "title": "A", "publisher": "P", "published": "2025",
                      "file": "a.txt" }],
        "events": [{ "id": "e1", "date": "2025", "title": "</SCRIPT> and </script>",
                     "actors": ["</script>"],
                     "citations": [{ "source": "a", "quote": "quoted text here" }] }] }));
    let json = export(&t, &all(&t), Format::Timelinejs, false).unwrap();
    assert!(!json.contains("</"), "{json}");
    // The same strings once parsed.
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value, timelinejs(&t, &all(&t)));
}

/// A timeline whose every text a user or an article supplied tries to become Markdown.
fn hostile_markdown_timeline() -> Timeline {
    let article = "Intro. He said:\r# Injected from a CR\nthen <img src=x onerror=alert(1)> and \
                   [click](javascript:alert(1)) (see) **bold**\n\n- a list\n1. numbered";
    let events = serde_json::json!({
        "format": "sourceline/1",
        "title": "Brief\n# Injected title",
        "sources": [{"id": "a", "title": "A", "publisher": "Pub <b>lisher</b>\n# X",
                     "published": "2025", "file": "a.txt", "url": "https://example.org/a_(b)"}],
        "events": [{
            "id": "e", "date": "2025-02-18", "approximate": true,
            "date_note": "from *the* text\r\n# Note heading",
            "title": "Talks\n# Injected heading",
            "summary": "<script>alert(1)</script> [x](javascript:alert(1))\n\n- item\n\n2025. A year",
            "citations": [{"source": "a", "quote": "He said:\r# Injected from a CR\nthen <img src=x onerror=alert(1)> and [click](javascript:alert(1)) (see) **bold**\n\n- a list\n1. numbered"}]
        }]
    });
    crate::load::load_bytes(
        events.to_string().as_bytes(),
        std::path::Path::new("t.json"),
        crate::load::Articles::Embedded(&[("a.txt", article)]),
    )
    .unwrap()
    .timeline
}

#[test]
fn no_field_of_the_brief_becomes_markup_or_a_second_block() {
    use pulldown_cmark::{Event as Md, Parser, Tag, TagEnd};
    let t = hostile_markdown_timeline();
    let brief = markdown(&t, &all(&t));
    let mut headings = 0;
    let mut emphases = 0;
    let mut quotes = 0;
    let mut paragraphs_outside_quotes = 0;
    let mut depth = 0;
    let mut links = Vec::new();
    let mut text = String::new();
    for event in Parser::new(&brief) {
        match event {
            Md::Start(Tag::Heading { .. }) => headings += 1,
            Md::Start(Tag::BlockQuote(_)) => {
                quotes += 1;
                depth += 1;
            }
            Md::End(TagEnd::BlockQuote(_)) => depth -= 1,
            Md::Start(Tag::Paragraph) if depth == 0 => paragraphs_outside_quotes += 1,
            Md::Start(Tag::Link { dest_url, .. }) => links.push(dest_url.to_string()),
            // The date note's own *…* is the one emphasis the brief writes.
            Md::Start(Tag::Emphasis) => emphases += 1,
            Md::Start(Tag::List(_) | Tag::Strong) | Md::Html(_) | Md::InlineHtml(_) => {
                panic!("{event:?} in\n{brief}");
            }
            Md::Text(piece) => text.push_str(&piece),
            _ => {}
        }
    }
    assert_eq!(
        headings, 2,
        "the title and the event, nothing more:\n{brief}"
    );
    assert_eq!(quotes, 1, "{brief}");
    assert_eq!(emphases, 1, "{brief}");
    // The date note and the summary, each one paragraph.
    assert_eq!(paragraphs_outside_quotes, 2, "{brief}");
    assert_eq!(links.len(), 1, "{links:?}");
    assert!(
        links[0].starts_with("https://example.org/a_(b)#:~:text="),
        "{links:?}"
    );
    for shown in [
        "# Injected heading",
        "<script>alert(1)</script> [x](javascript:alert(1))",
        "<img src=x onerror=alert(1)>",
        "**bold**",
        "2025. A year",
        "Pub <b>lisher</b> # X",
    ] {
        assert!(
            text.contains(shown),
            "{shown:?} not shown as text in\n{text}"
        );
    }
}
