//! Recorded executions worked on by several threads, their results taken back in file order:
//! how `traffic` replays a million executions on every core and still writes the report one
//! thread writes, byte for byte.
//!
//! ```text
//! reader thread: Recordings::each_unread (documents' text) ─▶ batches
//!     ─▶ workers: work(place, unread) (parses the text, or leaves it) ─▶ T
//!     ─▶ this thread: the batches again in file order ─▶ take(T), one at a time
//! ```
//!
//! [`Pipeline::run_ordered`] puts a step in file order inside the workers' part: each worker
//! weighs its batch, waits for the batches before it to pass the step, passes its own, then
//! works on it (how a shard of `traffic` learns, in file order, which documents are its own
//! before it replays them, reading the file once).
//!
//! Invariants:
//! - `take` sees every result in file order (places 0, 1, 2, …), whatever thread made it and
//!   whenever: what it builds is what one thread builds. So does the step in file order.
//! - At most [`Pipeline::in_flight_bound`] documents are between the reader and `take` at any
//!   time (read and not yet taken: queued, being worked on, or waiting for an earlier batch):
//!   the reader waits for a batch to be taken before it reads past the bound. Memory is
//!   therefore that bound times the largest document's text (and its work's result, or what
//!   weighing it gave), plus one parsed document per worker, not the file.
//! - One worker runs everything on the calling thread, with no thread started: the reference
//!   the parallel path is tested against.
//! - A document that cannot be read ends the run with its error once every document before it
//!   has been taken (as [`Recordings::each`] does), whether the reader finds it (the file's
//!   structure) or a worker (its text): no result after it is taken, and the reader stops.
//! - A file of JSON lines is split at its line breaks (`stream::each_text_lines`). A line that
//!   is not one JSON value is no error: the error reading a text taken to its line's end is not
//!   the document's own (`Unread::recount`), so every document before it has been taken and
//!   ordered, none after it is, and the run reads its file again from that document split the
//!   counted way (`Pipeline::resplitting`), the places going on from it, so `take` and the
//!   step see what one pass of the counted split gives. A file is read again once at most.
//!   That signal is this module's own (`Stop`), never a [`RecordingsError`]: a caller sees
//!   the counted split's errors only.
//! - A panic in `weigh`, the step or `work` is caught where it happens and ends the run like a
//!   document that cannot be read ([`RecordingsError::Panicked`], naming its place): no batch
//!   is left untaken, no turn of the step unpassed, so the run never waits for ever.
//! - The step in file order cannot deadlock: batches leave the reader's channel in their
//!   order, so every batch before a waiting worker's is held by a worker that weighs it
//!   without waiting.
//!
//! Cost: the reader's split per document (no parse: a document is parsed by the worker that
//! works on it, so it is made and dropped on one thread), `work` per document on the workers,
//! one channel send per batch each way, one lock per batch for the step in file order; no
//! document is copied.

use super::stream::Resume;
use super::traffic::{Recordings, RecordingsError, Unread};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{channel, sync_channel, Receiver};
use std::sync::{Condvar, Mutex};

/// How documents are spread over threads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pipeline {
    /// Threads running `work` (1: the calling thread alone).
    pub workers: usize,
    /// Documents a worker takes at a time.
    pub batch: usize,
}

/// What a run did: how many documents, and the most that were read and not yet taken at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Piped {
    pub count: usize,
    pub peak_in_flight: usize,
}

impl Pipeline {
    /// One thread: the reference.
    pub const SERIAL: Pipeline = Pipeline { workers: 1, batch: 1 };

    /// As many workers as the machine has cores (at most 16), in batches of 64.
    pub fn machine() -> Pipeline {
        let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
        Pipeline { workers: cores.clamp(1, 16), batch: 64 }
    }

    /// Batches read and not yet taken, at most.
    fn batches_in_flight(self) -> usize {
        2 * self.workers + 1
    }

    /// Documents read and not yet taken, at most: `(2 × workers + 1) × batch`.
    pub fn in_flight_bound(self) -> usize {
        self.batches_in_flight() * self.batch.max(1)
    }

