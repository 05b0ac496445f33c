//! `flowsim diff OLD NEW`: what changed between two versions of the flows, in flow terms
//! (docs/diff.md). Exit code 0 when the behaviour is the same (every semantic hash equal and
//! every input runs alike), 1 when it may differ, 2 on bad input.

mod inputs;

use super::flows::FlowSource;
use super::report::markdown::{code, text as md};
use super::report::{self, Accepted, Accepts, Format, Json, Report, Stream, Text};
use super::Refused;
use flowsim::diag::Code;
use flowsim::diff::behaviour::{self, Case};
use flowsim::diff::canon::hash_hex;
use flowsim::diff::{Change, FlowDiff, FlowStatus};
use flowsim::util::shard::{self, Partition, RunId, Shard};
pub(crate) use inputs::{unkept, Inputs, Listed};
use serde::Serialize;
use std::fmt::Write as _;
use std::io;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

#[derive(clap::Args)]
pub struct Args {
    /// The old version: a flow file or directory, or `REV:PATH` for PATH as git revision REV
    /// has it (`HEAD~1:flows`, `main:flows/ivr.yaml`). Inside a project, a revision alone
    /// (`main`) means the project's flows as it has them; with neither version given, `HEAD`.
    old: Option<String>,
    /// The new version: a flow file or directory, or `REV:PATH`. Inside a project, by default
    /// the project's flows as they are now.
    new: Option<String>,
    /// The project's flows and substitutions (flowsim.toml), when it has them.
    #[arg(skip)]
    project: FlowSource,
    /// Flows both versions use unchanged (common modules, flows transferred to), loaded beside
    /// each version: `flowsim diff old.yaml new.yaml --with modules/`. Repeatable.
    #[arg(long = "with", value_name = "PATH")]
    with: Vec<PathBuf>,
    /// Scenario files (or directories of them) whose inputs run through both versions: every
    /// input whose path, prompts, data or outcome changed is reported. Repeatable.
    #[arg(long = "scenarios", value_name = "PATH")]
    scenarios: Vec<PathBuf>,
    /// Also run every path `flowsim explore` finds through each version's flows (those a
    /// script of inputs and mocks takes; not forced ones), on both versions.
    #[arg(long)]
    explore: bool,
    /// Recorded flow executions (documents as the cloud's API returns them, a cassette of
    /// `flowsim record --execution-data`, or directories of them): each one that replays as
    /// recorded on the old version runs on both. Repeatable.
    #[arg(long = "executions", value_name = "PATH")]
    executions: Vec<PathBuf>,
    /// Fixture files (or directories) for `--explore` and `--executions` runs. Repeatable.
    #[arg(long = "fixtures", value_name = "FILE|DIR")]
    fixtures: Vec<PathBuf>,
    /// `text` for people, `json` for machines, `markdown` for a pull-request comment.
    #[arg(long, value_parser = FORMATS, default_value = "text")]
    pub(crate) format: Format,
    /// A value for an Archy `{{KEY}}` placeholder, for both versions. Repeatable.
    #[arg(long = "sub", value_name = "KEY=VALUE")]
    subs: Vec<String>,
    /// Archy's options file, for both versions.
    #[arg(long = "options", value_name = "FILE")]
    options: Option<PathBuf>,
    /// Run shard K of N of the behavioural inputs (1-based), e.g. `--partition 2/4`, balanced
    /// by their scripted inputs; `flowsim merge` joins the shards' `--format json` reports.
    #[arg(long, value_name = "K/N", value_parser = flowsim::util::shard::Partition::parse)]
    partition: Option<flowsim::util::shard::Partition>,
}

/// What `diff --format` writes.
pub(crate) const FORMATS: Accepts = Accepts(&[
    Accepted::plain(Format::Text, "text"),
    Accepted::plain(Format::Json, "json"),
    Accepted::plain(Format::Markdown, "markdown"),
]);

