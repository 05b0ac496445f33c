//! A document's text read in one pass into what `traffic` needs of it: its actions
//! ([`ExecutionDoc`], as [`doc::parse_owned`] reads them), its personal values (as
//! [`redact::personal`] finds them, in its order) and its cost (as
//! [`crate::api::replay::document_cost`]), without a `serde_json::Value` of the document.
//!
//! ```text
//! text ─▶ serde visitors over borrowed strings: the header's fields, each event by its key,
//!     an action's own fields typed, the rest of it a Value (`data`), the events read for
//!     the fields they are read for (a turn's input, `startedFlow`'s variables, a task's
//!     name, `endedFlow`'s reason: `Picked`, `FlowStart`, `Fields`), every other value only
//!     walked ─▶ ExecutionDoc + personal values + cost
//!     (anything else: None ─▶ the Value path, the reference)
//! ```
//!
//! The visitors run first on `plain::Plain`, a reader of the text of its own for strings
//! without escapes (borrowed, keys compared where they lie), then, where it refuses the text,
//! on serde_json's reader: the same visits, so the same answer.
//!
//! Invariants:
//! - [`read`] gives what the `Value` path ([`of_value`] of the parsed text) gives, or `None`:
//!   it reads only the plain case, and leaves to the `Value` path everything else (text that
//!   is not JSON or not a document, a document [`doc::parse_owned`] refuses, a key given twice
//!   in an object, the flow's header after its `execution` list, an action's `inputData`
//!   after the events it nests), so every error, line and column is the `Value` path's.
//! - The personal values come in [`redact::personal`]'s order: that walk visits an object's
//!   children last first (a stack), so this pass, which sees them first first, collects the
//!   reverse and turns it round at the end; a `value`'s field is its object's name, known at
//!   the object's end, so what a `value` holds waits for it there.
//! - Recursion follows the text's nesting, which serde_json bounds (128 levels) as it bounds
//!   a `Value`'s.
//!
//! Cost: one pass over the text; strings borrowed from it (copied where they hold escapes or
//! are kept: ids, names, `data`, a variable's value); no map hashed per object but an
//! action's `data`, one 8-byte hash per key to find a key given twice.

use super::doc::{self, ExecutionDoc, RecordedAction, Turn, MAX_EVENTS, MAX_NESTING};
use super::redact::{self, Personal};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};
use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

/// A document read: its actions (or why it is not execution data), its personal values and
/// its cost.
#[derive(Debug)]
pub struct Typed {
    pub doc: Result<ExecutionDoc, doc::DocError>,
    pub personal: Vec<Personal>,
    pub cost: u64,
}

/// A parsed document read the reference way: [`crate::api::replay::document_cost`],
/// [`redact::personal`] and [`doc::parse_owned`].
pub fn of_value(document: Value) -> Typed {
    let cost = crate::api::replay::document_cost(&document);
    let personal = redact::personal(&document);
    Typed { doc: doc::parse_owned(document), personal, cost }
}

/// A document's text read in one pass, or `None` where it is not the plain case (see the
/// module's invariants): read it with [`of_value`] then.
pub fn read(text: &str) -> Option<Typed> {
    read_plain(text).or_else(|| read_serde(text))
}

/// [`read`] by [`plain::Plain`]: `None` where the text is not plain (its strings hold an
/// escape, ...), or not the plain case.
fn read_plain(text: &str) -> Option<Typed> {
    pass(&mut |ctx| {
        let mut de = plain::Plain::new(text);
        Root { ctx }.deserialize(&mut de)?;
        de.end()
    })
}

/// [`read`] by serde_json's reader.
fn read_serde(text: &str) -> Option<Typed> {
    pass(&mut |ctx| {
        let mut de = serde_json::Deserializer::from_str(text);
        Root { ctx }.deserialize(&mut de)?;
        de.end()
    })
}

/// The one pass `run` makes over a document's text, and what it read.
fn pass<'a>(run: &mut dyn FnMut(&mut Ctx<'a>) -> Result<(), serde_json::Error>) -> Option<Typed> {
    let mut ctx = Ctx {
        found: Vec::new(),
        pending: 0,
        too_large: 0,
        doc: ExecutionDoc::default(),
        kinds: Vec::new(),
        levels: Vec::new(),
        seen: 0,
        cost: 0,
        document: false,
    };
    run(&mut ctx).ok()?;
    if !ctx.document {
        return None;
    }
    let Ctx { found, too_large, mut doc, cost, .. } = ctx;
    doc.too_large = too_large;
    let personal = found
        .into_iter()
        .rev()
        .filter_map(|f| match f {
            Found::Phone(s) => Some(Personal::Phone(s.into_owned())),
            Found::Name(s) => Some(Personal::Name(s.into_owned())),
            Found::Pending(_) => None,
        })
        .collect();
    Some(Typed { doc: Ok(doc), personal, cost })
}

