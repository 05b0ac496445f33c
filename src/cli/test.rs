//! `flowsim test`: run scenario files, report in human, JSON or JUnit form, with coverage.

use super::report::github::{Annotation, Level};
use super::report::{self, Accepted, Accepts, Format, Github, Json, Report, Text};
use super::Refused;
use flowsim::diag::Code;
use flowsim::harness::select::RerunMode;
use flowsim::harness::{self, Options, Outcome, ScenarioReport, SnapshotMode, SuiteReport};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct TestArgs {
    /// Scenario files, or directories searched recursively for `*.scenarios.{yaml,yml,json}`.
    /// Default: the current directory.
    paths: Vec<PathBuf>,
    #[arg(long, value_parser = FORMATS, default_value = "human")]
    pub(crate) format: Format,
    /// Also write a JUnit XML report (one testcase per scenario).
    #[arg(long, value_name = "FILE")]
    junit_out: Option<PathBuf>,
    /// Run only scenarios whose `file › name` contains PATTERN (case-insensitive).
    #[arg(long, value_name = "PATTERN")]
    filter: Option<String>,
    /// Run only scenarios with one of these tags (comma-separated or repeated).
    #[arg(long, value_delimiter = ',', value_name = "TAG")]
    tags: Vec<String>,
    /// Run shard N of M (1-based), e.g. `--partition 2/4` (also `count:2/4`), balanced by
    /// estimated cost; `flowsim merge` joins the shards' `--format json` reports.
    #[arg(long, value_name = "N/M", value_parser = flowsim::util::shard::Partition::parse)]
    partition: Option<flowsim::util::shard::Partition>,
    /// Write new and changed snapshots instead of failing on them.
    #[arg(long, conflicts_with = "ci")]
    accept: bool,
    /// Never write snapshots; fail on missing, changed or unreferenced ones, and fail a
    /// scenario that gives what its run never uses (as --strict).
    #[arg(long)]
    ci: bool,
    /// Fail a scenario that gives what its run never uses (an input never read, an event that
    /// never happens, a mock never called, a stub never reached, a preset variable never
    /// read), instead of warning.
    #[arg(long)]
    strict: bool,
    /// What to do with snapshot files no scenario claims any more: `warn` (the default),
    /// `reject` (fail; the default under --ci), `delete` (remove them and their pending
    /// files), `ignore`. Only when the whole suite is selected (no --filter, --tags); each
    /// shard of a --partition finds them all.
    #[arg(long, value_enum, value_name = "WHAT")]
    unreferenced: Option<Unreferenced>,
    /// Report which nodes and edges of each flow the scenarios exercised.
    #[arg(long)]
    coverage: bool,
    /// Write the coverage report as JSON (implies --coverage).
    #[arg(long, value_name = "FILE")]
    coverage_out: Option<PathBuf>,
    /// Write the coverage as an LCOV tracefile (implies --coverage): a record per flow file,
    /// a line per node (`flowsim docs ci` says which line), a branch per output or path.
    #[arg(long, value_name = "FILE")]
    coverage_lcov: Option<PathBuf>,
    /// Write the coverage as Cobertura XML (implies --coverage), as GitLab, Azure DevOps and
    /// Jenkins read it: a class per flow, a line per node, a branch per output or path.
    #[arg(long, value_name = "FILE")]
    coverage_cobertura: Option<PathBuf>,
    /// Also write one self-contained HTML page: results by file, failures explained, coverage,
    /// each flow's picture with its coverage overlay (implies --coverage).
    #[arg(long, value_name = "FILE.html")]
    report: Option<PathBuf>,
    /// Stop at the first failing scenario (in the report's stable order; the ones before it
    /// all run, so the report is the same every time). Not with coverage.
    #[arg(long, overrides_with = "no_fail_fast", conflicts_with_all = ["coverage", "coverage_out", "coverage_lcov", "coverage_cobertura", "report"])]
    fail_fast: bool,
    /// Run every scenario whatever fails (the default).
    #[arg(long, overrides_with = "fail_fast")]
    no_fail_fast: bool,
    /// Check the suite without running it: its flows and fixtures load, every node, variable,
    /// output, queue, data action and intent a scenario names exists, every request would run.
    #[arg(long, conflicts_with_all = ["accept", "ci", "unreferenced", "coverage", "coverage_out", "coverage_lcov", "coverage_cobertura", "junit_out", "decision_log", "decision_log_url", "report"])]
    lint: bool,
    /// Run the suite, then again each time a file it reads is saved: only the scenario files
    /// whose own file, flows or fixtures changed. Ctrl-C stops. Not with the report files.
    #[arg(long, conflicts_with_all = ["lint", "junit_out", "coverage_out", "report", "decision_log", "decision_log_url"])]
    pub(crate) watch: bool,
    /// The seed of the random numbers (`Random`, `RandomInt`) of every scenario that sets no
    /// `seed:` of its own (default 0): the same seed gives the same numbers.
    #[arg(long, value_name = "N")]
    seed: Option<u64>,
    /// List the scenarios a run would run, without running any: `file › name` and tags, one a
    /// line (`--format json`: an array of file, name, tags, line). Honours --filter, --tags,
    /// --partition and --last-failed.
    #[arg(long, conflicts_with_all = ["lint", "watch", "accept", "ci", "unreferenced", "coverage", "coverage_out", "coverage_lcov", "coverage_cobertura", "junit_out", "decision_log", "decision_log_url", "report", "fail_fast", "failed_first"])]
    list: bool,
    /// Run only the scenarios that failed last time (every one when none did), as the cache
    /// folder `.flowsim/cache` records after each run.
    #[arg(long, conflicts_with_all = ["failed_first", "lint", "watch"])]
    last_failed: bool,
    /// Start the scenarios that failed last time first, then the rest. The report keeps the
    /// suite's order (files sorted, scenarios in file order) whatever order they ran in.
    #[arg(long, conflicts_with_all = ["lint", "watch"])]
    failed_first: bool,
    #[command(flatten)]
    decisions: super::decisions::DecisionArgs,
}

