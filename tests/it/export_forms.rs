//! Property forms Architect's exports write that differ from Archy's: a Find action's
//! `findId`/`findName` and `findResult`, Hold Music that plays its entire prompt, a Digital
//! Menu's quick-reply buttons as a chooser object. Each loads, checks and
//! runs as the same flow written in Archy does.

use flowsim::engine::{self, RunRequest};
use flowsim::fixtures::FixtureStore;
use flowsim::flow::Registry;
use serde_json::{json, Value as J};
use std::path::Path;

/// A value object as Architect writes it: a literal (`lit`) or an expression (`ref`).
fn lit(ty: &str, text: &str) -> J {
    json!({"config": {"lit": {"pos": 1, "text": text, "type": ty}}, "text": text, "type": ty, "version": 2})
}

fn var(ty: &str, name: &str) -> J {
    json!({"config": {"ref": {"pos": 1, "text": name, "type": ty}}, "text": name, "type": ty, "version": 2})
}

fn registry(file: &str, doc: &J) -> Registry {
    let text = doc.to_string();
    let report = Registry::from_sources([(Path::new(file), text.as_str())]);
    let bad: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.is_error() || d.code == flowsim::diag::Code::Unsupported)
        .collect();
    assert!(bad.is_empty(), "{bad:#?}");
    report.registry.expect("no errors")
}

fn fixtures(json: &J) -> FixtureStore {
    let mut store = FixtureStore::default();
    store.merge_json(Path::new("fixtures.json"), json).expect("the fixtures load");
    store
}

fn run(reg: &Registry, fixtures: &FixtureStore, request: &J) -> J {
    let request: RunRequest = serde_json::from_value(request.clone()).expect("a valid request");
    let result = engine::Run::new(reg, fixtures, &request).result().expect("the request runs");
    serde_json::to_value(&result).expect("the result serializes")
}

/// A workflow whose one state finds a user by id and a group by name, as Architect exports
/// them: `findId` / `findName` hold what is looked up and `findResult` the variable, beside the
/// action's own `id` and `name`.
fn finds() -> J {
    json!({
        "name": "Finds", "type": "workflow", "initialSequence": "s1",
        "variables": [{"__type": "StringVariable", "name": "Flow.userId", "isInput": true}],
        "flowSequenceItemList": [{
            "id": "s1", "__type": "State", "name": "Initial State", "startAction": "user",
            "variables": [
                {"__type": "UserVariable", "name": "State.Agent"},
                {"__type": "GroupVariable", "name": "State.Team"},
            ],
            "actionList": [
                {"id": "user", "__type": "FindUserByIdAction", "name": "Find User by ID",
                 "findId": var("str", "Flow.userId"), "findResult": var("usr", "State.Agent"),
                 "paths": [{"outputId": "__FOUND__", "nextActionId": "group"},
                           {"outputId": "__NOT_FOUND__", "nextActionId": "group"}]},
                {"id": "group", "__type": "FindGroupAction", "name": "Find Group",
                 "findName": lit("str", "Billing"), "findResult": var("grp", "State.Team"),
                 "paths": [{"outputId": "__FOUND__", "nextActionId": "end"},
                           {"outputId": "__NOT_FOUND__", "nextActionId": "end"}]},
                {"id": "end", "__type": "EndWorkflowAction", "name": "End Workflow"},
            ],
        }],
    })
}

#[test]
fn export_find_actions_look_up_find_id_and_find_name_into_find_result() {
    let reg = registry("finds.i3WorkFlow", &finds());
    let fixtures = fixtures(&json!({
        "users": [{"id": "u-ann", "name": "Ann Lee"}],
        "groups": [{"id": "g-1", "name": "Billing"}],
    }));
    let r =
        run(&reg, &fixtures, &json!({"flowName": "Finds", "variables": {"Flow.userId": "u-ann"}}));
    let steps = r["trace"].as_array().expect("a trace");
    let taken: Vec<&str> = steps.iter().filter_map(|s| s["output"].as_str()).collect();
    assert_eq!(taken[..2], ["found", "found"], "{r}");
    assert_eq!(r["variables"]["State.Agent"]["name"], "Ann Lee", "{r}");
    assert_eq!(r["variables"]["State.Team"]["name"], "Billing", "{r}");
}

/// An in-queue task that plays hold music: the export that plays the entire prompt writes
/// `playForDuration: false` and marks the one-minute duration it keeps `outOfService`.
fn hold_music(play_for_duration: bool) -> J {
    let mut duration = lit("dur", "P0D0H0M30S0F");
    if !play_for_duration {
        duration["outOfService"] = json!(true);
    }
    json!({
        "name": "Hold", "type": "inqueuecall", "initialSequence": "t1",
        "flowSequenceItemList": [{
            "id": "t1", "__type": "Task", "name": "In-Queue Task", "startAction": "hold",
            "actionList": [
                {"id": "hold", "__type": "HoldMusicAction", "name": "Hold Music",
                 "prompt": lit("pmt", "PromptSystem.on_hold_music"),
                 "playForDuration": play_for_duration, "duration": duration,
                 "nextAction": "bye"},
                {"id": "bye", "__type": "DisconnectAction", "name": "Disconnect"},
            ],
        }],
    })
}

