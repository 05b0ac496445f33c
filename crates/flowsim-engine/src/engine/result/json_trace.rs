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
//! On a machine of two cores or more ([`JsonTrace::on_thread`]) the text of a run past
//! [`THREAD_FROM`] steps is made on a second thread (the steps before, on the run's, as a
//! short run's all are: what the thread would save it, it costs to start): the observer
//! then copies each step into a batch of about [`BATCH`] steps with stores of
//! its own, takes the values the steps wrote from the run once they were handed
//! ([`Observer::handed_writes`]: moved, not copied) and copies what else they index (a prompt,
//! an error, what was heard: reference counts, not text), and hands full batches to the
//! writer through a channel of [`AHEAD`] batches; the run goes on while the writer makes the
//! text, writes the spool and drops the values. On one thread ([`JsonTrace::new`]) the observer makes the text itself:
//! the same writer, the same bytes.

use super::compact::{write_around, NodeTexts, Out, CHUNK, PIECE, STEP};
use super::segments::{self, Segments, Taken, SEGMENT};
use super::{
    push_block, OutputBudget, Prompt, RunResult, Step, StepData, StepInput, StepNumbers,
    StepResult, Stores,
};
use crate::engine::observe::{Observed, Observer, Ran};
use crate::engine::result::Name;
use crate::expr::Value;
use crate::flow::{Registry, Version};
use std::io::{self, Write};
use std::ops::Range;
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::thread::{Scope, ScopedJoinHandle};

/// Steps a batch for the writer thread holds (a few in unit tests, so that their runs cross
/// batches).
const BATCH: usize = if cfg!(test) { 7 } else { 4096 };

/// Steps a run takes before its text is made on a writer thread ([`JsonTrace::on_thread`]):
/// one batch. Measured over the bundled bench loop on this project's 2-core machine, the
/// thread's start costs a short run about 0.5 ms (of 5.5 ms for 17 steps), what the thread
/// saves the run's thread over some 25,000 steps (19 ns a step: 140 ms against 121 ms over
/// 1,000,000); but a long run's first steps written on its thread cost it more than that
/// count says (the spool's first pages are touched there): 8 batches made the 1,000,000-step
/// run 1-2 % slower, one batch leaves it level. Two batches in unit tests, so that their runs
/// cross to the thread.
const THREAD_FROM: usize = if cfg!(test) { 2 * BATCH } else { BATCH };

/// Batches handed to the writer thread and not yet written, at most: room for the writer to
/// fall behind a while (a spool's file waiting for the disk) without stopping the run.
const AHEAD: usize = 8;

/// Where a trace's text waits until the run ended: written as the run goes, then read back
/// once, in order.
pub trait Spool: Write + Send {
    /// The first bytes written, which the spool keeps in memory (all of them, or as many as
    /// its bound lets it).
    fn memory(&self) -> &[u8];

    /// Hands the bytes written after [`Spool::memory`]'s to `f`, in order, a chunk at a time.
    ///
    /// # Errors
    /// The spool's, or `f`'s.
    fn read_rest(self, f: &mut dyn FnMut(&[u8]) -> io::Result<()>) -> io::Result<()>;
}

