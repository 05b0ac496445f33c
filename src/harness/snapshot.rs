//! Trace snapshots: a scenario's whole result, stored beside its scenario file.
//!
//! `menu.scenarios.yaml`'s scenario "caller presses 1" is stored in
//! `__snapshots__/menu__caller-presses-1.snap` next to it: the result JSON of SPEC §6.2,
//! pretty-printed (runs are deterministic, so nothing needs redacting). A mismatch writes the
//! new result as `….snap.new` for review; `--accept` writes it as the snapshot; `--ci` writes
//! nothing and also fails on snapshot files no scenario claims.

use std::path::{Path, PathBuf};

/// The folder of snapshots beside scenario files.
pub const DIR: &str = "__snapshots__";

/// `caller presses 1!` → `caller-presses-1`.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        out.push_str("scenario");
    }
    out
}

/// The scenario file's base name: `menu.scenarios.yaml` → `menu`.
fn base(scenario_file: &Path) -> String {
    let name = scenario_file.file_name().and_then(|n| n.to_str()).unwrap_or("scenarios");
    let lower = name.to_ascii_lowercase();
    for s in super::scenario::SUFFIXES {
        if lower.ends_with(s) {
            return name[..name.len() - s.len()].to_owned();
        }
    }
    name.to_owned()
}

/// Where a scenario's snapshot lives.
pub fn path(scenario_file: &Path, scenario: &str) -> PathBuf {
    let dir = scenario_file.parent().unwrap_or(Path::new(".")).join(DIR);
    dir.join(format!("{}__{}.snap", base(scenario_file), slug(scenario)))
}

/// The pending file for a snapshot path.
pub fn pending(snap: &Path) -> PathBuf {
    let mut p = snap.as_os_str().to_owned();
    p.push(".new");
    PathBuf::from(p)
}

/// How a result compares with its stored snapshot.
#[derive(Debug, Clone, PartialEq)]
pub enum Compared {
    Same,
    Missing,
    /// The stored text, for the diff.
    Differs(String),
}

pub fn compare(snap: &Path, actual: &str) -> Compared {
    match std::fs::read_to_string(snap) {
        Ok(stored) if stored == actual => Compared::Same,
        Ok(stored) => Compared::Differs(stored),
        Err(_) => Compared::Missing,
    }
}

/// Snapshot files beside `scenario_file` that no scenario in `claimed` owns.
pub fn orphans(scenario_file: &Path, claimed: &[PathBuf]) -> Vec<PathBuf> {
    let dir = scenario_file.parent().unwrap_or(Path::new(".")).join(DIR);
    let prefix = format!("{}__", base(scenario_file));
    let Ok(entries) = std::fs::read_dir(&dir) else { return Vec::new() };
    let mut out: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            let is_snap = p.extension().is_some_and(|e| e.eq_ignore_ascii_case("snap"));
            name.starts_with(&prefix) && is_snap && !claimed.contains(p)
        })
        .collect();
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snapshot_paths_sit_beside_the_scenario_file() {
        assert_eq!(slug("Caller presses 1, reaches support!"), "caller-presses-1-reaches-support");
        assert_eq!(slug("!!!"), "scenario");
        assert_eq!(
            path(Path::new("suite/menu.scenarios.yaml"), "caller presses 1"),
            Path::new("suite/__snapshots__/menu__caller-presses-1.snap")
        );
        assert_eq!(pending(Path::new("a/b.snap")), Path::new("a/b.snap.new"));
    }
}
