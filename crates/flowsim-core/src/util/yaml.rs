//! The one YAML reader: every YAML file flowsim reads (Archy flows and options, scenario files,
//! fixture files, replay configs) becomes a [`Y`] tree whose every node knows its line and
//! column, built in one pass over saphyr's parser events.
//!
//! Bounded and linear by construction:
//! - nesting is capped at [`MAX_DEPTH`] as the events arrive (saphyr's scanner refuses the
//!   256th level of `[ ]`/`{ }` itself), so nothing that walks a tree (conversion, serde, drop)
//!   can overflow the stack, and an over-deep file costs no more than reading up to the limit;
//! - aliases (`*name`) copy their anchor's node, at most [`MAX_ALIAS_BYTES`] in all, so a
//!   "billion laughs" file is refused at the alias that would pass the bound;
//! - duplicate mapping keys, when refused ([`Options::unique_keys`]), are found by sorting the
//!   keys of each mapping, never by comparing every pair.
//!
//! Scalars follow YAML 1.2's core schema (saphyr's): bare `yes`/`no` are strings, `true` and
//! `false` booleans. A plain scalar read as something other than a string keeps its text
//! ([`Y::raw`]), so a typed reader asking for a string gets `007` as written, not `7`.
//! Typed reading (serde) goes through [`from_str`] ([`de`]), whose errors carry the offending
//! node's line and column and its path (`scenarios[0].expect`).

pub mod de;
mod event;
mod fast;
pub mod split;
mod stream;

pub use de::{from_str, from_str_by, from_tree};
use saphyr::Scalar;
use saphyr_parser::{Event, Marker, Parser, ScanError};
pub use split::{from_str_split, from_str_split_by, By};
use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt::{self, Write as _};
pub use stream::{GiveUp, ReadFn, Reader};

/// The deepest nesting of mappings and sequences any YAML file may have (aliases included).
/// Real files stay under 60. 255 is also where saphyr's scanner stops `[ ]`/`{ }` nesting, so
/// one limit holds for every style.
pub const MAX_DEPTH: usize = 255;

/// How much aliases may copy in one file, in bytes of tree (each node counts its own size and
/// its text's): far above any real use of anchors, far below what exhausts memory.
pub const MAX_ALIAS_BYTES: usize = 64 << 20;

/// A 1-based line and column (in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pos {
    pub line: usize,
    pub col: usize,
}

/// One YAML node.
#[derive(Debug, Clone)]
pub struct Y {
    pub pos: Pos,
    pub v: V,
    /// A plain scalar's text when it did not read as a string (`007`, `1.10`, `~`, `True`).
    pub raw: Option<Box<str>>,
}

#[derive(Debug, Clone)]
pub enum V {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(Box<str>),
    Seq(Vec<Y>),
    /// Entries in file order.
    Map(Vec<(Y, Y)>),
}

/// Why a YAML file could not be read: a code, a message, and where.
///
/// Displayed as `path: message at line L column C` (the path omitted at the top).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// `yamlSyntax`, `tooDeep` (nesting past [`MAX_DEPTH`]), `aliasBudget` (aliases past
    /// [`MAX_ALIAS_BYTES`]), `duplicateKey`, or `badValue` (typed reading).
    pub code: crate::diag::Code,
    pub message: String,
    /// The node's path from the top, as `scenarios[0].expect` (typed reading and duplicates).
    pub path: Option<String>,
    pub pos: Option<Pos>,
}

impl Error {
    fn at(code: crate::diag::Code, message: String, pos: Pos) -> Error {
        Error { code, message, path: None, pos: Some(pos) }
    }

