//! Parsing the events file: the typed one-pass parse that hands each event to the builder as
//! it comes, and the member-by-member parse that reports every structural error with its path.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::atomic::Ordering;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::value::RawValue;
use smallvec::SmallVec;

use super::build::Builder;
use super::context::Context;
use super::diagnostic::{JsonPath, Problem};
use super::{Progress, strip_position};
use crate::model::{EraRecord, EventRecord, FORMAT, SourceRecord};

/// A string as parsed: borrowed from the file when it had no escapes, owned otherwise.
#[derive(Debug, Default)]
pub(super) struct Text<'a>(pub(super) Cow<'a, str>);

impl<'de: 'a, 'a> Deserialize<'de> for Text<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for TextVisitor<'a> {
            type Value = Text<'a>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Text(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Text(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(Text(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(TextVisitor(std::marker::PhantomData))
    }
}

/// One event as parsed on the fast path; mirrors [`EventRecord`] field for field (the schema and
/// the member-by-member path use that type) but borrows its strings.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct EventIn<'a> {
    #[serde(borrow)]
    pub(super) id: Text<'a>,
    #[serde(borrow)]
    pub(super) date: Text<'a>,
    #[serde(default, borrow)]
    pub(super) end: Option<Text<'a>>,
    #[serde(default)]
    pub(super) approximate: bool,
    #[serde(default, borrow)]
    pub(super) date_note: Option<Text<'a>>,
    #[serde(default, borrow)]
    pub(super) media: Option<Text<'a>>,
    #[serde(borrow)]
    pub(super) title: Text<'a>,
    #[serde(default, borrow)]
    pub(super) summary: Text<'a>,
    // Inline lists: an event has one or two of each, and a heap list apiece cost six calls to
    // the allocator per event, a tenth of parsing a million.
    #[serde(default, borrow)]
    pub(super) actors: SmallVec<[Text<'a>; 2]>,
    #[serde(default, borrow)]
    pub(super) tags: SmallVec<[Text<'a>; 2]>,
    #[serde(borrow)]
    pub(super) citations: SmallVec<[CitationIn<'a>; 1]>,
}

/// One citation as parsed on the fast path; mirrors [`CitationRecord`].
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CitationIn<'a> {
    #[serde(borrow)]
    pub(super) source: Text<'a>,
    #[serde(default, borrow)]
    pub(super) quote: Option<Text<'a>>,
    #[serde(default, borrow)]
    pub(super) prefix: Option<Text<'a>>,
    #[serde(default, borrow)]
    pub(super) suffix: Option<Text<'a>>,
    #[serde(default, borrow)]
    pub(super) claimed_date: Option<Text<'a>>,
}

impl<'r> From<&'r EventRecord> for EventIn<'r> {
    fn from(r: &'r EventRecord) -> Self {
        let text = |s: &'r String| Text(Cow::Borrowed(s.as_str()));
        Self {
            id: text(&r.id),
            date: text(&r.date),
            end: r.end.as_ref().map(text),
            approximate: r.approximate,
            date_note: r.date_note.as_ref().map(text),
            media: r.media.as_ref().map(text),
            title: text(&r.title),
            summary: text(&r.summary),
            actors: r.actors.iter().map(text).collect(),
            tags: r.tags.iter().map(text).collect(),
            citations: r
                .citations
                .iter()
                .map(|c| CitationIn {
                    source: text(&c.source),
                    quote: c.quote.as_ref().map(text),
                    prefix: c.prefix.as_ref().map(text),
                    suffix: c.suffix.as_ref().map(text),
                    claimed_date: c.claimed_date.as_ref().map(text),
                })
                .collect(),
        }
    }
}

/// Everything in the file but its events (which go straight into the [`Builder`]).
pub(super) struct Head {
    pub(super) title: String,
    pub(super) eras: Vec<(usize, EraRecord)>,
    pub(super) sources: Vec<(usize, SourceRecord)>,
    pub(super) broken_source_ids: Vec<String>,
    /// The format, when it still needs checking.
    pub(super) unchecked_format: Option<String>,
}

/// A member of the root object. The one list of them: every parse path (the split one, the
/// typed one, the member-by-member one) asks it what a key names, and [`RootMembers`] what
/// the head is once they are read. A new member goes here, in [`RootMembers`] and in each
/// path's match on it (which cannot compile without it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Member {
    Schema,
    Format,
    Title,
    Sources,
    Events,
    Eras,
}

