//! A debugging session: a run paused between steps, its breakpoints (`breaks.rs`), and what
//! the person gave it.
//!
//! The session's state is a script: the request (with the inputs given so far) and the
//! variables set at given steps. The run itself is an `engine::Stepper`; going back (`back`,
//! `goto`, `run`, an input the run wanted) starts a new stepper and replays the script to the
//! step, which gives the same run because runs are deterministic. An input or a set at a step
//! replaces whatever was given after that step (a new future); `back` alone keeps it, so
//! `continue` goes the same way again.

use super::breaks::Breakpoints;
use super::command::{Command, Motion, HELP};
use super::show;
use crate::cli::render;
use flowsim::diag::Diagnostic;
use flowsim::engine::{RunRequest, RunResult, Stepper};
use flowsim::expr::{self, Expr, Ty, Value};
use flowsim::fixtures::FixtureStore;
use flowsim::flow::{Registry, Version};
use std::fmt::Write as _;

/// The most sets a session keeps.
const MAX_SETS: usize = 10_000;
/// The most step lines a motion prints (the last ones); `history` lists them all.
const MAX_SHOWN_STEPS: usize = 20;

/// What one command printed, and whether it was refused or ends the session.
pub struct Reply {
    pub text: String,
    pub refused: bool,
    pub quit: bool,
}

impl Reply {
    fn ok(text: String) -> Reply {
        Reply { text, refused: false, quit: false }
    }
}

/// A variable set at a step: applied when the run arrives before step `at + 1`.
struct Set {
    at: usize,
    name: String,
    value: Value,
}

/// Why a motion stopped.
enum Stop {
    Step,
    Breakpoint(usize),
    Input,
    Ended,
}

pub struct Session<'r, 'f> {
    reg: &'r Registry,
    fixtures: &'f FixtureStore,
    request: RunRequest,
    version: Version,
    stepper: Stepper<'r, 'f>,
    sets: Vec<Set>,
    breakpoints: Breakpoints,
    /// The motion an input the run needed interrupted: the input resumes it.
    waiting: Option<Motion>,
}

