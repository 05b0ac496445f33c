//! Architect's verdict on an expression's text: does it parse as Architect writes expressions,
//! and what type is it, or what class of mistake is it. `flowsim expr check` prints it, and
//! tests/it/verdicts.rs compares it with the verdicts of Architect's own checker
//! (tools/oracle/verdicts.js).
//!
//! flowsim's parser also reads the seeds' JSON dialect (`'text'`, `not x`, `{name}`); Architect
//! refuses those as syntax errors, and so does this check.

use super::ast::{Expr, ExprKind, Path, Span};
use super::check::{infer, reference, TypeEnv};
use super::parse::{parse, ParseErrorKind};
use super::types::Ty;
use crate::util::Cut;

/// Why Architect refuses a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Rejection {
    /// The class of the mistake, as tools/oracle/verdicts.js names Architect's: `syntax`,
    /// `unknownFunction`, `unknownVariable`, `unknownMember`, `integerRange`, `noOverload`,
    /// `typeMismatch`.
    pub class: &'static str,
    /// The diagnostic code flowsim reports it with.
    pub code: crate::diag::Code,
    pub message: String,
    pub span: Span,
    pub help: Option<String>,
    /// The text does not parse (as opposed to a parsed text whose types are wrong).
    pub syntax: bool,
}

impl Rejection {
    /// The rejection as a diagnostic of the expression `text`: its code, message and help, the
    /// text under its span; a warning for a function or overload no source shows
    /// ([`unverified`], [`unverified_overload`]), an error for anything else. The one way a rejection becomes a diagnostic: the readers of
    /// Archy files and exports and `flowsim expr check` add only where the text stands.
    #[must_use]
    pub fn diagnostic(self, text: &str) -> crate::diag::Diagnostic {
        use crate::diag::{Code, Diagnostic};
        let d = if matches!(self.code, Code::UnverifiedFunction | Code::UnverifiedOverload) {
            Diagnostic::warning(self.code, self.message)
        } else {
            Diagnostic::error(self.code, self.message)
        };
        d.snippet(text, self.span).maybe_help(self.help)
    }
}

/// Architect's verdict on `text` with the variables `env` declares.
///
/// A text that does not parse is a syntax error (but for a missing right operand, `1 +`, which
/// Architect reads as an operator with one operand). A text that parses is read left to right
/// for the first name, literal or form Architect does not have (`TRUE` before the types of
/// `1 + TRUE`, [`scan`]); only then are its types checked.
pub fn verdict(text: &str, env: &dyn TypeEnv) -> Result<Ty, Rejection> {
    let tree = match parse(text) {
        Ok(tree) => tree,
        Err(e) => {
            return Err(Rejection {
                class: match e.kind {
                    ParseErrorKind::Syntax if ends_with_operator(text) => "noOverload",
                    ParseErrorKind::Syntax
                    | ParseErrorKind::BadEscape
                    | ParseErrorKind::TooDeep => "syntax",
                    ParseErrorKind::UnknownFunction => "unknownFunction",
                    ParseErrorKind::Arity => "noOverload",
                    ParseErrorKind::IntegerTooLarge => "integerRange",
                    // Architect's own words for these fall in no narrower class.
                    ParseErrorKind::TooPrecise | ParseErrorKind::TooLong => "other",
                },
                code: e.kind.code(),
                message: e.message,
                span: e.span,
                help: e.help,
                syntax: true,
            });
        }
    };
    scan(text, env)?;
    infer(&tree, env).map_err(|e| Rejection {
        class: e.kind.class(),
        code: e.kind.code(),
        message: e.message,
        span: e.span,
        help: e.help,
        syntax: false,
    })
}

/// The forms of `text` Architect's expressions do not have, whatever the variables: `TRUE`,
/// `not x`, `a || b`, `'text'`, `{name}`, `1e3`, `<>`, `"abc"[0]` (flowsim's parser reads them
/// for the seeds' JSON dialect). Archy flows and exports refuse them as `syntax` errors.
///
/// ```
/// use flowsim_expr::expr::verdict::dialect;
/// assert!(dialect("Flow.x == true and !Flow.y").is_ok());
/// assert_eq!(dialect("Flow.x == TRUE").unwrap_err().class, "unknownFunction");
/// assert_eq!(dialect("Flow.x || Flow.y").unwrap_err().class, "syntax");
/// ```
pub fn dialect(text: &str) -> Result<(), Rejection> {
    /// Any dotted name may be a variable (the flow's checks judge them); a name without a
    /// dot never is (`TRUE`, `Foo`).
    struct Open;
    impl TypeEnv for Open {
        fn ref_type(&self, path: &Path) -> Option<Ty> {
            (path.len() > 1).then_some(Ty::UNKNOWN)
        }

        fn is_complete(&self) -> bool {
            true
        }
    }
    scan(text, &Open)
}

