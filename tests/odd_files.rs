//! Odd but valid files load, and the shipped timeline meets its promises.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use sourceline::load::anchor::AnchorQuality;
use sourceline::load::{Loaded, load};
use sourceline::model::date::Precision;

fn odd(stem: &str) -> Loaded {
    let path = Path::new("tests/fixtures/odd").join(format!("{stem}.json"));
    let loaded = load(&path).unwrap_or_else(|e| panic!("{stem}: {:#?}", e.diagnostics));
    assert!(
        loaded.diagnostics.is_empty(),
        "{stem}: {:#?}",
        loaded.diagnostics
    );
    loaded
}

fn ids(loaded: &Loaded) -> Vec<&str> {
    loaded
        .timeline
        .events
        .iter()
        .map(|e| e.id(&loaded.timeline))
        .collect()
}

#[test]
fn byte_order_mark_and_crlf_are_accepted() {
    assert_eq!(ids(&odd("bom")), ["e1"]);
    assert_eq!(ids(&odd("crlf")), ["e1"]);
}

#[test]
fn zero_and_one_event() {
    assert!(odd("zero-events").timeline.events.is_empty());
    assert_eq!(odd("one-event").timeline.events.len(), 1);
}

#[test]
fn an_event_without_citations_loads_with_a_warning() {
    // It was an error before the TimelineJS import: now a claim may wait for its passage.
    let path = Path::new("tests/fixtures/odd/event-no-citations.json");
    let loaded = load(path).unwrap_or_else(|e| panic!("{:#?}", e.diagnostics));
    assert_eq!(loaded.timeline.events.len(), 1);
    assert_eq!(loaded.diagnostics.len(), 1);
    let warning = &loaded.diagnostics[0];
    assert_eq!(
        warning.severity,
        sourceline::load::diagnostic::Severity::Warning
    );
    assert!(
        warning
            .to_string()
            .ends_with(":29:7: warning: $.events[0].citations: no passage cites this event"),
        "{warning}"
    );
}

#[test]
fn a_citation_without_a_quote_is_pending_and_loads_with_a_located_warning() {
    // It was an error ("missing field `quote`") before imports kept their links.
    let path = Path::new("tests/fixtures/odd/pending-citation.json");
    let loaded = load(path).unwrap_or_else(|e| panic!("{:#?}", e.diagnostics));
    assert!(loaded.timeline.citations[0].is_pending());
    assert_eq!(loaded.diagnostics.len(), 1);
    let warning = loaded.diagnostics[0].to_string();
    assert!(
        warning.ends_with(
            ":30:9: warning: $.events[0].citations[0]: passage not yet chosen in a: open the event and choose the passage"
        ),
        "{warning}"
    );
}

#[test]
fn same_day_events_sort_by_id() {
    assert_eq!(ids(&odd("same-day")), ["e1", "e2", "e3"]);
}

#[test]
fn years_one_and_9999() {
    let loaded = odd("extreme-years");
    assert_eq!(ids(&loaded), ["first", "span", "last"]);
    assert_eq!(loaded.timeline.events[0].date.precision(), Precision::Year);
    assert_eq!(loaded.timeline.events[2].date_label(), "31 December 9999");
}

#[test]
fn cyrillic_and_emoji() {
    let loaded = odd("unicode-titles");
    let emoji = &loaded.timeline.events[loaded.timeline.index_of("emoji").unwrap()];
    let t = &loaded.timeline;
    assert_eq!(emoji.title(t), "🇺🇦 Security guarantees 🛡️");
    assert_eq!(emoji.citations(t)[0].anchor().quality, AnchorQuality::Exact);
    let kyiv = &t.events[t.index_of("kyiv").unwrap()];
    assert_eq!(kyiv.title(t), "Київ вимагає гарантій безпеки");
}

/// The actor vocabulary the README lists.
const ACTORS: &[&str] = &[
    "United States",
    "Russia",
    "Ukraine",
    "European Union",
    "European states",
    "NATO",
    "United Nations",
    "France",
    "Germany",
    "United Kingdom",
    "China",
    "Iran",
];

