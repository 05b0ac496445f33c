//! A long trace's text made on two threads and written in order.
//!
//! A trace writer (`compact.rs` for `--format json`, the CLI's text trace) makes a step's text
//! from the step, the result's stores and a cache of node texts, and carries one figure from
//! step to step: what the values written so far have taken of the result's budget
//! ([`OutputBudget`]). So a long trace is cut into segments of [`SEGMENT`] steps; this thread
//! and one helper take the segments in turn, each making a segment's text in a buffer of its
//! own with a cache of its own, and this thread writes the buffers in the steps' order. Memory
//! stays flat: the helper runs at most [`AHEAD`] segments ahead of what was written, and a
//! buffer goes back to it once written. A trace shorter than [`TWO_THREADS_FROM`] steps, or on
//! a machine of one core, is written by this thread alone, a few hundred steps at a time.
//!
//! The budget: a segment is made as if nothing had been taken yet
//! ([`MAX_RESULT_VALUES_OUTPUT`] left). A value of at most [`ALWAYS_WRITTEN`](super::ALWAYS_WRITTEN) bytes is written
//! whatever is left, and a value too large for any budget never is, so a segment whose values
//! are all one or the other has the same text whatever was left before it, and takes the same
//! bytes from it. A segment with a value the budget had to weigh ([`OutputBudget::weighed`]) is
//! made again, when its turn to be written comes, with what is really left: only runs with long
//! strings or lists pay that. The bytes written are those of writing every step in order on one
//! thread.

use super::{OutputBudget, MAX_RESULT_VALUES_OUTPUT};
use std::io::{self, Write};
use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// Steps a segment holds: a few hundred kilobytes of JSON, a fraction of a millisecond to make.
pub const SEGMENT: usize = 2048;

/// Segments the helper may have made and not yet seen written.
const AHEAD: usize = 2;

/// The shortest trace two threads write (204,800 steps). Below it, what a second thread costs
/// the process (its start, its first buffers, the other core woken) is about what it saves:
/// writing the bundled bench loop's JSON trace on this project's 2-core machine took 5-18 ms
/// on two threads against 4.2-4.5 ms on one at 50,000 steps, 10-20 against 14-16 ms at
/// 200,000, and 36-48 against 51-78 ms at 1,000,000.
pub const TWO_THREADS_FROM: usize = 100 * SEGMENT;

/// Steps one thread writes at a time: some tens of kilobytes of text, a buffer that stays in
/// the processor's cache.
const PIECE: usize = 256;

/// A segment's text, made in a buffer that is reused.
pub trait Text: Default + Send {
    fn bytes(&self) -> &[u8];
    fn clear(&mut self);
}

impl Text for Vec<u8> {
    fn bytes(&self) -> &[u8] {
        self
    }

    fn clear(&mut self) {
        Vec::clear(self);
    }
}

impl Text for String {
    fn bytes(&self) -> &[u8] {
        self.as_bytes()
    }

    fn clear(&mut self) {
        String::clear(self);
    }
}

/// What a segment's values did to the budget it was made with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Taken {
    /// The bytes left after the segment.
    pub left: usize,
    /// Whether a value's fate depended on what was left ([`OutputBudget::weighed`]).
    pub weighed: bool,
}

impl Taken {
    /// What `budget` says after a segment was made with it.
    pub fn of(budget: &OutputBudget) -> Taken {
        Taken { left: budget.left(), weighed: budget.weighed() }
    }
}

/// A trace writer, by segments.
pub trait Segments: Sync {
    /// What one thread keeps from one of its segments to the next (node texts, step numbers).
    type Cache;
    type Text: Text;
    fn cache(&self) -> Self::Cache;
    /// Appends the text of the steps at `steps` (indexes in the trace) to `out`, with `left`
    /// bytes of the values' budget.
    fn write(
        &self,
        cache: &mut Self::Cache,
        steps: Range<usize>,
        left: usize,
        out: &mut Self::Text,
    ) -> io::Result<Taken>;
}

/// Whether this machine has a second core for a helper.
pub(super) fn two_cores() -> bool {
    static TWO: OnceLock<bool> = OnceLock::new();
    *TWO.get_or_init(|| std::thread::available_parallelism().is_ok_and(|n| n.get() >= 2))
}

/// Writes the text of the first `steps` steps to `w` in order, with an untouched budget for
/// their values; returns what is left of it after them. Two threads make the text when the
/// trace has [`TWO_THREADS_FROM`] steps or more and the machine two cores or more.
pub fn write_in_order<S: Segments, W: Write + ?Sized>(
    segments: &S,
    steps: usize,
    w: &mut W,
) -> io::Result<usize> {
    if steps >= TWO_THREADS_FROM && two_cores() {
        write_on_two_threads(segments, steps, w)
    } else {
        write_on_one_thread(segments, steps, w)
    }
}

/// The steps of segment `k` of a trace of `steps` steps.
fn range(k: usize, steps: usize) -> Range<usize> {
    k * SEGMENT..((k + 1) * SEGMENT).min(steps)
}

