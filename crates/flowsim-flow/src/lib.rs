//! The flow model and what it is read from and checked against:
//!
//! - [`flow`]: the format-independent model, its readers (Archy YAML, Architect exports, JSON
//!   flows), the action catalogue, the registry and the static checks.
//! - [`fixtures`]: the fixture store that stands in for the cloud's data.
//! - [`nlu`]: an offline, deterministic NLU for bot flows: intents, slots, yes/no.
//!
//! The lower crates are re-exported, so `flowsim_flow::expr` is `flowsim_expr::expr`.

pub use flowsim_core::{diag, kind, phone, util, ErrorKind};
pub use flowsim_expr::expr;

pub mod fixtures;
pub mod flow;
pub mod nlu;
