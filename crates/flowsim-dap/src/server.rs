//! The Debug Adapter Protocol server: requests in, responses and events out, over the
//! session core every debugger front end drives ([`crate::session::Session`]).
//!
//! One thread, one run: a request is read, answered, and the events it caused sent, before the
//! next is read (the run never runs while a request waits: there is nothing to `pause`). A
//! message that is not a request (not JSON, no `seq` or `command`) is answered with an error
//! response and the server reads on; only a stream that is not framed as DAP ends it
//! (`transport`).
//!
//! The session: `initialize`, `launch` (what `launch` loads: `launch.rs`), the `initialized`
//! event, breakpoints, `configurationDone` (the run starts: paused on entry, or run to the
//! first breakpoint), then stepping, going back (by re-running, as the terminal's `back`
//! does), evaluation and sets, until `disconnect`. The run's end is `exited` and `terminated`;
//! a run that ended with an error first stops there (reason `exception`), so its variables can
//! be read and the steps before it gone back to.

use crate::launch;
use crate::session::breaks::{At, Caught, HitCondition, Spec};
use crate::session::{self, places, show, shown, Motion, Refusal, Session, Stop};
use crate::transport::{self, WireError};
use flowsim_project::engine::Status;
use flowsim_project::expr::{Ty, Value};
use flowsim_project::flow::{FlowIdx, NodeIdx};
use serde_json::{json, Value as Json};
use std::fmt::Write as _;
use std::io::{BufRead, Write};
use std::path::PathBuf;

/// The most variable references a pause hands out (each scope, each collection shown); past
/// it, the oldest are forgotten and a client asks again.
const MAX_REFS: usize = 10_000;
/// The most children of a collection listed.
const MAX_CHILDREN: usize = 2_000;
/// The group of function breakpoints (a source's are grouped by its path).
const FUNCTIONS: &str = "\u{0}functions";

/// What the server supports, as `initialize` answers.
#[must_use]
pub fn capabilities() -> Json {
    json!({
        "supportsConfigurationDoneRequest": true,
        "supportsConditionalBreakpoints": true,
        "supportsHitConditionalBreakpoints": true,
        "supportsLogPoints": true,
        "supportsFunctionBreakpoints": true,
        "supportsStepBack": true,
        "supportsSetVariable": true,
        "supportsEvaluateForHovers": true,
        "supportsRestartRequest": true,
        "exceptionBreakpointFilters": [
            {
                "filter": ERRORS, "label": "Run errors", "default": true,
                "description": "Stop where the run ends with an error, before it ends",
            },
            {
                "filter": ERROR_HANDLING, "label": "Error handling taken", "default": false,
                "description": "Stop after an action leaves by its failure path (its failure \
                                or error output, or the flow's error handling)",
            },
            {
                "filter": DIVERGENCE, "label": "Divergence from the recording", "default": true,
                "description": "A recorded execution: stop before the action where the run \
                                parts from the recording",
            },
        ],
    })
}

/// The exception breakpoint filters.
const ERRORS: &str = "errors";
const ERROR_HANDLING: &str = "errorHandling";
const DIVERGENCE: &str = "divergence";
/// A function breakpoint on a recorded action starts with it: `recorded: Get balance`.
const RECORDED: &str = "recorded:";

/// A request as read.
struct Request {
    seq: i64,
    command: String,
    arguments: Json,
}

/// The output side: sequence numbers, responses, events.
struct Out<'w, W: Write> {
    w: &'w mut W,
    seq: i64,
}

impl<W: Write> Out<'_, W> {
    fn send(&mut self, mut message: Json) -> Result<(), WireError> {
        self.seq += 1;
        message["seq"] = json!(self.seq);
        transport::write(self.w, &message).map_err(WireError::Io)
    }

    fn respond(&mut self, req: &Request, body: Json) -> Result<(), WireError> {
        let mut message = json!({
            "type": "response", "request_seq": req.seq, "success": true, "command": req.command,
        });
        message["body"] = body;
        self.send(message)
    }

    fn refuse(&mut self, req: &Request, message: &str) -> Result<(), WireError> {
        self.error(req.seq, &req.command, message)
    }

    fn error(&mut self, request_seq: i64, command: &str, message: &str) -> Result<(), WireError> {
        self.send(json!({
            "type": "response", "request_seq": request_seq, "success": false,
            "command": command, "message": message,
            "body": {"error": {"id": 1, "format": message, "showUser": true}},
        }))
    }

    fn event(&mut self, event: &str, body: Json) -> Result<(), WireError> {
        let mut message = json!({"type": "event", "event": event});
        message["body"] = body;
        self.send(message)
    }

    fn output(&mut self, category: &str, text: &str) -> Result<(), WireError> {
        let mut text = text.to_owned();
        if !text.ends_with('\n') {
            text.push('\n');
        }
        self.event("output", json!({"category": category, "output": text}))
    }
}

/// The next request; `None` at the end of the input. A message that is not a request is
/// answered with an error response, and the next one read.
fn next<W: Write>(
    input: &mut impl BufRead,
    out: &mut Out<'_, W>,
) -> Result<Option<Request>, WireError> {
    loop {
        let Some(body) = transport::read(input)? else { return Ok(None) };
        let message: Json = match serde_json::from_slice(&body) {
            Ok(m) => m,
            Err(e) => {
                out.error(0, "", &format!("the message is not JSON: {e}"))?;
                continue;
            }
        };
        let seq = message.get("seq").and_then(Json::as_i64);
        let command = message.get("command").and_then(Json::as_str);
        match (message.get("type").and_then(Json::as_str), seq, command) {
            (Some("request"), Some(seq), Some(command)) => {
                let arguments = message.get("arguments").cloned().unwrap_or(Json::Null);
                return Ok(Some(Request { seq, command: command.to_owned(), arguments }));
            }
            // A client's responses (to requests the server never sends) and events: ignored.
            (Some("response" | "event"), ..) => {}
            _ => out.error(
                seq.unwrap_or(0),
                command.unwrap_or(""),
                "not a DAP request: a request is an object with `\"type\": \"request\"`, a \
                 number `seq` and a `command`",
            )?,
        }
    }
}

