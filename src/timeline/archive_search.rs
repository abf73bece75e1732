//! Searching the archived articles' full text: words in any order near each other, and
//! `"exact phrases"`, each where a word starts, matched whatever the case and the diacritics ("nauseda" finds "Nausėda")
//! and whichever quotes ("'" finds "’"). Each word or phrase becomes one regular expression in
//! which a letter stands for itself with every accent and case (the `regex` crate: linear time,
//! and its lazy DFA reads the text once), so the articles' text is searched as it is, never
//! copied or folded.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::{Arc, LazyLock, Mutex, PoisonError};

use regex::{Regex, RegexBuilder};
use unicode_normalization::UnicodeNormalization as _;
use unicode_normalization::char::is_combining_mark;

/// How far apart, in bytes, the words of a query may be and still be "near each other".
pub const NEAR_BYTES: usize = 200;

/// The longest query read, in characters.
pub const MAX_QUERY_CHARS: usize = 500;

/// A query: the words and phrases every hit holds.
#[derive(Debug)]
pub struct ArchiveQuery {
    /// The words and phrases, as written.
    terms: Vec<String>,
    /// One pattern per word or phrase, in the order written, without the accented forms of
    /// letters: for text that has none.
    plain: Vec<Regex>,
    /// The patterns with the accented letters a text holds, by those letters (sorted): a text
    /// holds few of them, and a pattern with few stays one the regex engine can look for as
    /// literals, where one with every accented form is run through its automaton at each byte.
    by_accents: Mutex<HashMap<String, Arc<[Regex]>>>,
    /// The accented forms of the query's letters: the only accented letters of a text that
    /// its patterns need.
    relevant: String,
    /// The patterns with every accented form: for a text once [`MAX_ACCENT_SETS`] sets of
    /// accents have patterns, so that an archive whose every article holds other accents costs
    /// no more than one build per set up to that many.
    every: Vec<Regex>,
}

/// How many sets of accented letters a query builds patterns for.
const MAX_ACCENT_SETS: usize = 32;

/// The patterns a text is searched with: the query's plain ones or some with accents.
enum Patterns<'q> {
    /// Kept by the query: its plain patterns (no accented letter of the query's in the text),
    /// or those with every accent.
    Plain(&'q [Regex]),
    /// Built for the accented letters the text holds.
    Accented(Arc<[Regex]>),
}

impl std::ops::Deref for Patterns<'_> {
    type Target = [Regex];

    fn deref(&self) -> &[Regex] {
        match self {
            Self::Plain(patterns) => patterns,
            Self::Accented(patterns) => patterns,
        }
    }
}

/// Why a query cannot be searched.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum QueryError {
    /// Nothing to search for.
    #[error("expected words or a \"phrase\" to search for")]
    Empty,
    /// Over [`MAX_QUERY_CHARS`].
    #[error("a query of {0} characters, over the {MAX_QUERY_CHARS} a search reads")]
    TooLong(usize),
    /// The pattern could not be built (its size is bounded by the query's length).
    #[error("the query cannot be searched: {0}")]
    Pattern(String),
}

/// Latin letters with a stroke or bar, which Unicode does not decompose but a reader folds as
/// the letter beneath: "Łódź" is found by "lodz", "Øresund" by "oresund".
const STROKED: [(char, char); 13] = [
    ('ł', 'l'),
    ('Ł', 'l'),
    ('ø', 'o'),
    ('Ø', 'o'),
    ('đ', 'd'),
    ('Đ', 'd'),
    ('ħ', 'h'),
    ('Ħ', 'h'),
    ('ı', 'i'),
    ('ŧ', 't'),
    ('Ŧ', 't'),
    ('ƀ', 'b'),
    ('ƶ', 'z'),
];

/// The ASCII letter `c` folds to, if it is an accented or stroked Latin letter.
fn base_letter(c: char) -> Option<char> {
    if let Some((_, base)) = STROKED.iter().find(|(stroked, _)| *stroked == c) {
        return Some(*base);
    }
    c.nfd()
        .next()
        .filter(char::is_ascii_alphabetic)
        .map(|base| base.to_ascii_lowercase())
}

