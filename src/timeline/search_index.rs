//! A token index of what the search box searches, so that a query over a million events is a
//! few lookups instead of a pass over every event's text.
//!
//! The search box finds events holding every query word as a substring, whatever the case, in
//! their title, summary, actors, tags, quotes and cited sources' titles and publishers
//! ([`matches_words`]). The index keeps every distinct token of those texts (a run of
//! alphanumeric characters of the lower-cased text) with the events holding it. A word made
//! only of alphanumeric characters is a substring of a text exactly when it is a substring of
//! one of its tokens, so its events are the union of the postings of every token containing it:
//! one search through the vocabulary, then the postings. Any other word (with punctuation,
//! such as "u.s." or "30%") narrows by its alphanumeric pieces, and the events left are
//! checked against the text itself. Either way the matches are exactly [`matches_words`]'s.

use rustc_hash::FxHashMap;

use crate::model::{Event, Timeline};
use crate::timeline::search::matches_words;

/// A token index of a timeline's searchable texts.
#[derive(Debug, Default)]
pub struct SearchIndex {
    /// Every distinct token, lower-cased, each followed by a line break (which no token holds).
    vocabulary: String,
    /// Where each token starts in `vocabulary`, and its end as the last entry.
    token_starts: Vec<u32>,
    /// Where each token's events start in `postings`, and their end as the last entry.
    posting_starts: Vec<u32>,
    /// Each token's events, ascending, one after another.
    postings: Vec<u32>,
    /// How many events the index was built for.
    events: usize,
}

/// Tokens of `text` (lower-cased, alphanumeric runs), each handed to `each`.
fn for_each_token(text: &str, lowered: &mut String, mut each: impl FnMut(&str)) {
    let text = if text.is_ascii() {
        lowered.clear();
        lowered.push_str(text);
        lowered.make_ascii_lowercase();
        lowered.as_str()
    } else {
        *lowered = text.to_lowercase();
        lowered.as_str()
    };
    for token in text.split(|c: char| !c.is_alphanumeric()) {
        if !token.is_empty() {
            each(token);
        }
    }
}

/// Builds the index: the tokens and their events.
struct Builder {
    ids: FxHashMap<Box<str>, u32>,
    lists: Vec<Vec<u32>>,
    lowered: String,
}

impl Builder {
    /// The ids of `text`'s tokens, appended to `out`.
    fn tokens(&mut self, text: &str, out: &mut Vec<u32>) {
        let Self {
            ids,
            lists,
            lowered,
        } = self;
        for_each_token(text, lowered, |token| {
            let id = if let Some(&id) = ids.get(token) {
                id
            } else {
                let id = u32::try_from(lists.len()).unwrap_or(u32::MAX);
                ids.insert(token.into(), id);
                lists.push(Vec::new());
                id
            };
            out.push(id);
        });
    }
}

impl SearchIndex {
    /// The index of `timeline`'s searchable texts. One pass over the events; names and sources
    /// are tokenised once each.
    pub fn build(timeline: &Timeline) -> Self {
        let mut builder = Builder {
            ids: FxHashMap::default(),
            lists: Vec::new(),
            lowered: String::new(),
        };
        let mut name_tokens: Vec<Option<Vec<u32>>> = vec![None; timeline.names.len()];
        let mut source_tokens: Vec<Option<Vec<u32>>> = vec![None; timeline.sources.len()];
        let mut scratch: Vec<u32> = Vec::new();
        for (index, event) in timeline.events.iter().enumerate() {
            scratch.clear();
            builder.tokens(event.title(timeline), &mut scratch);
            builder.tokens(event.summary(timeline), &mut scratch);
            for &name in event
                .actor_ids(timeline)
                .iter()
                .chain(event.tag_ids(timeline))
            {
                if let Some(slot) = name_tokens.get_mut(name as usize) {
                    let tokens = slot.get_or_insert_with(|| {
                        let mut own = Vec::new();
                        builder.tokens(timeline.name(name), &mut own);
                        own
                    });
                    scratch.extend_from_slice(tokens);
                }
            }
            for citation in event.citations(timeline) {
                if let Some(quote) = citation.quote(timeline) {
                    builder.tokens(quote, &mut scratch);
                }
                let source = citation.source as usize;
                if let (Some(slot), Some(record)) = (
                    source_tokens.get_mut(source),
                    timeline.sources.get(source).map(|s| &s.record),
                ) {
                    let tokens = slot.get_or_insert_with(|| {
                        let mut own = Vec::new();
                        builder.tokens(&record.title, &mut own);
                        builder.tokens(&record.publisher, &mut own);
                        own
                    });
                    scratch.extend_from_slice(tokens);
                }
            }
            scratch.sort_unstable();
            scratch.dedup();
            let event = u32::try_from(index).unwrap_or(u32::MAX);
            for &token in &scratch {
                if let Some(list) = builder.lists.get_mut(token as usize) {
                    list.push(event);
                }
            }
        }
        Self::from_lists(builder.ids, builder.lists, timeline.events.len())
    }

