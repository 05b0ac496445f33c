//! The static checker: the type of an expression, or the type error Architect's validator would
//! report, before anything runs.
//!
//! Types come from literals, function signatures (`FuncDef::sig`), Architect's built-in names
//! (`Call.Ani` is a String) and a [`TypeEnv`] that knows declared or assigned variables. What
//! is not known is [`Ty::UNKNOWN`] and fits anywhere: every error reported is certain, whatever
//! the run's values. The checker never evaluates and never fails on NOT_SET (that is the run's
//! `notSet` error).

use super::ast::{BinOp, Expr, ExprKind, Path, Span, UnOp};
use super::func;
use super::sig::fits;
use super::types::{Base, Ty};
use std::collections::BTreeMap;

/// What the checker knows about references.
pub trait TypeEnv {
    /// The type of a reference, or `None` when it is not known.
    fn ref_type(&self, path: &Path) -> Option<Ty>;

    /// Whether the environment names every variable the text may read, as Architect's variable
    /// list does: then a reference it does not know is an error (`unknownVariable`), not an
    /// unknown type.
    fn is_complete(&self) -> bool {
        false
    }

    /// Whether `==` and `!=` of types that are never equal read as a Boolean, as a run gives
    /// them (`false`, `true`), instead of Architect's type error: for finding what a run would
    /// fail on past such a comparison.
    fn compares_anything(&self) -> bool {
        false
    }

    /// The medium of the flow the text is in, when known: Architect limits some overloads to
    /// the flow types of some media (`FindQueue(String)` is not a call flow's).
    fn media(&self) -> Option<super::builtins::Media> {
        None
    }

    /// Told each time the checker accepts a call (written at `span`) by a rule of its own,
    /// beyond the Scripting SDK's catalogue ([`super::func::beyond_sdk`]): a function the SDK
    /// lacks, or an overload or flow type newer Architect accepts. `check` warns of the
    /// unverified ones; the comparison with the SDK's verdicts (tests/it/verdicts.rs) holds
    /// each to its source.
    fn beyond_sdk(&self, _rule: super::func::beyond_sdk::Beyond, _span: Span) {}

    /// Whether calls and operators are typed by Architect's rules ([`super::sdk`]); `false` for
    /// flowsim's JSON seed dialect, whose own rules are looser (docs/json-flows.md: a mixed
    /// `MakeList`, `Append` of any value).
    fn architect_rules(&self) -> bool {
        true
    }
}

/// No declarations: only Architect's built-in names have types.
pub struct BuiltinsOnly;

impl TypeEnv for BuiltinsOnly {
    fn ref_type(&self, path: &Path) -> Option<Ty> {
        builtin(path)
    }
}

/// A certain type error; `span` is the part of the text at fault.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{message}")]
pub struct TypeError {
    pub kind: TypeErrorKind,
    pub message: String,
    pub span: Span,
    pub help: Option<String>,
}

/// What kind of mistake a [`TypeError`] is, in the classes Architect's checker's messages fall
/// into (tools/oracle/verdicts.js reads them from its messages).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TypeErrorKind {
    /// `"a" + 1`, `Hour(Call.Ani)`: no operator or function takes these types.
    NoOverload,
    /// `"a" == 1`, `If(true, 1, "a")`: values that must share a type do not.
    TypeMismatch,
    /// `Task.y` when no Task.y is declared (in a complete environment), `Call.Anii`.
    UnknownVariable,
    /// `Foo` alone when nothing is declared by that name (in a complete environment).
    UnknownName,
    /// `MakeCurrency(5, "EUR").cents`: a member the type does not have.
    UnknownMember,
    /// `1 / 0`, `MakeDateTime(2024, 13, 1)`: a literal argument Architect refuses ("The
    /// divisor parameter value of 0 ... is not allowed because it is zero.", `expr::facets`);
    /// `MakeList(NOT_SET)`: no argument gives the type.
    ArgumentValue,
    /// `FindQueue("Support")` in a call flow: Architect's catalogue gives the overload to flows
    /// of other types.
    FlowType,
    /// `If(x, NOT_SET, NOT_SET)`, `Count(NOT_SET)`-like calls of a plain overload: a NOT_SET
    /// argument Architect can give no type (its checker's "A type could not be determined for
    /// the NOT_SET value").
    NotSetType,
}

impl TypeErrorKind {
    /// The diagnostic code. Type errors keep the run's error kind for the same mistake
    /// (`typeMismatch`); names get their own.
    pub fn code(self) -> crate::diag::Code {
        match self {
            TypeErrorKind::NoOverload | TypeErrorKind::TypeMismatch | TypeErrorKind::NotSetType => {
                TypeError::CODE
            }
            TypeErrorKind::FlowType => crate::diag::Code::NotInFlowType,
            TypeErrorKind::UnknownVariable => crate::diag::Code::UnknownVariable,
            TypeErrorKind::UnknownName => crate::diag::Code::UnknownFunction,
            TypeErrorKind::UnknownMember => crate::diag::Code::UnknownMember,
            TypeErrorKind::ArgumentValue => crate::diag::Code::ArgumentValue,
        }
    }

