//! `flowsim record`: call the live simulation API and write what it answers into a cassette;
//! or record flow execution data (`--execution-data`, `--workflow`), or the org's inventory
//! (`--org`, all or nothing: nothing is written unless every listing is complete).
//!
//! Exit codes: 0 done; 1 the recording is incomplete for a reason outside the input (the API
//! kept failing: 5xx, 429 or timeouts past the retries; or `--mode none` found interactions
//! missing); 2 bad input or set-up (unreadable request or scenario files, no credentials, the
//! API refused a request (400, 404), the credentials (401) or a scope (403)). What was recorded
//! before a failure is kept.

use super::report::{self, Format, Text, TextJson};
use super::Refused;
use flowsim::api::client::record::{Item, ItemOutcome, Mode, Recorder, Report, Source};
use flowsim::api::client::{default_token_url, Client, ClientConfig, Credentials, RetryPolicy};
use flowsim::diag::{Code, Diagnostic};
use flowsim::engine::RunRequest;
use flowsim::harness::scenario::ScenarioFile;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

/// Overrides the first backoff delay, in ms (tests make it tiny).
const ENV_RETRY_BASE_MS: &str = "FLOWSIM_RETRY_BASE_MS";
/// Overrides the per-exchange timeout, in ms.
const ENV_HTTP_TIMEOUT_MS: &str = "FLOWSIM_HTTP_TIMEOUT_MS";

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ModeArg {
    /// Record only when the cassette does not exist (default).
    Once,
    /// Record only the requests the cassette lacks.
    New,
    /// Record everything again.
    All,
    /// Never touch the network; fail when the cassette lacks a request (for CI).
    None,
}

#[derive(clap::Args)]
pub struct Args {
    /// The API, e.g. https://api.mypurecloud.com or the emulator's http://127.0.0.1:PORT.
    /// Not needed with --mode none.
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
    /// Where /oauth/token lives. Default: the region's login host for a cloud API host
    /// (api.mypurecloud.com → login.mypurecloud.com), else the base URL itself.
    #[arg(long, value_name = "URL")]
    token_url: Option<String>,
    /// The cassette to write (JSON).
    #[arg(long, value_name = "CASSETTE")]
    out: PathBuf,
    /// Run request files (JSON shaped like the cloud's flow simulation payload; see
    /// fixtures/requests/) to record, in order.
    #[arg(long = "request", value_name = "FILE", num_args = 1.., required_unless_present_any = ["scenarios", "execution_data", "workflow", "org"], conflicts_with = "scenarios")]
    requests: Vec<PathBuf>,
    /// Scenario files (or directories of them): each scenario becomes a simulation request.
    #[arg(long, value_name = "FILE", num_args = 1..)]
    scenarios: Vec<PathBuf>,
    /// VCR's record modes.
    #[arg(long, value_enum, default_value = "once")]
    mode: ModeArg,
    /// A JSON path redacted at record time (its value becomes "REDACTED"), e.g.
    /// /body/context/from (request and response) or /response/body/variables/Flow.email.
    /// Repeatable; kept in the cassette for later recordings.
    #[arg(long = "redact", value_name = "JSON_PATH")]
    redact: Vec<String>,
    #[arg(long, value_parser = report::TEXT_JSON, default_value = "text")]
    pub(crate) format: Format,
    #[command(flatten)]
    executions: ExecutionArgs,
    #[command(flatten)]
    org: OrgArgs,
    /// The first retry backoff in ms (also FLOWSIM_RETRY_BASE_MS); for tests.
    #[arg(long, hide = true, value_name = "MS")]
    retry_base_ms: Option<u64>,
    /// The longest one HTTP exchange may take, in ms (also FLOWSIM_HTTP_TIMEOUT_MS).
    #[arg(long, hide = true, value_name = "MS")]
    http_timeout_ms: Option<u64>,
}

