#![cfg(not(target_arch = "wasm32"))]
//! The fuzz targets of `tests/fuzz/` as proptest runs, for machines without nightly or
//! cargo-fuzz: `make fuzz` falls back to
//!
//!     FUZZ_CASES=1000000 cargo test --release --test fuzz_fallback -- --ignored --nocapture
//!
//! Same properties (`tests/fuzz/src/checks.rs`), random rather than coverage-guided inputs.
//! The tests are `#[ignore]`d so `cargo test` stays quick; without FUZZ_CASES each runs
//! 1 000 000 cases. A failure is shrunk and printed; nothing is written to the tree.

#[path = "fuzz/src/checks.rs"]
mod checks;

use std::time::Instant;

/// A string value that owns its text.
fn string(s: String) -> Value {
    Value::String(s.into())
}

/// An object value from owned keys.
fn object(members: Vec<(String, Value)>) -> Value {
    Value::Object(members.into_iter().map(|(k, v)| (k.into(), v)).collect())
}

use botpress_chat_wasm::model::{Foreign, Value};
use proptest::prelude::*;
use proptest::test_runner::{Config, FileFailurePersistence, RngAlgorithm, TestRng, TestRunner};

fn cases() -> u32 {
    std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000)
}

/// Runs `check` on `cases()` inputs from `strategy`; prints the figures `make fuzz` reports.
fn run<S: Strategy>(name: &str, strategy: S, check: impl Fn(S::Value)) {
    let n = cases();
    let config = Config {
        cases: n,
        failure_persistence: Some(Box::new(FileFailurePersistence::Off)),
        max_shrink_iters: 2_000,
        ..Config::default()
    };
    // A fresh seed per run (FUZZ_SEED=<n> repeats one), printed so a run can be replayed.
    let seed: u64 = std::env::var("FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |d| d.as_nanos() as u64)
        });
    let mut bytes = [0u8; 32];
    bytes[..8].copy_from_slice(&seed.to_le_bytes());
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &bytes);
    let mut runner = TestRunner::new_with_rng(config, rng);
    println!("fuzz-fallback {name}: FUZZ_SEED={seed}");
    let start = Instant::now();
    let result = runner.run(&strategy, |input| {
        check(input);
        Ok(())
    });
    let secs = start.elapsed().as_secs_f64();
    match result {
        Ok(()) => println!("fuzz-fallback {name}: {n} inputs in {secs:.1} s, 0 crashes"),
        Err(e) => panic!("fuzz-fallback {name}: crash after {secs:.1} s: {e}"),
    }
}

// ---------------------------------------------------------------------------------------
// Strategies

const KEYS: &[&str] = &[
    "channel",
    "tags",
    "integrationName",
    "discriminateByTags",
    "properties",
    "payload",
    "userId",
    "conversationId",
    "type",
    "schedule",
    "origin",
    "dateTime",
    "delay",
    "text",
    "imageUrl",
    "title",
    "latitude",
    "longitude",
    "items",
    "actions",
    "action",
    "label",
    "value",
    "options",
    "markdown",
    "conversation",
    "message",
    "meta",
    "created",
    "id",
    "code",
    "metadata",
    "token",
    "botId",
    "integrationId",
    "integrationAlias",
    "baseUrl",
    "timeoutMs",
    "maxRetries",
    "headers",
    "fetch",
    "signal",
    "__proto__",
    "constructor",
    "",
    "x-extra",
    "Authorization",
];
const KINDS: &[&str] = &[
    "text", "image", "audio", "video", "file", "location", "card", "carousel", "choice",
    "dropdown", "bloc", "markdown", "custom",
];
const NUMBERS: &[&str] = &[
    "0",
    "-0",
    "1",
    "-1",
    "1.5",
    "1e3",
    "1e308",
    "1.7976931348623159e308",
    "1e309",
    "2147483647",
    "2147483648",
    "10",
    "11",
    "18446744073709551616",
    "1e+21",
    "5e-324",
    "NaN",
    "Infinity",
    "-Infinity",
];

