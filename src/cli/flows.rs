//! `--flows`, `--sub`, `--options`: where a command's flows come from (docs/architect.md).

use super::{render, Refused};
use flowsim::diag::Diagnostic;
use flowsim::flow::archy::{self, Substitutions};
use flowsim::flow::registry::LoadOptions;
use flowsim::flow::Registry;
use std::path::PathBuf;

#[derive(clap::Args, Debug, Clone)]
pub(crate) struct FlowSource {
    /// Flow files or directories (searched recursively), in any mix of formats: flowsim's
    /// JSON flows, Archy YAML, Architect exports (`.i3*`, encoded or decoded). Repeatable.
    #[arg(long = "flows", value_name = "PATH")]
    pub flows: Vec<PathBuf>,
    /// A value for an Archy `{{KEY}}` placeholder. Repeatable; wins over --options.
    #[arg(long = "sub", value_name = "KEY=VALUE")]
    pub subs: Vec<String>,
    /// Archy's options file: its `substitutions:` give `{{KEY}}` values.
    #[arg(long = "options", value_name = "FILE")]
    pub options: Option<PathBuf>,
}

impl FlowSource {
    /// The paths as one line: `fixtures/flows, fixtures/archy`.
    pub fn describe(&self) -> String {
        let shown: Vec<String> = self.flows.iter().map(|p| p.display().to_string()).collect();
        shown.join(", ")
    }

    /// The `--flows` arguments as flowsim prints them back in commands.
    pub fn as_args(&self) -> String {
        let shown: Vec<String> =
            self.flows.iter().map(|p| format!("--flows {}", p.display())).collect();
        shown.join(" ")
    }

    /// Substitutions from `--options`, then `--sub` (the later wins).
    pub fn load_options(&self) -> Result<LoadOptions, Refused> {
        let mut subs = match &self.options {
            Some(path) => archy::read_options(path)
                .map_err(|d| Refused(render::diagnostics(std::slice::from_ref(&d))))?,
            None => Substitutions::default(),
        };
        for pair in &self.subs {
            let Some((k, v)) = pair.split_once('=').filter(|(k, _)| !k.trim().is_empty()) else {
                return Err(Refused(render::diagnostics(&[Diagnostic::error(
                    flowsim::diag::Code::BadArgument,
                    format!("--sub `{pair}` is not KEY=VALUE"),
                )
                .help("write --sub flow_name=\"Main IVR\"")])));
            };
            subs.values.insert(k.trim().to_string(), v.to_string());
        }
        Ok(LoadOptions { substitutions: subs })
    }

    /// Loads the registry, with every diagnostic; refuses when no flow path was given.
    pub fn load(&self) -> Result<flowsim::flow::LoadReport, Refused> {
        if self.flows.is_empty() {
            return Err(Refused(
                "error: which flows? no flow file or directory was given\n   = help: name them with `--flows PATH` (repeatable): `--flows flows/`\n"
                    .into(),
            ));
        }
        let options = self.load_options()?;
        Ok(Registry::load_paths(&self.flows, &options))
    }

    /// Loads a registry that can run, or refuses with every error.
    pub fn registry(&self) -> Result<Registry, Refused> {
        let report = self.load()?;
        if let Some(reg) = report.registry {
            return Ok(reg);
        }
        let errors: Vec<Diagnostic> =
            report.diagnostics.into_iter().filter(Diagnostic::is_error).collect();
        Err(Refused(format!(
            "{}flowsim: the flows under {} cannot run until these are fixed (`flowsim check {}` lists every problem)\n",
            render::diagnostics(&errors),
            self.describe(),
            self.as_args()
        )))
    }

    /// The flow `name` (its name or id) of `reg`, of the type `flow_type` when one is given
    /// (`--flow-type`), or a refusal: with the nearest name, or with the types that share it.
    pub fn flow(
        &self,
        reg: &Registry,
        name: &str,
        flow_type: Option<&str>,
    ) -> Result<flowsim::flow::FlowIdx, Refused> {
        use flowsim::flow::registry::{Lookup, Want};
        let want = flow_type.map_or(Want::Any, Want::Only);
        reg.find(name, want).map_err(|e| match e {
            Lookup::Missing | Lookup::WrongType(_) => {
                let hint = reg
                    .nearest_name(name)
                    .map_or_else(String::new, |n| format!("\n   = help: did you mean `{n}`?"));
                let of_type = flow_type.map(|t| format!(" of type `{t}`")).unwrap_or_default();
                Refused(format!(
                    "error[{}]: flow `{name}`{of_type} is not among the flows under {}{hint}\n",
                    flowsim::diag::Code::Run(flowsim::ErrorKind::FlowNotFound),
                    self.describe()
                ))
            }
            Lookup::Ambiguous(flows) => {
                let example = flows.last().map_or("", |&i| &*reg.flow(i).flow_type);
                Refused(format!(
                    "error[{}]: flow name `{name}` is shared by flows of the types {} under {}\n   = help: choose one by its type: `--flow-type {example}`, or name it by its id\n",
                    flowsim::diag::Code::AmbiguousFlow,
                    reg.types_of(&flows),
                    self.describe()
                ))
            }
        })
    }
}

/// The flow a command runs: the one it names, else the only flow loaded. With several flows
/// and none named, the refusal lists them (at most ten) and says how to name one.
pub(crate) fn which_flow(
    registry: &Registry,
    named: Option<&str>,
    command: &str,
) -> Result<String, Refused> {
    if let Some(name) = named {
        return Ok(name.to_owned());
    }
    match registry.flows() {
        [only] => Ok(only.name.to_string()),
        flows => {
            let mut names: Vec<String> =
                flows.iter().take(10).map(|f| format!("`{}`", f.name)).collect();
            if flows.len() > 10 {
                names.push(format!("and {} more", flows.len() - 10));
            }
            let example = flows.first().map_or("NAME", |f| &*f.name);
            Err(Refused(format!(
                "error[{}]: which flow? {} flows are loaded: {}\n   = help: name one: `flowsim {command} \"{example}\" ...`\n", flowsim::diag::Code::NoFlow,
                flows.len(),
                names.join(", ")
            )))
        }
    }
}
