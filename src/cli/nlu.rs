//! `flowsim nlu FLOW TEXT`: what a bot flow's NLU makes of a customer's turn, and why —
//! the intents it scored, the training utterance each matched best, the slots it found, and
//! what an Ask for Intent would do with that confidence under the flow's thresholds (in a flow
//! that is no bot flow, what a Detect Intent would do).
//!
//! `--slot NAME` shows what an Ask for Slot for that slot would read from the text instead;
//! `--intents` lists the flow's intents and slots. Exit codes: 0 shown; 1 the turn matches no
//! intent (or the slot is not in the text); 2 bad input (no such flow, not a bot flow, no NLU
//! domain).

use super::report::{self, Format, Text, TextJson};
use super::{flows, Refused};
use flowsim::diag::Code;
use flowsim::flow::bot::BotSettings;
use flowsim::nlu::Nlu;
use std::fmt::Write as _;
use std::process::ExitCode;
use std::sync::Arc;

#[derive(clap::Args)]
pub struct Args {
    /// The bot flow: a name or id in the registry (default: the only flow loaded).
    flow: Option<String>,
    /// What the customer typed or said.
    text: Option<String>,
    #[command(flatten)]
    pick: flows::FlowPick,
    /// Read the text as an answer to an Ask for Slot for this slot.
    #[arg(long, value_name = "SLOT")]
    slot: Option<String>,
    /// List the flow's intents (with their slots) and slots (with their types).
    #[arg(long)]
    intents: bool,
    /// The virtual clock's time, for relative dates ("tomorrow").
    #[arg(long, value_name = "ISO-8601", default_value = flowsim::engine::request::DEFAULT_START_TIME)]
    now: String,
    #[arg(long, value_parser = super::report::TEXT_JSON, default_value = "text")]
    pub(crate) format: Format,
}

pub fn nlu(args: &Args) -> Result<ExitCode, Refused> {
    let reg = args.pick.source.registry()?;
    let flow = super::flows::which_flow(&reg, args.flow.as_deref(), "nlu")?;
    let idx = args.pick.flow(&reg, &flow)?;
    let flow = reg.flow(idx);
    let Some(bot) = flow.arch.bot.clone() else {
        return Err(Refused::error(
            flowsim::diag::Code::NotABotFlow,
            format!(
                "`{}` is {} {} flow: only bot flows have an NLU domain",
                flow.name,
                if flow.flow_type.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" },
                flow.flow_type
            ),
        )
        .help("name the bot flow that the flow calls (callBotFlow)"));
    };
    let Some(nlu) = bot.nlu.clone() else {
        return Err(Refused::error(
            flowsim::diag::Code::NoNlu,
            format!(
                "bot flow `{}` declares no NLU domain (settingsNaturalLanguageUnderstanding)",
                flow.name
            ),
        )
        .help("every turn of this bot is a no-match unless a test pins the intent"));
    };
    let now = flowsim::expr::value::parse_datetime(&args.now).ok_or_else(|| {
        Refused::error(
            Code::BadArgument,
            format!("`--now {}` is not an ISO 8601 date-time", args.now),
        )
        .help("write it like 2026-01-01T09:00:00Z")
    })?;
    if args.intents {
        return Ok(intents(&nlu, args.format));
    }
    let Some(text) = &args.text else {
        return Err(Refused::error(
            Code::BadArgument,
            "give the customer's text: `flowsim nlu FLOW \"where is my order\"` (or --intents)",
        ));
    };
    if let Some(slot) = &args.slot {
        if nlu.slot(slot).is_none() {
            let names: Vec<&str> = nlu.slot_names().collect();
            return Err(Refused::error(
                flowsim::diag::Code::UnknownSlot,
                format!("bot flow `{}` has no slot `{slot}`", flow.name),
            )
            .help(format!("its slots: {}", names.join(", "))));
        }
        let found = nlu.extract(slot, text, now);
        let report = TextJson {
            text: || {
                Text::Plain(match &found {
                    Some(x) => format!(
                        "slot {slot} = {} (from `{}`: {})\n",
                        shown(&x.value),
                        x.text,
                        x.how
                    ),
                    None => format!("slot {slot}: nothing in the text fits its type; Ask for Slot takes it as a no-match\n"),
                })
            },
            json: || match &found {
                Some(x) => {
                    serde_json::json!({"slot": slot, "value": x.value.to_json(), "text": x.text, "how": x.how})
                }
                None => serde_json::json!({"slot": slot, "value": null}),
            },
            code: if found.is_some() { ExitCode::SUCCESS } else { ExitCode::from(1) },
        };
        return Ok(report::emit(&report, args.format));
    }
    let c = nlu.classify(text, now);
    // A flow that is no bot flow uses its domain in Detect Intent.
    let is_bot = matches!(&*flow.flow_type, "botFlow" | "digitalBotFlow");
    let (action, decision) = if is_bot {
        ("ask for intent", decision(&bot, c.intent.as_deref(), c.confidence))
    } else {
        ("detect intent", detection(&bot, c.intent.as_deref(), c.confidence))
    };
    let report = TextJson {
        text: || {
            let mut s = c.explain();
            if !s.ends_with('\n') {
                s.push('\n');
            }
            let _ = writeln!(s, "{action}: {decision}");
            Text::Plain(s)
        },
        json: || {
            let candidates: Vec<_> = c
                .candidates
                .iter()
                .map(|k| serde_json::json!({"intent": &*k.intent, "score": round(k.score), "utterance": k.utterance}))
                .collect();
            let slots: serde_json::Map<String, serde_json::Value> =
                c.slots.iter().map(|(s, x)| (s.to_string(), x.value.to_json())).collect();
            serde_json::json!({
                "intent": c.intent.as_deref(),
                "confidence": round(c.confidence),
                "decision": decision,
                "candidates": candidates,
                "slots": slots,
            })
        },
        code: if c.intent.is_some() { ExitCode::SUCCESS } else { ExitCode::from(1) },
    };
    Ok(report::emit(&report, args.format))
}

