//! Where things are in an Archy file, for the editor: tasks, menus, states and actions with
//! their names, refIds and lines; declared variables; `target…Ref` references; the flow type.
//!
//! This is an index of places, never a checker: what is wrong with a file is what `check`
//! says (the server's diagnostics). It reads the text line by line, once, as Archy writes its
//! block style (a key, a colon, a value or a deeper block); a file in another style gives a
//! smaller outline, never an error.
//!
//! Invariants: linear in the text; every place is a line and a byte range in that line.

use flowsim_project::flow::catalogue;

/// What an outline item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Task,
    ReusableTask,
    Menu,
    State,
    /// An action, by its catalogue key.
    Action(&'static str),
}

impl Kind {
    /// The word Archy's references use for a container (`task` in `/tasks/task[...]`).
    pub fn ref_word(self) -> Option<&'static str> {
        match self {
            Kind::Task | Kind::ReusableTask => Some("task"),
            Kind::Menu => Some("menu"),
            Kind::State => Some("state"),
            Kind::Action(_) => None,
        }
    }
}

/// A task, menu, state or action.
#[derive(Debug, Clone)]
pub struct Item {
    pub kind: Kind,
    /// The line of its key (`- task:`), 0-based.
    pub line: usize,
    /// The indentation of its key.
    pub indent: usize,
    /// Its `name:` and where that is written (line, byte range).
    pub name: Option<(String, usize, usize, usize)>,
    /// Its `refId:` and where that is written.
    pub ref_id: Option<(String, usize, usize, usize)>,
    /// The last line of its block.
    pub end: usize,
}

/// A declared variable: `- stringVariable:` then `name: Flow.x`.
#[derive(Debug, Clone)]
pub struct Variable {
    pub name: String,
    /// The declaring key: `stringVariable`.
    pub type_key: String,
    pub line: usize,
    pub start: usize,
    pub end: usize,
}

/// A `target…Ref` (or `startUpRef`) naming a container by refId.
#[derive(Debug, Clone)]
pub struct Reference {
    pub ref_id: String,
    pub line: usize,
    pub start: usize,
    pub end: usize,
}

/// The outline of one Archy file.
#[derive(Debug, Clone, Default)]
pub struct Outline {
    /// The flow type's key (`inboundCall`): the file's first key.
    pub flow_type: Option<String>,
    /// The flow's `name:` (a key of the flow type's block) and where it is written.
    pub flow_name: Option<(String, usize, usize, usize)>,
    pub items: Vec<Item>,
    pub variables: Vec<Variable>,
    pub references: Vec<Reference>,
}

/// One line split as block YAML writes it.
pub struct Line<'t> {
    pub indent: usize,
    /// The line opens a list item (`- `).
    pub dash: bool,
    pub key: &'t str,
    /// Where the key starts, in bytes.
    pub key_at: usize,
    /// The value after `key:`, trimmed, without quotes; empty for a block.
    pub value: &'t str,
    pub value_at: usize,
}

/// Splits `line` into its key and value; `None` for blanks, comments and lines without a key.
pub fn split(line: &str) -> Option<Line<'_>> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    let mut at = indent;
    let mut rest = &line[indent..];
    let dash = rest.starts_with("- ") || rest == "-";
    if dash {
        let after = rest[1..].trim_start_matches(' ');
        at += rest.len() - after.len();
        rest = after;
    }
    if rest.starts_with('#') || rest.is_empty() {
        return None;
    }
    let colon = rest.find(": ").or_else(|| rest.ends_with(':').then(|| rest.len() - 1))?;
    let key = rest[..colon].trim_matches(|c| c == '"' || c == '\'');
    if key.is_empty() {
        return None;
    }
    let raw = &rest[colon + 1..];
    let trimmed = raw.trim_start();
    let mut value_at = at + colon + 1 + (raw.len() - trimmed.len());
    let mut value = trimmed.trim_end();
    if let Some(inner) = value.strip_prefix('"').and_then(|v| v.strip_suffix('"')) {
        value = inner;
        value_at += 1;
    } else if let Some(inner) = value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')) {
        value = inner;
        value_at += 1;
    }
    Some(Line { indent, dash, key, key_at: at, value, value_at })
}

/// The refId a reference value names: `/inboundCall/tasks/task[Goodbye_40]` → `Goodbye_40`,
/// with its byte range in the value.
pub fn ref_target(value: &str) -> Option<(&str, usize, usize)> {
    let open = value.rfind('[')?;
    let close = value[open..].find(']')? + open;
    Some((&value[open + 1..close], open + 1, close))
}

