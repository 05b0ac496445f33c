//! The compact result (`flowsim run --format json`) with its trace written as the run goes: the
//! run's observer, [in order](crate::engine::observe::Observer::in_order), writes each trace
//! element once its step's record is final and every step before it was written, so that the
//! run keeps no trace (memory stays flat in steps, but for the steps inside a call still open);
//! the result's head and tail are written around those elements once the run ended.
//!
//! The elements go to a spool the caller gives (the CLI's: memory, then an unnamed temporary
//! file), not to the output: the result opens with its `status`, known only at the end. The
//! bytes are [`RunResult::write_json`]'s of the same run keeping its trace, byte for byte: the
//! same writer (`compact.rs`), the steps in the same order, one [`OutputBudget`] for the whole
//! trace as there, and a run that stops where the run keeping its trace stops (the trace-bytes
//! budget counts what each step records, not the text).
//!
//! On a machine of two cores or more ([`JsonTrace::on_thread`]) the text is made on a second
//! thread: the observer copies each step into a batch of about [`BATCH`] steps with stores of
//! its own, takes the values the steps wrote from the run once they were handed
//! ([`Observer::handed_writes`]: moved, not copied) and copies what else they index (a prompt,
//! an error, what was heard: reference counts, not text), and hands full batches to the
//! writer through a channel of [`AHEAD`] batches; the run goes on while the writer makes the
//! text, writes the spool and drops the values. On one thread ([`JsonTrace::new`]) the observer makes the text itself:
//! the same writer, the same bytes.

use super::compact::{write_around, NodeTexts, Out, CHUNK};
use super::{
    OutputBudget, Prompt, RunResult, Step, StepData, StepInput, StepNumbers, StepResult, Stores,
};
use crate::engine::observe::{Observed, Observer, Ran};
use crate::expr::Value;
use crate::flow::{Registry, Version};
use std::io::{self, Write};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::sync::Arc;
use std::thread::{Scope, ScopedJoinHandle};

/// Steps a batch for the writer thread holds (a few in unit tests, so that their runs cross
/// batches).
const BATCH: usize = if cfg!(test) { 7 } else { 4096 };

/// Batches handed to the writer thread and not yet written, at most: room for the writer to
/// fall behind a while (a spool's file waiting for the disk) without stopping the run.
const AHEAD: usize = 8;

/// A run's JSON trace, written to a spool `S` as the run goes; then [`JsonTrace::finish`].
pub struct JsonTrace<'scope, S: Write + Send> {
    how: How<'scope, S>,
    steps: usize,
}

enum How<'scope, S: Write + Send> {
    /// The observer makes the text.
    Here(Writer<S>),
    /// A writer thread makes it from the batches the observer hands it.
    Thread {
        batch: Batch,
        to: Option<SyncSender<Batch>>,
        /// Batches the writer wrote, emptied, to be filled again: their stores keep the room
        /// they grew to, so a long run's batches are not grown (and copied) anew each time.
        emptied: Receiver<Batch>,
        writer: Option<ScopedJoinHandle<'scope, io::Result<S>>>,
    },
    /// The writer thread stopped: its error, until the run is told.
    Stopped(Option<io::Error>),
}

impl<S: Write + Send> JsonTrace<'_, S> {
    /// The trace, its text made by the observer on the run's thread.
    pub fn new(spool: S) -> Self {
        JsonTrace { how: How::Here(Writer::new(spool)), steps: 0 }
    }

    /// Steps written so far.
    pub fn steps(&self) -> usize {
        self.steps
    }

    /// The spool, every element written to it: the trace's elements, comma-separated, without
    /// the brackets.
    ///
    /// # Errors
    /// The spool's.
    pub fn into_spool(self) -> io::Result<S> {
        match self.how {
            How::Here(w) => w.into_spool(),
            How::Thread { batch, to, writer, .. } => {
                let (Some(to), Some(writer)) = (to, writer) else { return Err(stopped()) };
                // A writer that stopped already says why when joined.
                let _ = to.send(batch);
                drop(to);
                join(writer)
            }
            How::Stopped(e) => Err(e.unwrap_or_else(stopped)),
        }
    }

    /// Writes `r` (the result of the run this trace observed) to `w` as
    /// [`RunResult::write_json`] writes it, the trace's elements copied from the spool by
    /// `copy`.
    ///
    /// # Errors
    /// The spool's or `w`'s.
    pub fn finish<W: Write>(
        self,
        r: &RunResult<'_>,
        w: &mut W,
        copy: impl FnOnce(S, &mut W) -> io::Result<()>,
    ) -> io::Result<()> {
        let spool = self.into_spool()?;
        write_around(r, w, |w| copy(spool, w))
    }
}

