//! Which events a reload added or changed, found once per change summary: the marks the list and
//! canvas show beside them, and the change bar's entries.

use std::collections::HashMap;

use crate::document::ChangeSummary;
use crate::model::Timeline;

/// How the last reload touched an event, while its change summary is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChangeMark {
    /// New in the reloaded file.
    Added,
    /// In both, with different fields, citations or anchors.
    Changed,
}

impl ChangeMark {
    /// "[new] " or "[changed] ", as the list and the canvas's labels show it.
    pub fn prefix(self) -> &'static str {
        match self {
            Self::Added => "[new] ",
            Self::Changed => "[changed] ",
        }
    }
}

/// The events `changes` marks, by index into `timeline`, and the change bar's entries in the
/// summary's order: one pass over the events, however many changed.
pub fn change_marks(
    timeline: &Timeline,
    changes: Option<&ChangeSummary>,
) -> (HashMap<usize, ChangeMark>, Vec<(ChangeMark, usize)>) {
    let Some(changes) = changes else {
        return (HashMap::new(), Vec::new());
    };
    let by_id: HashMap<&str, ChangeMark> = changes
        .added
        .iter()
        .map(|id| (id.as_str(), ChangeMark::Added))
        .chain(
            changes
                .changed
                .iter()
                .map(|id| (id.as_str(), ChangeMark::Changed)),
        )
        .collect();
    if by_id.is_empty() {
        return (HashMap::new(), Vec::new());
    }
    let mut marks = HashMap::with_capacity(by_id.len());
    let mut index_of: HashMap<&str, usize> = HashMap::with_capacity(by_id.len());
    for (index, event) in timeline.events.iter().enumerate() {
        let id = event.id(timeline);
        if let Some(&mark) = by_id.get(id) {
            marks.insert(index, mark);
            index_of.insert(id, index);
        }
    }
    let in_order = changes
        .added
        .iter()
        .map(|id| (ChangeMark::Added, id))
        .chain(changes.changed.iter().map(|id| (ChangeMark::Changed, id)));
    let list = in_order
        .filter_map(|(mark, id)| Some((mark, *index_of.get(id.as_str())?)))
        .collect();
    (marks, list)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::fixture::timeline;

    #[test]
    fn no_summary_marks_nothing() {
        let t = timeline(&[("a", "2025-01-01", &[])]);
        assert_eq!(change_marks(&t, None), (HashMap::new(), Vec::new()));
        let empty = ChangeSummary::default();
        assert_eq!(change_marks(&t, Some(&empty)), (HashMap::new(), Vec::new()));
    }

    #[test]
    fn marks_are_found_by_id_and_listed_in_the_summarys_order() {
        let t = timeline(&[
            ("a", "2025-01-01", &[]),
            ("b", "2025-01-02", &[]),
            ("c", "2025-01-03", &[]),
        ]);
        let summary = ChangeSummary {
            added: vec!["c".to_owned(), "a".to_owned()],
            changed: vec!["b".to_owned()],
            // Removed events are not in the timeline: nothing to mark.
            removed: vec!["z".to_owned()],
        };
        let (marks, list) = change_marks(&t, Some(&summary));
        let index = |id| t.index_of(id).unwrap();
        assert_eq!(marks.len(), 3);
        assert_eq!(marks[&index("a")], ChangeMark::Added);
        assert_eq!(marks[&index("b")], ChangeMark::Changed);
        assert_eq!(
            list,
            [
                (ChangeMark::Added, index("c")),
                (ChangeMark::Added, index("a")),
                (ChangeMark::Changed, index("b")),
            ]
        );
    }

    #[test]
    fn an_id_the_timeline_no_longer_has_is_left_out_of_the_list() {
        let t = timeline(&[("a", "2025-01-01", &[])]);
        let summary = ChangeSummary {
            added: vec!["gone".to_owned()],
            changed: vec!["a".to_owned()],
            removed: Vec::new(),
        };
        let (marks, list) = change_marks(&t, Some(&summary));
        assert_eq!(marks.len(), 1);
        assert_eq!(list, [(ChangeMark::Changed, 0)]);
    }
}
