//! Typed reading of a [`Y`] tree through serde. An error is placed at the node it concerns:
//! a wrong type at the value, an unknown field at its key, a missing field at its mapping,
//! with the node's path and the name meant (`scenarios[0].expect: unknown field `stauts` (did
//! you mean `status`?), ... at line 6 column 7`).
//!
//! A plain scalar asked for as a string is its text as written (`name: 007` is `"007"`);
//! asked for as anything (`serde_json::Value`) it is what the core schema makes of it.
//! Recursion follows the tree, whose depth the reader bounded.

use super::{AsWritten, Error, Options, Pos, V, Y};
use serde::de::{
    self, DeserializeOwned, DeserializeSeed, EnumAccess, IntoDeserializer, MapAccess, SeqAccess,
    VariantAccess, Visitor,
};
use std::fmt;

impl de::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error { code: crate::diag::Code::BadValue, message: msg.to_string(), path: None, pos: None }
    }

    fn unknown_field(field: &str, expected: &'static [&'static str]) -> Self {
        Error::custom(unknown("field", field, expected))
    }

    fn unknown_variant(variant: &str, expected: &'static [&'static str]) -> Self {
        Error::custom(unknown("variant", variant, expected))
    }
}

/// serde's words for a name the type does not have, with the one meant when it is a typo away:
/// "unknown field `stauts` (did you mean `status`?), expected one of `status`, ...".
fn unknown(what: &str, name: &str, expected: &[&str]) -> String {
    use std::fmt::Write as _;
    let mut m = format!("unknown {what} `{name}`");
    if let Some(meant) = crate::util::nearest(name, expected.iter().copied()) {
        let _ = write!(m, " (did you mean `{meant}`?)");
    }
    match expected {
        [] => {
            let _ = write!(m, ", there are no {what}s");
        }
        [one] => {
            let _ = write!(m, ", expected `{one}`");
        }
        _ => {
            let list: Vec<String> = expected.iter().map(|e| format!("`{e}`")).collect();
            let _ = write!(m, ", expected one of {}", list.join(", "));
        }
    }
    m
}

impl Error {
    /// Places an error that has no place yet at `node`.
    fn placed(mut self, node: &Y, path: Path<'_>) -> Error {
        if self.pos.is_none() {
            self.pos = Some(node.pos);
            self.path = Some(path.to_string());
        }
        self
    }
}

/// Reads YAML text into `T`, refusing duplicate keys. An empty file (or one of comments) reads
/// as an empty mapping, so that a file format names its first required key.
///
/// # Errors
/// What [`parse`](super::parse) refuses, and what `T` does not accept, with line and column.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, Error> {
    // Straight from the events when it can (the same value); else, and for every error, the
    // tree, which places it.
    if let Some(value) = super::stream::read(text, super::stream::by_serde::<T>) {
        return Ok(value);
    }
    let tree = super::parse(text, Options { unique_keys: true }, &AsWritten)?;
    let empty = Y { pos: Pos { line: 1, col: 1 }, v: V::Map(Vec::new()), raw: None };
    from_tree(tree.as_ref().unwrap_or(&empty))
}

/// As [`from_str`], the value read from the events by `how`, a reader written by hand that
/// reads what serde reads (see [`super::Reader`]); where it gives up, serde and the tree read
/// the text as `from_str` does.
///
/// # Errors
/// As [`from_str`].
pub fn from_str_by<T: DeserializeOwned>(text: &str, how: super::ReadFn<T>) -> Result<T, Error> {
    if let Some(value) = super::stream::read(text, how) {
        return Ok(value);
    }
    from_str(text)
}

/// Reads a tree into `T`.
///
/// # Errors
/// What `T` does not accept, at the node, with its path.
pub fn from_tree<T: DeserializeOwned>(node: &Y) -> Result<T, Error> {
    T::deserialize(De { node, path: Path::Root }).map_err(|e| e.placed(node, Path::Root))
}

/// Where a node is, from the top: printed as `scenarios[0].expect` (`.` for the top).
#[derive(Clone, Copy)]
enum Path<'a> {
    Root,
    Seq(&'a Path<'a>, usize),
    Map(&'a Path<'a>, &'a Y),
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Path::Root => f.write_str("."),
            Path::Seq(parent, i) => write!(f, "{parent}[{i}]"),
            Path::Map(parent, key) => {
                if !matches!(parent, Path::Root) {
                    write!(f, "{parent}.")?;
                }
                f.write_str(&key.key().unwrap_or(std::borrow::Cow::Borrowed("?")))
            }
        }
    }
}

struct De<'a, 'p> {
    node: &'a Y,
    path: Path<'p>,
}

impl<'de> de::Deserializer<'de> for De<'_, '_> {
    type Error = Error;

