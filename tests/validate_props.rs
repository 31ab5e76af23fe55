#![cfg(not(target_arch = "wasm32"))]
//! Property tests for validation: generated valid bodies pass; one mutation gives an issue
//! at the expected path with the expected code; arbitrary trees and text never panic.

#[path = "shared/validate_fixtures.rs"]
mod fixtures;

use botpress_chat_wasm::model::{Foreign, Value};
use botpress_chat_wasm::validate::{
    client_options, conversation_response, get_or_create_conversation, get_or_create_message,
    header_value_issue, message_response, request_options, Issue, ISSUE_CODES, KNOWN_MESSAGE_TYPES,
};
use fixtures::{has, num, obj, s, set, v};
use proptest::prelude::*;
use serde_json::{json, Map, Value as J};

// ------------------------------------------------------------------------------ strategies

/// Any char, with ASCII and astral-plane characters over-represented.
fn any_char() -> impl Strategy<Value = char> {
    prop_oneof![
        3 => proptest::char::range(' ', '~'),
        1 => proptest::char::range('\u{10000}', '\u{10FFFF}'),
        1 => proptest::char::range('\0', '\u{1f}'),
        2 => any::<char>(),
    ]
}

/// A string of exactly one of the lengths from `len`, in code points. Long strings repeat
/// a random 32-character stem (generating hundreds of random chars per case is slow).
fn string_of(len: impl Strategy<Value = usize>) -> impl Strategy<Value = String> {
    len.prop_flat_map(|n| {
        proptest::collection::vec(any_char(), n.min(32))
            .prop_map(move |stem| stem.iter().cycle().take(n).collect::<String>())
    })
}

/// A length in `min..=max`, biased to the boundaries.
fn len_in(min: usize, max: usize) -> impl Strategy<Value = usize> {
    prop_oneof![Just(min), Just(max), min..=max.min(min + 40)]
}

fn ident() -> impl Strategy<Value = String> {
    "[a-z][a-zA-Z0-9_]{0,12}"
}

