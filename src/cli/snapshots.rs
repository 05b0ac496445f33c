//! `flowsim snapshots`: the pending snapshots `flowsim test` left (`….snap.new`), reviewed one
//! by one in a terminal (`review`, as `cargo insta review`), accepted or rejected in bulk
//! (`accept`, `reject`), or listed (`pending`).

use super::Refused;
use flowsim::diag::{Code, Diagnostic};
use flowsim::harness::{self, pending, pending::Pending};
use std::fmt::Write as _;
use std::io::IsTerminal as _;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    action: Action,
}

#[derive(clap::Subcommand)]
enum Action {
    /// Walk the pending snapshots one by one: see what changed, then accept, reject or skip
    /// each (needs a terminal).
    Review(Which),
    /// Make every pending snapshot (that matches FILTER) the stored snapshot.
    Accept(Which),
    /// Delete every pending snapshot (that matches FILTER); the stored snapshots stay.
    Reject(Which),
    /// List the pending snapshots, one `file › scenario` a line.
    Pending(Which),
}

#[derive(clap::Args)]
struct Which {
    /// Only snapshots whose `file › scenario` (or file path) contains FILTER (case-insensitive).
    filter: Option<String>,
    /// Where the scenario files are: files, or directories searched recursively. Repeatable.
    /// Default: the project's scenarios (flowsim.toml), else the current directory.
    #[arg(long = "path", value_name = "PATH")]
    paths: Vec<PathBuf>,
}

impl Which {
    fn find(&self) -> Result<Vec<Pending>, Refused> {
        let paths =
            if self.paths.is_empty() { vec![PathBuf::from(".")] } else { self.paths.clone() };
        let files = harness::discover(&paths).map_err(|e| super::undiscoverable(&e))?;
        Ok(pending::find(&files)
            .into_iter()
            .filter(|p| p.matches(self.filter.as_deref()))
            .collect())
    }
}

impl Args {
    /// The project's scenarios when no path is given (flowsim.toml), as `flowsim test` runs
    /// them: from a subfolder of the project, the snapshots `test` left are found.
    pub(crate) fn fill_from(&mut self, project: &super::project::Project) {
        let (Action::Review(w) | Action::Accept(w) | Action::Reject(w) | Action::Pending(w)) =
            &mut self.action;
        if w.paths.is_empty() {
            w.paths = project.scenario_paths();
        }
    }
}