#[test]
fn shipped_timeline_is_clean_and_complete() {
    let loaded = load(Path::new("events.json")).unwrap_or_else(|e| panic!("{:#?}", e.diagnostics));
    assert!(loaded.diagnostics.is_empty(), "{:#?}", loaded.diagnostics);
    let timeline = &loaded.timeline;
    assert!(timeline.events.len() >= 35, "{}", timeline.events.len());
    assert_eq!(timeline.sources.len(), 5);

    let mut events_per_source: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for event in &timeline.events {
        for citation in event.citations(timeline) {
            assert_eq!(
                citation.anchor().quality,
                AnchorQuality::Exact,
                "{}",
                event.id(timeline)
            );
            assert!(!citation.anchor().ambiguous, "{}", event.id(timeline));
            let text = &timeline.sources[citation.source as usize].text;
            assert_eq!(
                Some(&text[citation.anchor().range.unwrap()]),
                citation.quote(timeline)
            );
            events_per_source
                .entry(
                    timeline.sources[citation.source as usize]
                        .record
                        .id
                        .as_str(),
                )
                .or_default()
                .insert(event.id(timeline));
        }
        for actor in event.actors(timeline) {
            assert!(
                ACTORS.contains(&actor),
                "{}: actor {actor} not in the vocabulary",
                event.id(timeline)
            );
        }
        if event.approximate {
            assert!(event.date_note(timeline).is_some_and(|n| !n.is_empty()));
        }
    }
    for source in &timeline.sources {
        let cited_by = events_per_source
            .get(source.record.id.as_str())
            .map_or(0, BTreeSet::len);
        assert!(
            cited_by >= 5,
            "{} cited by {cited_by} events",
            source.record.id
        );
    }
    for (id, date) in [
        ("three-way-call", "2024-12"),
        ("riyadh-talks", "2025-02-18"),
        ("un-resolution", "2025-02-24"),
        ("white-house-meeting", "2025-08-18"),
        ("full-scale-invasion", "2022-02-24"),
        ("budapest-memorandum", "1994-12-05"),
        ("nato-2-percent-pledge", "2014"),
        ("nato-strategic-concept-2010", "2010-11"),
        ("nato-strategic-concept-2022", "2022-06"),
    ] {
        let index = timeline
            .index_of(id)
            .unwrap_or_else(|| panic!("{id} missing"));
        assert_eq!(timeline.events[index].date.to_iso(), date, "{id}");
    }
    let dates: Vec<_> = timeline.events.iter().map(|e| e.date).collect();
    assert!(dates.windows(2).all(|w| w[0] <= w[1]), "sorted by date");
}

#[test]
fn articles_are_the_seeds_byte_for_byte() {
    let seeds = Path::new("../shared/seeds");
    if !seeds.exists() {
        return; // A clone without shared/ beside it; the bundled copy is then all there is.
    }
    for (seed, ours) in [
        ("000_4a226cafa44dccf9.txt", "trt-2025-02-26.txt"),
        ("001_8444af4b915c26f5.txt", "atlantic-council-2025-01.txt"),
        ("002_0d9cbecf7c28f713.txt", "euromaidan-press-2025-12.txt"),
        ("003_8e6e6c9832f34a80.txt", "macro-insights-2025-03.txt"),
        (
            "004_4b85d43cb5e4a060.txt",
            "white-house-meeting-2025-08-19.txt",
        ),
    ] {
        let a = std::fs::read(seeds.join(seed)).unwrap();
        let b = std::fs::read(Path::new("assets/articles").join(ours)).unwrap();
        assert!(a == b, "{ours} differs from {seed}");
    }
}

#[test]
fn bundled_copy_matches_the_files() {
    let bundled = sourceline::load::bundled::load_bundled().unwrap();
    let on_disk = load(Path::new("events.json")).unwrap();
    assert_eq!(bundled.timeline.events, on_disk.timeline.events);
}
