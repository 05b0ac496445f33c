//! The answer to each request: hover, completion, definition, references, document symbols
//! and code actions, read from the open document's outline, the catalogue, the function and
//! built-in tables, and the findings last published.
//!
//! Invariants: each answer costs the document's outline (made once per edit) and the tables;
//! lists are cut at [`Limits::max_items`](crate::Limits); a document the server does not hold
//! answers `null`, never an error; malformed parameters answer `InvalidParams`.

use crate::convert::{self, Text};
use crate::knowledge;
use crate::outline::{self, Kind, Outline};
use crate::server::{document_path, DocKind, Server};
use crate::{lines, names, project};
use flowsim_project::util::Cut;
use lsp_server::{ErrorCode, Request};
use lsp_types::request::{self as req, Request as _};
use lsp_types::{
    CodeAction, CodeActionOrCommand, CodeActionParams, CompletionItem, CompletionItemKind,
    CompletionParams, DocumentSymbol, DocumentSymbolParams, GotoDefinitionParams, Hover,
    HoverContents, HoverParams, Location, MarkupContent, MarkupKind, Position, Range,
    ReferenceParams, SymbolKind, TextEdit, WorkspaceEdit,
};
use serde_json::Value;
use std::collections::HashMap;
use std::path::PathBuf;

type Answer = Result<Value, (ErrorCode, String)>;

/// The answer to request `r`.
pub fn answer(server: &Server, r: &Request) -> Answer {
    fn params<P: serde::de::DeserializeOwned>(r: &Request) -> Result<P, (ErrorCode, String)> {
        serde_json::from_value(r.params.clone())
            .map_err(|e| (ErrorCode::InvalidParams, format!("{}: {e}", r.method)))
    }
    #[allow(clippy::unnecessary_wraps)] // every arm answers an `Answer`
    fn json<T: serde::Serialize>(v: Option<T>) -> Answer {
        Ok(v.and_then(|v| serde_json::to_value(v).ok()).unwrap_or(Value::Null))
    }
    match r.method.as_str() {
        m if m == req::HoverRequest::METHOD => {
            let p: HoverParams = params(r)?;
            let at = &p.text_document_position_params;
            json(Here::of(server, &at.text_document.uri, at.position).and_then(|h| h.hover()))
        }
        m if m == req::Completion::METHOD => {
            let p: CompletionParams = params(r)?;
            let at = &p.text_document_position;
            json(Here::of(server, &at.text_document.uri, at.position).map(|h| h.complete()))
        }
        m if m == req::GotoDefinition::METHOD => {
            let p: GotoDefinitionParams = params(r)?;
            let at = &p.text_document_position_params;
            json(Here::of(server, &at.text_document.uri, at.position).and_then(|h| h.definition()))
        }
        m if m == req::References::METHOD => {
            let p: ReferenceParams = params(r)?;
            let at = &p.text_document_position;
            json(Here::of(server, &at.text_document.uri, at.position).map(|h| h.references()))
        }
        m if m == req::DocumentSymbolRequest::METHOD => {
            let p: DocumentSymbolParams = params(r)?;
            json(
                doc_of(server, &p.text_document.uri)
                    .map(|(_, d)| symbols(server, &d.text, &d.outline)),
            )
        }
        m if m == req::CodeLensRequest::METHOD => {
            let p: lsp_types::CodeLensParams = params(r)?;
            json(
                doc_of(server, &p.text_document.uri)
                    .filter(|(_, d)| d.kind == DocKind::Scenario)
                    .map(|(path, d)| {
                        let verdict = |name: &str| {
                            server.verdicts.get(&(path.clone(), name.to_owned())).cloned()
                        };
                        crate::lenses::lenses(
                            &path,
                            &d.text,
                            &d.outline,
                            &verdict,
                            server.limits.max_items,
                        )
                    }),
            )
        }
        m if m == req::CodeActionRequest::METHOD => {
            let p: CodeActionParams = params(r)?;
            json(code_actions(server, &p))
        }
        other => Err((ErrorCode::MethodNotFound, format!("flowsim does not answer `{other}`"))),
    }
}

