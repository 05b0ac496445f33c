//! Reading input files and writing output files, safely against what a path can point at.
//!
//! Reading: only regular files (a FIFO would block forever, `/dev/zero` never ends), at most a
//! stated number of bytes (checked before reading and enforced while reading, so a file that
//! grows cannot exceed it), opened without blocking; text must be UTF-8, and an invalid byte is
//! reported with its offset, line and column.
//!
//! Writing ([`write_atomic`]): a symbolic link is followed and its target written, atomically,
//! through a temporary file beside the real file (`.NAME.flowsim-tmp.PID.N`) and a rename; a
//! character device (`/dev/null`, `/dev/full`, a terminal) is written directly, never replaced;
//! any other non-regular target (a directory, a FIFO, a socket) is refused. Temporary files that
//! a killed process left beside the target are removed by the next write. That is for files the
//! user named (`--junit report.xml`): where a link the user made points is where they asked.
//!
//! Writing a file whose name flowsim chooses inside a folder ([`write_inside`]: snapshots and
//! their `__snapshots__` folder, what `init` writes, files `explore`, `record` and `man` write
//! into a folder): the folder the caller names (the root) is taken as it is, links included;
//! below it, no component may be a symbolic link, neither a folder on the way nor the file
//! itself, and the relative name has only plain components (no `..`, no root, no `.`). A link
//! there is refused with an error naming it, never followed and never replaced: a repository
//! can ship `__snapshots__/x.snap.new -> ../../outside/victim.txt`, and a run must not write the
//! victim (nor silently delete what a user linked on purpose). Folders missing below the root
//! are made; the file is written atomically as by [`write_atomic`].

use std::fs::{File, OpenOptions};
use std::io::{self, Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// The largest input file read by default: flows, fixtures, requests, scenario files (32 MiB).
/// The engine's longest string (`expr::value::MAX_STRING_BYTES`) is this size, so no literal
/// read from a file can bypass it: a test in `expr::value` holds the two equal.
pub const MAX_INPUT_BYTES: u64 = 32 * 1024 * 1024;

/// What one command reads in all through [`read_bytes`] (flows, fixtures, scenario files,
/// options, snapshots, cassettes...), each file within its own limit: 2 GiB, unless
/// `FLOWSIM_MAX_READ_BYTES` says otherwise. Counted only once a front end arms it
/// ([`limit_total_reads`]): the CLI does for every command that ends, and again at each round
/// of a watch; the long-lived servers (`serve`, `lsp`, `dap`) read each file within its limit.
pub const MAX_TOTAL_INPUT_BYTES: u64 = 2 << 30;

/// Bytes read since [`limit_total_reads`], and the total allowed (`u64::MAX`: not counted).
static TOTAL_READ: AtomicU64 = AtomicU64::new(0);
static TOTAL_LIMIT: AtomicU64 = AtomicU64::new(u64::MAX);

/// Counts every later read against `limit` bytes in all, from zero.
pub fn limit_total_reads(limit: u64) {
    TOTAL_LIMIT.store(limit, Ordering::Relaxed);
    TOTAL_READ.store(0, Ordering::Relaxed);
}

/// Counts the armed total from zero again (a watch's next round); nothing when none is armed.
pub fn restart_total_reads() {
    TOTAL_READ.store(0, Ordering::Relaxed);
}

/// Charges `bytes` more read to the command's total, if one is armed. A file that would pass
/// it is refused unread, and stays charged: every later file is refused too, so what the
/// command reports does not depend on which files were small enough to slip in after.
fn charge_total(bytes: u64) -> Result<(), ReadError> {
    let limit = TOTAL_LIMIT.load(Ordering::Relaxed);
    if limit == u64::MAX {
        return Ok(());
    }
    let read = TOTAL_READ.fetch_add(bytes, Ordering::Relaxed).saturating_add(bytes);
    if read > limit {
        return Err(ReadError::PastTotal { read, limit });
    }
    Ok(())
}

/// Charges `bytes` of text the command made from what it read (what YAML aliases copied,
/// what a table of `cases:` expanded to) to the same total as the files it read, if one is
/// armed: each file's copies are bounded per file, and this bounds the files together.
/// `Some((made, total))` once the command's reads and copies pass the total.
pub fn charge_made(bytes: usize) -> Option<(u64, u64)> {
    match charge_total(u64::try_from(bytes).unwrap_or(u64::MAX)) {
        Err(ReadError::PastTotal { read, limit }) => Some((read, limit)),
        _ => None,
    }
}

/// Why an input file was not read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// `--fixtures missing.json`, or a file without read permission.
    #[error("cannot read the file: {0}")]
    Io(#[from] io::Error),
    /// `mkfifo f.json; --request f.json`, or a symbolic link to `/dev/zero`.
    #[error("not a regular file ({0}): only regular files are read")]
    NotRegular(&'static str),
    /// A file over the limit.
    #[error("the file has {size} bytes or more, more than the limit of {limit}")]
    TooLarge { size: u64, limit: u64 },
    /// Files each within their limit that together pass what one command reads
    /// ([`MAX_TOTAL_INPUT_BYTES`]).
    #[error("not read: with it this command would read {read} bytes of files, more than its total of {limit}")]
    PastTotal { read: u64, limit: u64 },
    /// Latin-1 bytes, a binary file.
    #[error(
        "the file is not UTF-8 text: invalid byte at offset {offset} (line {line}, column {column})"
    )]
    NotUtf8 { offset: usize, line: usize, column: usize },
}

