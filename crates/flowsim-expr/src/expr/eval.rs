//! Evaluation (docs/json-flows.md): operators, short-circuit, NOT_SET rules, function calls.
//!
//! The evaluator knows nothing of flows: references are answered by an [`Env`], which the
//! engine implements over the conversation's variables and node outputs. Scalar results do not
//! allocate.

use super::ast::{BinOp, Expr, ExprKind, Keys, Path, Span, UnOp};
use super::decimal::Decimal;
use super::func::{self, Ctx, Imp};
use super::value::{Value, MAX_STRING_BYTES};
use crate::kind::ErrorKind;
use std::cmp::Ordering;
use std::sync::Arc;

/// What an expression can see.
pub trait Env {
    /// The value of a reference (docs/json-flows.md resolution order), NOT_SET when nothing matches.
    fn lookup(&mut self, path: &Path, span: Span) -> Value;
    /// The virtual clock, ms since the epoch.
    fn now_ms(&self) -> i64;
    /// One of the organisation's objects (`FindQueue("Support")`), `{id, name}`; `None` when
    /// not found or when there is nothing to look in (the default). A run records what it did
    /// not find, so `&mut`.
    fn find(&mut self, what: func::Lookup, key: &str) -> Option<Value> {
        let _ = (what, key);
        None
    }
    /// The run's random numbers (`Random`, `RandomInt`), seeded by the run request; `None`
    /// when the evaluation has none (the default), and then such a call is `unsupported`.
    fn random(&mut self) -> Option<&mut super::random::SplitMix64> {
        None
    }
}

/// A run-time failure of an expression; `span` is the part of the text that failed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{message}")]
pub struct EvalError {
    pub kind: ErrorKind,
    pub message: String,
    pub span: Span,
}

impl EvalError {
    #[cold]
    #[allow(clippy::unnecessary_box_returns)] // boxed on purpose: see `EvalResult`
    fn new(kind: ErrorKind, span: Span, message: impl Into<String>) -> Box<EvalError> {
        Box::new(EvalError { kind, message: message.into(), span })
    }

    /// A function's failure, at the call's `span`.
    #[cold]
    #[allow(clippy::unnecessary_box_returns)] // boxed on purpose: see `EvalResult`
    fn of_call(e: func::FnError, span: Span) -> Box<EvalError> {
        let (kind, message) = e.into_parts();
        Box::new(EvalError { kind, message, span })
    }
}

/// Boxed, the error keeps a result as small as a value (24 bytes): results are moved at every
/// level of an evaluation, errors are rare.
pub type EvalResult = Result<Value, Box<EvalError>>;

/// Evaluates `expr` in `env`.
pub fn eval<E: Env + ?Sized>(expr: &Expr, env: &mut E) -> EvalResult {
    match &expr.kind {
        ExprKind::Lit(v) => Ok(v.clone()),
        ExprKind::Ref(path) => Ok(env.lookup(path, expr.span)),
        ExprKind::Binary(BinOp::And | BinOp::Or, ..) => logic(expr, env),
        ExprKind::Binary(op, a, b) => {
            let x = operand(a, env)?;
            let y = operand(b, env)?;
            // Two Integers: no drop, and no move of whole values (whose bytes, written
            // piecemeal, would then be read back whole: a store-forwarding stall).
            if let (Value::Int(p), Value::Int(q)) = (&x, &y) {
                if let Some(v) = int_binary(*op, *p, *q) {
                    std::mem::forget(x);
                    std::mem::forget(y);
                    return Ok(v);
                }
            }
            binary(*op, &x, &y, a.span, b.span)
        }
        ExprKind::Call(call) => {
            let def = func::get(call.func);
            match def.imp {
                Imp::Lazy => lazy_if(call, env),
                Imp::Eager(f) => call_eager(expr, call, def, f, env),
                Imp::Unsupported(why) => unsupported(expr, call, def.name, why, env),
                Imp::Lookup(what) => find(call, what, env),
                Imp::Random => random(expr, call, def.name, env),
            }
        }
        ExprKind::Unary(..) | ExprKind::Index(..) | ExprKind::Member(..) => rare(expr, env),
    }
}

