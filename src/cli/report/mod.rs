//! The one reporter (nextest's is the model): a command's result is a value that implements
//! [`Report`], and [`emit`] writes it on standard output in the one [`Format`] chosen, or
//! [`bytes`] makes a file of it (`--junit-out`, `--coverage-lcov`); the `match` on a form is
//! there, once. What each form is:
//! - text for people: [`Text`] (made printable, painted when the report asks, or streamed
//!   through the printable writer);
//! - JSON: [`Json`] (a serde body, pretty, then a line break; or a writer of its own, `run`'s
//!   compact result), streamed, never a text in memory first; [`json`] and [`json_line`] for
//!   the JSON files and the quoted values that are no report;
//! - JUnit XML: [`junit::Junit`], cases ([`junit::Case`]) grouped into suites;
//! - GitHub Actions workflow commands: [`Github`], of [`github::Annotation`]s
//!   ([`github::diagnostics`] for a list of diagnostics);
//! - Markdown: [`Stream`], of [`markdown`]'s text and code spans;
//! - SARIF 2.1.0: [`Json`], of [`sarif::log`] (a list of diagnostics as one run's results);
//! - LCOV and Cobertura: the coverage's writers' text (`harness::coverage_formats`).
//!
//! Invariants:
//! - A report declares its forms ([`Report::FORMS`]) and writes each through the method of
//!   that form; the others stay `None`. `forms_agree` (each report's unit test) holds the two
//!   together.
//! - A command's `--format` admits only the forms it declares (an [`Accepts`] table: each
//!   form's name, aliases and help as `--help` shows them, so clap's help and errors are what a
//!   `ValueEnum` of the same values gives), and the table is within its report's forms: a
//!   `const` assertion beside it ([`Accepts::within`]) fails the build otherwise.
//! - Reports made of text and a JSON body (expr, nlu, explore, record) are a [`TextJson`];
//!   a command that says each case as it finishes does so through [`Live`], the reporter's
//!   events: `record`'s items as lines in text, `test`'s scenarios and `replay`'s interactions
//!   counted on a progress line on a terminal; the report is then written through it.
//! - No file of `src/cli/` outside this folder serialises JSON, writes XML or matches on a
//!   `Format` (tests/it/one_reporter.rs, with its short list of exceptions and their reasons).
//! - Text for people stays with each command (what it says is its own); it is written
//!   through `printable` as every text is, and never gets colour's escapes in a machine form.
//!
//! To add a form: a variant of [`Format`] (its name), a method of [`Report`], an arm in
//! `reporter::form`, and the reports that have it. To add a command: its result's `impl
//! Report` (or a [`TextJson`]), its `Accepts` table with its `const` check, one `emit`.

pub mod github;
pub mod junit;
mod live;
pub mod markdown;
mod reporter;
pub mod sarif;

pub(crate) use live::Live;
#[cfg(test)]
pub(crate) use reporter::tests::forms_agree;
pub(crate) use reporter::{bytes, emit, forms, has, Github, Json, Report, Stream, Text, TextJson};

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};

/// A result report's form: the union of what the commands write.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Format {
    /// Lines for people (`text`, or `human` for `test`).
    Text,
    /// One JSON document.
    Json,
    /// `run`'s result as indented JSON.
    JsonPretty,
    /// `run`'s steps, a JSON line each, then its summary.
    Ndjson,
    /// JUnit XML (`merge`'s of test and replay shards).
    Junit,
    /// GitHub Actions annotations.
    Github,
    /// A pull-request comment.
    Markdown,
    /// Findings as a SARIF 2.1.0 log (`check`, `test --lint`): code scanning's form.
    Sarif,
    /// Coverage as an LCOV tracefile (`test --coverage-lcov`).
    Lcov,
    /// Coverage as Cobertura XML (`test --coverage-cobertura`).
    Cobertura,
    /// A diagram as Mermaid text (`graph`).
    Mermaid,
    /// A diagram as Graphviz DOT (`graph`).
    Dot,
    /// A picture as SVG (`graph`, `heatmap`).
    Svg,
    /// A picture as PNG (`heatmap`).
    Png,
}

impl Format {
    /// The form's name on the command line (`text` for [`Format::Text`]).
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Json => "json",
            Format::JsonPretty => "json-pretty",
            Format::Ndjson => "ndjson",
            Format::Junit => "junit",
            Format::Github => "github",
            Format::Markdown => "markdown",
            Format::Sarif => "sarif",
            Format::Lcov => "lcov",
            Format::Cobertura => "cobertura",
            Format::Mermaid => "mermaid",
            Format::Dot => "dot",
            Format::Svg => "svg",
            Format::Png => "png",
        }
    }
}

/// One form a command accepts: the form, its name and hidden aliases on the command line, and
/// the line its `--help` shows for it (none: the help lists the names only).
#[derive(Clone, Copy)]
pub struct Accepted {
    pub format: Format,
    pub name: &'static str,
    pub aliases: &'static [&'static str],
    pub help: Option<&'static str>,
}

impl Accepted {
    /// `format` under its own name, without aliases or help.
    pub const fn plain(format: Format, name: &'static str) -> Self {
        Accepted { format, name, aliases: &[], help: None }
    }

