//! The streamed trace (`flowsim run --format ndjson`, docs/traces.md): one line of compact JSON
//! per step as the run finishes it, then one line with the run's summary.
//!
//! A step's line is the `--format json` trace element of the same step, byte for byte (the
//! same writer, `compact.rs`, and one [`OutputBudget`] for the whole trace as there). Lines come
//! in the order steps finish: a call's step (a Flow node, Call Task, Call Common Module, Call
//! Bot Flow) after the steps of its callee. The text goes through one reused buffer, handed to
//! the writer in chunks of whole lines, so whatever the writer got when a run stops is complete
//! lines.

use super::compact::{NodeTexts, Out, SkipOpen, CHUNK};
use super::ser::{Rest, VarsSer};
use super::{OutputBudget, RunResult, Step, StepNumbers, Stores};
use crate::engine::observe::{Observed, Observer, Ran};
use std::io::{self, Write};

/// A streamed trace's writer: steps as they finish, then [`Ndjson::finish`]'s summary line.
pub struct Ndjson<W: Write> {
    w: W,
    buf: Vec<u8>,
    names: NodeTexts,
    numbers: StepNumbers,
    budget: OutputBudget,
    steps: u64,
    bytes: u64,
}

impl<W: Write> Ndjson<W> {
    pub fn new(w: W) -> Self {
        Ndjson {
            w,
            buf: Vec::with_capacity(CHUNK + CHUNK / 4),
            names: NodeTexts::default(),
            numbers: StepNumbers::default(),
            budget: OutputBudget::default(),
            steps: 0,
            bytes: 0,
        }
    }

    /// Lines of steps written so far.
    pub fn steps(&self) -> u64 {
        self.steps
    }

    /// Bytes written so far (what the run's trace-bytes budget counts).
    pub fn bytes(&self) -> u64 {
        self.bytes
    }

    /// Writes the summary line of `r` (the run the steps came from), flushes, and gives the
    /// writer back.
    ///
    /// The summary is the `--format json` result without `trace` and `prompts` (each step's
    /// line has its prompt's text), with `steps`, the number of step lines, after `flowName`:
    /// `{"status":"completed","flowId":…,"flowName":…,"steps":12,"variables":{…},"route":…,…}`.
    pub fn finish(mut self, r: &RunResult<'_>) -> io::Result<W> {
        let mut out = Out { buf: std::mem::take(&mut self.buf), w: &mut self.w };
        let rest = OutputBudget::default();
        out.head(r)?;
        out.raw(b",\"steps\":");
        out.uint(self.steps);
        out.raw(b",\"variables\":");
        out.ser(&VarsSer(&r.variables, &rest))?;
        // The rest's own map opens with `{`: the variables' `,` takes its place.
        out.raw(b",");
        serde_json::to_writer(SkipOpen { out: &mut out, skipped: false }, &Rest(r, &rest))?;
        out.raw(b"\n");
        out.w.write_all(&out.buf)?;
        self.w.flush()?;
        Ok(self.w)
    }
}

/// The streamed trace is the run's observer (`engine::observe`): it takes the trace, and writes
/// each step once its record is final (a call's when its callee returned).
impl<W: Write> Observer<'_> for Ndjson<W> {
    fn takes_trace(&self) -> bool {
        true
    }

    fn step(
        &mut self,
        stores: &Stores<'_, '_>,
        step: &Step,
        index: usize,
        _: &Ran<'_>,
    ) -> Observed {
        if step.edge == super::Edge::Open {
            return Ok(0);
        }
        self.write_step(stores, step, index)
    }

    fn returned(&mut self, stores: &Stores<'_, '_>, step: &Step, index: usize) -> Observed {
        self.write_step(stores, step, index)
    }
}

impl<W: Write> Ndjson<W> {
    /// Writes the step at trace index `index`; the bytes written.
    fn write_step(&mut self, stores: &Stores<'_, '_>, step: &Step, index: usize) -> Observed {
        let mut out = Out { buf: std::mem::take(&mut self.buf), w: &mut self.w };
        let start = out.buf.len();
        let number = (index + 1, self.numbers.number(index + 1));
        let wrote = out.step(stores, &mut self.names, step, number, &self.budget);
        let line = match wrote {
            Ok(()) => {
                out.raw(b"\n");
                let line = (out.buf.len() - start) as u64;
                out.flush_full().map(|()| line)
            }
            Err(e) => {
                // No half line: what the writer gets is whole lines.
                out.buf.truncate(start);
                Err(e)
            }
        };
        self.buf = out.buf;
        let line = line?;
        self.steps += 1;
        self.bytes += line;
        Ok(line)
    }
}