/// A lookup function: its one argument's text, looked up by the environment.
#[inline(never)]
fn find<E: Env + ?Sized>(call: &super::ast::Call, what: func::Lookup, env: &mut E) -> EvalResult {
    let a = &call.args[0];
    let key = operand(a, env)?;
    // Architect looks nothing up for a NOT_SET or empty name: NOT_SET.
    let key = key.display();
    if key.trim().is_empty() {
        return Ok(Value::NotSet);
    }
    Ok(env.find(what, &key).unwrap_or(Value::NotSet))
}

/// `Random(n)`, `RandomInt(n)`: a number from 0 to n - 1 drawn from the run's generator. A
/// bound below 1 is `indexOutOfRange`; with no generator (`Env::random`) the call is
/// `unsupported`.
#[inline(never)]
fn random<E: Env + ?Sized>(
    expr: &Expr,
    call: &super::ast::Call,
    name: &str,
    env: &mut E,
) -> EvalResult {
    let a = &call.args[0];
    let bound = match operand(a, env)? {
        Value::Int(n) => n,
        Value::NotSet => {
            return Err(EvalError::new(
                ErrorKind::NotSet,
                a.span,
                format!("argument 1 of {name} is NOT_SET: `{a}`"),
            ))
        }
        other => {
            let e = func::type_error(name, 0, "an Integer", &other);
            return Err(EvalError::of_call(e, a.span));
        }
    };
    let Ok(bound @ 1..) = u64::try_from(bound) else {
        return Err(EvalError::new(
            ErrorKind::IndexOutOfRange,
            a.span,
            format!("{name}: the bound must be at least 1, not {bound}"),
        ));
    };
    let Some(generator) = env.random() else {
        return Err(EvalError::new(
            ErrorKind::Unsupported,
            expr.span,
            format!("{name} cannot run here: this evaluation has no random numbers (no run seed)"),
        ));
    };
    // `bound` is at most i64::MAX, so the draw is too.
    Ok(Value::Int(generator.below(bound) as i64))
}

/// A call of a function flowsim cannot run: its arguments are evaluated first (their errors
/// come first, as in any call), then the call fails with `unsupported` and the reason.
#[inline(never)]
fn unsupported<E: Env + ?Sized>(
    expr: &Expr,
    call: &super::ast::Call,
    name: &str,
    why: &str,
    env: &mut E,
) -> EvalResult {
    for a in &call.args {
        eval(a, env)?;
    }
    Err(EvalError::new(
        ErrorKind::Unsupported,
        expr.span,
        format!("{name} cannot run offline: {why}"),
    ))
}

/// `and`, `or`: the right operand only when the left does not decide.
#[inline(never)]
fn logic<E: Env + ?Sized>(expr: &Expr, env: &mut E) -> EvalResult {
    let ExprKind::Binary(op, a, b) = &expr.kind else { unreachable!("eval sends and/or") };
    let what = if *op == BinOp::And { "and" } else { "or" };
    let left = truth(operand(a, env)?, a.span, what)?;
    if left == (*op == BinOp::Or) {
        return Ok(Value::Bool(left));
    }
    Ok(Value::Bool(truth(operand(b, env)?, b.span, what)?))
}

/// `If(c, a, b)`: only the chosen branch is evaluated.
#[inline(never)]
fn lazy_if<E: Env + ?Sized>(call: &super::ast::Call, env: &mut E) -> EvalResult {
    let c = &call.args[0];
    let cond = truth(operand(c, env)?, c.span, "If")?;
    operand(&call.args[if cond { 1 } else { 2 }], env)
}

/// Negation, indexing and members: kept out of [`eval`], whose frame every evaluation pays.
#[inline(never)]
fn rare<E: Env + ?Sized>(expr: &Expr, env: &mut E) -> EvalResult {
    match &expr.kind {
        ExprKind::Unary(op, e) => {
            let v = eval(e, env)?;
            unary(*op, v, expr.span)
        }
        ExprKind::Index(a, i, keys) => {
            let list = eval(a, env)?;
            let idx = eval(i, env)?;
            index(&list, &idx, *keys, a.span, i.span)
        }
        ExprKind::Member(e, name) => Ok(match name.keys {
            Keys::AnyCase => eval(e, env)?.member(&name.lower),
            Keys::Exact => eval(e, env)?.member_exact(&name.text),
        }),
        _ => eval(expr, env),
    }
}

