//! Hostile input never panics, and runs are deterministic.
//!
//! - Property tests: random expression texts (grammar-aware, and fully random) never make the
//!   parser or the evaluator panic, and a parsed expression prints as text that parses back to
//!   the same tree; random small flow sets with random requests load and run without a panic,
//!   and the same request twice gives byte-identical results.
//! - Hostile inputs, one named test each, through the library and (for those the CLI decides)
//!   through the real binary: broken files, huge strings, deep nesting, runaway loops, limits.

use flowsim::engine::{self, RequestError, RunRequest, RunResult, Status};
use flowsim::expr::func::FUNCTIONS;
use flowsim::expr::{self, Env, Path as RefPath, Span, Template, Value};
use flowsim::fixtures::FixtureStore;
use flowsim::flow::{LoadReport, Registry};
use proptest::prelude::*;
use serde_json::{json, Value as J};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Arc, OnceLock};

// ---- shared helpers ------------------------------------------------------------------------

/// A small expression environment: a few variables of every type, a fixed clock.
struct TestEnv {
    vars: Vec<(&'static str, Value)>,
}

impl Env for TestEnv {
    fn lookup(&mut self, path: &RefPath, _: Span) -> Value {
        for n in (1..=path.len()).rev() {
            if let Some((_, v)) =
                self.vars.iter().find(|(k, _)| k.eq_ignore_ascii_case(path.prefix(n)))
            {
                let mut v = v.clone();
                for m in path.rest(n) {
                    v = v.member(m);
                }
                return v;
            }
        }
        Value::NotSet
    }

    fn now_ms(&self) -> i64 {
        START_MS
    }
}

/// 2026-01-01T09:00:00Z.
const START_MS: i64 = 1_767_258_000_000;

fn test_env() -> TestEnv {
    TestEnv {
        vars: vec![
            ("Flow.x", Value::Int(7)),
            ("Flow.n", Value::Dec(flowsim::expr::decimal::dec("2.5"))),
            ("Flow.s", Value::str("héllo 🎉 wörld")),
            ("Flow.b", Value::Bool(true)),
            ("Flow.big", Value::Int(i64::MAX)),
            ("Flow.min", Value::Int(i64::MIN)),
            ("Flow.dt", Value::DateTime(START_MS)),
            ("Flow.dur", Value::Duration(90_000)),
            (
                "Flow.phone",
                Value::Phone(Arc::new(
                    flowsim::phone::PhoneNumber::parse("+15551234567").expect("a phone number"),
                )),
            ),
            ("Flow.list", Value::from_json(&json!([1, "a", null, 2.5]))),
            ("Flow.obj", Value::from_json(&json!({"name": "Ann", "n": 3, "tags": ["x"]}))),
            ("Call.Ani", Value::str("+15551234567")),
            ("a.b", Value::str("x")),
        ],
    }
}

/// What an evaluation gave, comparable across two parses of the same tree.
fn outcome(r: &expr::eval::EvalResult) -> String {
    match r {
        Ok(v) => format!("ok {v:?}"),
        Err(e) => format!("err {} {}", e.kind, e.message),
    }
}

/// Parses `text`; when it parses, evaluates it, and checks that its printed form parses back
/// to the same tree and evaluates the same way.
fn check_expr(text: &str) -> Result<(), TestCaseError> {
    match Template::parse(text) {
        Ok(t) => drop(t.render(&mut test_env())),
        Err(err) => check_span(text, err.span)?,
    }
    let e = match expr::parse(text) {
        Ok(e) => e,
        Err(err) => return check_span(text, err.span),
    };
    let first = expr::eval(&e, &mut test_env());
    let printed = e.to_string();
    let again = match expr::parse(&printed) {
        Ok(again) => again,
        Err(err) => {
            return Err(TestCaseError::fail(format!(
                "`{text}` printed as `{printed}`, which does not parse: {err:?}"
            )))
        }
    };
    prop_assert_eq!(again.to_sexpr(), e.to_sexpr(), "`{}` printed as `{}`", text, printed);
    prop_assert_eq!(again.to_string(), printed.clone(), "printing is not stable");
    let second = expr::eval(&again, &mut test_env());
    prop_assert_eq!(outcome(&first), outcome(&second), "`{}` printed as `{}`", text, printed);
    Ok(())
}

/// A span that a caret can be put under: within the text, on character boundaries.
fn check_span(text: &str, span: Span) -> Result<(), TestCaseError> {
    let (start, end) = (span.start as usize, span.end as usize);
    prop_assert!(start <= end && end <= text.len(), "span {start}..{end} outside `{text}`");
    prop_assert!(
        text.is_char_boundary(start) && text.is_char_boundary(end),
        "span {start}..{end} splits a character of `{text}`"
    );
    Ok(())
}

/// One flow file's JSON text.
fn flow_text(name: &str, start: &str, nodes: J) -> String {
    serde_json::to_string_pretty(&json!({
        "name": name,
        "type": "inbound",
        "draft": {"startNode": start, "nodes": nodes},
    }))
    .expect("JSON")
}

fn load(files: &[(&str, String)]) -> LoadReport {
    let paths: Vec<PathBuf> = files.iter().map(|(f, _)| PathBuf::from(f)).collect();
    Registry::from_sources(
        paths.iter().map(PathBuf::as_path).zip(files.iter().map(|(_, t)| t.as_str())),
    )
}

#[track_caller]
fn registry(files: &[(&str, String)]) -> Registry {
    let report = load(files);
    let errors: Vec<_> = report.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert!(errors.is_empty(), "the flows must load: {errors:#?}");
    report.registry.expect("no errors")
}

/// Codes of the error diagnostics of a load.
fn error_codes(report: &LoadReport) -> Vec<&'static str> {
    report.diagnostics.iter().filter(|d| d.is_error()).map(|d| d.code.as_str()).collect()
}

/// A couple of contacts, queues and data actions (docs/fixtures.md).
fn fixture_value() -> J {
    json!({
        "contacts": [
            {"id": "c-ann", "firstName": "Ann", "lastName": "Lee",
             "email": "ann@example.com", "cellPhone": "+15551234567",
             "attributes": {"tier": "gold"}},
            {"id": "c-bob", "firstName": "Bob", "lastName": "Stone",
             "workPhone": "(555) 765-4321"}
        ],
        "queues": [
            {"id": "q-support", "name": "Support", "availableAgents": 3,
             "onQueueAgents": 5, "waiting": 2, "occupancy": 0.6},
            {"id": "q-sales", "name": "Sales", "availableAgents": 0,
             "onQueueAgents": 4, "waiting": 7, "occupancy": 0.92}
        ],
        "dataActions": {
            "Lookup": [
                {"match": {"phone": "+15551234567"}, "outputs": {"tier": "gold"}},
                {"outputs": {"tier": "none"}, "delayMs": 500, "times": 2}
            ],
            "Slow": [{"outputs": {"ok": true}, "delayMs": 30000}],
            "Broken": [{"error": "boom"}],
            "Flaky": [{"timeout": true}]
        }
    })
}

fn fixtures() -> &'static FixtureStore {
    static FX: OnceLock<FixtureStore> = OnceLock::new();
    FX.get_or_init(|| {
        let mut store = FixtureStore::default();
        store
            .merge_json(Path::new("robustness-fixtures.json"), &fixture_value())
            .expect("the robustness fixtures merge");
        store
    })
}

#[track_caller]
fn run_lib(reg: &Registry, request: J) -> RunResult<'_> {
    let request: RunRequest = serde_json::from_value(request).expect("a valid request");
    engine::Run::new(reg, fixtures(), &request).result().expect("the request runs")
}

/// The result's `error.kind`, or "".
fn error_kind(r: &RunResult<'_>) -> &'static str {
    r.error.as_ref().map_or("", |e| e.kind.as_str())
}

// ---- the real binary -----------------------------------------------------------------------

fn flowsim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_flowsim")).args(args).output().expect("the binary runs")
}

struct Ran {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

#[track_caller]
fn ran(args: &[&str]) -> Ran {
    let out = flowsim(args);
    let ran = Ran {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    for text in [&ran.stdout, &ran.stderr] {
        assert!(!text.contains("panicked"), "flowsim {args:?} panicked:\n{text}");
        assert!(!text.contains("stack overflow"), "flowsim {args:?} overflowed:\n{text}");
    }
    assert!(ran.code.is_some(), "flowsim {args:?} was killed by a signal:\n{}", ran.stderr);
    ran
}

/// A temporary flows directory holding `files`.
fn flows_dir(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::TempDir::new().expect("a temporary directory");
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).expect("write a flow file");
    }
    dir
}

fn path_str(p: &Path) -> &str {
    p.to_str().expect("a UTF-8 temporary path")
}

// ---- property tests: expressions -----------------------------------------------------------