impl<'scope, S: Write + Send + 'scope> JsonTrace<'scope, S> {
    /// The trace, its text made on a thread of `scope` (see the module's documentation) when
    /// the machine has a second core, else as [`JsonTrace::new`] makes it. `registry` is the
    /// run's.
    pub fn on_thread<'env>(
        scope: &'scope Scope<'scope, 'env>,
        registry: &'scope Registry,
        spool: S,
    ) -> Self {
        if !super::segments::two_cores() {
            return JsonTrace::new(spool);
        }
        let (to, batches) = sync_channel::<Batch>(AHEAD);
        let (give_back, emptied) = sync_channel::<Batch>(AHEAD + 1);
        let writer = scope.spawn(move || {
            let mut w = Writer::new(spool);
            for mut batch in batches {
                let stores = Stores {
                    registry,
                    version: batch.version,
                    prompts: &batch.prompts,
                    writes: &batch.writes,
                    data: &batch.data,
                    inputs: &batch.inputs,
                };
                for (k, step) in batch.steps.iter().enumerate() {
                    w.write(&stores, step, batch.first + k)?;
                }
                batch.clear();
                // Never waits: a batch the run has no room for is dropped.
                let _ = give_back.try_send(batch);
            }
            w.into_spool()
        });
        JsonTrace {
            how: How::Thread {
                batch: Batch::default(),
                to: Some(to),
                emptied,
                writer: Some(writer),
            },
            steps: 0,
        }
    }
}

/// Joins the writer thread: its spool or its error (its panic goes on here).
fn join<S>(writer: ScopedJoinHandle<'_, io::Result<S>>) -> io::Result<S> {
    writer.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

fn stopped() -> io::Error {
    io::Error::other("the JSON trace's writer stopped")
}

impl<S: Write + Send> Observer for JsonTrace<'_, S> {
    fn takes_trace(&self) -> bool {
        true
    }

    fn in_order(&self) -> bool {
        true
    }

    fn step(
        &mut self,
        stores: &Stores<'_, '_>,
        step: &Step,
        index: usize,
        _: &Ran<'_>,
    ) -> Observed {
        match &mut self.how {
            How::Here(w) => w.write(stores, step, index)?,
            How::Thread { batch, .. } => batch.push(stores, step, index),
            How::Stopped(e) => return Err(e.take().unwrap_or_else(stopped)),
        }
        self.steps += 1;
        // The trace-bytes budget counts what the step records (`Observer::in_order`).
        Ok(0)
    }

    fn handed_writes(&mut self, writes: &mut Vec<(Arc<str>, Value)>) {
        let How::Thread { batch, to, emptied, writer } = &mut self.how else { return };
        // The steps pushed since the last call index `writes` from its start.
        batch.writes.append(writes);
        if batch.steps.len() < BATCH {
            return;
        }
        let full = std::mem::replace(batch, emptied.try_recv().unwrap_or_default());
        if to.as_ref().is_none_or(|to| to.send(full).is_err()) {
            // The writer stopped: its error stops the run at its next step.
            let e = writer.take().map_or_else(stopped, |w| join(w).err().unwrap_or_else(stopped));
            self.how = How::Stopped(Some(e));
        }
    }
}

/// What makes the text: the compact writer's caches, the trace's budget, the spool.
struct Writer<S: Write> {
    spool: S,
    buf: Vec<u8>,
    names: NodeTexts,
    numbers: StepNumbers,
    budget: OutputBudget,
}

impl<S: Write> Writer<S> {
    fn new(spool: S) -> Self {
        Writer {
            spool,
            buf: Vec::with_capacity(CHUNK + CHUNK / 4),
            names: NodeTexts::default(),
            numbers: StepNumbers::default(),
            budget: OutputBudget::default(),
        }
    }

