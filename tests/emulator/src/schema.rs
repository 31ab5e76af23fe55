//! Request bodies checked against the official JSON Schemas (`spec/schemas`, kept in
//! `tests/data/`) by an independent JSON Schema validator (`boon`), never by the crate's own
//! validation: a server that shared the client's validator would agree with every one of its
//! bugs. The body is parsed by serde_json, not by the crate's parser either.
//!
//! The official schemas say less than the contract (DESIGN.md §3) in a few places; each
//! deviation is applied here, to a copy of the schema, and listed in the README beside this
//! crate ("Validation"):
//! 1. `getOrCreateConversation` also takes `properties`: an object of string or null values.
//! 2. Tag values (and `properties` values) may be `null` (null or "" unsets a tag).
//! 3. A message's `payload` must match the shape of its `type` for the known kinds
//!    (`message-payloads.json`: the `defaults`, plus the deprecated `markdown`); `bloc` takes
//!    the `markdownBloc` superset (bloc items may be markdown items).
//! 4. Known payloads accept extra keys at any depth (`additionalProperties: false` dropped):
//!    integrations add e.g. `metadata`, and the client sends them unchanged.
//! 5. `schedule` needs `dateTime` or `delay`, and `dateTime` must be an RFC 3339 date-time
//!    (`format: date-time`, asserted).
//! 6. Lone surrogates (`\ud800`, which `JSON.stringify` writes and `JSON.parse` reads) count as
//!    U+FFFD: serde_json refuses them.

use std::sync::OnceLock;

use boon::{Compiler, Draft, InstanceToken, SchemaIndex, Schemas, ValidationError};
use serde_json::{json, Value};

const CONVERSATION: &str = include_str!("../../data/getOrCreateConversation.request.json");
const MESSAGE: &str = include_str!("../../data/getOrCreateMessage.request.json");
const PAYLOADS: &str = include_str!("../../data/message-payloads.json");

/// The most issues reported for one body.
const MAX_ISSUES: usize = 20;

struct Compiled {
    schemas: Schemas,
    conversation: SchemaIndex,
    message: SchemaIndex,
}

fn compiled() -> &'static Compiled {
    static COMPILED: OnceLock<Compiled> = OnceLock::new();
    // The schemas are constants of this crate; `schemas_compile` (a test) proves they load.
    COMPILED.get_or_init(|| compile().expect("the built-in request schemas compile"))
}

/// The two request schemas with the deviations applied.
pub fn request_schemas() -> Result<(Value, Value), String> {
    let parse = |name: &str, text: &str| {
        serde_json::from_str::<Value>(text).map_err(|e| format!("{name}: {e}"))
    };
    let mut conversation = parse("conversation", CONVERSATION)?;
    let mut message = parse("message", MESSAGE)?;
    let payloads = parse("payloads", PAYLOADS)?;

    // 1, 2: properties, and null tag values.
    let nullable = json!({ "type": ["string", "null"], "maxLength": 500 });
    conversation["properties"]["properties"] =
        json!({ "type": "object", "additionalProperties": { "type": ["string", "null"] } });
    conversation["properties"]["tags"]["additionalProperties"] = nullable.clone();
    message["properties"]["tags"]["additionalProperties"] = nullable;

    // 3, 4: the payload of each known type.
    let mut shapes: Vec<(String, Value)> = payloads["defaults"]
        .as_object()
        .ok_or("message-payloads.json has no defaults")?
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    shapes.push(("markdown".into(), payloads["markdown"].clone()));
    for (kind, shape) in &mut shapes {
        if kind == "bloc" {
            *shape = payloads["markdownBloc"].clone();
        }
        open_objects(shape);
    }
    let rules: Vec<Value> = shapes
        .into_iter()
        .map(|(kind, shape)| {
            json!({
                "if": { "properties": { "type": { "const": kind } }, "required": ["type"] },
                "then": { "properties": { "payload": shape } }
            })
        })
        .collect();
    message["allOf"] = Value::Array(rules);

    // 5: schedule.
    let schedule = &mut message["properties"]["schedule"];
    schedule["anyOf"] = json!([{ "required": ["dateTime"] }, { "required": ["delay"] }]);
    schedule["properties"]["dateTime"]["format"] = json!("date-time");
    Ok((conversation, message))
}

