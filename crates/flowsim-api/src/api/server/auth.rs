//! OAuth client credentials (`POST /oauth/token`) and the bearer check on `/api/` routes.
//!
//! Tokens never expire (the server reads no clock). Without configured credentials they are
//! deterministic (a counter, mixed), so that a test's transcript is the same on every run; with
//! a client id and secret they are 128 random bits from the operating system, so that only a
//! client that presented the secret holds one: a token is accepted only if this server issued
//! it, and with a secret every token it issues was issued for that secret. The id and secret
//! are compared in constant time.
//! The token endpoint answers errors in OAuth's shape (`{error, description,
//! error_description}`), as the cloud's login service does; API routes in the cloud's.

use super::shapes::ApiError;
use super::{lock, Emulator};
use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::json;
use std::sync::Arc;

/// What `expires_in` says: a day, as the cloud's default token lifetime.
const EXPIRES_IN_SECONDS: u64 = 86_400;

/// `POST /oauth/token` with `grant_type=client_credentials` and HTTP Basic client credentials
/// (or `client_id` / `client_secret` in the form).
pub(super) async fn token(
    State(em): State<Arc<Emulator>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let Ok(form) = serde_urlencoded::from_bytes::<Vec<(String, String)>>(&body) else {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "the body must be a form (application/x-www-form-urlencoded)",
        );
    };
    let field = |name: &str| form.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str());
    match field("grant_type") {
        Some("client_credentials") => {}
        Some(other) => {
            return oauth_error(
                StatusCode::BAD_REQUEST,
                "unsupported_grant_type",
                &format!("grant type `{other}` is not supported; use client_credentials"),
            )
        }
        None => {
            return oauth_error(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                "grant_type is required (grant_type=client_credentials)",
            )
        }
    }
    let basic = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(basic);
    let credentials = basic.or_else(|| {
        Some((field("client_id")?.to_owned(), field("client_secret").unwrap_or("").to_owned()))
    });
    let Some((id, secret)) = credentials else {
        return oauth_error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "client credentials are required: HTTP Basic authentication with the client id and secret",
        );
    };
    if let Some((want_id, want_secret)) = &em.credentials {
        // Both compared, whatever the first says, each in time independent of where it differs.
        let id_ok = ct_eq(want_id.as_bytes(), id.as_bytes());
        let secret_ok = ct_eq(want_secret.as_bytes(), secret.as_bytes());
        if !(id_ok & secret_ok) {
            return oauth_error(StatusCode::UNAUTHORIZED, "invalid_client", "client not found");
        }
    }
    let token = if em.credentials.is_some() {
        match random_token() {
            Ok(token) => token,
            Err(e) => {
                return ApiError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    format!("No random token can be made: {e}."),
                )
                .into_response()
            }
        }
    } else {
        mint(Emulator::next(&em.next_token))
    };
    lock(&em.tokens).insert(token.clone());
    axum::Json(json!({
        "access_token": token,
        "token_type": "bearer",
        "expires_in": EXPIRES_IN_SECONDS,
    }))
    .into_response()
}

/// Refuses an `/api/` request without a token this server issued.
pub(super) async fn require_token(
    State(em): State<Arc<Emulator>>,
    request: Request,
    next: Next,
) -> Response {
    let value = request.headers().get(header::AUTHORIZATION).and_then(|v| v.to_str().ok());
    let token = value.and_then(|v| {
        let (scheme, token) = v.trim().split_once(' ')?;
        scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
    });
    match token {
        None => ApiError::new(
            StatusCode::UNAUTHORIZED,
            "No authentication bearer token specified in authorization header.",
        )
        .into_response(),
        Some(t) if !lock(&em.tokens).contains(t) => {
            ApiError::new(StatusCode::UNAUTHORIZED, "Invalid login credentials.")
                .code("bad.credentials")
                .into_response()
        }
        Some(t) => {
            if let Some(rates) = &em.rates {
                if let Err(seconds) = lock(rates).take(t, std::time::Instant::now()) {
                    let mut e = ApiError::new(
                        StatusCode::TOO_MANY_REQUESTS,
                        format!("Rate limit exceeded the maximum. Retry the request in [{seconds}] seconds."),
                    );
                    e.retry_after = Some(seconds);
                    return e.into_response();
                }
            }
            next.run(request).await
        }
    }
}

fn oauth_error(status: StatusCode, error: &str, description: &str) -> Response {
    let body =
        json!({"error": error, "description": description, "error_description": description});
    (status, axum::Json(body)).into_response()
}

/// An opaque-looking token from a counter (splitmix64), so runs are reproducible.
fn mint(n: u64) -> String {
    let mix = |mut z: u64| {
        z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    };
    format!("flowsim-{:016x}{:016x}", mix(n), mix(!n))
}

/// A token no one can guess: 128 bits from the operating system's random source.
fn random_token() -> std::io::Result<String> {
    use std::io::Read as _;
    let mut bytes = [0u8; 16];
    std::fs::File::open("/dev/urandom")?.read_exact(&mut bytes)?;
    let mut out = String::with_capacity("flowsim-".len() + 32);
    out.push_str("flowsim-");
    for b in bytes {
        out.push(char::from(b"0123456789abcdef"[usize::from(b >> 4)]));
        out.push(char::from(b"0123456789abcdef"[usize::from(b & 15)]));
    }
    Ok(out)
}

/// Whether `a` and `b` are equal, in time that depends on their lengths only (never on where
/// they first differ).
fn ct_eq(a: &[u8], b: &[u8]) -> bool {
    let mut diff = u8::from(a.len() != b.len());
    let longer = a.len().max(b.len());
    for i in 0..longer {
        let x = a.get(i).copied().unwrap_or(0);
        let y = b.get(i).copied().unwrap_or(0);
        diff |= std::hint::black_box(x ^ y);
    }
    diff == 0
}

/// `Basic BASE64(id:secret)` → (id, secret).
fn basic(value: &str) -> Option<(String, String)> {
    let (scheme, encoded) = value.trim().split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let text = String::from_utf8(crate::util::base64::decode(encoded.trim()).ok()?).ok()?;
    let (id, secret) = text.split_once(':')?;
    Some((id.to_owned(), secret.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_credentials_decode() {
        // base64("my-client:s3cr=t") with and without padding.
        assert_eq!(
            basic("Basic bXktY2xpZW50OnMzY3I9dA=="),
            Some(("my-client".into(), "s3cr=t".into()))
        );
        assert_eq!(
            basic("basic bXktY2xpZW50OnMzY3I9dA"),
            Some(("my-client".into(), "s3cr=t".into()))
        );
        assert_eq!(basic("Bearer abc"), None);
        assert_eq!(basic("Basic !!!"), None);
    }

    #[test]
    fn secrets_compare_equal_only_when_equal() {
        assert!(ct_eq(b"s3cret", b"s3cret"));
        assert!(ct_eq(b"", b""));
        assert!(!ct_eq(b"s3cret", b"s3creT"));
        assert!(!ct_eq(b"s3cret", b"s3cret!"));
        assert!(!ct_eq(b"s3cret", b""));
    }

    #[test]
    fn random_tokens_differ() {
        let (a, b) = (random_token().unwrap(), random_token().unwrap());
        assert_ne!(a, b);
        assert_eq!(a.len(), "flowsim-".len() + 32);
    }

    #[test]
    fn tokens_are_deterministic_and_distinct() {
        assert_eq!(mint(1), mint(1));
        assert_ne!(mint(1), mint(2));
        assert_eq!(mint(7).len(), "flowsim-".len() + 32);
    }
}
