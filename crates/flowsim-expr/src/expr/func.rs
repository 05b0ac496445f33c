//! The function table: every built-in function with its arity, NOT_SET rule and implementation.
//!
//! Names are case-insensitive (`contains` is `Contains`). The parser binds a call to a
//! [`FuncId`] and checks its argument count, so an unknown function or a wrong count is a load
//! error, never a run-time surprise. The evaluator checks NOT_SET arguments against
//! [`FuncDef::notset_ok`] before calling the implementation, so implementations only see NOT_SET
//! where their definition allows it.

use super::sig::Sig;
use super::value::{Value, MAX_LIST_ITEMS, MAX_STRING_BYTES, MAX_VALUE_DEPTH};
use crate::kind::ErrorKind;
use std::sync::{Arc, OnceLock};

pub mod beyond_sdk;
mod calendar;
mod collections;
mod convert;
// Every implementation has the table's signature, also those that cannot fail.
#[allow(clippy::unnecessary_wraps)]
mod datetime;
mod format;
#[allow(clippy::unnecessary_wraps)]
mod json;
#[allow(clippy::unnecessary_wraps)]
mod logic;
mod math;
#[allow(clippy::unnecessary_wraps)]
mod media;
mod ordering;
#[allow(clippy::unnecessary_wraps)]
mod platform;
mod text;

pub use datetime::parse_duration;

#[cfg(test)]
mod architect_tests;
#[cfg(test)]
mod calendar_tests;
#[cfg(test)]
mod catalogue_tests;
#[cfg(test)]
mod evidence_tests;
#[cfg(test)]
mod oracle;
#[cfg(test)]
mod oracle_examples;
#[cfg(test)]
mod oracle_tests;
#[cfg(test)]
mod oracle_values;
#[cfg(test)]
mod published_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod value_text_tests;

/// Index into [`FUNCTIONS`].
pub type FuncId = u16;

/// What an implementation may use besides its arguments.
pub struct Ctx {
    /// The virtual clock, ms since the epoch (`Now()`).
    pub now_ms: i64,
}

/// A function's failure; the evaluator adds the call's span. Boxed, so that a [`FnResult`] is
/// a [`Value`]'s size and layout, as the evaluator's result is: a function's value goes on to
/// the evaluator without being moved to another place in memory (measured: a value moved whole
/// just after the function wrote it field by field stalls on store forwarding, some 3 ns of each
/// call).
#[derive(Debug, Clone, PartialEq)]
pub struct FnError(Box<Failed>);

/// What a [`FnError`] holds.
#[derive(Debug, Clone, PartialEq)]
pub struct Failed {
    pub kind: ErrorKind,
    pub message: String,
}

impl std::ops::Deref for FnError {
    type Target = Failed;

    fn deref(&self) -> &Failed {
        &self.0
    }
}

impl FnError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> FnError {
        FnError(Box::new(Failed { kind, message: message.into() }))
    }

    /// Its kind and message.
    pub fn into_parts(self) -> (ErrorKind, String) {
        let Failed { kind, message } = *self.0;
        (kind, message)
    }

    /// A `conversion` error for a text that does not read as a type: `"{shown}" {what}`, the
    /// text cut at 60 characters (`...` marks a cut) so that a long value keeps the message
    /// short. `ToInt: "abc" is not an integer`, `"next Tuesday" does not read as a date`.
    pub fn conversion(prefix: &str, text: &str, what: &str) -> FnError {
        let shown: String = text.chars().take(60).collect();
        let more = if shown.len() < text.len() { "..." } else { "" };
        FnError::new(ErrorKind::Conversion, format!("{prefix}\"{shown}{more}\" {what}"))
    }
}

pub type FnResult = Result<Value, FnError>;

const _: () = assert!(std::mem::size_of::<FnResult>() == std::mem::size_of::<Value>());

/// How a function is run.
#[derive(Clone, Copy)]
pub enum Imp {
    /// Evaluated by the evaluator itself because it must not evaluate every argument (`If`).
    Lazy,
    /// Called with every argument evaluated.
    Eager(fn(&Ctx, &[Value]) -> FnResult),
    /// A function Architect documents that flowsim cannot run offline: a flow calling it loads
    /// (its types are checked), and the call fails with `unsupported` and this reason.
    Unsupported(&'static str),
    /// A lookup of one of the organisation's objects by its name (or id, or email), answered
    /// by the evaluation's [`Env::find`](super::Env::find): the run's fixture store. Not found,
    /// or no store (`flowsim expr eval`): NOT_SET, failing closed.
    Lookup(Lookup),
    /// A random number from the run's generator ([`Env::random`](super::Env::random), seeded
    /// by the run request): `Random(n)`, `RandomInt(n)`.
    Random,
}

/// What a lookup function finds, and by what.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lookup {
    /// `FindUser(email)`.
    UserByEmail,
    UserById,
    /// `FindQueue(name)`: by name, or id.
    Queue,
    QueueById,
    Skill,
    LanguageSkill,
    Group,
    ScheduleGroup,
    EmergencyGroup,
}