impl ReadError {
    /// What to do about it.
    pub fn help(&self) -> &'static str {
        match self {
            ReadError::Io(_) => "check the path and its permissions",
            ReadError::NotRegular(_) => "point the option at a regular file (a FIFO, device, socket or directory is never read)",
            ReadError::TooLarge { .. } => "split the file, or check that it is the file you meant",
            ReadError::PastTotal { .. } => "give the command fewer files (a folder of the project, --flows), or raise the total with FLOWSIM_MAX_READ_BYTES (`flowsim docs budgets`)",
            ReadError::NotUtf8 { .. } => "save the file as UTF-8",
        }
    }

    /// The diagnostic code of a file that was not read: `tooLarge` past a limit, else
    /// `unreadableFile`.
    pub fn code(&self) -> crate::diag::Code {
        match self {
            ReadError::TooLarge { .. } | ReadError::PastTotal { .. } => crate::diag::Code::TooLarge,
            _ => crate::diag::Code::UnreadableFile,
        }
    }

    /// The 1-based line and column of the error, when it has one.
    pub fn line_column(&self) -> Option<(usize, usize)> {
        match self {
            ReadError::NotUtf8 { line, column, .. } => Some((*line, *column)),
            _ => None,
        }
    }
}

/// What kind of non-regular file `t` is, for messages.
fn kind_of(t: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        if t.is_fifo() {
            return "a FIFO";
        }
        if t.is_char_device() {
            return "a character device";
        }
        if t.is_block_device() {
            return "a block device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    if t.is_dir() {
        "a directory"
    } else {
        "not a file"
    }
}

/// Opens for reading without blocking: were `path` swapped for a FIFO between the check and the
/// open, the open must not wait for a writer. (No effect on regular files.)
fn open_nonblocking(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.custom_flags(0o4000); // O_NONBLOCK
    }
    #[cfg(any(target_os = "macos", target_os = "ios", target_os = "freebsd"))]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.custom_flags(0x0004); // O_NONBLOCK
    }
    options.open(path)
}

/// Opens a regular file to be read as a stream (never a FIFO, which would block, nor a device,
/// which may never end).
pub fn open_regular(path: &Path) -> Result<File, ReadError> {
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular(kind_of(meta.file_type())));
    }
    let file = open_nonblocking(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular(kind_of(meta.file_type())));
    }
    Ok(file)
}

/// Reads a regular file of at most `limit` bytes.
pub fn read_bytes(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular(kind_of(meta.file_type())));
    }
    if meta.len() > limit {
        return Err(ReadError::TooLarge { size: meta.len(), limit });
    }
    let file = open_nonblocking(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular(kind_of(meta.file_type())));
    }
    charge_total(meta.len())?;
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge { size: bytes.len() as u64, limit });
    }
    // A file that grew while it was read is charged what it grew by.
    charge_total((bytes.len() as u64).saturating_sub(meta.len()))?;
    Ok(bytes)
}

/// Reads a regular file of at most `limit` bytes as UTF-8 text.
pub fn read_text(path: &Path, limit: u64) -> Result<String, ReadError> {
    utf8(read_bytes(path, limit)?)
}

/// Bytes as text, or where the first invalid byte is.
pub fn utf8(bytes: Vec<u8>) -> Result<String, ReadError> {
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let (line, column) = line_column(e.as_bytes(), offset);
        ReadError::NotUtf8 { offset, line, column }
    })
}

