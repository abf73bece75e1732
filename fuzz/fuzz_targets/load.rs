//! Bytes → load: the events file's bytes, then a NUL, then its one article (`a.txt`).
//! Whatever the bytes, loading answers (a timeline or located errors) without panicking, and
//! every diagnostic prints as one line with nothing unsafe in it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sourceline::load::diagnostic::is_unsafe_char;
use sourceline::load::{Articles, load_bytes};

fuzz_target!(|data: &[u8]| {
    let (events, article) = match data.iter().position(|&b| b == 0) {
        Some(nul) => (&data[..nul], &data[nul + 1..]),
        None => (data, &[][..]),
    };
    let article = String::from_utf8_lossy(article);
    let articles = [("a.txt", article.as_ref())];
    let diagnostics = match load_bytes(events, "fuzz.json".as_ref(), Articles::Embedded(&articles)) {
        Ok(loaded) => {
            for citation in &loaded.timeline.citations {
                if let Some(range) = &citation.anchor.range {
                    let text = &loaded.timeline.sources[citation.source].text;
                    assert!(text.get(range.clone()).is_some(), "{range:?} is not in the article");
                }
            }
            loaded.diagnostics
        }
        Err(error) => error.diagnostics,
    };
    for d in &diagnostics {
        let line = d.to_string();
        assert!(!line.chars().any(is_unsafe_char), "{line:?}");
        assert!(d.location.line >= 1 && d.location.column >= 1);
    }
});
