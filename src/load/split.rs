//! The events array parsed on two cores.
//!
//! A large file is read by a small hand-written walk over the root object: each member, and each
//! event, is parsed by `serde_json` from where the walk stands (a stream deserializer says where
//! the value ended). A second thread starts at a guessed event boundary halfway through the
//! array and parses the rest into a builder of its own. The guess is only trusted when the first
//! thread, parsing from the start, arrives at exactly that place between two events: JSON read
//! from a given place in a given state parses the same whoever reads it, so the two halves are
//! then exactly what one pass would have made, and the second builder is appended to the first.
//! A wrong guess (the place was inside a string, say) costs the second thread's work and nothing
//! else: the first goes on alone.
//!
//! Anything this walk does not expect (an error, a duplicate or unknown member, a cancellation)
//! makes it give up, and the caller parses the file the usual way, which reports every problem
//! with its place.

use std::sync::atomic::{AtomicBool, Ordering};

use serde::Deserialize;

use super::Progress;
use super::build::Builder;
use super::parse::{CANCEL_CHECK_EVENTS, EventIn, Head, Member, RootMembers, Text};
use crate::model::{Citation, Event, LabelRange};

/// Files smaller than this are parsed by one thread: splitting gains less than it costs.
pub(super) const SPLIT_MIN_BYTES: usize = 8 * 1024 * 1024;

/// Events in one builder of the second half (three in tests, so that their small files are
/// appended part by part too).
#[cfg(not(test))]
const PART_EVENTS: usize = 65_536;
#[cfg(test)]
const PART_EVENTS: usize = 3;

/// How far past the middle a boundary between two events is looked for.
const BOUNDARY_SEARCH_BYTES: usize = 1024 * 1024;

/// Parses `body` (the file without its byte-order mark) on two threads into a [`Head`] and a
/// builder over `file` (the whole text). `None`: the caller parses it the usual way, either
/// because something is wrong with it (to be reported in full) or because it was cancelled.
pub(super) fn parse<'a>(
    body: &'a str,
    file: &'a str,
    progress: &Progress,
) -> Option<(Head, Builder<'a>)> {
    parse_split(body, file, progress, Split::Middle)
}

/// Where the second thread starts.
#[derive(Clone, Copy, Debug)]
enum Split {
    /// At the first event boundary after the middle of the array, when it is large.
    Middle,
    /// At this byte offset of the body, whatever stands there (tests try every one).
    #[cfg(test)]
    At(usize),
}

fn parse_split<'a>(
    body: &'a str,
    file: &'a str,
    progress: &Progress,
    split: Split,
) -> Option<(Head, Builder<'a>)> {
    let mut builder = Builder::new(file);
    let mut cursor = Cursor { text: body, at: 0 };
    let mut members = RootMembers::default();
    cursor.expect(b'{')?;
    if !cursor.eat(b'}') {
        loop {
            let key: Text<'a> = cursor.value()?;
            cursor.expect(b':')?;
            // A member seen twice, or one not in the format, is reported by the usual parse.
            match members.member(&key.0).ok()? {
                Member::Schema => {
                    cursor.value::<Option<String>>()?;
                }
                Member::Format => members.format = Some(cursor.value()?),
                Member::Title => members.title = Some(cursor.value()?),
                Member::Sources => members.sources = Some(cursor.value()?),
                Member::Eras => members.eras = Some(cursor.value()?),
                Member::Events => events_array(&mut cursor, &mut builder, progress, split)?,
            }
            if cursor.eat(b',') {
                continue;
            }
            cursor.expect(b'}')?;
            break;
        }
    }
    cursor.skip_whitespace();
    if cursor.at != body.len() {
        return None;
    }
    let head = members.finish().ok()?;
    Some((head, builder))
}

