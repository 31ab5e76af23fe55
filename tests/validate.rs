#![cfg(not(target_arch = "wasm32"))]
//! One test per rule of DESIGN.md §3 (and the options rules): each fails if its rule is
//! removed from `src/validate.rs`.

#[path = "shared/validate_fixtures.rs"]
mod fixtures;

use botpress_chat_wasm::model::{Foreign, Value};
use botpress_chat_wasm::validate::{
    client_options, conversation_response, get_or_create_conversation as conv,
    get_or_create_message as msg, header_value_issue, message_response, request_options,
    ClientConfig, Issue, RequestConfig, ISSUE_CODES, KNOWN_MESSAGE_TYPES,
};
use fixtures::*;
use serde_json::json;

fn only(issues: &[Issue], path: &str, code: &str) {
    assert_eq!(
        pc(issues),
        vec![(path.to_string(), leak(code))],
        "{issues:#?}"
    );
}

fn leak(code: &str) -> &'static str {
    ISSUE_CODES
        .iter()
        .find(|c| **c == code)
        .copied()
        .unwrap_or_else(|| panic!("{code} not in ISSUE_CODES"))
}

fn repeat(c: &str, n: usize) -> String {
    c.repeat(n)
}

// ------------------------------------------------------------------ getOrCreateConversation

#[test]
fn conversation_valid_bodies_pass() {
    assert_eq!(conv(&conversation()), vec![]);
    let full = v(json!({
        "channel": "channel", "tags": {"a": "1", "b": null, "c": ""}, "integrationName": "telegram",
        "discriminateByTags": ["a", "b"], "properties": {"p": "x", "q": null}
    }));
    assert_eq!(conv(&full), vec![]);
}

#[test]
fn conversation_body_must_be_an_object() {
    for bad in [json!([]), json!("x"), json!(null), json!(1), json!(true)] {
        let issues = conv(&v(bad.clone()));
        only(&issues, "", "type");
        assert!(
            issues[0].message.starts_with("expected object, got "),
            "{issues:?}"
        );
    }
}

#[test]
fn conversation_unknown_field_rejected_with_suggestion() {
    let issues = conv(&set(conversation(), "tagz", v(json!({}))));
    only(&issues, "tagz", "unknown_field");
    assert_eq!(
        issues[0].message,
        "unknown field `tagz`; did you mean `tags`?"
    );
}

#[test]
fn unknown_field_suggestion_is_case_insensitive() {
    let issues = conv(&set(conversation(), "IntegrationNAME", s("x")));
    assert_eq!(
        issues[0].message,
        "unknown field `IntegrationNAME`; did you mean `integrationName`?"
    );
}

#[test]
fn unknown_field_without_close_match_has_no_suggestion() {
    let issues = conv(&set(conversation(), "somethingElse", s("x")));
    only(&issues, "somethingElse", "unknown_field");
    assert_eq!(issues[0].message, "unknown field `somethingElse`");
}

#[test]
fn unknown_field_path_quotes_non_identifier_keys() {
    let issues = conv(&set(conversation(), "a b", s("x")));
    only(&issues, "[\"a b\"]", "unknown_field");
}

#[test]
fn conversation_channel_required() {
    only(
        &conv(&remove(conversation(), "channel")),
        "channel",
        "required",
    );
}

#[test]
fn conversation_channel_must_be_string() {
    let issues = conv(&set(conversation(), "channel", num("1")));
    only(&issues, "channel", "type");
    assert_eq!(issues[0].message, "channel: expected string, got number");
}

#[test]
fn conversation_channel_max_200() {
    assert_eq!(
        conv(&set(conversation(), "channel", s(&repeat("c", 200)))),
        vec![]
    );
    let issues = conv(&set(conversation(), "channel", s(&repeat("c", 201))));
    only(&issues, "channel", "too_long");
    assert_eq!(
        issues[0].message,
        "channel must be at most 200 characters (got 201)"
    );
}

#[test]
fn conversation_channel_counts_code_points() {
    // 200 astral characters are 800 UTF-8 bytes and 400 UTF-16 units, but 200 code points.
    assert_eq!(
        conv(&set(conversation(), "channel", s(&repeat("😀", 200)))),
        vec![]
    );
    only(
        &conv(&set(conversation(), "channel", s(&repeat("😀", 201)))),
        "channel",
        "too_long",
    );
}

#[test]
fn conversation_tags_required() {
    only(&conv(&remove(conversation(), "tags")), "tags", "required");
}

#[test]
fn conversation_tags_must_be_object() {
    only(
        &conv(&set(conversation(), "tags", v(json!(["a"])))),
        "tags",
        "type",
    );
    only(
        &conv(&set(conversation(), "tags", Value::Null)),
        "tags",
        "type",
    );
}

#[test]
fn conversation_tag_values_max_500() {
    assert_eq!(
        conv(&set(
            conversation(),
            "tags",
            v(json!({"k": repeat("t", 500)}))
        )),
        vec![]
    );
    assert_eq!(
        conv(&set(
            conversation(),
            "tags",
            v(json!({"k": repeat("😀", 500)}))
        )),
        vec![]
    );
    only(
        &conv(&set(
            conversation(),
            "tags",
            v(json!({"k": repeat("t", 501)})),
        )),
        "tags.k",
        "too_long",
    );
    only(
        &conv(&set(
            conversation(),
            "tags",
            v(json!({"k": repeat("😀", 501)})),
        )),
        "tags.k",
        "too_long",
    );
}

#[test]
fn conversation_tag_values_string_or_null() {
    assert_eq!(
        conv(&set(conversation(), "tags", v(json!({"k": null, "e": ""})))),
        vec![]
    );
    let issues = conv(&set(
        conversation(),
        "tags",
        v(json!({"k": 1, "my-tag": true})),
    ));
    assert_eq!(
        pc(&issues),
        vec![
            ("tags.k".into(), "type"),
            ("tags[\"my-tag\"]".into(), "type")
        ]
    );
    assert_eq!(
        issues[0].message,
        "tags.k: expected string or null, got number"
    );
}

#[test]
fn conversation_tag_keys_unconstrained() {
    let key = repeat("k", 5000) + " \u{0} 😀";
    let mut tags = serde_json::Map::new();
    tags.insert(key, json!("v"));
    tags.insert(String::new(), json!("v"));
    assert_eq!(
        conv(&set(
            conversation(),
            "tags",
            v(serde_json::Value::Object(tags))
        )),
        vec![]
    );
}

#[test]
fn conversation_integration_name_string_max_200() {
    assert_eq!(
        conv(&set(
            conversation(),
            "integrationName",
            s(&repeat("i", 200))
        )),
        vec![]
    );
    only(
        &conv(&set(
            conversation(),
            "integrationName",
            s(&repeat("i", 201)),
        )),
        "integrationName",
        "too_long",
    );
    only(
        &conv(&set(conversation(), "integrationName", Value::Bool(true))),
        "integrationName",
        "type",
    );
}

#[test]
fn conversation_discriminate_by_tags_array_of_strings_max_500() {
    let ok = v(json!([repeat("d", 500), "", repeat("😀", 500)]));
    assert_eq!(conv(&set(conversation(), "discriminateByTags", ok)), vec![]);
    assert_eq!(
        conv(&set(conversation(), "discriminateByTags", v(json!([])))),
        vec![]
    );
    let bad = v(json!(["a", repeat("d", 501), 3]));
    let issues = conv(&set(conversation(), "discriminateByTags", bad));
    assert_eq!(
        pc(&issues),
        vec![
            ("discriminateByTags[1]".into(), "too_long"),
            ("discriminateByTags[2]".into(), "type")
        ]
    );
    only(
        &conv(&set(
            conversation(),
            "discriminateByTags",
            v(json!({"a": "b"})),
        )),
        "discriminateByTags",
        "type",
    );
}

