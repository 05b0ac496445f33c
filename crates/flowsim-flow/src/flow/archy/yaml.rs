//! Archy's view of the one YAML reader ([`crate::util::yaml`]): positions through the
//! substitution map ([`PosMap`]), one document per file, and the readings flow files need.
//!
//! Nesting is bounded ([`yaml::MAX_DEPTH`]) as the tree is built, so recursion over it (and over
//! nested action lists) is bounded too. Scalars follow YAML 1.2's core schema: bare `yes`/`no`
//! are strings, as Archy's decision outputs need; `true`/`false` are booleans.

use super::subst::{Pos, PosMap};
use crate::util::yaml::{self, Options, Place};

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
