//! The `baseUrl` option: an absolute http(s) URL, https unless the host is loopback.

use super::options::{classify_int, Int};

/// Checks a base URL and returns it without trailing slashes, or why it is refused.
pub(super) fn check_base_url(s: &str) -> Result<String, &'static str> {
    if s.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("must not contain whitespace or control characters");
    }
    const NOT_ABSOLUTE: &str =
        "must be an absolute http(s) URL, such as https://api.botpress.cloud";
    let sep = crate::model::find_sub(s, "://").ok_or(NOT_ABSOLUTE)?;
    let scheme = s.get(..sep).unwrap_or("").to_ascii_lowercase();
    let https = match scheme.as_str() {
        "https" => true,
        "http" => false,
        _ => return Err(NOT_ABSOLUTE),
    };
    let rest = s.get(sep + 3..).unwrap_or("");
    if rest.contains(['?', '#']) {
        return Err("must not have a query or a fragment");
    }
    let end = rest.find('/').unwrap_or(rest.len());
    let authority = rest.get(..end).unwrap_or("");
    let path = rest.get(end..).unwrap_or("").trim_end_matches('/');
    if authority.contains('@') {
        return Err("must not contain credentials");
    }
    let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
        let close = v6.find(']').ok_or("has an invalid IPv6 host")?;
        let host = v6.get(..close).unwrap_or("");
        if !host.contains(':')
            || !host
                .bytes()
                .all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.')
        {
            return Err("has an invalid IPv6 host");
        }
        let after = v6.get(close + 1..).unwrap_or("");
        let port = match after {
            "" => None,
            a => Some(a.strip_prefix(':').ok_or("has an invalid port")?),
        };
        (host, port)
    } else {
        match authority.split_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (authority, None),
        }
    };
    if host.is_empty() {
        return Err("must have a host");
    }
    if !authority.starts_with('[')
        && !host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.' || b == b'_')
    {
        return Err("has an invalid host (use the punycode form for non-ASCII names)");
    }
    if let Some(p) = port {
        let ok = (1..=5).contains(&p.len())
            && p.bytes().all(|b| b.is_ascii_digit())
            && matches!(classify_int(p), Int::Val(n) if (1..=65535).contains(&n));
        if !ok {
            return Err("has an invalid port");
        }
    }
    if !https && !is_loopback(host) {
        return Err("must use https unless the host is loopback (localhost, 127.0.0.0/8, [::1])");
    }
    let mut url = scheme;
    url.push_str("://");
    url.push_str(authority);
    url.push_str(path);
    Ok(url)
}

pub(super) fn is_loopback(host: &str) -> bool {
    if host.eq_ignore_ascii_case("localhost") || host == "::1" || host == "0:0:0:0:0:0:0:1" {
        return true;
    }
    let octets: Vec<&str> = host.split('.').collect();
    octets.len() == 4
        && octets.first() == Some(&"127")
        && octets.iter().all(|o| {
            (1..=3).contains(&o.len())
                && o.bytes().all(|b| b.is_ascii_digit())
                && matches!(classify_int(o), Int::Val(n) if n <= 255)
        })
}
