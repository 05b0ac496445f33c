//! `flowsim run`: one run of a flow, its result as text, JSON or a stream of steps
//! (`flowsim docs traces`); and the request `run` and `debug` build from their flags.

use super::{
    decisions, flows, load_stubbed_fixtures, project, render, spool, stdout_failed, stream_stdout,
    write_stderr, Refused, StdoutSink,
};
use crate::cli::report::{self, Accepted, Accepts, Format, Json, Report, Text};
use flowsim::diag::Code;
use flowsim::engine::{self, InputEntry, RunRequest};
use flowsim::flow::Version;
use flowsim::util::Cut;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args)]
pub(crate) struct RunArgs {
    #[command(flatten)]
    pub(crate) req: RequestArgs,
    /// `text` for people (default), `json` for machines (the result on one line), `json-pretty`
    /// for people reading JSON, `ndjson` for long runs: a line per step as the run finishes it,
    /// then a line with the run's summary, in memory that does not grow with the steps
    /// (`flowsim docs traces`).
    #[arg(long, value_parser = RUN_FORMATS, default_value = "text")]
    pub(crate) format: Format,
    #[command(flatten)]
    pub(crate) decisions: decisions::DecisionArgs,
}

/// What `run` and `debug` share: the flows, fixtures and the run request.
#[derive(clap::Args)]
pub(crate) struct RequestArgs {
    /// The flow to run: a name or id in the registry (or the request's flowId / flowName).
    pub(crate) flow: Option<String>,
    #[command(flatten)]
    pub(crate) source: flows::FlowSource,
    /// The flow's type (`inboundCall`, `outboundCall`...), to choose among flows of different
    /// types that share its name (or the request's flowType).
    #[arg(long, value_name = "TYPE")]
    pub(crate) flow_type: Option<String>,
    /// Fixture files: contacts, queues, data-action mocks (JSON or YAML), or a directory of
    /// them. Repeatable; later files override earlier ones.
    #[arg(long = "fixtures", value_name = "FILE|DIR")]
    pub(crate) fixtures: Vec<PathBuf>,
    /// A run request: a JSON file shaped like the cloud's flow simulation payload (flow, inputs,
    /// context, variables; see fixtures/requests/). Flags override its fields.
    #[arg(long, value_name = "FILE")]
    pub(crate) request: Option<PathBuf>,
    /// An input, in order: digits (`12#`), `timeout`, `DIGITS@SECONDS` for a delayed answer;
    /// for bots and digital flows a turn `say:TEXT`, a pinned `intent:NAME`, a turn giving an
    /// AI-powered slot's value `slot:NAME=VALUE`, a turn a knowledge article answers
    /// `knowledge:ANSWER`, or `noMatch`. Repeatable; replaces the request's inputs.
    #[arg(long = "input", value_name = "INPUT")]
    pub(crate) inputs: Vec<String>,
    /// The inbound message that starts a message, chat or email flow (its body).
    #[arg(long, value_name = "TEXT")]
    pub(crate) message: Option<String>,
    /// A context field: from, to, channel, conversationId, mediaType, startTime,
    /// attributes.NAME, or sipHeaders.NAME. Repeatable.
    #[arg(long = "context", value_name = "KEY=VALUE")]
    pub(crate) context: Vec<String>,
    /// A preset variable. VALUE is read as JSON when it parses (`3`, `true`, `"01"`), else as text.
    #[arg(long = "var", value_name = "NAME=VALUE")]
    pub(crate) vars: Vec<String>,
    /// Start at this action (or node) of the flow instead of its start: its id, `Task/Action`
    /// in Archy YAML (as the trace's `nodeId` shows it), the action's GUID in an export, the
    /// node's key in a JSON flow.
    #[arg(long, value_name = "ID")]
    pub(crate) start_node: Option<String>,
    /// Stop the run when its virtual time passes N milliseconds.
    #[arg(long, value_name = "N")]
    pub(crate) timeout_ms: Option<u64>,
    /// Stop the run after N node executions (default 10000; 50000 for an Architect flow).
    #[arg(long, value_name = "N")]
    pub(crate) max_steps: Option<u64>,
    /// The seed of the run's random numbers (`Random`, `RandomInt`; default 0): the same seed
    /// gives the same numbers, another seed others.
    #[arg(long, value_name = "N")]
    pub(crate) seed: Option<u64>,
    /// The run's work budget: bytes its expressions may build or read (default 1073741824;
    /// `flowsim docs budgets`).
    #[arg(long, value_name = "N")]
    pub(crate) max_work: Option<u64>,
    /// The run's live-bytes budget: bytes its variables may hold (default 268435456).
    #[arg(long, value_name = "N")]
    pub(crate) max_live_bytes: Option<u64>,
    /// The run's trace budget: bytes its trace may keep (default 268435456).
    #[arg(long, value_name = "N")]
    pub(crate) max_trace_bytes: Option<u64>,
    /// Run the published version of each flow instead of the draft.
    #[arg(long)]
    pub(crate) published: bool,
}

