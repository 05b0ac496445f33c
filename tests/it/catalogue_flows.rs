//! Flows generated from the catalogue: for every action flowsim runs, an Archy flow holding it
//! with its required properties set and every fixed output wired to an Update Data that writes
//! `Flow.Path`, as a flow author would build it.
//!
//! 1. Each loads and checks with no error and nothing `unsupported`, and `flowsim explore`
//!    takes every output of every action by a path's inputs, mocks, clock or fixtures (with the
//!    fixtures, with none (a queue, a user or a contact missing), and with more (two contacts
//!    with one number, an emergency on)), or the output is listed
//!    in [`FORCED_ONLY`] with why only forcing takes it.
//! 2. Every property written in each form Archy accepts for its kind (`lit:`, `exp:`, a bare
//!    scalar, `{name: ...}`, `tts:`, `var:`, a list of parts) loads to the same action: the
//!    run's trace is byte-identical to the one of the first form.
//!
//! Menu choices are generated inside a menu, jumps with a container to jump to; the figures are
//! written to stderr.

use flowsim::explore::{explore, Class, Options};
use flowsim::fixtures::FixtureStore;
use flowsim::flow::catalogue::{self, ActionSpec, Dynamic, Family, Leaves, Op, PropKind, PropSpec};
use flowsim::flow::registry::Registry;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;

/// Properties as `(Archy key, flow-style YAML)`.
type Props = &'static [(&'static str, &'static str)];

