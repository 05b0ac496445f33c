//! Typed reading straight from parser events, with no tree in between: the fast path of
//! [`from_str`](super::from_str). The events are the borrowing scanner's ([`super::fast`]) for
//! text in its subset, saphyr's for the rest: the same events either way.
//!
//! It reads files of one document without anchors or aliases (nearly every file), under the
//! tree's own rules: the same scalar resolution ([`super::resolve`]), nesting bound
//! ([`MAX_DEPTH`]) and duplicate keys (a key's text as written). At anything else, and at any
//! error, syntax or type, it gives up, and the caller reads the file through the tree, which
//! places every error at its node with its path. So a read that succeeds here gives the value
//! the tree would give, and every error the user sees is the tree's.
//!
//! A value is built by serde (`Deserialize`), or, for the types read most (a scenario file's),
//! by a reader written by hand over [`Reader`]'s methods ([`ReadFn`]): the same reading of
//! each event without serde's visitors in between. Such a reader may give up wherever serde
//! would not (the caller then reads the text through serde, then the tree); it must never
//! read a value serde would not.

use super::event::{self, Ev};
use super::fast::Fast;
use super::{Resolved, MAX_DEPTH};
use saphyr_parser::{Marker, Parser, StrInput};
use serde::de::{
    self, DeserializeOwned, DeserializeSeed, EnumAccess, IgnoredAny, IntoDeserializer, MapAccess,
    SeqAccess, VariantAccess, Visitor,
};
use std::borrow::Cow;
use std::fmt;
use std::sync::atomic::{AtomicBool, Ordering};

/// How a value is built from a reader's events: `None` to give up (see the module doc).
pub type ReadFn<T> = fn(&mut Reader<'_>) -> Option<T>;

/// serde's reading of `T`: the default [`ReadFn`].
pub(super) fn by_serde<T: DeserializeOwned>(r: &mut Reader<'_>) -> Option<T> {
    r.value()
}

/// The file as `T`, or `None` when the tree must read it (see the module doc).
pub(super) fn read<T>(text: &str, how: ReadFn<T>) -> Option<T> {
    read_part(text, &mut Part::default(), how)
}

/// How a part of a larger file is read ([`super::split`]): what surrounds it, what to note,
/// and when to stop.
#[derive(Default)]
pub(super) struct Part<'s> {
    /// Mappings and sequences the larger file has open around the part, counted against
    /// [`MAX_DEPTH`] as the whole file's read counts them.
    pub depth: usize,
    /// A key of the top mapping whose value, when it is a sequence, has its start noted in
    /// `start` (1-based line, 0-based column in characters: saphyr's marker).
    pub watch: Option<&'s str>,
    pub start: Option<(usize, usize)>,
    /// Set by another part's read that gave up: this one gives up too.
    pub stop: Option<&'s AtomicBool>,
}

/// The text as `T` under `part`'s terms, or `None` when it gives up (or was told to stop).
///
/// The events come from the borrowing scanner ([`super::fast`]) while the text stays in its
/// subset, else from saphyr's parser, read again from the start. A reader that gave up on the
/// scanner's events before it declined would give up on saphyr's too: they are the same.
pub(super) fn read_part<T>(text: &str, part: &mut Part<'_>, how: ReadFn<T>) -> Option<T> {
    let (value, events) = read_from(Events::Fast(Fast::new(text)), part, how);
    if value.is_some() || !matches!(events, Events::Fast(f) if f.declined()) {
        return value;
    }
    read_from(Events::saphyr(text), part, how).0
}

/// The text as `T` read from saphyr's events alone (for tests: the scanner's twin).
pub(super) fn read_saphyr<T: DeserializeOwned>(text: &str) -> Option<T> {
    read_from(Events::saphyr(text), &mut Part::default(), by_serde::<T>).0
}

fn read_from<'a, 's: 'a, T>(
    events: Events<'a>,
    part: &mut Part<'s>,
    how: ReadFn<T>,
) -> (Option<T>, Events<'a>) {
    let mut r = Reader {
        events,
        peeked: None,
        depth: part.depth,
        keys: Vec::new(),
        watch: part.watch,
        start: None,
        stop: part.stop,
    };
    let value = r.document(how);
    part.start = r.start;
    (value, r.events)
}

