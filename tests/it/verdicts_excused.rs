//! What flowsim accepts that Architect's Scripting SDK refuses, one entry per function or
//! overload, each with the source that shows today's Architect accepts it: a Genesys page, or
//! a published flow (its repository and path). The SDK is older than today's Architect: it
//! lacks the JSON functions, the collection modifiers and the bot flows' communication
//! builders.
//!
//! tests/it/verdicts.rs fails on any case the SDK refuses and flowsim accepts that no entry
//! covers; the test below holds this list to the checker's own rules
//! (`flowsim::expr::func::beyond_sdk`) one for one, and caps its length: adding an entry means
//! raising [`CAP`], a visible diff. A function with no source is not here: `check` reports it
//! `unverifiedFunction` (`beyond_sdk::UNVERIFIED`).

use flowsim::expr::func::beyond_sdk::{self, Beyond};

/// One excused function (`overload: None`: the SDK lacks the whole function) or overload (in
/// flowsim's signature language, as `beyond_sdk::OVERLOADS` writes it).
pub struct Excused {
    pub function: &'static str,
    pub overload: Option<&'static str>,
    pub source: &'static str,
}

/// The most entries [`EXCUSED`] may have.
pub const CAP: usize = 39;

const fn f(function: &'static str, source: &'static str) -> Excused {
    Excused { function, overload: None, source }
}

const fn o(function: &'static str, overload: &'static str, source: &'static str) -> Excused {
    Excused { function, overload: Some(overload), source }
}

const COLLECTIONS: &str = "https://help.mypurecloud.com/articles/modify-collection-values/";
const JSON: &str = "https://help.mypurecloud.com/articles/json-values-in-architect/";
const AGENT_SCORE: &str = "https://help.mypurecloud.com/articles/add-an-agent-score-pair-variable/";
const SCHEDULING_BOT: &str = "GenesysCloudBlueprints/scheduling-bot-blueprint, \
     modules/schedulingbot-flow/SchedulingBot.yaml";
const EMERGENCY_MESSENGER: &str = "GenesysCloudBlueprints/dr-webmessaging-blueprint, \
     blueprint/webmessage-emergency-group/modules/flows/MyWebMessenger.yaml";
const SWITCH_TO_WEB: &str = "GenesysCloudBlueprints/switch-voice-to-web-messaging, \
     exports/Switch to Web Messaging via SMS.i3InQueueFlow (an in-queue call flow)";
/// A flow-type limit the SDK reads only from its bootstrap fallback, the data it uses when its
/// configuration request fails (docs/architect.md §4, "Functions of email flows"), which lists
/// five flow types and gives the Find functions to email flows alone; the functions' pages and
/// the Find actions of call flows (Find Skill: "find an ACD skill based on its string name at
/// IVR runtime", https://help.mypurecloud.com/?p=189812) show call flows look them up too.
const BOOTSTRAP_ONLY: &str = "the SDK's bootstrap fallback is no limit: docs/architect.md §4, \
     \"Functions of email flows\"; https://help.mypurecloud.com/?p=189812";
/// Flows an earlier pass found published (docs/expressions.md, "Where each function comes
/// from"), recorded there without their paths.
const PUBLISHED_JSON_TUTORIAL: &str =
    "a published JSON tutorial flow (docs/expressions.md, \"Where each function comes from\")";
const PUBLISHED_BOT: &str =
    "a published bot flow's Communicate (docs/expressions.md, \"Where each function comes from\")";

