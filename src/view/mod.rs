//! Flows as pictures (`flowsim graph`, the HTML report): a diagram's data built once from the
//! format-independent model ([`graph`]), an optional coverage overlay ([`overlay`]), and three
//! renderers that return text: Mermaid ([`mermaid`]), Graphviz DOT ([`dot`]) and a
//! self-contained SVG laid out by flowsim itself ([`layout`], [`svg`]).
//!
//! Deterministic: the same flow and coverage give byte-identical output in every format.

pub mod dot;
pub mod graph;
pub mod layered;
pub mod layout;
pub mod mermaid;
pub mod overlay;
pub mod svg;

pub use graph::{build, FlowGraph};

/// The picture formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GraphFormat {
    Mermaid,
    Dot,
    Svg,
}

/// Renders a diagram in a format (every box of a flow of any size: see [`layout`]).
pub fn render(graph: &FlowGraph, format: GraphFormat) -> String {
    match format {
        GraphFormat::Mermaid => mermaid::render(graph),
        GraphFormat::Dot => dot::render(graph),
        GraphFormat::Svg => svg::render(graph, "fsg-"),
    }
}