/// The forms of `test --format`: a run's and a listing's (`human`, alias `text`, `json`,
/// `github`), then `sarif`, which only `--lint`'s findings have.
const FORMATS: Accepts = Accepts(&[HUMAN, JSON, GITHUB, SARIF]);

/// The forms of a run's and a listing's report: every form but `sarif`.
const RUN_FORMATS: Accepts = Accepts(&[HUMAN, JSON, GITHUB]);

const HUMAN: Accepted = Accepted {
    format: Format::Text,
    name: "human",
    aliases: &["text"],
    help: Some("One line per scenario, failures explained, a summary line"),
};
const JSON: Accepted = Accepted {
    format: Format::Json,
    name: "json",
    aliases: &[],
    help: Some("The suite report as JSON"),
};
const GITHUB: Accepted = Accepted {
    format: Format::Github,
    name: "github",
    aliases: &[],
    help: Some("The human report, then a GitHub Actions annotation per failure and per file error"),
};
const SARIF: Accepted = Accepted {
    format: Format::Sarif,
    name: "sarif",
    aliases: &[],
    help: Some("With --lint: the scenario files' problems as a SARIF 2.1.0 log"),
};

/// What to do with unreferenced (orphaned) snapshots, as `cargo insta test --unreferenced`.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Unreferenced {
    /// Say nothing.
    Ignore,
    /// A warning per file.
    Warn,
    /// An error per file; the run fails (exit 1).
    Reject,
    /// Delete them (and their `.snap.new`), saying which.
    Delete,
}

pub fn test(args: &TestArgs) -> Result<ExitCode, Refused> {
    let paths = if args.paths.is_empty() { vec![PathBuf::from(".")] } else { args.paths.clone() };
    let files = super::scenario_files(&paths)?;
    if args.lint {
        return Ok(lint(&files, args.format));
    }
    if !RUN_FORMATS.has(args.format) {
        return Err(Refused::error(
            Code::BadArgument,
            format!("`--format {}` is the form of `--lint`'s findings, not of a run's or a listing's report", args.format.name()),
        )
        .help("add `--lint` to check the scenario files without running them, or choose `--format human`, `json` or `github`"));
    }
    if args.list {
        return Ok(list(args, &files));
    }
    if args.watch {
        return super::watch::test(args, &paths, &files);
    }
    run_files(args, &files)
}

