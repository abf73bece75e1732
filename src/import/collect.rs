//! Where every importer builds its events file: unique event and source ids, one source per
//! web link (checked by the loader's own URL rule), the counts of the report. The TimelineJS
//! and mapped-table importers read their formats and hand each event and link to a
//! [`Collector`], so an import can only write what `check` accepts.

use std::collections::{HashMap, HashSet};

use super::ImportReport;
use crate::edit::ids::slug;
use crate::model::date::PartialDate;
use crate::model::id_rule::id_problem;
use crate::model::web_url::parse_web_url;
use crate::model::{CitationRecord, EraRecord, EventRecord, EventsFile, FORMAT, SourceRecord};

/// Ids handed out so far, and for each base the next number to try, so that a hundred
/// thousand slides with one headline take linear time, not quadratic.
#[derive(Default)]
struct Ids {
    taken: HashSet<String>,
    next_number: HashMap<String, u32>,
}

impl Ids {
    /// `wanted`, or `wanted-N` with the smallest N not yet handed out from here on.
    fn unique(&mut self, wanted: &str) -> String {
        if self.taken.insert(wanted.to_owned()) {
            return wanted.to_owned();
        }
        let mut number = self.next_number.get(wanted).copied().unwrap_or(2);
        let id = loop {
            let candidate = format!("{wanted}-{number}");
            number = number.saturating_add(1);
            if self.taken.insert(candidate.clone()) {
                break candidate;
            }
        };
        self.next_number.insert(wanted.to_owned(), number);
        id
    }
}

/// What a link says of the source it names, where the format has it.
#[derive(Clone, Debug, Default)]
pub struct LinkDetails {
    /// The title, when the format gives one (else "Untitled (host)").
    pub title: Option<String>,
    /// The publisher or site name, when the format gives one (else the link's host).
    pub publisher: Option<String>,
}

impl LinkDetails {
    /// `text` as a name: trimmed, and `None` when empty or when it is an address itself (a
    /// title or publisher is never a whole URL).
    pub fn name(text: &str) -> Option<String> {
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let lower = text.to_ascii_lowercase();
        let is_address = lower.contains("://")
            || lower.starts_with("www.")
            || lower.starts_with("//")
            || (!lower.contains(' ') && lower.contains('/') && lower.contains('.'));
        Some(text).filter(|t| !t.is_empty() && !is_address)
    }
}

/// A site's name from its host, as a publisher stands in when a link gives none: the host
/// without a leading `www.` (`ria.ru`). Capture compares with it to know a made-up publisher.
pub(super) fn host_name(url: &url::Url) -> String {
    let host = url.host_str().unwrap_or("unknown");
    host.strip_prefix("www.").unwrap_or(host).to_owned()
}

/// The events file an import is building, and its report.
pub struct Collector {
    event_ids: Ids,
    source_ids: Ids,
    /// Source index by normal-form URL.
    source_by_url: HashMap<String, usize>,
    /// Per source: whether its title and its publisher came from a link (not made up).
    given: Vec<(bool, bool)>,
    events: Vec<EventRecord>,
    sources: Vec<SourceRecord>,
    /// Why a made-up publication date is only approximate.
    published_note: &'static str,
    /// What the import did so far.
    pub report: ImportReport,
}

impl Collector {
    /// An empty import; `published_note` explains the made-up publication date of each source
    /// (set to its first event's date).
    pub fn new(published_note: &'static str) -> Self {
        Self {
            event_ids: Ids::default(),
            source_ids: Ids::default(),
            source_by_url: HashMap::new(),
            given: Vec::new(),
            events: Vec::new(),
            sources: Vec::new(),
            published_note,
            report: ImportReport::default(),
        }
    }