fn text() -> BoxedStrategy<String> {
    prop_oneof![
        3 => "[a-z_]{0,12}",
        2 => any::<String>(),
        1 => (prop::sample::select(&[27usize, 28, 36, 37, 200, 201, 500, 501][..]), prop::sample::select(&['a', 'é', '😀'][..]))
            .prop_map(|(n, c)| std::iter::repeat_n(c, n).collect()),
        1 => prop::sample::select(&[
            "user_01HZY0000000000000000000AB", "2024-01-01T00:00:00.000Z", "2016-12-31T23:59:60Z",
            "synthetic", "postback", "url", "https://x", "\r\n", "\u{0}", "\u{100}", "\u{fffd}",
        ][..]).prop_map(String::from),
    ].boxed()
}

fn key() -> BoxedStrategy<String> {
    prop_oneof![3 => prop::sample::select(KEYS).prop_map(String::from), 1 => any::<String>()]
        .boxed()
}

fn leaf() -> BoxedStrategy<Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        prop::sample::select(NUMBERS).prop_map(|n| Value::Number(n.into())),
        text().prop_map(string),
        prop_oneof![
            Just(Value::Foreign(Foreign::Undefined)),
            Just(Value::Foreign(Foreign::Function)),
            Just(Value::Foreign(Foreign::BigInt)),
            Just(Value::Foreign(Foreign::Symbol)),
            Just(Value::Foreign(Foreign::Cycle)),
            Just(Value::Foreign(Foreign::TooDeep)),
            text().prop_map(|t| Value::Foreign(Foreign::Unreadable(t))),
        ],
    ]
    .boxed()
}

/// Any tree, JS-only leaves included; sometimes a chain deeper than MAX_DEPTH.
fn tree() -> BoxedStrategy<Value> {
    let nested = leaf().prop_recursive(6, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::vec((key(), inner), 0..6).prop_map(object),
        ]
    });
    prop_oneof![
        8 => nested,
        1 => (leaf(), 60usize..80, any::<bool>()).prop_map(|(mut v, n, arrays)| {
            for _ in 0..n {
                v = if arrays { Value::Array(vec![v]) } else { Value::Object(vec![("a".into(), v)]) };
            }
            v
        }),
    ].boxed()
}

fn s(v: String) -> Value {
    string(v)
}

fn obj(m: Vec<(&str, Value)>) -> Value {
    Value::Object(
        m.into_iter()
            .map(|(k, v)| (k.to_owned().into(), v))
            .collect(),
    )
}

fn tags() -> BoxedStrategy<Value> {
    prop::collection::vec(
        (
            key(),
            prop_oneof![3 => text().prop_map(string), 1 => Just(Value::Null), 1 => leaf()],
        ),
        0..3,
    )
    .prop_map(object)
    .boxed()
}

/// A near-valid payload for `kind`.
fn payload(kind: &'static str) -> BoxedStrategy<Value> {
    let num = || prop::sample::select(NUMBERS).prop_map(|n| Value::Number(n.into()));
    let card = (
        text(),
        prop::collection::vec(
            (
                prop::sample::select(&["postback", "url", "say", "call"][..]),
                text(),
                text(),
            ),
            0..3,
        ),
    )
        .prop_map(move |(t, acts)| {
            let acts = acts
                .into_iter()
                .map(|(a, l, v)| {
                    obj(vec![
                        ("action", s(a.into())),
                        ("label", s(l)),
                        ("value", s(v)),
                    ])
                })
                .collect();
            obj(vec![("title", s(t)), ("actions", Value::Array(acts))])
        });
    match kind {
        "text" | "markdown" => text()
            .prop_map(move |t| {
                obj(vec![(
                    if kind == "text" { "text" } else { "markdown" },
                    s(t),
                )])
            })
            .boxed(),
        "image" | "audio" | "video" | "file" => (text(), text())
            .prop_map(|(u, t)| {
                obj(vec![
                    ("imageUrl", s(u)),
                    ("fileUrl", s(t.clone())),
                    ("audioUrl", s(t.clone())),
                    ("videoUrl", s(t)),
                ])
            })
            .boxed(),
        "location" => (num(), num(), text())
            .prop_map(move |(a, b, t)| {
                obj(vec![("latitude", a), ("longitude", b), ("address", s(t))])
            })
            .boxed(),
        "card" => card.boxed(),
        "carousel" => prop::collection::vec(card, 0..3)
            .prop_map(move |items| obj(vec![("items", Value::Array(items))]))
            .boxed(),
        "choice" | "dropdown" => (text(), prop::collection::vec((text(), text()), 0..3))
            .prop_map(move |(t, o)| {
                obj(vec![
                    ("text", s(t)),
                    (
                        "options",
                        Value::Array(
                            o.into_iter()
                                .map(|(l, v)| obj(vec![("label", s(l)), ("value", s(v))]))
                                .collect(),
                        ),
                    ),
                ])
            })
            .boxed(),
        "bloc" => prop::collection::vec(
            (
                prop::sample::select(&["text", "image", "location", "markdown", "card", "x"][..]),
                text(),
                tree(),
            ),
            0..3,
        )
        .prop_map(move |items| {
            let items = items
                .into_iter()
                .map(|(t, x, junk)| {
                    obj(vec![
                        ("type", s(t.into())),
                        (
                            "payload",
                            obj(vec![
                                ("text", s(x.clone())),
                                ("imageUrl", s(x.clone())),
                                ("markdown", s(x)),
                                ("extra", junk),
                            ]),
                        ),
                    ])
                })
                .collect();
            obj(vec![("items", Value::Array(items))])
        })
        .boxed(),
        _ => tree().boxed(),
    }
}

