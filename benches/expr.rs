//! `expr/corpus`: evaluations per second over real Architect expressions.
//!
//! The sample is every distinct expression of the conformance corpus
//! (`$FLOWSIM_CORPUS/expressions.jsonl`, default `../shared/corpus`) that evaluates without an
//! error when each variable holds a sample value of the type its flow declares (read from the
//! export in `i3/`); without the corpus, a built-in sample of the same shapes, and a note.
//!
//! Before measuring it checks the promise of `expr::eval`: an expression whose result is a
//! scalar and whose functions build no text does not allocate. A counting allocator measures
//! every sample expression once; the ones with a scalar result that allocate
//! are listed, and the built-in scalar sample must not allocate at all.
//!
//! Run: `cargo bench --bench expr -- --warm-up-time 1 --measurement-time 3`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use flowsim::expr::decimal::dec;
use flowsim::expr::{self, Env, Expr, Path, Span, Ty, Value};
use stats_alloc::{StatsAlloc, INSTRUMENTED_SYSTEM};
use std::alloc::System;
use std::collections::HashMap;
use std::hint::black_box;
use std::path::PathBuf;
use std::sync::Arc;

/// Counts allocations (the measuring below runs on one thread, before criterion starts).
#[global_allocator]
static ALLOCATOR: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

fn allocations() -> u64 {
    let s = ALLOCATOR.stats();
    (s.allocations + s.reallocations) as u64
}

/// 2026-01-01T09:00:00Z.
const NOW_MS: i64 = 1_767_258_000_000;

/// Variables with sample values; the longest declared prefix of a path answers, the rest of
/// the path reads members. Anything undeclared reads as the text "12".
struct SampleEnv {
    vars: HashMap<Box<str>, Value>,
    fallback: Value,
}

impl Env for SampleEnv {
    fn lookup(&mut self, path: &Path, _: Span) -> Value {
        for n in (1..=path.len()).rev() {
            if let Some(v) = self.vars.get(path.prefix(n)) {
                return path.rest(n).fold(v.clone(), |v, m| v.member(m));
            }
        }
        self.fallback.clone()
    }

    fn now_ms(&self) -> i64 {
        NOW_MS
    }
}

/// A sample value of an Architect type code.
fn sample(ty: Ty) -> Value {
    use flowsim::expr::types::Base;
    let one = match ty.base {
        Base::Integer => Value::Int(3),
        Base::Decimal => Value::Dec(dec("2.5")),
        Base::Boolean => Value::Bool(true),
        Base::Duration => Value::Duration(90_000),
        Base::DateTime => Value::DateTime(NOW_MS - 3_600_000),
        Base::Queue | Base::User | Base::Group | Base::Builtin | Base::Contact | Base::Json => {
            Value::from_json(
                &serde_json::json!({"id": "q-1", "name": "Support", "body": "agent faq"}),
            )
        }
        _ => Value::str("12"),
    };
    if ty.collection {
        Value::List(Arc::new(vec![one.clone(), Value::str("IDLE"), one]))
    } else {
        one
    }
}

fn corpus_dir() -> PathBuf {
    std::env::var_os("FLOWSIM_CORPUS").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"),
        PathBuf::from,
    )
}

/// Declared variables of every export: name (lower-cased) → type.
fn declarations(corpus: &std::path::Path) -> HashMap<Box<str>, Ty> {
    fn walk(v: &serde_json::Value, out: &mut HashMap<Box<str>, Ty>) {
        match v {
            serde_json::Value::Object(o) => {
                if let (Some(class), Some(name)) = (
                    o.get("__type").and_then(|t| t.as_str()),
                    o.get("name").and_then(|n| n.as_str()),
                ) {
                    let code = match class {
                        "StringVariable" => Some("str"),
                        "IntegerVariable" => Some("int"),
                        "DecimalVariable" => Some("dec"),
                        "BoolVariable" => Some("bln"),
                        "DurationVariable" => Some("dur"),
                        "DateTimeVariable" => Some("dtm"),
                        "QueueVariable" => Some("que"),
                        _ => None,
                    };
                    let collection = o.get("isCollection").and_then(serde_json::Value::as_bool);
                    if let Some(ty) = code.and_then(Ty::parse) {
                        let ty =
                            if collection == Some(true) { Ty::collection_of(ty.base) } else { ty };
                        out.insert(name.to_ascii_lowercase().into(), ty);
                    }
                }
                o.values().for_each(|x| walk(x, out));
            }
            serde_json::Value::Array(items) => items.iter().for_each(|x| walk(x, out)),
            _ => {}
        }
    }
    let mut out = HashMap::new();
    let Ok(entries) = std::fs::read_dir(corpus.join("i3")) else { return out };
    let mut files: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    files.sort();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap_or_default();
        if let Ok(json) = serde_json::from_str::<serde_json::Value>(&text) {
            walk(&json, &mut out);
        }
    }
    out
}

