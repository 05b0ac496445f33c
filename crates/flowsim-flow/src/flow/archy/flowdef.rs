//! The flow itself: its type, name, variables, containers, error handling, start (with the
//! initial greeting), and the references between containers resolved once all are read.

use super::lower::Lower;
use super::props::At;
use super::subst::Pos;
use super::yaml::Y;
use super::Cx;
use crate::diag::{Diagnostic, Severity};
use crate::flow::action::{Action, Prop, VarRef};
use crate::flow::catalogue::{self, PropKind};
use crate::flow::model::{
    Arch, ContainerKind, ErrorHandling, Flow, Format, Graph, Node, NodeIdx, OutboundSettings,
    VarDecl, NO_CONTAINER,
};
use crate::util::nearest;
use std::path::Path;
use std::sync::Arc;

pub use crate::flow::model::FLOW_TYPES;

fn expr_of(p: Prop) -> Option<crate::expr::Expr> {
    match p {
        Prop::Expr(e) => Some(e),
        _ => None,
    }
}

/// Builds the flow from the document's root.
pub(super) fn flow(
    file: &Path,
    written: &str,
    root: &Y,
    diags: &mut Vec<Diagnostic>,
) -> Option<Flow> {
    let bad_file = |message: String, pos: Pos| {
        Diagnostic::error(crate::diag::Code::BadFlowFile, message)
            .file(file)
            .at(pos.line, pos.col)
            .help("an Archy flow file has one top-level key, the flow type: `inboundCall: {name: ..., ...}`")
    };
    let [(key, body)] = root.entry_nodes() else {
        diags.push(bad_file(
            format!("expected one top-level key, the flow type; found {}", root.kind()),
            root.pos,
        ));
        return None;
    };
    let flow_type = match key.text().unwrap_or_default().as_ref() {
        // The cloud's name for a digital bot flow (`DIGITALBOT`), as Archy files are written
        // with it (`digitalBot:`, `startUpRef: "/digitalBot/bots/bot[...]"`).
        "digitalBot" => "digitalBotFlow".to_owned(),
        other => other.to_owned(),
    };
    if !FLOW_TYPES.contains(&flow_type.as_str()) {
        let hint = nearest(&flow_type, FLOW_TYPES.iter().copied())
            .map(|n| format!("did you mean `{n}`? "));
        let fix = crate::util::nearest_one(&flow_type, FLOW_TYPES.iter().copied())
            .zip(key.text())
            .and_then(|(n, written_key)| {
                let start = crate::util::scalar_pos::byte_at(written, key.pos.line, key.pos.col)?;
                let span = crate::diag::Span::new(0, written_key.len());
                let edit =
                    crate::diag::Edit { value: written_key.into_owned(), span, new: n.to_owned() };
                crate::util::scalar_pos::fix(written, start, &edit)
            });
        diags.push(
            Diagnostic::error(
                crate::diag::Code::UnknownFlowType,
                format!("`{flow_type}` is not an Archy flow type"),
            )
            .file(file)
            .at(key.pos.line, key.pos.col)
            .help(format!("{}flow types: {}", hint.unwrap_or_default(), FLOW_TYPES.join(", ")))
            .maybe_fix(fix),
        );
        return None;
    }
    if !body.is_map() {
        diags.push(bad_file(
            format!("`{flow_type}` must hold the flow's mapping, not {}", body.kind()),
            body.pos,
        ));
        return None;
    }
    let name = match body.get("name").and_then(Y::text) {
        Some(n) if !n.trim().is_empty() => n.into_owned(),
        _ => {
            diags.push(
                Diagnostic::error(crate::diag::Code::MissingProperty, "the flow has no `name`")
                    .file(file)
                    .at(body.pos.line, body.pos.col)
                    .property("name")
                    .help(format!("add `name: My Flow` under `{flow_type}:`")),
            );
            return None;
        }
    };
    let mut lw = Lower::new(Cx {
        file,
        flow: name.clone(),
        diags,
        written,
        sources: Vec::new(),
        lines: std::cell::OnceCell::new(),
    });
    lw.cx.unknown_keys(body, &format!("the {flow_type} flow"), super::keys::FLOW);
    lw.defaults = body.get("settingsActionDefaults");
    lw.menu_defaults = body.get("settingsMenu");
    let variables = lw.variables(body.get("variables"), "variables");
    let mut startup = None;
    let mut periodic = None;
    for (k, v) in body.entries() {
        let (item_key, kind) = match k.as_ref() {
            // An in-queue email or message flow's two states, each one mapping: the state it
            // starts in, and the state that runs again while the customer waits.
            "startUpState" | "periodicState" if v.is_map() => {
                let c = lw.task(v, ContainerKind::State);
                if k == "startUpState" {
                    startup = Some(c);
                } else {
                    periodic = Some(c);
                }
                continue;
            }
            "menus" => ("menu", ContainerKind::Menu),
            "tasks" => ("task", ContainerKind::Task),
            "states" => ("state", ContainerKind::State),
            "bots" => ("bot", ContainerKind::BotState),
            "startUpTaskActions" => {
                let c = lw.container(ContainerKind::StartUpTask, "startUpTask", "startUpTask");
                let start = lw.list(
                    Some(v),
                    c,
                    None,
                    At { node: "startUpTask", prop: "startUpTaskActions" },
                );
                lw.containers[c as usize].start = start;
                startup = Some(c);
                continue;
            }
            _ => continue,
        };
        if v.seq().is_none() && !matches!(v.v, super::yaml::V::Null) {
            let d = lw
                .cx
                .diag(
                    crate::diag::Code::BadPropertyType,
                    format!(
                        "`{k}` is a list (`- {item_key}: {{name, refId, ...}}`), not {}; its {item_key}s are not read",
                        v.kind()
                    ),
                    v.pos,
                )
                .property(k.as_ref());
            lw.cx.diags.push(d);
        }
        for item in v.seq().unwrap_or_default() {
            match item.single() {
                Some((ik, b)) if ik == item_key && b.is_map() => {
                    if kind == ContainerKind::Menu {
                        lw.menu(b);
                    } else {
                        lw.task(b, kind);
                    }
                }
                _ => {
                    let d = lw
                        .cx
                        .diag(
                            crate::diag::Code::BadPropertyType,
                            format!("each of `{k}` is `- {item_key}: {{name, refId, ...}}`"),
                            item.pos,
                        )
                        .property(k.as_ref());
                    lw.cx.diags.push(d);
                }
            }
        }
    }
    lw.resolve();
    let error_handling = lw.error_handling(body.get("settingsErrorHandling"));
    let bot = lw.cx.bot_settings(&flow_type, body);
    let survey = lw.cx.survey_form(body);
    let supported_languages = lw.cx.supported_languages(body);
    let hold_prompt = body.get("settingsInQueueCall").and_then(|s| s.get("holdMusic")).map(|v| {
        lw.cx.value(v, PropKind::Audio, At { node: "", prop: "settingsInQueueCall.holdMusic" })
    });
    let outbound_setting = |lw: &mut Lower<'_, '_>, key: &str, prop: &str| {
        let v = body.get("settingsOutboundCall").and_then(|s| s.get(key))?;
        Some(lw.cx.value(v, PropKind::Target, At { node: "", prop }))
    };
    let outbound = OutboundSettings {
        contact_list: outbound_setting(&mut lw, "contactList", "settingsOutboundCall.contactList"),
        wrapup_code: outbound_setting(&mut lw, "wrapupCode", "settingsOutboundCall.wrapupCode"),
    };
    let start = lw.start(body, startup)?;
    let Lower { nodes, containers, cx, .. } = lw;
    let sources = cx.sources;
    let by_lower_id = nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (crate::util::fold_case(&n.id).into(), i as NodeIdx))
        .collect();
    let graph = Graph { start, nodes, by_lower_id };
    Some(Flow {
        id: Arc::from(name.as_str()),
        name: Arc::from(name.as_str()),
        flow_type: Arc::from(flow_type.as_str()),
        file: file.to_path_buf(),
        format: Format::Archy,
        published: Some(graph.clone()),
        draft: graph,
        arch: Arch {
            variables,
            containers,
            error_handling,
            outcomes: Vec::new(),
            bot,
            survey,
            periodic,
            linked_tasks: linked_tasks(body),
            default_language: body.get("defaultLanguage").and_then(Y::text).map(|t| Arc::from(&*t)),
            supported_languages,
            hold_prompt,
            outbound,
            sources,
            node_paths: Vec::new(),
            compatible_flow_types: compatible_flow_types(body),
        },
    })
}

