//! What steps read: the references a step's expressions read and the values they got,
//! captured by `Scope` while the step runs, when the run keeps them for its result
//! (`RunOptions::record_reads`, [`RunResult::reads_of`](super::RunResult::reads_of)) or its
//! observer wants them (`Observer::wants_reads`, handed over in `Ran::reads`).
//!
//! Zero cost otherwise: a scope reads without recording, and a step pays one branch.

use super::result::Reads;
use crate::expr::Value;
use std::sync::Arc;

/// The machine's part that records reads.
#[derive(Debug, Default)]
pub(super) struct ReadLog {
    /// Whether scopes record what they read.
    pub capture: bool,
    /// Whether every step's reads are kept for the result.
    keep: bool,
    /// The current step's reads, each distinct path once.
    pub step: Vec<(Arc<str>, Value)>,
    /// Per step index, what it read (steps that read nothing are left out).
    kept: Vec<(u32, Reads)>,
}

impl ReadLog {
    /// Records reads when the result keeps them (`keep`) or an observer wants them.
    pub fn new(keep: bool, observed: bool) -> Self {
        ReadLog { capture: keep || observed, keep, ..ReadLog::default() }
    }

    /// Step `index` ran: keep its reads when the result wants them.
    #[inline]
    pub fn after_step(&mut self, index: usize) {
        if self.keep && !self.step.is_empty() {
            let reads = std::mem::take(&mut self.step).into_boxed_slice();
            self.kept.push((index as u32, reads));
        }
    }

    /// What step `index`, the last that ran, read (what the observer is handed).
    pub fn of_last(&self, index: usize) -> &[(Arc<str>, Value)] {
        if !self.keep {
            return &self.step;
        }
        match self.kept.last() {
            Some((i, reads)) if *i as usize == index => reads,
            _ => &[],
        }
    }

    /// The observer was handed the last step's reads: a log that keeps none starts afresh.
    pub fn observed(&mut self) {
        if !self.keep {
            self.step.clear();
        }
    }

    /// Every step's reads, for the result.
    pub fn into_kept(self) -> Vec<(u32, Reads)> {
        self.kept
    }
}