#[test]
fn export_hold_music_that_plays_its_entire_prompt_waits_for_the_prompt_not_its_duration() {
    // The export keeps a duration of 30 s; only the play style decides. Offline the entire
    // prompt plays for a minute, as no `promptLengths` gives its length.
    for (plays_for_duration, ms) in [(false, 60_000), (true, 30_000)] {
        let reg = registry("hold.i3InQueueFlow", &hold_music(plays_for_duration));
        let r = run(&reg, &FixtureStore::default(), &json!({"flowName": "Hold"}));
        assert_eq!(r["elapsedMs"], ms, "playForDuration {plays_for_duration}: {r}");
    }
}

/// A digital bot whose Digital Menu offers two quick-reply buttons as Architect exports them:
/// a `chs` chooser object, the buttons a literal collection of `chc` objects, each path's
/// `outputId` a button's `referenceId`.
fn digital_menu() -> J {
    let button = |id: &str, value: &str| {
        json!({"config": {"lit": {"pos": 1, "text": "", "type": "chc"}}, "text": "", "type": "chc",
               "version": 2, "uiMetaData": {"referenceId": id}, "isEnabled": true,
               "properties": {"label": {"config": {"emp": {"pos": 1, "text": "", "type": "str"}},
                                        "text": "", "type": "str", "version": 2},
                              "value": lit("str", value), "type": lit("str", "postback")}})
    };
    let buttons = json!({"config": {"lit": {"pos": 1, "text": "", "type": "chc_coll",
                          "items": [button("btn-1", "Book"), button("btn-2", "Talk to an Agent")]}},
                          "text": "", "type": "chc_coll", "version": 2});
    let chooser = json!({"config": {"lit": {"pos": 1, "text": "", "type": "chs"}}, "text": "",
                         "type": "chs", "version": 2,
                         "properties": {"presentation": lit("str", "quickReplies"),
                                        "quickReplies": {"config": {"lit": {"pos": 1, "text": "", "type": "qrl"}},
                                                         "text": "", "type": "qrl", "version": 2,
                                                         "properties": {"buttons": buttons}}}});
    let said = |id: &str, text: &str| {
        json!({"id": id, "__type": "CommunicateAction", "name": id,
               "communication": lit("str", text), "nextAction": "exit"})
    };
    json!({
        "name": "Menu Bot", "type": "digitalbot", "initialSequence": "b1",
        "flowSequenceItemList": [{
            "id": "b1", "__type": "BotState", "name": "Main", "startAction": "menu",
            "actionList": [
                {"id": "menu", "__type": "DigitalMenuAction", "name": "Digital Menu",
                 "choices": [], "chooser": chooser,
                 "question": lit("str", "What would you like to do?"),
                 "paths": [{"outputId": "btn-1", "nextActionId": "book", "isDynamicBranch": true, "label": "Book"},
                           {"outputId": "btn-2", "nextActionId": "agent", "isDynamicBranch": true, "label": "Talk to an Agent"},
                           {"outputId": "__MAX_NO_INPUTS__", "outOfService": true},
                           {"outputId": "__MAX_NO_MATCHES__", "outOfService": true}]},
                said("book", "Booking"),
                said("agent", "An agent"),
                {"id": "exit", "__type": "ExitBotFlowAction", "name": "Exit"},
            ],
        }],
    })
}

#[test]
fn an_exported_digital_menus_quick_reply_buttons_are_offered_and_pressed() {
    let reg = registry("menu.i3DigitalBotFlow", &digital_menu());
    for (press, said) in [("Book", "Booking"), ("Talk to an Agent", "An agent")] {
        let r = run(
            &reg,
            &FixtureStore::default(),
            &json!({"flowName": "Menu Bot", "inputs": [{"text": press}]}),
        );
        let prompts = r["prompts"].to_string();
        assert!(prompts.contains(said), "{press}: {r}");
        assert_eq!(r["status"], "completed", "{r}");
    }
}

/// An unreachable action of an export is named by its name and tracking number, as the other
/// diagnostics of an export name it, not by its GUID.
#[test]
fn an_unreachable_export_action_is_named_by_its_name() {
    let doc = json!({
        "name": "Orphans", "type": "workflow", "initialSequence": "s1",
        "flowSequenceItemList": [{
            "id": "s1", "__type": "State", "name": "Initial State", "startAction": "end",
            "actionList": [
                {"id": "end", "__type": "EndWorkflowAction", "name": "End Workflow", "trackingId": 1},
                {"id": "6f1c2b9e-0000-4000-8000-00000000abcd", "__type": "EndWorkflowAction",
                 "name": "Orphan", "trackingId": 2},
            ],
        }],
    });
    let text = doc.to_string();
    let report = Registry::from_sources([(Path::new("orphans.i3WorkFlow"), text.as_str())]);
    let unreachable: Vec<String> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == flowsim::diag::Code::UnreachableNode)
        .map(|d| d.message.clone())
        .collect();
    assert_eq!(unreachable, ["no path leads to node `Orphan (#2)` from the start node"]);
}
