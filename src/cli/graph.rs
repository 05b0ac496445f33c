//! `flowsim graph FLOW`: the flow as a picture: Mermaid or Graphviz DOT text, or an SVG laid
//! out by flowsim itself; `--coverage FILE` overlays a test run's coverage with hit counts.
//!
//! Exit codes: 0 drawn; 2 bad input (no such flow, no such version, a coverage file that cannot
//! be read or has nothing for the flow, an output file that cannot be written).

use super::report::{Accepted, Accepts, Format};
use super::{flows, Refused};
use flowsim::diag::Code;
use flowsim::flow::Version;
use flowsim::view::{self, overlay, GraphFormat};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// The flow: a name or id in the registry (default: the only flow loaded).
    flow: Option<String>,
    #[command(flatten)]
    pick: flows::FlowPick,
    /// `mermaid` (paste into Markdown), `dot` (Graphviz), `svg` (laid out by flowsim).
    #[arg(long, value_parser = FORMATS, default_value = "mermaid")]
    format: Format,
    /// A coverage report (`flowsim test --coverage-out FILE`): covered actions and outputs
    /// drawn apart from uncovered ones, with hit counts.
    #[arg(long, value_name = "FILE")]
    coverage: Option<PathBuf>,
    /// Draw the published version instead of the draft.
    #[arg(long)]
    published: bool,
    /// Write the picture to FILE (atomically) instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    output: Option<PathBuf>,
}

/// What `graph --format` writes.
const FORMATS: Accepts = Accepts(&[
    Accepted::plain(Format::Mermaid, "mermaid"),
    Accepted::plain(Format::Dot, "dot"),
    Accepted::plain(Format::Svg, "svg"),
]);

pub fn graph(args: &Args) -> Result<ExitCode, Refused> {
    let reg = args.pick.source.registry()?;
    let flow = super::flows::which_flow(&reg, args.flow.as_deref(), "graph")?;
    let idx = args.pick.flow(&reg, &flow)?;
    let flow = reg.flow(idx);
    let version = if args.published { Version::Published } else { Version::Draft };
    let Some(mut graph) = view::build(&reg, flow, version) else {
        return Err(Refused::error(
            flowsim::diag::Code::NoPublishedVersion,
            format!("flow `{}` has no published version", flow.name),
        )
        .help("drop --published to draw the draft"));
    };
    if let Some(path) = &args.coverage {
        let text = flowsim::util::read_text(path, flowsim::util::MAX_INPUT_BYTES)
            .map_err(|e| Refused::unreadable(path, "the --coverage file", &e))?;
        let report = overlay::parse(path, &text).map_err(|e| {
            Refused::error(flowsim::diag::Code::BadCoverage, e.to_string()).help(format!(
                "write one with `flowsim test SCENARIOS --coverage-out {}`",
                path.display()
            ))
        })?;
        overlay::apply_report(&mut graph, flow, &report, path).map_err(|e| {
            Refused::error(flowsim::diag::Code::NoCoverage, e.to_string()).help(format!(
                "run scenarios that use `{}` with --coverage-out, or draw it without --coverage",
                flow.name
            ))
        })?;
    }
    // `FORMATS` admits only diagram forms.
    let format = args.format.diagram().unwrap_or(GraphFormat::Svg);
    let text = view::render(&graph, format);
    match &args.output {
        Some(path) => flowsim::util::write_atomic(path, text.as_bytes()).map_err(|e| {
            Refused::error(
                Code::CannotWrite,
                format!("cannot write the picture to {}: {e}", path.display()),
            )
        })?,
        None => super::write_exact(&text),
    }
    Ok(ExitCode::SUCCESS)
}

impl Args {
    /// What the project gives that the command line did not (flowsim.toml).
    pub(crate) fn fill_from(&mut self, project: &super::project::Project) {
        self.pick.source.fill_from(project);
        self.pick.source.add_named_file(self.flow.as_deref());
    }
}
