//! A self-contained SVG of a flow, laid out by flowsim ([`super::layout`]): no external
//! Graphviz, fonts, scripts or links. Containers are framed and titled; boxes are coloured by
//! coverage (`hit` green with the count, `miss` red and dashed, `dead` grey), each with a
//! tooltip naming the node's id; a stub that leads to another container links to its frame.
//!
//! Text is XML-escaped once, here ([`escape`]). Several pictures can share one HTML page:
//! every id carries the caller's prefix.

use super::graph::{EdgeKind, FlowGraph, Hit, Shape};
use super::layout::{self, Item, Line, LINE_H};
use std::fmt::Write as _;

/// Escapes text for XML character data and attribute values.
pub fn escape(text: &str) -> String {
    crate::util::xml::escape(text)
}

/// How a box is painted, by coverage: (fill, stroke, dash). Presentation attributes, not CSS:
/// renderers without a stylesheet engine (ImageMagick, some viewers) draw the same picture.
fn box_paint(hit: Hit) -> (&'static str, &'static str, &'static str) {
    match hit {
        Hit::Unknown => ("#ffffff", "#546e7a", ""),
        Hit::Hit(_) => ("#dff5e1", "#2e7d32", ""),
        Hit::Miss => ("#fde2e2", "#c62828", " stroke-dasharray=\"5 3\""),
        Hit::Dead => ("#eeeeee", "#9e9e9e", " stroke-dasharray=\"2 2\""),
    }
}

/// How an edge is painted: (stroke, width, dash).
fn edge_paint(kind: EdgeKind, hit: Hit) -> (&'static str, &'static str, &'static str) {
    match (hit, kind) {
        (Hit::Hit(_), _) => ("#2e7d32", "2.2", ""),
        (Hit::Miss, _) => ("#c62828", "1.3", " stroke-dasharray=\"5 3\""),
        (Hit::Dead, _) => ("#9e9e9e", "1.3", " stroke-dasharray=\"2 2\""),
        (Hit::Unknown, EdgeKind::Error) => ("#b26a00", "1.3", " stroke-dasharray=\"6 3\""),
        (Hit::Unknown, EdgeKind::Jump | EdgeKind::Call) => {
            ("#546e7a", "1.3", " stroke-dasharray=\"3 3\"")
        }
        (Hit::Unknown, EdgeKind::Flow) => ("#546e7a", "1.3", ""),
    }
}

/// The marker colours, by the class an edge carries.
const MARKERS: [(&str, &str); 5] = [
    ("plain", "#546e7a"),
    ("hit", "#2e7d32"),
    ("miss", "#c62828"),
    ("dead", "#9e9e9e"),
    ("error", "#b26a00"),
];

/// A number as SVG writes it (`util::xml::number`, shared by every picture).
fn n(v: f64) -> String {
    crate::util::xml::number(v)
}

/// The coverage overlay's legend, under the title.
pub const LEGEND: &str = "green: covered (×N: times run or taken) · red, dashed: never reached · grey: error path of a node that cannot fail";
/// Width assumed per character of the legend (11px), as generous as [`layout::CHAR_W`] is
/// for 12px text.
pub const LEGEND_CHAR_W: f64 = 6.2;
/// Where the title and legend start, and the room kept after them.
pub const MARGIN: f64 = 12.0;
/// The narrowest picture.
const MIN_WIDTH: f64 = 420.0;

/// The picture's width: its layout's, and never narrower than its title and legend (so a
/// one-box flow with a long name shows its whole title).
fn canvas_width(g: &FlowGraph, title: &str, laid_out: f64) -> f64 {
    let text = |s: &str, per_char: f64| 2.0 * MARGIN + s.chars().count() as f64 * per_char;
    let mut w = laid_out.max(MIN_WIDTH).max(text(title, layout::TITLE_CHAR_W));
    if g.coverage.is_some() {
        w = w.max(text(LEGEND, LEGEND_CHAR_W));
    }
    w
}

/// The picture as an SVG document (no XML declaration, so it can be inlined in HTML too).
/// `prefix` makes its ids unique on a page that shows several.
pub fn render(g: &FlowGraph, prefix: &str) -> String {
    render_sized(g, prefix).0
}

