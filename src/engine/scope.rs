//! What expressions see during a run: the variable store, node outputs and the context, and
//! the reference resolution order of SPEC §3.4.

use super::request::ContextValues;
use super::result::Warning;
use crate::expr::{Env, Path, Span, Value};
use crate::flow::{FlowIdx, Graph, NodeIdx};
use crate::util::SlotHint;
use indexmap::IndexMap;
use rustc_hash::{FxBuildHasher, FxHashSet};
use std::sync::Arc;

/// The conversation's variables: one store shared by every flow of the run (SPEC §4.1).
/// Keys are lower-cased; each entry keeps the spelling of its first assignment.
#[derive(Debug, Default)]
pub(crate) struct Vars {
    map: IndexMap<Arc<str>, (Arc<str>, Value), FxBuildHasher>,
}

impl Vars {
    pub fn get(&self, lower: &str) -> Option<&Value> {
        self.map.get(lower).map(|(_, v)| v)
    }

    /// Assigns; `lower` must be `name` lower-cased.
    pub fn set(&mut self, lower: &Arc<str>, name: &Arc<str>, value: Value) {
        if let Some(slot) = self.map.get_mut(&**lower) {
            slot.1 = value;
        } else {
            self.map.insert(lower.clone(), (name.clone(), value));
        }
    }

    /// [`Vars::get`] through a slot hint: checks the hinted slot first, remembers where it
    /// found the name.
    pub fn get_hinted(&self, lower: &str, hint: &SlotHint) -> Option<&Value> {
        if let Some((k, (_, v))) = self.map.get_index(hint.get()) {
            if **k == *lower {
                return Some(v);
            }
        }
        let (i, _, (_, v)) = self.map.get_full(lower)?;
        hint.set(i);
        Some(v)
    }

    /// [`Vars::set`] through a slot hint.
    pub fn set_hinted(&mut self, lower: &Arc<str>, name: &Arc<str>, value: Value, hint: &SlotHint) {
        if let Some((k, slot)) = self.map.get_index_mut(hint.get()) {
            if Arc::ptr_eq(k, lower) || **k == **lower {
                slot.1 = value;
                return;
            }
        }
        let i = match self.map.get_full_mut(&**lower) {
            Some((i, _, slot)) => {
                slot.1 = value;
                i
            }
            None => self.map.insert_full(lower.clone(), (name.clone(), value)).0,
        };
        hint.set(i);
    }

    pub fn into_list(self) -> Vec<(Arc<str>, Value)> {
        self.map.into_values().collect()
    }
}

/// A node's outputs (`NodeId.field`), per flow invocation.
#[derive(Debug, Clone, Default)]
pub(crate) enum Output {
    #[default]
    None,
    Gather {
        digits: Value,
    },
    Flow {
        outcome: Value,
    },
    Route {
        queue_id: Value,
        queue_name: Value,
    },
    Contact {
        contact: Value,
        found: bool,
        match_count: i64,
    },
    Metrics {
        figures: [i64; 3],
        occupancy: f64,
    },
    DataAction {
        outputs: Value,
        status: &'static str,
    },
}

impl Output {
    /// The output named `field` (lower-cased); NOT_SET when the node has not produced it.
    pub fn field(&self, field: &str) -> Value {
        match (self, field) {
            (Output::Gather { digits }, "digits") => digits.clone(),
            (Output::Flow { outcome }, "outcome") => outcome.clone(),
            (Output::Route { queue_id, .. }, "queueid") => queue_id.clone(),
            (Output::Route { queue_name, .. }, "queuename") => queue_name.clone(),
            (Output::Contact { contact, .. }, "contact") => contact.clone(),
            (Output::Contact { found, .. }, "found") => Value::Bool(*found),
            (Output::Contact { match_count, .. }, "matchcount") => Value::Int(*match_count),
            (Output::Metrics { figures, .. }, "availableagents") => Value::Int(figures[0]),
            (Output::Metrics { figures, .. }, "onqueueagents") => Value::Int(figures[1]),
            (Output::Metrics { figures, .. }, "waiting") => Value::Int(figures[2]),
            (Output::Metrics { occupancy, .. }, "occupancy") => Value::Dec(*occupancy),
            (Output::DataAction { outputs, .. }, "outputs") => outputs.clone(),
            (Output::DataAction { status, .. }, "status") => Value::str(status),
            _ => Value::NotSet,
        }
    }
}

