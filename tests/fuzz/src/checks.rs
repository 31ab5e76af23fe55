//! The properties every fuzz input must keep, shared by the libFuzzer targets
//! (`tests/fuzz/fuzz_targets/*`) and the proptest fallback (`tests/fuzz_fallback.rs`).
//!
//! Each check runs the crate on one input and panics when a property breaks; a panic is a
//! finding. Beyond "no panic", the checks assert what a caller relies on: issue codes are
//! documented ones, a valid body really has the required shape, parsing agrees with
//! serde_json, wait hints stay under the cap, accepted options hold no header injection and
//! no plain-http remote host.
//!
//! Only `botpress_chat_wasm` and `serde_json` are used, so the file compiles in both crates.

use botpress_chat_wasm::error::{redact, redact_value, ApiError, Error};
use botpress_chat_wasm::model::value::MAX_DEPTH;
use botpress_chat_wasm::model::{Foreign, Json};
use botpress_chat_wasm::retry::{self, Decision, Outcome};
use botpress_chat_wasm::validate::{self, Issue, ISSUE_CODES};

// ---------------------------------------------------------------------------------------
// Requests

/// Raw bytes as a request body: parse (UTF-8 only, as JS strings reach wasm as UTF-8), then
/// both validators.
pub fn request_bytes(data: &[u8]) {
    if let Ok(text) = std::str::from_utf8(data) {
        request_text(text);
    }
}

pub fn request_text(text: &str) {
    let parsed = Json::parse(text);
    differential(text, parsed.as_ref().ok());
    if let Ok(v) = parsed {
        request_value(&v);
    }
}

/// Both request validators on any tree (also trees the JS walker could build).
pub fn request_value(v: &Json<'_>) {
    let conv = validate::get_or_create_conversation(v);
    let msg = validate::get_or_create_message(v);
    issues_ok(&conv);
    issues_ok(&msg);
    assert_eq!(
        validate::get_or_create_conversation(v),
        conv,
        "validation is deterministic"
    );
    if conv.is_empty() {
        valid_conversation(v);
    }
    if msg.is_empty() {
        valid_message(v);
    }
    if json_safe(v, 0) {
        let text = v.to_json();
        let back = Json::parse(&text)
            .unwrap_or_else(|e| panic!("to_json output does not parse: {e:?}: {text}"));
        assert_eq!(&back, v, "to_json / parse round trip");
        assert_eq!(validate::get_or_create_conversation(&back), conv);
        assert_eq!(validate::get_or_create_message(&back), msg);
    }
}

fn issues_ok(issues: &[Issue]) {
    for i in issues {
        assert!(
            ISSUE_CODES.contains(&i.code),
            "undocumented issue code {:?}",
            i.code
        );
        assert!(!i.message.is_empty(), "empty message for {:?}", i.path);
    }
}

fn chars(v: Option<&Json<'_>>) -> Option<usize> {
    v.and_then(Json::as_str).map(|s| s.chars().count())
}

fn tags_ok(v: Option<&Json<'_>>, max: Option<usize>) -> bool {
    v.and_then(Json::as_object).is_some_and(|m| {
        m.iter().all(|(_, x)| match x {
            Json::Null
            | Json::Foreign(Foreign::Undefined | Foreign::Function | Foreign::Symbol) => true,
            Json::String(s) => max.is_none_or(|max| s.chars().count() <= max),
            _ => false,
        })
    })
}

fn string_list_ok(v: Option<&Json<'_>>) -> bool {
    v.is_none_or(|v| {
        matches!(v, Json::Foreign(Foreign::Undefined))
            || v.as_array()
                .is_some_and(|a| a.iter().all(|s| chars(Some(s)).is_some_and(|n| n <= 500)))
    })
}

fn known_members(v: &Json<'_>, known: &[&str]) -> bool {
    v.as_object().is_some_and(|m| {
        m.iter().all(|(k, x)| {
            known.contains(&k.as_ref()) || matches!(x, Json::Foreign(Foreign::Undefined))
        })
    })
}

