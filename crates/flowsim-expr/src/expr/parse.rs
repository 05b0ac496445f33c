//! pest glue: expression text → typed [`Expr`]. pest's `Pairs` never leave this module.
//!
//! Guards keep hostile input from exhausting the stack: bracket nesting is measured before pest
//! sees the text, and the operator tree's depth is bounded while it is folded.

use super::ast::{BinOp, Call, Expr, ExprKind, Keys, Name, Path, Span, UnOp};
use super::func;
use super::limits;
use super::media::Media;
use super::value::Value;
use crate::util::Cut;
use pest::iterators::{Pair, Pairs};
use pest::pratt_parser::{Assoc, Op, PrattParser};
use pest::Parser as _;
use std::cell::Cell;
use std::sync::{Arc, OnceLock};

#[derive(pest_derive::Parser)]
#[grammar = "../../../grammar/expr.pest"]
struct Grammar;

/// Brackets nested deeper than this are refused before parsing.
pub const MAX_NESTING: usize = 64;
/// Operator trees deeper than this are refused (`1+1+1+...` with 300 terms).
pub const MAX_DEPTH: usize = 256;
/// The most members a reference may have (`Flow.a.b` has 3). Binding a path interns each of its
/// prefixes (`flow::bind`), so the bound keeps loading linear in the text.
pub const MAX_PATH_MEMBERS: usize = 64;
/// The longest a reference's text may be, in bytes.
pub const MAX_PATH_BYTES: usize = 1024;

/// Why an expression could not be parsed; `span` points into its text.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{message}")]
pub struct ParseError {
    pub kind: ParseErrorKind,
    pub message: String,
    pub span: Span,
    pub help: Option<String>,
    /// The certain edit of the text that mends it, when there is one: `text[span]` becomes
    /// the string (`=` → `==`; `Lenght` → `Length`, the one function that close; a closing
    /// quote at the end of `Flow.x == "abc`).
    pub fix: Option<(Span, String)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParseErrorKind {
    /// `1 +`
    Syntax,
    /// `Frobnicate(1)`
    UnknownFunction,
    /// `IsSet(1, 2)`
    Arity,
    /// 65 nested parentheses, or 300 chained `+`.
    TooDeep,
    /// `99999999999999999999`
    IntegerTooLarge,
    /// `"\q"`
    BadEscape,
    /// A Decimal literal of more than 40 significant digits.
    TooPrecise,
    /// A text of more than 32,000 characters.
    TooLong,
}

impl ParseErrorKind {
    pub fn code(self) -> crate::diag::Code {
        match self {
            ParseErrorKind::Syntax => crate::diag::Code::Syntax,
            ParseErrorKind::UnknownFunction => crate::diag::Code::UnknownFunction,
            ParseErrorKind::Arity => crate::diag::Code::ArgumentCount,
            ParseErrorKind::TooDeep => crate::diag::Code::TooDeep,
            ParseErrorKind::IntegerTooLarge => crate::diag::Code::IntegerTooLarge,
            ParseErrorKind::BadEscape => crate::diag::Code::BadEscape,
            ParseErrorKind::TooPrecise => crate::diag::Code::TooPrecise,
            ParseErrorKind::TooLong => crate::diag::Code::ExpressionTooLong,
        }
    }
}

fn err(kind: ParseErrorKind, span: Span, message: impl Into<String>) -> ParseError {
    ParseError { kind, message: message.into(), span, help: None, fix: None }
}

fn pratt() -> &'static PrattParser<Rule> {
    static PRATT: OnceLock<PrattParser<Rule>> = OnceLock::new();
    PRATT.get_or_init(|| {
        PrattParser::new()
            .op(Op::infix(Rule::cond, Assoc::Left))
            .op(Op::infix(Rule::or, Assoc::Left))
            .op(Op::infix(Rule::and, Assoc::Left))
            .op(Op::infix(Rule::bit_or, Assoc::Left))
            .op(Op::infix(Rule::bit_and, Assoc::Left))
            .op(Op::infix(Rule::eq, Assoc::Left) | Op::infix(Rule::ne, Assoc::Left))
            .op(Op::infix(Rule::lt, Assoc::Left)
                | Op::infix(Rule::le, Assoc::Left)
                | Op::infix(Rule::gt, Assoc::Left)
                | Op::infix(Rule::ge, Assoc::Left))
            .op(Op::infix(Rule::add, Assoc::Left) | Op::infix(Rule::sub, Assoc::Left))
            .op(Op::infix(Rule::mul, Assoc::Left)
                | Op::infix(Rule::div, Assoc::Left)
                | Op::infix(Rule::rem, Assoc::Left))
            .op(Op::infix(Rule::pow, Assoc::Left))
            .op(Op::prefix(Rule::not) | Op::prefix(Rule::neg) | Op::prefix(Rule::bit_not))
            .op(Op::postfix(Rule::index) | Op::postfix(Rule::member))
    })
}

