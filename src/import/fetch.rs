//! Fetching the page or document a user asked for: http and https only, at most 5 redirects,
//! a time limit for the whole exchange, a size cap read as the body arrives, and the media type
//! checked (a web page or a PDF; anything else is refused by name). Each failure says which.
//! The only place sourceline uses the network, and only when asked (`extract URL`,
//! `add-article EVENTS URL`); tests serve their pages from 127.0.0.1.

use std::time::Duration;

use ureq::ResponseExt as _;

/// What may be fetched, and how long it may take.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// The whole exchange, redirects included.
    pub timeout: Duration,
    /// Largest body read.
    pub max_bytes: u64,
    /// Redirects followed.
    pub max_redirects: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(30),
            max_bytes: 16 * 1024 * 1024,
            max_redirects: 5,
        }
    }
}

/// A fetched page or document, as it came.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fetched {
    /// The address asked for.
    pub requested: String,
    /// Where it led after redirects.
    pub final_url: String,
    /// `text/html`, `application/xhtml+xml` or `application/pdf`.
    pub media_type: String,
    /// The body, byte for byte.
    pub bytes: Vec<u8>,
}

/// Why nothing was fetched.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    /// Not an http or https address with a host.
    #[error("{0}")]
    NotWeb(String),
    /// The server answered with an error status.
    #[error("the server answered {status} for {url}")]
    Status {
        /// The HTTP status.
        status: u16,
        /// The address that answered.
        url: String,
    },
    /// More redirects than allowed.
    #[error("more than {0} redirects")]
    TooManyRedirects(u32),
    /// The body is over the cap.
    #[error("over the {0}-byte limit")]
    TooLarge(u64),
    /// The exchange took longer than the limit.
    #[error("no answer within {} s", .0.as_secs())]
    Timeout(Duration),
    /// Neither a web page nor a PDF.
    #[error("{0}: not a web page or a PDF")]
    NotAPageOrPdf(String),
    /// Anything else the network said.
    #[error("{0}")]
    Network(String),
}

/// Fetches `url` within `limits`.
///
/// # Errors
/// A [`FetchError`] naming what went wrong.
pub fn fetch(url: &str, limits: Limits) -> Result<Fetched, FetchError> {
    let parsed = crate::model::web_url::parse_web_url(url).map_err(FetchError::NotWeb)?;
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(limits.timeout))
        .max_redirects(limits.max_redirects)
        .http_status_as_error(false)
        .user_agent(concat!("sourceline/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let network = |e: ureq::Error| match e {
        ureq::Error::Timeout(_) => FetchError::Timeout(limits.timeout),
        ureq::Error::TooManyRedirects => FetchError::TooManyRedirects(limits.max_redirects),
        ureq::Error::BodyExceedsLimit(cap) => FetchError::TooLarge(cap),
        other => FetchError::Network(other.to_string()),
    };
    let mut response = agent.get(parsed.as_str()).call().map_err(network)?;
    let final_url = response.get_uri().to_string();
    let status = response.status().as_u16();
    if status >= 400 {
        return Err(FetchError::Status {
            status,
            url: final_url,
        });
    }
    let media_type = response
        .body()
        .mime_type()
        .unwrap_or("application/octet-stream")
        .to_ascii_lowercase();
    if !matches!(
        media_type.as_str(),
        "text/html" | "application/xhtml+xml" | "application/pdf"
    ) {
        return Err(FetchError::NotAPageOrPdf(media_type));
    }
    let bytes = response
        .body_mut()
        .with_config()
        .limit(limits.max_bytes)
        .read_to_vec()
        .map_err(network)?;
    Ok(Fetched {
        requested: parsed.to_string(),
        final_url,
        media_type,
        bytes,
    })
}
