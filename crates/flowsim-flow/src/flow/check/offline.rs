//! What flowsim cannot run, found before a run reaches it: an `unsupported` error for each
//! call of a function flowsim cannot run offline (`MakeTimeslot`: flowsim has no Timeslot type)
//! and each Ask for Slot of a timeslot slot (a digital bot's time picker). The flow still loads
//! and runs (`unsupported` is one of the codes a run handles itself); a run that reaches one of
//! them fails with `unsupported` and the same reason (docs/architect.md §5). Reported here so
//! that `check` says what a run of every path would, as it does for an action type flowsim
//! does not run.

use super::compare::for_each_action_expr;
use super::place::Places;
use crate::diag::{Code, Diagnostic, Span};
use crate::expr::func::{self, Imp};
use crate::expr::{Expr, ExprKind};
use crate::flow::catalogue::bots::prop as bots;
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
            ExprKind::Binary(_, a, b) | ExprKind::Index(a, b) => stack.extend([&**a, &**b]),
            ExprKind::Unary(_, a) | ExprKind::Member(a, _) => stack.push(a),
            ExprKind::Lit(_) | ExprKind::Ref(_) => {}
        }
    }
}

/// Checks every Architect flow of `flows`.
pub(crate) fn check(flows: &[Flow], places: &Places<'_>, diags: &mut Vec<Diagnostic>) {
    for flow in flows.iter().filter(|f| f.format != Format::Json) {
        let nlu = flow.arch.bot.as_ref().and_then(|b| b.nlu.as_deref());
        for node in &flow.draft.nodes {
            let Some(a) = node.action.as_architect() else { continue };
            let error = |message: String, property: String| {
                Diagnostic::error(Code::Unsupported, message)
                    .file(&flow.file)
                    .flow(&*flow.name)
                    .node(flow.node_label(node))
                    .property(property)
                    .help("a run that reaches it fails with `unsupported`; docs/architect.md §5 lists what flowsim cannot run")
            };
            if a.has(bots::SLOT) {
                if let Some(slot) = a.get(bots::SLOT).text() {
                    if let Some(why) =
                        nlu.and_then(|n| n.slot(slot)).and_then(|i| i.kind.unsupported(slot))
                    {
                        diags.push(places.node(flow, error(why, "slot".to_owned()), node));
                    }
                }
            }
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