/// Parses one expression.
///
/// ```
/// let e = flowsim_expr::expr::parse("ToInt(Task.seconds) + Task.intMinutes * 60").unwrap();
/// assert_eq!(e.to_sexpr(), "(+ (call toint task.seconds) (* task.intminutes 60))");
/// ```
pub fn parse(text: &str) -> Result<Expr, ParseError> {
    let expr = parse_unlimited(text)?;
    check_literals(&expr, text)?;
    Ok(expr)
}

/// Parses an Architect flow's expression: refuses a text longer than Architect's 32,000
/// characters (`expressionTooLong`, Architect's message) before parsing it. The seeds' JSON
/// flows and `flowsim expr` have no such limit.
pub fn parse_architect(text: &str) -> Result<Expr, ParseError> {
    let chars = text.chars().count();
    if chars > limits::MAX_EXPRESSION_CHARS {
        return Err(err(
            ParseErrorKind::TooLong,
            Span { start: 0, end: u32::try_from(text.len()).unwrap_or(u32::MAX) },
            format!(
                "The expression text length is {chars} characters which exceeds the maximum allowed of {} characters.",
                limits::MAX_EXPRESSION_CHARS
            ),
        ));
    }
    parse(text)
}

/// Parses without Architect's limits on literals: the evaluator's own tests reach its 64-bit
/// guards with literals Architect would refuse (`9223372036854775807 + 1`).
pub fn parse_unlimited(text: &str) -> Result<Expr, ParseError> {
    check_nesting(text)?;
    let mut pairs = Grammar::parse(Rule::root, text).map_err(|e| from_pest(&e, text))?;
    let root = pairs.next().expect("root rule matched");
    let expr = root.into_inner().next().expect("root holds an expr");
    Ok(build_expr(expr, 0)?.0)
}

/// Architect's limits on literals, with its messages (positions 1-based): an Integer within
/// ±999,999,999,999,999, a Decimal of at most 40 significant digits.
fn check_literals(e: &Expr, text: &str) -> Result<(), ParseError> {
    let written = || text.cut(e.span.start as usize..e.span.end as usize);
    let at = e.span.start + 1;
    match &e.kind {
        ExprKind::Lit(Value::Int(n)) if n.unsigned_abs() > limits::MAX_INT.unsigned_abs() => {
            let (side, bound) = if *n > 0 {
                ("greater than the maximum", limits::MAX_INT)
            } else {
                ("less than the minimum", -limits::MAX_INT)
            };
            Err(err(
                ParseErrorKind::IntegerTooLarge,
                e.span,
                format!("The integer value {} at position {at} is {side} allowed of {bound}", written()),
            ))
        }
        ExprKind::Lit(Value::Dec(_)) if limits::significant_digits(written()) > limits::MAX_PRECISION => {
            Err(err(
                ParseErrorKind::TooPrecise,
                e.span,
                format!(
                    "The value {} at position {at} has too much precision.  It needs to have {} digits or less of precision.",
                    written(),
                    limits::MAX_PRECISION
                ),
            ))
        }
        ExprKind::Lit(_) | ExprKind::Ref(_) => Ok(()),
        ExprKind::Unary(_, a) | ExprKind::Member(a, _) => check_literals(a, text),
        ExprKind::Binary(_, a, b) | ExprKind::Index(a, b, _) => {
            check_literals(a, text)?;
            check_literals(b, text)
        }
        ExprKind::Call(c) => c.args.iter().try_for_each(|a| check_literals(a, text)),
    }
}

/// Every unknown function `text` calls, when its parse failed on the first one (`first`), so
/// that an author sees all the misspelt names of an expression at once (`Apend(Lowr(x))`);
/// any other error is returned alone.
pub fn unknown_functions(text: &str, first: ParseError) -> Vec<ParseError> {
    if first.kind != ParseErrorKind::UnknownFunction {
        return vec![first];
    }
    // The text passed the nesting check and the grammar before `first` was found.
    let Ok(pairs) = Grammar::parse(Rule::root, text) else { return vec![first] };
    let mut out = Vec::new();
    for pair in pairs.flatten().filter(|p| p.as_rule() == Rule::call) {
        let Some(ident) = pair.into_inner().next() else { continue };
        let name = ident.as_str();
        if func::lookup(name).is_none() {
            let mut e = err(
                ParseErrorKind::UnknownFunction,
                span_of(&ident),
                format!("unknown function `{name}`"),
            );
            e.help = func::nearest(name).map(|n| format!("did you mean `{n}`?"));
            e.fix = func::nearest_one(name).map(|n| (e.span, n.to_owned()));
            out.push(e);
        }
    }
    if out.is_empty() {
        vec![first]
    } else {
        out
    }
}

