//! The Architect export front-end (docs/architect.md): `.i3*` files (base64 of URL-encoded JSON),
//! their decoded JSON, and the API's flow configuration, lowered into the model's graph.
//!
//! - [`decode`]: text → JSON (base64, URL decoding, JSON; sizes bounded, errors with offsets).
//! - [`flow`](self::flow): the flow's header: name, type, variables, error handling.
//! - [`lower`]: sequences (states, tasks, menus) and their action chains → containers and nodes.
//! - [`props`], [`value`]: an action's properties by the catalogue's export names, and the
//!   export's value objects (`{text, config, type, uiMetaData: {mode}}`) → [`Prop`]s.
//!
//! Every problem is collected with the file, flow, node (the action's GUID) and the JSON path
//! of the property. A flow loads when its only errors are `unsupported` (actions flowsim does not
//! run, which fail when a run reaches them).
//!
//! [`Prop`]: super::action::Prop

mod bot;
pub mod decode;
mod flow;
mod links;
mod lower;
mod props;
mod value;

#[cfg(test)]
mod corpus_tests;
#[cfg(test)]
mod tests;

use super::model::Flow;
use crate::diag::Diagnostic;
use serde_json::Value as J;
use std::path::Path;

/// Reads one export (encoded or decoded) into a flow, or reports why it cannot. As with Archy
/// flows, a flow with errors is returned when it could be built, for the later checks; the
/// registry does not run it.
pub fn load(file: &Path, text: &str, diags: &mut Vec<Diagnostic>) -> Option<Flow> {
    let json = decode::decode(file, text, diags)?;
    let Some((doc, outer_id, key)) = document(&json) else {
        diags.push(
            Diagnostic::error(
                crate::diag::Code::ExportShape,
                "the JSON is not an Architect flow: it has no `flowSequenceItemList`",
            )
            .file(file)
            .help("export the flow from Architect, or save the body of GET /api/v2/flows/{id}/latestconfiguration"),
        );
        return None;
    };
    // The file is the JSON read (not encoded): paths from the document are paths from the
    // file's root after the wrapper's key, if any (`configuration.flowSequenceItemList[0]`).
    let root = match key {
        None => Some(String::new()),
        Some(k) if !k.is_empty() && !k.contains(['.', '[', ']']) => Some(format!("{k}.")),
        Some(_) => None,
    };
    let written = root
        .filter(|_| text.trim_start_matches('\u{feff}').trim_start().starts_with('{'))
        .map(|root| Written { text, root });
    flow::flow(file, doc, outer_id, written, diags)
}

/// The file's text when it is the export's JSON itself (not encoded), and the path of the
/// flow document in it: "" for the export, `configuration.` for the API's wrapper.
struct Written<'a> {
    text: &'a str,
    root: String,
}

/// A cheap look at a file's text: is it an export, encoded or decoded, or a flow configuration?
pub fn looks_like_export(text: &str) -> bool {
    decode::sniff(text)
}

/// The flow document: the export itself, or the API's configuration wrapped one level deep
/// (`{"id": ..., "configuration": {...}}`), with the wrapper's `id` and the document's key.
type Document<'j> = (&'j serde_json::Map<String, J>, Option<&'j str>, Option<&'j str>);

fn document(json: &J) -> Option<Document<'_>> {
    let obj = json.as_object()?;
    if obj.contains_key("flowSequenceItemList") {
        return Some((obj, None, None));
    }
    let (key, inner) = obj.iter().find_map(|(k, v)| {
        v.as_object().filter(|inner| inner.contains_key("flowSequenceItemList")).map(|i| (k, i))
    })?;
    Some((inner, s(obj.get("id")), Some(key.as_str())))
}

/// Loading context: where diagnostics go and what they name.
struct Cx<'a> {
    file: &'a Path,
    flow: String,
    diags: &'a mut Vec<Diagnostic>,
    /// The file's text when it is the export's JSON itself (not encoded), for places inside
    /// its strings.
    written: Option<Written<'a>>,
    /// Where each expression is written.
    sources: Vec<crate::flow::model::ExprSource>,
    /// The flow's settings for its actions and menus (`defaultSettings`, by export type: `Menu`,
    /// `CollectInputAction`, `AskForSlotAction`...), which an action or menu that leaves one of
    /// them empty takes, as Archy's `settingsActionDefaults` and `settingsMenu` are taken.
    defaults: Option<&'a serde_json::Map<String, J>>,
    /// Diagnostics about a byte of an expression, to be placed at its line and column when
    /// the flow is read (`place_all`): (index in `diags`, JSON path, expression, byte).
    unplaced: Vec<(usize, String, String, usize)>,
}

