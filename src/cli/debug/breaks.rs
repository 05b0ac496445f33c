//! The session's breakpoints: on actions (by id, name, `Container/Name`), optionally with a
//! condition, and on conditions alone, which stop where they turn true.
//!
//! A condition that stays true does not stop every step: `break if` remembers whether its
//! condition was true at the previous position, and stops only on a change from not true to
//! true. At most [`MAX_BREAKPOINTS`].

use super::show;
use flowsim::engine::Stepper;
use flowsim::expr::{Expr, Value};
use flowsim::flow::{FlowIdx, NodeIdx, Registry, Version};
use std::fmt::Write as _;

/// The most breakpoints a session keeps.
pub const MAX_BREAKPOINTS: usize = 100;

/// The breakpoints, in the order they were made; ids are never reused in a session.
#[derive(Default)]
pub struct Breakpoints {
    list: Vec<Breakpoint>,
    last_id: usize,
}

struct Breakpoint {
    id: usize,
    /// As typed after `break`, for `breaks` and for the stop message.
    text: String,
    on: On,
}

enum On {
    /// Before any of these nodes (when the condition, if any, is true there).
    Nodes(Vec<(FlowIdx, NodeIdx)>, Option<Expr>),
    /// Where the condition turns true; `was`: whether it was true at the previous position.
    If { cond: Expr, was: bool },
}

impl Breakpoints {
    fn room(&self) -> Result<usize, String> {
        if self.list.len() >= MAX_BREAKPOINTS {
            return Err(format!("{MAX_BREAKPOINTS} breakpoints is the most; `delete N` one"));
        }
        Ok(self.last_id + 1)
    }

    /// `break NAME [if COND]`: every action `name` names, in every flow.
    pub fn add_at(
        &mut self,
        reg: &Registry,
        version: Version,
        name: &str,
        cond: Option<(&str, Expr)>,
    ) -> Result<String, String> {
        let id = self.room()?;
        let places = super::places::find(reg, version, name)?;
        let shown: Vec<String> = places
            .iter()
            .map(|&(f, n)| format!("{} › {}", reg.flow(f).name, show::placed(reg, version, f, n)))
            .collect();
        let (text, when, cond) = match cond {
            Some((c, e)) => (format!("{name} if {c}"), format!(" when {c}"), Some(e)),
            None => (name.to_owned(), String::new(), None),
        };
        self.last_id = id;
        self.list.push(Breakpoint { id, text, on: On::Nodes(places, cond) });
        Ok(format!("breakpoint {id} at {}{when}\n", shown.join(", ")))
    }

    /// `break if COND`.
    pub fn add_if(&mut self, text: &str, cond: Expr) -> Result<String, String> {
        let id = self.room()?;
        self.last_id = id;
        self.list.push(Breakpoint {
            id,
            text: format!("if {text}"),
            on: On::If { cond, was: false },
        });
        Ok(format!("breakpoint {id}: before the step where {text} turns true\n"))
    }

    /// `breaks`.
    pub fn listed(&self) -> String {
        if self.list.is_empty() {
            return "no breakpoints\n".into();
        }
        self.list.iter().fold(String::new(), |mut out, b| {
            let _ = writeln!(out, "{:>3}  {}", b.id, b.text);
            out
        })
    }

    /// `delete N`, or `delete` (all).
    pub fn delete(&mut self, id: Option<usize>) -> Result<String, String> {
        let Some(id) = id else {
            let n = self.list.len();
            self.list.clear();
            return Ok(format!("deleted {n} breakpoint(s)\n"));
        };
        let Some(i) = self.list.iter().position(|b| b.id == id) else {
            return Err(format!("no breakpoint {id}: `breaks` lists them"));
        };
        self.list.remove(i);
        Ok(format!("deleted breakpoint {id}\n"))
    }

    /// What breakpoint `id` was made with.
    pub fn text(&self, id: usize) -> &str {
        self.list.iter().find(|b| b.id == id).map_or("", |b| &b.text)
    }

    /// Conditions as they are where a motion starts: one already true there stops only once it
    /// turns false and true again. `fresh`: the motion starts the run over (`run`), where every
    /// condition counts as not yet true.
    pub fn watch_from_here(&mut self, stepper: &mut Stepper<'_, '_>, fresh: bool) {
        for b in &mut self.list {
            if let On::If { cond, was } = &mut b.on {
                *was = !fresh && is_true(stepper, cond);
            }
        }
    }

    /// The first breakpoint that stops the run before the step about to run. Every condition
    /// is evaluated, so each knows whether it was true for the next step.
    pub fn hit(&mut self, stepper: &mut Stepper<'_, '_>) -> Option<usize> {
        let at = stepper.at()?;
        let mut hit = None;
        for b in &mut self.list {
            let stops = match &mut b.on {
                On::Nodes(places, cond) => {
                    places.contains(&at) && cond.as_ref().is_none_or(|c| is_true(stepper, c))
                }
                On::If { cond, was } => {
                    let now = is_true(stepper, cond);
                    let turned = now && !*was;
                    *was = now;
                    turned
                }
            };
            if stops && hit.is_none() {
                hit = Some(b.id);
            }
        }
        hit
    }
}

fn is_true(stepper: &mut Stepper<'_, '_>, cond: &Expr) -> bool {
    matches!(stepper.eval(cond), Ok(Value::Bool(true)))
}
