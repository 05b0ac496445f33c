//! Templates (docs/json-flows.md): text with `{expression}` parts.
//!
//! `{{` and `}}` write literal braces, a lone `}` is literal, an unclosed `{` is an error.
//! Spans of embedded expressions are relative to the whole template text, so a caret lands
//! under the right column of the property.

use super::ast::{Expr, Span};
use super::eval::{eval, Env, EvalError};
use super::parse::{parse, ParseError, ParseErrorKind};
use super::value::Value;
use crate::util::Cut;
use std::sync::Arc;

/// A parsed template.
#[derive(Debug, Clone, PartialEq)]
pub struct Template {
    parts: Vec<Part>,
}

#[derive(Debug, Clone, PartialEq)]
enum Part {
    Text(Arc<str>),
    Expr(Expr),
}

/// Where a part failed: an expression's span; a text part cannot fail on its own.
fn p_span(p: &Part) -> Span {
    match p {
        Part::Expr(e) => e.span,
        Part::Text(_) => Span { start: 0, end: 0 },
    }
}

impl Template {
    /// Parses `text`; the error's span is relative to `text`.
    pub fn parse(text: &str) -> Result<Template, ParseError> {
        let mut parts = Vec::new();
        let mut lit = String::new();
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'{' if bytes.get(i + 1) == Some(&b'{') => {
                    lit.push('{');
                    i += 2;
                }
                b'}' if bytes.get(i + 1) == Some(&b'}') => {
                    lit.push('}');
                    i += 2;
                }
                b'{' => {
                    let end = matching_brace(bytes, i).ok_or_else(|| ParseError {
                        kind: ParseErrorKind::Syntax,
                        message: "unclosed `{` in template".into(),
                        span: Span::new(i, i + 1),
                        help: Some(
                            "close the expression with `}`, or write `{{` for a literal brace"
                                .into(),
                        ),
                        fix: None,
                    })?;
                    // Between the ASCII `{` at `i` and its `}` at `end`.
                    let inner = text.cut(i + 1..end);
                    let mut expr = parse(inner).map_err(|mut e| {
                        e.span = shift(e.span, i + 1);
                        e.fix = e.fix.map(|(span, new)| (shift(span, i + 1), new));
                        e
                    })?;
                    shift_expr(&mut expr, i + 1);
                    if !lit.is_empty() {
                        parts.push(Part::Text(Arc::from(std::mem::take(&mut lit))));
                    }
                    parts.push(Part::Expr(expr));
                    i = end + 1;
                }
                _ => {
                    // `i` is always at a character's first byte: it moves by whole
                    // characters, or past ASCII braces.
                    let c = text.get(i..).and_then(|t| t.chars().next()).unwrap_or('\u{fffd}');
                    lit.push(c);
                    i += c.len_utf8();
                }
            }
        }
        if !lit.is_empty() || parts.is_empty() {
            parts.push(Part::Text(Arc::from(lit)));
        }
        Ok(Template { parts })
    }

    /// A template of plain text, no expressions.
    pub fn literal(text: &str) -> Template {
        Template { parts: vec![Part::Text(Arc::from(text))] }
    }

    /// The text, when the template has no expressions.
    pub fn as_literal(&self) -> Option<&str> {
        match self.parts.as_slice() {
            [Part::Text(t)] => Some(t),
            _ => None,
        }
    }

    /// The text as a shared string, when the template has no expressions (no allocation).
    pub fn as_literal_arc(&self) -> Option<Arc<str>> {
        match self.parts.as_slice() {
            [Part::Text(t)] => Some(t.clone()),
            _ => None,
        }
    }

    /// The template as it would be written: text with `{expression}` parts (braces in the
    /// text doubled).
    pub fn source(&self) -> String {
        let mut out = String::new();
        for p in &self.parts {
            match p {
                Part::Text(t) => out.push_str(&t.replace('{', "{{").replace('}', "}}")),
                Part::Expr(e) => {
                    out.push('{');
                    out.push_str(&e.to_string());
                    out.push('}');
                }
            }
        }
        out
    }

    /// The embedded expressions.
    pub fn exprs(&self) -> impl Iterator<Item = &Expr> {
        self.parts.iter().filter_map(|p| match p {
            Part::Expr(e) => Some(e),
            Part::Text(_) => None,
        })
    }

    /// The embedded expressions, to bind them (see [`super::ast::Binding`]).
    pub fn exprs_mut(&mut self) -> impl Iterator<Item = &mut Expr> {
        self.parts.iter_mut().filter_map(|p| match p {
            Part::Expr(e) => Some(e),
            Part::Text(_) => None,
        })
    }

    /// Evaluates to display text. NOT_SET parts write nothing.
    pub fn render<E: Env + ?Sized>(&self, env: &mut E) -> Result<Arc<str>, Box<EvalError>> {
        match self.parts.as_slice() {
            [Part::Text(t)] => Ok(t.clone()),
            [Part::Expr(e)] => match eval(e, env)? {
                Value::Str(s) => Ok(s),
                v => Ok(Arc::from(v.display())),
            },
            parts => super::value::build_str(|out| {
                for p in parts {
                    let before = out.len();
                    match p {
                        Part::Text(t) => out.push_str(t),
                        Part::Expr(e) => eval(e, env)?.write_display(out),
                    }
                    if out.len() > super::value::MAX_STRING_BYTES {
                        return Err(Box::new(EvalError {
                            kind: crate::kind::ErrorKind::StringTooLong,
                            message: format!(
                                "the template's text would be longer than {} bytes",
                                super::value::MAX_STRING_BYTES
                            ),
                            span: p_span(p),
                        }));
                    }
                    if !super::meter::charge((out.len() - before) as u64) {
                        return Err(Box::new(EvalError {
                            kind: crate::kind::ErrorKind::Budget,
                            message: super::eval::budget_message("a template"),
                            span: p_span(p),
                        }));
                    }
                }
                Ok(())
            }),
        }
    }
}

