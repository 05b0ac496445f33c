//! The result's serde form (docs/results.md): what `--format json-pretty` writes, and the reference
//! the compact writer (`compact.rs`) is checked against. Each part streams: a large trace is
//! never built as an in-memory JSON tree. Values go through the result's [`OutputBudget`].

use super::{
    FlowIdx, NodeIdx, OutputBudget, RunError, RunResult, Step, StepInput, StepResult, Stores,
    TurnRecord, NO_INDEX,
};
use crate::expr::Value;
use crate::flow::catalogue::Record;
use serde::ser::{SerializeMap, SerializeSeq, Serializer};
use serde::Serialize;
use std::sync::Arc;

impl Serialize for RunResult<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let flow = self.registry.flow(self.flow);
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("status", self.status.as_str())?;
        m.serialize_entry("flowId", &*flow.id)?;
        m.serialize_entry("flowName", &*flow.name)?;
        // The trace has a budget of its own: the run's final values are written whatever it took.
        let (trace, b) = (OutputBudget::default(), &OutputBudget::default());
        m.serialize_entry("trace", &TraceSer(self, &trace))?;
        self.tail_entries(&mut m, b)?;
        m.end()
    }
}

impl RunResult<'_> {
    /// The entries after `trace`, in order: shared by the serde form and the compact writer
    /// (`compact.rs`), so the two cannot drift apart. `b` is the budget of everything but the
    /// trace.
    fn tail_entries<M: SerializeMap>(&self, m: &mut M, b: &OutputBudget) -> Result<(), M::Error> {
        m.serialize_entry("variables", &VarsSer(&self.variables, b))?;
        m.serialize_entry("prompts", &PromptsSer(self, b))?;
        self.rest_entries(m, b)
    }

    /// The entries after `prompts`.
    fn rest_entries<M: SerializeMap>(&self, m: &mut M, b: &OutputBudget) -> Result<(), M::Error> {
        let flow = self.registry.flow(self.flow);
        match &self.route {
            Some(r) if r.kind.is_empty() => m.serialize_entry(
                "route",
                &Obj(&[("queueId", &*r.queue_id), ("queueName", &*r.queue_name)]),
            )?,
            Some(r) if r.kind == "acd" => {
                let mut fields = vec![
                    ("type", r.kind),
                    ("queueId", &*r.queue_id),
                    ("queueName", &*r.queue_name),
                ];
                if let Some(skill) = &r.language_skill {
                    fields.push(("languageSkill", skill));
                }
                m.serialize_entry("route", &Obj(&fields))?;
            }
            Some(r) => m.serialize_entry("route", &Obj(&[("type", r.kind), ("to", &*r.target)]))?,
            None => m.serialize_entry("route", &())?,
        }
        match &self.error {
            Some(e) => m.serialize_entry("error", &ErrorSer(self, e))?,
            None => m.serialize_entry("error", &())?,
        }
        m.serialize_entry("warnings", &WarningsSer(self))?;
        if flow.format != crate::flow::model::Format::Json {
            let a = &self.arch;
            m.serialize_entry("outputs", &VarsSer(&a.outputs, b))?;
            m.serialize_entry("participantData", &Pairs(&a.participant_data))?;
            m.serialize_entry("exitReason", &a.exit_reason.as_ref().map(|v| ValueSer(v, b)))?;
            m.serialize_entry("flowOutcomes", &VarsSer(&a.outcomes, b))?;
            let milestones: Vec<&str> = a.milestones.iter().map(|m| &**m).collect();
            m.serialize_entry("milestones", &milestones)?;
            m.serialize_entry("settings", &Settings(&a.settings, b))?;
            if !a.transcript.is_empty() || a.intent.is_some() || !a.slots.is_empty() {
                m.serialize_entry("intent", &a.intent.as_deref())?;
                m.serialize_entry("slots", &VarsSer(&a.slots, b))?;
                m.serialize_entry("transcript", &Transcript(self))?;
            }
            if let Some(w) = &a.workitem {
                m.serialize_entry("workitem", &ValueSer(w, b))?;
            }
            if let Some(outcome) = a.survey {
                m.serialize_entry("surveyOutcome", outcome)?;
            }
        }
        m.serialize_entry("elapsedMs", &self.elapsed_ms)
    }
}