fn present<'v, 'j>(v: &'v Json<'j>, key: &str) -> Option<&'v Json<'j>> {
    v.get(key)
        .filter(|x| !matches!(x, Json::Foreign(Foreign::Undefined)))
}

/// A body without issues really has the documented shape (DESIGN.md §3).
fn valid_conversation(v: &Json<'_>) {
    assert!(
        known_members(
            v,
            &[
                "channel",
                "tags",
                "integrationName",
                "discriminateByTags",
                "properties"
            ]
        ),
        "unknown field passed: {v:?}"
    );
    assert!(
        chars(present(v, "channel")).is_some_and(|n| n <= 200),
        "channel: {v:?}"
    );
    assert!(tags_ok(present(v, "tags"), Some(500)), "tags: {v:?}");
    assert!(present(v, "integrationName").is_none_or(|x| chars(Some(x)).is_some_and(|n| n <= 200)));
    assert!(string_list_ok(present(v, "discriminateByTags")));
    assert!(present(v, "properties").is_none_or(|p| tags_ok(Some(p), None)));
}

fn valid_message(v: &Json<'_>) {
    let fields = [
        "payload",
        "userId",
        "conversationId",
        "type",
        "tags",
        "schedule",
        "origin",
        "discriminateByTags",
    ];
    assert!(known_members(v, &fields), "unknown field passed: {v:?}");
    assert!(
        present(v, "payload").and_then(Json::as_object).is_some(),
        "payload: {v:?}"
    );
    for id in ["userId", "conversationId"] {
        assert!(
            chars(present(v, id)).is_some_and(|n| (28..=36).contains(&n)),
            "{id}: {v:?}"
        );
    }
    assert!(chars(present(v, "type")).is_some_and(|n| n <= 200));
    assert!(tags_ok(present(v, "tags"), Some(500)));
    assert!(present(v, "origin").is_none_or(|o| o.as_str() == Some("synthetic")));
    assert!(string_list_ok(present(v, "discriminateByTags")));
    if let Some(s) = present(v, "schedule") {
        assert!(known_members(s, &["dateTime", "delay"]), "schedule: {v:?}");
        let dt = present(s, "dateTime");
        let delay = present(s, "delay");
        assert!(dt.is_some() || delay.is_some());
        assert!(dt.is_none_or(|d| chars(Some(d)).is_some_and(|n| (24..=28).contains(&n))));
        assert!(delay.is_none_or(|d| matches!(d, Json::Number(n) if botpress_chat_wasm::model::value::number_is_finite(n))));
    }
    // Nothing JSON cannot carry survives anywhere in a valid body.
    assert!(
        !has_unsendable(v),
        "a valid body holds a value JSON cannot carry: {v:?}"
    );
}

/// BigInt, cycles, unreadable or too-deep values (what `JSON.stringify` cannot send).
fn has_unsendable(v: &Json<'_>) -> bool {
    match v {
        Json::Foreign(
            Foreign::BigInt | Foreign::Cycle | Foreign::Unreadable(_) | Foreign::TooDeep,
        ) => true,
        Json::Array(a) => a.iter().any(has_unsendable),
        Json::Object(m) => m.iter().any(|(_, x)| has_unsendable(x)),
        _ => false,
    }
}

/// No foreign value, every number a JSON lexeme, shallow enough to parse back unchanged.
fn json_safe(v: &Json<'_>, depth: usize) -> bool {
    if depth >= MAX_DEPTH {
        return matches!(v, Json::Null | Json::Bool(_) | Json::String(_))
            || matches!(v, Json::Number(n) if is_json_number(n));
    }
    match v {
        Json::Foreign(_) => false,
        Json::Number(n) => is_json_number(n),
        Json::Array(a) => a.iter().all(|x| json_safe(x, depth + 1)),
        Json::Object(m) => m.iter().all(|(_, x)| json_safe(x, depth + 1)),
        _ => true,
    }
}

fn is_json_number(n: &str) -> bool {
    matches!(Json::parse(n), Ok(Json::Number(ref m)) if &**m == n)
}

