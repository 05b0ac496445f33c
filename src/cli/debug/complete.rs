//! Tab completion at the terminal: command names at the start of a line, the flows' actions
//! (names and ids) after `break`, variable names in expressions (`print`, `set`, `break if`,
//! `break NAME if`).
//!
//! The candidates are gathered once from the registry when the session starts, sorted
//! case-insensitively, so Tab offers the same list in the same order every time. Matching
//! ignores case; a candidate is inserted as the flow spells it (`flow.isv` → `Flow.isVip`).

use flowsim::flow::{Registry, Version};
use flowsim::util::Cut;
use std::collections::{BTreeMap, BTreeSet};

/// The commands Tab completes at the start of a line (the long names; `help` lists aliases).
const COMMANDS: [&str; 18] = [
    "back", "break", "breaks", "continue", "delete", "goto", "help", "history", "input", "print",
    "quit", "run", "set", "step", "trace", "vars", "where", "exit",
];

/// What may follow `step`, and the input words.
const STEP_WORDS: [&str; 2] = ["into", "out"];
const INPUT_WORDS: [&str; 5] = ["intent:", "noMatch", "say:", "slot:", "timeout"];

/// The names Tab can complete, gathered from a registry.
pub struct Completions {
    /// Action (node) names and ids of every flow.
    actions: Vec<String>,
    /// Variable names, as a declaration spells them when one does.
    variables: Vec<String>,
}

impl Completions {
    pub fn new(reg: &Registry, version: Version) -> Completions {
        let mut actions = Vec::new();
        // Display spellings by lower-cased name: the first declaration's, flow by flow.
        let mut spelled: BTreeMap<String, String> = BTreeMap::new();
        for flow in reg.flows() {
            if let Some(graph) = flow.graph(version) {
                for node in &graph.nodes {
                    actions.extend([node.name.to_string(), node.id.to_string()]);
                }
            }
            let decls = flow
                .arch
                .variables
                .iter()
                .chain(flow.arch.containers.iter().flat_map(|c| &c.variables));
            for d in decls {
                spelled.entry(d.var.lower.to_string()).or_insert_with(|| d.var.name.to_string());
            }
        }
        let table = reg.var_table();
        let lower: Vec<&str> = (0..table.len()).map(|id| &**table.name(id as _)).collect();
        // A path's prefixes are in the table too (`flow` for `Flow.isVip`); a namespace alone
        // is not worth offering, a record variable (`Task.rec` of `Task.rec.id`) is.
        let heads: BTreeSet<&str> =
            lower.iter().filter_map(|name| name.split_once('.')).map(|(head, _)| head).collect();
        let mut variables: Vec<String> = lower
            .iter()
            .filter(|&&name| spelled.contains_key(name) || !heads.contains(name))
            .map(|&name| spelled.get(name).cloned().unwrap_or_else(|| name.to_owned()))
            .collect();
        sort(&mut actions);
        sort(&mut variables);
        Completions { actions, variables }
    }

    /// Where the completed word starts in `line` and what may replace it, for the cursor at
    /// byte `pos`.
    pub fn complete(&self, line: &str, pos: usize) -> (usize, Vec<String>) {
        let head = line.get(..pos).unwrap_or(line);
        let lead = head.len() - head.trim_start().len();
        let Some((word, _)) = head.cut(lead..).split_once(char::is_whitespace) else {
            return (lead, commands(head.cut(lead..)));
        };
        let rest_at = head.len() - head.cut(lead + word.len()..).trim_start().len();
        let rest = head.cut(rest_at..);
        match word.to_ascii_lowercase().as_str() {
            "break" | "b" => {
                let lower = rest.to_ascii_lowercase();
                if let Some(cond) = lower.strip_prefix("if ") {
                    return self.expression(head, cond.len());
                }
                if let Some(at) = lower.rfind(" if ") {
                    return self.expression(head, rest.len() - at - 4);
                }
                let mut found = matching(&self.actions, rest);
                if !rest.is_empty() && "if".starts_with(&lower) {
                    found.insert(0, "if ".to_owned());
                }
                (rest_at, found)
            }
            "print" | "p" => self.expression(head, rest.len()),
            "set" => match rest.find('=') {
                Some(at) => self.expression(head, rest.len() - at - 1),
                None => (rest_at, matching(&self.variables, rest)),
            },
            "step" | "s" => (rest_at, matching(&STEP_WORDS, rest)),
            "input" | "i" => (rest_at, matching(&INPUT_WORDS, rest)),
            _ => (pos, Vec::new()),
        }
    }

