//! Where things are in a flow or scenario file, for the editor: tasks, menus, states and
//! actions with their names, refIds and lines; declared variables; `target…Ref` references;
//! the flow type; a scenario file's scenarios and `flows:`; and every scalar as written (a key
//! or a value, with the key it belongs to), which hover, definition and references look up.
//!
//! This is an index of places, never a checker: what is wrong with a file is what `check`
//! says (the server's diagnostics). It is read from the tree the loader's YAML reader builds
//! (`util::yaml::parse`, whose nodes carry their line and column), so block and flow styles,
//! quotes, and lists written over several lines (`path: [a, b,⏎ c]`) place alike. Archy's
//! `{{KEY}}` substitutions are read as same-length plain text, so places stay the file's. A
//! text that does not read as YAML has no outline (`parsed` false): the server keeps the last
//! one that did while an edit is under way.
//!
//! Invariants: one parse and one walk of the tree, linear in the text; every place is a
//! 0-based line and a byte range in that line.

use flowsim_project::flow::catalogue;
use flowsim_project::util::Cut;

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

/// A scalar as the file writes it: a key or a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// Its text as written, quotes off (a `{{KEY}}` stays so).
    pub text: String,
    /// The key whose value it is (for a list item, the list's key); for a key, the key of the
    /// mapping it is in.
    pub parent: Option<String>,
    pub is_key: bool,
    pub line: usize,
    pub start: usize,
    pub end: usize,
}

/// One scenario of a scenario file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The line where its mapping starts (0-based).
    pub line: usize,
    pub name: Option<Written>,
    pub flow: Option<Written>,
}

/// The outline of one file.
#[derive(Debug, Clone, Default)]
pub struct Outline {
    /// The flow type's key (`inboundCall`): the file's first key.
    pub flow_type: Option<String>,
    /// The flow's `name:` (a key of the flow type's block) and where it is written.
    pub flow_name: Option<(String, usize, usize, usize)>,
    pub items: Vec<Item>,
    pub variables: Vec<Variable>,
    pub references: Vec<Reference>,
    /// Every scalar, in file order.
    pub written: Vec<Written>,
    /// A scenario file's top-level `scenarios:` entries.
    pub scenarios: Vec<Entry>,
    /// A scenario file's top-level `flows:`: one path or a list of them.
    pub flows: Vec<String>,
    /// The text read as YAML.
    pub parsed: bool,
}

/// The refId a reference value names: `/inboundCall/tasks/task[Goodbye_40]` → `Goodbye_40`,
/// with its byte range in the value.
pub fn ref_target(value: &str) -> Option<(&str, usize, usize)> {
    let open = value.rfind('[')?;
    let close = value.cut(open..).find(']')? + open;
    Some((value.cut(open + 1..close), open + 1, close))
}

impl Outline {
    /// The outline of `text`; an empty one (`parsed` false) when it does not read as YAML.
    pub fn of(text: &str) -> Outline {
        use flowsim_project::util::yaml;
        let neutral = neutral_substitutions(text);
        let Ok(Some(root)) = yaml::parse(&neutral, yaml::Options::default(), &yaml::AsWritten)
        else {
            return Outline::default();
        };
        let lines = Src { neutral: neutral.lines().collect(), written: text.lines().collect() };
        let mut walk =
            Walk { lines: &lines, out: Outline::default(), order: Vec::new(), ends: Vec::new() };
        walk.node(&root, None, false);
        let Walk { mut out, order, ends, .. } = walk;
        let last = lines.written.len().saturating_sub(1);
        for (item, after) in ends {
            let next = order.get(after).map_or(last, |l| l.saturating_sub(1));
            out.items[item].end = next.max(out.items[item].line);
        }
        let root_entries = root.entry_nodes();
        if let Some((k, v)) = root_entries.first() {
            out.flow_type = k.text().map(std::borrow::Cow::into_owned);
            out.flow_name = v
                .get("name")
                .and_then(|n| lines.place(n))
                .map(|w| (w.text, w.line, w.start, w.end));
        }
        if let Some(list) = root.get("scenarios").and_then(yaml::Y::seq) {
            for s in list.iter().filter(|s| s.is_map()) {
                let named = |key: &str| {
                    s.get(key).and_then(|n| lines.place(n)).filter(|w| !w.text.is_empty())
                };
                out.scenarios.push(Entry {
                    line: s.pos.line.saturating_sub(1),
                    name: named("name"),
                    flow: named("flow"),
                });
            }
        }
        if let Some(flows) = root.get("flows") {
            let one =
                |y: &yaml::Y| y.text().map(std::borrow::Cow::into_owned).filter(|t| !t.is_empty());
            match flows.seq() {
                Some(list) => out.flows.extend(list.iter().filter_map(one)),
                None => out.flows.extend(one(flows)),
            }
        }
        out.parsed = true;
        out
    }

