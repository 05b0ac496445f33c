//! The find actions that look up prompts, grammars, utilization labels and external
//! organizations (docs/architect.md §3.2, docs/fixtures.md), through the CLI: found, not found,
//! the found value used where the flow uses it, and a malformed fixture's error.

use crate::cli::flowsim;
use serde_json::Value;

/// An inbound call flow whose one task runs `action` (Archy YAML, indented for the task), whose
/// `found` path plays `Flow.x` and whose `notFound` path disconnects as `Missing`.
fn flow(action: &str, props: &str) -> String {
    crate::support::archy_task_flow(
        "inboundCall",
        &format!(
            r"          - {action}:
              name: Find
{props}
              outputs:
                found:
                  actions:
                    - playAudio:
                        name: Play
                        audio:
                          exp: Flow.x
                notFound:
                  actions:
                    - disconnect:
                        name: Missing
          - disconnect:
              name: Bye
"
        ),
    )
}

/// Name (or id) lookups: `findName` (or `findId`) is `lit: <key>`, the result goes to `Flow.x`.
fn find(action: &str, key_prop: &str, key: &str) -> String {
    flow(action, &format!("              {key_prop}:\n                lit: {key}\n              findResult: Flow.x"))
}

const FIXTURES: &str = r"prompts:
  - {id: p1, name: Welcome, languages: [en-US, es-US]}
grammars:
  - {id: g1, name: Yes No}
utilizationLabels:
  - {id: l1, name: Premium}
externalOrganizations:
  - {id: o1, name: Acme, industry: Retail, tags: [vip]}
  - {id: o2, name: Acme}
";

