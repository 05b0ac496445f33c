//! The actions whose Archy form is not one wrapper per property: names used as mapping keys
//! (`callData`'s `category`, `dataTableLookup`'s `dataTable`, `callCommonModule`'s
//! `commonModule`), typed statements (`updateData`), `collectInput`'s `digits`, schedules'
//! `evaluate`, menu choices' own keys.

use super::props::At;
use super::yaml::Y;
use super::Cx;
use crate::diag::{Diagnostic, Severity};
use crate::flow::action::Prop;
use crate::flow::catalogue::{ActionSpec, PropKind, PropSpec};
use std::sync::Arc;

/// Keys of a menu choice that are not the action's properties.
/// `refId` names a choice as it names tasks and menus (Archy accepts it); flowsim refers to a
/// choice by its container and name, so it is read and not needed.
pub(super) const CHOICE_KEYS: &[&str] =
    &["dtmf", "globalDtmf", "globalSpeechRecTerms", "speechRecTerms", "task", "menu", "refId"];

/// The alias of `lexBot: {<region>: {<bot>: {<locale>: {<alias>: {...}}}}}`: the bot's name, the
/// alias's name and its body.
pub(super) fn lex_v2_alias(body: &Y) -> Option<(Arc<str>, Arc<str>, &Y)> {
    let (_, region) = named(body.get("lexBot")?)?;
    let (bot, locales) = named(region)?;
    let (_, aliases) = named(locales)?;
    let (alias, d) = named(aliases)?;
    Some((bot, alias, d))
}

/// Every key [`Cx::irregular`] may own for action `key`, whatever form the action is written
/// in (the union of what it returns): the keys besides the catalogue's properties that the
/// action's mapping may hold without an `unknownProperty` diagnostic, which the Archy schema
/// (`archy::schema`) lists. `Cx::action_props` holds each return of `irregular` to it.
pub(super) fn owned_keys(key: &str) -> &'static [&'static str] {
    match key {
        "callData" | "callDataSecure" => {
            &["category", "integration", "dataAction", "inputs", "successOutputs", "failureOutputs"]
        }
        "dataTableLookup" => &["dataTable", "foundOutputs", "failureOutputs"],
        "callCommonModule" => &["commonModule", "version", "inputs", "outputs"],
        "callBotFlow" | "callDigitalBotFlow" => {
            &["botFlow", "digitalBotFlow", "version", "inputs", "outputs"]
        }
        "askForSlot" => &["slot", "chooser"],
        "askSurveyQuestion" => &["surveyQuestion"],
        "clearSlot" => &["slots"],
        "collectInput" => &["digits", "digitsMin", "digitsMax"],
        "updateData" | "extractSecureData" | "updateWorkitem" => &["statements"],
        "holdMusic" => &["playStyle"],
        "evaluateSchedule" | "evaluateScheduleGroup" => &["evaluate", "evaluationType"],
        "setScreenPop" => &["screenPopScript", "inputs"],
        "transferToVoicemail" | "menuTransferToVoicemail" => &["destination"],
        "switch" => &["evaluate", "cases"],
        "loopUntil" => &["untilCases"],
        "callTask" => &["outputs", "taskInputs", "taskOutputs"],
        "digitalMenu" => &["chooser"],
        "setPostFlow" => &["actionType", "targetFlow", "invocationData"],
        "createCallback" => &["callbackScript"],
        "callLexV2Bot" => &[
            "lexBot",
            "sessionVariables",
            "outputSessionVariables",
            "botName",
            "botAlias",
            "initialIntent",
            "failureOutputs",
            "intentSlots",
        ],
        "disconnect" | "menuDisconnect" => &["none"],
        _ => &[],
    }
}

/// A quick-reply button as [`irregular`](Cx::irregular) reads it: what it sends and shows.
const BUTTON_SPECS: &[PropSpec] = &[
    crate::flow::catalogue::p("value", "value", PropKind::Expr),
    crate::flow::catalogue::p("label", "label", PropKind::Expr),
];

fn set(spec: &ActionSpec, props: &mut [Prop], name: &str, value: Prop) {
    if let Some(i) = spec.prop_index(name) {
        props[i] = value;
    }
}

