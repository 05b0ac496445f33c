//! Every example Architect documents for its functions and operators (the Scripting SDK's
//! 1,141, `tools/oracle/data/functions.json`) evaluated by flowsim with no environment, its
//! result compared with the documented one as Architect writes it (`oracle_values`).
//!
//! Examples whose result cannot be known offline are listed in [`NOT_OFFLINE`] with the reason;
//! examples whose documented result contradicts the documentation itself are corrected in
//! [`CORRECTED`], with what is wrong. Everything else must be equal.

use super::oracle::{catalogue, Entry};
use super::oracle_values::{matches, read, Want};
use crate::expr::ast::{Path, Span};
use crate::expr::builtins::{self, Offline};
use crate::expr::eval::{eval, Env};
use crate::expr::parse;
use crate::expr::value::Value;

/// What a row of [`NOT_OFFLINE`] matches.
enum Match {
    /// Every example of a function or operator (its SDK key).
    Function(&'static str),
    /// An example whose input contains this text.
    Input(&'static str),
    /// An example whose documented result starts with this text.
    Output(&'static str),
}

const LOOKUP: &str = "finds one of the organisation's objects by name or id: offline there is no \
                      organisation (flowsim's lookups read the run's fixtures)";
const VARIABLE: &str = "reads a flow's variable, built-in or prompt, which has no value outside a \
                        flow";
const SPOKEN: &str = "describes the words Audio speaks, which the flow language's text-to-speech \
                      engine and prompts produce when it plays; offline flowsim keeps the \
                      Audio's parts";

/// Examples that cannot be judged offline, and why.
const NOT_OFFLINE: &[(Match, &str)] = &[
    (Match::Output("Returns the "), LOOKUP),
    (Match::Output("A NOT_SET Prompt since that system prompt does not exist"), LOOKUP),
    (Match::Function("getCurrentDateTimeUtc"), "reads the wall clock"),
    (Match::Input("DetectLanguage(\"T"), "asks Genesys Cloud's language detection service"),
    (Match::Input("DetectLanguage(\"E"), "asks Genesys Cloud's language detection service"),
    (Match::Input("DetectLanguage(\"D"), "asks Genesys Cloud's language detection service"),
    (Match::Input("DetectLanguage(\"이"), "asks Genesys Cloud's language detection service"),
    (Match::Input("Email.Message"), VARIABLE),
    (Match::Input("Call.Ani"), VARIABLE),
    (Match::Input("Call.Contact"), VARIABLE),
    (Match::Input("(Flow."), VARIABLE),
    (Match::Input("Prompt."), VARIABLE),
    (
        Match::Function("propAccess"),
        "names a formatting or language constant and documents no value for it (its type is \
         checked by the catalogue test)",
    ),
    (Match::Output("Audio for "), SPOKEN),
    (Match::Output("Audio of "), SPOKEN),
    (Match::Output("An Audio object"), SPOKEN),
    (Match::Output("Globally formatted"), SPOKEN),
    (Match::Output("Locally formatted"), SPOKEN),
];

/// Documented results that contradict the documentation itself, corrected: (input, the result
/// as it should read, what is wrong).
const CORRECTED: &[(&str, &str, &str)] = &[
    (
        "MakeCurrency(10, \"USD\")",
        "A Currency value with an amount of 10.00 and code of \"USD\"",
        "the Integer overload's text repeats the Decimal overload's 10.50",
    ),
    (
        "GetDayOfWeekOccurrence(6, -2, 2017, 2, 5, 0)",
        "A DateTime whose value is December 22nd, 2017 at 02:05:00AM",
        "the six-argument overload takes hour, minute and second (as its other examples read)",
    ),
    (
        "MakeDuration(-10, 0, 30, 10, 500)",
        "A negative Duration of 9 days, 23 hours, 29 minutes, 49.5 seconds",
        "minus 10 days plus 30 minutes and 10.5 seconds is 9 days, 23 hours, 29 minutes and 49.5 \
         seconds before (the text adds the seconds the wrong way)",
    ),
    (
        "Find(MakeList(MakeDateTime(2009, 1, 10, 6, 30, 0), MakeDateTime(2009, 1, 10, 6, 30, 0), \
         ToDateTime(NOT_SET)), MakeDateTime(2009, 1, 10, 6, 30, 0))",
        "An Integer collection with 2 elements whose values are 0 and 1.",
        "both items equal the value, and Find gives every such index (as the documentation's Find \
         of two NOT_SET Skills does)",
    ),
    (
        "FindFirst(MakeList(ToPhoneNumber(\"sip:john.doe@company.com\"), \
         ToPhoneNumber(\"sips:john.doe@company.com\")), ToPhoneNumber(\"sip:john.doe@company.com\"))",
        "0",
        "the first item is the value itself (Find of the same list is documented as index 0, and \
         `sip:` and `sips:` as unequal)",
    ),
    (
        "GetDayOfWeekOccurrence(1, 20, 2017, 2, 11, 15)",
        "A DateTime whose value is May 14th, 2017 at 02:11:15AM",
        "the six-argument overload takes hour, minute and second (as its other examples read)",
    ),
];

/// Documented results written as sentences this reader does not follow, each as the items of
/// the collection (or members of the object) it describes: (input, items).
const SENTENCES: &[(&str, &[&str])] = &[
    ("If(5>3, MakeList(true), MakeList(false))", &["true"]),
    ("If(5>3, MakeList(\"hello\"), MakeList(\"world\"))", &["\"hello\""]),
    ("If(5>3, MakeList(100), MakeList(200))", &["100"]),
    ("If(5>3, MakeList(100.5), MakeList(200.0))", &["100.5"]),
    (
        "If(5>3, MakeList(MakeDateTime(2009, 5, 5, 10, 30, 0)), MakeList(MakeDateTime(2005, 1, 1, \
         0, 0, 0)))",
        &["2009-05-05T10:30:00Z"],
    ),
    ("If(5>3, MakeList(MakeDuration(0, 1, 0, 0)), MakeList(MakeDuration(2, 0, 0, 0)))", &["PT1H"]),
    (
        "If(5>3, MakeList(ToSkill(NOT_SET)), MakeList(ToSkill(NOT_SET), ToSkill(NOT_SET)))",
        &["NOT_SET"],
    ),
    (
        "If(MakeCurrency(5.00, \"USD\") > MakeCurrency(2.00, \"USD\"), MakeList(MakeCurrency(10.00, \
         \"USD\")), MakeList(ToCurrency(NOT_SET)))",
        &["A Currency with an amount of 10.00 and code of \"USD\""],
    ),
    (
        "MakeListCurrency(MakeList(10.50, 2.50), \"USD\")",
        &[
            "A Currency with an amount of 10.50 and code of \"USD\"",
            "A Currency with an amount of 2.50 and code of \"USD\"",
        ],
    ),
    (
        "MakeListCurrency(MakeList(10.50, ToDecimal(NOT_SET)), \"USD\")",
        &[
            "A Currency with an amount of 10.50 and code of \"USD\"",
            "A Currency with a NOT_SET amount and code of \"USD\"",
        ],
    ),
    (
        "MakeListCurrency(MakeList(10.50, 2.50), MakeList(\"USD\", \"EUR\"))",
        &[
            "A Currency with an amount of 10.50 and code of \"USD\"",
            "A Currency with an amount of 2.50 and code of \"EUR\"",
        ],
    ),
    (
        "MakeListCurrency(MakeList(10.50, ToDecimal(NOT_SET)), MakeList(ToString(NOT_SET), \"EUR\"))",
        &[
            "A Currency with an amount of 10.50 and NOT_SET code",
            "A Currency with a NOT_SET amount and code of \"EUR\"",
        ],
    ),
    ("Range(MakeDuration(0, 5, 0, 0, 0), MakeDuration(0, 2, 0, 0, 0))", &["PT3H", "PT7H"]),
];

/// Objects described by their members: (input, (member, value) pairs).
const OBJECTS: &[(&str, &[(&str, &str)])] = &[
    (
        "MakeEmailAddress(\"john.doe@company.com\")",
        &[("id", "\"john.doe@company.com\""), ("name", "NOT_SET")],
    ),
    (
        "MakeEmailAddress(\"john.doe@company.com\", \"John\")",
        &[("id", "\"john.doe@company.com\""), ("name", "\"John\"")],
    ),
];

/// The documented result of an example, read.
fn wanted(input: &str, output: &str) -> Option<Want> {
    let bare = |s: &str| s.split_whitespace().collect::<String>();
    // `c ? a : b` is documented with the same sentence as `If(c, a, b)`.
    let as_if = match input.split_once('?') {
        Some((c, rest)) if !input.starts_with("If(") => match rest.split_once(" : ") {
            Some((a, b)) => format!("If({c}, {a}, {b})"),
            None => input.to_owned(),
        },
        _ => input.to_owned(),
    };
    let same = |i: &str| bare(i) == bare(&as_if);
    if let Some((_, items)) = SENTENCES.iter().find(|(i, _)| same(i)) {
        return items.iter().map(|i| read(i)).collect::<Option<_>>().map(Want::List);
    }
    if let Some((_, members)) = OBJECTS.iter().find(|(i, _)| same(i)) {
        return members
            .iter()
            .map(|(m, v)| read(v).map(|w| ((*m).to_owned(), w)))
            .collect::<Option<_>>()
            .map(Want::Members);
    }
    read(output)
}

/// What the example environment answers: Architect's built-in constants, NOT_SET otherwise
/// (as `flowsim expr eval` does).
struct NoFlow;

impl Env for NoFlow {
    fn lookup(&mut self, path: &Path, _: Span) -> Value {
        match builtins::find(path) {
            Some((b, n)) if b.offline == Offline::Constant => {
                path.rest(n).fold(b.constant(), |v, m| v.member(m))
            }
            _ => Value::NotSet,
        }
    }
    fn now_ms(&self) -> i64 {
        crate::expr::value::parse_datetime("2026-01-01T09:00:00Z").expect("a date-time")
    }
}

fn not_offline(key: &str, input: &str, output: &str) -> Option<&'static str> {
    NOT_OFFLINE.iter().find_map(|(m, why)| {
        let hit = match m {
            Match::Function(k) => *k == key,
            Match::Input(t) => input.contains(t),
            Match::Output(t) => output.starts_with(t),
        };
        hit.then_some(*why)
    })
}

fn run(input: &str) -> Result<Value, String> {
    let tree = parse(input).map_err(|e| format!("does not parse: {e}"))?;
    eval(&tree, &mut NoFlow).map_err(|e| format!("{}: {}", e.kind.as_str(), e.message))
}

fn shown(v: &Result<Value, String>) -> String {
    match v {
        Ok(Value::Str(s)) => format!("{:?}", &**s),
        Ok(Value::NotSet) => "NOT_SET".into(),
        Ok(v) => format!("{} ({})", v.display(), v.ty().name()),
        Err(e) => format!("error {e}"),
    }
}

/// The examples that differ, and counts: (equal, not judgeable offline, total).
fn compare_examples(cat: &[Entry]) -> (Vec<String>, usize, usize, usize) {
    let (mut out, mut equal, mut offline, mut total) = (Vec::new(), 0, 0, 0);
    for e in cat {
        for o in &e.overloads {
            for x in &o.examples {
                total += 1;
                let output = CORRECTED
                    .iter()
                    .find(|(i, ..)| *i == x.input)
                    .map_or(x.output.as_str(), |(_, o, _)| o);
                if not_offline(&e.key, &x.input, output).is_some() {
                    offline += 1;
                    continue;
                }
                let Some(want) = wanted(&x.input, output) else {
                    out.push(format!("{}: `{}`: cannot read `{output}`", e.key, x.input));
                    continue;
                };
                let got = run(&x.input);
                if matches(&want, &got) {
                    equal += 1;
                } else {
                    let want = match want {
                        Want::Error => "an error".to_owned(),
                        _ => format!("`{output}`"),
                    };
                    out.push(format!("`{}` is {}, Architect: {want}", x.input, shown(&got)));
                }
            }
        }
    }
    (out, equal, offline, total)
}

/// Examples flowsim still gets wrong (none today). The test fails when this list and the
/// comparison differ either way, so it cannot go stale.
const STILL_DIFFERENT: &[&str] = &[];

#[test]
fn documented_examples_evaluate_as_architect_documents() {
    let (found, equal, offline, total) = compare_examples(&catalogue());
    let report = format!(
        "examples equal {equal}/{total}; {offline} not judgeable offline; {} differ",
        found.len()
    );
    let new: Vec<&String> =
        found.iter().filter(|d| !STILL_DIFFERENT.contains(&d.as_str())).collect();
    let gone: Vec<&&str> =
        STILL_DIFFERENT.iter().filter(|d| !found.iter().any(|f| f == **d)).collect();
    assert!(
        new.is_empty() && gone.is_empty(),
        "{report}\nflowsim's result differs from Architect's documentation:\n  {}\nlisted as \
         different but now equal:\n  {}",
        new.iter().map(|s| s.as_str()).collect::<Vec<_>>().join("\n  "),
        gone.iter().map(|s| **s).collect::<Vec<_>>().join("\n  "),
    );
    eprintln!("{report}");
}

#[test]
fn architects_ways_of_writing_results_are_read() {
    assert_eq!(read("6.0"), Some(Want::Dec(crate::expr::decimal::dec("6.0"))));
    assert_eq!(read("6"), Some(Want::Int(6)));
    assert_eq!(read("\"a\\\\nb\" ( where \\\\n is a newline )"), Some(Want::Str("a\nb".into())));
    assert_eq!(
        read("A Duration of 1 day, eleven hours, 45 minutes and 30 seconds."),
        Some(Want::Duration(((24 + 11) * 60 + 45) * 60_000 + 30_000))
    );
    assert_eq!(
        read("A DateTime of June 2, 2003 at 10:58:59 PM"),
        crate::expr::value::parse_datetime("2003-06-02T22:58:59Z").map(Want::DateTime)
    );
    assert_eq!(
        read("A Currency with an amount of 2.25 and NOT_SET code."),
        Some(Want::Currency(Some(crate::expr::decimal::dec("2.25")), None))
    );
    assert_eq!(
        read("An Integer collection with 2 elements whose values are 0 and 1."),
        Some(Want::List(vec![Want::Int(0), Want::Int(1)]))
    );
    assert_eq!(read("A NOT_SET Skill."), Some(Want::NotSet));
    assert_eq!(read("Something else"), None);
}
