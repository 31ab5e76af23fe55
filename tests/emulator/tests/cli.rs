#![cfg(not(target_arch = "wasm32"))]
//! The binary: first stdout line, flags, exit on stdin EOF.

mod shared;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_botpress-emulator");

#[test]
fn prints_its_url_serves_and_exits_on_stdin_eof() {
    let www = std::env::temp_dir().join(format!("emu-cli-{}", std::process::id()));
    std::fs::create_dir_all(&www).unwrap();
    std::fs::write(www.join("index.html"), "demo page").unwrap();
    let mut child = Command::new(BIN)
        .args(["--host", "127.0.0.1", "--port", "0", "--exit-on-stdin-eof"])
        .arg(format!("--www={}", www.display()))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let rest = line
        .strip_prefix("listening on http://127.0.0.1:")
        .unwrap_or_else(|| panic!("{line:?}"));
    let port: u16 = rest.trim_end_matches('\n').parse().unwrap();
    assert_ne!(port, 0);
    assert_eq!(shared::get(port, "/__emulator/health").text(), "ok");
    assert_eq!(shared::get(port, "/").text(), "demo page");

    drop(child.stdin.take()); // EOF
    let t = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        assert!(
            t.elapsed() < Duration::from_secs(10),
            "still running after stdin EOF"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success());
    let _ = std::fs::remove_dir_all(&www);
}

#[test]
fn fixed_port_and_bad_arguments() {
    // A port taken by us: the binary reports it cannot listen.
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let out = Command::new(BIN).args(["--port", &port]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot listen"));

    for bad in [
        &["--port", "x"][..],
        &["--nope"],
        &["--www", "/definitely/not/here"],
        &["--host"],
    ] {
        let out = Command::new(BIN).args(bad).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{bad:?}");
    }
    let out = Command::new(BIN).arg("--help").output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("usage: botpress-emulator"));
}
