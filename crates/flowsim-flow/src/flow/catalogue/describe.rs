//! What an entry and its properties are, in words: the one text the language server's hover
//! and the Archy flow schema's descriptions (`flowsim schema archy`) both show, made from the
//! entry's fields, so neither keeps a copy.

use super::{default_name, ActionSpec, PropKind, PropSpec, Unset};
use std::fmt::Write as _;

impl PropKind {
    /// What a value of this kind is, as an author writes it (`an expression or literal`).
    pub fn words(self) -> &'static str {
        match self {
            PropKind::Expr => "an expression or literal",
            PropKind::Audio => "audio (`tts:`, `exp:` or a prompt)",
            PropKind::Text => "a name",
            PropKind::Target => "an org object (`lit: {name: X}`) or an expression",
            PropKind::Var => "a variable to write",
            PropKind::ExprMap => "names to expressions",
            PropKind::VarMap => "names to variables",
            PropKind::List(_) => "a list of records",
            PropKind::Template => "a template",
            PropKind::TemplateMap => "names to templates",
            PropKind::Node => "a node",
        }
    }
}

impl PropSpec {
    /// The property in one sentence: its kind, its type, the org object it names, whether it
    /// is required and its value when not given (`an expression or literal, Boolean;
    /// required`).
    pub fn summary(&self) -> String {
        let mut out = self.kind.words().to_owned();
        if let Some(ty) = self.ty {
            let _ = write!(out, ", {ty}");
        }
        if let Some(org) = self.org {
            let _ = write!(out, ", naming a {}", org.noun());
        }
        if self.required {
            out.push_str("; required");
        }
        match self.unset {
            Some(Unset::Bool(b)) => {
                let _ = write!(out, "; `{b}` when not given");
            }
            Some(Unset::Int(i)) => {
                let _ = write!(out, "; `{i}` when not given");
            }
            Some(Unset::Duration(ms)) => {
                let _ = write!(out, "; {ms} ms when not given");
            }
            None => {}
        }
        if let Some(alias) = self.alias {
            let _ = write!(out, " (also read as `{alias}`)");
        }
        out
    }
}

impl ActionSpec {
    /// The action in Markdown: Architect's name for it, its export type, its family and what a
    /// run does with it (runs it, runs it from a stub, or refuses it, with the reason).
    pub fn summary(&self) -> String {
        let mut out = format!("**{}**", default_name(self.key));
        if !self.export.is_empty() {
            let _ = write!(out, " (`{}` in exports)", self.export);
        }
        let _ = write!(out, "\n\nFamily: {:?}. ", self.family);
        match self.unsupported() {
            Some(why) if self.needs_stub() => {
                let _ =
                    write!(out, "Offline it runs from a stub (`stubs:` in the fixtures): {why}");
            }
            Some(why) => {
                let _ = write!(out, "flowsim does not run it: {why}");
            }
            None => {
                out.push_str(
                    "flowsim runs it offline (`flowsim docs architect` lists what it does).",
                );
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use crate::flow::catalogue::{by_key, spec};

    #[test]
    fn a_property_says_its_kind_type_and_whether_it_is_required() {
        let decision = spec(by_key("decision").unwrap());
        let condition = &decision.props[decision.prop_index("condition").unwrap()];
        let text = condition.summary();
        assert!(text.starts_with("an expression or literal, Boolean"), "{text}");
        let acd = spec(by_key("transferToAcd").unwrap());
        let queue = &acd.props[acd.prop_index("targetQueue").unwrap()];
        assert!(queue.summary().contains("naming a queue"), "{}", queue.summary());
    }

    #[test]
    fn an_action_says_its_name_export_and_what_a_run_does() {
        let text = spec(by_key("transferToAcd").unwrap()).summary();
        assert!(text.starts_with("**Transfer to ACD** (`TransferPureMatchAction` in exports)"));
        assert!(text.contains("flowsim runs it offline"), "{text}");
    }
}
