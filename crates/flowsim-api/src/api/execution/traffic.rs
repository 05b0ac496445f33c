//! Production traffic into tests (`flowsim traffic`, docs/traffic.md): what callers really did,
//! grouped into the distinct paths they took through today's flows, each turned into a scenario,
//! and weighed against what a suite covers.
//!
//! ```text
//! execution documents ─▶ replay (recorded vs local: matched, diverged, invalid)
//!     ─▶ matched ones grouped by their local path (every action and the output it left by)
//!     ─▶ per path: callers, a scenario (the first caller's request and recorded data action
//!        answers, redacted, then run again to prove it takes the same path)
//!     ─▶ with a suite: the steps of each path no scenario takes, ranked by callers
//! ```
//!
//! `--partition K/N` analyses one shard of the executions (`util::shard::Online`: each, in
//! file order, to the shard least loaded so far by recorded steps); every shard learns
//! personal data from every document, so tokens agree.
//! A shard's report gives the places (in the whole run) of its paths' executions and of its
//! diverged and invalid ones, so that [`merge`] makes the whole run's report.
//!
//! Cost: one parse and one replay (one run) per execution, on every core
//! ([`super::pipeline`]), whose run is grouped by its steps' indices;
//! one run per distinct path (the check of its scenario), one run per suite scenario;
//! grouping and ranking through hash maps, linear in the steps. Every run reads the
//! recordings once; a shard parses its own documents twice (once to weigh them with the
//! others, once to replay them).

use super::pipeline::Pipeline;
use super::rebuild;
use super::redact::Redactor;
use crate::api::replay::{Outcome, ReplayConfig};
use crate::engine::{self, Edge, RunResult};
use crate::fixtures::FixtureStore;
use crate::flow::{FlowIdx, Registry};
use crate::harness::scenario::Scenario;
use crate::harness::ScenarioInput;
use crate::util::shard::{self, Partition, RunId, Shard};
use indexmap::IndexMap;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::RwLock;

/// Recorded executions under some paths (files of documents, cassettes of `record
/// --execution-data`, directories of them, `-` for standard input), read by one pass: a file
/// of documents as a stream, one document at a time ([`super::stream`]), so the pass holds no
/// more than one document (a cassette: one file). Standard input can be read once only.
pub struct Recordings {
    inputs: Vec<Input>,
    /// Whether standard input has begun to be read.
    stdin_read: AtomicBool,
}

/// Where recorded executions are read from.
enum Input {
    File(PathBuf),
    /// Standard input (`-`): documents (a cassette is a file), read front to back once.
    Stdin,
}

/// The name standard input goes by in reports and errors (`<stdin> #3`).
pub const STDIN_NAME: &str = "<stdin>";

/// Why recorded executions cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RecordingsError {
    /// No file under the paths given: `traffic empty-dir/`.
    #[error("no flow execution data under {0}: a directory's `*.json` files are read")]
    Nothing(String),
    /// A file that holds neither documents nor a cassette of them: `{"name": "x"}`.
    #[error("{}: not flow execution data", .0.display())]
    NotExecutionData(PathBuf),
    /// A file of documents with one that cannot be read: `[{"flow": {"execution": []}}, 3]`.
    #[error("{}: {}", .0.display(), .1)]
    Unreadable(PathBuf, super::stream::StreamError),
    /// Standard input read a second time: `traffic - -`.
    #[error("standard input can be read only once, and `-` is given more than once")]
    ReadOnce,
    /// flowsim itself failed on an execution (a panic, caught where it works on it): the run
    /// ends there, as at a document that cannot be read, instead of waiting for it.
    #[error(
        "execution {place} of the run: flowsim failed on it ({message}); this is a bug in flowsim"
    )]
    Panicked { place: usize, message: String },
}

impl RecordingsError {
    /// What to do about it.
    pub fn help(&self) -> &'static str {
        match self {
            RecordingsError::Nothing(_) => "check the path",
            RecordingsError::Unreadable(_, super::stream::StreamError::Io(_)) => {
                "check the path: only regular files are read"
            }
            RecordingsError::ReadOnce => {
                "save the executions to a file and give its path (`-` reads standard input once)"
            }
            RecordingsError::Panicked { .. } => {
                "please report it with that execution's document (the executions before it were read)"
            }
            RecordingsError::NotExecutionData(_) | RecordingsError::Unreadable(..) => {
                "give a cassette of `flowsim record --execution-data`, or documents as the cloud's API returns them (`{\"flow\": {\"execution\": [...]}}`, a list of them, or JSON lines of them)"
            }
        }
    }
}