/// A request-like body: each known field present or not, near-valid or junk.
fn request() -> BoxedStrategy<Value> {
    let body = prop::sample::select(KINDS).prop_flat_map(|kind| {
        let field =
            |v: BoxedStrategy<Value>| prop::option::weighted(0.8, prop_oneof![6 => v, 1 => tree()]);
        (
            (
                field(text().prop_map(string).boxed()),
                field(tags().boxed()),
                field(Just(Value::String(kind.into())).boxed()),
                field(payload(kind)),
            ),
            (
                field(text().prop_map(string).boxed()),
                field(text().prop_map(string).boxed()),
                field(
                    prop::collection::vec(text().prop_map(string), 0..2)
                        .prop_map(Value::Array)
                        .boxed(),
                ),
            ),
            (
                field(
                    (
                        prop::option::of(text()),
                        prop::option::of(prop::sample::select(NUMBERS)),
                    )
                        .prop_map(|(d, n)| {
                            Value::Object(
                                d.map(|d| ("dateTime".into(), string(d)))
                                    .into_iter()
                                    .chain(n.map(|n| ("delay".into(), Value::Number(n.into()))))
                                    .collect(),
                            )
                        })
                        .boxed(),
                ),
                field(
                    prop::sample::select(&["synthetic", "api"][..])
                        .prop_map(|o| Value::String(o.into()))
                        .boxed(),
                ),
                field(tags().boxed()),
                prop::option::weighted(0.15, (key(), tree())),
            ),
        )
            .prop_map(
                |(
                    (channel, tags, ty, payload),
                    (user, conv, disc),
                    (schedule, origin, props, extra),
                )| {
                    let named = [
                        ("channel", channel),
                        ("tags", tags),
                        ("type", ty),
                        ("payload", payload),
                        ("userId", user),
                        ("conversationId", conv),
                        ("discriminateByTags", disc),
                        ("schedule", schedule),
                        ("origin", origin),
                        ("properties", props),
                    ];
                    let mut m: Vec<(String, Value)> = named
                        .into_iter()
                        .filter_map(|(k, v)| v.map(|v| (k.to_owned(), v)))
                        .collect();
                    m.extend(extra);
                    object(m)
                },
            )
    });
    prop_oneof![7 => body, 1 => tree()].boxed()
}

/// JSON text: a serialized tree, mutated at a random spot, or random bytes.
fn request_bytes() -> BoxedStrategy<Vec<u8>> {
    prop_oneof![
        3 => request().prop_map(|v| v.to_json().into_bytes()),
        3 => (request(), any::<prop::sample::Index>(), prop::collection::vec(any::<u8>(), 0..4), 0usize..4).prop_map(|(v, at, insert, cut)| {
            let mut b = v.to_json().into_bytes();
            let i = at.index(b.len() + 1);
            let end = (i + cut).min(b.len());
            b.splice(i..end, insert);
            b
        }),
        1 => prop::collection::vec(prop::sample::select(&b"{}[]\":,0123456789-+.eEtrufalsn \\u\xc3\xa9"[..]), 0..64),
        1 => prop::collection::vec(any::<u8>(), 0..64),
    ].boxed()
}

