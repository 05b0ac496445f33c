//! Mutation testing of a scenario suite (`flowsim mutate`, docs/mutate.md).
//!
//! A mutant is the loaded flows with one change of the kind authors make by mistake: a
//! decision's outputs flipped, two outputs of an action swapped, a comparison negated, a
//! constant changed, an action dropped, a transfer pointed at another target. The suite runs on
//! each mutant; a mutant is **killed** when a scenario that passed on the real flows fails on
//! it, and **survives** otherwise: a place where the tests would not notice a broken flow.
//!
//! Only the scenarios whose run on the real flows executed the mutated action run on a mutant
//! (a change to an action a run never reaches cannot change that run); a mutant no scenario
//! reaches survives as **not covered**. Mutants are listed in a fixed order (flows, then
//! actions, then operators) so the report is the same on every run; at most `max_mutants` are
//! run, and the rest are counted, never silently dropped.
//!
//! `--partition K/N` runs one shard of the mutants (`util::shard`), balanced by each mutant's
//! estimated cost: the steps the scenarios that reach it took on the real flows (a mutant no
//! scenario reaches, or past `max_mutants`, costs nothing to run), known before any mutant
//! runs. Every shard lists every mutant and runs the real flows, so each shard's report has
//! the same scenarios and baseline failures; only its mutants are its own.
//!
//! Cost: listing is linear in the actions and their expressions; each mutant copies the
//! registry once and runs the scenarios that reach it, each under its own budgets.

use crate::diff::canon;
use crate::engine::{self, Status};
use crate::expr::ast::BinOp;
use crate::expr::{Expr, ExprKind, Value};
use crate::flow::action::Prop;
use crate::flow::catalogue::{Op, PropKind};
use crate::flow::model::{Graph, Node};
use crate::flow::{FlowIdx, NodeIdx, Registry};
use crate::harness::ScenarioInput;
use crate::util::shard::{self, Partition, RunId, Shard};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::sync::Arc;

/// The kinds of change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Operator {
    /// A decision's `yes` goes where `no` went, and the reverse.
    FlipDecision,
    /// Two outputs of an action (menu choices, switch cases, found / not found) swapped.
    SwapOutputs,
    /// A comparison replaced by its opposite: `==` by `!=`, `<` by `>=`.
    NegateComparison,
    /// A literal changed: a number plus one, text emptied (or made non-empty), a Boolean
    /// flipped.
    ChangeConstant,
    /// An action left out: whatever led to it goes on to the action after it.
    DropAction,
    /// A transfer to another queue, user, group, number or flow the flows name elsewhere.
    RetargetTransfer,
}

impl Operator {
    pub fn as_str(self) -> &'static str {
        match self {
            Operator::FlipDecision => "flip decision",
            Operator::SwapOutputs => "swap outputs",
            Operator::NegateComparison => "negate comparison",
            Operator::ChangeConstant => "change constant",
            Operator::DropAction => "drop action",
            Operator::RetargetTransfer => "retarget transfer",
        }
    }
}

/// One change to make.
#[derive(Debug, Clone)]
enum Edit {
    /// Swap the targets of two exits of the node.
    SwapExits(usize, usize),
    /// Change the `site`-th comparison or literal (preorder over the node's expressions).
    Expr { site: usize },
    /// Redirect every way into the node to where its outputs fall through.
    Drop,
    /// Give property `prop` (a target) this name.
    Retarget { prop: usize, to: Arc<str> },
}

/// Where a mutant's change is made, and what it is: the run's own, never in a report.
#[derive(Debug, Clone)]
struct Plan {
    at: (usize, FlowIdx, NodeIdx),
    edit: Edit,
}