fn arb_json() -> impl Strategy<Value = J> {
    let leaf = prop_oneof![
        Just(J::Null),
        any::<bool>().prop_map(J::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        (-1e300f64..1e300).prop_map(|f| json!(f)),
        string_of(0usize..12).prop_map(J::String),
    ];
    leaf.prop_recursive(5, 40, 5, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..5).prop_map(J::Array),
            proptest::collection::btree_map(string_of(0usize..6), inner, 0..5)
                .prop_map(|m| J::Object(m.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

fn tags() -> impl Strategy<Value = J> {
    proptest::collection::btree_map(
        string_of(0usize..10),
        prop_oneof![4 => string_of(len_in(0, 500)).prop_map(J::String), 1 => Just(J::Null)],
        0..4,
    )
    .prop_map(|m| J::Object(m.into_iter().collect()))
}

fn nonempty() -> impl Strategy<Value = String> {
    string_of(len_in(1, 30))
}

/// Optional extra keys, allowed inside known payloads.
fn with_extras(base: impl Strategy<Value = J>) -> impl Strategy<Value = J> {
    (base, proptest::option::of(arb_json())).prop_map(|(mut p, extra)| {
        if let (Some(x), Some(m)) = (extra, p.as_object_mut()) {
            m.insert("metadata".into(), x);
        }
        p
    })
}

fn put_opt(m: &mut J, key: &str, x: Option<String>) {
    if let Some(x) = x {
        m[key] = J::String(x);
    }
}

fn url_payload(field: &'static str) -> impl Strategy<Value = J> {
    (nonempty(), proptest::option::of(nonempty())).prop_map(move |(url, title)| {
        let mut p = json!({ field: url });
        put_opt(&mut p, "title", title);
        p
    })
}

fn location() -> impl Strategy<Value = J> {
    (
        -90.0f64..90.0,
        -180.0f64..180.0,
        proptest::option::of(string_of(len_in(0, 20))),
        proptest::option::of(string_of(len_in(0, 20))),
    )
        .prop_map(|(lat, lng, address, title)| {
            let mut p = json!({"latitude": lat, "longitude": lng});
            put_opt(&mut p, "address", address);
            put_opt(&mut p, "title", title);
            p
        })
}

fn card() -> impl Strategy<Value = J> {
    let action = (
        prop_oneof![Just("postback"), Just("url"), Just("say")],
        nonempty(),
        nonempty(),
    )
        .prop_map(|(a, l, v)| json!({"action": a, "label": l, "value": v}));
    (
        nonempty(),
        proptest::option::of(nonempty()),
        proptest::option::of(nonempty()),
        proptest::collection::vec(with_extras(action), 0..3),
    )
        .prop_map(|(title, subtitle, image, actions)| {
            let mut p = json!({"title": title, "actions": actions});
            put_opt(&mut p, "subtitle", subtitle);
            put_opt(&mut p, "imageUrl", image);
            p
        })
}

fn choice() -> impl Strategy<Value = J> {
    let option = (nonempty(), nonempty()).prop_map(|(l, v)| json!({"label": l, "value": v}));
    (
        nonempty(),
        proptest::collection::vec(with_extras(option), 0..4),
    )
        .prop_map(|(text, options)| json!({"text": text, "options": options}))
}

fn simple_payload(kind: &str) -> BoxedStrategy<J> {
    match kind {
        "text" => nonempty().prop_map(|t| json!({ "text": t })).boxed(),
        "markdown" => nonempty().prop_map(|t| json!({ "markdown": t })).boxed(),
        "image" => url_payload("imageUrl").boxed(),
        "audio" => url_payload("audioUrl").boxed(),
        "video" => url_payload("videoUrl").boxed(),
        "file" => url_payload("fileUrl").boxed(),
        _ => location().boxed(),
    }
}

const BLOC_KINDS: &[&str] = &[
    "text", "image", "audio", "video", "file", "location", "markdown",
];

fn bloc() -> impl Strategy<Value = J> {
    let item = proptest::sample::select(BLOC_KINDS).prop_flat_map(|k| {
        with_extras(simple_payload(k)).prop_map(move |p| json!({"type": k, "payload": p}))
    });
    proptest::collection::vec(with_extras(item), 0..4).prop_map(|items| json!({ "items": items }))
}

/// `(type, payload)` for every known kind and for custom types.
fn typed_payload() -> impl Strategy<Value = (String, J)> {
    let custom = ("[a-z]{1,8}:[a-zA-Z]{1,10}", arb_json()).prop_map(|(t, p)| {
        let payload = match p {
            J::Object(_) => p,
            other => json!({ "value": other }),
        };
        (t, payload)
    });
    prop_oneof![
        10 => proptest::sample::select(KNOWN_MESSAGE_TYPES).prop_flat_map(|k| {
            let base = match k {
                "card" => card().boxed(),
                "carousel" => proptest::collection::vec(with_extras(card()), 0..3)
                    .prop_map(|items| json!({ "items": items }))
                    .boxed(),
                "choice" | "dropdown" => choice().boxed(),
                "bloc" => bloc().boxed(),
                other => simple_payload(other),
            };
            with_extras(base).prop_map(move |p| (k.to_string(), p))
        }),
        1 => custom,
    ]
}

/// A valid RFC 3339 date-time of 24 to 28 characters.
fn date_time() -> impl Strategy<Value = String> {
    (
        0u32..=9999,
        1u32..=12,
        1u32..=28,
        0u32..=23,
        0u32..=59,
        0u32..=59,
        any::<bool>(),
        0usize..=4,
        "[0-9]{7}",
        any::<bool>(),
    )
        .prop_map(|(y, mo, d, h, mi, se, zulu, n, frac, minus)| {
            let mut out = format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{se:02}");
            if zulu {
                out.push('.');
                out.push_str(&frac[..3 + n]); // 3..=7 digits: 24..=28 chars
                out.push('Z');
            } else {
                if n > 0 {
                    out.push('.');
                    out.push_str(&frac[..n.min(2)]);
                }
                out.push_str(if minus { "-05:30" } else { "+14:00" });
            }
            out
        })
}

fn schedule() -> impl Strategy<Value = J> {
    prop_oneof![
        date_time().prop_map(|d| json!({ "dateTime": d })),
        (-1e12f64..1e12).prop_map(|d| json!({ "delay": d })),
        (date_time(), any::<u32>()).prop_map(|(d, n)| json!({"dateTime": d, "delay": n})),
    ]
}

fn message_body() -> impl Strategy<Value = J> {
    (
        typed_payload(),
        string_of(len_in(28, 36)),
        string_of(len_in(28, 36)),
        tags(),
        proptest::option::of(schedule()),
        any::<bool>(),
        proptest::option::of(proptest::collection::vec(string_of(len_in(0, 500)), 0..3)),
    )
        .prop_map(|((kind, payload), user, conversation, tags, schedule, synthetic, discriminate)| {
            let mut b = json!({
                "type": kind, "payload": payload, "userId": user, "conversationId": conversation, "tags": tags
            });
            if let Some(s) = schedule {
                b["schedule"] = s;
            }
            if synthetic {
                b["origin"] = json!("synthetic");
            }
            if let Some(d) = discriminate {
                b["discriminateByTags"] = json!(d);
            }
            b
        })
}

fn conversation_body() -> impl Strategy<Value = J> {
    (
        string_of(len_in(0, 200)),
        tags(),
        proptest::option::of(string_of(len_in(0, 200))),
        proptest::option::of(proptest::collection::vec(string_of(len_in(0, 500)), 0..3)),
        proptest::option::of(tags()),
    )
        .prop_map(|(channel, tags, integration, discriminate, properties)| {
            let mut b = json!({"channel": channel, "tags": tags});
            if let Some(i) = integration {
                b["integrationName"] = json!(i);
            }
            if let Some(d) = discriminate {
                b["discriminateByTags"] = json!(d);
            }
            if let Some(p) = properties {
                b["properties"] = p;
            }
            b
        })
}

/// A value of the wrong kind for a string field (and for an object field).
fn not_a_string() -> impl Strategy<Value = J> {
    prop_oneof![
        Just(J::Null),
        any::<bool>().prop_map(J::Bool),
        any::<i32>().prop_map(|n| json!(n)),
        Just(json!([]))
    ]
}

fn required_of(kind: &str) -> &'static [&'static str] {
    match kind {
        "text" => &["text"],
        "image" => &["imageUrl"],
        "audio" => &["audioUrl"],
        "video" => &["videoUrl"],
        "file" => &["fileUrl"],
        "location" => &["latitude", "longitude"],
        "card" => &["title", "actions"],
        "carousel" | "bloc" => &["items"],
        "choice" | "dropdown" => &["text", "options"],
        "markdown" => &["markdown"],
        _ => &[],
    }
}

fn codes_known(issues: &[Issue]) -> bool {
    // Known code; a message that names the field it is about.
    issues.iter().all(|i| {
        ISSUE_CODES.contains(&i.code)
            && !i.message.is_empty()
            && (i.path.is_empty() || i.message.contains(&i.path))
    })
}

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
const CONVERSATION_FIELDS: &[&str] = &[
    "channel",
    "tags",
    "integrationName",
    "discriminateByTags",
    "properties",
];

// ------------------------------------------------------------------------------ properties

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn valid_messages_pass(body in message_body()) {
        let issues = get_or_create_message(&v(body.clone()));
        prop_assert!(issues.is_empty(), "{body}\n{issues:#?}");
    }

    #[test]
    fn valid_conversations_pass(body in conversation_body()) {
        let issues = get_or_create_conversation(&v(body.clone()));
        prop_assert!(issues.is_empty(), "{body}\n{issues:#?}");
    }

    #[test]
    fn message_missing_required_field(body in message_body(), i in 0usize..5) {
        let field = ["payload", "userId", "conversationId", "type", "tags"][i];
        let mut body = body;
        body.as_object_mut().unwrap().remove(field);
        let issues = get_or_create_message(&v(body));
        prop_assert!(has(&issues, field, "required"), "{issues:#?}");
    }

    #[test]
    fn message_unknown_field(body in message_body(), key in ident(), x in arb_json()) {
        prop_assume!(!MESSAGE_FIELDS.contains(&key.as_str()));
        let mut body = body;
        body[&key] = x;
        let issues = get_or_create_message(&v(body));
        prop_assert!(has(&issues, &key, "unknown_field"), "{issues:#?}");
    }

    #[test]
    fn message_id_wrong_length(body in message_body(), conv in any::<bool>(), long in any::<bool>(),
                               short_len in 0usize..28, long_len in 37usize..80) {
        let field = if conv { "conversationId" } else { "userId" };
        let (n, code) = if long { (long_len, "too_long") } else { (short_len, "too_short") };
        let mut body = body;
        body[field] = J::String("😀".repeat(n));
        let issues = get_or_create_message(&v(body));
        prop_assert!(has(&issues, field, code), "{issues:#?}");
    }

    #[test]
    fn message_field_wrong_type(body in message_body(), i in 0usize..4, bad in not_a_string()) {
        let field = ["userId", "conversationId", "type", "origin"][i];
        let mut body = body;
        body[field] = bad;
        let issues = get_or_create_message(&v(body));
        prop_assert!(has(&issues, field, "type"), "{issues:#?}");
    }

    #[test]
    fn message_tag_value_too_long(body in message_body(), n in 501usize..700, key in ident()) {
        let mut body = body;
        body["tags"][&key] = J::String("t".repeat(n));
        let issues = get_or_create_message(&v(body));
        let path = format!("tags.{key}");
        prop_assert!(has(&issues, &path, "too_long"), "{issues:#?}");
    }

    #[test]
    fn message_type_too_long(body in message_body(), n in 201usize..300) {
        let mut body = body;
        body["type"] = J::String("😀".repeat(n));
        let issues = get_or_create_message(&v(body));
        prop_assert!(has(&issues, "type", "too_long"), "{issues:#?}");
    }

    #[test]
    fn payload_missing_required_field(body in message_body(), pick in any::<prop::sample::Index>()) {
        let kind = body["type"].as_str().unwrap().to_string();
        let required = required_of(&kind);
        prop_assume!(!required.is_empty());
        let field = required[pick.index(required.len())];
        let mut body = body;
        body["payload"].as_object_mut().unwrap().remove(field);
        let issues = get_or_create_message(&v(body));
        prop_assert!(has(&issues, &format!("payload.{field}"), "required"), "{kind}: {issues:#?}");
    }

    #[test]
    fn payload_required_field_wrong_type(body in message_body(), pick in any::<prop::sample::Index>()) {
        let kind = body["type"].as_str().unwrap().to_string();
        let required = required_of(&kind);
        prop_assume!(!required.is_empty());
        let field = required[pick.index(required.len())];
        let mut body = body;
        // Numbers where strings/arrays are expected, a string where a number is.
        body["payload"][field] = if kind == "location" { json!("1.5") } else { json!(7) };
        let issues = get_or_create_message(&v(body));
        prop_assert!(has(&issues, &format!("payload.{field}"), "type"), "{kind}: {issues:#?}");
    }

    #[test]
    fn payload_empty_string_too_short(body in message_body()) {
        let kind = body["type"].as_str().unwrap().to_string();
        let field = match kind.as_str() {
            "text" | "choice" | "dropdown" => "text",
            "markdown" => "markdown",
            "image" => "imageUrl",
            "card" => "title",
            _ => return Ok(()),
        };
        let mut body = body;
        body["payload"][field] = json!("");
        let issues = get_or_create_message(&v(body));
        prop_assert!(has(&issues, &format!("payload.{field}"), "too_short"), "{issues:#?}");
    }

    #[test]
    fn payload_not_an_object(body in message_body(), bad in not_a_string()) {
        let mut body = body;
        body["payload"] = bad;
        let issues = get_or_create_message(&v(body));
        prop_assert!(has(&issues, "payload", "type"), "{issues:#?}");
    }

    #[test]
    fn conversation_missing_required(body in conversation_body(), tags in any::<bool>()) {
        let field = if tags { "tags" } else { "channel" };
        let mut body = body;
        body.as_object_mut().unwrap().remove(field);
        let issues = get_or_create_conversation(&v(body));
        prop_assert!(has(&issues, field, "required"), "{issues:#?}");
    }

    #[test]
    fn conversation_unknown_field(body in conversation_body(), key in ident()) {
        prop_assume!(!CONVERSATION_FIELDS.contains(&key.as_str()));
        let mut body = body;
        body[&key] = json!(1);
        let issues = get_or_create_conversation(&v(body));
        prop_assert!(has(&issues, &key, "unknown_field"), "{issues:#?}");
    }

    #[test]
    fn conversation_string_too_long(body in conversation_body(), i in 0usize..2, n in 201usize..260) {
        let field = ["channel", "integrationName"][i];
        let mut body = body;
        body[field] = J::String("😀".repeat(n));
        let issues = get_or_create_conversation(&v(body));
        prop_assert!(has(&issues, field, "too_long"), "{issues:#?}");
    }

    #[test]
    fn conversation_wrong_type(body in conversation_body(), i in 0usize..3, bad in not_a_string()) {
        let field = ["channel", "integrationName", "discriminateByTags"][i];
        let mut body = body;
        body[field] = if field == "discriminateByTags" { json!("a") } else { bad };
        let issues = get_or_create_conversation(&v(body));
        prop_assert!(has(&issues, field, "type"), "{issues:#?}");
    }

    #[test]
    fn discriminate_item_too_long(body in conversation_body(), n in 501usize..600) {
        let mut body = body;
        body["discriminateByTags"] = json!(["a", "d".repeat(n)]);
        let issues = get_or_create_conversation(&v(body));
        prop_assert!(has(&issues, "discriminateByTags[1]", "too_long"), "{issues:#?}");
    }

    /// Integers in any JSON spelling are read exactly, without floats.
    #[test]
    fn timeout_lexemes_read_exactly(n in prop_oneof![0u64..100_000, 2_147_483_000u64..2_147_484_000, any::<u64>()],
                                    form in 0usize..4, zeros in 0usize..4) {
        let d = n.to_string();
        let lexeme = match form {
            0 => d.clone(),
            1 => format!("{d}.{}", "0".repeat(zeros + 1)),
            2 => format!("{d}{}e-{zeros}", "0".repeat(zeros)),
            _ => format!("{}.{}e{}", &d[..1], &d[1..], d.len() - 1).replace(".e", "e"),
        };
        let got = client_options(&obj(vec![("token", s("t")), ("botId", s("b")), ("timeoutMs", num(&lexeme))]));
        if n <= 2_147_483_647 {
            prop_assert_eq!(got.map(|c| u64::from(c.timeout_ms)), Ok(n), "{}", lexeme);
        } else {
            let issues = got.unwrap_err();
            prop_assert!(has(&issues, "timeoutMs", "range"), "{lexeme}: {issues:?}");
        }
        let frac = format!("{d}.5");
        let issues = client_options(&obj(vec![("token", s("t")), ("botId", s("b")), ("timeoutMs", num(&frac))])).unwrap_err();
        prop_assert!(has(&issues, "timeoutMs", "type"));
    }

    #[test]
    fn date_time_calendar(
        y in prop_oneof![0u32..=9999, (0u32..100).prop_map(|c| c * 100)],
        mo in prop_oneof![1u32..=12, Just(2u32)],
        d in prop_oneof![1u32..=31, 28u32..=31],
        h in 0u32..=23, mi in 0u32..=59, se in 0u32..=59,
    ) {
        let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
        let days = match mo { 2 => if leap { 29 } else { 28 }, 4 | 6 | 9 | 11 => 30, _ => 31 };
        let text = format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{se:02}.000Z");
        let body = set(fixtures::message("text"), "schedule", obj(vec![("dateTime", s(&text))]));
        let issues = get_or_create_message(&body);
        prop_assert_eq!(issues.is_empty(), d <= days, "{} {:?}", text, issues);
    }

    #[test]
    fn header_value_issue_iff_forbidden_char(value in string_of(0usize..20)) {
        // Every control character but a tab (fetch refuses them all), or beyond Latin-1.
        let bad = value.chars().any(|c| (c < ' ' && c != '\t') || c == '\u{7f}' || c > '\u{ff}');
        let issue = header_value_issue("h", &value);
        prop_assert_eq!(issue.is_some(), bad);
        if let Some(i) = issue {
            prop_assert_eq!(i.code, "header_value");
        }
    }
}

// --------------------------------------------------------------------------- never panics

fn arb_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        // Any lexeme, including ones the parser would refuse (the walker writes String(n)).
        prop_oneof![
            "-?[0-9]{1,25}(\\.[0-9]{0,5})?([eE][+-]?[0-9]{0,5})?",
            ".{0,6}",
            Just("NaN".to_string()),
            Just("-Infinity".to_string())
        ]
        .prop_map(|l| Value::Number(l.into())),
        string_of(0usize..40).prop_map(|s: String| Value::String(s.into())),
        // (Foreign has no Debug, so it cannot be a Just; pick it by number.)
        (0u8..7, string_of(0usize..10)).prop_map(|(i, why)| Value::Foreign(match i {
            0 => Foreign::Undefined,
            1 => Foreign::Function,
            2 => Foreign::BigInt,
            3 => Foreign::Symbol,
            4 => Foreign::Cycle,
            5 => Foreign::TooDeep,
            _ => Foreign::Unreadable(why),
        })),
    ];
    leaf.prop_recursive(8, 64, 6, |inner| {
        let key = prop_oneof![
            3 => proptest::sample::select(&[
                "type", "payload", "items", "actions", "action", "options", "text", "title", "latitude", "tags",
                "schedule", "dateTime", "delay", "userId", "channel", "conversation", "message", "meta", "token",
                "botId", "baseUrl", "headers", "timeoutMs", "maxRetries", "signal", "fetch", "created",
            ][..]).prop_map(String::from),
            1 => string_of(0usize..8),
        ];
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::vec((key, inner), 0..6)
                .prop_map(|m: Vec<(String, Value)>| Value::Object(m.into_iter().map(|(k, v)| (k.into(), v)).collect())),
        ]
    })
}