/// Runs `flow` with [`FIXTURES`]; the run's JSON.
#[track_caller]
fn run(flow: &str, fixtures: &str) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let (f, fx) = (dir.path().join("f.yaml"), dir.path().join("fx.yaml"));
    std::fs::write(&f, flow).unwrap();
    std::fs::write(&fx, fixtures).unwrap();
    let o = flowsim(&[
        "run",
        "F",
        "--flows",
        f.to_str().unwrap(),
        "--fixtures",
        fx.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    serde_json::from_str(&o.stdout).unwrap()
}

/// The names of the steps a run took, in order.
fn path(r: &Value) -> Vec<&str> {
    r["trace"].as_array().unwrap().iter().map(|s| s["nodeId"].as_str().unwrap()).collect()
}

fn prompts(r: &Value) -> Vec<&str> {
    r["prompts"].as_array().unwrap().iter().map(|p| p["text"].as_str().unwrap()).collect()
}

const FOUND: [&str; 3] = ["T/Find", "T/Play", "T/Bye"];
const NOT_FOUND: [&str; 2] = ["T/Find", "T/Missing"];

#[test]
fn a_found_user_prompt_plays_as_that_prompt() {
    for key in ["welcome", "p1", "Prompt.Welcome"] {
        let r = run(&find("findUserPrompt", "findName", key), FIXTURES);
        assert_eq!(path(&r), FOUND, "{key}: {r}");
        assert_eq!(prompts(&r), ["[Prompt.Welcome]"], "{r}");
    }
    let r = run(&find("findUserPrompt", "findName", "Goodbye"), FIXTURES);
    assert_eq!(path(&r), NOT_FOUND, "{r}");
    assert!(r["variables"]["Flow.x"].is_null(), "{r}");
}

#[test]
fn any_system_prompt_name_is_found_and_plays() {
    let r = run(&find("findSystemPrompt", "findName", "please_try_again"), "prompts: []\n");
    assert_eq!(path(&r), FOUND, "{r}");
    assert_eq!(prompts(&r), ["[PromptSystem.please_try_again]"], "{r}");
    let r = run(&find("findSystemPrompt", "findName", "''"), "prompts: []\n");
    assert_eq!(path(&r), NOT_FOUND, "an empty name finds nothing: {r}");
}

/// Genesys takes Not Found for a name that is not one of the org's system prompts: with the
/// org's list in the fixtures (`systemPrompts`), flowsim does too.
#[test]
fn with_the_orgs_system_prompts_listed_only_they_are_found() {
    let listed = "systemPrompts:\n  - {id: sp1, name: please_try_again}\n";
    for key in ["please_try_again", "PLEASE_TRY_AGAIN", "PromptSystem.please_try_again", "sp1"] {
        let r = run(&find("findSystemPrompt", "findName", key), listed);
        assert_eq!(path(&r), FOUND, "{key}: {r}");
        assert_eq!(prompts(&r), ["[PromptSystem.please_try_again]"], "{r}");
    }
    let r = run(&find("findSystemPrompt", "findName", "please_try_agian"), listed);
    assert_eq!(path(&r), NOT_FOUND, "a name the org lacks: {r}");
}

#[test]
fn grammars_utilization_labels_are_found_by_name_or_id() {
    for (action, prop, key, name) in [
        ("findGrammar", "findName", "yes no", "Yes No"),
        ("findGrammarById", "findId", "g1", "Yes No"),
        ("findUtilizationLabel", "findName", "PREMIUM", "Premium"),
    ] {
        let r = run(&find(action, prop, key), FIXTURES);
        assert_eq!(path(&r), FOUND, "{action}: {r}");
        assert_eq!(r["variables"]["Flow.x"]["name"], name, "{action}: {r}");
        let r = run(&find(action, prop, "nothing"), FIXTURES);
        assert_eq!(path(&r), NOT_FOUND, "{action}: {r}");
    }
}

#[test]
fn an_external_organization_is_found_by_id_with_all_its_fields() {
    let get = |id: &str| {
        flow(
            "getExternalOrganization",
            &format!(
                "              externalId:\n                lit: {id}\n              externalResult: Flow.x"
            ),
        )
    };
    let r = run(&get("o1"), FIXTURES);
    assert_eq!(path(&r), FOUND, "{r}");
    assert_eq!(r["variables"]["Flow.x"]["industry"], "Retail", "{r}");
    assert_eq!(r["variables"]["Flow.x"]["tags"][0], "vip", "{r}");
    // Organizations may share a name; each is found by its own id.
    let r = run(&get("o2"), FIXTURES);
    assert_eq!(path(&r), FOUND, "{r}");
    assert!(r["variables"]["Flow.x"]["industry"].is_null(), "{r}");
    // By id only: the organization's name is not its id.
    let r = run(&get("Acme"), FIXTURES);
    assert_eq!(path(&r), NOT_FOUND, "{r}");
}

#[test]
fn a_malformed_lookup_fixture_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let (f, fx) = (dir.path().join("f.yaml"), dir.path().join("fx.yaml"));
    std::fs::write(&f, find("findUserPrompt", "findName", "Welcome")).unwrap();
    for (fixture, expected) in [
        ("prompts:\n  - {id: p1, name: Welcome, languages: en-US}\n", "prompts[0].languages"),
        ("prompts:\n  - {id: p1, nmae: Welcome}\n", "unknown key `nmae`"),
        ("grammars:\n  - {name: Yes No}\n", "grammar has no `id`"),
        ("utilizationLabels: Premium\n", "utilizationLabels"),
        ("externalOrganizations:\n  - {id: o1}\n", "external organization has no `name`"),
        (
            "prompts:\n  - {id: p1, name: Welcome}\n  - {id: p2, name: WELCOME}\n",
            "prompt name \"WELCOME\" is already used",
        ),
    ] {
        std::fs::write(&fx, fixture).unwrap();
        let o = flowsim(&[
            "run",
            "F",
            "--flows",
            f.to_str().unwrap(),
            "--fixtures",
            fx.to_str().unwrap(),
        ]);
        assert_eq!(o.code, 2, "{fixture}: {}{}", o.stdout, o.stderr);
        assert!(o.stderr.contains(expected), "{fixture}: missing {expected:?} in {}", o.stderr);
        assert!(o.stderr.contains("fx.yaml"), "{}", o.stderr);
    }
}