/// Parses the events array at the cursor into `builder`, the second half on another thread
/// when the rest of the text is large.
fn events_array<'a>(
    cursor: &mut Cursor<'a>,
    builder: &mut Builder<'a>,
    progress: &Progress,
    split: Split,
) -> Option<()> {
    cursor.expect(b'[')?;
    if cursor.eat(b']') {
        return Some(());
    }
    let rest = cursor.text.len() - cursor.at;
    let guess = match split {
        Split::Middle => (rest >= SPLIT_MIN_BYTES
            && std::thread::available_parallelism().map_or(1, usize::from) > 1)
            .then(|| boundary_after(cursor.text, cursor.at + rest / 2))
            .flatten(),
        #[cfg(test)]
        Split::At(at) => Some(at),
    };
    let Some(guess) = guess else {
        let mut index = 0;
        return elements_until(cursor, builder, &mut index, usize::MAX, progress).map(|_| ());
    };
    let abandon = AtomicBool::new(false);
    let (text, file, abandon) = (cursor.text, builder.file, &abandon);
    std::thread::scope(|scope| {
        let second = scope.spawn(move || {
            let mut cursor = Cursor { text, at: guess };
            let mut parts = Vec::new();
            let mut index = 0;
            elements(&mut cursor, &mut parts, file, &mut index, abandon, progress)
                .map(|()| (parts, cursor.at))
        });
        let mut index = 0;
        let stopped_at_guess = elements_until(cursor, builder, &mut index, guess, progress);
        match stopped_at_guess {
            Some(true) => {
                // The first half ends exactly where the second began: its parse is the rest.
                let (parts, end) = second.join().ok()??;
                log::debug!("load: events parsed in two halves, the second from byte {guess}");
                // Part by part, each freed once appended: the second half whole beside the
                // first, grown to hold it, was the peak of memory of a million-event load.
                for part in parts {
                    builder.append(part, index);
                }
                cursor.at = end;
                Some(())
            }
            Some(false) => {
                // The guess was not a boundary: the first thread parsed through it.
                log::debug!("load: byte {guess} was not between two events; parsed in one");
                abandon.store(true, Ordering::Relaxed);
                let _ = second.join();
                Some(())
            }
            None => {
                abandon.store(true, Ordering::Relaxed);
                let _ = second.join();
                None
            }
        }
    })
}

/// Parses events from the cursor to the end of the array, or stops when the next event would
/// start at `stop`. `Some(true)`: stopped there; `Some(false)`: reached the end of the array.
fn elements_until<'a>(
    cursor: &mut Cursor<'a>,
    builder: &mut Builder<'a>,
    index: &mut usize,
    stop: usize,
    progress: &Progress,
) -> Option<bool> {
    loop {
        if cursor.at == stop {
            return Some(true);
        }
        element(cursor, builder, index, progress)?;
        if cursor.eat(b',') {
            cursor.skip_whitespace();
            continue;
        }
        cursor.expect(b']')?;
        return Some(false);
    }
}

/// Parses events from the cursor through the end of the array into builders of at most
/// [`PART_EVENTS`] events each (their indices count from the first); `abandon`, when set, stops
/// it.
fn elements<'a>(
    cursor: &mut Cursor<'a>,
    parts: &mut Vec<Builder<'a>>,
    file: &'a str,
    index: &mut usize,
    abandon: &AtomicBool,
    progress: &Progress,
) -> Option<()> {
    loop {
        if parts
            .last()
            .is_none_or(|part| part.events.len() >= PART_EVENTS)
        {
            parts.push(Builder::new(file));
        }
        element(cursor, parts.last_mut()?, index, progress)?;
        if index.is_multiple_of(CANCEL_CHECK_EVENTS) && abandon.load(Ordering::Relaxed) {
            return None;
        }
        if cursor.eat(b',') {
            continue;
        }
        return cursor.expect(b']');
    }
}

/// Parses one event at the cursor and hands it to the builder.
fn element<'a>(
    cursor: &mut Cursor<'a>,
    builder: &mut Builder<'a>,
    index: &mut usize,
    progress: &Progress,
) -> Option<()> {
    let event: EventIn<'a> = cursor.value()?;
    builder.push(*index, &event);
    *index += 1;
    if index.is_multiple_of(CANCEL_CHECK_EVENTS) {
        progress
            .events_done
            .fetch_add(CANCEL_CHECK_EVENTS, Ordering::Relaxed);
        if progress.is_cancelled() {
            return None;
        }
    }
    Some(())
}

/// The first place at or after `from` (within [`BOUNDARY_SEARCH_BYTES`]) that looks like the
/// start of an array element after another object: `{` preceded, across whitespace, by `,` and
/// then `}`. Only a guess: the same bytes can stand inside a string.
fn boundary_after(text: &str, from: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let end = from.saturating_add(BOUNDARY_SEARCH_BYTES).min(bytes.len());
    let window = bytes.get(from..end)?;
    let before = |at: usize| {
        bytes
            .get(..at)?
            .iter()
            .rposition(|b| !b.is_ascii_whitespace())
    };
    memchr::memchr_iter(b'{', window)
        .map(|i| from + i)
        .find(|&at| {
            before(at).is_some_and(|comma| {
                bytes.get(comma) == Some(&b',')
                    && before(comma).is_some_and(|close| bytes.get(close) == Some(&b'}'))
            })
        })
}

