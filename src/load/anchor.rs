//! Resolving a quoted passage (a W3C `TextQuoteSelector`) to a byte range of its article.
//!
//! Three tiers are tried in order: the quote as is, the quote after typographic folding, and an
//! edit-distance match accepted only above [`APPROXIMATE_THRESHOLD`]. A weak match is refused:
//! a citation that points at the wrong passage is worse than one that says it is lost.

use std::fmt;
use std::ops::Range;

/// Smallest similarity (1 − edits / quote length, after folding) an approximate match needs.
pub const APPROXIMATE_THRESHOLD: f64 = 0.9;

/// Shortest folded quote, in bytes, that may be matched approximately: below this a few edits
/// turn any phrase into another one.
pub const APPROXIMATE_MIN_LEN: usize = 24;

/// How well a citation anchored.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum AnchorQuality {
    /// The quote occurs in the article as written.
    Exact,
    /// The quote occurs once whitespace, quotes and dashes are folded.
    Normalised,
    /// The quote matches a passage with a few edits; `score` is the similarity in `0..=1`.
    Approximate {
        /// 1 − edits / quote length, after folding.
        score: f64,
    },
    /// Nothing similar enough was found.
    NotFound,
}

impl AnchorQuality {
    /// Short lower-case name, as printed by `sourceline check`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Exact => "exact",
            Self::Normalised => "normalised",
            Self::Approximate { .. } => "approximate",
            Self::NotFound => "not found",
        }
    }
}

impl fmt::Display for AnchorQuality {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Approximate { score } => write!(f, "approximate ({:.0}% similar)", score * 100.0),
            other => f.write_str(other.name()),
        }
    }
}

/// Where a quote anchored in its article.
#[derive(Clone, Debug, PartialEq)]
pub struct Anchor {
    /// How well it anchored.
    pub quality: AnchorQuality,
    /// Byte range in the original article text; `None` when not found.
    pub range: Option<Range<usize>>,
    /// True when several passages fit equally well and the first was taken.
    pub ambiguous: bool,
}

impl Default for Anchor {
    fn default() -> Self {
        Self::not_found()
    }
}

impl Anchor {
    fn not_found() -> Self {
        Self {
            quality: AnchorQuality::NotFound,
            range: None,
            ambiguous: false,
        }
    }
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
    anchor_indexed(text, None, quote, prefix, suffix)
}

/// Like [`anchor`], finding exact hits through `index` (built over `text`) when the quote is at
/// least [`INDEX_WINDOW`] bytes long. The answer is the same as without the index.
pub fn anchor_indexed(
    text: &str,
    index: Option<&ArticleIndex>,
    quote: &str,
    prefix: Option<&str>,
    suffix: Option<&str>,
) -> Anchor {
    if quote.trim().is_empty() {
        return Anchor::not_found();
    }
    let hits = match index {
        Some(index) if quote.len() >= INDEX_WINDOW => index.find_all(text, quote),
        _ => memchr::memmem::find_iter(text.as_bytes(), quote.as_bytes()).collect(),
    };
    if !hits.is_empty() {
        let (start, ambiguous) = choose_hit(text, quote.len(), &hits, prefix, suffix);
        return Anchor {
            quality: AnchorQuality::Exact,
            range: Some(start..start + quote.len()),
            ambiguous,
        };
    }

    let folded_text = Folded::new(text);
    let folded_quote = Folded::new(quote).text;
    let folded_quote = folded_quote.trim();
    if folded_quote.is_empty() {
        return Anchor::not_found();
    }
    let folded_prefix = prefix.map(|p| Folded::new(p).text);
    let folded_suffix = suffix.map(|s| Folded::new(s).text);
    let hits: Vec<usize> = folded_text
        .text
        .match_indices(folded_quote)
        .map(|(i, _)| i)
        .collect();
    if !hits.is_empty() {
        let (start, ambiguous) = choose_hit(
            &folded_text.text,
            folded_quote.len(),
            &hits,
            folded_prefix.as_deref().map(str::trim_start),
            folded_suffix.as_deref().map(str::trim_end),
        );
        return Anchor {
            quality: AnchorQuality::Normalised,
            range: Some(folded_text.original_range(start..start + folded_quote.len())),
            ambiguous,
        };
    }

    approximate(&folded_text, folded_quote).unwrap_or_else(Anchor::not_found)
}