impl Recordings {
    /// The files under `paths` (`replay::discover`), standard input where a path is `-`.
    ///
    /// # Errors
    /// No file under them: a mistyped directory must not pass as no traffic.
    pub fn new(paths: &[PathBuf]) -> Result<Recordings, RecordingsError> {
        let mut inputs = Vec::new();
        for path in paths {
            if path.as_os_str() == "-" {
                inputs.push(Input::Stdin);
            } else {
                let files =
                    crate::api::replay::discover(std::slice::from_ref(path)).map_err(|e| {
                        RecordingsError::Unreadable(
                            e.folder,
                            super::stream::StreamError::Io(e.error.to_string()),
                        )
                    })?;
                inputs.extend(files.into_iter().map(Input::File));
            }
        }
        if inputs.is_empty() {
            let shown: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
            return Err(RecordingsError::Nothing(shown.join(", ")));
        }
        Ok(Recordings { inputs, stdin_read: AtomicBool::new(false) })
    }

    /// Hands every recorded execution to `each`, in file order, one at a time; gives how many.
    ///
    /// # Errors
    /// A file that is not execution data, or one of whose documents cannot be read (`each`
    /// has had those before it).
    pub fn each(&self, each: &mut dyn FnMut(Recorded)) -> Result<usize, RecordingsError> {
        let mut failed = None;
        let count = self.each_unread(&mut |unread| match unread.read() {
            Ok(r) => {
                each(r);
                true
            }
            Err(e) => {
                failed = Some(e);
                false
            }
        })?;
        failed.map_or(Ok(count), Err)
    }

    /// Hands every recorded execution to `each`, in file order, as its text where a file of
    /// documents holds it (parsed by [`Unread::read`], on whatever thread takes it), else read;
    /// `each` gives whether to go on. Gives how many were handed over.
    ///
    /// A file's first document is read here, so that a file that is not documents is read as a
    /// cassette instead.
    ///
    /// # Errors
    /// As [`Recordings::each`], for what the files' structure shows (a document's own text is
    /// [`Unread::read`]'s to judge).
    pub fn each_unread(
        &self,
        each: &mut dyn FnMut(Unread) -> bool,
    ) -> Result<usize, RecordingsError> {
        self.each_unread_from(None, false, each)
    }

    /// [`Recordings::each_unread`] from `from` (a document to split again, and the inputs after
    /// its file: [`Unread::recount`]) or from the start; a file of JSON lines split by its line
    /// breaks where `lines` (`stream::each_text_lines`), unless standard input is among the
    /// inputs (it cannot be read again).
    ///
    /// # Errors
    /// As [`Recordings::each_unread`].
    pub(crate) fn each_unread_from(
        &self,
        from: Option<super::stream::Resume>,
        lines: bool,
        each: &mut dyn FnMut(Unread) -> bool,
    ) -> Result<usize, RecordingsError> {
        use super::stream::{
            each_text_capped, each_text_from, each_text_lines, StreamError, MAX_DOCUMENT_BYTES,
        };
        let lines = lines && !self.inputs.iter().any(|i| matches!(i, Input::Stdin));
        let mut count = 0;
        let first = from.map_or(0, |f| f.input);
        for (at, input) in self.inputs.iter().enumerate().skip(first) {
            let resume = from.filter(|f| f.input == at);
            let path = match input {
                Input::File(path) => path.clone(),
                Input::Stdin => PathBuf::from(STDIN_NAME),
            };
            let mut going = true;
            let mut each_text = |text: &mut super::stream::DocumentText| {
                text.input = at;
                let unread = if text.index == 1 {
                    let document = text.read()?;
                    Unread::Read(Recorded { file: path.clone(), index: 1, document })
                } else {
                    Unread::Text(path.clone(), text.take())
                };
                count += 1;
                going = each(unread);
                Ok(going)
            };
            let streamed = match input {
                Input::File(path) if lines || resume.is_some() => {
                    each_text_lines(path, MAX_DOCUMENT_BYTES, resume, &mut each_text)
                }
                Input::File(path) => each_text_capped(path, MAX_DOCUMENT_BYTES, &mut each_text),
                Input::Stdin => {
                    if self.stdin_read.swap(true, Ordering::SeqCst) {
                        return Err(RecordingsError::ReadOnce);
                    }
                    each_text_from(std::io::stdin().lock(), MAX_DOCUMENT_BYTES, &mut each_text)
                }
            };
            match streamed {
                Ok(_) => {}
                Err(StreamError::NotDocuments) if matches!(input, Input::Stdin) => {
                    return Err(RecordingsError::NotExecutionData(path));
                }
                Err(StreamError::NotDocuments) => {
                    // A cassette of `flowsim record --execution-data`: its documents are the
                    // responses.
                    let cassette = crate::api::cassette::Cassette::load(&path)
                        .map_err(|_| RecordingsError::NotExecutionData(path.clone()))?;
                    let documents = cassette
                        .interactions
                        .into_iter()
                        .map(|i| i.response.body)
                        .filter(super::doc::is_document);
                    let before = count;
                    for (i, document) in documents.enumerate() {
                        count += 1;
                        going = each(Unread::Read(Recorded {
                            file: path.clone(),
                            index: i + 1,
                            document,
                        }));
                        if !going {
                            break;
                        }
                    }
                    if count == before {
                        return Err(RecordingsError::NotExecutionData(path.clone()));
                    }
                }
                Err(e) => return Err(RecordingsError::Unreadable(path.clone(), e)),
            }
            if !going {
                break;
            }
        }
        Ok(count)
    }
}

