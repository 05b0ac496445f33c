//! Prompts, menus and input: what the caller hears and what they press.

use super::super::cx::{Cx, Eval};
use super::super::did::Did;
use super::{duration_ms, unset_ms};
use crate::engine::result::{Heard, StepInput, NO_INDEX};
use crate::expr::Value;
use crate::flow::action::{Action, Prop};
use crate::flow::catalogue::prompts::{out, prop};
use crate::flow::catalogue::PropId;
use crate::flow::NodeIdx;
use crate::kind::ErrorKind;
use crate::util::Cut;
use std::sync::Arc;

/// What an input action heard: the keys, and the terminator that ended them.
type Keys = (Arc<str>, Option<char>);

/// A menu's selection timeout when the flow gives none (Genesys's default menu settings: 10 s).
const MENU_SELECTION_MS: u64 = 10_000;
/// How long Hold Music plays for when it plays for a duration and gives none (Genesys's Hold
/// Music action: "The default is one minute").
const HOLD_DURATION_MS: u64 = 60_000;
/// How long Detect Silence waits for silence when the action gives no `silenceDuration`
/// (Genesys's Detect Silence action: "By default, the action waits for one second").
const SILENCE_MS: u64 = 1_000;
/// An extension's most digits (an input entry past them is typed ahead).
const EXTENSION_MAX: usize = 40;
/// How often a menu plays its prompt without a selection when the flow gives no
/// `repeatCount` (Genesys's default menu settings: 3).
const MENU_REPEATS: i64 = 3;

