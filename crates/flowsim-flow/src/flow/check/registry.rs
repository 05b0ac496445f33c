//! Checks over the registry as a whole: two flows with one name or id, calls of flows the
//! registry lacks (a JSON flow's constant callee; an Architect flow's common module, bot flow
//! or transfer target), common modules that call common modules, actions no path reaches,
//! action names past Architect's limit.

use super::place::Places;
use crate::diag::Diagnostic;
use crate::expr::ast::ExprKind;
use crate::expr::value::Value;
use crate::flow::action::{Action, Prop};
use crate::flow::catalogue::{CalleeKind, Leaves};
use crate::flow::json::CallRef;
use crate::flow::model::{ErrorHandling, NodeIdx};
use crate::flow::registry::{Lookup, Want};
use crate::flow::{Flow, Format, Registry};
use std::path::PathBuf;

/// `duplicateFlowName` or `duplicateFlowId` when `flow` would share its name (compared
/// case-insensitively) with a flow of its type, or its id (one of its own, not its name) with
/// any flow, `reg` holds: `flow`
/// is then not added. Flows of different types may share a name, as in Architect: "you can
/// use the name "Main" for one inbound flow and one outbound flow, but not two inbound flows"
/// (Create a flow).
pub fn duplicate(reg: &Registry, flow: &Flow) -> Option<Diagnostic> {
    if let Some(other) = reg.find_by_name(&flow.name, &flow.flow_type) {
        let o = reg.flow(other);
        let of_type = if flow.flow_type.is_empty() {
            String::new()
        } else {
            format!(", another {} flow", flow.flow_type)
        };
        return Some(
            Diagnostic::error(
                crate::diag::Code::DuplicateFlowName,
                format!(
                    "flow name `{}` is also used by {}{of_type} (names compare case-insensitively)",
                    flow.name,
                    o.file.display()
                ),
            )
            .file(&flow.file)
            .flow(&*flow.name)
            .property("name")
            .help(if flow.flow_type.is_empty() {
                "give each flow a unique name"
            } else {
                "give each flow of a type a unique name: flows of different types may share one"
            }),
        );
    }
    if flow.id == flow.name {
        return None;
    }
    let other = reg.find_by_id(&flow.id)?;
    let o = reg.flow(other);
    Some(
        Diagnostic::error(
            crate::diag::Code::DuplicateFlowId,
            format!("flow id `{}` is also used by {}", flow.id, o.file.display()),
        )
        .file(&flow.file)
        .flow(&*flow.name)
        .property("id")
        .help("give each flow a unique id"),
    )
}

/// A flow an Architect action calls or transfers to, as the action names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CalledFlow<'a> {
    /// The flow's name or id, as written.
    pub name: &'a str,
    /// The property that names it: `commonModule`, `botFlow` or `targetFlow`.
    pub property: &'static str,
    /// What the action does with it: `calls common module`, `calls bot flow`, `transfers to
    /// flow`, `transfers to secure flow`.
    pub verb: &'static str,
    /// The flow types it may name.
    pub want: Want<'static>,
}

/// The flow `a` calls (Call Common Module, Call Bot Flow, Call Digital Bot Flow) or transfers
/// to (Transfer to Flow, Transfer to Secure Flow, and their menu forms), when the flow names it
/// the way a run reads it without evaluating anything: the module's and the bot flow's names
/// (text, as `run` reads them), a transfer's target as literal text or a string literal. A
/// target computed at run time (`exp: Flow.next`) gives `None`: it cannot be checked.
pub fn called_flow(a: &Action) -> Option<CalledFlow<'_>> {
    let callee = a.spec().facts.callee?;
    let (property, verb) = callee.kind.checked()?;
    let prop = callee.props.iter().find_map(|name| a.spec().prop_index(name))?;
    let transfer = !callee.kind.returns();
    let name = match a.prop(prop) {
        Prop::Text(t) => &**t,
        // A transfer evaluates its target: a string literal is as fixed as text. (A module's
        // or bot flow's name is text only; `run` reads nothing else there.)
        Prop::Expr(e) if transfer => match &e.kind {
            ExprKind::Lit(Value::Str(s)) => &**s,
            _ => return None,
        },
        _ => return None,
    };
    // An empty target is NOT_SET to a run (a `flowNotFound` of its own, not a missing flow).
    let want = Want::of_action(a.spec());
    (!name.is_empty()).then_some(CalledFlow { name, property, verb, want })
}

