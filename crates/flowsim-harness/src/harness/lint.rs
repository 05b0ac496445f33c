//! No hollow tests: every name a scenario uses must exist in the flows it
//! runs, or a rename leaves tests that pass without checking anything. Checked when a suite
//! loads (and alone by `flowsim test --lint`), each problem an error with the scenario file's
//! line and column and the nearest valid name:
//!
//! - `flow` and `startNode`: a flow of the registry, a node of that flow;
//! - `path`, `visits`, `notVisits`: a node of some flow (its id, `Flow/Node`, or an action's
//!   name when no other action of its flow has it), as the checks match them;
//! - `variables` (expected) and `outputs`: a variable some flow declares, assigns or binds, a
//!   preset of the scenario, or a built-in the inbound message sets; `outputs`: an output
//!   variable (`isOutput`) of the scenario's flow;
//! - `route`'s `queueName` / `queueId`: a queue of the fixtures (with the scenario's mocks);
//! - `missing`: each entry `kind:name` of a kind of lookup (`engine::missing::Sought`);
//! - mocks' `dataActions`: a data action some flow calls; mocks' `services`: a bot, guide,
//!   knowledge base or journey lookup some flow calls;
//! - stubs (the scenario's, the file's and the fixture files'): an action of the flows (one
//!   for a name), outputs it has, variables its flow declares with values of their types
//!   (`flow::stubs::check`); a fixture file's problems once, at its own line and column;
//! - the request itself (inputs, start time, step limit), as the engine would refuse it.

use super::scenario::{Scenario, ScenarioFile};
use super::FileError;
use crate::diag::Code;
use crate::engine::request::Prepared;
use crate::fixtures::FixtureStore;
use crate::flow::action::Prop;
use crate::flow::registry::{Lookup, Want};
use crate::flow::{Flow, Registry};
use crate::util::{fold_case, nearest};
use rayon::prelude::*;
use rustc_hash::FxHashSet;
use std::path::Path;

/// What a scenario's problem is about, to place it in the file.
#[derive(Clone, Copy)]
enum Needle<'a> {
    /// Text the scenario writes (`flow: Main Menu`, `route:`).
    Text(&'a str),
    /// What a fixture error's path names in the scenario's `mocks:`
    /// (`dataActions["Get Tier"][0].delayMs`), and the error's kind.
    Mock(&'a str, crate::fixtures::FixtureErrorKind),
}

impl<'a> From<&'a str> for Needle<'a> {
    fn from(text: &'a str) -> Self {
        Needle::Text(text)
    }
}

impl<'a> From<&'a String> for Needle<'a> {
    fn from(text: &'a String) -> Self {
        Needle::Text(text)
    }
}

/// Every problem of a scenario file's names, in line order; and each scenario's request,
/// prepared, when it was prepared without error.
pub fn lint(
    path: &Path,
    text: &str,
    file: &ScenarioFile,
    reg: &Registry,
    fixtures: &[&FixtureStore],
) -> (Vec<FileError>, Vec<Option<Box<Prepared>>>) {
    let known = Known::of(reg);
    // Built once for the file's scenarios: each scenario's stubs cost their own length.
    let stubs_index = crate::flow::stubs::Index::of(reg);
    // Scenarios are checked on every core (a large suite's load waits for them), their
    // problems gathered in scenario order.
    let (problems, ready): (Vec<Vec<FileError>>, Vec<Option<Box<Prepared>>>) = file
        .scenarios
        .par_iter()
        .zip(fixtures)
        .map(|(s, fixtures)| {
            let mut out = Vec::new();
            let mut problem = |code: Code, needle: Needle<'_>, message: String, help: String| {
                // Where the scenario writes it, else its `name:` line (a name it inherits).
                let name = s.written_name();
                let place = match needle {
                    Needle::Text(t) => super::scenario::locate(text, name, t),
                    Needle::Mock(path, kind) => {
                        super::scenario::locate_mock(text, name, path, kind)
                            .or_else(|| super::scenario::locate(text, name, "mocks:"))
                    }
                }
                .or_else(|| super::scenario::locate_name(text, name));
                out.push(
                    FileError::new(path, format!("scenario `{}`: {message}", s.name), help)
                        .placed(place.map(|p| p.0), place.map(|p| p.1))
                        .coded(code),
                );
            };
            let ready = scenario(s, reg, fixtures, &known, &stubs_index, &mut problem);
            (out, ready)
        })
        .unzip();
    let mut out = stub_problems(path, text, reg, fixtures);
    out.extend(problems.into_iter().flatten());
    // In line order, file by file: a file's `stubs:` written after its scenarios is read
    // after them.
    out.sort_by(|a, b| {
        (a.file(), a.line().unwrap_or(0), a.column().unwrap_or(0)).cmp(&(
            b.file(),
            b.line().unwrap_or(0),
            b.column().unwrap_or(0),
        ))
    });
    (out, ready)
}

