//! What happens to a run from outside, on the virtual clock: an outside service
//! sets variables while the caller waits, a queue's figures change, a data action starts
//! failing, the caller presses digits at a given wait.
//!
//! ```json
//! {"events": [
//!   {"when": {"waitingAt": "MainMenu"}, "set": {"Flow.finalRoutingDecision": "route_to_vm"}},
//!   {"when": {"afterStep": 4}, "queue": {"name": "Support", "waiting": 3, "availableAgents": 0}},
//!   {"when": {"time": "2026-01-06T15:00:30Z"}, "dataAction": {"name": "Get Tier", "fail": "503"}},
//!   {"when": {"waitingAt": "AwaitDecision"}, "digits": "1"}]}
//! ```
//! `when` is exactly one of: `waitingAt` (an action's id or name: the moment the run waits there
//! for input, before it takes any; `visit` picks the n-th such wait, default the first),
//! `input` (before the run takes its n-th input, 1-based), `afterStep` (once n steps ran),
//! `time` (once the virtual clock reaches it). Each event fires once. What it does, in order:
//! `set` writes variables (all of them or, when one is unknown, none: the request is refused
//! before the run), `queue` replaces figures of a queue from then on, `dataAction` makes a data
//! action fail (`fail`: its message) or time out (`timeout: true`) from then on, `digits`
//! delivers the input the run waits for (inserted before the remaining inputs).

use super::request::RequestError;
pub use super::result::{WaitKind, WaitPoint};
use crate::expr::value::Value;
use crate::fixtures::{FixtureStore, Queue};
use crate::flow::Registry;
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// The most events one request may carry.
pub const MAX_EVENTS: usize = 1_000;

/// One event, as a request or a scenario writes it.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct RunEvent {
    pub when: When,
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub set: IndexMap<String, serde_json::Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub queue: Option<QueueChange>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_action: Option<DataActionChange>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub digits: Option<String>,
    /// An agent answers the call waiting in queue: `true`, or the agent's name. Only for an
    /// in-queue flow; its run ends `transferred`, route `{type: agent, to: <name>}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent_answers: Option<serde_json::Value>,
}

/// When an event fires: exactly one field.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct When {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waiting_at: Option<String>,
    /// With `waitingAt`: the n-th wait there (1-based; default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visit: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after_step: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<String>,
}

/// New figures for a queue (absent fields keep theirs).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct QueueChange {
    /// The queue's id or name.
    #[serde(alias = "id")]
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub available_agents: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_queue_agents: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waiting: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub occupancy: Option<f64>,
}

/// A data action that fails or times out from then on.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct DataActionChange {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fail: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub timeout: bool,
}

/// When, checked.
#[derive(Debug, Clone, PartialEq)]
pub enum Trigger {
    /// At a wait on this node id (lower-cased, or its name), the n-th time.
    WaitingAt {
        key: Box<str>,
        visit: u32,
    },
    /// Before input n (0-based).
    Input(u32),
    AfterStep(u64),
    Time(i64),
}

/// An event ready to fire.
#[derive(Debug, Clone)]
pub struct Pending {
    pub trigger: Trigger,
    pub set: Vec<(Arc<str>, Value)>,
    pub queue: Option<Queue>,
    /// Lower-cased name, and the failure (`None`: a timeout).
    pub data_action: Option<(Box<str>, Option<Arc<str>>)>,
    pub digits: Option<Arc<str>>,
    /// An agent answers (`agentAnswers`): the agent's name (`agent` when the event gave none).
    pub agent: Option<Arc<str>>,
    pub fired: bool,
}

fn bad(index: usize, text: impl Into<String>) -> RequestError {
    RequestError::BadEvent { index: index + 1, text: text.into() }
}

/// Whether some node of some flow has this id or name (case-insensitively).
fn node_known(reg: &Registry, key: &str) -> bool {
    let lower = crate::util::fold_case(key);
    reg.flows().iter().any(|f| {
        [Some(&f.draft), f.published.as_ref()].into_iter().flatten().any(|g| {
            g.by_lower_id.contains_key(lower.as_ref() as &str)
                || g.nodes.iter().any(|n| crate::util::fold_case(&n.name) == lower)
        })
    })
}

