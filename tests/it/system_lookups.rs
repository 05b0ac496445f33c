//! Architect's lookup containers (`System.Regions`, `System.Languages`, `System.Currencies`,
//! `System.DateTime`, `System.Conversation`, `System.Survey`) through the CLI: their fields'
//! values in a run and in `expr eval`, their types in `expr check`, a misspelt member's
//! did-you-mean, and the flow types that have them (docs/expressions.md).

use crate::cli::flowsim;

/// A flow of type `kind` whose task sets each `(variable, type, expression)` and disconnects.
fn flow(kind: &str, sets: &[(&str, &str, &str)]) -> String {
    let mut actions = String::from(
        "          - updateData:\n              name: Read\n              statements:\n",
    );
    for (var, ty, exp) in sets {
        actions.push_str(&format!(
            "                - {ty}:\n                    variable: {var}\n                    value: {{exp: '{exp}'}}\n"
        ));
    }
    actions.push_str("          - disconnect: {name: End}\n");
    crate::support::archy_task_flow(kind, &actions)
}

fn write(dir: &std::path::Path, text: &str) -> String {
    let path = dir.join("f.yaml");
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_owned()
}

/// [Phone number data type](https://help.mypurecloud.com/articles/about-the-phone-number-data-type/):
/// `System.Regions.US.dialingCode` is 1, `System.Regions.NL.dialingCode` 31; a run of an
/// inbound call flow reads them (and builds a global number with one).
#[test]
fn the_regions_give_the_documented_dialing_codes() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        &flow(
            "inboundCall",
            &[
                ("Flow.us", "string", "System.Regions.US.dialingCode"),
                ("Flow.nl", "string", "System.Regions.NL.dialingCode"),
                ("Flow.country", "string", "System.regions.us.COUNTRYCODE"),
                (
                    "Flow.global",
                    "string",
                    r#"Append("tel:+", System.Regions.NL.dialingCode, "201234567")"#,
                ),
                ("Flow.tag", "string", "System.Languages.enUS.tag"),
                ("Flow.usd", "string", "System.Currencies.USD.code"),
                ("Flow.saturday", "integer", "System.DateTime.dayOfWeek.saturday"),
                ("Flow.chat", "string", "System.Conversation.Types.chat"),
                ("Flow.optOut", "string", "System.Survey.Dispositions.optOut"),
            ],
        ),
    );
    let o = flowsim(&["check", "--flows", &path, "--strict"]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    let o = flowsim(&["run", "F", "--flows", &path, "--format", "json"]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    let r: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    let vars = &r["variables"];
    assert_eq!(vars["Flow.us"], "1", "{vars:#}");
    assert_eq!(vars["Flow.nl"], "31", "{vars:#}");
    assert_eq!(vars["Flow.country"], "US", "{vars:#}");
    assert_eq!(vars["Flow.global"], "tel:+31201234567", "{vars:#}");
    assert_eq!(vars["Flow.tag"], "en-us", "{vars:#}");
    assert_eq!(vars["Flow.usd"], "USD", "{vars:#}");
    assert_eq!(vars["Flow.saturday"], 7, "{vars:#}");
    assert_eq!(vars["Flow.chat"], "chat", "{vars:#}");
    assert_eq!(vars["Flow.optOut"], "optOut", "{vars:#}");
    assert_eq!(r["warnings"], serde_json::json!([]), "{:#}", r["warnings"]);
}

/// `expr eval` gives a field's value and `expr check` its type; a container or an entry alone
/// is of a type no function takes, and a member the container lacks is `unknownVariable` with
/// the member meant (Architect's checker: "The variable reference ... is not valid").
#[test]
fn expr_reads_fields_and_refuses_the_rest() {
    let o = flowsim(&["expr", "eval", "System.Regions.NL.dialingCode"]);
    assert_eq!((o.code, o.stdout.as_str()), (0, "\"31\" (String)\n"), "{}", o.stderr);
    let o = flowsim(&["expr", "check", "System.Regions.US.dialingCode"]);
    assert_eq!((o.code, o.stdout.as_str()), (0, "String\n"), "{}", o.stderr);
    let o = flowsim(&["expr", "check", "System.Regions.US"]);
    assert_eq!((o.code, o.stdout.as_str()), (0, "Region Enum\n"), "{}", o.stderr);
    let o = flowsim(&["expr", "check", "--color", "never", "System.Regions.USA.dialingCode"]);
    assert_eq!(o.code, 1, "{}", o.stdout);
    assert!(o.stderr.contains("error[unknownVariable]"), "{}", o.stderr);
    assert!(o.stderr.contains("did you mean `System.Regions.US`?"), "{}", o.stderr);
    // `Language.` holds the grammatical context of a spoken number.
    let o = flowsim(&["expr", "check", "ToAudioNumber(3, Language.Gender.feminine)"]);
    assert_eq!((o.code, o.stdout.as_str()), (0, "Audio\n"), "{}", o.stderr);
    let o = flowsim(&["expr", "check", "--color", "never", "ToString(System.Regions.US)"]);
    assert_eq!(o.code, 1, "{}", o.stdout);
    assert!(o.stderr.contains("Region Enum is a lookup"), "{}", o.stderr);
}

/// Of the flow types Architect's Scripting SDK creates, call flows have every container and
/// the others only `System.Conversation` and `System.Survey`: elsewhere `check` refuses a
/// read of one, as Architect's checker does.
#[test]
fn check_keeps_each_container_to_its_flow_types() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        &flow(
            "inboundEmail",
            &[
                ("Flow.us", "string", "System.Regions.US.dialingCode"),
                ("Flow.email", "string", "System.Conversation.Types.email"),
            ],
        ),
    );
    let o = flowsim(&["check", "--color", "never", "--flows", &path]);
    assert_eq!(o.code, 1, "{}", o.stdout);
    assert!(
        o.stdout.contains(
            "error[unknownBuiltin]: `System.Regions` is a built-in of inboundCall, inqueueCall, outboundCall, secureCall flows"
        ),
        "{}",
        o.stdout
    );
    assert!(!o.stdout.contains("System.Conversation"), "{}", o.stdout);
    assert!(o.stdout.contains("1 error(s)"), "{}", o.stdout);
}

/// A decision on an entry alone is refused with Architect's words.
#[test]
fn a_decision_on_an_entry_alone_is_refused() {
    let actions = "          - decision:\n              name: D\n              condition: {exp: System.Regions.US}\n          - disconnect: {name: End}\n";
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), &crate::support::archy_task_flow("inboundCall", actions));
    let o = flowsim(&["check", "--color", "never", "--flows", &path]);
    assert_eq!(o.code, 1, "{}", o.stdout);
    assert!(
        o.stdout.contains(
            "Architect cannot convert expression from type Region Enum to required type of Boolean"
        ),
        "{}",
        o.stdout
    );
}

/// The SDK resolves `System.DateTime.dayOfWeek.monday` to 1, as `sunday`, while its own
/// description of `monday` says 2: a run gives the SDK's literal, with a warning.
#[test]
fn monday_reads_the_sdks_literal_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        &flow("inboundCall", &[("Flow.monday", "integer", "System.DateTime.dayOfWeek.monday")]),
    );
    let o = flowsim(&["run", "F", "--flows", &path, "--format", "json"]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    let r: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(r["variables"]["Flow.monday"], 1, "{:#}", r["variables"]);
    let warnings = r["warnings"].to_string();
    assert!(warnings.contains("lookupContradiction"), "{warnings}");
    assert!(warnings.contains("`sunday` has too"), "{warnings}");
}
