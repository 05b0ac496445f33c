//! Solving simple constraints on expressions: which values of the references a script controls
//! make a condition true (or false), or make a lookup key one of the keys the fixtures hold.
//!
//! No symbolic algebra: candidate values come from the expression itself (each literal, and one
//! either side of each number: `Flow.x > 5` tries 5, 4 and 6), from the goal (a lookup's keys),
//! and from a few defaults (NOT_SET, `""`, true, false); the expression is evaluated by the real
//! evaluator (`expr::eval`) with the candidates in place of the controlled references and the
//! values the run read for every other one. That covers equality, comparisons, `IsSet`,
//! membership (`Contains`, `FindString`) and their conjunctions, and is never wrong: the engine
//! then runs the script and the explorer believes only the trace.
//!
//! A reference is *controlled* when a [`Lever`] reaches it: a preset variable (JSON flows: any;
//! Architect flows: the top flow's inputs), the caller's ANI or called address, a context
//! attribute, the digits of an input a Gather or Collect Input took, a data action's success
//! output, a queue's figure, the inbound message's body, a participant data attribute Get
//! Participant Data reads. A variable an Update Data statement
//! assigned is replaced by the expression it was given before solving (`variant.rs`,
//! `through_assignments`). Everything else keeps the value the run read.

use crate::expr::decimal::Decimal;
use crate::expr::{eval, Env, Expr, ExprKind, Path, Span, Value};

/// What an expression must come out as.
#[derive(Debug, Clone, PartialEq)]
pub enum Goal {
    /// `true` or `false`.
    Bool(bool),
    /// Its text is one of these (a lookup's keys: found).
    OneOf(Vec<String>),
    /// Its text is none of these (not found).
    NoneOf(Vec<String>),
    /// Anything but NOT_SET (a lookup key).
    Set,
}

impl Goal {
    fn met(&self, v: &Value) -> bool {
        match self {
            Goal::Bool(b) => *v == Value::Bool(*b),
            Goal::OneOf(keys) => v.is_set() && keys.iter().any(|k| *k == v.display()),
            Goal::NoneOf(keys) => v.is_set() && !keys.iter().any(|k| *k == v.display()),
            Goal::Set => v.is_set(),
        }
    }
}

/// A way a script sets what a reference reads.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Lever {
    /// A preset variable, by the name the request gives it.
    Var(String),
    /// `Call.Ani`: the context's `from`.
    From,
    /// `Call.CalledAddress`: the context's `to`.
    To,
    /// `context.attributes.NAME`
    Attribute(String),
    /// The digits of the run's input at this index (a Gather's or Collect Input's).
    Input(usize),
    /// A data action's success output.
    DataOutput { action: String, key: String },
    /// A queue's figure (`availableAgents`, `onQueueAgents`, `waiting`, `occupancy`).
    Queue { id: String, field: &'static str },
    /// The inbound message's body (`Message.Message.body`, `Email.Message.body`).
    Message,
    /// A participant data attribute that Get Participant Data reads, by its name (mocked as
    /// the fixtures' `participantData`).
    ParticipantData(String),
}

impl Lever {
    /// Whether `v` is a value this lever can take.
    fn admits(&self, v: &Value) -> bool {
        match self {
            // Digits are text: `Int(1)` would be applied as "1" and compare differently.
            Lever::Input(_) => match v {
                Value::Str(t) => {
                    !t.is_empty() && t.len() <= 40 && t.chars().all(|c| c.is_ascii_digit())
                }
                _ => false,
            },
            Lever::From | Lever::To => matches!(v, Value::Str(_) | Value::Phone(_)),
            Lever::Message => matches!(v, Value::Str(s) if !s.is_empty()),
            // Participant data holds text.
            Lever::ParticipantData(_) => matches!(v, Value::Str(_)),
            Lever::Queue { field, .. } => match v {
                Value::Int(i) => *field != "occupancy" && *i >= 0,
                Value::Dec(d) => {
                    *field == "occupancy" && (Decimal::ZERO..=Decimal::ONE).contains(d)
                }
                _ => false,
            },
            Lever::Var(_) | Lever::Attribute(_) | Lever::DataOutput { .. } => {
                !matches!(v, Value::Media(_))
            }
        }
    }
}

/// The most combinations tried for one branch.
const MAX_EVALS: usize = 2_000;
/// The most candidate values tried for one reference.
const MAX_CANDIDATES: usize = 32;

/// What meets the goals: a value for each lever, and what each goal's expression then gives.
#[derive(Debug, Clone, PartialEq)]
pub struct Solution {
    pub levers: Vec<(Lever, Value)>,
    pub values: Vec<Value>,
}

