//! The session's breakpoints: on actions (by id, name, `Container/Name`), optionally with a
//! condition, and on conditions alone, which stop where they turn true.
//!
//! A condition that stays true does not stop every step: `break if` remembers whether its
//! condition was true at the previous position, and stops only on a change from not true to
//! true. At most [`MAX_BREAKPOINTS`].
//!
//! An editor's breakpoints (the DAP server's) are the same, grouped by where they were set
//! (a source file, or the function breakpoints), each group replaced whole as the protocol
//! sets them; they may also count their hits (a hit condition: stop at the Nth) and log
//! instead of stopping (a log point: its message, `{expressions}` filled in, is kept for the
//! front end to show).

use super::show;
use flowsim_project::engine::Stepper;
use flowsim_project::expr::{Expr, Value};
use flowsim_project::flow::{FlowIdx, NodeIdx, Registry, Version};
use flowsim_project::util::Cut;
use std::fmt::Write as _;

/// The most breakpoints a session keeps.
pub const MAX_BREAKPOINTS: usize = 100;

/// The breakpoints, in the order they were made; ids are never reused in a session.
#[derive(Default)]
pub struct Breakpoints {
    list: Vec<Breakpoint>,
    last_id: usize,
    /// The exception breakpoints an editor set.
    pub catch: Catch,
}

struct Breakpoint {
    id: usize,
    /// As typed after `break`, for `breaks` and for the stop message.
    text: String,
    on: On,
    /// The group an editor set it in (a source file's path, `function`); `None`: the REPL's.
    group: Option<String>,
    /// Stop only at the hits this allows (counted while its place and condition hold).
    hit: Option<HitCondition>,
    hits: usize,
    /// A log point's message: said (its `{expressions}` filled in), never stopping.
    log: Option<String>,
}

/// When a breakpoint's hit count lets it stop: `N` or `== N` (the Nth hit), `>= N`, `> N`,
/// `< N`, `<= N`, `% N` (every Nth).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HitCondition {
    op: HitOp,
    n: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum HitOp {
    Eq,
    Ge,
    Gt,
    Lt,
    Le,
    Every,
}

impl HitCondition {
    /// Reads `>= 3`, `3`, `% 2`.
    ///
    /// # Errors
    /// Text that is not an operator and a count (1, 2, ...).
    pub fn parse(text: &str) -> Result<HitCondition, String> {
        let t = text.trim();
        let (op, rest) = [
            (">=", HitOp::Ge),
            ("<=", HitOp::Le),
            ("==", HitOp::Eq),
            (">", HitOp::Gt),
            ("<", HitOp::Lt),
            ("%", HitOp::Every),
            ("=", HitOp::Eq),
        ]
        .iter()
        .find_map(|(p, op)| t.strip_prefix(p).map(|r| (*op, r)))
        .unwrap_or((HitOp::Eq, t));
        let n = rest.trim().parse::<usize>().ok().filter(|&n| n > 0 || op != HitOp::Every);
        n.map(|n| HitCondition { op, n }).ok_or_else(|| {
            format!(
                "hit condition `{text}`: write a count, or an operator and a count                  (`3`, `>= 3`, `> 2`, `< 4`, `<= 3`, `% 2`)"
            )
        })
    }

    fn allows(self, hits: usize) -> bool {
        let n = self.n;
        match self.op {
            HitOp::Eq => hits == n,
            HitOp::Ge => hits >= n,
            HitOp::Gt => hits > n,
            HitOp::Lt => hits < n,
            HitOp::Le => hits <= n,
            HitOp::Every => hits.is_multiple_of(n),
        }
    }
}

/// An editor's breakpoint, as [`Breakpoints::add_places`] takes it.
pub struct Spec {
    /// Shown where it stops.
    pub text: String,
    pub at: At,
    pub cond: Option<Expr>,
    pub hit: Option<HitCondition>,
    pub log: Option<String>,
}

/// Where an editor's breakpoint is.
pub enum At {
    /// Before any of these nodes.
    Places(Vec<(FlowIdx, NodeIdx)>),
    /// Before any of these steps (the steps taken before each): a recorded execution's
    /// actions, placed on the local steps they pair with.
    Steps(Vec<usize>),
}

