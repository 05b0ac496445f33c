//! Scenario files read straight from the YAML reader's events ([`Reader`]), without serde's
//! visitors in between: what serde's derived readings of [`ScenarioFile`], [`Scenario`],
//! [`RunContext`] and [`Expect`] read, written out for the fields scenario files write most
//! (names, flows, contexts, inputs, statuses, node lists). Every other field is read through
//! serde at its place, so its reading is serde's.
//!
//! These readers give up wherever serde's would fail, and may give up where it would not (a
//! struct written as a sequence, a tagged status): the file is then read through serde, and,
//! at any error, through the tree, which places it. So every value read here is serde's, and
//! every error is the tree's (tests: `scenario::tests`).

use super::{one_or_many, Expect, Scenario, ScenarioFile};
use crate::engine::{InputEntry, RunContext, Status};
use crate::util::yaml::Reader;
use serde::de::{IgnoredAny, IntoDeserializer};
use serde::{Deserialize, Deserializer};
use std::path::PathBuf;

/// A scenario file.
pub(super) fn file(r: &mut Reader<'_>) -> Option<ScenarioFile> {
    let mut file = ScenarioFile {
        schema: None,
        flows: Vec::new(),
        substitutions: indexmap::IndexMap::default(),
        fixtures: Vec::new(),
        mocks: None,
        stubs: None,
        redact: None,
        scenarios: Vec::new(),
    };
    let mut scenarios = None;
    r.map(|r, key| {
        match key {
            "$schema" => file.schema = r.value()?,
            "flows" => file.flows = r.value::<Many<PathBuf>>()?.0,
            "substitutions" => file.substitutions = r.value()?,
            "fixtures" => file.fixtures = r.value::<Many<PathBuf>>()?.0,
            "mocks" => file.mocks = r.value()?,
            "stubs" => file.stubs = r.value()?,
            "redact" => file.redact = r.value()?,
            "scenarios" => scenarios = Some(list(r)?),
            _ => return None,
        }
        Some(())
    })?;
    file.scenarios = scenarios?;
    Some(file)
}

/// A list of scenarios (the file's, or a part of it).
pub(super) fn list(r: &mut Reader<'_>) -> Option<Vec<Scenario>> {
    let mut list = Vec::new();
    r.seq(|r| {
        list.push(scenario(r)?);
        Some(())
    })?;
    Some(list)
}

fn scenario(r: &mut Reader<'_>) -> Option<Scenario> {
    let mut s = Scenario {
        name: String::new(),
        flow: String::new(),
        flow_type: None,
        context: Box::default(),
        inputs: Vec::new(),
        message: None,
        workitem: None,
        conversation: Vec::new(),
        variables: indexmap::IndexMap::default(),
        start_node: None,
        version: None,
        max_steps: None,
        seed: None,
        timeout: None,
        fixtures: Vec::new(),
        inherit_fixtures: true,
        mocks: None,
        stubs: None,
        events: Vec::new(),
        tags: Vec::new(),
        expect: Box::default(),
        snapshot: crate::harness::snapshot_parts::Snapshot::default(),
        redact: None,
        case: None,
    };
    let (mut name, mut flow) = (None, None);
    r.map(|r, key| {
        match key {
            "name" => name = Some(r.string()?),
            "flow" => flow = Some(r.string()?),
            "flowType" => s.flow_type = r.value()?,
            "context" => *s.context = context(r)?,
            "inputs" => s.inputs = inputs(r)?,
            "message" => s.message = r.value()?,
            "workitem" => s.workitem = r.value()?,
            "conversation" => s.conversation = r.value()?,
            "variables" => s.variables = r.value()?,
            "startNode" => s.start_node = r.optional_string()?,
            "version" => s.version = r.value()?,
            "maxSteps" => s.max_steps = r.value()?,
            "seed" => s.seed = r.value()?,
            "timeout" => s.timeout = r.value()?,
            "fixtures" => s.fixtures = r.value::<Many<PathBuf>>()?.0,
            "inheritFixtures" => s.inherit_fixtures = r.value()?,
            "mocks" => s.mocks = r.value()?,
            "stubs" => s.stubs = r.value()?,
            "events" => s.events = r.value()?,
            "tags" => s.tags = r.value::<Many<String>>()?.0,
            "expect" => *s.expect = expect(r)?,
            "snapshot" => s.snapshot = r.value()?,
            "redact" => s.redact = r.value()?,
            _ => return None,
        }
        Some(())
    })?;
    s.name = name?;
    s.flow = flow?;
    Some(s)
}

/// A run context (read as a mapping only; keys it does not have are skipped, as serde skips
/// them).
fn context(r: &mut Reader<'_>) -> Option<RunContext> {
    let mut c = RunContext::default();
    r.map(|r, key| {
        match key {
            "from" => c.from = r.optional_string()?,
            "to" => c.to = r.optional_string()?,
            "channel" => c.channel = r.optional_string()?,
            "conversationId" => c.conversation_id = r.optional_string()?,
            "mediaType" => c.media_type = r.optional_string()?,
            "startTime" => c.start_time = r.optional_string()?,
            "attributes" => c.attributes = r.value()?,
            "sipHeaders" => c.sip_headers = r.value()?,
            _ => {
                r.value::<IgnoredAny>()?;
            }
        }
        Some(())
    })?;
    Some(c)
}

/// Inputs: a scalar that reads as text is a text input; anything else is read by serde.
fn inputs(r: &mut Reader<'_>) -> Option<Vec<InputEntry>> {
    let mut inputs = Vec::new();
    r.seq(|r| {
        let entry =
            if r.at_scalar()? { InputEntry::Text(r.resolved_string()?) } else { r.value()? };
        inputs.push(entry);
        Some(())
    })?;
    Some(inputs)
}

fn expect(r: &mut Reader<'_>) -> Option<Expect> {
    let mut e = Expect::default();
    r.map(|r, key| {
        match key {
            "status" => e.status = if r.null()? { None } else { Some(r.text(status)?) },
            "path" => e.path = if r.null()? { None } else { Some(strings(r)?) },
            "visits" => e.visits = strings(r)?,
            "notVisits" => e.not_visits = strings(r)?,
            "variables" => e.variables = r.value()?,
            "prompts" => e.prompts = if r.null()? { None } else { Some(strings(r)?) },
            "route" => e.route = Some(r.value()?),
            "outputs" => e.outputs = r.value()?,
            "participantData" => e.participant_data = r.value()?,
            "flowOutcomes" => e.flow_outcomes = r.value()?,
            "exitReason" => e.exit_reason = r.value()?,
            "workitem" => e.workitem = r.value()?,
            "settings" => e.settings = r.value()?,
            "surveyOutcome" => e.survey_outcome = r.value()?,
            "slots" => e.slots = r.value()?,
            "intent" => e.intent = Some(r.value()?),
            "error" => e.error = Some(r.value()?),
            "missing" => e.missing = strings(r)?,
            _ => return None,
        }
        Some(())
    })?;
    Some(e)
}

/// A status named by a scalar's text, as serde reads a unit variant.
fn status(name: &str) -> Option<Status> {
    let name: serde::de::value::StrDeserializer<'_, serde::de::value::Error> =
        name.into_deserializer();
    Status::deserialize(name).ok()
}

/// A list of strings.
fn strings(r: &mut Reader<'_>) -> Option<Vec<String>> {
    let mut list = Vec::new();
    r.seq(|r| {
        list.push(r.string()?);
        Some(())
    })?;
    Some(list)
}

/// A field read as `one_or_many` reads it.
struct Many<T>(Vec<T>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Many<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        one_or_many(d).map(Many)
    }
}
