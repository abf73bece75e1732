//! A PDF's text, page by page, for `add-article` and `extract`: pdf-extract (pure Rust, over
//! lopdf) reads the text layer, and the pages are joined with a form feed (`\f`), so that a
//! citation's page is the number of form feeds before it, plus one.
//!
//! The PDF parser has no limits of its own, so the file is checked first, in bounded time and
//! memory: each compressed stream is inflated through a cap (a PDF bomb is refused before it is
//! read), and objects nested deeper than any real document are refused. The parser runs on a
//! thread of its own, and a panic in it is a refusal, not a crash.

use std::io::Read as _;
use std::ops::Range;

use crate::model::PAGE_BREAK;

/// The most bytes all of a PDF's compressed streams may inflate to, together.
pub const MAX_INFLATED_BYTES: u64 = 256 * 1024 * 1024;

/// The deepest arrays and dictionaries may nest.
pub const MAX_NESTING: usize = 256;

/// Why a PDF's text cannot be had.
#[derive(Clone, Debug, thiserror::Error, PartialEq, Eq)]
pub enum PdfError {
    /// The bytes are not a PDF.
    #[error("not a PDF (it does not start with %PDF-)")]
    NotPdf,
    /// Compressed streams inflate past the cap.
    #[error("its compressed streams inflate past {} MiB (a PDF bomb?): not read", MAX_INFLATED_BYTES / 1024 / 1024)]
    Bomb,
    /// Objects nest past the cap.
    #[error("objects nested over {MAX_NESTING} deep: not read")]
    TooDeep,
    /// The parser failed (a damaged or encrypted file).
    #[error("the PDF cannot be read: {0}")]
    Unreadable(String),
    /// No text layer.
    #[error("no text layer ({0}): a scan or pictures only; run OCR on it first")]
    NoText(String),
}

/// A PDF's text: its pages joined by [`PAGE_BREAK`], and where each page is in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PdfText {
    /// Every page's text, in order, with a form feed between two pages.
    pub text: String,
    /// Each page's byte range in `text`.
    pub pages: Vec<Range<usize>>,
    /// The document's title, from its information dictionary, if it gives one.
    pub title: Option<String>,
    /// Its author, likewise.
    pub author: Option<String>,
}

/// The text of the PDF `bytes`, page by page.
///
/// # Errors
/// Not a PDF, a bomb, nesting past the cap, a file the parser cannot read, or no text layer.
pub fn extract_pdf(bytes: &[u8]) -> Result<PdfText, PdfError> {
    if !bytes.starts_with(b"%PDF-") {
        return Err(PdfError::NotPdf);
    }
    check_bounds(bytes)?;
    // The parser's own stack, larger than the default: its recursion is bounded by the nesting
    // check above, not by a small thread's stack. Scoped, so the bytes are lent, not copied.
    let parsed = std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name("pdf".to_owned())
            .stack_size(64 * 1024 * 1024)
            .spawn_scoped(scope, || std::panic::catch_unwind(|| parse(bytes)))
            .map_err(|e| PdfError::Unreadable(e.to_string()))
            .map(std::thread::ScopedJoinHandle::join)
    })?;
    let (pages, (title, author)) = match parsed {
        Ok(Ok(result)) => result?,
        Ok(Err(_)) | Err(_) => {
            return Err(PdfError::Unreadable(
                "the parser stopped on it (damaged or unusual)".to_owned(),
            ));
        }
    };
    let mut text = String::new();
    let mut ranges = Vec::with_capacity(pages.len());
    for (i, page) in pages.iter().enumerate() {
        if i > 0 {
            text.push(PAGE_BREAK);
        }
        let start = text.len();
        // A form feed inside a page would shift every later page's number.
        text.push_str(&page.replace(PAGE_BREAK, "\n"));
        ranges.push(start..text.len());
    }
    let visible = text.chars().filter(|c| !c.is_whitespace()).count();
    // A scan's text layer is empty, or a page number here and there.
    if pages.is_empty() || visible < 16 * pages.len() {
        return Err(PdfError::NoText(format!(
            "{visible} letters on {} page(s)",
            pages.len()
        )));
    }
    Ok(PdfText {
        text,
        pages: ranges,
        title,
        author,
    })
}

/// Each page's text, and the document's title and author.
type Parsed = (Vec<String>, (Option<String>, Option<String>));

/// Each page's text, and the document's title and author: the file parsed once (an encrypted
/// one opened with the empty password, as `pdf-extract` does), its pages read in order until
/// one cannot be.
fn parse(bytes: &[u8]) -> Result<Parsed, PdfError> {
    let unreadable = |e: &dyn std::fmt::Display| PdfError::Unreadable(e.to_string());
    let mut doc = pdf_extract::Document::load_mem(bytes).map_err(|e| unreadable(&e))?;
    if doc.is_encrypted() {
        doc.decrypt("").map_err(|e| unreadable(&e))?;
    }
    let count = u32::try_from(doc.get_pages().len()).unwrap_or(u32::MAX);
    let mut pages = Vec::new();
    for number in 1..=count {
        let mut page = String::new();
        let mut output = pdf_extract::PlainTextOutput::new(&mut page);
        if pdf_extract::output_doc_page(&doc, &mut output, number).is_err() {
            break;
        }
        pages.push(page);
    }
    let info = (info_string(&doc, b"Title"), info_string(&doc, b"Author"));
    Ok((pages, info))
}

