//! Request bodies: `getOrCreateConversation` and `getOrCreateMessage` (DESIGN.md §3), and
//! the payload shapes of the known message kinds.

use super::collector::{child, field, index, Out};
use super::datetime::is_rfc3339;
use super::Issue;
use crate::model::{Foreign, Value};

/// Message `type`s whose payload shape is known (`messages.defaults` plus the deprecated
/// `markdown`); any other type takes any object payload.
pub const KNOWN_MESSAGE_TYPES: &[&str] = &[
    "text", "image", "audio", "video", "file", "location", "card", "carousel", "choice",
    "dropdown", "bloc", "markdown",
];

/// The kinds a `bloc` item may be (`markdown` as in the deprecated `markdownBloc`, which
/// integrations install as their `bloc`).
pub const BLOC_ITEM_TYPES: &[&str] = &[
    "text", "image", "audio", "video", "file", "location", "markdown",
];

/// Card action kinds.
pub const CARD_ACTIONS: &[&str] = &["postback", "url", "say"];

const CONVERSATION_FIELDS: &[&str] = &[
    "channel",
    "tags",
    "integrationName",
    "discriminateByTags",
    "properties",
];
const MESSAGE_FIELDS: &[&str] = &[
    "payload",
    "userId",
    "conversationId",
    "type",
    "tags",
    "schedule",
    "origin",
    "discriminateByTags",
];
const SCHEDULE_FIELDS: &[&str] = &["dateTime", "delay"];
const ORIGINS: &[&str] = &["synthetic"];

// ---------------------------------------------------------------------------------------
// Request bodies

/// Issues of a `getOrCreateConversation` request body; empty when valid.
pub fn get_or_create_conversation(body: &Value) -> Vec<Issue> {
    let mut out = Out::new("body");
    let Some(members) = out.object("", body) else {
        return out.issues;
    };
    out.unknown_fields(members, "", CONVERSATION_FIELDS, &[]);
    match field(body, "channel") {
        None => out.required("channel"),
        Some(v) => out.string("channel", v, 0, Some(200)),
    }
    match field(body, "tags") {
        None => out.required("tags"),
        Some(v) => out.tags("tags", v),
    }
    if let Some(v) = field(body, "integrationName") {
        out.string("integrationName", v, 0, Some(200));
    }
    if let Some(v) = field(body, "discriminateByTags") {
        out.string_array("discriminateByTags", v, 500);
    }
    if let Some(v) = field(body, "properties") {
        out.string_map("properties", v, None);
    }
    out.issues
}

/// Issues of a `getOrCreateMessage` request body; empty when valid.
pub fn get_or_create_message(body: &Value) -> Vec<Issue> {
    let mut out = Out::new("body");
    let Some(members) = out.object("", body) else {
        return out.issues;
    };
    out.unknown_fields(members, "", MESSAGE_FIELDS, &[]);
    // Check `type` first: it picks the payload shape.
    let mut kind = None;
    match field(body, "type") {
        None => out.required("type"),
        Some(v) => {
            out.string("type", v, 0, Some(200));
            kind = v.as_str();
        }
    }
    match field(body, "payload") {
        None => out.required("payload"),
        Some(v) => match kind.and_then(shape_of) {
            Some(shape) => out.shaped("payload", v, shape, 1),
            None => out.free_object("payload", v, 1),
        },
    }
    for id in ["userId", "conversationId"] {
        match field(body, id) {
            None => out.required(id),
            Some(v) => out.string(id, v, 28, Some(36)),
        }
    }
    match field(body, "tags") {
        None => out.required("tags"),
        Some(v) => out.tags("tags", v),
    }
    if let Some(v) = field(body, "schedule") {
        out.schedule(v);
    }
    if let Some(v) = field(body, "origin") {
        out.one_of("origin", v, ORIGINS);
    }
    if let Some(v) = field(body, "discriminateByTags") {
        out.string_array("discriminateByTags", v, 500);
    }
    out.issues
}

