//! `flowsim expr`: one expression at a time, as Architect reads it.
//!
//! - `parse` prints the tree in the corpus's S-expression form, and nothing else.
//! - `eval` prints the value and its type (`--format json`: `{"value": ..., "type": ...}`).
//! - `check` prints the static type, or the type error with a caret.
//!
//! Exit codes: 0 ok; 1 the expression failed (a run-time error for `eval`, a type error for
//! `check`); 2 it does not parse (a caret diagnostic on stderr) or the flags are wrong.

use super::report::{self, Format, Text, TextJson};
use super::{render, split_pair, write_stdout, Refused};
use flowsim::diag::Code;
use flowsim::diag::Diagnostic;
use flowsim::expr::slot::{self, Mode};
use flowsim::expr::{self, Declarations, Env, Path, Span, Ty, Value};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Subcommand)]
enum Command {
    /// Print the tree of an expression as Architect's canonical S-expression.
    Parse(ParseArgs),
    /// Evaluate an expression: print its value and type.
    Eval(EvalArgs),
    /// Print the static type of an expression, or its type error.
    Check(CheckArgs),
}

#[derive(clap::Args)]
struct ParseArgs {
    /// The expression text (Architect's expressions, or those of flowsim's JSON flows; newlines allowed).
    text: String,
    /// The type of the property the text sits in (`str`, `int`, `Decimal`, `com`, ...):
    /// an expression of another type gets Architect's implicit conversion (`ToDecimal(...)`).
    #[arg(long = "type", value_name = "TYPE")]
    ty: Option<String>,
    /// Read the text in literal mode, as Architect does when a property holds plain text: the
    /// text is a literal of `--type` (default: String).
    #[arg(long)]
    literal: bool,
    /// A variable's type, for the conversions of `--type`: `Flow.phone=String`. Repeatable.
    #[arg(long = "declare", value_name = "NAME=TYPE")]
    declare: Vec<String>,
}

#[derive(clap::Args)]
struct EvalArgs {
    /// The expression text.
    text: String,
    /// A variable. VALUE is read as JSON when it parses (`3`, `true`, `"007"`), else as text.
    /// Repeatable.
    #[arg(long = "var", value_name = "NAME=VALUE")]
    vars: Vec<String>,
    /// The virtual clock's time for `Now()`.
    #[arg(long, value_name = "ISO-8601", default_value = flowsim::engine::request::DEFAULT_START_TIME)]
    now: String,
    /// The seed of the random numbers (`Random`, `RandomInt`), as a run's `--seed`.
    #[arg(long, value_name = "N", default_value_t = 0)]
    seed: u64,
    #[arg(long, value_parser = super::report::TEXT_JSON, default_value = "text")]
    format: Format,
}

#[derive(clap::Args)]
struct CheckArgs {
    /// The expression text.
    text: String,
    /// A variable's type: `Flow.count=Integer`, `Flow.names=str_coll`. Repeatable.
    #[arg(long = "declare", value_name = "NAME=TYPE")]
    declare: Vec<String>,
}

pub fn expr(args: &Args) -> Result<ExitCode, Refused> {
    match &args.command {
        Command::Parse(a) => parse(a),
        Command::Eval(a) => eval(a),
        Command::Check(a) => check(a),
    }
}

fn ty_flag(text: &str, flag: &str) -> Result<Ty, Refused> {
    Ty::parse(text).ok_or_else(|| {
        Refused::error(Code::BadArgument, format!("`{flag} {text}`: unknown type")).help("a type code (str, int, dec, bln, dur, dtm, com, aud, str_coll, ...) or name (String, Integer, ...)")
    })
}

fn declarations(pairs: &[String]) -> Result<Declarations, Refused> {
    let mut d = Declarations::default();
    for pair in pairs {
        let (name, ty) = split_pair(pair, "--declare")?;
        d.declare(name.trim(), ty_flag(ty, "--declare")?);
    }
    Ok(d)
}

/// A caret diagnostic for `text`, refused with exit code 2.
fn refused(
    code: flowsim::diag::Code,
    message: &str,
    text: &str,
    span: Span,
    help: Option<&str>,
) -> Refused {
    let d =
        Diagnostic::error(code, message).snippet(text, span).maybe_help(help.map(str::to_owned));
    Refused::from(d)
}

fn parse_or_refuse(text: &str) -> Result<expr::Expr, Refused> {
    expr::parse(text)
        .map_err(|e| refused(e.kind.code(), &e.message, text, e.span, e.help.as_deref()))
}

fn parse(args: &ParseArgs) -> Result<ExitCode, Refused> {
    let env = declarations(&args.declare)?;
    let ty = match &args.ty {
        Some(t) => ty_flag(t, "--type")?,
        None if args.literal => Ty::STRING,
        None => Ty::UNKNOWN,
    };
    let mode = if args.literal { Mode::Literal } else { Mode::Expression };
    let tree = slot::read(&args.text, mode, ty, &env)
        .map_err(|e| refused(e.kind.code(), &e.message, &args.text, e.span, e.help.as_deref()))?;
    write_stdout(&format!("{}\n", tree.to_sexpr()));
    Ok(ExitCode::SUCCESS)
}

