//! Scenario files (docs/scenarios.md): named runs with expectations, in YAML or JSON.
//!
//! ```yaml
//! flows: ../flows                      # registry directory, relative to this file
//! fixtures: [../data/contacts.json]    # fixture files or directories, relative to this file
//! scenarios:
//!   - name: caller presses 1 and reaches support
//!     flow: Inbound_Flow_A
//!     inputs: ["1"]
//!     expect: {status: completed, route: {queueId: q-support}}
//! ```
//!
//! Unknown keys are errors (a typo in `expect` must not make a test pass), reported with the
//! file, line and column.

use crate::engine::{InboundMessage, InputEntry, RequestView, RunContext, RunRequest, Status};
use crate::flow::Version;
use crate::util::files::normalise;
use crate::util::yaml::By;
use crate::util::Cut;
use indexmap::IndexMap;
use serde::{Deserialize, Deserializer};
use std::borrow::Cow;
use std::path::{Path, PathBuf};

mod cases;
mod lines;
mod read;

pub use cases::{Case, MAX_EXPANDED_BYTES};

/// What a project (the CLI's `flowsim.toml`) gives every scenario file that does not say:
/// flows and fixtures (relative to the current directory) for a file that names none, and
/// substitutions beneath a file's own. Set once, before any scenario file is read.
#[derive(Debug, Clone, Default)]
pub struct ProjectDefaults {
    pub flows: Vec<PathBuf>,
    pub fixtures: Vec<PathBuf>,
    pub substitutions: Vec<(String, String)>,
}

static PROJECT_DEFAULTS: std::sync::OnceLock<ProjectDefaults> = std::sync::OnceLock::new();

/// Sets the [`ProjectDefaults`] every scenario file read after it takes; a second call is
/// ignored (one project per process).
pub fn set_project_defaults(defaults: ProjectDefaults) {
    let _ = PROJECT_DEFAULTS.set(defaults);
}
pub use lines::lines;

/// File names that hold scenarios: `*.scenarios.yaml`, `*.scenarios.yml`, `*.scenarios.json`.
pub const SUFFIXES: [&str; 3] = [".scenarios.yaml", ".scenarios.yml", ".scenarios.json"];

/// Whether `path` is named like a scenario file.
pub fn is_scenario_file(path: &Path) -> bool {
    path.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
        let n = n.to_ascii_lowercase();
        SUFFIXES.iter().any(|s| n.ends_with(s))
    })
}

/// One scenario file as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ScenarioFile {
    /// The JSON Schema an editor checks the file against (`schemas/scenarios.schema.json`);
    /// flowsim ignores it.
    #[serde(default, rename = "$schema")]
    pub schema: Option<String>,
    /// The flow files or directories (any format), relative to the scenario file. Default:
    /// `flows` beside it.
    #[serde(default, deserialize_with = "one_or_many")]
    pub flows: Vec<PathBuf>,
    /// Values for Archy `{{key}}` placeholders in those flows.
    #[serde(default)]
    pub substitutions: indexmap::IndexMap<String, String>,
    /// Fixture files or directories, relative to the scenario file.
    #[serde(default, deserialize_with = "one_or_many")]
    pub fixtures: Vec<PathBuf>,
    /// Fixture-shaped data merged over `fixtures` for every scenario of the file.
    #[serde(default)]
    pub mocks: Option<serde_json::Value>,
    /// Stubs for every scenario of the file (docs/scenarios.md), read as the fixtures' `stubs`
    /// after the file's `mocks`: merged into `mocks` when the file is read.
    #[serde(default)]
    pub stubs: Option<serde_json::Value>,
    /// Fields of every snapshot of the file replaced before comparing (`harness::redact`).
    #[serde(default)]
    pub redact: Option<super::redact::Written>,
    pub scenarios: Vec<Scenario>,
}

/// One scenario: a run request, mocks, and what must happen.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Scenario {
    pub name: String,
    /// The flow's name or id.
    pub flow: String,
    /// The flow's type, to choose among flows of different types that share the name
    /// (`flowType: outboundCall`).
    #[serde(default)]
    pub flow_type: Option<Box<str>>,
    #[serde(default)]
    pub context: Box<RunContext>,
    #[serde(default)]
    pub inputs: Vec<InputEntry>,
    /// The inbound message that starts a message, chat or email flow.
    #[serde(default)]
    pub message: Option<Box<InboundMessage>>,
    /// The workitem a workitem flow runs for (`Workitem.Workitem`).
    #[serde(default)]
    pub workitem: Option<Box<serde_json::Map<String, serde_json::Value>>>,
    /// The conversation, line by line: the customer's turns are the run's inputs, and the
    /// bot's lines (and each turn's expected intent) are checked against the transcript.
    #[serde(default)]
    pub conversation: Vec<Line>,
    #[serde(default)]
    pub variables: IndexMap<String, serde_json::Value>,
    #[serde(default)]
    pub start_node: Option<String>,
    #[serde(default)]
    pub version: Option<Version>,
    #[serde(default)]
    pub max_steps: Option<u64>,
    /// The seed of the run's random numbers (`Random`, `RandomInt`); default 0, or the
    /// `--seed` of `flowsim test`.
    #[serde(default)]
    pub seed: Option<u64>,
    /// Virtual-time limit of the run, in ms.
    #[serde(default)]
    pub timeout: Option<u64>,
    /// Fixture files or directories for this scenario only, relative to the scenario file:
    /// read after the file's `fixtures` (an entry with the same id replaces the file's), or
    /// instead of them with `inheritFixtures: false`.
    #[serde(default, deserialize_with = "one_or_many")]
    pub fixtures: Vec<PathBuf>,
    /// `false`: this scenario uses only its own `fixtures` (and `mocks`), not the file's
    /// `fixtures` and `mocks`. Default `true`.
    #[serde(default = "yes")]
    pub inherit_fixtures: bool,
    /// Fixture-shaped data (`dataActions`, `contacts`, `queues`) merged over the file's
    /// fixtures for this scenario only. Mocks fail closed.
    #[serde(default)]
    pub mocks: Option<Box<serde_json::Value>>,
    /// What actions do instead of their own semantics in this scenario (docs/scenarios.md):
    /// `[{action: Encrypt card number, output: success, set: {Task.cipher: abc}}]`, read as
    /// the fixtures' `stubs` after the scenario's `mocks`, so they win over the fixtures'
    /// stubs of the same action (merged into `mocks` when the file is read).
    #[serde(default)]
    pub stubs: Option<Box<serde_json::Value>>,
    /// What happens from outside during the run, on the virtual clock (`engine::events`):
    /// `[{when: {waitingAt: MainMenu}, set: {Flow.finalRoutingDecision: route_to_vm}}]`.
    #[serde(default)]
    pub events: Vec<crate::engine::events::RunEvent>,
    #[serde(default, deserialize_with = "one_or_many")]
    pub tags: Vec<String>,
    #[serde(default)]
    pub expect: Box<Expect>,
    /// Compare the result, or the parts named (`path`, `prompts`, `variables`, `route`), with
    /// a stored snapshot (`harness::snapshot_parts`).
    #[serde(default)]
    pub snapshot: super::snapshot_parts::Snapshot,
    /// Fields of this scenario's snapshot replaced before comparing, after the file's.
    #[serde(default)]
    pub redact: Option<Box<super::redact::Written>>,
    /// Set when the scenario is one case of a parametrised one (`cases:`, read before the
    /// rest: [`cases`]).
    #[serde(skip)]
    pub case: Option<Box<Case>>,
}

