//! From a file's text to the export's JSON: base64, then URL decoding, then JSON.
//!
//! Architect writes an export as `btoa(encodeURIComponent(JSON))`: the base64 of percent-encoded
//! UTF-8 (`JTdCJTIy...` is `%7B%22...`, `{"`). The decoded JSON and the API's flow
//! configuration are accepted as they are, and so is the percent-encoded text without its
//! base64. Every failure is a diagnostic with the byte offset or JSON line and column; nothing
//! here panics on any input.

use crate::diag::Diagnostic;
use serde_json::Value as J;
use std::path::Path;

/// Larger inputs are refused before decoding (real exports are well under a megabyte).
pub const MAX_BYTES: usize = 64 << 20;

/// How the file was written, for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// `{"name": ...}`
    Json,
    /// `%7B%22name%22...`
    Percent,
    /// `JTdCJTIy...`
    Base64,
}

/// The export's JSON document, or diagnostics saying why there is none.
pub fn decode(file: &Path, text: &str, diags: &mut Vec<Diagnostic>) -> Option<J> {
    let error = |code, message: String| Diagnostic::error(code, message).file(file);
    if text.len() > MAX_BYTES {
        diags.push(error(
            crate::diag::Code::ExportDecode,
            format!(
                "the file has {} bytes, more than the {MAX_BYTES} an export may have",
                text.len()
            ),
        ));
        return None;
    }
    let trimmed = text.trim_start_matches('\u{feff}').trim();
    let (encoding, json_text) = match trimmed.as_bytes().first() {
        Some(b'{' | b'[') => (Encoding::Json, trimmed.to_owned()),
        Some(b'%') => match percent(trimmed) {
            Ok(s) => (Encoding::Percent, s),
            Err(e) => {
                diags.push(
                    error(crate::diag::Code::ExportDecode, format!("not URL-encoded text: {e}"))
                        .help(HELP),
                );
                return None;
            }
        },
        Some(_) => {
            let bytes = match crate::util::base64::decode(trimmed) {
                Ok(b) => b,
                Err(e) => {
                    diags.push(
                        error(crate::diag::Code::ExportDecode, format!("not base64: {e}"))
                            .help(HELP),
                    );
                    return None;
                }
            };
            let Ok(inner) = String::from_utf8(bytes) else {
                diags.push(
                    error(
                        crate::diag::Code::ExportDecode,
                        "the base64 does not decode to text".into(),
                    )
                    .help(HELP),
                );
                return None;
            };
            let inner = inner.trim();
            if inner.starts_with('{') {
                (Encoding::Base64, inner.to_owned())
            } else {
                match percent(inner) {
                    Ok(s) => (Encoding::Base64, s),
                    Err(e) => {
                        diags.push(
                            error(
                                crate::diag::Code::ExportDecode,
                                format!("the base64 decodes to text that is not URL-encoded: {e}"),
                            )
                            .help(HELP),
                        );
                        return None;
                    }
                }
            }
        }
        None => {
            diags.push(
                error(crate::diag::Code::ExportDecode, "the file is empty".into()).help(HELP),
            );
            return None;
        }
    };
    match serde_json::from_str::<J>(&json_text) {
        Ok(j) => Some(j),
        Err(e) => {
            let (message, place) = crate::util::json_pos::syntax_error(&e);
            let mut d =
                error(crate::diag::Code::ExportSyntax, format!("not valid JSON: {message}"));
            match (encoding, place) {
                (Encoding::Json, Some((line, column))) => d = d.at(line, column),
                (Encoding::Percent | Encoding::Base64, Some((line, column))) => {
                    d = d.property(format!("decoded JSON, line {line}, column {column}"));
                }
                (_, None) => {}
            }
            diags.push(d.help("an export is the file Architect's Export button writes; it must not be edited by hand"));
            None
        }
    }
}

const HELP: &str = "an Architect export (.i3InboundFlow, .i3WorkFlow, ...) is base64 of URL-encoded JSON; the decoded JSON is accepted too";

/// A cheap look at the text: is it an export (encoded or not)?
pub fn sniff(text: &str) -> bool {
    let t = text.trim_start_matches('\u{feff}').trim_start();
    if t.starts_with('{') {
        // The keys every export and flow configuration has.
        let mut end = t.len().min(1 << 20);
        while !t.is_char_boundary(end) {
            end -= 1;
        }
        let head = t.get(..end).unwrap_or(t);
        return head.contains("\"flowSequenceItemList\"") || head.contains("\"initialSequence\"");
    }
    // `{` URL-encoded (`%7B`), then base64 (`JTdC`): every encoded export starts so.
    let base64ish =
        t.bytes().take(256).all(|b| b.is_ascii_alphanumeric() || b"+/=\r\n \t".contains(&b));
    (t.starts_with("JTdC") && base64ish) || t.starts_with("%7B")
}

/// URL decoding: `%XX` escapes (UTF-8) and `+` as a space.
pub fn percent(text: &str) -> Result<String, String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = |j: usize| bytes.get(j).and_then(|c| char::from(*c).to_digit(16));
                let (Some(hi), Some(lo)) = (hex(i + 1), hex(i + 2)) else {
                    let got =
                        String::from_utf8_lossy(&bytes[i..bytes.len().min(i + 3)]).into_owned();
                    return Err(format!("byte {i}: `{got}` is not a `%XX` escape"));
                };
                out.push((hi * 16 + lo) as u8);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b'\r' | b'\n' => i += 1,
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out)
        .map_err(|e| format!("the escapes at byte {} are not UTF-8", e.utf8_error().valid_up_to()))
}