/// What the command line gives every launch that does not say it itself.
#[derive(Debug, Clone, Default)]
pub struct Given {
    /// `--env NAME`: the project's environment.
    pub env: Option<String>,
    /// `--project PATH`: the project file (or its folder), instead of the one found upward.
    pub project: Option<PathBuf>,
}

/// Serves one debugging session on `input` and `output`, until `disconnect` or the end of
/// the input. `given`: the project's environment and file a launch that names none uses.
///
/// # Errors
/// When the input is not framed as DAP, or cannot be read or written.
pub fn serve(
    input: &mut impl BufRead,
    output: &mut impl Write,
    given: &Given,
) -> Result<(), WireError> {
    let mut out = Out { w: output, seq: 0 };
    let mut lines_from_1 = true;
    while let Some(req) = next(input, &mut out)? {
        match req.command.as_str() {
            "initialize" => {
                lines_from_1 = req.arguments["linesStartAt1"].as_bool().unwrap_or(true);
                out.respond(&req, capabilities())?;
            }
            "launch" => {
                let mut args: launch::Args = match serde_json::from_value(req.arguments.clone()) {
                    Ok(a) => a,
                    Err(e) => {
                        out.refuse(&req, &format!("the launch arguments do not read: {e}"))?;
                        continue;
                    }
                };
                if args.env.is_none() {
                    args.env.clone_from(&given.env);
                }
                if args.project.is_none() {
                    args.project.clone_from(&given.project);
                }
                let loaded = match launch::load(&args) {
                    Ok(l) => l,
                    Err(m) => {
                        out.refuse(&req, &m)?;
                        continue;
                    }
                };
                let session = match Session::new(
                    &loaded.registry,
                    &loaded.fixtures,
                    loaded.request.clone(),
                ) {
                    Ok(s) => s,
                    Err(e) => {
                        out.refuse(&req, &format!("the run cannot start: {e} ({})", e.help()))?;
                        continue;
                    }
                };
                out.respond(&req, json!({}))?;
                if let Some(r) = &loaded.recorded {
                    out.output("console", &replayed(&loaded.title, r))?;
                }
                out.event("initialized", json!({}))?;
                let mut debugger = Debugger {
                    session,
                    title: loaded.title.clone(),
                    stop_on_entry: args.stop_on_entry,
                    line_base: u32::from(!lines_from_1),
                    waiting: None,
                    refs: Vec::new(),
                    prompts: 0,
                    exception_shown: false,
                    terminated: false,
                    stop_on_errors: true,
                    recorded: loaded.recorded,
                };
                // The filters' defaults, until the client sets them.
                debugger.session.breakpoints.catch.divergence =
                    debugger.recorded.as_ref().and_then(|r| r.parts_at);
                return debugger.serve(input, &mut out);
            }
            "disconnect" => {
                out.respond(&req, json!({}))?;
                return Ok(());
            }
            _ => out.refuse(
                &req,
                &format!("`{}` before `launch`: `initialize`, then `launch`", req.command),
            )?,
        }
    }
    Ok(())
}

/// A variable reference: a scope of the paused frame, or a collection's value.
enum Ref {
    Scope(Scope),
    /// The Flow, Task or Other scope of an outer frame: the variables of level `.1` of the
    /// stack (a common module's caller's own, not the module's).
    Outer(Scope, usize),
    Value(Value),
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Scope {
    Flow,
    Task,
    Other,
    Builtins,
    /// A recorded execution's: what the recording has here.
    Recorded,
    /// The caller's side: the inputs the run will read.
    Input,
}

impl Scope {
    fn name(self) -> &'static str {
        match self {
            Scope::Flow => "Flow",
            Scope::Task => "Task",
            Scope::Other => "Other",
            Scope::Builtins => "Built-ins",
            Scope::Recorded => "Recorded",
            Scope::Input => "Input",
        }
    }

    /// Whether variable `name` belongs to this scope.
    fn holds(self, name: &str) -> bool {
        let head = name.split('.').next().unwrap_or("").to_ascii_lowercase();
        match self {
            Scope::Flow => head == "flow",
            Scope::Task => head == "task" || head == "state",
            Scope::Other => !matches!(head.as_str(), "flow" | "task" | "state"),
            Scope::Builtins | Scope::Recorded | Scope::Input => false,
        }
    }
}

struct Debugger<'r, 'f> {
    session: Session<'r, 'f>,
    title: String,
    stop_on_entry: bool,
    /// 1 when the client counts lines from 0.
    line_base: u32,
    /// The motion an input the run needed interrupted: an input given resumes it.
    waiting: Option<Motion>,
    /// This pause's variable references (`id - 1`); dropped when the run moves.
    refs: Vec<Ref>,
    /// The prompts of the run so far already said as output.
    prompts: usize,
    /// The run ended with an error and stopped there once (reason `exception`).
    exception_shown: bool,
    terminated: bool,
    /// The `errors` filter: a run that ends with an error stops there once.
    stop_on_errors: bool,
    /// The recording the run replays (an `execution` launch).
    recorded: Option<launch::Recorded>,
}

