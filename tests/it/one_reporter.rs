//! One reporter (issue 74): a command's result is a `report::Report` and `report::emit` writes it
//! in the form chosen, so JSON, JUnit and GitHub annotations are serialised in `src/cli/report/`
//! only, and only there is a `match` on a `report::Format`. The scan holds that over every file
//! of `src/cli/` outside `report/`; the planted cases show it sees each breach.

/// What `line` (code, not a comment) does that only the reporter may: serialise JSON to text,
/// write JUnit XML, take a `report::Format` apart in a `match`, or declare another format enum.
fn breach(line: &str) -> Option<&'static str> {
    let l = line.trim_start();
    if l.starts_with("//") {
        return None;
    }
    let serialises = ["serde_json::to_string", "serde_json::to_writer", "serde_json::to_vec"];
    if serialises.iter().any(|s| l.contains(s)) {
        return Some("serialises JSON");
    }
    if ["<?xml", "<testsuite", "<testcase", "<failure"].iter().any(|s| l.contains(s)) {
        return Some("writes XML");
    }
    if l.contains("enum ")
        && l.split("enum ").nth(1).is_some_and(|r| {
            r.split(|c: char| !c.is_alphanumeric() && c != '_')
                .next()
                .is_some_and(|n| n.ends_with("Format"))
        })
    {
        return Some("declares a format enum");
    }
    // An arm over a form: `Format::Json =>`, `Format::Text | Format::Json =>`, `Format::Png if`.
    let mut rest = l;
    while let Some(i) = rest.find("Format::") {
        let before = &rest[..i];
        let after = &rest[i + "Format::".len()..];
        let name_end =
            after.find(|c: char| !c.is_alphanumeric() && c != '_').unwrap_or(after.len());
        let next = after[name_end..].trim_start();
        // The flow model's `Format` (a file's format) is another type.
        let model = before.ends_with("model::");
        if !model && (next.starts_with("=>") || next.starts_with("| ") || next.starts_with("if ")) {
            return Some("matches on a Format");
        }
        if !model && before.contains("matches!(") {
            return Some("matches on a Format");
        }
        rest = &after[name_end..];
    }
    None
}

/// Every file of `src/cli/` but the reporter's leaves serialising and the `match` on a form to
/// `report::emit`, but for the few listed here, none of which writes a report.
#[test]
fn only_the_reporter_writes_a_report() {
    // (file, why it may): each is no command's report.
    let allowed: &[(&str, &str)] = &[
        ("src/cli/diff.rs", "a request as JSON text is the key that tells inputs apart, never written"),
        ("src/cli/diff/inputs.rs", "the spool: each input's result in a temporary file the report reads back"),
        ("src/cli/decisions.rs", "the documents `--decision-log-url` POSTs: a service's request bodies"),
        ("src/cli/docs.rs", "DocsFormat: a bundled page as markdown, text or HTML, or `auto` (the pager on a terminal); no command's result"),
    ];
    let mut found = Vec::new();
    let mut used = vec![false; allowed.len()];
    for (file, code) in crate::escapes::program_sources() {
        if !file.starts_with("src/cli/") || file.starts_with("src/cli/report/") {
            continue;
        }
        for (i, line) in code.lines().enumerate() {
            let Some(what) = breach(line) else { continue };
            match allowed.iter().position(|(f, _)| *f == file) {
                Some(k) => used[k] = true,
                None => found.push(format!("{file}:{}: {what}: {}", i + 1, line.trim())),
            }
        }
    }
    assert!(
        found.is_empty(),
        "a command writes a report itself (implement `report::Report` for its result and \
         call `report::emit`, which writes every form once):\n{}",
        found.join("\n")
    );
    let stale: Vec<&str> =
        allowed.iter().zip(&used).filter(|(_, u)| !**u).map(|((f, _), _)| *f).collect();
    assert!(stale.is_empty(), "allowed but no longer needed (remove them): {stale:?}");
}

/// The scan sees each breach, and passes what the reporter's users write.
#[test]
fn the_scan_sees_a_planted_report() {
    for (planted, what) in [
        ("let text = serde_json::to_string_pretty(&body).unwrap_or_default();", "serialises JSON"),
        ("serde_json::to_writer_pretty(&mut *w, out)?;", "serialises JSON"),
        ("out.push_str(\"<?xml version=\\\"1.0\\\"?>\\n<testsuites>\");", "writes XML"),
        ("        Format::Json => super::write_json(&body),", "matches on a Format"),
        ("        Format::Text | Format::Json => emit(&whole, format),", "matches on a Format"),
        (
            "    matches!(format, Format::Json | Format::Github).then_some(format)",
            "matches on a Format",
        ),
        ("enum DocsFormat {", "declares a format enum"),
    ] {
        assert_eq!(breach(planted), Some(what), "{planted}");
    }
    for fine in [
        "Some(Json::pretty(serde_json::json!({\"ok\": ok})))",
        "const FORMS: &'static [Format] = &[Format::Text, Format::Json];",
        "report::emit(&Findings { diags, flows, source: &args.source }, args.format)",
        "if r.registry.flow(r.flow).format == flowsim::flow::model::Format::Json {",
        "// Format::Json => a comment",
        "Accepted::plain(Format::Json, \"json\"),",
    ] {
        assert_eq!(breach(fine), None, "{fine}");
    }
}
