//! Behaviours of values in expressions that the pages of Expressions tips and best practices,
//! Modify collection values, Collection values overview, Access properties on values in
//! expressions and JSON values in Architect document, each on the smallest Archy flow that shows
//! it. The pages and their words are in docs/architect.md §6.

use serde_json::json;

use crate::support::{
    archy_task_flow, inline_registry as registry, result_json as json, run_json as run,
};

use crate::support::check_errors as errors;

/// An inbound call flow `F` declaring `variables` (Archy lines) whose one task runs `actions`.
fn call_flow(variables: &str, actions: &str) -> String {
    archy_task_flow("inboundCall", actions)
        .replace("  tasks:", &format!("  variables:\n{variables}  tasks:"))
}

/// Runs flow `F` of `flow` and returns the result as JSON.
fn run_flow(flow: &str) -> serde_json::Value {
    json(&run(&registry(&[flow]), json!({"flowName": "F"})))
}

#[test]
fn append_accepts_not_set_where_plus_invokes_the_error_handler() {
    let flow = |greeting: &str| {
        call_flow(
            "    - stringVariable: {name: Flow.CustomerFirstName, isInput: true}
    - stringVariable: {name: Flow.greeting}
",
            &format!(
                "          - updateData:
              name: Greet
              statements:
                - string: {{variable: Flow.greeting, value: {{exp: '{greeting}'}}}}
          - playAudio: {{name: Say, audio: {{exp: 'ToAudioTTS(Flow.greeting)'}}}}
          - disconnect: {{name: Bye}}
"
            ),
        )
    };
    // "Append accepts NOT_SET parameter values, while the + operator does not."
    let j = run_flow(&flow(r#"Append("Hello ", Flow.CustomerFirstName, ", welcome")"#));
    assert_eq!(j["variables"]["Flow.greeting"], "Hello , welcome", "{j:#}");
    assert_eq!(j["status"], "disconnected", "{j:#}");
    let j = run_flow(&flow(r#""Hello " + Flow.CustomerFirstName + ", welcome""#));
    assert_eq!(j["error"]["kind"], "notSet", "{j:#}");
    assert_eq!(j["variables"]["Flow.greeting"], serde_json::Value::Null, "{j:#}");
    assert_eq!(crate::support::prompts(&j), Vec::<&str>::new(), "{j:#}");
    // Given a name, both give the same text.
    let j = json(&run(
        &registry(&[&flow(r#""Hello " + Flow.CustomerFirstName + ", welcome""#)]),
        json!({"flowName": "F", "variables": {"Flow.CustomerFirstName": "Ann"}}),
    ));
    assert_eq!(j["variables"]["Flow.greeting"], "Hello Ann, welcome", "{j:#}");
}

#[test]
fn add_item_and_add_item_at_modify_a_collection_as_the_page_shows() {
    let flow = call_flow(
        "    - integerCollectionVariable: {name: Task.myIntegerColl}
    - integerCollectionVariable: {name: Flow.made}
    - integerCollectionVariable: {name: Flow.added}
",
        "          - updateData:
              name: Make
              statements:
                - integerCollection: {variable: Task.myIntegerColl, value: {exp: 'AddItem(MakeList(3,4), 5)'}}
                - integerCollection: {variable: Flow.made, value: {exp: 'Task.myIntegerColl'}}
          - updateData:
              name: Add six
              statements:
                - integerCollection: {variable: Task.myIntegerColl, value: {exp: 'AddItem(Task.myIntegerColl, 6)'}}
                - integerCollection: {variable: Flow.added, value: {exp: 'Task.myIntegerColl'}}
          - updateData:
              name: Seven first
              statements:
                - integerCollection: {variable: Task.myIntegerColl, value: {exp: 'AddItemAt(Task.myIntegerColl, 0, 7)'}}
          - disconnect: {name: Bye}
",
    );
    let j = run_flow(&flow);
    let v = &j["variables"];
    // "AddItem(MakeList(3,4), 5) ... The result of this expression is an integer collection with
    // three items in the following order: 3, 4, 5."
    assert_eq!(v["Flow.made"], json!([3, 4, 5]), "{j:#}");
    // "AddItem(Task.myIntegerColl, 6). The resulting output is 3, 4, 5, 6."
    assert_eq!(v["Flow.added"], json!([3, 4, 5, 6]), "{j:#}");
    // "You can also add an item to the beginning of a collection. Building on the previous
    // example, AddItemAt(Task.myIntegerColl, 0, 7) results in 7" followed by the rest.
    assert_eq!(v["Task.myIntegerColl"], json!([7, 3, 4, 5, 6]), "{j:#}");
}

#[test]
fn a_collections_items_may_be_not_set() {
    let flow = call_flow(
        "    - integerCollectionVariable: {name: Flow.list}
    - integerVariable: {name: Flow.unset}
    - integerVariable: {name: Flow.count}
    - booleanVariable: {name: Flow.secondSet}
    - booleanVariable: {name: Flow.thirdSet}
",
        "          - updateData:
              name: Fill
              statements:
                - integerCollection: {variable: Flow.list, value: {exp: 'AddItem(AddItem(MakeList(1), Flow.unset), 3)'}}
                - integer: {variable: Flow.count, value: {exp: 'Count(Flow.list)'}}
                - boolean: {variable: Flow.secondSet, value: {exp: 'IsSet(Flow.list[1])'}}
                - boolean: {variable: Flow.thirdSet, value: {exp: 'IsSet(Flow.list[2])'}}
          - disconnect: {name: Bye}
",
    );
    let j = run_flow(&flow);
    let v = &j["variables"];
    // "A collection value itself cannot be NOT_SET. It contains zero or more values of one type
    // whose value can be NOT_SET. A value in a collection is referred to as an item."
    assert_eq!(v["Flow.count"], 3, "{j:#}");
    assert_eq!(v["Flow.secondSet"], false, "{j:#}");
    assert_eq!(v["Flow.thirdSet"], true, "{j:#}");
    assert_eq!(v["Flow.list"], json!([1, null, 3]), "{j:#}");
}

#[test]
fn a_currencys_amount_and_code_are_read_by_name_by_quoted_name_or_by_index() {
    let flow = |reads: &str| {
        call_flow(
            "    - currencyVariable: {name: Flow.MyCurrency}
    - decimalVariable: {name: Flow.byName}
    - decimalVariable: {name: Flow.byQuotedName}
    - decimalVariable: {name: Flow.byIndex}
    - stringVariable: {name: Flow.code}
",
            &format!(
                "          - updateData:
              name: Price
              statements:
                - currency: {{variable: Flow.MyCurrency, value: {{exp: 'MakeCurrency(5.00, \"USD\")'}}}}
{reads}          - disconnect: {{name: Bye}}
"
            ),
        )
    };
    let reads = "          - updateData:
              name: Read
              statements:
                - decimal: {variable: Flow.byName, value: {exp: 'Flow.MyCurrency.Amount'}}
                - decimal: {variable: Flow.byQuotedName, value: {exp: 'Flow.MyCurrency.\"Amount\"'}}
                - decimal: {variable: Flow.byIndex, value: {exp: 'Flow.MyCurrency[\"Amount\"]'}}
                - string: {variable: Flow.code, value: {exp: 'Flow.MyCurrency.Code'}}
";
    let flow_text = flow(reads);
    assert_eq!(errors(&flow_text), Vec::<String>::new());
    let j = run_flow(&flow_text);
    let v = &j["variables"];
    // "Amount: A decimal that reflects the amount of the currency"; "Code: A string that contains
    // the ISO 4217 code for the currency"; "a currency with an amount of 5.00 and code of “USD”
    // is 5 United States Dollars"; "Architect supports three syntactic ways to access the Amount
    // property": Flow.MyCurrency.Amount, Flow.MyCurrency."Amount", Flow.MyCurrency["Amount"].
    assert_eq!(v["Flow.byName"], 5.0, "{j:#}");
    assert_eq!(v["Flow.byQuotedName"], 5.0, "{j:#}");
    assert_eq!(v["Flow.byIndex"], 5.0, "{j:#}");
    assert_eq!(v["Flow.code"], "USD", "{j:#}");
    // "Using the Flow.MyCurrency method, only a string literal is supported. The following
    // example is not valid. Flow.MyCurrency."Am"+"ount"": the member is `Am`, which a Currency
    // does not have.
    let bad = "          - updateData:
              name: Read
              statements:
                - string: {variable: Flow.code, value: {exp: 'Flow.MyCurrency.\"Am\"+\"ount\"'}}
";
    let e = errors(&flow(bad));
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(e[0].starts_with("unknownMember: "), "{e:?}");
}

#[test]
fn json_takes_the_types_the_page_lists_and_a_quoted_object_stays_a_string() {
    let flow = |extra: &str| {
        call_flow(
            "    - jsonVariable: {name: Flow.array}
    - jsonVariable: {name: Flow.empty}
    - jsonVariable: {name: Flow.number}
    - jsonVariable: {name: Flow.decimal}
    - jsonVariable: {name: Flow.object}
    - jsonVariable: {name: Flow.text}
    - stringVariable: {name: Flow.read}
",
            &format!(
                r#"          - updateData:
              name: Parse
              statements:
                - json: {{variable: Flow.array, value: {{exp: 'JsonParse("[true, \"hello\", {{\"a\": true}}]")'}}}}
                - json: {{variable: Flow.empty, value: {{exp: 'JsonParse("[ ]")'}}}}
                - json: {{variable: Flow.number, value: {{exp: 'JsonParse("-100")'}}}}
                - json: {{variable: Flow.decimal, value: {{exp: 'JsonParse("1.5")'}}}}
                - json: {{variable: Flow.object, value: {{exp: 'JsonParse("{{\"customerName\": \"John Doe\"}}")'}}}}
                - json: {{variable: Flow.text, value: {{exp: 'JsonParse("\"{{\\\"unusualExample\\\": 1}}\"")'}}}}
{extra}          - disconnect: {{name: Bye}}
"#
            ),
        )
    };
    let j = run_flow(&flow(""));
    let v = &j["variables"];
    // "Array: Can contain values of any type on this list ... Example: [ ], [1,2,3], [true,
    // “hello”, {“a”: true}]"; "Numeric: Integer or decimal value. Example: 0.0, 1.0, 25, -100.";
    // "Object: ... Example: {“customerName”: “John Doe”}".
    assert_eq!(v["Flow.array"], json!([true, "hello", {"a": true}]), "{j:#}");
    assert_eq!(v["Flow.empty"], json!([]), "{j:#}");
    assert_eq!(v["Flow.number"], json!(-100), "{j:#}");
    assert_eq!(v["Flow.decimal"], json!(1.5), "{j:#}");
    assert_eq!(v["Flow.object"], json!({"customerName": "John Doe"}), "{j:#}");
    // "String: Surrounded by double quotes. Example: ... “{\”unusualExample\”: ...}” ... This
    // example looks like an object, but is actually a string that was not parsed into an object."
    assert_eq!(v["Flow.text"], json!("{\"unusualExample\": 1}"), "{j:#}");
    let read = "          - updateData:
              name: Read
              statements:
                - string: {variable: Flow.read, value: {exp: 'ToString(GetJsonObjectProperty(Flow.text, \"unusualExample\"))'}}
";
    let j = run_flow(&flow(read));
    assert_eq!(j["error"]["kind"], "typeMismatch", "{j:#}");
    assert_eq!(j["variables"]["Flow.read"], serde_json::Value::Null, "{j:#}");
}

#[test]
fn arithmetic_and_comparison_with_a_not_set_operand_invoke_the_error_handler() {
    let flow = |condition: &str| {
        call_flow(
            "    - integerVariable: {name: Flow.count, isInput: true}
",
            &format!(
                "          - decision:
              name: Many?
              condition: {{exp: '{condition}'}}
              outputs:
                yes: {{actions: [{{playAudio: {{name: Yes, audio: {{tts: many}}}}}}]}}
                no: {{actions: [{{playAudio: {{name: No, audio: {{tts: few}}}}}}]}}
          - disconnect: {{name: Bye}}
"
            ),
        )
    };
    // "Ensure that you check NOT_SET appropriately in expressions on parameters passed to function
    // calls and operators such as +, -, /, >, >=, and so on."
    for condition in [
        "Flow.count > 3",
        "Flow.count >= 3",
        "Flow.count + 1 > 3",
        "10 - Flow.count > 3",
        "10 / Flow.count < 3",
    ] {
        let j = run_flow(&flow(condition));
        assert_eq!(j["error"]["kind"], "notSet", "{condition}: {j:#}");
        assert_eq!(crate::support::prompts(&j), Vec::<&str>::new(), "{condition}: {j:#}");
        let j = json(&run(
            &registry(&[&flow(condition)]),
            json!({"flowName": "F", "variables": {"Flow.count": 5}}),
        ));
        assert_eq!(crate::support::prompts(&j), ["many"], "{condition}: {j:#}");
    }
}