/// Architect flows call common modules and bot flows and transfer to flows by name (or id, in
/// exports): a literal target the registry lacks is reported as `flowNotInRegistry`, resolved
/// as `run` resolves it ([`Registry::find`]: the id exactly, else the name ignoring case,
/// through the flow types the action may name when flows of several types share it).
///
/// An error, as Architect's is: it resolves these targets when the flow is published and does
/// not publish a flow whose module, bot flow or transfer target does not exist in the org. A
/// run still goes on (`Registry`'s `RUNNABLE_CODES`): the target may exist in the org and only
/// be missing from the files given, and a run says what happens then (the call fails with
/// `flowNotFound`; a transfer takes its failure path).
pub(super) fn flow_calls(reg: &Registry, places: &Places<'_>, diags: &mut Vec<Diagnostic>) {
    for flow in reg.flows() {
        for node in &flow.draft.nodes {
            let Some(called) = called_flow(&node.action) else { continue };
            let shared = match reg.find(called.name, called.want) {
                Ok(target) => {
                    if called.property == "commonModule" {
                        diags.extend(incompatible_module(places, flow, node, reg.flow(target)));
                        module_bindings(places, flow, node, reg.flow(target), diags);
                    }
                    continue;
                }
                Err(Lookup::Missing) => None,
                Err(Lookup::Ambiguous(flows)) => Some(flows),
                Err(Lookup::WrongType(other)) => {
                    diags.push(wrong_type(reg, places, flow, node, &called, other));
                    continue;
                }
            };
            let CalledFlow { name, property, verb, .. } = called;
            let (file, outcome) = match property {
                "commonModule" => ("the module's file", "the call fails with flowNotFound"),
                "botFlow" => ("the bot flow's file", "the call fails with flowNotFound"),
                _ => ("the flow's file", "the transfer takes its failure path (flowNotFound)"),
            };
            let unloaded = reg.unloaded(name).filter(|_| shared.is_none());
            let help = if let Some(there) = unloaded {
                // The file is given: its own errors are what to fix.
                format!(
                    "fix the errors reported for {} (its flow `{name}` is given but did not load); until then {outcome}",
                    there.display()
                )
            } else {
                let add = format!("add {file} to --flows; until then {outcome}");
                match reg.nearest_name(name) {
                    Some(h) => format!("did you mean `{h}`? Or {add}"),
                    None => add,
                }
            };
            let message = match &shared {
                None if unloaded.is_some() => format!(
                    "`{}` {verb} `{name}`, whose file did not load",
                    node.name
                ),
                None => format!("`{}` {verb} `{name}`, which is not among the loaded flows", node.name),
                Some(flows) => format!(
                    "`{}` {verb} `{name}`, which names no one flow it can take: the loaded flows of that name are of the types {}",
                    node.name,
                    reg.types_of(flows)
                ),
            };
            let mut d = Diagnostic::error(crate::diag::Code::FlowNotInRegistry, message)
                .file(&flow.file)
                .flow(&*flow.name)
                .node(&*node.id)
                .property(property)
                .help(help);
            d = places.node(flow, d, node);
            diags.push(d);
        }
    }
}

/// `moduleBinding` errors: `node` calls `module` passing a value to a variable that is not
/// one of the module's inputs, or reading back one that is not one of its outputs. Architect's
/// Call Common Module offers "the module's input variables" and its output variables only
/// (Work with common module flows: "Common modules accept input data, return output data"),
/// and a value for anything else is never passed (or the caller's variable gets NOT_SET).
fn module_bindings(
    places: &Places<'_>,
    flow: &Flow,
    node: &crate::flow::model::Node,
    module: &Flow,
    diags: &mut Vec<Diagnostic>,
) {
    use crate::flow::catalogue::control::prop::{MODULE_INPUTS, MODULE_OUTPUTS};
    let Some(a) = node.action.as_architect() else { return };
    let declared = |name: &str| {
        let lower = crate::util::fold_case(name);
        module.arch.variables.iter().find(|d| *d.var.lower == *lower)
    };
    for (id, key, input) in [(MODULE_INPUTS, "inputs", true), (MODULE_OUTPUTS, "outputs", false)] {
        if !a.has(id) {
            continue;
        }
        for (name, _) in a.get(id).map() {
            let (flag, what) = if input { ("isInput", "input") } else { ("isOutput", "output") };
            let missing = declared(name).is_none();
            let problem = match declared(name) {
                None => format!("the module `{}` declares no variable `{name}`", module.name),
                Some(d) if (input && !d.is_input) || (!input && !d.is_output) => format!(
                    "`{}` is not an {what} of the module `{}` ({flag} is false)",
                    d.var.name, module.name
                ),
                Some(_) => continue,
            };
            let (message, help) = if input {
                (
                    format!("`{}` passes `{name}` to a common module, but {problem}: the value is never passed", node.name),
                    if missing {
                        format!("pass only the module's inputs, or declare `{name}` in the module with `{flag}: true`")
                    } else {
                        format!("pass only the module's inputs, or mark `{name}` `{flag}: true` in the module")
                    },
                )
            } else {
                (
                    format!("`{}` reads `{name}` back from a common module, but {problem}: the caller's variable gets NOT_SET", node.name),
                    if missing {
                        format!("read back only the module's outputs, or declare `{name}` in the module with `{flag}: true`")
                    } else {
                        format!("read back only the module's outputs, or mark `{name}` `{flag}: true` in the module")
                    },
                )
            };
            // A name the module does not declare is likely misspelt: the one of the module's
            // inputs (outputs) it is a typo of, and the caret on the name as written.
            let meant = missing
                .then(|| {
                    let offered = module
                        .arch
                        .variables
                        .iter()
                        .filter(|d| if input { d.is_input } else { d.is_output })
                        .map(|d| &*d.var.name);
                    crate::util::nearest(name, offered)
                })
                .flatten();
            let help = match meant {
                Some(meant) => format!("did you mean `{meant}`, the module's {what}? Else {help}"),
                None => help,
            };
            let property = format!("{key}.{name}");
            let d = Diagnostic::error(crate::diag::Code::ModuleBinding, message)
                .file(&flow.file)
                .flow(&*flow.name)
                .node(&*node.id)
                .property(&*property)
                .help(help);
            diags.push(places.key(flow, d, node, &property, name));
        }
    }
}