/// A personal value found, in the reverse of [`redact::personal`]'s order.
enum Found<'a> {
    Phone(Cow<'a, str>),
    Name(Cow<'a, str>),
    /// A string under a `value` key, a name if its object's name is a name field: decided at
    /// the object's end.
    Pending(Cow<'a, str>),
}

/// What the pass has read so far.
struct Ctx<'a> {
    found: Vec<Found<'a>>,
    /// How many [`Found::Pending`] wait in `found`.
    pending: usize,
    /// Objects under `flow` recorded as `{"valueIsTooLarge": true}` (not those inside one).
    too_large: usize,
    doc: ExecutionDoc,
    /// The action types read so far: one `kind` each, shared by their actions.
    kinds: Vec<Arc<str>>,
    /// The open `execution` lists, the document's first.
    levels: Vec<Level>,
    /// Events read, as [`doc::parse_owned`] counts them.
    seen: usize,
    cost: u64,
    /// Whether the root held a `flow` object with an `execution` list.
    document: bool,
}

/// One open `execution` list.
struct Level {
    place: Arc<str>,
    flow_id: Arc<str>,
    flow_name: Arc<str>,
    flow_type: Arc<str>,
    depth: u16,
    container: Option<Arc<str>>,
}

/// Not the plain case: the pass stops, and the `Value` path reads the text.
fn other<E: de::Error>() -> E {
    E::custom("read by the Value path")
}

/// The field a value counts as for [`redact::personal`].
#[derive(Clone, Copy)]
enum Field<'k> {
    None,
    Key(&'k str),
    /// A `value`: its object's name, known at the object's end.
    Value,
}

fn field_of(k: &str) -> Field<'_> {
    if k == "value" {
        Field::Value
    } else if k.eq_ignore_ascii_case("name") {
        Field::None
    } else {
        Field::Key(k)
    }
}

/// What a value was, as far as its object and the reader ask.
enum Seen<'a> {
    Str(Cow<'a, str>),
    Num(Number),
    Bool(bool),
    Null,
    Array,
    Object,
    /// The value itself, where it is kept.
    Value(Value),
}

impl<'a> Seen<'a> {
    /// The string, borrowed from the text where it is.
    fn cow(&self) -> Option<Cow<'a, str>> {
        match self {
            Seen::Str(s) => Some(s.clone()),
            Seen::Value(Value::String(s)) => Some(Cow::Owned(s.clone())),
            _ => None,
        }
    }

    fn is_true(&self) -> bool {
        matches!(self, Seen::Bool(true) | Seen::Value(Value::Bool(true)))
    }

    fn is_object(&self) -> bool {
        matches!(self, Seen::Object | Seen::Value(Value::Object(_)))
    }

    /// [`doc::text_of`]: a string, or a number written out.
    fn text(&self) -> Option<Arc<str>> {
        match self {
            Seen::Str(s) => Some(Arc::from(&**s)),
            Seen::Num(n) => Some(Arc::from(n.to_string())),
            Seen::Value(v) => doc::text_of(v),
            _ => None,
        }
    }

    /// [`Seen::text`] as a `String`, made once.
    fn string(&self) -> Option<String> {
        match self {
            Seen::Str(s) => Some(s.to_string()),
            Seen::Num(n) => Some(n.to_string()),
            Seen::Value(v) => doc::text_of(v).map(|s| s.to_string()),
            _ => None,
        }
    }

    fn into_value(self) -> Value {
        match self {
            Seen::Str(s) => Value::String(s.into_owned()),
            Seen::Num(n) => Value::Number(n),
            Seen::Bool(b) => Value::Bool(b),
            Seen::Value(v) => v,
            Seen::Null | Seen::Array | Seen::Object => Value::Null,
        }
    }
}

impl<'a> Ctx<'a> {
    /// [`redact::personal`]'s look at a string whose field is `field`.
    // A `Cow`, cloned where it is kept: a string borrowed from the text stays borrowed.
    #[allow(clippy::ptr_arg)]
    fn string(&mut self, field: Field<'_>, s: &Cow<'a, str>) {
        if redact::is_phone(s) {
            self.found.push(Found::Phone(s.clone()));
            return;
        }
        match field {
            Field::Key(k) => {
                if redact::is_name_field(k) && !redact::is_email(s) && !redact::is_token(s) {
                    self.found.push(Found::Name(s.clone()));
                }
            }
            Field::Value => {
                if !redact::is_email(s) && !redact::is_token(s) {
                    self.found.push(Found::Pending(s.clone()));
                    self.pending += 1;
                }
            }
            Field::None => {}
        }
    }
}

