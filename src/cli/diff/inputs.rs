//! The behavioural part of `diff`'s report, kept as its inputs arrive: how many behave
//! differently, and the entries the report lists (in JSON every input, which `flowsim merge`
//! places by the shard's header; in text and Markdown only those that behave differently).
//!
//! Invariant: memory does not grow with the inputs. The report prints its counts (and, in JSON,
//! the run's identity and size) before its list, and they are known only after the last input;
//! so each listed entry is written at once, as a line of JSON, to an unnamed temporary file (the
//! system removes it when it is closed, however the process ends), and read back one entry at a
//! time when the report is written. The list is the one a list in memory gave: same entries,
//! same order, each read back as it was written.

use super::super::report::Format;
use super::super::Refused;
use flowsim::diag::Code;
use flowsim::diff::behaviour::CaseDiff;
use serde::ser::{Error as _, SerializeSeq as _};
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Seek as _, SeekFrom, Write as _};

/// The entries kept so far (see the module's doc).
pub(crate) struct Inputs {
    /// Whether every input is listed (JSON) or only those that behave differently.
    every: bool,
    listed: usize,
    changed: usize,
    /// Made at the first entry listed: a diff without inputs makes no file.
    spool: Option<BufWriter<File>>,
}

impl Inputs {
    /// An empty list for a report in `format`.
    pub(crate) fn new(format: Format) -> Inputs {
        Inputs { every: format == Format::Json, listed: 0, changed: 0, spool: None }
    }

    /// Adds the next input's result, in the report's order.
    ///
    /// # Errors
    /// The temporary file cannot be made or written.
    pub(crate) fn add(&mut self, diff: &CaseDiff) -> io::Result<()> {
        self.changed += usize::from(diff.changed());
        if !(self.every || diff.changed()) {
            return Ok(());
        }
        let spool = match &mut self.spool {
            Some(spool) => spool,
            None => self.spool.insert(BufWriter::new(tempfile::tempfile()?)),
        };
        serde_json::to_writer(&mut *spool, diff)?;
        spool.write_all(b"\n")?;
        self.listed += 1;
        Ok(())
    }

    /// The list, written out, ready for the report to read.
    ///
    /// # Errors
    /// The last entries cannot be written to the temporary file.
    pub(crate) fn done(self) -> io::Result<Listed> {
        let file = self
            .spool
            .map(BufWriter::into_inner)
            .transpose()
            .map_err(io::IntoInnerError::into_error)?;
        Ok(Listed { count: self.listed, changed: self.changed, file })
    }
}

/// Why the report's list could not be kept: the temporary directory is not writable or full.
pub(crate) fn unkept(e: &io::Error) -> Refused {
    Refused::error(Code::CannotWrite, format!("cannot keep the inputs' results in a temporary file: {e}")).help("the report lists them once every input has run; give a writable temporary directory with room for the report (TMPDIR)")
}

/// Every input's result the report lists, on disk: see the module's doc.
pub(crate) struct Listed {
    count: usize,
    changed: usize,
    file: Option<File>,
}

impl Listed {
    /// How many of the inputs behave differently.
    pub(crate) fn changed(&self) -> usize {
        self.changed
    }

    /// The listed entries in order, read back one at a time (again at each call).
    ///
    /// # Errors
    /// The temporary file cannot be read back.
    pub(crate) fn entries(&self) -> io::Result<impl Iterator<Item = io::Result<CaseDiff>> + '_> {
        if let Some(mut file) = self.file.as_ref() {
            file.seek(SeekFrom::Start(0))?;
        }
        Ok(self.file.iter().flat_map(|file| {
            serde_json::Deserializer::from_reader(BufReader::new(file))
                .into_iter::<CaseDiff>()
                .map(|entry| entry.map_err(io::Error::from))
        }))
    }
}

/// A JSON list of the entries, as `Vec<CaseDiff>` serializes: the report's `behaviour`.
impl serde::Serialize for Listed {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let entries = self.entries().map_err(S::Error::custom)?;
        let mut list = s.serialize_seq(Some(self.count))?;
        for entry in entries {
            list.serialize_element(&entry.map_err(S::Error::custom)?)?;
        }
        list.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use flowsim::diff::behaviour::Difference;

    fn case(name: &str, changed: bool) -> CaseDiff {
        let differences = if changed {
            vec![Difference { what: "status".into(), old: "ended".into(), new: "failed".into() }]
        } else {
            Vec::new()
        };
        CaseDiff { case: name.into(), differences, first_divergence: None }
    }

    fn listed(format: Format, cases: &[CaseDiff]) -> Listed {
        let mut inputs = Inputs::new(format);
        for c in cases {
            inputs.add(c).unwrap();
        }
        inputs.done().unwrap()
    }

    #[test]
    fn json_lists_every_input_as_a_list_in_memory_serializes() {
        let cases = vec![case("a", false), case("b \"quoted\"\n", true), case("c", false)];
        let kept = listed(Format::Json, &cases);
        assert_eq!(kept.changed(), 1);
        assert_eq!(
            serde_json::to_string_pretty(&kept).unwrap(),
            serde_json::to_string_pretty(&cases).unwrap()
        );
        let again: Vec<CaseDiff> = kept.entries().unwrap().map(Result::unwrap).collect();
        assert_eq!(again, cases, "read again from the start");
    }

    #[test]
    fn text_and_markdown_list_only_the_inputs_that_behave_differently() {
        let cases = vec![case("a", false), case("b", true), case("c", false), case("d", true)];
        let kept = listed(Format::Text, &cases);
        let names: Vec<String> = kept.entries().unwrap().map(|e| e.unwrap().case).collect();
        assert_eq!((names, kept.changed()), (vec!["b".to_string(), "d".to_string()], 2));
        let none = listed(Format::Markdown, &[case("a", false)]);
        assert!(none.file.is_none(), "nothing listed, no file");
        assert_eq!(serde_json::to_string(&none).unwrap(), "[]");
    }
}
