//! Percent-encoding (RFC 3986 §2.1), the one place flowsim writes and reads it: the emulator's
//! and the API client's path segments and query values, the language server's `file:` URIs,
//! SARIF's artifact URIs.

use std::fmt::Write as _;

/// What a path segment or a query value keeps as written: the unreserved characters alone.
pub const SEGMENT: &[u8] = b"";

/// What a URI's path keeps as written beyond the unreserved characters: its separators and
/// the sub-delimiters, `:` and `@` (RFC 3986's `pchar` and `/`).
pub const PATH: &[u8] = b"/:@!$&'()*+,;=";

/// Appends `text` to `out`, each byte but the unreserved characters (letters, digits, `-._~`)
/// and those of `keep` written as `%XX`, in capitals.
pub fn encode_into(out: &mut String, text: &str, keep: &[u8]) {
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) || keep.contains(&b) {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
}

/// `text` percent-encoded as [`encode_into`] writes it.
pub fn encode(text: &str, keep: &[u8]) -> String {
    let mut out = String::with_capacity(text.len());
    encode_into(&mut out, text, keep);
    out
}

/// The bytes `text` encodes: each `%` with two hex digits after it decoded, anything else
/// (a `%` without them, `%+1`) kept as written.
pub fn decode(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let hex = |b: u8| char::from(b).to_digit(16);
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push(u8::try_from(h * 16 + l).unwrap_or(b'?'));
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoding_keeps_the_unreserved_and_what_the_component_allows() {
        assert_eq!(encode("a b/c%d~é", SEGMENT), "a%20b%2Fc%25d~%C3%A9");
        assert_eq!(encode("/x y/C:/a@b", PATH), "/x%20y/C:/a@b");
        let mut out = String::from("file://");
        encode_into(&mut out, "/a#b?c", PATH);
        assert_eq!(out, "file:///a%23b%3Fc");
    }

    #[test]
    fn decoding_undoes_encoding_and_keeps_bad_escapes_as_written() {
        for text in ["", "plain", "a b/c%d~é", "100%", "%%41", "x\u{1F600}y"] {
            for keep in [SEGMENT, PATH] {
                assert_eq!(decode(&encode(text, keep)), text.as_bytes(), "{text:?}");
            }
        }
        assert_eq!(decode("%41%62%2"), b"Ab%2");
        assert_eq!(decode("%+1%zz%4"), b"%+1%zz%4");
        assert_eq!(decode("%e9"), [0xE9]);
    }
}
