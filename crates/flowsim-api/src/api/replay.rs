//! Replay: run each recorded simulation through the local interpreter and say where it
//! differs from what the cloud answered, in flow terms (docs/replay.md).
//!
//! ```text
//! cassette ─▶ interaction ─▶ config.map (cloud ids → local flows, redacted values → test values)
//!     ─▶ request body as a RunRequest ─▶ engine::Run   ─▶ local response (200 + result, or 400)
//!     ─▶ config.ignore on both responses ─▶ compare (status, path, step results, variables)
//!     ─▶ first divergent step, explained by a rerun that records what each step read
//!     ─▶ knownGaps mark expected differences ─▶ InteractionReport
//! ```
//! Only `POST /api/v2/architect/simulations` interactions are replayed; others are skipped.
//! Reports are data; the CLI renders them.

use crate::util::Cut;
mod compare;
pub mod config;

pub use config::{ConfigError, KnownGap, ReplayConfig};

use crate::api::cassette::path::Side;
use crate::api::cassette::{Cassette, Interaction};
use crate::engine::{self, RunOptions, RunRequest};
use crate::fixtures::FixtureStore;
use crate::flow::Registry;
use crate::harness::expect::explain_step;
use crate::harness::FileError;
use crate::util::files::{search, Depth, Entry};
use crate::util::shard::{self, Partition, RunId, Shard};
use compare::StepDiff;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// Why an API exchange of an execution data recording (a query, a job, a configuration) is
/// skipped: only its documents are replayed.
pub const EXCHANGE: &str = "an exchange of the execution data recording (query, job, configuration): only documents are replayed";

/// One field that differs. `None` on a side: the field is absent there.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldDiff {
    /// A JSON Pointer into the interaction: `/response/body/trace/3/result/contact/id`.
    pub path: String,
    /// The path below `/response`, unescaped (what known gaps match).
    #[serde(skip)]
    pub segments: Vec<String>,
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub recorded: Option<Value>,
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub local: Option<Value>,
    /// The reason of the known gap that excuses it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub known_gap: Option<String>,
}

/// A value that is there, `null` included (absent is `None`): reports are read back by
/// `flowsim merge`.
fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Value>, D::Error> {
    Value::deserialize(d).map(Some)
}

impl FieldDiff {
    pub fn new(segments: Vec<String>, recorded: Option<Value>, local: Option<Value>) -> FieldDiff {
        let mut path = String::from("/response");
        for s in &segments {
            path.push('/');
            path.push_str(&crate::util::pointer::escape(s));
        }
        FieldDiff { path, segments, recorded, local, known_gap: None }
    }
}

/// How one interaction went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Outcome {
    /// The local run answers as the cloud did.
    Matched,
    /// It differs, and not only by known gaps.
    Diverged,
    /// It differs only by known gaps.
    KnownGap,
    /// Not a simulation: not replayed.
    Skipped,
    /// The recorded request cannot be read as a run request, or the recorded response cannot
    /// be compared (not a run result).
    Invalid,
}

/// The first step that differs, in flow terms.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StepDivergence {
    /// 1-based.
    pub step: usize,
    /// `Flow/Node [Type]` of the recorded step; `None` when the recorded run had ended.
    pub recorded: Option<String>,
    /// `Flow/Node [Type]` of the local step; `None` when the local run had ended.
    pub local: Option<String>,
    /// One line.
    pub message: String,
    /// The local branch that led there (or the step itself, when only its result differs):
    /// the edge taken, the conditions, and the values it read.
    pub explanation: String,
    pub recorded_path: Vec<String>,
    pub local_path: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InteractionReport {
    pub cassette: PathBuf,
    /// 1-based, in the cassette.
    pub index: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The interaction's `note` (e.g. why it was hand-edited).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// `POST /api/v2/architect/simulations`.
    pub call: String,
    /// The flow the request names (after `map`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub flow: Option<String>,
    pub outcome: Outcome,
    /// Why it was skipped or invalid, or why the local run was refused.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub divergence: Option<StepDivergence>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub diffs: Vec<FieldDiff>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recorded_steps: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub local_steps: Option<usize>,
    /// What could not be compared, and why (a truncated recording, values too large to
    /// record, answers that could not be rebuilt): a match with caveats is never silent.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub caveats: Vec<String>,
}

