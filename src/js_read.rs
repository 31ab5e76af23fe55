//! Reading JS values into the crate's value tree: request bodies (the host's
//! `JSON.stringify`, or a defensive walker when it throws) and options objects.
//!
//! Bodies are read with the host's `JSON.stringify` (one string crosses into wasm, and that
//! very text is what gets sent once it validates). When `JSON.stringify` throws (a cycle, a
//! BigInt, a getter or Proxy trap that throws, absurd depth), the walker reads the value
//! instead, so the issues can name the field at fault. Every read is made with `catch`.

use js_sys::{Array, Function, Object, Reflect};
use wasm_bindgen::prelude::*;

use crate::model::value::write_json_string;
use crate::model::value::MAX_DEPTH;
use crate::model::{Foreign, Json, Value};
use crate::transport::thrown_message;
use crate::validate::Issue;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = JSON, js_name = stringify)]
    pub(crate) fn json_stringify(v: &JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_namespace = JSON, js_name = parse)]
    pub(crate) fn json_parse(text: &JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_namespace = Object, js_name = keys)]
    pub(crate) fn object_keys(v: &JsValue) -> Result<Array, JsValue>;
    #[wasm_bindgen(catch, js_namespace = Object, js_name = getOwnPropertyNames)]
    pub(crate) fn own_property_names(v: &JsValue) -> Result<Array, JsValue>;
    #[wasm_bindgen(catch, js_namespace = ["Object", "prototype", "toString"], js_name = call)]
    pub(crate) fn object_tag(v: &JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_namespace = Array, js_name = isArray)]
    pub(crate) fn is_array(v: &JsValue) -> Result<bool, JsValue>;
    #[wasm_bindgen(catch, js_namespace = Reflect, js_name = ownKeys)]
    pub(crate) fn own_keys(v: &JsValue) -> Result<Array, JsValue>;
    #[wasm_bindgen(catch, js_namespace = Reflect, js_name = getOwnPropertyDescriptor)]
    pub(crate) fn own_descriptor(v: &JsValue, key: &JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_namespace = Reflect, js_name = getPrototypeOf)]
    pub(crate) fn prototype_of(v: &JsValue) -> Result<JsValue, JsValue>;
}

/// How the walker treats values JSON has no place for.
#[derive(Clone, Copy, PartialEq)]
pub enum Mode {
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
pub struct Walk {
    ancestors: Vec<JsValue>,
    budget: u32,
    /// The JS strings (values and kept keys, in document order) whose Rust copy holds U+FFFD:
    /// lone surrogates read as U+FFFD, which `JSON.stringify` writes as `\ud800` escapes.
    exact: Vec<JsValue>,
}

impl Walk {
    pub fn new() -> Walk {
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

pub fn walk(v: &JsValue, mode: Mode, w: &mut Walk) -> Value {
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
        return Value::String(s.into());
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
        members.push((name.into(), value));
    }
    Value::Object(members)
}

/// Reads a request body and checks it with `check`; returns the JSON text to send, kept as
/// the JS string it is (handing it to `fetch` as is saves decoding a copy back out of wasm
/// memory), and the issues. The value tree borrows from the text read into wasm, so it lives
/// only while it is checked.
pub fn read_body(body: &JsValue, check: fn(&Json<'_>) -> Vec<Issue>) -> (JsValue, Vec<Issue>) {
    if let Ok(text) = json_stringify(body) {
        if let Some(source) = text.as_string() {
            if let Ok(value) = Json::parse(&source) {
                let issues = check(&value);
                return (text, issues);
            }
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
    (JsValue::from_str(&text), check(&value))
}

/// Does `s` hold U+FFFD (what a lone surrogate becomes in a Rust `String`)?
fn has_replacement(s: &str) -> bool {
    s.chars().any(|c| c == '\u{fffd}')
}
