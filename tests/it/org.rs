//! `flowsim check --org` and `flowsim org` (docs/org.md): flows checked against what an org has.

use crate::cli::flowsim;
use crate::support::{main_task_flow, org_literal_flow, OrgKind, BYE, ORG_LITERAL_KINDS};

fn write(dir: &std::path::Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_owned()
}

/// A flow naming one of each kind the manifest checks, fixed at load (and one computed). Its
/// greeting plays the user prompt `Welcome` (written in by [`flow`]: Architect's checker, which
/// the oracle asks about every expression of the tests, cannot look prompts up offline).
const FLOW: &str = r#"inboundCall:
  name: Org Line
  startUpRef: "/inboundCall/tasks/task[T_1]"
  defaultLanguage: en-us
  supportedLanguages:
    en-us:
      defaultLanguageSkill:
        noValue: true
  initialGreeting:
    exp: ToAudio(WELCOME_PROMPT)
  variables:
    - stringVariable:
        name: Flow.q
        initialValue:
          lit: Sales
    - queueVariable:
        name: Flow.queue
        isInput: true
        initialValue:
          noValue: true
  tasks:
    - task:
        name: T
        refId: T_1
        actions:
          - callData:
              name: Lookup
              timeout:
                lit:
                  seconds: 5
              category:
                CRM:
                  dataAction:
                    Get Customer:
                      inputs:
                        phone:
                          exp: Call.Ani
                      successOutputs:
                        tier:
                          var: Flow.q
              outputs:
                success:
                  actions:
                    - transferToAcd:
                        name: By name
                        targetQueue:
                          lit:
                            name: Sales
                failure:
                  actions:
                    - transferToAcd:
                        name: Computed
                        targetQueue:
                          exp: Flow.queue
          - disconnect:
              name: Bye
"#;

fn flow() -> String {
    FLOW.replace("WELCOME_PROMPT", "Prompt.Welcome")
}