impl Args {
    /// What the project gives that the command line did not (flowsim.toml): its flows as the
    /// new version and, at a revision, the old; its substitutions, fixtures and scenarios.
    pub(crate) fn fill_from(&mut self, project: &super::project::Project) -> Result<(), Refused> {
        self.project.fill_from(project);
        if self.fixtures.is_empty() {
            self.fixtures.clone_from(&project.fixtures);
        }
        // The project's scenarios are the inputs whose behaviour it cares about: they run
        // through both versions, as `test` runs them, when it has any.
        if self.scenarios.is_empty()
            && flowsim::harness::discover(&project.scenarios).is_ok_and(|f| !f.is_empty())
        {
            self.scenarios.clone_from(&project.scenarios);
        }
        if self.new.is_some() {
            return Ok(());
        }
        let flows = match project.flows.as_slice() {
            [one] => one.display().to_string(),
            [] => return Ok(()),
            _ => {
                return Err(Refused::error(Code::BadArgument, format!("which flows? the project's {} names {} flow paths, and `flowsim diff` compares one", project.file.display(), project.flows.len())).help(format!("name both versions: `flowsim diff HEAD:{} {}`", project.flows[0].display(), project.flows[0].display())))
            }
        };
        let old = self.old.take().unwrap_or_else(|| "HEAD".to_owned());
        // A revision alone: the project's flows as it has them.
        let old = if old.contains(':') || Path::new(&old).exists() {
            old
        } else {
            format!("{old}:{flows}")
        };
        self.old = Some(old);
        self.new = Some(flows);
        Ok(())
    }
}

pub fn diff(args: &Args) -> Result<ExitCode, Refused> {
    let (Some(old_arg), Some(new_arg)) = (&args.old, &args.new) else {
        return Err(Refused::error(Code::BadArgument, "which versions? `flowsim diff OLD NEW` compares two (paths, or `REV:PATH`)").help("`flowsim diff HEAD~1:flows flows`; inside a project (flowsim.toml) `flowsim diff` compares its flows with HEAD's, `flowsim diff main` with main's"));
    };
    let old = Side::open(old_arg)?;
    let new = Side::open(new_arg)?;
    let source = |path: &Path| FlowSource {
        flows: std::iter::once(path.to_path_buf()).chain(args.with.iter().cloned()).collect(),
        subs: args.subs.clone(),
        options: args.options.clone(),
        project_options: args.project.project_options.clone(),
        project_subs: args.project.project_subs.clone(),
    };
    let old_reg = source(old.path()).registry()?;
    let new_reg = source(new.path()).registry()?;
    let report = flowsim::diff::compare(&old_reg, &new_reg);

    let mut cases: Vec<Case> = if args.scenarios.is_empty() {
        Vec::new()
    } else {
        super::scenario_inputs(&args.scenarios)?
            .into_iter()
            .map(|i| Case { name: i.name, request: i.request, fixtures: i.fixtures })
            .collect()
    };
    let mut recorded = None;
    let mut fixtures = None;
    if args.explore || !args.executions.is_empty() {
        let store = super::load_fixtures(&args.fixtures).map_err(Refused::all)?;
        if args.explore {
            for (label, reg, own) in [("old", &old_reg, &old), ("new", &new_reg, &new)] {
                explored(label, reg, own.path(), &store, &mut cases);
            }
        }
        if !args.executions.is_empty() {
            recorded = Some(super::traffic::recordings(&args.executions)?);
        }
        fixtures = Some(store);
    }
    // Recorded executions are streamed: each is rebuilt into a case, compared and dropped, and
    // its result goes to the report's list on disk ([`inputs`]), so memory holds one execution,
    // never the file nor a line per input. The inputs are read once, in order: each goes to the
    // shard least loaded so far (`shard::Online`), and only this shard's run.
    let compare = behaviour::Comparison::new(&old_reg, &new_reg, &report);
    let partition = args.partition.unwrap_or(Partition::WHOLE);
    let mut listed = Inputs::new(args.format);
    let mut failed = None;
    let mut id = run_id(&report);
    let mut online = shard::Online::new(partition);
    // Runs `case` through both versions into the list when it is this shard's (the first error
    // writing the list stops the runs).
    let mut take = |case: &Case| {
        let cost = cost(&case.request);
        identify(&mut id, &case.name, cost);
        // Past the command's total of steps, the command is refused: no further run starts.
        let past = flowsim::engine::budget::total_steps_past().is_some();
        if online.take(cost) && failed.is_none() && !past {
            failed = listed.add(&compare.case(case)).err();
        }
    };
    cases.iter().for_each(&mut take);
    let skipped = match (&recorded, &fixtures) {
        (Some(r), Some(f)) => {
            flowsim::api::execution::traffic::each_case(r, &old_reg, f, &mut |name, request, f| {
                take(&Case { name, request, fixtures: Arc::new(f) });
            })
            .map_err(|e| super::traffic::unreadable(&e))?
        }
        _ => Vec::new(),
    };
    super::past_total_steps("runs", "compare fewer inputs at once (--partition K/N)")?;
    let inputs = online.items();
    let shard = Shard::new("diff", &id, partition, inputs, online.places());
    if let Some(e) = failed {
        return Err(unkept(&e));
    }
    let behaviour = listed.done().map_err(|e| unkept(&e))?;
    for why in &skipped {
        say!("note: not compared: {why}");
    }
    drop((old, new));

    let out = Output { shard, old: old_arg, new: new_arg, flows: &report.flows, behaviour, inputs };
    Ok(emit(&out, args.format))
}