/// One run of the scenario files `files` (the whole command, or one round of `--watch`).
pub fn run_files(args: &TestArgs, files: &[PathBuf]) -> Result<ExitCode, Refused> {
    args.decisions.validate()?;
    let opts = options(args, files);
    let live = report::Live::counting(args.format, "scenarios run", "failed");
    let report = harness::run_suite(files, &opts, &|r: &ScenarioReport| live.counted(r.passed()));
    live.settle();
    super::past_total_steps("scenarios", super::FEWER_SCENARIOS)?;
    if let Some(warning) = super::cache::record(&report) {
        super::write_stderr(&warning);
    }

    // The reports, written together after the run: one that cannot be written removes those
    // this command created before it, so a failed command leaves no report of its own behind.
    let unreferenced = args.unreferenced.unwrap_or(if args.ci {
        Unreferenced::Reject
    } else {
        Unreferenced::Warn
    });
    let mut outputs: Vec<(&Path, Vec<u8>, &str)> = Vec::new();
    if let Some(path) = &args.junit_out {
        let suite = Suite { report: &report, unreferenced };
        outputs.push((
            path,
            report::bytes(&suite, Format::Junit).unwrap_or_default(),
            "the JUnit report",
        ));
    }
    outputs.extend(coverage_outputs(
        &report,
        args.coverage_out.as_deref(),
        args.coverage_lcov.as_deref(),
        args.coverage_cobertura.as_deref(),
    ));
    // Decisions in the suite's stable order (scenarios ran in parallel; the report is sorted).
    let mut decisions_ok = true;
    if args.decisions.wanted() {
        let all: Vec<_> =
            report.scenarios.iter().flat_map(|s| s.decisions.iter().cloned()).collect();
        let mut note = String::new();
        let ok = args.decisions.emit(&all, &mut note);
        super::write_stderr(&note);
        decisions_ok = ok?;
    }
    if let Some(path) = &args.report {
        // The orchestration service's heatmap, DTMF against routing decision, over the suite's decisions
        // (none when no scenario decided anything: the section says how to get one).
        let all: Vec<_> =
            report.scenarios.iter().flat_map(|s| s.decisions.iter().cloned()).collect();
        let heatmap = (!all.is_empty()).then(|| {
            let t = flowsim::decisions::Crosstab::from_decisions(
                &all,
                "dtmf",
                "routing_decision",
                flowsim::decisions::Count::Runs,
            );
            flowsim::decisions::heatmap::heatmap_svg(&t)
        });
        let page = flowsim::report::html::Page {
            report: &report,
            explain: &scenario_text,
            heatmap_svg: heatmap.as_deref(),
        };
        outputs.push((path, flowsim::report::html::render(&page).into_bytes(), "the HTML report"));
    }
    write_all(&outputs)?;
    if unreferenced == Unreferenced::Delete {
        for o in &report.orphaned_snapshots {
            let pending = harness::snapshot::pending(o);
            std::fs::remove_file(o).map_err(|e| {
                Refused::error(
                    Code::CannotWrite,
                    format!("cannot delete the unreferenced snapshot {}: {e}", o.display()),
                )
            })?;
            if pending.is_file() {
                let _ = std::fs::remove_file(pending);
            }
        }
    }
    let code = live.finish(&Suite { report: &report, unreferenced });
    Ok(if code == ExitCode::SUCCESS && !decisions_ok { ExitCode::from(1) } else { code })
}

/// `test`'s report: the suite's, and what unreferenced snapshots do to it.
pub(crate) struct Suite<'a> {
    pub(crate) report: &'a SuiteReport,
    pub(crate) unreferenced: Unreferenced,
}

