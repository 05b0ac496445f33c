//! Where `run --format json` keeps its trace's text while the run goes (`engine::result::json_trace`):
//! the result opens with the run's status, known only once the run ended, so the trace's
//! elements wait here and are copied out behind the result's head.
//!
//! Invariant: memory does not grow with the trace. Up to [`IN_MEMORY`] bytes (a run of some
//! tens of thousands of steps) the text stays in memory; past that it goes to an unnamed
//! temporary file (the system removes it when it is closed, however the process ends), copied
//! to standard output by the kernel where it can (`std::io::copy` between two files), never
//! read back whole.

use super::StdoutSink;
use std::fs::File;
use std::io::{self, BufWriter, Seek as _, Write};

/// The text kept in memory before it goes to a temporary file.
const IN_MEMORY: usize = 8 * 1024 * 1024;

/// A trace's text, in memory, then in a temporary file.
#[derive(Default)]
pub(crate) struct Spool {
    memory: Vec<u8>,
    file: Option<File>,
}

impl Write for Spool {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        if let Some(file) = &mut self.file {
            return file.write(bytes);
        }
        if self.memory.len() + bytes.len() > IN_MEMORY {
            let mut file = tempfile::tempfile()?;
            file.write_all(&self.memory)?;
            self.memory = Vec::new();
            let n = file.write(bytes)?;
            self.file = Some(file);
            return Ok(n);
        }
        if self.memory.capacity() == 0 {
            // Room for all it may hold, taken once: grown by doubling, its text was copied
            // over and over (the pages are the system's until written).
            self.memory.reserve_exact(IN_MEMORY);
        }
        self.memory.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Spool {
    /// Copies what was kept to `out`.
    pub(crate) fn copy_to(self, out: &mut BufWriter<StdoutSink<'_>>) -> io::Result<()> {
        match self.file {
            None => out.write_all(&self.memory),
            Some(mut file) => {
                file.rewind()?;
                out.flush()?;
                out.get_mut().copy_from(&mut file).map(drop)
            }
        }
    }
}
