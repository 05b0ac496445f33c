//! Stubbed actions (docs/scenarios.md, `stubs`): an action the fixtures stub does not run its
//! semantics; its stub writes the visit's variables and takes the visit's output.
//!
//! - The stub is the fixtures' ([`FixtureStore::stub_for`]): by the node's id, else its name,
//!   within the stub's `flow` when it gives one.
//! - Visits are counted per stub and per run (`Conversation::usage`); past the stub's list the last
//!   visit repeats.
//! - Values: a literal is converted to the variable's declared type as an action's output is
//!   (`write_output`); `{exp: ...}` is evaluated in the action's scope first (an evaluation
//!   error is the action's error, to the flow's error handling).
//! - No `output`: the action's first output, or its way on when it has none.
//! - An action that runs only from a stub (`Op::NeedsStub`) and has none fails `needsStub`, and
//!   one flowsim does not run (`Op::Unsupported`) fails `unsupported`; both messages carry the
//!   stub to write (`flow::stubs::suggestion`).
//!
//! [`FixtureStore::stub_for`]: crate::fixtures::FixtureStore::stub_for

use super::super::cx::Sets;
use super::super::did::{expr_fail, Did};
use crate::expr::eval;
use crate::fixtures::StubValue;
use crate::flow::action::VarRef;
use crate::flow::NodeIdx;
use crate::kind::ErrorKind;

impl Sets<'_, '_, '_> {
    /// Runs node `n`'s stub when the fixtures have one: what it did, and the visit (1-based).
    pub(super) fn run_stub(&mut self, n: NodeIdx) -> Option<(Did, u16)> {
        let fixtures = self.run.fixtures;
        if fixtures.stubs().is_empty() {
            return None;
        }
        let graph = self.flowing.frame().graph;
        let flow = self.run.reg.flow(self.flowing.frame().flow);
        let node = graph.node(n);
        let (i, stub) = fixtures.stub_for((&flow.name, &flow.id), &node.id, &node.name)?;
        let counts = &mut self.talk.usage.stubs;
        if counts.len() < fixtures.stubs().len() {
            counts.resize(fixtures.stubs().len(), 0);
        }
        let k = counts[i];
        counts[i] = k.saturating_add(1);
        let shown = u16::try_from(k.saturating_add(1)).unwrap_or(u16::MAX);
        let visit = stub.visit(k as usize);
        for (name, value) in &visit.set {
            let v = match value {
                StubValue::Lit(v) => v.clone(),
                StubValue::Expr(e) => match eval(e, &mut self.eval().into_scope(n)) {
                    Ok(v) => v,
                    Err(e) => return Some((expr_fail(&e), shown)),
                },
            };
            self.eval().write_output(n, &VarRef::new(name), v);
        }
        let did = match &visit.output {
            None if node.exits.iter().any(|e| e.enabled) => {
                let first = node.exits.iter().position(|e| e.enabled).unwrap_or(0);
                Did::Output(first as u16)
            }
            None => Did::Success,
            Some(o) => match crate::flow::stubs::exit(node, o) {
                Some(i) => Did::Output(i as u16),
                None => Did::fail(
                    ErrorKind::NeedsStub,
                    format!(
                        "the stub of `{}` takes output `{o}`, which the action does not have (its outputs: {})",
                        node.name,
                        crate::flow::stubs::outputs(node).join(", ")
                    ),
                ),
            },
        };
        Some((did, shown))
    }

    /// The failure of node `n`, an action that cannot run without a stub: `kind`, why, and the
    /// stub to write.
    pub(super) fn missing_stub(&self, n: NodeIdx, kind: ErrorKind, what: &str) -> Did {
        let flow = self.run.reg.flow(self.flowing.frame().flow);
        let node = self.flowing.frame().graph.node(n);
        let yaml = crate::flow::stubs::suggestion(flow, node);
        Did::fail(
            kind,
            format!(
                "{what}; give the scenario (or a fixture file) a stub for it (`flowsim docs scenarios`):\n{yaml}"
            ),
        )
    }
}