/// Length of the windows an [`ArticleIndex`] hashes. Quotes at least this long are looked up in
/// the index; shorter ones are searched for with memchr's `memmem`.
pub const INDEX_WINDOW: usize = 32;

const NO_POSITION: u32 = u32::MAX;
/// Multiplier of the rolling hash (odd, with well-spread bits).
const ROLL: u64 = 0x0100_0000_01b3_8f1d;

/// Every position of an article, chained by a hash of the [`INDEX_WINDOW`] bytes starting there,
/// so that finding all occurrences of a quote costs about the quote's length rather than a pass
/// over the article (which, for a thousand citations of one article, is what made loading slow).
#[derive(Clone, Debug)]
pub struct ArticleIndex {
    /// First position of each bucket's chain (the highest, as positions are added in order).
    heads: Vec<u32>,
    /// For each position, the next lower position in its bucket.
    next: Vec<u32>,
    /// 64 minus the number of bits of a bucket number.
    shift: u32,
}

impl ArticleIndex {
    /// Indexes `text`; texts of 4 GiB or more are not indexed (articles are capped at 16 MiB).
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let windows = bytes.len().saturating_sub(INDEX_WINDOW - 1);
        if windows == 0 || u32::try_from(bytes.len()).is_err() {
            return Self {
                heads: Vec::new(),
                next: Vec::new(),
                shift: 64,
            };
        }
        let bits = (windows * 2).next_power_of_two().trailing_zeros().max(4);
        let shift = 64 - bits;
        let mut heads = vec![NO_POSITION; 1 << bits];
        let mut next = vec![NO_POSITION; windows];
        let top = ROLL.wrapping_pow(INDEX_WINDOW as u32 - 1);
        let mut hash = window_hash(&bytes[..INDEX_WINDOW]);
        for position in 0..windows {
            if position > 0 {
                hash = hash
                    .wrapping_sub(u64::from(bytes[position - 1]).wrapping_mul(top))
                    .wrapping_mul(ROLL)
                    .wrapping_add(u64::from(bytes[position + INDEX_WINDOW - 1]));
            }
            let bucket = bucket(hash, shift);
            next[position] = heads[bucket];
            heads[bucket] = position as u32;
        }
        Self { heads, next, shift }
    }

    /// Start of every non-overlapping occurrence of `quote` in `text`, left to right, exactly as
    /// `str::match_indices` finds them. `quote` must be at least [`INDEX_WINDOW`] bytes.
    pub fn find_all(&self, text: &str, quote: &str) -> Vec<usize> {
        let (text, quote) = (text.as_bytes(), quote.as_bytes());
        if self.heads.is_empty() || quote.len() < INDEX_WINDOW {
            return memchr::memmem::find_iter(text, quote).collect();
        }
        let bucket = bucket(window_hash(&quote[..INDEX_WINDOW]), self.shift);
        let mut found = Vec::new();
        let mut position = self.heads[bucket];
        while position != NO_POSITION {
            let at = position as usize;
            if text.get(at..at + quote.len()) == Some(quote) {
                found.push(at);
            }
            position = self.next.get(at).copied().unwrap_or(NO_POSITION);
        }
        found.reverse();
        // `match_indices` resumes after each match, so overlapping occurrences are skipped.
        let mut end = 0;
        found.retain(|&at| {
            let keep = at >= end;
            if keep {
                end = at + quote.len();
            }
            keep
        });
        found
    }
}

fn window_hash(window: &[u8]) -> u64 {
    window.iter().fold(0_u64, |h, &b| {
        h.wrapping_mul(ROLL).wrapping_add(u64::from(b))
    })
}

fn bucket(hash: u64, shift: u32) -> usize {
    (hash.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> shift) as usize
}

