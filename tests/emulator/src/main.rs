//! `botpress-emulator [--host 127.0.0.1] [--port 0] [--www DIR] [--pkg DIR] [--exit-on-stdin-eof]`
//!
//! Prints `listening on http://<host>:<port>` as its first stdout line, then serves until
//! killed (SIGINT/SIGTERM), or until stdin reaches EOF with `--exit-on-stdin-eof`.

use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: botpress-emulator [--host 127.0.0.1] [--port 0] [--www DIR] [--pkg DIR] [--exit-on-stdin-eof]";

struct Options {
    host: String,
    port: u16,
    www: Option<PathBuf>,
    pkg: Option<PathBuf>,
    exit_on_stdin_eof: bool,
}

fn parse_args(args: impl Iterator<Item = String>) -> Result<Options, String> {
    let mut o = Options {
        host: "127.0.0.1".to_string(),
        port: 0,
        www: None,
        pkg: None,
        exit_on_stdin_eof: false,
    };
    let mut args = args.peekable();
    while let Some(arg) = args.next() {
        // Accept both `--flag value` and `--flag=value`.
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
            _ => (arg.clone(), None),
        };
        let mut value = |name: &str| -> Result<String, String> {
            inline
                .clone()
                .or_else(|| args.next())
                .ok_or_else(|| format!("{name} needs a value"))
        };
        match flag.as_str() {
            "--host" => o.host = value("--host")?,
            "--port" => {
                let v = value("--port")?;
                o.port = v.parse().map_err(|_| format!("--port: not a port: {v}"))?;
            }
            "--www" => o.www = Some(PathBuf::from(value("--www")?)),
            "--pkg" => o.pkg = Some(PathBuf::from(value("--pkg")?)),
            "--exit-on-stdin-eof" => o.exit_on_stdin_eof = true,
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument: {other}")),
        }
    }
    for (name, dir) in [("--www", &o.www), ("--pkg", &o.pkg)] {
        if let Some(d) = dir {
            if !d.is_dir() {
                return Err(format!("{name}: not a directory: {}", d.display()));
            }
        }
    }
    Ok(o)
}

fn main() -> ExitCode {
    let o = match parse_args(std::env::args().skip(1)) {
        Ok(o) => o,
        Err(e) if e.is_empty() => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("botpress-emulator: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let handle = match botpress_emulator::start(&o.host, o.port, o.www, o.pkg) {
        Ok(h) => h,
        Err(e) => {
            eprintln!(
                "botpress-emulator: cannot listen on {}:{}: {e}",
                o.host, o.port
            );
            return ExitCode::from(1);
        }
    };
    {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "listening on {}", handle.url());
        let _ = out.flush();
    }
    if o.exit_on_stdin_eof {
        std::thread::spawn(|| {
            let mut sink = [0u8; 1024];
            let mut stdin = std::io::stdin().lock();
            loop {
                match stdin.read(&mut sink) {
                    Ok(0) => break,
                    Ok(_) => {}
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                    Err(_) => break,
                }
            }
            std::process::exit(0);
        });
    }
    handle.join();
    ExitCode::SUCCESS
}