/// [`write_in_order`] on this thread alone.
pub fn write_on_one_thread<S: Segments, W: Write + ?Sized>(
    segments: &S,
    steps: usize,
    w: &mut W,
) -> io::Result<usize> {
    let mut left = MAX_RESULT_VALUES_OUTPUT;
    let mut cache = segments.cache();
    let mut text = S::Text::default();
    for start in (0..steps).step_by(PIECE) {
        text.clear();
        let piece = start..(start + PIECE).min(steps);
        left = segments.write(&mut cache, piece, left, &mut text)?.left;
        w.write_all(text.bytes())?;
    }
    Ok(left)
}

/// [`write_in_order`] with a helper thread (see the module doc).
pub fn write_on_two_threads<S: Segments, W: Write + ?Sized>(
    segments: &S,
    steps: usize,
    w: &mut W,
) -> io::Result<usize> {
    let count = steps.div_ceil(SEGMENT);
    // The next segment to take, by either thread: each takes them in increasing order.
    let next = AtomicUsize::new(0);
    let next = &next;
    std::thread::scope(|scope| {
        let (made, ready) = mpsc::sync_channel::<Made<S::Text>>(AHEAD);
        let (give_back, spare) = mpsc::channel::<S::Text>();
        // Without a helper (the system refused a thread), this thread takes every segment.
        let _ = std::thread::Builder::new()
            .name("trace writer".into())
            .spawn_scoped(scope, move || help(segments, steps, next, &made, &spare));
        let mut writer = InOrder {
            segments,
            steps,
            left: MAX_RESULT_VALUES_OUTPUT,
            cache: segments.cache(),
            again: S::Text::default(),
        };
        let mut own = S::Text::default();
        // How long this thread waits for a segment of the helper's: twice what it took to make
        // its own last one. A helper that is later than that is not running (the system has
        // not started it yet, or runs something else on its core): this thread makes the
        // segment itself, and drops the helper's when it comes.
        let mut patience = Duration::from_millis(1);
        // Segments written so far: every one before `written`.
        let mut written = 0;
        loop {
            let k = next.fetch_add(1, Ordering::Relaxed);
            let mine = (k < count).then(|| {
                own.clear();
                let start = Instant::now();
                let taken = segments.write(
                    &mut writer.cache,
                    range(k, steps),
                    MAX_RESULT_VALUES_OUTPUT,
                    &mut own,
                );
                patience = start.elapsed() * 2;
                taken
            });
            // Every segment before `k` was taken, and those not written yet are the helper's,
            // which it sends in order.
            while written < k.min(count) {
                match ready.recv_timeout(patience) {
                    // One this thread made itself: the helper's is dropped.
                    Ok((j, text, _)) if j < written => {
                        let _ = give_back.send(text);
                    }
                    Ok((j, text, taken)) => {
                        debug_assert_eq!(j, written, "the helper's segments come in order");
                        writer.write(j, &text, taken?, w)?;
                        // The helper may have finished: then the buffer is simply dropped.
                        let _ = give_back.send(text);
                        written += 1;
                    }
                    // Late, or gone: made here.
                    Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => {
                        writer.make_and_write(written, w)?;
                        written += 1;
                    }
                }
            }
            let Some(taken) = mine else { break };
            writer.write(k, &own, taken?, w)?;
            written += 1;
        }
        Ok(writer.left)
    })
}

/// A made segment: its index, its text, what it took of an untouched budget.
type Made<T> = (usize, T, io::Result<Taken>);

/// The helper's part of [`write_on_two_threads`]: the next segment taken in turn, made with an
/// untouched budget and sent, until none is left or nobody listens (a write failed).
fn help<S: Segments>(
    segments: &S,
    steps: usize,
    next: &AtomicUsize,
    made: &mpsc::SyncSender<Made<S::Text>>,
    spare: &mpsc::Receiver<S::Text>,
) {
    let count = steps.div_ceil(SEGMENT);
    let mut cache = segments.cache();
    loop {
        let k = next.fetch_add(1, Ordering::Relaxed);
        if k >= count {
            return;
        }
        let mut text = spare.try_recv().unwrap_or_default();
        text.clear();
        let taken =
            segments.write(&mut cache, range(k, steps), MAX_RESULT_VALUES_OUTPUT, &mut text);
        if made.send((k, text, taken)).is_err() {
            return;
        }
    }
}

/// What writes the segments' texts in order, keeping the budget.
struct InOrder<'s, S: Segments> {
    segments: &'s S,
    steps: usize,
    /// The bytes of the budget left before the next segment.
    left: usize,
    cache: S::Cache,
    /// A segment's text made again.
    again: S::Text,
}