/// Recording flow execution data (what real calls, chats and workflows did) instead of
/// simulations: docs/replay.md.
#[derive(clap::Args)]
struct ExecutionArgs {
    /// Record flow execution data: query the executions (--flow, --since, --until,
    /// --conversation, --output-path), download them, and fetch each flow version's
    /// configuration. Phone numbers, emails and names are redacted with stable tokens.
    #[arg(long, conflicts_with_all = ["requests", "scenarios"])]
    execution_data: bool,
    /// Only executions of this flow (its id). Repeatable: any of them.
    #[arg(long = "flow", value_name = "FLOW_ID", requires = "execution_data")]
    flows: Vec<String>,
    /// Only executions that started at or after this time (RFC 3339).
    #[arg(long, value_name = "TIME", requires = "execution_data")]
    since: Option<String>,
    /// Only executions that started before this time (RFC 3339).
    #[arg(long, value_name = "TIME", requires = "execution_data")]
    until: Option<String>,
    /// Only the executions of this conversation.
    #[arg(long, value_name = "ID", requires = "execution_data")]
    conversation: Option<String>,
    /// Only executions in which an action took this output path (`__FAILURE__`, a case id).
    #[arg(long, value_name = "ID", requires = "execution_data")]
    output_path: Option<String>,
    /// At most this many executions (1 to 200, the cloud's page).
    #[arg(long, value_name = "N", default_value_t = 200, value_parser = clap::value_parser!(u16).range(1..=200))]
    max: u16,
    /// Launch this workflow (its flow id) and record its execution data.
    #[arg(long, value_name = "FLOW_ID", conflicts_with_all = ["requests", "scenarios", "execution_data"])]
    workflow: Option<String>,
    /// The workflow's inputData: a JSON file holding an object.
    #[arg(long, value_name = "FILE", requires = "workflow")]
    input_data: Option<PathBuf>,
    /// Write each recorded flow version's configuration into this directory (replay against
    /// the recorded version with --flows DIR).
    #[arg(long, value_name = "DIR")]
    flows_out: Option<PathBuf>,
    /// Keep phone numbers, emails and names as recorded (they are redacted by default).
    #[arg(long)]
    keep_pii: bool,
    /// The key of the redaction tokens (also FLOWSIM_REDACTION_KEY): the same key gives the
    /// same tokens. Keep it out of the cassette's repository.
    #[arg(long, value_name = "KEY")]
    redaction_key: Option<String>,
}

/// Recording the org's inventory, for an org manifest: docs/org.md.
#[derive(clap::Args)]
struct OrgArgs {
    /// Record the org's inventory (queues, users, groups, flows, schedules, data actions with
    /// their contracts, data tables with their columns, prompts with their languages...): every
    /// page of each listing. `flowsim org --cassette` makes the manifest of it.
    #[arg(long = "org", conflicts_with_all = ["requests", "scenarios", "execution_data", "workflow", "mode"])]
    org: bool,
    /// Only these manifest sections, comma-separated (default: every one): queues, users,
    /// groups, flows, schedules, scheduleGroups, emergencyGroups, wrapupCodes, languages,
    /// skills, utilizationLabels, flowOutcomes, flowMilestones, integrations, dataActions,
    /// dataTables, prompts.
    #[arg(long, value_name = "SECTIONS", value_delimiter = ',', requires = "org")]
    kinds: Vec<String>,
    /// Entities per page asked for (1 to 500).
    #[arg(long, value_name = "N", default_value_t = 100, value_parser = clap::value_parser!(u16).range(1..=500))]
    page_size: u16,
    /// The most pages one listing may take; a longer one stops the recording.
    #[arg(long, value_name = "N", default_value_t = 1000, value_parser = clap::value_parser!(u32).range(1..))]
    max_pages: u32,
}

fn env_ms(flag: Option<u64>, var: &str, default: u64) -> Result<u64, Refused> {
    if let Some(v) = flag {
        return Ok(v);
    }
    match std::env::var(var) {
        Ok(text) => text.trim().parse().map_err(|_| {
            Refused::error(
                Code::BadArgument,
                format!("{var}={text} is not a number of milliseconds"),
            )
        }),
        Err(_) => Ok(default),
    }
}

fn read_request_file(path: &Path) -> Result<Source, Refused> {
    let text = flowsim::util::files::read_text(path, flowsim::util::files::MAX_INPUT_BYTES)
        .map_err(|e| Refused::unreadable(path, "the request file", &e))?;
    let bad = |e: &serde_json::Error| {
        Refused::of_json(Code::BadRequest, "the request is not a valid run request", e)
            .file(path)
            .help("see `flowsim docs results`: {\"flowId\" or \"flowName\": ..., \"context\": {\"from\": ...}, \"nodeId\": ..., \"timeout\": ...}")
    };
    let body: serde_json::Value = serde_json::from_str(&text).map_err(|e| bad(&e))?;
    serde_json::from_str::<RunRequest>(&text).map_err(|e| bad(&e))?;
    let name = path
        .file_stem()
        .map_or_else(|| path.display().to_string(), |s| s.to_string_lossy().into_owned());
    Ok(Source { name, origin: path.display().to_string(), body })
}

