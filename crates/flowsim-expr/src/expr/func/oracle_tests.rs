//! flowsim's function table and operator typing held to Architect's own catalogue (the
//! Scripting SDK's, `tools/oracle/data/functions.json`): every SDK function exists, every SDK
//! overload is accepted with the same arity and gives the same result type, and every operator
//! overload is typed as Architect types it. A disagreement fails with a readable list.

use super::oracle::{catalogue, ty_of_code, Entry, Overload};
use crate::expr::check::{infer, Declarations};
use crate::expr::parse;
use crate::expr::types::Ty;

/// The type variable's instances tried where an overload says `any` (Architect's resolvers bind
/// every `any` of an overload to one type: `SameType`, `If`, `Find`, ...).
const INSTANCES: [Ty; 2] = [Ty::INTEGER, Ty::STRING];

/// One way to call an overload: argument types and the result type Architect gives.
struct Call {
    args: Vec<Ty>,
    result: Ty,
}

/// The calls an overload allows: its parameters as listed, and once more with a repeatable
/// parameter repeated; `any` bound to each of [`INSTANCES`]. `Err` names a type flowsim lacks.
fn calls(o: &Overload) -> Result<Vec<Call>, String> {
    let generic = o.params.iter().any(|p| p.ty == "any") || o.returns.ty == "any";
    let instances: &[Ty] = if generic { &INSTANCES } else { &INSTANCES[..1] };
    let mut out = Vec::new();
    for t in instances {
        let ty = |code: &str, coll: bool| -> Result<Ty, String> {
            if code == "any" {
                return Ok(Ty { base: t.base, collection: coll });
            }
            ty_of_code(code, coll).ok_or_else(|| format!("flowsim has no type `{code}`"))
        };
        let mut args = Vec::new();
        for p in &o.params {
            args.push(ty(&p.ty, p.is_array)?);
        }
        let result = ty(&o.returns.ty, o.returns.is_array)?;
        if let Some(at) = o.params.iter().position(|p| p.repeatable) {
            let mut more = args.clone();
            more.insert(at, args[at]);
            out.push(Call { args: more, result });
        }
        out.push(Call { args, result });
    }
    Ok(out)
}

fn codes(args: &[Ty]) -> String {
    args.iter().map(|t| t.code()).collect::<Vec<_>>().join(", ")
}

/// Every disagreement between flowsim's function table and the SDK's functions, and the number
/// of SDK overloads that agree.
fn function_disagreements(cat: &[Entry]) -> (Vec<String>, usize, usize) {
    let (mut out, mut agree, mut present) = (Vec::new(), 0, 0);
    for e in cat.iter().filter(|e| e.kind == "function") {
        let name = e.name.as_deref().unwrap_or(&e.key);
        let Some(id) = super::lookup(name) else {
            out.push(format!("{name}: missing"));
            continue;
        };
        present += 1;
        let def = super::get(id);
        for o in &e.overloads {
            let mut ok = true;
            match calls(o) {
                Err(why) => {
                    out.push(format!("{name}: `{}`: {why}", o.identifier));
                    ok = false;
                }
                Ok(calls) => {
                    for c in calls {
                        let n = c.args.len();
                        let wrong = if n < usize::from(def.min_args)
                            || (def.max_args != u8::MAX && n > usize::from(def.max_args))
                        {
                            Some(format!("takes {} arguments", def.arity_text()))
                        } else {
                            match def.signature().resolve(&c.args) {
                                Ok(t) if t == c.result => None,
                                Ok(t) => Some(format!(
                                    "gives {} (Architect: {})",
                                    t.code(),
                                    c.result.code()
                                )),
                                Err(m) => Some(format!(
                                    "refuses argument {} ({} wanted)",
                                    m.arg + 1,
                                    m.expected
                                )),
                            }
                        };
                        if let Some(wrong) = wrong {
                            out.push(format!("{name}({}) {wrong}", codes(&c.args)));
                            ok = false;
                        }
                    }
                }
            }
            agree += usize::from(ok);
        }
    }
    (out, agree, present)
}

