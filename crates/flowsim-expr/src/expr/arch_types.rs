//! Every data type Architect has, by the Architect Scripting SDK's variable classes
//! (`ArchVariableBoolean` ... `ArchVariableWrapupCode`, MyPureCloud/
//! purecloud-flow-scripting-api-sdk-javascript, `docs/ArchVariable*.html`), and what flowsim
//! does with values of each.
//!
//! Archy declares a variable as `- <type>Variable:` (`stringVariable`,
//! `integerCollectionVariable`), the type's name with a lower-case first letter; a name that is
//! a letter or two from one of these (`strngVariable`) is a typo Archy would refuse, and `check`
//! says so (`unknownType`).

use super::builtins::Flows;
use super::types::Base;
use crate::util::Cut;

/// Call flows (and speech flows): where the SDK offers audio, prompts, groups and wrap-up codes.
const CALLS: Flows =
    Flows::AmongSdk(&["inboundCall", "inqueueCall", "outboundCall", "secureCall", "speech"]);
/// Call flows and message flows: where the SDK offers phone numbers.
const PHONES: Flows = Flows::AmongSdk(&[
    "inboundCall",
    "inqueueCall",
    "outboundCall",
    "secureCall",
    "speech",
    "inboundShortMessage",
]);
const EMAIL_ADDRESSES: Flows = Flows::AmongSdk(&["inboundEmail", "surveyInvite"]);
/// External contacts and organizations.
const EXTERNAL: Flows =
    Flows::AmongSdk(&["inboundEmail", "inboundShortMessage", "surveyInvite", "workflow"]);
const EVERY: Flows = Flows::Every;

/// What flowsim does with a type's values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Support {
    /// A value of its own: typed by the checker, compared, converted, written to JSON with its
    /// type (docs/results.md).
    Native(Base),
    /// An object of named members (a contact, a card, a work item): held as it arrives (a
    /// preset, a fixture, a data action's output) and read member by member; no function
    /// builds one offline.
    Object,
}

/// (the SDK's name, flowsim's support, the flow types that offer it). Where the SDK's type
/// catalogue restricts a type to some of its flow types, the restriction is recorded for
/// those flow types only: the SDK predates the others.
pub const TYPES: &[(&str, Support, Flows)] = &[
    ("AgentScorePair", Support::Object, EVERY),
    ("AssignedCustomerIntent", Support::Object, EVERY),
    ("Boolean", Support::Native(Base::Boolean), EVERY),
    ("Card", Support::Object, EVERY),
    ("Carousel", Support::Object, EVERY),
    ("Choice", Support::Object, EVERY),
    ("Chooser", Support::Object, EVERY),
    ("Communication", Support::Native(Base::Communication), EVERY),
    ("Currency", Support::Native(Base::Currency), EVERY),
    ("CustomerIntent", Support::Object, EVERY),
    ("Date", Support::Native(Base::Date), EVERY),
    ("DateTime", Support::Native(Base::DateTime), EVERY),
    ("Decimal", Support::Native(Base::Decimal), EVERY),
    ("Duration", Support::Native(Base::Duration), EVERY),
    ("EmailAddress", Support::Object, EMAIL_ADDRESSES),
    ("EmergencyGroup", Support::Native(Base::EmergencyGroup), EVERY),
    ("ExternalContact", Support::Object, EXTERNAL),
    ("ExternalOrganization", Support::Object, EXTERNAL),
    ("Grammar", Support::Object, EVERY),
    ("Group", Support::Native(Base::Group), CALLS),
    ("Image", Support::Object, EVERY),
    ("Integer", Support::Native(Base::Integer), EVERY),
    ("JourneyOutcome", Support::Object, EVERY),
    ("JourneyOutcomeScore", Support::Object, EVERY),
    ("JourneySegment", Support::Object, EVERY),
    ("JourneySession", Support::Object, EVERY),
    ("Json", Support::Native(Base::Json), EVERY),
    ("KnowledgeBaseDocument", Support::Object, EVERY),
    ("LanguageSkill", Support::Native(Base::Language), EVERY),
    ("LineItem", Support::Object, EVERY),
    ("ListPicker", Support::Object, EVERY),
    ("ListPickerItem", Support::Object, EVERY),
    ("ListPickerSection", Support::Object, EVERY),
    ("PhoneNumber", Support::Native(Base::PhoneNumber), PHONES),
    ("Prompt", Support::Native(Base::Prompt), CALLS),
    ("Queue", Support::Native(Base::Queue), EVERY),
    ("QuickReplies", Support::Object, EVERY),
    ("Recording", Support::Object, EVERY),
    ("Schedule", Support::Object, EVERY),
    ("ScheduleGroup", Support::Native(Base::ScheduleGroup), EVERY),
    ("Settings", Support::Object, EVERY),
    ("ShippingOption", Support::Object, EVERY),
    ("Skill", Support::Native(Base::Skill), EVERY),
    ("String", Support::Native(Base::String), EVERY),
    ("SurveyAnswerOption", Support::Object, EVERY),
    ("SurveyForm", Support::Object, EVERY),
    ("SurveyQuestion", Support::Object, EVERY),
    ("SurveyQuestionGroup", Support::Object, EVERY),
    ("Time", Support::Native(Base::Time), EVERY),
    ("TimePicker", Support::Object, EVERY),
    ("Timeslot", Support::Native(Base::Timeslot), EVERY),
    ("User", Support::Native(Base::User), EVERY),
    ("UtilizationLabel", Support::Object, EVERY),
    ("Video", Support::Object, EVERY),
    ("VoiceSnippet", Support::Object, EVERY),
    ("Workbin", Support::Object, EVERY),
    ("Workitem", Support::Object, EVERY),
    ("WorktypeStatus", Support::Object, EVERY),
    ("WrapupCode", Support::Object, CALLS),
];

