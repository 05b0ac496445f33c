//! The command line: argument parsing, loading, and the only place that prints.
//!
//! Exit codes (docs/scenarios.md): 0 ok (for `run`: the run executed, whatever its status); 1 the thing
//! checked failed; 2 bad input or usage, with a message naming the file, the place and the fix.

/// `eprintln!` for people: the line goes through [`write_stderr`], which makes what names,
/// messages from the cloud and paths hold printable (`printable::terminal`) before the terminal
/// reads it.
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::cli::write_stderr(&format!("{}\n", format_args!($($arg)*)))
    };
}

mod cache;
mod color;
mod dap;
mod debug;
mod decisions;
mod diff;
mod docs;
mod explain;
mod explore;
mod expr;
mod fix;
mod flows;
mod graph;
mod heatmap;
mod init;
mod load_errors;
mod lsp;
mod merge;
mod mutate;
mod nlu;
mod org;
mod printable;
mod progress;
mod project;
mod record;
mod refused;
mod render;
mod replay;
mod report;
mod revision;
mod schema;
mod scratch;
mod serve;
mod snapshots;
mod source;
mod spool;
mod test;
mod traffic;
mod watch;

use clap::{Parser, Subcommand};
use flowsim::diag::{Code, Diagnostic};
use flowsim::engine::{self, InputEntry, RunRequest};
use flowsim::fixtures::FixtureStore;
use flowsim::flow::{Registry, Version};
pub(crate) use refused::Refused;
use report::github::{self, Annotation, Level};
use report::{Accepted, Accepts, Format};
use std::fmt::Write as _;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "flowsim",
    version,
    about = "Run Genesys Cloud Architect flows offline, and test them"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Colour the reports: `auto` (on a terminal, unless NO_COLOR is set; CLICOLOR_FORCE
    /// forces it), `always`, `never`.
    #[arg(long, global = true, value_enum, default_value = "auto")]
    color: color::ColorChoice,
    /// The project's environment to use: the flows, fixtures, scenarios and substitutions of
    /// flowsim.toml's `[env.NAME]` over its own (`flowsim docs project`).
    #[arg(long, global = true, value_name = "NAME")]
    env: Option<String>,
    /// The project file to use (flowsim.toml, or the folder that holds it) instead of the
    /// one found from the current directory upward; read for every command, as `--env` is.
    #[arg(long, global = true, value_name = "PATH")]
    project: Option<PathBuf>,
}