/// The text of an operator applied to `Flow.a`, `Flow.b`, `Flow.c`.
fn operator_text(key: &str, symbol: &str) -> Option<String> {
    Some(match key {
        "neg" => "-Flow.a".into(),
        "not" => "!Flow.a".into(),
        "bitNot" => "~Flow.a".into(),
        "ter" => "Flow.a ? Flow.b : Flow.c".into(),
        // `list[index]`: the SDK lists the index first.
        "bkt" => "Flow.b[Flow.a]".into(),
        "propAccess" => return None,
        _ => format!("Flow.a {symbol} Flow.b"),
    })
}

/// Every disagreement between flowsim's checker and the SDK's operators, and the number of
/// SDK operator overloads that agree.
fn operator_disagreements(cat: &[Entry]) -> (Vec<String>, usize) {
    let (mut out, mut agree) = (Vec::new(), 0);
    for e in cat.iter().filter(|e| e.kind == "operator") {
        let symbol = e.symbol.as_deref().unwrap_or("?");
        for o in &e.overloads {
            let before = out.len();
            let by_example = matches!(o.resolver.as_deref(), Some("Accessor" | "PropertyBrackets"))
                || e.key == "propAccess";
            if by_example {
                // Member access: typed through the documented examples.
                for x in &o.examples {
                    match parse(&x.input) {
                        Err(err) => out.push(format!("`{}` does not parse: {err}", x.input)),
                        Ok(tree) => {
                            if let Err(err) = infer(&tree, &Declarations::default()) {
                                out.push(format!("`{}` is refused: {err}", x.input));
                            }
                        }
                    }
                }
            } else {
                match (calls(o), operator_text(&e.key, symbol)) {
                    (Err(why), _) => out.push(format!("`{}`: {why}", o.identifier)),
                    (_, None) => {}
                    (Ok(calls), Some(text)) => {
                        for c in calls {
                            out.extend(check_operator(&text, &c));
                        }
                    }
                }
            }
            agree += usize::from(out.len() == before);
        }
    }
    (out, agree)
}

fn check_operator(text: &str, c: &Call) -> Option<String> {
    let mut decl = Declarations::default();
    let mut shown = text.to_owned();
    for (name, ty) in ["Flow.a", "Flow.b", "Flow.c"].iter().zip(&c.args) {
        shown = shown.replace(name, &ty.code());
        decl.declare(name, *ty);
    }
    let tree = match parse(text) {
        Ok(t) => t,
        Err(err) => return Some(format!("`{shown}` does not parse: {err}")),
    };
    match infer(&tree, &decl) {
        Ok(t) if t == c.result => None,
        Ok(t) => Some(format!("`{shown}` gives {} (Architect: {})", t.code(), c.result.code())),
        Err(err) => Some(format!("`{shown}` is refused: {err}")),
    }
}

/// What flowsim still does differently from Architect's catalogue. Empty when they agree; the
/// test fails when this list and the comparison differ either way, so it cannot go stale.
const STILL_DIFFERENT: &[&str] = &[];

#[test]
fn functions_and_operators_agree_with_architects_catalogue() {
    let cat = catalogue();
    let (mut found, fn_agree, present) = function_disagreements(&cat);
    let (ops, op_agree) = operator_disagreements(&cat);
    found.extend(ops);
    let functions = cat.iter().filter(|e| e.kind == "function").count();
    let overloads: usize = cat.iter().map(|e| e.overloads.len()).sum();
    let report = format!(
        "functions present {present}/{functions}; overloads agreeing {}/{overloads} \
         ({fn_agree} of functions, {op_agree} of operators)",
        fn_agree + op_agree
    );
    let new: Vec<&String> =
        found.iter().filter(|d| !STILL_DIFFERENT.contains(&d.as_str())).collect();
    let gone: Vec<&&str> =
        STILL_DIFFERENT.iter().filter(|d| !found.iter().any(|f| f == **d)).collect();
    assert!(
        new.is_empty() && gone.is_empty(),
        "{report}\nflowsim disagrees with Architect:\n  {}\nlisted as different but now agreeing:\n  {}",
        new.iter().map(|s| s.as_str()).collect::<Vec<_>>().join("\n  "),
        gone.iter().map(|s| **s).collect::<Vec<_>>().join("\n  "),
    );
    eprintln!("{report}");
}

