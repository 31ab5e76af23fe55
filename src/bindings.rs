//! Every `#[wasm_bindgen]` export, the bridge to the JS error classes, and reading JS values.
//!
//! Every export is `skip_typescript`: the whole public surface is declared by hand in
//! `typings.rs` (generic message signatures, error classes), next to the types tsify
//! generates from the models.
//!
//! Bodies are read with the host's `JSON.stringify` (one string crosses into wasm, and that
//! very text is what gets sent once it validates). When `JSON.stringify` throws (a cycle, a
//! BigInt, a getter or Proxy trap that throws, absurd depth), a defensive walker reads the
//! value instead, so the issues can name the field at fault.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Array, Function, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;

use crate::error::{redact, redact_value, Error};
use crate::model::value::write_json_string;
use crate::model::value::MAX_DEPTH;
use crate::model::{find_sub, Foreign, Value};
use crate::transport::{self, get, thrown_message, Request};
use crate::validate::{self, ClientConfig, Issue};

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = JSON, js_name = stringify)]
    fn json_stringify(v: &JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_namespace = JSON, js_name = parse)]
    fn json_parse(text: &JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_namespace = Object, js_name = keys)]
    fn object_keys(v: &JsValue) -> Result<Array, JsValue>;
    #[wasm_bindgen(catch, js_namespace = Object, js_name = getOwnPropertyNames)]
    fn own_property_names(v: &JsValue) -> Result<Array, JsValue>;
    #[wasm_bindgen(catch, js_namespace = ["Object", "prototype", "toString"], js_name = call)]
    fn object_tag(v: &JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_namespace = Array, js_name = isArray)]
    fn is_array(v: &JsValue) -> Result<bool, JsValue>;
    #[wasm_bindgen(catch, js_namespace = Reflect, js_name = ownKeys)]
    fn own_keys(v: &JsValue) -> Result<Array, JsValue>;
    #[wasm_bindgen(catch, js_namespace = Reflect, js_name = getOwnPropertyDescriptor)]
    fn own_descriptor(v: &JsValue, key: &JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_namespace = Reflect, js_name = getPrototypeOf)]
    fn prototype_of(v: &JsValue) -> Result<JsValue, JsValue>;
}

// ---------------------------------------------------------------------------------------
// Error classes. The package entry defines them in JS (real classes: `instanceof`, stack,
// `name`) and registers them once at load; without registration (the raw glue, a test),
// errors are plain `Error`s with the same `name`, `code` and fields.

thread_local! {
    static ERROR_CLASSES: RefCell<Option<JsValue>> = const { RefCell::new(None) };
}

#[wasm_bindgen(js_name = "__registerErrorClasses", skip_typescript)]
pub fn register_error_classes(classes: JsValue) {
    ERROR_CLASSES.with(|c| *c.borrow_mut() = Some(classes));
}

fn set(target: &JsValue, key: &str, value: &JsValue) {
    let _ = Reflect::set(target, &JsValue::from_str(key), value);
}

fn opt_str(s: &Option<String>, token: &str) -> JsValue {
    s.as_deref()
        .map_or(JsValue::UNDEFINED, |s| JsValue::from_str(&redact(s, token)))
}

/// Issues as plain `{path, code, message}` objects, the token scrubbed from path and message
/// (an unknown key, or a getter's thrown message, could hold it).
fn issues_to_js(issues: &[Issue], token: &str) -> Array {
    let out = Array::new();
    for i in issues {
        let o = Object::new();
        set(&o, "path", &JsValue::from_str(&redact(&i.path, token)));
        set(&o, "code", &JsValue::from_str(i.code));
        set(
            &o,
            "message",
            &JsValue::from_str(&redact(&i.message, token)),
        );
        out.push(&o);
    }
    out
}

