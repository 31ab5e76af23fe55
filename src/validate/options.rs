//! `ClientOptions` and `RequestOptions`: checked, with defaults filled in, and the rules
//! for the header values and names they carry.

use super::collector::{clip, field, Out, Path};
use super::url::check_base_url;
use super::Issue;
use crate::model::{itoa, Foreign, Json};

pub const DEFAULT_BASE_URL: &str = "https://api.botpress.cloud";
pub const DEFAULT_TIMEOUT_MS: u32 = 60_000;
pub const DEFAULT_MAX_RETRIES: u32 = 2;
/// Largest `timeoutMs` (what `setTimeout` accepts); 0 means no timeout.
pub const MAX_TIMEOUT_MS: u32 = 2_147_483_647;
/// Largest `maxRetries`.
pub const MAX_RETRIES_LIMIT: u32 = 10;
/// Default `maxResponseBytes`: 8 MiB, far above any real answer of these two endpoints.
pub const DEFAULT_MAX_RESPONSE_BYTES: u32 = 8 * 1024 * 1024;
/// Largest `maxResponseBytes`: 256 MiB (a Workers isolate has 128 MiB in all).
pub const MAX_RESPONSE_BYTES_LIMIT: u32 = 256 * 1024 * 1024;

const CLIENT_FIELDS: &[&str] = &[
    "token",
    "botId",
    "integrationId",
    "integrationAlias",
    "baseUrl",
    "timeoutMs",
    "maxRetries",
    "headers",
    "fetch",
    "maxResponseBytes",
];
const CLIENT_ALIASES: &[(&str, &str)] = &[
    ("apiUrl", "baseUrl"),
    ("timeout", "timeoutMs"),
    ("retries", "maxRetries"),
];
const REQUEST_FIELDS: &[&str] = &["signal", "timeoutMs", "maxRetries"];
const REQUEST_ALIASES: &[(&str, &str)] = &[("timeout", "timeoutMs"), ("retries", "maxRetries")];
/// Headers the client sets itself (compared lowercased).
const RESERVED_HEADERS: &[&str] = &[
    "authorization",
    "x-bot-id",
    "x-integration-id",
    "x-integration-alias",
    "content-type",
];

/// The Fetch standard's forbidden request-header names (compared lowercased): `fetch` refuses
/// or silently drops them (undici throws on `transfer-encoding`, `keep-alive`, `connection`,
/// `upgrade`, `expect`; a wrong `content-length` stalls the request until the timeout).
/// Names starting with `proxy-` or `sec-` are forbidden too.
pub const FORBIDDEN_HEADERS: &[&str] = &[
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
/// Method-override headers, forbidden when their value names a forbidden method.
const METHOD_OVERRIDE_HEADERS: &[&str] = &[
    "x-http-method",
    "x-http-method-override",
    "x-method-override",
];
const FORBIDDEN_METHODS: &[&str] = &["connect", "trace", "track"];

/// Is `name` (lowercased) a forbidden request-header name for `fetch`, with this `value`?
pub fn is_forbidden_header(name: &str, value: &str) -> bool {
    let b = name.as_bytes();
    if FORBIDDEN_HEADERS.contains(&name) || b.starts_with(b"proxy-") || b.starts_with(b"sec-") {
        return true;
    }
    METHOD_OVERRIDE_HEADERS.contains(&name)
        && value.as_bytes().split(|c| *c == b',').any(|m| {
            let m = m.trim_ascii();
            FORBIDDEN_METHODS
                .iter()
                .any(|f| m.eq_ignore_ascii_case(f.as_bytes()))
        })
}

// ---------------------------------------------------------------------------------------
// Options

/// Checked `ClientOptions`, with defaults filled in.
#[derive(Clone, PartialEq, Eq)]
pub struct ClientConfig {
    pub token: String,
    pub bot_id: String,
    pub integration_id: Option<String>,
    pub integration_alias: Option<String>,
    /// Absolute http(s) URL, no trailing slash.
    pub base_url: String,
    /// Per attempt; 0 means no timeout.
    pub timeout_ms: u32,
    pub max_retries: u32,
    /// The largest response body read, in bytes (error bodies: at most 64 KiB of it).
    pub max_response_bytes: u32,
    /// Extra headers in source order, names lowercased, one entry per name (the last wins).
    pub headers: Vec<(String, String)>,
    /// A `fetch` function was given (the bindings read it from the JS object).
    pub has_fetch: bool,
}

/// Written by hand so the token never reaches a log.
impl core::fmt::Debug for ClientConfig {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("ClientConfig")
            .field("token", &"<redacted>")
            .field("bot_id", &self.bot_id)
            .field("integration_id", &self.integration_id)
            .field("integration_alias", &self.integration_alias)
            .field("base_url", &self.base_url)
            .field("timeout_ms", &self.timeout_ms)
            .field("max_retries", &self.max_retries)
            .field("max_response_bytes", &self.max_response_bytes)
            .field(
                "headers",
                &self.headers.iter().map(|(k, _)| k).collect::<Vec<_>>(),
            )
            .field("has_fetch", &self.has_fetch)
            .finish()
    }
}

