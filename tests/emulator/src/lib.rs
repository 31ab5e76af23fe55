//! A stand-in for Botpress Cloud on loopback: the two get-or-create endpoints in memory,
//! the API's error bodies, CORS, scripted faults, a request log, and static files for the
//! demo. A small HTTP/1.1 server on `std::net`, one thread per connection.
//!
//! ```no_run
//! let emu = botpress_emulator::start("127.0.0.1", 0, None, None).unwrap();
//! println!("{}", emu.url()); // http://127.0.0.1:<port>
//! emu.stop();
//! ```
//!
//! Behaviour and decisions: README.md next to this crate.

pub mod faults;
pub mod http;
pub mod ids;
pub mod json;
mod routes;
pub mod schema;
pub mod statics;
pub mod store;

use std::collections::{HashMap, VecDeque};
use std::io::{BufReader, ErrorKind, Read};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, Shutdown, SocketAddr, TcpListener, TcpStream};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use http::{ReadError, Response};

/// How long an idle keep-alive connection (or a stalled request) may wait for bytes.
const IDLE_TIMEOUT: Duration = Duration::from_secs(60);
/// How long a `hang` fault holds a connection at most.
const HANG_LIMIT: Duration = Duration::from_secs(60);
/// How long a rejected request's connection is drained before closing.
const LINGER: Duration = Duration::from_secs(2);
/// Request log entries kept (oldest dropped first).
const MAX_LOG: usize = 50_000;

/// Counters of `GET /__emulator/stats`.
#[derive(Clone, Copy, Default, Debug, PartialEq, Eq)]
pub struct Stats {
    /// API requests received (everything under `/v1/` but OPTIONS).
    pub requests: u64,
    /// Faults applied (scripted and chaos).
    pub faults: u64,
    /// get-or-create calls that created a record.
    pub created: u64,
    /// get-or-create calls that found one.
    pub found: u64,
}

#[derive(Default)]
pub(crate) struct State {
    pub store: store::Store,
    pub faults: VecDeque<faults::Fault>,
    /// Serialized log entries, in arrival order.
    pub log: VecDeque<String>,
    pub chaos: Option<faults::Chaos>,
    pub stats: Stats,
}

impl State {
    /// Consumes one use of the first fault matching `path`.
    pub fn take_fault(&mut self, path: &str) -> Option<faults::Fault> {
        let i = self.faults.iter().position(|f| f.matches(path))?;
        let f = self.faults.get_mut(i)?;
        f.times = f.times.saturating_sub(1);
        let mut taken = f.clone();
        taken.times = 1;
        if f.times == 0 {
            self.faults.remove(i);
        }
        Some(taken)
    }

    pub fn push_log(&mut self, entry: String) {
        if self.log.len() >= MAX_LOG {
            self.log.pop_front();
        }
        self.log.push_back(entry);
    }

    pub fn reset(&mut self) {
        *self = State::default();
    }
}

pub(crate) struct Server {
    state: Mutex<State>,
    pub www: Option<PathBuf>,
    pub pkg: Option<PathBuf>,
    stopping: AtomicBool,
    conns: Mutex<HashMap<u64, TcpStream>>,
    next_conn: AtomicU64,
}

/// What to do with a request once handled.
pub(crate) enum Action {
    Respond(Response),
    /// Close the socket without answering.
    Drop,
    /// Never answer; hold the socket until the client leaves (or [`HANG_LIMIT`]).
    Hang,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic elsewhere must not wedge the server: take the data as it is.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Server {
    pub(crate) fn state(&self) -> MutexGuard<'_, State> {
        lock(&self.state)
    }

    pub(crate) fn stopping(&self) -> bool {
        self.stopping.load(Ordering::SeqCst)
    }

    /// Sleeps `ms`, waking early if the server stops.
    pub(crate) fn sleep_ms(&self, ms: u64) {
        let until = Instant::now() + Duration::from_millis(ms);
        while !self.stopping() {
            let left = until.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break;
            }
            thread::sleep(left.min(Duration::from_millis(20)));
        }
    }
}

/// A running emulator. Dropping it stops the server.
pub struct Handle {
    addr: SocketAddr,
    server: Arc<Server>,
    accept: Option<JoinHandle<()>>,
}

impl Handle {
    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://<host>:<port>` of the bound address (IPv6 in brackets), no trailing slash.
    pub fn url(&self) -> String {
        match self.addr.ip() {
            IpAddr::V4(ip) => format!("http://{ip}:{}", self.addr.port()),
            IpAddr::V6(ip) => format!("http://[{ip}]:{}", self.addr.port()),
        }
    }

    /// Current counters.
    pub fn stats(&self) -> Stats {
        self.server.state().stats
    }

    /// Stops accepting, closes every open connection, and waits for the accept thread.
    pub fn stop(mut self) {
        self.shutdown();
    }

    /// Blocks until the server stops (for the binary).
    pub fn join(mut self) {
        if let Some(t) = self.accept.take() {
            let _ = t.join();
        }
    }

    fn shutdown(&mut self) {
        if self.server.stopping.swap(true, Ordering::SeqCst) {
            return;
        }
        // Wake the blocking accept() with a connection of our own.
        let mut wake = self.addr;
        if wake.ip().is_unspecified() {
            wake.set_ip(match wake.ip() {
                IpAddr::V4(_) => IpAddr::V4(Ipv4Addr::LOCALHOST),
                IpAddr::V6(_) => IpAddr::V6(Ipv6Addr::LOCALHOST),
            });
        }
        let woke = TcpStream::connect_timeout(&wake, Duration::from_secs(1)).is_ok();
        for (_, s) in lock(&self.server.conns).drain() {
            let _ = s.shutdown(Shutdown::Both);
        }
        if let Some(t) = self.accept.take() {
            if woke {
                let _ = t.join();
            }
        }
    }
}

