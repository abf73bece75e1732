//! `sourceline export`: the timeline, or what a search leaves, in another format.

use super::{Outcome, located};
use crate::export::Format;

/// `sourceline export FILE --to FORMAT [--query TEXT] [--out PATH] [--with-articles]`: what to
/// print (or the message when written to `out`) and the exit code.
pub fn export(
    file: &std::path::Path,
    format: Format,
    query: Option<&str>,
    out: Option<&std::path::Path>,
    with_articles: bool,
) -> Outcome {
    let loaded = match crate::load::load(file) {
        Ok(loaded) => loaded,
        Err(error) => {
            return Outcome::refused(located(&error));
        }
    };
    let filter = crate::timeline::search::Filter {
        query: query.unwrap_or_default().to_owned(),
        ..crate::timeline::search::Filter::default()
    };
    let events = filter.passing(&loaded.timeline);
    let text = match crate::export::export(&loaded.timeline, &events, format, with_articles) {
        Ok(text) => text,
        Err(e) => {
            return Outcome::refused(format!("cannot export: {e}\n"));
        }
    };
    match out {
        None => Outcome::data(text),
        Some(path) => {
            let protected = crate::edit::save::export_protected(file, &loaded.timeline);
            match crate::edit::save::write_export(path, text.as_bytes(), &protected) {
                Ok(()) => Outcome::done(format!(
                    "wrote {} event(s) to {}\n",
                    events.len(),
                    path.display()
                )),
                Err(e) => Outcome::refused(format!("{e}\n")),
            }
        }
    }
}
