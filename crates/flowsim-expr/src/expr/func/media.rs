//! Communication and audio builders: MakeCommunication, ToCommunication, ToCommunicationBlank,
//! ToCommunicationSsml, ToAudioTTS, ToAudio,
//! ToAudioBlank, ToAudioDuration, ToAudioNumber, ToAudioNumberOrdinal, ToAudioRange /
//! ToAudioTimeRange, ToAudioBool, AudioPlaybackOptions (and the audio form of Append, in `text`).
//!
//! They build [`Media`] values: parts in play order whose display text is what a Say node shows
//! (see `expr::media`). Formatting arguments (`Format.Date.shortYear`) are accepted and ignored:
//! offline, a value is shown as its display text.

use super::{display_text, type_error, want_int, Ctx, FnError, FnResult};
use crate::expr::media::{duration_words, Media, MediaKind, Part};
use crate::expr::value::Value;
use crate::kind::ErrorKind;
use std::sync::Arc;

fn media(m: Media) -> FnResult {
    Ok(Value::Media(Arc::new(m)))
}

/// Audio with nothing to hear: what Architect's audio builders give for a NOT_SET value.
fn blank() -> FnResult {
    media(Media { kind: MediaKind::Audio, parts: Vec::new(), barge_in: None, constant: false })
}

/// The parts `v` contributes to a communication or an audio sequence.
fn parts_of(v: &Value, out: &mut Vec<Part>) -> Result<(), FnError> {
    match v {
        Value::NotSet => {}
        Value::Media(m) => out.extend(m.parts.iter().cloned()),
        Value::Str(s) => out.push(Part::Text(s.clone())),
        other => out.push(Part::Text(Arc::from(display_text(other)?))),
    }
    Ok(())
}

/// `MakeCommunication("Hello ", Flow.name, "!")`: one communication of every argument's text, in
/// order and as written (no spaces added). NOT_SET parts read as empty.
pub(super) fn make_communication(_: &Ctx, args: &[Value]) -> FnResult {
    let mut parts = Vec::with_capacity(args.len());
    for a in args {
        parts_of(a, &mut parts)?;
    }
    media(Media { kind: MediaKind::Communication, parts, barge_in: None, constant: false })
}

/// `ToCommunication(Flow.n)`, `ToCommunication(Slot.date, Format.Date.shortYear)`: a value as a
/// communication (its display text; the format is ignored). NOT_SET gives an empty one.
pub(super) fn to_communication(_: &Ctx, args: &[Value]) -> FnResult {
    let mut parts = Vec::new();
    parts_of(&args[0], &mut parts)?;
    media(Media { kind: MediaKind::Communication, parts, barge_in: None, constant: false })
}

/// `ToCommunicationBlank(750)`: 750 milliseconds of silence in a communication, as
/// `ToAudioBlank` is in audio (nothing in the display text). A negative length is
/// `indexOutOfRange`.
pub(super) fn to_communication_blank(_: &Ctx, args: &[Value]) -> FnResult {
    let ms = want_int("ToCommunicationBlank", args, 0)?;
    if ms < 0 {
        return Err(FnError::new(
            ErrorKind::IndexOutOfRange,
            format!("ToCommunicationBlank: {ms} milliseconds of silence is negative"),
        ));
    }
    media(Media {
        kind: MediaKind::Communication,
        parts: vec![Part::Silence(ms)],
        barge_in: None,
        constant: false,
    })
}

/// `ToCommunicationSsml("<speak>Hello <break time=\"500ms\"/> there</speak>")`: SSML as a
/// communication. Offline nothing is spoken, so its display text is the words the SSML speaks:
/// the markup dropped and the XML entities (`&lt;` `&gt;` `&amp;` `&quot;` `&apos;`) read.
/// A `<` never closed by `>` is `conversion`; NOT_SET gives an empty communication.
pub(super) fn to_communication_ssml(_: &Ctx, args: &[Value]) -> FnResult {
    let ssml = match &args[0] {
        Value::NotSet => {
            let parts = Vec::new();
            return media(Media {
                kind: MediaKind::Communication,
                parts,
                barge_in: None,
                constant: false,
            });
        }
        Value::Str(s) => s,
        other => return Err(type_error("ToCommunicationSsml", 0, "a String", other)),
    };
    let text = ssml_words(ssml).ok_or_else(|| {
        FnError::new(
            ErrorKind::Conversion,
            "ToCommunicationSsml: a `<` with no `>` closing its tag",
        )
    })?;
    media(Media::text(MediaKind::Communication, text))
}

