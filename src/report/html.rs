//! `flowsim test --report FILE.html`: one self-contained page (inline CSS and SVG, no script,
//! no network, no external asset) with the suite's results grouped by scenario file, each
//! failure's explanation (the human report's own text), the coverage table, each flow's
//! picture with its coverage overlay, and the decision heatmap.
//!
//! Every piece of text from the suite is HTML-escaped here ([`escape`]); SVG pictures come
//! from [`crate::view::svg`], which escapes its own text. Deterministic: the same report gives
//! the same page (no dates, no wall clock).

use crate::flow::Registry;
use crate::harness::coverage::FlowCoverage;
use crate::harness::{Outcome, ScenarioReport, SuiteReport};
use crate::view;
use std::fmt::Write as _;
use std::path::Path;

/// Escapes text for HTML character data and attribute values (as for SVG: `&`, `<`, `>`,
/// quotes; line breaks become spaces).
pub fn escape(text: &str) -> String {
    view::svg::escape(text)
}

/// Escapes text for a `<pre>`: as [`escape`], keeping line breaks.
fn escape_pre(text: &str) -> String {
    crate::util::xml::escape_lines(text)
}

/// What the page shows beyond the suite report.
pub struct Page<'a> {
    pub report: &'a SuiteReport,
    /// A failed scenario's explanation, exactly as the human report writes it.
    pub explain: &'a dyn Fn(&ScenarioReport) -> String,
    /// A rendered decision heatmap (an `<svg>` element), for the "Decisions" section.
    pub heatmap_svg: Option<&'a str>,
}

const STYLE: &str = "\
body{font-family:Helvetica,Arial,sans-serif;overflow-wrap:anywhere;margin:0 auto;max-width:1400px;padding:16px 24px;color:#263238}\
h1{font-size:22px;margin:8px 0}h2{font-size:18px;border-bottom:1px solid #cfd8dc;padding-bottom:4px;margin-top:28px}\
h3{font-size:15px;margin:16px 0 6px}\
.summary span{display:inline-block;margin-right:14px;font-weight:bold}\
.passed-count{color:#2e7d32}.failed-count{color:#c62828}.muted{color:#607d8b}\
nav a{margin-right:12px}\
table{border-collapse:collapse;margin:6px 0 12px}td,th{border:1px solid #cfd8dc;padding:3px 8px;text-align:left;font-size:13px}\
th{background:#eceff1}\
tr.pass td.mark{color:#2e7d32;font-weight:bold}tr.fail td.mark{color:#c62828;font-weight:bold}\
tr.fail{background:#fff5f5}\
article.failure{border-left:4px solid #c62828;background:#fff5f5;padding:6px 12px;margin:10px 0}\
article.file-error{border-left:4px solid #b26a00;background:#fff8e1;padding:6px 12px;margin:10px 0}\
pre{white-space:pre-wrap;overflow-wrap:anywhere;font-size:12px;margin:4px 0}\
.wide{overflow-x:auto}td.mark,td.num{white-space:nowrap}\
.graph{overflow-x:auto;border:1px solid #cfd8dc;background:#fff}\
@media (min-width:700px){.graph.fit svg{max-width:100%;height:auto}}\
details{margin:8px 0}summary{cursor:pointer;font-weight:bold}\
.placeholder{border:1px dashed #90a4ae;padding:10px 14px;background:#f7f9fb}\
pre .del{color:#b71c1c;background:#ffebee}pre .ins{color:#1b5e20;background:#e8f5e9}";

/// The whole page.
pub fn render(page: &Page<'_>) -> String {
    let r = page.report;
    let mut out = String::new();
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str("<title>flowsim test report</title>\n");
    let _ = writeln!(out, "<style>{STYLE}</style>\n</head>\n<body>");
    out.push_str("<h1>flowsim test report</h1>\n");
    let _ = writeln!(
        out,
        "<p class=\"summary\"><span class=\"passed-count\" id=\"passed\">{} passed</span><span class=\"failed-count\" id=\"failed\">{} failed</span><span class=\"muted\">{} skipped, {} not run, {} file error(s)</span></p>",
        r.passed(),
        r.failed(),
        r.skipped,
        r.not_run,
        r.file_errors.len()
    );
    out.push_str("<nav><a href=\"#results\">Results</a><a href=\"#failures\">Failures</a><a href=\"#coverage\">Coverage</a><a href=\"#flows\">Flows</a><a href=\"#decisions\">Decisions</a></nav>\n");
    results(&mut out, r);
    failures(&mut out, page);
    coverage_table(&mut out, r.coverage.as_deref());
    flows(&mut out, r);
    out.push_str(&decisions_section(page.heatmap_svg));
    out.push_str("<footer><p class=\"muted\">Written by flowsim ");
    out.push_str(env!("CARGO_PKG_VERSION"));
    out.push_str(". Self-contained: no scripts, no network.</p></footer>\n</body>\n</html>\n");
    out
}

