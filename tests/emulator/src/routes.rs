//! Routing: CORS preflight, the control endpoints, the API, static files.

use crate::faults::{self, Fault};
use crate::http::{Head, Response};
use crate::json::{self, Obj};
use crate::statics::{self, Lookup};
use crate::store::Outcome;
use crate::{ids, schema, Action, Server};
use botpress_chat_wasm::model::Value;

pub const CONVERSATIONS: &str = "/v1/chat/conversations/get-or-create";
pub const MESSAGES: &str = "/v1/chat/messages/get-or-create";
const CONTROL: &str = "/__emulator";

const EXPOSE: &str =
    "x-request-id, retry-after, ratelimit-reset, x-ratelimit-reset, retry-after-ms";
const ALLOW_METHODS: &str = "GET, POST, DELETE, OPTIONS";
const ALLOW_HEADERS: &str =
    "authorization, content-type, x-bot-id, x-integration-id, x-integration-alias, x-user-key";

/// An API error body: exactly `{id, code, type, message}`.
pub fn error_json(status: u16, kind: &str, message: &str) -> String {
    Obj::new()
        .str("id", &ids::error_id())
        .num("code", status)
        .str("type", kind)
        .str("message", message)
        .finish()
}

pub fn error(status: u16, kind: &str, message: &str) -> Response {
    Response::json(status, error_json(status, kind, message))
}

/// Adds what every response carries (unless a fault set it already): a request id and CORS.
pub fn finish(resp: &mut Response) {
    let defaults = [
        ("x-request-id", {
            let mut s = String::from("req_");
            s.push_str(&ids::ulid());
            s
        }),
        ("access-control-allow-origin", "*".to_string()),
        ("access-control-expose-headers", EXPOSE.to_string()),
    ];
    for (k, v) in defaults {
        if resp.header(k).is_none() {
            resp.headers.push((k.to_string(), v));
        }
    }
}

pub(crate) fn handle(server: &Server, head: &Head, body: &[u8]) -> Action {
    if head.method == "OPTIONS" {
        return Action::Respond(preflight(head));
    }
    let path = head.path.as_str();
    if path == CONTROL || path.starts_with("/__emulator/") {
        return Action::Respond(control(server, head, body));
    }
    if path == "/v1" || path.starts_with("/v1/") {
        return api(server, head, body);
    }
    Action::Respond(static_file(server, head))
}

fn preflight(head: &Head) -> Response {
    let mut r = Response::new(204, "", "");
    r.set_header("access-control-allow-methods", ALLOW_METHODS);
    // Echo the requested headers when they are plain header names.
    let requested = head
        .header("access-control-request-headers")
        .filter(|h| {
            !h.trim().is_empty()
                && h.bytes().all(|b| {
                    b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b',' || b == b' '
                })
        })
        .unwrap_or(ALLOW_HEADERS);
    r.set_header("access-control-allow-headers", requested);
    r.set_header("access-control-max-age", "600");
    if head
        .header("access-control-request-private-network")
        .is_some_and(|v| v.eq_ignore_ascii_case("true"))
    {
        r.set_header("access-control-allow-private-network", "true");
    }
    r
}

// ---------------------------------------------------------------------------------------
// API

fn log_entry(head: &Head, body: &[u8]) -> String {
    // Repeated headers are joined with ", " as fetch's Headers does.
    let mut merged: Vec<(String, String)> = Vec::new();
    for (k, v) in &head.headers {
        match merged.iter_mut().find(|(mk, _)| mk == k) {
            Some((_, mv)) => {
                mv.push_str(", ");
                mv.push_str(v);
            }
            None => merged.push((k.clone(), v.clone())),
        }
    }
    let headers = merged
        .iter()
        .fold(Obj::new(), |o, (k, v)| o.str(k, v))
        .finish();
    let mut o = Obj::new()
        .str("method", &head.method)
        .str("path", &head.path);
    if let Some(q) = head.target.split_once('?').map(|(_, q)| q) {
        o = o.str("query", q);
    }
    o.raw("headers", &headers)
        .str("body", &String::from_utf8_lossy(body))
        .finish()
}

fn api(server: &Server, head: &Head, body: &[u8]) -> Action {
    let fault = {
        let mut st = server.state();
        st.stats.requests += 1;
        st.push_log(log_entry(head, body));
        let mut f = st.take_fault(&head.path);
        if f.is_none() {
            f = st.chaos.as_mut().and_then(|c| c.roll());
        }
        if f.is_some() {
            st.stats.faults += 1;
        }
        f
    };
    if let Some(f) = fault {
        if f.delay_ms > 0 {
            server.sleep_ms(f.delay_ms);
        }
        if f.hang {
            return Action::Hang;
        }
        if f.drop {
            return Action::Drop;
        }
        if let Some(status) = f.status {
            return Action::Respond(fault_response(&f, status));
        }
    }
    Action::Respond(api_call(server, head, body))
}