    fn deserialize_any<W: Visitor<'de>>(self, visitor: W) -> Result<W::Value, Error> {
        match &self.node.v {
            V::Null => visitor.visit_unit(),
            V::Bool(b) => visitor.visit_bool(*b),
            V::Int(i) => match u64::try_from(*i) {
                Ok(u) => visitor.visit_u64(u),
                Err(_) => visitor.visit_i64(*i),
            },
            V::Float(f) => visitor.visit_f64(*f),
            V::Str(s) => visitor.visit_str(s),
            V::Seq(items) => {
                visitor.visit_seq(Items { iter: items.iter(), index: 0, path: self.path })
            }
            V::Map(entries) => {
                visitor.visit_map(Entries { iter: entries.iter(), current: None, path: self.path })
            }
        }
    }

    fn deserialize_str<W: Visitor<'de>>(self, visitor: W) -> Result<W::Value, Error> {
        match (&self.node.v, &self.node.raw) {
            (V::Str(s), _) => visitor.visit_str(s),
            (_, Some(raw)) => visitor.visit_str(raw),
            _ => self.deserialize_any(visitor),
        }
    }

    fn deserialize_string<W: Visitor<'de>>(self, visitor: W) -> Result<W::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_identifier<W: Visitor<'de>>(self, visitor: W) -> Result<W::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<W: Visitor<'de>>(self, visitor: W) -> Result<W::Value, Error> {
        match self.node.v {
            V::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<W: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: W,
    ) -> Result<W::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<W: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: W,
    ) -> Result<W::Value, Error> {
        match &self.node.v {
            V::Map(entries) if entries.len() == 1 => {
                let (key, value) = &entries[0];
                visitor.visit_enum(Variant { key, value, parent: self.path })
            }
            V::Map(_) | V::Seq(_) => Err(de::Error::custom(format_args!(
                "expected a name or a mapping of one key (a name and its value), not {}",
                self.node.kind()
            ))),
            _ => match self.node.key() {
                Some(name) => visitor.visit_enum(name.as_ref().into_deserializer()),
                None => self.deserialize_any(visitor),
            },
        }
    }

    fn deserialize_ignored_any<W: Visitor<'de>>(self, visitor: W) -> Result<W::Value, Error> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char bytes byte_buf unit
        unit_struct seq tuple tuple_struct map struct
    }
}

struct Items<'a, 'p> {
    iter: std::slice::Iter<'a, Y>,
    index: usize,
    path: Path<'p>,
}

impl<'de> SeqAccess<'de> for Items<'_, '_> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        let Some(node) = self.iter.next() else { return Ok(None) };
        let path = Path::Seq(&self.path, self.index);
        self.index += 1;
        seed.deserialize(De { node, path }).map(Some).map_err(|e| e.placed(node, path))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.iter.len())
    }
}

struct Entries<'a, 'p> {
    iter: std::slice::Iter<'a, (Y, Y)>,
    /// The entry whose key was read last.
    current: Option<&'a (Y, Y)>,
    path: Path<'p>,
}

impl<'de> MapAccess<'de> for Entries<'_, '_> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        let Some(entry) = self.iter.next() else { return Ok(None) };
        self.current = Some(entry);
        let (key, path) = (&entry.0, self.path);
        seed.deserialize(De { node: key, path }).map(Some).map_err(|e| e.placed(key, path))
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, Error> {
        let (key, node) = self.current.take().expect("serde reads a key before its value");
        let path = Path::Map(&self.path, key);
        seed.deserialize(De { node, path }).map_err(|e| e.placed(node, path))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.iter.len())
    }
}

/// An enum written as a mapping of one key: `{input: ...}`.
struct Variant<'a, 'p> {
    key: &'a Y,
    value: &'a Y,
    parent: Path<'p>,
}

impl<'de> EnumAccess<'de> for Variant<'_, '_> {
    type Error = Error;
    type Variant = Self;

    fn variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<(T::Value, Self), Error> {
        let (key, path) = (self.key, self.parent);
        let name = seed.deserialize(De { node: key, path }).map_err(|e| e.placed(key, path))?;
        Ok((name, self))
    }
}

impl<'de> VariantAccess<'de> for Variant<'_, '_> {
    type Error = Error;

    fn unit_variant(self) -> Result<(), Error> {
        let path = Path::Map(&self.parent, self.key);
        <() as de::Deserialize>::deserialize(De { node: self.value, path })
            .map_err(|e| e.placed(self.value, path))
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, Error> {
        let path = Path::Map(&self.parent, self.key);
        seed.deserialize(De { node: self.value, path }).map_err(|e| e.placed(self.value, path))
    }

    fn tuple_variant<W: Visitor<'de>>(self, _len: usize, visitor: W) -> Result<W::Value, Error> {
        let path = Path::Map(&self.parent, self.key);
        de::Deserializer::deserialize_seq(De { node: self.value, path }, visitor)
            .map_err(|e| e.placed(self.value, path))
    }

    fn struct_variant<W: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: W,
    ) -> Result<W::Value, Error> {
        let path = Path::Map(&self.parent, self.key);
        de::Deserializer::deserialize_map(De { node: self.value, path }, visitor)
            .map_err(|e| e.placed(self.value, path))
    }
}