/// Hands what `r` reads to `f`, a chunk at a time, to its end: [`Spool::read_rest`] for a
/// spool that keeps the rest in a file (rewound).
///
/// # Errors
/// `r`'s, or `f`'s.
pub fn read_in_chunks(
    mut r: impl io::Read,
    f: &mut dyn FnMut(&[u8]) -> io::Result<()>,
) -> io::Result<()> {
    let mut chunk = vec![0; 256 * 1024];
    loop {
        match r.read(&mut chunk) {
            Ok(0) => return Ok(()),
            Ok(n) => f(&chunk[..n])?,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

impl Spool for Vec<u8> {
    fn memory(&self) -> &[u8] {
        self
    }

    fn read_rest(self, _: &mut dyn FnMut(&[u8]) -> io::Result<()>) -> io::Result<()> {
        Ok(())
    }
}

/// A run's JSON trace, written to a spool `S` as the run goes; then [`JsonTrace::finish`].
pub struct JsonTrace<'scope, S: Spool> {
    how: How<'scope, S>,
    steps: usize,
}

enum How<'scope, S: Spool> {
    /// The observer makes the text.
    Here(Writer<S>),
    /// The observer makes the text until the run is [`THREAD_FROM`] steps long, then hands
    /// its writer to a thread started by the second field (`Thread`).
    Until(Writer<S>, Box<dyn FnOnce(Writer<S>) -> How<'scope, S> + 'scope>),
    /// A writer thread makes it from the batches the observer hands it.
    Thread {
        batch: Batch<'scope>,
        to: Option<SyncSender<Batch<'scope>>>,
        /// Batches the writer wrote, to be emptied here and filled again: their stores keep
        /// the room they grew to, so a long run's batches are not grown (and copied) anew each
        /// time, and their values are dropped on the thread that made them (see
        /// `handed_writes`).
        written: Receiver<Batch<'scope>>,
        writer: Option<ScopedJoinHandle<'scope, io::Result<Spooled<S>>>>,
    },
    /// The writer thread stopped: its error, until the run is told.
    Stopped(Option<io::Error>),
}

impl<S: Spool> JsonTrace<'_, S> {
    /// The trace, its text made by the observer on the run's thread.
    pub fn new(spool: S) -> Self {
        JsonTrace { how: How::Here(Writer::new(spool)), steps: 0 }
    }

    /// Steps written so far.
    pub fn steps(&self) -> usize {
        self.steps
    }

    /// The spool, every element written to it as pieces (the trace's elements,
    /// comma-separated, without the brackets), and the pieces' bytes.
    fn into_spool(self) -> io::Result<Spooled<S>> {
        match self.how {
            How::Here(w) | How::Until(w, _) => w.into_spool(),
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
    /// [`RunResult::write_json`] writes it, the trace's elements read back from the spool and
    /// made whole.
    ///
    /// # Errors
    /// The spool's or `w`'s.
    pub fn finish<W: Write>(self, r: &RunResult<'_>, w: &mut W) -> io::Result<()> {
        let Spooled { spool, pieces, marks } = self.into_spool()?;
        let pieces = Pieces::new(pieces);
        write_around(r, w, |w| {
            // The segments the spool keeps in memory are made whole on two threads (on a
            // machine of two cores, for a long trace), the rest in order here.
            let memory = spool.memory();
            let segments = marks.iter().take_while(|&&m| m <= memory.len()).count();
            let at = if segments > 1 {
                let made = Segmented { text: memory, marks: &marks[..segments], pieces: &pieces };
                segments::write_in_order(&made, (segments - 1) * SEGMENT, w)?;
                marks[segments - 1]
            } else {
                0
            };
            let first = segments.saturating_sub(1) * SEGMENT;
            let mut whole = Whole::new(&pieces, first);
            let mut out = Vec::with_capacity(CHUNK + CHUNK / 4);
            whole.copy(&memory[at..], &mut out, w)?;
            spool.read_rest(&mut |chunk| whole.copy(chunk, &mut out, w))?;
            w.write_all(&out)
        })
    }
}

/// What the writer left: the spool, the pieces its text names, and where in it each
/// [`SEGMENT`]-th step's element starts (its comma included).
struct Spooled<S> {
    spool: S,
    pieces: Vec<Box<[u8]>>,
    marks: Vec<usize>,
}

/// A spool's text kept in memory, by segments of [`SEGMENT`] steps (`segments.rs`): each is
/// made whole alone, its values' budget already spent as the text was made.
struct Segmented<'a> {
    text: &'a [u8],
    /// Where segment `k` starts; the last, where the segments end.
    marks: &'a [usize],
    pieces: &'a Pieces,
}

impl Segments for Segmented<'_> {
    type Cache = ();
    type Text = Vec<u8>;

    fn cache(&self) {}

    fn write(
        &self,
        (): &mut (),
        steps: Range<usize>,
        left: usize,
        out: &mut Vec<u8>,
    ) -> io::Result<Taken> {
        // Two threads take whole segments; one thread takes pieces of one, of which the
        // first makes the whole segment and the others nothing.
        let k = steps.start / SEGMENT;
        if steps.start.is_multiple_of(SEGMENT) {
            let text = &self.text[self.marks[k]..self.marks[k + 1]];
            Whole::new(self.pieces, steps.start).write(text, out)?;
        }
        // The budget was spent as the text was made: what is left stays as it is.
        Ok(Taken { left, weighed: false })
    }
}