/// [`eval`] of an operand: a literal or a reference (most operands) without a call.
#[allow(clippy::inline_always)] // measured: the compiler does not inline it on its own
#[inline(always)]
fn operand<E: Env + ?Sized>(e: &Expr, env: &mut E) -> EvalResult {
    match &e.kind {
        ExprKind::Lit(v) => Ok(v.clone()),
        ExprKind::Ref(path) => Ok(env.lookup(path, e.span)),
        _ => eval(e, env),
    }
}

use super::range::{datetime, duration as dur, int};

/// `a op b` for two Integers, as [`binary`] computes it; `None` when [`binary`] must decide
/// (overflow, a zero divisor: its errors).
#[allow(clippy::inline_always)] // measured: the compiler does not inline it on its own
#[inline(always)]
fn int_binary(op: BinOp, a: i64, b: i64) -> Option<Value> {
    Some(match op {
        BinOp::Eq => Value::Bool(a == b),
        BinOp::Ne => Value::Bool(a != b),
        BinOp::Lt => Value::Bool(a < b),
        BinOp::Le => Value::Bool(a <= b),
        BinOp::Gt => Value::Bool(a > b),
        BinOp::Ge => Value::Bool(a >= b),
        BinOp::Add => Value::Int(int(a.checked_add(b))?),
        BinOp::Sub => Value::Int(int(a.checked_sub(b))?),
        BinOp::Mul => Value::Int(int(a.checked_mul(b))?),
        // Integer / Integer is Decimal (Architect's rule).
        BinOp::Div if b != 0 => Value::Dec(Decimal::from(a).checked_div(Decimal::from(b))?),
        BinOp::Rem if b != 0 => Value::Int(a.checked_rem(b)?),
        BinOp::BitAnd => Value::Int(a & b),
        BinOp::BitOr => Value::Int(a | b),
        _ => return None,
    })
}

/// A call of a function that takes its arguments evaluated (kept out of [`eval`] so that its
/// argument buffer does not weigh on every evaluation). Up to six arguments live in an array
/// of exactly their number, so nothing is allocated, initialized or dropped beyond them.
#[inline(never)]
fn call_eager<E: Env + ?Sized>(
    expr: &Expr,
    call: &super::ast::Call,
    def: &func::FuncDef,
    f: fn(&Ctx, &[Value]) -> func::FnResult,
    env: &mut E,
) -> EvalResult {
    // The clock does not move during an evaluation: read it once.
    let ctx = Ctx { now_ms: env.now_ms() };
    let mut arg = |i: usize| -> EvalResult {
        let a = &call.args[i];
        let v = operand(a, env)?;
        if !v.is_set() && !def.allows_notset(i) {
            return Err(EvalError::new(
                ErrorKind::NotSet,
                a.span,
                format!("argument {} of {} is NOT_SET: `{a}`", i + 1, def.name),
            ));
        }
        Ok(v)
    };
    let result = match call.args.len() {
        0 => metered(def, f, &ctx, &[]),
        1 => {
            let args = [arg(0)?];
            metered(def, f, &ctx, &args)
        }
        2 => {
            let args = [arg(0)?, arg(1)?];
            metered(def, f, &ctx, &args)
        }
        3 => {
            let args = [arg(0)?, arg(1)?, arg(2)?];
            metered(def, f, &ctx, &args)
        }
        4 => {
            let args = [arg(0)?, arg(1)?, arg(2)?, arg(3)?];
            metered(def, f, &ctx, &args)
        }
        // Architect's builders write MakeDuration with all five arguments.
        5 => {
            let args = [arg(0)?, arg(1)?, arg(2)?, arg(3)?, arg(4)?];
            metered(def, f, &ctx, &args)
        }
        6 => {
            let args = [arg(0)?, arg(1)?, arg(2)?, arg(3)?, arg(4)?, arg(5)?];
            metered(def, f, &ctx, &args)
        }
        n => {
            let args = (0..n).map(&mut arg).collect::<Result<Vec<_>, _>>()?;
            metered(def, f, &ctx, &args)
        }
    };
    match result {
        Ok(v) if def.zero_by_overload && v.is_zero_number() => Ok(zero_of_overload(expr, v)),
        r => r.map_err(|e| EvalError::of_call(e, expr.span)),
    }
}