    /// What to do about an error of the reader's own (not the file format's), if it is one.
    pub fn help(&self) -> Option<&'static str> {
        Some(match self.code {
            crate::diag::Code::TooDeep => "real files nest far less: flatten the values (the limit is in `flowsim docs budgets`)",
            crate::diag::Code::AliasBudget => {
                "write the values out, or share fewer and smaller anchors (the limit is in `flowsim docs budgets`)"
            }
            crate::diag::Code::DuplicateKey => "write each key once: with two, one would be ignored",
            _ => return None,
        })
    }

    /// The 1-based line and column, if known.
    pub fn place(&self) -> Option<(usize, usize)> {
        self.pos.map(|p| (p.line, p.col))
    }

    /// The error without its place, `path: message`: for a diagnostic that shows the place
    /// ([`Error::place`]) beside it.
    pub fn what(&self) -> String {
        match self.path.as_deref().filter(|p| *p != ".") {
            Some(path) => format!("{path}: {}", self.message),
            None => self.message.clone(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.what())?;
        if let Some(p) = self.pos {
            write!(f, " at line {} column {}", p.line, p.col)?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

/// How a file is read.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// A mapping that writes one key twice is an error at the second (else both are kept and
    /// readers take the first).
    pub unique_keys: bool,
}

/// The position of a parser marker in the file as written: line and column by default, or
/// through a map when the text was rewritten first (Archy's `{{key}}` substitution).
pub trait Place {
    fn place(&self, m: &Marker) -> Pos;
}

/// The text is the file.
pub struct AsWritten;

impl Place for AsWritten {
    fn place(&self, m: &Marker) -> Pos {
        Pos { line: m.line(), col: m.col() + 1 }
    }
}

/// Reads the file's one document; `None` when it holds none (empty, or only comments).
///
/// # Errors
/// Syntax, nesting past [`MAX_DEPTH`], aliases past [`MAX_ALIAS_BYTES`] or to no anchor, a
/// second document, a duplicate key under [`Options::unique_keys`], with line and column.
pub fn parse(text: &str, options: Options, place: &impl Place) -> Result<Option<Y>, Error> {
    Builder { place, options, stack: Vec::new(), anchors: HashMap::new(), budget: MAX_ALIAS_BYTES }
        .run(text)
}

/// Reads a file as written into a JSON tree, refusing duplicate keys. An empty file is `null`.
///
/// # Errors
/// As [`parse`].
pub fn to_json(text: &str) -> Result<serde_json::Value, Error> {
    let tree = parse(text, Options { unique_keys: true }, &AsWritten)?;
    Ok(tree.map_or(serde_json::Value::Null, |t| t.json()))
}

/// A mapping or sequence whose end has not come yet.
struct Open {
    pos: Pos,
    anchor: usize,
    /// Height of the tallest child so far.
    height: usize,
    /// Bytes of the children so far (see [`MAX_ALIAS_BYTES`]).
    weight: usize,
    kind: Kind,
}

enum Kind {
    Seq(Vec<Y>),
    /// Entries and a key waiting for its value.
    Map(Vec<(Y, Y)>, Option<Y>),
}

/// An anchored node, with what an alias of it costs.
struct Anchored {
    node: Y,
    height: usize,
    weight: usize,
}

struct Builder<'p, P: Place> {
    place: &'p P,
    options: Options,
    stack: Vec<Open>,
    anchors: HashMap<usize, Anchored>,
    /// Bytes aliases may still copy.
    budget: usize,
}

impl<P: Place> Builder<'_, P> {
    fn run(mut self, text: &str) -> Result<Option<Y>, Error> {
        let mut documents = 0usize;
        let mut root = None;
        for event in Parser::new_from_str(text) {
            let (event, span) = event.map_err(|e| self.scan_error(&e, text))?;
            let pos = self.place.place(&span.start);
            // A finished node: its height, weight and anchor.
            let done = match event {
                Event::DocumentStart(_) => {
                    documents += 1;
                    if documents > 1 {
                        return Err(Error::at(
                            crate::diag::Code::YamlSyntax,
                            "the file holds one YAML document, this one holds more".into(),
                            pos,
                        ));
                    }
                    continue;
                }
                Event::Scalar(value, style, anchor, tag) => {
                    let node = scalar(&value, style, tag.as_ref(), pos)?;
                    let weight = own_weight(&node);
                    (node, 0, weight, anchor)
                }
                Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                    if self.stack.len() >= MAX_DEPTH {
                        return Err(too_deep(pos, ""));
                    }
                    let kind = if matches!(event, Event::SequenceStart(..)) {
                        Kind::Seq(Vec::new())
                    } else {
                        Kind::Map(Vec::new(), None)
                    };
                    self.stack.push(Open { pos, anchor, height: 0, weight: 0, kind });
                    continue;
                }
                Event::SequenceEnd | Event::MappingEnd => {
                    let open = self.stack.pop().expect("the parser pairs starts and ends");
                    let v = match open.kind {
                        Kind::Seq(items) => V::Seq(items),
                        Kind::Map(entries, _) => {
                            if self.options.unique_keys {
                                self.unique(&entries)?;
                            }
                            V::Map(entries)
                        }
                    };
                    let node = Y { pos: open.pos, v, raw: None };
                    let weight = open.weight + own_weight(&node);
                    (node, open.height + 1, weight, open.anchor)
                }
                Event::Alias(id) => {
                    let (node, height, weight) = self.alias(id, pos)?;
                    (node, height, weight, 0)
                }
                Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => {
                    continue;
                }
            };
            let (node, height, weight, anchor) = done;
            if anchor != 0 {
                self.charge(weight, pos)?;
                self.anchors.insert(anchor, Anchored { node: node.clone(), height, weight });
            }
            root = self.finish(node, height, weight);
        }
        Ok(root)
    }

    /// Puts a finished node into its parent, or returns it when it is the document's root.
    fn finish(&mut self, node: Y, height: usize, weight: usize) -> Option<Y> {
        let Some(parent) = self.stack.last_mut() else {
            return Some(node);
        };
        parent.height = parent.height.max(height);
        parent.weight += weight;
        match &mut parent.kind {
            Kind::Seq(items) => items.push(node),
            Kind::Map(entries, key) => match key.take() {
                None => *key = Some(node),
                Some(k) => entries.push((k, node)),
            },
        }
        None
    }

    /// A copy of an anchored node, if it fits under the depth and alias bounds here.
    fn alias(&mut self, id: usize, pos: Pos) -> Result<(Y, usize, usize), Error> {
        let Some(anchored) = self.anchors.get(&id) else {
            return Err(Error::at(
                crate::diag::Code::YamlSyntax,
                "an alias to no anchor".into(),
                pos,
            ));
        };
        let (height, weight) = (anchored.height, anchored.weight);
        if self.stack.len() + height > MAX_DEPTH {
            return Err(too_deep(pos, " (through aliases)"));
        }
        self.charge(weight, pos)?;
        let mut node = self.anchors[&id].node.clone();
        node.pos = pos;
        Ok((node, height, weight))
    }

    /// Counts a copy against [`MAX_ALIAS_BYTES`], and against the command's total of bytes
    /// read and made (`files::charge_made`), so that many small files cannot each copy their
    /// own limit.
    fn charge(&mut self, weight: usize, pos: Pos) -> Result<(), Error> {
        if let Some((made, total)) = crate::util::files::charge_made(weight) {
            return Err(Error::at(
                crate::diag::Code::AliasBudget,
                format!("with what this alias copies, this command would read and copy {made} bytes of files, more than its total of {total}"),
                pos,
            ));
        }
        self.budget = self.budget.checked_sub(weight).ok_or_else(|| {
            Error::at(
                crate::diag::Code::AliasBudget,
                format!(
                    "anchors and aliases copy more than {} MiB of YAML (a \"billion laughs\" file?)",
                    MAX_ALIAS_BYTES >> 20
                ),
                pos,
            )
        })?;
        Ok(())
    }

    /// Refuses a key written twice in one mapping, at the second: the first in file order to
    /// repeat an earlier key.
    fn unique(&self, entries: &[(Y, Y)]) -> Result<(), Error> {
        if let Some((k, _)) = entries.iter().find(|(k, _)| k.key().is_none()) {
            let message = format!("a mapping key must be text, not {}", k.kind());
            return Err(Error::at(crate::diag::Code::YamlSyntax, message, k.pos));
        }
        let repeat = if entries.len() <= 8 {
            // Small mappings (nearly all): compared pairwise, without allocating.
            (1..entries.len())
                .find(|&i| entries[..i].iter().any(|(k, _)| k.key() == entries[i].0.key()))
        } else {
            let mut keys: Vec<(Cow<'_, str>, usize)> =
                entries.iter().enumerate().filter_map(|(i, (k, _))| Some((k.key()?, i))).collect();
            keys.sort_unstable();
            keys.windows(2).filter(|w| w[0].0 == w[1].0).map(|w| w[1].1).min()
        };
        let Some(i) = repeat else { return Ok(()) };
        let key = &entries[i].0;
        let mut path = self.path();
        if path.is_empty() {
            path.push('.');
        }
        Err(Error {
            code: crate::diag::Code::DuplicateKey,
            message: format!(
                "duplicate key `{}` (a second value would silently replace the first)",
                key.key().unwrap_or_default()
            ),
            path: Some(path),
            pos: Some(key.pos),
        })
    }

    /// The path of the mapping just closed, from the open nodes around it.
    fn path(&self) -> String {
        let mut path = String::new();
        for open in &self.stack {
            match &open.kind {
                Kind::Seq(items) => {
                    let _ = write!(path, "[{}]", items.len());
                }
                Kind::Map(_, key) => {
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(&key.as_ref().and_then(Y::key).unwrap_or(Cow::Borrowed("?")));
                }
            }
        }
        path
    }

    fn scan_error(&self, e: &ScanError, text: &str) -> Error {
        let pos = self.place.place(e.marker());
        // The scanner's own bound on `[ ]`/`{ }` nesting, at the 256th level.
        if e.info() == "recursion limit exceeded" {
            return too_deep(pos, "");
        }
        // A tab where YAML wants spaces: the scanner marks the scalar or indentation the tab
        // broke, a line or more before it; the place to fix is the tab.
        if e.info().contains("tab") {
            if let Some(tab) = first_tab(text, e.marker()) {
                let message = format!("{}: YAML indents with spaces, never tabs", e.info());
                return Error::at(crate::diag::Code::YamlSyntax, message, self.place.place(&tab));
            }
        }
        Error::at(crate::diag::Code::YamlSyntax, e.info().to_owned(), pos)
    }
}

