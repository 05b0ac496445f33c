//! What flowsim cannot run, found before a run reaches it: an `unsupported` error for each
//! call of a function flowsim cannot run offline (a function of the table marked
//! `Imp::Unsupported`; none is today), and an `unsupported` warning for an output a run does
//! not write (Evaluate Schedule Group's `inServiceSchedules`). The flow still loads and runs (`unsupported` is one of
//! the codes a run handles itself); a run that reaches one fails with `unsupported` and the
//! same reason (docs/architect.md §5). Reported here so that `check` says what a run of every
//! path would, as it does for an action type flowsim does not run.

use super::compare::for_each_action_expr;
use super::place::Places;
use crate::diag::{Code, Diagnostic, Span};
use crate::expr::func::{self, Imp};
use crate::expr::{Expr, ExprKind};
use crate::flow::{Flow, Format};

/// The calls in `e` of functions flowsim cannot run: (the call's span, its name, why).
fn offline_calls(e: &Expr, out: &mut Vec<(Span, &'static str, &'static str)>) {
    let mut stack = vec![e];
    while let Some(x) = stack.pop() {
        match &x.kind {
            ExprKind::Call(c) => {
                let def = func::get(c.func);
                if let Imp::Unsupported(why) = def.imp {
                    out.push((x.span, def.name, why));
                }
                stack.extend(c.args.iter());
            }
            ExprKind::Binary(_, a, b) | ExprKind::Index(a, b, _) => stack.extend([&**a, &**b]),
            ExprKind::Unary(_, a) | ExprKind::Member(a, _) => stack.push(a),
            ExprKind::Lit(_) | ExprKind::Ref(_) => {}
        }
    }
}

/// Checks every Architect flow of `flows`.
pub(crate) fn check(flows: &[Flow], places: &Places<'_>, diags: &mut Vec<Diagnostic>) {
    for flow in flows.iter().filter(|f| f.format != Format::Json) {
        for node in &flow.draft.nodes {
            let Some(a) = node.action.as_architect() else { continue };
            // Evaluate Schedule Group's Output Active Schedules: no page says whether it holds
            // the schedules' names or ids, so a run does not write it (docs/architect.md §5).
            let schedules = crate::flow::catalogue::data::prop::IN_SERVICE_SCHEDULES;
            let active = a.has(schedules).then(|| a.get(schedules));
            if let Some(var) = active.and_then(crate::flow::action::Prop::var) {
                let d = Diagnostic::warning(
                    Code::Unsupported,
                    format!(
                        "`{}` writes its active schedules to `{}`, which a run does not write: the variable keeps its value",
                        node.name, var.name
                    ),
                )
                .file(&flow.file)
                .flow(&*flow.name)
                .node(flow.node_label(node))
                .property("inServiceSchedules")
                .help("a test that reads the variable sees what it held before; `flowsim docs architect` §5 says why it is not written");
                diags.push(places.node(flow, d, node));
            }
            let error = |message: String, property: String| {
                Diagnostic::error(Code::Unsupported, message)
                    .file(&flow.file)
                    .flow(&*flow.name)
                    .node(flow.node_label(node))
                    .property(property)
                    .help("a run that reaches it fails with `unsupported`; `flowsim docs architect` §5 lists what flowsim cannot run")
            };
            for_each_action_expr(a, &mut |property, _, e| {
                let mut calls = Vec::new();
                offline_calls(e, &mut calls);
                if calls.is_empty() {
                    return;
                }
                for (span, name, why) in calls {
                    let d = error(format!("{name} cannot run offline: {why}"), property.clone());
                    diags.push(places.expr(flow, d, node, e, span));
                }
            });
        }
    }
}
