//! A citation for a passage someone selected: the quote is exactly the selection; prefix and
//! suffix (from about 32 characters each, cut at word boundaries, widened up to 256 until they
//! tell this occurrence from every other) are added only when the quote occurs more than once.
//! A citation is made only when it anchors exactly, and to this place only; a selection that
//! starts or ends inside a character cluster (a letter and its combining accent, an emoji
//! sequence) is refused, since its quote would not be the text a reader sees.

use std::ops::Range;

use unicode_segmentation::GraphemeCursor;

use crate::load::anchor::{Anchor, AnchorQuality, anchor};
use crate::model::CitationRecord;

/// How much context is first taken on each side of a repeated quote, in characters; doubled
/// until the citation is unique, up to [`MAX_CONTEXT_CHARS`].
const CONTEXT_CHARS: usize = 32;

/// The most context taken on each side: a citation needing more is refused (select a longer
/// passage) rather than carrying a page of context.
pub const MAX_CONTEXT_CHARS: usize = 256;

/// Why a selection cannot be cited.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CiteError {
    /// Nothing, or only white space, is selected.
    #[error("expected a passage, found an empty selection")]
    Empty,
    /// The range is outside the article or splits a UTF-8 character.
    #[error("the selection is outside the article")]
    Outside,
    /// The quote starts or ends inside a character cluster.
    #[error(
        "the quote {0} inside a character (a letter and its accent, or an emoji sequence): widen it to whole characters"
    )]
    CutsCharacter(&'static str),
    /// Even the widest context does not tell this occurrence from the others.
    #[error(
        "the quote occurs {occurrences} times, and {MAX_CONTEXT_CHARS} characters of context on each side do not tell this one apart: select a longer passage"
    )]
    Ambiguous {
        /// How many times the quote occurs (not counting overlaps).
        occurrences: usize,
    },
}

/// The citation of `range` of `article` in source `source`, and how it anchors: always exact,
/// and at `range`.
///
/// # Errors
/// When the range is empty, outside the article, cuts a character cluster, or cannot be told
/// apart from another occurrence.
pub fn citation_for(
    article: &str,
    range: Range<usize>,
    source: &str,
) -> Result<(CitationRecord, Anchor), CiteError> {
    let quote = article.get(range.clone()).ok_or(CiteError::Outside)?;
    if quote.trim().is_empty() {
        return Err(CiteError::Empty);
    }
    whole_characters(article, &range)?;
    let record = |prefix: Option<String>, suffix: Option<String>| CitationRecord {
        source: source.to_owned(),
        quote: Some(quote.to_owned()),
        prefix,
        suffix,
        claimed_date: None,
    };
    let here = |found: &Anchor| {
        found.quality == AnchorQuality::Exact
            && !found.ambiguous
            && found.range.as_ref() == Some(&range)
    };
    let repeated =
        article.match_indices(quote).nth(1).is_some() || overlapping_repeat(article, quote);
    if !repeated {
        let found = anchor(article, quote, None, None);
        if here(&found) {
            return Ok((record(None, None), found));
        }
    }
    let before = article.get(..range.start).ok_or(CiteError::Outside)?;
    let after = article.get(range.end..).ok_or(CiteError::Outside)?;
    let mut width = CONTEXT_CHARS;
    while width <= MAX_CONTEXT_CHARS {
        let prefix = Some(context_before(before, width)).filter(|p| !p.is_empty());
        let suffix = Some(context_after(after, width)).filter(|s| !s.is_empty());
        let found = anchor(article, quote, prefix.as_deref(), suffix.as_deref());
        if here(&found) {
            return Ok((record(prefix, suffix), found));
        }
        width *= 2;
    }
    Err(CiteError::Ambiguous {
        occurrences: article.match_indices(quote).count(),
    })
}

/// `Ok` when `range` of `article` starts and ends between character clusters.
///
/// # Errors
/// [`CiteError::CutsCharacter`], saying which end cuts one.
pub fn whole_characters(article: &str, range: &Range<usize>) -> Result<(), CiteError> {
    if !on_cluster_boundary(article, range.start) {
        return Err(CiteError::CutsCharacter("starts"));
    }
    if !on_cluster_boundary(article, range.end) {
        return Err(CiteError::CutsCharacter("ends"));
    }
    Ok(())
}

/// True when byte `at` of `text` is between two character clusters (extended graphemes).
fn on_cluster_boundary(text: &str, at: usize) -> bool {
    GraphemeCursor::new(at, text.len(), true)
        .is_boundary(text, 0)
        .unwrap_or(false)
}

/// True when `quote` occurs again overlapping its first occurrence ("aa" in "aaa").
fn overlapping_repeat(article: &str, quote: &str) -> bool {
    let Some(first) = article.find(quote) else {
        return false;
    };
    let next = article
        .get(first..)
        .and_then(|t| t.char_indices().nth(1))
        .map_or(article.len(), |(i, _)| first + i);
    article.get(next..).is_some_and(|rest| rest.contains(quote))
}

/// Up to `width` characters before the quote, starting at a word boundary.
fn context_before(before: &str, width: usize) -> String {
    let start = before
        .char_indices()
        .rev()
        .nth(width - 1)
        .map_or(0, |(i, _)| i);
    let mut piece = before.get(start..).unwrap_or_default();
    if start > 0
        && let Some(space) = piece.find(char::is_whitespace)
    {
        piece = piece.get(space..).unwrap_or_default();
    }
    piece.to_owned()
}

