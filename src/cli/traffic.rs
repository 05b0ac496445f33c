//! `flowsim traffic`: production traffic into tests (docs/traffic.md). The distinct paths
//! callers took, a scenario file with one scenario per path, and, with a suite, the steps
//! callers took that no scenario covers, ranked by callers. Exit code 0; 1 when
//! `--min-coverage` is not reached; 2 on bad input.

use super::report::{self, Format, Json, Report, Text};
use super::Refused;
use flowsim::api::execution::traffic::{self, Recordings, RecordingsError, TrafficReport};
use flowsim::diag::Code;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// Flow execution data: documents as the cloud's API gives them (one, a list, or JSON
    /// lines), or directories of them (their *.json files); `-` reads them from standard input.
    #[arg(required = true, value_name = "EXECUTIONS")]
    executions: Vec<PathBuf>,
    #[command(flatten)]
    source: super::flows::FlowSource,
    /// Fixture files (or directories of them) standing in for the org's data. Repeatable.
    #[arg(long = "fixtures", value_name = "FILE|DIR")]
    fixtures: Vec<PathBuf>,
    /// A test suite (scenario files or directories) to weigh the traffic against: the steps
    /// callers took that no scenario takes, ranked by callers. Repeatable.
    #[arg(long = "scenarios", value_name = "PATH")]
    scenarios: Vec<PathBuf>,
    /// Write a scenario file (`*.scenarios.json`) with one scenario per distinct path, redacted.
    /// Its `flows` and `fixtures` are this command's `--flows` and `--fixtures`, relative to it.
    #[arg(long, value_name = "FILE")]
    write: Option<PathBuf>,
    /// The key personal data is replaced with (the same key gives the same tokens).
    #[arg(long, value_name = "KEY")]
    redaction_key: Option<String>,
    /// Fail (exit 1) when fewer than PERCENT of the callers took a path the suite covers.
    #[arg(long, value_name = "PERCENT")]
    min_coverage: Option<f64>,
    /// `text` for people, `json` for machines.
    #[arg(long, value_parser = report::TEXT_JSON, default_value = "text")]
    pub(crate) format: Format,
    /// Analyse shard K of N of the executions (1-based), e.g. `--partition 2/4`, balanced by
    /// their recorded steps; `flowsim merge` joins the shards' `--format json` reports.
    #[arg(long, value_name = "K/N", value_parser = flowsim::util::shard::Partition::parse, conflicts_with = "write")]
    partition: Option<flowsim::util::shard::Partition>,
}

/// The JSON report: the shard's header and `--min-coverage` (for `flowsim merge`), then the
/// report.
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Body<R> {
    pub(crate) shard: flowsim::util::shard::Shard,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) min_coverage: Option<f64>,
    #[serde(flatten)]
    pub(crate) report: R,
}