#[test]
fn conversation_properties_object_of_string_or_null() {
    // No length limit is documented for properties.
    let ok = v(json!({"a": repeat("p", 10_000), "b": null}));
    assert_eq!(conv(&set(conversation(), "properties", ok)), vec![]);
    only(
        &conv(&set(conversation(), "properties", v(json!({"a": 1})))),
        "properties.a",
        "type",
    );
    only(
        &conv(&set(conversation(), "properties", v(json!("x")))),
        "properties",
        "type",
    );
}

#[test]
fn conversation_empty_object_gives_channel_and_tags_required() {
    assert_eq!(
        pc(&conv(&v(json!({})))),
        vec![("channel".into(), "required"), ("tags".into(), "required")]
    );
}

// ----------------------------------------------------------------------- getOrCreateMessage

#[test]
fn message_empty_object_gives_exactly_five_required() {
    let issues = msg(&v(json!({})));
    let mut got = pc(&issues);
    got.sort();
    let mut want: Vec<(String, &str)> = ["payload", "userId", "conversationId", "type", "tags"]
        .iter()
        .map(|p| (p.to_string(), "required"))
        .collect();
    want.sort();
    assert_eq!(got, want);
    let user = issues.iter().find(|i| i.path == "userId").unwrap();
    assert_eq!(user.message, "userId is required");
}

#[test]
fn message_body_must_be_an_object() {
    only(&msg(&v(json!([1]))), "", "type");
    only(&msg(&Value::Null), "", "type");
}

#[test]
fn message_unknown_field_rejected_with_suggestion() {
    let issues = msg(&set(message("text"), "userid", s(USER_ID)));
    only(&issues, "userid", "unknown_field");
    assert_eq!(
        issues[0].message,
        "unknown field `userid`; did you mean `userId`?"
    );
    let issues = msg(&set(message("text"), "shedule", v(json!({"delay": 1}))));
    assert_eq!(
        issues[0].message,
        "unknown field `shedule`; did you mean `schedule`?"
    );
}

#[test]
fn message_ids_length_28_to_36() {
    for field in ["userId", "conversationId"] {
        assert_eq!(
            msg(&set(message("text"), field, s(&repeat("u", 28)))),
            vec![],
            "{field}"
        );
        assert_eq!(
            msg(&set(message("text"), field, s(&repeat("u", 36)))),
            vec![],
            "{field}"
        );
        let issues = msg(&set(message("text"), field, s(&repeat("u", 27))));
        only(&issues, field, "too_short");
        assert_eq!(
            issues[0].message,
            format!("{field} must be at least 28 characters (got 27)")
        );
        let issues = msg(&set(message("text"), field, s(&repeat("u", 37))));
        only(&issues, field, "too_long");
        assert_eq!(
            issues[0].message,
            format!("{field} must be at most 36 characters (got 37)")
        );
    }
}

#[test]
fn message_ids_count_code_points_not_bytes() {
    // 27 astral chars: 108 bytes, 54 UTF-16 units, still too short.
    only(
        &msg(&set(message("text"), "userId", s(&repeat("😀", 27)))),
        "userId",
        "too_short",
    );
    assert_eq!(
        msg(&set(message("text"), "userId", s(&repeat("😀", 28)))),
        vec![]
    );
    assert_eq!(
        msg(&set(message("text"), "conversationId", s(&repeat("é", 36)))),
        vec![]
    );
    only(
        &msg(&set(
            message("text"),
            "conversationId",
            s(&repeat("😀", 37)),
        )),
        "conversationId",
        "too_long",
    );
}

#[test]
fn message_ids_must_be_strings() {
    only(
        &msg(&set(
            message("text"),
            "userId",
            num("1234567890123456789012345678"),
        )),
        "userId",
        "type",
    );
    only(
        &msg(&set(message("text"), "conversationId", Value::Null)),
        "conversationId",
        "type",
    );
}

#[test]
fn message_type_string_max_200() {
    let long = repeat("t", 200);
    let body = set(
        set(message("text"), "type", s(&long)),
        "payload",
        v(json!({})),
    );
    assert_eq!(msg(&body), vec![]);
    let body = set(body, "type", s(&repeat("t", 201)));
    only(&msg(&body), "type", "too_long");
    only(
        &msg(&set(message("text"), "type", num("3"))),
        "type",
        "type",
    );
}

#[test]
fn message_tags_required_and_checked() {
    only(&msg(&remove(message("text"), "tags")), "tags", "required");
    only(
        &msg(&set(
            message("text"),
            "tags",
            v(json!({"k": repeat("t", 501)})),
        )),
        "tags.k",
        "too_long",
    );
    assert_eq!(
        msg(&set(
            message("text"),
            "tags",
            v(json!({"k": repeat("t", 500)}))
        )),
        vec![]
    );
    only(
        &msg(&set(message("text"), "tags", v(json!({"k": []})))),
        "tags.k",
        "type",
    );
}

#[test]
fn message_discriminate_by_tags_checked() {
    assert_eq!(
        msg(&set(
            message("text"),
            "discriminateByTags",
            v(json!([repeat("d", 500)]))
        )),
        vec![]
    );
    only(
        &msg(&set(
            message("text"),
            "discriminateByTags",
            v(json!([repeat("d", 501)])),
        )),
        "discriminateByTags[0]",
        "too_long",
    );
}

#[test]
fn message_origin_enum_synthetic() {
    assert_eq!(msg(&set(message("text"), "origin", s("synthetic"))), vec![]);
    let issues = msg(&set(message("text"), "origin", s("Synthetic")));
    only(&issues, "origin", "enum");
    assert_eq!(issues[0].message, "origin must be \"synthetic\"");
    only(
        &msg(&set(message("text"), "origin", num("1"))),
        "origin",
        "type",
    );
}

#[test]
fn message_payload_required() {
    only(
        &msg(&remove(message("text"), "payload")),
        "payload",
        "required",
    );
}

#[test]
fn message_payload_must_be_object_for_custom_type() {
    let body = set(message("text"), "type", s("myIntegration:custom"));
    let body = set(body, "payload", v(json!({"whatever": [1, {"x": null}]})));
    assert_eq!(msg(&body), vec![]);
    only(
        &msg(&set(body.clone(), "payload", v(json!("text")))),
        "payload",
        "type",
    );
    only(&msg(&set(body, "payload", v(json!([])))), "payload", "type");
}

#[test]
fn message_payload_checked_as_object_when_type_missing_or_not_string() {
    let no_type = remove(set(message("text"), "payload", num("1")), "type");
    assert_eq!(
        pc(&msg(&no_type)),
        vec![("type".into(), "required"), ("payload".into(), "type")]
    );
    let num_type = set(set(message("text"), "payload", s("x")), "type", num("1"));
    assert_eq!(
        pc(&msg(&num_type)),
        vec![("type".into(), "type"), ("payload".into(), "type")]
    );
    // With no kind to pick, any object passes.
    let any = remove(set(message("text"), "payload", v(json!({"z": 1}))), "type");
    only(&msg(&any), "type", "required");
}

#[test]
fn message_type_is_case_sensitive_kind() {
    // "Text" is not a known kind, so its payload is free-form.
    let body = set(
        set(message("text"), "type", s("Text")),
        "payload",
        v(json!({"nope": 1})),
    );
    assert_eq!(msg(&body), vec![]);
}

// -------------------------------------------------------------------------------- schedule

fn sched(x: serde_json::Value) -> Vec<Issue> {
    msg(&set(message("text"), "schedule", v(x)))
}

#[test]
fn schedule_valid_forms_pass() {
    assert_eq!(
        sched(json!({"dateTime": "2024-01-01T00:00:00.000Z"})),
        vec![]
    );
    assert_eq!(sched(json!({"delay": 1500})), vec![]);
    assert_eq!(sched(json!({"delay": -2.5e3})), vec![]);
    assert_eq!(
        sched(json!({"dateTime": "2024-01-01T00:00:00+00:00", "delay": 0})),
        vec![]
    );
}