impl Drop for Cx<'_> {
    /// However the reading ends, what it found is placed.
    fn drop(&mut self) {
        self.place_all();
    }
}

impl Cx<'_> {
    fn diag(&self, code: crate::diag::Code, message: impl Into<String>) -> Diagnostic {
        self.placed(Diagnostic::error(code, message))
    }

    /// `d` about the file, naming the flow.
    fn placed(&self, d: Diagnostic) -> Diagnostic {
        d.file(self.file).flow(self.flow.clone())
    }

    /// Pushes `d`, about byte `offset` of expression `text` read from the value at JSON path
    /// `path`; it is placed at that byte's line and column (`util::scalar_pos`) when the file
    /// is the JSON read, with the flow's other such findings ([`Cx::place_all`]).
    fn push_placed(&mut self, d: Diagnostic, path: &str, text: &str, offset: usize) {
        if self.written.is_some() {
            self.unplaced.push((self.diags.len(), path.to_owned(), text.to_owned(), offset));
        }
        self.diags.push(d);
    }

    /// Places every finding [`Cx::push_placed`] kept: one walk of the file for all their
    /// paths (`json_pos::starts`) and one index of its lines, so n findings cost the file once
    /// plus their scalars (each walked the file from its start before).
    fn place_all(&mut self) {
        use crate::util::json_pos::{segments, starts};
        use crate::util::lines::Lines;
        use crate::util::scalar_pos;
        let unplaced = std::mem::take(&mut self.unplaced);
        let Some(Written { text: written, root }) = &self.written else { return };
        if unplaced.is_empty() {
            return;
        }
        // Each finding's value, tried in order: the text of an audio or of a value object,
        // then the value itself.
        let candidates: Vec<[String; 3]> = unplaced
            .iter()
            .map(|(_, path, _, _)| {
                let path = format!("{root}{path}");
                [format!("{path}.text"), format!("{path}.defaultAudio.text"), path]
            })
            .collect();
        let paths: Vec<_> = candidates.iter().flatten().map(|p| segments(p)).collect();
        let found = starts(written, &paths);
        let lines = Lines::new(written);
        for (k, (index, _, text, offset)) in unplaced.into_iter().enumerate() {
            let start = found[k * 3..k * 3 + 3]
                .iter()
                .flatten()
                .copied()
                .find(|&b| written.as_bytes().get(b) == Some(&b'"'));
            if let (Some(start), Some(d)) = (start, self.diags.get_mut(index)) {
                let (line, col) = scalar_pos::position_in(written, &lines, start, &text, offset);
                d.line = Some(line);
                d.column = Some(col);
            }
        }
    }

    fn push(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    /// An error about a node's property at a JSON path.
    fn error(&mut self, code: crate::diag::Code, node: Option<&str>, path: &str, message: String) {
        let mut d = self.diag(code, message).property(path);
        if let Some(n) = node {
            d = d.node(n);
        }
        self.diags.push(d);
    }

    fn warn(&mut self, code: crate::diag::Code, node: Option<&str>, path: &str, message: String) {
        let mut d = Diagnostic::warning(code, message)
            .file(self.file)
            .flow(self.flow.clone())
            .property(path);
        if let Some(n) = node {
            d = d.node(n);
        }
        self.diags.push(d);
    }
}

/// `v` as a string, when it is one.
fn s(v: Option<&J>) -> Option<&str> {
    v.and_then(J::as_str)
}

/// The kind of a JSON value, for messages.
fn kind_of(v: &J) -> &'static str {
    match v {
        J::Null => "null",
        J::Bool(_) => "a boolean",
        J::Number(_) => "a number",
        J::String(_) => "a string",
        J::Array(_) => "an array",
        J::Object(_) => "an object",
    }
}