pub fn traffic(args: &Args) -> Result<ExitCode, Refused> {
    if let Some(p) = args.min_coverage.filter(|p| !(0.0..=100.0).contains(p)) {
        return Err(Refused::error(
            flowsim::diag::Code::BadArgument,
            format!("--min-coverage {p} is not a percentage"),
        )
        .help("give a number from 0 to 100"));
    }
    if args.min_coverage.is_some() && args.scenarios.is_empty() {
        return Err(Refused::error(
            flowsim::diag::Code::BadArgument,
            "--min-coverage needs a suite to weigh against",
        )
        .help("add --scenarios tests/"));
    }
    let recorded = recordings(&args.executions)?;
    let registry = args.source.registry()?;
    let fixtures = super::load_fixtures(&args.fixtures).map_err(Refused::all)?;
    let suite = if args.scenarios.is_empty() {
        None
    } else {
        Some(super::scenario_inputs(&args.scenarios)?)
    };
    let live = report::Live::counting(args.format, "executions replayed", "diverged");
    let report = traffic::analyse(
        &recorded,
        &registry,
        &fixtures,
        suite.as_deref(),
        args.redaction_key.as_deref(),
        args.partition.unwrap_or(flowsim::util::shard::Partition::WHOLE),
        flowsim::api::execution::pipeline::Pipeline::machine(),
        &mut |ok| live.counted(ok),
    )
    .map_err(|e| unreadable(&e))?;
    live.settle();
    super::past_total_steps(
        "runs",
        "weigh fewer executions or scenarios at once (--partition K/N)",
    )?;
    let mut report = report;
    let (parts, options) = args.source.identity();
    let files: Vec<PathBuf> = args.fixtures.iter().chain(&options).cloned().collect();
    let mut read = super::read_identity([&registry], &files, &parts);
    if suite.is_some() {
        // The suite weighed against: its scenario files, their flows and fixtures.
        read.extend(flowsim::harness::suite_content(&super::scenario_files(&args.scenarios)?));
    }
    report.shard.read_also(&read);

    let mut written = None;
    if let Some(out) = &args.write {
        let scenarios: Vec<&serde_json::Value> =
            report.paths.iter().filter_map(|p| p.scenario.as_ref()).collect();
        let base =
            out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(std::path::Path::new("."));
        let relative = |p: &PathBuf| relative_to(base, p);
        let file = serde_json::json!({
            "flows": args.source.flows.iter().map(relative).collect::<Vec<_>>(),
            "fixtures": args.fixtures.iter().map(relative).collect::<Vec<_>>(),
            "scenarios": scenarios,
        });
        let text = report::json(&file);
        flowsim::util::write_atomic(out, text.as_bytes()).map_err(|e| {
            Refused::error(Code::CannotWrite, format!("cannot write {}: {e}", out.display()))
        })?;
        written = Some((out.clone(), scenarios.len()));
    }

    Ok(live.finish(&Weighed {
        report: &report,
        min_coverage: args.min_coverage,
        written: written.as_ref(),
    }))
}

/// Prints `report` in `format` (`traffic`'s own output, and `flowsim merge`'s of traffic
/// shards) and gives the exit code: 1 when the callers covered fall short of `min_coverage`.
pub(crate) fn emit(
    report: &TrafficReport,
    format: Format,
    min_coverage: Option<f64>,
    written: Option<&(PathBuf, usize)>,
) -> ExitCode {
    report::emit(&Weighed { report, min_coverage, written }, format)
}

/// `traffic`'s report: the paths, the coverage they must reach, the scenario file written.
pub(crate) struct Weighed<'a> {
    report: &'a TrafficReport,
    min_coverage: Option<f64>,
    written: Option<&'a (PathBuf, usize)>,
}

const _: () = assert!(report::TEXT_JSON.within(<Weighed<'static> as Report>::FORMS));

impl Weighed<'_> {
    fn coverage(&self) -> f64 {
        percent(self.report.covered_callers(), self.report.matched_callers())
    }
}

impl Report for Weighed<'_> {
    const FORMS: &'static [Format] = &[Format::Text, Format::Json];

    fn exit_code(&self) -> ExitCode {
        let short = self.min_coverage.is_some_and(|min| self.coverage() + 1e-9 < min);
        if short {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        }
    }

    fn text(&self) -> Option<Text<'_>> {
        Some(Text::Plain(human(self.report, self.coverage(), self.written)))
    }

    fn json(&self) -> Option<Json<'_>> {
        let report = self.report;
        Some(Json::pretty(Body {
            shard: report.shard.clone(),
            min_coverage: self.min_coverage,
            report,
        }))
    }
}

fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        100.0
    } else {
        part as f64 * 100.0 / whole as f64
    }
}

/// `path` as seen from `base` (both as given; absolute paths stay absolute).
fn relative_to(base: &std::path::Path, path: &PathBuf) -> String {
    let (Ok(b), Ok(p)) = (std::path::absolute(base), std::path::absolute(path)) else {
        return path.display().to_string();
    };
    let common = b.components().zip(p.components()).take_while(|(x, y)| x == y).count();
    let mut out = PathBuf::new();
    for _ in b.components().skip(common) {
        out.push("..");
    }
    for c in p.components().skip(common) {
        out.push(c);
    }
    out.display().to_string()
}