/// A `wrongFlowType` warning: `node` calls `module`, which lists the flow types it is compatible
/// with, and the calling flow's type is not among them. Genesys: a module's compatibility
/// "Share[s] common actions and data types with compatible flow types", and "If you only choose
/// email flow compatibility, then all actions available in email flows appear" (Work with common
/// module flows): a module made for other flow types may hold actions the caller's type lacks.
fn incompatible_module(
    places: &Places<'_>,
    flow: &Flow,
    node: &crate::flow::model::Node,
    module: &Flow,
) -> Option<Diagnostic> {
    let types = &module.arch.compatible_flow_types;
    if types.is_empty()
        || flow.flow_type.eq_ignore_ascii_case("commonModule")
        || types.iter().any(|t| t.eq_ignore_ascii_case(&flow.flow_type))
    {
        return None;
    }
    let listed: Vec<&str> = types.iter().map(|t| &**t).collect();
    let d = Diagnostic::warning(
        crate::diag::Code::WrongFlowType,
        format!(
            "`{}` calls the common module `{}`, which is compatible with {} flows, not with \
             the {} flow `{}`",
            node.name,
            module.name,
            listed.join(", "),
            flow.flow_type,
            flow.name
        ),
    )
    .file(&flow.file)
    .flow(&*flow.name)
    .node(&*node.id)
    .property("commonModule")
    .help(format!(
        "add `{}` to the module's settingsCommonModule.compatibleFlowTypes, if its actions suit that flow type",
        flow.flow_type.to_ascii_lowercase()
    ));
    Some(places.node(flow, d, node))
}

/// `wrongFlowType`: `node` names `other`, the one flow of that name (or id), whose type the
/// action does not take. Architect offers an action only flows of its types ("Inbound Call
/// Flow: From the drop-down list, select the inbound flow to which to transfer the
/// interaction", Transfer to Flow action), so it cannot name this one.
fn wrong_type(
    reg: &Registry,
    places: &Places<'_>,
    flow: &Flow,
    node: &crate::flow::model::Node,
    called: &CalledFlow<'_>,
    other: crate::flow::FlowIdx,
) -> Diagnostic {
    let o = reg.flow(other);
    let wanted = called.want.describe().unwrap_or_default();
    let d = Diagnostic::error(
        crate::diag::Code::WrongFlowType,
        format!(
            "`{}` {} `{}`, whose type is `{}`: the action takes {wanted} flows only",
            node.name, called.verb, called.name, o.flow_type
        ),
    )
    .file(&flow.file)
    .flow(&*flow.name)
    .node(&*node.id)
    .property(called.property)
    .help(format!("name a {wanted} flow; until then a run fails the action with flowNotFound"));
    places.node(flow, d, node)
}

/// `moduleInModule` errors: a Call Common Module inside a common module. Genesys: "You cannot
/// use a common module flow in another common module flow" (Work with common module flows), so
/// Architect does not publish such a module, and flowsim does not run it.
pub(super) fn modules_in_modules(reg: &Registry, places: &Places<'_>, diags: &mut Vec<Diagnostic>) {
    for flow in reg.flows() {
        if !flow.flow_type.eq_ignore_ascii_case("commonModule") {
            continue;
        }
        for node in &flow.draft.nodes {
            let callee = node.action.spec().facts.callee;
            if !callee.is_some_and(|c| c.kind == CalleeKind::Module) {
                continue;
            }
            let mut d = Diagnostic::error(
                crate::diag::Code::ModuleInModule,
                format!(
                    "`{}` calls a common module from the common module `{}`, which Architect \
                     does not allow",
                    node.name, flow.name
                ),
            )
            .file(&flow.file)
            .flow(&*flow.name)
            .node(&*node.id)
            .help("\"You cannot use a common module flow in another common module flow\" (Genesys): move the called module's actions into this one, or call both from the flow");
            d = places.node(flow, d, node);
            diags.push(d);
        }
    }
}

/// `notInFlowType` errors: an action the flow's type does not have, so Architect's toolbox does
/// not offer it there and flowsim does not run the flow. Genesys: "Inbound email flows do not
/// include language settings, in-queue handling, or audio controls such as DTMF or
/// text-to-speech" (Inbound email flows overview; its chat and message pages say the same of
/// inbound chat and message flows, the latter without language settings); Initialize Flow
/// Outcome and Set Flow Outcome are "available ... for call, chat, email, and messaging flows,
/// excluding in-queue call flows" (their action pages). Hold Music "is available for in-queue call flows", and Play Estimated
/// Wait Time and Play Position In Queue are "only available for in-queue flows" (their pages);
/// Set and Clear Utilization Label are for "bot, digital bot, inbound, in-queue, outbound, and
/// voicemail flows" (Clear Utilization Label action), so not for workflows, workitem flows or
/// survey flows. Get and Set Secured Data are for "all flow types, excluding bot flows", and
/// Extract Secure Data and Call Secure Data are used "in a secure call or voice bot flow"
/// (their pages); Transfer to Flow "is only available in call flows" (its page); "you can use a
/// Send Auto Reply action in email flows but not call flows"
/// (Work with common module flows); Set Priority is for "Architect in-queue flows" (its page),
/// Get SIP Headers and Get Raw SIP Headers for "inbound, in-queue, and secure call flows", Call
/// Digital Bot Flow for "message flows, including in-queue message flows", Call Bot Flow for
/// "call, chat, or message flows";
/// Detect Silence for "an outbound dialing campaign interaction" and "inbound, secure, and
/// in-queue call flows", Call Audio Connector for "inbound, outbound, and in-queue call flows"
/// (their pages). A common module is held to each of its compatible flow types.
pub(super) fn not_in_flow_type(reg: &Registry, places: &Places<'_>, diags: &mut Vec<Diagnostic>) {
    use crate::flow::model::FlowType;
    for flow in reg.flows() {
        let kind = FlowType::of(&flow.flow_type);
        // A common module is held to each flow type it is compatible with: "If you select
        // multiple flow types, the system limits actions and data types to ones that the
        // different flow types share" (Work with common module flows).
        let types: Vec<&str> = match kind {
            FlowType::Other => continue,
            FlowType::CommonModule => {
                flow.arch.compatible_flow_types.iter().map(|t| &**t).collect()
            }
            _ => vec![&*flow.flow_type],
        };
        for ty in types {
            let lower = ty.to_ascii_lowercase();
            for node in &flow.draft.nodes {
                let Some((what, help)) = not_offered(&lower, node.action.spec()) else { continue };
                let message = if kind == FlowType::CommonModule {
                    format!(
                        "`{}` is {what}, which the {ty} flows the common module `{}` is \
                         compatible with cannot have",
                        node.name, flow.name
                    )
                } else {
                    format!(
                        "`{}` is {what}, which the {ty} flow `{}` cannot have",
                        node.name, flow.name
                    )
                };
                let mut d = Diagnostic::error(crate::diag::Code::NotInFlowType, message)
                    .file(&flow.file)
                    .flow(&*flow.name)
                    .node(&*node.id)
                    .help(help);
                d = places.node(flow, d, node);
                diags.push(d);
            }
        }
    }
}

