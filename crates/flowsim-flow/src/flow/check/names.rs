//! Names a flow reads that cannot be right, found by `check` (and every load), with the
//! nearest valid name:
//!
//! - `unknownOutput`: `Menu.digit` where node `Menu` (a Gather) has the output `digits`;
//! - `unknownBuiltin`: `Call.Anii`, a `Call.` or `context.` field the run context does not
//!   have (docs/json-flows.md); in Architect flows, a name a letter or two from one of Architect's
//!   built-ins (`expr::builtins`), or a built-in of another kind of flow (`Message.` in a call
//!   flow);
//! - `neverAssigned`: `Flow.never`, a variable no Set node of any flow in the registry
//!   assigns (flows share one store per conversation; a request may still preset it, so this
//!   is a warning); in Architect flows, a declared variable with no initial value, not an
//!   input, that no action writes (always NOT_SET);
//! - `impossibleDigits`: `Menu.digits == "12"` where Gather `Menu` takes one digit: always
//!   false;
//! - `undeclaredVariable` (Architect flows): `Flow.custmerName`, a name of the flow's own
//!   scopes it neither declares nor writes;
//! - `unreachableOutput` (every format): a branch a constant condition makes unreachable;
//! - `invalidVariableName` (Architect flows): an action writes `Flow.list[1]`, which is no
//!   variable's name.
//!
//! In the seeds' JSON flows these are warnings: the run's rules make each read NOT_SET, which a
//! flow may mean (`flowsim check --strict` fails on them). In Architect flows `undeclaredVariable`
//! and `unknownBuiltin` are errors, because Architect's checker refuses the expression;
//! `neverAssigned` and `unreachableOutput` stay warnings, as Architect accepts those flows.

use super::place::Places;
use crate::diag::{Diagnostic, Severity};
use crate::expr::Path;
use crate::flow::action::Prop;
use crate::flow::catalogue::control::prop as control;
use crate::flow::model::Graph;
use crate::flow::{Flow, Format};
use crate::util::{fold_case, nearest};
use rustc_hash::FxHashSet;

/// The fields `Call.` and `context.` have (the engine's `Scope::context_value`).
const CALL_FIELDS: &[&str] =
    &["Ani", "CalledAddress", "Dnis", "ConversationId", "Channel", "MediaType"];
const CONTEXT_FIELDS: &[&str] =
    &["from", "to", "conversationId", "channel", "mediaType", "startTime", "attributes"];

/// The scopes of an Architect flow's own variables (lower-cased): every other dotted name is a
/// built-in.
pub(super) const SCOPES: &[&str] = &["flow", "task", "state", "slot", "common"];

/// An Architect flow's reads of its own scopes (`Flow.`, `Task.`, `State.`, `Slot.`,
/// `Common.`) that no declaration and no action of the flow writes: `undeclaredVariable`
/// errors, as Architect's checker refuses them ("The variable reference 'Flow.x' at position 1
/// is not valid."). Architect's read-only `Flow.` built-ins are known. Built-ins misspelt or
/// of another kind of flow are `unknownBuiltin` errors, for the same reason; declared
/// variables nothing gives a value are `neverAssigned` warnings (Architect accepts them).
fn check_architect(flow: &Flow, places: &Places<'_>, diags: &mut Vec<Diagnostic>) {
    let own = OwnNames::of(flow);
    let graph = &flow.draft;
    let mut seen: FxHashSet<String> = FxHashSet::default();
    let mut reads: FxHashSet<String> = FxHashSet::default();
    for node in &graph.nodes {
        let Some(a) = node.action.as_architect() else { continue };
        super::compare::for_each_action_expr(a, &mut |property, _, e| {
            e.for_each_ref(&mut |p: &Path, span| {
                if p.len() < 2 {
                    return;
                }
                let var = p.prefix(2);
                reads.insert(var.to_owned());
                let written = written_name(p);
                let Some((d, meant)) = own.problem(flow, p, written) else { return };
                // Once per name and flow.
                if !seen.insert(var.to_owned()) {
                    return;
                }
                let d = d
                    .file(&flow.file)
                    .flow(&*flow.name)
                    .node(flow.node_label(node))
                    .property(property.clone());
                let span = crate::diag::Span::new(
                    span.start as usize,
                    span.start as usize + written.len(),
                );
                let fix = meant.and_then(|n| {
                    places.fix(flow, node, e, Some(property.as_str()), span, written, n)
                });
                diags.push(places.expr(flow, d, node, e, span).maybe_fix(fix));
            });
        });
    }
    misspelt_writes(flow, &own.declared, &reads, places, diags);
    invalid_writes(flow, places, diags);
}