/// A document's text that cannot be read ([`Unread::recount`] says when the error is not the
/// document's own).
fn unreadable(file: PathBuf, e: super::stream::StreamError) -> RecordingsError {
    RecordingsError::Unreadable(file, e)
}

/// A recorded execution as [`Recordings::each_unread`] hands it over: read, or its text.
pub enum Unread {
    Read(Recorded),
    /// A document's text, and its file.
    Text(PathBuf, super::stream::DocumentText),
}

impl Unread {
    /// Where the counted split reads its file again from when an error reading it is not the
    /// document's own to give: a text taken to its line's end
    /// ([`DocumentText::recount`](super::stream::DocumentText::recount)). The pipeline reads
    /// again from there rather than give the error.
    pub(crate) fn recount(&self) -> Option<super::stream::Resume> {
        match self {
            Unread::Read(_) => None,
            Unread::Text(_, text) => text.recount(),
        }
    }

    /// Its file and its place in it (1-based).
    pub fn source(&self) -> (&Path, usize) {
        match self {
            Unread::Read(r) => (&r.file, r.index),
            Unread::Text(file, text) => (file, text.index),
        }
    }

    /// What `f` makes of the document, its text kept ([`Unread::read`] reads it again).
    ///
    /// # Errors
    /// As [`Unread::read`].
    pub fn look<T>(&self, f: impl FnOnce(&Value) -> T) -> Result<T, RecordingsError> {
        match self {
            Unread::Read(r) => Ok(f(&r.document)),
            Unread::Text(file, text) => match text.read() {
                Ok(document) => Ok(f(&document)),
                Err(e) => Err(unreadable(file.clone(), e)),
            },
        }
    }

    /// The recorded execution.
    ///
    /// # Errors
    /// Text that is not JSON, or not a document ([`RecordingsError::Unreadable`]).
    pub fn read(self) -> Result<Recorded, RecordingsError> {
        match self {
            Unread::Read(r) => Ok(r),
            Unread::Text(file, text) => match text.read() {
                Ok(document) => Ok(Recorded { file, index: text.index, document }),
                Err(e) => Err(unreadable(file, e)),
            },
        }
    }
}

impl Unread {
    /// The recorded execution read for `traffic`: its actions, personal values and cost, from
    /// its text in one pass where it has one ([`super::typed`]).
    ///
    /// # Errors
    /// As [`Unread::read`].
    pub fn parse(self) -> Result<Parsed, RecordingsError> {
        match self {
            Unread::Read(r) => Ok(Parsed {
                file: r.file,
                index: r.index,
                typed: super::typed::of_value(r.document),
            }),
            Unread::Text(file, text) => match text.read_typed() {
                Ok(typed) => Ok(Parsed { file, index: text.index, typed }),
                Err(e) => Err(unreadable(file, e)),
            },
        }
    }

    /// Its cost and personal values, its text kept ([`Unread::parse`] reads it again).
    ///
    /// # Errors
    /// As [`Unread::read`].
    fn weigh(&self) -> Result<(u64, Vec<super::redact::Personal>), RecordingsError> {
        match self {
            Unread::Read(r) => Ok((
                crate::api::replay::document_cost(&r.document),
                super::redact::personal(&r.document),
            )),
            Unread::Text(file, text) => match text.read_typed() {
                Ok(typed) => Ok((typed.cost, typed.personal)),
                Err(e) => Err(unreadable(file.clone(), e)),
            },
        }
    }
}

/// A recorded execution read for `traffic` ([`Unread::parse`]), and where it came from.
pub struct Parsed {
    pub file: PathBuf,
    /// 1-based position in its file.
    pub index: usize,
    pub typed: super::typed::Typed,
}

/// One execution document and where it came from.
pub struct Recorded {
    pub file: PathBuf,
    /// 1-based position in its file.
    pub index: usize,
    pub document: Value,
}

