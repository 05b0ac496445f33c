//! Architect's verdict on an expression's text: does it parse as Architect writes expressions,
//! and what type is it, or what class of mistake is it. `flowsim expr check` prints it, and
//! tests/it/verdicts.rs compares it with the verdicts of Architect's own checker
//! (tools/oracle/verdicts.js).
//!
//! flowsim's parser also reads the seeds' JSON dialect (`'text'`, `not x`, `{name}`); Architect
//! refuses those as syntax errors, and so does this check.

use super::ast::{Expr, ExprKind, Span, UnOp};
use super::check::{infer, TypeEnv};
use super::parse::{parse, ParseErrorKind};
use super::types::Ty;
use super::value::Value;

/// Why Architect refuses a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Rejection {
    /// The class of the mistake, as tools/oracle/verdicts.js names Architect's: `syntax`,
    /// `unknownFunction`, `unknownVariable`, `unknownMember`, `integerRange`, `noOverload`,
    /// `typeMismatch`.
    pub class: &'static str,
    /// The diagnostic code flowsim reports it with.
    pub code: &'static str,
    pub message: String,
    pub span: Span,
    pub help: Option<String>,
    /// The text does not parse (as opposed to a parsed text whose types are wrong).
    pub syntax: bool,
}

/// Architect's verdict on `text` with the variables `env` declares.
pub fn verdict(text: &str, env: &dyn TypeEnv) -> Result<Ty, Rejection> {
    let tree = parse(text).map_err(|e| Rejection {
        class: match e.kind {
            ParseErrorKind::Syntax | ParseErrorKind::BadEscape | ParseErrorKind::TooDeep => {
                "syntax"
            }
            ParseErrorKind::UnknownFunction => "unknownFunction",
            ParseErrorKind::Arity => "noOverload",
            ParseErrorKind::IntegerTooLarge => "integerRange",
        },
        code: e.kind.code(),
        message: e.message,
        span: e.span,
        help: e.help,
        syntax: true,
    })?;
    if let Some((span, what)) = foreign(text, &tree) {
        return Err(Rejection {
            class: "syntax",
            code: "syntax",
            message: format!("Architect's expressions have no {what}"),
            span,
            help: Some(match what {
                "single-quoted text" => "write text in double quotes: \"text\"".into(),
                "`not` operator" => "write `!x` or `x == false`".into(),
                _ => "write the variable's name without braces".into(),
            }),
            syntax: true,
        });
    }
    infer(&tree, env).map_err(|e| Rejection {
        class: e.kind.class(),
        code: e.kind.code(),
        message: e.message,
        span: e.span,
        help: e.help,
        syntax: false,
    })
}

/// The first part of `tree` written in the seeds' dialect only, and what it is.
fn foreign(text: &str, tree: &Expr) -> Option<(Span, &'static str)> {
    let mut stack = vec![tree];
    while let Some(e) = stack.pop() {
        let at = text.get(e.span.start as usize..).unwrap_or_default();
        match &e.kind {
            ExprKind::Lit(Value::Str(_)) if at.starts_with('\'') => {
                return Some((e.span, "single-quoted text"));
            }
            ExprKind::Ref(p) if p.braced => return Some((e.span, "braced reference")),
            ExprKind::Unary(UnOp::Not, x) => {
                if at.get(..3).is_some_and(|w| w.eq_ignore_ascii_case("not")) {
                    return Some((e.span, "`not` operator"));
                }
                stack.push(x);
            }
            ExprKind::Unary(_, x) | ExprKind::Member(x, _) => stack.push(x),
            ExprKind::Binary(_, a, b) | ExprKind::Index(a, b) => {
                stack.push(b);
                stack.push(a);
            }
            ExprKind::Call(c) => stack.extend(c.args.iter().rev()),
            ExprKind::Lit(_) | ExprKind::Ref(_) => {}
        }
    }
    None
}