    /// An event id from what the format wanted at `at` (or a slug of the title), unique in
    /// this import. A wanted id that breaks the id rule (a path, hidden characters) is replaced
    /// by its slug, and the report says so.
    pub fn event_id(&mut self, wanted: Option<&str>, title: &str, at: &str) -> String {
        let Some(wanted) = wanted.map(str::trim).filter(|w| !w.is_empty()) else {
            // Made from the title: numbering repeats is expected, and not worth a note each.
            return self.event_ids.unique(&slug(title, "event"));
        };
        let base = match id_problem(wanted) {
            None => wanted.to_owned(),
            Some(problem) => {
                let id = slug(wanted, "event");
                self.report
                    .notes
                    .push((at.to_owned(), format!("{problem}: written as \"{id}\"")));
                id
            }
        };
        let id = self.event_ids.unique(&base);
        if id != base {
            // The file's own id is taken by an earlier one: said, since links to it may break.
            self.report.notes.push((
                at.to_owned(),
                format!("the id \"{base}\" is used by an earlier event: written as \"{id}\""),
            ));
        }
        id
    }

    /// Pending citations of the sources these article links name (each made on its first use
    /// in the import, see [`Self::source_for`]), one per source however often the event links
    /// it, in the order linked.
    pub fn cite_links(
        &mut self,
        links: Vec<(url::Url, LinkDetails)>,
        date: PartialDate,
    ) -> Vec<CitationRecord> {
        let mut citations: Vec<CitationRecord> = Vec::new();
        for (url, details) in links {
            let source = self.source_for(&url, date, details);
            if citations.iter().all(|c| c.source != source) {
                citations.push(CitationRecord {
                    source,
                    quote: None,
                    prefix: None,
                    suffix: None,
                    claimed_date: None,
                });
            }
        }
        citations
    }

    /// The source of `url` (a link [`web_link`] accepted), made on its first use with
    /// `details` and the date of the event that first names it. A title or publisher that use
    /// did not give is taken from a later link's details.
    pub fn source_for(
        &mut self,
        url: &url::Url,
        first_date: PartialDate,
        details: LinkDetails,
    ) -> String {
        if let Some(&index) = self.source_by_url.get(url.as_str())
            && let Some(source) = self.sources.get_mut(index)
        {
            let (title_given, publisher_given) =
                self.given.get(index).copied().unwrap_or((true, true));
            if let (false, Some(title)) = (title_given, details.title) {
                source.title = title;
            }
            if let (false, Some(publisher)) = (publisher_given, details.publisher) {
                source.publisher = publisher;
            }
            if let Some(given) = self.given.get_mut(index) {
                given.0 |= title_given;
                given.1 |= publisher_given;
            }
            return source.id.clone();
        }
        let normal = url.as_str().to_owned();
        let host = host_name(url);
        let id = self.source_ids.unique(&slug(&normal, "source"));
        self.source_by_url
            .insert(normal.clone(), self.sources.len());
        self.given
            .push((details.title.is_some(), details.publisher.is_some()));
        self.sources.push(SourceRecord {
            id: id.clone(),
            title: details
                .title
                .unwrap_or_else(|| format!("Untitled ({host})")),
            publisher: details.publisher.unwrap_or(host),
            author: None,
            published: first_date.to_iso(),
            published_approximate: true,
            published_note: Some(self.published_note.to_owned()),
            url: Some(normal),
            file: None,
            kind: None,
            kind_note: None,
            reliability: None,
            sha256: None,
            original: None,
        });
        id
    }

    /// Adds an event (its id from [`Self::event_id`]).
    pub fn push_event(&mut self, event: EventRecord) {
        if event.end.is_some() {
            self.report.spans += 1;
        }
        self.events.push(event);
    }

    /// The events file titled `title`, with `eras`, and the report with its counts.
    pub fn finish(self, title: String, eras: Vec<EraRecord>) -> (EventsFile, ImportReport) {
        let mut report = self.report;
        report.events = self.events.len();
        report.unsourced = self
            .events
            .iter()
            .filter(|e| e.citations.is_empty())
            .count();
        report.eras = eras.len();
        report.sources = self.sources.len();
        report.pending = self
            .events
            .iter()
            .flat_map(|e| &e.citations)
            .filter(|c| c.quote.is_none())
            .count();
        (
            EventsFile {
                schema: None,
                format: FORMAT.to_owned(),
                title,
                sources: self.sources,
                events: self.events,
                eras,
            },
            report,
        )
    }
}

