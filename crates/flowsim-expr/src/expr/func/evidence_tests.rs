//! Tests of the functions added because real Architect flows or Genesys's help pages call them
//!: the unprefixed date-time parts (`Month`, seen in a
//! workflow export, and its family), `Sum` over its arguments, `RoundUp` of a Duration to
//! announced steps (Architect's default in-queue flow), `ToAudioNumberOrdinal` and
//! `ToAudioRange` / `ToAudioTimeRange`. docs/expressions.md names each one's source.

use crate::expr::check::{infer, BuiltinsOnly};
use crate::expr::decimal::dec;
use crate::expr::eval::tests::{fails, ok, shows};
use crate::expr::parse;
use crate::expr::value::Value;
use crate::kind::ErrorKind;

/// The static type of `text`, without running it.
#[track_caller]
fn typed(text: &str) -> String {
    let e = parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
    infer(&e, &BuiltinsOnly).unwrap_or_else(|e| panic!("{text}: {e}")).to_string()
}

/// Whether the checker refuses `text` before it runs.
#[track_caller]
fn ill_typed(text: &str) -> bool {
    let e = parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
    infer(&e, &BuiltinsOnly).is_err()
}

/// A Saturday afternoon: 2026-03-07T14:05:09Z.
const AT: &str = "MakeDateTime(2026, 3, 7, 14, 5, 9)";

#[test]
fn the_unprefixed_date_time_parts_read_the_calendar_in_utc() {
    let parts = [
        ("Year", "GetYear", 2026),
        ("Month", "GetMonth", 3),
        ("Day", "GetDayOfMonth", 7),
        ("DayOfWeek", "GetDayOfWeek", 7),
        ("Hour", "GetHour", 14),
        ("Minute", "GetMinute", 5),
        ("Second", "GetSecond", 9),
    ];
    for (name, alias, want) in parts {
        assert_eq!(ok(&format!("{name}({AT})")), Value::Int(want), "{name}");
        assert_eq!(ok(&format!("{alias}({AT})")), Value::Int(want), "{alias} stays an alias");
        assert_eq!(typed(&format!("{name}({AT})")), "Integer");
        assert_eq!(fails(&format!("{name}(NOT_SET)")), ErrorKind::NotSet, "{name}");
        assert_eq!(fails(&format!("{name}(\"2026-03-07\")")), ErrorKind::TypeMismatch, "{name}");
        assert!(ill_typed(&format!("{name}(5)")), "{name}(5) is refused before it runs");
    }
    // The test clock is 2026-01-01T09:00:00Z, a Thursday.
    assert_eq!(ok("DayOfWeek(GetCurrentDateTimeUtc())"), Value::Int(5));
    assert_eq!(ok("DayOfWeek(AddDays(GetCurrentDateTimeUtc(), 3))"), Value::Int(1), "Sunday");
    assert_eq!(ok("Day(AddDays(GetCurrentDateTimeUtc(), 31))"), Value::Int(1));
    assert_eq!(ok("Hour(AddHours(GetCurrentDateTimeUtc(), -10))"), Value::Int(23));
}

/// The shape of the workflow's `varStartTime` expression (mcphee11/autoclear-non-disconnected):
/// the month picks the previous month's last day.
#[test]
fn month_drives_a_real_workflows_if_chain() {
    let chain = "if(Month(GetCurrentDateTimeUtc()) == 1, \"-12-31\", \
                 if(Month(GetCurrentDateTimeUtc()) == 2, \"-01-31\", \"not found\"))";
    assert_eq!(ok(chain), Value::str("-12-31"));
    assert_eq!(typed(chain), "String");
    assert_eq!(ok("month(AddMonths(GetCurrentDateTimeUtc(), 1)) == 2"), Value::Bool(true));
}

#[test]
fn sum_adds_its_arguments_as_well_as_a_collection() {
    // The workflow's index of a list's last item: `list[Sum(Count(list), -1)]`.
    assert_eq!(ok("Sum(Count(Flow.list), -1)"), Value::Int(1));
    assert_eq!(ok("Flow.list[Sum(Count(Flow.list), -1)]"), Value::Int(2));
    assert_eq!(ok("Sum(5)"), Value::Int(5));
    assert_eq!(ok("Sum(1, 2.5, 3)"), Value::Dec(dec("6.5")));
    assert_eq!(ok("Sum(MakeList(1, 2, 3))"), Value::Int(6), "the collection form stays");
    assert_eq!(typed("Sum(Count(Flow.list), -1)"), "Integer");
    // Architect's Sum takes one type: Integer and Decimal do not mix.
    assert!(ill_typed("Sum(1, 2.5)"));
    assert_eq!(fails("Sum(9223372036854775807, 1)"), ErrorKind::Overflow);
    assert_eq!(ok("Sum(1, NOT_SET)"), Value::Int(1), "NOT_SET is left out");
    assert_eq!(fails("Sum(1, Flow.tier)"), ErrorKind::TypeMismatch);
    assert!(ill_typed("Sum(1, \"2\")"));
}