impl Eval<'_, '_, '_> {
    /// Plays an audio property: its display text is the prompt.
    pub(super) fn play(&mut self, n: NodeIdx, p: &Prop) -> Result<(), Did> {
        let v = self.value_of(n, p)?;
        if v.is_set() {
            self.say(n, Arc::from(v.display()));
        }
        Ok(())
    }

    pub(super) fn play_audio(&mut self, n: NodeIdx, a: &Action) -> Did {
        match self.play(n, a.get(prop::PLAY_AUDIO)) {
            Ok(()) => Did::Success,
            Err(did) => did,
        }
    }

    /// How long `audio` plays when the whole of it plays (Hold Music's entire prompt): its
    /// silences, and each prompt's length from the fixtures' `promptLengths`. Offline audio has
    /// no other length: when a part's is not known (a prompt the fixtures give no length,
    /// text to speech), it plays for Hold Music's default duration, one minute, and the run
    /// warns `promptLength` once per action.
    fn audio_length(&mut self, n: NodeIdx, audio: &Value) -> u64 {
        use crate::expr::media::Part;
        let Value::Media(m) = audio else { return HOLD_DURATION_MS };
        let mut total: u64 = 0;
        let mut unknown = None;
        for part in &m.parts {
            let ms = match part {
                Part::Silence(ms) => Some(*ms),
                Part::Prompt(name) => self.run.fixtures.prompt_length(name),
                Part::Text(_) => None,
            };
            match ms {
                Some(ms) => total = total.saturating_add(u64::try_from(ms).unwrap_or(0)),
                None if unknown.is_none() => unknown = Some(part.clone()),
                None => {}
            }
        }
        let Some(part) = unknown else { return total };
        let what = match &part {
            Part::Prompt(name) => format!("`{name}`"),
            _ => "its text to speech".to_owned(),
        };
        let at = (self.flowing.frame().flow, n);
        let kind = crate::diag::Code::PromptLength.as_str();
        self.step.warnings.once(at, kind, "length", || {
            format!(
                "Hold Music plays the entire prompt, and offline audio has no length: {what} is not in the fixtures' `promptLengths`, so it played for one minute, Hold Music's default duration; give its length in milliseconds (`promptLengths: {{\"PromptSystem.on_hold_music\": 180000}}`)"
            )
        });
        HOLD_DURATION_MS
    }

    /// Play Audio On Silence: plays its message, which "optimistically plays immediately";
    /// barge-in by voice or DTMF would send it into its retry loop, but an offline line is
    /// silent (as for Detect Silence), so the message plays to completion and the action takes
    /// success ("If the message plays to completion, then the action takes the success path",
    /// [Play Audio On Silence action](https://help.mypurecloud.com/?p=210961)). Its failure
    /// (retries used up) and timeout paths are a stub's to take.
    pub(super) fn play_audio_on_silence(&mut self, n: NodeIdx, a: &Action) -> Did {
        match self.play(n, a.get(prop::SILENCE_AUDIO)) {
            Ok(()) => super::out(a, out::PLAYED),
            Err(did) => did,
        }
    }

    /// Records what the current step heard from input `entry` and what it made of it.
    pub(super) fn note_heard(&mut self, entry: u32, digits: Option<Arc<str>>, heard: Heard) {
        let step = self.step.trace.len().saturating_sub(1) as u32;
        self.step.rec.step_inputs.push(StepInput { step, entry, digits, heard });
    }

    /// The first action of the choice another menu of the running flow than `menu` gives key
    /// `key` as a global key, if one does.
    fn global_choice(&self, menu: NodeIdx, key: &str) -> Option<NodeIdx> {
        let graph = self.flowing.frame().graph;
        graph.nodes.iter().enumerate().find_map(|(i, node)| {
            if i as NodeIdx == menu || node.action.spec().op != crate::flow::catalogue::Op::Menu {
                return None;
            }
            let choices = node.action.get(prop::MENU_CHOICES).list();
            let c = choices.iter().position(|c| {
                Prop::field(c, prop::CHOICE_DTMF).text().is_some_and(|t| &**t == key)
                    && Prop::field(c, prop::CHOICE_GLOBAL).text().is_some()
            })?;
            node.exits.get(c).and_then(|e| e.target)
        })
    }

    /// Play Estimated Wait Time: the estimate (the action's `estimatedWaitTime`, else
    /// `Call.EstimatedWaitTime`, which reads `context.attributes.estimatedWaitTime`); none is
    /// `failure` (Architect's path when no estimate can be made). With one, the announcement:
    /// the export's `prompts` (the audio Architect builds from the action's rounding settings),
    /// else Architect's default one, as exports write it ("about", then the estimate rounded up
    /// to 30 s, 1, 2 or 5 minutes, then to the next 5 minutes).
    pub(super) fn play_estimated_wait_time(&mut self, n: NodeIdx, a: &Action) -> Did {
        let estimate = match a.get(prop::ESTIMATED_WAIT_TIME) {
            Prop::None => crate::expr::eval(default_estimate(), &mut self.scope(n)),
            p => match self.value_of(n, p) {
                Ok(v) => Ok(v),
                Err(did) => return did,
            },
        };
        match estimate {
            // "If the specified duration is a NOT_SET value, the action will not play audio
            // because no value is set" (Play Estimated Wait Time action): nothing plays, as in
            // the announcement the Scripting SDK builds (`If(IsNotSetOrEmpty(...),
            // ToAudioBlank(0), ...)`), and the flow goes on.
            Ok(Value::NotSet) => return super::out(a, out::SUCCESS),
            Err(e) => return Did::fail(e.kind, e.message.clone()),
            Ok(_) => {}
        }
        let prompts = a.get(prop::WAIT_TIME_PROMPTS);
        let played = if prompts.is_none() {
            let text = match announcement(a) {
                Ok(text) => text,
                Err(message) => return Did::fail(ErrorKind::Conversion, message),
            };
            let built = crate::expr::parse(&text).map_err(|e| e.to_string());
            match built.and_then(|e| {
                crate::expr::eval(&e, &mut self.scope(n)).map_err(|e| e.message.clone())
            }) {
                Ok(v) => {
                    self.say(n, Arc::from(v.display()));
                    Ok(())
                }
                Err(message) => Err(Did::fail(ErrorKind::Conversion, message)),
            }
        } else {
            self.play(n, prompts)
        };
        match played {
            Ok(()) => super::out(a, out::SUCCESS),
            Err(did) => did,
        }
    }

    /// Play Position In Queue: the position (the action's `positionInQueue`, else
    /// `Call.PositionInQueue`, which reads `context.attributes.positionInQueue`), NOT_SET or
    /// below 1 read as 1, spoken as Genesys's page words it for the action's `playbackMode`
    /// (see [`position_announcement`]); then `success`. The audio an export carries (the
    /// Scripting SDK's build of it, which plays nothing for a NOT_SET position) is not played.
    pub(super) fn play_position_in_queue(&mut self, n: NodeIdx, a: &Action) -> Did {
        let position = match a.get(prop::POSITION_IN_QUEUE) {
            Prop::None => crate::expr::eval(default_position(), &mut self.scope(n)),
            _ => match self.value(n, a, prop::POSITION_IN_QUEUE) {
                Ok(v) => Ok(v),
                Err(did) => return did,
            },
        };
        let position = match position {
            Ok(Value::Int(i)) => i.max(1),
            Ok(Value::NotSet) => 1,
            Ok(other) => {
                return Did::fail(
                    ErrorKind::TypeMismatch,
                    format!("Play Position In Queue's position is {}, not Integer", other.ty()),
                )
            }
            Err(e) => return Did::fail(e.kind, e.message.clone()),
        };
        let mode = match a.get(prop::POSITION_MODE) {
            Prop::Text(t) => t.to_ascii_lowercase(),
            _ => String::new(),
        };
        match position_announcement(position, &mode) {
            Ok(text) => {
                self.say(n, Arc::from(text));
                super::out(a, out::SUCCESS)
            }
            Err(message) => Did::fail(ErrorKind::Conversion, message),
        }
    }
}

