//! A script: everything the explorer controls in one run — the inputs, preset variables, the
//! caller's context and start time, data-action and queue mocks, and forced outputs — and how it
//! becomes a run request and a fixture store.

use crate::engine::{Force, InboundMessage, InputEntry, RunContext, RunRequest};
use crate::fixtures::{FixtureError, FixtureStore};
use indexmap::IndexMap;
use serde_json::{json, Value as J};
use std::borrow::Cow;
use std::path::Path;

/// What a mocked data action answers in a script.
#[derive(Debug, Clone, PartialEq)]
pub enum Mock {
    /// `{"outputs": {...}}`
    Success(IndexMap<String, J>),
    /// `{"error": "..."}`
    Failure,
    /// `{"timeout": true}`
    Timeout,
}

/// One run's controls.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Script {
    pub inputs: Vec<InputEntry>,
    pub variables: IndexMap<String, J>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub attributes: IndexMap<String, J>,
    /// The inbound message's body (message, chat and email flows).
    pub message: Option<String>,
    /// `context.startTime`, ISO 8601.
    pub start_time: Option<String>,
    /// Data actions by name: the one response every call gets.
    pub data_actions: IndexMap<String, Mock>,
    /// Queues by id: the whole queue object, as a fixture file writes it.
    pub queues: IndexMap<String, J>,
    /// Data tables the fixtures lack, by name: their row keys.
    pub data_tables: IndexMap<String, Vec<String>>,
    /// External services (bots, guides, knowledge, journey) by name: the one response every
    /// call gets, as a fixture file's `services` writes it.
    pub services: IndexMap<String, J>,
    /// Stubs by the stubbed action's flow and id: the output every visit takes, `""` for an
    /// action with none (a stubbed action's other outputs are reached by a stub of their own,
    /// never forced; an action whose callee no loaded flow is runs from a stub).
    pub stubs: IndexMap<(String, String), String>,
    /// Participant data attributes by name, as a fixture file's `participantData` writes them.
    pub participant_data: IndexMap<String, String>,
    pub forces: Vec<Force>,
}

impl Script {
    /// The run request for flow `flow`, with at most `max_steps` steps.
    pub fn request(&self, flow: &str, max_steps: u64) -> RunRequest {
        RunRequest {
            flow_name: Some(flow.to_owned()),
            context: self.context(),
            inputs: self.inputs.clone(),
            variables: self.variables.clone(),
            max_steps: Some(max_steps),
            message: self.message.clone().map(InboundMessage::Body),
            ..RunRequest::default()
        }
    }

    /// The run context the script sets.
    pub fn context(&self) -> RunContext {
        RunContext {
            from: self.from.clone(),
            to: self.to.clone(),
            start_time: self.start_time.clone(),
            attributes: self.attributes.clone(),
            ..RunContext::default()
        }
    }

    /// The mocks as fixture-shaped JSON (a scenario's `mocks:`), `None` when there are none.
    pub fn mocks(&self) -> Option<J> {
        if self.data_actions.is_empty()
            && self.queues.is_empty()
            && self.data_tables.is_empty()
            && self.services.is_empty()
            && self.stubs.is_empty()
            && self.participant_data.is_empty()
        {
            return None;
        }
        let mut out = serde_json::Map::new();
        if !self.data_actions.is_empty() {
            let actions: serde_json::Map<String, J> = self
                .data_actions
                .iter()
                .map(|(name, mock)| {
                    let response = match mock {
                        Mock::Success(outputs) => json!({ "outputs": outputs }),
                        Mock::Failure => json!({ "error": "failure chosen by flowsim explore" }),
                        Mock::Timeout => json!({ "timeout": true }),
                    };
                    (name.clone(), J::Array(vec![response]))
                })
                .collect();
            out.insert("dataActions".into(), J::Object(actions));
        }
        if !self.queues.is_empty() {
            out.insert("queues".into(), J::Array(self.queues.values().cloned().collect()));
        }
        if !self.data_tables.is_empty() {
            let tables = self.data_tables.iter().map(|(name, keys)| {
                let rows: serde_json::Map<String, J> =
                    keys.iter().map(|k| (k.clone(), json!({}))).collect();
                json!({"id": format!("explore-{name}"), "name": name, "rows": rows})
            });
            out.insert("dataTables".into(), J::Array(tables.collect()));
        }
        if !self.services.is_empty() {
            let services: serde_json::Map<String, J> = self
                .services
                .iter()
                .map(|(name, response)| (name.clone(), J::Array(vec![response.clone()])))
                .collect();
            out.insert("services".into(), J::Object(services));
        }
        if !self.participant_data.is_empty() {
            out.insert("participantData".into(), json!(self.participant_data));
        }
        if !self.stubs.is_empty() {
            let stubs = self.stubs.iter().map(|((flow, id), output)| match output.as_str() {
                "" => json!({"id": id, "flow": flow}),
                _ => json!({"id": id, "flow": flow, "output": output}),
            });
            out.insert("stubs".into(), J::Array(stubs.collect()));
        }
        Some(J::Object(out))
    }

    /// The fixtures a run of this script sees: `base`, with the mocks merged over it.
    pub fn fixtures<'a>(
        &self,
        base: &'a FixtureStore,
    ) -> Result<Cow<'a, FixtureStore>, Vec<FixtureError>> {
        match self.mocks() {
            None => Ok(Cow::Borrowed(base)),
            Some(mocks) => {
                let mut store = base.clone();
                store.merge_json(Path::new("(flowsim explore mocks)"), &mocks)?;
                Ok(Cow::Owned(store))
            }
        }
    }

    /// The script with its inputs cut to the first `keep` and `entry` after them.
    pub fn with_input(&self, keep: usize, entry: InputEntry) -> Script {
        let mut s = self.clone();
        s.inputs.truncate(keep);
        s.inputs.push(entry);
        s
    }

    /// The script with one more forced output.
    pub fn with_force(&self, force: Force) -> Script {
        let mut s = self.clone();
        s.forces.push(force);
        s
    }
}