    /// The class of Architect's verdict this error matches.
    pub fn class(self) -> &'static str {
        match self {
            TypeErrorKind::NoOverload => "noOverload",
            TypeErrorKind::TypeMismatch => "typeMismatch",
            TypeErrorKind::UnknownVariable => "unknownVariable",
            TypeErrorKind::UnknownName => "unknownFunction",
            TypeErrorKind::UnknownMember => "unknownMember",
            TypeErrorKind::ArgumentValue => "argumentValue",
            TypeErrorKind::FlowType => "flowType",
            TypeErrorKind::NotSetType => "other",
        }
    }
}

impl TypeError {
    /// The diagnostic code of type errors proper, as the run's error kind for the same mistake.
    pub const CODE: crate::diag::Code = crate::diag::Code::TypeMismatch;

    fn new(span: Span, message: impl Into<String>) -> TypeError {
        TypeError { kind: TypeErrorKind::NoOverload, message: message.into(), span, help: None }
    }

    fn of(kind: TypeErrorKind, span: Span, message: impl Into<String>) -> TypeError {
        TypeError { kind, message: message.into(), span, help: None }
    }
}

/// Variables with declared types (Architect's variable list, `--declare`, a flow's typed Set
/// values). Names are case-insensitive; a longer path reads members of a declared variable.
#[derive(Debug, Clone, Default)]
pub struct Declarations {
    vars: BTreeMap<Box<str>, Ty>,
    complete: bool,
    media: Option<super::builtins::Media>,
    seed_dialect: bool,
}

impl Declarations {
    /// These declarations as the whole variable list, as Architect reads an expression: a
    /// reference to anything else is an error ([`TypeEnv::is_complete`]).
    #[must_use]
    pub fn complete(mut self) -> Declarations {
        self.complete = true;
        self
    }

    /// Types are flowsim's JSON seed dialect's, not Architect's
    /// ([`TypeEnv::architect_rules`]).
    #[must_use]
    pub fn in_seed_dialect(mut self) -> Declarations {
        self.seed_dialect = true;
        self
    }

    /// Only the built-ins of flows of `media` (and those of every flow) are known: a call flow
    /// has no `Message.Message`.
    #[must_use]
    pub fn in_flows_of(mut self, media: super::builtins::Media) -> Declarations {
        self.media = Some(media);
        self
    }

    /// The declared names, in their folded case.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.vars.keys().map(AsRef::as_ref)
    }

    /// Declares `name` (any case) as `ty`. Declaring a name twice with two types makes it
    /// unknown: the checker cannot be certain which one a read sees.
    pub fn declare(&mut self, name: &str, ty: Ty) {
        let key: Box<str> = crate::util::fold_case(name).into();
        match self.vars.get(&key) {
            Some(old) if *old != ty => {
                self.vars.insert(key, Ty::UNKNOWN);
            }
            _ => {
                self.vars.insert(key, ty);
            }
        }
    }

    /// The declared type of exactly `name` (any case).
    pub fn get(&self, name: &str) -> Option<Ty> {
        self.vars.get(crate::util::fold_case(name).as_ref()).copied()
    }

    pub fn is_empty(&self) -> bool {
        self.vars.is_empty()
    }
}

impl TypeEnv for Declarations {
    fn ref_type(&self, path: &Path) -> Option<Ty> {
        for n in (1..=path.len()).rev() {
            if let Some(ty) = self.vars.get(path.prefix(n)) {
                return Some(path.rest(n).fold(*ty, member_type));
            }
        }
        match (self.media, super::builtins::find(path)) {
            (Some(m), Some((b, _))) if b.media != m && b.media != super::builtins::Media::Any => {
                None
            }
            _ => builtin(path),
        }
    }

    fn is_complete(&self) -> bool {
        self.complete
    }

    fn media(&self) -> Option<super::builtins::Media> {
        self.media
    }

    fn architect_rules(&self) -> bool {
        !self.seed_dialect
    }
}

/// The type of a built-in name, or of a member path on one: Architect's built-ins
/// ([`super::builtins`]), and the run context's fields (docs/results.md: `context.from`, and the
/// seeds' `Call.Dnis`, `Call.Channel`, `Call.MediaType`), which are text.
pub fn builtin(path: &Path) -> Option<Ty> {
    let head = path.head();
    if head == "context" && path.len() > 1 {
        return Some(Ty::STRING);
    }
    if let Some((b, n)) = super::builtins::find(path) {
        return Some(path.rest(n).fold(b.ty, member_type));
    }
    if head == "call"
        && path.len() == 2
        && matches!(path.prefix(2), "call.dnis" | "call.channel" | "call.mediatype")
    {
        return Some(Ty::STRING);
    }
    None
}

