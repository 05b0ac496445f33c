//! Architect's Date, Time and Currency types end to end (docs/expressions.md, "Dates, times
//! and currencies"): `flowsim expr eval`, declared variables with initial values and request
//! presets, Update Data, typed JSON in results, and bot slots filled by the builtin entities.

use crate::cli::flowsim;
use crate::support::{inline_registry as registry, result_json as json, run_json as run};
use flowsim::engine::Status;
use flowsim::expr::Value;
use serde_json::json;

#[test]
fn expr_eval_shows_a_date_and_its_type() {
    let o = flowsim(&["expr", "eval", "ToDate(\"2024-02-29\")"]);
    assert_eq!((o.code, o.stdout.as_str()), (0, "2024-02-29 (Date)\n"), "{}", o.stderr);
    let o = flowsim(&["expr", "eval", "--format", "json", "MakeCurrency(5.25, \"usd\")"]);
    let j: serde_json::Value = serde_json::from_str(&o.stdout).expect("JSON");
    assert_eq!(j, json!({"value": {"amount": 5.25, "code": "USD"}, "type": "Currency"}));
    let o = flowsim(&["expr", "eval", "ToDate(\"2023-02-29\")"]);
    assert_eq!(o.code, 1, "an evaluation error");
    assert!(
        o.stderr.contains("error[conversion]: ToDate: \"2023-02-29\" is not a date"),
        "{}",
        o.stderr
    );
}

const BOOKING: &str = r#"
workflow:
  name: Booking
  startUpRef: "/workflow/states/state[S_1]"
  variables:
    - dateVariable: {name: Flow.day, initialValue: {lit: "2026-03-14"}, isInput: true, isOutput: true}
    - timeVariable: {name: Flow.at, initialValue: {lit: "09:30"}, isInput: true, isOutput: true}
    - currencyVariable: {name: Flow.price, initialValue: {noValue: true}, isInput: true, isOutput: true}
    - stringVariable: {name: Flow.said, initialValue: {noValue: true}, isOutput: true}
    - booleanVariable: {name: Flow.early, initialValue: {noValue: true}, isOutput: true}
  states:
    - state:
        name: S
        refId: S_1
        actions:
          - updateData:
              name: Note
              statements:
                - boolean:
                    variable: Flow.early
                    value: {exp: 'Flow.at < ToTime("12:00") and Flow.day >= ToDate("2026-01-01")'}
                - string:
                    variable: Flow.said
                    value: {exp: 'Append(ToString(Flow.day), " at ", ToString(Flow.at), If(IsSet(Flow.price), Append(" for ", ToString(Flow.price.Amount), " ", Flow.price.Code), ""))'}
          - endWorkflow: {name: Done}
"#;