/// The zero an aggregate with no value set gives: Architect picks `Sum`'s and `Average`'s
/// overload by the arguments' static types, so `Sum(ToDecimal(NOT_SET))` is `0.0`, of Durations a
/// Duration of 0 and of Currencies a Currency of 0.0 with a NOT_SET code (the Scripting SDK's
/// examples). An argument whose type is not known offline (a variable) keeps `zero`.
#[cold]
fn zero_of_overload(expr: &Expr, zero: Value) -> Value {
    use super::types::Base;
    let Ok(ty) = super::check::infer(expr, &super::check::BuiltinsOnly) else { return zero };
    match ty.base {
        _ if ty.collection || !ty.is_known() => zero,
        Base::Decimal => Value::Dec(Decimal::ZERO),
        Base::Duration => Value::Duration(0),
        Base::Currency => {
            super::calendar::Money::partial(Some(Decimal::ZERO), None).map_or(zero, Value::Currency)
        }
        _ => zero,
    }
}

/// Calls `f` and charges the work meter the bytes its arguments and result hold (what the call
/// read and made): past the run's work budget the call fails with `budget`.
#[inline]
fn metered(
    def: &func::FuncDef,
    f: fn(&Ctx, &[Value]) -> func::FnResult,
    ctx: &Ctx,
    args: &[Value],
) -> func::FnResult {
    // The result is returned where the function wrote it (see `FnError`).
    let mut result = func::call(def, f, ctx, args);
    let Ok(v) = &result else { return result };
    let units = args.iter().map(super::meter::touched).sum::<u64>() + super::meter::touched(v);
    if !super::meter::charge(units) {
        result = Err(func::FnError::new(ErrorKind::Budget, budget_message(def.name)));
    }
    result
}

/// The error of an operation the work budget stopped.
#[cold]
pub fn budget_message(what: &str) -> String {
    format!(
        "the run's work budget ran out in `{what}` ({} units of work done)",
        super::meter::used()
    )
}

/// A Boolean operand, or `notSet` / `typeMismatch`.
#[inline]
fn truth(v: Value, span: Span, what: &str) -> Result<bool, Box<EvalError>> {
    match v {
        Value::Bool(b) => Ok(b),
        other => Err(not_boolean(&other, span, what)),
    }
}

#[cold]
#[inline(never)]
#[allow(clippy::unnecessary_box_returns)] // boxed on purpose: see `EvalResult`
fn not_boolean(v: &Value, span: Span, what: &str) -> Box<EvalError> {
    match v {
        Value::NotSet => {
            EvalError::new(ErrorKind::NotSet, span, format!("operand of `{what}` is NOT_SET"))
        }
        other => EvalError::new(
            ErrorKind::TypeMismatch,
            span,
            format!("operand of `{what}` must be Boolean, got {}", other.ty()),
        ),
    }
}

#[inline(never)]
fn unary(op: UnOp, v: Value, span: Span) -> EvalResult {
    match (op, v) {
        (UnOp::Not, Value::Bool(b)) => Ok(Value::Bool(!b)),
        (UnOp::BitNot, Value::Int(i)) => Ok(Value::Int(!i)),
        (UnOp::Neg, Value::Int(i)) => i.checked_neg().map(Value::Int).ok_or_else(|| {
            EvalError::new(ErrorKind::Overflow, span, "integer overflow in negation")
        }),
        (UnOp::Neg, Value::Dec(d)) => Ok(Value::Dec(-d)),
        (UnOp::Neg, Value::Currency(m)) => currency(&m, None, span, "-", |a, _| Some(-a)),
        (UnOp::Neg, Value::Duration(d)) => d.checked_neg().map(Value::Duration).ok_or_else(|| {
            EvalError::new(ErrorKind::Overflow, span, "duration overflow in negation")
        }),
        (op, Value::NotSet) => Err(EvalError::new(
            ErrorKind::NotSet,
            span,
            format!("operand of `{}` is NOT_SET", unary_symbol(op)),
        )),
        (op, other) => Err(EvalError::new(
            ErrorKind::TypeMismatch,
            span,
            format!(
                "`{}` needs {}, got {}",
                unary_symbol(op),
                match op {
                    UnOp::Not => "a Boolean",
                    UnOp::BitNot => "an Integer",
                    UnOp::Neg => "a number, Duration or Currency",
                },
                other.ty()
            ),
        )),
    }
}

