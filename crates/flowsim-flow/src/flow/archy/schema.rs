//! The JSON Schema of Archy flows (`flowsim schema archy`, `schemas/archy.schema.json`),
//! generated from what this reader reads: the flow types, the keys of a flow, a task, a state,
//! a bot state and a menu ([`super::keys`]), every action of the catalogue with its
//! properties, their other keys and the keys its irregular form owns
//! (`irregular::owned_keys`), each action's outputs, and the literal forms [`super::props`]
//! takes (`exp:`, `lit:`, `var:`, `noValue:`, `tts:`, a prompt, a bare scalar). Descriptions
//! are the catalogue's (`ActionSpec::summary`, `PropSpec::summary`).
//!
//! Invariants:
//! - Nothing here lists actions: a catalogue entry is in the schema by being in the catalogue.
//! - Where `check` reports a key as unknown (a flow's, a container's, an action's, an output
//!   no action has), as an error or a warning, the schema has `additionalProperties: false`,
//!   so an editor flags the same key; where the reader ignores other keys without a word (a
//!   value's wrapper, a record, an output's body) the schema allows them. One difference: an
//!   unknown `settings...` key of a flow, which `check` warns about unless it misspells a
//!   setting flowsim reads, is allowed (Architect has settings flowsim does not list).
//! - The schema refuses no flow the reader takes without an unknown-key warning;
//!   `tests/it/schemas.rs` validates every bundled Archy flow and the corpus's with it. It
//!   does not know which flow types lack an action (`check`'s `notInFlowType`).

use super::flowdef::ERROR_HANDLINGS;
use super::irregular::{owned_keys, CHOICE_KEYS};
use super::keys;
use super::props::DURATION_UNITS;
use crate::flow::catalogue::{self, ActionSpec, Dynamic, PropKind};
use serde_json::{json, Map, Value};
use std::fmt::Write as _;

/// The schema as `schemas/archy.schema.json` holds it: pretty-printed, one final newline.
pub fn text() -> String {
    let mut out = serde_json::to_string_pretty(&schema()).expect("a schema is JSON");
    out.push('\n');
    out
}

/// The catalogue's entries an Archy flow may write (`catalogue::written`).
pub fn actions() -> impl Iterator<Item = &'static ActionSpec> {
    catalogue::written()
}

/// The schema of an Archy flow file.
pub fn schema() -> Value {
    let mut types = Map::new();
    for t in super::FLOW_TYPES.iter().copied().chain(["digitalBot"]) {
        let about = if t == "digitalBot" {
            "A digital bot flow, under the cloud's name for it (read as `digitalBotFlow`)."
                .to_owned()
        } else {
            format!("A flow of type `{t}`: its name, variables, containers and settings.")
        };
        types.insert(t.to_owned(), json!({"$ref": "#/$defs/flow", "description": about}));
    }
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Archy flow (Genesys Cloud Architect flow in Archy's YAML), as flowsim reads it",
        "description": "One top-level key, the flow type (`inboundCall: {name: ..., ...}`). Generated from flowsim's action catalogue (`flowsim schema archy`): every action, property and output flowsim reads; keys `flowsim check` reports as unknown are refused here too.",
        "type": "object",
        "minProperties": 1,
        "maxProperties": 1,
        "properties": types,
        "additionalProperties": false,
        "$defs": defs(),
    })
}

fn r(def: &str) -> Value {
    json!({"$ref": format!("#/$defs/{def}")})
}

/// `v` with the description `text` (the catalogue's Markdown, its bold dropped: editors show
/// a description as plain text).
fn described(mut v: Value, text: &str) -> Value {
    if let Value::Object(m) = &mut v {
        m.insert("description".into(), Value::String(text.replace("**", "")));
    }
    v
}

const SCALAR: [&str; 4] = ["string", "number", "boolean", "null"];