impl Lookup {
    /// The object a literal of Architect type `ty` (as Archy spells it: `queue`,
    /// `languageSkill`) names, found as Find Queue, Find User... find it: a queue, user, group,
    /// skill, language skill, schedule group or emergency group. `None` for other types and
    /// for collections. Read once, when a flow loads (`VarDecl::org`, an Update Data statement's
    /// type), so a run looks the literal up without reading the type again.
    pub fn of_literal(ty: &str) -> Option<Lookup> {
        use super::types::{Base, Ty};
        let t = Ty::parse(ty).filter(|t| !t.collection)?;
        Some(match t.base {
            Base::Queue => Lookup::Queue,
            Base::User => Lookup::UserById,
            Base::Group => Lookup::Group,
            Base::Skill => Lookup::Skill,
            Base::Language => Lookup::LanguageSkill,
            Base::ScheduleGroup => Lookup::ScheduleGroup,
            Base::EmergencyGroup => Lookup::EmergencyGroup,
            _ => return None,
        })
    }
}

/// One built-in function.
#[derive(Clone, Copy)]
pub struct FuncDef {
    /// Canonical spelling, as Genesys documents it: `IsNotSetOrEmpty`.
    pub name: &'static str,
    /// Argument and result types, in the signature language of [`super::sig`]:
    /// `"str, int, int -> str"`.
    pub sig: &'static str,
    pub min_args: u8,
    /// `u8::MAX`: variadic.
    pub max_args: u8,
    /// Bit `i` set: argument `i` may be NOT_SET. Bit 31 set: so may every argument past 30.
    pub notset_ok: u32,
    pub imp: Imp,
    /// A zero result is the zero of the overload the arguments' static types pick (`Sum`,
    /// `Average`: see `eval::zero_of_overload`).
    pub zero_by_overload: bool,
    /// An overload returns an Integer, a Duration or a number (`-> int`, `-> dur`, `-> num`):
    /// its result is held to Architect's range ([`call`]). Read from the signature; a function
    /// returning its argument's type (`GetAt`) or JSON (whose numbers are not Integers until
    /// converted) is not checked.
    pub ranged: bool,
}

impl FuncDef {
    const fn zero_by_overload(mut self) -> FuncDef {
        self.zero_by_overload = true;
        self
    }

    pub fn allows_notset(&self, arg: usize) -> bool {
        let bit = arg.min(31);
        self.notset_ok & (1 << bit) != 0
    }

    /// `"2"`, `"1 to 3"`, `"at least 1"`.
    pub fn arity_text(&self) -> String {
        match (self.min_args, self.max_args) {
            (a, b) if a == b => format!("{a}"),
            (a, u8::MAX) => format!("at least {a}"),
            (a, b) => format!("{a} to {b}"),
        }
    }

    /// The parsed signature.
    pub fn signature(&self) -> &'static Sig {
        static SIGS: OnceLock<Vec<Sig>> = OnceLock::new();
        let sigs = SIGS.get_or_init(|| FUNCTIONS.iter().map(|f| Sig::parse(f.sig)).collect());
        let at = FUNCTIONS.iter().position(|f| f.name == self.name).unwrap_or(0);
        &sigs[at]
    }
}

/// Every argument may be NOT_SET.
pub const ALL: u32 = u32::MAX;
/// No argument may be NOT_SET.
pub const NONE: u32 = 0;

const fn def(
    name: &'static str,
    sig: &'static str,
    notset_ok: u32,
    f: fn(&Ctx, &[Value]) -> FnResult,
) -> FuncDef {
    let (min_args, max_args) = arity(sig);
    FuncDef {
        name,
        sig,
        min_args,
        max_args,
        notset_ok,
        imp: Imp::Eager(f),
        zero_by_overload: false,
        ranged: ranged(sig),
    }
}

/// A lookup of the organisation's objects: see [`Imp::Lookup`].
const fn def_lookup(name: &'static str, sig: &'static str, what: Lookup) -> FuncDef {
    let (min_args, max_args) = arity(sig);
    FuncDef {
        name,
        sig,
        min_args,
        max_args,
        notset_ok: ALL,
        imp: Imp::Lookup(what),
        zero_by_overload: false,
        ranged: false,
    }
}

