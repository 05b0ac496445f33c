//! Secure variables and secured customer data, where Architect refuses them.
//!
//! A secure variable (Architect's "Content is secure": Archy's and the export's `isSecure`) is
//! write-only: "They are available only in secure call and voice bot flows, and Architect reads
//! secure values from the Extract Secure Data action, Call Secure Data action, and from audio
//! expressions" (Genesys, "Manage a variable"). So, as `secureVariable` errors:
//! - a secure variable declared in a flow of another type;
//! - a secure variable read anywhere else than an Extract Secure Data statement's value, a Call
//!   Secure Data input or an audio property;
//! - an Extract Secure Data statement that writes a secure variable ("The destination variable
//!   must be a non-secure variable", "Extract Secure Data action");
//! - an Extract Secure Data statement whose value reads no secure variable ("The input data must
//!   be an expression that contains a secure variable reference", "Extract Secure Data data
//!   action"): Update Data is the action for that.
//!
//! And "You cannot assign secured customer data in a Set Screen Pop action" ("Get Secured Data
//! action"): a Set Screen Pop input that reads a variable a Get Secured Data action of the flow
//! writes is a `securedDataInScreenPop` error.
//!
//! Writing a secure variable is allowed everywhere (it is write-only). Names compare ignoring
//! case, as Architect's variables do.

use super::compare::for_each_action_expr;
use super::place::Places;
use crate::diag::{Code, Diagnostic};
use crate::flow::catalogue::{PropKind, SecureData};
use crate::flow::model::FlowType;
use crate::flow::{Flow, Format};

/// Where a reference to a secure variable may be: the Extract Secure Data statements' values,
/// the Call Secure Data inputs, and audio.
fn reads_secure(secure: SecureData, spec_kind: Option<&PropKind>, path: &str) -> bool {
    match secure {
        SecureData::Extracts => path
            .strip_prefix("statements[")
            .and_then(|rest| rest.split_once("]."))
            .is_some_and(|(_, field)| field == "value"),
        SecureData::CallsOnly => path.starts_with("inputs."),
        SecureData::None | SecureData::Gets | SecureData::ScreenPop => {
            matches!(spec_kind, Some(PropKind::Audio))
        }
    }
}

/// Whether a flow of type `ty` may declare secure variables: secure call and (voice) bot flows.
fn offers_secure(ty: &str) -> bool {
    let ty = ty.to_ascii_lowercase();
    matches!(ty.as_str(), "securecall" | "bot" | "botflow" | "voicebot")
}

/// Checks every Architect flow of `flows`.
pub(crate) fn check(flows: &[Flow], places: &Places<'_>, diags: &mut Vec<Diagnostic>) {
    for flow in flows.iter().filter(|f| f.format != Format::Json) {
        let decls = flow
            .arch
            .variables
            .iter()
            .chain(flow.arch.containers.iter().flat_map(|c| &c.variables));
        let secure: Vec<&str> =
            decls.filter(|d| d.is_secure).map(|d| &*d.var.lower).collect::<Vec<_>>();
        if !secure.is_empty() {
            declared_where_offered(flow, places, diags);
            reads_and_writes(flow, places, &secure, diags);
        }
        extracts_read_secure(flow, places, &secure, diags);
        screen_pops(flow, places, diags);
    }
}

/// A secure variable declared in a flow type without them.
fn declared_where_offered(flow: &Flow, places: &Places<'_>, diags: &mut Vec<Diagnostic>) {
    let types: Vec<&str> = match FlowType::of(&flow.flow_type) {
        FlowType::CommonModule => flow.arch.compatible_flow_types.iter().map(|t| &**t).collect(),
        _ => vec![&*flow.flow_type],
    };
    let Some(ty) = types.into_iter().find(|t| !offers_secure(t)) else { return };
    let decls =
        flow.arch.variables.iter().chain(flow.arch.containers.iter().flat_map(|c| &c.variables));
    let found = decls.filter(|d| d.is_secure).map(|decl| {
        let d = Diagnostic::error(
            Code::SecureVariable,
            format!(
                "`{}` is a secure variable, which a flow of type {ty} cannot have: secure variables \
                 \"are available only in secure call and voice bot flows\"",
                decl.var.name
            ),
        )
        .file(&flow.file)
        .flow(&*flow.name)
        .property("variables")
        .help("declare it without `isSecure`, or move the secure part into a secure call flow (Transfer to Secure Flow)");
        (d, &*decl.var.name)
    });
    diags.extend(places.declared(flow, found));
}