/// Why no event may write `name` (no flow uses it), with the nearest name; `None`: it may.
pub fn unknown_variable(reg: &Registry, name: &str) -> Option<String> {
    let table = reg.var_table();
    if table.get(&crate::util::fold_case(name)).is_some() {
        return None;
    }
    let names: Vec<&str> = (0..table.len()).map(|k| &**table.name(k as _)).collect();
    let hint = crate::util::nearest(name, names.iter().copied())
        .map_or_else(String::new, |n| format!("; did you mean `{n}`?"));
    Some(format!("no flow uses the variable `{name}`{hint}"))
}

/// Checks every event against the flows and fixtures: unknown actions, variables, queues and
/// data actions are refused with the nearest name, before anything runs (all or nothing).
pub fn prepare(
    events: &[RunEvent],
    reg: &Registry,
    fixtures: &FixtureStore,
) -> Result<Vec<Pending>, RequestError> {
    if events.len() > MAX_EVENTS {
        return Err(bad(MAX_EVENTS, format!("at most {MAX_EVENTS} events")));
    }
    let mut out = Vec::with_capacity(events.len());
    for (i, e) in events.iter().enumerate() {
        let w = &e.when;
        let count =
            [w.waiting_at.is_some(), w.input.is_some(), w.after_step.is_some(), w.time.is_some()]
                .iter()
                .filter(|b| **b)
                .count();
        if count != 1 {
            return Err(bad(i, "`when` takes exactly one of waitingAt, input, afterStep, time"));
        }
        if w.visit.is_some() && w.waiting_at.is_none() {
            return Err(bad(i, "`visit` goes with `waitingAt`"));
        }
        let trigger = if let Some(key) = &w.waiting_at {
            if !node_known(reg, key) {
                let names = reg.flows().iter().flat_map(|f| f.draft.nodes.iter().map(|n| &*n.name));
                let hint = crate::util::nearest(key, names)
                    .map_or_else(String::new, |n| format!("; did you mean `{n}`?"));
                return Err(bad(i, format!("no action `{key}` in the flows{hint}")));
            }
            let visit = w.visit.unwrap_or(1);
            if visit == 0 {
                return Err(bad(i, "`visit` counts from 1"));
            }
            Trigger::WaitingAt { key: crate::util::fold_case(key).into(), visit }
        } else if let Some(n) = w.input {
            if n == 0 {
                return Err(bad(i, "`input` counts from 1"));
            }
            Trigger::Input(n - 1)
        } else if let Some(n) = w.after_step {
            Trigger::AfterStep(n)
        } else {
            let text = w.time.as_deref().unwrap_or_default();
            let ms = crate::expr::value::parse_datetime(text).ok_or_else(|| {
                bad(i, format!("`time` {text:?} is not a date and time (RFC 3339)"))
            })?;
            Trigger::Time(ms)
        };
        let mut set = Vec::with_capacity(e.set.len());
        for (name, v) in &e.set {
            if let Some(text) = unknown_variable(reg, name) {
                return Err(bad(i, text));
            }
            set.push((Arc::from(name.as_str()), Value::from_json(v)));
        }
        let queue = match &e.queue {
            None => None,
            Some(q) => {
                let Some(known) = fixtures.queue(&q.name) else {
                    let hint = crate::util::nearest(&q.name, fixtures.queues().map(|q| &*q.name))
                        .map_or_else(String::new, |n| format!("; did you mean `{n}`?"));
                    return Err(bad(i, format!("no queue `{}` in the fixtures{hint}", q.name)));
                };
                let mut changed = known.clone();
                if let Some(v) = q.available_agents {
                    changed.available_agents = v;
                }
                if let Some(v) = q.on_queue_agents {
                    changed.on_queue_agents = v;
                }
                if let Some(v) = q.waiting {
                    changed.waiting = v;
                }
                if let Some(v) = q.occupancy {
                    if !(0.0..=1.0).contains(&v) {
                        return Err(bad(i, "a queue's occupancy is from 0 to 1"));
                    }
                    changed.occupancy = v;
                }
                Some(changed)
            }
        };
        let data_action = match &e.data_action {
            None => None,
            Some(d) => {
                if d.fail.is_some() == d.timeout {
                    return Err(bad(i, "`dataAction` takes `fail: MESSAGE` or `timeout: true`"));
                }
                Some((d.name.to_lowercase().into_boxed_str(), d.fail.as_deref().map(Arc::from)))
            }
        };
        let agent = match &e.agent_answers {
            None | Some(serde_json::Value::Bool(false)) => None,
            Some(serde_json::Value::Bool(true)) => Some(Arc::from("agent")),
            Some(serde_json::Value::String(name)) if !name.is_empty() => {
                Some(Arc::from(name.as_str()))
            }
            Some(_) => return Err(bad(i, "`agentAnswers` is true or the agent's name")),
        };
        if e.set.is_empty()
            && queue.is_none()
            && data_action.is_none()
            && e.digits.is_none()
            && agent.is_none()
        {
            return Err(bad(
                i,
                "the event does nothing: give set, queue, dataAction, digits or agentAnswers",
            ));
        }
        out.push(Pending {
            trigger,
            set,
            queue,
            data_action,
            digits: e.digits.as_deref().map(Arc::from),
            agent,
            fired: false,
        });
    }
    Ok(out)
}