/// The tab a scanner's error at `from` is about, as a marker of the scanner's kind (character
/// index, line from 1, column from 0): one in the indentation before `from` on its line (the
/// scanner marks where the indentation ended), else the first from `from` on (it marks the
/// scalar a later line's tab broke). Linear in the text.
fn first_tab(text: &str, from: &Marker) -> Option<Marker> {
    let line_start = from.index().checked_sub(from.col())?;
    let mut chars = text.chars().skip(line_start);
    let indentation: Vec<char> = chars.by_ref().take(from.col()).collect();
    if indentation.iter().all(|c| matches!(c, ' ' | '\t')) {
        if let Some(col) = indentation.iter().position(|&c| c == '\t') {
            return Some(Marker::new(line_start + col, from.line(), col));
        }
    }
    let (mut line, mut col) = (from.line(), from.col());
    for (i, c) in chars.enumerate() {
        match c {
            '\t' => return Some(Marker::new(from.index() + i, line, col)),
            '\n' => (line, col) = (line + 1, 0),
            _ => col += 1,
        }
    }
    None
}

fn too_deep(pos: Pos, how: &str) -> Error {
    Error::at(
        crate::diag::Code::TooDeep,
        format!("the YAML nests deeper than {MAX_DEPTH} levels{how}"),
        pos,
    )
}