/// Where the walk stands in the text.
struct Cursor<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Cursor<'a> {
    fn skip_whitespace(&mut self) {
        let bytes = self.text.as_bytes();
        while bytes
            .get(self.at)
            .is_some_and(|&b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
        {
            self.at += 1;
        }
    }

    /// Skips whitespace, then takes `byte` if it comes next.
    fn eat(&mut self, byte: u8) -> bool {
        self.skip_whitespace();
        if self.text.as_bytes().get(self.at) == Some(&byte) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn expect(&mut self, byte: u8) -> Option<()> {
        self.eat(byte).then_some(())
    }

    /// Parses one value of type `T` at the cursor (after whitespace) and moves past it.
    fn value<T: Deserialize<'a>>(&mut self) -> Option<T> {
        let rest = self.text.get(self.at..)?;
        let mut stream = serde_json::Deserializer::from_str(rest).into_iter::<T>();
        let value = stream.next()?.ok()?;
        self.at += stream.byte_offset();
        Some(value)
    }
}

impl<'a> Builder<'a> {
    /// Appends what `other` built from the events that follow this builder's, the first of
    /// them at `index` in the file's array: its side-buffer references, names, label and
    /// citation ranges and event indices are moved onto this builder's.
    fn append(&mut self, other: Builder<'a>, index: usize) {
        let side = u32::try_from(self.side.len()).unwrap_or(u32::MAX);
        self.side.push_str(&other.side);
        let names: Vec<u32> = other.names.iter().map(|name| self.name(name)).collect();
        let labels = u32::try_from(self.labels.len()).unwrap_or(u32::MAX);
        self.labels.extend(
            other
                .labels
                .iter()
                .map(|&l| names.get(l as usize).copied().unwrap_or(u32::MAX)),
        );
        let citations = u32::try_from(self.citations.len()).unwrap_or(u32::MAX);
        self.citations
            .extend(other.citations.into_iter().map(|c| Citation {
                quote: c.quote.map(|q| q.after_side(side)),
                prefix: c.prefix.map(|p| p.after_side(side)),
                suffix: c.suffix.map(|s| s.after_side(side)),
                ..c
            }));
        self.citation_sources.extend(
            other
                .citation_sources
                .into_iter()
                .map(|s| s.after_side(side)),
        );
        self.events.extend(other.events.into_iter().map(|e| Event {
            id: e.id.after_side(side),
            title: e.title.after_side(side),
            summary: e.summary.after_side(side),
            date_note: e.date_note.map(|n| n.after_side(side)),
            media: e.media.map(|m| m.after_side(side)),
            labels: LabelRange {
                start: e.labels.start + labels,
                ..e.labels
            },
            citations: e.citations.start + citations..e.citations.end + citations,
            ..e
        }));
        let first = u32::try_from(index).unwrap_or(u32::MAX);
        self.event_index
            .extend(other.event_index.into_iter().map(|i| i + first));
        self.date_ok.extend(other.date_ok);
        self.problems.extend(
            other
                .problems
                .into_iter()
                .map(|(i, problem)| (i + index, problem)),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TextRef;

    /// A small events file with something of everything a builder keeps: escaped strings (the
    /// side buffer), actors and tags (names), several citations with context, a bad date (a
    /// problem with its index), and strings that look like a boundary between two events.
    fn file() -> String {
        let mut events = Vec::new();
        for i in 0..12 {
            let date = if i == 9 { "2025-13-40" } else { "2025-02-18" };
            events.push(format!(
                r#"{{"id": "e{i}", "date": "{date}", "title": "T\u00e9 {i}", "summary": "a }}, {{ b\" {i}",
                 "actors": ["A{}", "B"], "tags": ["t{}"],
                 "citations": [{{"source": "s", "quote": "q{i}", "prefix": "p\n"}},
                               {{"source": "s", "quote": "}}, {{\"id\": \"x\"}}", "claimed_date": "2025"}}]}}"#,
                i % 3,
                i % 2
            ));
        }
        format!(
            "{{\"$schema\": \"x\", \"format\": \"sourceline/1\", \"title\": \"t\",\n\"sources\": [{{\"id\": \"s\", \"title\": \"S\", \"publisher\": \"P\", \"published\": \"2025\"}}],\n\"events\": [\n{}\n], \"eras\": []}}\n",
            events.join(",\n")
        )
    }

    /// Everything a builder holds, with references resolved and names spelled out.
    fn described(builder: &Builder<'_>) -> Vec<String> {
        let get = |r: TextRef| TextRef::resolve(builder.file, &builder.side, r).to_owned();
        let name = |l: &u32| builder.names.get(*l as usize).cloned().unwrap_or_default();
        let mut out: Vec<String> = builder
            .events
            .iter()
            .zip(&builder.event_index)
            .zip(&builder.date_ok)
            .map(|((e, index), ok)| {
                let start = e.labels.start as usize;
                let labels = &builder.labels
                    [start..start + usize::from(e.labels.actors) + usize::from(e.labels.tags)];
                let citations: Vec<String> = (e.citations.start..e.citations.end)
                    .map(|c| {
                        let citation = &builder.citations[c as usize];
                        format!(
                            "{:?} {:?} {:?} {:?} {}",
                            citation.quote.map(get),
                            citation.prefix.map(get),
                            citation.suffix.map(get),
                            citation.claimed,
                            get(builder.citation_sources[c as usize])
                        )
                    })
                    .collect();
                format!(
                    "{index} {ok} {} {} {} {:?} {} {:?} {} {:?} {citations:?}",
                    get(e.id),
                    get(e.title),
                    get(e.summary),
                    e.date_note.map(get),
                    e.date,
                    e.end,
                    e.labels.actors,
                    labels.iter().map(name).collect::<Vec<_>>(),
                )
            })
            .collect();
        out.extend(builder.problems.iter().map(|(index, p)| {
            format!(
                "problem {index} {} {:?} {:?}",
                p.member, p.citation, p.problem
            )
        }));
        out
    }

