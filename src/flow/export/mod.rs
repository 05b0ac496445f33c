//! The Architect export front-end (SPEC §8.1): `.i3*` files (base64 of URL-encoded JSON),
//! their decoded JSON, and the API's flow configuration, lowered into the model's graph.

use super::model::Flow;
use crate::diag::Diagnostic;
use std::path::Path;

/// Reads one export (encoded or decoded) into a flow, or reports why it cannot.
pub fn load(file: &Path, _text: &str, diags: &mut Vec<Diagnostic>) -> Option<Flow> {
    diags.push(Diagnostic::error("unsupported", "Architect exports are not read yet").file(file));
    None
}

/// Whether text looks like an export (the real sniff comes with the front-end).
pub fn looks_like_export(text: &str) -> bool {
    text.trim_start().starts_with('{') && text.contains("\"flowSequenceItemList\"")
}
