//! flowsim runs Genesys Cloud Architect flows offline, exactly as the cloud would, and tests them.
//!
//! - [`expr`]: the expression language: parse, evaluate, templates.
//! - [`flow`]: the format-independent flow model, the JSON loader and the registry.
//! - [`fixtures`]: the fixture store that stands in for the cloud's data.
//! - [`engine`]: the interpreter: run a request against a registry, get a result with a trace.
//! - [`nlu`]: an offline, deterministic NLU for bot flows: intents, slots, yes/no.
//! - [`harness`]: scenario files, expectations, snapshots, coverage (`flowsim test`).
//! - [`api`]: cassettes, the live-API client, replay comparison, the API emulator.
//! - [`report`]: the self-contained HTML test report.
//! - [`view`]: flows as pictures: Mermaid, Graphviz DOT, SVG laid out by flowsim, coverage overlays.
//! - [`diag`]: load and validation diagnostics (data; the CLI renders them).
//!
//! Load a registry, run a request, read the result:
//!
//! ```
//! use flowsim::{engine, fixtures::FixtureStore, flow::Registry};
//! use std::path::Path;
//!
//! let report = Registry::load_dir(Path::new("fixtures/flows"));
//! let registry = report.registry.expect("the bundled flows load");
//! let fixtures = FixtureStore::load(&["fixtures/data/queues.json".into()]).expect("fixtures load");
//! let request = serde_json::from_value(serde_json::json!({
//!     "flowName": "Inbound_Flow_A",
//!     "inputs": ["1"],
//! })).unwrap();
//! let result = engine::Run::new(&registry, &fixtures, &request).result().expect("the request is valid");
//!
//! assert_eq!(result.status, engine::Status::Completed);
//! assert_eq!(result.route.as_ref().map(|r| &*r.queue_id), Some("q-support"));
//! assert_eq!(result.variable("shared_module_result"), Some(&flowsim::expr::Value::str("1")));
//! assert_eq!(result.path()[..3], ["CallShared", "SayHello", "GatherInput"]);
//! ```

// No byte-index slicing of user text (docs/security.md, "no panics on any text"): `&s[a..b]`
// panics when a bound falls inside a character, so text is cut with `get`, `split_once`,
// `strip_prefix` or at `char_indices`; a slice whose bounds are provably boundaries carries
// its own `#[allow]` and the reason. Tests slice their own fixtures freely.
#![cfg_attr(not(test), deny(clippy::string_slice))]

pub use flowsim_api::api;
pub use flowsim_core::{diag, kind, phone, util, ErrorKind};
pub use flowsim_engine::engine;
pub use flowsim_expr::expr;
pub use flowsim_flow::{fixtures, flow, nlu};
pub use flowsim_harness::{decisions, harness, http};

pub mod diff;
pub mod explore;
#[doc(hidden)]
pub mod fuzzing;
pub mod mutate;
pub mod report;
pub mod view;