#[test]
fn declared_dates_times_and_currencies_take_their_initial_values_and_presets() {
    let reg = registry(&[BOOKING]);
    let r = run(&reg, json!({"flowName": "Booking"}));
    assert_eq!(r.status, Status::Completed);
    let j = json(&r);
    assert_eq!(j["outputs"]["Flow.day"], "2026-03-14");
    assert_eq!(j["outputs"]["Flow.at"], "09:30:00");
    assert_eq!(j["outputs"]["Flow.early"], true, "compared as a Time and a Date");
    assert_eq!(j["outputs"]["Flow.said"], "2026-03-14 at 09:30:00");
    assert_eq!(r.variable("Flow.day"), Some(&Value::Date(20_526)), "a Date, not a String");

    let r = run(
        &reg,
        json!({"flowName": "Booking", "variables": {
            "Flow.day": "2025-12-31", "Flow.at": "14:00:00.5",
            "Flow.price": {"amount": 12, "code": "eur"}}}),
    );
    let j = json(&r);
    assert_eq!(j["outputs"]["Flow.early"], false);
    assert_eq!(j["outputs"]["Flow.said"], "2025-12-31 at 14:00:00.500 for 12.0 EUR");
    // Types survive JSON: the amount is a Decimal, the code as Architect writes it.
    assert_eq!(j["outputs"]["Flow.price"], json!({"amount": 12.0, "code": "EUR"}));
    assert_eq!(j["variables"]["Flow.price"].to_string(), r#"{"amount":12.0,"code":"EUR"}"#);
    assert!(matches!(r.variable("Flow.at"), Some(Value::Time(50_400_500))));
}

/// The scheduling bot's shape (corpus: scheduling-bot-blueprint): Date and Time slots filled
/// by `builtin:date` and `builtin:time`, read back with `ResolveSlot` and `ToString`.
const SCHEDULER: &str = r#"
botFlow:
  name: Scheduler
  startUpRef: "/botFlow/bots/bot[B_1]"
  variables:
    - dateVariable: {name: Slot.AppointmentDate, initialValue: {noValue: true}, isOutput: true}
    - timeVariable: {name: Slot.AppointmentTime, initialValue: {noValue: true}, isOutput: true}
  settingsErrorHandling:
    errorHandling: {exit: {none: true}}
  bots:
    - bot:
        name: Main
        refId: B_1
        actions:
          - askForIntent:
              name: Ask
              question: {exp: 'MakeCommunication("How can I help?")'}
              outputs:
                intents:
                  - intent:
                      name: Book
                      actions:
                        - askForSlot:
                            name: Day
                            slot: {name: AppointmentDate}
                            question: {exp: 'MakeCommunication("Which day?")'}
                        - askForSlot:
                            name: Hour
                            slot: {name: AppointmentTime}
                            question: {exp: 'MakeCommunication("What time?")'}
                        - communicate:
                            name: Booked
                            communication: {exp: 'MakeCommunication("Booked ", ToCommunication(ResolveSlot(Slot.AppointmentDate), Format.Date.shortYear), " at ", ToString(Slot.AppointmentTime), If(Slot.AppointmentDate > ToDate(Now()), " (future)", " (not future)"))'}
          - exitBotFlow: {name: Bye}
  settingsNaturalLanguageUnderstanding:
    nluDomainVersion:
      intents:
        - name: Book
          entityNameReferences: [AppointmentDate, AppointmentTime]
          utterances:
            - segments: [{text: book an appointment}]
      entities:
        - {name: AppointmentDate, type: builtin:date}
        - {name: AppointmentTime, type: builtin:time}
"#;

#[test]
fn date_and_time_slots_hold_dates_and_times() {
    let reg = registry(&[SCHEDULER]);
    let turns = json!([{"text": "book an appointment"}, {"text": "2026-03-14"}, {"text": "3pm"}]);
    let r = run(
        &reg,
        json!({"flowName": "Scheduler", "inputs": turns, "context": {"startTime": "2026-03-11T10:00:00Z"}}),
    );
    let prompts: Vec<String> = r.prompts.iter().map(|p| p.text.to_string()).collect();
    assert_eq!(
        prompts.last().map(String::as_str),
        Some("Booked 2026-03-14 at 15:00:00 (future)"),
        "{prompts:?}"
    );
    assert!(matches!(r.variable("Slot.AppointmentDate"), Some(Value::Date(_))));
    assert_eq!(r.variable("Slot.AppointmentTime"), Some(&Value::Time(15 * 3_600_000)));
    let j = json(&r);
    assert_eq!(j["outputs"]["Slot.AppointmentDate"], "2026-03-14");
}

/// A preset a Date, Time or Currency input cannot read (`2026-02-30`) is refused before the
/// run with exit 2, naming the variable and its type, rather than stored as text.
#[test]
fn a_preset_that_is_no_date_is_refused_before_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("booking.yaml");
    std::fs::write(&path, BOOKING).unwrap();
    let flows = path.to_str().unwrap();
    let o =
        crate::cli::flowsim(&["run", "Booking", "--flows", flows, "--var", "Flow.day=2026-02-30"]);
    assert_eq!(o.code, 2, "{}{}", o.stdout, o.stderr);
    assert!(
        o.stderr.contains(
            "variable `Flow.day`: it is a date input, and `2026-02-30` does not read as one"
        ),
        "{}",
        o.stderr
    );
    let o =
        crate::cli::flowsim(&["run", "Booking", "--flows", flows, "--var", "Flow.day=2026-02-28"]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
}

/// Update Data converts a statement's value to the statement's type as `ToDate`, `ToTime` and
/// `ToCurrency` do: a text that reads as none is the conversion's error, which stops the
/// action and takes the flow's error handling; the variable keeps its value, never the text.
#[test]
fn update_data_of_a_text_that_is_no_date_is_a_conversion_error() {
    let flow = r#"
workflow:
  name: Reschedule
  startUpRef: "/workflow/states/state[S_1]"
  variables:
    - stringVariable: {name: Flow.text, initialValue: {lit: "2026-03-14"}, isInput: true}
    - dateVariable: {name: Flow.day, initialValue: {noValue: true}, isOutput: true}
    - timeVariable: {name: Flow.at, initialValue: {noValue: true}, isOutput: true}
  states:
    - state:
        name: S
        refId: S_1
        actions:
          - updateData:
              name: Read
              statements:
                - date: {variable: Flow.day, value: {exp: Flow.text}}
                - time: {variable: Flow.at, value: {exp: '"09:30"'}}
          - endWorkflow: {name: Done}
"#;
    let reg = registry(&[flow]);
    let r = run(&reg, json!({"flowName": "Reschedule"}));
    assert_eq!(r.status, Status::Completed, "{:?}", r.error);
    assert_eq!(r.variable("Flow.day"), Some(&Value::Date(20_526)));
    assert_eq!(r.variable("Flow.at"), Some(&Value::Time(9 * 3_600_000 + 30 * 60_000)));

    let r =
        run(&reg, json!({"flowName": "Reschedule", "variables": {"Flow.text": "next Tuesday"}}));
    let error = r.error.as_ref().expect("the statement fails");
    assert_eq!(error.kind, flowsim::ErrorKind::Conversion);
    assert!(
        error.message.contains("\"next Tuesday\" does not read as a date"),
        "{}",
        error.message
    );
    assert_eq!(r.variable("Flow.day"), Some(&Value::NotSet), "the text is not stored");
    assert_eq!(r.variable("Flow.at"), Some(&Value::NotSet), "the statements after it do not run");
}

/// Architect's Decimal is a decimal (the Scripting SDK's examples: `42.7 / 7` is 6.1): a
/// Decision that a balance of 0.3 less payments of 0.1 and 0.2 is 0.0 takes the `yes` path.
#[test]
fn a_decision_on_a_decimal_balance_takes_the_documented_path() {
    let args = ["run", "--flows", "tests/data/decimals", "Decimal Equality", "--color", "never"];
    let o = flowsim(&args);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(o.stdout.contains("Paid in full [decision] → yes"), "{}", o.stdout);
    assert!(o.stdout.contains(r#"says "Your balance is paid in full.""#), "{}", o.stdout);
    // Presets are read from JSON numbers' text: 0.1 is 0.1, and what is owed is exact.
    let o = flowsim(&[&args[..], &["--var", "Flow.paid2=0.1"]].concat());
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(o.stdout.contains("Paid in full [decision] → no"), "{}", o.stdout);
    assert!(o.stdout.contains(r#""You still owe 0.1""#), "{}", o.stdout);
}