impl Debugger<'_, '_> {
    fn serve<W: Write>(
        &mut self,
        input: &mut impl BufRead,
        out: &mut Out<'_, W>,
    ) -> Result<(), WireError> {
        while let Some(req) = next(input, out)? {
            let args = &req.arguments;
            match req.command.as_str() {
                "setBreakpoints" => {
                    let body = self.set_breakpoints(args);
                    out.respond(&req, body)?;
                }
                "setFunctionBreakpoints" => {
                    let body = self.set_function_breakpoints(args);
                    out.respond(&req, body)?;
                }
                "setExceptionBreakpoints" => {
                    let body = self.set_exception_breakpoints(args);
                    out.respond(&req, body)?;
                }
                "configurationDone" => {
                    out.respond(&req, json!({}))?;
                    self.start(out)?;
                }
                "threads" => out.respond(
                    &req,
                    json!({"threads": [{"id": 1, "name": self.title}]}),
                )?,
                "stackTrace" => {
                    let frames = self.frames();
                    let total = frames.len();
                    out.respond(&req, json!({"stackFrames": frames, "totalFrames": total}))?;
                }
                "scopes" => {
                    let scopes = self.scopes(args["frameId"].as_u64());
                    out.respond(&req, json!({"scopes": scopes}))?;
                }
                "variables" => {
                    let id = args["variablesReference"].as_u64().unwrap_or(0);
                    match self.variables(id) {
                        Ok(vars) => out.respond(&req, json!({"variables": vars}))?,
                        Err(m) => out.refuse(&req, &m)?,
                    }
                }
                "evaluate" => {
                    let text = args["expression"].as_str().unwrap_or("");
                    let input = text.trim().strip_prefix("input ").map(str::trim);
                    if let Some(input) = input.filter(|_| args["context"] == "repl") {
                        self.input(&req, input, false, out)?;
                        continue;
                    }
                    let evaluated = match self.frame_place(args["frameId"].as_u64()) {
                        Ok(Some((flow, node, level))) => {
                            self.session.eval_in(level, flow, node, text)
                        }
                        Ok(None) => self.session.eval(text),
                        Err(m) => {
                            out.refuse(&req, &m)?;
                            continue;
                        }
                    };
                    match evaluated {
                        Ok((v, notes)) => {
                            let body = self.value_json(&v, "result");
                            out.respond(&req, body)?;
                            for n in notes {
                                out.output("console", &format!("note: {n}"))?;
                            }
                        }
                        Err(r) => out.refuse(&req, &refusal(&r))?,
                    }
                }
                "setVariable" => self.set_variable(&req, out)?,
                "continue" => {
                    out.respond(&req, json!({"allThreadsContinued": true}))?;
                    self.go(Motion::Continue, out)?;
                }
                "next" => {
                    out.respond(&req, json!({}))?;
                    self.go(Motion::Over, out)?;
                }
                "stepIn" => {
                    out.respond(&req, json!({}))?;
                    self.go(Motion::Into, out)?;
                }
                "stepOut" => {
                    out.respond(&req, json!({}))?;
                    self.go(Motion::Out, out)?;
                }
                "stepBack" => {
                    let to = self.session.stepper().steps().saturating_sub(1);
                    self.back(&req, to, out)?;
                }
                "reverseContinue" => match self.session.previous_stop() {
                    Ok(to) => self.back(&req, to, out)?,
                    Err(m) => out.refuse(&req, &m)?,
                },
                "restart" => match self.session.replay(0) {
                    Ok(()) => {
                        out.respond(&req, json!({}))?;
                        self.session.breakpoints.reset_hits();
                        self.moved();
                        self.waiting = None;
                        self.prompts = 0;
                        self.start(out)?;
                    }
                    Err(m) => out.refuse(&req, &m)?,
                },
                "disconnect" | "terminate" => {
                    out.respond(&req, json!({}))?;
                    return Ok(());
                }
                "pause" => out.refuse(&req, "the run is already paused: it runs only while a step, next or continue is answered")?,
                "initialize" | "launch" => out.refuse(
                    &req,
                    &format!("`{}`: the session is already launched", req.command),
                )?,
                other => out.refuse(&req, &format!("`{other}` is not supported by flowsim dap"))?,
            }
        }
        Ok(())
    }

    /// The run starts (configuration done, or restarted): paused before its first step, or
    /// run to the first breakpoint.
    fn start<W: Write>(&mut self, out: &mut Out<'_, W>) -> Result<(), WireError> {
        if self.stop_on_entry {
            return stopped(out, "entry", None, None);
        }
        let stop = self.session.motion(Motion::Continue, true);
        self.waiting = (stop == Stop::Input).then_some(Motion::Continue);
        self.report(stop, out)
    }

    fn go<W: Write>(&mut self, motion: Motion, out: &mut Out<'_, W>) -> Result<(), WireError> {
        self.moved();
        let stop = if self.session.stepper().at().is_some() {
            self.session.motion(motion, false)
        } else {
            Stop::Ended
        };
        self.waiting = (stop == Stop::Input).then_some(motion);
        self.report(stop, out)
    }

    /// `input TEXT` in the debug console: the run's next input from here (a new future), and
    /// the motion it waited in resumed.
    /// `set`: given by `setVariable` on the Input scope (answered with the input's words, what
    /// was done said in the console) rather than typed in the console.
    fn input<W: Write>(
        &mut self,
        req: &Request,
        text: &str,
        set: bool,
        out: &mut Out<'_, W>,
    ) -> Result<(), WireError> {
        if self.terminated || self.session.stepper().at().is_none() {
            return out.refuse(req, "the run has ended: step back or restart to give it an input");
        }
        let entry = match session::parse_input(text) {
            Ok(e) => e,
            Err(session::InputError::Slot) => {
                return out.refuse(
                    req,
                    &format!(
                        "`input {text}` is not slot:NAME=VALUE: write it like \
                         `input slot:Email=ann@example.com`"
                    ),
                )
            }
            Err(session::InputError::Seconds(secs)) => {
                return out.refuse(
                    req,
                    &format!(
                        "`input {text}`: `{secs}` is not a number of seconds: write a delayed \
                         answer as DIGITS@SECONDS, e.g. `input 1@2.5`"
                    ),
                )
            }
        };
        let taken = self.session.stepper().inputs_taken();
        let dropped = match self.session.input(entry) {
            Ok(d) => d,
            Err(m) => return out.refuse(req, &format!("`input {text}`: {m}")),
        };
        let mut said = format!("input {text} given (input {} of the run)", taken + 1);
        if dropped.inputs + dropped.sets > 0 {
            let _ = write!(
                said,
                "; a new future: dropped {} input(s) and {} set(s) given after this step",
                dropped.inputs, dropped.sets
            );
        }
        if set {
            out.respond(req, json!({"value": text, "variablesReference": 0}))?;
            out.output("console", &said)?;
        } else {
            out.respond(req, json!({"result": said, "variablesReference": 0}))?;
        }
        match self.waiting.take() {
            Some(motion) => self.go(motion, out),
            None => Ok(()),
        }
    }