/// Refuses bracket nesting deeper than [`MAX_NESTING`], before pest recurses on it.
fn check_nesting(text: &str) -> Result<(), ParseError> {
    let mut depth = 0usize;
    let mut conditionals = 0usize;
    let mut quote: Option<u8> = None;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match quote {
            Some(q) => {
                if b == b'\\' {
                    i += 1;
                } else if b == q {
                    quote = None;
                }
            }
            None => match b {
                b'"' | b'\'' => quote = Some(b),
                b'(' | b'[' | b'{' => {
                    depth += 1;
                    if depth > MAX_NESTING {
                        return Err(too_deep(
                            format!("brackets nested more than {MAX_NESTING} deep"),
                            i,
                        ));
                    }
                }
                b')' | b']' | b'}' => depth = depth.saturating_sub(1),
                // Each `?` of a conditional nests the grammar once more: bound them alike.
                b'?' => {
                    conditionals += 1;
                    if conditionals > MAX_NESTING {
                        return Err(too_deep(
                            format!("more than {MAX_NESTING} conditionals (`? :`)"),
                            i,
                        ));
                    }
                }
                _ => {}
            },
        }
        i += 1;
    }
    Ok(())
}

/// The text nests too deeply at byte `at`.
fn too_deep(message: String, at: usize) -> ParseError {
    ParseError {
        kind: ParseErrorKind::TooDeep,
        message,
        span: Span::new(at, at + 1),
        help: Some("split the expression over several Set nodes".into()),
        fix: None,
    }
}

fn span_of(pair: &Pair<'_, Rule>) -> Span {
    let s = pair.as_span();
    Span::new(s.start(), s.end())
}

/// An `expr`: operands and operators (`c ? a : b` among them), folded into a tree; the `usize`
/// is the tree's depth.
fn build_expr(pair: Pair<'_, Rule>, outer: usize) -> Result<(Expr, usize), ParseError> {
    build_chain(pair, outer)
}