#[test]
fn schedule_must_be_object() {
    only(
        &sched(json!("2024-01-01T00:00:00.000Z")),
        "schedule",
        "type",
    );
}

#[test]
fn schedule_needs_date_time_or_delay() {
    let issues = sched(json!({}));
    only(&issues, "schedule", "required");
    assert!(issues[0].message.contains("dateTime") && issues[0].message.contains("delay"));
}

#[test]
fn schedule_only_date_time_and_delay() {
    let issues = sched(json!({"delay": 1, "datetime": "x"}));
    only(&issues, "schedule.datetime", "unknown_field");
    assert_eq!(
        issues[0].message,
        "unknown field `schedule.datetime`; did you mean `schedule.dateTime`?"
    );
}

#[test]
fn schedule_date_time_length_24_to_28() {
    // All valid RFC 3339; only the length differs.
    only(
        &sched(json!({"dateTime": "2024-01-01T00:00:00.00Z"})),
        "schedule.dateTime",
        "too_short",
    ); // 23
    assert_eq!(
        sched(json!({"dateTime": "2024-01-01T00:00:00.000Z"})),
        vec![]
    ); // 24
    assert_eq!(
        sched(json!({"dateTime": "2024-01-01T00:00:00.0000000Z"})),
        vec![]
    ); // 28
    only(
        &sched(json!({"dateTime": "2024-01-01T00:00:00.00000000Z"})),
        "schedule.dateTime",
        "too_long",
    ); // 29
    only(
        &sched(json!({"dateTime": "2024-01-01T00:00:00Z"})),
        "schedule.dateTime",
        "too_short",
    );
    only(
        &sched(json!({"dateTime": "2024-01-01T00:00:00.000+00:00"})),
        "schedule.dateTime",
        "too_long",
    );
}

#[test]
fn schedule_date_time_must_be_rfc3339() {
    for ok in [
        "2024-01-01T00:00:00.000Z",
        "2024-01-01t00:00:00.000z",
        "2024-02-29T23:59:59.999Z",
        "2000-02-29T12:00:00.000Z",
        "2024-12-31T23:59:59+14:00",
        "2024-06-30T23:59:60.000Z",
        "2024-07-01T01:59:60+02:00",
        "2024-04-30T10:20:30.5-05:30",
    ] {
        assert_eq!(sched(json!({"dateTime": ok})), vec![], "{ok}");
    }
    for bad in [
        "2024-13-01T00:00:00.000Z",
        "2024-00-10T00:00:00.000Z",
        "2024-02-30T00:00:00.000Z",
        "2023-02-29T00:00:00.000Z",
        "1900-02-29T00:00:00.000Z",
        "2024-04-31T00:00:00.000Z",
        "2024-01-00T00:00:00.000Z",
        "2024-01-01T24:00:00.000Z",
        "2024-01-01T00:60:00.000Z",
        "2024-01-01T00:00:61.000Z",
        "2024-01-01T12:00:60.000Z",
        "2024-01-01 00:00:00.000Z",
        "2024-01-01T00:00:00.000X",
        "2024-01-01T00:00:00.Z000",
        "2024-01-01T00:00:00+24:00",
        "2024-01-01T00:00:00+00:60",
        "2024-01-01T00:00:00+0000Z",
        "2024-1-01T00:00:00.0000Z",
        "abcd-ef-ghTij:kl:mn.opqZ",
        "2024-01-01T00:00:00.000Z ",
        "२०२४-01-01T00:00:00.000Z",
    ] {
        let issues = sched(json!({"dateTime": bad}));
        assert!(
            has(&issues, "schedule.dateTime", "format"),
            "{bad}: {issues:?}"
        );
    }
}

#[test]
fn schedule_date_time_must_be_string() {
    only(
        &sched(json!({"dateTime": 1704067200000u64})),
        "schedule.dateTime",
        "type",
    );
}

#[test]
fn schedule_delay_must_be_finite_number() {
    let issues = msg(&set(
        message("text"),
        "schedule",
        obj(vec![("delay", num("1e400"))]),
    ));
    only(&issues, "schedule.delay", "not_finite");
    only(
        &msg(&set(
            message("text"),
            "schedule",
            obj(vec![("delay", num("NaN"))]),
        )),
        "schedule.delay",
        "not_finite",
    );
    only(&sched(json!({"delay": "1000"})), "schedule.delay", "type");
}

// ------------------------------------------------------------------------------- payloads

#[test]
fn every_known_payload_kind_passes() {
    assert_eq!(KNOWN_MESSAGE_TYPES.len(), 12);
    for kind in KNOWN_MESSAGE_TYPES {
        assert_eq!(msg(&message(kind)), vec![], "{kind}");
    }
}

/// Each known kind with an empty object payload reports exactly its required fields.
#[test]
fn payload_required_fields_per_kind() {
    let want: &[(&str, &[&str])] = &[
        ("text", &["text"]),
        ("image", &["imageUrl"]),
        ("audio", &["audioUrl"]),
        ("video", &["videoUrl"]),
        ("file", &["fileUrl"]),
        ("location", &["latitude", "longitude"]),
        ("card", &["title", "actions"]),
        ("carousel", &["items"]),
        ("choice", &["text", "options"]),
        ("dropdown", &["text", "options"]),
        ("bloc", &["items"]),
        ("markdown", &["markdown"]),
    ];
    for (kind, fields) in want {
        let issues = msg(&set(message(kind), "payload", v(json!({}))));
        let expected: Vec<(String, &str)> = fields
            .iter()
            .map(|f| (format!("payload.{f}"), "required"))
            .collect();
        assert_eq!(pc(&issues), expected, "{kind}");
    }
}

#[test]
fn payload_must_be_object_for_known_kind() {
    for kind in KNOWN_MESSAGE_TYPES {
        only(
            &msg(&set(message(kind), "payload", v(json!("hello")))),
            "payload",
            "type",
        );
    }
}

#[test]
fn payload_strings_have_min_length_1() {
    let cases: &[(&str, &str)] = &[
        ("text", "text"),
        ("image", "imageUrl"),
        ("image", "title"),
        ("audio", "audioUrl"),
        ("video", "videoUrl"),
        ("file", "fileUrl"),
        ("file", "title"),
        ("card", "title"),
        ("card", "subtitle"),
        ("card", "imageUrl"),
        ("choice", "text"),
        ("dropdown", "text"),
        ("markdown", "markdown"),
    ];
    for (kind, f) in cases {
        let mut body = message_json(kind);
        body["payload"][f] = json!("");
        let issues = msg(&v(body));
        only(&issues, &format!("payload.{f}"), "too_short");
        assert_eq!(
            issues[0].message,
            format!("payload.{f} must be at least 1 character (got 0)")
        );
    }
}

#[test]
fn payload_field_types_checked() {
    let mut body = message_json("image");
    body["payload"]["imageUrl"] = json!(5);
    only(&msg(&v(body)), "payload.imageUrl", "type");
    let mut body = message_json("card");
    body["payload"]["actions"] = json!({});
    only(&msg(&v(body)), "payload.actions", "type");
    let mut body = message_json("choice");
    body["payload"]["options"][1] = json!("two");
    only(&msg(&v(body)), "payload.options[1]", "type");
}

#[test]
fn location_address_and_title_may_be_empty() {
    let mut body = message_json("location");
    body["payload"]["address"] = json!("");
    body["payload"]["title"] = json!("");
    assert_eq!(msg(&v(body)), vec![]);
}

#[test]
fn location_coordinates_are_finite_numbers() {
    let mut body = message_json("location");
    body["payload"]["latitude"] = json!("45.5");
    only(&msg(&v(body)), "payload.latitude", "type");
    let payload = obj(vec![("latitude", num("1e999")), ("longitude", num("2"))]);
    only(
        &msg(&set(message("location"), "payload", payload)),
        "payload.latitude",
        "not_finite",
    );
    let payload = obj(vec![
        ("latitude", num("1")),
        ("longitude", num("-Infinity")),
    ]);
    only(
        &msg(&set(message("location"), "payload", payload)),
        "payload.longitude",
        "not_finite",
    );
}

