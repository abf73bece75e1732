//! Where a citation's quote was found in its article: the answer of `load::anchor`, kept by every
//! loaded citation (packed in 16 bytes).

use std::fmt;
use std::ops::Range;

/// How well a citation anchored.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum AnchorQuality {
    /// The quote occurs in the article as written.
    Exact,
    /// The quote occurs once whitespace, quotes and dashes are folded.
    Normalised,
    /// The quote matches a passage with a few edits; `score` is the similarity in `0..=1`.
    Approximate {
        /// 1 − edits / quote length, after folding.
        score: f64,
    },
    /// Nothing similar enough was found.
    NotFound,
}

impl AnchorQuality {
    /// Short lower-case name, as printed by `sourceline check`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Exact => "exact",
            Self::Normalised => "normalised",
            Self::Approximate { .. } => "approximate",
            Self::NotFound => "not found",
        }
    }
}

impl fmt::Display for AnchorQuality {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Approximate { score } => write!(f, "approximate ({:.0}% similar)", score * 100.0),
            other => f.write_str(other.name()),
        }
    }
}

/// Where a quote anchored in its article.
#[derive(Clone, Debug, PartialEq)]
pub struct Anchor {
    /// How well it anchored.
    pub quality: AnchorQuality,
    /// Byte range in the original article text; `None` when not found.
    pub range: Option<Range<usize>>,
    /// True when several passages fit equally well and the first was taken.
    pub ambiguous: bool,
}

impl Default for Anchor {
    fn default() -> Self {
        Self::not_found()
    }
}

impl Anchor {
    /// An anchor for a quote that was not found.
    pub fn not_found() -> Self {
        Self {
            quality: AnchorQuality::NotFound,
            range: None,
            ambiguous: false,
        }
    }
}

/// An [`Anchor`] in 16 bytes, as each citation keeps it: offsets in 32 bits (an article is at
/// most 16 MiB) and the score in 32. Held as [`Anchor`]s, a million citations' anchors took
/// 48 MB of a load's peak; packed they take 16.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct PackedAnchor {
    start: u32,
    end: u32,
    score: f32,
    /// 0 not found (so that the default is), 1 exact, 2 normalised, 3 approximate.
    quality: u8,
    /// Bit 0: a range is held; bit 1: ambiguous.
    flags: u8,
}

impl PackedAnchor {
    const HAS_RANGE: u8 = 1;
    const AMBIGUOUS: u8 = 2;

    /// Packs `anchor`; a range past 4 GiB (never made: articles are capped) is kept as none.
    pub fn new(anchor: &Anchor) -> Self {
        let (quality, score) = match anchor.quality {
            AnchorQuality::NotFound => (0, 0.0),
            AnchorQuality::Exact => (1, 0.0),
            AnchorQuality::Normalised => (2, 0.0),
            AnchorQuality::Approximate { score } => (3, score as f32),
        };
        let range = anchor
            .range
            .as_ref()
            .and_then(|r| Some((u32::try_from(r.start).ok()?, u32::try_from(r.end).ok()?)));
        let (start, end) = range.unwrap_or_default();
        let mut flags = 0;
        if range.is_some() {
            flags |= Self::HAS_RANGE;
        }
        if anchor.ambiguous {
            flags |= Self::AMBIGUOUS;
        }
        Self {
            start,
            end,
            score,
            quality,
            flags,
        }
    }

    /// The anchor packed.
    pub fn get(self) -> Anchor {
        Anchor {
            quality: match self.quality {
                1 => AnchorQuality::Exact,
                2 => AnchorQuality::Normalised,
                3 => AnchorQuality::Approximate {
                    score: f64::from(self.score),
                },
                _ => AnchorQuality::NotFound,
            },
            range: (self.flags & Self::HAS_RANGE != 0)
                .then_some(self.start as usize..self.end as usize),
            ambiguous: self.flags & Self::AMBIGUOUS != 0,
        }
    }

    /// How well it anchored.
    pub fn quality(self) -> AnchorQuality {
        self.get().quality
    }
}
