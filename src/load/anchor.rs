//! Resolving a quoted passage (a W3C `TextQuoteSelector`) to a byte range of its article.
//!
//! Three tiers are tried in order: the quote as is, the quote after typographic folding, and an
//! edit-distance match accepted only above [`APPROXIMATE_THRESHOLD`]. A weak match is refused:
//! a citation that points at the wrong passage is worse than one that says it is lost.

use std::borrow::Cow;

use rustc_hash::FxHashMap;
use smallvec::SmallVec;

pub use crate::model::anchor::{Anchor, AnchorQuality, PackedAnchor};
use std::ops::Range;

/// Smallest similarity (1 − edits / quote length, after folding) an approximate match needs.
pub const APPROXIMATE_THRESHOLD: f64 = 0.9;

/// Shortest folded quote, in bytes, that may be matched approximately: below this a few edits
/// turn any phrase into another one.
pub const APPROXIMATE_MIN_LEN: usize = 24;

/// Longest folded quote, in bytes, that may be matched approximately. Past this, a quote must
/// occur as written or after folding: the approximate search's cost grows with the quote's
/// length, and a quote this long with a typo is better fixed than guessed at.
pub const APPROXIMATE_MAX_LEN: usize = 1000;

/// Places in an article that an approximate search looks at closely, per quote, best first.
const APPROXIMATE_WINDOWS: usize = 8;

/// Hits kept per piece of a quote while looking for places an approximate match could be.
const PIECE_HITS: usize = 32;

/// How many text bytes one search per pattern may scan for each pattern byte before the
/// automaton is built instead: building it costs a few hundred times more per pattern byte than a
/// vectorised scan costs per text byte (measured on a million citations of a thousand short
/// articles, BENCHMARKS.md).
const MEMMEM_BYTES_PER_PATTERN_BYTE: usize = 256;

/// Patterns are found together by their first bytes (at most this many), in one pass with a
/// rolling hash over the text, when enough of them ([`WINDOW_MIN_PATTERNS`]) fall in one class of
/// [`WINDOW_CLASSES`].
const WINDOW_BYTES: usize = 32;

/// Lengths (shortest, longest) of the patterns found in one rolling-hash pass, by as many first
/// bytes as the class's shortest pattern has: a class of its own for long quotes keeps one short
/// quote from making every long one match wherever a few common words do.
const WINDOW_CLASSES: [(usize, usize); 3] = [(32, usize::MAX), (16, 31), (8, 15)];

/// From this many patterns of a class, one rolling-hash pass costs less than a vectorised
/// search per pattern over a short article (each of those scans the whole article, to know
/// whether a second hit exists), or an automaton over a long one.
const WINDOW_MIN_PATTERNS: usize = 16;

/// A pattern's first hits, inline up to the two a quote needs (is it there, is it there again):
/// a million quotes would otherwise make a million small lists.
type Hits = SmallVec<[usize; 2]>;

/// One passage to find: the quote and the context around it, as a citation gives them.
#[derive(Clone, Copy, Debug, Default)]
pub struct Quote<'a> {
    /// The quoted passage.
    pub quote: &'a str,
    /// Text just before it, if given.
    pub prefix: Option<&'a str>,
    /// Text just after it, if given.
    pub suffix: Option<&'a str>,
}

/// Resolves `quote` (with optional `prefix` / `suffix` context) against `text`.
///
/// ```
/// use sourceline::load::anchor::{AnchorQuality, anchor};
/// let text = "a key\u{00A0}Western ally \u{2013} faces a dilemma";
/// let found = anchor(text, "key Western ally - faces", None, None);
/// assert_eq!(found.quality, AnchorQuality::Normalised);
/// assert_eq!(&text[found.range.unwrap()], "key\u{00A0}Western ally \u{2013} faces");
/// ```
pub fn anchor(text: &str, quote: &str, prefix: Option<&str>, suffix: Option<&str>) -> Anchor {
    anchor_all(
        text,
        &[Quote {
            quote,
            prefix,
            suffix,
        }],
    )
    .pop()
    .unwrap_or_default()
}