fn defs() -> Map<String, Value> {
    let mut d = Map::new();
    d.insert("flow".into(), flow());
    d.insert("task".into(), task(true));
    d.insert("task.inline".into(), task(false));
    d.insert("menu".into(), menu());
    d.insert("actions".into(), json!({
        "description": "A list of actions, run in order: each `- <action>: {name, ..., outputs}`.",
        "type": ["array", "null"],
        "items": r("action"),
    }));
    let mut keys = Map::new();
    for a in actions() {
        keys.insert(a.key.to_owned(), r(&format!("action.{}", a.key)));
    }
    d.insert("action".into(), json!({
        "description": "One action: a mapping with one key, its type (`- decision: {name, condition, outputs}`).",
        "type": "object",
        "minProperties": 1,
        "maxProperties": 1,
        "properties": keys,
        "additionalProperties": false,
    }));
    for a in actions() {
        d.insert(format!("action.{}", a.key), action(a));
    }
    d.insert("output".into(), json!({
        "description": "An output's path: the actions it runs (none: the action's container goes on), and whether it is on (`enabled: false` turns an optional bot output off).",
        "type": ["object", "null"],
        "properties": {
            "actions": r("actions"),
            "enabled": {"type": ["boolean", "string"], "description": "`true` (or `\"true\"`, `yes`) turns the output on."},
        },
    }));
    d.insert("name".into(), json!({"type": ["string", "number"], "description": "The action's name (Architect's default name for its type when not given): how traces, scenarios and node ids name it."}));
    d.insert("variables".into(), variables());
    d.insert("variable".into(), json!({
        "description": "A variable: its name (`Flow.x`, `Task.x`), its initial value and whether the flow takes it as input or gives it as output.",
        "type": "object",
        "required": ["name"],
        "properties": {
            "name": {"type": "string", "description": "The variable's name with its scope: `Flow.x`, `Task.x`, `State.x`."},
            "description": {},
            "initialValue": r("value.typed"),
            "isInput": {"type": ["boolean", "string"]},
            "isOutput": {"type": ["boolean", "string"]},
            "isSecure": {"type": ["boolean", "string"]},
        },
    }));
    d.insert("statement".into(), statement());
    values(&mut d);
    d
}

/// A flow's mapping: [`keys::FLOW`], each with what the reader reads of it.
fn flow() -> Value {
    let mut props = Map::new();
    for &k in keys::FLOW {
        props.insert(k.to_owned(), flow_key(k));
    }
    json!({
        "type": "object",
        "required": ["name"],
        "properties": props,
        // Architect has settings flowsim does not read: `check` warns about them.
        "patternProperties": {"^settings.": {"description": "A setting of Architect's that flowsim does not read."}},
        "additionalProperties": false,
    })
}

fn list_of(item: &str, def: &str, about: &str) -> Value {
    json!({
        "description": about,
        "type": ["array", "null"],
        "items": {
            "type": "object",
            "required": [item],
            "properties": {item: r(def)},
            "additionalProperties": false,
        },
    })
}

