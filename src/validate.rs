//! The rules of DESIGN.md §3 as pure functions over [`Value`]: every issue at once, each
//! with a path, a short code and a readable message. Never panics, whatever the input.
//!
//! Request bodies are checked strictly (unknown fields, lengths, enums, the payload union);
//! response bodies leniently (required fields and their types only). Client and request
//! options are checked and turned into [`ClientConfig`] / [`RequestConfig`].
//!
//! Recursion follows the fixed shape of the schemas; the only walk over caller-shaped data
//! (free-form payload parts) stops at [`MAX_DEPTH`], so no input can exhaust the stack.

use crate::model::value::{number_is_finite, write_json_string, MAX_DEPTH};
use crate::model::{itoa, Foreign, Value};

#[derive(Clone, PartialEq, Eq)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Debug))]
pub struct Issue {
    /// e.g. `payload.items[2].actions[0].label`; `""` for the body itself.
    pub path: String,
    /// `required`, `unknown_field`, `type`, `too_long`, `too_short`, `enum`, `format`, …
    pub code: &'static str,
    pub message: String,
}

/// Every `code` an [`Issue`] can carry.
pub const ISSUE_CODES: &[&str] = &[
    "required",
    "unknown_field",
    "type",
    "too_long",
    "too_short",
    "enum",
    "format",
    "not_finite",
    "too_deep",
    "cycle",
    "unreadable",
    "header_value",
    "reserved",
    "range",
    "empty",
    "too_large",
];

/// Message `type`s whose payload shape is known (`messages.defaults` plus the deprecated
/// `markdown`); any other type takes any object payload.
pub const KNOWN_MESSAGE_TYPES: &[&str] = &[
    "text", "image", "audio", "video", "file", "location", "card", "carousel", "choice",
    "dropdown", "bloc", "markdown",
];

/// The kinds a `bloc` item may be (`markdown` as in the deprecated `markdownBloc`, which
/// integrations install as their `bloc`).
pub const BLOC_ITEM_TYPES: &[&str] = &[
    "text", "image", "audio", "video", "file", "location", "markdown",
];

/// Card action kinds.
pub const CARD_ACTIONS: &[&str] = &["postback", "url", "say"];

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

const CONVERSATION_FIELDS: &[&str] = &[
    "channel",
    "tags",
    "integrationName",
    "discriminateByTags",
    "properties",
];
const MESSAGE_FIELDS: &[&str] = &[
    "payload",
    "userId",
    "conversationId",
    "type",
    "tags",
    "schedule",
    "origin",
    "discriminateByTags",
];
const SCHEDULE_FIELDS: &[&str] = &["dateTime", "delay"];
const ORIGINS: &[&str] = &["synthetic"];
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
// Request bodies

/// Issues of a `getOrCreateConversation` request body; empty when valid.
pub fn get_or_create_conversation(body: &Value) -> Vec<Issue> {
    let mut out = Out::new("body");
    let Some(members) = out.object("", body) else {
        return out.issues;
    };
    out.unknown_fields(members, "", CONVERSATION_FIELDS, &[]);
    match field(body, "channel") {
        None => out.required("channel"),
        Some(v) => out.string("channel", v, 0, Some(200)),
    }
    match field(body, "tags") {
        None => out.required("tags"),
        Some(v) => out.tags("tags", v),
    }
    if let Some(v) = field(body, "integrationName") {
        out.string("integrationName", v, 0, Some(200));
    }
    if let Some(v) = field(body, "discriminateByTags") {
        out.string_array("discriminateByTags", v, 500);
    }
    if let Some(v) = field(body, "properties") {
        out.string_map("properties", v, None);
    }
    out.issues
}