/// Resolves every quote of one article at once, as [`anchor`] would one by one.
///
/// Each tier makes one pass over the article for all the quotes still unresolved: an
/// Aho–Corasick automaton over the quotes (and their context) finds them all together, so many
/// citations of a large article cost about one scan of it, and repetitive text cannot make the
/// search quadratic (each pattern stops counting at its second hit). The article is folded once.
pub fn anchor_all(text: &str, quotes: &[Quote<'_>]) -> Vec<Anchor> {
    let blank = |q: &Quote<'_>| q.quote.trim().is_empty();
    let mut anchors: Vec<Anchor> = quotes
        .iter()
        .zip(find_with_context(text, quotes))
        .map(|(q, found)| match found {
            Some((start, ambiguous)) if !blank(q) => Anchor {
                quality: AnchorQuality::Exact,
                range: Some(start..start + q.quote.len()),
                ambiguous,
            },
            _ => Anchor::not_found(),
        })
        .collect();
    let missing: Vec<usize> = (0..quotes.len())
        .filter(|&i| anchors[i].range.is_none() && !blank(&quotes[i]))
        .collect();
    if missing.is_empty() {
        return anchors;
    }

    let folded_text = Folded::new(text);
    let folded: Vec<(String, Option<String>, Option<String>)> = missing
        .iter()
        .map(|&i| {
            let q = quotes[i];
            (
                Folded::new(q.quote).text.trim().to_owned(),
                q.prefix
                    .map(|p| Folded::new(p).text.trim_start().to_owned()),
                q.suffix.map(|s| Folded::new(s).text.trim_end().to_owned()),
            )
        })
        .collect();
    let folded_quotes: Vec<Quote<'_>> = folded
        .iter()
        .map(|(quote, prefix, suffix)| Quote {
            quote,
            prefix: prefix.as_deref(),
            suffix: suffix.as_deref(),
        })
        .collect();
    let normalised = find_with_context(&folded_text.text, &folded_quotes);
    let mut approximate_wanted = Vec::new();
    for ((&i, found), q) in missing.iter().zip(normalised).zip(&folded_quotes) {
        match found {
            Some((start, ambiguous)) => {
                anchors[i] = Anchor {
                    quality: AnchorQuality::Normalised,
                    range: Some(folded_text.original_range(start..start + q.quote.len())),
                    ambiguous,
                };
            }
            None if (APPROXIMATE_MIN_LEN..=APPROXIMATE_MAX_LEN).contains(&q.quote.len()) => {
                approximate_wanted.push((i, q.quote));
            }
            None => {}
        }
    }
    let found = approximate(&folded_text, &approximate_wanted);
    for ((i, _), found) in approximate_wanted.iter().zip(found) {
        if let Some(found) = found {
            anchors[*i] = found;
        }
    }
    anchors
}

/// For each quote, where it occurs (its first hit among those whose surroundings agree best with
/// its context) and whether another hit agrees as well; `None` when it does not occur.
///
/// A hit agrees with the prefix when the text before it ends with the prefix, and with the
/// suffix when the text after it starts with it: so the hits agreeing with both are the
/// occurrences of prefix + quote + suffix, and the automaton looks for those strings too.
fn find_with_context<'q>(text: &str, quotes: &[Quote<'q>]) -> Vec<Option<(usize, bool)>> {
    /// Where to look for one distinct citation, best agreement first: each a pattern slot and
    /// the quote's offset in that pattern.
    struct Plan {
        both: Option<(usize, usize)>,
        one_side: [Option<(usize, usize)>; 2],
        bare: usize,
    }
    let mut patterns: Vec<Cow<'q, str>> = Vec::new();
    let mut slots: FxHashMap<Cow<'q, str>, usize> = FxHashMap::default();
    let mut slot = |pattern: Cow<'q, str>| -> usize {
        let next = patterns.len();
        *slots.entry(pattern).or_insert_with_key(|key| {
            patterns.push(key.clone());
            next
        })
    };
    // Identical citations (the same quote and context) are planned and answered once.
    let mut distinct: FxHashMap<(&'q str, Option<&'q str>, Option<&'q str>), usize> =
        FxHashMap::default();
    let mut plans: Vec<Plan> = Vec::new();
    let which: Vec<usize> = quotes
        .iter()
        .map(|q| {
            let prefix = q.prefix.filter(|p| !p.is_empty());
            let suffix = q.suffix.filter(|s| !s.is_empty());
            *distinct
                .entry((q.quote, prefix, suffix))
                .or_insert_with(|| {
                    let quote = q.quote;
                    let plan = Plan {
                        both: prefix
                            .zip(suffix)
                            .map(|(p, s)| (slot(Cow::Owned(format!("{p}{quote}{s}"))), p.len())),
                        one_side: [
                            prefix.map(|p| (slot(Cow::Owned(format!("{p}{quote}"))), p.len())),
                            suffix.map(|s| (slot(Cow::Owned(format!("{quote}{s}"))), 0)),
                        ],
                        bare: slot(Cow::Borrowed(quote)),
                    };
                    plans.push(plan);
                    plans.len() - 1
                })
        })
        .collect();
    drop(slots);
    let hits = first_hits(text.as_bytes(), &patterns, 2);
    let starts = |tier: &[Option<(usize, usize)>]| -> Option<(usize, bool)> {
        // At most three patterns of two hits each: kept on the stack.
        let mut starts: SmallVec<[usize; 8]> = tier
            .iter()
            .flatten()
            .flat_map(|&(slot, offset)| hits[slot].iter().map(move |h| h + offset))
            .collect();
        starts.sort_unstable();
        starts.dedup();
        starts.first().map(|&first| (first, starts.len() > 1))
    };
    let answers: Vec<Option<(usize, bool)>> = plans
        .iter()
        .map(|plan| {
            starts(&[plan.both])
                .or_else(|| starts(&plan.one_side))
                .or_else(|| starts(&[Some((plan.bare, 0))]))
        })
        .collect();
    which.into_iter().map(|i| answers[i]).collect()
}