/// The first two segments of `p` as written: the text up to its second `.`.
fn written_name(p: &Path) -> &str {
    let text: &str = &p.text;
    match text.match_indices('.').nth(1) {
        Some((i, _)) => text.get(..i).unwrap_or(text),
        None => text,
    }
}

/// The first read of `e` that Architect's checker refuses in flow `flow` (an Architect flow:
/// `undeclaredVariable`, an erroneous `unknownBuiltin`), as `check` words it, with the span of
/// the name as written: what the debugger refuses to evaluate in a frame of that flow (a common
/// module's frame does not read its caller's `Flow.` variables). `None` for a JSON flow, whose
/// reads of names no flow sets are warnings (NOT_SET).
pub fn refused_read(flow: &Flow, e: &crate::expr::Expr) -> Option<(Diagnostic, crate::diag::Span)> {
    if flow.format == Format::Json {
        return None;
    }
    let own = OwnNames::of(flow);
    let mut found = None;
    e.for_each_ref(&mut |p: &Path, span| {
        if found.is_some() || p.len() < 2 {
            return;
        }
        let written = written_name(p);
        if let Some((d, _)) = own.problem(flow, p, written) {
            if d.severity == Severity::Error {
                let start = span.start as usize;
                found = Some((d, crate::diag::Span::new(start, start + written.len())));
            }
        }
    });
    found
}

/// The names of an Architect flow's own scopes: declared, written, given a value, and every
/// name an expression may read without a finding.
struct OwnNames {
    known: FxHashSet<String>,
    /// As written, first spelling first: the suggestions.
    names: Vec<String>,
    /// What gives a variable a value: an action's write, an initial value, being an input.
    given: FxHashSet<String>,
    declared: FxHashSet<String>,
}

impl OwnNames {
    fn of(flow: &Flow) -> OwnNames {
        let mut own = OwnNames {
            known: FxHashSet::default(),
            names: Vec::new(),
            given: FxHashSet::default(),
            declared: FxHashSet::default(),
        };
        let mut add = |name: &str| {
            if own.known.insert(fold_case(name).into_owned()) {
                own.names.push(name.to_owned());
            }
        };
        for d in
            flow.arch.variables.iter().chain(flow.arch.containers.iter().flat_map(|c| &c.variables))
        {
            add(&d.var.name);
            let lower = fold_case(&d.var.name).into_owned();
            if d.initial.is_some() || d.is_input || d.is_collection() {
                own.given.insert(lower.clone());
            }
            own.declared.insert(lower);
        }
        for node in &flow.draft.nodes {
            if let Some(a) = node.action.as_architect() {
                a.for_each_written_name(&mut |name| {
                    add(name);
                    own.given.insert(fold_case(name).into_owned());
                });
            }
        }
        for b in crate::expr::builtins::BUILTINS {
            own.known.insert(fold_case(b.name).into_owned());
        }
        own
    }