    /// Back to step `to` (steps taken), by re-running the script there.
    fn back<W: Write>(
        &mut self,
        req: &Request,
        to: usize,
        out: &mut Out<'_, W>,
    ) -> Result<(), WireError> {
        if self.terminated {
            return out.refuse(req, "the run has ended and the session with it: restart it");
        }
        if let Err(m) = self.session.replay(to) {
            return out.refuse(req, &m);
        }
        out.respond(req, json!({}))?;
        self.moved();
        self.waiting = None;
        self.exception_shown = false;
        // The prompts up to here were said on the way.
        self.prompts = self.session.snapshot().map_or(self.prompts, |r| r.prompts.len());
        if let Some(c) = self.session.caught() {
            let text = self.caught_text(c);
            return stopped(out, "exception", None, Some(&text));
        }
        let reason = if self.session.at_breakpoint() { "breakpoint" } else { "step" };
        stopped(out, reason, None, None)
    }

    /// The run moved: this pause's references are gone.
    fn moved(&mut self) {
        self.refs.clear();
    }

    /// What a motion's end is told as: the log points' and the prompts' output, then the
    /// stop (or the run's end).
    fn report<W: Write>(&mut self, stop: Stop, out: &mut Out<'_, W>) -> Result<(), WireError> {
        for said in self.session.take_said() {
            out.output("console", &said)?;
        }
        let result = self.session.snapshot().ok();
        if let Some(r) = &result {
            for p in r.prompts.iter().skip(self.prompts) {
                out.output("stdout", &format!("says \"{}\"", p.text))?;
            }
            self.prompts = r.prompts.len();
        }
        match stop {
            Stop::Step => stopped(out, "step", None, None),
            Stop::Breakpoint(id) => {
                let text = self.session.breakpoints.text(id).to_owned();
                stopped(out, "breakpoint", Some(id), Some(&text))
            }
            Stop::Caught(c) => {
                let text = self.caught_text(c);
                out.output("console", &text)?;
                stopped(out, "exception", None, Some(&text))
            }
            Stop::Input => {
                out.output(
                    "console",
                    "the run waits for an input the launch did not give: type it in the debug \
                     console (`input 1`, `input 1234#`, `input timeout`, `input say:TEXT`, \
                     `input intent:NAME`, `input noMatch`), or add it to the launch's `inputs`",
                )?;
                stopped(out, "pause", None, Some("waits for an input"))
            }
            Stop::Ended => {
                let Some(r) = result else { return self.terminate(out, 0) };
                let mut said = format!(
                    "the run ended: {} after {} step(s), {} ms virtual time",
                    r.status.as_str(),
                    r.trace.len(),
                    r.elapsed_ms
                );
                if let Some(e) = &r.error {
                    let place = show::placed(
                        self.session.registry(),
                        self.session.version(),
                        e.flow,
                        e.node,
                    );
                    let _ = write!(said, "; error {} at {place}: {}", e.kind, e.message);
                    if !self.exception_shown && self.stop_on_errors {
                        self.exception_shown = true;
                        out.output("console", &said)?;
                        let text = format!("{}: {}", e.kind, e.message);
                        return stopped(out, "exception", None, Some(&text));
                    }
                }
                out.output("console", &said)?;
                let code = i64::from(r.status == Status::Failed);
                self.terminate(out, code)
            }
        }
    }

    fn terminate<W: Write>(&mut self, out: &mut Out<'_, W>, code: i64) -> Result<(), WireError> {
        if self.terminated {
            return Ok(());
        }
        self.terminated = true;
        out.event("exited", json!({"exitCode": code}))?;
        out.event("terminated", json!({}))
    }

    // ---- breakpoints ----

    fn set_breakpoints(&mut self, args: &Json) -> Json {
        let source = args["source"].clone();
        let path = source["path"].as_str().unwrap_or("").to_owned();
        self.session.breakpoints.clear_group(&path);
        let wanted: Vec<Json> = match args["breakpoints"].as_array() {
            Some(list) => list.clone(),
            // The protocol's older form: the lines alone.
            None => args["lines"]
                .as_array()
                .map(|ls| ls.iter().map(|l| json!({"line": l})).collect())
                .unwrap_or_default(),
        };
        let reg = self.session.registry();
        let version = self.session.version();
        let mut answers = Vec::new();
        for b in &wanted {
            let line = b["line"].as_u64().and_then(|l| u32::try_from(l).ok()).unwrap_or(0)
                + self.line_base;
            let found = places::at_line(reg, version, std::path::Path::new(&path), line);
            let Some(&(_, _, at)) = found.first() else {
                answers.push(json!({
                    "verified": false, "line": line - self.line_base,
                    "message": format!("no action of this file is written at or above line {line}"),
                }));
                continue;
            };
            let places: Vec<_> = found.iter().map(|&(f, n, _)| (f, n)).collect();
            let text = format!("{} (line {at})", show::place(reg, places[0].0, places[0].1));
            let answer = match self.add(&path, text, At::Places(places), b) {
                Ok(id) => json!({
                    "id": id, "verified": true, "line": at - self.line_base, "source": source,
                }),
                Err(m) => json!({"verified": false, "line": line - self.line_base, "message": m}),
            };
            answers.push(answer);
        }
        json!({"breakpoints": answers})
    }