/// For each pattern, the starts of its first `cap` non-overlapping occurrences in `haystack`
/// (the ones `str::match_indices` would give first), found in few passes for all patterns.
///
/// Patterns of a length class with enough members are found by a rolling hash of their first
/// bytes ([`hits_by_window`]); the others, and a class whose pass gave up, by a search per
/// pattern in a short text, else by an automaton.
///
/// The automaton reports every occurrence of every pattern, so on repetitive text a pattern
/// keeps matching after it has all it needs. When that happens often (more matches than a
/// budget of a few times the text's length), the automaton is rebuilt without the patterns that
/// are done and the pass resumes where it was: the work stays about one pass over the text plus
/// the patterns.
fn first_hits(haystack: &[u8], patterns: &[impl AsRef<str>], cap: usize) -> Vec<Hits> {
    let mut hits: Vec<Hits> = vec![Hits::new(); patterns.len()];
    let patterns: Vec<&[u8]> = patterns.iter().map(|p| p.as_ref().as_bytes()).collect();
    let mut alive: Vec<usize> = (0..patterns.len())
        .filter(|&p| !patterns[p].is_empty())
        .collect();
    // Work allowed a pass over the text for patterns of these many bytes: a few times the
    // text's length, whatever the patterns repeat.
    let budget_for = |pattern_bytes: usize| 4 * haystack.len() + 2 * pattern_bytes + 4096;
    // Many patterns of a length class are found together by their first bytes, in one
    // rolling-hash pass each; what that leaves (too few, too short, or past its budget) is
    // searched below.
    let mut rest = Vec::new();
    for (shortest, longest) in WINDOW_CLASSES {
        let class: Vec<usize> = alive
            .iter()
            .copied()
            .filter(|&p| (shortest..=longest).contains(&patterns[p].len()))
            .collect();
        let window = class
            .iter()
            .map(|&p| patterns[p].len())
            .min()
            .unwrap_or(shortest)
            .min(WINDOW_BYTES);
        let budget = budget_for(class.iter().map(|&p| patterns[p].len()).sum());
        if class.len() >= WINDOW_MIN_PATTERNS
            && hits_by_window(haystack, &patterns, &class, window, cap, budget, &mut hits)
        {
            continue;
        }
        for &p in &class {
            hits[p].clear();
        }
        rest.extend(class);
    }
    let in_no_class = |len: usize| {
        !WINDOW_CLASSES
            .iter()
            .any(|&(shortest, longest)| (shortest..=longest).contains(&len))
    };
    rest.extend(
        alive
            .iter()
            .copied()
            .filter(|&p| in_no_class(patterns[p].len())),
    );
    alive = rest;
    let pattern_bytes: usize = alive.iter().map(|&p| patterns[p].len()).sum();
    // Each pattern on its own, still linear per pattern.
    let one_by_one = |alive: &[usize], hits: &mut [Hits]| {
        for &p in alive {
            hits[p] = memchr::memmem::find_iter(haystack, patterns[p])
                .take(cap)
                .collect();
        }
    };
    if alive.len().saturating_mul(haystack.len())
        <= MEMMEM_BYTES_PER_PATTERN_BYTE.saturating_mul(pattern_bytes + 1)
    {
        // A short article cited by a few distinct quotes: a vectorised search per pattern
        // scans less than building the automaton would (its trie costs far more per pattern
        // byte than a scan costs per text byte), and the bound keeps the scans within a
        // constant of that build.
        one_by_one(&alive, &mut hits);
        return hits;
    }
    let budget = budget_for(pattern_bytes);
    let mut from = 0;
    while !alive.is_empty() {
        // A contiguous NFA: quick to build for a thousand long quotes of a short article (a DFA
        // took a fifth of a million-citation load to build) and still fast over a long one.
        let built = aho_corasick::AhoCorasick::builder()
            .kind(Some(aho_corasick::AhoCorasickKind::ContiguousNFA))
            .match_kind(aho_corasick::MatchKind::Standard)
            .build(alive.iter().map(|&p| patterns[p]));
        let Ok(automaton) = built else {
            // Too many patterns for the automaton.
            one_by_one(&alive, &mut hits);
            break;
        };
        let longest = alive.iter().map(|&p| patterns[p].len()).max().unwrap_or(0);
        let mut seen = 0_usize;
        let mut stopped_at = None;
        let input = aho_corasick::Input::new(haystack).span(from..haystack.len());
        for found in automaton.find_overlapping_iter(input) {
            let Some(&p) = alive.get(found.pattern().as_usize()) else {
                continue;
            };
            let list = &mut hits[p];
            let clear = list
                .last()
                .is_none_or(|&last| found.start() >= last + patterns[p].len());
            if clear && list.len() < cap {
                list.push(found.start());
            }
            seen += 1;
            if seen >= budget {
                stopped_at = Some(found.end());
                break;
            }
        }
        let Some(end) = stopped_at else { break };
        // Matches not yet reported end at or after `end`, so start at most `longest` before.
        from = end.saturating_sub(longest);
        alive.retain(|&p| hits[p].len() < cap);
    }
    hits
}

