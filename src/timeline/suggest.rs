//! Suggested passages for a pending citation: the sentences (or runs of two) of its source that
//! best support the event's title and summary, ranked by BM25 over folded, stemmed words.
//!
//! - **Sentences** are Unicode's (UAX #29, `unicode-segmentation`), joined again where a break
//!   fell after an abbreviation ("U.S.", "St.", "Gen.", an initial): UAX #29 breaks there
//!   whenever a capital follows.
//! - **Words** are folded (case and diacritics: "Nausėda" is "nauseda"), stop words dropped, and
//!   stemmed by Snowball's English stemmer (`rust-stemmers`): "guarantees" and "guaranteed"
//!   are one term.
//! - **Passages** are each sentence and each run of two within a paragraph, scored by BM25 (k1 1.2, b 0.75) with
//!   the article's own passages as the collection. The best three that do not overlap are kept.
//!
//! The choices and what each gave on the evaluation set are in BENCHMARKS.md. Everything here is
//! pure: the reader and `sourceline suggest` call the same functions.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

use unicode_normalization::UnicodeNormalization as _;
use unicode_normalization::char::is_combining_mark;
use unicode_segmentation::UnicodeSegmentation as _;

/// How many passages a pending citation is offered.
pub const SUGGESTIONS: usize = 3;

/// A passage offered for a citation: its byte range in the article, and its score.
#[derive(Clone, Debug, PartialEq)]
pub struct Suggestion {
    /// Byte range in the article's text.
    pub range: Range<usize>,
    /// BM25 score (higher is better; comparable only within one citation).
    pub score: f32,
}

/// Words that say nothing of an event.
const STOP_WORDS: [&str; 48] = [
    "a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "at", "by", "for", "with",
    "from", "as", "is", "are", "was", "were", "be", "been", "it", "its", "this", "that", "these",
    "those", "he", "she", "they", "his", "her", "their", "has", "have", "had", "will", "would",
    "not", "no", "s", "than", "then", "so", "if", "into", "about",
];

/// Abbreviations after which a full stop does not end a sentence (folded, without the stop).
const ABBREVIATIONS: [&str; 34] = [
    "u.s", "u.k", "u.n", "e.u", "st", "mr", "mrs", "ms", "dr", "gen", "sen", "rep", "gov", "lt",
    "col", "sgt", "capt", "jan", "feb", "mar", "apr", "aug", "sept", "oct", "nov", "dec", "no",
    "vs", "e.g", "i.e", "etc", "inc", "jr", "sr",
];

/// Names this subject's writers use for one another (a capital for its government, a building
/// for its president, a transliteration for another), and the everyday words for the same
/// thing, each folded to one term: a paraphrase says "the Kremlin" where the article says
/// "Russia". Folded forms, before stemming.
const ALIASES: [(&str, &str); 38] = [
    ("moscow", "russia"),
    ("kremlin", "russia"),
    ("russian", "russia"),
    ("russians", "russia"),
    ("washington", "us"),
    ("america", "us"),
    ("american", "us"),
    ("americans", "us"),
    ("kyiv", "ukraine"),
    ("kiev", "ukraine"),
    ("ukrainian", "ukraine"),
    ("ukrainians", "ukraine"),
    ("alliance", "nato"),
    ("berlin", "germany"),
    ("german", "germany"),
    ("paris", "france"),
    ("french", "france"),
    ("london", "britain"),
    ("british", "britain"),
    ("uk", "britain"),
    ("beijing", "china"),
    ("chinese", "china"),
    ("tehran", "iran"),
    ("iranian", "iran"),
    ("brussels", "eu"),
    ("european", "europe"),
    ("europeans", "europe"),
    ("zelenskyy", "zelensky"),
    ("zelenskiy", "zelensky"),
    ("pentagon", "defense"),
    ("defence", "defense"),
    ("soldiers", "troops"),
    ("soldier", "troops"),
    ("forces", "troops"),
    ("truce", "ceasefire"),
    ("armistice", "ceasefire"),
    ("percent", "%"),
    ("per", "%"),
];

/// Words WordNet 3.0 relates to each common English word (the words of its first two senses, and
/// those it links to them as similar, derived, pertaining or an attribute), as stems:
/// `scripts/related_words.py` writes the table from WordNet's files. A claim's corroboration
/// adds them to its own words at [`RELATED_WEIGHT`], so that "hesitant" meets "reluctant".
static RELATED: LazyLock<HashMap<&'static str, Vec<&'static str>>> = LazyLock::new(|| {
    include_str!("../../assets/related-words.txt")
        .lines()
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| {
            let mut stems = line.split(' ');
            let stem = stems.next()?;
            Some((stem, stems.collect()))
        })
        .collect()
});