/// The calls of `tree` to functions no source shows Architect has
/// ([`super::func::beyond_sdk::UNVERIFIED`]), as warnings (`unverifiedFunction`), in the order
/// they are written.
///
/// ```
/// use flowsim_expr::expr::{parse, verdict::unverified};
/// let w = unverified(&parse("AddDays(Now(), 1)").unwrap());
/// assert_eq!(w.len(), 1);
/// assert!(w[0].message.starts_with("`Now`"));
/// assert!(unverified(&parse("AddDays(GetCurrentDateTimeUtc(), 1)").unwrap()).is_empty());
/// ```
pub fn unverified(tree: &Expr) -> Vec<Rejection> {
    fn walk(e: &Expr, out: &mut Vec<Rejection>) {
        match &e.kind {
            ExprKind::Lit(_) | ExprKind::Ref(_) => {}
            ExprKind::Unary(_, x) | ExprKind::Member(x, _) => walk(x, out),
            ExprKind::Binary(_, a, b) | ExprKind::Index(a, b, _) => {
                walk(a, out);
                walk(b, out);
            }
            ExprKind::Call(call) => {
                let name = super::func::get(call.func).name;
                if !super::func::beyond_sdk::Beyond::function(name).verified() {
                    let start = e.span.start as usize;
                    out.push(Rejection {
                        class: "unverified",
                        code: crate::diag::Code::UnverifiedFunction,
                        message: format!(
                            "`{name}` is a function no Genesys page, published flow or \
                             Scripting SDK entry shows: Architect may refuse it"
                        ),
                        span: Span::new(start, start + name.len()),
                        help: Some(
                            "`flowsim docs expressions` (\"Where each function comes from\") lists the \
                             functions with their sources"
                                .to_owned(),
                        ),
                        syntax: false,
                    });
                }
                for a in &call.args {
                    walk(a, out);
                }
            }
        }
    }
    let mut out = Vec::new();
    walk(tree, &mut out);
    out
}

/// A call (written at `call`) that only an overload no source shows types
/// ([`super::func::beyond_sdk::UNVERIFIED_OVERLOADS`]), as a warning (`unverifiedOverload`)
/// under the function's name: what a type environment is told through
/// [`TypeEnv::beyond_sdk`] made the one message `check` and `flowsim expr check` give.
#[must_use]
pub fn unverified_overload(rule: super::func::beyond_sdk::Beyond, call: Span) -> Rejection {
    let sig = super::sig::Sig::parse(rule.overload.unwrap_or_default());
    let shown = sig.describe(rule.function).join("; ");
    let start = call.start as usize;
    Rejection {
        class: "unverified",
        code: crate::diag::Code::UnverifiedOverload,
        message: format!(
            "`{shown}` is an overload no Genesys page, published flow or Scripting SDK entry \
             shows: Architect may refuse it"
        ),
        span: Span::new(start, start + rule.function.len()),
        help: Some(
            "`flowsim docs expressions` (\"Where each function comes from\") lists the functions \
             with their sources"
                .to_owned(),
        ),
        syntax: false,
    }
}

/// The calls of `tree` that only an overload no source shows types, with the variables `env`
/// declares ([`unverified_overload`] each), in the order the checker meets them.
///
/// ```
/// use flowsim_expr::expr::{check::BuiltinsOnly, parse, verdict::unverified_overloads};
/// let w = unverified_overloads(&parse("ToInt(JsonParse(\"4\"))").unwrap(), &BuiltinsOnly);
/// assert_eq!(w.len(), 1);
/// assert!(w[0].message.starts_with("`ToInt(JSON) -> Integer`"));
/// assert!(unverified_overloads(&parse("ToInt(\"4\")").unwrap(), &BuiltinsOnly).is_empty());
/// ```
pub fn unverified_overloads(tree: &Expr, env: &dyn TypeEnv) -> Vec<Rejection> {
    let told = Told { env, rules: std::cell::RefCell::default() };
    let _ = infer(tree, &told);
    told.rules.into_inner()
}

/// A type environment that keeps what its checker is told of unverified overloads.
struct Told<'a> {
    env: &'a dyn TypeEnv,
    rules: std::cell::RefCell<Vec<Rejection>>,
}