/// Drops every `additionalProperties: false` (deviation 4).
fn open_objects(v: &mut Value) {
    match v {
        Value::Object(m) => {
            if m.get("additionalProperties") == Some(&Value::Bool(false)) {
                m.remove("additionalProperties");
            }
            m.values_mut().for_each(open_objects);
        }
        Value::Array(a) => a.iter_mut().for_each(open_objects),
        _ => {}
    }
}

fn compile() -> Result<Compiled, String> {
    let (conversation, message) = request_schemas()?;
    let mut compiler = Compiler::new();
    compiler.set_default_draft(Draft::V2020_12);
    compiler.enable_format_assertions();
    let mut schemas = Schemas::new();
    let mut add = |url: &str, schema: Value| -> Result<SchemaIndex, String> {
        compiler
            .add_resource(url, schema)
            .map_err(|e| format!("{url}: {e}"))?;
        compiler
            .compile(url, &mut schemas)
            .map_err(|e| format!("{url}: {e:#}"))
    };
    let conversation = add("urn:botpress:getOrCreateConversation.request", conversation)?;
    let message = add("urn:botpress:getOrCreateMessage.request", message)?;
    Ok(Compiled {
        schemas,
        conversation,
        message,
    })
}

/// Checks that the schemas compile (for a test).
pub fn schemas_compile() -> Result<(), String> {
    compile().map(|_| ())
}

/// Parses a request body with serde_json (deviation 6 for lone surrogates): the JSON value, or
/// why it is not JSON.
pub fn parse(text: &str) -> Result<Value, String> {
    serde_json::from_str(text).or_else(|e| {
        let fixed = replace_lone_surrogates(text);
        if fixed == text {
            return Err(e.to_string());
        }
        serde_json::from_str(&fixed).map_err(|e| e.to_string())
    })
}

/// `\uD800`-style escapes of lone surrogates replaced by `\uFFFD` (escapes of pairs kept).
fn replace_lone_surrogates(text: &str) -> String {
    fn unit(s: &[u8]) -> Option<u16> {
        let hex = std::str::from_utf8(s.get(2..6)?).ok()?;
        (s.first() == Some(&b'\\') && s.get(1) == Some(&b'u'))
            .then(|| u16::from_str_radix(hex, 16).ok())
            .flatten()
    }
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let mut last = 0;
    while i < b.len() {
        if b[i] == b'\\' {
            match unit(&b[i..]) {
                Some(0xd800..=0xdbff)
                    if unit(b.get(i + 6..).unwrap_or(&[]))
                        .is_some_and(|l| (0xdc00..=0xdfff).contains(&l)) =>
                {
                    i += 12;
                }
                Some(0xd800..=0xdfff) => {
                    out.push_str(&text[last..i]);
                    out.push_str("\\ufffd");
                    i += 6;
                    last = i;
                }
                // Any other escape: skip the backslash and the escaped byte.
                _ => i += 2,
            }
        } else {
            i += 1;
        }
    }
    out.push_str(&text[last.min(text.len())..]);
    out
}

/// The issues of a request body, as `(path, message)` pairs (paths in the client's style:
/// `payload.items[0].title`, `tags["a-b"]`); empty when the body is valid.
pub fn check(conversation: bool, body: &Value) -> Vec<(String, String)> {
    let c = compiled();
    let index = if conversation {
        c.conversation
    } else {
        c.message
    };
    let mut out = Vec::new();
    if let Err(e) = c.schemas.validate(body, index) {
        leaves(&e, &mut out);
    }
    out.dedup();
    out.truncate(MAX_ISSUES);
    out
}