/// [`render`], with the picture's width in pixels.
pub fn render_sized(g: &FlowGraph, prefix: &str) -> (String, f64) {
    let pic = layout::picture(g);
    let header_h = if g.coverage.is_some() { 44.0 } else { 28.0 };
    let title = super::mermaid::title(g);
    let width = canvas_width(g, &title, pic.width);
    let height = pic.height + header_h;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"fsg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" font-family=\"Helvetica, Arial, sans-serif\" role=\"img\" aria-label=\"{label}\">",
        w = n(width),
        h = n(height),
        label = escape(&title)
    );
    out.push_str("<defs>");
    for (class, colour) in MARKERS {
        let _ = write!(
            out,
            "<marker id=\"{prefix}arrow-{class}\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"{colour}\"/></marker>"
        );
    }
    out.push_str("</defs>\n");
    let _ = writeln!(
        out,
        "<text class=\"fsg-title\" x=\"{}\" y=\"20\" font-size=\"13\" font-weight=\"bold\" fill=\"#37474f\">{}</text>",
        n(MARGIN),
        escape(&title)
    );
    if g.coverage.is_some() {
        let _ = writeln!(
            out,
            "<text class=\"fsg-legend\" x=\"{}\" y=\"37\" font-size=\"11\" fill=\"#37474f\">{}</text>",
            n(MARGIN),
            escape(LEGEND)
        );
    }
    let _ = writeln!(out, "<g transform=\"translate(0,{})\">", n(header_h));
    for f in &pic.frames {
        let id = f.group.map(|c| format!(" id=\"{prefix}c{c}\"")).unwrap_or_default();
        if f.title.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "<g class=\"fsg-group\"{id}><rect class=\"fsg-frame\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"8\" fill=\"#f7f9fb\" stroke=\"#b0bec5\"/><text class=\"fsg-title\" x=\"{}\" y=\"{}\" font-size=\"13\" font-weight=\"bold\" fill=\"#37474f\">{}</text></g>",
            n(f.x),
            n(f.y),
            n(f.w),
            n(f.h),
            n(f.x + 12.0),
            n(f.y + 18.0),
            escape(&f.title)
        );
    }
    for l in &pic.lines {
        line(&mut out, l, prefix);
    }
    for it in &pic.items {
        item(&mut out, g, it, prefix);
    }
    out.push_str("</g>\n</svg>\n");
    (out, width)
}

fn line(out: &mut String, l: &Line, prefix: &str) {
    let p = &l.path;
    if p.len() < 4 {
        return;
    }
    let mut d = format!("M{} {} C{} {} ", n(p[0].0), n(p[0].1), n(p[1].0), n(p[1].1));
    for (i, pt) in p.iter().enumerate().skip(2) {
        if i == 4 {
            d.push('S');
        }
        let _ = write!(d, "{} {} ", n(pt.0), n(pt.1));
    }
    let kind = match l.kind {
        EdgeKind::Flow => "flow",
        EdgeKind::Error => "error",
        EdgeKind::Jump => "jump",
        EdgeKind::Call => "call",
    };
    let marker = match l.hit {
        Hit::Unknown if l.kind == EdgeKind::Error => "error",
        other => other.class(),
    };
    let heads = match l.heads {
        (true, true) => format!(" marker-start=\"url(#{prefix}arrow-{marker})\" marker-end=\"url(#{prefix}arrow-{marker})\""),
        (true, false) => format!(" marker-start=\"url(#{prefix}arrow-{marker})\""),
        (false, true) => format!(" marker-end=\"url(#{prefix}arrow-{marker})\""),
        (false, false) => String::new(),
    };
    let (stroke, width, dash) = edge_paint(l.kind, l.hit);
    let _ = writeln!(
        out,
        "<path class=\"fsg-edge fsg-{kind} fsg-{}\" d=\"{}\" fill=\"none\" stroke=\"{stroke}\" stroke-width=\"{width}\"{dash}{heads}/>",
        l.hit.class(),
        d.trim_end()
    );
    if let (Some((x, y)), Some((bx, by, bw, bh))) = (l.label_at, l.label_box()) {
        let colour = match l.hit {
            Hit::Hit(_) => "#1b5e20",
            Hit::Miss => "#c62828",
            _ => "#37474f",
        };
        // A plain backing rectangle rather than a text halo: every renderer draws it. Its
        // size is the one the layout kept free of other labels and boxes.
        let _ = writeln!(
            out,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#ffffff\" fill-opacity=\"0.85\" stroke=\"none\"/><text class=\"fsg-label fsg-{}\" x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"11\" fill=\"{colour}\">{}</text>",
            n(bx),
            n(by),
            n(bw),
            n(bh),
            l.hit.class(),
            n(x),
            n(y + 4.0),
            escape(&l.label)
        );
    }
}

