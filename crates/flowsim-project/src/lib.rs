//! flowsim's project model, the one every front end asks (the CLI, the language server): what
//! rust-analyzer's VFS and project model are to it, this crate is to flowsim.
//!
//! - [`vfs`]: one file view, in which an editor's unsaved text replaces the file on disk;
//!   every read of a flow, fixture, scenario or project file below a front end goes through it;
//! - [`project`]: the project file (`flowsim.toml`): flows, fixtures, scenarios, substitutions,
//!   environments, each code's level, per-file globs; read through the view;
//! - [`levels`]: what silences or sets the level of a finding: `# flowsim: ignore CODE`
//!   comments (read through the view) and the project's levels;
//! - [`check`]: `flowsim check` as a function of the view and the project: load, validate,
//!   the fixtures' and the org's checks, the levels;
//! - [`lint`]: `flowsim test --lint` likewise, over scenario files.
//!
//! Invariant: a front end only parses its arguments (or its protocol) and prints; the findings
//! it shows are these functions' over the same texts, so the editor and the command line never
//! disagree on the same text. Nothing here prints.
//!
//! The lower crates are re-exported, as each crate of the workspace does.

// No byte-index slicing of user text (docs/security.md, "no panics on any text"): `&s[a..b]`
// panics when a bound falls inside a character, so text is cut with `get`, `split_once`,
// `strip_prefix` or at `char_indices`; a slice whose bounds are provably boundaries carries
// its own `#[allow]` and the reason. Tests slice their own fixtures freely.
#![cfg_attr(not(test), deny(clippy::string_slice))]

pub use flowsim_harness::{
    decisions, diag, engine, expr, fixtures, flow, harness, kind, nlu, phone, util, ErrorKind,
};

pub mod check;
pub mod levels;
pub mod lint;
pub mod project;
pub mod vfs;

pub use check::{check, CheckError, CheckRequest, Checked, FlowSet};
pub use project::{Level, Project, ProjectError, FILE_NAME};
pub use vfs::FileView;