    /// The compact index from each token's id and events.
    fn from_lists(ids: FxHashMap<Box<str>, u32>, lists: Vec<Vec<u32>>, events: usize) -> Self {
        let mut tokens: Vec<(Box<str>, u32)> = ids.into_iter().collect();
        tokens.sort_unstable_by_key(|(_, id)| *id);
        let mut vocabulary = String::with_capacity(tokens.iter().map(|(t, _)| t.len() + 1).sum());
        let mut token_starts = Vec::with_capacity(tokens.len() + 1);
        for (token, _) in &tokens {
            token_starts.push(u32::try_from(vocabulary.len()).unwrap_or(u32::MAX));
            vocabulary.push_str(token);
            vocabulary.push('\n');
        }
        token_starts.push(u32::try_from(vocabulary.len()).unwrap_or(u32::MAX));
        drop(tokens);
        let mut postings = Vec::with_capacity(lists.iter().map(Vec::len).sum());
        let mut posting_starts = Vec::with_capacity(lists.len() + 1);
        for list in lists {
            posting_starts.push(u32::try_from(postings.len()).unwrap_or(u32::MAX));
            postings.extend_from_slice(&list);
        }
        posting_starts.push(u32::try_from(postings.len()).unwrap_or(u32::MAX));
        Self {
            vocabulary,
            token_starts,
            posting_starts,
            postings,
            events,
        }
    }

    /// True when the index was built for a timeline of `events` events.
    pub fn covers(&self, events: usize) -> bool {
        self.events == events
    }

    /// Bytes the index holds, for the benchmarks.
    pub fn heap_bytes(&self) -> usize {
        self.vocabulary.capacity()
            + 4 * (self.token_starts.capacity()
                + self.posting_starts.capacity()
                + self.postings.capacity())
    }

    /// Sets in `bits` every event holding a token that contains `piece` (alphanumeric only).
    fn mark_piece(&self, piece: &str, bits: &mut [u64]) {
        let vocabulary = self.vocabulary.as_bytes();
        let finder = memchr::memmem::Finder::new(piece.as_bytes());
        let mut from = 0;
        while let Some(at) = vocabulary.get(from..).and_then(|rest| finder.find(rest)) {
            let at = from + at;
            let token = self.token_starts.partition_point(|&s| s as usize <= at) - 1;
            let (Some(&start), Some(&end)) = (
                self.posting_starts.get(token),
                self.posting_starts.get(token + 1),
            ) else {
                break;
            };
            for &event in self
                .postings
                .get(start as usize..end as usize)
                .unwrap_or_default()
            {
                if let Some(word) = bits.get_mut(event as usize / 64) {
                    *word |= 1 << (event % 64);
                }
            }
            // The next token: one hit per token is enough.
            from = self
                .token_starts
                .get(token + 1)
                .map_or(vocabulary.len(), |&s| s as usize);
        }
    }