// What takes an input or lets time pass: inputs, menus, hold music, silence.
impl Cx<'_, '_> {
    /// Collect Input (ArchActionCollectInput): plays its audio, takes digits up to the
    /// terminator (`terminatingDtmf`: a digit, `*` or `#`; none when absent), at most
    /// `digitsMax`; what the caller typed past them waits for the next input action. Success
    /// when at least `digitsMin` digits came, all `0-9` (the terminator is kept in the result
    /// with `includeTerminatingDtmfInResultData`), or a lone `*`/`#` the action accepts; else `failure`.
    pub(super) fn collect_input(&mut self, n: NodeIdx, a: &Action) -> Did {
        if let Err(did) = self.eval().play(n, a.get(prop::INPUT_AUDIO)) {
            return did;
        }
        // Each converted to the catalogue's type as Architect converts it (`"4"` is 4; text
        // that reads as no number is `conversion`), as `check` holds a literal to it.
        let int = |m: &mut Self, id: PropId, default: i64| match m.eval().value(n, a, id) {
            Ok(Value::Int(i)) => Ok(i),
            Ok(Value::NotSet) => Ok(default),
            Ok(other) => Err(Did::fail(
                ErrorKind::TypeMismatch,
                format!("collectInput's {} is {}, not Integer", id.name(), other.ty()),
            )),
            Err(did) => Err(did),
        };
        let max = match int(self, prop::DIGITS_MAX, 1) {
            Ok(v) => v.clamp(1, 40),
            Err(did) => return did,
        };
        let min = match int(self, prop::DIGITS_MIN, max) {
            Ok(v) => v.clamp(0, max),
            Err(did) => return did,
        };
        // Architect's designer allows 1 s to 1 min 39 s ("The minimum is one second, and the
        // maximum is one minute and 39 seconds"); `check` warns of a literal outside them.
        let (shortest, longest) = prop::NO_ENTRY_TIMEOUT_MS;
        let timeout = match self.eval().value(n, a, prop::NO_ENTRY_TIMEOUT) {
            Ok(v) => match duration_ms(&v, unset_ms(a, prop::NO_ENTRY_TIMEOUT)) {
                Ok(ms) => ms.clamp(shortest, longest),
                Err(did) => return did,
            },
            Err(did) => return did,
        };
        let inter_digit = match self.eval().value(n, a, prop::INTER_DIGIT_TIMEOUT) {
            Ok(v) => match duration_ms(&v, unset_ms(a, prop::INTER_DIGIT_TIMEOUT)) {
                Ok(ms) => ms,
                Err(did) => return did,
            },
            Err(did) => return did,
        };
        let flag = |m: &mut Self, id: PropId| match m.eval().value(n, a, id) {
            Ok(Value::Bool(b)) => Ok(b),
            Ok(Value::NotSet) => Ok(false),
            Ok(other) => Err(Did::fail(
                ErrorKind::TypeMismatch,
                format!("collectInput's {} is {}, not Boolean", id.name(), other.ty()),
            )),
            Err(did) => Err(did),
        };
        let flags = (
            flag(self, prop::ACCEPT_JUST_STAR),
            flag(self, prop::ACCEPT_JUST_POUND),
            flag(self, prop::INCLUDE_TERMINATING_DTMF),
        );
        let (just_star, just_pound, include) = match flags {
            (Ok(s), Ok(p), Ok(i)) => (s, p, i),
            (Err(did), _, _) | (_, Err(did), _) | (_, _, Err(did)) => return did,
        };
        let terminator = match self.eval().value(n, a, prop::TERMINATING_DTMF) {
            Ok(v) => match terminating_dtmf(&v) {
                Ok(t) => t,
                Err(message) => return Did::fail(ErrorKind::TypeMismatch, message),
            },
            Err(did) => return did,
        };
        if self.input.live.active {
            self.before_input(crate::engine::events::WaitKind::Digits);
        }
        let (entry, heard) =
            match self.take_digits(max as usize, (timeout, inter_digit), terminator) {
                Ok(taken) => taken,
                Err(did) => return did,
            };
        let value = match &heard {
            Some((d, t)) if d.len() as i64 >= min && d.chars().all(|c| c.is_ascii_digit()) => {
                match (include, t) {
                    (true, Some(t)) => Some(Arc::from(format!("{d}{t}"))),
                    _ => Some(d.clone()),
                }
            }
            Some((d, _)) if &**d == "*" && just_star => Some(d.clone()),
            Some((d, _)) if &**d == "#" && just_pound => Some(d.clone()),
            Some((d, Some('#'))) if d.is_empty() && just_pound => Some(Arc::from("#")),
            Some((d, Some('*'))) if d.is_empty() && just_star => Some(Arc::from("*")),
            _ => None,
        };
        let verdict = match (&heard, &value) {
            (None, _) => Heard::Timeout,
            (Some(_), Some(_)) => Heard::Accepted,
            (Some(_), None) => Heard::Rejected,
        };
        let var = a.get(prop::INPUT_DATA).var().cloned();
        // Digits that go into a secure variable are not shown (docs/architect.md §4).
        let secure = var.as_ref().is_some_and(|v| self.run.reg.var_table().is_secure(v.var));
        let pressed = heard.map(|(d, t)| match t {
            _ if secure => Arc::from(crate::engine::arch::SECURE_TEXT),
            Some(t) => Arc::from(format!("{d}{t}")),
            None => d,
        });
        self.eval().note_heard(entry, pressed, verdict);
        match value {
            Some(d) => {
                if let Some(v) = var {
                    self.eval().write_var(&v, Value::Str(d));
                }
                super::out(a, out::SUCCESS)
            }
            None => super::out(a, out::FAILURE),
        }
    }

