//! Functions published Architect flows call that Architect's Scripting SDK lacks (the JSON
//! functions, bot flows' communication builders, `RandomInt`), through the binary a user types:
//! `flowsim check` accepts the flows and `flowsim run` and `flowsim test` run them. Random
//! numbers come from a generator the run's seed sets (docs/expressions.md), so the same request
//! gives the same bytes and another seed other numbers.

use crate::cli::{flowsim, flowsim_in};

const JSON_FLOW: &str = r#"
workflow:
  name: JsonTutorial
  startUpRef: "/workflow/states/state[S_1]"
  variables:
    - jsonVariable: {name: Flow.CustomerJson}
    - booleanVariable: {name: Flow.isObject, isOutput: true}
    - integerVariable: {name: Flow.age, isOutput: true}
    - stringVariable: {name: Flow.names, isOutput: true}
    - stringVariable: {name: Flow.numbers, isOutput: true}
  states:
    - state:
        name: S
        refId: S_1
        actions:
          - updateData:
              name: Compute
              statements:
                - json: {variable: Flow.CustomerJson, value: {exp: 'JsonParse("{\"name\": \"Ann\", \"age\": \"42\", \"favoriteNumbers\": [10, 30]}")'}}
                - boolean: {variable: Flow.isObject, value: {exp: 'IsJsonObject(Flow.CustomerJson)'}}
                - integer: {variable: Flow.age, value: {exp: 'ToInt(Flow.CustomerJson.age)'}}
                - json: {variable: Flow.CustomerJson, value: {exp: 'SetJsonObjectProperty(Flow.CustomerJson, "favoriteNumbers", ReplaceJsonArrayItem(Flow.CustomerJson.favoriteNumbers, 30, 40))'}}
                - string: {variable: Flow.numbers, value: {exp: 'ToString(ToJsonCollection(Flow.CustomerJson.favoriteNumbers), ",")'}}
                - string: {variable: Flow.names, value: {exp: 'ToString(GetJsonObjectPropertyNames(Flow.CustomerJson), ",")'}}
          - endWorkflow: {name: End}
"#;

/// The outputs of `flowsim run --flows FILE FLOW ARGS --format json`.
#[track_caller]
fn outputs(file: &std::path::Path, flow: &str, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["run", "--flows", file.to_str().unwrap(), flow, "--format", "json"];
    all.extend_from_slice(args);
    let o = flowsim(&all);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    let j: serde_json::Value = serde_json::from_str(&o.stdout).expect("a JSON result");
    j["outputs"].clone()
}

#[test]
fn the_json_tutorial_flow_checks_and_runs() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("json.yaml");
    std::fs::write(&file, JSON_FLOW).unwrap();
    let o = flowsim(&["check", "--flows", file.to_str().unwrap()]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    let out = outputs(&file, "JsonTutorial", &[]);
    assert_eq!(out["Flow.isObject"], true, "{out:#}");
    assert_eq!(out["Flow.age"], 42, "ToInt of a JSON value: {out:#}");
    assert_eq!(out["Flow.numbers"], "10,40", "{out:#}");
    assert_eq!(out["Flow.names"], "name,age,favoriteNumbers", "{out:#}");
}

const BOT_FLOW: &str = r#"
workflow:
  name: Greeting
  startUpRef: "/workflow/states/state[S_1]"
  variables:
    - stringVariable: {name: Flow.StudentFirstName, initialValue: {lit: Ann}}
    - stringVariable: {name: Flow.said, isOutput: true}
    - stringVariable: {name: Flow.spoken, isOutput: true}
  states:
    - state:
        name: S
        refId: S_1
        actions:
          - updateData:
              name: Compute
              statements:
                - string: {variable: Flow.said, value: {exp: 'ToString(MakeCommunication("Hello ", ToCommunication(Flow.StudentFirstName), ToCommunicationBlank(750)))'}}
                - string: {variable: Flow.spoken, value: {exp: 'ToString(ToCommunicationSsml("<speak>Hi <break time=\"1s\"/>there</speak>"))'}}
          - endWorkflow: {name: End}
