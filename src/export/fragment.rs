//! Links that open a passage: the source's URL with a text fragment (`#:~:text=`, the WICG
//! "URL Fragment Text Directives" draft), percent-encoded, with a prefix and a suffix when the
//! quote occurs more than once in the article.

use crate::edit::cite::citation_for;
use crate::model::{Citation, Timeline};

/// Percent-encodes a text-directive part: everything but ASCII letters, digits and the marks
/// `_`, `.`, `~`, `!`, `*`, `'`; the directive's own syntax characters (`&`, `-`, `,`) always
/// are, and so are `(` and `)`, which would end a Markdown link around the URL.
pub fn encode(part: &str) -> String {
    let mut out = String::with_capacity(part.len());
    for byte in part.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'_' | b'.' | b'~' | b'!' | b'*' | b'\'' => {
                out.push(char::from(byte));
            }
            _ => {
                const HEX: &[u8; 16] = b"0123456789ABCDEF";
                out.push('%');
                out.push(char::from(HEX[usize::from(byte >> 4)]));
                out.push(char::from(HEX[usize::from(byte & 0xF)]));
            }
        }
    }
    out
}

/// The text directive for a quote: `text=[prefix-,]quote[,-suffix]`.
pub fn directive(quote: &str, prefix: Option<&str>, suffix: Option<&str>) -> String {
    let mut out = String::from("text=");
    if let Some(prefix) = prefix.map(str::trim).filter(|p| !p.is_empty()) {
        out.push_str(&encode(prefix));
        out.push_str("-,");
    }
    out.push_str(&encode(quote));
    if let Some(suffix) = suffix.map(str::trim).filter(|s| !s.is_empty()) {
        out.push_str(",-");
        out.push_str(&encode(suffix));
    }
    out
}

/// `url` with the directive appended (after any fragment the URL already has).
pub fn with_directive(url: &str, directive: &str) -> String {
    if url.contains('#') {
        format!("{url}:~:{directive}")
    } else {
        format!("{url}#:~:{directive}")
    }
}

/// The link that opens `citation`'s passage in its source online, or `None` when the source has
/// no URL. The quote is the passage as anchored in the archived text; when it occurs more than
/// once there, the context around this occurrence tells it apart.
pub fn citation_link(timeline: &Timeline, citation: &Citation) -> Option<String> {
    let source = timeline.sources.get(citation.source as usize)?;
    let url = source.record.url.as_deref()?;
    let Some(written_quote) = citation.quote(timeline) else {
        // A pending citation has no passage to open: the page itself.
        return Some(url.to_owned());
    };
    // A browser's PDF viewer opens a page, not a text fragment.
    if let Some(page) = citation
        .anchor()
        .range
        .and_then(|range| source.page_at(range.start))
    {
        let base = url.split('#').next().unwrap_or(url);
        return Some(format!("{base}#page={page}"));
    }
    let (quote, prefix, suffix) = match citation.anchor().range {
        Some(range) => {
            let (record, _) = citation_for(&source.text, range, &source.record.id).ok()?;
            (record.quote?, record.prefix, record.suffix)
        }
        None => (
            written_quote.to_owned(),
            citation.prefix(timeline).map(str::to_owned),
            citation.suffix(timeline).map(str::to_owned),
        ),
    };
    Some(with_directive(
        url,
        &directive(&quote, prefix.as_deref(), suffix.as_deref()),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commas_dashes_and_ampersands_are_encoded() {
        assert_eq!(encode("a, b - c & d"), "a%2C%20b%20%2D%20c%20%26%20d");
        assert_eq!(
            directive("peace, not war", None, None),
            "text=peace%2C%20not%20war"
        );
    }

    #[test]
    fn non_ascii_is_utf8_percent_encoded() {
        assert_eq!(
            encode("Zelensky’s “no”"),
            "Zelensky%E2%80%99s%20%E2%80%9Cno%E2%80%9D"
        );
        assert_eq!(encode("Київ"), "%D0%9A%D0%B8%D1%97%D0%B2");
        assert_eq!(encode("en–dash — em"), "en%E2%80%93dash%20%E2%80%94%20em");
        // A non-breaking space is not a plain space.
        assert_eq!(encode("a\u{a0}b"), "a%C2%A0b");
    }

    #[test]
    fn prefix_and_suffix_frame_the_quote() {
        assert_eq!(
            directive("the talks", Some("said "), Some(" went well")),
            "text=said-,the%20talks,-went%20well"
        );
        assert_eq!(directive("x", Some("  "), None), "text=x");
        assert_eq!(
            with_directive("https://example.org/a", "text=x"),
            "https://example.org/a#:~:text=x"
        );
        assert_eq!(
            with_directive("https://example.org/a#top", "text=x"),
            "https://example.org/a#top:~:text=x"
        );
    }

    #[test]
    fn brackets_and_spaces_cannot_end_a_markdown_link() {
        let part = encode("NATO (the alliance) said [no]");
        assert_eq!(part, "NATO%20%28the%20alliance%29%20said%20%5Bno%5D");
        assert!(!part.contains([' ', '(', ')', '[', ']']));
    }
}
