//! The flow's header: identity, type, variables and error handling; then [`super::lower`]
//! builds its containers and graph.

use super::value::{shape, At};
use super::{kind_of, s, Cx};
use crate::diag::Diagnostic;
use crate::flow::action::{Prop, VarRef};
use crate::flow::catalogue::PropKind;
use crate::flow::model::{Arch, ErrorHandling, Flow, Format, SourceAt, VarDecl};
use serde_json::{Map, Value as J};
use std::path::Path;
use std::sync::Arc;

pub(super) fn flow(
    file: &Path,
    doc: &Map<String, J>,
    outer_id: Option<&str>,
    written: Option<super::Written<'_>>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Flow> {
    let Some(name) = s(doc.get("name")).filter(|n| !n.trim().is_empty()) else {
        diags.push(
            Diagnostic::error(crate::diag::Code::MissingProperty, "the export has no flow `name`")
                .file(file)
                .property("name"),
        );
        return None;
    };
    // The paths the checks place by are from the file's root.
    let root = written.as_ref().map_or(String::new(), |w| w.root.clone());
    let defaults = doc.get("defaultSettings").and_then(J::as_object);
    let mut cx = Cx {
        file,
        flow: name.to_owned(),
        diags,
        written,
        sources: Vec::new(),
        defaults,
        unplaced: Vec::new(),
    };
    let id = s(doc.get("id")).or(outer_id).filter(|i| !i.is_empty()).unwrap_or(name);
    let flow_type = if let Some(t) = s(doc.get("type")) {
        flow_type(t)
    } else {
        cx.error(
            crate::diag::Code::MissingProperty,
            None,
            "type",
            "the export has no flow `type`".into(),
        );
        String::new()
    };
    let variables = cx.variables(doc.get("variables"), "variables");
    let lowered = super::lower::lower(&mut cx, doc, &flow_type)?;
    let error_handling = cx.error_handling(doc.get("errorHandling"), &lowered.container_ids);
    let bot = cx.bot_settings(doc, &flow_type);
    let arch = Arch {
        variables,
        containers: lowered.containers,
        error_handling,
        outcomes: Vec::new(),
        bot,
        survey: None,
        periodic: None,
        linked_tasks: Vec::new(),
        default_language: s(doc.get("defaultLanguage")).map(Arc::from),
        supported_languages: supported_languages(&mut cx, doc),
        hold_prompt: hold_prompt(&mut cx, doc),
        outbound: outbound(&mut cx, doc),
        sources: std::mem::take(&mut cx.sources)
            .into_iter()
            .map(|mut s| {
                if let SourceAt::Json(path) = &s.at {
                    s.at = SourceAt::Json(format!("{root}{path}").into());
                }
                s
            })
            .collect(),
        node_paths: lowered
            .node_paths
            .into_iter()
            .map(|(id, path)| (id, format!("{root}{path}").into()))
            .collect(),
        compatible_flow_types: compatible_flow_types(doc),
    };
    Some(Flow {
        id: id.into(),
        name: name.into(),
        flow_type: flow_type.into(),
        file: file.to_path_buf(),
        format: Format::Export,
        published: Some(lowered.graph.clone()),
        draft: lowered.graph,
        arch,
    })
}

/// A common module's compatible flow types: `commonModuleFlowSettings.destinationFlowTypes`
/// (`["inboundcall", "inboundemail"]`), Archy's `settingsCommonModule.compatibleFlowTypes`.
fn compatible_flow_types(doc: &Map<String, J>) -> Vec<Arc<str>> {
    let list = doc.get("commonModuleFlowSettings").and_then(|s| s.get("destinationFlowTypes"));
    let items = list.and_then(J::as_array).map(Vec::as_slice).unwrap_or_default();
    items.iter().filter_map(J::as_str).map(Arc::from).collect()
}

/// `supportedLanguageOptions: [{language, languageSkill}]`: each supported language's default
/// language skill.
fn supported_languages(cx: &mut Cx<'_>, doc: &Map<String, J>) -> Vec<(Arc<str>, Prop)> {
    let options = doc.get("supportedLanguageOptions").and_then(J::as_array);
    let mut out = Vec::new();
    for (i, o) in options.into_iter().flatten().enumerate() {
        let Some(tag) = s(o.get("language")) else { continue };
        let path = format!("supportedLanguageOptions[{i}].languageSkill");
        let at = At { node: None, path: &path };
        let skill = cx.prop(o.get("languageSkill"), PropKind::Target, at);
        out.push((Arc::from(tag), skill));
    }
    out
}

