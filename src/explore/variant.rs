//! Variants: from a run and one of its branch steps, a script that should leave that step by
//! another output — the menu digit of a choice, no input, a bot's intent, a data action's
//! outcome, an instant inside or outside a schedule, a contact the lookup finds, or values for
//! a condition's references (`solve.rs`). `None` when flowsim knows no way: the explorer then
//! forces the output.

use super::script::{Mock, Script};
use super::solve::{solve, Goal, Lever};
use crate::engine::{Edge, InputEntry, RunResult, Steered};
use crate::expr::{Expr, ExprKind, Path, Value};
use crate::fixtures::{FixtureStore, LookupBy};
use crate::flow::action::{Action, Prop};
use crate::flow::catalogue::control::prop as control;
use crate::flow::catalogue::data::prop as data;
use crate::flow::catalogue::json;
use crate::flow::catalogue::prompts::prop as prompts;
use crate::flow::catalogue::{CalleeKind, Dynamic, TypedWrites, Varies};
use crate::flow::edge::Path as Way;
use crate::flow::{FlowIdx, Node, NodeIdx, Registry};
use crate::ErrorKind;
use indexmap::IndexMap;

/// How often a no-match turn is repeated to reach a bot's `maxNoMatches`.
const NO_MATCH_TURNS: usize = 6;
/// Hours searched for an instant in the state a schedule output needs (about 13 months: a
/// yearly holiday is found).
const SCHEDULE_HOURS: i64 = 24 * 400;
const HOUR: i64 = 3_600_000;
/// How many assignments a condition is followed back through (`Flow.b = Flow.a`,
/// `Flow.a = ...`): real flows chain two or three.
const ASSIGNMENT_DEPTH: u8 = 4;

/// What a variant is built from: one run of `script`.
pub(super) struct Run<'a, 'r> {
    pub registry: &'r Registry,
    pub fixtures: &'a FixtureStore,
    pub script: &'a Script,
    pub result: &'a RunResult<'r>,
    pub steered: &'a Steered,
    /// Whether the top flow is a seeds' JSON flow (any variable may be preset).
    pub json: bool,
    pub top: FlowIdx,
}