    fn set_function_breakpoints(&mut self, args: &Json) -> Json {
        self.session.breakpoints.clear_group(FUNCTIONS);
        let wanted = args["breakpoints"].as_array().cloned().unwrap_or_default();
        let reg = self.session.registry();
        let version = self.session.version();
        let mut answers = Vec::new();
        for b in &wanted {
            let name = b["name"].as_str().unwrap_or("");
            if let Some(what) = name.strip_prefix(RECORDED) {
                let answer = self.recorded_breakpoint(name, what.trim(), b);
                answers.push(answer);
                continue;
            }
            let found = places::find(reg, version, name)
                .or_else(|by_name| places::of_type(reg, version, name).map_err(|_| by_name));
            let answer = match found {
                Ok(places) => {
                    let first = places.first().copied();
                    match self.add(FUNCTIONS, name.to_owned(), At::Places(places), b) {
                        Ok(id) => {
                            let mut a = json!({"id": id, "verified": true});
                            if let Some((f, n)) = first {
                                self.place_into(&mut a, f, n);
                            }
                            a
                        }
                        Err(m) => json!({"verified": false, "message": m}),
                    }
                }
                Err(m) => json!({"verified": false, "message": m}),
            };
            answers.push(answer);
        }
        json!({"breakpoints": answers})
    }

    /// Adds a breakpoint on `places` with `b`'s condition, hit condition and log message.
    fn add(&mut self, group: &str, text: String, at: At, b: &Json) -> Result<usize, String> {
        let cond = match b["condition"].as_str().filter(|c| !c.trim().is_empty()) {
            Some(c) => Some(self.session.condition(c).map_err(|r| refusal(&r))?.0),
            None => None,
        };
        let hit = match b["hitCondition"].as_str().filter(|c| !c.trim().is_empty()) {
            Some(h) => Some(HitCondition::parse(h)?),
            None => None,
        };
        let log = b["logMessage"].as_str().map(str::to_owned);
        let spec = Spec { text, at, cond, hit, log };
        self.session.breakpoints.add_places(group, spec)
    }

    /// `recorded: WHAT`: before each local step paired with a recorded action `WHAT` names
    /// (its name, `Task/Name`, its event key such as `actionCallData`).
    fn recorded_breakpoint(&mut self, name: &str, what: &str, b: &Json) -> Json {
        if what.is_empty() {
            return json!({"verified": false, "message": "name the recorded action after `recorded:`: its name, `Task/Name` or its event key (`recorded: actionCallData`)"});
        }
        let Some(r) = &self.recorded else {
            return json!({"verified": false, "message": "a breakpoint on a recorded action needs a recorded execution: launch with `execution`"});
        };
        let named: Vec<&flowsim_api::api::execution::debug::Paired> =
            r.actions.iter().filter(|a| a.answers_to(what)).collect();
        let Some(first) = named.first() else {
            let names = r.actions.iter().map(|a| a.name.as_str());
            let hint = flowsim_project::util::nearest(what, names)
                .map_or_else(String::new, |n| format!("; did you mean `{RECORDED} {n}`?"));
            return json!({"verified": false, "message": format!("the recording has no action `{what}`{hint}")});
        };
        let steps: Vec<usize> = named.iter().filter_map(|a| a.step).collect();
        if steps.is_empty() {
            return json!({"verified": false, "message": format!(
                "the recording's `{what}` ({}) comes after the run parts from it: the local run never gets there",
                first.label
            )});
        }
        let first_step = steps[0];
        match self.add(FUNCTIONS, name.to_owned(), At::Steps(steps), b) {
            Ok(id) => {
                let mut a = json!({"id": id, "verified": true});
                // The local action of its first pairing, for the editor to show.
                if let Some((f, n)) = self.step_place(first_step) {
                    self.place_into(&mut a, f, n);
                }
                a
            }
            Err(m) => json!({"verified": false, "message": m}),
        }
    }

    /// The local action of step `step` (steps taken before it) of the run as replayed.
    fn step_place(&self, step: usize) -> Option<(FlowIdx, NodeIdx)> {
        let r = self.session.snapshot_to(step + 1).ok()?;
        r.trace.get(step).map(|s| (s.flow, s.node))
    }

    fn set_exception_breakpoints(&mut self, args: &Json) -> Json {
        let filters: Vec<&str> = args["filters"]
            .as_array()
            .map(|f| f.iter().filter_map(Json::as_str).collect())
            .unwrap_or_default();
        let on = |f: &str| filters.contains(&f);
        self.stop_on_errors = on(ERRORS);
        self.session.breakpoints.catch.error_handling = on(ERROR_HANDLING);
        self.session.breakpoints.catch.divergence =
            if on(DIVERGENCE) { self.recorded.as_ref().and_then(|r| r.parts_at) } else { None };
        let answers: Vec<Json> = filters
            .iter()
            .map(|f| match *f {
                ERRORS | ERROR_HANDLING => json!({"verified": true}),
                DIVERGENCE if self.recorded.is_some() => json!({"verified": true}),
                DIVERGENCE => json!({"verified": false, "message": "only a recorded execution (`execution`) has a recording to part from"}),
                other => json!({"verified": false, "message": format!(
                    "no exception filter `{other}`: the filters are `{ERRORS}`, `{ERROR_HANDLING}` and `{DIVERGENCE}`"
                )}),
            })
            .collect();
        json!({"breakpoints": answers})
    }