/// Makes a text written as pieces whole (`compact::NodeTexts::as_pieces`), as it is read
/// back, in chunks cut anywhere.
struct Whole<'p> {
    pieces: &'p Pieces,
    /// In a piece's marker: the number read so far, and the bits it has.
    marker: Option<(u32, u32)>,
    /// The trace index of the next step to open.
    step: usize,
    numbers: StepNumbers,
}

impl<'p> Whole<'p> {
    /// For a text whose first step has trace index `first`.
    fn new(pieces: &'p Pieces, first: usize) -> Self {
        Whole { pieces, marker: None, step: first, numbers: StepNumbers::default() }
    }

    /// Writes `bytes` made whole to `w`, through `out`, a buffer of about [`CHUNK`] bytes.
    fn copy<W: Write>(&mut self, bytes: &[u8], out: &mut Vec<u8>, w: &mut W) -> io::Result<()> {
        for chunk in bytes.chunks(CHUNK) {
            self.write(chunk, out)?;
            if out.len() >= CHUNK {
                w.write_all(out)?;
                out.clear();
            }
        }
        Ok(())
    }

    /// Appends `chunk` made whole to `out`.
    fn write(&mut self, mut chunk: &[u8], out: &mut Vec<u8>) -> io::Result<()> {
        loop {
            if let Some((mut number, mut bits)) = self.marker {
                let Some((&b, rest)) = chunk.split_first() else { return Ok(()) };
                chunk = rest;
                number |= u32::from(b & 0x7f) << bits;
                bits += 7;
                if b >= 0x80 {
                    self.marker = Some((number, bits));
                    continue;
                }
                self.marker = None;
                self.pieces.push(number as usize, out)?;
            }
            let Some(i) = next_marker(chunk) else {
                out.extend_from_slice(chunk);
                return Ok(());
            };
            put_before(out, chunk, i);
            if chunk[i] == STEP {
                self.step += 1;
                out.extend_from_slice(b"{\"step\":");
                self.numbers.push(self.step, out);
            } else {
                self.marker = Some((0, 0));
            }
            chunk = &chunk[i + 1..];
        }
    }
}

/// The pieces a spool's text names, each in blocks of [`BLOCK`] bytes (the last padded) with
/// its length: copied a block at a time and `out` cut back to it, as [`push_block`] copies one.
struct Pieces(Vec<(Box<[[u8; BLOCK]]>, usize)>);

/// The bytes of a block of [`Pieces`].
const BLOCK: usize = 32;

impl Pieces {
    /// The pieces `compact::NodeTexts::into_pieces` gives.
    fn new(pieces: Vec<Box<[u8]>>) -> Self {
        Pieces(
            pieces
                .into_iter()
                .map(|p| {
                    let mut blocks = vec![[0; BLOCK]; p.len().div_ceil(BLOCK)];
                    blocks.as_flattened_mut()[..p.len()].copy_from_slice(&p);
                    (blocks.into_boxed_slice(), p.len())
                })
                .collect(),
        )
    }

    /// Appends piece `k` to `out`.
    ///
    /// # Errors
    /// When there is no piece `k`: the spool's text is not what the writer wrote.
    #[inline]
    fn push(&self, k: usize, out: &mut Vec<u8>) -> io::Result<()> {
        let (blocks, len) = self
            .0
            .get(k)
            .ok_or_else(|| io::Error::other("the JSON trace's spool names a piece it never had"))?;
        let len = out.len() + len;
        for block in blocks {
            out.extend_from_slice(block);
        }
        out.truncate(len);
        Ok(())
    }
}

/// Appends `text[..at]` to `out`. The text between two markers is most often a few bytes (a
/// comma, a number): copied as a block of [`SHORT`] bytes ([`push_block`]) where `text` holds
/// one.
#[inline]
fn put_before(out: &mut Vec<u8>, text: &[u8], at: usize) {
    match text.first_chunk::<SHORT>() {
        Some(block) if at <= SHORT => push_block(out, block, at),
        _ => out.extend_from_slice(&text[..at]),
    }
}

/// The bytes [`put_before`] copies as a block.
const SHORT: usize = 16;

