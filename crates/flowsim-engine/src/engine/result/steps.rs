//! The trace's steps, kept in chunks of [`CHUNK`] steps: a long run's trace grows without ever
//! being copied to a larger block (a vector that doubles copies, and first touches, about twice
//! what it ends up holding), and a step's index finds it with a shift and a mask. The newest
//! steps, which the machine reads and writes, are in `tail`, a plain vector: a short run (a test
//! scenario's few dozen steps, a streamed run's window) never leaves it.

use super::Step;
use std::ops::{Index, IndexMut};

/// Steps a full chunk holds (320 KB of 40-byte steps). The first chunk starts small and doubles
/// up to this.
const SHIFT: u32 = 13;
const CHUNK: usize = 1 << SHIFT;
const MASK: usize = CHUNK - 1;

/// A run's steps, in order, by index.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Steps {
    /// Full chunks of [`CHUNK`] steps, the oldest first.
    full: Vec<Vec<Step>>,
    /// The steps after the full chunks: at most [`CHUNK`], and none only when there are no
    /// steps (a full tail moves to `full` at the next push).
    tail: Vec<Step>,
}

impl Steps {
    #[inline]
    pub fn len(&self) -> usize {
        (self.full.len() << SHIFT) + self.tail.len()
    }

    #[inline]
    pub fn is_empty(&self) -> bool {
        self.tail.is_empty()
    }

    /// Room for `n` steps in the first chunk (at most a chunk's).
    pub fn reserve(&mut self, n: usize) {
        self.tail.reserve(n.min(CHUNK).saturating_sub(self.tail.len()));
    }

    #[inline]
    pub fn push(&mut self, step: Step) {
        if self.tail.len() == CHUNK {
            self.next_chunk();
        }
        self.tail.push(step);
    }

    #[cold]
    #[inline(never)]
    fn next_chunk(&mut self) {
        let chunk = std::mem::replace(&mut self.tail, Vec::with_capacity(CHUNK));
        self.full.push(chunk);
    }

    pub fn pop(&mut self) -> Option<Step> {
        let step = self.tail.pop();
        if self.tail.is_empty() {
            if let Some(chunk) = self.full.pop() {
                self.tail = chunk;
            }
        }
        step
    }

    /// Keeps only the last step, now the first: what a streamed run keeps of its trace once
    /// its steps were written.
    #[inline]
    pub fn keep_last(&mut self) -> Option<&mut Step> {
        let last = self.tail.len().checked_sub(1)?;
        self.full.clear();
        self.tail.swap(0, last);
        self.tail.truncate(1);
        self.tail.last_mut()
    }

    /// Keeps the steps from index `from` on, now the first: what a trace written in order
    /// keeps of itself once the steps before `from` were written.
    pub fn keep_from(&mut self, from: usize) {
        if from == 0 {
            return;
        }
        if from >= self.len() {
            self.clear();
            return;
        }
        if from >> SHIFT == self.full.len() {
            // In the tail (the usual case: a written trace never fills a chunk).
            self.full.clear();
            self.tail.drain(..from & MASK);
        } else {
            let kept: Vec<Step> = (from..self.len()).map(|i| self[i].clone()).collect();
            *self = kept.into_iter().collect();
        }
    }

    /// Keeps the first `len` steps.
    pub fn truncate(&mut self, len: usize) {
        if len >= self.len() {
            return;
        }
        let chunks = len >> SHIFT;
        if chunks < self.full.len() {
            self.full.truncate(chunks + 1);
            self.tail = self.full.pop().unwrap_or_default();
        }
        self.tail.truncate(len & MASK);
        if self.tail.is_empty() {
            if let Some(chunk) = self.full.pop() {
                self.tail = chunk;
            }
        }
    }

    pub fn clear(&mut self) {
        self.truncate(0);
    }

    #[inline]
    pub fn get(&self, index: usize) -> Option<&Step> {
        let chunk = index >> SHIFT;
        if chunk == self.full.len() {
            self.tail.get(index & MASK)
        } else {
            self.full.get(chunk)?.get(index & MASK)
        }
    }

    #[inline]
    pub fn get_mut(&mut self, index: usize) -> Option<&mut Step> {
        let chunk = index >> SHIFT;
        if chunk == self.full.len() {
            self.tail.get_mut(index & MASK)
        } else {
            self.full.get_mut(chunk)?.get_mut(index & MASK)
        }
    }

    /// Every step, when they are in one block (no full chunk): the vector itself, which its
    /// taker may swap for one of its own (a trace written in order hands its steps away).
    pub fn whole_mut(&mut self) -> Option<&mut Vec<Step>> {
        self.full.is_empty().then_some(&mut self.tail)
    }

    /// The steps at `range`, when they are in one block (the newest steps always are: a
    /// streamed run's window never leaves its last block).
    #[inline]
    pub fn slice(&self, range: std::ops::Range<usize>) -> Option<&[Step]> {
        let last = self.full.len();
        if range.start >> SHIFT != last || range.end.saturating_sub(1) >> SHIFT != last {
            return None;
        }
        self.tail.get(range.start & MASK..(range.start & MASK) + range.len())
    }

    #[inline]
    pub fn first(&self) -> Option<&Step> {
        self.get(0)
    }

    #[inline]
    pub fn last(&self) -> Option<&Step> {
        self.tail.last()
    }

    #[inline]
    pub fn last_mut(&mut self) -> Option<&mut Step> {
        self.tail.last_mut()
    }