fn unary_symbol(op: UnOp) -> &'static str {
    match op {
        UnOp::Not => "not",
        UnOp::Neg => "-",
        UnOp::BitNot => "~",
    }
}

/// `==` (docs/json-flows.md): NOT_SET equals only NOT_SET; Integer and Decimal compare numerically;
/// strings exactly; other differing types are unequal.
pub fn values_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::NotSet, Value::NotSet) => true,
        (Value::Int(x), Value::Int(y)) => x == y,
        (Value::Int(x), Value::Dec(y)) | (Value::Dec(y), Value::Int(x)) => Decimal::from(*x) == *y,
        (Value::Dec(x), Value::Dec(y)) => x == y,
        (Value::Str(x), Value::Str(y)) => x == y,
        (Value::Phone(x), Value::Phone(y)) => x.same_number(y),
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Duration(x), Value::Duration(y))
        | (Value::DateTime(x), Value::DateTime(y))
        | (Value::Date(x), Value::Date(y))
        | (Value::Time(x), Value::Time(y)) => x == y,
        (Value::Currency(x), Value::Currency(y)) => x == y,
        (Value::Timeslot(s, d), Value::Timeslot(t, e)) => s == t && d == e,
        (Value::List(x), Value::List(y)) => {
            Arc::ptr_eq(x, y)
                || (x.len() == y.len() && x.iter().zip(y.iter()).all(|(p, q)| values_equal(p, q)))
        }
        (Value::Object(x), Value::Object(y)) => {
            Arc::ptr_eq(x, y)
                || (x.len() == y.len()
                    && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| values_equal(v, w))))
        }
        (Value::Media(x), Value::Media(y)) => x == y,
        _ => false,
    }
}