    /// Writes the element of the step at trace index `index`.
    fn write(&mut self, stores: &Stores<'_, '_>, step: &Step, index: usize) -> io::Result<()> {
        let mut sink = io::sink();
        let mut out = Out { buf: std::mem::take(&mut self.buf), w: &mut sink };
        if index > 0 {
            out.raw(b",");
        }
        let number = (index + 1, self.numbers.number(index + 1));
        let wrote = out.step(stores, &mut self.names, step, number, &self.budget);
        self.buf = out.buf;
        wrote?;
        if self.buf.len() >= CHUNK {
            self.spool.write_all(&self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }

    fn into_spool(mut self) -> io::Result<S> {
        self.spool.write_all(&self.buf)?;
        self.spool.flush()?;
        Ok(self.spool)
    }
}

/// Steps for the writer thread, each with what it indexes in stores of the batch's own (the
/// step's indexes moved to them; what it heard keeps its trace index). A batch is sent once
/// the values its steps wrote came (`Observer::handed_writes`).
struct Batch {
    /// The trace index of `steps[0]`.
    first: usize,
    version: Version,
    steps: Vec<Step>,
    prompts: Vec<Prompt>,
    writes: Vec<(Arc<str>, Value)>,
    data: StepData,
    inputs: Vec<StepInput>,
}

impl Default for Batch {
    fn default() -> Self {
        Batch {
            first: 0,
            version: Version::Draft,
            steps: Vec::with_capacity(BATCH),
            prompts: Vec::new(),
            writes: Vec::new(),
            data: StepData::default(),
            inputs: Vec::new(),
        }
    }
}

impl Batch {
    /// Empties the batch, keeping its stores' room (what the steps wrote is dropped here).
    fn clear(&mut self) {
        self.steps.clear();
        self.prompts.clear();
        self.writes.clear();
        self.data.errors.clear();
        self.inputs.clear();
    }

    /// Adds the step at trace index `index`, with what it indexes in `stores`.
    fn push(&mut self, stores: &Stores<'_, '_>, step: &Step, index: usize) {
        if self.steps.is_empty() {
            self.first = index;
            self.version = stores.version;
        }
        let mut s = step.clone();
        if let StepResult::Action { start, prompt, .. } = &mut s.result {
            // Its values come with the others handed with it (`Observer::handed_writes`), after
            // those the batch has.
            *start += self.writes.len() as u32;
            if let Some(p) = stores.played(step) {
                *prompt = self.prompts.len() as u32;
                self.prompts.push(p.clone());
            }
        }
        if let Some(e) = stores.step_error(step) {
            s.error = self.data.errors.len() as u32;
            self.data.errors.push(e.clone());
        }
        if !stores.inputs.is_empty() {
            self.inputs.extend_from_slice(stores.inputs_of(index));
        }
        self.steps.push(s);
    }
}

#[cfg(test)]
mod tests {
    use super::JsonTrace;
    use crate::engine::observe::tests::each_bundled_request;
    use crate::engine::{self, Run};
    use crate::fixtures::FixtureStore;
    use crate::flow::Registry;
    use std::io::Write as _;

    /// The result written as the run went, its text made on the run's thread and on a thread
    /// of its own: the same bytes.
    fn streamed(reg: &Registry, fixtures: &FixtureStore, request: &engine::RunRequest) -> Vec<u8> {
        let written = |mut trace: JsonTrace<'_, Vec<u8>>| {
            let run = Run::new(reg, fixtures, request).observer(&mut trace).go().expect("runs");
            assert!(run.write_error.is_none());
            assert!(run.result.trace.is_empty(), "the run keeps no trace");
            let mut out = Vec::new();
            trace.finish(&run.result, &mut out, |spool, w| w.write_all(&spool)).expect("to memory");
            out
        };
        let here = written(JsonTrace::new(Vec::new()));
        let there =
            std::thread::scope(|scope| written(JsonTrace::on_thread(scope, reg, Vec::new())));
        assert!(
            here == there,
            "{}\n{}",
            String::from_utf8_lossy(&here),
            String::from_utf8_lossy(&there)
        );
        here
    }

    /// A spool that fails stops the run (status `failed`), with its error, on either thread.
    #[test]
    fn a_spool_that_fails_stops_the_run_with_its_error() {
        struct Full;
        impl std::io::Write for Full {
            fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
                Err(std::io::Error::other("disk full"))
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let root = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."));
        let reg = Registry::load_dir(&root.join("fixtures/flows-bench")).registry.expect("loads");
        let request: engine::RunRequest = serde_json::from_value(serde_json::json!({
            "flowName": "Bench_Loop", "variables": {"Flow.iterations": 20_000}, "maxSteps": 200_000,
        }))
        .expect("a request");
        let fixtures = FixtureStore::default();
        let failed = |mut trace: JsonTrace<'_, Full>| {
            let run = Run::new(&reg, &fixtures, &request).observer(&mut trace).go().expect("runs");
            assert_eq!(run.result.status, engine::Status::Failed);
            let e = run.write_error.expect("the spool's error");
            assert_eq!(e.to_string(), "disk full");
        };
        failed(JsonTrace::new(Full));
        std::thread::scope(|scope| failed(JsonTrace::on_thread(scope, &reg, Full)));
    }

    fn whole(reg: &Registry, fixtures: &FixtureStore, request: &engine::RunRequest) -> Vec<u8> {
        let r = Run::new(reg, fixtures, request).result().expect("runs");
        let mut out = Vec::new();
        r.write_json(&mut out).expect("to memory");
        out
    }

    #[track_caller]
    fn assert_same(streamed: &[u8], whole: &[u8], what: &str) {
        assert!(
            streamed == whole,
            "{what}: written as the run went\n{}\nwritten whole\n{}",
            String::from_utf8_lossy(streamed),
            String::from_utf8_lossy(whole)
        );
    }

    #[test]
    fn the_result_written_as_the_run_goes_is_the_result_written_whole() {
        each_bundled_request(|reg, fixtures, request, what| {
            if Run::new(reg, fixtures, request).result().is_err() {
                return;
            }
            assert_same(&streamed(reg, fixtures, request), &whole(reg, fixtures, request), &what);
        });
    }

    /// A call open for the whole run (the bench loop called from a flow of its own), and runs
    /// stopped by the trace-bytes budget: it counts what each step records, as for a run
    /// keeping its trace, so both stop at the same step.
    #[test]
    fn a_long_open_call_and_a_spent_trace_budget_stop_where_the_whole_run_stops() {
        let root = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."));
        let bench = root.join("fixtures/flows-bench");
        let outer =
            serde_json::json!({"id": "outer", "name": "Outer", "type": "inbound", "draft": {
                "startNode": "Call",
                "nodes": {
                    "Call": {"type": "Flow", "properties": {"flowName": "Bench_Loop"},
                             "onComplete": {"nextNode": "Bye"}},
                    "Bye": {"type": "Say", "properties": {"sayText": "bye"}},
                },
            }})
            .to_string();
        let texts: Vec<(std::path::PathBuf, String)> = ["loop.json", "helper.json"]
            .iter()
            .map(|f| (bench.join(f), std::fs::read_to_string(bench.join(f)).expect("reads")))
            .chain([(root.join("outer.json"), outer)])
            .collect();
        let reg = Registry::from_sources(texts.iter().map(|(p, t)| (p.as_path(), t.as_str())))
            .registry
            .expect("the flows load");
        let fixtures = FixtureStore::default();
        for (flow, trace_bytes, steps) in [
            ("Outer", None, 2_000),
            ("Bench_Loop", Some(20_000), 5_000),
            ("Outer", Some(9_000), 900),
        ] {
            let mut json = serde_json::json!({
                "flowName": flow, "variables": {"Flow.iterations": 300}, "maxSteps": steps,
            });
            if let Some(bytes) = trace_bytes {
                json["budgets"] = serde_json::json!({"traceBytes": bytes});
            }
            let request: engine::RunRequest = serde_json::from_value(json).expect("a request");
            let whole = whole(&reg, &fixtures, &request);
            if trace_bytes.is_some() {
                assert!(
                    whole.starts_with(b"{\"status\":\"budget\""),
                    "{flow}: stopped by the budget"
                );
            }
            assert_same(&streamed(&reg, &fixtures, &request), &whole, flow);
        }
    }
}