/// A keyword in some spelling.
fn keyword() -> impl Strategy<Value = String> {
    prop::sample::select(vec!["true", "TRUE", "False", "NOT_SET", "not_set", "Not_Set"])
        .prop_map(str::to_owned)
}

fn integer() -> BoxedStrategy<String> {
    prop_oneof![
        4 => (0u32..1000).prop_map(|n| n.to_string()),
        2 => any::<u64>().prop_map(|n| n.to_string()),
        1 => Just(i64::MAX.to_string()),
        1 => "[0-9]{19,24}",
        1 => "0[0-9]{1,3}",
    ]
    .boxed()
}

fn decimal() -> BoxedStrategy<String> {
    prop_oneof![
        4 => "[0-9]{1,4}\\.[0-9]{1,4}",
        1 => "[0-9]{1,30}\\.[0-9]{1,30}",
        1 => "0\\.0{5,12}[1-9]",
        1 => Just("1".repeat(320) + ".5"),
    ]
    .boxed()
}

/// A string literal, single- or double-quoted, with escapes (good and bad) and Unicode.
fn string_lit() -> BoxedStrategy<String> {
    let piece = prop_oneof![
        6 => "[a-zA-Z0-9 ,.(){}\\[\\]+-]{1,4}",
        2 => any::<char>()
            .prop_filter("no quotes or backslashes", |c| !matches!(c, '"' | '\'' | '\\'))
            .prop_map(String::from),
        2 => prop::sample::select(vec!["é", "日本", "🎉", "\u{200b}", "\r", "\u{0}", "\t"])
            .prop_map(str::to_owned),
        3 => prop::sample::select(vec!["\\\"", "\\'", "\\\\", "\\n", "\\t", "\\r", "\\/"])
            .prop_map(str::to_owned),
        1 => prop::sample::select(vec!["\\q", "\\", "\"", "'"]).prop_map(str::to_owned),
    ];
    (prop::collection::vec(piece, 0..6), any::<bool>())
        .prop_map(|(pieces, double)| {
            let q = if double { '"' } else { '\'' };
            format!("{q}{}{q}", pieces.concat())
        })
        .boxed()
}

fn ident() -> BoxedStrategy<String> {
    prop_oneof![
        3 => prop::sample::select(vec!["x", "n", "s", "name", "Tier", "digits", "e164", "count"])
            .prop_map(str::to_owned),
        1 => "[a-zA-Z_][a-zA-Z0-9_]{0,5}",
        1 => prop::sample::select(vec!["or", "and", "not", "true", "not_set", "orders"])
            .prop_map(str::to_owned),
    ]
    .boxed()
}

/// A reference: known variables, a braced path, context, node outputs, random paths.
fn reference() -> BoxedStrategy<String> {
    let known = prop::sample::select(vec![
        "Flow.x",
        "flow.X",
        "Flow.n",
        "Flow.s",
        "Flow.b",
        "Flow.big",
        "Flow.min",
        "Flow.dt",
        "Flow.dur",
        "Flow.phone",
        "Flow.list",
        "Flow.obj",
        "Flow.obj.name",
        "Flow.obj.tags",
        "Flow.missing",
        "Call.Ani",
        "{a.b}",
        "{Flow.x}",
        "{ Flow.s }",
        "GatherInput.digits",
    ])
    .prop_map(str::to_owned);
    let random = (ident(), prop::collection::vec(ident(), 0..3), any::<bool>()).prop_map(
        |(head, rest, braced)| {
            let path = std::iter::once(head).chain(rest).collect::<Vec<_>>().join(".");
            if braced {
                format!("{{{path}}}")
            } else {
                path
            }
        },
    );
    prop_oneof![3 => known, 1 => random].boxed()
}

fn leaf() -> BoxedStrategy<String> {
    prop_oneof![
        2 => integer(),
        1 => decimal(),
        2 => string_lit(),
        1 => keyword(),
        3 => reference(),
    ]
    .boxed()
}

const OPERATORS: [&str; 20] = [
    "or", "OR", "||", "and", "And", "&&", "==", "!=", "<", "<=", ">", ">=", "+", "-", "*", "/",
    "%", "+", "-", "==",
];

/// A call of a real function, with a random argument count (mostly a valid one) and a random
/// spelling of its name.
fn call(inner: BoxedStrategy<String>) -> BoxedStrategy<String> {
    (0..FUNCTIONS.len(), prop::collection::vec(inner, 0..7), 0u8..4, prop::bool::weighted(0.8))
        .prop_map(|(f, mut args, spelling, valid)| {
            let def = &FUNCTIONS[f];
            if valid {
                args.truncate(def.max_args as usize);
                while args.len() < def.min_args as usize {
                    args.push("1".into());
                }
            }
            let name = match spelling {
                0 => def.name.to_owned(),
                1 => def.name.to_ascii_lowercase(),
                2 => def.name.to_ascii_uppercase(),
                _ => def.name.chars().rev().collect(), // an unknown function
            };
            format!("{name}({})", args.join(", "))
        })
        .boxed()
}

/// Grammar-aware expression text: every operator and spelling, unary operators, indexing,
/// members, calls of real functions, nesting.
fn expr_text() -> BoxedStrategy<String> {
    leaf()
        .prop_recursive(5, 48, 6, |inner| {
            let spaced = prop::sample::select(vec![" ", " ", "", "\n\t"]);
            prop_oneof![
                4 => (inner.clone(), prop::sample::select(OPERATORS.to_vec()), inner.clone(),
                      spaced)
                    .prop_map(|(a, op, b, ws)| {
                        // Word operators need a separator from the operands.
                        let ws = if ws.is_empty() && op.chars().all(char::is_alphabetic) {
                            " "
                        } else {
                            ws
                        };
                        format!("{a}{ws}{op}{ws}{b}")
                    }),
                2 => (prop::sample::select(vec!["not ", "NOT ", "!", "-", "- ", "--", "not not "]),
                      inner.clone())
                    .prop_map(|(op, a)| format!("{op}{a}")),
                1 => (inner.clone(), inner.clone()).prop_map(|(a, i)| format!("{a}[{i}]")),
                1 => (inner.clone(), ident(), any::<bool>())
                    .prop_map(|(a, m, paren)| {
                        if paren { format!("({a}).{m}") } else { format!("{a}.{m}") }
                    }),
                2 => inner.clone().prop_map(|a| format!("({a})")),
                3 => call(inner),
            ]
        })
        .boxed()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn grammar_aware_expressions_never_panic_and_print_stably(text in expr_text()) {
        check_expr(&text)?;
        check_expr(&format!("{{{text}}}"))?;
    }

    #[test]
    fn random_text_never_panics(
        text in prop_oneof![
            any::<String>(),
            "[ -~]{0,40}",
            "[()\\[\\]{}'\"\\\\.,+*/%<>=!&|a-zA-Z0-9_ -]{0,60}",
        ]
    ) {
        check_expr(&text)?;
    }

    #[test]
    fn expressions_with_random_bytes_spliced_in_never_panic(
        text in expr_text(),
        at in any::<prop::sample::Index>(),
        noise in "[ -~]{1,3}|[^\\x00-\\x7f]{1,2}",
    ) {
        let mut at = at.index(text.len() + 1);
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        check_expr(&format!("{}{noise}{}", &text[..at], &text[at..]))?;
    }
}

// ---- property tests: flows -----------------------------------------------------------------

const NODE_TYPES: [&str; 11] = [
    "Say",
    "Gather",
    "Set",
    "If",
    "Flow",
    "Route",
    "End",
    "Disconnect",
    "GetExternalContactAction",
    "QueueMetrics",
    "DataAction",
];

/// Random choices for one node; [`node_json`] turns them into the node's JSON.
#[derive(Debug, Clone)]
struct NodeSeed {
    ty: usize,
    picks: Vec<u8>,
    expr: String,
    next: Option<u8>,
    on_error: Option<u8>,
    on_timeout: Option<u8>,
    /// A wild node may be invalid anywhere (a dangling edge, a bad property value, an
    /// expression that does not parse); a tame one always loads.
    wild: bool,
}

fn node_seed() -> impl Strategy<Value = NodeSeed> {
    (
        0..NODE_TYPES.len(),
        prop::collection::vec(any::<u8>(), 12),
        expr_text(),
        prop::option::weighted(0.8, any::<u8>()),
        prop::option::weighted(0.4, any::<u8>()),
        prop::option::weighted(0.2, any::<u8>()),
        prop::bool::weighted(0.03),
    )
        .prop_map(|(ty, picks, expr, next, on_error, on_timeout, wild)| NodeSeed {
            ty,
            picks,
            expr,
            next,
            on_error,
            on_timeout,
            wild,
        })
}

/// Picks from `options` with the `i`th random byte.
fn pick<'a>(picks: &[u8], i: usize, options: &[&'a str]) -> &'a str {
    options[picks[i] as usize % options.len()]
}