/// Archy's spelling of a type in `<type>Variable` (`dateTime`), any case, with or without
/// `Collection`: is it one of Architect's?
pub fn is_known(archy: &str) -> bool {
    let base = strip_collection(archy);
    TYPES.iter().any(|(name, ..)| name.eq_ignore_ascii_case(base))
}

/// The listed type a letter or two from an unknown `archy` spelling (`strng` → `string`), with
/// the `Collection` suffix it had: a typo. `None` for a known type (whatever is near it), which
/// is answered without measuring a distance: a flow's declarations are nearly all known.
pub fn near_miss(archy: &str) -> Option<String> {
    if is_known(archy) {
        return None;
    }
    let base = strip_collection(archy);
    let lower = base.to_ascii_lowercase();
    let (_, name) = TYPES
        .iter()
        .map(|(name, ..)| (crate::util::edit_distance(&lower, &name.to_ascii_lowercase()), name))
        .filter(|(d, name)| *d > 0 && *d <= if name.len() < 6 { 1 } else { 2 })
        .min_by_key(|(d, _)| *d)?;
    let mut chars = name.chars();
    let first = chars.next()?.to_ascii_lowercase();
    let suffix = archy.cut(base.len()..);
    Some(format!("{first}{}{suffix}", chars.as_str()))
}

/// The declaration an unknown variable-declaration key a letter or two from `<type>Variable`
/// stands for (`booleanVarible` → `booleanVariable`, `integerCollectionVariables` →
/// `integerCollectionVariable`): a known type ([`is_known`]), then what is 1–2 edits from
/// `Variable`, the longest such type first. `None` when the key splits so in no way. A suffix
/// that near `Variable` is 6 to 10 bytes long, so at most five splits are tried, whatever the
/// key's length.
pub fn near_miss_declaration(key: &str) -> Option<String> {
    (6..=10)
        .filter_map(|n| key.len().checked_sub(n))
        .filter_map(|at| key.split_at_checked(at).filter(|(head, _)| !head.is_empty()))
        .find(|(head, suffix)| {
            is_known(head)
                && (1..=2)
                    .contains(&crate::util::edit_distance(&suffix.to_ascii_lowercase(), "variable"))
        })
        .map(|(head, _)| format!("{head}Variable"))
}

fn strip_collection(archy: &str) -> &str {
    match archy.len().checked_sub(10).and_then(|at| archy.split_at_checked(at)) {
        Some((base, tail)) if !base.is_empty() && tail.eq_ignore_ascii_case("collection") => base,
        _ => archy,
    }
}