/// A function drawing from the run's random numbers: see [`Imp::Random`].
const fn def_random(name: &'static str, sig: &'static str) -> FuncDef {
    let (min_args, max_args) = arity(sig);
    FuncDef {
        name,
        sig,
        min_args,
        max_args,
        notset_ok: NONE,
        imp: Imp::Random,
        zero_by_overload: false,
        ranged: false,
    }
}

/// Whether an overload of `sig` returns an Integer, a Duration or a number (`-> int`, `-> dur`,
/// `-> num`; not `-> int_coll`), read at compile time.
const fn ranged(sig: &str) -> bool {
    let b = sig.as_bytes();
    let mut i = 0;
    while i + 1 < b.len() {
        if b[i] == b'-' && b[i + 1] == b'>' {
            let mut j = i + 2;
            while j < b.len() && b[j] == b' ' {
                j += 1;
            }
            let ty = j + 3 <= b.len()
                && ((b[j] == b'i' && b[j + 1] == b'n' && b[j + 2] == b't')
                    || (b[j] == b'd' && b[j + 1] == b'u' && b[j + 2] == b'r')
                    || (b[j] == b'n' && b[j + 1] == b'u' && b[j + 2] == b'm'));
            if ty && (j + 3 == b.len() || b[j + 3] == b' ' || b[j + 3] == b'|') {
                return true;
            }
        }
        i += 1;
    }
    false
}

/// The fewest and most arguments of a signature's overloads (`u8::MAX`: no limit), read at
/// compile time so that the table states each function's types once.
const fn arity(sig: &str) -> (u8, u8) {
    let b = sig.as_bytes();
    let (mut min, mut max) = (u8::MAX, 0u8);
    let mut i = 0;
    while i <= b.len() {
        // One overload: count its parameters up to `->`; the first with `?` and every one
        // after it are optional; `...` repeats the last.
        let (mut params, mut required, mut optional, mut variadic) = (0u8, 0u8, false, false);
        let mut in_param = false;
        loop {
            let end = i >= b.len() || b[i] == b'-';
            if end || b[i] == b',' {
                // The parameter just read ends here.
                if in_param && !optional {
                    required = params;
                }
                in_param = false;
                if end {
                    break;
                }
            } else if b[i] == b'?' {
                optional = true;
            } else if b[i] == b'.' {
                // `T...`: zero or more of T.
                variadic = true;
                optional = true;
            } else if b[i] != b' ' && !in_param {
                in_param = true;
                params += 1;
            }
            i += 1;
        }
        let most = if variadic { u8::MAX } else { params };
        if required < min {
            min = required;
        }
        if most > max {
            max = most;
        }
        while i < b.len() && b[i] != b'|' {
            i += 1;
        }
        i += 1;
    }
    (min, max)
}