// ---------------------------------------------------------------------------------------
// Payload shapes (message-payloads.json `defaults` + `markdown`)

#[derive(Clone, Copy)]
enum Ty {
    /// A string of at least this many code points.
    Str(usize),
    /// A finite number.
    Num,
    /// A string from this list.
    Enum(&'static [&'static str]),
    /// An array of objects of this shape.
    Arr(&'static [Field]),
    /// An array of `{type, payload}` bloc items.
    BlocItems,
}

struct Field {
    name: &'static str,
    required: bool,
    ty: Ty,
}

const fn req(name: &'static str, ty: Ty) -> Field {
    Field {
        name,
        required: true,
        ty,
    }
}

const fn opt(name: &'static str, ty: Ty) -> Field {
    Field {
        name,
        required: false,
        ty,
    }
}

const TEXT: &[Field] = &[req("text", Ty::Str(1))];
const IMAGE: &[Field] = &[req("imageUrl", Ty::Str(1)), opt("title", Ty::Str(1))];
const AUDIO: &[Field] = &[req("audioUrl", Ty::Str(1)), opt("title", Ty::Str(1))];
const VIDEO: &[Field] = &[req("videoUrl", Ty::Str(1)), opt("title", Ty::Str(1))];
const FILE: &[Field] = &[req("fileUrl", Ty::Str(1)), opt("title", Ty::Str(1))];
const LOCATION: &[Field] = &[
    req("latitude", Ty::Num),
    req("longitude", Ty::Num),
    opt("address", Ty::Str(0)),
    opt("title", Ty::Str(0)),
];
const ACTION: &[Field] = &[
    req("action", Ty::Enum(CARD_ACTIONS)),
    req("label", Ty::Str(1)),
    req("value", Ty::Str(1)),
];
const CARD: &[Field] = &[
    req("title", Ty::Str(1)),
    opt("subtitle", Ty::Str(1)),
    opt("imageUrl", Ty::Str(1)),
    req("actions", Ty::Arr(ACTION)),
];
const CAROUSEL: &[Field] = &[req("items", Ty::Arr(CARD))];
const OPTION: &[Field] = &[req("label", Ty::Str(1)), req("value", Ty::Str(1))];
const CHOICE: &[Field] = &[req("text", Ty::Str(1)), req("options", Ty::Arr(OPTION))];
const BLOC: &[Field] = &[req("items", Ty::BlocItems)];
const MARKDOWN: &[Field] = &[req("markdown", Ty::Str(1))];

fn shape_of(kind: &str) -> Option<&'static [Field]> {
    Some(match kind {
        "text" => TEXT,
        "image" => IMAGE,
        "audio" => AUDIO,
        "video" => VIDEO,
        "file" => FILE,
        "location" => LOCATION,
        "card" => CARD,
        "carousel" => CAROUSEL,
        "choice" | "dropdown" => CHOICE,
        "bloc" => BLOC,
        "markdown" => MARKDOWN,
        _ => return None,
    })
}

fn bloc_item_shape(kind: &str) -> Option<&'static [Field]> {
    match kind {
        "bloc" | "card" | "carousel" | "choice" | "dropdown" => None,
        k => shape_of(k),
    }
}

impl Out {
    /// `tags`: an object of string (≤ 500) or null values.
    fn tags(&mut self, path: &str, v: &Value) {
        self.string_map(path, v, Some(500));
    }

    fn string_map(&mut self, path: &str, v: &Value, max: Option<usize>) {
        let Some(members) = self.object(path, v) else {
            return;
        };
        for (k, x) in members {
            match x {
                // Dropped by `JSON.stringify`, like `undefined`.
                Value::Null
                | Value::Foreign(Foreign::Undefined | Foreign::Function | Foreign::Symbol) => {}
                Value::String(s) => {
                    if max.is_some_and(|max| s.len() > max) {
                        self.length(&child(path, k), s, 0, max);
                    }
                }
                other => self.bad_type(&child(path, k), "string or null", other),
            }
        }
    }