/// A written interaction's flow-level error handling: for email, message and chat flows
/// Genesys offers "Disconnect the flow" and "Transfer the email, message, or chat to a queue"
/// (Failure paths in Architect). A jump to a task or menu, or a transfer to a flow, is a
/// `notInFlowType` error on the setting.
pub(super) fn digital_error_handling(
    reg: &Registry,
    places: &Places<'_>,
    diags: &mut Vec<Diagnostic>,
) {
    for flow in reg.flows() {
        if InboundDigital::of(&flow.flow_type.to_ascii_lowercase()).is_none() {
            continue;
        }
        let what = match flow.arch.error_handling {
            ErrorHandling::Jump { .. } => "a jump to a task or menu",
            ErrorHandling::TransferToFlow { .. } => "a transfer to a flow",
            _ => continue,
        };
        let d = Diagnostic::error(
            crate::diag::Code::NotInFlowType,
            format!(
                "the {} flow `{}` handles errors with {what}, which email, message and chat \
                 flows do not have: they \"Disconnect the flow\" or \"Transfer the email, \
                 message, or chat to a queue\"",
                flow.flow_type, flow.name
            ),
        )
        .file(&flow.file)
        .flow(&*flow.name)
        .property("settingsErrorHandling.errorHandling")
        .help("handle the flow's errors with `disconnect` or `queue` (Failure paths in Architect)");
        diags.push(places.setting(flow, d, "settingsErrorHandling.errorHandling"));
    }
}

/// A flow's NLU domain may have "up to 50 intents per flow" (Genesys's Intents overview): more
/// is a `badNlu` error, at the domain's intents.
pub(super) fn intent_limit(reg: &Registry, places: &Places<'_>, diags: &mut Vec<Diagnostic>) {
    const MAX_FLOW_INTENTS: usize = 50;
    for flow in reg.flows() {
        let Some(nlu) = flow.arch.bot.as_ref().and_then(|b| b.nlu.as_ref()) else { continue };
        let count = nlu.intent_names().count();
        if count <= MAX_FLOW_INTENTS {
            continue;
        }
        let property = crate::flow::archy::INTENTS_PROPERTY;
        let d = Diagnostic::error(
            crate::diag::Code::BadNlu,
            format!(
                "the NLU domain of flow `{}` has {count} intents: \"You can have up to \
                 {MAX_FLOW_INTENTS} intents per flow\"",
                flow.name
            ),
        )
        .file(&flow.file)
        .flow(&*flow.name)
        .property(property)
        .help("merge intents, or move some to another bot flow the flow calls");
        diags.push(places.setting(flow, d, property));
    }
}

/// An outbound call flow without its contact list or default wrap-up code, which Architect
/// requires when an outbound flow is created ([About outbound
/// flows](https://help.mypurecloud.com/articles/outbound-call-flows/): outbound flows need a
/// contact list and a default wrap-up code). Each missing one is a `missingProperty` warning at
/// the flow's setting: a run does not need them (a call the flow ends without a default
/// wrap-up code has none), and Architect's own offline SDK makes outbound flows without them.
pub(super) fn outbound_settings(reg: &Registry, places: &Places<'_>, diags: &mut Vec<Diagnostic>) {
    for flow in reg.flows() {
        if !flow.flow_type.eq_ignore_ascii_case("outboundcall") {
            continue;
        }
        let (settings, list, code) = match flow.format {
            crate::flow::model::Format::Export => {
                ("outboundCallSettings", "contactList", "defaultWrapupCode")
            }
            _ => ("settingsOutboundCall", "contactList", "wrapupCode"),
        };
        let outbound = &flow.arch.outbound;
        for (given, key, what) in [
            (&outbound.contact_list, list, "contact list"),
            (&outbound.wrapup_code, code, "default wrap-up code"),
        ] {
            if given.as_ref().is_some_and(|p| !p.is_none()) {
                continue;
            }
            let property = format!("{settings}.{key}");
            let d = Diagnostic::warning(
                crate::diag::Code::MissingProperty,
                format!(
                    "outbound call flow `{}` has no {what}: Architect requires an outbound flow's contact list and default wrap-up code",
                    flow.name
                ),
            )
            .file(&flow.file)
            .flow(&*flow.name)
            .property(&*property)
            .help(format!("name the campaign's {what}: `{settings}: {{{key}: {{lit: {{name: ...}}}}}}`"));
            diags.push(places.setting(flow, d, &property));
        }
    }
}

