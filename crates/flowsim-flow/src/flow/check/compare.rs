//! Comparisons that can never hold: `Flow.tier == 5` where `Flow.tier` is a
//! String is always false (and `!=` always true), because values of two types that do not
//! convert into each other are never equal (docs/json-flows.md). Architect's checker refuses such a
//! comparison (the SDK's "must be passed arguments of the same type").
//! `alwaysFalse` errors, for Archy YAML and Architect exports, with the nearest comparison that
//! can hold as the fix. Every other refusal of Architect's checker is found here too (a type
//! no operator or function takes, a name that is no variable, a member a value lacks).
//!
//! Types come from the flow's declarations (its variables, task and state variables, and the
//! types its `updateData` statements assign), Architect's built-ins (`Call.Ani` is a String)
//! and literals; a side whose type is not certain is never reported. The seeds' JSON flows get
//! the same finding as a `typeMismatch` error when they load (`flow::json`).

use super::place::Places;
use crate::diag::Diagnostic;
use crate::expr::ast::{BinOp, Expr, ExprKind, Span};
use crate::expr::types::{Base, Ty};
use crate::expr::{infer, Declarations, TypeEnv, TypeError, Value};
use crate::flow::action::Prop;
use crate::flow::catalogue::control::prop as control;
use crate::flow::catalogue::data::prop as data;
use crate::flow::catalogue::prompts::prop as prompts;
use crate::flow::catalogue::{TypedWrites, Varies};
use crate::flow::{Flow, Format};

/// Whether values of types `x` and `y` can ever be equal: both known, and neither fits the
/// other (an Integer and a Decimal can; a phone number and a String can).
fn never_equal(x: Ty, y: Ty) -> bool {
    x.is_known()
        && y.is_known()
        && !crate::expr::sig::fits(x, y)
        && !crate::expr::sig::fits(y, x)
        && !(x.is_number() && y.is_number())
}

/// The comparison that can hold, for people: quote or unquote the literal, or convert.
fn fix(a: &Expr, x: Ty, b: &Expr, y: Ty, op: &str) -> String {
    let lit_text = |e: &Expr| match &e.kind {
        ExprKind::Lit(Value::Str(s)) => Some(s.to_string()),
        _ => None,
    };
    // (the side that is a variable or call, its type, the literal)
    for (side, ty, lit, lit_ty) in [(a, x, b, y), (b, y, a, x)] {
        match (ty.base, &lit.kind, lit_ty.base) {
            (
                Base::String,
                ExprKind::Lit(v @ (Value::Int(_) | Value::Dec(_) | Value::Bool(_))),
                _,
            ) => {
                let quoted = v.display();
                return format!(
                    "compare text with text: `{side} {op} \"{quoted}\"`, or convert: `{}({side}) {op} {quoted}`",
                    match v {
                        Value::Bool(_) => "ToBool",
                        Value::Int(_) => "ToInt",
                        _ => "ToDecimal",
                    }
                );
            }
            (Base::Integer | Base::Decimal | Base::Boolean, ExprKind::Lit(Value::Str(_)), _) => {
                let text = lit_text(lit).unwrap_or_default();
                let plain = text.trim();
                let reads = match ty.base {
                    Base::Boolean => {
                        plain.eq_ignore_ascii_case("true") || plain.eq_ignore_ascii_case("false")
                    }
                    _ => plain.parse::<f64>().is_ok(),
                };
                if reads {
                    return format!(
                        "write the value without quotes: `{side} {op} {}`",
                        plain.to_ascii_lowercase()
                    );
                }
                return format!("compare as text: `ToString({side}) {op} \"{text}\"`");
            }
            _ => {}
        }
    }
    format!(
        "{x} and {y} are never equal: convert one side, e.g. `ToString({a}) {op} ToString({b})`"
    )
}