#[derive(Subcommand)]
enum Command {
    /// Run one flow and print its trace.
    Run(RunArgs),
    /// Load and validate every flow of a directory; print every problem.
    Check(CheckArgs),
    /// Run scenario files: expectations, snapshots, coverage, JUnit.
    Test(test::TestArgs),
    /// Start a project: a flow, fixtures, a scenario file and a CI workflow that pass
    /// `flowsim test` as they are. Never overwrites a file.
    Init(init::Args),
    /// Review, accept or reject the snapshots `test` left pending (`….snap.new`).
    Snapshots(snapshots::Args),
    /// Draw the heatmap of a decision log: an input against an outcome (default: DTMF against
    /// routing decision), counts in the cells, as SVG or PNG.
    Heatmap(heatmap::Args),
    /// Record simulations, flow execution data or the org's inventory (`--org`) from the live
    /// cloud API into a cassette.
    Record(record::Args),
    /// Replay a cassette's simulations locally and report where they diverge.
    Replay(replay::Args),
    /// Serve a local emulator of the cloud's API on 127.0.0.1.
    Serve(serve::Args),
    /// Step through a run in the terminal: breakpoints, steps, variables, inputs, history.
    Debug(debug::Args),
    /// Explore a flow's paths: every output reached, forced or unreachable; scenarios per path.
    Explore(explore::Args),
    /// One expression: parse it (Architect's tree), evaluate it, or check its type.
    Expr(expr::Args),
    /// What a bot flow's NLU makes of a customer's turn, and why.
    Nlu(nlu::Args),
    /// Draw a flow: Mermaid, Graphviz DOT, or SVG laid out by flowsim; with a coverage overlay.
    Graph(graph::Args),
    /// What changed between two versions of the flows: actions and properties in flow terms,
    /// a semantic hash per flow, and the inputs whose behaviour changed (exit 1 when it may).
    Diff(diff::Args),
    /// Would the scenarios notice a broken flow? Runs them on mutants of their flows (flipped
    /// decisions, swapped outputs, changed constants, dropped actions) and lists survivors.
    Mutate(mutate::Args),
    /// Join the `--format json` reports of a run's shards (`--partition K/N` of test, mutate,
    /// replay, traffic, diff) into the report one machine gives, in any of its forms, with its
    /// exit code.
    Merge(merge::Args),
    /// Production traffic into tests: the distinct paths callers took (flow execution data), a
    /// scenario per path, and the steps callers took that no scenario covers, by callers.
    Traffic(traffic::Args),
    /// An org manifest from a recording of the org's API, a CX-as-Code export or fixture files:
    /// what `check --org` checks flows against (queues, users, data actions and their fields,
    /// data tables and their columns...).
    Org(org::Args),
    /// What a diagnostic code means and what to do about it (`flowsim explain alwaysFalse`);
    /// with no code, every code.
    Explain(explain::Args),
    /// Print a JSON Schema an editor checks flowsim's files with (`flowsim schema scenarios`),
    /// list them (`--list`), or write them all into a directory (`--out-dir`).
    Schema(schema::Args),
    /// Serve the Language Server Protocol on stdin and stdout: `check`'s and `test --lint`'s
    /// findings as you type, hover, completion, definitions, symbols and fixes in an editor.
    Lsp(lsp::Args),
    /// Serve the Debug Adapter Protocol on stdin and stdout: an editor (VS Code, nvim-dap)
    /// debugs a scenario or a flow with breakpoints on actions, stepping, step back and
    /// evaluation (`flowsim docs debug`).
    Dap(dap::Args),
    /// Print a page of flowsim's documentation (`flowsim docs scenarios`), list them
    /// (`--list`), or write them all as HTML into a directory (`--out-dir`).
    Docs(docs::Args),
    /// Print a shell completion script (`flowsim docs cli` says where each shell looks for it):
    /// `flowsim completions bash > ~/.local/share/bash-completion/completions/flowsim`.
    Completions {
        /// The shell: bash, zsh, fish, elvish or powershell.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), generated from the command line's definition:
    /// `flowsim man > flowsim.1 && man ./flowsim.1`. With `--out-dir`, write it and a page per
    /// command (`flowsim-run.1`, `flowsim-expr-eval.1`, ...) into a directory instead.
    Man {
        /// Write `flowsim.1` and every command's page into this directory (created if needed),
        /// e.g. `~/.local/share/man/man1`, so that `man flowsim-run` works.
        #[arg(long, value_name = "DIR")]
        out_dir: Option<PathBuf>,
    },
}

#[derive(clap::Args)]
struct RunArgs {
    #[command(flatten)]
    req: RequestArgs,
    /// `text` for people (default), `json` for machines (the result on one line), `json-pretty`
    /// for people reading JSON, `ndjson` for long runs: a line per step as the run finishes it,
    /// then a line with the run's summary, in memory that does not grow with the steps
    /// (`flowsim docs traces`).
    #[arg(long, value_parser = RUN_FORMATS, default_value = "text")]
    format: Format,
    #[command(flatten)]
    decisions: decisions::DecisionArgs,
}

/// What `run` and `debug` share: the flows, fixtures and the run request.
#[derive(clap::Args)]
pub(crate) struct RequestArgs {
    /// The flow to run: a name or id in the registry (or the request's flowId / flowName).
    flow: Option<String>,
    #[command(flatten)]
    source: flows::FlowSource,
    /// The flow's type (`inboundCall`, `outboundCall`...), to choose among flows of different
    /// types that share its name (or the request's flowType).
    #[arg(long, value_name = "TYPE")]
    flow_type: Option<String>,
    /// Fixture files: contacts, queues, data-action mocks (JSON or YAML), or a directory of
    /// them. Repeatable; later files override earlier ones.
    #[arg(long = "fixtures", value_name = "FILE|DIR")]
    fixtures: Vec<PathBuf>,
    /// A run request: a JSON file shaped like the cloud's flow simulation payload (flow, inputs,
    /// context, variables; see fixtures/requests/). Flags override its fields.
    #[arg(long, value_name = "FILE")]
    request: Option<PathBuf>,
    /// An input, in order: digits (`12#`), `timeout`, `DIGITS@SECONDS` for a delayed answer;
    /// for bots and digital flows a turn `say:TEXT`, a pinned `intent:NAME`, a turn giving an
    /// AI-powered slot's value `slot:NAME=VALUE`, a turn a knowledge article answers
    /// `knowledge:ANSWER`, or `noMatch`. Repeatable; replaces the request's inputs.
    #[arg(long = "input", value_name = "INPUT")]
    inputs: Vec<String>,
    /// The inbound message that starts a message, chat or email flow (its body).
    #[arg(long, value_name = "TEXT")]
    message: Option<String>,
    /// A context field: from, to, channel, conversationId, mediaType, startTime,
    /// attributes.NAME, or sipHeaders.NAME. Repeatable.
    #[arg(long = "context", value_name = "KEY=VALUE")]
    context: Vec<String>,
    /// A preset variable. VALUE is read as JSON when it parses (`3`, `true`, `"01"`), else as text.
    #[arg(long = "var", value_name = "NAME=VALUE")]
    vars: Vec<String>,
    /// Start at this action (or node) of the flow instead of its start: its id, `Task/Action`
    /// in Archy YAML (as the trace's `nodeId` shows it), the action's GUID in an export, the
    /// node's key in a JSON flow.
    #[arg(long, value_name = "ID")]
    start_node: Option<String>,
    /// Stop the run when its virtual time passes N milliseconds.
    #[arg(long, value_name = "N")]
    timeout_ms: Option<u64>,
    /// Stop the run after N node executions (default 10000; 50000 for an Architect flow).
    #[arg(long, value_name = "N")]
    max_steps: Option<u64>,
    /// The seed of the run's random numbers (`Random`, `RandomInt`; default 0): the same seed
    /// gives the same numbers, another seed others.
    #[arg(long, value_name = "N")]
    seed: Option<u64>,
    /// The run's work budget: bytes its expressions may build or read (default 1073741824;
    /// `flowsim docs budgets`).
    #[arg(long, value_name = "N")]
    max_work: Option<u64>,
    /// The run's live-bytes budget: bytes its variables may hold (default 268435456).
    #[arg(long, value_name = "N")]
    max_live_bytes: Option<u64>,
    /// The run's trace budget: bytes its trace may keep (default 268435456).
    #[arg(long, value_name = "N")]
    max_trace_bytes: Option<u64>,
    /// Run the published version of each flow instead of the draft.
    #[arg(long)]
    published: bool,
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

#[derive(clap::Args)]
struct CheckArgs {
    /// Flow files or directories, as `--flows` takes them: `flowsim check flows/`.
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    source: flows::FlowSource,
    /// Fixture files (or directories of them) to validate as well. Repeatable.
    #[arg(long = "fixtures", value_name = "FILE|DIR")]
    fixtures: Vec<PathBuf>,
    /// Treat warnings (unknown keys and properties, unknown outputs and built-ins, variables
    /// never assigned) as errors.
    #[arg(long)]
    strict: bool,
    /// `text` for people, `json` for machines, `github` for GitHub Actions annotations.
    #[arg(long, value_parser = CHECK_FORMATS, default_value = "text")]
    format: Format,
    /// Check, then check again each time a flow or fixture file is saved. Ctrl-C stops.
    #[arg(long)]
    watch: bool,
    /// An org manifest (`flowsim docs org`): every queue, user, data action (and its fields), data
    /// table (and its columns), prompt, schedule... the flows name must be in the org.
    #[arg(long, value_name = "FILE")]
    org: Option<PathBuf>,
    /// Apply every fix whose replacement is certain (`=` for `==`, the one name a misspelt
    /// name can mean), editing the Archy YAML and JSON flow files in place; then report what
    /// is left.
    #[arg(long)]
    fix: bool,
    /// Show the fixes `--fix` would apply as a unified diff, and write nothing. Exit code 1
    /// when there is something to fix.
    #[arg(long, conflicts_with = "fix")]
    diff: bool,
}

/// What `check --format` writes.
const CHECK_FORMATS: Accepts = Accepts(&[
    Accepted { format: Format::Text, name: "text", aliases: &["human"], help: None },
    Accepted::plain(Format::Json, "json"),
    Accepted {
        format: Format::Github,
        name: "github",
        aliases: &[],
        help: Some(
            "One GitHub Actions annotation (`::error file=...,line=...::...`) per diagnostic",
        ),
    },
]);

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    color::init(cli.color);
    let mut command = cli.command;
    match &mut command {
        Command::Check(args) => args.source.flows.append(&mut args.paths),
        Command::Serve(args) => args.take_paths(),
        _ => {}
    }
    let asked = cli.env.is_some() || cli.project.is_some();
    project::set_given(cli.env, cli.project);
    let form = machine_form(&command);
    let result = total_reads(&command)
        .and_then(|()| fill_from(&mut command, asked))
        .and_then(|()| dispatch(command));
    finish(result, form)
}

/// Arms the total a command reads (`util::files::MAX_TOTAL_INPUT_BYTES`, or
/// `FLOWSIM_MAX_READ_BYTES`) for every command that ends; the servers (`serve`, `lsp`, `dap`)
/// read each file within its own limit, for as long as they run. For `test` and `mutate`, the
/// total of steps their runs take (`engine::budget::MAX_TOTAL_STEPS`, or
/// `FLOWSIM_MAX_RUN_STEPS`).
fn total_reads(command: &Command) -> Result<(), Refused> {
    use flowsim::util::files::{limit_total_reads, MAX_TOTAL_INPUT_BYTES};
    const VAR: &str = "FLOWSIM_MAX_READ_BYTES";
    if matches!(command, Command::Serve(_) | Command::Lsp(_) | Command::Dap(_)) {
        return Ok(());
    }
    let limit = count_from_env(VAR, MAX_TOTAL_INPUT_BYTES, "bytes", "4294967296")?;
    limit_total_reads(limit);
    if matches!(command, Command::Test(_) | Command::Mutate(_)) {
        use flowsim::engine::budget::{limit_total_steps, MAX_TOTAL_STEPS};
        limit_total_steps(count_from_env(STEPS_VAR, MAX_TOTAL_STEPS, "steps", "5000000000")?);
    }
    Ok(())
}

/// The variable that sets the total of steps a `test` or `mutate` run takes.
const STEPS_VAR: &str = "FLOWSIM_MAX_RUN_STEPS";

/// A count above 0 from the environment variable `var`, else `default` when it is not set.
fn count_from_env(var: &str, default: u64, what: &str, example: &str) -> Result<u64, Refused> {
    match std::env::var(var) {
        Err(std::env::VarError::NotPresent) => Ok(default),
        Ok(v) if v.trim().parse::<u64>().is_ok_and(|n| n > 0) => {
            Ok(v.trim().parse::<u64>().unwrap_or(default))
        }
        _ => Err(Refused::error(
            Code::BadArgument,
            format!("{var} must be a number of {what} above 0"),
        )
        .help(format!(
            "unset it for the default ({default}), or give a count such as {var}={example}"
        ))),
    }
}

/// Refuses a `test` or `mutate` run whose runs took more steps than its total (the suite
/// started no run once they had): its report would be of the scenarios that happened to
/// start first.
pub(crate) fn past_total_steps() -> Result<(), Refused> {
    match flowsim::engine::budget::total_steps_past() {
        None => Ok(()),
        Some((_, total)) => Err(Refused::error(
            Code::TooLarge,
            format!("the run stopped: its scenarios took more than the run's total of {total} steps, so the rest were not started"),
        )
        .help(format!("run fewer scenarios at once (--filter, --tags, --partition K/N), or raise the total ({STEPS_VAR}=N); each scenario's own limit is its maxSteps"))),
    }
}

/// The form a machine reads the command's output in, when it asked for one (`--format json`,
/// `json-pretty`, `github`): a refusal is written in it too, so that a program reading the
/// output learns why there is no report (`finish`).
fn machine_form(command: &Command) -> Option<Format> {
    let format = match command {
        Command::Run(a) => a.format,
        Command::Check(a) => a.format,
        Command::Test(a) => a.format,
        Command::Diff(a) => a.format,
        Command::Explore(a) => a.format,
        Command::Merge(a) => a.format,
        Command::Mutate(a) => a.format,
        Command::Nlu(a) => a.format,
        Command::Record(a) => a.format,
        Command::Replay(a) => a.format,
        Command::Traffic(a) => a.format,
        _ => return None,
    };
    matches!(format, Format::Json | Format::JsonPretty | Format::Github).then_some(format)
}

/// What the project file gives each command that the command line left out (flowsim.toml,
/// found from the current directory, or named by `--project`). A command that reads no project
/// reads none, unless `--env` or `--project` asks for one (`asked`).
fn fill_from(command: &mut Command, asked: bool) -> Result<(), Refused> {
    let Some(part) = command.project_part() else {
        // A command that reads no project reads one only when `--env` or `--project` names
        // one, so that what they name is refused when it is wrong.
        if asked {
            project::get()?;
        }
        return Ok(());
    };
    let Some(p) = project::get()? else { return Ok(()) };
    // Only the commands that read scenario files give them the project's defaults (its
    // options file is read for them).
    if part.reads_scenarios() {
        project::give_scenario_files(p)?;
    }
    part.fill(p)
}

/// What a command takes from the project file (flowsim.toml): the paths and settings its
/// command line left out.
trait FromProject {
    /// Fills in what the command line left out.
    fn fill(&mut self, project: &project::Project) -> Result<(), Refused>;
    /// Whether the command reads scenario files, to which the project's scenario defaults
    /// (its options file) then apply.
    fn reads_scenarios(&self) -> bool {
        false
    }
}

/// [`FromProject`] for arguments whose `fill_from` cannot fail.
macro_rules! from_project {
    ($($args:ty => $scenarios:expr),* $(,)?) => {$(
        impl FromProject for $args {
            fn fill(&mut self, project: &project::Project) -> Result<(), Refused> {
                self.fill_from(project);
                Ok(())
            }
            fn reads_scenarios(&self) -> bool {
                $scenarios
            }
        }
    )*};
}

from_project! {
    RequestArgs => false,
    CheckArgs => false,
    test::TestArgs => true,
    explore::Args => false,
    graph::Args => false,
    mutate::Args => true,
    traffic::Args => true,
    serve::Args => false,
    debug::Args => false,
    nlu::Args => false,
    replay::Args => false,
    snapshots::Args => false,
}

impl FromProject for diff::Args {
    fn fill(&mut self, project: &project::Project) -> Result<(), Refused> {
        self.fill_from(project)
    }
    fn reads_scenarios(&self) -> bool {
        true
    }
}

impl CheckArgs {
    /// What the project gives that the command line did not: flows and fixtures.
    fn fill_from(&mut self, project: &project::Project) {
        self.source.fill_from(project);
        if self.fixtures.is_empty() {
            self.fixtures.clone_from(&project.fixtures);
        }
    }
}

impl Command {
    /// What of the command the project file fills in: one arm per command and no `_`, so a
    /// new command does not build until it says whether it reads the project.
    fn project_part(&mut self) -> Option<&mut dyn FromProject> {
        match self {
            Command::Run(args) => Some(&mut args.req),
            Command::Check(args) => Some(args),
            Command::Test(args) => Some(args),
            Command::Explore(args) => Some(args),
            Command::Graph(args) => Some(args),
            Command::Diff(args) => Some(args),
            Command::Mutate(args) => Some(args),
            Command::Traffic(args) => Some(args),
            Command::Serve(args) => Some(args),
            Command::Debug(args) => Some(args),
            Command::Nlu(args) => Some(args),
            Command::Replay(args) => Some(args),
            Command::Snapshots(args) => Some(args),
            Command::Init(_)
            | Command::Heatmap(_)
            | Command::Record(_)
            | Command::Expr(_)
            | Command::Merge(_)
            | Command::Org(_)
            | Command::Explain(_)
            | Command::Schema(_)
            | Command::Lsp(_)
            | Command::Dap(_)
            | Command::Docs(_)
            | Command::Completions { .. }
            | Command::Man { .. } => None,
        }
    }
}

fn dispatch(command: Command) -> Result<ExitCode, Refused> {
    match command {
        Command::Run(args) => run(&args),
        Command::Check(args) if args.fix || args.diff => fix::check(&args),
        Command::Check(args) if args.watch => {
            let mut paths = args.source.flows.clone();
            paths.extend(args.fixtures.iter().cloned());
            paths.extend(args.source.options.iter().cloned());
            paths.extend(args.org.iter().cloned());
            watch::check(&paths, || check(&args))
        }
        Command::Check(args) => check(&args),
        Command::Init(args) => init::init(&args),
        Command::Test(args) => test::test(&args),
        Command::Snapshots(args) => snapshots::snapshots(&args),
        Command::Heatmap(args) => heatmap::heatmap(&args),
        Command::Diff(args) => diff::diff(&args),
        Command::Mutate(args) => mutate::mutate(&args),
        Command::Merge(args) => merge::merge(&args),
        Command::Traffic(args) => traffic::traffic(&args),
        Command::Org(args) => org::org(&args),
        Command::Explain(args) => explain::explain(&args),
        Command::Schema(args) => schema::schema(&args),
        Command::Docs(args) => docs::docs(&args),
        Command::Lsp(args) => lsp::lsp(args, project::env(), project::named()),
        Command::Dap(args) => dap::dap(&args, project::env(), project::named()),
        Command::Record(args) => record::record(&args),
        Command::Replay(args) => replay::replay(&args),
        Command::Serve(args) => serve::serve(&args),
        Command::Explore(args) => explore::explore(&args),
        Command::Debug(args) => debug::debug(&args),
        Command::Expr(args) => expr::expr(&args),
        Command::Nlu(args) => nlu::nlu(&args),
        Command::Graph(args) => graph::graph(&args),
        Command::Completions { shell } => {
            let mut out = Vec::new();
            clap_complete::generate(
                shell,
                &mut <Cli as clap::CommandFactory>::command(),
                "flowsim",
                &mut out,
            );
            write_exact(&String::from_utf8_lossy(&out));
            Ok(ExitCode::SUCCESS)
        }
        Command::Man { out_dir: Some(dir) } => man_pages(&dir),
        Command::Man { out_dir: None } => {
            let mut out = Vec::new();
            let mut cmd = <Cli as clap::CommandFactory>::command().disable_help_subcommand(true);
            cmd.build();
            let page = clap_mangen::Man::new(cmd);
            match page.render(&mut out) {
                Ok(()) => {
                    write_exact(&String::from_utf8_lossy(&out));
                    Ok(ExitCode::SUCCESS)
                }
                Err(e) => Err(Refused::error(
                    Code::CannotWrite,
                    format!("cannot render the manual page: {e}"),
                )),
            }
        }
    }
}

/// The exit code of a command's `result`, its refusal printed.
/// Ends the process: the command's exit code, or a refusal's (2) after it is written on
/// standard error for people and, when the command asked for a machine's form (`form`), on
/// standard output in that form: a JSON report (`"ok": false, "refused": true`, its
/// diagnostics as `check` writes them) or GitHub annotations.
fn finish(result: Result<ExitCode, Refused>, form: Option<Format>) -> ExitCode {
    if let Some(e) = STDOUT_ERROR.get() {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            let d = Diagnostic::error(
                Code::CannotWrite,
                format!("cannot write to standard output: {e}"),
            );
            write_stderr(&render::diagnostic(&d));
        }
        if let Err(refused) = &result {
            write_stderr(&refused.render());
        }
        return ExitCode::from(2);
    }
    match result {
        Ok(code) => code,
        Err(refused) => {
            write_stderr(&refused.render());
            let diags = refused.diagnostics();
            match form {
                Some(Format::Github) => write_exact(&github_annotations(diags)),
                Some(_) => write_json(&serde_json::json!({
                    "ok": false,
                    "refused": true,
                    "errors": diags.iter().filter(|d| d.is_error()).count(),
                    "warnings": diags.iter().filter(|d| !d.is_error()).count(),
                    "diagnostics": flowsim::diag::shown(diags).0,
                    "notShown": flowsim::diag::shown(diags).1,
                })),
                None => {}
            }
            ExitCode::from(2)
        }
    }
}