/// The type of member `name` (lower-cased) of a value of type `of`. Never an error: a missing
/// member is NOT_SET at run time (docs/json-flows.md).
pub fn member_type(of: Ty, name: &str) -> Ty {
    if of.collection {
        return if name == "count" { Ty::INTEGER } else { Ty::UNKNOWN };
    }
    if let Some(members) = of.base.members() {
        return members
            .iter()
            .find(|(m, _)| m.eq_ignore_ascii_case(name))
            .map_or(Ty::UNKNOWN, |(_, t)| *t);
    }
    match of.base {
        Base::Contact => Ty::STRING,
        Base::Builtin => match name {
            "from" | "to" | "cc" | "bcc" | "guest" | "message" => Ty::of(Base::Builtin),
            // A collection of key/value objects (`Chat.Guest.customFields[0].key`).
            "customfields" => Ty::UNKNOWN,
            // A workitem's (`Workitem.Workitem`) numbers and objects, as the Genesys Cloud API
            // types its attributes.
            "priority" | "durationseconds" | "ttl" | "alerttimeoutseconds" => Ty::INTEGER,
            name if is_workitem_date(name) => Ty::DATETIME,
            "status" | "type" | "queue" | "assignee" | "workbin" | "division" | "reporter"
            | "externalcontact" | "wrapup" => Ty::of(Base::Builtin),
            _ => Ty::STRING,
        },
        Base::Json => Ty::JSON,
        Base::Format => Ty::of(Base::Format),
        Base::Lookup(k) => super::lookups::member_type(k, name).unwrap_or(Ty::UNKNOWN),
        _ => Ty::UNKNOWN,
    }
}

/// The workitem attributes (lower-cased) the Genesys Cloud API types as date-times: "adjust
/// the assignee, due date, expiry date, priority, or status of a workitem" (Work with workitem
/// flows).
pub const WORKITEM_DATES: &[&str] = &[
    "datecreated",
    "datemodified",
    "datedue",
    "dateexpires",
    "datestatuschanged",
    "dateclosed",
    "dateassignmentstatechanged",
];

/// Whether `name` (lower-cased) is one of [`WORKITEM_DATES`].
pub fn is_workitem_date(name: &str) -> bool {
    WORKITEM_DATES.contains(&name)
}

/// The static type of `expr`, or its first certain type error.
pub fn infer(expr: &Expr, env: &dyn TypeEnv) -> Result<Ty, TypeError> {
    match &expr.kind {
        ExprKind::Lit(v) => Ok(Ty::of_value(v)),
        ExprKind::Ref(p) => reference(p, expr.span, env),
        ExprKind::Unary(UnOp::Not, x) => {
            want_boolean(not_set_is_known(operand(x, env)?, env), x.span, "not")?;
            Ok(Ty::BOOLEAN)
        }
        ExprKind::Unary(UnOp::BitNot, x) => {
            let t = not_set_is_known(operand(x, env)?, env);
            if t.base == Base::NotSet || (t.is_known() && !t.is(Base::Integer)) {
                return Err(TypeError::new(expr.span, format!("`~` needs an Integer, not {t}")));
            }
            Ok(Ty::INTEGER)
        }
        ExprKind::Unary(UnOp::Neg, x) => {
            let t = not_set_is_known(operand(x, env)?, env);
            match t.base {
                _ if t.is_unknown() => Ok(Ty::UNKNOWN),
                Base::Integer | Base::Decimal | Base::Duration | Base::Currency
                    if !t.collection =>
                {
                    Ok(t)
                }
                _ => Err(TypeError::new(
                    expr.span,
                    format!("`-` needs a number, a Duration or a Currency, not {t}"),
                )),
            }
        }
        ExprKind::Binary(op @ (BinOp::And | BinOp::Or), a, b) => {
            want_boolean(not_set_is_known(operand(a, env)?, env), a.span, op.symbol())?;
            want_boolean(not_set_is_known(operand(b, env)?, env), b.span, op.symbol())?;
            Ok(Ty::BOOLEAN)
        }
        ExprKind::Binary(op, a, b) => {
            let (x, y) = (operand(a, env)?, operand(b, env)?);
            // Architect refuses a literal zero divisor before anything runs.
            if matches!(op, BinOp::Div | BinOp::Rem) && is_literal_zero(b) {
                return Err(TypeError::of(
                    TypeErrorKind::ArgumentValue,
                    b.span,
                    format!(
                        "`{}` by a literal 0: Architect refuses a divisor that is zero",
                        op.symbol()
                    ),
                ));
            }
            if matches!(op, BinOp::Eq | BinOp::Ne) && env.compares_anything() {
                return Ok(Ty::BOOLEAN);
            }
            if let Some(sdk) = (env.architect_rules() && sdk_types(x) && sdk_types(y))
                .then(|| super::sdk::function(op_key(*op)))
                .flatten()
            {
                return sdk.resolve(&[x, y], env.media()).map_err(|r| {
                    operator_error(*op, x, y, r.class == super::sdk::Class::TypeMismatch, expr.span)
                });
            }
            // Architect: "Must be passed arguments of the same type" for `==` and `!=`.
            binary(*op, x, y).ok_or_else(|| {
                operator_error(*op, x, y, matches!(op, BinOp::Eq | BinOp::Ne), expr.span)
            })
        }
        ExprKind::Index(a, i, _) => {
            let (list, at) = (infer(a, env)?, operand(i, env)?);
            // `MakeCurrency(5.25, "USD")["amount"]`: a member by name (Architect's property
            // brackets).
            if at.is(Base::String) && !list.collection {
                return Ok(match &i.kind {
                    ExprKind::Lit(super::value::Value::Str(name)) => {
                        member_type(list, &crate::util::fold_case(name))
                    }
                    _ => Ty::UNKNOWN,
                });
            }
            if at.is_known() && !at.is(Base::Integer) {
                return Err(TypeError::new(
                    i.span,
                    format!("an index must be an Integer, not {at}"),
                ));
            }
            match list {
                l if l.collection => Ok(l.item()),
                l if !l.is_known() => Ok(Ty::UNKNOWN),
                l if l.is(Base::Json) => Ok(Ty::JSON),
                l => Err(TypeError::new(
                    a.span,
                    format!("only a collection can be indexed, not {l}"),
                )),
            }
        }
        ExprKind::Member(x, name) => {
            let of = infer(x, env)?;
            if env.is_complete() && !has_member(of, &name.lower) {
                let mut e = TypeError::of(
                    TypeErrorKind::UnknownMember,
                    expr.span,
                    format!("{of} has no member `{}`", name.text),
                );
                e.help = members_help(of, &name.lower, None);
                return Err(e);
            }
            Ok(member_type(of, &name.lower))
        }
        ExprKind::Call(call) => {
            let def = func::get(call.func);
            let mut args = Vec::with_capacity(call.args.len());
            for a in &call.args {
                args.push(operand(a, env)?);
            }
            let ty = call_type(def, &call.args, &args, expr.span, env)?;
            super::facets::check(def.name, &call.args)?;
            Ok(ty)
        }
    }
}

