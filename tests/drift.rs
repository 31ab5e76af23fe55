#![cfg(not(target_arch = "wasm32"))]
//! The models' validation tables (`T::FIELDS`, declared with each struct in src/model/)
//! against the official JSON Schemas (copies in tests/data): field names, the required set,
//! types, lengths, enums and formats, for every known payload kind, both requests and both
//! responses. Validation walks these tables and the typings come from the same structs, so
//! this test is what keeps models, validation and spec/schemas from drifting apart.
//!
//! Every difference is named by a path and a sentence; the ones DESIGN.md §3 asks for are in
//! [`ALLOWED`], each with its reason. A difference outside it fails, and so does an entry of
//! it that no longer occurs.

use std::collections::BTreeSet;

use botpress_chat_wasm::model::{
    BlocItem, Field, GetOrCreateConversationInput, GetOrCreateConversationOutput,
    GetOrCreateMessageInput, GetOrCreateMessageOutput, KnownMessage, Rule, BLOC_ITEM_TYPES,
    KNOWN_MESSAGE_TYPES,
};
use serde_json::Value as Json;

/// The documented deviations from the schemas (DESIGN.md §3 and the README).
const ALLOWED: &[&str] = &[
    // The newer API revision (client >= 1.44) adds `properties` to conversations; the
    // copies in tests/data predate it.
    "getOrCreateConversation.request.properties: in the model, not in the schema",
    // §3: tag values may be `null` (as may properties): null or "" unsets a tag.
    "getOrCreateConversation.request.tags: values may also be null",
    "getOrCreateMessage.request.tags: values may also be null",
    // §3: a known `type` makes the payload match message-payloads.json; the request schema
    // only says "object".
    "getOrCreateMessage.request.payload: shaped by the message type",
    // §3: `schedule` needs dateTime or delay (the schema says so in its description only).
    "getOrCreateMessage.request.schedule: needs one of its fields",
    // §3: `dateTime` is an RFC 3339 date-time; the schema gives only its lengths.
    "getOrCreateMessage.request.schedule.dateTime: format date-time in the model, none in the schema",
    // `markdown` items, as in the deprecated `markdownBloc` that integrations install as
    // their `bloc` (checked in full against markdownBloc below).
    "payload bloc.items: may also be markdown",
    // Responses: the newer API revision's `meta`, `messageCount` and `properties`; stored
    // tags are read leniently (null passes, as the server may echo an unset tag).
    "getOrCreateConversation.response.meta: in the model, not in the schema",
    "getOrCreateConversation.response.conversation.messageCount: in the model, not in the schema",
    "getOrCreateConversation.response.conversation.properties: in the model, not in the schema",
    "getOrCreateConversation.response.conversation.tags: values may also be null",
    "getOrCreateMessage.response.meta: in the model, not in the schema",
    "getOrCreateMessage.response.message.tags: values may also be null",
];