/// Picks among several hits the one whose surroundings agree with the given context; the first
/// of the best is taken, and reported ambiguous when others are as good.
fn choose_hit(
    text: &str,
    quote_len: usize,
    hits: &[usize],
    prefix: Option<&str>,
    suffix: Option<&str>,
) -> (usize, bool) {
    let agreement = |start: usize| {
        let before = prefix.is_some_and(|p| text[..start].ends_with(p));
        let after = suffix.is_some_and(|s| text[start + quote_len..].starts_with(s));
        u8::from(before) + u8::from(after)
    };
    let best = hits.iter().map(|&h| agreement(h)).max().unwrap_or(0);
    let mut best_hits = hits.iter().copied().filter(|&h| agreement(h) == best);
    let first = best_hits.next().unwrap_or(hits[0]);
    (first, best_hits.next().is_some())
}

fn approximate(folded_text: &Folded, folded_quote: &str) -> Option<Anchor> {
    let len = folded_quote.len();
    if len < APPROXIMATE_MIN_LEN {
        return None;
    }
    let max_edits = ((len as f64) * (1.0 - APPROXIMATE_THRESHOLD)).floor() as u32;
    let haystack = folded_text.text.as_bytes();
    let best = triple_accel::levenshtein::levenshtein_search_naive_with_opts(
        folded_quote.as_bytes(),
        haystack,
        max_edits,
        triple_accel::SearchType::Best,
        triple_accel::levenshtein::LEVENSHTEIN_COSTS,
        false,
    )
    .min_by_key(|m| (m.k, m.start))?;
    let score = 1.0 - f64::from(best.k) / len as f64;
    if score < APPROXIMATE_THRESHOLD {
        return None;
    }
    // The search works on bytes; widen the match to whole characters.
    let text = &folded_text.text;
    let mut start = best.start;
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = best.end.max(start);
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
    /// For each byte of `text`, the original byte range it stands for.
    origins: Vec<Range<usize>>,
}

impl Folded {
    /// Folds Unicode whitespace runs (U+00A0 included) to one space, curly quotes and
    /// apostrophes to straight ones, and en/em dashes and kin to `-`.
    fn new(original: &str) -> Self {
        let mut text = String::with_capacity(original.len());
        let mut origins = Vec::with_capacity(original.len());
        let mut in_space = false;
        for (i, c) in original.char_indices() {
            let end = i + c.len_utf8();
            if c.is_whitespace() {
                if in_space {
                    if let Some(last) = origins.last_mut() {
                        let last: &mut Range<usize> = last;
                        last.end = end;
                    }
                } else {
                    text.push(' ');
                    origins.push(i..end);
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
                origins.push(i..end);
            }
        }
        Self { text, origins }
    }

    /// Maps a byte range of the folded text back to the original text.
    fn original_range(&self, folded: Range<usize>) -> Range<usize> {
        match (
            self.origins.get(folded.start),
            folded.end.checked_sub(1).and_then(|e| self.origins.get(e)),
        ) {
            (Some(first), Some(last)) if folded.end > folded.start => first.start..last.end,
            (Some(first), _) => first.start..first.start,
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
    fn the_index_finds_what_match_indices_finds() {
        let text = "In report 1 note 1, the talks ended. In report 1 note 2, the talks ended. \
                    aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa end.";
        let index = ArticleIndex::new(text);
        for quote in [
            "In report 1 note 2, the talks ended.",
            "the talks ended. In report 1 note 2,",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa end.",
            "not in the text at all, not even close",
        ] {
            let expected: Vec<usize> = text.match_indices(quote).map(|(i, _)| i).collect();
            assert_eq!(index.find_all(text, quote), expected, "{quote}");
            assert_eq!(
                anchor_indexed(text, Some(&index), quote, None, None),
                anchor(text, quote, None, None),
                "{quote}"
            );
        }
        // A text shorter than a window has an empty index, which still answers.
        let short = ArticleIndex::new("short");
        assert_eq!(short.find_all("short", "short"), vec![0]);
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