/// Every comparison of `e` (and of its parts) that can never hold: (the comparison, message,
/// fix).
fn find(e: &Expr, env: &Declarations, out: &mut Vec<(Span, String, String)>) {
    let ty = |x: &Expr| infer(x, env).unwrap_or(Ty::UNKNOWN);
    match &e.kind {
        ExprKind::Binary(op @ (BinOp::Eq | BinOp::Ne), a, b) => {
            let (x, y) = (ty(a), ty(b));
            if never_equal(x, y) {
                let always = if *op == BinOp::Eq { "false" } else { "true" };
                out.push((
                    e.span,
                    format!(
                        "`{e}` compares {x} with {y}, which are never equal: it is always {always}"
                    ),
                    fix(a, x, b, y, op.symbol()),
                ));
            }
            find(a, env, out);
            find(b, env, out);
        }
        ExprKind::Call(c) if c.name.eq_ignore_ascii_case("AreEqual") && c.args.len() == 2 => {
            let (x, y) = (ty(&c.args[0]), ty(&c.args[1]));
            if never_equal(x, y) {
                out.push((
                    e.span,
                    format!(
                        "`{e}` compares {x} with {y}, which are never equal: it is always false"
                    ),
                    fix(&c.args[0], x, &c.args[1], y, "=="),
                ));
            }
            c.args.iter().for_each(|a| find(a, env, out));
        }
        ExprKind::Binary(_, a, b) | ExprKind::Index(a, b, _) => {
            find(a, env, out);
            find(b, env, out);
        }
        ExprKind::Unary(_, a) | ExprKind::Member(a, _) => find(a, env, out),
        ExprKind::Call(c) => c.args.iter().for_each(|a| find(a, env, out)),
        ExprKind::Lit(_) | ExprKind::Ref(_) => {}
    }
}

/// Calls `f` with each expression of action `a`, its property's path (`condition`,
/// `statements[1].value`), as diagnostics name it, and the property's place in the entry's
/// list.
pub(super) fn for_each_action_expr(
    a: &crate::flow::action::Action,
    f: &mut impl FnMut(String, usize, &Expr),
) {
    let specs = a.spec().props;
    for (i, p) in a.props.iter().enumerate() {
        let (name, inner) = match specs.get(i) {
            Some(spec) => (
                spec.name.to_owned(),
                match &spec.kind {
                    crate::flow::catalogue::PropKind::List(s) => Some(*s),
                    _ => None,
                },
            ),
            None => (format!("property {i}"), None),
        };
        each_prop_expr(&name, p, inner, &mut |path, e| f(path, i, e));
    }
}

/// Calls `f` with each expression of a property and the property's path (`condition`,
/// `statements[1].value`).
fn each_prop_expr(
    name: &str,
    p: &Prop,
    spec: Option<&[crate::flow::catalogue::PropSpec]>,
    f: &mut impl FnMut(String, &Expr),
) {
    match p {
        Prop::Expr(e) => f(name.to_owned(), e),
        Prop::Template(t) => t.exprs().for_each(|e| f(name.to_owned(), e)),
        Prop::Map(m) => {
            m.iter().for_each(|(k, p)| each_prop_expr(&format!("{name}.{k}"), p, None, f));
        }
        Prop::List(l) => {
            for (i, record) in l.iter().enumerate() {
                for (j, p) in record.iter().enumerate() {
                    let field = spec
                        .and_then(|s| s.get(j))
                        .map_or_else(|| j.to_string(), |s| s.name.to_owned());
                    each_prop_expr(&format!("{name}[{i}].{field}"), p, None, f);
                }
            }
        }
        Prop::None | Prop::Text(_) | Prop::Type(..) | Prop::Var(_) | Prop::Node(_) => {}
    }
}

/// What a Collect Input can store in its variable (as the engine's `collect_input` takes
/// it): digits only, `digitsMin` to `digitsMax` of them, or a lone `*` / `#` when accepted.
#[derive(Debug, Clone, Copy)]
struct Collects {
    min: i64,
    max: i64,
    star: bool,
    pound: bool,
}