/// The 1-based line and column (in characters) of byte `offset` of `bytes`.
pub fn line_column(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset.min(bytes.len())];
    super::work::add(before.len());
    let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let line = before.split(|&b| b == b'\n').count();
    let column = String::from_utf8_lossy(&before[line_start..]).chars().count() + 1;
    (line, column)
}

/// What a folder entry is, by its own type: a symbolic link is a link, never what it points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    File,
    Folder,
    /// A symbolic link to a folder (or a dangling one): a search never goes through it, since
    /// a repository can ship `flows/x -> /anywhere` (docs/security.md).
    LinkedFolder,
    /// A symbolic link to a file: read like a file (writing it is refused by [`write_inside`]).
    LinkedFile,
    Other,
}

/// The entries of folder `dir`, sorted by path, each with its own type ([`Entry`]): what
/// [`search`] lists, so that no search follows a linked folder out of the tree it searches
/// (`tests/it/escapes.rs` holds every `read_dir` to this file).
pub fn entries(dir: &Path) -> io::Result<Vec<(PathBuf, Entry)>> {
    let mut out: Vec<(PathBuf, Entry)> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| {
            let path = e.path();
            let kind = match e.file_type() {
                Ok(t) if t.is_dir() => Entry::Folder,
                Ok(t) if t.is_file() => Entry::File,
                Ok(t) if t.is_symlink() => {
                    if std::fs::metadata(&path).is_ok_and(|m| m.is_file()) {
                        Entry::LinkedFile
                    } else {
                        Entry::LinkedFolder
                    }
                }
                _ => Entry::Other,
            };
            (path, kind)
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}

/// How far [`search`] goes below the folder it is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Depth {
    /// The folder's own entries (fixtures, cassettes, Terraform files, a `__snapshots__`).
    Flat,
    /// The whole tree (flows, scenario files), except the folders named in `skip`.
    Tree { skip: &'static [&'static str] },
}

/// A folder [`search`] could not list (the one given, or one below it), and why.
#[derive(Debug, thiserror::Error)]
#[error("{}: {error}", folder.display())]
pub struct SearchError {
    pub folder: PathBuf,
    pub error: io::Error,
}

