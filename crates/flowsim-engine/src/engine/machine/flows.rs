//! The machine's side of how Architect flows move (docs/architect.md): containers entered and
//! left, outputs that fall through, reusable tasks that return, loops, menus, common modules
//! with their own variables, transfers, and flow-level error handling; and the variables
//! actions write.

use super::super::arch::{coerce, ACTION_EXTRA, ACTION_LIMIT};
use super::super::cx::Return;
use super::super::result::{Edge, Status, StepError};
use super::super::scope::Vars;
use super::{Failure, Machine, Next};
use crate::expr::{eval, Value};
use crate::flow::action::Prop;
use crate::flow::catalogue::{bots::prop as bots, control::prop as control};
use crate::flow::model::{ContainerKind, ErrorHandling, FlowType, NO_CONTAINER, UNBOUND};
use crate::flow::{FlowIdx, NodeIdx};
use crate::kind::ErrorKind;
use std::sync::Arc;

impl Machine<'_, '_> {
    /// A flow starts: its declared variables get their initial values (unless the request
    /// preset them), and its start container is entered.
    pub(in crate::engine) fn start_flow(&mut self, flow: FlowIdx, start: NodeIdx) {
        let f = self.cx.run.reg.flow(flow);
        for decl in &f.arch.variables {
            let preset = if decl.var.var == UNBOUND {
                self.cx.flowing.vars.get(&decl.var.lower).is_some()
            } else {
                self.cx.flowing.vars.get_id(decl.var.var).is_some()
            };
            // Only inputs take a value from the caller (the request's `variables`, a module
            // call's inputs); Architect ignores a value given for any other variable.
            if preset && !decl.is_input && self.cx.flowing.frames.len() == 1 {
                self.cx.step.warnings.list.push(super::super::result::Warning {
                    kind: "notAnInput",
                    message: format!(
                        "`{}` is not an input of flow `{}` (isInput is false): the request's value is ignored",
                        decl.var.name, f.name
                    ),
                    flow,
                    node: start,
                    missing: None,
                });
            }
            if !preset || !decl.is_input {
                self.cx.eval().init_var(start, decl);
            } else if super::super::typed::is_calendar(&decl.ty) {
                // A preset Date, Time, Currency or Timeslot arrives as its JSON form.
                let given = self.cx.flowing.read_var(&decl.var);
                self.cx.eval().store(&decl.var, coerce(&decl.ty, given));
            }
        }
        // `Flow.HoldPrompt` is the hold prompt the flow's settings name, unless the request
        // presets it (Genesys: "a variable you can set under Settings > In-Queue").
        if let Some(prompt) = &f.arch.hold_prompt {
            if self.cx.flowing.vars.get("flow.holdprompt").is_none() {
                if let Ok(v) = self.cx.eval().value_of(start, prompt) {
                    self.cx.flowing.vars.set("flow.holdprompt", &Arc::from("Flow.HoldPrompt"), v);
                }
            }
        }
        // An outbound call flow's settings: `Call.ContactList` is its contact list and
        // `Flow.WrapupCode` its default wrap-up code, unless the request presets them.
        let outbound = &f.arch.outbound;
        for (prop, lower, name, wrapup) in [
            (&outbound.contact_list, "call.contactlist", "Call.ContactList", false),
            (&outbound.wrapup_code, "flow.wrapupcode", "Flow.WrapupCode", true),
        ] {
            let Some(prop) = prop else { continue };
            let Ok(v) = self.cx.eval().value_of(start, prop) else { continue };
            if self.cx.flowing.frames.len() == 1 && wrapup {
                self.default_wrapup_code = Some(v.clone()).filter(Value::is_set);
            }
            if self.cx.flowing.vars.get(lower).is_none() {
                // The object a literal names: its `name`, and its `id` when the fixtures list
                // the wrap-up code.
                let v = match v {
                    Value::Str(text) => {
                        let listed = wrapup
                            .then(|| {
                                self.cx.run.fixtures.inventory(crate::fixtures::Org::WrapupCode)
                            })
                            .into_iter()
                            .flatten()
                            .find(|e| *e.id == *text || e.name.eq_ignore_ascii_case(&text));
                        let mut o = crate::expr::value::Object::default();
                        if let Some(e) = listed {
                            o.insert(Arc::from("id"), Value::Str(e.id.clone()));
                        }
                        o.insert(Arc::from("name"), Value::Str(text));
                        Value::Object(Arc::new(o))
                    }
                    other => other,
                };
                self.cx.flowing.vars.set(lower, &Arc::from(name), v);
            }
        }
        let container = self.cx.flowing.frame().graph.node(start).container;
        self.enter_container(start, container);
    }

