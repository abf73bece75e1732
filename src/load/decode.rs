//! What text a file holds: UTF-8 as sourceline keeps it, UTF-16 named, binary refused, and for
//! imported tables, a legacy encoding detected (chardetng, as Firefox detects it) and decoded
//! (`encoding_rs`, Firefox's decoder), so that the import can say "read as windows-1252" instead
//! of writing U+FFFD into titles.

use std::borrow::Cow;

/// Why bytes are not text sourceline reads.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// UTF-16, with or without a byte order mark.
    #[error("UTF-16 text ({0}): expected UTF-8; save it as UTF-8")]
    Utf16(&'static str),
    /// A NUL byte: no text file holds one.
    #[error("binary data (a NUL byte at offset {0}): expected text")]
    Nul(usize),
    /// Not UTF-8.
    #[error("expected UTF-8 text, found an invalid byte at offset {0}")]
    NotUtf8(usize),
    /// Not UTF-8, and not the detected legacy encoding either.
    #[error(
        "expected text, found bytes that are neither UTF-8 (invalid at offset {offset}) nor {guess}"
    )]
    Undecodable {
        /// The first byte that is not UTF-8.
        offset: usize,
        /// The encoding detected, which did not decode it either.
        guess: &'static str,
    },
}

/// How many bytes are looked at to tell UTF-16 without a byte order mark.
const SNIFF_BYTES: usize = 4096;

/// `bytes` as UTF-8 text, strictly: an article is archived byte for byte and its quotes are
/// its UTF-8 text. A UTF-8 byte order mark is part of what is kept (the caller decides).
///
/// # Errors
/// UTF-16 (named, with or without a byte order mark), a NUL byte, or invalid UTF-8.
pub fn utf8_text(bytes: &[u8]) -> Result<&str, DecodeError> {
    not_utf16_nor_binary(bytes)?;
    // simdutf8's check gives what the standard library's gives, error position included, at
    // several times its speed on long text (the archive search validates every article).
    simdutf8::compat::from_utf8(bytes).map_err(|e| DecodeError::NotUtf8(e.valid_up_to()))
}

/// The checks of [`utf8_text`] besides UTF-8 validity, for a caller that validates it while
/// taking ownership (`String::from_utf8`), so that the bytes are validated once.
///
/// # Errors
/// UTF-16 (named, with or without a byte order mark) or a NUL byte.
pub fn not_utf16_nor_binary(bytes: &[u8]) -> Result<(), DecodeError> {
    if let Some(kind) = utf16(bytes) {
        return Err(DecodeError::Utf16(kind));
    }
    if let Some(at) = memchr::memchr(0, bytes) {
        return Err(DecodeError::Nul(at));
    }
    Ok(())
}

/// `bytes` as text for an import: UTF-8 as it is (a byte order mark dropped), else decoded in
/// the encoding detected, whose name comes back to be reported.
///
/// # Errors
/// UTF-16, a NUL byte, or bytes the detected encoding does not decode either.
pub fn import_text(bytes: &[u8]) -> Result<(Cow<'_, str>, Option<&'static str>), DecodeError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match utf8_text(bytes) {
        Ok(text) => Ok((Cow::Borrowed(text), None)),
        Err(DecodeError::NotUtf8(offset)) => {
            let mut detector =
                chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
            detector.feed(bytes, true);
            let encoding = detector.guess(None, chardetng::Utf8Detection::Deny);
            let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
            if had_errors {
                return Err(DecodeError::Undecodable {
                    offset,
                    guess: encoding.name(),
                });
            }
            Ok((Cow::Owned(text.into_owned()), Some(encoding.name())))
        }
        Err(other) => Err(other),
    }
}

/// "with a byte order mark", "little-endian" or "big-endian" when `bytes` look like UTF-16:
/// a UTF-16 byte order mark, or text whose every other byte is NUL (ASCII in UTF-16 is).
fn utf16(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Some("with a byte order mark");
    }
    let head = bytes
        .get(..SNIFF_BYTES.min(bytes.len()))
        .unwrap_or_default();
    let pairs = head.len() / 2;
    // UTF-16 without a mark is told by its NULs: a head with none is not (one vectorised scan,
    // where counting by parity goes a byte at a time).
    if pairs < 2 || memchr::memchr(0, head).is_none() {
        return None;
    }
    let nul_at = |parity: usize| {
        head.iter()
            .skip(parity)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    let (even, odd) = (nul_at(0), nul_at(1));
    // Most ASCII-heavy UTF-16 has a NUL in nearly every high byte; ask for over half.
    if odd * 2 > pairs && even * 8 < pairs {
        Some("little-endian, no byte order mark")
    } else if even * 2 > pairs && odd * 8 < pairs {
        Some("big-endian, no byte order mark")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16le(text: &str) -> Vec<u8> {
        text.encode_utf16().flat_map(u16::to_le_bytes).collect()
    }

    #[test]
    fn utf16_is_named_with_or_without_a_byte_order_mark() {
        let plain = utf16le("The delegations met in Riyadh on Tuesday.");
        assert!(
            std::str::from_utf8(&plain).is_ok(),
            "it passes a UTF-8 check"
        );
        assert_eq!(
            utf8_text(&plain),
            Err(DecodeError::Utf16("little-endian, no byte order mark"))
        );
        let big: Vec<u8> = "Talks".encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(
            utf8_text(&big),
            Err(DecodeError::Utf16("big-endian, no byte order mark"))
        );
        let mut marked = vec![0xFF, 0xFE];
        marked.extend(utf16le("Talks"));
        assert_eq!(
            utf8_text(&marked),
            Err(DecodeError::Utf16("with a byte order mark"))
        );
        assert!(matches!(import_text(&marked), Err(DecodeError::Utf16(_))));
    }

    #[test]
    fn text_is_utf8_without_nul() {
        assert_eq!(utf8_text("café — “q”".as_bytes()), Ok("café — “q”"));
        assert_eq!(utf8_text(b"a\0b"), Err(DecodeError::Nul(1)));
        assert_eq!(utf8_text(b"caf\xe9"), Err(DecodeError::NotUtf8(3)));
    }

    #[test]
    fn an_import_in_a_legacy_encoding_is_decoded_and_named() {
        // "Déclaration de l’OTAN à Genève, 3 mars" in windows-1252.
        let bytes = b"date,title\n2025-03-03,D\xe9claration de l\x92OTAN \xe0 Gen\xe8ve\n";
        let (text, encoding) = import_text(bytes).unwrap();
        assert_eq!(encoding, Some("windows-1252"));
        assert!(text.contains("Déclaration de l’OTAN à Genève"), "{text}");
        let (text, encoding) = import_text(b"\xEF\xBB\xBFdate,title\n").unwrap();
        assert_eq!((text.as_ref(), encoding), ("date,title\n", None));
    }
}
