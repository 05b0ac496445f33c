//! Trace snapshots: a scenario's whole result, stored beside its scenario file.
//!
//! `menu.scenarios.yaml`'s scenario "caller presses 1" is stored in
//! `__snapshots__/menu__caller-presses-1.snap` next to it: the result JSON of docs/results.md,
//! pretty-printed (runs are deterministic, so nothing needs redacting). A mismatch writes the
//! new result as `….snap.new` for review; `--accept` writes it as the snapshot; `--ci` writes
//! nothing and also fails on snapshot files no scenario claims.
//!
//! A snapshot's name is unique per scenario, short and stable: the readable slug alone when it
//! stands for exactly one name (lowercase words and digits separated by single spaces), else the
//! slug (at most [`MAX_SLUG_BYTES`]) then `--` and a hash of the exact name, so "a b", "a-b"
//! and "A B" never share a file and a name of any length fits a file name. A slug never holds
//! `--` or `_`, so no plain name can meet a hashed one, and `__` splits the file's part from
//! the scenario's.

use crate::util::Cut;
use std::path::{Path, PathBuf};

/// The folder of snapshots beside scenario files.
pub const DIR: &str = "__snapshots__";

/// The longest slug kept whole, in bytes: with the file's part and the hash, a snapshot's file
/// name stays far under the usual 255-byte limit.
pub const MAX_SLUG_BYTES: usize = 80;

/// `caller presses 1!` → `caller-presses-1`: words of letters and digits, lowercase, joined by
/// `-`, cut at [`MAX_SLUG_BYTES`] on a character boundary.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_alphanumeric() {
            for l in c.to_lowercase() {
                if out.len() + l.len_utf8() > MAX_SLUG_BYTES {
                    break;
                }
                out.push(l);
            }
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
        if out.len() >= MAX_SLUG_BYTES {
            break;
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

/// Whether `slug(name)` stands for `name` alone: lowercase letters and digits in words
/// separated by single spaces, short enough to be kept whole.
fn slug_is_lossless(name: &str) -> bool {
    let words_ok = name.split(' ').all(|w| {
        !w.is_empty() && w.chars().all(|c| c.is_alphanumeric() && c.to_lowercase().eq([c]))
    });
    words_ok && name.len() <= MAX_SLUG_BYTES
}

/// FNV-1a, 64 bits: a hash that never changes across versions and platforms (file names
/// depend on it).
fn stable_hash(text: &str) -> u64 {
    text.bytes()
        .fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3))
}

/// The scenario's part of a snapshot's file name.
fn scenario_part(name: &str) -> String {
    let s = slug(name);
    if slug_is_lossless(name) {
        s
    } else {
        format!("{s}--{:016x}", stable_hash(name))
    }
}

/// The scenario file's base name: `menu.scenarios.yaml` → `menu` (shortened like a slug when
/// very long).
fn base(scenario_file: &Path) -> String {
    let name = scenario_file.file_name().and_then(|n| n.to_str()).unwrap_or("scenarios");
    let lower = name.to_ascii_lowercase();
    let stem = super::scenario::SUFFIXES
        .iter()
        .find(|s| lower.ends_with(*s))
        .map_or(name, |s| name.cut(..name.len() - s.len()));
    let mut base = stem.to_owned();
    if base.len() > MAX_SLUG_BYTES {
        let mut cut = MAX_SLUG_BYTES;
        while !base.is_char_boundary(cut) {
            cut -= 1;
        }
        base = format!("{}-{:016x}", base.cut(..cut), stable_hash(&base));
    }
    base
}

/// Where a scenario's snapshot lives.
pub fn path(scenario_file: &Path, scenario: &str) -> PathBuf {
    let dir = scenario_file.parent().unwrap_or(Path::new(".")).join(DIR);
    dir.join(format!("{}__{}.snap", base(scenario_file), scenario_part(scenario)))
}

