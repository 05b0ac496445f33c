//! The Archy YAML front-end (SPEC §8.1): `{{key}}` substitution, YAML with positions, and
//! lowering of menus, tasks and states into the model's graph.

use super::model::Flow;
use crate::diag::Diagnostic;
use indexmap::IndexMap;
use std::path::{Path, PathBuf};

/// `{{key}}` values: `--sub KEY=VALUE` and the options file's `substitutions:`.
#[derive(Debug, Clone, Default)]
pub struct Substitutions {
    pub values: IndexMap<String, String>,
    /// The options file they came from, for diagnostics.
    pub options_file: Option<PathBuf>,
}

/// Reads one Archy YAML file into a flow, or reports why it cannot.
pub fn load(
    file: &Path,
    _text: &str,
    _subs: &Substitutions,
    diags: &mut Vec<Diagnostic>,
) -> Option<Flow> {
    diags.push(Diagnostic::error("unsupported", "Archy YAML flows are not read yet").file(file));
    None
}

/// Reads Archy's options file (the real reader comes with the front-end).
pub fn read_options(path: &Path) -> Result<Substitutions, Diagnostic> {
    Err(Diagnostic::error("unsupported", "Archy options files are not read yet").file(path))
}
