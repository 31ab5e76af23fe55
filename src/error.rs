//! One error enum with stable codes. `bindings.rs` turns each variant into the matching
//! exported JS class (`ValidationError`, `ApiError`, …); everything here is plain Rust.

use crate::model::{itoa, Json, Value};
use crate::validate::Issue;

pub enum Error {
    /// The body or the options break DESIGN.md §3; nothing was sent. `context` names what
    /// was checked ("getOrCreateMessage body", "client options", …).
    Validation {
        context: &'static str,
        issues: Vec<Issue>,
    },
    /// The server answered non-2xx.
    Api(ApiError),
    /// `fetch` itself failed (connection refused, DNS, CORS, a redirect refused, …).
    Network { message: String },
    /// An attempt ran past `timeoutMs`.
    Timeout { timeout_ms: u32 },
    /// The caller's signal fired.
    Aborted,
    /// 2xx, but the body is not JSON or not the documented shape.
    InvalidResponse { status: u16, issues: Vec<Issue> },
}

pub struct ApiError {
    pub status: u16,
    /// The API's error type (`ResourceNotFound`, …), or `Unknown` when the body is not the
    /// API's error shape.
    pub kind: String,
    pub id: Option<String>,
    pub message: String,
    pub metadata: Option<Value>,
    pub request_id: Option<String>,
    pub retryable: bool,
}

/// Every JS error class with its stable `code`: first [`Error`]'s variants in their order, then
/// `InternalError`, which only the package entry raises (the WebAssembly instance failed during
/// a call; `pkg-template/entry/load.js`). This is the one list: `pkg-template/errors.js` defines
/// these classes and the `.d.ts` (`src/typings.rs`) declares them; `tests/error_names.rs` fails
/// when either disagrees.
pub const CLASSES: [(&str, &str); 7] = [
    ("ValidationError", "invalid_request"),
    ("ApiError", "api"),
    ("NetworkError", "network"),
    ("TimeoutError", "timeout"),
    ("AbortError", "aborted"),
    ("InvalidResponseError", "invalid_response"),
    ("InternalError", "internal"),
];

impl Error {
    fn class(&self) -> (&'static str, &'static str) {
        CLASSES[match self {
            Error::Validation { .. } => 0,
            Error::Api(_) => 1,
            Error::Network { .. } => 2,
            Error::Timeout { .. } => 3,
            Error::Aborted => 4,
            Error::InvalidResponse { .. } => 5,
        }]
    }

    /// The stable `code` of the JS error.
    pub fn code(&self) -> &'static str {
        self.class().1
    }

    /// The JS class (and `name`) of the error.
    pub fn name(&self) -> &'static str {
        self.class().0
    }

    /// A readable one-line message. Never contains a header value.
    pub fn message(&self) -> String {
        match self {
            Error::Validation { context, issues } => {
                let mut m = String::from("Invalid ");
                m.push_str(context);
                m.push_str(": ");
                push_issues(&mut m, issues);
                m
            }
            Error::Api(e) => {
                let mut m = itoa(u64::from(e.status));
                m.push(' ');
                m.push_str(&e.kind);
                if !e.message.is_empty() {
                    m.push_str(": ");
                    m.push_str(&e.message);
                }
                m
            }
            Error::Network { message } => {
                let mut m = String::from("Network error: ");
                m.push_str(if message.is_empty() {
                    "fetch failed"
                } else {
                    message
                });
                m
            }
            Error::Timeout { timeout_ms } => {
                let mut m = String::from("Request timed out after ");
                m.push_str(&itoa(u64::from(*timeout_ms)));
                m.push_str(" ms");
                m
            }
            Error::Aborted => String::from("Request aborted by the caller's signal"),
            Error::InvalidResponse { status, issues } => {
                let mut m = String::from("Invalid response (HTTP ");
                m.push_str(&itoa(u64::from(*status)));
                m.push_str("): ");
                push_issues(&mut m, issues);
                m
            }
        }
    }
}

