//! What flowsim's HTTP clients share (the API client and recorder in `api::client`, the
//! decision-log sender in `decisions::bulk`): one agent configuration, one backoff schedule,
//! one wording for a request that got no answer.
//!
//! The retry loops stay with their callers, because what is worth retrying differs: the API
//! client renews a token on 401 and honours `Retry-After`; the bulk sender re-sends only the
//! documents a bulk answer refused with 429. How long each waits is [`backoff`].

use std::time::Duration;

/// A blocking agent for `urls`: HTTP errors are answers (the caller reads their status), no
/// redirect is ever followed (it would carry credentials wherever it points), one timeout
/// covers a whole exchange, and no proxy is used when every URL is on this machine.
pub fn agent(timeout: Duration, urls: &[&str]) -> ureq::Agent {
    let mut config = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(timeout))
        .max_redirects(0)
        .user_agent(concat!("flowsim/", env!("CARGO_PKG_VERSION")));
    if urls.iter().all(|u| is_loopback(u)) {
        config = config.proxy(None);
    }
    config.build().into()
}

/// The wait before retry `n` (from 1): `base * 2^(n-1)`, at most `max`.
pub fn backoff(base: Duration, max: Duration, n: u32) -> Duration {
    base.saturating_mul(1u32 << n.saturating_sub(1).min(20)).min(max)
}

/// Why a request got no answer, in words (`no answer in time`, `connection failed (...)`).
pub fn transport_cause(e: &ureq::Error) -> String {
    match e {
        ureq::Error::Timeout(_) => "no answer in time".into(),
        ureq::Error::ConnectionFailed | ureq::Error::Io(_) => format!("connection failed ({e})"),
        other => other.to_string(),
    }
}

/// Whether `url`'s host is this machine (`localhost`, `127.0.0.0/8`, `::1`).
pub fn is_loopback(url: &str) -> bool {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split('/').next().unwrap_or("");
    let host = if host.starts_with('[') {
        host.split(']').next().unwrap_or("").trim_start_matches('[')
    } else {
        host.split(':').next().unwrap_or("")
    };
    host.eq_ignore_ascii_case("localhost")
        || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::{backoff, is_loopback};
    use std::time::Duration;

    #[test]
    fn backoff_doubles_up_to_its_cap() {
        let (base, max) = (Duration::from_millis(500), Duration::from_secs(3));
        let waits: Vec<u128> = (1..=5).map(|n| backoff(base, max, n).as_millis()).collect();
        assert_eq!(waits, [500, 1000, 2000, 3000, 3000]);
        assert_eq!(backoff(base, Duration::MAX, 200), base * (1 << 20), "no overflow");
    }

    #[test]
    fn loopback_hosts() {
        for url in ["http://127.0.0.1:8080/x", "http://localhost", "http://[::1]:9/", "127.0.0.2"] {
            assert!(is_loopback(url), "{url}");
        }
        for url in ["https://api.mypurecloud.com", "http://10.0.0.1", "http://[fe80::1]/"] {
            assert!(!is_loopback(url), "{url}");
        }
    }
}