    /// Hands every recorded execution to `work` (its place in the whole run, from 0, and the
    /// document, unread: `work` reads it with [`Unread::read`], or leaves it unread)
    /// on the workers, and each result to `take` in file order; gives how many.
    ///
    /// # Errors
    /// As [`Recordings::each`]: `take` has had the results of every document before it.
    pub fn run<T: Send>(
        self,
        recorded: &Recordings,
        work: &(dyn Fn(usize, Unread) -> Result<T, RecordingsError> + Sync),
        take: &mut dyn FnMut(T),
    ) -> Result<Piped, RecordingsError> {
        Self::resplitting(&mut |from, base| {
            self.drive(recorded, from, base, work, &|_, _, results| results, &mut *take)
        })
    }

    /// [`Pipeline::run`] with a step in file order between two on the workers: `weigh` each
    /// document (its place, the document unread) on the workers, `order` what it gave in file
    /// order, then `work` on it with `order`'s verdict on the workers, and `take` each result
    /// in file order. `order` runs on whichever worker holds the document, one call at a time:
    /// a worker weighs its whole batch, waits for the batches before it to be ordered, orders
    /// its own, and goes on to `work` on them, so a worker waits only for the weighing of the
    /// batches before its own. A document `weigh` cannot read is not ordered, nor is any after
    /// it (the run ends with its error, as in [`Pipeline::run`]).
    ///
    /// # Errors
    /// As [`Pipeline::run`].
    pub fn run_ordered<W: Send, V, T: Send>(
        self,
        recorded: &Recordings,
        weigh: &(dyn Fn(usize, Unread) -> Result<W, RecordingsError> + Sync),
        order: &mut Order<'_, W, V>,
        work: &(dyn Fn(W, V) -> Result<T, RecordingsError> + Sync),
        take: &mut dyn FnMut(T),
    ) -> Result<Piped, RecordingsError> {
        Self::resplitting(&mut |from, base| {
            let gate = Gate { next: Mutex::new((0, &mut *order, None)), turn: Condvar::new() };
            let finish = |seq: usize, first: usize, weighed: Vec<Result<W, RecordingsError>>| {
                let ordered = gate.pass(seq, first, weighed);
                let works = ordered.into_iter().enumerate();
                works.map(|(i, r)| r.and_then(|(w, v)| guarded(first + i, || work(w, v)))).collect()
            };
            self.drive(recorded, from, base, weigh, &finish, &mut *take)
        })
    }

    /// `drive` (from where to read, and the place of the first document it reads) from the
    /// start, and again from a document split to its line's end that was not one JSON value
    /// ([`Stop::Recount`]: every document before it taken, none after it): its file is read
    /// again from there split the counted way, which gives its documents or its error. A file
    /// is read again at most once, so this ends.
    fn resplitting(
        drive: &mut dyn FnMut(Option<Resume>, usize) -> Result<Piped, Stop>,
    ) -> Result<Piped, RecordingsError> {
        let (mut from, mut base) = (None::<Resume>, 0);
        loop {
            match drive(from, base) {
                Err(Stop::Recount { place, at }) => {
                    // Read again from a later file each time: a file read again is split the
                    // counted way, which never asks for it.
                    if from.is_some_and(|f| at.input <= f.input) {
                        let message = "a file split again twice".to_owned();
                        return Err(RecordingsError::Panicked { place: place + 1, message });
                    }
                    (from, base) = (Some(at), place);
                }
                Err(Stop::Error(e)) => return Err(e),
                // Each run within the bound: the last's peak is the run's.
                Ok(piped) => return Ok(piped),
            }
        }
    }