impl Run<'_, '_> {
    /// A script that should leave step `s` by `want`.
    pub fn variant(&self, s: usize, want: Edge) -> Option<Script> {
        let step = &self.result.trace[s];
        let node = self.result.node(step.flow, step.node);
        let keep = self.steered.input_at[s] as usize;
        let mut base = self.script.clone();
        base.inputs.truncate(keep);
        let digits = |d: &str| base.with_input(keep, InputEntry::Text(d.to_owned()));
        let timeout = || base.with_input(keep, InputEntry::Text("timeout".into()));
        let a = &node.action;
        // A stubbed action takes whichever output its stub names: each other one is reached by
        // a stub of its own (docs/explore.md).
        if let (crate::engine::StepResult::Action { stub: 1.., .. }, Edge::Output(i)) =
            (&step.result, want)
        {
            let exit = node.exits.get(usize::from(i))?;
            let flow = self.registry.flow(step.flow).name.to_string();
            let mut script = self.script.clone();
            script.stubs.insert((flow, node.id.to_string()), exit.name.to_string());
            return Some(script);
        }
        // An action whose callee no loaded flow is (a bot flow or module the files lack) cannot
        // run: a stub takes the output wanted, as a mock answers a data action.
        // (A stub names no output for an action that has none: it goes on.)
        let missing =
            self.result.step_error(step).is_some_and(|e| e.kind == ErrorKind::FlowNotFound);
        if missing && a.spec().facts.callee.is_some() {
            let output = match want {
                Edge::Output(i) => node.exits.get(usize::from(i))?.name.to_string(),
                Edge::Success if node.exits.is_empty() => String::new(),
                _ => return None,
            };
            let flow = self.registry.flow(step.flow).name.to_string();
            let mut script = self.script.clone();
            script.stubs.insert((flow, node.id.to_string()), output);
            return Some(script);
        }
        let varies = a.spec().facts.varies;
        // Which of its own ways (going on, a failure, a timeout) `want` is, if any.
        let path = crate::flow::edge::path_of(node, want).or(match want {
            Edge::Success => Some(Way::On),
            Edge::Error => Some(Way::Error),
            _ => None,
        });
        match (varies, want) {
            (Varies::JsonConditions, _) => {
                let conditions: Vec<&Expr> = json::conditions(a).map(|(e, _)| e).collect();
                // Its exits are its conditions, then its default and its paths.
                let upto = match want {
                    Edge::Output(i) => usize::from(i).min(conditions.len()),
                    _ => conditions.len(),
                };
                let mut goals: Vec<(&Expr, Goal)> =
                    conditions[..upto].iter().map(|e| (*e, Goal::Bool(false))).collect();
                if let Some(e) = conditions.get(upto) {
                    goals.push((*e, Goal::Bool(true)));
                }
                self.solve(&base, s, &goals)
            }
            (Varies::JsonDigits, _) => match path? {
                Way::On => Some(digits("1")),
                Way::Error => Some(timeout()),
                Way::Timeout => None,
            },
            (Varies::JsonDataAction, _) => {
                let action = a.get(json::prop::DATA_ACTION).text()?;
                let mock = match path? {
                    Way::On => Mock::Success(IndexMap::new()),
                    Way::Error => Mock::Failure,
                    Way::Timeout => Mock::Timeout,
                };
                Some(with_mock(&base, action, mock))
            }
            (Varies::JsonContact, _) if path.is_some() => {
                let e = json::template(a, json::prop::LOOKUP_VALUE).exprs().next()?;
                let keys = contact_keys(self.fixtures, json::lookup_by(a));
                let goal =
                    if path == Some(Way::On) { Goal::OneOf(keys) } else { Goal::NoneOf(keys) };
                self.solve(&base, s, &[(e, goal)])
            }
            // A path of its own (a JSON node's) is varied by its facts above, or not at all.
            (_, Edge::Output(_)) if crate::flow::edge::path_of(node, want).is_some() => None,
            (_, Edge::Output(i)) => self.action(&base, s, node, a, i),
            // An external service's action without outputs goes on when its mock answers with
            // its usual path (`{}`: neither an intent, an output nor a failure).
            (Varies::Service(kind), Edge::Success) => {
                let mut script = base.clone();
                script.services.insert(service_name(kind, a)?.to_owned(), serde_json::json!({}));
                Some(script)
            }
            _ => None,
        }
    }