/// What a generated action needs beyond its kind's default values: `(Archy key, flow type,
/// properties as flow-style YAML)`. The flow type is `inboundCall` unless given.
const SETUP: &[(&str, &str, Props)] = &[
    ("collectInput", "", &[("digitsMax", "{lit: 4}")]),
    ("menu", "", &[]),
    ("holdMusic", "inqueueCall", &[("duration", "{lit: PT2S}")]),
    ("playEstimatedWaitTime", "inqueueCall", &[]),
    ("playPositionInQueue", "inqueueCall", &[]),
    ("detectSilence", "", &[]),
    ("processVoicemailInput", "voicemail", &[]),
    ("updateData", "", &[("statements", STATEMENT)]),
    ("extractSecureData", "secureCall", &[("statements", SECURE_STATEMENT)]),
    (
        "updateWorkitem",
        "workitem",
        &[("statements", "[{string: {variable: Workitem.Name, value: {lit: Renamed}}}]")],
    ),
    ("callData", "", &[("category", DATA_ACTION), ("timeout", "{lit: PT10S}")]),
    ("callBridge", "", &[("category", DATA_ACTION), ("timeout", "{lit: PT10S}")]),
    ("callDataSecure", "secureCall", &[("category", DATA_ACTION), ("timeout", "{lit: PT10S}")]),
    ("dataTableLookup", "", &[("dataTable", "{Accounts: {}}"), ("lookupValue", "{lit: A1}")]),
    ("findQueue", "", &[("findName", "{lit: Support}")]),
    ("findQueueById", "", &[("findId", "{lit: 5f0a0000-0000-4000-8000-000000000001}")]),
    ("findUser", "", &[("findName", "{lit: pat@example.com}")]),
    ("findUserById", "", &[("findId", "{lit: 5f0a0000-0000-4000-8000-000000000002}")]),
    (
        "findUsersById",
        "",
        &[("findIds", "{exp: 'MakeList(\"5f0a0000-0000-4000-8000-000000000002\", \"u-9\")'}")],
    ),
    ("findGroup", "", &[("findName", "{lit: Billing}")]),
    ("getExternalContact", "", &[("externalId", "{lit: contact-1}")]),
    ("associateExternalContact", "", &[("externalId", "{lit: contact-1}")]),
    ("promoteExternalContact", "", &[("externalId", "{lit: contact-1}")]),
    ("getExternalOrganization", "", &[("externalId", "{lit: org-1}")]),
    ("searchExternalContacts", "", &[("searchTerm", "{lit: '+13175550100'}")]),
    ("evaluateSchedule", "", &[("schedule", "{lit: {name: One}}")]),
    (
        "evaluateScheduleGroup",
        "",
        &[("scheduleGroup", "{lit: {name: One}}"), ("emergencyGroup", "{lit: {name: One}}")],
    ),
    (
        "getParticipantData",
        "",
        &[("attributes", "[{attribute: {name: {lit: tier}, variable: Flow.tier}}]")],
    ),
    (
        "setParticipantData",
        "",
        &[("attributes", "[{attribute: {name: {lit: tier}, value: {lit: gold}}}]")],
    ),
    (
        "getConversationData",
        "",
        &[("attributes", "[{attribute: {name: {lit: tier}, variable: Flow.tier}}]")],
    ),
    (
        "setConversationData",
        "",
        &[("attributes", "[{attribute: {name: {lit: tier}, value: {lit: gold}}}]")],
    ),
    (
        "getSecuredData",
        "secureCall",
        &[("attributes", "[{attribute: {name: {lit: card}, variable: Flow.card}}]")],
    ),
    (
        "setSecuredData",
        "secureCall",
        &[("attributes", "[{attribute: {name: {lit: card}, value: {lit: '4111'}}}]")],
    ),
    ("callDecisionTable", "", &[("decisionTable", "Tiers")]),
    ("transferToAcd", "", &[("targetQueue", "{lit: {name: Support}}")]),
    ("transferToUser", "", &[("targetUser", "{lit: {name: Pat Doe}}")]),
    ("transferToGroup", "", &[("targetGroup", "{lit: {name: Billing}}")]),
    ("transferToNumber", "", &[("targetNumber", "{lit: '+13175550123'}")]),
    ("transferToVoicemail", "", &[("targetUser", "{lit: {name: Pat Doe}}")]),
    ("transferToFlow", "", &[("targetFlow", "{lit: {name: Other}}")]),
    ("transferToFlowSecure", "", &[("targetFlow", "{lit: {name: Secure Other}}")]),
    (
        "createCallback",
        "",
        &[("callbackNumber", "{lit: '+13175550100'}"), ("targetQueue", "{lit: {name: Support}}")],
    ),
    ("returnToAgent", "secureCall", &[]),
    ("disconnectWorkitem", "workitem", &[]),
    ("terminateWorkitem", "workitem", &[]),
    ("decision", "", &[("condition", "{exp: 'Call.Ani == \"+13175550100\"'}")]),
    ("switch", "", &[]),
    ("loop", "", &[("loopCount", "{lit: 2}"), ("currentIndex", "{var: Flow.i}")]),
    ("loopUntil", "", &[("maxLoopCount", "{lit: 2}"), ("currentIndex", "{var: Flow.i}")]),
    ("wait", "workflow", &[("duration", "{lit: PT1S}")]),
    ("endWorkflow", "workflow", &[]),
    ("changeState", "workflow", &[("targetStateRef", "\"/workflow/states/state[Next_2]\"")]),
    ("endState", "workflow", &[]),
    ("exitWorkitemFlow", "workitem", &[]),
    (
        "setFlowOutcome",
        "",
        &[("flowOutcome", "{lit: {name: Sold}}"), ("flowOutcomeValue", "{lit: success}")],
    ),
    ("initializeFlowOutcome", "", &[("flowOutcome", "{lit: {name: Sold}}")]),
    ("addFlowMilestone", "", &[("milestone", "{lit: {name: Greeted}}")]),
    ("callCommonModule", "", &[("commonModule", "{Common: {ver_latestPublished: {}}}")]),
    ("jumpToTask", "", &[("targetTaskRef", "\"/inboundCall/tasks/task[Other_2]\"")]),
    ("jumpToMenu", "", &[("targetMenuRef", "\"/inboundCall/menus/menu[Menu_3]\"")]),
    ("callTask", "", &[("targetTaskRef", "\"/inboundCall/tasks/task[Other_2]\"")]),
    ("endTask", "", &[]),
    ("setLanguage", "", &[("language", "{lit: en-us}")]),
    ("setScreenPop", "", &[("screenPopScript", "Account Script")]),
    ("setWrapupCode", "", &[("wrapupCode", "{lit: {name: Resolved}}")]),
    ("setUUIData", "", &[("uuiData", "{lit: abc}")]),
    ("setExternalTag", "", &[("externalTag", "{lit: tag-1}")]),
    ("setPriority", "inqueueCall", &[("priority", "{lit: 5}")]),
    ("setSkills", "", &[("acdSkills", "{exp: 'MakeList(\"Billing\")'}")]),
    ("setWhisperAudio", "", &[]),
    ("setUtilizationLabel", "", &[("utilizationLabel", "{lit: {name: Urgent}}")]),
    ("setPostFlow", "", &[("targetFlow", "{lit: {name: Survey}}")]),
    ("clearVoicemailSnippet", "voicemail", &[]),
    ("abortSurveyInvite", "surveyInvite", &[]),
    ("completeSurveyInvite", "surveyInvite", &[]),
    ("sendResponse", "inboundShortMessage", &[("messageBody", "{lit: Hello}")]),
    ("communicate", "inboundShortMessage", &[]),
    ("sendAutoReply", "inboundEmail", &[("messageBody", "{lit: Thanks}")]),
    ("getResponse", "inboundEmail", &[("response", "Thanks")]),
    ("sendRichLink", "inboundShortMessage", &[("urlValue", "{lit: 'https://example.com'}")]),
    ("sendNotification", "workflow", &[("body", "{lit: Hi}")]),
    ("detectIntent", "inboundEmail", &[]),
];

