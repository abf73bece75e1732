//! Anchoring: (article, quote, prefix, suffix), NUL-separated. The range found lies on
//! character boundaries of the article, an exact match is the quote itself, and anchoring the
//! quote together with others gives what it gives alone.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sourceline::load::anchor::{AnchorQuality, Quote, anchor, anchor_all};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut parts = text.split('\0');
    let article = parts.next().unwrap_or_default();
    let quote = parts.next().unwrap_or_default();
    let prefix = parts.next();
    let suffix = parts.next();
    let found = anchor(article, quote, prefix, suffix);
    if let Some(range) = &found.range {
        let passage = article.get(range.clone()).expect("the range is on character boundaries");
        if found.quality == AnchorQuality::Exact {
            assert_eq!(passage, quote);
        }
    } else {
        assert_eq!(found.quality, AnchorQuality::NotFound);
    }
    // With two other quotes made from the same bytes, the answer is the same.
    let others = [
        Quote { quote: article.get(..article.len() / 2).unwrap_or_default(), prefix: None, suffix: None },
        Quote { quote: suffix.unwrap_or("x"), prefix: Some(quote), suffix: None },
    ];
    let together = anchor_all(article, &[others[0], Quote { quote, prefix, suffix }, others[1]]);
    assert_eq!(together[1], found);
});
