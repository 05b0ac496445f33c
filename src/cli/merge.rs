//! `flowsim merge FILE...`: the `--format json` reports of the shards of one run
//! (`--partition K/N` of `test`, `mutate`, `replay`, `traffic`, `diff`) joined into
//! the report one machine gives, in any form the command has, with its exit code; test
//! shards' coverage added up into the coverage files one machine writes.
//!
//! Invariants:
//! - The merged JSON is byte for byte the whole run's JSON (whose header says shard 1 of 1), so
//!   a merged report merges again, and its other forms are the command's own writers run on it.
//! - Shards of different commands or runs, a shard missing or given twice, a file that is not a
//!   shard report, or a shard whose part of the run cannot be told (a `--fail-fast` stop) are
//!   refused, exit 2, naming the file; nothing is printed on stdout then.
//! - Cost: time and memory linear in the reports' bytes: each file is read once, whole (at
//!   most [`MAX_REPORT_BYTES`]), and every file's text and its report are held together until
//!   the merged one is written.

use super::report::{self, Accepted, Accepts, Format, Report};
use super::Refused;
use flowsim::api::replay::ReplayReport;
use flowsim::diag::Code;
use flowsim::util::shard::{self, MergeError, Shard};
use serde::de::DeserializeOwned;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// The shards' reports: the `--format json` output of each shard of one run
    /// (`--partition K/N`), in any order.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// The merged report's form, as the command writes it: `text` (the default), `json`,
    /// `junit` (test, replay), `github` (test), `markdown` (diff).
    #[arg(long, value_parser = FORMATS, default_value = "text")]
    pub(crate) format: Format,
    /// Test shards run with `--coverage`: write their coverage, added up, as JSON (what
    /// `test --coverage-out` writes on one machine).
    #[arg(long, value_name = "FILE")]
    coverage_out: Option<PathBuf>,
    /// Test shards run with `--coverage`: write their coverage, added up, as an LCOV tracefile.
    #[arg(long, value_name = "FILE")]
    coverage_lcov: Option<PathBuf>,
    /// Test shards run with `--coverage`: write their coverage, added up, as Cobertura XML.
    #[arg(long, value_name = "FILE")]
    coverage_cobertura: Option<PathBuf>,
}

impl Args {
    fn wants_coverage(&self) -> bool {
        self.coverage_out.is_some()
            || self.coverage_lcov.is_some()
            || self.coverage_cobertura.is_some()
    }
}

/// What `merge --format` writes: each command's forms, as the command writes them.
const FORMATS: Accepts = Accepts(&[
    Accepted { format: Format::Text, name: "text", aliases: &["human"], help: None },
    Accepted::plain(Format::Json, "json"),
    Accepted::plain(Format::Junit, "junit"),
    Accepted::plain(Format::Github, "github"),
    Accepted::plain(Format::Markdown, "markdown"),
]);

/// The largest report file read (1 GiB): a shard's report grows with its items (a traffic
/// report by about 55 bytes an execution, so a shard of a million writes about 55 MB), which
/// `--partition` exists to run by the million; the inputs' cap (`util::MAX_INPUT_BYTES`, 32
/// MiB) would refuse a shard of more than about 600,000 executions. Memory is linear in the
/// reports' bytes: every file's text and its report are held until the merged one is written.
const MAX_REPORT_BYTES: u64 = 1024 * 1024 * 1024;

/// One file given: its path and text.
struct Given {
    path: PathBuf,
    text: String,
}

/// Just the header of a report.
#[derive(serde::Deserialize)]
struct Head {
    shard: Option<Shard>,
}

pub fn merge(args: &Args) -> Result<ExitCode, Refused> {
    let mut given = Vec::with_capacity(args.files.len());
    let mut headers = Vec::with_capacity(args.files.len());
    for path in &args.files {
        let text = flowsim::util::read_text(path, MAX_REPORT_BYTES).map_err(|e| {
            Refused::unreadable(path, "a shard report", &e)
                .help("pass the files each shard's `--format json` wrote")
        })?;
        let head: Head = serde_json::from_str(&text).map_err(|e| not_a_shard(path, &e))?;
        let Some(header) = head.shard else {
            return Err(Refused::error(Code::BadShard, "not a shard report: it has no `shard` header")
                .file(path)
                .help("pass the `--format json` output of `flowsim test|mutate|replay|traffic|diff --partition K/N`"));
        };
        headers.push(header);
        given.push(Given { path: path.clone(), text });
    }
    let refs: Vec<&Shard> = headers.iter().collect();
    shard::check(&refs).map_err(|e| refused(&given, &e))?;
    let format = args.format;
    let command = headers[0].command.as_str();
    if args.wants_coverage() && command != "test" {
        return Err(Refused::error(Code::BadShard, format!("a shard of `{command}`, which has no coverage"))
            .file(&given[0].path)
            .help("--coverage-out, --coverage-lcov and --coverage-cobertura merge the coverage of `flowsim test` shards"));
    }
    match command {
        "test" => test(&given, &refs, args),
        "mutate" => mutate(&given, &refs, format),
        "replay" => replay(&given, &refs, format),
        "traffic" => traffic(&given, &refs, format),
        "diff" => diff(&given, &refs, format),
        other => Err(Refused::error(
            Code::BadShard,
            format!("a shard of `{other}`, which merge does not know"),
        )
        .file(&given[0].path)
        .help("merge reports of test, mutate, replay, traffic or diff")),
    }
}