/// For each ASCII letter, every Latin letter that folds to it (its accented and stroked forms),
/// both cases.
static VARIANTS: LazyLock<HashMap<char, String>> = LazyLock::new(|| {
    let mut variants: HashMap<char, String> = HashMap::new();
    for code in 0xC0_u32..0x250 {
        let Some(c) = char::from_u32(code) else {
            continue;
        };
        let Some(base) = base_letter(c).filter(|base| *base != c) else {
            continue;
        };
        let entry = variants.entry(base).or_default();
        if !entry.contains(c) {
            entry.push(c);
        }
    }
    variants
});

/// Every accented letter of [`VARIANTS`].
static ACCENTED: LazyLock<String> =
    LazyLock::new(|| VARIANTS.values().flat_map(|v| v.chars()).collect());

/// The regular expression of one word or phrase, with the accented letters in `accents`.
fn build(term: &str, accents: &str) -> Result<Regex, QueryError> {
    RegexBuilder::new(&pattern_of(term, accents))
        .case_insensitive(true)
        .build()
        .map_err(|e| QueryError::Pattern(e.to_string()))
}

/// `text` folded as queries are: diacritics dropped, lower case.
fn fold(text: &str) -> String {
    text.nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| {
            STROKED
                .iter()
                .find(|(stroked, _)| *stroked == c)
                .map_or(c, |(_, base)| *base)
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// The pattern of one word or phrase: each letter with those of its accented forms that are in
/// `accents`, each quote with the others, white space as any run of it.
fn pattern_of(term: &str, accents: &str) -> String {
    let mut pattern = String::new();
    let mut in_space = false;
    for c in fold(term).chars() {
        if c.is_whitespace() {
            if !in_space {
                pattern.push_str(r"\s+");
            }
            in_space = true;
            continue;
        }
        in_space = false;
        match c {
            '"' | '“' | '”' | '„' | '«' | '»' => pattern.push_str("[\"“”„«»]"),
            '\'' | '‘' | '’' | '‚' | '`' => pattern.push_str("['‘’‚`]"),
            '-' | '‐' | '–' | '—' => pattern.push_str("[-‐–—]"),
            c if c.is_ascii_alphabetic() => {
                pattern.push('[');
                pattern.push(c);
                pattern.push(c.to_ascii_uppercase());
                if let Some(more) = VARIANTS.get(&c) {
                    pattern.extend(more.chars().filter(|v| accents.contains(*v)));
                }
                pattern.push(']');
            }
            c => pattern.push_str(&regex::escape(&c.to_string())),
        }
    }
    pattern
}

impl ArchiveQuery {
    /// Reads `query`: `"quoted phrases"` and single words (an unclosed quote runs to the end).
    ///
    /// # Errors
    /// An empty or over-long query.
    pub fn parse(query: &str) -> Result<Self, QueryError> {
        let chars = query.chars().count();
        if chars > MAX_QUERY_CHARS {
            return Err(QueryError::TooLong(chars));
        }
        let mut terms: Vec<String> = Vec::new();
        for (i, part) in query.split(['"', '“', '”']).enumerate() {
            if i % 2 == 1 {
                if !part.trim().is_empty() {
                    terms.push(part.trim().to_owned());
                }
            } else {
                terms.extend(part.split_whitespace().map(str::to_owned));
            }
        }
        if terms.is_empty() {
            return Err(QueryError::Empty);
        }
        let plain = terms
            .iter()
            .map(|term| build(term, ""))
            .collect::<Result<Vec<_>, _>>()?;
        // Every accented form at once: a query whose patterns build with all of them builds
        // with any fewer, so that a text's patterns cannot fail later.
        let every = terms
            .iter()
            .map(|term| build(term, &ACCENTED))
            .collect::<Result<Vec<_>, _>>()?;
        let mut relevant = String::new();
        for c in terms
            .iter()
            .flat_map(|term| fold(term).chars().collect::<Vec<_>>())
        {
            if let Some(more) = VARIANTS.get(&c) {
                relevant.extend(
                    more.chars()
                        .filter(|v| !relevant.contains(*v))
                        .collect::<Vec<_>>(),
                );
            }
        }
        Ok(Self {
            terms,
            plain,
            by_accents: Mutex::new(HashMap::new()),
            relevant,
            every,
        })
    }

    /// The patterns for `text`: without the accented forms when it holds no accented Latin
    /// letter (none of U+00C0–U+024F, whose UTF-8 starts with a byte from 0xC3 to 0xC9), which
    /// most news text is; else with the accented forms it holds. Either finds in `text` exactly
    /// what the patterns with every accented form find, and faster.
    fn patterns_for(&self, text: &str) -> Patterns<'_> {
        let bytes = text.as_bytes();
        let mut held: Vec<char> = Vec::new();
        // In blocks, each checked without an early exit, so that the check is vectorised; the
        // few blocks with a lead byte of that range are read again for their letters.
        for (k, block) in bytes.chunks(4096).enumerate() {
            if !block
                .iter()
                .fold(false, |any, &b| any | (b.wrapping_sub(0xC3) < 7))
            {
                continue;
            }
            for (i, _) in block
                .iter()
                .enumerate()
                .filter(|(_, b)| b.wrapping_sub(0xC3) < 7)
            {
                let at = k * 4096 + i;
                let letter = text.get(at..).and_then(|rest| rest.chars().next());
                if let Some(c) = letter.filter(|c| self.relevant.contains(*c) && !held.contains(c))
                {
                    held.push(c);
                }
            }
        }
        if held.is_empty() {
            return Patterns::Plain(&self.plain);
        }
        held.sort_unstable();
        let key: String = held.into_iter().collect();
        let mut cache = self
            .by_accents
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(patterns) = cache.get(&key) {
            return Patterns::Accented(Arc::clone(patterns));
        }
        if cache.len() >= MAX_ACCENT_SETS {
            return Patterns::Plain(&self.every);
        }
        let built: Result<Arc<[Regex]>, QueryError> =
            self.terms.iter().map(|term| build(term, &key)).collect();
        match built {
            Ok(patterns) => {
                cache.insert(key, Arc::clone(&patterns));
                Patterns::Accented(patterns)
            }
            // Not reached: every subset of the accents built in `parse`.
            Err(_) => Patterns::Plain(&self.plain),
        }
    }

    /// Where `text` holds the query: for one term, each occurrence; for several, each place
    /// where the first term has every other within [`NEAR_BYTES`] of it on the same line, from
    /// the earliest to the latest of them. In text order, none overlapping.
    pub fn hits(&self, text: &str) -> Vec<Range<usize>> {
        Self::hits_with(&self.patterns_for(text), text)
    }

    /// [`Self::hits`] with the patterns `patterns`.
    fn hits_with(patterns: &[Regex], text: &str) -> Vec<Range<usize>> {
        let Some((first, rest)) = patterns.split_first() else {
            return Vec::new();
        };
        // A word or phrase starts a word: "us" is not found inside "Nausėda" ("guarantee"
        // still finds "guarantees"). Checked after matching, which keeps the search one pass.
        let at_word_start = |m: &regex::Match<'_>| {
            text.get(..m.start())
                .and_then(|before| before.chars().next_back())
                .is_none_or(|c| !c.is_alphanumeric())
        };
        let firsts: Vec<Range<usize>> = first
            .find_iter(text)
            .filter(at_word_start)
            .map(|m| m.range())
            .collect();
        if rest.is_empty() || firsts.is_empty() {
            return firsts;
        }
        let others: Vec<Vec<Range<usize>>> = rest
            .iter()
            .map(|term| {
                term.find_iter(text)
                    .filter(at_word_start)
                    .map(|m| m.range())
                    .collect()
            })
            .collect();
        // Where each line starts and ends, so that "on the same line" is a lookup, not a scan.
        let newlines: Vec<usize> = memchr::memchr_iter(b'\n', text.as_bytes()).collect();
        let line_of = |at: usize| {
            let k = newlines.partition_point(|&n| n < at);
            let start = k
                .checked_sub(1)
                .and_then(|j| newlines.get(j))
                .map_or(0, |n| n + 1);
            let end = newlines.get(k).copied().unwrap_or(text.len());
            start..end
        };
        let mut hits: Vec<Range<usize>> = Vec::new();
        for hit in firsts {
            let line = line_of(hit.start);
            let window = line.start.max(hit.start.saturating_sub(NEAR_BYTES))
                ..line.end.min(hit.end + NEAR_BYTES);
            let mut span = hit.clone();
            let all_near = others.iter().all(|occurrences| {
                // The first occurrence in the window: near this one, on its line.
                let at = occurrences.partition_point(|o| o.start < window.start);
                let near = occurrences.get(at).filter(|o| o.end <= window.end);
                if let Some(o) = near {
                    span.start = span.start.min(o.start);
                    span.end = span.end.max(o.end);
                }
                near.is_some()
            });
            if all_near && hits.last().is_none_or(|last| last.end <= span.start) {
                hits.push(span);
            }
        }
        hits
    }
}