/// Reads of secure variables where Architect refuses them, and Extract Secure Data writing one.
fn reads_and_writes(
    flow: &Flow,
    places: &Places<'_>,
    secure: &[&str],
    diags: &mut Vec<Diagnostic>,
) {
    let is_secure = |lower: &str| secure.contains(&lower);
    for node in &flow.draft.nodes {
        let Some(a) = node.action.as_architect() else { continue };
        let spec = a.spec();
        let error = |message: String, property: String| {
            Diagnostic::error(Code::SecureVariable, message)
                .file(&flow.file)
                .flow(&*flow.name)
                .node(flow.node_label(node))
                .property(property)
        };
        for_each_action_expr(a, &mut |property, i, e| {
            let kind = spec.props.get(i).map(|p| &p.kind);
            if reads_secure(spec.facts.secure, kind, &property) {
                return;
            }
            e.for_each_ref(&mut |p, span| {
                if p.len() < 2 || !is_secure(p.prefix(2)) {
                    return;
                }
                let d = error(
                    format!(
                        "`{}` is a secure variable, which {} cannot read: \"Secure variables are \
                         write-only\", read only by Extract Secure Data, Call Secure Data and audio",
                        p.text, spec.key
                    ),
                    property.clone(),
                )
                .help("copy what you need into a non-secure variable with Extract Secure Data, and read that");
                diags.push(places.expr(flow, d, node, e, span));
            });
        });
        if spec.facts.secure == SecureData::Extracts {
            a.for_each_written_name(&mut |name| {
                if !is_secure(&name.to_lowercase()) {
                    return;
                }
                let d = error(
                    format!(
                        "Extract Secure Data writes `{name}`, a secure variable: \"The destination \
                         variable must be a non-secure variable\""
                    ),
                    "statements".to_owned(),
                )
                .help("write a non-secure variable; Update Data writes secure ones");
                diags.push(places.written(flow, d, node, name));
            });
        }
    }
}

/// Extract Secure Data statements whose value reads no secure variable.
fn extracts_read_secure(
    flow: &Flow,
    places: &Places<'_>,
    secure: &[&str],
    diags: &mut Vec<Diagnostic>,
) {
    for node in &flow.draft.nodes {
        let Some(a) = node.action.as_architect() else { continue };
        if a.spec().facts.secure != SecureData::Extracts {
            continue;
        }
        for_each_action_expr(a, &mut |property, _, e| {
            if property.rsplit_once('.').is_none_or(|(_, field)| field != "value") {
                return;
            }
            let mut reads = false;
            e.for_each_ref(&mut |p, _| reads |= p.len() >= 2 && secure.contains(&p.prefix(2)));
            if reads {
                return;
            }
            let d = Diagnostic::error(
                Code::SecureVariable,
                format!(
                    "{property} reads no secure variable: in Extract Secure Data, \"The input data \
                     must be an expression that contains a secure variable reference\""
                ),
            )
            .file(&flow.file)
            .flow(&*flow.name)
            .node(flow.node_label(node))
            .property(property.clone())
            .help("assign a value that reads no secure variable with Update Data");
            diags.push(places.expr(flow, d, node, e, e.span));
        });
    }
}

/// Set Screen Pop inputs that read what a Get Secured Data action writes.
fn screen_pops(flow: &Flow, places: &Places<'_>, diags: &mut Vec<Diagnostic>) {
    let mut secured: Vec<String> = Vec::new();
    for node in &flow.draft.nodes {
        if node.action.spec().facts.secure == SecureData::Gets {
            node.action.for_each_written_name(&mut |n| secured.push(n.to_lowercase()));
        }
    }
    if secured.is_empty() {
        return;
    }
    for node in &flow.draft.nodes {
        let Some(a) = node.action.as_architect() else { continue };
        if a.spec().facts.secure != SecureData::ScreenPop {
            continue;
        }
        for_each_action_expr(a, &mut |property, _, e| {
            e.for_each_ref(&mut |p, span| {
                let read = (2..=p.len()).map(|n| p.prefix(n)).find(|pre| secured.iter().any(|s| s == pre));
                if read.is_none() {
                    return;
                }
                let d = Diagnostic::error(
                    Code::SecuredDataInScreenPop,
                    format!(
                        "`{}` holds secured customer data (a Get Secured Data action sets it): \"You \
                         cannot assign secured customer data in a Set Screen Pop action\"",
                        p.text
                    ),
                )
                .file(&flow.file)
                .flow(&*flow.name)
                .node(flow.node_label(node))
                .property(property.clone())
                .help("leave the secured attribute out of the screen pop's inputs");
                diags.push(places.expr(flow, d, node, e, span));
            });
        });
    }
}