/// Where a run stops on its own, beside its breakpoints: an editor's exception breakpoints.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Catch {
    /// After a step whose action took its failure path (its error exit, or the failure going
    /// on to the flow's error handling), before the run goes on.
    pub error_handling: bool,
    /// Before this step (the steps taken before it): where a recorded execution's run parts
    /// from its recording.
    pub divergence: Option<usize>,
}

/// What stopped the run by [`Catch`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Caught {
    /// The step just taken left its action by its failure path.
    ErrorHandling,
    /// The step about to run is where the run parts from its recording.
    Divergence,
}

enum On {
    /// Before any of these nodes (when the condition, if any, is true there).
    Nodes(Vec<(FlowIdx, NodeIdx)>, Option<Expr>),
    /// Before any of these steps (when the condition, if any, is true there).
    Steps(Vec<usize>, Option<Expr>),
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
        self.list.push(Breakpoint::new(id, text, On::Nodes(places, cond)));
        Ok(format!("breakpoint {id} at {}{when}\n", shown.join(", ")))
    }

    /// `break if COND`.
    pub fn add_if(&mut self, text: &str, cond: Expr) -> Result<String, String> {
        let id = self.room()?;
        self.last_id = id;
        self.list.push(Breakpoint::new(id, format!("if {text}"), On::If { cond, was: false }));
        Ok(format!("breakpoint {id}: before the step where {text} turns true\n"))
    }

    /// An editor's breakpoint in `group`: its id.
    ///
    /// # Errors
    /// When [`MAX_BREAKPOINTS`] are set.
    pub fn add_places(&mut self, group: &str, spec: Spec) -> Result<usize, String> {
        let id = self.room()?;
        self.last_id = id;
        let on = match spec.at {
            At::Places(places) => On::Nodes(places, spec.cond),
            At::Steps(steps) => On::Steps(steps, spec.cond),
        };
        let mut b = Breakpoint::new(id, spec.text, on);
        b.group = Some(group.to_owned());
        b.hit = spec.hit;
        b.log = spec.log;
        self.list.push(b);
        Ok(id)
    }

    /// Deletes the breakpoints of `group` (an editor sets a file's breakpoints whole).
    pub fn clear_group(&mut self, group: &str) {
        self.list.retain(|b| b.group.as_deref() != Some(group));
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
    /// is evaluated, so each knows whether it was true for the next step; a hit is counted,
    /// and a log point that holds pushes its message on `said` instead of stopping.
    pub fn hit(&mut self, stepper: &mut Stepper<'_, '_>, said: &mut Vec<String>) -> Option<usize> {
        let at = stepper.at()?;
        let mut hit = None;
        for b in &mut self.list {
            let holds = match &mut b.on {
                On::Nodes(places, cond) => {
                    places.contains(&at) && cond.as_ref().is_none_or(|c| is_true(stepper, c))
                }
                On::Steps(steps, cond) => {
                    steps.contains(&stepper.steps())
                        && cond.as_ref().is_none_or(|c| is_true(stepper, c))
                }
                On::If { cond, was } => {
                    let now = is_true(stepper, cond);
                    let turned = now && !*was;
                    *was = now;
                    turned
                }
            };
            if !holds {
                continue;
            }
            b.hits += 1;
            if b.hit.is_some_and(|h| !h.allows(b.hits)) {
                continue;
            }
            if let Some(message) = &b.log {
                said.push(interpolate(stepper, message));
            } else if hit.is_none() {
                hit = Some(b.id);
            }
        }
        hit
    }

    /// Whether a breakpoint on places (not a log point) would stop before the step about to
    /// run, its hit count aside: where `reverse continue` stops going back.
    pub fn would_stop(&self, stepper: &mut Stepper<'_, '_>) -> bool {
        let Some(at) = stepper.at() else { return false };
        self.list.iter().any(|b| match &b.on {
            On::Nodes(places, cond) => {
                b.log.is_none()
                    && places.contains(&at)
                    && cond.as_ref().is_none_or(|c| is_true(stepper, c))
            }
            On::Steps(steps, cond) => {
                b.log.is_none()
                    && steps.contains(&stepper.steps())
                    && cond.as_ref().is_none_or(|c| is_true(stepper, c))
            }
            On::If { .. } => false,
        })
    }

    /// What [`Catch`] stops the run for here, before the step about to run: the place the
    /// run parts from its recording, or the failure path the step just taken took.
    pub fn caught(&self, reg: &Registry, stepper: &Stepper<'_, '_>) -> Option<Caught> {
        stepper.at()?;
        if self.catch.divergence == Some(stepper.steps()) {
            return Some(Caught::Divergence);
        }
        if self.catch.error_handling {
            let last = stepper.last()?;
            let node = reg.flow(last.flow).graph(stepper.version())?.node(last.node);
            if flowsim_project::flow::edge::is_failure(node, last.edge) {
                return Some(Caught::ErrorHandling);
            }
        }
        None
    }

    /// Every breakpoint's hits counted from nothing (a run started over).
    pub fn reset_hits(&mut self) {
        for b in &mut self.list {
            b.hits = 0;
        }
    }
}

