//! Property: printing any AST and parsing the text gives the same AST back (spans aside).
//!
//! The trees are generated directly, not from text, so that they include what no author writes
//! but the printer must still get right: negative literals under a minus (`-(-1)`), a negation
//! of a number (`-(1)`, which `-1` would not be), members of references and prompts, keywords in
//! any case, strings with quotes, backslashes and control characters, every function.

use super::ast::{BinOp, Call, Expr, ExprKind, Keys, Name, Path, Span, UnOp};
use super::decimal::Decimal;
use super::func::FUNCTIONS;
use super::media::Media;
use super::parse;
use super::value::Value;
use proptest::prelude::*;
use std::sync::Arc;

fn expr(kind: ExprKind) -> Expr {
    Expr { kind, span: Span::default() }
}

/// The tree with every span zeroed, for comparison.
fn unspanned(e: &Expr) -> Expr {
    let kind = match &e.kind {
        ExprKind::Lit(_) | ExprKind::Ref(_) => e.kind.clone(),
        ExprKind::Unary(op, x) => ExprKind::Unary(*op, Box::new(unspanned(x))),
        ExprKind::Binary(op, a, b) => {
            ExprKind::Binary(*op, Box::new(unspanned(a)), Box::new(unspanned(b)))
        }
        ExprKind::Index(a, i, _) => {
            ExprKind::Index(Box::new(unspanned(a)), Box::new(unspanned(i)), Keys::AnyCase)
        }
        ExprKind::Member(x, n) => ExprKind::Member(Box::new(unspanned(x)), n.clone()),
        ExprKind::Call(c) => ExprKind::Call(Call {
            func: c.func,
            name: c.name.clone(),
            args: c.args.iter().map(unspanned).collect(),
        }),
    };
    expr(kind)
}

/// An identifier that is not a keyword nor a prompt namespace.
fn ident() -> impl Strategy<Value = String> {
    "[a-zA-Z_][a-zA-Z0-9_]{0,6}".prop_filter("not a keyword", |s| {
        let l = s.to_ascii_lowercase();
        !matches!(
            l.as_str(),
            "or" | "and" | "not" | "true" | "false" | "not_set" | "prompt" | "promptsystem"
        )
    })
}

fn literal() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<i64>().prop_map(Value::Int),
        (any::<i64>(), 0u32..=28).prop_map(|(n, p)| Value::Dec(Decimal::new(n, p))),
        (any::<i128>(), 0u32..=28).prop_filter_map("within 96 bits", |(n, p)| {
            Decimal::try_from_i128_with_scale(n >> 32, p).ok().map(Value::Dec)
        }),
        (-1000i64..1000, 0u32..4).prop_map(|(n, p)| Value::Dec(Decimal::new(n, p))),
        any::<String>().prop_map(|s| Value::Str(Arc::from(s))),
        "[\"'\\\\\\n\\t\\r a-z]{0,6}".prop_map(|s| Value::Str(Arc::from(s))),
        any::<bool>().prop_map(Value::Bool),
        Just(Value::NotSet),
        (prop::sample::select(vec!["PromptSystem", "promptsystem", "Prompt"]), ident()).prop_map(
            |(head, name)| Value::Media(Arc::new(Media::prompt_constant(&format!(
                "{head}.{name}"
            ))))
        ),
    ]
}

fn leaf() -> impl Strategy<Value = Expr> {
    prop_oneof![
        literal().prop_map(|v| expr(ExprKind::Lit(v))),
        (prop::collection::vec(ident(), 1..4), any::<bool>())
            .prop_map(|(segs, braced)| expr(ExprKind::Ref(Path::new(&segs.join("."), braced)))),
    ]
}

const OPS: [BinOp; 16] = [
    BinOp::Or,
    BinOp::And,
    BinOp::Eq,
    BinOp::Ne,
    BinOp::Lt,
    BinOp::Le,
    BinOp::Gt,
    BinOp::Ge,
    BinOp::Add,
    BinOp::Sub,
    BinOp::Mul,
    BinOp::Div,
    BinOp::Rem,
    BinOp::Pow,
    BinOp::BitAnd,
    BinOp::BitOr,
];