/// Folds a flat sequence of operands and operators (an `expr`, a conditional's middle) into a tree; the `usize` is the tree's depth.
///
/// `outer` counts the prefix operators in front of the operands that enclose this expression:
/// pest's Pratt parser recurses once per prefix operator *before* it folds the operand (so
/// before the tree's depth is known), and a bracketed operand is built at the bottom of that
/// recursion. Bounding the sum over every bracket level keeps `-(-(-(...)))` with long runs of
/// `-` at each level from exhausting the stack.
fn build_chain(pair: Pair<'_, Rule>, outer: usize) -> Result<(Expr, usize), ParseError> {
    let span = span_of(&pair);
    let deep = move |depth: usize| -> Result<usize, ParseError> {
        if depth > MAX_DEPTH {
            Err(ParseError {
                kind: ParseErrorKind::TooDeep,
                message: format!("expression nests more than {MAX_DEPTH} operators deep"),
                span,
                help: Some("split the expression over several Set nodes".into()),
                fix: None,
            })
        } else {
            Ok(depth)
        }
    };
    // pest's Pratt parser recurses once per prefix operator: bound runs of them first, and
    // note each operand's run: its bracketed parts are built at the bottom of that recursion.
    let mut runs = Vec::new();
    let mut run = 0;
    for p in pair.clone().into_inner() {
        match p.as_rule() {
            Rule::not | Rule::neg | Rule::bit_not => run = deep(run + 1 + outer)? - outer,
            Rule::index | Rule::member => {}
            rule if is_infix(rule) => {}
            _ => runs.push(std::mem::take(&mut run)),
        }
    }
    // Operands are built left to right, each followed by its postfix operators.
    let operand = Cell::new(0usize);
    let enclosing = Cell::new(outer);
    let (runs, operand, enclosing) = (&runs, &operand, &enclosing);
    let folded = pratt()
        .map_primary(move |p| {
            let k = operand.replace(operand.get() + 1);
            enclosing.set(outer + runs.get(k).copied().unwrap_or(0));
            build_primary(p, enclosing.get())
        })
        .map_prefix(move |op, rhs| {
            let (rhs, d) = rhs?;
            let op_span = span_of(&op);
            let un = match op.as_rule() {
                Rule::not => UnOp::Not,
                Rule::bit_not => UnOp::BitNot,
                _ => UnOp::Neg,
            };
            let span = op_span.to(rhs.span);
            Ok((Expr { kind: ExprKind::Unary(un, Box::new(rhs)), span }, deep(d + 1)?))
        })
        .map_postfix(move |lhs, op| {
            let (lhs, d) = lhs?;
            let op_span = span_of(&op);
            let span = lhs.span.to(op_span);
            if op.as_rule() == Rule::index {
                let inner = op.into_inner().next().expect("index holds an expr");
                let (idx, di) = build_expr(inner, enclosing.get())?;
                let kind = ExprKind::Index(Box::new(lhs), Box::new(idx), Keys::AnyCase);
                Ok((Expr { kind, span }, deep(d.max(di) + 1)?))
            } else {
                let ident = op.into_inner().next().expect("member holds a name");
                let quoted;
                let text = if ident.as_rule() == Rule::dq_string {
                    let body = ident.into_inner().next().expect("a quoted name holds its text");
                    quoted = unescape(body.as_str(), span_of(&body))?;
                    quoted.as_str()
                } else {
                    ident.as_str()
                };
                let name = Name::new(text);
                Ok((Expr { kind: ExprKind::Member(Box::new(lhs), name), span }, deep(d + 1)?))
            }
        })
        .map_infix(move |lhs, op, rhs| {
            let (lhs, dl) = lhs?;
            let (rhs, dr) = rhs?;
            if op.as_rule() == Rule::cond {
                // `c ? a : b` is Architect's `If(c, a, b)`.
                let inner = op.into_inner().next().expect("a conditional holds its middle");
                let (then, dt) = build_expr(inner, enclosing.get())?;
                let span = lhs.span.to(rhs.span);
                let func = crate::expr::func::lookup("If").expect("If is a function");
                let call = Call { func, name: "If".into(), args: vec![lhs, then, rhs] };
                return Ok((
                    Expr { kind: ExprKind::Call(call), span },
                    deep(dl.max(dr).max(dt) + 1)?,
                ));
            }
            let bin = match op.as_rule() {
                Rule::or => BinOp::Or,
                Rule::and => BinOp::And,
                Rule::eq => BinOp::Eq,
                Rule::ne => BinOp::Ne,
                Rule::lt => BinOp::Lt,
                Rule::le => BinOp::Le,
                Rule::gt => BinOp::Gt,
                Rule::ge => BinOp::Ge,
                Rule::add => BinOp::Add,
                Rule::sub => BinOp::Sub,
                Rule::mul => BinOp::Mul,
                Rule::div => BinOp::Div,
                Rule::pow => BinOp::Pow,
                Rule::bit_and => BinOp::BitAnd,
                Rule::bit_or => BinOp::BitOr,
                _ => BinOp::Rem,
            };
            let span = lhs.span.to(rhs.span);
            Ok((
                Expr { kind: ExprKind::Binary(bin, Box::new(lhs), Box::new(rhs)), span },
                deep(dl.max(dr) + 1)?,
            ))
        })
        .parse(pair.into_inner());
    folded
}

fn is_infix(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::cond
            | Rule::or
            | Rule::and
            | Rule::eq
            | Rule::ne
            | Rule::lt
            | Rule::le
            | Rule::gt
            | Rule::ge
            | Rule::add
            | Rule::sub
            | Rule::mul
            | Rule::div
            | Rule::rem
            | Rule::pow
            | Rule::bit_and
            | Rule::bit_or
    )
}