fn round(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn shown(v: &flowsim::expr::Value) -> String {
    report::json_line(&v.to_json())
}

/// What Ask for Intent does with this confidence under the flow's thresholds.
fn decision(bot: &Arc<BotSettings>, intent: Option<&str>, confidence: f64) -> String {
    let (low, high) = (bot.input.low_confidence, bot.input.high_confidence);
    let pct = confidence * 100.0;
    match intent {
        Some(i) if pct >= high => format!("takes `{i}` ({pct:.0}% ≥ the high threshold {high:.0}%)"),
        Some(i) if pct >= low => format!(
            "asks to confirm `{i}` first ({pct:.0}% is between the thresholds {low:.0}% and {high:.0}%)"
        ),
        _ => format!("no match ({pct:.0}% < the low threshold {low:.0}%)"),
    }
}

/// What Detect Intent does with this confidence under the flow's low threshold.
fn detection(bot: &Arc<BotSettings>, intent: Option<&str>, confidence: f64) -> String {
    let low = bot.input.low_confidence;
    let pct = confidence * 100.0;
    match intent {
        Some(i) if pct >= low => {
            format!("detects `{i}` ({pct:.0}% ≥ the low threshold {low:.0}%)")
        }
        _ => format!("detects nothing and takes default ({pct:.0}% < the low threshold {low:.0}%)"),
    }
}

/// `nlu --intents`: the domain's intents and their slots, then its slots and their types.
fn intents(nlu: &Nlu, format: Format) -> ExitCode {
    let intents: Vec<(String, Vec<String>)> = nlu
        .intent_names()
        .map(|i| (i.to_owned(), nlu.intent_slots(i).iter().map(ToString::to_string).collect()))
        .collect();
    let slots: Vec<(String, String)> = nlu
        .slot_names()
        .map(|s| (s.to_owned(), nlu.slot(s).map(|i| i.type_name.to_string()).unwrap_or_default()))
        .collect();
    let report = TextJson {
        text: || {
            let mut s = String::new();
            for (i, slots) in &intents {
                if slots.is_empty() {
                    let _ = writeln!(s, "intent {i}");
                } else {
                    let _ = writeln!(s, "intent {i}  (slots: {})", slots.join(", "));
                }
            }
            for (name, ty) in &slots {
                let _ = writeln!(s, "slot   {name}: {ty}");
            }
            Text::Plain(s)
        },
        json: || {
            serde_json::json!({
                "intents": intents.iter().map(|(i, s)| serde_json::json!({"name": i, "slots": s})).collect::<Vec<_>>(),
                "slots": slots.iter().map(|(s, t)| serde_json::json!({"name": s, "type": t})).collect::<Vec<_>>(),
            })
        },
        code: ExitCode::SUCCESS,
    };
    report::emit(&report, format)
}

impl Args {
    /// What the project gives that the command line did not (flowsim.toml).
    pub(crate) fn fill_from(&mut self, project: &super::project::Project) {
        self.pick.source.fill_from(project);
        self.pick.source.add_named_file(self.flow.as_deref());
    }
}