/// Up to five issues as `path: message; …`, then how many more.
fn push_issues(m: &mut String, issues: &[Issue]) {
    const SHOWN: usize = 5;
    for (i, issue) in issues.iter().take(SHOWN).enumerate() {
        if i > 0 {
            m.push_str("; ");
        }
        // Messages name their field; prefix the path only when one does not start with it.
        if !issue.path.is_empty() && !issue.message.starts_with(issue.path.as_str()) {
            m.push_str(&issue.path);
            m.push_str(": ");
        }
        m.push_str(&issue.message);
    }
    if issues.len() > SHOWN {
        m.push_str(" (and ");
        m.push_str(&itoa((issues.len() - SHOWN) as u64));
        m.push_str(" more)");
    }
}

/// The longest slice of a non-API error body kept in the message.
const BODY_SNIPPET_CHARS: usize = 200;

impl ApiError {
    /// Reads a non-2xx answer. The real HTTP `status` is always kept; the body counts as the
    /// API's error shape only with string `id`, `type`, `message` and a numeric `code`
    /// (as `@botpress/client` requires), otherwise `kind` is `Unknown` and the message
    /// quotes the start of the body (HTML from a gateway, an empty body, …).
    ///
    /// `secret` (the token) is redacted after parsing, field by field (and in the quoted body
    /// before it is cut): redacting the raw text first could break the JSON and lose the real
    /// `type`, and would miss a token the server escaped.
    pub fn from_response(
        status: u16,
        body: &str,
        request_id: Option<String>,
        retryable: bool,
        secret: &str,
    ) -> ApiError {
        let parsed = Json::parse(body).ok();
        let field = |k: &str| parsed.as_ref().and_then(|v| v.get(k));
        let api_shape = matches!(
            (field("id"), field("code"), field("type"), field("message")),
            (
                Some(Json::String(_)),
                Some(Json::Number(_)),
                Some(Json::String(_)),
                Some(Json::String(_))
            )
        );
        let text = |k: &str| field(k).and_then(Json::as_str).map(|s| redact(s, secret));
        let request_id = request_id.map(|r| redact(&r, secret));
        if api_shape {
            return ApiError {
                status,
                kind: text("type").unwrap_or_default(),
                id: text("id"),
                message: text("message").unwrap_or_default(),
                metadata: field("metadata")
                    .filter(|m| m.as_object().is_some())
                    .map(|m| redact_value(m, secret)),
                request_id,
                retryable,
            };
        }
        let body = redact(body, secret);
        let trimmed = body.trim();
        let message = if trimmed.is_empty() {
            String::from("the server sent no error body")
        } else {
            let mut m = String::from("unexpected error body: ");
            let mut chars = trimmed.chars();
            m.extend(chars.by_ref().take(BODY_SNIPPET_CHARS).map(|c| {
                if c.is_control() {
                    ' '
                } else {
                    c
                }
            }));
            if chars.next().is_some() {
                m.push('…');
            }
            m
        };
        ApiError {
            status,
            kind: String::from("Unknown"),
            id: None,
            message,
            metadata: None,
            request_id,
            retryable,
        }
    }
}

/// Replaces every occurrence of `secret` in `text` (a server may echo request headers
/// back in an error body; the bearer token must never reach an error).
///
/// `[redacted]` is the marker unless the secret could be rebuilt across it (a secret holding
/// `[`, `]` or the marker's letters: `d]d]` in `d]d]d]` would leave `[redacted]d]`). Then the
/// marker is `•••`: U+2022 is outside Latin-1, which header values (the token) must stay in,
/// so no occurrence can span it.
pub fn redact(text: &str, secret: &str) -> String {
    let once = replace_all(text, secret, "[redacted]");
    if secret.is_empty() || crate::model::find_sub(&once, secret).is_none() {
        return once;
    }
    replace_all(text, secret, "\u{2022}\u{2022}\u{2022}")
}

