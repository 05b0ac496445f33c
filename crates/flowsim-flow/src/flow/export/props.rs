//! An action's properties, read by the catalogue's export names into the normalized order.
//!
//! Most properties are regular (a value object, `[{name, value}]` for maps, records for lists);
//! the few the export writes otherwise are read here by type:
//! - `UpdateVariableAction.variables: [{variable, expression}]` → `[type, variable, value]`, the
//!   type (`string`, `integerCollection`) from the variable's own type code;
//! - `SetAttributesAction`/`GetAttributesAction`/`SetConversationDataAction.variables`: records
//!   `{variable: <attribute name, literal>, expression: <value, or the variable to write>}`;
//! - a menu's choices: `menuChoiceList[{name, dtmf, action}]`.
//!
//! An expression under a key the catalogue does not read (Play Estimated Wait Time's
//! `prompts`, its `roundingInterval`) is still parsed, so its errors (an unknown function, a
//! wrong argument count) are reported at its JSON path: the loader skips no expression in
//! silence.

use super::value::{shape, At, Shape};
use super::{kind_of, Cx};
use crate::flow::action::Prop;
use crate::flow::catalogue::{self, ActionSpec, PropKind};
use serde_json::{Map, Value as J};
use std::sync::Arc;

/// An action's keys that hold no property: identity, layout, links and nested actions.
const STRUCTURAL: &[&str] = &[
    "__type",
    "id",
    "name",
    "trackingId",
    "nextAction",
    "uiMetaData",
    "metaData",
    "outputs",
    "paths",
    "menuChoiceList",
    "actionList",
];

/// How deep [`Cx::unread`] looks into a key's value (an audio object's `cases` are three
/// levels down).
const MAX_UNREAD_DEPTH: usize = 8;

