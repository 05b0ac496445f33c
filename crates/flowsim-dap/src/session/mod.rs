//! A debugging session's core, the one `flowsim debug` (the terminal's REPL) and `flowsim dap`
//! (an editor, over the Debug Adapter Protocol) both drive: a run paused between steps, its
//! breakpoints (`breaks`), their places (`places`), how places are named (`show`), and what
//! the person gave the run.
//!
//! The session's state is a script: the request (with the inputs given so far) and the
//! variables set at given steps. The run itself is an `engine::Stepper`; going back (`back`,
//! `goto`, `run`, an input the run wanted, an editor's step back) starts a new stepper and
//! replays the script to the step, which gives the same run because runs are deterministic.
//! An input or a set at a step replaces whatever was given after that step (a new future);
//! going back alone keeps it, so `continue` goes the same way again.
//!
//! Nothing here prints: the front ends say what happened in their own words.

pub mod breaks;
pub mod places;
pub mod show;

use breaks::Breakpoints;
use flowsim_project::diag::{Code, Diagnostic};
use flowsim_project::engine::{InputEntry, RequestError, RunRequest, RunResult, Stepper};
use flowsim_project::expr::{self, Expr, Ty, Value};
use flowsim_project::fixtures::FixtureStore;
use flowsim_project::flow::{FlowIdx, NodeIdx, Registry, Version};

/// The most sets a session keeps.
pub const MAX_SETS: usize = 10_000;

/// How far a motion goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Motion {
    /// `step`: the next step at this depth or shallower (a called flow, module or task runs
    /// through, unless a breakpoint stops it).
    Over,
    /// `step into`: exactly one step, into whatever it calls.
    Into,
    /// `step out`: until the current flow or task returns.
    Out,
    /// `continue`: until a breakpoint, an input the run needs, or the end.
    Continue,
}

/// Why a motion stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    Step,
    Breakpoint(usize),
    /// By an editor's exception breakpoints (`breaks::Catch`).
    Caught(breaks::Caught),
    /// Before a step that wants an input the run was not given.
    Input,
    Ended,
}

/// A variable set at a step: applied when the run arrives before step `at + 1`.
pub struct Set {
    pub at: usize,
    pub name: String,
    pub value: Value,
}

/// Why the session refused to do something: a sentence, or a diagnostic (an expression that
/// does not parse or evaluate, as `check` and `expr eval` give it).
#[derive(Debug, Clone)]
pub enum Refusal {
    Text(String),
    Diagnostic(Box<Diagnostic>),
}

impl From<String> for Refusal {
    fn from(text: String) -> Refusal {
        Refusal::Text(text)
    }
}

/// An expression's evaluation error as a diagnostic, with a caret under its place.
fn eval_refusal(err: &flowsim_project::expr::EvalError, text: &str) -> Refusal {
    Refusal::Diagnostic(Box::new(
        Diagnostic::error(Code::Run(err.kind), err.message.clone()).snippet(text, err.span),
    ))
}

/// What a new future dropped: the inputs and sets given after the step it starts at.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Dropped {
    pub inputs: usize,
    pub sets: usize,
}

/// A run paused between steps, with its breakpoints and the script that replays it.
pub struct Session<'r, 'f> {
    reg: &'r Registry,
    fixtures: &'f FixtureStore,
    request: RunRequest,
    version: Version,
    stepper: Stepper<'r, 'f>,
    sets: Vec<Set>,
    pub breakpoints: Breakpoints,
    /// What log points said during the last motion, for the front end to show.
    said: Vec<String>,
}

impl<'r, 'f> Session<'r, 'f> {
    /// A session paused before the run's first step, or the engine's refusal of the request.
    ///
    /// # Errors
    /// What `flowsim run` refuses of the request.
    pub fn new(
        reg: &'r Registry,
        fixtures: &'f FixtureStore,
        request: RunRequest,
    ) -> Result<Self, RequestError> {
        let stepper = Stepper::new(reg, fixtures, &request)?;
        let version = stepper.version();
        Ok(Session {
            reg,
            fixtures,
            request,
            version,
            stepper,
            sets: Vec::new(),
            breakpoints: Breakpoints::default(),
            said: Vec::new(),
        })
    }

