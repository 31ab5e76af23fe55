//! Building the JS errors: the exported classes (registered by the package entry), their
//! fields (serde-wasm-bindgen), and copies of causes that cannot lead back to the token.
//!
//! The package entry defines the classes in JS (real classes: `instanceof`, stack, `name`)
//! and registers them once at load; without registration (the raw glue, a test), errors are
//! plain `Error`s with the same `name`, `code` and fields.

use std::cell::RefCell;

use js_sys::{Array, Function, Object, Reflect};

use serde::{Serialize, Serializer};
use wasm_bindgen::prelude::*;

use crate::error::{redact, redact_value, Error};
use crate::js_read::{
    is_array, object_tag, own_descriptor, own_keys, own_property_names, prototype_of,
};
use crate::model::find_sub;
use crate::transport::get;
use crate::validate::Issue;

thread_local! {
    static ERROR_CLASSES: RefCell<Option<JsValue>> = const { RefCell::new(None) };
}

/// Keeps the classes `to_js_error` constructs (`{ValidationError, ApiError, …}`).
pub fn register_classes(classes: JsValue) {
    ERROR_CLASSES.with(|c| *c.borrow_mut() = Some(classes));
}

fn set(target: &JsValue, key: &str, value: &JsValue) {
    let _ = Reflect::set(target, &JsValue::from_str(key), value);
}

/// A value leaving wasm through serde-wasm-bindgen.
enum Out<'a> {
    Str(String),
    Num(u32),
    Bool(bool),
    /// An own property holding `undefined` (as before: `"id" in error` holds).
    Absent,
    /// Issues, the token scrubbed from path and message (an unknown key, or a getter's
    /// thrown message, could hold it).
    Issues(&'a [Issue], &'a str),
}

/// The extra fields of an error class: a plain JS object, written as a map, so the keys go
/// out as strings and serde-wasm-bindgen needs no key cache (its `HashMap` cost about 1 KB
/// gzip; errors are not a hot path).
struct Obj<'a>(&'a [(&'static str, Out<'a>)]);

/// One issue: `{path, code, message}`.
struct IssueOut<'a>(&'a Issue, &'a str);

impl Serialize for Out<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Out::Str(v) => s.serialize_str(v),
            Out::Num(n) => s.serialize_u32(*n),
            Out::Bool(b) => s.serialize_bool(*b),
            Out::Absent => s.serialize_none(),
            Out::Issues(issues, token) => s.collect_seq(issues.iter().map(|i| IssueOut(i, token))),
        }
    }
}

impl Serialize for Obj<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(k, v)| (*k, v)))
    }
}

impl Serialize for IssueOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (i, token) = (self.0, self.1);
        Obj(&[
            ("path", Out::Str(redact(&i.path, token))),
            ("code", Out::Str(String::from(i.code))),
            ("message", Out::Str(redact(&i.message, token))),
        ])
        .serialize(s)
    }
}

/// `v` as a JS value: maps as plain objects; `undefined` if serialization fails (it cannot:
/// strings, numbers, booleans, arrays and objects of them).
fn to_js(v: &impl Serialize) -> JsValue {
    let s = serde_wasm_bindgen::Serializer::new().serialize_maps_as_objects(true);
    v.serialize(&s).unwrap_or(JsValue::UNDEFINED)
}

/// Issues as a JS array of plain `{path, code, message}` objects (serde-wasm-bindgen).
pub fn issues_to_js(issues: &[Issue], token: &str) -> JsValue {
    to_js(&Out::Issues(issues, token))
}

/// Builds the JS error for `e`. `cause` is the thrown value (network) or the signal's reason
/// (abort). The token is scrubbed from the message and every string field, and a cause
/// that mentions it is replaced by a scrubbed copy.
pub fn to_js_error(e: &Error, cause: Option<JsValue>, token: &str) -> JsValue {
    let message = redact(&e.message(), token);
    let opt = |s: &Option<String>| {
        s.as_deref()
            .map_or(Out::Absent, |s| Out::Str(redact(s, token)))
    };
    // The extra fields of each class, written by serde-wasm-bindgen (one call site: each
    // would inline the serializer).
    let fields: Vec<(&'static str, Out)> = match e {
        Error::Validation { issues, .. } => vec![("issues", Out::Issues(issues, token))],
        Error::Api(a) => vec![
            ("status", Out::Num(a.status.into())),
            ("type", Out::Str(redact(&a.kind, token))),
            ("id", opt(&a.id)),
            ("requestId", opt(&a.request_id)),
            ("retryable", Out::Bool(a.retryable)),
        ],
        Error::Timeout { timeout_ms } => vec![("timeoutMs", Out::Num(*timeout_ms))],
        Error::InvalidResponse { status, issues } => vec![
            ("status", Out::Num((*status).into())),
            ("issues", Out::Issues(issues, token)),
        ],
        Error::Network { .. } | Error::Aborted => Vec::new(),
    };
    let fields = to_js(&Obj(&fields));
    if let Error::Api(a) = e {
        // Through the host's JSON.parse, not serde-wasm-bindgen: it keeps a `__proto__` key
        // as data (an assignment would set the object's prototype) and numbers as written.
        let metadata = a
            .metadata
            .as_ref()
            .map(|m| js_sys::JSON::parse(&redact_value(m, token).to_json()));
        set(
            &fields,
            "metadata",
            &metadata.and_then(Result::ok).unwrap_or(JsValue::UNDEFINED),
        );
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
    let _ = Object::assign(
        err.unchecked_ref::<Object>(),
        fields.unchecked_ref::<Object>(),
    );
    err
}

/// A copy of a thrown value that cannot lead back to the token: an `Error` with the name,
/// message, stack and other primitive own fields of `v` (strings and keys redacted), and
/// copies of its `cause` and `errors` (AggregateError), within bounds. Nothing of `v` that is an
/// object is kept: not a `Request`, `Headers` or `Map` (whose
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