/// Transfer to User's fields a workitem flow does not have: "Pre-Transfer Audio" and "Failed
/// Transfer Audio", of each of which the Transfer to User page says "This field is not available
/// in workitem flows". Each one written is a `notInFlowType` error, on the action's property.
pub(super) fn workitem_transfer_fields(
    reg: &Registry,
    places: &Places<'_>,
    diags: &mut Vec<Diagnostic>,
) {
    use crate::flow::model::FlowType;
    for flow in reg.flows() {
        let workitem = match FlowType::of(&flow.flow_type) {
            FlowType::CommonModule => {
                flow.arch.compatible_flow_types.iter().any(|t| t.eq_ignore_ascii_case("workitem"))
            }
            _ => flow.flow_type.eq_ignore_ascii_case("workitem"),
        };
        if !workitem {
            continue;
        }
        for node in &flow.draft.nodes {
            let Some(a) = node.action.as_architect() else { continue };
            let spec = a.spec();
            for (i, field) in spec.props.iter().enumerate() {
                if !spec.facts.not_in_workitem.contains(&field.name) || a.prop(i).is_none() {
                    continue;
                }
                let d = Diagnostic::error(
                    crate::diag::Code::NotInFlowType,
                    format!(
                        "`{}` sets `{}`, which Transfer to User does not have in the workitem \
                         flow `{}`: \"This field is not available in workitem flows\"",
                        node.name, field.name, flow.name
                    ),
                )
                .file(&flow.file)
                .flow(&*flow.name)
                .node(flow.node_label(node))
                .property(field.name)
                .help("leave the audio out: a workitem has no call to play it to");
                diags.push(places.node(flow, d, node));
            }
        }
    }
}

