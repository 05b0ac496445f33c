//! What flowsim accepts that Architect's Scripting SDK refuses, one entry per function or
//! overload, each with the source that shows today's Architect accepts it: a Genesys page, a
//! published flow (its repository and path), a flow of the corpus, or a section of flowsim's
//! docs that records the evidence. The SDK is older than today's Architect: it lacks the JSON
//! functions, the collection modifiers and the bot flows' communication builders.
//!
//! tests/it/verdicts.rs fails on any case the SDK refuses and flowsim accepts that no entry
//! covers; the tests below hold this list to the checker's own rules
//! (`flowsim::expr::func::beyond_sdk`) one for one, each source to a form a reader can open
//! ([`Source`], [`problem`]), and cap its length: adding an entry means raising [`CAP`], a
//! visible diff. A function or overload with no source is not here: `check` reports it
//! `unverifiedFunction` or `unverifiedOverload` (`beyond_sdk::UNVERIFIED`,
//! `beyond_sdk::UNVERIFIED_OVERLOADS`), and [`UNVERIFIED`] says where flowsim took each from,
//! under caps of its own.

use crate::support::root;
use flowsim::expr::func::beyond_sdk::{self, Beyond};
use std::path::Path;

/// Where a reader can see that Architect accepts a function or overload.
#[derive(Debug, Clone, Copy)]
pub enum Source {
    /// A public page: `https://...`.
    Url(&'static str),
    /// A published flow or script in a public repository: `owner/name` and the file's path.
    Repo { repo: &'static str, path: &'static str },
    /// A flow of the corpus (`../shared/corpus` or `$FLOWSIM_CORPUS`): its path there.
    Corpus(&'static str),
    /// A passage of flowsim's docs that records the evidence and names the function: the
    /// page, and the text that starts the passage (a heading, a table row's first cell).
    Docs { page: &'static str, at: &'static str },
    /// None: flowsim's own inference (an [`UNVERIFIED`] line only, counted against
    /// [`NO_SOURCE_CAP`]).
    None,
}

/// One excused function (`overload: None`: the SDK lacks the whole function) or overload (in
/// flowsim's signature language, as `beyond_sdk::OVERLOADS` writes it).
pub struct Excused {
    pub function: &'static str,
    pub overload: Option<&'static str>,
    pub source: Source,
}

/// The most entries [`EXCUSED`] may have.
pub const CAP: usize = 28;

const fn f(function: &'static str, source: Source) -> Excused {
    Excused { function, overload: None, source }
}

const fn o(function: &'static str, overload: &'static str, source: Source) -> Excused {
    Excused { function, overload: Some(overload), source }
}

const fn repo(repo: &'static str, path: &'static str) -> Source {
    Source::Repo { repo, path }
}

const COLLECTIONS: Source =
    Source::Url("https://help.mypurecloud.com/articles/modify-collection-values/");
const JSON: Source = Source::Url("https://help.mypurecloud.com/articles/json-values-in-architect/");
const AGENT_SCORE: Source =
    Source::Url("https://help.mypurecloud.com/articles/add-an-agent-score-pair-variable/");
const SCHEDULING_BOT: Source = repo(
    "GenesysCloudBlueprints/scheduling-bot-blueprint",
    "modules/schedulingbot-flow/SchedulingBot.yaml",
);
const EMERGENCY_MESSENGER: Source = repo(
    "GenesysCloudBlueprints/dr-webmessaging-blueprint",
    "blueprint/webmessage-emergency-group/modules/flows/MyWebMessenger.yaml",
);
/// An in-queue call flow.
const SWITCH_TO_WEB: Source = repo(
    "GenesysCloudBlueprints/switch-voice-to-web-messaging",
    "exports/Switch to Web Messaging via SMS.i3InQueueFlow",
);
/// A flow-type limit the SDK reads only from its bootstrap fallback, the data it uses when its
/// configuration request fails, which lists five flow types and gives the Find functions to
/// email flows alone; the functions' pages and the Find actions of call flows (Find Skill: "find
/// an ACD skill based on its string name at IVR runtime", https://help.mypurecloud.com/?p=189812)
/// show call flows look them up too. docs/architect.md §4 records it.
const BOOTSTRAP_ONLY: Source =
    Source::Docs { page: "docs/architect.md", at: "| Functions of email flows:" };

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
    f(
        "ToAudioRange",
        Source::Url("https://help.mypurecloud.com/articles/play-estimated-wait-time-action/"),
    ),
    f(
        "ToDisplayString",
        repo(
            "GenesysCloudBlueprints/cx-as-code-cicd-gitactions-blueprint",
            "blueprint/genesys-cloud-cx-as-code/modules/deploy_flows/EmailComprehendFlow.yaml",
        ),
    ),
    f(
        "MakeCommunication",
        repo(
            "GenesysCloudBlueprints/dr-webmessaging-blueprint",
            "blueprint/webmessage-emergency-group/modules/flows/MyChatBot.yaml",
        ),
    ),
    f("ToCommunication", SCHEDULING_BOT),
    f("ResolveSlot", SCHEDULING_BOT),
    f("ToScheduleGroup", EMERGENCY_MESSENGER),
    f("FindEmergencyGroup", EMERGENCY_MESSENGER),
    f(
        "MakeTimeslot",
        repo(
            "GenesysCloudBlueprints/apple-messages-salesforce-time-picker-blueprint",
            "exports/AppleMessagesSalesforceDigitalBot.i3DigitalBotFlow",
        ),
    ),
    // A digital bot flow's export (base64 of URL-encoded JSON; decoded, three calls:
    // `ToString(GetJsonObjectProperty(Flow.AIResponseJSON, "powerConsumption"))`), which the
    // repository's README quotes.
    f(
        "GetJsonObjectProperty",
        repo("DOAGenesys/GCFunctionGeminiMultimodal", "Gemini multimodal_v9-0.i3DigitalBotFlow"),
    ),
    // An inbound call flow built with the Scripting SDK, validated (`flow.validateAsync()`)
    // and published: `FindFirst(GetJsonObjectPropertyNames(Flow.TelnyxSipHeadersResult), ...)`.
    f(
        "GetJsonObjectPropertyNames",
        repo("team-telnyx/telnyx-genesys-integrations-shared", "lib/genesys/widget-voice-flow.mjs"),
    ),
    // Overloads and flow types of the SDK's functions that newer Architect accepts.
    o("FindQueue", "str -> que", SWITCH_TO_WEB),
    o("FindSkill", "str -> skl", SWITCH_TO_WEB),
    o("FindLanguageSkill", "str -> lac", BOOTSTRAP_ONLY),
    o("FindUser", "str -> usr", BOOTSTRAP_ONLY),
];

/// The most functions and overloads `check` may accept with no source ([`UNVERIFIED`]).
pub const UNVERIFIED_CAP: usize = 41;

/// The most [`UNVERIFIED`] lines whose source is [`Source::None`].
pub const NO_SOURCE_CAP: usize = 41;

/// Where flowsim took each function of `beyond_sdk::UNVERIFIED` and each overload of
/// `beyond_sdk::UNVERIFIED_OVERLOADS` from: none of them has a source a reader can open, so
/// each says so ([`Source::None`]); docs/expressions.md ("Where each function comes from")
/// records how flowsim came to each.
pub const UNVERIFIED: &[Excused] = &[
    // Expression Help as earlier sessions knew it, signature inferred.
    f("ToDate", Source::None),
    f("ToTime", Source::None),
    f("StartsWith", Source::None),
    f("EndsWith", Source::None),
    f("Abs", Source::None),
    f("Min", Source::None),
    f("Max", Source::None),
    f("RoundDown", Source::None),
    f("Random", Source::None),
    f("Now", Source::None),
    f("FindGroup", Source::None),
    f("FindScheduleGroup", Source::None),
    // The `Get...` date parts: aliases of the `Month` family, no evidence either way.
    f("GetYear", Source::None),
    f("GetMonth", Source::None),
    f("GetDayOfMonth", Source::None),
    f("GetDayOfWeek", Source::None),
    f("GetHour", Source::None),
    f("GetMinute", Source::None),
    f("GetSecond", Source::None),
    // Added in session 5, signature inferred.
    f("FindLast", Source::None),
    f("Sort", Source::None),
    f("Truncate", Source::None),
    f("AddMilliseconds", Source::None),
    f("GetMillisecond", Source::None),
    f("GetDayOfYear", Source::None),
    f("FindSkillById", Source::None),
    f("FindLanguageSkillById", Source::None),
    f("FindGroupById", Source::None),
    f("FindScheduleGroupById", Source::None),
    f("FindEmergencyGroupById", Source::None),
    // Flows an earlier pass saw published, recorded without their paths ("a JSON tutorial
    // flow", "a bot flow's Communicate", "a published flow: RandomInt(99) + 1"); no page,
    // repository, corpus flow or SDK entry found since names them (issue 74).
    f("SetJsonObjectProperty", Source::None),
    f("IsJsonObject", Source::None),
    f("ReplaceJsonArrayItem", Source::None),
    f("ToCommunicationBlank", Source::None),
    f("ToCommunicationSsml", Source::None),
    f("RandomInt", Source::None),
    // The Find Queue by ID action is in the corpus (DudeWheresMyStuffChat.yaml's
    // `findQueueById`), the function in no flow seen; the shared reference
    // (architect-facts.md, "Functions used in real flows") lists it without a path.
    f("FindQueueById", Source::None),
    o("ToInt", "jsn -> int", Source::None),
    o("ToDecimal", "jsn -> dec", Source::None),
    o("ToBool", "jsn -> bln", Source::None),
    o("Count", "jsn -> int", Source::None),
];

/// What is wrong with `source` as the source of `function`, if anything: a URL must be an
/// `https://` address; a repository `owner/name` with a file's path; a corpus flow must exist
/// and name the function; a docs passage must exist and name it. `None` is no source.
pub fn problem(source: Source, function: &str, corpus: Option<&Path>) -> Option<String> {
    match source {
        Source::Url(url) => {
            let host = url.strip_prefix("https://").and_then(|r| r.split('/').next());
            let fine = host.is_some_and(|h| h.contains('.') && !h.contains(' '))
                && !url.contains(char::is_whitespace);
            (!fine).then(|| format!("`{url}` is no https:// address"))
        }
        Source::Repo { repo, path } => {
            let name = |s: &str| {
                !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
            };
            let fine = repo.split_once('/').is_some_and(|(owner, n)| name(owner) && name(n))
                && !path.is_empty()
                && !path.starts_with('/')
                && !path.contains(": ")
                && !path.ends_with(')')
                && path.rsplit('/').next().is_some_and(|file| file.contains('.'));
            (!fine).then(|| format!("`{repo}`, `{path}` is no repository and path of a file"))
        }
        Source::Corpus(path) => {
            let Some(corpus) = corpus else {
                return Some(format!("`{path}`: the corpus is not here to hold it to"));
            };
            match std::fs::read_to_string(corpus.join(path)) {
                Ok(text) if names(&text, function) => None,
                Ok(_) => Some(format!("corpus file `{path}` does not name {function}")),
                Err(e) => Some(format!("corpus file `{path}`: {e}")),
            }
        }
        Source::Docs { page, at } => {
            let text = std::fs::read_to_string(root().join(page)).unwrap_or_default();
            let Some(start) = text.find(at) else {
                return Some(format!("{page} has no passage starting `{at}`"));
            };
            let passage = text[start..].split("\n\n").next().unwrap_or_default();
            (!names(passage, function))
                .then(|| format!("{page}'s passage `{at}` does not name {function}"))
        }
        Source::None => Some("no source".to_owned()),
    }
}

/// Whether `text` names `function` as a call or a name in code (`` `RandomInt` ``,
/// `RandomInt(`), any case.
fn names(text: &str, function: &str) -> bool {
    let text = text.to_lowercase();
    let f = function.to_lowercase();
    text.contains(&format!("{f}(")) || text.contains(&format!("`{f}`"))
}

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
        .map(|&(function, sig)| Beyond { function, overload: Some(sig) })
        .filter(|b| b.verified());
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
    let bad: Vec<String> = EXCUSED
        .iter()
        .filter_map(|e| problem(e.source, e.function, None).map(|p| format!("{}: {p}", e.function)))
        .collect();
    assert!(bad.is_empty(), "entries without a source a reader can open: {bad:#?}");
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

/// Each function of `beyond_sdk::UNVERIFIED` and overload of `UNVERIFIED_OVERLOADS` has its line
/// in [`UNVERIFIED`], one for one; the lines are capped, and so are those with no source.
#[test]
fn every_unverified_function_and_overload_says_where_flowsim_took_it_from() {
    let rules: Vec<Beyond> = beyond_sdk::UNVERIFIED
        .iter()
        .map(|n| Beyond::function(n))
        .chain(
            beyond_sdk::UNVERIFIED_OVERLOADS
                .iter()
                .map(|&(function, sig)| Beyond { function, overload: Some(sig) }),
        )
        .collect();
    let line = |r: &Beyond| {
        UNVERIFIED.iter().position(|e| e.function == r.function && e.overload == r.overload)
    };
    let missing: Vec<&Beyond> = rules.iter().filter(|r| line(r).is_none()).collect();
    assert!(missing.is_empty(), "unverified with no line saying where from: {missing:?}");
    let extra: Vec<&str> = UNVERIFIED
        .iter()
        .filter(|e| !rules.iter().any(|r| r.function == e.function && r.overload == e.overload))
        .map(|e| e.function)
        .collect();
    assert!(extra.is_empty(), "lines of no unverified rule (remove them): {extra:?}");
    assert!(rules.iter().all(|r| !r.verified()), "each is one `check` warns of");
    let bad: Vec<String> = UNVERIFIED
        .iter()
        .filter(|e| !matches!(e.source, Source::None))
        .filter_map(|e| problem(e.source, e.function, None).map(|p| format!("{}: {p}", e.function)))
        .collect();
    assert!(bad.is_empty(), "sources a reader cannot open: {bad:#?}");
    assert!(
        UNVERIFIED.len() <= UNVERIFIED_CAP,
        "{} unverified functions and overloads, past the cap of {UNVERIFIED_CAP}: each is one \
         Architect may refuse",
        UNVERIFIED.len()
    );
    let none = UNVERIFIED.iter().filter(|e| matches!(e.source, Source::None)).count();
    assert!(none <= NO_SOURCE_CAP, "{none} with no source, past the cap of {NO_SOURCE_CAP}");
}

/// The check of a source sees free text in every form it could hide in.
#[test]
fn a_source_a_reader_cannot_open_is_caught() {
    let caught = |source: Source, function: &str| problem(source, function, None).is_some();
    // The entries this list had before (issue 74), and their like.
    assert!(caught(Source::Url("a published flow: RandomInt(99) + 1"), "RandomInt"));
    assert!(caught(Source::Url("http://help.mypurecloud.com/x"), "RandomInt"), "not https");
    assert!(caught(Source::Url("https://help.mypurecloud.com/a page"), "RandomInt"));
    assert!(caught(repo("a published flow", "RandomInt(99) + 1"), "RandomInt"));
    assert!(caught(
        repo("published flows", "FindQueueById among the functions of 8.5 k exported expressions"),
        "FindQueueById"
    ));
    assert!(caught(repo("owner/name", "exports/Flow.i3InQueueFlow (an in-queue call flow)"), "X"));
    assert!(caught(repo("owner/name", ""), "X"));
    assert!(caught(
        Source::Docs { page: "docs/expressions.md", at: "a published JSON tutorial flow" },
        "IsJsonObject"
    ));
    assert!(
        caught(BOOTSTRAP_ONLY, "RandomInt"),
        "a passage that exists but does not name the function"
    );
    assert!(caught(Source::Docs { page: "docs/no-such-page.md", at: "|" }, "FindUser"));
    assert!(caught(Source::Corpus("archy/x.yaml"), "X"), "no corpus given, nothing to hold");
    assert_eq!(problem(Source::None, "X", None).as_deref(), Some("no source"));
    // And what is a source passes.
    assert!(!caught(BOOTSTRAP_ONLY, "FindUser"));
    assert!(!caught(SWITCH_TO_WEB, "FindQueue"));
    assert!(!caught(JSON, "JsonParse"));
}

/// A corpus flow is a source when it is there and names the function.
#[test]
#[cfg_attr(
    flowsim_missing = "corpus",
    ignore = "needs the flow corpus: set FLOWSIM_CORPUS or put it at ../shared/corpus"
)]
fn a_corpus_source_is_a_flow_there_that_names_the_function() {
    let corpus = crate::support::corpus_dir();
    let bot = "archy/GenesysCloudBlueprints_scheduling-bot-blueprint__modules_schedulingbot-flow_SchedulingBot.yaml";
    assert_eq!(problem(Source::Corpus(bot), "ToCommunication", Some(&corpus)), None);
    assert!(problem(Source::Corpus(bot), "RandomInt", Some(&corpus)).is_some());
    assert!(problem(Source::Corpus("archy/no-such-flow.yaml"), "X", Some(&corpus)).is_some());
}

