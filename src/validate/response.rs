//! Response bodies, checked leniently: required fields and their types; unknown fields
//! ignored, so a newer server revision keeps working.

use super::collector::{child, field, Out};
use super::Issue;
use crate::model::Value;

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

impl Out {
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
}
