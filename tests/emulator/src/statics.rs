//! Static files for the demo: `--www` at `/`, `--pkg` at `/pkg/`.

use std::path::{Path, PathBuf};

pub fn content_type(path: &Path) -> &'static str {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let ext = name.rsplit('.').next().unwrap_or("");
    if name.ends_with(".d.ts") || ext == "ts" || ext == "mts" || ext == "cts" {
        return "text/plain; charset=utf-8";
    }
    match ext {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" | "cjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" | "map" => "application/json",
        "wasm" => "application/wasm",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "svg" => "image/svg+xml",
        "ico" => "image/x-icon",
        // The demo's sample media (www/media/) with their real types, so the browser has
        // nothing to sniff and a PDF opens in its viewer instead of downloading.
        "wav" => "audio/wav",
        "ogg" | "oga" | "opus" => "audio/ogg",
        "mp3" => "audio/mpeg",
        "webm" => "video/webm",
        "mp4" => "video/mp4",
        "pdf" => "application/pdf",
        "txt" | "md" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Percent-decodes a URL path; `None` for bad escapes or non-UTF-8 results.
pub fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hi = hex(*b.get(i + 1)?)?;
            let lo = hex(*b.get(i + 2)?)?;
            out.push(hi * 16 + lo);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Safe relative segments of a URL path below a mount point, or `None` if the path tries
/// to leave it (`..`, `.`, empty segments, backslashes, NUL, drive letters).
pub fn safe_segments(rel: &str) -> Option<Vec<String>> {
    let decoded = percent_decode(rel)?;
    let mut segs = Vec::new();
    for seg in decoded.split('/') {
        if seg.is_empty() || seg == "." || seg == ".." {
            return None;
        }
        if seg.contains(['\\', '\0', ':']) {
            return None;
        }
        segs.push(seg.to_string());
    }
    Some(segs)
}

pub enum Lookup {
    Found {
        path: PathBuf,
        bytes: Vec<u8>,
    },
    /// Traversal attempt or malformed path.
    Rejected,
    NotFound,
}

/// Resolves `rel` (the URL path below the mount, without the leading slash; empty for
/// the mount itself) inside `root`. Directories serve their `index.html`. The resolved
/// file must stay inside `root` after following symlinks.
pub fn lookup(root: &Path, rel: &str) -> Lookup {
    let mut path = root.to_path_buf();
    let rel = rel.strip_suffix('/').unwrap_or(rel);
    if !rel.is_empty() {
        match safe_segments(rel) {
            Some(segs) => segs.iter().for_each(|s| path.push(s)),
            None => return Lookup::Rejected,
        }
    }
    if path.is_dir() {
        path.push("index.html");
    }
    let (Ok(root_real), Ok(real)) = (root.canonicalize(), path.canonicalize()) else {
        return Lookup::NotFound;
    };
    if !real.starts_with(&root_real) {
        return Lookup::Rejected;
    }
    if !real.is_file() {
        return Lookup::NotFound;
    }
    match std::fs::read(&real) {
        Ok(bytes) => Lookup::Found { path: real, bytes },
        Err(_) => Lookup::NotFound,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments() {
        assert_eq!(
            safe_segments("a/b.js"),
            Some(vec!["a".into(), "b.js".into()])
        );
        assert_eq!(safe_segments("a%20b"), Some(vec!["a b".into()]));
        for bad in [
            "..", "a/../b", "%2e%2e/x", "a/%2E%2E", "a//b", "./a", "a\\..\\b", "%", "%zz", "a%00",
            "C:x", "%ff",
        ] {
            assert_eq!(safe_segments(bad), None, "{bad}");
        }
    }

    #[test]
    fn types() {
        assert_eq!(
            content_type(Path::new("x/app.MJS")),
            "text/javascript; charset=utf-8"
        );
        assert_eq!(content_type(Path::new("a_bg.wasm")), "application/wasm");
        assert_eq!(
            content_type(Path::new("index.d.ts")),
            "text/plain; charset=utf-8"
        );
        assert_eq!(content_type(Path::new("blob")), "application/octet-stream");
    }

    #[test]
    fn media_types() {
        for (name, expected) in [
            ("media/photo.png", "image/png"),
            ("media/Card.SVG", "image/svg+xml"),
            ("a.jpeg", "image/jpeg"),
            ("media/chime.wav", "audio/wav"),
            ("a.ogg", "audio/ogg"),
            ("a.mp3", "audio/mpeg"),
            ("media/clip.webm", "video/webm"),
            ("a.mp4", "video/mp4"),
            ("media/notes.pdf", "application/pdf"),
        ] {
            assert_eq!(content_type(Path::new(name)), expected, "{name}");
        }
    }
}