/// A subset of names and values an `expect` field checks (`variables`, `outputs`, `slots`...).
///
/// The maps and values a scenario seldom writes are boxed, here and in [`Scenario`]: a large
/// file's scenarios are read in parts and joined by copying, and a `Scenario` kept small
/// (see the size test) is cheap to build, move and copy.
pub type Subset = Box<IndexMap<String, serde_json::Value>>;

/// What must be true of the run. Every field is optional; an empty `expect` checks only that
/// the request runs.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Expect {
    #[serde(default)]
    pub status: Option<Status>,
    /// The exact node sequence; `Flow/Node` names a node of a given flow.
    #[serde(default)]
    pub path: Option<Vec<String>>,
    #[serde(default)]
    pub visits: Vec<String>,
    #[serde(default)]
    pub not_visits: Vec<String>,
    /// A subset of the final variables; values compare with their JSON types.
    #[serde(default)]
    pub variables: Option<Subset>,
    /// Every prompt, in order.
    #[serde(default)]
    pub prompts: Option<Vec<String>>,
    /// The route the run took: of the kind `type` names (`acd`, `user`, `group`, `number`,
    /// `voicemail`, `flow`, `secureFlow`, `agent`), else for a queue (`queueId`, `queueName`)
    /// an ACD transfer to it; each field named must match. `null` means no route.
    #[serde(default, deserialize_with = "present")]
    #[allow(clippy::option_option)]
    pub route: Option<Option<Box<IndexMap<String, String>>>>,
    /// Architect flows: a subset of the flow's output variables.
    #[serde(default)]
    pub outputs: Option<Subset>,
    /// Architect flows: a subset of the participant data the run left.
    #[serde(default)]
    pub participant_data: Option<Subset>,
    /// Architect flows: a subset of the flow outcomes set.
    #[serde(default)]
    pub flow_outcomes: Option<Subset>,
    /// Workflows: the `endWorkflow` exit reason; bot flows: why the bot exited.
    #[serde(default)]
    pub exit_reason: Option<Box<serde_json::Value>>,
    /// Workitem flows: a subset of the workitem's attributes as the run left it.
    #[serde(default)]
    pub workitem: Option<Subset>,
    /// Architect flows: a subset of the conversation settings the run recorded (`screenPop`,
    /// `wrapupCode`, `language`, `uuiData`, ...: the result's `settings`).
    #[serde(default)]
    pub settings: Option<Subset>,
    /// Survey invite flows: `completed` or `aborted` (`null`: neither action ran).
    #[serde(default)]
    pub survey_outcome: Option<Box<serde_json::Value>>,
    /// Bot flows: a subset of the slots they filled (`null`: cleared or never filled).
    #[serde(default)]
    pub slots: Option<Subset>,
    /// A bot flow run at the top: the intent it exited with (`null`: none).
    #[serde(default, deserialize_with = "present")]
    #[allow(clippy::option_option)]
    pub intent: Option<Option<String>>,
    /// A subset of the error (`kind`, `flowName`, `nodeId`, `message`); `null` means none.
    #[serde(default, deserialize_with = "present")]
    #[allow(clippy::option_option)]
    pub error: Option<Option<Box<IndexMap<String, String>>>>,
    /// The lookups into the fixtures the run must find nothing for, as `kind:name`
    /// (`dataAction:Get Account`, `queue:Billing`, `row:Accounts/999999`): any other miss
    /// fails the scenario (`harness::missing`).
    #[serde(default)]
    pub missing: Vec<String>,
}

/// Where `needle` first appears in scenario `name` of `text`, from the line naming it to the
/// line naming the next scenario (1-based line and column): how a problem found after parsing
/// is placed in the file. A needle `key: value` is the place of its value after the key,
/// however the value is written (`key: "value"`, or on a line of its own): a value the
/// scenario also writes elsewhere (a queue named as its flow is) is found where the key says.
/// `None` when the scenario does not write it (never a place in another scenario).
pub fn locate(text: &str, name: &str, needle: &str) -> Option<(usize, usize)> {
    let (from, to) = named(text, name)?;
    let own = text.cut(..to);
    let Some((key, value)) = needle.split_once(": ") else {
        return own.cut(from..).find(needle).map(|i| place(text, from + i));
    };
    let key = from + own.cut(from..).find(key)? + key.len();
    let value = key + own.cut(key..).find(value)?;
    Some(place(text, value))
}

/// The place (1-based line and column) in scenario `name` of YAML `text` of what the fixture
/// error path `path` names inside its `mocks:` (`dataActions["Get Tier"][0].delayMs`): the value,
/// or for an unknown key the key. `None` when the text does not have it.
pub fn locate_mock(
    text: &str,
    name: &str,
    path: &str,
    kind: crate::fixtures::FixtureErrorKind,
) -> Option<(usize, usize)> {
    use crate::util::yaml;
    let tree = yaml::parse(text, yaml::Options::default(), &yaml::AsWritten).ok()??;
    let scenario = tree
        .get("scenarios")?
        .seq()?
        .iter()
        .find(|s| s.get("name").and_then(yaml::Y::text).is_some_and(|n| n == name))?;
    let mocks = scenario.get("mocks")?;
    let pos = crate::fixtures::place_in_tree(mocks, path, kind)?;
    Some((pos.line, pos.col))
}