/// The index of the `}` closing the `{` at `open`, skipping quoted strings and nested braces.
fn matching_brace(bytes: &[u8], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut quote: Option<u8> = None;
    let mut i = open;
    while i < bytes.len() {
        let b = bytes[i];
        if let Some(q) = quote {
            if b == b'\\' {
                i += 1;
            } else if b == q {
                quote = None;
            }
        } else {
            match b {
                b'"' | b'\'' => quote = Some(b),
                b'{' => depth += 1,
                b'}' => {
                    depth -= 1;
                    if depth == 0 {
                        return Some(i);
                    }
                }
                _ => {}
            }
        }
        i += 1;
    }
    None
}

fn shift(span: Span, by: usize) -> Span {
    Span { start: span.start + by as u32, end: span.end + by as u32 }
}

fn shift_expr(expr: &mut Expr, by: usize) {
    use super::ast::ExprKind;
    expr.span = shift(expr.span, by);
    match &mut expr.kind {
        ExprKind::Lit(_) | ExprKind::Ref(_) => {}
        ExprKind::Unary(_, e) | ExprKind::Member(e, _) => shift_expr(e, by),
        ExprKind::Binary(_, a, b) | ExprKind::Index(a, b, _) => {
            shift_expr(a, by);
            shift_expr(b, by);
        }
        ExprKind::Call(c) => c.args.iter_mut().for_each(|a| shift_expr(a, by)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expr::decimal::dec;
    use crate::expr::eval::tests::TestEnv;

    #[track_caller]
    fn render(text: &str) -> String {
        let t = Template::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        let mut env = TestEnv {
            vars: vec![("Flow.tier", Value::str("gold")), ("n", Value::Dec(dec("2.50")))],
            random: crate::expr::random::SplitMix64::new(0),
        };
        t.render(&mut env).unwrap().to_string()
    }

    #[test]
    fn renders_parts_as_display_text() {
        assert_eq!(render("Hello {Flow.tier} caller"), "Hello gold caller");
        assert_eq!(render("{n}"), "2.5");
        assert_eq!(render("x{Flow.missing}y"), "xy", "NOT_SET writes nothing");
        assert_eq!(render("{{literal}} and } alone"), "{literal} and } alone");
        assert_eq!(render("{If(true, \"}\", \"{\")}"), "}");
        assert_eq!(render(""), "");
        assert_eq!(render("{ {Flow.tier} }"), "gold");
    }

    #[test]
    fn errors_point_into_the_template() {
        let e = Template::parse("Hi {Flow.x").unwrap_err();
        assert_eq!((e.span.start, e.message.as_str()), (3, "unclosed `{` in template"));
        let e = Template::parse("Hi {1 +}").unwrap_err();
        assert_eq!(e.span.start, 7);
        let e = Template::parse("Hi {Nope(1)}").unwrap_err();
        assert_eq!(e.span.start, 4);
    }
}
