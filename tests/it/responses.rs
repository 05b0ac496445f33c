//! Get Response answered by the fixtures' canned responses (docs/architect.md §3.6,
//! docs/fixtures.md#canned-responses), through the CLI: a response found by name or id, with
//! its substitutions (the action's value, the default, an unknown placeholder), within its
//! library or not, missing; and the fixture errors of a malformed `responses` section.

use crate::cli::flowsim;
use serde_json::Value;

/// An inbound email flow whose one state runs Get Response with `props` (Archy YAML, indented
/// for the action) into `Flow.body`; each output writes its name to `Flow.path`.
fn flow(props: &str) -> String {
    format!(
        r#"inboundEmail:
  name: Mail
  startUpRef: "/inboundEmail/states/state[S_1]"
  variables:
    - stringVariable: {{name: Flow.body}}
    - stringVariable: {{name: Flow.path}}
  states:
    - state:
        name: S
        refId: S_1
        actions:
          - getResponse:
              name: Get
{props}
              responseBody: {{var: Flow.body}}
              outputs:
                success:
                  actions:
                    - updateData:
                        name: Got
                        statements:
                          - string: {{variable: Flow.path, value: {{lit: success}}}}
                failure:
                  actions:
                    - updateData:
                        name: Failed
                        statements:
                          - string: {{variable: Flow.path, value: {{lit: failure}}}}
"#
    )
}

const FIXTURES: &str = r"responseLibraries:
  - {id: lib-mail, name: Email}
  - {id: lib-sms, name: SMS}
responses:
  - id: r-thanks
    name: Thanks
    libraries: [{name: Email}]
    texts:
      - content: '<p>Dear {{CUSTOMER}}, your case {{CASE}} is {{STATUS}}. {{AGENT_ALIAS}}</p>'
        contentType: text/html
    substitutions:
      - {id: CUSTOMER, description: the customer's name, defaultValue: customer}
      - {id: CASE, defaultValue: open}
      - {id: STATUS}
  - id: r-sms-thanks
    name: Thanks
    libraries: [lib-sms]
    texts: [{content: 'Thanks {{CUSTOMER}}!'}]
    substitutions: [{id: CUSTOMER, defaultValue: friend}]
  - id: r-bye
    name: Goodbye
    libraries: [Email]
    texts: [{content: Goodbye}]
";

/// Runs the flow with `props` against `fixtures` (none when `None`); the run's JSON.
#[track_caller]
fn run(props: &str, fixtures: Option<&str>) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let (f, fx) = (dir.path().join("f.yaml"), dir.path().join("fx.yaml"));
    std::fs::write(&f, flow(props)).unwrap();
    let mut args = vec!["run", "Mail", "--flows", f.to_str().unwrap(), "--format", "json"];
    if let Some(fixtures) = fixtures {
        std::fs::write(&fx, fixtures).unwrap();
        args.extend(["--fixtures", fx.to_str().unwrap()]);
    }
    let o = flowsim(&args);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    serde_json::from_str(&o.stdout).unwrap()
}

/// What the run wrote: the path taken and the response body.
fn got(r: &Value) -> (&str, Option<&str>) {
    let vars = &r["variables"];
    (vars["Flow.path"].as_str().unwrap_or_default(), vars["Flow.body"].as_str())
}

#[test]
fn a_response_in_its_library_fills_the_body_with_its_substitutions() {
    let props = "              responseLibrary: {lit: email}
              response: {lit: THANKS}
              performSubstitutions: {lit: true}
              substitutions:
                CUSTOMER: {lit: Ann}
                STATUS: {lit: closed}
                UNUSED: {lit: x}";
    let r = run(props, Some(FIXTURES));
    // CUSTOMER and STATUS the action's values, CASE its default; AGENT_ALIAS names no
    // substitution of the response and stays as written, as does the HTML.
    assert_eq!(
        got(&r),
        ("success", Some("<p>Dear Ann, your case open is closed. {{AGENT_ALIAS}}</p>")),
        "{r}"
    );
    assert!(r["trace"][0]["error"].is_null(), "{r}");
}

#[test]
fn the_library_chooses_between_responses_of_one_name() {
    let props = "              responseLibrary: {lit: {name: SMS}}
              response: {lit: Thanks}
              performSubstitutions: {lit: true}";
    assert_eq!(got(&run(props, Some(FIXTURES))), ("success", Some("Thanks friend!")));
    // By id, in its library; without a library, the first of the name in file order.
    let props = "              responseLibrary: {lit: lib-sms}\n              response: {lit: r-sms-thanks}";
    assert_eq!(got(&run(props, Some(FIXTURES))), ("success", Some("Thanks {{CUSTOMER}}!")));
    let props = "              response: {lit: thanks}
              substitutions:
                STATUS: {lit: pending}";
    let body = "<p>Dear customer, your case open is pending. {{AGENT_ALIAS}}</p>";
    assert_eq!(got(&run(props, Some(FIXTURES))), ("success", Some(body)));
}