/// A Call Decision Table action on `Routing` with the inputs `segment` and `age`, whose success
/// plays the chosen queue (`Flow.x`) and whose failure disconnects as `Failed`.
fn decide(segment: &str, age: &str) -> String {
    format!(
        r#"inboundCall:
  name: F
  startUpRef: "/inboundCall/tasks/task[T_1]"
  defaultLanguage: en-us
  supportedLanguages:
    en-us:
      defaultLanguageSkill:
        noValue: true
  tasks:
    - task:
        name: T
        refId: T_1
        actions:
          - callDecisionTable:
              name: Decide
              decisionTable: Routing
              inputs:
                segment:
                  lit: {segment}
                age:
                  lit: {age}
              successOutputs:
                queue: Flow.x
                priority: Flow.priority
              failureOutputs:
                errorType: Flow.errorType
                errorMessage: Flow.errorMessage
              outputs:
                success:
                  actions:
                    - playAudio:
                        name: Play
                        audio:
                          exp: Flow.x
                failure:
                  actions:
                    - disconnect:
                        name: Failed
          - disconnect:
              name: Bye
"#
    )
}

const TABLES: &str = r"decisionTables:
  - id: dt1
    name: Routing
    columns:
      - {input: segment}
      - {input: age, comparator: greaterThanOrEquals}
    rows:
      - {conditions: [Gold, 18], outputs: {queue: VIP, priority: 5}}
      - {conditions: [Gold, null], outputs: {queue: Young Gold, priority: 4}}
      - {conditions: [null, 65], outputs: {queue: Seniors, priority: 3}}
    default: {queue: General, priority: 1}
";

#[test]
fn a_decision_table_gives_the_first_matching_rows_outputs_else_its_default() {
    for (segment, age, queue, priority) in [
        ("Gold", "30", "VIP", 5),
        ("Gold", "12", "Young Gold", 4),
        // Text compares case-sensitively: `gold` is not `Gold`.
        ("gold", "70", "Seniors", 3),
        ("Silver", "40", "General", 1),
    ] {
        let r = run(&decide(segment, age), TABLES);
        assert_eq!(path(&r), ["T/Decide", "T/Play", "T/Bye"], "{segment} {age}: {r}");
        assert_eq!(prompts(&r), [queue], "{segment} {age}: {r}");
        assert_eq!(r["variables"]["Flow.priority"], priority, "{r}");
    }
}

#[test]
fn no_matching_row_or_no_table_takes_failure_with_its_error() {
    let no_default = TABLES.replace("    default: {queue: General, priority: 1}\n", "");
    let r = run(&decide("Silver", "40"), &no_default);
    assert_eq!(path(&r), ["T/Decide", "T/Failed"], "{r}");
    assert_eq!(r["variables"]["Flow.errorType"], "NoMatchingRow", "{r}");
    let r = run(&decide("Gold", "30"), "decisionTables: []\n");
    assert_eq!(path(&r), ["T/Decide", "T/Failed"], "{r}");
    assert_eq!(r["variables"]["Flow.errorType"], "DecisionTableNotFound", "{r}");
    assert_eq!(r["trace"][0]["error"]["kind"], "decisionTableNotFound", "{r}");
}

#[test]
fn a_malformed_decision_table_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let (f, fx) = (dir.path().join("f.yaml"), dir.path().join("fx.yaml"));
    std::fs::write(&f, decide("Gold", "30")).unwrap();
    for (fixture, expected) in [
        (TABLES.replace("[Gold, 18]", "[Gold]"), "1 condition(s) for 2 column(s)"),
        (
            TABLES.replace("comparator: greaterThanOrEquals", "comparator: atLeast"),
            "unknown comparator \"atLeast\"",
        ),
        (TABLES.replace("    columns:\n", "    cols:\n"), "unknown key `cols`"),
        (TABLES.replace("default: {queue: General, priority: 1}", "default: General"), "default"),
    ] {
        std::fs::write(&fx, &fixture).unwrap();
        let o = flowsim(&[
            "run",
            "F",
            "--flows",
            f.to_str().unwrap(),
            "--fixtures",
            fx.to_str().unwrap(),
        ]);
        assert_eq!(o.code, 2, "{fixture}: {}{}", o.stdout, o.stderr);
        assert!(o.stderr.contains(expected), "{fixture}: missing {expected:?} in {}", o.stderr);
    }
}