/// `settingsCommonModule.compatibleFlowTypes: [- flowType: inboundcall]`: the flow types a
/// common module serves, as written.
fn compatible_flow_types(body: &Y) -> Vec<Arc<str>> {
    let list = body.get("settingsCommonModule").and_then(|s| s.get("compatibleFlowTypes"));
    list.and_then(|l| l.seq())
        .unwrap_or_default()
        .iter()
        .filter_map(|item| item.get("flowType").and_then(Y::text).map(|t| Arc::from(&*t)))
        .collect()
}

impl Cx<'_> {
    /// `supportedLanguages: {<tag>: {defaultLanguageSkill: {lit: {name: ...}}}}`: each
    /// supported language, with its default language skill (`Prop::None` for none).
    fn supported_languages(&mut self, body: &Y) -> Vec<(Arc<str>, Prop)> {
        let mut out = Vec::new();
        for (tag, settings) in body.get("supportedLanguages").map(Y::entries).into_iter().flatten()
        {
            let skill = match settings.get("defaultLanguageSkill") {
                Some(v) => {
                    let prop = format!("supportedLanguages.{tag}.defaultLanguageSkill");
                    self.value(v, PropKind::Target, At { node: "", prop: &prop })
                }
                None => Prop::None,
            };
            out.push((Arc::from(tag.as_ref()), skill));
        }
        out
    }
}