/// An input's cost: one run plus its scripted inputs and events.
fn cost(request: &flowsim::engine::RunRequest) -> u64 {
    1 + request.inputs.len() as u64 + request.events.len() as u64
}

/// A run's identity before its inputs: every flow's name and hashes, so that shards of diffs
/// of other versions do not merge.
fn run_id(report: &flowsim::diff::Report) -> RunId {
    let mut id = RunId::new("diff");
    for f in &report.flows {
        id.write(f.name.as_bytes());
        id.write(
            &[f.old_hash.unwrap_or(0).to_le_bytes(), f.new_hash.unwrap_or(0).to_le_bytes()]
                .concat(),
        );
    }
    id
}

/// Adds the next behavioural input, its name and [`cost`], to the run's identity.
fn identify(id: &mut RunId, name: &str, cost: u64) {
    id.write(name.as_bytes());
    id.write(&cost.to_le_bytes());
}

/// Prints `out` in `format` (`diff`'s own output, and `flowsim merge`'s of diff shards),
/// written as it is read from the list on disk, and gives the exit code: 1 when the behaviour
/// may differ (a hash changed, or an input behaves differently), else 0.
pub(crate) fn emit(out: &Output<'_>, format: Format) -> ExitCode {
    report::emit(out, format)
}

const _: () = assert!(FORMATS.within(<Output<'static> as Report>::FORMS));

impl Report for Output<'_> {
    const FORMS: &'static [Format] = &[Format::Text, Format::Json, Format::Markdown];

    fn exit_code(&self) -> ExitCode {
        let differs =
            self.flows.iter().any(|f| f.old_hash != f.new_hash) || self.behaviour.changed() > 0;
        if differs {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        }
    }

    fn text(&self) -> Option<Text<'_>> {
        Some(Text::Streamed(Box::new(|w| self.write_text(w))))
    }

    fn json(&self) -> Option<Json<'_>> {
        Some(Json::pretty(self))
    }

    fn markdown(&self) -> Option<Stream<'_>> {
        Some(Box::new(|w| self.write_markdown(w)))
    }
}

/// One version's flows: a path as given, or a git revision's files copied into a private
/// scratch folder that is removed when the diff is done, however it ends
/// ([`super::revision`]).
enum Side {
    Path(PathBuf),
    Rev(super::revision::Revision),
}

impl Side {
    fn open(arg: &str) -> Result<Side, Refused> {
        let as_path = PathBuf::from(arg);
        if as_path.exists() {
            return Ok(Side::Path(as_path));
        }
        let Some((rev, path)) = arg.split_once(':').filter(|(r, p)| !r.is_empty() && !p.is_empty())
        else {
            return Err(Refused::error(flowsim::diag::Code::NotFound, format!("`{arg}` is neither a file nor a directory")).help("give a flow file, a directory of flows, or REV:PATH for a git revision (`HEAD~1:flows`)"));
        };
        super::revision::copy(rev, path).map(Side::Rev).map_err(|e| {
            Refused::error(
                flowsim::diag::Code::GitRevision,
                format!("cannot read `{path}` at revision `{rev}`: {e}"),
            )
            .help(e.help(rev, path))
        })
    }