/// A parameter or result as people read it: `String`, `Integer Collection`, `any`.
fn type_name(code: &str, collection: bool) -> String {
    match (code, ty_of_code(code, collection)) {
        ("any", _) => {
            if collection {
                "Collection".into()
            } else {
                "any".into()
            }
        }
        ("nts", _) => "NOT_SET".into(),
        (_, Some(t)) => t.to_string(),
        (code, None) => code.to_owned(),
    }
}

/// The function reference docs/expressions.md holds: Architect's functions as the Scripting
/// SDK defines them (each overload; `*` marks a parameter that may be NOT_SET), what flowsim
/// does with each, and the functions flowsim has that the SDK lacks, with where they come from.
pub(super) fn functions_table() -> String {
    use super::Imp;
    use std::fmt::Write as _;
    let cat = catalogue();
    let offline = |def: &super::FuncDef| match def.imp {
        Imp::Unsupported(why) => format!("unsupported: {why}"),
        Imp::Lookup(_) => "runs: answered by the fixtures (NOT_SET when not found)".to_owned(),
        Imp::Random => "runs: from the run's seeded generator (the request's `seed`)".to_owned(),
        Imp::Lazy | Imp::Eager(_) => "runs".to_owned(),
    };
    let mut out = String::from(
        "| function | Architect's overloads (Scripting SDK 0.0.18) | flowsim |\n| --- | --- | --- |\n",
    );
    let mut rows: Vec<(String, String)> = Vec::new();
    for e in cat.iter().filter(|e| e.kind == "function") {
        let name = e.name.as_deref().unwrap_or(&e.key);
        let overloads: Vec<String> = e
            .overloads
            .iter()
            .map(|o| {
                let params: Vec<String> = o
                    .params
                    .iter()
                    .map(|p| {
                        let mut t = type_name(&p.ty, p.is_array);
                        if p.repeatable {
                            t.push_str("...");
                        }
                        if p.allow_not_set {
                            t.push('*');
                        }
                        t
                    })
                    .collect();
                format!(
                    "{name}({}) -> {}",
                    params.join(", "),
                    type_name(&o.returns.ty, o.returns.is_array)
                )
            })
            .collect();
        let def = super::lookup(name).map(super::get);
        let flowsim = def.map_or_else(|| "missing".to_owned(), &offline);
        let name = def.map_or(name, |d| d.name);
        rows.push((
            name.to_owned(),
            format!("| `{name}` | {} | {flowsim} |", overloads.join("<br>")),
        ));
    }
    for def in super::FUNCTIONS {
        let in_sdk = cat.iter().any(|e| {
            e.kind == "function"
                && e.name.as_deref().is_some_and(|n| n.eq_ignore_ascii_case(def.name))
        });
        if in_sdk {
            continue;
        }
        let source = super::architect_tests::DOCUMENTED
            .iter()
            .find(|(n, _)| *n == def.name)
            .map_or("see \"Where each function comes from\"".to_owned(), |(_, s)| {
                // An article's slug, or a word for another kind of source.
                if s.contains('-') && !s.contains(' ') {
                    format!("help.mypurecloud.com/articles/{s}/")
                } else {
                    (*s).to_owned()
                }
            });
        let overloads = def.signature().describe(def.name).join("<br>");
        rows.push((
            def.name.to_owned(),
            format!(
                "| `{}` | not in the SDK: newer Architect ({source}); flowsim: {overloads} | {} |",
                def.name,
                offline(def)
            ),
        ));
    }
    rows.sort_by_key(|r| r.0.to_ascii_lowercase());
    for (_, row) in rows {
        let _ = writeln!(out, "{row}");
    }
    out
}
