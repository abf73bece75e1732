//! The builder: parsed events made compact as they arrive (strings as references into the
//! file's text, names interned), each event's own checks run at once; and the timeline it makes.

use rustc_hash::FxHashMap;

use super::diagnostic::{JsonPath, Problem};
use super::parse::{EventIn, Text};
use crate::model::anchor::PackedAnchor;
use crate::model::date::PartialDate;
use crate::model::{Citation, Era, Event, LabelRange, Source, TextRef, TextStore, Timeline};

/// A problem the builder found in one event, located relative to it.
pub(super) struct EventProblem {
    /// The member at fault, below the event (`["date"]`, `["citations", 0, "quote"]`).
    pub(super) member: &'static str,
    pub(super) citation: Option<usize>,
    pub(super) problem: Problem,
}

impl EventProblem {
    pub(super) fn path(&self, event: usize) -> JsonPath {
        let path = JsonPath::root().key("events").index(event);
        match self.citation {
            Some(i) => path.key("citations").index(i).key(self.member),
            None => path.key(self.member),
        }
    }
}

/// Turns parsed events into compact ones as they arrive: strings become references into the
/// file's text, actor and tag names are interned, and each event's own checks run at once.
pub(super) struct Builder<'a> {
    /// The whole file text (byte-order mark included), which references are relative to.
    pub(super) file: &'a str,
    /// Unescaped strings and strings from outside the file.
    pub(super) side: String,
    /// Events in file order; their citations' sources are not resolved yet.
    pub(super) events: Vec<Event>,
    /// For each event, its position in the file's `events` array.
    pub(super) event_index: Vec<u32>,
    /// For each event, whether its date parsed (it is left out otherwise).
    pub(super) date_ok: Vec<bool>,
    /// Citations with `source` still unresolved (`usize::MAX`).
    pub(super) citations: Vec<Citation>,
    /// For each citation, the id of the source it names.
    pub(super) citation_sources: Vec<TextRef>,
    pub(super) names: Vec<String>,
    pub(super) name_index: FxHashMap<String, u32>,
    pub(super) labels: Vec<u32>,
    pub(super) problems: Vec<(usize, EventProblem)>,
}

impl<'a> Builder<'a> {
    pub(super) fn new(file: &'a str) -> Self {
        Self {
            file,
            side: String::new(),
            events: Vec::new(),
            event_index: Vec::new(),
            date_ok: Vec::new(),
            citations: Vec::new(),
            citation_sources: Vec::new(),
            names: Vec::new(),
            name_index: FxHashMap::default(),
            labels: Vec::new(),
            problems: Vec::new(),
        }
    }

    pub(super) fn text(&mut self, text: &Text<'_>) -> TextRef {
        TextRef::locate(self.file, &mut self.side, &text.0)
    }

    pub(super) fn name(&mut self, name: &str) -> u32 {
        if let Some(&i) = self.name_index.get(name) {
            return i;
        }
        let i = u32::try_from(self.names.len()).unwrap_or(u32::MAX);
        self.names.push(name.to_owned());
        self.name_index.insert(name.to_owned(), i);
        i
    }

    pub(super) fn problem(&mut self, index: usize, member: &'static str, problem: Problem) {
        self.problems.push((
            index,
            EventProblem {
                member,
                citation: None,
                problem,
            },
        ));
    }