/// What a node weighs for [`MAX_ALIAS_BYTES`], without its children.
fn own_weight(node: &Y) -> usize {
    let text = match &node.v {
        V::Str(s) => s.len(),
        _ => 0,
    };
    std::mem::size_of::<Y>() + text + node.raw.as_ref().map_or(0, |r| r.len())
}

/// What a scalar is under the core schema.
#[derive(Debug, Clone, Copy)]
enum Resolved {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    /// The text as written.
    Str,
}

/// A scalar under the core schema: quoted and block scalars are strings whatever their tag;
/// `None` when a tag names a type the text is not (`!!int abc`).
fn resolve(
    value: &str,
    style: saphyr_parser::ScalarStyle,
    tag: Option<&Cow<'_, saphyr_parser::Tag>>,
) -> Option<Resolved> {
    if style != saphyr_parser::ScalarStyle::Plain {
        return Some(Resolved::Str);
    }
    Some(match Scalar::parse_from_cow_and_metadata(Cow::Borrowed(value), style, tag)? {
        Scalar::Null => Resolved::Null,
        Scalar::Boolean(b) => Resolved::Bool(b),
        Scalar::Integer(i) => Resolved::Int(i),
        Scalar::FloatingPoint(f) => Resolved::Float(f.into_inner()),
        Scalar::String(_) => Resolved::Str,
    })
}