fn scenario_sources(paths: &[PathBuf]) -> Result<Vec<Source>, Refused> {
    let files = super::scenario_files(paths)?;
    let mut out = Vec::new();
    let mut mocks = false;
    for file in files {
        let parsed = ScenarioFile::load(&file).map_err(|e| {
            Refused::error(Code::ScenarioFile, e.message)
                .file(e.file)
                .at_known(e.line, e.column)
                .help(e.help)
        })?;
        mocks |= parsed.mocks.is_some();
        for s in &parsed.scenarios {
            mocks |= s.mocks.is_some();
            let body = serde_json::to_value(s.request()).unwrap_or_default();
            out.push(Source {
                name: s.name.clone(),
                origin: format!("{} › {}", file.display(), s.name),
                body,
            });
        }
    }
    if mocks {
        say!("note: scenario mocks are not sent: the cloud answers from its own data");
    }
    Ok(out)
}

/// `url` without its `user:password@`, with a note (that names the flag, not the credentials)
/// when there was one.
fn without_userinfo(url: &str, flag: &str) -> String {
    let (url, had) = flowsim::api::cassette::strip_userinfo(url);
    if had {
        say!(
            "note: the user name and password in {flag} are ignored (not sent, not recorded); the OAuth client comes from GENESYS_CLIENT_ID and GENESYS_CLIENT_SECRET"
        );
    }
    url
}

fn now() -> String {
    format!("{:.0}", jiff::Timestamp::now())
}