/// The table. Order is irrelevant except that ids are indexes; keep related functions together.
/// Signatures are Architect's (its expression help), NOT_SET rules as Genesys documents them
/// where it does; docs/expressions.md lists the choices made where it does not.
pub static FUNCTIONS: &[FuncDef] = &[
    // logic
    FuncDef {
        name: "If",
        sig: "bln, T, T -> T",
        min_args: 3,
        max_args: 3,
        notset_ok: 0b110,
        imp: Imp::Lazy,
        zero_by_overload: false,
        ranged: false,
    },
    def("IsSet", "any -> bln", ALL, logic::is_set),
    def("IsNotSetOrEmpty", "any -> bln", ALL, logic::is_not_set_or_empty),
    def("AreEqual", "any, any... -> bln", ALL, logic::are_equal),
    // conversion
    def(
        "ToString",
        "any -> str | T_coll, str -> str | num, int -> str | cur, int -> str | T_coll, int -> str \
         | T_coll, str, int -> str",
        ALL,
        convert::to_string,
    ),
    def("ToDisplayString", "any, any? -> str", ALL, convert::to_display_string),
    // A JSON value converts as the value it holds (`ToInt(Flow.json.age)`): a JSON number,
    // text or Boolean as that type; an object or array is `typeMismatch` at run time.
    def(
        "ToInt",
        "str -> int | num -> int | bln -> int | dur -> int | jsn -> int",
        ALL,
        convert::to_int,
    ),
    def(
        "ToDecimal",
        "str -> dec | num -> dec | bln -> dec | cur -> dec | jsn -> dec",
        ALL,
        convert::to_decimal,
    ),
    def("ToBool", "str -> bln | num -> bln | bln -> bln | jsn -> bln", ALL, convert::to_bool),
    def("ToPhoneNumber", "str -> phn | phn -> phn", ALL, convert::to_phone_number),
    def("ToDateTime", "str -> dtm | int -> dtm | dtm -> dtm", ALL, convert::to_datetime),
    def("ToDuration", "str -> dur | int -> dur | dur -> dur", ALL, datetime::to_duration),
    def("ToDate", "str -> dat | dtm -> dat | dat -> dat", NONE, calendar::to_date),
    def("ToTime", "str -> tim | dtm -> tim | tim -> tim", NONE, calendar::to_time),
    // text
    def("Append", "aud, aud... -> aud | any, any... -> str", ALL, text::append),
    def("Length", "str -> int", NONE, text::length),
    def("Lower", "str -> str", NONE, text::lower),
    def("Upper", "str -> str", NONE, text::upper),
    def("Trim", "str -> str", NONE, text::trim),
    def("LTrim", "str -> str", NONE, text::ltrim),
    def("RTrim", "str -> str", NONE, text::rtrim),
    def("Contains", "str, str, bln? -> bln | T_coll, T -> bln", NONE, ordering::contains),
    def("StartsWith", "str, str -> bln", NONE, text::starts_with),
    def("EndsWith", "str, str -> bln", NONE, text::ends_with),
    def("Substring", "str, int, int -> str", NONE, text::substring),
    def("Left", "str, int -> str", NONE, text::left),
    def("Right", "str, int -> str", NONE, text::right),
    def("Replace", "str, str, str -> str", 0b100, text::replace),
    def(
        "FindString",
        "str, str, bln? -> int | str, str, int, bln? -> int",
        NONE,
        text::find_string,
    ),
    def("Compare", "str, str, bln? -> int", 0b11, text::compare),
    def("Split", "str, str -> str_coll", NONE, text::split),
    // collections
    // A JSON array counts its items (`Count(Flow.json.items)`, as published flows write it);
    // any other JSON value is `typeMismatch` at run time.
    def("Count", "T_coll -> int | jsn -> int", NONE, collections::count),
    def("GetAt", "T_coll, int -> T", NONE, collections::get_at),
    // Architect's collections hold one type; flowsim runs mixed ones too (docs/json-flows.md), so a
    // mixed MakeList is a collection of unknown items rather than an error.
    def("MakeList", "T, T... -> T_coll | any, any... -> any_coll", ALL, collections::make_list),
    def("MakeEmptyList", "T -> T_coll", ALL, collections::make_empty_list),
    def("FindFirst", "T_coll, T -> int", 0b10, collections::find_first),
    def("FindLast", "T_coll, T -> int", 0b10, ordering::find_last),
    def("Find", "T_coll, T -> int_coll", 0b10, collections::find),
    def("AddItem", "T_coll, T_coll -> T_coll | T_coll, T -> T_coll", 0b10, collections::add_item),
    def("AddItemAt", "T_coll, int, T -> T_coll", 0b100, collections::add_item_at),
    def("RemoveDups", "T_coll -> T_coll", NONE, collections::remove_dups),
    def("RemoveItem", "T_coll, T -> T_coll", 0b10, collections::remove_item),
    def("RemoveItemAt", "T_coll, int -> T_coll", NONE, collections::remove_item_at),
    def("ReplaceItem", "T_coll, T, T -> T_coll", 0b110, collections::replace_item),
    def("ReplaceItemFirst", "T_coll, T, T -> T_coll", 0b110, collections::replace_item_first),
    def("ReplaceItemAt", "T_coll, int, T -> T_coll", 0b100, collections::replace_item_at),
    def("Sort", "T_coll, bln? -> T_coll", NONE, ordering::sort),
    def("Reverse", "T_coll -> T_coll | str -> str", NONE, ordering::reverse),
    // math
    def("Abs", "int -> int | dec -> dec", NONE, math::abs),
    def("Min", "int_coll -> int | dec_coll -> dec | num, num... -> num", NONE, math::min),
    def("Max", "int_coll -> int | dec_coll -> dec | num, num... -> num", NONE, math::max),
    def(
        "Round",
        "int -> int | dec -> dec | cur -> cur | num, int -> dec | cur, int -> cur",
        NONE,
        math::round,
    ),
    def("Ceiling", "int -> int | dec -> dec | cur -> cur", NONE, math::ceiling),
    def("Floor", "int -> int | dec -> dec | cur -> cur", NONE, math::floor),
    // RoundUp(duration, step, steps): Architect's default in-queue flow rounds the estimated
    // wait time so (seen in a GenesysCloudBlueprints export; docs/expressions.md).
    def(
        "RoundUp",
        "int -> int | dec -> int | num, int -> dec | dur -> dur | dur, dur -> dur | dur, dur, dur_coll -> dur",
        NONE,
        math::round_up,
    ),
    def("RoundDown", "int -> int | dec -> int | num, int -> dec", NONE, math::round_down),
    def("Truncate", "int -> int | dec -> int | num, int -> dec", NONE, math::truncate),
    def(
        "Sum",
        "int_coll -> int | dec_coll -> dec | dur_coll -> dur | cur_coll -> cur | num, num... -> num \
         | dur, dur... -> dur | cur, cur... -> cur",
        ALL,
        math::sum,
    )
    .zero_by_overload(),
    def(
        "Average",
        "int_coll -> dec | dec_coll -> dec | dur_coll -> dur | cur_coll -> cur \
         | num, num... -> dec | dur, dur... -> dur | cur, cur... -> cur",
        ALL,
        math::average,
    )
    .zero_by_overload(),
    // From 0 to n - 1, drawn from the run's generator (seeded by the request: `expr::random`).
    def_random("Random", "int -> int"),
    def_random("RandomInt", "int -> int"),
    // date and time
    def("Now", " -> dtm", NONE, datetime::now),
    def("GetCurrentDateTimeUtc", " -> dtm", NONE, datetime::now),
    def("AddMilliseconds", "dtm, int -> dtm", NONE, datetime::add_milliseconds),
    def("AddSeconds", "dtm, num -> dtm", NONE, datetime::add_seconds),
    def("AddMinutes", "dtm, num -> dtm", NONE, datetime::add_minutes),
    def("AddHours", "dtm, num -> dtm", NONE, datetime::add_hours),
    def("AddDays", "dtm, num -> dtm", NONE, datetime::add_days),
    def("AddMonths", "dtm, int -> dtm", NONE, datetime::add_months),
    def("AddYears", "dtm, int -> dtm", NONE, datetime::add_years),
    def("DateTimeDiff", "dtm, dtm -> dur", NONE, datetime::date_time_diff),
    def("AddDuration", "dtm, dur -> dtm", NONE, datetime::add_duration),
    def("WeekNum", "dtm -> int", NONE, datetime::week_num),
    def("Range", "dur, dur -> dur_coll", NONE, datetime::range),
    def(
        "GetDayOfWeekOccurrence",
        "int, int, int, int? -> dtm | int, int, int, int, int, int, int? -> dtm",
        NONE,
        datetime::get_day_of_week_occurrence,
    ),
    // MakeDuration(days, hours, minutes, seconds, milliseconds): the corpus uses all five.
    def("MakeDuration", "int, int?, int?, num?, int? -> dur", NONE, datetime::make_duration),
    def("MakeDateTime", "int, int, int, int?, int?, int? -> dtm", NONE, datetime::make_date_time),
    def("GetYear", "dtm -> int", NONE, datetime::get_year),
    def("GetMonth", "dtm -> int", NONE, datetime::get_month),
    def("GetDayOfMonth", "dtm -> int", NONE, datetime::get_day_of_month),
    def("GetDayOfWeek", "dtm -> int", NONE, datetime::get_day_of_week),
    def("GetHour", "dtm -> int", NONE, datetime::get_hour),
    def("GetMinute", "dtm -> int", NONE, datetime::get_minute),
    def("GetSecond", "dtm -> int", NONE, datetime::get_second),
    def("GetMillisecond", "dtm -> int", NONE, datetime::get_millisecond),
    def("GetDayOfYear", "dtm -> int", NONE, datetime::get_day_of_year),
    // Architect's unprefixed names: `Month` is seen in a real export; the others are its family
    // (docs/expressions.md says which is which). The `Get...` names above stay as aliases.
    def("Year", "dtm -> int", NONE, datetime::year),
    def("Month", "dtm -> int", NONE, datetime::month),
    def("Day", "dtm -> int", NONE, datetime::day),
    def("DayOfWeek", "dtm -> int", NONE, datetime::day_of_week),
    def("Hour", "dtm -> int", NONE, datetime::hour),
    def("Minute", "dtm -> int", NONE, datetime::minute),
    def("Second", "dtm -> int", NONE, datetime::second),
    // communication and audio
    def("MakeCommunication", "any, any... -> com", ALL, media::make_communication),
    def("ToCommunication", "any, any? -> com", ALL, media::to_communication),
    def("ToCommunicationBlank", "int -> com", NONE, media::to_communication_blank),
    def("ToCommunicationSsml", "str -> com", ALL, media::to_communication_ssml),
    def("ToAudioTTS", "str, any? -> aud", ALL, media::to_audio_tts),
    def("ToAudio", "pmt -> aud | aud -> aud", NONE, media::to_audio),
    def("ToAudioBlank", "int -> aud", NONE, media::to_audio_blank),
    def("ToAudioDuration", "dur -> aud", ALL, media::to_audio_duration),
    def("ToAudioNumber", "num, any... -> aud", ALL, media::to_audio_number),
    def("ToAudioNumberOrdinal", "int, any... -> aud", ALL, media::to_audio_number_ordinal),
    def("ToAudioPercent", "num, int? -> aud", 0b1, media::to_audio_percent),
    // ToAudioRange(low, high, Format.TimePart.minutes): the format constant is NOT_SET offline.
    def("ToAudioRange", "num, num, any -> aud", 0b100, media::to_audio_range),
    def("ToAudioTimeRange", "num, num, any -> aud", 0b100, media::to_audio_time_range),
    def("ToAudioBool", "bln, any? -> aud", ALL, media::to_audio_bool),
    def("ToAudioPhoneNumber", "phn, any? -> aud | str -> aud", 0b11, media::to_audio_phone_number),
    def("ToAudioDateTime", "dtm, any? -> aud", 0b11, media::to_audio_date_time),
    def("ToAudioDate", "dat, any? -> aud | dtm, any? -> aud", 0b11, media::to_audio_date),
    def("ToAudioTime", "tim, any? -> aud | dtm, any? -> aud", 0b11, media::to_audio_time),
    def("ToAudioCurrency", "cur, any? -> aud", 0b11, media::to_audio_currency),
    def("MakeCurrency", "num, str -> cur", ALL, calendar::make_currency),
    def("ToCurrency", "str -> cur | num -> cur | cur -> cur", ALL, calendar::to_currency),
    def("GetCurrencySymbol", "str -> str | cur -> str", ALL, calendar::get_currency_symbol),
    def("ConvertCurrency", "cur, str, num? -> cur", 0b11, calendar::convert_currency),
    def(
        "MakeListCurrency",
        "dec_coll, str -> cur_coll | int_coll, str -> cur_coll | dec_coll, str_coll -> cur_coll \
         | int_coll, str_coll -> cur_coll",
        0b10,
        calendar::make_list_currency,
    ),
    def("AudioPlaybackOptions", "aud, bln -> aud", NONE, media::audio_playback_options),
    // JSON
    def("JsonParse", "str -> jsn", NONE, json::json_parse),
    def("ToJson", "any -> jsn", ALL, json::to_json),
    def("ToJsonCollection", "jsn -> jsn_coll", NONE, json::to_json_collection),
    def("GetJsonObjectProperty", "jsn, str -> jsn", NONE, json::get_property),
    def("SetJsonObjectProperty", "jsn, str, any -> jsn", 0b100, json::set_property),
    def("GetJsonObjectPropertyNames", "jsn -> str_coll", NONE, json::property_names),
    def("IsJsonObject", "jsn -> bln", ALL, json::is_object),
    def("ReplaceJsonArrayItem", "jsn, any, any -> jsn", 0b110, json::replace_array_item),
    // the cloud's own data (bot slots, schedule and emergency groups)
    def("ResolveSlot", "T -> T", ALL, platform::resolve_slot),
    def("ToScheduleGroup", "any -> scg", ALL, platform::to_schedule_group),
    def("ToQueue", "que -> que", ALL, platform::same),
    def("ToUser", "usr -> usr", ALL, platform::same),
    def("ToGroup", "grp -> grp", ALL, platform::same),
    def("ToSkill", "skl -> skl", ALL, platform::same),
    def("ToLanguageSkill", "lng -> lng", ALL, platform::same),
    def("ToWrapupCode", "wrc -> wrc", ALL, platform::same),
    def("MakeEmailAddress", "str, str? -> cpx_email_address", 0b10, platform::make_email_address),
    def("EmailAddressLocalPart", "cpx_email_address -> str | str -> str", ALL, platform::email_local_part),
    def("EmailAddressDomainPart", "cpx_email_address -> str | str -> str", ALL, platform::email_domain_part),
    def("DetectLanguage", "str, str -> str", ALL, platform::detect_language),
    def("FindSystemPrompt", "str -> pmt", ALL, platform::find_prompt),
    def("FindUserPrompt", "str -> pmt", ALL, platform::find_prompt),
    // Lookups of the organisation's objects, answered by the run's fixture store as the Find
    // actions of the same names are: `{id, name}`, NOT_SET when not found.
    def_lookup("FindEmergencyGroup", "str -> emg", Lookup::EmergencyGroup),
    def_lookup("FindEmergencyGroupById", "str -> emg", Lookup::EmergencyGroup),
    def_lookup("FindUser", "str -> usr", Lookup::UserByEmail),
    def_lookup("FindUserById", "str -> usr", Lookup::UserById),
    def_lookup("FindQueue", "str -> que", Lookup::Queue),
    def_lookup("FindQueueById", "str -> que", Lookup::QueueById),
    def_lookup("FindSkill", "str -> skl", Lookup::Skill),
    def_lookup("FindSkillById", "str -> skl", Lookup::Skill),
    def_lookup("FindLanguageSkill", "str -> lng", Lookup::LanguageSkill),
    def_lookup("FindLanguageSkillById", "str -> lng", Lookup::LanguageSkill),
    def_lookup("FindGroup", "str -> grp", Lookup::Group),
    def_lookup("FindGroupById", "str -> grp", Lookup::Group),
    def_lookup("FindScheduleGroup", "str -> scg", Lookup::ScheduleGroup),
    def_lookup("FindScheduleGroupById", "str -> scg", Lookup::ScheduleGroup),
    // A transfer's preferred agents: `{agent, score}`.
    def("MakeAgentScorePair", "usr, int -> any", NONE, platform::make_agent_score_pair),
    def(
        "MakeListAgentScorePair",
        "usr_coll, int_coll -> any_coll",
        NONE,
        platform::make_list_agent_score_pair,
    ),
    // A start and a length (Architect's tree: `MakeTimeslot(dtm, dur) -> tsl`).
    def("MakeTimeslot", "dtm, dur -> tsl", NONE, calendar::make_timeslot),
];