/// `diags` as GitHub Actions annotations (the first [`flowsim::diag::MAX_DIAGNOSTICS`], then
/// a notice counting the rest): `check --format github`'s form, and a refusal's.
fn github_annotations(diags: &[Diagnostic]) -> String {
    let (shown, more) = flowsim::diag::shown(diags);
    let mut text = String::new();
    for d in shown {
        let mut message = d.message.clone();
        if let Some(h) = &d.help {
            let _ = write!(message, " (help: {h})");
        }
        Annotation {
            level: if d.is_error() { Level::Error } else { Level::Warning },
            file: d.file.as_deref(),
            line: d.line,
            col: d.column,
            title: d.code.as_str(),
            message: &message,
        }
        .write(&mut text);
    }
    if more > 0 {
        github::not_shown(&mut text, more);
    }
    text
}

/// `flowsim man --out-dir DIR`: the top page and one per command, each named as the pages
/// that refer to it (`flowsim-run(1)` is `flowsim-run.1`).
fn man_pages(dir: &Path) -> Result<ExitCode, Refused> {
    let cannot = |e: std::io::Error| {
        Refused::error(
            Code::CannotWrite,
            format!("cannot write the manual pages into {}: {e}", dir.display()),
        )
    };
    let mut cmd = <Cli as clap::CommandFactory>::command().disable_help_subcommand(true);
    cmd.build();
    pages(cmd, dir).map_err(cannot)?;
    write_stdout(&format!("manual pages written to {}\n", dir.display()));
    Ok(ExitCode::SUCCESS)
}