impl Member {
    /// Every member, in the order the format lists them.
    pub(super) const ALL: [Self; 6] = [
        Self::Schema,
        Self::Format,
        Self::Title,
        Self::Sources,
        Self::Events,
        Self::Eras,
    ];

    /// The member's key.
    pub(super) const fn name(self) -> &'static str {
        match self {
            Self::Schema => "$schema",
            Self::Format => "format",
            Self::Title => "title",
            Self::Sources => "sources",
            Self::Events => "events",
            Self::Eras => "eras",
        }
    }

    /// The member `key` names, if any.
    pub(super) fn named(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.name() == key)
    }

    /// The keys, for "unknown field" errors.
    pub(super) const NAMES: &[&str] = &["$schema", "format", "title", "sources", "events", "eras"];
}

/// What is wrong with the root object's members, as the typed paths find it.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum RootError {
    /// A key the format does not have.
    Unknown(String),
    /// A member given twice.
    Duplicate(&'static str),
    /// A required member missing.
    Missing(&'static str),
}

/// The root object's members as the typed paths read them: each path reads a value its own way
/// (a streaming visitor, a cursor), and this says which member a key is, refuses a second one,
/// and makes the [`Head`] at the end.
#[derive(Default)]
pub(super) struct RootMembers {
    seen: [bool; Member::ALL.len()],
    /// The format, once read.
    pub(super) format: Option<String>,
    /// The title, once read.
    pub(super) title: Option<String>,
    /// The sources, once read.
    pub(super) sources: Option<Vec<SourceRecord>>,
    /// The eras, once read.
    pub(super) eras: Option<Vec<EraRecord>>,
}

impl RootMembers {
    /// The member `key` names, the first time it is met.
    ///
    /// # Errors
    /// An unknown key, or a member met before.
    pub(super) fn member(&mut self, key: &str) -> Result<Member, RootError> {
        let member = Member::named(key).ok_or_else(|| RootError::Unknown(key.to_owned()))?;
        // One flag per member: the index is the member's place in `Member::ALL`.
        let seen_before = self
            .seen
            .get_mut(member as usize)
            .is_some_and(|seen| std::mem::replace(seen, true));
        if seen_before {
            return Err(RootError::Duplicate(member.name()));
        }
        Ok(member)
    }

    /// The head, once every member is read (the events went to the builder).
    ///
    /// # Errors
    /// The first required member missing.
    pub(super) fn finish(self) -> Result<Head, RootError> {
        // In the format's order, so the first missing one is named as before.
        let missing = |m: Member| RootError::Missing(m.name());
        let format = self.format.ok_or_else(|| missing(Member::Format))?;
        let title = self.title.ok_or_else(|| missing(Member::Title))?;
        let sources = self.sources.ok_or_else(|| missing(Member::Sources))?;
        // The events went to the builder: only whether they were there is kept.
        if self.seen.get(Member::Events as usize) != Some(&true) {
            return Err(missing(Member::Events));
        }
        Ok(Head {
            title,
            eras: self
                .eras
                .unwrap_or_default()
                .into_iter()
                .enumerate()
                .collect(),
            sources: sources.into_iter().enumerate().collect(),
            broken_source_ids: Vec::new(),
            unchecked_format: Some(format),
        })
    }
}

impl RootError {
    /// The error as serde reports it, so the typed path's message stays the same.
    fn into_de<E: de::Error>(self) -> E {
        match self {
            Self::Unknown(key) => E::unknown_field(&key, Member::NAMES),
            Self::Duplicate(name) => E::custom(format_args!("duplicate field `{name}`")),
            Self::Missing(name) => E::missing_field(name),
        }
    }
}

/// Events parsed between two cancellation checks.
pub(super) const CANCEL_CHECK_EVENTS: usize = 4096;

/// The fast path: one typed pass over the text that hands each event to the builder as soon as it
/// is parsed, so no tree and no per-event record is ever held.
pub(super) fn fast_parse(
    body: &str,
    builder: &mut Builder<'_>,
    progress: &Progress,
) -> Result<Head, serde_json::Error> {
    struct RootSeed<'s, 'b, 'p> {
        builder: &'s mut Builder<'b>,
        progress: &'p Progress,
    }
    impl<'de> DeserializeSeed<'de> for RootSeed<'_, '_, '_> {
        type Value = Head;
        fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Head, D::Error> {
            deserializer.deserialize_map(self)
        }
    }
    impl<'de> Visitor<'de> for RootSeed<'_, '_, '_> {
        type Value = Head;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("an object with format, title, sources and events")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Head, A::Error> {
            let mut members = RootMembers::default();
            while let Some(key) = map.next_key::<Text<'de>>()? {
                match members.member(&key.0).map_err(RootError::into_de)? {
                    Member::Schema => {
                        map.next_value::<Option<String>>()?;
                    }
                    Member::Format => members.format = Some(map.next_value()?),
                    Member::Title => members.title = Some(map.next_value()?),
                    Member::Sources => members.sources = Some(map.next_value()?),
                    Member::Eras => members.eras = Some(map.next_value()?),
                    Member::Events => map.next_value_seed(EventsSeed {
                        builder: &mut *self.builder,
                        progress: self.progress,
                    })?,
                }
            }
            members.finish().map_err(RootError::into_de)
        }
    }
    struct EventsSeed<'s, 'b, 'p> {
        builder: &'s mut Builder<'b>,
        progress: &'p Progress,
    }
    impl<'de> DeserializeSeed<'de> for EventsSeed<'_, '_, '_> {
        type Value = ();
        fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
            deserializer.deserialize_seq(self)
        }
    }
    impl<'de> Visitor<'de> for EventsSeed<'_, '_, '_> {
        type Value = ();
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("an array of events")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
            let mut index = 0;
            while let Some(event) = seq.next_element::<EventIn<'de>>()? {
                self.builder.push(index, &event);
                index += 1;
                if index % CANCEL_CHECK_EVENTS == 0 {
                    self.progress
                        .events_done
                        .fetch_add(CANCEL_CHECK_EVENTS, Ordering::Relaxed);
                    if self.progress.is_cancelled() {
                        return Err(de::Error::custom("cancelled"));
                    }
                }
            }
            Ok(())
        }
    }
    let mut deserializer = serde_json::Deserializer::from_str(body);
    let head = RootSeed { builder, progress }.deserialize(&mut deserializer)?;
    deserializer.end()?;
    Ok(head)
}