/// Warnings given so far, each (flow, node, path) once.
#[derive(Debug, Default)]
pub(crate) struct Warnings {
    pub list: Vec<Warning>,
    seen: FxHashSet<(FlowIdx, NodeIdx, Box<str>)>,
}

/// An [`Env`] over one moment of a run.
pub(crate) struct Scope<'a> {
    pub vars: &'a Vars,
    pub context: &'a ContextValues,
    pub graph: &'a Graph,
    pub outputs: &'a [Output],
    pub warnings: &'a mut Warnings,
    pub flow: FlowIdx,
    pub node: NodeIdx,
    pub now_ms: i64,
    /// When recording (`RunOptions::record_reads`): each distinct path read, with its value.
    pub reads: Option<&'a mut Vec<(Arc<str>, Value)>>,
}

fn members<'p>(mut v: Value, rest: impl Iterator<Item = &'p str>) -> Value {
    for m in rest {
        if !v.is_set() {
            break;
        }
        v = v.member(m);
    }
    v
}

impl Scope<'_> {
    fn context_value(&self, key: &str, call: bool) -> Option<&Value> {
        let c = self.context;
        Some(match key {
            "ani" if call => &c.from,
            "calledaddress" | "dnis" if call => &c.to,
            "from" if !call => &c.from,
            "to" if !call => &c.to,
            "conversationid" => &c.conversation_id,
            "channel" => &c.channel,
            "mediatype" => &c.media_type,
            "starttime" if !call => &c.start_time,
            "attributes" if !call => &c.attributes,
            _ => return None,
        })
    }
}

impl Env for Scope<'_> {
    fn lookup(&mut self, path: &Path, _span: Span) -> Value {
        let value = self.resolve(path);
        if let Some(reads) = self.reads.as_deref_mut() {
            if !reads.iter().any(|(p, _)| **p == *path.text) {
                reads.push((Arc::from(&*path.text), value.clone()));
            }
        }
        value
    }

    fn now_ms(&self) -> i64 {
        self.now_ms
    }
}

impl Scope<'_> {
    /// SPEC §3.4's resolution order.
    fn resolve(&mut self, path: &Path) -> Value {
        // 1. The run context.
        let head = path.head();
        if (head == "call" || head == "context") && path.len() > 1 {
            let key = path.rest(1).next().unwrap_or_default();
            if let Some(v) = self.context_value(key, head == "call") {
                return members(v.clone(), path.rest(2));
            }
        }
        // 2. The longest prefix that names a variable: most often the whole path.
        if let Some(v) = self.vars.get_hinted(&path.lower, &path.slot) {
            return v.clone();
        }
        for n in (1..path.len()).rev() {
            if let Some(v) = self.vars.get(path.prefix(n)) {
                return members(v.clone(), path.rest(n));
            }
        }
        // 3. A node of the current flow invocation.
        if let Some(idx) = self.graph.find_lower(head) {
            let mut rest = path.rest(1);
            let Some(field) = rest.next() else { return Value::NotSet };
            return members(self.outputs[idx as usize].field(field), rest);
        }
        // 4. Nothing at all: NOT_SET, and a warning once per path and node.
        let key = (self.flow, self.node, path.lower.clone());
        if !self.warnings.seen.contains(&key) {
            self.warnings.seen.insert(key);
            self.warnings.list.push(Warning {
                kind: "unsetRead",
                message: format!(
                    "`{}` names no variable, context field or node output; it reads as NOT_SET",
                    path.text
                ),
                flow: self.flow,
                node: self.node,
            });
        }
        Value::NotSet
    }
}