/// A file that is not JSON, or not a report of its command: where, and what to do.
fn not_a_shard(path: &std::path::Path, e: &serde_json::Error) -> Refused {
    Refused::of_json(Code::BadShard, "not a shard report", e)
        .file(path)
        .help("pass the `--format json` output of `flowsim test|mutate|replay|traffic|diff --partition K/N`, unedited")
}

/// A merge error whose subject is a file (`is shard 2 of 3 again`, `its places do not fit`)
/// as a sentence about "this file", which the diagnostic's place names.
fn of_the_file(text: &str) -> String {
    match text.strip_prefix("its ") {
        Some(rest) => format!("this file's {rest}"),
        None => format!("this file {text}"),
    }
}

fn refused(given: &[Given], e: &MergeError) -> Refused {
    let help = match e {
        MergeError::Missing { .. } => "pass every shard's report, 1 to N, once each",
        MergeError::Duplicate { .. } => "pass each shard's report once",
        _ => "merge only the shards of one run: the same command and N over the same files (flows, fixtures, scenarios, as they were), environment and options; run every shard again from one checkout",
    };
    match e.file().and_then(|f| given.get(f)) {
        Some(g) => {
            Refused::error(Code::BadShard, of_the_file(&e.to_string())).file(&g.path).help(help)
        }
        None => Refused::error(Code::BadShard, e.to_string()).help(help),
    }
}

/// Each file's report, read as the command's JSON.
fn bodies<T: DeserializeOwned>(given: &[Given]) -> Result<Vec<T>, Refused> {
    given
        .iter()
        .map(|g| serde_json::from_str(&g.text).map_err(|e| not_a_shard(&g.path, &e)))
        .collect()
}

/// The same part in every shard (what each computes over the whole run), else a refusal.
fn same<T: PartialEq>(given: &[Given], parts: &[T], what: &str) -> Result<(), Refused> {
    match parts.iter().position(|p| *p != parts[0]) {
        None => Ok(()),
        Some(i) => Err(Refused::error(
            Code::BadShard,
            format!(
                "its {what} differ from {}'s: they are not shards of one run",
                given[0].path.display()
            ),
        )
        .file(&given[i].path)
        .help("merge only the shards of one run: the same command, inputs and N")),
    }
}

/// The refusal of a form `command`'s report `R` lacks, naming those it has that merge writes.
fn no_form<R: Report>(command: &str, format: Format) -> Refused {
    Refused::error(Code::BadShard, format!("`{command}` has no {} form", format.name()))
        .help(format!("give --format {}", report::forms::<R>(FORMATS)))
}

/// `flowsim test` shards.
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct TestShard {
    unreferenced: super::test::Unreferenced,
    report: flowsim::harness::SuiteReport,
}