fn doc_of<'s>(
    server: &'s Server,
    uri: &lsp_types::Uri,
) -> Option<(PathBuf, &'s crate::server::Doc)> {
    let path = document_path(&convert::path_of(uri)?);
    let doc = server.docs.get(&path)?;
    Some((path, doc))
}

/// A request's place: the document, the line, the word under the cursor.
struct Here<'s> {
    server: &'s Server,
    uri: lsp_types::Uri,
    path: PathBuf,
    text: &'s Text,
    outline: &'s Outline,
    kind: DocKind,
    line: usize,
    /// The byte of the cursor in its line.
    at: usize,
    /// The word under the cursor (letters, digits, `_`, `.`) and its bytes in the line.
    word: &'s str,
    word_start: usize,
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '.'
}

impl<'s> Here<'s> {
    fn of(server: &'s Server, uri: &lsp_types::Uri, pos: Position) -> Option<Here<'s>> {
        let (path, doc) = doc_of(server, uri)?;
        let line = pos.line as usize;
        let text = doc.text.line(line);
        let at = doc.text.byte_in_line(line, pos.character);
        let start = text
            .cut(..at)
            .rfind(|c: char| !is_word(c))
            .map_or(0, |i| i + text.cut(i..).chars().next().map_or(1, char::len_utf8));
        let end = text
            .get(at..)
            .unwrap_or_default()
            .find(|c: char| !is_word(c))
            .map_or(text.len(), |i| at + i);
        Some(Here {
            server,
            uri: uri.clone(),
            path,
            text: &doc.text,
            outline: &doc.outline,
            kind: doc.kind,
            line,
            at,
            word: text.cut(start..end),
            word_start: start,
        })
    }

    fn line_text(&self) -> &'s str {
        self.text.line(self.line)
    }

