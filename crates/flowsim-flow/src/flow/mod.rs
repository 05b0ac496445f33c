//! Flows: the format-independent model, the JSON front-end and the registry.

pub mod action;
pub mod archy;
pub mod bind;
pub mod bot;
pub mod catalogue;
pub mod check;
pub mod edge;
pub mod export;
pub use crate::fixtures::fields;
pub mod json;
mod json_lines;
pub mod model;
pub mod org;
pub mod registry;
pub mod stubs;
pub mod survey;
pub mod unread;

pub use model::{Flow, FlowIdx, Format, Graph, Node, NodeIdx, Version};
pub use registry::{LoadReport, Registry};