    /// Per event of `timeline` (the one the index was built for), whether it holds every one of
    /// `words` (lower-cased, as [`crate::timeline::search::Filter::words`] gives them): exactly
    /// [`matches_words`].
    pub fn matches(&self, timeline: &Timeline, words: &[String]) -> Vec<bool> {
        self.matches_until(timeline, words, &|| false)
            .unwrap_or_default()
    }

    /// [`SearchIndex::matches`], given up (`None`) as soon as `cancelled` says so: it is asked
    /// after each piece of a word.
    pub fn matches_until(
        &self,
        timeline: &Timeline,
        words: &[String],
        cancelled: &dyn Fn() -> bool,
    ) -> Option<Vec<bool>> {
        let n = timeline.events.len();
        let blocks = n.div_ceil(64);
        let mut all: Vec<u64> = vec![u64::MAX; blocks];
        let mut to_check: Vec<String> = Vec::new();
        for word in words {
            let plain = word.chars().all(char::is_alphanumeric);
            if !plain {
                to_check.push(word.clone());
            }
            for piece in word.split(|c: char| !c.is_alphanumeric()) {
                if piece.is_empty() {
                    continue;
                }
                if cancelled() {
                    return None;
                }
                let mut bits = vec![0_u64; blocks];
                self.mark_piece(piece, &mut bits);
                for (a, b) in all.iter_mut().zip(&bits) {
                    *a &= b;
                }
            }
        }
        let mut out: Vec<bool> = (0..n)
            .map(|i| all.get(i / 64).is_some_and(|w| w & (1 << (i % 64)) != 0))
            .collect();
        if !to_check.is_empty() {
            for (i, slot) in out.iter_mut().enumerate() {
                if *slot {
                    *slot = timeline
                        .events
                        .get(i)
                        .is_some_and(|e: &Event| matches_words(&to_check, timeline, e));
                }
            }
        }
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timeline::search::Filter;

    fn words(query: &str) -> Vec<String> {
        Filter {
            query: query.to_owned(),
            ..Filter::default()
        }
        .words()
    }

    fn by_scan(timeline: &Timeline, query: &str) -> Vec<bool> {
        let words = words(query);
        timeline
            .events
            .iter()
            .map(|e| matches_words(&words, timeline, e))
            .collect()
    }

    #[test]
    fn the_index_finds_exactly_what_the_scan_finds() {
        let timeline = crate::load::fixture::small().timeline;
        let index = SearchIndex::build(&timeline);
        assert!(index.covers(timeline.events.len()));
        let queries = [
            "riyadh",
            "RIYADH",
            "iyad",
            "taboo",
            "euromaidan",
            "eurom press",
            "ukraine talks",
            "u.s.",
            "u.s",
            "\"",
            "'",
            "-",
            "2025",
            "20",
            "a",
            "e",
            "zzz",
            "riyadh zzz",
            "trump,",
            "nato's",
            "nato’s",
            "ukraine",
            "ukr",
        ];
        for query in queries {
            assert_eq!(
                index.matches(&timeline, &words(query)),
                by_scan(&timeline, query),
                "{query}"
            );
        }
        assert!(index.heap_bytes() > 0);
    }

    #[test]
    fn letters_beyond_ascii_fold_as_the_scan_folds_them() {
        let timeline = crate::load::fixture::timeline(&[
            ("a", "2025-01-01", &["Gitanas Nausėda"]),
            ("b", "2025-01-02", &["İstanbul talks"]),
            ("c", "2025-01-03", &["ΣΟΦΙΑ meeting"]),
            ("d", "2025-01-04", &["Straße 30% deal"]),
        ]);
        let index = SearchIndex::build(&timeline);
        for query in [
            "nausėda",
            "NAUSĖDA",
            "nauseda",
            "ėda",
            "istanbul",
            "i̇stanbul",
            "stanbul",
            "σοφια",
            "σοφ",
            "straße",
            "strasse",
            "30%",
            "30",
            "%",
            "gitanas nausėda",
            "ß",
        ] {
            assert_eq!(
                index.matches(&timeline, &words(query)),
                by_scan(&timeline, query),
                "{query}"
            );
        }
    }
}
