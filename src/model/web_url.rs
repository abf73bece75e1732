//! Source URLs: web links only, parsed by the `url` crate and kept in its normal form.
//!
//! A source's URL is shown as a link and opened in a browser, so it must never name a local
//! file or a script: only `http` and `https` (in any letter case) with a host, and nothing in it
//! that could hide or reorder what is shown (control, bidi, zero-width characters, spaces).

use crate::model::text_safety::is_unsafe_char;

/// `text` as a web URL in its normal form (`HTTPS://Example.ORG` → `https://example.org/`), or
/// why it is not one.
///
/// # Errors
/// A sentence saying what was expected and what was found.
pub fn parse_web_url(text: &str) -> Result<url::Url, String> {
    // The parser drops tabs and newlines and trims spaces silently; a URL holding them is refused.
    if text.chars().any(|c| c.is_whitespace() || is_unsafe_char(c)) {
        return Err("expected no spaces, control, bidi or invisible characters".to_owned());
    }
    let parsed = url::Url::parse(text).map_err(|e| format!("expected a web address ({e})"))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(format!(
            "expected an http:// or https:// URL, found the scheme \"{}\"",
            parsed.scheme()
        ));
    }
    // The parser reads `https:///x` and `http:/x` as having the host `x`; as written, they have
    // none.
    let written_host = text.split_once("://").map(|(_, rest)| rest);
    if written_host.is_none_or(|rest| rest.is_empty() || rest.starts_with('/'))
        || parsed.host_str().is_none_or(str::is_empty)
    {
        return Err("expected a host after http(s)://".to_owned());
    }
    // `https://www.reuters.com@evil.example/` goes to evil.example, whatever it seems to name.
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(format!(
            "expected no user name or password before the host (this link goes to {})",
            parsed.host_str().unwrap_or_default()
        ));
    }
    Ok(parsed)
}

/// `text` in its normal form when it is a web URL.
pub fn normalised_web_url(text: &str) -> Option<String> {
    parse_web_url(text).ok().map(String::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_with_user_info_are_refused_naming_their_real_host() {
        let error = parse_web_url("https://www.reuters.com@evil.example/world").unwrap_err();
        assert!(error.contains("goes to evil.example"), "{error}");
        assert!(parse_web_url("https://user:pw@example.org/").is_err());
        assert!(parse_web_url("https://example.org/@user").is_ok());
    }

    #[test]
    fn only_web_urls_with_a_host_are_accepted_and_normalised() {
        assert_eq!(
            normalised_web_url("HTTPS://Example.ORG").as_deref(),
            Some("https://example.org/")
        );
        assert_eq!(
            normalised_web_url("http://example.org/a b").as_deref(),
            None
        );
        for bad in [
            "file:///etc/passwd",
            "FILE:///etc/passwd",
            "javascript:alert(1)",
            "https://",
            "https:///path",
            "http:/example.org",
            "https://exa\u{202e}mple.org",
            "https://example.org/\u{200b}",
            "https://example.org/\n",
            " https://example.org",
            "data:text/html,hi",
            "//example.org",
            "example.org",
        ] {
            assert!(parse_web_url(bad).is_err(), "{bad:?} was accepted");
        }
    }
}