/// Json::parse agrees with serde_json, except where it is documented to differ: escaped lone
/// surrogates (kept as U+FFFD), numbers beyond f64 (kept as lexemes), and content nested
/// deeper than MAX_DEPTH (skipped by bracket balance, reported as too deep).
fn differential(text: &str, ours: Option<&Json<'_>>) {
    let theirs = serde_json::from_str::<serde_json::Value>(text);
    match (ours, &theirs) {
        (None, Ok(_)) => panic!("Json::parse rejects JSON that serde_json accepts: {text:?}"),
        (Some(v), Err(e)) => {
            let why = e.to_string();
            let documented = has_surrogate_escape(text)
                || why.contains("number out of range")
                || why.contains("recursion limit")
                || !json_safe(v, 0);
            assert!(
                documented,
                "Json::parse accepts what serde_json rejects ({why}): {text:?}"
            );
        }
        (Some(v), Ok(t)) if json_safe(v, 0) => {
            let ours_as_serde: serde_json::Value =
                serde_json::from_str(&v.to_json()).expect("to_json is JSON");
            assert_eq!(
                &ours_as_serde, t,
                "Json::parse and serde_json read {text:?} differently"
            );
        }
        _ => {}
    }
}

/// A `\\uD800`–`\\uDFFF` escape (serde_json refuses unpaired ones; Json::parse keeps U+FFFD).
fn has_surrogate_escape(text: &str) -> bool {
    text.as_bytes().windows(4).any(|w| {
        w[0] == b'\\'
            && w[1] == b'u'
            && w[2].eq_ignore_ascii_case(&b'd')
            && matches!(w[3].to_ascii_lowercase(), b'8'..=b'9' | b'a'..=b'f')
    })
}

// ---------------------------------------------------------------------------------------
// Responses

/// A response body (bytes, decoded as `Response.text()` would) under any status: both lenient
/// response checks, and the error reader.
pub fn response(status: u16, data: &[u8], secret: &str) {
    let text = String::from_utf8_lossy(data);
    response_text(status, &text, secret);
}

pub fn response_text(status: u16, text: &str, secret: &str) {
    if let Ok(v) = Json::parse(text) {
        let conv = validate::conversation_response(&v);
        let msg = validate::message_response(&v);
        issues_ok(&conv);
        issues_ok(&msg);
        if conv.is_empty() {
            let c = v
                .get("conversation")
                .expect("a valid conversation response has conversation");
            for f in ["id", "createdAt", "updatedAt", "channel", "integration"] {
                assert!(
                    c.get(f).and_then(Json::as_str).is_some(),
                    "conversation.{f} must be a string when valid"
                );
            }
            assert!(c.get("tags").and_then(Json::as_object).is_some());
        }
        if msg.is_empty() {
            let m = v
                .get("message")
                .expect("a valid message response has message");
            assert!(m.get("payload").and_then(Json::as_object).is_some());
            for f in ["id", "type", "userId", "conversationId"] {
                assert!(
                    m.get(f).and_then(Json::as_str).is_some(),
                    "message.{f} must be a string when valid"
                );
            }
        }
        let e = Error::InvalidResponse {
            status,
            issues: conv,
        };
        assert!(e.message().starts_with("Invalid response (HTTP "));
    }
    let retryable = retry::is_retryable(&Outcome::Status(status));
    let api = ApiError::from_response(status, text, Some(String::from("req_1")), retryable, "");
    if !secret.is_empty() && secret.chars().all(|c| c <= '\u{ff}') {
        // Redaction after parsing: no field holds the secret, and the type is the one read
        // without redaction unless that type holds the secret itself.
        let r = ApiError::from_response(
            status,
            text,
            Some(format!("req_{secret}")),
            retryable,
            secret,
        );
        // (The message's own words may contain a one-letter secret; the quoted body may not.)
        let quoted = r.message.strip_prefix("unexpected error body: ");
        let ours = r.kind == "Unknown" && r.id.is_none(); // not the API's shape: our own words
        let message = if ours {
            quoted.unwrap_or("")
        } else {
            &r.message
        };
        let kind = if ours { "" } else { r.kind.as_str() };
        for f in [kind, message]
            .into_iter()
            .chain(r.id.as_deref())
            .chain(r.request_id.as_deref())
        {
            assert!(!f.contains(secret), "{secret:?} left in {f:?} ({text:?})");
        }
        if !api.kind.contains(secret) {
            assert_eq!(
                r.kind, api.kind,
                "redaction changed the type (secret {secret:?}, text {text:?})"
            );
        }
        if let Some(m) = &r.metadata {
            assert!(!unescaped_strings(&m.to_json())
                .iter()
                .any(|s| s.contains(secret)));
        }
    }
    assert_eq!(api.status, status, "the real status is kept");
    assert_eq!(api.retryable, retryable);
    assert!(
        api.metadata
            .as_ref()
            .is_none_or(|m| m.as_object().is_some()),
        "metadata is an object or absent"
    );
    if api.kind == "Unknown" && api.id.is_none() {
        assert!(
            api.message.chars().count() <= 230,
            "a non-API body is quoted briefly"
        );
        assert!(
            !api.message.chars().any(char::is_control),
            "control characters are blanked"
        );
    }
    let message = Error::Api(api).message();
    assert!(message.starts_with(&botpress_chat_wasm::model::itoa(u64::from(status))));
    redaction(text, secret);
}