/// What an action is and the help to give when a flow of type `ty` (lower case) cannot have
/// it; `None` when it may.
fn not_offered(
    ty: &str,
    spec: &crate::flow::catalogue::ActionSpec,
) -> Option<(&'static str, &'static str)> {
    use crate::flow::model::FlowType;
    let inbound = InboundDigital::of(ty);
    let in_queue_call = ty == "inqueuecall";
    let in_queue = crate::flow::model::is_in_queue(ty);
    let no_labels = matches!(ty, "workflow" | "workitem" | "surveyinvite" | "voicesurvey");
    let bot = FlowType::of(ty) == FlowType::Bot;
    let secure = matches!(ty, "securecall" | "bot" | "botflow" | "voicebot");
    // Detect Silence: "in an outbound dialing campaign interaction. You can also use this
    // action in inbound, secure, and in-queue call flows" (Detect Silence action).
    let call = matches!(ty, "inboundcall" | "outboundcall" | "securecall" | "inqueuecall");
    // Call Audio Connector: "available in the Bot category of the task editor's Toolbox in
    // inbound, outbound, and in-queue call flows" (Call Audio Connector action).
    let audio_connector = matches!(ty, "inboundcall" | "outboundcall" | "inqueuecall");
    // Get SIP Headers and Get Raw SIP Headers: "Use the ... action in inbound, in-queue, and
    // secure call flows" (their pages).
    let sip = matches!(ty, "inboundcall" | "inqueuecall" | "securecall");
    // Call Digital Bot Flow: "integrate an existing Genesys Digital Bot Flow into your message
    // flows, including in-queue message flows" (Call Digital Bot Flow action).
    let message = matches!(ty, "inboundshortmessage" | "inqueueshortmessage");
    // Call Bot Flow: "integrate an existing bot flow into your call, chat, or message flows"
    // (Call Bot Flow action).
    let call_or_chat = FlowType::of(ty) == FlowType::Call || ty == "inboundchat";
    // The flow types of written interactions and of work that is not a call.
    let written = matches!(
        ty,
        "inboundemail"
            | "inboundchat"
            | "inboundshortmessage"
            | "inqueueemail"
            | "inqueueshortmessage"
            | "workflow"
            | "workitem"
            | "digitalbot"
            | "digitalbotflow"
            | "surveyinvite"
    );
    let on_call = matches!(ty, "inboundcall" | "outboundcall" | "inqueuecall");
    spec.facts.refused.iter().find_map(|rule| {
        use crate::flow::catalogue::Refused as R;
        match rule {
            R::SecuredDataInBot => bot.then_some(("a customer secured data action", SECURED_HELP)),
            R::SecureDataOutsideSecure => {
                (!secure).then_some(("a secure data action", SECURE_HELP))
            }
            R::TransferToFlowOutsideCall => (FlowType::of(ty) != FlowType::Call)
                .then_some(("a transfer to a call flow", TRANSFER_FLOW_HELP)),
            // Transfer to Secure Flow: "available in menu choices and task sequences for
            // inbound, outbound, and in-queue flows" (its page); the Scripting SDK offers it in
            // inbound, outbound and in-queue call flows only (not in secure call or email
            // flows).
            R::SecureFlowOutsideCall => {
                (!on_call).then_some(("a transfer to a secure flow", SECURE_FLOW_HELP))
            }
            // Transfer to Voicemail: "Use this action in inbound, outbound, and in-queue flow
            // types" (its page); the Scripting SDK offers it in the call flows (secure ones
            // too), not in email flows: a voicemail is left on a call.
            R::VoicemailOutsideCall => (FlowType::of(ty) != FlowType::Call)
                .then_some(("a transfer to voicemail", VOICEMAIL_HELP)),
            R::AutoReplyInCall => (FlowType::of(ty) == FlowType::Call)
                .then_some(("an email auto reply", AUTO_REPLY_HELP)),
            R::LanguageInDigital => {
                inbound.filter(|i| i.no_language()).map(|i| ("a language setting", i.help()))
            }
            R::InQueueHandlingInDigital => inbound.map(|i| ("in-queue handling", i.help())),
            R::HoldMusicOutsideInQueueCall => {
                (!in_queue_call && inbound.is_none()).then_some(("hold music", HOLD_HELP))
            }
            R::WaitTimeOutsideInQueue => {
                (!in_queue).then_some(("in-queue handling", WAIT_TIME_HELP))
            }
            R::PositionOutsideInQueue => {
                (!in_queue).then_some(("in-queue handling", POSITION_HELP))
            }
            R::UtilizationLabelWithoutLabels => {
                no_labels.then_some(("a utilization label action", LABEL_HELP))
            }
            R::AudioControlInDigital => inbound.map(|i| ("an audio control", i.help())),
            // Initialize and Set Flow Outcome: "available in the Flow category of the task
            // editor's Toolbox for call, chat, email, and messaging flows, excluding in-queue
            // call flows" (their pages): not in-queue calls, and not workflows or workitem
            // flows.
            R::OutcomeInQueueOrWork => (in_queue_call || matches!(ty, "workflow" | "workitem"))
                .then_some(("a flow outcome action", OUTCOME_HELP)),
            // Wait: "pause the email, survey, or message process"; its limits name "inbound
            // email, inbound message, inbound chat, workflow, in-queue email, and in-queue
            // message flows" and survey invite flows (Wait action); the Scripting SDK offers it
            // in none of the call flows.
            R::WaitInCall => call.then_some(("a wait", WAIT_HELP)),
            // Set UUI Data sets the User-to-User Information of a call's transfer or
            // disconnect (Set UUI Data action); the Scripting SDK offers it in the call flows
            // only.
            R::UuiInWritten => written.then_some(("call UUI data", UUI_HELP)),
            R::PriorityOutsideInQueue => {
                (!in_queue).then_some(("a priority setting", PRIORITY_HELP))
            }
            R::SipOutsideCall => (!sip).then_some(("a SIP header lookup", SIP_HELP)),
            R::SilenceOutsideCall => (!call).then_some(("silence detection", SILENCE_HELP)),
            R::BotFlowOutsideCallChatMessage => {
                (!(message || call_or_chat)).then_some(("a bot flow call", BOT_HELP))
            }
            R::DigitalBotFlowOutsideMessage => {
                (!message).then_some(("a digital bot flow call", DIGITAL_BOT_HELP))
            }
            R::AudioConnectorOutsideCall => {
                (!audio_connector).then_some(("an Audio Connector call", AUDIO_CONNECTOR_HELP))
            }
            // Return to Agent: "This action should only be used in secure call flows initiated
            // by an agent" (Return to Agent action); the Scripting SDK offers it in secure call
            // flows only.
            R::ReturnToAgentOutsideSecure => {
                (ty != "securecall").then_some(("a return to the agent", RETURN_HELP))
            }
            // Complete and Abort Survey Invite end a survey invite flow; the Scripting SDK
            // refuses them in every other flow type it makes.
            R::SurveyInviteElsewhere => {
                (ty != "surveyinvite").then_some(("a survey invite action", SURVEY_INVITE_HELP))
            }
            // Ask Survey Question: "The action is only available in voice survey flows" (its
            // page).
            R::SurveyQuestionElsewhere => {
                (ty != "voicesurvey").then_some(("a survey question", SURVEY_QUESTION_HELP))
            }
        }
    })
}

/// The inbound flow types of written interactions, whose overview pages say which actions
/// they lack: "Inbound email flows do not include language settings, in-queue handling, or
/// audio controls such as DTMF or text-to-speech" (Inbound email flows overview), "Inbound
/// chat flows do not include language settings, in-queue handling, or audio controls such as
/// DTMF or text-to-speech" (Inbound chat flows overview), "Inbound message flows do not
/// include in-queue handling, or audio controls such as DTMF or text-to-speech" (Inbound
/// message flows overview: language settings are not among them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum InboundDigital {
    Email,
    Chat,
    Message,
}

impl InboundDigital {
    fn of(ty: &str) -> Option<InboundDigital> {
        match ty {
            "inboundemail" => Some(InboundDigital::Email),
            "inboundchat" => Some(InboundDigital::Chat),
            "inboundshortmessage" => Some(InboundDigital::Message),
            _ => None,
        }
    }

    fn no_language(self) -> bool {
        self != InboundDigital::Message
    }

    fn help(self) -> &'static str {
        match self {
            InboundDigital::Email => EMAIL_HELP,
            InboundDigital::Chat => CHAT_HELP,
            InboundDigital::Message => MESSAGE_HELP,
        }
    }
}