    /// What is wrong with reading `p` (written `written`) in `flow`, with the one name a
    /// misspelt variable can mean (its certain fix); `None` when nothing is.
    fn problem<'s>(
        &'s self,
        flow: &Flow,
        p: &Path,
        written: &str,
    ) -> Option<(Diagnostic, Option<&'s str>)> {
        /// `Flow.` names accepted as built-ins without a public source confirming them (the
        /// confirmed ones are in `expr::builtins`).
        const FLOW_BUILTINS: &[&str] = &[
            "flow.flowname",
            "flow.flowid",
            "flow.flowversion",
            "flow.flowtype",
            "flow.isdebug",
            "flow.errortype",
            "flow.errormessage",
            "flow.errorstring",
            "flow.transferdestination",
        ];
        let var = p.prefix(2);
        let flow_builtin = p.head() == "flow"
            && !self.declared.contains(var)
            && crate::expr::builtins::find(p).is_some();
        if flow_builtin {
            // `Flow.HoldPrompt` in a flow that is not an in-queue call flow.
            return builtin_problem(flow, p, written).map(|d| (d, None));
        }
        if !SCOPES.contains(&p.head()) {
            return builtin_problem(flow, p, written).map(|d| (d, None));
        }
        if !self.declared.contains(var) {
            if self.known.contains(var) || FLOW_BUILTINS.contains(&var) {
                return None;
            }
            let names = self.names.iter().map(String::as_str);
            let hint = nearest(written, names.clone())
                .map_or_else(String::new, |n| format!("did you mean `{n}`? "));
            let meant = crate::util::nearest_one(written, names);
            let d = Diagnostic::error(
                crate::diag::Code::UndeclaredVariable,
                format!("`{written}` is read, but flow `{}` declares no such variable and no action writes it: Architect refuses the expression", flow.name),
            )
            .help(format!("{hint}declare it in the flow's `variables`"));
            return Some((d, meant));
        }
        if !self.given.contains(var) && p.head() != "slot" {
            // Declared, but nothing ever gives it a value (slots are the bot's to fill).
            let d = Diagnostic::warning(
                crate::diag::Code::NeverAssigned,
                format!("`{written}` is read, but nothing gives it a value: it has no initial value, is not an input, and no action of flow `{}` writes it (it is always NOT_SET)", flow.name),
            )
            .help("give it an `initialValue`, make it an input (`isInput`), or write it before it is read");
            return Some((d, None));
        }
        None
    }
}

/// `invalidVariableName` errors: an action writes a name of the flow's own scopes that is not
/// a variable's name (`Flow.list[1]`): "Variable names need to be at least one character long
/// and start with a letter. Subsequent characters must either be a letter, underscore or
/// digit" (the Scripting SDK's `ArchBaseVariable`).
fn invalid_writes(flow: &Flow, places: &Places<'_>, diags: &mut Vec<Diagnostic>) {
    fn is_name(name: &str) -> bool {
        let mut chars = name.chars();
        chars.next().is_some_and(char::is_alphabetic)
            && chars.all(|c| c.is_alphanumeric() || c == '_')
    }
    for node in &flow.draft.nodes {
        let Some(a) = node.action.as_architect() else { continue };
        let mut bad: Vec<String> = Vec::new();
        a.for_each_written_name(&mut |name| {
            let Some((scope, rest)) = name.split_once('.') else { return };
            if SCOPES.contains(&&*fold_case(scope))
                && !is_name(rest)
                && !bad.iter().any(|b| b == name)
            {
                bad.push(name.to_owned());
            }
        });
        for name in bad {
            let d = Diagnostic::error(
                crate::diag::Code::InvalidVariableName,
                format!("`{}` writes `{name}`, which is not a variable's name: a name starts with a letter, then letters, digits and underscores", node.name),
            )
            .file(&flow.file)
            .flow(&*flow.name)
            .node(flow.node_label(node))
            .help("write a declared variable; to change a collection's item, assign the whole collection (`ReplaceItemAt(Flow.list, 1, \"B\")`)");
            diags.push(places.node(flow, d, node));
        }
    }
}

