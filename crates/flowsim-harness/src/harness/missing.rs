//! Lookups the fixtures could not answer, against a scenario's `expect.missing`
//! (docs/scenarios.md): a test passes for the right reason only.
//!
//! ```yaml
//! expect:
//!   missing: ["dataAction:Get Account", "row:Accounts/999999"]
//! ```
//!
//! Invariants: every lookup of the run that found nothing (`engine::missing::Miss`, carried by
//! the run's warnings) fails the scenario unless `missing` names it, or the scenario expects
//! the error that miss raised (`error: {kind: queueNotFound}`, or a `status` that is that
//! error); each lookup is reported once, with the fixture entry that answers it. A name
//! `missing` lists that the run never missed fails too, so the list cannot go stale.

use super::expect::Mismatch;
use crate::engine::missing::{Miss, Sought};
use crate::engine::RunResult;
use crate::fixtures::FixtureStore;
use std::fmt::Write as _;

/// The mismatches of `r`'s misses against `expected` (the scenario's `missing`, each entry
/// checked when the file loaded) and the error the scenario expects, if it names one. A miss
/// one typo from a name `guesses` (the run's fixtures, when given) hold says so first.
pub fn check(
    expected: &[String],
    error_kind: Option<&str>,
    r: &RunResult<'_>,
    guesses: Option<&FixtureStore>,
) -> Vec<Mismatch> {
    let wanted: Vec<Miss> = expected.iter().filter_map(|e| Miss::parse(e)).collect();
    let mut out = Vec::new();
    let mut seen: Vec<&Miss> = Vec::new();
    let mut matched = vec![false; wanted.len()];
    for w in &r.warnings {
        let Some(miss) = &w.missing else { continue };
        if seen.contains(&miss) {
            continue;
        }
        seen.push(miss);
        let mut named = false;
        for (i, want) in wanted.iter().enumerate() {
            if want.names(miss) {
                matched[i] = true;
                named = true;
            }
        }
        let by_error = miss
            .sought
            .error_kind()
            .is_some_and(|k| error_kind.is_some_and(|e| k.as_str().eq_ignore_ascii_case(e)));
        if named || by_error {
            continue;
        }
        let node = r.node(w.flow, w.node);
        let mut m = Mismatch::new(
            "missing",
            format!(
                "{} at {}/{}: {}, and the scenario does not expect that",
                miss.label(),
                r.flow_name(w.flow),
                node.id,
                miss.message()
            ),
        );
        if let Some(near) = guesses.and_then(|f| miss.sought.nearest(f, &miss.name)) {
            let _ = writeln!(m.detail, "did you mean `{near}`, which the fixtures have? else");
        }
        let _ = write!(
            m.detail,
            "add it to the fixtures:\n{}\nor, if the test is about the miss, expect it: `missing: [{}]`",
            fixture_entry(miss),
            quoted(&miss.label())
        );
        out.push(m);
    }
    for (want, _) in wanted.iter().zip(&matched).filter(|(_, m)| !**m) {
        let name = match &want.key {
            Some(key) => format!("{}/{key}", want.name),
            None => want.name.to_string(),
        };
        out.push(Mismatch::new(
            "missing",
            format!(
                "expected the lookup of {} `{name}` to find nothing, the run never missed it",
                want.sought.noun()
            ),
        ));
    }
    out
}

/// A YAML scalar written so that any text reads back as itself.
fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_default()
}

/// The fixture entry that answers `miss`, as YAML (docs/fixtures.md has each section).
pub fn fixture_entry(miss: &Miss) -> String {
    let name = quoted(&miss.name);
    let section = miss.sought.section();
    match miss.sought {
        Sought::DataAction => format!(
            "  {section}:\n    {name}:\n      - outputs: {{}}   # what the action returns; or error: \"...\", or timeout: true; `match:` picks inputs"
        ),
        Sought::Row => format!(
            "  {section}:\n    - name: {name}\n      rows:\n        - {{key: {}}}   # the table's key column, and the columns the flow reads",
            quoted(miss.key.as_deref().unwrap_or(""))
        ),
        Sought::DataTable => {
            format!("  {section}:\n    - {{id: {name}, name: {name}, key: key, rows: []}}")
        }
        Sought::Schedule => format!(
            "  {section}:\n    - {{id: {name}, name: {name}, start: \"2026-01-05T08:00:00\", end: \"2026-01-05T17:00:00\", rrule: \"FREQ=DAILY\"}}"
        ),
        Sought::ScheduleGroup => format!(
            "  {section}:\n    - {{id: {name}, name: {name}, timeZone: America/New_York, openSchedules: []}}"
        ),
        Sought::EmergencyGroup => {
            format!("  {section}:\n    - {{id: {name}, name: {name}, enabled: false}}")
        }
        Sought::DecisionTable => format!(
            "  {section}:\n    - {{id: {name}, name: {name}, columns: [], rows: [], default: {{}}}}"
        ),
        Sought::Response => format!(
            "  {section}:\n    - {{id: {name}, name: {name}, libraries: [...], texts: [{{content: \"...\"}}]}}"
        ),
        Sought::Extension => format!(
            "  {section}:\n    - {{id: \"...\", name: \"...\", extension: {name}}}   # the user the extension reaches"
        ),
        _ => format!("  {section}:\n    - {{id: {name}, name: {name}}}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixture_entries_name_their_section_and_the_name_quoted() {
        let e = fixture_entry(&Miss::new(Sought::DataAction, "Get Account"));
        assert!(e.starts_with("  dataActions:\n    \"Get Account\":\n      - outputs: {}"), "{e}");
        let e = fixture_entry(&Miss::new(Sought::Queue, "Bill: \"ing\""));
        assert_eq!(e, "  queues:\n    - {id: \"Bill: \\\"ing\\\"\", name: \"Bill: \\\"ing\\\"\"}");
        let e = fixture_entry(&Miss::row("Accounts", "999999"));
        assert!(e.contains("- name: \"Accounts\"") && e.contains("{key: \"999999\"}"), "{e}");
    }
}