impl<'r, 'f> Session<'r, 'f> {
    /// A session paused before the run's first step, or the engine's refusal of the request.
    pub fn new(
        reg: &'r Registry,
        fixtures: &'f FixtureStore,
        request: RunRequest,
    ) -> Result<Self, flowsim::engine::RequestError> {
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
            waiting: None,
        })
    }

    /// The banner and the first place.
    pub fn banner(&self) -> String {
        let flow = self.stepper.at().map_or("", |(f, _)| &*self.reg.flow(f).name);
        let version = if self.version == Version::Draft { "draft" } else { "published" };
        format!("debugging {flow} ({version}); `help` lists the commands\n{}", self.here(""))
    }

    /// The flows' version being run (draft or published).
    pub fn version(&self) -> Version {
        self.version
    }

    /// Whether the run waits for an input (the prompt says so).
    pub fn waiting_for_input(&self) -> bool {
        self.waiting.is_some()
    }

    /// Reads and runs one command line.
    pub fn line(&mut self, line: &str) -> Reply {
        let command = match super::command::parse(line) {
            Ok(Some(c)) => c,
            Ok(None) => return Reply::ok(String::new()),
            // While the run waits for an input, the input alone will do: `1`, `timeout`.
            Err(_)
                if self.waiting.is_some()
                    && (super::command::looks_like_input(line.trim())
                        || !line.trim().contains(' ')) =>
            {
                Command::Input(line.trim().to_owned())
            }
            Err(message) => return refused(message),
        };
        match self.run(command) {
            Ok(reply) => reply,
            Err(message) => refused(message),
        }
    }

    fn run(&mut self, command: Command) -> Result<Reply, String> {
        let text = match command {
            Command::Break(name, None) => {
                self.breakpoints.add_at(self.reg, self.version, &name, None)?
            }
            Command::Break(name, Some(cond)) => {
                let (e, note) = self.condition(&cond)?;
                let made = self.breakpoints.add_at(self.reg, self.version, &name, Some((&cond, e)));
                made? + &note
            }
            Command::BreakIf(text) => {
                let (e, note) = self.condition(&text)?;
                self.breakpoints.add_if(&text, e)? + &note
            }
            Command::Breaks => self.breakpoints.listed(),
            Command::Delete(id) => self.breakpoints.delete(id)?,
            Command::Go(motion) => self.go(motion)?,
            Command::Run => {
                self.replay(0)?;
                self.waiting = None;
                self.motion(Motion::Continue, true)
            }
            Command::Print(text) => self.print(&text)?,
            Command::Vars => self.vars(),
            Command::Set(name, text) => self.set(name, &text)?,
            Command::Input(text) => self.input(&text)?,
            Command::Where => {
                show::where_text(self.reg, self.version, &self.stepper, self.stepper.steps() + 1)
            }
            Command::History => self.history()?,
            Command::Back(n) => {
                let now = self.stepper.steps();
                if n > now {
                    return Err(format!("`back {n}`: the run has taken {now} step(s) so far"));
                }
                self.goto(now - n)?
            }
            Command::Goto(step) => self.goto(step - 1)?,
            Command::Trace => {
                let result = self.snapshot()?;
                let mut out = Vec::new();
                render::write_run_text(&mut out, &result).map_err(|e| e.to_string())?;
                String::from_utf8_lossy(&out).into_owned()
            }
            Command::Help => HELP.to_owned(),
            Command::Quit => return Ok(Reply { text: String::new(), refused: false, quit: true }),
        };
        Ok(Reply::ok(text))
    }

    /// `at step 6: Acme Main IVR › Main Menu › Main Menu [menu]`, or how the run ended.
    fn here(&self, prefix: &str) -> String {
        match self.stepper.at() {
            Some((flow, node)) => {
                // Inside a called flow or module, its name first.
                let top = self.stepper.stack().first().map(|l| l.flow);
                let within = if top == Some(flow) {
                    String::new()
                } else {
                    format!("{} › ", self.reg.flow(flow).name)
                };
                format!(
                    "{prefix}at step {}: {within}{}\n",
                    self.stepper.steps() + 1,
                    show::placed(self.reg, self.version, flow, node)
                )
            }
            None => self.ended(),
        }
    }

    fn ended(&self) -> String {
        let Ok(r) = self.snapshot() else { return "the run has ended\n".into() };
        let mut text = format!(
            "the run ended: {} after {} step(s), {} ms virtual time",
            r.status.as_str(),
            r.trace.len(),
            r.elapsed_ms
        );
        match &r.route {
            Some(route) if route.kind.is_empty() || route.kind == "acd" => {
                let _ = write!(text, "; route {} ({})", route.queue_name, route.queue_id);
            }
            Some(route) => {
                let _ = write!(text, "; route {} {}", route.kind, route.target);
            }
            None => {}
        }
        if let Some(e) = &r.error {
            let _ = write!(
                text,
                "\n  error {} at {}: {}",
                e.kind,
                show::placed(self.reg, self.version, e.flow, e.node),
                e.message
            );
        }
        text.push('\n');
        text
    }

    // ---- running ----

    fn go(&mut self, motion: Motion) -> Result<String, String> {
        if self.stepper.at().is_none() {
            return Err(
                "the run has ended: `back N`, `goto STEP` or `run` go to a step again".into()
            );
        }
        if motion == Motion::Out && self.stepper.depth() <= 1 {
            return Err("`step out`: the run is in its top flow, not in a called flow, module \
                        or task; `continue` runs on"
                .into());
        }
        Ok(self.motion(motion, false))
    }

    /// Runs until `motion` is done, a breakpoint hits, the run wants an input it was not
    /// given, or it ends; prints the steps taken and where it stopped. `check_first`: a
    /// breakpoint on the step the motion starts at counts (`run`).
    fn motion(&mut self, motion: Motion, check_first: bool) -> String {
        let before = self.stepper.steps();
        let depth = self.stepper.depth();
        self.breakpoints.watch_from_here(&mut self.stepper, check_first);
        let mut first = !check_first;
        let stop = loop {
            if self.stepper.at().is_none() {
                break Stop::Ended;
            }
            if !first {
                if let Some(id) = self.breakpoints.hit(&mut self.stepper) {
                    break Stop::Breakpoint(id);
                }
                let d = self.stepper.depth();
                let done = match motion {
                    Motion::Into => true,
                    Motion::Over => d <= depth,
                    Motion::Out => d < depth,
                    Motion::Continue => false,
                };
                if done {
                    break Stop::Step;
                }
            }
            first = false;
            let pos = self.stepper.steps();
            self.stepper.step();
            if self.stepper.waits() {
                // The step wants an input the run was not given (the run stopped before
                // it): go back before it and ask.
                if self.replay(pos).is_ok() {
                    break Stop::Input;
                }
            }
            self.arrive();
        };
        self.waiting = matches!(stop, Stop::Input).then_some(motion);
        let mut out = self.steps_since(before);
        match stop {
            Stop::Ended => out.push_str(&self.ended()),
            Stop::Step => out.push_str(&self.here("")),
            Stop::Breakpoint(id) => {
                let text = self.breakpoints.text(id);
                let _ = write!(out, "{}", self.here(&format!("breakpoint {id} ({text}) ")));
            }
            Stop::Input => {
                let here = self.here("");
                let _ = writeln!(
                    out,
                    "{} waits for an input: type it (1, 1234#, timeout, say:TEXT, intent:NAME, slot:NAME=VALUE, noMatch)",
                    here.trim_end()
                );
            }
        }
        out
    }

    /// Sets recorded for the step the run just arrived at.
    fn arrive(&mut self) {
        arrive(&mut self.stepper, &self.sets);
    }

    /// A new stepper at step `pos` (steps taken), the script replayed; it stops earlier when
    /// the run ends, or before a step that wants an input it was not given.
    fn replay(&mut self, pos: usize) -> Result<(), String> {
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

    fn fresh(&self) -> Result<Stepper<'r, 'f>, String> {
        Stepper::new(self.reg, self.fixtures, &self.request)
            .map_err(|e| format!("the run cannot start again: {e} ({})", e.help()))
    }

    /// The run so far as a result (trace, prompts, variables), from a replay to here.
    fn snapshot(&self) -> Result<RunResult<'r>, String> {
        let mut stepper = self.fresh()?;
        arrive(&mut stepper, &self.sets);
        while stepper.steps() < self.stepper.steps() && stepper.at().is_some() {
            stepper.step();
            arrive(&mut stepper, &self.sets);
        }
        Ok(stepper.into_result())
    }

    /// The lines of the steps taken since step `before`, the last [`MAX_SHOWN_STEPS`].
    fn steps_since(&self, before: usize) -> String {
        let now = self.stepper.steps();
        if now <= before {
            return String::new();
        }
        let Ok(r) = self.snapshot() else { return String::new() };
        let mut out = String::new();
        let from = before.max(now.saturating_sub(MAX_SHOWN_STEPS));
        if from > before {
            let _ = writeln!(out, "  … {} step(s) (`history` lists them)", from - before);
        }
        out.push_str(&step_lines(&r, from, now));
        out
    }

    fn goto(&mut self, pos: usize) -> Result<String, String> {
        self.replay(pos)?;
        self.waiting = None;
        let mut out = String::new();
        if self.stepper.steps() < pos {
            let _ = writeln!(
                out,
                "the run does not reach step {}: it stops after {} step(s)",
                pos + 1,
                self.stepper.steps()
            );
        }
        out.push_str(&self.here(""));
        Ok(out)
    }

    // ---- values ----

    /// A breakpoint's condition, parsed, and notes on the variables it reads that no flow uses.
    fn condition(&self, text: &str) -> Result<(Expr, String), String> {
        let e = parse_expr(text)?;
        let note = self.unknown_variables(&e);
        Ok((e, note))
    }

    fn print(&mut self, text: &str) -> Result<String, String> {
        let e = parse_expr(text)?;
        let note = self.unknown_variables(&e);
        match self.stepper.eval(&e) {
            Ok(v) => Ok(format!("{}\n{note}", typed(&v))),
            Err(err) => Err(render::diagnostic(
                &Diagnostic::error(flowsim::diag::Code::Run(err.kind), err.message.clone())
                    .snippet(text, err.span),
            )),
        }
    }

    /// A note naming each `Flow.`, `Task.` or `State.` variable of `e` no flow uses, with the
    /// nearest name: it reads NOT_SET, most likely a typo.
    fn unknown_variables(&self, e: &Expr) -> String {
        let mut note = String::new();
        e.for_each_path(&mut |p| {
            if p.len() < 2 || !matches!(p.head(), "flow" | "task" | "state") {
                return;
            }
            let name = p.prefix(2);
            if self.stepper.knows_variable(name) {
                return;
            }
            let names = self.stepper.variable_names();
            let hint = flowsim::util::nearest(name, names.iter().map(|n| &**n))
                .map_or_else(String::new, |n| format!("; did you mean `{n}`?"));
            let shown = &p.text[..name.len().min(p.text.len())];
            let _ = writeln!(note, "note: no flow uses a variable `{shown}`{hint}");
        });
        note
    }

    fn vars(&self) -> String {
        let vars = self.stepper.variables();
        if vars.is_empty() {
            return "no variables set\n".into();
        }
        vars.iter().fold(String::new(), |mut out, (name, v)| {
            let _ = writeln!(out, "{name} = {}", typed(v));
            out
        })
    }

    fn set(&mut self, name: String, text: &str) -> Result<String, String> {
        if !self.stepper.knows_variable(&name) {
            let names = self.stepper.variable_names();
            let hint = flowsim::util::nearest(&name, names.iter().map(|n| &**n))
                .map_or_else(String::new, |n| format!("; did you mean `{n}`?"));
            return Err(format!("no flow uses a variable `{name}`{hint}"));
        }
        if self.sets.len() >= MAX_SETS {
            return Err(format!("{MAX_SETS} sets is the most a session keeps"));
        }
        let e = parse_expr(text)?;
        let value = match self.stepper.eval(&e) {
            Ok(v) => v,
            Err(err) => {
                return Err(render::diagnostic(
                    &Diagnostic::error(flowsim::diag::Code::Run(err.kind), err.message.clone())
                        .snippet(text, err.span),
                ))
            }
        };
        // Converted to the declared type as Update Data converts, or refused (nothing changes).
        let value = self
            .stepper
            .convert_for(&name, value)
            .map_err(|e| format!("`set {name}`: {e}; the variable is unchanged"))?;
        let at = self.stepper.steps();
        let mut out = String::new();
        out.push_str(&self.new_future(at, self.stepper.inputs_taken()));
        self.stepper.set_variable(&name, value.clone());
        let _ = writeln!(out, "{name} = {}", typed(&value));
        self.sets.push(Set { at, name, value });
        Ok(out)
    }

    fn input(&mut self, text: &str) -> Result<String, String> {
        let entry = crate::cli::parse_input_flag(text)
            .map_err(|r| r.render().replace("`--input ", "`input "))?;
        let (at, taken) = (self.stepper.steps(), self.stepper.inputs_taken());
        // Checked on a copy first: a refused input changes nothing.
        let mut candidate = self.request.clone();
        candidate.inputs.truncate(taken);
        candidate.inputs.push(entry);
        if let Err(e) = Stepper::new(self.reg, self.fixtures, &candidate) {
            return Err(format!("`input {text}`: {e} ({})", e.help()));
        }
        let mut out = self.new_future(at, taken);
        self.request = candidate;
        self.replay(at)?;
        let _ = writeln!(out, "input {} given (input {} of the run)", text, taken + 1);
        if let Some(motion) = self.waiting.take() {
            out.push_str(&self.motion(motion, false));
        }
        Ok(out)
    }

    /// Drops the inputs and sets given after this point (`at` steps, `taken` inputs), saying
    /// what was dropped.
    fn new_future(&mut self, at: usize, taken: usize) -> String {
        let inputs = self.request.inputs.len().saturating_sub(taken);
        self.request.inputs.truncate(taken);
        let sets = self.sets.len();
        self.sets.retain(|s| s.at <= at);
        let sets = sets - self.sets.len();
        if inputs + sets == 0 {
            return String::new();
        }
        format!(
            "(a new future: dropped {inputs} input(s) and {sets} set(s) given after this step)\n"
        )
    }

    fn history(&self) -> Result<String, String> {
        let r = self.snapshot()?;
        let mut out =
            format!("history ({} step(s) taken; `goto STEP` returns to one)\n", r.trace.len());
        out.push_str(&step_lines(&r, 0, r.trace.len()));
        out.push_str(&self.here("→ "));
        let taken = self.stepper.inputs_taken();
        for (i, input) in self.request.inputs.iter().enumerate() {
            let label = if i == 0 { "inputs" } else { "" };
            let state = if i < taken { "taken" } else { "not yet taken" };
            let text = serde_json::to_string(input).unwrap_or_default();
            let _ = writeln!(out, "{label:<7} {text} ({state})");
        }
        for (i, s) in self.sets.iter().enumerate() {
            let label = if i == 0 { "sets" } else { "" };
            let _ = writeln!(
                out,
                "{label:<7} {} = {} before step {}",
                s.name,
                typed(&s.value),
                s.at + 1
            );
        }
        Ok(out)
    }
}