/// The entries of the result after `prompts` (`route` to `elapsedMs`), as a map of their own.
pub(super) struct Rest<'a, 'r>(pub(super) &'a RunResult<'r>, pub(super) &'a OutputBudget);

impl Serialize for Rest<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        self.0.rest_entries(&mut m, self.1)?;
        m.end()
    }
}

/// The conversation in order: the bot's prompts and the customer's turns.
struct Transcript<'a, 'r>(&'a RunResult<'r>);

impl Serialize for Transcript<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let (prompts, turns) = (&self.0.prompts, &self.0.arch.transcript);
        let mut seq = s.serialize_seq(Some(prompts.len() + turns.len()))?;
        let mut next = 0usize;
        for t in turns {
            while next < (t.at as usize).min(prompts.len()) {
                seq.serialize_element(&Obj(&[("from", "bot"), ("text", &*prompts[next].text)]))?;
                next += 1;
            }
            seq.serialize_element(&TurnSer(t))?;
        }
        for p in &prompts[next..] {
            seq.serialize_element(&Obj(&[("from", "bot"), ("text", &*p.text)]))?;
        }
        seq.end()
    }
}

struct TurnSer<'a>(&'a TurnRecord);

impl Serialize for TurnSer<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let t = self.0;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("from", "customer")?;
        match t.kind {
            "intent" | "knowledge" => m.serialize_entry(t.kind, &*t.text)?,
            "noInput" | "noMatch" => m.serialize_entry("event", t.kind)?,
            _ => m.serialize_entry("text", &*t.text)?,
        }
        if t.kind != "intent" && t.kind != "knowledge" {
            if let Some(i) = &t.intent {
                m.serialize_entry("intent", &**i)?;
            }
        }
        if let Some(c) = t.confidence {
            m.serialize_entry("confidence", &c)?;
        }
        m.end()
    }
}

struct Pairs<'a>(&'a [(Arc<str>, Arc<str>)]);

impl Serialize for Pairs<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in self.0 {
            m.serialize_entry(&**k, &**v)?;
        }
        m.end()
    }
}

struct Settings<'a>(&'a [(&'static str, Value)], &'a OutputBudget);

impl Serialize for Settings<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in self.0 {
            m.serialize_entry(k, &ValueSer(v, self.1))?;
        }
        m.end()
    }
}

/// A map of string pairs.
struct Obj<'a>(&'a [(&'a str, &'a str)]);

impl Serialize for Obj<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

/// A value in its result form (`Value::to_json`), streamed, or the `valueIsTooLarge` marker when
/// the budget does not admit it.
pub struct ValueSer<'a>(pub &'a Value, pub &'a OutputBudget);

impl Serialize for ValueSer<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.1.admit(self.0) {
            Ok(()) => FullSer(self.0).serialize(s),
            Err(bytes) => {
                let mut m = s.serialize_map(Some(2))?;
                m.serialize_entry("valueIsTooLarge", &true)?;
                m.serialize_entry("bytes", &bytes)?;
                m.end()
            }
        }
    }
}

/// A value admitted whole. Recursion is bounded by `expr::value::MAX_VALUE_DEPTH`.
struct FullSer<'a>(&'a Value);

impl Serialize for FullSer<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Value::NotSet => s.serialize_unit(),
            Value::Bool(b) => s.serialize_bool(*b),
            Value::Int(i) => s.serialize_i64(*i),
            Value::Str(t) => s.serialize_str(t),
            Value::Phone(p) => s.serialize_str(&p.uri),
            Value::List(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for v in items.iter() {
                    seq.serialize_element(&FullSer(v))?;
                }
                seq.end()
            }
            Value::Object(obj) => {
                let mut m = s.serialize_map(Some(obj.len()))?;
                for (k, v) in obj.iter() {
                    m.serialize_entry(&**k, &FullSer(v))?;
                }
                m.end()
            }
            other => other.to_json().serialize(s),
        }
    }
}