/// A string of the document's information dictionary, trimmed, if present and not empty.
fn info_string(doc: &pdf_extract::Document, name: &[u8]) -> Option<String> {
    let info = doc.trailer.get(b"Info").ok()?;
    let info = match info {
        pdf_extract::Object::Reference(id) => doc.get_object(*id).ok()?,
        other => other,
    };
    let value = info.as_dict().ok()?.get(name).ok()?;
    let text = pdf_extract::decode_text_string(value).ok()?;
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    Some(text).filter(|t| !t.is_empty())
}

/// Refuses a PDF whose streams inflate past [`MAX_INFLATED_BYTES`] or whose objects nest past
/// [`MAX_NESTING`], reading its bytes once: every `stream … endstream` is inflated (zlib, as
/// `FlateDecode` is) into a counter, never kept; outside streams, `[` and `<<` are counted.
fn check_bounds(bytes: &[u8]) -> Result<(), PdfError> {
    let mut budget = MAX_INFLATED_BYTES;
    let mut depth = 0usize;
    let mut at = 0;
    while let Some(&byte) = bytes.get(at) {
        match byte {
            b'[' => depth += 1,
            b'<' if bytes.get(at + 1) == Some(&b'<') => {
                depth += 1;
                at += 1;
            }
            b']' => depth = depth.saturating_sub(1),
            b'>' if bytes.get(at + 1) == Some(&b'>') => {
                depth = depth.saturating_sub(1);
                at += 1;
            }
            b's' if bytes.get(at..at + 6) == Some(b"stream") => {
                let start = at + 6;
                let body_start = match bytes.get(start..start + 2) {
                    Some(b"\r\n") => start + 2,
                    Some([b'\n' | b'\r', ..]) => start + 1,
                    _ => {
                        at += 1;
                        continue;
                    }
                };
                let rest = bytes.get(body_start..).unwrap_or_default();
                let end = memchr::memmem::find(rest, b"endstream").unwrap_or(rest.len());
                let body = rest.get(..end).unwrap_or_default();
                // Not zlib (an image, another filter): the decoder stops at once.
                let mut decoder = flate2::read::ZlibDecoder::new(body).take(budget + 1);
                let inflated = std::io::copy(&mut decoder, &mut std::io::sink()).unwrap_or(0);
                if inflated > budget {
                    return Err(PdfError::Bomb);
                }
                budget -= inflated;
                at = body_start + end + "endstream".len();
                continue;
            }
            _ => {}
        }
        if depth > MAX_NESTING {
            return Err(PdfError::TooDeep);
        }
        at += 1;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::page_at;

    #[test]
    fn a_page_is_one_more_than_the_form_feeds_before_it() {
        let text = "one\u{c}two\u{c}three";
        assert_eq!(page_at(text, 0), Some(1));
        assert_eq!(page_at(text, 4), Some(2));
        assert_eq!(page_at(text, text.len()), Some(3));
        assert_eq!(page_at("no pages", 3), None);
    }

    #[test]
    fn a_statement_gives_its_text_page_by_page_and_a_scan_is_refused() {
        let bytes = std::fs::read("tests/fixtures/pdf/statement.pdf").unwrap();
        let pdf = extract_pdf(&bytes).unwrap();
        assert_eq!(pdf.pages.len(), 2);
        assert_eq!(pdf.text.matches(PAGE_BREAK).count(), 1);
        let at = pdf.text.find("security guarantees").unwrap();
        assert_eq!(page_at(&pdf.text, at), Some(2));
        assert!(pdf.pages[1].contains(&at));
        let paris = pdf.text.find("met in Paris").unwrap();
        assert_eq!(page_at(&pdf.text, paris), Some(1));
        assert_eq!(pdf.title.as_deref(), Some("Paris Declaration"));
        assert_eq!(pdf.author.as_deref(), Some("Coalition of the willing"));
        let scan = std::fs::read("tests/fixtures/pdf/scan.pdf").unwrap();
        assert!(
            matches!(extract_pdf(&scan), Err(PdfError::NoText(_))),
            "{:?}",
            extract_pdf(&scan)
        );
    }

    #[test]
    fn what_is_not_a_pdf_or_is_hostile_is_refused_unread() {
        assert_eq!(extract_pdf(b"<html>"), Err(PdfError::NotPdf));
        let deep = format!("%PDF-1.4\n1 0 obj\n{}\nendobj\n", "[".repeat(100_000));
        assert_eq!(extract_pdf(deep.as_bytes()), Err(PdfError::TooDeep));
        // 300 MiB of zeros, compressed to about 300 KB.
        let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        let zeros = vec![0u8; 1024 * 1024];
        for _ in 0..300 {
            std::io::Write::write_all(&mut encoder, &zeros).unwrap();
        }
        let bomb = encoder.finish().unwrap();
        let mut file =
            b"%PDF-1.4\n1 0 obj\n<< /Length 1 /Filter /FlateDecode >>\nstream\n".to_vec();
        file.extend_from_slice(&bomb);
        file.extend_from_slice(b"\nendstream\nendobj\n");
        assert_eq!(extract_pdf(&file), Err(PdfError::Bomb));
        assert!(matches!(
            extract_pdf(b"%PDF-1.4\ngarbage"),
            Err(PdfError::Unreadable(_))
        ));
    }
}