    fn possible(&self) -> PossibleValue {
        let mut value = PossibleValue::new(self.name).aliases(self.aliases.iter().copied());
        if let Some(help) = self.help {
            value = value.help(help);
        }
        value
    }
}

/// The forms a command's `--format` accepts, in the order its help lists them: the clap value
/// parser of that option (`#[arg(long, value_parser = FORMATS)]`).
#[derive(Clone, Copy)]
pub struct Accepts(pub &'static [Accepted]);

impl Accepts {
    /// Whether `format` is one of these forms.
    pub fn has(self, format: Format) -> bool {
        self.0.iter().any(|a| a.format == format)
    }

    /// Whether every form of the table is one of `forms` (a report's [`Report::FORMS`]):
    /// asserted in a `const` beside each table, so a command that offers a form its report
    /// lacks does not build.
    pub const fn within(self, forms: &[Format]) -> bool {
        let mut i = 0;
        while i < self.0.len() {
            let mut j = 0;
            let mut found = false;
            while j < forms.len() {
                found |= self.0[i].format as u8 == forms[j] as u8;
                j += 1;
            }
            if !found {
                return false;
            }
            i += 1;
        }
        true
    }
}

/// `text` (alias `human`) and `json`: what most commands write.
pub const TEXT_JSON: Accepts = Accepts(&[
    Accepted { format: Format::Text, name: "text", aliases: &["human"], help: None },
    Accepted::plain(Format::Json, "json"),
]);

impl TypedValueParser for Accepts {
    type Value = Format;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<Format, clap::Error> {
        // clap's own parser of possible values, so that its errors are a `ValueEnum`'s.
        let name = PossibleValuesParser::new(self.0.iter().map(Accepted::possible))
            .parse_ref(cmd, arg, value)?;
        let ignore_case = arg.is_some_and(clap::Arg::is_ignore_case_set);
        self.0
            .iter()
            .find(|a| a.possible().matches(&name, ignore_case))
            .map(|a| a.format)
            .ok_or_else(|| clap::Error::new(clap::error::ErrorKind::InvalidValue).with_cmd(cmd))
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(self.0.iter().map(Accepted::possible)))
    }
}

/// A JSON report: `body` pretty-printed, then a line break.
pub fn json(body: &impl serde::Serialize) -> String {
    let mut text = serde_json::to_string_pretty(body).unwrap_or_default();
    text.push('\n');
    text
}

/// `value` as JSON on one line, without a line break: a line of a JSON-lines log (the
/// decision log), or a value quoted inside text for people (`"yes"`, an input, a slot's value).
pub fn json_line(value: &(impl serde::Serialize + ?Sized)) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

impl Format {
    /// The library's form of a diagram form (`graph`'s mermaid, dot, svg); `None` for the
    /// others.
    pub fn diagram(self) -> Option<flowsim::view::GraphFormat> {
        use flowsim::view::GraphFormat;
        match self {
            Format::Mermaid => Some(GraphFormat::Mermaid),
            Format::Dot => Some(GraphFormat::Dot),
            Format::Svg => Some(GraphFormat::Svg),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Accepted, Accepts, Format, TEXT_JSON};
    use clap::Parser;

    const TEST_LIKE: Accepts = Accepts(&[
        Accepted { format: Format::Text, name: "human", aliases: &["text"], help: Some("Lines.") },
        Accepted { format: Format::Github, name: "github", aliases: &[], help: Some("Notes.") },
    ]);

    #[derive(Parser)]
    struct Cli {
        #[arg(long, value_parser = TEXT_JSON, default_value = "text")]
        format: Format,
        #[arg(long, value_parser = TEST_LIKE, default_value = "human")]
        other: Format,
    }

    #[test]
    fn a_command_reads_its_forms_under_their_names_and_aliases() {
        let cli = Cli::try_parse_from(["x", "--format", "human", "--other", "github"]).unwrap();
        assert_eq!((cli.format, cli.other), (Format::Text, Format::Github));
        let cli = Cli::try_parse_from(["x", "--format", "json"]).unwrap();
        assert_eq!((cli.format, cli.other), (Format::Json, Format::Text));
    }

    #[test]
    fn a_form_the_command_does_not_write_is_refused_with_the_forms_it_does() {
        let Err(e) = Cli::try_parse_from(["x", "--other", "json"]) else { panic!("accepted") };
        let text = e.to_string();
        assert!(text.contains("invalid value 'json' for '--other <OTHER>'"), "{text}");
        assert!(text.contains("[possible values: human, github]"), "{text}");
    }

    #[test]
    fn a_table_knows_its_forms() {
        assert!(TEST_LIKE.has(Format::Github) && !TEST_LIKE.has(Format::Json));
        assert!(TEXT_JSON.has(Format::Json) && !TEXT_JSON.has(Format::Markdown));
    }

    #[test]
    fn a_table_is_within_the_forms_a_report_has_or_not() {
        assert!(TEST_LIKE.within(&[Format::Json, Format::Github, Format::Text]));
        assert!(!TEST_LIKE.within(&[Format::Text, Format::Json]), "github is not written");
        const { assert!(TEXT_JSON.within(&[Format::Text, Format::Json])) };
    }
}