fn flow_key(k: &str) -> Value {
    let menu = catalogue::spec(catalogue::by_key("menu").expect("the catalogue has `menu`"));
    match k {
        "name" => json!({"type": ["string", "number"], "description": "The flow's name."}),
        "startUpRef" => {
            json!({"type": "string", "description": "Where the flow starts: `/inboundCall/menus/menu[Main Menu]`, `./tasks/task[Start]`, a state or bot state by its `refId` or name."})
        }
        "defaultLanguage" => {
            json!({"type": "string", "description": "The flow's default language (`en-us`): what `Call.Language` is until Set Language runs."})
        }
        "supportedLanguages" => json!({
            "description": "Each supported language (`en-us:`) with its default language skill.",
            "type": ["object", "null"],
            "additionalProperties": {
                "type": ["object", "null"],
                "properties": {"defaultLanguageSkill": r("value.target")},
            },
        }),
        "variables" => r("variables"),
        "initialGreeting" => json!({
            "description": "Audio played before the start: `tts:`, `exp:`, a prompt, a list of parts.",
            "anyOf": [r("value.audio"), {"type": "object", "maxProperties": 0}],
        }),
        "menus" => {
            list_of("menu", "menu", "The flow's menus: `- menu: {name, refId, audio, choices}`.")
        }
        "tasks" => list_of(
            "task",
            "task",
            "The flow's tasks (reusable tasks too): `- task: {name, refId, variables, actions}`.",
        ),
        "states" => list_of(
            "state",
            "task",
            "The flow's states: `- state: {name, refId, variables, actions}`.",
        ),
        "bots" => list_of("bot", "task", "A bot flow's states: `- bot: {name, refId, actions}`."),
        "startUpTaskActions" => r("actions"),
        "startUpState" | "periodicState" => r("task"),
        "settingsActionDefaults" => {
            let mut by_action = Map::new();
            for a in actions().filter(|a| !a.props.is_empty()) {
                by_action.insert(a.key.to_owned(), r(&format!("action.{}", a.key)));
            }
            json!({
                "description": "Values each action of a type takes when it leaves them unset: `collectInput: {noEntryTimeout: {lit: {seconds: 5}}}`.",
                "type": ["object", "null"],
                "properties": by_action,
            })
        }
        "settingsMenu" => {
            let mut props = Map::new();
            for p in menu.props.iter().filter(|p| !MENU_OWN.contains(&p.name)) {
                props.insert(p.name.to_owned(), described(value(p.kind), &p.summary()));
            }
            json!({
                "description": "The menus' settings, which a menu's own `settingsMenu` overrides.",
                "type": ["object", "null"],
                "properties": props,
            })
        }
        "settingsErrorHandling" => json!({
            "description": "What an action's failure does when no output takes it.",
            "type": ["object", "null"],
            "properties": {
                "errorHandling": {
                    "type": "object",
                    "maxProperties": 1,
                    "propertyNames": {"enum": ERROR_HANDLINGS},
                    "additionalProperties": {
                        "type": ["object", "null"],
                        "properties": {
                            "targetQueue": r("value.target"),
                            "targetFlow": r("value.target"),
                            "targetTaskRef": {"type": "string"},
                            "targetMenuRef": {"type": "string"},
                        },
                    },
                },
                "preHandlingAudio": r("value.audio"),
            },
        }),
        "settingsInQueueCall" => json!({
            "type": ["object", "null"],
            "properties": {"holdMusic": r("value.audio")},
        }),
        "settingsOutboundCall" => json!({
            "type": ["object", "null"],
            "properties": {"contactList": r("value.target"), "wrapupCode": r("value.target")},
        }),
        "settingsCommonModule" => json!({
            "type": ["object", "null"],
            "properties": {
                "compatibleFlowTypes": {
                    "description": "The flow types the module serves: `- flowType: inboundCall`.",
                    "type": "array",
                    "items": {"properties": {"flowType": {"type": "string"}}},
                },
            },
        }),
        // Read in parts or not at all (`description`, `division`, the bot settings): any value.
        _ => json!({}),
    }
}

/// The `menu` entry's properties a menu writes at its own level, not in its settings.
const MENU_OWN: [&str; 4] = ["audio", "noEntryAudio", "choices", "defaultChildMenuRef"];

/// A task, state or bot state; `named`: its `name` is required (a menu choice's inline task
/// is named after its choice).
fn task(named: bool) -> Value {
    let mut props = Map::new();
    for &k in keys::TASK {
        let v = match k {
            "name" => {
                json!({"type": ["string", "number"], "description": "Its name: what `refId`-less references and node ids use."})
            }
            "refId" => {
                json!({"type": ["string", "number"], "description": "The name references use (`./tasks/task[refId]`); its name when not given."})
            }
            "variables" => r("variables"),
            "actions" => r("actions"),
            _ => json!({}),
        };
        props.insert(k.to_owned(), v);
    }
    let mut v = json!({
        "description": "A task, state or bot state: `{name, refId, variables, actions}`.",
        "type": "object",
        "properties": props,
        "additionalProperties": false,
    });
    if named {
        v["required"] = json!(["name"]);
    }
    v
}

fn menu() -> Value {
    let spec = catalogue::spec(catalogue::by_key("menu").expect("the catalogue has `menu`"));
    let mut props = Map::new();
    for &k in keys::MENU {
        let v = match k {
            "name" | "refId" => json!({"type": ["string", "number"]}),
            "choices" => json!({
                "description": "The menu's choices, each an action (`- menuTransferToAcd: {name, dtmf: digit_1, targetQueue}`).",
                "type": ["array", "null"],
                "items": r("action"),
            }),
            "defaultChildMenuRef" => {
                json!({"type": "string", "description": "The choice that runs after the last repeat: `./choices/menuDisconnect[bye]`."})
            }
            "settingsMenu" => flow_key("settingsMenu"),
            _ => match spec.props.iter().find(|p| p.name == k) {
                Some(p) => described(value(p.kind), &p.summary()),
                None => json!({}),
            },
        };
        props.insert(k.to_owned(), v);
    }
    json!({
        "description": "A menu: its audio, its choices, its settings.",
        "type": "object",
        "required": ["name"],
        "properties": props,
        "additionalProperties": false,
    })
}

