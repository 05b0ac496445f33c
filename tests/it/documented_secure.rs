//! Secure variables and secured customer data as the pages of Manage a variable, Extract Secure
//! Data and Get Secured Data document them, each on the smallest Archy flow (or export) that
//! shows it. The pages and their words are in docs/architect.md §6.

use crate::support::check_errors as errors;

/// A flow of type `kind` declaring the secure `Flow.Card` and the ordinary `Flow.last`, with
/// `actions` in its one task.
fn flow(kind: &str, actions: &str) -> String {
    format!(
        "{kind}:
  name: Vault
  startUpRef: ./tasks/task[Main_1]
  variables:
    - stringVariable: {{name: Flow.Card, isSecure: true}}
    - stringVariable: {{name: Flow.last}}
  tasks:
    - task:
        name: Main
        refId: Main_1
        actions:
          - updateData:
              name: Keep
              statements:
                - string: {{variable: Flow.Card, value: {{lit: '4111'}}}}
{actions}          - disconnect: {{name: Bye}}
"
    )
}

/// What Architect lets read a secure variable: Extract Secure Data's values, Call Secure
/// Data's inputs, audio.
const READERS: &str = "          - extractSecureData:
              name: Last four
              statements:
                - string: {variable: Flow.last, value: {exp: 'Right(Flow.Card, 4)'}}
          - callDataSecure:
              name: Charge
              category: {Payments: {dataAction: {Charge Card: {inputs: {card: {exp: Flow.Card}}}}}}
          - playAudio: {name: Read back, audio: {exp: 'ToAudioTTS(Flow.Card)'}}
";

#[test]
fn a_secure_variable_is_read_only_by_extract_secure_data_call_secure_data_and_audio() {
    assert_eq!(errors(&flow("secureCall", READERS)), Vec::<String>::new());
    // "Secure variables are write-only ... Architect reads secure values from the Extract Secure
    // Data action, Call Secure Data action, and from audio expressions."
    let decision = "          - decision:
              name: Visa?
              condition: {exp: 'StartsWith(Flow.Card, \"4\")'}
          - updateData:
              name: Copy
              statements:
                - string: {variable: Flow.last, value: {exp: Flow.Card}}
";
    assert_eq!(
        errors(&flow("secureCall", decision)),
        [
            "secureVariable: `Flow.Card` is a secure variable, which decision cannot read: \"Secure variables are write-only\", read only by Extract Secure Data, Call Secure Data and audio",
            "secureVariable: `Flow.Card` is a secure variable, which updateData cannot read: \"Secure variables are write-only\", read only by Extract Secure Data, Call Secure Data and audio",
        ]
    );
    // Names compare ignoring case, as variables do; Call Data Action is no secure action.
    let call_data = "          - callData:
              name: Charge
              category: {Payments: {dataAction: {Charge Card: {inputs: {card: {exp: flow.card}}}}}}
";
    assert_eq!(
        errors(&flow("secureCall", call_data)),
        ["secureVariable: `flow.card` is a secure variable, which callData cannot read: \"Secure variables are write-only\", read only by Extract Secure Data, Call Secure Data and audio"]
    );
}

#[test]
fn a_secure_variable_belongs_to_secure_call_and_voice_bot_flows() {
    // "They are available only in secure call and voice bot flows".
    assert_eq!(
        errors(&flow("inboundCall", "")),
        ["secureVariable: `Flow.Card` is a secure variable, which a flow of type inboundCall cannot have: secure variables \"are available only in secure call and voice bot flows\""]
    );
    // An export says it as `isSecure` on the variable, as Architect writes every variable.
    let export = |kind: &str| {
        serde_json::json!({
            "name": "Vault", "type": kind, "initialSequence": "t1",
            "variables": [{"__type": "StringVariable", "name": "Flow.Card", "isSecure": true,
                "isInput": false, "isOutput": false, "isCollection": false}],
            "flowSequenceItemList": [{
                "__type": "Task", "id": "t1", "name": "Main", "startAction": "d1",
                "actionList": [{"__type": "DisconnectAction", "id": "d1", "name": "Bye",
                    "trackingId": 1}],
            }],
        })
        .to_string()
    };
    assert_eq!(errors(&export("securecall")), Vec::<String>::new());
    assert_eq!(
        errors(&export("inboundcall")),
        ["secureVariable: `Flow.Card` is a secure variable, which a flow of type inboundCall cannot have: secure variables \"are available only in secure call and voice bot flows\""]
    );
}