    /// The scalar written at byte `at` of line `line`, if any.
    pub fn written_at(&self, line: usize, at: usize) -> Option<&Written> {
        let from = self.written.partition_point(|w| w.line < line);
        self.written[from..]
            .iter()
            .take_while(|w| w.line == line)
            .find(|w| w.start <= at && at <= w.end)
    }

    /// The scenario whose lines hold line `i`.
    pub fn scenario_at(&self, i: usize) -> Option<&Entry> {
        self.scenarios.iter().rev().find(|e| e.line <= i)
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

/// `text` with each `{{KEY}}` written `__KEY__`: the same bytes at the same places, read as
/// plain text (Archy substitutes them before reading; the outline only needs the places).
fn neutral_substitutions(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains("{{") {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = text.as_bytes().to_vec();
    let mut from = 0;
    while let Some(open) = text.cut(from..).find("{{").map(|i| from + i) {
        let key_end = text
            .get(open + 2..)
            .unwrap_or_default()
            .find(|c: char| !(c.is_alphanumeric() || matches!(c, '_' | '-' | '.')))
            .map_or(text.len(), |i| open + 2 + i);
        if text.cut(key_end..).starts_with("}}") && key_end > open + 2 {
            out[open..open + 2].copy_from_slice(b"__");
            out[key_end..key_end + 2].copy_from_slice(b"__");
            from = key_end + 2;
        } else {
            from = open + 2;
        }
    }
    // Only ASCII bytes were replaced by ASCII bytes.
    std::borrow::Cow::Owned(String::from_utf8(out).unwrap_or_else(|_| text.to_owned()))
}

/// The lines of a text as read (substitutions neutral) and as written: the same bytes but
/// for `{{` and `}}`.
struct Src<'t> {
    neutral: Vec<&'t str>,
    written: Vec<&'t str>,
}

impl Src<'_> {
    /// Where scalar `y` is written: its text as written (quotes off) and its bytes; `None` for a
    /// mapping, a list, a block scalar (`|`, `>`) or an empty value.
    fn place(&self, y: &flowsim_project::util::yaml::Y) -> Option<Written> {
        let text = y.raw.as_deref().map(std::borrow::Cow::Borrowed).or_else(|| y.text())?;
        let line = y.pos.line.checked_sub(1)?;
        let read = self.neutral.get(line)?;
        let written = self.written.get(line).filter(|w| w.len() == read.len())?;
        let start =
            read.char_indices().nth(y.pos.col.saturating_sub(1)).map_or(read.len(), |(b, _)| b);
        let rest = read.cut(start..);
        let (start, len) = match rest.as_bytes().first() {
            Some(b'|' | b'>') | None => return None,
            Some(&q @ (b'"' | b'\'')) => {
                // To the closing quote on this line (a doubled `'` or an escaped `"` is inside).
                let body = rest.cut(1..);
                let mut end = body.len();
                let mut chars = body.char_indices().peekable();
                while let Some((i, c)) = chars.next() {
                    if q == b'"' && c == '\\' {
                        chars.next();
                    } else if c == q as char {
                        if q == b'\'' && chars.peek().is_some_and(|(_, n)| *n == '\'') {
                            chars.next();
                        } else {
                            end = i;
                            break;
                        }
                    }
                }
                (start + 1, end)
            }
            Some(_) if rest.starts_with(&*text) => (start, text.len()),
            // A plain scalar folded over lines, or one the reader rewrote: its first line's part.
            Some(_) => {
                let cut = rest.find([',', ']', '}']).unwrap_or(rest.len());
                let cut = rest.cut(..cut).find(" #").unwrap_or(cut);
                (start, rest.cut(..cut).trim_end().len())
            }
        };
        if len == 0 {
            return None;
        }
        Some(Written {
            text: written.cut(start..start + len).to_owned(),
            parent: None,
            is_key: false,
            line,
            start,
            end: start + len,
        })
    }
}

/// The walk of the tree that fills an outline.
struct Walk<'l> {
    lines: &'l Src<'l>,
    out: Outline,
    /// Each node's line, in file order.
    order: Vec<usize>,
    /// Each item and the index in `order` of the first node after its block.
    ends: Vec<(usize, usize)>,
}