/// Where a reader's events come from.
enum Events<'a> {
    Fast(Fast<'a>),
    /// saphyr's parser, and where the event it gave last starts.
    Saphyr(Box<(Parser<'a, StrInput<'a>>, Marker)>),
}

impl<'a> Events<'a> {
    fn saphyr(text: &'a str) -> Events<'a> {
        Events::Saphyr(Box::new((Parser::new_from_str(text), Marker::default())))
    }

    /// The next event, or `None` at the end, at an error, or when the scanner declines.
    fn next(&mut self) -> Option<Ev<'a>> {
        match self {
            Events::Fast(f) => f.next_event(),
            Events::Saphyr(p) => {
                let (event, start) = event::from_saphyr(p.0.next()?.ok()?);
                p.1 = start;
                Some(event)
            }
        }
    }

    /// Where the event given last starts.
    fn mark(&self) -> Marker {
        match self {
            Events::Fast(f) => f.mark(),
            Events::Saphyr(p) => p.1,
        }
    }
}

/// Why the fast path gave up; never shown.
#[derive(Debug)]
pub struct GiveUp;

impl fmt::Display for GiveUp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("read through the tree")
    }
}

impl std::error::Error for GiveUp {}

impl de::Error for GiveUp {
    fn custom<T: fmt::Display>(_: T) -> Self {
        GiveUp
    }
}

/// A reader of one document's events: serde's `Deserializer` (through `&mut Reader`), and the
/// steps a reader written by hand takes ([`ReadFn`]). Every method reads what serde would
/// read at that point and gives up (`None`) where serde would fail.
pub struct Reader<'a> {
    events: Events<'a>,
    /// See [`Part`].
    watch: Option<&'a str>,
    start: Option<(usize, usize)>,
    stop: Option<&'a AtomicBool>,
    peeked: Option<Ev<'a>>,
    /// Mappings and sequences open.
    depth: usize,
    /// The keys of the open mappings, one after another (borrowed from the text where the
    /// events borrow them): a mapping's keys are those after its parents' when it opened.
    keys: Vec<Cow<'a, str>>,
}

/// Mappings of more keys than this are checked for duplicates through a hash set.
const PAIRWISE_KEYS: usize = 16;

impl<'a> Reader<'a> {
    /// The one document of the text as `T`.
    fn document<T>(&mut self, how: ReadFn<T>) -> Option<T> {
        match self.next().ok()? {
            Ev::StreamStart => {}
            _ => return None,
        }
        match self.next().ok()? {
            Ev::DocumentStart(_) => {}
            // An empty file: the tree reads it as an empty mapping.
            _ => return None,
        }
        let value = how(self)?;
        loop {
            match self.next().ok()? {
                Ev::DocumentEnd => {}
                Ev::StreamEnd => return Some(value),
                // A second document, which the tree refuses.
                _ => return None,
            }
        }
    }

    fn next(&mut self) -> Result<Ev<'a>, GiveUp> {
        if let Some(e) = self.peeked.take() {
            return Ok(e);
        }
        if self.stop.is_some_and(|s| s.load(Ordering::Relaxed)) {
            return Err(GiveUp);
        }
        let event = self.events.next().ok_or(GiveUp)?;
        if self.watch.is_some() && matches!(event, Ev::SequenceStart) {
            self.note();
        }
        Ok(event)
    }

    /// Notes where the sequence that starts is when it is the value of the watched key of the
    /// top mapping: the only mapping open, its last key recorded the watched one.
    fn note(&mut self) {
        if self.depth != 1 {
            return;
        }
        if self.keys.last().is_some_and(|k| Some(&**k) == self.watch) {
            let at = self.events.mark();
            self.start = Some((at.line(), at.col()));
        }
    }

    fn peek(&mut self) -> Result<&Ev<'a>, GiveUp> {
        if self.peeked.is_none() {
            self.peeked = Some(self.next()?);
        }
        Ok(self.peeked.as_ref().expect("just peeked"))
    }

    /// A mapping or sequence opens.
    fn enter(&mut self) -> Result<(), GiveUp> {
        if self.depth >= MAX_DEPTH {
            return Err(GiveUp);
        }
        self.depth += 1;
        Ok(())
    }
}