impl RequestArgs {
    /// What the project gives that the command line did not (flowsim.toml).
    pub(crate) fn fill_from(&mut self, project: &project::Project) {
        self.source.fill_from(project);
        self.source.add_named_file(self.flow.as_deref());
        if self.fixtures.is_empty() {
            self.fixtures.clone_from(&project.fixtures);
        }
    }
}

/// What `run --format` writes.
const RUN_FORMATS: Accepts = Accepts(&[
    Accepted { format: Format::Text, name: "text", aliases: &["human"], help: None },
    Accepted::plain(Format::Json, "json"),
    Accepted::plain(Format::JsonPretty, "json-pretty"),
    Accepted::plain(Format::Ndjson, "ndjson"),
]);

pub(crate) fn split_pair<'a>(text: &'a str, flag: &str) -> Result<(&'a str, &'a str), Refused> {
    text.split_once('=').filter(|(k, _)| !k.trim().is_empty()).ok_or_else(|| {
        let example = if flag == "--var" { "Flow.tier=gold" } else { "from=+15551234567" };
        Refused::error(Code::BadArgument, format!("`{flag} {text}` is not KEY=VALUE"))
            .help(format!("write it like `{flag} {example}`"))
    })
}

/// `--input TEXT`: the debugger's session core reads it (`flowsim_dap::session::parse_input`,
/// which the editor's REPL reads too); the flag's words for what does not read.
pub(crate) fn parse_input_flag(text: &str) -> Result<InputEntry, Refused> {
    use flowsim_dap::session::InputError;
    flowsim_dap::session::parse_input(text).map_err(|e| match e {
        InputError::Slot => {
            Refused::error(Code::BadArgument, format!("`--input {text}` is not slot:NAME=VALUE"))
                .help("write it like `--input slot:Email=ann@example.com`")
        }
        InputError::Seconds(secs) => Refused::error(
            Code::BadArgument,
            format!("`--input {text}`: `{secs}` is not a number of seconds"),
        )
        .help("write a delayed answer as DIGITS@SECONDS, e.g. `--input 1@2.5`"),
    })
}

fn read_request(path: &Path) -> Result<RunRequest, Refused> {
    let text = flowsim::util::read_text(path, flowsim::util::MAX_INPUT_BYTES)
        .map_err(|e| Refused::unreadable(path, "the --request file", &e))?;
    serde_json::from_str(&text).map_err(|e| {
        Refused::of_json(Code::BadRequest, "the request is not a valid run request", &e)
            .file(path)
            .help("see `flowsim docs results`: {\"flowName\": ..., \"context\": {\"from\": ...}, \"inputs\": [...]}")
    })
}

/// A request the engine refused, naming the `--request` file it came from, if any.
pub(crate) fn refuse_request(e: &engine::RequestError, file: Option<&Path>) -> Refused {
    let refused = Refused::error(e.code(), e.to_string()).help(e.help());
    match file {
        Some(f) => refused.file(f),
        None => refused,
    }
}

/// A request that names no flow runs the only flow loaded (`flowsim run --flows ivr.yaml`); one
/// that names a flow file (`flowsim run flows/ivr.yaml`) runs the flow it defines.
pub(crate) fn name_the_only_flow(
    request: &mut RunRequest,
    registry: &flowsim::flow::Registry,
    source: &flows::FlowSource,
    command: &str,
) -> Result<(), Refused> {
    if let Some(named) = request.flow_name.as_deref() {
        if let Some(found) = source.flow_in_file(registry, named, request.flow_type.as_deref()) {
            request.flow_id = Some(registry.flow(found?).id.to_string());
            request.flow_name = None;
        }
    }
    if request.flow_id.is_none() && request.flow_name.is_none() {
        request.flow_name = Some(flows::which_flow(registry, None, command)?);
    }
    Ok(())
}