    /// Checks one event on its own and keeps it in compact form.
    pub(super) fn push(&mut self, index: usize, e: &EventIn<'_>) {
        let mut date_ok = true;
        let date = |this: &mut Self, text: &str, member| match PartialDate::parse(text) {
            Ok(date) => Some(date),
            Err(error) => {
                this.problem(index, member, Problem::BadDate(error));
                None
            }
        };
        let start = date(self, &e.date.0, "date");
        let end = e.end.as_ref().and_then(|end| date(self, &end.0, "end"));
        if let (Some(start), Some(end)) = (start, end)
            && end.last_day() < start.first_day()
        {
            self.problem(
                index,
                "end",
                Problem::EndBeforeStart {
                    date: e.date.0.clone().into_owned(),
                    end: e
                        .end
                        .as_ref()
                        .map(|t| t.0.clone().into_owned())
                        .unwrap_or_default(),
                },
            );
        }
        if start.is_none() {
            date_ok = false;
        }
        if e.approximate && e.date_note.as_ref().is_none_or(|n| n.0.trim().is_empty()) {
            self.problem(index, "approximate", Problem::ApproximateWithoutNote);
        }
        if e.citations.is_empty() {
            self.problem(index, "citations", Problem::NoCitations);
        }
        if let Some(media) = &e.media
            && let Err(why) = crate::model::web_url::parse_web_url(&media.0)
        {
            self.problem(
                index,
                "media",
                Problem::BadUrl {
                    url: media.0.to_string(),
                    why,
                },
            );
        }
        if e.id.0.trim().is_empty() {
            self.problem(index, "id", Problem::EmptyId);
        }
        let labels_start = u32::try_from(self.labels.len()).unwrap_or(u32::MAX);
        // An event keeps at most `u16::MAX` of each (its counts are 16 bits, which keeps an
        // event in 60 bytes); more is an error, and the counts still agree with the labels kept.
        let mut counts = [0_u16; 2];
        for ((member, list), count) in [("actors", &e.actors), ("tags", &e.tags)]
            .into_iter()
            .zip(&mut counts)
        {
            if list.len() > usize::from(u16::MAX) {
                self.problem(
                    index,
                    member,
                    Problem::TooManyLabels {
                        member,
                        count: list.len(),
                        max: usize::from(u16::MAX),
                    },
                );
            }
            for label in list.iter().take(usize::from(u16::MAX)) {
                let name = self.name(&label.0);
                self.labels.push(name);
            }
            *count = u16::try_from(list.len()).unwrap_or(u16::MAX);
        }
        let [actors, tags] = counts;
        let citations_start = u32::try_from(self.citations.len()).unwrap_or(u32::MAX);
        for (i, c) in e.citations.iter().enumerate() {
            if c.quote.as_ref().is_some_and(|q| q.0.trim().is_empty()) {
                self.problems.push((
                    index,
                    EventProblem {
                        member: "quote",
                        citation: Some(i),
                        problem: Problem::EmptyQuote,
                    },
                ));
            }
            let claimed = c.claimed_date.as_ref().and_then(|text| {
                PartialDate::parse(&text.0)
                    .map_err(|error| {
                        self.problems.push((
                            index,
                            EventProblem {
                                member: "claimed_date",
                                citation: Some(i),
                                problem: Problem::BadDate(error),
                            },
                        ));
                    })
                    .ok()
            });
            let source = self.text(&c.source);
            let citation = Citation {
                source: UNRESOLVED,
                quote: c.quote.as_ref().map(|q| self.text(q)),
                prefix: c.prefix.as_ref().map(|p| self.text(p)),
                suffix: c.suffix.as_ref().map(|s| self.text(s)),
                claimed,
                anchor: PackedAnchor::default(),
            };
            self.citations.push(citation);
            self.citation_sources.push(source);
        }
        let citations_end = u32::try_from(self.citations.len()).unwrap_or(u32::MAX);
        let event = Event {
            id: self.text(&e.id),
            title: self.text(&e.title),
            summary: self.text(&e.summary),
            date_note: e.date_note.as_ref().map(|n| self.text(n)),
            media: e.media.as_ref().map(|m| self.text(m)),
            date: start.or(end).unwrap_or(PartialDate::EPOCH),
            end,
            approximate: e.approximate,
            labels: LabelRange {
                start: labels_start,
                actors,
                tags,
            },
            citations: citations_start..citations_end,
        };
        self.events.push(event);
        self.event_index
            .push(u32::try_from(index).unwrap_or(u32::MAX));
        self.date_ok.push(date_ok);
    }
}

/// A validated timeline whose texts still refer to the file's text by position.
pub(super) struct Built {
    pub(super) title: String,
    pub(super) eras: Vec<Era>,
    pub(super) sources: Vec<Source>,
    pub(super) events: Vec<Event>,
    pub(super) citations: Vec<Citation>,
    pub(super) names: Vec<String>,
    pub(super) labels: Vec<u32>,
    pub(super) side: String,
}

impl Built {
    pub(super) fn into_timeline(self, text: String) -> Timeline {
        let mut timeline = Timeline {
            title: self.title,
            eras: self.eras,
            sources: self.sources,
            events: self.events,
            citations: self.citations,
            names: self.names,
            labels: self.labels,
            text: TextStore::from_parts(text, self.side),
            citation_event: Vec::new(),
            passages: Vec::new(),
        };
        timeline.index_citations();
        timeline
    }
}

/// The source of a citation whose source is not known (yet).
pub(super) const UNRESOLVED: u32 = u32::MAX;