fn schema(name: &str) -> Json {
    let path = format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A `$ref` to `#/components/schemas/X` is the file `X.json` of tests/data.
fn resolve(s: &Json) -> Json {
    match s["$ref"].as_str() {
        Some(r) => schema(&format!("{}.json", r.rsplit('/').next().unwrap_or(r))),
        None => s.clone(),
    }
}

#[derive(Default)]
struct Drift {
    found: Vec<String>,
}

impl Drift {
    fn say(&mut self, path: &str, what: impl std::fmt::Display) {
        self.found.push(format!("{path}: {what}"));
    }

    /// An object's table against its schema. Extra keys: `strict` objects (request bodies,
    /// `schedule`) must be closed like their schema; payload parts allow extra keys by
    /// design (§3), so their `additionalProperties: false` is not compared.
    fn table(&mut self, path: &str, fields: &[Field], s: &Json, strict: bool) {
        let s = resolve(s);
        let empty = serde_json::Map::new();
        let props = s["properties"].as_object().unwrap_or(&empty);
        let required: BTreeSet<&str> = s["required"]
            .as_array()
            .map(|a| a.iter().filter_map(Json::as_str).collect())
            .unwrap_or_default();
        let names: BTreeSet<&str> = fields.iter().map(|f| f.name).collect();
        if names.len() != fields.len() {
            self.say(path, "a field is declared twice");
        }
        for f in fields {
            let p = format!("{path}.{}", f.name);
            let Some(prop) = props.get(f.name) else {
                self.say(&p, "in the model, not in the schema");
                continue;
            };
            match (f.required, required.contains(f.name)) {
                (true, false) => self.say(&p, "required in the model only"),
                (false, true) => self.say(&p, "required in the schema only"),
                _ => {}
            }
            self.rule(&p, f.rule, prop);
        }
        for name in props.keys() {
            if !names.contains(name.as_str()) {
                self.say(&format!("{path}.{name}"), "in the schema, not in the model");
            }
        }
        if strict && s["additionalProperties"] != Json::Bool(false) {
            self.say(path, "closed in the model, open in the schema");
        }
    }

    fn ty(&mut self, path: &str, s: &Json, want: &str) -> bool {
        let got = s["type"].as_str().unwrap_or("(none)");
        if got != want {
            self.say(path, format!("{want} in the model, {got} in the schema"));
        }
        got == want
    }

    fn string(&mut self, path: &str, s: &Json, min: u16, max: Option<u16>, format: Option<&str>) {
        if !self.ty(path, s, "string") {
            return;
        }
        let smin = s["minLength"].as_u64().unwrap_or(0);
        if smin != u64::from(min) {
            self.say(
                path,
                format!("minLength {min} in the model, {smin} in the schema"),
            );
        }
        let smax = s["maxLength"].as_u64();
        if smax != max.map(u64::from) {
            self.say(
                path,
                format!("maxLength {max:?} in the model, {smax:?} in the schema"),
            );
        }
        let sformat = s["format"].as_str();
        if sformat != format {
            let show = |f: Option<&str>| f.unwrap_or("none").to_string();
            self.say(
                path,
                format!(
                    "format {} in the model, {} in the schema",
                    show(format),
                    show(sformat)
                ),
            );
        }
        if s.get("enum").is_some() {
            self.say(path, "any string in the model, an enum in the schema");
        }
    }

    fn rule(&mut self, path: &str, rule: Rule, s: &Json) {
        let s = &resolve(s);
        match rule {
            Rule::Str { min, max } => self.string(path, s, min, max, None),
            Rule::DateTime { min, max } => self.string(path, s, min, max, Some("date-time")),
            Rule::Num => {
                self.ty(path, s, "number");
            }
            Rule::Bool => {
                self.ty(path, s, "boolean");
            }
            Rule::Enum(values) => {
                if self.ty(path, s, "string") {
                    let schema_values: Vec<&str> = s["enum"]
                        .as_array()
                        .map(|a| a.iter().filter_map(Json::as_str).collect())
                        .unwrap_or_default();
                    if schema_values != *values {
                        self.say(
                            path,
                            format!(
                                "enum {values:?} in the model, {schema_values:?} in the schema"
                            ),
                        );
                    }
                }
            }
            Rule::Shape(t) => {
                if self.ty(path, s, "object") {
                    self.table(path, t, s, false);
                }
            }
            Rule::Strict(t) => {
                if self.ty(path, s, "object") {
                    self.table(path, t, s, true);
                    self.say(path, "needs one of its fields");
                }
            }
            Rule::Arr(t) => {
                if self.ty(path, s, "array") {
                    let items = &s["items"];
                    if self.ty(&format!("{path}[]"), items, "object") {
                        self.table(&format!("{path}[]"), t, items, false);
                    }
                }
            }
            Rule::StrArr { max } => {
                if self.ty(path, s, "array") {
                    self.string(&format!("{path}[]"), &s["items"], 0, Some(max), None);
                }
            }
            Rule::StrMap { max } => {
                if self.ty(path, s, "object") {
                    let values = &s["additionalProperties"];
                    self.string(&format!("{path}{{}}"), values, 0, max, None);
                    self.say(path, "values may also be null");
                }
            }
            Rule::Payload => {
                if self.ty(path, s, "object") {
                    if s["additionalProperties"] != Json::Bool(true) {
                        self.say(path, "any object in the model, closed in the schema");
                    }
                    self.say(path, "shaped by the message type");
                }
            }
            Rule::AnyObj => {
                if self.ty(path, s, "object") && s["additionalProperties"] == Json::Bool(false) {
                    self.say(path, "any object in the model, closed in the schema");
                }
            }
            Rule::BlocItems => {
                if self.ty(path, s, "array") {
                    self.bloc_items(path, &s["items"]);
                }
            }
        }
    }

    /// An `anyOf` of `{type: const, payload}` against [`BlocItem`].
    fn bloc_items(&mut self, path: &str, items: &Json) {
        let variants = items["anyOf"].as_array().cloned().unwrap_or_default();
        let mut seen = Vec::new();
        for v in &variants {
            let Some(kind) = v["properties"]["type"]["const"].as_str() else {
                self.say(path, "an item without a const type in the schema");
                continue;
            };
            seen.push(kind.to_string());
            let p = format!("{path}[{kind}]");
            if v["required"] != serde_json::json!(["type", "payload"]) {
                self.say(&p, "type and payload are required in the model only");
            }
            match BlocItem::shape_of(kind) {
                Some(t) => self.table(
                    &format!("{p}.payload"),
                    t,
                    &v["properties"]["payload"],
                    false,
                ),
                None => self.say(&p, "in the schema, not in the model"),
            }
        }
        for kind in BlocItem::TYPES {
            if !seen.iter().any(|s| s == kind) {
                self.say(path, format!("may also be {kind}"));
            }
        }
    }
}

/// All differences between the models and the schemas.
fn differences() -> Vec<String> {
    let mut d = Drift::default();

    // Requests and responses.
    let conv_req = schema("getOrCreateConversation.request.json");
    d.table(
        "getOrCreateConversation.request",
        GetOrCreateConversationInput::FIELDS,
        &conv_req,
        true,
    );
    let msg_req = schema("getOrCreateMessage.request.json");
    d.table(
        "getOrCreateMessage.request",
        GetOrCreateMessageInput::FIELDS,
        &msg_req,
        true,
    );
    // Responses are read leniently: unknown fields pass, so closedness is not compared.
    let conv_res = schema("getOrCreateConversation.response.json");
    d.table(
        "getOrCreateConversation.response",
        GetOrCreateConversationOutput::FIELDS,
        &conv_res,
        false,
    );
    let msg_res = schema("getOrCreateMessage.response.json");
    d.table(
        "getOrCreateMessage.response",
        GetOrCreateMessageOutput::FIELDS,
        &msg_res,
        false,
    );

    // Payload kinds: `defaults` plus the deprecated `markdown`.
    let payloads = schema("message-payloads.json");
    let mut kinds: BTreeSet<&str> = payloads["defaults"]
        .as_object()
        .map(|o| o.keys().map(String::as_str).collect())
        .unwrap_or_default();
    kinds.insert("markdown");
    let model_kinds: BTreeSet<&str> = KNOWN_MESSAGE_TYPES.iter().copied().collect();
    if kinds != model_kinds {
        d.say(
            "payload kinds",
            format!("{model_kinds:?} in the model, {kinds:?} in the schema"),
        );
    }
    for kind in KNOWN_MESSAGE_TYPES {
        let s = if *kind == "markdown" {
            &payloads["markdown"]
        } else {
            &payloads["defaults"][*kind]
        };
        match KnownMessage::shape_of(kind) {
            Some(t) => d.table(&format!("payload {kind}"), t, s, false),
            None => d.say(&format!("payload {kind}"), "no table"),
        }
    }
    // The bloc validation really takes: the sdk's bloc plus markdown items.
    let markdown_bloc = &payloads["markdownBloc"]["properties"]["items"];
    d.bloc_items("payload markdownBloc.items", &markdown_bloc["items"]);
    d.found
}

#[test]
fn models_agree_with_the_schemas_but_for_the_documented_deviations() {
    let found = differences();
    let unexpected: Vec<&String> = found
        .iter()
        .filter(|f| !ALLOWED.contains(&f.as_str()))
        .collect();
    let stale: Vec<&&str> = ALLOWED
        .iter()
        .filter(|a| !found.iter().any(|f| f == *a))
        .collect();
    assert!(
        unexpected.is_empty() && stale.is_empty(),
        "models and schemas drifted apart:\n  not allowed: {unexpected:#?}\n  allowed but gone: {stale:#?}"
    );
}

#[test]
fn bloc_items_share_their_tables_with_the_known_kinds() {
    // Validation looks a bloc item's payload up in KnownMessage's tables (one lookup in the
    // wasm), so each bloc kind must be a known kind with the very same table.
    assert_eq!(BLOC_ITEM_TYPES, BlocItem::TYPES);
    for kind in BlocItem::TYPES {
        let bloc = BlocItem::shape_of(kind).map(|t| format!("{t:?}"));
        let known = KnownMessage::shape_of(kind).map(|t| format!("{t:?}"));
        assert!(bloc.is_some(), "{kind}");
        assert_eq!(bloc, known, "{kind}");
    }
}

/// The keys serde writes for a body with every field set.
fn serde_keys<T: serde::Serialize + serde::de::DeserializeOwned>(body: Json) -> BTreeSet<String> {
    let v: T = serde_json::from_value(body).expect("a valid body");
    let json = serde_json::to_value(&v).expect("serializes");
    json.as_object()
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default()
}

fn table_names(fields: &[Field]) -> BTreeSet<String> {
    fields.iter().map(|f| f.name.to_string()).collect()
}

#[test]
fn the_tables_name_what_serde_writes() {
    // A table's names are the serde renames by construction (one literal in model!), but the
    // flattened `type` + `payload` of a message are written by hand: check both bodies.
    let id = "x".repeat(28);
    let msg = serde_json::json!({
        "type": "text", "payload": {"text": "hi"}, "userId": id, "conversationId": id,
        "tags": {}, "schedule": {"delay": 1.0}, "origin": "synthetic",
        "discriminateByTags": ["a"],
    });
    assert_eq!(
        serde_keys::<GetOrCreateMessageInput>(msg),
        table_names(GetOrCreateMessageInput::FIELDS)
    );
    let conv = serde_json::json!({
        "channel": "c", "tags": {}, "integrationName": "i", "discriminateByTags": [],
        "properties": {},
    });
    assert_eq!(
        serde_keys::<GetOrCreateConversationInput>(conv),
        table_names(GetOrCreateConversationInput::FIELDS)
    );
}
