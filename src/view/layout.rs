//! Where each box and edge of a diagram goes, computed by flowsim itself: each container is
//! laid out on its own with `layout-rs` (a Sugiyama-style layered layout: cycles broken, ranks,
//! crossings reduced, Brandes–Köpf placement, edges routed through their label), then the
//! containers are packed in rows in file order.
//!
//! `layout-rs` costs more than linear time in a container's size (its cycle breaking and
//! placement), so a container of more than [`LAYERED_ABOVE`] boxes and edges is laid out by
//! [`super::layered`] instead, in linear time: plainer, but every box is drawn. The whole
//! picture costs time and memory linear in the flow (each container at most
//! [`LAYERED_ABOVE`]² in `layout-rs`, and that only when it has [`LAYERED_ABOVE`] boxes).
//!
//! An edge that leaves its container (a jump, a call into a reusable task, a common module, a
//! transfer) ends at a small box inside the container that names where it goes, so every
//! container reads on its own and no line crosses the picture. Parallel edges between the
//! same two boxes are drawn once, their labels joined.

use super::graph::{EdgeKind, FlowGraph, Hit, Shape};
use layout::core::base::Orientation;
use layout::core::format::{ClipHandle, RenderBackend};
use layout::core::geometry::Point;
use layout::core::style::StyleAttr;
use layout::std_shapes::shapes::{Arrow, Element, ShapeKind};
use layout::topo::layout::VisualGraph;

/// Text metrics the layout assumes (12px sans-serif, generous so text never overflows).
pub const CHAR_W: f64 = 7.0;
pub const LINE_H: f64 = 15.0;
/// Width assumed per character of a title (13px bold: the picture's and each container's),
/// as generous as [`CHAR_W`] is for 12px text.
pub const TITLE_CHAR_W: f64 = 8.0;
/// Characters per line of a box's name before it wraps (two lines at most).
pub const WRAP: usize = 30;
/// The widest row of containers before the next row starts.
const ROW_WIDTH: f64 = 1600.0;
const GAP: f64 = 24.0;
const TITLE_H: f64 = 26.0;
const PAD: f64 = 14.0;
/// Above this many boxes and edges in one container, crossings are not reduced: `layout-rs`'s
/// crossing pass is cubic in a rank's width, and a picture that size is read by zooming anyway.
const OPTIMIZE_UP_TO: usize = 300;
/// Above this many boxes and edges in one container, it is laid out by [`super::layered`]
/// (linear) rather than `layout-rs` (whose cycle breaking is quadratic).
pub const LAYERED_ABOVE: usize = 600;

/// A box as drawn: a box of the graph, or a stub naming where an edge leaves to.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// The graph's box, or `None` for a stub.
    pub source: Option<usize>,
    pub lines: Vec<String>,
    pub shape: Shape,
    pub hit: Hit,
    pub start: bool,
    /// A stub that leads to a container: its index (the SVG links to it).
    pub link: Option<usize>,
    /// Top-left corner and size, in the picture's coordinates.
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

/// An edge as drawn.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub label: String,
    pub kind: EdgeKind,
    pub hit: Hit,
    /// A cubic Bézier path as `layout-rs` routes it: the first point with its exit control,
    /// then (control, point) pairs.
    pub path: Vec<(f64, f64)>,
    /// Arrow heads at the (start, end).
    pub heads: (bool, bool),
    /// Where the label goes (its centre).
    pub label_at: Option<(f64, f64)>,
}

/// An edge label's text width per character (11px sans-serif, capitals included), and its
/// backing box's padding either side and height: one size for where a label is laid out and
/// for the box drawn behind it.
const LABEL_CHAR_W: f64 = 6.8;
const LABEL_PAD: f64 = 4.0;
const LABEL_H: f64 = 14.0;

impl Line {
    /// The label's backing box, `(x, y, w, h)`, centred on `label_at`.
    pub fn label_box(&self) -> Option<(f64, f64, f64, f64)> {
        let (x, y) = self.label_at?;
        let half = self.label.chars().count() as f64 * LABEL_CHAR_W / 2.0 + LABEL_PAD;
        Some((x - half, y - LABEL_H / 2.0, 2.0 * half, LABEL_H))
    }
}