/// `misspeltVariable` errors: an action writes a variable of the flow's own scopes that the
/// flow neither declares nor reads, a letter or two from one it declares (`Flow.custmerName`
/// for `Flow.customerName`). Architect creates the variable the write names, so the declared
/// one is never given the value and its reads see NOT_SET.
fn misspelt_writes(
    flow: &Flow,
    declared: &FxHashSet<String>,
    reads: &FxHashSet<String>,
    places: &Places<'_>,
    diags: &mut Vec<Diagnostic>,
) {
    const SCOPES: &[&str] = &["flow", "task", "state"];
    let declared_names: Vec<&str> = flow
        .arch
        .variables
        .iter()
        .chain(flow.arch.containers.iter().flat_map(|c| &c.variables))
        .map(|d| &*d.var.name)
        .collect();
    let mut seen: FxHashSet<String> = FxHashSet::default();
    for node in &flow.draft.nodes {
        let Some(a) = node.action.as_architect() else { continue };
        a.for_each_written_name(&mut |name| {
            let lower = fold_case(name).into_owned();
            let Some((scope, _)) = lower.split_once('.') else { return };
            if !SCOPES.contains(&scope)
                || declared.contains(&lower)
                || reads.contains(&lower)
                || !seen.insert(lower.clone())
            {
                return;
            }
            let near = declared_names
                .iter()
                .filter(|d| fold_case(d).split_once('.').is_some_and(|(s, _)| s == scope))
                .map(|d| (crate::util::edit_distance(&lower, &fold_case(d)), *d))
                .filter(|(n, _)| *n <= 2)
                .min_by_key(|(n, _)| *n);
            let Some((_, near)) = near else { return };
            let d = Diagnostic::error(
                crate::diag::Code::MisspeltVariable,
                format!(
                    "`{name}` is written, but flow `{}` declares no such variable and nothing reads it; `{near}` is declared",
                    flow.name
                ),
            )
            .file(&flow.file)
            .flow(&*flow.name)
            .node(flow.node_label(node))
            .help(format!("did you mean `{near}`? (Architect would create `{name}`, and `{near}` would stay NOT_SET)"));
            diags.push(places.written(flow, d, node, name));
        });
    }
}

/// `unknownBuiltin` for an Architect flow's read of a built-in namespace (`Call.`,
/// `Message.`, `System.`...): a name a letter or two from a listed built-in (`Call.Anii`), or a
/// built-in the flow's type does not have (`Call.Ani` in a message flow, `Call.CurrentQueue`
/// in an inbound call flow), which Architect refuses and which reads NOT_SET.
fn builtin_problem(flow: &Flow, p: &Path, written: &str) -> Option<Diagnostic> {
    use crate::expr::builtins::{find, near_miss, Media, NAMESPACES};
    if let Some((b, _)) = find(p) {
        if b.flows.has(&flow.flow_type)? {
            return None;
        }
        let here = Media::of_flow_type(&flow.flow_type);
        let member = b.name.split_once('.').map_or("", |(_, m)| m);
        // The same member in this flow's own namespace (`Message.ConversationId` for
        // `Call.ConversationId`).
        let same = crate::expr::builtins::BUILTINS.iter().find(|o| {
            o.flows.has(&flow.flow_type) == Some(true)
                && o.name != b.name
                && o.name.split_once('.').is_some_and(|(_, m)| m.eq_ignore_ascii_case(member))
        });
        let help = match (same, here.and_then(Media::namespace)) {
            (Some(o), _) => format!("use `{}`, this flow type's built-in", o.name),
            (None, Some(ns)) if b.media != Media::Any => {
                format!(
                    "a {} reads `{ns}.` built-ins",
                    here.map_or("", Media::flows).trim_end_matches('s')
                )
            }
            (None, _) => format!("`{}` exists only in: {}", b.name, b.flows.describe()),
        };
        // Architect published this flow reading it (an export is what Architect wrote): its
        // checker took the built-in here, whatever the Scripting SDK's scoping says, so the
        // flow loads, and the run reads what a flow of this type has in it (docs/architect.md
        // §4: NOT_SET, a call having no message).
        if flow.format == Format::Export {
            return Some(Diagnostic {
                severity: Severity::Warning,
                ..Diagnostic::error(
                    crate::diag::Code::UnknownBuiltin,
                    format!(
                        "`{written}` is a built-in of {} flows, not of flow `{}` ({}); Architect published the flow reading it, so flowsim accepts it: a run reads it as NOT_SET",
                        b.flows.describe(),
                        flow.name,
                        flow.flow_type,
                    ),
                )
                .help(format!("{help}; a request can preset it (`--var {}=...`)", b.name))
            });
        }
        return Some(
            Diagnostic::error(
                crate::diag::Code::UnknownBuiltin,
                format!(
                    "`{written}` is a built-in of {} flows, and flow `{}` ({}) does not have it: Architect refuses the expression",
                    b.flows.describe(),
                    flow.name,
                    flow.flow_type,
                ),
            )
            .help(help),
        );
    }
    if !NAMESPACES.contains(&p.head()) {
        return None;
    }
    let near = near_miss(written)?;
    Some(
        Diagnostic::error(
            crate::diag::Code::UnknownBuiltin,
            format!(
                "`{written}` is not one of Architect's built-in variables: Architect refuses the expression"
            ),
        )
        .help(format!("did you mean `{}`? ({})", near.name, near.source.describe())),
    )
}