    /// Detect Silence: an offline line carries no sound, so the silence the action waits for
    /// is there from the start and lasts: after `silenceDuration` (Genesys: "By default, the
    /// action waits for one second") it takes `success`, the clock moved by that much. Its
    /// `timeout` (no silence within `timeout`) is never taken. The duration is held to the
    /// 0.25 s to 10 s Architect allows, of which `check` warns.
    pub(super) fn detect_silence(&mut self, n: NodeIdx, a: &Action) -> Did {
        let (shortest, longest) = prop::SILENCE_DURATION_MS;
        match self.eval().value(n, a, prop::SILENCE_DURATION) {
            Ok(v) => match duration_ms(&v, SILENCE_MS) {
                Ok(ms) => {
                    self.clock.advance(ms.clamp(shortest, longest));
                    super::out(a, out::SILENCE)
                }
                Err(did) => did,
            },
            Err(did) => did,
        }
    }

    /// Dial by Extension (and its menu choice): the caller dials an extension, and the call
    /// is transferred to the user the fixtures give that `extension` (route `{type: user}`).
    /// No entry within `digitTimeout` (6 s) or an extension no user has: `repromptAudio`
    /// plays and the caller tries again, `numReprompts` times (the SDK's default 0). Then the
    /// last try decides: no entry takes `timeout`, an unknown extension `failure` (step error
    /// `userNotFound`); the extension entered last is written to `resultData` (Genesys: "If
    /// the dial by extension action is not successful, the entered extension is stored in this
    /// variable").
    pub(super) fn dial_by_extension(&mut self, n: NodeIdx, a: &Action) -> Did {
        let timeout = match self.eval().value(n, a, prop::EXTENSION_DIGIT_TIMEOUT) {
            Ok(v) => match duration_ms(&v, unset_ms(a, prop::EXTENSION_DIGIT_TIMEOUT)) {
                Ok(ms) => ms,
                Err(did) => return did,
            },
            Err(did) => return did,
        };
        let reprompts = match self.eval().value(n, a, prop::EXTENSION_REPROMPTS) {
            Ok(Value::Int(r)) => r.clamp(0, 100),
            Ok(Value::NotSet) => 0,
            Ok(other) => {
                return Did::fail(
                    ErrorKind::TypeMismatch,
                    format!("dialByExtension's numReprompts is {}, not Integer", other.ty()),
                )
            }
            Err(did) => return did,
        };
        let mut entered: Option<Arc<str>> = None;
        let mut last_timed_out = true;
        for attempt in 0..=reprompts {
            if attempt > 0 {
                if let Err(did) = self.eval().play(n, a.get(prop::EXTENSION_REPROMPT_AUDIO)) {
                    return did;
                }
            }
            if self.input.live.active {
                self.before_input(crate::engine::events::WaitKind::Digits);
            }
            // `digitTimeout` is also the time between an extension's digits.
            let (entry, heard) = match self.take_digits(EXTENSION_MAX, (timeout, timeout), None) {
                Ok(taken) => taken,
                Err(did) => return did,
            };
            let Some(ext) = heard.map(|(d, _)| d).filter(|d| !d.is_empty()) else {
                self.eval().note_heard(entry, None, Heard::Timeout);
                last_timed_out = true;
                continue;
            };
            let user = self.run.fixtures.user_by_extension(&ext);
            let verdict = if user.is_some() { Heard::Accepted } else { Heard::Rejected };
            self.eval().note_heard(entry, Some(ext.clone()), verdict);
            if let Some(user) = user {
                return Did::Transfer(Box::new(crate::engine::result::Route::to(
                    "user",
                    user.name.clone(),
                )));
            }
            // Each extension no user has is a lookup that found nothing (`extension:4021`).
            let miss =
                crate::engine::missing::Miss::new(crate::engine::missing::Sought::Extension, &ext);
            self.eval().missed(n, miss, None);
            entered = Some(ext);
            last_timed_out = false;
        }
        if let (Some(ext), Prop::Var(v)) = (&entered, a.get(prop::EXTENSION_RESULT)) {
            let v = v.clone();
            self.eval().write_var(&v, Value::Str(ext.clone()));
        }
        if last_timed_out {
            return super::out(a, out::EXTENSION_TIMEOUT);
        }
        let ext = entered.as_deref().unwrap_or("");
        self.eval().note_error(
            ErrorKind::UserNotFound,
            format!("no user has extension `{ext}` in the fixtures"),
        );
        super::out(a, out::EXTENSION_FAILURE)
    }