impl Collects {
    /// A Collect Input's limits when its properties are literals (defaults as the engine's).
    fn of(a: &crate::flow::action::Action) -> Option<Collects> {
        let int = |id, default: i64| match a.get(id).expr().map(|e| &e.kind) {
            None => Some(default),
            Some(ExprKind::Lit(Value::Int(i))) => Some(*i),
            Some(_) => None,
        };
        let flag = |id| match a.get(id).expr().map(|e| &e.kind) {
            None | Some(ExprKind::Lit(Value::Bool(false))) => Some(false),
            Some(ExprKind::Lit(Value::Bool(true))) => Some(true),
            Some(_) => None,
        };
        let max = int(prompts::DIGITS_MAX, 1)?.clamp(1, 40);
        let min = int(prompts::DIGITS_MIN, max)?.clamp(0, max);
        let (star, pound) = (flag(prompts::ACCEPT_JUST_STAR)?, flag(prompts::ACCEPT_JUST_POUND)?);
        Some(Collects { min, max, star, pound })
    }

    fn can_be(self, text: &str) -> bool {
        match text {
            "*" => self.star,
            "#" => self.pound,
            _ => {
                let n = text.chars().count() as i64;
                text.chars().all(|c| c.is_ascii_digit()) && n >= self.min && n <= self.max
            }
        }
    }

    fn describe(self) -> String {
        let digits = if self.min == self.max {
            format!("{} digit{}", self.max, if self.max == 1 { "" } else { "s" })
        } else {
            format!("{} to {} digits", self.min, self.max)
        };
        let lone: Vec<&str> = [(self.star, "`*`"), (self.pound, "`#`")]
            .iter()
            .filter(|(on, _)| *on)
            .map(|(_, s)| *s)
            .collect();
        if lone.is_empty() {
            format!("{digits} of 0-9")
        } else {
            format!("{digits} of 0-9, or a lone {}", lone.join(" or "))
        }
    }
}

