//! Every bundled example flow, down each of its branches. One snapshot per flow holds all of
//! its cases, so a reviewer sees a flow's behaviour in one place.

use crate::support::{cases, run};
use flowsim::engine::Status;
use serde_json::json;

fn call(flow: &str, from: &str, inputs: serde_json::Value) -> serde_json::Value {
    json!({"flowName": flow, "context": {"from": from, "to": "+15550000000", "channel": "voice", "mediaType": "voice",
           "conversationId": "conv-1"}, "inputs": inputs})
}

#[test]
fn inbound_flow_a_branches() {
    let mut published = call("Inbound_Flow_A", "+15551234567", json!(["timeout"]));
    published["version"] = json!("published");
    insta::assert_snapshot!(cases(&[
        (
            "caller presses 1 and is routed to support",
            call("Inbound_Flow_A", "+15551234567", json!(["1"]))
        ),
        (
            "caller presses 2 and hears goodbye",
            call("Inbound_Flow_A", "+15551234567", json!(["2"]))
        ),
        (
            "caller enters 1 then # after a delay",
            call("Inbound_Flow_A", "+15551234567", json!([{"digits": "1#", "delaySeconds": 4}]))
        ),
        (
            "no input: the shared module takes its error path, the variable stays unset",
            call("Inbound_Flow_A", "+15551234567", json!([]))
        ),
        ("published: the shared module ends with an error, the caller handles it", published),
    ]));
}

#[test]
fn inbound_flow_b_branches() {
    insta::assert_snapshot!(cases(&[
        (
            "flow B calls the shared module by name and routes to Sales by name",
            call("Inbound_Flow_B", "+15551234567", json!(["1"]))
        ),
        (
            "input arrives after the Gather's timeout",
            call("Inbound_Flow_B", "+15551234567", json!([{"digits": "1", "delaySeconds": 11}]))
        ),
    ]));
}

#[test]
fn contact_lookup_branches() {
    insta::assert_snapshot!(cases(&[
        (
            "gold contact is greeted by name and routed to VIP",
            call("Contact_Lookup", "+15551234567", json!([]))
        ),
        (
            "silver contact, number written without country code",
            call("Contact_Lookup", "5557654321", json!([]))
        ),
        ("unknown caller takes the error path", call("Contact_Lookup", "+15550001111", json!([]))),
    ]));
}

#[test]
fn queue_occupancy_routing_branches() {
    insta::assert_snapshot!(cases(&[
        (
            "support has enough agents: routed",
            call("Queue_Occupancy_Routing", "+15551234567", json!(["2"]))
        ),
        (
            "sales is busy: callback scheduled, then disconnect",
            call("Queue_Occupancy_Routing", "+15551234567", json!(["1"]))
        ),
        (
            "sales is busy and the callback service times out",
            call("Queue_Occupancy_Routing", "+15550000000", json!(["1"]))
        ),
        (
            "sales is busy and the callback service fails",
            call("Queue_Occupancy_Routing", "+15559999999", json!(["1"]))
        ),
        (
            "an invalid choice, then support",
            call("Queue_Occupancy_Routing", "+15551234567", json!(["9", "2"]))
        ),
        (
            "three invalid choices: goodbye",
            call("Queue_Occupancy_Routing", "+15551234567", json!(["7", "8", "9"]))
        ),
        ("no input", call("Queue_Occupancy_Routing", "+15551234567", json!(["timeout"]))),
    ]));
}

/// The full result shape of docs/results.md, for a flow simulation request.
#[test]
fn seed_003_simulation_result_shape() {
    let text = std::fs::read_to_string(
        crate::support::root().join("fixtures/requests/contact_lookup.json"),
    )
    .unwrap();
    let r = run(serde_json::from_str(&text).unwrap());
    assert_eq!(r.status, Status::Completed);
    insta::assert_snapshot!(r.to_json_pretty());
}