impl Walk<'_> {
    fn scalar(
        &mut self,
        y: &flowsim_project::util::yaml::Y,
        parent: Option<&str>,
        is_key: bool,
    ) -> Option<Written> {
        let mut w = self.lines.place(y)?;
        w.parent = parent.map(str::to_owned);
        w.is_key = is_key;
        self.out.written.push(w.clone());
        Some(w)
    }

    /// Walks `y`, the value of key `parent`; `item` when it is a list's item (Archy's
    /// `- task:` form).
    fn node(&mut self, y: &flowsim_project::util::yaml::Y, parent: Option<&str>, item: bool) {
        use flowsim_project::util::yaml::V;
        self.order.push(y.pos.line.saturating_sub(1));
        match &y.v {
            V::Seq(list) => {
                for y in list {
                    self.node(y, parent, true);
                }
            }
            V::Map(entries) => {
                for (k, v) in entries {
                    self.order.push(k.pos.line.saturating_sub(1));
                    let Some(key) = self.scalar(k, parent, true) else {
                        self.node(v, parent, false);
                        continue;
                    };
                    let block = item && v.is_map();
                    let kind = match key.text.as_str() {
                        _ if !block => None,
                        "task" => Some(Kind::Task),
                        "reusableTask" => Some(Kind::ReusableTask),
                        "menu" => Some(Kind::Menu),
                        "state" => Some(Kind::State),
                        k => catalogue::by_key(k).map(|ix| Kind::Action(catalogue::spec(ix).key)),
                    };
                    if let Some(kind) = kind {
                        let at = |k: &str| {
                            v.get(k)
                                .and_then(|n| self.lines.place(n))
                                .map(|w| (w.text, w.line, w.start, w.end))
                        };
                        self.out.items.push(Item {
                            kind,
                            line: key.line,
                            indent: key.start,
                            name: at("name"),
                            ref_id: at("refId"),
                            end: key.line,
                        });
                        let ix = self.out.items.len() - 1;
                        self.node(v, Some(&key.text), false);
                        self.ends.push((ix, self.order.len()));
                        continue;
                    }
                    if block && key.text.ends_with("Variable") {
                        if let Some(n) = v.get("name").and_then(|n| self.lines.place(n)) {
                            self.out.variables.push(Variable {
                                name: n.text,
                                type_key: key.text.clone(),
                                line: n.line,
                                start: n.start,
                                end: n.end,
                            });
                        }
                    }
                    if key.text.ends_with("Ref") {
                        if let Some(w) = self.lines.place(v) {
                            if let Some((id, s, e)) = ref_target(&w.text) {
                                self.out.references.push(Reference {
                                    ref_id: id.to_owned(),
                                    line: w.line,
                                    start: w.start + s,
                                    end: w.start + e,
                                });
                            }
                        }
                    }
                    self.node(v, Some(&key.text), false);
                }
            }
            _ => {
                self.scalar(y, parent, false);
            }
        }
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
        let o = Outline::of(FLOW);
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

    #[test]
    fn substitutions_keep_their_places_and_a_broken_text_has_no_outline() {
        let o = Outline::of("inboundCall:\n  name: {{FLOW_NAME}}\n  tasks:\n    - task:\n        name: \"Start\"\n        refId: S_1\n");
        assert_eq!(o.flow_name, Some(("{{FLOW_NAME}}".to_owned(), 1, 8, 21)));
        assert_eq!(o.items[0].name, Some(("Start".to_owned(), 4, 15, 20)));
        assert!(o.parsed);
        let broken = Outline::of("inboundCall:\n  name: [\n");
        assert!(!broken.parsed && broken.items.is_empty());
    }

    #[test]
    fn a_list_over_lines_places_each_item_on_its_own_line() {
        let o = Outline::of(
            "scenarios:\n  - name: a\n    flow: F\n    expect: {path: [x y,\n      'z''s']}\n",
        );
        let z = o.written_at(4, 8).unwrap();
        assert_eq!((z.text.as_str(), z.parent.as_deref(), z.is_key), ("z''s", Some("path"), false));
        assert_eq!(
            o.scenario_at(4).and_then(|e| e.flow.as_ref()).map(|f| f.text.as_str()),
            Some("F")
        );
    }
}
