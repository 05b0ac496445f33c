//! Flows Architect's Scripting SDK built (`tools/oracle/exports.js`: one per action and flow
//! type it can create, plus one bare flow per type), as the export files it writes, committed
//! under `tools/oracle/data/exports/`:
//!
//! 1. each loads alone with `check`'s diagnostics: no error and nothing `unsupported`;
//! 2. each runs (the `flowsim run` path, fixtures from `sdk_exports/fixtures.json`) to an end
//!    state, never on `unsupported`;
//! 3. the catalogue agrees with the SDK's action facts (`tools/oracle/data/actions.json`): every
//!    export `__type` it knows is an entry (legacy names too), with the same fixed outputs and
//!    export ids.
//!
//! What the SDK cannot set up offline, or flowsim does not run, is listed in [`KNOWN`] with the
//! one diagnostic or run error it must give: a listed file that starts passing fails the test
//! too, so the list stays true. The figures are written to stderr.

use flowsim::engine::{self, RunRequest, Status};
use flowsim::fixtures::FixtureStore;
use flowsim::flow::catalogue::{self, Dynamic};
use flowsim::flow::registry::LoadOptions;
use flowsim::flow::Registry;
use serde_json::{json, Value as J};
use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

/// `(flow type/file stem, what it gives, why)`: a load diagnostic code, or `run:<error kind>`.
const KNOWN: &[(&str, &str, &str)] = &[
    ("inboundcall/bare", "missingStart", "a new call flow has no task or menu yet"),
    ("outboundcall/bare", "missingStart", "a new call flow has no task or menu yet"),
    ("securecall/bare", "missingStart", "a new call flow has no task or menu yet"),
    ("inboundemail/bare", "missingStart", "its start state has no actions"),
    ("inqueuecall/bare", "missingStart", "its in-queue task has no actions"),
    ("surveyinvite/bare", "missingStart", "its start state has no actions"),
    ("inboundcall/TransferToFlow", "missingProperty", FLOW),
    ("outboundcall/TransferToFlow", "missingProperty", FLOW),
    ("securecall/TransferToFlow", "missingProperty", FLOW),
    ("inqueuecall/TransferToFlow", "missingProperty", FLOW),
    ("inboundcall/TransferToFlowSecure", "missingProperty", FLOW),
    ("outboundcall/TransferToFlowSecure", "missingProperty", FLOW),
    ("inqueuecall/TransferToFlowSecure", "missingProperty", FLOW),
    ("inboundemail/GetResponse", "missingProperty", "the response is an org lookup"),
    ("securecall/CallDataSecure", "missingProperty", "the secure data action is an org lookup"),
    (
        "securecall/ExtractSecureData",
        "secureVariable",
        "the SDK's statement assigns `Flow.InvocationData`, which is no secure variable: Architect \
         wants \"an expression that contains a secure variable reference\"",
    ),
    ("inboundcall/CallBridge", "missingProperty", BRIDGE),
    ("outboundcall/CallBridge", "missingProperty", BRIDGE),
    ("securecall/CallBridge", "missingProperty", BRIDGE),
    ("inqueuecall/CallBridge", "missingProperty", BRIDGE),
];

const FLOW: &str = "the target flow is looked up in the org: the SDK leaves it unset";
const BRIDGE: &str = "the Bridge action is looked up in the org: the SDK leaves it unset";

/// Inputs a flow needs beyond the default `["1"]`.
fn inputs(stem: &str) -> Vec<&'static str> {
    if stem.ends_with("/PreviousMenu") {
        // Into the sub menu, back with `*`, then the top menu's Disconnect.
        vec!["2", "*", "1"]
    } else {
        vec!["1"]
    }
}

fn exports() -> Vec<PathBuf> {
    let dir = root().join("tools/oracle/data/exports");
    let mut out = Vec::new();
    for ty in std::fs::read_dir(&dir).expect("the exports folder reads") {
        let ty = ty.expect("an entry").path();
        if !ty.is_dir() {
            continue;
        }
        for f in std::fs::read_dir(&ty).expect("a flow type folder reads") {
            let f = f.expect("an entry").path();
            if f.extension().is_some_and(|e| e.to_string_lossy().starts_with("i3")) {
                out.push(f);
            }
        }
    }
    out.sort();
    out
}

/// `inboundcall/Decision` for `.../inboundcall/Decision.i3InboundFlow`.
fn stem(path: &Path) -> String {
    let ty = path.parent().and_then(Path::file_name).unwrap_or_default().to_string_lossy();
    let name = path.file_stem().unwrap_or_default().to_string_lossy();
    format!("{ty}/{name}")
}

/// What one file gives: `None` when it loads clean and runs to an end state, else the first
/// problem's code (`missingStart`, `unsupported`, `run:<kind>`, `run:status <status>`).
fn outcome(path: &Path, fixtures: &FixtureStore) -> Option<String> {
    let report = Registry::load_paths(&[path.to_path_buf()], &LoadOptions::default());
    let problem = report
        .diagnostics
        .iter()
        .find(|d| d.is_error() || d.code == flowsim::diag::Code::Unsupported);
    if let Some(d) = problem {
        return Some(d.code.to_string());
    }
    let reg = report.registry.expect("a registry when nothing is an error");
    let flow = &reg.flows()[0];
    let stem = stem(path);
    let request: RunRequest = serde_json::from_value(json!({
        "flowId": &*flow.id,
        "context": {"from": "+13175550100", "to": "+13175550199", "conversationId": "sdk"},
        "inputs": inputs(&stem),
    }))
    .expect("a valid request");
    let result = engine::Run::new(&reg, fixtures, &request)
        .result()
        .unwrap_or_else(|e| panic!("{stem}: the request was refused: {e}"));
    if let Some(e) = &result.error {
        if e.kind == flowsim::ErrorKind::Unsupported {
            return Some("run:unsupported".into());
        }
    }
    match result.status {
        Status::Completed | Status::Disconnected | Status::Transferred | Status::Failed => None,
        s => Some(format!("run:status {s:?}")),
    }
}

