//! Search and filters over a timeline, and stepping through the events they leave.

use std::collections::BTreeSet;

use crate::model::{Event, Timeline};

/// What narrows the timeline: a search query and actor / tag chips.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    /// Case-insensitive words; an event matches when it contains every word somewhere.
    pub query: String,
    /// When not empty, only events with at least one of these actors.
    pub actors: BTreeSet<String>,
    /// When not empty, only events with at least one of these tags.
    pub tags: BTreeSet<String>,
}

impl Filter {
    /// True when the chips let the event through (the query aside).
    pub fn passes_chips(&self, event: &Event) -> bool {
        (self.actors.is_empty() || event.record.actors.iter().any(|a| self.actors.contains(a)))
            && (self.tags.is_empty() || event.record.tags.iter().any(|t| self.tags.contains(t)))
    }

    /// True when the query is empty or every word of it occurs in the event's title, summary,
    /// actors, tags, quotes, or its sources' titles and publishers.
    pub fn matches_query(&self, timeline: &Timeline, event: &Event) -> bool {
        let words: Vec<String> = self
            .query
            .split_whitespace()
            .map(str::to_lowercase)
            .collect();
        if words.is_empty() {
            return true;
        }
        let mut haystack = format!("{}\n{}", event.record.title, event.record.summary);
        for text in event.record.actors.iter().chain(&event.record.tags) {
            haystack.push('\n');
            haystack.push_str(text);
        }
        for citation in &event.citations {
            let source = &timeline.sources[citation.source].record;
            for text in [&citation.record.quote, &source.title, &source.publisher] {
                haystack.push('\n');
                haystack.push_str(text);
            }
        }
        let haystack = haystack.to_lowercase();
        words.iter().all(|w| haystack.contains(w.as_str()))
    }

    /// True when the event passes the chips and the query.
    pub fn passes(&self, timeline: &Timeline, event: &Event) -> bool {
        self.passes_chips(event) && self.matches_query(timeline, event)
    }

    /// Indices of the events that pass, in time order.
    pub fn passing(&self, timeline: &Timeline) -> Vec<usize> {
        (0..timeline.events.len())
            .filter(|&i| self.passes(timeline, &timeline.events[i]))
            .collect()
    }
}

/// The event `step` places after (or before, when negative) `current` among `candidates`
/// (sorted indices). From nothing, forward starts at the first and backward at the last; steps
/// stop at the ends rather than wrapping.
pub fn step_among(candidates: &[usize], current: Option<usize>, step: isize) -> Option<usize> {
    if candidates.is_empty() {
        return None;
    }
    let Some(current) = current else {
        return if step >= 0 {
            candidates.first()
        } else {
            candidates.last()
        }
        .copied();
    };
    let position = match candidates.binary_search(&current) {
        // Not a candidate itself: stepping forward from the gap lands on the one after it.
        Err(i) if step > 0 => i as isize + step - 1,
        Ok(i) | Err(i) => i as isize + step,
    };
    let last = candidates.len() as isize - 1;
    Some(candidates[position.clamp(0, last) as usize])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundled::load_bundled;

    fn bundled() -> Timeline {
        load_bundled().unwrap().timeline
    }

    fn ids(timeline: &Timeline, indices: &[usize]) -> Vec<String> {
        indices
            .iter()
            .map(|&i| timeline.events[i].id().to_owned())
            .collect()
    }

    #[test]
    fn query_searches_titles_quotes_and_sources() {
        let t = bundled();
        let filter = |q: &str| Filter {
            query: q.into(),
            ..Filter::default()
        };
        assert_eq!(ids(&t, &filter("riyadh").passing(&t)), ["riyadh-talks"]);
        // A word only in a quote.
        assert!(ids(&t, &filter("taboo").passing(&t)).contains(&"riyadh-talks".to_owned()));
        // Publisher: every event citing the Euromaidan Press article, and only those.
        let euromaidan = filter("Euromaidan").passing(&t);
        assert_eq!(euromaidan.len(), 13);
        for &i in &euromaidan {
            assert!(
                t.events[i]
                    .citations
                    .iter()
                    .any(|c| t.sources[c.source].record.id == "euromaidan-press-2025-12")
            );
        }
        assert!(filter("").passing(&t).len() == t.events.len());
        assert!(filter("no such words anywhere").passing(&t).is_empty());
        // Every word must match, in any case.
        assert_eq!(
            ids(&t, &filter("RIYADH washington").passing(&t)),
            ["riyadh-talks"]
        );
    }

    #[test]
    fn chips_filter_by_actor_and_tag() {
        let t = bundled();
        let china = Filter {
            actors: ["China".to_owned()].into(),
            ..Filter::default()
        };
        assert_eq!(ids(&t, &china.passing(&t)), ["china-defence-spending"]);
        let un = Filter {
            tags: ["un".to_owned()].into(),
            ..Filter::default()
        };
        assert_eq!(ids(&t, &un.passing(&t)), ["un-resolution"]);
    }

    #[test]
    fn stepping_stops_at_the_ends() {
        let c = [2, 5, 9];
        assert_eq!(step_among(&c, None, 1), Some(2));
        assert_eq!(step_among(&c, None, -1), Some(9));
        assert_eq!(step_among(&c, Some(2), 1), Some(5));
        assert_eq!(step_among(&c, Some(9), 1), Some(9));
        assert_eq!(step_among(&c, Some(2), -1), Some(2));
        // From an event the filter hides: to its neighbours in time.
        assert_eq!(step_among(&c, Some(6), 1), Some(9));
        assert_eq!(step_among(&c, Some(6), -1), Some(5));
        assert_eq!(step_among(&[], Some(1), 1), None);
    }
}
