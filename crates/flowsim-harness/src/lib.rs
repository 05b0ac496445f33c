//! Scenario suites and what runs hear about them:
//!
//! - [`harness`]: scenario files, expectations, snapshots, coverage (`flowsim test`).
//! - [`decisions`]: decision logs and heatmaps of runs.
//! - `http` (feature `http`): the HTTP client's agent and retry schedule, shared with the API
//!   crate.
//!
//! The lower crates are re-exported, so `flowsim_harness::engine` is `flowsim_engine::engine`.

pub use flowsim_core::{diag, kind, phone, util, ErrorKind};
pub use flowsim_engine::engine;
pub use flowsim_expr::expr;
pub use flowsim_flow::{fixtures, flow, nlu};

pub mod decisions;
pub mod harness;
#[cfg(feature = "http")]
pub mod http;