fn tree() -> impl Strategy<Value = Expr> {
    leaf().prop_recursive(6, 64, 4, |inner| {
        prop_oneof![
            (prop::sample::select(vec![UnOp::Not, UnOp::Neg, UnOp::BitNot]), inner.clone())
                .prop_map(|(op, e)| expr(ExprKind::Unary(op, Box::new(e)))),
            (prop::sample::select(OPS.to_vec()), inner.clone(), inner.clone())
                .prop_map(|(op, a, b)| expr(ExprKind::Binary(op, Box::new(a), Box::new(b)))),
            (inner.clone(), inner.clone()).prop_map(|(a, i)| expr(ExprKind::Index(
                Box::new(a),
                Box::new(i),
                Keys::AnyCase
            ))),
            (inner.clone(), ident()).prop_map(|(e, n)| {
                let name = Name::new(&n);
                expr(ExprKind::Member(Box::new(e), name))
            }),
            (0..FUNCTIONS.len(), prop::collection::vec(inner, 0..5), any::<bool>()).prop_map(
                |(f, mut args, upper)| {
                    let def = &FUNCTIONS[f];
                    args.truncate(def.max_args as usize);
                    while args.len() < def.min_args as usize {
                        args.push(expr(ExprKind::Lit(Value::Int(1))));
                    }
                    let name =
                        if upper { def.name.to_ascii_uppercase() } else { def.name.to_owned() };
                    expr(ExprKind::Call(Call { func: f as u16, name: name.into(), args }))
                }
            ),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn printing_then_parsing_gives_the_same_tree(ast in tree()) {
        let text = ast.to_string();
        // Any tree, literals past Architect's limits too: printing is what is tested.
        let again = super::parse::parse_unlimited(&text).map_err(|e| {
            TestCaseError::fail(format!("{text:?} does not parse: {e}"))
        })?;
        prop_assert_eq!(unspanned(&again), unspanned(&ast), "printed as {:?}", text);
        prop_assert_eq!(again.to_string(), text, "printing is not stable");
    }
}

#[test]
fn the_printer_keeps_what_a_minus_means() {
    let one = || Box::new(expr(ExprKind::Lit(Value::Int(1))));
    let neg_of_one = expr(ExprKind::Unary(UnOp::Neg, one()));
    assert_eq!(neg_of_one.to_string(), "-(1)");
    assert_eq!(parse("-(1)").unwrap().to_sexpr(), "(neg 1)");
    assert_eq!(parse("-1").unwrap().to_sexpr(), "-1");
    assert_eq!(parse("- 1").unwrap().to_sexpr(), "-1");
    assert_eq!(parse("-x").unwrap().to_sexpr(), "(neg x)");
    assert_eq!(parse("2-1").unwrap().to_sexpr(), "(- 2 1)");
    assert_eq!(parse("2 - -1").unwrap().to_sexpr(), "(- 2 -1)");
    assert_eq!(parse("--1").unwrap().to_sexpr(), "(neg -1)");
    assert_eq!(parse("0.0").unwrap().to_sexpr(), "0.0");
}

#[test]
fn control_characters_in_quoted_names_and_strings_print_as_they_are() {
    // The fuzzer's find: a quoted member name was printed with JSON's escapes (`\u0001`, `\b`),
    // which the parser does not read.
    for text in ["Flow.x.\"a\u{8}\u{c}\u{1}b\"", "Append(\"\u{0}\u{8}\", \"\\\"\\\\\")"] {
        let e = parse(text).unwrap();
        let printed = e.to_string();
        let again = parse(&printed).unwrap_or_else(|err| panic!("{printed:?}: {err}"));
        assert_eq!(again.to_sexpr(), e.to_sexpr(), "{text:?} printed as {printed:?}");
    }
}