/// Whether boxes `a` and `b` (`(x, y, w, h)`) share any area, a margin of `gap` around `a`.
fn overlap(a: (f64, f64, f64, f64), b: (f64, f64, f64, f64), gap: f64) -> bool {
    a.0 - gap < b.0 + b.2 && b.0 < a.0 + a.2 + gap && a.1 - gap < b.1 + b.3 && b.1 < a.1 + a.3 + gap
}

/// Moves edge labels so that no two overlap and none covers a box: each, in edge order, keeps
/// the routed midpoint when it is free, else takes the nearest free place along its own edge
/// (points of the routed path), else the nearest free place above or below that.
/// Deterministic: candidates are tried in a fixed order.
fn separate_labels(items: &[Item], lines: &mut [Line]) {
    let mut placed: Vec<(f64, f64, f64, f64)> = Vec::new();
    for l in lines.iter_mut() {
        let Some(origin) = l.label_at else { continue };
        let mut spots: Vec<(f64, f64)> = vec![origin];
        // Along the edge: the routed points, and between each two.
        for pair in l.path.windows(2) {
            let ((x0, y0), (x1, y1)) = (pair[0], pair[1]);
            for k in 0..4 {
                let t = f64::from(k) / 4.0;
                spots.push((x0 + (x1 - x0) * t, y0 + (y1 - y0) * t));
            }
        }
        let near = |p: &(f64, f64)| (p.0 - origin.0).hypot(p.1 - origin.1);
        spots[1..].sort_by(|a, b| near(a).total_cmp(&near(b)));
        // Then off the edge, ever further up or down (and sideways).
        for step in 1..=40 {
            let dy = f64::from(step) * (LABEL_H + 2.0);
            for dx in [0.0, -40.0, 40.0] {
                spots.push((origin.0 + dx, origin.1 + dy));
                spots.push((origin.0 + dx, origin.1 - dy));
            }
        }
        let free = |at: (f64, f64)| {
            let b = Line { label_at: Some(at), ..l.clone() }.label_box();
            b.is_some_and(|b| {
                !placed.iter().any(|&p| overlap(p, b, 1.0))
                    && !items.iter().any(|it| overlap((it.x, it.y, it.w, it.h), b, 1.0))
            })
        };
        if let Some(at) = spots.into_iter().find(|&at| free(at)) {
            l.label_at = Some(at);
        }
        placed.extend(l.label_box());
    }
}

/// A container's frame (or the flow's own area, untitled).
#[derive(Debug, Clone, PartialEq)]
pub struct Frame {
    pub group: Option<usize>,
    pub title: String,
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

/// The whole picture.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Picture {
    pub frames: Vec<Frame>,
    pub items: Vec<Item>,
    pub lines: Vec<Line>,
    pub width: f64,
    pub height: f64,
    /// The containers laid out by [`super::layered`] (too large for `layout-rs`), and the
    /// visits that took: what the tests compare at n and 2n.
    pub layered: usize,
    pub layered_work: u64,
}

