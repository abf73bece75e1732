//! Checking that the events' ids are unique, on every core, and warning of ids that differ only
//! by invisible characters.

use std::hash::BuildHasher as _;

use hashbrown::HashTable;
use rustc_hash::FxBuildHasher;

use super::context::Context;
use super::diagnostic::Problem;
use super::validate::{Lookalikes, event_path, is_invisible};
use crate::model::{Event, TextRef};

/// Reports every event whose id an earlier event already has, and every id that looks like an
/// earlier one (the same once invisible characters are taken out).
///
/// The ids are split between threads by their hash, each thread keeping a table of the first
/// event with each of its ids: a thread sees every id it owns in file order, so it finds the
/// same first use a single pass would. The tables hold positions in `events` (four bytes a slot
/// where a map of string slices takes twenty-four), so the split costs no memory. The
/// look-alike check depends on the order of all ids, so it runs afterwards in one pass, and only
/// when some id holds an invisible character.
pub(super) fn check_event_ids<'t>(
    events: &[Event],
    event_index: &[u32],
    get: &(dyn Fn(TextRef) -> &'t str + Sync),
    ctx: &mut Context<'_>,
) {
    let threads = if events.len() < PARALLEL_FROM_EVENTS {
        1
    } else {
        std::thread::available_parallelism()
            .map_or(1, usize::from)
            .min(MAX_THREADS)
    };
    check_on_threads(events, event_index, get, ctx, threads);
}

/// [`check_event_ids`] on `threads` threads (at least one).
fn check_on_threads<'t>(
    events: &[Event],
    event_index: &[u32],
    get: &(dyn Fn(TextRef) -> &'t str + Sync),
    ctx: &mut Context<'_>,
    threads: usize,
) {
    let threads = threads.max(1);
    let hash_id = |id: &str| FxBuildHasher.hash_one(id);
    // Bits that neither a table's bucket (low bits) nor its tag (top bits) uses, so that each part's
    // table hashes as well as one table would.
    let part_of = |hash: u64| (hash >> 40) as usize % threads;
    let id_at = |position: u32| events.get(position as usize).map_or("", |e| get(e.id));
    let wanted = |id: &str| !id.trim().is_empty();

    let run_part = |part: usize| {
        let mut found = Part {
            first_use: HashTable::with_capacity(events.len() / threads + 1),
            duplicates: Vec::new(),
            invisible: false,
        };
        for (position, event) in events.iter().enumerate() {
            let id = get(event.id);
            let hash = hash_id(id);
            if part_of(hash) != part || !wanted(id) {
                continue;
            }
            let position = u32::try_from(position).unwrap_or(u32::MAX);
            if let Some(&first) = found.first_use.find(hash, |&p| id_at(p) == id) {
                found.duplicates.push((position, first));
            } else {
                found.invisible |= id.chars().any(is_invisible);
                found
                    .first_use
                    .insert_unique(hash, position, |&p| hash_id(id_at(p)));
            }
        }
        found
    };
    let parts: Vec<Part> = if threads == 1 {
        vec![run_part(0)]
    } else {
        let joined: Option<Vec<Part>> = std::thread::scope(|scope| {
            let run_part = &run_part;
            let handles: Vec<_> = (0..threads)
                .map(|part| scope.spawn(move || run_part(part)))
                .collect();
            handles
                .into_iter()
                .map(|handle| handle.join().ok())
                .collect()
        });
        joined.unwrap_or_else(|| {
            // A thread died; the work only reads, so it is simply done again here.
            log::error!("checking the ids on {threads} threads failed; checking them on one");
            (0..threads).map(run_part).collect()
        })
    };

    let mut duplicates: Vec<(u32, u32)> = parts
        .iter()
        .flat_map(|part| part.duplicates.iter().copied())
        .collect();
    duplicates.sort_unstable();
    let path_of = |position: u32| {
        event_path(
            event_index
                .get(position as usize)
                .copied()
                .unwrap_or(u32::MAX),
        )
    };
    for (position, first) in duplicates {
        ctx.error(
            path_of(position).key("id"),
            Problem::DuplicateEventId {
                id: id_at(position).to_owned(),
                first: path_of(first),
            },
        );
    }

    if parts.iter().any(|part| part.invisible) {
        // The first event with `id`, if it comes before `position`: what a single pass's table
        // held when it reached `position`.
        let first_before = |id: &str, position: u32| {
            let hash = hash_id(id);
            parts
                .get(part_of(hash))
                .and_then(|part| part.first_use.find(hash, |&p| id_at(p) == id))
                .copied()
                .filter(|&first| first < position)
        };
        let mut lookalikes = Lookalikes::default();
        for (position, event) in events.iter().enumerate() {
            let id = get(event.id);
            let position = u32::try_from(position).unwrap_or(u32::MAX);
            // Only an id's first use is compared, as the single pass did.
            if !wanted(id) || first_before(id, position).is_some() {
                continue;
            }
            let plain = |visible: &str| first_before(visible, position).map(path_of);
            if let Some(problem) = lookalikes.check(id, || path_of(position), plain) {
                ctx.warning(path_of(position).key("id"), problem);
            }
        }
    }
}

