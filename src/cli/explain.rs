//! `flowsim explain CODE`: what a diagnostic code or run error means, its usual cause, what to
//! do and an example, as `rustc --explain` does; with no code, every code and its first
//! sentence, check codes and run errors apart. The text is the codes' own
//! (`diag::Explanation`), as docs/codes.md is.

use super::{write_stdout, Refused};
use flowsim::diag::Code;
use std::fmt::Write as _;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// The code, as a report shows it in brackets (`error[undeclaredVariable]`); any case.
    /// Without one, every code is listed.
    code: Option<String>,
}

pub fn explain(args: &Args) -> Result<ExitCode, Refused> {
    let Some(name) = args.code.as_deref() else {
        write_stdout(&list());
        return Ok(ExitCode::SUCCESS);
    };
    let name = name.trim().trim_start_matches("error[").trim_start_matches("warning[");
    let name = name.trim_end_matches(']');
    // A name can be both a check's code and a run error's kind (`unsupported`): both are shown.
    let codes: Vec<Code> =
        flowsim::diag::every_code().filter(|c| c.as_str().eq_ignore_ascii_case(name)).collect();
    if codes.is_empty() {
        let names: Vec<&str> = flowsim::diag::every_code().map(Code::as_str).collect();
        let near = flowsim::util::nearest(name, names);
        let help = near.map_or_else(
            || "`flowsim explain` lists every code".to_owned(),
            |n| format!("did you mean `{n}`? `flowsim explain` lists every code"),
        );
        return Err(
            Refused::error(Code::NotFound, format!("`{name}` is no diagnostic code")).help(help)
        );
    }
    let mut out = String::new();
    for (i, code) in codes.into_iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let group = if matches!(code, Code::Run(_)) { "a run error" } else { "a check's code" };
        let e = code.explain();
        let _ = writeln!(out, "{}\n\n{}\n({group})", code.as_str(), wrap(&e.meaning, 92));
        for (heading, text) in e.parts().into_iter().skip(1) {
            let _ = writeln!(out, "\n{heading}:\n  {}", wrap(text, 90).replace('\n', "\n  "));
        }
    }
    write_stdout(&out);
    Ok(ExitCode::SUCCESS)
}

/// Every code and the first sentence of its meaning, check codes and run errors apart.
fn list() -> String {
    let mut out = String::new();
    for (title, run) in [("Check codes", false), ("Run errors", true)] {
        let _ = writeln!(out, "{title}:");
        for code in flowsim::diag::every_code().filter(|c| matches!(c, Code::Run(_)) == run) {
            let text = code.explain().meaning;
            let first = text.split_inclusive(". ").next().unwrap_or(&text).trim_end();
            let _ = writeln!(out, "{:<26} {first}", code.as_str());
        }
        out.push('\n');
    }
    out
}

/// `text` wrapped at `width` columns, between words.
fn wrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = 0;
    for word in text.split(' ') {
        if line > 0 && line + 1 + word.chars().count() > width {
            out.push('\n');
            line = 0;
        } else if line > 0 {
            out.push(' ');
            line += 1;
        }
        out.push_str(word);
        line += word.chars().count();
    }
    out
}