pub fn snapshots(args: &Args) -> Result<ExitCode, Refused> {
    match &args.action {
        Action::Review(w) => review(&w.find()?),
        Action::Accept(w) => bulk(&w.find()?, true),
        Action::Reject(w) => bulk(&w.find()?, false),
        Action::Pending(w) => {
            let mut out = String::new();
            for p in w.find()? {
                let _ = writeln!(out, "{}", p.label());
            }
            super::write_stdout(&out);
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Accepts or rejects every one; a file that cannot be written is reported, the others still
/// done, and the exit code is 2.
fn bulk(all: &[Pending], accept: bool) -> Result<ExitCode, Refused> {
    let mut out = String::new();
    let mut errors = Vec::new();
    let mut done = 0;
    for p in all {
        let r = if accept { pending::accept(p) } else { pending::reject(p) };
        match r {
            Ok(()) => {
                done += 1;
                let _ =
                    writeln!(out, "{} {}", if accept { "accepted" } else { "rejected" }, p.label());
            }
            Err(e) => {
                errors.push(Diagnostic::error(Code::CannotWrite, e.to_string()));
            }
        }
    }
    let _ = writeln!(out, "{done} snapshot(s) {}", if accept { "accepted" } else { "rejected" });
    if all.is_empty() {
        out = "no pending snapshots\n".into();
    }
    super::write_stdout(&out);
    if errors.is_empty() {
        Ok(ExitCode::SUCCESS)
    } else {
        Err(Refused::from(errors))
    }
}

/// What the reviewer chose for one snapshot.
enum Choice {
    Accept,
    Reject,
    Skip,
    Quit,
}

fn review(all: &[Pending]) -> Result<ExitCode, Refused> {
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        return Err(Refused::error(Code::Unavailable, "`flowsim snapshots review` asks about each snapshot and needs a terminal").help("in scripts, use `flowsim snapshots accept [FILTER]` or `flowsim snapshots reject [FILTER]`"));
    }
    if all.is_empty() {
        super::write_stdout("no pending snapshots\n");
        return Ok(ExitCode::SUCCESS);
    }
    let term = console::Term::stdout();
    let (mut accepted, mut rejected, mut skipped) = (0, 0, 0);
    let mut failed = Vec::new();
    for (i, p) in all.iter().enumerate() {
        let (new, stored) = pending::contents(p)
            .map_err(|e| Refused::error(Code::UnreadableFile, e.to_string()))?;
        super::write_painted(&shown(p, i, all.len(), &new, stored.as_deref()));
        let choice = loop {
            super::write_stdout("  a accept   r reject   s skip   i show the scenario   q quit: ");
            let key = term.read_key();
            super::write_stdout("\n");
            match key {
                Ok(console::Key::Char('a' | 'A')) => break Choice::Accept,
                Ok(console::Key::Char('r' | 'R')) => break Choice::Reject,
                Ok(console::Key::Char('s' | 'S') | console::Key::Enter) => break Choice::Skip,
                Ok(console::Key::Char('i' | 'I')) => super::write_stdout(&scenario_text(p)),
                Ok(console::Key::Char('q' | 'Q') | console::Key::Escape | console::Key::CtrlC)
                | Err(_) => break Choice::Quit,
                Ok(_) => {}
            }
        };
        let done = match choice {
            Choice::Accept => pending::accept(p).map(|()| accepted += 1),
            Choice::Reject => pending::reject(p).map(|()| rejected += 1),
            Choice::Skip => {
                skipped += 1;
                Ok(())
            }
            Choice::Quit => {
                skipped += all.len() - i;
                break;
            }
        };
        if let Err(e) = done {
            failed.push(Diagnostic::error(Code::CannotWrite, e.to_string()));
        }
    }
    super::write_stdout(&format!(
        "review done: {accepted} accepted, {rejected} rejected, {skipped} skipped\n"
    ));
    if failed.is_empty() {
        Ok(ExitCode::SUCCESS)
    } else {
        Err(Refused::from(failed))
    }
}

/// The most lines of a new snapshot shown whole (a changed one shows its diff).
const NEW_LINES: usize = 40;

/// One pending snapshot as the review shows it: which, where, and what changed.
fn shown(p: &Pending, i: usize, n: usize, new: &str, stored: Option<&str>) -> String {
    let mut out = format!("\nReviewing [{}/{n}] {}\n", i + 1, p.label());
    let _ = writeln!(out, "snapshot: {}", p.snap.display());
    if let Some(stored) = stored {
        out.push_str(&flowsim::harness::snapshot::diff(stored, new));
        out.push('\n');
    } else {
        let _ = writeln!(out, "a new snapshot (none is stored yet):");
        for (k, line) in new.lines().enumerate() {
            if k == NEW_LINES {
                let _ = writeln!(out, "      … {} more line(s)", new.lines().count() - k);
                break;
            }
            let _ = writeln!(out, "{:>5} {:>5} │+{line}", "", k + 1);
        }
    }
    out
}

/// The scenario as written in its file: its item of `scenarios:`, from its `name:` line to
/// the next item (at most 60 lines).
fn scenario_text(p: &Pending) -> String {
    let Some((file, name)) = &p.scenario else {
        return "  (no scenario claims this snapshot any more: reject it)\n".into();
    };
    let text = flowsim::util::read_text(file, flowsim::util::MAX_INPUT_BYTES).unwrap_or_default();
    // One case of a parametrised scenario is written under the scenario's own name.
    let written = harness::scenario::ScenarioFile::parse(file, &text)
        .ok()
        .and_then(|f| f.scenarios.into_iter().find(|s| s.name == *name))
        .map_or_else(|| name.clone(), |s| s.written_name().to_owned());
    let Some((line, _)) = harness::scenario::locate(&text, &written, "name") else {
        return format!("  (scenario `{name}` is not found in {})\n", file.display());
    };
    let lines: Vec<&str> = text.lines().collect();
    let indent = |l: &str| l.len() - l.trim_start_matches([' ', '-']).len();
    let start = line - 1;
    let own = indent(lines[start]);
    let mut out = format!("  {}:{line}\n", file.display());
    for (k, l) in lines[start..].iter().enumerate().take(60) {
        let starts_item = l.trim_start().starts_with('-') || l.trim_start().starts_with('{');
        if k > 0 && !l.trim().is_empty() && (indent(l) < own || (indent(l) <= own && starts_item)) {
            break;
        }
        let _ = writeln!(out, "  │ {l}");
    }
    out
}