    pub fn registry(&self) -> &'r Registry {
        self.reg
    }

    /// The flows' version being run (draft or published).
    pub fn version(&self) -> Version {
        self.version
    }

    /// The run, paused.
    pub fn stepper(&self) -> &Stepper<'r, 'f> {
        &self.stepper
    }

    /// The request with the inputs given so far.
    pub fn request(&self) -> &RunRequest {
        &self.request
    }

    /// The variables set so far, in order.
    pub fn sets(&self) -> &[Set] {
        &self.sets
    }

    /// What log points said since the last call.
    pub fn take_said(&mut self) -> Vec<String> {
        std::mem::take(&mut self.said)
    }

    // ---- running ----

    /// Runs until `motion` is done, a breakpoint hits, the run wants an input it was not
    /// given (the session is then before that step), or it ends. `check_first`: a breakpoint
    /// on the step the motion starts at counts (a run started over).
    pub fn motion(&mut self, motion: Motion, check_first: bool) -> Stop {
        let depth = self.stepper.depth();
        self.breakpoints.watch_from_here(&mut self.stepper, check_first);
        let mut first = !check_first;
        loop {
            if self.stepper.at().is_none() {
                return Stop::Ended;
            }
            if !first {
                if let Some(c) = self.breakpoints.caught(self.reg, &self.stepper) {
                    return Stop::Caught(c);
                }
                if let Some(id) = self.breakpoints.hit(&mut self.stepper, &mut self.said) {
                    return Stop::Breakpoint(id);
                }
                let d = self.stepper.depth();
                let done = match motion {
                    Motion::Into => true,
                    Motion::Over => d <= depth,
                    Motion::Out => d < depth,
                    Motion::Continue => false,
                };
                if done {
                    return Stop::Step;
                }
            }
            first = false;
            let pos = self.stepper.steps();
            self.stepper.step();
            if self.stepper.waits() {
                // The step wants an input the run was not given (the run stopped before
                // it): go back before it and ask.
                if self.replay(pos).is_ok() {
                    return Stop::Input;
                }
            }
            arrive(&mut self.stepper, &self.sets);
        }
    }

    /// A new stepper at step `pos` (steps taken), the script replayed; it stops earlier when
    /// the run ends, or before a step that wants an input it was not given.
    ///
    /// # Errors
    /// When the request no longer starts (it always did when the session began).
    pub fn replay(&mut self, pos: usize) -> Result<(), String> {
        let mut stepper = self.fresh()?;
        arrive(&mut stepper, &self.sets);
        while stepper.steps() < pos && stepper.at().is_some() {
            let at = stepper.steps();
            stepper.step();
            if stepper.waits() {
                return self.replay(at);
            }
            arrive(&mut stepper, &self.sets);
        }
        self.stepper = stepper;
        Ok(())
    }

    /// The latest step before the current one where a breakpoint would stop (`reverse
    /// continue`), or the first step when none would.
    ///
    /// # Errors
    /// When the request no longer starts.
    pub fn previous_stop(&mut self) -> Result<usize, String> {
        let now = self.stepper.steps();
        let mut stepper = self.fresh()?;
        arrive(&mut stepper, &self.sets);
        let mut found = 0;
        while stepper.steps() < now && stepper.at().is_some() {
            if self.breakpoints.would_stop(&mut stepper)
                || self.breakpoints.caught(self.reg, &stepper).is_some()
            {
                found = stepper.steps();
            }
            stepper.step();
            if stepper.waits() {
                break;
            }
            arrive(&mut stepper, &self.sets);
        }
        Ok(found)
    }

    /// Whether a breakpoint (not a log point) is on the step about to run, its condition
    /// holding, its hit count aside.
    pub fn at_breakpoint(&mut self) -> bool {
        self.breakpoints.would_stop(&mut self.stepper)
    }

    /// What an exception breakpoint stops for here, if anything.
    pub fn caught(&self) -> Option<breaks::Caught> {
        self.breakpoints.caught(self.reg, &self.stepper)
    }

    fn fresh(&self) -> Result<Stepper<'r, 'f>, String> {
        Stepper::new(self.reg, self.fixtures, &self.request)
            .map_err(|e| format!("the run cannot start again: {e} ({})", e.help()))
    }

    /// The run so far as a result (trace, prompts, variables), from a replay to here.
    ///
    /// # Errors
    /// When the request no longer starts.
    pub fn snapshot(&self) -> Result<RunResult<'r>, String> {
        self.snapshot_to(self.stepper.steps())
    }

    /// The run as a result after `steps` steps (or its end, or a step that wants an input it
    /// was not given), from a replay of the script.
    ///
    /// # Errors
    /// When the request no longer starts.
    pub fn snapshot_to(&self, steps: usize) -> Result<RunResult<'r>, String> {
        let mut stepper = self.fresh()?;
        arrive(&mut stepper, &self.sets);
        while stepper.steps() < steps && stepper.at().is_some() && !stepper.waits() {
            stepper.step();
            arrive(&mut stepper, &self.sets);
        }
        Ok(stepper.into_result())
    }

    // ---- values ----

    /// `text` parsed as an expression, and notes on the variables it reads that no flow uses
    /// (a breakpoint's condition, something to print).
    ///
    /// # Errors
    /// The parser's diagnostic.
    pub fn condition(&self, text: &str) -> Result<(Expr, Vec<String>), Refusal> {
        let e = parse_expr(text)?;
        let notes = self.unknown_variables(&e);
        Ok((e, notes))
    }

    /// `text` evaluated here, with notes on the variables it reads that no flow uses.
    ///
    /// # Errors
    /// The diagnostic of an expression that does not parse or evaluate.
    pub fn eval(&mut self, text: &str) -> Result<(Value, Vec<String>), Refusal> {
        let (e, notes) = self.condition(text)?;
        let v = self.eval_expr(&e, text)?;
        Ok((v, notes))
    }

    /// `text` evaluated in an editor's frame: at action `node` of flow `flow`, level `level` of
    /// the stack (`Stepper::eval_at`: the variables that level sees, so a caller's frame reads
    /// the caller's). Refused first as `check` refuses the expression in that flow (a name the
    /// flow neither declares nor writes, `undeclaredVariable`: a common module's frame does not
    /// read its caller's `Flow.` variables), with notes on the variables it reads that no flow
    /// uses.
    ///
    /// # Errors
    /// The diagnostic of an expression that does not parse, that `check` refuses in `flow`, or
    /// that does not evaluate.
    pub fn eval_in(
        &self,
        level: usize,
        flow: FlowIdx,
        node: NodeIdx,
        text: &str,
    ) -> Result<(Value, Vec<String>), Refusal> {
        let (e, notes) = self.condition(text)?;
        let f = self.reg.flow(flow);
        if let Some((d, span)) = flowsim_project::flow::check::names::refused_read(f, &e) {
            return Err(Refusal::Diagnostic(Box::new(d.snippet(text, span))));
        }
        let v = self.stepper.eval_at(level, node, &e).map_err(|err| eval_refusal(&err, text))?;
        Ok((v, notes))
    }

    fn eval_expr(&mut self, e: &Expr, text: &str) -> Result<Value, Refusal> {
        self.stepper.eval(e).map_err(|err| eval_refusal(&err, text))
    }

    /// A note naming each `Flow.`, `Task.` or `State.` variable of `e` no flow uses, with the
    /// nearest name: it reads NOT_SET, most likely a typo.
    fn unknown_variables(&self, e: &Expr) -> Vec<String> {
        let mut notes = Vec::new();
        e.for_each_path(&mut |p| {
            if p.len() < 2 || !matches!(p.head(), "flow" | "task" | "state") {
                return;
            }
            let name = p.prefix(2);
            if self.stepper.knows_variable(name) {
                return;
            }
            let shown = p.text.get(..name.len()).unwrap_or(name);
            notes.push(format!("no flow uses a variable `{shown}`{}", self.hint(name)));
        });
        notes
    }

    fn hint(&self, name: &str) -> String {
        let names = self.stepper.variable_names();
        flowsim_project::util::nearest(name, names.iter().map(|n| &**n))
            .map_or_else(String::new, |n| format!("; did you mean `{n}`?"))
    }

    /// Sets variable `name` to the value of `text` here, converted to its declared type as
    /// Update Data converts (a replay sets it again at this step): the value, and what the
    /// new future dropped.
    ///
    /// # Errors
    /// A variable no flow uses, a bad expression, a value the type refuses (nothing changes).
    pub fn set(&mut self, name: &str, text: &str) -> Result<(Value, Dropped), Refusal> {
        if !self.stepper.knows_variable(name) {
            return Err(format!("no flow uses a variable `{name}`{}", self.hint(name)).into());
        }
        if self.sets.len() >= MAX_SETS {
            return Err(format!("{MAX_SETS} sets is the most a session keeps").into());
        }
        let e = parse_expr(text)?;
        let value = self.eval_expr(&e, text)?;
        let value = self
            .stepper
            .convert_for(name, value)
            .map_err(|e| format!("`set {name}`: {e}; the variable is unchanged"))?;
        let at = self.stepper.steps();
        let dropped = self.new_future(at, self.stepper.inputs_taken());
        self.stepper.set_variable(name, value.clone());
        self.sets.push(Set { at, name: name.to_owned(), value: value.clone() });
        Ok((value, dropped))
    }

    /// Gives the run its next input here (a new future from this step), the run replayed to
    /// here with it.
    ///
    /// # Errors
    /// An input the engine refuses (nothing changes).
    pub fn input(&mut self, entry: InputEntry) -> Result<Dropped, String> {
        let (at, taken) = (self.stepper.steps(), self.stepper.inputs_taken());
        // Checked on a copy first: a refused input changes nothing.
        let mut candidate = self.request.clone();
        candidate.inputs.truncate(taken);
        candidate.inputs.push(entry);
        if let Err(e) = Stepper::new(self.reg, self.fixtures, &candidate) {
            return Err(format!("{e} ({})", e.help()));
        }
        let dropped = self.new_future(at, taken);
        self.request = candidate;
        self.replay(at)?;
        Ok(dropped)
    }

    /// Drops the inputs and sets given after this point (`at` steps, `taken` inputs).
    fn new_future(&mut self, at: usize, taken: usize) -> Dropped {
        let inputs = self.request.inputs.len().saturating_sub(taken);
        self.request.inputs.truncate(taken);
        let sets = self.sets.len();
        self.sets.retain(|s| s.at <= at);
        Dropped { inputs, sets: sets - self.sets.len() }
    }
}