fn build_primary(pair: Pair<'_, Rule>, outer: usize) -> Result<(Expr, usize), ParseError> {
    let span = span_of(&pair);
    let lit = |v: Value| Ok((Expr { kind: ExprKind::Lit(v), span }, 1));
    match pair.as_rule() {
        Rule::paren => {
            let inner = pair.into_inner().next().expect("paren holds an expr");
            let (mut e, d) = build_expr(inner, outer)?;
            e.span = span;
            Ok((e, d))
        }
        Rule::string => {
            let inner = pair.into_inner().next().expect("string holds a quoted form");
            let body = inner.into_inner().next().expect("quoted form holds its text");
            let text = unescape(body.as_str(), span_of(&body))?;
            lit(Value::Str(Arc::from(text)))
        }
        Rule::number => {
            let inner = pair.into_inner().next().expect("number holds a form");
            // `- 1` is the literal -1: drop the space between the sign and the digits.
            let spaced = inner.as_str();
            let joined: String;
            let text = if spaced
                .strip_prefix('-')
                .is_some_and(|digits| !digits.starts_with(|c: char| c.is_ascii_digit()))
            {
                joined = spaced.chars().filter(|c| !c.is_whitespace()).collect();
                joined.as_str()
            } else {
                spaced
            };
            if inner.as_rule() == Rule::integer {
                match text.parse::<i64>() {
                    Ok(n) => lit(Value::Int(n)),
                    Err(_) => Err(err(
                        ParseErrorKind::IntegerTooLarge,
                        span,
                        format!("integer {text} does not fit in 64 bits"),
                    )),
                }
            } else {
                // Read from the literal's text exactly (past 28 significant digits, rounded).
                match super::decimal::parse(text) {
                    Some(d) => lit(Value::Dec(d)),
                    _ => Err(err(
                        ParseErrorKind::IntegerTooLarge,
                        span,
                        format!("number {text} is too large"),
                    )),
                }
            }
        }
        Rule::keyword => {
            let inner = pair.into_inner().next().expect("keyword holds a form");
            lit(match inner.as_rule() {
                Rule::kw_true => Value::Bool(true),
                Rule::kw_false => Value::Bool(false),
                _ => Value::NotSet,
            })
        }
        Rule::braced => {
            let path = pair.into_inner().next().expect("braced holds a path");
            Ok((reference(path.as_str(), true, span)?, 1))
        }
        Rule::path => Ok((reference(pair.as_str(), false, span)?, 1)),
        Rule::call => build_call(pair.into_inner(), span, outer),
        rule => unreachable!("primary rule {rule:?}"),
    }
}

/// A reference, or the prompt it names: `PromptSystem.please_try_again` and `Prompt.Welcome`
/// are Architect's prompt resources, constants known before the flow runs. A path longer than
/// [`MAX_PATH_MEMBERS`] members or [`MAX_PATH_BYTES`] bytes is `TooDeep`.
fn reference(text: &str, braced: bool, span: Span) -> Result<Expr, ParseError> {
    let members = text.bytes().filter(|&b| b == b'.').count() + 1;
    if members > MAX_PATH_MEMBERS || text.len() > MAX_PATH_BYTES {
        return Err(ParseError {
            kind: ParseErrorKind::TooDeep,
            message: format!(
                "a reference has {members} members and {} bytes; at most {MAX_PATH_MEMBERS} \
                 members and {MAX_PATH_BYTES} bytes",
                text.len()
            ),
            span,
            help: Some("Architect's names are short: read a deep JSON value in steps".into()),
            fix: None,
        });
    }
    let is_prompt = text.split_once('.').is_some_and(|(head, rest)| {
        (head.eq_ignore_ascii_case("promptsystem") || head.eq_ignore_ascii_case("prompt"))
            && !rest.is_empty()
    });
    let kind = if is_prompt {
        ExprKind::Lit(Value::Media(Arc::new(Media::prompt_constant(text))))
    } else {
        ExprKind::Ref(Path::new(text, braced))
    };
    Ok(Expr { kind, span })
}

fn build_call(
    mut inner: Pairs<'_, Rule>,
    span: Span,
    outer: usize,
) -> Result<(Expr, usize), ParseError> {
    let ident = inner.next().expect("call holds a name");
    let name = ident.as_str();
    let name_span = span_of(&ident);
    let Some(id) = func::lookup(name) else {
        let mut e =
            err(ParseErrorKind::UnknownFunction, name_span, format!("unknown function `{name}`"));
        e.help = func::nearest(name).map(|n| format!("did you mean `{n}`?"));
        e.fix = func::nearest_one(name).map(|n| (e.span, n.to_owned()));
        return Err(e);
    };
    let mut args = Vec::new();
    let mut depth = 0;
    for a in inner {
        let (e, d) = build_expr(a, outer)?;
        depth = depth.max(d);
        args.push(e);
    }
    let def = func::get(id);
    let variadic = def.max_args == u8::MAX;
    if args.len() < def.min_args as usize || (!variadic && args.len() > def.max_args as usize) {
        let mut e = err(
            ParseErrorKind::Arity,
            span,
            format!("{} takes {} argument(s), {} given", def.name, def.arity_text(), args.len()),
        );
        e.help = Some(format!("check the arguments of {}", def.name));
        return Err(e);
    }
    let kind = ExprKind::Call(Call { func: id, name: name.into(), args });
    Ok((Expr { kind, span }, depth + 1))
}