/// An action's mapping: its name, its properties (and their other keys), the keys its
/// irregular form owns, a menu choice's keys, its outputs. An action flowsim does not read
/// (it runs from a stub, or not at all) keeps any key.
fn action(a: &ActionSpec) -> Value {
    let mut props = Map::new();
    props.insert("name".into(), r("name"));
    for p in a.props {
        let v = described(value(p.kind), &p.summary());
        props.insert(p.name.to_owned(), v.clone());
        if let Some(alias) = p.alias {
            props.insert(alias.to_owned(), v);
        }
    }
    for &k in owned_keys(a.key) {
        let shape = owned_shape(a.key, k).unwrap_or_else(|| {
            json!({"description": "Read in Archy's own form for this action (`flowsim docs architect`)."})
        });
        props.insert(k.to_owned(), shape);
    }
    if a.key.starts_with("menu") {
        for &k in CHOICE_KEYS {
            let v = match k {
                "dtmf" => {
                    json!({"type": ["string", "integer"], "description": "The key that takes this choice: `digit_1` to `digit_9`, `digit_0`, `digit_star`, `digit_pound`."})
                }
                "task" => r("task.inline"),
                "menu" => r("menu"),
                _ => json!({}),
            };
            props.entry(k.to_owned()).or_insert(v);
        }
    }
    let read = a.unsupported().is_none();
    props.entry("outputs".to_owned()).or_insert_with(|| {
        if read {
            outputs(a)
        } else {
            json!({"type": ["object", "null"]})
        }
    });
    let mut v = json!({
        "type": ["object", "null"],
        "properties": props,
    });
    if read {
        v["additionalProperties"] = Value::Bool(false);
    }
    let mut text = a.summary();
    if !a.outputs.is_empty() {
        let names: Vec<String> = a.outputs.iter().map(|o| format!("`{}`", o.name)).collect();
        let _ = write!(text, "\n\nOutputs: {}", names.join(", "));
    }
    described(v, &text)
}

/// A pattern matching `name` in any case (`yes`: `[yY][eE][sS]`), as the reader compares
/// output names.
fn any_case(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphabetic() {
            out.push('[');
            out.push(c.to_ascii_lowercase());
            out.push(c.to_ascii_uppercase());
            out.push(']');
        } else {
            out.push_str(&escape(&c.to_string()));
        }
    }
    out
}