impl Head {
    /// Deserialises member by member so that every structural error is reported, not just the
    /// first. Returns `None` when the document is not even an object.
    ///
    /// The members are kept as borrowed raw JSON and each record is parsed from its own slice
    /// and handed to the builder at once: locating an error in a large file costs little more
    /// memory than loading it (a tree of the whole document would cost several times its size).
    pub(super) fn piecewise(
        text: &str,
        builder: &mut Builder<'_>,
        ctx: &mut Context<'_>,
    ) -> Option<Self> {
        let root = JsonPath::root();
        let Ok(whole) = serde_json::from_str::<&RawValue>(text) else {
            return None;
        };
        let Ok(members) = serde_json::from_str::<BTreeMap<String, &RawValue>>(whole.get()) else {
            ctx.error(
                root,
                Problem::Structure(format!(
                    "expected an object with format, title, sources and events, found {}",
                    kind(whole)
                )),
            );
            return None;
        };
        for key in members.keys() {
            if Member::named(key).is_none() {
                let expected: Vec<String> = Member::NAMES
                    .iter()
                    .map(|name| format!("`{name}`"))
                    .collect();
                ctx.error(
                    root.key(key),
                    Problem::Structure(format!(
                        "unknown field `{key}`, expected one of {}",
                        expected.join(", ")
                    )),
                );
            }
        }
        let string_member = |ctx: &mut Context<'_>, key: &str| {
            let Some(raw) = members.get(key) else {
                ctx.error(
                    root.clone(),
                    Problem::Structure(format!("missing field `{key}`")),
                );
                return None;
            };
            let parsed = serde_json::from_str::<String>(raw.get()).ok();
            if parsed.is_none() {
                ctx.error(
                    root.key(key),
                    Problem::Structure(format!("expected a string, found {}", kind(raw))),
                );
            }
            parsed
        };
        let format = string_member(ctx, Member::Format.name());
        if let Some(other) = members
            .get(Member::Schema.name())
            .filter(|v| kind(v) != "a string")
        {
            ctx.error(
                root.key(Member::Schema.name()),
                Problem::Structure(format!("expected a string, found {}", kind(other))),
            );
        }
        if let Some(format) = &format
            && format != FORMAT
        {
            ctx.error(
                root.key(Member::Format.name()),
                Problem::UnknownFormat(format.clone()),
            );
            return None;
        }
        let title = string_member(ctx, Member::Title.name()).unwrap_or_default();
        let mut sources = Vec::new();
        let broken_source_ids =
            records::<SourceRecord>(&members, Member::Sources.name(), ctx, |i, r| {
                sources.push((i, r));
            });
        records::<EventRecord>(&members, Member::Events.name(), ctx, |index, record| {
            builder.push(index, &EventIn::from(&record));
        });
        let mut eras = Vec::new();
        if members.contains_key(Member::Eras.name()) {
            records::<EraRecord>(&members, Member::Eras.name(), ctx, |i, r| eras.push((i, r)));
        }
        Some(Self {
            title,
            eras,
            sources,
            broken_source_ids,
            unchecked_format: None,
        })
    }
}