/// `link` as a source's URL, if the loader would accept it: trimmed, protocol-relative made
/// https, then checked by [`parse_web_url`] (no host, another scheme or hidden characters:
/// `None`). The one rule every importer applies to links.
pub fn web_link(link: &str) -> Option<url::Url> {
    let link = link.trim();
    match link.strip_prefix("//") {
        Some(rest) => parse_web_url(&format!("https://{rest}")).ok(),
        None => parse_web_url(link).ok(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date() -> PartialDate {
        PartialDate::parse("2025-02-18").unwrap()
    }

    #[test]
    fn ids_stay_unique_and_number_from_two() {
        let mut ids = Ids::default();
        assert_eq!(ids.unique("a"), "a");
        assert_eq!(ids.unique("a"), "a-2");
        assert_eq!(ids.unique("a-3"), "a-3");
        // a-3 is taken by hand: the next "a" skips it.
        assert_eq!(ids.unique("a"), "a-4");
        assert_eq!(ids.unique("a"), "a-5");
        assert_eq!(ids.unique("a-2"), "a-2-2");
    }

    #[test]
    fn wanted_ids_that_are_paths_become_names_and_are_reported() {
        let mut c = Collector::new("note");
        assert_eq!(
            c.event_id(Some("../../escape"), "T", "$.events[0]"),
            "escape"
        );
        assert_eq!(c.event_id(Some("a/b"), "T", "$.events[1]"), "a-b");
        assert_eq!(
            c.event_id(Some("tal\u{200b}ks"), "T", "$.events[2]"),
            "tal-ks"
        );
        assert_eq!(c.event_id(Some("fine"), "T", "$.events[3]"), "fine");
        assert_eq!(c.event_id(Some("fine"), "T", "$.events[4]"), "fine-2");
        assert_eq!(c.event_id(None, "Fine", "$.events[5]"), "fine-3");
        let notes: Vec<&str> = c.report.notes.iter().map(|(at, _)| at.as_str()).collect();
        assert_eq!(
            notes,
            ["$.events[0]", "$.events[1]", "$.events[2]", "$.events[4]"],
            "a taken id of the file's own is said; a title's slug numbered is not"
        );
        assert!(
            c.report.notes[1].1.contains("written as \"a-b\""),
            "{:?}",
            c.report.notes
        );
    }

    #[test]
    fn one_source_per_link_and_only_links_the_loader_accepts() {
        let mut c = Collector::new("note");
        let mut source = |link: &str| {
            let url = web_link(link).unwrap();
            c.source_for(&url, date(), LinkDetails::default())
        };
        let first = source("HTTPS://Example.ORG/a");
        assert_eq!(first, "https-example-org-a");
        // The same link in another spelling is the same source.
        assert_eq!(source(" https://example.org/a "), first);
        assert_eq!(source("//example.org/b"), "https-example-org-b");
        for refused in [
            "https://",
            "https:///x",
            "javascript:alert(1)",
            "file:///etc/passwd",
            "https://exa\u{200B}mple.org/",
            "ftp://example.org/",
        ] {
            assert_eq!(web_link(refused), None, "{refused}");
        }
        let (file, report) = c.finish("t".to_owned(), Vec::new());
        assert_eq!(report.sources, 2);
        assert_eq!(
            file.sources[0].url.as_deref(),
            Some("https://example.org/a")
        );
        assert_eq!(file.sources[0].publisher, "example.org");
    }

    #[test]
    fn a_link_with_user_info_is_no_source() {
        // It seems to name reuters.com and goes to evil.example: no source is made of it.
        assert!(web_link("https://www.reuters.com@evil.example/world").is_none());
    }
}