/// Scalar results of text-free work: these must never allocate.
const SCALAR_SAMPLE: &[&str] = &[
    "Flow.waitingEvents > 0",
    "Count(Flow.arrChatMessages) > 0 and Flow.idxChatMessageLoop < Flow.LoopMax",
    "ToInt(Task.seconds) + Task.intMinutes * 60 + Task.intHours * 3600",
    "Flow.slot_index != -1",
    "If(IsNotSetOrEmpty(Flow.missing), 0, 1)",
    "FindFirst(Task.StatusList, \"IDLE\") >= 0",
    "Contains(Flow.sLastChatMessage, \"agent\") or Contains(Flow.sLastChatMessage, \"faq\")",
    "AreEqual(State.updateType, \"12\") and !State.csatSent",
    "DateTimeDiff(GetCurrentDateTimeUtc(), Flow.lastUpdate) >= MakeDuration(0, 0, 5)",
    "Task.Queue.id == \"q-1\"",
];

fn built_in_env() -> SampleEnv {
    let mut vars = HashMap::new();
    for (name, code) in [
        ("flow.waitingevents", "int"),
        ("flow.arrchatmessages", "str_coll"),
        ("flow.idxchatmessageloop", "int"),
        ("flow.loopmax", "int"),
        ("task.intminutes", "int"),
        ("task.inthours", "int"),
        ("flow.slot_index", "int"),
        ("task.statuslist", "str_coll"),
        ("state.csatsent", "bln"),
        ("flow.lastupdate", "dtm"),
        ("task.queue", "que"),
    ] {
        vars.insert(name.into(), sample(Ty::parse(code).expect("a type code")));
    }
    SampleEnv { vars, fallback: Value::str("12") }
}

fn is_scalar(v: &Value) -> bool {
    matches!(
        v,
        Value::NotSet
            | Value::Bool(_)
            | Value::Int(_)
            | Value::Dec(_)
            | Value::Duration(_)
            | Value::DateTime(_)
    )
}

/// The corpus sample (or the built-in one) and the environment it evaluates in.
fn sample_set() -> (Vec<Expr>, SampleEnv, &'static str) {
    let corpus = corpus_dir();
    let Ok(text) = std::fs::read_to_string(corpus.join("expressions.jsonl")) else {
        eprintln!(
            "\n*** expr/corpus: no corpus at {} (set FLOWSIM_CORPUS): measuring the built-in \
             sample of {} expressions instead ***\n",
            corpus.display(),
            SCALAR_SAMPLE.len()
        );
        let parsed = SCALAR_SAMPLE.iter().map(|t| expr::parse(t).expect("parses")).collect();
        return (parsed, built_in_env(), "built-in sample");
    };
    let mut env = built_in_env();
    for (name, ty) in declarations(&corpus) {
        env.vars.insert(name, sample(ty));
    }
    let mut seen = std::collections::BTreeSet::new();
    let mut parsed = Vec::new();
    for line in text.lines() {
        let Ok(j) = serde_json::from_str::<serde_json::Value>(line) else { continue };
        let Some(t) = j["text"].as_str() else { continue };
        if !seen.insert(t.to_owned()) {
            continue;
        }
        if let Ok(e) = expr::parse(t) {
            if expr::eval(&e, &mut env).is_ok() {
                parsed.push(e);
            }
        }
    }
    eprintln!(
        "expr/corpus: {} distinct corpus expressions evaluate in the sample environment",
        parsed.len()
    );
    (parsed, env, "corpus")
}

/// Evaluates each expression once, counting allocations; returns the scalar-result ones that
/// allocated.
fn allocating_scalars(parsed: &[Expr], env: &mut SampleEnv) -> (usize, Vec<String>) {
    let (mut scalars, mut allocating) = (0, Vec::new());
    for e in parsed {
        let before = allocations();
        let v = expr::eval(e, env);
        let n = allocations() - before;
        if v.as_ref().is_ok_and(is_scalar) {
            scalars += 1;
            if n > 0 {
                allocating.push(format!("{e} ({n} allocation(s))"));
            }
        }
        drop(v);
    }
    (scalars, allocating)
}

fn corpus(c: &mut Criterion) {
    let mut builtin = built_in_env();
    let scalar: Vec<Expr> = SCALAR_SAMPLE.iter().map(|t| expr::parse(t).expect("parses")).collect();
    let (n, allocating) = allocating_scalars(&scalar, &mut builtin);
    assert_eq!(n, SCALAR_SAMPLE.len(), "every built-in sample has a scalar result");
    assert!(allocating.is_empty(), "scalar results allocated:\n{}", allocating.join("\n"));

    let (parsed, mut env, what) = sample_set();
    let (scalars, allocating) = allocating_scalars(&parsed, &mut env);
    eprintln!(
        "expr/corpus: {scalars} of {} sample expressions have a scalar result; {} of those \
         allocate:",
        parsed.len(),
        allocating.len()
    );
    for a in &allocating {
        eprintln!("  {a}");
    }

    let mut g = c.benchmark_group("expr");
    g.throughput(Throughput::Elements(parsed.len() as u64));
    g.bench_function(format!("corpus ({what})"), |b| {
        b.iter(|| {
            for e in &parsed {
                black_box(expr::eval(black_box(e), &mut env).ok());
            }
        });
    });
    g.finish();
}

criterion_group!(benches, corpus);
criterion_main!(benches);