/// Builds the JS error for `e`. `cause` is the thrown value (network) or the signal's reason
/// (abort). The token is scrubbed from the message and every string field, and a cause
/// that mentions it is replaced by a scrubbed copy.
fn to_js_error(e: &Error, cause: Option<JsValue>, token: &str) -> JsValue {
    let message = redact(&e.message(), token);
    let fields = Object::new();
    match e {
        Error::Validation { issues, .. } => set(&fields, "issues", &issues_to_js(issues, token)),
        Error::Api(a) => {
            set(&fields, "status", &JsValue::from(a.status));
            set(&fields, "type", &JsValue::from_str(&redact(&a.kind, token)));
            set(&fields, "id", &opt_str(&a.id, token));
            let metadata = a
                .metadata
                .as_ref()
                .map(|m| js_sys::JSON::parse(&redact_value(m, token).to_json()));
            set(
                &fields,
                "metadata",
                &metadata.and_then(Result::ok).unwrap_or(JsValue::UNDEFINED),
            );
            set(&fields, "requestId", &opt_str(&a.request_id, token));
            set(&fields, "retryable", &JsValue::from_bool(a.retryable));
        }
        Error::Timeout { timeout_ms } => set(&fields, "timeoutMs", &JsValue::from(*timeout_ms)),
        Error::InvalidResponse { status, issues } => {
            set(&fields, "status", &JsValue::from(*status));
            set(&fields, "issues", &issues_to_js(issues, token));
        }
        Error::Network { .. } | Error::Aborted => {}
    }
    if let Some(cause) = cause {
        let cause = match e {
            // What fetch threw: a fetch wrapper's error may hold the request (a Request, its
            // Headers, a config object) where no check can see the token. Always a copy.
            Error::Network { .. } => scrub(&cause, token, 0, &mut 64),
            // The caller's own abort reason: kept as is unless it might lead to the token.
            _ if may_reveal(&cause, token, 0, &mut 10_000) => scrub(&cause, token, 0, &mut 64),
            _ => cause,
        };
        set(&fields, "cause", &cause);
    }
    let class = ERROR_CLASSES.with(|c| c.borrow().as_ref().map(|classes| get(classes, e.name())));
    if let Some(class) = class.and_then(|c| c.dyn_into::<Function>().ok()) {
        let args = Array::of2(&JsValue::from_str(&message), &fields);
        if let Ok(err) = Reflect::construct(&class, &args) {
            return err;
        }
    }
    let err: JsValue = js_sys::Error::new(&message).into();
    set(&err, "name", &JsValue::from_str(e.name()));
    set(&err, "code", &JsValue::from_str(e.code()));
    let _ = Object::assign(err.unchecked_ref(), &fields);
    err
}

/// A copy of a thrown value that cannot lead back to the token: an `Error` with the name,
/// message, stack and other primitive own fields of `v` (strings and keys redacted), and
/// copies of its `cause` and `errors` (AggregateError), within bounds. Nothing of `v` that is an object is kept: not a `Request`, `Headers` or `Map` (whose
/// contents no walk can see), a Symbol-keyed field, nor a prototype with getters.
fn scrub(v: &JsValue, token: &str, depth: usize, budget: &mut u32) -> JsValue {
    if let Some(s) = v.as_string() {
        return JsValue::from_str(&redact(&s, token));
    }
    if v.is_symbol() && may_reveal(v, token, 0, &mut 1) {
        return JsValue::from_str("[redacted symbol]");
    }
    if !v.is_object() && !v.is_function() {
        return v.clone();
    }
    // Bounded work: 4 levels and 64 objects in all (an AggregateError of AggregateErrors…).
    if depth > 4 || *budget == 0 {
        return JsValue::UNDEFINED;
    }
    *budget -= 1;
    let message = redact(&get(v, "message").as_string().unwrap_or_default(), token);
    let name = get(v, "name").as_string();
    let copy: JsValue = js_sys::Error::new(&message).into();
    for k in own_property_names(v).unwrap_or_default().iter().take(32) {
        let Some(key) = k.as_string().filter(|k| k != "message") else {
            continue;
        };
        // Data properties only: an own getter is not run.
        let value = match own_descriptor(v, &k) {
            Ok(d) if d.is_object() => get(&d, "value"),
            _ => continue,
        };
        let value = if key == "cause" {
            scrub(&value, token, depth + 1, budget)
        } else if key == "errors" && is_array(&value).unwrap_or(false) {
            let out = Array::new();
            for x in value.unchecked_ref::<Array>().iter().take(16) {
                out.push(&scrub(&x, token, depth + 1, budget));
            }
            out.into()
        } else if value.is_object() || value.is_function() {
            continue;
        } else {
            scrub(&value, token, depth + 1, budget)
        };
        set(&copy, &redact(&key, token), &value);
    }
    if let Some(name) = name.filter(|n| n != "Error") {
        set(&copy, "name", &JsValue::from_str(&redact(&name, token)));
    }
    copy
}

