//! A small HTTP/1.1 reader and writer over any `BufRead` / `Write`: request line, headers,
//! `Content-Length` and chunked bodies, keep-alive. Every malformed input is an error value,
//! never a panic.

use std::io::{BufRead, ErrorKind, Read, Write};

/// The largest accepted header block (request line + headers), and chunked trailers.
pub const MAX_HEADER_BYTES: usize = 64 * 1024;
/// The largest accepted request body.
pub const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;
/// Longest chunk-size line (size + extensions) we accept.
const MAX_CHUNK_LINE: usize = 1024;

#[derive(Debug)]
pub enum ReadError {
    /// The peer closed (or went quiet) before a request started: just close.
    Closed,
    /// I/O error or timeout in the middle of a request: close without answering.
    Io,
    /// Not HTTP we accept: answer 400 and close.
    Malformed(&'static str),
    /// Header block or body over the limits: answer 413 and close.
    TooLarge(&'static str),
}

#[derive(Clone, Debug)]
pub struct Head {
    pub method: String,
    /// The request target as sent (origin-form, or `*`; absolute-form is reduced to its path).
    pub target: String,
    /// `target` without the query string.
    pub path: String,
    /// 0 for HTTP/1.0, 1 for HTTP/1.1.
    pub minor: u8,
    /// Names lowercased, in arrival order, repeats kept.
    pub headers: Vec<(String, String)>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BodyKind {
    None,
    Length(usize),
    Chunked,
}

impl Head {
    /// The first value of a header (name in lowercase).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    fn has_token(&self, name: &str, token: &str) -> bool {
        self.headers
            .iter()
            .filter(|(k, _)| k == name)
            .flat_map(|(_, v)| v.split(','))
            .any(|t| t.trim().eq_ignore_ascii_case(token))
    }

    /// Whether the connection may be reused after the response.
    pub fn keep_alive(&self) -> bool {
        if self.has_token("connection", "close") {
            return false;
        }
        self.minor >= 1 || self.has_token("connection", "keep-alive")
    }

    pub fn expects_continue(&self) -> bool {
        self.minor >= 1 && self.has_token("expect", "100-continue")
    }

    /// How the body is framed. Both `Transfer-Encoding` and `Content-Length`, a coding other
    /// than `chunked`, or conflicting lengths are rejected (request smuggling territory).
    pub fn body_kind(&self) -> Result<BodyKind, ReadError> {
        let te: Vec<&str> = self
            .headers
            .iter()
            .filter(|(k, _)| k == "transfer-encoding")
            .flat_map(|(_, v)| v.split(','))
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .collect();
        let mut length: Option<usize> = None;
        for (k, v) in &self.headers {
            if k != "content-length" {
                continue;
            }
            for part in v.split(',') {
                let part = part.trim();
                if part.is_empty() || part.len() > 12 || !part.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(ReadError::Malformed("invalid Content-Length"));
                }
                let n: usize = part
                    .parse()
                    .map_err(|_| ReadError::Malformed("invalid Content-Length"))?;
                if length.is_some_and(|l| l != n) {
                    return Err(ReadError::Malformed("conflicting Content-Length values"));
                }
                length = Some(n);
            }
        }
        if !te.is_empty() {
            if length.is_some() {
                return Err(ReadError::Malformed(
                    "both Transfer-Encoding and Content-Length",
                ));
            }
            if te.len() == 1 && te[0].eq_ignore_ascii_case("chunked") {
                return Ok(BodyKind::Chunked);
            }
            return Err(ReadError::Malformed("unsupported Transfer-Encoding"));
        }
        match length {
            Some(n) if n > MAX_BODY_BYTES => Err(ReadError::TooLarge("request body over 16 MB")),
            Some(0) | None => Ok(BodyKind::None),
            Some(n) => Ok(BodyKind::Length(n)),
        }
    }
}

fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// Reads one line (up to `\n`), charging its bytes to `budget`. `Ok(None)` on EOF before
/// any byte. The line is returned without `\n` / `\r\n`.
fn read_line<R: BufRead>(
    r: &mut R,
    budget: &mut usize,
    too_large: &'static str,
) -> Result<Option<Vec<u8>>, ReadError> {
    let mut line = Vec::new();
    loop {
        let buf = match r.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(_) => {
                return Err(if line.is_empty() {
                    ReadError::Closed
                } else {
                    ReadError::Io
                })
            }
        };
        if buf.is_empty() {
            return if line.is_empty() {
                Ok(None)
            } else {
                Err(ReadError::Io)
            };
        }
        let (take, done) = match buf.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (buf.len(), false),
        };
        if take > *budget {
            return Err(ReadError::TooLarge(too_large));
        }
        *budget -= take;
        line.extend_from_slice(&buf[..take]);
        r.consume(take);
        if done {
            line.pop();
            if line.last() == Some(&b'\r') {
                line.pop();
            }
            return Ok(Some(line));
        }
    }
}

