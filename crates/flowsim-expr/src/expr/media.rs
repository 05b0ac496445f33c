//! Media values: Architect's Communication, Audio and Prompt types, the values a Say node or a
//! prompt plays (`MakeCommunication("Hi ", Flow.name)`, `ToAudioTTS("Hello")`,
//! `ToAudio(PromptSystem.please_try_again)`).
//!
//! Offline there is no speech: a media value is a list of parts in play order, and its display
//! text is what a listener would hear, written down. Invariant: a media value is immutable once
//! built (it sits behind an `Arc` in [`super::Value::Media`]).

use std::fmt::Write as _;
use std::sync::Arc;

/// Which of Architect's three media types a value has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MediaKind {
    /// `MakeCommunication("Hi")`: text for a message, or to be spoken.
    Communication,
    /// `ToAudioTTS("Hi")`, `ToAudioBlank(100)`: a sequence to play on a call.
    Audio,
    /// `PromptSystem.please_try_again`: a prompt resource, played by name.
    Prompt,
}

/// One piece of a media value.
#[derive(Debug, Clone, PartialEq)]
pub enum Part {
    /// Text: a communication's text, or text to speech in audio.
    Text(Arc<str>),
    /// A prompt resource, by the name it was written with (`PromptSystem.please_try_again`).
    Prompt(Arc<str>),
    /// `ToAudioBlank(100)`: milliseconds of silence.
    Silence(i64),
}

/// A Communication, Audio or Prompt value.
#[derive(Debug, Clone, PartialEq)]
pub struct Media {
    pub kind: MediaKind,
    pub parts: Vec<Part>,
    /// `AudioPlaybackOptions(audio, true)`: whether a caller may interrupt the audio.
    pub barge_in: Option<bool>,
    /// Written in the expression as a built-in name (`PromptSystem.x`), not computed: the
    /// expression printers show the name again.
    pub constant: bool,
}

impl Media {
    /// A value of one text part.
    pub fn text(kind: MediaKind, text: impl Into<Arc<str>>) -> Media {
        Media { kind, parts: vec![Part::Text(text.into())], barge_in: None, constant: false }
    }

    /// The prompt named by a built-in reference: `PromptSystem.please_try_again`.
    pub fn prompt_constant(path: &str) -> Media {
        Media {
            kind: MediaKind::Prompt,
            parts: vec![Part::Prompt(Arc::from(path))],
            barge_in: None,
            constant: true,
        }
    }

    /// The name this value was written as, when it is a built-in constant.
    pub fn constant_path(&self) -> Option<&str> {
        match (self.constant, self.parts.as_slice()) {
            (true, [Part::Prompt(p)]) => Some(p),
            _ => None,
        }
    }

    /// Display text: a communication's parts joined as they are; audio parts joined by a space
    /// (each is spoken on its own); a prompt as `[its name]`; silence as nothing.
    pub fn write_display(&self, out: &mut String) {
        let sep = if self.kind == MediaKind::Communication { "" } else { " " };
        let mut first = true;
        for part in &self.parts {
            let start = out.len();
            if !first {
                out.push_str(sep);
            }
            let body = out.len();
            match part {
                Part::Text(t) => out.push_str(t),
                Part::Prompt(p) => {
                    let _ = write!(out, "[{p}]");
                }
                Part::Silence(_) => {}
            }
            if out.len() == body {
                out.truncate(start); // nothing heard: no separator either
            } else {
                first = false;
            }
        }
    }
}

/// A duration as words, as `ToAudioDuration` speaks it: `1 hour 2 minutes 3 seconds`, `0 seconds`.
pub fn duration_words(ms: i64) -> String {
    let mut out = String::new();
    if ms < 0 {
        out.push_str("minus ");
    }
    let ms = ms.unsigned_abs();
    let units = [
        (ms / 86_400_000, "day"),
        (ms / 3_600_000 % 24, "hour"),
        (ms / 60_000 % 60, "minute"),
        (ms / 1000 % 60, "second"),
        (ms % 1000, "millisecond"),
    ];
    let mut any = false;
    for (n, unit) in units {
        if n > 0 {
            if any {
                out.push(' ');
            }
            let _ = write!(out, "{n} {unit}{}", if n == 1 { "" } else { "s" });
            any = true;
        }
    }
    if !any {
        out.push_str("0 seconds");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(m: &Media) -> String {
        let mut s = String::new();
        m.write_display(&mut s);
        s
    }

    #[test]
    fn communications_join_as_written_and_audio_with_spaces() {
        let mut c = Media::text(MediaKind::Communication, "Hello ");
        c.parts.push(Part::Text("Ann".into()));
        assert_eq!(shown(&c), "Hello Ann");
        let a = Media {
            kind: MediaKind::Audio,
            parts: vec![
                Part::Silence(100),
                Part::Text("Your wait is".into()),
                Part::Silence(5),
                Part::Text("2 minutes".into()),
                Part::Prompt("PromptSystem.thanks".into()),
            ],
            barge_in: Some(true),
            constant: false,
        };
        assert_eq!(shown(&a), "Your wait is 2 minutes [PromptSystem.thanks]");
    }

    #[test]
    fn durations_read_as_words() {
        assert_eq!(duration_words(0), "0 seconds");
        assert_eq!(duration_words(90_000), "1 minute 30 seconds");
        assert_eq!(duration_words(3_600_000 + 2_000), "1 hour 2 seconds");
        assert_eq!(duration_words(-86_400_000), "minus 1 day");
    }
}