/// Backslash escapes: `\" \' \\ \n \t` (and `\r`, `\/` as JSON writes them).
fn unescape(raw: &str, span: Span) -> Result<String, ParseError> {
    if !raw.contains('\\') {
        return Ok(raw.to_owned());
    }
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.char_indices();
    while let Some((i, c)) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let Some((_, e)) = chars.next() else { break };
        out.push(match e {
            '"' => '"',
            '\'' => '\'',
            '\\' => '\\',
            '/' => '/',
            'n' => '\n',
            't' => '\t',
            'r' => '\r',
            other => {
                let at = span.start as usize + i;
                let mut e = err(
                    ParseErrorKind::BadEscape,
                    Span::new(at, at + 1 + other.len_utf8()),
                    format!("unknown escape `\\{other}` in a string"),
                );
                e.help = Some("write `\\\\` for a backslash".into());
                return Err(e);
            }
        });
    }
    Ok(out)
}

fn from_pest(e: &pest::error::Error<Rule>, text: &str) -> ParseError {
    let (start, end) = match e.location {
        // The end is set below, after the character at `p` (which may take several bytes).
        pest::error::InputLocation::Pos(p) => (p, p),
        pest::error::InputLocation::Span((s, e)) => (s, e),
    };
    // pest's places are character boundaries of `text`; one that is not is read as the end.
    let (before, rest) = text.split_at_checked(start).unwrap_or((text, ""));
    let found = rest.chars().next();
    let expected = match &e.variant {
        pest::error::ErrorVariant::ParsingError { positives, .. } => describe(positives),
        pest::error::ErrorVariant::CustomError { message } => message.clone(),
    };
    let message = match found {
        None => format!("unexpected end of expression: expected {expected}"),
        Some(c) => format!("unexpected `{c}`: expected {expected}"),
    };
    let end = if start == end { start + found.map_or(0, char::len_utf8) } else { end };
    // The mistakes authors from other languages make most.
    let mut fix = None;
    let help = if let Some(after) = rest.strip_prefix('=').filter(|r| !r.starts_with('=')) {
        // `a = b` between two operands, not `a => b` or `a <= = b`: the one operator meant is
        // `==`.
        let before = before.trim_end().chars().next_back();
        let after = after.trim_start().chars().next();
        let ends_operand = |c: char| c.is_alphanumeric() || "_.)]}\"'".contains(c);
        let starts_operand = |c: char| c.is_alphanumeric() || "_-!([{\"'".contains(c);
        if before.is_some_and(ends_operand) && after.is_some_and(starts_operand) {
            fix = Some((Span::new(start, start + 1), "==".to_owned()));
        }
        Some("compare with `==`; a single `=` is not an operator here".to_owned())
    } else if let Some(f) = closing_quote(text, start) {
        fix = Some(f);
        Some("close the string with its quote".to_owned())
    } else if rest.starts_with("<>") || (before.trim_end().ends_with('<') && rest.starts_with('>'))
    {
        Some("write `!=` for \"not equal\"".to_owned())
    } else {
        None
    };
    ParseError {
        kind: ParseErrorKind::Syntax,
        message,
        span: Span::new(start, end.max(start)),
        help,
        fix,
    }
}

/// `Flow.x == "abc`: a string opened at byte `at` that nothing closes, where the text parses
/// once its quote is written at the end (before trailing spaces): that insertion.
fn closing_quote(text: &str, at: usize) -> Option<(Span, String)> {
    let opened = text.get(at..)?;
    let quote = opened.chars().next().filter(|c| matches!(c, '"' | '\''))?;
    let body = opened.get(1..)?.trim_end();
    // An escape, or an operator at the end (`"abc + `: more was meant), is no certain place.
    if body.contains(quote)
        || body.contains('\\')
        || body.ends_with(['+', '-', '*', '/', '&', '|', '=', '<', '>', ',', '('])
    {
        return None;
    }
    let end = at + 1 + body.len();
    let (head, tail) = text.split_at_checked(end)?;
    let mended = format!("{head}{quote}{tail}");
    Grammar::parse(Rule::root, &mended).ok()?;
    Some((Span::new(end, end), quote.to_string()))
}