/// The steps of a reader written by hand ([`ReadFn`]). Each reads what serde's reading of the
/// same Rust type reads, and gives up where it would fail; a hand-written reader may give up
/// more often than serde (its caller then reads through serde), never less.
impl Reader<'_> {
    /// The next node as `T`, through serde.
    pub fn value<T: DeserializeOwned>(&mut self) -> Option<T> {
        T::deserialize(&mut *self).ok()
    }

    /// A mapping, as a struct or map reads it: `entry` reads each key's value. Gives up at
    /// anything but a mapping, a key that is not a scalar, or a key written twice.
    pub fn map(&mut self, mut entry: impl FnMut(&mut Self, &str) -> Option<()>) -> Option<()> {
        if !matches!(self.next().ok()?, Ev::MappingStart) {
            return None;
        }
        self.enter().ok()?;
        let mut keys = Keys::open(self);
        loop {
            // The key's text is moved out of its event (nothing left to drop), and a borrowed
            // one is kept and handed on without a copy.
            let text = match self.next().ok()? {
                Ev::MappingEnd => break,
                Ev::Scalar(text, _) => text,
                event => key(&event).ok()??,
            };
            match text {
                Cow::Borrowed(k) => {
                    keys.record(self, Cow::Borrowed(k)).ok()?;
                    entry(self, k)?;
                }
                Cow::Owned(k) => {
                    keys.record(self, Cow::Owned(k.clone())).ok()?;
                    entry(self, &k)?;
                }
            }
        }
        keys.forget(self);
        self.depth -= 1;
        Some(())
    }

    /// A sequence, as a `Vec` reads it: `item` reads each item. Gives up at anything but a
    /// sequence.
    pub fn seq(&mut self, mut item: impl FnMut(&mut Self) -> Option<()>) -> Option<()> {
        if !matches!(self.next().ok()?, Ev::SequenceStart) {
            return None;
        }
        self.enter().ok()?;
        while !matches!(self.peek().ok()?, Ev::SequenceEnd) {
            item(self)?;
        }
        self.peeked = None;
        self.depth -= 1;
        Some(())
    }

    /// A scalar's text as written, as a string reads it (`007` is `"007"`), handed to `read`.
    pub fn text<R>(&mut self, read: impl FnOnce(&str) -> Option<R>) -> Option<R> {
        let event = self.next().ok()?;
        read(text(&event).ok()??)
    }

    /// A `String`.
    pub fn string(&mut self) -> Option<String> {
        self.text(|t| Some(t.to_owned()))
    }

    /// Whether the next node is a null, as an `Option` reads it: if so, it is read.
    pub fn null(&mut self) -> Option<bool> {
        let null = matches!(scalar(self.peek().ok()?).ok()?, Some((_, Resolved::Null)));
        if null {
            self.peeked = None;
        }
        Some(null)
    }

    /// An `Option<String>`.
    pub fn optional_string(&mut self) -> Option<Option<String>> {
        if self.null()? {
            return Some(None);
        }
        self.string().map(Some)
    }

    /// Whether the next node is a scalar (not a mapping or sequence).
    pub fn at_scalar(&mut self) -> Option<bool> {
        Some(matches!(self.peek().ok()?, Ev::Scalar(..) | Ev::Tagged(_)))
    }

    /// A scalar that resolves to a string, as a type that reads any node (`deserialize_any`)
    /// and takes only text sees it: gives up at a null, a boolean or a number (`1` is an
    /// integer there, `'1'` a string).
    pub fn resolved_string(&mut self) -> Option<String> {
        let event = self.next().ok()?;
        match scalar(&event).ok()?? {
            (value, Resolved::Str) => Some(value.to_owned()),
            _ => None,
        }
    }
}

/// A scalar event's value as the tree resolves it; the reader gives up at an anchor or alias.
fn scalar<'e>(event: &'e Ev<'_>) -> Result<Option<(&'e str, Resolved)>, GiveUp> {
    let (value, resolved) = match event {
        Ev::Scalar(value, style) => (value, super::resolve(value, *style, None)),
        Ev::Tagged(t) => (&t.0, super::resolve(&t.0, t.1, Some(&t.2))),
        Ev::Anchored => return Err(GiveUp),
        _ => return Ok(None),
    };
    Ok(Some((value, resolved.ok_or(GiveUp)?)))
}

