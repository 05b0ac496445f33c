//! `--flows`, `--sub`, `--options`: where a command's flows come from (docs/architect.md).

use super::Refused;
use flowsim::diag::Diagnostic;
use flowsim::flow::registry::LoadOptions;
use flowsim::flow::Registry;
use std::path::{Path, PathBuf};

#[derive(clap::Args, Debug, Clone, Default)]
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
    /// The project's options file (flowsim.toml's `options`), read before `--options`.
    #[arg(skip)]
    pub project_options: Option<PathBuf>,
    /// The project's substitutions (flowsim.toml's, then its `--env`'s), before `--options`.
    #[arg(skip)]
    pub project_subs: Vec<(String, String)>,
}

/// The flows and the type to look a flow's name up in (`--flows`, `--sub`, `--options`,
/// `--flow-type`): what `explore`, `graph` and `nlu` take alike (`run` and `debug` say more of
/// `--flow-type`: a request file can give it).
#[derive(clap::Args, Debug, Clone, Default)]
pub(crate) struct FlowPick {
    #[command(flatten)]
    pub source: FlowSource,
    /// The flow's type (`inboundCall`, `outboundCall`...), to choose among flows of different
    /// types that share its name.
    #[arg(long, value_name = "TYPE")]
    pub flow_type: Option<String>,
}

impl FlowPick {
    /// The flow named `name` (a name or id) in `reg`, of `--flow-type` when it is given.
    pub fn flow(&self, reg: &Registry, name: &str) -> Result<flowsim::flow::FlowIdx, Refused> {
        self.source.flow(reg, name, self.flow_type.as_deref())
    }
}

impl FlowSource {
    /// The paths as one line: `fixtures/flows, fixtures/archy`.
    pub fn describe(&self) -> String {
        let shown: Vec<String> = self.flows.iter().map(|p| p.display().to_string()).collect();
        shown.join(", ")
    }

    /// What the flows are made of beside their files, for a run's identity: the `--sub`
    /// values, and the options files whose substitutions the flows take (read as files).
    pub fn identity(&self) -> (Vec<String>, Vec<PathBuf>) {
        let subs = self.subs.iter().map(|s| format!("--sub={s}")).collect();
        let files = self.project_options.iter().chain(&self.options).cloned().collect();
        (subs, files)
    }

    /// The `--flows` arguments as flowsim prints them back in commands.
    pub fn as_args(&self) -> String {
        let shown: Vec<String> =
            self.flows.iter().map(|p| format!("--flows {}", p.display())).collect();
        shown.join(" ")
    }

    /// The same flows as the project model takes them.
    pub fn set(&self) -> flowsim_project::FlowSet {
        flowsim_project::FlowSet {
            flows: self.flows.clone(),
            subs: self.subs.clone(),
            options: self.options.clone(),
            project_options: self.project_options.clone(),
            project_subs: self.project_subs.clone(),
        }
    }

    /// Substitutions from the project (its options file, then its own), then `--options`, then
    /// `--sub` (the later wins).
    pub fn load_options(&self) -> Result<LoadOptions, Refused> {
        self.set().load_options().map_err(|d| Refused::all(vec![*d]))
    }

    /// Fills what the command line left out from the project (flowsim.toml): its flows, its
    /// options file and substitutions. A flag given wins.
    pub fn fill_from(&mut self, project: &super::project::Project) {
        if self.flows.is_empty() {
            self.flows.clone_from(&project.flows);
        }
        self.project_options.clone_from(&project.options);
        self.project_subs.clone_from(&project.substitutions);
    }

    /// Loads the registry, with every diagnostic; refuses when no flow path was given.
    pub fn load(&self) -> Result<flowsim::flow::LoadReport, Refused> {
        self.set()
            .load(&flowsim_project::FileView::disk(), None)
            .map_err(|e| super::check_refusal(&e))
    }

