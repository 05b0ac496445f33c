//! Base64 decoding for Architect exports and HTTP Basic credentials, through the `base64`
//! crate: the standard or the URL-safe alphabet, `=` padding optional, ASCII whitespace
//! (line breaks in a pasted export) ignored.

use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::{DecodePaddingMode, Engine as _};
use base64::DecodeError;

/// The standard alphabet, padded or not (URL-safe text is mapped onto it first).
const ENGINE: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// The bytes `text` encodes, or what is wrong with it (naming the byte by its offset in
/// `text`).
pub fn decode(text: &str) -> Result<Vec<u8>, String> {
    // Offsets into `text` of the characters kept, to name a bad byte where the user sees it.
    let mut kept = Vec::with_capacity(text.len());
    let mut offsets = Vec::with_capacity(text.len());
    for (at, b) in text.bytes().enumerate() {
        match b {
            b' ' | b'\t' | b'\r' | b'\n' => {}
            b'-' => {
                kept.push(b'+');
                offsets.push(at);
            }
            b'_' => {
                kept.push(b'/');
                offsets.push(at);
            }
            _ => {
                kept.push(b);
                offsets.push(at);
            }
        }
    }
    ENGINE.decode(&kept).map_err(|e| match e {
        DecodeError::InvalidByte(i, b'=') => {
            format!("byte {}: data after `=` padding", offsets[i])
        }
        DecodeError::InvalidByte(i, b) => format!("byte {} is {}", offsets[i], shown(b)),
        DecodeError::InvalidLength(_) | DecodeError::InvalidPadding => {
            "it is cut short (its length is not a whole number of bytes)".into()
        }
        DecodeError::InvalidLastSymbol { offset: i, .. } => {
            format!("byte {}: the last character carries bits past the end of the data", offsets[i])
        }
    })
}

fn shown(b: u8) -> String {
    if b.is_ascii_graphic() {
        format!("`{}`, not a base64 character", char::from(b))
    } else {
        format!("0x{b:02x}, not a base64 character")
    }
}

/// Base64 in the standard alphabet, padded (what a client sends in HTTP Basic credentials).
pub fn encode(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::{decode, encode};

    #[test]
    fn both_alphabets_padding_optional_whitespace_ignored() {
        assert_eq!(decode("bXktY2xpZW50OnMzY3I9dA==").unwrap(), b"my-client:s3cr=t");
        assert_eq!(decode("bXktY2xpZW50OnMzY3I9dA").unwrap(), b"my-client:s3cr=t");
        assert_eq!(decode("Pz8-\nPz8_").unwrap(), b"??>??\x3f");
        assert!(decode("ab$c").unwrap_err().contains("byte 2 is `$`"));
        assert!(decode("a\nb$c").unwrap_err().contains("byte 3 is `$`"));
        assert!(
            decode("YQ==YQ").unwrap_err().contains("after `=` padding"),
            "{:?}",
            decode("YQ==YQ")
        );
        assert!(decode("Y").unwrap_err().contains("cut short"));
        assert_eq!(encode(b"my-client:s3cr=t"), "bXktY2xpZW50OnMzY3I9dA==");
    }
}