impl Drop for Handle {
    fn drop(&mut self) {
        self.shutdown();
    }
}

/// Binds `host:port` (port 0: any free port) and serves in background threads.
/// `www` is served at `/`, `pkg` at `/pkg/`.
pub fn start(
    host: &str,
    port: u16,
    www: Option<PathBuf>,
    pkg: Option<PathBuf>,
) -> std::io::Result<Handle> {
    let listener = TcpListener::bind((host, port))?;
    let addr = listener.local_addr()?;
    let server = Arc::new(Server {
        state: Mutex::new(State::default()),
        www,
        pkg,
        stopping: AtomicBool::new(false),
        conns: Mutex::new(HashMap::new()),
        next_conn: AtomicU64::new(0),
    });
    let s = Arc::clone(&server);
    let accept = thread::Builder::new()
        .name("emulator-accept".into())
        .spawn(move || accept_loop(listener, s))?;
    Ok(Handle {
        addr,
        server,
        accept: Some(accept),
    })
}

fn accept_loop(listener: TcpListener, server: Arc<Server>) {
    loop {
        let stream = match listener.accept() {
            Ok((s, _)) => s,
            Err(e) => {
                if server.stopping() {
                    return;
                }
                // EMFILE and friends: back off a little rather than spin.
                if e.kind() != ErrorKind::Interrupted {
                    thread::sleep(Duration::from_millis(10));
                }
                continue;
            }
        };
        if server.stopping() {
            return;
        }
        let id = server.next_conn.fetch_add(1, Ordering::Relaxed);
        if let Ok(clone) = stream.try_clone() {
            lock(&server.conns).insert(id, clone);
        }
        let s = Arc::clone(&server);
        let spawned = thread::Builder::new()
            .name("emulator-conn".into())
            .spawn(move || {
                // A bug in a handler must cost one connection, not the server.
                let _ = catch_unwind(AssertUnwindSafe(|| serve_connection(&s, stream)));
                lock(&s.conns).remove(&id);
            });
        if spawned.is_err() {
            if let Some(s) = lock(&server.conns).remove(&id) {
                let _ = s.shutdown(Shutdown::Both);
            }
        }
    }
}

fn serve_connection(server: &Server, stream: TcpStream) {
    let _ = stream.set_nodelay(true);
    let _ = stream.set_read_timeout(Some(IDLE_TIMEOUT));
    let _ = stream.set_write_timeout(Some(IDLE_TIMEOUT));
    let Ok(read_half) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::with_capacity(16 * 1024, read_half);
    let mut writer = stream;
    loop {
        if server.stopping() {
            break;
        }
        let head = match http::read_head(&mut reader) {
            Ok(h) => h,
            Err(e) => {
                reject(&mut writer, e);
                break;
            }
        };
        let kind = match head.body_kind() {
            Ok(k) => k,
            Err(e) => {
                reject(&mut writer, e);
                break;
            }
        };
        if head.expects_continue() && kind != http::BodyKind::None {
            let _ = std::io::Write::write_all(&mut writer, b"HTTP/1.1 100 Continue\r\n\r\n");
        }
        let body = match http::read_body(&mut reader, kind) {
            Ok(b) => b,
            Err(e) => {
                reject(&mut writer, e);
                break;
            }
        };
        let keep_alive = head.keep_alive();
        match routes::handle(server, &head, &body) {
            Action::Respond(mut resp) => {
                routes::finish(&mut resp);
                let head_only = head.method == "HEAD";
                if http::write_response(&mut writer, &resp, keep_alive, head_only).is_err()
                    || !keep_alive
                {
                    break;
                }
            }
            Action::Drop => break,
            Action::Hang => {
                hang(&mut reader);
                break;
            }
        }
    }
    let _ = writer.shutdown(Shutdown::Both);
}

/// Answers a request we could not read (400 / 413), or just closes.
fn reject(writer: &mut TcpStream, e: ReadError) {
    let mut resp = match e {
        ReadError::Closed | ReadError::Io => return,
        ReadError::Malformed(what) => routes::error(
            400,
            "InvalidPayload",
            &format!("Malformed HTTP request: {what}"),
        ),
        ReadError::TooLarge(what) => routes::error(
            413,
            "PayloadTooLarge",
            &format!("Request too large: {what}"),
        ),
    };
    routes::finish(&mut resp);
    if http::write_response(writer, &resp, false, false).is_err() {
        return;
    }
    // Lingering close: closing with unread input would reset the connection and could
    // destroy the answer before the client reads it. Stop writing, then drain for a bit.
    let _ = writer.shutdown(Shutdown::Write);
    let until = Instant::now() + LINGER;
    let mut buf = [0u8; 16 * 1024];
    while let Some(left) = until
        .checked_duration_since(Instant::now())
        .filter(|d| !d.is_zero())
    {
        let _ = writer.set_read_timeout(Some(left));
        match writer.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(_) => {}
        }
    }
}

/// Holds the connection open without answering, discarding anything the client sends,
/// until it closes, an error, the server stops, or [`HANG_LIMIT`].
fn hang(reader: &mut BufReader<TcpStream>) {
    let until = Instant::now() + HANG_LIMIT;
    let mut buf = [0u8; 4096];
    loop {
        let left = until.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return;
        }
        let _ = reader
            .get_ref()
            .set_read_timeout(Some(left.min(Duration::from_secs(1))));
        match reader.read(&mut buf) {
            Ok(0) => return,
            Ok(_) => {}
            Err(e)
                if matches!(
                    e.kind(),
                    ErrorKind::WouldBlock | ErrorKind::TimedOut | ErrorKind::Interrupted
                ) => {}
            Err(_) => return,
        }
    }
}