/// Whatever the text, redaction leaves no copy of the secret. Only for secrets a token can
/// be (Latin-1, as `client_options` requires): the fallback marker is outside Latin-1.
/// (This property found `d]d]` in `d]d]d]` becoming `[redacted]d]`: `tests/fuzz_regressions.rs`.)
pub fn redaction(text: &str, secret: &str) {
    if secret.is_empty() || secret.chars().any(|c| c > '\u{ff}') {
        return;
    }
    let r = redact(text, secret);
    assert!(
        !r.contains(secret),
        "redact leaves the secret in {r:?} (secret {secret:?}, text {text:?})"
    );
    if let Ok(v) = Json::parse(text) {
        let scrubbed = redact_value(&v, secret).to_json();
        assert!(
            !unescaped_strings(&scrubbed)
                .iter()
                .any(|s| s.contains(secret)),
            "redact_value leaves the secret (secret {secret:?}, text {text:?})"
        );
    }
}

/// Every string and key of a JSON text, unescaped.
fn unescaped_strings(json: &str) -> Vec<String> {
    fn walk(v: &Json<'_>, out: &mut Vec<String>) {
        match v {
            Json::String(s) => out.push(s.to_string()),
            Json::Array(a) => a.iter().for_each(|x| walk(x, out)),
            Json::Object(m) => m.iter().for_each(|(k, x)| {
                out.push(k.to_string());
                walk(x, out)
            }),
            _ => {}
        }
    }
    let mut out = Vec::new();
    if let Ok(v) = Json::parse(json) {
        walk(&v, &mut out);
    }
    out
}

// ---------------------------------------------------------------------------------------
// Retry headers

/// One attempt's outcome and the headers it came with.
pub struct RetryInput<'a> {
    /// `(name, value)`, looked up case-insensitively, first match wins (as `Headers.get`
    /// joins repeats; the transport never sees two).
    pub headers: &'a [(String, String)],
    pub status: Option<u16>,
    pub network: bool,
    pub attempt: u32,
    pub max_retries: u32,
    pub now_ms: f64,
    pub rand: f64,
}