/// Variables only Collect Input actions write (none declared with a value, none an input),
/// with what each of those actions can store: `impossibleDigits` compares them with a text
/// none of them can produce.
fn collected(flow: &Flow) -> Vec<(String, Vec<Collects>)> {
    use rustc_hash::FxHashMap;
    let mut writers: FxHashMap<String, Option<Vec<Collects>>> = FxHashMap::default();
    for node in &flow.draft.nodes {
        let Some(a) = node.action.as_architect() else { continue };
        let is_collect = a.spec().facts.varies == Varies::Digits;
        let target = if is_collect {
            a.get(prompts::INPUT_DATA).var().map(|v| v.name.to_ascii_lowercase())
        } else {
            None
        };
        a.for_each_written_name(&mut |written| {
            let name = written.to_ascii_lowercase();
            let shape =
                if target.as_deref() == Some(name.as_str()) { Collects::of(a) } else { None };
            let entry = writers.entry(name).or_insert_with(|| Some(Vec::new()));
            match (entry.as_mut(), shape) {
                (Some(list), Some(s)) => list.push(s),
                _ => *entry = None,
            }
        });
    }
    let decls =
        flow.arch.variables.iter().chain(flow.arch.containers.iter().flat_map(|c| &c.variables));
    for d in decls.filter(|d| d.initial.is_some() || d.is_input) {
        writers.insert(d.var.name.to_ascii_lowercase(), None);
    }
    let mut out: Vec<(String, Vec<Collects>)> =
        writers.into_iter().filter_map(|(k, v)| Some((k, v.filter(|l| !l.is_empty())?))).collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// `Task.pin == "12345"` where only a Collect Input of 4 digits writes `Task.pin`: (the
/// comparison, message) for each such comparison in `e`.
fn impossible(e: &Expr, collected: &[(String, Vec<Collects>)], out: &mut Vec<(Span, String)>) {
    if let ExprKind::Binary(op @ (BinOp::Eq | BinOp::Ne), a, b) = &e.kind {
        for (side, other) in [(a, b), (b, a)] {
            let (ExprKind::Ref(p), ExprKind::Lit(Value::Str(lit))) = (&side.kind, &other.kind)
            else {
                continue;
            };
            let Some((_, shapes)) = collected.iter().find(|(n, _)| **n == *p.lower) else {
                continue;
            };
            if shapes.iter().any(|s| s.can_be(lit)) {
                continue;
            }
            let always = if *op == BinOp::Eq { "false" } else { "true" };
            let can: Vec<String> = shapes.iter().map(|s| s.describe()).collect();
            out.push((
                e.span,
                format!(
                    "`{e}` compares `{}`, which only Collect Input writes ({}), with \"{lit}\", which it can never be: the comparison is always {always}",
                    p.text,
                    can.join("; ")
                ),
            ));
        }
    }
    match &e.kind {
        ExprKind::Binary(_, a, b) | ExprKind::Index(a, b, _) => {
            impossible(a, collected, out);
            impossible(b, collected, out);
        }
        ExprKind::Unary(_, a) | ExprKind::Member(a, _) => impossible(a, collected, out),
        ExprKind::Call(c) => c.args.iter().for_each(|a| impossible(a, collected, out)),
        ExprKind::Lit(_) | ExprKind::Ref(_) => {}
    }
}

/// A flow's variable list as Architect's checker reads it: complete, so a name that is no
/// variable (`Foo`, `Menu.digits`) or a member a value does not have (`Task.int.x`) is an
/// error. Reads of the flow's own scopes it does not declare, and built-ins misspelt or of
/// another kind of flow, are `check::names`'s (`undeclaredVariable`, `unknownBuiltin`, with the
/// nearest name); a name of a built-in namespace far from every built-in flowsim knows
/// (`Call.LanguageSkill`) is accepted, as Architect has built-ins its Scripting SDK does not
/// list; and a comparison of types that are never equal is `alwaysFalse` (with the
/// comparison that can hold): here they are Unknown and a Boolean, so what follows them is
/// still checked and nothing is said twice.
/// A flow's declarations, and the medium of its flow type (Architect limits some overloads to
/// some media: `FindQueue(String)` is not a call flow's); the calls it types by an overload no
/// source shows ([`crate::expr::func::beyond_sdk::UNVERIFIED_OVERLOADS`]) are kept, each with
/// where its function's name is written, to be warned of.
struct FlowEnv<'a>(
    &'a Declarations,
    Option<crate::expr::builtins::Media>,
    std::cell::RefCell<Vec<(crate::expr::func::beyond_sdk::Beyond, Span)>>,
);

impl<'a> FlowEnv<'a> {
    fn new(declared: &'a Declarations, flow: &Flow) -> Self {
        FlowEnv(
            declared,
            crate::expr::builtins::Media::of_flow_type(&flow.flow_type),
            std::cell::RefCell::default(),
        )
    }

    /// The warnings of the unverified overloads the last checks took, each at the function's
    /// name (`unverifiedOverload`).
    fn unverified(&self) -> Vec<(Span, Diagnostic)> {
        self.2
            .take()
            .into_iter()
            .map(|(rule, span)| {
                let r = crate::expr::verdict::unverified_overload(rule, span);
                (r.span, Diagnostic::warning(r.code, r.message).maybe_help(r.help))
            })
            .collect()
    }
}

impl TypeEnv for FlowEnv<'_> {
    fn ref_type(&self, path: &crate::expr::Path) -> Option<Ty> {
        if let Some(ty) = self.0.ref_type(path) {
            return Some(ty);
        }
        let head = path.head();
        let theirs = path.len() > 1
            && (super::names::SCOPES.contains(&head)
                || crate::expr::builtins::NAMESPACES.contains(&head));
        theirs.then_some(Ty::UNKNOWN)
    }

    fn is_complete(&self) -> bool {
        true
    }

    fn compares_anything(&self) -> bool {
        true
    }

    fn media(&self) -> Option<crate::expr::builtins::Media> {
        self.1
    }

    fn beyond_sdk(&self, rule: crate::expr::func::beyond_sdk::Beyond, span: Span) {
        if rule.overload.is_some() && !rule.verified() {
            self.2.borrow_mut().push((rule, span));
        }
    }
}

