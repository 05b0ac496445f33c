//! The run's trace: all of it, or, when an observer takes it (a streamed run,
//! `engine::Run::stream`), a window, so that memory stays flat however many steps the run
//! takes; and the batch that hands the steps to the run's observer (`engine::observe`).
//!
//! After each step the machine hands the observer the step that ran and the calls that
//! returned since (innermost first: a call's record is final once its callee returned). When
//! the observer takes the trace, the steps it was handed are then dropped: indexes stay
//! absolute (frames, reusable tasks and inputs name steps by their index in the whole run), the
//! steps before `base` are gone except the calls still open (`held`: a Flow node, Call Task,
//! Call Common Module, Call Bot Flow whose callee has not returned, at most one per frame or
//! task), the last step is kept (what the machine reads of where the run is), and the stores
//! (set values, writes, step values, queues, figures, errors, inputs, prompts) drop what no held
//! step still needs, moving the held steps' indexes down. A run that keeps its trace never
//! drops anything: `base` stays 0.
//!
//! An observer [in order](Observer::in_order) (the JSON trace written as the run goes) is
//! handed each step once it and every step before it are final, in the trace's order; the
//! trace then keeps the steps from the first not handed on (an open call and what ran since),
//! and the stores from the first item one of them needs, and never drops prompts. It is told
//! in batches ([`Trace::observe_due`]): once [`IN_ORDER_BATCH`] steps ran since it was last
//! told, or as many as the trace keeps if that is more (a long call still open keeps its
//! steps: each batch walks them, so the batches grow with them and the walks stay linear in
//! the run's steps), and at the end.

use super::observe::{Observer, Ran};
use super::result::{Edge, Step, Steps, StoreMarks, Stores, NO_INDEX};
use std::ops::{Index, IndexMut};

/// Steps an observer [in order](Observer::in_order) is told of together, at least (see the
/// module's documentation): its fixed cost a batch (the stores' view, the handed values moved,
/// what is dropped) spread over them, where it was paid each step. As many as the JSON trace's
/// writer thread takes at once (`json_trace.rs`), so that what the run wrote goes to it whole,
/// without a copy. A few in unit tests, so that their runs cross batches.
pub(super) const IN_ORDER_BATCH: usize = if cfg!(test) { 3 } else { 4096 };

/// The run's trace: all of it, or for a run whose observer takes it the steps not observed yet.
#[derive(Debug, Default)]
pub(super) struct Trace {
    steps: Steps,
    /// The index of `steps[0]` in the run.
    base: usize,
    /// Open calls before `base`, by index, oldest first.
    held: Vec<(usize, Step)>,
    /// Every step before this index was handed to the observer.
    observed: usize,
    /// Calls the observer saw open and not yet returned, oldest first (`pending` apart).
    open: Vec<usize>,
    /// The last step of the previous batch, when it was an open call: its return is told after
    /// the older calls'.
    pending: Option<usize>,
    /// Whether an observer takes the trace: steps are dropped once observed, and the result
    /// has no trace.
    forget: bool,
    /// Whether the observer takes it in the trace's order ([`Observer::in_order`]).
    in_order: bool,
    /// For an observer in order: the run's steps when it is to be told next.
    due: usize,
    /// Steps walked to drop what a batch handed (a unit test's measure of work).
    #[cfg(test)]
    walked: usize,
}

impl Trace {
    /// A trace an observer takes (see the module's documentation).
    pub fn forgetting() -> Self {
        Trace { forget: true, ..Trace::default() }
    }

    /// A trace an observer takes in the trace's order ([`Observer::in_order`]).
    pub fn forgetting_in_order() -> Self {
        Trace { forget: true, in_order: true, ..Trace::default() }
    }

    /// Whether the run's trace-bytes budget counts the bytes its observer wrote rather than
    /// what each step records: a trace taken, but not in order.
    #[inline]
    pub fn counts_written(&self) -> bool {
        self.forget && !self.in_order
    }

    /// Whether the run keeps its prompts whatever its observer takes (the result written in
    /// order lists them).
    #[inline]
    pub fn keeps_prompts(&self) -> bool {
        !self.forget || self.in_order
    }

    /// Whether the observer is to be told of the steps now, after a step: each step, or for an
    /// observer in order once a batch waits (see the module's documentation).
    #[inline]
    pub fn observe_due(&self) -> bool {
        !self.in_order || self.len() >= self.due
    }

    /// Steps the run took.
    #[inline]
    pub fn len(&self) -> usize {
        self.base + self.steps.len()
    }

    #[inline]
    pub fn push(&mut self, step: Step) {
        self.steps.push(step);
    }