fn response_body() -> BoxedStrategy<Vec<u8>> {
    let conversation = (text(), tree()).prop_map(|(id, junk)| {
        format!(
            r#"{{"conversation":{{"id":{},"createdAt":"x","updatedAt":"x","channel":"web","integration":"e","tags":{{}},"messageCount":0,"junk":{}}},"meta":{{"created":true}}}}"#,
            string(id).to_json(),
            junk.to_json()
        )
    });
    let api_error =
        (text(), prop::sample::select(NUMBERS), text(), tree()).prop_map(|(t, code, m, meta)| {
            format!(
                r#"{{"id":"err_1","code":{code},"type":{},"message":{},"metadata":{}}}"#,
                string(t).to_json(),
                string(m).to_json(),
                meta.to_json()
            )
        });
    prop_oneof![
        2 => conversation.prop_map(String::into_bytes),
        2 => api_error.prop_map(String::into_bytes),
        2 => tree().prop_map(|v| v.to_json().into_bytes()),
        1 => request_bytes(),
        1 => prop::collection::vec(any::<u8>(), 0..300),
    ]
    .boxed()
}

fn options() -> BoxedStrategy<Value> {
    let url = (
        prop::sample::select(&["http://", "https://", "HTTP://", "ws://", ""][..]),
        prop::sample::select(
            &[
                "127.0.0.1",
                "localhost",
                "[::1]",
                "127.0.0.256",
                "0177.0.0.1",
                "127.0.0.01",
                "example.com",
                "[::ffff:127.0.0.1]",
                "localhost.",
                "127.1",
                "",
            ][..],
        ),
        prop::sample::select(&["", ":8787", ":0", ":65536", ":", ":080"][..]),
        prop_oneof![3 => Just(String::new()), 1 => text()],
    )
        .prop_map(|(a, b, c, d)| string(format!("{a}{b}{c}{d}")));
    // Header names and values fetch refuses, beside random ones.
    let header_name = prop::sample::select(
        &[
            "transfer-encoding",
            "Keep-Alive",
            "content-length",
            "te",
            "x-te",
            "proxy-x",
            "sec-",
            "x-sec",
            "X-HTTP-Method-Override",
            "x-method-override",
            "x-ok",
        ][..],
    )
    .prop_map(String::from);
    let header_value = prop::sample::select(
        &[
            "TRACE",
            "get, Connect",
            " track\t",
            "PATCH",
            "a\u{7f}",
            "a\u{b}b",
            "a\tb",
        ][..],
    )
    .prop_map(|v| Value::String(v.into()));
    let headers = prop::collection::vec(
        (
            prop_oneof![2 => key(), 1 => header_name],
            prop_oneof![4 => text().prop_map(string), 1 => leaf(), 2 => header_value],
        ),
        0..3,
    )
    .prop_map(object);
    let num = || prop::sample::select(NUMBERS).prop_map(|n| Value::Number(n.into()));
    let f = |v: BoxedStrategy<Value>| prop::option::weighted(0.7, prop_oneof![6 => v, 1 => leaf()]);
    let obj = (
        (
            f(text().prop_map(string).boxed()),
            f(text().prop_map(string).boxed()),
            f(text().prop_map(string).boxed()),
            f(text().prop_map(string).boxed()),
        ),
        (
            f(url.boxed()),
            f(num().boxed()),
            f(num().boxed()),
            f(headers.boxed()),
        ),
        (
            f(Just(Value::Foreign(Foreign::Function)).boxed()),
            f(Just(Value::Object(vec![])).boxed()),
            prop::option::weighted(0.2, (key(), leaf())),
        ),
    )
        .prop_map(|((t, b, i, a), (u, to, mr, h), (fe, sig, extra))| {
            let named = [
                ("token", t),
                ("botId", b),
                ("integrationId", i),
                ("integrationAlias", a),
                ("baseUrl", u),
                ("timeoutMs", to),
                ("maxRetries", mr),
                ("headers", h),
                ("fetch", fe),
                ("signal", sig),
            ];
            let mut m: Vec<(String, Value)> = named
                .into_iter()
                .filter_map(|(k, v)| v.map(|v| (k.to_owned(), v)))
                .collect();
            m.extend(extra);
            object(m)
        });
    prop_oneof![9 => obj, 1 => tree()].boxed()
}

