//! What the server says about a name: an action of the catalogue, a function of the expression
//! language (its signature and the Scripting SDK's documented examples), a built-in of a flow
//! type. Every text comes from the tables the loader and the checker use, never from a copy.

use flowsim_project::expr::builtins::{self, Builtin};
use flowsim_project::expr::func::{self, FuncDef};
use flowsim_project::flow::catalogue::{self, ActionSpec};
use flowsim_project::util::Cut;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::LazyLock;

/// The Scripting SDK's catalogue of functions (`tools/oracle/data/functions.json`), the source
/// of each function's documented examples.
const SDK_FUNCTIONS: &str = include_str!("../../../tools/oracle/data/functions.json");

/// Each SDK function's examples (input, output), by lower-cased name.
static EXAMPLES: LazyLock<HashMap<String, Vec<(String, String)>>> = LazyLock::new(|| {
    let mut out: HashMap<String, Vec<(String, String)>> = HashMap::new();
    let Ok(serde_json::Value::Array(entries)) = serde_json::from_str(SDK_FUNCTIONS) else {
        return out;
    };
    for e in &entries {
        let Some(name) = e.get("name").and_then(serde_json::Value::as_str) else { continue };
        let overloads = e.get("overloads").and_then(serde_json::Value::as_array);
        let examples = out.entry(name.to_ascii_lowercase()).or_default();
        for o in overloads.into_iter().flatten() {
            let listed = o.get("examples").and_then(serde_json::Value::as_array);
            for ex in listed.into_iter().flatten() {
                let field = |k: &str| ex.get(k).and_then(serde_json::Value::as_str).unwrap_or("");
                let pair = (field("input").to_owned(), field("output").to_owned());
                if !examples.contains(&pair) {
                    examples.push(pair);
                }
            }
        }
    }
    out
});

/// flowsim's account of Architect (`docs/architect.md`), whose table of actions cites Genesys's
/// help page of each action it can.
const ARCHITECT_MD: &str = include_str!("../../../docs/architect.md");

/// The Genesys help page each action's row of `docs/architect.md` cites first: the key →
/// (the link's text, its URL). Rows start with the action's key in backquotes.
static HELP_PAGES: LazyLock<HashMap<String, (String, String)>> = LazyLock::new(|| {
    let mut out = HashMap::new();
    for line in ARCHITECT_MD.lines() {
        let Some(rest) = line.strip_prefix("| `") else { continue };
        let Some(key) = rest.split('`').next() else { continue };
        let Some(at) = line.find(" action](https://") else { continue };
        let Some(open) = line.cut(..at).rfind('[') else { continue };
        let url_start = at + " action](".len();
        let Some(close) = line.cut(url_start..).find(')') else { continue };
        let text = format!("{} action", line.cut(open + 1..at));
        let url = line.cut(url_start..url_start + close).to_owned();
        out.entry(key.to_owned()).or_insert((text, url));
    }
    out
});

/// Every `[NAME action](URL)` link of `docs/architect.md`: lower-cased NAME → (its text, URL),
/// the first of each name.
static HELP_LINKS: LazyLock<HashMap<String, (String, String)>> = LazyLock::new(|| {
    let mut out = HashMap::new();
    let mut from = 0;
    while let Some(at) = ARCHITECT_MD.cut(from..).find(" action](https://").map(|i| from + i) {
        from = at + 1;
        let Some(open) = ARCHITECT_MD.cut(..at).rfind('[') else { continue };
        let name = ARCHITECT_MD.cut(open + 1..at);
        let url_start = at + " action](".len();
        let Some(close) = ARCHITECT_MD.cut(url_start..).find(')') else {
            continue;
        };
        if name.contains(['\n', ']']) {
            continue;
        }
        let url = ARCHITECT_MD.cut(url_start..url_start + close).to_owned();
        out.entry(name.to_ascii_lowercase()).or_insert((format!("{name} action"), url));
    }
    out
});

/// The Genesys help page of the action `key` that `docs/architect.md` cites: its row's first
/// link, else a link titled with the action's name. Its title and its URL.
pub fn help_page(key: &str) -> Option<(&'static str, &'static str)> {
    HELP_PAGES
        .get(key)
        .or_else(|| HELP_LINKS.get(&catalogue::default_name(key).to_ascii_lowercase()))
        .map(|(t, u)| (t.as_str(), u.as_str()))
}

