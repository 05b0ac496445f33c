//! What flowsim cannot run, found before a run reaches it: an `unsupported` error for each
//! call of a function flowsim cannot run offline (`MakeTimeslot`: flowsim has no Timeslot type)
//! and each Ask for Slot of a timeslot slot (a digital bot's time picker). The flow still loads
//! and runs (`unsupported` is one of the codes a run handles itself); a run that reaches one of
//! them fails with `unsupported` and the same reason (docs/architect.md §5). Reported here so
//! that `check` says what a run of every path would, as it does for an action type flowsim
//! does not run.

use super::compare::{for_each_action_expr, locate, place};
use crate::diag::{Code, Diagnostic};
use crate::expr::func::{self, Imp};
use crate::expr::{Expr, ExprKind};
use crate::flow::catalogue::bots::prop as bots;
use crate::flow::{Flow, Format};
use crate::nlu::SlotKind;

/// The calls in `e` of functions flowsim cannot run: (the call as written, its name, why).
fn offline_calls(e: &Expr, out: &mut Vec<(String, &'static str, &'static str)>) {
    let mut stack = vec![e];
    while let Some(x) = stack.pop() {
        match &x.kind {
            ExprKind::Call(c) => {
                let def = func::get(c.func);
                if let Imp::Unsupported(why) = def.imp {
                    out.push((x.to_string(), def.name, why));
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
pub fn check(flows: &[Flow], diags: &mut Vec<Diagnostic>) {
    for flow in flows.iter().filter(|f| f.format != Format::Json) {
        let mut source: Option<Option<String>> = None;
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
                    if nlu.and_then(|n| n.slot(slot)).is_some_and(|i| i.kind == SlotKind::Timeslot)
                    {
                        let d = error(
                            format!("slot `{slot}` is a timeslot (a time picker's): flowsim has no Timeslot type to offer or read"),
                            "slot".to_owned(),
                        );
                        diags.push(if node.line > 0 { d.at(node.line as usize, 1) } else { d });
                    }
                }
            }
            for_each_action_expr(a, &mut |property, _, e| {
                let mut calls = Vec::new();
                offline_calls(e, &mut calls);
                if calls.is_empty() {
                    return;
                }
                let source = source
                    .get_or_insert_with(|| std::fs::read_to_string(&flow.file).ok())
                    .as_deref();
                let whole = e.to_string();
                for (call, name, why) in calls {
                    let d = error(format!("{name} cannot run offline: {why}"), property.clone());
                    // The caret under the call as printed; the file's line and column where the
                    // function's name is written (the printed call spaces its arguments as the
                    // file may not).
                    let d = place(d, &whole, &call, None, node.line);
                    diags.push(match locate(source, node.line as usize, &format!("{name}(")) {
                        Some((line, col)) => d.at(line, col),
                        None => d,
                    });
                }
            });
        }
    }
}
