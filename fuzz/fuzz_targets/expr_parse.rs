//! The expression parser on arbitrary text: it may refuse, never panic; what it accepts prints
//! as text that parses back to the same tree, type-checks without a panic, and evaluates
//! without a panic (on an environment where every name is NOT_SET).
#![no_main]

use flowsim::expr::{self, Env, Path, Span, Template, Value};
use libfuzzer_sys::fuzz_target;

struct Empty;

impl Env for Empty {
    fn lookup(&mut self, _: &Path, _: Span) -> Value {
        Value::NotSet
    }
    fn now_ms(&self) -> i64 {
        1_767_258_000_000
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(t) = Template::parse(text) {
        let _ = t.render(&mut Empty);
    }
    let Ok(e) = expr::parse(text) else { return };
    let printed = e.to_string();
    let again =
        expr::parse(&printed).unwrap_or_else(|err| panic!("{printed:?} does not parse: {err}"));
    assert_eq!(again.to_sexpr(), e.to_sexpr(), "{text:?} printed as {printed:?}");
    let _ = expr::infer(&e, &expr::Declarations::default());
    let _ = expr::eval(&e, &mut Empty);
});