#[test]
fn card_action_enum() {
    let mut body = message_json("card");
    body["payload"]["actions"][1]["action"] = json!("link");
    let issues = msg(&v(body));
    only(&issues, "payload.actions[1].action", "enum");
    assert_eq!(
        issues[0].message,
        "payload.actions[1].action must be one of \"postback\", \"url\", \"say\""
    );
}

#[test]
fn card_action_fields_required() {
    let mut body = message_json("card");
    body["payload"]["actions"][0] = json!({});
    assert_eq!(
        pc(&msg(&v(body))),
        vec![
            ("payload.actions[0].action".into(), "required"),
            ("payload.actions[0].label".into(), "required"),
            ("payload.actions[0].value".into(), "required"),
        ]
    );
    let mut body = message_json("card");
    body["payload"]["actions"][2]["label"] = json!("");
    only(&msg(&v(body)), "payload.actions[2].label", "too_short");
}

#[test]
fn carousel_items_are_cards() {
    let mut body = message_json("carousel");
    body["payload"]["items"][1] =
        json!({"title": "", "actions": [{"action": "x", "label": "l", "value": "v"}]});
    assert_eq!(
        pc(&msg(&v(body))),
        vec![
            ("payload.items[1].title".into(), "too_short"),
            ("payload.items[1].actions[0].action".into(), "enum")
        ]
    );
    let mut body = message_json("carousel");
    body["payload"]["items"][0] = json!("card");
    only(&msg(&v(body)), "payload.items[0]", "type");
}

#[test]
fn choice_and_dropdown_options_checked() {
    for kind in ["choice", "dropdown"] {
        let mut body = message_json(kind);
        body["payload"]["options"][0] = json!({"label": "", "value": 1});
        assert_eq!(
            pc(&msg(&v(body))),
            vec![
                ("payload.options[0].label".into(), "too_short"),
                ("payload.options[0].value".into(), "type")
            ],
            "{kind}"
        );
    }
}

#[test]
fn empty_arrays_are_fine() {
    for (kind, f) in [
        ("card", "actions"),
        ("carousel", "items"),
        ("choice", "options"),
        ("dropdown", "options"),
        ("bloc", "items"),
    ] {
        let mut body = message_json(kind);
        body["payload"][f] = json!([]);
        assert_eq!(msg(&v(body)), vec![], "{kind}");
    }
}

#[test]
fn bloc_item_type_enum() {
    let mut body = message_json("bloc");
    body["payload"]["items"][0]["type"] = json!("card");
    let issues = msg(&v(body));
    only(&issues, "payload.items[0].type", "enum");
    assert!(
        issues[0].message.contains("\"markdown\""),
        "{}",
        issues[0].message
    );
    let mut body = message_json("bloc");
    body["payload"]["items"][0]["type"] = json!(1);
    only(&msg(&v(body)), "payload.items[0].type", "type");
}

#[test]
fn bloc_item_type_and_payload_required() {
    let mut body = message_json("bloc");
    body["payload"]["items"][3] = json!({});
    assert_eq!(
        pc(&msg(&v(body))),
        vec![
            ("payload.items[3].type".into(), "required"),
            ("payload.items[3].payload".into(), "required")
        ]
    );
}

#[test]
fn bloc_item_payload_validated_as_its_kind() {
    let mut body = message_json("bloc");
    body["payload"]["items"][1]["payload"] = json!({"imageUrl": ""});
    body["payload"]["items"][5]["payload"] = json!({"latitude": 1});
    body["payload"]["items"][6]["payload"] = json!({"text": "not markdown"});
    assert_eq!(
        pc(&msg(&v(body))),
        vec![
            ("payload.items[1].payload.imageUrl".into(), "too_short"),
            ("payload.items[5].payload.longitude".into(), "required"),
            ("payload.items[6].payload.markdown".into(), "required"),
        ]
    );
    let mut body = message_json("bloc");
    body["payload"]["items"][0]["payload"] = json!("hi");
    only(&msg(&v(body)), "payload.items[0].payload", "type");
}

#[test]
fn bloc_accepts_markdown_items() {
    let body = message_json("bloc");
    assert_eq!(body["payload"]["items"][6]["type"], "markdown");
    assert_eq!(msg(&v(body)), vec![]);
}

#[test]
fn extra_keys_inside_known_payloads_are_allowed_at_any_depth() {
    for kind in KNOWN_MESSAGE_TYPES {
        let mut body = message_json(kind);
        body["payload"]["metadata"] = json!({"a": [1, 2], "b": {"c": null}});
        assert_eq!(msg(&v(body)), vec![], "{kind}");
    }
    let mut body = message_json("carousel");
    body["payload"]["items"][0]["extra"] = json!(1);
    body["payload"]["items"][0]["actions"][0]["extra"] = json!("x");
    assert_eq!(msg(&v(body)), vec![]);
    let mut body = message_json("bloc");
    body["payload"]["items"][0]["extra"] = json!(true);
    body["payload"]["items"][0]["payload"]["extra"] = json!([]);
    assert_eq!(msg(&v(body)), vec![]);
    let mut body = message_json("choice");
    body["payload"]["options"][0]["extra"] = json!(null);
    assert_eq!(msg(&v(body)), vec![]);
}

#[test]
fn duplicate_keys_validate_the_last_occurrence() {
    // As JSON.parse on the server reads it.
    let body = Value::parse_owned(&format!(
        r#"{{"type":"text","payload":{{"text":""}},"payload":{{"text":"ok"}},"userId":"{USER_ID}","conversationId":"{CONV_ID}","tags":{{}}}}"#
    ))
    .unwrap();
    assert_eq!(msg(&body), vec![]);
}

// ----------------------------------------------------------------------- all issues at once

#[test]
fn all_issues_reported_at_once() {
    let body = v(json!({
        "type": "card",
        "payload": {"title": "", "actions": [{"action": "url", "label": "l"}]},
        "userId": "short",
        "conversationId": CONV_ID,
        "tags": {"k": 1},
        "origin": "real"
    }));
    assert_eq!(
        pc(&msg(&body)),
        vec![
            ("payload.title".into(), "too_short"),
            ("payload.actions[0].value".into(), "required"),
            ("userId".into(), "too_short"),
            ("tags.k".into(), "type"),
            ("origin".into(), "enum"),
        ]
    );
}

#[test]
fn all_conversation_issues_reported_at_once() {
    let body = v(json!({
        "channel": repeat("c", 201), "tags": {"a": 2}, "integrationName": 3,
        "discriminateByTags": "a", "extra": 1
    }));
    let mut got = pc(&conv(&body));
    got.sort();
    assert_eq!(
        got,
        vec![
            ("channel".into(), "too_long"),
            ("discriminateByTags".into(), "type"),
            ("extra".into(), "unknown_field"),
            ("integrationName".into(), "type"),
            ("tags.a".into(), "type"),
        ]
    );
}

// ------------------------------------------------------------------------- foreign values

#[test]
fn foreign_too_deep_reported() {
    let body = set(message("text"), "tags", foreign(Foreign::TooDeep));
    let issues = msg(&body);
    only(&issues, "tags", "too_deep");
    assert!(issues[0].message.contains("64"));
}

#[test]
fn foreign_cycle_reported() {
    only(
        &conv(&set(conversation(), "channel", foreign(Foreign::Cycle))),
        "channel",
        "cycle",
    );
}

#[test]
fn foreign_unreadable_reported_with_its_message() {
    let issues = conv(&set(
        conversation(),
        "channel",
        foreign(Foreign::Unreadable("getter boom".into())),
    ));
    only(&issues, "channel", "unreadable");
    assert!(
        issues[0].message.contains("getter boom"),
        "{}",
        issues[0].message
    );
}

