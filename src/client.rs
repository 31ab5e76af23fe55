//! A call: options and body read and validated up front, then the transport, then the
//! response checked and handed back (wasm32 only; the exports live in `bindings.rs`).

use std::rc::Rc;

use js_sys::{Object, Promise, Reflect};
use wasm_bindgen::prelude::*;

use crate::error::Error;
use crate::js_error::to_js_error;
use crate::js_read::{json_parse, read_body, walk, Mode, Walk};
use crate::model::Json;
use crate::transport::{self, get, thrown_message, Request};
use crate::validate::{self, ClientConfig, Issue};

fn set(target: &JsValue, key: &str, value: &JsValue) {
    let _ = Reflect::set(target, &JsValue::from_str(key), value);
}

/// The body's JSON text (a JS string) and its issues. Validation reports JS-only values
/// (bigint, cycles, throwing getters, …) wherever they sit, free-form payloads included.
pub fn check_body(endpoint: Endpoint, body: &JsValue) -> (JsValue, Vec<Issue>) {
    read_body(
        body,
        match endpoint {
            Endpoint::Conversation => validate::get_or_create_conversation,
            Endpoint::Message => validate::get_or_create_message,
        },
    )
}

#[derive(Clone, Copy)]
pub enum Endpoint {
    Conversation,
    Message,
}

impl Endpoint {
    fn path(self) -> &'static str {
        match self {
            Endpoint::Conversation => "/v1/chat/conversations/get-or-create",
            Endpoint::Message => "/v1/chat/messages/get-or-create",
        }
    }
    fn context(self) -> &'static str {
        match self {
            Endpoint::Conversation => "getOrCreateConversation body",
            Endpoint::Message => "getOrCreateMessage body",
        }
    }
    fn check_response(self, v: &Json<'_>) -> Vec<Issue> {
        match self {
            Endpoint::Conversation => validate::conversation_response(v),
            Endpoint::Message => validate::message_response(v),
        }
    }
}

pub struct Inner {
    cfg: ClientConfig,
    /// The injected fetch, or undefined for the global one (looked up at call time).
    fetch: JsValue,
    /// The request headers, built once; each attempt hands fetch a copy of its own.
    headers: JsValue,
    /// The two endpoints' URLs as JS strings, built once (not decoded out of wasm per call).
    urls: [JsValue; 2],
}

pub fn build_inner(options: &JsValue) -> Result<Inner, Error> {
    let value = walk(options, Mode::Options, &mut Walk::new());
    let cfg = validate::client_options(&value).map_err(|issues| Error::Validation {
        context: "client options",
        issues,
    })?;
    let fetch = if cfg.has_fetch {
        get(options, "fetch")
    } else {
        JsValue::UNDEFINED
    };
    if cfg.has_fetch && !fetch.is_function() {
        let issue = Issue {
            path: String::from("fetch"),
            code: "type",
            message: String::from("fetch must be a function"),
        };
        return Err(Error::Validation {
            context: "client options",
            issues: vec![issue],
        });
    }
    let headers = Object::new();
    for (name, value) in &cfg.headers {
        set(&headers, name, &JsValue::from_str(value));
    }
    let mut auth = String::from("Bearer ");
    auth.push_str(&cfg.token);
    set(&headers, "authorization", &JsValue::from_str(&auth));
    set(&headers, "x-bot-id", &JsValue::from_str(&cfg.bot_id));
    if let Some(id) = &cfg.integration_id {
        set(&headers, "x-integration-id", &JsValue::from_str(id));
    }
    if let Some(alias) = &cfg.integration_alias {
        set(&headers, "x-integration-alias", &JsValue::from_str(alias));
    }
    set(
        &headers,
        "content-type",
        &JsValue::from_str("application/json"),
    );
    let url = |endpoint: Endpoint| {
        let mut url = cfg.base_url.clone();
        url.push_str(endpoint.path());
        JsValue::from_str(&url)
    };
    let urls = [url(Endpoint::Conversation), url(Endpoint::Message)];
    Ok(Inner {
        cfg,
        fetch,
        headers: headers.into(),
        urls,
    })
}