    fn flow_type(&self) -> Option<&'s str> {
        self.outline.flow_type.as_deref()
    }

    fn markdown(value: String) -> Hover {
        Hover {
            contents: HoverContents::Markup(MarkupContent { kind: MarkupKind::Markdown, value }),
            range: None,
        }
    }

    fn hover(&self) -> Option<Value> {
        if self.kind == DocKind::Scenario {
            return self.scenario_hover();
        }
        let word = self.word.trim_matches('.');
        if word.is_empty() {
            return None;
        }
        // A key: an action's, or a property of the action around it.
        if let Some(key) = self.written().filter(|w| w.is_key) {
            let word = key.text.as_str();
            if let Some(spec) = flowsim_project::flow::catalogue::by_key(word)
                .map(flowsim_project::flow::catalogue::spec)
            {
                return json(&Self::markdown(knowledge::action(spec)));
            }
            if let Some(Kind::Action(key)) = self.outline.action_at(self.line).map(|a| a.kind) {
                let spec = flowsim_project::flow::catalogue::spec(
                    flowsim_project::flow::catalogue::by_key(key)?,
                );
                let p = spec.props.iter().find(|p| p.name == word)?;
                let text = format!(
                    "**{}** of {}{}",
                    p.name,
                    flowsim_project::flow::catalogue::default_name(key),
                    if p.required { " (required)" } else { "" }
                );
                return json(&Self::markdown(text));
            }
            return None;
        }
        let line = self.line_text();
        let after = line.cut(self.word_start + self.word.len()..);
        if after.trim_start().starts_with('(') {
            let f = knowledge::function(word)?;
            return json(&Self::markdown(knowledge::function_hover(f)));
        }
        if let Some(v) = self.outline.variable(word) {
            let text = format!(
                "**{}**: {} (declared on line {})",
                v.name,
                v.type_key.trim_end_matches("Variable"),
                v.line + 1
            );
            return json(&Self::markdown(text));
        }
        if let Some(b) = knowledge::builtin(word) {
            return json(&Self::markdown(knowledge::builtin_hover(b, self.flow_type())));
        }
        // A refId in a reference: the container it names.
        let r = self.reference_here()?;
        let item = self.outline.container(&r.ref_id)?;
        let name = item.name.as_ref().map_or("", |n| n.0.as_str());
        json(&Self::markdown(format!("**{:?}** `{name}` (line {})", item.kind, item.line + 1)))
    }

    fn reference_here(&self) -> Option<&'s outline::Reference> {
        self.outline
            .references
            .iter()
            .find(|r| r.line == self.line && r.start <= self.at && self.at <= r.end)
    }

    fn location(&self, line: usize, start: usize, end: usize) -> Location {
        Location::new(self.uri.clone(), self.text.range_in_line(line, start, end))
    }

    fn definition(&self) -> Option<Value> {
        if self.kind == DocKind::Scenario {
            return self.scenario_definition();
        }
        if let Some(r) = self.reference_here() {
            let item = self.outline.container(&r.ref_id)?;
            let (_, l, s, e) = item.ref_id.as_ref()?;
            return json(&self.location(*l, *s, *e));
        }
        if let Some(v) = self.outline.variable(self.word.trim_matches('.')) {
            return json(&self.location(v.line, v.start, v.end));
        }
        // A flow's name (a called module's key, a transfer's target): that flow's `name:`.
        let name = self.key_or_value()?;
        let known = project::flows(self.server, None);
        let flow = project::by_name(&known, name)?;
        json(&flow_location(flow))
    }

    /// The scalar under the cursor (a key or a value), from the document's tree.
    fn written(&self) -> Option<&'s outline::Written> {
        self.outline.written_at(self.line, self.at)
    }

    /// The key or the value under the cursor, whichever the cursor is on.
    fn key_or_value(&self) -> Option<&'s str> {
        self.written().map(|w| w.text.as_str())
    }

    /// In a scenario file, what the line under the cursor names: a flow (its `flow:`), else a
    /// node (a `path` entry `Task/Action`, or a node's name), looked for in the scenario's
    /// flow first, then in every known flow.
    fn scenario_target<'k>(
        &self,
        known: &'k [project::Known<'s>],
    ) -> Option<(&'k project::Known<'s>, Option<&'k outline::Item>)> {
        let here = self.written();
        // On `flow:` or its value: the flow.
        if let Some(w) = here.filter(|w| {
            if w.is_key {
                w.text == "flow"
            } else {
                w.parent.as_deref() == Some("flow")
            }
        }) {
            let entry = self.outline.scenario_at(w.line).and_then(|e| e.flow.as_ref());
            let value =
                if w.is_key { entry.filter(|f| f.line == w.line)?.text.as_str() } else { &w.text };
            return project::by_name(known, value).map(|k| (k, None));
        }
        let name = here.map_or(self.word, |w| w.text.as_str());
        let own = self
            .outline
            .scenario_at(self.line)
            .and_then(|e| e.flow.as_ref())
            .and_then(|f| project::by_name(known, &f.text));
        let wanted = [name, name.rsplit('/').next().unwrap_or(name)];
        for want in wanted {
            for flow in own.into_iter().chain(known.iter()) {
                if let Some(item) = project::node(flow, want) {
                    return Some((flow, Some(item)));
                }
            }
        }
        None
    }

    /// From a scenario file: the flow its `flow:` names, or the node the line names.
    fn scenario_definition(&self) -> Option<Value> {
        let known = project::flows(self.server, Some((&self.path, &self.outline.flows)));
        let (flow, item) = self.scenario_target(&known)?;
        match item.and_then(|it| it.name.as_ref()) {
            Some((_, l, s, e)) => json(&Location::new(
                convert::uri_of(&flow.path),
                flow.text.range_in_line(*l, *s, *e),
            )),
            None => json(&flow_location(flow)),
        }
    }

    /// From a scenario file: the flow its `flow:` names (type and file), or the node the line
    /// names (its action, as hover on the action's key tells it).
    fn scenario_hover(&self) -> Option<Value> {
        let known = project::flows(self.server, Some((&self.path, &self.outline.flows)));
        let (flow, item) = self.scenario_target(&known)?;
        let file = flow.path.file_name().map_or_else(String::new, |n| n.to_string_lossy().into());
        let flow_name = flow.name().unwrap_or_default();
        let Some(item) = item else {
            let ft = flow.outline.flow_type.as_deref().unwrap_or("flow");
            return json(&Self::markdown(format!("**{flow_name}**: {ft}, in `{file}`")));
        };
        let name = item.name.as_ref().map_or("", |n| n.0.as_str());
        let place = format!("`{name}` in {flow_name} (`{file}`, line {})", item.line + 1);
        let text = match item.kind {
            Kind::Action(key) => {
                let spec = flowsim_project::flow::catalogue::by_key(key)
                    .map(flowsim_project::flow::catalogue::spec)?;
                format!("{place}\n\n{}", knowledge::action(spec))
            }
            k => format!("**{k:?}** {place}"),
        };
        json(&Self::markdown(text))
    }

    fn references(&self) -> Vec<Location> {
        let max = self.server.limits.max_items;
        let mut out = Vec::new();
        let id = self.reference_here().map(|r| r.ref_id.clone()).or_else(|| {
            let item = self.outline.items.iter().find(|it| {
                it.ref_id
                    .as_ref()
                    .is_some_and(|(_, l, s, e)| *l == self.line && *s <= self.at && self.at <= *e)
            })?;
            item.ref_id.as_ref().map(|r| r.0.clone())
        });
        if let Some(id) = id {
            if let Some((_, l, s, e)) = self.outline.container(&id).and_then(|c| c.ref_id.as_ref())
            {
                out.push(self.location(*l, *s, *e));
            }
            for r in self.outline.references.iter().filter(|r| r.ref_id == id) {
                out.push(self.location(r.line, r.start, r.end));
            }
            out.truncate(max);
            return out;
        }
        // A variable: every place its name is written, any case.
        let word = self.word.trim_matches('.');
        if self.outline.variable(word).is_none() {
            return self.flow_references();
        }
        let lower = word.to_ascii_lowercase();
        for i in 0..self.text.line_count() {
            let line = self.text.line(i);
            let folded = line.to_ascii_lowercase();
            let mut from = 0;
            while let Some(k) = folded.cut(from..).find(&lower) {
                let s = from + k;
                let e = s + lower.len();
                let bounded = |b: Option<char>| b.is_none_or(|c| !is_word(c));
                if bounded(line.cut(..s).chars().next_back())
                    && bounded(line.cut(e..).chars().next())
                {
                    out.push(self.location(i, s, e));
                    if out.len() >= max {
                        return out;
                    }
                }
                from = e;
            }
        }
        out
    }

    /// On a flow's name (its own `name:`, a call, a scenario's `flow:`): every line of the
    /// known flows and the open scenario files that writes that name as a key or a value.
    fn flow_references(&self) -> Vec<Location> {
        let mut out = Vec::new();
        let scenario = (self.kind == DocKind::Scenario)
            .then_some((self.path.as_path(), self.outline.flows.as_slice()));
        let known = project::flows(self.server, scenario);
        let Some(name) = self.key_or_value().and_then(|n| project::by_name(&known, n)?.name())
        else {
            return out;
        };
        let scenario_docs = self.server.docs.iter().filter(|(_, d)| d.kind == DocKind::Scenario);
        let texts = known
            .iter()
            .map(|k| (k.path.as_path(), &*k.text, &*k.outline))
            .chain(scenario_docs.map(|(p, d)| (p.as_path(), &d.text, &d.outline)));
        for (path, text, outline) in texts {
            let uri = convert::uri_of(path);
            for w in outline.written.iter().filter(|w| w.text.eq_ignore_ascii_case(name)) {
                out.push(Location::new(uri.clone(), text.range_in_line(w.line, w.start, w.end)));
                if out.len() >= self.server.limits.max_items {
                    return out;
                }
            }
        }
        out
    }

    /// Names other files define, where the place takes one (`names`); `None` elsewhere.
    fn complete_names(&self) -> Option<Vec<CompletionItem>> {
        let place = match self.kind {
            DocKind::Flow => names::in_flow(self.text, self.line, self.at)?,
            DocKind::Scenario => names::in_scenario(self.text, self.line, self.at)?,
            DocKind::Other | DocKind::Project => return None,
        };
        let mut found: Vec<(String, CompletionItemKind, String)> = Vec::new();
        match place.slot {
            names::Slot::Org(kind) => {
                for m in self.server.index.org(self.server) {
                    let source = m.file.file_name().map_or_else(String::new, |n| {
                        format!("{} in {}", kind.section(), n.to_string_lossy())
                    });
                    for e in m.entries(kind).unwrap_or_default() {
                        found.push((e.name.clone(), CompletionItemKind::VALUE, source.clone()));
                    }
                }
            }
            slot => {
                let known = project::flows(self.server, Some((&self.path, &self.outline.flows)));
                let own = self
                    .outline
                    .scenario_at(self.line)
                    .and_then(|e| e.flow.as_ref())
                    .and_then(|f| project::by_name(&known, &f.text));
                match slot {
                    names::Slot::Flow => {
                        for k in &known {
                            let ft = k.outline.flow_type.clone().unwrap_or_default();
                            if let Some(n) = k.name() {
                                found.push((n.to_owned(), CompletionItemKind::MODULE, ft));
                            }
                        }
                    }
                    names::Slot::Node => {
                        for it in own.iter().flat_map(|k| k.outline.items.iter()) {
                            if let Some((n, ..)) = &it.name {
                                let detail = match it.kind {
                                    Kind::Action(key) => catalogue_name(key),
                                    k => format!("{k:?}"),
                                };
                                found.push((n.clone(), CompletionItemKind::FIELD, detail));
                            }
                        }
                    }
                    _ => {
                        for v in own.iter().flat_map(|k| k.outline.variables.iter()) {
                            let ty = v.type_key.clone();
                            found.push((v.name.clone(), CompletionItemKind::VARIABLE, ty));
                        }
                    }
                }
            }
        }
        let typed = self.line_text().cut(place.start..self.at.max(place.start));
        let typed = typed.trim_matches(|c| c == '"' || c == '\'').to_ascii_lowercase();
        let range = self.text.range_in_line(self.line, place.start, self.at.max(place.start));
        let mut seen = std::collections::BTreeSet::new();
        let mut out = Vec::new();
        for (label, kind, detail) in found {
            if !label.to_ascii_lowercase().contains(&typed) || !seen.insert(label.clone()) {
                continue;
            }
            let new_text = if place.key { format!("{label}:") } else { label.clone() };
            out.push(CompletionItem {
                label,
                kind: Some(kind),
                detail: Some(detail),
                text_edit: Some(lsp_types::CompletionTextEdit::Edit(TextEdit { range, new_text })),
                ..CompletionItem::default()
            });
            if out.len() >= self.server.limits.max_items {
                break;
            }
        }
        Some(out)
    }

    fn complete(&self) -> Vec<CompletionItem> {
        if let Some(named) = self.complete_names() {
            return named;
        }
        let max = self.server.limits.max_items;
        let line = self.line_text();
        let before = line.cut(..self.at);
        let item = |label: String, kind: CompletionItemKind, detail: String| CompletionItem {
            label,
            kind: Some(kind),
            detail: Some(detail),
            ..CompletionItem::default()
        };
        let mut out = Vec::new();
        if let Some(l) =
            lines::split(line).filter(|l| l.key.ends_with("Ref") && self.at >= l.value_at)
        {
            // refIds after `target…Ref:`, as the whole reference Archy writes.
            let ft = self.flow_type().unwrap_or("inboundCall");
            let want = match l.key {
                "targetMenuRef" => Some("menu"),
                "targetStateRef" => Some("state"),
                "targetTaskRef" => Some("task"),
                _ => None,
            };
            for it in &self.outline.items {
                let (Some(word), Some((id, ..))) = (it.kind.ref_word(), it.ref_id.as_ref()) else {
                    continue;
                };
                if want.is_some_and(|w| w != word) {
                    continue;
                }
                let mut c =
                    item(id.clone(), CompletionItemKind::REFERENCE, format!("{:?}", it.kind));
                c.insert_text = Some(format!("/{ft}/{word}s/{word}[{id}]"));
                c.filter_text = Some(id.clone());
                out.push(c);
            }
        } else if before
            .trim_start()
            .trim_start_matches("- ")
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_')
        {
            // A key: an action's in a list, else the properties of the action around it.
            if before.trim_start().starts_with('-') {
                for spec in knowledge::action_keys() {
                    out.push(item(
                        spec.key.to_owned(),
                        CompletionItemKind::CLASS,
                        catalogue_name(spec.key),
                    ));
                }
            } else if let Some(Kind::Action(key)) =
                self.outline.action_at(self.line).map(|a| a.kind)
            {
                if let Some(ix) = flowsim_project::flow::catalogue::by_key(key) {
                    for p in flowsim_project::flow::catalogue::spec(ix).props {
                        out.push(item(
                            p.name.to_owned(),
                            CompletionItemKind::PROPERTY,
                            catalogue_name(key),
                        ));
                    }
                }
            }
        } else {
            // An expression: variables, built-ins of the flow type, functions.
            for v in &self.outline.variables {
                out.push(item(v.name.clone(), CompletionItemKind::VARIABLE, v.type_key.clone()));
            }
            for b in knowledge::builtins_of(self.flow_type()) {
                out.push(item(b.name.to_owned(), CompletionItemKind::CONSTANT, b.ty.to_string()));
            }
            for f in knowledge::functions() {
                let mut c = item(f.name.to_owned(), CompletionItemKind::FUNCTION, f.sig.to_owned());
                c.insert_text = Some(format!("{}(", f.name));
                out.push(c);
            }
            // `Prompt.` names the org's user prompts (the fixtures' and the manifest's).
            if self.word.to_ascii_lowercase().starts_with("prompt.") {
                for m in self.server.index.org(self.server) {
                    for e in m.entries(flowsim_project::fixtures::Org::Prompt).unwrap_or_default() {
                        let label = format!("Prompt.{}", e.name);
                        out.push(item(label, CompletionItemKind::CONSTANT, "prompt".into()));
                    }
                }
            }
            let prefix = self
                .word
                .get(..self.at.saturating_sub(self.word_start).min(self.word.len()))
                .unwrap_or_default()
                .to_ascii_lowercase();
            out.retain(|c| c.label.to_ascii_lowercase().starts_with(&prefix));
            // Each item replaces the dotted word typed so far (`Flow.` becomes `Flow.choice`,
            // never `Flow.Flow.choice`, whatever the client counts as a word).
            let typed = self.text.range_in_line(self.line, self.word_start, self.at);
            for c in &mut out {
                let new_text = c.insert_text.take().unwrap_or_else(|| c.label.clone());
                c.text_edit = Some(lsp_types::CompletionTextEdit::Edit(lsp_types::TextEdit {
                    range: typed,
                    new_text,
                }));
            }
        }
        out.truncate(max);
        out
    }
}

