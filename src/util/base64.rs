//! Base64 decoding (standard or URL-safe alphabet, `=` padding optional, ASCII whitespace
//! ignored): one decoder for Architect exports and for HTTP Basic credentials.

/// The bytes `text` encodes, or what is wrong with it (naming the byte).
pub fn decode(text: &str) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let mut acc: u32 = 0;
    let mut bits = 0u32;
    let mut padding = 0usize;
    for (at, b) in text.bytes().enumerate() {
        let v = match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            b'=' => {
                padding += 1;
                continue;
            }
            b' ' | b'\t' | b'\r' | b'\n' => continue,
            _ => return Err(format!("byte {at} is {}", shown(b))),
        };
        if padding > 0 {
            return Err(format!("byte {at}: data after `=` padding"));
        }
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    if bits >= 6 || padding > 2 {
        return Err("it is cut short (its length is not a whole number of bytes)".into());
    }
    Ok(out)
}

fn shown(b: u8) -> String {
    if b.is_ascii_graphic() {
        format!("`{}`, not a base64 character", char::from(b))
    } else {
        format!("0x{b:02x}, not a base64 character")
    }
}

#[cfg(test)]
mod tests {
    use super::decode;

    #[test]
    fn both_alphabets_padding_optional_whitespace_ignored() {
        assert_eq!(decode("bXktY2xpZW50OnMzY3I9dA==").unwrap(), b"my-client:s3cr=t");
        assert_eq!(decode("bXktY2xpZW50OnMzY3I9dA").unwrap(), b"my-client:s3cr=t");
        assert_eq!(decode("Pz8-\nPz8_").unwrap(), b"??>??\x3f");
        assert!(decode("ab$c").unwrap_err().contains("byte 2 is `$`"));
        assert!(decode("YQ==YQ").unwrap_err().contains("after `=` padding"));
        assert!(decode("Y").unwrap_err().contains("cut short"));
    }
}
