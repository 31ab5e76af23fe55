#![cfg(not(target_arch = "wasm32"))]
//! HTTP-level behaviour: CORS, keep-alive, body framing, limits, garbage, static files,
//! concurrency.

mod shared;

use serde_json::json;
use shared::*;
use std::io::Read;
use std::time::Duration;

const BODY: &str = r#"{"channel":"c","tags":{"a":"1"}}"#;

#[test]
fn cors_preflight() {
    let emu = emulator();
    let p = emu.port();
    let r = request(
        p,
        "OPTIONS",
        CONV,
        &[
            ("origin", "http://localhost:5173"),
            ("access-control-request-method", "POST"),
            (
                "access-control-request-headers",
                "authorization, content-type, x-bot-id, x-custom",
            ),
        ],
        "",
    );
    assert_eq!(r.status, 204);
    assert!(r.body.is_empty());
    assert_eq!(r.header("access-control-allow-origin"), Some("*"));
    assert_eq!(
        r.header("access-control-allow-methods"),
        Some("GET, POST, DELETE, OPTIONS")
    );
    assert_eq!(
        r.header("access-control-allow-headers"),
        Some("authorization, content-type, x-bot-id, x-custom")
    );
    assert_eq!(r.header("access-control-max-age"), Some("600"));
    // Without a request list: a fixed list covering the SDK's headers.
    let r = request(p, "OPTIONS", MSG, &[], "");
    let allowed = r
        .header("access-control-allow-headers")
        .unwrap()
        .to_string();
    for h in [
        "authorization",
        "content-type",
        "x-bot-id",
        "x-integration-id",
        "x-integration-alias",
    ] {
        assert!(allowed.contains(h), "{allowed}");
    }
    // Preflights are neither logged nor counted, and need no auth.
    assert_eq!(get(p, "/__emulator/requests").json(), json!([]));
    assert_eq!(emu.stats().requests, 0);
}

#[test]
fn keep_alive_serves_several_requests_on_one_connection() {
    let emu = emulator();
    let p = emu.port();
    let mut c = Conn::open(p);
    let h = [("authorization", "Bearer t"), ("x-bot-id", "b")];
    let a = c.request("POST", CONV, &h, BODY).unwrap();
    assert_eq!(a.header("connection"), Some("keep-alive"));
    let b = c.request("POST", CONV, &h, BODY).unwrap();
    let e = c.request("POST", CONV, &h, "broken").unwrap();
    let f = c.request("GET", "/__emulator/health", &[], "").unwrap();
    assert_eq!(a.json()["meta"]["created"], true);
    assert_eq!(b.json()["meta"]["created"], false);
    assert_eq!(
        a.json()["conversation"]["id"],
        b.json()["conversation"]["id"]
    );
    assert_eq!(e.status, 400);
    assert_eq!(f.text(), "ok");
    // Pipelined: two requests in one write, two answers in order.
    let one = format!(
        "POST {CONV} HTTP/1.1\r\nauthorization: Bearer t\r\nx-bot-id: b\r\ncontent-length: {}\r\n\r\n{BODY}",
        BODY.len()
    );
    c.send_raw(format!("{one}GET /__emulator/health HTTP/1.1\r\n\r\n").as_bytes())
        .unwrap();
    assert_eq!(c.read_response().unwrap().json()["meta"]["created"], false);
    assert_eq!(c.read_response().unwrap().text(), "ok");
    // Connection: close is honoured.
    let r = c
        .request("GET", "/__emulator/health", &[("connection", "close")], "")
        .unwrap();
    assert_eq!(r.header("connection"), Some("close"));
    assert!(c.closed_within(Duration::from_secs(2)));
}

#[test]
fn http_1_0_closes_after_the_response() {
    let emu = emulator();
    let mut c = Conn::open(emu.port());
    c.send_raw(b"GET /__emulator/health HTTP/1.0\r\n\r\n")
        .unwrap();
    let r = c.read_response().unwrap();
    assert_eq!((r.status, r.text().as_str()), (200, "ok"));
    assert!(c.closed_within(Duration::from_secs(2)));
}

