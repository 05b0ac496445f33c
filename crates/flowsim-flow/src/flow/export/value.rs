//! The export's value objects, read as the model's properties.
//!
//! Every property Architect stores is `{text, config: {<tree>}, type, uiMetaData: {mode},
//! metaData}`. The mode says how to read `text`:
//!
//! | mode | meaning | read as |
//! | --- | --- | --- |
//! | 0 | expression | `crate::expr::parse(text)` |
//! | 1 | literal (`5`, `P0D0H1M0S0F`, `Support`) | a literal of `type`, or a name |
//! | 2 | a variable the action writes | [`Prop::Var`] |
//! | 3 | empty (`config: {emp: ...}`) | [`Prop::None`] |
//! | 4 | a communication built in the editor | an expression (`MakeCommunication(...)`) |
//! | absent | audio (`defaultAudio`), a literal when `config` is `lit` | an expression |
//!
//! Audio properties are `{defaultAudio, bargeInExpression, flushExpression, cases}`; their
//! `defaultAudio` is the value.

use super::{kind_of, s, Cx};
use crate::expr::slot::literal;
use crate::expr::{Expr, ExprKind, Ty, Value};
use crate::flow::action::{Prop, VarRef};
use crate::flow::catalogue::PropKind;
use serde_json::{Map, Value as J};
use std::sync::Arc;

/// A value object, classified by its mode.
#[derive(Debug, Clone, Copy)]
pub(super) enum Shape<'v> {
    Empty,
    /// Literal text and its type code (`str`, `int`, `dur`, `que`, ...), and the literal's
    /// tree (`config.lit`, which holds a prompt's id in `val`).
    Literal(&'v str, &'v str, Option<&'v J>),
    Expression(&'v str),
    Variable(&'v str),
}

/// `v` as a value object, when it is one.
pub(super) fn shape(v: &J) -> Option<Shape<'_>> {
    let o = v.as_object()?;
    let config = o.get("config").and_then(J::as_object);
    // Architect may leave `text` out of a literal (an empty one in literal mode); the
    // literal's own text stands for it.
    let literal_text = || config.and_then(|c| c.get("lit")).and_then(|l| s(l.get("text")));
    let text = s(o.get("text")).or_else(literal_text)?;
    if !(config.is_some() || o.contains_key("type") || o.contains_key("uiMetaData")) {
        return None;
    }
    let first = config.and_then(|c| c.keys().next()).map(String::as_str);
    let mode = o.get("uiMetaData").and_then(|u| u.get("mode")).and_then(J::as_i64);
    let ty = s(o.get("type")).unwrap_or("");
    let lit = config.and_then(|c| c.get("lit"));
    Some(match (first, mode) {
        (Some("emp"), _) | (_, Some(3)) => Shape::Empty,
        (_, Some(1)) | (Some("lit"), None) => Shape::Literal(text, ty, lit),
        _ if text.trim().is_empty() => Shape::Empty,
        (_, Some(2)) => Shape::Variable(text.trim()),
        _ => Shape::Expression(text),
    })
}

/// Where a value sits, for diagnostics: the node (an action's GUID) and the JSON path.
#[derive(Clone, Copy)]
pub(super) struct At<'p> {
    pub node: Option<&'p str>,
    pub path: &'p str,
}