/// Variables for `eval`: names case-insensitive, the longest matching prefix wins and the rest
/// of the path reads members (docs/json-flows.md).
struct Vars {
    values: Vec<(String, Value)>,
    now_ms: i64,
    random: flowsim::expr::random::SplitMix64,
}

impl Env for Vars {
    fn lookup(&mut self, path: &Path, _: Span) -> Value {
        for n in (1..=path.len()).rev() {
            if let Some((_, v)) = self.values.iter().find(|(k, _)| *k == path.prefix(n)) {
                return path.rest(n).fold(v.clone(), |v, m| v.member(m));
            }
        }
        // Built-ins with a value of their own (`System.MinDateTime`, `Flow.IsTest`); the rest
        // need a run (`flowsim run`) or a `--var`.
        match flowsim::expr::builtins::find(path) {
            Some((b, n)) if b.offline == flowsim::expr::builtins::Offline::Constant => {
                path.rest(n).fold(b.constant(), |v, m| v.member(m))
            }
            Some((b, _)) if b.offline == flowsim::expr::builtins::Offline::Lookup => {
                flowsim::expr::lookups::value(path).unwrap_or(Value::NotSet)
            }
            Some((b, _)) if b.offline == flowsim::expr::builtins::Offline::FlowStart => {
                Value::DateTime(self.now_ms)
            }
            _ => Value::NotSet,
        }
    }

    fn now_ms(&self) -> i64 {
        self.now_ms
    }

    fn random(&mut self) -> Option<&mut flowsim::expr::random::SplitMix64> {
        Some(&mut self.random)
    }
}

fn eval(args: &EvalArgs) -> Result<ExitCode, Refused> {
    let now_ms = flowsim::expr::value::parse_datetime(&args.now).ok_or_else(|| {
        Refused::error(Code::BadArgument, format!("`--now {}` is not a date and time", args.now))
            .help("write it like 2026-01-01T09:00:00Z")
    })?;
    let random = flowsim::expr::random::SplitMix64::new(args.seed);
    let mut vars = Vars { values: Vec::new(), now_ms, random };
    for pair in &args.vars {
        let (name, value) = split_pair(pair, "--var")?;
        let json = serde_json::from_str(value)
            .unwrap_or_else(|_| serde_json::Value::String(value.to_owned()));
        vars.values
            .push((flowsim::util::fold_case(name.trim()).into_owned(), Value::from_json(&json)));
    }
    let tree = parse_or_refuse(&args.text)?;
    let report = match expr::eval(&tree, &mut vars) {
        Ok(value) => {
            let ty = Ty::of_value(&value);
            let ty = if ty.is_known() { ty.to_string() } else { "NOT_SET".to_owned() };
            report::emit(
                &TextJson {
                    text: || Text::Plain(format!("{} ({ty})\n", shown(&value))),
                    json: || serde_json::json!({"value": value.to_json(), "type": ty}),
                    code: ExitCode::SUCCESS,
                },
                args.format,
            )
        }
        Err(e) => {
            let d = Diagnostic::error(flowsim::diag::Code::Run(e.kind), e.message.clone())
                .snippet(&args.text, e.span);
            report::emit(
                &TextJson {
                    text: || Text::Stderr(render::diagnostic(&d)),
                    json: || serde_json::json!({"error": {"kind": e.kind.as_str(), "message": e.message}}),
                    code: ExitCode::from(1),
                },
                args.format,
            )
        }
    };
    Ok(report)
}

/// A value as people read it in a result: text quoted, NOT_SET by name.
pub(super) fn shown(v: &Value) -> String {
    match v {
        Value::Str(s) => report::json_line(&**s),
        Value::NotSet => "NOT_SET".into(),
        Value::Media(_) => report::json_line(&v.display()),
        other => other.display(),
    }
}

fn check(args: &CheckArgs) -> Result<ExitCode, Refused> {
    // The declared variables are the whole list, as in Architect: anything else read is a
    // mistake.
    let env = declarations(&args.declare)?.complete();
    match expr::verdict::verdict(&args.text, &env) {
        Ok(ty) => {
            let tree = expr::parse(&args.text).map_err(|e| {
                refused(e.kind.code(), &e.message, &args.text, e.span, e.help.as_deref())
            })?;
            let mut warnings = expr::verdict::unverified(&tree);
            warnings.extend(expr::verdict::unverified_overloads(&tree, &env));
            warnings.sort_by_key(|w| w.span.start);
            for w in warnings {
                super::write_stderr(&render::diagnostic(&w.diagnostic(&args.text)));
            }
            write_stdout(&format!("{ty}\n"));
            Ok(ExitCode::SUCCESS)
        }
        Err(e) if e.syntax => {
            Err(refused(e.code, &e.message, &args.text, e.span, e.help.as_deref()))
        }
        Err(e) => {
            let d = Diagnostic::error(e.code, e.message.clone())
                .snippet(&args.text, e.span)
                .maybe_help(e.help.clone());
            super::write_stderr(&render::diagnostic(&d));
            Ok(ExitCode::from(1))
        }
    }
}