/// A node id of a flow with `n` nodes; from a wild node now and then a dangling or
/// wrongly-cased one.
fn target(seed: &NodeSeed, t: u8, n: usize) -> String {
    match t {
        244..=249 if seed.wild => "n0".into(),
        250.. if seed.wild => "Ghost".into(),
        _ => format!("N{}", t as usize % n),
    }
}

/// An expression: one of the corpus's shapes, or the random one.
fn expression(seed: &NodeSeed, i: usize) -> String {
    let shapes = [
        "Flow.n > 3",
        "Flow.counter < 5",
        "IsSet(Flow.s)",
        "Flow.n",
        "N0.digits == '1'",
        "N1.outcome == \"completed\"",
        "Contains(Append(Flow.s, \"x\"), 'x') and not Flow.flag",
        "Flow.counter + 1",
        "Append(Flow.s, Flow.s)",
        "ToInt(Flow.n) * 2",
        "MakeList(1, 2, NOT_SET)",
        "N0.found or N0.matchCount > 0",
        "N0.outputs.tier == 'gold'",
        "Now() > Flow.start",
        "Flow.counter",
    ];
    if seed.picks[i].is_multiple_of(4) && (seed.wild || expr::parse(&seed.expr).is_ok()) {
        seed.expr.clone()
    } else {
        shapes[seed.picks[i] as usize % shapes.len()].to_owned()
    }
}

fn template(seed: &NodeSeed, i: usize) -> String {
    let shapes = [
        "Hello {Flow.s}",
        "plain text",
        "{Flow.n} and {{braces}} and } alone",
        "{N0.digits}",
        "{Append(Flow.s, '!')}",
        "{Flow.missing}",
        "{Flow.counter}",
        "{1 / 0}",
        "",
    ];
    if seed.wild && seed.picks[i].is_multiple_of(2) {
        "Unclosed {Flow.s".to_owned()
    } else if seed.picks[i].is_multiple_of(5) && (seed.wild || expr::parse(&seed.expr).is_ok()) {
        format!("<{{{}}}>", seed.expr)
    } else {
        shapes[seed.picks[i] as usize % shapes.len()].to_owned()
    }
}

/// The node's JSON: random-but-mostly-valid properties of its type, random edges.
fn node_json(seed: &NodeSeed, n: usize, flows: usize) -> J {
    let p = &seed.picks;
    let ty = NODE_TYPES[seed.ty];
    let properties = match ty {
        "Say" => json!({"sayText": template(seed, 0)}),
        "Gather" => json!({
            "promptText": template(seed, 0),
            "maxDigits": ([1, 1, 2, 4, 40, 0, 41][p[1] as usize % if seed.wild { 7 } else { 5 }]),
            "timeoutSeconds": p[2] % 8,
            "terminator": pick(p, 3, if seed.wild { &["#", "x"] } else { &["#", "*", "", "#"] }),
        }),
        "Set" => {
            let keys = ["Flow.counter", "Flow.s", "Flow.n", "Flow.flag", "flow.COUNTER"];
            let types = ["expression", "expression", "string", "integer", "decimal", "boolean"];
            let values = ["Flow.counter + 1", "{Flow.counter}", "7", "true", "x1", "2.5"];
            let count = 1 + p[4] as usize % 3;
            let vars: Vec<J> = (0..count)
                .map(|i| {
                    let ty = pick(p, 5 + i, &types);
                    let value = if ty == "expression" {
                        expression(seed, 8 + i)
                    } else {
                        pick(p, 8 + i, &values).to_owned()
                    };
                    json!({"key": pick(p, 1 + i, &keys), "value": {"type": ty, "value": value}})
                })
                .collect();
            json!({"setVars": vars})
        }
        "If" => {
            let count = p[4] as usize % 3;
            let conditions: Vec<J> = (0..count)
                .map(|i| {
                    let next = target(seed, p[5 + i], n);
                    json!({"expression": expression(seed, 1 + i), "nextNode": next})
                })
                .collect();
            if p[8].is_multiple_of(3) && (count > 0 || seed.wild) {
                json!({"conditions": conditions})
            } else {
                json!({"conditions": conditions, "defaultNextNode": target(seed, p[9], n)})
            }
        }
        "Flow" => {
            let callee = match p[1] % 8 {
                6 => "Nope".to_owned(),
                7 => "{Flow.callee}".to_owned(),
                k => format!("F{}", k as usize % flows),
            };
            let mut props = json!({"flowName": callee});
            if p[2].is_multiple_of(3) {
                props["timeoutSeconds"] = json!(p[3] % 5);
            }
            props
        }
        "Route" | "QueueMetrics" => match p[1] % 4 {
            0 => json!({"queueId": "q-support"}),
            1 => json!({"queueName": pick(p, 2, &["Support", "sales", "Nope", "{Flow.queue}"])}),
            2 => json!({"queueName": "Sales", "priority": 5}),
            _ => json!({"queueId": "", "queueName": "{Flow.queue}"}),
        },
        "End" => {
            json!({"endType": pick(p, 1, &["normal", "normal", "error", "disconnect", "Normal"])})
        }
        "Disconnect" => json!({}),
        "GetExternalContactAction" => match p[1] % 4 {
            0 => json!({}),
            1 => {
                json!({"lookupBy": "email", "lookupValue": pick(p, 2, &["ANN@example.com", "x@y"]),
                        "onNotFound": pick(p, 3, &["error", "continue"])})
            }
            2 => json!({"lookupBy": "id", "lookupValue": pick(p, 2, &["c-bob", "c-nobody"])}),
            _ => {
                json!({"lookupBy": "phone",
                       "lookupValue": pick(p, 2, &["{Call.Ani}", "5557654321", "{Flow.s}"]),
                        "onNotFound": "continue"})
            }
        },
        _ => json!({
            "action": pick(p, 1, &["Lookup", "Slow", "Broken", "Flaky", "Unmocked", "lookup"]),
            "inputs": {"phone": pick(p, 2, &["{Call.Ani}", "+15550000000", "{Flow.s}"]), "n": 1},
            "timeoutMs": ([10_000, 100, 0, 60_000][p[3] as usize % 4]),
        }),
    };
    let mut node = json!({"type": ty, "properties": properties});
    if let Some(t) = seed.next {
        node["onComplete"] = json!({"nextNode": target(seed, t, n)});
    }
    if let Some(t) = seed.on_error {
        if t % 2 == 0 {
            node["onError"] = json!({"nextNode": target(seed, t, n)});
        } else {
            node["onComplete"]["onError"] = json!(target(seed, t, n));
        }
    }
    if let Some(t) = seed.on_timeout {
        node["onTimeout"] = json!({"nextNode": target(seed, t, n)});
    }
    node
}

#[derive(Debug, Clone)]
struct FlowSeed {
    nodes: Vec<NodeSeed>,
    start: u8,
    published: bool,
}

fn flow_seed() -> impl Strategy<Value = FlowSeed> {
    (prop::collection::vec(node_seed(), 1..=8), any::<u8>(), prop::bool::weighted(0.3))
        .prop_map(|(nodes, start, published)| FlowSeed { nodes, start, published })
}

fn flow_files(flows: &[FlowSeed]) -> Vec<(String, String)> {
    flows
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let n = f.nodes.len();
            let nodes: serde_json::Map<String, J> = f
                .nodes
                .iter()
                .enumerate()
                .map(|(k, seed)| (format!("N{k}"), node_json(seed, n, flows.len())))
                .collect();
            let graph = json!({"startNode": format!("N{}", f.start as usize % n), "nodes": nodes});
            let mut flow = json!({"name": format!("F{i}"), "type": "inbound", "draft": graph});
            if f.published {
                flow["published"] = flow["draft"].clone();
            }
            (format!("flows/f{i}.json"), serde_json::to_string_pretty(&flow).expect("JSON"))
        })
        .collect()
}

fn input_entry() -> impl Strategy<Value = J> {
    prop_oneof![
        prop::sample::select(vec!["1", "12#", "#", "timeout", "*9", "0000000000000", "TIMEOUT"])
            .prop_map(|s| json!(s)),
        (prop::sample::select(vec!["5", "3#", ""]), 0u32..12)
            .prop_map(|(d, s)| json!({"digits": d, "delaySeconds": s})),
    ]
}

