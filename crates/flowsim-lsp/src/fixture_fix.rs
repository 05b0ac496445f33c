//! The quick fixes "add the missing fixture entry", each an edit of a project fixture file:
//! - where `check` warns that a data action a flow calls has no mock in the fixtures
//!   (`unmockedDataAction`), a skeleton mock, `NAME: [{outputs: {}}]`, under its
//!   `dataActions:`; the name is the finding's subject (`Diagnostic::subject`), as `check`
//!   found it;
//! - where `test --lint` finds that a scenario routes to a queue the fixtures lack
//!   (`scenarioUnknownQueue`), `- {id: NAME, name: NAME}` under `queues:`; the name is the
//!   `queueName:` (or `queueId:`) value written where the finding stands in the scenario file.
//!
//! Either goes under the section's block in the first file that has one, or as a new section
//! at the end of the first YAML fixture file without it.
//!
//! Invariants: the fix edits only a project fixture file (the [`Checker`](crate::Checker)'s),
//! the open document's text when it is open, else the file as saved; a file whose section is
//! written inline (`dataActions: {...}`, `queues: []`) is not edited (a second key would be a
//! duplicate); the name is quoted when YAML would read it otherwise.

use crate::convert::{self, Text};
use crate::lines;
use crate::server::{document_path, Server};
use flowsim_project::diag::{Code, Diagnostic};
use flowsim_project::kind::ErrorKind;
use lsp_types::{CodeAction, CodeActionOrCommand, Position, Range, TextEdit, WorkspaceEdit};
use std::collections::HashMap;

/// What a finding asks the fixtures for.
struct Wanted {
    /// The fixtures' section: `dataActions` (a mapping by name) or `queues` (a list).
    section: &'static str,
    /// What the fix's title calls it.
    noun: &'static str,
    name: String,
}

impl Wanted {
    /// The entry as a line (or lines) of the section, each starting with `pad`.
    fn entry(&self, pad: &str) -> String {
        let k = key(&self.name);
        if self.section == "queues" {
            format!("{pad}- {{id: {k}, name: {k}}}\n")
        } else {
            format!("{pad}{k}:\n{pad}  - outputs: {{}}\n")
        }
    }
}

/// What finding `d` of the document `text` asks the fixtures for, if anything: the data action
/// of an `unmockedDataAction` (its subject), the queue a `scenarioUnknownQueue` stands at.
fn wanted(text: &Text, d: &Diagnostic) -> Option<Wanted> {
    if d.code == Code::Run(ErrorKind::UnmockedDataAction) {
        let name = d.subject.clone().filter(|n| !n.is_empty())?;
        return Some(Wanted { section: "dataActions", noun: "a mock of data action", name });
    }
    if d.code == Code::ScenarioUnknownQueue {
        let i = d.line?.checked_sub(1)?;
        let l = lines::split((i < text.line_count()).then(|| text.line(i))?)?;
        if !matches!(l.key, "queueName" | "queueId") || l.value.is_empty() {
            return None;
        }
        let name = l.value.to_owned();
        return Some(Wanted { section: "queues", noun: "queue", name });
    }
    None
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

/// The fix for finding `d` of the document `text`, when it asks the fixtures for an entry
/// and the project has a YAML fixture file to add it to.
pub fn add_entry(server: &Server, text: &Text, d: &Diagnostic) -> Option<CodeActionOrCommand> {
    let want = wanted(text, d)?;
    let limit = server.limits.max_document_bytes as u64;
    let files: Vec<(std::path::PathBuf, Text)> = server
        .workspace
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
                None => Text::new(flowsim_project::util::read_text(&p, limit).ok()?),
            };
            Some((p, t))
        })
        .collect();
    // The first file with the section as a block, else the first file without the section (a
    // new block at its end).
    let top = |t: &Text| {
        (0..t.line_count()).find_map(|i| {
            let l = lines::split(t.line(i))?;
            (l.indent == 0 && !l.dash && l.key == want.section).then_some((i, l.value.is_empty()))
        })
    };
    let (path, edit) = if let Some((path, t, i)) = files.iter().find_map(|(p, t)| {
        let (i, block) = top(t)?;
        block.then_some((p, t, i))
    }) {
        // The section's entries' indent (a list's items may stand at the key's own).
        let next = (i + 1..t.line_count())
            .map(|j| t.line(j))
            .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'));
        let indent = next
            .map(|l| (l.len() - l.trim_start_matches(' ').len(), l.trim_start().starts_with('-')))
            .filter(|(n, dash)| *n > 0 || (*dash && want.section == "queues"))
            .map_or(2, |(n, _)| n);
        let at = Position::new(i as u32 + 1, 0);
        (path, TextEdit::new(Range::new(at, at), want.entry(&" ".repeat(indent))))
    } else {
        let (path, t) = files.iter().find(|(_, t)| top(t).is_none())?;
        let last = t.line_count().saturating_sub(1);
        let end = Position::new(last as u32, t.units_before(last, t.line(last).len()));
        let newline = if t.text.is_empty() || t.text.ends_with('\n') { "" } else { "\n" };
        let new = format!("{newline}{}:\n{}", want.section, want.entry("  "));
        (path, TextEdit::new(Range::new(end, end), new))
    };
    let shown = path.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    Some(CodeActionOrCommand::CodeAction(CodeAction {
        title: format!("flowsim: add {} `{}` to {shown}", want.noun, want.name),
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

    #[test]
    fn a_queue_entry_is_a_list_item_and_a_data_action_a_key() {
        let queue = Wanted { section: "queues", noun: "queue", name: "Sales: EU".into() };
        assert_eq!(queue.entry("  "), "  - {id: \"Sales: EU\", name: \"Sales: EU\"}\n");
        let action = Wanted { section: "dataActions", noun: "", name: "Get Balance".into() };
        assert_eq!(action.entry(""), "Get Balance:\n  - outputs: {}\n");
    }
}