/// One mutant: where, what, and how it fared.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Mutant {
    pub flow: String,
    /// The flow's file.
    pub file: String,
    /// The action, as `flowsim diff` names it: `Task Main › Check balance`.
    pub action: String,
    /// 1-based line of the action in its file (0 when unknown).
    pub line: u32,
    pub operator: Operator,
    /// What changed, in flow terms.
    pub change: String,
    pub outcome: Outcome,
    /// The first scenario that failed on it, when killed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub killed_by: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Outcome {
    Killed,
    /// A scenario's run changed (its path, prompts, data or ending), and none failed: the
    /// scenarios do not check what changed.
    Survived,
    /// No scenario's run changed at all: the scenarios reach the action but no input tells the
    /// mutant apart (or the change cannot be seen, as with an equivalent mutant).
    NoEffect,
    /// No scenario executes the mutated action.
    NotCovered,
    /// Every scenario that reaches the action stubs it (docs/scenarios.md, stubs): the change
    /// is to semantics no run executes (an expression, a transfer's target), so no run can
    /// tell. Left out of the score, as a mutant not run is.
    Stubbed,
    /// Beyond `max_mutants`: listed, not run.
    NotRun,
}

/// What a mutation run found.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Report {
    pub scenarios: usize,
    /// Scenarios that fail on the real flows: they cannot tell mutants apart and are left out.
    pub failing_without_mutation: Vec<String>,
    /// The shard's mutants (every mutant in a whole run), in the fixed order.
    pub mutants: Vec<Mutant>,
    /// Which shard of which run this is; the CLI writes it beside the report.
    #[serde(skip)]
    pub shard: Shard,
}

impl Report {
    pub fn count(&self, outcome: Outcome) -> usize {
        self.mutants.iter().filter(|m| m.outcome == outcome).count()
    }

    /// Killed mutants as a share of those run (covered or not), in percent; 100 with none.
    pub fn score(&self) -> f64 {
        let killed = self.count(Outcome::Killed);
        let run = killed
            + self.count(Outcome::Survived)
            + self.count(Outcome::NoEffect)
            + self.count(Outcome::NotCovered);
        if run == 0 {
            100.0
        } else {
            killed as f64 * 100.0 / run as f64
        }
    }
}

/// A passing scenario's run on the real flows: the actions it executed, those of them a stub
/// ran at every visit, its result, and how many steps it took.
struct Baseline {
    seen: BTreeSet<(FlowIdx, NodeIdx)>,
    stubbed: BTreeSet<(FlowIdx, NodeIdx)>,
    result: Vec<u8>,
    steps: u64,
}

/// The actions of `r` that a stub ran at every visit.
fn stubbed_only(r: &engine::RunResult<'_>) -> BTreeSet<(FlowIdx, NodeIdx)> {
    let stubbed =
        |s: &engine::Step| matches!(s.result, engine::StepResult::Action { stub: 1.., .. });
    let ran: BTreeSet<(FlowIdx, NodeIdx)> =
        r.trace.iter().filter(|s| !stubbed(s)).map(|s| (s.flow, s.node)).collect();
    r.trace
        .iter()
        .filter(|s| stubbed(s))
        .map(|s| (s.flow, s.node))
        .filter(|k| !ran.contains(k))
        .collect()
}