impl<S: Segments> InOrder<'_, S> {
    /// Writes segment `k`, whose text `text` was made with an untouched budget and took from it
    /// what `taken` says.
    fn write<W: Write + ?Sized>(
        &mut self,
        k: usize,
        text: &S::Text,
        taken: Taken,
        w: &mut W,
    ) -> io::Result<()> {
        if !taken.weighed {
            self.left = self.left.saturating_sub(MAX_RESULT_VALUES_OUTPUT - taken.left);
            return w.write_all(text.bytes());
        }
        if self.left == MAX_RESULT_VALUES_OUTPUT {
            self.left = taken.left;
            return w.write_all(text.bytes());
        }
        self.make_and_write(k, w)
    }

    /// Makes segment `k` with the budget left, and writes it.
    fn make_and_write<W: Write + ?Sized>(&mut self, k: usize, w: &mut W) -> io::Result<()> {
        self.again.clear();
        let range = range(k, self.steps);
        self.left = self.segments.write(&mut self.cache, range, self.left, &mut self.again)?.left;
        w.write_all(self.again.bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fmt::Write as _;

    /// A trace whose step `i` has one value of [`Lines::size`] bytes (only its size is
    /// written): a short one, or now and then one of megabytes, which the budget weighs and,
    /// once some twenty of them took it, refuses.
    struct Lines {
        long_every: usize,
        /// Segments made, by either thread.
        made: AtomicUsize,
        /// How long the helper takes over each segment it makes.
        helper_delay: Duration,
    }

    impl Lines {
        fn size(&self, i: usize) -> usize {
            if self.long_every > 0 && i % self.long_every == 7 {
                3_000_000 + i
            } else {
                7
            }
        }
    }

    impl Segments for Lines {
        type Cache = ();
        type Text = String;

        fn cache(&self) {}

        fn write(
            &self,
            (): &mut (),
            steps: Range<usize>,
            left: usize,
            out: &mut String,
        ) -> io::Result<Taken> {
            self.made.fetch_add(1, Ordering::Relaxed);
            if std::thread::current().name() == Some("trace writer") {
                std::thread::sleep(self.helper_delay);
            }
            let budget = OutputBudget::with_left(left);
            for i in steps {
                let size = self.size(i);
                let fate = if budget.admit_size(size).is_ok() { "written" } else { "too large" };
                let _ = writeln!(out, "step {i}: {size} bytes, {fate}");
            }
            Ok(Taken::of(&budget))
        }
    }

    /// The text and budget left of `steps` steps on one thread, the same on two, and the
    /// segments made in all.
    fn both(steps: usize, long_every: usize) -> (String, String, usize, usize) {
        both_with(steps, long_every, Duration::ZERO)
    }

    fn both_with(
        steps: usize,
        long_every: usize,
        helper_delay: Duration,
    ) -> (String, String, usize, usize) {
        let lines = Lines { long_every, made: AtomicUsize::new(0), helper_delay };
        let (mut one, mut two) = (Vec::new(), Vec::new());
        let l1 = write_on_one_thread(&lines, steps, &mut one).expect("writes");
        let l2 = write_on_two_threads(&lines, steps, &mut two).expect("writes");
        assert_eq!(l1, l2, "the same budget is left");
        let text = |t: Vec<u8>| String::from_utf8(t).expect("UTF-8");
        (text(one), text(two), l1, lines.made.load(Ordering::Relaxed))
    }

    #[test]
    fn two_threads_write_the_bytes_one_thread_writes() {
        for steps in [0, 1, SEGMENT - 1, SEGMENT, SEGMENT + 1, 5 * SEGMENT + 17] {
            let (one, two, left, made) = both(steps, 0);
            assert_eq!(one, two, "{steps} steps");
            assert_eq!(one.lines().count(), steps);
            assert_eq!(left, MAX_RESULT_VALUES_OUTPUT - 7 * steps);
            // Values that are all short: a segment is made again only when the helper was
            // late with it (one thread writes a piece at a time).
            assert!(made >= steps.div_ceil(PIECE) + steps.div_ceil(SEGMENT), "{made} makes");
        }
    }

    #[test]
    fn segments_whose_values_the_budget_weighed_are_made_again_with_what_is_left() {
        let steps = 12 * SEGMENT;
        let (one, two, left, made) = both(steps, 100);
        assert!(one.contains("3000007 bytes, written"), "long values are written at first");
        assert!(one.contains("bytes, too large"), "then the budget runs out");
        assert_eq!(one, two);
        assert!(left < 3_000_000, "{left} left");
        // One thread makes each piece once; two make each segment once, and the weighed ones
        // again, all but the first (made with the whole budget, as it is).
        assert!(made >= steps / PIECE + 12 + 11, "{made} makes");
    }

    #[test]
    fn a_late_helpers_segments_are_made_by_the_writing_thread() {
        // The helper takes 20 ms over each segment: the writing thread makes them itself, and
        // drops the helper's when they come.
        let steps = 8 * SEGMENT;
        let (one, two, _, made) = both_with(steps, 100, Duration::from_millis(20));
        assert_eq!(one, two);
        assert!(made > steps / PIECE + 8, "segments made again ({made} makes)");
    }
}