/// Values under their names (the run's variables, a flow's outputs, what a step wrote).
pub(super) struct VarsSer<'a, K>(pub(super) &'a [(K, Value)], pub(super) &'a OutputBudget);

impl<K: std::ops::Deref<Target = str>> Serialize for VarsSer<'_, K> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in self.0 {
            m.serialize_entry(&**k, &ValueSer(v, self.1))?;
        }
        m.end()
    }
}

struct TraceSer<'a, 'r>(&'a RunResult<'r>, &'a OutputBudget);

impl Serialize for TraceSer<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (r, stores) = (self.0, &self.0.stores());
        let names = NodeNames::default();
        let mut seq = s.serialize_seq(Some(r.trace.len()))?;
        for (i, step) in r.trace.iter().enumerate() {
            seq.serialize_element(&StepSer {
                r: stores,
                step,
                number: i + 1,
                b: self.1,
                names: &names,
            })?;
        }
        seq.end()
    }
}

/// A node's names as JSON strings, escaped once per node rather than once per step (a
/// million-step trace names a few dozen nodes): flow name, id, name, type.
type Escaped = [Box<serde_json::value::RawValue>; 4];

#[derive(Default)]
struct NodeNames(
    std::cell::RefCell<rustc_hash::FxHashMap<(FlowIdx, NodeIdx), std::rc::Rc<Escaped>>>,
);

impl NodeNames {
    fn get(&self, r: &Stores<'_, '_>, flow: FlowIdx, node: NodeIdx) -> std::rc::Rc<Escaped> {
        if let Some(found) = self.0.borrow().get(&(flow, node)) {
            return found.clone();
        }
        let n = r.node(flow, node);
        let raw = |s: &str| {
            let text = serde_json::to_string(s).expect("a string serializes");
            serde_json::value::RawValue::from_string(text).expect("a JSON string is JSON")
        };
        let escaped = std::rc::Rc::new([
            raw(r.flow_name(flow)),
            raw(&n.id),
            raw(&n.name),
            raw(n.action.type_name()),
        ]);
        self.0.borrow_mut().insert((flow, node), escaped.clone());
        escaped
    }
}

struct StepSer<'a, 'r> {
    r: &'a Stores<'a, 'r>,
    step: &'a Step,
    number: usize,
    b: &'a OutputBudget,
    names: &'a NodeNames,
}

impl Serialize for StepSer<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (r, step) = (self.r, self.step);
        let node = r.node(step.flow, step.node);
        let names = self.names.get(r, step.flow, step.node);
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("step", &self.number)?;
        m.serialize_entry("depth", &step.depth)?;
        m.serialize_entry("flowName", &names[0])?;
        m.serialize_entry("nodeId", &names[1])?;
        m.serialize_entry("nodeName", &names[2])?;
        m.serialize_entry("nodeType", &names[3])?;
        if let Some(t) = node.tracking_id {
            m.serialize_entry("trackingId", &t)?;
        }
        m.serialize_entry("result", &ResultSer { r, step, b: self.b })?;
        let inputs = r.inputs_of(self.number - 1);
        if !inputs.is_empty() {
            m.serialize_entry("inputs", &InputsSer(inputs, self.b))?;
        }
        m.serialize_entry("edge", &*crate::flow::edge::trace_label(node, step.edge))?;
        if let Some(exit) = crate::flow::edge::output(node, step.edge) {
            m.serialize_entry("output", &*exit.name)?;
        }
        match step.next() {
            Some(n) => m.serialize_entry("next", &self.names.get(r, step.flow, n)[1])?,
            None => m.serialize_entry("next", &())?,
        }
        if let Some(e) = r.step_error(step) {
            m.serialize_entry(
                "error",
                &Obj(&[("kind", e.kind.as_str()), ("message", &e.message)]),
            )?;
        }
        m.end()
    }
}

