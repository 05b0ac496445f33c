//! Every data type Architect has, by the Architect Scripting SDK's variable classes
//! (`ArchVariableBoolean` ... `ArchVariableWrapupCode`, MyPureCloud/
//! purecloud-flow-scripting-api-sdk-javascript, `docs/ArchVariable*.html`), and what flowsim
//! does with values of each.
//!
//! Archy declares a variable as `- <type>Variable:` (`stringVariable`,
//! `integerCollectionVariable`), the type's name with a lower-case first letter; a name that is
//! a letter or two from one of these (`strngVariable`) is a typo Archy would refuse, and `check`
//! says so (`unknownType`).

use super::types::Base;

/// What flowsim does with a type's values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Support {
    /// A value of its own: typed by the checker, compared, converted, written to JSON with its
    /// type (SPEC §6.2).
    Native(Base),
    /// An object of named members (a contact, a card, a work item): held as it arrives (a
    /// preset, a fixture, a data action's output) and read member by member; no function
    /// builds one offline.
    Object,
}

/// (the SDK's name, flowsim's support)
pub const TYPES: &[(&str, Support)] = &[
    ("AgentScorePair", Support::Object),
    ("AssignedCustomerIntent", Support::Object),
    ("Boolean", Support::Native(Base::Boolean)),
    ("Card", Support::Object),
    ("Carousel", Support::Object),
    ("Choice", Support::Object),
    ("Chooser", Support::Object),
    ("Communication", Support::Native(Base::Communication)),
    ("Currency", Support::Native(Base::Currency)),
    ("CustomerIntent", Support::Object),
    ("Date", Support::Native(Base::Date)),
    ("DateTime", Support::Native(Base::DateTime)),
    ("Decimal", Support::Native(Base::Decimal)),
    ("Duration", Support::Native(Base::Duration)),
    ("EmailAddress", Support::Object),
    ("EmergencyGroup", Support::Native(Base::EmergencyGroup)),
    ("ExternalContact", Support::Object),
    ("ExternalOrganization", Support::Object),
    ("Grammar", Support::Object),
    ("Group", Support::Native(Base::Group)),
    ("Image", Support::Object),
    ("Integer", Support::Native(Base::Integer)),
    ("JourneyOutcome", Support::Object),
    ("JourneyOutcomeScore", Support::Object),
    ("JourneySegment", Support::Object),
    ("JourneySession", Support::Object),
    ("Json", Support::Native(Base::Json)),
    ("KnowledgeBaseDocument", Support::Object),
    ("LanguageSkill", Support::Native(Base::Language)),
    ("LineItem", Support::Object),
    ("ListPicker", Support::Object),
    ("ListPickerItem", Support::Object),
    ("ListPickerSection", Support::Object),
    ("PhoneNumber", Support::Native(Base::PhoneNumber)),
    ("Prompt", Support::Native(Base::Prompt)),
    ("Queue", Support::Native(Base::Queue)),
    ("QuickReplies", Support::Object),
    ("Recording", Support::Object),
    ("Schedule", Support::Object),
    ("ScheduleGroup", Support::Native(Base::ScheduleGroup)),
    ("Settings", Support::Object),
    ("ShippingOption", Support::Object),
    ("Skill", Support::Native(Base::Skill)),
    ("String", Support::Native(Base::String)),
    ("SurveyAnswerOption", Support::Object),
    ("SurveyForm", Support::Object),
    ("SurveyQuestion", Support::Object),
    ("SurveyQuestionGroup", Support::Object),
    ("Time", Support::Native(Base::Time)),
    ("TimePicker", Support::Object),
    ("Timeslot", Support::Object),
    ("User", Support::Native(Base::User)),
    ("UtilizationLabel", Support::Object),
    ("Video", Support::Object),
    ("VoiceSnippet", Support::Object),
    ("Workbin", Support::Object),
    ("Workitem", Support::Object),
    ("WorktypeStatus", Support::Object),
    ("WrapupCode", Support::Object),
];

/// Archy's spelling of a type in `<type>Variable` (`dateTime`), any case, with or without
/// `Collection`: is it one of Architect's?
pub fn is_known(archy: &str) -> bool {
    let base = strip_collection(archy);
    TYPES.iter().any(|(name, _)| name.eq_ignore_ascii_case(base))
}

/// The listed type a letter or two from an unknown `archy` spelling (`strng` → `string`), with
/// the `Collection` suffix it had: a typo.
pub fn near_miss(archy: &str) -> Option<String> {
    let base = strip_collection(archy);
    let lower = base.to_ascii_lowercase();
    let (_, name) = TYPES
        .iter()
        .map(|(name, _)| (crate::util::edit_distance(&lower, &name.to_ascii_lowercase()), name))
        .filter(|(d, name)| *d > 0 && *d <= if name.len() < 6 { 1 } else { 2 })
        .min_by_key(|(d, _)| *d)?;
    let mut chars = name.chars();
    let first = chars.next()?.to_ascii_lowercase();
    let suffix = &archy[base.len()..];
    Some(format!("{first}{}{suffix}", chars.as_str()))
}

fn strip_collection(archy: &str) -> &str {
    let n = archy.len();
    if n > 10
        && archy.is_char_boundary(n - 10)
        && archy[n - 10..].eq_ignore_ascii_case("collection")
    {
        &archy[..n - 10]
    } else {
        archy
    }
}

/// The type reference as a Markdown table (docs/expressions.md holds it; a test keeps it
/// current).
pub fn reference_table() -> String {
    use std::fmt::Write as _;
    let mut out =
        String::from("| Architect type | Archy declares | flowsim |\n| --- | --- | --- |\n");
    for (name, support) in TYPES {
        let mut chars = name.chars();
        let archy = chars.next().map(|c| format!("{}{}", c.to_ascii_lowercase(), chars.as_str()));
        let what = match support {
            Support::Native(base) => format!("a value of its own ({})", base.name()),
            Support::Object => "an object, read member by member".to_owned(),
        };
        let _ = writeln!(out, "| {name} | `{}Variable` | {what} |", archy.unwrap_or_default());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn archy_spellings_and_typos() {
        for ok in [
            "string",
            "integerCollection",
            "dateTime",
            "phoneNumber",
            "json",
            "wrapupCode",
            "languageSkill",
        ] {
            assert!(is_known(ok), "{ok}");
        }
        assert!(!is_known("strng"));
        assert_eq!(near_miss("strng").as_deref(), Some("string"));
        assert_eq!(near_miss("integrCollection").as_deref(), Some("integerCollection"));
        assert_eq!(near_miss("dateTme").as_deref(), Some("dateTime"));
        assert_eq!(near_miss("frobnicator"), None);
    }

    /// docs/expressions.md shows this table. `FLOWSIM_UPDATE_DOCS=1` rewrites it.
    #[test]
    fn the_documented_type_reference_is_current() {
        crate::util::assert_docs_table("types", &reference_table());
    }
}