const _: () = assert!(RUN_FORMATS.within(<Suite<'static> as Report>::FORMS));

impl Suite<'_> {
    fn orphans_fail(&self) -> bool {
        self.unreferenced == Unreferenced::Reject && !self.report.orphaned_snapshots.is_empty()
    }
}

impl Report for Suite<'_> {
    const FORMS: &'static [Format] = &[Format::Text, Format::Json, Format::Junit, Format::Github];

    fn exit_code(&self) -> ExitCode {
        exit_code(self.report, self.unreferenced)
    }

    fn text(&self) -> Option<Text<'_>> {
        let report = self.report;
        let shown = !report.scenarios.is_empty() || report.file_errors.is_empty();
        Some(Text::Painted(if shown { human(report, self.unreferenced) } else { String::new() }))
    }

    fn json(&self) -> Option<Json<'_>> {
        let report = self.report;
        Some(Json::pretty(serde_json::json!({
            "shard": report.shard,
            "unreferenced": self.unreferenced,
            "passed": report.passed(),
            "failed": report.failed(),
            "skipped": report.skipped,
            "notRun": report.not_run,
            "ok": report.failed() == 0 && report.file_errors.is_empty() && !self.orphans_fail(),
            "report": report,
        })))
    }

    fn junit(&self) -> Option<String> {
        Some(junit(self.report))
    }

    fn github(&self) -> Option<Github> {
        // The human report is for people, printable; the annotations after it are the only
        // workflow commands, escaped by the annotation writer.
        let report = self.report;
        let mut text = String::new();
        for s in report.scenarios.iter().filter(|s| !s.passed()) {
            let Outcome::Failed { mismatches } = &s.outcome else { continue };
            let title = format!("{} › {}", s.file.display(), s.name);
            // Each failure sits on the line of the expectation it checks.
            for m in mismatches {
                error(Some(&s.file), m.line, None, &title, &m.message).write(&mut text);
            }
        }
        // A passing scenario's unused things: warnings where the file gives them.
        for s in report.scenarios.iter().filter(|s| s.passed()) {
            let title = format!("{} › {}", s.file.display(), s.name);
            for u in &s.unused {
                let message = u.message();
                Annotation {
                    level: Level::Warning,
                    file: Some(&s.file),
                    line: u.line,
                    col: u.column,
                    title: &title,
                    message: &message,
                }
                .write(&mut text);
            }
        }
        if self.orphans_fail() {
            for o in &report.orphaned_snapshots {
                let why = "no scenario with `snapshot: true` claims this snapshot: delete it";
                error(Some(o), None, None, "unreferenced snapshot", why).write(&mut text);
            }
        }
        for e in &report.file_errors {
            let message = e.message();
            error(Some(e.file()), e.line(), e.column(), "scenario file", &message).write(&mut text);
        }
        Some(Github { people: Some(human(report, self.unreferenced)), annotations: text })
    }

    /// Files that could not be used are the command's errors, not test results: on stderr, as
    /// `check` renders diagnostics (JSON keeps them in the report).
    fn stderr(&self) -> Option<String> {
        let errors = &self.report.file_errors;
        (!errors.is_empty()).then(|| super::load_errors::render(errors))
    }
}

/// A suite's coverage, in the files `test` and `merge` write: JSON (`--coverage-out`), LCOV,
/// Cobertura.
pub(crate) struct Coverage<'a>(&'a Option<Vec<harness::coverage::FlowCoverage>>);

impl Report for Coverage<'_> {
    const FORMS: &'static [Format] = &[Format::Json, Format::Lcov, Format::Cobertura];

    fn exit_code(&self) -> ExitCode {
        ExitCode::SUCCESS
    }

    fn json(&self) -> Option<Json<'_>> {
        Some(Json::pretty(self.0))
    }

    fn lcov(&self) -> Option<String> {
        Some(harness::coverage_formats::lcov(self.0.as_deref().unwrap_or_default()))
    }

    fn cobertura(&self) -> Option<String> {
        Some(harness::coverage_formats::cobertura(self.0.as_deref().unwrap_or_default()))
    }
}

/// An error annotation.
fn error<'a>(
    file: Option<&'a Path>,
    line: Option<usize>,
    col: Option<usize>,
    title: &'a str,
    message: &'a str,
) -> Annotation<'a> {
    Annotation { level: Level::Error, file, line, col, title, message }
}

