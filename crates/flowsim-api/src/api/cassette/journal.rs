//! A recording's journal: each interaction appended to `<cassette>.journal` as it is recorded
//! (one JSON line, synced to disk), the cassette rewritten once at the end. Recording n
//! interactions writes O(n) bytes, and a recorder killed at any point leaves a cassette and a
//! journal that [`apply`] (called by every load) turns back into everything it recorded.
//!
//! ```text
//! {"journal": 1, "base": "<FNV-1a of the cassette file this journal extends>"}
//! {"at": 0, "interaction": {...}}
//! {"at": 1, "interaction": {...}}
//! ```
//!
//! Each entry sets `interactions[at]` (appending when `at` is the length): applying an entry
//! twice changes nothing. A journal whose `base` is not the cassette on disk is stale (the
//! recorder was killed after writing the compacted cassette, before deleting the journal) and
//! is ignored. A last line without its newline was cut by the kill and is dropped.

use super::{Cassette, CassetteError, Interaction};
use crate::util::Cut;
use serde::{Deserialize, Serialize};
use std::fs::File;
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// The journal of the cassette at `path`.
pub fn path_of(cassette: &Path) -> PathBuf {
    let mut name = cassette.file_name().unwrap_or_default().to_os_string();
    name.push(".journal");
    cassette.with_file_name(name)
}