/// Validates now (so a later change to `body` cannot matter and nothing is sent when it is
/// invalid), then sends in the returned promise.
pub fn call(inner: Rc<Inner>, endpoint: Endpoint, body: &JsValue, opts: &JsValue) -> Promise {
    let token = inner.cfg.token.clone();
    let reject =
        |e: Error, cause: Option<JsValue>| Promise::reject(&to_js_error(&e, cause, &token));
    let req_value = walk(opts, Mode::Options, &mut Walk::new());
    let req_cfg = match validate::request_options(&req_value) {
        Ok(c) => c,
        Err(issues) => {
            return reject(
                Error::Validation {
                    context: "request options",
                    issues,
                },
                None,
            )
        }
    };
    let signal = if req_cfg.has_signal {
        get(opts, "signal")
    } else {
        JsValue::UNDEFINED
    };
    if req_cfg.has_signal && !get(&signal, "addEventListener").is_function() {
        let issue = Issue {
            path: String::from("signal"),
            code: "type",
            message: String::from("signal must be an AbortSignal"),
        };
        return reject(
            Error::Validation {
                context: "request options",
                issues: vec![issue],
            },
            None,
        );
    }
    let (body, issues) = check_body(endpoint, body);
    if !issues.is_empty() {
        return reject(
            Error::Validation {
                context: endpoint.context(),
                issues,
            },
            None,
        );
    }
    wasm_bindgen_futures::future_to_promise(async move {
        let fetch = if inner.fetch.is_undefined() {
            get(&js_sys::global(), "fetch")
        } else {
            inner.fetch.clone()
        };
        if !fetch.is_function() {
            let e = Error::Network {
                message: String::from("no global fetch in this runtime; pass options.fetch"),
            };
            return Err(to_js_error(&e, None, &inner.cfg.token));
        }
        let url = match endpoint {
            Endpoint::Conversation => &inner.urls[0],
            Endpoint::Message => &inner.urls[1],
        };
        let req = Request {
            fetch: &fetch,
            url,
            headers: &inner.headers,
            body: &body,
            timeout_ms: req_cfg.timeout_ms.unwrap_or(inner.cfg.timeout_ms),
            max_retries: req_cfg.max_retries.unwrap_or(inner.cfg.max_retries),
            signal: &signal,
            token: &inner.cfg.token,
            injected: !inner.fetch.is_undefined(),
            max_response_bytes: inner.cfg.max_response_bytes,
        };
        let ok = transport::send(&req)
            .await
            .map_err(|(e, cause)| to_js_error(&e, cause, &inner.cfg.token))?;
        decode(endpoint, ok.status, &ok.body, &ok.text)
            .map_err(|e| to_js_error(&e, None, &inner.cfg.token))
    })
}

/// Checks a 2xx body against the response schema (leniently) and returns it parsed by the
/// host's `JSON.parse` from the original JS string `js_text` (no copy back out of wasm).
fn decode(
    endpoint: Endpoint,
    status: u16,
    text: &str,
    js_text: &JsValue,
) -> Result<JsValue, Error> {
    // The lenient check reads three levels (`message.tags.x`); the echoed payload below is
    // only skimmed here, then parsed once by the host's JSON.parse.
    let issues = match Json::parse_to_depth(text, 3) {
        Ok(v) => endpoint.check_response(&v),
        Err(e) => {
            let mut message = String::from("the body is not JSON: ");
            message.push_str(&e.describe());
            vec![Issue {
                path: String::new(),
                code: "format",
                message,
            }]
        }
    };
    if !issues.is_empty() {
        return Err(Error::InvalidResponse { status, issues });
    }
    json_parse(js_text).map_err(|e| {
        let issue = Issue {
            path: String::new(),
            code: "format",
            message: thrown_message(&e),
        };
        Error::InvalidResponse {
            status,
            issues: vec![issue],
        }
    })
}

pub fn one_shot(options: &JsValue, endpoint: Endpoint, body: &JsValue, opts: &JsValue) -> Promise {
    match build_inner(options) {
        Ok(inner) => call(Rc::new(inner), endpoint, body, opts),
        Err(e) => Promise::reject(&to_js_error(&e, None, "")),
    }
}