/// The run's exit code: 2 when files could not be used, 1 when a scenario failed or
/// unreferenced snapshots fail the run, else 0.
pub(crate) fn exit_code(report: &SuiteReport, unreferenced: Unreferenced) -> ExitCode {
    let orphans_fail =
        unreferenced == Unreferenced::Reject && !report.orphaned_snapshots.is_empty();
    if !report.file_errors.is_empty() {
        ExitCode::from(2)
    } else if report.failed() > 0 || orphans_fail {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// What makes this run what it is beside its files' content (which the harness adds): the
/// options that change verdicts (`--ci`, `--accept`: how snapshots judge) and the project's
/// environment as `--env` resolves it (its flows, fixtures and substitutions), so `merge`
/// refuses shards run otherwise.
fn identity(args: &TestArgs) -> Vec<String> {
    let mut out = vec![format!(
        "snapshots={}",
        if args.accept {
            "accept"
        } else if args.ci {
            "ci"
        } else {
            "check"
        }
    )];
    if args.strict || args.ci {
        out.push("unused=fail".to_owned());
    }
    out.extend(super::project_identity());
    out
}

/// The harness's options for `args` (reading the cache for --last-failed and --failed-first).
fn options(args: &TestArgs, files: &[PathBuf]) -> Options {
    let mut opts = Options {
        filter: args.filter.clone(),
        tags: args.tags.clone(),
        partition: args.partition,
        snapshots: if args.accept {
            SnapshotMode::Accept
        } else if args.ci {
            SnapshotMode::Ci
        } else {
            SnapshotMode::Check
        },
        coverage: args.coverage
            || args.coverage_out.is_some()
            || args.coverage_lcov.is_some()
            || args.coverage_cobertura.is_some()
            || args.report.is_some(),
        fail_fast: args.fail_fast && !args.no_fail_fast,
        // The HTML report draws the decision heatmap: the runs' decisions are kept for it.
        decisions: args.decisions.wanted() || args.report.is_some(),
        seed: args.seed,
        rerun: None,
        // The project's defaults are the process's (`project::give_scenario_files`).
        project: None,
        identity: identity(args),
        strict: args.strict || args.ci,
    };
    if args.last_failed || args.failed_first {
        let (rerun, warning) = super::cache::rerun(files, args.last_failed);
        if let Some(warning) = warning {
            super::write_stderr(&warning);
        }
        opts.rerun = Some(rerun);
    }
    opts
}

/// The human report: one line per scenario, then what failed and why, coverage, a summary.
pub fn human(report: &SuiteReport, unreferenced: Unreferenced) -> String {
    let mut out = String::new();
    for s in &report.scenarios {
        out.push_str(&scenario_text(s));
    }
    for o in &report.orphaned_snapshots {
        let _ = match unreferenced {
            Unreferenced::Ignore => Ok(()),
            Unreferenced::Delete => writeln!(out, "deleted unreferenced snapshot {}", o.display()),
            Unreferenced::Warn | Unreferenced::Reject => writeln!(
                out,
                "{}: orphaned snapshot {} (no scenario with `snapshot: true` claims it; delete it, or run with --unreferenced=delete)",
                if unreferenced == Unreferenced::Reject { "error" } else { "warning" },
                o.display()
            ),
        };
    }
    if let Some(cov) = &report.coverage {
        let _ = writeln!(out, "\ncoverage");
        for f in cov {
            let pct = |a: usize, b: usize| if b == 0 { 100.0 } else { a as f64 * 100.0 / b as f64 };
            let _ = writeln!(
                out,
                "  {:<42} nodes {:>3}/{:<3} ({:>5.1}%)  edges {:>3}/{:<3} ({:>5.1}%)",
                if f.version == flowsim::flow::Version::Published {
                    format!("{} (published)", f.label())
                } else {
                    f.label().into_owned()
                },
                f.nodes_covered,
                f.nodes,
                pct(f.nodes_covered, f.nodes),
                f.edges_covered,
                f.edges,
                pct(f.edges_covered, f.edges)
            );
            for n in &f.uncovered_nodes {
                let _ = writeln!(out, "    uncovered node {n}");
            }
            for e in &f.uncovered_edges {
                let _ = writeln!(out, "    uncovered edge {e}");
            }
            for e in &f.dead_edges {
                let _ = writeln!(out, "    dead edge {e}: no run can take it; not counted");
            }
        }
        let (n, nc, e, ec) = cov.iter().fold((0, 0, 0, 0), |a, f| {
            (a.0 + f.nodes, a.1 + f.nodes_covered, a.2 + f.edges, a.3 + f.edges_covered)
        });
        let _ = writeln!(out, "  total: nodes {nc}/{n}, edges {ec}/{e}\n");
    }
    out.push_str(&slowest(report));
    if report.not_run > 0 {
        let _ = writeln!(
            out,
            "{} scenario(s) not run after the first failure (--fail-fast)",
            report.not_run
        );
    }
    if report.skipped > 0 {
        let _ = writeln!(
            out,
            "{} scenario(s) skipped by --filter, --tags or --partition",
            report.skipped
        );
    }
    match report.rerun {
        Some(r) if r.mode == RerunMode::LastFailed && r.failed == 0 => {
            out.push_str("--last-failed: no recorded failures, so every scenario ran\n");
        }
        Some(r) if r.mode == RerunMode::LastFailed => {
            let _ = writeln!(
                out,
                "--last-failed: ran the {} scenario(s) that failed last time; {} that passed were not run",
                r.failed, r.left_out
            );
        }
        Some(r) => {
            let _ = writeln!(
                out,
                "--failed-first: the {} scenario(s) that failed last time started first (listed above in the suite's order)",
                r.failed
            );
        }
        None => {}
    }
    let _ = write!(out, "{} passed, {} failed", report.passed(), report.failed());
    // Files whose scenarios did not run are said here too, so that a green count is not read
    // as the whole suite: their problems follow, on stderr.
    let mut unrun: Vec<&Path> = report.file_errors.iter().map(harness::FileError::file).collect();
    unrun.sort_unstable();
    unrun.dedup();
    match unrun.len() {
        0 => out.push('\n'),
        1 => out.push_str("; 1 scenario file not run (its problems follow)\n"),
        n => {
            let _ = writeln!(out, "; {n} scenario files not run (their problems follow)");
        }
    }
    out
}

/// How many scenarios the summary lists as slowest, and how many a suite needs first.
const SLOWEST: usize = 3;

/// The slowest scenarios by virtual time (then steps), as nextest lists slow tests: the
/// virtual clock, never the wall clock, so the report stays the same from run to run. Only for
/// suites of more than [`SLOWEST`] scenarios, and only scenarios that took any virtual time.
fn slowest(report: &SuiteReport) -> String {
    if report.scenarios.len() <= SLOWEST {
        return String::new();
    }
    let mut by_time: Vec<&ScenarioReport> =
        report.scenarios.iter().filter(|s| s.virtual_ms > 0).collect();
    // Stable: equal times keep the report's order.
    by_time.sort_by(|a, b| b.virtual_ms.cmp(&a.virtual_ms).then(b.steps.cmp(&a.steps)));
    let mut out = String::new();
    for s in by_time.iter().take(SLOWEST) {
        if out.is_empty() {
            out.push_str("slowest (virtual time):\n");
        }
        let _ = writeln!(
            out,
            "  {:>9}  {:>5} steps  {} › {}",
            virtual_time(s.virtual_ms),
            s.steps,
            s.file.display(),
            s.name
        );
    }
    out
}

/// `950ms`, `12.500s`, `3m05.000s`.
fn virtual_time(ms: u64) -> String {
    if ms < 1000 {
        format!("{ms}ms")
    } else if ms < 60_000 {
        format!("{}.{:03}s", ms / 1000, ms % 1000)
    } else {
        format!("{}m{:02}.{:03}s", ms / 60_000, ms % 60_000 / 1000, ms % 1000)
    }
}

/// One scenario in the human report: its line, then what failed and why (the HTML report
/// shows the same text).
fn scenario_text(s: &ScenarioReport) -> String {
    let mut out = String::new();
    let mark = if s.passed() { "PASS" } else { "FAIL" };
    let note = match &s.snapshot {
        Some(n) if s.passed() => format!(" (snapshot {n})"),
        _ => String::new(),
    };
    let _ = writeln!(out, "{mark} {} › {}{note}", s.file.display(), s.name);
    if let Outcome::Failed { mismatches } = &s.outcome {
        for m in mismatches {
            // `file:line` of the expectation that failed, as compilers place an error.
            let _ = match m.line {
                Some(line) => writeln!(out, "     {}:{line}: {}", s.file.display(), m.message),
                None => writeln!(out, "     {}", m.message),
            };
            if !m.detail.is_empty() {
                out.push_str(&super::render::indent(&m.detail, "       "));
            }
        }
    }
    let project = super::project::get().ok().flatten();
    for w in s.warnings.iter().filter(|w| !project.is_some_and(|p| p.ignores(&w.kind, &w.node_id)))
    {
        let _ = writeln!(
            out,
            "     warning {} at {}/{}: {}",
            w.kind, w.flow_name, w.node_id, w.message
        );
    }
    // What the scenario gives and its run never used: warnings, unless they failed it.
    if s.passed() {
        for u in &s.unused {
            let _ = writeln!(out, "     {}warning unused: {}", place(s, u), u.message());
        }
    }
    out
}

/// `file:line:column: ` where the scenario file gives `u`, as far as it is known.
fn place(s: &ScenarioReport, u: &harness::unused::Unused) -> String {
    match (u.line, u.column) {
        (Some(l), Some(c)) => format!("{}:{l}:{c}: ", s.file.display()),
        (Some(l), None) => format!("{}:{l}: ", s.file.display()),
        _ => String::new(),
    }
}

/// JUnit XML: a testsuite per scenario file, a testcase per scenario.
pub fn junit(report: &SuiteReport) -> String {
    use super::report::junit::{Case, Junit, Status};
    let mut junit = Junit::default();
    let mut file = String::new();
    let mut message = String::new();
    let mut detail = String::new();
    let mut system_out = String::new();
    for s in &report.scenarios {
        file.clear();
        let _ = write!(file, "{}", s.file.display());
        if !junit.in_suite(&file) {
            junit.suite(&file);
        }
        // A passing scenario's unused things are its warnings, as its output.
        system_out.clear();
        if s.passed() {
            for u in &s.unused {
                let _ = writeln!(system_out, "{}warning unused: {}", place(s, u), u.message());
            }
        }
        let status = match &s.outcome {
            Outcome::Passed => Status::Passed,
            Outcome::Failed { mismatches } => {
                message.clear();
                detail.clear();
                for (i, m) in mismatches.iter().enumerate() {
                    if i > 0 {
                        message.push_str("; ");
                    }
                    message.push_str(&m.message);
                    let _ = writeln!(detail, "{}\n{}", m.message, m.detail);
                }
                Status::Failure {
                    message: &message,
                    ty: mismatches.first().map_or("failure", |m| &m.what),
                    description: &detail,
                }
            }
        };
        // nextest-style attributes: the flow as classname, the file, and a time (the run's
        // virtual time, so that the report stays byte-identical from run to run).
        junit.case(&Case {
            name: &s.name,
            classname: Some(&s.flow),
            time_ms: Some(s.virtual_ms),
            file: Some(&file),
            status,
            system_out: (!system_out.is_empty()).then_some(system_out.as_str()),
        });
    }
    junit.file_errors(&report.file_errors, "(scenario file)");
    junit.finish("flowsim")
}

/// `flowsim test --list`: the scenarios a run would run, in its stable order, none run; exit 0,
/// or 2 when a scenario file does not read (the others are listed).
fn list(args: &TestArgs, files: &[PathBuf]) -> ExitCode {
    let (listed, errors) = harness::select::list_suite(files, &options(args, files));
    report::emit(&Listing(&listed), args.format);
    if errors.is_empty() {
        return ExitCode::SUCCESS;
    }
    super::write_painted_stderr(&super::load_errors::render(&errors));
    ExitCode::from(2)
}

/// `test --list`'s report: the scenarios a run would run. `github` writes the text: there is
/// nothing to annotate.
struct Listing<'a>(&'a [harness::select::Listed]);

const _: () = assert!(RUN_FORMATS.within(<Listing<'static> as Report>::FORMS));

impl Report for Listing<'_> {
    const FORMS: &'static [Format] = &[Format::Text, Format::Json, Format::Github];

    fn exit_code(&self) -> ExitCode {
        ExitCode::SUCCESS
    }

    fn text(&self) -> Option<Text<'_>> {
        let mut out = String::new();
        for l in self.0 {
            let _ = write!(out, "{} › {}", l.file.display(), l.name);
            if !l.tags.is_empty() {
                let _ = write!(out, "  tags: {}", l.tags.join(", "));
            }
            out.push('\n');
        }
        Some(Text::Plain(out))
    }

    fn json(&self) -> Option<Json<'_>> {
        Some(Json::pretty(self.0))
    }

    fn github(&self) -> Option<Github> {
        let Some(Text::Plain(people)) = self.text() else { return None };
        Some(Github { people: Some(people), annotations: String::new() })
    }
}

