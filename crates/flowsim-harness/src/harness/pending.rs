//! Pending snapshots: the `….snap.new` files `flowsim test` leaves for review, found again,
//! traced back to their scenarios, and accepted (made the snapshot) or rejected (deleted).
//!
//! A pending file sits beside the snapshot it would replace, in the `__snapshots__` folder of
//! a scenario file. Its scenario is found by recomputing [`snapshot::path`] for every scenario
//! of the scenario files in the folder above; a pending file no scenario claims any more is
//! still listed (its scenario `None`), so it can be rejected.

use super::scenario::ScenarioFile;
use super::snapshot;
use crate::util::files::{search, Depth, Entry};
use std::path::{Path, PathBuf};

/// One pending snapshot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pending {
    /// The `….snap.new` file.
    pub pending: PathBuf,
    /// The snapshot it would replace (it may not exist yet).
    pub snap: PathBuf,
    /// The scenario file and the scenario's name, when a scenario claims it.
    pub scenario: Option<(PathBuf, String)>,
}

impl Pending {
    /// `file › name`, or the pending file's path when no scenario claims it: what a filter
    /// matches and what a report names.
    pub fn label(&self) -> String {
        match &self.scenario {
            Some((file, name)) => format!("{} › {name}", file.display()),
            None => format!("{} (no scenario claims it)", self.pending.display()),
        }
    }

    /// Whether `filter` (case-insensitive) is part of the label or of the pending file's path.
    pub fn matches(&self, filter: Option<&str>) -> bool {
        filter.is_none_or(|f| {
            let f = f.to_lowercase();
            self.label().to_lowercase().contains(&f)
                || self.pending.to_string_lossy().to_lowercase().contains(&f)
        })
    }
}

/// Why a pending snapshot could not be accepted or rejected.
#[derive(Debug, thiserror::Error)]
pub enum PendingError {
    /// The pending file cannot be read (gone, or not a regular file).
    #[error("cannot read the pending snapshot {}: {message}", path.display())]
    Read { path: PathBuf, message: String },
    /// The snapshot cannot be written, or the pending file removed.
    #[error("cannot write {}: {message}", path.display())]
    Write { path: PathBuf, message: String },
}

/// Every pending snapshot beside the scenario files `files` (as `harness::discover` gives
/// them), sorted by path.
pub fn find(files: &[PathBuf]) -> Vec<Pending> {
    let mut dirs: Vec<PathBuf> =
        files.iter().map(|f| f.parent().unwrap_or(Path::new(".")).to_path_buf()).collect();
    dirs.sort();
    dirs.dedup();
    let mut out = Vec::new();
    for dir in dirs {
        // Regular files only: a pending snapshot is moved onto the stored one, never a link.
        let found = search(&dir.join(snapshot::DIR), Depth::Flat, |p, entry| {
            entry == Entry::File
                && p.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
                    n.len() > ".snap.new".len() && n.to_ascii_lowercase().ends_with(".snap.new")
                })
        });
        let Ok(found) = found else { continue };
        let mut claimed: Vec<(PathBuf, (PathBuf, String))> = Vec::new();
        for file in files.iter().filter(|f| f.parent().unwrap_or(Path::new(".")) == dir) {
            // A file that does not load claims nothing; `flowsim test` reports it.
            if let Ok(parsed) = ScenarioFile::load(file) {
                for s in parsed.scenarios.iter().filter(|s| s.snapshot.taken()) {
                    claimed.push((snapshot::path(file, &s.name), (file.clone(), s.name.clone())));
                }
            }
        }
        for path in found {
            let snap = path.with_extension("");
            let scenario = claimed.iter().find(|(p, _)| *p == snap).map(|(_, s)| s.clone());
            out.push(Pending { pending: path, snap, scenario });
        }
    }
    out.sort_by(|a, b| a.pending.cmp(&b.pending));
    out
}

/// The pending result and the stored snapshot (`None` when there is none yet).
pub fn contents(p: &Pending) -> Result<(String, Option<String>), PendingError> {
    let new = crate::util::read_text(&p.pending, crate::util::MAX_INPUT_BYTES)
        .map_err(|e| PendingError::Read { path: p.pending.clone(), message: e.to_string() })?;
    let stored = match snapshot::compare(&p.snap, &new) {
        snapshot::Compared::Same => Some(new.clone()),
        snapshot::Compared::Missing => None,
        snapshot::Compared::Differs(s) => Some(s),
    };
    Ok((new, stored))
}

/// Makes the pending result the snapshot (written atomically), then removes the pending file.
pub fn accept(p: &Pending) -> Result<(), PendingError> {
    let new = crate::util::read_text(&p.pending, crate::util::MAX_INPUT_BYTES)
        .map_err(|e| PendingError::Read { path: p.pending.clone(), message: e.to_string() })?;
    snapshot::write(&p.snap, &new)
        .map_err(|e| PendingError::Write { path: p.snap.clone(), message: e.to_string() })?;
    reject(p)
}

/// Removes the pending file; the snapshot stays as it was.
pub fn reject(p: &Pending) -> Result<(), PendingError> {
    std::fs::remove_file(&p.pending)
        .map_err(|e| PendingError::Write { path: p.pending.clone(), message: e.to_string() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pending_files_are_traced_to_their_scenarios_then_accepted_or_rejected() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("m.scenarios.yaml");
        std::fs::write(
            &file,
            "scenarios:\n  - name: one\n    flow: F\n    snapshot: true\n  - name: two\n    flow: F\n",
        )
        .unwrap();
        let snaps = dir.path().join(snapshot::DIR);
        std::fs::create_dir(&snaps).unwrap();
        std::fs::write(snaps.join("m__one.snap.new"), "new\n").unwrap();
        std::fs::write(snaps.join("m__gone.snap.new"), "old\n").unwrap();
        std::fs::write(snaps.join("m__one.snap"), "stored\n").unwrap();
        let found = find(std::slice::from_ref(&file));
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].scenario, None, "m__gone: no scenario claims it");
        assert!(found[0].label().ends_with("m__gone.snap.new (no scenario claims it)"));
        assert_eq!(found[1].scenario, Some((file.clone(), "one".into())));
        assert!(found[1].matches(Some("M.SCENARIOS.yaml › ON")));
        assert!(!found[1].matches(Some("two")));
        assert_eq!(contents(&found[1]).unwrap(), ("new\n".into(), Some("stored\n".into())));
        accept(&found[1]).unwrap();
        assert_eq!(std::fs::read_to_string(snaps.join("m__one.snap")).unwrap(), "new\n");
        reject(&found[0]).unwrap();
        assert!(find(std::slice::from_ref(&file)).is_empty());
        assert!(matches!(accept(&found[0]), Err(PendingError::Read { .. })));
    }
}