    fn serial(text: &str) -> Vec<String> {
        let mut builder = Builder::new(text);
        let head = super::super::parse::fast_parse(text, &mut builder, &Progress::default());
        assert!(head.is_ok(), "{head:?}", head = head.err());
        described(&builder)
    }

    #[test]
    fn splitting_anywhere_builds_what_one_pass_builds() {
        let text = file();
        let expected = serial(&text);
        assert_eq!(expected.len(), 13, "12 events and the bad date");
        let mut halves = 0;
        // Every byte: real boundaries, braces inside strings and inside citations, nonsense.
        for at in 0..=text.len() {
            let (head, builder) = parse_split(&text, &text, &Progress::default(), Split::At(at))
                .unwrap_or_else(|| panic!("split at {at} gave up"));
            assert_eq!(described(&builder), expected, "split at {at}");
            assert_eq!(head.title, "t");
            assert_eq!(head.sources.len(), 1);
            assert_eq!(head.unchecked_format.as_deref(), Some("sourceline/1"));
            if text[at..].starts_with("{\"id\": \"e") {
                halves += 1;
            }
        }
        assert_eq!(halves, 12, "each event's start was tried");
    }

    #[test]
    fn the_guess_is_the_next_brace_after_a_comma_after_a_brace() {
        let plain = |n: usize| {
            let events: Vec<String> = (0..n)
                .map(|i| {
                    format!(r#"{{"id": "e{i}", "date": "2025", "title": "T", "citations": []}}"#)
                })
                .collect();
            format!(
                "{{\"format\": \"sourceline/1\", \"title\": \"t\", \"sources\": [],\n\"events\": [\n{}\n]}}",
                events.join(" ,\n  ")
            )
        };
        let text = plain(40);
        let guess = boundary_after(&text, text.len() / 2).expect("a boundary after the middle");
        assert!(
            text[guess..].starts_with("{\"id\": \"e"),
            "{}",
            &text[guess..]
        );
        assert_eq!(boundary_after(&text, text.len() - 3), None);
        // A string can hold the same bytes: the guess is then inside it.
        let tricky = file();
        let guess = boundary_after(&tricky, 0).expect("a guess");
        assert!(tricky[..guess].ends_with("a }, "), "{}", &tricky[..guess]);
    }

    #[test]
    fn anything_unexpected_is_left_to_the_usual_parse() {
        let text = file();
        let first_event = text.find("{\"id\": \"e0").expect("first event");
        let last_event = text.rfind("{\"id\": \"e").expect("last event");
        let broken = [
            // A syntax error in the second half, found by the second thread.
            text.replacen("\"e11\"", "\"e11\" \"oops\"", 1),
            // A wrong type in the first half.
            text.replacen("\"e1\"", "1", 1),
            // A duplicate root member, an unknown one, trailing text, no events.
            text.replacen("\"title\": \"t\"", "\"title\": \"t\", \"title\": \"u\"", 1),
            text.replacen("\"eras\": []", "\"eras\": [], \"extra\": 1", 1),
            format!("{text} x"),
            text.replacen("\"events\"", "\"eras2\"", 1),
        ];
        for (i, bad) in broken.iter().enumerate() {
            for at in [first_event, last_event, bad.len() / 2] {
                assert!(
                    parse_split(bad, bad, &Progress::default(), Split::At(at)).is_none(),
                    "case {i} split at {at}"
                );
            }
        }
    }

    #[test]
    fn a_cancelled_parse_gives_up() {
        let progress = Progress::default();
        progress.cancel();
        let mut events = Vec::new();
        for i in 0..(CANCEL_CHECK_EVENTS + 10) {
            events.push(format!(
                r#"{{"id": "e{i}", "date": "2025", "title": "T", "citations": []}}"#
            ));
        }
        let text = format!(
            r#"{{"format": "sourceline/1", "title": "t", "sources": [], "events": [{}]}}"#,
            events.join(",")
        );
        assert!(parse_split(&text, &text, &Progress::default(), Split::Middle).is_some());
        assert!(parse_split(&text, &text, &progress, Split::Middle).is_none());
    }
}
