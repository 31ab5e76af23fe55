#![cfg(not(target_arch = "wasm32"))]
//! The two endpoints: get-or-create semantics, ids, timestamps, errors.

mod shared;

use serde_json::json;
use shared::*;

fn conv_id(port: u16, bot: &str, tags: serde_json::Value) -> String {
    let (c, _) = conversation(port, bot, json!({"channel": "web", "tags": tags}));
    c["id"].as_str().unwrap().to_string()
}

#[test]
fn same_tags_find_the_same_conversation() {
    let emu = emulator();
    let p = emu.port();
    let (a, created_a) = conversation(
        p,
        "bot1",
        json!({"channel": "web", "tags": {"k": "1", "j": "2"}}),
    );
    assert!(created_a);
    let (b, created_b) = conversation(
        p,
        "bot1",
        json!({"channel": "web", "tags": {"j": "2", "k": "1"}}),
    );
    assert!(!created_b);
    assert_eq!(a["id"], b["id"]);
    assert_eq!(a["createdAt"], b["createdAt"]);
    assert_ne!(a["updatedAt"], b["updatedAt"], "a found record is updated");
    assert!(b["updatedAt"].as_str() > a["updatedAt"].as_str());

    // Different tag value, a subset of the tags, another channel, another bot: new records.
    let (c, created) = conversation(
        p,
        "bot1",
        json!({"channel": "web", "tags": {"k": "1", "j": "3"}}),
    );
    assert!(created);
    assert_ne!(c["id"], a["id"]);
    let (d, created) = conversation(p, "bot1", json!({"channel": "web", "tags": {"k": "1"}}));
    assert!(created);
    assert_ne!(d["id"], a["id"]);
    let (e, created) = conversation(
        p,
        "bot1",
        json!({"channel": "sms", "tags": {"k": "1", "j": "2"}}),
    );
    assert!(created);
    assert_ne!(e["id"], a["id"]);
    let (f, created) = conversation(
        p,
        "bot2",
        json!({"channel": "web", "tags": {"k": "1", "j": "2"}}),
    );
    assert!(created);
    assert_ne!(f["id"], a["id"]);
    let stats = emu.stats();
    assert_eq!((stats.created, stats.found, stats.requests), (5, 1, 6));
}

#[test]
fn conversation_shape() {
    let emu = emulator();
    let (c, _) = conversation(
        emu.port(),
        "bot",
        json!({"channel": "web", "tags": {"a": "1"}, "integrationName": "webchat", "properties": {"p": "v", "q": null}}),
    );
    assert_keys(
        &c,
        &[
            "id",
            "createdAt",
            "updatedAt",
            "channel",
            "integration",
            "tags",
            "messageCount",
            "properties",
        ],
    );
    assert_eq!(c["channel"], "web");
    assert_eq!(c["integration"], "webchat");
    assert_eq!(c["messageCount"], 0);
    assert_eq!(c["properties"], json!({"p": "v"}));
    let (c, _) = conversation(
        emu.port(),
        "bot",
        json!({"channel": "web", "tags": {"b": "1"}}),
    );
    assert_eq!(c["integration"], "emulator");
    assert!(c.get("properties").is_none());
}

#[test]
fn ids_and_timestamps_have_the_real_shape() {
    let emu = emulator();
    let p = emu.port();
    let (c, _) = conversation(p, "bot", json!({"channel": "web", "tags": {"x": "1"}}));
    let id = c["id"].as_str().unwrap();
    assert_eq!(id.len(), 31, "{id}");
    assert!(
        id.starts_with("conv_") && is_crockford_ulid(&id[5..]),
        "{id}"
    );
    let (m, _) = message(
        p,
        "bot",
        json!({"payload": {"text": "hi"}, "userId": USER, "conversationId": id, "type": "text", "tags": {"t": "1"}}),
    );
    let mid = m["id"].as_str().unwrap();
    assert_eq!(mid.len(), 30, "{mid}");
    assert!(
        mid.starts_with("msg_") && is_crockford_ulid(&mid[4..]),
        "{mid}"
    );

    // RFC 3339 UTC with milliseconds, e.g. 2026-11-21T10:00:00.000Z, close to now.
    for ts in [&c["createdAt"], &m["createdAt"], &m["updatedAt"]] {
        let ts = ts.as_str().unwrap();
        let b = ts.as_bytes();
        assert_eq!(ts.len(), 24, "{ts}");
        for (i, &c) in b.iter().enumerate() {
            match i {
                4 | 7 => assert_eq!(c, b'-'),
                10 => assert_eq!(c, b'T'),
                13 | 16 => assert_eq!(c, b':'),
                19 => assert_eq!(c, b'.'),
                23 => assert_eq!(c, b'Z'),
                _ => assert!(c.is_ascii_digit(), "{ts}"),
            }
        }
        let year: u32 = ts[..4].parse().unwrap();
        assert!((2024..2200).contains(&year));
    }
    // The ULID's time part is the creation time.
    let now_ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as u64;
    let t = id[5..15].bytes().fold(0u64, |acc, ch| {
        acc * 32
            + b"0123456789ABCDEFGHJKMNPQRSTVWXYZ"
                .iter()
                .position(|&x| x == ch)
                .unwrap() as u64
    });
    assert!(now_ms.abs_diff(t) < 60_000, "{t} vs {now_ms}");
    // Ids are unique.
    let ids: std::collections::HashSet<String> = (0..50)
        .map(|i| conv_id(p, "bot", json!({"n": i.to_string()})))
        .collect();
    assert_eq!(ids.len(), 50);
}