fn scalar(
    value: &str,
    style: saphyr_parser::ScalarStyle,
    tag: Option<&Cow<'_, saphyr_parser::Tag>>,
    pos: Pos,
) -> Result<Y, Error> {
    let Some(resolved) = resolve(value, style, tag) else {
        let tag = tag.map(|t| format!("{}{}", t.handle, t.suffix)).unwrap_or_default();
        return Err(Error::at(
            crate::diag::Code::YamlSyntax,
            format!("`{value}` is not a valid {tag}"),
            pos,
        ));
    };
    let v = match resolved {
        Resolved::Null => V::Null,
        Resolved::Bool(b) => V::Bool(b),
        Resolved::Int(i) => V::Int(i),
        Resolved::Float(f) => V::Float(f),
        Resolved::Str => return Ok(Y { pos, v: V::Str(value.into()), raw: None }),
    };
    Ok(Y { pos, v, raw: Some(value.into()) })
}

/// A key a mapping writes twice ([`Y::duplicate_keys`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duplicate {
    pub key: String,
    /// Where the key is first written.
    pub first: Pos,
    /// Where it is written again.
    pub again: Pos,
}

impl Y {
    /// Every key a mapping of this tree writes again, in file order: what a reader that keeps
    /// both ([`Options::default`]) leaves for its caller to report. Linear (pairs compared in
    /// small mappings, keys sorted in large ones) and iterative, whatever the nesting.
    pub fn duplicate_keys(&self) -> Vec<Duplicate> {
        let mut out = Vec::new();
        let mut stack = vec![self];
        while let Some(node) = stack.pop() {
            match &node.v {
                V::Seq(items) => stack.extend(items.iter()),
                V::Map(entries) if entries.len() <= 8 => {
                    // Small mappings (nearly all): compared pairwise, without allocating.
                    for (i, (k, _)) in entries.iter().enumerate() {
                        let Some(key) = k.key() else { continue };
                        if let Some((first, _)) =
                            entries[..i].iter().find(|(f, _)| f.key().as_ref() == Some(&key))
                        {
                            let key = key.into_owned();
                            out.push(Duplicate { key, first: first.pos, again: k.pos });
                        }
                    }
                    stack.extend(entries.iter().map(|(_, v)| v));
                }
                V::Map(entries) => {
                    let mut keys: Vec<(Cow<'_, str>, usize)> = entries
                        .iter()
                        .enumerate()
                        .filter_map(|(i, (k, _))| Some((k.key()?, i)))
                        .collect();
                    keys.sort();
                    // Runs of one key, in file order: each after the first is written again.
                    for run in keys.chunk_by(|a, b| a.0 == b.0).filter(|r| r.len() > 1) {
                        let first = entries[run[0].1].0.pos;
                        for (key, i) in &run[1..] {
                            let key = key.clone().into_owned();
                            out.push(Duplicate { key, first, again: entries[*i].0.pos });
                        }
                    }
                    stack.extend(entries.iter().map(|(_, v)| v));
                }
                _ => {}
            }
        }
        out.sort_by_key(|d| (d.again.line, d.again.col));
        out
    }

    /// The node as a mapping key, for duplicates and paths: a scalar's text as written.
    pub fn key(&self) -> Option<Cow<'_, str>> {
        match (&self.v, &self.raw) {
            (V::Str(s), _) => Some(Cow::Borrowed(s)),
            (_, Some(raw)) => Some(Cow::Borrowed(raw)),
            (V::Seq(_) | V::Map(_), None) => None,
            _ => self.text(),
        }
    }