impl InteractionReport {
    /// The report of item `index` of `cassette` (a call `call`), matched until the replay says
    /// otherwise: what every replay starts from.
    pub fn matched(cassette: &Path, index: usize, call: String) -> InteractionReport {
        InteractionReport {
            cassette: cassette.to_path_buf(),
            index,
            name: None,
            note: None,
            call,
            flow: None,
            outcome: Outcome::Matched,
            message: None,
            divergence: None,
            diffs: Vec::new(),
            recorded_steps: None,
            local_steps: None,
            caveats: Vec::new(),
        }
    }
}

/// Everything a replay produced, in cassette order.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ReplayReport {
    pub interactions: Vec<InteractionReport>,
    pub file_errors: Vec<FileError>,
    /// Known gaps that excused nothing (the difference may be gone): `describe()` texts.
    pub unused_known_gaps: Vec<String>,
    /// Which shard of which run this is (`--partition`); the CLI writes it beside the report.
    #[serde(skip)]
    pub shard: Shard,
}

impl ReplayReport {
    pub fn count(&self, outcome: Outcome) -> usize {
        self.interactions.iter().filter(|i| i.outcome == outcome).count()
    }
}

/// Cassette files under `paths`: files as given, directories' `*.json` files (not recursive),
/// in name order.
///
/// # Errors
/// A folder that cannot be listed: its recordings are not silently none.
pub fn discover(paths: &[PathBuf]) -> Result<Vec<PathBuf>, crate::util::files::SearchError> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            // A regular file or a link to one.
            out.extend(search(p, Depth::Flat, |f, entry| {
                matches!(entry, Entry::File | Entry::LinkedFile)
                    && f.extension().is_some_and(|e| e.eq_ignore_ascii_case("json"))
            })?);
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

/// The execution data documents a file holds, when it is one (`{"flow": {..., "execution"}}`),
/// a list of them, as the cloud's download jobs give them, or JSON lines of them; `None` for
/// anything else (a cassette, or a file [`Cassette::load`] will explain). All in memory: the
/// commands read files of documents as a stream ([`crate::api::execution::stream`]).
pub fn execution_documents(path: &Path) -> Option<Vec<Value>> {
    let mut docs = Vec::new();
    crate::api::execution::stream::each_document(path, &mut |_, d| docs.push(d)).ok()?;
    Some(docs)
}

/// A file's error as a report gives it: a document of a file of documents that cannot be read
/// (not JSON, not a document, too long), or the file itself.
pub fn stream_error(path: &Path, e: &crate::api::execution::stream::StreamError) -> FileError {
    use crate::api::execution::stream::StreamError;
    let (line, column) = match e {
        StreamError::Bad { line, column, .. } if *line > 0 => (Some(*line), Some(*column)),
        StreamError::TooLarge { line, .. } if *line > 0 => (Some(*line), None),
        _ => (None, None),
    };
    let help = match e {
        StreamError::TooLarge { .. } => "split the recording: a document's text may take at most 32 MiB",
        _ => "give documents as the cloud's API returns them (`{\"flow\": {\"execution\": [...]}}`), a list of them or JSON lines of them, or a cassette of `flowsim record`",
    };
    FileError::new(path, e.to_string(), help).placed(line, column)
}

/// A document's estimated cost for `--partition`: its recorded steps (the top-level execution
/// events), plus one.
pub fn document_cost(document: &Value) -> u64 {
    let steps = document.get("flow").and_then(|f| f.get("execution"));
    steps.and_then(Value::as_array).map_or(0, Vec::len) as u64 + 1
}

/// Replays every interaction of every cassette in `paths` (see [`discover`]).
pub fn replay_files(
    paths: &[PathBuf],
    registry: &Registry,
    fixtures: &FixtureStore,
    config: &ReplayConfig,
) -> ReplayReport {
    replay_files_with_progress(paths, registry, fixtures, config, &|_| {})
}

/// [`replay_files`], calling `progress` after each interaction or execution replayed (the CLI
/// draws a progress bar with it).
pub fn replay_files_with_progress(
    paths: &[PathBuf],
    registry: &Registry,
    fixtures: &FixtureStore,
    config: &ReplayConfig,
    progress: &dyn Fn(&InteractionReport),
) -> ReplayReport {
    match discover(paths) {
        Ok(files) => replay_shard(&files, registry, fixtures, config, Partition::WHOLE, progress),
        Err(e) => {
            let mut report =
                replay_shard(&[], registry, fixtures, config, Partition::WHOLE, progress);
            report.file_errors.insert(0, FileError::unlistable(e, "recordings"));
            report
        }
    }
}

/// What one file holds besides documents (read as a stream): a cassette, or why it is
/// neither.
enum Recording {
    Cassette(Cassette),
    Unusable(FileError),
}