/// The type of a call of `def` with arguments of types `args`: as Architect's checker resolves
/// it over the Scripting SDK's catalogue ([`super::sdk`]), else by one of flowsim's rules
/// beyond it ([`func::beyond_sdk`], each told to `env`). A function the SDK lacks is typed by
/// flowsim's own signature.
fn call_type(
    def: &func::FuncDef,
    exprs: &[Expr],
    args: &[Ty],
    span: Span,
    env: &dyn TypeEnv,
) -> Result<Ty, TypeError> {
    use super::sdk::Class;
    let sdk = env.architect_rules().then(|| super::sdk::function(def.name)).flatten();
    let Some(sdk) = sdk else {
        if env.architect_rules() {
            env.beyond_sdk(func::beyond_sdk::Beyond::function(def.name), span);
        }
        return def.signature().resolve(args).map_err(|m| {
            let mut e = TypeError::new(
                exprs[m.arg].span,
                format!(
                    "{}: argument {} must be {}, not {}",
                    def.name,
                    m.arg + 1,
                    m.expected,
                    m.got
                ),
            );
            e.help = Some(def.signature().describe(def.name).join("; "));
            e
        });
    };
    let refusal = match sdk.resolve(args, env.media()) {
        Ok(ty) => return Ok(ty),
        Err(r) => r,
    };
    if let Some((rule, ty)) = func::beyond_sdk::resolve(def.name, args) {
        env.beyond_sdk(rule, span);
        return Ok(ty);
    }
    let spans: Vec<Span> = exprs.iter().map(|e| e.span).collect();
    let kind = match refusal.class {
        Class::NoOverload => TypeErrorKind::NoOverload,
        Class::TypeMismatch => TypeErrorKind::TypeMismatch,
        Class::ArgumentValue => TypeErrorKind::ArgumentValue,
        Class::FlowType => TypeErrorKind::FlowType,
        Class::NotSetType => TypeErrorKind::NotSetType,
    };
    let mut e = TypeError::of(kind, super::sdk::span_of(&refusal, span, &spans), refusal.message);
    e.help = Some(overload_help(sdk, args));
    Err(e)
}

/// What to write instead: Integer and Decimal mixed where one type is asked are converted
/// with `ToDecimal`; else the overloads Architect has.
fn overload_help(sdk: &super::sdk::Function, args: &[Ty]) -> String {
    let ints = args.iter().any(|a| a.base == Base::Integer);
    let decs = args.iter().any(|a| a.base == Base::Decimal);
    let overloads = sdk.describe().join("; ");
    if ints && decs {
        format!(
            "Integer and Decimal do not mix in one call: convert the Integers with \
             ToDecimal(x) (or the Decimals with ToInt(x)); {overloads}"
        )
    } else {
        overloads
    }
}