#[test]
fn chunked_request_bodies() {
    let emu = emulator();
    let p = emu.port();
    let mut c = Conn::open(p);
    let (a, b) = BODY.split_at(10);
    let raw = format!(
        "POST {CONV} HTTP/1.1\r\nauthorization: Bearer t\r\nx-bot-id: b\r\ntransfer-encoding: chunked\r\n\r\n{:x}\r\n{a}\r\n{:X};ext=1\r\n{b}\r\n0\r\n\r\n",
        a.len(),
        b.len()
    );
    // Sent in small pieces to exercise partial reads.
    for piece in raw.as_bytes().chunks(7) {
        c.send_raw(piece).unwrap();
        std::thread::sleep(Duration::from_millis(1));
    }
    let r = c.read_response().unwrap();
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["conversation"]["tags"], json!({"a": "1"}));
    let log = get(p, "/__emulator/requests").json();
    assert_eq!(log[0]["body"], BODY);
    // The connection stays usable.
    assert_eq!(
        c.request("GET", "/__emulator/health", &[], "")
            .unwrap()
            .text(),
        "ok"
    );
}

#[test]
fn expect_100_continue() {
    let emu = emulator();
    let mut c = Conn::open(emu.port());
    c.send_raw(
        format!(
            "POST {CONV} HTTP/1.1\r\nauthorization: Bearer t\r\nx-bot-id: b\r\nexpect: 100-continue\r\ncontent-length: {}\r\n\r\n",
            BODY.len()
        )
        .as_bytes(),
    )
    .unwrap();
    let mut buf = [0u8; 25];
    c.stream.read_exact(&mut buf).unwrap();
    assert_eq!(&buf, b"HTTP/1.1 100 Continue\r\n\r\n");
    c.send_raw(BODY.as_bytes()).unwrap();
    assert_eq!(c.read_response().unwrap().status, 200);
}

#[test]
fn malformed_requests_get_400_and_close() {
    let emu = emulator();
    let p = emu.port();
    for garbage in [
        &b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03garbage\r\n\r\n"[..],
        b"GET\r\n\r\n",
        b"GET / HTTP/9.9\r\n\r\n",
        b"GET / HTTP/1.1\r\nno colon here\r\n\r\n",
        b"POST / HTTP/1.1\r\ncontent-length: abc\r\n\r\n",
        b"POST / HTTP/1.1\r\ncontent-length: 1\r\ntransfer-encoding: chunked\r\n\r\n",
        b"POST /v1/x HTTP/1.1\r\ntransfer-encoding: chunked\r\n\r\nnot-hex\r\n",
        b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
    ] {
        let mut c = Conn::open(p);
        c.send_raw(garbage).unwrap();
        let r = c
            .read_response()
            .unwrap_or_else(|e| panic!("{garbage:?}: {e}"));
        assert_error(&r, 400, "InvalidPayload");
        assert_eq!(r.header("connection"), Some("close"));
        assert!(c.closed_within(Duration::from_secs(2)));
    }
    // Truncated requests and silent clients just close; the server lives on.
    for partial in [
        &b"POST / HTTP/1.1\r\ncontent-length: 100\r\n\r\nabc"[..],
        b"GET / HT",
        b"",
    ] {
        let mut c = Conn::open(p);
        c.send_raw(partial).unwrap();
        c.stream.shutdown(std::net::Shutdown::Write).unwrap();
        assert!(c.read_response().is_err());
    }
    assert_eq!(get(p, "/__emulator/health").text(), "ok");
}

#[test]
fn random_bytes_never_kill_the_server() {
    let emu = emulator();
    let p = emu.port();
    let mut seed = 0x1234_5678_9abc_def0u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for round in 0..200 {
        let len = (next() % 300) as usize;
        let mut bytes: Vec<u8> = (0..len).map(|_| next() as u8).collect();
        // Half the time, start like a real request so deeper parsing is reached.
        if round % 2 == 0 {
            let mut v = format!("POST {CONV} HTTP/1.1\r\n").into_bytes();
            v.append(&mut bytes);
            bytes = v;
        }
        let mut c = Conn::open(p);
        let _ = c.send_raw(&bytes);
        let _ = c.stream.shutdown(std::net::Shutdown::Write);
        let _ = c.closed_within(Duration::from_secs(2));
    }
    assert_eq!(get(p, "/__emulator/health").text(), "ok");
    assert_eq!(api(p, CONV, "b", BODY).status, 200);
}