    /// Enters container `c` at node `n`: its Task/State variables start from their initial
    /// values; a menu entered from another menu remembers it.
    fn enter_container(&mut self, n: NodeIdx, c: u32) {
        if c == NO_CONTAINER {
            return;
        }
        let flow = self.cx.run.reg.flow(self.cx.flowing.frame().flow);
        let Some(container) = flow.arch.containers.get(c as usize) else { return };
        for decl in &container.variables {
            self.cx.eval().init_var(n, decl);
        }
        let state = &mut self.cx.flowing.frames.last_mut().expect("a frame").arch;
        if container.kind == ContainerKind::Menu {
            let current = self.cx.step.trace.last().map(|s| s.node);
            let from_menu = current
                .map(|m| self.cx.flowing.frame().graph.node(m).container)
                .filter(|&m| m != c && m != NO_CONTAINER)
                .filter(|&m| flow.arch.containers[m as usize].kind == ContainerKind::Menu);
            let state = &mut self.cx.flowing.frames.last_mut().expect("a frame").arch;
            if let Some(m) = from_menu {
                state.menus.push(m);
            }
            state.menu = None;
        } else {
            state.menu = None;
        }
    }

    /// Records the step's way out and goes on at `target`; an Architect action with nowhere
    /// to go has reached the end of its container.
    pub(in crate::engine) fn go(
        &mut self,
        step: usize,
        edge: Edge,
        target: Option<NodeIdx>,
    ) -> Next {
        let s = &mut self.cx.step.trace[step];
        s.edge = edge;
        s.set_next(target);
        match target {
            Some(t) => Next::Node(t),
            None => self.container_end(step),
        }
    }

    /// The end of a container: a menu choice that did not end the call (a transfer that
    /// failed) plays its menu again, as Architect does; a reusable task returns to its
    /// `callTask`; otherwise the flow ends as its type does (a call or message flow
    /// disconnects, a workflow or module ends).
    fn container_end(&mut self, step: usize) -> Next {
        let frame = self.cx.flowing.frame();
        let c = frame.graph.node(self.cx.step.trace[step].node).container;
        let containers = &self.cx.run.reg.flow(frame.flow).arch.containers;
        if let Some(menu) = containers.get(c as usize).filter(|m| m.kind == ContainerKind::Menu) {
            // The step keeps `next: null` (its output ends the menu container, as coverage
            // counts it); the menu's own step comes next.
            if let Some(start) = menu.start {
                return Next::Node(start);
            }
        }
        self.return_from_task(None)
    }

