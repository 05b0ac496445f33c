//! Real message flows with the real bot flows they call, from the corpus
//! (`../shared/corpus` or `$FLOWSIM_CORPUS`): each pair loads into one registry (each file's
//! `{{key}}`s filled on its own, so the call names the bot), and runs one conversation per
//! intent of the bot — the intent's first training utterance as the inbound message, then
//! plausible follow-up turns — plus a gibberish one and a silent one.
//!
//! Every run must end in an end state, never on `unsupported` or on a bot flow it cannot
//! find, the same way twice; where the conversation reaches the bot's Ask for Intent, the
//! inbound message must be classified as the intent it came from. The figures are printed
//! (`cargo test --test it corpus_bots -- --nocapture`). Without the corpus: skipped, loudly.

use flowsim::engine::{self, RunRequest};
use flowsim::fixtures::FixtureStore;
use flowsim::flow::model::FlowType;
use flowsim::flow::Registry;
use serde_json::{json, Value as J};
use std::io::Write as _;
use std::path::Path;

macro_rules! report {
    ($($arg:tt)*) => {{
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

/// A file of a pair, with the values of the placeholders that name flows.
type File = (&'static str, &'static [(&'static str, &'static str)]);

const G: &str = "GenesysCloudBlueprints_";

/// Message flow first, then the flows it calls.
const ARCHY_PAIRS: &[&[File]] = &[
    &[
        ("aws-pipeline-cx-as-code-blueprint__modules_inbound-message-flow_BasicMessageFlow.yaml", &[("flow_name", "Basic Messages"), ("bot_flow_name", "Basic Bot")]),
        ("aws-pipeline-cx-as-code-blueprint__modules_bot-flow_BasicBot.yaml", &[("bot_name", "Basic Bot")]),
    ],
    &[
        ("deploy-webchat-chatbot-with-lambda-blueprint__blueprint_terraform_modules_flows_DudeWheresMyStuffChat.yaml", &[("flow_name", "DWMS Chat")]),
        ("deploy-webchat-chatbot-with-lambda-blueprint__blueprint_terraform_modules_flows_DudesWheresMyStuffBot.yaml", &[("flow_name", "DudesWheresMyStuffBot")]),
    ],
    &[
        ("deploy-webmessaging-chatbot-with-lambda-blueprint__blueprint_terraform_modules_flows_DudeWheresMyStuffMessage.yaml", &[("flow_name", "DWMS Message")]),
        ("deploy-webchat-chatbot-with-lambda-blueprint__blueprint_terraform_modules_flows_DudesWheresMyStuffBot.yaml", &[("flow_name", "DudesWheresMyStuffBot")]),
    ],
    &[
        ("dr-webmessaging-blueprint__blueprint_webmessage-emergency-group_modules_flows_MyWebMessenger.yaml", &[("flow_name", "MyWebMessenger")]),
        ("dr-webmessaging-blueprint__blueprint_webmessage-emergency-group_modules_flows_MyChatBot.yaml", &[("flow_name", "MyChatBot")]),
        ("dr-webmessaging-blueprint__blueprint_webmessage-emergency-group_modules_flows_MyEmergencyChatBot.yaml", &[]),
    ],
    &[
        ("dr-webmessaging-blueprint__blueprint_webmessage-fallback_modules_flows_MyWebMessenger.yaml", &[]),
        ("dr-webmessaging-blueprint__blueprint_webmessage-emergency-group_modules_flows_MyEmergencyChatBot.yaml", &[]),
    ],
    &[
        ("merge-ephemeral-message-to-external-contact-blueprint__modules_inbound-message-flow_MergeExternalContactMessageFlow.yaml", &[("flow_name", "Merge Messages"), ("bot_flow_name", "Merge Bot"), ("common_module_name", "Resolve Contact")]),
        ("merge-ephemeral-message-to-external-contact-blueprint__modules_bot-flow_MergeExternalContactBot.yaml", &[("bot_name", "Merge Bot")]),
        ("merge-ephemeral-message-to-external-contact-blueprint__modules_common-module_ResolveContact.yaml", &[("module_name", "Resolve Contact")]),
    ],
    &[
        ("scheduling-bot-blueprint__modules_inbound-message-flow_SchedulerBotInboundMessageFlow.yaml", &[("flow_name", "Sched Messages"), ("bot_flow_name", "Scheduling Bot")]),
        ("scheduling-bot-blueprint__modules_schedulingbot-flow_SchedulingBot.yaml", &[("bot_name", "Scheduling Bot")]),
    ],
    &[
        ("web-messaging-triage-bot-blueprint__terraform_modules_flow_web-messaging-triage-bot.yaml", &[("flow_name", "Triage")]),
        ("web-messaging-triage-bot-blueprint__terraform_modules_flow_quick-response-bot.yaml", &[("flow_name", "web-messaging-quick-response-bot")]),
    ],
];

/// The exports: the message flow's Call Bot Flow names the bot as its org had it; it is
/// pointed at the bot's exported name.
const I3_PAIRS: &[&[&str]] = &[
    &[
        "merge-ephemeral-message-to-external-contact-blueprint__MergeExternalContactMessageFlow.i3InboundMessage.json",
        "merge-ephemeral-message-to-external-contact-blueprint__MergeExternalContactBot.i3BotFlow.json",
        "merge-ephemeral-message-to-external-contact-blueprint__ResolveContact.i3CommonModuleFlow.json",
    ],
    &[
        "scheduling-bot-blueprint__SchedulingBotInboundMessageFlow.i3InboundMessage.json",
        "scheduling-bot-blueprint__SchedulingBot.i3BotFlow.json",
    ],
];

/// What the customer says after the first message.
const FOLLOW_UPS: [&str; 7] =
    ["12345678", "yes", "tomorrow at 3pm", "someone@example.com", "(920) 265-1560", "5", "no"];

/// Every `{{key}}` replaced: by `fixed` when it names it, else by `x_<key>`.
fn substitute(text: &str, fixed: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        let Some(end) = rest[start..].find("}}") else { break };
        out.push_str(&rest[..start]);
        let key = rest[start + 2..start + end].trim();
        match fixed.iter().find(|(k, _)| *k == key) {
            Some((_, v)) => out.push_str(v),
            None => out.push_str(&format!("x_{key}")),
        }
        rest = &rest[start + end + 2..];
    }
    out.push_str(rest);
    out
}

/// Points every Call Bot Flow of an export at `bot`.
fn retarget(doc: &mut J, bot: &str) {
    match doc {
        J::Object(o) => {
            if o.get("__type").and_then(J::as_str) == Some("CallBotFlowAction") {
                o.insert("flowName".into(), json!(bot));
            }
            o.values_mut().for_each(|v| retarget(v, bot));
        }
        J::Array(a) => a.iter_mut().for_each(|v| retarget(v, bot)),
        _ => {}
    }
}

#[track_caller]
fn registry(sources: &[(String, String)]) -> Registry {
    let report =
        Registry::from_sources(sources.iter().map(|(f, t)| (Path::new(f.as_str()), t.as_str())));
    let errors: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| {
            format!(
                "{}: {} {}",
                d.file.as_ref().map(|f| f.display().to_string()).unwrap_or_default(),
                d.code,
                d.message
            )
        })
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    report.registry.expect("no errors")
}

#[derive(Default)]
struct Counts {
    pairs: usize,
    runs: usize,
    reached_bot: usize,
    classified: usize,
    classified_right: usize,
    statuses: std::collections::BTreeMap<String, usize>,
}

fn converse(reg: &Registry, label: &str, c: &mut Counts, failures: &mut Vec<String>) {
    let top = &reg.flows()[0];
    let bots: Vec<_> =
        reg.flows().iter().filter(|f| FlowType::of(&f.flow_type) == FlowType::Bot).collect();
    let mut scripts: Vec<(Option<String>, Vec<String>)> = Vec::new();
    for bot in &bots {
        let Some(nlu) = bot.arch.bot.as_ref().and_then(|b| b.nlu.as_ref()) else { continue };
        for intent in nlu.intent_names() {
            scripts.push((Some(intent.to_owned()), first_utterance(bot, intent)));
        }
    }
    scripts.push((None, vec!["zzzz qqqq".into()]));
    scripts.push((None, Vec::new()));
    for (intent, first) in scripts {
        let mut inputs: Vec<J> = first.iter().map(|t| json!({"text": t})).collect();
        inputs.extend(FOLLOW_UPS.iter().map(|t| json!({"text": t})));
        // The first utterance is both the inbound message (heard by a bot whose caller passes
        // it as input text) and the first turn (heard by a bot that asks first).
        let message = first.first().cloned().unwrap_or_else(|| "hello".into());
        let request: RunRequest = serde_json::from_value(json!({
            "flowId": &*top.id,
            "message": {"body": message, "subject": "my order", "from": "someone@example.com"},
            "context": {"from": "+13175550100", "to": "+13175550199", "conversationId": "corpus-conversation"},
            "inputs": inputs,
        }))
        .expect("a valid request");
        let what = format!("{label} [{}]", intent.as_deref().unwrap_or("no intent"));
        let run = |r: &RunRequest| {
            engine::Run::new(reg, &FixtureStore::default(), r)
                .result()
                .map(|r| serde_json::to_value(&r).expect("JSON"))
        };
        let (first_run, second) = match (run(&request), run(&request)) {
            (Ok(a), Ok(b)) => (a, b),
            (Err(e), _) | (_, Err(e)) => {
                failures.push(format!("{what}: refused: {e}"));
                continue;
            }
        };
        c.runs += 1;
        if first_run != second {
            failures.push(format!("{what}: two runs differ"));
        }
        let status = first_run["status"].as_str().unwrap_or("?").to_owned();
        *c.statuses.entry(status.clone()).or_default() += 1;
        if !["completed", "failed", "disconnected", "transferred"].contains(&status.as_str()) {
            failures.push(format!("{what}: ends `{status}`"));
        }
        let kind = first_run["error"]["kind"].as_str().unwrap_or("");
        if kind == "unsupported" || kind == "flowNotFound" {
            failures.push(format!("{what}: {kind}: {}", first_run["error"]["message"]));
        }
        let steps = first_run["trace"].as_array().cloned().unwrap_or_default();
        let in_bot = |s: &J| {
            let name = s["flowName"].as_str().unwrap_or("");
            bots.iter().any(|b| *b.name == *name)
        };
        if steps.iter().any(in_bot) {
            c.reached_bot += 1;
        }
        // Where the intent's utterance reached an Ask for Intent (as the bot's input text, or
        // as the answer to its question), it is classified as that intent.
        if let (Some(want), Some(said)) = (&intent, first.first()) {
            let heard = first_run["transcript"].as_array().and_then(|t| {
                t.iter().find(|l| {
                    l["from"] == "customer"
                        && l["text"] == said.as_str()
                        && l.get("confidence").is_some()
                })
            });
            if let Some(line) = heard {
                let got = line["intent"].as_str().map(str::to_owned);
                c.classified += 1;
                if got.as_deref() == Some(want.as_str()) {
                    c.classified_right += 1;
                } else {
                    failures.push(format!("{what}: `{said}` was classified as {got:?}"));
                }
            }
        }
        report!(
            "  {what:<70} {status:<13} {} steps{}",
            steps.len(),
            if kind.is_empty() { String::new() } else { format!(" ({kind})") }
        );
    }
}

/// An intent's first training utterance, as the customer would type it.
fn first_utterance(bot: &flowsim::flow::Flow, intent: &str) -> Vec<String> {
    let Some(nlu) = bot.arch.bot.as_ref().and_then(|b| b.nlu.as_ref()) else { return Vec::new() };
    nlu.utterances(intent).next().map(|u| vec![u.to_owned()]).unwrap_or_default()
}

#[test]
#[cfg_attr(
    flowsim_missing = "corpus",
    ignore = "needs the flow corpus: set FLOWSIM_CORPUS or put it at ../shared/corpus"
)]
fn real_message_flows_converse_with_their_real_bots() {
    let dir = crate::support::corpus_dir();
    let mut c = Counts::default();
    let mut failures = Vec::new();
    for pair in ARCHY_PAIRS {
        let sources: Vec<(String, String)> = pair
            .iter()
            .map(|(file, fixed)| {
                let name = format!("{G}{file}");
                let text = std::fs::read_to_string(dir.join("archy").join(&name)).expect("reads");
                (name, substitute(&text, fixed))
            })
            .collect();
        let reg = registry(&sources);
        c.pairs += 1;
        converse(
            &reg,
            &format!("archy {}", pair[0].0.split("__").next().unwrap_or("")),
            &mut c,
            &mut failures,
        );
    }
    for pair in I3_PAIRS {
        let mut docs: Vec<(String, J)> = pair
            .iter()
            .map(|file| {
                let name = format!("{G}{file}");
                let text = std::fs::read_to_string(dir.join("i3").join(&name)).expect("reads");
                (name, serde_json::from_str(&text).expect("JSON"))
            })
            .collect();
        let bot_name = docs[1].1["name"].as_str().unwrap_or("").to_owned();
        retarget(&mut docs[0].1, &bot_name);
        let sources: Vec<(String, String)> =
            docs.into_iter().map(|(n, d)| (n, d.to_string())).collect();
        let reg = registry(&sources);
        c.pairs += 1;
        converse(
            &reg,
            &format!("i3 {}", pair[0].split("__").next().unwrap_or("")),
            &mut c,
            &mut failures,
        );
    }
    let statuses: Vec<String> = c.statuses.iter().map(|(s, n)| format!("{n} {s}")).collect();
    report!(
        "\n*** corpus bots: {} message flows with their bots; {} conversations ({}), {} reached the bot; \
         intents' utterances heard by an Ask for Intent and classified as their intent: {}/{} ***\n",
        c.pairs,
        c.runs,
        statuses.join(", "),
        c.reached_bot,
        c.classified_right,
        c.classified
    );
    assert!(failures.is_empty(), "{} problem(s):\n{}", failures.len(), failures.join("\n"));
    assert!(c.reached_bot > c.runs / 2, "most conversations reach a bot");
}
