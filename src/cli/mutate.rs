//! `flowsim mutate`: would the scenarios notice a broken flow? (docs/mutate.md). Exit code 0
//! when the mutation score reaches `--min-score`, 1 when it does not, 2 on bad input.

use super::report::{self, Accepted, Accepts, Format, Json, Report, Text};
use super::Refused;
use flowsim::mutate::{self, Mutant, Outcome};
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// Scenario files or directories (searched recursively); default: the current directory.
    paths: Vec<PathBuf>,
    /// Run at most N mutants (in their fixed order); the rest are counted as not run.
    #[arg(long, value_name = "N", default_value_t = 2000)]
    max_mutants: usize,
    /// The lowest mutation score (killed mutants, in percent of those run) that passes.
    #[arg(long, value_name = "PERCENT", default_value_t = 100.0)]
    min_score: f64,
    /// `text` for people, `json` for machines.
    #[arg(long, value_parser = FORMATS, default_value = "text")]
    pub(crate) format: Format,
    /// Run shard K of N of the mutants (1-based), e.g. `--partition 2/4`, balanced by their
    /// estimated cost; `flowsim merge` joins the shards' `--format json` reports.
    #[arg(long, value_name = "K/N", value_parser = flowsim::util::shard::Partition::parse)]
    partition: Option<flowsim::util::shard::Partition>,
}

/// What `mutate --format` writes.
pub(crate) const FORMATS: Accepts =
    Accepts(&[Accepted::plain(Format::Text, "text"), Accepted::plain(Format::Json, "json")]);

pub fn mutate(args: &Args) -> Result<ExitCode, Refused> {
    if !(0.0..=100.0).contains(&args.min_score) {
        return Err(Refused::error(
            flowsim::diag::Code::BadArgument,
            format!("--min-score {} is not a percentage", args.min_score),
        )
        .help("give a number from 0 to 100"));
    }
    // No mutant run is no evidence: a score of it would pass any --min-score.
    if args.max_mutants == 0 {
        return Err(Refused::error(
            flowsim::diag::Code::BadArgument,
            "--max-mutants must be at least 1",
        )
        .help("give a bound of 1 or more"));
    }
    let paths = if args.paths.is_empty() { vec![PathBuf::from(".")] } else { args.paths.clone() };
    let inputs = super::scenario_inputs(&paths)?;
    let partition = args.partition.unwrap_or(flowsim::util::shard::Partition::WHOLE);
    let live = report::Live::counting(args.format, "mutants tried", "survived");
    let judged = |m: &mutate::Mutant| live.counted(m.outcome != mutate::Outcome::Survived);
    let mut report = mutate::run(&inputs, args.max_mutants, partition, &judged);
    live.settle();
    super::past_total_steps(
        "scenarios",
        "run fewer mutants or scenarios at once (--max-mutants N, --partition K/N)",
    )?;
    // The scenario files, their flows and fixtures, read again for the run's identity.
    let files = super::scenario_files(&paths)?;
    let mut read = flowsim::harness::suite_content(&files);
    read.extend(super::project_identity().into_iter().flat_map(String::into_bytes));
    report.shard.read_also(&read);
    Ok(live.finish(&Scored { report: &report, min_score: args.min_score }))
}

/// `mutate`'s report: the mutants and the score they must reach (exit code 0 when the score
/// reaches it, else 1), written by `mutate` and by `flowsim merge` of mutate shards.
pub(crate) struct Scored<'a> {
    pub(crate) report: &'a mutate::Report,
    pub(crate) min_score: f64,
}

const _: () = assert!(FORMATS.within(<Scored<'static> as Report>::FORMS));

impl Report for Scored<'_> {
    const FORMS: &'static [Format] = &[Format::Text, Format::Json];

    fn exit_code(&self) -> ExitCode {
        if self.report.score() + 1e-9 >= self.min_score {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        }
    }

    fn text(&self) -> Option<Text<'_>> {
        Some(Text::Plain(text(self.report)))
    }

    fn json(&self) -> Option<Json<'_>> {
        let report = self.report;
        Some(Json::pretty(serde_json::json!({
                "shard": report.shard,
                "minScore": self.min_score,
                "score": (report.score() * 10.0).round() / 10.0,
                "killed": report.count(Outcome::Killed),
                "survived": report.count(Outcome::Survived),
                "noEffect": report.count(Outcome::NoEffect),
                "notCovered": report.count(Outcome::NotCovered),
                "notRun": report.count(Outcome::NotRun),
                "stubbed": report.count(Outcome::Stubbed),
                "report": report,
        })))
    }
}

fn line(m: &Mutant) -> String {
    let at = if m.line > 0 { format!("{}:{}", m.file, m.line) } else { m.file.clone() };
    format!("  {} › {} ({at}): {}: {}\n", m.flow, m.action, m.operator.as_str(), m.change)
}

fn text(report: &mutate::Report) -> String {
    let mut out = String::new();
    for name in &report.failing_without_mutation {
        let _ = writeln!(
            out,
            "warning: `{name}` fails on the flows as they are; it is left out (run `flowsim test`)"
        );
    }
    for (outcome, title) in [
        (Outcome::Survived, "survived (a scenario's run changed, and no scenario failed):"),
        (Outcome::NoEffect, "no effect (scenarios reach the action, and no run changed):"),
        (Outcome::NotCovered, "not covered (no scenario reaches the action):"),
    ] {
        let list: Vec<&Mutant> = report.mutants.iter().filter(|m| m.outcome == outcome).collect();
        if !list.is_empty() {
            let _ = writeln!(out, "{title}");
            for m in list {
                out.push_str(&line(m));
            }
        }
    }
    let not_run = report.count(Outcome::NotRun);
    if not_run > 0 {
        let _ = writeln!(out, "warning: {not_run} mutants not run (past --max-mutants)");
    }
    let stubbed = report.count(Outcome::Stubbed);
    if stubbed > 0 {
        let _ = writeln!(
            out,
            "note: {stubbed} mutants change what a stubbed action would do: every scenario that reaches it stubs it, so they are left out of the score"
        );
    }
    let not_run = not_run + stubbed;
    let _ = writeln!(
        out,
        "mutants: {} ({} killed, {} survived, {} with no effect, {} not covered); scenarios: {}; score {:.1}%",
        report.mutants.len() - not_run,
        report.count(Outcome::Killed),
        report.count(Outcome::Survived),
        report.count(Outcome::NoEffect),
        report.count(Outcome::NotCovered),
        report.scenarios,
        report.score()
    );
    out
}

impl Args {
    /// The project's scenarios when no path is given (flowsim.toml).
    pub(crate) fn fill_from(&mut self, project: &super::project::Project) {
        if self.paths.is_empty() {
            self.paths = project.scenario_paths();
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_report_writes_the_forms_it_declares() {
        let report = super::mutate::Report {
            scenarios: 0,
            failing_without_mutation: Vec::new(),
            mutants: Vec::new(),
            shard: flowsim::util::shard::Shard::default(),
        };
        crate::cli::report::forms_agree(&super::Scored { report: &report, min_score: 100.0 });
    }
}