/// The tasks a bot flow's settings start: each knowledge base's `knowledgePath.targetTaskRef`
/// and each intent's `task: {name}` (see [`Arch::linked_tasks`]).
fn linked_tasks(body: &Y) -> Vec<Arc<str>> {
    let mut out: Vec<Arc<str>> = Vec::new();
    for (_, base) in body.get("settingsKnowledge").map(Y::entries).into_iter().flatten() {
        let target = base.get("knowledgePath").and_then(|p| p.get("targetTaskRef"));
        if let Some(r) = target.and_then(Y::text) {
            out.push(Arc::from(r.as_ref()));
        }
    }
    let intents = body.get("settingsBotFlow").and_then(|b| b.get("intentSettings"));
    for item in intents.and_then(Y::seq).unwrap_or_default() {
        let i = item.get("intent").unwrap_or(item);
        if let Some(name) = i.get("task").and_then(|t| t.get("name")).and_then(Y::text) {
            out.push(Arc::from(name.as_ref()));
        }
    }
    out
}

/// The ways of `settingsErrorHandling.errorHandling` the reader takes (`disconnect: {none:
/// true}`); any other is `unsupported`. The Archy schema offers these.
pub(super) const ERROR_HANDLINGS: &[&str] = &[
    "disconnect",
    "endWorkflow",
    "endFlow",
    "exit",
    "endInQueueState",
    "queue",
    "transferToAcd",
    "transferToFlow",
    "jumpToTask",
    "jumpToMenu",
];

impl Lower<'_, '_> {
    /// `- <type>Variable: {name, initialValue, isInput, isOutput, isSecure}`.
    pub fn variables(&mut self, y: Option<&Y>, owner: &str) -> Vec<VarDecl> {
        let mut out = Vec::new();
        for item in y.and_then(Y::seq).unwrap_or_default() {
            let Some((key, body)) = item.single() else { continue };
            let Some(ty) = key.strip_suffix("Variable") else {
                let mut d = self.cx.diag(crate::diag::Code::UnknownProperty, format!("`{key}` is not a variable declaration (`<type>Variable`); it is ignored"), item.pos).node(owner);
                if let Some(fix) = crate::expr::arch_types::near_miss_declaration(&key) {
                    d = d.help(format!("did you mean `{fix}`?"));
                }
                self.cx.diags.push(Diagnostic { severity: Severity::Warning, ..d });
                continue;
            };
            let Some(name) = body.get("name").and_then(Y::text) else {
                self.cx.missing(body, At { node: owner, prop: "name" });
                continue;
            };
            if let Some(first) = out.iter().find(|d: &&VarDecl| {
                crate::util::fold_case(&d.var.name) == crate::util::fold_case(&name)
            }) {
                let at = body.get("name").map_or(item.pos, |n| n.pos);
                let whose = if owner == "variables" {
                    "the flow's".to_owned()
                } else {
                    format!("`{owner}`'s")
                };
                let d = self
                    .cx
                    .diag(crate::diag::Code::DuplicateVariable, {
                        let spelt = if *first.var.name == *name { String::new() } else { format!(" (first as `{}`)", first.var.name) };
                        format!("`{name}` is declared twice in {whose} variables{spelt}; Architect keeps one variable per name")
                    }, at)
                    .node(owner)
                    .help("keep one of the two declarations");
                self.cx.diags.push(d);
                continue;
            }
            if let Some(fix) = crate::expr::arch_types::near_miss(ty) {
                let d = self
                    .cx
                    .diag(crate::diag::Code::UnknownType, format!("`{key}` declares `{name}`, but `{ty}` is not one of Architect's data types"), item.pos)
                    .node(owner)
                    .help(format!("did you mean `{fix}Variable`?"));
                self.cx.diags.push(Diagnostic { severity: Severity::Warning, ..d });
            }
            let prop = format!("{name}.initialValue");
            let initial = body
                .get("initialValue")
                .and_then(|v| expr_of(self.cx.typed_value(v, ty, At { node: owner, prop: &prop })));
            out.push(VarDecl {
                var: VarRef::new(&name),
                ty: Arc::from(ty),
                org: crate::expr::func::Lookup::of_literal(ty),
                initial,
                is_input: body.get("isInput").is_some_and(Y::truthy),
                is_output: body.get("isOutput").is_some_and(Y::truthy),
                is_secure: body.get("isSecure").is_some_and(Y::truthy),
            });
        }
        out
    }

