//! What flowsim's HTTP clients share (the API client and recorder in `api::client`, the
//! decision-log sender in `decisions::bulk`): one agent configuration, one retry policy
//! ([`RetryPolicy`], counted per request by [`Retries`]), one wording for a request that got no
//! answer.
//!
//! The policy: a 429 is retried at most `max_rate_limited` times, after its `Retry-After`
//! (whole seconds; one longer than `max_retry_after` gives up at once) or else after the
//! backoff; a 5xx answer, a timeout or a connection failure is retried at most
//! `max_server_errors` times after the backoff. The backoff doubles from `base_delay` up to
//! `max_delay`; with `jitter` it is a random wait between half of that and all of it, so that
//! many clients do not retry in step. What counts as a 429 or a failure is the caller's to say:
//! the API client renews a token on 401 first, the bulk sender also counts documents a bulk
//! answer refused with 429 as rate-limited.

use std::time::Duration;

/// How often and how long a request is retried (see the module's documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// The first backoff; each retry doubles it, up to `max_delay`.
    pub base_delay: Duration,
    pub max_delay: Duration,
    /// Retries after 429 Too Many Requests, per request.
    pub max_rate_limited: u32,
    /// Retries after 5xx answers, timeouts and connection failures, per request.
    pub max_server_errors: u32,
    /// The longest `Retry-After` honoured; a longer one gives up at once.
    pub max_retry_after: Duration,
    /// Whether a backoff is a random wait between half of it and all of it.
    pub jitter: bool,
}

impl Default for RetryPolicy {
    /// 500 ms doubling to 30 s, jittered; 5 retries after a 429 (a `Retry-After` up to 2
    /// minutes), 3 after failures.
    fn default() -> Self {
        RetryPolicy {
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(30),
            max_rate_limited: 5,
            max_server_errors: 3,
            max_retry_after: Duration::from_mins(2),
            jitter: true,
        }
    }
}

/// Why a request is about to be retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cause {
    /// 429 Too Many Requests, with its `Retry-After` in whole seconds if it had one.
    RateLimited { retry_after: Option<u64> },
    /// A 5xx answer, a timeout or a connection failure.
    Failed,
}

/// The retry to make: wait `wait`, then retry `attempt` (from 1) of `max` for its cause.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Wait {
    pub wait: Duration,
    pub attempt: u32,
    pub max: u32,
}

/// Why a request is not retried again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GiveUp {
    /// Its cause's retries are used up.
    Exhausted,
    /// The answer asked for a wait longer than the policy's `max_retry_after` (in seconds).
    RetryAfterTooLong(u64),
}

/// The retries one request has used under a policy.
#[derive(Debug, Clone)]
pub struct Retries {
    policy: RetryPolicy,
    rate_limited: u32,
    failures: u32,
    jitter: std::collections::hash_map::RandomState,
}

impl Retries {
    pub fn new(policy: RetryPolicy) -> Self {
        Retries {
            policy,
            rate_limited: 0,
            failures: 0,
            jitter: std::collections::hash_map::RandomState::new(),
        }
    }

    /// Retries counted for 429s so far (the one being decided included).
    pub fn rate_limited(&self) -> u32 {
        self.rate_limited
    }

    /// Attempts made so far that failed for either cause.
    pub fn attempts(&self) -> u32 {
        self.rate_limited + self.failures
    }

    /// The wait before the next retry for `cause`, or why there is none.
    pub fn next(&mut self, cause: Cause) -> Result<Wait, GiveUp> {
        let p = self.policy;
        let (count, max) = match cause {
            Cause::RateLimited { .. } => (&mut self.rate_limited, p.max_rate_limited),
            Cause::Failed => (&mut self.failures, p.max_server_errors),
        };
        *count += 1;
        let attempt = *count;
        if attempt > max {
            return Err(GiveUp::Exhausted);
        }
        let wait = match cause {
            Cause::RateLimited { retry_after: Some(secs) } => {
                let wait = Duration::from_secs(secs);
                if wait > p.max_retry_after {
                    return Err(GiveUp::RetryAfterTooLong(secs));
                }
                wait
            }
            _ => self.backoff(attempt),
        };
        Ok(Wait { wait, attempt, max })
    }

    /// [`backoff`] for retry `n`, jittered when the policy says so.
    fn backoff(&self, n: u32) -> Duration {
        use std::hash::BuildHasher as _;
        let full = backoff(self.policy.base_delay, self.policy.max_delay, n);
        if !self.policy.jitter {
            return full;
        }
        let half = full / 2;
        let extra_ms = full.saturating_sub(half).as_millis() as u64;
        let draw = self.jitter.hash_one(self.attempts());
        half + Duration::from_millis(if extra_ms == 0 { 0 } else { draw % (extra_ms + 1) })
    }
}

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
    use super::{backoff, is_loopback, Cause, GiveUp, Retries, RetryPolicy, Wait};
    use std::time::Duration;

    #[test]
    fn each_cause_has_its_own_retries() {
        let ms = Duration::from_millis;
        let policy = RetryPolicy {
            base_delay: ms(100),
            max_rate_limited: 2,
            max_server_errors: 1,
            jitter: false,
            ..RetryPolicy::default()
        };
        let mut r = Retries::new(policy);
        let limited = Cause::RateLimited { retry_after: None };
        assert_eq!(r.next(limited), Ok(Wait { wait: ms(100), attempt: 1, max: 2 }));
        assert_eq!(r.next(Cause::Failed), Ok(Wait { wait: ms(100), attempt: 1, max: 1 }));
        let after = Cause::RateLimited { retry_after: Some(3) };
        assert_eq!(r.next(after), Ok(Wait { wait: ms(3000), attempt: 2, max: 2 }));
        assert_eq!(r.next(limited), Err(GiveUp::Exhausted));
        assert_eq!(r.next(Cause::Failed), Err(GiveUp::Exhausted));
        let mut r = Retries::new(policy);
        let long = Cause::RateLimited { retry_after: Some(121) };
        assert_eq!(r.next(long), Err(GiveUp::RetryAfterTooLong(121)));
    }

    #[test]
    fn a_jittered_wait_is_between_half_the_backoff_and_all_of_it() {
        let policy =
            RetryPolicy { base_delay: Duration::from_millis(800), ..RetryPolicy::default() };
        let mut r = Retries::new(policy);
        for n in 1..=3 {
            let full = backoff(policy.base_delay, policy.max_delay, n);
            let w = r.next(Cause::Failed).expect("within the retries").wait;
            assert!(full / 2 <= w && w <= full, "{w:?} for {full:?}");
        }
    }

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