/// Issues of a `getOrCreateMessage` request body; empty when valid.
pub fn get_or_create_message(body: &Value) -> Vec<Issue> {
    let mut out = Out::new("body");
    let Some(members) = out.object("", body) else {
        return out.issues;
    };
    out.unknown_fields(members, "", MESSAGE_FIELDS, &[]);
    // Check `type` first: it picks the payload shape.
    let mut kind = None;
    match field(body, "type") {
        None => out.required("type"),
        Some(v) => {
            out.string("type", v, 0, Some(200));
            kind = v.as_str();
        }
    }
    match field(body, "payload") {
        None => out.required("payload"),
        Some(v) => match kind.and_then(shape_of) {
            Some(shape) => out.shaped("payload", v, shape, 1),
            None => out.free_object("payload", v, 1),
        },
    }
    for id in ["userId", "conversationId"] {
        match field(body, id) {
            None => out.required(id),
            Some(v) => out.string(id, v, 28, Some(36)),
        }
    }
    match field(body, "tags") {
        None => out.required("tags"),
        Some(v) => out.tags("tags", v),
    }
    if let Some(v) = field(body, "schedule") {
        out.schedule(v);
    }
    if let Some(v) = field(body, "origin") {
        out.one_of("origin", v, ORIGINS);
    }
    if let Some(v) = field(body, "discriminateByTags") {
        out.string_array("discriminateByTags", v, 500);
    }
    out.issues
}

// ---------------------------------------------------------------------------------------
// Payload shapes (message-payloads.json `defaults` + `markdown`)

#[derive(Clone, Copy)]
enum Ty {
    /// A string of at least this many code points.
    Str(usize),
    /// A finite number.
    Num,
    /// A string from this list.
    Enum(&'static [&'static str]),
    /// An array of objects of this shape.
    Arr(&'static [Field]),
    /// An array of `{type, payload}` bloc items.
    BlocItems,
}

struct Field {
    name: &'static str,
    required: bool,
    ty: Ty,
}

const fn req(name: &'static str, ty: Ty) -> Field {
    Field {
        name,
        required: true,
        ty,
    }
}

const fn opt(name: &'static str, ty: Ty) -> Field {
    Field {
        name,
        required: false,
        ty,
    }
}

const TEXT: &[Field] = &[req("text", Ty::Str(1))];
const IMAGE: &[Field] = &[req("imageUrl", Ty::Str(1)), opt("title", Ty::Str(1))];
const AUDIO: &[Field] = &[req("audioUrl", Ty::Str(1)), opt("title", Ty::Str(1))];
const VIDEO: &[Field] = &[req("videoUrl", Ty::Str(1)), opt("title", Ty::Str(1))];
const FILE: &[Field] = &[req("fileUrl", Ty::Str(1)), opt("title", Ty::Str(1))];
const LOCATION: &[Field] = &[
    req("latitude", Ty::Num),
    req("longitude", Ty::Num),
    opt("address", Ty::Str(0)),
    opt("title", Ty::Str(0)),
];
const ACTION: &[Field] = &[
    req("action", Ty::Enum(CARD_ACTIONS)),
    req("label", Ty::Str(1)),
    req("value", Ty::Str(1)),
];
const CARD: &[Field] = &[
    req("title", Ty::Str(1)),
    opt("subtitle", Ty::Str(1)),
    opt("imageUrl", Ty::Str(1)),
    req("actions", Ty::Arr(ACTION)),
];
const CAROUSEL: &[Field] = &[req("items", Ty::Arr(CARD))];
const OPTION: &[Field] = &[req("label", Ty::Str(1)), req("value", Ty::Str(1))];
const CHOICE: &[Field] = &[req("text", Ty::Str(1)), req("options", Ty::Arr(OPTION))];
const BLOC: &[Field] = &[req("items", Ty::BlocItems)];
const MARKDOWN: &[Field] = &[req("markdown", Ty::Str(1))];

fn shape_of(kind: &str) -> Option<&'static [Field]> {
    Some(match kind {
        "text" => TEXT,
        "image" => IMAGE,
        "audio" => AUDIO,
        "video" => VIDEO,
        "file" => FILE,
        "location" => LOCATION,
        "card" => CARD,
        "carousel" => CAROUSEL,
        "choice" | "dropdown" => CHOICE,
        "bloc" => BLOC,
        "markdown" => MARKDOWN,
        _ => return None,
    })
}

fn bloc_item_shape(kind: &str) -> Option<&'static [Field]> {
    match kind {
        "bloc" | "card" | "carousel" | "choice" | "dropdown" => None,
        k => shape_of(k),
    }
}

// ---------------------------------------------------------------------------------------
// Responses (lenient)