pub fn record(args: &Args) -> Result<ExitCode, Refused> {
    if args.org.org {
        return record_org(args);
    }
    if args.executions.execution_data || args.executions.workflow.is_some() {
        return record_executions(args);
    }
    let mode = match args.mode {
        ModeArg::Once => Mode::Once,
        ModeArg::New => Mode::New,
        ModeArg::All => Mode::All,
        ModeArg::None => Mode::None,
    };
    let sources = if args.requests.is_empty() {
        scenario_sources(&args.scenarios)?
    } else {
        args.requests.iter().map(|p| read_request_file(p)).collect::<Result<Vec<_>, _>>()?
    };
    // Credentials written into a URL (`http://user:pass@host`) are dropped, never printed and
    // never recorded: the OAuth client comes from GENESYS_CLIENT_ID / GENESYS_CLIENT_SECRET.
    let base_url = args.base_url.as_deref().map(|url| without_userinfo(url, "--base-url"));
    let token_url = args.token_url.as_deref().map(|url| without_userinfo(url, "--token-url"));
    let base_url = match (&base_url, mode) {
        (Some(url), _) => {
            if !(url.starts_with("http://") || url.starts_with("https://")) {
                return Err(Refused::error(Code::BadArgument, format!("--base-url `{url}` is not an http(s) URL"))
                    .help("write it like https://api.mypurecloud.com"));
            }
            Some(url.as_str())
        }
        (None, Mode::None) => None,
        (None, _) => {
            return Err(Refused::error(Code::BadArgument, "--base-url is required to record")
                .help("pass the API host, e.g. --base-url https://api.mypurecloud.com (or the emulator's http://127.0.0.1:PORT); --mode none needs none"))
        }
    };
    let recorder =
        Recorder::new(&args.out, mode, base_url, &args.redact, sources).map_err(|e| {
            Refused::error(Code::BadCassette, e.message)
                .file(e.file)
                .at_known(e.line, e.column)
                .help(e.help)
        })?;

    let mut client = if recorder.pending() > 0 {
        let base = base_url.unwrap_or_default();
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        let (Some(client_id), Some(client_secret)) =
            (var("GENESYS_CLIENT_ID"), var("GENESYS_CLIENT_SECRET"))
        else {
            return Err(Refused::error(Code::NoCredentials, "recording needs an OAuth client: set GENESYS_CLIENT_ID and GENESYS_CLIENT_SECRET")
                .help("a client-credentials OAuth client with the architect:flow:run scope (Admin > OAuth)"));
        };
        let retry = RetryPolicy {
            base_delay: Duration::from_millis(env_ms(args.retry_base_ms, ENV_RETRY_BASE_MS, 500)?),
            ..RetryPolicy::default()
        };
        let config = ClientConfig {
            base_url: base.to_owned(),
            token_url: token_url.clone().unwrap_or_else(|| default_token_url(base)),
            credentials: Credentials { client_id, client_secret },
            retry,
            timeout: Duration::from_millis(env_ms(
                args.http_timeout_ms,
                ENV_HTTP_TIMEOUT_MS,
                60_000,
            )?),
        };
        Some(Client::new(config).with_events(|e| say!("note: {e}")))
    } else {
        None
    };

    let live = report::Live::lines(args.format);
    let mut progress = |item: &Item| live.said(|| item_line(item));
    let report = recorder.run(client.as_mut(), &now, &mut progress).map_err(|e| {
        Refused::error(Code::BadCassette, e.message)
            .file(e.file)
            .at_known(e.line, e.column)
            .help(e.help)
    })?;
    let stats = client.as_ref().map(Client::stats).unwrap_or_default();
    let json = || {
        let count = |f: fn(&ItemOutcome) -> bool| report.count(f);
        let items: Vec<serde_json::Value> = report
            .items
            .iter()
            .map(|i| {
                let mut v = serde_json::json!({"name": i.name, "origin": i.origin});
                let (outcome, extra) = match &i.outcome {
                    ItemOutcome::Recorded { status, steps } => {
                        ("recorded", serde_json::json!({"status": status, "steps": steps}))
                    }
                    ItemOutcome::Kept => ("kept", serde_json::json!({})),
                    ItemOutcome::Missing => ("missing", serde_json::json!({})),
                    ItemOutcome::NotTried => ("notTried", serde_json::json!({})),
                    ItemOutcome::Failed(e) => {
                        ("failed", serde_json::json!({"message": e.to_string(), "help": e.help()}))
                    }
                };
                v["outcome"] = outcome.into();
                if let (Some(v), serde_json::Value::Object(extra)) = (v.as_object_mut(), extra) {
                    v.extend(extra);
                }
                v
            })
            .collect();
        serde_json::json!({
            "ok": exit_code(&report) == 0,
            "cassette": report.cassette,
            "mode": report.mode.as_str(),
            "alreadyRecorded": report.already_recorded,
            "recorded": count(|o| matches!(o, ItemOutcome::Recorded { .. })),
            "kept": count(|o| *o == ItemOutcome::Kept),
            "missing": count(|o| *o == ItemOutcome::Missing),
            "failed": count(|o| matches!(o, ItemOutcome::Failed(_))),
            "notTried": count(|o| *o == ItemOutcome::NotTried),
            "dropped": report.dropped,
            "interactions": report.interactions,
            "calls": stats,
            "items": items,
        })
    };
    let text = || Text::Plain(summary(&report));
    Ok(live.finish(&TextJson { text, json, code: ExitCode::from(exit_code(&report)) }))
}

fn exit_code(report: &Report) -> u8 {
    let bad_input = report
        .items
        .iter()
        .any(|i| matches!(&i.outcome, ItemOutcome::Failed(e) if e.is_bad_input()));
    let incomplete = report
        .items
        .iter()
        .any(|i| matches!(i.outcome, ItemOutcome::Failed(_) | ItemOutcome::Missing));
    if bad_input {
        2
    } else {
        u8::from(incomplete)
    }
}

fn item_line(item: &Item) -> String {
    let label = if item.origin.ends_with(&item.name) || item.origin.is_empty() {
        item.origin.clone()
    } else {
        format!("{} ({})", item.name, item.origin)
    };
    match &item.outcome {
        ItemOutcome::Recorded { status, steps } => match steps {
            Some(n) => format!("recorded  {label}: {status}, {n} steps\n"),
            None => format!("recorded  {label}: {status}\n"),
        },
        ItemOutcome::Kept => format!("kept      {label}: already in the cassette\n"),
        ItemOutcome::Missing => {
            format!("missing   {label}: not in the cassette (--mode none records nothing)\n")
        }
        ItemOutcome::NotTried => {
            format!("not tried {label}: an earlier failure stopped the recording\n")
        }
        ItemOutcome::Failed(e) => {
            format!("failed    {label}: {e}\n          = help: {}\n", e.help())
        }
    }
}