/// Runs `inputs` on every mutant of the flows they run on (at most `max_mutants`), or on the
/// mutants of one shard; `judged` is told of each mutant of the shard once its outcome is
/// known (in no set order: the mutants are judged on every core).
pub fn run(
    inputs: &[ScenarioInput],
    max_mutants: usize,
    partition: Partition,
    judged: &(dyn Fn(&Mutant) + Sync),
) -> Report {
    // The distinct registries, in first-use order.
    let mut registries: Vec<Arc<Registry>> = Vec::new();
    let mut of_input = Vec::with_capacity(inputs.len());
    for i in inputs {
        let r = registries.iter().position(|r| Arc::ptr_eq(r, &i.registry)).unwrap_or_else(|| {
            registries.push(i.registry.clone());
            registries.len() - 1
        });
        of_input.push(r);
    }

    // The real flows first: which scenarios pass, and which actions each one executes.
    let baseline: Vec<Option<Baseline>> = inputs
        .par_iter()
        .map(|i| {
            let r = engine::Run::new(&i.registry, &i.fixtures, &i.request).result().ok()?;
            i.passes(&r).then(|| Baseline {
                seen: r.trace.iter().map(|s| (s.flow, s.node)).collect(),
                stubbed: stubbed_only(&r),
                result: result_bytes(&r),
                steps: r.trace.len() as u64,
            })
        })
        .collect();
    let failing_without_mutation = inputs
        .iter()
        .zip(&baseline)
        .filter(|(_, b)| b.is_none())
        .map(|(i, _)| i.name.clone())
        .collect();

    let mut listed: Vec<(Mutant, Plan)> = Vec::new();
    for (ri, reg) in registries.iter().enumerate() {
        list(ri, reg, &mut listed);
    }
    let cut = max_mutants.min(listed.len());
    let (of_input, baseline) = (&of_input, &baseline);
    // The passing scenarios that execute each action, in the suite's order: indexed once,
    // so a mutant finds its scenarios without a pass over the suite (mutants × scenarios).
    let mut reached: rustc_hash::FxHashMap<(usize, FlowIdx, NodeIdx), Vec<usize>> =
        rustc_hash::FxHashMap::default();
    for (k, b) in baseline.iter().enumerate() {
        for &(flow, node) in b.iter().flat_map(|b| &b.seen) {
            reached.entry((of_input[k], flow, node)).or_default().push(k);
        }
    }
    let reaching = |plan: &Plan| reached.get(&plan.at).into_iter().flatten().copied();
    // The shard's mutants, by their estimated cost: the steps of the runs that reach them.
    let costs: Vec<(u64, usize)> = listed
        .par_iter()
        .enumerate()
        .map(|(i, (_, plan))| {
            let steps = || reaching(plan).map(|k| baseline[k].as_ref().map_or(0, |b| b.steps));
            (if i < cut { steps().sum() } else { 0 }, i)
        })
        .collect();
    let mut id = RunId::new("mutate");
    id.write(&(inputs.len() as u64).to_le_bytes());
    for ((m, _), (cost, _)) in listed.iter().zip(&costs) {
        for part in [&m.flow, &m.file, &m.action, m.operator.as_str(), &m.change] {
            id.write(part.as_bytes());
        }
        id.write(&cost.to_le_bytes());
    }
    id.write(&(cut as u64).to_le_bytes());
    let places = shard::select(&costs, partition);
    let header = Shard::new("mutate", &id, partition, listed.len(), &places);
    let mut mine: Vec<(Mutant, Plan)> = if partition.count > 1 {
        let mut keep = vec![false; listed.len()];
        for &p in &places {
            keep[p] = true;
        }
        listed.into_iter().zip(keep).filter(|(_, k)| *k).map(|(m, _)| m).collect()
    } else {
        listed
    };
    // Each worker mutates its own copy of the registries in place and puts the flow back
    // after: a mutant costs a copy of its flow, never of the org (copying the registry for
    // each mutant made mutate quadratic in the flows).
    let copies = || registries.iter().map(|r| (**r).clone()).collect::<Vec<Registry>>();
    let judge = |work: &mut Vec<Registry>, m: &mut Mutant, plan: &Plan, place: usize| {
        // Past --max-mutants, or past the run's total of steps (the CLI then refuses the
        // run: `engine::budget::limit_total_steps`).
        if place >= cut || engine::budget::total_steps_past().is_some() {
            m.outcome = Outcome::NotRun;
            return;
        }
        let (ri, flow, node) = plan.at;
        let reaching: Vec<usize> = reaching(plan).collect();
        if reaching.is_empty() {
            m.outcome = Outcome::NotCovered;
            return;
        }
        let semantics = matches!(plan.edit, Edit::Expr { .. } | Edit::Retarget { .. });
        let all_stubbed = reaching
            .iter()
            .all(|&k| baseline[k].as_ref().is_some_and(|b| b.stubbed.contains(&(flow, node))));
        if semantics && all_stubbed {
            m.outcome = Outcome::Stubbed;
            return;
        }
        let mutated = &mut work[ri];
        apply(mutated, flow, node, &plan.edit);
        m.outcome = Outcome::NoEffect;
        for k in reaching {
            let i = &inputs[k];
            let (killed, changed) =
                match engine::Run::new(mutated, &i.fixtures, &i.request).result() {
                    Ok(r) => (
                        !i.passes(&r) || r.status == Status::Budget,
                        baseline[k].as_ref().is_none_or(|b| b.result != result_bytes(&r)),
                    ),
                    Err(_) => (true, true),
                };
            if killed {
                m.outcome = Outcome::Killed;
                m.killed_by = Some(i.name.clone());
                break;
            }
            if changed {
                m.outcome = Outcome::Survived;
            }
        }
        *mutated.flow_mut(flow) = registries[ri].flow(flow).clone();
    };
    mine.par_iter_mut().zip(places.par_iter()).for_each_init(
        copies,
        |work, ((m, plan), &place)| {
            judge(work, m, plan, place);
            judged(m);
        },
    );
    let mutants = mine.into_iter().map(|(m, _)| m).collect();
    Report { scenarios: inputs.len(), failing_without_mutation, mutants, shard: header }
}