#[test]
fn discriminate_by_tags() {
    let emu = emulator();
    let p = emu.port();
    // The API description's example: stored {foo:a, bar:b, baz:c}, ["bar","baz"] matches.
    let (a, _) = conversation(
        p,
        "bot",
        json!({"channel": "c", "tags": {"foo": "a", "bar": "b", "baz": "c"}}),
    );
    let (b, created) = conversation(
        p,
        "bot",
        json!({"channel": "c", "tags": {"bar": "b", "baz": "c", "foo": "other"}, "discriminateByTags": ["bar", "baz"]}),
    );
    assert!(!created);
    assert_eq!(a["id"], b["id"]);
    // Tags set in the request are written on a match.
    assert_eq!(b["tags"], json!({"foo": "other", "bar": "b", "baz": "c"}));
    // A listed tag with another value: no match.
    let (c, created) = conversation(
        p,
        "bot",
        json!({"channel": "c", "tags": {"bar": "b", "baz": "X"}, "discriminateByTags": ["bar", "baz"]}),
    );
    assert!(created);
    assert_ne!(c["id"], a["id"]);
    // A listed tag absent from the request matches records lacking it, not those having it.
    let (d, created) = conversation(
        p,
        "bot",
        json!({"channel": "c", "tags": {"bar": "b"}, "discriminateByTags": ["bar", "nope"]}),
    );
    assert!(!created);
    assert_eq!(d["id"], a["id"], "the oldest match wins");
    let (_, created) = conversation(
        p,
        "bot",
        json!({"channel": "c", "tags": {"bar": "b"}, "discriminateByTags": ["bar", "baz"]}),
    );
    assert!(created, "every record with bar=b has a baz");
    // Without the list, a superset of tags does not match.
    let (_, created) = conversation(
        p,
        "bot",
        json!({"channel": "c", "tags": {"bar": "b", "baz": "c", "foo": "other", "more": "1"}}),
    );
    assert!(created);
}

#[test]
fn empty_tags_always_create() {
    let emu = emulator();
    let p = emu.port();
    let (a, c1) = conversation(p, "bot", json!({"channel": "c", "tags": {}}));
    let (b, c2) = conversation(p, "bot", json!({"channel": "c", "tags": {}}));
    assert!(c1 && c2);
    assert_ne!(a["id"], b["id"]);
    // Only null / "" values: the effective set is empty too.
    let (x, c3) = conversation(
        p,
        "bot",
        json!({"channel": "c", "tags": {"a": null, "b": ""}}),
    );
    let (y, c4) = conversation(
        p,
        "bot",
        json!({"channel": "c", "tags": {"a": null, "b": ""}}),
    );
    assert!(c3 && c4);
    assert_ne!(x["id"], y["id"]);
    assert_eq!(x["tags"], json!({}));
    // An empty discriminator list, or one naming only unset tags, always creates.
    conversation(p, "bot", json!({"channel": "d", "tags": {"k": "1"}}));
    let (_, c5) = conversation(
        p,
        "bot",
        json!({"channel": "d", "tags": {"k": "1"}, "discriminateByTags": []}),
    );
    assert!(c5);
    let (_, c6) = conversation(
        p,
        "bot",
        json!({"channel": "d", "tags": {"k": "1"}, "discriminateByTags": ["z"]}),
    );
    assert!(c6);
    // Messages too.
    let id = a["id"].as_str().unwrap();
    let body = json!({"payload": {"text": "x"}, "userId": USER, "conversationId": id, "type": "text", "tags": {}});
    let (m1, _) = message(p, "bot", body.clone());
    let (m2, created) = message(p, "bot", body);
    assert!(created);
    assert_ne!(m1["id"], m2["id"]);
}