/// `text` as a pattern that matches it exactly.
fn escape(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if !c.is_ascii_alphanumeric() && c != '_' {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// An action's `outputs`: its fixed outputs by name (any case, or the export's id; YAML's
/// `true:` and `false:` for `yes` and `no`), and what its dynamic outputs add.
fn outputs(a: &ActionSpec) -> Value {
    let mut props = Map::new();
    let mut spellings = Vec::new();
    for o in a.outputs {
        props.insert(
            o.name.to_owned(),
            described(r("output"), &format!("The `{}` output's actions.", o.name)),
        );
        spellings.push(any_case(o.name));
        if !o.export.is_empty() {
            spellings.push(escape(o.export));
        }
        match o.name {
            "yes" => spellings.push("true".into()),
            "no" => spellings.push("false".into()),
            _ => {}
        }
    }
    let mut v = json!({"type": ["object", "null"], "properties": props});
    match a.dynamic {
        Dynamic::None | Dynamic::UntilCases => {}
        Dynamic::Intents => {
            let named = json!({
                "anyOf": [
                    {"type": "array", "items": {"type": "object", "maxProperties": 1, "additionalProperties": {
                        "type": "object",
                        "required": ["name"],
                        "properties": {"name": {"type": "string"}, "actions": r("actions"), "enabled": {}},
                    }}},
                    {"type": "object", "additionalProperties": r("output")},
                ],
            });
            for k in ["intents", "choices", "paths"] {
                v["properties"][k] = named.clone();
            }
        }
        // A called task's output paths by name, and its output variables (`{var: Flow.x}`).
        Dynamic::TaskPaths => {
            v["additionalProperties"] = json!({"anyOf": [r("output"), r("value.var")]});
            return v;
        }
        // Not read: a switch's cases, a jump's target, a menu's choices lead on.
        Dynamic::Cases | Dynamic::Target | Dynamic::Choices | Dynamic::Conditions => return v,
    }
    if !spellings.is_empty() {
        let pattern = format!("^(?:{})$", spellings.join("|"));
        v["patternProperties"] = json!({pattern: r("output")});
    }
    v["additionalProperties"] = Value::Bool(false);
    v
}

/// The shape of a key an action's irregular form owns, where one is known; others take any
/// value.
fn owned_shape(action: &str, key: &str) -> Option<Value> {
    let var_map = || r("map.var");
    let expr_map = || r("map.expr");
    Some(match (action, key) {
        (_, "statements") => json!({
            "description": "Each statement: `- <type>: {variable: Flow.x, value: {exp: ...}}` (`- string:`, `- integer:`, ...).",
            "type": "array",
            "items": {"type": "object", "minProperties": 1, "maxProperties": 1, "additionalProperties": r("statement")},
        }),
        ("collectInput", "digits") => json!({
            "description": "How many digits: `{exact: {lit: 4}}` or `{range: {min, max, terminatingDtmf}}`.",
            "type": "object",
            "properties": {
                "exact": r("value.expr"),
                "range": {
                    "type": "object",
                    "properties": {"min": r("value.expr"), "max": r("value.expr"), "terminatingDtmf": r("value.expr")},
                    "additionalProperties": false,
                },
            },
            "additionalProperties": false,
        }),
        (_, "category") => json!({
            "description": "The data action by its integration and name: `{<integration>: {dataAction: {<action>: {inputs, successOutputs, failureOutputs}}}}`.",
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "properties": {"dataAction": {"type": "object", "additionalProperties": {
                    "type": ["object", "null"],
                    "properties": {"inputs": expr_map(), "successOutputs": var_map(), "failureOutputs": var_map()},
                    "additionalProperties": false,
                }}},
                "additionalProperties": false,
            },
        }),
        ("dataTableLookup", "dataTable") => json!({
            "description": "The table by its name: `{<table>: {foundOutputs, failureOutputs}}`.",
            "type": "object",
            "additionalProperties": {
                "type": ["object", "null"],
                "properties": {"foundOutputs": var_map(), "failureOutputs": var_map()},
                "additionalProperties": false,
            },
        }),
        (_, "commonModule" | "botFlow" | "digitalBotFlow") => json!({
            "description": "The flow called, by name and version: `{<flow name>: {ver_latestPublished: {inputs, outputs}}}`.",
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "properties": {"inputs": expr_map(), "outputs": var_map()},
                "additionalProperties": {
                    "type": ["object", "string", "number", "boolean", "null"],
                    "properties": {"inputs": expr_map(), "outputs": var_map()},
                },
            },
        }),
        ("holdMusic", "playStyle") => json!({
            "type": "object",
            "properties": {"duration": r("value.expr"), "entirePrompt": {"type": ["boolean", "string"]}},
            "additionalProperties": false,
        }),
        ("loopUntil", "untilCases") => json!({
            "type": ["array", "null"],
            "items": {"type": "object", "properties": {"untilCase": {
                "type": "object",
                "properties": {"name": {"type": "string"}, "value": r("value.expr"), "actions": r("actions")},
            }}},
        }),
        ("switch", "evaluate") => {
            let cases = json!({
                "type": ["array", "null"],
                "items": {"type": "object", "properties": {"case": {
                    "type": "object",
                    "properties": {"value": r("value.expr"), "actions": r("actions")},
                }}},
            });
            json!({
                "description": "`firstTrue: {cases: [- case: {value, actions}], default: {actions}}`, or `firstMatch: {<type>: {value, cases, default}}`.",
                "type": "object",
                "properties": {
                    "firstTrue": {"type": "object", "properties": {"cases": cases, "default": r("output")}},
                    "firstMatch": {"type": "object"},
                },
            })
        }
        _ => return None,
    })
}

fn variables() -> Value {
    let mut types = Map::new();
    for (name, ..) in crate::expr::arch_types::TYPES {
        let mut chars = name.chars();
        let Some(first) = chars.next() else { continue };
        let base = format!("{}{}", first.to_ascii_lowercase(), chars.as_str());
        types.insert(format!("{base}Variable"), r("variable"));
        types.insert(format!("{base}CollectionVariable"), r("variable"));
    }
    json!({
        "description": "Variables: `- stringVariable: {name: Flow.x, initialValue: {lit: ...}}`.",
        "type": ["array", "null"],
        "items": {
            "type": "object",
            "minProperties": 1,
            "maxProperties": 1,
            "properties": types,
            "patternProperties": {"Variable$": r("variable")},
            "additionalProperties": false,
        },
    })
}

