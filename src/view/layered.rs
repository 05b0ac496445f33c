//! A layered layout in time and memory linear in a container's boxes and edges: what a
//! container gets when it is too large for `layout-rs` (whose cycle breaking, ranking and
//! placement grow faster than the container; see `layout.rs`), so that every box of a flow of
//! any size is still drawn.
//!
//! Plainer than `layout-rs`'s: cycles are broken by one depth-first walk (from the start box,
//! then the other boxes in order), each box goes on the rank of its longest path from a root,
//! boxes keep the walk's order within a rank, and each edge is one Bézier curve (down from
//! the bottom of its box to the top of the next; a back edge loops out on the right).
//!
//! Invariants: every box gets a place and every edge a path; the same input gives the same
//! picture; each box and edge is visited a bounded number of times ([`Layered::work`] counts
//! the visits, which the tests compare at n and 2n).

use super::graph::{EdgeKind, Hit};
use super::layout::{Item, Line};

/// Space between boxes of a rank, and between ranks.
const GAP_X: f64 = 24.0;
const GAP_Y: f64 = 44.0;
/// How far a back edge loops out to the right of its boxes.
const LOOP_OUT: f64 = 48.0;

/// A box's state in the depth-first walk.
const NEW: u8 = 0;
const ON_PATH: u8 = 1;
const DONE: u8 = 2;

/// An edge of a container: (from item, to item, label, kind, hit).
pub type Edge = (usize, usize, String, EdgeKind, Hit);

/// The layout of one container, and the visits it took.
pub struct Layered {
    pub lines: Vec<Line>,
    /// Boxes and edges visited, all passes together: at most a small multiple of their count.
    pub work: u64,
}

