//! The article in a saved web page: its text, the body a reader would call the article, and
//! what the page says of itself (title, publisher, author, date, canonical URL, language). The
//! text comes from the `trafilatura` crate (a Rust port of go-trafilatura) with its
//! readability and jusText fallbacks and its precision focus: on the capture bench that scores
//! F1 0.972 where Python trafilatura scores 0.962 (BENCHMARKS.md). Pages are decoded as they
//! declare or, when the bytes say otherwise, in the encoding detected (`load::decode`).
//!
//! Extraction is a pure function of the page's bytes; `sourceline extract` prints it. What is
//! archived is decided elsewhere, once: a newer extractor never rewrites an archived text.

use std::borrow::Cow;

/// Largest page read: a news page is a few megabytes with its inline scripts.
pub const MAX_PAGE_BYTES: usize = 16 * 1024 * 1024;

/// The most tags a page may open before its text is extracted: an HTML5 parser's scope checks
/// grow with the square of the nesting, so a page is refused before it can cost minutes.
pub const MAX_NESTING: usize = 2_000;

/// Which extractor made a text: recorded with what it made.
pub const EXTRACTOR: &str = "trafilatura (Rust port) 0.3, fallback on, favour precision";

/// What a page holds.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Extracted {
    /// The article's text, paragraphs apart by a blank line.
    pub text: String,
    /// The headline.
    pub title: Option<String>,
    /// The site's name (`og:site_name` and the like).
    pub publisher: Option<String>,
    /// Who wrote it.
    pub author: Option<String>,
    /// When it was published, `YYYY-MM-DD`, as the page's metadata or text gives it.
    pub published: Option<String>,
    /// How `published` was found.
    pub published_note: Option<String>,
    /// The page's own address: its canonical link, or the one `SingleFile` recorded.
    pub url: Option<String>,
    /// The language the page declares or the text is in.
    pub language: Option<String>,
    /// The encoding the page was read in.
    pub encoding: &'static str,
    /// [`EXTRACTOR`] or [`PDF_EXTRACTOR`].
    pub extractor: &'static str,
    /// The original's media type: `text/html` or `application/pdf`.
    pub media_type: &'static str,
    /// For a PDF, each page's byte range in `text` (pages apart by a form feed); else empty.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub pages: Vec<std::ops::Range<usize>>,
}

/// Which extractor made a PDF's text: recorded with what it made.
pub const PDF_EXTRACTOR: &str = "pdf-extract 0.12, text layer, pages apart by form feeds";

/// What an original is, and so how its text is had.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A web page (HTML).
    Page,
    /// A PDF.
    Pdf,
}

impl Kind {
    /// The kind of a file by its name: `.html`/`.htm` a page, `.pdf` a PDF, else `None`.
    pub fn of_file(path: &std::path::Path) -> Option<Self> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "html" | "htm" => Some(Self::Page),
            "pdf" => Some(Self::Pdf),
            _ => None,
        }
    }

    /// The kind of a fetched answer by its media type (which `fetch` allows only for these).
    pub fn of_media_type(media_type: &str) -> Self {
        if media_type == "application/pdf" {
            Self::Pdf
        } else {
            Self::Page
        }
    }
}

/// The text of an original of `kind` and what it says of itself.
///
/// # Errors
/// As [`extract_html`] for a page; for a PDF, anything [`super::pdf::extract_pdf`] refuses.
pub fn extract_original(bytes: &[u8], kind: Kind) -> Result<Extracted, ExtractError> {
    match kind {
        Kind::Page => extract_html(bytes),
        Kind::Pdf => {
            if bytes.len() > MAX_PAGE_BYTES {
                return Err(ExtractError::TooLarge(bytes.len()));
            }
            let pdf = super::pdf::extract_pdf(bytes)?;
            Ok(Extracted {
                text: pdf.text,
                title: pdf.title,
                publisher: None,
                author: pdf.author,
                published: None,
                published_note: None,
                url: None,
                language: None,
                encoding: "PDF text layer",
                extractor: PDF_EXTRACTOR,
                media_type: "application/pdf",
                pages: pdf.pages,
            })
        }
    }
}

impl Extracted {
    /// The page this was extracted from, `bytes`, as an original to archive beside the text:
    /// captured from the address `fetched` asked for (and where redirects led, when elsewhere),
    /// or, for a saved page, from the address the page records.
    pub fn original(
        &self,
        bytes: Vec<u8>,
        fetched: Option<&super::fetch::Fetched>,
    ) -> crate::edit::article::Original {
        let (url, final_url) = match fetched {
            Some(f) => (
                Some(f.requested.clone()),
                Some(f.final_url.clone()).filter(|u| *u != f.requested),
            ),
            None => (self.url.clone(), None),
        };
        crate::edit::article::Original {
            bytes,
            extension: if self.media_type == "application/pdf" {
                "pdf"
            } else {
                "html"
            },
            media_type: self.media_type,
            extractor: self.extractor.to_owned(),
            url,
            final_url,
        }
    }
}