/// The type a property must have where Architect types it: an expression of a type Architect
/// can neither keep nor convert there is refused when the flow is published.
#[derive(Clone, Copy, PartialEq)]
struct Slot(Ty);

impl Slot {
    /// The type property `i` of `a` holds when its value is one expression: the catalogue's,
    /// as the Scripting SDK types it (`ArchActionDecision.condition` is a Boolean,
    /// `ArchActionLoop.loopCount` an Integer, `ArchActionTransferToAcd.priority` an
    /// Integer...); a first-true Switch's case values are Booleans (docs/architect.md §3.4).
    /// The expressions inside a list's records or a map's entries have no type of their own.
    fn of(a: &crate::flow::action::Action, i: usize) -> Option<Slot> {
        if a.spec().facts.varies == Varies::SwitchCases
            && i == control::SWITCH_CASES.index()
            && a.get(control::SWITCH_EXPRESSION).is_none()
        {
            return Some(Slot(Ty::BOOLEAN));
        }
        match a.prop(i) {
            Prop::List(_) | Prop::Map(_) => None,
            _ => a.spec().props.get(i).and_then(|p| p.ty).map(Slot),
        }
    }

    /// The property's type.
    fn ty(self) -> Ty {
        self.0
    }

    /// Whether `e` names an object of the slot's type by its text: a literal in a queue's,
    /// user's, group's, skill's or wrap-up code's property (`languageSkill: {lit: {name:
    /// English}}`), which Architect's literal mode reads as that object's name.
    fn named_by(self, e: &Expr) -> bool {
        let object = matches!(
            self.0.base,
            Base::Queue
                | Base::User
                | Base::Group
                | Base::Skill
                | Base::Language
                | Base::WrapupCode
        );
        object && !self.0.collection && matches!(e.kind, ExprKind::Lit(_))
    }

    /// Whether a value of type `ty` (known) fits, as it is or through the conversion
    /// Architect writes for it (`ToBool` of a number or text, `ToInt` of a Decimal, text, a
    /// Boolean or a Duration: `expr::slot::verdict`).
    fn fits(self, ty: Ty) -> bool {
        crate::expr::slot::verdict(ty, self.ty()) != crate::expr::slot::Verdict::Refuse
    }

    fn describe(self) -> String {
        let name = self.0.to_string();
        let article = if name.starts_with(['A', 'E', 'I', 'O']) { "an" } else { "a" };
        format!("{article} {name}")
    }

    /// A literal of the slot's type, for a help: ` (`4`)`.
    fn example(self) -> &'static str {
        match (self.0.collection, self.0.base) {
            (false, Base::Integer) => " (`4`)",
            (false, Base::Decimal) => " (`2.5`)",
            (false, Base::Boolean) => " (`true` or `false`)",
            (false, Base::Duration) => " (`{seconds: 5}`)",
            _ => "",
        }
    }

    fn help(self) -> String {
        if self.0 == Ty::BOOLEAN {
            return "compare it (`x > 0`, `x == \"yes\"`) or test it (`IsSet(x)`)".into();
        }
        if self.0 == Ty::INTEGER {
            return "give a number (`ToInt(x)`)".into();
        }
        format!(
            "give {} (a variable of that type, or a function that returns one)",
            self.describe()
        )
    }
}