/// `outboundCallSettings: {contactList, defaultWrapupCode}`: an outbound call flow's settings.
fn outbound(cx: &mut Cx<'_>, doc: &Map<String, J>) -> crate::flow::model::OutboundSettings {
    let mut setting = |key: &str, path: &str| {
        let v = doc.get("outboundCallSettings")?.get(key)?;
        Some(cx.prop(Some(v), PropKind::Target, At { node: None, path }))
    };
    crate::flow::model::OutboundSettings {
        contact_list: setting("contactList", "outboundCallSettings.contactList"),
        wrapup_code: setting("defaultWrapupCode", "outboundCallSettings.defaultWrapupCode"),
    }
}

/// `inQueueCallFlowSettings.holdMusic`: an in-queue call flow's hold prompt.
fn hold_prompt(cx: &mut Cx<'_>, doc: &Map<String, J>) -> Option<Prop> {
    let v = doc.get("inQueueCallFlowSettings")?.get("holdMusic")?;
    let at = At { node: None, path: "inQueueCallFlowSettings.holdMusic" };
    Some(cx.prop(Some(v), PropKind::Audio, at))
}

/// Archy's key for the export's `type` (`INBOUNDCALL`, `inboundcall` → `inboundCall`).
pub(super) fn flow_type(export: &str) -> String {
    let lower = export.trim().to_ascii_lowercase().replace('_', "");
    let lower = match lower.as_str() {
        "bot" => "botflow",
        "digitalbot" => "digitalbotflow",
        other => other,
    };
    crate::flow::model::FLOW_TYPES
        .iter()
        .find(|k| k.eq_ignore_ascii_case(lower))
        .map_or_else(|| export.trim().to_owned(), |k| (*k).to_owned())
}