    /// Hands every recorded execution to `weigh` on the workers, each batch of what it gave
    /// (its number, from 0, and the results in file order) to `finish` on the same worker,
    /// and each result to `take` in file order. One worker makes batches of one document.
    /// Reads `from` there (or the start), the first document read at place `base`.
    fn drive<W: Send, T: Send>(
        self,
        recorded: &Recordings,
        from: Option<Resume>,
        base: usize,
        weigh: &(dyn Fn(usize, Unread) -> Result<W, RecordingsError> + Sync),
        finish: &Finish<'_, W, T>,
        take: &mut dyn FnMut(T),
    ) -> Result<Piped, Stop> {
        if self.workers <= 1 {
            let mut place = base;
            let mut failed = None;
            let count = recorded.each_unread_from(from, true, &mut |unread| {
                let seq = place - base;
                let recount = unread.recount();
                for t in finish(seq, place, vec![guarded(place, || weigh(place, unread))]) {
                    match t {
                        Ok(t) => take(t),
                        Err(e) => {
                            failed = Some(stop(e, place, recount));
                            return false;
                        }
                    }
                }
                place += 1;
                true
            });
            let count = count.map_err(Stop::Error)?;
            let piped = Piped { count: base + count, peak_in_flight: usize::from(count > 0) };
            return failed.map_or(Ok(piped), Err);
        }
        let batch = self.batch.max(1);
        let slots = self.batches_in_flight();
        // A token per batch that may be in flight; the reader takes one before it sends a
        // batch, this thread gives it back once the batch is taken.
        let (give_token, tokens) = sync_channel::<()>(slots);
        for _ in 0..slots {
            let _ = give_token.send(());
        }
        let (send_batch, batches) = sync_channel::<Batch<Unread>>(slots);
        let batches = Mutex::new(batches);
        let (send_done, done) = channel::<Batch<Result<T, Stop>>>();
        let in_flight = AtomicUsize::new(0);
        let peak = AtomicUsize::new(0);
        // Set once a document in file order cannot be read: the reader reads no further.
        let stop = AtomicBool::new(false);
        std::thread::scope(|scope| {
            let (in_flight, peak, stop) = (&in_flight, &peak, &stop);
            let reader = scope.spawn(move || {
                let mut seq = 0;
                let mut place = base;
                let mut pending = Vec::with_capacity(batch);
                let mut send = |pending: &mut Vec<Unread>, place: usize| -> bool {
                    if pending.is_empty() {
                        return true;
                    }
                    if tokens.recv().is_err() {
                        return false;
                    }
                    let n = pending.len();
                    let now = in_flight.fetch_add(n, Ordering::SeqCst) + n;
                    peak.fetch_max(now, Ordering::SeqCst);
                    let full = std::mem::replace(pending, Vec::with_capacity(batch));
                    let sent = send_batch.send((seq, place - n, full)).is_ok();
                    seq += 1;
                    sent
                };
                let mut open = true;
                let read = recorded.each_unread_from(from, true, &mut |r| {
                    if !open || stop.load(Ordering::SeqCst) {
                        open = false;
                        return false;
                    }
                    pending.push(r);
                    place += 1;
                    if pending.len() == batch {
                        open = send(&mut pending, place);
                    }
                    open
                });
                if open {
                    send(&mut pending, place);
                }
                drop(send_batch);
                read
            });
            for _ in 0..self.workers {
                let send_done = send_done.clone();
                let batches = &batches;
                scope.spawn(move || worker(batches, &send_done, weigh, finish));
            }
            drop(send_done);
            let mut waiting: BTreeMap<usize, Vec<Result<T, Stop>>> = BTreeMap::new();
            let mut next = 0;
            let mut failed = None;
            for (seq, _, results) in &done {
                waiting.insert(seq, results);
                while let Some(results) = waiting.remove(&next) {
                    let n = results.len();
                    for t in results {
                        match t {
                            Ok(t) if failed.is_none() => take(t),
                            Ok(_) => {}
                            Err(e) => {
                                if failed.is_none() {
                                    stop.store(true, Ordering::SeqCst);
                                    failed = Some(e);
                                }
                            }
                        }
                    }
                    in_flight.fetch_sub(n, Ordering::SeqCst);
                    let _ = give_token.send(());
                    next += 1;
                }
            }
            drop(give_token);
            let read = match reader.join() {
                Ok(read) => read,
                Err(panic) => std::panic::resume_unwind(panic),
            };
            // A document a worker could not read comes before wherever the reader stopped.
            if let Some(e) = failed {
                return Err(e);
            }
            let count = base + read.map_err(Stop::Error)?;
            Ok(Piped { count, peak_in_flight: peak.load(Ordering::SeqCst) })
        })
    }
}

/// Why a drive of the documents stopped short: an error, or a document at `place` in the run
/// whose text was taken to its line's end and could not be read, so that its file is read
/// again from `at` split the counted way, which gives its documents or the error that is
/// theirs ([`Pipeline::resplitting`]). The pipeline's own: no caller sees the second.
enum Stop {
    Error(RecordingsError),
    Recount { place: usize, at: Resume },
}

/// What `e`, the error of the document at `place`, stops the drive with: a reading again from
/// `recount` when the error is one of reading a text that is not the document's own to judge
/// ([`Unread::recount`]), else the error.
fn stop(e: RecordingsError, place: usize, recount: Option<Resume>) -> Stop {
    match (e, recount) {
        (RecordingsError::Unreadable(..), Some(at)) => Stop::Recount { place, at },
        (e, _) => Stop::Error(e),
    }
}

