//! The typed expression AST. Built once by [`super::parse`]; evaluated many times.
//!
//! Names are stored twice: as written (for messages) and lower-cased (for case-insensitive
//! resolution, computed once here rather than on every evaluation).

use super::func::FuncId;
use super::value::Value;
use crate::util::Cut;
use std::fmt;

pub use crate::diag::Span;

/// An expression with the span of text it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    /// `"a"`, `'a'`, `42`, `4.5`, `true`, `NOT_SET`
    Lit(Value),
    /// `Flow.tier`, `{GatherInput.digits}`, `Call.Ani`
    Ref(Path),
    /// `not x`, `!x`, `-x`
    Unary(UnOp, Box<Expr>),
    /// `a + b`, `a and b`
    Binary(BinOp, Box<Expr>, Box<Expr>),
    /// `list[0]`, `Flow.json["name"]` (a member by name: [`Keys`] says how it is matched)
    Index(Box<Expr>, Box<Expr>, Keys),
    /// `GetAt(list, 0).name`: a member of a computed value (a reference's own dotted path is a
    /// [`Path`], not a chain of members).
    Member(Box<Expr>, Name),
    /// `Lower(Flow.x)`
    Call(Call),
}

/// A dotted reference: `Flow.tier`.
#[derive(Debug, Clone, PartialEq)]
pub struct Path {
    /// As written, without braces: `Flow.Tier`.
    pub text: Box<str>,
    /// Lower-cased: `flow.tier`.
    pub lower: Box<str>,
    /// Byte offsets of each `.` in `lower`, so prefixes are slices, not new strings.
    pub dots: Box<[u32]>,
    /// Written inside braces: `{Flow.tier}`.
    pub braced: bool,
    /// What the registry bound this reference to when it loaded (empty until then).
    pub bind: Binding,
}

/// A variable's index in its registry's variable table (see `flow::bind`).
pub type VarId = u32;

/// What a loaded registry resolved a [`Path`] to, so that a run reads variables by index
/// instead of by name: the variable id of each prefix (`vars[k]` names the first `k + 1`
/// segments) and the node of the path's own flow that its head names, if any.
///
/// Which of these a read finds still depends on the run (a variable may not be set yet), so
/// the engine applies docs/json-flows.md's order to them. A path parsed outside a registry is unbound
/// (`vars` empty) and is resolved by name. Not part of the syntax: equality ignores it.
#[derive(Debug, Clone, Default)]
pub struct Binding {
    pub vars: Box<[VarId]>,
    pub node: Option<u32>,
    /// The head is `Call` or `Context` and more follows: the run context comes first.
    pub context: bool,
    /// How many leading segments name a variable of type JSON, 0 when none: the members read
    /// after them are matched as [`Keys::Exact`].
    pub json: u32,
}

impl PartialEq for Binding {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Path {
    pub fn new(text: &str, braced: bool) -> Path {
        let lower = crate::util::fold_case(text).into_owned();
        let dots = lower.match_indices('.').map(|(i, _)| i as u32).collect();
        Path { text: text.into(), lower: lower.into(), dots, braced, bind: Binding::default() }
    }

    /// Number of dotted segments.
    pub fn len(&self) -> usize {
        self.dots.len() + 1
    }

    /// Never empty: a path has at least one segment.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// The lower-cased prefix of the first `n` segments: `prefix(1)` of `flow.a.b` is `flow`.
    pub fn prefix(&self, n: usize) -> &str {
        if n >= self.len() {
            &self.lower
        } else {
            self.lower.get(..self.dots[n - 1] as usize).unwrap_or(&self.lower)
        }
    }

    /// The lower-cased segments from `n` on: `rest(1)` of `flow.a.b` yields `a`, `b`.
    pub fn rest(&self, n: usize) -> impl Iterator<Item = &str> {
        let start = if n == 0 {
            0
        } else if n >= self.len() {
            self.lower.len()
        } else {
            self.dots[n - 1] as usize + 1
        };
        self.lower.cut(start..).split('.').filter(|s| !s.is_empty())
    }

    /// The segments from `n` on as written: `rest_as_written(1)` of `Flow.a.B` yields `a`, `B`.
    pub fn rest_as_written(&self, n: usize) -> impl Iterator<Item = &str> {
        self.text.split('.').filter(|s| !s.is_empty()).skip(n)
    }