"#;

#[test]
fn communications_with_pauses_and_ssml_check_and_run() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("greeting.yaml");
    std::fs::write(&file, BOT_FLOW).unwrap();
    let o = flowsim(&["check", "--flows", file.to_str().unwrap()]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    let out = outputs(&file, "Greeting", &[]);
    assert_eq!(out["Flow.said"], "Hello Ann", "{out:#}");
    assert_eq!(out["Flow.spoken"], "Hi there", "{out:#}");
}

const DICE: &str = r#"
workflow:
  name: Dice
  startUpRef: "/workflow/states/state[S_1]"
  variables:
    - integerVariable: {name: Flow.roll, isOutput: true}
    - integerVariable: {name: Flow.big, isOutput: true}
    - integerVariable: {name: Flow.other, isOutput: true}
  states:
    - state:
        name: S
        refId: S_1
        actions:
          - updateData:
              name: Roll
              statements:
                - integer: {variable: Flow.roll, value: {exp: 'RandomInt(99) + 1'}}
                - integer: {variable: Flow.big, value: {exp: 'RandomInt(1000000000)'}}
                - integer: {variable: Flow.other, value: {exp: 'Random(1000000000)'}}
          - endWorkflow: {name: End}
"#;

#[test]
fn random_numbers_follow_the_seed_of_run_and_test() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("dice.yaml");
    std::fs::write(&file, DICE).unwrap();
    let flows = file.to_str().unwrap();
    let o = flowsim(&["check", "--flows", flows]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);

    // The same request gives the same bytes; the default seed is 0.
    let run = |extra: &[&str]| {
        let mut args = vec!["run", "--flows", flows, "Dice", "--format", "json"];
        args.extend_from_slice(extra);
        let o = flowsim(&args);
        assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
        o.stdout
    };
    assert_eq!(run(&[]), run(&[]));
    assert_eq!(run(&[]), run(&["--seed", "0"]));
    let seed0 = outputs(&file, "Dice", &[]);
    let seed1 = outputs(&file, "Dice", &["--seed", "1"]);
    assert_ne!(seed0, seed1, "another seed, other numbers");
    for out in [&seed0, &seed1] {
        let roll = out["Flow.roll"].as_i64().unwrap();
        assert!((1..=99).contains(&roll), "{out:#}");
        assert_ne!(out["Flow.big"], out["Flow.other"], "each call draws the next number: {out:#}");
    }

    // The run request's `seed` is the flag's.
    let request = dir.path().join("request.json");
    std::fs::write(&request, r#"{"flowName": "Dice", "seed": 1}"#).unwrap();
    assert_eq!(run(&["--request", request.to_str().unwrap()]), run(&["--seed", "1"]));

    // A scenario's `seed:`, else `flowsim test --seed`, else 0.
    let expect = |out: &serde_json::Value| {
        format!("{{Flow.roll: {}, Flow.big: {}}}", out["Flow.roll"], out["Flow.big"])
    };
    let scenarios = format!(
        "flows: dice.yaml\nscenarios:\n  \
         - name: seed one\n    flow: Dice\n    seed: 1\n    expect: {{outputs: {one}}}\n  \
         - name: the default seed\n    flow: Dice\n    expect: {{outputs: {zero}}}\n",
        one = expect(&seed1),
        zero = expect(&seed0),
    );
    std::fs::write(dir.path().join("dice.scenarios.yaml"), scenarios).unwrap();
    let o = flowsim_in(dir.path(), &["test", "--color", "never"]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    let o = flowsim_in(dir.path(), &["test", "--color", "never", "--seed", "1"]);
    assert_eq!(
        o.code, 1,
        "--seed 1 changes the scenario without a seed:\n{}{}",
        o.stdout, o.stderr
    );
    assert!(o.stdout.contains("FAIL ./dice.scenarios.yaml › the default seed"), "{}", o.stdout);
    assert!(
        o.stdout.contains("PASS ./dice.scenarios.yaml › seed one"),
        "its own seed: {}",
        o.stdout
    );
}