/// [`first_hits`] for patterns of at least `window` bytes, all in one pass: each pattern's first
/// `window` bytes are hashed into a table, a rolling hash of the text's windows of that length is
/// looked up in it at every position, and a hit is compared in full.
///
/// Returns false, with `hits` partly filled, when comparing would pass `budget` bytes: text
/// that repeats the patterns' beginnings (or collides with their hash) is left to a search
/// per pattern, which stays linear.
fn hits_by_window(
    haystack: &[u8],
    patterns: &[&[u8]],
    alive: &[usize],
    window: usize,
    cap: usize,
    budget: usize,
    hits: &mut [Hits],
) -> bool {
    /// The hash's base: odd, with its bits spread.
    const BASE: u64 = 0x9E37_79B9_7F4A_7C15;
    if window == 0 {
        return false;
    }
    // Bits of the filter in front of the table (from 8 KiB to 2 MiB, about 16 a pattern):
    // most windows stop there.
    let filter_bits = (alive.len() * 16)
        .next_power_of_two()
        .clamp(1 << 16, 1 << 24)
        .trailing_zeros();
    let hash = |bytes: &[u8]| {
        bytes.iter().fold(0_u64, |h, &b| {
            h.wrapping_mul(BASE).wrapping_add(u64::from(b))
        })
    };
    // BASE^(window - 1): the weight of the byte leaving the window.
    let leaving = (1..window).fold(1_u64, |w, _| w.wrapping_mul(BASE));
    let slot = |h: u64| (h >> (64 - filter_bits)) as usize;
    let mut filter = vec![0_u64; (1 << filter_bits) / 64];
    // Patterns by the hash of their first bytes, chained where they share it.
    let mut first: FxHashMap<u64, usize> = FxHashMap::default();
    let mut next_same: Vec<usize> = vec![usize::MAX; alive.len()];
    for (k, &p) in alive.iter().enumerate() {
        let Some(head) = patterns[p].get(..window) else {
            return false;
        };
        let h = hash(head);
        filter[slot(h) / 64] |= 1 << (slot(h) % 64);
        if let Some(previous) = first.insert(h, k) {
            next_same[k] = previous;
        }
    }
    let Some(first_window) = haystack.get(..window) else {
        return true; // shorter than every pattern: no hits
    };
    let mut h = hash(first_window);
    let mut compared = 0_usize;
    for start in 0..=haystack.len() - window {
        if start > 0 {
            let out = u64::from(haystack[start - 1]);
            let incoming = u64::from(haystack[start + window - 1]);
            h = h
                .wrapping_sub(out.wrapping_mul(leaving))
                .wrapping_mul(BASE)
                .wrapping_add(incoming);
        }
        if filter[slot(h) / 64] & (1 << (slot(h) % 64)) == 0 {
            continue;
        }
        let mut k = first.get(&h).copied().unwrap_or(usize::MAX);
        while let Some(&p) = alive.get(k) {
            k = next_same[k];
            // Every pattern looked at counts, compared or not: many patterns that share their
            // first bytes, found already, would otherwise be walked past at every window.
            compared += 1;
            let pattern = patterns[p];
            let list = &mut hits[p];
            let clear = list.len() < cap
                && list
                    .last()
                    .is_none_or(|&last| start >= last + pattern.len());
            if !clear {
                if compared > budget {
                    return false;
                }
                continue;
            }
            compared += pattern.len();
            if compared > budget {
                return false;
            }
            if haystack[start..].starts_with(pattern) {
                list.push(start);
            }
        }
    }
    true
}