    /// Returns from the innermost reusable task along output path `path` (default:
    /// `Default`), or ends the flow when no task is waiting.
    pub(in crate::engine) fn return_from_task(&mut self, path: Option<Arc<str>>) -> Next {
        let mut path = path;
        loop {
            let frame = self.cx.flowing.frames.last_mut().expect("a frame");
            let Some(r) = frame.arch.returns.pop() else { return self.flow_end() };
            frame.arch.loops.truncate(r.loops);
            let graph = frame.graph;
            let node = graph.node(r.call);
            let wanted = path.take();
            let wanted = wanted.as_deref().unwrap_or("Default");
            let exit =
                node.exits.iter().position(|e| e.name.eq_ignore_ascii_case(wanted)).or_else(|| {
                    node.exits.iter().position(|e| e.name.eq_ignore_ascii_case("Default"))
                });
            let target = exit.and_then(|i| node.exits[i].target).or(node.next);
            // The task's output variables into the variables the call names (a Call Task's: a
            // task a setting links has none).
            let outputs = crate::flow::catalogue::control::prop::CALL_TASK_OUTPUTS;
            let bound = if node.action.has(outputs) { node.action.get(outputs).map() } else { &[] };
            for (name, p) in bound {
                if let crate::flow::action::Prop::Var(var) = p {
                    let value = self
                        .cx
                        .flowing
                        .vars
                        .get(&crate::util::fold_case(name))
                        .cloned()
                        .unwrap_or(Value::NotSet);
                    self.cx.eval().write_var(var, value);
                }
            }
            let step = &mut self.cx.step.trace[r.step];
            step.edge = exit.map_or(Edge::Success, |i| Edge::Output(i as u16));
            step.set_next(target);
            if let Some(t) = target {
                return Next::Node(t);
            }
        }
    }

    fn flow_end(&mut self) -> Next {
        let frame = self.cx.flowing.frame();
        let called = frame.call.is_some();
        let flow_type = &self.cx.run.reg.flow(frame.flow).flow_type;
        if !called && crate::flow::model::is_in_queue(flow_type) {
            return self.start_over();
        }
        match FlowType::of(flow_type) {
            FlowType::Call | FlowType::Digital if !called => Next::Stop(Status::Disconnected, None),
            // A bot flow whose actions run out exits as Exit Bot Flow would.
            FlowType::Bot => self.exit_bot(crate::flow::bot::ExitReason::TriggeredByFlow),
            _ => Next::EndFlow(None),
        }
    }

    /// An in-queue flow whose actions ran out: the customer is still waiting, so its looping
    /// task starts over (the SDK's `ArchTaskLoop`: "when execution completes for the actions
    /// defined in the task, the task will start over"), its Task variables from their initial
    /// values. The wait ends when an agent answers (the `agentAnswers` event), the flow
    /// transfers or disconnects, or a limit is reached.
    ///
    /// An in-queue email or message flow with a periodic state runs that state instead: after
    /// its start-up state, and again each time the periodic state ends.
    fn start_over(&mut self) -> Next {
        let frame = self.cx.flowing.frames.last_mut().expect("a frame");
        frame.arch.loops.clear();
        frame.arch.returns.clear();
        frame.arch.restarts = frame.arch.restarts.saturating_add(1);
        let arch = &self.cx.run.reg.flow(frame.flow).arch;
        let periodic =
            arch.periodic.and_then(|c| Some((arch.containers.get(c as usize)?.start?, c)));
        let (start, container) = periodic.unwrap_or_else(|| {
            let start = frame.graph.start;
            (start, frame.graph.node(start).container)
        });
        // The task starts over: its Task variables too, those the flow declares (Archy's
        // in-queue flows declare them beside the flow's) and those its actions created.
        self.cx.flowing.vars.clear_scope("task.");
        let flow = self.cx.run.reg.flow(self.cx.flowing.frame().flow);
        for decl in flow.arch.variables.iter().filter(|d| d.var.lower.starts_with("task.")) {
            self.cx.eval().init_var(start, decl);
        }
        self.enter_container(start, container);
        Next::Node(start)
    }

    /// An agent answered the call waiting in queue (`agentAnswers`): the in-queue flow ends,
    /// `transferred` to the agent.
    pub(in crate::engine) fn agent_answered(&mut self, agent: Arc<str>) -> Next {
        self.cx.talk.route = Some(super::super::result::Route::to("agent", agent));
        Next::Stop(Status::Transferred, None)
    }