/// Whether `y` is one of Archy's value wrappers rather than a mapping keyed by a name.
fn is_wrapper(y: &Y) -> bool {
    !y.is_map()
        || ["exp", "lit", "var", "noValue", "tts", "name"].iter().any(|k| y.get(k).is_some())
}

/// The one entry of a mapping keyed by a name (`{Support Table: {...}}`): the name, its value.
fn named(y: &Y) -> Option<(Arc<str>, &Y)> {
    let mut entries = y.entries();
    let (name, body) = entries.next()?;
    Some((Arc::from(name.as_ref()), body))
}

impl Cx<'_> {
    /// Reads the irregular parts of action `key` into `props`; returns the keys and property
    /// names it owns (the generic reading leaves them alone).
    pub(super) fn irregular(
        &mut self,
        key: &str,
        spec: &ActionSpec,
        body: &Y,
        node: &str,
        props: &mut [Prop],
    ) -> &'static [&'static str] {
        let at = |prop| At { node, prop };
        match key {
            "callData" | "callDataSecure" => {
                let category = body.get("category");
                let integration = category.and_then(named);
                let action =
                    integration.as_ref().and_then(|(_, i)| i.get("dataAction")).and_then(named);
                match (&integration, &action) {
                    (Some((i, ib)), Some((a, d))) => {
                        self.known_keys(ib, &["dataAction"], &format!("category.{i}"), node);
                        self.known_keys(
                            d,
                            &["inputs", "successOutputs", "failureOutputs"],
                            &format!("category.{i}.dataAction.{a}"),
                            node,
                        );
                        set(spec, props, "integration", Prop::Text(i.clone()));
                        set(spec, props, "dataAction", Prop::Text(a.clone()));
                        for (name, kind) in [
                            ("inputs", PropKind::Expr),
                            ("successOutputs", PropKind::Var),
                            ("failureOutputs", PropKind::Var),
                        ] {
                            if let Some(m) = d.get(name) {
                                let p = self.map(m, kind, at(name));
                                set(spec, props, name, p);
                            }
                        }
                    }
                    _ => self.missing(
                        category.unwrap_or(body),
                        at("category.<integration>.dataAction.<action name>"),
                    ),
                }
                &[
                    "category",
                    "integration",
                    "dataAction",
                    "inputs",
                    "successOutputs",
                    "failureOutputs",
                ]
            }
            "dataTableLookup" => {
                match body.get("dataTable").and_then(named) {
                    Some((table, d)) => {
                        self.known_keys(
                            d,
                            &["foundOutputs", "failureOutputs"],
                            &format!("dataTable.{table}"),
                            node,
                        );
                        set(spec, props, "dataTable", Prop::Text(table));
                        for name in ["foundOutputs", "failureOutputs"] {
                            if let Some(m) = d.get(name) {
                                let p = self.map(m, PropKind::Var, at(name));
                                set(spec, props, name, p);
                            }
                        }
                    }
                    None => self.missing(body, at("dataTable.<table name>")),
                }
                &["dataTable", "foundOutputs", "failureOutputs"]
            }
            "callCommonModule" => {
                self.flow_call(spec, body, "commonModule", "commonModule", props, node);
                &["commonModule", "version", "inputs", "outputs"]
            }
            "callBotFlow" | "callDigitalBotFlow" => {
                let key =
                    if body.get("digitalBotFlow").is_some() { "digitalBotFlow" } else { "botFlow" };
                self.flow_call(spec, body, key, "botFlow", props, node);
                &["botFlow", "digitalBotFlow", "version", "inputs", "outputs"]
            }
            "askForSlot" => {
                match body.get("slot").and_then(|s| s.get("name").or(Some(s))).and_then(Y::text) {
                    Some(name) if !name.is_empty() => {
                        set(spec, props, "slot", Prop::Text(Arc::from(name.as_ref())));
                    }
                    _ => self.missing(body, at("slot.name")),
                }
                // `chooser`: how the slot's values are offered (quick replies, a carousel, a
                // list picker); the customer's reply is what a run reads, not its presentation.
                &["slot", "chooser"]
            }
            // `surveyQuestion: {<form name>: {lit: {text: <question text>}}}`: the form and the
            // question of it the action asks.
            "askSurveyQuestion" => {
                let found = body.get("surveyQuestion").and_then(named).and_then(|(form, q)| {
                    let q = q.get("lit").unwrap_or(q);
                    let text = q.get("text").unwrap_or(q).text()?;
                    Some((form, Arc::<str>::from(&*text)))
                });
                match found {
                    Some((form, text)) if !text.trim().is_empty() => {
                        set(spec, props, "surveyForm", Prop::Text(form));
                        set(spec, props, "surveyQuestion", Prop::Text(text));
                    }
                    _ => self.missing(body, at("surveyQuestion.<form name>.lit.text")),
                }
                &["surveyQuestion"]
            }
            "clearSlot" => {
                let mut slots = Vec::new();
                for item in body.get("slots").and_then(Y::seq).unwrap_or_default() {
                    let slot = item.get("slot").unwrap_or(item);
                    match slot.get("name").and_then(Y::text) {
                        Some(name) if !name.is_empty() => {
                            slots.push(
                                vec![Prop::Text(Arc::from(name.as_ref()))].into_boxed_slice(),
                            );
                        }
                        _ => self.missing(slot, at("slots[].slot.name")),
                    }
                }
                set(spec, props, "slots", Prop::List(slots.into()));
                &["slots"]
            }
            "collectInput" => {
                if let Some(d) = body.get("digits") {
                    self.known_keys(d, &["exact", "range"], "digits", node);
                    let (min, max) = match (d.get("exact"), d.get("range")) {
                        (Some(n), _) => (Some(n), Some(n)),
                        (None, Some(r)) => {
                            self.known_keys(
                                r,
                                &["min", "max", "terminatingDtmf"],
                                "digits.range",
                                node,
                            );
                            // A range's terminator (`setDigitsRange(min, max, terminatingDtmf)`
                            // in the Scripting SDK): the generic reading below replaces it
                            // with one written beside `digits`, after a warning.
                            if let Some(t) = r.get("terminatingDtmf") {
                                if body.get("terminatingDtmf").is_some() {
                                    self.terminator_twice(t, node);
                                }
                                let p = self.value(
                                    t,
                                    PropKind::Expr,
                                    at("digits.range.terminatingDtmf"),
                                );
                                set(spec, props, "terminatingDtmf", p);
                            }
                            (r.get("min"), r.get("max"))
                        }
                        (None, None) => (None, None),
                    };
                    for (name, y) in [("digitsMin", min), ("digitsMax", max)] {
                        if let Some(y) = y {
                            // Recorded under the property's name, which `check` places.
                            let p = self.value(y, PropKind::Expr, at(name));
                            set(spec, props, name, p);
                        }
                    }
                }
                &["digits", "digitsMin", "digitsMax"]
            }
            "updateData" | "extractSecureData" | "updateWorkitem" => {
                let specs = match spec.prop_index("statements").map(|i| spec.props[i].kind) {
                    Some(PropKind::List(specs)) => specs,
                    _ => &[],
                };
                match body.get("statements") {
                    Some(s) if !specs.is_empty() => {
                        let p = self.statements(s, specs, node);
                        set(spec, props, "statements", p);
                    }
                    _ => self.missing(body, at("statements")),
                }
                &["statements"]
            }
            // `playStyle: {entirePrompt: true}` or `playStyle: {duration: {lit: ...}}`: the
            // Scripting SDK's play styles `prompt` and `duration`, the latter with its length.
            "holdMusic" => {
                let Some(style) = body.get("playStyle") else { return &[] };
                self.known_keys(style, &["duration", "entirePrompt"], "playStyle", node);
                if let Some(d) = style.get("duration") {
                    let p = self.value(d, PropKind::Expr, at("playStyle.duration"));
                    set(spec, props, "duration", p);
                    set(spec, props, "playStyle", Prop::Text(Arc::from("duration")));
                } else if style.get("entirePrompt").is_some_and(Y::truthy) {
                    set(spec, props, "playStyle", Prop::Text(Arc::from("prompt")));
                } else {
                    self.missing(style, at("playStyle.<entirePrompt|duration>"));
                }
                &["playStyle"]
            }
            "evaluateSchedule" | "evaluateScheduleGroup" => {
                // `evaluate: {now: true}`, `evaluate: {dateTime: {exp}}`, or the same one
                // level down, `evaluate: {evaluationType: {...}}`; or Archy's
                // `evaluationType: {schedule: {selectedSchedule, scheduleTimeZone,
                // evaluationTimeZone, evaluate}}` (`scheduleGroup:` for a group), the schedule
                // and its settings under the kind of evaluation. The Scripting SDK's evaluation
                // types are `schedule` and `emergencyGroup` (`SCHEDULE_EVALUATION_TYPES`), so
                // `evaluationType: {emergencyGroup: {selectedEmergencyGroup: ...}}` evaluates
                // an emergency group.
                let mut body = body;
                let kinds = [
                    ("schedule", "selectedSchedule"),
                    ("scheduleGroup", "selectedScheduleGroup"),
                    ("emergencyGroup", "selectedEmergencyGroup"),
                ];
                for (kind, selected) in kinds {
                    let Some(inner) = body.get("evaluationType").and_then(|e| e.get(kind)) else {
                        continue;
                    };
                    body = inner;
                    if kind == "emergencyGroup" {
                        let yes = super::props::lit_expr(crate::expr::Value::Bool(true), 0);
                        set(spec, props, "evaluateEmergencyGroup", Prop::Expr(yes));
                    }
                    match inner.get(selected).or_else(|| inner.get(kind)) {
                        Some(v) => {
                            let p = self.value(v, PropKind::Target, at(kind));
                            set(spec, props, kind, p);
                        }
                        None => self.missing(inner, at(selected)),
                    }
                    if let Some(tz) = inner.get("scheduleTimeZone") {
                        let p = self.value(tz, PropKind::Expr, at("scheduleTimeZone"));
                        set(spec, props, "timeZone", p);
                    }
                }
                // The Scripting SDK's names: `evaluationDateTime`, ignored when `evaluateNow`
                // is true (as an export's is).
                let e = body
                    .get("evaluate")
                    .or_else(|| body.get("evaluationType"))
                    .or_else(|| body.get("evaluationDateTime"));
                let e = e.map(|e| e.get("evaluationType").unwrap_or(e));
                let now = body.get("evaluateNow").map(|y| y.get("lit").unwrap_or(y));
                if now.is_some_and(Y::truthy) {
                    return &["evaluate", "evaluationType"];
                }
                if let Some(e) = e.filter(|e| e.get("now").is_none()) {
                    // `{now: true}` is the default (Prop::None); otherwise a date and time.
                    let inner =
                        e.get("dateTime").or_else(|| e.get("specificDateTime")).unwrap_or(e);
                    let p = self.value(inner, PropKind::Expr, at("evaluate"));
                    set(spec, props, "evaluate", p);
                }
                &["evaluate", "evaluationType"]
            }
            // `screenPopScript: {<script name>: {inputs: {k: {exp}}}}`, the script's name as
            // the key (as `callData` names its action); `{lit: {name}}` is read generically.
            "setScreenPop" => {
                let script = body.get("screenPopScript").filter(|s| !is_wrapper(s));
                let Some((name, d)) = script.and_then(named) else { return &[] };
                set(spec, props, "screenPopScript", Prop::Text(name));
                if let Some(i) = d.get("inputs").or_else(|| body.get("inputs")) {
                    let p = self.map(i, PropKind::Expr, at("inputs"));
                    set(spec, props, "inputs", p);
                }
                &["screenPopScript", "inputs"]
            }
            // `destination: {queue: {targetQueue: ...}}` (or `user:` / `group:`): the kind of
            // mailbox as a key, as Architect's editor asks for it, beside the flat
            // `targetQueue:` form that the generic reading takes.
            // The kind names the Scripting SDK's `transferTargetType`; a queue's mailbox may
            // carry the queue's settings beside its target (`voicemailGreeting`,
            // `callbackNumber`, `calleeName`, `scriptInputs`), read as they are at the top.
            "transferToVoicemail" | "menuTransferToVoicemail" => {
                let Some(destination) = body.get("destination") else { return &[] };
                let mut read = false;
                for (kind, body) in destination.entries() {
                    let target = match kind.as_ref() {
                        "user" => "targetUser",
                        "queue" => "targetQueue",
                        "group" => "targetGroup",
                        _ => continue,
                    };
                    let value = body.get(target).unwrap_or(body);
                    let p = self.value(value, PropKind::Target, at(target));
                    set(spec, props, target, p);
                    set(spec, props, "transferTargetType", Prop::Text(Arc::from(kind.as_ref())));
                    for s in spec.props {
                        let inner =
                            ["voicemailGreeting", "callbackNumber", "calleeName", "scriptInputs"];
                        if let Some(v) = body.get(s.name).filter(|_| inner.contains(&s.name)) {
                            let p = self.value(v, s.kind, at(s.name));
                            set(spec, props, s.name, p);
                        }
                    }
                    read = true;
                }
                if !read {
                    self.missing(destination, at("destination.<user|queue|group>"));
                }
                &["destination"]
            }
            // The cases are read with the outputs they lead to.
            "switch" => &["evaluate", "cases"],
            // Loop Until's cases too (`lower::until_cases`).
            "loopUntil" => &["untilCases"],
            // The outputs with actions are output paths; those with `var:` bind task outputs.
            // The called task's input and output variables are typed lists,
            // `taskInputs: [- string: {name: Task.x, value: {exp: ...}}]` and
            // `taskOutputs: [- string: {name: Task.y, value: {var: Flow.z}}]`.
            "callTask" => {
                let mut vars = Vec::new();
                if let Some(o) = body.get("outputs") {
                    for (k, v) in o.entries() {
                        if v.get("var").is_some() {
                            let prop = format!("outputs.{k}");
                            let p = self.value(v, PropKind::Var, At { node, prop: &prop });
                            vars.push((Arc::from(k.as_ref()), p));
                        }
                    }
                }
                if let Some(list) = body.get("taskOutputs") {
                    vars.extend(self.named_list(
                        list,
                        &["value", "variable"],
                        PropKind::Var,
                        at("taskOutputs"),
                    ));
                }
                if body.get("outputs").is_some() || body.get("taskOutputs").is_some() {
                    set(spec, props, "outputs", Prop::Map(vars.into()));
                }
                if let Some(list) = body.get("taskInputs") {
                    let inputs =
                        self.named_list(list, &["value"], PropKind::Expr, at("taskInputs"));
                    set(spec, props, "inputs", Prop::Map(inputs.into()));
                }
                &["outputs", "taskInputs", "taskOutputs"]
            }
            // The quick-reply buttons under `chooser: {lit: {quickReplies: {lit: {buttons:
            // {lit: [- lit: {value, label, type}]}}}}}`; the chooser's other presentations
            // (carousel, list picker) show the same choices and are not read.
            "digitalMenu" => {
                if let Some(chooser) = body.get("chooser") {
                    fn lit(y: &Y) -> &Y {
                        y.get("lit").unwrap_or(y)
                    }
                    let buttons = lit(chooser)
                        .get("quickReplies")
                        .map(lit)
                        .and_then(|q| q.get("buttons"))
                        .map(lit)
                        .and_then(Y::seq)
                        .unwrap_or_default();
                    let mut records = Vec::new();
                    for (i, b) in buttons.iter().enumerate() {
                        let prop = format!("chooser.quickReplies.buttons[{i}]");
                        records.push(self.record(lit(b), BUTTON_SPECS, At { node, prop: &prop }));
                    }
                    set(spec, props, "chooser", Prop::List(records.into()));
                }
                &["chooser"]
            }
            // The post flow under its kind: `actionType: {voiceSurveyFlow: {targetFlow:
            // {<flow name>: {ver_latestPublished: ...}}, invocationData}}`; the older form gives
            // `actionType`, `targetFlow` and `invocationData` side by side.
            "setPostFlow" => {
                let Some((kind, d)) =
                    body.get("actionType").filter(|a| !is_wrapper(a)).and_then(named)
                else {
                    return &[];
                };
                set(spec, props, "actionType", super::props::str_lit(&kind));
                let prop = format!("actionType.{kind}.targetFlow");
                match d.get("targetFlow") {
                    Some(t) if !is_wrapper(t) => {
                        if let Some((flow, _)) = named(t) {
                            set(spec, props, "targetFlow", Prop::Text(flow));
                        }
                    }
                    Some(t) => {
                        let p = self.value(t, PropKind::Target, At { node, prop: &prop });
                        set(spec, props, "targetFlow", p);
                    }
                    None => self.missing(d, At { node, prop: &prop }),
                }
                if let Some(data) = d.get("invocationData") {
                    let prop = format!("actionType.{kind}.invocationData");
                    let p = self.value(data, PropKind::Expr, At { node, prop: &prop });
                    set(spec, props, "invocationData", p);
                }
                &["actionType", "targetFlow", "invocationData"]
            }
            // `callbackScript: {<script name>: {inputs: {<name>: {lit|exp}}}}`.
            "createCallback" => {
                if let Some((script, d)) = body.get("callbackScript").and_then(named) {
                    set(spec, props, "callbackScript", Prop::Text(script));
                    if let Some(i) = d.get("inputs") {
                        let p = self.map(i, PropKind::Expr, at("callbackScript.inputs"));
                        set(spec, props, "scriptInputs", p);
                    }
                }
                &["callbackScript"]
            }
            // Archy writes the bot by its place, `lexBot: {<region>: {<bot>: {<locale>:
            // {<alias>: {aliasInitialIntentName, intents, outputs, failureOutputs}}}}}`, and the
            // session variables as lists of `{name, value}` and `{name, variable}` records.
            "callLexV2Bot" => {
                if let Some((bot, alias, d)) = lex_v2_alias(body) {
                    set(spec, props, "botName", Prop::Text(bot));
                    set(spec, props, "botAlias", Prop::Text(alias));
                    if let Some(i) = d.get("aliasInitialIntentName") {
                        let p = self.value(i, PropKind::Expr, at("lexBot.aliasInitialIntentName"));
                        set(spec, props, "initialIntent", p);
                    }
                    if let Some(f) = d.get("failureOutputs") {
                        let p = self.map(f, PropKind::Var, at("lexBot.failureOutputs"));
                        set(spec, props, "failureOutputs", p);
                    }
                    // `intents: {<intent>: {<slot>: {var: Flow.x} | {noValue: true}} | {none: true}}`.
                    let mut slots = Vec::new();
                    for (intent, body) in d.get("intents").map(Y::entries).into_iter().flatten() {
                        for (slot, v) in body.entries() {
                            if v.get("var").is_none() {
                                continue;
                            }
                            let prop = format!("lexBot.intents.{intent}.{slot}");
                            let var = self.value(v, PropKind::Var, At { node, prop: &prop });
                            let record = vec![
                                Prop::Text(Arc::from(intent.as_ref())),
                                Prop::Text(Arc::from(slot.as_ref())),
                                var,
                            ];
                            slots.push(record.into_boxed_slice());
                        }
                    }
                    set(spec, props, "intentSlots", Prop::List(slots.into()));
                }
                if let Some(v) = body.get("sessionVariables") {
                    let p = if v.seq().is_some() {
                        Prop::Map(
                            self.named_list(v, &["value"], PropKind::Expr, at("sessionVariables"))
                                .into(),
                        )
                    } else {
                        self.map(v, PropKind::Expr, at("sessionVariables"))
                    };
                    set(spec, props, "sessionVariables", p);
                }
                if let Some(v) = body.get("outputSessionVariables") {
                    let list = self.named_list(
                        v,
                        &["variable"],
                        PropKind::Var,
                        at("outputSessionVariables"),
                    );
                    set(spec, props, "sessionVariableOutputs", Prop::Map(list.into()));
                }
                if body.get("lexBot").is_some() {
                    &[
                        "lexBot",
                        "sessionVariables",
                        "outputSessionVariables",
                        "botName",
                        "botAlias",
                        "initialIntent",
                        "failureOutputs",
                        "intentSlots",
                    ]
                } else {
                    &["sessionVariables", "outputSessionVariables"]
                }
            }
            "disconnect" | "menuDisconnect" => &["none"],
            _ => &[],
        }
    }

    /// A list of `- <tag>: {name, <field>}` records (`- string: {name: Task.x, value: {exp:
    /// ...}}`, `- sessionVariable: {name: {lit: topic}, value: ...}`) whose name is written as
    /// text or as a value, each record's first field of `fields` read as `kind`, keyed by its
    /// name; an item without a name is an error.
    fn named_list(
        &mut self,
        y: &Y,
        fields: &[&str],
        kind: PropKind,
        at: At<'_>,
    ) -> Vec<(Arc<str>, Prop)> {
        let Some(items) = y.seq() else {
            self.bad(y, at, "a list of `- <tag>: {name, value}` records");
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let body = item.single().filter(|(_, b)| b.is_map()).map_or(item, |(_, b)| b);
            let prop = format!("{}[{i}]", at.prop);
            let name = body.get("name").map(|n| n.get("lit").unwrap_or(n)).and_then(Y::text);
            let Some(name) = name.filter(|n| !n.is_empty()) else {
                self.missing(body, At { node: at.node, prop: &format!("{prop}.name") });
                continue;
            };
            let field = fields.iter().find_map(|f| body.get(f).map(|v| (f, v)));
            let p = match field {
                Some((f, v)) => {
                    self.value(v, kind, At { node: at.node, prop: &format!("{prop}.{f}") })
                }
                None => Prop::None,
            };
            if !p.is_none() {
                out.push((Arc::from(name.as_ref()), p));
            }
        }
        out
    }

    /// A call of another flow, `<key>: {<flow name>: {ver_<version>: {inputs, outputs}}}`
    /// (`callCommonModule`, `callBotFlow`): the name into property `name_prop`, then
    /// `version`, `inputs` (expressions) and `outputs` (variables).
    fn flow_call(
        &mut self,
        spec: &ActionSpec,
        body: &Y,
        key: &str,
        name_prop: &str,
        props: &mut [Prop],
        node: &str,
    ) {
        let at = |prop| At { node, prop };
        let flow = body.get(key).and_then(named);
        let version = flow.as_ref().and_then(|(_, m)| named(m));
        let (Some((f, m)), Some((v, d))) = (flow, version) else {
            let shape = format!("{key}.<flow name>.ver_latestPublished");
            self.missing(body, At { node, prop: &shape });
            return;
        };
        set(spec, props, name_prop, Prop::Text(f.clone()));
        let v = v.strip_prefix("ver_").unwrap_or(&v);
        set(spec, props, "version", Prop::Text(Arc::from(v)));
        // The bindings sit under the version (`ver_latestPublished: {inputs: ...}`), or beside
        // it when the version is a scalar (`ver_latestPublished: true`, `inputs: ...`).
        let d = if d.is_map() {
            self.known_keys(d, &["inputs", "outputs"], &format!("{key}.{f}.ver_{v}"), node);
            d
        } else {
            m
        };
        if let Some(i) = d.get("inputs") {
            let p = self.map(i, PropKind::Expr, at("inputs"));
            set(spec, props, "inputs", p);
        }
        if let Some(o) = d.get("outputs") {
            let p = self.map(o, PropKind::Var, at("outputs"));
            set(spec, props, "outputs", p);
        }
    }

    /// `updateData`'s `- <type>: {variable: X, value: {exp|lit}}`.
    /// `specs` is the catalogue's statement record: the type first, then what the body holds.
    fn statements(&mut self, y: &Y, specs: &[PropSpec], node: &str) -> Prop {
        let Some(items) = y.seq() else {
            return self.value(y, PropKind::List(&[]), At { node, prop: "statements" });
        };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let prop = format!("statements[{i}]");
            let Some((ty, body)) = item.single().filter(|(_, b)| b.is_map()) else {
                let d = self
                    .diag(
                        crate::diag::Code::BadPropertyType,
                        "a statement is `- <type>: {variable: ..., value: ...}`",
                        item.pos,
                    )
                    .node(node)
                    .property(prop.as_str());
                self.diags.push(d);
                continue;
            };
            if let Some(fix) = crate::expr::arch_types::near_miss(&ty) {
                let d = self
                    .diag(
                        crate::diag::Code::UnknownType,
                        format!("`{ty}` is not one of Architect's data types"),
                        item.pos,
                    )
                    .node(node)
                    .property(prop.as_str())
                    .help(format!("did you mean `{fix}`?"));
                self.diags.push(Diagnostic { severity: Severity::Warning, ..d });
            }
            let mut rec = vec![Prop::data_type(&ty)];
            for s in &specs[1..] {
                let prop = format!("{prop}.{}", s.name);
                let at = At { node, prop: &prop };
                rec.push(match body.get(s.name) {
                    // The value read by the statement's type: a JSON statement's `lit:` is
                    // JSON, a prompt statement's `{name: Prompt.X}` the prompt (`typed`).
                    Some(v) if s.name == "value" => self.typed_value(v, &ty, at),
                    Some(v) => self.value(v, s.kind, at),
                    None => {
                        if s.required {
                            self.missing(body, at);
                        }
                        Prop::None
                    }
                });
            }
            out.push(rec.into_boxed_slice());
        }
        Prop::List(out.into())
    }
}