/// The place (1-based line and column) of the `name:` line of scenario `name`.
pub fn locate_name(text: &str, name: &str) -> Option<(usize, usize)> {
    let (from, _) = named(text, name)?;
    let line = text.cut(from..);
    Some(place(text, from + line.find("name").unwrap_or(0)))
}

/// The 1-based line and column of byte `offset` of `text`.
fn place(text: &str, offset: usize) -> (usize, usize) {
    let line = text.cut(..offset).bytes().filter(|&b| b == b'\n').count();
    let start = text.cut(..offset).rfind('\n').map_or(0, |i| i + 1);
    (line + 1, text.cut(start..offset).chars().count() + 1)
}

/// The byte range of scenario `name`: from the line that names it to the next line that names
/// a scenario with its `name` key in the same column (the file's end for the last).
fn named(text: &str, name: &str) -> Option<(usize, usize)> {
    let mut offset = 0;
    let mut found: Option<(usize, usize)> = None;
    for line in text.split_inclusive('\n') {
        let t = line.trim_start().trim_start_matches("- ").trim_start();
        let column = line.len() - t.len();
        let named = t.strip_prefix("name:").or_else(|| t.strip_prefix("\"name\":"));
        match (found, named) {
            (None, Some(v)) if v.trim().trim_end_matches(',').trim_matches(['"', '\'']) == name => {
                found = Some((offset, column));
            }
            (Some((from, at)), Some(_)) if column == at => return Some((from, offset)),
            _ => {}
        }
        offset += line.len();
    }
    found.map(|(from, _)| (from, text.len()))
}

fn yes() -> bool {
    true
}

/// `stubs:` written beside `mocks:`, as the mocks' `stubs` after their own (a list joins
/// theirs; the fixtures' reader says what is wrong with anything else).
fn fold_stubs(mocks: &mut serde_json::Value, stubs: serde_json::Value) {
    let Some(map) = mocks.as_object_mut() else { return };
    match (map.get_mut("stubs"), stubs) {
        (Some(serde_json::Value::Array(have)), serde_json::Value::Array(more)) => have.extend(more),
        (_, stubs) => {
            map.insert("stubs".into(), stubs);
        }
    }
}

/// Distinguishes an absent key (`None`) from `key: null` (`Some(None)`).
#[allow(clippy::option_option)] // exactly the three states `route:` and `error:` have
fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

/// `tags: smoke` or `tags: [smoke, menu]`.
fn one_or_many<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Vec<T>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany<T> {
        One(T),
        Many(Vec<T>),
    }
    Ok(match Option::<OneOrMany<T>>::deserialize(d)? {
        None => Vec::new(),
        Some(OneOrMany::One(t)) => vec![t],
        Some(OneOrMany::Many(v)) => v,
    })
}

/// One line of a scenario's `conversation`:
///
/// ```yaml
/// conversation:
///   - customer: Where is my order?        # a turn (the first one of a message flow is its
///     intent: Order Status                #   inbound message); the intent the bot must find
///   - bot: Sure, what is your order number?
///   - customer: {intent: Order Status, slots: {OrderNumber: "12345678"}}   # a pinned turn
///   - customer: {digits: "1"}
///   - event: noInput                      # or noMatch
///   - bot: {contains: shipped}
/// ```
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Line {
    #[serde(default)]
    pub customer: Option<Customer>,
    /// With `customer`: the intent the bot flow's NLU must find for the turn.
    #[serde(default)]
    pub intent: Option<String>,
    #[serde(default)]
    pub bot: Option<BotLine>,
    /// `noInput` or `noMatch`.
    #[serde(default)]
    pub event: Option<Event>,
}

/// What the customer says: text, or any input form.
#[derive(Debug, Clone)]
pub enum Customer {
    Text(String),
    Entry(InputEntry),
}