impl Recording {
    fn load(path: &Path) -> Recording {
        match Cassette::load(path) {
            Ok(cassette) => Recording::Cassette(cassette),
            Err(e) => Recording::Unusable(
                FileError::new(e.file, e.message, e.help).placed(e.line, e.column),
            ),
        }
    }
}

/// Each of a cassette's items' estimated cost for `--partition`: a simulation's recorded
/// trace, plus one.
fn cassette_costs(cassette: &Cassette) -> Vec<u64> {
    let len = |v: Option<&Value>| v.and_then(Value::as_array).map_or(0, Vec::len) as u64 + 1;
    cassette.interactions.iter().map(|i| len(i.response.body.get("trace"))).collect()
}

/// What one replay is given, and what it fills.
struct Replaying<'a> {
    registry: &'a Registry,
    fixtures: &'a FixtureStore,
    config: &'a ReplayConfig,
    used: Vec<bool>,
    report: ReplayReport,
    progress: &'a dyn Fn(&InteractionReport),
}

impl Replaying<'_> {
    /// Whether the command's runs so far took more steps than its total
    /// (`engine::budget::limit_total_steps`): the command is then refused, so no further
    /// item is replayed (the files are still read through, which costs no run).
    fn past_total() -> bool {
        crate::engine::budget::total_steps_past().is_some()
    }

    fn push(&mut self, r: InteractionReport) {
        (self.progress)(&r);
        self.report.interactions.push(r);
    }

    fn document(&mut self, path: &Path, index: usize, document: &Value) {
        if Self::past_total() {
            return;
        }
        let r = crate::api::execution::replay_document(
            path,
            index,
            document,
            self.registry,
            self.fixtures,
            self.config,
            &mut self.used,
        );
        self.push(r);
    }

    /// Replays the cassette's items `keep` says (by place in the file), in order.
    fn cassette(&mut self, path: &Path, cassette: &Cassette, keep: &dyn Fn(usize) -> bool) {
        for (i, interaction) in cassette.interactions.iter().enumerate().filter(|(i, _)| keep(*i)) {
            if Self::past_total() {
                return;
            }
            let r = replay_interaction(
                path,
                i + 1,
                interaction,
                self.registry,
                self.fixtures,
                self.config,
                &mut self.used,
            );
            self.push(r);
        }
    }
}

/// Shard `partition` of a replay (`replay --partition K/N`, `util::shard::Online`): every file
/// is read once, in order, and each item costed (its recorded steps) as it comes; it goes to
/// the shard least loaded so far, and is replayed only when that is this one. A file of
/// execution documents is read as a stream, one document at a time, so memory stays that of
/// one document (a cassette: of one file) whatever the file's size, and nothing is kept per
/// item but a shard's own places. Every shard reports every file that cannot be used. `files`
/// are the files [`discover`] found.
pub fn replay_shard(
    files: &[PathBuf],
    registry: &Registry,
    fixtures: &FixtureStore,
    config: &ReplayConfig,
    partition: Partition,
    progress: &dyn Fn(&InteractionReport),
) -> ReplayReport {
    use crate::api::execution::stream::{each_document, StreamError};
    let mut run = Replaying {
        registry,
        fixtures,
        config,
        used: vec![false; config.known_gaps.len()],
        report: ReplayReport::default(),
        progress,
    };
    let mut id = RunId::new("replay");
    let mut online = shard::Online::new(partition);
    for path in files {
        id.write(path.as_os_str().as_encoded_bytes());
        let mut mine = |cost: u64| {
            id.write(&cost.to_le_bytes());
            online.take(cost)
        };
        let streamed = each_document(path, &mut |i, document| {
            if mine(document_cost(&document)) {
                run.document(path, i, &document);
            }
        });
        match streamed {
            Ok(_) => {}
            Err(StreamError::NotDocuments) => match Recording::load(path) {
                Recording::Cassette(c) => {
                    let keep: Vec<bool> = cassette_costs(&c).into_iter().map(&mut mine).collect();
                    run.cassette(path, &c, &|i| keep[i]);
                }
                Recording::Unusable(e) => run.report.file_errors.push(e),
            },
            Err(e) => run.report.file_errors.push(stream_error(path, &e)),
        }
    }
    let mut report = run.report;
    report.shard = Shard::new("replay", &id, partition, online.items(), online.places());
    report.unused_known_gaps = config
        .known_gaps
        .iter()
        .zip(&run.used)
        .filter(|(_, used)| !**used)
        .map(|(g, _)| g.describe())
        .collect();
    report
}