/// `flowsim test --lint`: exit 0 when every scenario file is sound, 2 with every problem.
fn lint(files: &[PathBuf], format: Format) -> ExitCode {
    let project = super::project::get().ok().flatten();
    let defaults = project.and_then(|p| p.scenario_defaults().ok());
    let report = flowsim_project::lint::lint(
        files,
        project,
        defaults.as_ref(),
        &flowsim_project::FileView::disk(),
    );
    report::emit(&Lint(&report), format)
}

/// `test --lint`'s report: every problem of the scenario files. `github` writes the text;
/// `sarif` writes each problem as a result.
struct Lint<'a>(&'a harness::LintReport);

const _: () = assert!(FORMATS.within(<Lint<'static> as Report>::FORMS));

impl Report for Lint<'_> {
    const FORMS: &'static [Format] = &[Format::Text, Format::Json, Format::Github, Format::Sarif];

    fn exit_code(&self) -> ExitCode {
        if self.0.file_errors.is_empty() {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(2)
        }
    }

    fn text(&self) -> Option<Text<'_>> {
        let report = self.0;
        let mut out = String::new();
        let mut sources = super::source::Sources::default();
        // Errors and warnings together, in line order file by file. Warnings do not fail the
        // lint: the runs they name fail (or pass, when they expect the miss).
        for d in flowsim_project::lint::diagnostics(report) {
            out.push_str(&super::render::diagnostic(&sources.attach(&d).unwrap_or(d)));
            out.push('\n');
        }
        let _ = writeln!(
            out,
            "lint: {} scenario file(s), {} scenario(s), {} problem(s){}",
            report.files,
            report.scenarios,
            report.file_errors.len(),
            if report.warnings.is_empty() {
                String::new()
            } else {
                format!(", {} warning(s)", report.warnings.len())
            }
        );
        Some(Text::Plain(out))
    }

    fn json(&self) -> Option<Json<'_>> {
        let ok = self.0.file_errors.is_empty();
        Some(Json::pretty(serde_json::json!({"ok": ok, "report": self.0})))
    }

    fn sarif(&self) -> Option<Json<'_>> {
        let diags = flowsim_project::lint::diagnostics(self.0);
        Some(Json::pretty(report::sarif::log(&diags, &super::project::root())))
    }

    fn github(&self) -> Option<Github> {
        let Some(Text::Plain(people)) = self.text() else { return None };
        Some(Github { people: Some(people), annotations: String::new() })
    }
}