    /// Hold Music: plays its prompt (Genesys: "The default value is Flow.HoldPrompt"; one that
    /// is NOT_SET plays `PromptSystem.on_hold_music`: "If the system cannot locate a
    /// dynamically referenced prompt ... the system falls back to the on_hold_music system or
    /// customized prompt"), then waits: for its duration when it plays for one ("The default
    /// is one minute"), else for as long as the prompt plays ([`Self::audio_length`]).
    pub(super) fn hold_music(&mut self, n: NodeIdx, a: &Action) -> Did {
        let prompt = match a.get(prop::HOLD_PROMPT) {
            Prop::None => crate::expr::eval(default_hold_prompt(), &mut self.eval().into_scope(n))
                .map_err(|e| Did::fail(e.kind, e.message.clone())),
            p => self.eval().value_of(n, p),
        };
        let prompt = match prompt {
            Ok(v) if v.is_set() => v,
            Ok(_) => match crate::expr::eval(on_hold_music(), &mut self.eval().into_scope(n)) {
                Ok(v) => v,
                Err(e) => return Did::fail(e.kind, e.message.clone()),
            },
            Err(did) => return did,
        };
        self.eval().say(n, Arc::from(prompt.display()));
        let for_duration =
            matches!(a.get(prop::HOLD_PLAY_STYLE), Prop::Text(t) if &**t == "duration");
        if !for_duration && a.get(prop::HOLD_DURATION).is_none() {
            let ms = self.eval().audio_length(n, &prompt);
            self.clock.advance(ms);
            return Did::Success;
        }
        let default = if for_duration { HOLD_DURATION_MS } else { 0 };
        match self.eval().value(n, a, prop::HOLD_DURATION) {
            Ok(v) => match duration_ms(&v, default) {
                Ok(ms) => {
                    self.clock.advance(ms);
                    Did::Success
                }
                Err(did) => did,
            },
            Err(did) => did,
        }
    }