/// One distinct path callers took.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PathGroup {
    /// The flow the callers entered.
    pub flow: String,
    /// How many executions took it.
    pub callers: usize,
    /// Their conversation (or execution) ids, in file order.
    pub executions: Vec<String>,
    /// Each step: `Flow › action → output`.
    pub steps: Vec<String>,
    /// How the run ended: `disconnected`, `transferred (acd Support)`.
    pub ending: String,
    /// Steps of this path no suite scenario takes (with a suite).
    pub uncovered: Vec<String>,
    /// The scenario written for it, when its check passed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scenario: Option<Value>,
    /// Why no scenario was written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_written: Option<String>,
    /// In a shard's report: the places of `executions` in the whole run.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub places: Vec<usize>,
}

/// What the traffic shows.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TrafficReport {
    pub executions: usize,
    /// Executions whose local run leaves the recorded path (`flowsim replay` says where).
    pub diverged: Vec<String>,
    /// Documents that could not be replayed, with why.
    pub invalid: Vec<String>,
    /// Distinct paths, most callers first (then first seen).
    pub paths: Vec<PathGroup>,
    /// Whether a suite was weighed (`--scenarios`).
    pub suite: bool,
    /// Steps no suite scenario takes, with the callers who took them, most first.
    pub uncovered_steps: Vec<(String, usize)>,
    /// In a shard's report: the places of `diverged` and `invalid` in the whole run.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub diverged_places: Vec<usize>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub invalid_places: Vec<usize>,
    /// Which shard of which run this is; the CLI writes it beside the report.
    #[serde(skip)]
    pub shard: Shard,
}

impl TrafficReport {
    /// Callers on paths that took no step the suite misses.
    pub fn covered_callers(&self) -> usize {
        self.paths.iter().filter(|p| p.uncovered.is_empty()).map(|p| p.callers).sum()
    }

    pub fn matched_callers(&self) -> usize {
        self.paths.iter().map(|p| p.callers).sum()
    }
}

/// A step as the report names it.
fn step(r: &RunResult<'_>, s: &engine::Step) -> String {
    let node = r.node(s.flow, s.node);
    let out = match s.edge {
        Edge::Output(i) => {
            node.exits.get(usize::from(i)).map_or_else(|| s.edge.label(), |e| e.name.to_string())
        }
        e => e.label(),
    };
    format!("{} › {} → {out}", r.flow_name(s.flow), node.id)
}

fn ending(r: &RunResult<'_>) -> String {
    match &r.route {
        Some(route) if !route.kind.is_empty() && route.kind != "acd" => {
            format!("{} ({} {})", r.status.as_str(), route.kind, route.target)
        }
        Some(route) => format!("{} (acd {})", r.status.as_str(), route.queue_name),
        None => match &r.error {
            Some(e) => format!("{} ({})", r.status.as_str(), e.kind),
            None => r.status.as_str().to_string(),
        },
    }
}