/// What one object's keys tell [`redact::personal`] and the count of values too large, kept
/// while its keys are read.
struct Obj<'a> {
    found: usize,
    pending: usize,
    too_large: usize,
    /// Each key's hash so far, to find a key given twice (a hash met twice is taken for one:
    /// the `Value` path decides then).
    hashes: [u64; 12],
    more: Option<rustc_hash::FxHashSet<u64>>,
    keys: usize,
    /// The object's name for its `value` (`variableName` first, then `inputName`,
    /// `outputName`, `name`), and its rank.
    named: Option<(u8, Cow<'a, str>)>,
    /// The `value`'s string, and its key's place.
    value: Option<(usize, Cow<'a, str>)>,
    /// `Call.Ani` keys' strings, and their keys' places.
    ani: Vec<(usize, Cow<'a, str>)>,
    flagged: bool,
}

impl<'a> Obj<'a> {
    fn new(ctx: &Ctx<'a>) -> Obj<'a> {
        Obj {
            found: ctx.found.len(),
            pending: ctx.pending,
            too_large: ctx.too_large,
            hashes: [0; 12],
            more: None,
            keys: 0,
            named: None,
            value: None,
            ani: Vec::new(),
            flagged: false,
        }
    }

    /// A key read; false when it was given before.
    #[inline]
    fn key(&mut self, k: &str) -> bool {
        use std::hash::{BuildHasher, BuildHasherDefault};
        let h = BuildHasherDefault::<rustc_hash::FxHasher>::default().hash_one(k);
        let n = self.keys;
        self.keys += 1;
        if let Some(more) = &mut self.more {
            return more.insert(h);
        }
        if self.hashes[..n].contains(&h) {
            return false;
        }
        if let Some(slot) = self.hashes.get_mut(n) {
            *slot = h;
            return true;
        }
        let mut more: rustc_hash::FxHashSet<u64> = self.hashes.iter().copied().collect();
        let fresh = more.insert(h);
        self.more = Some(more);
        fresh
    }

    /// Key `k`'s value, once read.
    #[inline]
    fn child(&mut self, k: &str, seen: &Seen<'a>) {
        let at = self.keys;
        let rank = match k {
            "variableName" => Some(0),
            "inputName" => Some(1),
            "outputName" => Some(2),
            "name" => Some(3),
            _ => None,
        };
        if let Some(rank) = rank {
            if self.named.as_ref().is_none_or(|(r, _)| rank < *r) {
                if let Some(s) = seen.cow() {
                    self.named = Some((rank, s));
                }
            }
        }
        if k == "value" {
            self.value = seen.cow().map(|s| (at, s));
        } else if k.eq_ignore_ascii_case("Call.Ani") {
            if let Some(s) = seen.cow() {
                self.ani.push((at, s));
            }
        }
        if k == "valueIsTooLarge" && seen.is_true() {
            self.flagged = true;
        }
    }

    /// The object's end: its `value`'s strings decided by its name, its `Call.Ani` numbers
    /// (the walk finds them before its children: here, after them, last first), and whether it
    /// counts as one value too large (`count`: it is under `flow`).
    fn end(self, ctx: &mut Ctx<'a>, count: bool) {
        let named = self.named.map(|(_, n)| n);
        if ctx.pending > self.pending {
            let name = named.as_deref().is_some_and(redact::is_name_field);
            let mut kept = self.found;
            for i in self.found..ctx.found.len() {
                let f = std::mem::replace(&mut ctx.found[i], Found::Pending(Cow::Borrowed("")));
                let f = match f {
                    Found::Pending(s) if name => Found::Name(s),
                    Found::Pending(_) => continue,
                    f => f,
                };
                ctx.found[kept] = f;
                kept += 1;
            }
            ctx.found.truncate(kept);
            ctx.pending = self.pending;
        }
        let mut own = self.ani;
        if named.as_deref().is_some_and(|n| n.eq_ignore_ascii_case("Call.Ani")) {
            if let Some(v) = self.value {
                own.push(v);
            }
        }
        if !own.is_empty() {
            own.sort_by_key(|(at, _)| std::cmp::Reverse(*at));
            ctx.found.extend(own.into_iter().map(|(_, s)| Found::Phone(s)));
        }
        if count && self.flagged {
            ctx.too_large = self.too_large + 1;
        }
    }
}

/// A map key, borrowed from the text where it holds no escape.
struct Key;

impl<'de> DeserializeSeed<'de> for Key {
    type Value = Cow<'de, str>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for Key {
    type Value = Cow<'de, str>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a key")
    }
    fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(s))
    }
    fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(s.to_owned()))
    }
}

/// Any value: walked for personal values and values too large, kept as a `Value` when
/// `keep`.
struct Any<'c, 'k, 'a> {
    ctx: &'c mut Ctx<'a>,
    field: Field<'k>,
    /// Under `flow`: objects too large are counted.
    count: bool,
    keep: bool,
}

impl<'de> DeserializeSeed<'de> for Any<'_, '_, 'de> {
    type Value = Seen<'de>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Any<'_, '_, 'de> {
    type Value = Seen<'de>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E: de::Error>(self, b: bool) -> Result<Self::Value, E> {
        Ok(if self.keep { Seen::Value(Value::Bool(b)) } else { Seen::Bool(b) })
    }
    fn visit_i64<E: de::Error>(self, n: i64) -> Result<Self::Value, E> {
        Ok(self.number(Number::from(n)))
    }
    fn visit_u64<E: de::Error>(self, n: u64) -> Result<Self::Value, E> {
        Ok(self.number(Number::from(n)))
    }
    fn visit_f64<E: de::Error>(self, n: f64) -> Result<Self::Value, E> {
        // As serde_json's `Value` reads it.
        Ok(match Number::from_f64(n) {
            Some(n) => self.number(n),
            None if self.keep => Seen::Value(Value::Null),
            None => Seen::Null,
        })
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(if self.keep { Seen::Value(Value::Null) } else { Seen::Null })
    }
    fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Self::Value, E> {
        Ok(self.text(Cow::Borrowed(s)))
    }
    fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
        Ok(self.text(Cow::Owned(s.to_owned())))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let Any { ctx, field, count, keep } = self;
        let mut kept = Vec::new();
        while let Some(v) = seq.next_element_seed(Any { ctx: &mut *ctx, field, count, keep })? {
            if keep {
                kept.push(v.into_value());
            }
        }
        Ok(if keep { Seen::Value(Value::Array(kept)) } else { Seen::Array })
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let Any { ctx, count, keep, .. } = self;
        let mut obj = Obj::new(ctx);
        let mut kept = Map::new();
        while let Some(k) = map.next_key_seed(Key)? {
            if !obj.key(&k) {
                return Err(other());
            }
            let v =
                map.next_value_seed(Any { ctx: &mut *ctx, field: field_of(&k), count, keep })?;
            obj.child(&k, &v);
            if keep {
                kept.insert(k.into_owned(), v.into_value());
            }
        }
        obj.end(ctx, count);
        Ok(if keep { Seen::Value(Value::Object(kept)) } else { Seen::Object })
    }
}

