//! `flowsim heatmap`: the crosstab of an input against an outcome over a decision log (or the
//! decisions of a test run), drawn as SVG or PNG.

use super::report::{Accepted, Accepts, Format};
use super::Refused;
use flowsim::decisions::{heatmap, ndjson, Count, Crosstab};
use flowsim::diag::Code;
use flowsim::harness;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// Decision logs: `_bulk` NDJSON (as `--decision-log` writes), plain NDJSON documents, or
    /// an Elasticsearch `_search` response. Repeatable.
    #[arg(
        long = "decisions",
        value_name = "FILE",
        required_unless_present = "from_test",
        conflicts_with = "from_test"
    )]
    decisions: Vec<PathBuf>,
    /// Run these scenario files (or directories of them) and use their decisions.
    #[arg(long = "from-test", value_name = "PATH", num_args = 1..)]
    from_test: Vec<PathBuf>,
    /// The field for rows (a dotted name reaches into objects: `queue.waiting`).
    #[arg(long, value_name = "FIELD", default_value = "dtmf")]
    row: String,
    /// The field for columns.
    #[arg(long, value_name = "FIELD", default_value = "routing_decision")]
    col: String,
    /// What a cell counts: `runs` (distinct flowInstanceId) or `decisions` (documents).
    #[arg(long, value_enum, default_value = "runs")]
    count: CountArg,
    /// `svg` or `png`; by default the output file's extension says (else svg).
    #[arg(long, value_parser = FORMATS)]
    format: Option<Format>,
    /// The title (default: "IVR Decision Path Heatmap (DTMF vs Routing Outcome)" for DTMF
    /// against routing decision, else one made of the field names).
    #[arg(long, value_name = "TEXT")]
    title: Option<String>,
    /// Where to write the picture (`-`: standard output).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    output: PathBuf,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum CountArg {
    Runs,
    Decisions,
}

/// What `heatmap --format` writes.
const FORMATS: Accepts =
    Accepts(&[Accepted::plain(Format::Svg, "svg"), Accepted::plain(Format::Png, "png")]);

pub fn heatmap(args: &Args) -> Result<ExitCode, Refused> {
    let (docs, source) = if args.from_test.is_empty() {
        let mut docs = Vec::new();
        for path in &args.decisions {
            let text = flowsim::util::read_text(path, flowsim::util::MAX_INPUT_BYTES)
                .map_err(|e| Refused::unreadable(path, "a --decisions file", &e))?;
            let found = ndjson::read(path, &text).map_err(|e| {
                Refused::error(Code::BadDecisionLog, e.message)
                    .file(e.file)
                    .at(e.line, e.column)
                    .help(e.help)
            })?;
            docs.extend(found);
        }
        let shown: Vec<String> = args.decisions.iter().map(|p| p.display().to_string()).collect();
        (docs, shown.join(", "))
    } else {
        from_test(&args.from_test)?
    };
    if docs.is_empty() {
        return Err(Refused::error(Code::BadDecisionLog, format!("no decisions in {source}")).help("write a decision log with `flowsim test --decision-log FILE` (or `flowsim run --decision-log FILE`)"));
    }
    for field in [&args.row, &args.col] {
        let present = |d: &serde_json::Value| {
            d.get(field.as_str()).is_some()
                || field.split('.').try_fold(d, |v, p| v.get(p)).is_some()
        };
        if !docs.iter().any(present) {
            let mut names: Vec<&str> = docs
                .iter()
                .filter_map(serde_json::Value::as_object)
                .flat_map(|o| o.keys().map(String::as_str))
                .collect();
            names.sort_unstable();
            names.dedup();
            return Err(Refused::error(
                Code::BadArgument,
                format!("no decision in {source} has a field `{field}`"),
            )
            .help(format!("the fields are: {}", names.join(", "))));
        }
    }
    let count = match args.count {
        CountArg::Runs => Count::Runs,
        CountArg::Decisions => Count::Decisions,
    };
    let table = Crosstab::from_documents(&docs, &args.row, &args.col, count);
    let mut style = heatmap::Style::for_fields(&args.row, &args.col);
    if let Some(t) = &args.title {
        style.title.clone_from(t);
    }
    let svg = heatmap::svg(&table, &style);
    let format = args.format.unwrap_or_else(|| {
        let png = args.output.extension().is_some_and(|e| e.eq_ignore_ascii_case("png"));
        if png {
            Format::Png
        } else {
            Format::Svg
        }
    });
    // Svg or Png: `FORMATS` admits no other form.
    let bytes = if format == Format::Png {
        flowsim::decisions::png::render(&svg).map_err(|e| {
            Refused::error(Code::CannotWrite, format!("cannot draw the heatmap: {e}"))
        })?
    } else {
        svg.into_bytes()
    };
    let runs: std::collections::BTreeSet<&str> = docs
        .iter()
        .filter_map(|d| d.get("flowInstanceId").and_then(serde_json::Value::as_str))
        .collect();
    let summary = format!(
        "heatmap: {} decision(s) of {} run(s), {} row(s) x {} column(s) ({} against {}, counting {})",
        docs.len(),
        runs.len(),
        table.rows.len(),
        table.cols.len(),
        args.row,
        args.col,
        if count == Count::Runs { "runs" } else { "decisions" }
    );
    if args.output.as_os_str() == "-" {
        use std::io::Write as _;
        let mut out = std::io::stdout().lock();
        super::stdout_failed(out.write_all(&bytes).and_then(|()| out.flush()));
        say!("{summary}");
    } else {
        flowsim::util::write_atomic(&args.output, &bytes).map_err(|e| {
            Refused::error(
                Code::CannotWrite,
                format!("cannot write the heatmap {}: {e}", args.output.display()),
            )
        })?;
        super::write_stdout(&format!("{summary} → {}\n", args.output.display()));
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs the suites under `paths` keeping their decisions; the documents, and what they came
/// from.
fn from_test(paths: &[PathBuf]) -> Result<(Vec<serde_json::Value>, String), Refused> {
    let files = super::scenario_files(paths)?;
    let shown: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    let opts = harness::Options { decisions: true, ..harness::Options::default() };
    let report = harness::run_suite(&files, &opts, &|_| {});
    if !report.file_errors.is_empty() {
        return Err(Refused::from(
            report.file_errors.iter().map(harness::FileError::diagnostic).collect::<Vec<_>>(),
        ));
    }
    let docs = report
        .scenarios
        .iter()
        .flat_map(|s| &s.decisions)
        .map(|d| serde_json::to_value(d).expect("decisions always serialize"))
        .collect();
    Ok((docs, shown.join(", ")))
}