fn fault_response(f: &Fault, status: u16) -> Response {
    let mut r = match &f.body {
        Some(b) => {
            let ct = if b.trim_start().starts_with('<') {
                "text/html; charset=utf-8"
            } else {
                "application/json"
            };
            Response::new(status, ct, b.as_bytes())
        }
        None if status >= 400 => error(
            status,
            faults::type_for_status(status),
            "Injected fault (emulator)",
        ),
        None => Response::new(status, "", ""),
    };
    for (k, v) in &f.headers {
        r.set_header(k, v);
    }
    r
}

fn bearer_ok(head: &Head) -> bool {
    head.header("authorization")
        .and_then(|v| v.split_once(' '))
        .is_some_and(|(scheme, token)| {
            scheme.eq_ignore_ascii_case("bearer") && !token.trim().is_empty()
        })
}

/// `"path: message; path: message"`. A message that already starts with its path is not
/// prefixed again.
/// Schema issues as `path: message; path: message` (the root's without a path).
fn describe_schema_issues(issues: &[(String, String)]) -> String {
    let mut s = String::new();
    for (i, (path, message)) in issues.iter().enumerate() {
        if i > 0 {
            s.push_str("; ");
        }
        if !path.is_empty() {
            s.push_str(path);
            s.push_str(": ");
        }
        s.push_str(message);
    }
    s
}

fn api_call(server: &Server, head: &Head, body: &[u8]) -> Response {
    let conversation = match head.path.as_str() {
        CONVERSATIONS => true,
        MESSAGES => false,
        _ => {
            return error(
                404,
                "ResourceNotFound",
                &format!("No API route {} {}", head.method, head.path),
            )
        }
    };
    if head.method != "POST" {
        let mut r = error(
            405,
            "MethodNotFound",
            &format!("Method {} is not allowed on {}", head.method, head.path),
        );
        r.set_header("allow", "POST, OPTIONS");
        return r;
    }
    if !bearer_ok(head) {
        return error(
            401,
            "Unauthorized",
            "Authentication required: send an 'Authorization: Bearer <token>' header",
        );
    }
    let Some(bot) = head
        .header("x-bot-id")
        .map(str::trim)
        .filter(|b| !b.is_empty())
    else {
        return error(400, "InvalidPayload", "Missing required header x-bot-id");
    };
    let Ok(text) = std::str::from_utf8(body) else {
        return error(400, "InvalidPayload", "Request body is not valid UTF-8");
    };
    let value = match Value::parse_owned(text) {
        Ok(v) => v,
        Err(e) => {
            return error(
                400,
                "InvalidPayload",
                &format!("Request body is not valid JSON: {}", e.describe()),
            )
        }
    };
    // Checked against the official schemas by an independent validator (schema.rs), never
    // by the crate's own validation: agreement tests must be able to catch its bugs.
    let json = match schema::parse(text) {
        Ok(j) => j,
        Err(e) => {
            return error(
                400,
                "InvalidPayload",
                &format!("Request body is not valid JSON: {e}"),
            )
        }
    };
    let issues = schema::check(conversation, &json);
    if !issues.is_empty() {
        return error(400, "InvalidPayload", &describe_schema_issues(&issues));
    }
    let now = ids::now_ms();
    let outcome = {
        let mut st = server.state();
        let o = if conversation {
            st.store.get_or_create_conversation(bot, &value, now)
        } else {
            st.store.get_or_create_message(bot, &value, now)
        };
        match &o {
            Outcome::Done { created: true, .. } => st.stats.created += 1,
            Outcome::Done { created: false, .. } => st.stats.found += 1,
            _ => {}
        }
        o
    };
    match outcome {
        Outcome::Done { body, .. } => Response::json(200, body),
        Outcome::NotFound(m) => error(404, "ResourceNotFound", &m),
        Outcome::Invalid(m) => error(400, "InvalidPayload", &m),
    }
}

// ---------------------------------------------------------------------------------------
// Control

fn ok_json() -> Response {
    Response::json(200, "{\"ok\":true}")
}