impl TypeEnv for Told<'_> {
    fn ref_type(&self, path: &Path) -> Option<Ty> {
        self.env.ref_type(path)
    }

    fn is_complete(&self) -> bool {
        self.env.is_complete()
    }

    fn compares_anything(&self) -> bool {
        self.env.compares_anything()
    }

    fn media(&self) -> Option<super::builtins::Media> {
        self.env.media()
    }

    fn architect_rules(&self) -> bool {
        self.env.architect_rules()
    }

    fn beyond_sdk(&self, rule: super::func::beyond_sdk::Beyond, span: Span) {
        if rule.overload.is_some() && !rule.verified() {
            self.rules.borrow_mut().push(unverified_overload(rule, span));
        }
        self.env.beyond_sdk(rule, span);
    }
}

/// `1 +`: Architect reads an operator with its right side missing, and then finds no
/// implementation of it for one operand.
fn ends_with_operator(text: &str) -> bool {
    let t = text.trim_end();
    ["+", "-", "*", "/", "%", "==", "!=", "<", "<=", ">", ">="].iter().any(|op| t.ends_with(op))
        || [" and", " or"].iter().any(|op| ends_with_ignore_case(t, op))
}

/// Whether `text` ends with the ASCII `suffix`, any case: compared as bytes, since the last
/// `suffix.len()` bytes of `text` may begin inside a character (`Flow.名前`).
fn ends_with_ignore_case(text: &str, suffix: &str) -> bool {
    let (t, s) = (text.as_bytes(), suffix.as_bytes());
    t.len() >= s.len() && t[t.len() - s.len()..].eq_ignore_ascii_case(s)
}

/// Architect's largest integer literal: 999,999,999,999,999.
const MAX_INTEGER: u64 = 999_999_999_999_999;

/// The first mistake in reading `text` left to right as Architect does: a character or form
/// its expressions do not have (`'text'`, `{name}`, `||`, `not x`, `1e3`), an integer literal
/// past its range, a function it does not know, a keyword in the wrong case (`TRUE`), or a
/// name that is not a variable.
fn scan(text: &str, env: &dyn TypeEnv) -> Result<(), Rejection> {
    let bytes = text.as_bytes();
    let mut i = 0;
    // What came last: a literal cannot be indexed (`"abc"[0]`).
    let mut after_literal = false;
    while i < bytes.len() {
        let c = bytes[i];
        let start = i;
        let literal = after_literal;
        after_literal = false;
        match c {
            b' ' | b'\t' | b'\r' | b'\n' => {
                after_literal = literal;
                i += 1;
            }
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                if i >= bytes.len() {
                    return Err(syntax(start, text.len(), "text with no closing quote"));
                }
                i += 1;
                after_literal = true;
            }
            b'0'..=b'9' | b'.' if c != b'.' || bytes.get(i + 1).is_some_and(u8::is_ascii_digit) => {
                while i < bytes.len() && bytes[i].is_ascii_digit() {
                    i += 1;
                }
                let integer = text.cut(start..i);
                let mut decimal = false;
                if i < bytes.len() && bytes[i] == b'.' {
                    decimal = true;
                    i += 1;
                    while i < bytes.len() && bytes[i].is_ascii_digit() {
                        i += 1;
                    }
                }
                if i < bytes.len() && (bytes[i].is_ascii_alphabetic() || bytes[i] == b'_') {
                    return Err(syntax(i, i + 1, "a number with letters in it"));
                }
                let digits = integer.trim_start_matches('0');
                if !decimal
                    && (digits.len() > 15 || digits.parse::<u64>().is_ok_and(|n| n > MAX_INTEGER))
                {
                    return Err(Rejection {
                        class: "integerRange",
                        code: crate::diag::Code::IntegerTooLarge,
                        message: format!(
                            "{integer} is past Architect's largest integer, 999999999999999"
                        ),
                        span: Span::new(start, i),
                        help: None,
                        syntax: true,
                    });
                }
                after_literal = true;
            }
            b'a'..=b'z' | b'A'..=b'Z' | b'_' => {
                i = name(text, env, start)?;
                after_literal = matches!(text.get(start..i), Some("true" | "false" | "NOT_SET"));
            }
            b'.' if bytes.get(i + 1) == Some(&b'"') => {
                // A member in Architect's quoted form, `."any name"`: the name is text.
                i += 2;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                if i >= bytes.len() {
                    return Err(syntax(
                        start,
                        text.len(),
                        "a quoted member name with no closing quote",
                    ));
                }
                i += 1;
            }
            b'.' => {
                // A member of what came before: `.name`.
                i += 1;
                if !bytes.get(i).is_some_and(|b| b.is_ascii_alphabetic() || *b == b'_') {
                    return Err(syntax(start, start + 1, "a `.` with no name after it"));
                }
                while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                    i += 1;
                }
            }
            b'[' if literal => return Err(syntax(start, start + 1, "an index on a literal")),
            b'|' | b'&' if bytes.get(i + 1) == Some(&c) => {
                return Err(syntax(start, start + 2, "`||` or `&&` (write `or`, `and`)"))
            }
            b'<' if bytes.get(i + 1) == Some(&b'>') => {
                return Err(syntax(start, start + 2, "`<>` (write `!=`)"));
            }
            b'\'' => return Err(syntax(start, start + 1, "single-quoted text")),
            b'{' | b'}' => return Err(syntax(start, start + 1, "braced references")),
            b'(' | b')' | b'[' | b']' | b',' | b'+' | b'-' | b'*' | b'/' | b'%' | b'<' | b'>'
            | b'=' | b'!' | b'^' | b'~' | b'&' | b'|' | b'?' | b':' => i += 1,
            _ => {
                let ch = text.get(start..).and_then(|t| t.chars().next()).unwrap_or('\u{fffd}');
                return Err(syntax(start, start + ch.len_utf8(), &format!("`{ch}`")));
            }
        }
    }
    Ok(())
}