/// Why a page gives no article.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ExtractError {
    /// Over [`MAX_PAGE_BYTES`].
    #[error("a page of {0} bytes, over the {MAX_PAGE_BYTES}-byte limit")]
    TooLarge(usize),
    /// Not text in any encoding, or a PDF or other file named as a page.
    #[error("not a web page: {0}")]
    NotAPage(String),
    /// Tags nested deeper than [`MAX_NESTING`].
    #[error("tags nested {0} deep or more, over the {MAX_NESTING} a page may nest")]
    TooDeep(usize),
    /// The extractor found no article.
    #[error("no article found in the page ({0})")]
    NoArticle(String),
    /// A PDF's text cannot be had.
    #[error("{0}")]
    Pdf(#[from] super::pdf::PdfError),
}

/// The article in the HTML page `bytes`.
///
/// # Errors
/// An oversized, deeply nested or undecodable page, or one in which no article is found.
pub fn extract_html(bytes: &[u8]) -> Result<Extracted, ExtractError> {
    if bytes.len() > MAX_PAGE_BYTES {
        return Err(ExtractError::TooLarge(bytes.len()));
    }
    if bytes.starts_with(b"%PDF-") {
        return Err(ExtractError::NotAPage("it is a PDF".to_owned()));
    }
    let (html, encoding) = decode_page(bytes)?;
    let depth = nesting_depth(&html);
    if depth > MAX_NESTING {
        return Err(ExtractError::TooDeep(depth));
    }
    let options = trafilatura::Options::default()
        .with_fallback(true)
        .with_focus(trafilatura::ExtractionFocus::FavorPrecision);
    let result = trafilatura::extract(&html, &options)
        .map_err(|e| ExtractError::NoArticle(e.to_string()))?;
    // The cleaned HTML keeps the paragraphs, which the plain text runs together; but where the
    // fallbacks chose the text, the HTML can hold less of it: then the text, as it is.
    let words = |t: &str| t.split_whitespace().count();
    let plain = tidy(&result.content_text);
    let text = Some(paragraphs(&result.content_html))
        .filter(|t| words(t) >= words(&plain))
        .unwrap_or(plain);
    if text.is_empty() {
        return Err(ExtractError::NoArticle("its text is empty".to_owned()));
    }
    let meta = result.metadata;
    let some = |s: String| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
    let url = single_file_url(&html).or_else(|| some(meta.url.clone()));
    Ok(Extracted {
        text,
        title: some(meta.title),
        publisher: some(meta.sitename),
        author: some(meta.author),
        published: meta.date.map(|d| d.format("%Y-%m-%d").to_string()),
        published_note: meta.date.map(|_| {
            "found by trafilatura in the page's metadata or text; check it against the article"
                .to_owned()
        }),
        url,
        language: some(meta.language),
        encoding,
        extractor: EXTRACTOR,
        media_type: "text/html",
        pages: Vec::new(),
    })
}

/// The page's text: UTF-8 when it is, else in the encoding detected (which the page's own
/// declaration may have got wrong).
fn decode_page(bytes: &[u8]) -> Result<(Cow<'_, str>, &'static str), ExtractError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok((Cow::Borrowed(text), "UTF-8"));
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let encoding = detector.guess(None, chardetng::Utf8Detection::Deny);
    let (text, _, had_errors) = encoding.decode(bytes);
    if had_errors && memchr::memchr(0, bytes).is_some() {
        return Err(ExtractError::NotAPage(
            "binary data, not text in any encoding".to_owned(),
        ));
    }
    Ok((Cow::Owned(text.into_owned()), encoding.name()))
}

/// How deep the page's tags nest at most, counted cheaply (an open tag that is not void or
/// self-closed goes in, a close tag comes out); an estimate enough to refuse a bomb.
fn nesting_depth(html: &str) -> usize {
    const VOID: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr", "p", "li", "td", "tr", "th", "option", "dt", "dd",
    ];
    let bytes = html.as_bytes();
    let (mut depth, mut deepest) = (0usize, 0usize);
    for at in memchr::memchr_iter(b'<', bytes) {
        let rest = bytes.get(at + 1..).unwrap_or_default();
        if rest.first() == Some(&b'/') {
            depth = depth.saturating_sub(1);
            continue;
        }
        if !rest.first().is_some_and(u8::is_ascii_alphabetic) {
            continue;
        }
        let name_len = rest
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        let name = rest
            .get(..name_len)
            .map(<[u8]>::to_ascii_lowercase)
            .unwrap_or_default();
        let closes_itself = memchr::memchr(b'>', rest)
            .and_then(|end| rest.get(..end))
            .is_some_and(|tag| tag.ends_with(b"/"));
        if closes_itself || VOID.iter().any(|v| v.as_bytes() == name.as_slice()) {
            continue;
        }
        depth += 1;
        deepest = deepest.max(depth);
    }
    deepest
}

/// The address a `SingleFile` page was saved from: its header comment's `url:` line.
fn single_file_url(html: &str) -> Option<String> {
    let head = html.get(..html.len().min(4096))?;
    let comment = head.find("Page saved with SingleFile")?;
    let after = head.get(comment..)?;
    let end = after.find("-->").unwrap_or(after.len());
    after.get(..end)?.lines().find_map(|line| {
        let url = line.trim().strip_prefix("url:")?.trim();
        crate::model::web_url::normalised_web_url(url)
    })
}