/// Reads a request line and headers. `Closed` if the peer goes away before a request.
pub fn read_head<R: BufRead>(r: &mut R) -> Result<Head, ReadError> {
    let mut budget = MAX_HEADER_BYTES;
    const BIG: &str = "header block over 64 KB";
    // RFC 9112 §2.2: ignore empty lines before the request line.
    let line = loop {
        match read_line(r, &mut budget, BIG)? {
            None => return Err(ReadError::Closed),
            Some(l) if l.is_empty() => continue,
            Some(l) => break l,
        }
    };
    let line = std::str::from_utf8(&line).map_err(|_| ReadError::Malformed("request line"))?;
    let mut parts = line.split(' ');
    let (method, target, version) = match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(m), Some(t), Some(v), None) => (m, t, v),
        _ => return Err(ReadError::Malformed("request line")),
    };
    if method.is_empty() || !method.bytes().all(is_tchar) {
        return Err(ReadError::Malformed("method"));
    }
    let minor = match version {
        "HTTP/1.1" => 1,
        "HTTP/1.0" => 0,
        _ => return Err(ReadError::Malformed("HTTP version")),
    };
    if target.is_empty() || !target.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(ReadError::Malformed("request target"));
    }
    let target = if target.starts_with('/') || target == "*" {
        target.to_string()
    } else if let Some(rest) = target
        .strip_prefix("http://")
        .or_else(|| target.strip_prefix("https://"))
    {
        // absolute-form: keep the path (and query).
        match rest.find(['/', '?']) {
            Some(i) if rest[i..].starts_with('/') => rest[i..].to_string(),
            Some(i) => {
                let mut s = String::from("/");
                s.push_str(&rest[i..]);
                s
            }
            None => "/".to_string(),
        }
    } else {
        return Err(ReadError::Malformed("request target"));
    };
    let path = match target.find('?') {
        Some(i) => target[..i].to_string(),
        None => target.clone(),
    };

    let mut headers = Vec::new();
    loop {
        let line = match read_line(r, &mut budget, BIG)? {
            None => return Err(ReadError::Io),
            Some(l) => l,
        };
        if line.is_empty() {
            break;
        }
        if line[0] == b' ' || line[0] == b'\t' {
            return Err(ReadError::Malformed("obsolete header line folding"));
        }
        let colon = line
            .iter()
            .position(|&b| b == b':')
            .ok_or(ReadError::Malformed("header without colon"))?;
        let name = &line[..colon];
        if name.is_empty() || !name.iter().all(|&b| is_tchar(b)) {
            return Err(ReadError::Malformed("header name"));
        }
        let value = &line[colon + 1..];
        if value.iter().any(|&b| (b < 0x20 && b != b'\t') || b == 0x7f) {
            return Err(ReadError::Malformed("control character in header value"));
        }
        let name = String::from_utf8_lossy(name).to_ascii_lowercase();
        let value = String::from_utf8_lossy(value)
            .trim_matches([' ', '\t'])
            .to_string();
        headers.push((name, value));
    }
    Ok(Head {
        method: method.to_string(),
        target,
        path,
        minor,
        headers,
    })
}