pub(crate) fn build_request(args: &RequestArgs) -> Result<RunRequest, Refused> {
    let mut req = match &args.request {
        Some(path) => read_request(path)?,
        None => RunRequest::default(),
    };
    if let Some(flow) = &args.flow {
        req.flow_id = None;
        req.flow_name = Some(flow.clone());
    }
    if let Some(t) = &args.flow_type {
        req.flow_type = Some(t.clone());
    }
    if !args.inputs.is_empty() {
        req.inputs = args.inputs.iter().map(|i| parse_input_flag(i)).collect::<Result<_, _>>()?;
    }
    if let Some(m) = &args.message {
        req.message = Some(engine::InboundMessage::Body(m.clone()));
    }
    for pair in &args.context {
        let (key, value) = split_pair(pair, "--context")?;
        let c = &mut req.context;
        let value = value.to_owned();
        match key.to_ascii_lowercase().as_str() {
            "from" | "ani" => c.from = Some(value),
            "to" | "calledaddress" => c.to = Some(value),
            "channel" => c.channel = Some(value),
            "conversationid" => c.conversation_id = Some(value),
            "mediatype" => c.media_type = Some(value),
            "starttime" => c.start_time = Some(value),
            k if k.starts_with("attributes.") && key.len() > "attributes.".len() => {
                c.attributes.insert(key.cut("attributes.".len()..).to_owned(), serde_json::Value::String(value));
            }
            k if k.starts_with("sipheaders.") && key.len() > "sipHeaders.".len() => {
                c.sip_headers.insert(key.cut("sipHeaders.".len()..).to_owned(), value);
            }
            _ => {
                return Err(Refused::error(
                    Code::BadArgument,
                    format!("`--context {pair}`: unknown context field `{key}`"),
                )
                .help("one of from, to, channel, conversationId, mediaType, startTime, attributes.NAME, sipHeaders.NAME"))
            }
        }
    }
    for pair in &args.vars {
        let (name, value) = split_pair(pair, "--var")?;
        let json = serde_json::from_str(value)
            .unwrap_or_else(|_| serde_json::Value::String(value.to_owned()));
        req.variables.insert(name.to_owned(), json);
    }
    if let Some(n) = &args.start_node {
        req.node_id = Some(n.clone());
    }
    if let Some(t) = args.timeout_ms {
        req.timeout = Some(t);
    }
    if let Some(m) = args.max_steps {
        req.max_steps = Some(m);
    }
    if let Some(s) = args.seed {
        req.seed = Some(s);
    }
    req.budgets.work = args.max_work.or(req.budgets.work);
    req.budgets.live_bytes = args.max_live_bytes.or(req.budgets.live_bytes);
    req.budgets.trace_bytes = args.max_trace_bytes.or(req.budgets.trace_bytes);
    if args.published {
        req.version = Some(Version::Published);
    }
    Ok(req)
}

pub(crate) fn run(args: &RunArgs) -> Result<ExitCode, Refused> {
    let mut request = build_request(&args.req)?;
    args.decisions.validate()?;
    let registry = args.req.source.registry()?;
    name_the_only_flow(&mut request, &registry, &args.req.source, "run")?;
    let fixtures = load_stubbed_fixtures(&args.req.fixtures, &registry)?;
    if args.format == Format::Ndjson {
        return run_streamed(args, &request, &registry, &fixtures);
    }
    if args.format == Format::Json && !args.decisions.wanted() {
        return run_json(args, &request, &registry, &fixtures);
    }
    let mut log = args.decisions.wanted().then(|| flowsim::decisions::Log::new(""));
    let run = match &mut log {
        Some(log) => {
            engine::Run::new(&registry, &fixtures, &request).observer(log).go().map(|o| o.result)
        }
        None => engine::Run::new(&registry, &fixtures, &request).result(),
    };
    let result = run.map_err(|e| refuse_request(&e, args.req.request.as_deref()))?;
    report::emit(&Ran(&result), args.format);
    if let Some(log) = log {
        // The run's instance: the conversation id it was given, else the flow's name.
        let instance = request
            .context
            .conversation_id
            .clone()
            .unwrap_or_else(|| format!("{}/run", result.flow_name(result.flow)));
        let mut decisions = log.into_decisions();
        for d in &mut decisions {
            d.flow_instance_id.clone_from(&instance);
        }
        let mut note = String::new();
        let ok = args.decisions.emit(&decisions, &mut note);
        write_stderr(&note);
        if !ok? {
            return Ok(ExitCode::from(1));
        }
    }
    // The process ends here: a million-step result is left to the exit, not freed value by
    // value.
    std::mem::forget(result);
    Ok(ExitCode::SUCCESS)
}