/// Writes a snapshot file (`.snap` or `.snap.new`) as `DIR/NAME` inside the folder of its
/// scenario file, never through a link: neither `__snapshots__` nor the file may be one
/// ([`crate::util::write_inside`]; a repository can ship either pointing anywhere).
pub fn write(snap: &Path, text: &str) -> Result<(), crate::util::WriteError> {
    let folder = snap.parent().unwrap_or(Path::new(""));
    let root = folder.parent().unwrap_or(Path::new(""));
    let name = Path::new(folder.file_name().unwrap_or_default())
        .join(snap.file_name().unwrap_or_default());
    crate::util::write_inside(root, &name, text.as_bytes())
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

/// Compares with the stored snapshot (read as any input file: a regular file within the size
/// limit; anything else there differs, with the reason as its text).
pub fn compare(snap: &Path, actual: &str) -> Compared {
    match crate::util::read_text(snap, crate::util::MAX_INPUT_BYTES) {
        Ok(stored) if stored == actual => Compared::Same,
        Ok(stored) => Compared::Differs(stored),
        Err(crate::util::ReadError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => {
            Compared::Missing
        }
        Err(e) => Compared::Differs(format!("(the stored snapshot cannot be read: {e})\n")),
    }
}

/// Snapshot files beside `scenario_file` that no scenario in `claimed` owns: stored snapshots
/// (`.snap`), and pending ones (`.snap.new`) whose stored snapshot is gone too (one beside an
/// orphaned `.snap` goes with it), as `cargo insta test --unreferenced` finds both.
pub fn orphans(scenario_file: &Path, claimed: &[PathBuf]) -> Vec<PathBuf> {
    let dir = scenario_file.parent().unwrap_or(Path::new(".")).join(DIR);
    let prefix = format!("{}__", base(scenario_file));
    let found = crate::util::files::search(&dir, crate::util::files::Depth::Flat, |p, _| {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        // A pending file stands for the snapshot it would become.
        let (snap, lone) = match name.strip_suffix(".new") {
            Some(snap) => (snap, !p.with_file_name(snap).exists()),
            None => (name, true),
        };
        let is_snap = Path::new(snap).extension().is_some_and(|e| e.eq_ignore_ascii_case("snap"));
        // `a__x.snap` is not `a__b`'s (of `a__b.scenarios.yaml`): slugs hold no `_`.
        let ours = snap.strip_prefix(&prefix).is_some_and(|rest| !rest.contains("__"));
        ours && is_snap && lone && !claimed.contains(&p.with_file_name(snap))
    });
    found.unwrap_or_default()
}

/// Lines of context kept around each change in [`diff`], as insta and `diff -u` keep.
pub const CONTEXT: usize = 3;

/// The most changed lines [`diff`] shows; the rest is counted (the `.snap.new` has it all).
pub const MAX_CHANGED: usize = 200;

/// A trimmed diff of a stored snapshot against a new result, in insta's layout: each hunk
/// with [`CONTEXT`] lines either side, a line number column for each side, `│-` before a
/// stored line that went, `│+` before a new one (the CLI colours those), `┈` between hunks.
///
/// ```text
/// -stored
/// +new
///     10    10 │   "route": {
///     11       │-    "queueId": "q-support",
///           11 │+    "queueId": "q-sales",
/// ```
pub fn diff(stored: &str, new: &str) -> String {
    use std::fmt::Write as _;
    let d = similar::TextDiff::from_lines(stored, new);
    let mut out = String::from("-stored\n+new\n");
    let mut changed = 0usize;
    let mut hidden = 0usize;
    for (i, group) in d.grouped_ops(CONTEXT).iter().enumerate() {
        if i > 0 && changed < MAX_CHANGED {
            out.push_str("            ┈┈┈┈┈\n");
        }
        for op in group {
            for change in d.iter_changes(op) {
                let (sign, old, new) = match change.tag() {
                    similar::ChangeTag::Delete => ('-', change.old_index(), None),
                    similar::ChangeTag::Insert => ('+', None, change.new_index()),
                    similar::ChangeTag::Equal => (' ', change.old_index(), change.new_index()),
                };
                if sign != ' ' {
                    changed += 1;
                }
                if changed > MAX_CHANGED {
                    hidden += usize::from(sign != ' ');
                    continue;
                }
                let number = |n: Option<usize>| n.map_or(String::new(), |n| (n + 1).to_string());
                let text = change.value().trim_end_matches(['\n', '\r']);
                let _ = writeln!(out, "{:>5} {:>5} │{sign}{text}", number(old), number(new));
            }
        }
    }
    if hidden > 0 {
        let _ = writeln!(
            out,
            "… {hidden} more changed line(s): the whole new result is in the .snap.new file"
        );
    }
    out.trim_end().to_owned()
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

    #[test]
    fn snapshot_names_are_unique_short_and_stable() {
        let file = Path::new("s/menu.scenarios.yaml");
        let name = |s: &str| path(file, s).file_name().unwrap().to_str().unwrap().to_owned();
        let names = ["a b", "a-b", "A B", "a  b", "a b!", "ä b", "Ä b"].map(name);
        for (i, n) in names.iter().enumerate() {
            assert!(!names[..i].contains(n), "{n} is not unique: {names:?}");
        }
        assert_eq!(names[0], "menu__a-b.snap");
        assert_eq!(name("A B"), names[2], "stable");
        assert!(
            names[1].starts_with("menu__a-b--") && names[1].len() == "menu__a-b--.snap".len() + 16
        );
        let long = "x".repeat(300);
        let long2 = format!("{long}y");
        assert!(name(&long).len() < 120);
        assert_ne!(name(&long), name(&long2));
        let long_file = format!("s/{}.scenarios.yaml", "f".repeat(200));
        assert!(path(Path::new(&long_file), &long).file_name().unwrap().len() < 255 - 4);
    }

    #[test]
    fn a_one_line_change_shows_only_its_context() {
        let stored: String = (1..=150).map(|i| format!("line {i}\n")).collect::<Vec<_>>().concat();
        let new = stored.replace("line 75\n", "line seventy-five\n");
        let d = diff(&stored, &new);
        assert_eq!(
            d,
            "-stored\n+new\n   72    72 │ line 72\n   73    73 │ line 73\n   74    74 │ line 74\n   75       │-line 75\n         75 │+line seventy-five\n   76    76 │ line 76\n   77    77 │ line 77\n   78    78 │ line 78"
        );
        let two = new.replace("line 5\n", "line five\n");
        assert_eq!(diff(&stored, &two).matches("┈").count(), 5, "two hunks, one separator");
        let all: String = (1..=1000).map(|i| format!("other {i}\n")).collect::<Vec<_>>().concat();
        let big = diff(&stored, &all);
        assert!(big.lines().count() < MAX_CHANGED + 10, "bounded");
        assert!(big.ends_with("the whole new result is in the .snap.new file"), "{big}");
    }
}