    /// A menu that listens for extension dialing (Genesys: "Within a menu, if someone dials a
    /// series of digits, Architect can determine whether or not the person is dialing an
    /// extension"): the keys of input `entry`, from its first `first` on, that form the
    /// extension of a user in the fixtures transfer the call to that user, as Dial by Extension
    /// does. Keys that form no one's extension are menu keys, as before.
    fn menu_extension(&mut self, entry: u32, first: Option<&str>) -> Option<Did> {
        let first = first.filter(|f| f.chars().all(|c| c.is_ascii_digit()))?;
        let rest = self.input.heard.typed_ahead.clone()?;
        let digits = rest.chars().take_while(char::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        let ext = format!("{first}{}", rest.cut(..digits));
        let user = self.run.fixtures.user_by_extension(&ext)?;
        let target = user.name.clone();
        let left = rest.cut(digits..);
        self.input.heard.typed_ahead = (!left.is_empty()).then(|| Arc::from(left));
        self.eval().note_heard(entry, Some(Arc::from(ext)), Heard::Accepted);
        self.flowing.frames.last_mut().expect("a frame").arch.menu = None;
        Some(Did::Transfer(Box::new(crate::engine::result::Route::to("user", target))))
    }

    /// What an Architect input action hears: the digits typed ahead, else the next input
    /// entry; the characters before `terminator` (which is used up), at most `max` of them,
    /// and the terminator if one ended them. What follows waits in `typed_ahead` for the next
    /// input action. `None`: nothing came before the no-entry timeout. With it, the entry
    /// heard ([`NO_INDEX`]: typed ahead, or none was left), for [`Eval::note_heard`].
    ///
    /// `timeouts` are the no-entry and the inter-digit timeouts. Keys that end neither with the
    /// terminator nor at `max` end when the caller stops pressing: the action waits the
    /// inter-digit timeout after the last one first (Genesys: "Architect also times out after
    /// a set period if a user enters less than the specified number of digits or digits in the
    /// range").
    ///
    /// A spoken answer (a turn whose text is not keys, `say:billing`) is speech recognition,
    /// which flowsim does not simulate at these actions: the step fails with `unsupported`.
    fn take_digits(
        &mut self,
        max: usize,
        (timeout, inter_digit): (u64, u64),
        terminator: Option<char>,
    ) -> Result<(u32, Option<Keys>), Did> {
        let (entry, text) = if let Some(ahead) = self.input.heard.typed_ahead.take() {
            (NO_INDEX, ahead)
        } else {
            let before = self.input.heard.next;
            let taken = self.take_input(u8::MAX, timeout, None);
            let entry = if self.input.heard.next > before { before as u32 } else { NO_INDEX };
            match taken {
                Some(text) => (entry, text),
                None => return Ok((entry, None)),
            }
        };
        if !text.chars().all(crate::engine::request::is_key) {
            return Err(Did::fail(
                ErrorKind::Unsupported,
                format!(
                    "`{}` is speech, and flowsim does not recognise speech where keys are read: give the keys the caller presses instead (digits, such as `--input 1`)",
                    crate::util::excerpt(&text, 60)
                ),
            ));
        }
        let mut kept = String::new();
        let mut ended_by = None;
        let mut rest = "";
        for (i, c) in text.char_indices() {
            if Some(c) == terminator {
                ended_by = Some(c);
                rest = text.cut(i + c.len_utf8()..);
                break;
            }
            if kept.chars().count() == max {
                rest = text.cut(i..);
                break;
            }
            kept.push(c);
        }
        if !rest.is_empty() {
            self.input.heard.typed_ahead = Some(Arc::from(rest));
        }
        if ended_by.is_none() && !kept.is_empty() && kept.chars().count() < max {
            self.clock.advance(inter_digit);
        }
        Ok((entry, Some((Arc::from(kept), ended_by))))
    }

    /// A menu: plays its audio, takes one digit, runs the choice with that digit. No digit or
    /// one no choice has: the menu plays again; after `repeatCount` plays in all (Genesys: the
    /// number of times Architect plays the menu prompt before it passes control to the menu's
    /// default menu choice) the default choice runs, or, with none, the interaction
    /// disconnects (the SDK's placeholder for no default: "None ( disconnect the interaction )").
    pub(super) fn menu(&mut self, n: NodeIdx, a: &Action) -> Did {
        let tries = match self.flowing.frame().arch.menu {
            Some((m, t)) if m == n => t,
            _ => 0,
        };
        if let Err(did) = self.eval().play(n, a.get(prop::MENU_AUDIO)) {
            return did;
        }
        let repeats = match self.eval().value(n, a, prop::MENU_REPEAT_COUNT) {
            Ok(Value::Int(r)) => r.max(1),
            Ok(Value::NotSet) => MENU_REPEATS,
            Ok(other) => {
                return Did::fail(
                    ErrorKind::TypeMismatch,
                    format!("the menu's repeatCount is {}, not Integer", other.ty()),
                )
            }
            Err(did) => return did,
        };
        let timeout = match self.eval().value(n, a, prop::MENU_SELECTION_TIMEOUT) {
            Ok(v) => match duration_ms(&v, MENU_SELECTION_MS) {
                Ok(ms) => ms,
                Err(did) => return did,
            },
            Err(did) => return did,
        };
        let extensions = match self.eval().value(n, a, prop::MENU_EXTENSION_DIALING) {
            Ok(Value::Bool(on)) => on,
            Ok(_) => true,
            Err(did) => return did,
        };
        // One key ends a menu's entry: it never waits between keys.
        let (entry, heard) = match self.take_digits(1, (timeout, 0), None) {
            Ok(taken) => taken,
            Err(did) => return did,
        };
        let digit = heard.map(|(d, _)| d).filter(|d| !d.is_empty());
        if extensions && entry != NO_INDEX {
            if let Some(did) = self.menu_extension(entry, digit.as_deref()) {
                return did;
            }
        }
        let choice = digit.as_deref().and_then(|d| {
            a.get(prop::MENU_CHOICES)
                .list()
                .iter()
                .position(|c| Prop::field(c, prop::CHOICE_DTMF).text().is_some_and(|t| &**t == d))
        });
        // A key no choice of this menu has may be another menu's global key: "Whether or not
        // the specified dtmf on this menu choice is global to the flow" (the Scripting SDK's
        // `dtmfIsGlobal`). Its choice runs, from whichever menu the caller is at.
        let global = match (&digit, choice) {
            (Some(d), None) => self.eval().global_choice(n, d),
            _ => None,
        };
        let verdict = match (&digit, choice.or(global.map(|_| 0))) {
            (None, _) => Heard::Timeout,
            (Some(_), Some(_)) => Heard::Choice,
            (Some(_), None) => Heard::NoChoice,
        };
        self.eval().note_heard(entry, digit, verdict);
        let state = &mut self.flowing.frames.last_mut().expect("a frame").arch;
        if let Some(target) = global {
            state.menu = None;
            return Did::Goto(target);
        }
        match choice {
            Some(i) => {
                state.menu = None;
                Did::Output(i as u16)
            }
            None if i64::from(tries) + 1 < repeats => {
                state.menu = Some((n, tries + 1));
                if let Err(did) = self.eval().play(n, a.get(prop::MENU_NO_ENTRY_AUDIO)) {
                    return did;
                }
                Did::Goto(n)
            }
            None => {
                state.menu = None;
                // Genesys: after the repeats "Architect passes control to the current menu's
                // default menu choice"; a menu without one disconnects the interaction.
                let default = a.get(prop::MENU_DEFAULT_CHOICE).text().and_then(|d| {
                    let choices = a.get(prop::MENU_CHOICES).list();
                    choices.iter().position(|c| Prop::field(c, prop::CHOICE_NAME).text() == Some(d))
                });
                match default {
                    Some(i) => Did::Output(i as u16),
                    None => Did::Disconnect,
                }
            }
        }
    }
}

/// What Play Position In Queue says for a position of at least 1, as Genesys's Play Position
/// In Queue action page words it: position 1 is "You are the next caller." and 2 "There is one
/// caller ahead of you." whatever the mode; past them, by `playbackMode` (lower case; the
/// Scripting SDK's default, `Number`, when none): `number` or `position` "Your position in
/// queue is 5", `ordinal` or `ordinalposition` "You are the 5th caller in the queue" up to 999
/// and the cardinal sentence past it, `ahead` "There are 4 callers ahead of you". Another mode
/// is an error, as Play Estimated Wait Time's is.
fn position_announcement(position: i64, mode: &str) -> Result<String, String> {
    enum Mode {
        Position,
        Ordinal,
        Ahead,
    }
    let mode = match mode.replace([' ', '_'], "").as_str() {
        "" | "number" | "position" => Mode::Position,
        "ordinal" | "ordinalposition" => Mode::Ordinal,
        "ahead" => Mode::Ahead,
        other => {
            return Err(format!(
                "Play Position In Queue: playback mode `{other}`; Architect's are Number \
                 (Position), Ordinal and Ahead"
            ))
        }
    };
    Ok(match (position, mode) {
        (..=1, _) => "You are the next caller.".into(),
        (2, _) => "There is one caller ahead of you.".into(),
        (3..=999, Mode::Ordinal) => {
            let suffix = match (position % 10, position % 100) {
                (_, 11..=13) => "th",
                (1, _) => "st",
                (2, _) => "nd",
                (3, _) => "rd",
                _ => "th",
            };
            format!("You are the {position}{suffix} caller in the queue")
        }
        (_, Mode::Ahead) => format!("There are {} callers ahead of you", position - 1),
        _ => format!("Your position in queue is {position}"),
    })
}

/// Collect Input's `terminatingDtmf` (the Scripting SDK: "0 through 9, '*' or '#'"; Archy
/// writes `digit_pound` too): none when NOT_SET or empty.
fn terminating_dtmf(v: &Value) -> Result<Option<char>, String> {
    let text = match v {
        Value::NotSet => return Ok(None),
        Value::Int(i @ 0..=9) => return Ok(char::from_digit(*i as u32, 10)),
        Value::Str(s) => s.trim(),
        other => {
            return Err(format!("collectInput's terminatingDtmf is {}, not String", other.ty()))
        }
    };
    let text = text.strip_prefix("digit_").unwrap_or(text);
    match text {
        "" => Ok(None),
        "pound" => Ok(Some('#')),
        "star" => Ok(Some('*')),
        t if t.len() == 1 && matches!(t.as_bytes()[0], b'0'..=b'9' | b'*' | b'#') => {
            Ok(t.chars().next())
        }
        t => Err(format!(
            "collectInput's terminatingDtmf is `{t}`; Architect takes a digit, `*` or `#`"
        )),
    }
}

/// `Flow.HoldPrompt`, parsed once: what Hold Music plays when it names no prompt.
fn default_hold_prompt() -> &'static crate::expr::Expr {
    static E: std::sync::OnceLock<crate::expr::Expr> = std::sync::OnceLock::new();
    E.get_or_init(|| crate::expr::parse("Flow.HoldPrompt").expect("a valid expression"))
}