fn replace_all(text: &str, secret: &str, marker: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = (!secret.is_empty())
        .then(|| crate::model::find_sub(rest, secret))
        .flatten()
    {
        // `at` and `at + secret.len()` are char boundaries: `secret` is a whole &str.
        let (Some(before), Some(after)) = (rest.get(..at), rest.get(at + secret.len()..)) else {
            break;
        };
        out.push_str(before);
        out.push_str(marker);
        rest = after;
    }
    out.push_str(rest);
    out
}

/// `v` with `secret` replaced in every string and key: redacting JSON text would miss a
/// token whose characters the server escaped (`"`, `\\`, `\u0073…`).
pub fn redact_value(v: &Json<'_>, secret: &str) -> Value {
    match v {
        Json::String(s) => Json::String(redact(s, secret).into()),
        Json::Array(a) => Json::Array(a.iter().map(|x| redact_value(x, secret)).collect()),
        Json::Object(m) => Json::Object(
            m.iter()
                .map(|(k, x)| (redact(k, secret).into(), redact_value(x, secret)))
                .collect(),
        ),
        Json::Number(n) => Json::Number(String::from(n.as_ref()).into()),
        Json::Null => Json::Null,
        Json::Bool(b) => Json::Bool(*b),
        Json::Foreign(f) => Json::Foreign(f.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_shape_is_read() {
        let e = ApiError::from_response(
            404,
            r#"{"id":"err_1","code":404,"type":"ResourceNotFound","message":"nope","metadata":{"a":1}}"#,
            Some("req_1".into()),
            false,
            "",
        );
        assert_eq!(
            (
                e.status,
                e.kind.as_str(),
                e.id.as_deref(),
                e.message.as_str()
            ),
            (404, "ResourceNotFound", Some("err_1"), "nope")
        );
        assert!(e.metadata.is_some());
        assert_eq!(Error::Api(e).message(), "404 ResourceNotFound: nope");
    }

    #[test]
    fn odd_bodies_keep_the_real_status() {
        let html = ApiError::from_response(
            502,
            "<html><body>Bad\ngateway</body></html>",
            None,
            true,
            "",
        );
        assert_eq!((html.status, html.kind.as_str()), (502, "Unknown"));
        assert_eq!(
            html.message,
            "unexpected error body: <html><body>Bad gateway</body></html>"
        );
        let empty = ApiError::from_response(503, "", None, true, "");
        assert_eq!(
            (empty.status, empty.message.as_str()),
            (503, "the server sent no error body")
        );
        // Missing `id`: not the API shape (as in @botpress/client), but the status stays.
        let no_id = ApiError::from_response(
            404,
            r#"{"code":404,"type":"ResourceNotFound","message":"nf"}"#,
            None,
            false,
            "",
        );
        assert_eq!((no_id.status, no_id.kind.as_str()), (404, "Unknown"));
        let long = ApiError::from_response(500, &"x".repeat(1000), None, true, "");
        assert_eq!(
            long.message.chars().count(),
            "unexpected error body: ".len() + BODY_SNIPPET_CHARS + 1
        );
    }

    #[test]
    fn codes_and_names_are_stable() {
        let all = [
            Error::Validation {
                context: "x",
                issues: vec![],
            },
            Error::Api(ApiError::from_response(500, "", None, true, "")),
            Error::Network {
                message: String::new(),
            },
            Error::Timeout { timeout_ms: 5 },
            Error::Aborted,
            Error::InvalidResponse {
                status: 200,
                issues: vec![],
            },
        ];
        let got: Vec<_> = all.iter().map(|e| (e.name(), e.code())).collect();
        assert_eq!(
            got,
            [
                ("ValidationError", "invalid_request"),
                ("ApiError", "api"),
                ("NetworkError", "network"),
                ("TimeoutError", "timeout"),
                ("AbortError", "aborted"),
                ("InvalidResponseError", "invalid_response")
            ]
        );
        assert_eq!(all[3].message(), "Request timed out after 5 ms");
    }

    #[test]
    fn validation_message_lists_issues() {
        let issue = |p: &str| Issue {
            path: p.into(),
            code: "required",
            message: "is required".into(),
        };
        let e = Error::Validation {
            context: "getOrCreateMessage body",
            issues: (0..7).map(|i| issue(&itoa(i))).collect(),
        };
        assert_eq!(
            e.message(),
            "Invalid getOrCreateMessage body: 0: is required; 1: is required; 2: is required; 3: is required; 4: is required (and 2 more)"
        );
    }

    #[test]
    fn redaction_comes_after_parsing() {
        // A token that occurs in the JSON text itself: redacting the raw body first broke the
        // JSON, and the real type was lost (Unknown).
        let body = r#"{"id":"err_1","code":404,"type":"ResourceNotFound","message":"no conversation for sk_1","metadata":{"sk_1":"sk_1"}}"#;
        for token in [r#""code":404"#, r#"","#, "sk_1", "404", r#"\u0073"#] {
            let e = ApiError::from_response(404, body, Some("req_sk_1".into()), false, token);
            assert_eq!(e.kind, "ResourceNotFound", "token {token:?}");
            assert_eq!(e.id.as_deref(), Some("err_1"), "token {token:?}");
        }
        let e = ApiError::from_response(404, body, Some("req_sk_1".into()), false, "sk_1");
        assert_eq!(e.message, "no conversation for [redacted]");
        assert_eq!(e.request_id.as_deref(), Some("req_[redacted]"));
        assert_eq!(
            e.metadata.expect("metadata").to_json(),
            r#"{"[redacted]":"[redacted]"}"#
        );
        // A token escaped by the server is still found (the parsed string holds it).
        let escaped = r#"{"id":"e","code":400,"type":"InvalidPayload","message":"\u0073k_1"}"#;
        let e = ApiError::from_response(400, escaped, None, false, "sk_1");
        assert_eq!(e.message, "[redacted]");
        // A body quoted in the message is redacted before it is cut, so no prefix of the
        // token is left at the cut.
        let long = format!("{}sk_1", "x".repeat(198));
        let e = ApiError::from_response(502, &long, None, true, "sk_1");
        assert!(!e.message.contains("sk_"), "{}", e.message);
    }

    #[test]
    fn redaction_of_escaped_tokens_in_a_tree() {
        let token = "sk_q\"and\\s";
        let body = r#"{"id":"e","code":400,"type":"InvalidPayload","message":"m","metadata":{"echo":"sk_q\"and\\s","sk_q\"and\\s":[1,"\u0073k_q\"and\\s"]}}"#;
        let e = ApiError::from_response(400, body, None, false, "");
        let clean = redact_value(e.metadata.as_ref().expect("metadata"), token).to_json();
        assert!(
            !Json::parse(&clean)
                .expect("json")
                .to_json()
                .contains("sk_q"),
            "{clean}"
        );
        assert_eq!(
            clean,
            r#"{"echo":"[redacted]","[redacted]":[1,"[redacted]"]}"#
        );
    }

    #[test]
    fn issue_messages_that_name_their_field_are_not_prefixed() {
        let issues = vec![
            Issue {
                path: "userId".into(),
                code: "required",
                message: "userId is required".into(),
            },
            Issue {
                path: "a.b".into(),
                code: "cycle",
                message: "the value contains itself".into(),
            },
        ];
        let e = Error::Validation {
            context: "body",
            issues,
        };
        assert_eq!(
            e.message(),
            "Invalid body: userId is required; a.b: the value contains itself"
        );
    }

    #[test]
    fn redaction() {
        assert_eq!(
            redact("Bearer sk_1 and sk_1", "sk_1"),
            "Bearer [redacted] and [redacted]"
        );
        assert_eq!(redact("nothing", ""), "nothing");
        assert_eq!(redact("aaa", "aa"), "[redacted]a");
        assert_eq!(redact("é€sk€", "€"), "é[redacted]sk[redacted]");
        assert_eq!(crate::model::find_sub("abcabd", "abd"), Some(3));
        assert_eq!(crate::model::find_sub("ab", "abc"), None);
    }
}