/// A run's result as its JSON bytes: what two runs are compared by.
fn result_bytes(r: &engine::RunResult<'_>) -> Vec<u8> {
    let mut out = Vec::new();
    let _ = r.write_json(&mut out);
    out
}

/// Lists the mutants of one registry, in a fixed order.
fn list(ri: usize, reg: &Registry, out: &mut Vec<(Mutant, Plan)>) {
    // Targets each kind of transfer names anywhere, for retargeting.
    let mut targets: Vec<(Op, BTreeSet<Arc<str>>)> = Vec::new();
    for flow in reg.flows() {
        for node in &flow.draft.nodes {
            if let Some((op, _, name)) = transfer_target(node) {
                match targets.iter_mut().find(|(o, _)| *o == op) {
                    Some((_, set)) => {
                        set.insert(name.clone());
                    }
                    None => targets.push((op, BTreeSet::from([name.clone()]))),
                }
            }
        }
    }
    for (fi, flow) in reg.flows().iter().enumerate() {
        let keys = canon::node_keys(flow);
        let graph = &flow.draft;
        for (ni, node) in graph.nodes.iter().enumerate() {
            let mut push = |operator: Operator, change: String, edit: Edit| {
                out.push((
                    Mutant {
                        flow: flow.name.to_string(),
                        file: flow.file.display().to_string(),
                        action: keys[ni].clone(),
                        line: node.line,
                        operator,
                        change,
                        outcome: Outcome::NotRun,
                        killed_by: None,
                    },
                    Plan { at: (ri, fi as FlowIdx, ni as NodeIdx), edit },
                ));
            };
            let is_decision = node.action.spec().facts.mutate.flips;
            // Outputs: a decision flipped; otherwise the first two outputs that go to
            // different places swapped.
            let outputs = node.action.spec().facts.mutate.outputs;
            let live: Vec<usize> =
                (0..node.exits.len()).filter(|&k| outputs && node.exits[k].enabled).collect();
            if let Some((a, b)) = first_pair_apart(node, &live) {
                let (ea, eb) = (&node.exits[a].name, &node.exits[b].name);
                if is_decision {
                    push(
                        Operator::FlipDecision,
                        format!("`{ea}` and `{eb}` swapped"),
                        Edit::SwapExits(a, b),
                    );
                } else {
                    push(
                        Operator::SwapOutputs,
                        format!("outputs `{ea}` and `{eb}` swapped"),
                        Edit::SwapExits(a, b),
                    );
                }
            }
            // Comparisons and constants in the node's expressions, named by their property.
            let mut site = 0;
            for_each_named_expr(node, &mut |prop, e| {
                walk_sites(e, &mut |e| {
                    if let Some((operator, change)) = describe_site(e) {
                        let change = match prop {
                            Some(p) => format!("{p}: {change}"),
                            None => change,
                        };
                        push(operator, change, Edit::Expr { site });
                    }
                    site += 1;
                });
            });
            // Leaving the action out: only actions whose outputs all fall through (a branch
            // is the output operators' business), and never a menu's own node.
            let straight = (!outputs || node.exits.iter().all(|e| e.target.is_none()))
                && node.action.spec().facts.mutate.drops;
            if straight && node.next.is_some() {
                push(Operator::DropAction, "left out".into(), Edit::Drop);
            }
            if let Some((op, prop, name)) = transfer_target(node) {
                let other = targets
                    .iter()
                    .find(|(o, _)| *o == op)
                    .and_then(|(_, set)| set.iter().find(|t| !t.eq_ignore_ascii_case(name)));
                if let Some(to) = other {
                    push(
                        Operator::RetargetTransfer,
                        format!("to `{to}` instead of `{name}`"),
                        Edit::Retarget { prop, to: to.clone() },
                    );
                }
            }
        }
    }
}