/// Where the first marker ([`PIECE`], [`STEP`]) in `text` is. Only a marker is below 0x03
/// (JSON text has no raw control byte). The text between two markers is a value, a few bytes:
/// eight bytes are tested at a time in a word (a byte below 3 borrows from its high bit, which
/// no byte of 0x80 or above has clear; the lowest flag is exact, a borrow only flags bytes after
/// it), sooner than a byte at a time or than `memchr2`, whose setup each call pays.
fn next_marker(text: &[u8]) -> Option<usize> {
    const ONES: u64 = u64::from_le_bytes([1; 8]);
    const HIGH: u64 = u64::from_le_bytes([0x80; 8]);
    const LAST: u8 = if PIECE > STEP { PIECE } else { STEP };
    const BELOW: u64 = (LAST as u64 + 1) * ONES;
    let mut words = text.chunks_exact(8);
    for (k, word) in words.by_ref().enumerate() {
        let x = u64::from_le_bytes(word.try_into().expect("eight bytes"));
        let flags = x.wrapping_sub(BELOW) & !x & HIGH;
        if flags != 0 {
            return Some(k * 8 + (flags.trailing_zeros() / 8) as usize);
        }
    }
    let tail = words.remainder();
    let at = text.len() - tail.len();
    tail.iter().position(|&b| b <= LAST).map(|i| at + i)
}

impl<'scope, S: Spool + 'scope> JsonTrace<'scope, S> {
    /// The trace, its text made on a thread of `scope` once the run is [`THREAD_FROM`] steps
    /// long (see the module's documentation) when the machine has a second core, else as
    /// [`JsonTrace::new`] makes it. `registry` is the run's.
    pub fn on_thread<'env>(
        scope: &'scope Scope<'scope, 'env>,
        registry: &'scope Registry,
        spool: S,
    ) -> Self {
        if !super::segments::two_cores() {
            return JsonTrace::new(spool);
        }
        let start = Box::new(move |w| Self::writer_thread(scope, registry, w));
        JsonTrace { how: How::Until(Writer::new(spool), start), steps: 0 }
    }

    /// A thread of `scope` that goes on writing with `w` what the batches handed it hold.
    fn writer_thread<'env>(
        scope: &'scope Scope<'scope, 'env>,
        registry: &'scope Registry,
        mut w: Writer<S>,
    ) -> How<'scope, S> {
        let (to, batches) = sync_channel::<Batch<'scope>>(AHEAD);
        let (give_back, written) = sync_channel::<Batch<'scope>>(AHEAD + 1);
        let writer = scope.spawn(move || {
            for batch in batches {
                let stores = Stores {
                    registry,
                    version: batch.version,
                    prompts: &batch.prompts,
                    writes: &batch.writes,
                    data: &batch.data,
                    inputs: &batch.inputs,
                };
                for (k, step) in batch.steps[batch.skip..].iter().enumerate() {
                    w.write(&stores, step, batch.first + k)?;
                }
                // Given back whole, emptied by the run's thread. Never waits: a batch the run
                // has no room for is dropped here.
                let _ = give_back.try_send(batch);
            }
            w.into_spool()
        });
        How::Thread { batch: Batch::default(), to: Some(to), written, writer: Some(writer) }
    }
}

