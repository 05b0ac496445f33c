//! What a scenario gives that its run never uses (docs/scenarios.md, "What a scenario gives
//! and its run never uses"): an input no step read, an event that never fired, a mocked data
//! action or service the run never called, a stub whose action never ran, a preset variable
//! no expression read. Each is a warning on the scenario's result, naming the thing and the
//! place the file gives it; under `flowsim test --ci` and `--strict` the scenario fails with it.
//!
//! Only what the scenario itself gives is judged: a file's or a fixture file's mocks and stubs
//! serve many scenarios, and one scenario not using them says nothing.
//!
//! Cost: linear in what the scenario gives and in what the run recorded; the reads are watched
//! (an observer that wants them) only in a scenario that presets variables.

use crate::engine::{self, Observed, Observer, Ran, RunResult, Step};
use crate::fixtures::FixtureStore;
use rustc_hash::FxHashSet;
use std::borrow::Cow;

/// One thing a scenario gives and its run never uses.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Unused {
    /// `input`, `event`, `mock`, `stub` or `variable`.
    pub what: Cow<'static, str>,
    /// Which, as the file writes it: `inputs[1]: "1234567"`, `dataActions: Lookup Account`,
    /// `stubs[0]: action: Encrypt card`, `Flow.tier`.
    pub name: String,
    /// Where the scenario file gives it (1-based), when the harness can tell.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    /// Its key in the scenario's item, for placing it: `inputs.1`, `events.0`,
    /// `mocks.dataActions.Lookup Account`, `stubs.0`, `variables.Flow.tier`.
    #[serde(skip)]
    pub key: String,
}

impl Unused {
    fn new(what: &'static str, name: String, key: String) -> Self {
        Unused { what: what.into(), name, line: None, column: None, key }
    }

    /// The sentence the reports print: `input inputs[1]: "1234567" is never read by the run`.
    pub fn message(&self) -> String {
        let verb = match &*self.what {
            "input" => "is never read by the run",
            "event" => "never happens in the run",
            "mock" => "is never called by the run",
            "stub" => "names an action the run never reaches",
            _ => "is never read by the run",
        };
        format!("{} `{}` {verb}", self.what, self.name)
    }
}

/// Watches what the run's expressions read (each path once, lower-cased), for the preset
/// variables.
#[derive(Debug, Default)]
pub struct ReadPaths {
    paths: FxHashSet<String>,
}

impl ReadPaths {
    /// Whether `name` (a preset variable) was read: itself, or a member or item of it.
    fn read(&self, name: &str) -> bool {
        let name = name.to_lowercase();
        self.paths.iter().any(|p| {
            p.strip_prefix(&name)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
        })
    }
}

impl Observer<'_> for ReadPaths {
    fn wants_reads(&self) -> bool {
        true
    }

    fn step(
        &mut self,
        _: &engine::result::Stores<'_, '_>,
        _: &Step,
        _: usize,
        ran: &Ran<'_>,
    ) -> Observed {
        for (path, _) in ran.reads {
            self.paths.insert(path.to_lowercase());
        }
        Ok(0)
    }
}

/// What scenario `s` gives and its run (`result`, over `fixtures`: the scenario's store)
/// never used. `message_inputs`: how many of the request's first inputs became the inbound
/// message (used by that); `reads`: what the run read, when the scenario presets variables.
pub fn find(
    s: &super::Scenario,
    request: &engine::RunRequest,
    message_inputs: usize,
    result: &RunResult<'_>,
    fixtures: &FixtureStore,
    reads: Option<&ReadPaths>,
) -> Vec<Unused> {
    let mut out = Vec::new();
    // Inputs: every entry of `inputs:` some step took (a conversation's are judged by its
    // lines).
    if !s.inputs.is_empty() {
        let taken: FxHashSet<usize> =
            result.turns.iter().map(|&(_, i)| i as usize + message_inputs).collect();
        for (i, entry) in request.inputs.iter().enumerate().skip(message_inputs) {
            if !taken.contains(&i) {
                let text = serde_json::to_string(entry).unwrap_or_default();
                out.push(Unused::new(
                    "input",
                    format!("inputs[{i}]: {text}"),
                    format!("inputs.{i}"),
                ));
            }
        }
    }
    // Events: each one that fired.
    let fired: FxHashSet<u32> = result.fired.iter().map(|&(i, _)| i).collect();
    for (i, e) in s.events.iter().enumerate() {
        if !fired.contains(&(i as u32)) {
            let when = serde_json::to_string(&e.when).unwrap_or_default();
            out.push(Unused::new(
                "event",
                format!("events[{i}]: when {when}"),
                format!("events.{i}"),
            ));
        }
    }
    let mocks = s.mocks.as_deref().and_then(serde_json::Value::as_object);
    // Mocked data actions and services: each the run called.
    for (section, called) in
        [("dataActions", &result.used.data_actions), ("services", &result.used.services)]
    {
        let names = mocks.and_then(|m| m.get(section)).and_then(serde_json::Value::as_object);
        for name in names.into_iter().flat_map(|m| m.keys()) {
            let lower = name.to_lowercase();
            if !called.iter().any(|c| **c == *lower) {
                out.push(Unused::new(
                    "mock",
                    format!("{section}: {name}"),
                    format!("mocks.{section}.{name}"),
                ));
            }
        }
    }
    // Stubs: each whose action ran (the scenario's, found among the store's by what they name).
    if let Some(stubs) = mocks.and_then(|m| m.get("stubs")).filter(|v| v.is_array()) {
        let mut own = FixtureStore::default();
        if own.merge_json(std::path::Path::new(""), &serde_json::json!({"stubs": stubs})).is_ok() {
            for (i, stub) in own.stubs().iter().enumerate() {
                let key = stub.key();
                let ran = fixtures
                    .stubs()
                    .iter()
                    .position(|s| s.key() == key)
                    .and_then(|p| result.used.stubs.get(p))
                    .is_some_and(|&n| n > 0);
                if !ran {
                    let name = match &stub.flow {
                        Some(flow) => {
                            format!("stubs[{i}]: {} (flow {flow})", stub.target.written())
                        }
                        None => format!("stubs[{i}]: {}", stub.target.written()),
                    };
                    out.push(Unused::new("stub", name, format!("stubs.{i}")));
                }
            }
        }
    }
    // Preset variables: each some expression read.
    if let Some(reads) = reads {
        for name in request.variables.keys() {
            if !reads.read(name) {
                out.push(Unused::new("variable", name.clone(), format!("variables.{name}")));
            }
        }
    }
    out
}