    /// An Architect action's output `i`.
    fn action(&self, base: &Script, s: usize, node: &Node, a: &Action, i: u16) -> Option<Script> {
        let keep = base.inputs.len();
        let exit = &*node.exits.get(usize::from(i))?.name;
        let spec = a.spec();
        let fixed = spec.outputs.len();
        let choose = |entry: InputEntry| Some(base.with_input(keep, entry));
        match spec.facts.varies {
            Varies::Condition => {
                let condition = a.get(control::DECISION_CONDITION).expr()?;
                self.solve(base, s, &[(condition, Goal::Bool(i == 0))])
            }
            // Exits are the default (a Loop Until: its body), then one per case: the cases
            // before the one wanted are false, and it is true.
            Varies::SwitchCases | Varies::UntilCases => {
                let (list, value) = if spec.facts.varies == Varies::SwitchCases {
                    (control::SWITCH_CASES, control::CASE_VALUE)
                } else {
                    (control::UNTIL_CASES, control::UNTIL_VALUE)
                };
                let cases = a.get(list).list();
                let cases: Vec<&Expr> =
                    cases.iter().filter_map(|c| Prop::field(c, value).expr()).collect();
                let upto = if i == 0 { cases.len() } else { usize::from(i) - 1 };
                let mut goals: Vec<(&Expr, Goal)> =
                    cases.iter().take(upto).map(|e| (*e, Goal::Bool(false))).collect();
                if let Some(e) = cases.get(upto) {
                    goals.push((e, Goal::Bool(true)));
                }
                self.solve(base, s, &goals)
            }
            Varies::MenuChoice => {
                let choice = a.get(prompts::MENU_CHOICES).list().get(usize::from(i))?;
                let digit = Prop::field(choice, prompts::CHOICE_DTMF).text()?;
                choose(InputEntry::Text(digit.to_string()))
            }
            Varies::Digits => match exit {
                "success" => {
                    let n = match a.get(prompts::DIGITS_MIN) {
                        Prop::Expr(e) => match super::solve::constant(e) {
                            Some(Value::Int(n)) => n.clamp(1, 40) as usize,
                            _ => 1,
                        },
                        _ => 1,
                    };
                    choose(InputEntry::Text("1".repeat(n)))
                }
                _ => choose(InputEntry::Text("timeout".into())),
            },
            Varies::DataAction => {
                let name = a.get(data::DATA_ACTION).text()?;
                let mock = match exit {
                    "success" => Mock::Success(IndexMap::new()),
                    "failure" => Mock::Failure,
                    "timeout" => Mock::Timeout,
                    _ => return None,
                };
                Some(with_mock(base, name, mock))
            }
            Varies::Schedule | Varies::ScheduleGroup => self.clock(base, s, a, exit),
            Varies::Service(kind) => {
                let name = service_name(kind, a)?;
                let response = match exit {
                    _ if usize::from(i) >= fixed => serde_json::json!({ "intent": exit }),
                    "failure" => {
                        serde_json::json!({ "failure": "failure chosen by flowsim explore" })
                    }
                    "timeout" => serde_json::json!({ "timeout": true }),
                    _ => serde_json::json!({ "output": exit }),
                };
                let mut script = base.clone();
                script.services.insert(name.to_string(), response);
                Some(script)
            }
            Varies::TableLookup => {
                let name = a.get(data::DATA_TABLE).text()?;
                let key = a.get(data::LOOKUP_VALUE).expr()?;
                if let Some(table) = self.fixtures.data_table(name) {
                    let keys: Vec<String> = table.rows().map(|r| r.key().to_owned()).collect();
                    let goal = match exit {
                        "found" => Goal::OneOf(keys),
                        "notFound" => Goal::NoneOf(keys),
                        _ => return None,
                    };
                    return self.solve(base, s, &[(key, goal)]);
                }
                // A table the fixtures lack: mock it, with the key's row or without.
                let (mut script, values) = self.solution(base, s, &[(key, Goal::Set)])?;
                let rows = match exit {
                    "found" => vec![values.first()?.display()],
                    "notFound" => Vec::new(),
                    _ => return Some(script),
                };
                script.data_tables.insert(name.to_string(), rows);
                Some(script)
            }
            Varies::ContactLookup => {
                let keys = contact_keys(self.fixtures, LookupBy::Id);
                let goal = if exit == "found" { Goal::OneOf(keys) } else { Goal::NoneOf(keys) };
                self.solve(base, s, &[(a.get(data::FIND_KEY).expr()?, goal)])
            }
            Varies::Turn { intents } => match exit.to_ascii_lowercase().as_str() {
                "maxnoinputs" | "noinput" => Some(base.clone()),
                "maxnomatches" | "nomatch" | "nointent" => {
                    let mut s = base.clone();
                    s.inputs.extend(std::iter::repeat_n(
                        InputEntry::Text("noMatch".into()),
                        NO_MATCH_TURNS,
                    ));
                    Some(s)
                }
                // Ask for Authentication's and Ask for Payment's outcomes are the turn's words.
                "yes" | "no" | "success" | "failure" => choose(InputEntry::Turn {
                    text: exit.to_owned(),
                    delay_seconds: 0.0,
                    slots: IndexMap::new(),
                }),
                _ if intents && spec.dynamic == Dynamic::Intents && usize::from(i) >= fixed => {
                    choose(InputEntry::Intent { intent: exit.to_owned(), slots: IndexMap::new() })
                }
                _ => None,
            },
            _ => None,
        }
    }