/// Groups `recorded` executions by the path they take through `registry`, writes a scenario
/// per path (redacted with `redaction_key`), and weighs the paths against `suite`; replays on
/// `pipeline`'s workers, the report the same whatever their number.
///
/// Every run reads the recordings once, one document at a time: each is costed (for the run's
/// identity), learnt from (the personal data to redact) and replayed on a worker, and taken
/// back in file order ([`super::pipeline`]). A shard of several learns, in file order, which
/// documents are its own ([`shard::Online`], [`Pipeline::run_ordered`]): every document is
/// weighed (costed and learnt from, then dropped, its text kept) and only the shard's own are
/// read again from their text and replayed. A replay that matches gives its run, whose path is
/// keyed by its steps' indices: only a path not seen before is named in text and gets its
/// scenario; no document is rebuilt or run a second time. What stays is per execution its
/// name in the report (and in a shard, its place), per distinct path its group and scenario.
///
/// `replayed` is told of each of the shard's executions as it is taken back, in file order:
/// `false` when it diverged from its recording.
///
/// # Errors
/// Recordings that cannot be read ([`Recordings::each`]).
#[allow(clippy::too_many_arguments)]
pub fn analyse(
    recorded: &Recordings,
    registry: &Registry,
    fixtures: &FixtureStore,
    suite: Option<&[ScenarioInput]>,
    redaction_key: Option<&str>,
    partition: Partition,
    pipeline: Pipeline,
    replayed: &mut dyn FnMut(bool),
) -> Result<TrafficReport, RecordingsError> {
    let config = ReplayConfig::default();
    let mut report = TrafficReport { suite: suite.is_some(), ..TrafficReport::default() };
    let sharded = partition.count > 1;
    let known: RwLock<FxHashMap<PathKey, usize>> = RwLock::new(FxHashMap::default());
    let replaying = Replaying { registry, fixtures, config: &config, known: &known };
    let mut grouping =
        Grouping { sharded, known: &known, groups: IndexMap::new(), report: &mut report };
    // Every document is costed (for the run's identity) and learnt from (the personal data to
    // redact, so that tokens are the same in every shard), in file order.
    let mut id = RunId::new("traffic");
    let mut count = 0;
    let mut redactor = Redactor::new(redaction_key);
    let mut take = |read: Read| {
        id.write(read.file.as_os_str().as_encoded_bytes());
        id.write(
            &[read.index.to_le_bytes(), usize::try_from(read.cost).unwrap_or(0).to_le_bytes()]
                .concat(),
        );
        redactor.learn_all(read.personal);
        match read.taken {
            Taken::Skipped => {}
            Taken::Diverged(_) => replayed(false),
            _ => replayed(true),
        }
        grouping.take(count, read.taken);
        count += 1;
    };
    let mut online = shard::Online::new(partition);
    if sharded {
        // Whose each document is follows from the costs before it, in file order: a worker
        // weighs its documents (and drops them, keeping their text), learns which are this
        // shard's, and replays those only, read again from their text.
        let weigh = |_: usize, unread: Unread| {
            let (cost, personal) = unread.weigh()?;
            Ok(Weighed { unread, cost, personal })
        };
        let mut order = |w: &Weighed| online.take(w.cost);
        let work = |w: Weighed, mine: bool| {
            let (file, index) = w.unread.source();
            let (file, index) = (file.to_path_buf(), index);
            let taken = if mine { replaying.take(w.unread.parse()?) } else { Taken::Skipped };
            Ok(Read { file, index, cost: w.cost, personal: w.personal, taken })
        };
        pipeline.run_ordered(recorded, &weigh, &mut order, &work, &mut take)?;
    } else {
        let work = |_: usize, unread: Unread| {
            let mut p = unread.parse()?;
            let (file, index, cost) = (p.file.clone(), p.index, p.typed.cost);
            let personal = std::mem::take(&mut p.typed.personal);
            Ok(Read { file, index, cost, personal, taken: replaying.take(p) })
        };
        pipeline.run(recorded, &work, &mut take)?;
    }
    let executions = count;
    let shard = Shard::new("traffic", &id, partition, executions, online.places());
    let mut groups = grouping.groups;
    report.executions = executions;
    report.shard = shard;

    // Each path's scenario, redacted, must take the same path with the fixtures given.
    // Each run charges the command's total of steps (`engine::budget::limit_total_steps`);
    // once the runs took more, the command is refused, so no further run starts.
    let past_total = || engine::budget::total_steps_past().is_some();
    for (steps, (group, scenario)) in &mut groups {
        if past_total() {
            break;
        }
        let mut scenario = scenario.clone();
        redactor.redact(&mut scenario);
        match check(&scenario, registry, fixtures, steps) {
            Ok((path, missing)) => {
                scenario["expect"] = json!({"status": status_of(&group.ending), "path": path});
                // A lookup the fixtures could not answer fails a scenario that does not name it.
                if !missing.is_empty() {
                    scenario["expect"]["missing"] = json!(missing);
                }
                group.scenario = Some(scenario);
            }
            Err(why) => group.not_written = Some(why),
        }
    }

    let mut paths: Vec<PathGroup> = groups.into_values().map(|(g, _)| g).collect();
    rank(&mut paths);

    if let Some(suite) = suite {
        let mut taken: FxHashSet<String> = FxHashSet::default();
        for input in suite {
            if past_total() {
                break;
            }
            if let Ok(r) =
                engine::Run::new(&input.registry, &input.fixtures, &input.request).result()
            {
                taken.extend(r.trace.iter().map(|s| step(&r, s)));
            }
        }
        for p in &mut paths {
            let mut seen = FxHashSet::default();
            for s in &p.steps {
                if !taken.contains(s) && seen.insert(s.clone()) {
                    p.uncovered.push(s.clone());
                }
            }
        }
        report.uncovered_steps = uncovered_steps(&paths);
    }
    report.paths = paths;
    Ok(report)
}

/// A path by its steps' indices (flow, node, the way it left): what a worker keys a run by
/// without naming its steps in text. Steps named alike in text are one path: the grouping
/// maps each key to the group of its text.
type PathKey = Vec<(FlowIdx, crate::flow::NodeIdx, Edge)>;

/// A document a shard's worker has weighed: its text (or the document, when read already),
/// its cost and its personal data.
struct Weighed {
    unread: Unread,
    cost: u64,
    personal: Vec<super::redact::Personal>,
}

/// What a worker made of one document.
struct Read {
    file: PathBuf,
    index: usize,
    cost: u64,
    personal: Vec<super::redact::Personal>,
    taken: Taken,
}