    /// The bot flow ends with `reason`: its caller's Call Bot Flow goes on (see
    /// [`Self::bot_outputs`]); at the top, the run completes with the reason as its exit
    /// reason.
    pub(in crate::engine) fn exit_bot(&mut self, reason: crate::flow::bot::ExitReason) -> Next {
        let frame = self.cx.flowing.frames.last_mut().expect("a frame");
        frame.arch.bot.get_or_insert_with(Box::default).exit = Some(reason);
        frame.arch.ask = None;
        if frame.call.is_none() {
            self.cx.talk.arch.exit_reason = Some(Value::str(reason.as_str()));
            self.cx.talk.arch.intent = frame.arch.bot.as_ref().and_then(|b| b.intent.clone());
        }
        Next::EndFlow(None)
    }

    /// `callBotFlow`: the bot runs with its own variables, its inputs set; `inputText` is the
    /// first turn its first Ask action hears.
    pub(in crate::engine) fn call_bot(
        &mut self,
        step: usize,
        n: NodeIdx,
        callee: FlowIdx,
        inputs: Vec<(Arc<str>, Value)>,
        text: Option<Arc<str>>,
    ) -> Next {
        let depth = self.cx.flowing.frames.len();
        let next = self.call_module(step, n, callee, inputs);
        if self.cx.flowing.frames.len() > depth {
            let bot = self
                .cx
                .flowing
                .frames
                .last_mut()
                .expect("the bot's frame")
                .arch
                .bot
                .get_or_insert_with(Box::default);
            bot.pending = text;
        }
        next
    }

    /// A finished bot flow's exit reason and intent, into the Call Bot Flow's variables.
    pub(in crate::engine) fn bot_outputs(
        &mut self,
        call: NodeIdx,
        step: usize,
        bot: &super::super::cx::BotFrame,
    ) {
        let graph = self.cx.flowing.frame().graph;
        let Some(a) = graph.node(call).action.as_architect() else { return };
        let reason = bot.exit.unwrap_or(crate::flow::bot::ExitReason::TriggeredByFlow);
        // A common module's frame may hold a bot's state too; its call has no such variables.
        if let Prop::Var(v) = a.first_of(&[bots::BOT_EXIT_REASON]) {
            self.cx.eval().write_var(v, Value::str(reason.as_str()));
        }
        if let Prop::Var(v) = a.first_of(&[bots::BOT_INTENT]) {
            let intent = bot.intent.as_ref().map_or(Value::NotSet, |i| Value::Str(Arc::clone(i)));
            self.cx.eval().write_var(v, intent);
        }
        // The call's step shows these writes after the outputs `module_outputs` recorded.
        let end = self.cx.step.rec.writes.len() as u32;
        if let super::super::result::StepResult::Action { start, len, .. } =
            &mut self.cx.step.trace[step].result
        {
            *len = end - *start;
        }
    }

    /// A jump: enter the container exit `i` leads to. Loops and reusable tasks running are
    /// left behind.
    pub(in crate::engine) fn jump(&mut self, step: usize, n: NodeIdx, i: u16) -> Next {
        let graph = self.cx.flowing.frame().graph;
        let Some(target) = graph.node(n).exits.get(usize::from(i)).and_then(|e| e.target) else {
            let message = format!("`{}` jumps to a container with no actions", graph.node(n).id);
            return self.fail_step(step, n, ErrorKind::Unsupported, message);
        };
        {
            let state = &mut self.cx.flowing.frames.last_mut().expect("a frame").arch;
            state.loops.clear();
            state.returns.clear();
        }
        let s = &mut self.cx.step.trace[step];
        s.edge = Edge::Output(i);
        s.set_next(Some(target));
        self.enter_container(target, graph.node(target).container);
        Next::Node(target)
    }