const STATEMENT: &str = "[{string: {variable: Flow.x, value: {lit: one}}}]";
/// Extract Secure Data's statement reads the secure `Flow.Card` a secure call flow declares.
const SECURE_STATEMENT: &str =
    "[{string: {variable: Flow.x, value: {exp: 'If(IsSet(Flow.Card), Right(Flow.Card, 4), \"\")'}}}]";
const DATA_ACTION: &str = "{CRM: {dataAction: {Lookup Account: {}}}}";

/// Entries not generated here, with the tests that build and run them: `(key, why)`.
const NOT_GENERATED: &[(&str, &str)] = &[
    ("askSurveyQuestion", "needs a voice survey flow's form: tests/it/voice_survey.rs"),
    ("callBotFlow", BOT_FLOW),
    ("callDigitalBotFlow", BOT_FLOW),
    ("askForIntent", BOT_FLOW),
    ("askForNLUNextIntent", "runs as askForIntent: tests/it/digital_actions.rs"),
    ("askForSlot", BOT_FLOW),
    ("askForBoolean", BOT_FLOW),
    ("loopAnythingElse", BOT_FLOW),
    ("detectIntent", "needs the flow's NLU: tests/it/bots.rs"),
];

const BOT_FLOW: &str = "needs a bot flow with its NLU (intents, slots): tests/it/bots.rs";

fn setup(key: &str) -> (&'static str, Props) {
    SETUP.iter().find(|s| s.0 == key).map_or(("inboundCall", &[][..]), |s| {
        (if s.1.is_empty() { "inboundCall" } else { s.1 }, s.2)
    })
}

/// A kind's value when [`SETUP`] gives none.
fn default_value(p: &PropSpec) -> Option<String> {
    Some(match p.kind {
        // A condition the caller's number decides, so that either way can be reached.
        PropKind::Expr if p.ty == Some(flowsim::expr::Ty::BOOLEAN) => {
            "{exp: 'Call.Ani == \"+13175550100\"'}".into()
        }
        PropKind::Expr => "{lit: one}".into(),
        PropKind::Audio => "{tts: Hello}".into(),
        PropKind::Text => "One".into(),
        PropKind::Target => "{lit: {name: Support}}".into(),
        PropKind::Var => "{var: Flow.result}".into(),
        _ => return None,
    })
}

/// The Update Data an output leads to: it writes the output's name to `Flow.Path`.
fn marker(output: &str) -> String {
    format!(
        "{{actions: [{{updateData: {{name: 'On {output}', statements: [{{string: {{variable: Flow.Path, value: {{lit: '{output}'}}}}}}]}}}}]}}"
    )
}

/// The action (one YAML list item at `indent`) with `props` and every fixed output wired.
fn action_yaml(spec: &ActionSpec, props: &[(String, String)], indent: &str) -> String {
    let mut y = format!("{indent}- {}:\n{indent}    name: Act\n", spec.key);
    for (name, value) in props {
        let _ = writeln!(y, "{indent}    {name}: {value}");
    }
    if spec.dynamic == Dynamic::Cases {
        let _ = writeln!(
            y,
            "{indent}    evaluate:\n{indent}      firstTrue:\n{indent}        cases:\n{indent}          - case:\n{indent}              value: {{exp: 'Call.Ani == \"+13175550100\"'}}\n{indent}              actions: [{{updateData: {{name: On case, statements: [{{string: {{variable: Flow.Path, value: {{lit: case}}}}}}]}}}}]\n{indent}        default: {}",
            marker("default")
        );
        return y;
    }
    if spec.dynamic == Dynamic::UntilCases {
        let _ = writeln!(
            y,
            "{indent}    untilCases:\n{indent}      - untilCase:\n{indent}          value: {{exp: 'Call.Ani == \"+13175550100\"'}}\n{indent}          actions: [{{updateData: {{name: On case, statements: [{{string: {{variable: Flow.Path, value: {{lit: case}}}}}}]}}}}]"
        );
    }
    let outputs: Vec<_> = spec.outputs.iter().collect();
    if !outputs.is_empty() {
        let _ = writeln!(y, "{indent}    outputs:");
        for o in outputs {
            let _ = writeln!(y, "{indent}      {}: {}", o.name, marker(o.name));
        }
    }
    y
}