/// The id of the function named `name`, case-insensitively.
pub fn lookup(name: &str) -> Option<FuncId> {
    FUNCTIONS.iter().position(|f| f.name.eq_ignore_ascii_case(name)).map(|i| i as FuncId)
}

pub fn get(id: FuncId) -> &'static FuncDef {
    &FUNCTIONS[id as usize]
}

/// The id of `If`, which the evaluator runs lazily.
pub const IF: FuncId = 0;

/// The known function closest to `name`, for "did you mean" help ([`crate::util::nearest`]).
pub fn nearest(name: &str) -> Option<&'static str> {
    crate::util::nearest(name, FUNCTIONS.iter().map(|f| f.name))
}

/// The known function [`nearest`] finds, when it is the only one that close: the name a
/// certain fix writes (`Lenght` → `Length`).
pub fn nearest_one(name: &str) -> Option<&'static str> {
    crate::util::nearest_one(name, FUNCTIONS.iter().map(|f| f.name))
}

// ---- helpers shared by the implementations ------------------------------------------------

pub fn type_error(func: &str, arg: usize, want: &str, got: &Value) -> FnError {
    FnError::new(
        ErrorKind::TypeMismatch,
        format!("{func}: argument {} must be {want}, got {}", arg + 1, got.ty()),
    )
}