/// Might `v` lead back to `token`: a string holding it, or an object where it could be, seen
/// or not? Yes for anything a walk cannot see through: functions, objects other than plain
/// objects, arrays and errors (a `Map`, `Headers`, `Request`, …), accessors (own or on a
/// non-built-in prototype), or too much to walk. Otherwise every own key (Symbols included)
/// and value, recursively, and the prototypes up to a built-in one.
fn may_reveal(v: &JsValue, token: &str, depth: usize, budget: &mut u32) -> bool {
    if token.is_empty() {
        return false;
    }
    if let Some(s) = v.as_string() {
        return find_sub(&s, token).is_some();
    }
    if let Some(sym) = v.dyn_ref::<js_sys::Symbol>() {
        return find_sub(&String::from(sym.to_string()), token).is_some();
    }
    if !v.is_object() && !v.is_function() {
        return false;
    }
    if v.is_function() || depth > 8 || *budget == 0 {
        return true;
    }
    *budget -= 1;
    let tag = object_tag(v)
        .ok()
        .and_then(|t| t.as_string())
        .unwrap_or_default();
    let plain = [
        "[object Object]",
        "[object Array]",
        "[object Error]",
        "[object DOMException]",
    ];
    if !plain.contains(&tag.as_str()) || own_props_may_reveal(v, token, false, depth, budget) {
        return true;
    }
    // DOMException keeps its name and message in internal slots, behind built-in getters.
    if ["name", "message"]
        .iter()
        .any(|k| may_reveal(&get(v, k), token, depth + 1, budget))
    {
        return true;
    }
    let built_in = [
        prototype_of(&Object::new()),
        prototype_of(&js_sys::Error::new("")),
        Ok(get(&get(&js_sys::global(), "DOMException"), "prototype")),
    ];
    let mut proto = prototype_of(v);
    for _ in 0..8 {
        let Ok(p) = proto else { return true };
        if p.is_null() || built_in.iter().flatten().any(|b| Object::is(b, &p)) {
            return false;
        }
        if own_props_may_reveal(&p, token, true, depth + 1, budget) {
            return true;
        }
        proto = prototype_of(&p);
    }
    true
}

/// [`may_reveal`] for the own properties of `v`; on a prototype, methods are allowed.
fn own_props_may_reveal(
    v: &JsValue,
    token: &str,
    proto: bool,
    depth: usize,
    budget: &mut u32,
) -> bool {
    let Ok(keys) = own_keys(v) else {
        return true;
    };
    keys.length() > 256
        || keys.iter().any(|k| {
            let Ok(d) = own_descriptor(v, &k) else {
                return true;
            };
            let value = get(&d, "value");
            may_reveal(&k, token, depth + 1, budget)
                || !get(&d, "get").is_undefined()
                || !get(&d, "set").is_undefined()
                || !(proto && value.is_function()) && may_reveal(&value, token, depth + 1, budget)
        })
}

// ---------------------------------------------------------------------------------------
// Reading JS values.

/// How the walker treats values JSON has no place for.
#[derive(Clone, Copy, PartialEq)]
enum Mode {
    /// As `JSON.stringify` would: `undefined`/functions/symbols dropped from objects and
    /// `null` in arrays, non-finite numbers `null`, `toJSON` applied.
    Json,
    /// Options objects: keep functions (`fetch`) and `undefined`, don't descend into
    /// functions, report numbers as they are.
    Options,
}