#[test]
fn every_sdk_export_loads_checks_and_runs() {
    let fixtures = FixtureStore::load(&[root().join("tests/it/sdk_exports/fixtures.json")])
        .expect("the fixtures load");
    let files = exports();
    assert!(files.len() > 100, "the SDK exports are committed ({} found)", files.len());
    let mut per_type: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut wrong = Vec::new();
    let mut clean = 0;
    for path in &files {
        let stem = stem(path);
        let ty = stem.split('/').next().unwrap_or("").to_owned();
        let got = outcome(path, &fixtures);
        let known = KNOWN.iter().find(|k| k.0 == stem);
        let entry = per_type.entry(ty).or_default();
        entry.0 += 1;
        match (known, &got) {
            (None, None) => {
                clean += 1;
                entry.1 += 1;
            }
            (Some(k), Some(g)) if k.1 == g => {}
            (Some(k), _) => {
                wrong.push(format!("{stem}: listed as `{}` ({}), gives {got:?}", k.1, k.2));
            }
            (None, Some(g)) => wrong.push(format!("{stem}: `{g}`")),
        }
    }
    let mut err = std::io::stderr();
    for (ty, (n, ok)) in &per_type {
        let _ = writeln!(err, "sdk exports: {ty}: {n} files, {ok} clean");
    }
    let _ = writeln!(
        err,
        "sdk exports: {} files, {clean}/{} loaded, checked and run with nothing unsupported ({} listed)",
        files.len(),
        files.len(),
        KNOWN.len()
    );
    assert!(wrong.is_empty(), "SDK exports that do not do what is expected:\n{}", wrong.join("\n"));
    for k in KNOWN {
        assert!(files.iter().any(|f| stem(f) == k.0), "{} is listed but not committed", k.0);
    }
}

/// `State` is a sequence (a container), not an action: the export front-end reads it as one.
const SEQUENCES: &[&str] = &["State"];

/// Outputs today's Architect gives an action that the SDK's older exports lack: `(export type,
/// output id)`. The entry follows today's Architect (docs/architect.md); an older export without
/// the path falls through to the next action, as the SDK's flow did.
const NEWER_OUTPUTS: &[(&str, &str)] = &[
    ("SetLocaleAction", "__SUCCESS__"),
    ("SetLocaleAction", "__FAILURE__"),
    ("PlayEstimatedWaitTimeAction", "__SUCCESS__"),
    ("PlayEstimatedWaitTimeAction", "__FAILURE__"),
    ("PlayPositionInQueueAction", "__SUCCESS__"),
    ("PlayPositionInQueueAction", "__FAILURE__"),
];

#[test]
fn catalogue_agrees_with_the_sdk_action_facts() {
    let text = std::fs::read_to_string(root().join("tools/oracle/data/actions.json"))
        .expect("actions.json reads");
    let facts: J = serde_json::from_str(&text).expect("actions.json is JSON");
    let actions = facts["actions"].as_array().expect("an action list");
    let mut wrong = Vec::new();
    let mut agree = 0;
    for a in actions {
        let ty = a["type"].as_str().expect("a type");
        if SEQUENCES.contains(&ty) {
            agree += 1;
            continue;
        }
        let Some(i) = catalogue::by_export(ty) else {
            wrong.push(format!("{ty}: no catalogue entry"));
            continue;
        };
        let spec = catalogue::spec(i);
        let mut ok = true;
        let sdk: Vec<&str> = a["outputs"]
            .as_array()
            .expect("outputs")
            .iter()
            .filter_map(|o| o["id"].as_str())
            .collect();
        for id in &sdk {
            // A called task's outputs are its output paths (`__DEFAULT__`), made per task.
            let per_task = spec.dynamic == Dynamic::TaskPaths;
            if !per_task && !spec.outputs.iter().any(|o| o.export == *id) {
                wrong.push(format!(
                    "{ty} ({}): the SDK's output `{id}` is not the entry's",
                    spec.key
                ));
                ok = false;
            }
        }
        // Outputs the SDK never showed are compared only where it exported the action, and a
        // switch's or menu's outputs beyond the fixed ones are made per case.
        if a["exported"].as_bool() == Some(true) && spec.dynamic == Dynamic::None {
            for o in spec.outputs {
                if !sdk.contains(&o.export) && !NEWER_OUTPUTS.contains(&(ty, o.export)) {
                    wrong.push(format!(
                        "{ty} ({}): the entry's output `{}` is not the SDK's",
                        spec.key, o.export
                    ));
                    ok = false;
                }
            }
        }
        if ok {
            agree += 1;
        }
    }
    let _ = writeln!(
        std::io::stderr(),
        "sdk actions: {agree}/{} in catalogue agreement",
        actions.len()
    );
    assert!(wrong.is_empty(), "the catalogue and the SDK disagree:\n{}", wrong.join("\n"));
}

