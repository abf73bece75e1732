//! Merging: when the file changed on disk under unsaved edits, my edits are replayed on their
//! version, event by event, except on events they changed too, which are listed to decide.

use std::path::Path;

use super::{ChangeSummary, Document};
use crate::edit::Edit;

/// A merged document and the ids both sides changed.
pub struct Merged {
    /// Theirs with my edits on top (not saved).
    pub document: Document,
    /// Ids of events both changed (or whose edit no longer applies), theirs kept.
    pub conflicts: Vec<String>,
}

/// Replays `mine` (edits made on `base`) on `theirs`, skipping edits of events `theirs` changed
/// too (added, changed or removed since `base`); those ids are returned as conflicts.
pub fn merge_edits(
    base: &Document,
    theirs: crate::load::Loaded,
    path: &Path,
    mine: &[Edit],
) -> Merged {
    let changed_by_them = ChangeSummary::between(&base.timeline, &theirs.timeline);
    let touched: std::collections::HashSet<&str> = changed_by_them
        .added
        .iter()
        .chain(&changed_by_them.changed)
        .chain(&changed_by_them.removed)
        .map(String::as_str)
        .collect();
    let mut document = Document::new(Some(path.to_owned()), theirs);
    let mut conflicts = Vec::new();
    for edit in mine {
        let id = match edit {
            Edit::AddEvent(r) | Edit::UpdateEvent(r) => Some(r.id.as_str()),
            Edit::DeleteEvent(id) => Some(id.as_str()),
            Edit::AddSource(_) | Edit::UpdateSource(_) => None,
        };
        if let Some(id) = id
            && touched.contains(id)
        {
            if !conflicts.iter().any(|c| c == id) {
                conflicts.push(id.to_owned());
            }
            continue;
        }
        if let Err(e) = document.apply_edit(edit.clone()) {
            log::warn!("merge: {} not replayed: {e}", edit.describe());
            if let Some(id) = id {
                conflicts.push(id.to_owned());
            }
        }
    }
    Merged {
        document,
        conflicts,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::fixture::small_document;
    use crate::model::event_record;

    fn record(doc: &Document, id: &str) -> crate::model::EventRecord {
        let index = doc.timeline.index_of(id).unwrap();
        event_record(&doc.timeline, &doc.timeline.events[index])
    }

    #[test]
    fn disjoint_edits_merge_and_shared_ones_are_listed() {
        let base = small_document("merge");
        // Theirs: a new title for the Riyadh talks.
        let mut theirs = base.clone();
        let mut riyadh = record(&base, "riyadh-talks");
        riyadh.title = "Their Riyadh title".to_owned();
        theirs.apply_edit(Edit::UpdateEvent(riyadh)).unwrap();
        let theirs = crate::load::Loaded {
            timeline: (*theirs.timeline).clone(),
            diagnostics: Vec::new(),
        };
        // Mine: the UN resolution retitled (disjoint) and the Riyadh talks retitled (shared).
        let mut un = record(&base, "un-resolution");
        un.title = "My UN title".to_owned();
        let mut my_riyadh = record(&base, "riyadh-talks");
        my_riyadh.title = "My Riyadh title".to_owned();
        let mine = [Edit::UpdateEvent(un), Edit::UpdateEvent(my_riyadh)];
        let merged = merge_edits(&base, theirs, base.path.as_deref().unwrap(), &mine);
        assert_eq!(merged.conflicts, ["riyadh-talks"]);
        let doc = merged.document;
        let title = |id: &str| {
            let i = doc.timeline.index_of(id).unwrap();
            doc.timeline.events[i].title(&doc.timeline).to_owned()
        };
        assert_eq!(title("un-resolution"), "My UN title");
        assert_eq!(title("riyadh-talks"), "Their Riyadh title");
        assert!(doc.is_dirty(), "the merge is not saved yet");
    }
}
