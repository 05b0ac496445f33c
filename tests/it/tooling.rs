//! Everyday tooling through the binary: coverage as LCOV and Cobertura, the
//! slowest scenarios in the summary, `--help` in plain language.

use crate::cli::flowsim;
use crate::support::root;

/// `flowsim test fixtures/scenarios` writing both formats into a temporary directory.
fn coverage_files() -> (String, String) {
    let dir = tempfile::tempdir().unwrap();
    let lcov = dir.path().join("out.lcov");
    let xml = dir.path().join("out.xml");
    let out = flowsim(&[
        "test",
        "fixtures/scenarios",
        "--coverage-lcov",
        lcov.to_str().unwrap(),
        "--coverage-cobertura",
        xml.to_str().unwrap(),
    ]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    (std::fs::read_to_string(lcov).unwrap(), std::fs::read_to_string(xml).unwrap())
}

/// The value of `KEY:` lines of one LCOV record.
fn field<'a>(record: &'a [&'a str], key: &str) -> Vec<&'a str> {
    record.iter().filter_map(|l| l.strip_prefix(key)).collect()
}

#[test]
fn lcov_has_one_well_formed_record_per_flow_file() {
    let (lcov, _) = coverage_files();
    let lines: Vec<&str> = lcov.lines().collect();
    let records: Vec<&[&str]> =
        lines.split(|l| *l == "end_of_record").filter(|r| !r.is_empty()).collect();
    assert!(lcov.ends_with("end_of_record\n"));
    assert!(records.len() >= 10, "a record per flow file: {}", records.len());
    for r in &records {
        assert_eq!(r[0], "TN:");
        let sf = r[1].strip_prefix("SF:").expect("SF: second");
        assert!(!sf.contains(".."), "tidied path: {sf}");
        assert!(root().join(sf).is_file(), "SF names the flow file: {sf}");
        let da = field(r, "DA:");
        let hits: Vec<(u32, u64)> = da
            .iter()
            .map(|d| {
                let (l, h) = d.split_once(',').unwrap();
                (l.parse().unwrap(), h.parse().unwrap())
            })
            .collect();
        assert!(hits.windows(2).all(|w| w[0].0 < w[1].0), "lines ascending, once each");
        assert!(hits.iter().all(|(l, _)| *l >= 1));
        assert_eq!(field(r, "LF:"), [hits.len().to_string()]);
        let lh = hits.iter().filter(|(_, h)| *h > 0).count();
        assert_eq!(field(r, "LH:"), [lh.to_string()]);
        let brda = field(r, "BRDA:");
        assert_eq!(field(r, "BRF:"), [brda.len().to_string()]);
        for b in &brda {
            let parts: Vec<&str> = b.split(',').collect();
            assert_eq!(parts.len(), 4, "BRDA:line,block,branch,taken: {b}");
            let line: u32 = parts[0].parse().unwrap();
            assert!(hits.iter().any(|(l, _)| *l == line), "a branch sits on a DA line");
            assert!(parts[3] == "-" || parts[3].parse::<u64>().is_ok());
        }
        assert_eq!(field(r, "FN:").len(), field(r, "FNDA:").len());
        assert_eq!(field(r, "FNF:"), [field(r, "FN:").len().to_string()]);
    }
    // The lines are the source's: the seeds' JSON node key, the Archy action.
    let text = std::fs::read_to_string(root().join("fixtures/flows/contact_lookup.json")).unwrap();
    let key_line =
        text.lines().position(|l| l.trim_start().starts_with("\"LookupContact\": {")).unwrap() + 1;
    let record = records.iter().find(|r| r[1] == "SF:fixtures/flows/contact_lookup.json").unwrap();
    assert!(field(record, "DA:").iter().any(|d| d.starts_with(&format!("{key_line},"))));
    let ivr =
        std::fs::read_to_string(root().join("fixtures/archy/flows/acme_main_ivr.yaml")).unwrap();
    let record =
        records.iter().find(|r| r[1] == "SF:fixtures/archy/flows/acme_main_ivr.yaml").unwrap();
    for d in field(record, "DA:") {
        let line: usize = d.split_once(',').unwrap().0.parse().unwrap();
        let src = ivr.lines().nth(line - 1).unwrap();
        assert!(
            src.trim_start().starts_with("- ") || src.contains(':'),
            "line {line} is an action: {src}"
        );
    }
}

#[test]
fn cobertura_parses_and_its_totals_add_up() {
    use quick_xml::events::Event;
    let (lcov, xml) = coverage_files();
    let mut reader = quick_xml::Reader::from_str(&xml);
    let (mut classes, mut lines, mut covered, mut root_attrs) = (0, 0, 0, Vec::new());
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) => {
                let attrs: Vec<(String, String)> = e
                    .attributes()
                    .map(|a| {
                        let a = a.unwrap();
                        (
                            String::from_utf8(a.key.as_ref().to_vec()).unwrap(),
                            a.unescape_value().unwrap().into_owned(),
                        )
                    })
                    .collect();
                let get = |k: &str| attrs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
                match e.name().as_ref() {
                    b"coverage" => root_attrs = attrs.clone(),
                    b"class" => {
                        classes += 1;
                        assert!(root().join(get("filename").unwrap()).is_file());
                    }
                    b"line" => {
                        lines += 1;
                        covered += usize::from(get("hits").unwrap() != "0");
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }
    let attr = |k: &str| root_attrs.iter().find(|(n, _)| n == k).unwrap().1.clone();
    assert_eq!(attr("lines-valid"), lines.to_string());
    assert_eq!(attr("lines-covered"), covered.to_string());
    assert_eq!(attr("timestamp"), "0", "no wall clock");
    // The same counts as LCOV's.
    let lf: usize = lcov
        .lines()
        .filter_map(|l| l.strip_prefix("LF:"))
        .map(|n| n.parse::<usize>().unwrap())
        .sum();
    let brf: usize = lcov
        .lines()
        .filter_map(|l| l.strip_prefix("BRF:"))
        .map(|n| n.parse::<usize>().unwrap())
        .sum();
    assert_eq!(lf, lines);
    assert_eq!(attr("branches-valid"), brf.to_string());
    assert!(classes >= 10);
    // Byte-identical from run to run.
    assert_eq!(coverage_files(), (lcov, xml));
}

#[test]
fn uncovered_nodes_are_zero_lines_and_untaken_branches() {
    let dir = tempfile::tempdir().unwrap();
    let lcov = dir.path().join("x.lcov");
    let out = flowsim(&[
        "test",
        "fixtures/scenarios/contact-lookup.scenarios.yaml",
        "--filter",
        "known",
        "--coverage-lcov",
        lcov.to_str().unwrap(),
    ]);
    assert!(out.code <= 1, "{}{}", out.stdout, out.stderr);
    let text = std::fs::read_to_string(lcov).unwrap();
    assert!(text.lines().any(|l| l.starts_with("DA:") && l.ends_with(",0")), "{text}");
    assert!(
        text.lines().any(|l| l.starts_with("BRDA:") && (l.ends_with(",-") || l.ends_with(",0"))),
        "{text}"
    );
    // A file that cannot be written is refused with its name, exit 2.
    let blocked = dir.path().join("x.lcov").join("x.xml");
    let out = flowsim(&[
        "test",
        "fixtures/scenarios/contact-lookup.scenarios.yaml",
        "--coverage-cobertura",
        blocked.to_str().unwrap(),
    ]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("cannot write the Cobertura coverage report"), "{}", out.stderr);
}

/// The subcommands a `--help` text lists under `Commands:` (without `help`).
fn subcommands(help: &str) -> Vec<String> {
    help.lines()
        .skip_while(|l| *l != "Commands:")
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .map(str::to_owned)
        .collect()
}

/// Issue 16 item 2: every command's `--help`, nested ones included, is in plain language for
/// people who never read the spec: no section numbers, no project-internal names.
#[test]
fn every_help_is_in_plain_language() {
    let mut todo: Vec<Vec<String>> = vec![Vec::new()];
    let mut seen = 0;
    while let Some(path) = todo.pop() {
        let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
        args.push("--help");
        let o = flowsim(&args);
        assert_eq!(o.code, 0, "{args:?}: {}", o.stderr);
        // `seeds`: the project's first JSON flows (a run's random `--seed` is plain language).
        for internal in ["SPEC", "§", "seeds", "Seed", "issue", "TODO", "WIP"] {
            assert!(
                !o.stdout.contains(internal),
                "`flowsim {}` says {internal}:\n{}",
                args.join(" "),
                o.stdout
            );
        }
        assert!(
            o.stdout.lines().next().is_some_and(|l| !l.is_empty()),
            "{args:?} says what it does"
        );
        seen += 1;
        for sub in subcommands(&o.stdout) {
            let mut p = path.clone();
            p.push(sub);
            todo.push(p);
        }
    }
    assert!(seen >= 20, "every command and subcommand: {seen}");
    // The completions and the manual page know the newer commands too.
    assert!(flowsim(&["completions", "bash"]).stdout.contains("snapshots__subcmd__review"));
    assert!(flowsim(&["man"]).stdout.contains("snapshots"));
}