/// A Decision's condition (or a first-true Switch's case) that is a String: Architect accepts
/// it and converts it with `ToBool`, which reads only `true`, `t`, `1` and `false`, `f`, `0`
/// (any case); other text (`"yes"`, `""`) is NOT_SET, and the action then fails with `notSet`
/// to the flow's error handling. Legal, so a warning, with what to write instead.
fn string_condition(
    a: &crate::flow::action::Action,
    slot: Slot,
    ty: Ty,
    property: &str,
    e: &Expr,
) -> Option<Diagnostic> {
    let condition = matches!(a.spec().facts.varies, Varies::Condition | Varies::SwitchCases);
    if !condition || slot.ty() != Ty::BOOLEAN || ty != Ty::STRING {
        return None;
    }
    let (what, help) = match &e.kind {
        ExprKind::Lit(Value::Str(t)) => {
            let word = t.trim().to_ascii_lowercase();
            let help = if ["true", "false"].contains(&word.as_str()) {
                format!("write the Boolean `{word}`, not the text \"{t}\"")
            } else {
                format!("write a Boolean (`true`, `false`) or a comparison, not the text \"{t}\"")
            };
            (format!("the text \"{t}\""), help)
        }
        _ => (
            format!("`{e}`, a String"),
            format!("compare it with the text you mean (`{e} == \"yes\"`), or make it a Boolean"),
        ),
    };
    Some(
        Diagnostic::warning(
            crate::diag::Code::StringCondition,
            format!(
                "`{}`'s `{property}` is {what}: Architect converts it with ToBool, which reads only \"true\", \"t\", \"1\" as true and \"false\", \"f\", \"0\" as false (any case); any other text is NOT_SET, and the {} then fails with `notSet`",
                a.spec().key,
                a.spec().key
            ),
        )
        .help(help),
    )
}

/// A literal in a typed property whose type Architect would convert (text in an Integer) but
/// whose value does not read as that type: `digits: {exact: "four"}`. A run converts the value
/// the same way (`Machine::value`, `expr::slot::cast`) and fails the action with `conversion`,
/// so `check` says so first, naming the type wanted and the value given. A literal that
/// converts (`"4"` for an Integer) is the run's value, not a mistake; a literal of a type no
/// conversion takes is the `typeMismatch` of the slot check.
fn literal_unreadable(
    a: &crate::flow::action::Action,
    i: usize,
    property: &str,
    e: &Expr,
) -> Option<Diagnostic> {
    let ExprKind::Lit(v) = &e.kind else { return None };
    let slot = Slot::of(a, i)?;
    if !v.is_set() || slot.named_by(e) {
        return None;
    }
    let given = Ty::of_value(v);
    let crate::expr::slot::Verdict::Convert(func) = crate::expr::slot::verdict(given, slot.ty())
    else {
        return None;
    };
    let err = crate::expr::slot::cast(v.clone(), slot.ty()).err()?;
    let shown = match v {
        Value::Str(t) => format!("\"{t}\""),
        other => other.display(),
    };
    Some(
        Diagnostic::error(
            crate::diag::Code::BadPropertyType,
            format!(
                "`{}`'s `{property}` must be {}, not {given} {shown}: {func}({shown}) fails ({}), and so does a run of the action, with `conversion`",
                a.spec().key,
                slot.describe(),
                err.message
            ),
        )
        .help(format!("write {} here{}", slot.describe(), slot.example())),
    )
}

/// Update Data's statements (and Extract Secure Data's, the same shape): each value is read as
/// its statement's type, through the conversion Architect writes for it (`ToString` of anything
/// in a String statement, `ToInt` of text in an Integer one: [`Slot::fits`]); a value no
/// conversion takes is refused, as Architect's checker refuses "Cannot convert expression from
/// type ... to required type of ...".
fn statement_types(
    flow: &Flow,
    node: &crate::flow::Node,
    a: &crate::flow::action::Action,
    env: &Declarations,
    places: &Places<'_>,
    diags: &mut Vec<Diagnostic>,
) {
    if a.spec().facts.typed_writes != TypedWrites::Statements {
        return;
    }
    let name = a.spec().props.get(data::STATEMENTS.index()).map_or("statements", |p| p.name);
    for (k, statement) in a.get(data::STATEMENTS).list().iter().enumerate() {
        let Some(to) =
            Prop::field(statement, data::STATEMENT_TYPE).text().and_then(|t| Ty::parse(t))
        else {
            continue;
        };
        let Prop::Expr(e) = Prop::field(statement, data::STATEMENT_VALUE) else { continue };
        let slot = Slot(to);
        let Ok(from) = infer(e, &FlowEnv::new(env, flow)) else {
            continue;
        };
        if !from.is_known() || slot.fits(from) || slot.named_by(e) {
            continue;
        }
        let d = Diagnostic::error(
            TypeError::CODE,
            format!(
                "the statement's value must be {}: Architect cannot convert expression from type {from} to required type of {} and refuses the flow",
                slot.describe(),
                slot.ty()
            ),
        )
        .help(slot.help())
        .file(&flow.file)
        .flow(&*flow.name)
        .node(flow.node_label(node))
        .property(format!("{name}[{k}].value"));
        diags.push(places.expr(flow, d, node, e, e.span));
    }
}

