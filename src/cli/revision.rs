//! A git revision's files under a path, copied into a private scratch folder: what
//! `flowsim diff REV:PATH` reads.
//!
//! Invariants:
//! - PATH is taken relative to the current directory, as `git show REV:./PATH` takes it, and
//!   made relative to the repository's top here, lexically (`git rev-parse --show-prefix`); a
//!   PATH that climbs above the top, or an absolute one, is refused. Git is then asked for
//!   names relative to the top only (`ls-tree --full-tree`, literal pathspecs), so no name
//!   depends on where flowsim runs;
//! - REV is resolved to a tree first (`rev-parse --verify`) and may not start with `-`: it is
//!   never read by git as an option;
//! - every name from git is checked, component by component, before anything is written: no
//!   empty, `.` or `..` component, not absolute, under PATH (a NUL cannot occur: the listing
//!   is NUL-separated). A tree with an entry named `..` (`git mktree` accepts one) is refused
//!   whole, and nothing is written;
//! - only blobs are copied (a submodule has no files here); each is streamed from one
//!   `git cat-file --batch` into a file created new (0600) in folders created new (0700) under
//!   the scratch folder ([`super::scratch`]): nothing is written outside it, nothing through a
//!   link, and the cost is linear in the bytes copied.

use super::scratch::Scratch;
use flowsim::util::Cut;
use std::collections::BTreeSet;
use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::path::{Component, Path, PathBuf};
use std::process::{Command, Stdio};

/// At most this many files are taken out of a git revision.
pub(crate) const MAX_REV_FILES: usize = 10_000;

/// Why a revision's files were not copied.
#[derive(Debug, thiserror::Error)]
pub(crate) enum RevisionError {
    /// `flowsim diff HEAD~9:flows flows` with fewer commits, or outside a repository: git's
    /// own message.
    #[error("{0}")]
    Git(String),
    /// `flowsim diff --output=x:flows flows`.
    #[error("a revision that starts with `-` is not read (git would take it for an option)")]
    Option,
    /// `flowsim diff HEAD:../../elsewhere flows` from the repository's top.
    #[error("the path climbs above the repository's top")]
    OutsideRepository,
    /// `flowsim diff HEAD:/etc flows`.
    #[error("an absolute path is not a path in the revision")]
    Absolute,
    /// `flowsim diff HEAD:nowhere flows`.
    #[error("the revision has no file there")]
    NoFile,
    /// A folder of more than 10,000 files.
    #[error("it holds more than {MAX_REV_FILES} files")]
    TooMany,
    /// A tree with an entry named `..` (made with `git mktree`): `flows/../../x.yaml`.
    #[error("the revision names a file `{0}`, which would be written outside the scratch folder: the revision is refused and nothing was written")]
    UnsafeName(String),
    /// The system's temporary folder is full or not writable.
    #[error("cannot make a scratch folder: {0}")]
    Scratch(std::io::Error),
    /// Writing the copy of `name` failed.
    #[error("cannot copy `{name}` into the scratch folder: {error}")]
    Write { name: String, error: std::io::Error },
}

impl RevisionError {
    /// What to do about it.
    pub(crate) fn help(&self, rev: &str, path: &str) -> String {
        match self {
            RevisionError::UnsafeName(_) => format!("the commit was made by hand (`git mktree`), not by `git add`; inspect it with `git ls-tree -r {rev}` and do not check it out"),
            RevisionError::Scratch(_) | RevisionError::Write { .. } => "check that the temporary folder (TMPDIR) is writable and has room".into(),
            RevisionError::Option => "name the revision as git does (`HEAD~1`, a branch, a commit)".into(),
            RevisionError::Git(_) | RevisionError::OutsideRepository | RevisionError::Absolute | RevisionError::NoFile | RevisionError::TooMany => format!("run flowsim inside the git repository, with a revision and a path it has (`git ls-tree {rev} -- {path}` lists them)"),
        }
    }
}

/// PATH as REV has it, copied into a scratch folder removed when this is dropped.
pub(crate) struct Revision {
    path: PathBuf,
    /// Held for its `Drop`, which removes the copy.
    _scratch: Scratch,
}

impl Revision {
    /// Where PATH's copy is.
    pub(crate) fn path(&self) -> &Path {
        &self.path
    }
}

/// Runs git in the current directory with literal pathspecs; its output, or its message.
fn git(args: &[&str]) -> Result<Vec<u8>, RevisionError> {
    let out = Command::new("git")
        .arg("--literal-pathspecs")
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| RevisionError::Git(format!("cannot run git: {e}")))?;
    if out.status.success() {
        Ok(out.stdout)
    } else {
        Err(RevisionError::Git(String::from_utf8_lossy(&out.stderr).trim().to_string()))
    }
}