fn describe(rules: &[Rule]) -> String {
    let mut words: Vec<&str> = Vec::new();
    for r in rules {
        let w = match r {
            Rule::expr | Rule::paren | Rule::call | Rule::primary | Rule::path | Rule::braced => {
                "a value"
            }
            Rule::string | Rule::number | Rule::keyword => "a value",
            r if is_infix(*r) => "an operator",
            Rule::infix | Rule::plain => "an operator",
            Rule::index | Rule::member | Rule::postfix => "an operator",
            Rule::not | Rule::neg | Rule::bit_not | Rule::prefix => "a value",
            Rule::EOI => "the end of the expression",
            Rule::ident => "a name",
            _ => "a value",
        };
        if !words.contains(&w) {
            words.push(w);
        }
    }
    match words.len() {
        0 => "something else".into(),
        1 => words[0].into(),
        _ => {
            let last = words.pop().unwrap_or_default();
            format!("{} or {last}", words.join(", "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn sx(text: &str) -> String {
        match parse(text) {
            Ok(e) => e.to_sexpr(),
            Err(e) => panic!("{text}: {e}"),
        }
    }

    #[track_caller]
    fn fails(text: &str) -> ParseError {
        parse(text).expect_err(text)
    }

    #[test]
    fn both_dialects() {
        assert_eq!(sx("{shared_module_result} == '1'"), r#"(== shared_module_result "1")"#);
        assert_eq!(
            sx(r#"Flow.tier == "gold" and IsSet(Call.Ani)"#),
            r#"(and (== flow.tier "gold") (call isset call.ani))"#
        );
    }

    #[test]
    fn precedence_lowest_first() {
        assert_eq!(sx("a or b and c"), "(or a (and b c))");
        assert_eq!(sx("a and b == c"), "(and a (== b c))");
        assert_eq!(sx("a == b < c"), "(== a (< b c))");
        assert_eq!(sx("a < b + c"), "(< a (+ b c))");
        assert_eq!(sx("a + b * c"), "(+ a (* b c))");
        assert_eq!(sx("-a * b"), "(* (neg a) b)");
        assert_eq!(sx("not a == b"), "(== (not a) b)");
        assert_eq!(sx("-a[0]"), "(neg (index a 0))");
        assert_eq!(sx("a - b - c"), "(- (- a b) c)");
        assert_eq!(sx("a / b % c"), "(% (/ a b) c)");
        assert_eq!(sx("(a or b) and c"), "(and (or a b) c)");
    }

    /// Architect's conditional, as its own parser reads it (the Scripting SDK's trees): the
    /// lowest precedence, left-associative, no conditional in the middle; numbers have no
    /// exponent (`1e3` is an error there too).
    #[test]
    fn architects_conditional_and_member_forms() {
        assert_eq!(sx("a ? 1 : 2"), "(call if a 1 2)");
        assert_eq!(sx("a or b ? 1 : 2"), "(call if (or a b) 1 2)");
        assert_eq!(sx("a ? 1 : b == c"), "(call if a 1 (== b c))");
        assert_eq!(sx("a ? 1 : b ? 2 : 3"), "(call if (call if a 1 b) 2 3)");
        assert_eq!(sx("a ? (b ? 1 : 2) : 3"), "(call if a (call if b 1 2) 3)");
        assert_eq!(sx("(a ? 1 : 2) + 1"), "(+ (call if a 1 2) 1)");
        fails("a ? b ? 1 : 2 : 3");
        // Members: `.name`, `."any name"` (double quotes only), `["name"]`.
        assert_eq!(sx(r#"Flow.q."name" == "x""#), r#"(== flow.q.name "x")"#);
        let printed = parse(r#"Flow.q."first name".y"#).unwrap().to_string();
        assert_eq!(printed, r#"(Flow.q)."first name".y"#);
        assert_eq!(sx(&printed), sx(r#"Flow.q."first name".y"#));
        assert_eq!(sx(r#"Flow.q["name"]"#), r#"(index flow.q "name")"#);
        fails("Flow.q.'name'");
        fails("a ?");
        fails("1e3");
    }

    #[test]
    fn operator_spellings() {
        assert_eq!(sx("a || b && !c"), "(or a (and b (not c)))");
        assert_eq!(sx("a OR b AND NOT c"), "(or a (and b (not c)))");
        assert_eq!(sx("a != b"), "(!= a b)");
        assert_eq!(sx("a >= b"), "(>= a b)");
        assert_eq!(sx("a <= b"), "(<= a b)");
        assert_eq!(sx("a > b"), "(> a b)");
    }

    #[test]
    fn literals() {
        assert_eq!(sx("42"), "42");
        assert_eq!(sx("4.5"), "4.5");
        assert_eq!(sx("TRUE"), "true");
        assert_eq!(sx("False"), "false");
        assert_eq!(sx("not_set"), "NOT_SET");
        assert_eq!(sx(r#"'it\'s' + "a\"b\\c\n""#), r#"(+ "it's" "a\"b\\c\n")"#);
        assert_eq!(sx("orders"), "orders", "a keyword prefix is still a name");
        assert_eq!(sx("notes"), "notes");
    }

    #[test]
    fn calls_and_members() {
        assert_eq!(
            sx("contains(Lower(Flow.ani),\"x\")"),
            r#"(call contains (call lower flow.ani) "x")"#
        );
        assert_eq!(sx("GetAt(Flow.list, 0).Name"), "(call getat flow.list 0).name");
        assert_eq!(sx("Flow.list[1 + 1]"), "(index flow.list (+ 1 1))");
        assert_eq!(sx("If(\n\ta,\n\tb,\n\tc\n)"), "(call if a b c)");
        assert_eq!(sx("Now()"), "(call now)");
    }

    #[test]
    fn errors_point_at_the_problem() {
        let e = fails("1 +");
        assert_eq!(e.kind, ParseErrorKind::Syntax);
        assert_eq!(e.span.start, 3);
        let e = fails("Frobnicate(1)");
        assert_eq!(e.kind, ParseErrorKind::UnknownFunction);
        let text = "Apend(Flow.a, Lowr(Call.Ani), Trim(Flow.b))";
        let all = unknown_functions(text, parse(text).unwrap_err());
        let names: Vec<(&str, Option<&str>)> = all
            .iter()
            .map(|e| (&text[e.span.start as usize..e.span.end as usize], e.help.as_deref()))
            .collect();
        assert_eq!(
            names,
            [("Apend", Some("did you mean `Append`?")), ("Lowr", Some("did you mean `Lower`?"))]
        );
        let syntax = parse("1 +").unwrap_err();
        assert_eq!(unknown_functions("1 +", syntax.clone()), [syntax]);
        assert_eq!((e.span.start, e.span.end), (0, 10));
        let e = fails("Contans(a, b)");
        assert_eq!(e.help.as_deref(), Some("did you mean `Contains`?"));
        assert_eq!(fails("IsSet(1, 2)").kind, ParseErrorKind::Arity);
        assert_eq!(fails("99999999999999999999").kind, ParseErrorKind::IntegerTooLarge);
        assert_eq!(fails(r#""\q""#).kind, ParseErrorKind::BadEscape);
        assert_eq!(fails("'unclosed").kind, ParseErrorKind::Syntax);
        assert_eq!(fails("a b").kind, ParseErrorKind::Syntax);
        assert_eq!(
            fails("Ask.digits = \"1\"").help.as_deref(),
            Some("compare with `==`; a single `=` is not an operator here")
        );
        assert_eq!(fails("a <> b").help.as_deref(), Some("write `!=` for \"not equal\""));
    }

    #[test]
    fn the_certain_fix_of_a_mistake_comes_with_it() {
        let fix = |text: &str| fails(text).fix.map(|(s, new)| (s.start, s.end, new));
        assert_eq!(fix("Ask.digits = \"1\""), Some((11, 12, "==".into())));
        assert_eq!(fix("Lenght(Flow.x)"), Some((0, 6, "Length".into())));
        assert_eq!(fix("Flow.x == \"abc"), Some((14, 14, "\"".into())));
        assert_eq!(fix("Flow.x == 'abc  "), Some((14, 14, "'".into())));
        // Nothing certain: another operator meant, several functions as near, a quote that
        // closes nothing that parses.
        assert_eq!(fix("a => b"), None);
        assert_eq!(fix("a <= = b"), None);
        assert_eq!(fix("Mix(1, 2)"), None);
        assert_eq!(fix("Flow.x == \"a\\"), None);
        assert_eq!(fix("Flow.x == \"abc + "), None);
    }

    #[test]
    fn hostile_depth_is_refused_not_overflowed() {
        let deep = format!("{}1{}", "(".repeat(100_000), ")".repeat(100_000));
        assert_eq!(fails(&deep).kind, ParseErrorKind::TooDeep);
        let long = vec!["1"; 100_000].join(" + ");
        assert_eq!(fails(&long).kind, ParseErrorKind::TooDeep);
        // An Architect flow's expression is refused for its length first.
        assert_eq!(parse_architect(&deep).unwrap_err().kind, ParseErrorKind::TooLong);
        let nots = format!("{}true", "not ".repeat(10_000));
        assert_eq!(fails(&nots).kind, ParseErrorKind::TooDeep);
        let ok = format!("{}1{}", "(".repeat(MAX_NESTING), ")".repeat(MAX_NESTING));
        assert_eq!(sx(&ok), "1");
    }
}
