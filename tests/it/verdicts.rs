//! flowsim's checker against Architect's: every case of tools/oracle/data/verdict-cases.json
//! (the project's own expressions and generated ones) through `expr::verdict::verdict`, the path
//! `flowsim expr check` takes, and through `flowsim check` (each case in a flow), compared with
//! the verdict Architect's checker gave (tools/oracle/data/verdicts.json, written by
//! tools/oracle/verdicts.js): valid or not, the result type, the class of the mistake.
//!
//! Every disagreement fails but three kinds, each bounded:
//! - a case Architect's SDK refuses that flowsim accepts by a rule beyond the SDK (a function
//!   the SDK lacks, an overload newer Architect accepts): each rule is an entry of
//!   [`super::verdicts_excused`] with its source, whose length a constant caps;
//! - a case calling a function or overload no source shows (`unverifiedFunction`,
//!   `unverifiedOverload`): `check` warns of it;
//! - a text both refuse for different first mistakes (Architect checks a call's arguments
//!   before the call, flowsim its argument count first), capped too.
//!
//! And the few texts of `KNOWN`, each with its reason.

use super::verdicts_excused as excused;
use flowsim::expr::builtins::Media;
use flowsim::expr::func::beyond_sdk::Beyond;
use flowsim::expr::verdict::verdict;
use flowsim::expr::{Declarations, Ty, TypeEnv};
use serde::Deserialize;
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
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

impl Verdict {
    /// The SDK accepted the text offline but built no expression tree, so it neither refused
    /// nor typed it (`ToAudio` of a system prompt it has no data for): nothing to compare.
    fn is_none(&self) -> bool {
        self.class.as_deref() == Some("noVerdict")
    }
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

/// The most texts both checkers refuse for different first mistakes (a text with two mistakes,
/// of which Architect reports another first). Raising it is a visible diff.
const MAX_OTHER_FIRST: usize = 235;
/// Cases the SDK gives no verdict for offline test nothing: at most this many.
const MAX_NO_VERDICT: usize = 4;

/// The rules beyond Architect's SDK that flowsim's checker used for one text.
struct Traced<'a> {
    env: &'a Declarations,
    used: RefCell<BTreeSet<Beyond>>,
}

impl TypeEnv for Traced<'_> {
    fn ref_type(&self, path: &flowsim::expr::Path) -> Option<Ty> {
        self.env.ref_type(path)
    }

    fn is_complete(&self) -> bool {
        self.env.is_complete()
    }

    fn media(&self) -> Option<Media> {
        self.env.media()
    }

    fn beyond_sdk(&self, rule: Beyond, _span: flowsim::expr::ast::Span) {
        self.used.borrow_mut().insert(rule);
    }
}

/// flowsim's verdict on `text`, and the rules beyond the SDK it took.
fn traced_verdict(
    text: &str,
    env: &Declarations,
) -> (Result<Ty, flowsim::expr::verdict::Rejection>, BTreeSet<Beyond>) {
    let traced = Traced { env, used: RefCell::default() };
    let got = verdict(text, &traced);
    (got, traced.used.into_inner())
}

/// How a case where the SDK refuses and flowsim accepts is explained: by excused rules (each
/// counted in `uses`), by an unverified function, or not at all.
enum Why {
    Excused,
    Unverified,
    Unexplained(String),
}

fn why(rules: &BTreeSet<Beyond>, uses: &mut BTreeMap<usize, usize>) -> Why {
    if rules.iter().any(|r| !r.verified()) {
        return Why::Unverified;
    }
    if rules.is_empty() {
        return Why::Unexplained("no rule beyond the SDK".into());
    }
    for r in rules {
        match excused::entry(*r) {
            Some(i) => *uses.entry(i).or_default() += 1,
            None => return Why::Unexplained(format!("{r:?} is not in verdicts_excused.rs")),
        }
    }
    Why::Excused
}