/// Joins the writer thread: what it returned, or its error (its panic goes on here).
fn join<T>(writer: ScopedJoinHandle<'_, io::Result<T>>) -> io::Result<T> {
    writer.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

fn stopped() -> io::Error {
    io::Error::other("the JSON trace's writer stopped")
}

impl<'r, S: Spool> Observer<'r> for JsonTrace<'r, S> {
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
        ran: &Ran<'_>,
    ) -> Observed {
        self.steps_in_order(stores, std::slice::from_ref(step), index, ran)
    }

    fn steps_in_order(
        &mut self,
        stores: &Stores<'_, '_>,
        steps: &[Step],
        first: usize,
        _: &Ran<'_>,
    ) -> Observed {
        match &mut self.how {
            How::Here(w) | How::Until(w, _) => {
                for (k, step) in steps.iter().enumerate() {
                    w.write(stores, step, first + k)?;
                }
            }
            How::Thread { batch, .. } => batch.extend(stores, steps, first),
            How::Stopped(e) => return Err(e.take().unwrap_or_else(stopped)),
        }
        self.steps += steps.len();
        // The trace-bytes budget counts what the steps record (`Observer::in_order`).
        Ok(0)
    }

    fn steps_given(
        &mut self,
        stores: &Stores<'_, '_>,
        steps: &mut Vec<Step>,
        skip: usize,
        first: usize,
        ran: &Ran<'_>,
    ) -> Observed {
        match &mut self.how {
            // An empty batch takes the run's steps whole, where it would copy them.
            How::Thread { batch, .. } if batch.steps.is_empty() => {
                let n = steps.len() - skip;
                batch.take(stores, steps, skip, first);
                self.steps += n;
                Ok(0)
            }
            _ => self.steps_in_order(stores, &steps[skip..], first, ran),
        }
    }

    fn handed_writes(&mut self, writes: &mut Vec<(Name<'r>, Value)>) {
        if matches!(self.how, How::Until(..)) {
            // The steps handed were written from the run's stores: their values are the
            // run's to drop. Those from now on go to the thread, in batches.
            if self.steps >= THREAD_FROM {
                let How::Until(w, start) = std::mem::replace(&mut self.how, How::Stopped(None))
                else {
                    unreachable!("matched above")
                };
                self.how = start(w);
            }
            return;
        }
        let How::Thread { batch, to, written, writer } = &mut self.how else { return };
        // The steps pushed since the last call index `writes` from its start. A batch that
        // holds none yet (the usual case: the run hands as many steps as a batch takes,
        // `stream::IN_ORDER_BATCH`) takes the run's vector whole and gives it its own, emptied,
        // to fill again: no value is copied.
        if batch.writes.is_empty() {
            std::mem::swap(&mut batch.writes, writes);
        } else {
            batch.writes.append(writes);
        }
        if batch.steps.len() < BATCH {
            return;
        }
        // A batch the writer gave back is emptied here, where its values were made: their
        // memory goes back to this thread's heap without a cross-thread free, and the counts
        // of the strings they share with the run's variables are not written from two cores
        // (measured: the run's thread 200 ms -> 181 ms over 1,000,000 bench steps when the two
        // cores slow each other, level when they do not).
        let next = written.try_recv().map_or_else(
            |_| Batch::default(),
            |mut b| {
                b.clear();
                b
            },
        );
        let full = std::mem::replace(batch, next);
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
    /// Bytes written to the spool so far.
    spooled: usize,
    /// Where each [`SEGMENT`]-th step's element starts in the spool.
    marks: Vec<usize>,
    buf: Vec<u8>,
    names: NodeTexts,
    budget: OutputBudget,
}

impl<S: Write> Writer<S> {
    fn new(spool: S) -> Self {
        Writer {
            spool,
            spooled: 0,
            marks: Vec::new(),
            buf: Vec::with_capacity(CHUNK + CHUNK / 4),
            names: NodeTexts::as_pieces(),
            budget: OutputBudget::default(),
        }
    }

    /// Writes the element of the step at trace index `index`.
    fn write(&mut self, stores: &Stores<'_, '_>, step: &Step, index: usize) -> io::Result<()> {
        if index.is_multiple_of(SEGMENT) {
            self.marks.push(self.spooled + self.buf.len());
        }
        let mut sink = io::sink();
        let mut out = Out { buf: std::mem::take(&mut self.buf), w: &mut sink };
        if index > 0 {
            out.raw(b",");
        }
        // The step's number is written as the text is made whole.
        let wrote = out.step(stores, &mut self.names, step, (index + 1, &[]), &self.budget);
        self.buf = out.buf;
        wrote?;
        if self.buf.len() >= CHUNK {
            self.spool.write_all(&self.buf)?;
            self.spooled += self.buf.len();
            self.buf.clear();
        }
        Ok(())
    }

    /// The spool, the pieces its text names, and the segments' marks (the last, where the
    /// text ends).
    fn into_spool(mut self) -> io::Result<Spooled<S>> {
        self.spool.write_all(&self.buf)?;
        self.spool.flush()?;
        self.marks.push(self.spooled + self.buf.len());
        Ok(Spooled { spool: self.spool, pieces: self.names.into_pieces(), marks: self.marks })
    }
}

/// Steps for the writer thread, each with what it indexes in stores of the batch's own (the
/// step's indexes moved to them; what it heard keeps its trace index). A batch is sent once
/// the values its steps wrote came (`Observer::handed_writes`).
struct Batch<'r> {
    /// The trace index of `steps[skip]`.
    first: usize,
    version: Version,
    /// Steps at the head of `steps` written with an earlier batch: the run's vector, taken
    /// whole, opens with the last step it kept (`Observer::steps_given`).
    skip: usize,
    steps: Vec<Step>,
    prompts: Vec<Prompt>,
    writes: Vec<(Name<'r>, Value)>,
    data: StepData,
    inputs: Vec<StepInput>,
}

impl Default for Batch<'_> {
    fn default() -> Self {
        Batch {
            first: 0,
            skip: 0,
            version: Version::Draft,
            steps: Vec::with_capacity(BATCH),
            prompts: Vec::new(),
            writes: Vec::new(),
            data: StepData::default(),
            inputs: Vec::new(),
        }
    }
}

