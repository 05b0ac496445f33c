//! Per-token rate limits (`flowsim serve --rate-limit N/PERIOD`), as the cloud limits each
//! OAuth client (300 requests a minute by default there): a token bucket per token, holding up
//! to N requests and refilled at N per period. A request over the limit is answered 429 with
//! `Retry-After`, the whole seconds until the bucket holds a request again (at least 1).
//!
//! Rates are wall-clock by nature: with a limit, whether a request is refused depends on when
//! it arrives. Without `--rate-limit` (the default) nothing here runs and responses stay
//! deterministic.

use indexmap::IndexMap;
use std::time::{Duration, Instant};

/// N requests per period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    pub requests: u32,
    pub per: Duration,
}

impl RateLimit {
    /// `300/m`, `5/s`, `10/2s`, `1000/h`: requests per period (`s`, `m`, `h`, or a number of
    /// seconds before `s`).
    pub fn parse(text: &str) -> Result<RateLimit, String> {
        let help = "a rate is REQUESTS/PERIOD: 300/m, 5/s, 10/2s, 1000/h";
        let (n, period) = text.trim().split_once('/').ok_or_else(|| help.to_owned())?;
        let requests: u32 = n.trim().parse().map_err(|_| format!("`{n}` is no count; {help}"))?;
        if requests == 0 || requests > 1_000_000 {
            return Err(format!("from 1 to 1000000 requests; {help}"));
        }
        let period = period.trim();
        let (count, unit) = period.split_at(period.len().saturating_sub(1));
        let unit_secs = match unit {
            "s" => 1,
            "m" => 60,
            "h" => 3_600,
            _ => return Err(format!("`{period}` is no period; {help}")),
        };
        let count: u64 = if count.is_empty() {
            1
        } else {
            count.parse().map_err(|_| format!("`{period}` is no period; {help}"))?
        };
        if count == 0 || count > 86_400 {
            return Err(format!("a period from 1 second to a day; {help}"));
        }
        Ok(RateLimit { requests, per: Duration::from_secs(count * unit_secs) })
    }
}

/// Every token's bucket: (requests left, when it was last refilled), oldest token first.
pub(super) struct Buckets {
    rate: RateLimit,
    max: usize,
    by_token: IndexMap<String, (f64, Instant)>,
}

impl Buckets {
    pub fn new(rate: RateLimit, max: usize) -> Buckets {
        Buckets { rate, max: max.max(1), by_token: IndexMap::new() }
    }

    /// Takes a request from `token`'s bucket at `now`, or says in how many seconds one is back.
    pub fn take(&mut self, token: &str, now: Instant) -> Result<(), u64> {
        let full = f64::from(self.rate.requests);
        let per_sec = full / self.rate.per.as_secs_f64();
        if !self.by_token.contains_key(token) {
            if self.by_token.len() >= self.max {
                self.by_token.shift_remove_index(0);
            }
            self.by_token.insert(token.to_owned(), (full, now));
        }
        let (left, last) = self.by_token.get_mut(token).expect("inserted above");
        *left = (*left + now.saturating_duration_since(*last).as_secs_f64() * per_sec).min(full);
        *last = now;
        if *left >= 1.0 {
            *left -= 1.0;
            return Ok(());
        }
        let wait = (1.0 - *left) / per_sec;
        Err((wait.ceil() as u64).max(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_parse() {
        let r = |t| RateLimit::parse(t);
        assert_eq!(r("300/m"), Ok(RateLimit { requests: 300, per: Duration::from_mins(1) }));
        assert_eq!(r("5/s"), Ok(RateLimit { requests: 5, per: Duration::from_secs(1) }));
        assert_eq!(r("10/2s"), Ok(RateLimit { requests: 10, per: Duration::from_secs(2) }));
        assert!(r("0/s").is_err());
        assert!(r("5").is_err());
        assert!(r("5/fortnight").is_err());
        assert!(r("5/0s").is_err());
    }

    #[test]
    fn a_bucket_holds_n_then_refills_over_the_period() {
        let mut b = Buckets::new(RateLimit::parse("2/s").unwrap(), 10);
        let t0 = Instant::now();
        assert_eq!(b.take("a", t0), Ok(()));
        assert_eq!(b.take("a", t0), Ok(()));
        assert_eq!(b.take("a", t0), Err(1));
        // Another token has its own bucket.
        assert_eq!(b.take("b", t0), Ok(()));
        assert_eq!(b.take("a", t0 + Duration::from_millis(500)), Ok(()));
        assert_eq!(b.take("a", t0 + Duration::from_millis(500)), Err(1));
        let mut slow = Buckets::new(RateLimit::parse("1/m").unwrap(), 10);
        assert_eq!(slow.take("a", t0), Ok(()));
        assert_eq!(slow.take("a", t0 + Duration::from_secs(15)), Err(45));
    }
}
