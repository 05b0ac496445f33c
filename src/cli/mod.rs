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
mod check;
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
mod project;
mod record;
mod refused;
mod render;
mod replay;
mod report;
mod revision;
mod run;
mod schema;
mod scratch;
mod serve;
mod snapshots;
mod source;
mod spool;
mod test;
mod traffic;
mod watch;

use check::{check, CheckArgs};
pub(crate) use check::{check_findings, check_findings_over, check_refusal, check_report};
use clap::{Parser, Subcommand};
use flowsim::diag::{Code, Diagnostic};
use flowsim::fixtures::FixtureStore;
use flowsim::flow::Registry;
pub(crate) use refused::Refused;
use report::github;
use report::Format;
pub(crate) use run::{
    build_request, name_the_only_flow, parse_input_flag, refuse_request, split_pair, RequestArgs,
};
use run::{run, RunArgs};
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
/// read each file within its own limit, for as long as they run. Likewise the total of steps
/// a command's runs take (`engine::budget::MAX_TOTAL_STEPS`, or `FLOWSIM_MAX_RUN_STEPS`): the
/// engine starts no run past it, whichever command asks (`engine::Run::go`), and the commands
/// that make many runs (`test`, `mutate`, `explore`, `replay`, `traffic`, `diff`) are then
/// refused as a whole (`past_total_steps`).
fn total_reads(command: &Command) -> Result<(), Refused> {
    use flowsim::engine::budget::{limit_total_steps, MAX_TOTAL_STEPS};
    use flowsim::util::files::{limit_total_reads, MAX_TOTAL_INPUT_BYTES};
    const VAR: &str = "FLOWSIM_MAX_READ_BYTES";
    if matches!(command, Command::Serve(_) | Command::Lsp(_) | Command::Dap(_)) {
        return Ok(());
    }
    let limit = count_from_env(VAR, MAX_TOTAL_INPUT_BYTES, "bytes", "4294967296")?;
    limit_total_reads(limit);
    limit_total_steps(count_from_env(STEPS_VAR, MAX_TOTAL_STEPS, "steps", "5000000000")?);
    Ok(())
}

/// The variable that sets the total of steps the runs of one command take.
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

/// Refuses a command whose runs took more steps than its total (no run started once they
/// had): its report would be of the runs that happened to start first. `runs` names what ran
/// (`scenarios`, `paths`), `fewer` how to ask for fewer at once.
pub(crate) fn past_total_steps(runs: &str, fewer: &str) -> Result<(), Refused> {
    match flowsim::engine::budget::total_steps_past() {
        None => Ok(()),
        Some((_, total)) => Err(Refused::error(
            Code::TooLarge,
            format!("the run stopped: its {runs} took more than the run's total of {total} steps, so the rest were not started"),
        )
        .help(format!("{fewer}, or raise the total ({STEPS_VAR}=N); each run's own limit is its maxSteps"))),
    }
}

/// How to run fewer scenarios at once, for [`past_total_steps`].
pub(crate) const FEWER_SCENARIOS: &str =
    "run fewer scenarios at once (--filter, --tags, --partition K/N)";

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
    report::has::<Refusal>(format).then_some(format)
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

/// A refusal in a machine's form, on standard output: a JSON report (`"ok": false,
/// "refused": true`, its diagnostics as `check` writes them), GitHub annotations or a SARIF
/// log of its diagnostics.
struct Refusal<'a>(&'a [Diagnostic]);

impl report::Report for Refusal<'_> {
    const FORMS: &'static [Format] =
        &[Format::Json, Format::JsonPretty, Format::Github, Format::Sarif];

    fn exit_code(&self) -> ExitCode {
        ExitCode::from(2)
    }

    fn json(&self) -> Option<report::Json<'_>> {
        let diags = self.0;
        let (shown, more) = flowsim::diag::shown(diags);
        Some(report::Json::pretty(serde_json::json!({
            "ok": false,
            "refused": true,
            "errors": diags.iter().filter(|d| d.is_error()).count(),
            "warnings": diags.iter().filter(|d| !d.is_error()).count(),
            "diagnostics": shown,
            "notShown": more,
        })))
    }

    fn json_pretty(&self) -> Option<report::Json<'_>> {
        self.json()
    }

    fn github(&self) -> Option<report::Github> {
        Some(report::Github { people: None, annotations: github::diagnostics(self.0) })
    }

    fn sarif(&self) -> Option<report::Json<'_>> {
        Some(report::Json::pretty(report::sarif::log(self.0, &project::root())))
    }
}

/// Ends the process: the command's exit code, or a refusal's (2) after it is written on
/// standard error for people and, when the command asked for a machine's form (`form`), on
/// standard output in that form: a JSON report (`"ok": false, "refused": true`, its
/// diagnostics as `check` writes them), GitHub annotations or a SARIF log.
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
            if let Some(form) = form {
                report::emit(&Refusal(refused.diagnostics()), form);
            }
            ExitCode::from(2)
        }
    }
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

/// Text for people on standard error, printable, then coloured when colour is on.
pub(crate) fn write_painted_stderr(text: &str) {
    eprint!("{}", color::paint(&printable::terminal(text)));
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

/// Output too large to build first (a million-step trace), written through a buffer as it is
/// produced. The first failed write stops `write`; as with `write_stdout`, the error makes the
/// exit code 2 (a closed pipe, `flowsim run ... | head`, silently).
pub(crate) fn stream_stdout(
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

/// A scenario path `harness::discover` cannot search (not there, a folder it cannot list), as
/// the commands that take scenario paths refuse it.
pub(crate) fn undiscoverable(e: &flowsim::harness::FileError) -> Refused {
    Refused::error(Code::UnreadableDirectory, e.message())
        .file(e.file())
        .at_known(e.line(), e.column())
        .help(e.help())
}

/// The scenario files under `paths` (files as given, directories searched), or a refusal when
/// a path cannot be read or none is found: a suite of nothing is bad input, never a green run.
pub(crate) fn scenario_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Refused> {
    let files = flowsim::harness::discover(paths).map_err(|e| undiscoverable(&e))?;
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
        Err(Refused::all(errors.iter().map(flowsim::harness::FileError::diagnostic).collect()))
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
    // A folder that cannot be listed names no files: the command refuses to load it.
    paths.extend(flowsim::harness::expand_fixture_paths(files).unwrap_or_default());
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

#[cfg(test)]
mod tests {
    #[test]
    fn a_refusal_writes_the_forms_it_declares() {
        super::report::forms_agree(&super::Refusal(&[]));
    }
}