    /// `settingsErrorHandling: {errorHandling: {disconnect: {none: true}}, preHandlingAudio}`.
    fn error_handling(&mut self, y: Option<&Y>) -> ErrorHandling {
        let Some(y) = y else { return ErrorHandling::default() };
        let at = |prop| At { node: "settingsErrorHandling", prop };
        let audio = y
            .get("preHandlingAudio")
            .and_then(|a| expr_of(self.cx.value(a, PropKind::Audio, at("preHandlingAudio"))));
        let Some((how, body)) = y.get("errorHandling").and_then(Y::single) else {
            return ErrorHandling::default();
        };
        // Where the handling is written, for `check`'s diagnostics about it.
        if let Some(written) = y.get("errorHandling") {
            let prop = "settingsErrorHandling.errorHandling";
            let node = crate::flow::model::SETTINGS_NODE;
            self.cx.note_source(written, At { node, prop }, "", true);
        }
        match how.as_ref() {
            "disconnect" => ErrorHandling::Disconnect { audio },
            // A workflow's and a workitem flow's: the flow ends with the error.
            "endWorkflow" | "endFlow" => ErrorHandling::EndWorkflow,
            "exit" => ErrorHandling::ExitBot,
            "endInQueueState" => ErrorHandling::EndInQueueState,
            "queue" | "transferToAcd" => {
                let queue = body
                    .get("targetQueue")
                    .map_or(Prop::None, |q| self.cx.value(q, PropKind::Target, at("targetQueue")));
                ErrorHandling::TransferToAcd { queue, audio }
            }
            "transferToFlow" => {
                let flow = body
                    .get("targetFlow")
                    .map_or(Prop::None, |f| self.cx.value(f, PropKind::Target, at("targetFlow")));
                ErrorHandling::TransferToFlow { flow, audio }
            }
            "jumpToTask" | "jumpToMenu" => {
                let target = body.get("targetTaskRef").or_else(|| body.get("targetMenuRef"));
                let Some((r, pos)) = target.and_then(|t| Some((t.text()?, t.pos))) else {
                    self.cx.missing(body, at("targetTaskRef"));
                    return ErrorHandling::default();
                };
                self.find_ref(&r, pos, "settingsErrorHandling").map_or_else(
                    ErrorHandling::default,
                    |container| ErrorHandling::Jump { container, audio },
                )
            }
            other => {
                debug_assert!(!ERROR_HANDLINGS.contains(&other), "`{other}` is read above");
                let d = self
                    .cx
                    .diag(
                        crate::diag::Code::Unsupported,
                        format!("error handling `{other}` is not supported"),
                        y.pos,
                    )
                    .property("settingsErrorHandling.errorHandling");
                self.cx.diags.push(d);
                ErrorHandling::default()
            }
        }
    }

    /// The first node: `startUpRef`'s container (or `startUpTaskActions`), after the
    /// `initialGreeting` when there is one.
    fn start(&mut self, body: &Y, startup: Option<u32>) -> Option<NodeIdx> {
        let container = match body.get("startUpRef") {
            Some(r) => {
                let text = r.text().unwrap_or_default();
                self.find_ref(&text, r.pos, "startUpRef")
            }
            None if startup.is_some() => startup,
            None => {
                self.cx.missing(body, At { node: "", prop: "startUpRef" });
                None
            }
        }?;
        let Some(mut start) = self.containers[container as usize].start else {
            let c = &self.containers[container as usize];
            let d = self
                .cx
                .diag(
                    crate::diag::Code::EmptyStart,
                    format!(
                        "the flow starts in {} `{}`, which has no actions",
                        c.kind.as_str(),
                        c.name
                    ),
                    body.pos,
                )
                .property("startUpRef");
            self.cx.diags.push(d);
            return None;
        };
        if let Some(g) = body.get("initialGreeting") {
            let id = self.unique(NO_CONTAINER, "initialGreeting");
            // Archy's export writes a greeting the flow leaves empty as an empty mapping
            // (`initialGreeting: {}`): no value, as `noValue: true` is.
            let audio = if g.is_map() && g.entries().next().is_none() {
                Prop::None
            } else {
                self.cx.value(g, PropKind::Audio, At { node: &id, prop: "initialGreeting" })
            };
            let spec = catalogue::by_key("playAudio").expect("the catalogue has `playAudio`");
            start = self.push(Node {
                id,
                name: Arc::from("Initial Greeting"),
                action: Action { spec, props: Box::new([audio]) },
                container,
                line: g.pos.line as u32,
                tracking_id: None,
                exits: Box::new([]),
                next: Some(start),
            });
        }
        Some(start)
    }
}
