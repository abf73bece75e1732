//! What changed between two timelines, matched by event id: the "Reloaded: 3 added, 1 changed,
//! 2 removed" summary and the marks it leaves on the canvas and in the list.

use std::collections::{HashMap, HashSet};

use crate::model::{Citation, Event, Timeline};

/// What changed between two timelines, matched by event id.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ChangeSummary {
    /// Ids new in the second timeline.
    pub added: Vec<String>,
    /// Ids in both whose fields, citations or anchors differ.
    pub changed: Vec<String>,
    /// Ids gone from the second timeline.
    pub removed: Vec<String>,
}

impl ChangeSummary {
    /// The changes from `old` to `new`.
    pub fn between(old: &Timeline, new: &Timeline) -> Self {
        let old_by_id: HashMap<&str, &Event> = old.events.iter().map(|e| (e.id(old), e)).collect();
        let new_ids: HashSet<&str> = new.events.iter().map(|e| e.id(new)).collect();
        let mut summary = Self::default();
        for event in &new.events {
            let id = event.id(new);
            match old_by_id.get(id) {
                None => summary.added.push(id.to_owned()),
                Some(before) if !same_event(old, before, new, event) => {
                    summary.changed.push(id.to_owned());
                }
                Some(_) => {}
            }
        }
        summary.removed = old
            .events
            .iter()
            .map(|e| e.id(old))
            .filter(|id| !new_ids.contains(id))
            .map(str::to_owned)
            .collect();
        summary
    }

    /// True when nothing changed.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.changed.is_empty() && self.removed.is_empty()
    }

    /// "3 added, 1 changed, 2 removed" (or "no changes").
    pub fn headline(&self) -> String {
        if self.is_empty() {
            return "no changes".to_owned();
        }
        format!(
            "{} added, {} changed, {} removed",
            self.added.len(),
            self.changed.len(),
            self.removed.len()
        )
    }
}

/// Same fields, and every citation the same and anchored to the same passage of the same text.
fn same_event(old: &Timeline, a: &Event, new: &Timeline, b: &Event) -> bool {
    let same_citation = |x: &Citation, y: &Citation| {
        old.sources.get(x.source as usize).map(|s| &s.record.id)
            == new.sources.get(y.source as usize).map(|s| &s.record.id)
            && x.quote(old) == y.quote(new)
            && x.prefix(old) == y.prefix(new)
            && x.suffix(old) == y.suffix(new)
            && x.anchor == y.anchor
            && x.claimed == y.claimed
            && x.passage(old) == y.passage(new)
    };
    a.date == b.date
        && a.end == b.end
        && a.approximate == b.approximate
        && a.title(old) == b.title(new)
        && a.summary(old) == b.summary(new)
        && a.date_note(old) == b.date_note(new)
        && a.actors(old).eq(b.actors(new))
        && a.tags(old).eq(b.tags(new))
        && a.citations(old).len() == b.citations(new).len()
        && a.citations(old)
            .iter()
            .zip(b.citations(new))
            .all(|(x, y)| same_citation(x, y))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::fixture::small;

    #[test]
    fn summary_matches_events_by_id() {
        let old = small().timeline;
        let mut new = old.clone();
        let riyadh = new.index_of("riyadh-talks").unwrap();
        new.events.remove(riyadh);
        let mut extra = new.events[0].clone();
        extra.id = new.text.intern("a-new-event");
        new.events.push(extra);
        let index = new.index_of("un-resolution").unwrap();
        let edited = format!("{} Edited.", new.events[index].summary(&new));
        new.events[index].summary = new.text.intern(&edited);
        let summary = ChangeSummary::between(&old, &new);
        assert_eq!(summary.added, ["a-new-event"]);
        assert_eq!(summary.changed, ["un-resolution"]);
        assert_eq!(summary.removed, ["riyadh-talks"]);
        assert_eq!(summary.headline(), "1 added, 1 changed, 1 removed");
        assert!(ChangeSummary::between(&old, &old).is_empty());
        assert_eq!(ChangeSummary::default().headline(), "no changes");
    }

    #[test]
    fn a_citation_change_counts_as_changed() {
        let old = small().timeline;
        let mut new = old.clone();
        let index = new.index_of("riyadh-talks").unwrap();
        let first = new.events[index].citations.start as usize;
        let mut anchor = new.citations[first].anchor();
        anchor.range = Some(0..5);
        new.citations[first].set_anchor(&anchor);
        assert_eq!(ChangeSummary::between(&old, &new).changed, ["riyadh-talks"]);
    }
}
