//! A debugging session: a run paused between steps, its breakpoints (`breaks.rs`), and what
//! the person gave it.
//!
//! The session's state is a script: the request (with the inputs given so far) and the
//! variables set at given steps. The run itself is an `engine::Stepper`; going back (`back`,
//! `goto`, `run`, an input the run wanted) starts a new stepper and replays the script to the
//! step, which gives the same run because runs are deterministic. An input or a set at a step
//! replaces whatever was given after that step (a new future); `back` alone keeps it, so
//! `continue` goes the same way again.

use super::command::{Command, Motion, HELP};
use crate::cli::render;
use flowsim::engine::{RunRequest, RunResult};
use flowsim::fixtures::FixtureStore;
use flowsim::flow::{Registry, Version};
use flowsim_dap::session::{self as core, show, typed, Dropped, Refusal, Stop};
use std::fmt::Write as _;

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

/// The terminal's session: the session core every debugger front end drives
/// (`flowsim_dap::session`), and what it prints.
pub struct Session<'r, 'f> {
    core: core::Session<'r, 'f>,
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
        Ok(Session { core: core::Session::new(reg, fixtures, request)?, waiting: None })
    }

    /// The banner and the first place.
    pub fn banner(&self) -> String {
        let reg = self.core.registry();
        let flow = self.core.stepper().at().map_or("", |(f, _)| &*reg.flow(f).name);
        let version = if self.version() == Version::Draft { "draft" } else { "published" };
        format!("debugging {flow} ({version}); `help` lists the commands\n{}", self.here(""))
    }

    /// The flows' version being run (draft or published).
    pub fn version(&self) -> Version {
        self.core.version()
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
        let reg = self.core.registry();
        let version = self.version();
        let text = match command {
            Command::Break(name, None) => {
                self.core.breakpoints.add_at(reg, version, &name, None)?
            }
            Command::Break(name, Some(cond)) => {
                let (e, note) = self.condition(&cond)?;
                let made = self.core.breakpoints.add_at(reg, version, &name, Some((&cond, e)));
                made? + &note
            }
            Command::BreakIf(text) => {
                let (e, note) = self.condition(&text)?;
                self.core.breakpoints.add_if(&text, e)? + &note
            }
            Command::Breaks => self.core.breakpoints.listed(),
            Command::Delete(id) => self.core.breakpoints.delete(id)?,
            Command::Go(motion) => self.go(motion)?,
            Command::Run => {
                self.core.replay(0)?;
                self.waiting = None;
                self.motion(Motion::Continue, true)
            }
            Command::Print(text) => self.print(&text)?,
            Command::Vars => self.vars(),
            Command::Set(name, text) => self.set(&name, &text)?,
            Command::Input(text) => self.input(&text)?,
            Command::Where => {
                let stepper = self.core.stepper();
                show::where_text(reg, version, stepper, stepper.steps() + 1)
            }
            Command::History => self.history()?,
            Command::Back(n) => {
                let now = self.core.stepper().steps();
                if n > now {
                    return Err(format!("`back {n}`: the run has taken {now} step(s) so far"));
                }
                self.goto(now - n)?
            }
            Command::Goto(step) => self.goto(step - 1)?,
            Command::Trace => {
                let result = self.core.snapshot()?;
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
        let stepper = self.core.stepper();
        let reg = self.core.registry();
        match stepper.at() {
            Some((flow, node)) => {
                // Inside a called flow or module, its name first.
                let top = stepper.stack().first().map(|l| l.flow);
                let within = if top == Some(flow) {
                    String::new()
                } else {
                    format!("{} › ", reg.flow(flow).name)
                };
                format!(
                    "{prefix}at step {}: {within}{}\n",
                    stepper.steps() + 1,
                    show::placed(reg, self.version(), flow, node)
                )
            }
            None => self.ended(),
        }
    }

    fn ended(&self) -> String {
        let Ok(r) = self.core.snapshot() else { return "the run has ended\n".into() };
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
                show::placed(self.core.registry(), self.version(), e.flow, e.node),
                e.message
            );
        }
        text.push('\n');
        text
    }

    // ---- running ----

    fn go(&mut self, motion: Motion) -> Result<String, String> {
        if self.core.stepper().at().is_none() {
            return Err(
                "the run has ended: `back N`, `goto STEP` or `run` go to a step again".into()
            );
        }
        if motion == Motion::Out && self.core.stepper().depth() <= 1 {
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
        let before = self.core.stepper().steps();
        let stop = self.core.motion(motion, check_first);
        self.waiting = matches!(stop, Stop::Input).then_some(motion);
        let mut out = self.steps_since(before);
        match stop {
            Stop::Ended => out.push_str(&self.ended()),
            // The terminal sets no exception breakpoints (an editor's): a stop is a step.
            Stop::Step | Stop::Caught(_) => out.push_str(&self.here("")),
            Stop::Breakpoint(id) => {
                let text = self.core.breakpoints.text(id);
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

    /// The lines of the steps taken since step `before`, the last [`MAX_SHOWN_STEPS`].
    fn steps_since(&self, before: usize) -> String {
        let now = self.core.stepper().steps();
        if now <= before {
            return String::new();
        }
        let Ok(r) = self.core.snapshot() else { return String::new() };
        let mut out = String::new();
        let from = before.max(now.saturating_sub(MAX_SHOWN_STEPS));
        if from > before {
            let _ = writeln!(out, "  … {} step(s) (`history` lists them)", from - before);
        }
        out.push_str(&step_lines(&r, from, now));
        out
    }

    fn goto(&mut self, pos: usize) -> Result<String, String> {
        self.core.replay(pos)?;
        self.waiting = None;
        let mut out = String::new();
        let steps = self.core.stepper().steps();
        if steps < pos {
            let _ = writeln!(
                out,
                "the run does not reach step {}: it stops after {steps} step(s)",
                pos + 1,
            );
        }
        out.push_str(&self.here(""));
        Ok(out)
    }

    // ---- values ----

    /// A breakpoint's condition, parsed, and notes on the variables it reads that no flow uses.
    fn condition(&self, text: &str) -> Result<(flowsim::expr::Expr, String), String> {
        let (e, notes) = self.core.condition(text).map_err(refusal)?;
        Ok((e, noted(&notes)))
    }

    fn print(&mut self, text: &str) -> Result<String, String> {
        let (v, notes) = self.core.eval(text).map_err(refusal)?;
        Ok(format!("{}\n{}", typed(&v), noted(&notes)))
    }

    fn vars(&self) -> String {
        let vars = self.core.stepper().variables();
        if vars.is_empty() {
            return "no variables set\n".into();
        }
        vars.iter().fold(String::new(), |mut out, (name, v)| {
            let _ = writeln!(out, "{name} = {}", typed(v));
            out
        })
    }

    fn set(&mut self, name: &str, text: &str) -> Result<String, String> {
        let (value, dropped) = self.core.set(name, text).map_err(refusal)?;
        Ok(format!("{}{name} = {}\n", new_future(dropped), typed(&value)))
    }

    fn input(&mut self, text: &str) -> Result<String, String> {
        let entry = crate::cli::parse_input_flag(text)
            .map_err(|r| r.render().replace("`--input ", "`input "))?;
        let taken = self.core.stepper().inputs_taken();
        let dropped = self.core.input(entry).map_err(|e| format!("`input {text}`: {e}"))?;
        let mut out = new_future(dropped);
        let _ = writeln!(out, "input {} given (input {} of the run)", text, taken + 1);
        if let Some(motion) = self.waiting.take() {
            out.push_str(&self.motion(motion, false));
        }
        Ok(out)
    }

    fn history(&self) -> Result<String, String> {
        let r = self.core.snapshot()?;
        let mut out =
            format!("history ({} step(s) taken; `goto STEP` returns to one)\n", r.trace.len());
        out.push_str(&step_lines(&r, 0, r.trace.len()));
        out.push_str(&self.here("→ "));
        let taken = self.core.stepper().inputs_taken();
        for (i, input) in self.core.request().inputs.iter().enumerate() {
            let label = if i == 0 { "inputs" } else { "" };
            let state = if i < taken { "taken" } else { "not yet taken" };
            let text = crate::cli::report::json_line(input);
            let _ = writeln!(out, "{label:<7} {text} ({state})");
        }
        for (i, s) in self.core.sets().iter().enumerate() {
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

/// What a new future dropped, said (nothing when it dropped nothing).
fn new_future(d: Dropped) -> String {
    if d.inputs + d.sets == 0 {
        return String::new();
    }
    format!(
        "(a new future: dropped {} input(s) and {} set(s) given after this step)\n",
        d.inputs, d.sets
    )
}

/// The session core's notes, one `note:` line each.
fn noted(notes: &[String]) -> String {
    notes.iter().fold(String::new(), |mut out, n| {
        let _ = writeln!(out, "note: {n}");
        out
    })
}

/// A refusal as the terminal shows it: a diagnostic rendered with its snippet.
fn refusal(r: Refusal) -> String {
    match r {
        Refusal::Text(text) => text,
        Refusal::Diagnostic(d) => render::diagnostic(&d),
    }
}

fn refused(text: String) -> Reply {
    // A diagnostic rendered already (an expression's, with its caret) is shown as it is.
    let mut text = if text.starts_with("error") {
        text
    } else {
        render::diagnostic(&flowsim::diag::Diagnostic::error(
            flowsim::diag::Code::DebugCommand,
            text,
        ))
    };
    if !text.ends_with('\n') {
        text.push('\n');
    }
    Reply { text, refused: true, quit: false }
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