/// One table per scenario file: every scenario's mark, name and flow.
fn results(out: &mut String, r: &SuiteReport) {
    out.push_str("<section id=\"results\">\n<h2>Results</h2>\n");
    if r.scenarios.is_empty() {
        out.push_str("<p>No scenario ran.</p>\n");
    }
    let mut current: Option<&Path> = None;
    for (k, s) in r.scenarios.iter().enumerate() {
        if current != Some(s.file.as_path()) {
            if current.is_some() {
                out.push_str("</table></div>\n");
            }
            current = Some(&s.file);
            let _ = writeln!(
                out,
                "<h3 class=\"file\">{}</h3>\n<div class=\"wide\"><table class=\"scenarios\"><tr><th></th><th>scenario</th><th>flow</th><th>steps</th></tr>",
                path_breaks(&escape(&s.file.display().to_string()))
            );
        }
        let (class, mark) = if s.passed() { ("pass", "PASS") } else { ("fail", "FAIL") };
        let name = if s.passed() {
            escape(&s.name)
        } else {
            format!("<a href=\"#failure-{k}\">{}</a>", escape(&s.name))
        };
        let _ = writeln!(
            out,
            "<tr class=\"{class}\"><td class=\"mark\">{mark}</td><td>{name}</td><td>{}</td><td class=\"num\">{}</td></tr>",
            escape(&s.flow),
            s.steps
        );
    }
    if current.is_some() {
        out.push_str("</table></div>\n");
    }
    out.push_str("</section>\n");
}

/// Each failure with its explanation, and every file error.
fn failures(out: &mut String, page: &Page<'_>) {
    let r = page.report;
    out.push_str("<section id=\"failures\">\n<h2>Failures</h2>\n");
    if r.failed() == 0 && r.file_errors.is_empty() {
        out.push_str("<p>No failures.</p>\n");
    }
    for (k, s) in r.scenarios.iter().enumerate() {
        if let Outcome::Failed { .. } = &s.outcome {
            let _ = writeln!(
                out,
                "<article class=\"failure\" id=\"failure-{k}\"><h3>{} › {}</h3><pre class=\"explanation\">{}</pre></article>",
                escape(&s.file.display().to_string()),
                escape(&s.name),
                diff_marked((page.explain)(s).trim_end())
            );
        }
    }
    for e in &r.file_errors {
        let place = match (e.line(), e.column()) {
            (Some(l), Some(c)) => format!(":{l}:{c}"),
            _ => String::new(),
        };
        let _ = writeln!(
            out,
            "<article class=\"file-error\"><h3>{}{place}</h3><pre>{}\n= help: {}</pre></article>",
            escape(&e.file().display().to_string()),
            escape_pre(&e.message()),
            escape_pre(e.help())
        );
    }
    out.push_str("</section>\n");
}

/// An explanation for a `<pre>`, escaped, with a snapshot diff's lines (`│-` stored, `│+`
/// new: `harness::snapshot::diff`) marked so that the page colours them: gone red, new green.
fn diff_marked(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let class = if line.contains(" │-") {
            Some("del")
        } else if line.contains(" │+") {
            Some("ins")
        } else {
            None
        };
        match class {
            Some(class) => {
                let _ = write!(out, "<span class=\"{class}\">{}</span>", escape_pre(line));
            }
            None => out.push_str(&escape_pre(line)),
        }
    }
    out
}

fn pct(a: usize, b: usize) -> String {
    if b == 0 {
        "100.0%".into()
    } else {
        format!("{:.1}%", a as f64 * 100.0 / b as f64)
    }
}

fn coverage_table(out: &mut String, cov: Option<&[FlowCoverage]>) {
    out.push_str("<section id=\"coverage\">\n<h2>Coverage</h2>\n");
    let Some(cov) = cov else {
        out.push_str("<p class=\"placeholder\">Coverage was not counted.</p>\n</section>\n");
        return;
    };
    out.push_str("<div class=\"wide\"><table class=\"coverage\"><tr><th>flow</th><th>file</th><th>nodes</th><th>edges</th><th>uncovered</th></tr>\n");
    for f in cov {
        let mut items: Vec<String> =
            f.uncovered_nodes.iter().map(|n| format!("<li>node {}</li>", escape(n))).collect();
        items.extend(f.uncovered_edges.iter().map(|e| format!("<li>edge {}</li>", escape(e))));
        let uncovered = if items.is_empty() {
            "none".to_owned()
        } else {
            format!(
                "<details><summary>{} uncovered</summary><ul>{}</ul></details>",
                items.len(),
                items.concat()
            )
        };
        let _ = writeln!(
            out,
            "<tr><td>{}{}</td><td>{}</td><td class=\"num\">{}/{} ({})</td><td class=\"num\">{}/{} ({})</td><td>{}</td></tr>",
            escape(&f.flow),
            if f.version == crate::flow::Version::Published { " (published)" } else { "" },
            path_breaks(&escape(&f.file)),
            f.nodes_covered,
            f.nodes,
            pct(f.nodes_covered, f.nodes),
            f.edges_covered,
            f.edges,
            pct(f.edges_covered, f.edges),
            uncovered
        );
    }
    out.push_str("</table></div>\n</section>\n");
}

