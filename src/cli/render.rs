//! Rendering for people: diagnostics with carets, and the text trace of a run.
//!
//! Plain text, no colour, so output is the same on a terminal, in CI logs and in snapshots.

use flowsim::diag::{Diagnostic, Severity};
use flowsim::engine::result::{DataActionStatus, Outcome, StepResult};
use flowsim::engine::{Edge, RunResult, Status};
use flowsim::expr::Value;
use flowsim::flow::NodeKind;
use std::fmt::Write as _;

/// One diagnostic, rustc-style:
///
/// ```text
/// error[syntax]: unexpected end of expression: expected a value
///   --> flows/a.json: flow `A`, node `Check`, property `properties.conditions[0].expression`
///    |
///    | Flow.x ==
///    |          ^
///    = help: ...
/// ```
pub fn diagnostic(d: &Diagnostic) -> String {
    let mut out = String::new();
    let level = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let _ = writeln!(out, "{level}[{}]: {}", d.code, d.message);
    let mut place = Vec::new();
    if let Some(f) = &d.file {
        let mut s = f.display().to_string();
        if let (Some(l), Some(c)) = (d.line, d.column) {
            let _ = write!(s, ":{l}:{c}");
        }
        place.push(s);
    }
    let mut within = Vec::new();
    if let Some(f) = &d.flow {
        within.push(format!("flow `{f}`"));
    }
    if let Some(n) = &d.node {
        within.push(format!("node `{n}`"));
    }
    if let Some(p) = &d.property {
        within.push(format!("property `{p}`"));
    }
    if !within.is_empty() {
        place.push(within.join(", "));
    }
    if !place.is_empty() {
        let _ = writeln!(out, "  --> {}", place.join(": "));
    }
    if let Some(snippet) = &d.snippet {
        caret(&mut out, &snippet.source, snippet.span.start as usize, snippet.span.end as usize);
    }
    if let Some(h) = &d.help {
        let _ = writeln!(out, "   = help: {h}");
    }
    out
}