const EMAIL_HELP: &str = "\"Inbound email flows do not include language settings, in-queue handling, or audio controls such as DTMF or text-to-speech\" (Genesys): answer the email with Send Auto Reply, or route it with Transfer to ACD";
const CHAT_HELP: &str = "\"Inbound chat flows do not include language settings, in-queue handling, or audio controls such as DTMF or text-to-speech\" (Genesys): answer the chat with Send Response, or route it with Transfer to ACD";
const MESSAGE_HELP: &str = "\"Inbound message flows do not include in-queue handling, or audio controls such as DTMF or text-to-speech\" (Genesys): answer the message with Send Response, or route it with Transfer to ACD";
const SECURE_FLOW_HELP: &str = "Transfer to Secure Flow is \"available in menu choices and task sequences for inbound, outbound, and in-queue flows\" (Genesys): transfer from the call flow that collects the caller's data";
const VOICEMAIL_HELP: &str = "Transfer to Voicemail is for \"inbound, outbound, and in-queue\" call flows (Genesys): a voicemail is left on a call; route a written interaction with Transfer to ACD";
const HOLD_HELP: &str = "\"The Hold Music action is available for in-queue call flows\" (Genesys): play the audio with Play Audio, or move Hold Music to the queue's in-queue call flow";
const WAIT_TIME_HELP: &str = "Play Estimated Wait Time \"is only available for in-queue flows\" (Genesys): move it to the queue's in-queue flow";
const POSITION_HELP: &str = "Play Position In Queue \"is only available for in-queue flows\" (Genesys): move it to the queue's in-queue flow";
const LABEL_HELP: &str = "utilization labels are set and cleared \"in bot, digital bot, inbound, in-queue, outbound, and voicemail flows\" (Genesys): set the label in the flow that routes the interaction";
const TRANSFER_FLOW_HELP: &str = "Transfer to Flow \"is only available in call flows\" (Genesys): route the interaction with Transfer to ACD";
const AUTO_REPLY_HELP: &str = "\"you can use a Send Auto Reply action in email flows but not call flows\" (Genesys): reply from the inbound email flow";
const SECURED_HELP: &str = "Get and Set Secured Data are for \"all flow types, excluding bot flows\" (Genesys): read or set the secured data in the flow that calls the bot";
const SECURE_HELP: &str = "Extract Secure Data and Call Secure Data are used \"in a secure call or voice bot flow\" (Genesys): move the action into the secure flow, or use Update Data or Call Data Action";
const RETURN_HELP: &str = "Return to Agent \"should only be used in secure call flows initiated by an agent\" (Genesys): end this flow with Disconnect, or transfer to the secure flow that returns the caller";
const SURVEY_INVITE_HELP: &str = "Complete and Abort Survey Invite decide a survey invite flow's outcome, and only a survey invite flow has them (Architect's Scripting SDK): move the action into the survey invite flow";
const SURVEY_QUESTION_HELP: &str = "Ask Survey Question \"is only available in voice survey flows\" (Genesys): ask the question in the voice survey flow, or collect the answer with Collect Input";
const PRIORITY_HELP: &str = "Set Priority sets the priority of the interaction \"while it waits in a queue. Use this action in Architect in-queue flows\" (Genesys): move it to the queue's in-queue flow, or give Transfer to ACD a priority";
const SIP_HELP: &str = "Get SIP Headers and Get Raw SIP Headers are used \"in inbound, in-queue, and secure call flows\" (Genesys): read the headers in the inbound call flow and keep what you need in participant data";
const BOT_HELP: &str = "Call Bot Flow integrates a bot flow \"into your call, chat, or message flows\" (Genesys): call the bot from one of those flows";
const DIGITAL_BOT_HELP: &str = "Call Digital Bot Flow integrates a digital bot flow \"into your message flows, including in-queue message flows\" (Genesys): call the digital bot from a message flow, or call a voice bot flow with Call Bot Flow";
const SILENCE_HELP: &str = "Detect Silence and Play Audio On Silence are for \"an outbound dialing campaign interaction. You can also use this action in inbound, secure, and in-queue call flows\" (Genesys): move it into a call flow";
const AUDIO_CONNECTOR_HELP: &str = "Call Audio Connector \"is available in the Bot category of the task editor's Toolbox in inbound, outbound, and in-queue call flows\" (Genesys): stream the audio from a call flow";
const WAIT_HELP: &str = "Wait pauses \"the email, survey, or message process\" (Genesys): a call flow has no Wait; play audio, or transfer the call to a queue whose in-queue flow plays hold music";
const UUI_HELP: &str = "Set UUI Data sets the User-to-User Information a call's transfer or disconnect carries (Genesys); only call flows have it";
const OUTCOME_HELP: &str = "flow outcome actions are for \"call, chat, email, and messaging flows, excluding in-queue call flows\" (Genesys): track the outcome in the flow that transfers to the queue";

/// Flow nodes whose constant callee is not in the registry (from every file, loaded or not).
pub(super) fn references(
    reg: &Registry,
    calls: &[(PathBuf, CallRef)],
    diags: &mut Vec<Diagnostic>,
) {
    for (file, call) in calls {
        let shared = match reg.find(&call.target, Want::Any) {
            Ok(_) => continue,
            // Any type is taken: only an action's lookup finds the wrong one.
            Err(Lookup::Missing | Lookup::WrongType(_)) => None,
            Err(Lookup::Ambiguous(flows)) => Some(flows),
        };
        if let Some(flows) = shared {
            diags.push(
                Diagnostic::error(
                    crate::diag::Code::FlowNotInRegistry,
                    format!(
                        "calls flow `{}`, a name flows of the types {} share (at run time the node fails with flowNotFound)",
                        call.target,
                        reg.types_of(&flows)
                    ),
                )
                .file(file)
                .flow(call.flow.clone())
                .node(call.node.clone())
                .property(call.property)
                .help("call the flow by its id"),
            );
            continue;
        }
        let hint = crate::util::nearest(&call.target, reg.flows().iter().map(|f| &*f.name));
        diags.push(
            Diagnostic::error(
                crate::diag::Code::FlowNotInRegistry,
                format!("calls flow `{}`, which is not in the registry (at run time the node fails with flowNotFound)", call.target),
            )
            .file(file)
            .flow(call.flow.clone())
            .node(call.node.clone())
            .property(call.property)
            .help(match hint {
                Some(h) => format!("did you mean `{h}`?"),
                None => "add the called flow's file to the --flows directory".into(),
            }),
        );
    }
}