/// Issues of a `getOrCreateConversation` response body (required fields and their types;
/// unknown fields ignored; `null` counts as absent for optional fields).
pub fn conversation_response(body: &Value) -> Vec<Issue> {
    let mut out = Out::new("response");
    if out.object("", body).is_none() {
        return out.issues;
    }
    match field(body, "conversation") {
        None => out.required("conversation"),
        Some(c) => {
            if out.object("conversation", c).is_some() {
                for name in ["id", "createdAt", "updatedAt", "channel", "integration"] {
                    out.lenient(c, "conversation", name, true, Lenient::Str);
                }
                out.lenient(c, "conversation", "tags", true, Lenient::Tags);
                out.lenient(c, "conversation", "messageCount", false, Lenient::Num);
                out.lenient(c, "conversation", "properties", false, Lenient::Tags);
                out.lenient(c, "conversation", "currentTaskId", false, Lenient::Str);
                out.lenient(c, "conversation", "currentWorkflowId", false, Lenient::Str);
            }
        }
    }
    out.meta(body);
    out.issues
}

/// Issues of a `getOrCreateMessage` response body (lenient, as [`conversation_response`]).
pub fn message_response(body: &Value) -> Vec<Issue> {
    let mut out = Out::new("response");
    if out.object("", body).is_none() {
        return out.issues;
    }
    match field(body, "message") {
        None => out.required("message"),
        Some(m) => {
            if out.object("message", m).is_some() {
                for name in [
                    "id",
                    "createdAt",
                    "updatedAt",
                    "type",
                    "direction",
                    "userId",
                    "conversationId",
                ] {
                    out.lenient(m, "message", name, true, Lenient::Str);
                }
                out.lenient(m, "message", "payload", true, Lenient::Obj);
                out.lenient(m, "message", "tags", true, Lenient::Tags);
                out.lenient(m, "message", "origin", false, Lenient::Str);
            }
        }
    }
    out.meta(body);
    out.issues
}

