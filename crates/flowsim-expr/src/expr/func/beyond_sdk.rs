//! What flowsim's checker accepts beyond Architect's Scripting SDK catalogue
//! ([`crate::expr::sdk`]): the functions the SDK lacks, and the overloads and flow types of the
//! SDK's functions that newer Architect accepts. Each is accepted because a published flow or
//! a Genesys page shows Architect accepting it; tests/it/verdicts_excused.rs holds every rule
//! here to its source, and caps how many there are.
//!
//! Invariant: a rule never takes a NOT_SET argument (the SDK's rules for NOT_SET stand); a
//! function with no source at all is listed in [`UNVERIFIED`] and an overload with none in
//! [`UNVERIFIED_OVERLOADS`], which `check` warns of (`unverifiedFunction`,
//! `unverifiedOverload`). tests/it/verdicts_excused.rs says where flowsim took each from and
//! caps both lists.

use crate::expr::sig::Sig;
use crate::expr::types::{Base, Ty};

/// A rule beyond the SDK that a check used: a function the SDK lacks (`overload: None`), or
/// one overload of an SDK function, in flowsim's signature language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Beyond {
    pub function: &'static str,
    pub overload: Option<&'static str>,
}

impl Beyond {
    /// A call of `name`, a function the SDK's catalogue lacks.
    pub fn function(name: &'static str) -> Beyond {
        Beyond { function: name, overload: None }
    }

    /// Whether a page, a published flow or the SDK shows Architect has it; else `check`
    /// reports the call `unverifiedFunction` (a function) or `unverifiedOverload` (an overload).
    pub fn verified(self) -> bool {
        match self.overload {
            None => !UNVERIFIED.iter().any(|n| n.eq_ignore_ascii_case(self.function)),
            Some(sig) => !UNVERIFIED_OVERLOADS
                .iter()
                .any(|(f, s)| f.eq_ignore_ascii_case(self.function) && *s == sig),
        }
    }
}

/// Overloads of the SDK's functions that flowsim accepts beyond the SDK, in flowsim's signature
/// language (`crate::expr::sig`); an overload here is also accepted in every flow type.
pub static OVERLOADS: &[(&str, &str)] = &[
    // A JSON value converts as the value it holds; a JSON array counts its items. No source
    // shows Architect accepting these: [`UNVERIFIED_OVERLOADS`].
    ("ToInt", "jsn -> int"),
    ("ToDecimal", "jsn -> dec"),
    ("ToBool", "jsn -> bln"),
    ("Count", "jsn -> int"),
    // Published in-queue call flows look queues and skills up by name.
    ("FindQueue", "str -> que"),
    ("FindSkill", "str -> skl"),
    // The SDK limits these to email flows only in its bootstrap fallback (the data it uses
    // when the configuration request fails), no limit of Architect's: call flows look a
    // Transfer to ACD's language skill, and users, up by name too.
    ("FindLanguageSkill", "str -> lac"),
    ("FindUser", "str -> usr"),
];

/// The overloads of [`OVERLOADS`] that no Genesys page, published flow or SDK entry shows:
/// `check` accepts a call that needs one with an `unverifiedOverload` warning.
pub static UNVERIFIED_OVERLOADS: &[(&str, &str)] = &[
    ("ToInt", "jsn -> int"),
    ("ToDecimal", "jsn -> dec"),
    ("ToBool", "jsn -> bln"),
    ("Count", "jsn -> int"),
];

/// The functions of flowsim's table that no Genesys page, published flow or SDK entry shows:
/// their names and signatures are flowsim's inference (docs/expressions.md, "Where each
/// function comes from"). `check` accepts them with an `unverifiedFunction` warning.
pub static UNVERIFIED: &[&str] = &[
    "ToDate",
    "ToTime",
    "StartsWith",
    "EndsWith",
    "FindLast",
    "Sort",
    "Abs",
    "Min",
    "Max",
    "RoundDown",
    "Truncate",
    "Random",
    "Now",
    "AddMilliseconds",
    "GetYear",
    "GetMonth",
    "GetDayOfMonth",
    "GetDayOfWeek",
    "GetHour",
    "GetMinute",
    "GetSecond",
    "GetMillisecond",
    "GetDayOfYear",
    "FindSkillById",
    "FindLanguageSkillById",
    "FindGroup",
    "FindGroupById",
    "FindScheduleGroup",
    "FindScheduleGroupById",
    "FindEmergencyGroupById",
    // Functions of flows an earlier pass saw published, recorded without a place a reader can
    // open; no public page, repository or SDK entry found since names them.
    "SetJsonObjectProperty",
    "IsJsonObject",
    "ReplaceJsonArrayItem",
    "ToCommunicationBlank",
    "ToCommunicationSsml",
    "RandomInt",
    "FindQueueById",
];

/// The result of a call the SDK refuses that a rule of [`OVERLOADS`] takes, with the rule.
pub fn resolve(name: &str, args: &[Ty]) -> Option<(Beyond, Ty)> {
    if args.iter().any(|a| a.base == Base::NotSet) {
        return None;
    }
    OVERLOADS.iter().filter(|(f, _)| f.eq_ignore_ascii_case(name)).find_map(|&(f, sig)| {
        let parsed = Sig::parse(sig);
        let (least, most) = parsed.arity();
        if args.len() < usize::from(least) || args.len() > usize::from(most) {
            return None;
        }
        let ty = parsed.resolve(args).ok()?;
        Some((Beyond { function: f, overload: Some(sig) }, ty))
    })
}