fn statement() -> Value {
    let mut props = Map::new();
    let spec =
        catalogue::spec(catalogue::by_key("updateData").expect("the catalogue has `updateData`"));
    let fields = match spec.props.iter().find(|p| p.name == "statements").map(|p| p.kind) {
        Some(PropKind::List(fields)) => fields,
        _ => &[],
    };
    // The first field is the statement's type, written as its key.
    for f in fields.iter().skip(1) {
        let v = if f.name == "value" { r("value.typed") } else { value(f.kind) };
        props.insert(f.name.to_owned(), v);
    }
    json!({"type": "object", "properties": props})
}

/// The schema of a property of kind `kind`.
fn value(kind: PropKind) -> Value {
    match kind {
        PropKind::Expr => r("value.expr"),
        PropKind::Audio => r("value.audio"),
        PropKind::Text | PropKind::Template => r("value.text"),
        PropKind::Target => r("value.target"),
        PropKind::Var => r("value.var"),
        PropKind::ExprMap => r("map.expr"),
        PropKind::VarMap => r("map.var"),
        PropKind::TemplateMap => json!({"type": "object"}),
        PropKind::Node => json!({"type": "string"}),
        PropKind::List(fields) => {
            let mut props = Map::new();
            for f in fields {
                props.insert(f.name.to_owned(), described(value(f.kind), &f.summary()));
            }
            json!({"type": "array", "items": {"type": "object", "properties": props}})
        }
    }
}

/// A wrapper mapping holding one of `keys`.
fn wrapper(keys: &[&str]) -> Value {
    let mut props = Map::new();
    let mut any = Vec::new();
    for &k in keys {
        props.insert(k.to_owned(), wrapper_key(k));
        any.push(json!({"required": [k]}));
    }
    json!({"type": "object", "properties": props, "anyOf": any})
}

fn wrapper_key(k: &str) -> Value {
    match k {
        "exp" => {
            json!({"type": ["string", "number", "boolean"], "description": "An expression in Architect's expression language: `If(Flow.vip, \"gold\", \"blue\")`."})
        }
        "lit" => r("literal"),
        "var" => json!({"type": "string", "description": "The variable to write: `Flow.result`."}),
        "noValue" => json!({"description": "No value (`noValue: true`): the property is unset."}),
        "tts" => {
            json!({"type": ["string", "number", "boolean", "null"], "description": "Text to speech: `tts: Welcome`."})
        }
        "name" => {
            json!({"type": ["string", "number"], "description": "A name: an org object's, a prompt's (`PromptSystem.beep`)."})
        }
        "prompt" => {
            json!({"type": "string", "description": "A prompt by its name: `Prompt.Welcome`, `PromptSystem.beep`."})
        }
        "alternateSequences" => json!({
            "description": "Audio per language (`es-us: {tts: Hola}`), beside the default sequence.",
            "anyOf": [
                {"type": "object", "additionalProperties": r("value.audio")},
                {"type": "array", "items": {"type": "object", "additionalProperties": r("value.audio")}},
            ],
        }),
        _ => json!({}),
    }
}

