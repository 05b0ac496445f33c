//! The format-independent flow model the interpreter runs.
//!
//! Loaders (JSON today, Archy YAML later) produce it; the engine only reads it. Invariants a
//! loaded model guarantees: every node index in a graph is in range, node ids are unique
//! case-insensitively, every expression and template is parsed and its functions bound.

use crate::expr::{Expr, Template, VarId};
use rustc_hash::FxHashMap;
use std::path::PathBuf;
use std::sync::Arc;

/// Index of a flow in its registry.
pub type FlowIdx = u32;
/// Index of a node in its graph.
pub type NodeIdx = u32;

/// One flow: a draft graph and maybe a published one.
#[derive(Debug, Clone)]
pub struct Flow {
    pub id: Arc<str>,
    pub name: Arc<str>,
    /// Informational: `inbound`, `commonModule`, ...
    pub flow_type: Arc<str>,
    pub file: PathBuf,
    pub draft: Graph,
    pub published: Option<Graph>,
}

/// Which version of each flow a run uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Version {
    #[default]
    Draft,
    Published,
}

impl Flow {
    pub fn graph(&self, version: Version) -> Option<&Graph> {
        match version {
            Version::Draft => Some(&self.draft),
            Version::Published => self.published.as_ref(),
        }
    }
}

/// The nodes of one version of a flow.
#[derive(Debug, Clone)]
pub struct Graph {
    pub start: NodeIdx,
    pub nodes: Vec<Node>,
    /// Lower-cased node id → index.
    pub by_lower_id: FxHashMap<Box<str>, NodeIdx>,
}

impl Graph {
    pub fn node(&self, idx: NodeIdx) -> &Node {
        &self.nodes[idx as usize]
    }

    /// A node by id, case-insensitively.
    pub fn find(&self, id: &str) -> Option<NodeIdx> {
        self.by_lower_id.get(id.to_ascii_lowercase().as_str()).copied()
    }

    /// A node by an already lower-cased id.
    pub fn find_lower(&self, lower: &str) -> Option<NodeIdx> {
        self.by_lower_id.get(lower).copied()
    }
}

/// One node with its paths.
#[derive(Debug, Clone)]
pub struct Node {
    pub id: Arc<str>,
    pub name: Arc<str>,
    pub kind: NodeKind,
    /// Success path: `onComplete.nextNode`.
    pub next: Option<NodeIdx>,
    /// Error path: `onError.nextNode`, else `onComplete.onError`.
    pub on_error: Option<NodeIdx>,
    /// DataAction timeout path: `onTimeout.nextNode`, else `onComplete.onTimeout`.
    pub on_timeout: Option<NodeIdx>,
}

/// What a node does, with its properties parsed and typed.
#[derive(Debug, Clone)]
pub enum NodeKind {
    Say {
        text: Template,
    },
    Gather {
        prompt: Template,
        max_digits: u8,
        timeout_ms: u64,
        inter_digit_timeout_ms: u64,
        terminator: Option<char>,
    },
    Set {
        assignments: Vec<Assignment>,
    },
    If {
        conditions: Vec<Condition>,
        default: Option<NodeIdx>,
    },
    Flow {
        target: Target,
        timeout_ms: Option<u64>,
        /// The callee, when `target` is constant text that names a flow of the registry
        /// (resolved once when the registry loads; `None` until then, or when it must be
        /// resolved at run time).
        callee: Option<FlowIdx>,
    },
    Route {
        queue: Target,
    },
    End {
        end: EndType,
    },
    Disconnect,
    GetExternalContact {
        by: LookupBy,
        value: Template,
        continue_when_not_found: bool,
    },
    QueueMetrics {
        queue: Target,
    },
    DataAction {
        action: Arc<str>,
        inputs: Vec<(Arc<str>, Template)>,
        timeout_ms: u64,
    },
}

/// The node types, in the spelling flow files use.
pub const NODE_TYPES: [&str; 11] = [
    "Say",
    "Gather",
    "Set",
    "If",
    "Flow",
    "Route",
    "End",
    "Disconnect",
    "GetExternalContactAction",
    "QueueMetrics",
    "DataAction",
];