impl Cx<'_> {
    /// `variables: [{__type: StringVariable, name, isCollection, isInput, isOutput, isSecure,
    /// initialValue}]`; a structured type's variable is `{__type: ComplexVariable,
    /// typeIdentifier: cpx_agent_score_pair, ...}`.
    pub(super) fn variables(&mut self, v: Option<&J>, path: &str) -> Vec<VarDecl> {
        let Some(v) = v.filter(|v| !v.is_null()) else { return Vec::new() };
        let Some(items) = v.as_array() else {
            self.error(
                crate::diag::Code::ExportShape,
                None,
                path,
                format!("`{path}` must be an array, not {}", kind_of(v)),
            );
            return Vec::new();
        };
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let at = format!("{path}[{i}]");
            let Some(name) = s(item.get("name")).filter(|n| !n.is_empty()) else {
                self.error(
                    crate::diag::Code::MissingProperty,
                    None,
                    &at,
                    format!("`{at}` has no `name`"),
                );
                continue;
            };
            let flag = |k: &str| item.get(k).and_then(J::as_bool).unwrap_or(false);
            // Architect's type code when the variable has one (`typeIdentifier`: a structured
            // type's `cpx_agent_score_pair`), else its class (`__type`), as Architect's import
            // resolves it.
            let mut ty = match s(item.get("typeIdentifier")).filter(|t| !t.trim().is_empty()) {
                Some(code) => type_name(code.trim()),
                None => var_type(s(item.get("__type")).unwrap_or("StringVariable")),
            };
            if flag("isCollection") && !ty.ends_with("Collection") {
                ty.push_str("Collection");
            }
            let init_path = format!("{at}.initialValue");
            let initial = match item.get("initialValue") {
                Some(iv) if shape(iv).is_some() => {
                    self.expr(iv, At { node: None, path: &init_path })
                }
                _ => None,
            };
            out.push(VarDecl {
                var: VarRef::new(name),
                org: crate::expr::func::Lookup::of_literal(&ty),
                ty: ty.into(),
                initial,
                is_input: flag("isInput"),
                is_output: flag("isOutput"),
                is_secure: flag("isSecure"),
            });
        }
        out
    }

    /// `errorHandling: {handlingType: Disconnect | EndWorkflow | Queue | Exit | ..., audio, queue}`.
    fn error_handling(&mut self, v: Option<&J>, containers: &[Arc<str>]) -> ErrorHandling {
        let Some(eh) = v.and_then(J::as_object) else { return ErrorHandling::default() };
        let audio_path = "errorHandling.audio";
        let audio = eh.get("audio").and_then(|a| self.expr(a, At { node: None, path: audio_path }));
        let kind = s(eh.get("handlingType")).unwrap_or("");
        match kind.to_ascii_lowercase().as_str() {
            "disconnect" => ErrorHandling::Disconnect { audio },
            // A workflow's and a workitem flow's: the flow ends with the error.
            "endworkflow" | "endflow" => ErrorHandling::EndWorkflow,
            "exit" | "exitbotflow" => ErrorHandling::ExitBot,
            "queue" | "transfertoacd" => {
                let at = At { node: None, path: "errorHandling.queue" };
                let queue = self.prop(eh.get("queue"), PropKind::Target, at);
                // A new email or message flow's default: Architect asks for the queue when
                // the flow is validated. The flow loads; an error it does not handle fails.
                if queue.is_none() {
                    self.warn(
                        crate::diag::Code::MissingProperty,
                        None,
                        "errorHandling.queue",
                        "error handling transfers to a queue but names none: an unhandled error fails the run".into(),
                    );
                }
                ErrorHandling::TransferToAcd { queue, audio }
            }
            "flow" | "transfertoflow" => {
                let at = At { node: None, path: "errorHandling.flow" };
                let flow =
                    self.prop(eh.get("flow").or_else(|| eh.get("flowName")), PropKind::Target, at);
                ErrorHandling::TransferToFlow { flow, audio }
            }
            "task" | "menu" | "jumptotask" | "jumptomenu" => {
                let target = ["taskReference", "menuReference", "sequenceReference", "reference"]
                    .iter()
                    .find_map(|k| s(eh.get(*k)));
                let found =
                    target.and_then(|t| containers.iter().position(|c| c.eq_ignore_ascii_case(t)));
                if let Some(container) = found {
                    ErrorHandling::Jump { container: container as u32, audio }
                } else {
                    self.error(
                        crate::diag::Code::DanglingReference,
                        None,
                        "errorHandling",
                        format!("error handling `{kind}` names no task or menu of the flow"),
                    );
                    ErrorHandling::default()
                }
            }
            _ => {
                let d = self
                    .diag(
                        crate::diag::Code::Unsupported,
                        format!("error handling `{kind}` is not supported"),
                    )
                    .property("errorHandling.handlingType");
                self.push(d);
                ErrorHandling::default()
            }
        }
    }
}

/// Archy's type name for a variable's `__type`: `StringVariable` → `string`,
/// `BoolVariable` → `boolean`, `DateTimeVariable` → `dateTime`.
fn var_type(export: &str) -> String {
    let stem = export.strip_suffix("Variable").unwrap_or(export);
    match stem {
        "Bool" => "boolean".into(),
        "Json" | "JSON" => "json".into(),
        _ => lower_first(stem),
    }
}

/// Archy's type name for a value's type code: `str` → `string`, `int_coll` →
/// `integerCollection`, `cpx_agent_score_pair_coll` → `agentScorePairCollection`.
pub(super) fn type_name(code: &str) -> String {
    let (base, coll) = match code.strip_suffix("_coll") {
        Some(b) => (b, "Collection"),
        None => (code, ""),
    };
    let name = match crate::expr::Ty::parse(base) {
        Some(ty) if ty.is_known() => match ty.base.name() {
            "JSON" => "json".to_owned(),
            n => lower_first(n),
        },
        _ => {
            // `cpx_agent_score_pair` → `agentScorePair`.
            let mut out = String::new();
            for (i, part) in base.trim_start_matches("cpx_").split('_').enumerate() {
                let mut chars = part.chars();
                if let Some(c) = chars.next() {
                    if i == 0 {
                        out.push(c);
                    } else {
                        out.push(c.to_ascii_uppercase());
                    }
                    out.extend(chars);
                }
            }
            out
        }
    };
    name + coll
}

fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map_or_else(String::new, |c| c.to_ascii_lowercase().to_string() + chars.as_str())
}