/// A step's `inputs`: `{"entry": 1, "input": "7", "heard": "noChoice"}` each, `entry`
/// one-based (`null`: typed ahead, or none left), `input` `null` on a timeout.
struct InputsSer<'a>(&'a [StepInput], &'a OutputBudget);

impl Serialize for InputsSer<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.0.len()))?;
        for i in self.0 {
            seq.serialize_element(&InputSer(i, self.1))?;
        }
        seq.end()
    }
}

struct InputSer<'a>(&'a StepInput, &'a OutputBudget);

impl Serialize for InputSer<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let i = self.0;
        let mut m = s.serialize_map(Some(3))?;
        let entry = (i.entry != NO_INDEX).then_some(u64::from(i.entry) + 1);
        m.serialize_entry("entry", &entry)?;
        m.serialize_entry("input", &i.digits.as_deref().map(|d| TextSer(d, self.1)))?;
        m.serialize_entry("heard", i.heard.as_str())?;
        m.end()
    }
}

pub(super) struct ResultSer<'a, 'r> {
    pub(super) r: &'a Stores<'a, 'r>,
    pub(super) step: &'a Step,
    pub(super) b: &'a OutputBudget,
}

impl Serialize for ResultSer<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (r, step, b) = (self.r, self.step, self.b);
        let mut m = s.serialize_map(None)?;
        let StepResult::Action { stub, .. } = step.result else { return m.end() };
        let node = r.node(step.flow, step.node);
        let value = |name: &str| r.written_value(step, name).unwrap_or(&Value::NotSet);
        match node.action.spec().facts.record {
            Record::Action | Record::Says => {
                if let Some(p) = r.played(step) {
                    m.serialize_entry("text", &TextSer(&p.text, b))?;
                }
                let written = r.written(step);
                if !written.is_empty() {
                    m.serialize_entry("variables", &VarsSer(written, b))?;
                }
                if stub > 0 {
                    m.serialize_entry("stub", &stub)?;
                }
            }
            // A step that failed before it had its values (a template that did not render, a
            // queue the fixtures lack) has no fields.
            Record::Gathers
            | Record::Routes
            | Record::Finds
            | Record::Figures
            | Record::Answers
                if r.written(step).is_empty() => {}
            Record::Gathers => {
                if let Some(p) = r.played(step) {
                    m.serialize_entry("prompt", &TextSer(&p.text, b))?;
                }
                m.serialize_entry("digits", &ValueSer(value("digits"), b))?;
            }
            Record::Assigns => {
                if let Some(assigns) = node.action.spec().facts.assigns {
                    let vars = assigns(&node.action);
                    m.serialize_entry("variables", &SetSer(&vars, r.written(step), b))?;
                }
            }
            Record::Calls => {
                if let Some(name) = r.written_value(step, "flowName") {
                    m.serialize_entry("flowName", &PlainSer(name))?;
                }
                m.serialize_entry("outcome", &PlainSer(value("outcome")))?;
            }
            Record::Routes => {
                m.serialize_entry("queueId", &PlainSer(value("queueId")))?;
                m.serialize_entry("queueName", &PlainSer(value("queueName")))?;
            }
            Record::Finds => {
                let contact = value("contact");
                if contact.is_set() {
                    m.serialize_entry("contact", &ContactSer(contact, b))?;
                } else {
                    m.serialize_entry("contact", &())?;
                }
                m.serialize_entry("matchCount", &PlainSer(value("matchCount")))?;
            }
            Record::Figures => {
                for name in ["availableAgents", "onQueueAgents", "waiting"] {
                    m.serialize_entry(name, &PlainSer(value(name)))?;
                }
                m.serialize_entry("occupancy", &ValueSer(value("occupancy"), b))?;
            }
            Record::Answers => {
                m.serialize_entry("status", &PlainSer(value("status")))?;
                m.serialize_entry("outputs", &ValueSer(value("outputs"), b))?;
            }
        }
        m.end()
    }
}