impl Cx<'_> {
    /// Warns that a collect input names its terminator both inside `digits.range` (`t`) and
    /// beside `digits`: the one beside `digits` is read.
    fn terminator_twice(&mut self, t: &Y, node: &str) {
        let d = self
            .diag(
                crate::diag::Code::UnknownProperty,
                "`terminatingDtmf` is written both inside `digits.range` and beside `digits`; \
                 flowsim reads the one beside `digits`"
                    .to_owned(),
                t.pos,
            )
            .node(node)
            .property("digits.range.terminatingDtmf")
            .help("keep one: Archy writes the terminator inside `digits.range`");
        self.diags.push(Diagnostic { severity: Severity::Warning, ..d });
    }

    /// Warns of each key of the mapping `y` (at `prop` of action `node`) that is not one of
    /// `known`: a key flowsim does not read is never dropped in silence. A collect input's
    /// `includeTerminatingDtmfInResultData` written inside `digits` is pointed to its place
    /// beside `digits`, a terminator written inside `digits` (not its `range`) to the range.
    pub(super) fn known_keys(&mut self, y: &Y, known: &[&str], prop: &str, node: &str) {
        for (k, _) in y.entry_nodes() {
            let Some(name) = k.text() else { continue };
            if known.contains(&name.as_ref()) {
                continue;
            }
            // An action's paths written inside a named part of it (`callData`'s data action,
            // `dataTableLookup`'s table) are a path nobody takes: an error, not a warning.
            if name.as_ref() == "outputs" {
                let d = self
                    .diag(
                        crate::diag::Code::UnknownProperty,
                        format!(
                            "`outputs` is written inside `{prop}`, where no path is read; the \
                             actions under it never run"
                        ),
                        k.pos,
                    )
                    .node(node)
                    .property(prop)
                    .help(
                        "an action's `outputs` (its success, failure and timeout paths) sit \
                         beside its `name`: move `outputs` out to the action's level",
                    );
                self.diags.push(d);
                continue;
            }
            let help = if name.as_ref() == "includeTerminatingDtmfInResultData" {
                format!("`{name}` is a property of `collectInput` itself: write it beside `digits`")
            } else if name.as_ref() == "terminatingDtmf" {
                "a terminator belongs to a range of digits: `digits: {range: {min, max, \
                 terminatingDtmf}}`"
                    .to_owned()
            } else {
                format!("`{prop}` takes {}", known.join(" or "))
            };
            let d = self
                .diag(
                    crate::diag::Code::UnknownProperty,
                    format!("`{prop}` has no key `{name}` that flowsim reads; it is ignored"),
                    k.pos,
                )
                .node(node)
                .property(prop)
                .help(help);
            // A misspelt key of these few is an error with its fix (`exakt` is `exact`); the
            // two keys of `collectInput` itself written here stay warnings with their place.
            let placed =
                matches!(name.as_ref(), "includeTerminatingDtmfInResultData" | "terminatingDtmf");
            let near = if placed {
                crate::flow::unread::Near { name: None, certain: false }
            } else {
                crate::flow::unread::near(&name, known.iter().copied())
                    .unless_written(|n| y.get(n).is_some())
            };
            let d = crate::flow::unread::unknown_key(d, &name, &near, k.pos.line, k.pos.col);
            self.diags.push(d);
        }
    }
}
