//! Action properties: Archy's value wrappers (`exp:`, `lit:`, `var:`, `noValue:`, `tts:`) read
//! into [`Prop`]s in the catalogue entry's order, and the irregular shapes some actions use
//! (`callData`'s `category`, `updateData`'s `statements`, `collectInput`'s `digits`...).

use super::yaml::{V, Y};
use super::Cx;
use crate::expr::{self, Expr, ExprKind, Span, Value};
use crate::flow::action::{Prop, VarRef};
use crate::flow::catalogue::{ActionSpec, PropKind, PropSpec};
use std::sync::Arc;

/// Milliseconds per unit of Archy's duration literals (`lit: {minutes: 1, seconds: 30}`).
pub(super) const DURATION_UNITS: [(&str, i64); 5] = [
    ("ms", 1),
    ("seconds", 1_000),
    ("minutes", 60_000),
    ("hours", 3_600_000),
    ("days", 86_400_000),
];

/// The audio of no sequence: what plays for a language that has none when there is no default.
const SILENCE: &str = "ToAudioTTS(\"\")";

/// An audio expression's text, text to speak (`tts:`) made audio.
fn audio_source(e: &Expr) -> String {
    match &e.kind {
        ExprKind::Lit(Value::Str(_)) => format!("ToAudioTTS({e})"),
        _ => format!("({e})"),
    }
}

/// Where a property is, for diagnostics.
#[derive(Clone, Copy)]
pub(super) struct At<'s> {
    pub node: &'s str,
    pub prop: &'s str,
}

pub(super) fn lit_expr(value: Value, len: usize) -> Expr {
    Expr { kind: ExprKind::Lit(value), span: Span::new(0, len) }
}

pub(super) fn str_lit(text: &str) -> Prop {
    Prop::Expr(lit_expr(Value::Str(Arc::from(text)), text.len()))
}