/// Archy keys the catalogue reads that are no property name of the SDK's action, by reason:
/// (reason, `action.key`s). Each must still be one the catalogue reads and the SDK lacks.
const ARCHY_KEYS: &[(&str, &[&str])] = &[
    (
        "written by published Archy flows: Set Language's value beside its `language` text, and \
         Create Callback's script by name with its inputs (the SDK's `setScriptByNameAsync` and \
         `scriptInputs`)",
        &["setLanguage.languageValue", "createCallback.callbackScript"],
    ),
    (
        "Call Bridge Action read as Call Data Action is (the action by name, its error outputs, \
         a processing prompt): the SDK sets the Bridge action with `setBridgeActionByNameAsync` \
         and keeps no property for it",
        &[
            "callBridge.integration",
            "callBridge.dataAction",
            "callBridge.failureOutputs",
            "callBridge.processingPrompt",
        ],
    ),
    (
        "the action's rounding settings, which the SDK keeps in the action's model (its \
         `managedProperties`, from which it builds the announcement) rather than as public \
         properties; written by public Archy in-queue flows",
        &[
            "playEstimatedWaitTime.roundingInterval",
            "playEstimatedWaitTime.specificRoundingIntervals",
        ],
    ),
    (
        "written by published Archy flows (the conformance corpus's archy/ files)",
        &[
            "callData.processingPrompt",
            "callDataSecure.processingPrompt",
            "collectInput.inputData",
            "collectInput.acceptJustStar",
            "collectInput.acceptJustPound",
            "endTask.outputPath",
            "evaluateScheduleGroup.scheduleGroup",
            "evaluateScheduleGroup.emergencyGroup",
            "getParticipantData.attributes",
            "holdMusic.bargeInEnabled",
            "setParticipantData.attributes",
            "transferToAcd.failureOutputs",
            "transferToAcd.preferredAgents",
            "transferToAcd.acdSkills",
            "transferToAcd.directAgent",
            "transferToAcd.preTransferCommunication",
            "transferToAcd.failureTransferCommunication",
            "transferToFlow.targetFlow",
            "transferToFlow.failureOutputs",
            "wait.trimDurationNearMaxRunningTime",
        ],
    ),
    (
        "Archy names a container by its `refId` (as `startUpRef`); the SDK holds the object",
        &[
            "callTask.targetTaskRef",
            "changeState.targetStateRef",
            "jumpToMenu.targetMenuRef",
            "jumpToTask.targetTaskRef",
        ],
    ),
    (
        "Archy's maps of inputs and output variables; the SDK holds them as binding objects \
         (`dataActionInputs`, `taskInputs`, the failure outputs of a transfer)",
        &[
            "callData.inputs",
            "callData.successOutputs",
            "callData.failureOutputs",
            "callDataSecure.inputs",
            "callDataSecure.successOutputs",
            "callDataSecure.failureOutputs",
            "callTask.inputs",
            "callTask.outputs",
            "setScreenPop.inputs",
            "transferToFlowSecure.failureOutputs",
            "transferToGroup.failureOutputs",
            "transferToNumber.failureOutputs",
            "transferToUser.failureOutputs",
            "transferToVoicemail.failureOutputs",
        ],
    ),
    (
        "set through an SDK method, not a property (`setDigitsRange`, `addCase`, \
         `addExtractSecureDataStatement`, `setDataActionByIdAsync`, `setScriptByNameAsync`, \
         `setResponseLibraryByNameAsync`, `setResponseByIdAsync`)",
        &[
            "collectInput.digitsMin",
            "collectInput.digitsMax",
            "collectInput.terminatingDtmf",
            "collectInput.includeTerminatingDtmfInResultData",
            "switch.cases",
            "switch.expression",
            "extractSecureData.statements",
            "callData.integration",
            "callData.dataAction",
            "callDataSecure.integration",
            "callDataSecure.dataAction",
            "setScreenPop.screenPopScript",
            "enableParticipantRecord.enabled",
            "getResponse.responseLibrary",
            "getResponse.response",
        ],
    ),
    (
        "not confirmed by a public source: flowsim's reading, kept until one names them \
         (the SDK's object-valued `targetFlowInfo`, its `queue` lookups and schedule lookups \
         do not say Archy's key)",
        &[
            "createCallback.scriptId",
            "createCallback.callbackDelay",
            "createCallback.callbackCallbackType",
            "evaluateSchedule.schedule",
            "evaluateSchedule.emergencyGroup",
            "transferToFlowSecure.targetFlow",
            "transferToVoicemail.targetGroup",
        ],
    ),
];

/// The Archy key of the SDK's `addAction<Method>` (`TransferToAcd` → `transferToAcd`).
fn archy_key(method: &str) -> String {
    let mut c = method.chars();
    c.next().map(|f| f.to_ascii_lowercase().to_string() + c.as_str()).unwrap_or_default()
}

/// Every property key the catalogue reads for an Archy action is a property of that action in
/// Architect's Scripting SDK (`tools/oracle/data/action-properties.json`, the getters of each
/// `ArchAction*` class: Archy's YAML keys are those names), or a listed exception with its
/// source. Actions the SDK does not build are not compared (docs/architect.md §7 lists them).
#[test]
fn archy_property_keys_are_the_sdks_property_names() {
    let text = std::fs::read_to_string(root().join("tools/oracle/data/action-properties.json"))
        .expect("action-properties.json reads");
    let sdk: J = serde_json::from_str(&text).expect("action-properties.json is JSON");
    let (mut compared, mut keys, mut wrong) = (0, 0, Vec::new());
    let (mut by_sdk, mut used) = (0, Vec::new());
    for (method, facts) in sdk.as_object().expect("an object") {
        let key = archy_key(method);
        let Some(i) = catalogue::by_key(&key) else { continue };
        let spec = catalogue::spec(i);
        let names: Vec<&str> = facts["properties"]
            .as_array()
            .expect("properties")
            .iter()
            .filter_map(J::as_str)
            .collect();
        compared += 1;
        for p in spec.props {
            keys += 1;
            let full = format!("{key}.{}", p.name);
            if let Some(alias) = p.alias {
                if !names.contains(&alias) {
                    wrong.push(format!("{full}: its SDK name `{alias}` is not the SDK's"));
                }
                by_sdk += 1;
                continue;
            }
            if names.contains(&p.name) {
                by_sdk += 1;
                continue;
            }
            if ARCHY_KEYS.iter().any(|(_, keys)| keys.contains(&full.as_str())) {
                used.push(full);
                continue;
            }
            wrong.push(format!("{full} (the SDK's: {})", names.join(", ")));
        }
    }
    let _ = writeln!(
        std::io::stderr(),
        "archy keys: {keys} keys of {compared} actions compared with the SDK's properties: {by_sdk} the SDK's names, {} listed Archy keys",
        used.len()
    );
    let stale: Vec<&str> = ARCHY_KEYS
        .iter()
        .flat_map(|(_, keys)| keys.iter().copied())
        .filter(|k| !used.iter().any(|u| u == k))
        .collect();
    assert!(
        stale.is_empty(),
        "listed Archy keys the SDK has, or the catalogue does not read: {stale:?}"
    );
    assert!(wrong.is_empty(), "keys the SDK does not have:\n{}", wrong.join("\n"));
}