/// The leaf errors of a validation error tree (the ones that say what is wrong).
fn leaves(e: &ValidationError, out: &mut Vec<(String, String)>) {
    if e.causes.is_empty() {
        out.push((path(&e.instance_location.tokens), e.kind.to_string()));
    }
    for c in &e.causes {
        leaves(c, out);
    }
}

fn path(tokens: &[InstanceToken]) -> String {
    let mut p = String::new();
    for t in tokens {
        match t {
            InstanceToken::Item(i) => p.push_str(&format!("[{i}]")),
            InstanceToken::Prop(k) => {
                let ident = k
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                    && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
                if ident {
                    if !p.is_empty() {
                        p.push('.');
                    }
                    p.push_str(k);
                } else {
                    p.push_str(&format!("[{}]", Value::String(k.to_string())));
                }
            }
        }
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schemas_compile() {
        schemas_compile().unwrap();
    }

    #[test]
    fn lone_surrogates_become_replacement_characters() {
        assert_eq!(
            replace_lone_surrogates(r#"["\ud800","\ud83d\ude00","\\ud800","a\udc00b","\ud800"#),
            r#"["\ufffd","\ud83d\ude00","\\ud800","a\ufffdb","\ufffd"#
        );
        assert_eq!(
            parse(r#"{"a":"\ud800"}"#).unwrap(),
            json!({"a": "\u{fffd}"})
        );
    }

    #[test]
    fn paths_in_the_clients_style() {
        let v = json!({"payload": {"items": [{"actions": [{}]}]}, "tags": {"a-b": 1}});
        let issues = check(
            false,
            &json!({"type": "carousel", "payload": v["payload"], "tags": v["tags"], "userId": "u", "conversationId": "c"}),
        );
        let paths: Vec<&str> = issues.iter().map(|(p, _)| p.as_str()).collect();
        assert!(paths.contains(&"payload.items[0]"), "{issues:?}");
        assert!(paths.contains(&r#"tags["a-b"]"#), "{issues:?}");
        assert!(paths.contains(&"userId"), "{issues:?}");
    }

    #[test]
    fn the_deviations() {
        let msg = |extra: Value| {
            let mut m = json!({"type": "text", "payload": {"text": "hi"}, "userId": "user_01HZY0000000000000000000AB", "conversationId": "conv_01HZY0000000000000000000AB", "tags": {}});
            for (k, v) in extra.as_object().unwrap() {
                m[k] = v.clone();
            }
            check(false, &m)
        };
        // 1, 2
        assert!(check(
            true,
            &json!({"channel": "c", "tags": {"a": null}, "properties": {"p": null, "q": "v"}})
        )
        .is_empty());
        assert!(!check(
            true,
            &json!({"channel": "c", "tags": {}, "properties": {"p": 1}})
        )
        .is_empty());
        assert!(msg(json!({"tags": {"a": null}})).is_empty());
        // 3, 4
        assert!(!msg(json!({"payload": {}})).is_empty());
        assert!(msg(json!({"payload": {"text": "x", "metadata": {"any": 1}}})).is_empty());
        assert!(!msg(json!({"type": "card", "payload": {"title": "t", "actions": [{"action": "nope", "label": "l", "value": "v"}]}})).is_empty());
        assert!(msg(json!({"type": "bloc", "payload": {"items": [{"type": "markdown", "payload": {"markdown": "*x*"}}]}})).is_empty());
        assert!(!msg(
            json!({"type": "bloc", "payload": {"items": [{"type": "card", "payload": {}}]}})
        )
        .is_empty());
        assert!(
            msg(json!({"type": "my-integration:thing", "payload": {"anything": [1]}})).is_empty()
        );
        // 5
        assert!(!msg(json!({"schedule": {}})).is_empty());
        assert!(msg(json!({"schedule": {"delay": 5}})).is_empty());
        assert!(msg(json!({"schedule": {"dateTime": "2026-01-01T00:00:00.000Z"}})).is_empty());
        assert!(!msg(json!({"schedule": {"dateTime": "2026-13-01T00:00:00.000Z"}})).is_empty());
    }
}