impl NodeKind {
    /// The type as flow files spell it (and traces show it).
    pub fn type_name(&self) -> &'static str {
        match self {
            NodeKind::Say { .. } => "Say",
            NodeKind::Gather { .. } => "Gather",
            NodeKind::Set { .. } => "Set",
            NodeKind::If { .. } => "If",
            NodeKind::Flow { .. } => "Flow",
            NodeKind::Route { .. } => "Route",
            NodeKind::End { .. } => "End",
            NodeKind::Disconnect => "Disconnect",
            NodeKind::GetExternalContact { .. } => "GetExternalContactAction",
            NodeKind::QueueMetrics { .. } => "QueueMetrics",
            NodeKind::DataAction { .. } => "DataAction",
        }
    }
}

impl NodeKind {
    /// Calls `f` on every expression of the node: conditions, `expression` values and the
    /// expressions inside templates.
    pub fn for_each_expr_mut(&mut self, f: &mut impl FnMut(&mut Expr)) {
        let mut template = |t: &mut Template| t.exprs_mut().for_each(&mut *f);
        match self {
            NodeKind::Say { text } => template(text),
            NodeKind::Gather { prompt, .. } => template(prompt),
            NodeKind::Set { assignments } => {
                for a in assignments {
                    match &mut a.value {
                        SetValue::Expression(e) => f(e),
                        SetValue::String(t)
                        | SetValue::Integer(t)
                        | SetValue::Decimal(t)
                        | SetValue::Boolean(t) => t.exprs_mut().for_each(&mut *f),
                    }
                }
            }
            NodeKind::If { conditions, .. } => conditions.iter_mut().for_each(|c| f(&mut c.expr)),
            NodeKind::Flow { target, .. }
            | NodeKind::Route { queue: target }
            | NodeKind::QueueMetrics { queue: target } => template(target.template_mut()),
            NodeKind::GetExternalContact { value, .. } => template(value),
            NodeKind::DataAction { inputs, .. } => {
                for (_, t) in inputs {
                    template(t);
                }
            }
            NodeKind::End { .. } | NodeKind::Disconnect => {}
        }
    }
}

/// One `setVars` entry.
#[derive(Debug, Clone)]
pub struct Assignment {
    /// The variable name as written.
    pub key: Arc<str>,
    /// Lower-cased, for the case-insensitive variable store.
    pub lower: Arc<str>,
    pub value: SetValue,
    /// The variable's id in the registry's table ([`UNBOUND`] until the registry binds it).
    pub var: VarId,
}

/// The id of an assignment no registry has bound yet.
pub const UNBOUND: VarId = VarId::MAX;

/// A `setVars` value by its declared `type` (SPEC §3.6).
#[derive(Debug, Clone)]
pub enum SetValue {
    /// `string`: a template.
    String(Template),
    /// `integer`: a template converted with `ToInt`'s rules.
    Integer(Template),
    /// `decimal`: a template converted with `ToDecimal`'s rules.
    Decimal(Template),
    /// `boolean`: a template converted with `ToBool`'s rules.
    Boolean(Template),
    /// `expression`: stored as evaluated.
    Expression(Expr),
}

/// One `If` condition.
#[derive(Debug, Clone)]
pub struct Condition {
    pub expr: Expr,
    pub next: NodeIdx,
}

/// A flow or queue named by id or by name.
#[derive(Debug, Clone)]
pub enum Target {
    /// `flowId` / `queueId`, matched exactly (then by name, for hand-written files).
    Id(Template),
    /// `flowName` / `queueName`, matched case-insensitively.
    Name(Template),
}

impl Target {
    pub fn template(&self) -> &Template {
        match self {
            Target::Id(t) | Target::Name(t) => t,
        }
    }

    pub fn template_mut(&mut self) -> &mut Template {
        match self {
            Target::Id(t) | Target::Name(t) => t,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EndType {
    Normal,
    Error,
    Disconnect,
}

pub use crate::fixtures::LookupBy;