/// How an entry reads a Scripting SDK property it has no key of that name for.
#[derive(Clone, Copy)]
enum Read {
    /// Under the entry's property of this name (Archy's key, the export's own name).
    As(&'static str),
    /// Not as a property of the flow: set through an SDK method, or derived by the SDK.
    Not,
}

/// SDK properties of the actions the catalogue has that no entry key or alias names:
/// `(action.property, how it is read, why)`. A listed property that an entry starts reading
/// under the SDK's name fails the test, as does one listed `As` a property the entry lacks.
const SDK_UNREAD: &[(&str, Read, &str)] = &[
    ("callData.dataActionInputs", Read::As("inputs"), BINDINGS),
    ("callData.dataActionOutputsSuccess", Read::As("successOutputs"), BINDINGS),
    ("callData.dataActionOutputsFailure", Read::As("failureOutputs"), BINDINGS),
    ("callDataSecure.dataActionInputs", Read::As("inputs"), BINDINGS),
    ("callDataSecure.dataActionOutputsSuccess", Read::As("successOutputs"), BINDINGS),
    ("callDataSecure.dataActionOutputsFailure", Read::As("failureOutputs"), BINDINGS),
    (
        "callTask.taskInputs",
        Read::As("inputs"),
        "binding objects in the SDK; Archy's `taskInputs:` list (or `inputs:` map), read by \
         the Archy reader into `inputs`",
    ),
    (
        "callTask.taskOutputs",
        Read::As("outputs"),
        "binding objects in the SDK; Archy's `taskOutputs:` list (or `outputs:` with `var:`), \
         read by the Archy reader into `outputs`",
    ),
    ("callTask.targetTask", Read::As("targetTaskRef"), CONTAINER),
    ("jumpToTask.targetTask", Read::As("targetTaskRef"), CONTAINER),
    ("jumpToMenu.targetMenu", Read::As("targetMenuRef"), CONTAINER),
    ("changeState.targetState", Read::As("targetStateRef"), CONTAINER),
    (
        "endTask.targetBranch",
        Read::As("outputPath"),
        "the SDK holds the task's output path object (`ArchBranch`); Archy names it `outputPath`",
    ),
    (
        "collectInput.valueVariableInputData",
        Read::As("inputData"),
        "the SDK's value that holds the variable the digits go to (set with \
         `setInputDataVariable`); Archy's `inputData`, an export's `resultData`",
    ),
    (
        "setScreenPop.scriptInputs",
        Read::As("inputs"),
        "Archy's `inputs` of the script (`screenPopScript: {<script>: {inputs}}`); an export's \
         `inputs`",
    ),
    ("transferToFlow.targetFlowInfo", Read::As("targetFlow"), FLOW_INFO),
    ("transferToFlowSecure.targetFlowInfo", Read::As("targetFlow"), FLOW_INFO),
    (
        "switch.evaluationStyle",
        Read::As("expression"),
        "`matchExpression` or `matchFirstTrue`, read-only in the SDK (set by \
         `setExpressionSwitch`, `setFirstTrueSwitch`): Archy writes the style as the key under \
         `evaluate:` (`firstMatch:` with the expression, `firstTrue:`), an export as \
         `switchStyle` (1, 0 or none); a first-match switch without its expression is \
         `missingProperty`, another style `unsupported` (tests/it/action_forms.rs)",
    ),
    (
        "switch.switchDataType",
        Read::Not,
        "derived by the SDK from the switch's expression (\"determined from the expression set \
         on the ArchActionSwitch#setExpressionSwitch function\"): the expression's own type",
    ),
    (
        "previousMenu.actionPreviousMenu",
        Read::Not,
        "the SDK's menu choice (`addMenuPreviousMenu`) holds its action as an object: the \
         choice is the action",
    ),
    ("previousMenu.dtmf", Read::Not, CHOICE),
    ("previousMenu.dtmfIsGlobal", Read::Not, CHOICE),
    ("previousMenu.speechRecTermContainers", Read::Not, CHOICE),
    ("previousMenu.speechRecTermsAreGlobal", Read::Not, CHOICE),
];

const BINDINGS: &str = "binding objects in the SDK (`ArchNamedValueList`); Archy's map under \
     `category.<integration>.dataAction.<action>`, an export's `inputs`, `outputs`, `errorBindings`";
const CONTAINER: &str = "the SDK holds the container object; Archy names it by its `refId`";
const FLOW_INFO: &str = "the SDK holds the flow as an `ArchFlowInfo` object; Archy names it \
     `targetFlow`, an export `flowName`";
const CHOICE: &str = "a menu choice's own setting, not its action's: Archy writes `dtmf`, \
     `globalDtmf`, `speechRecTerms`, `globalSpeechRecTerms` on the choice, and the menu reads \
     the digit into its `choices` (speech recognition is not modelled, docs/architect.md §5)";

/// Every property of every action of Architect's Scripting SDK that the catalogue has
/// (`tools/oracle/data/action-properties.json`) is read by the entry, under the SDK's name or
/// as its alias, or is listed in [`SDK_UNREAD`] with how and why: an SDK property an entry
/// does not read would be an `unknownProperty` warning in an Archy flow, or silently dropped
/// from an export. The figures are written to stderr.
#[test]
fn every_sdk_property_is_read_or_listed() {
    let text = std::fs::read_to_string(root().join("tools/oracle/data/action-properties.json"))
        .expect("action-properties.json reads");
    let sdk: J = serde_json::from_str(&text).expect("action-properties.json is JSON");
    let (mut actions, mut total, mut read, mut listed) = (0, 0, 0, Vec::new());
    let mut wrong = Vec::new();
    for (method, facts) in sdk.as_object().expect("an object") {
        let key = archy_key(method);
        let Some(i) = catalogue::by_key(&key) else { continue };
        let spec = catalogue::spec(i);
        actions += 1;
        for name in facts["properties"].as_array().expect("properties").iter().filter_map(J::as_str)
        {
            total += 1;
            let full = format!("{key}.{name}");
            let entry = SDK_UNREAD.iter().find(|u| u.0 == full);
            let by_sdk = spec.props.iter().any(|p| p.is_key(name));
            match (by_sdk, entry) {
                (true, None) => read += 1,
                (true, Some(_)) => {
                    wrong.push(format!("{full} is read under the SDK's name, and listed"));
                }
                (false, None) => wrong.push(format!(
                    "{full}: no property of `{key}` reads it (its keys: {})",
                    spec.props.iter().map(|p| p.name).collect::<Vec<_>>().join(", ")
                )),
                (false, Some((_, Read::As(prop), _))) if spec.prop_index(prop).is_none() => {
                    wrong.push(format!("{full}: listed as read as `{prop}`, which `{key}` lacks"));
                }
                (false, Some(_)) => listed.push(full),
            }
        }
    }
    let _ = writeln!(
        std::io::stderr(),
        "sdk properties: {total} properties of {actions} SDK actions: {read} read under the SDK's name, {} listed ({} read under another key, {} not properties of a flow)",
        listed.len(),
        SDK_UNREAD.iter().filter(|u| matches!(u.1, Read::As(_))).count(),
        SDK_UNREAD.iter().filter(|u| matches!(u.1, Read::Not)).count(),
    );
    for u in SDK_UNREAD {
        if !listed.iter().any(|l| l == u.0) && !wrong.iter().any(|w| w.starts_with(u.0)) {
            wrong.push(format!("{} is listed but is no SDK property of an entry", u.0));
        }
    }
    assert!(wrong.is_empty(), "SDK properties the catalogue does not read:\n{}", wrong.join("\n"));
}

/// An Archy flow may write a property under the SDK's name where Archy's key is another: read
/// alike, no `unknownProperty` warning.
#[test]
fn archy_reads_a_property_under_the_sdks_name() {
    let actions = "          - holdMusic:\n              name: Hold\n              prompt: {tts: Please hold}\n              playDuration: {lit: {seconds: 5}}\n          - playEstimatedWaitTime:\n              name: Wait\n              estimatedWaitTimeAudio: {tts: About a minute}\n          - playPositionInQueue:\n              name: Position\n              positionInQueueAudio: {tts: You are next}\n          - collectInput:\n              name: Digits\n              inputData: Flow.digits\n              verificationAudio: {tts: You entered}\n          - createCallback:\n              name: Callback\n              callbackNumber: {exp: 'ToPhoneNumber(\"+13175550123\")'}\n              calleeName: {lit: Pat}\n              queue: {lit: {name: Support}}\n          - disconnect:\n              name: Bye\n";
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("f.yaml");
    // Hold Music is an action of in-queue call flows.
    std::fs::write(&file, crate::support::archy_task_flow("inqueueCall", actions)).unwrap();
    let o = crate::cli::flowsim(&["check", "--strict", "--flows", file.to_str().unwrap()]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    let report =
        Registry::from_sources([(file.as_path(), &*std::fs::read_to_string(&file).unwrap())]);
    let reg = report.registry.expect("loads");
    let flow = reg.flow(0);
    let props = |name: &str| {
        let node = flow.draft.nodes.iter().find(|n| &*n.name == name).expect("the node");
        node.action.props.clone()
    };
    let hold = props("Hold");
    assert!(!hold[2].is_none(), "playDuration is read as duration: {hold:?}");
    let callback = props("Callback");
    assert!(!callback[1].is_none() && !callback[2].is_none(), "calleeName and queue: {callback:?}");
    let audio = |name: &str, key: &str| {
        let node = flow.draft.nodes.iter().find(|n| &*n.name == name).expect("the node");
        let spec = catalogue::spec(node.action.spec);
        let i = spec.props.iter().position(|p| p.name == key).expect("the property");
        !node.action.props[i].is_none()
    };
    assert!(audio("Wait", "prompts"), "estimatedWaitTimeAudio is read as prompts");
    assert!(audio("Position", "prompts"), "positionInQueueAudio is read as prompts");
    assert!(audio("Digits", "verificationAudio"), "verificationAudio is read");
}

/// Outputs of actions in SDK-built exports that no input, mock, clock or fixture store takes,
/// only forcing, with why: `(action type, output, why)`. A listed output that some export
/// reaches fails the test, so the list stays true.
const FORCED_ONLY: &[(&str, &str, &str)] = &[
    ("switch", "Case 1", SDK_SWITCH),
    ("switch", "Case 2", SDK_SWITCH),
    ("switch", "Case 3", SDK_SWITCH),
    ("switch", "default", SDK_SWITCH),
    ("setLanguage", "failure", "the SDK's language is a constant that is set"),
    ("setWrapupCode", "success", "the SDK leaves the wrap-up code (an org lookup) unset"),
    ("transferToNumber", "failure", "the SDK's number is a constant that is valid"),
    (
        "returnToAgent",
        "success",
        "a secure flow's return succeeds only when it runs transferred from a call flow",
    ),
    (
        "evaluateScheduleGroup",
        "emergency",
        "the fixtures' emergency group is off (on, it would take every evaluation) and explore does not vary it",
    ),
    ("dialByExtension", "failure", DIGITS),
    ("playEstimatedWaitTime", "failure", NO_WAIT_TIME_FAILURE),
    ("playPositionInQueue", "failure", NO_POSITION_FAILURE),
];

const SDK_SWITCH: &str = "the SDK's cases are the constants `false`, `false`, `false`, `true`";
const DIGITS: &str = "failure needs an extension that is no user's at the last of its three \
     attempts; explore changes one input at a time (tests/it/documented_calls.rs reaches it)";
/// Why Play Estimated Wait Time's failure path is never taken.
pub const NO_WAIT_TIME_FAILURE: &str = "Genesys documents no failure of Play Estimated Wait \
     Time: a NOT_SET estimate plays nothing and the flow goes on";
/// Why Play Position In Queue's failure path is never taken.
pub const NO_POSITION_FAILURE: &str = "Genesys documents no failure of Play Position In Queue: \
     a position below 1 or NOT_SET is read as 1";

/// Every SDK-built export that runs is explored (`flowsim explore`) twice, with the fixtures and
/// with none (a transfer's target or a contact missing): every output of every action type, which
/// the SDK wired to its own Update Data, is taken by some path's inputs, mocks or clock in some
/// export. The figures are written to stderr.
#[test]
fn every_output_of_an_sdk_export_is_reached() {
    use flowsim::explore::{explore, Class, Options};
    let stores = [
        FixtureStore::load(&[root().join("tests/it/sdk_exports/fixtures.json")])
            .expect("the fixtures load"),
        FixtureStore::default(),
    ];
    // (action type, output) -> reached by a script somewhere.
    let mut pairs: BTreeMap<(String, String), bool> = BTreeMap::new();
    let (mut explored, mut outputs) = (0, 0);
    let mut unreachable = Vec::new();
    for path in exports() {
        let stem = stem(&path);
        if KNOWN.iter().any(|k| k.0 == stem) {
            continue;
        }
        let report = Registry::load_paths(std::slice::from_ref(&path), &LoadOptions::default());
        let reg = report.registry.expect("an export not listed as failing loads");
        let name = reg.flows()[0].name.to_string();
        let mut taken: BTreeMap<(String, String), Class> = BTreeMap::new();
        for store in &stores {
            let x = explore(&reg, store, &name, &Options::default())
                .unwrap_or_else(|e| panic!("{stem}: explore refused: {e}"));
            explored += 1;
            for o in &x.outputs {
                let reached = pairs.entry((o.kind.to_owned(), o.output.clone())).or_default();
                *reached |= o.class == Class::Reached;
                let best = taken.entry((o.node.clone(), o.output.clone())).or_insert(o.class);
                if o.class == Class::Reached
                    || (o.class == Class::Forced && *best == Class::Unreachable)
                {
                    *best = o.class;
                }
            }
        }
        for ((node, output), class) in &taken {
            outputs += 1;
            if *class == Class::Unreachable && !SDK_CONSTANTS.contains(&stem.as_str()) {
                unreachable.push(format!("{stem}: {node} -{output}-> is unreachable"));
            }
        }
    }
    let mut wrong = unreachable;
    for ((kind, output), reached) in &pairs {
        let listed = FORCED_ONLY.iter().find(|f| f.0 == kind && f.1 == output);
        match (reached, listed) {
            (true, Some(f)) => {
                wrong.push(format!("{kind} -{output}-> is listed ({}) but reached", f.2));
            }
            (false, None) => wrong.push(format!("{kind} -{output}-> is reached only by forcing")),
            _ => {}
        }
    }
    let reached = pairs.values().filter(|r| **r).count();
    let _ = writeln!(
        std::io::stderr(),
        "sdk outputs: {} exports explored ({explored} explorations), {outputs} action outputs; \
         {reached}/{} outputs of action types reached by inputs, mocks, clock or fixtures, {} only \
         by forcing (listed)",
        explored / stores.len(),
        pairs.len(),
        pairs.len() - reached
    );
    assert!(wrong.is_empty(), "outputs not reached:\n{}", wrong.join("\n"));
}

/// Exports whose conditions the SDK leaves at its constant defaults (a Switch's cases are
/// `false`): their case paths are unreachable, as in Architect.
const SDK_CONSTANTS: &[&str] = &[
    "inboundcall/Switch",
    "outboundcall/Switch",
    "securecall/Switch",
    "inqueuecall/Switch",
    "inboundemail/Switch",
];

/// SDK property types flowsim has no type for, or properties it reads as something else, with
/// why: `(action.key, SDK type)`.
const UNTYPED: &[(&str, &str, &str)] = &[
    ("sendAutoReply.from", "EmailAddress", EMAIL),
    ("sendAutoReply.replyTo", "EmailAddress", EMAIL),
    ("sendAutoReply.cc", "EmailAddressCollection", EMAIL),
    ("sendAutoReply.bcc", "EmailAddressCollection", EMAIL),
    ("holdMusic.prompt", "Prompt", AUDIO),
];

const EMAIL: &str = "flowsim reads an email address as its text";
const AUDIO: &str = "an audio property: what it plays is read as audio (docs/architect.md §3)";

/// Every property the Scripting SDK types (`ArchActionDecision.condition` is an
/// `ArchValueBoolean`: `types` in `tools/oracle/data/action-properties.json`) has that type in
/// the catalogue, which `check` holds an expression to and a run converts to
/// (`expr::slot::verdict`); variables an action writes (`Var` properties) are not compared.
#[test]
fn catalogue_property_types_are_the_sdks() {
    use flowsim::expr::Ty;
    use flowsim::flow::catalogue::PropKind;
    let text = std::fs::read_to_string(root().join("tools/oracle/data/action-properties.json"))
        .expect("action-properties.json reads");
    let sdk: J = serde_json::from_str(&text).expect("action-properties.json is JSON");
    let (mut compared, mut wrong, mut listed) = (0, Vec::new(), Vec::new());
    for (method, facts) in sdk.as_object().expect("an object") {
        let key = archy_key(method);
        let Some(i) = catalogue::by_key(&key) else { continue };
        let spec = catalogue::spec(i);
        for (name, ty) in facts["types"].as_object().expect("types") {
            let ty = ty.as_str().expect("a type name");
            let Some(p) = spec.props.iter().find(|p| p.is_key(name)) else { continue };
            if matches!(p.kind, PropKind::Var) {
                continue;
            }
            let full = format!("{key}.{}", p.name);
            if UNTYPED.iter().any(|u| u.0 == full && u.1 == ty) {
                listed.push(full);
                continue;
            }
            compared += 1;
            match (Ty::parse(ty), p.ty) {
                (Some(want), Some(got)) if want == got => {}
                (want, got) => wrong
                    .push(format!("{full}: the SDK's {ty} ({want:?}), the catalogue's {got:?}")),
            }
        }
    }
    let _ = writeln!(
        std::io::stderr(),
        "property types: {compared} typed properties agree with the SDK's ({} listed)",
        listed.len()
    );
    for u in UNTYPED {
        assert!(listed.iter().any(|l| l == u.0), "{} is listed but not an SDK-typed property", u.0);
    }
    assert!(compared > 30, "{compared} compared");
    assert!(wrong.is_empty(), "property types that are not the SDK's:\n{}", wrong.join("\n"));
}

/// Architect's duration text (`P0D0H1M0S0F`: days, hours, minutes, seconds, milliseconds), in
/// milliseconds.
fn architect_duration_ms(text: &str) -> u64 {
    let mut ms = 0u64;
    let mut number = String::new();
    for c in text.chars().skip(1) {
        match c {
            '0'..='9' => number.push(c),
            unit => {
                let n: u64 = number.parse().expect("a number before each unit");
                number.clear();
                ms += n * match unit {
                    'D' => 86_400_000,
                    'H' => 3_600_000,
                    'M' => 60_000,
                    'S' => 1_000,
                    'F' => 1,
                    _ => panic!("{text}: unit {unit}"),
                };
            }
        }
    }
    ms
}

/// A Call Data action given no timeout waits what the Scripting SDK gives a new one
/// (`addActionCallData` writes `timeout` `P0D0H1M0S0F`, one minute, beside
/// `useSuggestedTimeout: true`): an Archy flow that leaves the timeout out and the SDK's own
/// export both take **success** for an answer that comes at that time and **timeout** for one a
/// millisecond later.
#[test]
fn a_call_data_action_given_no_timeout_waits_what_the_sdk_gives_a_new_one() {
    fn data_action(v: &J) -> Option<&J> {
        match v {
            J::Object(o) if o.get("__type").and_then(J::as_str) == Some("DataAction") => Some(v),
            J::Object(o) => o.values().find_map(data_action),
            J::Array(a) => a.iter().find_map(data_action),
            _ => None,
        }
    }
    let export = root().join("tools/oracle/data/exports/inboundcall/CallData.i3InboundFlow");
    let encoded = std::fs::read_to_string(&export).expect("the export reads");
    let bytes = flowsim::util::base64::decode(encoded.trim()).expect("base64");
    let text = flowsim::flow::export::decode::percent(&String::from_utf8(bytes).expect("UTF-8"))
        .expect("percent-encoded JSON");
    let doc: J = serde_json::from_str(&text).expect("JSON");
    let action = data_action(&doc).expect("the export's Call Data action");
    assert_eq!(action["useSuggestedTimeout"], true, "{action}");
    let sdk = action["timeout"]["text"].as_str().expect("a timeout literal");
    let ms = architect_duration_ms(sdk);
    assert_eq!(ms, 60_000, "{sdk}");

    let dir = tempfile::tempdir().unwrap();
    let archy = dir.path().join("archy.yaml");
    let path = |output: &str| {
        format!(
            "                {}:\n                  actions:\n                    - updateData:\n                        name: On {output}\n                        statements:\n                          - string: {{variable: Flow.Path, value: {{lit: {output}}}}}\n",
            output.to_lowercase()
        )
    };
    let actions = format!(
        "          - callData:\n              name: Call Data\n              category:\n                Accounts:\n                  dataAction:\n                    Lookup Account: {{}}\n              outputs:\n{}{}{}          - disconnect: {{name: End}}\n",
        path("Success"),
        path("Failure"),
        path("Timeout")
    );
    std::fs::write(&archy, crate::support::archy_task_flow("inboundCall", &actions)).unwrap();
    for (delay, want) in [(ms, "Success"), (ms + 1, "Timeout")] {
        let mocks = dir.path().join("mocks.json");
        std::fs::write(
            &mocks,
            json!({"dataActions": {"Lookup Account": [{"outputs": {}, "delayMs": delay}]}})
                .to_string(),
        )
        .unwrap();
        let fixtures = FixtureStore::load(&[mocks]).expect("the mocks load");
        for file in [&archy, &export] {
            let report = Registry::load_paths(std::slice::from_ref(file), &LoadOptions::default());
            assert!(
                !report.diagnostics.iter().any(flowsim::diag::Diagnostic::is_error),
                "{:?}",
                report.diagnostics
            );
            let reg = report.registry.expect("a registry");
            let request: RunRequest =
                serde_json::from_value(json!({"flowId": &*reg.flows()[0].id})).unwrap();
            let result = engine::Run::new(&reg, &fixtures, &request).result().expect("it runs");
            let took = result.variable("Flow.Path").map(flowsim::expr::Value::display);
            assert_eq!(
                took.as_deref(),
                Some(want),
                "{} with an answer after {delay} ms",
                file.display()
            );
        }
    }
}

/// Every property value the catalogue gives a property the flow leaves out
/// (`PropSpec::unset`: a data action's `timeout` and `useSuggestedTimeout`, Transfer to ACD's
/// `priority`) is what the Scripting SDK writes for an action it adds and
/// leaves that property alone (`tools/oracle/exports.js` sets only a queue, a data action...):
/// a run and `diff` read the property left out as its export carries it. Each such value is
/// seen in at least one export, except where the SDK builds no such action offline.
#[test]
fn catalogue_unset_values_are_what_the_sdk_gives_a_new_action() {
    use flowsim::flow::action::Prop;
    // Actions whose data action the SDK looks up in the org, which `exports.js` cannot set
    // offline (its notes): no export of them loads, so there is nothing to compare with.
    const UNBUILT: &[&str] = &["callDataSecure", "callBridge"];
    // Properties `exports.js` sets itself (Dial by Extension's 3 s): the export shows its value.
    const SET_BY_EXPORTS: &[(&str, &str)] = &[("dialByExtension", "digitTimeout")];
    // Properties the SDK gives no value: Collect Input's flag it does not write, and the bot
    // Asks' flags (no bot flow is built offline). Their `unset` is flowsim's choice
    // (docs/architect.md §4); the test holds that the SDK indeed writes none of them.
    const NO_SDK_VALUE: &[&str] =
        &["includeTerminatingDtmfInResultData", "customizeNoInput", "customizeNoMatch"];
    let mut seen: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    let mut wrong = Vec::new();
    // The flow-wide settings the SDK writes for a new flow (`defaultSettings`, by export type:
    // `DialExtensionAction.digitTimeout`), which an action leaving the property empty takes.
    let facts: J = serde_json::from_str(
        &std::fs::read_to_string(root().join("tools/oracle/data/actions.json")).unwrap(),
    )
    .unwrap();
    for a in facts["actions"].as_array().expect("an action list") {
        let Some(i) = a["type"].as_str().and_then(catalogue::by_export) else { continue };
        let spec = catalogue::spec(i);
        for p in spec.props {
            let (Some(unset), Some(text)) = (p.unset, a["defaults"][p.export].as_str()) else {
                continue;
            };
            let ms = i64::try_from(architect_duration_ms(text)).unwrap();
            if unset == catalogue::Unset::Duration(ms) {
                *seen.entry((spec.key, p.name)).or_default() += 1;
            } else {
                wrong.push(format!(
                    "actions.json: {} `{}` is {text}, the catalogue says {unset:?}",
                    spec.key, p.name
                ));
            }
        }
    }
    for path in exports() {
        let report = Registry::load_paths(std::slice::from_ref(&path), &LoadOptions::default());
        let Some(reg) = report.registry else { continue };
        for flow in reg.flows() {
            for node in &flow.draft.nodes {
                let spec = node.action.spec();
                for (i, p) in spec.props.iter().enumerate() {
                    let Some(unset) = p.unset else { continue };
                    if SET_BY_EXPORTS.contains(&(spec.key, p.name))
                        || NO_SDK_VALUE.contains(&p.name) && node.action.prop(i).is_none()
                    {
                        continue;
                    }
                    let given = match node.action.prop(i) {
                        Prop::Expr(e) => match &e.kind {
                            flowsim::expr::ast::ExprKind::Lit(v) => Some(v.clone()),
                            _ => None,
                        },
                        _ => None,
                    };
                    if given.as_ref() == Some(&unset.value()) {
                        *seen.entry((spec.key, p.name)).or_default() += 1;
                    } else {
                        wrong.push(format!(
                            "{}: {} `{}` is {given:?}, the catalogue says {unset:?}",
                            stem(&path),
                            spec.key,
                            p.name
                        ));
                    }
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
    for spec in catalogue::ACTIONS.iter() {
        // A menu's choice is seen through the action it runs (`menuTransferToAcd`,
        // `transferToAcd`; `menuDialByExtension`, `dialByExtension`): the SDK exports no menu
        // choices of its own.
        let runs = spec.key.strip_prefix("menu").map(|rest| {
            let mut chars = rest.chars();
            chars.next().map(|c| c.to_ascii_lowercase().to_string()).unwrap_or_default()
                + chars.as_str()
        });
        let keys: Vec<&str> = std::iter::once(spec.key).chain(runs.as_deref()).collect();
        for p in spec.props.iter().filter(|p| p.unset.is_some()) {
            let count = keys.iter().filter_map(|key| seen.get(&(*key, p.name))).sum::<usize>();
            assert_eq!(
                count == 0,
                UNBUILT.contains(&spec.key) || NO_SDK_VALUE.contains(&p.name),
                "{} `{}`: seen in {count} SDK exports",
                spec.key,
                p.name
            );
        }
    }
    eprintln!("unset values the SDK writes: {seen:?}");
}