/// The whole flow of type `ty` with `actions` (list items indented for a task), a second task
/// `Other_2`, a menu `Menu_3`, and for state flows a second state `Next_2`.
fn flow_yaml(ty: &str, actions: &str, menu: Option<&str>) -> String {
    let states = [
        "workflow",
        "workitem",
        "inboundShortMessage",
        "inboundEmail",
        "surveyInvite",
        "inqueueCall",
    ];
    let choices =
        menu.unwrap_or("              - menuDisconnect: {name: Hang up, dtmf: digit_9}\n");
    let other = "          - updateData: {name: In other, statements: [{string: {variable: Flow.Other, value: {lit: yes}}}]}\n";
    if ty == "inqueueCall" {
        return format!(
            "inqueueCall:\n  name: Gen\n  startUpRef: \"/inqueueCall/tasks/task[Main_1]\"\n  defaultLanguage: en-us\n  supportedLanguages:\n    en-us:\n      defaultLanguageSkill:\n        noValue: true\n  tasks:\n    - task:\n        name: Main\n        refId: Main_1\n        actions:\n{actions}"
        );
    }
    if states.contains(&ty) {
        return format!(
            "{ty}:\n  name: Gen\n  startUpRef: \"/{ty}/states/state[Main_1]\"\n  defaultLanguage: en-us\n  supportedLanguages:\n    en-us:\n      defaultLanguageSkill:\n        noValue: true\n  states:\n    - state:\n        name: Main\n        refId: Main_1\n        actions:\n{actions}    - state:\n        name: Next\n        refId: Next_2\n        actions:\n{other}"
        );
    }
    let variables = if ty == "secureCall" {
        "  variables:\n    - stringVariable: {name: Flow.Card, isSecure: true}\n"
    } else {
        ""
    };
    format!(
        "{ty}:\n  name: Gen\n  startUpRef: \"/{ty}/tasks/task[Main_1]\"\n  defaultLanguage: en-us\n  supportedLanguages:\n    en-us:\n      defaultLanguageSkill:\n        noValue: true\n{variables}  tasks:\n    - task:\n        name: Main\n        refId: Main_1\n        actions:\n{actions}    - task:\n        name: Other\n        refId: Other_2\n        actions:\n{other}  menus:\n    - menu:\n        name: Menu\n        refId: Menu_3\n        audio: {{tts: Press 1.}}\n        choices:\n{choices}"
    )
}

/// Flows the generated ones call or transfer to.
const OTHERS: &[&str] = &[
    "inboundCall:\n  name: Other\n  startUpRef: \"/inboundCall/tasks/task[T_1]\"\n  defaultLanguage: en-us\n  supportedLanguages:\n    en-us:\n      defaultLanguageSkill:\n        noValue: true\n  tasks:\n    - task:\n        name: T\n        refId: T_1\n        actions:\n          - disconnect: {name: Bye}\n",
    "secureCall:\n  name: Secure Other\n  startUpRef: \"/secureCall/tasks/task[T_1]\"\n  defaultLanguage: en-us\n  supportedLanguages:\n    en-us:\n      defaultLanguageSkill:\n        noValue: true\n  tasks:\n    - task:\n        name: T\n        refId: T_1\n        actions:\n          - returnToAgent: {name: Back}\n",
    "commonModule:\n  name: Common\n  startUpRef: \"/commonModule/tasks/task[T_1]\"\n  defaultLanguage: en-us\n  supportedLanguages:\n    en-us:\n      defaultLanguageSkill:\n        noValue: true\n  tasks:\n    - task:\n        name: T\n        refId: T_1\n        actions:\n          - updateData: {name: In module, statements: [{string: {variable: Flow.m, value: {lit: yes}}}]}\n",
];

/// The entries generated: Architect's actions flowsim runs that stand alone.
fn generated() -> Vec<&'static ActionSpec> {
    catalogue::ACTIONS
        .iter()
        .filter(|a| a.family != Family::Json && a.unsupported().is_none())
        .filter(|a| !NOT_GENERATED.iter().any(|n| n.0 == a.key))
        .collect()
}

fn is_menu_choice(a: &ActionSpec) -> bool {
    a.key.starts_with("menu") && a.key != "menu" && a.key != "menuDialByExtension"
}

/// The generated flow of `spec` with its properties `props`: the flow type and the YAML.
fn generate(spec: &ActionSpec, props: &[(String, String)]) -> String {
    generate_then(spec, props, "")
}