/// Up to `width` characters after the quote, ending at a word boundary.
fn context_after(after: &str, width: usize) -> String {
    let end = after
        .char_indices()
        .nth(width)
        .map_or(after.len(), |(i, _)| i);
    let mut piece = after.get(..end).unwrap_or_default();
    if end < after.len()
        && let Some(space) = piece.rfind(char::is_whitespace)
    {
        piece = piece.get(..=space).unwrap_or_default();
        piece = piece.trim_end_matches(|c: char| c.is_whitespace() && c != ' ');
    }
    piece.to_owned()
}

/// "exact, unique", "exact, repeated: told apart by its context", … for the live anchor line.
pub fn describe(anchor: &Anchor, has_context: bool) -> String {
    let quality = anchor.quality.to_string();
    match (anchor.ambiguous, has_context) {
        (true, _) => format!("{quality}, but still ambiguous"),
        (false, true) => format!("{quality}, repeated in the article: told apart by its context"),
        (false, false) => format!("{quality}, unique"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::anchor::AnchorQuality;

    const ARTICLE: &str = "The talks began in Riyadh on Tuesday. Officials said the talks went well, and the talks will go on in Geneva next month.";

    #[test]
    fn a_unique_quote_needs_no_context() {
        let at = ARTICLE.find("Riyadh on Tuesday").unwrap();
        let (citation, found) =
            citation_for(ARTICLE, at..at + "Riyadh on Tuesday".len(), "wire").unwrap();
        assert_eq!(citation.quote.as_deref(), Some("Riyadh on Tuesday"));
        assert_eq!((citation.prefix, citation.suffix), (None, None));
        assert_eq!(found.quality, AnchorQuality::Exact);
        assert_eq!(found.range, Some(at..at + 17));
        assert_eq!(describe(&found, false), "exact, unique");
    }

    #[test]
    fn a_repeated_quote_gets_context_at_word_boundaries_and_anchors_to_its_place() {
        // The third "the talks".
        let at = ARTICLE.rfind("the talks").unwrap();
        let (citation, found) = citation_for(ARTICLE, at..at + 9, "wire").unwrap();
        assert_eq!(citation.quote.as_deref(), Some("the talks"));
        let prefix = citation.prefix.as_deref().unwrap();
        let suffix = citation.suffix.as_deref().unwrap();
        assert!(ARTICLE[..at].ends_with(prefix), "{prefix:?}");
        assert!(ARTICLE[at + 9..].starts_with(suffix), "{suffix:?}");
        assert!(prefix.chars().count() <= 32 && suffix.chars().count() <= 32);
        // Whole words: the prefix starts after a space, the suffix ends before one.
        assert!(prefix.starts_with(' '), "{prefix:?}");
        assert_eq!(found.quality, AnchorQuality::Exact);
        assert!(!found.ambiguous);
        assert_eq!(found.range, Some(at..at + 9));
    }

    #[test]
    fn empty_or_broken_selections_cite_nothing() {
        assert_eq!(
            citation_for(ARTICLE, 3..3, "wire").unwrap_err(),
            CiteError::Empty
        );
        assert_eq!(
            citation_for(ARTICLE, 3..4, "wire").unwrap_err(),
            CiteError::Empty,
            "a space"
        );
        assert_eq!(
            citation_for("é", 0..1, "wire").unwrap_err(),
            CiteError::Outside
        );
        assert_eq!(
            citation_for(ARTICLE, 0..10_000, "wire").unwrap_err(),
            CiteError::Outside
        );
    }

    #[test]
    fn overlapping_repeats_count() {
        let (citation, found) = citation_for("aaa", 0..2, "s").unwrap();
        assert!(citation.suffix.is_some() || citation.prefix.is_some());
        assert_eq!(found.range, Some(0..2));
    }

    #[test]
    fn a_quote_that_cuts_a_character_cluster_is_refused() {
        // "café" with a combining acute accent: e + U+0301.
        let article = "Le cafe\u{301} est ouvert.";
        let e = article.find("e\u{301}").unwrap();
        assert_eq!(
            citation_for(article, 3..e + 1, "s").unwrap_err(),
            CiteError::CutsCharacter("ends")
        );
        assert_eq!(
            citation_for(article, e + 1..article.len(), "s").unwrap_err(),
            CiteError::CutsCharacter("starts")
        );
        // Whole clusters are fine.
        let whole = e + "e\u{301}".len();
        assert!(citation_for(article, 3..whole, "s").is_ok());
        // A family emoji is one cluster of several characters.
        let family = "We \u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467} met.";
        let at = family.find('\u{1F469}').unwrap();
        assert!(citation_for(family, 0..at, "s").is_err());
    }

    #[test]
    fn context_widens_until_the_quote_is_told_apart() {
        // Forty characters that repeat, then the same again: 32 characters of context are the
        // same at both places; 64 reach the different openings.
        let block = "the talks resumed after a long pause in the spring. ";
        let article = format!("In Geneva: {block}{block}And in Riyadh: {block}{block}");
        let at = article.rfind("the talks").unwrap();
        let (citation, found) = citation_for(&article, at..at + 9, "s").unwrap();
        assert_eq!(found.range, Some(at..at + 9));
        assert!(!found.ambiguous);
        assert!(citation.prefix.as_deref().unwrap().chars().count() > 32);
    }

    #[test]
    fn a_quote_in_a_periodic_text_is_refused_with_its_count() {
        let article = "la ".repeat(400) + "fin";
        let at = 3 * 200;
        assert_eq!(
            citation_for(&article, at..at + 2, "s").unwrap_err(),
            CiteError::Ambiguous { occurrences: 400 }
        );
        // Next to what differs, the context tells it apart.
        let last = 3 * 399;
        let (citation, found) = citation_for(&article, last..last + 2, "s").unwrap();
        assert_eq!(found.range, Some(last..last + 2));
        assert_eq!(citation.suffix.as_deref(), Some(" fin"));
    }
}