impl<'a> Any<'_, '_, 'a> {
    fn number(self, n: Number) -> Seen<'a> {
        if self.keep {
            Seen::Value(Value::Number(n))
        } else {
            Seen::Num(n)
        }
    }

    fn text(self, s: Cow<'a, str>) -> Seen<'a> {
        self.ctx.string(self.field, &s);
        if self.keep {
            Seen::Value(Value::String(s.into_owned()))
        } else {
            Seen::Str(s)
        }
    }
}

/// Implements `deserialize` (through `deserialize_any`) for a seed that is its own visitor.
macro_rules! seed {
    ($ty:ident, $out:ty) => {
        impl<'de> DeserializeSeed<'de> for $ty<'_, 'de> {
            type Value = $out;
            fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
                d.deserialize_any(self)
            }
        }
    };
}

/// The document: `{"flow": {...}}`, any other key walked.
struct Root<'c, 'a> {
    ctx: &'c mut Ctx<'a>,
}
seed!(Root, ());

impl<'de> Visitor<'de> for Root<'_, 'de> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a document")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let ctx = self.ctx;
        let mut obj = Obj::new(ctx);
        while let Some(k) = map.next_key_seed(Key)? {
            if !obj.key(&k) {
                return Err(other());
            }
            if k == "flow" {
                map.next_value_seed(Flow { ctx: &mut *ctx })?;
                obj.child(&k, &Seen::Object);
            } else {
                let v = map.next_value_seed(Any {
                    ctx: &mut *ctx,
                    field: field_of(&k),
                    count: false,
                    keep: false,
                })?;
                obj.child(&k, &v);
            }
        }
        obj.end(ctx, false);
        Ok(())
    }
}

/// The `flow` object: its header, then its `execution` list.
struct Flow<'c, 'a> {
    ctx: &'c mut Ctx<'a>,
}
seed!(Flow, ());

impl<'de> Visitor<'de> for Flow<'_, 'de> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a flow")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let ctx = self.ctx;
        let mut obj = Obj::new(ctx);
        let mut header: [Option<Seen<'de>>; 8] = Default::default();
        let mut listed = false;
        let mut in_list = 0;
        while let Some(k) = map.next_key_seed(Key)? {
            if !obj.key(&k) {
                return Err(other());
            }
            let slot = HEADER.iter().position(|h| *h == k);
            if k == "execution" {
                let before = ctx.too_large;
                start_list(ctx, &header).ok_or_else(other)?;
                let events = map.next_value_seed(Events { ctx: &mut *ctx })?;
                ctx.cost = events + 1;
                ctx.levels.clear();
                in_list = ctx.too_large - before;
                listed = true;
                obj.child(&k, &Seen::Array);
                continue;
            }
            // The header after the list: the `Value` path reads it.
            if slot.is_some() && listed {
                return Err(other());
            }
            let v = map.next_value_seed(Any {
                ctx: &mut *ctx,
                field: field_of(&k),
                count: true,
                keep: false,
            })?;
            obj.child(&k, &v);
            if let Some(slot) = slot {
                header[slot] = Some(v);
            }
        }
        if !listed {
            return Err(other());
        }
        // The flow object counts as a root of its own: its list's events are roots too.
        let (flagged, before) = (obj.flagged, obj.too_large);
        obj.end(ctx, false);
        if flagged {
            ctx.too_large = before + 1 + in_list;
        }
        let text = |i: usize| header[i].as_ref().and_then(Seen::string);
        let d = &mut ctx.doc;
        d.flow_version = text(3).unwrap_or_default();
        d.conversation_id = text(4).unwrap_or_default();
        d.execution_id = text(5).unwrap_or_default();
        d.start = text(6);
        d.truncated = matches!(header[7], Some(Seen::Bool(true)));
        ctx.document = true;
        Ok(())
    }
}

/// The flow's fields read, in the slots of `Flow`'s header.
const HEADER: [&str; 8] = [
    "flowId",
    "flowName",
    "flowType",
    "flowVersion",
    "conversationId",
    "executionId",
    "startDateTime",
    "isTruncated",
];

/// The document's own list opened, its flow named by the header read so far; `None` when it
/// names no flow (an error the `Value` path gives).
fn start_list(ctx: &mut Ctx<'_>, header: &[Option<Seen<'_>>; 8]) -> Option<()> {
    let flow_id = header[0].as_ref().and_then(Seen::text).unwrap_or_else(|| Arc::from(""));
    let flow_name = header[1].as_ref().and_then(Seen::text).unwrap_or_else(|| flow_id.clone());
    if flow_id.is_empty() && flow_name.is_empty() {
        return None;
    }
    let flow_type: String = header[2].as_ref().and_then(Seen::string).unwrap_or_default();
    ctx.doc.flow_id = flow_id.clone();
    ctx.doc.flow_name = flow_name.clone();
    ctx.levels.push(Level {
        place: Arc::from("flow.execution"),
        flow_id,
        flow_name,
        flow_type: Arc::from(flow_type.as_str()),
        depth: 0,
        container: None,
    });
    ctx.doc.flow_type = flow_type;
    Some(())
}

/// The document's `execution` list: its events; gives how many.
struct Events<'c, 'a> {
    ctx: &'c mut Ctx<'a>,
}
seed!(Events, u64);

impl<'de> Visitor<'de> for Events<'_, 'de> {
    type Value = u64;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of events")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<u64, A::Error> {
        let ctx = self.ctx;
        let mut at = 0;
        while seq.next_element_seed(Event { ctx: &mut *ctx, at, nested: None })?.is_some() {
            at += 1;
        }
        Ok(at as u64)
    }
}