/// The values and literals: [`super::props`]'s forms.
fn values(d: &mut Map<String, Value>) {
    let scalar = json!({"type": SCALAR});
    let units: Vec<&str> = DURATION_UNITS.iter().map(|(u, _)| *u).collect();
    d.insert("literal".into(), json!({
        "description": "A literal: a scalar, a name (`{name: Support}`), a duration (`{seconds: 5}`, `{minutes: 1, seconds: 30}`) or a list of literals.",
        "anyOf": [
            scalar,
            {"type": "object", "required": ["name"], "properties": {"name": {"type": ["string", "number"]}}},
            {
                "type": "object",
                "propertyNames": {"enum": units},
                "additionalProperties": {"anyOf": [{"type": "number"}, {"type": "string", "pattern": "^\\s*[+-]?[0-9]+\\s*$"}]},
            },
            {"type": "array", "items": {"anyOf": [r("literal"), {"type": "object", "required": ["lit"]}, {"type": "object", "required": ["noValue"]}]}},
        ],
    }));
    let expr_keys = ["exp", "lit", "noValue", "tts", "name"];
    d.insert("value.expr".into(), json!({
        "description": "A value: `{exp: ...}`, `{lit: ...}`, `{noValue: true}` or a bare scalar; a list of values is a collection.",
        "anyOf": [
            scalar,
            {"type": "array", "items": {"anyOf": [r("value.expr"), {"type": "object", "maxProperties": 1, "additionalProperties": r("value.expr")}]}},
            wrapper(&expr_keys),
        ],
    }));
    d.insert("value.audio".into(), json!({
        "description": "Audio: `{tts: ...}`, `{exp: ...}`, a prompt (`{lit: {name: PromptSystem.beep}}`, `{prompt: Prompt.Welcome}`), a list of parts played in order, or `alternateSequences` per language.",
        "anyOf": [
            scalar,
            {"type": "array", "items": r("value.audio")},
            wrapper(&["exp", "lit", "noValue", "tts", "name", "prompt", "alternateSequences"]),
        ],
    }));
    d.insert("value.text".into(), json!({
        "description": "Fixed text: `{lit: ...}` or a bare scalar (an expression is not read here).",
        "anyOf": [scalar, wrapper(&["lit", "noValue", "tts", "name"])],
    }));
    d.insert("value.target".into(), json!({
        "description": "An org object: `{lit: {name: Support}}`, or an expression of its type (`{exp: ...}`).",
        "anyOf": [scalar, wrapper(&expr_keys)],
    }));
    d.insert(
        "value.var".into(),
        json!({
            "description": "A variable to write: `{var: Flow.x}` or its bare name.",
            "anyOf": [scalar, wrapper(&["var", "exp", "lit", "noValue", "tts", "name"])],
        }),
    );
    let typed_any: Vec<Value> = ["exp", "lit", "noValue", "name", "prompt", "tts"]
        .iter()
        .map(|k| json!({"required": [k]}))
        .collect();
    d.insert("value.typed".into(), json!({
        "description": "A value read by its declared type: a literal of any shape the type takes (JSON, a currency's `{amount, code}`, a prompt by name), or `{exp: ...}`.",
        "anyOf": [
            scalar,
            {"type": "array"},
            {
                "type": "object",
                "properties": {"exp": wrapper_key("exp"), "lit": {}, "noValue": {}, "name": {}, "prompt": {}, "tts": {}},
                "anyOf": typed_any,
            },
        ],
    }));
    d.insert(
        "map.expr".into(),
        json!({
            "description": "Names to values: `{name: {exp: ...}}`.",
            "type": "object",
            "additionalProperties": r("value.expr"),
        }),
    );
    d.insert(
        "map.var".into(),
        json!({
            "description": "Names to variables: `{name: {var: Flow.x}}`.",
            "type": "object",
            "additionalProperties": r("value.var"),
        }),
    );
}

#[cfg(test)]
mod tests {
    use super::super::Substitutions;
    use super::ERROR_HANDLINGS;
    use crate::diag::Code;
    use std::path::Path;

    /// Each way of error handling the schema offers is one the reader takes.
    #[test]
    fn every_error_handling_the_schema_offers_is_read() {
        for how in ERROR_HANDLINGS {
            let text = format!(
                "inboundCall:\n  name: F\n  startUpRef: ./tasks/task[T]\n  settingsErrorHandling:\n    errorHandling:\n      {how}:\n        targetTaskRef: ./tasks/task[T]\n  tasks:\n    - task:\n        name: T\n        actions:\n          - disconnect:\n              name: Bye\n"
            );
            let mut diags = Vec::new();
            let flow = super::super::load(
                Path::new("f.yaml"),
                &text,
                &Substitutions::default(),
                &mut diags,
            );
            assert!(flow.is_some(), "{how}: {diags:?}");
            assert!(!diags.iter().any(|d| d.code == Code::Unsupported), "{how}: {diags:?}");
        }
    }

    /// A way the reader does not take is refused by it, and by the schema's list.
    #[test]
    fn an_error_handling_the_reader_refuses_is_not_offered() {
        let text = "inboundCall:\n  name: F\n  startUpRef: ./tasks/task[T]\n  settingsErrorHandling:\n    errorHandling:\n      hangUp: {}\n  tasks:\n    - task:\n        name: T\n        actions:\n          - disconnect:\n              name: Bye\n";
        let mut diags = Vec::new();
        super::super::load(Path::new("f.yaml"), text, &Substitutions::default(), &mut diags);
        assert!(diags.iter().any(|d| d.code == Code::Unsupported), "{diags:?}");
        assert!(!ERROR_HANDLINGS.contains(&"hangUp"));
    }
}
