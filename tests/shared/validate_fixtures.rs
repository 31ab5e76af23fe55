//! Shared helpers for the validation tests: valid bodies of both endpoints and every
//! payload kind, and small builders for walker-shaped values.
#![allow(dead_code)]

use botpress_chat_wasm::model::{Foreign, Value};
use botpress_chat_wasm::validate::Issue;
use serde_json::json;

/// A `serde_json` value as the crate's tree (through JSON text, as the bindings do).
pub fn v(j: serde_json::Value) -> Value {
    Value::parse_owned(&j.to_string()).expect("serde_json writes valid JSON")
}

/// An object in walker shape (members may be foreign values).
pub fn obj(members: Vec<(&str, Value)>) -> Value {
    Value::Object(
        members
            .into_iter()
            .map(|(k, x)| (k.to_string().into(), x))
            .collect(),
    )
}

pub fn s(text: &str) -> Value {
    Value::String(String::from(text).into())
}

pub fn num(lexeme: &str) -> Value {
    Value::Number(String::from(lexeme).into())
}

pub fn foreign(f: Foreign) -> Value {
    Value::Foreign(f)
}

/// Replaces (or adds) member `key` of an object.
pub fn set(mut body: Value, key: &str, x: Value) -> Value {
    if let Value::Object(m) = &mut body {
        m.retain(|(k, _)| k != key);
        m.push((key.to_string().into(), x));
    }
    body
}

/// Removes member `key` of an object.
pub fn remove(mut body: Value, key: &str) -> Value {
    if let Value::Object(m) = &mut body {
        m.retain(|(k, _)| k != key);
    }
    body
}

/// A 28-character id (the shortest allowed).
pub const USER_ID: &str = "user_01HZX3F4Q8N2V6B7C9D0E1F2";
pub const CONV_ID: &str = "conv_01HZX3F4Q8N2V6B7C9D0E1F2";

pub fn card() -> serde_json::Value {
    json!({
        "title": "A card",
        "subtitle": "sub",
        "imageUrl": "https://example.com/a.png",
        "actions": [
            {"action": "postback", "label": "Yes", "value": "yes"},
            {"action": "url", "label": "Open", "value": "https://example.com"},
            {"action": "say", "label": "Say", "value": "hi"}
        ]
    })
}

/// A valid payload of each known kind.
pub fn payload(kind: &str) -> serde_json::Value {
    match kind {
        "text" => json!({"text": "hello"}),
        "image" => json!({"imageUrl": "https://example.com/a.png", "title": "A"}),
        "audio" => json!({"audioUrl": "https://example.com/a.mp3"}),
        "video" => json!({"videoUrl": "https://example.com/a.mp4", "title": "V"}),
        "file" => json!({"fileUrl": "https://example.com/a.pdf", "title": "F"}),
        "location" => {
            json!({"latitude": 45.5, "longitude": -73.56, "address": "", "title": "Montréal"})
        }
        "card" => card(),
        "carousel" => json!({"items": [card(), {"title": "bare", "actions": []}]}),
        "choice" | "dropdown" => json!({"text": "Pick one", "options": [
            {"label": "One", "value": "1"}, {"label": "Two", "value": "2"}
        ]}),
        "bloc" => json!({"items": [
            {"type": "text", "payload": {"text": "hi"}},
            {"type": "image", "payload": {"imageUrl": "https://example.com/a.png"}},
            {"type": "audio", "payload": {"audioUrl": "https://example.com/a.mp3"}},
            {"type": "video", "payload": {"videoUrl": "https://example.com/a.mp4"}},
            {"type": "file", "payload": {"fileUrl": "https://example.com/a.pdf", "title": "f"}},
            {"type": "location", "payload": {"latitude": 0, "longitude": 1e2}},
            {"type": "markdown", "payload": {"markdown": "**hi**"}}
        ]}),
        "markdown" => json!({"markdown": "# Title"}),
        other => json!({"anything": other, "nested": {"deep": [1, 2, {"x": null}]}}),
    }
}

pub fn message_json(kind: &str) -> serde_json::Value {
    json!({
        "type": kind,
        "payload": payload(kind),
        "userId": USER_ID,
        "conversationId": CONV_ID,
        "tags": {"ext": "42", "gone": null}
    })
}

pub fn message(kind: &str) -> Value {
    v(message_json(kind))
}

pub fn conversation() -> Value {
    v(json!({"channel": "channel", "tags": {"ext": "42"}}))
}

/// `(path, code)` of each issue, for compact assertions.
pub fn pc(issues: &[Issue]) -> Vec<(String, &'static str)> {
    issues.iter().map(|i| (i.path.clone(), i.code)).collect()
}

/// True when some issue has this path and code.
pub fn has(issues: &[Issue], path: &str, code: &str) -> bool {
    issues.iter().any(|i| i.path == path && i.code == code)
}