fn envs(cases: &CaseFile) -> BTreeMap<&str, Declarations> {
    let media = Media::of_flow_type(&cases.flow_type).expect("a flow type flowsim knows");
    cases
        .var_sets
        .iter()
        .map(|(name, vars)| {
            let mut d = Declarations::default();
            for (v, t) in vars {
                d.declare(v, sdk_type(t));
            }
            (name.as_str(), d.complete().in_flows_of(media))
        })
        .collect()
}

#[test]
fn flowsim_checker_gives_architects_verdicts() {
    let cases: CaseFile = serde_json::from_str(&data("verdict-cases.json")).unwrap();
    let verdicts: Vec<Verdict> = serde_json::from_str(&data("verdicts.json")).unwrap();
    assert_eq!(cases.cases.len(), verdicts.len(), "verdicts.json is stale: run node verdicts.js");
    let envs = envs(&cases);
    let (mut same, mut known, mut excused_n, mut uses) =
        (0, Vec::new(), Vec::new(), BTreeMap::new());
    let (mut unverified, mut other_first, mut wrong) = (Vec::new(), Vec::new(), Vec::new());
    let mut no_verdict = Vec::new();
    for (case, want) in cases.cases.iter().zip(&verdicts) {
        assert_eq!(case.text, want.text, "verdicts.json is stale: run node verdicts.js");
        if want.is_none() {
            no_verdict.push(case.text.clone());
            continue;
        }
        let (got, rules) = traced_verdict(&case.text, &envs[case.vars.as_str()]);
        let want_class = want.class.as_deref().unwrap_or("valid");
        let (got_class, got_type) = match &got {
            Ok(t) => ("valid", t.to_string()),
            Err(r) => (r.class, String::new()),
        };
        let want_type = if want.valid { architect_type(want.ty.as_deref()) } else { String::new() };
        if got_class == want_class && got_type == want_type {
            same += 1;
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
            known.push(case.text.clone());
        } else if want_class != "valid" && got_class != "valid" {
            other_first.push(line);
        } else if want_class != "valid" || (got_class == "valid" && !rules.is_empty()) {
            // Refused by the SDK, or typed otherwise, where flowsim went beyond it.
            match why(&rules, &mut uses) {
                Why::Excused => excused_n.push(line),
                Why::Unverified => unverified.push(line),
                Why::Unexplained(how) => wrong.push(format!("{line}\n    ({how})")),
            }
        } else {
            wrong.push(line);
        }
    }
    let total = cases.cases.len();
    let mut report = format!(
        "{total} cases: {same} same verdict; {} accepted by rules beyond the SDK ({} entries of \
         verdicts_excused.rs, cap {}); {} call an unverified function; {} refused by both for \
         another first mistake (cap {MAX_OTHER_FIRST}); {} known differences; {} differ; {} \
         with no verdict offline {no_verdict:?}\n",
        excused_n.len(),
        excused::EXCUSED.len(),
        excused::CAP,
        unverified.len(),
        other_first.len(),
        known.len(),
        wrong.len(),
        no_verdict.len(),
    );
    if std::env::var_os("VERDICTS_LIST").is_some() {
        for (title, lines) in [
            ("accepted beyond the SDK", &excused_n),
            ("unverified", &unverified),
            ("refused by both, another mistake first", &other_first),
        ] {
            let _ = writeln!(report, "\n-- {title} --");
            for l in lines {
                let _ = writeln!(report, "{l}");
            }
        }
    }
    // Entries no case exercises (a JSON variable's conversions: the cases declare no JSON):
    // the test in verdicts_excused.rs holds them to the checker's rules.
    let idle: Vec<&str> = excused::EXCUSED
        .iter()
        .enumerate()
        .filter(|(i, _)| !uses.contains_key(i))
        .map(|(_, e)| e.function)
        .collect();
    let _ = writeln!(report, "entries no case exercises: {idle:?}");
    eprintln!("{report}");
    assert!(wrong.is_empty(), "{report}\n-- verdicts that differ --\n{}", wrong.join("\n"));
    assert!(
        no_verdict.len() <= MAX_NO_VERDICT,
        "{report}\nmore cases than {MAX_NO_VERDICT} with no verdict: write the texts with prompts \
         the SDK knows offline"
    );
    assert!(
        other_first.len() <= MAX_OTHER_FIRST,
        "{report}\nmore texts refused for another first mistake than the cap"
    );
    let stale: Vec<&str> =
        KNOWN.iter().map(|(t, _)| *t).filter(|t| !known.iter().any(|k| k == t)).collect();
    assert!(stale.is_empty(), "known differences that now agree (remove them): {stale:?}");
}

