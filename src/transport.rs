//! The only module that touches `fetch`, `AbortController` and timers (wasm32 only).
//!
//! Everything comes from the global scope (never `window`), so Node, Deno, Bun, workerd and
//! browsers behave alike. web-sys gives the typed bindings (`AbortController`, `AbortSignal`,
//! `RequestInit`, `Response`, `Headers`, `ReadableStream`, `TextDecoder`, the global scope's timers);
//! gloo-net reads a checked `Response` (status, headers, body stream). Timers call bound JS
//! functions (`AbortController.prototype.abort` bound to the controller, a promise's `resolve`,
//! `forEach` bound to an array), so no closure glue is generated.
//!
//! A JS exception must never unwind through wasm frames (it would leave the future's task
//! borrowed: that call would never settle, and in Node the exception is uncaught and ends
//! the process), so whatever an injected `fetch`, a caller's signal or a server can reach is
//! read with `catch`: the caller's signal and Response-like objects through `Reflect`, the
//! web-sys objects an injected fetch also holds through the `catch` views below.
//!
//! gloo-net's own `send()` is not used: it panics when fetch resolves to a non-`Response` and
//! hits an `unreachable!` when fetch rejects with a non-`Error` (an injected fetch can do both,
//! and so can a patched global fetch), and its builder makes two `Request`s, a `URL` and a
//! `URLSearchParams` per call. Nor are its getters used on what fetch resolved to: they have no
//! `catch`, and `instanceof Response` proves nothing (a subclass, an own getter, and in Node
//! and Deno a Proxy, whose traps the host's getters run). So this module calls
//! `fetch(url, init)` itself, reads status and body through `catch` views, and gloo-net reads
//! the headers from a private copy ([`headers_of`]). Rebuilding a whole `Response` for gloo-net
//! to read would also be safe, but costs 4 to 7 µs per call in Node (measured).

use std::cell::RefCell;

use gloo_net::http::Headers as GlooHeaders;
use js_sys::{Array, Function, JsString, Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    AbortController, AbortSignal, ReadableStreamDefaultReader, ReadableStreamGetReaderOptions,
    ReadableStreamReaderMode, RequestInit, RequestRedirect, TextDecodeOptions, TextDecoder,
    WorkerGlobalScope,
};

use crate::error::{ApiError, Error};
use crate::retry::{self, Decision, Outcome};

// Members of web-sys types read with `catch`, as views of the same objects: for the ones an
// injected fetch also holds (it may have shadowed or proxied a member since) and for members
// whose web-sys binding has no `catch` but can throw (`getReader` on a locked stream).
#[wasm_bindgen]
extern "C" {
    type CheckedSignal;
    #[wasm_bindgen(method, getter, catch)]
    fn aborted(this: &CheckedSignal) -> Result<bool, JsValue>;
    type CheckedResponse;
    #[wasm_bindgen(method, getter, catch)]
    fn status(this: &CheckedResponse) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, getter, catch)]
    fn headers(this: &CheckedResponse) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, getter, catch)]
    fn body(this: &CheckedResponse) -> Result<JsValue, JsValue>;
    type CheckedStream;
    #[wasm_bindgen(method, catch, js_name = getReader)]
    fn get_reader(this: &CheckedStream) -> Result<ReadableStreamDefaultReader, JsValue>;
    #[wasm_bindgen(method, catch, js_name = getReader)]
    fn get_reader_with(
        this: &CheckedStream,
        options: &ReadableStreamGetReaderOptions,
    ) -> Result<JsValue, JsValue>;
    type CheckedReader;
    #[wasm_bindgen(method, catch)]
    fn read(this: &CheckedReader) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, catch)]
    fn cancel(this: &CheckedReader) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, catch, js_name = readAtLeast)]
    fn read_at_least(this: &CheckedReader, n: u32, view: &Uint8Array) -> Result<JsValue, JsValue>;
}

// The `abort` method timers and signals call, bound to each attempt's controller.
#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(thread_local_v2, js_namespace = ["AbortController", "prototype"], js_name = abort)]
    static ABORT_METHOD: Function;
}

