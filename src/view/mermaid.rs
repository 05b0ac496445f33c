//! Mermaid flowchart text: containers as subgraphs, actions as boxes (name, then type),
//! outputs as labelled links, calls to other flows as stadium-shaped boxes; a coverage overlay
//! as classes (`hit`, `miss`, `dead`) and link styles, with counts in the labels.
//!
//! Every label is quoted; user text is escaped with Mermaid's entity codes (`#quot;`, `#lt;`,
//! `#amp;`...), so no name can break the syntax or inject markup.

use super::graph::{EdgeKind, FlowGraph, Hit, Shape};
use std::fmt::Write as _;

/// Escapes text for a quoted Mermaid label: quotes, markup and Mermaid's own specials become
/// entity codes; line breaks become spaces (labels are one line each).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '&' => out.push_str("#amp;"),
            '#' => out.push_str("#35;"),
            '|' => out.push_str("#124;"),
            '`' => out.push_str("#96;"),
            '[' => out.push_str("#91;"),
            ']' => out.push_str("#93;"),
            '{' => out.push_str("#123;"),
            '}' => out.push_str("#125;"),
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Escapes text for a double-quoted YAML string (the front matter's title). Mermaid shows the
/// title as sanitized HTML and decodes no entity there, so `<`, `>` and `&` are shown by
/// look-alikes (`‹`, `›`, `＆`) rather than lost.
fn yaml_quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '<' => out.push('‹'),
            '>' => out.push('›'),
            '&' => out.push('＆'),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The box's label: name, then type and count on a second line.
fn label(b: &super::graph::GBox) -> String {
    let name = escape(&b.name);
    let start = if b.start { "▶ " } else { "" };
    let detail = if b.detail.is_empty() {
        String::new()
    } else {
        format!("<br/><i>{}</i>", escape(&b.detail))
    };
    match b.shape {
        Shape::End => format!("{name}{}", b.hit.suffix()),
        _ => format!(
            "{start}{name}{detail}<br/><small>{}{}</small>",
            escape(&b.kind),
            b.hit.suffix()
        ),
    }
}

/// The graph as a Mermaid `flowchart TD`.
pub fn render(g: &FlowGraph) -> String {
    let mut out = String::new();
    // The front matter is YAML, read as plain text: a double-quoted YAML string.
    let _ = writeln!(out, "---\ntitle: \"{}\"\n---", yaml_quoted(&title(g)));
    out.push_str("flowchart TD\n");
    let write_box = |out: &mut String, i: usize, indent: &str| {
        let b = &g.boxes[i];
        let text = label(b);
        let _ = match b.shape {
            Shape::Action => writeln!(out, "{indent}n{i}[\"{text}\"]"),
            Shape::Choice => writeln!(out, "{indent}n{i}{{{{\"{text}\"}}}}"),
            Shape::Terminal => writeln!(out, "{indent}n{i}[/\"{text}\"/]"),
            Shape::End => writeln!(out, "{indent}n{i}((\"{text}\"))"),
            Shape::Callee => writeln!(out, "{indent}n{i}([\"{text}\"])"),
        };
    };
    for (gi, group) in g.groups.iter().enumerate() {
        let _ =
            writeln!(out, "  subgraph c{gi}[\"{}: {}\"]", escape(group.kind), escape(&group.name));
        out.push_str("    direction TB\n");
        for i in g.boxes_in(Some(gi)) {
            write_box(&mut out, i, "    ");
        }
        out.push_str("  end\n");
    }
    for i in g.boxes_in(None) {
        write_box(&mut out, i, "  ");
    }
    for e in &g.edges {
        let arrow = match e.kind {
            EdgeKind::Flow => "-->",
            EdgeKind::Error | EdgeKind::Jump | EdgeKind::Call => "-.->",
        };
        let text = format!("{}{}", escape(&e.label), e.hit.suffix());
        if text.is_empty() {
            let _ = writeln!(out, "  n{} {arrow} n{}", e.from, e.to);
        } else {
            let _ = writeln!(out, "  n{} {arrow}|\"{text}\"| n{}", e.from, e.to);
        }
    }
    // Styles: a start box, error paths, and the coverage overlay.
    out.push_str("  classDef start stroke-width:3px\n");
    let starts: Vec<String> =
        g.boxes.iter().enumerate().filter(|(_, b)| b.start).map(|(i, _)| format!("n{i}")).collect();
    if !starts.is_empty() {
        let _ = writeln!(out, "  class {} start", starts.join(","));
    }
    if g.coverage.is_some() {
        out.push_str("  classDef hit fill:#dff5e1,stroke:#2e7d32\n");
        out.push_str("  classDef miss fill:#fde2e2,stroke:#c62828,stroke-dasharray:4 3\n");
        out.push_str("  classDef dead fill:#eeeeee,stroke:#9e9e9e,stroke-dasharray:2 2\n");
        for class in ["hit", "miss", "dead"] {
            let ids: Vec<String> = g
                .boxes
                .iter()
                .enumerate()
                .filter(|(_, b)| b.hit.class() == class)
                .map(|(i, _)| format!("n{i}"))
                .collect();
            if !ids.is_empty() {
                let _ = writeln!(out, "  class {} {class}", ids.join(","));
            }
        }
    }
    for (k, e) in g.edges.iter().enumerate() {
        let style = match e.hit {
            Hit::Hit(_) => Some("stroke:#2e7d32,stroke-width:2px"),
            Hit::Miss => Some("stroke:#c62828,stroke-dasharray:4 3"),
            Hit::Dead => Some("stroke:#9e9e9e,stroke-dasharray:2 2"),
            Hit::Unknown if e.kind == EdgeKind::Error => Some("stroke:#b26a00"),
            Hit::Unknown => None,
        };
        if let Some(style) = style {
            let _ = writeln!(out, "  linkStyle {k} {style}");
        }
    }
    out
}

/// `Flow name (type)`, with the coverage when overlaid.
pub(super) fn title(g: &FlowGraph) -> String {
    let mut t = format!("{} ({})", g.flow, g.flow_type);
    if g.version == crate::flow::Version::Published {
        t.push_str(", published");
    }
    if let Some((nc, n, ec, e)) = g.coverage {
        let _ = write!(t, ": coverage nodes {nc}/{n}, edges {ec}/{e}");
    }
    t
}
