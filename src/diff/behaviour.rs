//! The behavioural diff: the same inputs through two versions of the flows.
//!
//! Each input (a scenario's request with its fixtures and mocks) runs once against the old
//! registry and once against the new one. What a caller or the systems behind the flow can
//! tell apart is compared: the actions taken and their outputs, the prompts, the variables and
//! participant data written, the flow's outputs and outcomes, where the conversation was routed,
//! how the run ended. Steps are named by the canonical keys of [`super::canon`], so an
//! export's new GUIDs are no change. The first step where the two paths part is reported in
//! flow terms.
//!
//! Cost: two runs per input, each under its own step and work budgets; comparison linear in
//! the two results.

use super::canon;
use crate::engine::{self, Edge, RunRequest, RunResult};
use crate::fixtures::FixtureStore;
use crate::flow::{FlowIdx, Registry};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// One input to run through both versions.
#[derive(Debug, Clone)]
pub struct Case {
    /// Where it comes from: `acme-ivr.scenarios.yaml: open hours`.
    pub name: String,
    pub request: RunRequest,
    pub fixtures: Arc<FixtureStore>,
}

/// How one input fared in the two versions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CaseDiff {
    pub case: String,
    /// Empty when both versions did the same.
    pub differences: Vec<Difference>,
    /// The first step where the paths part: its number (1-based) and each version's step.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_divergence: Option<Divergence>,
}

impl CaseDiff {
    pub fn changed(&self) -> bool {
        !self.differences.is_empty()
    }
}

/// One aspect of a run that differs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Difference {
    /// `path`, `status`, `error`, `route`, `prompts`, `variable Flow.x`, `participant data x`,
    /// `output Flow.x`, `outcome x`, `request`.
    pub what: String,
    pub old: String,
    pub new: String,
}

/// Where two paths part.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Divergence {
    pub step: usize,
    /// `Acme Main IVR › Menu Main Menu › Main Menu → Balance`; `—` past the end of a path.
    pub old: String,
    pub new: String,
}

/// Two versions ready to compare cases one at a time: a caller streaming its inputs (recorded
/// executions) holds one case at a time, not every case. Building it names every node of both
/// registries once.
pub struct Comparison<'r> {
    old: &'r Registry,
    new: &'r Registry,
    old_keys: Keys,
    new_keys: Keys,
}

impl<'r> Comparison<'r> {
    /// `structure` is the structural diff of the two: an action it found renamed is the same
    /// step in both paths.
    pub fn new(old: &'r Registry, new: &'r Registry, structure: &super::Report) -> Self {
        let mut old_keys = Keys::new(old);
        let new_keys = Keys::new(new);
        // Old steps are named as the new version names them.
        for f in &structure.flows {
            let Some(fi) = old.find_by_name(&f.name, &f.flow_type) else { continue };
            for c in &f.changes {
                if let super::Change::ActionRenamed { old: was, new: now, .. } = c {
                    for k in &mut old_keys.0[fi as usize] {
                        if k == was {
                            k.clone_from(now);
                        }
                    }
                }
            }
        }
        Comparison { old, new, old_keys, new_keys }
    }

    /// Runs `case` through both versions and compares.
    pub fn case(&self, case: &Case) -> CaseDiff {
        let a = engine::Run::new(self.old, &case.fixtures, &case.request).result();
        let b = engine::Run::new(self.new, &case.fixtures, &case.request).result();
        let mut diff =
            CaseDiff { case: case.name.clone(), differences: Vec::new(), first_divergence: None };
        match (a, b) {
            (Ok(a), Ok(b)) => compare_runs(&a, &self.old_keys, &b, &self.new_keys, &mut diff),
            (a, b) => {
                let show = |r: &Result<RunResult<'_>, engine::RequestError>| match r {
                    Ok(r) => format!("runs ({})", r.status.as_str()),
                    Err(e) => format!("cannot run: {e}"),
                };
                let (sa, sb) = (show(&a), show(&b));
                if sa != sb {
                    diff.differences.push(Difference { what: "request".into(), old: sa, new: sb });
                }
            }
        }
        diff
    }
}

/// How many differing prompts a case lists before it counts the rest.
const MAX_PROMPTS_SHOWN: usize = 3;

/// Canonical keys of every node of every flow of a registry.
struct Keys(Vec<Vec<String>>);

impl Keys {
    fn new(reg: &Registry) -> Keys {
        Keys(reg.flows().iter().map(canon::node_keys).collect())
    }

    fn step(&self, r: &RunResult<'_>, flow: FlowIdx, node: u32, edge: Edge) -> String {
        let f = r.registry.flow(flow);
        let key = self.0[flow as usize].get(node as usize).map_or("?", String::as_str);
        let out = match edge {
            Edge::Output(i) => f
                .draft
                .nodes
                .get(node as usize)
                .and_then(|n| n.exits.get(usize::from(i)))
                .map_or_else(|| edge.label(), |e| e.name.to_string()),
            e => e.label(),
        };
        format!("{} › {key} → {out}", f.name)
    }
}