/// What a related word weighs against a claim's own words (BENCHMARKS.md: 0.3, 0.5 and 0.7
/// compared).
const RELATED_WEIGHT: f32 = 0.5;

/// The sentences of `text` as byte ranges, trimmed, empty ones left out.
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut join_next = false;
    for (start, piece) in text.split_sentence_bound_indices() {
        let trimmed = piece.trim_end();
        let lead = piece.len() - piece.trim_start().len();
        let range = start + lead..start + trimmed.len();
        if range.is_empty() {
            continue;
        }
        match out.last_mut() {
            Some(last) if join_next => last.end = range.end,
            _ => out.push(range),
        }
        // A break after an abbreviation or an initial, within a line, is not a sentence's end.
        join_next = !piece.ends_with('\n') && ends_with_abbreviation(trimmed);
    }
    out
}

/// True when `sentence` ends with an abbreviation's full stop ("U.S.", "St.", "J.").
fn ends_with_abbreviation(sentence: &str) -> bool {
    let Some(without_stop) = sentence.strip_suffix('.') else {
        return false;
    };
    let last = without_stop
        .rsplit(|c: char| c.is_whitespace() || c == '(' || c == '"')
        .next()
        .unwrap_or_default();
    let folded = last.to_lowercase();
    let initial = last.chars().count() == 1 && last.chars().all(char::is_uppercase);
    initial || ABBREVIATIONS.contains(&folded.as_str())
}

/// Makes words into terms, each distinct word folded and stemmed once: terms are numbers, the
/// same for the same stem.
struct Folder {
    stemmer: rust_stemmers::Stemmer,
    /// Each word as written, its term (`None`: a stop word).
    words: HashMap<String, Option<u32>>,
    /// Each stem, its term.
    stems: HashMap<String, u32>,
}

impl Folder {
    fn new() -> Self {
        Self {
            stemmer: rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English),
            words: HashMap::new(),
            stems: HashMap::new(),
        }
    }

    /// The terms of `text`, in order.
    fn terms(&mut self, text: &str) -> Vec<u32> {
        text.unicode_words()
            .filter_map(|word| {
                if let Some(&term) = self.words.get(word) {
                    return term;
                }
                let term = self.stem(word).map(|stem| {
                    let next = u32::try_from(self.stems.len()).unwrap_or(u32::MAX);
                    *self.stems.entry(stem).or_insert(next)
                });
                self.words.insert(word.to_owned(), term);
                term
            })
            .collect()
    }

    /// `word` folded (lower case, diacritics dropped, a possessive's "'s" dropped), made this
    /// subject's one name for it, and stemmed; `None` for a stop word.
    fn stem(&self, word: &str) -> Option<String> {
        let folded: String = if word.is_ascii() {
            word.to_ascii_lowercase()
        } else {
            word.nfd()
                .filter(|c| !is_combining_mark(*c))
                .flat_map(char::to_lowercase)
                .map(|c| if c == '’' { '\'' } else { c })
                .collect()
        };
        let folded = folded.strip_suffix("'s").unwrap_or(&folded);
        if STOP_WORDS.contains(&folded) {
            return None;
        }
        let name = ALIASES
            .iter()
            .find(|(alias, _)| *alias == folded)
            .map_or(folded, |(_, name)| name);
        Some(self.stemmer.stem(name).into_owned())
    }
}

/// The terms of `text` as words: folded (lower case, diacritics dropped), stop words left out,
/// this subject's names made one, stemmed.
pub fn terms(text: &str) -> Vec<String> {
    let folder = Folder::new();
    text.unicode_words()
        .filter_map(|w| folder.stem(w))
        .collect()
}

/// Ranks the passages of `article` for an event said by `query` (its title and summary): at most
/// [`SUGGESTIONS`], best first, none overlapping another, none scoring zero.
pub fn suggest(article: &str, query: &str) -> Vec<Suggestion> {
    rank_across(&[(0, article)], query, SUGGESTIONS)
        .into_iter()
        .map(|(_, suggestion)| suggestion)
        .collect()
}

/// The passages of `article` with their terms: each sentence, and each run of two in one
/// paragraph (a claim often spans a sentence break, seldom a paragraph's).
fn passages_of(article: &str, folder: &mut Folder) -> Vec<(Range<usize>, Vec<u32>)> {
    let sentence_ranges = sentences(article);
    let sentence_terms: Vec<Vec<u32>> = sentence_ranges
        .iter()
        .map(|r| folder.terms(article.get(r.clone()).unwrap_or_default()))
        .collect();
    let mut passages: Vec<(Range<usize>, Vec<u32>)> = Vec::new();
    for (i, range) in sentence_ranges.iter().enumerate() {
        let own = sentence_terms.get(i).cloned().unwrap_or_default();
        passages.push((range.clone(), own.clone()));
        if let (Some(next), Some(next_terms)) =
            (sentence_ranges.get(i + 1), sentence_terms.get(i + 1))
            && !article
                .get(range.end..next.start)
                .unwrap_or_default()
                .contains('\n')
        {
            let mut both = own;
            both.extend(next_terms);
            passages.push((range.start..next.end, both));
        }
    }
    passages
}