    /// `callTask`: the task's end comes back here (see [`Self::return_from_task`]).
    pub(in crate::engine) fn call_task(
        &mut self,
        step: usize,
        n: NodeIdx,
        inputs: Vec<(Arc<str>, Value)>,
    ) -> Next {
        let graph = self.cx.flowing.frame().graph;
        let node = graph.node(n);
        let flow = self.cx.run.reg.flow(self.cx.flowing.frame().flow);
        let a = &node.action;
        let reference =
            a.get(crate::flow::catalogue::control::prop::CALL_TASK_TARGET).text().cloned();
        let container = reference.as_deref().and_then(|r| flow.arch.container_by_ref(r));
        let Some(c) = container else {
            let message = format!(
                "`{}` calls task `{}`, which the flow does not have",
                node.id,
                reference.as_deref().unwrap_or("")
            );
            return self.fail_step(step, n, ErrorKind::TaskNotFound, message);
        };
        self.enter_task(step, n, c, inputs)
    }

    /// Runs task container `c` for node `n` (a Call Task, or an action whose setting links the
    /// task), its inputs set: the task's end comes back to `n` ([`Self::return_from_task`]).
    pub(in crate::engine) fn enter_task(
        &mut self,
        step: usize,
        n: NodeIdx,
        c: u32,
        inputs: Vec<(Arc<str>, Value)>,
    ) -> Next {
        let graph = self.cx.flowing.frame().graph;
        let node = graph.node(n);
        let flow = self.cx.run.reg.flow(self.cx.flowing.frame().flow);
        // A task with no actions returns at once.
        let Some(start) = flow.arch.containers[c as usize].start else {
            return self.go(step, Edge::Success, node.next);
        };
        let state = &mut self.cx.flowing.frames.last_mut().expect("a frame").arch;
        let loops = state.loops.len();
        state.returns.push(Return { call: n, step, loops });
        let s = &mut self.cx.step.trace[step];
        s.edge = Edge::Open;
        s.set_next(Some(start));
        self.enter_container(start, c);
        // The task's variables start from their initial values; its inputs then hold what the
        // call passed.
        for (name, value) in inputs {
            self.cx.flowing.vars.set(&crate::util::fold_case(&name), &name, value);
        }
        Next::Node(start)
    }

    /// `callCommonModule`: the module runs with its own variables, its inputs set.
    pub(in crate::engine) fn call_module(
        &mut self,
        step: usize,
        n: NodeIdx,
        callee: FlowIdx,
        inputs: Vec<(Arc<str>, Value)>,
    ) -> Next {
        let Some(graph) = self.cx.run.reg.flow(callee).graph(self.cx.run.version) else {
            let message =
                format!("module `{}` has no published version", self.cx.run.reg.flow(callee).name);
            return self.fail_step(step, n, ErrorKind::FlowNotPublished, message);
        };
        let depth = self.cx.flowing.frame().depth;
        if depth >= super::super::cx::MAX_CALL_DEPTH {
            let message =
                format!("calls nest deeper than {} flows", super::super::cx::MAX_CALL_DEPTH);
            return self.fail_step(step, n, ErrorKind::CallDepth, message);
        }
        let fresh = Vars::new(self.cx.run.reg.var_table());
        let saved = std::mem::replace(&mut self.cx.flowing.vars, fresh);
        for (name, value) in inputs {
            self.cx.flowing.vars.set(&crate::util::fold_case(&name), &name, value);
        }
        self.push_frame(callee, graph, n, step, Some(saved), None);
        self.cx.step.trace[step].edge = Edge::Open;
        self.start_flow(callee, graph.start);
        Next::Node(graph.start)
    }

    /// Copies a finished module's outputs into the caller's variables.
    pub(in crate::engine) fn module_outputs(
        &mut self,
        call: NodeIdx,
        step: usize,
        callee: &Vars<'_>,
    ) {
        let graph = self.cx.flowing.frame().graph;
        let Some(a) = graph.node(call).action.as_architect() else { return };
        let calls = [control::MODULE_OUTPUTS, bots::BOT_OUTPUTS];
        let Some(outputs) = calls.into_iter().find(|id| a.has(*id)) else { return };
        let start = self.cx.step.rec.writes.len();
        for (name, target) in a.get(outputs).map() {
            let Prop::Var(var) = target else { continue };
            let value = callee.get(&crate::util::fold_case(name)).cloned().unwrap_or(Value::NotSet);
            self.cx.eval().write_var(var, value);
        }
        if let super::super::result::StepResult::Action { start: s, len, .. } =
            &mut self.cx.step.trace[step].result
        {
            *s = start as u32;
            *len = (self.cx.step.rec.writes.len() - start) as u32;
        }
    }

