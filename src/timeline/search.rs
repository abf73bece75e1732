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
    /// Only events that a single source cites (the claims that want corroborating).
    pub single_source: bool,
    /// Only events no passage cites yet.
    pub unsourced: bool,
    /// When not empty, only events citing a source of one of these kinds.
    pub kinds: BTreeSet<crate::model::SourceKind>,
    /// When not empty, only events citing a source of one of these reliability grades.
    pub grades: BTreeSet<crate::model::Reliability>,
}

impl Filter {
    /// True when the chips let the event through (the query aside).
    pub fn passes_chips(&self, timeline: &Timeline, event: &Event) -> bool {
        (self.actors.is_empty() || event.actors(timeline).any(|a| self.actors.contains(a)))
            && (self.tags.is_empty() || event.tags(timeline).any(|t| self.tags.contains(t)))
            && (!self.single_source
                || crate::timeline::reports::corroboration(timeline, event).sources == 1)
            && (!self.unsourced || !event.cites_a_passage(timeline))
            && self.passes_sources(timeline, event)
    }

    /// True when the kind and grade chips let the event through: one of its sources is of a
    /// chosen kind (when any is chosen) and of a chosen grade (likewise).
    fn passes_sources(&self, timeline: &Timeline, event: &Event) -> bool {
        if self.kinds.is_empty() && self.grades.is_empty() {
            return true;
        }
        event.citations(timeline).iter().any(|c| {
            timeline.sources.get(c.source as usize).is_some_and(|s| {
                (self.kinds.is_empty() || s.record.kind.is_some_and(|k| self.kinds.contains(&k)))
                    && (self.grades.is_empty()
                        || s.record
                            .reliability
                            .is_some_and(|g| self.grades.contains(&g)))
            })
        })
    }

    /// The query's words, lower-cased; an event must contain each.
    pub fn words(&self) -> Vec<String> {
        self.query
            .split_whitespace()
            .map(str::to_lowercase)
            .collect()
    }

    /// Indices of the events that pass, in time order. One pass over the timeline: callers
    /// compute it when the filter or the timeline changes, not every frame.
    pub fn passing(&self, timeline: &Timeline) -> Vec<usize> {
        let words = self.words();
        (0..timeline.events.len())
            .filter(|&i| {
                let event = &timeline.events[i];
                self.passes_chips(timeline, event) && matches_words(&words, timeline, event)
            })
            .collect()
    }
}

/// True when there are no words, or every word (lower-cased, as from [`Filter::words`]) occurs
/// in the event's title, summary, actors, tags, quotes, or its sources' titles and publishers.
pub fn matches_words(words: &[String], timeline: &Timeline, event: &Event) -> bool {
    if words.is_empty() {
        return true;
    }
    let citations = event.citations(timeline);
    let quotes = citations.iter().filter_map(|c| c.quote(timeline));
    let sources = citations.iter().flat_map(|c| {
        timeline
            .sources
            .get(c.source as usize)
            .map(|s| [s.record.title.as_str(), s.record.publisher.as_str()])
            .into_iter()
            .flatten()
    });
    let mut texts = [event.title(timeline), event.summary(timeline)]
        .into_iter()
        .chain(event.actors(timeline))
        .chain(event.tags(timeline))
        .chain(quotes)
        .chain(sources);
    let mut left: Vec<&str> = words.iter().map(String::as_str).collect();
    texts.any(|text| {
        left.retain(|word| !contains_folded(text, word));
        left.is_empty()
    })
}

/// Case-insensitive `contains` for a lower-cased `word`, without allocating for ASCII text.
fn contains_folded(text: &str, word: &str) -> bool {
    if !(text.is_ascii() && word.is_ascii()) {
        return text.to_lowercase().contains(word);
    }
    let (text, word) = (text.as_bytes(), word.as_bytes());
    let Some(&first) = word.first() else {
        return true;
    };
    if word.len() > text.len() {
        return false;
    }
    let last_start = text.len() - word.len();
    memchr::memchr2_iter(first, first.to_ascii_uppercase(), &text[..=last_start])
        .any(|at| text[at..at + word.len()].eq_ignore_ascii_case(word))
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

/// The passage `step` moves to from `cursor` among `count` passages of an article read on its
/// own: from nothing, forward starts at the first and backward at the last; steps stop at the
/// ends. `None` when there are no passages.
pub fn step_cursor(cursor: Option<usize>, count: usize, step: isize) -> Option<usize> {
    let last = count.checked_sub(1)?;
    Some(match cursor {
        None if step < 0 => last,
        None => 0,
        Some(at) => at.saturating_add_signed(step).min(last),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_passage_cursor_starts_at_an_end_and_stops_at_both() {
        assert_eq!(step_cursor(None, 0, 1), None);
        assert_eq!(step_cursor(Some(2), 0, -1), None);
        assert_eq!(step_cursor(None, 3, 1), Some(0));
        assert_eq!(step_cursor(None, 3, -1), Some(2));
        assert_eq!(step_cursor(Some(0), 3, 1), Some(1));
        assert_eq!(step_cursor(Some(2), 3, 1), Some(2));
        assert_eq!(step_cursor(Some(0), 3, -1), Some(0));
        // A cursor left from a longer article lands on this one's last passage.
        assert_eq!(step_cursor(Some(9), 3, 1), Some(2));
        assert_eq!(step_cursor(Some(1), 3, 5), Some(2));
    }
    fn small() -> Timeline {
        crate::load::fixture::small().timeline
    }

    fn ids(timeline: &Timeline, indices: &[usize]) -> Vec<String> {
        indices
            .iter()
            .map(|&i| timeline.events[i].id(timeline).to_owned())
            .collect()
    }

    #[test]
    fn query_searches_titles_quotes_and_sources() {
        let t = small();
        let filter = |q: &str| Filter {
            query: q.into(),
            ..Filter::default()
        };
        assert_eq!(ids(&t, &filter("riyadh").passing(&t)), ["riyadh-talks"]);
        // A word only in a quote.
        assert!(ids(&t, &filter("taboo").passing(&t)).contains(&"riyadh-talks".to_owned()));
        // Publisher: every event citing the Euromaidan Press article, and only those.
        let euromaidan = filter("Euromaidan").passing(&t);
        assert_eq!(euromaidan.len(), 4);
        for &i in &euromaidan {
            assert!(
                t.events[i]
                    .citations(&t)
                    .iter()
                    .any(|c| t.sources[c.source as usize].record.id == "euromaidan-press-2025-12")
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
        let t = small();
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
    fn folded_contains_ignores_case_in_ascii_and_beyond() {
        assert!(contains_folded("Talks in RIYADH", "riyadh"));
        assert!(contains_folded("riyadh", "riyadh"));
        assert!(!contains_folded("Riya", "riyadh"));
        assert!(!contains_folded("R i y a d h", "riyadh"));
        assert!(contains_folded("Зеленський ЗАЯВИВ", "заявив"));
        assert!(contains_folded("anything", ""));
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