#[test]
fn foreign_undefined_at_required_spot_is_required() {
    only(
        &conv(&set(conversation(), "channel", foreign(Foreign::Undefined))),
        "channel",
        "required",
    );
    only(&conv(&foreign(Foreign::Undefined)), "", "required");
}

#[test]
fn foreign_undefined_at_optional_spot_is_absent() {
    let body = set(
        conversation(),
        "integrationName",
        foreign(Foreign::Undefined),
    );
    assert_eq!(conv(&body), vec![]);
    // Unknown keys set to undefined vanish in JSON.stringify too.
    assert_eq!(
        conv(&set(conversation(), "typo", foreign(Foreign::Undefined))),
        vec![]
    );
    // Tag values set to undefined as well.
    let tags = obj(vec![("a", foreign(Foreign::Undefined))]);
    assert_eq!(conv(&set(conversation(), "tags", tags)), vec![]);
}

#[test]
fn foreign_bigint_symbol_function_are_type_errors() {
    for (f, kind) in [
        (Foreign::BigInt, "bigint"),
        (Foreign::Symbol, "symbol"),
        (Foreign::Function, "function"),
    ] {
        let issues = conv(&set(conversation(), "channel", foreign(f)));
        only(&issues, "channel", "type");
        assert_eq!(
            issues[0].message,
            format!("channel: expected string, got {kind}")
        );
    }
}

#[test]
fn foreign_values_inside_free_form_payload_reported() {
    let payload = obj(vec![
        ("big", foreign(Foreign::BigInt)),
        ("self", foreign(Foreign::Cycle)),
        (
            "list",
            Value::Array(vec![Value::Null, foreign(Foreign::Unreadable("x".into()))]),
        ),
        ("deep", obj(vec![("d", foreign(Foreign::TooDeep))])),
        // Dropped by JSON.stringify, so fine.
        ("f", foreign(Foreign::Function)),
        ("u", foreign(Foreign::Undefined)),
    ]);
    let custom = set(
        set(message("text"), "type", s("custom")),
        "payload",
        payload.clone(),
    );
    assert_eq!(
        pc(&msg(&custom)),
        vec![
            ("payload.big".into(), "type"),
            ("payload.self".into(), "cycle"),
            ("payload.list[1]".into(), "unreadable"),
            ("payload.deep.d".into(), "too_deep"),
        ]
    );
    // The same inside the extra keys of a known payload.
    let known = set(message("text"), "payload", set(payload, "text", s("hi")));
    assert_eq!(msg(&known).len(), 4);
}

#[test]
fn deep_json_in_payload_reports_too_deep_without_overflow() {
    let depth = 50_000;
    let text = format!(
        r#"{{"type":"custom","payload":{{"x":{}1{}}},"userId":"{USER_ID}","conversationId":"{CONV_ID}","tags":{{}}}}"#,
        "[".repeat(depth),
        "]".repeat(depth)
    );
    let body = Value::parse_owned(&text).unwrap();
    let issues = msg(&body);
    assert_eq!(issues.len(), 1, "{issues:?}");
    assert_eq!(issues[0].code, "too_deep");
    assert!(issues[0].path.starts_with("payload.x[0][0]"));
}

#[test]
fn hand_built_deep_tree_reports_too_deep_without_overflow() {
    // Deeper than MAX_DEPTH, built without the parser: the scan must stop by itself.
    let mut x = Value::Null;
    for _ in 0..500 {
        x = Value::Array(vec![x]);
    }
    let body = set(
        set(message("text"), "type", s("custom")),
        "payload",
        obj(vec![("x", x)]),
    );
    only(
        &msg(&body),
        &format!("payload.x{}", "[0]".repeat(62)),
        "too_deep",
    );
}

#[test]
fn unknown_field_values_are_scanned_in_bodies() {
    let extra = obj(vec![
        ("n", foreign(Foreign::BigInt)),
        ("me", foreign(Foreign::Cycle)),
    ]);
    let issues = conv(&set(conversation(), "extra", extra));
    assert_eq!(
        pc(&issues),
        vec![
            ("extra".into(), "unknown_field"),
            ("extra.n".into(), "type"),
            ("extra.me".into(), "cycle"),
        ]
    );
    let issues = msg(&set(
        message("text"),
        "schedule",
        obj(vec![("delay", num("1")), ("x", foreign(Foreign::TooDeep))]),
    ));
    assert_eq!(
        pc(&issues),
        vec![
            ("schedule.x".into(), "unknown_field"),
            ("schedule.x".into(), "too_deep"),
        ]
    );
}

#[test]
fn tag_values_that_json_drops_are_absent() {
    // JSON.stringify drops functions and symbols from objects, as it drops undefined.
    let tags = obj(vec![
        ("f", foreign(Foreign::Function)),
        ("s", foreign(Foreign::Symbol)),
        ("a", s("1")),
    ]);
    assert_eq!(conv(&set(conversation(), "tags", tags)), vec![]);
    let tags = obj(vec![("b", foreign(Foreign::BigInt))]);
    only(&conv(&set(conversation(), "tags", tags)), "tags.b", "type");
}

#[test]
fn every_message_names_its_path() {
    let body = v(json!({
        "type": "bloc",
        "payload": {"items": [{"type": "x", "payload": {}}, {"type": "text", "payload": {"text": ""}}, 3]},
        "userId": 1, "conversationId": "c", "tags": {"a b": 1},
        "schedule": {"dateTime": "nope", "delay": "1", "when": 1},
        "origin": "o", "discriminateByTags": [null], "extra": 1
    }));
    let issues = msg(&body);
    assert!(issues.len() >= 12, "{issues:#?}");
    for i in &issues {
        assert!(i.message.contains(&i.path), "{i:?}");
    }
}

// ------------------------------------------------------------------------------ responses

fn conversation_resp() -> serde_json::Value {
    json!({
        "conversation": {
            "id": "conv_01HZX3F4Q8N2V6B7C9D0E1F2AB", "createdAt": "2024-01-01T00:00:00.000Z",
            "updatedAt": "2024-01-01T00:00:00.000Z", "channel": "channel", "integration": "telegram",
            "tags": {"a": "1"}
        }
    })
}

fn message_resp() -> serde_json::Value {
    json!({
        "message": {
            "id": "msg_01HZX3F4Q8N2V6B7C9D0E1F2AB", "createdAt": "2024-01-01T00:00:00.000Z",
            "updatedAt": "2024-01-01T00:00:00.000Z", "type": "text", "direction": "outgoing",
            "userId": USER_ID, "conversationId": CONV_ID, "payload": {"text": "hi"}, "tags": {}
        },
        "meta": {"created": true}
    })
}

#[test]
fn conversation_response_valid_passes_and_ignores_unknown_fields() {
    assert_eq!(conversation_response(&v(conversation_resp())), vec![]);
    let mut r = conversation_resp();
    r["conversation"]["messageCount"] = json!(3);
    r["conversation"]["properties"] = json!({"p": "x", "q": null});
    r["conversation"]["currentTaskId"] = json!("t");
    r["conversation"]["tags"]["gone"] = json!(null);
    r["conversation"]["newField"] = json!({"x": 1});
    r["meta"] = json!({"created": false, "other": 1});
    r["extra"] = json!(1);
    // No length checks on responses: a short id is fine.
    r["conversation"]["id"] = json!("c");
    assert_eq!(conversation_response(&v(r)), vec![]);
}

#[test]
fn conversation_response_required_fields() {
    only(
        &conversation_response(&v(json!({}))),
        "conversation",
        "required",
    );
    let mut got = pc(&conversation_response(&v(json!({"conversation": {}}))));
    got.sort();
    let mut want: Vec<(String, &str)> = [
        "id",
        "createdAt",
        "updatedAt",
        "channel",
        "integration",
        "tags",
    ]
    .iter()
    .map(|f| (format!("conversation.{f}"), "required"))
    .collect();
    want.sort();
    assert_eq!(got, want);
}