#[derive(Clone, Copy)]
enum Lenient {
    Str,
    Num,
    Obj,
    /// An object of string (or null) values.
    Tags,
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
pub fn client_options(opts: &Value) -> Result<ClientConfig, Vec<Issue>> {
    let mut out = Out::new("options");
    let Some(members) = out.object("", opts) else {
        return Err(out.issues);
    };
    out.unknown_fields(members, "", CLIENT_FIELDS, CLIENT_ALIASES);
    let token = out.header_string(opts, "token", true).unwrap_or_default();
    let bot_id = out.header_string(opts, "botId", true).unwrap_or_default();
    let integration_id = out.header_string(opts, "integrationId", false);
    let integration_alias = out.header_string(opts, "integrationAlias", false);
    let mut base_url = String::from(DEFAULT_BASE_URL);
    if let Some(v) = field(opts, "baseUrl") {
        if let Some(s) = out.expect_str("baseUrl", v) {
            match check_base_url(s) {
                Ok(u) => base_url = u,
                Err(why) => {
                    let mut m = String::from("baseUrl ");
                    m.push_str(why);
                    out.push("baseUrl", "format", m);
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
        if let Some(members) = out.object("headers", h) {
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
            Value::Foreign(Foreign::Function) => has_fetch = true,
            other => out.bad_type("fetch", "function", other),
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
pub fn request_options(opts: &Value) -> Result<RequestConfig, Vec<Issue>> {
    let mut out = Out::new("request options");
    if matches!(opts, Value::Null | Value::Foreign(Foreign::Undefined)) {
        return Ok(RequestConfig::default());
    }
    let Some(members) = out.object("", opts) else {
        return Err(out.issues);
    };
    out.unknown_fields(members, "", REQUEST_FIELDS, REQUEST_ALIASES);
    let mut config = RequestConfig {
        timeout_ms: out.bounded_int(opts, "timeoutMs", 0, MAX_TIMEOUT_MS),
        max_retries: out.bounded_int(opts, "maxRetries", 0, MAX_RETRIES_LIMIT),
        has_signal: false,
    };
    match field(opts, "signal") {
        None | Some(Value::Null) => {}
        Some(Value::Object(_)) => config.has_signal = true,
        Some(other) => out.bad_type("signal", "AbortSignal", other),
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

// ---------------------------------------------------------------------------------------
// The collector

struct Out {
    issues: Vec<Issue>,
    /// What the empty path is called in messages ("body", "options", …).
    root: &'static str,
    /// Scan the values of unknown fields for what JSON cannot carry (request bodies, whose
    /// text is sent; not options, which may hold any JS object by mistake).
    scan_unknown: bool,
}

impl Out {
    fn new(root: &'static str) -> Out {
        Out {
            issues: Vec::new(),
            root,
            scan_unknown: root == "body",
        }
    }

    fn push(&mut self, path: &str, code: &'static str, message: String) {
        self.issues.push(Issue {
            path: path.into(),
            code,
            message,
        });
    }

    /// The path as a message names it.
    fn name<'a>(&self, path: &'a str) -> &'a str {
        if path.is_empty() {
            self.root
        } else {
            path
        }
    }

    /// `"<name><rest>"`.
    fn say(&self, path: &str, rest: &str) -> String {
        let mut m = String::from(self.name(path));
        m.push_str(rest);
        m
    }

    fn required(&mut self, path: &str) {
        let m = self.say(path, " is required");
        self.push(path, "required", m);
    }

    /// `v` is not what was expected: a foreign value gets its own code, anything else
    /// `type` ("expected string, got number").
    fn bad_type(&mut self, path: &str, expected: &str, v: &Value) {
        if self.foreign(path, v) {
            return;
        }
        let mut m = String::new();
        if !path.is_empty() {
            m.push_str(path);
            m.push_str(": ");
        }
        m.push_str("expected ");
        m.push_str(expected);
        m.push_str(", got ");
        m.push_str(v.kind());
        self.push(path, "type", m);
    }

    /// Reports a foreign value that has a code of its own (too deep, cyclic, unreadable);
    /// true if it did.
    fn foreign(&mut self, path: &str, v: &Value) -> bool {
        let Value::Foreign(f) = v else {
            return false;
        };
        let (code, m) = match f {
            Foreign::TooDeep => {
                let mut m = self.say(path, " is nested too deeply (more than ");
                m.push_str(&itoa(MAX_DEPTH as u64));
                m.push_str(" levels)");
                ("too_deep", m)
            }
            Foreign::Cycle => (
                "cycle",
                self.say(path, " contains itself (cyclic reference)"),
            ),
            Foreign::Unreadable(why) => {
                let mut m = self.say(path, " could not be read: ");
                m.push_str(clip(why, 200));
                ("unreadable", m)
            }
            Foreign::Undefined | Foreign::Function | Foreign::BigInt | Foreign::Symbol => {
                return false
            }
        };
        self.push(path, code, m);
        true
    }

    fn object<'v>(&mut self, path: &str, v: &'v Value) -> Option<&'v [(String, Value)]> {
        match v {
            Value::Object(m) => Some(m),
            Value::Foreign(Foreign::Undefined) => {
                self.required(path);
                None
            }
            other => {
                self.bad_type(path, "object", other);
                None
            }
        }
    }

    fn expect_str<'v>(&mut self, path: &str, v: &'v Value) -> Option<&'v str> {
        match v {
            Value::String(s) => Some(s),
            other => {
                self.bad_type(path, "string", other);
                None
            }
        }
    }

    fn length(&mut self, path: &str, s: &str, min: usize, max: Option<usize>) {
        // Skip counting when the byte length decides (a code point is 1 to 4 bytes).
        if s.len() >= min.saturating_mul(4) && max.is_none_or(|m| s.len() <= m) {
            return;
        }
        let n = crate::model::code_points(s);
        if n < min {
            let mut m = self.say(path, " must be at least ");
            m.push_str(&itoa(min as u64));
            m.push_str(if min == 1 {
                " character (got "
            } else {
                " characters (got "
            });
            m.push_str(&itoa(n as u64));
            m.push(')');
            self.push(path, "too_short", m);
        }
        if let Some(max) = max.filter(|&max| n > max) {
            let mut m = self.say(path, " must be at most ");
            m.push_str(&itoa(max as u64));
            m.push_str(" characters (got ");
            m.push_str(&itoa(n as u64));
            m.push(')');
            self.push(path, "too_long", m);
        }
    }

    fn string(&mut self, path: &str, v: &Value, min: usize, max: Option<usize>) {
        if let Some(s) = self.expect_str(path, v) {
            self.length(path, s, min, max);
        }
    }

    fn one_of(&mut self, path: &str, v: &Value, allowed: &[&str]) {
        let Some(s) = self.expect_str(path, v) else {
            return;
        };
        if allowed.contains(&s) {
            return;
        }
        let mut m = self.say(
            path,
            if allowed.len() == 1 {
                " must be "
            } else {
                " must be one of "
            },
        );
        for (i, a) in allowed.iter().enumerate() {
            if i > 0 {
                m.push_str(", ");
            }
            write_json_string(a, &mut m);
        }
        self.push(path, "enum", m);
    }

    fn finite_number(&mut self, path: &str, v: &Value) {
        match v {
            Value::Number(n) if number_is_finite(n) => {}
            Value::Number(n) => {
                let mut m = self.say(path, " must be a finite number (got ");
                m.push_str(clip(n, 32));
                m.push(')');
                self.push(path, "not_finite", m);
            }
            other => self.bad_type(path, "number", other),
        }
    }

    /// Reports every member whose name is not in `known` (members set to `undefined`
    /// are absent, as `JSON.stringify` drops them). The message names the full path, and
    /// the suggestion the sibling it probably meant.
    fn unknown_fields(
        &mut self,
        members: &[(String, Value)],
        path: &str,
        known: &[&'static str],
        aliases: &[(&str, &'static str)],
    ) {
        for (k, v) in members {
            if known.contains(&k.as_str()) || matches!(v, Value::Foreign(Foreign::Undefined)) {
                continue;
            }
            let p = child(path, k);
            let mut m = String::from("unknown field `");
            m.push_str(&p);
            m.push('`');
            if let Some(s) = suggest(k, known, aliases) {
                m.push_str("; did you mean `");
                m.push_str(&child(path, s));
                m.push_str("`?");
            }
            self.push(&p, "unknown_field", m);
            if self.scan_unknown {
                self.scan(&p, v, 1);
            }
        }
    }

    /// `tags`: an object of string (≤ 500) or null values.
    fn tags(&mut self, path: &str, v: &Value) {
        self.string_map(path, v, Some(500));
    }

    fn string_map(&mut self, path: &str, v: &Value, max: Option<usize>) {
        let Some(members) = self.object(path, v) else {
            return;
        };
        for (k, x) in members {
            match x {
                // Dropped by `JSON.stringify`, like `undefined`.
                Value::Null
                | Value::Foreign(Foreign::Undefined | Foreign::Function | Foreign::Symbol) => {}
                Value::String(s) => {
                    if max.is_some_and(|max| s.len() > max) {
                        self.length(&child(path, k), s, 0, max);
                    }
                }
                other => self.bad_type(&child(path, k), "string or null", other),
            }
        }
    }

    fn string_array(&mut self, path: &str, v: &Value, max: usize) {
        let Some(items) = (match v {
            Value::Array(a) => Some(a),
            other => {
                self.bad_type(path, "array", other);
                None
            }
        }) else {
            return;
        };
        for (i, x) in items.iter().enumerate() {
            match x {
                Value::String(s) if s.len() <= max => {}
                other => self.string(&index(path, i), other, 0, Some(max)),
            }
        }
    }

    fn schedule(&mut self, v: &Value) {
        let Some(members) = self.object("schedule", v) else {
            return;
        };
        self.unknown_fields(members, "schedule", SCHEDULE_FIELDS, &[]);
        let date_time = field(v, "dateTime");
        let delay = field(v, "delay");
        if let Some(d) = date_time {
            if let Some(s) = self.expect_str("schedule.dateTime", d) {
                self.length("schedule.dateTime", s, 24, Some(28));
                if !is_rfc3339(s) {
                    self.push(
                        "schedule.dateTime",
                        "format",
                        "schedule.dateTime must be an RFC 3339 date-time such as 2024-01-01T00:00:00.000Z".into(),
                    );
                }
            }
        }
        if let Some(d) = delay {
            self.finite_number("schedule.delay", d);
        }
        if date_time.is_none() && delay.is_none() {
            self.push(
                "schedule",
                "required",
                "schedule needs dateTime or delay".into(),
            );
        }
    }

    /// An object checked against a payload shape; keys the shape does not name are
    /// allowed, and only scanned for values JSON cannot carry.
    fn shaped(&mut self, path: &str, v: &Value, shape: &'static [Field], depth: usize) {
        let Some(members) = self.object(path, v) else {
            return;
        };
        for f in shape {
            let p = child(path, f.name);
            match field(v, f.name) {
                None if f.required => self.required(&p),
                None => {}
                Some(x) => self.typed(&p, x, f.ty, depth + 1),
            }
        }
        for (k, x) in members {
            if !shape.iter().any(|f| f.name == k) {
                self.scan(&child(path, k), x, depth + 1);
            }
        }
    }

    fn typed(&mut self, path: &str, v: &Value, ty: Ty, depth: usize) {
        match ty {
            Ty::Str(min) => self.string(path, v, min, None),
            Ty::Num => self.finite_number(path, v),
            Ty::Enum(allowed) => self.one_of(path, v, allowed),
            Ty::Arr(shape) => {
                if let Some(items) = self.array(path, v) {
                    for (i, x) in items.iter().enumerate() {
                        self.shaped(&index(path, i), x, shape, depth + 1);
                    }
                }
            }
            Ty::BlocItems => {
                if let Some(items) = self.array(path, v) {
                    for (i, x) in items.iter().enumerate() {
                        self.bloc_item(&index(path, i), x, depth + 1);
                    }
                }
            }
        }
    }

    fn array<'v>(&mut self, path: &str, v: &'v Value) -> Option<&'v [Value]> {
        match v {
            Value::Array(a) => Some(a),
            other => {
                self.bad_type(path, "array", other);
                None
            }
        }
    }

    fn bloc_item(&mut self, path: &str, v: &Value, depth: usize) {
        let Some(members) = self.object(path, v) else {
            return;
        };
        let type_path = child(path, "type");
        let mut shape = None;
        match field(v, "type") {
            None => self.required(&type_path),
            Some(t) => {
                self.one_of(&type_path, t, BLOC_ITEM_TYPES);
                shape = t.as_str().and_then(bloc_item_shape);
            }
        }
        let payload_path = child(path, "payload");
        match (field(v, "payload"), shape) {
            (None, _) => self.required(&payload_path),
            (Some(p), Some(shape)) => self.shaped(&payload_path, p, shape, depth + 1),
            (Some(p), None) => self.free_object(&payload_path, p, depth + 1),
        }
        for (k, x) in members {
            if k != "type" && k != "payload" {
                self.scan(&child(path, k), x, depth + 1);
            }
        }
    }

    /// Any object (a payload of a custom type).
    fn free_object(&mut self, path: &str, v: &Value, depth: usize) {
        if self.object(path, v).is_some() {
            self.scan(path, v, depth);
        }
    }

    /// Walks free-form data for what JSON cannot carry: too deep, cyclic, unreadable,
    /// bigint. `undefined`, functions and symbols are dropped by `JSON.stringify`, so they
    /// pass. Recursion stops at [`MAX_DEPTH`].
    fn scan(&mut self, path: &str, v: &Value, depth: usize) {
        match v {
            Value::Foreign(Foreign::BigInt) => self.bad_type(path, "a JSON value", v),
            Value::Foreign(_) => {
                self.foreign(path, v);
            }
            Value::Array(_) | Value::Object(_) if depth >= MAX_DEPTH => {
                self.foreign(path, &Value::Foreign(Foreign::TooDeep));
            }
            Value::Array(a) => {
                for (i, x) in a.iter().enumerate() {
                    if needs_scan(x) {
                        self.scan(&index(path, i), x, depth + 1);
                    }
                }
            }
            Value::Object(m) => {
                for (k, x) in m {
                    if needs_scan(x) {
                        self.scan(&child(path, k), x, depth + 1);
                    }
                }
            }
            Value::Null | Value::Bool(_) | Value::Number(_) | Value::String(_) => {}
        }
    }

    fn lenient(&mut self, obj: &Value, path: &str, name: &str, required: bool, ty: Lenient) {
        let p = child(path, name);
        let v = match field(obj, name) {
            None => {
                if required {
                    self.required(&p);
                }
                return;
            }
            Some(Value::Null) if !required => return,
            Some(v) => v,
        };
        match (ty, v) {
            (Lenient::Str, Value::String(_))
            | (Lenient::Num, Value::Number(_))
            | (Lenient::Obj, Value::Object(_)) => {}
            (Lenient::Tags, Value::Object(m)) => {
                for (k, x) in m {
                    if !matches!(x, Value::String(_) | Value::Null) {
                        self.bad_type(&child(&p, k), "string", x);
                    }
                }
            }
            (Lenient::Str, _) => self.bad_type(&p, "string", v),
            (Lenient::Num, _) => self.bad_type(&p, "number", v),
            (Lenient::Obj | Lenient::Tags, _) => self.bad_type(&p, "object", v),
        }
    }

    fn meta(&mut self, body: &Value) {
        let Some(meta) = field(body, "meta") else {
            return;
        };
        if matches!(meta, Value::Null) {
            return;
        }
        if self.object("meta", meta).is_some() {
            match field(meta, "created") {
                None | Some(Value::Bool(_) | Value::Null) => {}
                Some(other) => self.bad_type("meta.created", "boolean", other),
            }
        }
    }

    /// A string option that becomes a header value: non-empty, no CR/LF/NUL, Latin-1.
    fn header_string(&mut self, opts: &Value, name: &str, required: bool) -> Option<String> {
        let Some(v) = field(opts, name) else {
            if required {
                self.required(name);
            }
            return None;
        };
        let s = self.expect_str(name, v)?;
        if s.is_empty() {
            let m = self.say(name, " must not be empty");
            self.push(name, "empty", m);
            return None;
        }
        if let Some(issue) = header_value_issue(name, s) {
            self.issues.push(issue);
            return None;
        }
        Some(s.into())
    }

    fn extra_header(&mut self, name: &str, value: &Value) -> Option<(String, String)> {
        if matches!(value, Value::Foreign(Foreign::Undefined)) {
            return None;
        }
        let path = child("headers", name);
        let lower = name.to_ascii_lowercase();
        let mut ok = true;
        if !is_token(name) {
            let mut m = path.clone();
            m.push_str(" is not a valid header name (an RFC 7230 token)");
            self.push(&path, "format", m);
            ok = false;
        } else if RESERVED_HEADERS.contains(&lower.as_str()) {
            let mut m = path.clone();
            m.push_str(" is set by the client and cannot be overridden");
            self.push(&path, "reserved", m);
            ok = false;
        }
        let value = self.expect_str(&path, value)?;
        if let Some(issue) = header_value_issue(&path, value) {
            self.issues.push(issue);
            return None;
        }
        if ok && is_forbidden_header(&lower, value) {
            // Refused up front: fetch would fail every attempt (a retried NetworkError) or
            // wait for a body that never comes (content-length), or drop it silently.
            let mut m = path.clone();
            m.push_str(" is a forbidden request header: fetch sets or refuses it");
            self.push(&path, "reserved", m);
            ok = false;
        }
        ok.then(|| (lower, value.into()))
    }

    /// An optional integer option within `min..=max`.
    fn bounded_int(&mut self, opts: &Value, name: &str, min: u32, max: u32) -> Option<u32> {
        let v = field(opts, name)?;
        let Value::Number(lexeme) = v else {
            self.bad_type(name, "integer", v);
            return None;
        };
        let code = match classify_int(lexeme) {
            Int::Val(n) if n >= u64::from(min) && n <= u64::from(max) => {
                return u32::try_from(n).ok()
            }
            Int::Val(_) | Int::Negative | Int::Huge | Int::Infinite => "range",
            Int::Fraction | Int::NotANumber => "type",
        };
        let mut m = self.say(name, " must be an integer from ");
        m.push_str(&itoa(u64::from(min)));
        m.push_str(" to ");
        m.push_str(&itoa(u64::from(max)));
        m.push_str(" (got ");
        m.push_str(clip(lexeme, 32));
        m.push(')');
        self.push(name, code, m);
        None
    }
}

/// The last member `name` of an object, unless it is `undefined` (absent, as
/// `JSON.stringify` would have it).
fn field<'v>(obj: &'v Value, name: &str) -> Option<&'v Value> {
    obj.get(name)
        .filter(|v| !matches!(v, Value::Foreign(Foreign::Undefined)))
}

/// Could the free-form scan find anything in `v`?
fn needs_scan(v: &Value) -> bool {
    matches!(v, Value::Array(_) | Value::Object(_) | Value::Foreign(_))
}

/// `path.key`, or `path["key"]` when the key is not a plain identifier.
fn child(path: &str, key: &str) -> String {
    let mut p = String::with_capacity(path.len() + key.len() + 1);
    p.push_str(path);
    let mut chars = key.chars();
    let ident = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$');
    if ident {
        if !path.is_empty() {
            p.push('.');
        }
        p.push_str(key);
    } else {
        p.push('[');
        write_json_string(key, &mut p);
        p.push(']');
    }
    p
}

/// `path[i]`.
fn index(path: &str, i: usize) -> String {
    let mut p = String::from(path);
    p.push('[');
    p.push_str(&itoa(i as u64));
    p.push(']');
    p
}

/// At most `max` characters of `s` (for echoing caller data in messages).
fn clip(s: &str, max: usize) -> &str {
    match s.char_indices().nth(max) {
        Some((i, _)) => s.get(..i).unwrap_or(s),
        None => s,
    }
}

/// The known name closest to `key`: an alias, a case-insensitive match, or one within
/// Levenshtein distance 2.
fn suggest(
    key: &str,
    known: &[&'static str],
    aliases: &[(&str, &'static str)],
) -> Option<&'static str> {
    if let Some((_, to)) = aliases.iter().find(|(a, _)| a.eq_ignore_ascii_case(key)) {
        return Some(to);
    }
    let mut best: Option<(usize, &'static str)> = None;
    for &name in known {
        let d = if name.eq_ignore_ascii_case(key) {
            0
        } else {
            levenshtein_within(key, name, 2)
        };
        if d <= 2 && best.is_none_or(|(b, _)| d < b) {
            best = Some((d, name));
        }
    }
    best.map(|(_, n)| n)
}

/// Levenshtein distance in code points, or `limit + 1` when it is certainly above `limit`.
fn levenshtein_within(a: &str, b: &str, limit: usize) -> usize {
    let (la, lb) = (crate::model::code_points(a), crate::model::code_points(b));
    if la.abs_diff(lb) > limit {
        return limit + 1;
    }
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row.first().copied().unwrap_or(0); // row[i-1][j-1]
        if let Some(first) = row.first_mut() {
            *first = i + 1;
        }
        for (j, &cb) in b.iter().enumerate() {
            let up = row.get(j + 1).copied().unwrap_or(0);
            let left = row.get(j).copied().unwrap_or(0);
            let d = (prev + usize::from(ca != cb)).min(up + 1).min(left + 1);
            prev = up;
            if let Some(cell) = row.get_mut(j + 1) {
                *cell = d;
            }
        }
    }
    row.last().copied().unwrap_or(0).min(limit + 1)
}

/// An RFC 7230 token (a valid header name).
fn is_token(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

enum Int {
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
fn classify_int(lexeme: &str) -> Int {
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

/// Checks a base URL and returns it without trailing slashes, or why it is refused.
fn check_base_url(s: &str) -> Result<String, &'static str> {
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

fn is_loopback(host: &str) -> bool {
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

/// RFC 3339 `date-time`: `YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)`, `T` and `Z` in either
/// case, real calendar dates, and a leap second only at 23:59:60 UTC.
fn is_rfc3339(s: &str) -> bool {
    let b = s.as_bytes();
    let num = |from: usize, len: usize| -> Option<u32> {
        let part = b.get(from..from + len)?;
        part.iter().try_fold(0u32, |n, &d| {
            d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
        })
    };
    let at = |i: usize, c: &[u8]| b.get(i).is_some_and(|x| c.contains(x));
    let (Some(year), Some(month), Some(day), Some(hour), Some(min), Some(sec)) = (
        num(0, 4),
        num(5, 2),
        num(8, 2),
        num(11, 2),
        num(14, 2),
        num(17, 2),
    ) else {
        return false;
    };
    if !(at(4, b"-") && at(7, b"-") && at(10, b"Tt") && at(13, b":") && at(16, b":")) {
        return false;
    }
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    if day < 1 || day > days || hour > 23 || min > 59 || sec > 60 {
        return false;
    }
    let mut i = 19;
    if at(i, b".") {
        let digits = b
            .get(i + 1..)
            .unwrap_or(&[])
            .iter()
            .take_while(|d| d.is_ascii_digit())
            .count();
        if digits == 0 {
            return false;
        }
        i += 1 + digits;
    }
    // Offset in minutes east of UTC.
    let offset: i64 = if at(i, b"Zz") && b.len() == i + 1 {
        0
    } else if at(i, b"+-") && b.len() == i + 6 && at(i + 3, b":") {
        let (Some(oh), Some(om)) = (num(i + 1, 2), num(i + 4, 2)) else {
            return false;
        };
        if oh > 23 || om > 59 {
            return false;
        }
        let o = i64::from(oh * 60 + om);
        if at(i, b"-") {
            -o
        } else {
            o
        }
    } else {
        return false;
    };
    if sec == 60 {
        let utc = (i64::from(hour * 60 + min) - offset).rem_euclid(24 * 60);
        return utc == 23 * 60 + 59;
    }
    true
}
