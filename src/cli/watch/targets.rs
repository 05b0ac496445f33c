//! Which folders a watch keeps an eye on, and what it must do when one is replaced or goes away
//! (`git checkout`, `git stash`, a sync tool: the folder removed and made again).
//!
//! A watch on a folder follows the folder, not its name: once the folder is renamed away or
//! removed, a new one under the same name is not watched. So each folder asked for (a
//! *target*) is watched together with its parent (which sees the name come and go); a target
//! that is not there is watched through its nearest existing ancestor (its *anchor*), which sees
//! the path being made again, level by level.
//!
//! Invariants:
//! - [`Probe`] is what the disk says about a target: there (its identity and its parent's), or
//!   gone (its anchor). A target is re-armed whenever its probe differs from the one it was
//!   armed for, or an event named the target itself (a folder removed and made again may get
//!   its inode number back).
//! - [`wanted`] is the set of watches the targets need, with none covered by another (a folder
//!   watched recursively covers everything under it).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A file's identity: device and inode where there are some (elsewhere only its presence).
pub type Id = (u64, u64);

#[cfg(unix)]
fn id(path: &Path) -> Option<Id> {
    use std::os::unix::fs::MetadataExt as _;
    std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

#[cfg(not(unix))]
fn id(path: &Path) -> Option<Id> {
    std::fs::metadata(path).ok().map(|_| (0, 0))
}

/// What the disk says about a target now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Probe {
    /// The target is there: `/p/flows` with `/p`.
    Here { id: Id, parent: Option<Id> },
    /// The target is not there; `anchor` is its nearest existing ancestor (`None`: not even `/`).
    Gone { anchor: Option<(PathBuf, Id)> },
}

/// Looks at `path` and its ancestors.
pub fn probe(path: &Path) -> Probe {
    match id(path) {
        Some(id) => Probe::Here { id, parent: path.parent().and_then(self::id) },
        None => Probe::Gone {
            anchor: path.ancestors().skip(1).find_map(|a| Some((a.to_path_buf(), id(a)?))),
        },
    }
}

/// A folder asked for (or a path that is not there yet, asked for as one).
#[derive(Debug, Clone)]
pub struct Target {
    /// Whether everything under it is watched too (a file is watched through its folder, alone).
    pub recursive: bool,
    /// What the watch was armed for; `None` before it was armed.
    pub armed_for: Option<Probe>,
}

/// The watches `targets` need: each present target (recursively or not) and its parent, each
/// missing one's anchor; none covered by another.
pub fn wanted(targets: &BTreeMap<PathBuf, Target>) -> BTreeMap<PathBuf, bool> {
    let mut want: Vec<(&Path, bool)> = Vec::new();
    for (path, t) in targets {
        match &t.armed_for {
            Some(Probe::Here { .. }) => {
                want.push((path, t.recursive));
                if let Some(parent) = path.parent() {
                    want.push((parent, false));
                }
            }
            Some(Probe::Gone { anchor: Some((anchor, _)) }) => want.push((anchor, false)),
            Some(Probe::Gone { anchor: None }) | None => {}
        }
    }
    // Recursive watches first, each before what lies under it: a later one is covered when an
    // ancestor (or itself) is watched recursively, or it is watched alone already.
    want.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    let mut out: BTreeMap<PathBuf, bool> = BTreeMap::new();
    for (path, recursive) in want {
        let covered = path.ancestors().any(|a| out.get(a) == Some(&true))
            || (!recursive && out.contains_key(path));
        if !covered {
            out.insert(path.to_path_buf(), recursive);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(recursive: bool, probe: Probe) -> Target {
        Target { recursive, armed_for: Some(probe) }
    }

    fn here() -> Probe {
        Probe::Here { id: (1, 1), parent: Some((1, 2)) }
    }

    #[test]
    fn a_present_folder_is_watched_with_its_parent() {
        let targets = BTreeMap::from([(PathBuf::from("/p/flows"), target(true, here()))]);
        let want = wanted(&targets);
        assert_eq!(
            want.into_iter().collect::<Vec<_>>(),
            [(PathBuf::from("/p"), false), (PathBuf::from("/p/flows"), true)]
        );
    }

    #[test]
    fn a_missing_folder_is_watched_through_its_nearest_ancestor() {
        let gone = Probe::Gone { anchor: Some((PathBuf::from("/p"), (1, 2))) };
        let targets = BTreeMap::from([(PathBuf::from("/p/a/flows"), target(true, gone))]);
        assert_eq!(
            wanted(&targets).into_iter().collect::<Vec<_>>(),
            [(PathBuf::from("/p"), false)]
        );
    }

    #[test]
    fn a_recursive_watch_covers_what_lies_under_it() {
        let targets = BTreeMap::from([
            (PathBuf::from("/p"), target(true, here())),
            (PathBuf::from("/p/flows"), target(true, here())),
            (PathBuf::from("/p/tests"), target(false, here())),
        ]);
        assert_eq!(
            wanted(&targets).into_iter().collect::<Vec<_>>(),
            [(PathBuf::from("/"), false), (PathBuf::from("/p"), true)]
        );
    }

    #[test]
    fn probing_tells_a_replaced_folder_from_the_old_one() {
        let dir = tempfile::tempdir().unwrap();
        let flows = dir.path().join("flows");
        std::fs::create_dir(&flows).unwrap();
        let before = probe(&flows);
        assert!(matches!(before, Probe::Here { .. }));
        // As git does: the old folder renamed away (so its inode stays taken), a new one made.
        std::fs::rename(&flows, dir.path().join("old")).unwrap();
        std::fs::create_dir(&flows).unwrap();
        assert_ne!(probe(&flows), before);
        std::fs::remove_dir(&flows).unwrap();
        let gone = probe(&flows.join("a/b"));
        let Probe::Gone { anchor: Some((anchor, _)) } = gone else { panic!("{gone:?}") };
        assert_eq!(anchor, dir.path());
    }
}