/// Architect refuses an action whose name is longer than 200 characters
/// (`expr::limits::MAX_ACTION_NAME_CHARS`): `actionNameTooLong`.
pub(super) fn action_names(reg: &Registry, places: &Places<'_>, diags: &mut Vec<Diagnostic>) {
    let max = crate::expr::limits::MAX_ACTION_NAME_CHARS;
    for flow in reg.flows() {
        for node in &flow.draft.nodes {
            let chars = node.name.chars().count();
            // Architect's limit: a JSON flow is no Architect flow.
            if flow.format == crate::flow::model::Format::Json || chars <= max {
                continue;
            }
            let mut d = Diagnostic::error(
                crate::diag::Code::ActionNameTooLong,
                format!(
                    "the action's name is {chars} characters long; Architect allows at most {max}"
                ),
            )
            .file(&flow.file)
            .flow(&*flow.name)
            .node(flow.node_label(node))
            .help(format!("shorten the name to {max} characters or fewer"));
            d = places.node(flow, d, node);
            diags.push(d);
        }
    }
}

/// A flow name Architect refuses, `badFlowName`: "The maximum length of a flow name is 200
/// characters" ([Create a flow], said of every flow type); a workitem flow's name also "cannot
/// contain a slash / or end in -debug" (Work with workitem flows, which says it of workitem
/// flows only, so other flow types may have both). flowsim's own JSON flows are not Architect's
/// and are not checked.
///
/// [Create a flow]: https://help.mypurecloud.com/articles/create-a-call-flow/
pub(super) fn flow_names(reg: &Registry, diags: &mut Vec<Diagnostic>) {
    const MAX: usize = 200;
    for flow in reg.flows() {
        if flow.format == Format::Json {
            continue;
        }
        let workitem = flow.flow_type.eq_ignore_ascii_case("workitem");
        let name = &*flow.name;
        let chars = name.chars().count();
        let why = if chars > MAX {
            format!("is {chars} characters long; Architect allows at most {MAX}")
        } else if workitem && name.contains('/') {
            "contains a slash".to_string()
        } else if workitem && name.ends_with("-debug") {
            "ends in `-debug`".to_string()
        } else {
            continue;
        };
        let (kind, help) = if workitem {
            ("the workitem flow's", "\"The maximum length of a flow name is 200 characters and it cannot contain a slash / or end in -debug\" (Genesys): rename the flow")
        } else {
            ("the flow's", "\"The maximum length of a flow name is 200 characters\" (Genesys): rename the flow")
        };
        diags.push(
            Diagnostic::error(
                crate::diag::Code::BadFlowName,
                format!("{kind} name `{name}` {why}"),
            )
            .file(&flow.file)
            .flow(name)
            .property("name")
            .help(help),
        );
    }
}

/// Exit Loop and Next Loop outside every Loop's body: "Use the Exit Loop action in a Loop action
/// to terminate the current loop iteration" (Exit Loop action), and Architect's toolbox offers
/// both only in a loop's body. A body is what the loop's `loop` output reaches before it comes
/// back to the loop, through outputs, not through jumps or called tasks (another task's actions
/// are not in the body, even when the body calls it). One pass over each loop's body.
pub(super) fn loop_controls(reg: &Registry, places: &Places<'_>, diags: &mut Vec<Diagnostic>) {
    for flow in reg.flows() {
        let graph = &flow.draft;
        let controls = graph.nodes.iter().any(|n| n.action.spec().facts.loop_only);
        if !controls {
            continue;
        }
        let mut in_body = vec![false; graph.nodes.len()];
        for (l, node) in graph.nodes.iter().enumerate() {
            if !node.action.spec().facts.loops {
                continue;
            }
            let mut seen = vec![false; graph.nodes.len()];
            seen[l] = true;
            let mut stack: Vec<NodeIdx> = node.exits.iter().filter_map(|e| e.target).collect();
            while let Some(n) = stack.pop() {
                if std::mem::replace(&mut seen[n as usize], true) {
                    continue;
                }
                in_body[n as usize] = true;
                let body = graph.node(n);
                if !matches!(body.action.spec().facts.leaves, Leaves::Jumps) {
                    stack.extend(body.next);
                    stack.extend(body.exits.iter().filter_map(|e| e.target));
                }
            }
        }
        for (i, node) in graph.nodes.iter().enumerate() {
            let spec = node.action.spec();
            if !spec.facts.loop_only {
                continue;
            }
            let what = crate::flow::catalogue::default_name(spec.key);
            if in_body[i] {
                continue;
            }
            let d = Diagnostic::error(
                crate::diag::Code::OutsideLoop,
                format!("`{}` is {what} outside every Loop's body: it has no loop to leave", node.name),
            )
            .file(&flow.file)
            .flow(&*flow.name)
            .node(&*node.id)
            .help("move it into the body of the loop it should end (the Loop's `loop` output), or use the action the path should take instead");
            diags.push(places.node(flow, d, node));
        }
    }
}
