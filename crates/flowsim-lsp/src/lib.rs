//! flowsim's language server (`flowsim lsp`): the Language Server Protocol over stdio, a
//! front-end like the CLI (ruff's `ruff_server` is the model).
//!
//! - `transport`: the base protocol's framing, within its budgets;
//! - `server`: the open documents, the checks an edit asks for, the findings published;
//! - `requests`: hover, completion, definition, references, symbols, code actions;
//! - `fixture_fix`: the quick fixes that add what the fixtures lack (a data action's mock, a
//!   queue) to a fixture file;
//! - `lenses`: a lens per scenario and the command it runs (`flowsim.runScenario`);
//! - `names`: where a flow takes an org object's name, a scenario file a flow's, a node's or a
//!   variable's (completion of names other files define);
//! - `project`: the flows a name can mean, open or on disk (cross-file lookups);
//! - `scenarios`: where the scenarios, their names and flows are in a scenario file;
//! - `outline`: where tasks, menus, states, actions, variables and references are in an
//!   Archy file (an index of places, not a checker);
//! - `knowledge`: what the catalogue, the function table and the built-ins say of a name;
//! - `convert`: paths and URIs, lines and columns and UTF-16 positions.
//!
//! Invariant: there is one checker. Every finding comes from the [`Checker`] the CLI gives,
//! whose functions are `flowsim check`'s and `flowsim test --lint`'s own; this crate never
//! judges a flow.

mod convert;
mod fixture_fix;
mod knowledge;
mod lenses;
mod names;
mod outline;
mod project;
mod requests;
mod scenarios;
mod server;
mod transport;

pub use lenses::{Verdict, RUN_SCENARIO};
pub use server::{capabilities, document_path, serve, Checker, Limits};
pub use transport::{connect, Threads, WireError};

/// Runs the server on standard input and output until `exit` or the end of the input.
pub fn stdio(checker: &dyn Checker, limits: Limits) -> Result<(), String> {
    let (conn, threads) =
        transport::connect(std::io::BufReader::new(std::io::stdin()), std::io::stdout());
    let served = serve(&conn, checker, limits);
    drop(conn);
    let wire = threads.join();
    served?;
    wire.map_err(|e| e.to_string())
}