pub const EXCUSED: &[Excused] = &[
    // Functions the SDK lacks.
    f("AddItem", COLLECTIONS),
    f("AddItemAt", COLLECTIONS),
    f("RemoveDups", COLLECTIONS),
    f("RemoveItem", COLLECTIONS),
    f("RemoveItemAt", COLLECTIONS),
    f("ReplaceItem", COLLECTIONS),
    f("ReplaceItemAt", COLLECTIONS),
    f("ReplaceItemFirst", COLLECTIONS),
    f("JsonParse", JSON),
    f("ToJson", JSON),
    f("ToJsonCollection", JSON),
    f("MakeAgentScorePair", AGENT_SCORE),
    f("MakeListAgentScorePair", AGENT_SCORE),
    f("FindUserById", AGENT_SCORE),
    f("ToAudioRange", "https://help.mypurecloud.com/articles/play-estimated-wait-time-action/"),
    f(
        "ToDisplayString",
        "GenesysCloudBlueprints/cx-as-code-cicd-gitactions-blueprint, blueprint/\
         genesys-cloud-cx-as-code/modules/deploy_flows/EmailComprehendFlow.yaml",
    ),
    f(
        "MakeCommunication",
        "GenesysCloudBlueprints/dr-webmessaging-blueprint, \
         blueprint/webmessage-emergency-group/modules/flows/MyChatBot.yaml",
    ),
    f("ToCommunication", SCHEDULING_BOT),
    f("ResolveSlot", SCHEDULING_BOT),
    f("ToScheduleGroup", EMERGENCY_MESSENGER),
    f("FindEmergencyGroup", EMERGENCY_MESSENGER),
    f(
        "MakeTimeslot",
        "GenesysCloudBlueprints/apple-messages-salesforce-time-picker-blueprint, \
         exports/AppleMessagesSalesforceDigitalBot.i3DigitalBotFlow",
    ),
    f(
        "FindQueueById",
        "published flows: FindQueueById among the functions of 8.5 k exported expressions",
    ),
    f("GetJsonObjectProperty", PUBLISHED_JSON_TUTORIAL),
    f("SetJsonObjectProperty", PUBLISHED_JSON_TUTORIAL),
    f("IsJsonObject", PUBLISHED_JSON_TUTORIAL),
    f("ReplaceJsonArrayItem", PUBLISHED_JSON_TUTORIAL),
    f(
        "GetJsonObjectPropertyNames",
        "a flow built with the Scripting SDK and published: \
         FindFirst(GetJsonObjectPropertyNames(Flow.headers), name)",
    ),
    f("ToCommunicationBlank", PUBLISHED_BOT),
    f("ToCommunicationSsml", PUBLISHED_BOT),
    f("RandomInt", "a published flow: RandomInt(99) + 1"),
    // Overloads and flow types of the SDK's functions that newer Architect accepts.
    o("ToInt", "jsn -> int", PUBLISHED_JSON_TUTORIAL),
    o("ToDecimal", "jsn -> dec", PUBLISHED_JSON_TUTORIAL),
    o("ToBool", "jsn -> bln", PUBLISHED_JSON_TUTORIAL),
    o("Count", "jsn -> int", PUBLISHED_JSON_TUTORIAL),
    o("FindQueue", "str -> que", SWITCH_TO_WEB),
    o("FindSkill", "str -> skl", SWITCH_TO_WEB),
    o("FindLanguageSkill", "str -> lac", BOOTSTRAP_ONLY),
    o("FindUser", "str -> usr", BOOTSTRAP_ONLY),
];

/// The index of the entry that excuses `rule`.
pub fn entry(rule: Beyond) -> Option<usize> {
    EXCUSED
        .iter()
        .position(|e| e.function.eq_ignore_ascii_case(rule.function) && e.overload == rule.overload)
}

/// Every rule of the checker beyond the SDK, as the entry that would excuse it.
fn rules() -> Vec<Beyond> {
    let functions = flowsim::expr::func::FUNCTIONS
        .iter()
        .filter(|d| flowsim::expr::sdk::function(d.name).is_none())
        .map(|d| Beyond::function(d.name))
        .filter(|b| b.verified());
    let overloads = beyond_sdk::OVERLOADS
        .iter()
        .map(|&(function, sig)| Beyond { function, overload: Some(sig) });
    functions.chain(overloads).collect()
}

#[test]
fn every_rule_beyond_the_sdk_has_one_entry_with_its_source() {
    let rules = rules();
    let missing: Vec<&Beyond> = rules.iter().filter(|r| entry(**r).is_none()).collect();
    assert!(missing.is_empty(), "rules beyond the SDK with no entry (and source): {missing:?}");
    let unused: Vec<&str> = EXCUSED
        .iter()
        .filter(|e| {
            !rules
                .iter()
                .any(|r| r.function.eq_ignore_ascii_case(e.function) && r.overload == e.overload)
        })
        .map(|e| e.function)
        .collect();
    assert!(unused.is_empty(), "entries no rule of the checker needs (remove them): {unused:?}");
    for e in EXCUSED {
        assert!(e.source.len() > 10, "{}: a source, not `{}`", e.function, e.source);
    }
    assert!(
        EXCUSED.len() <= CAP,
        "{} entries, past the cap of {CAP}: each is a case Architect's SDK refuses",
        EXCUSED.len()
    );
}

#[test]
fn an_unverified_function_is_one_flowsim_has_and_the_sdk_lacks() {
    for name in beyond_sdk::UNVERIFIED {
        let id = flowsim::expr::func::lookup(name).unwrap_or_else(|| panic!("{name}"));
        assert_eq!(flowsim::expr::func::get(id).name, *name, "spelled as the table spells it");
        assert!(flowsim::expr::sdk::function(name).is_none(), "{name} is in the SDK");
    }
}