    /// The first segment, lower-cased.
    pub fn head(&self) -> &str {
        self.prefix(1)
    }
}

/// An identifier after `.` on a computed value.
#[derive(Debug, Clone, PartialEq)]
pub struct Name {
    pub text: Box<str>,
    pub lower: Box<str>,
    pub keys: Keys,
}

impl Name {
    pub fn new(text: &str) -> Name {
        Name {
            text: text.into(),
            lower: crate::util::fold_case(text).as_ref().into(),
            keys: Keys::AnyCase,
        }
    }
}

/// How a member is matched by name on an object. Architect's names ignore case, but "When a
/// JSON value contains an object, functionality looks up case-sensitive property names on an
/// object" ([JSON values in Architect](https://help.mypurecloud.com/articles/json-values-in-architect/)):
/// a member read from a value whose static type is JSON is [`Keys::Exact`]. A registry sets it
/// when it binds its flows, from the flows' declared types; not part of the syntax, so
/// equality ignores it.
#[derive(Debug, Clone, Copy, Default)]
pub enum Keys {
    /// Any case: `Flow.price.amount`, a data action's outputs, an expression parsed alone.
    #[default]
    AnyCase,
    /// Exactly as written: `Flow.customerJson.firstName`.
    Exact,
}

impl PartialEq for Keys {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

/// A function call, bound to the function table at parse time.
#[derive(Clone, PartialEq)]
pub struct Call {
    pub func: FuncId,
    /// As written: `isSet`.
    pub name: Box<str>,
    pub args: Vec<Expr>,
}

/// The function by its name, not its index: a tree's debug text (which `flowsim diff` hashes
/// for a bot's input settings) stays the same when the function table grows.
impl std::fmt::Debug for Call {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Call")
            .field("func", &super::func::get(self.func).name)
            .field("name", &self.name)
            .field("args", &self.args)
            .finish()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnOp {
    /// `not x`, `!x`
    Not,
    /// `-x`
    Neg,
    /// `~x`: the Integer's bits inverted.
    BitNot,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinOp {
    Or,
    And,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Add,
    Sub,
    Mul,
    Div,
    Rem,
    /// `2 ^ 3`: a power, always a Decimal.
    Pow,
    /// `3 & 9`: bitwise and of Integers.
    BitAnd,
    /// `3 | 9`: bitwise or of Integers.
    BitOr,
}

impl BinOp {
    /// The operator in the corpus's S-expression form and in printed source.
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Or => "or",
            BinOp::And => "and",
            BinOp::Eq => "==",
            BinOp::Ne => "!=",
            BinOp::Lt => "<",
            BinOp::Le => "<=",
            BinOp::Gt => ">",
            BinOp::Ge => ">=",
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
            BinOp::Rem => "%",
            BinOp::Pow => "^",
            BinOp::BitAnd => "&",
            BinOp::BitOr => "|",
        }
    }
}

impl Expr {
    /// Source text that parses back to this expression, to build a larger one around it. An
    /// Archy `lit:` duration, date, date-time or time is a value the language has no literal
    /// for: it reads back through its conversion (`ToDuration("PT30S")`); anything else is
    /// printed in parentheses.
    pub fn source(&self) -> String {
        let function = match &self.kind {
            ExprKind::Lit(Value::Duration(_)) => "ToDuration",
            ExprKind::Lit(Value::DateTime(_)) => "ToDateTime",
            ExprKind::Lit(Value::Date(_)) => "ToDate",
            ExprKind::Lit(Value::Time(_)) => "ToTime",
            _ => return format!("({self})"),
        };
        let ExprKind::Lit(v) = &self.kind else { return format!("({self})") };
        let mut text = String::new();
        v.write_display(&mut text);
        format!("{function}(\"{text}\")")
    }

    /// Calls `f` on every reference in the expression (for binding; see [`Binding`]).
    pub fn for_each_path_mut(&mut self, f: &mut impl FnMut(&mut Path)) {
        match &mut self.kind {
            ExprKind::Lit(_) => {}
            ExprKind::Ref(p) => f(p),
            ExprKind::Unary(_, e) | ExprKind::Member(e, _) => e.for_each_path_mut(f),
            ExprKind::Binary(_, a, b) | ExprKind::Index(a, b, _) => {
                a.for_each_path_mut(f);
                b.for_each_path_mut(f);
            }
            ExprKind::Call(c) => c.args.iter_mut().for_each(|a| a.for_each_path_mut(f)),
        }
    }

    /// Replaces each reference for which `f` gives an expression by that expression (what
    /// replaces a reference is not walked again).
    pub fn substitute_refs(&mut self, f: &mut impl FnMut(&Path) -> Option<Expr>) {
        if let ExprKind::Ref(p) = &self.kind {
            if let Some(e) = f(p) {
                *self = e;
            }
            return;
        }
        match &mut self.kind {
            ExprKind::Lit(_) | ExprKind::Ref(_) => {}
            ExprKind::Unary(_, e) | ExprKind::Member(e, _) => e.substitute_refs(f),
            ExprKind::Binary(_, a, b) | ExprKind::Index(a, b, _) => {
                a.substitute_refs(f);
                b.substitute_refs(f);
            }
            ExprKind::Call(c) => c.args.iter_mut().for_each(|a| a.substitute_refs(f)),
        }
    }