    /// Variable names for the name being typed at the end of `head`, an expression whose last
    /// `len` bytes are the expression typed so far.
    fn expression(&self, head: &str, len: usize) -> (usize, Vec<String>) {
        let expr = head.cut(head.len() - len..);
        let name = expr.len()
            - expr.trim_end_matches(|c: char| c.is_alphanumeric() || c == '_' || c == '.').len();
        (head.len() - name, matching(&self.variables, expr.cut(expr.len() - name..)))
    }
}

/// The commands `word` begins. A word that already names one command fully, with others
/// longer (`brea`: `break`, `breaks`), completes to that one; typed out (`break`), Tab lists
/// them all.
fn commands(word: &str) -> Vec<String> {
    let mut found = matching(&COMMANDS, word);
    let prefix = found.iter().min_by_key(|c| c.len()).cloned().unwrap_or_default();
    if found.len() > 1 && word.len() < prefix.len() && found.iter().all(|c| c.starts_with(&prefix))
    {
        found.retain(|c| *c == prefix);
    }
    for c in &mut found {
        c.push(' ');
    }
    found
}

/// The candidates that begin with `typed` (any case), each once, in sorted order.
fn matching<S: AsRef<str>>(candidates: &[S], typed: &str) -> Vec<String> {
    let typed = typed.to_lowercase();
    let mut found: Vec<String> = candidates
        .iter()
        .map(AsRef::as_ref)
        .filter(|c| c.to_lowercase().starts_with(&typed))
        .map(str::to_owned)
        .collect();
    sort(&mut found);
    found
}

/// Case-insensitive order, ties by spelling; each spelling once.
fn sort(names: &mut Vec<String>) {
    names.sort_by(|a, b| a.to_lowercase().cmp(&b.to_lowercase()).then_with(|| a.cmp(b)));
    names.dedup();
}

/// rustyline's view of the completions: a `Helper` that completes, and does nothing else.
pub struct Helper(pub Completions);

impl rustyline::completion::Completer for Helper {
    type Candidate = String;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        _: &rustyline::Context<'_>,
    ) -> rustyline::Result<(usize, Vec<String>)> {
        Ok(self.0.complete(line, pos))
    }
}

impl rustyline::hint::Hinter for Helper {
    type Hint = String;
}

impl rustyline::highlight::Highlighter for Helper {}

impl rustyline::validate::Validator for Helper {}

impl rustyline::Helper for Helper {}

#[cfg(test)]
mod tests {
    use super::*;

    fn completions() -> Completions {
        Completions {
            actions: vec!["Main Menu".into(), "Main Menu/Balance".into(), "SayHello".into()],
            variables: vec![
                "Flow.accountNumber".into(),
                "Flow.isVip".into(),
                "Task.balance".into(),
            ],
        }
    }

    #[track_caller]
    fn check(line: &str, at: usize, want: &[&str]) {
        assert_eq!(
            completions().complete(line, line.len()),
            (at, want.iter().map(ToString::to_string).collect()),
            "{line}"
        );
    }

    #[test]
    fn each_place_of_a_line_completes_what_goes_there() {
        check("brea", 0, &["break "]);
        check("break", 0, &["break ", "breaks "]);
        check("  c", 2, &["continue "]);
        check("zz", 0, &[]);
        check("break main", 6, &["Main Menu", "Main Menu/Balance"]);
        check("b say", 2, &["SayHello"]);
        check("break i", 6, &["if "]);
        check("break if flow.i", 9, &["Flow.isVip"]);
        check("break Main Menu if Task.b", 19, &["Task.balance"]);
        check("print Flow.isVip and flow.a", 21, &["Flow.accountNumber"]);
        check("p {task.", 3, &["Task.balance"]);
        check("set FLOW.", 4, &["Flow.accountNumber", "Flow.isVip"]);
        check("set Flow.isVip = not flow.is", 21, &["Flow.isVip"]);
        check("step o", 5, &["out"]);
        check("where ", 6, &[]);
    }
}