impl Batch<'_> {
    /// Empties the batch, keeping its stores' room (what the steps wrote is dropped here).
    fn clear(&mut self) {
        self.skip = 0;
        self.steps.clear();
        self.prompts.clear();
        self.writes.clear();
        self.data.errors.clear();
        self.inputs.clear();
    }

    /// Adds the steps from trace index `first` on, with what they index in `stores` (their
    /// indexes moved to the batch's stores; what they heard keeps its trace index).
    fn extend(&mut self, stores: &Stores<'_, '_>, steps: &[Step], first: usize) {
        if self.steps.is_empty() {
            self.first = first;
            self.version = stores.version;
        }
        let from = self.steps.len();
        self.steps.extend_from_slice(steps);
        self.adopt(stores, from, first);
    }

    /// Takes the run's `steps` whole (the batch is empty), giving it the batch's own vector,
    /// emptied: `steps[skip..]` are the steps from trace index `first` on, the `skip` before
    /// them were written with an earlier batch (see [`Batch::extend`]).
    fn take(&mut self, stores: &Stores<'_, '_>, steps: &mut Vec<Step>, skip: usize, first: usize) {
        std::mem::swap(&mut self.steps, steps);
        self.skip = skip;
        self.first = first;
        self.version = stores.version;
        self.adopt(stores, skip, first);
    }

    /// Moves the indexes of `steps[from..]`, from trace index `first` on, to the batch's
    /// stores.
    fn adopt(&mut self, stores: &Stores<'_, '_>, from: usize, first: usize) {
        // Their values come with the others handed with them (`Observer::handed_writes`),
        // after those the batch has.
        let writes = self.writes.len() as u32;
        for s in &mut self.steps[from..] {
            if let StepResult::Action { start, prompt, .. } = &mut s.result {
                *start += writes;
                if let Some(p) = stores.prompts.get(*prompt as usize) {
                    *prompt = self.prompts.len() as u32;
                    self.prompts.push(p.clone());
                }
            }
            if let Some(e) = stores.data.error(s) {
                s.error = self.data.errors.len() as u32;
                self.data.errors.push(e.clone());
            }
        }
        if !stores.inputs.is_empty() {
            let len = self.steps.len() - from;
            self.inputs.extend_from_slice(stores.inputs_in(first..first + len));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::JsonTrace;
    use crate::engine::observe::tests::each_bundled_request;
    use crate::engine::{self, Run};
    use crate::fixtures::FixtureStore;
    use crate::flow::Registry;

    /// A spool in memory that reads back in chunks of 1 to 7 bytes: a piece's marker is cut
    /// anywhere.
    struct Chunked(Vec<u8>);

    impl std::io::Write for Chunked {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.write(bytes)
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    impl super::Spool for Chunked {
        fn memory(&self) -> &[u8] {
            &[]
        }

        fn read_rest(self, f: &mut dyn FnMut(&[u8]) -> std::io::Result<()>) -> std::io::Result<()> {
            let mut rest = &self.0[..];
            for len in (1..=7).cycle() {
                if rest.is_empty() {
                    return Ok(());
                }
                let (chunk, after) = rest.split_at(len.min(rest.len()));
                f(chunk)?;
                rest = after;
            }
            Ok(())
        }
    }

    /// The result written as the run went, its text made on the run's thread and on a thread
    /// of its own: the same bytes.
    fn streamed(reg: &Registry, fixtures: &FixtureStore, request: &engine::RunRequest) -> Vec<u8> {
        // The trace observes a run whose names it keeps: the run borrows the registry for as
        // long as the trace lives (its writer thread's scope).
        fn written<'r>(
            reg: &'r Registry,
            fixtures: &FixtureStore,
            request: &engine::RunRequest,
            mut trace: JsonTrace<'r, Vec<u8>>,
        ) -> Vec<u8> {
            let run = Run::new(reg, fixtures, request).observer(&mut trace).go().expect("runs");
            assert!(run.write_error.is_none());
            assert!(run.result.trace.is_empty(), "the run keeps no trace");
            let mut out = Vec::new();
            trace.finish(&run.result, &mut out).expect("to memory");
            out
        }
        let here = written(reg, fixtures, request, JsonTrace::new(Vec::new()));
        let cut = {
            let mut trace = JsonTrace::new(Chunked(Vec::new()));
            let run = Run::new(reg, fixtures, request).observer(&mut trace).go().expect("runs");
            let mut out = Vec::new();
            trace.finish(&run.result, &mut out).expect("to memory");
            out
        };
        assert!(here == cut, "read back in chunks cut anywhere: the same bytes");
        let there = std::thread::scope(|scope| {
            written(reg, fixtures, request, JsonTrace::on_thread(scope, reg, Vec::new()))
        });
        assert!(
            here == there,
            "{}\n{}",
            String::from_utf8_lossy(&here),
            String::from_utf8_lossy(&there)
        );
        here
    }

    /// The word-at-a-time scan finds the first marker wherever it is, as a byte-at-a-time scan
    /// does: at each offset of a word and in the tail, after bytes just above the markers and
    /// multibyte UTF-8, and none in text without one.
    #[test]
    fn the_first_marker_is_found_wherever_it_is() {
        let plain = |t: &[u8]| t.iter().position(|&b| b <= super::PIECE.max(super::STEP));
        let fill: Vec<u8> =
            b"\x03\x7f\x80\xff\"a\xc3\xa9\x04z".iter().copied().cycle().take(40).collect();
        for len in 0..fill.len() {
            let text = &fill[..len];
            assert_eq!(super::next_marker(text), None, "{text:?}");
            for at in 0..len {
                for marker in [super::PIECE, super::STEP] {
                    let mut t = text.to_vec();
                    t[at] = marker;
                    // A second marker after the first changes nothing.
                    if at + 3 < len {
                        t[at + 3] = super::STEP;
                    }
                    assert_eq!(super::next_marker(&t), plain(&t), "{t:?}");
                    assert_eq!(super::next_marker(&t), Some(at));
                }
            }
        }
    }

    /// The bundled bench loop's flows, and a request running `iterations` of its loop within
    /// `max_steps`.
    fn bench_loop(iterations: u32, max_steps: u32) -> (Registry, engine::RunRequest) {
        let root = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."));
        let reg = Registry::load_dir(&root.join("fixtures/flows-bench")).registry.expect("loads");
        let request = serde_json::from_value(serde_json::json!({
            "flowName": "Bench_Loop",
            "variables": {"Flow.iterations": iterations},
            "maxSteps": max_steps,
        }))
        .expect("a request");
        (reg, request)
    }

    /// A long trace's text kept as pieces is made whole by segments on one thread and on two,
    /// and in one piece: the same bytes.
    #[test]
    fn a_spools_segments_are_made_whole_alike_on_one_and_two_threads() {
        use super::super::segments::{write_on_one_thread, write_on_two_threads, SEGMENT};
        let (reg, request) = bench_loop(2_000, 9_000);
        let fixtures = FixtureStore::default();
        let mut trace = JsonTrace::new(Vec::new());
        Run::new(&reg, &fixtures, &request).observer(&mut trace).go().expect("runs");
        let spooled = trace.into_spool().expect("in memory");
        assert_eq!(spooled.marks.len(), 9_000_usize.div_ceil(SEGMENT) + 1);
        let pieces = super::Pieces::new(spooled.pieces);
        let made =
            super::Segmented { text: &spooled.spool, marks: &spooled.marks, pieces: &pieces };
        let steps = (spooled.marks.len() - 1) * SEGMENT;
        let (mut one, mut two, mut whole) = (Vec::new(), Vec::new(), Vec::new());
        write_on_one_thread(&made, steps, &mut one).expect("to memory");
        write_on_two_threads(&made, steps, &mut two).expect("to memory");
        let mut w = super::Whole::new(&pieces, 0);
        w.write(&spooled.spool, &mut whole).expect("to memory");
        assert!(one == whole && two == whole, "the same bytes");
        assert!(!whole.contains(&super::PIECE), "no piece left");
        assert!(!whole.contains(&super::STEP), "no step's opening left");
        assert!(whole.len() > 2 * spooled.spool.len(), "pieces stand for most of the text");
    }

    /// A run shorter than `THREAD_FROM` steps makes its text on its own thread; a longer one
    /// hands the steps after them to the writer thread (on a machine of two cores).
    #[test]
    fn the_writer_thread_starts_once_the_run_is_long_enough() {
        fn threaded<'r>(
            reg: &'r Registry,
            fixtures: &FixtureStore,
            request: &engine::RunRequest,
            mut trace: JsonTrace<'r, Vec<u8>>,
        ) -> (usize, bool) {
            Run::new(reg, fixtures, request).observer(&mut trace).go().expect("runs");
            (trace.steps(), matches!(trace.how, super::How::Thread { .. }))
        }
        let fixtures = FixtureStore::default();
        let two = super::super::segments::two_cores();
        for (steps, expected) in [(super::THREAD_FROM - 1, false), (5 * super::THREAD_FROM, two)] {
            let (reg, request) = bench_loop(1_000, steps as u32);
            let got = std::thread::scope(|scope| {
                threaded(&reg, &fixtures, &request, JsonTrace::on_thread(scope, &reg, Vec::new()))
            });
            assert_eq!(got, (steps, expected), "a run of {steps} steps");
        }
    }

    /// A spool that fails stops the run (status `failed`), with its error, on either thread.
    #[test]
    fn a_spool_that_fails_stops_the_run_with_its_error() {
        struct Full;
        impl super::Spool for Full {
            fn memory(&self) -> &[u8] {
                &[]
            }

            fn read_rest(
                self,
                _: &mut dyn FnMut(&[u8]) -> std::io::Result<()>,
            ) -> std::io::Result<()> {
                Ok(())
            }
        }
        impl std::io::Write for Full {
            fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
                Err(std::io::Error::other("disk full"))
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        fn failed<'r>(
            reg: &'r Registry,
            fixtures: &FixtureStore,
            request: &engine::RunRequest,
            mut trace: JsonTrace<'r, Full>,
        ) {
            let run = Run::new(reg, fixtures, request).observer(&mut trace).go().expect("runs");
            assert_eq!(run.result.status, engine::Status::Failed);
            let e = run.write_error.expect("the spool's error");
            assert_eq!(e.to_string(), "disk full");
        }
        let (reg, request) = bench_loop(20_000, 200_000);
        let fixtures = FixtureStore::default();
        failed(&reg, &fixtures, &request, JsonTrace::new(Full));
        std::thread::scope(|scope| {
            failed(&reg, &fixtures, &request, JsonTrace::on_thread(scope, &reg, Full));
        });
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

    /// Set nodes whose second assignment fails after the first was written (the step records
    /// a value and an error), in a loop long enough to cross to the writer thread: written as
    /// the run goes, the bytes of the result written whole.
    #[test]
    fn an_assignment_that_fails_after_another_is_written_as_a_whole_run_writes_it() {
        let set = |key: &str, value: &str| serde_json::json!({"key": key, "value": {"type": "expression", "value": value}});
        let flow = serde_json::json!({"id": "fails", "name": "Fails", "type": "inbound", "draft": {
            "startNode": "Count",
            "nodes": {
                "Count": {"type": "Set", "properties": {"setVars": [
                    set("Flow.n", "Flow.n + 1")]},
                    "onComplete": {"nextNode": "Loop"}},
                "Loop": {"type": "If", "properties": {"conditions": [
                    {"expression": "Flow.n >= 40", "nextNode": "Done"}],
                    "defaultNextNode": "Both"}},
                "Both": {"type": "Set", "properties": {"setVars": [
                    set("Flow.a", "Flow.n"), set("Flow.b", "ToInt(\"x\")")]},
                    "onComplete": {"nextNode": "Count"}, "onError": {"nextNode": "Count"}},
                "Done": {"type": "End"},
            },
        }})
        .to_string();
        let reg = Registry::from_sources([(std::path::Path::new("fails.json"), flow.as_str())])
            .registry
            .expect("the flow loads");
        let fixtures = FixtureStore::default();
        let request: engine::RunRequest = serde_json::from_value(
            serde_json::json!({"flowName": "Fails", "variables": {"Flow.n": 0}}),
        )
        .expect("a request");
        let whole = whole(&reg, &fixtures, &request);
        let text = String::from_utf8_lossy(&whole);
        assert!(text.contains(r#""result":{"variables":{"Flow.a":1}},"edge":"#), "{text}");
        assert!(text.contains(r#""error":{"kind":"#), "{text}");
        assert_same(&streamed(&reg, &fixtures, &request), &whole, "Fails");
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