fn request_json() -> impl Strategy<Value = J> {
    (
        0u8..4,
        prop::collection::vec(input_entry(), 0..5),
        (any::<i32>(), 0u8..4, prop::bool::weighted(0.3)),
        1u64..=500,
        prop::option::weighted(0.3, 0u64..20_000),
        (0u8..3, 0u8..6),
    )
        .prop_map(|(flow, inputs, (n, s, flag), max_steps, timeout, (from, extra))| {
            let mut req = json!({
                "flowName": if flow == 3 { "F0".to_owned() } else { format!("F{flow}") },
                "context": {
                    "conversationId": "robust",
                    "attributes": {"tier": "gold"}
                },
                "inputs": inputs,
                "variables": {
                    "Flow.n": n,
                    "Flow.s": (["abc", "", "ann@example.com", "+15551234567"][s as usize]),
                    "Flow.flag": flag,
                    "Flow.counter": 0,
                    "Flow.callee": "F1",
                    "Flow.queue": "Support",
                    "Flow.start": "2026-01-01T08:00:00Z",
                },
                "maxSteps": max_steps,
            });
            if let Some(t) = timeout {
                req["timeout"] = json!(t);
            }
            match from {
                0 => req["context"]["from"] = json!("+15551234567"),
                1 => req["context"]["from"] = json!("(555) 765-4321"),
                _ => {}
            }
            match extra {
                0 => req["nodeId"] = json!("N1"),
                1 => req["version"] = json!("published"),
                2 => req["context"]["startTime"] = json!("2026-03-29T00:59:59Z"),
                _ => {}
            }
            req
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn random_flows_never_panic_and_run_deterministically(
        flows in prop::collection::vec(flow_seed(), 2..=3),
        requests in prop::collection::vec(request_json(), 1..3),
    ) {
        let files = flow_files(&flows);
        let sources = || files.iter().map(|(f, t)| (Path::new(f.as_str()), t.as_str()));
        let report = Registry::from_sources(sources());
        let again = Registry::from_sources(sources());
        prop_assert_eq!(
            format!("{:?}", report.diagnostics),
            format!("{:?}", again.diagnostics),
            "loading is deterministic"
        );
        let Some(reg) = report.registry else { return Ok(()) };
        for json in requests {
            let request: RunRequest = serde_json::from_value(json).expect("a request");
            let first = engine::Run::new(&reg, fixtures(), &request).result();
            let second = engine::Run::new(&reg, fixtures(), &request).result();
            match (first, second) {
                (Ok(a), Ok(b)) => {
                    let text = a.to_json_pretty();
                    prop_assert_eq!(&text, &b.to_json_pretty(), "two runs differ");
                    let mut fast = Vec::new();
                    a.write_json(&mut fast).expect("writing to memory");
                    let serde = serde_json::to_string(&a).expect("results serialize") + "\n";
                    prop_assert_eq!(String::from_utf8(fast).expect("UTF-8"), serde, "write_json");
                    let max = request.max_steps.unwrap_or(10_000);
                    prop_assert!(a.trace.len() as u64 <= max, "{} steps", a.trace.len());
                    if a.status == Status::StepLimit {
                        prop_assert_eq!(a.trace.len() as u64, max);
                    }
                    let ended_well = matches!(a.status, Status::Completed | Status::Disconnected);
                    prop_assert_eq!(a.error.is_some(), !ended_well);
                    let parsed: J = serde_json::from_str(&text).expect("the result is JSON");
                    prop_assert_eq!(parsed["status"].as_str(), Some(a.status.as_str()));
                    prop_assert!(a.trace.iter().all(|s| s.depth <= engine::MAX_CALL_DEPTH));
                }
                (Err(a), Err(b)) => prop_assert_eq!(a, b),
                (a, b) => {
                    prop_assert!(false, "one refused, one ran: {:?} / {:?}", a.err(), b.err());
                }
            }
        }
    }

    #[test]
    fn random_fixture_json_never_panics(fixture in fixture_json()) {
        let mut store = fixtures().clone();
        let before = format!("{store:?}");
        if store.merge_json(Path::new("random.json"), &fixture).is_err() {
            prop_assert_eq!(before, format!("{store:?}"), "a failed merge changes nothing");
        }
        for by in [flowsim::fixtures::LookupBy::Phone, flowsim::fixtures::LookupBy::Email] {
            let _ = store.find_contacts(by, "+15551234567");
        }
        let mut usage = flowsim::fixtures::DataActionUsage::default();
        let _ = store.data_action("Lookup", &[("phone", "+15551234567")], &mut usage);
    }
}

proptest! {
    // Each case starts the binary three times: fewer cases, the same generators.
    #![proptest_config(ProptestConfig::with_cases(16))]

    #[test]
    fn random_flows_through_the_binary_never_panic(
        flows in prop::collection::vec(flow_seed(), 2..=3),
        request in request_json(),
    ) {
        let files = flow_files(&flows);
        let dir = tempfile::TempDir::new().expect("a temporary directory");
        let flows_dir = dir.path().join("flows");
        for (name, text) in &files {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
            std::fs::write(path, text).expect("write a flow");
        }
        let fixture = dir.path().join("fixtures.json");
        std::fs::write(&fixture, fixture_value().to_string()).expect("write the fixtures");
        let req = dir.path().join("request.json");
        std::fs::write(&req, request.to_string()).expect("write the request");
        let (flows_arg, fixture_arg, req_arg) =
            (path_str(&flows_dir), path_str(&fixture), path_str(&req));

        let report =
            Registry::from_sources(files.iter().map(|(f, t)| (Path::new(f.as_str()), t.as_str())));
        let check = ran(&["check", "--flows", flows_arg, "--fixtures", fixture_arg]);
        prop_assert_eq!(check.code, Some(i32::from(report.has_errors())), "{}", check.stdout);
        let run = ["run", "--flows", flows_arg, "--fixtures", fixture_arg, "--request", req_arg];
        let text = ran(&run);
        let json = ran(&[&run[..], &["--format", "json-pretty"]].concat());
        let compact = ran(&[&run[..], &["--format", "json"]].concat());
        let library = report.registry.as_ref().map(|reg| {
            let request: RunRequest = serde_json::from_value(request.clone()).expect("a request");
            engine::Run::new(reg, fixtures(), &request).result().map(|r| r.to_json_pretty())
        });
        if let Some(Ok(result)) = library {
            prop_assert_eq!(text.code, Some(0), "{}", text.stderr);
            prop_assert_eq!(json.code, Some(0), "{}", json.stderr);
            prop_assert_eq!(&json.stdout, &result, "the binary's JSON is the library's");
            // `--format json` is the same result on one line.
            prop_assert!(compact.stdout.ends_with('\n') && compact.stdout.lines().count() == 1);
            let a: serde_json::Value = serde_json::from_str(&compact.stdout).expect("JSON");
            let b: serde_json::Value = serde_json::from_str(&result).expect("JSON");
            prop_assert_eq!(a, b, "compact and pretty JSON hold the same result");
        } else {
            prop_assert_eq!(text.code, Some(2), "{}", text.stdout);
            prop_assert_eq!(json.code, Some(2), "{}", json.stdout);
            prop_assert!(!text.stderr.is_empty());
        }
    }
}

/// Any JSON value, biased towards the fixture file's shape (docs/fixtures.md).
fn fixture_json() -> impl Strategy<Value = J> {
    let scalar = prop_oneof![
        Just(J::Null),
        any::<bool>().prop_map(J::from),
        any::<i64>().prop_map(J::from),
        any::<f64>().prop_map(J::from),
        prop::sample::select(vec![
            "id",
            "name",
            "c-1",
            "+15551234567",
            "ann@example.com",
            "Lookup",
            "1",
            "",
        ])
        .prop_map(J::from),
    ];
    let key = prop::sample::select(vec![
        "id",
        "name",
        "firstName",
        "email",
        "cellPhone",
        "workPhone",
        "attributes",
        "match",
        "outputs",
        "delayMs",
        "times",
        "error",
        "timeout",
        "availableAgents",
        "occupancy",
        "phone",
    ]);
    let value = scalar.prop_recursive(4, 32, 5, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(J::from),
            prop::collection::btree_map(key.clone(), inner, 0..5)
                .prop_map(|m| J::Object(m.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())),
        ]
    });
    let top =
        prop::sample::select(vec!["defaultCountryCode", "contacts", "queues", "dataActions", "x"]);
    prop::collection::btree_map(top, value, 0..4)
        .prop_map(|m| J::Object(m.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()))
}

// ---- hostile inputs ------------------------------------------------------------------------

fn say_flow(name: &str, text: &str) -> String {
    flow_text(name, "Hello", json!({"Hello": {"type": "Say", "properties": {"sayText": text}}}))
}