/// Checked `RequestOptions`; `None` means "use the client's setting".
#[derive(Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Debug))]
pub struct RequestConfig {
    pub timeout_ms: Option<u32>,
    pub max_retries: Option<u32>,
    pub has_signal: bool,
}

/// Checks `ClientOptions` (a value from the JS walker: functions are
/// `Foreign::Function`, `undefined` members count as absent).
pub fn client_options(opts: &Json<'_>) -> Result<ClientConfig, Vec<Issue>> {
    let mut out = Out::new("options");
    let Some(members) = out.object(Path::ROOT, opts) else {
        return Err(out.issues);
    };
    out.unknown_fields(members, Path::ROOT, CLIENT_FIELDS, CLIENT_ALIASES);
    let token = out.header_string(opts, "token", true).unwrap_or_default();
    let bot_id = out.header_string(opts, "botId", true).unwrap_or_default();
    let integration_id = out.header_string(opts, "integrationId", false);
    let integration_alias = out.header_string(opts, "integrationAlias", false);
    let mut base_url = String::from(DEFAULT_BASE_URL);
    if let Some(v) = field(opts, "baseUrl") {
        if let Some(s) = out.expect_str(Path::Name("baseUrl"), v) {
            match check_base_url(s) {
                Ok(u) => base_url = u,
                Err(why) => {
                    let mut m = String::from("baseUrl ");
                    m.push_str(why);
                    out.push(Path::Name("baseUrl"), "format", m);
                }
            }
        }
    }
    let timeout_ms = out
        .bounded_int(opts, "timeoutMs", 0, MAX_TIMEOUT_MS)
        .unwrap_or(DEFAULT_TIMEOUT_MS);
    let max_retries = out
        .bounded_int(opts, "maxRetries", 0, MAX_RETRIES_LIMIT)
        .unwrap_or(DEFAULT_MAX_RETRIES);
    let max_response_bytes = out
        .bounded_int(opts, "maxResponseBytes", 1, MAX_RESPONSE_BYTES_LIMIT)
        .unwrap_or(DEFAULT_MAX_RESPONSE_BYTES);
    let mut headers: Vec<(String, String)> = Vec::new();
    if let Some(h) = field(opts, "headers") {
        if let Some(members) = out.object(Path::Name("headers"), h) {
            for (name, value) in members {
                if let Some(pair) = out.extra_header(name, value) {
                    headers.retain(|(n, _)| *n != pair.0);
                    headers.push(pair);
                }
            }
        }
    }
    let mut has_fetch = false;
    if let Some(v) = field(opts, "fetch") {
        match v {
            Json::Foreign(Foreign::Function) => has_fetch = true,
            other => out.bad_type(Path::Name("fetch"), "function", other),
        }
    }
    if !out.issues.is_empty() {
        return Err(out.issues);
    }
    Ok(ClientConfig {
        token,
        bot_id,
        integration_id,
        integration_alias,
        base_url,
        timeout_ms,
        max_retries,
        max_response_bytes,
        headers,
        has_fetch,
    })
}