/// `prefix` (the current directory from the top, `sub/`) joined with `path`, lexically, as
/// `/`-separated components: `sub/` and `../flows` give `flows`.
fn from_top(prefix: &str, path: &str) -> Result<String, RevisionError> {
    if Path::new(path).is_absolute() {
        return Err(RevisionError::Absolute);
    }
    let mut parts: Vec<&str> = prefix.split('/').filter(|p| !p.is_empty()).collect();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop().ok_or(RevisionError::OutsideRepository)?;
            }
            _ => parts.push(part),
        }
    }
    Ok(parts.join("/"))
}

/// Whether a name from git is a plain relative path under `under` (repository-relative, `/`
/// separated; empty for the top): every component a name, none empty, `.` or `..`.
fn safe_name(name: &str, under: &str) -> bool {
    let plain = !name.is_empty()
        && !name.contains('\0')
        && name.split('/').all(|c| !c.is_empty() && c != "." && c != "..")
        && Path::new(name).components().all(|c| matches!(c, Component::Normal(_)));
    let inside = under.is_empty()
        || name == under
        || name.strip_prefix(under).is_some_and(|rest| rest.starts_with('/'));
    plain && inside
}

/// One blob of the listing: its object id and its name from the repository's top.
struct Entry {
    oid: String,
    name: String,
}

/// Reads `git ls-tree -r -z --full-tree` output: `MODE TYPE OID\tNAME` records; blobs only.
fn entries(listed: &[u8], under: &str) -> Result<Vec<Entry>, RevisionError> {
    let mut out = Vec::new();
    for record in listed.split(|&b| b == 0).filter(|r| !r.is_empty()) {
        let text = String::from_utf8_lossy(record);
        let Some((meta, name)) = text.split_once('\t') else {
            return Err(RevisionError::Git(format!("unexpected listing line `{text}`")));
        };
        if !safe_name(name, under) {
            return Err(RevisionError::UnsafeName(name.to_string()));
        }
        let mut meta = meta.split(' ');
        let (_mode, kind, oid) = (meta.next(), meta.next(), meta.next());
        if kind == Some("blob") {
            let oid = oid.unwrap_or_default().to_string();
            out.push(Entry { oid, name: name.to_string() });
        }
        if out.len() > MAX_REV_FILES {
            return Err(RevisionError::TooMany);
        }
    }
    Ok(out)
}

/// Copies PATH as REV has it (PATH relative to the current directory) into a new scratch
/// folder.
pub(crate) fn copy(rev: &str, path: &str) -> Result<Revision, RevisionError> {
    if rev.starts_with('-') {
        return Err(RevisionError::Option);
    }
    let under = from_top(
        String::from_utf8_lossy(&git(&["rev-parse", "--show-prefix"])?).trim_end_matches('\n'),
        path,
    )?;
    let tree = git(&["rev-parse", "--verify", "--quiet", &format!("{rev}^{{tree}}")]).map_err(
        |e| match e {
            RevisionError::Git(m) if m.is_empty() => {
                RevisionError::Git(format!("`{rev}` is not a revision of this repository"))
            }
            e => e,
        },
    )?;
    let tree = String::from_utf8_lossy(&tree).trim().to_string();
    let mut args = vec!["ls-tree", "-r", "-z", "--full-tree", &tree];
    if !under.is_empty() {
        args.extend(["--", &under]);
    }
    let files = entries(&git(&args)?, &under)?;
    if files.is_empty() {
        return Err(RevisionError::NoFile);
    }
    let scratch = Scratch::new("flowsim-diff-").map_err(RevisionError::Scratch)?;
    write_blobs(scratch.path(), &files)?;
    let path = scratch.path().join(&under);
    Ok(Revision { path, _scratch: scratch })
}

/// Streams every blob from one `git cat-file --batch` into `dir/NAME`.
fn write_blobs(dir: &Path, files: &[Entry]) -> Result<(), RevisionError> {
    let broken = |what: String| RevisionError::Git(format!("git cat-file: {what}"));
    let mut child = Command::new("git")
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| RevisionError::Git(format!("cannot run git: {e}")))?;
    let mut stdin = child.stdin.take().ok_or_else(|| broken("no input".into()))?;
    let ids: Vec<String> = files.iter().map(|f| format!("{}\n", f.oid)).collect();
    // Fed from a thread: git answers as it reads, and both pipes are bounded.
    let feeder = std::thread::spawn(move || {
        for id in ids {
            if stdin.write_all(id.as_bytes()).is_err() {
                break;
            }
        }
    });
    let stdout = child.stdout.take().ok_or_else(|| broken("no output".into()))?;
    let mut reader = BufReader::new(stdout);
    let result = (|| {
        let mut made = BTreeSet::new();
        let mut header = String::new();
        for f in files {
            header.clear();
            reader.read_line(&mut header).map_err(|e| broken(e.to_string()))?;
            let size = header
                .trim_end()
                .rsplit(' ')
                .next()
                .and_then(|s| s.parse::<u64>().ok())
                .filter(|_| header.starts_with(&f.oid))
                .ok_or_else(|| {
                    broken(format!("unexpected answer `{}` for `{}`", header.trim_end(), f.name))
                })?;
            let write = |error| RevisionError::Write { name: f.name.clone(), error };
            let target = dir.join(&f.name);
            make_parents(dir, &f.name, &mut made).map_err(write)?;
            let mut file = new_file(&target).map_err(write)?;
            let copied = std::io::copy(&mut (&mut reader).take(size), &mut file).map_err(write)?;
            if copied != size {
                return Err(broken(format!("`{}` ended early", f.name)));
            }
            let mut newline = [0u8; 1];
            reader.read_exact(&mut newline).map_err(|e| broken(e.to_string()))?;
        }
        Ok(())
    })();
    drop(reader);
    let _ = feeder.join();
    let _ = child.kill();
    let _ = child.wait();
    result
}