fn compare_runs(a: &RunResult<'_>, ka: &Keys, b: &RunResult<'_>, kb: &Keys, diff: &mut CaseDiff) {
    let path_a: Vec<String> = a.trace.iter().map(|s| ka.step(a, s.flow, s.node, s.edge)).collect();
    let path_b: Vec<String> = b.trace.iter().map(|s| kb.step(b, s.flow, s.node, s.edge)).collect();
    if let Some(k) = (0..path_a.len().max(path_b.len())).find(|&k| path_a.get(k) != path_b.get(k)) {
        let at = |p: &[String]| p.get(k).cloned().unwrap_or_else(|| "— (the run had ended)".into());
        diff.first_divergence =
            Some(Divergence { step: k + 1, old: at(&path_a), new: at(&path_b) });
        diff.differences.push(Difference {
            what: "path".into(),
            old: format!("{} steps", path_a.len()),
            new: format!("{} steps", path_b.len()),
        });
    }
    let mut push = |what: String, old: String, new: String| {
        if old != new {
            diff.differences.push(Difference { what, old, new });
        }
    };
    push("status".into(), a.status.as_str().into(), b.status.as_str().into());
    let error = |r: &RunResult<'_>| {
        r.error.as_ref().map_or_else(|| "none".into(), |e| format!("{}: {}", e.kind, e.message))
    };
    push("error".into(), error(a), error(b));
    let route = |r: &RunResult<'_>| match &r.route {
        None => "none".to_string(),
        Some(route) if route.kind.is_empty() => format!("queue {}", route.queue_name),
        Some(route) if route.kind == "acd" => format!("acd {}", route.queue_name),
        Some(route) => format!("{} {}", route.kind, route.target),
    };
    push("route".into(), route(a), route(b));
    // Prompts one by one: the first few that differ, then how many more.
    let (pa, pb) = (&a.prompts, &b.prompts);
    let mut shown = 0;
    let mut more = 0;
    for k in 0..pa.len().max(pb.len()) {
        let text = |p: &[crate::engine::result::Prompt]| {
            p.get(k).map_or_else(|| "(none)".to_string(), |p| format!("\"{}\"", p.text))
        };
        let (ta, tb) = (text(pa), text(pb));
        if ta != tb {
            if shown < MAX_PROMPTS_SHOWN {
                push(format!("prompt {}", k + 1), ta, tb);
                shown += 1;
            } else {
                more += 1;
            }
        }
    }
    if more > 0 {
        push("prompts".into(), String::new(), format!("and {more} more differ"));
    }
    named(&mut push, "variable", &a.variables, &b.variables);
    named(&mut push, "output", &a.arch.outputs, &b.arch.outputs);
    named(&mut push, "outcome", &a.arch.outcomes, &b.arch.outcomes);
    let pd = |r: &RunResult<'_>| -> Vec<(Arc<str>, crate::expr::Value)> {
        r.arch
            .participant_data
            .iter()
            .map(|(k, v)| (k.clone(), crate::expr::Value::Str(v.clone())))
            .collect()
    };
    named(&mut push, "participant data", &pd(a), &pd(b));
}

/// A value as the report shows it: its display text, but NOT_SET by name (its display text is
/// empty, which would read as an empty string, or as nothing printed at all).
fn shown(v: &crate::expr::Value) -> String {
    match v {
        crate::expr::Value::NotSet => "NOT_SET".to_owned(),
        v => v.display(),
    }
}

/// Compares two name/value lists (names in any case), one difference per name.
fn named(
    push: &mut impl FnMut(String, String, String),
    what: &str,
    a: &[(Arc<str>, crate::expr::Value)],
    b: &[(Arc<str>, crate::expr::Value)],
) {
    let index = |l: &[(Arc<str>, crate::expr::Value)]| -> rustc_hash::FxHashMap<String, String> {
        l.iter().map(|(k, v)| (k.to_lowercase(), shown(v))).collect()
    };
    let (ia, ib) = (index(a), index(b));
    let absent = || "(not written)".to_string();
    for (k, _) in b {
        let key = k.to_lowercase();
        push(
            format!("{what} {k}"),
            ia.get(&key).cloned().unwrap_or_else(absent),
            ib.get(&key).cloned().unwrap_or_else(absent),
        );
    }
    for (k, v) in a {
        if !ib.contains_key(&k.to_lowercase()) {
            push(format!("{what} {k}"), shown(v), absent());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expr::Value;

    /// A variable that a version leaves NOT_SET reads so, not as nothing.
    #[test]
    fn not_set_is_shown_by_name() {
        let mut seen = Vec::new();
        let mut push = |what: String, old: String, new: String| seen.push((what, old, new));
        let a = [(Arc::from("Flow.tier"), Value::Str("gold".into()))];
        let b = [(Arc::from("Flow.tier"), Value::NotSet)];
        named(&mut push, "variable", &a, &b);
        assert_eq!(
            seen,
            [("variable Flow.tier".to_owned(), "gold".to_owned(), "NOT_SET".to_owned())]
        );
    }
}