pub fn retry_headers(input: &RetryInput<'_>) {
    let lookup = |name: &str| {
        input
            .headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
    };
    let hint = retry::server_delay_ms(&lookup, input.now_ms);
    assert!(
        hint.is_none_or(|ms| ms <= retry::MAX_DELAY_MS),
        "hint {hint:?} above the cap"
    );
    let outcome = match (input.status, input.network) {
        (Some(s), _) => Outcome::Status(s),
        (None, true) => Outcome::Network,
        (None, false) => Outcome::Timeout,
    };
    let retryable = retry::is_retryable(&outcome);
    match retry::decide(
        &outcome,
        input.attempt,
        input.max_retries,
        &lookup,
        input.now_ms,
        input.rand,
    ) {
        Decision::Retry { delay_ms } => {
            assert!(
                retryable && input.attempt <= input.max_retries,
                "retried a final outcome"
            );
            assert!(delay_ms <= retry::MAX_DELAY_MS);
            match hint {
                Some(h) => assert_eq!(delay_ms, h, "the server's hint wins"),
                None => assert!(delay_ms <= 8_000, "backoff above 8 s: {delay_ms}"),
            }
        }
        Decision::Stop => assert!(
            !retryable || input.attempt > input.max_retries,
            "stopped a retryable outcome with retries left"
        ),
    }
    let b = retry::backoff_ms(input.attempt, input.rand);
    let base = if input.attempt >= 4 {
        8_000
    } else {
        500u32 << input.attempt
    };
    assert!(
        b <= base && b >= base / 4 * 3,
        "backoff {b} outside [0.75, 1] × {base}"
    );
    for (_, v) in input.headers {
        http_date(v);
    }
}

/// An HTTP date parses to a finite instant that prints back to the same instant.
pub fn http_date(s: &str) {
    if let Some(ms) = retry::parse_http_date_ms(s) {
        assert!(ms.is_finite() && ms % 1000.0 == 0.0, "{s:?} -> {ms}");
        let printed = imf_fixdate(ms);
        assert_eq!(
            retry::parse_http_date_ms(&printed),
            Some(ms),
            "{s:?} -> {ms} -> {printed:?}"
        );
    }
}

/// Unix ms as an IMF-fixdate (test-side formatter, Hinnant's civil_from_days).
fn imf_fixdate(ms: f64) -> String {
    let secs = (ms / 1000.0) as i64;
    let days = secs.div_euclid(86_400);
    let tod = secs.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    format!(
        "{}, {:02} {} {:04} {:02}:{:02}:{:02} GMT",
        DAYS[days.rem_euclid(7) as usize],
        d,
        MONTHS[(m - 1) as usize],
        y,
        tod / 3600,
        tod / 60 % 60,
        tod % 60
    )
}

// ---------------------------------------------------------------------------------------
// Options

/// `ClientOptions` / `RequestOptions` as the JS walker reads them.
pub fn options(v: &Json<'_>) {
    match validate::client_options(v) {
        Ok(cfg) => {
            for (what, s) in [("token", &cfg.token), ("botId", &cfg.bot_id)] {
                assert!(!s.is_empty(), "{what} empty but accepted");
                header_safe(what, s);
            }
            for s in cfg
                .integration_id
                .iter()
                .chain(cfg.integration_alias.iter())
            {
                header_safe("integration", s);
            }
            for (name, value) in &cfg.headers {
                assert!(
                    !name.is_empty()
                        && name
                            .bytes()
                            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)),
                    "bad header name {name:?}"
                );
                assert_eq!(name, &name.to_ascii_lowercase());
                assert!(
                    ![
                        "authorization",
                        "x-bot-id",
                        "x-integration-id",
                        "x-integration-alias",
                        "content-type"
                    ]
                    .contains(&name.as_str()),
                    "reserved header {name:?} accepted"
                );
                // The Fetch standard's forbidden request-header names, listed here
                // independently of validate::FORBIDDEN_HEADERS.
                let forbidden = [
                    "accept-charset",
                    "accept-encoding",
                    "access-control-request-headers",
                    "access-control-request-method",
                    "connection",
                    "content-length",
                    "cookie",
                    "cookie2",
                    "date",
                    "dnt",
                    "expect",
                    "host",
                    "keep-alive",
                    "origin",
                    "referer",
                    "set-cookie",
                    "te",
                    "trailer",
                    "transfer-encoding",
                    "upgrade",
                    "via",
                ];
                assert!(
                    !forbidden.contains(&name.as_str())
                        && !name.starts_with("proxy-")
                        && !name.starts_with("sec-"),
                    "forbidden header {name:?} accepted"
                );
                if [
                    "x-http-method",
                    "x-http-method-override",
                    "x-method-override",
                ]
                .contains(&name.as_str())
                {
                    for m in value.split(',') {
                        let m = m.trim_matches([' ', '\t']).to_ascii_lowercase();
                        assert!(
                            !["connect", "trace", "track"].contains(&m.as_str()),
                            "{name}: {value:?} accepted"
                        );
                    }
                }
                header_safe(name, value);
            }
            assert!(cfg.timeout_ms <= validate::MAX_TIMEOUT_MS);
            assert!(cfg.max_retries <= validate::MAX_RETRIES_LIMIT);
            base_url_safe(&cfg.base_url);
        }
        Err(issues) => {
            assert!(!issues.is_empty());
            issues_ok(&issues);
        }
    }
    match validate::request_options(v) {
        Ok(r) => {
            assert!(r.timeout_ms.is_none_or(|t| t <= validate::MAX_TIMEOUT_MS));
            assert!(r
                .max_retries
                .is_none_or(|n| n <= validate::MAX_RETRIES_LIMIT));
        }
        Err(issues) => {
            assert!(!issues.is_empty());
            issues_ok(&issues);
        }
    }
    if let Json::Object(m) = v {
        for (k, x) in m {
            if let Json::String(s) = x {
                let bad = s.chars().any(|c| is_header_ctl(c) || c > '\u{ff}');
                assert_eq!(
                    validate::header_value_issue(k, s).is_some(),
                    bad,
                    "header_value_issue({s:?})"
                );
            }
        }
    }
}