/// Branches that can never be taken because a condition is a constant: after a `true`
/// condition (of an If, a switch's case), nothing later; a `false` one, never itself; a
/// decision on a constant, never its other output. `unreachableOutput` warnings.
fn constant_branches(flow: &Flow, places: &Places<'_>, diags: &mut Vec<Diagnostic>) {
    use crate::expr::{ExprKind, Value};
    use crate::flow::catalogue::Varies;
    let constant = |e: &crate::expr::Expr| match &e.kind {
        ExprKind::Lit(Value::Bool(b)) => Some(*b),
        _ => None,
    };
    for node in &flow.draft.nodes {
        // (which branches are dead, as names) per node type.
        let mut dead: Vec<String> = Vec::new();
        let a = &node.action;
        match a.spec().facts.varies {
            Varies::JsonConditions => {
                let conditions = crate::flow::catalogue::json::conditions(a);
                let count = conditions.len();
                let default = crate::flow::catalogue::json::default_next(a);
                for (i, (expr, _)) in conditions.enumerate() {
                    match constant(expr) {
                        Some(true) => {
                            dead.extend((i + 1..count).map(|j| format!("conditions[{j}]")));
                            if default.is_some() {
                                dead.push("defaultNextNode".into());
                            }
                            break;
                        }
                        Some(false) => dead.push(format!("conditions[{i}]")),
                        None => {}
                    }
                }
            }
            Varies::Condition => {
                if let Some(b) = a.get(control::DECISION_CONDITION).expr().and_then(constant) {
                    dead.push(if b { "no" } else { "yes" }.into());
                }
            }
            Varies::SwitchCases => {
                let cases = a.get(control::SWITCH_CASES).list();
                for (i, case) in cases.iter().enumerate() {
                    match Prop::field(case, control::CASE_VALUE).expr().and_then(constant) {
                        Some(true) => {
                            let later = cases.len();
                            dead.extend((i + 1..later).map(|j| format!("case {}", j + 1)));
                            dead.push("default".into());
                            break;
                        }
                        Some(false) => dead.push(format!("case {}", i + 1)),
                        None => {}
                    }
                }
            }
            _ => {}
        }
        for branch in dead {
            let d = Diagnostic::error(
                crate::diag::Code::UnreachableOutput,
                format!("`{branch}` of `{}` can never be taken: a condition before it, or its own, is a constant", node.id),
            )
            .file(&flow.file)
            .flow(&*flow.name)
            .node(flow.node_label(node))
            .help("replace the constant with the condition you meant, or remove the branch");
            let d = Diagnostic { severity: Severity::Warning, ..d };
            // A JSON flow's node is placed at its key when the load ends.
            diags.push(if flow.format == Format::Json { d } else { places.node(flow, d, node) });
        }
    }
}