/// Where a flow's `name:` is written (its first line when it has none).
fn flow_location(flow: &project::Known<'_>) -> Location {
    let range = match &flow.outline.flow_name {
        Some((_, l, s, e)) => flow.text.range_in_line(*l, *s, *e),
        None => flow.text.range_in_line(0, 0, 0),
    };
    Location::new(convert::uri_of(&flow.path), range)
}

fn catalogue_name(key: &str) -> String {
    flowsim_project::flow::catalogue::default_name(key)
}

fn json<T: serde::Serialize>(v: &T) -> Option<Value> {
    serde_json::to_value(v).ok()
}

/// The outline as LSP's nested symbols: containers, the actions in them.
fn symbols(server: &Server, text: &Text, outline: &Outline) -> Vec<DocumentSymbol> {
    #[allow(deprecated)]
    let symbol = |it: &outline::Item| {
        let (name, sel) = match &it.name {
            Some((n, l, s, e)) => (n.clone(), text.range_in_line(*l, *s, *e)),
            None => (
                format!("{:?}", it.kind),
                text.range_in_line(it.line, it.indent, text.line(it.line).len()),
            ),
        };
        let end_line = text.line(it.end);
        DocumentSymbol {
            name: if name.is_empty() { "(unnamed)".into() } else { name },
            detail: Some(match it.kind {
                Kind::Action(key) => catalogue_name(key),
                k => format!("{k:?}"),
            }),
            kind: match it.kind {
                Kind::Task | Kind::ReusableTask => SymbolKind::FUNCTION,
                Kind::Menu => SymbolKind::ENUM,
                Kind::State => SymbolKind::CLASS,
                Kind::Action(_) => SymbolKind::METHOD,
            },
            tags: None,
            deprecated: None,
            range: Range::new(
                Position::new(it.line as u32, 0),
                Position::new(it.end as u32, text.units_before(it.end, end_line.len())),
            ),
            selection_range: sel,
            children: None,
        }
    };
    // Items come in file order; a stack of open items nests each in the one around it.
    let mut roots: Vec<DocumentSymbol> = Vec::new();
    let mut stack: Vec<(usize, DocumentSymbol)> = Vec::new();
    let close = |stack: &mut Vec<(usize, DocumentSymbol)>, roots: &mut Vec<DocumentSymbol>| {
        let (_, done) = stack.pop().expect("a symbol is open");
        match stack.last_mut() {
            Some((_, parent)) => parent.children.get_or_insert_with(Vec::new).push(done),
            None => roots.push(done),
        }
    };
    for it in outline.items.iter().take(server.limits.max_items) {
        while stack.last().is_some_and(|(end, _)| it.line > *end) {
            close(&mut stack, &mut roots);
        }
        stack.push((it.end, symbol(it)));
    }
    while !stack.is_empty() {
        close(&mut stack, &mut roots);
    }
    roots
}