/// The problems of the stubs of the file's fixture stores (each store once) that are not a
/// scenario's own: a fixture file's, at their line and column there; the scenario file's
/// `stubs:` (and `mocks: {stubs}`), at the first place the name is written.
fn stub_problems(
    path: &Path,
    text: &str,
    reg: &Registry,
    fixtures: &[&FixtureStore],
) -> Vec<FileError> {
    let mut seen: Vec<*const FixtureStore> = Vec::new();
    let mut out = Vec::new();
    for store in fixtures {
        let ptr: *const FixtureStore = *store;
        if seen.contains(&ptr) || store.stubs().is_empty() {
            continue;
        }
        seen.push(ptr);
        for p in crate::flow::stubs::check(reg, store.stubs()) {
            if out
                .iter()
                .any(|e: &FileError| e.message().ends_with(&p.message) && e.file() == p.file)
            {
                continue;
            }
            let place = if p.file == path {
                let after = text.find("stubs").unwrap_or(0);
                text.get(after..)
                    .unwrap_or_default()
                    .find(&p.needle)
                    .map(|i| crate::util::files::line_column(text.as_bytes(), after + i))
            } else {
                crate::fixtures::stub_place(&p.file, &p.location)
            };
            out.push(
                FileError::new(&p.file, format!("{}: {}", p.location, p.message), p.help)
                    .placed(place.map(|p| p.0), place.map(|p| p.1))
                    .coded(Code::ScenarioStub),
            );
        }
    }
    out
}

/// What the registry has, folded for case-insensitive lookups.
struct Known<'r> {
    /// Every node id and `Flow/id`, and action names unique in their flow.
    nodes: FxHashSet<String>,
    /// Shown in suggestions.
    node_names: Vec<&'r str>,
    variables: FxHashSet<String>,
    variable_names: Vec<&'r str>,
    data_actions: Vec<&'r str>,
    /// External services the flows call (`flow::check::services`).
    services: Vec<&'r str>,
}

impl<'r> Known<'r> {
    fn of(reg: &'r Registry) -> Known<'r> {
        let mut k = Known {
            nodes: FxHashSet::default(),
            node_names: Vec::new(),
            variables: FxHashSet::default(),
            variable_names: Vec::new(),
            data_actions: Vec::new(),
            services: crate::flow::check::services::calls(reg)
                .into_iter()
                .map(|c| c.service)
                .collect(),
        };
        for (i, flow) in reg.flows().iter().enumerate() {
            k.add_flow(flow, &reg.label(i as crate::flow::FlowIdx));
        }
        k
    }

    /// `label`: how a `Flow/Node` names the flow (`Registry::label`: its name, or its name and
    /// type where flows of other types share the name).
    fn add_flow(&mut self, flow: &'r Flow, label: &str) {
        for graph in std::iter::once(&flow.draft).chain(&flow.published) {
            for node in &graph.nodes {
                self.nodes.insert(fold_case(&node.id).into_owned());
                self.nodes.insert(fold_case(&format!("{label}/{}", node.id)).into_owned());
                self.node_names.push(&node.id);
                let unique = graph.nodes.iter().filter(|n| n.name == node.name).count() == 1;
                if unique && node.container != crate::flow::model::NO_CONTAINER {
                    self.nodes.insert(fold_case(&node.name).into_owned());
                    self.nodes.insert(fold_case(&format!("{label}/{}", node.name)).into_owned());
                    self.node_names.push(&node.name);
                }
                let a = &node.action;
                let facts = &a.spec().facts;
                if let Some(assigns) = facts.assigns {
                    for (var, _) in assigns(a) {
                        self.variable(&var.name);
                    }
                } else if let Some(name) = facts.data_action {
                    if let Some(action) = a.named(name).text() {
                        self.data_actions.push(action);
                    }
                } else {
                    for p in &a.props {
                        self.props(p);
                    }
                    let data_action = crate::flow::catalogue::data::prop::DATA_ACTION;
                    if a.has(data_action) {
                        if let Some(t) = a.get(data_action).text() {
                            self.data_actions.push(t);
                        }
                    }
                }
            }
        }
        for decl in
            flow.arch.variables.iter().chain(flow.arch.containers.iter().flat_map(|c| &c.variables))
        {
            self.variable(&decl.var.name);
        }
    }

    /// The variables an action's properties write (`var:`, output maps, statement records).
    fn props(&mut self, p: &'r Prop) {
        match p {
            Prop::Var(v) => self.variable(&v.name),
            Prop::Map(pairs) => {
                for (_, p) in pairs {
                    self.props(p);
                }
            }
            Prop::List(records) => {
                for p in records.iter().flat_map(|r| r.iter()) {
                    self.props(p);
                }
            }
            Prop::Text(t) if t.contains('.') && !t.contains(' ') => {
                // `updateData` statements name their variable as text.
                self.variable(t);
            }
            _ => {}
        }
    }

    fn variable(&mut self, name: &'r str) {
        if self.variables.insert(fold_case(name).into_owned()) {
            self.variable_names.push(name);
        }
    }

    fn has_node(&self, name: &str) -> bool {
        self.nodes.contains(fold_case(name).as_ref())
    }
}

fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    nearest(word, candidates).map_or_else(String::new, |n| format!("did you mean `{n}`? "))
}