    /// What an exception breakpoint stopped for, in words.
    fn caught_text(&self, c: Caught) -> String {
        match c {
            Caught::Divergence => {
                let said = self
                    .recorded
                    .as_ref()
                    .and_then(|r| r.report.divergence.as_ref())
                    .map_or_else(String::new, |d| format!(": {}", d.message));
                format!("the run parts from the recording here{said}")
            }
            Caught::ErrorHandling => {
                let st = self.session.stepper();
                let place = st.last().map_or_else(String::new, |s| {
                    show::placed(self.session.registry(), self.session.version(), s.flow, s.node)
                });
                format!("error handling taken: {place} left by its failure path")
            }
        }
    }

    // ---- where the run is ----

    /// A frame's `source` and `line` for the action `node` of `flow`.
    fn place_into(&self, into: &mut Json, flow: FlowIdx, node: NodeIdx) {
        let reg = self.session.registry();
        let f = reg.flow(flow);
        let line = f.graph(self.session.version()).map_or(0, |g| g.node(node).line);
        let path = std::fs::canonicalize(&f.file).unwrap_or_else(|_| f.file.clone());
        let name = path.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        into["source"] = json!({"name": name, "path": path.display().to_string()});
        into["line"] = json!(line.saturating_sub(self.line_base));
        into["column"] = json!(1u32.saturating_sub(self.line_base));
    }

    fn frame(&self, id: usize, flow: FlowIdx, node: NodeIdx) -> Json {
        let reg = self.session.registry();
        let name = format!(
            "{} › {}",
            reg.flow(flow).name,
            show::placed(reg, self.session.version(), flow, node)
        );
        let mut frame = json!({"id": id, "name": name});
        self.place_into(&mut frame, flow, node);
        frame
    }

    /// The call stack, innermost first: the action about to run, then each reusable task's
    /// `callTask` and each called flow's or module's calling action on the way out.
    fn frames(&self) -> Vec<Json> {
        let places = self.places();
        places.iter().enumerate().map(|(i, &(f, n, _))| self.frame(i + 1, f, n)).collect()
    }

    /// The frames' places, innermost first, each with its level of the stack (`usize::MAX`:
    /// where a run that ended failed).
    fn places(&self) -> Vec<(FlowIdx, NodeIdx, usize)> {
        let st = self.session.stepper();
        let mut places = Vec::new();
        match st.at() {
            Some(mut pos) => {
                let stack = st.stack();
                for i in (0..stack.len()).rev() {
                    places.push((pos.0, pos.1, i));
                    for &call in st.task_calls(i).iter().rev() {
                        places.push((stack[i].flow, call, i));
                    }
                    if let (Some(call), Some(outer)) = (stack[i].called_from, i.checked_sub(1)) {
                        pos = (stack[outer].flow, call);
                    }
                }
            }
            // Ended: where its error was, when it failed.
            None => {
                if let Some(e) = self.session.snapshot().ok().and_then(|r| r.error) {
                    places.push((e.flow, e.node, usize::MAX));
                }
            }
        }
        places
    }

    /// The place an `evaluate` of frame `frame` evaluates at (the innermost frame when none is
    /// given): its flow, action and level of the stack; `None` once the run ended (it evaluates
    /// where the run stopped).
    ///
    /// # Errors
    /// A frame this pause does not have.
    fn frame_place(&self, frame: Option<u64>) -> Result<Option<(FlowIdx, NodeIdx, usize)>, String> {
        let places = self.places();
        let place = match frame {
            None => places.first(),
            Some(id) => {
                let index = usize::try_from(id).ok().and_then(|i| i.checked_sub(1));
                let place = index.and_then(|i| places.get(i));
                if place.is_none() && self.session.stepper().at().is_some() {
                    return Err(format!(
                        "no frame {id} in this pause: `stackTrace` lists {}",
                        places.len()
                    ));
                }
                place
            }
        };
        Ok(place.copied().filter(|p| p.2 != usize::MAX))
    }

    // ---- values ----

    fn reference(&mut self, r: Ref) -> usize {
        if self.refs.len() >= MAX_REFS {
            self.refs.clear();
        }
        self.refs.push(r);
        self.refs.len()
    }

    /// The scopes of frame `frame` (1, the innermost, unless another is given): an outer
    /// frame of another level of the stack shows that level's own Flow, Task and Other
    /// variables; the caller's side, the built-ins and the recording are the run's.
    fn scopes(&mut self, frame: Option<u64>) -> Vec<Json> {
        let st = self.session.stepper();
        let top = st.stack().len().saturating_sub(1);
        let level = frame
            .and_then(|f| usize::try_from(f).ok()?.checked_sub(1))
            .and_then(|i| self.places().get(i).map(|p| p.2))
            .filter(|&l| l < top);
        if let Some(level) = level {
            let vars = self.session.stepper().variables_at(level);
            let mut out = Vec::new();
            for scope in [Scope::Flow, Scope::Task, Scope::Other] {
                if scope == Scope::Other && !vars.iter().any(|(n, _)| scope.holds(n)) {
                    continue;
                }
                let id = self.reference(Ref::Outer(scope, level));
                out.push(json!({
                    "name": scope.name(), "variablesReference": id, "expensive": false,
                    "presentationHint": "locals",
                }));
            }
            return out;
        }
        let vars = self.session.stepper().variables();
        let mut out = Vec::new();
        let all = [
            Scope::Flow,
            Scope::Task,
            Scope::Other,
            Scope::Input,
            Scope::Builtins,
            Scope::Recorded,
        ];
        for scope in all {
            if scope == Scope::Other && !vars.iter().any(|(n, _)| scope.holds(n)) {
                continue;
            }
            if scope == Scope::Recorded && self.recorded.is_none() {
                continue;
            }
            let id = self.reference(Ref::Scope(scope));
            out.push(json!({
                "name": scope.name(), "variablesReference": id,
                "expensive": scope == Scope::Builtins,
                "presentationHint": if scope == Scope::Builtins { "registers" } else { "locals" },
            }));
        }
        out
    }