fn first_pair_apart(node: &Node, live: &[usize]) -> Option<(usize, usize)> {
    for (x, &a) in live.iter().enumerate() {
        for &b in &live[x + 1..] {
            if node.exits[a].target != node.exits[b].target {
                return Some((a, b));
            }
        }
    }
    None
}

/// A transfer's target given as a name: its operation, property index and the name.
fn transfer_target(node: &Node) -> Option<(Op, usize, &Arc<str>)> {
    let a = &node.action;
    let spec = a.spec();
    if !spec.facts.mutate.retargets {
        return None;
    }
    let prop = spec.props.iter().position(|p| matches!(p.kind, PropKind::Target))?;
    Some((spec.op, prop, a.prop(prop).text()?))
}

/// Every expression of the node with the name of its property (Architect actions), in the
/// order [`for_each_expr_mut`] visits them.
fn for_each_named_expr(node: &Node, f: &mut impl FnMut(Option<&str>, &Expr)) {
    let a = &node.action;
    if !a.spec().facts.mutate.by_property {
        a.for_each_expr(&mut |e| f(None, e));
        return;
    }
    for (i, spec) in a.spec().props.iter().enumerate() {
        let one =
            crate::flow::action::Action { spec: a.spec, props: Box::new([a.prop(i).clone()]) };
        one.for_each_expr(&mut |e| f(Some(spec.name), e));
    }
}

fn for_each_expr_mut(node: &mut Node, f: &mut impl FnMut(&mut Expr)) {
    node.action.for_each_expr_mut(f);
}

/// Calls `f` on every expression node in preorder.
fn walk_sites(e: &Expr, f: &mut impl FnMut(&Expr)) {
    f(e);
    match &e.kind {
        ExprKind::Lit(_) | ExprKind::Ref(_) => {}
        ExprKind::Unary(_, x) | ExprKind::Member(x, _) => walk_sites(x, f),
        ExprKind::Binary(_, a, b) | ExprKind::Index(a, b, _) => {
            walk_sites(a, f);
            walk_sites(b, f);
        }
        ExprKind::Call(c) => c.args.iter().for_each(|a| walk_sites(a, f)),
    }
}

fn walk_sites_mut(e: &mut Expr, f: &mut impl FnMut(&mut Expr)) {
    f(e);
    match &mut e.kind {
        ExprKind::Lit(_) | ExprKind::Ref(_) => {}
        ExprKind::Unary(_, x) | ExprKind::Member(x, _) => walk_sites_mut(x, f),
        ExprKind::Binary(_, a, b) | ExprKind::Index(a, b, _) => {
            walk_sites_mut(a, f);
            walk_sites_mut(b, f);
        }
        ExprKind::Call(c) => c.args.iter_mut().for_each(|a| walk_sites_mut(a, f)),
    }
}