/// The problems of scenario `s`; its request, prepared, when the request prepares.
fn scenario(
    s: &Scenario,
    reg: &Registry,
    fixtures: &FixtureStore,
    known: &Known<'_>,
    stubs: &crate::flow::stubs::Index<'_>,
    problem: &mut impl FnMut(Code, Needle<'_>, String, String),
) -> Option<Box<Prepared>> {
    let request = s.view();
    let want = s.flow_type.as_deref().map_or(Want::Any, Want::Only);
    if reg.find(&s.flow, want) == Err(Lookup::Missing) {
        let of_type = s.flow_type.as_deref().map(|t| format!(" of type `{t}`")).unwrap_or_default();
        problem(
            Code::ScenarioUnknownFlow,
            Needle::from(&*s.flow),
            format!("flow `{}`{of_type} is not among the scenario file's flows", s.flow),
            reg.unknown_flow_help(&s.flow),
        );
        return None;
    }
    // A name flows of several types share is the request's error (`ambiguousFlow`).
    let prepared = match request.prepare(reg) {
        Ok(prepared) => prepared,
        Err(e) => {
            let needle = match &e {
                crate::engine::RequestError::InvalidNodeId { node, .. } => node.clone(),
                crate::engine::RequestError::BadStartTime { text } => text.clone(),
                crate::engine::RequestError::BadMaxSteps => "maxSteps".into(),
                crate::engine::RequestError::BadVariable { name, .. } => name.clone(),
                crate::engine::RequestError::UnknownIntent { intent, .. } => intent.clone(),
                crate::engine::RequestError::BadSlot { slot, .. }
                | crate::engine::RequestError::BadTurnSlot { slot, .. } => slot.clone(),
                crate::engine::RequestError::BadInput { text, .. } => text.clone(),
                _ => "flow:".into(),
            };
            problem(Code::ScenarioRequest, Needle::from(&*needle), e.to_string(), e.help());
            return None;
        }
    };
    names(s, &prepared, reg, fixtures, known, stubs, problem);
    Some(Box::new(prepared))
}

/// The problems of scenario `s` whose request prepares: its events and the names it uses.
fn names(
    s: &Scenario,
    prepared: &Prepared,
    reg: &Registry,
    fixtures: &FixtureStore,
    known: &Known<'_>,
    stubs: &crate::flow::stubs::Index<'_>,
    problem: &mut impl FnMut(Code, Needle<'_>, String, String),
) {
    // Events name actions, variables, queues: all must exist (the first backticked name of
    // the message is what the scenario wrote).
    if let Err(e) = crate::engine::events::prepare(&s.events, reg, fixtures) {
        let text = e.to_string();
        let needle = text.split('`').nth(1).unwrap_or("events:").to_owned();
        problem(Code::ScenarioEvent, Needle::from(&*needle), text, e.help());
        return;
    }
    let x = &s.expect;
    // `route:` and `error:` are maps of strings: a key expect.rs does not compare would fail
    // every run with "no such field"; say so when the file loads, with the nearest key.
    let fields = [
        ("route", super::expect::ROUTE_KEYS, x.route.as_ref().and_then(Option::as_deref)),
        ("error", super::expect::ERROR_KEYS, x.error.as_ref().and_then(Option::as_deref)),
    ];
    for (what, keys, map) in fields {
        for key in map.into_iter().flat_map(indexmap::IndexMap::keys) {
            if !keys.contains(&key.as_str()) {
                let hint = did_you_mean(key, keys.iter().copied());
                problem(
                    Code::ScenarioExpectField,
                    key.into(),
                    format!("`{what}.{key}` is no field flowsim compares"),
                    format!("{hint}`{what}` has: {}", keys.join(", ")),
                );
            }
        }
    }
    // A route's kind is what it names: `type`, else ACD for a queue; `to` alone could be a
    // user, a group, a number, a mailbox or a flow, so it needs `type`.
    if let Some(Some(route)) = &x.route {
        let kinds = super::expect::ROUTE_KINDS;
        match route.get("type") {
            Some(t) if !kinds.contains(&t.as_str()) => {
                let hint = did_you_mean(t, kinds.iter().copied());
                problem(
                    Code::ScenarioExpectField,
                    Needle::from(&*format!("type: {t}")),
                    format!("`route.type` `{t}` is no kind of route"),
                    format!("{hint}a route is one of: {}", kinds.join(", ")),
                );
            }
            None if route.contains_key("to") => problem(
                Code::ScenarioExpectField,
                "to:".into(),
                "`route.to` without `type`: a user, group, number, mailbox or flow route all \
                 have a `to`"
                    .into(),
                format!("say which kind with `type:` ({})", kinds.join(", ")),
            ),
            _ => {}
        }
    }
    // `missing:` entries are `kind:name`: one that reads as no lookup could never match.
    for entry in &x.missing {
        if crate::engine::missing::Miss::parse(entry).is_none() {
            let kinds: Vec<&str> =
                crate::engine::missing::Sought::ALL.iter().map(|k| k.as_str()).collect();
            let word = entry.split(':').next().unwrap_or(entry);
            let hint = did_you_mean(word, kinds.iter().copied());
            problem(
                Code::ScenarioExpectField,
                entry.into(),
                format!("`missing` entry `{entry}` names no lookup"),
                format!(
                    "{hint}write `kind:name` (a row: `row:TABLE/KEY`), the kind one of {}",
                    kinds.join(", ")
                ),
            );
        }
    }
    let all_node_names = || known.node_names.iter().copied();
    for name in x.path.iter().flatten().chain(&x.visits).chain(&x.not_visits) {
        if !known.has_node(name) {
            // `Main/Node` where flows of several types are named `Main`: the type says which.
            let shared = name.split_once('/').map(|(f, _)| reg.named(f)).filter(|n| n.len() > 1);
            if let (Some(flows), Some((flow, rest))) = (shared, name.split_once('/')) {
                let example = flows.last().map_or(String::new(), |&i| reg.label(i).into_owned());
                problem(
                    Code::ScenarioUnknownNode, name.into(),
                    format!("flow name `{flow}` is shared by flows of the types {}: `{name}` names no one flow", reg.types_of(flows)),
                    format!("name the flow with its type: `{example}/{rest}`"),
                );
                continue;
            }
            let hint = did_you_mean(name, all_node_names());
            problem(
                Code::ScenarioUnknownNode, name.into(),
                format!("no flow has a node or action `{name}`"),
                format!("{hint}name a node by its id (`Task/Action` for Archy), `Flow/Node`, or an action's name that is unique in its flow"),
            );
        }
    }
    let flow = reg.flow(prepared.flow);
    let presets: Vec<String> = s.variables.keys().map(|k| fold_case(k).into_owned()).collect();
    let builtin = |name: &str| {
        let n = fold_case(name);
        ["message.", "email.", "chat."].iter().any(|p| n.starts_with(p))
    };
    for name in x.variables.iter().flat_map(|v| v.keys()) {
        let folded = fold_case(name);
        if !known.variables.contains(folded.as_ref())
            && !presets.contains(&folded.into_owned())
            && !builtin(name)
        {
            let hint = did_you_mean(name, known.variable_names.iter().copied());
            problem(
                Code::ScenarioUnknownVariable, name.into(),
                format!("no flow declares, assigns or binds a variable `{name}`"),
                format!("{hint}expect a variable the flows set, or preset it in the scenario's `variables`"),
            );
        }
    }
    if let Some(outputs) = &x.outputs {
        let declared: Vec<&str> =
            flow.arch.variables.iter().filter(|d| d.is_output).map(|d| &*d.var.name).collect();
        for name in outputs.keys() {
            if !declared.iter().any(|d| fold_case(d) == fold_case(name)) {
                let hint = did_you_mean(name, declared.iter().copied());
                problem(
                    Code::ScenarioNotOutput,
                    name.into(),
                    format!("`{name}` is no output variable (isOutput) of flow `{}`", flow.name),
                    format!(
                        "{hint}its outputs: {}",
                        if declared.is_empty() { "none".into() } else { declared.join(", ") }
                    ),
                );
            }
        }
    }
    let mocked = match mocked_store(fixtures, s) {
        Ok(m) => m,
        Err(e) => {
            problem(
                Code::ScenarioMocks,
                Needle::Mock(&e.location, e.kind),
                format!("the scenario's mocks are invalid: mocks.{}: {}", e.location, e.message),
                e.help.clone(),
            );
            return;
        }
    };
    if let Some(store) = &mocked {
        let own: Vec<crate::fixtures::Stub> =
            store.stubs().iter().filter(|s| s.file == Path::new("mocks")).cloned().collect();
        for p in crate::flow::stubs::check_in(stubs, &own) {
            problem(
                Code::ScenarioStub,
                Needle::from(&*p.needle),
                format!("{}: {}", p.location, p.message),
                p.help,
            );
        }
    }
    if let Some(Some(route)) = &x.route {
        for key in ["queueName", "queueId"] {
            if let Some(q) = route.get(key) {
                let store = mocked.as_ref().unwrap_or(fixtures);
                if store.queue(q).is_none() {
                    let names: Vec<&str> = store.queues().map(|q| &*q.name).collect();
                    let hint = did_you_mean(q, names.iter().copied());
                    problem(
                        Code::ScenarioUnknownQueue,
                        Needle::from(&*format!("{key}: {q}")),
                        format!("route.{key} `{q}` is no queue of the fixtures"),
                        format!(
                            "{hint}a run can only route to a queue the fixtures (or mocks) have"
                        ),
                    );
                }
            }
        }
    }
    if let Some(mocks) = &s.mocks {
        let kinds: [(&str, &[&str], &str, &str); 2] = [
            (
                "dataActions",
                &known.data_actions,
                "data action",
                "mock a data action the flows call (Call Data Action, DataAction nodes)",
            ),
            (
                "services",
                &known.services,
                "service",
                "mock a service the flows call: the bot, guide or knowledge base an action names, \
                 or a journey action's key",
            ),
        ];
        for (section, called, noun, help) in kinds {
            for name in mocks
                .get(section)
                .and_then(serde_json::Value::as_object)
                .into_iter()
                .flat_map(|m| m.keys())
            {
                if !called.iter().any(|c| fold_case(c) == fold_case(name)) {
                    let hint = did_you_mean(name, called.iter().copied());
                    problem(
                        Code::ScenarioUnusedMock,
                        name.into(),
                        format!("the mocked {noun} `{name}` is called by no flow"),
                        format!("{hint}{help}"),
                    );
                }
            }
        }
    }
}

/// The fixtures (already with the file's mocks) and the scenario's own mocks, when it has
/// any; `Err` with the first problem when they do not merge.
fn mocked_store(
    fixtures: &FixtureStore,
    s: &Scenario,
) -> Result<Option<FixtureStore>, Box<crate::fixtures::FixtureError>> {
    let Some(mocks) = &s.mocks else { return Ok(None) };
    let mut store = fixtures.clone();
    match store.merge_json(Path::new("mocks"), mocks) {
        Ok(()) => Ok(Some(store)),
        Err(mut errors) => Err(Box::new(errors.remove(0))),
    }
}