/// A scalar event's text as a mapping key: as [`text`], borrowed from the text where the event
/// borrows it (so that the mapping's keys can be kept without a copy).
fn key<'a>(event: &Ev<'a>) -> Result<Option<Cow<'a, str>>, GiveUp> {
    let key = match event {
        Ev::Scalar(value, _) => value,
        Ev::Tagged(t) => match super::resolve(&t.0, t.1, Some(&t.2)) {
            Some(_) => &t.0,
            None => return Err(GiveUp),
        },
        Ev::Anchored => return Err(GiveUp),
        _ => return Ok(None),
    };
    // A clone of a borrowed text is the borrow.
    Ok(Some(key.clone()))
}

/// A scalar event's text as written (what a string, a key or a name reads); the reader gives
/// up at an anchor or alias. Only a tagged scalar can fail to resolve (`!!int abc`): others
/// are not resolved at all.
fn text<'e>(event: &'e Ev<'_>) -> Result<Option<&'e str>, GiveUp> {
    match event {
        Ev::Scalar(value, _) => Ok(Some(value)),
        Ev::Tagged(t) => match super::resolve(&t.0, t.1, Some(&t.2)) {
            Some(_) => Ok(Some(&t.0)),
            None => Err(GiveUp),
        },
        Ev::Anchored => Err(GiveUp),
        _ => Ok(None),
    }
}

impl<'de> de::Deserializer<'de> for &mut Reader<'_> {
    type Error = GiveUp;

    fn deserialize_any<W: Visitor<'de>>(self, visitor: W) -> Result<W::Value, GiveUp> {
        let event = self.next()?;
        match &event {
            Ev::Scalar(..) | Ev::Tagged(_) => {
                let (value, resolved) = scalar(&event)?.ok_or(GiveUp)?;
                match resolved {
                    Resolved::Null => visitor.visit_unit(),
                    Resolved::Bool(b) => visitor.visit_bool(b),
                    Resolved::Int(i) => match u64::try_from(i) {
                        Ok(u) => visitor.visit_u64(u),
                        Err(_) => visitor.visit_i64(i),
                    },
                    Resolved::Float(f) => visitor.visit_f64(f),
                    Resolved::Str => visitor.visit_str(value),
                }
            }
            Ev::SequenceStart => {
                self.enter()?;
                let mut items = Items { r: self };
                let value = visitor.visit_seq(&mut items)?;
                while items.next_element::<IgnoredAny>()?.is_some() {}
                self.next()?; // the end, left peeked
                self.depth -= 1;
                Ok(value)
            }
            Ev::MappingStart => {
                self.enter()?;
                let mut entries = Entries { keys: Keys::open(self), r: self };
                let value = visitor.visit_map(&mut entries)?;
                while entries.next_key::<IgnoredAny>()?.is_some() {
                    entries.next_value::<IgnoredAny>()?;
                }
                self.next()?; // the end, left peeked
                self.depth -= 1;
                Ok(value)
            }
            _ => Err(GiveUp),
        }
    }

    fn deserialize_str<W: Visitor<'de>>(self, visitor: W) -> Result<W::Value, GiveUp> {
        // A scalar asked for as a string is its text as written, whatever it resolves to.
        let event = self.next()?;
        if let Some(value) = text(&event)? {
            visitor.visit_str(value)
        } else {
            self.peeked = Some(event);
            self.deserialize_any(visitor)
        }
    }

    fn deserialize_string<W: Visitor<'de>>(self, visitor: W) -> Result<W::Value, GiveUp> {
        self.deserialize_str(visitor)
    }

    fn deserialize_identifier<W: Visitor<'de>>(self, visitor: W) -> Result<W::Value, GiveUp> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<W: Visitor<'de>>(self, visitor: W) -> Result<W::Value, GiveUp> {
        let event = self.peek()?;
        if matches!(scalar(event)?, Some((_, Resolved::Null))) {
            self.next()?;
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_newtype_struct<W: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: W,
    ) -> Result<W::Value, GiveUp> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<W: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: W,
    ) -> Result<W::Value, GiveUp> {
        let event = self.next()?;
        if let Some(name) = text(&event)? {
            return visitor.visit_enum(name.into_deserializer());
        }
        if event != Ev::MappingStart {
            return Err(GiveUp);
        }
        // A mapping of exactly one key: the variant's name and its value.
        self.enter()?;
        let key = self.next()?;
        let Some(name) = text(&key)? else { return Err(GiveUp) };
        let name = name.to_owned();
        let value = visitor.visit_enum(Variant { r: &mut *self, name })?;
        match self.next()? {
            Ev::MappingEnd => {
                self.depth -= 1;
                Ok(value)
            }
            _ => Err(GiveUp),
        }
    }

    fn deserialize_ignored_any<W: Visitor<'de>>(self, visitor: W) -> Result<W::Value, GiveUp> {
        // Skipped, but read: the tree checks what it skips too.
        self.deserialize_any(IgnoredAny)?;
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char bytes byte_buf unit
        unit_struct seq tuple tuple_struct map struct
    }
}