/// Makes the folders of `name` (`flows/sub/x.yaml`: `flows`, `flows/sub`) under `dir`, each new
/// and private; `made` remembers those already made.
fn make_parents(dir: &Path, name: &str, made: &mut BTreeSet<String>) -> std::io::Result<()> {
    let mut at = 0;
    while let Some(i) = name.cut(at..).find('/') {
        let folder = name.cut(..at + i);
        if !made.contains(folder) {
            let mut builder = std::fs::DirBuilder::new();
            #[cfg(unix)]
            std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
            builder.create(dir.join(folder))?;
            made.insert(folder.to_string());
        }
        at += i + 1;
    }
    Ok(())
}

/// A file that did not exist (`O_EXCL`: never a link), readable by its owner only.
fn new_file(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_is_taken_from_the_current_directory_and_may_not_climb_above_the_top() {
        assert_eq!(from_top("sub/", "../flows").unwrap(), "flows");
        assert_eq!(from_top("", "flows/").unwrap(), "flows");
        assert_eq!(from_top("a/b/", "./../c/./d").unwrap(), "a/c/d");
        assert_eq!(from_top("sub/", "..").unwrap(), "");
        assert!(matches!(from_top("sub/", "../../x"), Err(RevisionError::OutsideRepository)));
        assert!(matches!(from_top("", "/etc"), Err(RevisionError::Absolute)));
    }

    #[test]
    fn names_from_git_are_plain_paths_under_the_path_asked_for() {
        assert!(safe_name("flows/x.yaml", "flows"));
        assert!(safe_name("flows", "flows"));
        assert!(safe_name("x.yaml", ""));
        for bad in [
            "../x.yaml",
            "flows/../../x",
            "flows/./x",
            "flows//x",
            "/etc/passwd",
            "",
            "flows/x\0y",
            "flowsx/y",
            "other/x",
        ] {
            assert!(!safe_name(bad, "flows"), "{bad:?} passed");
        }
        assert!(!safe_name("..", ""));
    }

    #[test]
    fn a_listing_with_a_climbing_name_is_refused_whole() {
        let listing = b"100644 blob aaaa\tflows/x.yaml\x00100644 blob bbbb\tflows/../../pwned\x00";
        match entries(listing, "flows") {
            Err(RevisionError::UnsafeName(n)) => assert_eq!(n, "flows/../../pwned"),
            other => panic!("{:?}", other.map(|e| e.len())),
        }
        let listing = b"100644 blob aaaa\tflows/x.yaml\x00160000 commit cccc\tflows/sub\x00";
        let found = entries(listing, "flows").unwrap();
        assert_eq!(found.len(), 1, "a submodule is no file");
        assert_eq!((found[0].oid.as_str(), found[0].name.as_str()), ("aaaa", "flows/x.yaml"));
    }

    #[test]
    fn a_copy_is_made_of_new_private_files_and_folders() {
        let dir = tempfile::tempdir().unwrap();
        let mut made = BTreeSet::new();
        make_parents(dir.path(), "flows/sub/x.yaml", &mut made).unwrap();
        make_parents(dir.path(), "flows/sub/y.yaml", &mut made).unwrap();
        assert!(dir.path().join("flows/sub").is_dir());
        new_file(&dir.path().join("flows/sub/x.yaml")).unwrap();
        assert!(new_file(&dir.path().join("flows/sub/x.yaml")).is_err(), "never an existing file");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = |p: &str| {
                std::fs::metadata(dir.path().join(p)).unwrap().permissions().mode() & 0o777
            };
            assert_eq!(mode("flows/sub"), 0o700);
            assert_eq!(mode("flows/sub/x.yaml"), 0o600);
            std::os::unix::fs::symlink("/nowhere", dir.path().join("flows/link")).unwrap();
            assert!(new_file(&dir.path().join("flows/link")).is_err(), "never through a link");
        }
    }
}