#[test]
fn conversation_response_types_checked() {
    let mut r = conversation_resp();
    r["conversation"]["id"] = json!(1);
    r["conversation"]["tags"] = json!({"a": 1});
    r["conversation"]["messageCount"] = json!("3");
    r["conversation"]["properties"] = json!([]);
    r["meta"] = json!({"created": "yes"});
    assert_eq!(
        pc(&conversation_response(&v(r))),
        vec![
            ("conversation.id".into(), "type"),
            ("conversation.tags.a".into(), "type"),
            ("conversation.messageCount".into(), "type"),
            ("conversation.properties".into(), "type"),
            ("meta.created".into(), "type"),
        ]
    );
    only(&conversation_response(&v(json!([]))), "", "type");
    only(
        &conversation_response(&v(json!({"conversation": "x"}))),
        "conversation",
        "type",
    );
    let mut r = conversation_resp();
    r["meta"] = json!(1);
    only(&conversation_response(&v(r)), "meta", "type");
}

#[test]
fn message_response_valid_passes_and_ignores_unknown_fields() {
    assert_eq!(message_response(&v(message_resp())), vec![]);
    let mut r = message_resp();
    r["message"]["origin"] = json!("synthetic");
    r["message"]["direction"] = json!("sideways"); // no enum checks on responses
    r["message"]["future"] = json!(1);
    assert_eq!(message_response(&v(r)), vec![]);
}

#[test]
fn message_response_required_fields_and_types() {
    only(
        &message_response(&v(json!({"meta": {"created": true}}))),
        "message",
        "required",
    );
    let mut got = pc(&message_response(&v(json!({"message": {}}))));
    got.sort();
    let mut want: Vec<(String, &str)> = [
        "id",
        "createdAt",
        "updatedAt",
        "type",
        "direction",
        "userId",
        "conversationId",
        "payload",
        "tags",
    ]
    .iter()
    .map(|f| (format!("message.{f}"), "required"))
    .collect();
    want.sort();
    assert_eq!(got, want);
    let mut r = message_resp();
    r["message"]["payload"] = json!("hi");
    r["message"]["origin"] = json!(1);
    r["message"]["userId"] = json!(null);
    // In the order of the model's fields (Message.json's order).
    assert_eq!(
        pc(&message_response(&v(r))),
        vec![
            ("message.payload".into(), "type"),
            ("message.userId".into(), "type"),
            ("message.origin".into(), "type"),
        ]
    );
}

// -------------------------------------------------------------------------- client options

fn opts(extra: Vec<(&str, Value)>) -> Value {
    let mut m = vec![("token", s("bp_pat_secret")), ("botId", s("bot-1"))];
    m.extend(extra);
    obj(m)
}

fn opt_err(o: &Value) -> Vec<Issue> {
    client_options(o).expect_err("options should be refused")
}

#[test]
fn client_options_defaults() {
    let c = client_options(&opts(vec![])).unwrap();
    assert_eq!(
        c,
        ClientConfig {
            token: "bp_pat_secret".into(),
            bot_id: "bot-1".into(),
            integration_id: None,
            integration_alias: None,
            base_url: "https://api.botpress.cloud".into(),
            timeout_ms: 60_000,
            max_retries: 2,
            max_response_bytes: 8_388_608,
            headers: vec![],
            has_fetch: false,
        }
    );
}

#[test]
fn client_max_response_bytes() {
    let n = |v: &str| Value::Number(String::from(v).into());
    for (v, want) in [("1", 1), ("65536", 65_536), ("268435456", 268_435_456)] {
        let c = client_options(&opts(vec![("maxResponseBytes", n(v))])).unwrap();
        assert_eq!(c.max_response_bytes, want);
    }
    for (v, code) in [
        ("0", "range"),
        ("-1", "range"),
        ("268435457", "range"),
        ("1e300", "range"),
        ("Infinity", "range"),
        ("1.5", "type"),
        ("NaN", "type"),
    ] {
        let issues = opt_err(&opts(vec![("maxResponseBytes", n(v))]));
        only(&issues, "maxResponseBytes", code);
        assert!(
            issues[0].message.contains("from 1 to 268435456"),
            "{}",
            issues[0].message
        );
    }
    only(
        &opt_err(&opts(vec![("maxResponseBytes", s("8mb"))])),
        "maxResponseBytes",
        "type",
    );
}

#[test]
fn client_options_all_fields() {
    let o = opts(vec![
        ("integrationId", s("int-1")),
        ("integrationAlias", s("alias")),
        ("baseUrl", s("http://127.0.0.1:8787/")),
        ("timeoutMs", num("0")),
        ("maxRetries", num("10")),
        (
            "headers",
            obj(vec![("X-Trace", s("abc")), ("x-empty", s(""))]),
        ),
        ("fetch", foreign(Foreign::Function)),
    ]);
    let c = client_options(&o).unwrap();
    assert_eq!(c.integration_id.as_deref(), Some("int-1"));
    assert_eq!(c.integration_alias.as_deref(), Some("alias"));
    assert_eq!(c.base_url, "http://127.0.0.1:8787");
    assert_eq!((c.timeout_ms, c.max_retries), (0, 10));
    assert_eq!(
        c.headers,
        vec![
            ("x-trace".into(), "abc".into()),
            ("x-empty".into(), "".into())
        ]
    );
    assert!(c.has_fetch);
}

#[test]
fn client_options_must_be_object() {
    only(&opt_err(&s("token")), "", "type");
    only(&opt_err(&Value::Null), "", "type");
    only(&opt_err(&foreign(Foreign::Undefined)), "", "required");
}

#[test]
fn client_token_and_bot_id_required_strings() {
    let none = obj(vec![]);
    assert_eq!(
        pc(&opt_err(&none)),
        vec![("token".into(), "required"), ("botId".into(), "required")]
    );
    let wrong = obj(vec![("token", num("1")), ("botId", Value::Null)]);
    assert_eq!(
        pc(&opt_err(&wrong)),
        vec![("token".into(), "type"), ("botId".into(), "type")]
    );
    let undef = obj(vec![
        ("token", foreign(Foreign::Undefined)),
        ("botId", s("b")),
    ]);
    only(&opt_err(&undef), "token", "required");
}

#[test]
fn client_token_and_bot_id_non_empty() {
    let o = obj(vec![("token", s("")), ("botId", s(""))]);
    assert_eq!(
        pc(&opt_err(&o)),
        vec![("token".into(), "empty"), ("botId".into(), "empty")]
    );
}

#[test]
fn client_header_values_refuse_cr_lf_nul_without_quoting_the_token() {
    for bad in ["sec\rret", "sec\nret", "sec\0ret", "secret\r\nX-Evil: 1"] {
        let o = obj(vec![("token", s(bad)), ("botId", s("b"))]);
        let issues = opt_err(&o);
        only(&issues, "token", "header_value");
        assert!(!issues[0].message.contains("sec"), "{}", issues[0].message);
        for field in ["botId", "integrationId", "integrationAlias"] {
            only(
                &opt_err(&opts(vec![(field, s(bad))])),
                field,
                "header_value",
            );
        }
    }
}

#[test]
fn client_header_values_must_be_latin1() {
    only(
        &opt_err(&obj(vec![("token", s("tok€n")), ("botId", s("b"))])),
        "token",
        "header_value",
    );
    assert!(client_options(&obj(vec![("token", s("tokén")), ("botId", s("b"))])).is_ok());
}

#[test]
fn client_integration_id_and_alias_optional_non_empty_strings() {
    for field in ["integrationId", "integrationAlias"] {
        assert!(client_options(&opts(vec![(field, foreign(Foreign::Undefined))])).is_ok());
        only(&opt_err(&opts(vec![(field, num("5"))])), field, "type");
        only(&opt_err(&opts(vec![(field, Value::Null)])), field, "type");
        only(&opt_err(&opts(vec![(field, s(""))])), field, "empty");
    }
}