struct Items<'r, 'a> {
    r: &'r mut Reader<'a>,
}

impl<'de> SeqAccess<'de> for Items<'_, '_> {
    type Error = GiveUp;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, GiveUp> {
        if matches!(self.r.peek()?, Ev::SequenceEnd) {
            self.r.next()?;
            // Ended: the next call reads past it no more.
            self.r.peeked = Some(Ev::SequenceEnd);
            return Ok(None);
        }
        seed.deserialize(&mut *self.r).map(Some)
    }
}

struct Entries<'r, 'a> {
    r: &'r mut Reader<'a>,
    keys: Keys<'a>,
}

/// The keys of one open mapping, for the duplicate check.
struct Keys<'a> {
    /// Where this mapping's keys start in the reader's `keys`.
    start: usize,
    /// Past [`PAIRWISE_KEYS`] keys: the keys, hashed, for the duplicate check.
    hashed: Option<rustc_hash::FxHashSet<Cow<'a, str>>>,
}

impl<'a> Keys<'a> {
    /// The keys of a mapping that opens now.
    fn open(r: &Reader<'a>) -> Keys<'a> {
        Keys { start: r.keys.len(), hashed: None }
    }

    /// Records a key, or gives up when the mapping already has it.
    fn record(&mut self, r: &mut Reader<'a>, key: Cow<'a, str>) -> Result<(), GiveUp> {
        if let Some(set) = &mut self.hashed {
            return if set.insert(key) { Ok(()) } else { Err(GiveUp) };
        }
        let mine = &r.keys[self.start..];
        if mine.contains(&key) {
            return Err(GiveUp);
        }
        if mine.len() >= PAIRWISE_KEYS {
            let mut set: rustc_hash::FxHashSet<Cow<'a, str>> = r.keys.drain(self.start..).collect();
            set.insert(key);
            self.hashed = Some(set);
            return Ok(());
        }
        r.keys.push(key);
        Ok(())
    }

    /// Drops this mapping's keys from the shared store.
    fn forget(&self, r: &mut Reader<'a>) {
        r.keys.truncate(self.start);
    }
}

impl<'de> MapAccess<'de> for Entries<'_, '_> {
    type Error = GiveUp;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, GiveUp> {
        let event = self.r.next()?;
        if matches!(event, Ev::MappingEnd) {
            self.keys.forget(self.r);
            self.r.peeked = Some(Ev::MappingEnd);
            return Ok(None);
        }
        // Keys are scalars: the tree refuses any other key.
        let Some(key) = key(&event)? else { return Err(GiveUp) };
        self.keys.record(self.r, key)?;
        self.r.peeked = Some(event);
        seed.deserialize(&mut *self.r).map(Some)
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, GiveUp> {
        seed.deserialize(&mut *self.r)
    }
}

/// An enum written as a mapping of one key: `{input: ...}`.
struct Variant<'r, 'a> {
    r: &'r mut Reader<'a>,
    name: String,
}

impl<'de> EnumAccess<'de> for Variant<'_, '_> {
    type Error = GiveUp;
    type Variant = Self;

    fn variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<(T::Value, Self), GiveUp> {
        let name = seed.deserialize(self.name.as_str().into_deserializer())?;
        Ok((name, self))
    }
}

impl<'de> VariantAccess<'de> for Variant<'_, '_> {
    type Error = GiveUp;

    fn unit_variant(self) -> Result<(), GiveUp> {
        <() as de::Deserialize>::deserialize(&mut *self.r)
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, GiveUp> {
        seed.deserialize(&mut *self.r)
    }

    fn tuple_variant<W: Visitor<'de>>(self, _len: usize, visitor: W) -> Result<W::Value, GiveUp> {
        de::Deserializer::deserialize_seq(&mut *self.r, visitor)
    }

    fn struct_variant<W: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: W,
    ) -> Result<W::Value, GiveUp> {
        de::Deserializer::deserialize_map(&mut *self.r, visitor)
    }
}