fn test(given: &[Given], headers: &[&Shard], args: &Args) -> Result<ExitCode, Refused> {
    use super::test as t;
    let format = args.format;
    if !report::has::<t::Suite>(format) {
        return Err(no_form::<t::Suite>("test", format));
    }
    let mut parts: Vec<TestShard> = bodies(given)?;
    let count = headers[0].count;
    for (g, p) in given.iter().zip(&parts) {
        if count > 1 && p.report.not_run > 0 {
            return Err(Refused::error(Code::BadShard, "this shard stopped at its first failure (--fail-fast), so the shards do not add up to one run")
                .file(&g.path)
                .help("run the shards without --fail-fast"));
        }
    }
    let coverage = summed_coverage(given, &mut parts)?;
    if args.wants_coverage() && coverage.is_none() {
        return Err(Refused::error(
            Code::BadShard,
            "this shard ran without --coverage, so there is no coverage to add up",
        )
        .file(&given[0].path)
        .help("run every shard with --coverage"));
    }
    // What every shard computes over the whole suite.
    let whole_skipped: Vec<usize> =
        parts.iter().zip(headers).map(|(p, h)| p.report.skipped + h.len() - h.items).collect();
    same(given, &whole_skipped, "skipped scenarios")?;
    same(given, &parts.iter().map(|p| &p.report.file_errors).collect::<Vec<_>>(), "file errors")?;
    same(
        given,
        &parts.iter().map(|p| &p.report.orphaned_snapshots).collect::<Vec<_>>(),
        "unreferenced snapshots",
    )?;
    same(given, &parts.iter().map(|p| p.report.rerun).collect::<Vec<_>>(), "--last-failed notes")?;
    same(given, &parts.iter().map(|p| p.unreferenced).collect::<Vec<_>>(), "--unreferenced")?;
    let unreferenced = parts[0].unreferenced;
    let mut parts = parts.into_iter().map(|p| p.report);
    let Some(mut whole) = parts.next() else { return Err(no_form::<t::Suite>("test", format)) };
    let mut all = vec![std::mem::take(&mut whole.scenarios)];
    all.extend(parts.map(|p| p.scenarios));
    whole.scenarios = shard::interleave(headers, all).map_err(|e| refused(given, &e))?;
    whole.skipped = whole_skipped[0];
    whole.shard = headers[0].whole();
    whole.coverage = coverage;
    let files = t::coverage_outputs(
        &whole,
        args.coverage_out.as_deref(),
        args.coverage_lcov.as_deref(),
        args.coverage_cobertura.as_deref(),
    );
    t::write_all(&files)?;
    Ok(report::emit(&t::Suite { report: &whole, unreferenced }, format))
}

/// The shards' coverage added up (`coverage::sum`), taken out of each part; `None` when no
/// shard has any, refused when some have it and some not, or when they count other flows.
fn summed_coverage(
    given: &[Given],
    parts: &mut [TestShard],
) -> Result<Option<Vec<flowsim::harness::coverage::FlowCoverage>>, Refused> {
    let lists: Vec<Option<Vec<_>>> = parts.iter_mut().map(|p| p.report.coverage.take()).collect();
    if lists.iter().all(Option::is_none) {
        return Ok(None);
    }
    if let Some(i) = lists.iter().position(Option::is_none) {
        return Err(Refused::error(
            Code::BadShard,
            format!(
                "this shard ran without --coverage, and {} with it",
                given[lists.iter().position(Option::is_some).unwrap_or(0)].path.display()
            ),
        )
        .file(&given[i].path)
        .help("run every shard with --coverage, or none"));
    }
    let lists: Vec<Vec<_>> = lists.into_iter().flatten().collect();
    flowsim::harness::coverage::sum(&lists).map(Some).map_err(|e| {
        let help = "merge only the shards of one run: the same command, inputs and N";
        match given.get(e.part()) {
            Some(g) => {
                Refused::error(Code::BadShard, of_the_file(&e.to_string())).file(&g.path).help(help)
            }
            None => Refused::error(Code::BadShard, e.to_string()).help(help),
        }
    })
}

/// `flowsim mutate` shards.
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct MutateShard {
    min_score: f64,
    report: flowsim::mutate::Report,
}

fn mutate(given: &[Given], headers: &[&Shard], format: Format) -> Result<ExitCode, Refused> {
    if !report::has::<super::mutate::Scored>(format) {
        return Err(no_form::<super::mutate::Scored>("mutate", format));
    }
    let parts: Vec<MutateShard> = bodies(given)?;
    same(given, &parts.iter().map(|p| p.report.scenarios).collect::<Vec<_>>(), "scenarios")?;
    same(
        given,
        &parts.iter().map(|p| &p.report.failing_without_mutation).collect::<Vec<_>>(),
        "failing scenarios",
    )?;
    same(given, &parts.iter().map(|p| p.min_score.to_bits()).collect::<Vec<_>>(), "--min-score")?;
    let min_score = parts[0].min_score;
    let mut parts = parts.into_iter().map(|p| p.report);
    let Some(mut whole) = parts.next() else {
        return Err(no_form::<super::mutate::Scored>("mutate", format));
    };
    let mut all = vec![std::mem::take(&mut whole.mutants)];
    all.extend(parts.map(|p| p.mutants));
    whole.mutants = shard::interleave(headers, all).map_err(|e| refused(given, &e))?;
    whole.shard = headers[0].whole();
    Ok(report::emit(&super::mutate::Scored { report: &whole, min_score }, format))
}

/// `flowsim replay` shards.
#[derive(serde::Deserialize)]
struct ReplayShard {
    report: ReplayReport,
}