/// The Archy call flow `check` reads for one case: the case's expression written to a String
/// variable by Update Data, with the case's variables declared in the task.
fn case_flow(text: &str, vars: &BTreeMap<String, String>) -> String {
    crate::support::archy_expression_flow(text, vars.iter().map(|(n, t)| (n.as_str(), t.as_str())))
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
/// call flow declaring the case's variables, compared with Architect's verdict (never with
/// flowsim's own checker). Where Architect refuses and `check` passes, the expression checker's
/// rules beyond the SDK must explain it, each an entry of verdicts_excused.rs, or the text
/// calls an unverified function or overload and `check` warns `unverifiedFunction` or
/// `unverifiedOverload`.
#[test]
fn check_refuses_a_flow_exactly_when_architect_refuses_its_expression() {
    let cases: CaseFile = serde_json::from_str(&data("verdict-cases.json")).unwrap();
    let verdicts: Vec<Verdict> = serde_json::from_str(&data("verdicts.json")).unwrap();
    let envs = envs(&cases);
    let (mut same, mut excused_n, mut unverified, mut known) = (0, 0, 0, Vec::new());
    let (mut uses, mut wrong) = (BTreeMap::new(), Vec::new());
    for (case, want) in cases.cases.iter().zip(&verdicts) {
        if want.is_none() {
            continue;
        }
        let flow = case_flow(&case.text, &cases.var_sets[&case.vars]);
        let report =
            flowsim::flow::Registry::from_sources([(std::path::Path::new("case.yaml"), &*flow)]);
        let errors: Vec<String> = report
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| format!("{}: {}", d.code, d.message))
            .collect();
        let warned = report
            .diagnostics
            .iter()
            .any(|d| matches!(d.code.as_str(), "unverifiedFunction" | "unverifiedOverload"));
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
        // `check` reads the text as `expr::verdict` does: the differences flowsim keeps there
        // (`KNOWN`) are its differences too.
        if CHECK_KNOWN.iter().chain(KNOWN).any(|(t, _)| *t == case.text) {
            known.push(case.text.clone());
            continue;
        }
        if want.valid {
            wrong.push(line);
            continue;
        }
        let (_, rules) = traced_verdict(&case.text, &envs[case.vars.as_str()]);
        match why(&rules, &mut uses) {
            Why::Excused => excused_n += 1,
            Why::Unverified if warned => unverified += 1,
            Why::Unverified => {
                wrong.push(format!(
                    "{line}\n    (no unverifiedFunction or unverifiedOverload warning)"
                ));
            }
            Why::Unexplained(how) => wrong.push(format!("{line}\n    ({how})")),
        }
    }
    let total = cases.cases.len();
    let report = format!(
        "{total} cases: check agrees with Architect on {same}; passes {excused_n} by rules \
         beyond the SDK (verdicts_excused.rs); passes {unverified} with an unverifiedFunction \
         or unverifiedOverload warning; {} known differences; {} differ\n",
        known.len(),
        wrong.len()
    );
    eprintln!("{report}");
    assert!(wrong.is_empty(), "{report}\n-- check differs --\n{}", wrong.join("\n"));
    let stale: Vec<&str> =
        CHECK_KNOWN.iter().map(|(t, _)| *t).filter(|t| !known.iter().any(|k| k == t)).collect();
    // (`KNOWN`'s texts are held true by the test above.)
    assert!(stale.is_empty(), "known differences that now agree (remove them): {stale:?}");
}
