//! Shared code of the cargo-fuzz targets: the properties (`checks`, also used by the
//! proptest fallback in `tests/fuzz_fallback.rs`) and structured inputs built from the fuzzer's
//! bytes with `arbitrary`: value trees shaped like requests, responses and options, so the
//! fuzzer spends its time inside the validators rather than on JSON syntax.

#[path = "checks.rs"]
pub mod checks;

use arbitrary::{Arbitrary, Result, Unstructured};
use botpress_chat_wasm::model::{Foreign, Value};

/// Keys the validators look for, so random objects hit real rules.
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
    "audioUrl",
    "videoUrl",
    "fileUrl",
    "title",
    "subtitle",
    "latitude",
    "longitude",
    "address",
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
    "createdAt",
    "updatedAt",
    "integration",
    "messageCount",
    "direction",
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
    "timeout",
    "retries",
    "apiUrl",
    "__proto__",
    "constructor",
    "prototype",
    "",
    "x-extra",
    "Authorization",
    "content-type",
    "x-bot-id",
    "a b",
    "\u{0}",
    "é",
    "😀",
];

/// Strings that sit on rule boundaries.
const STRINGS: &[&str] = &[
    "",
    "a",
    "text",
    "image",
    "audio",
    "video",
    "file",
    "location",
    "card",
    "carousel",
    "choice",
    "dropdown",
    "bloc",
    "markdown",
    "custom",
    "synthetic",
    "postback",
    "url",
    "say",
    "user_01HZY0000000000000000000AB",
    "conv_00000000000000000000000000",
    "2024-01-01T00:00:00.000Z",
    "2024-02-30T00:00:00Z",
    "2016-12-31T23:59:60Z",
    "2024-01-01t00:00:00.123456+05:30",
    "https://api.botpress.cloud",
    "http://127.0.0.1:8787",
    "http://localhost/",
    "http://[::1]:1",
    "http://example.com",
    "https://u:p@h",
    "http://127.0.0.01",
    "http://127.1",
    "ftp://x",
    "https://h/?q",
    "sk_\r\nx",
    "v\u{0}",
    "\u{100}",
    "\u{ff}",
    "\u{fffd}",
    "Sun, 06 Nov 1994 08:49:37 GMT",
    "Sunday, 06-Nov-94 08:49:37 GMT",
    "Sun Nov  6 08:49:37 1994",
    "1.5",
    "0",
    "-1",
    "1e999",
    "NaN",
    "99999999999999999999999",
    " 2 ",
    "<html>",
];

/// Number lexemes: JSON ones at the edges of f64, and the JS `String(n)` forms the walker makes.
const NUMBERS: &[&str] = &[
    "0",
    "-0",
    "1",
    "-1",
    "1.5",
    "1e3",
    "1E+2",
    "0.1e-5",
    "1e308",
    "1.7976931348623157e308",
    "1.7976931348623159e308",
    "1e309",
    "-1e309",
    "2147483647",
    "2147483648",
    "10",
    "11",
    "18446744073709551615",
    "18446744073709551616",
    "1e21",
    "1e+21",
    "5e-324",
    "NaN",
    "Infinity",
    "-Infinity",
    "1e1000000000000",
    "0.0000",
    "12345678901234567890123",
    "1.0",
    "60000",
];

