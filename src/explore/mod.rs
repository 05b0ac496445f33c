//! Bounded path exploration (`flowsim explore`, docs/explore.md): the distinct paths through a
//! flow and its callees, each with the inputs, mocks and clock that take it, and every action
//! output reported as reached, reached only by forcing, or unreachable (with why).
//!
//! Exploration drives the real engine, never a copy of its semantics: it runs a *script*
//! ([`Script`]: inputs, preset variables, context, mocks, forced outputs), reads the trace, and
//! for each output a branch point of the trace did not take builds a variant script that should
//! take it (`variant.rs`: another digit, intent or mock outcome, another instant for a schedule,
//! values for a condition's references solved by `solve.rs`), then runs that. When no variant
//! takes the output, the run is steered (`engine::Run::steer`): the output is *forced* at that
//! visit of its node, and the path is marked so.
//!
//! Bounds are counts, never time, so that the same flows give the same report byte for byte:
//! paths kept, runs, steps per run, visits of a node expanded per path (loops), call depth
//! expanded. The search is breadth-first over scripts in a fixed order; variants that need no
//! forcing run before any forced one.

mod outputs;
mod scenario;
mod script;
mod search;
mod solve;
mod variant;

pub use outputs::{Class, FlowSummary, OutputReport};
pub use scenario::{write_scenarios, ScenarioSource, WriteError};
pub use script::{Mock, Script};
pub use search::{explore, explore_flow};

use crate::engine::Status;

/// The bounds of one exploration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Distinct paths kept (`--max-paths`).
    pub max_paths: usize,
    /// Visits of one node, per path, whose untaken outputs are explored (`--max-loop`).
    pub max_loop: u32,
    /// Call depth whose branch points are explored (`--max-depth`; 0: the top flow only).
    pub max_depth: u16,
    /// Runs of the engine in all (`--max-runs`).
    pub max_runs: usize,
    /// Steps of one run (`--max-steps`).
    pub max_steps: u64,
}

impl Default for Options {
    fn default() -> Self {
        Options { max_paths: 200, max_loop: 2, max_depth: 8, max_runs: 2_000, max_steps: 2_000 }
    }
}

/// One path found: the script that takes it and what it did.
#[derive(Debug, Clone)]
pub struct PathReport {
    /// 1-based, in the order found.
    pub id: usize,
    pub script: Script,
    /// The outputs forced on this path, as `node -output->` labels; empty when the script
    /// alone takes it.
    pub forced: Vec<String>,
    pub status: Status,
    /// Where the run was routed or transferred: the queue's or target's name.
    pub route: Option<Route>,
    /// The error that ended the run, by kind.
    pub error: Option<String>,
    /// The lookups into the fixtures that found nothing, as `expect.missing` names them.
    pub missing: Vec<String>,
    /// The node ids, in order.
    pub nodes: Vec<String>,
    /// The outputs this path took first, as labels.
    pub new_outputs: Vec<String>,
}

/// A path's route, as scenario expectations name it.
#[derive(Debug, Clone, PartialEq)]
pub struct Route {
    pub queue_id: String,
    pub queue_name: String,
    /// `acd`, `user`, `number`... (empty for a seeds' JSON Route node).
    pub kind: String,
    pub to: String,
}

/// What an exploration found.
#[derive(Debug, Clone)]
pub struct Exploration {
    /// The top flow's name.
    pub flow: String,
    /// The top flow's type when flows of other types share its name (a written scenario
    /// names it as `flowType`).
    pub flow_type: Option<String>,
    pub options: Options,
    pub paths: Vec<PathReport>,
    /// Every output of every flow entered (the top flow first), in flow and node order.
    pub outputs: Vec<OutputReport>,
    /// Per flow: the counts of each class.
    pub flows: Vec<FlowSummary>,
    /// Runs of the engine.
    pub runs: usize,
    /// The bounds that stopped the search or cut a path's expansion, by flag name.
    pub bounds_hit: Vec<&'static str>,
}

/// Why an exploration cannot start.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ExploreError {
    /// `flowsim explore Nope`
    #[error("flow `{name}` is not in the registry")]
    UnknownFlow {
        name: String,
        /// [`Registry::unknown_flow_help`](crate::flow::Registry::unknown_flow_help).
        help: String,
    },
    /// The first run was refused (a flow whose draft cannot start).
    #[error("the flow cannot run: {0}")]
    Request(String),
    /// `--max-paths 0`
    #[error("{flag} must be at least 1")]
    BadBound { flag: &'static str },
}