/// Passages of the `articles` (each an index of the caller's and a text) that say what `query`
/// says: BM25 over all their passages together, best first, none overlapping another, `limit`
/// in all.
pub fn rank_across(
    articles: &[(usize, &str)],
    query: &str,
    limit: usize,
) -> Vec<(usize, Suggestion)> {
    rank_with(articles, query, limit, Words::Own)
}

/// Which words of a query a ranking looks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Words {
    /// Its own: a suggestion's passage says what its event says in the article's words.
    Own,
    /// Its own, and at [`RELATED_WEIGHT`] those [`RELATED`] gives: another report of a claim
    /// says it in other words.
    Related,
}

/// [`rank_across`], looking for `words`.
fn rank_with(
    articles: &[(usize, &str)],
    query: &str,
    limit: usize,
    words: Words,
) -> Vec<(usize, Suggestion)> {
    let mut folder = Folder::new();
    let query_terms = folder.terms(query);
    if query_terms.is_empty() {
        return Vec::new();
    }
    let mut owners: Vec<usize> = Vec::new();
    let mut passages: Vec<(Range<usize>, Vec<u32>)> = Vec::new();
    for &(owner, text) in articles {
        let own = passages_of(text, &mut folder);
        owners.extend(std::iter::repeat_n(owner, own.len()));
        passages.extend(own);
    }
    let mut weighted: Vec<(u32, f32)> = Vec::new();
    for &term in &query_terms {
        if !weighted.iter().any(|(t, _)| *t == term) {
            weighted.push((term, 1.0));
        }
    }
    if words == Words::Related {
        // Only the related stems some passage holds: the others would score nothing.
        let stem_of: HashMap<u32, &str> = folder
            .stems
            .iter()
            .map(|(stem, &term)| (term, stem.as_str()))
            .collect();
        for term in &query_terms {
            let related = stem_of.get(term).and_then(|stem| RELATED.get(stem));
            for other in related.into_iter().flatten() {
                if let Some(&t) = folder.stems.get(*other)
                    && !weighted.iter().any(|(w, _)| *w == t)
                {
                    weighted.push((t, RELATED_WEIGHT));
                }
            }
        }
    }
    let scores = bm25(&passages, &weighted);
    let mut ranked: Vec<(usize, f32)> = scores.into_iter().enumerate().collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut chosen: Vec<(usize, Suggestion)> = Vec::new();
    for (index, score) in ranked {
        if chosen.len() == limit || score <= 0.0 {
            break;
        }
        let (Some((range, _)), Some(&owner)) = (passages.get(index), owners.get(index)) else {
            continue;
        };
        if chosen
            .iter()
            .all(|(o, c)| *o != owner || c.range.end <= range.start || range.end <= c.range.start)
        {
            chosen.push((
                owner,
                Suggestion {
                    range: range.clone(),
                    score,
                },
            ));
        }
    }
    chosen
}

/// Other reports of what `event` says: passages of archived sources it does not cite yet,
/// ranked by its title, summary and quotes together; each with its source's index. A claim's
/// corroboration, in the same words or in others.
pub fn corroborate(
    timeline: &crate::model::Timeline,
    event: &crate::model::Event,
    limit: usize,
) -> Vec<(usize, Suggestion)> {
    corroborate_quotes(timeline, event, None, limit)
}

/// [`corroborate`] for one of the event's citations (`Some(index)` among its citations): ranked
/// by the event's title and summary and that citation's quote alone. What the reader shows
/// under a citation's card.
pub fn corroborate_quotes(
    timeline: &crate::model::Timeline,
    event: &crate::model::Event,
    citation: Option<usize>,
    limit: usize,
) -> Vec<(usize, Suggestion)> {
    let cited: Vec<usize> = event
        .citations(timeline)
        .iter()
        .map(|c| c.source as usize)
        .collect();
    let mut query = event_query(timeline, event);
    for quote in event
        .citations(timeline)
        .iter()
        .enumerate()
        .filter(|(i, _)| citation.is_none_or(|c| c == *i))
        .filter_map(|(_, c)| c.quote(timeline))
    {
        query.push(' ');
        query.push_str(quote);
    }
    let others: Vec<(usize, &str)> = timeline
        .sources
        .iter()
        .enumerate()
        .filter(|(i, s)| s.record.file.is_some() && !cited.contains(i))
        .map(|(i, s)| (i, &*s.text))
        .collect();
    rank_with(&others, &query, limit, Words::Related)
}