/// The words of SSML text: tags dropped, the five XML entities read. `None` for a tag that
/// does not close.
fn ssml_words(ssml: &str) -> Option<String> {
    let mut out = String::with_capacity(ssml.len());
    let mut rest = ssml;
    while let Some((words, tail)) = rest.find(['<', '&']).and_then(|at| rest.split_at_checked(at)) {
        out.push_str(words);
        rest = tail;
        if let Some(tag) = rest.strip_prefix('<') {
            rest = tag.split_once('>')?.1;
            continue;
        }
        let entity =
            [("&lt;", '<'), ("&gt;", '>'), ("&amp;", '&'), ("&quot;", '"'), ("&apos;", '\'')]
                .into_iter()
                .find_map(|(name, c)| rest.strip_prefix(name).map(|after| (after, c)));
        // Any other `&` is kept as written.
        let (after, c) = entity.unwrap_or((rest.strip_prefix('&').unwrap_or_default(), '&'));
        out.push(c);
        rest = after;
    }
    out.push_str(rest);
    Some(out)
}

/// `ToAudioTTS("Hello")`: text to speech.
pub(super) fn to_audio_tts(_: &Ctx, args: &[Value]) -> FnResult {
    match &args[0] {
        Value::NotSet => blank(),
        Value::Str(s) => media(Media::text(MediaKind::Audio, s.clone())),
        other => Err(type_error("ToAudioTTS", 0, "a String", other)),
    }
}

/// `ToAudio(PromptSystem.please_try_again)`: a prompt as audio (an audio value stays as it is).
pub(super) fn to_audio(_: &Ctx, args: &[Value]) -> FnResult {
    match &args[0] {
        Value::Media(m) if m.kind != MediaKind::Communication => {
            let mut a = (**m).clone();
            a.kind = MediaKind::Audio;
            a.constant = false;
            media(a)
        }
        other => Err(type_error("ToAudio", 0, "a Prompt or Audio", other)),
    }
}

/// `ToAudioBlank(100)`: 100 milliseconds of silence (nothing in the display text).
pub(super) fn to_audio_blank(_: &Ctx, args: &[Value]) -> FnResult {
    let ms = want_int("ToAudioBlank", args, 0)?;
    if ms < 0 {
        return Err(FnError::new(
            ErrorKind::IndexOutOfRange,
            format!("ToAudioBlank: {ms} milliseconds of silence is negative"),
        ));
    }
    media(Media {
        kind: MediaKind::Audio,
        parts: vec![Part::Silence(ms)],
        barge_in: None,
        constant: false,
    })
}

/// `ToAudioDuration(MakeDuration(0, 0, 1, 30))` speaks "1 minute 30 seconds".
pub(super) fn to_audio_duration(_: &Ctx, args: &[Value]) -> FnResult {
    match &args[0] {
        Value::NotSet => Ok(Value::NotSet),
        Value::Duration(ms) => media(Media::text(MediaKind::Audio, duration_words(*ms))),
        other => Err(type_error("ToAudioDuration", 0, "a Duration", other)),
    }
}

/// `ToAudioNumber(42)` speaks the number (its display text).
pub(super) fn to_audio_number(_: &Ctx, args: &[Value]) -> FnResult {
    match &args[0] {
        Value::NotSet => blank(),
        v @ (Value::Int(_) | Value::Dec(_)) => media(Media::text(MediaKind::Audio, v.display())),
        other => Err(type_error("ToAudioNumber", 0, "a number", other)),
    }
}

/// `ToAudioNumberOrdinal(Call.PositionInQueue)` speaks the position as an ordinal: 3 is "3rd",
/// 11 is "11th", 22 is "22nd".
pub(super) fn to_audio_number_ordinal(_: &Ctx, args: &[Value]) -> FnResult {
    if !args[0].is_set() {
        return blank();
    }
    let n = want_int("ToAudioNumberOrdinal", args, 0)?;
    let last_two = n.unsigned_abs() % 100;
    let suffix = match (last_two % 10, last_two) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    media(Media::text(MediaKind::Audio, format!("{n}{suffix}")))
}