#[test]
fn oversized_headers_and_bodies_get_413() {
    let emu = emulator();
    let p = emu.port();
    let mut c = Conn::open(p);
    let big = "x".repeat(70 * 1024);
    let _ = c.send_raw(format!("GET / HTTP/1.1\r\nx-big: {big}\r\n\r\n").as_bytes());
    assert_error(&c.read_response().unwrap(), 413, "PayloadTooLarge");
    // A declared body over 16 MB is refused before it is read.
    let mut c = Conn::open(p);
    c.send_raw(
        format!("POST {CONV} HTTP/1.1\r\nauthorization: Bearer t\r\nx-bot-id: b\r\ncontent-length: {}\r\n\r\n", 16 * 1024 * 1024 + 1)
            .as_bytes(),
    )
    .unwrap();
    let r = c.read_response().unwrap();
    assert_error(&r, 413, "PayloadTooLarge");
    assert_eq!(r.header("connection"), Some("close"));
    // A chunked body growing over 16 MB.
    let mut c = Conn::open(p);
    c.send_raw(format!("POST {CONV} HTTP/1.1\r\ntransfer-encoding: chunked\r\n\r\n").as_bytes())
        .unwrap();
    let chunk = vec![b'a'; 1 << 20];
    let mut got = None;
    for _ in 0..20 {
        let mut piece = format!("{:x}\r\n", chunk.len()).into_bytes();
        piece.extend_from_slice(&chunk);
        piece.extend_from_slice(b"\r\n");
        if c.send_raw(&piece).is_err() {
            break;
        }
    }
    if let Ok(r) = c.read_response() {
        got = Some(r.status);
    }
    assert_eq!(got, Some(413));
    // Exactly 1 MB of JSON is fine.
    let pad = "y".repeat((1 << 20) - 40);
    let r = api(
        p,
        CONV,
        "b",
        &json!({"channel": "c", "tags": {"a": "1"}, "integrationName": pad}).to_string(),
    );
    assert!(r.status == 200 || r.status == 400, "{}", r.status);
}

