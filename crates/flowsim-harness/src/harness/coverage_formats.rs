//! Coverage in the formats CI dashboards read: LCOV (`genhtml`, Codecov, Coveralls) and
//! Cobertura XML (GitLab, Azure DevOps, Jenkins).
//!
//! Both are line-oriented, so each node is put on a line ([`super::coverage::report_line`]: its
//! source line for Archy and seeds' JSON, Architect's tracking id for exports) and each of its
//! counted edges (outputs, paths, conditions) becomes a branch of that line. A flow is an LCOV
//! function and a Cobertura class. Nodes that share a line (menu choices written on one line,
//! a one-line JSON file) add their hits up, and their branches, on that line. Dead edges (the
//! error path of a node that cannot fail) are not branches, as in the JSON report.
//!
//! Deterministic: the report's order (files as the suite met them), lines in ascending order,
//! rates with four decimals, and Cobertura's `timestamp` is 0 (never the wall clock).

use super::coverage::FlowCoverage;
use indexmap::IndexMap;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// One line of one file: hits of its nodes, and each branch's hits (`None`: its node never
/// ran, so the branch was not evaluated).
#[derive(Default)]
struct Line {
    hits: u64,
    branches: Vec<Option<u64>>,
}

/// A flow (one version) as lines.
struct FlowLines<'a> {
    name: String,
    cov: &'a FlowCoverage,
    lines: BTreeMap<u32, Line>,
}

fn flow_lines(cov: &FlowCoverage) -> FlowLines<'_> {
    let mut lines: BTreeMap<u32, Line> = BTreeMap::new();
    for n in &cov.hits {
        let line = lines.entry(n.line.max(1)).or_default();
        line.hits = line.hits.saturating_add(n.hits);
        for e in n.edges.iter().filter(|e| !e.dead) {
            line.branches.push((n.hits > 0).then_some(e.hits));
        }
    }
    let name = if cov.version == crate::flow::Version::Published {
        format!("{} (published)", cov.label())
    } else {
        cov.label().into_owned()
    };
    FlowLines { name: one_line(&name), cov, lines }
}

/// Flows grouped by file (its path tidied), in the report's order.
fn by_file(report: &[FlowCoverage]) -> IndexMap<String, Vec<FlowLines<'_>>> {
    let mut files: IndexMap<String, Vec<FlowLines<'_>>> = IndexMap::new();
    for f in report {
        files.entry(tidy(&f.file)).or_default().push(flow_lines(f));
    }
    files
}

/// A path without `.` and with `dir/..` removed, as written (lexically: the suite passed
/// `scenarios/../flows/x.yaml`, dashboards want `flows/x.yaml`). `/` separators.
pub fn tidy(path: &str) -> String {
    let tidied = crate::util::files::normalise(std::path::Path::new(path));
    tidied.to_string_lossy().replace('\\', "/")
}

/// Names go on one line in LCOV and in XML attributes.
fn one_line(s: &str) -> String {
    s.chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
}

/// The LCOV tracefile: one record per flow file (`SF:`), a function per flow (`FN:` on its
/// first line, `FNDA:` the most any of its nodes ran), `BRDA:` per counted edge (block: the
/// line's index in the record, branch: the edge's index on the line; `-` when its node never
/// ran), `DA:` per line.
pub fn lcov(report: &[FlowCoverage]) -> String {
    let mut out = String::new();
    for (file, flows) in by_file(report) {
        let _ = writeln!(out, "TN:\nSF:{}", one_line(&file));
        let mut merged: BTreeMap<u32, Line> = BTreeMap::new();
        for f in &flows {
            let first = f.lines.keys().next().copied().unwrap_or(1);
            let _ = writeln!(out, "FN:{first},{}", f.name);
        }
        let mut hit_functions = 0;
        for f in &flows {
            let calls = f.cov.hits.iter().map(|n| n.hits).max().unwrap_or(0);
            hit_functions += usize::from(calls > 0);
            let _ = writeln!(out, "FNDA:{calls},{}", f.name);
            for (no, l) in &f.lines {
                let m = merged.entry(*no).or_default();
                m.hits = m.hits.saturating_add(l.hits);
                m.branches.extend(l.branches.iter().copied());
            }
        }
        let _ = writeln!(out, "FNF:{}\nFNH:{hit_functions}", flows.len());
        let (mut brf, mut brh) = (0, 0);
        for (block, (no, l)) in merged.iter().enumerate() {
            for (branch, taken) in l.branches.iter().enumerate() {
                brf += 1;
                brh += usize::from(taken.is_some_and(|t| t > 0));
                let taken = taken.map_or_else(|| "-".to_owned(), |t| t.to_string());
                let _ = writeln!(out, "BRDA:{no},{block},{branch},{taken}");
            }
        }
        let _ = writeln!(out, "BRF:{brf}\nBRH:{brh}");
        for (no, l) in &merged {
            let _ = writeln!(out, "DA:{no},{}", l.hits);
        }
        let lh = merged.values().filter(|l| l.hits > 0).count();
        let _ = writeln!(out, "LF:{}\nLH:{lh}\nend_of_record", merged.len());
    }
    out
}