/// [`generate`], with `then` (an action at the action's own indent, after `{indent}`) after
/// the action in its container. Menu choices and menus stand alone.
fn generate_then(spec: &ActionSpec, props: &[(String, String)], then: &str) -> String {
    if is_menu_choice(spec) {
        let choice = action_yaml(spec, props, "              ");
        let choice = choice.replacen(
            "    name: Act\n",
            "    name: Act\n                  dtmf: digit_1\n",
            1,
        );
        // Return to Agent is a secure call flow's (docs/architect.md §6).
        let ty = if spec.op == Op::ReturnToAgent { "secureCall" } else { "inboundCall" };
        let actions = format!(
            "          - jumpToMenu: {{name: To menu, targetMenuRef: \"/{ty}/menus/menu[Menu_3]\"}}\n"
        );
        return flow_yaml(ty, &actions, Some(&choice));
    }
    let (ty, _) = setup(spec.key);
    if spec.key == "menu" {
        let actions = "          - jumpToMenu: {name: To menu, targetMenuRef: \"/inboundCall/menus/menu[Menu_3]\"}\n";
        return flow_yaml(ty, actions, None);
    }
    if matches!(spec.key, "loopExit" | "loopNext") {
        let indent = "                    ";
        let inner = action_yaml(spec, props, indent) + &then.replace("{indent}", indent);
        let actions = format!(
            "          - loop:\n              name: Around\n              loopCount: {{lit: 2}}\n              outputs:\n                loop:\n                  actions:\n{inner}"
        );
        return flow_yaml(ty, &actions, None);
    }
    let indent = "          ";
    flow_yaml(ty, &(action_yaml(spec, props, indent) + &then.replace("{indent}", indent)), None)
}

/// A menu choice's own task and sub menu.
const OWN_TASK: &str = "{actions: [{updateData: {name: In own task, statements: [{string: \
     {variable: Flow.Own, value: {lit: task}}}]}}]}";
const SUB_MENU: &str = "{name: Sub, refId: Sub_4, audio: {tts: Press 9.}, choices: \
     [{menuDisconnect: {name: Leave, dtmf: digit_9}}]}";

/// The properties set: [`SETUP`]'s, then every other required one at its kind's default.
fn props_of(spec: &ActionSpec) -> Vec<(String, String)> {
    let given = setup(spec.key).1;
    let mut props: Vec<(String, String)> =
        given.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
    let menu_defaults: &[(&str, &str)] = match spec.key {
        "menuTransferToAcd" => &[("targetQueue", "{lit: {name: Support}}")],
        "menuTransferToUser" => &[("targetUser", "{lit: {name: Pat Doe}}")],
        "menuTransferToGroup" => &[("targetGroup", "{lit: {name: Billing}}")],
        "menuTransferToNumber" => &[("targetNumber", "{lit: '+13175550123'}")],
        "menuTransferToVoicemail" => &[("targetUser", "{lit: {name: Pat Doe}}")],
        "menuTransferToFlow" => &[("targetFlow", "{lit: {name: Other}}")],
        "menuTransferToFlowSecure" => &[("targetFlow", "{lit: {name: Secure Other}}")],
        "menuJumpToTask" => &[("targetTaskRef", "\"/inboundCall/tasks/task[Other_2]\"")],
        "menuJumpToMenu" => &[("targetMenuRef", "\"/inboundCall/menus/menu[Menu_3]\"")],
        "menuTask" => &[("task", OWN_TASK)],
        "menuSubMenu" => &[("menu", SUB_MENU)],
        _ => &[],
    };
    props.extend(menu_defaults.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())));
    for p in spec.props.iter().filter(|p| p.required) {
        if !props.iter().any(|(k, _)| k == p.name) {
            if let Some(v) = default_value(p) {
                props.push((p.name.to_owned(), v));
            }
        }
    }
    props
}

/// The fixture stores each flow is explored with: the org (`catalogue_flows.json`), none, and
/// one where lookups find more (two users, two contacts with one number, an emergency on).
fn stores() -> [FixtureStore; 3] {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it");
    let load = |f: &str| FixtureStore::load(&[dir.join(f)]).expect("the fixtures load");
    [load("catalogue_flows.json"), FixtureStore::default(), load("catalogue_flows_more.json")]
}

fn load(flow: &str) -> Result<Registry, String> {
    let mut sources: Vec<(String, &str)> = vec![("gen.yaml".into(), flow)];
    for (i, o) in OTHERS.iter().enumerate() {
        sources.push((format!("other{i}.yaml"), o));
    }
    let report = Registry::from_sources(sources.iter().map(|(f, t)| (Path::new(f.as_str()), *t)));
    let bad: Vec<String> = report
        .diagnostics
        .iter()
        .filter(|d| d.is_error() || d.code == flowsim::diag::Code::Unsupported)
        .map(|d| format!("{}: {}", d.code, d.message))
        .collect();
    if bad.is_empty() {
        Ok(report.registry.expect("no errors"))
    } else {
        Err(bad.join("; "))
    }
}