/// Values for the controlled references (`levers`: each reference's lower-cased text and its
/// lever) that meet every goal, given the values the run read (`read`); `None` when no
/// candidate does.
pub fn solve(
    goals: &[(&Expr, Goal)],
    levers: &[(Box<str>, Lever)],
    read: &dyn Fn(&str) -> Value,
    now_ms: i64,
) -> Option<Solution> {
    let mut pool = Vec::new();
    for (e, goal) in goals {
        literals(e, &mut pool);
        if let Goal::OneOf(keys) | Goal::NoneOf(keys) = goal {
            pool.extend(keys.iter().map(|k| Value::str(k)));
            pool.push(Value::str("flowsim-explore-no-match"));
        }
    }
    let mut candidates: Vec<Vec<Value>> = Vec::with_capacity(levers.len());
    for (name, lever) in levers {
        let mut list: Vec<Value> = Vec::new();
        let mut push = |v: Value| {
            if lever.admits(&v) && !list.contains(&v) && list.len() < MAX_CANDIDATES {
                list.push(v);
            }
        };
        for v in pool.iter().cloned().chain(defaults()) {
            push(v);
        }
        // The current value last: it is what the run already did.
        push(read(name));
        candidates.push(list);
    }
    let mut env = Candidates { levers, values: vec![Value::NotSet; levers.len()], read, now_ms };
    let mut counter = vec![0usize; levers.len()];
    for _ in 0..MAX_EVALS {
        if candidates.iter().any(Vec::is_empty) {
            return None;
        }
        for (i, c) in counter.iter().enumerate() {
            env.values[i] = candidates[i][*c].clone();
        }
        let values: Vec<Value> = goals.iter().map_while(|(e, _)| eval(e, &mut env).ok()).collect();
        if values.len() == goals.len() && goals.iter().zip(&values).all(|((_, g), v)| g.met(v)) {
            let levers = levers.iter().map(|(_, l)| l.clone()).zip(env.values).collect();
            return Some(Solution { levers, values });
        }
        // The next combination, the first lever varying fastest.
        let mut i = 0;
        loop {
            if i == counter.len() {
                return None;
            }
            counter[i] += 1;
            if counter[i] < candidates[i].len() {
                break;
            }
            counter[i] = 0;
            i += 1;
        }
    }
    None
}

/// Values worth trying whatever the expression says.
fn defaults() -> [Value; 6] {
    [
        Value::str("1"),
        Value::Int(1),
        Value::Bool(true),
        Value::Bool(false),
        Value::str(""),
        Value::NotSet,
    ]
}

/// Every literal of `e`, and one either side of each number.
fn literals(e: &Expr, out: &mut Vec<Value>) {
    match &e.kind {
        ExprKind::Lit(v) => {
            out.push(v.clone());
            match v {
                Value::Int(i) => {
                    out.extend([Value::Int(i.saturating_add(1)), Value::Int(i.saturating_sub(1))]);
                    out.push(Value::str(&i.to_string()));
                }
                Value::Dec(d) => {
                    let cent = Decimal::new(1, 2);
                    for step in [cent, -cent, Decimal::ONE, Decimal::NEGATIVE_ONE] {
                        out.extend(d.checked_add(step).map(Value::Dec));
                    }
                }
                Value::Str(s) => {
                    if let Ok(i) = s.trim().parse::<i64>() {
                        out.extend([Value::Int(i), Value::str(&(i + 1).to_string())]);
                    }
                }
                Value::List(items) => out.extend(items.iter().take(8).cloned()),
                _ => {}
            }
        }
        ExprKind::Ref(_) => {}
        ExprKind::Unary(_, a) | ExprKind::Member(a, _) => literals(a, out),
        ExprKind::Binary(_, a, b) | ExprKind::Index(a, b, _) => {
            literals(a, out);
            literals(b, out);
        }
        ExprKind::Call(c) => c.args.iter().for_each(|a| literals(a, out)),
    }
}

/// Whether `e` reads nothing: no references and no clock (`Now()` gives different values at
/// two instants).
pub fn constant(e: &Expr) -> Option<Value> {
    let mut refs = false;
    e.for_each_path(&mut |_| refs = true);
    if refs {
        return None;
    }
    let at = |now_ms| eval(e, &mut Fixed(now_ms)).ok();
    let (a, b) = (at(0), at(1_900_000_000_000));
    (a == b).then_some(a).flatten()
}

/// An environment with nothing in it, at a fixed instant.
struct Fixed(i64);

impl Env for Fixed {
    fn lookup(&mut self, _: &Path, _: Span) -> Value {
        Value::NotSet
    }

    fn now_ms(&self) -> i64 {
        self.0
    }
}

/// The candidates in place of the controlled references; the run's reads for the rest.
struct Candidates<'a> {
    levers: &'a [(Box<str>, Lever)],
    values: Vec<Value>,
    read: &'a dyn Fn(&str) -> Value,
    now_ms: i64,
}

impl Env for Candidates<'_> {
    fn lookup(&mut self, path: &Path, _: Span) -> Value {
        match self.levers.iter().position(|(name, _)| **name == *path.lower) {
            Some(i) => self.values[i].clone(),
            None => (self.read)(&path.lower),
        }
    }

    fn now_ms(&self) -> i64 {
        self.now_ms
    }
}