pub fn want_str<'a>(func: &str, args: &'a [Value], i: usize) -> Result<&'a str, FnError> {
    match &args[i] {
        Value::Str(s) => Ok(s),
        Value::Phone(p) => Ok(&p.uri),
        other => Err(type_error(func, i, "a String", other)),
    }
}

pub fn want_int(func: &str, args: &[Value], i: usize) -> Result<i64, FnError> {
    match &args[i] {
        Value::Int(n) => Ok(*n),
        Value::Dec(d) => crate::expr::decimal::to_i64(*d)
            .ok_or_else(|| type_error(func, i, "an Integer", &args[i])),
        other => Err(type_error(func, i, "an Integer", other)),
    }
}

/// A number argument as a Decimal (an Integer converts exactly).
pub fn want_num(
    func: &str,
    args: &[Value],
    i: usize,
) -> Result<crate::expr::decimal::Decimal, FnError> {
    match &args[i] {
        Value::Int(n) => Ok((*n).into()),
        Value::Dec(d) => Ok(*d),
        other => Err(type_error(func, i, "a number", other)),
    }
}

pub fn want_list<'a>(
    func: &str,
    args: &'a [Value],
    i: usize,
) -> Result<&'a Arc<Vec<Value>>, FnError> {
    match &args[i] {
        Value::List(l) => Ok(l),
        other => Err(type_error(func, i, "a Collection", other)),
    }
}