#[test]
fn tags_are_updated_and_unset_on_a_match() {
    let emu = emulator();
    let p = emu.port();
    let (a, _) = conversation(
        p,
        "bot",
        json!({"channel": "c", "tags": {"id": "1", "x": "old", "y": "keep", "z": "drop"}}),
    );
    let (b, created) = conversation(
        p,
        "bot",
        json!({"channel": "c", "tags": {"id": "1", "x": "new", "z": null, "w": ""}, "discriminateByTags": ["id"],
               "properties": {"p": "1"}}),
    );
    assert!(!created);
    assert_eq!(a["id"], b["id"]);
    assert_eq!(b["tags"], json!({"id": "1", "x": "new", "y": "keep"}));
    assert_eq!(b["properties"], json!({"p": "1"}));
    let (c, _) = conversation(
        p,
        "bot",
        json!({"channel": "c", "tags": {"id": "1", "y": ""}, "discriminateByTags": ["id"], "properties": {"p": ""}}),
    );
    assert_eq!(c["id"], a["id"]);
    assert_eq!(c["tags"], json!({"id": "1", "x": "new"}));
    assert!(c.get("properties").is_none());
    // The stored tags changed: matching on all tags now uses the new set.
    let (d, created) = conversation(
        p,
        "bot",
        json!({"channel": "c", "tags": {"id": "1", "x": "new"}}),
    );
    assert!(!created);
    assert_eq!(d["id"], a["id"]);
}

#[test]
fn messages_get_or_create() {
    let emu = emulator();
    let p = emu.port();
    let cid = conv_id(p, "bot", json!({"k": "1"}));
    let other = conv_id(p, "bot", json!({"k": "2"}));
    let body = |conv: &str, tags: serde_json::Value| {
        json!({"payload": {"text": "hello", "extra": {"n": 1.5}}, "userId": USER, "conversationId": conv,
               "type": "text", "tags": tags, "origin": "synthetic", "schedule": {"delay": 10}})
    };
    let (m1, created) = message(p, "bot", body(&cid, json!({"t": "1"})));
    assert!(created);
    assert_keys(
        &m1,
        &[
            "id",
            "createdAt",
            "updatedAt",
            "type",
            "payload",
            "direction",
            "userId",
            "conversationId",
            "tags",
            "origin",
        ],
    );
    assert_eq!(m1["payload"], json!({"text": "hello", "extra": {"n": 1.5}}));
    assert_eq!(m1["direction"], "outgoing");
    assert_eq!(m1["userId"], USER);
    assert_eq!(m1["conversationId"], cid.as_str());
    assert_eq!(m1["origin"], "synthetic");
    let (m2, created) = message(p, "bot", body(&cid, json!({"t": "1"})));
    assert!(!created);
    assert_eq!(m1["id"], m2["id"]);
    // Same tags in another conversation: a different message.
    let (m3, created) = message(p, "bot", body(&other, json!({"t": "1"})));
    assert!(created);
    assert_ne!(m3["id"], m1["id"]);
    let (_, created) = message(p, "bot", body(&cid, json!({"t": "2"})));
    assert!(created);
    // discriminateByTags on messages.
    let mut b = body(&cid, json!({"t": "1", "u": "9"}));
    b["discriminateByTags"] = json!(["t"]);
    let (m4, created) = message(p, "bot", b);
    assert!(!created);
    assert_eq!(m4["id"], m1["id"]);
    assert_eq!(m4["tags"], json!({"t": "1", "u": "9"}));
    // messageCount counts the conversation's messages.
    let (c, _) = conversation(p, "bot", json!({"channel": "web", "tags": {"k": "1"}}));
    assert_eq!(c["messageCount"], 2);
    let (c, _) = conversation(p, "bot", json!({"channel": "web", "tags": {"k": "2"}}));
    assert_eq!(c["messageCount"], 1);
}

