//! Functions over the cloud's own data: ResolveSlot (bot flows), ToScheduleGroup and
//! FindEmergencyGroup.
//!
//! Offline there is no organisation to read from: a slot is the value the run holds for it, and
//! a schedule or emergency group is never found, so these give NOT_SET (Architect's "not found"),
//! which a flow checks with `IsSet` as it would in the cloud.

use super::{Ctx, FnResult};
use crate::expr::value::Value;

/// `ResolveSlot(Slot.AppointmentDate)`: the slot's value as the bot understood it; offline, the
/// value the run holds for the slot (NOT_SET when unfilled).
pub(super) fn resolve_slot(_: &Ctx, args: &[Value]) -> FnResult {
    Ok(args[0].clone())
}

/// `ToScheduleGroup(NOT_SET)`: a schedule group; offline none exists, so NOT_SET.
pub(super) fn to_schedule_group(_: &Ctx, _: &[Value]) -> FnResult {
    Ok(Value::NotSet)
}
