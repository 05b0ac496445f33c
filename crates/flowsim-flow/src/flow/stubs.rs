//! Stubs against the flows (docs/scenarios.md, `stubs`): what a stub of the fixtures
//! (`fixtures::Stub`) means in a registry, and the stub a run needs where it has none.
//!
//! [`check`] holds every stub to the flows: it names an Architect action (by its id, or by its
//! name when exactly one action of the flows, or of its `flow`, has it), each visit's output
//! is one of that action's outputs, and each variable it sets is declared by the action's flow
//! with a literal that converts to the variable's type. [`suggestion`] writes the stub an
//! action needs, as YAML to paste.
//!
//! Invariants: linear in the flows' nodes and the stubs (one index of ids and names, built
//! once); every problem names the stub's file and its place in it (`stubs[2].visits[1].output`)
//! and the text to look for there (`needle`), so a caller can give its line and column.

use crate::fixtures::{yaml_scalar, Stub, StubTarget, StubValue};
use crate::flow::model::{Flow, Node};
use crate::flow::Registry;
use crate::util::nearest;
use rustc_hash::FxHashMap;
use std::fmt::Write as _;
use std::path::PathBuf;

/// One stub that cannot mean what it says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StubProblem {
    /// The file the stub was read from (a scenario's stubs: the scenario file).
    pub file: PathBuf,
    /// Where in the file's `stubs` (`stubs[0].output`).
    pub location: String,
    /// The text the stub wrote there (a name, an output, a variable), to place the problem.
    pub needle: String,
    pub message: String,
    pub help: String,
}

/// The outputs of `node` a stub may name, in order.
pub fn outputs(node: &Node) -> Vec<&str> {
    node.exits.iter().filter(|e| e.enabled).map(|e| &*e.name).collect()
}

/// The exit of `node` named `output` (its name, any case, or its export id).
pub fn exit(node: &Node, output: &str) -> Option<usize> {
    node.exits.iter().position(|e| {
        e.enabled && (e.name.eq_ignore_ascii_case(output) || e.export_id.as_deref() == Some(output))
    })
}

/// The stub `node` of `flow` needs, as YAML under a `stubs:` key:
///
/// ```yaml
/// stubs:
///   - action: Encrypt card number       # or id: "Main/Encrypt card number"
///     output: success                   # one of: success, failure
/// ```
pub fn suggestion(flow: &Flow, node: &Node) -> String {
    let mut out = String::from("stubs:\n");
    let _ = write!(out, "  - action: {}", yaml_scalar(&node.name));
    let _ = writeln!(out, "    # or id: {}", yaml_scalar(&node.id));
    let outs = outputs(node);
    if let Some(first) = outs.first() {
        let _ =
            writeln!(out, "    output: {}    # one of: {}", yaml_scalar(first), outs.join(", "));
    }
    let _ = write!(out, "    flow: {}", yaml_scalar(&flow.name));
    out
}

/// Every Architect action of the registry's flows by id and by name: built once for the
/// stubs of a whole suite ([`check_in`]).
pub struct Index<'r> {
    by_id: FxHashMap<&'r str, Vec<(&'r Flow, &'r Node)>>,
    by_name: FxHashMap<&'r str, Vec<(&'r Flow, &'r Node)>>,
}