#[test]
fn static_files_from_www_and_pkg() {
    let dir = std::env::temp_dir().join(format!("emu-static-{}", std::process::id()));
    let www = dir.join("www");
    let pkg = dir.join("pkg");
    std::fs::create_dir_all(www.join("sub")).unwrap();
    std::fs::create_dir_all(pkg.join("web")).unwrap();
    std::fs::write(www.join("index.html"), "<h1>demo</h1>").unwrap();
    std::fs::write(www.join("main.js"), "export const x = 1;").unwrap();
    std::fs::write(www.join("sub/style.css"), "body{}").unwrap();
    std::fs::write(www.join("a b.json"), "{}").unwrap();
    std::fs::write(pkg.join("web/x_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    std::fs::write(pkg.join("web/x.d.ts"), "export {};").unwrap();
    std::fs::write(pkg.join("web/x.mjs"), "export {};").unwrap();
    std::fs::write(dir.join("secret.txt"), "secret").unwrap();

    let emu =
        botpress_emulator::start("127.0.0.1", 0, Some(www.clone()), Some(pkg.clone())).unwrap();
    let p = emu.port();
    let cases = [
        ("/", "text/html; charset=utf-8", "<h1>demo</h1>"),
        ("/index.html", "text/html; charset=utf-8", "<h1>demo</h1>"),
        (
            "/main.js?v=2",
            "text/javascript; charset=utf-8",
            "export const x = 1;",
        ),
        ("/sub/style.css", "text/css; charset=utf-8", "body{}"),
        ("/a%20b.json", "application/json", "{}"),
        ("/pkg/web/x.d.ts", "text/plain; charset=utf-8", "export {};"),
        (
            "/pkg/web/x.mjs",
            "text/javascript; charset=utf-8",
            "export {};",
        ),
    ];
    for (path, ct, body) in cases {
        let r = get(p, path);
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(r.header("content-type"), Some(ct), "{path}");
        assert_eq!(r.header("cache-control"), Some("no-store"), "{path}");
        assert_eq!(r.text(), body, "{path}");
    }
    let r = get(p, "/pkg/web/x_bg.wasm");
    assert_eq!(r.header("content-type"), Some("application/wasm"));
    assert_eq!(r.body, b"\0asm\x01\0\0\0");
    // HEAD: headers only.
    let mut c = Conn::open(p);
    c.send_raw(b"HEAD /main.js HTTP/1.1\r\n\r\nGET /__emulator/health HTTP/1.1\r\n\r\n")
        .unwrap();
    let mut head = String::new();
    while !head.ends_with("\r\n\r\n") {
        let mut b = [0u8; 1];
        c.stream.read_exact(&mut b).unwrap();
        head.push(b[0] as char);
    }
    assert!(head.contains("content-length: 19"), "{head}");
    assert_eq!(
        c.read_response().unwrap().text(),
        "ok",
        "no body after the HEAD response"
    );

    for bad in [
        "/../secret.txt",
        "/sub/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/pkg/../secret.txt",
        "/pkg/..%2fsecret.txt",
        "/sub//style.css",
        "/..\\secret.txt",
    ] {
        let r = get(p, bad);
        assert!(r.status == 403 || r.status == 404, "{bad}: {}", r.status);
        assert!(!r.text().contains("secret\""), "{bad}");
        assert_ne!(r.text(), "secret", "{bad}");
    }
    assert_eq!(get(p, "/missing.js").status, 404);
    assert_eq!(get(p, "/pkg/missing.js").status, 404);
    assert_eq!(request(p, "POST", "/index.html", &[], "").status, 405);
    drop(emu);

    // Without --www, / is a 404.
    let emu = emulator();
    assert_error(&get(emu.port(), "/"), 404, "ResourceNotFound");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn many_concurrent_clients() {
    let emu = emulator();
    let p = emu.port();
    let threads: Vec<_> = (0..32)
        .map(|t| {
            std::thread::spawn(move || {
                let mut c = Conn::open(p);
                let h = [("authorization", "Bearer t"), ("x-bot-id", "soak")];
                let mut ids = Vec::new();
                for i in 0..25 {
                    // Half the threads share tags so the same records are found concurrently.
                    let tag = if t % 2 == 0 {
                        format!("shared-{i}")
                    } else {
                        format!("t{t}-{i}")
                    };
                    let body = json!({"channel": "c", "tags": {"k": tag}}).to_string();
                    let r = c.request("POST", CONV, &h, &body).unwrap();
                    assert_eq!(r.status, 200);
                    ids.push((
                        tag,
                        r.json()["conversation"]["id"].as_str().unwrap().to_string(),
                    ));
                }
                ids
            })
        })
        .collect();
    let mut by_tag = std::collections::HashMap::<String, String>::new();
    for t in threads {
        for (tag, id) in t.join().unwrap() {
            let prev = by_tag.entry(tag.clone()).or_insert(id.clone());
            assert_eq!(
                *prev, id,
                "one record per tag set, even under concurrency: {tag}"
            );
        }
    }
    // 25 shared + 16 × 25 private.
    assert_eq!(by_tag.len(), 25 + 16 * 25);
    let s = emu.stats();
    assert_eq!(s.created, 25 + 16 * 25);
    assert_eq!(s.created + s.found, 32 * 25);
}

#[test]
fn stop_frees_the_port_and_closes_idle_connections() {
    let emu = emulator();
    let p = emu.port();
    let mut idle = Conn::open(p);
    assert_eq!(
        idle.request("GET", "/__emulator/health", &[], "")
            .unwrap()
            .text(),
        "ok"
    );
    emu.stop();
    assert!(idle.closed_within(Duration::from_secs(2)));
    assert!(std::net::TcpStream::connect(("127.0.0.1", p)).is_err());
}