/// What an action's `execution` list needs to open its level: the action's place
/// (`flow.execution[3].actionCallCommonModule`), type and data read so far (its
/// `inputData` names the flow its events ran in), whether the level is open, and the turns.
struct Nesting<'n> {
    here: &'n str,
    kind: &'n str,
    data: &'n Map<String, Value>,
    opened: bool,
    turns: Vec<Turn>,
}

/// One event: `{"key": {...}}`; in an action's `execution` list (`nested`) a turn is the
/// action's, not an event.
struct Event<'c, 'n, 'a> {
    ctx: &'c mut Ctx<'a>,
    at: usize,
    nested: Option<&'c mut Nesting<'n>>,
}

impl<'de> DeserializeSeed<'de> for Event<'_, '_, 'de> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Event<'_, '_, 'de> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an event")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let Event { ctx, at, nested } = self;
        let mut obj = Obj::new(ctx);
        let Some(k) = map.next_key_seed(Key)? else { return Err(other()) };
        obj.key(&k);
        let field = field_of(&k);
        let count = true;
        if let Some(nesting) = nested {
            if k == "turn" {
                let mut got: [Option<Seen<'de>>; TURN_SLOTS] = Default::default();
                let (field, under) = (Field::Key("turn"), TURN);
                let v =
                    map.next_value_seed(Picked { ctx: &mut *ctx, field, under, got: &mut got })?;
                if !v.is_object() {
                    return Err(other());
                }
                nesting.turns.extend(turn_of(&got));
                obj.child(&k, &v);
                return finish(map, obj, ctx);
            }
            if !nesting.opened {
                open_nested(ctx, nesting).ok_or_else(other)?;
            }
        }
        ctx.seen += 1;
        if ctx.seen > MAX_EVENTS {
            return Err(other());
        }
        let level = ctx.levels.last_mut().ok_or_else(other)?;
        if matches!(&*k, "endedTask" | "endedState") {
            level.container = None;
        }
        let depth = level.depth;
        let v = match &*k {
            "startedTask" | "startedState" => {
                // The first of these fields that is text names the container.
                let wanted = ["taskName", "stateName", "name"];
                let got = map.next_value_seed(Fields { ctx: &mut *ctx, wanted })?;
                let container = got
                    .iter()
                    .find_map(|v| v.as_ref().and_then(Seen::text))
                    .filter(|n| !n.is_empty());
                if let Some(level) = ctx.levels.last_mut() {
                    level.container = container;
                }
                Seen::Object
            }
            "startedFlow" if depth == 0 => {
                map.next_value_seed(FlowStart { ctx: &mut *ctx })?;
                Seen::Object
            }
            "endedFlow" if depth == 0 => {
                let wanted = ["flowExitReason"];
                let [reason] = map.next_value_seed(Fields { ctx: &mut *ctx, wanted })?;
                ctx.doc.exit_reason = match reason {
                    Some(Seen::Str(s)) => Some(s.into_owned()),
                    _ => None,
                };
                Seen::Object
            }
            "eventError" => {
                let v = map.next_value_seed(Any { ctx: &mut *ctx, field, count, keep: true })?;
                let Seen::Value(Value::Object(body)) = &v else { return Err(other()) };
                let message = ["message", "errorMessage", "errorCode", "error"]
                    .iter()
                    .find_map(|k| body.get(*k).and_then(Value::as_str))
                    .map_or_else(|| v.as_value_text(), str::to_owned);
                let place = ctx.levels.last().map(|l| l.place.clone()).ok_or_else(other)?;
                ctx.doc.errors.push(format!("{place}[{at}].{k}: {message}"));
                v
            }
            a if a.starts_with("action") => {
                map.next_value_seed(Action { ctx: &mut *ctx, at, kind: a })?;
                Seen::Object
            }
            e => {
                let known = e.starts_with("started")
                    || e.starts_with("ended")
                    || e.starts_with("event")
                    || e == "turn";
                if !known && !ctx.doc.unknown_events.iter().any(|u| u == e) {
                    ctx.doc.unknown_events.push(e.to_owned());
                }
                map.next_value_seed(Any { ctx: &mut *ctx, field, count, keep: false })?
            }
        };
        if !v.is_object() {
            return Err(other());
        }
        obj.child(&k, &v);
        finish(map, obj, ctx)
    }
}

impl Seen<'_> {
    /// A kept object as its JSON text (`eventError` without a message).
    fn as_value_text(&self) -> String {
        match self {
            Seen::Value(v) => v.to_string(),
            _ => String::new(),
        }
    }
}