    fn path(&self) -> &Path {
        match self {
            Side::Path(p) => p,
            Side::Rev(r) => r.path(),
        }
    }
}

/// The report: the shard's header (`1` of `1` for a whole run), the versions, each flow's
/// structural diff, how many inputs the whole run has, and how this shard's inputs fared.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Output<'a> {
    pub(crate) shard: Shard,
    pub(crate) old: &'a str,
    pub(crate) new: &'a str,
    pub(crate) flows: &'a [FlowDiff],
    pub(crate) inputs: usize,
    pub(crate) behaviour: Listed,
}

impl Output<'_> {
    fn summary(&self) -> String {
        let count = |st: FlowStatus| self.flows.iter().filter(|f| f.status == st).count();
        let mut s = format!(
            "{} changed, {} added, {} removed, {} with the same behaviour, {} unchanged",
            count(FlowStatus::Changed),
            count(FlowStatus::Added),
            count(FlowStatus::Removed),
            count(FlowStatus::Renamed),
            count(FlowStatus::Same)
        );
        if self.inputs > 0 {
            let changed = self.behaviour.changed();
            let _ = write!(s, "; {changed} of {} inputs behave differently", self.inputs);
        }
        s
    }

    /// Lines for people, written a piece at a time (whole lines) as the list of inputs is
    /// read back; the reporter makes them printable.
    fn write_text(&self, w: &mut dyn io::Write) -> io::Result<()> {
        let mut put = |text: &str| w.write_all(text.as_bytes());
        let mut out = String::new();
        for f in self.flows {
            let _ = writeln!(
                out,
                "flow {} ({}): {}, {}",
                f.name,
                f.flow_type,
                f.status.as_str(),
                hashes(f)
            );
            for c in &f.changes {
                let _ = writeln!(out, "  {}", change_line(c, false));
            }
        }
        if self.inputs > 0 {
            let _ = writeln!(
                out,
                "\nbehaviour: {} inputs, {} behave differently",
                self.inputs,
                self.behaviour.changed()
            );
            put(&out)?;
            for c in self.behaviour.entries()? {
                let c = c?;
                out.clear();
                let _ = writeln!(out, "  {}", c.case);
                if let Some(d) = &c.first_divergence {
                    let _ = writeln!(out, "    first divergence at step {}:", d.step);
                    let _ = writeln!(out, "      old: {}", d.old);
                    let _ = writeln!(out, "      new: {}", d.new);
                }
                for d in &c.differences {
                    if d.old.is_empty() {
                        let _ = writeln!(out, "    {}: {}", d.what, d.new);
                    } else {
                        let _ = writeln!(out, "    {}: {} → {}", d.what, d.old, d.new);
                    }
                }
                put(&out)?;
            }
            out.clear();
        }
        let _ = writeln!(out, "\nsummary: {}", self.summary());
        put(&out)
    }

    fn write_markdown(&self, w: &mut dyn io::Write) -> io::Result<()> {
        let mut out = format!(
            "### flowsim diff {} → {}\n\n{}\n\n",
            code(self.old),
            code(self.new),
            self.summary()
        );
        out.push_str("| flow | type | status | semantic hash |\n| --- | --- | --- | --- |\n");
        for f in self.flows {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                md(&f.name),
                code(&f.flow_type),
                f.status.as_str(),
                hashes(f)
            );
        }
        for f in self.flows.iter().filter(|f| !f.changes.is_empty()) {
            let _ = writeln!(out, "\n#### {}\n", md(&f.name));
            for c in &f.changes {
                let _ = writeln!(out, "- {}", change_line(c, true));
            }
        }
        if self.behaviour.changed() > 0 {
            out.push_str("\n#### Inputs that behave differently\n\n| input | first divergence | what changed |\n| --- | --- | --- |\n");
        }
        w.write_all(out.as_bytes())?;
        for c in self.behaviour.entries()? {
            let c = c?;
            let first = c.first_divergence.as_ref().map_or_else(String::new, |d| {
                format!("step {}: {} ⟶ {}", d.step, md(&d.old), md(&d.new))
            });
            let what: Vec<String> = c
                .differences
                .iter()
                .map(|d| format!("{}: {} → {}", md(&d.what), md(&d.old), md(&d.new)))
                .collect();
            writeln!(w, "| {} | {} | {} |", md(&c.case), first, what.join("<br>"))?;
        }
        Ok(())
    }
}