/// The manual pages of `cmd` and its commands into `dir`, named as `clap_mangen::generate_to`
/// names them, but never written through a link in `dir`.
fn pages(cmd: clap::Command, dir: &Path) -> std::io::Result<()> {
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()).cloned() {
        pages(sub, dir)?;
    }
    let man = clap_mangen::Man::new(cmd);
    let mut bytes = Vec::new();
    man.render(&mut bytes)?;
    flowsim::util::write_inside(dir, Path::new(&man.get_filename()), &bytes)
        .map_err(|e| std::io::Error::other(e.to_string()))
}

/// The first error writing standard output, if any: `main` turns it into exit code 2, whatever
/// the command's own result (a report lost to a full disk must not pass).
static STDOUT_ERROR: std::sync::OnceLock<std::io::Error> = std::sync::OnceLock::new();

fn stdout_failed(result: std::io::Result<()>) {
    if let Err(e) = result {
        let _ = STDOUT_ERROR.set(e);
    }
}

/// Text for people on standard output, in its printable form ([`printable::terminal`]).
pub(crate) fn write_stdout(text: &str) {
    write_exact(&printable::terminal(text));
}

/// Text for people, printable, then coloured when colour is on: the colour's escape sequences
/// are the only ones written.
pub(crate) fn write_painted(text: &str) {
    write_exact(&color::paint(&printable::terminal(text)));
}

