//! A tiny raw HTTP/1.1 client for the emulator tests.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::Duration;

pub use botpress_emulator::Handle;

pub const CONV: &str = "/v1/chat/conversations/get-or-create";
pub const MSG: &str = "/v1/chat/messages/get-or-create";
/// A user id of a valid length (28–36).
pub const USER: &str = "user_01HF58RDKE3M7K5RJ5XZ7GF6HE";

pub fn emulator() -> Handle {
    botpress_emulator::start("127.0.0.1", 0, None, None).expect("start emulator")
}

#[derive(Debug, Clone)]
pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Resp {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }
}

pub struct Conn {
    pub stream: TcpStream,
    reader: BufReader<TcpStream>,
}

impl Conn {
    pub fn open(port: u16) -> Conn {
        let stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        let reader = BufReader::new(stream.try_clone().unwrap());
        Conn { stream, reader }
    }

    pub fn send_raw(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.stream.write_all(bytes)?;
        self.stream.flush()
    }

    /// Reads one response (skipping 1xx interim ones).
    pub fn read_response(&mut self) -> std::io::Result<Resp> {
        loop {
            let resp = self.read_one()?;
            if !(100..200).contains(&resp.status) {
                return Ok(resp);
            }
        }
    }

    fn read_one(&mut self) -> std::io::Result<Resp> {
        let bad = |m: &str| std::io::Error::new(std::io::ErrorKind::InvalidData, m.to_string());
        let mut line = String::new();
        if self.reader.read_line(&mut line)? == 0 {
            return Err(std::io::Error::new(
                std::io::ErrorKind::UnexpectedEof,
                "closed",
            ));
        }
        let mut parts = line.trim_end().splitn(3, ' ');
        let version = parts.next().unwrap_or("");
        if version != "HTTP/1.1" {
            return Err(bad(&format!("status line {line:?}")));
        }
        let status: u16 = parts
            .next()
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| bad("status"))?;
        let mut headers = Vec::new();
        loop {
            let mut h = String::new();
            if self.reader.read_line(&mut h)? == 0 {
                return Err(bad("eof in headers"));
            }
            let h = h.trim_end_matches(['\r', '\n']);
            if h.is_empty() {
                break;
            }
            let (k, v) = h.split_once(':').ok_or_else(|| bad("header"))?;
            headers.push((k.to_ascii_lowercase(), v.trim().to_string()));
        }
        let mut resp = Resp {
            status,
            headers,
            body: Vec::new(),
        };
        if (100..200).contains(&status) || status == 204 || status == 304 {
            return Ok(resp);
        }
        match resp.header("content-length") {
            Some(n) => {
                let n: usize = n.parse().map_err(|_| bad("content-length"))?;
                let mut body = vec![0; n];
                self.reader.read_exact(&mut body)?;
                resp.body = body;
            }
            None => {
                self.reader.read_to_end(&mut resp.body)?;
            }
        }
        Ok(resp)
    }

    pub fn request(
        &mut self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &str,
    ) -> std::io::Result<Resp> {
        let mut req = format!("{method} {path} HTTP/1.1\r\nhost: 127.0.0.1\r\n");
        for (k, v) in headers {
            req.push_str(&format!("{k}: {v}\r\n"));
        }
        if !body.is_empty() || method == "POST" {
            req.push_str(&format!("content-length: {}\r\n", body.len()));
        }
        req.push_str("\r\n");
        req.push_str(body);
        self.send_raw(req.as_bytes())?;
        self.read_response()
    }

    /// True once the server has closed the connection (EOF or reset) within `wait`.
    pub fn closed_within(&mut self, wait: Duration) -> bool {
        self.stream.set_read_timeout(Some(wait)).unwrap();
        let mut b = [0u8; 1];
        match self.reader.read(&mut b) {
            Ok(0) => true,
            Ok(_) => false,
            Err(e) => !matches!(
                e.kind(),
                std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
            ),
        }
    }
}

/// One request on a fresh connection.
pub fn request(port: u16, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> Resp {
    Conn::open(port)
        .request(method, path, headers, body)
        .unwrap_or_else(|e| panic!("{method} {path}: {e}"))
}

/// An authenticated API call as bot `bot`.
pub fn api(port: u16, path: &str, bot: &str, body: &str) -> Resp {
    request(
        port,
        "POST",
        path,
        &[
            ("authorization", "Bearer test-token"),
            ("x-bot-id", bot),
            ("content-type", "application/json"),
        ],
        body,
    )
}

pub fn get(port: u16, path: &str) -> Resp {
    request(port, "GET", path, &[], "")
}

pub fn post(port: u16, path: &str, body: &str) -> Resp {
    request(
        port,
        "POST",
        path,
        &[("content-type", "application/json")],
        body,
    )
}

/// Creates (or finds) a conversation and returns its JSON.
pub fn conversation(port: u16, bot: &str, body: serde_json::Value) -> (serde_json::Value, bool) {
    let r = api(port, CONV, bot, &body.to_string());
    assert_eq!(r.status, 200, "{}", r.text());
    let j = r.json();
    let created = j["meta"]["created"].as_bool().expect("meta.created");
    (j["conversation"].clone(), created)
}

pub fn message(port: u16, bot: &str, body: serde_json::Value) -> (serde_json::Value, bool) {
    let r = api(port, MSG, bot, &body.to_string());
    assert_eq!(r.status, 200, "{}", r.text());
    let j = r.json();
    let created = j["meta"]["created"].as_bool().expect("meta.created");
    (j["message"].clone(), created)
}

/// Asserts the object has exactly these keys (in any order).
pub fn assert_keys(v: &serde_json::Value, expected: &[&str]) {
    let mut keys: Vec<&str> = v
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    let mut want = expected.to_vec();
    want.sort_unstable();
    assert_eq!(keys, want, "{v}");
}

/// Asserts an API error body of exactly `{id, code, type, message}`.
pub fn assert_error(r: &Resp, status: u16, kind: &str) -> String {
    assert_eq!(r.status, status, "{}", r.text());
    assert_eq!(r.header("content-type"), Some("application/json"));
    let j = r.json();
    let obj = j.as_object().expect("object");
    let mut keys: Vec<&str> = obj.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["code", "id", "message", "type"], "{}", r.text());
    assert_eq!(j["code"], status);
    assert_eq!(j["type"], kind);
    assert!(j["id"].as_str().unwrap().starts_with("err_"));
    j["message"].as_str().unwrap().to_string()
}

pub fn is_crockford_ulid(s: &str) -> bool {
    s.len() == 26
        && s.bytes()
            .all(|b| b"0123456789ABCDEFGHJKMNPQRSTVWXYZ".contains(&b))
}
