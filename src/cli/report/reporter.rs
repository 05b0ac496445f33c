//! The one reporter: a command's result is a value that implements [`Report`], and
//! [`emit`] (standard output) or [`bytes`] (a file the command writes, `--junit-out`,
//! `--coverage-lcov`) writes it in the [`Format`] chosen, the one `match` on a form.
//!
//! A report declares the forms it has ([`Report::FORMS`]) and writes each through the method
//! of that form; a form it lacks is a method it leaves at its default (`None`). A command's
//! `--format` table ([`super::Accepts`]) is checked against its report's forms when the
//! program is compiled ([`super::Accepts::within`], in a `const` beside the table), and each
//! report's methods against its `FORMS` by [`tests::forms_agree`], in its own tests.
//!
//! What each form is, and how it reaches the output:
//! - text for people: [`Text`], made printable (and painted when colour is on, when the
//!   report asks), or written as it is made through the printable writer;
//! - JSON: [`Json`], a serde body pretty-printed then a line break, or a writer of its own
//!   (`run`'s compact result), streamed through a buffer, never a text in memory first;
//! - JUnit XML, LCOV, Cobertura: the text their writers made (`junit::Junit`,
//!   `harness::coverage_formats`);
//! - GitHub annotations: [`Github`], the text for people before them if any, then the
//!   workflow commands `github::Annotation` escaped;
//! - Markdown: [`Stream`], written as it is made;
//! - SARIF: [`Json`], a serde body (`super::sarif::Log`) pretty-printed then a line break.

use super::Format;
use std::io::{self, Write};
use std::process::ExitCode;

/// A form written as it is made, into a buffered writer (a report too large to build first).
pub(crate) type Stream<'a> = Box<dyn FnOnce(&mut dyn Write) -> io::Result<()> + 'a>;

/// Text for people.
pub(crate) enum Text<'a> {
    /// Lines, made printable ([`crate::cli::printable::terminal`]).
    Plain(String),
    /// Lines, made printable, then coloured when colour is on.
    Painted(String),
    /// Lines written as they are made, through the printable writer.
    Streamed(Stream<'a>),
    /// A diagnostic on standard error where the report would be (`expr eval`'s error): the
    /// report's other forms write it on standard output.
    Stderr(String),
}

/// A JSON document.
pub(crate) enum Json<'a> {
    /// A serde body: pretty-printed, then a line break.
    Pretty(Box<dyn Body + 'a>),
    /// A writer of its own (`run`'s compact result), whose bytes are the document.
    Written(Stream<'a>),
}

impl<'a> Json<'a> {
    /// `body`, pretty-printed, then a line break.
    pub(crate) fn pretty(body: impl serde::Serialize + 'a) -> Self {
        Json::Pretty(Box::new(body))
    }
}

/// A serde body behind a reference the reporter can hold ([`Json::Pretty`]).
pub(crate) trait Body {
    /// Writes the body, pretty-printed.
    fn write_pretty(&self, w: &mut dyn Write) -> serde_json::Result<()>;
}

impl<T: serde::Serialize> Body for T {
    fn write_pretty(&self, w: &mut dyn Write) -> serde_json::Result<()> {
        serde_json::to_writer_pretty(w, self)
    }
}

/// GitHub Actions annotations: the text for people the log shows first (printable), if any,
/// then the workflow commands, as `github::Annotation` escaped them.
pub(crate) struct Github {
    pub(crate) people: Option<String>,
    pub(crate) annotations: String,
}

/// A command's result in the forms it is written in. Each method is one form; a report has
/// the forms [`Report::FORMS`] lists and leaves the others' methods at their default, `None`.
pub(crate) trait Report {
    /// The forms it has, in the order a refusal of another lists them (`merge`'s).
    const FORMS: &'static [Format];

    /// The exit code the report means (1 when it found a failure, ...).
    fn exit_code(&self) -> ExitCode;

    /// Text for people (`text`, `human`).
    fn text(&self) -> Option<Text<'_>> {
        None
    }
    /// One JSON document (`json`).
    fn json(&self) -> Option<Json<'_>> {
        None
    }
    /// `run`'s result as indented JSON (`json-pretty`).
    fn json_pretty(&self) -> Option<Json<'_>> {
        None
    }
    /// JUnit XML (`junit`).
    fn junit(&self) -> Option<String> {
        None
    }
    /// GitHub Actions annotations (`github`).
    fn github(&self) -> Option<Github> {
        None
    }
    /// A pull-request comment (`markdown`).
    fn markdown(&self) -> Option<Stream<'_>> {
        None
    }
    /// Findings as a SARIF 2.1.0 log (`sarif`).
    fn sarif(&self) -> Option<Json<'_>> {
        None
    }
    /// Coverage as an LCOV tracefile (`lcov`).
    fn lcov(&self) -> Option<String> {
        None
    }
    /// Coverage as Cobertura XML (`cobertura`).
    fn cobertura(&self) -> Option<String> {
        None
    }
    /// What every form but JSON (which holds it) leaves to standard error after the report:
    /// `test`'s files that could not be used, as diagnostics.
    fn stderr(&self) -> Option<String> {
        None
    }
}