    /// Calls `f` on every reference in the expression, in source order (for checks).
    pub fn for_each_path(&self, f: &mut impl FnMut(&Path)) {
        match &self.kind {
            ExprKind::Lit(_) => {}
            ExprKind::Ref(p) => f(p),
            ExprKind::Unary(_, e) | ExprKind::Member(e, _) => e.for_each_path(f),
            ExprKind::Binary(_, a, b) | ExprKind::Index(a, b, _) => {
                a.for_each_path(f);
                b.for_each_path(f);
            }
            ExprKind::Call(c) => c.args.iter().for_each(|a| a.for_each_path(f)),
        }
    }

    /// Calls `f` on every reference in the expression and its span, in source order.
    pub fn for_each_ref(&self, f: &mut impl FnMut(&Path, Span)) {
        match &self.kind {
            ExprKind::Lit(_) => {}
            ExprKind::Ref(p) => f(p, self.span),
            ExprKind::Unary(_, e) | ExprKind::Member(e, _) => e.for_each_ref(f),
            ExprKind::Binary(_, a, b) | ExprKind::Index(a, b, _) => {
                a.for_each_ref(f);
                b.for_each_ref(f);
            }
            ExprKind::Call(c) => c.args.iter().for_each(|a| a.for_each_ref(f)),
        }
    }

    /// Architect's canonical S-expression (see the corpus README): `(+ (call toint x) 1)`.
    pub fn to_sexpr(&self) -> String {
        let mut out = String::new();
        self.write_sexpr(&mut out);
        out
    }

    fn write_sexpr(&self, out: &mut String) {
        match &self.kind {
            ExprKind::Lit(v) => write_literal(v, out),
            ExprKind::Ref(p) => out.push_str(&p.lower),
            ExprKind::Unary(op, e) => {
                out.push_str(match op {
                    UnOp::Not => "(not ",
                    UnOp::Neg => "(neg ",
                    UnOp::BitNot => "(~ ",
                });
                e.write_sexpr(out);
                out.push(')');
            }
            ExprKind::Binary(op, a, b) => {
                out.push('(');
                out.push_str(op.symbol());
                out.push(' ');
                a.write_sexpr(out);
                out.push(' ');
                b.write_sexpr(out);
                out.push(')');
            }
            ExprKind::Index(a, i, _) => {
                out.push_str("(index ");
                a.write_sexpr(out);
                out.push(' ');
                i.write_sexpr(out);
                out.push(')');
            }
            ExprKind::Member(e, name) => {
                // A member chain on a computed value keeps the dotted form.
                e.write_sexpr(out);
                out.push('.');
                out.push_str(&name.lower);
            }
            ExprKind::Call(c) => {
                out.push_str("(call ");
                out.push_str(&c.name.to_ascii_lowercase());
                for a in &c.args {
                    out.push(' ');
                    a.write_sexpr(out);
                }
                out.push(')');
            }
        }
    }
}

fn write_literal(v: &Value, out: &mut String) {
    match v {
        Value::Str(s) => out.push_str(&serde_json::to_string(&**s).unwrap_or_default()),
        Value::NotSet => out.push_str("NOT_SET"),
        // A decimal keeps its point, as Architect's tree writes it: `0.0`, not `0`.
        Value::Dec(d) => {
            use std::fmt::Write as _;
            let _ = write!(out, "{}", DecimalLiteral(*d));
        }
        // A built-in constant (`PromptSystem.x`) prints as the path it was written as.
        Value::Media(m) if m.constant_path().is_some() => {
            out.push_str(&m.constant_path().unwrap_or_default().to_ascii_lowercase());
        }
        other => other.write_display(out),
    }
}

/// A Decimal literal as source text: no exponent, and a point even when whole (`2.0`), so that
/// it reads back as a Decimal.
struct DecimalLiteral(super::decimal::Decimal);

impl fmt::Display for DecimalLiteral {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut text = String::new();
        super::decimal::write(self.0, &mut text);
        // A negative zero keeps its sign, so that the literal reads back as written.
        if self.0.is_zero() && self.0.is_sign_negative() {
            f.write_str("-")?;
        }
        f.write_str(&text)?;
        if !text.contains('.') {
            f.write_str(".0")?;
        }
        Ok(())
    }
}

/// How tightly an expression binds when printed (docs/json-flows.md): an operand that binds less
/// tightly than its operator needs parentheses.
fn binding(e: &Expr) -> u8 {
    match &e.kind {
        ExprKind::Binary(op, ..) => match op {
            BinOp::Or => 1,
            BinOp::And => 2,
            BinOp::BitOr => 3,
            BinOp::BitAnd => 4,
            BinOp::Eq | BinOp::Ne => 5,
            BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => 6,
            BinOp::Add | BinOp::Sub => 7,
            BinOp::Mul | BinOp::Div | BinOp::Rem => 8,
            BinOp::Pow => 9,
        },
        ExprKind::Unary(..) => 10,
        ExprKind::Index(..) | ExprKind::Member(..) => 11,
        // A negative number literal prints with its sign: it binds like a unary operator.
        ExprKind::Lit(Value::Int(i)) if *i < 0 => 10,
        ExprKind::Lit(Value::Dec(d)) if d.is_sign_negative() => 10,
        ExprKind::Lit(_) | ExprKind::Ref(_) | ExprKind::Call(_) => 12,
    }
}

/// `e`, in parentheses when it binds less tightly than `min`.
struct Operand<'a>(&'a Expr, u8);