fn negated(op: BinOp) -> Option<BinOp> {
    Some(match op {
        BinOp::Eq => BinOp::Ne,
        BinOp::Ne => BinOp::Eq,
        BinOp::Lt => BinOp::Ge,
        BinOp::Ge => BinOp::Lt,
        BinOp::Gt => BinOp::Le,
        BinOp::Le => BinOp::Gt,
        _ => return None,
    })
}

fn changed_literal(v: &Value) -> Option<Value> {
    Some(match v {
        Value::Bool(b) => Value::Bool(!b),
        Value::Int(i) => Value::Int(i.checked_add(1)?),
        Value::Dec(d) => Value::Dec(d.checked_add(crate::expr::decimal::Decimal::ONE)?),
        Value::Str(s) if s.is_empty() => Value::str("mutant"),
        Value::Str(_) => Value::str(""),
        _ => return None,
    })
}

/// What mutating this expression node would do, if it is a site.
fn describe_site(e: &Expr) -> Option<(Operator, String)> {
    match &e.kind {
        ExprKind::Binary(op, _, _) => negated(*op).map(|n| {
            (
                Operator::NegateComparison,
                format!("`{e}`: `{}` becomes `{}`", op.symbol(), n.symbol()),
            )
        }),
        ExprKind::Lit(v) => changed_literal(v).map(|n| {
            let new = Expr { kind: ExprKind::Lit(n), span: e.span };
            (Operator::ChangeConstant, format!("`{e}` becomes `{new}`"))
        }),
        _ => None,
    }
}

/// The registry with one node changed.
fn apply(reg: &mut Registry, flow: FlowIdx, node: NodeIdx, edit: &Edit) {
    let f = reg.flow_mut(flow);
    if matches!(edit, Edit::Drop) {
        for c in &mut f.arch.containers {
            if c.start == Some(node) {
                c.start = f.draft.nodes[node as usize].next;
            }
        }
    }
    let graph = &mut f.draft;
    match edit {
        Edit::SwapExits(a, b) => {
            let exits = &mut graph.nodes[node as usize].exits;
            let (ta, tb) = (exits[*a].target, exits[*b].target);
            exits[*a].target = tb;
            exits[*b].target = ta;
        }
        Edit::Expr { site } => {
            let mut k = 0;
            for_each_expr_mut(&mut graph.nodes[node as usize], &mut |e| {
                walk_sites_mut(e, &mut |e| {
                    if k == *site {
                        match &mut e.kind {
                            ExprKind::Binary(op, _, _) => {
                                if let Some(n) = negated(*op) {
                                    *op = n;
                                }
                            }
                            ExprKind::Lit(v) => {
                                if let Some(n) = changed_literal(v) {
                                    *v = n;
                                }
                            }
                            _ => {}
                        }
                    }
                    k += 1;
                });
            });
        }
        Edit::Drop => drop_node(graph, node),
        Edit::Retarget { prop, to } => {
            let a = &mut graph.nodes[node as usize].action;
            if let Some(p) = a.props.get_mut(*prop) {
                *p = Prop::Text(to.clone());
            }
        }
    }
}

/// Every way into `node` goes on to its `next` instead.
fn drop_node(graph: &mut Graph, node: NodeIdx) {
    let next = graph.nodes[node as usize].next;
    let swap = |t: &mut Option<NodeIdx>| {
        if *t == Some(node) {
            *t = next;
        }
    };
    if graph.start == node {
        if let Some(n) = next {
            graph.start = n;
        }
    }
    for n in &mut graph.nodes {
        for e in &mut n.exits {
            swap(&mut e.target);
        }
        swap(&mut n.next);
        // Properties that name nodes (a JSON `If`'s conditions and default) too; one the
        // action needs keeps its node when the dropped one leads nowhere.
        n.action.for_each_node_mut(&mut |p, spec| {
            if p.node() == Some(node) {
                match next {
                    Some(x) => *p = Prop::Node(x),
                    None if !spec.required => *p = Prop::None,
                    None => {}
                }
            }
        });
    }
}
