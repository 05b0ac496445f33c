//! Which scenarios of a suite run, and in which order: `--filter`, `--tags`, `--last-failed`,
//! `--partition`, `--failed-first`; and `flowsim test --list`, which selects as a run does and
//! runs nothing.
//!
//! Invariants:
//! - The stable order is files sorted, scenarios in file order. Selection keeps it; a run's
//!   report and a listing are in it whatever order the scenarios ran in.
//! - `--last-failed` narrows the selection to the scenarios recorded as failed, before the
//!   partition (a shard of the failures); when none of them is selected, every selected scenario
//!   runs (pytest's "run all (no recorded failures)").
//! - `--failed-first` changes the order the scenarios *start* in, never the report's order.
//! - `--partition K/N` takes shard K of the selection by `util::shard` (balanced by estimated
//!   cost, [`cost`]); a scenario's shard depends on its file's path, its place in the file and
//!   its cost, never on the machine.

use super::scenario::{Scenario, ScenarioFile};
use super::{FileError, Options};
use crate::util::shard::{self, Partition, RunId, Shard};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The scenarios that failed last time, by scenario file (as the suite names it) and scenario
/// name, and what to do with them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rerun {
    pub failed: BTreeSet<(PathBuf, String)>,
    /// `--last-failed`: run only those (all, when none is selected); otherwise
    /// `--failed-first`: run them first, then the rest.
    pub only: bool,
}

/// What `--last-failed` or `--failed-first` did, for the summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RerunNote {
    pub mode: RerunMode,
    /// Selected scenarios that failed last time.
    pub failed: usize,
    /// Selected scenarios left out because they passed last time (`--last-failed`).
    pub left_out: usize,
}

/// Which of the two a run did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum RerunMode {
    /// `--last-failed`.
    LastFailed,
    /// `--failed-first`.
    FailedFirst,
}

/// The selected scenarios as `(file index, scenario index)` in the order they start, how many
/// of them start first (the recorded failures under `--failed-first`, else 0), how many were
/// left out, and what `--last-failed` / `--failed-first` did.
pub(super) struct Selection {
    pub jobs: Vec<(usize, usize)>,
    /// The shard's header: the whole selection's size and identity, this shard's places in it.
    pub shard: Shard,
    pub first: usize,
    pub skipped: usize,
    pub rerun: Option<RerunNote>,
}

/// Selects among `files` (each a scenario file's path and its scenarios) as `opts` says.
/// `content` (the bytes of the files the run reads, `run_suite`'s) and `opts.identity` go into
/// the run's identity with the items, so shards of runs over other flows, fixtures, scenarios,
/// environments or options are never merged as one.
pub(super) fn select(files: &[(&Path, &[Scenario])], opts: &Options, content: &[u8]) -> Selection {
    let mut jobs: Vec<(usize, usize)> = Vec::new();
    let mut total = 0usize;
    let mut filter = opts.filter.as_deref().map(Filter::new);
    for (fi, (path, scenarios)) in files.iter().enumerate() {
        let prefix = format!("{} › ", path.display()).to_lowercase();
        for (si, s) in scenarios.iter().enumerate() {
            total += 1;
            if filter.as_mut().is_none_or(|f| f.matches(&prefix, &s.name)) && tagged(opts, s) {
                jobs.push((fi, si));
            }
        }
    }
    let failed_before = |&(fi, si): &(usize, usize)| {
        opts.rerun.as_ref().is_some_and(|r| {
            // No copy of the key: the set is ordered by file, then name.
            let (path, scenarios) = &files[fi];
            r.failed
                .range((path.to_path_buf(), String::new())..)
                .take_while(|(p, _)| p == path)
                .any(|(_, n)| *n == scenarios[si].name)
        })
    };
    let mut rerun = opts.rerun.as_ref().map(|r| RerunNote {
        mode: if r.only { RerunMode::LastFailed } else { RerunMode::FailedFirst },
        failed: jobs.iter().filter(|j| failed_before(j)).count(),
        left_out: 0,
    });
    if let (Some(r), Some(note)) = (&opts.rerun, rerun.as_mut()) {
        if r.only && note.failed > 0 {
            let before = jobs.len();
            jobs.retain(|j| failed_before(j));
            note.left_out = before - jobs.len();
        }
    }
    let items: Vec<(u64, (&Path, usize))> =
        jobs.iter().map(|&(fi, si)| (cost(&files[fi].1[si]), (files[fi].0, si))).collect();
    let mut run = RunId::new("test");
    run.write(&opts.seed.unwrap_or(0).to_le_bytes());
    run.write(content);
    for part in &opts.identity {
        run.write(part.as_bytes());
    }
    for (cost, (path, si)) in &items {
        run.write(path.as_os_str().as_encoded_bytes());
        run.write(&[si.to_le_bytes(), cost.to_le_bytes()].concat());
    }
    let partition = opts.partition.unwrap_or(Partition::WHOLE);
    let places = shard::select(&items, partition);
    let shard = Shard::new("test", &run, partition, items.len(), &places);
    if partition.count > 1 {
        jobs = places.iter().map(|&p| jobs[p]).collect();
    }
    let skipped = total - jobs.len() - rerun.map_or(0, |n| n.left_out);
    let mut first = 0;
    if opts.rerun.as_ref().is_some_and(|r| !r.only) {
        // A stable partition: the failures in the stable order, then the rest in it.
        let (mut failed, rest): (Vec<_>, Vec<_>) = jobs.into_iter().partition(failed_before);
        first = failed.len();
        failed.extend(rest);
        jobs = failed;
    }
    Selection { jobs, shard, first, skipped, rerun }
}