/// An event's object, walked as [`Any`] walks one it does not keep, and the values of the
/// `wanted` keys as they were seen (in `wanted`'s order): what an event's reader asks of it
/// without a `Value` of it (`startedTask`'s name, `endedFlow`'s reason). Anything but an
/// object is an error: not the plain case.
struct Fields<'c, 'a, const N: usize> {
    ctx: &'c mut Ctx<'a>,
    wanted: [&'static str; N],
}

impl<'de, const N: usize> DeserializeSeed<'de> for Fields<'_, 'de, N> {
    type Value = [Option<Seen<'de>>; N];
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de, const N: usize> Visitor<'de> for Fields<'_, 'de, N> {
    type Value = [Option<Seen<'de>>; N];
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an event's object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let Fields { ctx, wanted } = self;
        let mut got: [Option<Seen<'de>>; N] = std::array::from_fn(|_| None);
        let mut obj = Obj::new(ctx);
        while let Some(k) = map.next_key_seed(Key)? {
            if !obj.key(&k) {
                return Err(other());
            }
            let field = field_of(&k);
            let v = map.next_value_seed(Any { ctx: &mut *ctx, field, count: true, keep: false })?;
            obj.child(&k, &v);
            if let Some(i) = wanted.iter().position(|w| *w == k) {
                got[i] = Some(v);
            }
        }
        obj.end(ctx, true);
        Ok(got)
    }
}

/// `startedFlow`'s object, walked as [`Any`] walks one it does not keep, but for its
/// `variables` list: each variable whose `variableName` is text is read into the document
/// with its `value` (kept), in the list's order. Anything but an object is an error: not the
/// plain case.
struct FlowStart<'c, 'a> {
    ctx: &'c mut Ctx<'a>,
}

impl<'de> DeserializeSeed<'de> for FlowStart<'_, 'de> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for FlowStart<'_, 'de> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a flow's start")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let ctx = self.ctx;
        let mut obj = Obj::new(ctx);
        while let Some(k) = map.next_key_seed(Key)? {
            if !obj.key(&k) {
                return Err(other());
            }
            let v = if k == "variables" {
                map.next_value_seed(Variables { ctx: &mut *ctx })?
            } else {
                let field = field_of(&k);
                map.next_value_seed(Any { ctx: &mut *ctx, field, count: true, keep: false })?
            };
            obj.child(&k, &v);
        }
        obj.end(ctx, true);
        Ok(())
    }
}

/// `startedFlow`'s `variables`: a list of variables ([`Variable`]), or anything else (walked
/// only).
struct Variables<'c, 'a> {
    ctx: &'c mut Ctx<'a>,
}

/// One element of `startedFlow`'s `variables`: an object read for its name and value, or
/// anything else (walked only).
struct Variable<'c, 'a> {
    ctx: &'c mut Ctx<'a>,
}

impl<'c, 'a> Variables<'c, 'a> {
    /// What a value under `variables` counts as for the redaction, walked only.
    fn any(self) -> Any<'c, 'static, 'a> {
        Any { ctx: self.ctx, field: Field::Key("variables"), count: true, keep: false }
    }
}

impl<'c, 'a> Variable<'c, 'a> {
    fn any(self) -> Any<'c, 'static, 'a> {
        Any { ctx: self.ctx, field: Field::Key("variables"), count: true, keep: false }
    }
}

/// Implements a visitor's scalar methods through its `any()` (walked only, as [`Any`] walks
/// what it does not keep).
macro_rules! walked_through_any {
    () => {
        fn visit_bool<E: de::Error>(self, b: bool) -> Result<Self::Value, E> {
            self.any().visit_bool(b).map(Into::into)
        }
        fn visit_i64<E: de::Error>(self, n: i64) -> Result<Self::Value, E> {
            self.any().visit_i64(n).map(Into::into)
        }
        fn visit_u64<E: de::Error>(self, n: u64) -> Result<Self::Value, E> {
            self.any().visit_u64(n).map(Into::into)
        }
        fn visit_f64<E: de::Error>(self, n: f64) -> Result<Self::Value, E> {
            self.any().visit_f64(n).map(Into::into)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            self.any().visit_unit().map(Into::into)
        }
        fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Self::Value, E> {
            self.any().visit_borrowed_str(s).map(Into::into)
        }
        fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
            self.any().visit_str(s).map(Into::into)
        }
    };
}

impl<'de> DeserializeSeed<'de> for Variables<'_, 'de> {
    type Value = Seen<'de>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Variables<'_, 'de> {
    type Value = Seen<'de>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a flow's variables")
    }
    walked_through_any!();
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let ctx = self.ctx;
        while seq.next_element_seed(Variable { ctx: &mut *ctx })?.is_some() {}
        Ok(Seen::Array)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        self.any().visit_map(map)
    }
}

impl<'de> DeserializeSeed<'de> for Variable<'_, 'de> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl From<Seen<'_>> for () {
    fn from(_: Seen<'_>) {}
}

impl<'de> Visitor<'de> for Variable<'_, 'de> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a flow's variable")
    }
    walked_through_any!();
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
        self.any().visit_seq(seq).map(drop)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let ctx = self.ctx;
        let mut obj = Obj::new(ctx);
        let (mut name, mut value) = (None, None);
        while let Some(k) = map.next_key_seed(Key)? {
            if !obj.key(&k) {
                return Err(other());
            }
            let field = field_of(&k);
            let keep = k == "value";
            let v = map.next_value_seed(Any { ctx: &mut *ctx, field, count: true, keep })?;
            obj.child(&k, &v);
            if keep {
                value = Some(v);
            } else if k == "variableName" {
                name = Some(v);
            }
        }
        obj.end(ctx, true);
        if let Some(Seen::Str(name)) = name {
            let value = value.map_or(Value::Null, Seen::into_value);
            ctx.doc.variables.push((name.into_owned(), value));
        }
        Ok(())
    }
}

/// A key [`Picked`] reads of an object: the slot its value goes to, and the keys it reads of
/// the object under it.
struct Node {
    key: &'static str,
    slot: usize,
    under: &'static [Node],
}

