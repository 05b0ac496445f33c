//! `flowsim explain CODE`: what a diagnostic code means and what to do about it, as
//! `rustc --explain` does; with no code, every code and its first sentence.

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
        let mut out = String::new();
        for code in Code::ALL {
            let text = paragraph(code.explanation());
            let first = text.split_inclusive(". ").next().unwrap_or(&text).trim_end();
            let _ = writeln!(out, "{:<22} {first}", code.as_str());
        }
        write_stdout(&out);
        return Ok(ExitCode::SUCCESS);
    };
    let name = name.trim().trim_start_matches("error[").trim_start_matches("warning[");
    let name = name.trim_end_matches(']');
    let Some(code) = Code::from_name(name) else {
        let near = flowsim::util::nearest(name, Code::ALL.iter().map(|c| c.as_str()));
        let help = near.map_or_else(
            || "`flowsim explain` lists every code".to_owned(),
            |n| format!("did you mean `{n}`? `flowsim explain` lists every code"),
        );
        return Err(Refused(format!("error: `{name}` is no diagnostic code\n   = help: {help}\n")));
    };
    write_stdout(&format!("{}\n\n{}\n", code.as_str(), wrap(&paragraph(code.explanation()), 92)));
    Ok(ExitCode::SUCCESS)
}

/// The explanation's lines (as written in the code's doc comment) as one paragraph.
fn paragraph(text: &str) -> String {
    text.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join(" ")
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