    /// Node `n` failed at step `step` (outside `step`'s own error handling).
    pub(in crate::engine) fn fail_step(
        &mut self,
        step: usize,
        n: NodeIdx,
        kind: ErrorKind,
        message: String,
    ) -> Next {
        let flow = self.cx.flowing.frame().flow;
        let s = &mut self.cx.step.trace[step];
        s.edge = Edge::Error;
        s.set_next(None);
        self.cx.step.rec.step_data.set_error(s, StepError { kind, message: message.clone() });
        Next::EndFlow(Some(Failure { kind, message, flow, node: n, at: n }))
    }

    /// An error reached the top flow: the flow's error handling decides (docs/architect.md). The
    /// seeds' JSON flows fail; an Architect flow disconnects, ends, transfers or jumps as its
    /// `settingsErrorHandling` says, and the result keeps the error.
    pub(in crate::engine) fn handle_error(&mut self, f: Failure) -> Next {
        // A service the fixtures do not mock, or an action with no stub that needs one, is the
        // test's gap, not the flow's error: the run stops there, whatever the flow's error
        // handling would do.
        if matches!(f.kind, ErrorKind::UnmockedService | ErrorKind::NeedsStub) {
            return Next::Stop(Status::Failed, Some(f));
        }
        let flow = self.cx.run.reg.flow(self.cx.flowing.frame().flow);
        if self.cx.flowing.frame().arch.handling {
            return Next::Stop(Status::Failed, Some(f));
        }
        self.cx.flowing.frames.last_mut().expect("a frame").arch.handling = true;
        let play = |m: &mut Self, audio: &Option<crate::expr::Expr>| {
            if let Some(e) = audio {
                if let Ok(v) = eval(e, &mut m.cx.eval().into_scope(f.at)) {
                    let text: Arc<str> = Arc::from(v.display());
                    if !text.is_empty() {
                        m.cx.eval().prompt(f.at, text);
                    }
                }
            }
        };
        // Genesys: "The default error handling is a disconnect" (call and message flows).
        let default_disconnect = flow.format != crate::flow::model::Format::Json
            && matches!(
                FlowType::of(&flow.flow_type),
                FlowType::Call | FlowType::Digital | FlowType::InQueue
            );
        match &flow.arch.error_handling {
            ErrorHandling::Fail if default_disconnect => Next::Stop(Status::Disconnected, Some(f)),
            ErrorHandling::Fail | ErrorHandling::EndWorkflow => Next::Stop(Status::Failed, Some(f)),
            // The state ends as End State ends it: the customer still waits, and the periodic
            // state (else the start) runs next; the result keeps the error.
            ErrorHandling::EndInQueueState if crate::flow::model::is_in_queue(&flow.flow_type) => {
                self.ending.handled = Some(f);
                self.start_over()
            }
            ErrorHandling::EndInQueueState => Next::Stop(Status::Failed, Some(f)),
            ErrorHandling::ExitBot => {
                if let Some(bot) = flow.arch.bot.clone() {
                    play(self, &bot.error_handover);
                }
                self.cx.talk.arch.exit_reason =
                    Some(Value::str(crate::flow::bot::ExitReason::Error.as_str()));
                Next::Stop(Status::Failed, Some(f))
            }
            ErrorHandling::Disconnect { audio } => {
                // A bot flow's error event: its handover ("alerts the caller of an error and
                // the action that follows"), then the handling.
                if FlowType::of(&flow.flow_type) == FlowType::Bot {
                    if let Some(bot) = flow.arch.bot.clone() {
                        play(self, &bot.error_handover);
                    }
                }
                play(self, audio);
                Next::Stop(Status::Disconnected, Some(f))
            }
            ErrorHandling::TransferToAcd { queue, audio } => {
                play(self, audio);
                match self.cx.eval().transfer_route_to_queue(f.at, queue) {
                    Ok(route) => {
                        // A workitem's handling that transfers it reassigns it, as the action.
                        self.cx.sets().reassign_workitem(&route);
                        self.cx.talk.route = Some(route);
                        Next::Stop(Status::Transferred, Some(f))
                    }
                    Err(_) => Next::Stop(Status::Failed, Some(f)),
                }
            }
            ErrorHandling::TransferToFlow { flow: target, audio } => {
                play(self, audio);
                let name = match target {
                    Prop::Text(t) => Some(t.clone()),
                    p => self.value_of_prop(f.at, p),
                };
                // Fail closed, as the transferToFlow action does: the flow must be loaded.
                let want = crate::flow::registry::Want::of_transfer(false);
                let Some(callee) = name.as_deref().and_then(|n| self.cx.run.reg.find(n, want).ok())
                else {
                    return Next::Stop(Status::Failed, Some(f));
                };
                let route = super::super::result::Route::to(
                    "flow",
                    self.cx.run.reg.flow(callee).name.clone(),
                );
                // The handler's transfer goes on in the target flow as Transfer to Flow does;
                // the result keeps the error.
                let next = self.continue_in_flow(&route);
                self.cx.talk.route = Some(route);
                match next {
                    Some(next) => {
                        self.ending.handled = Some(f);
                        next
                    }
                    None => Next::Stop(Status::Transferred, Some(f)),
                }
            }
            ErrorHandling::Jump { container, audio } => {
                play(self, audio);
                let start = flow.arch.containers.get(*container as usize).and_then(|c| c.start);
                match start {
                    Some(t) => {
                        self.ending.handled = Some(f);
                        self.enter_container(t, *container);
                        Next::Node(t)
                    }
                    None => Next::Stop(Status::Failed, Some(f)),
                }
            }
        }
    }