/// What [`doc::turn_of`] reads of a turn's object, each in its slot ([`turn_of`]).
const TURN: &[Node] = &[
    Node {
        key: "fromParticipant",
        slot: 0,
        under: &[
            Node {
                key: "audio",
                slot: 1,
                under: &[
                    Node {
                        key: "dtmf",
                        slot: 2,
                        under: &[Node { key: "value", slot: 3, under: &[] }],
                    },
                    Node {
                        key: "speech",
                        slot: 4,
                        under: &[
                            Node { key: "value", slot: 5, under: &[] },
                            Node { key: "utterance", slot: 6, under: &[] },
                        ],
                    },
                ],
            },
            Node { key: "text", slot: 7, under: &[] },
            Node {
                key: "message",
                slot: 8,
                under: &[
                    Node { key: "text", slot: 9, under: &[] },
                    Node { key: "body", slot: 10, under: &[] },
                ],
            },
            Node { key: "utterance", slot: 11, under: &[] },
        ],
    },
    Node { key: "purpose", slot: 12, under: &[] },
];
const TURN_SLOTS: usize = 13;

/// [`doc::turn_of`] of a turn read by [`Picked`] with [`TURN`]: its slots' values as seen.
fn turn_of(got: &[Option<Seen<'_>>; TURN_SLOTS]) -> Option<Turn> {
    let text = |slot: usize| match &got[slot] {
        Some(Seen::Str(s)) => Some(s),
        _ => None,
    };
    if got[0].is_none() {
        return text(12).is_some_and(|p| p.starts_with("Get")).then_some(Turn::NoInput);
    }
    // A speech `value` that is not text is taken, and is no words: `utterance` is read only
    // when there is no `value`.
    let speech = if got[5].is_some() { text(5) } else { text(6) };
    Some(if let Some(d) = text(3) {
        Turn::Dtmf(d.to_string())
    } else if let Some(t) = speech.or_else(|| [7, 9, 10, 11].into_iter().find_map(text)) {
        Turn::Words(t.to_string())
    } else {
        Turn::NoInput
    })
}

/// A value walked as [`Any`] walks what it does not keep, the values of the keys `under`
/// names (and of theirs, in the objects under them) put in their slots in `got` as seen.
struct Picked<'c, 'g, 'a> {
    ctx: &'c mut Ctx<'a>,
    /// What the value counts as for the redaction, when it is not an object.
    field: Field<'static>,
    under: &'static [Node],
    got: &'g mut [Option<Seen<'a>>],
}

impl<'c, 'a> Picked<'c, '_, 'a> {
    fn any(self) -> Any<'c, 'static, 'a> {
        Any { ctx: self.ctx, field: self.field, count: true, keep: false }
    }
}

impl<'de> DeserializeSeed<'de> for Picked<'_, '_, 'de> {
    type Value = Seen<'de>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Picked<'_, '_, 'de> {
    type Value = Seen<'de>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    walked_through_any!();
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        self.any().visit_seq(seq)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let Picked { ctx, under, got, .. } = self;
        let mut obj = Obj::new(ctx);
        while let Some(k) = map.next_key_seed(Key)? {
            if !obj.key(&k) {
                return Err(other());
            }
            let node = under.iter().find(|n| n.key == k);
            let v = match node {
                Some(n) if !n.under.is_empty() => {
                    let (field, under) = (field_of(n.key), n.under);
                    map.next_value_seed(Picked { ctx: &mut *ctx, field, under, got: &mut *got })?
                }
                _ => {
                    let field = field_of(&k);
                    map.next_value_seed(Any { ctx: &mut *ctx, field, count: true, keep: false })?
                }
            };
            obj.child(&k, &v);
            if let Some(n) = node {
                got[n.slot] = Some(v);
            }
        }
        obj.end(ctx, true);
        Ok(Seen::Object)
    }
}

/// An event's end: it has one key only.
fn finish<'de, A: MapAccess<'de>>(
    mut map: A,
    obj: Obj<'de>,
    ctx: &mut Ctx<'de>,
) -> Result<(), A::Error> {
    if map.next_key_seed(Key)?.is_some() {
        return Err(other());
    }
    obj.end(ctx, true);
    Ok(())
}

/// Opens the level of an action's nested events (at its first event that is not a turn), in
/// the flow its `inputData` names; `None` past [`MAX_NESTING`].
fn open_nested(ctx: &mut Ctx<'_>, nesting: &mut Nesting<'_>) -> Option<()> {
    if ctx.levels.len() >= MAX_NESTING {
        return None;
    }
    let parent = ctx.levels.last()?;
    let (flow_id, flow_name, flow_type, depth) =
        match doc::callee(nesting.kind, nesting.data.get("inputData")) {
            Some((id, name, ty)) => (
                id.unwrap_or_else(|| parent.flow_id.clone()),
                name.unwrap_or_else(|| parent.flow_name.clone()),
                Arc::from(ty),
                parent.depth + 1,
            ),
            None => (
                parent.flow_id.clone(),
                parent.flow_name.clone(),
                parent.flow_type.clone(),
                parent.depth,
            ),
        };
    ctx.levels.push(Level {
        place: Arc::from(format!("{}.execution", nesting.here)),
        flow_id,
        flow_name,
        flow_type,
        depth,
        container: None,
    });
    nesting.opened = true;
    Some(())
}

/// An action's object: its own fields, its `execution` list (turns, and the events it
/// nests), the rest kept as its `data`.
struct Action<'c, 'k, 'a> {
    ctx: &'c mut Ctx<'a>,
    at: usize,
    kind: &'k str,
}