/// A batch: its number, the place of its first document in the whole run, and its items.
type Batch<I> = (usize, usize, Vec<I>);

/// What a worker does with a batch it has weighed (its number, the place of its first
/// document, and what weighing each document gave), on the same worker: its results.
type Finish<'a, W, T> = dyn Fn(usize, usize, Vec<Result<W, RecordingsError>>) -> Vec<Result<T, RecordingsError>>
    + Sync
    + 'a;

/// `f` for the document at `place`, a panic in it made the run's error there
/// ([`RecordingsError::Panicked`]): a worker that unwound would leave its batch untaken (and
/// the step in file order unpassed), and the run waiting for it.
fn guarded<T>(
    place: usize,
    f: impl FnOnce() -> Result<T, RecordingsError>,
) -> Result<T, RecordingsError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).unwrap_or_else(|panic| {
        let message = panic
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic".into());
        Err(RecordingsError::Panicked { place: place + 1, message })
    })
}

/// Takes batches until the reader is done, weighing each document and finishing the batch,
/// sending each batch's results back with its number.
fn worker<W, T>(
    batches: &Mutex<Receiver<Batch<Unread>>>,
    done: &std::sync::mpsc::Sender<Batch<Result<T, Stop>>>,
    weigh: &(dyn Fn(usize, Unread) -> Result<W, RecordingsError> + Sync),
    finish: &Finish<'_, W, T>,
) {
    loop {
        // Batches leave the channel in their order, one worker at a time: every batch before
        // the one taken here is some worker's already.
        let next = match batches.lock() {
            Ok(receiver) => receiver.recv(),
            Err(_) => return,
        };
        let Ok((seq, first, documents)) = next else { return };
        let recounts: Vec<Option<Resume>> = documents.iter().map(Unread::recount).collect();
        let weighed = documents
            .into_iter()
            .enumerate()
            .map(|(i, unread)| guarded(first + i, || weigh(first + i, unread)))
            .collect();
        let finished = finish(seq, first, weighed).into_iter().zip(recounts).enumerate();
        let results =
            finished.map(|(i, (r, recount))| r.map_err(|e| stop(e, first + i, recount))).collect();
        if done.send((seq, first, results)).is_err() {
            return;
        }
    }
}

/// The step of [`Pipeline::run_ordered`] in file order: the number of the next batch to
/// order, and the step, behind a lock; workers whose batch comes later wait their turn.
struct Gate<'g, 'o, W, V> {
    /// The next batch's number, the step, and the first document that could not be read (no
    /// document after it is ordered: the run ends there, or reads again from there).
    next: Mutex<(usize, &'g mut Order<'o, W, V>, Option<RecordingsError>)>,
    turn: Condvar,
}

/// The step in file order: a document's weighing to its verdict.
type Order<'a, W, V> = dyn FnMut(&W) -> V + Send + 'a;

impl<W, V> Gate<'_, '_, W, V> {
    /// Waits for batch `seq`'s turn, orders each of its documents read (in file order), and
    /// hands the turn to the next batch.
    fn pass(
        &self,
        seq: usize,
        first: usize,
        weighed: Vec<Result<W, RecordingsError>>,
    ) -> Vec<Result<(W, V), RecordingsError>> {
        // A poisoned lock: a worker panicked while ordering, and so does this one.
        let mut next = self.next.lock().expect("no worker panicked while ordering");
        while next.0 != seq {
            next = self.turn.wait(next).expect("no worker panicked while ordering");
        }
        let (_, order, failed) = &mut *next;
        // A panic in the step is caught while the lock is held: it is not poisoned, and the
        // next batch gets its turn.
        let ordered = weighed
            .into_iter()
            .enumerate()
            .map(|(i, w)| {
                if let Some(e) = failed {
                    return Err(e.clone());
                }
                let r = w.and_then(|w| {
                    let v = guarded(first + i, || Ok(order(&w)))?;
                    Ok((w, v))
                });
                if let Err(e) = &r {
                    *failed = Some(e.clone());
                }
                r
            })
            .collect();
        next.0 += 1;
        drop(next);
        self.turn.notify_all();
        ordered
    }
}