fn arrive(stepper: &mut Stepper<'_, '_>, sets: &[Set]) {
    let at = stepper.steps();
    for s in sets.iter().filter(|s| s.at == at) {
        stepper.set_variable(&s.name, s.value.clone());
    }
}

/// An input's text that does not read ([`parse_input`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputError {
    /// `slot:` without `NAME=VALUE`.
    Slot,
    /// `DIGITS@SECONDS` whose seconds are not a number (they are given).
    Seconds(String),
}

/// The caller's next input as the debugger (and `--input`) reads it: `12#`, `timeout`, `1@2.5`
/// (digits after 2.5 s), `say:Where is my order?`, `intent:Order Status`,
/// `slot:Email=ann@example.com` (a turn that says the value, which the model extracts for the
/// AI-powered slot), `knowledge:We open at nine.` (a turn a knowledge article answers, with its
/// answer), `noMatch`.
///
/// # Errors
/// A `slot:` that is not `NAME=VALUE`; a delay that is not a number of seconds.
pub fn parse_input(text: &str) -> Result<InputEntry, InputError> {
    use flowsim_project::engine::InputEntry as I;
    if let Some(pair) = text.strip_prefix("slot:") {
        let (slot, value) = pair
            .split_once('=')
            .filter(|(k, v)| !k.trim().is_empty() && !v.trim().is_empty())
            .ok_or(InputError::Slot)?;
        let mut slots = indexmap::IndexMap::new();
        slots.insert(slot.trim().to_owned(), serde_json::json!(value));
        return Ok(I::Turn { text: value.to_owned(), delay_seconds: 0.0, slots });
    }
    if let Some(turn) = text.strip_prefix("say:") {
        return Ok(I::Turn {
            text: turn.to_owned(),
            delay_seconds: 0.0,
            slots: indexmap::IndexMap::new(),
        });
    }
    if let Some(intent) = text.strip_prefix("intent:") {
        return Ok(I::Intent {
            intent: intent.trim().to_owned(),
            slots: indexmap::IndexMap::new(),
        });
    }
    if let Some(answer) = text.strip_prefix("knowledge:") {
        return Ok(I::Knowledge { knowledge: answer.to_owned() });
    }
    match text.split_once('@') {
        None => Ok(I::Text(text.to_owned())),
        Some((digits, secs)) => match secs.trim().parse::<f64>() {
            Ok(delay_seconds) if delay_seconds.is_finite() && delay_seconds >= 0.0 => {
                Ok(I::Delayed { digits: digits.to_owned(), delay_seconds })
            }
            _ => Err(InputError::Seconds(secs.to_owned())),
        },
    }
}

