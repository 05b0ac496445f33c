//! Where a check's diagnostic about an Architect flow's action or one of its expressions is
//! written in the flow's file: the one place the checks turn an expression's span into a line,
//! a column and a caret.
//!
//! An expression's place comes from the loader's record of where it is written
//! ([`ExprSource`]: an Archy scalar's line and column, an export string's JSON path), then the
//! offset inside the scalar through [`scalar_pos`] (escapes counted; a form whose inner columns
//! cannot be read back gives the scalar's start). Without a record (an expression the loader
//! built, not parsed from the file), the action's own place.

use crate::diag::{Diagnostic, Span};
use crate::expr::Expr;
use crate::flow::model::{ExprSource, Node, SourceAt};
use crate::flow::{Flow, Format};
use crate::util::json_pos::{position, segments};
use crate::util::scalar_pos;
use std::cell::OnceCell;

/// A flow's file text, read once, when a diagnostic first needs a place.
pub(super) struct Source<'f> {
    flow: &'f Flow,
    text: OnceCell<Option<String>>,
}

impl<'f> Source<'f> {
    pub fn new(flow: &'f Flow) -> Self {
        Source { flow, text: OnceCell::new() }
    }

    fn text(&self) -> Option<&str> {
        self.text.get_or_init(|| std::fs::read_to_string(&self.flow.file).ok()).as_deref()
    }

    /// `d` at `span` of expression `e` of `node`: the line and column of that part in the
    /// file, and a caret under it in the expression's text.
    pub fn expr(&self, d: Diagnostic, node: &Node, e: &Expr, span: Span) -> Diagnostic {
        let Some(src) = self.source_of(node, e) else {
            // The expression as printed, with the caret under the part at `span`.
            let whole = e.to_string();
            let part = super::compare::part_at(e, span).map(ToString::to_string);
            let d = match part.and_then(|p| Some((whole.find(&p)?, p.len()))) {
                Some((start, len)) => d.snippet(&whole, Span::new(start, start + len)),
                None => d.snippet(&whole, Span::new(0, whole.len())),
            };
            return self.node(d, node);
        };
        let d = d.snippet(&*src.text, span);
        let text = self.text();
        let start = text.and_then(|t| match &src.at {
            SourceAt::Pos { line, col } => scalar_pos::byte_at(t, *line as usize, *col as usize),
            SourceAt::Json(path) => json_byte(t, path),
        });
        match (text, start) {
            (Some(t), Some(start)) => {
                let (line, col) = scalar_pos::position(t, start, &src.text, span.start as usize);
                d.at(line, col)
            }
            _ => self.node(d, node),
        }
    }

    /// `d` at `node`'s place in the file: an Archy action's key; an export action's object.
    pub fn node(&self, d: Diagnostic, node: &Node) -> Diagnostic {
        match self.flow.format {
            Format::Archy if node.line > 0 => {
                let line = node.line as usize;
                let col = self.text().and_then(|t| t.lines().nth(line - 1)).map_or(1, |l| {
                    let key = l.trim_start().trim_start_matches('-').trim_start();
                    l[..l.len() - key.len()].chars().count() + 1
                });
                d.at(line, col)
            }
            Format::Export => {
                let paths = &self.flow.arch.node_paths;
                let Some((_, path)) = paths.iter().find(|(id, _)| *id == node.id) else {
                    return d;
                };
                match self.text().and_then(|t| position(t, &segments(path))) {
                    Some((line, col)) => d.at(line, col),
                    None => d,
                }
            }
            Format::Json if node.line > 0 => d.at(node.line as usize, 1),
            _ => d,
        }
    }

    /// `d` at the first place at or after `node`'s line where the file writes `name` (a
    /// variable an action writes, which is no expression); else at the node.
    pub fn written(&self, d: Diagnostic, node: &Node, name: &str) -> Diagnostic {
        let from = (node.line as usize).max(1);
        let found = self.text().and_then(|t| {
            t.lines().enumerate().skip(from - 1).find_map(|(i, line)| {
                let col = line.find(name)?;
                Some((i + 1, line[..col].chars().count() + 1))
            })
        });
        match found {
            Some((line, col)) if node.line > 0 => d.at(line, col),
            _ => self.node(d, node),
        }
    }

    /// `d` at the first place in the file that writes `name` (a declared variable); without
    /// the file, `d` as it is.
    pub fn declared(&self, d: Diagnostic, name: &str) -> Diagnostic {
        let found = self.text().and_then(|t| {
            t.lines().enumerate().find_map(|(i, line)| {
                let col = line.find(name)?;
                Some((i + 1, line[..col].chars().count() + 1))
            })
        });
        match found {
            Some((line, col)) => d.at(line, col),
            None => d,
        }
    }

    /// The loader's record of where `node`'s expression `e` is written.
    fn source_of(&self, node: &Node, e: &Expr) -> Option<&'f ExprSource> {
        self.flow.arch.sources.iter().find(|s| {
            *s.node == *node.id && crate::expr::parse_architect(&s.text).is_ok_and(|p| p == *e)
        })
    }
}

/// The byte where the JSON value at `path` (a string) starts in `text`.
fn json_byte(text: &str, path: &str) -> Option<usize> {
    let (line, col) = position(text, &segments(path))?;
    scalar_pos::byte_at(text, line, col)
}

/// `d` at `node`'s place in `flow`'s file ([`Source::node`]).
pub(super) fn at_node(flow: &Flow, node: &Node, d: Diagnostic) -> Diagnostic {
    Source::new(flow).node(d, node)
}