impl Breakpoint {
    fn new(id: usize, text: String, on: On) -> Breakpoint {
        Breakpoint { id, text, on, group: None, hit: None, hits: 0, log: None }
    }
}

/// The most a log point's message says.
const MAX_LOG_MESSAGE: usize = 4096;

/// A log point's message with each `{expression}` replaced by its value here (`{{` and `}}`
/// are braces); an expression that does not evaluate says why in its place.
fn interpolate(stepper: &mut Stepper<'_, '_>, message: &str) -> String {
    let mut out = String::new();
    let mut rest = message;
    while let Some(at) = rest.find(['{', '}']) {
        out.push_str(rest.cut(..at));
        let tail = rest.cut(at..);
        if tail.starts_with("{{") || tail.starts_with("}}") {
            out.push_str(tail.cut(..1));
            rest = tail.cut(2..);
            continue;
        }
        let Some(end) = tail.find('}').filter(|_| tail.starts_with('{')) else {
            out.push_str(tail.cut(..1));
            rest = tail.cut(1..);
            continue;
        };
        let text = tail.cut(1..end);
        let shown = match flowsim_project::expr::parse(text) {
            Ok(e) => match stepper.eval(&e) {
                Ok(v) => super::shown(&v),
                Err(err) => format!("<{}>", err.message),
            },
            Err(e) => format!("<{}>", e.message),
        };
        out.push_str(&shown);
        rest = tail.cut(end + 1..);
    }
    out.push_str(rest);
    if out.len() > MAX_LOG_MESSAGE {
        let mut cut = MAX_LOG_MESSAGE;
        while !out.is_char_boundary(cut) {
            cut -= 1;
        }
        out.truncate(cut);
        out.push('…');
    }
    out
}

fn is_true(stepper: &mut Stepper<'_, '_>, cond: &Expr) -> bool {
    matches!(stepper.eval(cond), Ok(Value::Bool(true)))
}

#[cfg(test)]
mod tests {
    use super::HitCondition;

    #[test]
    fn hit_conditions_read_as_editors_write_them() {
        let allows = |text: &str| -> Vec<usize> {
            let h = HitCondition::parse(text).expect(text);
            (1..=6).filter(|&n| h.allows(n)).collect()
        };
        assert_eq!(allows("3"), [3]);
        assert_eq!(allows(" == 3 "), [3]);
        assert_eq!(allows(">= 5"), [5, 6]);
        assert_eq!(allows("> 5"), [6]);
        assert_eq!(allows("< 3"), [1, 2]);
        assert_eq!(allows("<=2"), [1, 2]);
        assert_eq!(allows("% 2"), [2, 4, 6]);
        for bad in ["", "x", ">= -1", "% 0", "3 times"] {
            let e = HitCondition::parse(bad).unwrap_err();
            assert!(e.contains("`>= 3`"), "{bad}: {e}");
        }
    }
}