/// The fixes `check --fix` would apply to the findings on the lines of the request's range.
fn code_actions(server: &Server, p: &CodeActionParams) -> Option<Vec<CodeActionOrCommand>> {
    let (path, doc) = doc_of(server, &p.text_document.uri)?;
    let findings = server.findings.get(&path)?;
    let (first, last) = (p.range.start.line as usize + 1, p.range.end.line as usize + 1);
    let mut out = Vec::new();
    for d in findings {
        let line = d.line.unwrap_or(1);
        if (first..=last).contains(&line) {
            out.extend(crate::fixture_fix::add_entry(server, &doc.text, d));
        }
        let Some(fix) = &d.fix else { continue };
        if fix.line < first || fix.line > last {
            continue;
        }
        let start = doc.text.position(fix.line, fix.column);
        let from = doc.text.byte_in_line(start.line as usize, start.character);
        // As `check --fix`: only where the text still reads what the fix replaces.
        if !doc
            .text
            .line(start.line as usize)
            .get(from..)
            .unwrap_or_default()
            .starts_with(fix.old.as_str())
        {
            continue;
        }
        let range = doc.text.range_in_line(start.line as usize, from, from + fix.old.len());
        let edit = WorkspaceEdit::new(HashMap::from([(
            p.text_document.uri.clone(),
            vec![TextEdit::new(range, fix.new.clone())],
        )]));
        out.push(CodeActionOrCommand::CodeAction(CodeAction {
            title: format!(
                "flowsim: replace `{}` with `{}` ({})",
                fix.old,
                fix.new,
                d.code.as_str()
            ),
            kind: Some(lsp_types::CodeActionKind::QUICKFIX),
            diagnostics: Some(vec![convert::diagnostic(&doc.text, d)]),
            edit: Some(edit),
            is_preferred: Some(true),
            ..CodeAction::default()
        }));
    }
    Some(out)
}
