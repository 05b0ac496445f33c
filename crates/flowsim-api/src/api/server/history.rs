//! What a live session keeps to re-run itself (`sessions`): its start request, the inputs
//! delivered since, and the variable updates, and the bytes all that holds.
//!
//! A session is re-run from the start on every change, so it must keep what it was told; it
//! need not keep what was overwritten before anything could read it. Updates made while the
//! flow waits at one input are one event (`{"when": {"input": N}, "set": {...}}`): a later
//! value of a variable replaces the earlier one there, which is freed. Nothing runs between two
//! updates at the same wait, so the merged event writes what the updates wrote, in the order
//! their last writes came.
//!
//! Invariants: [`History::bytes`] is the JSON text of the start request plus that of each
//! input and update event kept (what `Limits::max_kept_bytes` and `Limits::max_session_bytes`
//! are charged); a history is never changed in place: a change makes the next history
//! ([`History::with_input`], [`History::with_update`]), which the session keeps only once its
//! run succeeded and its bytes fit.

use super::store::json_len;
use crate::engine::events::{RunEvent, When};
use crate::engine::{InputEntry, RunRequest};
use indexmap::IndexMap;
use serde_json::{json, Value as J};

#[derive(Debug, Clone)]
pub(super) struct History {
    /// What a re-run runs: the start request, the inputs delivered appended to its `inputs`,
    /// its `events` followed by the updates (one event per wait).
    request: RunRequest,
    /// How many of `request.events` the start request brought.
    start_events: usize,
    bytes: usize,
}

impl History {
    pub fn new(request: RunRequest) -> History {
        History { bytes: json_len(&request), start_events: request.events.len(), request }
    }

    /// The request that re-runs the conversation so far.
    pub fn request(&self) -> &RunRequest {
        &self.request
    }

    /// The JSON bytes kept.
    pub fn bytes(&self) -> usize {
        self.bytes
    }

    /// Inputs (the start request's too) and update events kept: what
    /// `Limits::max_session_inputs` bounds.
    pub fn changes(&self) -> usize {
        self.request.inputs.len() + self.updates().len()
    }

    /// The inputs delivered, the start request's first.
    pub fn inputs(&self) -> &[InputEntry] {
        &self.request.inputs
    }

    /// Whether an update for the input before `before_input` would add an event (rather than
    /// merge into the last one).
    pub fn adds_event(&self, before_input: u32) -> bool {
        self.updates().last().is_none_or(|e| e.when.input != Some(before_input))
    }

    /// This history and one more input.
    pub fn with_input(&self, entry: InputEntry) -> History {
        let mut next = self.clone();
        // A comma and the entry's text, as the request's JSON would grow.
        next.bytes += 1 + json_len(&entry);
        next.request.inputs.push(entry);
        next
    }

    /// This history and an update of `set` before input `before_input` (1-based): merged into
    /// the last update when that one is at the same input (each variable `set` writes leaves
    /// its earlier value there), else a new event.
    pub fn with_update(&self, before_input: u32, set: IndexMap<String, J>) -> History {
        let mut next = self.clone();
        if next.adds_event(before_input) {
            let event = RunEvent {
                when: When { input: Some(before_input), ..When::default() },
                set,
                queue: None,
                data_action: None,
                digits: None,
                agent_answers: None,
            };
            next.bytes += 1 + json_len(&event);
            next.request.events.push(event);
            return next;
        }
        let last = next.request.events.last_mut().expect("an update event to merge into");
        let before = json_len(last);
        for (name, value) in set {
            // Removed, then appended: the merged event writes in the order of the last writes.
            last.set.shift_remove(&name);
            last.set.insert(name, value);
        }
        next.bytes = next.bytes - before + json_len(last);
        next
    }

    fn updates(&self) -> &[RunEvent] {
        &self.request.events[self.start_events..]
    }

    /// The updates as a session shows them: `[{beforeInput, variables}]`, one per wait, each
    /// variable with the last value written there.
    pub fn updates_json(&self) -> J {
        J::Array(
            self.updates()
                .iter()
                .map(|e| json!({"beforeInput": e.when.input, "variables": e.set}))
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn start() -> History {
        History::new(
            serde_json::from_value(json!({"flowName": "F", "inputs": ["1"], "events": [
                {"when": {"input": 2}, "set": {"Flow.a": "start"}}
            ]}))
            .unwrap(),
        )
    }

    fn set(pairs: &[(&str, &str)]) -> IndexMap<String, J> {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), J::from(*v))).collect()
    }

    /// The start request's one input.
    const START_INPUTS: usize = 1;

    #[track_caller]
    fn charged_as_written(h: &History) {
        let parts =
            json_len(&RunRequest {
                inputs: h.request.inputs[..START_INPUTS].to_vec(),
                events: h.request.events[..h.start_events].to_vec(),
                ..h.request.clone()
            }) + h.request.inputs[START_INPUTS..].iter().map(|i| 1 + json_len(i)).sum::<usize>()
                + h.updates().iter().map(|e| 1 + json_len(e)).sum::<usize>();
        assert_eq!(h.bytes(), parts);
    }

    #[test]
    fn updates_at_one_wait_are_one_event_holding_the_last_values() {
        let h = start()
            .with_update(2, set(&[("Flow.a", "x".repeat(1000).as_str()), ("Flow.b", "1")]))
            .with_update(2, set(&[("Flow.a", "y")]))
            .with_update(2, set(&[("Flow.a", "z")]));
        assert_eq!(
            h.updates_json(),
            json!([{"beforeInput": 2, "variables": {"Flow.b": "1", "Flow.a": "z"}}])
        );
        assert_eq!(h.changes(), 2, "one input and one update event");
        assert!(h.bytes() < 200, "the 1,000-byte value is freed: {}", h.bytes());
        charged_as_written(&h);
        // The start request's own event at that input is never merged into.
        assert_eq!(h.request().events[0].set["Flow.a"], J::from("start"));
    }

    #[test]
    fn an_input_between_updates_starts_a_new_event() {
        let h = start()
            .with_update(2, set(&[("Flow.a", "1")]))
            .with_input(InputEntry::Text("2".into()))
            .with_update(3, set(&[("Flow.a", "2")]));
        assert_eq!(
            h.updates_json(),
            json!([{"beforeInput": 2, "variables": {"Flow.a": "1"}},
                   {"beforeInput": 3, "variables": {"Flow.a": "2"}}])
        );
        assert_eq!((h.changes(), h.inputs().len() - START_INPUTS), (4, 1));
        charged_as_written(&h);
    }

    #[test]
    fn a_change_leaves_the_history_it_came_from_as_it_was() {
        let h = start();
        let bytes = h.bytes();
        let _ = h.with_update(2, set(&[("Flow.a", "x")])).with_input(InputEntry::Text("1".into()));
        assert_eq!((h.bytes(), h.changes()), (bytes, 1));
    }
}