/// The type of an operand of a function or an operator, which a lookup container or entry
/// (`System.Regions.US`) never is: Architect has no implementation that takes one.
fn operand(x: &Expr, env: &dyn TypeEnv) -> Result<Ty, TypeError> {
    let t = infer(x, env)?;
    if let Base::Lookup(k) = t.base {
        let mut e = TypeError::new(
            x.span,
            format!(
                "{t} is a lookup: no function or operator takes one, only its fields are values"
            ),
        );
        e.help = Some(super::lookups::fields_help(k));
        return Err(e);
    }
    Ok(t)
}

/// The type of a reference. In a complete environment a name nothing declares is an error, as
/// are members of a value that has none (`Call.Ani.x`).
pub fn reference(p: &Path, span: Span, env: &dyn TypeEnv) -> Result<Ty, TypeError> {
    if !env.is_complete() {
        return Ok(env.ref_type(p).unwrap_or(Ty::UNKNOWN));
    }
    // The shortest prefix that names something: what follows it reads members.
    let known = (1..=p.len()).find_map(|n| {
        let t = if n == p.len() {
            env.ref_type(p)
        } else {
            env.ref_type(&Path::new(p.prefix(n), false))
        };
        t.map(|t| (n, t))
    });
    match known {
        Some((n, t)) => {
            let mut ty = t;
            for (i, m) in p.rest(n).enumerate() {
                if !has_member(ty, m) {
                    return Err(no_member(p, n + i, ty, m, span));
                }
                ty = member_type(ty, m);
            }
            Ok(ty)
        }
        None if p.len() == 1 => {
            let mut e = TypeError::of(
                TypeErrorKind::UnknownName,
                span,
                format!("`{}` is not a function or variable", p.text),
            );
            e.help = bare_name_help(&p.text);
            Err(e)
        }
        None => Err(unknown_variable(p, span)),
    }
}

/// The help of a bare name nothing declares: the literal meant (`tru`, `Flase`, `NOT_SEt`), or
/// the function meant, which needs its parentheses.
fn bare_name_help(name: &str) -> Option<String> {
    let lower = name.to_ascii_lowercase();
    let literal = ["true", "false", "NOT_SET"]
        .into_iter()
        .map(|k| (crate::util::edit_distance(&lower, &k.to_ascii_lowercase()), k))
        .filter(|(d, _)| *d <= 2)
        .min_by_key(|(d, _)| *d);
    if let Some((_, k)) = literal {
        return Some(format!("did you mean `{k}`?"));
    }
    if let Some(id) = func::lookup(name) {
        let f = func::get(id);
        let args = if f.max_args == 0 { "" } else { "..." };
        return Some(format!("`{}` is a function: call it as `{}({args})`", f.name, f.name));
    }
    func::nearest(name).map(|f| format!("did you mean the function `{f}(...)`?"))
}

/// `Survey.CustomerContact.cellPhone.number`: the first `known` segments name a value of type
/// `of`, which has no member `m`. A type whose members Architect lists says which it has (and
/// the one meant); any other reads as a name nothing declares.
fn no_member(p: &Path, known: usize, of: Ty, m: &str, span: Span) -> TypeError {
    // Architect: `System.Regions.USA` is a variable reference that is not valid.
    if let (Base::Lookup(k), false) = (of.base, of.collection) {
        let mut e = unknown_variable(p, span);
        let shown = p.text.get(..p.prefix(known).len()).unwrap_or(p.prefix(known));
        e.help = super::lookups::near_member(k, m).map(|n| format!("did you mean `{shown}.{n}`?"));
        return e;
    }
    if of.collection || of.base.members().is_none_or(<[_]>::is_empty) {
        return unknown_variable(p, span);
    }
    let prefix = p.prefix(known);
    let shown = p.text.get(..prefix.len()).unwrap_or(prefix);
    let mut e = TypeError::of(
        TypeErrorKind::UnknownMember,
        span,
        format!("`{shown}` is {of}, which has no member `{m}`"),
    );
    e.help = members_help(of, m, Some(shown));
    e
}

/// The help of an `unknownMember` error: the one meant, when a member is a letter or two from
/// `m`, and every member the type has. `shown` is how the value was written, when it is a name.
fn members_help(of: Ty, m: &str, shown: Option<&str>) -> Option<String> {
    let members = of.base.members().filter(|m| !m.is_empty() && !of.collection)?;
    let names: Vec<&str> = members.iter().map(|(name, _)| *name).collect();
    let list = format!("{of}'s members: {}", names.join(", "));
    Some(match crate::util::nearest(m, names.iter().copied()) {
        Some(meant) => match shown {
            Some(shown) => format!("did you mean `{shown}.{meant}`? {list}"),
            None => format!("did you mean `.{meant}`? {list}"),
        },
        None => list,
    })
}

