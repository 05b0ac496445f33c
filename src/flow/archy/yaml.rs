//! Archy's view of the one YAML reader ([`crate::util::yaml`]): positions through the
//! substitution map ([`PosMap`]), one document per file, and the readings flow files need.
//!
//! Nesting is bounded ([`yaml::MAX_DEPTH`]) as the tree is built, so recursion over it (and over
//! nested action lists) is bounded too. Scalars follow YAML 1.2's core schema: bare `yes`/`no`
//! are strings, as Archy's decision outputs need; `true`/`false` are booleans.

use super::subst::{Pos, PosMap};
use crate::util::yaml::{self, Options, Place};
use std::borrow::Cow;

pub(super) use crate::util::yaml::{V, Y};

/// Why the text is not a YAML tree: a message and where.
#[derive(Debug, Clone)]
pub(super) struct YamlError {
    pub code: crate::diag::Code,
    pub message: String,
    pub pos: Pos,
}

/// Positions of the substituted text, in the file as written.
struct Mapped<'m>(&'m PosMap);

impl Place for Mapped<'_> {
    fn place(&self, m: &saphyr_parser::Marker) -> Pos {
        self.0.pos(m.index())
    }
}

/// Parses `text` (already substituted) into one document. Keys written twice are kept (readers
/// take the first).
pub(super) fn parse(text: &str, map: &PosMap) -> Result<Y, YamlError> {
    let first = Pos { line: 1, col: 1 };
    match yaml::parse(text, Options::default(), &Mapped(map)) {
        Ok(Some(root)) => Ok(root),
        Ok(None) => Err(YamlError {
            code: crate::diag::Code::YamlSyntax,
            message: "the file holds no YAML document".into(),
            pos: first,
        }),
        Err(e) => Err(YamlError { code: e.code, message: e.message, pos: e.pos.unwrap_or(first) }),
    }
}

/// Readings of a node that flow files need.
impl Y {
    /// A mapping's value for `key` (the first, should a key repeat).
    pub fn get(&self, key: &str) -> Option<&Y> {
        self.entries().find(|(k, _)| *k == key).map(|(_, v)| v)
    }

    /// A mapping's entries with their keys as text (`[]` for anything else).
    pub fn entries(&self) -> impl Iterator<Item = (Cow<'_, str>, &Y)> {
        let entries: &[(Y, Y)] = match &self.v {
            V::Map(m) => m,
            _ => &[],
        };
        entries.iter().map(|(k, v)| (k.text().unwrap_or(Cow::Borrowed("")), v))
    }

    /// Entries as [`entries`](Self::entries) with the key nodes, for positions.
    pub fn entry_nodes(&self) -> &[(Y, Y)] {
        match &self.v {
            V::Map(m) => m,
            _ => &[],
        }
    }

    pub fn seq(&self) -> Option<&[Y]> {
        match &self.v {
            V::Seq(s) => Some(s),
            _ => None,
        }
    }

    pub fn is_map(&self) -> bool {
        matches!(self.v, V::Map(_))
    }

    /// An output's name as a key: YAML 1.1 read bare `yes`/`no` as booleans, and files written
    /// by such tools may say `true:`/`false:` where Archy means `yes`/`no`.
    pub fn output_name(&self) -> Option<Cow<'_, str>> {
        match self.v {
            V::Bool(b) => Some(Cow::Borrowed(if b { "yes" } else { "no" })),
            _ => self.text(),
        }
    }

    /// `true`, `"true"` and `yes` are true.
    pub fn truthy(&self) -> bool {
        match &self.v {
            V::Bool(b) => *b,
            V::Str(s) => s.eq_ignore_ascii_case("true") || s.eq_ignore_ascii_case("yes"),
            _ => false,
        }
    }

    /// The node as JSON (for parts read by a JSON reader: the NLU domain), keys named as
    /// Archy names outputs (`yes:` and `true:` are `"yes"`).
    pub fn to_json(&self) -> serde_json::Value {
        self.json_keyed(Y::output_name)
    }

    /// A list item of Archy's `- key: {...}` form: its one key and value.
    pub fn single(&self) -> Option<(Cow<'_, str>, &Y)> {
        match &self.v {
            V::Map(m) if m.len() == 1 => Some((m[0].0.text()?, &m[0].1)),
            _ => None,
        }
    }
}
