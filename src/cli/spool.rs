//! Where `run --format json` keeps its trace's text while the run goes (`engine::result::json_trace`):
//! the result opens with the run's status, known only once the run ended, so the trace's
//! elements wait here and are read back behind the result's head.
//!
//! The text waits as pieces (a step's opening, a node's head, a way out, an assigned
//! variable's key, all of a step that recorded nothing but its opening, a Set's head and first
//! key and its closing, as a marker and a number: `json_trace.rs`), some 20 bytes a step of
//! the bundled bench loop against 184 made whole. Invariant: memory does not grow with the trace
//! past [`IN_MEMORY`] bytes (48 MiB, some 2,400,000 bench steps; `FLOWSIM_SPOOL_MEMORY` sets
//! another bound, docs/traces.md); what comes after goes to an unnamed temporary file (the
//! system removes it when it is closed, however the process ends), read back in chunks,
//! never whole.

use flowsim::engine::result::json_trace;
use std::fs::File;
use std::io::{self, Seek as _, Write};

/// The bytes of text a spool keeps in memory before the rest goes to a temporary file, unless
/// `FLOWSIM_SPOOL_MEMORY` ([`MEMORY_VAR`]) says otherwise.
pub(crate) const IN_MEMORY: u64 = 48 * 1024 * 1024;

/// The variable that sets [`IN_MEMORY`].
pub(crate) const MEMORY_VAR: &str = "FLOWSIM_SPOOL_MEMORY";

/// A trace's text, in memory, then in a temporary file.
pub(crate) struct Spool {
    memory: Vec<u8>,
    /// The bytes `memory` holds at most.
    bound: usize,
    /// What came after the first `bound` bytes.
    file: Option<File>,
}

impl Spool {
    /// A spool keeping up to `bound` bytes in memory.
    pub(crate) fn keeping(bound: usize) -> Self {
        Spool { memory: Vec::new(), bound, file: None }
    }
}

impl Write for Spool {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        if let Some(file) = &mut self.file {
            return file.write(bytes);
        }
        let room = self.bound - self.memory.len();
        if bytes.len() > room {
            // What fits stays in memory, the rest goes to the file after it.
            self.memory.extend_from_slice(&bytes[..room]);
            let mut file = tempfile::tempfile()?;
            file.write_all(&bytes[room..])?;
            self.file = Some(file);
            return Ok(bytes.len());
        }
        if self.memory.capacity() == 0 {
            // Grown by doubling, the text was copied over and over: room for the first
            // megabytes, then for what a long trace may keep, each taken once (the pages are
            // the system's until written).
            self.memory.reserve_exact(CHUNK.min(self.bound));
        } else if self.memory.len() + bytes.len() > self.memory.capacity() {
            self.memory.reserve_exact(self.bound - self.memory.len());
        }
        self.memory.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// The room a spool takes first: a short run's whole text.
const CHUNK: usize = 4 * 1024 * 1024;

impl json_trace::Spool for Spool {
    fn memory(&self) -> &[u8] {
        &self.memory
    }

    fn read_rest(self, f: &mut dyn FnMut(&[u8]) -> io::Result<()>) -> io::Result<()> {
        drop(self.memory);
        let Some(mut file) = self.file else { return Ok(()) };
        file.rewind()?;
        json_trace::read_in_chunks(file, f)
    }
}