/// The walker's state: the objects on the current path (for cycles) and how many more values
/// it may read. A sparse array of length 2**32 - 1 would otherwise take minutes and then
/// exhaust memory, trapping the instance; real bodies are far below the bound.
struct Walk {
    ancestors: Vec<JsValue>,
    budget: u32,
    /// The JS strings (values and kept keys, in document order) whose Rust copy holds U+FFFD:
    /// lone surrogates read as U+FFFD, which `JSON.stringify` writes as `\ud800` escapes.
    exact: Vec<JsValue>,
}

impl Walk {
    fn new() -> Walk {
        Walk {
            ancestors: Vec::new(),
            budget: 200_000,
            exact: Vec::new(),
        }
    }

    /// Takes one value from the budget; false when it is spent.
    fn spend(&mut self) -> bool {
        self.budget = self.budget.saturating_sub(1);
        self.budget > 0
    }
}

fn too_large() -> Value {
    Value::Foreign(Foreign::Unreadable(String::from(
        "too large to read (more than 200000 values)",
    )))
}

fn walk(v: &JsValue, mode: Mode, w: &mut Walk) -> Value {
    if v.is_undefined() {
        return Value::Foreign(Foreign::Undefined);
    }
    if v.is_null() {
        return Value::Null;
    }
    if let Some(b) = v.as_bool() {
        return Value::Bool(b);
    }
    if let Some(n) = v.as_f64() {
        if mode == Mode::Json && !n.is_finite() {
            return Value::Null;
        }
        let text = js_sys::Number::from(n)
            .to_string_with_radix(10)
            .map(String::from)
            .unwrap_or_default();
        return Value::Number(text.into());
    }
    if let Some(s) = v.as_string() {
        if has_replacement(&s) {
            w.exact.push(v.clone());
        }
        return Value::String(s);
    }
    if v.is_bigint() {
        return Value::Foreign(Foreign::BigInt);
    }
    if v.is_symbol() {
        return Value::Foreign(Foreign::Symbol);
    }
    if v.is_function() {
        return Value::Foreign(Foreign::Function);
    }
    if w.ancestors.len() >= MAX_DEPTH {
        return Value::Foreign(Foreign::TooDeep);
    }
    if w.ancestors.iter().any(|a| Object::is(a, v)) {
        return Value::Foreign(Foreign::Cycle);
    }
    if mode == Mode::Json {
        match Reflect::get(v, &JsValue::from_str("toJSON")) {
            Err(e) => return Value::Foreign(Foreign::Unreadable(thrown_message(&e))),
            Ok(f) if f.is_function() => {
                let f: &Function = f.unchecked_ref();
                return match f.call1(v, &JsValue::from_str("")) {
                    Ok(j) if !j.is_object() || !Object::is(&j, v) => {
                        w.ancestors.push(v.clone());
                        let out = walk(&j, mode, w);
                        w.ancestors.pop();
                        out
                    }
                    Ok(_) => Value::Foreign(Foreign::Cycle),
                    Err(e) => Value::Foreign(Foreign::Unreadable(thrown_message(&e))),
                };
            }
            Ok(_) => {}
        }
        // Boxed primitives (`Object(1n)`, `new String("x")`) serialize as their value, as in
        // JSON.stringify: a boxed BigInt is a BigInt, not `{}`.
        if let Ok(tag) = object_tag(v) {
            let boxed = [
                "[object Number]",
                "[object String]",
                "[object Boolean]",
                "[object BigInt]",
            ];
            if tag.as_string().is_some_and(|t| boxed.contains(&t.as_str())) {
                let inner = Reflect::get(v, &JsValue::from_str("valueOf"))
                    .and_then(|f| f.dyn_into::<Function>())
                    .and_then(|f| f.call0(v));
                match inner {
                    Ok(p) if !p.is_object() => return walk(&p, mode, w),
                    Err(e) => return Value::Foreign(Foreign::Unreadable(thrown_message(&e))),
                    Ok(_) => {}
                }
            }
        }
    }
    w.ancestors.push(v.clone());
    let out = walk_container(v, mode, w);
    w.ancestors.pop();
    out
}