/// Checks the optional per-call `RequestOptions` (`undefined` or `null`: all defaults).
pub fn request_options(opts: &Json<'_>) -> Result<RequestConfig, Vec<Issue>> {
    let mut out = Out::new("request options");
    if matches!(opts, Json::Null | Json::Foreign(Foreign::Undefined)) {
        return Ok(RequestConfig::default());
    }
    let Some(members) = out.object(Path::ROOT, opts) else {
        return Err(out.issues);
    };
    out.unknown_fields(members, Path::ROOT, REQUEST_FIELDS, REQUEST_ALIASES);
    let mut config = RequestConfig {
        timeout_ms: out.bounded_int(opts, "timeoutMs", 0, MAX_TIMEOUT_MS),
        max_retries: out.bounded_int(opts, "maxRetries", 0, MAX_RETRIES_LIMIT),
        has_signal: false,
    };
    match field(opts, "signal") {
        None | Some(Json::Null) => {}
        Some(Json::Object(_)) => config.has_signal = true,
        Some(other) => out.bad_type(Path::Name("signal"), "AbortSignal", other),
    }
    if out.issues.is_empty() {
        Ok(config)
    } else {
        Err(out.issues)
    }
}

/// An issue when `value` cannot be sent as an HTTP header value: a control character other
/// than a tab (CR, LF and NUL allow header injection; `fetch` refuses the others, DEL and VT
/// included), or a character above U+00FF (`fetch` only takes byte strings). The value itself
/// is never quoted in the message: it may be a secret.
pub fn header_value_issue(path: &str, value: &str) -> Option<Issue> {
    let name = if path.is_empty() {
        "header value"
    } else {
        path
    };
    let why = if value
        .chars()
        .any(|c| c != '\t' && (c < ' ' || c == '\u{7f}'))
    {
        " must not contain control characters (CR, LF, NUL, DEL, …; a tab is allowed)"
    } else if value.chars().any(|c| c > '\u{ff}') {
        " must contain only Latin-1 characters (U+0000 to U+00FF)"
    } else {
        return None;
    };
    let mut message = String::from(name);
    message.push_str(why);
    Some(Issue {
        path: path.into(),
        code: "header_value",
        message,
    })
}

impl Out {
    /// A string option that becomes a header value: non-empty, no CR/LF/NUL, Latin-1.
    fn header_string(&mut self, opts: &Json<'_>, name: &str, required: bool) -> Option<String> {
        let Some(v) = field(opts, name) else {
            if required {
                self.required(Path::Name(name));
            }
            return None;
        };
        let s = self.expect_str(Path::Name(name), v)?;
        if s.is_empty() {
            let m = self.say(Path::Name(name), " must not be empty");
            self.push(Path::Name(name), "empty", m);
            return None;
        }
        if let Some(issue) = header_value_issue(name, s) {
            self.issues.push(issue);
            return None;
        }
        Some(s.into())
    }

    fn extra_header(&mut self, name: &str, value: &Json<'_>) -> Option<(String, String)> {
        if matches!(value, Json::Foreign(Foreign::Undefined)) {
            return None;
        }
        let path = Path::Name("headers").key(name).render();
        let lower = name.to_ascii_lowercase();
        let mut ok = true;
        if !is_token(name) {
            let mut m = path.clone();
            m.push_str(" is not a valid header name (an RFC 7230 token)");
            self.push(Path::Name(&path), "format", m);
            ok = false;
        } else if RESERVED_HEADERS.contains(&lower.as_str()) {
            let mut m = path.clone();
            m.push_str(" is set by the client and cannot be overridden");
            self.push(Path::Name(&path), "reserved", m);
            ok = false;
        }
        let value = self.expect_str(Path::Name(&path), value)?;
        if let Some(issue) = header_value_issue(&path, value) {
            self.issues.push(issue);
            return None;
        }
        if ok && is_forbidden_header(&lower, value) {
            // Refused up front: fetch would fail every attempt (a retried NetworkError) or
            // wait for a body that never comes (content-length), or drop it silently.
            let mut m = path.clone();
            m.push_str(" is a forbidden request header: fetch sets or refuses it");
            self.push(Path::Name(&path), "reserved", m);
            ok = false;
        }
        ok.then(|| (lower, value.into()))
    }