/// A name, a status or a count a step recorded, written whole and outside the budget (the
/// budget is for what a flow's data makes large): NOT_SET as `null`.
struct PlainSer<'a>(&'a Value);

impl Serialize for PlainSer<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        FullSer(self.0).serialize(s)
    }
}

/// `{"contact": {id, name, email, attributes}}` (docs/results.md).
struct ContactSer<'a>(&'a Value, &'a OutputBudget);

impl Serialize for ContactSer<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(4))?;
        for key in ["id", "name", "email", "attributes"] {
            m.serialize_entry(key, &ValueSer(&self.0.member(key), self.1))?;
        }
        m.end()
    }
}

/// An assigning step's variables: the node's names ([`crate::flow::catalogue::Facts::assigns`]),
/// the values the step wrote.
#[allow(clippy::type_complexity)]
struct SetSer<'a, 'r>(
    &'a [(&'a crate::flow::action::VarRef, crate::flow::catalogue::json::SetValue<'a>)],
    &'a [(super::Name<'r>, Value)],
    &'a OutputBudget,
);

impl Serialize for SetSer<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.1.len()))?;
        for ((var, _), (_, v)) in self.0.iter().zip(self.1.iter()) {
            m.serialize_entry(&*var.name, &ValueSer(v, self.2))?;
        }
        m.end()
    }
}

struct PromptsSer<'a, 'r>(&'a RunResult<'r>, &'a OutputBudget);

impl Serialize for PromptsSer<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let r = self.0;
        let mut seq = s.serialize_seq(Some(r.prompts.len()))?;
        for p in &r.prompts {
            let node = r.node(p.flow, p.node);
            seq.serialize_element(&PromptSer(r.flow_name(p.flow), &node.id, &p.text, self.1))?;
        }
        seq.end()
    }
}

struct PromptSer<'a>(&'a str, &'a str, &'a str, &'a OutputBudget);

impl Serialize for PromptSer<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(3))?;
        m.serialize_entry("flowName", self.0)?;
        m.serialize_entry("nodeId", self.1)?;
        m.serialize_entry("text", &TextSer(self.2, self.3))?;
        m.end()
    }
}

/// A prompt's text, or the `valueIsTooLarge` marker when the budget does not admit it.
struct TextSer<'a>(&'a str, &'a OutputBudget);

impl Serialize for TextSer<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.1.admit_size(self.0.len() + 2) {
            Ok(()) => s.serialize_str(self.0),
            Err(bytes) => {
                let mut m = s.serialize_map(Some(2))?;
                m.serialize_entry("valueIsTooLarge", &true)?;
                m.serialize_entry("bytes", &bytes)?;
                m.end()
            }
        }
    }
}

struct ErrorSer<'a, 'r>(&'a RunResult<'r>, &'a RunError);

impl Serialize for ErrorSer<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (r, e) = (self.0, self.1);
        let node = r.node(e.flow, e.node);
        Obj(&[
            ("kind", e.kind.as_str()),
            ("message", &e.message),
            ("flowName", r.flow_name(e.flow)),
            ("nodeId", &node.id),
        ])
        .serialize(s)
    }
}

struct WarningsSer<'a, 'r>(&'a RunResult<'r>);

impl Serialize for WarningsSer<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let r = self.0;
        let mut seq = s.serialize_seq(Some(r.warnings.len()))?;
        for w in &r.warnings {
            let node = r.node(w.flow, w.node);
            let fields = [
                ("kind", w.kind),
                ("message", &w.message),
                ("flowName", r.flow_name(w.flow)),
                ("nodeId", &node.id),
            ];
            match &w.missing {
                // A lookup that found nothing, as a scenario's `expect.missing` names it.
                Some(miss) => {
                    let label = miss.label();
                    let mut all = fields.to_vec();
                    all.push(("missing", &label));
                    seq.serialize_element(&Obj(&all))?;
                }
                None => seq.serialize_element(&Obj(&fields))?,
            }
        }
        seq.end()
    }
}
