//! YAML with positions: saphyr's `MarkedYaml`, converted into a small tree of our own whose
//! every node knows its line and column in the file as the user wrote it (see [`PosMap`]).
//!
//! Nesting is bounded ([`MAX_DEPTH`]) before saphyr builds its tree, by a pass over the parser's
//! events, so that no input can overflow the stack while building, converting or dropping it.
//! Scalars follow YAML 1.2's core schema (saphyr's): bare `yes`/`no` are strings, as Archy's
//! decision outputs need; `true`/`false` are booleans.

use super::subst::{Pos, PosMap};
use saphyr::{LoadableYamlNode, MarkedYaml, Scalar, YamlData};
use saphyr_parser::{Event, Parser};
use std::borrow::Cow;

/// The deepest nesting of mappings and sequences a flow file may have. Real flows stay under
/// 60; the bound keeps recursion over the tree (and over nested action lists) safe.
pub(super) const MAX_DEPTH: usize = 256;

/// One YAML node.
#[derive(Debug, Clone)]
pub(super) struct Y {
    pub pos: Pos,
    pub v: V,
}

#[derive(Debug, Clone)]
pub(super) enum V {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(Box<str>),
    Seq(Vec<Y>),
    /// Entries in file order.
    Map(Vec<(Y, Y)>),
}

/// Why the text is not a YAML tree: a message and where.
#[derive(Debug, Clone)]
pub(super) struct YamlError {
    pub code: &'static str,
    pub message: String,
    pub pos: Pos,
}

/// Parses `text` (already substituted) into one document.
pub(super) fn parse(text: &str, map: &PosMap) -> Result<Y, YamlError> {
    let syntax = |e: &saphyr::ScanError| YamlError {
        code: "yamlSyntax",
        message: e.info().to_owned(),
        pos: map.pos(e.marker().index()),
    };
    // Depth first, from the events alone.
    let mut depth = 0usize;
    for event in Parser::new_from_str(text) {
        let (event, span) = event.map_err(|e| syntax(&e))?;
        match event {
            Event::SequenceStart(..) | Event::MappingStart(..) => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(YamlError {
                        code: "tooDeep",
                        message: format!("the YAML nests deeper than {MAX_DEPTH} levels"),
                        pos: map.pos(span.start.index()),
                    });
                }
            }
            Event::SequenceEnd | Event::MappingEnd => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    let docs = MarkedYaml::load_from_str(text).map_err(|e| syntax(&e))?;
    let mut docs = docs.into_iter();
    let Some(doc) = docs.next() else {
        return Err(YamlError {
            code: "yamlSyntax",
            message: "the file holds no YAML document".into(),
            pos: Pos { line: 1, col: 1 },
        });
    };
    if let Some(second) = docs.next() {
        return Err(YamlError {
            code: "yamlSyntax",
            message: "a flow file holds one YAML document, this one holds more".into(),
            pos: map.pos(second.span.start.index()),
        });
    }
    convert(&doc, map, 0)
}

fn convert(node: &MarkedYaml<'_>, map: &PosMap, depth: usize) -> Result<Y, YamlError> {
    let pos = map.pos(node.span.start.index());
    // Aliases expand into copies that the event pass did not see nested.
    if depth > MAX_DEPTH {
        return Err(YamlError {
            code: "tooDeep",
            message: format!("the YAML nests deeper than {MAX_DEPTH} levels (through aliases)"),
            pos,
        });
    }
    let v = match &node.data {
        YamlData::Value(s) => scalar(s),
        YamlData::Representation(text, ..) => V::Str(text.as_ref().into()),
        YamlData::Sequence(items) => {
            V::Seq(items.iter().map(|i| convert(i, map, depth + 1)).collect::<Result<_, _>>()?)
        }
        YamlData::Mapping(entries) => V::Map(
            entries
                .iter()
                .map(|(k, v)| Ok((convert(k, map, depth + 1)?, convert(v, map, depth + 1)?)))
                .collect::<Result<_, YamlError>>()?,
        ),
        YamlData::Tagged(_, inner) => return convert(inner, map, depth + 1),
        YamlData::Alias(_) | YamlData::BadValue => {
            return Err(YamlError {
                code: "yamlSyntax",
                message: "a value YAML cannot resolve (an unknown alias?)".into(),
                pos,
            })
        }
    };
    Ok(Y { pos, v })
}

fn scalar(s: &Scalar<'_>) -> V {
    match s {
        Scalar::Null => V::Null,
        Scalar::Boolean(b) => V::Bool(*b),
        Scalar::Integer(i) => V::Int(*i),
        Scalar::FloatingPoint(f) => V::Float(f.into_inner()),
        Scalar::String(t) => V::Str(t.as_ref().into()),
    }
}

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

    /// A scalar's text: strings as they are, numbers and booleans as YAML wrote them
    /// (`None` for mappings and sequences; `""` for null).
    pub fn text(&self) -> Option<Cow<'_, str>> {
        Some(match &self.v {
            V::Str(s) => Cow::Borrowed(s),
            V::Int(i) => Cow::Owned(i.to_string()),
            V::Float(f) => Cow::Owned(f.to_string()),
            V::Bool(b) => Cow::Borrowed(if *b { "true" } else { "false" }),
            V::Null => Cow::Borrowed(""),
            V::Seq(_) | V::Map(_) => return None,
        })
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

    /// What kind of node this is, for messages.
    pub fn kind(&self) -> &'static str {
        match self.v {
            V::Null => "null",
            V::Bool(_) => "a boolean",
            V::Int(_) => "an integer",
            V::Float(_) => "a decimal",
            V::Str(_) => "a string",
            V::Seq(_) => "a list",
            V::Map(_) => "a mapping",
        }
    }

    /// The node as JSON (for parts read by a JSON reader: the NLU domain). Keys are texts;
    /// the parser already bounded the depth.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match &self.v {
            V::Null => J::Null,
            V::Bool(b) => J::Bool(*b),
            V::Int(i) => J::from(*i),
            V::Float(f) => serde_json::Number::from_f64(*f).map_or(J::Null, J::Number),
            V::Str(s) => J::String(s.to_string()),
            V::Seq(items) => J::Array(items.iter().map(Y::to_json).collect()),
            V::Map(m) => J::Object(
                m.iter()
                    .map(|(k, v)| (k.output_name().unwrap_or_default().into_owned(), v.to_json()))
                    .collect(),
            ),
        }
    }

    /// A list item of Archy's `- key: {...}` form: its one key and value.
    pub fn single(&self) -> Option<(Cow<'_, str>, &Y)> {
        match &self.v {
            V::Map(m) if m.len() == 1 => Some((m[0].0.text()?, &m[0].1)),
            _ => None,
        }
    }
}