    /// A target property's text, for error handling (`None` when it cannot be had).
    fn value_of_prop(&mut self, n: NodeIdx, p: &Prop) -> Option<Arc<str>> {
        match p {
            Prop::Expr(e) => match eval(e, &mut self.cx.eval().into_scope(n)) {
                Ok(Value::Str(s)) => Some(s),
                // A target written `lit: {name: X}` (or a find action's result): its id, else
                // its name.
                Ok(v @ Value::Object(_)) => match (v.member("id"), v.member("name")) {
                    (Value::Str(id), _) => Some(id),
                    (_, Value::Str(name)) => Some(name),
                    _ => None,
                },
                _ => None,
            },
            _ => None,
        }
    }

    /// Transfer to Flow hands the interaction to the target flow, which runs next (Genesys:
    /// "participant data attributes persist between transfers from one flow to another"); the
    /// same flow starts again. The conversation (context, participant data, inputs, clock) goes
    /// on; the callers' frames end; the target's declared variables start from their initial
    /// values; a secure flow gets the transfer's data as `Flow.InvocationData`. `None` when the
    /// run cannot continue there (another kind of transfer, a flow of
    /// the seeds' JSON, or one without the run's version): the run ends `transferred`.
    pub(in crate::engine) fn continue_in_flow(
        &mut self,
        route: &super::super::result::Route,
    ) -> Option<Next> {
        if route.kind != "flow" && route.kind != "secureFlow" {
            return None;
        }
        let want = crate::flow::registry::Want::of_transfer(route.kind == "secureFlow");
        let target = self.cx.run.reg.find(&route.target, want).ok()?;
        let flow = self.cx.run.reg.flow(target);
        if flow.format == crate::flow::model::Format::Json {
            return None;
        }
        let graph = flow.graph(self.cx.run.version)?;
        for f in self.cx.flowing.frames.drain(..).rev() {
            if let Some(saved) = f.saved_vars {
                // A module's caller had its own store: the conversation's is the outermost.
                self.cx.flowing.vars = saved;
            }
        }
        self.push_top_frame(target, graph);
        // Genesys: the flow transferred to takes the language the conversation has if it
        // supports it; otherwise it starts in its own default language.
        let supported = &flow.arch.supported_languages;
        if let Some(i) = self.cx.talk.arch.settings.iter().position(|(k, _)| *k == "language") {
            let language = self.cx.talk.arch.settings[i].1.display();
            if !supported.is_empty()
                && !supported.iter().any(|(tag, _)| tag.eq_ignore_ascii_case(&language))
            {
                self.cx.talk.arch.settings.remove(i);
            }
        }
        // Genesys counts its 10,000 actions "per flow invocation": the target starts afresh.
        if self.bounds.arch_action_limit.is_some() {
            self.bounds.arch_action_limit = Some(ACTION_LIMIT);
            self.bounds.arch_invocation_start = self.cx.step.trace.len() as u64;
        }
        if route.kind == "secureFlow" {
            // Genesys: Invocation Data is "A string to be passed to the secure flow, which is
            // available in the secure flow via the Flow.InvocationData built-in variable".
            let data = match std::mem::take(&mut self.cx.talk.invocation_data) {
                Value::NotSet => Value::NotSet,
                v @ Value::Str(_) => v,
                v => Value::Str(Arc::from(v.display())),
            };
            self.cx.flowing.vars.set(
                "flow.invocationdata",
                &Arc::from("Flow.InvocationData"),
                data,
            );
        }
        self.start_flow(target, graph.start);
        Some(Next::Node(graph.start))
    }