fn unknown_variable(p: &Path, span: Span) -> TypeError {
    TypeError::of(TypeErrorKind::UnknownVariable, span, format!("`{}` is not a variable", p.text))
}

/// Whether a value of type `of` may have member `name` (lower-cased): a collection has none; a
/// type whose members Architect's Scripting SDK lists ([`Base::members`]) those (a Currency its
/// amount and code, a phone number its `e164`, `subscriberNumber`...); values without parts
/// (`Call.Ani.x`) none; objects whose members flowsim does not list may have any.
fn has_member(of: Ty, name: &str) -> bool {
    // Architect's collections have no members (`Count(x)` counts them).
    if of.collection {
        return false;
    }
    if let Base::Lookup(k) = of.base {
        return super::lookups::member_type(k, name).is_some();
    }
    of.base
        .members()
        .is_none_or(|members| members.iter().any(|(m, _)| m.eq_ignore_ascii_case(name)))
}

/// `0`, `0.0`, `-0`: a literal whose value is zero.
fn is_literal_zero(e: &Expr) -> bool {
    use super::value::Value;
    match &e.kind {
        ExprKind::Lit(Value::Int(0)) => true,
        ExprKind::Lit(Value::Dec(d)) => d.is_zero(),
        ExprKind::Unary(UnOp::Neg, x) => is_literal_zero(x),
        _ => false,
    }
}

/// An operand's type, with NOT_SET read as Architect reads it (a value no operator takes but
/// `==` and `!=`) or, in the seed dialect, as a value of any type.
fn not_set_is_known(t: Ty, env: &dyn TypeEnv) -> Ty {
    if t.base == Base::NotSet && !env.architect_rules() {
        Ty::UNKNOWN
    } else {
        t
    }
}

fn want_boolean(t: Ty, span: Span, what: &str) -> Result<(), TypeError> {
    if t.base == Base::NotSet || (t.is_known() && !t.is(Base::Boolean)) {
        return Err(TypeError::new(span, format!("operand of `{what}` must be Boolean, not {t}")));
    }
    Ok(())
}

/// The Scripting SDK's key of a binary operator (`+` is `add`).
fn op_key(op: BinOp) -> &'static str {
    match op {
        BinOp::Add => "add",
        BinOp::Sub => "sub",
        BinOp::Mul => "mul",
        BinOp::Div => "div",
        BinOp::Rem => "mod",
        BinOp::Pow => "pow",
        BinOp::BitAnd => "bitAnd",
        BinOp::BitOr => "bitOr",
        BinOp::Eq => "equ",
        BinOp::Ne => "neq",
        BinOp::Lt => "lt",
        BinOp::Le => "lte",
        BinOp::Gt => "gt",
        BinOp::Ge => "gte",
        BinOp::And => "and",
        BinOp::Or => "or",
    }
}

/// Whether the Scripting SDK has the type (its operators are the SDK's), as opposed to one
/// newer Architect added (Date, Time, JSON, Communication, Timeslot, the org's groups), whose
/// operators are flowsim's ([`binary`]).
fn sdk_types(t: Ty) -> bool {
    !matches!(
        t.base,
        Base::Date
            | Base::Time
            | Base::Json
            | Base::Communication
            | Base::Timeslot
            | Base::ScheduleGroup
            | Base::EmergencyGroup
            | Base::Builtin
    )
}