    /// An optional integer option within `min..=max`.
    fn bounded_int(&mut self, opts: &Json<'_>, name: &str, min: u32, max: u32) -> Option<u32> {
        let v = field(opts, name)?;
        let Json::Number(lexeme) = v else {
            self.bad_type(Path::Name(name), "integer", v);
            return None;
        };
        let code = match classify_int(lexeme) {
            Int::Val(n) if n >= u64::from(min) && n <= u64::from(max) => {
                return u32::try_from(n).ok()
            }
            Int::Val(_) | Int::Negative | Int::Huge | Int::Infinite => "range",
            Int::Fraction | Int::NotANumber => "type",
        };
        let mut m = self.say(Path::Name(name), " must be an integer from ");
        m.push_str(&itoa(u64::from(min)));
        m.push_str(" to ");
        m.push_str(&itoa(u64::from(max)));
        m.push_str(" (got ");
        m.push_str(clip(lexeme, 32));
        m.push(')');
        self.push(Path::Name(name), code, m);
        None
    }
}

/// An RFC 7230 token (a valid header name).
fn is_token(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

pub(super) enum Int {
    Val(u64),
    Negative,
    /// Above `u64::MAX`.
    Huge,
    Fraction,
    Infinite,
    NotANumber,
}

/// Reads a number lexeme (JSON grammar, or JS `String(n)`: `NaN`, `Infinity`, `1e+21`) as
/// an integer without float parsing.
pub(super) fn classify_int(lexeme: &str) -> Int {
    let (neg, body) = match lexeme.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, lexeme),
    };
    if body == "Infinity" {
        return Int::Infinite;
    }
    let (mantissa, exp) = match body.find(['e', 'E']) {
        Some(i) => (body.get(..i).unwrap_or(""), body.get(i + 1..)),
        None => (body, None),
    };
    let (int_part, frac_part) = match mantissa.find('.') {
        Some(i) => (
            mantissa.get(..i).unwrap_or(""),
            mantissa.get(i + 1..).unwrap_or(""),
        ),
        None => (mantissa, ""),
    };
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if int_part.is_empty() || !all_digits(int_part) || !all_digits(frac_part) {
        return Int::NotANumber;
    }
    let mut exp10: i64 = 0;
    if let Some(e) = exp {
        let (eneg, edigits) = match e.as_bytes().first() {
            Some(b'-') => (true, e.get(1..).unwrap_or("")),
            Some(b'+') => (false, e.get(1..).unwrap_or("")),
            _ => (false, e),
        };
        if edigits.is_empty() || !all_digits(edigits) {
            return Int::NotANumber;
        }
        for b in edigits.bytes() {
            exp10 = (exp10 * 10 + i64::from(b - b'0')).min(1_000_000_000);
        }
        if eneg {
            exp10 = -exp10;
        }
    }
    // value = digits × 10^(exp10 - frac_len)
    let digits: Vec<u8> = int_part
        .bytes()
        .chain(frac_part.bytes())
        .map(|b| b - b'0')
        .collect();
    exp10 -= frac_part.len() as i64;
    let start = digits.iter().take_while(|&&d| d == 0).count();
    let mut sig = digits.get(start..).unwrap_or(&[]);
    if sig.is_empty() {
        return Int::Val(0);
    }
    while let Some((&0, rest)) = sig.split_last() {
        sig = rest;
        exp10 += 1;
    }
    if exp10 < 0 {
        return Int::Fraction;
    }
    if neg {
        return Int::Negative;
    }
    if sig.len() as i64 + exp10 > 20 {
        return Int::Huge;
    }
    let mut n: u64 = 0;
    for &d in sig {
        match n.checked_mul(10).and_then(|n| n.checked_add(u64::from(d))) {
            Some(x) => n = x,
            None => return Int::Huge,
        }
    }
    for _ in 0..exp10 {
        match n.checked_mul(10) {
            Some(x) => n = x,
            None => return Int::Huge,
        }
    }
    Int::Val(n)
}