/// `agentAnswers` needs a call waiting in queue: the run's flow must be an in-queue flow.
pub fn check_agent(
    events: &[Pending],
    reg: &Registry,
    flow: crate::flow::FlowIdx,
) -> Result<(), RequestError> {
    let f = reg.flow(flow);
    match events.iter().position(|e| e.agent.is_some()) {
        Some(i) if !crate::flow::model::is_in_queue(&f.flow_type) => Err(bad(
            i,
            format!(
                "`agentAnswers` ends an in-queue flow's wait, and `{}` is a flow of type `{}`",
                f.name, f.flow_type
            ),
        )),
        _ => Ok(()),
    }
}

/// A run's live state: the events still to fire, what they changed, whether the run waits.
#[derive(Debug, Default)]
pub struct Live {
    pub(super) events: Vec<Pending>,
    /// Any event, or pausing: the input hook has work to do.
    pub active: bool,
    /// Some event fires on a step count or a time: checked before each step.
    pub has_timed: bool,
    pub(super) pause_for_input: bool,
    pub(super) queues: Vec<Queue>,
    pub(super) data_actions: Vec<(Box<str>, Option<Arc<str>>)>,
    /// Where the run waits (`pause_for_input`), and the trace length before that step.
    pub waiting: Option<WaitPoint>,
    pub waiting_step: usize,
    /// What had been said, heard and how late it was when the run began to wait: a step that
    /// loops on its own (a bot's no-input retries) is cut back to that moment.
    pub waiting_mark: (usize, usize, i64),
    /// The last (trace length, input index) `before_input` looked at: an action that asks
    /// twice for the same input (Collect Input peeks first) counts as one wait.
    pub(super) checked: Option<(usize, usize)>,
    /// Waits seen per `waitingAt` event (for `visit`).
    pub(super) visits: Vec<u32>,
    /// Events fired: (index, trace length).
    pub fired: Vec<(u32, u32)>,
    /// An agent answered (`agentAnswers`): the run ends at the next step.
    pub answered: Option<Arc<str>>,
}

impl Live {
    pub fn new(events: Vec<Pending>, pause_for_input: bool) -> Live {
        let has_timed =
            events.iter().any(|e| matches!(e.trigger, Trigger::AfterStep(_) | Trigger::Time(_)));
        Live {
            active: !events.is_empty() || pause_for_input,
            has_timed,
            pause_for_input,
            visits: vec![0; events.len()],
            events,
            ..Live::default()
        }
    }

    /// The figures an event gave this queue, if any.
    pub fn queue(&self, q: &Queue) -> Option<Queue> {
        self.queues.iter().rev().find(|c| c.id == q.id).cloned()
    }

    /// How an event made this data action answer, if it did.
    pub fn data_action(&self, name: &str) -> Option<crate::fixtures::DataActionAnswer> {
        let lower = name.to_lowercase();
        self.data_actions.iter().rev().find(|(n, _)| **n == *lower).map(|(_, fail)| match fail {
            Some(message) => crate::fixtures::DataActionAnswer::Failed {
                message: message.to_string(),
                fields: crate::expr::Value::NotSet,
                delay_ms: 0,
            },
            None => crate::fixtures::DataActionAnswer::Timeout { delay_ms: None },
        })
    }
}