/// `run`'s report of a finished run: its text trace, its compact JSON (which `run_json`
/// writes as the run goes when no decision log needs the whole trace) or indented JSON.
/// `ndjson` is no form of a finished run: `run_streamed` writes each step as the run makes it.
struct Ran<'a, 'r>(&'a engine::RunResult<'r>);

impl Report for Ran<'_, '_> {
    const FORMS: &'static [Format] = &[Format::Text, Format::Json, Format::JsonPretty];

    fn exit_code(&self) -> ExitCode {
        ExitCode::SUCCESS
    }

    fn text(&self) -> Option<Text<'_>> {
        Some(Text::Streamed(Box::new(|mut out| render::write_run_text(&mut out, self.0))))
    }

    fn json(&self) -> Option<Json<'_>> {
        Some(Json::Written(Box::new(|mut out| self.0.write_json(&mut out))))
    }

    fn json_pretty(&self) -> Option<Json<'_>> {
        Some(Json::pretty(self.0))
    }
}

/// `run --format json` (without a decision log, which is made from the whole trace): the
/// trace written as the run goes, in order, to a spool (`spool.rs`), then the result around it
/// (`engine::result::json_trace`): the bytes of the result written whole, in memory that does
/// not grow with the steps.
fn run_json(
    args: &RunArgs,
    request: &engine::RunRequest,
    registry: &flowsim::flow::Registry,
    fixtures: &flowsim::fixtures::FixtureStore,
) -> Result<ExitCode, Refused> {
    use engine::result::json_trace::JsonTrace;
    std::thread::scope(|scope| {
        // The text made on a second thread while the run goes on.
        let memory =
            super::count_from_env(spool::MEMORY_VAR, spool::IN_MEMORY, "bytes", "16777216")?;
        let spool = spool::Spool::keeping(usize::try_from(memory).unwrap_or(usize::MAX));
        let mut trace = JsonTrace::on_thread(scope, registry, spool);
        let finished = engine::Run::new(registry, fixtures, request)
            .observer(&mut trace)
            .go()
            .map_err(|e| refuse_request(&e, args.req.request.as_deref()))?;
        let engine::Finished { result, write_error, .. } = finished;
        if let Some(e) = write_error {
            return Err(unspooled(&e));
        }
        stream_stdout(|out| trace.finish(&result, out));
        // As `run`: the result is left to the exit.
        std::mem::forget(result);
        Ok(ExitCode::SUCCESS)
    })
}

/// Why `run --format json` could not keep its trace: the temporary directory is not writable or
/// full.
fn unspooled(e: &std::io::Error) -> Refused {
    Refused::error(Code::CannotWrite, format!("cannot keep the run's trace in a temporary file: {e}"))
        .help("the JSON result opens with the run's status, known once the run ended, so a long trace waits in a temporary file: give a writable temporary directory with room for it (TMPDIR), or use `--format ndjson`, which writes each step as it finishes")
}

/// `run --format ndjson`: steps written to standard output as the run finishes them, then the
/// summary line (docs/traces.md).
fn run_streamed(
    args: &RunArgs,
    request: &engine::RunRequest,
    registry: &flowsim::flow::Registry,
    fixtures: &flowsim::fixtures::FixtureStore,
) -> Result<ExitCode, Refused> {
    if args.decisions.wanted() {
        return Err(Refused::error(
            Code::BadArgument,
            "`--format ndjson` does not keep the trace a decision log is made from",
        )
        .help("use `--format json` (or `text`) with --decision-log and --decision-log-url"));
    }
    let mut sink = engine::result::ndjson::Ndjson::new(StdoutSink::new());
    let streamed = engine::Run::new(registry, fixtures, request)
        .stream(&mut sink)
        .go()
        .map_err(|e| refuse_request(&e, args.req.request.as_deref()))?;
    let engine::Finished { result, write_error, .. } = streamed;
    match write_error {
        Some(e) => stdout_failed(Err(e)),
        None => stdout_failed(sink.finish(&result).map(drop)),
    }
    std::mem::forget(result);
    Ok(ExitCode::SUCCESS)
}