fn pick<'a>(u: &mut Unstructured<'_>, from: &[&'a str]) -> Result<&'a str> {
    Ok(from[u.choose_index(from.len())?])
}

fn string(u: &mut Unstructured<'_>) -> Result<String> {
    Ok(match u.int_in_range(0..=5u8)? {
        0 | 1 => pick(u, STRINGS)?.to_owned(),
        2 => {
            // A long run: lengths around 28, 36, 200, 500.
            let n = *u.choose(&[27usize, 28, 36, 37, 199, 200, 201, 499, 500, 501, 1000])?;
            let c = *u.choose(&['a', 'é', '😀', '\u{fffd}'])?;
            std::iter::repeat_n(c, n).collect()
        }
        _ => String::arbitrary(u)?,
    })
}

fn key(u: &mut Unstructured<'_>) -> Result<String> {
    Ok(if u.ratio(3u8, 4)? {
        pick(u, KEYS)?.to_owned()
    } else {
        String::arbitrary(u)?
    })
}

/// An object value from owned keys.
fn object(members: Vec<(String, Value)>) -> Value {
    Value::Object(members.into_iter().map(|(k, v)| (k.into(), v)).collect())
}

/// Any tree the parser or the JS walker could produce, `Foreign` leaves included.
pub fn value(u: &mut Unstructured<'_>, depth: usize) -> Result<Value> {
    let leaf_only = depth >= 80 || u.is_empty();
    let kind = if leaf_only {
        u.int_in_range(0..=5u8)?
    } else {
        u.int_in_range(0..=9u8)?
    };
    Ok(match kind {
        0 => Value::Null,
        1 => Value::Bool(bool::arbitrary(u)?),
        2 => Value::Number(pick(u, NUMBERS)?.into()),
        3 | 4 => Value::String(string(u)?.into()),
        5 => Value::Foreign(match u.int_in_range(0..=6u8)? {
            0 => Foreign::Undefined,
            1 => Foreign::Function,
            2 => Foreign::BigInt,
            3 => Foreign::Symbol,
            4 => Foreign::Cycle,
            5 => Foreign::TooDeep,
            _ => Foreign::Unreadable(string(u)?),
        }),
        6 | 7 => {
            let n = u.int_in_range(0..=6usize)?;
            let mut m = Vec::with_capacity(n);
            for _ in 0..n {
                m.push((key(u)?, value(u, depth + 1)?));
            }
            object(m)
        }
        8 => {
            let n = u.int_in_range(0..=4usize)?;
            let mut a = Vec::with_capacity(n);
            for _ in 0..n {
                a.push(value(u, depth + 1)?);
            }
            Value::Array(a)
        }
        _ => {
            // A deep chain, to reach MAX_DEPTH.
            let n = u.int_in_range(1..=80usize)?;
            let mut v = value(u, 80)?;
            for _ in 0..n {
                v = if bool::arbitrary(u)? {
                    Value::Array(vec![v])
                } else {
                    object(vec![(key(u)?, v)])
                };
            }
            v
        }
    })
}

/// Builds one request field's value, given the message kind.
type MakeField = fn(&mut Unstructured<'_>, &str) -> Result<Value>;

/// A request-like body: mostly known fields with near-valid values, sometimes junk.
pub fn request(u: &mut Unstructured<'_>) -> Result<Value> {
    if u.ratio(1u8, 8)? {
        return value(u, 0);
    }
    let mut m: Vec<(String, Value)> = Vec::new();
    let kind = pick(
        u,
        &[
            "text", "image", "location", "card", "carousel", "choice", "dropdown", "bloc",
            "markdown", "custom", "file",
        ],
    )?;
    let fields: [(&str, MakeField); 10] = [
        ("channel", |u, _| Ok(Value::String(string(u)?.into()))),
        ("tags", |u, _| tags(u)),
        ("type", |_, k| Ok(Value::String(String::from(k).into()))),
        ("payload", payload),
        ("userId", |u, _| Ok(Value::String(string(u)?.into()))),
        ("conversationId", |u, _| {
            Ok(Value::String(string(u)?.into()))
        }),
        ("discriminateByTags", |u, _| {
            Ok(Value::Array(vec![Value::String(string(u)?.into())]))
        }),
        ("schedule", |u, _| {
            let mut s = Vec::new();
            if bool::arbitrary(u)? {
                s.push(("dateTime".into(), Value::String(string(u)?.into())));
            }
            if bool::arbitrary(u)? {
                s.push(("delay".into(), Value::Number(pick(u, NUMBERS)?.into())));
            }
            Ok(object(s))
        }),
        ("origin", |u, _| {
            Ok(Value::String(pick(u, &["synthetic", "api", ""])?.into()))
        }),
        ("properties", |u, _| tags(u)),
    ];
    for (name, make) in fields {
        if u.ratio(3u8, 4)? {
            let v = if u.ratio(7u8, 8)? {
                make(u, kind)?
            } else {
                value(u, 1)?
            };
            m.push((name.into(), v));
        }
    }
    if u.ratio(1u8, 6)? {
        m.push((key(u)?, value(u, 1)?));
    }
    Ok(object(m))
}

fn tags(u: &mut Unstructured<'_>) -> Result<Value> {
    let n = u.int_in_range(0..=3usize)?;
    let mut m = Vec::new();
    for _ in 0..n {
        let v = match u.int_in_range(0..=3u8)? {
            0 => Value::Null,
            1 => value(u, 2)?,
            _ => Value::String(string(u)?.into()),
        };
        m.push((key(u)?, v));
    }
    Ok(object(m))
}

fn payload(u: &mut Unstructured<'_>, kind: &str) -> Result<Value> {
    let s = |u: &mut Unstructured<'_>| -> Result<Value> { Ok(Value::String(string(u)?.into())) };
    let n =
        |u: &mut Unstructured<'_>| -> Result<Value> { Ok(Value::Number(pick(u, NUMBERS)?.into())) };
    let mut m: Vec<(String, Value)> = match kind {
        "text" => vec![("text".into(), s(u)?)],
        "image" => vec![("imageUrl".into(), s(u)?), ("title".into(), s(u)?)],
        "file" => vec![("fileUrl".into(), s(u)?)],
        "location" => vec![
            ("latitude".into(), n(u)?),
            ("longitude".into(), n(u)?),
            ("address".into(), s(u)?),
        ],
        "markdown" => vec![("markdown".into(), s(u)?)],
        "card" => card(u)?,
        "carousel" => {
            let k = u.int_in_range(0..=3usize)?;
            let mut items = Vec::new();
            for _ in 0..k {
                items.push(object(card(u)?));
            }
            vec![("items".into(), Value::Array(items))]
        }
        "choice" | "dropdown" => {
            let k = u.int_in_range(0..=3usize)?;
            let mut opts = Vec::new();
            for _ in 0..k {
                opts.push(object(vec![
                    ("label".into(), s(u)?),
                    ("value".into(), s(u)?),
                ]));
            }
            vec![
                ("text".into(), s(u)?),
                ("options".into(), Value::Array(opts)),
            ]
        }
        "bloc" => {
            let k = u.int_in_range(0..=3usize)?;
            let mut items = Vec::new();
            for _ in 0..k {
                let t = pick(
                    u,
                    &["text", "image", "markdown", "card", "bloc", "location", "x"],
                )?;
                let p = payload(u, t)?;
                items.push(object(vec![
                    ("type".into(), Value::String(t.into())),
                    ("payload".into(), p),
                ]));
            }
            vec![("items".into(), Value::Array(items))]
        }
        _ => return value(u, 1),
    };
    if u.ratio(1u8, 4)? {
        m.push((key(u)?, value(u, 2)?));
    }
    if u.ratio(1u8, 8)? && !m.is_empty() {
        let i = u.choose_index(m.len())?;
        m.remove(i);
    }
    Ok(object(m))
}

fn card(u: &mut Unstructured<'_>) -> Result<Vec<(String, Value)>> {
    let k = u.int_in_range(0..=3usize)?;
    let mut actions = Vec::new();
    for _ in 0..k {
        actions.push(object(vec![
            (
                "action".into(),
                Value::String(pick(u, &["postback", "url", "say", "call"])?.into()),
            ),
            ("label".into(), Value::String(string(u)?.into())),
            ("value".into(), Value::String(string(u)?.into())),
        ]));
    }
    Ok(vec![
        ("title".into(), Value::String(string(u)?.into())),
        ("actions".into(), Value::Array(actions)),
    ])
}

/// An options-like object (`ClientOptions` or `RequestOptions` as the walker reads them).
pub fn options(u: &mut Unstructured<'_>) -> Result<Value> {
    if u.ratio(1u8, 10)? {
        return value(u, 0);
    }
    let mut m: Vec<(String, Value)> = Vec::new();
    for name in [
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
    ] {
        if !u.ratio(2u8, 3)? {
            continue;
        }
        let v = match (name, u.int_in_range(0..=7u8)?) {
            (_, 0) => value(u, 1)?,
            ("timeoutMs" | "maxRetries", _) => Value::Number(pick(u, NUMBERS)?.into()),
            ("headers", _) => {
                let k = u.int_in_range(0..=3usize)?;
                let mut h = Vec::new();
                for _ in 0..k {
                    let v = if u.ratio(7u8, 8)? {
                        Value::String(string(u)?.into())
                    } else {
                        value(u, 2)?
                    };
                    h.push((key(u)?, v));
                }
                object(h)
            }
            ("fetch", _) => Value::Foreign(Foreign::Function),
            ("signal", _) => object(vec![]),
            ("baseUrl", 1..=3) => Value::String(pick(u, STRINGS)?.into()),
            ("baseUrl", _) => {
                let scheme = pick(u, &["http://", "https://", "HTTP://", "ws://", ""])?;
                let host = pick(
                    u,
                    &[
                        "127.0.0.1",
                        "localhost",
                        "[::1]",
                        "127.255.255.255",
                        "127.0.0.256",
                        "128.0.0.1",
                        "0177.0.0.1",
                        "127.0.0.01",
                        "example.com",
                        "[::ffff:127.0.0.1]",
                        "LOCALHOST",
                        "localhost.",
                        "127.1",
                        "",
                    ],
                )?;
                let port = pick(u, &["", ":8787", ":0", ":65536", ":", ":080"])?;
                let rest = string(u)?;
                Value::String(format!("{scheme}{host}{port}{rest}").into())
            }
            _ => Value::String(string(u)?.into()),
        };
        m.push((name.into(), v));
    }
    if u.ratio(1u8, 5)? {
        m.push((key(u)?, value(u, 1)?));
    }
    Ok(object(m))
}

/// Headers for the retry policy: the four hint headers with odd values, and some noise.
pub fn retry_headers(u: &mut Unstructured<'_>) -> Result<Vec<(String, String)>> {
    const NAMES: &[&str] = &[
        "retry-after",
        "Retry-After",
        "retry-after-ms",
        "ratelimit-reset",
        "x-ratelimit-reset",
        "RateLimit-Reset",
        "x-request-id",
    ];
    const VALUES: &[&str] = &[
        "0",
        "1",
        "-1",
        "1.5",
        "0.0001",
        "1e999",
        "NaN",
        "Infinity",
        "60",
        "61",
        "3600",
        "99999999999999999999999999",
        "1000000000",
        "1700000000",
        "9999999999.999",
        " 2 ",
        "2 s",
        "",
        ".5",
        "5.",
        "+1",
        "0x10",
        "Sun, 06 Nov 1994 08:49:37 GMT",
        "Thu, 01 Jan 2099 00:00:00 GMT",
        "Wed, 31 Feb 2024 00:00:00 GMT",
        "Sunday, 06-Nov-94 08:49:37 GMT",
        "Sun Nov  6 08:49:37 1994",
        "sun, 06 nov 1994 08:49:60 utc",
        "Mon, 29 Feb 2000 23:59:59 GMT",
        "Mon, 29 Feb 1900 00:00:00 GMT",
        "Fri, 31 Dec 9999 23:59:59 GMT",
        "Sat, 01 Jan 0000 00:00:00 GMT",
    ];
    let n = u.int_in_range(0..=4usize)?;
    let mut h = Vec::new();
    for _ in 0..n {
        let name = if u.ratio(7u8, 8)? {
            pick(u, NAMES)?.to_owned()
        } else {
            String::arbitrary(u)?
        };
        let value = match u.int_in_range(0..=3u8)? {
            0 | 1 => pick(u, VALUES)?.to_owned(),
            2 => {
                // A date with random fields.
                let wd = pick(u, &["Sun", "Monday", "tue", "Xyz", ""])?;
                format!(
                    "{wd}, {:02} {} {} {:02}:{:02}:{:02} {}",
                    u.int_in_range(0..=32u8)?,
                    pick(u, &["Jan", "feb", "Dec", "Foo"])?,
                    u.int_in_range(0..=10000u16)?,
                    u.int_in_range(0..=25u8)?,
                    u.int_in_range(0..=61u8)?,
                    u.int_in_range(0..=61u8)?,
                    pick(u, &["GMT", "UTC", "PST", ""])?
                )
            }
            _ => String::arbitrary(u)?,
        };
        h.push((name, value));
    }
    Ok(h)
}