/// One document's replay, for the grouping.
enum Taken {
    /// It replays as recorded on a path the grouping had when the worker looked: its key,
    /// and its name.
    Known(PathKey, String),
    /// It replays as recorded on a path the grouping may not have yet.
    New(PathKey, Box<NewPath>),
    /// It replays, but takes another path than recorded (its name).
    Diverged(String),
    /// It cannot be replayed: where, and why.
    Invalid(String),
    /// Not replayed: another shard's.
    Skipped,
}

/// A path named: its execution's name, its group (one caller short) and its scenario before
/// redaction.
struct NewPath {
    name: String,
    group: PathGroup,
    scenario: Value,
}

/// What workers share to replay documents: the flows, the fixtures, and the paths the grouping
/// has (keys to their groups; the grouping adds to it, in file order).
struct Replaying<'a, 'r> {
    registry: &'r Registry,
    fixtures: &'a FixtureStore,
    config: &'a ReplayConfig,
    known: &'a RwLock<FxHashMap<PathKey, usize>>,
}

impl Replaying<'_, '_> {
    /// Replays `r`; a path the grouping already has is given by its key alone. A path it has
    /// not yet is named (its steps and ending in text, its scenario): the grouping takes the
    /// one of the first execution in file order, so the report is the same whichever worker
    /// ran first.
    fn take(&self, p: Parsed) -> Taken {
        let Parsed { file, index, typed } = p;
        let (name, kept) =
            match replayable(&file, index, typed.doc, self.registry, self.fixtures, self.config) {
                Replayable::Yes { name, kept } => (name, kept),
                Replayable::Diverged(name) => return Taken::Diverged(name),
                Replayable::Invalid(why) => return Taken::Invalid(why),
            };
        let super::Kept { flow, rebuilt, result } = *kept;
        let key: PathKey = result.trace.iter().map(|s| (s.flow, s.node, s.edge)).collect();
        if self.known.read().is_ok_and(|k| k.contains_key(&key)) {
            return Taken::Known(key, name);
        }
        let registry = self.registry;
        let group = PathGroup {
            flow: registry.flow(flow).name.to_string(),
            callers: 0,
            executions: Vec::new(),
            steps: result.trace.iter().map(|s| step(&result, s)).collect(),
            ending: ending(&result),
            uncovered: Vec::new(),
            scenario: None,
            not_written: None,
            places: Vec::new(),
        };
        let scenario = scenario_json(registry, flow, &rebuilt, &name);
        Taken::New(key, Box::new(NewPath { name, group, scenario }))
    }
}

/// The replayed executions so far, taken in file order: their paths' groups (each with its
/// scenario before redaction), and the diverged and invalid ones in the report.
struct Grouping<'a> {
    sharded: bool,
    known: &'a RwLock<FxHashMap<PathKey, usize>>,
    groups: IndexMap<Vec<String>, (PathGroup, Value)>,
    report: &'a mut TrafficReport,
}

impl Grouping<'_> {
    /// Files the replay of the execution at place `here` of the whole run under its path, or
    /// as diverged or invalid.
    fn take(&mut self, here: usize, taken: Taken) {
        let (at, name) = match taken {
            Taken::Skipped => return,
            Taken::Diverged(name) => {
                self.report.diverged.push(name);
                if self.sharded {
                    self.report.diverged_places.push(here);
                }
                return;
            }
            Taken::Invalid(why) => {
                self.report.invalid.push(why);
                if self.sharded {
                    self.report.invalid_places.push(here);
                }
                return;
            }
            Taken::Known(key, name) => {
                // A worker says `Known` only of a key this grouping added, and none is removed.
                let Some(at) = self.known.read().ok().and_then(|k| k.get(&key).copied()) else {
                    return;
                };
                (at, name)
            }
            Taken::New(key, new) => {
                let NewPath { name, group, scenario } = *new;
                let had = self.known.read().ok().and_then(|k| k.get(&key).copied());
                let at = had.unwrap_or_else(|| {
                    let at = match self.groups.get_index_of(&group.steps) {
                        Some(at) => at,
                        None => self.groups.insert_full(group.steps.clone(), (group, scenario)).0,
                    };
                    if let Ok(mut k) = self.known.write() {
                        k.insert(key, at);
                    }
                    at
                });
                (at, name)
            }
        };
        let entry = &mut self.groups[at].0;
        entry.callers += 1;
        entry.executions.push(name);
        if self.sharded {
            entry.places.push(here);
        }
    }
}