/// `check` warns of a call that needs an overload no source shows, at the function's name, and
/// of a function no source shows; the flow still loads (warnings), and a call Architect's SDK
/// types itself says nothing.
#[test]
fn check_warns_of_an_unverified_overload_or_function_where_it_is_written() {
    let flow = |exp: &str| {
        format!(
            "inboundCall:\n  name: Over\n  division: Home\n  startUpRef: \"/inboundCall/tasks/task[Start_10]\"\n  defaultLanguage: en-us\n  supportedLanguages:\n    en-us:\n      defaultLanguageSkill:\n        noValue: true\n  initialGreeting:\n    tts: Welcome.\n  variables:\n    - jsonVariable:\n        name: Flow.customer\n        initialValue:\n          lit: '{{\"age\": 4}}'\n    - stringVariable:\n        name: Flow.text\n        initialValue:\n          lit: \"4\"\n    - integerVariable:\n        name: Flow.age\n  tasks:\n    - task:\n        name: Start\n        refId: Start_10\n        actions:\n          - updateData:\n              name: Age\n              statements:\n                - integer:\n                    variable: Flow.age\n                    value:\n                      exp: {exp}\n          - disconnect:\n              name: End\n"
        )
    };
    let warnings = |exp: &str| {
        let text = flow(exp);
        let report =
            flowsim::flow::Registry::from_sources([(std::path::Path::new("o.yaml"), &*text)]);
        let errors: Vec<_> = report.diagnostics.iter().filter(|d| d.is_error()).collect();
        assert!(errors.is_empty(), "{exp}: {errors:#?}");
        report
            .diagnostics
            .iter()
            .filter(|d| d.code.as_str().starts_with("unverified"))
            .map(|d| (d.code.as_str().to_owned(), d.column.unwrap_or_default(), d.message.clone()))
            .collect::<Vec<_>>()
    };
    let mut found = warnings("ToInt(Flow.customer.age) + RandomInt(9)");
    found.sort_by_key(|(_, column, _)| *column);
    let codes: Vec<(&str, usize)> = found.iter().map(|(c, col, _)| (c.as_str(), *col)).collect();
    // `exp: ` starts at column 23: `ToInt` at 28, `RandomInt` at 55.
    assert_eq!(codes, [("unverifiedOverload", 28), ("unverifiedFunction", 55)], "{found:#?}");
    assert!(found[0].2.starts_with("`ToInt(JSON) -> Integer` is an overload"), "{found:#?}");
    assert!(warnings("Count(Flow.customer.list)")
        .iter()
        .any(|(c, _, m)| c == "unverifiedOverload" && m.starts_with("`Count(JSON)")));
    assert_eq!(warnings("ToInt(Flow.text) + 1"), [], "the SDK's own overload");
}

/// `flowsim expr check` gives the same warnings, in the order they are written, and the type.
#[test]
fn expr_check_warns_of_an_unverified_overload_too() {
    let o = crate::cli::flowsim(&[
        "expr",
        "check",
        "ToInt(Flow.j) + RandomInt(3)",
        "--declare",
        "Flow.j=JSON",
        "--color",
        "never",
    ]);
    assert_eq!((o.code, o.stdout.as_str()), (0, "Integer\n"), "{}", o.stderr);
    let overload = o.stderr.find("warning[unverifiedOverload]: `ToInt(JSON) -> Integer`");
    let function = o.stderr.find("warning[unverifiedFunction]: `RandomInt`");
    assert!(overload.is_some() && overload < function, "{}", o.stderr);
}