/// The variables an action writes with a type of its own, against the types the flow declares
/// for them: an Update Data statement writes its variable as its statement's type (the SDK's
/// `addUpdateDataStatement(archDataType, variableToAssign, ...)`: one type for both), Get
/// Participant Data writes text ("specify its name and a string variable that you want to
/// assign to the attribute", Get Participant Data action), and a Loop's Current Index is an
/// Integer. A declared variable of another type is refused, as Architect refuses it.
fn written_types(
    flow: &Flow,
    node: &crate::flow::Node,
    a: &crate::flow::action::Action,
    declared: &Declarations,
    places: &Places<'_>,
    diags: &mut Vec<Diagnostic>,
) {
    let mut writes: Vec<(&crate::flow::action::VarRef, Ty, String)> = Vec::new();
    let spec = a.spec();
    match spec.facts.typed_writes {
        TypedWrites::Statements => {
            let name = spec.props.get(data::STATEMENTS.index()).map_or("statements", |p| p.name);
            for (k, statement) in a.get(data::STATEMENTS).list().iter().enumerate() {
                let ty =
                    Prop::field(statement, data::STATEMENT_TYPE).text().and_then(|t| Ty::parse(t));
                let var = Prop::field(statement, data::STATEMENT_VARIABLE).var();
                if let (Some(ty), Some(var)) = (ty, var) {
                    writes.push((var, ty, format!("{name}[{k}].variable")));
                }
            }
        }
        TypedWrites::TextAttributes => {
            for (k, attr) in a.get(data::GET_ATTRIBUTES_LIST).list().iter().enumerate() {
                if let Prop::Var(var) = Prop::field(attr, data::GET_VARIABLE) {
                    writes.push((var, Ty::STRING, format!("attributes[{k}].variable")));
                }
            }
        }
        TypedWrites::IntegerIndex(name) => {
            if let Some(var) = spec.prop_index(name).and_then(|i| a.prop(i).var()) {
                writes.push((var, Ty::INTEGER, name.into()));
            }
        }
        TypedWrites::None => {}
    }
    for (var, ty, property) in writes {
        let Some(declared_ty) = declared.get(&var.name) else { continue };
        if !declared_ty.is_known() || declared_ty == ty {
            continue;
        }
        let d = Diagnostic::error(
            TypeError::CODE,
            format!(
                "`{}` writes {ty} to `{}`, which the flow declares {declared_ty}: Architect refuses the flow",
                node.name, var.name
            ),
        )
        .help(format!("write a variable of type {ty} here, or declare `{}` as {ty}", var.name))
        .file(&flow.file)
        .flow(&*flow.name)
        .node(flow.node_label(node))
        .property(property);
        diags.push(places.node(flow, d, node));
    }
}

/// The part of `e` written at `span`, to print under a caret.
pub(super) fn part_at(e: &Expr, span: Span) -> Option<&Expr> {
    let mut stack = vec![e];
    while let Some(x) = stack.pop() {
        if x.span == span {
            return Some(x);
        }
        match &x.kind {
            ExprKind::Binary(_, a, b) | ExprKind::Index(a, b, _) => stack.extend([&**a, &**b]),
            ExprKind::Unary(_, a) | ExprKind::Member(a, _) => stack.push(a),
            ExprKind::Call(c) => stack.extend(c.args.iter()),
            ExprKind::Lit(_) | ExprKind::Ref(_) => {}
        }
    }
    None
}