/// Places `items` (their `x`, `y`; sizes kept) and routes `edges` between them; `start` is
/// the box the walk begins at.
pub fn place(items: &mut [Item], edges: &[Edge], start: Option<usize>) -> Layered {
    let n = items.len();
    let mut work = 0_u64;
    // Out-edges of each box, as one array sliced by box (counting sort by source).
    let mut first = vec![0_usize; n + 1];
    for e in edges {
        first[e.0 + 1] += 1;
    }
    for i in 0..n {
        first[i + 1] += first[i];
    }
    let mut fill = first.clone();
    let mut out = vec![0_usize; edges.len()];
    for (k, e) in edges.iter().enumerate() {
        out[fill[e.0]] = k;
        fill[e.0] += 1;
        work += 1;
    }

    // One depth-first walk, without recursion: an edge to a box still on the path is a back
    // edge (it closes a cycle and is left out of the ranking).
    let mut mark = vec![NEW; n];
    let mut back = vec![false; edges.len()];
    let mut order = Vec::with_capacity(n);
    let mut stack: Vec<(usize, usize)> = Vec::new();
    let roots = start.into_iter().chain(0..n);
    for root in roots {
        if mark[root] != NEW {
            continue;
        }
        mark[root] = ON_PATH;
        order.push(root);
        stack.push((root, first[root]));
        while let Some(top) = stack.last_mut() {
            let (v, next) = *top;
            work += 1;
            if next == first[v + 1] {
                mark[v] = DONE;
                stack.pop();
                continue;
            }
            top.1 += 1;
            let k = out[next];
            let w = edges[k].1;
            match mark[w] {
                NEW => {
                    mark[w] = ON_PATH;
                    order.push(w);
                    stack.push((w, first[w]));
                }
                ON_PATH => back[k] = true,
                _ => {}
            }
        }
    }

    // Ranks: the longest path over the forward edges, in the walk's finishing order reversed
    // (a topological order of the forward edges: Kahn's algorithm over in-degrees).
    let mut indegree = vec![0_usize; n];
    for (k, e) in edges.iter().enumerate() {
        if !back[k] && e.0 != e.1 {
            indegree[e.1] += 1;
        }
    }
    let mut rank = vec![0_usize; n];
    let mut ready: Vec<usize> = order.iter().rev().copied().filter(|&v| indegree[v] == 0).collect();
    while let Some(v) = ready.pop() {
        for &k in &out[first[v]..first[v + 1]] {
            work += 1;
            let w = edges[k].1;
            if back[k] || w == v {
                continue;
            }
            rank[w] = rank[w].max(rank[v] + 1);
            indegree[w] -= 1;
            if indegree[w] == 0 {
                ready.push(w);
            }
        }
    }

    // Rows: each rank's boxes in the walk's order, centred on x = 0.
    let ranks = rank.iter().max().map_or(0, |r| r + 1);
    let mut width = vec![0.0_f64; ranks];
    let mut height = vec![0.0_f64; ranks];
    for &v in &order {
        let r = rank[v];
        if width[r] > 0.0 {
            width[r] += GAP_X;
        }
        width[r] += items[v].w;
        height[r] = height[r].max(items[v].h);
        work += 1;
    }
    let mut top = vec![0.0_f64; ranks];
    for r in 1..ranks {
        top[r] = top[r - 1] + height[r - 1] + GAP_Y;
    }
    let mut left: Vec<f64> = width.iter().map(|w| -w / 2.0).collect();
    for &v in &order {
        let r = rank[v];
        items[v].x = left[r];
        items[v].y = top[r] + (height[r] - items[v].h) / 2.0;
        left[r] += items[v].w + GAP_X;
    }

    let lines = edges
        .iter()
        .map(|(from, to, label, kind, hit)| {
            work += 1;
            let (a, b) = (&items[*from], &items[*to]);
            let path = if rank[*to] > rank[*from] {
                let (p0, p3) = ((a.x + a.w / 2.0, a.y + a.h), (b.x + b.w / 2.0, b.y));
                let dy = (p3.1 - p0.1) / 2.0;
                [p0, (p0.0, p0.1 + dy), (p3.0, p3.1 - dy), p3]
            } else {
                // Back, or within a rank: out of the right side and into the other's.
                let (p0, p3) = ((a.x + a.w, a.y + a.h / 3.0), (b.x + b.w, b.y + 2.0 * b.h / 3.0));
                let out_x = p0.0.max(p3.0) + LOOP_OUT;
                [p0, (out_x, p0.1), (out_x, p3.1), p3]
            };
            // The curve's middle (t = 1/2).
            let mid = |c: fn(&(f64, f64)) -> f64| {
                (c(&path[0]) + 3.0 * c(&path[1]) + 3.0 * c(&path[2]) + c(&path[3])) / 8.0
            };
            let label_at = (!label.is_empty()).then(|| (mid(|p| p.0), mid(|p| p.1)));
            Line {
                label: label.clone(),
                kind: *kind,
                hit: *hit,
                path: path.to_vec(),
                heads: (false, true),
                label_at,
            }
        })
        .collect();
    Layered { lines, work }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::graph::Shape;

    fn boxes(n: usize) -> Vec<Item> {
        (0..n)
            .map(|i| Item {
                source: Some(i),
                lines: vec![format!("b{i}")],
                shape: Shape::Action,
                hit: Hit::Unknown,
                start: i == 0,
                link: None,
                x: f64::NAN,
                y: f64::NAN,
                w: 100.0,
                h: 40.0,
            })
            .collect()
    }

    fn edge(from: usize, to: usize) -> Edge {
        (from, to, String::new(), EdgeKind::Flow, Hit::Unknown)
    }

    #[test]
    fn a_chain_goes_down_one_rank_a_box() {
        let mut items = boxes(3);
        let done = place(&mut items, &[edge(0, 1), edge(1, 2)], Some(0));
        assert!(items[0].y < items[1].y && items[1].y < items[2].y);
        assert_eq!(done.lines.len(), 2);
        // Down from the bottom of one box to the top of the next.
        assert_eq!(done.lines[0].path[0], (items[0].x + 50.0, items[0].y + 40.0));
        assert_eq!(done.lines[0].path[3], (items[1].x + 50.0, items[1].y));
    }

    #[test]
    fn a_cycle_and_a_self_loop_are_drawn_and_every_box_is_placed() {
        let mut items = boxes(4);
        let edges = [edge(0, 1), edge(1, 2), edge(2, 1), edge(2, 2), edge(3, 0)];
        let done = place(&mut items, &edges, Some(0));
        assert!(items.iter().all(|i| i.x.is_finite() && i.y.is_finite()));
        assert_eq!(done.lines.len(), edges.len());
        // The back edge 2 → 1 leaves on the right and comes back on the right.
        let back = &done.lines[2].path;
        assert!(back[1].0 > items[2].x + items[2].w && back[2].0 > items[1].x + items[1].w);
        // A box nothing reaches from the start (3) still gets a place, on a rank of its own.
        assert!(items[3].y < items[0].y, "3 → 0 ranks 3 above 0");
    }

    #[test]
    fn boxes_of_one_rank_do_not_overlap() {
        let mut items = boxes(4);
        let edges = [edge(0, 1), edge(0, 2), edge(0, 3)];
        place(&mut items, &edges, Some(0));
        for (a, b) in [(1, 2), (2, 3)] {
            assert_eq!(items[a].y, items[b].y);
            assert!(items[a].x + items[a].w < items[b].x, "{a} and {b} overlap");
        }
    }
}
