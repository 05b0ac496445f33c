//! flowsim's integration tests: one binary, one module per concern.
//!
//! - `examples`: every bundled flow down each of its branches, traces snapshotted.
//! - `cli`: the real binary on real files: exit codes, messages, formats.
//! - `engine`: the execution rules of docs/json-flows.md, on tiny inline flows.
//! - `architect`: Architect's execution rules (docs/architect.md), on tiny inline Archy flows.
//! - `robustness`: hostile input never panics; runs are deterministic.
//! - `conformance`: expressions against Architect's own parse of real flows (`../shared/corpus`).
//! - `graph`: `flowsim graph` in every format, coverage overlays, escaping; `report`: the HTML
//!   test report, opened in headless Chromium.
//! - `debug`: `flowsim debug` in a real terminal (tmux) and driven by a script.
//! - `functions`: functions real Architect flows call, through `flowsim expr eval` and `run`.
//! - `misspellings`: a misspelt required property is named by its `missingProperty` error.
//! - `corpus_flows`: every real flow of the corpus loads, checks, runs to an end state; flows in both forms agree.

#![allow(clippy::format_push_string, clippy::needless_pass_by_value)] // test code favours plain helpers

mod action_forms;
mod add_action;
mod architect;
mod authoring;
mod bots;
mod builtins;
mod called_flows;
mod catalogue_facts;
mod catalogue_flows;
mod check_agrees;
mod check_fix;
mod check_honours;
mod check_places;
mod check_strict;
mod claims;
mod cli;
mod conformance;
mod corpus_bots;
mod corpus_flows;
mod coverage_dead;
mod dap;
mod datetypes;
mod debug;
mod decisions;
mod diff;
mod digital_actions;
mod docs_cmd;
mod docs_examples;
mod documented;
mod documented_actions;
mod documented_calls;
mod documented_kinds;
mod documented_more;
mod documented_names;
mod documented_pages;
mod documented_priority_lookups;
mod documented_routes;
mod documented_secure;
mod documented_values;
mod documented_work;
mod editors;
mod engine;
mod escapes;
mod examples;
mod executions;
mod expectations;
mod expected_misses;
mod explain_examples;
mod explore;
mod export_forms;
mod export_unread;
mod flow_types;
mod flow_types_export;
mod functions;
mod graph;
mod harness;
mod hostile_data;
mod hostile_engine;
mod hostile_files;
mod hostile_fuzz;
mod hostile_names;
mod hostile_server;
mod hostile_text;
mod inputs;
mod install;
mod layers;
mod literal_forms;
mod live;
mod lookups;
mod loop_until;
mod lsp;
mod lsp_agrees;
mod misspellings;
mod mutate;
mod one_diagnostic;
mod one_reporter;
mod org;
mod org_literals;
mod org_record;
mod project;

mod parametrised;
mod published_functions;
mod readme;
mod replay;
mod report;
mod responses;
mod robustness;
mod same_names;
mod sarif;
mod scaling_readers;
mod schemas;
mod sdk_exports;
mod sdk_properties;
mod selection;
mod serve;
mod serve_loop;
mod serve_stream;
mod services;
mod shards;
mod snapshot_review;
mod streaming;
mod stubs;
mod support;
mod system_lookups;
mod timeslots;
mod tooling;
mod traces;
mod traffic;
mod traffic_parallel;
mod typing_rules;
mod unused_givens;
mod verdicts;
mod verdicts_excused;
mod voice_survey;
