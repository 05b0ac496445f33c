//! The quick fix "add the missing fixture entry": where `check` warns that a data action a
//! flow calls has no mock in the fixtures (`unmockedDataAction`), an edit of a fixture file
//! that adds a skeleton mock, `NAME: [{outputs: {}}]`, under its `dataActions:` (or a new
//! `dataActions:` at the end of the first YAML fixture file).
//!
//! Invariants: the fix edits only a project fixture file (the [`Checker`](crate::Checker)'s),
//! the open document's text when it is open, else the file as saved; a file whose
//! `dataActions:` is written inline (`dataActions: {...}`) is not edited (a second key would be
//! a duplicate); the name is quoted when YAML would read it otherwise.

use crate::convert::{self, Text};
use crate::outline;
use crate::server::{document_path, Server};
use flowsim_harness::diag::{Code, Diagnostic};
use flowsim_harness::kind::ErrorKind;
use lsp_types::{CodeAction, CodeActionOrCommand, Position, Range, TextEdit, WorkspaceEdit};
use std::collections::HashMap;

/// The data action an `unmockedDataAction` finding names: the first name in backquotes of its
/// message (`data action `Get Balance` has no mock in the fixtures ...`).
fn named(d: &Diagnostic) -> Option<&str> {
    if d.code != Code::Run(ErrorKind::UnmockedDataAction) {
        return None;
    }
    let rest = d.message.strip_prefix("data action `")?;
    rest.split('`').next().filter(|n| !n.is_empty())
}

/// `name` as a YAML key.
fn key(name: &str) -> String {
    let plain = name.chars().all(|c| c.is_alphanumeric() || matches!(c, ' ' | '_' | '-' | '.'))
        && !name.starts_with([' ', '-'])
        && !name.ends_with(' ');
    if plain {
        name.to_owned()
    } else {
        serde_json::to_string(name).unwrap_or_default()
    }
}

/// The fix for finding `d` of the document `text`, when it is an unmocked data action and the
/// project has a YAML fixture file to add it to.
pub fn add_data_action(
    server: &Server<'_>,
    text: &Text,
    d: &Diagnostic,
) -> Option<CodeActionOrCommand> {
    let name = named(d)?;
    let limit = server.limits.max_document_bytes as u64;
    let files: Vec<(std::path::PathBuf, Text)> = server
        .checker
        .fixture_files()
        .into_iter()
        .map(|p| document_path(&p))
        .filter(|p| {
            let ext = p.extension().map(|e| e.to_string_lossy().to_ascii_lowercase());
            matches!(ext.as_deref(), Some("yaml" | "yml"))
        })
        .filter_map(|p| {
            let t = match server.docs.get(&p) {
                Some(doc) => doc.text.clone(),
                None => Text::new(flowsim_harness::util::read_text(&p, limit).ok()?),
            };
            Some((p, t))
        })
        .collect();
    // The first file with a `dataActions:` block, else the first file (a new block at its end).
    let top = |t: &Text| {
        (0..t.line_count()).find_map(|i| {
            let l = outline::split(t.line(i))?;
            (l.indent == 0 && !l.dash && l.key == "dataActions").then_some((i, l.value.is_empty()))
        })
    };
    let (path, edit) = if let Some((path, t, i)) = files.iter().find_map(|(p, t)| {
        let (i, block) = top(t)?;
        block.then_some((p, t, i))
    }) {
        let indent = (i + 1..t.line_count())
            .map(|j| t.line(j))
            .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
            .map(|l| l.len() - l.trim_start_matches(' ').len())
            .filter(|n| *n > 0)
            .unwrap_or(2);
        let pad = " ".repeat(indent);
        let at = Position::new(i as u32 + 1, 0);
        (
            path,
            TextEdit::new(
                Range::new(at, at),
                format!("{pad}{}:\n{pad}  - outputs: {{}}\n", key(name)),
            ),
        )
    } else {
        let (path, t) = files.iter().find(|(_, t)| top(t).is_none())?;
        let last = t.line_count().saturating_sub(1);
        let end = Position::new(last as u32, t.units_before(last, t.line(last).len()));
        let newline = if t.text.is_empty() || t.text.ends_with('\n') { "" } else { "\n" };
        (
            path,
            TextEdit::new(
                Range::new(end, end),
                format!("{newline}dataActions:\n  {}:\n    - outputs: {{}}\n", key(name)),
            ),
        )
    };
    let shown = path.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    Some(CodeActionOrCommand::CodeAction(CodeAction {
        title: format!("flowsim: add a mock of data action `{name}` to {shown}"),
        kind: Some(lsp_types::CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![convert::diagnostic(text, d)]),
        edit: Some(WorkspaceEdit::new(HashMap::from([(convert::uri_of(path), vec![edit])]))),
        ..CodeAction::default()
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_yaml_would_misread_is_quoted() {
        assert_eq!(key("Get Balance"), "Get Balance");
        assert_eq!(key("a: b"), "\"a: b\"");
        assert_eq!(key("- x"), "\"- x\"");
    }
}