fn summary(report: &Report) -> String {
    let path = report.cassette.display();
    if report.already_recorded {
        return format!(
            "{path} exists: nothing recorded (--mode once records only a new cassette; --mode new adds what is missing, --mode all re-records)\n"
        );
    }
    let mut out = String::new();
    let recorded = report.count(|o| matches!(o, ItemOutcome::Recorded { .. }));
    let _ = write!(out, "{path}: {recorded} recorded");
    for (n, what) in [
        (report.count(|o| *o == ItemOutcome::Kept), "kept"),
        (report.count(|o| *o == ItemOutcome::Missing), "missing"),
        (report.count(|o| matches!(o, ItemOutcome::Failed(_))), "failed"),
        (report.count(|o| *o == ItemOutcome::NotTried), "not tried"),
        (report.dropped, "dropped"),
    ] {
        if n > 0 {
            let _ = write!(out, ", {n} {what}");
        }
    }
    let _ = writeln!(out, "; {} interaction(s) in the cassette", report.interactions);
    out
}

/// The API client from the environment's OAuth client.
fn client_for(args: &Args, base: &str, token_url: Option<&str>) -> Result<Client, Refused> {
    api_client(base, token_url, args.retry_base_ms, args.http_timeout_ms)
}

/// The API client of `base` from the environment's OAuth client (GENESYS_CLIENT_ID,
/// GENESYS_CLIENT_SECRET), retries and timeouts as flags or the environment set them.
fn api_client(
    base: &str,
    token_url: Option<&str>,
    retry_base_ms: Option<u64>,
    http_timeout_ms: Option<u64>,
) -> Result<Client, Refused> {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let (Some(client_id), Some(client_secret)) =
        (var("GENESYS_CLIENT_ID"), var("GENESYS_CLIENT_SECRET"))
    else {
        return Err(Refused::error(
            Code::NoCredentials,
            "recording needs an OAuth client: set GENESYS_CLIENT_ID and GENESYS_CLIENT_SECRET",
        )
        .help(
            "a client-credentials OAuth client with the architect:flow:view scope (Admin > OAuth)",
        ));
    };
    let retry = RetryPolicy {
        base_delay: Duration::from_millis(env_ms(retry_base_ms, ENV_RETRY_BASE_MS, 500)?),
        ..RetryPolicy::default()
    };
    let config = ClientConfig {
        base_url: base.to_owned(),
        token_url: token_url.map_or_else(|| default_token_url(base), str::to_owned),
        credentials: Credentials { client_id, client_secret },
        retry,
        timeout: Duration::from_millis(env_ms(http_timeout_ms, ENV_HTTP_TIMEOUT_MS, 60_000)?),
    };
    Ok(Client::new(config).with_events(|e| say!("note: {e}")))
}