fn run_all(x: &Value) -> Vec<Issue> {
    let mut all = Vec::new();
    all.extend(get_or_create_conversation(x));
    all.extend(get_or_create_message(x));
    all.extend(conversation_response(x));
    all.extend(message_response(x));
    if let Err(i) = client_options(x) {
        all.extend(i);
    }
    if let Err(i) = request_options(x) {
        all.extend(i);
    }
    all
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_trees_never_panic(x in arb_value()) {
        prop_assert!(codes_known(&run_all(&x)));
    }

    /// Random values planted inside an otherwise valid body reach the deep checks.
    #[test]
    fn arbitrary_values_inside_valid_bodies_never_panic(
        kind in proptest::sample::select(KNOWN_MESSAGE_TYPES), x in arb_value(), at in 0usize..6,
    ) {
        let body = fixtures::message_json(kind);
        let mut body = v(body);
        match at {
            0 => body = set(body, "payload", x.clone()),
            1 => body = set(body, "schedule", x.clone()),
            2 => body = set(body, "tags", x.clone()),
            _ => {
                if let Value::Object(m) = &mut body {
                    for (k, p) in m.iter_mut() {
                        if k == "payload" {
                            if let Value::Object(pm) = p {
                                for (_, inner) in pm.iter_mut() {
                                    *inner = x.clone();
                                }
                            }
                        }
                    }
                }
            }
        }
        prop_assert!(codes_known(&get_or_create_message(&body)));
        let options = obj(vec![("token", s("t")), ("botId", s("b")), ("headers", x.clone()), ("baseUrl", x.clone())]);
        let _ = client_options(&options);
        let _ = request_options(&obj(vec![("signal", x.clone()), ("timeoutMs", x)]));
    }

    #[test]
    fn arbitrary_text_never_panics(text in ".{0,200}") {
        if let Ok(x) = Value::parse_owned(&text) {
            prop_assert!(codes_known(&run_all(&x)));
        }
    }

    /// Near-valid JSON: a valid body with a few characters replaced, inserted or removed.
    #[test]
    fn corrupted_json_never_panics(body in message_body(), edits in proptest::collection::vec((any::<prop::sample::Index>(), 0u8..3, any_char()), 1..4)) {
        let mut chars: Vec<char> = body.to_string().chars().collect();
        for (at, op, c) in edits {
            let i = at.index(chars.len().max(1)).min(chars.len());
            match op {
                0 if i < chars.len() => chars[i] = c,
                1 => chars.insert(i, c),
                _ if i < chars.len() => { chars.remove(i); }
                _ => {}
            }
        }
        let text: String = chars.into_iter().collect();
        if let Ok(x) = Value::parse_owned(&text) {
            prop_assert!(codes_known(&run_all(&x)));
        }
    }

    #[test]
    fn arbitrary_base_urls_never_panic(url in prop_oneof![".{0,40}", "(https?|HTTP|ftp)://[a-z0-9.:\\[\\]@/?#-]{0,30}"]) {
        let o = obj(vec![("token", s("t")), ("botId", s("b")), ("baseUrl", s(&url))]);
        if let Ok(c) = client_options(&o) {
            prop_assert!(c.base_url.starts_with("http"), "{}", c.base_url);
            prop_assert!(!c.base_url.ends_with('/'), "{}", c.base_url);
        }
    }
}