#[test]
fn extract_secure_data_writes_only_non_secure_variables() {
    // "The destination variable must be a non-secure variable".
    let extract = "          - extractSecureData:
              name: Last four
              statements:
                - string: {variable: Flow.Card, value: {exp: 'Right(Flow.Card, 4)'}}
";
    assert_eq!(
        errors(&flow("secureCall", extract)),
        ["secureVariable: Extract Secure Data writes `Flow.Card`, a secure variable: \"The destination variable must be a non-secure variable\""]
    );
}

#[test]
fn extract_secure_data_reads_a_secure_variable_in_each_value() {
    let extract = |value: &str| {
        format!(
            "          - extractSecureData:
              name: Copy
              statements:
                - string: {{variable: Flow.last, value: {value}}}
"
        )
    };
    assert_eq!(
        errors(&flow("secureCall", &extract("{exp: 'Right(Flow.Card, 4)'}"))),
        Vec::<String>::new()
    );
    // "The input data must be an expression that contains a secure variable reference".
    for value in ["{exp: 'Right(Call.Ani, 4)'}", "{lit: '1111'}"] {
        assert_eq!(
            errors(&flow("secureCall", &extract(value))),
            ["secureVariable: statements[0].value reads no secure variable: in Extract Secure Data, \"The input data must be an expression that contains a secure variable reference\""],
            "{value}"
        );
    }
}

#[test]
fn set_screen_pop_refuses_secured_customer_data() {
    let pop = |input: &str| {
        crate::support::archy_task_flow(
            "inboundCall",
            &format!(
                "          - getSecuredData:
              name: Read
              attributes:
                - attribute: {{name: {{lit: ssn}}, variable: Flow.ssn}}
          - setScreenPop:
              name: Pop
              screenPopScript: {{Account Script: {{inputs: {{id: {{exp: '{input}'}}}}}}}}
          - disconnect: {{name: Bye}}
"
            ),
        )
    };
    assert_eq!(errors(&pop("Call.Ani")), Vec::<String>::new());
    // "You cannot assign secured customer data in a Set Screen Pop action".
    assert_eq!(
        errors(&pop("Right(Flow.ssn, 4)")),
        ["securedDataInScreenPop: `Flow.ssn` holds secured customer data (a Get Secured Data action sets it): \"You cannot assign secured customer data in a Set Screen Pop action\""]
    );
}

#[test]
fn a_secure_variables_value_never_shows_in_the_trace_or_the_result() {
    let flow = "secureCall:
  name: Vault
  startUpRef: ./tasks/task[Main_1]
  variables:
    - stringVariable: {name: Flow.Card, isSecure: true}
    - stringVariable: {name: Flow.last}
  tasks:
    - task:
        name: Main
        refId: Main_1
        actions:
          - collectInput:
              name: Card
              inputData: {var: Flow.Card}
              digits: {exact: 16}
          - extractSecureData:
              name: Last four
              statements:
                - string: {variable: Flow.last, value: {exp: 'Right(Flow.Card, 4)'}}
          - playAudio: {name: Say, audio: {exp: 'ToAudioTTS(Append(\"Ending \", Flow.last))'}}
          - disconnect: {name: Bye}
";
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("vault.yaml"), flow).unwrap();
    let folder = dir.path().to_str().unwrap();
    // In secure flows "Sensitive information is not: ... Present in log files" (Secure flow
    // scenarios): the run uses the number, and no output shows it.
    for format in ["json", "text"] {
        let o = crate::cli::flowsim(&[
            "run",
            "--flows",
            folder,
            "Vault",
            "--input",
            "4111111111111111",
            "--format",
            format,
        ]);
        assert!(o.stdout.contains("Ending 1111"), "{format}: {}\n{}", o.stdout, o.stderr);
        assert!(!o.stdout.contains("4111111111111111"), "{format}: {}", o.stdout);
        assert!(o.stdout.contains("<secure>"), "{format}: {}", o.stdout);
    }
    let o = crate::cli::flowsim(&[
        "run",
        "--flows",
        folder,
        "Vault",
        "--input",
        "4111111111111111",
        "--format",
        "json",
    ]);
    let j: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(j["variables"]["Flow.Card"], "<secure>", "{j:#}");
    assert_eq!(j["variables"]["Flow.last"], "1111", "{j:#}");
}
