//! Functions over the cloud's own data: ResolveSlot (bot flows), ToScheduleGroup, the
//! conversions ToQueue, ToUser, ToGroup, ToSkill, ToLanguageSkill, ToWrapupCode, email
//! addresses, DetectLanguage and the prompt lookups.
//!
//! Offline there is no organisation to read from: a slot is the value the run holds for it, and
//! a schedule or emergency group is never found, so these give NOT_SET (Architect's "not found"),
//! which a flow checks with `IsSet` as it would in the cloud.

use super::{list, want_int, want_list, want_str, Ctx, FnError, FnResult};
use crate::expr::value::Value;
use crate::kind::ErrorKind;

/// `ResolveSlot(Slot.AppointmentDate)`: the slot's value as the bot understood it; offline, the
/// value the run holds for the slot (NOT_SET when unfilled).
pub(super) fn resolve_slot(_: &Ctx, args: &[Value]) -> FnResult {
    Ok(args[0].clone())
}

/// `ToScheduleGroup(NOT_SET)`: a schedule group; offline none exists, so NOT_SET.
pub(super) fn to_schedule_group(_: &Ctx, _: &[Value]) -> FnResult {
    Ok(Value::NotSet)
}

/// `ToQueue(x)`, `ToUser(x)`, `ToGroup(x)`, `ToSkill(x)`, `ToLanguageSkill(x)`,
/// `ToWrapupCode(x)`: a value of the type stays as it is, NOT_SET stays NOT_SET (the checker
/// makes sure nothing else reaches them).
pub(super) fn same(_: &Ctx, args: &[Value]) -> FnResult {
    Ok(args[0].clone())
}

/// `MakeAgentScorePair(FindUserById(id), 100)`: a preferred agent for Transfer to ACD, an
/// object `{agent, score}` (the user as the fixtures give it, `{id, name}`). NOT_SET arguments
/// fail (`notSet`) before it is called.
pub(super) fn make_agent_score_pair(_: &Ctx, args: &[Value]) -> FnResult {
    pair("MakeAgentScorePair", &args[0], &args[1])
}

/// `MakeListAgentScorePair(users, scores)`: the pairs of the users and scores at the same
/// places. Collections of different lengths fail (`indexOutOfRange`: a user without a score at its place), as does a NOT_SET user or
/// score among them (`notSet`): a run never goes on with a preferred agent it does not have.
pub(super) fn make_list_agent_score_pair(_: &Ctx, args: &[Value]) -> FnResult {
    const NAME: &str = "MakeListAgentScorePair";
    let (users, scores) = (want_list(NAME, args, 0)?, want_list(NAME, args, 1)?);
    if users.len() != scores.len() {
        return Err(FnError::new(
            ErrorKind::IndexOutOfRange,
            format!(
                "{NAME}: {} users and {} scores; each user needs the score at its place",
                users.len(),
                scores.len()
            ),
        ));
    }
    let pairs = users.iter().zip(scores.iter()).map(|(u, s)| pair(NAME, u, s));
    list(pairs.collect::<Result<_, _>>()?)
}

fn pair(func: &str, user: &Value, score: &Value) -> FnResult {
    if !user.is_set() || !score.is_set() {
        let what = if user.is_set() { "score" } else { "user" };
        return Err(FnError::new(ErrorKind::NotSet, format!("{func}: a {what} is NOT_SET")));
    }
    let score = want_int(func, std::slice::from_ref(score), 0)?;
    let mut obj = crate::expr::value::Object::default();
    obj.insert("agent".into(), user.clone());
    obj.insert("score".into(), Value::Int(score));
    Ok(Value::Object(std::sync::Arc::new(obj)))
}

/// `MakeEmailAddress("john.doe@company.com", "John")`: an email address, `{id, name}` (the name
/// NOT_SET when not given).
pub(super) fn make_email_address(_: &Ctx, args: &[Value]) -> FnResult {
    let mut obj = crate::expr::value::Object::default();
    obj.insert("id".into(), args[0].clone());
    obj.insert("name".into(), args.get(1).cloned().unwrap_or(Value::NotSet));
    Ok(Value::Object(std::sync::Arc::new(obj)))
}

/// The address text of an email address (its `id`) or of a String.
fn address(func: &str, args: &[Value]) -> Result<Option<String>, FnError> {
    Ok(match &args[0] {
        Value::NotSet => None,
        Value::Object(_) => match args[0].member("id") {
            Value::Str(s) => Some(s.to_string()),
            _ => None,
        },
        _ => Some(want_str(func, args, 0)?.to_owned()),
    })
}

/// `EmailAddressLocalPart("john.doe@company.com")` is "john.doe"; NOT_SET when there is no `@`.
pub(super) fn email_local_part(_: &Ctx, args: &[Value]) -> FnResult {
    let a = address("EmailAddressLocalPart", args)?;
    Ok(a.and_then(|a| a.split_once('@').map(|(l, _)| Value::str(l))).unwrap_or(Value::NotSet))
}

/// `EmailAddressDomainPart("john.doe@company.com")` is "company.com"; NOT_SET when there is no
/// `@`.
pub(super) fn email_domain_part(_: &Ctx, args: &[Value]) -> FnResult {
    let a = address("EmailAddressDomainPart", args)?;
    Ok(a.and_then(|a| a.rsplit_once('@').map(|(_, d)| Value::str(d))).unwrap_or(Value::NotSet))
}

/// `DetectLanguage(text, fallback)`: Genesys Cloud's language detection. Blank or NOT_SET text
/// gives the fallback without asking (as Architect documents); other text needs the service
/// (`unsupported` offline).
pub(super) fn detect_language(_: &Ctx, args: &[Value]) -> FnResult {
    match &args[0] {
        Value::NotSet => Ok(args[1].clone()),
        Value::Str(s) if s.trim().is_empty() => Ok(args[1].clone()),
        _ => Err(FnError::new(
            ErrorKind::Unsupported,
            "DetectLanguage cannot run offline: it asks Genesys Cloud's language detection service",
        )),
    }
}

/// `FindSystemPrompt(name)`, `FindUserPrompt(name)`: a prompt of the organisation by name.
/// NOT_SET or empty names give NOT_SET; other names need the organisation's prompt list
/// (`unsupported` offline).
pub(super) fn find_prompt(_: &Ctx, args: &[Value]) -> FnResult {
    match &args[0] {
        Value::NotSet => Ok(Value::NotSet),
        Value::Str(s) if s.trim().is_empty() => Ok(Value::NotSet),
        _ => Err(FnError::new(
            ErrorKind::Unsupported,
            "prompt lookups cannot run offline: they read the organisation's prompt list",
        )),
    }
}