    #[inline]
    pub fn last(&self) -> Option<&Step> {
        self.steps.last()
    }

    #[inline]
    pub fn last_mut(&mut self) -> Option<&mut Step> {
        self.steps.last_mut()
    }

    pub fn get(&self, index: usize) -> Option<&Step> {
        if index >= self.base {
            self.steps.get(index - self.base)
        } else {
            self.held.iter().find(|(i, _)| *i == index).map(|(_, s)| s)
        }
    }

    pub fn reserve(&mut self, n: usize) {
        self.steps.reserve(n);
    }

    /// Forgets the steps from `len` on (a step that waited for an input has not happened).
    pub fn truncate(&mut self, len: usize) {
        self.steps.truncate(len.saturating_sub(self.base));
        self.observed = self.observed.min(self.len());
    }

    /// The whole trace, for the result: empty when an observer took it.
    pub fn into_steps(self) -> Steps {
        if self.forget {
            Steps::default()
        } else {
            self.steps
        }
    }

    #[cold]
    #[inline(never)]
    fn held(&self, index: usize) -> usize {
        self.held
            .iter()
            .position(|(i, _)| *i == index)
            .unwrap_or_else(|| panic!("step {index} was observed and dropped"))
    }
}

impl Index<usize> for Trace {
    type Output = Step;

    #[inline]
    fn index(&self, index: usize) -> &Step {
        if index >= self.base {
            &self.steps[index - self.base]
        } else {
            &self.held[self.held(index)].1
        }
    }
}

impl IndexMut<usize> for Trace {
    #[inline]
    fn index_mut(&mut self, index: usize) -> &mut Step {
        if index >= self.base {
            &mut self.steps[index - self.base]
        } else {
            let at = self.held(index);
            &mut self.held[at].1
        }
    }
}

/// The stores a forgetting trace drops from, borrowed mutably from the machine.
pub(super) struct StoresMut<'a, 'r> {
    pub prompts: &'a mut Vec<super::result::Prompt>,
    /// Prompts stay while the run keeps a transcript (the summary's transcript places them).
    pub keep_prompts: bool,
    pub writes: &'a mut Vec<(super::result::Name<'r>, crate::expr::Value)>,
    pub data: &'a mut super::result::StepData,
    pub inputs: &'a mut Vec<super::result::StepInput>,
}

impl StoresMut<'_, '_> {
    fn view<'a>(
        &'a self,
        registry: &'a crate::flow::Registry,
        version: crate::flow::Version,
    ) -> Stores<'a, 'a> {
        Stores {
            registry,
            version,
            prompts: self.prompts,
            writes: self.writes,
            data: self.data,
            inputs: self.inputs,
        }
    }
}