#[test]
fn substitutions_are_not_performed_when_the_action_turns_them_off() {
    let props = "              response: {lit: r-sms-thanks}
              performSubstitutions: {lit: false}
              substitutions:
                CUSTOMER: {lit: Ann}";
    assert_eq!(got(&run(props, Some(FIXTURES))), ("success", Some("Thanks {{CUSTOMER}}!")));
}

#[test]
fn a_response_outside_the_named_library_takes_failure() {
    let props = "              responseLibrary: {lit: SMS}\n              response: {lit: Goodbye}";
    let r = run(props, Some(FIXTURES));
    assert_eq!(got(&r), ("failure", None), "{r}");
    assert_eq!(r["trace"][0]["error"]["kind"], "responseNotFound", "{r}");
    let message = r["trace"][0]["error"]["message"].as_str().unwrap();
    assert_eq!(message, "response \"Goodbye\" is not in response library \"SMS\"");
}

#[test]
fn a_missing_response_or_library_takes_failure_with_response_not_found() {
    for (props, fixtures, message) in [
        ("              response: {lit: Welcome}", Some(FIXTURES), "no response \"Welcome\""),
        (
            "              responseLibrary: {lit: Chat}\n              response: {lit: Thanks}",
            Some(FIXTURES),
            "no response library \"Chat\"",
        ),
        ("              response: {lit: Thanks}", None, "no response \"Thanks\""),
    ] {
        let r = run(props, fixtures);
        assert_eq!(got(&r), ("failure", None), "{r}");
        let error = &r["trace"][0]["error"];
        assert_eq!(error["kind"], "responseNotFound", "{r}");
        assert!(error["message"].as_str().unwrap().starts_with(message), "{r}");
    }
}

#[test]
fn malformed_responses_are_errors_at_their_place() {
    let dir = tempfile::tempdir().unwrap();
    let (f, fx) = (dir.path().join("f.yaml"), dir.path().join("fx.yaml"));
    std::fs::write(&f, flow("              response: {lit: Thanks}")).unwrap();
    for (fixture, place, expected) in [
        (FIXTURES.replace("    texts: [{content: Goodbye}]", "    text: Goodbye"), "responses[2]", "unknown key `text`"),
        (FIXTURES.replace("    texts: [{content: Goodbye}]\n", ""), "responses[2]", "a response has no `texts`"),
        (
            FIXTURES.replace("contentType: text/html", "contentType: text/markdown"),
            "responses[0].texts[0].contentType",
            "content type \"text/markdown\"",
        ),
        (
            FIXTURES.replace("{id: CASE, defaultValue: open}", "{id: CASE, defaultvalue: open}"),
            "responses[0].substitutions[1].defaultvalue",
            "did you mean `defaultValue`",
        ),
        (
            FIXTURES.replace("{id: STATUS}", "{id: CASE}"),
            "responses[0].substitutions[2].id",
            "substitution id \"CASE\" is already used by responses[0].substitutions[1]",
        ),
        (
            FIXTURES.replace("libraries: [Email]", "libraries: [Chat]"),
            "responses[2].libraries[0]",
            "no response library has the id or name \"Chat\"",
        ),
        (
            FIXTURES.replace("name: Goodbye", "name: THANKS"),
            "responses[2].name",
            "response name \"THANKS\" is already used in response library \"Email\" by responses[0]",
        ),
        (
            FIXTURES.replace("{id: lib-sms, name: SMS}", "{id: lib-sms, name: email}"),
            "responseLibraries[1].name",
            "response library name \"email\" is already used",
        ),
    ] {
        std::fs::write(&fx, &fixture).unwrap();
        let o = flowsim(&["run", "Mail", "--flows", f.to_str().unwrap(), "--fixtures", fx.to_str().unwrap()]);
        assert_eq!(o.code, 2, "{fixture}: {}{}", o.stdout, o.stderr);
        assert!(o.stderr.contains(place), "{fixture}: missing {place:?} in {}", o.stderr);
        assert!(o.stderr.contains(expected), "{fixture}: missing {expected:?} in {}", o.stderr);
    }
}