/// Outputs no input, mock, clock or fixture store takes, only forcing: `(action, output, why)`.
/// A listed output that is reached fails the test, so the list stays true.
const FORCED_ONLY: &[(&str, &str, &str)] = &[
    ("playEstimatedWaitTime", "failure", crate::sdk_exports::NO_WAIT_TIME_FAILURE),
    ("playPositionInQueue", "failure", crate::sdk_exports::NO_POSITION_FAILURE),
    (
        "detectSilence",
        "timeout",
        "an offline line is silent, so the silence Detect Silence waits for always comes",
    ),
    (
        "playAudioOnSilence",
        "failure",
        "an offline line is silent, so nothing interrupts the message: a stub takes failure",
    ),
    (
        "playAudioOnSilence",
        "timeout",
        "an offline line is silent, so nothing interrupts the message: a stub takes timeout",
    ),
    ("getSIPHeaders", "success", CONTEXT),
    ("getRawSIPHeaders", "success", CONTEXT),
    ("updateWorkitem", "success", WORKITEM),
    ("disconnectWorkitem", "success", WORKITEM),
    ("terminateWorkitem", "success", WORKITEM),
    (
        "dialByExtension",
        "failure",
        "failure needs an extension that is no user's at the last of \
     its attempts; explore changes one input at a time (tests/it/documented_calls.rs reaches it)",
    ),
    (
        "processVoicemailInput",
        "voicemail",
        "explore gives a voicemail no spoken message \
     (tests/it/flow_types.rs gives one)",
    ),
    (
        "processVoicemailInput",
        "failure",
        "flowsim never takes it: no Genesys page says when \
     Process Voicemail Input fails",
    ),
    ("findSystemPrompt", "notFound", "without the fixtures' `systemPrompts` every name is a system prompt (docs/architect.md §4)"),
    ("setConversationData", "failure", OTHER_CONVERSATION),
    ("getConversationData", "notFound", OTHER_CONVERSATION),
    ("getSecuredData", "failure", KEYS),
    ("setSecuredData", "failure", KEYS),
    ("transferToNumber", "failure", CONSTANT),
    ("menuTransferToNumber", "failure", CONSTANT),
    ("transferToFlow", "failure", LOADED),
    ("menuTransferToFlow", "failure", LOADED),
    ("transferToFlowSecure", "failure", LOADED),
    ("menuTransferToFlowSecure", "failure", LOADED),
    ("setLanguage", "failure", CONSTANT),
    ("setWrapupCode", "failure", CONSTANT),
    ("setPriority", "failure", CONSTANT),
    ("setUtilizationLabel", "failure", CONSTANT),
    ("sendRichLink", "failure", CONSTANT),
    (
        "sendNotification",
        "failure",
        "only more than 50 recipients fail it \
     (tests/it/documented.rs)",
    ),
    ("setSkills", "failure", ALWAYS),
    ("setWhisperAudio", "failure", ALWAYS),
    (
        "clearUtilizationLabel",
        "failure",
        "only a sixth run in one flow fails it, and the generated flow runs it once",
    ),
];

const CONTEXT: &str = "it reads the request's context (the waiting call's queue, the SIP \
     headers), which explore does not vary";
const WORKITEM: &str = "it needs the run's workitem, which the request gives and explore does \
     not";
const OTHER_CONVERSATION: &str = "only another conversation's data fails, and the generated \
     action names none";
const KEYS: &str = "flowsim always succeeds: the failures Genesys names come from the \
     customer's key service, which is not simulated";
const CONSTANT: &str = "only a NOT_SET or invalid value fails it, and explore does not vary an \
     action's constant properties";
const LOADED: &str = "the target flow is one of the loaded flows, and explore does not unload \
     it";
const ALWAYS: &str = "flowsim always succeeds: nothing it records is checked against the \
     fixtures";