/// What kind of JSON value `raw` holds, from its first character.
pub(super) fn kind(raw: &RawValue) -> &'static str {
    match raw.get().trim_start().as_bytes().first() {
        Some(b'n') => "null",
        Some(b't' | b'f') => "a boolean",
        Some(b'"') => "a string",
        Some(b'[') => "an array",
        Some(b'{') => "an object",
        _ => "a number",
    }
}

/// Deserialises each element of the array member `key`, handing each good record to `good`
/// and reporting each failure with its path; returns the ids of the records that failed.
pub(super) fn records<T: serde::de::DeserializeOwned>(
    members: &BTreeMap<String, &RawValue>,
    key: &str,
    ctx: &mut Context<'_>,
    mut good: impl FnMut(usize, T),
) -> Vec<String> {
    /// Just the id of a record that failed, when it has a string one.
    #[derive(serde::Deserialize)]
    struct IdOnly {
        id: String,
    }
    let path = JsonPath::root().key(key);
    let Some(raw) = members.get(key) else {
        ctx.error(
            JsonPath::root(),
            Problem::Structure(format!("missing field `{key}`")),
        );
        return Vec::new();
    };
    let Ok(items) = serde_json::from_str::<Vec<&RawValue>>(raw.get()) else {
        ctx.error(
            path,
            Problem::Structure(format!("expected an array, found {}", kind(raw))),
        );
        return Vec::new();
    };
    let mut broken_ids = Vec::new();
    for (index, item) in items.iter().enumerate() {
        let mut deserializer = serde_json::Deserializer::from_str(item.get());
        match serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
            Ok(record) => good(index, record),
            Err(e) => {
                let mut at = path.index(index);
                for segment in e.path() {
                    match segment {
                        serde_path_to_error::Segment::Seq { index } => at = at.index(*index),
                        serde_path_to_error::Segment::Map { key } => at = at.key(key),
                        serde_path_to_error::Segment::Enum { .. }
                        | serde_path_to_error::Segment::Unknown => {}
                    }
                }
                ctx.error(
                    at,
                    Problem::Structure(strip_position(&e.into_inner().to_string())),
                );
                if let Ok(IdOnly { id }) = serde_json::from_str::<IdOnly>(item.get()) {
                    broken_ids.push(id);
                }
            }
        }
    }
    broken_ids
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_member_list_is_one_list() {
        let names: Vec<&str> = Member::ALL.into_iter().map(Member::name).collect();
        assert_eq!(names, Member::NAMES);
        for member in Member::ALL {
            assert_eq!(Member::named(member.name()), Some(member));
        }
        assert_eq!(Member::named("colour"), None);
    }

    #[test]
    fn root_members_refuse_unknown_and_repeated_keys_and_name_the_missing_one() {
        let mut members = RootMembers::default();
        assert_eq!(members.member("format"), Ok(Member::Format));
        assert_eq!(
            members.member("format"),
            Err(RootError::Duplicate("format"))
        );
        assert_eq!(
            members.member("colour"),
            Err(RootError::Unknown("colour".to_owned()))
        );
        members.format = Some(FORMAT.to_owned());
        assert_eq!(members.member("title"), Ok(Member::Title));
        members.title = Some("t".to_owned());
        assert!(matches!(
            members.finish(),
            Err(RootError::Missing("sources"))
        ));
        let mut members = RootMembers::default();
        for key in ["format", "title", "sources", "events"] {
            members.member(key).unwrap();
        }
        members.format = Some(FORMAT.to_owned());
        members.title = Some("t".to_owned());
        members.sources = Some(Vec::new());
        let head = members.finish().unwrap();
        assert_eq!(head.title, "t");
        assert!(head.eras.is_empty());
    }
}