/// What an event says, as the query its pending citations are ranked by: its title and summary.
pub fn event_query(timeline: &crate::model::Timeline, event: &crate::model::Event) -> String {
    format!("{} {}", event.title(timeline), event.summary(timeline))
}

/// The suggestions for each pending citation of `event` whose source has a text: the
/// citation's index among the event's, its source's index, and the passages.
pub fn for_event(
    timeline: &crate::model::Timeline,
    event: &crate::model::Event,
) -> Vec<(usize, usize, Vec<Suggestion>)> {
    let query = event_query(timeline, event);
    event
        .citations(timeline)
        .iter()
        .enumerate()
        .filter(|(_, c)| c.is_pending())
        .filter_map(|(i, c)| {
            let source = timeline.sources.get(c.source as usize)?;
            source.record.file.as_ref()?;
            Some((i, c.source as usize, suggest(&source.text, &query)))
        })
        .collect()
}

/// BM25 (k1 1.2, b 0.75) of each passage for `query` (distinct terms, each with its weight), the
/// passages as the collection.
#[expect(
    clippy::cast_precision_loss,
    reason = "counts of words and passages, far below 2^24"
)]
fn bm25(passages: &[(Range<usize>, Vec<u32>)], query: &[(u32, f32)]) -> Vec<f32> {
    const K1: f32 = 1.2;
    const B: f32 = 0.75;
    let count = passages.len() as f32;
    let average = passages.iter().map(|(_, t)| t.len()).sum::<usize>() as f32 / count.max(1.0);
    let idf: Vec<f32> = query
        .iter()
        .map(|(term, weight)| {
            let holding = passages
                .iter()
                .filter(|(_, terms)| terms.contains(term))
                .count() as f32;
            weight * ((count - holding + 0.5) / (holding + 0.5) + 1.0).ln()
        })
        .collect();
    passages
        .iter()
        .map(|(_, terms)| {
            let length = terms.len() as f32;
            query
                .iter()
                .zip(&idf)
                .map(|((term, _), weight)| {
                    let frequency = terms.iter().filter(|t| *t == term).count() as f32;
                    weight * frequency * (K1 + 1.0)
                        / (frequency + K1 * (1.0 - B + B * length / average.max(1.0)))
                })
                .sum()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_keep_abbreviations_and_initials_inside() {
        let text = "U.S. Defense Secretary Pete Hegseth spoke in Brussels. He met Gen. Smith in St. Petersburg on Monday.\nA new line. J. Doe agreed.";
        let found: Vec<&str> = sentences(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(
            found,
            [
                "U.S. Defense Secretary Pete Hegseth spoke in Brussels.",
                "He met Gen. Smith in St. Petersburg on Monday.",
                "A new line.",
                "J. Doe agreed."
            ]
        );
    }

    #[test]
    fn terms_fold_case_and_diacritics_drop_stop_words_and_stem() {
        assert_eq!(
            terms("The Guarantees of Nausėda’s allies in the Kremlin"),
            ["guarante", "nauseda", "alli", "russia"]
        );
        assert_eq!(terms("guaranteed"), terms("guarantees"));
    }

    #[test]
    fn the_supporting_sentence_ranks_first_and_suggestions_do_not_overlap() {
        let article = "The weather was mild. Officials met in Riyadh on Tuesday to discuss a ceasefire. \
                       Markets rose. The delegations agreed to meet again in two weeks.";
        let found = suggest(article, "Delegations agree to a second round of talks");
        assert_eq!(
            &article[found[0].range.clone()],
            "The delegations agreed to meet again in two weeks."
        );
        for (i, a) in found.iter().enumerate() {
            for b in &found[i + 1..] {
                assert!(a.range.end <= b.range.start || b.range.end <= a.range.start);
            }
            assert!(a.score > 0.0);
        }
        assert!(found.windows(2).all(|w| w[0].score >= w[1].score));
        assert!(suggest(article, "the of and").is_empty());
    }

    #[test]
    fn a_claim_meets_its_report_in_related_words_only_when_corroborating() {
        let other = "Officials met on Tuesday. Germany was reluctant to send soldiers.";
        let claim = "France hesitated.";
        // Nothing in common but a related word: the suggestions see nothing, the corroboration
        // finds the sentence.
        assert!(rank_with(&[(0, other)], claim, 3, Words::Own).is_empty());
        let found = rank_with(&[(0, other)], claim, 3, Words::Related);
        assert_eq!(
            &other[found[0].1.range.clone()],
            "Germany was reluctant to send soldiers."
        );
        // The table holds WordNet's links, as stems.
        assert!(RELATED.get("hesit").is_some_and(|r| r.contains(&"reluct")));
        assert!(RELATED.get("back").is_some_and(|r| r.contains(&"support")));
    }
}