#[inline(never)]
fn binary(op: BinOp, x: &Value, y: &Value, xs: Span, ys: Span) -> EvalResult {
    let span = xs.to(ys);
    match op {
        BinOp::Eq => return Ok(Value::Bool(values_equal(x, y))),
        BinOp::Ne => return Ok(Value::Bool(!values_equal(x, y))),
        _ => {}
    }
    if !x.is_set() || !y.is_set() {
        let which = if x.is_set() { ys } else { xs };
        return Err(EvalError::new(
            ErrorKind::NotSet,
            which,
            format!("operand of `{}` is NOT_SET", op.symbol()),
        ));
    }
    let mismatch = || {
        EvalError::new(
            ErrorKind::TypeMismatch,
            span,
            format!("`{}` cannot take {} and {}", op.symbol(), x.ty(), y.ty()),
        )
    };
    let overflow = || {
        EvalError::new(
            ErrorKind::Overflow,
            span,
            format!(
                "overflow in `{}`: the result is past Architect's range (±999,999,999,999,999)",
                op.symbol()
            ),
        )
    };
    // A DateTime past the calendar's years: the `overflow` `AddDays` gives there.
    let dt_overflow = || {
        EvalError::new(
            ErrorKind::Overflow,
            span,
            format!(
                "overflow in `{}`: the result is past a DateTime's range (years -9999 to 9999)",
                op.symbol()
            ),
        )
    };
    // A Decimal result past Decimal's range: the same `overflow` as an Integer's.
    let dec_overflow = || {
        EvalError::new(
            ErrorKind::Overflow,
            span,
            format!(
                "overflow in `{}`: the result is past a Decimal's range \
                 (±79,228,162,514,264,337,593,543,950,335)",
                op.symbol()
            ),
        )
    };
    let by_zero =
        || EvalError::new(ErrorKind::DivisionByZero, ys, format!("`{}` by zero", op.symbol()));
    match op {
        BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => {
            let ord = compare(x, y).ok_or_else(mismatch)?;
            Ok(Value::Bool(match op {
                BinOp::Lt => ord == Ordering::Less,
                BinOp::Le => ord != Ordering::Greater,
                BinOp::Gt => ord == Ordering::Greater,
                _ => ord != Ordering::Less,
            }))
        }
        _ if matches!(x, Value::Currency(_)) || matches!(y, Value::Currency(_)) => {
            currency_binary(op, x, y, span, ys).unwrap_or_else(|| Err(mismatch()))
        }
        BinOp::Add if matches!((x, y), (Value::Media(_), Value::Media(_))) => {
            audio_sum(x, y).ok_or_else(mismatch)
        }
        BinOp::Add => match (x, y) {
            (Value::Int(a), Value::Int(b)) => {
                int(a.checked_add(*b)).map(Value::Int).ok_or_else(overflow)
            }
            (Value::Str(a), Value::Str(b)) => {
                if a.len() + b.len() > MAX_STRING_BYTES {
                    return Err(EvalError::new(
                        ErrorKind::StringTooLong,
                        span,
                        format!("joined string would be longer than {MAX_STRING_BYTES} bytes"),
                    ));
                }
                if !super::meter::charge((a.len() + b.len()) as u64) {
                    return Err(EvalError::new(ErrorKind::Budget, span, budget_message("+")));
                }
                let mut s = String::with_capacity(a.len() + b.len());
                s.push_str(a);
                s.push_str(b);
                Ok(Value::Str(Arc::from(s)))
            }
            (Value::DateTime(t), Value::Duration(d)) | (Value::Duration(d), Value::DateTime(t)) => {
                datetime(t.checked_add(*d)).map(Value::DateTime).ok_or_else(dt_overflow)
            }
            (Value::Duration(a), Value::Duration(b)) => {
                dur(a.checked_add(*b)).map(Value::Duration).ok_or_else(overflow)
            }
            _ => dec2(x, y, Decimal::checked_add, mismatch)?.ok_or_else(dec_overflow),
        },
        BinOp::Sub => match (x, y) {
            (Value::Int(a), Value::Int(b)) => {
                int(a.checked_sub(*b)).map(Value::Int).ok_or_else(overflow)
            }
            (Value::DateTime(a), Value::DateTime(b)) => {
                dur(a.checked_sub(*b)).map(Value::Duration).ok_or_else(overflow)
            }
            (Value::DateTime(t), Value::Duration(d)) => {
                datetime(t.checked_sub(*d)).map(Value::DateTime).ok_or_else(dt_overflow)
            }
            (Value::Duration(a), Value::Duration(b)) => {
                dur(a.checked_sub(*b)).map(Value::Duration).ok_or_else(overflow)
            }
            _ => dec2(x, y, Decimal::checked_sub, mismatch)?.ok_or_else(dec_overflow),
        },
        BinOp::Mul => match (x, y) {
            (Value::Int(a), Value::Int(b)) => {
                int(a.checked_mul(*b)).map(Value::Int).ok_or_else(overflow)
            }
            (Value::Duration(d), Value::Int(n)) | (Value::Int(n), Value::Duration(d)) => {
                dur(d.checked_mul(*n)).map(Value::Duration).ok_or_else(overflow)
            }
            _ => dec2(x, y, Decimal::checked_mul, mismatch)?.ok_or_else(dec_overflow),
        },
        BinOp::Div => {
            let (a, b) = (num(x).ok_or_else(mismatch)?, num(y).ok_or_else(mismatch)?);
            if b.is_zero() {
                return Err(by_zero());
            }
            // Integer / Integer is Decimal (Architect's rule): exact to 28 significant digits,
            // rounded past them (`42.7 / 7` is 6.1, `1 / 3` is 0.333…3).
            a.checked_div(b).map(Value::Dec).ok_or_else(dec_overflow)
        }
        BinOp::Rem => match (x, y) {
            (Value::Int(_), Value::Int(0)) => Err(by_zero()),
            (Value::Int(a), Value::Int(b)) => {
                a.checked_rem(*b).map(Value::Int).ok_or_else(overflow)
            }
            _ => {
                let (a, b) = (num(x).ok_or_else(mismatch)?, num(y).ok_or_else(mismatch)?);
                if b.is_zero() {
                    return Err(by_zero());
                }
                // The sign of the dividend, as Architect's `%`: `37.3 % 12.8` is 11.7.
                a.checked_rem(b).map(Value::Dec).ok_or_else(dec_overflow)
            }
        },
        // A power is a Decimal (`2 ^ 3` is 8.0), as Architect types it.
        BinOp::Pow => {
            let (a, b) = (num(x).ok_or_else(mismatch)?, num(y).ok_or_else(mismatch)?);
            super::decimal::pow(a, b).map(Value::Dec).ok_or_else(|| {
                EvalError::new(
                    ErrorKind::Overflow,
                    span,
                    "`^`: the result is no finite number within a Decimal's range",
                )
            })
        }
        BinOp::BitAnd | BinOp::BitOr => match (x, y) {
            (Value::Int(a), Value::Int(b)) => {
                Ok(Value::Int(if op == BinOp::BitAnd { a & b } else { a | b }))
            }
            _ => Err(mismatch()),
        },
        BinOp::And | BinOp::Or | BinOp::Eq | BinOp::Ne => unreachable!("handled above"),
    }
}