fn human(r: &TrafficReport, coverage: f64, written: Option<&(PathBuf, usize)>) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} executions: {} distinct paths, {} diverged from your flows, {} not replayable",
        r.executions,
        r.paths.len(),
        r.diverged.len(),
        r.invalid.len()
    );
    for (k, p) in r.paths.iter().enumerate() {
        let _ = writeln!(
            out,
            "path {}: {} caller{} of {}, {} steps, {}",
            k + 1,
            p.callers,
            if p.callers == 1 { "" } else { "s" },
            p.flow,
            p.steps.len(),
            p.ending
        );
        if r.suite {
            if p.uncovered.is_empty() {
                let _ = writeln!(out, "  covered by the scenarios");
            } else {
                for s in &p.uncovered {
                    let _ = writeln!(out, "  not covered: {s}");
                }
            }
        }
        if let Some(why) = &p.not_written {
            let _ = writeln!(out, "  no scenario written: {why}");
        }
    }
    for d in &r.diverged {
        let _ = writeln!(out, "diverged: {d} (run `flowsim replay` on it to see where)");
    }
    for i in &r.invalid {
        let _ = writeln!(out, "not replayable: {i}");
    }
    if r.suite {
        let _ = writeln!(
            out,
            "traffic coverage: {} of {} callers ({coverage:.1}%) took a path the scenarios cover",
            r.covered_callers(),
            r.matched_callers()
        );
        if !r.uncovered_steps.is_empty() {
            let _ = writeln!(out, "steps no scenario takes, by callers:");
            for (s, n) in &r.uncovered_steps {
                let _ = writeln!(out, "  {n:>5}  {s}");
            }
        }
    }
    if let Some((path, n)) = written {
        let _ = writeln!(out, "wrote {n} scenarios to {}", path.display());
    }
    out
}

/// The recorded flow executions under `paths` (documents as the cloud's API returns them, a
/// list or JSON lines of them, or a cassette of `flowsim record --execution-data`), read as a
/// stream by each pass over them.
pub(crate) fn recordings(paths: &[PathBuf]) -> Result<Recordings, Refused> {
    Recordings::new(paths).map_err(|e| unreadable(&e))
}

/// Recordings that cannot be read: the file, the document's place, what to do.
pub(crate) fn unreadable(e: &RecordingsError) -> Refused {
    use flowsim::api::execution::stream::StreamError;
    let code = match e {
        RecordingsError::Nothing(_) => Code::NotFound,
        RecordingsError::ReadOnce => Code::BadArgument,
        RecordingsError::Unreadable(_, StreamError::Io(_)) => Code::UnreadableFile,
        _ => Code::BadCassette,
    };
    let refused = match e {
        // The file is the place, and the document's line and column where the reader knows
        // them; the message is what is wrong there.
        RecordingsError::Unreadable(path, why) => {
            let refused = Refused::error(code, why.to_string()).file(path);
            match why {
                StreamError::Bad { line, column, .. } if *line > 0 => refused.at(*line, *column),
                _ => refused,
            }
        }
        RecordingsError::NotExecutionData(path) => {
            Refused::error(code, "not flow execution data").file(path)
        }
        _ => Refused::error(code, e.to_string()),
    };
    refused.help(e.help())
}

impl Args {
    /// What the project gives that the command line did not (flowsim.toml).
    pub(crate) fn fill_from(&mut self, project: &super::project::Project) {
        self.source.fill_from(project);
        if self.fixtures.is_empty() {
            self.fixtures.clone_from(&project.fixtures);
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_report_writes_the_forms_it_declares() {
        let report = super::TrafficReport::default();
        let weighed = super::Weighed { report: &report, min_coverage: None, written: None };
        crate::cli::report::forms_agree(&weighed);
    }
}