// Property names and constant values of the per-call path, each created once as a JS string.
// Passing a Rust `&str` instead decodes it out of wasm memory with TextDecoder on every use,
// which was a fifth of a call's cost in Node. (rustfmt would drop the `= "…"` initialisers.)
#[rustfmt::skip]
#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(thread_local_v2, static_string)]
    static TEXT: JsString = "text";
    #[wasm_bindgen(thread_local_v2, static_string)]
    static ABORT: JsString = "abort";
    #[wasm_bindgen(thread_local_v2, static_string)]
    static ABORTED: JsString = "aborted";
    #[wasm_bindgen(thread_local_v2, static_string)]
    static ADD_LISTENER: JsString = "addEventListener";
    #[wasm_bindgen(thread_local_v2, static_string)]
    static REMOVE_LISTENER: JsString = "removeEventListener";
    #[wasm_bindgen(thread_local_v2, static_string)]
    static POST: JsString = "POST";
    #[wasm_bindgen(thread_local_v2, static_string)]
    static DONE: JsString = "done";
    #[wasm_bindgen(thread_local_v2, static_string)]
    static VALUE: JsString = "value";
    #[wasm_bindgen(thread_local_v2, static_string)]
    static BYTE_LENGTH: JsString = "byteLength";
}

// web-sys members whose `&str` argument would be decoded out of wasm memory on every call,
// given the cached JS strings above instead (views of our own objects: no `catch` needed).
#[wasm_bindgen]
extern "C" {
    type InitView;
    #[wasm_bindgen(method, setter = method)]
    fn set_method_js(this: &InitView, method: &JsString);
    type DecoderView;
    #[wasm_bindgen(method, catch, js_name = decode)]
    fn decode_js(this: &DecoderView, input: &JsValue) -> Result<JsString, JsValue>;
    #[wasm_bindgen(method, catch, js_name = decode)]
    fn decode_stream(
        this: &DecoderView,
        input: &JsValue,
        options: &TextDecodeOptions,
    ) -> Result<JsString, JsValue>;
    #[wasm_bindgen(method, catch, js_name = decode)]
    fn flush(this: &DecoderView) -> Result<JsString, JsValue>;
    type SignalView;
    #[wasm_bindgen(method, js_name = addEventListener)]
    fn add_listener(this: &SignalView, kind: &JsString, f: &Function);
}

/// The global scope's timers, through web-sys's `WindowOrWorkerGlobalScope` members: the
/// glue calls `globalThis.setTimeout`, which every host has (the cast checks nothing, so it
/// works where the global object is not a `WorkerGlobalScope`: Node, Deno, browsers' windows).
fn scope() -> WorkerGlobalScope {
    js_sys::global().unchecked_into()
}

/// `setTimeout(f, ms)`; the handle (Node's `Timeout` converts to its numeric id), or None.
fn set_timeout(f: &Function, ms: u32) -> Option<i32> {
    let ms = i32::try_from(ms).unwrap_or(i32::MAX);
    scope()
        .set_timeout_with_callback_and_timeout_and_arguments_0(f, ms)
        .ok()
}

fn clear_timeout(handle: Option<i32>) {
    if let Some(h) = handle {
        scope().clear_timeout_with_handle(h);
    }
}

/// `target.addEventListener("abort", f)` (or remove); false when that is not possible.
fn on_abort(target: &JsValue, add: bool, f: &Function) -> bool {
    let method = get_key(
        target,
        &js(if add { &ADD_LISTENER } else { &REMOVE_LISTENER }),
    );
    method
        .dyn_into::<Function>()
        .and_then(|m| m.call2(target, &js(&ABORT), f))
        .is_ok()
}

/// The caller's signal gets one "abort" listener however many attempts and retry waits share
/// it: Node warns past ten listeners on one EventTarget (`MaxListenersExceededWarning`), which
/// a raw `fetch` never causes. Per signal in use: a JS array of the functions linked to it,
/// and one listener, `array.forEach.bind(array, Reflect.apply)`, that calls each of them
/// (built-ins only: no closure glue, no call into wasm). The listener goes with the last link.
/// (signal, linked functions, listener)
type Hub = (JsValue, Array, JsValue);