fn arrive(stepper: &mut Stepper<'_, '_>, sets: &[Set]) {
    let at = stepper.steps();
    for s in sets.iter().filter(|s| s.at == at) {
        stepper.set_variable(&s.name, s.value.clone());
    }
}

fn refused(text: String) -> Reply {
    // A diagnostic rendered already (an expression's, with its caret) is shown as it is.
    let mut text = if text.starts_with("error") {
        text
    } else {
        render::diagnostic(&Diagnostic::error(flowsim::diag::Code::DebugCommand, text))
    };
    if !text.ends_with('\n') {
        text.push('\n');
    }
    Reply { text, refused: true, quit: false }
}

fn parse_expr(text: &str) -> Result<Expr, String> {
    expr::parse(text).map_err(|e| {
        render::diagnostic(
            &Diagnostic::error(e.kind.code(), e.message.clone())
                .snippet(text, e.span)
                .maybe_help(e.help.clone()),
        )
    })
}

/// `"gold" (String)`, `NOT_SET`.
fn typed(v: &Value) -> String {
    let ty = Ty::of_value(v);
    if ty.is_known() {
        format!("{} ({ty})", crate::cli::expr::shown(v))
    } else {
        crate::cli::expr::shown(v)
    }
}

/// Steps `from..to` of `r`, numbered as `flowsim run` numbers them.
fn step_lines(r: &RunResult<'_>, from: usize, to: usize) -> String {
    let mut out = String::new();
    let mut lines = render::StepLines::new(to);
    for (i, step) in r.trace.iter().enumerate().take(to).skip(from) {
        lines.next_line(&mut out, r, step, i + 1);
    }
    out
}
