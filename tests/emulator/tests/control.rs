#![cfg(not(target_arch = "wasm32"))]
//! Control endpoints: faults, request log, chaos, stats, reset, health.

mod shared;

use serde_json::json;
use shared::*;
use std::time::{Duration, Instant};

const BODY: &str = r#"{"channel":"c","tags":{"a":"1"}}"#;

#[test]
fn health() {
    let emu = emulator();
    let r = get(emu.port(), "/__emulator/health");
    assert_eq!(r.status, 200);
    assert_eq!(r.text(), "ok");
}

#[test]
fn fault_with_status_headers_and_body() {
    let emu = emulator();
    let p = emu.port();
    let r = post(
        p,
        "/__emulator/faults",
        &json!([{"path": CONV, "status": 503, "headers": {"retry-after": "0", "x-extra": "yes"}, "body": "<html>down</html>"}])
            .to_string(),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json(), json!({"queued": 1, "pending": 1}));
    // A request to the other path is untouched.
    let r = api(p, MSG, "b", "{}");
    assert_ne!(r.status, 503);
    let r = api(p, CONV, "b", BODY);
    assert_eq!(r.status, 503);
    assert_eq!(r.header("retry-after"), Some("0"));
    assert_eq!(r.header("x-extra"), Some("yes"));
    assert_eq!(r.text(), "<html>down</html>");
    assert!(r.header("content-type").unwrap().starts_with("text/html"));
    assert!(r.header("x-request-id").is_some());
    assert_eq!(r.header("access-control-allow-origin"), Some("*"));
    // Used once: the next call goes through.
    assert_eq!(api(p, CONV, "b", BODY).status, 200);
    // Even without auth, the fault answers first (it stands for the network / a proxy).
    post(p, "/__emulator/faults", r#"{"status":429}"#);
    let r = request(p, "POST", CONV, &[], BODY);
    assert_error(&r, 429, "RateLimited");
    assert_eq!(emu.stats().faults, 2);
}

#[test]
fn default_fault_bodies_by_status() {
    let emu = emulator();
    let p = emu.port();
    let cases = [
        (429, "RateLimited"),
        (500, "Internal"),
        (502, "Unknown"),
        (503, "Unknown"),
        (504, "OperationTimeout"),
        (404, "ResourceNotFound"),
        (418, "Unknown"),
    ];
    let list: Vec<_> = cases.iter().map(|(s, _)| json!({"status": s})).collect();
    post(
        p,
        "/__emulator/faults",
        &serde_json::Value::Array(list).to_string(),
    );
    for (status, kind) in cases {
        let r = api(p, CONV, "b", BODY);
        assert_error(&r, status, kind);
    }
    // A 2xx fault with a raw body: the body as given, JSON content type.
    post(
        p,
        "/__emulator/faults",
        r#"{"status":200,"body":"{\"truncated"}"#,
    );
    let r = api(p, CONV, "b", BODY);
    assert_eq!(r.status, 200);
    assert_eq!(r.text(), "{\"truncated");
    assert_eq!(r.header("content-type"), Some("application/json"));
    // A JSON body value is sent as JSON text.
    post(
        p,
        "/__emulator/faults",
        r#"{"status":409,"body":{"weird":true}}"#,
    );
    assert_eq!(api(p, CONV, "b", BODY).text(), r#"{"weird":true}"#);
}

#[test]
fn fault_times_and_fifo_order() {
    let emu = emulator();
    let p = emu.port();
    post(
        p,
        "/__emulator/faults",
        r#"[{"status":500,"times":2},{"status":502,"path":"/v1/chat/conversations/get-or-create"},{"status":504}]"#,
    );
    let f = get(p, "/__emulator/faults").json();
    assert_eq!(f.as_array().unwrap().len(), 3);
    assert_eq!(f[0]["times"], 2);
    let statuses: Vec<u16> = (0..5).map(|_| api(p, CONV, "b", BODY).status).collect();
    assert_eq!(statuses, [500, 500, 502, 504, 200]);
    assert_eq!(get(p, "/__emulator/faults").json(), json!([]));
    // DELETE clears the queue.
    post(p, "/__emulator/faults", r#"{"status":500,"times":100}"#);
    assert_eq!(
        request(p, "DELETE", "/__emulator/faults", &[], "").status,
        200
    );
    assert_eq!(api(p, CONV, "b", BODY).status, 200);
}

#[test]
fn invalid_fault_definitions_are_rejected() {
    let emu = emulator();
    let p = emu.port();
    for bad in [
        "",
        "nope",
        "5",
        r#"{"status":"x"}"#,
        r#"{"status":700}"#,
        r#"[{"times":0}]"#,
        r#"{"what":1}"#,
    ] {
        let r = post(p, "/__emulator/faults", bad);
        assert_error(&r, 400, "InvalidPayload");
    }
    // Nothing was queued.
    assert_eq!(get(p, "/__emulator/faults").json(), json!([]));
}

#[test]
fn drop_closes_without_answering() {
    let emu = emulator();
    let p = emu.port();
    post(p, "/__emulator/faults", r#"{"drop":true}"#);
    let mut c = Conn::open(p);
    let r = c.request(
        "POST",
        CONV,
        &[("authorization", "Bearer t"), ("x-bot-id", "b")],
        BODY,
    );
    assert!(r.is_err(), "expected no response, got {r:?}");
    // The server is fine, the fault is used up.
    assert_eq!(api(p, CONV, "b", BODY).status, 200);
    assert_eq!(emu.stats().faults, 1);
}

#[test]
fn delay_then_status_and_delay_alone() {
    let emu = emulator();
    let p = emu.port();
    post(
        p,
        "/__emulator/faults",
        r#"[{"delayMs":300,"status":503},{"delayMs":300}]"#,
    );
    let t = Instant::now();
    assert_eq!(api(p, CONV, "b", BODY).status, 503);
    assert!(t.elapsed() >= Duration::from_millis(300));
    let t = Instant::now();
    let r = api(p, CONV, "b", BODY);
    assert!(t.elapsed() >= Duration::from_millis(300));
    assert_eq!(
        r.status, 200,
        "a delay without status then answers normally"
    );
    assert_eq!(r.json()["meta"]["created"], true);
    let t = Instant::now();
    api(p, CONV, "b", BODY);
    assert!(t.elapsed() < Duration::from_millis(300));
}

#[test]
fn delay_then_drop() {
    let emu = emulator();
    let p = emu.port();
    post(p, "/__emulator/faults", r#"{"delayMs":200,"drop":true}"#);
    let t = Instant::now();
    let mut c = Conn::open(p);
    assert!(c.request("POST", CONV, &[], BODY).is_err());
    assert!(t.elapsed() >= Duration::from_millis(200));
}

#[test]
fn hang_holds_the_socket_until_the_client_leaves() {
    let emu = emulator();
    let p = emu.port();
    post(p, "/__emulator/faults", r#"{"hang":true}"#);
    let mut c = Conn::open(p);
    c.send_raw(format!("POST {CONV} HTTP/1.1\r\ncontent-length: 2\r\n\r\n{{}}").as_bytes())
        .unwrap();
    // No answer and no close for a while.
    assert!(!c.closed_within(Duration::from_millis(500)));
    drop(c);
    // Meanwhile and afterwards, other clients are served.
    assert_eq!(api(p, CONV, "b", BODY).status, 200);
    // Stopping the server ends hung connections too.
    post(p, "/__emulator/faults", r#"{"hang":true}"#);
    let mut c = Conn::open(p);
    c.send_raw(format!("POST {CONV} HTTP/1.1\r\ncontent-length: 2\r\n\r\n{{}}").as_bytes())
        .unwrap();
    std::thread::sleep(Duration::from_millis(100));
    let t = Instant::now();
    emu.stop();
    assert!(c.closed_within(Duration::from_secs(5)));
    assert!(t.elapsed() < Duration::from_secs(5));
}

#[test]
fn request_log_records_api_requests_in_order() {
    let emu = emulator();
    let p = emu.port();
    api(p, CONV, "bot-a", BODY);
    api(p, MSG, "bot-b", "not json");
    // Not logged: OPTIONS, control endpoints, static paths.
    request(p, "OPTIONS", CONV, &[], "");
    get(p, "/__emulator/stats");
    get(p, "/index.html");
    let log = get(p, "/__emulator/requests").json();
    let log = log.as_array().unwrap();
    assert_eq!(log.len(), 2, "{log:?}");
    assert_eq!(log[0]["method"], "POST");
    assert_eq!(log[0]["path"], CONV);
    assert_eq!(log[0]["body"], BODY);
    assert_eq!(log[0]["headers"]["x-bot-id"], "bot-a");
    assert_eq!(log[0]["headers"]["authorization"], "Bearer test-token");
    assert_eq!(log[0]["headers"]["content-type"], "application/json");
    assert_eq!(log[1]["path"], MSG);
    assert_eq!(log[1]["body"], "not json");
    assert_eq!(log[1]["headers"]["x-bot-id"], "bot-b");
    // Repeated headers are joined; names are lowercase.
    request(p, "POST", CONV, &[("X-Multi", "a"), ("x-multi", "b")], "{}");
    let log = get(p, "/__emulator/requests").json();
    assert_eq!(log[2]["headers"]["x-multi"], "a, b");
    assert_eq!(
        request(p, "DELETE", "/__emulator/requests", &[], "").status,
        200
    );
    assert_eq!(get(p, "/__emulator/requests").json(), json!([]));
}

#[test]
fn faulted_requests_are_logged_too() {
    let emu = emulator();
    let p = emu.port();
    post(p, "/__emulator/faults", r#"[{"drop":true},{"status":500}]"#);
    let _ = Conn::open(p).request("POST", CONV, &[], BODY);
    api(p, CONV, "b", BODY);
    api(p, CONV, "b", BODY);
    assert_eq!(
        get(p, "/__emulator/requests")
            .json()
            .as_array()
            .unwrap()
            .len(),
        3
    );
    let s = get(p, "/__emulator/stats").json();
    assert_eq!(s["requests"], 3);
    assert_eq!(s["faults"], 2);
    assert_eq!(s["created"], 1);
    assert_eq!(s["found"], 0);
}

#[test]
fn options_never_consumes_a_fault() {
    let emu = emulator();
    let p = emu.port();
    post(p, "/__emulator/faults", r#"{"status":500}"#);
    let r = request(p, "OPTIONS", CONV, &[], "");
    assert_eq!(r.status, 204);
    assert_eq!(
        get(p, "/__emulator/faults")
            .json()
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(api(p, CONV, "b", BODY).status, 500);
}

#[test]
fn control_endpoints_need_no_auth_and_check_methods() {
    let emu = emulator();
    let p = emu.port();
    assert_error(
        &request(p, "GET", "/__emulator/reset", &[], ""),
        405,
        "MethodNotFound",
    );
    assert_error(
        &request(p, "PUT", "/__emulator/faults", &[], ""),
        405,
        "MethodNotFound",
    );
    assert_error(&get(p, "/__emulator/nope"), 404, "ResourceNotFound");
}

#[test]
fn chaos_injects_a_share_of_faults_and_turns_off() {
    let emu = emulator();
    let p = emu.port();
    let r = post(p, "/__emulator/chaos", r#"{"rate":0.5,"seed":42}"#);
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(get(p, "/__emulator/chaos").json()["rate"], 0.5);
    let mut outcomes = std::collections::BTreeMap::<String, u32>::new();
    let n = 200;
    for i in 0..n {
        let body = json!({"channel": "c", "tags": {"i": i.to_string()}}).to_string();
        let key = match Conn::open(p).request(
            "POST",
            CONV,
            &[("authorization", "Bearer t"), ("x-bot-id", "b")],
            &body,
        ) {
            Ok(r) if r.status == 502 => {
                assert!(r.text().contains("<html>"));
                "502".to_string()
            }
            Ok(r) if r.status == 503 || r.status == 429 => {
                assert_eq!(r.header("retry-after"), Some("0"));
                r.status.to_string()
            }
            Ok(r) => r.status.to_string(),
            Err(_) => "drop".to_string(),
        };
        *outcomes.entry(key).or_default() += 1;
    }
    let ok = outcomes.get("200").copied().unwrap_or(0);
    assert!((60..140).contains(&ok), "{outcomes:?}");
    for k in ["429", "500", "502", "503", "drop"] {
        assert!(outcomes.contains_key(k), "{k} never happened: {outcomes:?}");
    }
    let s = get(p, "/__emulator/stats").json();
    assert_eq!(s["faults"].as_u64().unwrap(), u64::from(n - ok));
    assert_eq!(s["created"].as_u64().unwrap(), u64::from(ok));
    post(p, "/__emulator/chaos", r#"{"rate":0}"#);
    for _ in 0..20 {
        assert_eq!(api(p, CONV, "b", BODY).status, 200);
    }
    assert_error(
        &post(p, "/__emulator/chaos", r#"{"rate":1.5}"#),
        400,
        "InvalidPayload",
    );
}

#[test]
fn reset_clears_everything() {
    let emu = emulator();
    let p = emu.port();
    let first = api(p, CONV, "b", BODY).json()["conversation"]["id"].clone();
    post(
        p,
        "/__emulator/faults",
        r#"{"status":500,"path":"/v1/other"}"#,
    );
    post(p, "/__emulator/chaos", r#"{"rate":0.0001,"seed":1}"#);
    assert_eq!(post(p, "/__emulator/reset", "").status, 200);
    assert_eq!(get(p, "/__emulator/requests").json(), json!([]));
    assert_eq!(get(p, "/__emulator/faults").json(), json!([]));
    assert_eq!(get(p, "/__emulator/chaos").json(), json!({"rate": 0}));
    let s = get(p, "/__emulator/stats").json();
    assert_eq!(
        (
            s["requests"].as_u64(),
            s["created"].as_u64(),
            s["conversations"].as_u64()
        ),
        (Some(0), Some(0), Some(0))
    );
    // The store is empty: the same request creates a new conversation.
    let again = api(p, CONV, "b", BODY).json();
    assert_eq!(again["meta"]["created"], true);
    assert_ne!(again["conversation"]["id"], first);
}