#[test]
fn unknown_conversation_is_404() {
    let emu = emulator();
    let p = emu.port();
    let cid = conv_id(p, "bot", json!({"k": "1"}));
    let body = |conv: &str| {
        json!({"payload": {"text": "x"}, "userId": USER, "conversationId": conv, "type": "text", "tags": {}})
            .to_string()
    };
    let r = api(p, MSG, "bot", &body("conv_01HF58RDKE3M7K5RJ5XZ7GF6HE"));
    let msg = assert_error(&r, 404, "ResourceNotFound");
    assert!(msg.contains("conv_01HF58RDKE3M7K5RJ5XZ7GF6HE"), "{msg}");
    // A conversation is scoped to its bot.
    let r = api(p, MSG, "another-bot", &body(&cid));
    assert_error(&r, 404, "ResourceNotFound");
    assert_eq!(api(p, MSG, "bot", &body(&cid)).status, 200);
}

#[test]
fn auth_and_bot_id_are_required() {
    let emu = emulator();
    let p = emu.port();
    let body = r#"{"channel":"c","tags":{"a":"1"}}"#;
    for auth in [
        None,
        Some("Bearer"),
        Some("Bearer "),
        Some("Bearer   "),
        Some("Basic dXNlcjpw"),
        Some("tok"),
    ] {
        let mut h = vec![("x-bot-id", "bot")];
        if let Some(a) = auth {
            h.push(("authorization", a));
        }
        let r = request(p, "POST", CONV, &h, body);
        assert_error(&r, 401, "Unauthorized");
        assert!(r.header("x-request-id").is_some());
    }
    let r = request(p, "POST", CONV, &[("authorization", "bearer abc")], body);
    let msg = assert_error(&r, 400, "InvalidPayload");
    assert!(msg.contains("x-bot-id"), "{msg}");
    let r = request(
        p,
        "POST",
        CONV,
        &[("authorization", "bearer abc"), ("x-bot-id", "")],
        body,
    );
    assert_error(&r, 400, "InvalidPayload");
    let r = request(
        p,
        "POST",
        CONV,
        &[("authorization", "bearer abc"), ("x-bot-id", "b")],
        body,
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(emu.stats().created, 1);
}

#[test]
fn bad_bodies_are_400() {
    let emu = emulator();
    let p = emu.port();
    for bad in [
        "",
        "not json",
        "{\"channel\":",
        "{} {}",
        "[1,2]",
        "\"text\"",
        "null",
        "{\"channel\":\"c\",\"tags\":{},}",
    ] {
        let r = api(p, CONV, "bot", bad);
        assert_error(&r, 400, "InvalidPayload");
    }
    let r = api(p, MSG, "bot", "[]");
    assert_error(&r, 400, "InvalidPayload");
    // Not UTF-8.
    let mut c = Conn::open(p);
    let mut raw = format!(
        "POST {CONV} HTTP/1.1\r\nauthorization: Bearer t\r\nx-bot-id: b\r\ncontent-length: 3\r\n\r\n"
    )
    .into_bytes();
    raw.extend_from_slice(&[0xff, 0xfe, 0x7b]);
    c.send_raw(&raw).unwrap();
    assert_error(&c.read_response().unwrap(), 400, "InvalidPayload");
    // A missing required field.
    let r = api(p, CONV, "bot", r#"{"channel":"c"}"#);
    let msg = assert_error(&r, 400, "InvalidPayload");
    assert!(msg.contains("tags"), "{msg}");
    assert_eq!(emu.stats().created, 0);
}

/// Schema rules (unknown fields, lengths, payload shapes) answered with paths and every issue:
/// the emulator checks bodies against the official JSON Schemas (src/schema.rs, boon), not
/// with the crate's validation.
#[test]
fn validation_issues_are_400_with_paths() {
    let emu = emulator();
    let p = emu.port();
    let r = api(
        p,
        CONV,
        "bot",
        r#"{"channel":"c","tags":{"a":"1"},"bogus":1}"#,
    );
    let msg = assert_error(&r, 400, "InvalidPayload");
    assert!(msg.contains("bogus"), "{msg}");
    let long = "x".repeat(501);
    let r = api(
        p,
        CONV,
        "bot",
        &json!({"channel": "c", "tags": {"a": long}}).to_string(),
    );
    let msg = assert_error(&r, 400, "InvalidPayload");
    assert!(msg.contains("tags.a"), "{msg}");
    // Two issues at once, separated by "; ".
    let r = api(
        p,
        MSG,
        "bot",
        &json!({"payload": {"text": "x"}, "userId": "short", "conversationId": "short", "type": "text", "tags": {}})
            .to_string(),
    );
    let msg = assert_error(&r, 400, "InvalidPayload");
    assert!(
        msg.contains("userId") && msg.contains("conversationId") && msg.contains("; "),
        "{msg}"
    );
    assert_eq!(emu.stats().created, 0);
}

#[test]
fn wrong_methods_and_unknown_paths() {
    let emu = emulator();
    let p = emu.port();
    for m in ["GET", "PUT", "DELETE", "PATCH"] {
        let r = request(
            p,
            m,
            CONV,
            &[("authorization", "Bearer t"), ("x-bot-id", "b")],
            "",
        );
        assert_error(&r, 405, "MethodNotFound");
        assert_eq!(r.header("allow"), Some("POST, OPTIONS"));
    }
    let r = api(p, "/v1/chat/conversations", "b", "{}");
    assert_error(&r, 404, "ResourceNotFound");
    let r = get(p, "/nothing/here");
    assert_error(&r, 404, "ResourceNotFound");
    // A query string does not change the route.
    let r = api(
        p,
        &format!("{CONV}?x=1"),
        "b",
        r#"{"channel":"c","tags":{"a":"1"}}"#,
    );
    assert_eq!(r.status, 200);
}

#[test]
fn every_response_has_request_id_and_cors() {
    let emu = emulator();
    let p = emu.port();
    let rs = [
        api(p, CONV, "b", r#"{"channel":"c","tags":{"a":"1"}}"#),
        api(p, CONV, "b", "nope"),
        get(p, "/missing"),
        get(p, "/__emulator/health"),
        request(p, "OPTIONS", CONV, &[], ""),
    ];
    let mut seen = std::collections::HashSet::new();
    for r in &rs {
        let id = r.header("x-request-id").expect("x-request-id");
        assert!(
            id.starts_with("req_") && is_crockford_ulid(&id[4..]),
            "{id}"
        );
        assert!(seen.insert(id.to_string()), "request ids are unique");
        assert_eq!(r.header("access-control-allow-origin"), Some("*"));
        assert_eq!(
            r.header("access-control-expose-headers"),
            Some("x-request-id, retry-after, ratelimit-reset, x-ratelimit-reset, retry-after-ms")
        );
    }
}

/// The emulator's verdicts come from the JSON Schema validator (boon's wording), with the
/// documented deviations from the official schemas (README "Validation"): an answer written
/// by the crate's own validation ("must be at least 28 characters") fails this test.
#[test]
fn validation_is_the_json_schema_validators() {
    let emu = emulator();
    let p = emu.port();
    let r = api(
        p,
        MSG,
        "bot",
        &json!({"payload": {"text": "x"}, "userId": "short", "conversationId": "c".repeat(28), "type": "text", "tags": {}})
            .to_string(),
    );
    let msg = assert_error(&r, 400, "InvalidPayload");
    assert_eq!(msg, "userId: length must be >=28, but got 5");
    let r = api(
        p,
        CONV,
        "bot",
        r#"{"channel":"c","tags":{"a":1},"bogus":1}"#,
    );
    let msg = assert_error(&r, 400, "InvalidPayload");
    assert_eq!(
        msg,
        "tags.a: want null or string, but got number; additionalProperties 'bogus' not allowed"
    );
    // Deviations: properties and null tag values (conversation), known payload shapes with
    // extra keys, schedule needing dateTime or delay.
    let ok = |path: &str, body: serde_json::Value| {
        let r = api(p, path, "bot", &body.to_string());
        assert_eq!(r.status, 200, "{body}: {}", r.text());
    };
    ok(
        CONV,
        json!({"channel": "c", "tags": {"a": null}, "properties": {"p": null}}),
    );
    let conv = api(p, CONV, "bot", r#"{"channel":"c","tags":{"k":"1"}}"#);
    let id = serde_json::from_str::<serde_json::Value>(&conv.text()).unwrap()["conversation"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let user = "user_01HZY0000000000000000000AB";
    ok(
        MSG,
        json!({"payload": {"text": "x", "metadata": {"a": 1}}, "userId": user, "conversationId": id, "type": "text", "tags": {"t": null}}),
    );
    let r = api(
        p,
        MSG,
        "bot",
        &json!({"payload": {}, "userId": user, "conversationId": id, "type": "card", "tags": {}})
            .to_string(),
    );
    assert_eq!(
        assert_error(&r, 400, "InvalidPayload"),
        "payload: missing properties 'title', 'actions'"
    );
    let r = api(
        p,
        MSG,
        "bot",
        &json!({"payload": {"text": "x"}, "userId": user, "conversationId": id, "type": "text", "tags": {}, "schedule": {}})
            .to_string(),
    );
    assert_error(&r, 400, "InvalidPayload");
}
