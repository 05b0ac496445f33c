//! `flowsim replay`: run a cassette's recorded simulations locally and report where they differ.
//!
//! Exit codes: 0 every interaction matched (or differed only by known gaps); 1 an unexpected
//! divergence; 2 bad input (flows, fixtures or config that do not load, an unreadable cassette,
//! a recorded request that is not a run request); the other cassettes still run and are
//! reported.

use super::report::{self, Format, Json, Report, Text};
use super::Refused;
use flowsim::api::replay::{self, InteractionReport, Outcome, ReplayConfig, ReplayReport};
use flowsim::diag::Code;
use flowsim::harness::FileError;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// Cassette files, or directories of them (their *.json files).
    #[arg(required = true, value_name = "CASSETTE")]
    cassettes: Vec<PathBuf>,
    #[command(flatten)]
    source: super::flows::FlowSource,
    /// Fixture files (or directories of them) standing in for the org's data. Repeatable.
    #[arg(long = "fixtures", value_name = "FILE|DIR")]
    fixtures: Vec<PathBuf>,
    /// A replay config (YAML or JSON): flows, map, ignore, knownGaps.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// `human` (default) or `json`.
    #[arg(long, value_parser = report::TEXT_JSON, default_value = "human")]
    pub(crate) format: Format,
    /// Also write a JUnit XML report (a testcase per interaction).
    #[arg(long, value_name = "FILE")]
    junit_out: Option<PathBuf>,
    /// Replay shard K of N of the recordings (1-based), e.g. `--partition 2/4`, balanced by
    /// their recorded steps; `flowsim merge` joins the shards' `--format json` reports.
    #[arg(long, value_name = "K/N", value_parser = flowsim::util::shard::Partition::parse)]
    partition: Option<flowsim::util::shard::Partition>,
}

pub fn replay(args: &Args) -> Result<ExitCode, Refused> {
    let config = match &args.config {
        None => ReplayConfig::default(),
        Some(path) => ReplayConfig::load(path).map_err(|e| {
            Refused::error(Code::ReplayConfig, e.message)
                .file(path)
                .at_known(e.line, e.column)
                .help(e.help)
        })?,
    };
    for c in &args.cassettes {
        if !c.exists() {
            return Err(Refused::error(Code::NotFound, "no such cassette").file(c).help(format!(
                "record one with `flowsim record --out {} ...`, or check the path",
                c.display()
            )));
        }
    }
    // Nothing to replay is no evidence: a mistyped directory must not pass.
    let found = replay::discover(&args.cassettes)
        .map_err(|e| Refused::all(vec![FileError::unlistable(e, "recordings").diagnostic()]))?;
    if found.is_empty() {
        let shown: Vec<String> = args.cassettes.iter().map(|c| c.display().to_string()).collect();
        return Err(Refused::error(
            Code::NotFound,
            format!(
                "no cassette or execution data under {}: a directory's `*.json` files are replayed",
                shown.join(", ")
            ),
        )
        .help("record one with `flowsim record --out FILE ...`, or check the path"));
    }
    let registry = args.source.registry()?;
    let fixtures = super::load_fixtures(&args.fixtures).map_err(Refused::all)?;
    let live = report::Live::counting(args.format, "interactions replayed", "diverged");
    let report = replay::replay_shard(
        &found,
        &registry,
        &fixtures,
        &config,
        args.partition.unwrap_or(flowsim::util::shard::Partition::WHOLE),
        &|i: &InteractionReport| live.counted(i.outcome != Outcome::Diverged),
    );
    live.settle();
    super::past_total_steps("replays", "replay fewer executions at once (--partition K/N)")?;
    let mut report = report;
    let (parts, options) = args.source.identity();
    let files: Vec<PathBuf> = args.fixtures.iter().chain(&options).cloned().collect();
    report.shard.read_also(&super::read_identity([&registry], &files, &parts));

    if let Some(path) = &args.junit_out {
        let xml = report::bytes(&report, Format::Junit)
            .expect("a replay's report has a JUnit form: ReplayReport::FORMS holds it");
        flowsim::util::write_atomic(path, &xml).map_err(|e| {
            Refused::error(
                Code::CannotWrite,
                format!("cannot write the JUnit report {}: {e}", path.display()),
            )
        })?;
    }
    Ok(live.finish(&report))
}

