//! Steering a run, for path exploration (`flowsim explore`, `crate::explore`): outputs forced
//! at given visits of given nodes, and what the explorer needs to know of each step (the input
//! it started at, the virtual clock when it started).
//!
//! Zero cost when unused: a run without steering carries `None` and pays one branch per step.
//! A forced output replaces what the node decided *after* it ran: its effects (prompts played,
//! inputs taken, variables written) stay, only the way out changes, and the step is listed in
//! [`Steered::forced`].

use super::did::Did;
use super::result::Edge;
use crate::flow::catalogue::Failure;
use crate::flow::{FlowIdx, Node, NodeIdx};
use crate::kind::ErrorKind;
use rustc_hash::FxHashMap;

/// One forced output: at the `visit`-th run (0-based) of `node` of `flow`, leave by `edge`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Force {
    pub flow: FlowIdx,
    pub node: NodeIdx,
    pub visit: u32,
    pub edge: Edge,
}

/// What a steered run adds to its result.
#[derive(Debug, Clone, Default)]
pub struct Steered {
    /// Per step: how many inputs the run had taken before the step started.
    pub input_at: Vec<u32>,
    /// Per step: the virtual clock (ms since the epoch) when the step started.
    pub clock_at: Vec<i64>,
    /// The steps whose output was forced, in order.
    pub forced: Vec<u32>,
}

/// The machine's steering state.
#[derive(Debug)]
pub struct Steer {
    forces: Vec<Force>,
    visits: FxHashMap<(FlowIdx, NodeIdx), u32>,
    pub out: Steered,
}

impl Steer {
    pub fn new(forces: &[Force]) -> Steer {
        Steer { forces: forces.to_vec(), visits: FxHashMap::default(), out: Steered::default() }
    }

    /// Before step `index` starts.
    pub fn before(&mut self, input: usize, clock: i64) {
        self.out.input_at.push(input as u32);
        self.out.clock_at.push(clock);
    }

    /// Node `node` (index `n` of `flow`) ran as step `index` and decided `did`: replaced by
    /// what it does instead, when a force names this visit.
    pub fn after(&mut self, index: usize, flow: FlowIdx, n: NodeIdx, node: &Node, did: &mut Did) {
        let visit = self.visits.entry((flow, n)).or_insert(0);
        let this = *visit;
        *visit += 1;
        let Some(force) =
            self.forces.iter().find(|f| f.flow == flow && f.node == n && f.visit == this)
        else {
            return;
        };
        if let Some(d) = forced(node, force.edge) {
            self.out.forced.push(index as u32);
            *did = d;
        }
    }
}

/// What taking `edge` out of `node` means, when it is a way the node can leave.
fn forced(node: &Node, edge: Edge) -> Option<Did> {
    const WHY: &str = "forced by flowsim explore";
    use crate::flow::edge::{path_of, taken, Path};
    let a = &node.action;
    // A path of the node's own (a JSON node's) is taken as its semantics take it: going on,
    // a timeout, a failure.
    Some(match (edge, path_of(node, edge)) {
        (Edge::Success, _) | (_, Some(Path::On)) => Did::Success,
        (_, Some(Path::Timeout)) if taken(node, Path::Timeout).is_some() => Did::Timeout,
        (_, Some(Path::Timeout)) => return None,
        (Edge::Output(i), None) if usize::from(i) < node.exits.len() => Did::Output(i),
        (Edge::Error, _) | (_, Some(Path::Error)) => {
            let kind = match a.spec().facts.failure {
                Failure::DataAction => ErrorKind::DataActionFailed,
                Failure::InputTimeout => ErrorKind::InputTimeout,
                Failure::ContactNotFound => ErrorKind::ContactNotFound,
                // An Architect action's error is its flow's error handling's plain failure.
                Failure::Plain => ErrorKind::FlowFailed,
            };
            Did::fail(kind, WHY.into())
        }
        _ => return None,
    })
}