#[test]
fn every_catalogue_action_loads_runs_and_reaches_every_output() {
    let stores = stores();
    let mut wrong = Vec::new();
    let (mut actions, mut outputs, mut reached, mut forced) = (0, 0, 0, 0);
    for spec in generated() {
        let flow = generate(spec, &props_of(spec));
        let reg = match load(&flow) {
            Ok(r) => r,
            Err(e) => {
                if std::env::var_os("FLOWSIM_SHOW_GENERATED").is_some() {
                    eprintln!("{flow}");
                }
                wrong.push(format!("{}: {e}", spec.key));
                continue;
            }
        };
        actions += 1;
        let mut taken: BTreeMap<String, Class> = BTreeMap::new();
        for store in &stores {
            let x = match explore(&reg, store, "Gen", &Options::default()) {
                Ok(x) => x,
                Err(e) => {
                    wrong.push(format!("{}: explore refused: {e}", spec.key));
                    break;
                }
            };
            for p in &x.paths {
                if let Some(e) = p.error.as_deref().filter(|e| e.contains("nsupported")) {
                    wrong.push(format!("{}: a path ends `{e}`", spec.key));
                }
            }
            // The action's own outputs: fixed and per case or choice (an action without
            // outputs goes on to the next, which is no output of its own).
            let own = |o: &&flowsim::explore::OutputReport| {
                o.kind == spec.key
                    && (spec.dynamic != Dynamic::None || spec.output_index(&o.output).is_some())
            };
            for o in x.outputs.iter().filter(own) {
                let best = taken.entry(o.output.clone()).or_insert(o.class);
                if o.class == Class::Reached
                    || (o.class == Class::Forced && *best == Class::Unreachable)
                {
                    *best = o.class;
                }
            }
        }
        let has_outputs = !spec.outputs.is_empty() || spec.dynamic != Dynamic::None;
        if has_outputs && taken.is_empty() && spec.dynamic != Dynamic::Target {
            wrong.push(format!("{}: explore reports none of its outputs", spec.key));
        }
        for (output, class) in &taken {
            outputs += 1;
            let listed = FORCED_ONLY.iter().find(|f| f.0 == spec.key && f.1 == output);
            match (class, listed) {
                (Class::Reached, None) => reached += 1,
                (Class::Forced, Some(_)) => forced += 1,
                (Class::Reached, Some(f)) => {
                    wrong.push(format!("{} -{output}-> is listed ({}) but reached", spec.key, f.2));
                }
                (c, _) => wrong.push(format!("{} -{output}-> is {}", spec.key, c.as_str())),
            }
        }
    }
    for (key, _) in NOT_GENERATED {
        assert!(catalogue::by_key(key).is_some(), "{key} is listed but no catalogue entry");
    }
    let _ = writeln!(
        std::io::stderr(),
        "catalogue flows: {actions} actions generated; {outputs} outputs: {reached} reached by \
         inputs, mocks, clock or fixtures, {forced} only by forcing (listed)"
    );
    assert!(wrong.is_empty(), "{} problems:\n{}", wrong.len(), wrong.join("\n"));
}

/// The other forms Archy accepts for a property written `value` (the generated form) of kind
/// `kind`: each must load to the same action.
fn other_forms(kind: PropKind, value: &str) -> Vec<String> {
    let inner = |prefix: &str| value.strip_prefix(prefix).and_then(|v| v.strip_suffix('}'));
    match kind {
        PropKind::Expr => match inner("{lit: ") {
            Some(lit) if !lit.starts_with('{') => {
                let mut forms = vec![lit.to_owned()];
                let text = lit.trim_matches('\'');
                if lit == text && text.parse::<i64>().is_ok() {
                    forms.push(format!("{{exp: '{text}'}}"));
                } else if !text.starts_with("PT") {
                    forms.push(format!("{{exp: '\"{text}\"'}}"));
                }
                forms
            }
            _ => Vec::new(),
        },
        PropKind::Audio => match inner("{tts: ") {
            Some(text) => vec![
                format!("{{exp: 'ToAudioTTS(\"{text}\")'}}"),
                format!("[{{tts: {text}}}]"),
                format!("{{lit: '{text}'}}"),
            ],
            None => Vec::new(),
        },
        PropKind::Text if !value.starts_with('{') && !value.starts_with('"') => {
            vec![format!("{{lit: {value}}}"), format!("{{name: {value}}}")]
        }
        PropKind::Target => match inner("{lit: {name: ").and_then(|v| v.strip_suffix('}')) {
            // Not `exp: '"Support"'`: text in a Queue property is refused (check says so).
            Some(name) => {
                vec![format!("{{name: {name}}}"), format!("{{lit: {name}}}"), name.to_owned()]
            }
            None => Vec::new(),
        },
        PropKind::Var => match inner("{var: ") {
            Some(var) => vec![var.to_owned(), format!("{{name: {var}}}")],
            None => Vec::new(),
        },
        _ => Vec::new(),
    }
}