/// The context around `hit` in `text`: about `width_bytes` either side, on character
/// boundaries, cut at line ends.
pub fn context(text: &str, hit: &Range<usize>, width_bytes: usize) -> Range<usize> {
    let mut start = hit.start.saturating_sub(width_bytes);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = hit.end.saturating_add(width_bytes).min(text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    let before = text.get(start..hit.start).unwrap_or_default();
    if let Some(line) = before.rfind('\n') {
        start += line + 1;
    }
    let after = text.get(hit.end..end).unwrap_or_default();
    if let Some(line) = after.find('\n') {
        end = hit.end + line;
    }
    start..end
}

/// One archived source's hits, as the window lists them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceHits {
    /// The source's index in the timeline.
    pub source: usize,
    /// Its hits, in text order (byte ranges of its text).
    pub hits: Vec<Range<usize>>,
}

/// A query's hits across a timeline's archived articles: by source, newest source first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ArchiveResults {
    /// The sources with hits, newest first (by the latest day their publication date allows,
    /// then the order of the file), each with at most what the limit left.
    pub sources: Vec<SourceHits>,
    /// Every hit found, kept or not.
    pub total: usize,
}

impl ArchiveResults {
    /// The hits kept, in the order shown: each with its source's index.
    pub fn iter(&self) -> impl Iterator<Item = (usize, &Range<usize>)> {
        self.sources
            .iter()
            .flat_map(|s| s.hits.iter().map(move |hit| (s.source, hit)))
    }