/// Reads the body announced by `kind`.
pub fn read_body<R: BufRead>(r: &mut R, kind: BodyKind) -> Result<Vec<u8>, ReadError> {
    match kind {
        BodyKind::None => Ok(Vec::new()),
        BodyKind::Length(n) => {
            if n > MAX_BODY_BYTES {
                return Err(ReadError::TooLarge("request body over 16 MB"));
            }
            let mut body = Vec::new();
            let got = r
                .take(n as u64)
                .read_to_end(&mut body)
                .map_err(|_| ReadError::Io)?;
            if got != n {
                return Err(ReadError::Io);
            }
            Ok(body)
        }
        BodyKind::Chunked => {
            let mut body = Vec::new();
            loop {
                let mut budget = MAX_CHUNK_LINE;
                let line = read_line(r, &mut budget, "chunk-size line too long")
                    .map_err(|e| match e {
                        ReadError::TooLarge(_) => ReadError::Malformed("chunk-size line too long"),
                        ReadError::Closed => ReadError::Io,
                        other => other,
                    })?
                    .ok_or(ReadError::Io)?;
                let size_text = match line.iter().position(|&b| b == b';') {
                    Some(i) => &line[..i],
                    None => &line[..],
                };
                let size_text = std::str::from_utf8(size_text)
                    .map_err(|_| ReadError::Malformed("chunk size"))?
                    .trim_matches([' ', '\t']);
                if size_text.is_empty()
                    || size_text.len() > 8
                    || !size_text.bytes().all(|b| b.is_ascii_hexdigit())
                {
                    return Err(
                        if size_text.len() > 8 && size_text.bytes().all(|b| b.is_ascii_hexdigit()) {
                            ReadError::TooLarge("request body over 16 MB")
                        } else {
                            ReadError::Malformed("chunk size")
                        },
                    );
                }
                let size = usize::from_str_radix(size_text, 16)
                    .map_err(|_| ReadError::Malformed("chunk size"))?;
                if size == 0 {
                    break;
                }
                if body.len() + size > MAX_BODY_BYTES {
                    return Err(ReadError::TooLarge("request body over 16 MB"));
                }
                let start = body.len();
                let got = r
                    .take(size as u64)
                    .read_to_end(&mut body)
                    .map_err(|_| ReadError::Io)?;
                if got != size || body.len() != start + size {
                    return Err(ReadError::Io);
                }
                let mut budget = 2;
                match read_line(r, &mut budget, "chunk") {
                    Ok(Some(l)) if l.is_empty() => {}
                    Ok(Some(_)) | Err(ReadError::TooLarge(_)) => {
                        return Err(ReadError::Malformed("chunk data not followed by CRLF"))
                    }
                    Ok(None) | Err(_) => return Err(ReadError::Io),
                }
            }
            // Trailer section: header lines until an empty line; ignored.
            let mut budget = MAX_HEADER_BYTES;
            loop {
                match read_line(r, &mut budget, "trailer section over 64 KB")? {
                    None => return Err(ReadError::Io),
                    Some(l) if l.is_empty() => break,
                    Some(_) => {}
                }
            }
            Ok(body)
        }
    }
}

