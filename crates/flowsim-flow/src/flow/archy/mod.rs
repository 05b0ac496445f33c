//! The Archy YAML front-end (docs/architect.md): `{{key}}` substitution, YAML with positions, and
//! lowering of menus, tasks and states into the model's graph.
//!
//! The steps, one file each: [`subst`] replaces placeholders as text (every missing key is an
//! error, and nothing more is read); [`yaml`] parses with saphyr into a tree whose nodes know
//! their line and column in the original file; [`flowdef`] reads the flow (type, name,
//! variables, containers, error handling, start); [`lower`] and [`containers`] turn nested
//! action lists into nodes; [`props`] and [`irregular`] read properties by the catalogue, [`typed`] literals by the type they are written for; [`refs`] resolves references
//! between containers.
//!
//! # Node ids
//! An action's id is `<container name>/<action name>` (Architect's default name for its type,
//! `catalogue::default_name`, when it has no `name`): `Main Menu/Transfer to ACD`, `Initial State/Decision`. When that id repeats
//! within a container (compared case-insensitively), the later ones, in document order, get
//! `#2`, `#3`...: `Initial State/Decision#2`. A menu's own node is the menu's name
//! (`Main Menu`); a menu choice is `<menu>/<choice name>`; a `menuTask`'s inline task is a
//! container named after its choice, so its actions are `<menu>/<choice>/<action>`; the
//! synthesized greeting is `initialGreeting`; `startUpTaskActions` form the container
//! `startUpTask`. An id already taken elsewhere in the flow gets the next free `#n`. Ids
//! depend only on the container and the actions before it in that container, so they stay
//! the same when other containers change.
//!
//! # Invariants
//! Every action becomes exactly one node; every catalogue output is an exit (target `None`
//! when the file gives it no actions); `next` is where Architect goes after the action's
//! output has run (the next action, or the owner's `next`, or, in a loop body, the loop).
//! Nesting is bounded by [`crate::util::yaml::MAX_DEPTH`], so lowering recursion is bounded too.

mod bot;
pub(crate) use bot::INTENTS_PROPERTY;
mod containers;
mod flowdef;
mod irregular;
mod keys;
mod lower;
mod props;
mod refs;
pub mod schema;
mod subst;
mod typed;
mod yaml;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_forms;
#[cfg(test)]
mod tests_lowering;

pub use flowdef::FLOW_TYPES;

use super::model::Flow;
use crate::diag::{Diagnostic, Span};
use indexmap::IndexMap;
use std::path::{Path, PathBuf};
use subst::Pos;

/// `{{key}}` values: `--sub KEY=VALUE` and the options file's `substitutions:`.
#[derive(Debug, Clone, Default)]
pub struct Substitutions {
    pub values: IndexMap<String, String>,
    /// The options file they came from, for diagnostics.
    pub options_file: Option<PathBuf>,
}

/// Where diagnostics of one flow go, and what they name.
pub(super) struct Cx<'a> {
    file: &'a Path,
    /// The flow's name ("" before it is known).
    flow: String,
    diags: &'a mut Vec<Diagnostic>,
    /// The file's text as written (before substitution), for places inside a scalar.
    written: &'a str,
    /// Where each `exp:` is written.
    sources: Vec<crate::flow::model::ExprSource>,
    /// The index of `written`'s lines, made for the first diagnostic placed inside a scalar:
    /// each later one costs its scalar, not the file up to it.
    lines: std::cell::OnceCell<crate::util::lines::Lines>,
}

impl Cx<'_> {
    /// The place of byte `offset` of `value`, the scalar at `pos` (`util::scalar_pos`).
    fn inner(&self, pos: Pos, value: &str, offset: usize) -> Pos {
        use crate::util::scalar_pos;
        let lines = self.lines();
        match lines.byte_at(self.written, pos.line, pos.col) {
            Some(start) => {
                let (line, col) =
                    scalar_pos::position_in(self.written, lines, start, value, offset);
                Pos { line, col }
            }
            None => pos,
        }
    }

    /// The certain fix that makes part `span` of `value`, the scalar at `pos`, read `new`
    /// (`util::scalar_pos::fix`): none where the file does not write that part as the value
    /// reads (an escape, a `{{placeholder}}`, a folded block).
    fn fix(&self, pos: Pos, value: &str, span: Span, new: &str) -> Option<crate::diag::Fix> {
        use crate::util::scalar_pos;
        let lines = self.lines();
        let start = lines.byte_at(self.written, pos.line, pos.col)?;
        let edit = crate::diag::Edit { value: value.to_owned(), span, new: new.to_owned() };
        scalar_pos::fix_in(self.written, lines, start, &edit)
    }

    /// The index of the file's lines ([`Cx::lines`]'s field), made once.
    fn lines(&self) -> &crate::util::lines::Lines {
        self.lines.get_or_init(|| crate::util::lines::Lines::new(self.written))
    }

    /// The certain fix that renames the key (or name) at `pos`, written as `old`, to `new`.
    fn rename(&self, pos: Pos, old: &str, new: &str) -> Option<crate::diag::Fix> {
        self.fix(pos, old, Span::new(0, old.len()), new)
    }

    /// An error about the file at `pos`, naming the flow.
    fn diag(&self, code: crate::diag::Code, message: impl Into<String>, pos: Pos) -> Diagnostic {
        self.placed(Diagnostic::error(code, message), pos)
    }

    /// `d` about the file at `pos`, naming the flow.
    fn placed(&self, d: Diagnostic, pos: Pos) -> Diagnostic {
        let d = d.file(self.file).at(pos.line, pos.col);
        if self.flow.is_empty() {
            d
        } else {
            d.flow(self.flow.as_str())
        }
    }
}