/// The result type of `x op y`, or `None` when the operator cannot take them.
fn binary(op: BinOp, x: Ty, y: Ty) -> Option<Ty> {
    use Base::{
        Audio as Aud, Currency as Cur, DateTime as Dtm, Decimal as Dec, Duration as Dur,
        Integer as Int, Prompt as Pmt, String as Str,
    };
    if matches!(op, BinOp::Eq | BinOp::Ne) {
        // Comparing values that can never be equal is a mistake Architect refuses.
        let comparable = !x.is_known()
            || !y.is_known()
            || fits(x, y)
            || fits(y, x)
            || (x.is_number() && y.is_number());
        return comparable.then_some(Ty::BOOLEAN);
    }
    if !x.is_known() || !y.is_known() {
        // Known enough to refuse what no value could make work (`"a" * x`).
        let known = if x.is_known() { x } else { y };
        let possible = !known.is_known()
            || !known.collection
                && match op {
                    BinOp::Add => {
                        matches!(known.base, Int | Dec | Str | Dtm | Dur | Cur | Aud | Pmt)
                    }
                    BinOp::Sub => matches!(known.base, Int | Dec | Dtm | Dur | Cur),
                    BinOp::Mul => matches!(known.base, Int | Dec | Dur | Cur),
                    BinOp::Div | BinOp::Rem => matches!(known.base, Int | Dec | Cur),
                    BinOp::Pow => matches!(known.base, Int | Dec),
                    BinOp::BitAnd | BinOp::BitOr => known.base == Int,
                    _ => {
                        matches!(
                            known.base,
                            Int | Dec | Str | Dtm | Dur | Base::Date | Base::Time | Base::Currency
                        )
                    }
                };
        return possible.then_some(match op {
            BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => Ty::BOOLEAN,
            BinOp::Div | BinOp::Pow => Ty::DECIMAL,
            BinOp::BitAnd | BinOp::BitOr => Ty::INTEGER,
            _ => Ty::UNKNOWN,
        });
    }
    if x.collection || y.collection {
        return None;
    }
    let numbers = x.is_number() && y.is_number();
    let number = if x.base == Int && y.base == Int { Ty::INTEGER } else { Ty::DECIMAL };
    match op {
        BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => {
            let ordered = numbers
                || (x.base == y.base
                    && matches!(
                        x.base,
                        Str | Dtm | Dur | Base::Date | Base::Time | Base::Currency
                    ));
            ordered.then_some(Ty::BOOLEAN)
        }
        BinOp::Add => match (x.base, y.base) {
            _ if numbers => Some(number),
            (Str, Str) => Some(Ty::STRING),
            (Dtm, Dur) | (Dur, Dtm) => Some(Ty::DATETIME),
            (Dur, Dur) => Some(Ty::DURATION),
            (Cur, Cur) => Some(Ty::CURRENCY),
            (Aud | Pmt, Aud | Pmt) => Some(Ty::of(Aud)),
            _ => None,
        },
        BinOp::Sub => match (x.base, y.base) {
            _ if numbers => Some(number),
            (Dtm, Dtm) | (Dur, Dur) => Some(Ty::DURATION),
            (Dtm, Dur) => Some(Ty::DATETIME),
            (Cur, Cur) => Some(Ty::CURRENCY),
            _ => None,
        },
        BinOp::Mul => match (x.base, y.base) {
            _ if numbers => Some(number),
            (Dur, Int) | (Int, Dur) => Some(Ty::DURATION),
            (Cur, Int | Dec) | (Int | Dec, Cur) => Some(Ty::CURRENCY),
            _ => None,
        },
        // Integer / Integer is Decimal (Architect's rule); a Currency divides by a number.
        BinOp::Div => match (x.base, y.base) {
            _ if numbers => Some(Ty::DECIMAL),
            (Cur, Int | Dec) => Some(Ty::CURRENCY),
            _ => None,
        },
        BinOp::Rem => match (x.base, y.base) {
            _ if numbers => Some(number),
            (Cur, Int | Dec) => Some(Ty::CURRENCY),
            _ => None,
        },
        // A power is a Decimal, whatever its operands (Architect's `Long ^ Long` is one too).
        BinOp::Pow => numbers.then_some(Ty::DECIMAL),
        BinOp::BitAnd | BinOp::BitOr => (x.base == Int && y.base == Int).then_some(Ty::INTEGER),
        BinOp::And | BinOp::Or | BinOp::Eq | BinOp::Ne => unreachable!("handled by the caller"),
    }
}

/// An operator that cannot take `x` and `y`: a type mismatch (`mismatch`) or no overload.
fn operator_error(op: BinOp, x: Ty, y: Ty, mismatch: bool, span: Span) -> TypeError {
    let kind = if mismatch { TypeErrorKind::TypeMismatch } else { TypeErrorKind::NoOverload };
    let mut e = TypeError::of(kind, span, format!("`{}` cannot take {x} and {y}", op.symbol()));
    e.help = help_for(op, x, y);
    e
}