    /// An instant at which the schedule (group) the action names is in the state `exit`
    /// names, as a start time for the run.
    fn clock(&self, base: &Script, s: usize, a: &Action, exit: &str) -> Option<Script> {
        let name = |p: &Prop| match p {
            Prop::Text(t) => Some(t.to_string()),
            Prop::Expr(e) => super::solve::constant(e).map(|v| v.display()),
            _ => None,
        };
        let schedule = a.spec().facts.varies == Varies::Schedule;
        let key = name(a.get(if schedule { data::SCHEDULE } else { data::SCHEDULE_GROUP }))?;
        let fx = self.fixtures;
        let state = |at: i64| -> Option<&'static str> {
            if schedule {
                let zone = name(a.get(data::SCHEDULE_TIME_ZONE));
                let active = fx.evaluate_schedule(&key, zone.as_deref(), at).ok()?;
                Some(if active { "active" } else { "inactive" })
            } else {
                let emergency = name(a.get(data::EMERGENCY_GROUP));
                Some(fx.evaluate_schedule_group(&key, at, emergency.as_deref()).ok()?.as_str())
            }
        };
        let (start, at) = (*self.steered.clock_at.first()?, self.steered.clock_at[s]);
        let found = (0..SCHEDULE_HOURS)
            .map(|h| at + h * HOUR)
            .find(|t| state(*t).is_some_and(|st| st.eq_ignore_ascii_case(exit)))?;
        let begin = start + (found - at);
        let mut script = base.clone();
        script.start_time = Some(jiff::Timestamp::from_millisecond(begin).ok()?.to_string());
        Some(script)
    }

    /// Values for the controlled references of `goals` at step `s`, applied to `base`.
    fn solve(&self, base: &Script, s: usize, goals: &[(&Expr, Goal)]) -> Option<Script> {
        self.solution(base, s, goals).map(|(script, _)| script)
    }

    /// [`Run::solve`], with what the goals' expressions then give.
    fn solution(
        &self,
        base: &Script,
        s: usize,
        goals: &[(&Expr, Goal)],
    ) -> Option<(Script, Vec<Value>)> {
        // A variable an Update Data statement assigned is solved through the expression it was
        // given: `Flow.topic == "refund"` after `Flow.topic = If(Contains(Message.Message.body,
        // "refund"), ...)` is a condition on the message.
        let mut steps = vec![s];
        let through: Vec<(Expr, Goal)> = goals
            .iter()
            .map(|(e, g)| {
                (self.through_assignments(e, s, None, ASSIGNMENT_DEPTH, &mut steps), g.clone())
            })
            .collect();
        let goals: Vec<(&Expr, Goal)> = through.iter().map(|(e, g)| (e, g.clone())).collect();
        let goals = goals.as_slice();
        let mut levers: Vec<(Box<str>, Lever)> = Vec::new();
        for (e, _) in goals {
            e.for_each_path(&mut |p| {
                if levers.iter().any(|(n, _)| **n == *p.lower) {
                    return;
                }
                if let Some(l) = self.lever(p, s) {
                    levers.push((p.lower.clone(), l));
                }
            });
        }
        // What the run read there: at the branch, else where an assignment followed was made.
        let read = |name: &str| {
            steps
                .iter()
                .find_map(|&t| {
                    self.result.reads_of(t).find(|(p, _)| crate::util::fold_case(p) == name)
                })
                .map_or(Value::NotSet, |(_, v)| v.clone())
        };
        let solution = solve(goals, &levers, &read, self.steered.clock_at[s])?;
        let mut script = base.clone();
        for (lever, value) in solution.levers {
            apply(&mut script, self.fixtures, lever, &value);
        }
        Some((script, solution.values))
    }

    /// `e` as read at step `s` (by its statement `statement`, for an Update Data step), each
    /// reference to a variable an Update Data statement last assigned before it replaced by the
    /// statement's expression (followed `depth` times; a statement that reads its own variable
    /// is not followed). The steps of the statements followed are added to `steps`.
    fn through_assignments(
        &self,
        e: &Expr,
        s: usize,
        statement: Option<usize>,
        depth: u8,
        steps: &mut Vec<usize>,
    ) -> Expr {
        let mut e = e.clone();
        if depth == 0 {
            return e;
        }
        e.substitute_refs(&mut |p| {
            let (t, i, value) = self.assignment(&p.lower, s, statement)?;
            let mut own = false;
            value.for_each_path(&mut |q| own |= q.lower == p.lower);
            if own {
                return None;
            }
            if !steps.contains(&t) {
                steps.push(t);
            }
            Some(self.through_assignments(value, t, Some(i), depth - 1, steps))
        });
        e
    }

    /// The Update Data statement that last assigned variable `var` before step `s` (before its
    /// statement `statement`, when `s` is an Update Data step): its step, its index and the
    /// expression it assigned. `None` when another action wrote it last, or nothing did.
    fn assignment(
        &self,
        var: &str,
        s: usize,
        statement: Option<usize>,
    ) -> Option<(usize, usize, &Expr)> {
        let last = |t: usize, upto: usize| {
            let step = &self.result.trace[t];
            let a = &self.result.node(step.flow, step.node).action;
            if !a.has(data::STATEMENTS) {
                return None;
            }
            let statements = a.get(data::STATEMENTS).list();
            statements[..upto.min(statements.len())].iter().enumerate().rev().find_map(|(i, st)| {
                let Prop::Var(v) = Prop::field(st, data::STATEMENT_VARIABLE) else { return None };
                (*v.lower == *var)
                    .then(|| Some((t, i, Prop::field(st, data::STATEMENT_VALUE).expr()?)))
            })
        };
        if let Some(k) = statement {
            if let Some(found) = last(s, k) {
                return found;
            }
        }
        for t in (0..s).rev() {
            let step = &self.result.trace[t];
            let a = &self.result.node(step.flow, step.node).action;
            let mut writes = false;
            a.for_each_var(&mut |v| writes |= *v.lower == *var);
            if writes {
                return last(t, usize::MAX).flatten();
            }
        }
        None
    }

    /// How a script sets what `p` reads at step `s`, if it can.
    fn lever(&self, p: &Path, s: usize) -> Option<Lever> {
        let head = p.head();
        if (head == "call" || head == "context") && p.len() > 1 {
            let mut rest = p.rest(1);
            return match (head, rest.next()?) {
                ("call", "ani") | ("context", "from") => Some(Lever::From),
                ("call", "calledaddress" | "dnis") | ("context", "to") => Some(Lever::To),
                ("context", "attributes") => {
                    Some(Lever::Attribute(p.text.split('.').nth(2)?.to_owned()))
                }
                _ => None,
            };
        }
        if matches!(&*p.lower, "message.message.body" | "email.message.body" | "chat.message.body")
        {
            return Some(Lever::Message);
        }
        let flow = self.result.trace[s].flow;
        let graph = self.registry.flow(flow).graph(self.result.version)?;
        if let Some(n) = p.bind.node {
            return self.node_lever(flow, n, graph.node(n), p, s);
        }
        // The latest step before `s` that wrote the variable decides.
        for t in (0..s).rev() {
            let step = &self.result.trace[t];
            let node = self.result.node(step.flow, step.node);
            if let Some(l) = self.writer(node, &p.lower, t) {
                return l;
            }
        }
        if let Some(l) = self.module_input(p, s) {
            return Some(l);
        }
        if self.json {
            return Some(Lever::Var(p.text.to_string()));
        }
        let decl = self.registry.flow(self.top).arch.variables.iter();
        decl.filter(|d| d.is_input && flow == self.top)
            .find(|d| *d.var.lower == *p.lower)
            .map(|d| Lever::Var(d.var.name.to_string()))
    }

    /// A common module's input (`Common.ani`) that its caller gives as a plain reference
    /// (`Call.Ani`): the lever on that reference, at the calling step.
    fn module_input(&self, p: &Path, s: usize) -> Option<Lever> {
        let depth = self.result.trace[s].depth;
        let t = (0..s).rev().find(|&t| self.result.trace[t].depth + 1 == depth)?;
        let call = &self.result.trace[t];
        let a = &self.result.node(call.flow, call.node).action;
        if !a.spec().facts.callee.is_some_and(|c| c.kind == CalleeKind::Module) {
            return None;
        }
        let (_, given) = a
            .get(control::MODULE_INPUTS)
            .map()
            .iter()
            .find(|(key, _)| crate::util::fold_case(key) == *p.lower)?;
        match &given.expr()?.kind {
            ExprKind::Ref(q) => self.lever(q, t),
            _ => None,
        }
    }

    /// A lever on a seeds' JSON node output (`Menu.digits`, `Tier.outputs.tier`).
    fn node_lever(
        &self,
        flow: FlowIdx,
        n: NodeIdx,
        node: &Node,
        p: &Path,
        s: usize,
    ) -> Option<Lever> {
        let mut rest = p.rest(1);
        let field = rest.next()?;
        let last = (0..s).rev().find(|&t| {
            let st = &self.result.trace[t];
            st.flow == flow && st.node == n
        })?;
        let a = &node.action;
        match (a.spec().facts.varies, field) {
            (Varies::JsonDigits, "digits") => {
                Some(Lever::Input(self.steered.input_at[last] as usize))
            }
            (Varies::JsonDataAction, "outputs") => {
                let key = p.text.split('.').nth(2)?;
                let action = a.get(json::prop::DATA_ACTION).text()?;
                Some(Lever::DataOutput { action: action.to_string(), key: key.to_owned() })
            }
            (Varies::JsonQueueFigures, f) => {
                let name = json::queue(a).1.as_literal()?;
                let id = self.fixtures.queue(name)?.id.to_string();
                let field = match f {
                    "availableagents" => "availableAgents",
                    "onqueueagents" => "onQueueAgents",
                    "waiting" => "waiting",
                    "occupancy" => "occupancy",
                    _ => return None,
                };
                Some(Lever::Queue { id, field })
            }
            _ => None,
        }
    }

    /// `Some(lever)` when `node` (run as step `t`) writes variable `var`: `Some(None)` when it
    /// writes it in a way no script controls, `None` when it does not write it.
    #[allow(clippy::option_option)]
    fn writer(&self, node: &Node, var: &str, t: usize) -> Option<Option<Lever>> {
        let a = &node.action;
        let varies = a.spec().facts.varies;
        let collects = |v: &crate::flow::action::VarRef| *v.lower == *var;
        if varies == Varies::Digits && a.get(prompts::INPUT_DATA).var().is_some_and(collects) {
            return Some(Some(Lever::Input(self.steered.input_at[t] as usize)));
        }
        if varies == Varies::DataAction {
            let action = a.get(data::DATA_ACTION).text()?;
            for (key, target) in a.get(data::DATA_ACTION_SUCCESS).map() {
                if target.var().is_some_and(|v| *v.lower == *var) {
                    let (action, key) = (action.to_string(), key.to_string());
                    return Some(Some(Lever::DataOutput { action, key }));
                }
            }
        }
        // Get Participant Data: the attribute it reads into the variable, by a literal name.
        if a.spec().facts.typed_writes == TypedWrites::TextAttributes {
            for attr in a.get(data::GET_ATTRIBUTES_LIST).list() {
                let Prop::Var(v) = Prop::field(attr, data::GET_VARIABLE) else { continue };
                if *v.lower == *var {
                    let name = match Prop::field(attr, data::GET_NAME) {
                        Prop::Text(t) => Some(t.to_string()),
                        Prop::Expr(e) => super::solve::constant(e).map(|v| v.display()),
                        _ => None,
                    };
                    return Some(name.map(Lever::ParticipantData));
                }
            }
        }
        // A JSON `Set` writes its variables in a way no script controls, as any other
        // action that writes one does; other JSON nodes write none.
        let mut writes = false;
        a.for_each_var(&mut |v| writes |= *v.lower == *var);
        writes.then_some(None)
    }
}

