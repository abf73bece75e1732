//! The curated timeline and its articles, compiled into the binary so an installed `sourceline`
//! shows them from any folder.

use std::path::Path;

use crate::load::{Articles, LoadError, Loaded, load_bytes};

/// The bundled `events.json`.
pub const EVENTS_JSON: &str = include_str!("../../events.json");

/// The bundled articles, by the relative path `events.json` names them with.
pub const ARTICLES: &[(&str, &str)] = &[
    (
        "assets/articles/trt-2025-02-26.txt",
        include_str!("../../assets/articles/trt-2025-02-26.txt"),
    ),
    (
        "assets/articles/atlantic-council-2025-01.txt",
        include_str!("../../assets/articles/atlantic-council-2025-01.txt"),
    ),
    (
        "assets/articles/euromaidan-press-2025-12.txt",
        include_str!("../../assets/articles/euromaidan-press-2025-12.txt"),
    ),
    (
        "assets/articles/macro-insights-2025-03.txt",
        include_str!("../../assets/articles/macro-insights-2025-03.txt"),
    ),
    (
        "assets/articles/white-house-meeting-2025-08-19.txt",
        include_str!("../../assets/articles/white-house-meeting-2025-08-19.txt"),
    ),
];

/// Loads the bundled timeline.
///
/// # Errors
/// Only if the bundled data is broken, which a test rules out.
pub fn load_bundled() -> Result<Loaded, LoadError> {
    load_bytes(
        EVENTS_JSON.as_bytes(),
        Path::new("<bundled>/events.json"),
        Articles::Embedded(ARTICLES),
    )
}
