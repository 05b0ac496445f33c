//! The step's side of events from outside (`engine::events` holds them, prepared): firing
//! those due before a step or at an input, and pausing a run that needs an input the request
//! does not give (`RunOptions::pause_for_input`).

use super::Cx;
use crate::engine::events::Trigger;
use crate::engine::result::{WaitKind, WaitPoint};
use std::sync::Arc;

impl Cx<'_, '_> {
    /// Fires event `i`: variables, queue figures, data actions, digits.
    fn fire(&mut self, i: usize) {
        let e = &mut self.input.live.events[i];
        e.fired = true;
        let set = std::mem::take(&mut e.set);
        let queue = e.queue.take();
        let data_action = e.data_action.take();
        let digits = e.digits.take();
        if let Some(agent) = e.agent.take() {
            self.input.live.answered = Some(agent);
        }
        for (name, value) in set {
            self.flowing.vars.set(&crate::util::fold_case(&name), &name, value);
        }
        if let Some(q) = queue {
            self.input.live.queues.push(q);
        }
        if let Some(d) = data_action {
            self.input.live.data_actions.push(d);
        }
        if let Some(d) = digits {
            let at = self.input.heard.next.min(self.input.heard.inputs.len());
            self.input
                .heard
                .inputs
                .insert(at, crate::engine::request::Input::Digits { digits: d, delay_ms: 0 });
        }
        self.input.live.fired.push((i as u32, self.step.trace.len() as u32));
    }

    /// Before each step: events on a step count or a time.
    pub(in crate::engine) fn fire_timed(&mut self) {
        for i in 0..self.input.live.events.len() {
            let e = &self.input.live.events[i];
            if e.fired {
                continue;
            }
            let due = match e.trigger {
                Trigger::AfterStep(n) => self.step.trace.len() as u64 >= n,
                Trigger::Time(t) => self.clock.now >= t,
                _ => false,
            };
            if due {
                self.fire(i);
            }
        }
    }

    /// The run is about to take an input: events waiting there fire first; with nothing left
    /// to take and `pause_for_input`, the run waits (and `true` says so: the caller takes
    /// nothing and lets no time pass).
    pub(in crate::engine) fn before_input(&mut self, kind: WaitKind) -> bool {
        let step = self.step.trace.len().saturating_sub(1);
        let (flow, node) = match self.step.trace.get(step) {
            Some(s) => (s.flow, s.node),
            None => return false,
        };
        if self.input.live.checked == Some((self.step.trace.len(), self.input.heard.next)) {
            return self.input.live.waiting.is_some();
        }
        self.input.live.checked = Some((self.step.trace.len(), self.input.heard.next));
        let n = self.flowing.frame().graph.node(node);
        let (id, name) = (crate::util::fold_case(&n.id), crate::util::fold_case(&n.name));
        for i in 0..self.input.live.events.len() {
            if self.input.live.events[i].fired {
                continue;
            }
            let due = match &self.input.live.events[i].trigger {
                Trigger::WaitingAt { key, visit } if **key == *id || **key == *name => {
                    self.input.live.visits[i] += 1;
                    self.input.live.visits[i] == *visit
                }
                Trigger::Input(k) => *k as usize == self.input.heard.next,
                _ => false,
            };
            if due {
                self.fire(i);
            }
        }
        if self.input.live.pause_for_input
            && self.input.heard.next >= self.input.heard.inputs.len()
            && self.input.live.waiting.is_none()
        {
            let n = self.flowing.frame().graph.node(node);
            let container = self.run.reg.flow(flow).arch.containers.get(n.container as usize);
            self.input.live.waiting = Some(WaitPoint {
                flow,
                node,
                id: Arc::clone(&n.id),
                name: Arc::clone(&n.name),
                container: container.map(|c| Arc::clone(&c.name)),
                kind,
                input: self.input.heard.next,
            });
            self.input.live.waiting_step = step;
            self.input.live.waiting_mark =
                (self.step.rec.prompts.len(), self.talk.arch.transcript.len(), self.clock.now);
        }
        self.input.live.waiting.is_some()
    }
}
