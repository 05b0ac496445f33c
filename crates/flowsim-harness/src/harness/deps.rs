//! What a scenario file reads, and which scenario files a set of changed paths affects: the
//! data behind `flowsim test --watch`, which re-runs only the files whose own text, flows or
//! fixtures (the file's, or one scenario's) changed.
//!
//! Paths are compared absolute and canonical (a file watcher reports them so); a path that
//! does not exist yet is made absolute without resolving links. Snapshot folders are never
//! inputs: `--accept` writes there, and a watch must not wake itself up.

use super::scenario::ScenarioFile;
use std::path::{Path, PathBuf};

/// One scenario file and the paths it reads (files, or directories read whole).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inputs {
    pub file: PathBuf,
    /// The file itself first, then its flow and fixture paths, absolute; sorted after the first.
    pub reads: Vec<PathBuf>,
}

/// The paths `file` reads. A file that does not parse reads only itself (its next save
/// re-runs it, and the run reports why it does not load).
pub fn inputs(file: &Path) -> Inputs {
    let mut reads = Vec::new();
    if let Ok(parsed) = ScenarioFile::load(file) {
        reads.extend(parsed.flow_paths(file));
        reads.extend(parsed.fixture_paths(file));
        for i in 0..parsed.scenarios.len() {
            reads.extend(parsed.scenario_fixture_paths(file, i).unwrap_or_default());
        }
    }
    let mut reads: Vec<PathBuf> = reads.iter().map(|p| absolute(p)).collect();
    reads.sort();
    reads.dedup();
    reads.insert(0, absolute(file));
    Inputs { file: file.to_path_buf(), reads }
}

/// `path` absolute and canonical when it exists, else absolute as written.
pub fn absolute(path: &Path) -> PathBuf {
    std::fs::canonicalize(path)
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_path_buf())
}

/// Whether a change at `rest` (a path below an input directory, or empty for the input
/// itself) can matter: not inside a snapshot folder, a hidden folder or `target`, and not an
/// editor's swap or backup file or a temporary file of an atomic write.
fn relevant(rest: &Path) -> bool {
    if rest.as_os_str().is_empty() {
        return true;
    }
    let mut parts: Vec<&str> = rest.iter().filter_map(|c| c.to_str()).collect();
    let name = parts.pop().unwrap_or("");
    let skipped_dir =
        parts.iter().any(|s| s.starts_with('.') || *s == super::snapshot::DIR || *s == "target");
    !skipped_dir && !name.starts_with('.') && !is_scratch(Path::new(name))
}

/// Whether `path` is an editor's or a tool's scratch file rather than one a user saves: Vim's
/// swap files (`.x.swp`, `.swo`, `.swx`) and its write probe `4913`, backups ending in `~`,
/// Emacs's `#x#` and lock files `.#x`, `sed -i`'s `sedXXXXXX`, temporary files (`.tmp`). A
/// save through one lands on the real file, which is seen.
pub fn is_scratch(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else { return false };
    let sed = name.len() == 9
        && name.starts_with("sed")
        && name[3..].bytes().all(|b| b.is_ascii_alphanumeric());
    sed || name == "4913"
        || name.ends_with('~')
        || name.starts_with(".#")
        || (name.len() > 1 && name.starts_with('#') && name.ends_with('#'))
        || [".swp", ".swo", ".swx", ".tmp"].iter().any(|e| name.ends_with(e))
}

/// Whether `changed` is `read` or lies under it, where it matters.
fn reads(read: &Path, changed: &Path) -> bool {
    changed.strip_prefix(read).is_ok_and(relevant)
}

/// The scenario files of `suite` that a change to any of `changed` (absolute paths) affects,
/// in suite order: a changed path that is one of a file's inputs, or lies under one of its
/// input directories.
pub fn affected<'a>(suite: &'a [Inputs], changed: &[PathBuf]) -> Vec<&'a Path> {
    suite
        .iter()
        .filter(|i| changed.iter().any(|c| i.reads.iter().any(|r| reads(r, c))))
        .map(|i| i.file.as_path())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn suite() -> Vec<Inputs> {
        vec![
            Inputs {
                file: "a.scenarios.yaml".into(),
                reads: vec![
                    "/p/a.scenarios.yaml".into(),
                    "/p/data/q.json".into(),
                    "/p/flows".into(),
                ],
            },
            Inputs {
                file: "b.scenarios.yaml".into(),
                reads: vec!["/p/b.scenarios.yaml".into(), "/p/other".into()],
            },
        ]
    }

    #[test]
    fn a_change_reruns_only_the_files_that_read_it() {
        let s = suite();
        let hit = |p: &str| affected(&s, &[PathBuf::from(p)]);
        assert_eq!(hit("/p/flows/menu.json"), [Path::new("a.scenarios.yaml")]);
        assert_eq!(hit("/p/data/q.json"), [Path::new("a.scenarios.yaml")]);
        assert_eq!(hit("/p/b.scenarios.yaml"), [Path::new("b.scenarios.yaml")]);
        assert!(hit("/p/data/contacts.json").is_empty());
        assert!(hit("/p/flows/__snapshots__/x.snap.json").is_empty());
        assert!(hit("/p/flows/.menu.json.swp").is_empty());
        for scratch in ["sedAb12Cd", "4913", "menu.yaml~", "#menu.yaml#", ".#menu.yaml"] {
            assert!(hit(&format!("/p/flows/{scratch}")).is_empty(), "{scratch}");
        }
        assert!(!is_scratch(Path::new("/p/flows/sed.yaml")));
        assert!(!is_scratch(Path::new("/p/flows/seda.yaml")));
        assert!(hit("/p/flowsx/menu.json").is_empty(), "a prefix of a name is no parent");
    }
}