thread_local! {
    static HUBS: RefCell<Vec<Hub>> = const { RefCell::new(Vec::new()) };
}

/// The linked functions and listener of `signal`'s hub. `Object.is` cannot call back into
/// wasm, so holding the borrow across it is safe.
fn hub(signal: &JsValue) -> Option<(Array, JsValue)> {
    HUBS.with(|h| {
        h.borrow()
            .iter()
            .find(|x| Object::is(&x.0, signal))
            .map(|x| (x.1.clone(), x.2.clone()))
    })
}

/// Calls `f` when the caller's `signal` aborts; false when there is no signal or it takes no
/// listener. Linked functions must not unlink synchronously (they abort a controller or
/// reject a promise), so the listener's `forEach` never skips one.
fn link(signal: &JsValue, f: &Function) -> bool {
    if signal.is_undefined() {
        return false;
    }
    if let Some((linked, _)) = hub(signal) {
        linked.push(f);
        return true;
    }
    let linked = Array::new();
    linked.push(f);
    let apply = get(&get(&js_sys::global(), "Reflect"), "apply");
    let Ok(for_each) = get(&linked, "forEach").dyn_into::<Function>() else {
        return false;
    };
    let listener: Function = for_each.bind1(&linked, &apply).unchecked_into();
    if !on_abort(signal, true, &listener) {
        return false;
    }
    HUBS.with(|h| {
        h.borrow_mut()
            .push((signal.clone(), linked, listener.into()))
    });
    true
}

/// Undoes [`link`]; the last link of a signal removes its listener.
fn unlink(signal: &JsValue, f: &Function) {
    let Some((linked, listener)) = hub(signal) else {
        return;
    };
    // Order does not matter: the last one takes its place.
    let i = linked.index_of(f, 0);
    let last = linked.pop();
    if i >= 0 && (i as u32) < linked.length() {
        let _ = Reflect::set(&linked, &JsValue::from(i), &last);
    }
    if linked.length() == 0 {
        on_abort(signal, false, listener.unchecked_ref());
        HUBS.with(|h| h.borrow_mut().retain(|x| !Object::is(&x.0, signal)));
    }
}

/// A cached JS string as a key or value.
fn js(s: &'static wasm_bindgen::JsThreadLocal<JsString>) -> JsValue {
    s.with(|v| JsValue::from(v.clone()))
}

fn get_key(target: &JsValue, key: &JsValue) -> JsValue {
    Reflect::get(target, key).unwrap_or(JsValue::UNDEFINED)
}

/// What a request needs from the client, resolved for this call.
pub struct Request<'a> {
    pub fetch: &'a JsValue,
    pub url: &'a JsValue,
    pub headers: &'a JsValue,
    /// The JSON text, as a JS string.
    pub body: &'a JsValue,
    pub timeout_ms: u32,
    pub max_retries: u32,
    /// The caller's `AbortSignal`, or `undefined`.
    pub signal: &'a JsValue,
    /// Replaced by `[redacted]` in anything that reaches an error.
    pub token: &'a str,
    /// The fetch was injected: it may ignore its abort signal, so each await also races the
    /// attempt's abort. The hosts' own fetch honours the signal (body reads included), so it
    /// does not pay for the race.
    pub injected: bool,
    /// The cap on a 2xx body, in bytes (`maxResponseBytes`).
    pub max_response_bytes: u32,
}

/// The most of an error body read for the `ApiError` message.
const ERROR_BODY_BYTES: u32 = 64 * 1024;

/// A 2xx answer.
pub struct Success {
    pub status: u16,
    /// The body text in wasm memory (for validation) and as the host's string (for JSON.parse).
    pub body: String,
    pub text: JsValue,
}