    /// How many hits are kept (at most the limit).
    pub fn kept(&self) -> usize {
        self.sources.iter().map(|s| s.hits.len()).sum()
    }
}

/// Searches every archived article of `timeline` (the texts it holds) for `query`: at most
/// `limit` hits kept, newest source first, and the count of all.
pub fn search_timeline(
    timeline: &crate::model::Timeline,
    query: &ArchiveQuery,
    limit: usize,
) -> ArchiveResults {
    let mut order: Vec<usize> = (0..timeline.sources.len())
        .filter(|&i| {
            timeline
                .sources
                .get(i)
                .is_some_and(|s| s.record.file.is_some())
        })
        .collect();
    order.sort_by_key(|&i| {
        std::cmp::Reverse(timeline.sources.get(i).map(|s| s.published.last_day()))
    });
    let mut results = ArchiveResults::default();
    for source in order {
        let Some(article) = timeline.sources.get(source) else {
            continue;
        };
        let mut hits = query.hits(&article.text);
        results.total += hits.len();
        hits.truncate(limit.saturating_sub(results.kept()));
        if !hits.is_empty() {
            results.sources.push(SourceHits { source, hits });
        }
    }
    results
}

/// The sentence of `text` that holds `hit` (UAX #29, as suggestions split them), trimmed: what
/// citing a hit quotes. The hit itself when it runs across sentences.
pub fn sentence_around(text: &str, hit: &Range<usize>) -> Range<usize> {
    // Only the hit's paragraph is split, so that a long article costs no more than its line.
    let start = text
        .get(..hit.start)
        .and_then(|before| before.rfind('\n'))
        .map_or(0, |n| n + 1);
    let end = text
        .get(hit.end..)
        .and_then(|after| after.find('\n'))
        .map_or(text.len(), |n| hit.end + n);
    let Some(paragraph) = text.get(start..end) else {
        return hit.clone();
    };
    crate::timeline::suggest::sentences(paragraph)
        .into_iter()
        .map(|r| start + r.start..start + r.end)
        .find(|r| r.start <= hit.start && hit.end <= r.end)
        .unwrap_or_else(|| hit.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found<'t>(query: &str, text: &'t str) -> Vec<&'t str> {
        ArchiveQuery::parse(query)
            .unwrap()
            .hits(text)
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    /// What `query` finds in `text` with the patterns of every accented letter.
    fn with_every_accent(query: &ArchiveQuery, text: &str) -> Vec<Range<usize>> {
        ArchiveQuery::hits_with(&query.every, text)
    }

    #[test]
    fn case_diacritics_and_quotes_do_not_matter() {
        let text =
            "Lithuanian President Gitanas Nausėda said “no” to the NAUSEDA plan. Ukraine’s army.";
        assert_eq!(found("nauseda", text), ["Nausėda", "NAUSEDA"]);
        assert_eq!(found("Nausėda", text), ["Nausėda", "NAUSEDA"]);
        assert_eq!(found("ukraine's", text), ["Ukraine’s"]);
        assert_eq!(
            ArchiveQuery::parse("\"\"").unwrap_err(),
            QueryError::Empty,
            "an empty phrase is not a term"
        );
    }

    #[test]
    fn words_in_any_order_near_each_other_and_exact_phrases() {
        let filler =
            "and then many unrelated words about the weather, the markets and the football. "
                .repeat(3);
        let text = &format!(
            "The talks in Riyadh began. {filler}Moscow said nothing.\nRiyadh and Moscow agreed."
        );
        assert_eq!(found("moscow riyadh", text), ["Riyadh and Moscow"]);
        assert_eq!(found("\"talks in riyadh\"", text), ["talks in Riyadh"]);
        assert_eq!(found("\"talks   in\nriyadh\"", text), ["talks in Riyadh"]);
        assert!(found("\"riyadh talks\"", text).is_empty());
    }

    #[test]
    fn text_without_accents_finds_what_the_accented_patterns_find() {
        // An "é" on a line of its own makes a text take the accented patterns; the hits before
        // it must be the same as the plain patterns' on the text without it.
        let text = "Security guarantees, SECURITY GUARANTEES and security   guarantees.\n\
            The long s in \u{17f}ecurity, the Kelvin sign in \u{212a}yiv, \u{201c}quotes\u{201d} \
            and \u{2019}curly\u{2019} ones, a dash \u{2013} here; US and us, nauseda.";
        for query in [
            "security",
            "\"security guarantees\"",
            "guarantees security",
            "kyiv",
            "\"'curly'\"",
            "\"quotes\"",
            "us",
            "nauseda",
            "-",
        ] {
            let parsed = ArchiveQuery::parse(query).unwrap();
            let plain = parsed.hits(text);
            assert_eq!(plain, with_every_accent(&parsed, text), "{query}");
            let forced = format!("{text}\n\u{e9}");
            let accented: Vec<_> = parsed
                .hits(&forced)
                .into_iter()
                .filter(|r| r.end <= text.len())
                .collect();
            assert_eq!(plain, accented, "{query}");
        }
        assert_eq!(found("kyiv", "in \u{212a}yiv"), ["\u{212a}yiv"]);
    }

    #[test]
    fn a_text_searched_with_its_own_accents_finds_what_every_accent_finds() {
        let text = "Nausėda, NAUSĖDA and Nauseda; Zürich, ZURICH; São Paulo, Łódź and lodz; \
            Ærø, Señor SENOR; the École, ecole; Çelik and celik; Dvořák, dvorak.\n\
            Security guarantees, Sécurité; garanties; ſecurity.";
        for query in [
            "nauseda",
            "zurich",
            "sao paulo",
            "lodz",
            "senor",
            "ecole",
            "celik",
            "dvorak",
            "\"security guarantees\"",
            "securite",
            "a",
            "e",
            "łódź",
            "z lodz",
        ] {
            let parsed = ArchiveQuery::parse(query).unwrap();
            let own = parsed.hits(text);
            assert_eq!(own, with_every_accent(&parsed, text), "{query}");
            assert!(!own.is_empty(), "{query}");
            // The same again, from the cache.
            assert_eq!(parsed.hits(text), own, "{query}");
        }
        // Past the sets a query builds for, the patterns with every accent find the same.
        let query = ArchiveQuery::parse("e").unwrap();
        let accented: Vec<char> = VARIANTS[&'e'].chars().collect();
        for (i, a) in accented.iter().enumerate() {
            for b in &accented[i..] {
                let text = format!("x {a} y {b} z e");
                assert_eq!(
                    query.hits(&text),
                    with_every_accent(&query, &text),
                    "{text}"
                );
            }
        }
        assert_eq!(query.by_accents.lock().unwrap().len(), MAX_ACCENT_SETS);
        assert_eq!(found("lodz", "Łódź and lodz"), ["Łódź", "lodz"]);
        assert_eq!(found("łódź", "Łódź and lodz"), ["Łódź", "lodz"]);
        assert_eq!(found("oresund", "the Øresund bridge"), ["Øresund"]);
        assert_eq!(found("dvorak", "Dvořák, dvorak"), ["Dvořák", "dvorak"]);
    }

    #[test]
    fn many_hits_on_many_lines_cost_linear_time() {
        // 400,000 short lines of the same two words: each hit is checked by lookups.
        let text = "us\nus x\n".repeat(200_000);
        let query = ArchiveQuery::parse("us x").unwrap();
        assert_eq!(query.hits(&text).len(), 200_000);
    }

    #[test]
    fn bad_queries_are_refused_by_name_and_context_stays_on_its_line() {
        assert_eq!(ArchiveQuery::parse("  ").unwrap_err(), QueryError::Empty);
        assert!(matches!(
            ArchiveQuery::parse(&"a".repeat(600)),
            Err(QueryError::TooLong(600))
        ));
        // Regex syntax in a query is text; a word is found where a word starts.
        assert_eq!(found("(a+)+$", "x (a+)+$ y"), ["(a+)+$"]);
        assert_eq!(found("us", "Nausėda and the US use"), ["US", "us"]);
        let text = "first line\nthe hit is here, the end\nlast";
        let at = text.find("hit").unwrap();
        let around = context(text, &(at..at + 3), 100);
        assert_eq!(&text[around], "the hit is here, the end");
    }

    #[test]
    fn a_timeline_is_searched_newest_source_first_within_the_limit() {
        let timeline = crate::load::fixture::small().timeline;
        let query = ArchiveQuery::parse("the").unwrap();
        let all = search_timeline(&timeline, &query, usize::MAX);
        assert_eq!(all.sources.len(), 3, "{all:?}");
        assert_eq!(all.total, all.kept());
        let days: Vec<_> = all
            .sources
            .iter()
            .map(|s| timeline.sources[s.source].published.last_day())
            .collect();
        assert!(days.windows(2).all(|w| w[0] >= w[1]), "{days:?}");
        for (source, hit) in all.iter() {
            let text = &timeline.sources[source].text;
            assert!(text[hit.clone()].eq_ignore_ascii_case("the"));
        }
        // A limit keeps the first hits in that order and still counts every one.
        let limit = all.total - 1;
        let fewer = search_timeline(&timeline, &query, limit);
        assert_eq!(fewer.kept(), limit);
        assert_eq!(fewer.total, all.total);
        assert!(fewer.iter().eq(all.iter().take(limit)));
    }

    #[test]
    fn a_hit_is_cited_as_its_sentence() {
        let text = "Title line\nFirst one. The talks in Riyadh ended. After.\nNext line.";
        let at = text.find("Riyadh").unwrap();
        let sentence = sentence_around(text, &(at..at + 6));
        assert_eq!(&text[sentence], "The talks in Riyadh ended.");
        // A hit across sentences stays the hit.
        let from = text.find("ended").unwrap();
        let to = text.find("After").unwrap() + 5;
        assert_eq!(sentence_around(text, &(from..to)), from..to);
    }
}