/// An input in the words [`parse_input`] reads (`1234#`, `say:TEXT`, `intent:NAME`,
/// `slot:NAME=VALUE`, `knowledge:ANSWER`, `DIGITS@SECONDS`); an entry those words cannot
/// write (a turn with a delay, or with several slots) as its JSON, as a request writes it.
pub fn input_words(entry: &InputEntry) -> String {
    use flowsim_project::engine::InputEntry as I;
    match entry {
        I::Text(t) => t.clone(),
        I::Delayed { digits, delay_seconds } => format!("{digits}@{delay_seconds}"),
        I::Turn { text, delay_seconds, slots } if *delay_seconds == 0.0 && slots.is_empty() => {
            format!("say:{text}")
        }
        I::Turn { text, delay_seconds, slots }
            if *delay_seconds == 0.0
                && slots.len() == 1
                && slots.values().next().and_then(serde_json::Value::as_str) == Some(text) =>
        {
            format!("slot:{}={text}", slots.keys().next().map_or("", String::as_str))
        }
        I::Intent { intent, slots } if slots.is_empty() => format!("intent:{intent}"),
        I::Knowledge { knowledge } => format!("knowledge:{knowledge}"),
        other => serde_json::to_string(other).unwrap_or_default(),
    }
}

/// `text` as an expression, or the parser's diagnostic.
///
/// # Errors
/// The parser's diagnostic, with its snippet and help.
pub fn parse_expr(text: &str) -> Result<Expr, Refusal> {
    expr::parse(text).map_err(|e| {
        Refusal::Diagnostic(Box::new(
            Diagnostic::error(e.kind.code(), e.message.clone())
                .snippet(text, e.span)
                .maybe_help(e.help.clone()),
        ))
    })
}

