//! flowsim's checker against Architect's: every case of tools/oracle/data/verdict-cases.json
//! (the project's own expressions and generated ones) through `expr::verdict::verdict`, the path
//! `flowsim expr check` takes, compared with the verdict Architect's checker gave
//! (tools/oracle/data/verdicts.json, written by tools/oracle/verdicts.js): valid or not, the
//! result type, the class of the mistake.
//!
//! Disagreements that come only from a function's or operator's signature (which overloads
//! exist, which functions the SDK's catalogue has, argument ranges) are counted apart and
//! listed, not failed: the function table has its own tests. Every other disagreement fails.

use flowsim::expr::builtins::Media;
use flowsim::expr::verdict::verdict;
use flowsim::expr::{Declarations, ExprKind, Ty};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CaseFile {
    var_sets: BTreeMap<String, BTreeMap<String, String>>,
    flow_type: String,
    cases: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    text: String,
    from: String,
    vars: String,
}

#[derive(Deserialize)]
struct Verdict {
    text: String,
    valid: bool,
    #[serde(rename = "type")]
    ty: Option<String>,
    class: Option<String>,
    message: Option<String>,
}

fn data(name: &str) -> String {
    let path = format!("{}/tools/oracle/data/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The SDK's `flow.dataTypes` name as flowsim's type (`stringCollection` is a String Collection).
fn sdk_type(name: &str) -> Ty {
    Ty::parse(name).unwrap_or_else(|| panic!("no flowsim type for the SDK's {name}"))
}

/// Architect's type code as flowsim writes the type, `None` for a bare NOT_SET.
fn architect_type(code: Option<&str>) -> String {
    match code {
        None => Ty::NOT_SET.to_string(),
        Some(c) => Ty::parse(c).map_or_else(|| format!("({c})"), |t| t.to_string()),
    }
}

/// Classes of mistake whose disagreement comes from the function table's signatures.
const SIGNATURE_CLASSES: &[&str] =
    &["noOverload", "typeMismatch", "argumentValue", "flowType", "other"];

/// Function names Architect's SDK catalogue has.
fn architect_functions() -> Vec<String> {
    let all: serde_json::Value = serde_json::from_str(&data("functions.json")).unwrap();
    all.as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["name"].as_str().map(str::to_ascii_lowercase))
        .collect()
}

/// The name of the function called at the start of `text`'s first unknown call, when
/// Architect says a name is not a function.
fn called_name(text: &str, position: usize) -> Option<String> {
    let rest = text.get(position.saturating_sub(1)..)?;
    let name: String =
        rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
    rest[name.len()..].trim_start().starts_with('(').then(|| name.to_ascii_lowercase())
}

#[derive(Default)]
struct Tally {
    same: BTreeMap<String, usize>,
    signature: Vec<String>,
    /// Both refuse the text, for different mistakes: a text with two mistakes, of which
    /// Architect reports another first.
    order: Vec<String>,
    known: Vec<String>,
    wrong: Vec<String>,
}

/// Differences flowsim keeps, each with its reason. The test fails if one of these starts to
/// agree, so the list stays true.
const KNOWN: &[(&str, &str)] = &[
    ("1.", "Architect reads `1.` and `.5` as decimals; flowsim's grammar does not"),
    (".5", "Architect reads `1.` and `.5` as decimals; flowsim's grammar does not"),
    ("--1", "Architect refuses a double minus; flowsim reads a negated negative literal"),
    ("--3", "Architect refuses a double minus; flowsim reads a negated negative literal"),
    ("Task .dtm", "Architect allows a space before a member's dot; flowsim's grammar does not"),
    ("Task .bln", "Architect allows a space before a member's dot; flowsim's grammar does not"),
    (
        "Flow.HoldPrompt",
        "an in-queue call flow's built-in, read in an inbound call flow: the expression \
         checker knows a medium's built-ins (Call.), and `check` refuses one of another flow \
         type of the medium (check/names.rs)",
    ),
];

#[test]
fn flowsim_checker_gives_architects_verdicts() {
    let cases: CaseFile = serde_json::from_str(&data("verdict-cases.json")).unwrap();
    let verdicts: Vec<Verdict> = serde_json::from_str(&data("verdicts.json")).unwrap();
    assert_eq!(cases.cases.len(), verdicts.len(), "verdicts.json is stale: run node verdicts.js");
    let media = Media::of_flow_type(&cases.flow_type).expect("a flow type flowsim knows");
    let envs: BTreeMap<&str, Declarations> = cases
        .var_sets
        .iter()
        .map(|(name, vars)| {
            let mut d = Declarations::default();
            for (v, t) in vars {
                d.declare(v, sdk_type(t));
            }
            (name.as_str(), d.complete().in_flows_of(media))
        })
        .collect();
    let known_to_architect = architect_functions();
    let mut tally = Tally::default();
    for (case, want) in cases.cases.iter().zip(&verdicts) {
        assert_eq!(case.text, want.text, "verdicts.json is stale: run node verdicts.js");
        let env = &envs[case.vars.as_str()];
        let got = verdict(&case.text, env);
        let want_class = want.class.as_deref().unwrap_or("valid");
        let (got_class, got_type) = match &got {
            Ok(t) => ("valid", t.to_string()),
            Err(r) => (r.class, String::new()),
        };
        let want_type = if want.valid { architect_type(want.ty.as_deref()) } else { String::new() };
        if got_class == want_class && got_type == want_type {
            *tally.same.entry(want_class.to_owned()).or_default() += 1;
            continue;
        }
        let line = format!(
            "{:?} [{}]\n    Architect: {want_class} {want_type}{}\n    flowsim:   {got_class} {got_type}{}",
            case.text,
            case.from,
            want.message.as_deref().map(|m| format!(" — {m}")).unwrap_or_default(),
            got.as_ref().err().map(|r| format!(" — {}", r.message)).unwrap_or_default(),
        );
        if KNOWN.iter().any(|(t, _)| *t == case.text) {
            tally.known.push(case.text.clone());
        } else if from_signatures(case, want, &got, want_class, got_class, &known_to_architect) {
            tally.signature.push(line);
        } else if want_class != "valid" && got_class != "valid" {
            tally.order.push(line);
        } else {
            tally.wrong.push(line);
        }
    }
    let total = cases.cases.len();
    let same: usize = tally.same.values().sum();
    let mut report = format!(
        "{total} cases: {same} same verdict; {} differ by a signature only (function table); \
         {} refused by both for another first mistake; {} known differences; {} differ\n\
         same by class: {:?}\n",
        tally.signature.len(),
        tally.order.len(),
        tally.known.len(),
        tally.wrong.len(),
        tally.same
    );
    if std::env::var_os("VERDICTS_LIST").is_some() {
        report.push_str("\n-- differences from signatures only --\n");
        for l in &tally.signature {
            let _ = writeln!(report, "{l}");
        }
        report.push_str("\n-- refused by both, another mistake first --\n");
        for l in &tally.order {
            let _ = writeln!(report, "{l}");
        }
    }
    eprintln!("{report}");
    assert!(
        tally.wrong.is_empty(),
        "{report}\n-- verdicts that differ --\n{}",
        tally.wrong.join("\n")
    );
    let stale: Vec<&str> =
        KNOWN.iter().map(|(t, _)| *t).filter(|t| !tally.known.iter().any(|k| k == t)).collect();
    assert!(stale.is_empty(), "known differences that now agree (remove them): {stale:?}");
    assert_eq!(
        same + tally.signature.len() + tally.order.len() + tally.known.len() + tally.wrong.len(),
        total
    );
}

/// Whether a disagreement comes only from which overloads and functions exist.
fn from_signatures(
    case: &Case,
    want: &Verdict,
    got: &Result<Ty, flowsim::expr::verdict::Rejection>,
    want_class: &str,
    got_class: &str,
    known_to_architect: &[String],
) -> bool {
    let sig = |c: &str| SIGNATURE_CLASSES.contains(&c);
    // One side refuses the types of a call or an operator the other accepts, or both refuse
    // it in different words.
    if (sig(want_class) && (got_class == "valid" || sig(got_class)))
        || (sig(got_class) && want_class == "valid")
    {
        return true;
    }
    // A function one catalogue has and the other lacks.
    if want_class == "unknownFunction" {
        let at = want
            .message
            .as_deref()
            .and_then(|m| m.split(" at position ").nth(1))
            .and_then(|m| m.split(|c: char| !c.is_ascii_digit()).next())
            .and_then(|n| n.parse().ok())
            .unwrap_or(1);
        if let Some(name) = called_name(&case.text, at) {
            if flowsim::expr::func::lookup(&name).is_some() {
                return true;
            }
        }
    }
    if got_class == "unknownFunction" {
        if let Err(r) = got {
            let name = case.text.get(r.span.start as usize..r.span.end as usize).unwrap_or("");
            let name = name.split('(').next().unwrap_or("").trim().to_ascii_lowercase();
            if known_to_architect.contains(&name) {
                return true;
            }
        }
    }
    // Both valid with another result type: the type a call or an operator returns.
    if want_class == "valid" && got_class == "valid" {
        if let Ok(tree) = flowsim::expr::parse(&case.text) {
            return matches!(
                tree.kind,
                ExprKind::Call(_)
                    | ExprKind::Binary(..)
                    | ExprKind::Unary(..)
                    | ExprKind::Index(..)
            );
        }
    }
    false
}

/// The Archy call flow `check` reads for one case: the case's expression written to a String
/// variable by Update Data, with the case's variables declared in the task.
fn case_flow(text: &str, vars: &BTreeMap<String, String>) -> String {
    let mut declared = String::new();
    for (name, ty) in vars {
        let _ = write!(declared, "\n          - {ty}Variable: {{name: {name}}}");
    }
    let exp = serde_json::to_string(text).unwrap();
    format!(
        r#"inboundCall:
  name: Case
  startUpRef: "/inboundCall/tasks/task[T_1]"
  defaultLanguage: en-us
  supportedLanguages:
    en-us:
      defaultLanguageSkill:
        noValue: true
  variables:
    - stringVariable: {{name: Flow.out}}
  tasks:
    - task:
        name: T
        refId: T_1
        variables:{declared}
        actions:
          - updateData:
              name: Set
              statements:
                - string: {{variable: Flow.out, value: {{exp: {exp}}}}}
          - disconnect: {{name: End}}
"#
    )
}

/// Differences between `check` and Architect's checker that `check` keeps on purpose, each
/// with its reason (beyond those of `expr::verdict`, listed in the test above).
const CHECK_KNOWN: &[(&str, &str)] = &[
    (
        "System.Regions.US",
        "the case flow writes each expression to a String statement, and a lookup entry converts to no String (Architect's verdict here is for the expression alone, with no type required)",
    ),
    (
        "System.Regions",
        "the case flow writes each expression to a String statement, and a lookup container converts to no String (Architect's verdict here is for the expression alone, with no type required)",
    ),
];

/// `flowsim check` refuses an Archy flow exactly when Architect's checker refuses the
/// expression in it: every case of tools/oracle/data/verdict-cases.json, in an Update Data of a
/// call flow declaring the case's variables. Where flowsim's expression checker itself differs
/// from Architect's (the test above lists and bounds those), `check` follows it.
#[test]
fn check_refuses_a_flow_exactly_when_architect_refuses_its_expression() {
    let cases: CaseFile = serde_json::from_str(&data("verdict-cases.json")).unwrap();
    let verdicts: Vec<Verdict> = serde_json::from_str(&data("verdicts.json")).unwrap();
    let media = Media::of_flow_type(&cases.flow_type).expect("a flow type flowsim knows");
    let envs: BTreeMap<&str, Declarations> = cases
        .var_sets
        .iter()
        .map(|(name, vars)| {
            let mut d = Declarations::default();
            for (v, t) in vars {
                d.declare(v, sdk_type(t));
            }
            (name.as_str(), d.complete().in_flows_of(media))
        })
        .collect();
    let (mut same, mut as_verdict, mut known) = (0, Vec::new(), Vec::new());
    let mut wrong = Vec::new();
    for (case, want) in cases.cases.iter().zip(&verdicts) {
        let flow = case_flow(&case.text, &cases.var_sets[&case.vars]);
        let report =
            flowsim::flow::Registry::from_sources([(std::path::Path::new("case.yaml"), &*flow)]);
        let errors: Vec<String> = report
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| format!("{}: {}", d.code, d.message))
            .collect();
        let refused = !errors.is_empty();
        if refused != want.valid {
            same += 1;
            continue;
        }
        let line = format!(
            "{:?} [{}]\n    Architect: {}{}\n    check:     {}",
            case.text,
            case.from,
            if want.valid { "valid" } else { "refused" },
            want.message.as_deref().map(|m| format!(" — {m}")).unwrap_or_default(),
            if refused { errors.join("; ") } else { "no error".to_owned() },
        );
        if CHECK_KNOWN.iter().any(|(t, _)| *t == case.text) {
            known.push(case.text.clone());
        } else if verdict(&case.text, &envs[case.vars.as_str()]).is_err() == refused {
            as_verdict.push(line);
        } else {
            wrong.push(line);
        }
    }
    let total = cases.cases.len();
    let mut report = format!(
        "{total} cases: check agrees with Architect on {same}; follows flowsim's expression \
         checker where it differs from Architect's on {}; {} known differences; {} differ\n",
        as_verdict.len(),
        known.len(),
        wrong.len()
    );
    if std::env::var_os("VERDICTS_LIST").is_some() {
        report.push_str("\n-- as flowsim's expression checker --\n");
        for l in &as_verdict {
            let _ = writeln!(report, "{l}");
        }
    }
    eprintln!("{report}");
    assert!(wrong.is_empty(), "{report}\n-- check differs --\n{}", wrong.join("\n"));
    let stale: Vec<&str> =
        CHECK_KNOWN.iter().map(|(t, _)| *t).filter(|t| !known.iter().any(|k| k == t)).collect();
    assert!(stale.is_empty(), "known differences that now agree (remove them): {stale:?}");
}