/// `target[key]`, or undefined when reading it throws (a getter, a Proxy trap).
pub fn get(target: &JsValue, key: &str) -> JsValue {
    Reflect::get(target, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// Has the caller's signal fired? (Any object with `addEventListener` is accepted as a
/// signal, so it is read through `Reflect`.)
fn is_aborted(signal: &JsValue) -> bool {
    !signal.is_undefined() && get_key(signal, &js(&ABORTED)).as_bool() == Some(true)
}

/// A network failure's message plus its cause's (Node's fetch says only "fetch failed" and
/// keeps "connect ECONNREFUSED …" in `cause`).
fn network_message(e: &JsValue) -> String {
    let mut m = thrown_message(e);
    let cause = if e.is_object() {
        get(e, "cause")
    } else {
        JsValue::UNDEFINED
    };
    if cause.is_object() {
        if let Some(inner) = get(&cause, "message").as_string().filter(|s| !s.is_empty()) {
            m.push_str(" (");
            m.push_str(&inner);
            m.push(')');
        }
    }
    m
}

/// The message of a thrown value, read defensively (it may be a Proxy, a string, …).
pub fn thrown_message(e: &JsValue) -> String {
    if let Some(s) = e.as_string() {
        return s;
    }
    if e.is_object() {
        if let Some(s) = get(e, "message").as_string() {
            return s;
        }
    }
    String::from("a non-Error value was thrown")
}

/// Sends `req` with retries. Each attempt has its own `AbortController`, armed by the
/// timeout and linked to the caller's signal; both the timer and the link are removed when
/// the attempt ends, so a settled call leaves no pending timer behind.
pub async fn send(req: &Request<'_>) -> Result<Success, (Error, Option<JsValue>)> {
    let mut attempt: u32 = 0;
    loop {
        if is_aborted(req.signal) {
            return Err((Error::Aborted, Some(get(req.signal, "reason"))));
        }
        attempt += 1;
        let delay_ms = match attempt_once(req).await {
            Ok(Attempt::Done(s)) => return Ok(s),
            other => after_failure(req, attempt, other)?,
        };
        if !sleep(delay_ms, req.signal).await {
            return Err((Error::Aborted, Some(get(req.signal, "reason"))));
        }
    }
}

/// What a failed attempt (a non-2xx answer, or an error) leads to: the call's error, or the
/// wait before the next attempt.
/// Not inlined (by rustc, nor by wasm-opt: `--no-inline` in the Makefile): the error and retry
/// paths stay out of the call's state machine, which the host compiles on the first call
/// whichever path it takes (Node: first call 6.3 -> 5.4 ms, measured).
#[inline(never)]
fn after_failure(
    req: &Request<'_>,
    attempt: u32,
    result: Result<Attempt, AttemptError>,
) -> Result<u32, (Error, Option<JsValue>)> {
    let (outcome, error, response) = match result {
        Ok(Attempt::Status(status, body, response)) => {
            let request_id = response_header(&response, "x-request-id");
            let retryable = retry::is_retryable(&Outcome::Status(status));
            // Redacted after parsing, field by field (see from_response).
            let e = ApiError::from_response(status, &body, request_id, retryable, req.token);
            (
                Outcome::Status(status),
                (Error::Api(e), None),
                Some(response),
            )
        }
        // `send` returns a `Done` itself; stopping is the safe answer should one come here.
        Ok(Attempt::Done(_)) | Err(AttemptError::Aborted) => {
            return Err((Error::Aborted, Some(get(req.signal, "reason"))))
        }
        Err(AttemptError::Timeout) => (
            Outcome::Timeout,
            (
                Error::Timeout {
                    timeout_ms: req.timeout_ms,
                },
                None,
            ),
            None,
        ),
        Err(AttemptError::Network(cause)) => {
            let message = crate::error::redact(&network_message(&cause), req.token);
            (
                Outcome::Network,
                (Error::Network { message }, Some(cause)),
                None,
            )
        }
        Err(AttemptError::Invalid(e)) => return Err((e, None)),
    };
    let lookup = |name: &str| response.as_ref().and_then(|r| response_header(r, name));
    match retry::decide(
        &outcome,
        attempt,
        req.max_retries,
        &lookup,
        js_sys::Date::now(),
        js_sys::Math::random(),
    ) {
        Decision::Stop => Err(error),
        Decision::Retry { delay_ms } => Ok(delay_ms),
    }
}

enum Attempt {
    Done(Success),
    /// A non-2xx status, its body text, and the response (for headers).
    Status(u16, String, Answer),
}

/// Where an answer's headers are read.
enum Answer {
    /// A private copy of the host's `Headers` (see [`headers_of`]).
    Own(GlooHeaders),
    /// A Response-like object.
    Other(JsValue),
}

enum AttemptError {
    Aborted,
    Timeout,
    Network(JsValue),
    Invalid(Error),
}

/// A header of a Response-like object by name, or None (a fake `fetch` may return anything).
fn header(response: &JsValue, name: &str) -> Option<String> {
    let headers = get(response, "headers");
    if !headers.is_object() {
        return None;
    }
    let lookup: Function = get(&headers, "get").dyn_into().ok()?;
    lookup
        .call1(&headers, &JsValue::from_str(name))
        .ok()?
        .as_string()
}

/// Where the headers of a non-2xx answer are read: a private copy of the host's `Headers`
/// (made with `catch`: a subclass or Proxy may throw while it is copied), read through
/// gloo-net, whose `get` cannot throw on a `Headers` nobody else holds; else the answer
/// itself, through `Reflect` with `catch`.
fn headers_of(response: JsValue) -> Answer {
    let copy = response
        .unchecked_ref::<CheckedResponse>()
        .headers()
        .ok()
        .filter(|h| h.is_instance_of::<web_sys::Headers>())
        .and_then(|h| web_sys::Headers::new_with_headers(h.unchecked_ref()).ok());
    match copy {
        Some(h) => Answer::Own(GlooHeaders::from_raw(h)),
        None => Answer::Other(response),
    }
}

async fn attempt_once(req: &Request<'_>) -> Result<Attempt, AttemptError> {
    let controller = AbortController::new().map_err(AttemptError::Network)?;
    let own_signal = controller.signal();
    // `abort(undefined)`: whatever calls it with arguments (the shared-signal listener does),
    // the reason is the host's own AbortError.
    let abort: Function = ABORT_METHOD
        .with(|m| m.bind1(&controller, &JsValue::UNDEFINED))
        .unchecked_into();

    // Settles (rejects) when this attempt is aborted, by the timer or the caller. Each await
    // races it, so timeoutMs bounds the attempt even when an injected fetch ignores the signal.
    // The signal is still only ours here (fetch has not seen it), so web-sys calls are safe.
    let aborted = if req.injected {
        let mut on_abort_reject = None;
        let p = Promise::new(&mut |_, reject| on_abort_reject = Some(reject));
        if let Some(reject) = &on_abort_reject {
            ABORT.with(|kind| {
                own_signal
                    .unchecked_ref::<SignalView>()
                    .add_listener(kind, reject)
            });
        }
        Some(p)
    } else {
        None
    };

    let timer = if req.timeout_ms > 0 {
        set_timeout(&abort, req.timeout_ms)
    } else {
        None
    };
    let linked = link(req.signal, &abort);

    let result = exchange(req, &controller, &own_signal, aborted.as_ref()).await;

    clear_timeout(timer);
    if linked {
        unlink(req.signal, &abort);
    }
    result.map_err(|e| match e {
        // Whichever fired first decides: the caller's signal wins over our timer. (The fetch
        // has seen our signal by now, so its `aborted` is read with `catch`.)
        AttemptError::Network(_) if is_aborted(req.signal) => AttemptError::Aborted,
        AttemptError::Network(_)
            if own_signal.unchecked_ref::<CheckedSignal>().aborted() == Ok(true) =>
        {
            AttemptError::Timeout
        }
        other => other,
    })
}

/// Waits for `pending` (any value; promises are adopted), or for the attempt's abort when
/// given.
async fn settle(pending: &JsValue, aborted: Option<&Promise>) -> Result<JsValue, JsValue> {
    let pending = match aborted {
        // Promise.race adopts each value itself.
        Some(a) => Promise::race(&js_sys::Array::of2(pending, a)),
        None => Promise::resolve(pending),
    };
    JsFuture::from(pending).await
}

/// What `fetch(url, init)` is given: a fresh `RequestInit` per attempt.
fn request_init(req: &Request<'_>, signal: &AbortSignal) -> RequestInit {
    let init = RequestInit::new();
    POST.with(|post| init.unchecked_ref::<InitView>().set_method_js(post));
    // Headers of its own for every attempt: an injected fetch that mutates them (deletes
    // x-bot-id, adds a header) cannot change a retry or a later call. A plain object, as the
    // caller's fetch wrappers expect (`init.headers["x-bot-id"]`).
    init.set_headers(&Object::assign(&Object::new(), req.headers.unchecked_ref()));
    init.set_body(req.body);
    init.set_signal(Some(signal));
    // Never follow a redirect: the token must not be sent anywhere but baseUrl.
    init.set_redirect(RequestRedirect::Manual);
    init
}

/// fetch + reading the body, both under the attempt's signal (`controller` aborts it).
async fn exchange(
    req: &Request<'_>,
    controller: &AbortController,
    signal: &AbortSignal,
    aborted: Option<&Promise>,
) -> Result<Attempt, AttemptError> {
    let init = request_init(req, signal);
    let fetch: &Function = req.fetch.unchecked_ref();
    let pending = fetch
        .call2(&js_sys::global(), req.url, &init)
        .map_err(AttemptError::Network)?;
    let response = settle(&pending, aborted)
        .await
        .map_err(AttemptError::Network)?;

    // A Response goes through gloo-net (as one of our own); anything else (an injected
    // fetch's Response-like object) through `Reflect` with `catch`.
    // Read through `catch` views: whatever fetch resolved to (the host's Response, a
    // subclass, a Proxy, a Response-like object) may throw from any getter.
    let theirs: &CheckedResponse = response.unchecked_ref();
    let status = theirs
        .status()
        .ok()
        .and_then(|s| s.as_f64())
        .unwrap_or(-1.0);
    if !(0.0..=599.0).contains(&status) || status.fract() != 0.0 || !response.is_object() {
        return Err(AttemptError::Invalid(not_a_response()));
    }
    if status < 200.0 {
        // 0 is an opaque redirect (redirect: "manual" in browsers).
        return Err(AttemptError::Network(JsValue::from_str(
            "the server answered with a redirect, which is not followed",
        )));
    }
    let status = status as u16;
    let ok = (200..300).contains(&status);
    // The body, never more than `limit` bytes of it: chunk by chunk from `response.body` (what
    // fetch gives), so a huge or endless body is never held whole; past the limit the attempt
    // is aborted. Without a stream (a null body, a locked one, a Response-like object from an
    // injected fetch) it goes through text(), capped by UTF-16 length (a lower bound of the
    // UTF-8 length) before any copy into wasm memory.
    let reader = theirs
        .body()
        .ok()
        .filter(JsValue::is_object)
        .and_then(|stream| body_reader(stream.unchecked_ref()));
    // A 2xx body past the cap fails the call; an error body is only quoted, so a prefix will do.
    let limit = if ok {
        req.max_response_bytes
    } else {
        ERROR_BODY_BYTES.min(req.max_response_bytes)
    };
    let too_large = || {
        controller.abort();
        AttemptError::Invalid(too_large(status, req.max_response_bytes))
    };
    let mut over = false;
    let text = if let Some((reader, fill)) = reader {
        let chunks = Array::new();
        let mut total: u32 = 0;
        let reader: &CheckedReader = reader.unchecked_ref();
        // The number of bytes a fill read asked for; a shorter answer is the end of the body.
        let mut asked = 0;
        while !over {
            let next = if fill {
                // Buffers grow with the body (a new 16 KiB one per call was 6 % of a text call
                // in workerd: zeroing it); at most one byte past the cap, to see a body over it.
                asked = total
                    .clamp(FILL_FIRST, FILL_MAX)
                    .min((limit - total).saturating_add(1));
                reader.read_at_least(asked, &Uint8Array::new_with_length(asked))
            } else {
                reader.read()
            }
            .map_err(AttemptError::Network)?;
            let next = settle(&next, aborted)
                .await
                .map_err(AttemptError::Network)?;
            if get_key(&next, &js(&DONE)).as_bool() == Some(true) {
                break;
            }
            let chunk = get_key(&next, &js(&VALUE));
            let Some(n) = get_key(&chunk, &js(&BYTE_LENGTH))
                .as_f64()
                .filter(|_| chunk.is_instance_of::<Uint8Array>())
            else {
                return Err(AttemptError::Invalid(not_a_response()));
            };
            let room = f64::from(limit - total);
            let chunk = if n > room {
                over = true;
                // Stop the download: abort the attempt, and cancel the stream (an injected
                // fetch's may ignore the signal); p.then(undefined, Boolean) ignores how the
                // cancel ends.
                controller.abort();
                let ignore = get(&js_sys::global(), "Boolean");
                if let Ok(p) = reader.cancel() {
                    let _ = call(&p, "then", Some((&JsValue::UNDEFINED, &ignore)));
                }
                call(
                    &chunk,
                    "subarray",
                    Some((&JsValue::from(0), &JsValue::from(room))),
                )
                .map_err(AttemptError::Network)?
            } else {
                chunk
            };
            total += n.min(room) as u32;
            chunks.push(&chunk);
            if fill && n < f64::from(asked) {
                break; // a fill read stops short only at the end of the body
            }
        }
        // Decoded as Response.text() does (UTF-8, a BOM dropped, bad bytes as U+FFFD), chunk
        // by chunk with a streaming TextDecoder (its decode is [Throws]: errors come back as
        // Err), into a JS string that never passes through wasm memory (JSON.parse reads it).
        // Synchronous: a Blob's text() was a round trip to Chromium's browser process,
        // about 0.8 ms a call. The bytes are in memory, and the attempt may be aborted now.
        decode_chunks(&chunks)
            .map_err(AttemptError::Network)?
            .into()
    } else {
        let text = get_key(&response, &js(&TEXT))
            .dyn_into::<Function>()
            .and_then(|f| f.call0(&response))
            .map_err(|_| AttemptError::Invalid(not_a_response()))?;
        let text = settle(&text, aborted)
            .await
            .map_err(AttemptError::Network)?;
        match text.dyn_ref::<JsString>() {
            Some(s) if s.length() > limit => {
                over = true;
                s.slice(0, limit).into()
            }
            _ => text,
        }
    };
    if over && ok {
        return Err(too_large());
    }
    let Some(body) = text.as_string() else {
        return Err(AttemptError::Invalid(not_a_response()));
    };
    if ok {
        // The text() path checked UTF-16 units; UTF-8 can be up to 3 times that.
        if body.len() > limit as usize {
            return Err(too_large());
        }
        Ok(Attempt::Done(Success { status, body, text }))
    } else {
        Ok(Attempt::Status(status, body, headers_of(response)))
    }
}

/// The first fill read's buffer: a whole typical answer in one read (a text message's is
/// ~400 B, a carousel's ~4 KB). Later reads ask for as much as came so far (the body read
/// doubles with each), up to [`FILL_MAX`].
const FILL_FIRST: u32 = 4096;
const FILL_MAX: u32 = 64 * 1024;

thread_local! {
    /// Can the host fill a buffer from a stream (`ReadableStreamBYOBReader.prototype.readAtLeast`,
    /// workerd's)? Looked up once.
    static FILLS: bool = {
        let class = get(&js_sys::global(), "ReadableStreamBYOBReader");
        get(&get(&class, "prototype"), "readAtLeast").is_function()
    };
}

/// A reader of the body `stream`, and whether it reads by filling buffers. Where the host has
/// `readAtLeast` (workerd), a BYOB reader: one fill read brings a whole small body and, by
/// stopping short, says it ended, where a default reader needs a second `read()` to see the
/// end (in workerd about 10 µs each, measured). Else, or when the stream has no BYOB reader
/// (a stream made in JS without `type: "bytes"`), a default reader.
fn body_reader(stream: &CheckedStream) -> Option<(JsValue, bool)> {
    if FILLS.with(|f| *f) {
        let options = ReadableStreamGetReaderOptions::new();
        options.set_mode(ReadableStreamReaderMode::Byob);
        if let Some(r) = stream
            .get_reader_with(&options)
            .ok()
            .filter(JsValue::is_object)
        {
            return Some((r, true));
        }
    }
    let r = stream.get_reader().ok().filter(|r| r.is_object())?;
    Some((r.into(), false))
}

thread_local! {
    /// One UTF-8 decoder and its `{ stream: true }` options for every body: a body's chunks
    /// are decoded in one synchronous run, so two bodies never interleave on it.
    static DECODER: Option<(TextDecoder, TextDecodeOptions)> = TextDecoder::new().ok().map(|d| {
        let stream = TextDecodeOptions::new();
        stream.set_stream(true);
        (d, stream)
    });
}

/// The chunks (checked `Uint8Array`s) decoded as one UTF-8 text: one `decode` for a body that
/// came in one chunk, else chunk by chunk in stream mode and a final flush (which also leaves
/// the decoder ready for the next body; so does a failed chunk's).
fn decode_chunks(chunks: &Array) -> Result<JsString, JsValue> {
    DECODER.with(|d| {
        let Some((decoder, stream)) = d else {
            return Err(JsValue::from_str(
                "TextDecoder is not available in this runtime",
            ));
        };
        let decoder: &DecoderView = decoder.unchecked_ref();
        if chunks.length() == 1 {
            return decoder.decode_js(&chunks.get(0));
        }
        let mut decoded = JsString::from("");
        for chunk in chunks.iter() {
            match decoder.decode_stream(&chunk, stream) {
                Ok(part) => decoded = decoded.concat(&part.into()),
                Err(e) => {
                    let _ = decoder.flush();
                    return Err(e);
                }
            }
        }
        let tail: JsValue = decoder.flush()?.into();
        Ok(decoded.concat(&tail))
    })
}

/// A response header by name: through gloo-net from the private copy, else through
/// `Reflect` with `catch`.
fn response_header(answer: &Answer, name: &str) -> Option<String> {
    match answer {
        Answer::Own(h) => h.get(name),
        Answer::Other(response) => header(response, name),
    }
}

/// `target[name]()` or `target[name](a, b)`, or the error (a missing method included).
fn call(
    target: &JsValue,
    name: &str,
    args: Option<(&JsValue, &JsValue)>,
) -> Result<JsValue, JsValue> {
    let f: Function = get(target, name).dyn_into()?;
    match args {
        Some((a, b)) => f.call2(target, a, b),
        None => f.call0(target),
    }
}

/// The `InvalidResponseError` of a 2xx body over `maxResponseBytes`.
fn too_large(status: u16, limit: u32) -> Error {
    let mut message = String::from("the body is larger than maxResponseBytes (");
    message.push_str(&crate::model::itoa(u64::from(limit)));
    message.push_str(" bytes)");
    Error::InvalidResponse {
        status,
        issues: vec![crate::validate::Issue {
            path: String::new(),
            code: "too_large",
            message,
        }],
    }
}

fn not_a_response() -> Error {
    Error::InvalidResponse {
        status: 0,
        issues: vec![crate::validate::Issue {
            path: String::new(),
            code: "type",
            message: String::from(
                "fetch did not resolve to a Response with a numeric status and a text() body",
            ),
        }],
    }
}

/// Waits `ms`; false when the caller's signal fired first (the timer is then cleared).
async fn sleep(ms: u32, signal: &JsValue) -> bool {
    if ms == 0 {
        return !is_aborted(signal);
    }
    let mut parts: Option<(Function, Function)> = None;
    let promise = Promise::new(&mut |resolve, reject| parts = Some((resolve, reject)));
    let Some((resolve, reject)) = parts else {
        return !is_aborted(signal);
    };
    let timer = set_timeout(&resolve, ms);
    let linked = link(signal, &reject);
    let woke = JsFuture::from(promise).await.is_ok();
    clear_timeout(timer);
    if linked {
        unlink(signal, &reject);
    }
    woke && !is_aborted(signal)
}
