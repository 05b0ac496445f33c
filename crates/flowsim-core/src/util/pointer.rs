//! JSON Pointer tokens (RFC 6901): `~` is written `~0` and `/` is written `~1` inside a token.
//! Shared by the error places flowsim names (`/variables/a~1b`) and the pointers users write
//! (snapshot redactions, cassette `ignore` paths).

/// A key as a pointer token: `a/b` → `a~1b`, `a~b` → `a~0b`.
pub fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// A pointer token as the key it names: `a~1b` → `a/b`; `None` when a `~` is followed by
/// anything but `0` or `1`.
pub fn unescape(token: &str) -> Option<String> {
    let mut key = String::with_capacity(token.len());
    let mut chars = token.chars();
    while let Some(c) = chars.next() {
        if c != '~' {
            key.push(c);
            continue;
        }
        match chars.next() {
            Some('0') => key.push('~'),
            Some('1') => key.push('/'),
            _ => return None,
        }
    }
    Some(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_round_trip() {
        for key in ["plain", "a/b", "a~b", "~1", "/~/"] {
            assert_eq!(unescape(&escape(key)).as_deref(), Some(key));
        }
        assert_eq!(escape("a/b~c"), "a~1b~0c");
        assert_eq!(unescape("a~2"), None);
        assert_eq!(unescape("a~"), None);
    }
}