/// Covered and valid counts of lines and branches.
#[derive(Default, Clone, Copy)]
struct Counts {
    lines: (usize, usize),
    branches: (usize, usize),
}

impl Counts {
    fn of(lines: &BTreeMap<u32, Line>) -> Counts {
        let mut c = Counts::default();
        for l in lines.values() {
            c.lines.1 += 1;
            c.lines.0 += usize::from(l.hits > 0);
            c.branches.1 += l.branches.len();
            c.branches.0 += l.branches.iter().filter(|t| t.is_some_and(|t| t > 0)).count();
        }
        c
    }

    fn add(&mut self, o: Counts) {
        self.lines.0 += o.lines.0;
        self.lines.1 += o.lines.1;
        self.branches.0 += o.branches.0;
        self.branches.1 += o.branches.1;
    }

    fn rates(self) -> String {
        format!(
            "line-rate=\"{}\" branch-rate=\"{}\"",
            rate(self.lines.0, self.lines.1),
            rate(self.branches.0, self.branches.1)
        )
    }
}

fn rate(covered: usize, valid: usize) -> String {
    if valid == 0 {
        "1".to_owned()
    } else {
        format!("{:.4}", covered as f64 / valid as f64)
    }
}

/// XML attribute text: control characters as spaces, then the one XML escaper.
fn attr(s: &str) -> String {
    crate::util::xml::escape(&one_line(s))
}

/// Cobertura XML (coverage-04.dtd): a package per directory, a class per flow (and version)
/// with its file as `filename`, a `<line>` per line with `branch="true"` and
/// `condition-coverage` where its nodes have counted edges.
pub fn cobertura(report: &[FlowCoverage]) -> String {
    // Packages by directory, in the report's order.
    let mut packages: IndexMap<String, Vec<FlowLines<'_>>> = IndexMap::new();
    for (file, flows) in by_file(report) {
        let dir = std::path::Path::new(&file)
            .parent()
            .map(|p| p.display().to_string())
            .filter(|p| !p.is_empty())
            .unwrap_or_else(|| ".".to_owned());
        packages.entry(dir).or_default().extend(flows);
    }
    let mut total = Counts::default();
    let mut body = String::new();
    for (dir, flows) in &packages {
        let mut pkg = Counts::default();
        let mut classes = String::new();
        for f in flows {
            let c = Counts::of(&f.lines);
            pkg.add(c);
            let _ = writeln!(
                classes,
                "        <class name=\"{}\" filename=\"{}\" {} complexity=\"0\">\n          <methods/>\n          <lines>",
                attr(&f.name),
                attr(&tidy(&f.cov.file)),
                c.rates()
            );
            for (no, l) in &f.lines {
                let _ = write!(classes, "            <line number=\"{no}\" hits=\"{}\"", l.hits);
                if l.branches.is_empty() {
                    classes.push_str(" branch=\"false\"/>\n");
                } else {
                    let taken = l.branches.iter().filter(|t| t.is_some_and(|t| t > 0)).count();
                    let all = l.branches.len();
                    let _ = writeln!(
                        classes,
                        " branch=\"true\" condition-coverage=\"{}% ({taken}/{all})\"/>",
                        taken * 100 / all
                    );
                }
            }
            classes.push_str("          </lines>\n        </class>\n");
        }
        total.add(pkg);
        let _ = write!(
            body,
            "    <package name=\"{}\" {} complexity=\"0\">\n      <classes>\n{classes}      </classes>\n    </package>\n",
            attr(dir),
            pkg.rates()
        );
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE coverage SYSTEM \"http://cobertura.sourceforge.net/xml/coverage-04.dtd\">\n<coverage {} lines-covered=\"{}\" lines-valid=\"{}\" branches-covered=\"{}\" branches-valid=\"{}\" complexity=\"0\" version=\"flowsim {}\" timestamp=\"0\">\n  <sources>\n    <source>.</source>\n  </sources>\n  <packages>\n{body}  </packages>\n</coverage>\n",
        total.rates(),
        total.lines.0,
        total.lines.1,
        total.branches.0,
        total.branches.1,
        env!("CARGO_PKG_VERSION")
    )
}

#[cfg(test)]
mod tests {
    use super::tidy;

    #[test]
    fn paths_are_tidied_lexically() {
        assert_eq!(tidy("fixtures/scenarios/../archy/flows/a.yaml"), "fixtures/archy/flows/a.yaml");
        assert_eq!(tidy("./a/./b"), "a/b");
        assert_eq!(tidy("../x/../../y"), "../../y");
        assert_eq!(tidy("/r/../s"), "/s");
        assert_eq!(tidy("a/.."), ".");
    }
}
