//! Anchoring every citation: each article's quotes together, the articles spread over the
//! cores in rounds, a panic in one article an error about that article.

use std::sync::atomic::Ordering;

use super::Progress;
use super::anchor::{Quote, anchor_all as anchor_quotes};
use crate::model::anchor::Anchor;
use crate::model::{Citation, Source, TextRef};

/// Anchors every citation, each article's together (indexed once when it is cited often), the
/// articles spread over the available cores.
///
/// Returns the sources whose anchoring panicked, with the panic's message.
pub(super) fn anchor_all<'t>(
    citations: &mut [Citation],
    sources: &[Source],
    get: &(dyn Fn(TextRef) -> &'t str + Sync),
    progress: &Progress,
) -> Vec<(usize, String)> {
    progress.events_done.store(0, Ordering::Relaxed);
    progress
        .events_total
        .store(citations.len(), Ordering::Relaxed);
    // Each source's citations in one list grouped by source (a counting sort): exactly four
    // bytes a citation in one allocation, where a growing list per source left the heap
    // fragmented at the load's peak of memory. Citations with an unknown source or an empty
    // quote were left unresolved by `validate` (their errors are reported); they are not
    // searched, nor are pending ones (no quote yet: their anchor stays "not found").
    let mut bounds: Vec<usize> = vec![0; sources.len() + 1];
    for c in citations.iter().filter(|c| c.quote.is_some()) {
        if let Some(count) = bounds.get_mut(c.source as usize + 1) {
            *count += 1;
        }
    }
    let mut total = 0;
    for bound in &mut bounds {
        total += *bound;
        *bound = total;
    }
    let mut grouped: Vec<u32> = vec![0; bounds.last().copied().unwrap_or(0)];
    let mut next = bounds.clone();
    for (i, c) in citations
        .iter()
        .enumerate()
        .filter(|(_, c)| c.quote.is_some())
    {
        if let Some(at) = next.get_mut(c.source as usize)
            && let Some(slot) = grouped.get_mut(*at)
        {
            *slot = u32::try_from(i).unwrap_or(u32::MAX);
            *at += 1;
        }
    }
    drop(next);
    let by_source = |s: usize| -> &[u32] {
        match (bounds.get(s), bounds.get(s + 1)) {
            (Some(&start), Some(&end)) => grouped.get(start..end).unwrap_or_default(),
            _ => &[],
        }
    };
    // Greedy split by work (citations plus article length), biggest first, in rounds of about
    // `ANCHOR_ROUND_CITATIONS` citations: each round's anchors are written back before the next
    // starts, so the answers waiting to be written never approach the size of all citations
    // (held whole, they were the peak of memory of a million-citation load).
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(8);
    let mut order: Vec<usize> = (0..sources.len()).collect();
    let work = |s: usize| by_source(s).len() * 64 + sources.get(s).map_or(0, |x| x.text.len()) / 64;
    order.sort_unstable_by_key(|&s| std::cmp::Reverse(work(s)));
    let mut failed = Vec::new();
    let mut rest = order.as_slice();
    while !rest.is_empty() {
        let mut in_round = 0;
        let mut take = 0;
        for &s in rest {
            // Every thread gets an article in each round that has enough of them: a few large
            // articles would otherwise be anchored one at a time.
            if take >= threads && in_round + by_source(s).len() > ANCHOR_ROUND_CITATIONS {
                break;
            }
            in_round += by_source(s).len();
            take += 1;
        }
        let (round, later) = rest.split_at(take);
        rest = later;
        let mut shares: Vec<(usize, Vec<usize>)> = vec![(0, Vec::new()); threads];
        for &s in round {
            if let Some(share) = shares.iter_mut().min_by_key(|(load, _)| *load) {
                share.0 += work(s);
                share.1.push(s);
            }
        }
        let citations_read: &[Citation] = citations;
        let outcome = run_shares(&shares, |s| {
            if progress.is_cancelled() {
                return Vec::new();
            }
            let text = &sources[s].text;
            let wanted = by_source(s);
            let quotes: Vec<Quote<'_>> = wanted
                .iter()
                .map(|&i| {
                    let c = &citations_read[i as usize];
                    Quote {
                        quote: c.quote.map_or("", get),
                        prefix: c.prefix.map(get),
                        suffix: c.suffix.map(get),
                    }
                })
                .collect();
            let out: Vec<(u32, Anchor)> = wanted
                .iter()
                .copied()
                .zip(anchor_quotes(text, &quotes))
                .collect();
            progress
                .events_done
                .fetch_add(wanted.len(), Ordering::Relaxed);
            out
        });
        for (i, found) in outcome.results.into_iter().flatten() {
            if let Some(c) = citations.get_mut(i as usize) {
                c.set_anchor(&found);
            }
        }
        failed.extend(outcome.failed);
    }
    failed
}

/// Citations anchored in one round of [`anchor_all`], past one article per thread.
pub(super) const ANCHOR_ROUND_CITATIONS: usize = 16_384;

/// What [`run_shares`] gives back: each finished item's output, and the items whose work
/// panicked with the panic's message.
pub(super) struct SharesOutcome<T> {
    pub(super) results: Vec<Vec<T>>,
    pub(super) failed: Vec<(usize, String)>,
}

/// Runs `work` on every item of every share, one thread per share. A panic in the work of one
/// item is caught and reported with that item, so a bug in anchoring one article is an error
/// about that article rather than passages silently "not found"; the other items go on.
pub(super) fn run_shares<T: Send>(
    shares: &[(usize, Vec<usize>)],
    work: impl Fn(usize) -> Vec<T> + Sync,
) -> SharesOutcome<T> {
    let per_thread: Vec<SharesOutcome<T>> = std::thread::scope(|scope| {
        let work = &work;
        let handles: Vec<_> = shares
            .iter()
            .map(|(_, share)| {
                scope.spawn(move || {
                    let mut results = Vec::with_capacity(share.len());
                    let mut failed = Vec::new();
                    for &item in share {
                        // The work only reads shared data, so nothing is left half-changed.
                        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(item)))
                        {
                            Ok(out) => results.push(out),
                            Err(payload) => failed.push((item, panic_message(payload.as_ref()))),
                        }
                    }
                    SharesOutcome { results, failed }
                })
            })
            .collect();
        handles
            .into_iter()
            .zip(shares)
            .map(|(handle, (_, share))| {
                // Panics are caught inside, so a failed join means the thread itself died.
                handle.join().unwrap_or_else(|payload| {
                    let message = panic_message(payload.as_ref());
                    SharesOutcome {
                        results: Vec::new(),
                        failed: share.iter().map(|&i| (i, message.clone())).collect(),
                    }
                })
            })
            .collect()
    });
    let mut outcome = SharesOutcome {
        results: Vec::new(),
        failed: Vec::new(),
    };
    for share in per_thread {
        outcome.results.extend(share.results);
        outcome.failed.extend(share.failed);
    }
    outcome
}

/// The text a panic was raised with, when it has one.
pub(super) fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".to_owned())
}