fn header_value() -> BoxedStrategy<String> {
    prop_oneof![
        3 => prop::sample::select(&[
            "0", "1", "-1", "1.5", "0.0001", "1e999", "NaN", "60", "61", "99999999999999999999999999",
            "1000000000", "1700000000", " 2 ", "", ".5", "5.", "+1", "Sun, 06 Nov 1994 08:49:37 GMT",
            "Thu, 01 Jan 2099 00:00:00 GMT", "Wed, 31 Feb 2024 00:00:00 GMT", "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun Nov  6 08:49:37 1994", "sun, 06 nov 1994 08:49:60 utc", "Sat, 01 Jan 0000 00:00:00 GMT",
        ][..]).prop_map(String::from),
        2 => (prop::sample::select(&["Sun", "monday", "Xyz"][..]), 0u8..33, prop::sample::select(&["Jan", "feb", "Foo"][..]), 0u16..10001, 0u8..26, 0u8..62, 0u8..62, prop::sample::select(&["GMT", "UTC", ""][..]))
            .prop_map(|(w, d, mo, y, h, mi, se, z)| format!("{w}, {d:02} {mo} {y} {h:02}:{mi:02}:{se:02} {z}")),
        1 => "[0-9. +-]{0,24}",
        1 => any::<String>(),
    ].boxed()
}

// ---------------------------------------------------------------------------------------
// The targets

#[test]
#[ignore = "fuzzing: run by make fuzz"]
fn parse_and_validate_request() {
    run("parse_and_validate_request", request_bytes(), |b| {
        checks::request_bytes(&b)
    });
}

#[test]
#[ignore = "fuzzing: run by make fuzz"]
fn validate_request_tree() {
    run("validate_request_tree", request(), |v| {
        checks::request_value(&v)
    });
}

#[test]
#[ignore = "fuzzing: run by make fuzz"]
fn parse_response() {
    let secret = prop_oneof![
        Just(String::from("sk_fuzz_token")),
        "[\\[\\]a-z0-9_\"\\\\]{1,12}"
    ];
    run(
        "parse_response",
        (any::<u16>(), response_body(), secret),
        |(status, body, secret)| checks::response(status, &body, &secret),
    );
}

#[test]
#[ignore = "fuzzing: run by make fuzz"]
fn retry_headers() {
    let names = prop::sample::select(
        &[
            "retry-after",
            "Retry-After",
            "retry-after-ms",
            "ratelimit-reset",
            "x-ratelimit-reset",
            "x-request-id",
        ][..],
    );
    let headers = prop::collection::vec((names.prop_map(String::from), header_value()), 0..4);
    let status = prop::option::of(prop_oneof![
        prop::sample::select(&[408u16, 429, 500, 502, 503, 504, 400, 404, 501, 200][..]),
        any::<u16>()
    ]);
    let now = prop_oneof![
        Just(1_763_000_000_000.0),
        Just(f64::NAN),
        Just(-1.0),
        any::<f64>()
    ];
    let input = (
        headers,
        status,
        any::<bool>(),
        0u32..13,
        0u32..11,
        now,
        prop_oneof![0.0..1.0f64, any::<f64>()],
        header_value(),
    );
    run(
        "retry_headers",
        input,
        |(headers, status, network, attempt, max_retries, now_ms, rand, date)| {
            checks::retry_headers(&checks::RetryInput {
                headers: &headers,
                status,
                network,
                attempt,
                max_retries,
                now_ms,
                rand,
            });
            checks::http_date(&date);
        },
    );
}

#[test]
#[ignore = "fuzzing: run by make fuzz"]
fn client_options() {
    run("client_options", options(), |v| checks::options(&v));
}

/// The harness itself works: the properties hold on a few hundred inputs of each kind (so a
/// broken strategy or check shows up in `make test`, not only in `make fuzz`).
#[test]
fn fallback_harness_smoke() {
    let mut runner = TestRunner::new(Config {
        cases: 200,
        failure_persistence: Some(Box::new(FileFailurePersistence::Off)),
        ..Config::default()
    });
    runner
        .run(&request_bytes(), |b| {
            checks::request_bytes(&b);
            Ok(())
        })
        .unwrap();
    runner
        .run(&request(), |v| {
            checks::request_value(&v);
            Ok(())
        })
        .unwrap();
    runner
        .run(&(any::<u16>(), response_body()), |(s, b)| {
            checks::response(s, &b, "sk_fuzz_token");
            Ok(())
        })
        .unwrap();
    runner
        .run(&options(), |v| {
            checks::options(&v);
            Ok(())
        })
        .unwrap();
    runner
        .run(&header_value(), |h| {
            checks::http_date(&h);
            Ok(())
        })
        .unwrap();
}