/// A scenario's estimated cost for `--partition`, known before it runs: one for the run, one
/// for each scripted input and conversation line (each is at least one step that waits on it).
fn cost(s: &Scenario) -> u64 {
    1 + s.inputs.len() as u64 + s.conversation.len() as u64
}

/// One scenario as `flowsim test --list` gives it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Listed {
    pub file: PathBuf,
    pub name: String,
    pub tags: Vec<String>,
    /// The line of its `name:` (of its case, for one case of a parametrised scenario); `None`
    /// when the text does not show it plainly (a name written over several lines).
    pub line: Option<usize>,
}

/// The scenarios a run with `opts` would run, in the stable order, without running any: the
/// scenario files are read, nothing else (`pytest --collect-only`, `cargo nextest list`).
/// Files that do not read are [`FileError`]s.
pub fn list_suite(files: &[PathBuf], opts: &Options) -> (Vec<Listed>, Vec<FileError>) {
    let mut errors = Vec::new();
    let mut read: Vec<(PathBuf, String, ScenarioFile)> = Vec::new();
    for path in files {
        let Ok(text) = crate::util::read_text(path, crate::util::MAX_INPUT_BYTES) else {
            // `load` words the error as a run gives it.
            errors.extend(ScenarioFile::load(path).err().map(FileError::from));
            continue;
        };
        match ScenarioFile::parse(path, &text) {
            Ok(f) => read.push((path.clone(), text, f)),
            Err(e) => {
                errors.extend(ScenarioFile::errors_of(path, &text, e).into_iter().map(Into::into));
            }
        }
    }
    let files_read: Vec<(&Path, &[Scenario])> =
        read.iter().map(|(p, _, f)| (p.as_path(), f.scenarios.as_slice())).collect();
    // A listing reads no flows: its shards' identity is the scenario files' and options'.
    let texts: Vec<u8> = read.iter().flat_map(|(_, text, _)| text.bytes()).collect();
    let selection = select(&files_read, opts, &texts);
    let lines: Vec<Vec<Option<usize>>> =
        read.iter().map(|(_, text, f)| super::scenario::lines(text, &f.scenarios)).collect();
    // A listing is in the stable order, as a report is (`--failed-first` orders runs only).
    let mut jobs = selection.jobs;
    jobs.sort_unstable();
    let listed = jobs
        .iter()
        .map(|&(fi, si)| {
            let s = &read[fi].2.scenarios[si];
            Listed {
                file: read[fi].0.clone(),
                name: s.name.clone(),
                tags: s.tags.clone(),
                line: lines[fi][si],
            }
        })
        .collect();
    (listed, errors)
}

/// `--filter`: a text looked for, ignoring case, in each scenario's `file › name` label.
pub(super) struct Filter {
    finder: memchr::memmem::Finder<'static>,
    /// The label being matched, reused from one scenario to the next.
    label: String,
}

impl Filter {
    pub(super) fn new(text: &str) -> Filter {
        Filter {
            finder: memchr::memmem::Finder::new(text.to_lowercase().as_bytes()).into_owned(),
            label: String::new(),
        }
    }

    /// Whether the label of `name` in the file whose lowercased label prefix (`file › `) is
    /// `prefix` holds the text.
    pub(super) fn matches(&mut self, prefix: &str, name: &str) -> bool {
        self.label.clear();
        self.label.push_str(prefix);
        if name.is_ascii() {
            self.label.extend(name.bytes().map(|b| char::from(b.to_ascii_lowercase())));
        } else {
            self.label.push_str(&name.to_lowercase());
        }
        self.finder.find(self.label.as_bytes()).is_some()
    }
}

/// Whether `s` passes `--tags`.
fn tagged(opts: &Options, s: &Scenario) -> bool {
    opts.tags.is_empty()
        || s.tags.iter().any(|t| opts.tags.iter().any(|w| w.eq_ignore_ascii_case(t)))
}

#[cfg(test)]
mod tests {
    use super::Filter;

    #[test]
    fn the_filter_matches_the_file_and_the_name_ignoring_case() {
        let mut f = Filter::new("ÉTÉ › ");
        assert!(!f.matches("suite/a.yaml › ", "Été calls"));
        let mut f = Filter::new("a.yaml › été");
        assert!(f.matches("suite/a.yaml › ", "ÉTÉ calls"), "non-ASCII names are lowercased");
        let mut f = Filter::new("SUITE/A");
        assert!(f.matches("suite/a.yaml › ", "x"), "the file's part of the label");
        assert!(!f.matches("other/b.yaml › ", "x"), "another file");
        let mut f = Filter::new("Calls");
        assert!(f.matches("s.yaml › ", "ALL CALLS"));
        assert!(!f.matches("s.yaml › ", "all call"));
    }
}