/// An escaped path that may wrap after each `/` on a narrow screen.
fn path_breaks(escaped: &str) -> String {
    escaped.replace('/', "/<wbr>")
}

/// Each flow the coverage counts, drawn with its overlay (one picture per flow and version,
/// the entries of several scenario files added up).
fn flows(out: &mut String, r: &SuiteReport) {
    out.push_str("<section id=\"flows\">\n<h2>Flows</h2>\n");
    let Some(cov) = r.coverage.as_deref() else {
        out.push_str("<p class=\"placeholder\">No coverage, so no pictures.</p>\n</section>\n");
        return;
    };
    let mut seen: Vec<(&str, &str, crate::flow::Version)> = Vec::new();
    for fc in cov {
        let key = (fc.flow.as_str(), fc.file.as_str(), fc.version);
        if seen.contains(&key) {
            continue;
        }
        seen.push(key);
        let k = seen.len();
        let same: Vec<FlowCoverage> = cov
            .iter()
            .filter(|c| c.flow == fc.flow && c.file == fc.file && c.version == fc.version)
            .cloned()
            .collect();
        // Entries of one file are one flow; those counted where its name was shared carry its
        // type.
        let flow_type = same.iter().find_map(|c| c.flow_type.as_deref()).unwrap_or_default();
        let merged = view::overlay::merged(&same, &fc.flow, flow_type, fc.version)
            .unwrap_or_else(|| fc.clone());
        let (picture, width) = picture(&r.registries, &merged, &format!("g{k}-"));
        // Flows no scenario reached start folded: their pictures are all red.
        let open = if merged.nodes_covered > 0 { " open" } else { "" };
        let _ = writeln!(
            out,
            "<details class=\"flow\"{}><summary>{}{} <span class=\"muted\">nodes {}/{}, edges {}/{} · {}</span></summary>\n<div class=\"{}\">\n{}</div>\n</details>",
            open,
            escape(&merged.label()),
            if fc.version == crate::flow::Version::Published { " (published)" } else { "" },
            merged.nodes_covered,
            merged.nodes,
            merged.edges_covered,
            merged.edges,
            path_breaks(&escape(&fc.file)),
            if width <= FIT_WIDTH { "graph fit" } else { "graph" },
            picture
        );
    }
    if seen.is_empty() {
        out.push_str("<p class=\"placeholder\">No flow was loaded.</p>\n");
    }
    out.push_str("</section>\n");
}

/// Pictures up to this wide are scaled down to the page's width on screens wider than 700
/// pixels; at the page's widest (1,352 pixels of content) that keeps at least 45% of their size,
/// so their labels stay readable. Wider ones, and every one on a narrow screen, scroll sideways
/// in their box at full size.
const FIT_WIDTH: f64 = 3000.0;

/// The flow's SVG with its overlay and its width, or a sentence saying why there is none.
fn picture(
    registries: &[std::sync::Arc<Registry>],
    cov: &FlowCoverage,
    prefix: &str,
) -> (String, f64) {
    let found = registries.iter().find_map(|reg| {
        let flow = reg
            .flows()
            .iter()
            .find(|f| *f.name == *cov.flow && f.file.display().to_string() == cov.file)?;
        Some((reg, flow))
    });
    let Some((reg, flow)) = found else {
        let text = format!(
            "<p class=\"placeholder\">The flow `{}` is not loaded, so it cannot be drawn.</p>\n",
            escape(&cov.flow)
        );
        return (text, 0.0);
    };
    let Some(mut graph) = view::build(reg, flow, cov.version) else {
        let text = "<p class=\"placeholder\">This version of the flow does not exist.</p>\n";
        return (text.into(), 0.0);
    };
    view::overlay::apply(&mut graph, flow, cov);
    view::svg::render_sized(&graph, prefix)
}

/// The "Decisions" section: a decision heatmap rendered elsewhere (`flowsim heatmap`), placed
/// as given; without one, a note saying what would appear and how to get it — never empty.
pub fn decisions_section(heatmap_svg: Option<&str>) -> String {
    let mut out = String::from("<section id=\"decisions\">\n<h2>Decisions</h2>\n");
    match heatmap_svg.map(str::trim).filter(|s| !s.is_empty()) {
        Some(svg) => {
            out.push_str("<p class=\"muted\">Every routing decision of the run: the input read against the outcome it led to, with counts in the cells.</p>\n<div class=\"graph heatmap\">\n");
            out.push_str(svg);
            out.push_str("\n</div>\n");
        }
        None => out.push_str(
            "<p class=\"placeholder\" id=\"no-heatmap\">No decision heatmap in this report. It shows every routing decision of a run as a crosstab (by default the DTMF input against the routing decision, as the orchestration service's report draws it), with counts in the cells. Render one from a decision log or a test run with <code>flowsim heatmap</code>; a report built with one places it here.</p>\n",
        ),
    }
    out.push_str("</section>\n");
    out
}
