//! The interpreter: [`engine`] runs a request against a registry of flows and a fixture store,
//! on a virtual clock, and gives a result with a trace (or streams it).
//!
//! The lower crates are re-exported, so `flowsim_engine::flow` is `flowsim_flow::flow`.

pub use flowsim_core::{diag, kind, phone, util, ErrorKind};
pub use flowsim_expr::expr;
pub use flowsim_flow::{fixtures, flow, nlu};

pub mod engine;
