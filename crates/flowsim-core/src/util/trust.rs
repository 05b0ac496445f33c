//! Which project file flowsim may use, and what such a file may name (docs/security.md,
//! "Trust in files found by walking up").
//!
//! A file found by walking up from the current directory is another person's unless shown
//! otherwise: a checkout inside a world-writable folder (`/tmp/work/repo`) would otherwise take
//! its lint levels, its cache folder and its flows from whoever wrote `/tmp/flowsim.toml`.
//!
//! Invariants:
//! - [`nearest`] looks no higher than the repository's top (the nearest folder holding
//!   `.git`, a folder or a worktree's file): a file above it belongs to no project in it;
//!   outside a repository every folder up to the root is looked at;
//! - [`trusted`] takes a file only when the user running flowsim owns it and no one else can
//!   write it: neither the file nor its folder is world-writable, nor writable by a group other
//!   than the user's own primary group (umask 002's user-private groups make every file
//!   group-writable by a group of one); a folder with the sticky bit, as `/tmp`, lets no one
//!   else replace the file and is allowed;
//! - [`stays_inside`] takes a path the file names (`cache`, `flows`, `options`) only as a
//!   plain relative path that never climbs above the file's folder; what a user names on the
//!   command line is theirs and never passes through here.

use std::path::{Component, Path, PathBuf};

/// Why a project file found by walking up is not used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Distrust {
    /// `/tmp/flowsim.toml`, written by another user.
    #[error("{} belongs to another user (uid {owner}), not to the user running flowsim (uid {me})", file.display())]
    NotOwned { file: PathBuf, owner: u32, me: u32 },
    /// `chmod g+w flowsim.toml`, or `o+w`.
    #[error("{} can be written by {who}, not only by its owner", file.display())]
    Writable { file: PathBuf, who: &'static str },
    /// The file's folder is group- or world-writable without the sticky bit: anyone who may
    /// write there may replace the file.
    #[error("its folder {} can be written by {who} (and has no sticky bit), so anyone there can replace it", folder.display())]
    FolderWritable { folder: PathBuf, who: &'static str },
}

impl Distrust {
    /// What to do about it.
    pub fn help(&self) -> &'static str {
        match self {
            Distrust::NotOwned { .. } => {
                "take ownership of the file if it is yours (`chown`), or work in a folder outside it"
            }
            Distrust::Writable { .. } => {
                "make it writable by its owner only: `chmod go-w flowsim.toml`"
            }
            Distrust::FolderWritable { .. } => {
                "make the folder writable by its owner only (`chmod go-w`), or move the project"
            }
        }
    }
}

/// Why a path a project file names is not used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Escape {
    /// `cache = "/var/tmp/x"`.
    #[error("`{0}` is an absolute path: what a project file names stays inside the project")]
    Absolute(String),
    /// `cache = "../elsewhere"`, `flows = "a/../../x"`.
    #[error("`{0}` climbs above the project file's folder: what a project file names stays inside the project")]
    Climbs(String),
}

impl Escape {
    /// What to do about it.
    pub fn help(&self) -> &'static str {
        "name a path inside the project; to read flows or fixtures from outside it, name them \
         on the command line (`flowsim check ../shared/flows`, `--fixtures`)"
    }
}

/// The nearest `name` in `dir` or a folder above it, looking no higher than the repository's
/// top (the nearest folder with a `.git`); `dir` should be absolute.
pub fn nearest(dir: &Path, name: &str) -> Option<PathBuf> {
    for d in dir.ancestors() {
        let file = d.join(name);
        if file.is_file() {
            return Some(file);
        }
        if d.join(".git").exists() {
            return None;
        }
    }
    None
}

/// `Ok` when `file` may be used: owned by the user running flowsim, and written by no one
/// else (neither the file nor its folder, unless the folder has the sticky bit).
#[cfg(unix)]
pub fn trusted(file: &Path) -> Result<(), Distrust> {
    use std::os::unix::fs::MetadataExt as _;
    // Unreadable metadata: the reader reports it, with the file's name.
    let Ok(meta) = std::fs::metadata(file) else { return Ok(()) };
    let me = rustix::process::geteuid().as_raw();
    let group = rustix::process::getegid().as_raw();
    if meta.uid() != me {
        return Err(Distrust::NotOwned { file: file.to_owned(), owner: meta.uid(), me });
    }
    if let Some(who) = writable_by_others(meta.mode(), meta.gid() == group) {
        return Err(Distrust::Writable { file: file.to_owned(), who });
    }
    let folder = file.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    if let Ok(dir) = std::fs::metadata(folder) {
        let sticky = dir.mode() & 0o1000 != 0;
        if let Some(who) = writable_by_others(dir.mode(), dir.gid() == group).filter(|_| !sticky) {
            return Err(Distrust::FolderWritable { folder: folder.to_owned(), who });
        }
    }
    Ok(())
}