fn item(out: &mut String, g: &FlowGraph, it: &Item, prefix: &str) {
    let mut classes = format!("fsg-box fsg-{}", it.hit.class());
    if it.start {
        classes.push_str(" fsg-start");
    }
    let tip = match it.source.map(|b| &g.boxes[b]) {
        Some(b) if !b.node_id.is_empty() => {
            format!("{} ({}), id {}{}", b.name, b.kind, b.node_id, hits_text(b.hit))
        }
        Some(b) => format!("{} ({}){}", b.name, b.kind, hits_text(b.hit)),
        None => it.lines.join(" "),
    };
    let (x, y, w, h) = (it.x, it.y, it.w, it.h);
    let (fill, stroke, dash) = box_paint(it.hit);
    let heavy = it.start || it.shape == Shape::Terminal;
    let paint = format!(
        " fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"{}\"{dash}",
        if heavy { "2.6" } else { "1.2" }
    );
    let shape = match it.shape {
        Shape::Action => format!("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"6\"{paint}/>", n(x), n(y), n(w), n(h)),
        Shape::Choice => {
            let k = 10.0_f64.min(w / 4.0);
            format!(
                "<polygon points=\"{},{} {},{} {},{} {},{} {},{} {},{}\"{paint}/>",
                n(x + k), n(y), n(x + w - k), n(y), n(x + w), n(y + h / 2.0),
                n(x + w - k), n(y + h), n(x + k), n(y + h), n(x), n(y + h / 2.0)
            )
        }
        Shape::Terminal => format!(
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"2\"{paint}/>",
            n(x), n(y), n(w), n(h)
        ),
        Shape::End => format!("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"{}\"{paint}/>", n(x), n(y), n(w), n(h), n(h / 2.0)),
        Shape::Callee => format!(
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"4\"{paint}/><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"3\" fill=\"none\" stroke=\"{stroke}\"/>",
            n(x), n(y), n(w), n(h), n(x + 4.0), n(y + 4.0), n(w - 8.0), n(h - 8.0)
        ),
    };
    let (open, close) = match it.link {
        Some(c) => (format!("<a href=\"#{prefix}c{c}\">"), "</a>"),
        None => (String::new(), ""),
    };
    let _ = write!(out, "{open}<g class=\"{classes}\"><title>{}</title>{shape}", escape(&tip));
    let top = y + (h - it.lines.len() as f64 * LINE_H) / 2.0 + 11.5;
    let last = it.lines.len() - 1;
    let has_detail = it.source.is_some_and(|b| !g.boxes[b].detail.is_empty());
    for (i, text) in it.lines.iter().enumerate() {
        let kind = i == last && it.shape != Shape::End && it.source.is_some();
        let class = if kind {
            let colour = if it.hit == Hit::Miss { "#c62828" } else { "#607d8b" };
            format!(" class=\"fsg-kind\" font-size=\"11\" fill=\"{colour}\"")
        } else if has_detail && i + 2 == it.lines.len() {
            " class=\"fsg-detail\" font-size=\"11\" font-style=\"italic\" fill=\"#37474f\""
                .to_owned()
        } else {
            " font-size=\"12\" fill=\"#263238\"".to_owned()
        };
        let _ = write!(
            out,
            "<text{class} x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
            n(x + w / 2.0),
            n(top + i as f64 * LINE_H),
            escape(text)
        );
    }
    let _ = writeln!(out, "</g>{close}");
}

fn hits_text(hit: Hit) -> String {
    match hit {
        Hit::Hit(Some(n)) => format!(": run {n} time(s)"),
        Hit::Hit(None) => ": covered".into(),
        Hit::Miss => ": never reached".into(),
        Hit::Dead => ": cannot be taken".into(),
        Hit::Unknown => String::new(),
    }
}