/// `flowsim record --execution-data` / `--workflow`.
fn record_executions(args: &Args) -> Result<ExitCode, Refused> {
    use flowsim::api::client::executions::{self, Criteria, Launch, Options, RecordError};
    let x = &args.executions;
    let Some(base) = args.base_url.as_deref().map(|url| without_userinfo(url, "--base-url")) else {
        return Err(Refused::error(Code::BadArgument, "--base-url is required to record execution data")
            .help("pass the API host, e.g. --base-url https://api.mypurecloud.com (or the emulator's http://127.0.0.1:PORT)"));
    };
    if !(base.starts_with("http://") || base.starts_with("https://")) {
        return Err(Refused::error(
            Code::BadArgument,
            format!("--base-url `{base}` is not an http(s) URL"),
        )
        .help("write it like https://api.mypurecloud.com"));
    }
    for (flag, value) in [("--since", &x.since), ("--until", &x.until)] {
        if let Some(v) = value {
            if flowsim::expr::value::parse_datetime(v).is_none() {
                return Err(Refused::error(
                    Code::BadArgument,
                    format!("{flag} `{v}` is not a date and time"),
                )
                .help("write it in RFC 3339, e.g. 2026-11-21T00:00:00Z"));
            }
        }
    }
    let launch = match (&x.workflow, &x.input_data) {
        (Some(flow), file) => {
            let input_data = match file {
                None => serde_json::json!({}),
                Some(path) => {
                    let text = flowsim::util::files::read_text(
                        path,
                        flowsim::util::files::MAX_INPUT_BYTES,
                    )
                    .map_err(|e| Refused::unreadable(path, "the input data", &e))?;
                    let v: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
                        Refused::of_json(Code::BadRequest, "the input data is not JSON", &e)
                            .file(path)
                            .help("write an object of the workflow's input variables, e.g. {\"Flow.orderId\": \"A-1\"}")
                    })?;
                    if !v.is_object() {
                        return Err(Refused::error(Code::BadRequest, "the input data must be a JSON object")
                            .file(path)
                            .help("write an object of the workflow's input variables, e.g. {\"Flow.orderId\": \"A-1\"}"));
                    }
                    v
                }
            };
            Some(Launch { flow_id: flow.clone(), input_data })
        }
        (None, _) => None,
    };
    let token_url = args.token_url.as_deref().map(|url| without_userinfo(url, "--token-url"));
    let mut client = client_for(args, &base, token_url.as_deref())?;
    let criteria = Criteria {
        flows: x.flows.clone(),
        since: x.since.clone(),
        until: x.until.clone(),
        conversation: x.conversation.clone(),
        output_path: x.output_path.clone(),
        max: usize::from(x.max),
    };
    let key = x
        .redaction_key
        .clone()
        .or_else(|| std::env::var("FLOWSIM_REDACTION_KEY").ok().filter(|k| !k.is_empty()));
    let options =
        Options { keep_pii: x.keep_pii, redaction_key: key, flows_out: x.flows_out.clone() };
    let recording = match executions::record(
        &mut client,
        &criteria,
        launch.as_ref(),
        &options,
        &args.out,
        &now,
    ) {
        Ok(r) => r,
        Err(RecordError::Api(e)) => {
            let code = if e.is_bad_input() { 2 } else { 1 };
            super::write_diagnostic(
                &Diagnostic::error(Code::ApiError, e.to_string()).help(e.help()),
            );
            return Ok(ExitCode::from(code));
        }
        Err(RecordError::Cassette(e)) => {
            return Err(Refused::error(Code::BadCassette, e.message)
                .file(&e.file)
                .at_known(e.line, e.column)
                .help(e.help))
        }
        Err(RecordError::Other(m)) => {
            super::write_diagnostic(&Diagnostic::error(Code::ApiError, m));
            return Ok(ExitCode::from(1));
        }
    };
    let stats = client.stats();
    let text = || {
        let mut out = String::new();
        if let Some((id, status)) = &recording.launched {
            let _ = writeln!(out, "launched  workflow execution {id}: {status}");
        }
        for (id, why) in &recording.failed {
            let _ = writeln!(out, "failed    {id}: {why}");
        }
        for f in &recording.configurations {
            let _ = writeln!(out, "flow      {}", f.display());
        }
        for n in &recording.notes {
            let _ = writeln!(out, "note: {n}");
        }
        let pii = if x.keep_pii {
            "personal data kept (--keep-pii)".to_owned()
        } else {
            format!("{} personal value(s) redacted", recording.redacted)
        };
        let _ = writeln!(
            out,
            "{}: {} execution(s) found, {} document(s) recorded, {} failed; {pii}",
            args.out.display(),
            recording.found.len(),
            recording.documents,
            recording.failed.len()
        );
        Text::Plain(out)
    };
    let json = || {
        serde_json::json!({
            "ok": recording.failed.is_empty(),
            "cassette": args.out,
            "found": recording.found,
            "documents": recording.documents,
            "failed": recording.failed.iter().map(|(id, why)| serde_json::json!({"id": id, "message": why})).collect::<Vec<_>>(),
            "configurations": recording.configurations,
            "redacted": recording.redacted,
            "notes": recording.notes,
            "calls": stats,
        })
    };
    let code = ExitCode::from(u8::from(!recording.failed.is_empty()));
    Ok(report::emit(&TextJson { text, json, code }, args.format))
}

/// What a recording of the org's inventory needs: `record --org` and `org --base-url` share it.
pub(crate) struct OrgRun<'a> {
    pub base_url: Option<&'a str>,
    pub token_url: Option<&'a str>,
    pub out: &'a Path,
    /// Manifest sections; every one when empty.
    pub kinds: &'a [String],
    pub page_size: usize,
    pub max_pages: usize,
    pub redact: &'a [String],
    pub retry_base_ms: Option<u64>,
    pub http_timeout_ms: Option<u64>,
}