/// `base` with data action `name` answering `mock` (a success keeps outputs already chosen).
fn with_mock(base: &Script, name: &str, mock: Mock) -> Script {
    let mut s = base.clone();
    match (s.data_actions.get(name), &mock) {
        (Some(Mock::Success(_)), Mock::Success(_)) => {}
        _ => {
            s.data_actions.insert(name.to_owned(), mock);
        }
    }
    s
}

/// Sets `lever` to `value` in `script`.
fn apply(script: &mut Script, fixtures: &FixtureStore, lever: Lever, value: &Value) {
    match lever {
        Lever::Var(name) => {
            script.variables.insert(name, value.to_json());
        }
        Lever::From => script.from = Some(value.display()),
        Lever::Message => script.message = Some(value.display()),
        Lever::ParticipantData(name) => {
            script.participant_data.insert(name, value.display());
        }
        Lever::To => script.to = Some(value.display()),
        Lever::Attribute(name) => {
            script.attributes.insert(name, value.to_json());
        }
        Lever::Input(k) => {
            while script.inputs.len() <= k {
                script.inputs.push(InputEntry::Text("timeout".into()));
            }
            script.inputs[k] = InputEntry::Text(value.display());
        }
        Lever::DataOutput { action, key } => {
            let entry = script.data_actions.entry(action).or_insert(Mock::Success(IndexMap::new()));
            if !matches!(entry, Mock::Success(_)) {
                *entry = Mock::Success(IndexMap::new());
            }
            if let Mock::Success(outputs) = entry {
                outputs.insert(key, value.to_json());
            }
        }
        Lever::Queue { id, field } => {
            let queue = script.queues.entry(id.clone()).or_insert_with(|| {
                let q = fixtures.queue(&id);
                serde_json::json!({
                    "id": id,
                    "name": q.map_or(id.as_str(), |q| &q.name),
                    "availableAgents": q.map_or(0, |q| q.available_agents),
                    "onQueueAgents": q.map_or(0, |q| q.on_queue_agents),
                    "waiting": q.map_or(0, |q| q.waiting),
                    "occupancy": q.map_or(0.0, |q| q.occupancy),
                })
            });
            queue[field] = value.to_json();
        }
    }
}

/// The keys a contact lookup by `by` finds: every contact's id, phones or emails.
fn contact_keys(fixtures: &FixtureStore, by: LookupBy) -> Vec<String> {
    let fields: &[&str] = match by {
        LookupBy::Id => return fixtures.contacts().map(|c| c.id().to_owned()).collect(),
        LookupBy::Phone => &["workphone", "cellphone", "homephone", "otherphone"],
        LookupBy::Email => &["email", "otheremail"],
    };
    let mut keys = Vec::new();
    for c in fixtures.contacts() {
        let v = c.value();
        for f in fields {
            let m = v.member(f);
            if m.is_set() {
                keys.push(m.display());
            }
        }
    }
    keys
}

/// The name a service action's mock answers for: the service it names, or a journey lookup's
/// own key.
fn service_name(kind: crate::flow::catalogue::Service, a: &Action) -> Option<&str> {
    use crate::flow::catalogue::Service;
    match kind {
        Service::Journey => Some(a.spec().key),
        Service::Bot | Service::MessageBot | Service::Session | Service::Lookup => {
            a.get(crate::flow::catalogue::bots::prop::SERVICE).text().map(|t| &**t)
        }
    }
}
