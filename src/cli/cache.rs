//! The cache folder (the project's, docs/project.md; else `.flowsim/cache`) and what `flowsim test` keeps in it between runs: the
//! scenarios that failed last time (`last-failed.json`), for `--last-failed` and
//! `--failed-first` (pytest's `lastfailed`).
//!
//! Invariants:
//! - A scenario is keyed by its scenario file's real path (links and `./` resolved, so
//!   `test suite` and `test ./suite/a.scenarios.yaml` agree) and its name.
//! - After a run, a scenario that ran is recorded as failed or forgotten as passed; one that
//!   did not run (filtered out, in a file that did not load) keeps what was recorded.
//! - The file is written atomically and never through a link ([`flowsim::util::write_inside`]);
//!   nothing is written while nothing has failed and no file exists.
//! - A file that does not read (corrupt, another program's, too large) is ignored with one
//!   line on standard error, never a panic, and replaced at the next write.

use flowsim::harness::{select::Rerun, SuiteReport};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};

/// The cache folder: the project's (flowsim.toml's `cache`, by default `.flowsim/cache` beside
/// it), or `.flowsim/cache` in the current directory outside a project.
pub(crate) fn dir() -> PathBuf {
    match super::project::get() {
        Ok(Some(p)) => p.cache.clone(),
        _ => PathBuf::from(super::project::DEFAULT_CACHE),
    }
}

/// The file of the last run's failures, inside [`dir`].
const LAST_FAILED: &str = "last-failed.json";

/// What `last-failed.json` says of itself, so that another program's file is not taken for
/// one.
const FORMAT: &str = "flowsim-last-failed/1";

/// `last-failed.json` as written.
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    format: String,
    failed: Vec<Entry>,
}

#[derive(serde::Serialize, serde::Deserialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(deny_unknown_fields)]
struct Entry {
    file: PathBuf,
    name: String,
}

/// A scenario file's key: its real path, or the path as given when it has none.
fn key(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// The recorded failures; a file that does not read is none, with the warning to print.
fn read() -> (BTreeSet<(PathBuf, String)>, Option<String>) {
    let path = dir().join(LAST_FAILED);
    let text = match flowsim::util::read_text(&path, flowsim::util::MAX_INPUT_BYTES) {
        Ok(text) => text,
        Err(flowsim::util::ReadError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => {
            return (BTreeSet::new(), None);
        }
        Err(e) => return (BTreeSet::new(), Some(ignored(&path, &e.to_string()))),
    };
    match serde_json::from_str::<File>(&text) {
        Ok(f) if f.format == FORMAT => {
            (f.failed.into_iter().map(|e| (e.file, e.name)).collect(), None)
        }
        Ok(f) => {
            let why = format!("it is `{}`, not flowsim's `{FORMAT}`", f.format);
            (BTreeSet::new(), Some(ignored(&path, &why)))
        }
        Err(e) => (BTreeSet::new(), Some(ignored(&path, &e.to_string()))),
    }
}

fn ignored(path: &Path, why: &str) -> String {
    let why = why.lines().next().unwrap_or_default();
    format!(
        "warning: ignoring the cache file {} ({why}): every scenario counts as passed last time; the next run rewrites it\n",
        path.display()
    )
}

/// The scenarios of `files` that failed last time, keyed as the suite names their files, for
/// `--last-failed` (`only`) or `--failed-first`; and a warning about the cache, if any.
pub(crate) fn rerun(files: &[PathBuf], only: bool) -> (Rerun, Option<String>) {
    let (recorded, warning) = read();
    // One file may be named twice (`suite` and `./suite/a.scenarios.yaml`): each name counts.
    let mut by_key: BTreeMap<PathBuf, Vec<&PathBuf>> = BTreeMap::new();
    for f in files {
        by_key.entry(key(f)).or_default().push(f);
    }
    let failed = recorded
        .into_iter()
        .flat_map(|(file, name)| {
            let named = by_key.get(&file).map_or(&[][..], Vec::as_slice);
            named.iter().map(move |f| ((*f).clone(), name.clone()))
        })
        .collect();
    (Rerun { failed, only }, warning)
}

/// Records which scenarios of `report` failed (and forgets those that passed); the warning
/// to print when the cache cannot be read or written.
pub(crate) fn record(report: &SuiteReport) -> Option<String> {
    // A file that does not read was warned about when it was read; it is replaced here.
    let (mut failed, unreadable) = read();
    let mut changed = false;
    let mut keys: BTreeMap<&Path, PathBuf> = BTreeMap::new();
    for s in &report.scenarios {
        let file = keys.entry(&s.file).or_insert_with(|| key(&s.file)).clone();
        let entry = (file, s.name.clone());
        changed |= if s.passed() { failed.remove(&entry) } else { failed.insert(entry) };
    }
    if !changed && unreadable.is_none() {
        return None;
    }
    let file = File {
        format: FORMAT.into(),
        failed: failed.into_iter().map(|(file, name)| Entry { file, name }).collect(),
    };
    let text = super::report::json(&file);
    let dir = dir();
    let written = if dir.is_relative() {
        // Below the folder the leading `..` reach (the project's root, from a subfolder of it).
        let up: PathBuf = dir
            .components()
            .take_while(|c| matches!(c, Component::ParentDir | Component::CurDir))
            .collect();
        let below = dir.strip_prefix(&up).unwrap_or(&dir);
        let root = if up.as_os_str().is_empty() { Path::new(".") } else { up.as_path() };
        flowsim::util::write_inside(root, &below.join(LAST_FAILED), text.as_bytes())
    } else {
        flowsim::util::write_inside(&dir, Path::new(LAST_FAILED), text.as_bytes())
    };
    written.err().map(|e| {
        format!("warning: cannot record the failures for --last-failed in {}: {e}\n", dir.display())
    })
}