/// A message for people on standard error, printable.
pub(crate) fn write_stderr(text: &str) {
    let _ = std::io::stderr().lock().write_all(printable::terminal(text).as_bytes());
}

/// One diagnostic on standard error, as the one renderer writes it: a problem a command
/// reports and goes on from (or ends with exit code 1), where a refusal would end it.
pub(crate) fn write_diagnostic(d: &Diagnostic) {
    write_stderr(&render::diagnostic(d));
}

/// A machine format (JSON, XML, DOT, Mermaid, Markdown, workflow commands, completions), which
/// its writer escaped for its reader: written as it is.
pub(crate) fn write_exact(text: &str) {
    let mut out = std::io::stdout().lock();
    stdout_failed(out.write_all(text.as_bytes()).and_then(|()| out.flush()));
}

/// A JSON report, pretty, then a line break (what [`report::json`] makes), written through a
/// buffer as it is made: a report of a million executions is never a text in memory too.
pub(crate) fn write_json(body: &impl serde::Serialize) {
    stream_stdout(|w| {
        serde_json::to_writer_pretty(&mut *w, body)?;
        w.write_all(b"\n")
    });
}

/// Output too large to build first (a million-step trace), written through a buffer as it is
/// produced. The first failed write stops `write`; as with `write_stdout`, the error makes the
/// exit code 2 (a closed pipe, `flowsim run ... | head`, silently).
fn stream_stdout(
    write: impl FnOnce(&mut std::io::BufWriter<StdoutSink<'_>>) -> std::io::Result<()>,
) {
    let mut out = std::io::BufWriter::with_capacity(64 * 1024, StdoutSink::new());
    stdout_failed(write(&mut out).and_then(|()| out.flush()));
}

/// Standard output for large writes, locked for the whole output. On Unix its descriptor is
/// written directly: std's stdout is line-buffered, and its `LineWriter` searches every chunk
/// it is handed for a newline (a sixth of writing a JSON trace).
pub(crate) struct StdoutSink<'a> {
    lock: std::io::StdoutLock<'a>,
    #[cfg(unix)]
    file: Option<std::fs::File>,
}