fn walk_container(v: &JsValue, mode: Mode, w: &mut Walk) -> Value {
    match is_array(v) {
        Err(e) => return Value::Foreign(Foreign::Unreadable(thrown_message(&e))),
        Ok(true) => {
            let len = match Reflect::get(v, &JsValue::from_str("length")) {
                Ok(l) => l.as_f64().unwrap_or(0.0),
                Err(e) => return Value::Foreign(Foreign::Unreadable(thrown_message(&e))),
            };
            let mut items = Vec::new();
            let mut i = 0u32;
            while f64::from(i) < len {
                if !w.spend() {
                    return too_large();
                }
                let item = match Reflect::get_u32(v, i) {
                    Ok(x) => walk(&x, mode, w),
                    Err(e) => Value::Foreign(Foreign::Unreadable(thrown_message(&e))),
                };
                items.push(match item {
                    Value::Foreign(Foreign::Undefined | Foreign::Function | Foreign::Symbol)
                        if mode == Mode::Json =>
                    {
                        Value::Null
                    }
                    other => other,
                });
                i += 1;
            }
            return Value::Array(items);
        }
        Ok(false) => {}
    }
    let keys = match object_keys(v) {
        Ok(k) => k,
        Err(e) => return Value::Foreign(Foreign::Unreadable(thrown_message(&e))),
    };
    let mut members = Vec::new();
    for key in keys.iter() {
        if !w.spend() {
            return too_large();
        }
        let Some(name) = key.as_string() else {
            continue;
        };
        // The key comes before its value's strings; undone below if the member is dropped.
        let mark = w.exact.len();
        if has_replacement(&name) {
            w.exact.push(key.clone());
        }
        let value = match Reflect::get(v, &key) {
            Ok(x) => walk(&x, mode, w),
            Err(e) => Value::Foreign(Foreign::Unreadable(thrown_message(&e))),
        };
        if mode == Mode::Json
            && matches!(
                value,
                Value::Foreign(Foreign::Undefined | Foreign::Function | Foreign::Symbol)
            )
        {
            w.exact.truncate(mark);
            continue;
        }
        members.push((name, value));
    }
    Value::Object(members)
}

/// A request body as a value tree plus the JSON text to send.
/// A request body as a value tree plus the JSON text to send, kept as the JS string it is
/// (handing it to `fetch` as is saves decoding a copy back out of wasm memory).
struct Body {
    value: Value,
    text: JsValue,
}

fn read_body(body: &JsValue) -> Body {
    if let Ok(text) = json_stringify(body) {
        if let Some(value) = text.as_string().and_then(|t| Value::parse(&t).ok()) {
            return Body { value, text };
        }
    }
    // JSON.stringify threw (a getter, a trap, …) and the walker read the value instead: write
    // what JSON.stringify would have written for what it read. Strings holding U+FFFD may
    // have been lone surrogates; those are written by the host from the JS string itself.
    let mut w = Walk::new();
    let value = walk(body, Mode::Json, &mut w);
    let mut exact = w.exact.iter();
    let text = value.to_json_with(&mut |s, out| {
        if has_replacement(s) {
            let original = exact
                .next()
                .filter(|js| js.as_string().as_deref() == Some(s));
            if let Some(t) = original.and_then(|js| json_stringify(js).ok()?.as_string()) {
                out.push_str(&t);
                return;
            }
        }
        write_json_string(s, out);
    });
    Body {
        value,
        text: JsValue::from_str(&text),
    }
}

/// Does `s` hold U+FFFD (what a lone surrogate becomes in a Rust `String`)?
fn has_replacement(s: &str) -> bool {
    s.chars().any(|c| c == '\u{fffd}')
}