/// The source line holding `start`, with a caret run under `start..end`.
pub fn caret(out: &mut String, source: &str, start: usize, end: usize) {
    // Spans are byte offsets from the parser; clamp them onto character boundaries anyway.
    let mut start = start.min(source.len());
    while !source.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = end.clamp(start, source.len());
    while !source.is_char_boundary(end) {
        end += 1;
    }
    let line_start = source[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = source[start..].find('\n').map_or(source.len(), |i| start + i);
    let line = &source[line_start..line_end];
    // Very long single-line sources (a 10 MB string) are cut around the caret.
    let (shown, col_offset) = clip(line, start - line_start);
    let column = shown.get(..col_offset.min(shown.len())).map_or(0, |s| s.chars().count());
    let width = source[start..end.clamp(start, line_end)].chars().count().clamp(1, 80);
    let _ = writeln!(out, "   |");
    let _ = writeln!(out, "   | {}", shown.replace('\t', " "));
    let _ = writeln!(out, "   | {}{}", " ".repeat(column), "^".repeat(width));
}

/// At most about 100 characters of `line` around byte `at`; returns the text and `at` within it.
fn clip(line: &str, at: usize) -> (String, usize) {
    if line.len() <= 120 {
        return (line.to_owned(), at);
    }
    let mut from = at.saturating_sub(50);
    while !line.is_char_boundary(from) {
        from -= 1;
    }
    let mut to = (at + 50).min(line.len());
    while !line.is_char_boundary(to) {
        to += 1;
    }
    let prefix = if from > 0 { "…" } else { "" };
    let suffix = if to < line.len() { "…" } else { "" };
    (format!("{prefix}{}{suffix}", &line[from..to]), at - from + prefix.len())
}

/// Every diagnostic, then a summary line.
pub fn diagnostics(diags: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diags {
        out.push_str(&diagnostic(d));
        out.push('\n');
    }
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let warnings = diags.len() - errors;
    let _ = writeln!(out, "{errors} error(s), {warnings} warning(s)");
    out
}

fn quoted(v: &Value) -> String {
    match v {
        Value::Str(s) => format!("{:?}", &**s),
        Value::NotSet => "NOT_SET".into(),
        other => other.display(),
    }
}

/// The text trace: one line per step, indented by call depth, then the run's outcome.
pub fn run_text(r: &RunResult<'_>) -> String {
    let mut out = String::new();
    let top = r.registry.flow(r.flow);
    let _ = writeln!(
        out,
        "run {} ({})",
        top.name,
        if r.version == flowsim::flow::Version::Draft { "draft" } else { "published" }
    );
    let width = r.trace.len().to_string().len().max(2);
    for (i, step) in r.trace.iter().enumerate() {
        let node = r.node(step.flow, step.node);
        let indent = "  ".repeat(step.depth as usize);
        let mut line =
            format!("{:>width$}  {indent}{} [{}]", i + 1, node.id, node.kind.type_name());
        let detail = step_detail(r, step);
        if !detail.is_empty() {
            line.push(' ');
            line.push_str(&detail);
        }
        if let (Edge::Condition(_) | Edge::Default | Edge::Timeout, Some(n)) =
            (step.edge, step.next)
        {
            let _ = write!(line, " takes {} → {}", step.edge.label(), r.node(step.flow, n).id);
        }
        if let Some(e) = &step.error {
            let _ = write!(line, "  ✗ {}: {}", e.kind, e.message);
            match step.next {
                Some(n) => {
                    let _ = write!(line, " → error path {}", r.node(step.flow, n).id);
                }
                None if step.edge == Edge::Error => {
                    line.push_str(" (no error path: the flow ends with this error)");
                }
                None => {}
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out.push('\n');
    let _ = writeln!(
        out,
        "status     {} ({} step{}, {} ms virtual time)",
        r.status.as_str(),
        r.trace.len(),
        if r.trace.len() == 1 { "" } else { "s" },
        r.elapsed_ms
    );
    if let Some(e) = &r.error {
        let node = r.node(e.flow, e.node);
        let _ = writeln!(
            out,
            "error      {} at {}/{}: {}",
            e.kind,
            r.flow_name(e.flow),
            node.id,
            e.message
        );
    }
    match &r.route {
        Some(route) => {
            let _ = writeln!(out, "route      {} ({})", route.queue_name, route.queue_id);
        }
        None => {
            let _ = writeln!(out, "route      none");
        }
    }
    if r.prompts.is_empty() {
        let _ = writeln!(out, "prompts    none");
    } else {
        for (i, p) in r.prompts.iter().enumerate() {
            let label = if i == 0 { "prompts" } else { "" };
            let _ = writeln!(out, "{label:<10} {:?}", &*p.text);
        }
    }
    if r.variables.is_empty() {
        let _ = writeln!(out, "variables  none");
    } else {
        for (i, (k, v)) in r.variables.iter().enumerate() {
            let label = if i == 0 { "variables" } else { "" };
            let _ = writeln!(out, "{label:<10} {k} = {}", quoted(v));
        }
    }
    for (i, w) in r.warnings.iter().enumerate() {
        let label = if i == 0 { "warnings" } else { "" };
        let node = r.node(w.flow, w.node);
        let _ = writeln!(
            out,
            "{label:<10} {} at {}/{}: {}",
            w.kind,
            r.flow_name(w.flow),
            node.id,
            w.message
        );
    }
    if r.status == Status::Completed && r.warnings.is_empty() {
        // Nothing more to say.
    }
    out
}

fn step_detail(r: &RunResult<'_>, step: &flowsim::engine::Step) -> String {
    match &step.result {
        StepResult::None => match &r.node(step.flow, step.node).kind {
            NodeKind::End { .. } | NodeKind::Disconnect => {
                if step.edge == Edge::End {
                    match &r.node(step.flow, step.node).kind {
                        NodeKind::Disconnect => "disconnects".into(),
                        NodeKind::End { end: flowsim::flow::model::EndType::Disconnect } => {
                            "disconnects".into()
                        }
                        NodeKind::End { end: flowsim::flow::model::EndType::Error } => {
                            "ends the flow with an error".into()
                        }
                        _ => "ends the flow".into(),
                    }
                } else {
                    String::new()
                }
            }
            _ => String::new(),
        },
        StepResult::Say(p) => format!("says {:?}", &*r.prompts[*p as usize].text),
        StepResult::Gather { prompt, digits } => {
            let mut s = String::new();
            if let Some(p) = prompt {
                let _ = write!(s, "prompts {:?}, ", &*r.prompts[*p as usize].text);
            }
            if digits.is_set() {
                let _ = write!(s, "gets {}", quoted(digits));
            } else {
                s.push_str("gets no input");
            }
            s
        }
        StepResult::Set { .. } => {
            let NodeKind::Set { assignments } = &r.node(step.flow, step.node).kind else {
                return String::new();
            };
            assignments
                .iter()
                .zip(r.set_values_of(step))
                .map(|(a, v)| format!("{} = {}", a.key, quoted(v)))
                .collect::<Vec<_>>()
                .join(", ")
        }
        StepResult::Flow { callee, outcome } => {
            let name = callee.map_or("?", |c| r.flow_name(c));
            match outcome {
                Some(Outcome::Completed) => format!("calls {name} → completed"),
                Some(Outcome::Failed(k)) => format!("calls {name} → {k}"),
                None => format!("calls {name}"),
            }
        }
        StepResult::Route { queue_id, queue_name } => {
            format!("routes to {queue_name} ({queue_id})")
        }
        StepResult::Contact { contact, match_count } => {
            if contact.is_set() {
                format!(
                    "finds {} ({}){}",
                    contact.member("name").display(),
                    contact.member("id").display(),
                    if *match_count > 1 {
                        format!(", first of {match_count}")
                    } else {
                        String::new()
                    }
                )
            } else {
                "finds no contact".into()
            }
        }
        StepResult::Metrics(f, occupancy) => format!(
            "availableAgents {}, onQueueAgents {}, waiting {}, occupancy {}",
            f[0],
            f[1],
            f[2],
            Value::Dec(*occupancy).display()
        ),
        StepResult::DataAction { status, outputs } => match status {
            DataActionStatus::Success => format!("success, outputs {}", outputs.display()),
            other => other.as_str().to_owned(),
        },
    }
}

/// `text` with every line prefixed by `by`.
pub fn indent(text: &str, by: &str) -> String {
    let mut out = String::new();
    for l in text.lines() {
        let _ = writeln!(out, "{by}{l}");
    }
    out
}

/// A scenario, cassette or config file that could not be used: `error: FILE:LINE:COL: ...`.
pub fn file_error(e: &flowsim::harness::FileError) -> String {
    let mut place = e.file.display().to_string();
    if let (Some(l), Some(c)) = (e.line, e.column) {
        let _ = write!(place, ":{l}:{c}");
    }
    let mut out = format!("error: {place}: {}\n", e.message);
    if !e.help.is_empty() {
        let _ = writeln!(out, "   = help: {}", e.help);
    }
    out
}

/// JUnit suites for files that could not be used: one suite per file, one errored case.
pub fn junit_file_errors(
    errors: &[flowsim::harness::FileError],
    case: &str,
) -> Vec<quick_junit::TestSuite> {
    use quick_junit::{NonSuccessKind, TestCase, TestCaseStatus, TestSuite};
    errors
        .iter()
        .map(|e| {
            let mut suite = TestSuite::new(e.file.display().to_string());
            let mut st = TestCaseStatus::non_success(NonSuccessKind::Error);
            st.set_message(e.message.clone());
            suite.add_test_case(TestCase::new(case, st));
            suite
        })
        .collect()
}