    fn variables(&mut self, id: u64) -> Result<Vec<Json>, String> {
        let index = usize::try_from(id).ok().and_then(|i| i.checked_sub(1));
        let Some(r) = index.and_then(|i| self.refs.get(i)) else {
            return Err(format!("no variables reference {id} in this pause"));
        };
        if matches!(r, Ref::Scope(Scope::Builtins)) {
            let named = self.builtins();
            return Ok(named.into_iter().map(|(name, v)| self.named(&name, &v, false)).collect());
        }
        if matches!(r, Ref::Scope(Scope::Recorded)) {
            return Ok(self.recorded_variables());
        }
        if matches!(r, Ref::Scope(Scope::Input)) {
            return Ok(self.input_variables());
        }
        let named: Vec<(String, Value)> = match r {
            Ref::Scope(Scope::Builtins | Scope::Recorded | Scope::Input) => Vec::new(),
            Ref::Outer(scope, level) => {
                let scope = *scope;
                self.session
                    .stepper()
                    .variables_at(*level)
                    .into_iter()
                    .filter(|(n, _)| scope.holds(n))
                    .map(|(n, v)| (n.to_string(), v))
                    .collect()
            }
            Ref::Scope(scope) => {
                let scope = *scope;
                self.session
                    .stepper()
                    .variables()
                    .into_iter()
                    .filter(|(n, _)| scope.holds(n))
                    .map(|(n, v)| (n.to_string(), v))
                    .collect()
            }
            Ref::Value(Value::List(items)) => items
                .iter()
                .take(MAX_CHILDREN)
                .enumerate()
                .map(|(i, v)| (format!("[{}]", i + 1), v.clone()))
                .collect(),
            Ref::Value(Value::Object(obj)) => {
                obj.iter().take(MAX_CHILDREN).map(|(k, v)| (k.to_string(), v.clone())).collect()
            }
            Ref::Value(_) => Vec::new(),
        };
        let from_scope = matches!(r, Ref::Scope(_));
        Ok(named.into_iter().map(|(name, v)| self.named(&name, &v, from_scope)).collect())
    }

    /// A variable as `variables` lists it.
    fn named(&mut self, name: &str, v: &Value, evaluate: bool) -> Json {
        let mut var = self.value_json(v, "value");
        if evaluate {
            var["evaluateName"] = json!(name);
        }
        var["name"] = json!(name);
        var
    }

    /// The Recorded scope: the recorded action paired with the step about to run (and the
    /// output it left by), where the run parts from the recording, and each variable as the
    /// recording had it here (its start variables, then what the recorded actions paired with
    /// the steps taken wrote), the local value beside it where the two differ.
    fn recorded_variables(&mut self) -> Vec<Json> {
        let Some(r) = &self.recorded else { return Vec::new() };
        let now = self.session.stepper().steps();
        let action = match r.actions.iter().find(|a| a.step == Some(now)) {
            Some(a) => format!("{} → {}", a.label, a.output),
            None if r.parts_at.is_some_and(|p| now > p) => {
                "none: the run parted from the recording before this step".into()
            }
            // Where the runs part by another action: the recording's, which this one is not.
            None if r.parts_at == Some(now) => match r.actions.iter().find(|a| a.step.is_none()) {
                Some(a) => format!(
                    "{} → {} (the recording's; the local run runs another action)",
                    a.label, a.output
                ),
                None => "none: the recording ended before this step".into(),
            },
            None => "none paired with this step".into(),
        };
        let mut out = vec![json!({"name": "action", "value": action, "variablesReference": 0})];
        if let Some(d) = &r.report.divergence {
            out.push(json!({"name": "divergence", "value": d.message, "variablesReference": 0}));
        }
        let mut values: indexmap::IndexMap<&str, &Json> = indexmap::IndexMap::new();
        for (name, v) in &r.start {
            values.insert(name, v);
        }
        for a in r.actions.iter().filter(|a| a.step.is_some_and(|s| s < now)) {
            for (name, v) in &a.writes {
                values.shift_remove(name.as_str());
                values.insert(name, v);
            }
        }
        let values: Vec<(String, Value)> =
            values.into_iter().map(|(n, v)| (n.to_owned(), Value::from_json(v))).collect();
        for (name, recorded) in values {
            // Flows' variables only: a built-in is recorded in the cloud's form (`Call.Ani`
            // as `tel:+1…`), which the rebuilt request gives as the local run reads it.
            let variable = matches!(
                name.split('.').next().map(str::to_ascii_lowercase).as_deref(),
                Some("flow" | "task" | "state")
            );
            let local = if variable && self.session.stepper().knows_variable(&name) {
                self.session.eval(&name).ok().map(|(v, _)| shown(&v))
            } else {
                None
            };
            let mut var = self.named(&name, &recorded, false);
            if let Some(l) = local.filter(|l| *l != shown(&recorded)) {
                var["value"] = json!(format!("{} (local: {l})", shown(&recorded)));
            }
            out.push(var);
        }
        out
    }

    /// The Input scope: the inputs the run will read from here, in `input`'s words: `next` (the
    /// one a setVariable replaces), then each after it; and how many were taken.
    fn input_variables(&self) -> Vec<Json> {
        let taken = self.session.stepper().inputs_taken();
        let inputs = &self.session.request().inputs;
        let ahead = inputs.get(taken..).unwrap_or_default();
        let next = ahead.first().map_or_else(
            || {
                if self.waiting.is_some() {
                    "none given: the run waits for it here".to_owned()
                } else {
                    "none given: the run stops and asks when it needs one".to_owned()
                }
            },
            session::input_words,
        );
        let mut out = vec![json!({
            "name": "next", "value": next, "variablesReference": 0,
            "presentationHint": {"kind": "data"},
        })];
        for (i, e) in ahead.iter().enumerate().skip(1).take(MAX_CHILDREN) {
            out.push(json!({
                "name": format!("then [{}]", i + 1), "value": session::input_words(e),
                "variablesReference": 0, "presentationHint": {"attributes": ["readOnly"]},
            }));
        }
        out.push(json!({
            "name": "taken", "value": format!("{taken} of {} given", inputs.len()),
            "variablesReference": 0, "presentationHint": {"attributes": ["readOnly"]},
        }));
        out
    }