/// Finds, for each folded quote, the passage of the folded text within the approximate
/// threshold, if any.
///
/// An approximate match with at most k edits contains at least one of k + 1 disjoint pieces of
/// the quote unchanged. So all pieces of all quotes are found in one pass, each piece hit
/// proposes where its quote would start, and only the few places with the most proposals are
/// compared character by character. The cost is one pass over the article plus, per quote, a
/// bounded number of windows about as long as the quote.
fn approximate(folded_text: &Folded, quotes: &[(usize, &str)]) -> Vec<Option<Anchor>> {
    if quotes.is_empty() {
        return Vec::new();
    }
    let haystack = folded_text.text.as_bytes();
    let mut pieces: Vec<String> = Vec::new();
    let mut piece_of: Vec<Vec<(usize, usize)>> = Vec::new(); // per quote: (piece slot, offset)
    for (_, quote) in quotes {
        let max_edits = max_edits(quote.len());
        let count = max_edits as usize + 1;
        let mut own = Vec::with_capacity(count);
        let mut start = 0;
        for k in 1..=count {
            let mut end = quote.len() * k / count;
            while !quote.is_char_boundary(end) {
                end += 1;
            }
            if end > start {
                own.push((pieces.len(), start));
                pieces.push(quote[start..end].to_owned());
            }
            start = end;
        }
        piece_of.push(own);
    }
    let hits = first_hits(haystack, &pieces, PIECE_HITS);
    quotes
        .iter()
        .zip(&piece_of)
        .map(|((_, quote), own)| {
            let max_edits = max_edits(quote.len());
            let slack = max_edits as usize;
            let mut proposals: Vec<usize> = own
                .iter()
                .flat_map(|&(slot, offset)| {
                    hits[slot].iter().map(move |&h| h.saturating_sub(offset))
                })
                .collect();
            proposals.sort_unstable();
            // Nearby proposals are one place: a window around them, with its count of votes.
            let mut windows: Vec<(usize, Range<usize>)> = Vec::new();
            for start in proposals {
                let from = start.saturating_sub(slack);
                let to = (start + quote.len() + slack).min(haystack.len());
                match windows.last_mut() {
                    Some((votes, window)) if from <= window.start + slack => {
                        *votes += 1;
                        window.end = window.end.max(to);
                    }
                    _ => windows.push((1, from..to)),
                }
            }
            windows.sort_by_key(|(votes, window)| (std::cmp::Reverse(*votes), window.start));
            let best = windows
                .iter()
                .take(APPROXIMATE_WINDOWS)
                .filter_map(|(_, window)| {
                    triple_accel::levenshtein::levenshtein_search_simd_with_opts(
                        quote.as_bytes(),
                        haystack.get(window.clone())?,
                        max_edits,
                        triple_accel::SearchType::Best,
                        triple_accel::levenshtein::LEVENSHTEIN_COSTS,
                        false,
                    )
                    .map(|m| (m.k, window.start + m.start, window.start + m.end))
                    .min()
                })
                .min()?;
            approximate_anchor(folded_text, quote.len(), best)
        })
        .collect()
}

/// Edits allowed in an approximate match of a quote of `len` folded bytes.
fn max_edits(len: usize) -> u32 {
    ((len as f64) * (1.0 - APPROXIMATE_THRESHOLD)).floor() as u32
}

