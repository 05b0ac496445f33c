//! Literals read by the type they are written for: a variable's `initialValue` and an Update
//! Data statement's `value` know their Architect type (`- jsonVariable:`, `- prompt:`), and a
//! few types write literals no other value has (docs/architect.md §1.2, "Literal forms"):
//!
//! - JSON: `lit: '{"a": 1}'` is JSON text, parsed when the flow loads (text that is not JSON is
//!   a `badPropertyType` error there, never a String in a JSON variable); `lit: {a: 1}` or
//!   `lit: [1, 2]` is the YAML written as JSON. A JSON collection's items are either.
//! - Prompt: `lit: {name: Prompt.Welcome}`, `{name: Prompt.Welcome}`, `lit: Prompt.Welcome` or a
//!   bare name (`lit: Welcome`, a user prompt) is the prompt itself, as `exp: Prompt.Welcome`
//!   is; a prompt collection's items are each one.
//! - Currency and Timeslot: `lit: {amount: 5.25, code: USD}` is the object the run reads as one
//!   (`engine::typed`), as `lit: "5.25|USD"` is.
//!
//! Every other type reads as any value does ([`Cx::value`]); so do `exp:`, `noValue:` and the
//! other wrappers, whatever the type.

use super::props::{lit_expr, At};
use super::yaml::{V, Y};
use super::Cx;
use crate::expr::types::Base;
use crate::expr::{Ty, Value};
use crate::flow::action::Prop;
use crate::flow::catalogue::PropKind;
use std::sync::Arc;

impl Cx<'_> {
    /// The value `y` written for a variable (or statement) of Archy type `ty` (`json`,
    /// `promptCollection`, ...).
    pub(super) fn typed_value(&mut self, y: &Y, ty: &str, at: At<'_>) -> Prop {
        let Some(parsed) = Ty::parse(ty) else { return self.value(y, PropKind::Expr, at) };
        // The literal: `lit: X`, a bare scalar or list, or (for a prompt) `{name: X}`.
        let literal = if y.is_map() { y.get("lit") } else { Some(y) };
        match parsed.base {
            Base::Json => match literal {
                Some(l) => self.json_literal(l, parsed.collection, at),
                None => self.value(y, PropKind::Expr, at),
            },
            Base::Prompt => {
                let named = literal
                    .or_else(|| y.get("name"))
                    .or_else(|| y.get("prompt"))
                    .filter(|_| y.get("exp").is_none());
                match named {
                    Some(l) => self.prompt_literal(l, parsed.collection, at),
                    None => self.value(y, PropKind::Expr, at),
                }
            }
            Base::Currency | Base::Timeslot if literal.is_some_and(Y::is_map) => {
                let l = literal.unwrap_or(y);
                let value = Value::from_json(&l.json());
                self.note_source(l, at, "", true);
                Prop::Expr(lit_expr(value, 0))
            }
            _ => self.value(y, PropKind::Expr, at),
        }
    }

    /// A JSON literal (a collection's, when `collection`): JSON text, or YAML read as JSON.
    fn json_literal(&mut self, l: &Y, collection: bool, at: At<'_>) -> Prop {
        let value = match (&l.v, collection) {
            (V::Null, _) => return Prop::None,
            (V::Seq(items), true) => {
                if items.len() > crate::expr::value::MAX_LIST_ITEMS {
                    return self.bad(l, at, "a collection of at most 2,000 items");
                }
                let mut values = Vec::with_capacity(items.len());
                for item in items {
                    let item = item.get("lit").unwrap_or(item);
                    match self.json_item(item, at) {
                        Some(v) => values.push(v),
                        None => return Prop::None,
                    }
                }
                Value::List(Arc::new(values))
            }
            _ => match self.json_item(l, at) {
                Some(v) => v,
                None => return Prop::None,
            },
        };
        let text = l.text().map(std::borrow::Cow::into_owned).unwrap_or_default();
        self.note_source(l, at, &text, true);
        Prop::Expr(lit_expr(value, text.len()))
    }

    /// One JSON value: text parsed as JSON, anything else the YAML as JSON.
    fn json_item(&mut self, y: &Y, at: At<'_>) -> Option<Value> {
        let V::Str(text) = &y.v else { return Some(Value::from_json(&y.json())) };
        match crate::expr::slot::literal(text, Ty::of(Base::Json)) {
            Ok(crate::expr::Expr { kind: crate::expr::ExprKind::Lit(v), .. }) => Some(v),
            Ok(_) => None,
            Err(e) => {
                let d = self
                    .diag(
                        crate::diag::Code::BadPropertyType,
                        format!("`{}` must be JSON text: {}", at.prop, e.message),
                        y.pos,
                    )
                    .node(at.node)
                    .property(at.prop)
                    .help("JSON keeps to JSON's rules: keys and strings in double quotes (`lit: '{\"a\": \"b\"}'`), or write the value as YAML (`lit: {a: b}`)");
                self.diags.push(d);
                None
            }
        }
    }

    /// A prompt by name (a collection's, when `collection`): the prompt itself.
    fn prompt_literal(&mut self, l: &Y, collection: bool, at: At<'_>) -> Prop {
        let items: Vec<&Y> = match (l.seq(), collection) {
            (Some(items), true) => items.iter().collect(),
            _ => vec![l],
        };
        let mut names = Vec::with_capacity(items.len());
        for item in items {
            let item = item.get("lit").unwrap_or(item);
            let name = item.get("name").unwrap_or(item);
            if item.get("noValue").is_some() || matches!(name.v, V::Null) {
                names.push("NOT_SET".to_owned());
                continue;
            }
            match name.text().as_deref().and_then(prompt_reference) {
                Some(r) => names.push(r),
                None => {
                    return self.bad(
                        name,
                        at,
                        "a prompt's name such as `Prompt.Welcome` or `PromptSystem.beep`",
                    )
                }
            }
        }
        let text =
            if collection { format!("MakeList({})", names.join(", ")) } else { names.join("") };
        match crate::expr::parse(&text) {
            Ok(e) => {
                self.note_source(l, at, &text, true);
                Prop::Expr(e)
            }
            Err(_) => self.bad(l, at, "prompts' names such as `Prompt.Welcome`"),
        }
    }
}

/// `Prompt.Welcome` (any case of the scope) as written, a bare `Welcome` as the user prompt
/// `Prompt.Welcome`; `None` for what is no prompt's name (Architect's prompt names are letters,
/// digits and underscores).
fn prompt_reference(name: &str) -> Option<String> {
    let name = name.trim();
    let (scope, rest) = match name.split_once('.') {
        Some((s, r)) if s.eq_ignore_ascii_case("prompt") => ("Prompt", r),
        Some((s, r)) if s.eq_ignore_ascii_case("promptsystem") => ("PromptSystem", r),
        Some(_) => return None,
        None => ("Prompt", name),
    };
    let word = !rest.is_empty() && rest.chars().all(|c| c.is_alphanumeric() || c == '_');
    word.then(|| format!("{scope}.{rest}"))
}

#[cfg(test)]
mod tests {
    use super::prompt_reference;

    #[test]
    fn a_prompts_name_is_its_reference() {
        assert_eq!(
            prompt_reference("Prompt.AnimalcareMenu").as_deref(),
            Some("Prompt.AnimalcareMenu")
        );
        assert_eq!(prompt_reference("promptsystem.beep").as_deref(), Some("PromptSystem.beep"));
        assert_eq!(prompt_reference("Welcome").as_deref(), Some("Prompt.Welcome"));
        assert_eq!(prompt_reference("Flow.x"), None);
        assert_eq!(prompt_reference("two words"), None);
    }
}