#[test]
fn client_base_url_trailing_slashes_removed() {
    let c = client_options(&opts(vec![(
        "baseUrl",
        s("https://proxy.example.com/botpress///"),
    )]))
    .unwrap();
    assert_eq!(c.base_url, "https://proxy.example.com/botpress");
    let c = client_options(&opts(vec![("baseUrl", s("HTTPS://api.example.com:8443/"))])).unwrap();
    assert_eq!(c.base_url, "https://api.example.com:8443");
}

#[test]
fn client_base_url_https_unless_loopback() {
    for ok in [
        "http://localhost",
        "http://LOCALHOST:3000/",
        "http://127.0.0.1:8787",
        "http://127.255.0.9",
        "http://[::1]:8080",
        "https://example.com",
    ] {
        assert!(
            client_options(&opts(vec![("baseUrl", s(ok))])).is_ok(),
            "{ok}"
        );
    }
    for bad in [
        "http://example.com",
        "http://128.0.0.1",
        "http://127.0.0.256",
        "http://localhost.evil.com",
        "http://[::2]",
    ] {
        let issues = opt_err(&opts(vec![("baseUrl", s(bad))]));
        only(&issues, "baseUrl", "format");
        assert!(
            issues[0].message.contains("https"),
            "{bad}: {}",
            issues[0].message
        );
    }
}

#[test]
fn client_base_url_must_be_absolute_http_url_with_host() {
    for bad in [
        "api.botpress.cloud",
        "/v1",
        "ftp://example.com",
        "https://",
        "https:///path",
        "https://exa mple.com",
        "https://example.com\n",
        " https://example.com",
        "https://user:pw@example.com",
        "https://example.com?x=1",
        "https://example.com/#frag",
        "https://example.com:99999",
        "https://example.com:abc",
        "https://[::1",
        "https://ex\u{e4}mple.com",
        "",
    ] {
        only(
            &opt_err(&opts(vec![("baseUrl", s(bad))])),
            "baseUrl",
            "format",
        );
    }
    only(
        &opt_err(&opts(vec![("baseUrl", Value::Null)])),
        "baseUrl",
        "type",
    );
}

#[test]
fn client_base_url_refuses_whitespace_anywhere() {
    for bad in [
        "https://example.com/a b",
        "https://example.com/v1\t",
        "https://example.com/\u{a0}x",
        "https://example.com/\r",
    ] {
        let issues = opt_err(&opts(vec![("baseUrl", s(bad))]));
        only(&issues, "baseUrl", "format");
        assert!(
            issues[0].message.contains("whitespace"),
            "{}",
            issues[0].message
        );
    }
}

#[test]
fn client_base_url_refuses_credentials() {
    for bad in [
        "https://user:pw@example.com",
        "https://user@example.com/",
        "https://a@127.0.0.1",
    ] {
        let issues = opt_err(&opts(vec![("baseUrl", s(bad))]));
        only(&issues, "baseUrl", "format");
        assert!(
            issues[0].message.contains("credentials"),
            "{}",
            issues[0].message
        );
    }
}

#[test]
fn client_timeout_ms_integer_in_range() {
    for (lexeme, want) in [
        ("0", 0),
        ("2147483647", 2_147_483_647),
        ("6e4", 60_000),
        ("1.5e3", 1500),
        ("-0", 0),
        ("100.0", 100),
    ] {
        let c = client_options(&opts(vec![("timeoutMs", num(lexeme))])).unwrap();
        assert_eq!(c.timeout_ms, want, "{lexeme}");
    }
    for (lexeme, code) in [
        ("2147483648", "range"),
        ("-1", "range"),
        ("1e100", "range"),
        ("Infinity", "range"),
        ("1.5", "type"),
        ("NaN", "type"),
        ("1e-3", "type"),
    ] {
        let issues = opt_err(&opts(vec![("timeoutMs", num(lexeme))]));
        only(&issues, "timeoutMs", code);
        assert!(issues[0].message.contains(lexeme), "{}", issues[0].message);
    }
    only(
        &opt_err(&opts(vec![("timeoutMs", s("1000"))])),
        "timeoutMs",
        "type",
    );
    only(
        &opt_err(&opts(vec![("timeoutMs", Value::Null)])),
        "timeoutMs",
        "type",
    );
}

#[test]
fn client_max_retries_integer_0_to_10() {
    assert_eq!(
        client_options(&opts(vec![("maxRetries", num("0"))]))
            .unwrap()
            .max_retries,
        0
    );
    assert_eq!(
        client_options(&opts(vec![("maxRetries", num("10"))]))
            .unwrap()
            .max_retries,
        10
    );
    only(
        &opt_err(&opts(vec![("maxRetries", num("11"))])),
        "maxRetries",
        "range",
    );
    only(
        &opt_err(&opts(vec![("maxRetries", num("-1"))])),
        "maxRetries",
        "range",
    );
    only(
        &opt_err(&opts(vec![("maxRetries", num("2.5"))])),
        "maxRetries",
        "type",
    );
    only(
        &opt_err(&opts(vec![("maxRetries", Value::Bool(true))])),
        "maxRetries",
        "type",
    );
}

#[test]
fn client_headers_object_of_strings() {
    only(
        &opt_err(&opts(vec![("headers", s("x"))])),
        "headers",
        "type",
    );
    only(
        &opt_err(&opts(vec![("headers", obj(vec![("x-a", num("1"))]))])),
        "headers[\"x-a\"]",
        "type",
    );
    // undefined values are skipped.
    let c = client_options(&opts(vec![(
        "headers",
        obj(vec![("x-a", foreign(Foreign::Undefined))]),
    )]))
    .unwrap();
    assert_eq!(c.headers, vec![]);
}

#[test]
fn client_header_names_must_be_tokens() {
    for bad in ["x a", "", "x:y", "x\ny", "é", "(x)"] {
        only(
            &opt_err(&opts(vec![("headers", obj(vec![(bad, s("v"))]))])),
            &child_path(bad),
            "format",
        );
    }
    let ok = obj(vec![("X-Custom_1!#$%&'*+.^`|~", s("v"))]);
    assert!(client_options(&opts(vec![("headers", ok)])).is_ok());
}

/// The path of a header name: `headers.name` for identifiers, `headers["x-a"]` otherwise.
fn child_path(key: &str) -> String {
    let ident = key
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$')
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$');
    if ident {
        format!("headers.{key}")
    } else {
        format!("headers[{}]", serde_json::to_string(key).unwrap())
    }
}

#[test]
fn client_reserved_headers_refused() {
    for name in [
        "Authorization",
        "x-bot-id",
        "X-Integration-Id",
        "x-integration-alias",
        "Content-Type",
    ] {
        let issues = opt_err(&opts(vec![("headers", obj(vec![(name, s("v"))]))]));
        only(&issues, &child_path(name), "reserved");
    }
}

#[test]
fn client_fetch_forbidden_headers_refused() {
    // The Fetch standard's forbidden request-header names: fetch throws on them (undici:
    // transfer-encoding, keep-alive, connection, upgrade, expect), stalls (content-length) or
    // drops them silently; refused up front, whatever the case.
    for name in [
        "Transfer-Encoding",
        "keep-alive",
        "expect",
        "upgrade",
        "content-length",
        "Connection",
        "host",
        "te",
        "trailer",
        "via",
        "cookie",
        "accept-encoding",
        "origin",
        "referer",
        "date",
        "Proxy-Authorization",
        "proxy-x",
        "sec-fetch-mode",
        "Sec-CH-UA",
    ] {
        let issues = opt_err(&opts(vec![("headers", obj(vec![(name, s("5"))]))]));
        only(&issues, &child_path(name), "reserved");
    }
    // Method-override headers only when they name a forbidden method.
    for value in ["TRACE", "get, connect", " track\t"] {
        let issues = opt_err(&opts(vec![(
            "headers",
            obj(vec![("X-HTTP-Method-Override", s(value))]),
        )]));
        only(&issues, "headers[\"X-HTTP-Method-Override\"]", "reserved");
    }
    let ok = client_options(&opts(vec![(
        "headers",
        obj(vec![
            ("x-http-method-override", s("PATCH")),
            ("x-sec-thing", s("1")),
            ("proxyish", s("1")),
            ("x-te", s("1")),
        ]),
    )]))
    .unwrap();
    assert_eq!(ok.headers.len(), 4);
}