/// `Flow/Node [Type]` of a trace step in JSON.
pub fn step_label(step: &Value) -> String {
    let text = |k: &str| step.get(k).and_then(Value::as_str).unwrap_or("?");
    match step.get("flowName").and_then(Value::as_str) {
        Some(flow) => format!("{flow}/{} [{}]", text("nodeId"), text("nodeType")),
        None => format!("{} [{}]", text("nodeId"), text("nodeType")),
    }
}

fn node_ids(trace: Option<&Vec<Value>>) -> Vec<String> {
    trace
        .map(|t| {
            t.iter()
                .map(|s| s.get("nodeId").and_then(Value::as_str).unwrap_or("?").to_owned())
                .collect()
        })
        .unwrap_or_default()
}

fn show(v: Option<&Value>) -> String {
    v.map_or_else(|| "(absent)".to_owned(), Value::to_string)
}

/// A recorded simulation in local terms: its request's body with the config's `map` applied,
/// and its response (`{"status", "body"}`) with the `map` applied and the `ignore`d fields
/// removed.
pub fn simulation_in_local_terms(
    interaction: &Interaction,
    config: &ReplayConfig,
) -> (Value, Value) {
    let mut request = serde_json::to_value(&interaction.request).unwrap_or(Value::Null);
    let mut recorded = serde_json::to_value(&interaction.response).unwrap_or(Value::Null);
    config.apply_map(Side::Request, &mut request);
    config.apply_map(Side::Response, &mut recorded);
    config.apply_ignore(Side::Response, &mut recorded);
    (request.get("body").cloned().unwrap_or(Value::Null), recorded)
}

/// A recorded simulation's request body read as the run request it is.
///
/// # Errors
/// A body that is not a run request: what does not read.
pub fn run_request_of(body: Value) -> Result<RunRequest, String> {
    serde_json::from_value(body).map_err(|e| {
        format!("the recorded request body is not a run request (`flowsim docs results`): {e}")
    })
}

/// Replays one interaction. `used` marks the known gaps that excused a difference.
pub fn replay_interaction(
    cassette: &Path,
    index: usize,
    interaction: &Interaction,
    registry: &Registry,
    fixtures: &FixtureStore,
    config: &ReplayConfig,
    used: &mut [bool],
) -> InteractionReport {
    let mut report = InteractionReport {
        name: interaction.name.clone(),
        note: interaction.note.clone(),
        ..InteractionReport::matched(cassette, index, interaction.request.label())
    };
    if let Some(document) =
        Some(&interaction.response.body).filter(|b| crate::api::execution::doc::is_document(b))
    {
        let mut r = crate::api::execution::replay_document(
            cassette, index, document, registry, fixtures, config, used,
        );
        r.note.clone_from(&interaction.note);
        if r.name.is_none() {
            r.name.clone_from(&interaction.name);
        }
        return r;
    }
    if interaction.request.path.starts_with("/api/v2/flows/")
        || interaction.request.path.starts_with("/api/v2/downloads/")
    {
        report.outcome = Outcome::Skipped;
        report.message = Some(EXCHANGE.into());
        return report;
    }
    if !interaction.request.is_simulation() {
        report.outcome = Outcome::Skipped;
        report.message =
            Some("not a simulation: only POST /api/v2/architect/simulations is replayed".into());
        return report;
    }

    if let Err(why) =
        compare::check_recorded(interaction.response.status, &interaction.response.body)
    {
        report.outcome = Outcome::Invalid;
        report.message = Some(format!("the recorded response cannot be compared: {why}"));
        return report;
    }

    // The recorded interaction in local terms.
    let (body, recorded) = simulation_in_local_terms(interaction, config);
    report.flow = ["flowName", "flowId"]
        .iter()
        .find_map(|k| body.get(*k).and_then(Value::as_str).filter(|s| !s.is_empty()))
        .map(str::to_owned);
    let run_request = match run_request_of(body) {
        Ok(r) => r,
        Err(message) => {
            report.outcome = Outcome::Invalid;
            report.message = Some(message);
            return report;
        }
    };
    let recorded_status = recorded.get("status").and_then(Value::as_u64).unwrap_or(0) as u16;
    let recorded_body = recorded.get("body").cloned().unwrap_or(Value::Null);
    report.recorded_steps = recorded_body.get("trace").and_then(Value::as_array).map(Vec::len);

    // The local answer, in the same shape.
    let (local_status, mut local) =
        match engine::Run::new(registry, fixtures, &run_request).result() {
            Ok(result) => {
                report.local_steps = Some(result.trace.len());
                (
                    200u16,
                    Value::Object(serde_json::Map::from_iter([(
                        "body".to_owned(),
                        serde_json::to_value(&result).unwrap_or(Value::Null),
                    )])),
                )
            }
            Err(e) => {
                let mut message =
                    format!("the local run was refused: error[{}]: {e} ({})", e.code(), e.help());
                if e.code() == crate::diag::Code::Run(crate::ErrorKind::FlowNotFound) {
                    message.push_str(
                        "; map the cloud's flow id to a local flow in the replay config's `flows`",
                    );
                }
                report.message = Some(message);
                let body =
                    serde_json::json!({"message": e.to_string(), "code": e.code(), "status": 400});
                (400, serde_json::json!({ "body": body }))
            }
        };
    config.apply_ignore(Side::Response, &mut local);
    let local_body = local.get("body").cloned().unwrap_or(Value::Null);

    let compared = compare::compare(recorded_status, &recorded_body, local_status, &local_body);
    report.diffs = compared.diffs;
    if let Some((at, how)) = compared.first_step {
        report.divergence = Some(divergence(
            at,
            how,
            &recorded_body,
            &local_body,
            &report.diffs,
            registry,
            fixtures,
            &run_request,
        ));
    }
    for d in &mut report.diffs {
        let found = config
            .known_gaps
            .iter()
            .position(|g| g.covers(cassette, index, interaction.name.as_deref(), &d.segments));
        if let Some(g) = found {
            used[g] = true;
            d.known_gap = Some(config.known_gaps[g].reason.clone());
        }
    }
    report.outcome = if report.diffs.is_empty() {
        Outcome::Matched
    } else if report.diffs.iter().all(|d| d.known_gap.is_some()) {
        Outcome::KnownGap
    } else {
        Outcome::Diverged
    };
    report
}