#[test]
fn malformed_json_flow_file() {
    let broken = "{\n  \"name\": \"Broken\",\n  \"draft\": {\"startNode\": \"A\",, }\n}\n";
    let report =
        load(&[("flows/broken.json", broken.to_owned()), ("flows/ok.json", say_flow("Ok", "hi"))]);
    assert!(report.registry.is_none());
    let d = report
        .diagnostics
        .iter()
        .find(|d| d.code == flowsim::diag::Code::JsonSyntax)
        .expect("a JSON syntax error");
    assert_eq!(d.file.as_deref(), Some(Path::new("flows/broken.json")));
    let (line, column) = (d.line.expect("a line"), d.column.expect("a column"));
    assert_eq!(line, 3);

    for text in ["", "[", "null", "42", "\"name\"", "{\"name\": 1}", &"[".repeat(100_000)] {
        let report = load(&[("flows/x.json", text.to_owned())]);
        assert!(report.registry.is_none(), "{text:.20}");
        assert!(report.has_errors());
    }

    let dir = flows_dir(&[("broken.json", broken), ("ok.json", &say_flow("Ok", "hi"))]);
    let flows = path_str(dir.path());
    let out = ran(&["run", "Ok", "--flows", flows]);
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert!(out.stderr.contains(&format!("broken.json:{line}:{column}")), "{}", out.stderr);
    let out = ran(&["check", "--flows", flows]);
    assert_eq!(out.code, Some(1), "{}{}", out.stdout, out.stderr);
    assert!(out.stdout.contains("jsonSyntax"), "{}", out.stdout);
}

#[test]
fn printed_expressions_parse_back_to_the_same_tree() {
    let sum = vec!["1"; 100].join(" + ");
    let nested = format!("{}Flow.x{}", "(".repeat(60), ")".repeat(60));
    for text in [
        "0.0000001",                  // `{:?}` would print 1e-7
        "12345678901234567890.5",     // ... and 1.2345678901234567e19
        "3.0 + 1",                    // a whole Decimal stays a Decimal
        "(a).b + {a}.b + a.b",        // a member of a reference is not a longer reference
        "(1 + 2) * 3 - (4 - 5) - -6", // only the parentheses precedence needs
        "not (Flow.b and Flow.b) == false or !Flow.b",
        "-(Flow.x)[0] + (-Flow.x)[0]",
        "'it\\'s' + \"a\\\"b\\\\c\\n\\t\"",
        &sum,    // fully parenthesised, it would nest 99 brackets deep
        &nested, // printed, it nests no deeper than written
    ] {
        let e = expr::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        let printed = e.to_string();
        let again = expr::parse(&printed).unwrap_or_else(|e| panic!("{text} -> {printed}: {e}"));
        assert_eq!(again.to_sexpr(), e.to_sexpr(), "{text} -> {printed}");
        let (first, second) =
            (expr::eval(&e, &mut test_env()), expr::eval(&again, &mut test_env()));
        assert_eq!(outcome(&first), outcome(&second), "{text} -> {printed}");
    }
    assert_eq!(expr::parse("(1 + 2) * 3").expect("parses").to_string(), "(1 + 2) * 3");
    assert_eq!(expr::parse("((1)) + ((2))").expect("parses").to_string(), "1 + 2");
    assert_eq!(expr::parse("(a).b").expect("parses").to_string(), "(a).b");
}

