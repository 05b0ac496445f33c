//! The debugger's command language: one line, one command (`help` lists them).
//!
//! Parsing only: a line becomes a [`Command`] or a message saying what is wrong and what to
//! type instead. Expressions stay text here; the session parses them where it evaluates them.

use flowsim::util::Cut;
/// The longest command line read; a longer one is refused, not cut.
pub const MAX_LINE: usize = 4096;

pub use flowsim_dap::session::Motion;

/// One command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// `break Main Menu`, `break Check Hours/Business hours`, `break CheckResult`; with a
    /// condition, `break Main Menu if Flow.attempts > 2`.
    Break(String, Option<String>),
    /// `break if Flow.attempts > 2`: wherever the condition turns true.
    BreakIf(String),
    /// `breaks`: the breakpoints.
    Breaks,
    /// `delete 2`; `delete` alone deletes every breakpoint.
    Delete(Option<usize>),
    Go(Motion),
    /// `run`: start over from the first step and continue.
    Run,
    /// `print Flow.isVip`.
    Print(String),
    /// `vars`: the current scope's variables.
    Vars,
    /// `set Flow.isVip = true`.
    Set(String, String),
    /// `input 1`, `input timeout`, `input say:TEXT`, `input intent:NAME`,
    /// `input slot:NAME=VALUE`, `input noMatch`.
    Input(String),
    Where,
    History,
    /// `back 2`; `back` alone is `back 1`.
    Back(usize),
    /// `goto 5`: pause before step 5.
    Goto(usize),
    Trace,
    Help,
    Quit,
}

/// The commands, for `help` and for suggestions.
pub const HELP: &str = "\
commands
  break NAME | ID           pause before an action (a node), by id or name; Container/Name
                            when names repeat (break Check Hours/Business hours)
  break NAME if EXPR        pause there only when EXPR is true
  break if EXPR             pause before the step where EXPR turns true (it was not
                            true before the step just taken)
  breaks                    list breakpoints; delete N removes one, delete removes all
  step | s | next | n       run one step; a called flow, module or task runs through
  step into | si            run one step, into what it calls
  step out | so             run until the current flow or task returns
  continue | c              run until a breakpoint, an input the run needs, or its end
  run                       start over from the first step (same inputs and sets), continue
  print EXPR | p EXPR       evaluate an Architect expression in the current scope
  vars                      the current scope's variables
  set VAR = EXPR            assign a variable here (replayed at this step by back and goto)
  input INPUT               the next input: digits (1, 1234#), timeout, DIGITS@SECONDS,
                            say:TEXT, intent:NAME, slot:NAME=VALUE, noMatch; while the
                            run waits for one, the bare input works too
  where | w                 the action about to run, its outputs and where each leads, the stack
  history                   the steps taken, the inputs and sets given
  back [N]                  go back N steps (1 by default); goto STEP pauses before step STEP
  trace                     the run so far, as `flowsim run` prints it
  help                      this list
  quit | q                  leave
";

/// Reads one line. `Ok(None)` for a blank line or a `#` comment.
pub fn parse(line: &str) -> Result<Option<Command>, String> {
    if line.len() > MAX_LINE {
        return Err(format!("the line is {} bytes long; the most is {MAX_LINE}", line.len()));
    }
    let line = line.trim();
    if line.is_empty() || line.starts_with('#') {
        return Ok(None);
    }
    let (word, rest) = match line.split_once(char::is_whitespace) {
        Some((w, r)) => (w, r.trim()),
        None => (line, ""),
    };
    let word = word.to_ascii_lowercase();
    let none = |c: Command| {
        if rest.is_empty() {
            Ok(Some(c))
        } else {
            Err(format!("`{word}` takes nothing after it (got `{rest}`)"))
        }
    };
    let needs = |what: &str, example: &str| {
        if rest.is_empty() {
            Err(format!("`{word}` needs {what}: e.g. `{example}`"))
        } else {
            Ok(rest.to_owned())
        }
    };
    match word.as_str() {
        "break" | "b" => {
            let example = "break if Flow.attempts > 2";
            if rest.eq_ignore_ascii_case("if") {
                return Err(format!("`break if` needs a condition: e.g. `{example}`"));
            }
            if let Some(cond) = strip_if(rest) {
                return Ok(Some(Command::BreakIf(cond.to_owned())));
            }
            let text = needs("an action's name or id", "break Main Menu")?;
            // `break NAME if EXPR`: the last ` if ` splits (names may contain `if`).
            match text.to_ascii_lowercase().rfind(" if ") {
                Some(at) => {
                    let (name, cond) = (text.cut(..at).trim(), text.cut(at + 4..).trim());
                    Ok(Some(Command::Break(name.to_owned(), Some(cond.to_owned()))))
                }
                None => Ok(Some(Command::Break(text, None))),
            }
        }
        "breaks" => none(Command::Breaks),
        "delete" | "d" if rest.is_empty() => Ok(Some(Command::Delete(None))),
        "delete" | "d" => number(rest, &word).map(|n| Some(Command::Delete(Some(n)))),
        "step" | "s" => match rest.to_ascii_lowercase().as_str() {
            "" | "over" => Ok(Some(Command::Go(Motion::Over))),
            "into" | "in" => Ok(Some(Command::Go(Motion::Into))),
            "out" => Ok(Some(Command::Go(Motion::Out))),
            _ => Err(format!("`step {rest}`: write `step`, `step into` or `step out`")),
        },
        "next" | "n" => none(Command::Go(Motion::Over)),
        "si" => none(Command::Go(Motion::Into)),
        "so" | "finish" => none(Command::Go(Motion::Out)),
        "continue" | "c" | "cont" => none(Command::Go(Motion::Continue)),
        "run" | "r" => none(Command::Run),
        "print" | "p" => {
            needs("an expression", "print Flow.isVip").map(|e| Some(Command::Print(e)))
        }
        "vars" | "variables" => none(Command::Vars),
        "set" => {
            let example = "set Flow.isVip = true";
            let text = needs("VAR = EXPR", example)?;
            let at = text.find('=').filter(|&i| !text.cut(i + 1..).starts_with('='));
            let Some(at) = at else {
                return Err(format!("`set {text}` is not VAR = EXPR: e.g. `{example}`"));
            };
            let (var, expr) = (text.cut(..at).trim(), text.cut(at + 1..).trim());
            if var.is_empty() || expr.is_empty() || var.contains(char::is_whitespace) {
                return Err(format!("`set {text}` is not VAR = EXPR: e.g. `{example}`"));
            }
            Ok(Some(Command::Set(var.to_owned(), expr.to_owned())))
        }
        "input" | "i" => needs("an input", "input 1").map(|i| Some(Command::Input(i))),
        "where" | "w" | "bt" => none(Command::Where),
        "history" | "h" => none(Command::History),
        "back" if rest.is_empty() => Ok(Some(Command::Back(1))),
        "back" => number(rest, &word).map(|n| Some(Command::Back(n))),
        "goto" => number(rest, &word).map(|n| Some(Command::Goto(n))),
        "trace" => none(Command::Trace),
        "help" | "?" => Ok(Some(Command::Help)),
        "quit" | "q" | "exit" => none(Command::Quit),
        _ if looks_like_input(line) => Err(format!(
            "`{line}` is not a command; the run does not wait for an input here: `input {line}` \
             gives it its next input ahead of time, `continue` runs to where it waits"
        )),
        _ => {
            let known = [
                "break", "breaks", "delete", "step", "next", "continue", "run", "print", "vars",
                "set", "input", "where", "history", "back", "goto", "trace", "help", "quit",
            ];
            let hint = flowsim::util::nearest(&word, known)
                .map_or_else(String::new, |n| format!("did you mean `{n}`? "));
            Err(format!("unknown command `{word}`; {hint}`help` lists the commands"))
        }
    }
}

/// `if COND` at the start of `text` (any case).
fn strip_if(text: &str) -> Option<&str> {
    let head = text.get(..3)?;
    head.eq_ignore_ascii_case("if ").then(|| text.cut(3..).trim())
}

/// Digits (`1`, `1234#`, `*9`, `1@2.5`) or one of the input words: what a person types when
/// answering the flow, not the debugger.
pub fn looks_like_input(line: &str) -> bool {
    let lower = line.to_ascii_lowercase();
    let digits = line.split('@').next().unwrap_or_default();
    (!digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit() || c == '#' || c == '*'))
        || matches!(lower.as_str(), "timeout" | "nomatch")
        || lower.starts_with("say:")
        || lower.starts_with("slot:")
        || lower.starts_with("intent:")
}