/// Architect's default in-queue flow: `ToAudioDuration(RoundUp(ewt, 5 minutes, [30 s, 1 min,
/// 2 min, 5 min]))` (GenesysCloudBlueprints/switch-voice-to-web-messaging).
fn announced(wait: &str) -> String {
    let steps = "MakeList(MakeDuration(0,0,0,30,0), MakeDuration(0,0,1,0,0), \
                 MakeDuration(0,0,2,0,0), MakeDuration(0,0,5,0,0))";
    shows(&format!("ToAudioDuration(RoundUp({wait}, MakeDuration(0,0,5,0,0), {steps}))"))
}

#[test]
fn round_up_of_a_duration_reaches_the_next_announced_step() {
    assert_eq!(announced("MakeDuration(0,0,0,0,0)"), "30 seconds");
    assert_eq!(announced("MakeDuration(0,0,0,20,0)"), "30 seconds");
    assert_eq!(announced("MakeDuration(0,0,0,40,0)"), "1 minute");
    assert_eq!(announced("MakeDuration(0,0,2,0,0)"), "2 minutes", "a step is reached, not passed");
    assert_eq!(announced("MakeDuration(0,0,3,1,0)"), "5 minutes");
    assert_eq!(announced("MakeDuration(0,0,7,0,0)"), "10 minutes", "past the steps: by 5 minutes");
    assert_eq!(announced("MakeDuration(0,0,10,0,0)"), "10 minutes");
    assert_eq!(announced("MakeDuration(0,0,10,0,1)"), "15 minutes");
    assert_eq!(
        shows("RoundUp(MakeDuration(0,0,7), MakeDuration(0), MakeList(MakeDuration(0,0,1,0)))"),
        "PT7M",
        "a step of zero leaves a long duration as it is"
    );
    let d =
        "RoundUp(MakeDuration(0,0,3,0), MakeDuration(0,0,5,0), MakeList(MakeDuration(0,0,1,0)))";
    assert_eq!(typed(d), "Duration");
    assert_eq!(ok("RoundUp(2.1)"), Value::Int(3), "the number forms stay");
    assert_eq!(
        fails("RoundUp(NOT_SET, MakeDuration(0,0,5,0), MakeList(MakeDuration(0,0,1,0)))"),
        ErrorKind::NotSet
    );
    assert_eq!(
        fails("RoundUp(MakeDuration(0,0,3,0), MakeDuration(0,0,5,0), MakeList(NOT_SET))"),
        ErrorKind::NotSet
    );
    assert_eq!(
        fails("RoundUp(MakeDuration(0,0,3,0), MakeDuration(0,0,5,0), MakeList(1))"),
        ErrorKind::TypeMismatch
    );
    assert!(ill_typed("RoundUp(MakeDuration(0,0,3,0), 5, MakeList(MakeDuration(0,0,1,0)))"));
}

#[test]
fn ordinals_are_spoken_with_their_suffix() {
    for (n, said) in [
        ("1", "1st"),
        ("2", "2nd"),
        ("3", "3rd"),
        ("4", "4th"),
        ("11", "11th"),
        ("12", "12th"),
        ("13", "13th"),
        ("21", "21st"),
        ("22", "22nd"),
        ("101", "101st"),
        ("111", "111th"),
        ("0", "0th"),
    ] {
        assert_eq!(shows(&format!("ToAudioNumberOrdinal({n})")), said);
    }
    // The automated-callback blueprint's in-queue flow.
    assert_eq!(
        shows(
            "AudioPlaybackOptions(Append(ToAudioTTS(\"You are currently the\"), \
             ToAudioNumberOrdinal(Flow.n), ToAudioTTS(\"caller in the queue.\")), true)"
        ),
        "You are currently the 7th caller in the queue."
    );
    assert_eq!(typed("ToAudioNumberOrdinal(3)"), "Audio");
    assert_eq!(shows("ToAudioNumberOrdinal(NOT_SET)"), "", "blank audio");
    assert_eq!(fails("ToAudioNumberOrdinal(Flow.tier)"), ErrorKind::TypeMismatch);
    assert!(ill_typed("ToAudioNumberOrdinal(\"3\")"));
}

#[test]
fn ranges_are_spoken_once_when_their_bounds_agree() {
    assert_eq!(shows("ToAudioRange(1, 1, Format.TimePart.minutes)"), "1");
    assert_eq!(shows("ToAudioRange(4, 5, Format.TimePart.minutes)"), "4 to 5");
    assert_eq!(shows("ToAudioTimeRange(4, 5, NOT_SET)"), "4 to 5");
    assert_eq!(shows("ToAudioRange(2, 2.0, NOT_SET)"), "2", "equal as == compares");
    assert_eq!(typed("ToAudioTimeRange(4, 5, Format.TimePart.minutes)"), "Audio");
    assert_eq!(fails("ToAudioRange(NOT_SET, 5, NOT_SET)"), ErrorKind::NotSet);
    assert_eq!(fails("ToAudioTimeRange(Flow.tier, 5, NOT_SET)"), ErrorKind::TypeMismatch);
    let e = crate::expr::eval::tests::eval_str("ToAudioTimeRange(Flow.tier, 5, NOT_SET)");
    assert!(e.expect_err("a type error").message.starts_with("ToAudioTimeRange"));
}