/// `a + b` of two Audio or Prompt values: one after the other.
fn audio_sum(x: &Value, y: &Value) -> Option<Value> {
    use super::media::{Media, MediaKind};
    let (Value::Media(a), Value::Media(b)) = (x, y) else { return None };
    if a.kind == MediaKind::Communication || b.kind == MediaKind::Communication {
        return None;
    }
    let parts = a.parts.iter().chain(b.parts.iter()).cloned().collect();
    let barge_in = a.barge_in.or(b.barge_in);
    Some(Value::Media(Arc::new(Media { kind: MediaKind::Audio, parts, barge_in, constant: false })))
}

/// Currency arithmetic: two Currencies of one code add and subtract; a Currency multiplies by a
/// number (either side), divides by one and takes its remainder. `None`: no such operator.
fn currency_binary(op: BinOp, x: &Value, y: &Value, span: Span, ys: Span) -> Option<EvalResult> {
    Some(match (op, x, y) {
        (BinOp::Add | BinOp::Sub, Value::Currency(a), Value::Currency(b)) => {
            if a.code() != b.code() {
                return Some(Err(EvalError::new(
                    ErrorKind::TypeMismatch,
                    span,
                    format!(
                        "`{}` needs Currencies of one code, not {} and {}",
                        op.symbol(),
                        a.code().unwrap_or("NOT_SET"),
                        b.code().unwrap_or("NOT_SET")
                    ),
                )));
            }
            let Some(q) = b.amount() else { return Some(Err(no_amount(ys, op))) };
            let q = if op == BinOp::Sub { -q } else { q };
            currency(a, Some(q), span, op.symbol(), |p, q| p.checked_add(q?))
        }
        (BinOp::Mul, Value::Currency(m), n) | (BinOp::Mul, n, Value::Currency(m)) => {
            currency(m, num(n), span, "*", |a, n| a.checked_mul(n?))
        }
        (BinOp::Div | BinOp::Rem, Value::Currency(m), n) => {
            let n = num(n)?;
            if n.is_zero() {
                return Some(Err(EvalError::new(
                    ErrorKind::DivisionByZero,
                    ys,
                    format!("`{}` by zero", op.symbol()),
                )));
            }
            let rem = op == BinOp::Rem;
            currency(m, Some(n), span, op.symbol(), |a, n| {
                if rem {
                    a.checked_rem(n?)
                } else {
                    a.checked_div(n?)
                }
            })
        }
        _ => return None,
    })
}

#[cold]
#[allow(clippy::unnecessary_box_returns)] // boxed on purpose: see `EvalResult`
fn no_amount(span: Span, op: BinOp) -> Box<EvalError> {
    EvalError::new(
        ErrorKind::NotSet,
        span,
        format!("operand of `{}` is a Currency whose amount is NOT_SET", op.symbol()),
    )
}