/// The JSON result of running the generated flow with the org's fixtures.
fn run_json(reg: &Registry, store: &FixtureStore) -> String {
    let request: flowsim::engine::RunRequest = serde_json::from_value(serde_json::json!({
        "flowName": "Gen",
        "context": {"from": "+13175550100", "to": "+13175550199", "conversationId": "gen"},
        "inputs": ["1"],
    }))
    .expect("a valid request");
    let result =
        flowsim::engine::Run::new(reg, store, &request).result().expect("the request runs");
    let mut out = Vec::new();
    result.write_json(&mut out).expect("the result writes");
    String::from_utf8(out).expect("JSON is UTF-8")
}

#[test]
fn every_property_form_loads_to_the_same_action() {
    let store = &stores()[0];
    let (mut forms, mut props) = (0, 0);
    let mut wrong = Vec::new();
    for spec in generated() {
        let given = props_of(spec);
        let reg = load(&generate(spec, &given)).expect("the generated flow loads");
        let expected = run_json(&reg, store);
        for (i, (name, value)) in given.iter().enumerate() {
            let Some(p) = spec.props.iter().find(|p| p.name == name) else { continue };
            let mut others = other_forms(p.kind, value);
            // Architect's catalogue gives ToAudioTTS to call flows only.
            if !setup(spec.key).0.ends_with("Call") {
                others.retain(|f| !f.contains("ToAudioTTS"));
            }
            props += usize::from(!others.is_empty());
            for form in others {
                forms += 1;
                let mut changed = given.clone();
                changed[i].1.clone_from(&form);
                match load(&generate(spec, &changed)) {
                    Ok(reg) if run_json(&reg, store) == expected => {}
                    Ok(_) => wrong.push(format!(
                        "{}.{name}: `{form}` runs differently from `{value}`",
                        spec.key
                    )),
                    Err(e) => {
                        wrong.push(format!("{}.{name}: `{form}` does not load: {e}", spec.key));
                    }
                }
            }
        }
    }
    let _ = writeln!(
        std::io::stderr(),
        "catalogue flows: {props} properties in {forms} other forms, each run like its first form"
    );
    assert!(forms > 100, "the forms are generated ({forms})");
    assert!(wrong.is_empty(), "{} problems:\n{}", wrong.len(), wrong.join("\n"));
}

/// Where an action without outputs goes is its entry's `Facts::leaves`, which coverage counts
/// a way on by and pictures draw an end by: generated with an Update Data after it, an action
/// that goes on (`Leaves::On`) runs it on some path explore finds by inputs, mocks, clock or
/// fixtures (not by forcing), and one that ends, jumps, transfers or fails runs it on none.
#[test]
fn every_action_without_outputs_goes_where_the_catalogue_says() {
    let then = "{indent}- updateData: {name: After, statements: [{string: {variable: Flow.After, value: {lit: yes}}}]}\n";
    let stores = stores();
    let mut wrong = Vec::new();
    let mut checked = 0;
    let plain = generated().into_iter().filter(|s| {
        s.outputs.is_empty() && s.dynamic == Dynamic::None && !is_menu_choice(s) && s.key != "menu"
    });
    for spec in plain {
        let flow = generate_then(spec, &props_of(spec), then);
        let reg = match load(&flow) {
            Ok(r) => r,
            Err(e) => {
                wrong.push(format!("{}: {e}", spec.key));
                continue;
            }
        };
        let gen = reg.resolve("Gen").expect("the generated flow");
        let graph = reg.flow(gen).graph(flowsim::flow::Version::Draft).expect("its graph");
        let after = graph.nodes.iter().find(|n| &*n.name == "After").expect("After").id.clone();
        let mut went_on = false;
        for store in &stores {
            match explore(&reg, store, "Gen", &Options::default()) {
                // Explore forces the ways out it cannot reach; only what runs take counts.
                Ok(x) => {
                    let ran = x.paths.iter().filter(|p| p.forced.is_empty());
                    went_on |= ran.clone().any(|p| p.nodes.iter().any(|n| **n == *after));
                }
                Err(e) => wrong.push(format!("{}: explore refused: {e}", spec.key)),
            }
        }
        checked += 1;
        let leaves = spec.facts.leaves;
        if went_on != (leaves == Leaves::On) {
            let did = if went_on { "goes on" } else { "never goes on" };
            wrong.push(format!("{}: the catalogue says {leaves:?}, but a run {did}", spec.key));
        }
    }
    let _ = writeln!(
        std::io::stderr(),
        "actions without outputs: {checked} go where `Facts::leaves` says"
    );
    assert!(checked > 40, "only {checked} actions without outputs were generated");
    assert!(wrong.is_empty(), "{} problems:\n{}", wrong.len(), wrong.join("\n"));
}