impl<'de> DeserializeSeed<'de> for Action<'_, '_, 'de> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Action<'_, '_, 'de> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an action")
    }
    #[allow(clippy::too_many_lines)]
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let Action { ctx, at, kind } = self;
        let kind = if let Some(known) = ctx.kinds.iter().find(|known| &***known == kind) {
            known.clone()
        } else {
            let known: Arc<str> = Arc::from(kind);
            ctx.kinds.push(known.clone());
            known
        };
        let level = ctx.levels.last().ok_or_else(other)?;
        let list = level.place.clone();
        let (flow_id, flow_name, flow_type, depth) =
            (level.flow_id.clone(), level.flow_name.clone(), level.flow_type.clone(), level.depth);
        let container = level.container.clone();
        // The action comes before the actions it nests: its place is taken now.
        let slot = ctx.doc.actions.len();
        ctx.doc.actions.push(RecordedAction {
            kind: kind.clone(),
            action_id: flow_id.clone(),
            name: flow_id.clone(),
            tracking_id: None,
            flow_id,
            flow_name,
            flow_type,
            depth,
            container,
            output_path_id: None,
            output_path_name: None,
            data: Value::Null,
            turns: Vec::new(),
            list,
            at,
        });
        let mut obj = Obj::new(ctx);
        let mut data = Map::new();
        let [mut id, mut named, mut tracking, mut path, mut path_named] =
            [None::<Seen<'de>>, None, None, None, None];
        let mut turns = Vec::new();
        let mut opened = false;
        let count = true;
        while let Some(k) = map.next_key_seed(Key)? {
            if !obj.key(&k) {
                return Err(other());
            }
            let field = field_of(&k);
            let slot = match &*k {
                "actionId" => Some(&mut id),
                "actionName" => Some(&mut named),
                "trackingId" => Some(&mut tracking),
                "outputPathId" => Some(&mut path),
                "outputPathName" => Some(&mut path_named),
                _ => None,
            };
            if let Some(slot) = slot {
                let v = map.next_value_seed(Any { ctx: &mut *ctx, field, count, keep: false })?;
                obj.child(&k, &v);
                *slot = Some(v);
                continue;
            }
            if k == "execution" {
                let here = format!("{}[{at}].{kind}", ctx.levels.last().ok_or_else(other)?.place);
                let mut nesting = Nesting {
                    here: &here,
                    kind: &kind,
                    data: &data,
                    opened: false,
                    turns: Vec::new(),
                };
                let v = map.next_value_seed(Nested { ctx: &mut *ctx, nesting: &mut nesting })?;
                if nesting.opened {
                    ctx.levels.pop();
                    opened = true;
                }
                turns = nesting.turns;
                obj.child(&k, &v);
                continue;
            }
            // The flow of the events it nests is read from its `inputData`, before them.
            if k == "inputData" && opened {
                return Err(other());
            }
            let v = map.next_value_seed(Any { ctx: &mut *ctx, field, count, keep: true })?;
            obj.child(&k, &v);
            data.insert(k.into_owned(), v.into_value());
        }
        obj.end(ctx, count);
        let action_id = id.as_ref().and_then(Seen::text).ok_or_else(other)?;
        let name = named.as_ref().and_then(Seen::text).unwrap_or_else(|| kind.clone());
        let tracking_id = match &tracking {
            Some(Seen::Num(n)) => n.as_u64().and_then(|t| u32::try_from(t).ok()),
            _ => None,
        };
        let path_id = path
            .as_ref()
            .and_then(Seen::text)
            .or_else(|| {
                data.get("endingOutputPath")
                    .and_then(|e| e.get("outputPathId"))
                    .and_then(Value::as_str)
                    .map(Arc::from)
            })
            .filter(|s| !s.is_empty());
        let path_name = path_named.as_ref().and_then(Seen::text).filter(|s| !s.is_empty());
        let action = &mut ctx.doc.actions[slot];
        action.action_id = action_id;
        action.name = name;
        action.tracking_id = tracking_id;
        action.output_path_id = path_id;
        action.output_path_name = path_name;
        action.data = Value::Object(data);
        action.turns = turns;
        Ok(())
    }
}

/// An action's `execution` value: a list of its turns and the events it nests, or anything
/// else (walked only).
struct Nested<'c, 'n, 'a> {
    ctx: &'c mut Ctx<'a>,
    nesting: &'c mut Nesting<'n>,
}

impl<'de> DeserializeSeed<'de> for Nested<'_, '_, 'de> {
    type Value = Seen<'de>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'c, 'de> Nested<'c, '_, 'de> {
    fn any(self) -> Any<'c, 'static, 'de> {
        Any { ctx: self.ctx, field: Field::Key("execution"), count: true, keep: false }
    }
}

impl<'de> Visitor<'de> for Nested<'_, '_, 'de> {
    type Value = Seen<'de>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an action's execution list")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let Nested { ctx, nesting } = self;
        let mut at = 0;
        while seq
            .next_element_seed(Event { ctx: &mut *ctx, at, nested: Some(&mut *nesting) })?
            .is_some()
        {
            at += 1;
        }
        Ok(Seen::Array)
    }
    fn visit_bool<E: de::Error>(self, b: bool) -> Result<Self::Value, E> {
        self.any().visit_bool(b)
    }
    fn visit_i64<E: de::Error>(self, n: i64) -> Result<Self::Value, E> {
        self.any().visit_i64(n)
    }
    fn visit_u64<E: de::Error>(self, n: u64) -> Result<Self::Value, E> {
        self.any().visit_u64(n)
    }
    fn visit_f64<E: de::Error>(self, n: f64) -> Result<Self::Value, E> {
        self.any().visit_f64(n)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        self.any().visit_unit()
    }
    fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Self::Value, E> {
        self.any().visit_borrowed_str(s)
    }
    fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
        self.any().visit_str(s)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        self.any().visit_map(map)
    }
}

mod plain;
#[cfg(test)]
mod tests;