/// From this many events the ids are checked on more than one thread.
const PARALLEL_FROM_EVENTS: usize = 100_000;

/// Threads past this many would each read every id for a smaller share of them.
const MAX_THREADS: usize = 4;

/// One thread's share of the ids: the first use of each, and the later uses.
struct Part {
    first_use: HashTable<u32>,
    /// (position, position of the first use), in file order.
    duplicates: Vec<(u32, u32)>,
    /// Whether an id of this share holds an invisible character.
    invisible: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::Progress;
    use crate::model::date::PartialDate;
    use crate::model::{LabelRange, TextStore};

    /// What the check reports for these ids on `threads` threads, as text in report order
    /// once sorted (the load sorts its diagnostics by place).
    fn reported(ids: &[&str], threads: usize) -> Vec<String> {
        let mut text = TextStore::default();
        let events: Vec<Event> = ids
            .iter()
            .map(|id| Event {
                id: text.intern(id),
                title: TextRef::default(),
                summary: TextRef::default(),
                date_note: None,
                date: PartialDate::EPOCH,
                end: None,
                approximate: false,
                labels: LabelRange::default(),
                media: None,
                citations: 0..0,
            })
            .collect();
        // File positions unlike the positions in `events`, as after a part failed to parse.
        let event_index: Vec<u32> = (0..ids.len() as u32).map(|i| i * 2 + 1).collect();
        let progress = Progress::default();
        let mut ctx = Context {
            progress: &progress,
            file: "t.json".into(),
            text: "",
            found: Vec::new(),
            offsets: Vec::new(),
        };
        let get = |r: TextRef| text.get(r);
        check_on_threads(&events, &event_index, &get, &mut ctx, threads);
        let mut found: Vec<String> = ctx
            .found
            .iter()
            .map(|(severity, path, problem)| format!("{severity:?} {path} {problem:?}"))
            .collect();
        found.sort();
        found
    }

    #[test]
    fn every_split_of_the_ids_reports_what_one_pass_does() {
        let ids = [
            "a",
            "b",
            "a",
            "c\u{200B}",
            "c",
            " ",
            "b",
            "d",
            "c\u{200B}",
            "e",
            "a",
            "\u{200B}d",
            "f",
            "f\u{AD}",
            "g",
            "",
            "f",
        ];
        let one = reported(&ids, 1);
        // Positions 2, 6, 8, 10 and 16 repeat an id; 4, 11 and 13 look like an earlier one. The
        // file positions are twice the position plus one.
        let path = |i: u32| format!("JsonPath([Key(\"events\"), Index({i})])");
        let duplicate = |at: u32, id: &str, first: u32| {
            format!(
                "Error $.events[{at}].id DuplicateEventId {{ id: {id:?}, first: {} }}",
                path(first)
            )
        };
        let lookalike = |at: u32, id: &str, other: &str, first: u32| {
            format!(
                "Warning $.events[{at}].id LookalikeId {{ id: {id:?}, other: {other:?}, first: {} }}",
                path(first)
            )
        };
        let mut expected = vec![
            duplicate(5, "a", 1),
            duplicate(13, "b", 3),
            duplicate(17, "c\u{200B}", 7),
            duplicate(21, "a", 1),
            duplicate(33, "f", 25),
            lookalike(9, "c", "c\u{200B}", 7),
            lookalike(23, "\u{200B}d", "d", 15),
            lookalike(27, "f\u{AD}", "f", 25),
        ];
        expected.sort();
        assert_eq!(one, expected);
        for threads in 2..=5 {
            assert_eq!(reported(&ids, threads), one, "{threads} threads");
        }
    }
}