fn number(text: &str, word: &str) -> Result<usize, String> {
    text.parse::<usize>().ok().filter(|&n| n > 0).ok_or_else(|| {
        format!("`{word} {text}`: `{text}` is not a step count or number (1, 2, ...)")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_read_as_the_help_says() {
        assert_eq!(parse("break Main Menu"), Ok(Some(Command::Break("Main Menu".into(), None))));
        assert_eq!(
            parse("break Main Menu if Flow.n > 1"),
            Ok(Some(Command::Break("Main Menu".into(), Some("Flow.n > 1".into()))))
        );
        assert!(parse("break if").unwrap_err().contains("needs a condition"));
        assert!(parse("1234#").unwrap_err().contains("`input 1234#`"));
        assert!(parse("slot:Email=ann@example.com").unwrap_err().contains("`input slot:Email="));
        assert_eq!(
            parse("b if Flow.attempts > 2"),
            Ok(Some(Command::BreakIf("Flow.attempts > 2".into())))
        );
        assert_eq!(parse("step into"), Ok(Some(Command::Go(Motion::Into))));
        assert_eq!(parse("  c  "), Ok(Some(Command::Go(Motion::Continue))));
        assert_eq!(
            parse("set Flow.x = Flow.y == 2"),
            Ok(Some(Command::Set("Flow.x".into(), "Flow.y == 2".into())))
        );
        assert_eq!(parse("back"), Ok(Some(Command::Back(1))));
        assert_eq!(parse("# a comment"), Ok(None));
        assert!(parse("set Flow.x == 2").is_err());
        assert!(parse("back zero").is_err());
        assert!(parse("goto 0").is_err());
        assert!(parse("where now").is_err());
        assert!(parse("contineu").unwrap_err().contains("did you mean `continue`?"));
        assert!(parse(&"p ".repeat(MAX_LINE)).is_err());
    }
}