/// A string result, within [`MAX_STRING_BYTES`].
pub fn string(s: String) -> FnResult {
    if s.len() > MAX_STRING_BYTES {
        return Err(too_long(s.len()));
    }
    Ok(Value::Str(Arc::from(s)))
}

/// A list result, within [`MAX_LIST_ITEMS`].
pub fn list(items: Vec<Value>) -> FnResult {
    if items.len() > MAX_LIST_ITEMS {
        return Err(FnError::new(
            ErrorKind::CollectionTooLarge,
            format!("a collection holds at most {MAX_LIST_ITEMS} items, this one {}", items.len()),
        ));
    }
    if items.iter().any(|v| matches!(v, Value::List(_) | Value::Object(_))) {
        let depth = 1 + items.iter().map(Value::depth).max().unwrap_or(0);
        if depth > MAX_VALUE_DEPTH {
            return Err(too_deep(depth));
        }
    }
    Ok(Value::List(Arc::new(items)))
}

/// A list or object that would nest deeper than [`MAX_VALUE_DEPTH`]: refused when built, so no
/// walk over a value (display, JSON, `Drop`) can exhaust a thread's stack.
pub fn too_deep(depth: usize) -> FnError {
    FnError::new(
        ErrorKind::CollectionTooLarge,
        format!(
            "lists and JSON objects nest at most {MAX_VALUE_DEPTH} levels deep, this value {depth}"
        ),
    )
}