    /// A scalar's text: strings as they are, numbers and booleans as YAML wrote them
    /// (`None` for mappings and sequences; `""` for null).
    pub fn text(&self) -> Option<Cow<'_, str>> {
        Some(match &self.v {
            V::Str(s) => Cow::Borrowed(s),
            V::Int(i) => Cow::Owned(i.to_string()),
            V::Float(f) => Cow::Owned(f.to_string()),
            V::Bool(b) => Cow::Borrowed(if *b { "true" } else { "false" }),
            V::Null => Cow::Borrowed(""),
            V::Seq(_) | V::Map(_) => return None,
        })
    }

    /// What kind of node this is, for messages.
    pub fn kind(&self) -> &'static str {
        match self.v {
            V::Null => "null",
            V::Bool(_) => "a boolean",
            V::Int(_) => "an integer",
            V::Float(_) => "a decimal",
            V::Str(_) => "a string",
            V::Seq(_) => "a list",
            V::Map(_) => "a mapping",
        }
    }

    /// The node as JSON, keys as written (`1.10:` is `"1.10"`). Depth is bounded by the reader.
    pub fn json(&self) -> serde_json::Value {
        self.json_keyed(Y::key)
    }

    /// The node as JSON, each mapping key named by `key` (an empty name when it has none).
    pub fn json_keyed(&self, key: fn(&Y) -> Option<Cow<'_, str>>) -> serde_json::Value {
        use serde_json::Value as J;
        match &self.v {
            V::Null => J::Null,
            V::Bool(b) => J::Bool(*b),
            V::Int(i) => J::from(*i),
            V::Float(f) => serde_json::Number::from_f64(*f).map_or(J::Null, J::Number),
            V::Str(s) => J::String(s.to_string()),
            V::Seq(items) => J::Array(items.iter().map(|y| y.json_keyed(key)).collect()),
            V::Map(m) => J::Object(
                m.iter()
                    .map(|(k, v)| (key(k).unwrap_or_default().into_owned(), v.json_keyed(key)))
                    .collect(),
            ),
        }
    }
}

/// Readings of a node that flow files (Archy's) need.
impl Y {
    /// A mapping's value for `key` (the first, should a key repeat).
    pub fn get(&self, key: &str) -> Option<&Y> {
        self.entries().find(|(k, _)| *k == key).map(|(_, v)| v)
    }

    /// A mapping's entries with their keys as text (`[]` for anything else).
    pub fn entries(&self) -> impl Iterator<Item = (Cow<'_, str>, &Y)> {
        let entries: &[(Y, Y)] = match &self.v {
            V::Map(m) => m,
            _ => &[],
        };
        entries.iter().map(|(k, v)| (k.text().unwrap_or(Cow::Borrowed("")), v))
    }

    /// Entries as [`entries`](Self::entries) with the key nodes, for positions.
    pub fn entry_nodes(&self) -> &[(Y, Y)] {
        match &self.v {
            V::Map(m) => m,
            _ => &[],
        }
    }

    pub fn seq(&self) -> Option<&[Y]> {
        match &self.v {
            V::Seq(s) => Some(s),
            _ => None,
        }
    }

    pub fn is_map(&self) -> bool {
        matches!(self.v, V::Map(_))
    }