/// A report in text for people and JSON, each made only when it is written: what `expr`,
/// `nlu` and `explore` print.
pub(crate) struct TextJson<T, J> {
    pub(crate) text: T,
    pub(crate) json: J,
    pub(crate) code: ExitCode,
}

impl<T, J> Report for TextJson<T, J>
where
    T: Fn() -> Text<'static>,
    J: Fn() -> serde_json::Value,
{
    const FORMS: &'static [Format] = &[Format::Text, Format::Json];

    fn exit_code(&self) -> ExitCode {
        self.code
    }

    fn text(&self) -> Option<Text<'_>> {
        Some((self.text)())
    }

    fn json(&self) -> Option<Json<'_>> {
        Some(Json::pretty((self.json)()))
    }
}

/// Whether `report`'s type has `format` (`merge`'s question before it reads the shards).
pub(crate) fn has<R: Report>(format: Format) -> bool {
    R::FORMS.contains(&format)
}

/// The forms `R` has that `offered` accepts, as a refusal names them: `text, json or junit`.
pub(crate) fn forms<R: Report>(offered: super::Accepts) -> String {
    let names: Vec<&str> = R::FORMS.iter().filter(|f| offered.has(**f)).map(|f| f.name()).collect();
    match names.split_last() {
        Some((last, [])) => (*last).to_owned(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
}

/// What a form of a report is, before it is written.
enum Written<'a> {
    Text(Text<'a>),
    Json(Json<'a>),
    Exact(String),
    Github(Github),
    Streamed(Stream<'a>),
}

/// `report` in `format`: the one `match` on a form. `None`: the report lacks it.
fn form<R: Report>(report: &R, format: Format) -> Option<Written<'_>> {
    match format {
        Format::Text => report.text().map(Written::Text),
        Format::Json => report.json().map(Written::Json),
        Format::JsonPretty => report.json_pretty().map(Written::Json),
        Format::Junit => report.junit().map(Written::Exact),
        Format::Github => report.github().map(Written::Github),
        Format::Markdown => report.markdown().map(Written::Streamed),
        Format::Sarif => report.sarif().map(Written::Json),
        Format::Lcov => report.lcov().map(Written::Exact),
        Format::Cobertura => report.cobertura().map(Written::Exact),
        // Run's streamed trace and the pictures are written as they are made, by their
        // commands (`run`, `graph`, `heatmap`), not from a finished report.
        Format::Ndjson | Format::Mermaid | Format::Dot | Format::Svg | Format::Png => None,
    }
}

/// Writes `report` in `format` on standard output, then what it leaves to standard error,
/// and gives its exit code. A form the report lacks writes nothing (the command's `--format`
/// cannot name one: [`super::Accepts::within`]).
pub(crate) fn emit<R: Report>(report: &R, format: Format) -> ExitCode {
    let written = form(report, format);
    debug_assert!(written.is_some(), "a report written in a form it lacks: {}", format.name());
    match written {
        Some(Written::Text(Text::Plain(text))) => crate::cli::write_stdout(&text),
        Some(Written::Text(Text::Painted(text))) => crate::cli::write_painted(&text),
        Some(Written::Text(Text::Streamed(write))) => crate::cli::stream_stdout(|out| {
            // Many small writes are gathered before the escaping pass, which then sees whole
            // lines in 64 KiB blocks (a text trace of a million steps).
            let mut shown = io::BufWriter::with_capacity(
                64 * 1024,
                crate::cli::printable::Terminal::new(&mut *out),
            );
            write(&mut shown)?;
            shown.flush()
        }),
        Some(Written::Text(Text::Stderr(text))) => crate::cli::write_stderr(&text),
        Some(Written::Json(json)) => crate::cli::stream_stdout(|out| write_json(json, out)),
        Some(Written::Exact(text)) => crate::cli::write_exact(&text),
        Some(Written::Github(g)) => {
            if let Some(people) = &g.people {
                crate::cli::write_stdout(people);
            }
            crate::cli::write_exact(&g.annotations);
        }
        Some(Written::Streamed(write)) => crate::cli::stream_stdout(|out| write(out)),
        None => {}
    }
    if format != Format::Json {
        if let Some(text) = report.stderr() {
            crate::cli::write_painted_stderr(&text);
        }
    }
    report.exit_code()
}

/// `report` in `format` as the bytes of a file (`--junit-out`, `--coverage-lcov`): a machine
/// form, as its writer made it. `None`: the report lacks the form, or it is text for people.
pub(crate) fn bytes<R: Report>(report: &R, format: Format) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    match form(report, format)? {
        Written::Json(json) => write_json(json, &mut out).ok()?,
        Written::Exact(text) => out = text.into_bytes(),
        Written::Streamed(write) => write(&mut out).ok()?,
        Written::Text(_) | Written::Github(_) => return None,
    }
    Some(out)
}

fn write_json(json: Json<'_>, out: &mut dyn Write) -> io::Result<()> {
    match json {
        Json::Pretty(body) => {
            body.write_pretty(out)?;
            out.write_all(b"\n")
        }
        Json::Written(write) => write(out),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::{form, Format, Report};

    /// Every form: what [`forms_agree`] asks each report.
    const ALL: [Format; 14] = [
        Format::Text,
        Format::Json,
        Format::JsonPretty,
        Format::Ndjson,
        Format::Junit,
        Format::Github,
        Format::Markdown,
        Format::Sarif,
        Format::Lcov,
        Format::Cobertura,
        Format::Mermaid,
        Format::Dot,
        Format::Svg,
        Format::Png,
    ];

    /// `report` writes exactly the forms its type declares: each report's tests call it.
    #[track_caller]
    pub(crate) fn forms_agree<R: Report>(report: &R) {
        for format in ALL {
            assert_eq!(
                form(report, format).is_some(),
                R::FORMS.contains(&format),
                "{}: declared and written disagree",
                format.name()
            );
        }
    }

    /// Three forms, in another order than `Two` declares them.
    const ALL_THREE: crate::cli::report::Accepts = crate::cli::report::Accepts(&[
        crate::cli::report::Accepted::plain(Format::Junit, "junit"),
        crate::cli::report::Accepted::plain(Format::Json, "json"),
        crate::cli::report::Accepted::plain(Format::Text, "text"),
    ]);

    struct Two;

    impl Report for Two {
        const FORMS: &'static [Format] = &[Format::Text, Format::Junit];
        fn exit_code(&self) -> std::process::ExitCode {
            std::process::ExitCode::SUCCESS
        }
        fn text(&self) -> Option<super::Text<'_>> {
            Some(super::Text::Plain("two\n".into()))
        }
        fn junit(&self) -> Option<String> {
            Some("<testsuites/>\n".into())
        }
    }

    struct Liar;

    impl Report for Liar {
        const FORMS: &'static [Format] = &[Format::Text, Format::Json];
        fn exit_code(&self) -> std::process::ExitCode {
            std::process::ExitCode::SUCCESS
        }
        fn text(&self) -> Option<super::Text<'_>> {
            Some(super::Text::Plain("liar\n".into()))
        }
    }

    #[test]
    fn a_report_writes_the_forms_it_declares_and_no_other() {
        forms_agree(&Two);
        assert_eq!(super::bytes(&Two, Format::Junit).unwrap(), b"<testsuites/>\n");
        assert!(super::bytes(&Two, Format::Json).is_none());
        assert!(super::bytes(&Two, Format::Text).is_none(), "text for people is no file");
        assert_eq!(super::forms::<Two>(crate::cli::report::TEXT_JSON), "text");
        assert_eq!(super::forms::<Two>(ALL_THREE), "text or junit", "in the report's order");
        assert!(super::has::<Two>(Format::Junit) && !super::has::<Two>(Format::Markdown));
    }

    #[test]
    fn a_report_that_declares_a_form_it_does_not_write_is_caught() {
        let caught = std::panic::catch_unwind(|| forms_agree(&Liar));
        assert!(caught.is_err(), "a declared JSON form without a writer passed");
    }
}