/// The one search over folders: the entries of `dir` that `keep` takes (given each path and
/// its own type, [`Entry`]), and with [`Depth::Tree`] those of the folders below, sorted by
/// path (each folder's entries in order, a folder's before the next entry's). What every
/// search shares, so no two differ:
/// - a folder below `dir` is entered only when it is a real folder: never a linked one
///   (`flows/x -> /`, docs/security.md), never a hidden one (`.git`), never one named in
///   `skip`, and each real folder once (a bind mount back up the tree ends);
/// - a folder is never found, only gone into; files (and links, and what else a folder
///   holds) are `keep`'s to choose, hidden ones and links included (each caller states what
///   it reads: only regular files, or files through links too);
/// - a folder that cannot be listed stops the search with its name ([`SearchError`]): what
///   was found before it is not returned, so no caller reads half a tree as if it were all.
///
/// It lists and reads nothing else: no bytes are charged to the command's total.
pub fn search(
    dir: &Path,
    depth: Depth,
    mut keep: impl FnMut(&Path, Entry) -> bool,
) -> Result<Vec<PathBuf>, SearchError> {
    fn go(
        dir: &Path,
        depth: Depth,
        keep: &mut dyn FnMut(&Path, Entry) -> bool,
        seen: &mut std::collections::HashSet<PathBuf>,
        out: &mut Vec<PathBuf>,
    ) -> Result<(), SearchError> {
        if let Ok(real) = std::fs::canonicalize(dir) {
            if !seen.insert(real) {
                return Ok(());
            }
        }
        let listed =
            entries(dir).map_err(|error| SearchError { folder: dir.to_path_buf(), error })?;
        for (path, entry) in listed {
            match (entry, depth) {
                (Entry::Folder, Depth::Tree { skip }) => {
                    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
                    if !name.starts_with('.') && !skip.contains(&name) {
                        go(&path, depth, keep, seen, out)?;
                    }
                }
                (Entry::Folder, Depth::Flat) => {}
                _ if keep(&path, entry) => out.push(path),
                _ => {}
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    go(dir, depth, &mut keep, &mut std::collections::HashSet::new(), &mut out)?;
    Ok(out)
}

/// The marker in temporary files' names: `.report.xml.flowsim-tmp.4242.0`.
const TMP_MARK: &str = ".flowsim-tmp.";

/// Numbers this process's temporary files: parallel writes (snapshots under `--accept`) never
/// share one.
static TMP_COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// Where writing `path` really goes: symbolic links followed (even dangling ones, whose target
/// is created), at most 40 deep.
fn resolve_links(path: &Path) -> io::Result<PathBuf> {
    let mut current = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::symlink_metadata(&current) {
            Ok(m) if m.file_type().is_symlink() => {
                let target = std::fs::read_link(&current)?;
                let base = current.parent().unwrap_or(Path::new("."));
                current = base.join(target);
            }
            _ => return Ok(current),
        }
    }
    Err(io::Error::other("too many levels of symbolic links"))
}

/// Writes a file atomically: a temporary file beside the real file, then a rename, so a reader
/// (or an interrupted run) never sees half a file. A symbolic link stays a link: its target is
/// written. A character device is written directly; a directory, FIFO or socket is refused.
/// Creates the parent directory; removes temporary files a killed run left beside the target.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_file() => {}
        #[cfg(unix)]
        Ok(meta) if std::os::unix::fs::FileTypeExt::is_char_device(&meta.file_type()) => {
            // `/dev/null`, `/dev/full`, `/dev/stdout` on a terminal: never replace a device.
            let mut f = OpenOptions::new().write(true).open(path)?;
            return f.write_all(bytes).and_then(|()| f.flush());
        }
        Ok(meta) => {
            return Err(io::Error::other(format!(
            "{} is {}, not a regular file: only regular files and character devices are written",
            path.display(),
            kind_of(meta.file_type())
        )))
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    let real = resolve_links(path)?;
    let dir = real.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = real.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    replace_via_temp(dir, name, &real, bytes)
}

/// Why [`write_inside`] wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// `__snapshots__/x.snap.new` is a link to `../../outside/victim.txt`, or `__snapshots__`
    /// itself is a link to a folder elsewhere.
    #[error("{} is a symbolic link (to {}): flowsim does not write through a link it did not make; remove the link", path.display(), target.display())]
    Link { path: PathBuf, target: PathBuf },
    /// A name that would leave its folder: `../x.snap`, `/etc/x`, `a/./b`.
    #[error("{} is not a plain relative name: it would be written outside {}", name.display(), root.display())]
    NotInside { root: PathBuf, name: PathBuf },
    /// A folder on the way is a file, or the file is a folder, a FIFO, a device.
    #[error("{} is {kind}, not a {wanted}", path.display())]
    NotRegular { path: PathBuf, kind: &'static str, wanted: &'static str },
    /// Permissions, a full disk.
    #[error("{}: {error}", path.display())]
    Io { path: PathBuf, error: io::Error },
}

/// Writes `root/name` atomically, where `root` is a folder the user named (followed if it is a
/// link) and `name` a relative name flowsim chose: neither a folder of `name` nor the file may
/// be a symbolic link, and `name` may not climb (see the module's doc). Missing folders below
/// `root` are made.
pub fn write_inside(root: &Path, name: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    let file = checked_inside(root, name)?;
    let io = |error| WriteError::Io { path: file.clone(), error };
    let dir = file.parent().unwrap_or(root);
    let file_name = file.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    replace_via_temp(dir, file_name, &file, bytes).map_err(io)
}

/// `root/name`, with the folders of `name` made and none of its components a link (nor the
/// file a folder): where [`write_inside`] writes.
pub fn checked_inside(root: &Path, name: &Path) -> Result<PathBuf, WriteError> {
    use std::path::Component;
    let parts: Vec<&std::ffi::OsStr> = name
        .components()
        .map(|c| match c {
            Component::Normal(p) => Ok(p),
            _ => Err(()),
        })
        .collect::<Result<_, ()>>()
        .ok()
        .filter(|p: &Vec<&std::ffi::OsStr>| !p.is_empty())
        .ok_or_else(|| WriteError::NotInside { root: root.to_owned(), name: name.to_owned() })?;
    let mut at = root.to_path_buf();
    let io = |path: &Path, error| WriteError::Io { path: path.to_owned(), error };
    if !root.as_os_str().is_empty() {
        std::fs::create_dir_all(root).map_err(|e| io(root, e))?;
    }
    for (i, part) in parts.iter().enumerate() {
        at.push(part);
        let last = i + 1 == parts.len();
        match std::fs::symlink_metadata(&at) {
            Ok(m) if m.file_type().is_symlink() => {
                let target = std::fs::read_link(&at).unwrap_or_default();
                return Err(WriteError::Link { path: at, target });
            }
            Ok(m) if last && !m.is_file() => {
                let kind = kind_of(m.file_type());
                return Err(WriteError::NotRegular { path: at, kind, wanted: "regular file" });
            }
            Ok(m) if !last && !m.is_dir() => {
                let kind = kind_of(m.file_type());
                return Err(WriteError::NotRegular { path: at, kind, wanted: "folder" });
            }
            Ok(_) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                if !last {
                    match std::fs::create_dir(&at) {
                        Ok(()) => {}
                        // Made meanwhile by a parallel write (snapshots are written in
                        // parallel): checked again below, as an existing folder.
                        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                            let m = std::fs::symlink_metadata(&at).map_err(|e| io(&at, e))?;
                            if !m.is_dir() {
                                let kind = kind_of(m.file_type());
                                return Err(WriteError::NotRegular {
                                    path: at,
                                    kind,
                                    wanted: "folder",
                                });
                            }
                        }
                        Err(e) => return Err(io(&at, e)),
                    }
                }
            }
            Err(e) => return Err(io(&at, e)),
        }
    }
    Ok(at)
}