/// Reads one Archy YAML file into a flow, or reports why it cannot. Every problem goes to
/// `diags`. A flow with errors is still returned when it could be built, so the checks that
/// follow report its other problems too (all at once, as a compiler does); the registry will
/// not run it while any of its errors stands.
pub fn load(
    file: &Path,
    text: &str,
    subs: &Substitutions,
    diags: &mut Vec<Diagnostic>,
) -> Option<Flow> {
    let written = text;
    let (text, map) = subst::substitute(file, text, subs, diags)?;
    let root = match yaml::parse(&text, &map) {
        Ok(root) => root,
        Err(e) => {
            diags.push(
                Diagnostic::error(e.code, e.message)
                    .file(file)
                    .at(e.pos.line, e.pos.col)
                    .help("fix the YAML at that line and column"),
            );
            return None;
        }
    };
    let duplicates = root.duplicate_keys();
    let flow = flowdef::flow(file, written, &root, diags);
    // A key written twice: Archy refuses the file, and YAML readers disagree on which value
    // wins (the loader took the first), so the flow means different things to different tools.
    for dup in duplicates {
        let mut d = Diagnostic::error(
            crate::diag::Code::DuplicateKey,
            format!(
                "duplicate key `{}` (first written at line {} column {}): YAML refuses a key twice in one mapping, and readers disagree on which value wins",
                dup.key, dup.first.line, dup.first.col
            ),
        )
        .file(file)
        .at(dup.again.line, dup.again.col)
        .property(dup.key.as_str())
        .help("write each key once: keep the value you mean and delete the other");
        if let Some(f) = &flow {
            d = d.flow(&*f.name);
        }
        diags.push(d);
    }
    flow
}

/// Reads Archy's options file: YAML whose `substitutions:` maps keys to scalars. Other keys
/// (Archy's own settings) are ignored.
#[allow(clippy::result_large_err)] // The brief's signature; one diagnostic, read once.
pub fn read_options(path: &Path) -> Result<Substitutions, Diagnostic> {
    let text =
        crate::util::files::read_text(path, crate::util::files::MAX_INPUT_BYTES).map_err(|e| {
            Diagnostic::error(
                crate::diag::Code::UnreadableFile,
                format!("cannot read the options file: {e}"),
            )
            .file(path)
            .help(e.help())
        })?;
    let root = yaml::parse(&text, &subst::PosMap::identity(&text))
        .map_err(|e| Diagnostic::error(e.code, e.message).file(path).at(e.pos.line, e.pos.col))?;
    let mut values = IndexMap::new();
    match root.get("substitutions") {
        None => {}
        Some(s) if s.is_map() => {
            for (k, v) in s.entry_nodes() {
                let (Some(key), Some(value)) = (k.text(), v.text()) else {
                    return Err(Diagnostic::error(
                        crate::diag::Code::BadPropertyType,
                        format!("a substitution's value must be a scalar, not {}", v.kind()),
                    )
                    .file(path)
                    .at(v.pos.line, v.pos.col)
                    .property(format!("substitutions.{}", k.text().unwrap_or_default())));
                };
                values.insert(key.into_owned(), value.into_owned());
            }
        }
        Some(s) if matches!(s.v, yaml::V::Null) => {}
        Some(s) => {
            return Err(Diagnostic::error(
                crate::diag::Code::BadPropertyType,
                format!("`substitutions` must be a mapping of key: value, not {}", s.kind()),
            )
            .file(path)
            .at(s.pos.line, s.pos.col)
            .property("substitutions"))
        }
    }
    Ok(Substitutions { values, options_file: Some(path.to_path_buf()) })
}
