//! A citation for a passage someone selected: the quote is exactly the selection; prefix and
//! suffix (about 32 characters each, cut at word boundaries) are added only when the quote
//! occurs more than once, so that it anchors exactly and to one place.

use std::ops::Range;

use crate::load::anchor::{Anchor, anchor};
use crate::model::CitationRecord;

/// How much context is taken on each side of a repeated quote, in characters.
const CONTEXT_CHARS: usize = 32;

/// The citation of `range` of `article` in source `source`, and how it anchors.
/// `None` when the range is empty, outside the article or splits a character.
pub fn citation_for(
    article: &str,
    range: Range<usize>,
    source: &str,
) -> Option<(CitationRecord, Anchor)> {
    let quote = article.get(range.clone())?;
    if quote.trim().is_empty() {
        return None;
    }
    let repeated =
        article.match_indices(quote).nth(1).is_some() || overlapping_repeat(article, quote);
    let (prefix, suffix) = if repeated {
        (
            Some(context_before(article.get(..range.start)?)).filter(|p| !p.is_empty()),
            Some(context_after(article.get(range.end..)?)).filter(|s| !s.is_empty()),
        )
    } else {
        (None, None)
    };
    let found = anchor(article, quote, prefix.as_deref(), suffix.as_deref());
    Some((
        CitationRecord {
            source: source.to_owned(),
            quote: quote.to_owned(),
            prefix,
            suffix,
            claimed_date: None,
        },
        found,
    ))
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

/// Up to [`CONTEXT_CHARS`] characters before the quote, starting at a word boundary.
fn context_before(before: &str) -> String {
    let start = before
        .char_indices()
        .rev()
        .nth(CONTEXT_CHARS - 1)
        .map_or(0, |(i, _)| i);
    let mut piece = before.get(start..).unwrap_or_default();
    if start > 0
        && let Some(space) = piece.find(char::is_whitespace)
    {
        piece = piece.get(space..).unwrap_or_default();
    }
    piece.to_owned()
}

/// Up to [`CONTEXT_CHARS`] characters after the quote, ending at a word boundary.
fn context_after(after: &str) -> String {
    let end = after
        .char_indices()
        .nth(CONTEXT_CHARS)
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
        assert_eq!(citation.quote, "Riyadh on Tuesday");
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
        assert_eq!(citation.quote, "the talks");
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
        assert!(citation_for(ARTICLE, 3..3, "wire").is_none());
        assert!(citation_for(ARTICLE, 3..4, "wire").is_none(), "a space");
        assert!(citation_for("é", 0..1, "wire").is_none());
        assert!(citation_for(ARTICLE, 0..10_000, "wire").is_none());
    }

    #[test]
    fn overlapping_repeats_count() {
        let (citation, _) = citation_for("aaa", 0..2, "s").unwrap();
        assert!(citation.suffix.is_some() || citation.prefix.is_some());
    }
}