impl Outline {
    /// The outline of `lines` (the document's lines, in order).
    pub fn of<'t>(lines: impl Iterator<Item = &'t str>) -> Outline {
        let mut out = Outline::default();
        // Items whose block is still open: indexes into `out.items`.
        let mut open: Vec<usize> = Vec::new();
        // A variable declaration waiting for its name: (type key, indent).
        let mut declaring: Option<(String, usize)> = None;
        // The indent of the flow type's keys (its first key's).
        let mut top_indent: Option<usize> = None;
        let mut last = 0;
        for (i, text) in lines.enumerate() {
            last = i;
            let Some(l) = split(text) else { continue };
            let depth = if l.dash { l.key_at } else { l.indent };
            while let Some(&top) = open.last() {
                if depth <= out.items[top].indent {
                    out.items[top].end = i.saturating_sub(1);
                    open.pop();
                } else {
                    break;
                }
            }
            if declaring.as_ref().is_some_and(|(_, ind)| depth <= *ind) {
                declaring = None;
            }
            if out.flow_type.is_none() && l.indent == 0 && !l.dash {
                out.flow_type = Some(l.key.to_owned());
                continue;
            }
            if out.flow_type.is_some() && !l.dash && open.is_empty() && declaring.is_none() {
                let top = *top_indent.get_or_insert(l.indent);
                if l.indent == top && l.key == "name" && out.flow_name.is_none() {
                    out.flow_name =
                        Some((l.value.to_owned(), i, l.value_at, l.value_at + l.value.len()));
                    continue;
                }
            }
            if l.dash && l.value.is_empty() {
                let kind = match l.key {
                    "task" => Some(Kind::Task),
                    "reusableTask" => Some(Kind::ReusableTask),
                    "menu" => Some(Kind::Menu),
                    "state" => Some(Kind::State),
                    key => catalogue::by_key(key).map(|ix| Kind::Action(catalogue::spec(ix).key)),
                };
                if let Some(kind) = kind {
                    out.items.push(Item {
                        kind,
                        line: i,
                        indent: l.key_at,
                        name: None,
                        ref_id: None,
                        end: i,
                    });
                    open.push(out.items.len() - 1);
                    continue;
                }
                if l.key.ends_with("Variable") {
                    declaring = Some((l.key.to_owned(), l.key_at));
                    continue;
                }
            }
            let place = || (l.value.to_owned(), i, l.value_at, l.value_at + l.value.len());
            match l.key {
                "name" => {
                    if let Some((type_key, _)) = declaring.take() {
                        out.variables.push(Variable {
                            name: l.value.to_owned(),
                            type_key,
                            line: i,
                            start: l.value_at,
                            end: l.value_at + l.value.len(),
                        });
                    } else if let Some(&top) = open.last() {
                        let item = &mut out.items[top];
                        if item.name.is_none() && l.indent > item.indent {
                            item.name = Some(place());
                        }
                    }
                }
                "refId" => {
                    if let Some(&top) = open.last() {
                        if out.items[top].ref_id.is_none() {
                            out.items[top].ref_id = Some(place());
                        }
                    }
                }
                key if key.ends_with("Ref") => {
                    if let Some((id, s, e)) = ref_target(l.value) {
                        out.references.push(Reference {
                            ref_id: id.to_owned(),
                            line: i,
                            start: l.value_at + s,
                            end: l.value_at + e,
                        });
                    }
                }
                _ => {}
            }
        }
        for top in open {
            out.items[top].end = last;
        }
        out
    }

    /// The container whose refId is `id`.
    pub fn container(&self, id: &str) -> Option<&Item> {
        self.items.iter().find(|it| it.ref_id.as_ref().is_some_and(|r| r.0 == id))
    }

    /// The innermost action whose block holds line `i`.
    pub fn action_at(&self, i: usize) -> Option<&Item> {
        self.items
            .iter()
            .filter(|it| matches!(it.kind, Kind::Action(_)) && it.line <= i && i <= it.end)
            .max_by_key(|it| it.line)
    }

    /// The declared variable named `name` (any case, as Architect reads names).
    pub fn variable(&self, name: &str) -> Option<&Variable> {
        self.variables.iter().find(|v| v.name.eq_ignore_ascii_case(name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FLOW: &str = "inboundCall:
  name: Main
  startUpRef: \"/inboundCall/tasks/task[Start_10]\"
  variables:
    - stringVariable:
        name: Flow.who
  tasks:
    - task:
        name: Start
        refId: Start_10
        actions:
          - playAudio:
              name: Hello
              audio:
                tts: hi
          - disconnect:
              name: Bye
";

    #[test]
    fn the_outline_names_containers_actions_variables_and_references() {
        let o = Outline::of(FLOW.lines());
        assert_eq!(o.flow_type.as_deref(), Some("inboundCall"));
        assert_eq!(o.flow_name.as_ref().map(|n| (n.0.as_str(), n.1)), Some(("Main", 1)));
        let names: Vec<_> =
            o.items.iter().map(|i| (i.kind, i.name.as_ref().map(|n| n.0.as_str()))).collect();
        assert_eq!(
            names,
            [
                (Kind::Task, Some("Start")),
                (Kind::Action("playAudio"), Some("Hello")),
                (Kind::Action("disconnect"), Some("Bye"))
            ]
        );
        assert_eq!(o.container("Start_10").map(|i| i.line), Some(7));
        assert_eq!(
            o.variable("flow.WHO").map(|v| (v.line, v.type_key.as_str())),
            Some((5, "stringVariable"))
        );
        assert_eq!(o.references[0].ref_id, "Start_10");
        assert_eq!(
            o.action_at(14).and_then(|a| a.name.as_ref()).map(|n| n.0.as_str()),
            Some("Hello")
        );
        assert_eq!(o.items[0].end, 16);
    }
}