/// Checks every Architect flow of `flows`.
pub(crate) fn check(flows: &[Flow], places: &Places<'_>, diags: &mut Vec<Diagnostic>) {
    for flow in flows.iter().filter(|f| f.format != Format::Json) {
        // This flow's findings start here: a finding is merged with an earlier one of its own
        // flow only, so a flow's findings are the same checked alone or with others.
        let start = diags.len();
        let env = crate::flow::bind::declared_types(flow);
        let declared = crate::flow::bind::declarations_only(flow);
        let collected = collected(flow);
        for node in &flow.draft.nodes {
            let Some(a) = node.action.as_architect() else { continue };
            for_each_action_expr(a, &mut |property, i, e| {
                let mut found = Vec::new();
                find(e, &env, &mut found);
                let at = |d: Diagnostic, span: Span| {
                    let d = d
                        .file(&flow.file)
                        .flow(&*flow.name)
                        .node(flow.node_label(node))
                        .property(property.clone());
                    places.expr(flow, d, node, e, span)
                };
                for (span, message, help) in found {
                    diags.push(at(
                        Diagnostic::error(crate::diag::Code::AlwaysFalse, message).help(help),
                        span,
                    ));
                }
                // Every other mistake Architect's checker refuses (`Hour(Flow.d) + "x"`,
                // `Foo`, `MakeCurrency(5, "EUR").cents`). Comparisons of types that are never
                // equal are the `alwaysFalse` errors above.
                let typing = FlowEnv::new(&env, flow);
                let inferred = infer(e, &typing);
                for (span, d) in typing.unverified() {
                    diags.push(at(d, span));
                }
                if let (Ok(ty), Some(slot)) = (&inferred, Slot::of(a, i)) {
                    if ty.is_known() && !slot.fits(*ty) && !slot.named_by(e) {
                        let d = Diagnostic::error(
                            TypeError::CODE,
                            format!(
                                "`{property}` must be {}: Architect cannot convert expression from type {ty} to required type of {} and refuses the flow",
                                slot.describe(),
                                slot.ty()
                            ),
                        )
                        .help(slot.help());
                        diags.push(at(d, e.span));
                    }
                }
                if let (Ok(ty), Some(slot)) = (&inferred, Slot::of(a, i)) {
                    if let Some(d) = string_condition(a, slot, *ty, &property, e) {
                        diags.push(at(d, e.span));
                    }
                }
                if let Some(d) = literal_unreadable(a, i, &property, e) {
                    let d = at(d, e.span);
                    // `digits: {exact: "four"}` gives both digitsMin and digitsMax from the
                    // one value: one mistake, named by the key the author wrote.
                    let len = diags.len();
                    let twice = diags.iter().rposition(|x| {
                        x.code == crate::diag::Code::BadPropertyType
                            && x.node == d.node
                            && x.property.as_deref() == Some("digitsMin")
                            && (x.line, x.column) == (d.line, d.column)
                    });
                    match twice {
                        Some(j) if property == "digitsMax" && j + 4 >= len && j >= start => {
                            let exact = literal_unreadable(a, i, "digits.exact", e)
                                .map_or(d, |x| at(x, e.span).property("digits.exact"));
                            diags[j] = exact;
                        }
                        _ => diags.push(d),
                    }
                }
                if let Err(err) = inferred {
                    let d = Diagnostic::error(err.kind.code(), err.message).maybe_help(err.help);
                    diags.push(at(d, err.span));
                }
                let mut never = Vec::new();
                impossible(e, &collected, &mut never);
                for (span, message) in never {
                    let help = "compare with what the input can return, or change the Collect Input's digitsMin/digitsMax";
                    let d = Diagnostic::warning(crate::diag::Code::ImpossibleDigits, message)
                        .help(help);
                    diags.push(at(d, span));
                }
            });
            statement_types(flow, node, a, &env, places, diags);
            written_types(flow, node, a, &declared, places, diags);
        }
    }
}
