#![cfg(not(target_arch = "wasm32"))]
//! The serde models against the official schemas in tests/data: property names, required
//! sets and enums match; every payload kind, custom types and unknown keys round-trip
//! through serde_json; responses from newer servers still deserialize.

use std::collections::{BTreeMap, BTreeSet};

use botpress_chat_wasm::model::*;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value as Json};

fn schema(name: &str) -> Json {
    let path = format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn props(schema: &Json) -> BTreeSet<String> {
    schema["properties"]
        .as_object()
        .expect("schema object with properties")
        .keys()
        .cloned()
        .collect()
}

fn required(schema: &Json) -> BTreeSet<String> {
    schema["required"]
        .as_array()
        .map_or_else(BTreeSet::new, |a| {
            a.iter()
                .map(|s| s.as_str().expect("string").to_owned())
                .collect()
        })
}

fn enum_values(schema: &Json) -> Vec<String> {
    schema["enum"]
        .as_array()
        .expect("enum")
        .iter()
        .map(|s| s.as_str().expect("string").to_owned())
        .collect()
}

fn keys(v: &Json) -> BTreeSet<String> {
    v.as_object()
        .expect("serialized to an object")
        .keys()
        .cloned()
        .collect()
}

fn set(names: &[&str]) -> BTreeSet<String> {
    names.iter().map(|s| s.to_string()).collect()
}

fn to_json<T: Serialize>(v: &T) -> Json {
    serde_json::to_value(v).expect("serializes")
}

/// Serializes `v`, checks the JSON is `expected`, and reads it back (from text) to `v`.
fn round_trip<T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug>(
    v: &T,
    expected: &Json,
) {
    assert_eq!(&to_json(v), expected);
    let text = serde_json::to_string(v).expect("serializes");
    let back: T = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{text}: {e}"));
    assert_eq!(&back, v);
}

/// Reads `input` and checks it serializes back to the same JSON.
fn json_round_trip<T: Serialize + DeserializeOwned>(input: &Json) -> T {
    let v: T = serde_json::from_value(input.clone()).unwrap_or_else(|e| panic!("{input}: {e}"));
    assert_eq!(&to_json(&v), input);
    v
}

const USER: &str = "user_01HF58RDKE3M7K5RJ5XZ7GF6HE";
const CONV: &str = "conv_01HF58RDKE3M7K5RJ5XZ7GF6HE";

fn s(x: &str) -> String {
    x.to_owned()
}

fn tags(pairs: &[(&str, Option<&str>)]) -> TagsInput {
    pairs.iter().map(|(k, v)| (s(k), v.map(s))).collect()
}

fn message(content: impl Into<MessageContent>) -> GetOrCreateMessageInput {
    GetOrCreateMessageInput {
        content: content.into(),
        user_id: s(USER),
        conversation_id: s(CONV),
        tags: tags(&[("telegram:id", Some("42"))]),
        schedule: None,
        origin: None,
        discriminate_by_tags: None,
    }
}

fn card(title: &str) -> CardPayload {
    CardPayload {
        title: s(title),
        subtitle: Some(s("sub")),
        image_url: Some(s("https://x/c.png")),
        actions: vec![
            CardAction {
                action: CardActionType::Postback,
                label: s("Buy"),
                value: s("buy"),
                extra: Default::default(),
            },
            CardAction {
                action: CardActionType::Url,
                label: s("Docs"),
                value: s("https://x"),
                extra: Default::default(),
            },
            CardAction {
                action: CardActionType::Say,
                label: s("Hi"),
                value: s("hi"),
                extra: Default::default(),
            },
        ],
        extra: Default::default(),
    }
}

fn card_json(title: &str) -> Json {
    json!({
        "title": title, "subtitle": "sub", "imageUrl": "https://x/c.png",
        "actions": [
            {"action": "postback", "label": "Buy", "value": "buy"},
            {"action": "url", "label": "Docs", "value": "https://x"},
            {"action": "say", "label": "Hi", "value": "hi"}
        ]
    })
}

fn choice() -> ChoicePayload {
    ChoicePayload {
        text: s("Pick"),
        options: vec![ChoiceOption {
            label: s("One"),
            value: s("1"),
            ..Default::default()
        }],
        ..Default::default()
    }
}

/// One example of every known kind, with every optional field set, and its JSON.
fn every_known_kind() -> Vec<(KnownMessage, Json)> {
    let title = || Some(s("t"));
    vec![
        (
            KnownMessage::Text(TextPayload {
                text: s("hi"),
                ..Default::default()
            }),
            json!({"type": "text", "payload": {"text": "hi"}}),
        ),
        (
            KnownMessage::Image(ImagePayload {
                image_url: s("https://x/i.png"),
                title: title(),
                ..Default::default()
            }),
            json!({"type": "image", "payload": {"imageUrl": "https://x/i.png", "title": "t"}}),
        ),
        (
            KnownMessage::Audio(AudioPayload {
                audio_url: s("https://x/a.mp3"),
                title: title(),
                ..Default::default()
            }),
            json!({"type": "audio", "payload": {"audioUrl": "https://x/a.mp3", "title": "t"}}),
        ),
        (
            KnownMessage::Video(VideoPayload {
                video_url: s("https://x/v.mp4"),
                title: title(),
                ..Default::default()
            }),
            json!({"type": "video", "payload": {"videoUrl": "https://x/v.mp4", "title": "t"}}),
        ),
        (
            KnownMessage::File(FilePayload {
                file_url: s("https://x/f.pdf"),
                title: title(),
                ..Default::default()
            }),
            json!({"type": "file", "payload": {"fileUrl": "https://x/f.pdf", "title": "t"}}),
        ),
        (
            KnownMessage::Location(LocationPayload {
                latitude: 45.5,
                longitude: -73.25,
                address: Some(s("Montréal")),
                title: title(),
                ..Default::default()
            }),
            json!({"type": "location", "payload": {"latitude": 45.5, "longitude": -73.25, "address": "Montréal", "title": "t"}}),
        ),
        (
            KnownMessage::Card(card("Plan")),
            json!({"type": "card", "payload": card_json("Plan")}),
        ),
        (
            KnownMessage::Carousel(CarouselPayload {
                items: vec![card("A"), card("B")],
                ..Default::default()
            }),
            json!({"type": "carousel", "payload": {"items": [card_json("A"), card_json("B")]}}),
        ),
        (
            KnownMessage::Choice(choice()),
            json!({"type": "choice", "payload": {"text": "Pick", "options": [{"label": "One", "value": "1"}]}}),
        ),
        (
            KnownMessage::Dropdown(choice()),
            json!({"type": "dropdown", "payload": {"text": "Pick", "options": [{"label": "One", "value": "1"}]}}),
        ),
        (
            KnownMessage::Bloc(BlocPayload {
                items: vec![
                    BlocItem::Text(TextPayload {
                        text: s("a"),
                        ..Default::default()
                    }),
                    BlocItem::Image(ImagePayload {
                        image_url: s("i"),
                        ..Default::default()
                    }),
                    BlocItem::Audio(AudioPayload {
                        audio_url: s("a"),
                        ..Default::default()
                    }),
                    BlocItem::Video(VideoPayload {
                        video_url: s("v"),
                        ..Default::default()
                    }),
                    BlocItem::File(FilePayload {
                        file_url: s("f"),
                        title: title(),
                        ..Default::default()
                    }),
                    BlocItem::Location(LocationPayload {
                        latitude: 1.0,
                        longitude: 2.0,
                        ..Default::default()
                    }),
                    BlocItem::Markdown(MarkdownPayload {
                        markdown: s("**b**"),
                        ..Default::default()
                    }),
                ],
                ..Default::default()
            }),
            json!({"type": "bloc", "payload": {"items": [
                {"type": "text", "payload": {"text": "a"}},
                {"type": "image", "payload": {"imageUrl": "i"}},
                {"type": "audio", "payload": {"audioUrl": "a"}},
                {"type": "video", "payload": {"videoUrl": "v"}},
                {"type": "file", "payload": {"fileUrl": "f", "title": "t"}},
                {"type": "location", "payload": {"latitude": 1.0, "longitude": 2.0}},
                {"type": "markdown", "payload": {"markdown": "**b**"}}
            ]}}),
        ),
        (
            KnownMessage::Markdown(MarkdownPayload {
                markdown: s("*m*"),
                ..Default::default()
            }),
            json!({"type": "markdown", "payload": {"markdown": "*m*"}}),
        ),
    ]
}

fn with_common(mut content: Json) -> Json {
    let o = content.as_object_mut().expect("object");
    o.insert(s("userId"), json!(USER));
    o.insert(s("conversationId"), json!(CONV));
    o.insert(s("tags"), json!({"telegram:id": "42"}));
    content
}

// ---- round trips -------------------------------------------------------------------------

#[test]
fn every_known_kind_round_trips_as_a_message_body() {
    let kinds = every_known_kind();
    let names: Vec<&str> = kinds.iter().map(|(k, _)| k.message_type()).collect();
    assert_eq!(
        names, KNOWN_MESSAGE_TYPES,
        "one example per known type, in order"
    );
    for (known, content) in kinds {
        assert_eq!(
            content["type"],
            known.message_type(),
            "message_type() is the wire type"
        );
        round_trip(&known, &content);
        let content_union = MessageContent::Known(known.clone());
        assert_eq!(content_union.message_type(), known.message_type());
        round_trip(&content_union, &content);
        round_trip(&message(known), &with_common(content));
    }
}

#[test]
fn message_body_with_every_optional_field_round_trips() {
    let mut m = message(KnownMessage::Text(TextPayload {
        text: s("later"),
        ..Default::default()
    }));
    m.tags = tags(&[("keep", Some("1")), ("gone", None), ("empty", Some(""))]);
    m.schedule = Some(Schedule {
        date_time: Some(s("2024-01-01T00:00:00.000Z")),
        delay: Some(1500.0),
    });
    m.origin = Some(Origin::Synthetic);
    m.discriminate_by_tags = Some(vec![s("keep")]);
    round_trip(
        &m,
        &json!({
            "type": "text", "payload": {"text": "later"},
            "userId": USER, "conversationId": CONV,
            "tags": {"keep": "1", "gone": null, "empty": ""},
            "schedule": {"dateTime": "2024-01-01T00:00:00.000Z", "delay": 1500.0},
            "origin": "synthetic",
            "discriminateByTags": ["keep"]
        }),
    );
    // A schedule with only one of its fields writes only that one.
    round_trip(
        &Schedule {
            date_time: None,
            delay: Some(10.0),
        },
        &json!({"delay": 10.0}),
    );
    let at = s("2024-01-01T00:00:00+00:00");
    round_trip(
        &Schedule {
            date_time: Some(at.clone()),
            delay: None,
        },
        &json!({"dateTime": at}),
    );
}

#[test]
fn conversation_body_round_trips_with_and_without_optionals() {
    let minimal = GetOrCreateConversationInput {
        channel: s("channel"),
        tags: tags(&[]),
        ..Default::default()
    };
    round_trip(&minimal, &json!({"channel": "channel", "tags": {}}));
    let full = GetOrCreateConversationInput {
        channel: s("channel"),
        tags: tags(&[("telegram:id", Some("42")), ("old", None)]),
        integration_name: Some(s("telegram")),
        discriminate_by_tags: Some(vec![s("telegram:id")]),
        properties: Some(tags(&[("topic", Some("x")), ("gone", None)])),
    };
    round_trip(
        &full,
        &json!({
            "channel": "channel", "tags": {"telegram:id": "42", "old": null},
            "integrationName": "telegram", "discriminateByTags": ["telegram:id"],
            "properties": {"topic": "x", "gone": null}
        }),
    );
}

#[test]
fn custom_types_round_trip_with_any_object_payload() {
    let payload = json!({
        "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "*hi*"}}, {"type": "divider"}],
        "n": 0, "neg": -42, "big": 18446744073709551615u64, "min": -9223372036854775808i64,
        "frac": 0.1, "exp": 1e300, "tiny": -2.5e-7, "t": true, "f": false, "nothing": null,
        "s": "\"quoted\"\n\u{1F600}", "empty": {}, "list": []
    });
    let body = with_common(json!({"type": "slack.blocks", "payload": payload}));
    let m: GetOrCreateMessageInput = json_round_trip(&body);
    let MessageContent::Custom(custom) = &m.content else {
        panic!("expected a custom message: {m:?}")
    };
    assert_eq!(custom.r#type, "slack.blocks");
    assert_eq!(m.content.message_type(), "slack.blocks");
    assert_eq!(
        custom.payload.get("neg"),
        Some(&Value::Number("-42".into()))
    );
    assert_eq!(
        custom.payload.get("big"),
        Some(&Value::Number("18446744073709551615".into()))
    );
    assert_eq!(
        custom.payload.get("min"),
        Some(&Value::Number("-9223372036854775808".into()))
    );
    assert_eq!(custom.payload.get("nothing"), Some(&Value::Null));
    // Built in Rust, too.
    let built = message(CustomMessage {
        r#type: s("whatsapp.template"),
        payload: [(s("name"), Value::String(s("hello").into()))]
            .into_iter()
            .collect(),
    });
    round_trip(
        &built,
        &with_common(json!({"type": "whatsapp.template", "payload": {"name": "hello"}})),
    );
    // Even an empty payload.
    json_round_trip::<MessageContent>(&json!({"type": "x", "payload": {}}));
}

#[test]
fn a_known_type_with_a_wrong_payload_is_an_error_not_a_custom_message() {
    for bad in [
        json!({"type": "text", "payload": {"txt": "x"}}),
        json!({"type": "image", "payload": {"title": "no url"}}),
        json!({"type": "card", "payload": {"title": "t", "actions": [{"action": "link", "label": "l", "value": "v"}]}}),
        json!({"type": "location", "payload": {"latitude": "1", "longitude": 2}}),
        json!({"type": "bloc", "payload": {"items": [{"type": "card", "payload": {"title": "t", "actions": []}}]}}),
        json!({"type": "markdown", "payload": {}}),
        json!({"type": "slack.blocks", "payload": "not an object"}),
        json!({"type": "slack.blocks"}),
    ] {
        let r = serde_json::from_value::<MessageContent>(bad.clone());
        assert!(r.is_err(), "{bad} should not deserialize, got {r:?}");
        assert!(
            serde_json::from_value::<GetOrCreateMessageInput>(with_common(bad.clone())).is_err(),
            "{bad}"
        );
    }
}

#[test]
fn extra_keys_inside_known_payloads_survive() {
    let meta = json!({"source": "crm", "ids": [1, 2.5, null]});
    for body in [
        json!({"type": "text", "payload": {"text": "hi", "metadata": meta}}),
        json!({"type": "image", "payload": {"imageUrl": "i", "metadata": meta, "alt": "x"}}),
        json!({"type": "location", "payload": {"latitude": 1.5, "longitude": 2.0, "metadata": meta}}),
        json!({"type": "card", "payload": {"title": "t", "metadata": meta,
            "actions": [{"action": "url", "label": "l", "value": "v", "metadata": meta}]}}),
        json!({"type": "carousel", "payload": {"metadata": meta,
            "items": [{"title": "t", "actions": [], "metadata": meta}]}}),
        json!({"type": "choice", "payload": {"text": "t", "metadata": meta,
            "options": [{"label": "l", "value": "v", "metadata": meta}]}}),
        json!({"type": "bloc", "payload": {"metadata": meta,
            "items": [{"type": "text", "payload": {"text": "a", "metadata": meta}}]}}),
        json!({"type": "markdown", "payload": {"markdown": "m", "metadata": meta}}),
    ] {
        let m: GetOrCreateMessageInput = json_round_trip(&with_common(body.clone()));
        assert!(
            matches!(m.content, MessageContent::Known(_)),
            "{body} stays a known message"
        );
    }
    let m: GetOrCreateMessageInput = json_round_trip(&with_common(
        json!({"type": "text", "payload": {"text": "hi", "metadata": meta}}),
    ));
    let MessageContent::Known(KnownMessage::Text(text)) = m.content else {
        panic!()
    };
    assert_eq!(text.text, "hi");
    assert_eq!(text.extra.keys().collect::<Vec<_>>(), ["metadata"]);
}

#[test]
fn optional_fields_are_omitted_not_null() {
    let m = message(KnownMessage::Image(ImagePayload {
        image_url: s("i"),
        ..Default::default()
    }));
    let text = serde_json::to_string(&m).expect("serializes");
    assert!(!text.contains("null"), "{text}");
    assert_eq!(
        keys(&to_json(&m)),
        set(&["type", "payload", "userId", "conversationId", "tags"])
    );
    assert_eq!(keys(&to_json(&m)["payload"]), set(&["imageUrl"]));
}

// ---- names and shapes against the schemas ------------------------------------------------

/// Keys of a value serialized with every optional field set, and with none.
fn full_and_minimal<T: Serialize>(full: &T, minimal: &T) -> (BTreeSet<String>, BTreeSet<String>) {
    (keys(&to_json(full)), keys(&to_json(minimal)))
}

#[test]
fn conversation_request_matches_schema() {
    let schema = schema("getOrCreateConversation.request.json");
    let full = GetOrCreateConversationInput {
        channel: s("c"),
        tags: tags(&[]),
        integration_name: Some(s("i")),
        discriminate_by_tags: Some(vec![]),
        properties: Some(tags(&[])),
    };
    let minimal = GetOrCreateConversationInput {
        channel: s("c"),
        ..Default::default()
    };
    let (f, m) = full_and_minimal(&full, &minimal);
    // `properties` comes from the newer API revision (client >= 1.44), not in these schemas.
    assert_eq!(f, &props(&schema) | &set(&["properties"]));
    assert_eq!(m, required(&schema));
}

#[test]
fn message_request_matches_schema() {
    let schema = schema("getOrCreateMessage.request.json");
    let mut full = message(KnownMessage::Text(TextPayload {
        text: s("x"),
        ..Default::default()
    }));
    full.schedule = Some(Schedule {
        date_time: Some(s("d")),
        delay: Some(1.0),
    });
    full.origin = Some(Origin::Synthetic);
    full.discriminate_by_tags = Some(vec![]);
    let minimal = message(KnownMessage::Text(TextPayload {
        text: s("x"),
        ..Default::default()
    }));
    let (f, m) = full_and_minimal(&full, &minimal);
    assert_eq!(f, props(&schema));
    assert_eq!(m, required(&schema));
    let sched = &schema["properties"]["schedule"];
    assert_eq!(keys(&to_json(&full)["schedule"]), props(sched));
    assert_eq!(
        enum_values(&schema["properties"]["origin"]),
        [to_json(&Origin::Synthetic).as_str().expect("string")]
    );
}

fn sample_conversation() -> Json {
    json!({
        "id": CONV, "createdAt": "2024-01-01T00:00:00.000Z", "updatedAt": "2024-01-01T00:00:01Z",
        "channel": "channel", "integration": "telegram", "tags": {"telegram:id": "42"}
    })
}

fn sample_message() -> Json {
    json!({
        "id": "msg_01HF58RDKE3M7K5RJ5XZ7GF6HE", "createdAt": "2024-01-01T00:00:00.000Z",
        "updatedAt": "2024-01-01T00:00:00.000Z", "type": "text", "payload": {"text": "hi"},
        "direction": "outgoing", "userId": USER, "conversationId": CONV, "tags": {}
    })
}

#[test]
fn conversation_matches_schema() {
    let schema = schema("Conversation.json");
    let mut full = sample_conversation();
    for (k, v) in [
        ("messageCount", json!(3)),
        ("properties", json!({"topic": "x"})),
        ("currentTaskId", json!("task_01HF58RDKE3M7K5RJ5XZ7GF6HE")),
        (
            "currentWorkflowId",
            json!("wrkflow_01HF58RDKE3M7K5RJ5XZ7GF6HE"),
        ),
    ] {
        full[k] = v;
    }
    let full: Conversation = json_round_trip(&full);
    let minimal: Conversation = json_round_trip(&sample_conversation());
    let (f, m) = full_and_minimal(&full, &minimal);
    // messageCount and properties come from the newer API revision.
    assert_eq!(f, &props(&schema) | &set(&["messageCount", "properties"]));
    assert_eq!(m, required(&schema));
    assert_eq!(full.message_count, Some(3));
}

#[test]
fn message_matches_schema() {
    let schema = schema("Message.json");
    let mut full = sample_message();
    full["origin"] = json!("synthetic");
    let full: Message = json_round_trip(&full);
    let minimal: Message = json_round_trip(&sample_message());
    let (f, m) = full_and_minimal(&full, &minimal);
    assert_eq!(f, props(&schema));
    assert_eq!(m, required(&schema));
    let directions: Vec<Json> = [Direction::Incoming, Direction::Outgoing]
        .iter()
        .map(to_json)
        .collect();
    assert_eq!(
        directions,
        enum_values(&schema["properties"]["direction"])
            .iter()
            .map(|s| json!(s))
            .collect::<Vec<_>>()
    );
    assert_eq!(full.origin, Some(Origin::Synthetic));
    assert_eq!(full.direction, Direction::Outgoing);
}

#[test]
fn responses_match_schema_plus_meta() {
    let conv = json!({"conversation": sample_conversation(), "meta": {"created": true}});
    let out: GetOrCreateConversationOutput = json_round_trip(&conv);
    assert_eq!(
        keys(&to_json(&out)),
        &props(&schema("getOrCreateConversation.response.json")) | &set(&["meta"])
    );
    assert_eq!(out.meta, Some(Meta { created: true }));
    let msg = json!({"message": sample_message(), "meta": {"created": false}});
    let out: GetOrCreateMessageOutput = json_round_trip(&msg);
    assert_eq!(
        keys(&to_json(&out)),
        &props(&schema("getOrCreateMessage.response.json")) | &set(&["meta"])
    );
    assert_eq!(out.meta, Some(Meta { created: false }));
    // Without meta (api 1.70.2), and the required sets.
    let old: GetOrCreateConversationOutput =
        json_round_trip(&json!({"conversation": sample_conversation()}));
    assert_eq!(old.meta, None);
    assert_eq!(
        required(&schema("getOrCreateConversation.response.json")),
        set(&["conversation"])
    );
    let old: GetOrCreateMessageOutput = json_round_trip(&json!({"message": sample_message()}));
    assert_eq!(old.meta, None);
}

#[test]
fn responses_with_unknown_fields_still_deserialize() {
    let mut conversation = sample_conversation();
    conversation["futureField"] = json!({"nested": [1, 2]});
    conversation["messageCount"] = json!(0);
    let body = json!({"conversation": conversation, "meta": {"created": true, "reason": "new"}, "extra": 1});
    let out: GetOrCreateConversationOutput = serde_json::from_value(body).expect("lenient");
    assert_eq!(out.conversation.id, CONV);
    assert_eq!(
        out.conversation.tags.get("telegram:id").map(String::as_str),
        Some("42")
    );
    assert_eq!(out.meta, Some(Meta { created: true }));

    let mut message = sample_message();
    message["reactions"] = json!([]);
    message["type"] = json!("slack.blocks");
    message["payload"] = json!({"blocks": [], "n": 1.5});
    let body = json!({"message": message, "requestId": "r"});
    let out: GetOrCreateMessageOutput = serde_json::from_value(body).expect("lenient");
    assert_eq!(out.message.r#type, "slack.blocks");
    assert_eq!(
        out.message.payload.get("n"),
        Some(&Value::Number("1.5".into()))
    );

    // Required fields stay required.
    let mut missing = sample_message();
    missing
        .as_object_mut()
        .expect("object")
        .remove("conversationId");
    assert!(serde_json::from_value::<Message>(missing).is_err());
    assert!(serde_json::from_value::<GetOrCreateConversationOutput>(
        json!({"meta": {"created": true}})
    )
    .is_err());
}

#[test]
fn payload_structs_match_the_sdk_schemas() {
    let payloads = schema("message-payloads.json");
    let defaults = payloads["defaults"].as_object().expect("defaults");
    let mut known: BTreeSet<String> = defaults.keys().cloned().collect();
    known.insert(s("markdown"));
    assert_eq!(
        known,
        KNOWN_MESSAGE_TYPES
            .iter()
            .map(|t| t.to_string())
            .collect::<BTreeSet<_>>()
    );

    // Full examples have every optional field; minimal ones only the required.
    let minimal: BTreeMap<&str, Json> = [
        ("text", json!({"text": "x"})),
        ("image", json!({"imageUrl": "x"})),
        ("audio", json!({"audioUrl": "x"})),
        ("video", json!({"videoUrl": "x"})),
        ("file", json!({"fileUrl": "x"})),
        ("location", json!({"latitude": 1.0, "longitude": 2.0})),
        ("card", json!({"title": "x", "actions": []})),
        ("carousel", json!({"items": []})),
        ("choice", json!({"text": "x", "options": []})),
        ("dropdown", json!({"text": "x", "options": []})),
        ("bloc", json!({"items": []})),
        ("markdown", json!({"markdown": "x"})),
    ]
    .into_iter()
    .collect();
    for (known, content) in every_known_kind() {
        let kind = known.message_type();
        let schema = if kind == "markdown" {
            &payloads["markdown"]
        } else {
            &defaults[kind]
        };
        assert_eq!(
            keys(&content["payload"]),
            props(schema),
            "{kind}: properties"
        );
        let m: KnownMessage = json_round_trip(&json!({"type": kind, "payload": minimal[kind]}));
        assert_eq!(
            keys(&to_json(&m)["payload"]),
            required(schema),
            "{kind}: required"
        );
    }

    // Nested objects: card actions (also inside carousel items), choice options, bloc items.
    let card_schema = &defaults["card"];
    let action = &card_schema["properties"]["actions"]["items"];
    let actions = every_known_kind()
        .into_iter()
        .find(|(k, _)| k.message_type() == "card")
        .expect("card")
        .1;
    assert_eq!(keys(&actions["payload"]["actions"][0]), props(action));
    assert_eq!(set(&["action", "label", "value"]), required(action));
    let kinds: Vec<Json> = [
        CardActionType::Postback,
        CardActionType::Url,
        CardActionType::Say,
    ]
    .iter()
    .map(to_json)
    .collect();
    let schema_kinds: Vec<Json> = enum_values(&action["properties"]["action"])
        .iter()
        .map(|s| json!(s))
        .collect();
    assert_eq!(kinds, schema_kinds);
    assert_eq!(
        defaults["carousel"]["properties"]["items"]["items"], *card_schema,
        "carousel items are cards"
    );
    let option = &defaults["choice"]["properties"]["options"]["items"];
    assert_eq!(
        keys(&to_json(&ChoiceOption {
            label: s("l"),
            value: s("v"),
            ..Default::default()
        })),
        props(option)
    );
    assert_eq!(
        defaults["dropdown"], defaults["choice"],
        "dropdown has the choice schema"
    );

    // Bloc items: the markdownBloc union (the sdk's bloc plus markdown items).
    let variants = payloads["markdownBloc"]["properties"]["items"]["items"]["anyOf"]
        .as_array()
        .expect("anyOf");
    let item_types: Vec<&str> = variants
        .iter()
        .map(|v| v["properties"]["type"]["const"].as_str().expect("const"))
        .collect();
    assert_eq!(item_types, BLOC_ITEM_TYPES);
    let bloc = every_known_kind()
        .into_iter()
        .find(|(k, _)| k.message_type() == "bloc")
        .expect("bloc")
        .1;
    for (variant, item) in variants
        .iter()
        .zip(bloc["payload"]["items"].as_array().expect("items"))
    {
        assert_eq!(keys(item), props(variant));
        let kind = variant["properties"]["type"]["const"]
            .as_str()
            .expect("const");
        let payload_schema = &variant["properties"]["payload"];
        let item_minimal: BlocItem =
            json_round_trip(&json!({"type": kind, "payload": minimal[kind]}));
        assert_eq!(
            keys(&to_json(&item_minimal)["payload"]),
            required(payload_schema),
            "bloc {kind}: required"
        );
        let top = if kind == "markdown" {
            &payloads["markdown"]
        } else {
            &defaults[kind]
        };
        assert_eq!(
            payload_schema, top,
            "bloc {kind} payload is the top-level {kind} payload"
        );
    }
    // The sdk's own bloc is the same minus markdown.
    let sdk_bloc = defaults["bloc"]["properties"]["items"]["items"]["anyOf"]
        .as_array()
        .expect("anyOf");
    assert_eq!(&variants[..6], &sdk_bloc[..]);
}

// ---- the free-form JSON value ------------------------------------------------------------

#[test]
fn value_round_trips_through_serde_json_keeping_integers_exact() {
    let text = r#"{"a":[1,-2,0,18446744073709551615,-9223372036854775808,1.5,-0.25,1e+300,true,false,null,"s\"\\\u0001"],"b":{},"c":[],"d":{"e":{"f":[[]]}}}"#;
    let v: Value = serde_json::from_str(text).expect("parses");
    assert_eq!(
        v,
        Value::parse_owned(text)
            .map(normalize_floats)
            .expect("valid"),
        "same tree as the strict parser"
    );
    let again: Value =
        serde_json::from_str(&serde_json::to_string(&v).expect("serializes")).expect("parses");
    assert_eq!(again, v);
    // Integers keep their lexeme; floats keep their value.
    let Some(Value::Array(a)) = v.get("a") else {
        panic!("{v:?}")
    };
    let lexemes: Vec<&str> = a
        .iter()
        .filter_map(|x| {
            if let Value::Number(n) = x {
                Some(&**n)
            } else {
                None
            }
        })
        .collect();
    assert_eq!(
        lexemes,
        [
            "1",
            "-2",
            "0",
            "18446744073709551615",
            "-9223372036854775808",
            "1.5",
            "-0.25",
            "1e300"
        ]
    );
    // Integers beyond u64/i64 still serialize (as floats).
    let huge = Value::Number("123456789012345678901234567890".into());
    assert_eq!(
        serde_json::to_value(&huge).expect("serializes"),
        json!(1.2345678901234568e29)
    );
    let neg_huge = Value::Number("-9223372036854775809".into());
    assert_eq!(
        serde_json::to_value(&neg_huge).expect("serializes"),
        json!(-9223372036854775809.0)
    );
    // Object members keep their order, duplicates included.
    let dup: Value = serde_json::from_str(r#"{"z":1,"a":2,"z":3}"#).expect("parses");
    assert_eq!(
        serde_json::to_string(&dup).expect("serializes"),
        r#"{"z":1,"a":2,"z":3}"#
    );
    // A JS-only value is written as null, as Value::to_json does.
    assert_eq!(
        serde_json::to_string(&Value::Foreign(Foreign::Undefined)).expect("serializes"),
        "null"
    );
}

/// What serde_json reading and re-lexing does to float lexemes (`1e+300` becomes `1e300`).
fn normalize_floats(v: Value) -> Value {
    match v {
        Value::Number(n) if n.contains(['.', 'e', 'E']) => {
            Value::Number(format!("{:?}", n.parse::<f64>().expect("finite")).into())
        }
        Value::Array(a) => Value::Array(a.into_iter().map(normalize_floats).collect()),
        Value::Object(m) => Value::Object(
            m.into_iter()
                .map(|(k, x)| (k, normalize_floats(x)))
                .collect(),
        ),
        other => other,
    }
}

// ---- the hand-written typings agree with the data ------------------------------------------

/// The string literals of `export type <name> = | "a" | "b" …;` in src/typings.rs.
fn ts_union(name: &str) -> Vec<String> {
    let ts = include_str!("../src/typings.rs");
    let start = ts
        .find(&format!("export type {name} ="))
        .unwrap_or_else(|| panic!("no type {name}"));
    let body = &ts[start..];
    let body = &body[..body.find(';').expect("terminated")];
    body.split('"')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

#[test]
fn typings_list_every_api_error_type() {
    let errors = schema("errors.json");
    let types: Vec<String> = errors
        .as_array()
        .expect("array")
        .iter()
        .map(|e| e["type"].as_str().expect("type").to_owned())
        .collect();
    assert_eq!(types.len(), 26);
    assert!(types.contains(&s("Unknown")));
    assert_eq!(ts_union("ApiErrorType"), types);
}

#[test]
fn typings_list_every_validation_issue_code() {
    let codes: Vec<String> = botpress_chat_wasm::validate::ISSUE_CODES
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(ts_union("ValidationIssueCode"), codes);
}