    /// Genesys's limit on the actions of an Architect flow invocation: at 10,000 the flow enters
    /// its error handling (error `actionLimit`); a handler that jumps to a task or menu gets
    /// 1,000 more, and past those the call disconnects silently ("How many actions can I run in
    /// a flow?"). A Transfer to Flow that goes on in its target starts a new invocation.
    pub(in crate::engine) fn action_limit(&mut self, n: NodeIdx) -> Option<Next> {
        let limit = self.bounds.arch_action_limit?;
        if (self.cx.step.trace.len() as u64) - self.bounds.arch_invocation_start < limit {
            return None;
        }
        let flow = self.cx.flowing.frame().flow;
        let mut message =
            format!("the flow ran Architect's limit of {limit} actions before this one");
        let restarts = self.cx.flowing.frames.first().map_or(0, |f| f.arch.restarts);
        if restarts > 0 {
            // An in-queue flow waits for an agent; offline none answers unless the run says so.
            use std::fmt::Write as _;
            let what = if self.cx.run.reg.flow(flow).arch.periodic.is_some() {
                "its periodic state ran"
            } else {
                "its looping task started over"
            };
            let _ = write!(
                message,
                ": {what} {restarts} times and no agent answered (give the run an \
                 `agentAnswers` event, or a `timeout`)"
            );
        }
        let failure = Failure { kind: ErrorKind::ActionLimit, message, flow, node: n, at: n };
        if limit > ACTION_LIMIT {
            return Some(Next::Stop(Status::Disconnected, Some(failure)));
        }
        // Only a handler that jumps goes on; whatever else goes on after this error (a bot's
        // caller) is bounded by the same 1,000 more.
        self.bounds.arch_action_limit = Some(ACTION_LIMIT + ACTION_EXTRA);
        Some(Next::EndFlow(Some(failure)))
    }

    /// The top flow's output variables, for the result.
    pub(in crate::engine) fn collect_outputs(&mut self, flow: FlowIdx) {
        let f = self.cx.run.reg.flow(flow);
        let outputs = f
            .arch
            .variables
            .iter()
            .filter(|d| d.is_output)
            .map(|d| (d.var.name.clone(), self.cx.flowing.read_var(&d.var)))
            .collect();
        self.cx.talk.arch.outputs = outputs;
    }
}