/// The display text of `v` (docs/json-flows.md) as a string result, within [`MAX_STRING_BYTES`].
///
/// A collection or object is measured before its JSON text is built, so that the text of a
/// huge value is refused instead of allocated.
pub fn display_text(v: &Value) -> Result<String, FnError> {
    let at_least = display_len_floor(v);
    if at_least > MAX_STRING_BYTES {
        return Err(too_long(at_least));
    }
    let text = v.display();
    if text.len() > MAX_STRING_BYTES {
        return Err(too_long(text.len()));
    }
    Ok(text)
}

/// A lower bound of the length of `v`'s display text (JSON escaping only adds to it), measured
/// in the time `v`'s distinct parts take (a value built by doubling shares them).
fn display_len_floor(v: &Value) -> usize {
    match v {
        Value::Str(s) => s.len(),
        Value::Phone(p) => p.uri.len(),
        Value::List(_) | Value::Object(_) => v.json_size(),
        _ => 1,
    }
}

pub fn too_long(len: usize) -> FnError {
    FnError::new(
        ErrorKind::StringTooLong,
        format!("string of {len} bytes is longer than the limit of {MAX_STRING_BYTES}"),
    )
}

/// `d` as an i64 when it is finite and in range (no rounding: pass a whole number).
pub fn f64_to_i64(d: f64) -> Option<i64> {
    // 2^63 is exact in f64; i64::MAX is not, so compare against 2^63 exclusively.
    const LIMIT: f64 = 9_223_372_036_854_775_808.0;
    (-LIMIT..LIMIT).contains(&d).then_some(d as i64)
}

/// An integer overflow in `func`.
pub fn overflow(func: &str) -> FnError {
    FnError::new(ErrorKind::Overflow, format!("{func}: the result is out of range"))
}

/// Calls `f`, the implementation of `def` ([`Imp::Eager`]), with evaluated arguments: every call
/// of a function with its arguments evaluated comes here (the evaluator's, [`call_named`], a
/// slot's implicit conversion), so that each result is held to Architect's ranges once, not in
/// each function. An Integer or a Duration past ±999,999,999,999,999 (the Scripting SDK's
/// `maxInt`/`minInt`, `maxDurationMs`/`minDurationMs`) is `overflow`, as it is from `+`, `-`
/// and `*`: `Sum(System.MaxInt, 1)`, `ToInt("1000000000000000")`,
/// `MakeDuration(99999999, 0, 0, 0)`.
#[inline]
pub fn call(
    def: &FuncDef,
    f: fn(&Ctx, &[Value]) -> FnResult,
    ctx: &Ctx,
    args: &[Value],
) -> FnResult {
    // The result is returned where `f` wrote it, never taken apart and put together again.
    let mut result = f(ctx, args);
    if def.ranged {
        if let Ok(v) = &result {
            if let Err(e) = in_range(def.name, v) {
                result = Err(e);
            }
        }
    }
    result
}

/// `Ok` for a value within Architect's ranges ([`super::range`]); an Integer, Duration or
/// DateTime past them is `overflow`.
#[inline]
fn in_range(func: &str, v: &Value) -> Result<(), FnError> {
    match super::range::past(v) {
        None => Ok(()),
        Some((ty, n)) => Err(past_range(func, n, ty)),
    }
}

#[cold]
#[inline(never)]
fn past_range(func: &str, n: i64, ty: &str) -> FnError {
    let (unit, range) = match ty {
        "DateTime" => (" ms", "years -9999 to 9999"),
        "Duration" => (" ms", "±999,999,999,999,999 ms"),
        _ => ("", "±999,999,999,999,999"),
    };
    FnError::new(
        ErrorKind::Overflow,
        format!("{func}: the result {n}{unit} is past Architect's {ty} range ({range})"),
    )
}

/// Calls the function named `name` (canonical spelling) with evaluated arguments: the engine's
/// typed `setVars` conversions reuse `ToInt`, `ToDecimal` and `ToBool` this way.
pub fn call_named(name: &str, ctx: &Ctx, args: &[Value]) -> FnResult {
    let def = lookup(name).map(get).filter(|d| matches!(d.imp, Imp::Eager(_)));
    match def.map(|d| (d, d.imp)) {
        Some((def, Imp::Eager(f))) => call(def, f, ctx, args),
        _ => Err(FnError::new(ErrorKind::TypeMismatch, format!("no eager function `{name}`"))),
    }
}