    /// An output's name as a key: YAML 1.1 read bare `yes`/`no` as booleans, and files written
    /// by such tools may say `true:`/`false:` where Archy means `yes`/`no`.
    pub fn output_name(&self) -> Option<Cow<'_, str>> {
        match self.v {
            V::Bool(b) => Some(Cow::Borrowed(if b { "yes" } else { "no" })),
            _ => self.text(),
        }
    }

    /// `true`, `"true"` and `yes` are true.
    pub fn truthy(&self) -> bool {
        match &self.v {
            V::Bool(b) => *b,
            V::Str(s) => s.eq_ignore_ascii_case("true") || s.eq_ignore_ascii_case("yes"),
            _ => false,
        }
    }

    /// The node as JSON (for parts read by a JSON reader: the NLU domain), keys named as
    /// Archy names outputs (`yes:` and `true:` are `"yes"`).
    pub fn to_json(&self) -> serde_json::Value {
        self.json_keyed(Y::output_name)
    }

    /// A list item of Archy's `- key: {...}` form: its one key and value.
    pub fn single(&self) -> Option<(Cow<'_, str>, &Y)> {
        match &self.v {
            V::Map(m) if m.len() == 1 => Some((m[0].0.text()?, &m[0].1)),
            _ => None,
        }
    }
}

/// For tests, here and in the crates above: the events' fast path reads what the tree reads,
/// or gives up; never something else.
#[doc(hidden)]
pub mod testing {
    use super::{fast, parse, stream, AsWritten, Options};

    /// Asserts that the borrowing scanner gives saphyr's events for `text` (each event and
    /// where it starts), or declines after a prefix of them; whether it read the text.
    ///
    /// # Panics
    /// When the events differ.
    #[track_caller]
    pub fn fast_events_alike(text: &str) -> bool {
        fast::assert_alike(text)
    }

    /// How many events the borrowing scanner gives for `text`, or `None` when it declines
    /// (for benchmarks: the scanner alone).
    pub fn fast_events(text: &str) -> Option<usize> {
        let mut scanner = fast::Fast::new(text);
        let mut events = 0;
        while scanner.next_event().is_some() {
            events += 1;
        }
        (!scanner.declined()).then_some(events)
    }

    /// As [`fast_events_alike`], and the events' fast path reads the same JSON value from
    /// either source.
    ///
    /// # Panics
    /// When the events or the values differ.
    #[track_caller]
    pub fn fast_reads_alike(text: &str) -> bool {
        let read = fast::assert_alike(text);
        let value = stream::read(text, stream::by_serde::<serde_json::Value>);
        assert_eq!(value, stream::read_saphyr::<serde_json::Value>(text), "{text:?}");
        read
    }

    /// The value of [`super::from_str_split`]'s read in `parts` parts, or `None` when it would
    /// read the text in one piece (too small, not cut, or a part gave up).
    pub fn read_in_parts<T, I>(
        text: &str,
        key: &str,
        list: fn(&mut T) -> &mut Vec<I>,
        parts: usize,
    ) -> Option<T>
    where
        T: serde::de::DeserializeOwned + Send,
        I: serde::de::DeserializeOwned + Send,
    {
        super::split::read_split(text, key, list, parts)
    }

    /// As [`read_in_parts`], the values read by `by`.
    pub fn read_in_parts_by<T: Send, I: Send>(
        text: &str,
        key: &str,
        list: fn(&mut T) -> &mut Vec<I>,
        parts: usize,
        by: &super::By<T, I>,
    ) -> Option<T> {
        super::split::read_split_by(text, key, list, parts, by)
    }

    /// The text as `T` read from its events by `how` alone, or `None` when it gives up.
    pub fn read_by<T>(text: &str, how: super::ReadFn<T>) -> Option<T> {
        stream::read(text, how)
    }

    /// Asserts that `text` is read alike by the events and the tree (`fast`), or that the
    /// events give up on it.
    #[track_caller]
    pub fn reads_alike<T: serde::de::DeserializeOwned + std::fmt::Debug>(text: &str, fast: bool) {
        let tree = parse(text, Options { unique_keys: true }, &AsWritten)
            .ok()
            .flatten()
            .and_then(|t| super::from_tree::<T>(&t).ok());
        let events = stream::read(text, stream::by_serde::<T>);
        assert_eq!(events.is_some(), fast, "{text}: {events:?}");
        if let Some(events) = events {
            assert_eq!(format!("{events:?}"), format!("{:?}", tree.expect("the tree reads it")));
        }
    }
}

#[cfg(test)]
mod tests;