fn control(server: &Server, head: &Head, body: &[u8]) -> Response {
    let sub = &head.path[CONTROL.len()..];
    let method = if head.method == "HEAD" {
        "GET"
    } else {
        head.method.as_str()
    };
    let text = String::from_utf8_lossy(body);
    let resp = match (method, sub) {
        ("GET", "/health") => Some(Response::new(200, "text/plain; charset=utf-8", "ok")),
        ("POST", "/faults") => Some(match faults::parse_faults(&text) {
            Ok(list) => {
                let mut st = server.state();
                let added = list.len();
                st.faults.extend(list);
                let pending = st.faults.len();
                Response::json(
                    200,
                    Obj::new()
                        .num("queued", added)
                        .num("pending", pending)
                        .finish(),
                )
            }
            Err(m) => error(400, "InvalidPayload", &m),
        }),
        ("GET", "/faults") => {
            let st = server.state();
            let list: Vec<Fault> = st.faults.iter().cloned().collect();
            Some(Response::json(200, faults::list_json(&list)))
        }
        ("DELETE", "/faults") => {
            server.state().faults.clear();
            Some(ok_json())
        }
        ("GET", "/requests") => {
            let st = server.state();
            Some(Response::json(200, json::array(st.log.iter().cloned())))
        }
        ("DELETE", "/requests") => {
            server.state().log.clear();
            Some(ok_json())
        }
        ("POST", "/chaos") => Some(match faults::Chaos::parse(&text, ids::random_u64()) {
            Ok(c) => {
                let out = c.to_json();
                server.state().chaos = if c.rate > 0.0 { Some(c) } else { None };
                Response::json(200, out)
            }
            Err(m) => error(400, "InvalidPayload", &m),
        }),
        ("GET", "/chaos") => {
            let st = server.state();
            let out = match &st.chaos {
                Some(c) => c.to_json(),
                None => "{\"rate\":0}".to_string(),
            };
            Some(Response::json(200, out))
        }
        ("GET", "/stats") => {
            let st = server.state();
            let s = st.stats;
            Some(Response::json(
                200,
                Obj::new()
                    .num("requests", s.requests)
                    .num("faults", s.faults)
                    .num("created", s.created)
                    .num("found", s.found)
                    .num("conversations", st.store.conversation_count())
                    .num("messages", st.store.message_count())
                    .num("pendingFaults", st.faults.len())
                    .finish(),
            ))
        }
        ("POST", "/reset") => {
            server.state().reset();
            Some(ok_json())
        }
        _ => None,
    };
    if let Some(r) = resp {
        return r;
    }
    const KNOWN: [&str; 6] = [
        "/health",
        "/faults",
        "/requests",
        "/chaos",
        "/stats",
        "/reset",
    ];
    if KNOWN.contains(&sub) {
        return error(
            405,
            "MethodNotFound",
            &format!("Method {} is not allowed on {}", head.method, head.path),
        );
    }
    error(
        404,
        "ResourceNotFound",
        &format!("No control endpoint {}", head.path),
    )
}

// ---------------------------------------------------------------------------------------
// Static files

fn static_file(server: &Server, head: &Head) -> Response {
    let not_found = || {
        error(
            404,
            "ResourceNotFound",
            &format!("Not found: {}", head.path),
        )
    };
    let path = head.path.as_str();
    let (root, rel) = if let (Some(pkg), Some(rel)) = (&server.pkg, path.strip_prefix("/pkg/")) {
        (pkg, rel)
    } else if let Some(www) = &server.www {
        (www, path.strip_prefix('/').unwrap_or(path))
    } else {
        return not_found();
    };
    if head.method != "GET" && head.method != "HEAD" {
        let mut r = error(
            405,
            "MethodNotFound",
            &format!("Method {} is not allowed on {}", head.method, head.path),
        );
        r.set_header("allow", "GET, HEAD, OPTIONS");
        return r;
    }
    match statics::lookup(root, rel) {
        Lookup::Found { path, bytes } => {
            let mut r = Response::new(200, statics::content_type(&path), bytes);
            r.set_header("cache-control", "no-store");
            r
        }
        Lookup::Rejected => error(403, "Forbidden", "Path not allowed"),
        Lookup::NotFound => not_found(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issue_lists() {
        let issues = [
            (String::new(), "want object, but got array".to_string()),
            (
                "tags.a".to_string(),
                "want string or null, but got number".to_string(),
            ),
            (
                "userId".to_string(),
                "length must be >=28, but got 5".to_string(),
            ),
        ];
        assert_eq!(
            describe_schema_issues(&issues),
            "want object, but got array; tags.a: want string or null, but got number; \
             userId: length must be >=28, but got 5"
        );
    }
}
