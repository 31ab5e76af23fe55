//! Response bodies, checked leniently along the tables of their models (`crate::model`):
//! required fields and their types only (no lengths, enums or formats); unknown fields
//! ignored, so a newer server revision keeps working.

use super::collector::{field, Out, Path};
use super::Issue;
use crate::model::{Field, GetOrCreateConversationOutput, GetOrCreateMessageOutput, Json, Rule};

/// Issues of a `getOrCreateConversation` response body (required fields and their types;
/// unknown fields ignored; `null` counts as absent for optional fields).
pub fn conversation_response(body: &Json<'_>) -> Vec<Issue> {
    lenient_body(body, GetOrCreateConversationOutput::FIELDS)
}

/// Issues of a `getOrCreateMessage` response body (lenient, as [`conversation_response`]).
pub fn message_response(body: &Json<'_>) -> Vec<Issue> {
    lenient_body(body, GetOrCreateMessageOutput::FIELDS)
}

fn lenient_body(body: &Json<'_>, shape: &'static [Field]) -> Vec<Issue> {
    let mut out = Out::new("response");
    if out.object(Path::ROOT, body).is_some() {
        out.lenient(body, Path::ROOT, shape);
    }
    out.issues
}

impl Out {
    /// The fields of `shape` in the object `obj`, by type only.
    fn lenient(&mut self, obj: &Json<'_>, path: Path<'_>, shape: &'static [Field]) {
        for f in shape {
            let p = path.key(f.name);
            let v = match field(obj, f.name) {
                None => {
                    if f.required {
                        self.required(p);
                    }
                    continue;
                }
                Some(Json::Null) if !f.required => continue,
                Some(v) => v,
            };
            match (f.rule, v) {
                (Rule::Str { .. } | Rule::DateTime { .. } | Rule::Enum(_), Json::String(_))
                | (Rule::Num, Json::Number(_))
                | (Rule::Bool, Json::Bool(_))
                | (Rule::Arr(_) | Rule::StrArr { .. } | Rule::BlocItems, Json::Array(_))
                | (Rule::Strict(_) | Rule::Payload | Rule::AnyObj, Json::Object(_)) => {}
                (Rule::Shape(inner), Json::Object(_)) => self.lenient(v, p, inner),
                (Rule::StrMap { .. }, Json::Object(m)) => {
                    for (k, x) in m {
                        if !matches!(x, Json::String(_) | Json::Null) {
                            self.bad_type(p.key(k), "string", x);
                        }
                    }
                }
                (Rule::Str { .. } | Rule::DateTime { .. } | Rule::Enum(_), _) => {
                    self.bad_type(p, "string", v)
                }
                (Rule::Num, _) => self.bad_type(p, "number", v),
                (Rule::Bool, _) => self.bad_type(p, "boolean", v),
                (Rule::Arr(_) | Rule::StrArr { .. } | Rule::BlocItems, _) => {
                    self.bad_type(p, "array", v)
                }
                (
                    Rule::Shape(_)
                    | Rule::Strict(_)
                    | Rule::Payload
                    | Rule::AnyObj
                    | Rule::StrMap { .. },
                    _,
                ) => self.bad_type(p, "object", v),
            }
        }
    }
}