impl StdoutSink<'_> {
    fn new() -> Self {
        let mut lock = std::io::stdout().lock();
        #[cfg(unix)]
        {
            use std::os::fd::AsFd;
            // Whatever std buffered goes first; then the same descriptor, duplicated.
            let file = lock
                .flush()
                .and_then(|()| lock.as_fd().try_clone_to_owned())
                .ok()
                .map(std::fs::File::from);
            StdoutSink { lock, file }
        }
        #[cfg(not(unix))]
        StdoutSink { lock }
    }
}

impl StdoutSink<'_> {
    /// Copies `file` from where it is to its end: between two files on Unix, by the kernel
    /// (`std::io::copy`), without the text passing through this process.
    pub(crate) fn copy_from(&mut self, file: &mut std::fs::File) -> std::io::Result<u64> {
        #[cfg(unix)]
        if let Some(f) = &mut self.file {
            return std::io::copy(file, f);
        }
        std::io::copy(file, &mut self.lock)
    }
}

impl Write for StdoutSink<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        #[cfg(unix)]
        if let Some(f) = &mut self.file {
            return f.write(bytes);
        }
        self.lock.write(bytes)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.lock.flush()
    }
}

/// The scenario files under `paths` (files as given, directories searched), or a refusal when
/// a path cannot be read or none is found: a suite of nothing is bad input, never a green run.
pub(crate) fn scenario_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Refused> {
    let files = flowsim::harness::discover(paths).map_err(|e| {
        Refused::error(Code::UnreadableDirectory, e.message).file(e.file).help(e.help)
    })?;
    if files.is_empty() {
        let shown: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        return Err(Refused::error(
            Code::NotFound,
            format!(
                "no scenario files (*.scenarios.yaml, *.scenarios.yml, *.scenarios.json) under {}",
                shown.join(", ")
            ),
        )
        .help("name scenario files like `menu.scenarios.yaml`, or pass them (or the directories that hold them) as arguments"));
    }
    Ok(files)
}