fn hashes(f: &FlowDiff) -> String {
    match (f.old_hash, f.new_hash) {
        (Some(a), Some(b)) if a == b => format!("hash {}", hash_hex(a)),
        (Some(a), Some(b)) => format!("hash {} → {}", hash_hex(a), hash_hex(b)),
        (None, Some(b)) => format!("hash {}", hash_hex(b)),
        (Some(a), None) => format!("hash {}", hash_hex(a)),
        (None, None) => String::new(),
    }
}

fn change_line(c: &Change, markdown: bool) -> String {
    let q = |s: &str| if markdown { code(s) } else { s.to_string() };
    let t = |s: &str| if markdown { md(s) } else { s.to_string() };
    let opt = |s: &Option<String>| s.as_deref().map_or_else(|| "(none)".to_string(), &q);
    match c {
        Change::Setting { what, old, new } => {
            format!("~ {}: {} → {}", t(what), opt(old), opt(new))
        }
        Change::ActionAdded { action, kind, line } => {
            let at = if *line > 0 { format!(", line {line}") } else { String::new() };
            format!("+ {} ({}{at})", q(action), t(kind))
        }
        Change::ActionRemoved { action, kind, .. } => format!("- {} ({})", q(action), t(kind)),
        Change::ActionRenamed { old, new, kind } => {
            format!("= {} renamed {} ({})", q(old), q(new), t(kind))
        }
        Change::TypeChanged { action, old, new } => {
            format!("~ {}: type {} → {}", q(action), t(old), t(new))
        }
        Change::Property { action, property, old, new } => {
            format!("~ {}: {}: {} → {}", q(action), t(property), opt(old), opt(new))
        }
        Change::Output { action, output, old, new } => {
            format!("~ {}: output {}: {} → {}", q(action), t(output), opt(old), opt(new))
        }
        Change::Next { action, old, new } => {
            format!("~ {}: then {} → {}", q(action), q(old), q(new))
        }
    }
}

/// The paths `flowsim explore` finds through each flow of one version's own files (not the
/// `--with` flows), as cases: only those a script takes on its own, so both versions can be
/// given the same inputs. Duplicates of a case already listed are left out.
fn explored(
    label: &str,
    registry: &flowsim::flow::Registry,
    own: &Path,
    fixtures: &flowsim::fixtures::FixtureStore,
    cases: &mut Vec<Case>,
) {
    let options = flowsim::explore::Options::default();
    let mut seen: std::collections::HashSet<String> =
        cases.iter().map(|c| serde_json::to_string(&c.request).unwrap_or_default()).collect();
    for (idx, flow) in registry.flows().iter().enumerate() {
        if !flow.file.starts_with(own) {
            continue;
        }
        let idx = idx as flowsim::flow::FlowIdx;
        let Ok(found) = flowsim::explore::explore_flow(registry, fixtures, idx, &options) else {
            continue;
        };
        for path in found.paths.iter().filter(|p| p.forced.is_empty()) {
            let Ok(store) = path.script.fixtures(fixtures) else { continue };
            let mut request = path.script.request(&flow.name, options.max_steps);
            // Flows of other types may share the name.
            if registry.named(&flow.name).len() > 1 {
                request.flow_type = Some(flow.flow_type.to_string());
            }
            let key = format!(
                "{}{}",
                serde_json::to_string(&request).unwrap_or_default(),
                path.script.mocks().map(|m| m.to_string()).unwrap_or_default()
            );
            if !seen.insert(key) {
                continue;
            }
            cases.push(Case {
                name: format!("explore ({label}): {} path {}", flow.name, path.id),
                request,
                fixtures: std::sync::Arc::new(store.into_owned()),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_report_writes_the_forms_it_declares() {
        let behaviour = super::Inputs::new(super::Format::Text).done().unwrap();
        let out = super::Output {
            shard: super::Shard::default(),
            old: "a",
            new: "b",
            flows: &[],
            inputs: 0,
            behaviour,
        };
        crate::cli::report::forms_agree(&out);
    }
}