/// Orders paths by callers (most first; equal ones keep their order: first seen) and names
/// each one's scenario by its rank.
fn rank(paths: &mut [PathGroup]) {
    paths.sort_by_key(|p| std::cmp::Reverse(p.callers));
    for (k, p) in paths.iter_mut().enumerate() {
        let name = format!(
            "production path {}: {} caller{} ({})",
            k + 1,
            p.callers,
            if p.callers == 1 { "" } else { "s" },
            p.ending
        );
        if let Some(s) = &mut p.scenario {
            s["name"] = json!(name);
        }
    }
}

/// The steps no scenario takes, with the callers of the paths that take them, most first
/// (equal ones in the order the ranked paths first take them).
fn uncovered_steps(paths: &[PathGroup]) -> Vec<(String, usize)> {
    let mut by_step: IndexMap<String, usize> = IndexMap::new();
    for p in paths {
        for s in &p.uncovered {
            *by_step.entry(s.clone()).or_insert(0) += p.callers;
        }
    }
    let mut ranked: Vec<(String, usize)> = by_step.into_iter().collect();
    ranked.sort_by_key(|r| std::cmp::Reverse(r.1));
    ranked
}

/// An execution on a path: its place in the whole run, and its name.
type Caller = (usize, String);

/// The report of the whole run from its shards' reports (checked by `shard::check`, in the
/// headers' order): executions, diverged and invalid ones placed by their places; each path's
/// scenario, ending and coverage from the shard that saw its first caller; paths ranked and
/// named again.
pub fn merge(parts: Vec<TrafficReport>, whole: Shard) -> TrafficReport {
    let mut report = TrafficReport { shard: whole, ..TrafficReport::default() };
    let mut diverged: Vec<(usize, String)> = Vec::new();
    let mut invalid: Vec<(usize, String)> = Vec::new();
    // Each path by its steps: the group of the shard with its first caller, and every caller.
    let mut groups: IndexMap<Vec<String>, (PathGroup, Vec<Caller>)> = IndexMap::new();
    for part in parts {
        report.executions = part.executions;
        report.suite = part.suite;
        diverged.extend(part.diverged_places.into_iter().zip(part.diverged));
        invalid.extend(part.invalid_places.into_iter().zip(part.invalid));
        for mut g in part.paths {
            let callers: Vec<(usize, String)> = std::mem::take(&mut g.places)
                .into_iter()
                .zip(std::mem::take(&mut g.executions))
                .collect();
            let first = callers.first().map_or(usize::MAX, |c| c.0);
            match groups.get_mut(&g.steps) {
                Some((kept, all)) => {
                    if first < all.iter().map(|c| c.0).min().unwrap_or(usize::MAX) {
                        *kept = g;
                    }
                    all.extend(callers);
                }
                None => {
                    groups.insert(g.steps.clone(), (g, callers));
                }
            }
        }
    }
    diverged.sort_unstable_by_key(|d| d.0);
    invalid.sort_unstable_by_key(|d| d.0);
    report.diverged = diverged.into_iter().map(|d| d.1).collect();
    report.invalid = invalid.into_iter().map(|d| d.1).collect();
    let mut paths: Vec<(usize, PathGroup)> = groups
        .into_values()
        .map(|(mut g, mut callers)| {
            callers.sort_unstable_by_key(|c| c.0);
            g.callers = callers.len();
            let first = callers.first().map_or(usize::MAX, |c| c.0);
            g.executions = callers.into_iter().map(|c| c.1).collect();
            (first, g)
        })
        .collect();
    // First seen in the whole run, then ranked as a whole run ranks them.
    paths.sort_unstable_by_key(|p| p.0);
    report.paths = paths.into_iter().map(|p| p.1).collect();
    rank(&mut report.paths);
    if report.suite {
        report.uncovered_steps = uncovered_steps(&report.paths);
    }
    report
}

/// Each recording that replays as recorded against `registry`, handed to `each` in file order
/// as a run request with the fixtures its recording implies (data action answers, table rows,
/// schedule states): `(name, request, fixtures)`. One recording is held at a time: memory is the
/// largest recording's, never the file's. What cannot be used comes back as sentences: a
/// recording that diverges from these flows, or cannot be read.
///
/// # Errors
/// Recordings that cannot be read ([`Recordings::each`]).
pub fn each_case(
    recorded: &Recordings,
    registry: &Registry,
    fixtures: &FixtureStore,
    each: &mut dyn FnMut(String, crate::engine::RunRequest, FixtureStore),
) -> Result<Vec<String>, RecordingsError> {
    let config = ReplayConfig::default();
    let mut skipped = Vec::new();
    recorded.each(&mut |r| match replayable(
        &r.file,
        r.index,
        super::doc::parse_owned(r.document),
        registry,
        fixtures,
        &config,
    ) {
        Replayable::Yes { name, kept } => {
            let rebuilt = kept.rebuilt;
            each(format!("execution {name}"), rebuilt.request, rebuilt.fixtures.into_owned());
        }
        Replayable::Diverged(name) => {
            skipped.push(format!("{name}: the recording diverges from these flows"));
        }
        Replayable::Invalid(why) => skipped.push(why),
    })?;
    Ok(skipped)
}