/// The most examples a hover shows.
const MAX_EXAMPLES: usize = 6;

/// An action's hover: what flowsim does with it (the catalogue's words, `ActionSpec::summary`),
/// its properties and outputs.
pub fn action(spec: &ActionSpec) -> String {
    let mut out = spec.summary();
    if !spec.props.is_empty() {
        out.push_str("\n\nProperties:\n");
        for p in spec.props {
            let _ = write!(
                out,
                "\n- `{}`{}: {}",
                p.name,
                if p.required { " (required)" } else { "" },
                p.kind.words()
            );
            if let Some(ty) = p.ty {
                let _ = write!(out, ", {ty}");
            }
        }
    }
    if !spec.outputs.is_empty() {
        out.push_str("\n\nOutputs: ");
        let names: Vec<String> = spec.outputs.iter().map(|o| format!("`{}`", o.name)).collect();
        out.push_str(&names.join(", "));
    }
    if let Some((title, url)) = help_page(spec.key) {
        let _ = write!(out, "\n\nGenesys help: [{title}]({url})");
    }
    out
}

/// A function by name (any case).
pub fn function(name: &str) -> Option<&'static FuncDef> {
    func::lookup(name).map(func::get)
}

/// A function's hover: its signature and the SDK's documented examples.
pub fn function_hover(f: &FuncDef) -> String {
    let mut out =
        format!("**{}**\n\n```\n{}({})\n```", f.name, f.name, f.sig.replace(" | ", "\n | "));
    if let Some(examples) = EXAMPLES.get(&f.name.to_ascii_lowercase()) {
        if !examples.is_empty() {
            out.push_str("\n\nExamples (Architect's Scripting SDK):\n");
            for (input, output) in examples.iter().take(MAX_EXAMPLES) {
                let _ = write!(out, "\n- `{input}` → `{output}`");
            }
        }
    }
    out
}

/// Every function, for completion.
pub fn functions() -> impl Iterator<Item = &'static FuncDef> {
    func::FUNCTIONS.iter()
}

/// The built-in named exactly `name` (any case).
pub fn builtin(name: &str) -> Option<&'static Builtin> {
    builtins::BUILTINS.iter().find(|b| b.name.eq_ignore_ascii_case(name))
}

/// A built-in's hover: its type, the flow types that have it, and whether `flow_type` does.
pub fn builtin_hover(b: &Builtin, flow_type: Option<&str>) -> String {
    let mut out = format!("**{}**: {}\n\nIn: {}.", b.name, b.ty, b.flows.describe());
    if let Some(ft) = flow_type {
        match b.flows.has(ft) {
            Some(true) => {
                let _ = write!(out, " This flow ({ft}) has it.");
            }
            Some(false) => {
                let _ = write!(out, " This flow ({ft}) does not have it.");
            }
            None => {}
        }
    }
    let _ = write!(out, "\n\nNamed by: {}.", b.source.describe());
    out
}

/// The built-ins a flow of `flow_type` has (every one when the type is not known).
pub fn builtins_of(flow_type: Option<&str>) -> impl Iterator<Item = &'static Builtin> + '_ {
    builtins::BUILTINS
        .iter()
        .filter(move |b| flow_type.is_none_or(|ft| b.flows.has(ft) != Some(false)))
}

/// Every action key of the catalogue, in its order.
pub fn action_keys() -> impl Iterator<Item = &'static ActionSpec> {
    catalogue::written()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_functions_hover_has_its_signature_and_the_sdks_examples() {
        let text = function_hover(function("upper").expect("Upper is a function"));
        assert!(text.contains("Upper(str -> str)"), "{text}");
        assert!(text.contains("Examples"), "{text}");
    }

    #[test]
    fn an_actions_hover_lists_its_properties_and_outputs() {
        let spec = catalogue::spec(catalogue::by_key("decision").unwrap());
        let text = action(spec);
        assert!(text.contains("`condition`"), "{text}");
        assert!(text.contains("`yes`"), "{text}");
    }

    #[test]
    fn an_actions_hover_links_the_help_page_architect_md_cites() {
        let spec = catalogue::spec(catalogue::by_key("transferToAcd").unwrap());
        let text = action(spec);
        assert!(
            text.contains(
                "Genesys help: [Transfer to ACD action](https://help.mypurecloud.com/articles/transfer-acd-action/)"
            ),
            "{text}"
        );
    }
}