#[test]
fn client_header_values_refuse_every_control_character_but_tab() {
    for c in (0u8..0x20).chain([0x7f]).filter(|c| *c != b'\t') {
        let v = format!("a{}b", c as char);
        for field in ["token", "botId", "integrationId", "integrationAlias"] {
            let issues = opt_err(&opts(vec![(field, s(&v))]));
            only(&issues, field, "header_value");
        }
        let issues = opt_err(&opts(vec![("headers", obj(vec![("x-a", s(&v))]))]));
        only(&issues, "headers[\"x-a\"]", "header_value");
    }
    let ok = client_options(&opts(vec![(
        "headers",
        obj(vec![("x-a", s("a\tb\u{80}\u{ff}"))]),
    )]));
    assert!(ok.is_ok());
}

#[test]
fn client_extra_header_values_refuse_cr_lf_nul() {
    let issues = opt_err(&opts(vec![(
        "headers",
        obj(vec![("x-key", s("hunter2\r\nX: y"))]),
    )]));
    only(&issues, "headers[\"x-key\"]", "header_value");
    assert!(!issues[0].message.contains("hunter2"));
}

#[test]
fn client_duplicate_header_names_last_wins() {
    let c = client_options(&opts(vec![(
        "headers",
        obj(vec![("X-A", s("1")), ("x-b", s("2")), ("x-a", s("3"))]),
    )]))
    .unwrap();
    assert_eq!(
        c.headers,
        vec![("x-b".into(), "2".into()), ("x-a".into(), "3".into())]
    );
}

#[test]
fn client_fetch_must_be_function() {
    only(
        &opt_err(&opts(vec![("fetch", s("fetch"))])),
        "fetch",
        "type",
    );
    only(
        &opt_err(&opts(vec![("fetch", Value::Null)])),
        "fetch",
        "type",
    );
    assert!(
        !client_options(&opts(vec![("fetch", foreign(Foreign::Undefined))]))
            .unwrap()
            .has_fetch
    );
}

#[test]
fn client_unknown_options_rejected_with_suggestions() {
    for (key, suggestion) in [
        ("apiUrl", Some("baseUrl")),
        ("timeout", Some("timeoutMs")),
        ("retries", Some("maxRetries")),
        ("tokne", Some("token")),
        ("botID", Some("botId")),
        ("baseURL", Some("baseUrl")),
        ("workspaceId", None),
    ] {
        let issues = opt_err(&opts(vec![(key, s("x"))]));
        only(&issues, key, "unknown_field");
        let want = match suggestion {
            Some(sug) => format!("unknown field `{key}`; did you mean `{sug}`?"),
            None => format!("unknown field `{key}`"),
        };
        assert_eq!(issues[0].message, want);
    }
}

#[test]
fn client_unknown_option_values_are_not_walked() {
    // A mistaken extra option may be any JS object (an agent with cycles, …): one issue.
    let agent = obj(vec![
        ("self", foreign(Foreign::Cycle)),
        ("n", foreign(Foreign::BigInt)),
    ]);
    only(
        &opt_err(&opts(vec![("agent", agent)])),
        "agent",
        "unknown_field",
    );
}

#[test]
fn client_options_report_every_issue_and_never_the_token() {
    let o = obj(vec![
        ("token", s("s3cr3t\nvalue")),
        ("botId", s("")),
        ("baseUrl", s("http://example.com")),
        ("timeoutMs", num("-5")),
        ("headers", obj(vec![("authorization", s("Bearer x"))])),
        ("retry", num("1")),
    ]);
    let issues = opt_err(&o);
    assert_eq!(issues.len(), 6, "{issues:#?}");
    for i in &issues {
        assert!(
            !i.message.contains("s3cr3t") && !i.message.contains("value\u{0}"),
            "{}",
            i.message
        );
    }
}

#[test]
fn client_config_debug_redacts_the_token() {
    let c = client_options(&opts(vec![(
        "headers",
        obj(vec![("x-api-key", s("hunter2"))]),
    )]))
    .unwrap();
    let shown = format!("{c:?}");
    assert!(
        !shown.contains("bp_pat_secret") && !shown.contains("hunter2"),
        "{shown}"
    );
    assert!(shown.contains("bot-1"));
}

// ------------------------------------------------------------------------- request options

#[test]
fn request_options_absent_gives_defaults() {
    assert_eq!(
        request_options(&foreign(Foreign::Undefined)),
        Ok(RequestConfig::default())
    );
    assert_eq!(request_options(&Value::Null), Ok(RequestConfig::default()));
    assert_eq!(request_options(&obj(vec![])), Ok(RequestConfig::default()));
}

#[test]
fn request_options_signal_any_object() {
    let r = request_options(&obj(vec![(
        "signal",
        obj(vec![("aborted", Value::Bool(false))]),
    )]))
    .unwrap();
    assert!(r.has_signal);
    assert!(
        !request_options(&obj(vec![("signal", Value::Null)]))
            .unwrap()
            .has_signal
    );
    assert!(
        !request_options(&obj(vec![("signal", foreign(Foreign::Undefined))]))
            .unwrap()
            .has_signal
    );
    only(
        &request_options(&obj(vec![("signal", s("x"))])).unwrap_err(),
        "signal",
        "type",
    );
}

#[test]
fn request_options_timeout_and_retries_bounds() {
    let r = request_options(&obj(vec![
        ("timeoutMs", num("500")),
        ("maxRetries", num("0")),
    ]))
    .unwrap();
    assert_eq!((r.timeout_ms, r.max_retries), (Some(500), Some(0)));
    let issues = request_options(&obj(vec![
        ("timeoutMs", num("2147483648")),
        ("maxRetries", num("11")),
    ]))
    .unwrap_err();
    assert_eq!(
        pc(&issues),
        vec![
            ("timeoutMs".into(), "range"),
            ("maxRetries".into(), "range")
        ]
    );
    only(
        &request_options(&obj(vec![("timeoutMs", num("0.5"))])).unwrap_err(),
        "timeoutMs",
        "type",
    );
}

#[test]
fn request_options_unknown_keys_rejected() {
    let issues = request_options(&obj(vec![("timeout", num("5"))])).unwrap_err();
    only(&issues, "timeout", "unknown_field");
    assert_eq!(
        issues[0].message,
        "unknown field `timeout`; did you mean `timeoutMs`?"
    );
}

#[test]
fn request_options_must_be_object() {
    only(&request_options(&num("5")).unwrap_err(), "", "type");
}

// ------------------------------------------------------------------------------- helpers

#[test]
fn header_value_issue_flags_cr_lf_nul() {
    for bad in ["a\rb", "a\nb", "a\0b"] {
        let i = header_value_issue("headers.x", bad).unwrap();
        assert_eq!((i.path.as_str(), i.code), ("headers.x", "header_value"));
        assert!(!i.message.contains(bad));
    }
    assert_eq!(header_value_issue("x", "plain value\twith tab"), None);
    assert_eq!(header_value_issue("x", ""), None);
}

#[test]
fn issue_codes_list_is_complete_and_unique() {
    let mut sorted = ISSUE_CODES.to_vec();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), ISSUE_CODES.len());
    for c in [
        "required",
        "unknown_field",
        "type",
        "too_long",
        "too_short",
        "enum",
        "format",
        "not_finite",
        "too_deep",
        "cycle",
        "unreadable",
        "header_value",
        "reserved",
        "range",
        "empty",
    ] {
        assert!(ISSUE_CODES.contains(&c), "{c}");
    }
}