/// `PromptSystem.on_hold_music`, parsed once.
fn on_hold_music() -> &'static crate::expr::Expr {
    static E: std::sync::OnceLock<crate::expr::Expr> = std::sync::OnceLock::new();
    E.get_or_init(|| crate::expr::parse("PromptSystem.on_hold_music").expect("a valid expression"))
}

/// `Call.PositionInQueue`, parsed once.
fn default_position() -> &'static crate::expr::Expr {
    static E: std::sync::OnceLock<crate::expr::Expr> = std::sync::OnceLock::new();
    E.get_or_init(|| crate::expr::parse("Call.PositionInQueue").expect("a valid expression"))
}

/// `Call.EstimatedWaitTime`, parsed once.
fn default_estimate() -> &'static crate::expr::Expr {
    static E: std::sync::OnceLock<crate::expr::Expr> = std::sync::OnceLock::new();
    E.get_or_init(|| crate::expr::parse("Call.EstimatedWaitTime").expect("a valid expression"))
}

/// The announcement Architect builds into a Play Estimated Wait Time action from its settings,
/// as the Scripting SDK's audio sequences for the action do (en-us): the estimate, never below
/// zero; nothing when it is NOT_SET; else a system prompt for the playback mode, then the
/// estimate: rounded up (`about`, `lessThan`: to the smallest specific interval above it, past
/// them to the next round-up interval), as it is (`exact`), or as a range in minutes
/// (`range`: the estimate, negative or not, rounded up to a minute, then padded by the
/// interval, each bound at least a minute: Genesys, "A duration of -5 minutes with a 2 minute
/// padding returns a calculated range of -7 to -3 minutes. Architect treats both negative
/// numbers as 1"). A new action's settings are the SDK's: `lessThan`, round up by 5 minutes,
/// specific intervals of 30 s, 1, 2 and 5 minutes; a range's padding 1 minute.
fn announcement(a: &Action) -> Result<String, String> {
    const FIVE_MINUTES: &str = "MakeDuration(0, 0, 5, 0, 0)";
    let text = |id: PropId| match a.get(id) {
        Prop::Expr(e) => Some(e.source()),
        _ => None,
    };
    let e = text(prop::ESTIMATED_WAIT_TIME).unwrap_or_else(|| "Call.EstimatedWaitTime".into());
    let dur = format!(
        "If(IsSet({e}), If({e} < MakeDuration(0, 0, 0, 0), MakeDuration(0, 0, 0, 0), {e}), {e})"
    );
    let mode = match a.get(prop::WAIT_TIME_MODE) {
        Prop::Text(t) => t.to_ascii_lowercase(),
        _ => "lessthan".into(),
    };
    let interval = |default: &str| text(prop::ROUNDING_INTERVAL).unwrap_or_else(|| default.into());
    let specific = || {
        text(prop::SPECIFIC_ROUNDING_INTERVALS).unwrap_or_else(|| {
            "MakeList(MakeDuration(0, 0, 0, 30, 0), MakeDuration(0, 0, 1, 0, 0), \
             MakeDuration(0, 0, 2, 0, 0), MakeDuration(0, 0, 5, 0, 0))"
                .into()
        })
    };
    let said = match mode.as_str() {
        "about" | "lessthan" => {
            let prompt = if mode == "about" { "about" } else { "less_than" };
            format!(
                "Append(ToAudio(PromptSystem.estimated_wait_time_{prompt}), \
                 ToAudioDuration(RoundUp({dur}, {}, {})))",
                interval(FIVE_MINUTES),
                specific()
            )
        }
        "exact" => {
            format!("Append(ToAudio(PromptSystem.estimated_wait_time_is), ToAudioDuration({dur}))")
        }
        "range" => {
            // The range is padded around the estimate as it is, a negative one too; each bound
            // below a minute is then a minute.
            let bounds = format!(
                "Range(RoundUp({e}, MakeDuration(0, 0, 1, 0)), {})",
                interval("MakeDuration(0, 0, 1, 0, 0)")
            );
            let minutes = |i: usize| {
                format!(
                    "ToInt(ToInt(If({bounds}[{i}] < MakeDuration(0, 0, 1, 0), \
                     MakeDuration(0, 0, 1, 0), {bounds}[{i}])) / 60000)"
                )
            };
            format!(
                "Append(ToAudio(PromptSystem.estimated_wait_time_is), \
                 ToAudioTimeRange({}, {}, Format.TimePart.minutes))",
                minutes(0),
                minutes(1)
            )
        }
        other => {
            return Err(format!(
                "Play Estimated Wait Time: playback mode `{other}` is none of about, exact, \
                 lessThan, range"
            ))
        }
    };
    Ok(format!("If(IsNotSetOrEmpty({dur}), ToAudioBlank(0), {said})"))
}