/// A box's text: its name (wrapped), then its type with the hit count.
fn lines_of(
    name: &str,
    detail: &str,
    kind: &str,
    shape: Shape,
    hit: Hit,
    start: bool,
) -> Vec<String> {
    let mut out = Vec::new();
    let mut line = String::new();
    let name = if start { format!("▶ {name}") } else { name.to_owned() };
    for word in name.split(' ') {
        let len = line.chars().count() + word.chars().count();
        if !line.is_empty() && len >= WRAP {
            out.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    out.push(line);
    if out.len() > 2 {
        let rest = out.split_off(1).join(" ");
        let cut: String = rest.chars().take(WRAP - 1).collect();
        out.push(if rest.chars().count() >= WRAP { format!("{cut}…") } else { rest });
    }
    if !detail.is_empty() {
        out.push(detail.to_owned());
    }
    if shape == Shape::End {
        out[0].push_str(&hit.suffix());
    } else {
        out.push(format!("{kind}{}", hit.suffix()));
    }
    out
}

fn size_of(lines: &[String]) -> (f64, f64) {
    let widest = lines.iter().map(|l| l.chars().count()).max().unwrap_or(1) as f64;
    ((widest * CHAR_W + 24.0).max(96.0), lines.len() as f64 * LINE_H + 14.0)
}

/// An edge as `layout-rs` drew it: its index, its Bézier path, its arrow heads.
type Drawn = (usize, Vec<(Point, Point)>, (bool, bool));

/// Records what `layout-rs` draws: boxes by their index, edges by theirs.
#[derive(Default)]
struct Recorder {
    rects: Vec<(usize, Point, Point)>,
    arrows: Vec<Drawn>,
}

impl RenderBackend for Recorder {
    fn draw_rect(
        &mut self,
        xy: Point,
        size: Point,
        _: &StyleAttr,
        props: Option<String>,
        _: Option<ClipHandle>,
    ) {
        if let Some(i) = props.and_then(|p| p.parse().ok()) {
            self.rects.push((i, xy, size));
        }
    }
    fn draw_line(&mut self, _: Point, _: Point, _: &StyleAttr, _: Option<String>) {}
    fn draw_circle(&mut self, _: Point, _: Point, _: &StyleAttr, _: Option<String>) {}
    fn draw_text(&mut self, _: Point, _: &str, _: &StyleAttr) {}
    fn draw_arrow(
        &mut self,
        path: &[(Point, Point)],
        _: bool,
        heads: (bool, bool),
        _: &StyleAttr,
        props: Option<String>,
        _: &str,
    ) {
        if let Some(i) = props.and_then(|p| p.parse().ok()) {
            self.arrows.push((i, path.to_vec(), heads));
        }
    }
    fn create_clip(&mut self, _: Point, _: Point, _: usize) -> ClipHandle {
        0
    }
}

/// One container's boxes and edges before layout.
struct Section {
    group: Option<usize>,
    items: Vec<Item>,
    /// (from item, to item, label, kind, hit); parallel edges merged.
    edges: Vec<(usize, usize, String, EdgeKind, Hit)>,
}

/// Splits the graph into its containers, in time and memory linear in its boxes and edges:
/// every box and edge is visited once, lookups are hashed (a flow of 150,000 containers must
/// not cost a pass over every box per container).
fn sections(g: &FlowGraph) -> Vec<Section> {
    use rustc_hash::FxHashMap;
    let grouped = !g.groups.is_empty();
    // The container the flow starts in first, then the others in file order.
    let first = g.boxes.iter().find(|b| b.start).and_then(|b| b.group);
    let mut keys: Vec<Option<usize>> = first.into_iter().map(Some).collect();
    keys.extend((0..g.groups.len()).filter(|c| Some(*c) != first).map(Some));
    if g.boxes.iter().any(|b| b.group.is_none() && !(grouped && b.shape == Shape::Callee)) {
        keys.push(None);
    }
    // Section of each key, and each box's place in its section.
    let slot_of = |key: Option<usize>| key.map_or(g.groups.len(), |c| c);
    let mut section_at = vec![usize::MAX; g.groups.len() + 1];
    let mut out: Vec<Section> = keys
        .iter()
        .enumerate()
        .map(|(i, key)| {
            section_at[slot_of(*key)] = i;
            Section { group: *key, items: Vec::new(), edges: Vec::new() }
        })
        .collect();
    let mut local: Vec<Option<usize>> = vec![None; g.boxes.len()];
    for (i, b) in g.boxes.iter().enumerate() {
        if grouped && b.shape == Shape::Callee {
            continue;
        }
        let Some(&at) = section_at.get(slot_of(b.group)) else { continue };
        let Some(s) = out.get_mut(at) else { continue };
        local[i] = Some(s.items.len());
        s.items.push(item(
            Some(i),
            lines_of(&b.name, &b.detail, &b.kind, b.shape, b.hit, b.start),
            b.shape,
            b.hit,
            b.start,
            None,
        ));
    }
    // Per section: its stubs (one per place an edge leaves to: a container, or a callee) and
    // its edges by (from, to), for merging parallel ones.
    let mut stubs: Vec<FxHashMap<(bool, usize), usize>> = vec![FxHashMap::default(); out.len()];
    let mut merged: Vec<FxHashMap<(usize, usize), usize>> = vec![FxHashMap::default(); out.len()];
    for e in &g.edges {
        let Some(from) = local[e.from] else { continue };
        let at = section_at[slot_of(g.boxes[e.from].group)];
        let s = &mut out[at];
        let same = g.boxes[e.to].group == g.boxes[e.from].group;
        let to = if let Some(t) = local[e.to].filter(|_| same) {
            t
        } else {
            let target = &g.boxes[e.to];
            let key = match target.group {
                Some(c) if target.shape != Shape::Callee => (true, c),
                _ => (false, e.to),
            };
            if let Some(&at) = stubs[at].get(&key) {
                s.items[at].hit = merge_hit(s.items[at].hit, e.hit);
                at
            } else {
                let (lines, shape, link) = if key.0 {
                    let c = &g.groups[key.1];
                    (vec![format!("→ {}", c.kind), c.name.clone()], Shape::Terminal, Some(key.1))
                } else {
                    (
                        lines_of(
                            &target.name,
                            "",
                            &target.kind,
                            Shape::Callee,
                            Hit::Unknown,
                            false,
                        ),
                        Shape::Callee,
                        None,
                    )
                };
                s.items.push(item(None, lines, shape, e.hit, false, link));
                stubs[at].insert(key, s.items.len() - 1);
                s.items.len() - 1
            }
        };
        let label = format!("{}{}", e.label, e.hit.suffix());
        if let Some(&k) = merged[at].get(&(from, to)) {
            let x = &mut s.edges[k];
            if !label.is_empty() {
                if !x.2.is_empty() {
                    x.2.push_str(", ");
                }
                x.2.push_str(&label);
            }
            x.4 = merge_hit(x.4, e.hit);
            if e.kind == EdgeKind::Flow {
                x.3 = EdgeKind::Flow;
            }
        } else {
            merged[at].insert((from, to), s.edges.len());
            s.edges.push((from, to, label, e.kind, e.hit));
        }
    }
    // A stub's count line: how often the way out was taken.
    for (s, stubs) in out.iter_mut().zip(&stubs) {
        let mut ats: Vec<usize> = stubs.values().copied().collect();
        ats.sort_unstable();
        for at in ats {
            if s.items[at].source.is_none() && s.items[at].link.is_none() {
                let hit = s.items[at].hit;
                if let Some(last) = s.items[at].lines.last_mut() {
                    last.push_str(&hit.suffix());
                }
            }
        }
    }
    out
}

fn merge_hit(a: Hit, b: Hit) -> Hit {
    match (a, b) {
        (Hit::Hit(x), Hit::Hit(y)) => Hit::Hit(x.zip(y).map(|(x, y)| x.saturating_add(y))),
        (Hit::Hit(x), _) | (_, Hit::Hit(x)) => Hit::Hit(x),
        (Hit::Miss, _) | (_, Hit::Miss) => Hit::Miss,
        (x, _) => x,
    }
}

fn item(
    source: Option<usize>,
    lines: Vec<String>,
    shape: Shape,
    hit: Hit,
    start: bool,
    link: Option<usize>,
) -> Item {
    let (w, h) = size_of(&lines);
    Item { source, lines, shape, hit, start, link, x: 0.0, y: 0.0, w, h }
}

/// Lays one section out; returns its items and lines relative to (0, 0), its size, and the
/// work [`super::layered`] did when it was too large for `layout-rs`.
fn lay_out(s: Section) -> (Vec<Item>, Vec<Line>, f64, f64, Option<u64>) {
    if s.items.len() + s.edges.len() > LAYERED_ABOVE {
        let mut items = s.items;
        let start = items.iter().position(|it| it.start);
        let mut done = super::layered::place(&mut items, &s.edges, start);
        separate_labels(&items, &mut done.lines);
        let (items, lines, w, h) = normalised(items, done.lines);
        return (items, lines, w, h, Some(done.work));
    }
    let mut items = s.items;
    let mut vg = VisualGraph::new(Orientation::TopToBottom);
    // layout-rs re-checks the whole graph for cycles after every edge by default (quadratic).
    vg.dag.set_validate(false);
    let look = StyleAttr::simple();
    let handles: Vec<_> = items
        .iter()
        .enumerate()
        .map(|(i, it)| {
            let shape = ShapeKind::Box(String::new());
            vg.add_node(Element::create_with_properties(
                shape,
                look.clone(),
                Orientation::TopToBottom,
                Point::new(it.w, it.h),
                i.to_string(),
            ))
        })
        .collect();
    let mut label_look = StyleAttr::simple();
    // Connectors are sized at font_size per character: 7 fits 11px text.
    label_look.font_size = 7;
    for (k, (from, to, label, ..)) in s.edges.iter().enumerate() {
        let mut arrow = Arrow::simple_with_properties(label, k.to_string());
        arrow.look = label_look.clone();
        vg.add_edge(arrow, handles[*from], handles[*to]);
    }
    let mut rec = Recorder::default();
    if !items.is_empty() {
        let plain = items.len() + s.edges.len() > OPTIMIZE_UP_TO;
        vg.do_it(false, plain, false, &mut rec);
    }
    for (i, xy, size) in rec.rects {
        if let Some(it) = items.get_mut(i) {
            it.x = xy.x;
            it.y = xy.y;
            it.w = size.x;
            it.h = size.y;
        }
    }
    let mut lines = Vec::new();
    rec.arrows.sort_by_key(|a| a.0);
    for (k, path, heads) in rec.arrows {
        let Some((_, _, label, kind, hit)) = s.edges.get(k) else { continue };
        let flat: Vec<(f64, f64)> =
            path.iter().flat_map(|(p, c)| [(p.x, p.y), (c.x, c.y)]).collect();
        let label_at = (!label.is_empty()).then(|| path.get(1).map(|(_, p)| (p.x, p.y))).flatten();
        lines.push(Line {
            label: label.clone(),
            kind: *kind,
            hit: *hit,
            path: flat,
            heads,
            label_at,
        });
    }
    separate_labels(&items, &mut lines);
    let (items, lines, w, h) = normalised(items, lines);
    (items, lines, w, h, None)
}

/// `items` and `lines` moved so that the picture starts at (0, 0), with its size.
fn normalised(mut items: Vec<Item>, mut lines: Vec<Line>) -> (Vec<Item>, Vec<Line>, f64, f64) {
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    let mut grow = |x: f64, y: f64| {
        x0 = x0.min(x);
        y0 = y0.min(y);
        x1 = x1.max(x);
        y1 = y1.max(y);
    };
    for it in &items {
        grow(it.x, it.y);
        grow(it.x + it.w, it.y + it.h);
    }
    for l in &lines {
        for &(x, y) in &l.path {
            grow(x, y);
        }
        if let Some((x, y, w, h)) = l.label_box() {
            grow(x, y);
            grow(x + w, y + h);
        }
    }
    if items.is_empty() {
        return (items, lines, 120.0, 30.0);
    }
    for it in &mut items {
        it.x -= x0;
        it.y -= y0;
    }
    for l in &mut lines {
        for p in &mut l.path {
            p.0 -= x0;
            p.1 -= y0;
        }
        if let Some(p) = &mut l.label_at {
            p.0 -= x0;
            p.1 -= y0;
        }
    }
    (items, lines, x1 - x0, y1 - y0)
}

/// Lays the whole diagram out, every box of it.
pub fn picture(g: &FlowGraph) -> Picture {
    let mut pic = Picture::default();
    let (mut x, mut y, mut row_h) = (GAP, GAP, 0.0_f64);
    for s in sections(g) {
        let group = s.group;
        let title = group
            .map_or_else(String::new, |c| format!("{}: {}", g.groups[c].kind, g.groups[c].name));
        let (items, lines, w, h, layered) = lay_out(s);
        if let Some(work) = layered {
            pic.layered += 1;
            pic.layered_work += work;
        }
        let title_w = title.chars().count() as f64 * TITLE_CHAR_W + 2.0 * PAD;
        let (fw, fh) = (
            (w + 2.0 * PAD).max(title_w),
            h + 2.0 * PAD + if title.is_empty() { 0.0 } else { TITLE_H },
        );
        if x > GAP && x + fw > ROW_WIDTH {
            x = GAP;
            y += row_h + GAP;
            row_h = 0.0;
        }
        let (ox, oy) = (x + (fw - w) / 2.0, y + PAD + if title.is_empty() { 0.0 } else { TITLE_H });
        pic.items.extend(items.into_iter().map(|mut it| {
            it.x += ox;
            it.y += oy;
            it
        }));
        pic.lines.extend(lines.into_iter().map(|mut l| {
            for p in &mut l.path {
                p.0 += ox;
                p.1 += oy;
            }
            if let Some(p) = &mut l.label_at {
                p.0 += ox;
                p.1 += oy;
            }
            l
        }));
        pic.frames.push(Frame { group, title, x, y, w: fw, h: fh });
        x += fw + GAP;
        row_h = row_h.max(fh);
        pic.width = pic.width.max(x);
    }
    pic.height = y + row_h + GAP;
    pic.width = pic.width.max(2.0 * GAP);
    pic
}