fn replay(given: &[Given], headers: &[&Shard], format: Format) -> Result<ExitCode, Refused> {
    let parts: Vec<ReplayShard> = bodies(given)?;
    same(given, &parts.iter().map(|p| &p.report.file_errors).collect::<Vec<_>>(), "file errors")?;
    let mut parts = parts.into_iter().map(|p| p.report);
    let Some(mut whole) = parts.next() else {
        return Err(no_form::<ReplayReport>("replay", format));
    };
    let mut all = vec![std::mem::take(&mut whole.interactions)];
    for p in parts {
        // A known gap excused nothing in the whole run when it excused nothing in any shard.
        whole.unused_known_gaps.retain(|g| p.unused_known_gaps.contains(g));
        all.push(p.interactions);
    }
    whole.interactions = shard::interleave(headers, all).map_err(|e| refused(given, &e))?;
    whole.shard = headers[0].whole();
    if !report::has::<ReplayReport>(format) {
        return Err(no_form::<ReplayReport>("replay", format));
    }
    Ok(report::emit(&whole, format))
}

fn traffic(given: &[Given], headers: &[&Shard], format: Format) -> Result<ExitCode, Refused> {
    use flowsim::api::execution::traffic::{self, TrafficReport};
    if !report::has::<super::traffic::Weighed>(format) {
        return Err(no_form::<super::traffic::Weighed>("traffic", format));
    }
    let parts: Vec<super::traffic::Body<TrafficReport>> = bodies(given)?;
    same(
        given,
        &parts.iter().map(|p| p.min_coverage.map(f64::to_bits)).collect::<Vec<_>>(),
        "--min-coverage",
    )?;
    same(
        given,
        &parts.iter().map(|p| (p.report.executions, p.report.suite)).collect::<Vec<_>>(),
        "executions or suite",
    )?;
    let min_coverage = parts.first().and_then(|p| p.min_coverage);
    // Every place a shard's report gives is one of its header's (checked: they fill the run).
    let mut owner = vec![usize::MAX; if headers[0].count > 1 { headers[0].items } else { 0 }];
    for (file, h) in headers.iter().enumerate() {
        for &p in &h.places {
            owner[p] = file;
        }
    }
    for (file, p) in parts.iter().enumerate() {
        let r = &p.report;
        let mut places = r
            .paths
            .iter()
            .flat_map(|g| &g.places)
            .chain(&r.diverged_places)
            .chain(&r.invalid_places);
        let placed = r.paths.iter().all(|g| g.places.len() == g.executions.len())
            && r.diverged_places.len() == r.diverged.len()
            && r.invalid_places.len() == r.invalid.len()
            && places.all(|&x| owner.get(x) == Some(&file));
        if headers[0].count > 1 && !placed {
            return Err(refused(given, &MergeError::Places { file, items: headers[0].items }));
        }
    }
    let whole = headers[0].whole();
    let report = if headers[0].count == 1 {
        let mut report = parts.into_iter().map(|p| p.report).next().unwrap_or_default();
        report.shard = whole;
        report
    } else {
        traffic::merge(parts.into_iter().map(|p| p.report).collect(), whole)
    };
    Ok(super::traffic::emit(&report, format, min_coverage, None))
}

/// `flowsim diff` shards: the structure is every shard's (the same in each); the inputs'
/// behaviour is placed by the headers.
#[derive(serde::Deserialize)]
struct DiffShard {
    old: String,
    new: String,
    flows: Vec<flowsim::diff::FlowDiff>,
    inputs: usize,
    behaviour: Vec<flowsim::diff::behaviour::CaseDiff>,
}

fn diff(given: &[Given], headers: &[&Shard], format: Format) -> Result<ExitCode, Refused> {
    if !report::has::<super::diff::Output>(format) {
        return Err(no_form::<super::diff::Output>("diff", format));
    }
    let parts: Vec<DiffShard> = bodies(given)?;
    same(
        given,
        &parts.iter().map(|p| (&p.old, &p.new, p.inputs)).collect::<Vec<_>>(),
        "versions or inputs",
    )?;
    same(given, &parts.iter().map(|p| &p.flows).collect::<Vec<_>>(), "flows")?;
    let mut parts = parts.into_iter();
    let Some(first) = parts.next() else {
        return Err(no_form::<super::diff::Output>("diff", format));
    };
    let mut all = vec![first.behaviour];
    all.extend(parts.map(|p| p.behaviour));
    let behaviour = shard::interleave(headers, all).map_err(|e| refused(given, &e))?;
    let mut listed = super::diff::Inputs::new(format);
    for b in &behaviour {
        listed.add(b).map_err(|e| super::diff::unkept(&e))?;
    }
    let behaviour = listed.done().map_err(|e| super::diff::unkept(&e))?;
    let out = super::diff::Output {
        shard: headers[0].whole(),
        old: &first.old,
        new: &first.new,
        flows: &first.flows,
        inputs: first.inputs,
        behaviour,
    };
    Ok(report::emit(&out, format))
}