/// Writes `bytes` to a new temporary file in `dir` and renames it over `real` (a rename
/// replaces the name itself: it never follows a link there).
fn replace_via_temp(dir: &Path, name: &str, real: &Path, bytes: &[u8]) -> io::Result<()> {
    remove_stale_temps(dir, name);
    let n = TMP_COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let tmp = dir.join(format!(".{name}{TMP_MARK}{}.{n}", std::process::id()));
    let result = (|| {
        // `create_new`: never follow a link someone placed at the temporary name.
        let mut f = OpenOptions::new().write(true).create_new(true).open(&tmp)?;
        if let Ok(meta) = std::fs::metadata(real) {
            let _ = f.set_permissions(meta.permissions());
        }
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, real)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Removes `.NAME.flowsim-tmp.PID.N` files (and the older `.NAME.tmp-PID`) whose process no
/// longer runs: what a run killed mid-write left. Another live process's file is kept.
fn remove_stale_temps(dir: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let new_prefix = format!(".{name}{TMP_MARK}");
    let old_prefix = format!(".{name}.tmp-");
    for entry in entries.filter_map(Result::ok) {
        let file_name = entry.file_name();
        let Some(file_name) = file_name.to_str() else { continue };
        let pid = if let Some(rest) = file_name.strip_prefix(&new_prefix) {
            rest.split('.').next()
        } else {
            file_name.strip_prefix(&old_prefix)
        };
        let Some(pid) = pid.and_then(|p| p.parse::<u32>().ok()) else { continue };
        if pid != std::process::id() && !process_alive(pid) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Whether process `pid` runs. Without `/proc` nothing is known, so every process counts as
/// running (a temporary file is never removed from under a live writer).
fn process_alive(pid: u32) -> bool {
    if !Path::new("/proc/self").exists() {
        return true;
    }
    Path::new("/proc").join(pid.to_string()).exists()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("flowsim-util-files-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    /// The one search: sorted over the whole tree, no hidden, skipped or linked folder
    /// entered, a folder never found, a flat search only the folder's own entries, links and
    /// hidden files left to `keep`, and a folder that cannot be listed named in the error.
    #[test]
    fn search_walks_the_tree_sorted_and_never_through_a_link() {
        let dir = temp_dir("search");
        for f in ["b/z.json", "b/a.json", "a.json", "c.json", ".hidden/x.json", "skip/x.json"] {
            let f = dir.join(f);
            std::fs::create_dir_all(f.parent().unwrap()).unwrap();
            std::fs::write(f, "{}").unwrap();
        }
        std::fs::write(dir.join(".dot.json"), "{}").unwrap();
        std::fs::create_dir(dir.join("folder.json")).unwrap();
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.join("b"), dir.join("linked")).unwrap();
            std::os::unix::fs::symlink(dir.join("c.json"), dir.join("d.json")).unwrap();
        }
        let names = |found: Vec<PathBuf>| -> Vec<String> {
            let rel = found.iter().map(|p| p.strip_prefix(&dir).unwrap().display().to_string());
            rel.collect()
        };
        let json = |p: &Path, _: Entry| p.extension().is_some_and(|e| e == "json");
        let tree = Depth::Tree { skip: &["skip"] };
        let found = names(search(&dir, tree, json).unwrap());
        #[cfg(unix)]
        assert_eq!(found, [".dot.json", "a.json", "b/a.json", "b/z.json", "c.json", "d.json"]);
        let regular = |p: &Path, e: Entry| e == Entry::File && !p.ends_with(".dot.json");
        let found = names(search(&dir, Depth::Flat, regular).unwrap());
        assert_eq!(found, ["a.json", "c.json"]);
        let e = search(&dir.join("gone"), tree, json).unwrap_err();
        assert_eq!(e.folder, dir.join("gone"));
        assert_eq!(e.error.kind(), io::ErrorKind::NotFound);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn reads_only_regular_files_within_the_limit() {
        let dir = temp_dir("read");
        let f = dir.join("a.json");
        std::fs::write(&f, "{}").unwrap();
        assert_eq!(read_text(&f, 10).unwrap(), "{}");
        assert!(matches!(read_text(&f, 1), Err(ReadError::TooLarge { size: 2, limit: 1 })));
        assert!(matches!(read_text(&dir, 10), Err(ReadError::NotRegular("a directory"))));
        #[cfg(unix)]
        {
            let z = dir.join("z.json");
            std::os::unix::fs::symlink("/dev/zero", &z).unwrap();
            assert!(matches!(read_text(&z, 10), Err(ReadError::NotRegular("a character device"))));
        }
        std::fs::write(&f, b"{\n  \"a\": \"\xff\"}").unwrap();
        let e = read_text(&f, 100).unwrap_err();
        assert!(matches!(e, ReadError::NotUtf8 { offset: 10, line: 2, column: 9 }), "{e:?}");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[cfg(unix)]
    #[test]
    fn writes_through_links_and_to_devices_never_replacing_them() {
        let dir = temp_dir("write");
        let real = dir.join("real.xml");
        std::fs::write(&real, "old").unwrap();
        let link = dir.join("link.xml");
        std::os::unix::fs::symlink("real.xml", &link).unwrap();
        write_atomic(&link, b"new").unwrap();
        assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
        assert_eq!(std::fs::read_to_string(&real).unwrap(), "new");
        let dangling = dir.join("dangling.xml");
        std::os::unix::fs::symlink("sub/made.xml", &dangling).unwrap();
        write_atomic(&dangling, b"made").unwrap();
        assert_eq!(std::fs::read_to_string(dir.join("sub/made.xml")).unwrap(), "made");
        assert!(write_atomic(Path::new("/dev/full"), b"x").is_err(), "a full device fails");
        assert!(write_atomic(Path::new("/dev/null"), b"x").is_ok());
        assert!(write_atomic(&dir, b"x").is_err(), "a directory is refused");
        // What a killed run left is removed; a live process's temporary file is kept.
        let stale = dir.join(format!(".real.xml{TMP_MARK}{}.0", u32::MAX - 1));
        let live = dir.join(format!(".real.xml{TMP_MARK}{}.7", std::process::id()));
        std::fs::write(&stale, "").unwrap();
        std::fs::write(&live, "").unwrap();
        write_atomic(&real, b"again").unwrap();
        assert!(!stale.exists());
        assert!(live.exists());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[cfg(unix)]
    #[test]
    fn writes_inside_a_folder_never_go_through_a_link_below_it() {
        let dir = temp_dir("inside");
        let (root, outside) = (dir.join("project"), dir.join("outside"));
        std::fs::create_dir_all(&outside).unwrap();
        let victim = outside.join("victim.txt");
        std::fs::write(&victim, "keep").unwrap();
        write_inside(&root, Path::new("__snapshots__/a.snap"), b"a").unwrap();
        write_inside(&root, Path::new("__snapshots__/a.snap"), b"again").unwrap();
        assert_eq!(std::fs::read_to_string(root.join("__snapshots__/a.snap")).unwrap(), "again");

        // The file a link.
        let link = root.join("__snapshots__/b.snap.new");
        std::os::unix::fs::symlink("../../outside/victim.txt", &link).unwrap();
        let e = write_inside(&root, Path::new("__snapshots__/b.snap.new"), b"json").unwrap_err();
        assert!(matches!(&e, WriteError::Link { path, .. } if *path == link), "{e:?}");
        assert!(e.to_string().contains("is a symbolic link (to ../../outside/victim.txt)"), "{e}");
        // A folder on the way a link.
        std::os::unix::fs::symlink("../outside", root.join("linked")).unwrap();
        let e = write_inside(&root, Path::new("linked/c.snap"), b"json").unwrap_err();
        assert!(matches!(&e, WriteError::Link { .. }), "{e:?}");
        assert!(!outside.join("c.snap").exists());
        // Names that climb or are not plain.
        for name in ["../x.snap", "/tmp/x.snap", "a/../../x", "./x", ""] {
            let e = write_inside(&root, Path::new(name), b"x").unwrap_err();
            assert!(matches!(e, WriteError::NotInside { .. }), "{name}: {e:?}");
        }
        // A folder where the file goes, a file where a folder goes.
        let e = write_inside(&root, Path::new("__snapshots__"), b"x").unwrap_err();
        assert!(matches!(e, WriteError::NotRegular { kind: "a directory", .. }), "{e:?}");
        let e = write_inside(&root, Path::new("__snapshots__/a.snap/x"), b"x").unwrap_err();
        assert!(matches!(e, WriteError::NotRegular { wanted: "folder", .. }), "{e:?}");
        // The root itself is the user's: a link there is followed.
        std::os::unix::fs::symlink("outside", dir.join("root-link")).unwrap();
        write_inside(&dir.join("root-link"), Path::new("d.txt"), b"d").unwrap();
        assert_eq!(std::fs::read_to_string(outside.join("d.txt")).unwrap(), "d");
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep");
        let _ = std::fs::remove_dir_all(&dir);
    }
}

/// `a/b/../flows/./x.json` → `a/flows/x.json`, without touching the file system (a path that
/// climbs above its start keeps its leading `..`). How a scenario file's relative `flows:`
/// and `fixtures:` are shown.
pub fn normalise(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out: Vec<Component<'_>> = Vec::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => match out.last() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                Some(Component::RootDir | Component::Prefix(_)) => {}
                _ => out.push(c),
            },
            _ => out.push(c),
        }
    }
    if out.is_empty() {
        return PathBuf::from(".");
    }
    out.iter().collect()
}

/// `path` as seen from the folder `from` (both relative to the current directory, or
/// absolute): `../flows` for `flows` from `tests`; `path` made absolute when they share no
/// folder, or as it is when either cannot be made absolute.
pub fn relative_to(path: &Path, from: &Path) -> PathBuf {
    use std::path::Component;
    let (Ok(path_abs), Ok(from_abs)) = (std::path::absolute(path), std::path::absolute(from))
    else {
        return path.to_path_buf();
    };
    let (path_abs, from_abs) = (normalise(&path_abs), normalise(&from_abs));
    let p: Vec<Component<'_>> = path_abs.components().collect();
    let f: Vec<Component<'_>> = from_abs.components().collect();
    let common = p.iter().zip(&f).take_while(|(a, b)| a == b).count();
    if common == 0 {
        return path_abs;
    }
    let mut out = PathBuf::new();
    for _ in common..f.len() {
        out.push("..");
    }
    for part in &p[common..] {
        out.push(part);
    }
    if out.as_os_str().is_empty() {
        out.push(".");
    }
    out
}

#[cfg(test)]
mod normalise_tests {
    use super::{normalise, relative_to};
    use std::path::{Path, PathBuf};

    #[test]
    fn relative_paths_climb_from_a_subfolder() {
        let rel = |p: &str, f: &str| relative_to(Path::new(p), Path::new(f));
        assert_eq!(rel("/a/b/flows", "/a/b/tests"), PathBuf::from("../flows"));
        assert_eq!(rel("/a/b", "/a/b"), PathBuf::from("."));
        assert_eq!(rel("/a/b", "/a/b/c/d"), PathBuf::from("../.."));
        assert_eq!(rel("/a/./b/../b/x", "/a/b"), PathBuf::from("x"));
    }

    #[test]
    fn normalise_is_lexical() {
        assert_eq!(normalise(Path::new("a/b/../flows/./x.json")), Path::new("a/flows/x.json"));
        assert_eq!(normalise(Path::new("../x")), Path::new("../x"));
        assert_eq!(normalise(Path::new("./a/..")), Path::new("."));
        assert_eq!(normalise(Path::new("/../a")), Path::new("/a"));
    }
}