const _: () = assert!(report::TEXT_JSON.within(<ReplayReport as Report>::FORMS));

/// `replay`'s report (and `flowsim merge`'s of replay shards): exit code 2 on bad input, 1 on
/// a divergence, else 0.
impl Report for ReplayReport {
    const FORMS: &'static [Format] = &[Format::Text, Format::Json, Format::Junit];

    fn exit_code(&self) -> ExitCode {
        exit_code(self)
    }

    fn text(&self) -> Option<Text<'_>> {
        Some(Text::Plain(human(self)))
    }

    fn json(&self) -> Option<Json<'_>> {
        // Written from the report itself, never through a JSON tree of it (which took
        // kilobytes per interaction, more than the recordings' reader holds).
        #[derive(serde::Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Body<'a, G> {
            shard: &'a flowsim::util::shard::Shard,
            ok: bool,
            matched: usize,
            diverged: usize,
            known_gaps: usize,
            skipped: usize,
            invalid: usize,
            divergence_groups: G,
            report: &'a ReplayReport,
        }
        Some(Json::pretty(Body {
            shard: &self.shard,
            ok: exit_code(self) == ExitCode::SUCCESS,
            matched: self.count(Outcome::Matched),
            diverged: self.count(Outcome::Diverged),
            known_gaps: self.count(Outcome::KnownGap),
            skipped: self.count(Outcome::Skipped),
            invalid: self.count(Outcome::Invalid),
            divergence_groups: flowsim::api::execution::group(&self.interactions),
            report: self,
        }))
    }

    fn junit(&self) -> Option<String> {
        Some(junit(self))
    }
}

