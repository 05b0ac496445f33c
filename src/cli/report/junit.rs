//! The JUnit XML of `test --junit-out`, `replay --junit-out` and `merge --format junit`: a
//! `<testsuites>` of `<testsuite>`s of `<testcase>`s, indented four spaces an element, every
//! text through the one XML escaper (`util::xml`). Suites are written as they close, so a
//! report costs one pass over its cases; the counts a start tag carries are kept as the cases
//! come. What differs between commands is data: the report's name (`flowsim`, `flowsim
//! replay`), a case's classname, time and file attributes, the errored case's name.

use flowsim::util::xml::escape_into;
use std::fmt::Write as _;

/// How a test case ended.
pub enum Status<'a> {
    Passed,
    /// `<failure message type>description</failure>`.
    Failure {
        message: &'a str,
        ty: &'a str,
        description: &'a str,
    },
    /// `<error message/>`: the case could not be run.
    Error {
        message: &'a str,
    },
    /// `<skipped message/>`.
    Skipped {
        message: &'a str,
    },
}

/// One `<testcase>`.
pub struct Case<'a> {
    pub name: &'a str,
    pub classname: Option<&'a str>,
    /// The `time` attribute, in seconds with three decimals.
    pub time_ms: Option<u64>,
    /// The nextest-style `file` attribute.
    pub file: Option<&'a str>,
    pub status: Status<'a>,
    pub system_out: Option<&'a str>,
}

#[derive(Default)]
struct Counts {
    tests: usize,
    failures: usize,
    errors: usize,
    disabled: usize,
}

/// A report being written.
#[derive(Default)]
pub struct Junit {
    /// The closed suites.
    suites: String,
    /// The open suite's name and cases.
    open: Option<String>,
    cases: String,
    suite: Counts,
    total: Counts,
}

fn attr(out: &mut String, key: &str, value: &str) {
    out.push(' ');
    out.push_str(key);
    out.push_str("=\"");
    escape_into(out, value, false);
    out.push('"');
}

impl Junit {
    /// Whether `name` is the open suite.
    pub fn in_suite(&self, name: &str) -> bool {
        self.open.as_deref() == Some(name)
    }

    /// Closes the open suite and opens `name`.
    pub fn suite(&mut self, name: &str) {
        self.close();
        self.open = Some(name.to_string());
    }

    fn close(&mut self) {
        let Some(name) = self.open.take() else { return };
        let c = std::mem::take(&mut self.suite);
        self.suites.push_str("\n    <testsuite");
        attr(&mut self.suites, "name", &name);
        let _ = write!(
            self.suites,
            " tests=\"{}\" disabled=\"{}\" errors=\"{}\" failures=\"{}\">",
            c.tests, c.disabled, c.errors, c.failures
        );
        self.suites.push_str(&self.cases);
        self.suites.push_str("\n    </testsuite>");
        self.cases.clear();
        self.total.tests += c.tests;
        self.total.failures += c.failures;
        self.total.errors += c.errors;
    }

    /// Adds `case` to the open suite.
    pub fn case(&mut self, case: &Case) {
        let out = &mut self.cases;
        out.push_str("\n        <testcase");
        attr(out, "name", case.name);
        if let Some(c) = case.classname {
            attr(out, "classname", c);
        }
        if let Some(ms) = case.time_ms {
            let _ = write!(out, " time=\"{}.{:03}\"", ms / 1000, ms % 1000);
        }
        if let Some(f) = case.file {
            attr(out, "file", f);
        }
        out.push('>');
        self.suite.tests += 1;
        match case.status {
            Status::Passed => {}
            Status::Failure { message, ty, description } => {
                self.suite.failures += 1;
                out.push_str("\n            <failure");
                attr(out, "message", message);
                attr(out, "type", ty);
                out.push('>');
                escape_into(out, description, true);
                out.push_str("</failure>");
            }
            Status::Error { message } => {
                self.suite.errors += 1;
                out.push_str("\n            <error");
                attr(out, "message", message);
                out.push_str("/>");
            }
            Status::Skipped { message } => {
                self.suite.disabled += 1;
                out.push_str("\n            <skipped");
                attr(out, "message", message);
                out.push_str("/>");
            }
        }
        if let Some(text) = case.system_out {
            out.push_str("\n            <system-out>");
            escape_into(out, text, true);
            out.push_str("</system-out>");
        }
        out.push_str("\n        </testcase>");
    }

    /// A suite for each file that could not be used, holding one errored case named `case`.
    pub fn file_errors(&mut self, errors: &[flowsim::harness::FileError], case: &str) {
        for e in errors {
            self.suite(&e.file().display().to_string());
            self.case(&Case {
                name: case,
                classname: None,
                time_ms: None,
                file: None,
                status: Status::Error { message: &e.message() },
                system_out: None,
            });
        }
    }

    /// The report, named `name`.
    pub fn finish(mut self, name: &str) -> String {
        self.close();
        let mut out = String::with_capacity(self.suites.len() + 200);
        out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites");
        attr(&mut out, "name", name);
        let t = &self.total;
        let _ = write!(
            out,
            " tests=\"{}\" failures=\"{}\" errors=\"{}\">",
            t.tests, t.failures, t.errors
        );
        out.push_str(&self.suites);
        out.push_str("\n</testsuites>\n");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::{Case, Junit, Status};

    fn case<'a>(name: &'a str, status: Status<'a>) -> Case<'a> {
        Case { name, classname: Some("F"), time_ms: None, file: None, status, system_out: None }
    }

    #[test]
    fn suites_carry_their_counts_and_text_is_escaped() {
        let mut j = Junit::default();
        j.suite("a.yaml");
        j.case(&Case {
            time_ms: Some(1300),
            file: Some("a.yaml"),
            ..case("ok <1>", Status::Passed)
        });
        j.case(&case(
            "bad",
            Status::Failure { message: "x & y", ty: "status", description: "line 1\nline \"2\"" },
        ));
        j.suite("b.yaml");
        j.case(&Case { system_out: Some("gap"), ..case("skip", Status::Skipped { message: "m" }) });
        j.case(&Case { classname: None, ..case("(file)", Status::Error { message: "broken" }) });
        let expected = r#"<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="flowsim" tests="4" failures="1" errors="1">
    <testsuite name="a.yaml" tests="2" disabled="0" errors="0" failures="1">
        <testcase name="ok &lt;1&gt;" classname="F" time="1.300" file="a.yaml">
        </testcase>
        <testcase name="bad" classname="F">
            <failure message="x &amp; y" type="status">line 1
line &quot;2&quot;</failure>
        </testcase>
    </testsuite>
    <testsuite name="b.yaml" tests="2" disabled="1" errors="1" failures="0">
        <testcase name="skip" classname="F">
            <skipped message="m"/>
            <system-out>gap</system-out>
        </testcase>
        <testcase name="(file)">
            <error message="broken"/>
        </testcase>
    </testsuite>
</testsuites>
"#;
        assert_eq!(j.finish("flowsim"), expected);
    }
}
