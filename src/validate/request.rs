//! Request bodies: `getOrCreateConversation` and `getOrCreateMessage` (DESIGN.md §3),
//! walked along the tables of their models (`crate::model`), payload shapes included.

use super::collector::{field, Known, Out, Path};
use super::datetime::is_rfc3339;
use super::Issue;
use crate::model::{
    Field, Foreign, GetOrCreateConversationInput, GetOrCreateMessageInput, Json, KnownMessage, Rule,
};
pub use crate::model::{BLOC_ITEM_TYPES, KNOWN_MESSAGE_TYPES};

/// Card action kinds.
pub const CARD_ACTIONS: &[&str] = crate::model::CardActionType::VALUES;

/// Issues of a `getOrCreateConversation` request body; empty when valid.
pub fn get_or_create_conversation(body: &Json<'_>) -> Vec<Issue> {
    strict_body(body, GetOrCreateConversationInput::FIELDS)
}

/// Issues of a `getOrCreateMessage` request body; empty when valid.
pub fn get_or_create_message(body: &Json<'_>) -> Vec<Issue> {
    strict_body(body, GetOrCreateMessageInput::FIELDS)
}

/// A request body: an object with only the fields of `shape`, each checked by its rule.
fn strict_body(body: &Json<'_>, shape: &'static [Field]) -> Vec<Issue> {
    let mut out = Out::new("body");
    let Some(members) = out.object(Path::ROOT, body) else {
        return out.issues;
    };
    out.unknown_members(members, Path::ROOT, Known::Fields(shape), &[]);
    out.fields(body, Path::ROOT, shape, 0);
    out.issues
}

impl Out {
    /// The fields of `shape` in `obj`: required ones present, each present one by its rule.
    fn fields(&mut self, obj: &Json<'_>, path: Path<'_>, shape: &'static [Field], depth: usize) {
        for f in shape {
            let p = path.key(f.name);
            match field(obj, f.name) {
                None if f.required => self.required(p),
                None => {}
                Some(x) => self.rule(p, x, f.rule, obj, depth + 1),
            }
        }
    }

    /// `v`, the member of `parent` at `path`, checked by `rule`.
    fn rule(&mut self, path: Path<'_>, v: &Json<'_>, rule: Rule, parent: &Json<'_>, depth: usize) {
        match rule {
            Rule::Str { min, max } => self.string(path, v, min.into(), max.map(usize::from)),
            Rule::DateTime { min, max } => {
                if let Some(s) = self.expect_str(path, v) {
                    self.length(path, s, min.into(), max.map(usize::from));
                    if !is_rfc3339(s) {
                        let m = self.say(
                            path,
                            " must be an RFC 3339 date-time such as 2024-01-01T00:00:00.000Z",
                        );
                        self.push(path, "format", m);
                    }
                }
            }
            Rule::Num => self.finite_number(path, v),
            Rule::Bool => {
                if !matches!(v, Json::Bool(_)) {
                    self.bad_type(path, "boolean", v);
                }
            }
            Rule::Enum(allowed) => self.one_of(path, v, allowed),
            Rule::Shape(shape) => self.shaped(path, v, shape, depth),
            Rule::Strict(shape) => self.strict(path, v, shape, depth),
            Rule::Arr(shape) => {
                if let Some(items) = self.array(path, v) {
                    for (i, x) in items.iter().enumerate() {
                        self.shaped(path.at(i), x, shape, depth + 1);
                    }
                }
            }
            Rule::StrArr { max } => self.string_array(path, v, max.into()),
            Rule::StrMap { max } => self.string_map(path, v, max.map(usize::from)),
            Rule::Payload => {
                // The sibling `type` picks the shape; a custom type takes any object.
                let kind = field(parent, "type").and_then(Json::as_str);
                match kind.and_then(KnownMessage::shape_of) {
                    Some(shape) => self.shaped(path, v, shape, depth),
                    None => self.free_object(path, v, depth),
                }
            }
            Rule::BlocItems => {
                if let Some(items) = self.array(path, v) {
                    for (i, x) in items.iter().enumerate() {
                        self.bloc_item(path.at(i), x, depth + 1);
                    }
                }
            }
            Rule::AnyObj => self.free_object(path, v, depth),
        }
    }

    /// An object checked against a payload shape; keys the shape does not name are
    /// allowed, and only scanned for values JSON cannot carry.
    fn shaped(&mut self, path: Path<'_>, v: &Json<'_>, shape: &'static [Field], depth: usize) {
        let Some(members) = self.object(path, v) else {
            return;
        };
        self.fields(v, path, shape, depth);
        for (k, x) in members {
            if !shape.iter().any(|f| f.name == k) {
                self.scan(path.key(k), x, depth + 1);
            }
        }
    }

    /// An object with only the fields of `shape`, at least one of them (`schedule`).
    fn strict(&mut self, path: Path<'_>, v: &Json<'_>, shape: &'static [Field], depth: usize) {
        let Some(members) = self.object(path, v) else {
            return;
        };
        self.unknown_members(members, path, Known::Fields(shape), &[]);
        self.fields(v, path, shape, depth);
        if !shape.iter().any(|f| field(v, f.name).is_some()) {
            let mut m = self.say(path, " needs ");
            for (i, f) in shape.iter().enumerate() {
                if i > 0 {
                    m.push_str(" or ");
                }
                m.push_str(f.name);
            }
            self.push(path, "required", m);
        }
    }

    fn string_map(&mut self, path: Path<'_>, v: &Json<'_>, max: Option<usize>) {
        let Some(members) = self.object(path, v) else {
            return;
        };
        for (k, x) in members {
            match x {
                // Dropped by `JSON.stringify`, like `undefined`.
                Json::Null
                | Json::Foreign(Foreign::Undefined | Foreign::Function | Foreign::Symbol) => {}
                Json::String(s) => {
                    if max.is_some_and(|max| s.len() > max) {
                        self.length(path.key(k), s, 0, max);
                    }
                }
                other => self.bad_type(path.key(k), "string or null", other),
            }
        }
    }

    fn string_array(&mut self, path: Path<'_>, v: &Json<'_>, max: usize) {
        let Some(items) = (match v {
            Json::Array(a) => Some(a),
            other => {
                self.bad_type(path, "array", other);
                None
            }
        }) else {
            return;
        };
        for (i, x) in items.iter().enumerate() {
            match x {
                Json::String(s) if s.len() <= max => {}
                other => self.string(path.at(i), other, 0, Some(max)),
            }
        }
    }

    fn bloc_item(&mut self, path: Path<'_>, v: &Json<'_>, depth: usize) {
        let Some(members) = self.object(path, v) else {
            return;
        };
        let type_path = path.key("type");
        let mut shape = None;
        match field(v, "type") {
            None => self.required(type_path),
            Some(t) => {
                self.one_of(type_path, t, BLOC_ITEM_TYPES);
                // The kinds share their payload tables with `KnownMessage` (tests/drift.rs
                // checks it), so one lookup serves both.
                shape = t
                    .as_str()
                    .filter(|k| BLOC_ITEM_TYPES.contains(k))
                    .and_then(KnownMessage::shape_of);
            }
        }
        let payload_path = path.key("payload");
        match (field(v, "payload"), shape) {
            (None, _) => self.required(payload_path),
            (Some(p), Some(shape)) => self.shaped(payload_path, p, shape, depth + 1),
            (Some(p), None) => self.free_object(payload_path, p, depth + 1),
        }
        for (k, x) in members {
            if k != "type" && k != "payload" {
                self.scan(path.key(k), x, depth + 1);
            }
        }
    }
}