fn help_for(op: BinOp, x: Ty, y: Ty) -> Option<String> {
    let text = x.is(Base::String) || y.is(Base::String);
    match op {
        BinOp::Add if text => {
            Some("join text with Append(a, b), which writes any value as text".into())
        }
        BinOp::Eq | BinOp::Ne => {
            Some(format!("{x} and {y} are never equal; convert one side (ToString, ToInt, ...)"))
        }
        _ if text => Some("convert the text first: ToInt(x), ToDecimal(x), ToDateTime(x)".into()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expr::parse;

    #[track_caller]
    fn ty(text: &str) -> String {
        let e = parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        match infer(&e, &BuiltinsOnly) {
            Ok(t) => t.to_string(),
            Err(e) => panic!("{text}: {e}"),
        }
    }

    #[track_caller]
    fn error(text: &str) -> (String, Span) {
        let e = parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        let err = infer(&e, &BuiltinsOnly).expect_err(text);
        (err.message, err.span)
    }

    #[test]
    fn literals_operators_and_functions_have_types() {
        assert_eq!(ty("7 / 2"), "Decimal");
        assert_eq!(ty("7 % 2"), "Integer");
        assert_eq!(ty("1 + 2.5"), "Decimal");
        assert_eq!(ty("\"a\" + \"b\""), "String");
        assert_eq!(ty("Now() + MakeDuration(0, 0, 0, 1)"), "DateTime");
        assert_eq!(ty("DateTimeDiff(Now(), Now())"), "Duration");
        assert_eq!(ty("If(true, 1.5, 2.5)"), "Decimal");
        assert_eq!(ty("If(Flow.x, \"a\", NOT_SET)"), "String");
        assert_eq!(ty("Split(\"a,b\", \",\")"), "String Collection");
        assert_eq!(ty("GetAt(Split(\"a,b\", \",\"), 0)"), "String");
        assert_eq!(ty("Split(\"a\", \",\")[0]"), "String");
        assert_eq!(ty("MakeList(1, 2)"), "Integer Collection");
        assert_eq!(ty("Max(1, 2)"), "Integer");
        assert_eq!(ty("Call.Ani"), "String");
        assert_eq!(ty("Email.Message.from.name"), "String");
        assert_eq!(ty("ToPhoneNumber(Call.Ani).e164"), "String");
        assert_eq!(ty("Flow.unknown + 1"), "Unknown");
        // A Decimal, or a Currency (Architect has `Currency / Integer`).
        assert_eq!(ty("Flow.unknown / 2"), "Unknown");
        assert_eq!(ty("ToAudio(PromptSystem.please_try_again)"), "Audio");
        assert_eq!(ty("Append(ToAudioTTS(\"a\"), ToAudioBlank(1))"), "Audio");
        assert_eq!(ty("Append(\"a\", ToString(1))"), "String");
        assert_eq!(ty("-1"), "Integer");
    }

    #[test]
    fn a_bare_name_nothing_declares_says_the_literal_or_function_meant() {
        assert_eq!(bare_name_help("tru").as_deref(), Some("did you mean `true`?"));
        assert_eq!(bare_name_help("Flase").as_deref(), Some("did you mean `false`?"));
        assert_eq!(bare_name_help("not_sett").as_deref(), Some("did you mean `NOT_SET`?"));
        assert_eq!(
            bare_name_help("now").as_deref(),
            Some("`Now` is a function: call it as `Now()`")
        );
        assert_eq!(
            bare_name_help("Upper").as_deref(),
            Some("`Upper` is a function: call it as `Upper(...)`")
        );
        assert_eq!(
            bare_name_help("Uper").as_deref(),
            Some("did you mean the function `Upper(...)`?")
        );
        assert_eq!(bare_name_help("xyzzy"), None);
    }

    #[test]
    fn certain_errors_point_at_their_cause() {
        let (m, s) = error("\"a\" + 1");
        assert_eq!((m.as_str(), s), ("`+` cannot take String and Integer", Span::new(0, 7)));
        let (m, s) = error("If(1, 2, 3)");
        assert_eq!(
            (m.as_str(), s),
            ("If: argument 1 must be Boolean, not Integer", Span::new(3, 4))
        );
        let (m, _) = error("ToInt(Now())");
        assert_eq!(
            m,
            "ToInt: argument 1 must be Boolean, Decimal, String, Integer or Duration, not DateTime"
        );
        let (m, _) = error("1 == \"1\"");
        assert_eq!(m, "`==` cannot take Integer and String");
        let (m, s) = error("not 1");
        assert_eq!(
            (m.as_str(), s),
            ("operand of `not` must be Boolean, not Integer", Span::new(4, 5))
        );
        assert_eq!(error("\"abc\"[0]").0, "only a collection can be indexed, not String");
        assert_eq!(error("Flow.x * \"a\"").0, "`*` cannot take Unknown and String");
        assert_eq!(
            error("If(true, \"a\", 1)").0,
            "If: arguments 2 and 3 must be of one type, not String and Integer"
        );
        // Architect's own rules: no Integer for a Decimal, no DateTime minus a DateTime.
        assert_eq!(error("Sum(1, 2.5)").0, "Sum has no overload that takes (Integer, Decimal)");
        assert_eq!(error("Now() - Now()").0, "`-` cannot take DateTime and DateTime");
        assert_eq!(
            error("Append(\"a\", 1)").0,
            "Append has no overload that takes (String, Integer)"
        );
    }

    #[test]
    fn declarations_type_references_and_their_members() {
        let mut d = Declarations::default();
        d.declare("Flow.tier", Ty::STRING);
        d.declare("Task.Queue", Ty::of(Base::Queue));
        d.declare("Flow.list", Ty::collection_of(Base::Integer));
        let t =
            |text: &str, d: &Declarations| infer(&parse(text).unwrap(), d).map(|t| t.to_string());
        assert_eq!(t("flow.TIER", &d).unwrap(), "String");
        assert_eq!(t("Task.Queue.id", &d).unwrap(), "String");
        assert_eq!(t("Flow.list[0] + 1", &d).unwrap(), "Integer");
        assert!(t("Flow.tier + 1", &d).is_err());
        d.declare("flow.TIER", Ty::INTEGER);
        assert_eq!(t("Flow.tier + 1", &d).unwrap(), "Unknown", "two types: not certain");
    }
}