    /// The built-ins of the current flow's type that have a value here.
    fn builtins(&mut self) -> Vec<(String, Value)> {
        let reg = self.session.registry();
        let flow_type = self.session.stepper().at().map(|(f, _)| reg.flow(f).flow_type.clone());
        let mut out = Vec::new();
        for b in flowsim_project::expr::builtins::BUILTINS {
            if flow_type.as_deref().is_some_and(|ft| b.flows.has(ft) == Some(false)) {
                continue;
            }
            if let Ok((v, _)) = self.session.eval(b.name) {
                if !matches!(v, Value::NotSet) {
                    out.push((b.name.to_owned(), v));
                }
            }
        }
        out
    }

    /// `{<key>: shown value, type, variablesReference}`: a collection gets a reference.
    fn value_json(&mut self, v: &Value, key: &str) -> Json {
        let ty = Ty::of_value(v);
        let children = match v {
            Value::List(l) if !l.is_empty() => Some(l.len()),
            Value::Object(o) if !o.is_empty() => Some(o.len()),
            _ => None,
        };
        let reference = if children.is_some() { self.reference(Ref::Value(v.clone())) } else { 0 };
        let mut out = json!({key: shown(v), "variablesReference": reference});
        if ty.is_known() {
            out["type"] = json!(ty.to_string());
        }
        if let Some(n) = children {
            out[if matches!(v, Value::List(_)) { "indexedVariables" } else { "namedVariables" }] =
                json!(n);
        }
        out
    }

    fn set_variable<W: Write>(
        &mut self,
        req: &Request,
        out: &mut Out<'_, W>,
    ) -> Result<(), WireError> {
        let args = &req.arguments;
        let id = args["variablesReference"].as_u64().unwrap_or(0);
        let index = usize::try_from(id).ok().and_then(|i| i.checked_sub(1));
        if matches!(index.and_then(|i| self.refs.get(i)), Some(Ref::Scope(Scope::Input))) {
            if args["name"] != "next" {
                return out.refuse(
                    req,
                    "only `next` of the Input scope can be set: the run's next input, in \
                     `input`'s words (`1`, `1234#`, `timeout`, `say:TEXT`, `intent:NAME`)",
                );
            }
            let text = args["value"].as_str().unwrap_or("").trim().to_owned();
            if text.is_empty() {
                return out
                    .refuse(req, "an input is not empty: `1`, `1234#`, `timeout`, `say:TEXT`");
            }
            return self.input(req, &text, true, out);
        }
        let settable = matches!(
            index.and_then(|i| self.refs.get(i)),
            Some(Ref::Scope(Scope::Flow | Scope::Task | Scope::Other))
        );
        if !settable {
            return out.refuse(
                req,
                "only a variable of the innermost frame's Flow, Task or Other scope, or the \
                 Input scope's `next`, can be set (not a built-in, an outer frame's variable, \
                 nor an item of a collection)",
            );
        }
        let name = args["name"].as_str().unwrap_or("");
        let text = args["value"].as_str().unwrap_or("");
        match self.session.set(name, text) {
            Ok((v, dropped)) => {
                let mut body = self.value_json(&v, "value");
                if let Some(o) = body.as_object_mut() {
                    o.remove("indexedVariables");
                    o.remove("namedVariables");
                }
                out.respond(req, body)?;
                if dropped.inputs + dropped.sets > 0 {
                    out.output(
                        "console",
                        &format!(
                            "a new future: dropped {} input(s) and {} set(s) given after this step",
                            dropped.inputs, dropped.sets
                        ),
                    )?;
                }
                Ok(())
            }
            Err(r) => out.refuse(req, &refusal(&r)),
        }
    }
}

/// Tells the client the run stopped, and why.
fn stopped<W: Write>(
    out: &mut Out<'_, W>,
    reason: &str,
    breakpoint: Option<usize>,
    text: Option<&str>,
) -> Result<(), WireError> {
    let mut body = json!({"reason": reason, "threadId": 1, "allThreadsStopped": true});
    if let Some(id) = breakpoint {
        body["hitBreakpointIds"] = json!([id]);
    }
    if let Some(t) = text {
        body["text"] = json!(t);
        body["description"] = json!(t);
    }
    out.event("stopped", body)
}

/// A refusal as one message: a diagnostic as `check` words it (`diag::text`, the CLI's own
/// renderer), with its snippet and caret.
fn refusal(r: &Refusal) -> String {
    match r {
        Refusal::Text(t) => t.clone(),
        Refusal::Diagnostic(d) => flowsim_project::diag::text::diagnostic(d).trim_end().to_owned(),
    }
}

/// What the launch of a recorded execution says first: what `flowsim replay` reports for it.
fn replayed(title: &str, r: &launch::Recorded) -> String {
    use flowsim_api::api::replay::Outcome;
    let outcome = match r.report.outcome {
        Outcome::Matched => "MATCH",
        Outcome::Diverged => "DIVERGED",
        Outcome::KnownGap => "KNOWN GAP",
        Outcome::Skipped => "SKIPPED",
        Outcome::Invalid => "INVALID",
    };
    let mut said = format!("{title}: {outcome} as `flowsim replay` replays it");
    if let Some(d) = &r.report.divergence {
        let _ = write!(said, "\n  {}", d.message);
    }
    for c in &r.report.caveats {
        let _ = write!(said, "\n  note: {c}");
    }
    said
}
