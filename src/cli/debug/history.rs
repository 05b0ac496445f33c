//! The debugger's line history across sessions: a text file, one command a line, the newest
//! last, at most [`MAX_LINES`] lines.
//!
//! Where: `FLOWSIM_DEBUG_HISTORY` when set (tests, or a person who wants it elsewhere), else
//! `$XDG_STATE_HOME/flowsim/debug_history`, else `~/.local/state/flowsim/debug_history` (the
//! XDG base directory specification's place for history). Only a session at a terminal reads or
//! writes it, and `--no-history` turns it off.
//!
//! A history file is a convenience: one that cannot be read or written costs a one-line
//! warning, never the session. The file is written atomically (a temporary file, then a
//! rename); at exit the lines of this session are appended to what the file holds *then*, so
//! two sessions at once both keep their lines (as a shell with `histappend` does).

use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// The most lines the history keeps (in the file and in the editor).
pub const MAX_LINES: usize = 1000;

/// The largest history file read: [`MAX_LINES`] lines of the longest command, and then some.
const MAX_FILE_BYTES: u64 = (MAX_LINES as u64 + 1) * (super::command::MAX_LINE as u64 + 1);

/// The history file's path from the environment, or `None` when none can be found (no
/// `FLOWSIM_DEBUG_HISTORY`, no `XDG_STATE_HOME`, no `HOME`).
pub fn path() -> Option<PathBuf> {
    path_from(|name| std::env::var_os(name))
}

/// [`path`] with `env` as the environment. Empty and relative values are ignored for the XDG
/// variables, as the specification says; `FLOWSIM_DEBUG_HISTORY` may be relative.
fn path_from(env: impl Fn(&str) -> Option<OsString>) -> Option<PathBuf> {
    let set = |name: &str| env(name).filter(|v| !v.is_empty()).map(PathBuf::from);
    if let Some(path) = set("FLOWSIM_DEBUG_HISTORY") {
        return Some(path);
    }
    let absolute = |name: &str| set(name).filter(|p| p.is_absolute());
    let state = absolute("XDG_STATE_HOME")
        .or_else(|| absolute("HOME").map(|home| home.join(".local").join("state")))?;
    Some(state.join("flowsim").join("debug_history"))
}

/// The file's lines (the last [`MAX_LINES`] non-blank ones); none when it does not exist yet.
/// An error is the one-line warning to show.
pub fn load(path: &Path) -> Result<Vec<String>, String> {
    match flowsim::util::read_text(path, MAX_FILE_BYTES) {
        Ok(text) => Ok(last_lines(text.lines())),
        Err(flowsim::util::ReadError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => {
            Ok(Vec::new())
        }
        Err(e) => Err(format!(
            "warning: {} (the debugger's history): {e}; this session neither reads nor \
             writes it\n",
            path.display()
        )),
    }
}

/// Appends `typed` (this session's lines) to what the file holds now and writes the last
/// [`MAX_LINES`] back atomically. `loaded`: what the file held at the start, used when it can no
/// longer be read. An error is the one-line warning to show.
pub fn save(path: &Path, loaded: &[String], typed: &[String]) -> Result<(), String> {
    if typed.is_empty() {
        return Ok(());
    }
    let now = load(path).unwrap_or_else(|_| loaded.to_vec());
    let lines = last_lines(now.iter().chain(typed).map(String::as_str));
    let mut text = lines.join("\n");
    text.push('\n');
    flowsim::util::write_atomic(path, text.as_bytes()).map_err(|e| {
        format!(
            "warning: {} (the debugger's history) cannot be written: {e}; this session's \
             lines are not kept\n",
            path.display()
        )
    })
}

/// The last [`MAX_LINES`] of `lines` that are worth keeping: not blank, one line, not longer
/// than a command may be.
fn last_lines<'a>(lines: impl Iterator<Item = &'a str>) -> Vec<String> {
    let kept: Vec<&str> = lines
        .filter(|l| !l.trim().is_empty() && !l.contains(['\n', '\r']))
        .filter(|l| l.len() <= super::command::MAX_LINE)
        .collect();
    kept[kept.len().saturating_sub(MAX_LINES)..].iter().map(|&l| l.to_owned()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<OsString> + 'a {
        move |name| vars.iter().find(|(n, _)| *n == name).map(|(_, v)| OsString::from(v))
    }

    #[test]
    fn the_file_is_where_the_xdg_spec_puts_state() {
        let at = |vars: &[(&str, &str)]| path_from(env(vars));
        assert_eq!(
            at(&[("FLOWSIM_DEBUG_HISTORY", "h.txt"), ("XDG_STATE_HOME", "/s")]),
            Some(PathBuf::from("h.txt"))
        );
        assert_eq!(
            at(&[("XDG_STATE_HOME", "/s"), ("HOME", "/home/a")]),
            Some(PathBuf::from("/s/flowsim/debug_history"))
        );
        // Empty or relative XDG values are ignored (the specification says so).
        assert_eq!(
            at(&[("FLOWSIM_DEBUG_HISTORY", ""), ("XDG_STATE_HOME", "rel"), ("HOME", "/home/a")]),
            Some(PathBuf::from("/home/a/.local/state/flowsim/debug_history"))
        );
        assert_eq!(at(&[("HOME", "")]), None);
    }

    #[test]
    fn the_history_keeps_the_last_thousand_lines_of_every_session() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("state/flowsim/debug_history");
        assert_eq!(load(&file), Ok(vec![]), "no file yet: an empty history, no warning");
        let first: Vec<String> = (0..990).map(|i| format!("print {i}")).collect();
        save(&file, &[], &first).unwrap();
        // Another session saved meanwhile: both keep their lines, the oldest go.
        save(&file, &[], &["where".into()]).unwrap();
        let second: Vec<String> = (0..20).map(|i| format!("step {i}")).collect();
        save(&file, &first, &second).unwrap();
        let lines = load(&file).unwrap();
        assert_eq!(lines.len(), MAX_LINES);
        assert_eq!(lines[0], "print 11");
        assert_eq!(lines[MAX_LINES - 21], "where");
        assert_eq!(lines[MAX_LINES - 1], "step 19");

        // A directory where the file should be: a warning each way, never a panic.
        assert!(load(dir.path()).unwrap_err().contains("(the debugger's history): not a regular"));
        assert!(save(dir.path(), &[], &second).unwrap_err().contains("cannot be written"));
    }
}