/// Every scenario input of the files under `paths`, or a refusal naming the files that did not
/// load.
pub(crate) fn scenario_inputs(
    paths: &[PathBuf],
) -> Result<Vec<flowsim::harness::ScenarioInput>, Refused> {
    let files = scenario_files(paths)?;
    let (inputs, errors) = flowsim::harness::scenario_inputs(&files);
    if errors.is_empty() {
        Ok(inputs)
    } else {
        Err(Refused::all(errors.iter().map(load_errors::diagnostic).collect()))
    }
}

/// The project's part of a run's identity: its flows', fixtures' and scenarios' paths and its
/// substitutions as `--env` resolves them (`merge` refuses shards run under others).
pub(crate) fn project_identity() -> Vec<String> {
    let mut out = Vec::new();
    if let Some(project) = project::get().ok().flatten() {
        for p in project.flows.iter().chain(&project.fixtures).chain(&project.scenarios) {
            out.push(format!("path={}", p.display()));
        }
        for (k, v) in &project.substitutions {
            out.push(format!("sub={k}={v}"));
        }
    }
    out
}

/// What a run of `replay`, `traffic` or `mutate` read besides its items, for its shards'
/// identity (`Shard::read_also`): the bytes of every flow file `registries` loaded, of
/// `files` (fixture files, scenario files), each once, and `parts` (the project's
/// [`project_identity`], the flags that change what the flows are).
pub(crate) fn read_identity<'r>(
    registries: impl IntoIterator<Item = &'r Registry>,
    files: &[PathBuf],
    parts: &[String],
) -> Vec<u8> {
    let mut paths: Vec<PathBuf> = Vec::new();
    for r in registries {
        paths.extend(r.flows().iter().map(|f| f.file.clone()));
    }
    paths.extend(flowsim::harness::expand_fixture_paths(files));
    let mut seen = std::collections::HashSet::new();
    paths.retain(|p| seen.insert(p.clone()));
    let mut out = flowsim::harness::files_content(&paths);
    for part in project_identity().iter().chain(parts) {
        out.extend_from_slice(part.as_bytes());
        out.push(0);
    }
    out
}

fn load_fixtures(paths: &[PathBuf]) -> Result<FixtureStore, Vec<Diagnostic>> {
    flowsim_project::check::load_fixtures(paths, &flowsim_project::FileView::disk())
}

/// The fixtures, loaded and their stubs held to `registry`'s flows (`flow::stubs::check`): a
/// stub naming no action, an output the action lacks or a value of another type refuses the
/// command (`run`, `explore`), each at its file's line and column.
fn load_stubbed_fixtures(paths: &[PathBuf], registry: &Registry) -> Result<FixtureStore, Refused> {
    let fixtures = load_fixtures(paths).map_err(Refused::all)?;
    let problems = flowsim::flow::stubs::diagnostics(registry, &fixtures);
    if problems.is_empty() {
        Ok(fixtures)
    } else {
        Err(Refused::all(problems))
    }
}

fn split_pair<'a>(text: &'a str, flag: &str) -> Result<(&'a str, &'a str), Refused> {
    text.split_once('=').filter(|(k, _)| !k.trim().is_empty()).ok_or_else(|| {
        let example = if flag == "--var" { "Flow.tier=gold" } else { "from=+15551234567" };
        Refused::error(Code::BadArgument, format!("`{flag} {text}` is not KEY=VALUE"))
            .help(format!("write it like `{flag} {example}`"))
    })
}

/// `--input TEXT`: the debugger's session core reads it (`flowsim_dap::session::parse_input`,
/// which the editor's REPL reads too); the flag's words for what does not read.
fn parse_input_flag(text: &str) -> Result<InputEntry, Refused> {
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
        Refused::error(Code::BadRequest, format!("the request is not a valid run request: {e}"))
            .file(path)
            .at(e.line(), e.column())
            .help("see `flowsim docs results`: {\"flowName\": ..., \"context\": {\"from\": ...}, \"inputs\": [...]}")
    })
}