    /// Loads a registry that can run, or refuses with every error.
    pub fn registry(&self) -> Result<Registry, Refused> {
        let report = self.load()?;
        if let Some(reg) = report.registry {
            return Ok(reg);
        }
        let errors: Vec<Diagnostic> =
            report.diagnostics.into_iter().filter(Diagnostic::is_error).collect();
        Err(Refused::all(errors).note(format!(
            "flowsim: the flows under {} cannot run until these are fixed (`flowsim check {}` lists every problem)",
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
        if let Some(found) = self.flow_in_file(reg, name, flow_type) {
            return found;
        }
        let want = flow_type.map_or(Want::Any, Want::Only);
        reg.find(name, want).map_err(|e| match e {
            Lookup::Missing | Lookup::WrongType(_) => {
                let hint = reg
                    .nearest_name(name)
                    .map_or_else(String::new, |n| format!("\n   = help: did you mean `{n}`?"));
                let of_type = flow_type.map(|t| format!(" of type `{t}`")).unwrap_or_default();
                Refused::error(
                    flowsim::diag::Code::Run(flowsim::ErrorKind::FlowNotFound),
                    format!(
                        "flow `{name}`{of_type} is not among the flows under {}{hint}",
                        self.describe()
                    ),
                )
            }
            Lookup::Ambiguous(flows) => {
                let example = flows.last().map_or("", |&i| &*reg.flow(i).flow_type);
                Refused::error(
                    flowsim::diag::Code::AmbiguousFlow,
                    format!(
                        "flow name `{name}` is shared by flows of the types {} under {}",
                        reg.types_of(&flows),
                        self.describe()
                    ),
                )
                .help(format!(
                    "choose one by its type: `--flow-type {example}`, or name it by its id"
                ))
            }
        })
    }
}

impl FlowSource {
    /// When `name` is a flow file's path as the user typed it (`flows/main.yaml`), the flow
    /// that file defines (of `flow_type`, if given); `None` when it names no file.
    pub fn flow_in_file(
        &self,
        reg: &Registry,
        name: &str,
        flow_type: Option<&str>,
    ) -> Option<Result<flowsim::flow::FlowIdx, Refused>> {
        let path = Path::new(name);
        if !path.is_file() {
            return None;
        }
        let wanted = std::fs::canonicalize(path).ok()?;
        let found = reg.flows().iter().enumerate().find(|(_, f)| {
            flow_type.is_none_or(|t| &*f.flow_type == t)
                && std::fs::canonicalize(&f.file).is_ok_and(|p| p == wanted)
        });
        Some(match found {
            Some((i, _)) => Ok(flowsim::flow::FlowIdx::try_from(i).unwrap_or_default()),
            None => Err(Refused::error(
                flowsim::diag::Code::Run(flowsim::ErrorKind::FlowNotFound),
                format!(
                    "{name} defines no flow{} among the flows under {}",
                    flow_type.map(|t| format!(" of type `{t}`")).unwrap_or_default(),
                    self.describe()
                ),
            )
            .help("name the flow by its name, or load the file's folder with `--flows`")),
        })
    }

    /// A flow named by its file (`flowsim graph flows/x.yaml`) is loaded with the others: when
    /// no folder loaded holds it, the file joins them.
    pub fn add_named_file(&mut self, named: Option<&str>) {
        let Some(path) = named.map(Path::new).filter(|p| p.is_file()) else { return };
        let Ok(file) = std::fs::canonicalize(path) else { return };
        let covered = self
            .flows
            .iter()
            .any(|f| std::fs::canonicalize(f).is_ok_and(|root| file.starts_with(root)));
        if !covered {
            self.flows.push(path.to_path_buf());
        }
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
            Err(Refused::error(
                flowsim::diag::Code::NoFlow,
                format!("which flow? {} flows are loaded: {}", flows.len(), names.join(", ")),
            )
            .help(format!("name one: `flowsim {command} \"{example}\" ...`")))
        }
    }
}