/// `ToAudioRange(4, 5, Format.TimePart.minutes)` speaks a range, "4 to 5"; equal bounds speak
/// the value alone ("1"), as Genesys documents. The unit comes from the format argument, a
/// built-in that is NOT_SET offline, so the text has none.
pub(super) fn to_audio_range(_: &Ctx, args: &[Value]) -> FnResult {
    range("ToAudioRange", args)
}

/// `ToAudioTimeRange(...)`: the name the same Genesys article gives `ToAudioRange`.
pub(super) fn to_audio_time_range(_: &Ctx, args: &[Value]) -> FnResult {
    range("ToAudioTimeRange", args)
}

fn range(func: &str, args: &[Value]) -> FnResult {
    let bound = |i: usize| match &args[i] {
        v @ (Value::Int(_) | Value::Dec(_)) => Ok(v),
        other => Err(type_error(func, i, "a number", other)),
    };
    let (low, high) = (bound(0)?, bound(1)?);
    let text = if crate::expr::eval::values_equal(low, high) {
        low.display()
    } else {
        format!("{} to {}", low.display(), high.display())
    };
    media(Media::text(MediaKind::Audio, text))
}

/// `ToAudioBool(true)` speaks "true".
pub(super) fn to_audio_bool(_: &Ctx, args: &[Value]) -> FnResult {
    match &args[0] {
        Value::NotSet => blank(),
        Value::Bool(b) => media(Media::text(MediaKind::Audio, if *b { "true" } else { "false" })),
        other => Err(type_error("ToAudioBool", 0, "a Boolean", other)),
    }
}

/// `AudioPlaybackOptions(ToAudioTTS("Hi"), true)`: the audio, which a caller may interrupt
/// (barge in) when the second argument is true.
pub(super) fn audio_playback_options(_: &Ctx, args: &[Value]) -> FnResult {
    let barge_in = match &args[1] {
        Value::Bool(b) => *b,
        other => return Err(type_error("AudioPlaybackOptions", 1, "a Boolean", other)),
    };
    match &args[0] {
        Value::Media(m) if m.kind == MediaKind::Audio => {
            let mut a = (**m).clone();
            a.barge_in = Some(barge_in);
            media(a)
        }
        other => Err(type_error("AudioPlaybackOptions", 0, "Audio", other)),
    }
}

/// `Append(ToAudioTTS("Wait time"), ToAudioDuration(d))`: audio sequences played one after
/// another. `None` when the arguments are not all audio (then Append joins text).
pub(super) fn append_audio(args: &[Value]) -> Option<FnResult> {
    let all_audio = args
        .iter()
        .filter(|a| a.is_set())
        .all(|a| matches!(a, Value::Media(m) if m.kind == MediaKind::Audio))
        && args.iter().any(Value::is_set);
    if !all_audio {
        return None;
    }
    let mut parts = Vec::new();
    let mut barge_in = None;
    for a in args {
        if let Value::Media(m) = a {
            parts.extend(m.parts.iter().cloned());
            barge_in = barge_in.or(m.barge_in);
        }
    }
    Some(media(Media { kind: MediaKind::Audio, parts, barge_in, constant: false }))
}

/// `ToAudioPhoneNumber(ToPhoneNumber("+13175550100"))` speaks the number; offline, the digits it
/// would speak: a global number's E.164 form, or its subscriber number when the second
/// argument is the number's own dialing code (`"1"`: "Locally formatted"). A SIP address or
/// NOT_SET is blank Audio, as Architect documents. A format constant (NOT_SET offline) leaves
/// the global form.
pub(super) fn to_audio_phone_number(_: &Ctx, args: &[Value]) -> FnResult {
    match &args[0] {
        Value::NotSet => blank(),
        Value::Phone(p) if !p.is_tel() => blank(),
        Value::Phone(p) => {
            let local = match (args.get(1), &p.dialing_code) {
                (Some(Value::Str(code)), Some(own)) => {
                    code.trim().trim_start_matches('+') == &**own
                }
                _ => false,
            };
            let spoken = match (&p.e164, &p.subscriber) {
                (Some(e164), _) if !local => e164.clone(),
                (_, Some(subscriber)) => subscriber.clone(),
                _ => p.raw.clone(),
            };
            media(Media::text(MediaKind::Audio, spoken))
        }
        Value::Str(p) => media(Media::text(MediaKind::Audio, p.clone())),
        other => Err(type_error("ToAudioPhoneNumber", 0, "a PhoneNumber", other)),
    }
}