/// The text of the extractor's cleaned HTML: each block (paragraph, heading, list item, quote,
/// table row) a paragraph apart by one blank line, `<br>` a line break, white space folded
/// within. Walked flat: the extractor's HTML nests no deeper than the page, which is bounded.
fn paragraphs(html: &str) -> String {
    let fragment = scraper::Html::parse_fragment(html);
    let mut blocks: Vec<String> = Vec::new();
    let mut current = String::new();
    let flush = |current: &mut String, blocks: &mut Vec<String>| {
        let folded = current
            .split('\n')
            .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|line| !line.is_empty())
            .collect::<Vec<_>>()
            .join("\n");
        if !folded.is_empty() {
            blocks.push(folded);
        }
        current.clear();
    };
    for edge in fragment.tree.root().traverse() {
        match edge {
            ego_tree::iter::Edge::Open(node) => match node.value() {
                scraper::Node::Element(element) if element.name() == "br" => current.push('\n'),
                scraper::Node::Element(element) if super::is_html_block(element.name()) => {
                    flush(&mut current, &mut blocks);
                }
                scraper::Node::Text(text) => current.push_str(&text.replace('\n', " ")),
                _ => {}
            },
            ego_tree::iter::Edge::Close(node) => {
                if let scraper::Node::Element(element) = node.value()
                    && super::is_html_block(element.name())
                {
                    flush(&mut current, &mut blocks);
                }
            }
        }
    }
    flush(&mut current, &mut blocks);
    blocks.join("\n\n")
}

/// Paragraphs apart by one blank line, lines trimmed, no trailing white space.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for paragraph in text
        .split('\n')
        .map(str::trim)
        .filter(|line| !line.is_empty())
    {
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(paragraph);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const ARTICLE: &str = include_str!("../../tests/fixtures/pages/article.html");

    #[test]
    fn the_article_comes_out_without_the_page_around_it() {
        let page = extract_html(ARTICLE.as_bytes()).unwrap();
        assert!(
            page.text
                .contains("The delegations met in Riyadh on Tuesday"),
            "{}",
            page.text
        );
        assert!(
            page.text.contains("would meet again within a month"),
            "{}",
            page.text
        );
        for boilerplate in [
            "Subscribe to our newsletter",
            "Most read",
            "Cookie settings",
            "All rights reserved",
        ] {
            assert!(
                !page.text.contains(boilerplate),
                "{boilerplate} in {}",
                page.text
            );
        }
        assert_eq!(page.title.as_deref(), Some("Delegations meet in Riyadh"));
        assert_eq!(page.publisher.as_deref(), Some("Example Wire"));
        assert_eq!(page.author.as_deref(), Some("Jane Reporter"));
        assert_eq!(page.published.as_deref(), Some("2025-02-18"));
        assert_eq!(
            page.url.as_deref(),
            Some("https://wire.example/2025/02/riyadh")
        );
        assert_eq!(page.encoding, "UTF-8");
    }

    #[test]
    fn a_page_in_windows_1251_without_a_declaration_is_read_in_it() {
        let (body, _, _) = encoding_rs::WINDOWS_1251.encode(
            "<html><body><article><h1>Переговоры</h1><p>Делегации встретились в Эр-Рияде во вторник, \
             чтобы обсудить войну и гарантии безопасности для Украины. Стороны договорились \
             продолжить переговоры через месяц.</p><p>Министры заявили, что встреча была \
             конструктивной и что работа будет продолжена на уровне экспертов.</p></article></body></html>",
        );
        let page = extract_html(&body).unwrap();
        assert_eq!(page.encoding, "windows-1251");
        assert!(
            page.text.contains("Делегации встретились в Эр-Рияде"),
            "{}",
            page.text
        );
    }

    #[test]
    fn hostile_pages_are_refused_by_name_in_bounded_time() {
        let deep = "<div>".repeat(100_000);
        assert!(matches!(
            extract_html(deep.as_bytes()),
            Err(ExtractError::TooDeep(_))
        ));
        assert!(matches!(
            extract_html(b"%PDF-1.7 pretending"),
            Err(ExtractError::NotAPage(_))
        ));
        let huge = vec![b'a'; MAX_PAGE_BYTES + 1];
        assert!(matches!(
            extract_html(&huge),
            Err(ExtractError::TooLarge(_))
        ));
        assert!(matches!(
            extract_html(b"<html><body><nav>Home</nav></body></html>"),
            Err(ExtractError::NoArticle(_))
        ));
    }

    #[test]
    fn a_single_file_page_gives_the_address_it_was_saved_from() {
        let page = format!(
            "<!--\n Page saved with SingleFile \n url: https://news.example/a?b=1 \n saved date: Tue Feb 18 2025\n-->\n{ARTICLE}"
        );
        let extracted = extract_html(page.as_bytes()).unwrap();
        assert_eq!(extracted.url.as_deref(), Some("https://news.example/a?b=1"));
    }
}
