//! Graphviz DOT text: containers as `cluster_` subgraphs, actions as boxes (name, then type),
//! outputs as labelled edges, calls to other flows as distinct boxes; a coverage overlay as
//! colours and line styles, with counts in the labels. `dot -Tsvg` draws it.
//!
//! Every identifier and label is a quoted string; user text is escaped (`\"`, `\\`), so no name
//! can break the syntax.

use super::graph::{EdgeKind, FlowGraph, Hit, Shape};
use std::fmt::Write as _;

/// Escapes text for a quoted DOT string: backslashes and quotes; line breaks become `\n`
/// (DOT's centred line break).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

fn colours(hit: Hit) -> &'static str {
    match hit {
        Hit::Unknown => "color=\"#455a64\", fillcolor=\"#ffffff\"",
        Hit::Hit(_) => "color=\"#2e7d32\", fillcolor=\"#dff5e1\"",
        Hit::Miss => "color=\"#c62828\", fillcolor=\"#fde2e2\", penwidth=1.5",
        Hit::Dead => "color=\"#9e9e9e\", fillcolor=\"#eeeeee\"",
    }
}

/// The graph as a DOT `digraph`.
pub fn render(g: &FlowGraph) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "digraph \"{}\" {{", escape(&g.flow));
    let _ = writeln!(
        out,
        "  graph [label=\"{}\", labelloc=t, rankdir=TB, compound=true, fontname=\"Helvetica\", fontsize=12];",
        escape(&super::mermaid::title(g))
    );
    out.push_str(
        "  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", fontsize=11];\n",
    );
    out.push_str("  edge [fontname=\"Helvetica\", fontsize=10];\n");
    let write_box = |out: &mut String, i: usize, indent: &str| {
        let b = &g.boxes[i];
        let start = if b.start { "▶ " } else { "" };
        let label = match b.shape {
            Shape::End => format!("{}{}", escape(&b.name), b.hit.suffix()),
            _ if b.detail.is_empty() => {
                format!("{start}{}\\n{}{}", escape(&b.name), escape(&b.kind), b.hit.suffix())
            }
            _ => format!(
                "{start}{}\\n{}\\n{}{}",
                escape(&b.name),
                escape(&b.detail),
                escape(&b.kind),
                b.hit.suffix()
            ),
        };
        let shape = match b.shape {
            Shape::Action => "",
            Shape::Choice => ", shape=hexagon",
            Shape::Terminal => ", shape=parallelogram",
            Shape::End => ", shape=circle, fontsize=9",
            Shape::Callee => ", shape=box, style=\"filled,bold\", peripheries=2",
        };
        let pen = if b.start { ", penwidth=3" } else { "" };
        let tooltip = if b.node_id.is_empty() {
            String::new()
        } else {
            format!(", tooltip=\"{}\"", escape(&b.node_id))
        };
        let _ = writeln!(
            out,
            "{indent}n{i} [label=\"{label}\"{shape}, {}{pen}{tooltip}];",
            colours(b.hit)
        );
    };
    for (gi, group) in g.groups.iter().enumerate() {
        let _ = writeln!(out, "  subgraph \"cluster_{gi}\" {{");
        let _ = writeln!(
            out,
            "    label=\"{}: {}\"; style=\"rounded\"; color=\"#90a4ae\";",
            escape(group.kind),
            escape(&group.name)
        );
        for i in g.boxes_in(Some(gi)) {
            write_box(&mut out, i, "    ");
        }
        out.push_str("  }\n");
    }
    for i in g.boxes_in(None) {
        write_box(&mut out, i, "  ");
    }
    for e in &g.edges {
        let mut attrs = Vec::new();
        let text = format!("{}{}", escape(&e.label), e.hit.suffix());
        if !text.is_empty() {
            attrs.push(format!("label=\"{text}\""));
        }
        match e.kind {
            EdgeKind::Flow => {}
            EdgeKind::Error => attrs.push("style=dashed".into()),
            EdgeKind::Jump | EdgeKind::Call => attrs.push("style=dashed, constraint=false".into()),
        }
        match e.hit {
            Hit::Unknown if e.kind == EdgeKind::Error => attrs.push("color=\"#b26a00\"".into()),
            Hit::Unknown => {}
            Hit::Hit(_) => attrs.push("color=\"#2e7d32\", penwidth=2".into()),
            Hit::Miss => attrs.push("color=\"#c62828\", style=dashed".into()),
            Hit::Dead => attrs.push("color=\"#9e9e9e\", style=dotted".into()),
        }
        let attrs =
            if attrs.is_empty() { String::new() } else { format!(" [{}]", attrs.join(", ")) };
        let _ = writeln!(out, "  n{} -> n{}{attrs};", e.from, e.to);
    }
    out.push_str("}\n");
    out
}