/// `ToAudioDateTime(Now())` speaks the date and time; offline, its display text (ISO 8601, UTC).
/// A formatting argument is accepted and ignored, as for `ToCommunication`.
pub(super) fn to_audio_date_time(_: &Ctx, args: &[Value]) -> FnResult {
    match &args[0] {
        Value::NotSet => blank(),
        v @ Value::DateTime(_) => media(Media::text(MediaKind::Audio, v.display())),
        other => Err(type_error("ToAudioDateTime", 0, "a DateTime", other)),
    }
}

/// `ToAudioDate(ToDate("2024-02-29"))` speaks the date; offline, its display text
/// (`2024-02-29`); a format argument is ignored.
pub(super) fn to_audio_date(_: &Ctx, args: &[Value]) -> FnResult {
    match &args[0] {
        Value::NotSet => blank(),
        v @ (Value::Date(_) | Value::DateTime(_)) => {
            media(Media::text(MediaKind::Audio, v.display()))
        }
        other => Err(type_error("ToAudioDate", 0, "a Date", other)),
    }
}

/// `ToAudioTime(ToTime("14:30"))` speaks the time; offline, its display text (`14:30:00`); a
/// format argument is ignored.
pub(super) fn to_audio_time(_: &Ctx, args: &[Value]) -> FnResult {
    match &args[0] {
        Value::NotSet => blank(),
        v @ (Value::Time(_) | Value::DateTime(_)) => {
            media(Media::text(MediaKind::Audio, v.display()))
        }
        other => Err(type_error("ToAudioTime", 0, "a Time", other)),
    }
}

/// `ToAudioCurrency(MakeCurrency(5.25, "USD"))` speaks the amount; offline, its display text
/// (`5.25 USD`).
pub(super) fn to_audio_currency(_: &Ctx, args: &[Value]) -> FnResult {
    match &args[0] {
        Value::NotSet => blank(),
        v @ Value::Currency(_) => media(Media::text(MediaKind::Audio, v.display())),
        other => Err(type_error("ToAudioCurrency", 0, "a Currency", other)),
    }
}

/// `ToAudioPercent(5)` speaks "5 percent"; `ToAudioPercent(123.17, 1)` speaks "123.1 percent":
/// to that many places (0 to 40), the digits beyond cut off and missing ones written as zeros
/// (`ToAudioPercent(123.12, 3)` is "123.120 percent"), as Architect's Scripting SDK documents.
/// NOT_SET is blank audio.
pub(super) fn to_audio_percent(_: &Ctx, args: &[Value]) -> FnResult {
    let text = match (&args[0], args.get(1)) {
        (Value::NotSet, _) => return blank(),
        (Value::Dec(d), Some(p)) => match p {
            Value::Int(places @ 0..=40) => decimal_cut(*d, *places as usize),
            other => return Err(type_error("ToAudioPercent", 1, "0 to 40 places", other)),
        },
        (v @ (Value::Int(_) | Value::Dec(_)), _) => v.display(),
        (other, _) => return Err(type_error("ToAudioPercent", 0, "a number", other)),
    };
    media(Media::text(MediaKind::Audio, format!("{text} percent")))
}

/// `d` as written (its display text) with exactly `places` digits after the point: further
/// digits cut off, missing ones written as zeros.
fn decimal_cut(d: crate::expr::decimal::Decimal, places: usize) -> String {
    let text = Value::Dec(d).display();
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    if places == 0 {
        return whole.to_owned();
    }
    let kept: String = fraction.chars().chain(std::iter::repeat('0')).take(places).collect();
    format!("{whole}.{kept}")
}