/// Branches whose condition is a constant, flow by flow (each flow's alone).
pub(crate) fn branches(flows: &[Flow], places: &Places<'_>, diags: &mut Vec<Diagnostic>) {
    for flow in flows {
        constant_branches(flow, places, diags);
    }
}

/// Names an Architect flow reads that cannot be right, flow by flow (each flow's alone).
pub(crate) fn architect(flows: &[Flow], places: &Places<'_>, diags: &mut Vec<Diagnostic>) {
    for flow in flows.iter().filter(|f| f.format != Format::Json) {
        check_architect(flow, places, diags);
    }
}

/// Names the seeds' JSON flows read that no flow of the registry assigns: the store is the
/// conversation's, so this reads every flow.
pub(crate) fn conversation(flows: &[Flow], diags: &mut Vec<Diagnostic>) {
    // Every variable a Set assigns, in any flow: the store is the conversation's.
    let mut assigned: FxHashSet<String> = FxHashSet::default();
    let mut assigned_names: Vec<&str> = Vec::new();
    for flow in flows.iter().filter(|f| f.format == Format::Json) {
        for graph in std::iter::once(&flow.draft).chain(&flow.published) {
            for node in &graph.nodes {
                let Some(assigns) = node.action.spec().facts.assigns else { continue };
                for (var, _) in assigns(&node.action) {
                    if assigned.insert(fold_case(&var.name).into_owned()) {
                        assigned_names.push(&var.name);
                    }
                }
            }
        }
    }
    for flow in flows.iter().filter(|f| f.format == Format::Json) {
        let mut seen: FxHashSet<(String, String)> = FxHashSet::default();
        for graph in std::iter::once(&flow.draft).chain(&flow.published) {
            for node in &graph.nodes {
                let mut check_path = |p: &Path| {
                    let Some(problem) = problem(graph, p, &assigned, &assigned_names) else {
                        return;
                    };
                    // Once per node and name (a draft and a published graph repeat them).
                    if !seen.insert((node.id.to_string(), p.lower.to_string())) {
                        return;
                    }
                    let (code, message, help) = problem;
                    let d = Diagnostic::error(code, message)
                        .file(&flow.file)
                        .flow(&*flow.name)
                        .node(&*node.id)
                        .help(help);
                    diags.push(Diagnostic { severity: Severity::Warning, ..d });
                };
                node.action.for_each_expr(&mut |e| e.for_each_path(&mut check_path));
                let mut impossible = Vec::new();
                node.action.for_each_expr(&mut |e| impossible_digits(graph, e, &mut impossible));
                for message in impossible {
                    let d = Diagnostic::error(crate::diag::Code::ImpossibleDigits, message)
                        .file(&flow.file)
                        .flow(&*flow.name)
                        .node(&*node.id)
                        .help("compare with what the Gather can return, or raise its maxDigits");
                    diags.push(Diagnostic { severity: Severity::Warning, ..d });
                }
            }
        }
    }
}

type Problem = (crate::diag::Code, String, String);

