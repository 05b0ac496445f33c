//! `flowsim debug FLOW`: a step debugger for any flow format (docs/debug.md).
//!
//! The same options as `flowsim run` give the flows, fixtures and request; the session
//! (`session.rs`) pauses the run before its first step and reads commands (`command.rs`). On a
//! terminal the lines are read with rustyline (editing, Tab completion (`complete.rs`), history
//! kept across sessions in a file (`history.rs`), Ctrl-C clears the line, Ctrl-D leaves);
//! otherwise commands are read from standard input line by line and each is
//! echoed after the prompt, so a script's output reads like the session a person would see.
//!
//! Everything the session says goes to standard output, refusals included, in order. A
//! refused command never ends the session; a script (standard input not a terminal) that had
//! one exits with code 2 once its input ends, so a typo in a script cannot pass unnoticed.

mod command;
mod complete;
mod history;
mod session;

use super::{build_request, load_fixtures, refuse_request, render, write_stdout, Refused};
use flowsim::diag::Code;
use session::Session;
use std::io::{BufRead, IsTerminal as _};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    req: super::RequestArgs,
    /// Read the commands from FILE, one a line, as from a script on standard input (each
    /// echoed after the prompt; exit code 2 when one was refused).
    #[arg(long, value_name = "FILE")]
    commands: Option<PathBuf>,
    /// Neither read nor write the line history file (at a terminal, the history is kept in
    /// $XDG_STATE_HOME/flowsim/debug_history, or FLOWSIM_DEBUG_HISTORY).
    #[arg(long)]
    no_history: bool,
}

/// The prompt while the run is paused before a step.
const PROMPT: &str = "(flowsim) ";
/// The prompt while the run waits for the caller's next input.
const PROMPT_INPUT: &str = "(input) ";

pub fn debug(args: &Args) -> Result<ExitCode, Refused> {
    let script = match &args.commands {
        Some(path) => Some(
            flowsim::util::read_text(path, flowsim::util::MAX_INPUT_BYTES)
                .map_err(|e| Refused::unreadable(path, "the --commands file", &e))?,
        ),
        None => None,
    };
    let mut request = build_request(&args.req)?;
    let registry = args.req.source.registry()?;
    super::name_the_only_flow(&mut request, &registry, &args.req.source, "debug")?;
    let fixtures = load_fixtures(&args.req.fixtures).map_err(Refused::all)?;
    let mut session = Session::new(&registry, &fixtures, request)
        .map_err(|e| refuse_request(&e, args.req.request.as_deref()))?;
    write_stdout(&session.banner());
    if let Some(script) = script {
        scripted(&mut session, &mut script.as_bytes())
    } else if std::io::stdin().is_terminal() {
        let completions = complete::Completions::new(&registry, session.version());
        let history = if args.no_history { None } else { history::path() };
        interactive(&mut session, completions, history.as_deref())
    } else {
        scripted(&mut session, &mut std::io::stdin().lock())
    }
}

fn prompt(session: &Session<'_, '_>) -> &'static str {
    if session.waiting_for_input() {
        PROMPT_INPUT
    } else {
        PROMPT
    }
}

/// A person at a terminal: rustyline's line editing, Tab completion, and the history of earlier
/// sessions from `history` (read at the start, this session's lines added at the end, however
/// it ends).
fn interactive(
    session: &mut Session<'_, '_>,
    completions: complete::Completions,
    history: Option<&std::path::Path>,
) -> Result<ExitCode, Refused> {
    let config = rustyline::Config::builder()
        .max_history_size(history::MAX_LINES)
        .map_err(|e| readline(&e))?
        .completion_type(rustyline::CompletionType::List)
        .build();
    let mut editor =
        rustyline::Editor::<complete::Helper, rustyline::history::DefaultHistory>::with_config(
            config,
        )
        .map_err(|e| readline(&e))?;
    editor.set_helper(Some(complete::Helper(completions)));
    // `None`: no history file, or one that cannot be read (it is then left alone).
    let loaded = history.and_then(|path| match history::load(path) {
        Ok(lines) => Some(lines),
        Err(warning) => {
            super::write_stderr(&warning);
            None
        }
    });
    for line in loaded.iter().flatten() {
        editor.add_history_entry(line.as_str()).map_err(|e| readline(&e))?;
    }
    let mut typed = Vec::new();
    let ended = repl(session, &mut editor, &mut typed);
    if let (Some(path), Some(loaded)) = (history, &loaded) {
        if let Err(warning) = history::save(path, loaded, &typed) {
            super::write_stderr(&warning);
        }
    }
    ended
}