/// A request the engine refused, naming the `--request` file it came from, if any.
fn refuse_request(e: &engine::RequestError, file: Option<&Path>) -> Refused {
    let refused = Refused::error(e.code(), e.to_string()).help(e.help());
    match file {
        Some(f) => refused.file(f),
        None => refused,
    }
}

/// A request that names no flow runs the only flow loaded (`flowsim run --flows ivr.yaml`); one
/// that names a flow file (`flowsim run flows/ivr.yaml`) runs the flow it defines.
fn name_the_only_flow(
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

fn build_request(args: &RequestArgs) -> Result<RunRequest, Refused> {
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
                c.attributes.insert(key.get("attributes.".len()..).unwrap_or_default().to_owned(), serde_json::Value::String(value));
            }
            k if k.starts_with("sipheaders.") && key.len() > "sipHeaders.".len() => {
                c.sip_headers.insert(key.get("sipHeaders.".len()..).unwrap_or_default().to_owned(), value);
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

fn run(args: &RunArgs) -> Result<ExitCode, Refused> {
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
    match args.format {
        Format::Json => stream_stdout(|out| result.write_json(out)),
        Format::JsonPretty => stream_stdout(|out| {
            serde_json::to_writer_pretty(&mut *out, &result)?;
            writeln!(out)
        }),
        // Text; ndjson was streamed above.
        _ => stream_stdout(|out| {
            let mut shown = printable::Terminal::new(out);
            render::write_run_text(&mut shown, &result)?;
            shown.flush()
        }),
    }
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
        let mut trace = JsonTrace::on_thread(scope, registry, spool::Spool::default());
        let finished = engine::Run::new(registry, fixtures, request)
            .observer(&mut trace)
            .go()
            .map_err(|e| refuse_request(&e, args.req.request.as_deref()))?;
        let engine::Finished { result, write_error, .. } = finished;
        if let Some(e) = write_error {
            return Err(unspooled(&e));
        }
        stream_stdout(|out| trace.finish(&result, out, spool::Spool::copy_to));
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

fn check(args: &CheckArgs) -> Result<ExitCode, Refused> {
    let (diags, flows) = check_findings(args)?;
    Ok(check_report(args, &diags, flows))
}

impl CheckArgs {
    /// The request as the project model takes it.
    fn request(&self) -> flowsim_project::CheckRequest {
        flowsim_project::CheckRequest {
            flows: self.source.set(),
            fixtures: self.fixtures.clone(),
            org: self.org.clone(),
            strict: self.strict,
        }
    }
}

/// What `check` finds (the project model's [`flowsim_project::check`] over the files on
/// disk): every diagnostic (made errors under `--strict`) and how many flows loaded.
fn check_findings(args: &CheckArgs) -> Result<(Vec<Diagnostic>, usize), Refused> {
    check_findings_over(args, &flowsim_project::FileView::disk())
}

/// [`check_findings`] over the texts `view` holds.
fn check_findings_over(
    args: &CheckArgs,
    view: &flowsim_project::FileView,
) -> Result<(Vec<Diagnostic>, usize), Refused> {
    let checked = flowsim_project::check(&args.request(), project::get()?, view, None)
        .map_err(|e| check_refusal(&e))?;
    Ok((checked.diagnostics, checked.flows))
}

/// Why `check` (or a command that loads flows) did not run, as the CLI prints it.
pub(crate) fn check_refusal(e: &flowsim_project::CheckError) -> Refused {
    use flowsim_project::CheckError;
    match e {
        CheckError::NoFlowsGiven => Refused::error(
            Code::NoFlows,
            format!(
                "which flows? no flow file or directory was given, and no {} names them",
                project::FILE_NAME
            ),
        )
        .help(format!(
            "name them with `--flows PATH` (repeatable): `--flows flows/`, or run the command inside a project whose {} says `flows = [\"flows\"]` (`flowsim init` makes one)",
            project::FILE_NAME
        )),
        CheckError::Unloadable(diags) => Refused::all(diags.clone()),
        CheckError::MissingPath { flag, path } => {
            Refused::error(Code::NotFound, format!("`{flag} {}`: no such file or directory", path.display()))
                .help("check the path")
        }
        CheckError::Options(d) => Refused::all(vec![(**d).clone()]),
    }
}

/// Writes `check`'s report of `diags` in the chosen format; exit code 1 when one is an error.
fn check_report(args: &CheckArgs, diags: &[Diagnostic], flows: usize) -> ExitCode {
    let errors = diags.iter().filter(|d| d.is_error()).count();
    // Every format shows the same first diagnostics and counts the rest (a hostile file may
    // have millions).
    let (shown, more) = flowsim::diag::shown(diags);
    match args.format {
        Format::Github => write_exact(&github_annotations(diags)),
        Format::Json => {
            let body = serde_json::json!({
                "ok": errors == 0,
                "flows": flows,
                "errors": errors,
                "warnings": diags.len() - errors,
                "diagnostics": shown,
                "notShown": more,
            });
            write_json(&body);
        }
        _ => {
            let mut text = render::diagnostics(diags);
            if errors == 0 {
                let _ = writeln!(
                    text,
                    "ok: {flows} flow(s) under {} load and validate",
                    args.source.describe()
                );
            }
            write_painted(&text);
        }
    }
    if errors == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