/// The type reference as a Markdown table (docs/expressions.md holds it; a test keeps it
/// current).
pub fn reference_table() -> String {
    use std::fmt::Write as _;
    let mut out = String::from(
        "| Architect type | Archy declares | flowsim | flow types |\n| --- | --- | --- | --- |\n",
    );
    for (name, support, flows) in TYPES {
        let mut chars = name.chars();
        let archy = chars.next().map(|c| format!("{}{}", c.to_ascii_lowercase(), chars.as_str()));
        let what = match support {
            Support::Native(base) => format!("a value of its own ({})", base.name()),
            Support::Object => "an object, read member by member".to_owned(),
        };
        let flows = match flows {
            Flows::Every => "every flow".to_owned(),
            Flows::Only(list) => list.join(", "),
            Flows::AmongSdk(list) => format!("of the SDK's flow types, {}", list.join(", ")),
            Flows::AmongCreated(list) => {
                format!("of the flow types the SDK creates, {}", list.join(", "))
            }
        };
        let _ = writeln!(
            out,
            "| {name} | `{}Variable` | {what} | {flows} |",
            archy.unwrap_or_default()
        );
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
        // Known, though a letter from another (`Date`, `Time`...): no typo.
        assert_eq!(near_miss("string"), None);
        assert_eq!(near_miss("DATECollection"), None);
    }

    #[test]
    fn a_misspelt_declaration_key_names_the_declaration_it_means() {
        for (key, meant) in [
            ("booleanVarible", Some("booleanVariable")),
            ("stringVaraible", Some("stringVariable")),
            ("integerCollectionVariables", Some("integerCollectionVariable")),
            // The longest type that starts the key: `dateTime`, not `date`.
            ("dateTimeVarable", Some("dateTimeVariable")),
            // Too far from `Variable`, no type at the start, or no typo: nothing to suggest.
            ("stringVar", None),
            ("setting", None),
            ("strngVariabl", None),
            ("booleanVariable", None),
        ] {
            assert_eq!(near_miss_declaration(key).as_deref(), meant, "{key}");
        }
    }

    /// The SDK's name for a type flowsim lists under Architect's current name.
    fn ours(sdk: &str) -> &str {
        match sdk {
            "Long" => "Integer",
            "UserQueue" => "User",
            other => other,
        }
    }

    /// Every type a flow author can declare in Architect's Scripting SDK is listed, with the
    /// SDK's code for its values, whether it has collections, and the flow types that offer
    /// it (`tools/oracle/data/types.json`); every expression type flowsim has a code for uses
    /// the SDK's code.
    #[test]
    fn types_agree_with_architects_catalogue() {
        use crate::expr::builtins::SDK_FLOW_TYPES;
        use crate::expr::types::Ty;
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tools/oracle/data/types.json");
        let data: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path).expect("types.json")).unwrap();
        let mut problems = Vec::new();
        let (mut compared, mut agreeing) = (0, 0);
        for t in data.as_array().expect("a list of types") {
            let name = t["name"].as_str().expect("name");
            let code = t["code"].as_str().expect("code");
            let allow_array = t["allowArray"].as_bool().expect("allowArray");
            let offered: Vec<&str> = t["supportedFlowTypes"]
                .as_array()
                .expect("supportedFlowTypes")
                .iter()
                .filter_map(serde_json::Value::as_str)
                .collect();
            let before = problems.len();
            let listed = TYPES.iter().find(|(n, ..)| *n == ours(name));
            // flowsim's expression type of that code, if it has one.
            let ty = Ty::parse(code).filter(|ty| ty.base.code() == code);
            if listed.is_none() && ty.is_none() {
                if t["userCanCreate"].as_bool() == Some(true) {
                    problems.push(format!("{name}: a declarable type flowsim does not list"));
                }
                continue;
            }
            compared += 1;
            if let Some((_, support, flows)) = listed {
                if let Support::Native(base) = support {
                    if base.code() != code {
                        problems.push(format!("{name}: SDK code {code}, flowsim {}", base.code()));
                    }
                }
                for ft in SDK_FLOW_TYPES {
                    let sdk = offered.iter().any(|o| o.eq_ignore_ascii_case(ft));
                    if flows.has(ft) != Some(sdk) {
                        problems.push(format!(
                            "{name}: offered in {ft}: SDK {sdk}, flowsim {:?}",
                            flows.has(ft)
                        ));
                    }
                }
            }
            if let Some(ty) = ty {
                if ty.base.collection_allowed() != allow_array {
                    problems.push(format!(
                        "{name}: collections allowed: SDK {allow_array}, flowsim {}",
                        ty.base.collection_allowed()
                    ));
                }
            }
            agreeing += usize::from(problems.len() == before);
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
        println!("types agreeing: {agreeing}/{compared}");
    }

    /// The members a value of each type has (`.e164`, `.name`, `.cellPhone`) are the properties
    /// Architect's Scripting SDK lists for it, with the same types (collections too), for every
    /// type flowsim knows members of: its own and the structured ones (`cpx_...`).
    #[test]
    fn members_agree_with_architects_catalogue() {
        use crate::expr::types::Ty;
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tools/oracle/data/types.json");
        let data: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path).expect("types.json")).unwrap();
        let mut compared = 0;
        for t in data.as_array().expect("a list of types") {
            let code = t["code"].as_str().expect("code");
            let Some(members) = Ty::parse(code)
                .filter(|ty| ty.base.code() == code)
                .and_then(|ty| ty.base.members())
            else {
                continue;
            };
            let sdk: Vec<(String, String)> = t["properties"]
                .as_array()
                .expect("properties")
                .iter()
                .map(|p| {
                    let ty = p["type"].as_str().unwrap();
                    let ty =
                        if p["isArray"] == true { format!("{ty}_coll") } else { ty.to_owned() };
                    (p["name"].as_str().unwrap().to_owned(), ty)
                })
                .collect();
            let ours: Vec<(String, String)> =
                members.iter().map(|(n, ty)| ((*n).to_owned(), ty.code())).collect();
            assert_eq!(ours, sdk, "the members of {}", t["name"]);
            compared += 1;
        }
        assert!(compared >= 30, "only {compared} types compared");
        println!("types whose members agree: {compared}");
    }

    /// docs/expressions.md shows this table. `FLOWSIM_UPDATE_DOCS=1` rewrites it.
    #[test]
    fn the_documented_type_reference_is_current() {
        crate::util::assert_docs_table("types", &reference_table());
    }
}