/// Reads and runs lines until the session ends; each line added to the history is pushed on
/// `typed`.
fn repl(
    session: &mut Session<'_, '_>,
    editor: &mut rustyline::Editor<complete::Helper, rustyline::history::DefaultHistory>,
    typed: &mut Vec<String>,
) -> Result<ExitCode, Refused> {
    use rustyline::error::ReadlineError;
    loop {
        match editor.readline(prompt(session)) {
            Ok(line) => {
                if editor.add_history_entry(line.as_str()).map_err(|e| readline(&e))? {
                    typed.push(line.clone());
                }
                let reply = session.line(&line);
                write_stdout(&reply.text);
                if reply.quit {
                    return Ok(ExitCode::SUCCESS);
                }
            }
            // Ctrl-C: the line is dropped, the session goes on (as in a shell).
            Err(ReadlineError::Interrupted) => write_stdout("^C (`quit` or Ctrl-D leaves)\n"),
            Err(ReadlineError::Eof) => {
                write_stdout("\n");
                return Ok(ExitCode::SUCCESS);
            }
            Err(e) => return Err(readline(&e)),
        }
    }
}

fn readline(e: &rustyline::error::ReadlineError) -> Refused {
    Refused::error(Code::Unavailable, format!("cannot read from the terminal: {e}"))
}

/// A script: one command a line from `input`, each echoed after the prompt. Exit code 2 when
/// a command was refused.
fn scripted(session: &mut Session<'_, '_>, input: &mut impl BufRead) -> Result<ExitCode, Refused> {
    let mut refused = 0usize;
    let mut buf = Vec::new();
    loop {
        let shown = prompt(session);
        let Some(too_long) = read_line(input, &mut buf).map_err(|e| {
            Refused::error(Code::UnreadableFile, format!("cannot read standard input: {e}"))
        })?
        else {
            break;
        };
        let reply = if too_long {
            write_stdout(&format!("{shown}…\n"));
            refused += 1;
            render::diagnostic(&flowsim::diag::Diagnostic::error(
                Code::DebugCommand,
                format!(
                    "a command line is at most {} bytes; this one is longer",
                    command::MAX_LINE
                ),
            ))
        } else {
            let line = String::from_utf8_lossy(&buf);
            let line = line.trim_end_matches(['\n', '\r']);
            write_stdout(&format!("{shown}{line}\n"));
            let reply = session.line(line);
            refused += usize::from(reply.refused);
            if reply.quit {
                write_stdout(&reply.text);
                break;
            }
            reply.text
        };
        write_stdout(&reply);
    }
    if refused > 0 {
        return Err(Refused::error(
            Code::DebugCommand,
            format!("{refused} command(s) of the script were refused (each said why above)"),
        ));
    }
    Ok(ExitCode::SUCCESS)
}

/// Reads one line into `buf`, keeping at most [`command::MAX_LINE`] bytes of it (the rest is
/// read and dropped). `None` at the end of the input; `Some(true)` when the line was longer.
fn read_line(input: &mut impl BufRead, buf: &mut Vec<u8>) -> std::io::Result<Option<bool>> {
    buf.clear();
    let mut too_long = false;
    let mut any = false;
    loop {
        let chunk = input.fill_buf()?;
        if chunk.is_empty() {
            return Ok(any.then_some(too_long));
        }
        any = true;
        let (part, done) = match chunk.iter().position(|&b| b == b'\n') {
            Some(i) => (&chunk[..i], i + 1),
            None => (chunk, chunk.len()),
        };
        let room = (command::MAX_LINE + 1).saturating_sub(buf.len());
        buf.extend_from_slice(&part[..part.len().min(room)]);
        too_long |= buf.len() > command::MAX_LINE;
        let newline = done > part.len();
        input.consume(done);
        if newline {
            return Ok(Some(too_long));
        }
    }
}

impl Args {
    /// What the project gives that the command line did not (flowsim.toml).
    pub(crate) fn fill_from(&mut self, project: &super::project::Project) {
        self.req.fill_from(project);
    }
}

#[cfg(test)]
mod tests {
    use super::read_line;

    #[test]
    fn lines_are_bounded_and_the_rest_is_dropped() {
        let long = "x".repeat(super::command::MAX_LINE + 10);
        let text = format!("step\n{long}\nwhere");
        let mut input = std::io::BufReader::with_capacity(16, text.as_bytes());
        let mut buf = Vec::new();
        assert_eq!(read_line(&mut input, &mut buf).unwrap(), Some(false));
        assert_eq!(buf, b"step");
        assert_eq!(read_line(&mut input, &mut buf).unwrap(), Some(true));
        assert_eq!(read_line(&mut input, &mut buf).unwrap(), Some(false));
        assert_eq!(buf, b"where");
        assert_eq!(read_line(&mut input, &mut buf).unwrap(), None);
    }
}