/// Without Unix permissions there is nothing to look at.
#[cfg(not(unix))]
pub fn trusted(_file: &Path) -> Result<(), Distrust> {
    Ok(())
}

/// Who besides the owner may write a file of `mode`: everyone, a group (unless it is the
/// user's own primary group, `own_group`), or no one.
#[cfg(unix)]
fn writable_by_others(mode: u32, own_group: bool) -> Option<&'static str> {
    match (mode & 0o020 != 0 && !own_group, mode & 0o002 != 0) {
        (_, true) => Some("everyone"),
        (true, false) => Some("its group"),
        (false, false) => None,
    }
}

/// `Ok` when `named`, a path a project file gives relative to its folder, stays inside that
/// folder: relative, and never above it (`a/../b` is fine, `a/../../b` is not).
pub fn stays_inside(named: &str) -> Result<(), Escape> {
    let mut depth = 0usize;
    for c in Path::new(named).components() {
        match c {
            Component::Prefix(_) | Component::RootDir => {
                return Err(Escape::Absolute(named.to_owned()))
            }
            Component::CurDir => {}
            Component::ParentDir => {
                depth = depth.checked_sub(1).ok_or_else(|| Escape::Climbs(named.to_owned()))?;
            }
            Component::Normal(_) => depth += 1,
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_named_path_stays_below_the_file_s_folder() {
        for ok in [".flowsim/cache", "flows", "a/../b", "./x", "."] {
            assert_eq!(stays_inside(ok), Ok(()), "{ok}");
        }
        assert!(matches!(stays_inside("/var/tmp/x"), Err(Escape::Absolute(_))));
        for climbs in ["..", "../cache", "a/../../b", "./../x"] {
            assert!(matches!(stays_inside(climbs), Err(Escape::Climbs(_))), "{climbs}");
        }
    }

    #[test]
    fn the_walk_up_stops_at_the_repository_top() {
        let dir = tempfile::tempdir().unwrap();
        let repo = dir.path().join("repo");
        let sub = repo.join("flows/deep");
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::write(dir.path().join("flowsim.toml"), "").unwrap();
        assert_eq!(nearest(&sub, "flowsim.toml"), Some(dir.path().join("flowsim.toml")));
        std::fs::create_dir(repo.join(".git")).unwrap();
        assert_eq!(nearest(&sub, "flowsim.toml"), None, "above the repository: not its project");
        std::fs::write(repo.join("flowsim.toml"), "").unwrap();
        assert_eq!(nearest(&sub, "flowsim.toml"), Some(repo.join("flowsim.toml")));
    }

    #[cfg(unix)]
    #[test]
    fn a_file_others_can_write_is_not_trusted() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("flowsim.toml");
        std::fs::write(&file, "").unwrap();
        let mode = |p: &Path, m: u32| {
            std::fs::set_permissions(p, std::fs::Permissions::from_mode(m)).unwrap();
        };
        mode(&file, 0o644);
        mode(dir.path(), 0o755);
        assert_eq!(trusted(&file), Ok(()));
        mode(&file, 0o664);
        // The user's own primary group (umask 002) is the user; another group is not.
        assert_eq!(trusted(&file), Ok(()));
        if rustix::process::getegid().as_raw() != 65534 {
            // Only the owner's own groups (or root) may be given: where it cannot, no check.
            let given = std::os::unix::fs::chown(&file, None, Some(65534)).is_ok();
            if given {
                assert!(matches!(trusted(&file), Err(Distrust::Writable { who: "its group", .. })));
            }
        }
        mode(&file, 0o646);
        assert!(matches!(trusted(&file), Err(Distrust::Writable { who: "everyone", .. })));
        mode(&file, 0o644);
        mode(dir.path(), 0o777);
        assert!(matches!(trusted(&file), Err(Distrust::FolderWritable { .. })));
        mode(dir.path(), 0o1777);
        assert_eq!(trusted(&file), Ok(()), "a sticky folder (as /tmp) lets no one replace it");
        mode(dir.path(), 0o755);
    }
}