impl Cx<'_> {
    /// A property of `kind`, from the export's JSON (absent or `null`: [`Prop::None`]). A
    /// value Architect marks `outOfService` is one another setting turned off (Hold Music's
    /// duration when it plays the entire prompt): Architect neither validates nor uses it, so
    /// it is absent too.
    pub(super) fn prop(&mut self, v: Option<&J>, kind: PropKind, at: At<'_>) -> Prop {
        let Some(v) = v.filter(|v| !v.is_null() && !out_of_service(v)) else { return Prop::None };
        match kind {
            PropKind::Expr | PropKind::Audio => self.expr_prop(v, at),
            PropKind::Target
            | PropKind::Text
            | PropKind::Template
            | PropKind::TemplateMap
            | PropKind::Node => self.text_prop(v, at),
            PropKind::Var => self.var_prop(v, at),
            PropKind::ExprMap => self.map(v, PropKind::Expr, at),
            PropKind::VarMap => self.map(v, PropKind::Var, at),
            PropKind::List(spec) => self.list(v, spec, at),
        }
    }

    /// An audio object, with its alternate sequences: Architect's audio editor lets a flow
    /// "enable an alternate ... audio sequence" for each of its languages (Languages and runtime
    /// data playback), kept in `cases` as `{langCode, disabled, audioExpression}`. The sequence
    /// of the conversation's language plays, else the default one: the cases are lowered to
    /// `If(Lower(Call.Language) == "es-us", <es-US sequence>, <default>)`, `Call.Language`
    /// being what Set Language last set, else the flow's default language.
    fn audio(&mut self, v: &J, at: At<'_>) -> Option<Expr> {
        let default = self.expr(v, at)?;
        let cases: Vec<(String, &str)> = v
            .get("cases")
            .and_then(J::as_array)
            .map(|cases| {
                cases
                    .iter()
                    .filter(|c| !c.get("disabled").and_then(J::as_bool).unwrap_or(false))
                    .filter_map(|c| {
                        let lang = c.get("langCode")?.as_str()?;
                        let text = c.get("audioExpression")?.get("text")?.as_str()?;
                        let lang: String = lang
                            .chars()
                            .filter(|ch| ch.is_ascii_alphanumeric() || *ch == '-')
                            .collect::<String>()
                            .to_ascii_lowercase();
                        (!lang.is_empty() && !text.trim().is_empty()).then_some((lang, text))
                    })
                    .collect()
            })
            .unwrap_or_default();
        if cases.is_empty() {
            return Some(default);
        }
        let mut inner = v;
        while let Some(audio) = inner.get("defaultAudio") {
            inner = audio;
        }
        let default_text = inner.get("text").and_then(J::as_str)?;
        // Each sequence alone first, so that a mistake in one is reported where it is written.
        for (i, (_, text)) in cases.iter().enumerate() {
            let path = format!("{}.cases[{i}].audioExpression", at.path);
            self.parse(text, At { node: at.node, path: &path })?;
        }
        let mut combined = default_text.to_owned();
        for (lang, text) in cases.iter().rev() {
            combined = format!("If(Lower(Call.Language) == \"{lang}\", {text}, {combined})");
        }
        Some(crate::expr::parse_architect(&combined).unwrap_or(default))
    }

    /// A value object (or an audio object) as an expression; `None` when it is empty.
    pub(super) fn expr(&mut self, v: &J, at: At<'_>) -> Option<Expr> {
        let (mut v, mut json_path) = (v, at.path.to_owned());
        while let Some(audio) = v.get("defaultAudio") {
            v = audio;
            json_path.push_str(".defaultAudio");
        }
        match shape(v)? {
            Shape::Empty => None,
            Shape::Literal(text, ty, lit) => self.literal(text, ty, lit, at),
            Shape::Expression(text) | Shape::Variable(text) => {
                let e = self.parse(text, at)?;
                if let (Some(node), Some(J::String(written))) = (at.node, v.get("text")) {
                    self.sources.push(crate::flow::model::ExprSource {
                        node: Arc::from(node),
                        prop: at.path.into(),
                        text: written.as_str().into(),
                        at: crate::flow::model::SourceAt::Json(format!("{json_path}.text").into()),
                        lit: false,
                    });
                }
                Some(e)
            }
        }
    }

    fn expr_prop(&mut self, v: &J, at: At<'_>) -> Prop {
        match v {
            J::Bool(b) => Prop::Expr(lit(Value::Bool(*b))),
            J::Number(n) => Prop::Expr(lit(match n.as_i64() {
                Some(i) => Value::Int(i),
                None => crate::expr::decimal::from_json_number(n).map_or(Value::NotSet, Value::Dec),
            })),
            J::String(t) if t.is_empty() => Prop::None,
            J::String(t) => Prop::Expr(lit(Value::str(t))),
            J::Array(items) => self.array(items, PropKind::Expr, at),
            J::Object(_) if v.get("defaultAudio").is_some() => {
                self.audio(v, at).map_or(Prop::None, Prop::Expr)
            }
            J::Object(_) if shape(v).is_some() => self.expr(v, at).map_or(Prop::None, Prop::Expr),
            _ => self.bad_shape(v, "a value", at),
        }
    }

    fn text_prop(&mut self, v: &J, at: At<'_>) -> Prop {
        match v {
            J::String(t) if t.is_empty() => Prop::None,
            J::String(t) => Prop::Text(Arc::from(t.as_str())),
            J::Bool(b) => Prop::Text(Arc::from(if *b { "true" } else { "false" })),
            J::Number(n) => Prop::Text(Arc::from(n.to_string())),
            J::Array(items) => self.array(items, PropKind::Text, at),
            J::Object(o) => match shape(v) {
                Some(Shape::Empty) => Prop::None,
                Some(Shape::Literal("", ..)) => Prop::None,
                Some(Shape::Literal(text, ..)) => Prop::Text(Arc::from(text)),
                Some(Shape::Expression(text) | Shape::Variable(text)) => {
                    self.parse(text, at).map_or(Prop::None, Prop::Expr)
                }
                // A reference written `{id, name}` (a data action's category, a library).
                None => match s(o.get("name")) {
                    Some(name) if !name.is_empty() => Prop::Text(Arc::from(name)),
                    _ => self.bad_shape(v, "a name", at),
                },
            },
            J::Null => Prop::None,
        }
    }

    fn var_prop(&mut self, v: &J, at: At<'_>) -> Prop {
        match v {
            J::String(t) if t.trim().is_empty() => Prop::None,
            J::String(t) => Prop::Var(VarRef::new(t.trim())),
            J::Object(_) => match shape(v) {
                Some(Shape::Empty) | None if v.get("text").is_some() => Prop::None,
                Some(Shape::Literal(t, ..) | Shape::Expression(t) | Shape::Variable(t)) => {
                    let t = t.trim();
                    if t.is_empty() {
                        Prop::None
                    } else {
                        Prop::Var(VarRef::new(t))
                    }
                }
                _ => self.bad_shape(v, "a variable", at),
            },
            _ => self.bad_shape(v, "a variable", at),
        }
    }

    /// An array of values: for an expression property several values are their collection
    /// (`MakeList`); elsewhere one value was expected (a transfer's `queues`), and the first set
    /// one is read. Records (`skills: [{skill, value}]`) become a map from their names.
    fn array(&mut self, items: &[J], kind: PropKind, at: At<'_>) -> Prop {
        if items.iter().any(|i| shape(i).is_none() && i.is_object()) {
            return self.map(&J::Array(items.to_vec()), PropKind::Expr, at);
        }
        let mut set = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let path = format!("{}[{i}]", at.path);
            let p = self.prop(Some(item), kind, At { path: &path, ..at });
            if !p.is_none() {
                set.push(p);
            }
        }
        // Several values of an expression property are a collection of them (Play Estimated
        // Wait Time's `specificRoundingIntervals`), as Archy's list of values is.
        let exprs: Vec<&Expr> = set.iter().filter_map(Prop::expr).collect();
        if set.len() > 1 && matches!(kind, PropKind::Expr) && exprs.len() == set.len() {
            let items: Vec<String> = exprs.iter().map(|e| e.source()).collect();
            return self
                .parse(&format!("MakeList({})", items.join(", ")), at)
                .map_or(Prop::None, Prop::Expr);
        }
        if set.len() > 1 {
            let message =
                format!("{} values where flowsim reads one; the first is used", set.len());
            self.warn(crate::diag::Code::ExportShape, at.node, at.path, message);
        }
        set.into_iter().next().unwrap_or(Prop::None)
    }

    /// `[{name, value}]` (data action inputs and outputs, module inputs, substitutions) or
    /// `{name: value}` → a map. Unbound variables are left out.
    fn map(&mut self, v: &J, kind: PropKind, at: At<'_>) -> Prop {
        let mut out: Vec<(Arc<str>, Prop)> = Vec::new();
        let mut add = |cx: &mut Self, name: &str, value: Option<&J>, path: &str| {
            let p = cx.prop(value, kind, At { path, ..at });
            if !(p.is_none() && matches!(kind, PropKind::Var)) {
                out.push((Arc::from(name), p));
            }
        };
        match v {
            J::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    let path = format!("{}[{i}]", at.path);
                    let name = s(item.get("name"))
                        .or_else(|| item.get("skill").and_then(|k| s(k.get("text"))));
                    if let (Some(name), Some(o)) = (name, item.as_object()) {
                        let value = o.get("value").or_else(|| o.get("expression"));
                        add(self, name, value, &format!("{path}.value"));
                    } else {
                        let d = format!(
                            "`{path}` must be a {{name, value}} record, not {}",
                            kind_of(item)
                        );
                        self.error(crate::diag::Code::ExportShape, at.node, &path, d);
                    }
                }
            }
            J::Object(o) if shape(v).is_none() => {
                for (name, value) in o {
                    add(self, name, Some(value), &format!("{}.{name}", at.path));
                }
            }
            _ => return self.bad_shape(v, "a list of {name, value} records", at),
        }
        Prop::Map(out.into())
    }

    /// Records, each read by the nested spec's export names.
    fn list(&mut self, v: &J, spec: &[crate::flow::catalogue::PropSpec], at: At<'_>) -> Prop {
        let Some(items) = v.as_array() else { return self.bad_shape(v, "a list", at) };
        let mut records = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let path = format!("{}[{i}]", at.path);
            let Some(o) = item.as_object() else {
                self.error(
                    crate::diag::Code::ExportShape,
                    at.node,
                    &path,
                    format!("`{path}` must be an object, not {}", kind_of(item)),
                );
                continue;
            };
            records.push(self.record(o, spec, At { path: &path, ..at }));
        }
        Prop::List(records.into())
    }

    pub(super) fn record(
        &mut self,
        o: &Map<String, J>,
        spec: &[crate::flow::catalogue::PropSpec],
        at: At<'_>,
    ) -> Box<[Prop]> {
        spec.iter()
            .map(|p| {
                let path = format!("{}.{}", at.path, p.export);
                self.prop(o.get(p.export), p.kind, At { path: &path, ..at })
            })
            .collect()
    }

    /// Expression text, parsed; a syntax error is a diagnostic with a caret.
    pub(super) fn parse(&mut self, text: &str, at: At<'_>) -> Option<Expr> {
        match crate::expr::parse_architect(text) {
            Ok(e) => match crate::expr::verdict::dialect(text) {
                Ok(()) => {
                    for w in crate::expr::verdict::unverified(&e) {
                        self.push_rejection(w, text, at);
                    }
                    Some(e)
                }
                Err(r) => {
                    self.push_rejection(r, text, at);
                    None
                }
            },
            Err(e) => {
                self.parse_error(text, &e, at);
                None
            }
        }
    }

    /// Pushes what `r` says of expression `text` (a warning, or Architect's refusal), at the
    /// node and JSON path.
    fn push_rejection(&mut self, r: crate::expr::verdict::Rejection, text: &str, at: At<'_>) {
        let start = r.span.start as usize;
        let mut d = self.placed(r.diagnostic(text)).property(at.path);
        if let Some(n) = at.node {
            d = d.node(n);
        }
        self.push_placed(d, at.path, text, start);
    }

    /// A parse error of `text` as a diagnostic with a caret, at the node and JSON path.
    fn parse_error(&mut self, text: &str, e: &crate::expr::ParseError, at: At<'_>) {
        for e in crate::expr::unknown_functions(text, e.clone()) {
            let d = self
                .diag(e.kind.code(), e.message.clone())
                .property(at.path)
                .snippet(text, e.span)
                .maybe_help(e.help.clone());
            let mut d = d;
            if let Some(n) = at.node {
                d = d.node(n);
            }
            self.push_placed(d, at.path, text, e.span.start as usize);
        }
    }

    /// Literal-mode text of type `ty` as a literal expression.
    fn literal(&mut self, text: &str, ty: &str, tree: Option<&J>, at: At<'_>) -> Option<Expr> {
        let parsed = Ty::parse(ty).unwrap_or(Ty::STRING);
        let stringy = parsed.collection || !parsed.is_known() || parsed == Ty::STRING;
        if text.trim().is_empty() && !stringy {
            return None;
        }
        // A collection chosen item by item (`sendToUsers`: users picked by name): each item a
        // value object of its own.
        if let Some(items) = tree.and_then(|t| t.get("items")).and_then(J::as_array) {
            let mut values = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                let path = format!("{}.items[{i}]", at.path);
                match self.expr(item, At { path: &path, ..at }).map(|e| e.kind) {
                    Some(ExprKind::Lit(v)) => values.push(v),
                    Some(_) => {
                        let d =
                            format!("`{path}`: an item of a literal collection must be a literal");
                        self.error(crate::diag::Code::ExportShape, at.node, &path, d);
                    }
                    None => {}
                }
            }
            return Some(lit(Value::List(Arc::new(values))));
        }
        if ty == "pmt" {
            // A prompt chosen by name: `processing` (system prompts have ids like `__x__`).
            let system = tree.and_then(|t| s(t.get("val"))).is_some_and(|v| v.starts_with("__"));
            let scope = if system { "PromptSystem" } else { "Prompt" };
            return self.parse(&format!("{scope}.{}", text.trim()), at);
        }
        match literal(text, parsed) {
            Ok(e) => Some(e),
            Err(e) => {
                self.parse_error(text, &e, at);
                None
            }
        }
    }

    fn bad_shape(&mut self, v: &J, want: &str, at: At<'_>) -> Prop {
        let message = format!("`{}` must be {want}, not {}", at.path, kind_of(v));
        self.error(crate::diag::Code::ExportShape, at.node, at.path, message);
        Prop::None
    }
}

/// A literal expression with no text of its own (a JSON scalar).
/// Whether an export value is marked out of service (`"outOfService": true`).
fn out_of_service(v: &J) -> bool {
    v.get("outOfService").and_then(J::as_bool) == Some(true)
}

pub(super) fn lit(v: Value) -> Expr {
    Expr { kind: ExprKind::Lit(v), span: crate::expr::Span::default() }
}