/// Reads the name at `start` (a function, keyword, operator word or reference) and returns
/// where it ends.
fn name(text: &str, env: &dyn TypeEnv, start: usize) -> Result<usize, Rejection> {
    let bytes = text.as_bytes();
    let mut i = start;
    let word = |i: &mut usize| {
        while *i < bytes.len() && (bytes[*i].is_ascii_alphanumeric() || bytes[*i] == b'_') {
            *i += 1;
        }
    };
    word(&mut i);
    let first = text.cut(start..i);
    if first.eq_ignore_ascii_case("and") || first.eq_ignore_ascii_case("or") {
        return Ok(i);
    }
    if first.eq_ignore_ascii_case("not") {
        return Err(syntax(start, i, "`not` (write `!x`)"));
    }
    // `."quoted name"` is a member of what came before, read by `scan`.
    while i < bytes.len() && bytes[i] == b'.' && bytes.get(i + 1) != Some(&b'"') {
        if !bytes.get(i + 1).is_some_and(|b| b.is_ascii_alphabetic() || *b == b'_') {
            return Err(syntax(i, i + 1, "a `.` with no name after it"));
        }
        i += 1;
        word(&mut i);
    }
    let (whole, after) = (text.cut(start..i), text.cut(i..));
    let span = Span::new(start, i);
    let called = after.trim_start().starts_with('(');
    if called && !whole.contains('.') {
        if super::func::lookup(whole).is_none() {
            return Err(Rejection {
                class: "unknownFunction",
                code: crate::diag::Code::UnknownFunction,
                message: format!("`{whole}` is not a function"),
                span,
                help: None,
                syntax: true,
            });
        }
        return Ok(i);
    }
    if matches!(whole, "true" | "false" | "NOT_SET") {
        return Ok(i);
    }
    // Prompts are resources of the organisation, not variables: any name reads.
    if whole
        .split('.')
        .next()
        .is_some_and(|h| h.eq_ignore_ascii_case("PromptSystem") || h.eq_ignore_ascii_case("Prompt"))
        && whole.contains('.')
    {
        return Ok(i);
    }
    let path = Path::new(whole, false);
    match reference(&path, span, env) {
        Ok(_) => Ok(i),
        Err(e) => Err(Rejection {
            class: e.kind.class(),
            code: e.kind.code(),
            message: e.message,
            span,
            help: e.help,
            syntax: false,
        }),
    }
}

fn syntax(start: usize, end: usize, what: &str) -> Rejection {
    Rejection {
        class: "syntax",
        code: crate::diag::Code::Syntax,
        message: format!("Architect's expressions have no {what}"),
        span: Span::new(start, end),
        help: None,
        syntax: true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_ending_inside_a_character_is_read_not_sliced() {
        // `Flow.名前` ends 6 bytes into two 3-byte characters: `t[len - 4..]` (the length of
        // ` and`) began inside `名` and panicked.
        for text in ["Flow.名前", "名前", "x + é", "Flow.a and 名", "🙂 or"] {
            let _ = verdict(text, &crate::expr::check::BuiltinsOnly);
            let _ = dialect(text);
        }
        assert!(ends_with_ignore_case("a AND", " and"));
        assert!(!ends_with_ignore_case("名前", " and"));
    }
}