/// A Currency of `m`'s code whose amount is `f(m's amount, other)`.
fn currency(
    m: &super::calendar::Money,
    other: Option<Decimal>,
    span: Span,
    op: &str,
    f: impl Fn(Decimal, Option<Decimal>) -> Option<Decimal>,
) -> EvalResult {
    let a = m.amount().ok_or_else(|| {
        EvalError::new(
            ErrorKind::NotSet,
            span,
            format!("operand of `{op}` is a Currency whose amount is NOT_SET"),
        )
    })?;
    f(a, other)
        .and_then(|r| m.with_amount(Some(r)))
        .map(Value::Currency)
        .ok_or_else(|| EvalError::new(ErrorKind::Overflow, span, format!("overflow in `{op}`")))
}

/// A number as a Decimal (an Integer converts exactly); `None` for any other value.
#[inline]
fn num(v: &Value) -> Option<Decimal> {
    match v {
        Value::Int(i) => Some(Decimal::from(*i)),
        Value::Dec(d) => Some(*d),
        _ => None,
    }
}

/// `f` of two numbers as Decimals: `Err` (`mismatch`) when either is no number, `Ok(None)` when
/// the result is past a Decimal's range.
#[inline]
fn dec2<E>(
    x: &Value,
    y: &Value,
    f: impl Fn(Decimal, Decimal) -> Option<Decimal>,
    mismatch: impl Fn() -> E,
) -> Result<Option<Value>, E> {
    match (num(x), num(y)) {
        (Some(a), Some(b)) => Ok(f(a, b).map(Value::Dec)),
        _ => Err(mismatch()),
    }
}

/// Ordering for `<` and friends: numbers numerically, strings ordinally, date-times, dates,
/// times and durations by time, currencies of one code by amount. Other pairs have none (a
/// Date and a DateTime included: they are different types, docs/json-flows.md).
pub fn compare(x: &Value, y: &Value) -> Option<Ordering> {
    match (x, y) {
        (Value::Int(a), Value::Int(b)) => Some(a.cmp(b)),
        (Value::Str(a), Value::Str(b)) => Some(a.cmp(b)),
        (Value::DateTime(a), Value::DateTime(b))
        | (Value::Duration(a), Value::Duration(b))
        | (Value::Date(a), Value::Date(b))
        | (Value::Time(a), Value::Time(b)) => Some(a.cmp(b)),
        (Value::Currency(a), Value::Currency(b)) if a.code() == b.code() => {
            a.amount()?.partial_cmp(&b.amount()?)
        }
        _ => Some(num(x)?.cmp(&num(y)?)),
    }
}

#[inline(never)]
fn index(list: &Value, idx: &Value, keys: Keys, ls: Span, is: Span) -> EvalResult {
    let span = ls.to(is);
    let i = match idx {
        // `MakeCurrency(5.25, "USD")["amount"]`: a member by name.
        Value::Str(name) if !matches!(list, Value::List(_)) => {
            return match list {
                Value::NotSet => {
                    Err(EvalError::new(ErrorKind::NotSet, ls, "indexed value is NOT_SET"))
                }
                other => Ok(match keys {
                    Keys::AnyCase => other.member(&crate::util::fold_case(name)),
                    Keys::Exact => other.member_exact(name),
                }),
            };
        }
        Value::Int(i) => *i,
        Value::NotSet => return Err(EvalError::new(ErrorKind::NotSet, is, "index is NOT_SET")),
        other => {
            return Err(EvalError::new(
                ErrorKind::TypeMismatch,
                is,
                format!("index must be an Integer, got {}", other.ty()),
            ))
        }
    };
    match list {
        Value::List(items) => {
            usize::try_from(i).ok().and_then(|i| items.get(i)).cloned().ok_or_else(|| {
                EvalError::new(
                    ErrorKind::IndexOutOfRange,
                    span,
                    format!(
                        "index {i} is out of range for a collection of {} item(s)",
                        items.len()
                    ),
                )
            })
        }
        Value::NotSet => Err(EvalError::new(ErrorKind::NotSet, ls, "indexed value is NOT_SET")),
        other => Err(EvalError::new(
            ErrorKind::TypeMismatch,
            ls,
            format!("only a collection can be indexed, not {}", other.ty()),
        )),
    }
}

#[cfg(test)]
pub mod tests;