impl Cx<'_> {
    /// Records where the value of `at`'s property is written: `y`, whose text is `text` (an
    /// expression's, or a literal's value).
    pub(super) fn note_source(&mut self, y: &Y, at: At<'_>, text: &str, lit: bool) {
        if at.node.is_empty() {
            return;
        }
        self.sources.push(crate::flow::model::ExprSource {
            node: Arc::from(at.node),
            prop: at.prop.into(),
            text: text.into(),
            at: crate::flow::model::SourceAt::Pos {
                line: u32::try_from(y.pos.line).unwrap_or(0),
                col: u32::try_from(y.pos.col).unwrap_or(0),
            },
            lit,
        });
    }

    /// Records where literal `y` is written (its text, or "" for a mapping) and reads it with
    /// `read`.
    fn literal(&mut self, y: &Y, at: At<'_>, read: impl FnOnce(&mut Self) -> Prop) -> Prop {
        let text = y.text().map(std::borrow::Cow::into_owned).unwrap_or_default();
        let p = read(self);
        if !p.is_none() {
            self.note_source(y, at, &text, true);
        }
        p
    }

    pub(super) fn bad(&mut self, y: &Y, at: At<'_>, expected: &str) -> Prop {
        let d = self
            .diag(
                crate::diag::Code::BadPropertyType,
                format!("`{}` must be {expected}, not {}", at.prop, y.kind()),
                y.pos,
            )
            .node(at.node)
            .property(at.prop);
        self.diags.push(d);
        Prop::None
    }

    /// `exp:` text parsed, with a `syntax` (or other parse) error pointing into it.
    pub(super) fn exp(&mut self, y: &Y, at: At<'_>) -> Prop {
        let Some(text) = y.text() else { return self.bad(y, at, "expression text") };
        match expr::parse_architect(&text) {
            Ok(e) => match expr::verdict::dialect(&text) {
                Ok(()) => {
                    self.note_source(y, at, &text, false);
                    for w in expr::verdict::unverified(&e) {
                        let pos = self.inner(y.pos, &text, w.span.start as usize);
                        let d = self.placed(w.diagnostic(&text), pos);
                        self.diags.push(d.node(at.node).property(at.prop));
                    }
                    Prop::Expr(e)
                }
                Err(r) => {
                    let pos = self.inner(y.pos, &text, r.span.start as usize);
                    let d = self.placed(r.diagnostic(&text), pos);
                    self.diags.push(d.node(at.node).property(at.prop));
                    Prop::None
                }
            },
            Err(first) => {
                for e in expr::unknown_functions(&text, first) {
                    let pos = self.inner(y.pos, &text, e.span.start as usize);
                    let fix =
                        e.fix.as_ref().and_then(|(span, new)| self.fix(y.pos, &text, *span, new));
                    let d = self
                        .diag(e.kind.code(), e.message.clone(), pos)
                        .node(at.node)
                        .property(at.prop)
                        .snippet(text.as_ref(), e.span)
                        .maybe_help(e.help.clone())
                        .maybe_fix(fix);
                    self.diags.push(d);
                }
                Prop::None
            }
        }
    }

    /// A `lit:` value: a scalar, a duration (`{seconds: 5}`) or a name (`{name: Support}`).
    fn lit(&mut self, y: &Y, at: At<'_>) -> Prop {
        let text_len = |t: &str| t.len();
        match &y.v {
            V::Null => Prop::None,
            V::Str(s) => str_lit(s),
            V::Int(i) => Prop::Expr(lit_expr(Value::Int(*i), text_len(&i.to_string()))),
            V::Float(f) => match expr::decimal::from_shortest(*f) {
                Some(d) => Prop::Expr(lit_expr(Value::Dec(d), text_len(&f.to_string()))),
                None => self.bad(y, at, "a decimal within ±79,228,162,514,264,337,593,543,950,335"),
            },
            V::Bool(b) => Prop::Expr(lit_expr(Value::Bool(*b), if *b { 4 } else { 5 })),
            V::Map(_) => {
                if let Some(name) = y.get("name").and_then(Y::text) {
                    return str_lit(&name);
                }
                match self.duration(y, at) {
                    Some(ms) => Prop::Expr(lit_expr(Value::Duration(ms), 0)),
                    None => Prop::None,
                }
            }
            // A collection's items (`initialValue: {lit: [a, b]}`, or each item wrapped,
            // `lit: [- lit: a, - noValue: true]`): scalars, at most 2,000.
            V::Seq(items) => {
                let mut values = Vec::with_capacity(items.len());
                for item in items.iter().take(crate::expr::value::MAX_LIST_ITEMS + 1) {
                    if item.get("noValue").is_some() {
                        values.push(Value::NotSet);
                        continue;
                    }
                    let item = item.get("lit").unwrap_or(item);
                    match self.lit(item, at) {
                        Prop::Expr(Expr { kind: ExprKind::Lit(v), .. }) => values.push(v),
                        Prop::None => values.push(Value::NotSet),
                        _ => return self.bad(item, at, "a scalar collection item"),
                    }
                }
                if values.len() > crate::expr::value::MAX_LIST_ITEMS {
                    return self.bad(y, at, "a collection of at most 2,000 items");
                }
                Prop::Expr(lit_expr(Value::List(Arc::new(values)), 0))
            }
        }
    }

    fn duration(&mut self, y: &Y, at: At<'_>) -> Option<i64> {
        let mut ms = 0i64;
        for (k, v) in y.entries() {
            let unit = DURATION_UNITS.iter().find(|(u, _)| *u == k).map(|(_, m)| *m);
            let n = match &v.v {
                V::Int(i) => Some(*i),
                V::Float(f) => Some((*f * 1000.0) as i64 / 1000),
                V::Str(s) => s.trim().parse().ok(),
                _ => None,
            };
            let Some((unit, n)) = unit.zip(n) else {
                match (unit, v.text()) {
                    // A unit of a value that is not a number (`seconds: six`): the value named
                    // and placed, not the mapping around it.
                    (Some(_), Some(text)) => {
                        let d = self
                            .diag(
                                crate::diag::Code::BadPropertyType,
                                format!("`{}`'s `{k}` must be a number, not `{text}`", at.prop),
                                v.pos,
                            )
                            .node(at.node)
                            .property(at.prop)
                            .help(format!("write a whole number of {k}, such as `{k}: 5`"));
                        self.diags.push(d);
                    }
                    _ => {
                        self.bad(
                            y,
                            at,
                            "a duration such as `{seconds: 5}` or `{minutes: 1, seconds: 30}`",
                        );
                    }
                }
                return None;
            };
            ms = ms.saturating_add(n.saturating_mul(unit));
        }
        Some(ms)
    }

    /// A property of kind `kind` from its wrapper.
    pub(super) fn value(&mut self, y: &Y, kind: PropKind, at: At<'_>) -> Prop {
        match kind {
            PropKind::ExprMap => return self.map(y, PropKind::Expr, at),
            PropKind::VarMap => return self.map(y, PropKind::Var, at),
            PropKind::List(specs) => return self.records(y, specs, at),
            PropKind::Audio if y.seq().is_some() => return self.audio_sequence(y, at),
            PropKind::Audio if y.get("alternateSequences").is_some() => {
                return self.alternate_sequences(y, at)
            }
            PropKind::Expr if y.seq().is_some() => return self.collection(y, at),
            _ => {}
        }
        if !y.is_map() {
            // A bare scalar: Archy's shorthand for literal text or values.
            return self.literal(y, at, |cx| cx.bare(y, kind, at));
        }
        self.wrapped(y, kind, at)
    }

    /// A bare scalar: Archy's shorthand for literal text or values.
    fn bare(&mut self, y: &Y, kind: PropKind, at: At<'_>) -> Prop {
        match (kind, y.text()) {
            (_, None) => self.bad(y, at, "a value such as `{exp: ...}` or `{lit: ...}`"),
            (
                PropKind::Text
                | PropKind::Target
                | PropKind::Template
                | PropKind::TemplateMap
                | PropKind::Node,
                Some(t),
            ) => Prop::Text(Arc::from(t.as_ref())),
            (PropKind::Var, Some(t)) => Prop::Var(VarRef::new(&t)),
            (PropKind::ExprMap | PropKind::VarMap | PropKind::List(_), Some(_)) => {
                self.bad(y, at, "a mapping")
            }
            (PropKind::Expr | PropKind::Audio, Some(_)) => self.lit(y, at),
        }
    }

    /// A value in its wrapper (`exp:`, `lit:`, `var:`, `tts:`...).
    fn wrapped(&mut self, y: &Y, kind: PropKind, at: At<'_>) -> Prop {
        if y.get("noValue").is_some() {
            return Prop::None;
        }
        if let Some(e) = y.get("exp") {
            return match kind {
                PropKind::Text => {
                    let d = self
                        .diag(crate::diag::Code::Unsupported, format!("`{}` computed by an expression is not supported: flowsim reads it as fixed text", at.prop), e.pos)
                        .node(at.node)
                        .property(at.prop)
                        .help("write the value as `lit:` text");
                    self.diags.push(d);
                    Prop::None
                }
                _ => self.exp(e, at),
            };
        }
        if let Some(v) = y.get("var") {
            return match (kind, v.text()) {
                (PropKind::Var, Some(t)) => Prop::Var(VarRef::new(&t)),
                _ => self.bad(y, at, "a value (`exp:` or `lit:`), not a variable to write"),
            };
        }
        if let Some(t) = y.get("tts") {
            return match t.text() {
                Some(text) => self.literal(t, at, |_| str_lit(&text)),
                None => self.bad(t, at, "text to speak"),
            };
        }
        // A prompt by its name (`prompt: Prompt.Welcome`): the prompt itself.
        if let (PropKind::Audio, Some(p)) = (kind, y.get("prompt")) {
            return match p.text().map(|t| expr::parse(&t)) {
                Some(Ok(e))
                    if matches!(e.kind, ExprKind::Ref(_) | ExprKind::Lit(Value::Media(_))) =>
                {
                    Prop::Expr(e)
                }
                _ => self.bad(p, at, "a prompt's name such as `Prompt.Welcome`"),
            };
        }
        let named = y.get("name").or_else(|| y.get("lit").and_then(|l| l.get("name")));
        if let Some((n, name)) = named.and_then(|n| Some((n, n.text()?))) {
            return self.literal(n, at, |_| match kind {
                PropKind::Text | PropKind::Target => Prop::Text(Arc::from(name.as_ref())),
                PropKind::Var => Prop::Var(VarRef::new(&name)),
                // A prompt by name (`PromptSystem.x`) is a reference to it.
                PropKind::Audio => expr::parse(&name).map_or_else(|_| str_lit(&name), Prop::Expr),
                _ => str_lit(&name),
            });
        }
        if let Some(l) = y.get("lit") {
            return self.literal(l, at, |cx| match (kind, l.text()) {
                (PropKind::Text | PropKind::Target, Some(t)) => Prop::Text(Arc::from(t.as_ref())),
                (PropKind::Var, Some(t)) => Prop::Var(VarRef::new(&t)),
                _ => cx.lit(l, at),
            });
        }
        self.bad(y, at, "one of `exp:`, `lit:`, `var:`, `noValue:`, `tts:`")
    }

    /// Audio written as a list of parts (`- tts: Hello`, `- prompt: Prompt.Welcome`,
    /// `- exp: ...`), played in order: read as `Append` of the parts, as Architect writes a
    /// sequence of audio in an expression.
    fn audio_sequence(&mut self, y: &Y, at: At<'_>) -> Prop {
        let mut parts = Vec::new();
        for item in y.seq().unwrap_or_default() {
            match self.value(item, PropKind::Audio, at) {
                Prop::Expr(e) => parts.push(e),
                Prop::None => {}
                _ => return self.bad(item, at, "a part of audio (`tts:`, `prompt:`, `exp:`)"),
            }
        }
        match parts.len() {
            0 => Prop::None,
            1 => Prop::Expr(parts.remove(0)),
            _ => {
                let text = parts
                    .iter()
                    .map(|e| match &e.kind {
                        ExprKind::Lit(Value::Str(_)) => format!("ToAudioTTS({e})"),
                        _ => format!("({e})"),
                    })
                    .collect::<Vec<_>>()
                    .join(", ");
                match expr::parse(&format!("Append({text})")) {
                    Ok(e) => Prop::Expr(e),
                    Err(_) => self.bad(y, at, "audio whose parts can be played in sequence"),
                }
            }
        }
    }

    /// Audio with a sequence per language (`alternateSequences: {es-us: {tts: Hola}}`, or a
    /// list `- es-us: {...}`), beside its default sequence (`tts:`, `exp:`... in the same
    /// mapping) or without one. Read as Architect's audio editor plays it, and as an export's
    /// `cases` are read: the sequence of the conversation's language (`Call.Language`: what Set
    /// Language last set, else the flow's default language), else the default sequence; with
    /// no default, nothing (docs/architect.md §4).
    fn alternate_sequences(&mut self, y: &Y, at: At<'_>) -> Prop {
        const DEFAULT_KEYS: [&str; 6] = ["exp", "lit", "tts", "prompt", "name", "noValue"];
        let default = if DEFAULT_KEYS.iter().any(|k| y.get(k).is_some()) {
            match self.wrapped(y, PropKind::Audio, at) {
                Prop::Expr(e) => audio_source(&e),
                _ => SILENCE.to_owned(),
            }
        } else {
            SILENCE.to_owned()
        };
        let alts = y.get("alternateSequences").unwrap_or(y);
        let entries: Vec<(String, &Y)> = match alts.seq() {
            Some(items) => {
                items.iter().filter_map(|i| i.single().map(|(k, v)| (k.into_owned(), v))).collect()
            }
            None if alts.is_map() => alts.entries().map(|(k, v)| (k.into_owned(), v)).collect(),
            None => return self.bad(alts, at, "a mapping from each language to its audio"),
        };
        let mut combined = default;
        for (lang, v) in entries.into_iter().rev() {
            let lang: String = lang
                .chars()
                .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
                .collect::<String>()
                .to_ascii_lowercase();
            if lang.is_empty() {
                return self.bad(v, at, "audio keyed by a language code such as `es-us`");
            }
            let prop = format!("{}.alternateSequences.{lang}", at.prop);
            match self.value(v, PropKind::Audio, At { node: at.node, prop: &prop }) {
                Prop::Expr(e) => {
                    combined = format!(
                        "If(Lower(Call.Language) == \"{lang}\", {}, {combined})",
                        audio_source(&e)
                    );
                }
                Prop::None => {}
                _ => return self.bad(v, at, "audio (`tts:`, `prompt:`, `exp:`)"),
            }
        }
        match expr::parse(&combined) {
            Ok(e) => Prop::Expr(e),
            Err(_) => self.bad(y, at, "audio whose sequences can be played"),
        }
    }

    /// A collection written as a list of values (`acdSkills: [- acdSkill: {lit: {name: X}}]`,
    /// `- {exp: ...}`): each item read as a value (a `- <tag>:` wrapper around it is dropped),
    /// the whole a `MakeList` of them in order.
    fn collection(&mut self, y: &Y, at: At<'_>) -> Prop {
        let mut parts = Vec::new();
        for item in y.seq().unwrap_or_default() {
            let tagged = item.single().filter(|(k, b)| {
                b.is_map() && !["exp", "lit", "var", "noValue", "name"].contains(&k.as_ref())
            });
            let body = tagged.map_or(item, |(_, b)| b);
            match self.value(body, PropKind::Expr, at) {
                Prop::Expr(e) => parts.push(e),
                Prop::None => {}
                _ => return self.bad(item, at, "a collection item (`{lit: ...}`, `{exp: ...}`)"),
            }
        }
        if parts.is_empty() {
            return Prop::None;
        }
        let text = parts.iter().map(crate::expr::Expr::source).collect::<Vec<_>>().join(", ");
        match expr::parse(&format!("MakeList({text})")) {
            Ok(e) => Prop::Expr(e),
            Err(_) => self.bad(y, at, "a collection whose items have one type"),
        }
    }

    /// Named values: `inputs: {k: {exp}}`, `successOutputs: {k: {var}}`. Unset entries
    /// (`noValue: true`) are left out.
    pub(super) fn map(&mut self, y: &Y, kind: PropKind, at: At<'_>) -> Prop {
        if !y.is_map() {
            return self.bad(y, at, "a mapping");
        }
        let mut out = Vec::new();
        for (k, v) in y.entries() {
            let prop = format!("{}.{k}", at.prop);
            let p = self.value(v, kind, At { node: at.node, prop: &prop });
            if !p.is_none() {
                out.push((Arc::from(k.as_ref()), p));
            }
        }
        Prop::Map(out.into())
    }

    /// A list of records, each read by `specs` (an item may be `- tag: {...}`).
    fn records(&mut self, y: &Y, specs: &[PropSpec], at: At<'_>) -> Prop {
        let Some(items) = y.seq() else { return self.bad(y, at, "a list") };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let body = item.single().filter(|(_, b)| b.is_map()).map_or(item, |(_, b)| b);
            let prop = format!("{}[{i}]", at.prop);
            out.push(self.record(body, specs, At { node: at.node, prop: &prop }));
        }
        Prop::List(out.into())
    }

    pub(super) fn record(&mut self, body: &Y, specs: &[PropSpec], at: At<'_>) -> Box<[Prop]> {
        specs
            .iter()
            .map(|s| {
                let prop = format!("{}.{}", at.prop, s.name);
                let at = At { node: at.node, prop: &prop };
                if let Some(v) = body.get(s.name) {
                    self.value(v, s.kind, at)
                } else {
                    if s.required {
                        self.missing(body, at);
                    }
                    Prop::None
                }
            })
            .collect()
    }

    pub(super) fn missing(&mut self, y: &Y, at: At<'_>) {
        let mut d = self
            .diag(
                crate::diag::Code::MissingProperty,
                format!("`{}` is required here", at.prop),
                y.pos,
            )
            .property(at.prop);
        if !at.node.is_empty() {
            d = d.node(at.node);
        }
        self.diags.push(d);
    }

    /// Every property of `spec` from the action's `body`, with the flow's
    /// `settingsActionDefaults` for `key` filling what the action leaves unset. Returns the
    /// properties and the keys read by [`Cx::irregular`] (the generic reading skips them).
    pub(super) fn action_props(
        &mut self,
        key: &str,
        spec: &ActionSpec,
        body: &Y,
        defaults: Option<&Y>,
        node: &str,
    ) -> (Box<[Prop]>, &'static [&'static str]) {
        let mut props: Vec<Prop> = vec![Prop::None; spec.props.len()];
        let extra = self.irregular(key, spec, body, node, &mut props);
        debug_assert!(
            extra.iter().all(|k| super::irregular::owned_keys(key).contains(k)),
            "`{key}` owns {extra:?}, which `owned_keys` does not list"
        );
        for (i, s) in spec.props.iter().enumerate() {
            if extra.contains(&s.name) {
                continue;
            }
            if let Some((v, key)) = body
                .get(s.name)
                .map(|v| (v, s.name))
                .or_else(|| s.alias.and_then(|n| body.get(n).map(|v| (v, n))))
            {
                props[i] = self.value(v, s.kind, At { node, prop: key });
            }
            if props[i].is_none() {
                if let Some(d) = defaults.and_then(|d| d.get(key)).and_then(|d| d.get(s.name)) {
                    props[i] = self.value(d, s.kind, At { node, prop: s.name });
                }
            }
            if props[i].is_none()
                && s.required
                && body.get(s.name).is_none()
                && s.alias.and_then(|n| body.get(n)).is_none()
            {
                self.missing(body, At { node, prop: s.name });
            }
        }
        (props.into(), extra)
    }
}