impl Trace {
    /// Hands `observer` the calls that returned since the last batch (innermost first) and the
    /// steps that ran (the newest one with `ran`); at the `end`, the calls still open, newest
    /// first. Then, when the observer takes the trace, drops what no call still open needs.
    /// The bytes the observer wrote; its error stops the batch.
    pub(super) fn observe<'r>(
        &mut self,
        observer: &mut dyn Observer<'r>,
        stores: &mut StoresMut<'_, 'r>,
        registry: &crate::flow::Registry,
        version: crate::flow::Version,
        ran: &Ran<'_>,
        end: bool,
    ) -> std::io::Result<u64> {
        if self.in_order {
            return self.observe_in_order(observer, stores, registry, version, ran, end);
        }
        let mut bytes = 0;
        let view = stores.view(registry, version);
        let mut i = self.open.len();
        while i > 0 {
            i -= 1;
            let at = self.open[i];
            if self[at].edge != Edge::Open {
                bytes += observer.returned(&view, &self[at], at)?;
                self.open.remove(i);
                if at < self.base {
                    let h = self.held(at);
                    self.held.remove(h);
                }
            }
        }
        if let Some(at) = self.pending.take() {
            if self[at].edge != Edge::Open || end {
                bytes += observer.returned(&view, &self[at], at)?;
            } else {
                self.open.push(at);
            }
        }
        let len = self.len();
        for at in self.observed..len {
            let step = &self[at];
            bytes += observer.step(&view, step, at, ran)?;
            if step.edge == Edge::Open {
                if at + 1 == len {
                    self.pending = Some(at);
                } else {
                    self.open.push(at);
                }
            }
        }
        self.observed = len;
        if end {
            if let Some(at) = self.pending.take() {
                bytes += observer.returned(&view, &self[at], at)?;
            }
            while let Some(at) = self.open.pop() {
                bytes += observer.returned(&view, &self[at], at)?;
            }
            return Ok(bytes);
        }
        if self.forget {
            self.forget_observed(stores);
        }
        Ok(bytes)
    }

    /// [`Trace::observe`] for an observer in order: the steps not handed yet, up to the first
    /// still open (at the `end`, every one), then what is no longer needed goes.
    fn observe_in_order<'r>(
        &mut self,
        observer: &mut dyn Observer<'r>,
        stores: &mut StoresMut<'_, 'r>,
        registry: &crate::flow::Registry,
        version: crate::flow::Version,
        ran: &Ran<'_>,
        end: bool,
    ) -> std::io::Result<u64> {
        let mut bytes = 0;
        let len = self.len();
        let view = stores.view(registry, version);
        let mut to = self.observed;
        while to < len && (end || self[to].edge != Edge::Open) {
            to += 1;
        }
        if to > self.observed {
            // Handed together: a window's steps are in one block, but for a long open call's.
            let from = self.observed;
            let skip = from - self.base;
            let given = if to == len && !end { self.steps.whole_mut() } else { None };
            if let Some(steps) = given {
                // Every step the run keeps is handed (the usual case): they go whole, the
                // observer may take them, and the last stays, only where it ran, as
                // `forget_in_order` would keep it.
                let last = steps.last().map(Step::place_only);
                let handed = observer.steps_given(&view, steps, skip, from, ran);
                steps.clear();
                steps.extend(last);
                self.base = len - 1;
                bytes += handed?;
            } else if let Some(steps) = self.steps.slice(skip..to - self.base) {
                bytes += observer.steps_in_order(&view, steps, from, ran)?;
            } else {
                for at in from..to {
                    bytes +=
                        observer.steps_in_order(&view, std::slice::from_ref(&self[at]), at, ran)?;
                }
            }
            self.observed = to;
        }
        if end {
            // The run's last values: the result has no trace that indexes them.
            observer.handed_writes(stores.writes);
        } else {
            self.forget_in_order(observer, stores);
        }
        self.due = self.len() + IN_ORDER_BATCH.max(self.steps.len());
        Ok(bytes)
    }

    /// Drops the steps handed but the last, and from the stores what the steps not handed
    /// yet do not need.
    fn forget_in_order<'r>(
        &mut self,
        observer: &mut dyn Observer<'r>,
        stores: &mut StoresMut<'_, 'r>,
    ) {
        let len = self.len();
        if self.observed == len {
            // Every step was handed (the usual case): the last stays, only where it ran.
            if let Some(last) = self.steps.keep_last() {
                *last = last.place_only();
                self.base = len - 1;
            }
            observer.handed_writes(stores.writes);
            stores.writes.clear();
            stores.data.errors.clear();
            stores.inputs.clear();
            return;
        }
        self.steps.keep_from(self.observed - self.base);
        self.base = self.observed;
        #[cfg(test)]
        {
            self.walked += self.steps.len();
        }
        let mut keep: StoreMarks = [0, stores.writes.len() as u32, stores.data.errors.len() as u32];
        for step in &self.steps {
            let marks = step.marks();
            for (k, m) in keep.iter_mut().zip(marks).skip(1) {
                if m != NO_INDEX {
                    *k = (*k).min(m);
                }
            }
        }
        let from = self.observed as u32;
        stores.inputs.retain(|i| i.step >= from);
        // What the steps handed wrote comes first: the observer may take it.
        let mut handed = if keep[1] == 0 {
            Vec::new()
        } else {
            stores.writes.drain(..keep[1] as usize).collect()
        };
        observer.handed_writes(&mut handed);
        stores.data.errors.drain(..keep[2] as usize);
        if keep.iter().any(|&k| k > 0) {
            for i in 0..self.steps.len() {
                self.steps[i].rebase(&keep);
            }
        }
    }

    /// Drops the observed steps but the last and the open calls, and from the stores what no
    /// open call needs.
    fn forget_observed(&mut self, stores: &mut StoresMut<'_, '_>) {
        let len = self.len();
        for &at in &self.open {
            if at >= self.base && at + 1 < len {
                self.held.push((at, self.steps[at - self.base].clone()));
            }
        }
        self.held.sort_unstable_by_key(|(i, _)| *i);
        // Keep the last step: finished, only where it ran; open, whole.
        if let Some(last) = self.steps.keep_last() {
            if last.edge != Edge::Open {
                *last = last.place_only();
            }
            self.base = len - 1;
        }
        self.drop_stores(stores);
    }

    /// Drops the front of each store up to the first item an open call still uses.
    fn drop_stores(&mut self, stores: &mut StoresMut<'_, '_>) {
        if self.held.is_empty() && self.steps.last().is_none_or(|s| s.edge != Edge::Open) {
            // Every step was observed (the usual case): nothing is needed.
            if !stores.keep_prompts {
                stores.prompts.clear();
            }
            stores.writes.clear();
            stores.data.errors.clear();
            stores.inputs.clear();
            return;
        }
        let lens = [stores.prompts.len(), stores.writes.len(), stores.data.errors.len()];
        let mut keep: StoreMarks = lens.map(|l| l as u32);
        let open_last = self.steps.last().filter(|s| s.edge == Edge::Open).map(|s| (self.base, s));
        let unwritten = || self.held.iter().map(|(i, s)| (*i, s)).chain(open_last);
        for (_, s) in unwritten() {
            for (k, m) in keep.iter_mut().zip(s.marks()) {
                if m != NO_INDEX {
                    *k = (*k).min(m);
                }
            }
        }
        // Inputs name their step: those of observed steps go.
        stores.inputs.retain(|i| unwritten().any(|(at, _)| at == i.step as usize));
        if stores.keep_prompts {
            keep[0] = 0;
        } else {
            stores.prompts.drain(..keep[0] as usize);
        }
        stores.data.errors.drain(..keep[2] as usize);
        // What the steps still to be written wrote stays, moved to the front in order: an open
        // call's record (a JSON Flow node's callee and outcome) sits before what the steps
        // after it wrote, which go.
        keep[1] = 0;
        let open = self.steps.last_mut().filter(|s| s.edge == Edge::Open);
        let mut kept = 0;
        for s in self.held.iter_mut().map(|(_, s)| s).chain(open) {
            kept = s.move_record(stores.writes, kept);
        }
        stores.writes.truncate(kept);
        if keep.iter().any(|&k| k > 0) {
            for (_, s) in &mut self.held {
                s.rebase(&keep);
            }
            if let Some(s) = self.steps.last_mut() {
                s.rebase(&keep);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{StoresMut, Trace};
    use crate::engine::observe::{Observed, Observer, Ran};
    use crate::engine::result::{Edge, Step, StepData, StepResult, Stores, NO_INDEX};
    use crate::expr::Value;
    use crate::flow::{Registry, Version};

    /// Records the indexes of the steps whose records are final, as a streamed trace writes
    /// them, and the values each step showed it wrote.
    #[derive(Default)]
    struct Recorder(Vec<(usize, Vec<Value>)>);

    impl Observer<'_> for Recorder {
        fn takes_trace(&self) -> bool {
            true
        }

        fn step(&mut self, s: &Stores<'_, '_>, step: &Step, index: usize, _: &Ran<'_>) -> Observed {
            if step.edge == Edge::Open {
                return Ok(0);
            }
            self.returned(s, step, index)
        }

        fn returned(&mut self, s: &Stores<'_, '_>, step: &Step, index: usize) -> Observed {
            self.0.push((index, s.written(step).iter().map(|(_, v)| v.clone()).collect()));
            Ok(1)
        }
    }

    struct Run {
        trace: Trace,
        values: Vec<(crate::engine::result::Name<'static>, Value)>,
        sink: Recorder,
    }

    impl Run {
        /// A step that sets `v`, finished (or an open call when `v` is `None`).
        fn step(&mut self, v: Option<i64>) -> usize {
            let mut s = Step::new(0, 0, 0);
            match v {
                Some(v) => {
                    let start = self.values.len() as u32;
                    s.result = StepResult::Action { start, len: 1, prompt: NO_INDEX, stub: 0 };
                    self.values
                        .push((crate::engine::result::Name::Borrowed("Flow.x"), Value::Int(v)));
                }
                None => s.edge = Edge::Open,
            }
            self.trace.push(s);
            self.trace.len() - 1
        }

        fn write(&mut self, end: bool) {
            let mut sink = std::mem::take(&mut self.sink);
            self.write_to(&mut sink, end);
            self.sink = sink;
        }

        fn write_to(&mut self, observer: &mut dyn Observer<'static>, end: bool) {
            let (mut prompts, mut data, mut inputs) = (Vec::new(), StepData::default(), Vec::new());
            let mut stores = StoresMut {
                prompts: &mut prompts,
                keep_prompts: false,
                writes: &mut self.values,
                data: &mut data,
                inputs: &mut inputs,
            };
            let registry = Registry::default();
            let ran = Ran { clock: 0, reads: &[], digits: None };
            self.trace
                .observe(observer, &mut stores, &registry, Version::Draft, &ran, end)
                .unwrap();
        }
    }

    #[test]
    fn finished_steps_are_observed_once_and_dropped_and_calls_when_they_return() {
        let mut r =
            Run { trace: Trace::forgetting(), values: Vec::new(), sink: Recorder::default() };
        r.step(Some(1));
        r.write(false);
        let call = r.step(None);
        r.write(false);
        r.step(Some(2));
        r.write(false);
        r.step(Some(3));
        r.write(false);
        assert_eq!(r.values.len(), 0, "observed steps' values are dropped");
        assert_eq!(r.trace.len(), 4, "indexes stay absolute");
        assert_eq!(r.trace[call].edge, Edge::Open, "the open call is held");
        r.trace[call].edge = Edge::Success;
        r.step(Some(4));
        r.write(false);
        r.write(true);
        let order: Vec<usize> = r.sink.0.iter().map(|(i, _)| *i).collect();
        assert_eq!(order, [0, 2, 3, 1, 4]);
        let values: Vec<Vec<Value>> = r.sink.0.iter().map(|(_, v)| v.clone()).collect();
        assert_eq!(values[0], [Value::Int(1)]);
        assert_eq!(values[2], [Value::Int(3)]);
        assert_eq!(values[4], [Value::Int(4)]);
        assert!(r.trace.into_steps().is_empty());
    }

    #[test]
    fn an_open_calls_record_stays_and_what_later_steps_wrote_goes() {
        let mut r =
            Run { trace: Trace::forgetting(), values: Vec::new(), sink: Recorder::default() };
        r.step(Some(1));
        r.write(false);
        let call = r.step(Some(2));
        r.trace[call].edge = Edge::Open;
        r.write(false);
        for v in 3..100 {
            r.step(Some(v));
            r.write(false);
            assert_eq!(r.values.len(), 1, "only the open call's record is kept");
        }
        r.trace[call].edge = Edge::Success;
        r.step(Some(100));
        r.write(false);
        assert!(r.values.is_empty());
        let call_shown = r.sink.0.iter().find(|(i, _)| *i == call).expect("the call returned");
        assert_eq!(call_shown.1, [Value::Int(2)], "its record as the call made it");
    }

    /// An observer in order, told when a batch is due: the work of dropping what each batch
    /// handed (steps walked) grows as the run's steps do, with a call open all along (its
    /// steps are kept until it returns, and each batch walks them), at 1x, 2x and 4x. Told
    /// after every step, as before batches, it grows with their square: the measure sees it.
    #[test]
    fn a_long_open_call_costs_work_linear_in_its_steps() {
        struct InOrder(Recorder);
        impl Observer<'_> for InOrder {
            fn takes_trace(&self) -> bool {
                true
            }
            fn in_order(&self) -> bool {
                true
            }
            fn step(&mut self, s: &Stores<'_, '_>, st: &Step, i: usize, r: &Ran<'_>) -> Observed {
                self.0.step(s, st, i, r)
            }
        }
        let walked = |steps: usize, every_step: bool| {
            let mut r = Run {
                trace: Trace::forgetting_in_order(),
                values: Vec::new(),
                sink: Recorder::default(),
            };
            let mut sink = InOrder(Recorder::default());
            let call = r.step(None);
            for v in 0..steps {
                r.step(Some(v as i64));
                if every_step || r.trace.observe_due() {
                    r.write_to(&mut sink, false);
                }
            }
            r.trace[call].edge = Edge::Success;
            r.write_to(&mut sink, true);
            assert_eq!(sink.0 .0.len(), steps + 1, "every step handed once");
            r.trace.walked
        };
        let n = 2_000;
        let batched = [walked(n, false), walked(2 * n, false), walked(4 * n, false)];
        assert!(
            batched[1] <= 2 * batched[0] + n && batched[2] <= 2 * batched[1] + 2 * n,
            "linear in the steps: {batched:?}"
        );
        assert!(batched[2] <= 4 * 4 * n, "a few walks a step: {batched:?}");
        let each = [walked(n, true), walked(2 * n, true)];
        assert!(each[1] > 3 * each[0], "told each step, the work grows with the square: {each:?}");
    }

    #[test]
    fn a_call_still_open_at_the_end_is_observed_last() {
        let mut r =
            Run { trace: Trace::forgetting(), values: Vec::new(), sink: Recorder::default() };
        r.step(None);
        r.write(false);
        r.step(Some(1));
        r.write(false);
        r.write(true);
        let order: Vec<usize> = r.sink.0.iter().map(|(i, _)| *i).collect();
        assert_eq!(order, [1, 0]);
    }
}