fn check_body(endpoint: Endpoint, body: &JsValue) -> (Body, Vec<Issue>) {
    let body = read_body(body);
    // validate reports JS-only values (bigint, cycles, throwing getters, …) wherever they sit,
    // free-form payloads included.
    let issues = match endpoint {
        Endpoint::Conversation => validate::get_or_create_conversation(&body.value),
        Endpoint::Message => validate::get_or_create_message(&body.value),
    };
    (body, issues)
}

// ---------------------------------------------------------------------------------------
// Offline validation.

#[wasm_bindgen(js_name = validateGetOrCreateConversation, skip_typescript)]
pub fn validate_get_or_create_conversation(body: JsValue) -> Array {
    issues_to_js(&check_body(Endpoint::Conversation, &body).1, "")
}

#[wasm_bindgen(js_name = validateGetOrCreateMessage, skip_typescript)]
pub fn validate_get_or_create_message(body: JsValue) -> Array {
    issues_to_js(&check_body(Endpoint::Message, &body).1, "")
}

// ---------------------------------------------------------------------------------------
// The client.

#[derive(Clone, Copy)]
enum Endpoint {
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
    fn check_response(self, v: &Value) -> Vec<Issue> {
        match self {
            Endpoint::Conversation => validate::conversation_response(v),
            Endpoint::Message => validate::message_response(v),
        }
    }
}

struct Inner {
    cfg: ClientConfig,
    /// The injected fetch, or undefined for the global one (looked up at call time).
    fetch: JsValue,
    /// The request headers, built once; each attempt hands fetch a copy of its own.
    headers: JsValue,
}

fn build_inner(options: &JsValue) -> Result<Inner, Error> {
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
    Ok(Inner {
        cfg,
        fetch,
        headers: headers.into(),
    })
}

/// Validates now (so a later change to `body` cannot matter and nothing is sent when it is
/// invalid), then sends in the returned promise.
fn call(inner: Rc<Inner>, endpoint: Endpoint, body: &JsValue, opts: &JsValue) -> Promise {
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
        let mut url = inner.cfg.base_url.clone();
        url.push_str(endpoint.path());
        let req = Request {
            fetch: &fetch,
            url: &url,
            headers: &inner.headers,
            body: &body.text,
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
    let issues = match Value::parse_to_depth(text, 3) {
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

#[wasm_bindgen(skip_typescript)]
pub struct Client {
    inner: Rc<Inner>,
}

#[wasm_bindgen]
impl Client {
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<Client, JsValue> {
        match build_inner(&options) {
            Ok(inner) => Ok(Client {
                inner: Rc::new(inner),
            }),
            Err(e) => Err(to_js_error(&e, None, "")),
        }
    }

    #[wasm_bindgen(js_name = getOrCreateConversation)]
    pub fn get_or_create_conversation(&self, body: JsValue, opts: JsValue) -> Promise {
        call(self.inner.clone(), Endpoint::Conversation, &body, &opts)
    }

    #[wasm_bindgen(js_name = getOrCreateMessage)]
    pub fn get_or_create_message(&self, body: JsValue, opts: JsValue) -> Promise {
        call(self.inner.clone(), Endpoint::Message, &body, &opts)
    }
}

fn one_shot(options: &JsValue, endpoint: Endpoint, body: &JsValue, opts: &JsValue) -> Promise {
    match build_inner(options) {
        Ok(inner) => call(Rc::new(inner), endpoint, body, opts),
        Err(e) => Promise::reject(&to_js_error(&e, None, "")),
    }
}

#[wasm_bindgen(js_name = getOrCreateConversation, skip_typescript)]
pub fn get_or_create_conversation(options: JsValue, body: JsValue, opts: JsValue) -> Promise {
    one_shot(&options, Endpoint::Conversation, &body, &opts)
}

#[wasm_bindgen(js_name = getOrCreateMessage, skip_typescript)]
pub fn get_or_create_message(options: JsValue, body: JsValue, opts: JsValue) -> Promise {
    one_shot(&options, Endpoint::Message, &body, &opts)
}