impl fmt::Display for Operand<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if binding(self.0) < self.1 {
            write!(f, "({})", self.0)
        } else {
            write!(f, "{}", self.0)
        }
    }
}

/// Prints source text that parses back to the same tree: parentheses only where precedence
/// needs them (so the text nests no deeper than the source it was parsed from), double-quoted
/// strings, decimals with a point and no exponent, the author's spelling of names.
/// A member's name as source: bare when it is an identifier, else Architect's `"quoted"` form.
struct MemberName<'a>(&'a Name);

impl fmt::Display for MemberName<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let t = &*self.0.text;
        let ident = t.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
            && t.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if ident {
            f.write_str(t)
        } else {
            write!(f, "{}", Quoted(t))
        }
    }
}

/// A string as a double-quoted literal, with only the escapes the parser reads (`\" \\ \n
/// \t`); any other character, control characters included, as it is.
struct Quoted<'a>(&'a str);

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"")?;
        for c in self.0.chars() {
            match c {
                '"' => f.write_str("\\\"")?,
                '\\' => f.write_str("\\\\")?,
                '\n' => f.write_str("\\n")?,
                '\t' => f.write_str("\\t")?,
                c => write!(f, "{c}")?,
            }
        }
        f.write_str("\"")
    }
}

impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ExprKind::Lit(Value::Str(s)) => write!(f, "{}", Quoted(s)),
            ExprKind::Lit(Value::Dec(d)) => write!(f, "{}", DecimalLiteral(*d)),
            ExprKind::Lit(Value::Media(m)) if m.constant_path().is_some() => {
                f.write_str(m.constant_path().unwrap_or_default())
            }
            ExprKind::Lit(v) => {
                let mut s = String::new();
                write_literal(v, &mut s);
                f.write_str(&s)
            }
            ExprKind::Ref(p) if p.braced => write!(f, "{{{}}}", p.text),
            ExprKind::Ref(p) => f.write_str(&p.text),
            ExprKind::Unary(UnOp::Not, e) => write!(f, "not {}", Operand(e, 10)),
            ExprKind::Unary(UnOp::BitNot, e) => write!(f, "~{}", Operand(e, 10)),
            ExprKind::Unary(UnOp::Neg, e) => {
                // `-(1)`, `-(0[1])`: a minus written right before a digit makes a negative
                // literal, not a negation.
                let operand = Operand(e, 10).to_string();
                if operand.starts_with(|c: char| c.is_ascii_digit()) {
                    write!(f, "-({e})")
                } else {
                    write!(f, "-{operand}")
                }
            }
            ExprKind::Binary(op, a, b) => {
                // Left-associative: a right operand of the same precedence needs parentheses.
                let p = binding(self);
                write!(f, "{} {} {}", Operand(a, p), op.symbol(), Operand(b, p + 1))
            }
            ExprKind::Index(a, i, _) => write!(f, "{}[{i}]", Operand(a, 11)),
            // `(a).b` reads member `b` of `a`; `a.b` would be the reference `a.b` (or the prompt
            // `PromptSystem.x.b`).
            ExprKind::Member(e, n)
                if matches!(&e.kind, ExprKind::Ref(p) if !p.braced)
                    || matches!(&e.kind, ExprKind::Lit(Value::Media(m)) if m.constant_path().is_some()) =>
            {
                write!(f, "({e}).{}", MemberName(n))
            }
            ExprKind::Member(e, n) => write!(f, "{}.{}", Operand(e, 11), MemberName(n)),
            ExprKind::Call(c) => {
                write!(f, "{}(", c.name)?;
                for (i, a) in c.args.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{a}")?;
                }
                f.write_str(")")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_prefixes_are_slices_of_the_lowered_text() {
        let p = Path::new("Flow.Tier.Name", false);
        assert_eq!(p.len(), 3);
        assert_eq!(p.prefix(1), "flow");
        assert_eq!(p.prefix(2), "flow.tier");
        assert_eq!(p.prefix(3), "flow.tier.name");
        assert_eq!(p.rest(1).collect::<Vec<_>>(), ["tier", "name"]);
        assert_eq!(p.rest(3).count(), 0);
    }
}