#[test]
fn a_syntax_error_at_a_multibyte_character_is_reported_not_a_panic() {
    // The error's span must cover the whole character: the CLI slices the text by it to put a
    // caret under it.
    for (text, at) in [("Flow.x == é", 10), ("1 🎉", 2), ("Lower(\"a\") 日本", 11), ("é", 0)]
    {
        let err = expr::parse(text).expect_err(text);
        let (start, end) = (err.span.start as usize, err.span.end as usize);
        assert_eq!(start, at, "{text}");
        let found = text[start..].chars().next().map(String::from);
        assert_eq!(Some(&text[start..end]), found.as_deref(), "{text}");
        let err = Template::parse(&format!("Hi {{{text}}}")).expect_err(text);
        assert_eq!(err.span.start as usize, at + 4, "{text}");
    }
    let flow = if_flow("Uni", "Flow.x == é");
    let report = load(&[("flows/uni.json", flow.clone())]);
    assert_eq!(error_codes(&report), ["syntax"]);
    let say = say_flow("Say", "Hello {Flow.x ==\u{1F389}}");
    let dir = flows_dir(&[("uni.json", &flow), ("say.json", &say)]);
    let flows = path_str(dir.path());
    let out = ran(&["check", "--flows", flows]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert!(out.stdout.contains("error[syntax]") && out.stdout.contains('^'), "{}", out.stdout);
    let out = ran(&["run", "Uni", "--flows", flows]);
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert!(out.stderr.contains("Flow.x == é"), "{}", out.stderr);
}

#[test]
fn deeply_nested_json_is_a_syntax_error_not_a_stack_overflow() {
    let deep =
        format!("{{\"name\": \"Deep\", \"x\": {}{}}}", "[".repeat(200_000), "]".repeat(200_000));
    let report = load(&[("flows/deep.json", deep.clone())]);
    assert_eq!(error_codes(&report), ["jsonSyntax"]);
    let dir = flows_dir(&[("deep.json", &deep)]);
    let out = ran(&["check", "--flows", path_str(dir.path())]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
}

#[test]
fn unknown_node_type() {
    let text = flow_text(
        "Odd",
        "Start",
        json!({
            "Start": {"type": "Say", "properties": {"sayText": "hi"},
                      "onComplete": {"nextNode": "Mystery"}},
            "Mystery": {"type": "Teleport", "properties": {}}
        }),
    );
    let report = load(&[("flows/odd.json", text.clone())]);
    assert!(report.registry.is_none());
    let d = report
        .diagnostics
        .iter()
        .find(|d| d.code == flowsim::diag::Code::UnknownNodeType)
        .expect("reported");
    assert_eq!(d.node.as_deref(), Some("Mystery"));
    assert!(d.message.contains("Teleport"), "{}", d.message);

    let dir = flows_dir(&[("odd.json", &text)]);
    let flows = path_str(dir.path());
    let out = ran(&["run", "Odd", "--flows", flows]);
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert!(out.stderr.contains("Mystery"), "{}", out.stderr);
    let out = ran(&["check", "--flows", flows]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert!(
        out.stdout.contains("unknownNodeType") && out.stdout.contains("Mystery"),
        "{}",
        out.stdout
    );
    let out = ran(&["check", "--flows", flows, "--format", "json"]);
    assert_eq!(out.code, Some(1));
    let body: J = serde_json::from_str(&out.stdout).expect("check --format json is JSON");
    assert_eq!(body["ok"], json!(false));
}

#[test]
fn wrong_property_types() {
    let text = flow_text(
        "Typed",
        "Say",
        json!({
            "Say": {"type": "Say", "properties": {"sayText": 42}, "onComplete": {"nextNode": 7}},
            "Gather": {"type": "Gather",
                       "properties": {"maxDigits": "many", "timeoutSeconds": [], "terminator": 5}},
            "Set": {"type": "Set", "properties": {"setVars": {"key": "x"}}},
            "Set2": {"type": "Set", "properties": {"setVars": [
                1,
                {"key": 2, "value": {}},
                {"key": "k", "value": {"type": "float", "value": "1"}}
            ]}},
            "If": {"type": "If", "properties": {"conditions": "Flow.x", "defaultNextNode": false}},
            "Flow": {"type": "Flow", "properties": {"flowName": {"id": 1}}},
            "Route": {"type": "Route", "properties": "Support"},
            "End": {"type": "End", "properties": {"endType": true}},
            "Lookup": {"type": "GetExternalContactAction", "properties": {"lookupBy": "fax"}},
            "Action": {"type": "DataAction",
                       "properties": {"action": ["x"], "inputs": [], "timeoutMs": -1}},
            "Typeless": {"type": 3},
            "NotAnObject": "Say",
            "Paths": {"type": "Disconnect", "onError": 1, "onTimeout": [], "onComplete": "End"}
        }),
    );
    let report = load(&[("flows/typed.json", text.clone())]);
    assert!(report.registry.is_none());
    let codes = error_codes(&report);
    assert!(codes.contains(&"badPropertyType"), "{codes:?}");
    assert!(codes.len() >= 10, "every problem is reported: {codes:?}");
    for node in ["Say", "Gather", "Set", "If", "Flow", "Route", "Action", "Typeless", "NotAnObject"]
    {
        assert!(
            report.diagnostics.iter().any(|d| d.node.as_deref() == Some(node)),
            "{node} is named: {:#?}",
            report.diagnostics
        );
    }
    for bad in [
        json!([]),
        json!({"name": "X", "draft": []}),
        json!({"name": "X", "draft": {"nodes": []}}),
        json!({"name": "X", "draft": {"startNode": 1, "nodes": {}}}),
        json!({"name": "", "draft": {}}),
    ] {
        let report = load(&[("flows/bad.json", bad.to_string())]);
        assert!(report.registry.is_none(), "{bad}");
    }

    let dir = flows_dir(&[("typed.json", &text)]);
    let flows = path_str(dir.path());
    let out = ran(&["run", "Typed", "--flows", flows]);
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert!(out.stderr.contains("badPropertyType"), "{}", out.stderr);
    let out = ran(&["check", "--flows", flows]);
    assert_eq!(out.code, Some(1));
    assert!(out.stdout.contains("properties.sayText"), "{}", out.stdout);
}

const TEN_MB: usize = 10 * 1024 * 1024;

#[test]
fn say_text_of_10_mb_comes_back_whole() {
    // 1, 2 and 4 bytes a character: 10 MB of text.
    let text = "Hé🎉".repeat(TEN_MB / 7) + "{Flow.s}";
    let reg = registry(&[("flows/big.json", say_flow("Big", &text))]);
    let r = run_lib(&reg, json!({"flowName": "Big", "variables": {"Flow.s": "!"}}));
    assert_eq!(r.status, Status::Completed);
    assert_eq!(r.prompts.len(), 1);
    let want = text.replace("{Flow.s}", "!");
    assert_eq!(r.prompts[0].text.len(), want.len());
    assert!(*r.prompts[0].text == *want);
    let json: J = serde_json::from_str(&r.to_json_pretty()).expect("JSON");
    assert!(json["prompts"][0]["text"].as_str() == Some(want.as_str()), "the JSON holds it whole");
}

#[test]
fn expression_of_10_mb_in_a_condition() {
    let long = "a".repeat(TEN_MB);
    let text = flow_text(
        "Long",
        "Check",
        json!({
            "Check": {"type": "If", "properties": {
                "conditions": [{
                    "expression": format!("Length(\"{long}\") == {TEN_MB}"),
                    "nextNode": "Yes"
                }],
                "defaultNextNode": "No"}},
            "Yes": {"type": "Say", "properties": {"sayText": "long"}},
            "No": {"type": "Say", "properties": {"sayText": "short"}}
        }),
    );
    let reg = registry(&[("flows/long.json", text)]);
    let r = run_lib(&reg, json!({"flowName": "Long"}));
    assert_eq!((r.status, r.path()), (Status::Completed, vec!["Check", "Yes"]));

    // A 10 MB expression with a mistake at its end: a load error, its message stays short.
    let text = flow_text(
        "Bad",
        "Check",
        json!({"Check": {"type": "If", "properties": {
        "conditions": [{
            "expression": format!("Length(\"{long}\") ==="),
            "nextNode": "Check"
        }]}}}),
    );
    let report = load(&[("flows/bad.json", text)]);
    let d = report
        .diagnostics
        .iter()
        .find(|d| d.code == flowsim::diag::Code::Syntax)
        .expect("a syntax error");
    assert!(d.message.len() < 1000);
}

/// `(((...1...)))`, nested `depth` deep.
fn nested_parens(depth: usize) -> String {
    format!("{}1{}", "(".repeat(depth), ")".repeat(depth))
}

fn if_flow(name: &str, expression: &str) -> String {
    flow_text(
        name,
        "Check",
        json!({
            "Check": {"type": "If", "properties": {
                "conditions": [{"expression": expression, "nextNode": "Done"}],
                "defaultNextNode": "Done"}},
            "Done": {"type": "End"}
        }),
    )
}

#[test]
fn nested_parentheses_100_000_deep_are_too_deep() {
    let expression = format!("{} == 1", nested_parens(100_000));
    let report = load(&[("flows/deep.json", if_flow("Deep", &expression))]);
    assert!(report.registry.is_none());
    let d = report
        .diagnostics
        .iter()
        .find(|d| d.code == flowsim::diag::Code::TooDeep)
        .expect("a tooDeep error");
    assert_eq!(d.node.as_deref(), Some("Check"));
    assert!(d.help.is_some());
    // The same in a template, a Set expression, and through the binary.
    assert_eq!(
        expr::parse(&nested_parens(100_000)).map(|_| ()).map_err(|e| e.kind.code().as_str()),
        Err("tooDeep")
    );
    assert!(Template::parse(&format!("x{{{}}}", nested_parens(100_000))).is_err());
    let dir = flows_dir(&[("deep.json", &if_flow("Deep", &expression))]);
    let out = ran(&["check", "--flows", path_str(dir.path())]);
    assert_eq!(out.code, Some(1));
    assert!(out.stdout.contains("tooDeep"), "{}", out.stdout);
}

#[test]
fn prefix_operators_at_every_bracket_level_do_not_overflow_the_stack() {
    // 64 bracket levels (the nesting limit) with a long run of prefix operators at each: the
    // parser's recursion is bounded by the sum, not by each run alone.
    for (run, brackets) in
        [(255, ["(", ")"]), (100, ["Abs(", ")"]), (4, ["(", ")"]), (60, ["x[", "]"])]
    {
        for op in ["-", "not ", "!"] {
            let mut text = String::from("1");
            for _ in 0..64 {
                text = format!("{}{}{text}{}", brackets[0], op.repeat(run), brackets[1]);
            }
            let r = expr::parse(&text);
            if run * 64 > expr::parse::MAX_DEPTH {
                assert_eq!(
                    r.map(|_| ()).map_err(|e| e.kind.code().as_str()),
                    Err("tooDeep"),
                    "{run} {op}"
                );
            }
        }
    }
    // At the limit, still fine.
    let text = format!("{}1{}", "(---".repeat(64), ")".repeat(64));
    assert!(expr::parse(&text).is_ok());
    // Long runs side by side are not one long run.
    let runs = format!("{}1 + {}1 + ({}1)", "-".repeat(200), "-".repeat(200), "-".repeat(50));
    assert!(expr::parse(&runs).is_ok(), "{:?}", expr::parse(&runs).err());
}

#[test]
fn a_sum_of_100_000_terms_is_too_deep() {
    let sum = vec!["1"; 100_000].join("+");
    let report = load(&[("flows/sum.json", if_flow("Sum", &format!("{sum} > 0")))]);
    assert!(report.registry.is_none());
    assert!(error_codes(&report).contains(&"tooDeep"), "{:?}", error_codes(&report));
    // Other operators: a chain far past the depth limit is refused the same way.
    for op in ["*", " and ", " or ", "-", "%", "==", "<", "&&"] {
        let chain = vec!["1"; 5_000].join(op);
        assert_eq!(
            expr::parse(&chain).map(|_| ()).map_err(|e| e.kind.code().as_str()),
            Err("tooDeep"),
            "{op}"
        );
    }
    // A sum just within the limit parses and evaluates.
    let sum = vec!["1"; 200].join("+");
    let e = expr::parse(&sum).expect("200 terms parse");
    assert_eq!(expr::eval(&e, &mut test_env()), Ok(Value::Int(200)));
    assert_eq!(expr::parse(&e.to_string()).expect("prints back").to_sexpr(), e.to_sexpr());
}

/// Flows A and B that call each other; A's call has an error path when `handled`.
fn cycle(handled: bool) -> Registry {
    let mut call_b = json!({
        "type": "Flow",
        "properties": {"flowName": "B"},
        "onComplete": {"nextNode": "After"}
    });
    if handled {
        call_b["onError"] = json!({"nextNode": "Handled"});
    }
    let a = flow_text(
        "A",
        "CallB",
        json!({
            "CallB": call_b,
            "After": {"type": "Say", "properties": {"sayText": "back in A"}},
            "Handled": {"type": "Say", "properties": {"sayText": "too deep: {CallB.outcome}"}}
        }),
    );
    let b = flow_text(
        "B",
        "CallA",
        json!({"CallA": {"type": "Flow", "properties": {"flowName": "{Flow.next}"}}}),
    );
    registry(&[("flows/a.json", a), ("flows/b.json", b)])
}

#[test]
fn a_cycle_of_flow_calls_ends_at_the_call_depth() {
    let depth = usize::from(engine::MAX_CALL_DEPTH);
    let reg = cycle(false);
    let r = run_lib(&reg, json!({"flowName": "A", "variables": {"Flow.next": "A"}}));
    assert_eq!(r.status, Status::Failed);
    assert_eq!(error_kind(&r), "callDepth");
    assert_eq!(r.trace.len(), depth + 1, "one Flow step per depth 0..=32");
    assert!(r.trace.iter().all(|s| usize::from(s.depth) <= depth));
    assert_eq!(
        r.to_json_pretty(),
        run_lib(&reg, json!({"flowName": "A", "variables": {"Flow.next": "A"}})).to_json_pretty()
    );

    let reg = cycle(true);
    let r = run_lib(&reg, json!({"flowName": "A", "variables": {"Flow.next": "A"}}));
    assert_eq!(r.status, Status::Completed, "{}", r.to_json_pretty());
    assert!(r.trace.len() <= 3 * (depth + 1), "{} steps", r.trace.len());
    let json: J = serde_json::from_str(&r.to_json_pretty()).expect("JSON");
    let kinds: Vec<&str> = json["trace"]
        .as_array()
        .expect("trace")
        .iter()
        .filter_map(|s| s["error"]["kind"].as_str())
        .collect();
    assert_eq!(kinds.first(), Some(&"callDepth"), "{kinds:?}");
    assert_eq!(r.prompts[0].text.as_ref(), "too deep: callDepth");

    // A flow that calls itself directly, and B calling itself through a template.
    let r = run_lib(&reg, json!({"flowName": "B", "variables": {"Flow.next": "B"}}));
    assert_eq!((r.status, error_kind(&r), r.trace.len()), (Status::Failed, "callDepth", depth + 1));
}

/// One Set node that loops to itself forever, with `setVars`.
fn self_loop(name: &str, vars: J, on_error: Option<&str>) -> String {
    let mut node =
        json!({"type": "Set", "properties": {"setVars": vars}, "onComplete": {"nextNode": "Loop"}});
    if let Some(e) = on_error {
        node["onError"] = json!({"nextNode": e});
    }
    flow_text(
        name,
        "Loop",
        json!({"Loop": node, "Caught": {"type": "Say", "properties": {"sayText": "caught"}}}),
    )
}

fn expr_var(key: &str, expression: &str) -> J {
    json!({"key": key, "value": {"type": "expression", "value": expression}})
}

#[test]
fn a_loop_of_100_000_steps_stops_at_the_step_limit() {
    let reg = registry(&[(
        "flows/spin.json",
        self_loop("Spin", json!([expr_var("Flow.n", "Flow.n + 1")]), None),
    )]);
    let r =
        run_lib(&reg, json!({"flowName": "Spin", "variables": {"Flow.n": 0}, "maxSteps": 100_000}));
    assert_eq!(r.status, Status::StepLimit);
    assert_eq!(error_kind(&r), "stepLimit");
    assert_eq!(r.trace.len(), 100_000);
    assert_eq!(r.variable("Flow.n"), Some(&Value::Int(100_000)));

    // A loop that needs 99,999 steps completes within the same limit; one more iteration
    // does not.
    let counted = flow_text(
        "Count",
        "Inc",
        json!({
            "Inc": {"type": "Set", "properties": {"setVars": [expr_var("Flow.n", "Flow.n + 1")]},
                    "onComplete": {"nextNode": "Check"}},
            "Check": {"type": "If", "properties": {
                "conditions": [{"expression": "Flow.n < Flow.limit", "nextNode": "Inc"}],
                "defaultNextNode": "Done"}},
            "Done": {"type": "End"}
        }),
    );
    let reg = registry(&[("flows/count.json", counted)]);
    let req = |limit: i64| {
        json!({
            "flowName": "Count",
            "variables": {"Flow.n": 0, "Flow.limit": limit},
            "maxSteps": 100_000
        })
    };
    let r = run_lib(&reg, req(49_999));
    assert_eq!((r.status, r.trace.len()), (Status::Completed, 99_999));
    let r = run_lib(&reg, req(50_000));
    assert_eq!((r.status, r.trace.len()), (Status::StepLimit, 100_000));

    let dir = flows_dir(&[(
        "spin.json",
        &self_loop("Spin", json!([expr_var("Flow.n", "Flow.n + 1")]), None),
    )]);
    let out = ran(&[
        "run",
        "Spin",
        "--flows",
        path_str(dir.path()),
        "--var",
        "Flow.n=0",
        "--max-steps",
        "100000",
    ]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(out.stdout.contains("stepLimit"), "{:.2000}", out.stdout);
}

#[test]
fn doubling_a_string_in_a_loop_ends_with_string_too_long() {
    let vars = json!([expr_var("Flow.s", "Append(Flow.s, Flow.s)")]);
    let reg = registry(&[("flows/grow.json", self_loop("Grow", vars.clone(), None))]);
    let start = "x".repeat(1024);
    let r = run_lib(&reg, json!({"flowName": "Grow", "variables": {"Flow.s": start}}));
    assert_eq!((r.status, error_kind(&r)), (Status::Failed, "stringTooLong"));
    assert!(r.trace.len() < 30, "{} steps", r.trace.len());
    let kept = r.variable("Flow.s").expect("the variable");
    assert!(
        matches!(kept, Value::Str(s) if s.len() <= 32 * 1024 * 1024 && s.len() >= 16 * 1024 * 1024)
    );

    // Also with `+`, and with an error path that catches it.
    let vars = json!([expr_var("Flow.s", "Flow.s + Flow.s")]);
    let reg = registry(&[("flows/grow.json", self_loop("Grow", vars, Some("Caught")))]);
    let r = run_lib(&reg, json!({"flowName": "Grow", "variables": {"Flow.s": start}}));
    assert_eq!(r.status, Status::Completed);
    assert_eq!(r.path().last(), Some(&"Caught"));
}

#[test]
fn growing_a_list_past_2000_items_is_collection_too_large() {
    let vars = json!([
        expr_var("Flow.s", "Append(Flow.s, \",x\")"),
        expr_var("Flow.list", "Split(Flow.s, \",\")")
    ]);
    let reg = registry(&[("flows/list.json", self_loop("List", vars, None))]);
    let r = run_lib(&reg, json!({"flowName": "List", "variables": {"Flow.s": "x"}}));
    assert_eq!((r.status, error_kind(&r)), (Status::Failed, "collectionTooLarge"));
    assert_eq!(r.trace.len(), 2000, "the 2,000th growth makes 2,001 items");
    assert!(matches!(r.variable("Flow.list"), Some(Value::List(l)) if l.len() == 2000));

    let items = vec!["1"; 2001].join(", ");
    for text in
        [format!("MakeList({items})"), format!("Count(Split(\"{}\", \"\"))", "y".repeat(2001))]
    {
        let e = expr::parse(&text).expect("parses");
        let err = expr::eval(&e, &mut test_env()).expect_err("too large");
        assert_eq!(err.kind.as_str(), "collectionTooLarge");
    }
    let e =
        expr::parse(&format!("Count(MakeList({}))", vec!["1"; 2000].join(", "))).expect("parses");
    assert_eq!(expr::eval(&e, &mut test_env()), Ok(Value::Int(2000)));
}

#[test]
fn integer_overflow_is_an_error() {
    for text in [
        "Flow.big + 1",
        "Flow.big * 2",
        "Flow.min - 1",
        "-Flow.min",
        "Abs(Flow.min)",
        "Flow.min % -1",
        "ToInt(\"99999999999999999999\")",
        "ToInt(ToDecimal(\"1e300\"))",
        "ToInt(Flow.big * 1.5)",
        "MakeDuration(Flow.big, 1)",
        "-MakeDuration(0, 0, 0, 0, Flow.min)",
        "Flow.dur * Flow.big",
        "AddDays(Flow.dt, Flow.big)",
        "AddSeconds(Flow.dt, ToDecimal(\"1e300\"))",
        "DateTimeDiff(AddDays(Flow.dt, 100000), AddDays(Flow.dt, -100000)) * Flow.big",
    ] {
        let e = expr::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        let r = expr::eval(&e, &mut test_env());
        assert_eq!(r.as_ref().map_err(|e| e.kind.as_str()), Err("overflow"), "{text}: {r:?}");
    }
    assert_eq!(
        expr::parse("9223372036854775808").map(|_| ()).map_err(|e| e.kind.code().as_str()),
        Err("integerTooLarge")
    );
    let text = format!("{}.5 > 1", "9".repeat(400));
    assert_eq!(
        expr::parse(&text).map(|_| ()).map_err(|e| e.kind.code().as_str()),
        Err("integerTooLarge")
    );

    // In a flow: doubling an integer in a loop.
    let reg = registry(&[(
        "flows/double.json",
        self_loop("Double", json!([expr_var("Flow.n", "Flow.n * 2")]), None),
    )]);
    let r = run_lib(&reg, json!({"flowName": "Double", "variables": {"Flow.n": 1}}));
    // Architect's Integer range ends at 999,999,999,999,999: 2^50 is past it.
    assert_eq!((r.status, error_kind(&r), r.trace.len()), (Status::Failed, "overflow", 50));
    assert_eq!(r.variable("Flow.n"), Some(&Value::Int(1 << 49)));
    // Integer-typed Set values and decimals past i64.
    let vars =
        json!([{"key": "Flow.i", "value": {"type": "integer", "value": "99999999999999999999"}}]);
    let reg = registry(&[("flows/typed.json", self_loop("Typed", vars, None))]);
    let r = run_lib(&reg, json!({"flowName": "Typed"}));
    assert_eq!(r.status, Status::Failed);
    assert!(matches!(error_kind(&r), "conversion" | "overflow"), "{}", error_kind(&r));
}

#[test]
fn empty_flows_directory() {
    let dir = tempfile::TempDir::new().expect("a temporary directory");
    let report = Registry::load_dir(dir.path());
    assert!(report.registry.is_none());
    assert_eq!(error_codes(&report), ["noFlows"]);
    let report = Registry::load_dir(&dir.path().join("missing"));
    assert_eq!(error_codes(&report), ["unreadableDirectory"]);

    let flows = path_str(dir.path());
    for args in [vec!["run", "A", "--flows", flows], vec!["check", "--flows", flows]] {
        let out = ran(&args);
        assert_eq!(out.code, Some(2), "{args:?}: {}", out.stderr);
        assert!(out.stderr.contains("noFlows"), "{}", out.stderr);
    }
    let missing = dir.path().join("missing");
    let out = ran(&["run", "A", "--flows", path_str(&missing)]);
    assert_eq!(out.code, Some(2), "{}", out.stderr);
}

/// CX as Code blueprints keep the Archy file Terraform reads as `flow.yaml.tftpl`: a folder
/// of flows finds it, with its substitutions from `--sub`; other templates are not flows.
#[test]
fn a_terraform_template_of_an_archy_file_is_a_flow_of_the_folder() {
    let dir = tempfile::TempDir::new().expect("a temporary directory");
    let flow =
        crate::support::archy_task_flow("inboundCall", "          - disconnect: {name: Bye}\n")
            .replace("name: F", "name: \"{{flow_name}}\"");
    std::fs::write(dir.path().join("callback.yaml.tftpl"), flow).expect("written");
    std::fs::write(dir.path().join("main.tf.tftpl"), "resource {}").expect("written");
    let flows = path_str(dir.path());
    let out = ran(&["check", "--flows", flows, "--sub", "flow_name=Callback"]);
    assert_eq!(out.code, Some(0), "{}{}", out.stdout, out.stderr);
    assert!(out.stdout.contains("1 flow(s)"), "{}", out.stdout);
    let out = ran(&["run", "Callback", "--flows", flows, "--sub", "flow_name=Callback"]);
    assert_eq!(out.code, Some(0), "{}{}", out.stdout, out.stderr);
}

#[cfg(unix)]
#[test]
fn a_symlink_cycle_in_the_flows_directory_loads_each_flow_once() {
    let dir = flows_dir(&[("hi.json", &say_flow("Hi", "hi"))]);
    std::fs::create_dir(dir.path().join("sub")).expect("mkdir");
    std::os::unix::fs::symlink("..", dir.path().join("sub/up")).expect("a symlink");
    std::os::unix::fs::symlink(dir.path(), dir.path().join("sub/again")).expect("a symlink");
    let report = Registry::load_dir(dir.path());
    assert!(!report.has_errors(), "{:#?}", report.diagnostics);
    assert_eq!(report.registry.expect("loads").len(), 1);
    let out = ran(&["check", "--flows", path_str(dir.path())]);
    assert_eq!(out.code, Some(0), "{}", out.stdout);
}

#[test]
fn a_request_file_with_bad_json() {
    let bad = "{\"flowName\": \"Hi\",\n \"inputs\": [1, }";
    let err = serde_json::from_str::<RunRequest>(bad).expect_err("not a request");
    let (line, column) = (err.line(), err.column());
    for wrong in [
        json!({"flowName": 3}),
        json!({"inputs": "1"}),
        json!({"maxSteps": -1}),
        json!({"inputs": [{"digits": 1}]}),
    ] {
        assert!(serde_json::from_value::<RunRequest>(wrong.clone()).is_err(), "{wrong}");
    }

    let dir = flows_dir(&[("hi.json", &say_flow("Hi", "hi"))]);
    let flows = path_str(dir.path());
    let req = dir.path().join("request.txt");
    std::fs::write(&req, bad).expect("write");
    let out = ran(&["run", "--flows", flows, "--request", path_str(&req)]);
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert!(out.stderr.contains(&format!("request.txt:{line}:{column}")), "{}", out.stderr);
    for text in ["", "[]", "{\"flowName\": \"Hi\", \"maxSteps\": \"ten\"}", "\u{feff}{}"] {
        std::fs::write(&req, text).expect("write");
        let out = ran(&["run", "--flows", flows, "--request", path_str(&req)]);
        assert_eq!(out.code, Some(2), "{text:?}: {}", out.stderr);
    }
    let out = ran(&["run", "--flows", flows, "--request", path_str(&dir.path().join("nope.json"))]);
    assert_eq!(out.code, Some(2), "{}", out.stderr);
}

#[test]
fn inputs_with_bad_digits() {
    let gather = flow_text(
        "Menu",
        "Ask",
        json!({"Ask": {"type": "Gather", "properties": {"promptText": "Press 1"}}}),
    );
    let reg = registry(&[("flows/menu.json", gather.clone())]);
    for (inputs, index, text) in [
        (json!(["1", "9x"]), 2, "9x"),
        (json!(["١"]), 1, "١"),
        (json!([{"digits": "1 2", "delaySeconds": 1}]), 1, "1 2"),
        (json!(["timeout", "-1"]), 2, "-1"),
    ] {
        let request: RunRequest =
            serde_json::from_value(json!({"flowName": "Menu", "inputs": inputs}))
                .expect("a request");
        match engine::Run::new(&reg, fixtures(), &request).result() {
            Err(RequestError::BadInput { index: i, text: t }) => {
                assert_eq!((i, t.as_str()), (index, text));
            }
            other => panic!("{inputs}: {:?}", other.map(|r| r.status)),
        }
    }
    for delay in [-1.0, f64::NAN, f64::INFINITY, 1.0e300] {
        let request = RunRequest {
            flow_name: Some("Menu".into()),
            inputs: vec![engine::InputEntry::Delayed { digits: "1".into(), delay_seconds: delay }],
            ..RunRequest::default()
        };
        assert!(
            matches!(
                engine::Run::new(&reg, fixtures(), &request).result(),
                Err(RequestError::BadInput { .. })
            ),
            "{delay}"
        );
    }

    let dir = flows_dir(&[("menu.json", &gather)]);
    let flows = path_str(dir.path());
    let out = ran(&["run", "Menu", "--flows", flows, "--input", "1", "--input", "1a"]);
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert!(out.stderr.contains("1a") && out.stderr.contains("input 2"), "{}", out.stderr);
    let out = ran(&["run", "Menu", "--flows", flows, "--input", "1@soon"]);
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    let requests = tempfile::TempDir::new().expect("a temporary directory");
    let req = requests.path().join("req.json");
    std::fs::write(&req, r##"{"flowName": "Menu", "inputs": ["#", "abc"]}"##).expect("write");
    let out = ran(&["run", "--flows", flows, "--request", path_str(&req)]);
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert!(out.stderr.contains("abc"), "{}", out.stderr);
}

#[test]
fn hostile_requests_are_refused_or_run() {
    let reg = registry(&[("flows/hi.json", say_flow("Hi", "hi {Flow.x}"))]);
    for req in [
        json!({}),
        json!({"flowName": "Nope"}),
        json!({"flowName": "Hi", "nodeId": "Nope"}),
        json!({"flowName": "Hi", "version": "published"}),
        json!({"flowName": "Hi", "maxSteps": 0}),
        json!({"flowName": "Hi", "context": {"startTime": "yesterday"}}),
        json!({"flowName": "Hi", "context": {"startTime": "9999-12-31T23:59:59Z"}, "timeout": 0}),
        json!({"flowName": "Hi", "context": {"startTime": "-9999-01-01T00:00:00Z"}}),
        json!({"flowName": "Hi", "maxSteps": u64::MAX, "timeout": u64::MAX}),
        json!({"flowName": "Hi",
               "variables": {"Flow.x": [[1, [2]], {"a": {"b": null}}], "": 1, "Flow.X": "dup"}}),
        json!({"flowId": "", "flowName": "hi", "inputs": [{"digits": "", "delaySeconds": 0}]}),
    ] {
        let request: RunRequest = serde_json::from_value(req.clone()).expect("a request");
        match engine::Run::new(&reg, fixtures(), &request).result() {
            Ok(r) => assert_eq!(
                r.to_json_pretty(),
                engine::Run::new(&reg, fixtures(), &request)
                    .result()
                    .expect("runs")
                    .to_json_pretty()
            ),
            Err(e) => assert!(!e.code().as_str().is_empty() && !e.help().is_empty(), "{req}"),
        }
    }
}

#[test]
fn a_preset_variable_over_the_collection_limit_is_refused() {
    // docs/json-flows.md: a List holds at most 2,000 items. Every way to build one inside a run keeps
    // to it (MakeList, Split: collectionTooLarge), but a request's `variables` hand the run a
    // List of any length: `Count(Flow.l)` below says 3000.
    let reg = registry(&[("flows/count.json", say_flow("Count", "{Count(Flow.l)}"))]);
    let items: Vec<u32> = (0..3000).collect();
    let request: RunRequest =
        serde_json::from_value(json!({"flowName": "Count", "variables": {"Flow.l": items}}))
            .expect("a request");
    let r = engine::Run::new(&reg, fixtures(), &request).result();
    assert!(r.is_err(), "ran with a 3,000-item list: {:?}", r.map(|r| r.prompts[0].text.clone()));
}