    fn string_array(&mut self, path: &str, v: &Value, max: usize) {
        let Some(items) = (match v {
            Value::Array(a) => Some(a),
            other => {
                self.bad_type(path, "array", other);
                None
            }
        }) else {
            return;
        };
        for (i, x) in items.iter().enumerate() {
            match x {
                Value::String(s) if s.len() <= max => {}
                other => self.string(&index(path, i), other, 0, Some(max)),
            }
        }
    }

    fn schedule(&mut self, v: &Value) {
        let Some(members) = self.object("schedule", v) else {
            return;
        };
        self.unknown_fields(members, "schedule", SCHEDULE_FIELDS, &[]);
        let date_time = field(v, "dateTime");
        let delay = field(v, "delay");
        if let Some(d) = date_time {
            if let Some(s) = self.expect_str("schedule.dateTime", d) {
                self.length("schedule.dateTime", s, 24, Some(28));
                if !is_rfc3339(s) {
                    self.push(
                        "schedule.dateTime",
                        "format",
                        "schedule.dateTime must be an RFC 3339 date-time such as 2024-01-01T00:00:00.000Z".into(),
                    );
                }
            }
        }
        if let Some(d) = delay {
            self.finite_number("schedule.delay", d);
        }
        if date_time.is_none() && delay.is_none() {
            self.push(
                "schedule",
                "required",
                "schedule needs dateTime or delay".into(),
            );
        }
    }

    /// An object checked against a payload shape; keys the shape does not name are
    /// allowed, and only scanned for values JSON cannot carry.
    fn shaped(&mut self, path: &str, v: &Value, shape: &'static [Field], depth: usize) {
        let Some(members) = self.object(path, v) else {
            return;
        };
        for f in shape {
            let p = child(path, f.name);
            match field(v, f.name) {
                None if f.required => self.required(&p),
                None => {}
                Some(x) => self.typed(&p, x, f.ty, depth + 1),
            }
        }
        for (k, x) in members {
            if !shape.iter().any(|f| f.name == k) {
                self.scan(&child(path, k), x, depth + 1);
            }
        }
    }

    fn typed(&mut self, path: &str, v: &Value, ty: Ty, depth: usize) {
        match ty {
            Ty::Str(min) => self.string(path, v, min, None),
            Ty::Num => self.finite_number(path, v),
            Ty::Enum(allowed) => self.one_of(path, v, allowed),
            Ty::Arr(shape) => {
                if let Some(items) = self.array(path, v) {
                    for (i, x) in items.iter().enumerate() {
                        self.shaped(&index(path, i), x, shape, depth + 1);
                    }
                }
            }
            Ty::BlocItems => {
                if let Some(items) = self.array(path, v) {
                    for (i, x) in items.iter().enumerate() {
                        self.bloc_item(&index(path, i), x, depth + 1);
                    }
                }
            }
        }
    }
    fn bloc_item(&mut self, path: &str, v: &Value, depth: usize) {
        let Some(members) = self.object(path, v) else {
            return;
        };
        let type_path = child(path, "type");
        let mut shape = None;
        match field(v, "type") {
            None => self.required(&type_path),
            Some(t) => {
                self.one_of(&type_path, t, BLOC_ITEM_TYPES);
                shape = t.as_str().and_then(bloc_item_shape);
            }
        }
        let payload_path = child(path, "payload");
        match (field(v, "payload"), shape) {
            (None, _) => self.required(&payload_path),
            (Some(p), Some(shape)) => self.shaped(&payload_path, p, shape, depth + 1),
            (Some(p), None) => self.free_object(&payload_path, p, depth + 1),
        }
        for (k, x) in members {
            if k != "type" && k != "payload" {
                self.scan(&child(path, k), x, depth + 1);
            }
        }
    }
}
