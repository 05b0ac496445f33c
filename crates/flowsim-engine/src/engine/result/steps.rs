//! The trace's steps, kept in chunks of [`CHUNK`] steps: a long run's trace grows without ever
//! being copied to a larger block (a vector that doubles copies, and first touches, about twice
//! what it ends up holding), and a step's index finds it with a shift and a mask.

use super::Step;
use std::ops::{Index, IndexMut};

/// Steps a chunk holds (320 KB of 40-byte steps). The first chunk starts small and doubles up
/// to this, so that a short run (a test scenario's few dozen steps) takes little.
const SHIFT: u32 = 13;
const CHUNK: usize = 1 << SHIFT;
const MASK: usize = CHUNK - 1;

/// A run's steps, in order, by index.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Steps {
    /// Every chunk but the last holds [`CHUNK`] steps; the first stays, empty, once steps were
    /// pushed and then all removed.
    chunks: Vec<Vec<Step>>,
    len: usize,
}

impl Steps {
    #[inline]
    pub fn len(&self) -> usize {
        self.len
    }

    #[inline]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Room for `n` steps in the first chunk (at most a chunk's).
    pub fn reserve(&mut self, n: usize) {
        if self.chunks.is_empty() {
            self.chunks.push(Vec::with_capacity(n.min(CHUNK)));
        }
    }

    #[inline]
    pub fn push(&mut self, step: Step) {
        match self.chunks.last_mut() {
            Some(last) if last.len() < CHUNK => last.push(step),
            _ => self.new_chunk(step),
        }
        self.len += 1;
    }

    #[cold]
    #[inline(never)]
    fn new_chunk(&mut self, step: Step) {
        let mut chunk = if self.chunks.is_empty() { Vec::new() } else { Vec::with_capacity(CHUNK) };
        chunk.push(step);
        self.chunks.push(chunk);
    }

    pub fn pop(&mut self) -> Option<Step> {
        let last = self.chunks.last_mut()?;
        let step = last.pop();
        // The first chunk stays, empty, for the next push: a streamed run empties the trace
        // after every step.
        if last.is_empty() && self.chunks.len() > 1 {
            self.chunks.pop();
        }
        self.len -= usize::from(step.is_some());
        step
    }

    /// Keeps only the last step, now the first: what a streamed run keeps of its trace once
    /// the steps were written.
    pub fn keep_last(&mut self) -> Option<&mut Step> {
        if self.len > CHUNK {
            let last = self.pop()?;
            self.clear();
            self.push(last);
        } else {
            let first = self.chunks.first_mut()?;
            let last = first.len().checked_sub(1)?;
            first.swap(0, last);
            first.truncate(1);
            self.len = 1;
        }
        self.last_mut()
    }

    /// Keeps the first `len` steps.
    pub fn truncate(&mut self, len: usize) {
        if len >= self.len {
            return;
        }
        let chunks = len.div_ceil(CHUNK).max(1);
        self.chunks.truncate(chunks);
        if let Some(last) = self.chunks.last_mut() {
            last.truncate(len - (chunks - 1) * CHUNK);
        }
        self.len = len;
    }

    pub fn clear(&mut self) {
        self.truncate(0);
    }

    #[inline]
    pub fn get(&self, index: usize) -> Option<&Step> {
        self.chunks.get(index >> SHIFT)?.get(index & MASK)
    }

    #[inline]
    pub fn get_mut(&mut self, index: usize) -> Option<&mut Step> {
        self.chunks.get_mut(index >> SHIFT)?.get_mut(index & MASK)
    }

    #[inline]
    pub fn first(&self) -> Option<&Step> {
        self.get(0)
    }

    #[inline]
    pub fn last(&self) -> Option<&Step> {
        self.chunks.last()?.last()
    }

    #[inline]
    pub fn last_mut(&mut self) -> Option<&mut Step> {
        self.chunks.last_mut()?.last_mut()
    }

    pub fn iter(&self) -> Iter<'_> {
        Iter { chunks: self.chunks.iter(), chunk: [].iter(), left: self.len }
    }
}

impl Index<usize> for Steps {
    type Output = Step;

    #[inline]
    fn index(&self, index: usize) -> &Step {
        &self.chunks[index >> SHIFT][index & MASK]
    }
}

impl IndexMut<usize> for Steps {
    #[inline]
    fn index_mut(&mut self, index: usize) -> &mut Step {
        &mut self.chunks[index >> SHIFT][index & MASK]
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
    chunks: std::slice::Iter<'a, Vec<Step>>,
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
            self.chunk = self.chunks.next()?.iter();
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

    #[test]
    fn steps_across_chunks_keep_their_order_and_indexes() {
        let n = 2 * CHUNK + 5;
        let mut steps: Steps = (0..n).map(step).collect();
        assert_eq!(steps.len(), n);
        assert!(steps.iter().enumerate().all(|(i, s)| s.node == i as u32));
        assert_eq!(steps.iter().len(), n);
        assert_eq!(steps[CHUNK].node, CHUNK as u32);
        assert_eq!(steps.get(n), None);
        steps[CHUNK + 1].depth = 3;
        assert_eq!(steps.get(CHUNK + 1).map(|s| s.depth), Some(3));
        assert_eq!(steps.last().map(|s| s.node), Some(n as u32 - 1));
        steps.truncate(CHUNK + 1);
        assert_eq!((steps.len(), steps.last().map(|s| s.node)), (CHUNK + 1, Some(CHUNK as u32)));
        assert_eq!(steps.pop().map(|s| s.node), Some(CHUNK as u32));
        assert_eq!(steps.last().map(|s| s.node), Some(CHUNK as u32 - 1));
        steps.push(step(7));
        assert_eq!((steps.len(), steps[CHUNK].node), (CHUNK + 1, 7));
        steps.clear();
        assert!(steps.is_empty() && steps.iter().next().is_none() && steps.last().is_none());
        assert_eq!(steps.pop(), None);
        steps.push(step(9));
        assert_eq!((steps.len(), steps.last().map(|s| s.node), steps[0].node), (1, Some(9), 9));
        assert_eq!(steps.pop().map(|s| s.node), Some(9));
        assert!(steps.is_empty() && steps.chunks.len() == 1, "the first chunk is kept");
        let mut steps: Steps = (0..CHUNK + 2).map(step).collect();
        assert_eq!(steps.keep_last().map(|s| s.node), Some(CHUNK as u32 + 1));
        assert_eq!((steps.len(), steps[0].node), (1, CHUNK as u32 + 1));
    }
}