fn fnv(text: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Header {
    journal: u32,
    base: String,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    at: usize,
    interaction: Interaction,
}

fn io_error(path: &Path, what: &str, e: &std::io::Error) -> CassetteError {
    CassetteError::new(
        path,
        format!("cannot {what} the cassette's journal: {e}"),
        "check that the directory is writable",
    )
}

/// Applies the journal of the cassette at `path` (whose file text is `text`) to `cassette`,
/// if there is one and it extends that text.
pub fn apply(path: &Path, text: &str, cassette: &mut Cassette) -> Result<(), CassetteError> {
    use crate::util::files::{read_text, ReadError, MAX_INPUT_BYTES};
    let journal = path_of(path);
    let body = match read_text(&journal, MAX_INPUT_BYTES) {
        Ok(body) => body,
        Err(ReadError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => {
            return Err(CassetteError::new(
                &journal,
                format!("cannot read the cassette's journal: {e}"),
                e.help(),
            ))
        }
    };
    // Complete lines only: a kill mid-append leaves a last line without its newline.
    let complete = body.rfind('\n').map_or("", |end| body.cut(..end));
    let mut lines = complete.lines().enumerate();
    let Some((_, first)) = lines.next() else { return Ok(()) };
    let header: Header = serde_json::from_str(first).map_err(|e| {
        CassetteError::new(
            &journal,
            format!(
                "line 1: not a cassette journal: {}",
                crate::util::json_pos::syntax_error(&e).0
            ),
            "delete the journal to keep the cassette as it is",
        )
    })?;
    if header.base != fnv(text) {
        return Ok(());
    }
    for (i, line) in lines {
        // One line parsed alone: serde's line is 1, the journal's is `i + 1`.
        let entry: Entry = serde_json::from_str(line).map_err(|e| {
            let (message, place) = crate::util::json_pos::syntax_error(&e);
            CassetteError {
                file: journal.clone(),
                line: Some(i + 1),
                column: place.map(|(_, c)| c),
                message: format!("not a journal entry: {message}"),
                help: "delete the journal to keep the cassette as it is".into(),
            }
        })?;
        let n = cassette.interactions.len();
        match entry.at.cmp(&n) {
            std::cmp::Ordering::Less => cassette.interactions[entry.at] = entry.interaction,
            std::cmp::Ordering::Equal => cassette.interactions.push(entry.interaction),
            std::cmp::Ordering::Greater => {
                return Err(CassetteError {
                    file: journal.clone(),
                    line: Some(i + 1),
                    column: None,
                    message: format!(
                        "the entry sets interaction {} of a cassette that has {n}",
                        entry.at
                    ),
                    help: "delete the journal to keep the cassette as it is".into(),
                });
            }
        }
    }
    Ok(())
}

/// A journal being written.
pub struct Journal {
    cassette: PathBuf,
    file: File,
}

impl Journal {
    /// Saves `base` (atomically) and starts a journal that extends it, replacing any earlier
    /// one (whose entries `base`, loaded through [`apply`], already holds).
    pub fn begin(base: &Cassette, path: &Path) -> Result<Journal, CassetteError> {
        let text = base.to_json_pretty();
        crate::util::write_atomic(path, text.as_bytes()).map_err(|e| {
            CassetteError::new(
                path,
                format!("cannot write the cassette: {e}"),
                "check that the directory is writable",
            )
        })?;
        let journal = path_of(path);
        let header = Header { journal: 1, base: fnv(&text) };
        let mut first = serde_json::to_string(&header).expect("headers serialize");
        first.push('\n');
        // The journal's name is flowsim's, beside the cassette the user named: never a link.
        let root = journal.parent().unwrap_or(Path::new(""));
        let name = Path::new(journal.file_name().unwrap_or_default());
        crate::util::write_inside(root, name, first.as_bytes())
            .map_err(|e| io_error(&journal, "write", &std::io::Error::other(e.to_string())))?;
        let file =
            std::fs::OpenOptions::new()
                .append(true)
                .open(crate::util::files::checked_inside(root, name).map_err(|e| {
                    io_error(&journal, "open", &std::io::Error::other(e.to_string()))
                })?)
                .map_err(|e| io_error(&journal, "open", &e))?;
        Ok(Journal { cassette: path.to_path_buf(), file })
    }

    /// Appends `interaction` as `interactions[at]`, and waits for it to reach the disk.
    pub fn append(&mut self, at: usize, interaction: &Interaction) -> Result<(), CassetteError> {
        let entry = Entry { at, interaction: interaction.clone() };
        let mut line = serde_json::to_string(&entry).expect("interactions serialize");
        line.push('\n');
        let journal = path_of(&self.cassette);
        self.file
            .write_all(line.as_bytes())
            .and_then(|()| self.file.sync_data())
            .map_err(|e| io_error(&journal, "append to", &e))
    }

    /// Writes the whole cassette (atomically) and removes the journal.
    pub fn finish(self, cassette: &Cassette) -> Result<(), CassetteError> {
        cassette.save(&self.cassette)?;
        let journal = path_of(&self.cassette);
        drop(self.file);
        match std::fs::remove_file(&journal) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(io_error(&journal, "remove", &e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::cassette::{RecordedRequest, RecordedResponse};
    use indexmap::IndexMap;
    use serde_json::json;

    fn interaction(n: u32) -> Interaction {
        Interaction {
            name: Some(format!("i{n}")),
            note: None,
            request: RecordedRequest {
                method: "GET".into(),
                path: format!("/api/v2/x/{n}"),
                query: IndexMap::new(),
                body: serde_json::Value::Null,
            },
            response: RecordedResponse::new(200, std::iter::empty(), json!({"n": n})),
            recorded_at: "2026-01-01T09:00:00Z".into(),
        }
    }

    #[test]
    fn what_a_killed_recorder_left_loads_whole_and_a_torn_line_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.json");
        let mut j = Journal::begin(&Cassette::new("https://api.example.com"), &path).unwrap();
        for n in 0..3 {
            j.append(n as usize, &interaction(n)).unwrap();
        }
        drop(j);
        // A kill mid-append: half a line.
        let mut f = std::fs::OpenOptions::new().append(true).open(path_of(&path)).unwrap();
        f.write_all(br#"{"at": 3, "interaction": {"na"#).unwrap();
        let c = Cassette::load(&path).unwrap();
        assert_eq!(c.interactions, (0..3).map(interaction).collect::<Vec<_>>());

        // Compacted, then killed before the journal went: the stale journal is ignored.
        let mut compacted = c.clone();
        compacted.interactions.remove(0);
        compacted.save(&path).unwrap();
        let again = Cassette::load(&path).unwrap();
        assert_eq!(again.interactions.len(), 2);
    }

    /// A whole line that is not an entry is refused at its line in the journal and serde's
    /// column, the message without serde's "at line 1" of the one line it parsed.
    #[test]
    fn a_bad_entry_is_placed_at_its_journal_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.json");
        let mut j = Journal::begin(&Cassette::new("https://api.example.com"), &path).unwrap();
        j.append(0, &interaction(0)).unwrap();
        drop(j);
        let mut f = std::fs::OpenOptions::new().append(true).open(path_of(&path)).unwrap();
        f.write_all(b"{\"at\": 1,, }\n").unwrap();
        let e = Cassette::load(&path).unwrap_err();
        assert_eq!((e.line, e.column), (Some(3), Some(10)), "{e:?}");
        assert_eq!(e.message, "not a journal entry: key must be a string", "{e:?}");
    }
}