#[test]
fn every_fixed_reference_is_checked_against_the_manifest() {
    let dir = tempfile::tempdir().unwrap();
    let flows = dir.path().join("flows");
    std::fs::create_dir(&flows).unwrap();
    write(&flows, "line.yaml", &flow());
    let flows = flows.to_str().unwrap();
    let good = write(
        dir.path(),
        "good.yaml",
        "org: Good\nqueues: [sales]\nintegrations: [CRM]\ndataActions:\n  - {name: Get Customer, integration: CRM, inputs: [phone], outputs: {tier: string}}\nprompts:\n  - {name: Welcome, languages: [en-US, es-US]}\n",
    );
    let o = flowsim(&["check", flows, "--org", &good]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    assert!(o.stdout.starts_with("0 error(s), 0 warning(s)"), "{}", o.stdout);

    let bad = write(
        dir.path(),
        "bad.yaml",
        "org: Bad\nqueues: [Sales Team]\nintegrations: [CRM]\ndataActions:\n  - {name: Get Customer, integration: Other, inputs: [ani], outputs: [level]}\nprompts:\n  - {name: Welcome, languages: [es-us]}\n",
    );
    let o = flowsim(&["check", flows, "--org", &bad]);
    assert_eq!(o.code, 1, "{}{}", o.stdout, o.stderr);
    for expected in [
        "error[orgMissing]: queue `Sales` is not in the org Bad",
        "property `targetQueue`",
        "data action `Get Customer` belongs to integration `Other` in the org, not `CRM`",
        "data action `Get Customer` has no input `phone` in the org",
        "data action `Get Customer` has no output `tier` in the org",
        "warning[orgInputUnset]: data action `Get Customer`: the flow gives no value for input(s) ani",
        "prompt `Welcome` has no en-us resource in the org (it has es-us)",
        "line.yaml:",
    ] {
        assert!(o.stdout.contains(expected), "missing {expected:?} in:\n{}", o.stdout);
    }
    // The computed queue (`exp: Flow.queue`) is a run's business: one queue error, not two.
    assert_eq!(o.stdout.matches("is not in the org").count(), 1, "{}", o.stdout);
}

#[test]
fn a_kind_without_a_section_is_left_unchecked_and_said_once() {
    let dir = tempfile::tempdir().unwrap();
    let flows = dir.path().join("flows");
    std::fs::create_dir(&flows).unwrap();
    write(&flows, "line.yaml", &flow());
    let org = write(dir.path(), "org.yaml", "queues: [Sales]\n");
    let o = flowsim(&["check", flows.to_str().unwrap(), "--org", &org]);
    assert_eq!(o.code, 0, "{}", o.stdout);
    for kind in ["dataActions", "integrations", "prompts"] {
        assert_eq!(
            o.stdout.matches(&format!("has no `{kind}` section")).count(),
            1,
            "{kind}:\n{}",
            o.stdout
        );
    }
    let strict = flowsim(&["check", flows.to_str().unwrap(), "--org", &org, "--strict"]);
    assert_eq!(strict.code, 1, "--strict makes the notes errors: {}", strict.stdout);
}

#[test]
fn a_malformed_manifest_names_the_section_and_entry() {
    let dir = tempfile::tempdir().unwrap();
    let org = write(
        dir.path(),
        "org.yaml",
        "queus: [Sales]\ndataTables:\n  - {name: T, colums: {a: string}}\nusers: Ann\n",
    );
    let o = flowsim(&["check", "fixtures/archy/flows", "--org", &org]);
    assert_eq!(o.code, 1, "{}", o.stdout);
    for expected in [
        "queus: is no section of an org manifest (did you mean `queues`?)",
        "dataTables[0]: `colums` is no field of a data table (it has name, id, key, columns)",
        "users: expected a list",
    ] {
        assert!(o.stdout.contains(expected), "missing {expected:?} in:\n{}", o.stdout);
    }
    let broken = write(dir.path(), "broken.yaml", "queues: [Sales\n");
    let o = flowsim(&["check", "fixtures/archy/flows", "--org", &broken]);
    assert_eq!(o.code, 1, "{}", o.stdout);
    assert!(o.stdout.contains("error[orgManifest]"), "{}", o.stdout);
    assert!(o.stdout.contains("broken.yaml:"), "a syntax error has its place: {}", o.stdout);
}

#[test]
fn the_manifest_of_the_fixtures_is_what_the_tests_assume() {
    let o = flowsim(&["org", "--fixtures", "fixtures/archy/data", "--name", "Acme test data"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let manifest: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(manifest["org"], "Acme test data");
    assert_eq!(manifest["queues"][0], serde_json::json!({"name": "Support", "id": "q-support"}));
    assert_eq!(manifest["users"], serde_json::json!([{"name": "Ann Lee", "id": "u-ann"}]));
    assert_eq!(
        manifest["groups"],
        serde_json::json!([]),
        "a modelled kind the files lack is empty"
    );
    let balance = &manifest["dataActions"][0];
    assert_eq!(balance["name"], "Get Account Balance");
    assert_eq!(balance["inputs"], serde_json::json!({"accountNumber": "string"}));
    assert_eq!(balance["outputs"], serde_json::json!({"balance": "number"}));
    assert_eq!(
        manifest["prompts"],
        serde_json::json!([]),
        "fixtures model prompts; these have none"
    );
    assert_eq!(manifest["wrapupCodes"], serde_json::json!([]), "these fixtures list none");
    assert_eq!(
        manifest["integrations"],
        serde_json::json!([{"name": "Acme CRM", "id": "i-acme-crm"}, {"name": "Acme Orders", "id": "i-acme-orders"}])
    );

    // The same output read back as a manifest: the queues the scenarios add through mocks
    // are missing from the fixture files themselves.
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "org.json", &o.stdout);
    let o = flowsim(&["check", "fixtures/archy/flows", "--org", &path]);
    assert_eq!(o.code, 1, "{}", o.stdout);
    assert!(o.stdout.contains("queue `Account Services` is not in the org Acme test data"));
    assert!(o.stdout.contains("queue `Emergency` is not in the org Acme test data"));
    assert!(o.stdout.contains("2 error(s)"), "{}", o.stdout);

    let broken = flowsim(&["org", "--fixtures", "fixtures/archy/flows/acme_main_ivr.yaml"]);
    assert_eq!(broken.code, 2, "fixtures that do not load make no manifest: {}", broken.stdout);
    assert!(broken.stdout.is_empty());
}

/// A CX-as-Code export (Terraform JSON, `genesyscloud_tf_export`'s default format) becomes a
/// manifest: names by resource type, data actions' fields from their contracts and their
/// integration from its reference, data tables' columns, prompts' languages.
#[test]
fn a_cx_as_code_export_is_a_manifest() {
    let o =
        flowsim(&["org", "--terraform", "fixtures/org/cx-as-code", "--name", "Acme Production"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let manifest: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(
        manifest["queues"],
        serde_json::json!(["Support", "VIP", "Account Services", "Emergency"])
    );
    let balance = &manifest["dataActions"][0];
    assert_eq!(balance["name"], "Get Account Balance");
    assert_eq!(balance["integration"], "Acme CRM", "integration_id's reference, by name");
    assert_eq!(balance["inputs"], serde_json::json!({"accountNumber": "string"}));
    assert_eq!(
        manifest["dataTables"][0]["columns"],
        serde_json::json!({"branch": "string", "prefix": "string"}),
        "the key property is the key column, named by its title"
    );
    assert_eq!(
        manifest["prompts"][0],
        serde_json::json!({"name": "Welcome", "languages": ["en-us"]})
    );
    assert!(manifest.get("users").is_none(), "no user resources, no users section");

    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "org.json", &o.stdout);
    let check = flowsim(&["check", "fixtures/archy/flows", "--org", &path]);
    assert_eq!(check.code, 0, "{}", check.stdout);

    // An input the contract lacks is found as in a hand-written manifest.
    let text = std::fs::read_to_string("fixtures/org/cx-as-code/genesyscloud.tf.json").unwrap();
    let tf = dir.path().join("tf");
    std::fs::create_dir(&tf).unwrap();
    write(&tf, "main.tf.json", &text.replace(r#"\"accountNumber\""#, r#"\"account\""#));
    let o = flowsim(&["org", "--terraform", tf.to_str().unwrap()]);
    let path = write(dir.path(), "renamed.json", &o.stdout);
    let check = flowsim(&["check", "fixtures/archy/flows", "--org", &path]);
    assert_eq!(check.code, 1, "{}", check.stdout);
    assert!(check
        .stdout
        .contains("data action `Get Account Balance` has no input `accountNumber`"));

    // HCL is not read: a directory without *.tf.json says so; broken JSON names its place.
    let hcl = dir.path().join("hcl");
    std::fs::create_dir(&hcl).unwrap();
    write(&hcl, "main.tf", "resource \"genesyscloud_routing_queue\" \"q\" {}\n");
    let o = flowsim(&["org", "--terraform", hcl.to_str().unwrap()]);
    assert_eq!(o.code, 2, "{}", o.stdout);
    assert!(o.stderr.contains("no Terraform JSON files (*.tf.json)"), "{}", o.stderr);
    let broken = write(dir.path(), "broken.tf.json", "{\"resource\": [\n");
    let o = flowsim(&["org", "--terraform", &broken]);
    assert_eq!(o.code, 2, "{}", o.stdout);
    assert!(o.stderr.contains("broken.tf.json:2:"), "{}", o.stderr);
    assert!(o.stdout.is_empty());
}

/// Call Secure Data calls only the org's secure data actions ("You can only use this action
/// with data actions that are marked PCI-compliant", its page): a manifest that marks the
/// action `secure: false` is an error at the action; `secure: true`, or a manifest that does
/// not say, passes. A CX-as-Code export's `secure` (false when absent, the provider's default)
/// reaches the manifest.
#[test]
fn call_secure_data_calls_only_secure_data_actions() {
    let dir = tempfile::tempdir().unwrap();
    let flows = dir.path().join("flows");
    std::fs::create_dir(&flows).unwrap();
    let vault = main_task_flow(
        "secureCall",
        "Vault",
        "",
        "          - callDataSecure:
              name: Charge
              category: {Payments: {dataAction: {Charge Card: {inputs: {card: {lit: '4111'}}}}}}
          - disconnect: {name: Bye}
",
    );
    write(&flows, "vault.yaml", &vault);
    let flows = flows.to_str().unwrap();
    let manifest = |secure: &str| {
        let text = format!(
            "org: Acme\nintegrations: [Payments]\ndataActions:\n  - {{name: Charge Card, integration: Payments{secure}, inputs: [card]}}\n"
        );
        write(dir.path(), "org.yaml", &text)
    };
    let o = flowsim(&["check", flows, "--org", &manifest(", secure: false")]);
    assert_eq!(o.code, 1, "{}{}", o.stdout, o.stderr);
    assert!(
        o.stdout.contains("error[orgMissing]: data action `Charge Card` is not a secure data action in the org, and Call Secure Data calls only those"),
        "{}",
        o.stdout
    );
    assert!(
        o.stdout.contains("property `dataAction`") && o.stdout.contains("vault.yaml:"),
        "{}",
        o.stdout
    );
    for secure in [", secure: true", ""] {
        let o = flowsim(&["check", flows, "--org", &manifest(secure)]);
        assert_eq!(o.code, 0, "{secure}: {}{}", o.stdout, o.stderr);
    }
    let o = flowsim(&["check", flows, "--org", &manifest(", secure: maybe")]);
    assert_eq!(o.code, 1, "{}{}", o.stdout, o.stderr);
    assert!(o.stdout.contains("dataActions[0]: `secure` is true or false"), "{}", o.stdout);

    let text = std::fs::read_to_string("fixtures/org/cx-as-code/genesyscloud.tf.json").unwrap();
    let tf = dir.path().join("tf");
    std::fs::create_dir(&tf).unwrap();
    let marked = text.replacen(
        r#""name": "Get Order Status","#,
        r#""name": "Get Order Status", "secure": true,"#,
        1,
    );
    assert_ne!(marked, text);
    write(&tf, "main.tf.json", &marked);
    let o = flowsim(&["org", "--terraform", tf.to_str().unwrap()]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let manifest: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    let secure: Vec<_> = manifest["dataActions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (a["name"].as_str().unwrap().to_owned(), a["secure"].clone()))
        .collect();
    assert!(secure.contains(&("Get Order Status".into(), serde_json::json!(true))), "{secure:?}");
    assert!(
        secure.contains(&("Get Account Balance".into(), serde_json::json!(false))),
        "{secure:?}"
    );
}

/// A flow whose variable `Flow.X` starts as the literal queue `initial` and whose Update Data
/// `Set` gives `Task.X` the literal queue `assigned`.
fn literal_queues_flow(initial: &str, assigned: &str) -> String {
    org_literal_flow("queue", initial, Some(assigned), BYE)
}

/// The org of the literal queue tests: `Services`, and `Billing` of id `q-9`.
const LITERAL_ORG: &str = "org: Acme\nqueues: [Services, {name: Billing, id: q-9}]\n";

/// `flowsim check flows/ --org org.yaml` of the flow file `name` written as `text`, with `org`
/// the manifest; the output and the flow file's path.
fn check_literals(org: &str, name: &str, text: &str) -> (crate::cli::Output, String) {
    let dir = tempfile::tempdir().unwrap();
    let flows = dir.path().join("flows");
    std::fs::create_dir(&flows).unwrap();
    let org = write(dir.path(), "org.yaml", org);
    let file = write(&flows, name, text);
    (flowsim(&["check", flows.to_str().unwrap(), "--org", &org]), file)
}

#[test]
fn literal_queues_the_org_has_by_name_or_id_are_not_reported() {
    let (o, _) = check_literals(LITERAL_ORG, "probe.yaml", &literal_queues_flow("services", "q-9"));
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    assert!(o.stdout.starts_with("0 error(s), 0 warning(s)"), "{}", o.stdout);
}

/// `check`'s output `o` of a flow naming `what` fails (exit code 1) with exactly one missing
/// object, and says each of `expected`.
#[track_caller]
fn assert_one_missing(what: &str, o: &crate::cli::Output, expected: &[&str]) {
    assert_eq!(o.code, 1, "{what}: {}{}", o.stdout, o.stderr);
    for expected in expected {
        assert!(o.stdout.contains(expected), "{what}: missing {expected:?} in:\n{}", o.stdout);
    }
    assert_eq!(o.stdout.matches("is not in the org").count(), 1, "{what}: {}", o.stdout);
}

#[test]
fn a_variables_literal_queue_the_org_lacks_is_missing_at_its_name() {
    let (o, file) =
        check_literals(LITERAL_ORG, "probe.yaml", &literal_queues_flow("Nowhere", "Services"));
    assert_one_missing(
        "queue",
        &o,
        &[
            "error[orgMissing]: queue `Nowhere` (the initial value of `Flow.X`) is not in the org Acme",
            &format!("--> {file}:9:19: flow `Probe`, property `Flow.X.initialValue`"),
            "   |             name: Nowhere\n   |                   ^^^^^^^\n",
            "help: create the queue in the org Acme, or fix the name",
        ],
    );
}

#[test]
fn an_update_data_statements_literal_queue_the_org_lacks_is_missing_at_its_name() {
    let (o, file) =
        check_literals(LITERAL_ORG, "probe.yaml", &literal_queues_flow("Services", "Servces"));
    assert_one_missing(
        "queue",
        &o,
        &[
            "error[orgMissing]: queue `Servces` (assigned to `Task.X`) is not in the org Acme",
            &format!("--> {file}:22:31: flow `Probe`, node `Set`, property `statements[0].value`"),
            "   |                         name: Servces\n",
            "help: did you mean `Services`? Or create the queue in the org",
        ],
    );
}

/// A literal user, group, skill, language skill, schedule group or emergency group is checked
/// as a queue is: in its section of the manifest, by name.
#[test]
fn every_kinds_literal_the_org_lacks_is_missing_and_one_it_has_is_not() {
    for OrgKind { ty, noun, section, statement, .. } in ORG_LITERAL_KINDS {
        let org = format!("org: Acme\n{section}: [Known]\n");
        let mut cases = vec![("Nowhere", None, "the initial value of `Flow.X`")];
        if statement {
            cases.push(("Nowhere", Some("Known"), "the initial value of `Flow.X`"));
            cases.push(("Known", Some("Nowhere"), "assigned to `Task.X`"));
        }
        for (initial, assigned, role) in cases {
            let flow = org_literal_flow(ty, initial, assigned, BYE);
            let (o, _) = check_literals(&org, "probe.yaml", &flow);
            // The noun is Architect's (`language skill`), as a run's `orgMissing` warning has it.
            let expected = format!("{noun} `Nowhere` ({role}) is not in the org Acme");
            assert_one_missing(ty, &o, &["error[orgMissing]: ", &expected]);
        }
    }
}

/// The same in an export: a `QueueVariable`'s `initialValue` and an `UpdateVariableAction`'s
/// literal `"text"`.
#[test]
fn an_exports_literal_queues_the_org_lacks_are_missing() {
    let value = |ty: &str, text: &str, kind: &str| {
        serde_json::json!({"config": {kind: {"pos": 1, "text": text, "type": ty}},
            "text": text, "type": ty, "version": 2})
    };
    let export = |initial: &str, assigned: &str| {
        serde_json::json!({
            "name": "Queues", "type": "workflow", "initialSequence": "s1",
            "variables": [{"__type": "QueueVariable", "name": "Flow.Q",
                "initialValue": value("que", initial, "lit")}],
            "flowSequenceItemList": [{
                "id": "s1", "__type": "State", "name": "Initial State", "startAction": "set",
                "variables": [{"__type": "QueueVariable", "name": "State.Q"}],
                "actionList": [
                    {"id": "set", "__type": "UpdateVariableAction", "name": "Set",
                     "nextAction": "end",
                     "variables": [{"variable": value("que", "State.Q", "ref"),
                                    "expression": value("que", assigned, "lit")}]},
                    {"id": "end", "__type": "EndWorkflowAction", "name": "End Workflow"},
                ],
            }],
        })
        .to_string()
    };
    let (o, _) = check_literals(LITERAL_ORG, "queues.i3WorkFlow", &export("Billing", "Services"));
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    assert!(o.stdout.starts_with("0 error(s), 0 warning(s)"), "{}", o.stdout);

    let (o, file) =
        check_literals(LITERAL_ORG, "queues.i3WorkFlow", &export("Nowhere", "Elsewhere"));
    assert_eq!(o.code, 1, "{}{}", o.stdout, o.stderr);
    for expected in [
        "error[orgMissing]: queue `Nowhere` (the initial value of `Flow.Q`) is not in the org Acme",
        &format!("--> {file}:1:"),
        "flow `Queues`, property `Flow.Q.initialValue`",
        "error[orgMissing]: queue `Elsewhere` (assigned to `State.Q`) is not in the org Acme",
        "flow `Queues`, node `Set`, property `statements[0].value`",
    ] {
        assert!(o.stdout.contains(expected), "missing {expected:?} in:\n{}", o.stdout);
    }
}

/// An outbound call flow's default wrap-up code (`settingsOutboundCall.wrapupCode`) is a
/// wrap-up code of the org, placed at the setting.
#[test]
fn an_outbound_flows_default_wrapup_code_is_one_of_the_orgs() {
    let dir = tempfile::tempdir().unwrap();
    let flows = dir.path().join("flows");
    std::fs::create_dir(&flows).unwrap();
    let flow =
        crate::support::archy_task_flow("outboundCall", "          - disconnect: {name: Bye}\n");
    write(&flows, "outbound.yaml", &flow);
    let good = write(dir.path(), "good.yaml", "wrapupCodes: [No Answer]\n");
    let o = flowsim(&["check", flows.to_str().unwrap(), "--org", &good]);
    assert!(!o.stdout.contains("wrap-up code"), "{}", o.stdout);
    let bad = write(dir.path(), "bad.yaml", "wrapupCodes: [No Answr, Resolved]\n");
    let o = flowsim(&["check", flows.to_str().unwrap(), "--org", &bad]);
    assert_eq!(o.code, 1, "{}", o.stdout);
    assert!(
        o.stdout.contains(
            "wrap-up code `No Answer` (the flow's default wrap-up code) is not in the org"
        ),
        "{}",
        o.stdout
    );
    assert!(o.stdout.contains("did you mean `No Answr`?"), "{}", o.stdout);
    assert!(o.stdout.contains("property `settingsOutboundCall.wrapupCode`"), "{}", o.stdout);
}

/// `check --fixtures` warns about the queues, schedule groups and data tables the flows name
/// that the fixtures lack, at the name, as it warns about a data action no fixture mocks: a
/// run that reaches them fails on the lookup, so `test` would fail on them first. Fixtures
/// that hold them silence the warnings. A name one typo from one the fixtures hold is offered as
/// the fix.
#[test]
fn check_fixtures_warns_about_queues_schedule_groups_and_tables_the_fixtures_lack() {
    let dir = tempfile::tempdir().unwrap();
    let lacking = write(dir.path(), "lacking.yaml", "queues: []\n");
    let o = flowsim(&["check", "fixtures/archy/flows", "--fixtures", &lacking]);
    assert_eq!(o.code, 0, "warnings only: {}{}", o.stdout, o.stderr);
    for (code, what, at) in [
        ("queueNotFound", "queue `VIP`", "acme_main_ivr.yaml:123:43"),
        ("scheduleGroupNotFound", "schedule group `Acme Hours`", "acme_main_ivr.yaml:179:25"),
        ("dataTableNotFound", "data table `Branch Offices`", "acme_main_ivr.yaml:292:23"),
    ] {
        let head = format!("warning[{code}]: {what} is not in the fixtures");
        let place = o.stdout.find(&head).map(|i| &o.stdout[i..]).unwrap_or_default();
        assert!(
            place.lines().nth(1).is_some_and(|l| l.contains(at)),
            "{head} at {at}: {}",
            o.stdout
        );
    }
    assert!(!o.stdout.contains("did you mean"), "no fixture name is near: {}", o.stdout);
    // A name one typo from one the fixtures hold: that one is the likelier fix.
    let near = write(
        dir.path(),
        "near.yaml",
        "queues: [{id: q1, name: VIPS}]
\
         scheduleGroups: [{id: g1, name: Acme Hour, timeZone: America/New_York, openSchedules: []}]
\
         dataTables: [{id: t1, name: Branch Office, key: key, rows: []}]
",
    );
    let o = flowsim(&["check", "fixtures/archy/flows", "--fixtures", &near]);
    assert_eq!(o.code, 0, "warnings only: {}{}", o.stdout, o.stderr);
    for (what, near) in [
        ("queue `VIP`", "VIPS"),
        ("schedule group `Acme Hours`", "Acme Hour"),
        ("data table `Branch Offices`", "Branch Office"),
    ] {
        let at = o.stdout.find(&format!("{what} is not in the fixtures")).unwrap_or_default();
        let help = o.stdout[at..].lines().find(|l| l.contains("= help:")).unwrap_or_default();
        assert!(help.contains(&format!("did you mean `{near}`?")), "{what}: {}", o.stdout);
    }
    let o = flowsim(&["check", "fixtures/archy/flows", "--fixtures", "fixtures/archy/data"]);
    assert!(!o.stdout.contains("scheduleGroupNotFound"), "{}", o.stdout);
    assert!(!o.stdout.contains("dataTableNotFound"), "{}", o.stdout);
    assert!(!o.stdout.contains("queue `VIP`"), "{}", o.stdout);
}