/// The first divergent step, explained by a local rerun that records what each step read.
#[allow(clippy::too_many_arguments)]
fn divergence(
    at: usize,
    how: StepDiff,
    recorded: &Value,
    local: &Value,
    diffs: &[FieldDiff],
    registry: &Registry,
    fixtures: &FixtureStore,
    request: &RunRequest,
) -> StepDivergence {
    let recorded_trace = recorded.get("trace").and_then(Value::as_array);
    let local_trace = local.get("trace").and_then(Value::as_array);
    let rec = recorded_trace.and_then(|t| t.get(at)).map(step_label);
    let loc = local_trace.and_then(|t| t.get(at)).map(step_label);
    let n = at + 1;
    let message = match (how, &rec, &loc) {
        (StepDiff::Result, _, Some(l)) => {
            let prefix = format!("/response/body/trace/{at}/");
            let first = diffs.iter().find(|d| d.path.starts_with(&prefix));
            match first {
                Some(d) => format!(
                    "step {n} {l} ran with another outcome: {} recorded {}, local {}",
                    d.path.cut(prefix.len()..).replace('/', "."),
                    show(d.recorded.as_ref()),
                    show(d.local.as_ref())
                ),
                None => format!("step {n} {l} ran with another outcome"),
            }
        }
        (_, Some(r), Some(l)) => format!("the path diverges at step {n}: recorded {r}, local {l}"),
        (_, Some(r), None) => {
            format!("the local run ends after step {at}; the recording goes on to {r}")
        }
        (_, None, Some(l)) => {
            format!("the recorded run ends after step {at}; the local run goes on to {l}")
        }
        (_, None, None) => format!("step {n} differs"),
    };
    // What decided it: the step before a different node, or the step whose result differs.
    let explain_at = match how {
        StepDiff::Node => at.checked_sub(1),
        StepDiff::Result => Some(at),
    };
    let explanation =
        explain_at.map(|i| explain_rerun(registry, fixtures, request, i)).unwrap_or_default();
    StepDivergence {
        step: n,
        recorded: rec,
        local: loc,
        message,
        explanation,
        recorded_path: node_ids(recorded_trace),
        local_path: node_ids(local_trace),
    }
}

/// What decided step `step` of `request`'s run: the run again, recording what each step read
/// (the first run did not, to stay fast), then that step explained. Empty when the run no
/// longer reaches it.
pub fn explain_rerun(
    registry: &Registry,
    fixtures: &FixtureStore,
    request: &engine::RunRequest,
    step: usize,
) -> String {
    let options = RunOptions { record_reads: true, ..RunOptions::default() };
    engine::Run::new(registry, fixtures, request)
        .options(options)
        .result()
        .ok()
        .filter(|rerun| step < rerun.trace.len())
        .map(|rerun| explain_step(&rerun, step))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests;