#[derive(Clone, Debug)]
pub struct Response {
    pub status: u16,
    /// Extra headers; `content-length` and `connection` are written by [`write_response`].
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn new(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Response {
        let mut headers = Vec::new();
        if !content_type.is_empty() {
            headers.push(("content-type".to_string(), content_type.to_string()));
        }
        Response {
            status,
            headers,
            body: body.into(),
        }
    }

    pub fn json(status: u16, body: impl Into<Vec<u8>>) -> Response {
        Response::new(status, "application/json", body)
    }

    /// Sets a header, replacing any with the same name (case-insensitive).
    pub fn set_header(&mut self, name: &str, value: &str) {
        self.headers.retain(|(k, _)| !k.eq_ignore_ascii_case(name));
        self.headers.push((name.to_string(), value.to_string()));
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

pub fn reason(status: u16) -> &'static str {
    match status {
        100 => "Continue",
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        204 => "No Content",
        301 => "Moved Permanently",
        302 => "Found",
        304 => "Not Modified",
        400 => "Bad Request",
        401 => "Unauthorized",
        402 => "Payment Required",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        409 => "Conflict",
        410 => "Gone",
        413 => "Payload Too Large",
        415 => "Unsupported Media Type",
        422 => "Unprocessable Content",
        424 => "Failed Dependency",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Status",
    }
}

/// Whether a response with this status (to this method) carries no body by definition.
fn bodiless(status: u16) -> bool {
    (100..200).contains(&status) || status == 204 || status == 304
}

/// Writes a complete response. `head_only` (a HEAD request) keeps the `content-length`
/// but sends no body.
pub fn write_response<W: Write>(
    w: &mut W,
    resp: &Response,
    keep_alive: bool,
    head_only: bool,
) -> std::io::Result<()> {
    let mut out = String::with_capacity(256);
    out.push_str("HTTP/1.1 ");
    out.push_str(&resp.status.to_string());
    out.push(' ');
    out.push_str(reason(resp.status));
    out.push_str("\r\n");
    for (k, v) in &resp.headers {
        if k.eq_ignore_ascii_case("content-length") || k.eq_ignore_ascii_case("connection") {
            continue;
        }
        out.push_str(k);
        out.push_str(": ");
        out.push_str(v);
        out.push_str("\r\n");
    }
    let bodiless = bodiless(resp.status);
    if !bodiless {
        out.push_str("content-length: ");
        out.push_str(&resp.body.len().to_string());
        out.push_str("\r\n");
    }
    out.push_str(if keep_alive {
        "connection: keep-alive\r\n"
    } else {
        "connection: close\r\n"
    });
    out.push_str("\r\n");
    let mut bytes = out.into_bytes();
    if !bodiless && !head_only {
        bytes.extend_from_slice(&resp.body);
    }
    w.write_all(&bytes)?;
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::BufReader;

    fn head(s: &str) -> Result<Head, ReadError> {
        read_head(&mut BufReader::new(s.as_bytes()))
    }

    #[test]
    fn parses_a_request_line_and_headers() {
        let h = head("GET /a/b?x=1 HTTP/1.1\r\nHost: x\r\nX-Bot-Id:  b1 \r\n\r\n").unwrap();
        assert_eq!(h.method, "GET");
        assert_eq!(h.target, "/a/b?x=1");
        assert_eq!(h.path, "/a/b");
        assert_eq!(h.header("x-bot-id"), Some("b1"));
        assert!(h.keep_alive());
        let h = head("GET / HTTP/1.0\r\n\r\n").unwrap();
        assert!(!h.keep_alive());
        let h = head("GET / HTTP/1.1\r\nConnection: Close\r\n\r\n").unwrap();
        assert!(!h.keep_alive());
        let h = head("\r\nGET http://h:1/p?q HTTP/1.1\n\n").unwrap();
        assert_eq!(h.target, "/p?q");
    }

    #[test]
    fn rejects_malformed_heads() {
        for bad in [
            "GET /\r\n\r\n",
            "GET / HTTP/2.0\r\n\r\n",
            "G(T / HTTP/1.1\r\n\r\n",
            "GET  / HTTP/1.1\r\n\r\n",
            "GET x HTTP/1.1\r\n\r\n",
            "GET / HTTP/1.1\r\nNoColon\r\n\r\n",
            "GET / HTTP/1.1\r\nA: b\r\n c\r\n\r\n",
            "GET / HTTP/1.1\r\nBad Name: v\r\n\r\n",
            "GET / HTTP/1.1\r\nA: b\x01c\r\n\r\n",
            "\u{1}\u{2}\u{3}\r\n\r\n",
        ] {
            assert!(matches!(head(bad), Err(ReadError::Malformed(_))), "{bad:?}");
        }
        assert!(matches!(head(""), Err(ReadError::Closed)));
        assert!(matches!(
            head("GET / HTTP/1.1\r\nA: b\r\n"),
            Err(ReadError::Io)
        ));
        let big = format!(
            "GET / HTTP/1.1\r\nA: {}\r\n\r\n",
            "x".repeat(MAX_HEADER_BYTES)
        );
        assert!(matches!(head(&big), Err(ReadError::TooLarge(_))));
    }

    #[test]
    fn body_framing() {
        let h = head("POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\n").unwrap();
        assert_eq!(h.body_kind().unwrap(), BodyKind::Length(5));
        let h = head("POST / HTTP/1.1\r\nContent-Length: 5, 5\r\n\r\n").unwrap();
        assert_eq!(h.body_kind().unwrap(), BodyKind::Length(5));
        let h = head("POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n").unwrap();
        assert!(matches!(h.body_kind(), Err(ReadError::Malformed(_))));
        let h = head("POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n").unwrap();
        assert!(matches!(h.body_kind(), Err(ReadError::Malformed(_))));
        let h = head("POST / HTTP/1.1\r\nContent-Length: 99999999999\r\n\r\n").unwrap();
        assert!(matches!(h.body_kind(), Err(ReadError::TooLarge(_))));
        let h = head("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n").unwrap();
        assert_eq!(h.body_kind().unwrap(), BodyKind::Chunked);
        let h = head("POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n").unwrap();
        assert!(matches!(h.body_kind(), Err(ReadError::Malformed(_))));
        let h = head("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n")
            .unwrap();
        assert!(matches!(h.body_kind(), Err(ReadError::Malformed(_))));
    }

    #[test]
    fn chunked_bodies() {
        let mut r =
            BufReader::new(&b"4;ext=1\r\nWiki\r\n5\r\npedia\r\n0\r\nTrailer: x\r\n\r\nNEXT"[..]);
        assert_eq!(read_body(&mut r, BodyKind::Chunked).unwrap(), b"Wikipedia");
        let mut rest = String::new();
        r.read_to_string(&mut rest).unwrap();
        assert_eq!(rest, "NEXT");
        for bad in ["zz\r\n", "4\r\nWikiX\r\n0\r\n\r\n", "-1\r\n"] {
            let mut r = BufReader::new(bad.as_bytes());
            assert!(
                matches!(
                    read_body(&mut r, BodyKind::Chunked),
                    Err(ReadError::Malformed(_))
                ),
                "{bad:?}"
            );
        }
        let mut r = BufReader::new(&b"FFFFFFFFF\r\n"[..]);
        assert!(matches!(
            read_body(&mut r, BodyKind::Chunked),
            Err(ReadError::TooLarge(_))
        ));
        let mut r = BufReader::new(&b"1000001\r\n"[..]);
        assert!(matches!(
            read_body(&mut r, BodyKind::Chunked),
            Err(ReadError::TooLarge(_))
        ));
        let mut r = BufReader::new(&b"5\r\nab"[..]);
        assert!(matches!(
            read_body(&mut r, BodyKind::Chunked),
            Err(ReadError::Io)
        ));
    }

    #[test]
    fn writes_responses() {
        let mut out = Vec::new();
        let r = Response::json(200, "{}");
        write_response(&mut out, &r, true, false).unwrap();
        let s = String::from_utf8(out).unwrap();
        assert!(s.starts_with("HTTP/1.1 200 OK\r\n"));
        assert!(s.contains("content-length: 2\r\n"));
        assert!(s.contains("connection: keep-alive\r\n"));
        assert!(s.ends_with("\r\n\r\n{}"));
        let mut out = Vec::new();
        write_response(&mut out, &Response::new(204, "", ""), false, false).unwrap();
        let s = String::from_utf8(out).unwrap();
        assert!(!s.contains("content-length"));
        assert!(s.ends_with("connection: close\r\n\r\n"));
    }
}