/// A value as people read it in a result: text quoted, NOT_SET by name.
pub fn shown(v: &Value) -> String {
    match v {
        Value::Str(s) => serde_json::to_string(&**s).unwrap_or_default(),
        Value::NotSet => "NOT_SET".into(),
        Value::Media(_) => serde_json::to_string(&v.display()).unwrap_or_default(),
        other => other.display(),
    }
}

/// `"gold" (String)`, `NOT_SET`.
pub fn typed(v: &Value) -> String {
    let ty = Ty::of_value(v);
    if ty.is_known() {
        format!("{} ({ty})", shown(v))
    } else {
        shown(v)
    }
}

#[cfg(test)]
mod tests {
    use super::{input_words, parse_input};

    /// What the Input scope shows of an input reads back as the same input.
    #[test]
    fn an_inputs_words_read_back_as_the_input() {
        for words in [
            "1",
            "1234#",
            "timeout",
            "noMatch",
            "1@2.5",
            "say:Where is my order?",
            "intent:Order Status",
            "slot:Email=ann@example.com",
            "knowledge:We open at nine.",
        ] {
            let entry = parse_input(words).expect(words);
            assert_eq!(input_words(&entry), words);
            assert_eq!(parse_input(&input_words(&entry)), Ok(entry));
        }
    }
}