/// The anchor of an approximate match `(edits, start, end)` in the folded text.
fn approximate_anchor(
    folded_text: &Folded,
    len: usize,
    (edits, start, end): (u32, usize, usize),
) -> Option<Anchor> {
    let score = 1.0 - f64::from(edits) / len as f64;
    if score < APPROXIMATE_THRESHOLD {
        return None;
    }
    // The search works on bytes; widen the match to whole characters.
    let text = &folded_text.text;
    let mut start = start.min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = end.clamp(start, text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    Some(Anchor {
        quality: AnchorQuality::Approximate { score },
        range: Some(folded_text.original_range(start..end)),
        ambiguous: false,
    })
}

/// Text with typography folded away, remembering where each folded byte came from.
struct Folded {
    text: String,
    /// For each byte of `text`, where the original text it stands for starts, and one more
    /// entry: the original's length. What a folded byte stands for ends where the next one's
    /// starts, since folding only merges (whitespace runs) and replaces; four bytes a byte.
    starts: Vec<u32>,
}

impl Folded {
    /// Folds Unicode whitespace runs (U+00A0 included) to one space, curly quotes and
    /// apostrophes to straight ones, and en/em dashes and kin to `-`.
    fn new(original: &str) -> Self {
        let offset = |i: usize| u32::try_from(i).unwrap_or(u32::MAX);
        let mut text = String::with_capacity(original.len());
        let mut starts = Vec::with_capacity(original.len() + 1);
        let mut in_space = false;
        for (i, c) in original.char_indices() {
            if c.is_whitespace() {
                if !in_space {
                    text.push(' ');
                    starts.push(offset(i));
                    in_space = true;
                }
                continue;
            }
            in_space = false;
            let folded = match c {
                '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' => '\'',
                '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' => '"',
                '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
                other => other,
            };
            text.push(folded);
            for _ in 0..folded.len_utf8() {
                starts.push(offset(i));
            }
        }
        starts.push(offset(original.len()));
        Self { text, starts }
    }

    /// Maps a byte range of the folded text back to the original text.
    fn original_range(&self, folded: Range<usize>) -> Range<usize> {
        let mut end = folded.end.min(self.text.len());
        while !self.text.is_char_boundary(end) {
            end += 1;
        }
        match (self.starts.get(folded.start), self.starts.get(end)) {
            (Some(&first), Some(&last)) if end > folded.start => first as usize..last as usize,
            (Some(&first), _) => first as usize..first as usize,
            _ => 0..0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "Trump called Zelenskyy \u{201C}a dictator\u{201D}, and\u{00A0}accused him \u{2013} again. \
                        The talks ended. Then the talks ended again.";

    #[test]
    fn exact_match_gives_the_byte_range() {
        let a = anchor(TEXT, "Trump called Zelenskyy", None, None);
        assert_eq!(a.quality, AnchorQuality::Exact);
        assert_eq!(a.range, Some(0..22));
        assert!(!a.ambiguous);
    }

    #[test]
    fn non_breaking_space_and_typography_fold() {
        let quote = "\"a dictator\", and accused him - again.";
        let a = anchor(TEXT, quote, None, None);
        assert_eq!(a.quality, AnchorQuality::Normalised);
        let range = a.range.clone().unwrap();
        assert_eq!(
            &TEXT[range],
            "\u{201C}a dictator\u{201D}, and\u{00A0}accused him \u{2013} again."
        );
    }

    #[test]
    fn whitespace_runs_fold_to_one_space() {
        let text = "security\n\n   guarantees for Ukraine";
        let a = anchor(text, "security guarantees", None, None);
        assert_eq!(a.quality, AnchorQuality::Normalised);
        assert_eq!(&text[a.range.unwrap()], "security\n\n   guarantees");
    }

    #[test]
    fn repeated_quote_is_ambiguous_without_context() {
        let a = anchor(TEXT, "the talks ended", None, None);
        assert_eq!(a.quality, AnchorQuality::Exact);
        assert!(!a.ambiguous, "only one lower-case hit");
        let a = anchor(TEXT, "talks ended", None, None);
        assert!(a.ambiguous);
        assert_eq!(a.range.map(|r| r.start), TEXT.find("talks ended"));
    }

    #[test]
    fn prefix_and_suffix_pick_the_right_hit() {
        let second = TEXT.rfind("talks ended").unwrap();
        let a = anchor(TEXT, "talks ended", Some("Then the "), None);
        assert_eq!(a.range.clone().map(|r| r.start), Some(second));
        assert!(!a.ambiguous);
        let a = anchor(TEXT, "talks ended", None, Some(" again"));
        assert_eq!(a.range.map(|r| r.start), Some(second));
        let first = TEXT.find("talks ended").unwrap();
        let a = anchor(TEXT, "talks ended", None, Some("."));
        assert_eq!(a.range.map(|r| r.start), Some(first));
    }

    #[test]
    fn context_also_disambiguates_after_folding() {
        let text = "a\u{00A0}pledge here; another a\u{00A0}pledge there";
        let a = anchor(text, "a pledge", None, Some(" there"));
        assert_eq!(a.quality, AnchorQuality::Normalised);
        assert!(!a.ambiguous);
        assert_eq!(a.range.map(|r| r.start), text.rfind("a\u{00A0}pledge"));
    }

    #[test]
    fn a_close_misquote_anchors_approximately() {
        let text =
            "European leaders wrapped up a crisis-packed trip to the White House feeling steady.";
        let a = anchor(
            text,
            "European leaders wraped up a crisis packed trip to the White House",
            None,
            None,
        );
        let AnchorQuality::Approximate { score } = a.quality else {
            panic!("expected approximate, got {:?}", a.quality)
        };
        assert!((APPROXIMATE_THRESHOLD..1.0).contains(&score), "{score}");
        let found = &text[a.range.unwrap()];
        assert!(found.starts_with("European leaders"), "{found}");
        assert!(found.ends_with("White House"), "{found}");
    }

    #[test]
    fn a_weak_match_is_refused() {
        let text =
            "European leaders wrapped up a crisis-packed trip to the White House feeling steady.";
        // Shares words but differs by far more than the threshold allows.
        let a = anchor(
            text,
            "Asian leaders began a calm, quiet trip to the Kremlin feeling uneasy.",
            None,
            None,
        );
        assert_eq!(a.quality, AnchorQuality::NotFound);
        assert_eq!(a.range, None);
        // Short quotes are never matched approximately.
        let a = anchor(text, "White Houze", None, None);
        assert_eq!(a.quality, AnchorQuality::NotFound);
    }

    #[test]
    fn hits_are_the_first_non_overlapping_ones_for_every_pattern_at_once() {
        let text = "In report 1 note 1, the talks ended. In report 1 note 2, the talks ended. \
                    aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa end.";
        let patterns: Vec<String> = [
            "In report 1 note 2, the talks ended.",
            "the talks ended",
            "aaa",
            "a",
            "aa",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa end.",
            "not in the text at all, not even close",
        ]
        .map(str::to_owned)
        .to_vec();
        for cap in [1, 2, 5] {
            assert_hits_as_match_indices(text, &patterns, cap);
        }
    }

    /// `first_hits` against `match_indices`, pattern by pattern.
    fn assert_hits_as_match_indices(text: &str, patterns: &[String], cap: usize) {
        let hits = first_hits(text.as_bytes(), patterns, cap);
        for (pattern, hits) in patterns.iter().zip(hits) {
            let expected: Vec<usize> = text
                .match_indices(pattern.as_str())
                .map(|(i, _)| i)
                .take(cap)
                .collect();
            assert_eq!(hits.to_vec(), expected, "{pattern} (cap {cap})");
        }
    }

    #[test]
    fn many_long_patterns_found_by_their_first_bytes_hit_as_match_indices() {
        // Enough long patterns for the rolling-hash pass: sentences that repeat, overlap
        // themselves, share their first 32 bytes with others, open and close the text, or are
        // missing; and short ones beside them, searched one by one.
        let sentences: Vec<String> = (0..24)
            .map(|n| format!("In report 7 note {n:02}, the delegations discussed guarantees {n}."))
            .collect();
        let mut text = sentences.join(" ");
        text.push(' ');
        text.push_str(&sentences[3]);
        text.push_str(" abababababababababababababababababababababab end ");
        text.push_str(&sentences[23]);
        let mut patterns = sentences.clone();
        patterns.push(format!("{} In report 7 note 01", sentences[0]));
        patterns.push("abababababababababababababababababab".to_owned());
        patterns.push("In report 7 note 99, the delegations discussed nothing.".to_owned());
        patterns.push("In report 7 note 05, the delegations discussed guarantees".to_owned());
        patterns.push("note".to_owned());
        patterns.push("guarantees 2".to_owned());
        assert!(patterns.iter().filter(|p| p.len() >= WINDOW_BYTES).count() >= WINDOW_MIN_PATTERNS);
        for cap in [1, 2, 5] {
            assert_hits_as_match_indices(&text, &patterns, cap);
        }
    }

    #[test]
    fn short_quotes_of_each_length_class_hit_as_match_indices() {
        // A long article of numbered notes, cited by short quotes in every class of lengths
        // (and some too short for any): each class is found in a pass of its own.
        let text = (0..3000)
            .map(|n| format!("In report 4 note {n}, the envoys met again."))
            .collect::<Vec<_>>()
            .join(" ");
        let mut patterns: Vec<String> = Vec::new();
        for n in (0..4000).step_by(97) {
            patterns.push(format!("note {n}, the")); // 12 to 15 bytes; past 2999 absent
            patterns.push(format!("note {n}, the envoys")); // 19 to 22 bytes
        }
        patterns.extend(
            [
                "met",
                "note",
                "envoys met again. In",
                "again. In report 4 note 1",
            ]
            .map(str::to_owned),
        );
        for (shortest, longest) in WINDOW_CLASSES {
            let in_class = patterns
                .iter()
                .filter(|p| (shortest..=longest).contains(&p.len()))
                .count();
            assert!(
                in_class >= WINDOW_MIN_PATTERNS || shortest == WINDOW_BYTES,
                "{shortest}"
            );
        }
        for cap in [1, 2, 3] {
            assert_hits_as_match_indices(&text, &patterns, cap);
        }
    }

    #[test]
    fn random_texts_of_few_letters_hit_as_match_indices_in_every_pass() {
        // Texts of a few letters repeat and overlap everywhere: patterns cut from them (in every
        // length class, often enough for a rolling-hash pass) and made up beside them hit
        // where `match_indices` says, whether a pass finishes or gives up past its budget.
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = |below: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % below as u64) as usize
        };
        for round in 0..120 {
            let letters = ["ab", "abc", "ab c", "the talks "][round % 4].as_bytes();
            let len = 200 + next(3000);
            let text: String = (0..len)
                .map(|_| char::from(letters[next(letters.len())]))
                .collect();
            let mut patterns: Vec<String> = (0..20 + next(40))
                .map(|_| {
                    let at = next(text.len() - 60);
                    let len = [8, 12, 16, 24, 32, 48][next(6)] + next(4);
                    text[at..at + len].to_owned()
                })
                .collect();
            patterns.extend((0..next(20)).map(|_| {
                (0..8 + next(40))
                    .map(|_| char::from(letters[next(letters.len())]))
                    .collect::<String>()
            }));
            for cap in [1, 2] {
                assert_hits_as_match_indices(&text, &patterns, cap);
            }
        }
    }

    #[test]
    fn patterns_found_already_still_count_against_the_budget() {
        // Forty patterns sharing their first 32 bytes (one window) are each found once at the
        // start, for a few thousand bytes compared; then a long run of those bytes matches all
        // their first bytes at every window. Walking past the forty there, found already, must
        // count: the pass gives up instead of walking on.
        let stem = "x".repeat(WINDOW_BYTES);
        let patterns: Vec<String> = (0..40).map(|n| format!("{stem}y{n:02}")).collect();
        let text = format!("{}{}", patterns.join(" "), "x".repeat(20_000));
        let bytes: Vec<&[u8]> = patterns.iter().map(String::as_bytes).collect();
        let all: Vec<usize> = (0..patterns.len()).collect();
        let mut hits = vec![Hits::new(); patterns.len()];
        let budget = 4 * text.len();
        assert!(!hits_by_window(
            text.as_bytes(),
            &bytes,
            &all,
            WINDOW_BYTES,
            1,
            budget,
            &mut hits
        ));
        assert_hits_as_match_indices(&text, &patterns, 1);
    }

    #[test]
    fn repeated_beginnings_past_the_budget_fall_back_and_keep_the_answers() {
        // Forty patterns that share their first 40 bytes with a text made of those bytes,
        // and differ only after them: every window of the text matches every pattern's first
        // bytes, so comparing would be quadratic. The pass gives up and the search per pattern
        // answers.
        let stem = "x".repeat(40);
        let text = format!("{}{stem}y7", stem.repeat(50));
        let patterns: Vec<String> = (0..40).map(|n| format!("{stem}y{n}")).collect();
        let bytes: Vec<&[u8]> = patterns.iter().map(String::as_bytes).collect();
        let all: Vec<usize> = (0..patterns.len()).collect();
        let mut hits = vec![Hits::new(); patterns.len()];
        assert!(!hits_by_window(
            text.as_bytes(),
            &bytes,
            &all,
            WINDOW_BYTES,
            2,
            4 * text.len(),
            &mut hits
        ));
        for cap in [1, 2] {
            assert_hits_as_match_indices(&text, &patterns, cap);
        }
    }

    #[test]
    fn a_budget_rebuild_on_repetitive_text_keeps_the_answers() {
        // Forty patterns that each match almost everywhere in a run of one letter, and one
        // that only occurs at the very end: the pass must rebuild and still find it.
        let text = format!("{}b", "a".repeat(20_000));
        let mut patterns: Vec<String> = (1..=40).map(|n| "a".repeat(n)).collect();
        patterns.push("aab".to_owned());
        let hits = first_hits(text.as_bytes(), &patterns, 2);
        for (n, hits) in hits.iter().take(40).enumerate() {
            assert_eq!(hits.to_vec(), vec![0, n + 1]);
        }
        assert_eq!(hits[40].to_vec(), vec![text.len() - 3]);
    }

    #[test]
    fn many_quotes_together_anchor_as_each_alone() {
        let quotes = [
            ("the talks ended", None, None),
            ("talks ended", None, Some(" again")),
            ("talks ended", Some("Then the "), Some(".")),
            ("talks ended", Some("The "), Some(" again")),
            ("a dictator\", and accused", None, None),
            ("Trump caled Zelenskyy \"a dictator\"", None, None),
            ("nowhere to be found in this text", None, None),
            ("", None, None),
        ];
        let batch: Vec<Quote<'_>> = quotes
            .iter()
            .map(|&(quote, prefix, suffix)| Quote {
                quote,
                prefix,
                suffix,
            })
            .collect();
        let together = anchor_all(TEXT, &batch);
        for (q, found) in batch.iter().zip(together) {
            assert_eq!(found, anchor(TEXT, q.quote, q.prefix, q.suffix), "{q:?}");
        }
        // Context that agrees on one side only still picks, and is ambiguous between sides.
        let a = anchor(TEXT, "talks ended", Some("The "), Some(" again"));
        assert!(a.ambiguous);
        assert_eq!(a.range.map(|r| r.start), TEXT.find("talks ended"));
    }

    #[test]
    fn an_anchor_packs_and_unpacks_as_it_was() {
        let anchors = [
            Anchor::default(),
            Anchor {
                quality: AnchorQuality::Exact,
                range: Some(3..17),
                ambiguous: true,
            },
            Anchor {
                quality: AnchorQuality::Normalised,
                range: Some(0..16 * 1024 * 1024),
                ambiguous: false,
            },
            Anchor {
                quality: AnchorQuality::Approximate { score: 0.5 },
                range: Some(40..41),
                ambiguous: false,
            },
        ];
        for anchor in anchors {
            let packed = PackedAnchor::new(&anchor);
            assert_eq!(packed.get(), anchor);
            assert_eq!(packed.quality(), anchor.quality);
        }
        assert_eq!(PackedAnchor::default().get(), Anchor::default());
        // A score keeps what a percentage shows.
        let approximate = Anchor {
            quality: AnchorQuality::Approximate { score: 0.937 },
            range: Some(1..2),
            ambiguous: false,
        };
        let AnchorQuality::Approximate { score } = PackedAnchor::new(&approximate).get().quality
        else {
            panic!("still approximate");
        };
        assert!((score - 0.937).abs() < 1e-6);
        assert_eq!(std::mem::size_of::<PackedAnchor>(), 16);
    }

    #[test]
    fn empty_quote_is_not_found() {
        assert_eq!(
            anchor(TEXT, "", None, None).quality,
            AnchorQuality::NotFound
        );
        assert_eq!(
            anchor(TEXT, " \u{00A0} ", None, None).quality,
            AnchorQuality::NotFound
        );
    }

    #[test]
    fn folded_ranges_map_back_onto_char_boundaries() {
        let text = "Nausėda: \u{201C}2%\u{201D}\u{2014}eleven years ago";
        let a = anchor(text, "\"2%\"-eleven", None, None);
        assert_eq!(a.quality, AnchorQuality::Normalised);
        assert_eq!(&text[a.range.unwrap()], "\u{201C}2%\u{201D}\u{2014}eleven");
    }
}