    pub fn iter(&self) -> Iter<'_> {
        Iter { full: self.full.iter(), tail: Some(&self.tail), chunk: [].iter(), left: self.len() }
    }
}

impl Index<usize> for Steps {
    type Output = Step;

    #[inline]
    fn index(&self, index: usize) -> &Step {
        let chunk = index >> SHIFT;
        if chunk == self.full.len() {
            &self.tail[index & MASK]
        } else {
            &self.full[chunk][index & MASK]
        }
    }
}

impl IndexMut<usize> for Steps {
    #[inline]
    fn index_mut(&mut self, index: usize) -> &mut Step {
        let chunk = index >> SHIFT;
        if chunk == self.full.len() {
            &mut self.tail[index & MASK]
        } else {
            &mut self.full[chunk][index & MASK]
        }
    }
}

impl FromIterator<Step> for Steps {
    fn from_iter<I: IntoIterator<Item = Step>>(iter: I) -> Self {
        let mut steps = Steps::default();
        for step in iter {
            steps.push(step);
        }
        steps
    }
}

impl<'a> IntoIterator for &'a Steps {
    type Item = &'a Step;
    type IntoIter = Iter<'a>;

    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

/// The steps in order.
#[derive(Clone)]
pub struct Iter<'a> {
    full: std::slice::Iter<'a, Vec<Step>>,
    /// The tail, until the full chunks are done.
    tail: Option<&'a Vec<Step>>,
    chunk: std::slice::Iter<'a, Step>,
    left: usize,
}

impl<'a> Iterator for Iter<'a> {
    type Item = &'a Step;

    #[inline]
    fn next(&mut self) -> Option<&'a Step> {
        loop {
            if let Some(step) = self.chunk.next() {
                self.left -= 1;
                return Some(step);
            }
            self.chunk = match self.full.next() {
                Some(chunk) => chunk.iter(),
                None => self.tail.take()?.iter(),
            };
        }
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

impl ExactSizeIterator for Iter<'_> {}

#[cfg(test)]
mod tests {
    use super::{Steps, CHUNK};
    use crate::engine::result::Step;

    fn step(i: usize) -> Step {
        Step::new(0, i as u32, 0)
    }

    fn nodes(steps: &Steps) -> Vec<u32> {
        steps.iter().map(|s| s.node).collect()
    }

    #[test]
    fn steps_across_chunks_keep_their_order_and_indexes() {
        let n = 2 * CHUNK + 5;
        let mut steps: Steps = (0..n).map(step).collect();
        assert_eq!(steps.len(), n);
        assert!(steps.iter().enumerate().all(|(i, s)| s.node == i as u32));
        assert_eq!(steps.iter().len(), n);
        assert_eq!((steps[CHUNK].node, steps[2 * CHUNK + 4].node), (CHUNK as u32, n as u32 - 1));
        assert_eq!((steps.get(n), steps.first().map(|s| s.node)), (None, Some(0)));
        steps[CHUNK + 1].depth = 3;
        assert_eq!(steps.get(CHUNK + 1).map(|s| s.depth), Some(3));
        steps.get_mut(1).expect("a step").depth = 4;
        assert_eq!(steps[1].depth, 4);
        assert_eq!(steps.last().map(|s| s.node), Some(n as u32 - 1));
        steps.truncate(CHUNK + 1);
        assert_eq!(nodes(&steps), (0..=CHUNK as u32).collect::<Vec<_>>());
        assert_eq!(steps.pop().map(|s| s.node), Some(CHUNK as u32));
        assert_eq!((steps.len(), steps.last().map(|s| s.node)), (CHUNK, Some(CHUNK as u32 - 1)));
        steps.push(step(7));
        assert_eq!((steps.len(), steps[CHUNK].node), (CHUNK + 1, 7));
        steps.truncate(CHUNK);
        assert_eq!((steps.len(), steps.last().map(|s| s.node)), (CHUNK, Some(CHUNK as u32 - 1)));
        steps.clear();
        assert!(steps.is_empty() && steps.iter().next().is_none() && steps.last().is_none());
        assert_eq!(steps.pop(), None);
    }

    #[test]
    fn keep_from_leaves_the_newest_steps_in_order() {
        for (n, from) in
            [(10, 3), (CHUNK + 7, 2), (2 * CHUNK + 5, CHUNK + 1), (CHUNK + 3, CHUNK + 1)]
        {
            let mut steps: Steps = (0..n).map(step).collect();
            steps.keep_from(from);
            assert_eq!(
                nodes(&steps),
                (from as u32..n as u32).collect::<Vec<_>>(),
                "{n} from {from}"
            );
            steps.push(step(n));
            assert_eq!(steps.len(), n - from + 1);
        }
        let mut steps: Steps = (0..4).map(step).collect();
        steps.keep_from(0);
        assert_eq!(steps.len(), 4);
        steps.keep_from(4);
        assert!(steps.is_empty());
    }

    #[test]
    fn keep_last_leaves_the_newest_step_alone() {
        let mut steps: Steps = (0..CHUNK + 2).map(step).collect();
        assert_eq!(steps.keep_last().map(|s| s.node), Some(CHUNK as u32 + 1));
        assert_eq!((steps.len(), steps[0].node), (1, CHUNK as u32 + 1));
        steps.push(step(9));
        assert_eq!(nodes(&steps), [CHUNK as u32 + 1, 9]);
        assert!(Steps::default().keep_last().is_none());
    }
}