/// What one recording gives against today's flows.
enum Replayable<'r, 'f> {
    /// It replays as recorded: its name, and what its replay ran (the local flow, the request
    /// and fixtures that run it again, and the run).
    Yes { name: String, kept: Box<super::Kept<'r, 'f>> },
    /// It replays, but takes another path than recorded (its name).
    Diverged(String),
    /// It cannot be replayed: where, and why.
    Invalid(String),
}

/// Replays the document at `file` #`index` (`parsed`: read already; `config` maps nothing),
/// keeping what the replay ran when it matches.
fn replayable<'r, 'f>(
    file: &Path,
    index: usize,
    parsed: Result<super::ExecutionDoc, super::DocError>,
    registry: &'r Registry,
    fixtures: &'f FixtureStore,
    config: &ReplayConfig,
) -> Replayable<'r, 'f> {
    let label = || format!("{} #{index}", file.display());
    let mut used = Vec::new();
    let mut kept = None;
    let replayed =
        super::replay_parsed(file, index, parsed, registry, fixtures, config, &mut used, &mut kept);
    let name = || replayed.name.clone().unwrap_or_else(label);
    match (replayed.outcome, kept) {
        (Outcome::Matched, Some(kept)) => Replayable::Yes { name: name(), kept: Box::new(kept) },
        (Outcome::Diverged, _) => Replayable::Diverged(name()),
        _ => Replayable::Invalid(format!("{}: {}", label(), replayed.message.unwrap_or_default())),
    }
}

fn status_of(ending: &str) -> &str {
    ending.split(' ').next().unwrap_or(ending)
}

/// The scenario of one execution, before redaction: its flow, the rebuilt context, inputs and
/// variables, and the recording's data action answers as mocks.
fn scenario_json(
    registry: &Registry,
    flow: FlowIdx,
    rebuilt: &rebuild::Rebuilt<'_>,
    execution: &str,
) -> Value {
    let request = serde_json::to_value(&rebuilt.request).unwrap_or_default();
    let local = registry.flow(flow);
    let mut s = json!({"name": execution, "flow": &*local.name, "tags": ["production"]});
    // A name flows of several types share needs the type to name one flow.
    if registry.named(&local.name).len() > 1 {
        s["flowType"] = json!(&*local.flow_type);
    }
    for key in ["context", "inputs", "variables"] {
        if let Some(v) = request.get(key).filter(|v| !is_empty(v)) {
            s[key] = v.clone();
        }
    }
    if !rebuilt.mocks.is_null() {
        s["mocks"] = rebuilt.mocks.clone();
    }
    s
}

fn is_empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Object(m) => m.values().all(is_empty),
        Value::Array(a) => a.is_empty(),
        _ => false,
    }
}

/// Runs a written scenario (fixtures plus its mocks) and returns its path when it takes
/// `steps`; else why not.
fn check(
    scenario: &Value,
    registry: &Registry,
    fixtures: &FixtureStore,
    steps: &[String],
) -> Result<(Vec<String>, Vec<String>), String> {
    let parsed: Scenario = serde_json::from_value(scenario.clone())
        .map_err(|e| format!("the scenario does not read back: {e}"))?;
    let mut store = fixtures.clone();
    if let Some(mocks) = &parsed.mocks {
        store.merge_json(Path::new("(production traffic)"), mocks).map_err(|e| {
            format!(
                "its recorded answers are not valid mocks: {}",
                e.first().map(ToString::to_string).unwrap_or_default()
            )
        })?;
    }
    let r = engine::Run::new(registry, &store, &parsed.request())
        .result()
        .map_err(|e| format!("it cannot run: {e}"))?;
    let got: Vec<String> = r.trace.iter().map(|s| step(&r, s)).collect();
    if got != steps {
        let at =
            got.iter().zip(steps).position(|(a, b)| a != b).unwrap_or(got.len().min(steps.len()));
        return Err(format!(
            "without the recording's schedule and data table answers (or once redacted) it takes another path from step {}: {}",
            at + 1,
            got.get(at).map_or("(the run ends)", String::as_str)
        ));
    }
    let mut missing: Vec<String> =
        r.warnings.iter().filter_map(|w| Some(w.missing.as_ref()?.label())).collect();
    missing.dedup();
    Ok((r.path().into_iter().map(str::to_owned).collect(), missing))
}