/// Writes each `(path, bytes, what)` atomically, in order; when one fails, removes the files
/// written before it that did not exist before this call, and says why.
/// The coverage files asked for (JSON, LCOV, Cobertura) of `report`: `test`'s own, and
/// `flowsim merge`'s from the shards' summed coverage.
pub(crate) fn coverage_outputs<'a>(
    report: &SuiteReport,
    json: Option<&'a Path>,
    lcov: Option<&'a Path>,
    cobertura: Option<&'a Path>,
) -> Vec<(&'a Path, Vec<u8>, &'static str)> {
    let coverage = Coverage(&report.coverage);
    [
        (json, Format::Json, "the coverage report"),
        (lcov, Format::Lcov, "the LCOV coverage report"),
        (cobertura, Format::Cobertura, "the Cobertura coverage report"),
    ]
    .into_iter()
    .filter_map(|(path, format, what)| {
        Some((path?, report::bytes(&coverage, format).unwrap_or_default(), what))
    })
    .collect()
}

/// Writes every report, atomically; when one cannot be written, removes those this call
/// created before it.
pub(crate) fn write_all(outputs: &[(&Path, Vec<u8>, &str)]) -> Result<(), Refused> {
    let mut created: Vec<&Path> = Vec::new();
    for (path, bytes, what) in outputs {
        let new = path.symlink_metadata().is_err();
        if let Err(e) = flowsim::util::write_atomic(path, bytes) {
            for p in &created {
                let _ = std::fs::remove_file(p);
            }
            return Err(Refused::error(
                Code::CannotWrite,
                format!("cannot write {what} {}: {e}", path.display()),
            ));
        }
        if new {
            created.push(path);
        }
    }
    Ok(())
}

impl TestArgs {
    /// The project's scenarios when no path is given (flowsim.toml).
    pub(crate) fn fill_from(&mut self, project: &super::project::Project) {
        if self.paths.is_empty() {
            self.paths = project.scenario_paths();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Coverage, Lint, Listing, Suite, Unreferenced};
    use crate::cli::report::forms_agree;

    #[test]
    fn the_suites_reports_write_the_forms_they_declare() {
        let report = flowsim::harness::SuiteReport::default();
        forms_agree(&Suite { report: &report, unreferenced: Unreferenced::Warn });
        forms_agree(&Coverage(&None));
        forms_agree(&Listing(&[]));
        forms_agree(&Lint(&flowsim::harness::LintReport::default()));
    }
}