/// A control character `fetch` refuses in a header value (a tab is allowed).
fn is_header_ctl(c: char) -> bool {
    c != '\t' && (c < ' ' || c == '\u{7f}')
}

fn header_safe(what: &str, s: &str) {
    assert!(
        !s.chars().any(is_header_ctl),
        "{what}: a control character accepted in {s:?}"
    );
    assert!(
        s.chars().all(|c| c <= '\u{ff}'),
        "{what}: non-Latin-1 accepted in {s:?}"
    );
}

/// An accepted base URL is https, or http to a host a WHATWG URL parser reads as loopback;
/// it has no credentials, query, fragment, whitespace or trailing slash.
fn base_url_safe(url: &str) {
    let (https, rest) = if let Some(r) = url.strip_prefix("https://") {
        (true, r)
    } else if let Some(r) = url.strip_prefix("http://") {
        (false, r)
    } else {
        panic!("accepted a base URL that is not http(s): {url:?}")
    };
    assert!(
        !url.ends_with('/') || rest.find('/').is_none(),
        "trailing slash kept: {url:?}"
    );
    assert!(
        !url.contains(['?', '#', '@', '\\'])
            && !url.chars().any(|c| c.is_whitespace() || c.is_control()),
        "{url:?}"
    );
    let authority = &rest[..rest.find('/').unwrap_or(rest.len())];
    assert!(!authority.is_empty(), "no host: {url:?}");
    if https {
        return;
    }
    let host = if authority.starts_with('[') {
        &authority[..=authority.find(']').expect("closing bracket")]
    } else {
        authority.split(':').next().unwrap_or("")
    };
    let loopback = host.eq_ignore_ascii_case("localhost")
        || host == "[::1]"
        || host == "[0:0:0:0:0:0:0:1]"
        || whatwg_ipv4(host).is_some_and(|ip| ip >> 24 == 127);
    assert!(
        loopback,
        "plain http accepted for a non-loopback host {host:?} in {url:?}"
    );
}

/// The WHATWG URL IPv4 reading of a host of four dotted parts (decimal, or octal with a
/// leading 0); None when it is not such an address.
fn whatwg_ipv4(host: &str) -> Option<u32> {
    let parts: Vec<&str> = host.split('.').collect();
    if parts.len() != 4 {
        return None;
    }
    let mut ip = 0u32;
    for p in parts {
        let n = if p.len() > 1 && p.starts_with('0') {
            u32::from_str_radix(&p[1..], 8).ok()?
        } else {
            p.parse::<u32>().ok()?
        };
        if n > 255 {
            return None;
        }
        ip = ip << 8 | n;
    }
    Some(ip)
}
