//! The cloud's paged listings (`entities`, `pageSize`, `pageNumber`, `total`, `pageCount`, and
//! `firstUri`/`selfUri`/`lastUri`/`nextUri`/`previousUri` carrying the request's other query
//! parameters), as `GET /api/v2/flows` and the org inventory endpoints answer them.

use super::shapes::ApiError;
use crate::util::Cut;
use serde_json::{json, Value as J};

pub const DEFAULT_PAGE_SIZE: usize = 25;
pub const MAX_PAGE_SIZE: usize = 500;

/// A listing request's query: its parameters in order, and the page asked for.
pub struct Query {
    pub params: Vec<(String, String)>,
    pub page_size: usize,
    pub page_number: usize,
}

impl Query {
    /// Reads `pageSize` (1 to [`MAX_PAGE_SIZE`], default 25) and `pageNumber` (1 or more,
    /// default 1) from a raw query string; the cloud's 400 for a bad one.
    pub fn parse(raw: Option<&str>) -> Result<Query, ApiError> {
        let params: Vec<(String, String)> = serde_urlencoded::from_str(raw.unwrap_or(""))
            .map_err(|e| ApiError::bad_request(format!("The query string is not valid: {e}")))?;
        let first = |key: &str| params.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str());
        let page_size = number(first("pageSize"), "pageSize", DEFAULT_PAGE_SIZE)?;
        if page_size > MAX_PAGE_SIZE {
            return Err(ApiError::bad_request(format!(
                "The value {page_size} for pageSize is invalid; it must be from 1 to {MAX_PAGE_SIZE}."
            ))
            .detail("badPageSize", "pageSize"));
        }
        let page_number = number(first("pageNumber"), "pageNumber", 1)?;
        Ok(Query { params, page_size, page_number })
    }

    /// The first value of `key`.
    pub fn first(&self, key: &str) -> Option<&str> {
        self.params.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    /// Every value of `key`, repeated or comma-separated, trimmed, empty ones dropped.
    pub fn all(&self, key: &str) -> Vec<String> {
        self.params
            .iter()
            .filter(|(k, _)| k == key)
            .flat_map(|(_, v)| v.split(','))
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
            .collect()
    }

    /// The page of `items` asked for, each rendered by `render`, as the cloud's listing of
    /// `path`: `nextUri` only when a later page exists, `previousUri` only after the first.
    /// Only the page's items are rendered.
    pub fn page<T>(&self, path: &str, items: &[T], render: impl Fn(&T) -> J) -> J {
        let (size, number) = (self.page_size, self.page_number);
        let total = items.len();
        let page_count = total.div_ceil(size);
        let start = size.saturating_mul(number - 1).min(total);
        let entities: Vec<J> = items[start..].iter().take(size).map(render).collect();
        let filters: Vec<(&str, &str)> = self
            .params
            .iter()
            .filter(|(k, _)| k != "pageSize" && k != "pageNumber")
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let uri = |page: usize| {
            let mut q = filters.clone();
            let (size, page) = (size.to_string(), page.to_string());
            q.push(("pageSize", &size));
            q.push(("pageNumber", &page));
            format!("{path}?{}", serde_urlencoded::to_string(&q).unwrap_or_default())
        };
        let mut body = json!({
            "entities": entities,
            "pageSize": size,
            "pageNumber": number,
            "total": total,
            "firstUri": uri(1),
            "selfUri": uri(number),
            "lastUri": uri(page_count.max(1)),
            "pageCount": page_count,
        });
        if number < page_count {
            body["nextUri"] = J::from(uri(number + 1));
        }
        if number > 1 && page_count > 0 {
            body["previousUri"] = J::from(uri((number - 1).min(page_count)));
        }
        body
    }
}

/// A positive integer query parameter.
fn number(text: Option<&str>, name: &str, default: usize) -> Result<usize, ApiError> {
    let Some(text) = text else { return Ok(default) };
    match text.trim().parse::<usize>() {
        Ok(n) if n >= 1 => Ok(n),
        _ => Err(ApiError::bad_request(format!(
            "The value {text} for {name} is invalid; it must be a whole number, 1 or more."
        ))
        .detail("badQueryParameter", name)),
    }
}

/// Whether `text` contains `pattern`'s `*`-separated parts in order (both lower-cased).
pub fn glob_contains(pattern: &str, text: &str) -> bool {
    let mut rest = text;
    for part in pattern.split('*').filter(|p| !p.is_empty()) {
        match rest.find(part) {
            Some(i) => rest = rest.cut(i + part.len()..),
            None => return false,
        }
    }
    true
}

/// Whether `text` is `pattern` whole, `*` standing for any run of characters (both
/// lower-cased): the cloud's `name` filter of the org listings ("leading and trailing
/// asterisks allowed").
pub fn glob_matches(pattern: &str, text: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    if parts.len() == 1 {
        return pattern == text;
    }
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !text.starts_with(first) || !text.cut(first.len()..).ends_with(last) {
        return false;
    }
    let middle = text.cut(first.len()..text.len() - last.len());
    glob_contains(&parts[1..parts.len() - 1].join("*"), middle)
}

#[cfg(test)]
mod tests {
    use super::{glob_contains, glob_matches};

    #[test]
    fn name_filter_is_a_substring_with_wildcards() {
        assert!(glob_contains("flow_a", "inbound_flow_a"));
        assert!(glob_contains("inbound*b", "inbound_flow_b"));
        assert!(glob_contains("*", "anything"));
        assert!(!glob_contains("inbound*a*b", "inbound_flow_b"));
        assert!(!glob_contains("x", "inbound"));
    }

    #[test]
    fn a_whole_name_filter_matches_the_whole_name() {
        assert!(glob_matches("support", "support"));
        assert!(!glob_matches("sup", "support"));
        assert!(glob_matches("sup*", "support"));
        assert!(glob_matches("*port", "support"));
        assert!(glob_matches("*pp*", "support"));
        assert!(glob_matches("s*p*t", "support"));
        assert!(!glob_matches("s*x*t", "support"));
        assert!(!glob_matches("ab*ba", "aba"));
    }
}