/// Records the org's inventory into `run.out`, all or nothing. `Ok(Err(code))`: the recording
/// failed (said on stderr) and wrote nothing; the exit code is 2 for the set-up or the org's
/// answers, 1 for an API that kept failing.
pub(crate) fn record_org_inventory(
    run: &OrgRun<'_>,
) -> Result<Result<(flowsim::api::client::org::Recording, flowsim::api::client::Stats), u8>, Refused>
{
    use flowsim::api::client::org::{self, Options};
    use flowsim::flow::catalogue::Org;
    let Some(base) = run.base_url.map(|url| without_userinfo(url, "--base-url")) else {
        return Err(Refused::error(Code::BadArgument, "--base-url is required to record the org")
            .help("pass the API host, e.g. --base-url https://api.mypurecloud.com (or the emulator's http://127.0.0.1:PORT)"));
    };
    if !(base.starts_with("http://") || base.starts_with("https://")) {
        return Err(Refused::error(
            Code::BadArgument,
            format!("--base-url `{base}` is not an http(s) URL"),
        )
        .help("write it like https://api.mypurecloud.com"));
    }
    let mut kinds = Vec::new();
    for name in run.kinds.iter().map(|k| k.trim()).filter(|k| !k.is_empty()) {
        let Some(kind) = Org::ALL.into_iter().find(|k| k.section().eq_ignore_ascii_case(name))
        else {
            let known: Vec<&str> = Org::ALL.iter().map(|k| k.section()).collect();
            return Err(Refused::error(
                Code::BadArgument,
                format!("--kinds: `{name}` is no section of an org manifest"),
            )
            .help(format!("the sections: {}", known.join(", "))));
        };
        if !kinds.contains(&kind) {
            kinds.push(kind);
        }
    }
    if kinds.is_empty() {
        kinds = Org::ALL.to_vec();
    }
    if let Err(e) = flowsim::api::cassette::parse_paths(run.redact) {
        return Err(Refused::error(Code::BadArgument, format!("--redact: {e}"))
            .help("write a JSON path such as /response/body/entities/*/title"));
    }
    let token_url = run.token_url.map(|url| without_userinfo(url, "--token-url"));
    let mut client =
        api_client(&base, token_url.as_deref(), run.retry_base_ms, run.http_timeout_ms)?;
    let options = Options {
        kinds,
        page_size: run.page_size,
        max_pages: run.max_pages,
        redact: run.redact.to_vec(),
    };
    match org::record(&mut client, &options, run.out, &now) {
        Ok(r) => Ok(Ok((r, client.stats()))),
        Err(e) => {
            super::write_diagnostic(
                &Diagnostic::error(Code::ApiError, e.to_string()).help(e.help()),
            );
            say!("nothing was written to {}", run.out.display());
            Ok(Err(if e.is_bad_input() { 2 } else { 1 }))
        }
    }
}

/// `flowsim record --org`: the org's inventory into a cassette, all or nothing.
fn record_org(args: &Args) -> Result<ExitCode, Refused> {
    let run = OrgRun {
        base_url: args.base_url.as_deref(),
        token_url: args.token_url.as_deref(),
        out: &args.out,
        kinds: &args.org.kinds,
        page_size: usize::from(args.org.page_size),
        max_pages: args.org.max_pages as usize,
        redact: &args.redact,
        retry_base_ms: args.retry_base_ms,
        http_timeout_ms: args.http_timeout_ms,
    };
    let (recording, stats) = match record_org_inventory(&run)? {
        Ok(done) => done,
        Err(code) => return Ok(ExitCode::from(code)),
    };
    let text = || {
        let mut out = String::new();
        for (kind, pages, entities) in &recording.kinds {
            let _ = writeln!(out, "recorded  {}: {entities} in {pages} page(s)", kind.section());
        }
        let _ = writeln!(
            out,
            "{}: {} interaction(s); the manifest: flowsim org --cassette {}",
            args.out.display(),
            recording.interactions,
            args.out.display()
        );
        Text::Plain(out)
    };
    let json = || {
        let kinds: Vec<serde_json::Value> = recording
            .kinds
            .iter()
            .map(|(k, pages, entities)| {
                serde_json::json!({"section": k.section(), "pages": pages, "entities": entities})
            })
            .collect();
        serde_json::json!({
            "ok": true,
            "cassette": args.out,
            "kinds": kinds,
            "details": recording.details,
            "interactions": recording.interactions,
            "calls": stats,
        })
    };
    Ok(report::emit(&TextJson { text, json, code: ExitCode::SUCCESS }, args.format))
}