/// 2 on bad input (files or recordings that cannot be used), 1 on a divergence, else 0.
fn exit_code(report: &ReplayReport) -> ExitCode {
    if !report.file_errors.is_empty() || report.count(Outcome::Invalid) > 0 {
        ExitCode::from(2)
    } else if report.count(Outcome::Diverged) > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// `file › #N name`.
fn label(i: &InteractionReport) -> String {
    let name = i.name.clone().unwrap_or_else(|| i.call.clone());
    format!("{} › #{} {name}", i.cassette.display(), i.index)
}

fn show(v: Option<&serde_json::Value>) -> String {
    v.map_or_else(|| "(absent)".to_owned(), serde_json::Value::to_string)
}

/// What went wrong, for the human report and JUnit: the step, its explanation, the fields.
fn detail(i: &InteractionReport) -> String {
    let mut out = String::new();
    if let Some(m) = &i.message {
        if matches!(i.outcome, Outcome::Diverged | Outcome::KnownGap) {
            let _ = writeln!(out, "{m}");
        }
    }
    if let Some(d) = &i.divergence {
        let _ = writeln!(out, "{}", d.message);
        if !d.explanation.is_empty() {
            out.push_str(&super::render::indent(&d.explanation, "  "));
        }
        let _ = writeln!(out, "  recorded path: [{}]", d.recorded_path.join(", "));
        let _ = writeln!(out, "  local path:    [{}]", d.local_path.join(", "));
    }
    if !i.diffs.is_empty() {
        let _ = writeln!(out, "differences (recorded → local):");
        let mut reasons: Vec<&str> = Vec::new();
        for d in &i.diffs {
            let gap = if d.known_gap.is_some() { " (known gap)" } else { "" };
            let _ = writeln!(
                out,
                "  {}: {} → {}{gap}",
                d.path,
                show(d.recorded.as_ref()),
                show(d.local.as_ref())
            );
            if let Some(r) = d.known_gap.as_deref().filter(|r| !reasons.contains(r)) {
                reasons.push(r);
            }
        }
        for r in reasons {
            let _ = writeln!(out, "known gap: {r}");
        }
    }
    if let Some(note) = &i.note {
        let _ = writeln!(out, "note: {note}");
    }
    out
}

/// The human report: a line per interaction, the divergences explained, a summary.
pub fn human(report: &ReplayReport) -> String {
    let mut out = String::new();
    for i in &report.interactions {
        let flow = i.flow.as_deref().unwrap_or("?");
        match i.outcome {
            Outcome::Matched => {
                let steps = i.local_steps.map_or(String::new(), |n| format!(", {n} steps"));
                let _ = writeln!(out, "MATCH    {} ({flow}{steps})", label(i));
                for c in &i.caveats {
                    let _ = writeln!(out, "     note: {c}");
                }
            }
            Outcome::Diverged | Outcome::KnownGap => {
                let mark = if i.outcome == Outcome::Diverged { "DIVERGED" } else { "KNOWN" };
                let _ = writeln!(out, "{mark:<8} {} ({flow})", label(i));
                out.push_str(&super::render::indent(&detail(i), "     "));
                for c in &i.caveats {
                    let _ = writeln!(out, "     note: {c}");
                }
            }
            // The API exchanges around execution data (queries, jobs, configurations) are
            // counted, not listed.
            Outcome::Skipped if i.message.as_deref() == Some(flowsim::api::replay::EXCHANGE) => {}
            Outcome::Skipped | Outcome::Invalid => {
                let mark = if i.outcome == Outcome::Skipped { "SKIP" } else { "INVALID" };
                let _ = writeln!(
                    out,
                    "{mark:<8} {}: {}",
                    label(i),
                    i.message.as_deref().unwrap_or_default()
                );
            }
        }
    }
    for e in &report.file_errors {
        let mut d = e.diagnostic();
        if e.code().is_none() {
            d.code = Code::BadCassette;
        }
        out.push_str(&super::render::diagnostic(&d));
    }
    for g in &report.unused_known_gaps {
        let _ = writeln!(
            out,
            "warning: known gap {g} excused nothing: the difference may be gone; remove it from the config"
        );
    }
    let executions = report.interactions.iter().filter(|i| i.call == "flow execution data").count();
    let groups = flowsim::api::execution::group(&report.interactions);
    if executions > 1 && !groups.is_empty() {
        let _ = writeln!(out, "divergences by place:");
        for g in &groups {
            let _ = writeln!(out, "  {} of {executions} executions: {}", g.count, g.message);
        }
    }
    let _ = write!(
        out,
        "{} matched, {} diverged",
        report.count(Outcome::Matched),
        report.count(Outcome::Diverged)
    );
    for (n, what) in [
        (report.count(Outcome::KnownGap), "known gap(s)"),
        (report.count(Outcome::Skipped), "skipped"),
        (report.count(Outcome::Invalid), "invalid"),
    ] {
        if n > 0 {
            let _ = write!(out, ", {n} {what}");
        }
    }
    out.push('\n');
    out
}

/// JUnit XML: a testsuite per cassette, a testcase per interaction.
fn junit(report: &ReplayReport) -> String {
    use super::report::junit::{Case, Junit, Status};
    let mut junit = Junit::default();
    let mut cassette = String::new();
    for i in &report.interactions {
        cassette.clear();
        let _ = write!(cassette, "{}", i.cassette.display());
        if !junit.in_suite(&cassette) {
            junit.suite(&cassette);
        }
        let message = i.message.as_deref().unwrap_or_default();
        let (divergence, description);
        let status = match i.outcome {
            Outcome::Matched | Outcome::KnownGap => Status::Passed,
            Outcome::Diverged => {
                divergence = i
                    .divergence
                    .as_ref()
                    .map(|d| d.message.clone())
                    .or_else(|| i.diffs.first().map(|d| format!("{} differs", d.path)))
                    .unwrap_or_else(|| "diverged".into());
                description = detail(i);
                Status::Failure {
                    message: &divergence,
                    ty: "divergence",
                    description: &description,
                }
            }
            Outcome::Skipped => Status::Skipped { message },
            Outcome::Invalid => Status::Error { message },
        };
        let known_gap = (i.outcome == Outcome::KnownGap).then(|| detail(i));
        let name = format!("#{} {}", i.index, i.name.as_deref().unwrap_or(&i.call));
        junit.case(&Case {
            name: &name,
            classname: Some(i.flow.as_deref().unwrap_or_default()),
            time_ms: None,
            file: None,
            status,
            system_out: known_gap.as_deref(),
        });
    }
    junit.file_errors(&report.file_errors, "(cassette)");
    junit.finish("flowsim replay")
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
        crate::cli::report::forms_agree(&super::ReplayReport::default());
    }
}