impl Cx<'_> {
    /// The properties of an action (or a menu container) of catalogue entry `spec`.
    pub(super) fn props(
        &mut self,
        spec: &ActionSpec,
        o: &Map<String, J>,
        node: &str,
        path: &str,
    ) -> Box<[Prop]> {
        let mut out = Vec::with_capacity(spec.props.len());
        let renames = catalogue::legacy_props(o.get("__type").and_then(J::as_str).unwrap_or(""));
        for p in spec.props {
            // An older export type names some properties otherwise (`languageCode`).
            let key = renames.iter().find(|(_, new)| *new == p.export).map_or(p.export, |r| r.0);
            let prop_path = format!("{path}.{key}");
            let at = At { node: Some(node), path: &prop_path };
            let v = o.get(key);
            let prop = match (spec.export, p.name) {
                (_, "statements") => self.statements(v, at),
                ("Menu", "choices") => self.choices(v, at),
                ("Menu", "defaultChildMenuRef") => self.default_choice(o, v, at),
                ("DigitalMenuAction", "chooser") => self.chooser(v, p.kind, at),
                // A switch's evaluation style (the Scripting SDK's `evaluationStyle`):
                // `switchStyle` 0 (or none, the SDK's default) is first true, 1 first match;
                // flowsim runs no other, so its cases are left unread.
                ("SwitchAction", "cases") if switch_style(o).is_none() => {
                    let style = o.get("switchStyle").map(ToString::to_string).unwrap_or_default();
                    let message = format!("a switch's `switchStyle` is 0 (first true) or 1 (first match); flowsim runs no other style, and this one is {style}: a run that reaches it fails with `unsupported`");
                    self.error(
                        crate::diag::Code::Unsupported,
                        Some(node),
                        &format!("{path}.switchStyle"),
                        message,
                    );
                    Prop::None
                }
                // The value a first-match switch compares with its cases: required, as Architect's
                // validation requires it; a first-true switch keeps an unused expression there.
                ("SwitchAction", "expression") => match switch_style(o) {
                    Some(SwitchStyle::FirstMatch) => {
                        let prop = self.prop(v, p.kind, at);
                        if prop.is_none() {
                            let message = "a first-match switch (`switchStyle` 1) has no `expression` to compare its cases with".to_owned();
                            self.error(
                                crate::diag::Code::MissingProperty,
                                Some(node),
                                &prop_path,
                                message,
                            );
                        }
                        prop
                    }
                    _ => Prop::None,
                },
                // Hold Music that plays its entire prompt (`playForDuration` false) has no
                // duration: the SDK's `playDuration` "only applies at runtime if the play style
                // is set to 'duration'".
                ("HoldMusicAction", "duration")
                    if o.get("playForDuration").and_then(J::as_bool) == Some(false) =>
                {
                    Prop::None
                }
                // The export's `playForDuration` is the Scripting SDK's play style.
                ("HoldMusicAction", "playStyle") => {
                    match o.get("playForDuration").and_then(J::as_bool) {
                        Some(true) => Prop::Text(Arc::from("duration")),
                        Some(false) => Prop::Text(Arc::from("prompt")),
                        None => Prop::None,
                    }
                }
                // Evaluate Schedule (Group) at Current (`evaluateNow`) keeps whatever date and
                // time the editor held before, unused.
                ("EvaluateScheduleAction" | "EvaluateScheduleGroupAction", "evaluate")
                    if o.get("evaluateNow").and_then(J::as_bool) == Some(true) =>
                {
                    Prop::None
                }
                // A call of another flow set to its latest published version: the export
                // writes `flowLatestVersion: true` (beside the version that was the latest when it
                // was written, or none), Archy `ver_latestPublished`.
                (_, "version")
                    if p.export == "flowVersion"
                        && o.get("flowLatestVersion").and_then(J::as_bool) == Some(true) =>
                {
                    Prop::Text(Arc::from("latestPublished"))
                }
                ("CollectInputAction", "terminatingDtmf") => self.terminator(v, at),
                // An export writes "no verification" as `verification: false`; Archy as
                // `verificationType: none`. (What other value `true` stands for is not known:
                // it is kept as written. The property is read, not used.)
                ("CollectInputAction", "verificationType") if v == Some(&J::Bool(false)) => {
                    Prop::Text(Arc::from("none"))
                }
                // Extract Secure Data keeps who acknowledged its risk: acknowledged when that
                // is someone.
                ("ExtractSecureDataAction", "hasSecureDataAcknowledgment") => match v {
                    Some(J::String(user)) => {
                        self.prop(Some(&J::Bool(!user.trim().is_empty())), p.kind, at)
                    }
                    _ => self.prop(v, p.kind, at),
                },
                _ => self.prop(v, p.kind, at),
            };
            // A setting the action (or menu) leaves empty is the flow's for its type
            // (`defaultSettings.CollectInputAction.noEntryTimeout`, `defaultSettings.Menu`):
            // "You can configure default settings for a flow's actions. You can also override
            // the settings within each action" (Genesys, Set up default action settings).
            let prop = match prop {
                Prop::None => self.flow_default(o, spec, key, p.kind, node),
                prop => prop,
            };
            if p.required && v.is_none() {
                let message = format!("`{}` has no `{}` ({})", spec.export, p.export, p.name);
                self.error(crate::diag::Code::MissingProperty, Some(node), &prop_path, message);
            }
            out.push(prop);
        }
        self.unread(spec, o, node, path);
        out.into()
    }

    /// The flow's setting `key` for actions of `o`'s export type (`defaultSettings.<type>`), the
    /// type as the action writes it (`__type`) or, for a menu, the entry's: `None` where the
    /// flow sets none.
    fn flow_default(
        &mut self,
        o: &Map<String, J>,
        spec: &ActionSpec,
        key: &str,
        kind: PropKind,
        node: &str,
    ) -> Prop {
        let ty = o.get("__type").and_then(J::as_str).unwrap_or(spec.export);
        let Some(v) = self.defaults.and_then(|d| d.get(ty)).and_then(|d| d.get(key)) else {
            return Prop::None;
        };
        let path = format!("defaultSettings.{ty}.{key}");
        self.prop(Some(v), kind, At { node: Some(node), path: &path })
    }

    /// Parses every expression under the keys of `o` that `spec` does not read (diagnosing
    /// its errors); links, layout and nested actions are left to their own readers.
    fn unread(&mut self, spec: &ActionSpec, o: &Map<String, J>, node: &str, path: &str) {
        for (key, v) in o {
            let renamed =
                catalogue::legacy_props(o.get("__type").and_then(J::as_str).unwrap_or(""))
                    .iter()
                    .any(|(old, _)| old == key);
            if STRUCTURAL.contains(&key.as_str())
                || renamed
                || spec.props.iter().any(|p| p.export == key)
            {
                continue;
            }
            self.parse_nested(v, node, &format!("{path}.{key}"), 0);
        }
    }

    fn parse_nested(&mut self, v: &J, node: &str, path: &str, depth: usize) {
        if depth > MAX_UNREAD_DEPTH {
            return;
        }
        match v {
            J::Object(o) if o.contains_key("__type") => {}
            J::Object(o) => match shape(v) {
                Some(Shape::Expression(text)) => {
                    self.parse(text, At { node: Some(node), path });
                }
                Some(_) => {}
                None => {
                    for (key, x) in o {
                        self.parse_nested(x, node, &format!("{path}.{key}"), depth + 1);
                    }
                }
            },
            J::Array(items) => {
                for (i, x) in items.iter().enumerate() {
                    self.parse_nested(x, node, &format!("{path}[{i}]"), depth + 1);
                }
            }
            _ => {}
        }
    }

    /// `[{variable: <ref, mode 2>, expression}]` → records `[type, variable, value]`.
    fn statements(&mut self, v: Option<&J>, at: At<'_>) -> Prop {
        let Some(v) = v.filter(|v| !v.is_null()) else { return Prop::None };
        let Some(items) = v.as_array() else {
            let message = format!("`{}` must be an array, not {}", at.path, kind_of(v));
            self.error(crate::diag::Code::ExportShape, at.node, at.path, message);
            return Prop::None;
        };
        let mut records = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let path = format!("{}[{i}]", at.path);
            let variable = item.get("variable");
            let var_path = format!("{path}.variable");
            let var = self.prop(variable, PropKind::Var, At { path: &var_path, ..at });
            if var.is_none() {
                self.error(
                    crate::diag::Code::MissingProperty,
                    at.node,
                    &var_path,
                    format!("`{path}` names no variable to update"),
                );
            }
            let code = variable
                .or_else(|| item.get("expression"))
                .and_then(|x| x.get("type"))
                .and_then(J::as_str)
                .unwrap_or("str");
            let ty = Prop::data_type(&super::flow::type_name(code));
            let value_path = format!("{path}.expression");
            let value =
                self.prop(item.get("expression"), PropKind::Expr, At { path: &value_path, ..at });
            records.push(vec![ty, var, value].into_boxed_slice());
        }
        Prop::List(records.into())
    }

    /// A menu's `defaultMenuChoice`, the id of one of its `menuChoiceList` entries, as that
    /// choice's name (what the `menu` node's choices are known by); an id no choice has is a
    /// `danglingRef`.
    /// A Digital Menu's quick-reply buttons: a value object of type `chs` whose
    /// `properties.quickReplies.properties.buttons` holds the buttons as a literal collection,
    /// each button's `properties` its `value` and `label` (a list of records is read as is).
    /// The chooser's other presentations (carousel, list picker) show the same choices and are
    /// not read; a button Architect marks `isEnabled: false` is not offered.
    fn chooser(&mut self, v: Option<&J>, kind: PropKind, at: At<'_>) -> Prop {
        let (Some(v), PropKind::List(spec)) = (v, kind) else { return self.prop(v, kind, at) };
        if v.is_array() {
            return self.prop(Some(v), kind, at);
        }
        let buttons = v
            .pointer("/properties/quickReplies/properties/buttons/config/lit/items")
            .and_then(J::as_array);
        let Some(buttons) = buttons else {
            return if v.get("properties").is_some() {
                Prop::List(Box::default())
            } else {
                self.prop(Some(v), kind, at)
            };
        };
        let mut records = Vec::with_capacity(buttons.len());
        for (i, b) in buttons.iter().enumerate() {
            if b.get("isEnabled").and_then(J::as_bool) == Some(false) {
                continue;
            }
            let path = format!("{}.quickReplies.buttons[{i}]", at.path);
            let Some(props) = b.get("properties").and_then(J::as_object) else {
                let message = format!("`{path}` has no `properties` (its value and label)");
                self.error(crate::diag::Code::ExportShape, at.node, &path, message);
                continue;
            };
            records.push(self.record(props, spec, At { path: &path, ..at }));
        }
        Prop::List(records.into())
    }

    fn default_choice(&mut self, menu: &Map<String, J>, v: Option<&J>, at: At<'_>) -> Prop {
        let Some(id) = v.and_then(J::as_str).filter(|t| !t.is_empty()) else { return Prop::None };
        let list = menu.get("menuChoiceList").and_then(J::as_array).map_or(&[][..], Vec::as_slice);
        let found = list.iter().find(|c| c.get("id").and_then(J::as_str) == Some(id));
        let Some(c) = found else {
            let message = format!("the default menu choice `{id}` is none of the menu's choices");
            self.error(crate::diag::Code::DanglingRef, at.node, at.path, message);
            return Prop::None;
        };
        let name = c.get("name").and_then(J::as_str).filter(|n| !n.is_empty());
        Prop::Text(Arc::from(name.unwrap_or(id)))
    }

    /// Collect Input's `terminatingCharacter`: the Scripting SDK's `Digit` number (0 to 9, 10
    /// for `#`, 11 for `*`), read as the terminator's text; absent, no terminator.
    fn terminator(&mut self, v: Option<&J>, at: At<'_>) -> Prop {
        let Some(v) = v.filter(|v| !v.is_null()) else { return Prop::None };
        if let Some(key) = v.as_u64().and_then(digit) {
            Prop::Expr(super::value::lit(crate::expr::Value::Str(Arc::from(key))))
        } else {
            let message = format!("`{}` must be a digit's number, 0 to 11, not {v}", at.path);
            self.error(crate::diag::Code::ExportShape, at.node, at.path, message);
            Prop::None
        }
    }

    /// `menuChoiceList: [{id, name, dtmf, globalDtmf, action}]` → records `[dtmf, name,
    /// globalDtmf]`. Older exports
    /// (the Scripting SDK's) write the key as a number, `digit`: see [`digit`].
    fn choices(&mut self, v: Option<&J>, at: At<'_>) -> Prop {
        let items = v.and_then(J::as_array).map_or(&[][..], Vec::as_slice);
        let records = items
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let path = format!("{}[{i}]", at.path);
                let dtmf = match (c.get("dtmf"), c.get("digit").and_then(J::as_u64)) {
                    (None, Some(d)) => digit(d).map_or(Prop::None, |k| Prop::Text(Arc::from(k))),
                    (v, _) => self.prop(v, PropKind::Text, At { path: &path, ..at }),
                };
                let name = c.get("name").and_then(J::as_str).filter(|n| !n.is_empty());
                let global = c.get("globalDtmf").and_then(J::as_bool) == Some(true);
                vec![
                    dtmf,
                    name.map_or(Prop::None, |n| Prop::Text(Arc::from(n))),
                    if global { Prop::Text(Arc::from("true")) } else { Prop::None },
                ]
                .into_boxed_slice()
            })
            .collect();
        Prop::List(records)
    }
}

/// A menu choice's `digit` as the Scripting SDK writes it: 0 to 9, then 10 for `#` and 11 for
/// `*`.
fn digit(d: u64) -> Option<String> {
    match d {
        0..=9 => Some(d.to_string()),
        10 => Some("#".into()),
        11 => Some("*".into()),
        _ => None,
    }
}

/// A switch's evaluation style, as the export's `switchStyle` writes it (the Scripting SDK's
/// `firstTrueCase: 0, matchExpression: 1`).
enum SwitchStyle {
    FirstTrue,
    FirstMatch,
}

/// `o`'s evaluation style: none written is first true (the SDK's default); `None` for a
/// style flowsim does not run.
fn switch_style(o: &Map<String, J>) -> Option<SwitchStyle> {
    match o.get("switchStyle") {
        None => Some(SwitchStyle::FirstTrue),
        Some(s) => match s.as_i64() {
            Some(0) => Some(SwitchStyle::FirstTrue),
            Some(1) => Some(SwitchStyle::FirstMatch),
            _ => None,
        },
    }
}