impl<'de> Deserialize<'de> for Customer {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::{self, MapAccess, Visitor};
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Customer;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(
                    "what the customer says: text, or {text}, {intent, slots}, {knowledge} or {digits}",
                )
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Customer, E> {
                Ok(Customer::Text(v.to_owned()))
            }
            // `customer: 12345678` is what the customer typed, not a number.
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Customer, E> {
                Ok(Customer::Text(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Customer, E> {
                Ok(Customer::Text(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Customer, E> {
                Ok(Customer::Text(v.to_string()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Customer, E> {
                Ok(Customer::Text(v.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Customer, A::Error> {
                InputEntry::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(Customer::Entry)
                    .map_err(|e| {
                        de::Error::custom(format!(
                            "a customer line is text, or {{text}}, {{intent, slots}}, {{knowledge}} or {{digits}}: {e}"
                        ))
                    })
            }
        }
        d.deserialize_any(V)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Event {
    NoInput,
    NoMatch,
}

/// What the bot says: exactly this text, or text containing a part.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum BotLine {
    Exactly(String),
    Contains { contains: String },
}

impl Line {
    /// The input entry a customer line or event makes.
    pub fn input(&self) -> Option<InputEntry> {
        match (&self.customer, self.event) {
            (Some(Customer::Text(t)), _) => Some(InputEntry::Turn {
                text: t.clone(),
                delay_seconds: 0.0,
                slots: IndexMap::new(),
            }),
            (Some(Customer::Entry(e)), _) => Some(e.clone()),
            (None, Some(Event::NoInput)) => Some(InputEntry::Text("timeout".into())),
            (None, Some(Event::NoMatch)) => Some(InputEntry::Text("noMatch".into())),
            (None, None) => None,
        }
    }

    /// What is wrong with the line's shape, if anything.
    pub fn problem(&self) -> Option<&'static str> {
        let kinds = [self.customer.is_some(), self.bot.is_some(), self.event.is_some()];
        if kinds.iter().filter(|k| **k).count() != 1 {
            return Some("a conversation line is one of `customer:`, `bot:` or `event:`");
        }
        if self.intent.is_some() && self.customer.is_none() {
            return Some("`intent:` goes with a `customer:` line (the intent that turn must be classified as)");
        }
        None
    }
}

impl Scenario {
    /// The name as the file writes it: a parametrised scenario's, placeholders and all, for
    /// one of its cases.
    pub fn written_name(&self) -> &str {
        self.case.as_ref().map_or(&self.name, |c| &c.written_name)
    }

    /// The run request this scenario makes, borrowing the scenario's strings.
    pub fn view(&self) -> RequestView<'_> {
        let inputs = if self.conversation.is_empty() {
            Cow::Borrowed(self.inputs.as_slice())
        } else {
            Cow::Owned(self.conversation.iter().filter_map(Line::input).collect())
        };
        RequestView {
            flow_id: None,
            flow_name: Some(&self.flow),
            flow_type: self.flow_type.as_deref(),
            context: &self.context,
            node_id: self.start_node.as_deref(),
            timeout: self.timeout,
            inputs,
            variables: &self.variables,
            version: self.version,
            max_steps: self.max_steps,
            seed: self.seed,
            budgets: crate::engine::Budgets::default(),
            message: self.message.as_deref(),
            workitem: self.workitem.as_deref(),
        }
    }

    /// The run request this scenario makes.
    pub fn request(&self) -> RunRequest {
        let v = self.view();
        RunRequest {
            flow_id: v.flow_id.map(str::to_owned),
            flow_name: v.flow_name.map(str::to_owned),
            flow_type: v.flow_type.map(str::to_owned),
            context: v.context.clone(),
            node_id: v.node_id.map(str::to_owned),
            timeout: v.timeout,
            inputs: v.inputs.into_owned(),
            variables: v.variables.clone(),
            version: v.version,
            max_steps: v.max_steps,
            seed: v.seed,
            budgets: v.budgets,
            events: self.events.clone(),
            message: v.message.cloned(),
            workitem: v.workitem.cloned(),
        }
    }
}

/// Words authors reach for that a scenario file spells otherwise (no typo away, so serde's
/// "did you mean" misses them): each, the field meant, and what that field holds. Only a
/// field the error lists as expected is offered, so a word is answered where it was written.
const OTHER_WORDS: &[(&[&str], &str, &str)] = &[
    (
        &["messages", "responses", "response", "replies", "sent", "says", "audio", "tts"],
        "prompts",
        "every prompt played and every message sent (Play Audio, Send Response...), in order",
    ),
    (
        &["queue", "queueName", "transfer", "transferTo", "routing"],
        "route",
        "where the run transferred: `{queueName: Support}`, `{queueId: q-1}`, `{type: user, to: ...}`",
    ),
    (
        &["steps", "trace", "actions", "nodes"],
        "path",
        "the actions taken, in order (`visits`: some of them, in any order)",
    ),
    (
        &["result", "outcome", "end", "state"],
        "status",
        "how the run ended: `completed`, `transferred`, `disconnected`, `failed`...",
    ),
    (&["vars", "values"], "variables", "a subset of the final variables"),
];

/// The help for serde's "unknown field `X`, expected one of ..." when `X` is a word another
/// field stands for.
fn meant_field(message: &str) -> Option<String> {
    let (_, rest) = message.split_once("unknown field `")?;
    let (word, expected) = rest.split_once('`')?;
    OTHER_WORDS.iter().find_map(|(words, field, holds)| {
        (words.iter().any(|w| w.eq_ignore_ascii_case(word))
            && expected.contains(&format!("`{field}`")))
        .then(|| format!("write `{field}`: {holds}"))
    })
}

/// The help of a scenario file that does not read as one.
const FORMAT_HELP: &str = "see the scenario format in `flowsim docs scenarios`: flows, fixtures, scenarios: [{name, flow, inputs, expect}]";

/// Why a scenario file could not be read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{message}")]
pub struct ScenarioFileError {
    pub file: PathBuf,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
    pub help: String,
}

impl ScenarioFileError {
    /// A YAML reading error of `path`, at its place, with its own help, else a did-you-mean
    /// of the field it names, else `help`.
    fn of_yaml(path: &Path, e: &crate::util::yaml::Error, help: &str) -> ScenarioFileError {
        ScenarioFileError {
            file: path.to_path_buf(),
            line: e.place().map(|p| p.0),
            column: e.place().map(|p| p.1),
            help: e
                .help()
                .map(Into::into)
                .or_else(|| meant_field(&e.what()))
                .unwrap_or_else(|| help.into()),
            message: e.what(),
        }
    }
}

impl ScenarioFile {
    /// Reads and parses a scenario file (YAML, or JSON when named `.json`).
    pub fn load(path: &Path) -> Result<ScenarioFile, ScenarioFileError> {
        Self::read_in(path, None, None)
    }

    /// Reads the scenario file at `path` as [`load`](Self::load) does, from `text` when given
    /// (an editor's unsaved text), with `defaults` as the project's when given (else the
    /// process's, [`set_project_defaults`]).
    pub fn read_in(
        path: &Path,
        text: Option<&str>,
        defaults: Option<&ProjectDefaults>,
    ) -> Result<ScenarioFile, ScenarioFileError> {
        let read;
        let text = if let Some(t) = text {
            t
        } else {
            read = crate::util::read_text(path, crate::util::MAX_INPUT_BYTES).map_err(|e| {
                ScenarioFileError {
                    file: path.to_path_buf(),
                    line: e.line_column().map(|(l, _)| l),
                    column: e.line_column().map(|(_, c)| c),
                    message: format!("cannot read the scenario file: {e}"),
                    help: e.help().into(),
                }
            })?;
            &read
        };
        let mut file = Self::parse(path, text)?;
        file.take_project_defaults(path, defaults);
        Ok(file)
    }

    /// What the project gives a file that does not say (`defaults`, else
    /// `set_project_defaults`'s): its flows and fixtures when the file names none, its
    /// substitutions beneath the file's own.
    fn take_project_defaults(&mut self, path: &Path, defaults: Option<&ProjectDefaults>) {
        let Some(d) = defaults.or_else(|| PROJECT_DEFAULTS.get()) else { return };
        let base = path.parent().filter(|b| !b.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let from_here = |paths: &[PathBuf]| -> Vec<PathBuf> {
            paths.iter().map(|p| crate::util::files::relative_to(p, base)).collect()
        };
        if self.flows.is_empty() {
            self.flows = from_here(&d.flows);
        }
        if self.fixtures.is_empty() {
            self.fixtures = from_here(&d.fixtures);
        }
        for (k, v) in &d.substitutions {
            if !self.substitutions.contains_key(k) {
                self.substitutions.insert(k.clone(), v.clone());
            }
        }
    }

    /// Parses scenario-file text; `path` decides the format and names the file in errors.
    pub fn parse(path: &Path, text: &str) -> Result<ScenarioFile, ScenarioFileError> {
        Self::parse_by(path, text, &By { file: read::file, items: read::list })
    }

    /// As [`parse`](Self::parse), YAML read through serde alone (for tests: what the reader
    /// written by hand must match).
    #[cfg(test)]
    fn parse_by_serde(path: &Path, text: &str) -> Result<ScenarioFile, ScenarioFileError> {
        Self::parse_by(path, text, &By::serde())
    }

    /// As [`parse`](Self::parse), YAML events read into values by `by`.
    fn parse_by(
        path: &Path,
        text: &str,
        by: &By<ScenarioFile, Scenario>,
    ) -> Result<ScenarioFile, ScenarioFileError> {
        let is_json = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json"));
        let help = FORMAT_HELP;
        // Duplicate keys are errors with the duplicate's line and column (a second
        // `variables:` entry for one name would silently win). JSON: found by a first pass;
        // YAML: by the reader as it builds the tree.
        let file: ScenarioFile = if is_json && !text.contains("\"cases\"") {
            if let Err(e) = crate::util::strict::check_json_keys(text) {
                let (message, place) = crate::util::json_pos::syntax_error(&e);
                if message.contains("duplicate") {
                    let (line, column) = place.unzip();
                    return Err(ScenarioFileError {
                        file: path.to_path_buf(),
                        line,
                        column,
                        message,
                        help: "write each key once: with two, one would be ignored".into(),
                    });
                }
            }
            serde_json::from_str(text).map_err(|e| {
                let (message, place) = crate::util::json_pos::syntax_error(&e);
                let (line, column) = place.unzip();
                ScenarioFileError {
                    file: path.to_path_buf(),
                    line,
                    column,
                    help: meant_field(&message).unwrap_or_else(|| help.into()),
                    message,
                }
            })?
        } else if memchr::memmem::find(text.as_bytes(), b"cases").is_some() {
            // Parametrised scenarios, perhaps: expanded on the tree, then read.
            Self::parse_cases(path, text, help)?
        } else {
            // A large file's `scenarios` list is read on several cores: the same value, or
            // the same error, as reading it in one piece.
            let list: fn(&mut ScenarioFile) -> &mut Vec<Scenario> = |f| &mut f.scenarios;
            crate::util::yaml::from_str_split_by(text, "scenarios", list, by)
                .map_err(|e| ScenarioFileError::of_yaml(path, &e, help))?
        };
        let redact_error = |place: Option<(usize, usize)>, message: String| {
            ScenarioFileError {
            file: path.to_path_buf(),
            line: place.map(|p| p.0),
            column: place.map(|p| p.1),
            message,
            help: "write JSON Pointers into the result, like `/variables/Flow.x`, `/trace/*/result` (`flowsim docs snapshots`)".into(),
        }
        };
        if let Err(e) = super::redact::parse_all(file.redact.as_ref()) {
            let place =
                text.lines().position(|l| l.trim_start().starts_with("redact")).map(|l| (l + 1, 1));
            return Err(redact_error(place, format!("redact: {e}")));
        }
        let mut file = file;
        if let Some(stubs) = file.stubs.take() {
            fold_stubs(file.mocks.get_or_insert_with(|| serde_json::json!({})), stubs);
        }
        for s in &mut file.scenarios {
            if let Some(stubs) = s.stubs.take() {
                let mocks = s.mocks.get_or_insert_with(|| Box::new(serde_json::json!({})));
                fold_stubs(mocks, *stubs);
            }
        }
        // Membership only (nothing iterates it), so the fast hasher.
        let mut seen = rustc_hash::FxHashSet::default();
        seen.reserve(file.scenarios.len());
        for s in &file.scenarios {
            if s.redact.is_some() && !s.snapshot.taken() {
                let place = locate(text, s.written_name(), "redact");
                return Err(redact_error(
                    place,
                    format!("scenario `{}` redacts fields of a snapshot it does not take: add `snapshot: true` or remove `redact`", s.name),
                ));
            }
            if let Err(e) = super::redact::parse_all(s.redact.as_deref()) {
                let place = locate(text, s.written_name(), "redact");
                return Err(redact_error(place, format!("scenario `{}`: redact: {e}", s.name)));
            }
            if !seen.insert(s.name.as_str()) {
                return Err(ScenarioFileError {
                    file: path.to_path_buf(),
                    line: None,
                    column: None,
                    message: format!("two scenarios are named `{}`", s.name),
                    help: "give each scenario of a file a unique name: reports and snapshots are keyed by it".into(),
                });
            }
            let problem = s.conversation.iter().find_map(Line::problem).or_else(|| {
                (!s.conversation.is_empty() && !s.inputs.is_empty()).then_some(
                    "a scenario scripts its turns in `conversation:` or in `inputs:`, not both",
                )
            });
            if let Some(problem) = problem {
                let place = locate(text, s.written_name(), "conversation:");
                return Err(ScenarioFileError {
                    file: path.to_path_buf(),
                    line: place.map(|p| p.0),
                    column: place.map(|p| p.1),
                    message: format!("scenario `{}`: {problem}", s.name),
                    help: "see the conversation format in `flowsim docs bots`".into(),
                });
            }
        }
        Ok(file)
    }

    /// Every mistake of scenario file `path` (`text`), whose reading stopped at `first`, in
    /// line order: a YAML file's top-level keys and each of its scenarios are read apart, so
    /// each bad scenario gives its own error (`stauts:` in one, `maxSteps: lots` in another,
    /// both reported by one `test --lint`). Any other file, or a mistake found after reading
    /// (two scenarios of one name), is `first` alone.
    pub fn errors_of(path: &Path, text: &str, first: ScenarioFileError) -> Vec<ScenarioFileError> {
        use crate::util::yaml;
        let is_json = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json"));
        if is_json || memchr::memmem::find(text.as_bytes(), b"cases").is_some() {
            return vec![first];
        }
        let Ok(Some(tree)) =
            yaml::parse(text, yaml::Options { unique_keys: true }, &yaml::AsWritten)
        else {
            return vec![first];
        };
        let error = |e: yaml::Error, within: Option<usize>| {
            let path_of = |p: &str| match within {
                None => p.to_owned(),
                Some(i) if p == "." => format!("scenarios[{i}]"),
                Some(i) => format!("scenarios[{i}].{p}"),
            };
            let e = yaml::Error { path: e.path.as_deref().map(path_of), ..e };
            ScenarioFileError::of_yaml(path, &e, FORMAT_HELP)
        };
        let mut found = Vec::new();
        // The file's own keys, its scenarios aside.
        let mut top = tree.clone();
        let mut items = Vec::new();
        if let yaml::V::Map(entries) = &mut top.v {
            for (k, v) in entries.iter_mut() {
                if k.key().is_some_and(|k| k == "scenarios") {
                    if let yaml::V::Seq(list) = &mut v.v {
                        items = std::mem::take(list);
                    }
                }
            }
        }
        if let Err(e) = yaml::from_tree::<ScenarioFile>(&top) {
            found.push(error(e, None));
        }
        for (i, item) in items.iter().enumerate() {
            if let Err(e) = yaml::from_tree::<Scenario>(item) {
                found.push(error(e, Some(i)));
            }
        }
        if found.is_empty() {
            return vec![first];
        }
        // The first as it was said; the others where it is not.
        found.retain(|e| (e.line, e.column) != (first.line, first.column));
        found.push(first);
        found.sort_by_key(|e| (e.line.unwrap_or(0), e.column.unwrap_or(0)));
        found
    }

    /// Reads a file that may hold parametrised scenarios: its tree, with each such scenario
    /// expanded into its cases ([`cases::expand`]), read as a file of plain scenarios. Every
    /// error has its line and column.
    fn parse_cases(path: &Path, text: &str, help: &str) -> Result<ScenarioFile, ScenarioFileError> {
        use crate::util::yaml;
        let error = |e: yaml::Error| ScenarioFileError::of_yaml(path, &e, help);
        let tree = yaml::parse(text, yaml::Options { unique_keys: true }, &yaml::AsWritten)
            .map_err(error)?;
        let mut tree = tree.unwrap_or(yaml::Y {
            pos: yaml::Pos { line: 1, col: 1 },
            v: yaml::V::Map(Vec::new()),
            raw: None,
        });
        let cases = cases::expand(&mut tree).map_err(|e| ScenarioFileError {
            file: path.to_path_buf(),
            line: Some(e.pos.line),
            column: Some(e.pos.col),
            message: e.message,
            help: e.help.into(),
        })?;
        let mut file: ScenarioFile = yaml::from_tree(&tree).map_err(|e| {
            // An error inside one case's scenario says which case.
            let index = e.path.as_deref().and_then(|p| {
                let rest = p.strip_prefix("scenarios[")?;
                rest.split_once(']')?.0.parse::<usize>().ok()
            });
            let case = index.and_then(|i| cases.get(i)?.as_ref());
            let mut out = error(e);
            if let Some(c) = case {
                out.message =
                    format!("scenario `{}`, case {}: {}", c.written_name, c.index + 1, out.message);
            }
            out
        })?;
        for (s, case) in file.scenarios.iter_mut().zip(cases) {
            s.case = case.map(Box::new);
        }
        Ok(file)
    }

    /// The flow paths for a scenario file at `path`.
    pub fn flow_paths(&self, path: &Path) -> Vec<PathBuf> {
        let base = path.parent().unwrap_or(Path::new("."));
        if self.flows.is_empty() {
            return vec![normalise(&base.join("flows"))];
        }
        self.flows.iter().map(|f| normalise(&base.join(f))).collect()
    }

    /// The fixture paths for a scenario file at `path`.
    pub fn fixture_paths(&self, path: &Path) -> Vec<PathBuf> {
        let base = path.parent().unwrap_or(Path::new("."));
        self.fixtures.iter().map(|f| normalise(&base.join(f))).collect()
    }

    /// The fixture paths of scenario `index` of a scenario file at `path`, in reading order:
    /// the file's (unless the scenario says `inheritFixtures: false`), then its own. `None`
    /// when the scenario has no fixtures of its own and inherits the file's.
    pub fn scenario_fixture_paths(&self, path: &Path, index: usize) -> Option<Vec<PathBuf>> {
        let s = self.scenarios.get(index)?;
        if s.fixtures.is_empty() && s.inherit_fixtures {
            return None;
        }
        let base = path.parent().unwrap_or(Path::new("."));
        let mut out = if s.inherit_fixtures { self.fixture_paths(path) } else { Vec::new() };
        out.extend(s.fixtures.iter().map(|f| normalise(&base.join(f))));
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fmt::Write as _;

    #[test]
    fn a_place_is_found_in_its_own_scenario_only() {
        let text = "scenarios:\n  - name: a\n    flow: F\n  - name: b\n    flow: G\n    fixtures: [x]\n    mocks:\n      queues:\n        - name: Q\n  - name: c\n    flow: F\n";
        assert_eq!(locate(text, "a", "flow: F"), Some((3, 11)));
        assert_eq!(locate(text, "a", "fixtures:"), None, "b's, not a's");
        assert_eq!(locate(text, "b", "fixtures:"), Some((6, 5)));
        // A nested `name:` (a mocked queue's) does not end the scenario.
        assert_eq!(locate(text, "b", "name: Q"), Some((9, 17)));
        assert_eq!(locate(text, "c", "flow: F"), Some((11, 11)));
        assert_eq!(locate(text, "c", "name: Q"), None);
        assert_eq!(locate_name(text, "b"), Some((4, 5)));
    }

    #[test]
    fn duplicate_keys_are_errors_with_their_place() {
        let text = "scenarios:\n  - name: a\n    flow: F\n    variables: {Flow.x: 1, Flow.x: 2}\n";
        let e = ScenarioFile::parse(Path::new("d.scenarios.yaml"), text).unwrap_err();
        assert!(e.message.contains("duplicate"), "{}", e.message);
        assert_eq!(e.line, Some(4), "{e:?}");
        let json = r#"{"scenarios": [{"name": "a", "flow": "F", "expect": {"status": "completed", "status": "failed"}}]}"#;
        let e = ScenarioFile::parse(Path::new("d.scenarios.json"), json).unwrap_err();
        assert!(e.message.contains("duplicate"), "{}", e.message);
        assert_eq!(e.line, Some(1));
    }

    #[test]
    fn a_word_another_field_stands_for_is_answered_with_that_field() {
        let yaml = "scenarios:\n  - name: a\n    flow: F\n    expect:\n      messages: [hi]\n";
        let e = ScenarioFile::parse(Path::new("m.scenarios.yaml"), yaml).unwrap_err();
        assert!(
            e.help.starts_with("write `prompts`: every prompt played and every message sent"),
            "{e:?}"
        );
        assert_eq!((e.line, e.column), (Some(5), Some(7)));
        let json = r#"{"scenarios": [{"name": "a", "flow": "F", "expect": {"queue": "Support"}}]}"#;
        let e = ScenarioFile::parse(Path::new("m.scenarios.json"), json).unwrap_err();
        assert!(e.help.starts_with("write `route`:"), "{e:?}");
        // Only where the word was written: `steps` beside `expect` is not offered `path`.
        let beside = "scenarios:\n  - name: a\n    flow: F\n    steps: 3\n";
        let e = ScenarioFile::parse(Path::new("m.scenarios.yaml"), beside).unwrap_err();
        assert!(e.help.starts_with("see the scenario format"), "{e:?}");
    }

    #[test]
    fn the_issue_example_parses() {
        let text = r#"
flows: ../flows
fixtures: [../fixtures/contacts.json, ../fixtures/queues.json]
scenarios:
  - name: caller presses 1 and reaches support
    flow: Inbound_Flow_A
    context: {from: "+15551234567"}
    inputs: ["1"]
    variables: {tier: gold}
    startNode: CheckResult
    mocks: {dataActions: {}}
    expect:
      status: completed
      path: [CallShared, SayHello]
      visits: [RouteToAgent]
      notVisits: [HandleError]
      variables: {shared_module_result: "1"}
      prompts: ["Welcome. Press 1 for English.", "Press 1.", "Thank you."]
      route: {queueId: q-support}
      error: {kind: inputTimeout}
    snapshot: true
"#;
        let f = ScenarioFile::parse(Path::new("x.scenarios.yaml"), text).unwrap();
        let s = &f.scenarios[0];
        assert_eq!(s.expect.status, Some(Status::Completed));
        assert_eq!(s.expect.route.as_ref().unwrap().as_ref().unwrap()["queueId"], "q-support");
        assert!(s.snapshot.taken());
        assert_eq!(f.flow_paths(Path::new("a/b/x.scenarios.yaml")), [Path::new("a/flows")]);
    }

    #[test]
    fn null_route_means_no_route_and_absent_means_unchecked() {
        let f = ScenarioFile::parse(
            Path::new("x.scenarios.yaml"),
            "scenarios:\n  - {name: a, flow: F, expect: {route: null}}\n  - {name: b, flow: F}\n",
        )
        .unwrap();
        assert_eq!(f.scenarios[0].expect.route, Some(None));
        assert_eq!(f.scenarios[1].expect.route, None);
    }

    #[test]
    fn typos_are_errors_with_a_line() {
        let e = ScenarioFile::parse(
            Path::new("x.scenarios.yaml"),
            "scenarios:\n  - name: a\n    flow: F\n    expect:\n      stauts: completed\n",
        )
        .unwrap_err();
        assert_eq!(e.line, Some(5));
        assert!(e.message.contains("stauts"), "{}", e.message);
        let e = ScenarioFile::parse(
            Path::new("x.scenarios.yaml"),
            "scenarios:\n  - {name: a, flow: F}\n  - {name: a, flow: G}\n",
        )
        .unwrap_err();
        assert!(e.message.contains("two scenarios are named `a`"));
    }

    /// A large file is read on several cores: the same scenarios, the same errors, at the same
    /// places, as reading it in one piece.
    #[test]
    fn large_files_read_in_parts_as_in_one() {
        use crate::util::yaml::{from_str, testing::read_in_parts};
        let mut text = "flows: ../flows\nfixtures: [../data]\nscenarios:\n".to_owned();
        for i in 0..2_000 {
            let _ = write!(
                text,
                "  - name: scenario {i}\n    flow: Main\n    context:\n      from: '+15551234567'\n    inputs:\n      - '1'\n      - {{digits: \"2\"}}\n    expect:\n      status: completed\n      route: {{queueName: Support}}\n      variables: {{Flow.n: 007}}\n"
            );
        }
        let path = Path::new("big.scenarios.yaml");
        let list: fn(&mut ScenarioFile) -> &mut Vec<Scenario> = |f| &mut f.scenarios;
        let parts = read_in_parts(&text, "scenarios", list, 2).expect("read in two parts");
        let whole: ScenarioFile = from_str(&text).unwrap();
        assert_eq!(format!("{parts:?}"), format!("{whole:?}"));
        let by_hand = By { file: read::file, items: read::list };
        let parts =
            crate::util::yaml::testing::read_in_parts_by(&text, "scenarios", list, 2, &by_hand);
        assert_eq!(
            format!("{:?}", parts.expect("read by hand in two parts")),
            format!("{whole:?}")
        );
        let parsed = ScenarioFile::parse(path, &text).unwrap();
        assert_eq!(format!("{parsed:?}"), format!("{whole:?}"));
        assert_eq!(parsed.scenarios.len(), 2_000);
        // In the second half: a typo, a duplicate key, a syntax error, a duplicate name.
        let late = text.len() * 3 / 4;
        let at = late + text[late..].find("      status: completed\n").unwrap();
        let line = text[..at].lines().count() + 1;
        let edits = [
            ("      stauts: completed\n", Some((line, 7))),
            ("      status: completed\n      status: failed\n", Some((line + 1, 7))),
            ("      status: [completed\n", None),
        ];
        for (edit, place) in edits {
            let bad =
                format!("{}{edit}{}", &text[..at], &text[at + "      status: completed\n".len()..]);
            assert!(read_in_parts(&bad, "scenarios", list, 2).is_none());
            let e = ScenarioFile::parse(path, &bad).unwrap_err();
            let whole = from_str::<ScenarioFile>(&bad).unwrap_err();
            assert_eq!(
                (e.message, e.line, e.column),
                (whole.what(), whole.place().map(|p| p.0), whole.place().map(|p| p.1))
            );
            if let Some(place) = place {
                assert_eq!((e.line, e.column), (Some(place.0), Some(place.1)));
            }
        }
        let twice = text.replace("name: scenario 1999\n", "name: scenario 1\n");
        assert!(read_in_parts(&twice, "scenarios", list, 2).is_some());
        let e = ScenarioFile::parse(path, &twice).unwrap_err();
        assert_eq!(e.message, "two scenarios are named `scenario 1`");
    }

    /// A large file's scenarios are built in parts and joined by copying: what a scenario
    /// seldom writes is boxed so that each one stays small.
    #[test]
    fn a_scenario_is_small() {
        let size = std::mem::size_of::<Scenario>();
        assert!(size <= 900, "a Scenario is {size} bytes");
        let size = std::mem::size_of::<Expect>();
        assert!(size <= 256, "an Expect is {size} bytes");
    }

    /// The reader written by hand (`read`) reads what serde reads, key by key: every key of a
    /// file, a scenario, its context, its inputs and its expectation, with values of every
    /// kind; where it gives up, `parse` reads through serde and the tree.
    #[test]
    fn scenarios_read_by_hand_as_by_serde() {
        use crate::util::yaml::{from_str, testing::read_by};
        let values = [
            "~",
            "null",
            "''",
            "007",
            "'1'",
            "x y",
            "completed",
            "stepLimit",
            "Completed",
            "true",
            "1.5",
            "[]",
            "[a, '2']",
            "['1', {digits: '2'}]",
            "{}",
            "{a: b}",
            "{from: x}",
            "{a: [1, 2]}",
            "!!str 1",
            "!!int 1",
            "\"a\\\"b\"",
            "'it''s'",
            "[{digits: '1', delaySeconds: 2}]",
            "[timeout, noMatch, 1]",
            "{queueName: Support}",
            "{kind: x, kind: y}",
        ];
        let file_keys =
            ["$schema", "flows", "substitutions", "fixtures", "mocks", "redact", "other"];
        let scenario_keys = [
            "name",
            "flow",
            "flowType",
            "context",
            "inputs",
            "message",
            "workitem",
            "conversation",
            "variables",
            "startNode",
            "version",
            "maxSteps",
            "seed",
            "timeout",
            "fixtures",
            "inheritFixtures",
            "mocks",
            "events",
            "tags",
            "expect",
            "snapshot",
            "redact",
            "other",
        ];
        let context_keys = [
            "from",
            "to",
            "channel",
            "conversationId",
            "mediaType",
            "startTime",
            "attributes",
            "sipHeaders",
            "other",
        ];
        let expect_keys = [
            "status",
            "path",
            "visits",
            "notVisits",
            "variables",
            "prompts",
            "route",
            "outputs",
            "participantData",
            "flowOutcomes",
            "exitReason",
            "workitem",
            "settings",
            "surveyOutcome",
            "slots",
            "intent",
            "error",
            "missing",
            "other",
        ];
        let mut texts = Vec::new();
        for v in values {
            for k in file_keys {
                texts.push(format!("{k}: {v}\nscenarios:\n  - name: a\n    flow: F\n"));
            }
            for k in scenario_keys {
                texts.push(format!("scenarios:\n  - name: a\n    flow: F\n    {k}: {v}\n"));
                texts.push(format!("scenarios:\n  - {{{k}: {v}, flow: F, name: a}}\n"));
            }
            for k in context_keys {
                texts.push(format!(
                    "scenarios:\n  - name: a\n    flow: F\n    context:\n      {k}: {v}\n"
                ));
            }
            for k in expect_keys {
                texts.push(format!(
                    "scenarios:\n  - name: a\n    flow: F\n    expect:\n      {k}: {v}\n"
                ));
            }
            texts.push(format!("scenarios:\n  - name: a\n    flow: F\n    inputs:\n      - {v}\n"));
            texts.push(format!("scenarios: {v}\n"));
            texts.push(format!("scenarios:\n  - {v}\n"));
        }
        texts.push("scenarios:\n  - name: a\n    flow: F\n    name: b\n".into());
        texts.push("scenarios:\n  - flow: F\n".into());
        texts.push("scenarios:\n  - [a, F]\n".into());
        texts.push("flows: x\n".into());
        let mut by_hand = 0;
        for text in &texts {
            let serde = from_str::<ScenarioFile>(text);
            if let Some(hand) = read_by(text, read::file) {
                let serde =
                    serde.unwrap_or_else(|e| panic!("{text}: read by hand, not by serde: {e}"));
                assert_eq!(format!("{hand:?}"), format!("{serde:?}"), "{text}");
                by_hand += 1;
            }
            let parsed = ScenarioFile::parse(Path::new("x.scenarios.yaml"), text);
            let serde = ScenarioFile::parse_by_serde(Path::new("x.scenarios.yaml"), text);
            assert_eq!(format!("{parsed:?}"), format!("{serde:?}"), "{text}");
        }
        // Most values are wrong for most keys; the rest read by hand.
        assert!(by_hand > texts.len() / 4, "{by_hand} of {}", texts.len());
        // The forms scenario files write read by hand.
        let common = "flows: ../flows\nfixtures:\n  - ../data\nscenarios:\n  - name: 'scenario 0'\n    flow: Acme Main IVR\n    context:\n      startTime: '2026-01-06T15:00:00Z'\n      from: '+15551234567'\n    inputs:\n      - '1'\n      - {digits: '2', delaySeconds: 1}\n    expect:\n      status: transferred\n      visits:\n        - Say balance\n      route:\n        queueName: Support\n      exitReason: callback requested\n  - {name: b, flow: F, inputs: [], context: {}, tags: smoke, expect: {path: [A, B], error: null}}\n";
        let hand = read_by(common, read::file).expect("read by hand");
        assert_eq!(format!("{hand:?}"), format!("{:?}", from_str::<ScenarioFile>(common).unwrap()));
    }

    #[test]
    fn scenario_file_names() {
        assert!(is_scenario_file(Path::new("dir/menu.scenarios.yaml")));
        assert!(is_scenario_file(Path::new("menu.Scenarios.JSON")));
        assert!(!is_scenario_file(Path::new("menu.yaml")));
    }

    /// Scenario files read through the events' fast path as through the tree (the YAML
    /// reader's own tests cover the generic forms).
    #[test]
    fn scenario_files_read_alike_by_events_and_tree() {
        use crate::util::yaml::testing::reads_alike as same;
        let scenarios = r#"
flows: ../flows
fixtures: [../fixtures/contacts.json]
scenarios:
  - name: caller presses 1
    flow: Inbound_Flow_A
    context: {from: "+15551234567", attributes: {tier: gold}}
    inputs: ["1", {digits: "2"}]
    variables: {tier: gold, n: 007}
    tags: smoke
    expect:
      status: completed
      path: [CallShared, SayHello]
      route: {queueId: q-support}
      error: null
      variables: {shared_module_result: "1", x: 1.50}
  - {name: b, flow: F, version: published, expect: {route: null}}
  - name: c
    flow: B
    conversation:
      - customer: Where is my order?
        intent: Order Status
      - bot: {contains: shipped}
      - customer: 12345678
      - event: noInput
"#;
        same::<ScenarioFile>(scenarios, true);
        same::<ScenarioFile>("scenarios:\n  - {name: a, flow: F, expect: {stauts: x}}\n", false);
        same::<ScenarioFile>("scenarios:\n  - {name: a, flow: F, maxSteps: many}\n", false);
    }
}