/// `Menu.digits == "12"` where Gather `Menu` takes at most one digit: a comparison with a
/// string the Gather can never produce (too long, or not digits, `*` and `#`).
fn impossible_digits(graph: &Graph, e: &crate::expr::Expr, out: &mut Vec<String>) {
    use crate::expr::ast::BinOp;
    use crate::expr::{ExprKind, Value};
    match &e.kind {
        ExprKind::Binary(op @ (BinOp::Eq | BinOp::Ne), a, b) => {
            for (side, other) in [(a, b), (b, a)] {
                let (ExprKind::Ref(p), ExprKind::Lit(Value::Str(lit))) = (&side.kind, &other.kind)
                else {
                    continue;
                };
                let Some(idx) = graph.find_lower(p.head()) else { continue };
                let gather = &graph.node(idx).action;
                let Some(digits) = gather.spec().facts.digits else { continue };
                let (max_digits, terminator) = digits(gather);
                if p.len() != 2 || p.rest(1).next() != Some("digits") {
                    continue;
                }
                let bad_char = lit.chars().any(|c| {
                    !(c.is_ascii_digit() || c == '*' || c == '#') || Some(c) == terminator
                });
                if lit.chars().count() as u64 > max_digits || (bad_char && !lit.is_empty()) {
                    let always = if *op == BinOp::Eq { "false" } else { "true" };
                    out.push(format!(
                        "`{}` compares `{}` (at most {max_digits} digit(s) of 0-9 * #, the terminator dropped) with \"{lit}\", which it can never be: the comparison is always {always}",
                        e, p.text
                    ));
                }
            }
            impossible_digits(graph, a, out);
            impossible_digits(graph, b, out);
        }
        ExprKind::Binary(_, a, b) | ExprKind::Index(a, b, _) => {
            impossible_digits(graph, a, out);
            impossible_digits(graph, b, out);
        }
        ExprKind::Unary(_, a) | ExprKind::Member(a, _) => impossible_digits(graph, a, out),
        ExprKind::Call(c) => c.args.iter().for_each(|a| impossible_digits(graph, a, out)),
        ExprKind::Lit(_) | ExprKind::Ref(_) => {}
    }
}

fn problem(
    graph: &Graph,
    p: &Path,
    assigned: &FxHashSet<String>,
    names: &[&str],
) -> Option<Problem> {
    let head = p.head();
    // A node of this flow: its output must exist.
    if let Some(idx) = graph.find_lower(head) {
        let node = graph.node(idx);
        // The outputs of a seeds' node type (docs/json-flows.md).
        let outputs = node.action.spec().facts.node_outputs?;
        let field = p.rest(1).next()?;
        if outputs.iter().any(|o| o.eq_ignore_ascii_case(field)) {
            return None;
        }
        let hint = nearest(field, outputs.iter().copied())
            .map_or_else(String::new, |n| format!("did you mean `{}.{n}`? ", node.id));
        let list = if outputs.is_empty() { "none".to_owned() } else { outputs.join(", ") };
        return Some((
            crate::diag::Code::UnknownOutput,
            format!(
                "`{}` reads output `{field}` of node `{}`, which has no such output",
                p.text, node.id
            ),
            format!("{hint}the outputs of a {} node: {list}", node.action.type_name()),
        ));
    }
    if p.len() > 1 && matches!(head, "call" | "context") {
        let (fields, shown) =
            if head == "call" { (CALL_FIELDS, "Call") } else { (CONTEXT_FIELDS, "context") };
        let field = p.rest(1).next()?;
        // The run context's fields, and Architect's `Call.` built-ins (`expr::builtins`), which
        // the engine gives every flow.
        let builtins = crate::expr::builtins::BUILTINS
            .iter()
            .filter_map(|b| b.name.strip_prefix("Call."))
            .filter(|_| head == "call");
        let fields: Vec<&str> = fields.iter().copied().chain(builtins).collect();
        if fields.iter().any(|f| f.eq_ignore_ascii_case(field)) {
            return None;
        }
        let hint = nearest(field, fields.iter().copied())
            .map_or_else(String::new, |n| format!("did you mean `{shown}.{n}`? "));
        return Some((
            crate::diag::Code::UnknownBuiltin,
            format!("`{}` is no field of the run's context", p.text),
            format!("{hint}{shown} has: {}", fields.join(", ")),
        ));
    }
    // A variable: some prefix of the path must be assigned somewhere.
    if (1..=p.len()).any(|n| assigned.contains(p.prefix(n))) {
        return None;
    }
    let hint = nearest(&p.text, names.iter().copied())
        .map_or_else(String::new, |n| format!("did you mean `{n}`? "));
    Some((
        crate::diag::Code::NeverAssigned,
        format!("`{}` is read, but no Set node of any flow assigns it", p.text),
        format!("{hint}it reads as NOT_SET unless the request presets it (`variables`, `--var`)"),
    ))
}