impl<'r> Index<'r> {
    pub fn of(reg: &'r Registry) -> Index<'r> {
        let mut by_id: FxHashMap<&str, Vec<_>> = FxHashMap::default();
        let mut by_name: FxHashMap<&str, Vec<_>> = FxHashMap::default();
        for flow in reg.flows() {
            for node in flow.draft.nodes.iter().filter(|n| n.action.as_architect().is_some()) {
                by_id.entry(&*node.id).or_default().push((flow, node));
                by_name.entry(&*node.name).or_default().push((flow, node));
            }
        }
        Index { by_id, by_name }
    }
}

/// Whether `flow` is the one a stub's `flow:` names (its name, any case, or its id).
fn is_flow(flow: &Flow, named: Option<&str>) -> bool {
    named.is_none_or(|f| flow.name.eq_ignore_ascii_case(f) || *flow.id == *f)
}

/// The problems of `stubs` against `reg`, in stub order.
pub fn check(reg: &Registry, stubs: &[Stub]) -> Vec<StubProblem> {
    if stubs.is_empty() {
        return Vec::new();
    }
    check_in(&Index::of(reg), stubs)
}

/// [`check`] with the registry's index already built: linear in the stubs alone.
pub fn check_in(index: &Index<'_>, stubs: &[Stub]) -> Vec<StubProblem> {
    let mut out = Vec::new();
    for stub in stubs {
        let problem = |location: &str, needle: &str, message: String, help: String| StubProblem {
            file: stub.file.clone(),
            location: location.to_owned(),
            needle: needle.to_owned(),
            message,
            help,
        };
        let (map, key, what) = match &stub.target {
            StubTarget::Id(id) => (&index.by_id, id, "id"),
            StubTarget::Name(name) => (&index.by_name, name, "name"),
        };
        let field = if what == "id" { "id" } else { "action" };
        let found: Vec<(&Flow, &Node)> = map
            .get(&**key)
            .into_iter()
            .flatten()
            .copied()
            .filter(|(f, _)| is_flow(f, stub.flow.as_deref()))
            .collect();
        let (flow, node) = match found.as_slice() {
            [one] => *one,
            [] => {
                let within =
                    stub.flow.as_deref().map_or_else(String::new, |f| format!(" of flow `{f}`"));
                let names = map.keys().copied();
                let hint = nearest(key, names)
                    .map_or_else(String::new, |n| format!("did you mean `{n}`? "));
                out.push(problem(
                    &format!("{}.{field}", stub.location),
                    key,
                    format!("no action{within} has the {what} `{key}`"),
                    format!(
                        "{hint}a stub names an Architect action by its name (`action:`) or its id (`id:`); `flowsim check` lists them"
                    ),
                ));
                continue;
            }
            many => {
                let shown: Vec<String> = many
                    .iter()
                    .take(10)
                    .map(|(f, n)| format!("`{}` in flow `{}`", n.id, f.name))
                    .collect();
                let more = many.len().saturating_sub(10);
                let more = if more > 0 { format!(" and {more} more") } else { String::new() };
                out.push(problem(
                    &format!("{}.{field}", stub.location),
                    key,
                    format!(
                        "{} actions have the {what} `{key}`: {}{more}",
                        many.len(),
                        shown.join(", ")
                    ),
                    "name one by its `id:` instead, or add `flow:` when they are in different flows"
                        .into(),
                ));
                continue;
            }
        };
        for (k, visit) in stub.visits.iter().enumerate() {
            let at = stub_place(stub, k);
            if let Some(o) = &visit.output {
                if exit(node, o).is_none() {
                    let outs = outputs(node);
                    let list = if outs.is_empty() {
                        "none: leave `output` out".to_owned()
                    } else {
                        outs.join(", ")
                    };
                    let hint = nearest(o, outs.iter().copied())
                        .map_or_else(String::new, |n| format!("did you mean `{n}`? "));
                    out.push(problem(
                        &format!("{at}.output"),
                        o,
                        format!("`{}` has no output `{o}`", node.name),
                        format!("{hint}its outputs: {list}"),
                    ));
                }
            }
            for (name, value) in &visit.set {
                let lower = crate::util::fold_case(name);
                let decl = flow
                    .arch
                    .variables
                    .iter()
                    .chain(flow.arch.containers.iter().flat_map(|c| c.variables.iter()))
                    .find(|d| *d.var.lower == *lower);
                let loc =
                    format!("{at}.set[{}]", serde_json::to_string(&**name).unwrap_or_default());
                let Some(decl) = decl else {
                    let names = flow
                        .arch
                        .variables
                        .iter()
                        .chain(flow.arch.containers.iter().flat_map(|c| c.variables.iter()))
                        .map(|d| &*d.var.name);
                    let hint = nearest(name, names)
                        .map_or_else(String::new, |n| format!("did you mean `{n}`? "));
                    out.push(problem(
                        &loc,
                        name,
                        format!("flow `{}` declares no variable `{name}`", flow.name),
                        format!("{hint}a stub writes variables the stubbed action's flow declares"),
                    ));
                    continue;
                };
                if let StubValue::Lit(v) = value {
                    if let Some(why) = misfit(&decl.ty, v) {
                        out.push(problem(
                            &loc,
                            name,
                            format!("`{name}` is declared `{}`, and {why}", decl.ty),
                            format!(
                                "give a value of type `{}`, or compute it: {{exp: \"...\"}}",
                                decl.ty
                            ),
                        ));
                    }
                }
            }
        }
    }
    out
}

/// The problems of the fixtures' stubs as `scenarioStub` errors at their files' lines and
/// columns (`check --fixtures`, `run`, `explore`): a stub that does not mean what it says
/// stops the command, as a scenario's does.
pub fn diagnostics(
    reg: &Registry,
    fixtures: &crate::fixtures::FixtureStore,
) -> Vec<crate::diag::Diagnostic> {
    check(reg, fixtures.stubs())
        .into_iter()
        .map(|p| {
            let mut d = crate::diag::Diagnostic::error(crate::diag::Code::ScenarioStub, p.message)
                .file(&p.file)
                .property(p.location.clone())
                .help(p.help);
            if let Some((line, column)) = crate::fixtures::stub_place(&p.file, &p.location) {
                d = d.at(line, column);
            }
            d
        })
        .collect()
}

/// Where a stub's one visit is written: in the stub itself, or as its only `visits` entry.
fn stub_place(stub: &Stub, k: usize) -> String {
    if stub.written_visits {
        format!("{}.visits[{k}]", stub.location)
    } else {
        stub.location.clone()
    }
}

/// Why literal `v` does not fit a variable of Architect type `ty`, if it does not: a scalar
/// type (or a collection of one) whose implicit conversion refuses it or gives another type.
fn misfit(ty: &str, v: &crate::expr::Value) -> Option<String> {
    use crate::expr::types::Ty;
    let to = Ty::parse(ty)?;
    if !to.base.is_scalar() || !v.is_set() {
        return None;
    }
    let shown = format!("{} `{}`", v.ty(), v.display());
    match crate::expr::slot::cast(v.clone(), to) {
        Ok(c) if crate::expr::sig::fits(Ty::of_value(&c), to) => None,
        Ok(_) => Some(format!("the {shown} is not one")),
        Err(e) => Some(format!("the {shown} does not convert: {}", e.message)),
    }
}
