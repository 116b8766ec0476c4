//! The preview's HTTP/1.1 on plain std sockets: one thread per connection, one request per
//! connection (`Connection: close`), GET and HEAD without bodies.
//!
//! This replaced tiny_http, whose task pool can leave an accepted connection unserved while its
//! threads hold other browsers' keep-alive connections: Chromium then waited forever for the
//! print stylesheet in about one page load in three (tests/browser/serve.test.mjs). A preview
//! on this machine gains nothing from keep-alive, and a handful of threads costs nothing.

use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// A request head larger than this is refused: the preview's requests are a line and a few
/// headers.
const MAX_HEAD: usize = 16 * 1024;
/// A connection that sends no complete request head in this time is closed.
const READ_TIMEOUT: Duration = Duration::from_secs(10);
/// Connections served at once; more are refused, so a flood (with `--bind`) cannot exhaust
/// the machine. Each open tab holds one for its live-reload events.
const MAX_CONNECTIONS: usize = 256;

pub struct Server {
    listener: TcpListener,
}

impl Server {
    pub fn bind(addr: SocketAddr) -> io::Result<Server> {
        Ok(Server {
            listener: TcpListener::bind(addr)?,
        })
    }

    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// Accepts connections until the listener fails, each handled on its own thread.
    pub fn run(self, handle: impl Fn(Request) + Send + Sync + 'static) {
        let handle = Arc::new(handle);
        let open = Arc::new(AtomicUsize::new(0));
        for stream in self.listener.incoming() {
            let Ok(stream) = stream else { continue };
            if open.load(Ordering::Acquire) >= MAX_CONNECTIONS {
                continue;
            }
            let handle = Arc::clone(&handle);
            let open = Arc::clone(&open);
            open.fetch_add(1, Ordering::AcqRel);
            std::thread::spawn(move || {
                if let Some(req) = Request::read(stream) {
                    handle(req);
                }
                open.fetch_sub(1, Ordering::AcqRel);
            });
        }
    }
}

pub struct Request {
    method: String,
    url: String,
    peer: Option<SocketAddr>,
    stream: TcpStream,
}

impl Request {
    /// Reads the request head; answers 400 itself (and gives `None`) when it is not HTTP.
    fn read(mut stream: TcpStream) -> Option<Request> {
        let _ = stream.set_read_timeout(Some(READ_TIMEOUT));
        let _ = stream.set_nodelay(true);
        let mut head = Vec::with_capacity(1024);
        let mut buf = [0u8; 2048];
        while !head.windows(4).any(|w| w == b"\r\n\r\n") {
            if head.len() > MAX_HEAD {
                let _ = write_response(&mut stream, false, &Response::new(431, Vec::new()));
                return None;
            }
            match stream.read(&mut buf) {
                Ok(0) | Err(_) => return None,
                Ok(n) => head.extend_from_slice(&buf[..n]),
            }
        }
        let text = String::from_utf8_lossy(&head);
        let line = text.lines().next().unwrap_or("");
        let mut parts = line.split(' ');
        let (Some(method), Some(url), Some(version)) = (parts.next(), parts.next(), parts.next())
        else {
            let _ = write_response(&mut stream, false, &Response::new(400, Vec::new()));
            return None;
        };
        if !version.starts_with("HTTP/1.") || parts.next().is_some() {
            let _ = write_response(&mut stream, false, &Response::new(400, Vec::new()));
            return None;
        }
        Some(Request {
            method: method.to_string(),
            url: url.to_string(),
            peer: stream.peer_addr().ok(),
            stream,
        })
    }

    pub fn method(&self) -> &str {
        &self.method
    }

    /// The request target as sent (`/metoder/?x=1`), not decoded.
    pub fn url(&self) -> &str {
        &self.url
    }

    pub fn remote_addr(&self) -> Option<&SocketAddr> {
        self.peer.as_ref()
    }

    /// Sends the response (without its body for HEAD) and closes the connection.
    pub fn respond(mut self, r: Response) -> io::Result<()> {
        let head_only = self.method == "HEAD";
        write_response(&mut self.stream, head_only, &r)?;
        let _ = self.stream.shutdown(Shutdown::Write);
        Ok(())
    }

    /// The connection, for a response written as it goes (server-sent events).
    pub fn into_writer(self) -> TcpStream {
        self.stream
    }
}

pub struct Response {
    code: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Response {
    pub fn new(code: u16, body: Vec<u8>) -> Response {
        Response {
            code,
            headers: Vec::new(),
            body,
        }
    }

    pub fn with_header(mut self, name: &str, value: &str) -> Response {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }
}

fn write_response(w: &mut TcpStream, head_only: bool, r: &Response) -> io::Result<()> {
    let mut out = format!(
        "HTTP/1.1 {} {}\r\nContent-Length: {}\r\nConnection: close\r\n",
        r.code,
        reason(r.code),
        r.body.len()
    );
    for (name, value) in &r.headers {
        // Header values are made by bogbinder; a line break would split the response.
        if !name.contains(['\r', '\n']) && !value.contains(['\r', '\n']) {
            out.push_str(&format!("{name}: {value}\r\n"));
        }
    }
    out.push_str("\r\n");
    let mut bytes = out.into_bytes();
    if !head_only {
        bytes.extend_from_slice(&r.body);
    }
    w.write_all(&bytes)?;
    w.flush()
}

fn reason(code: u16) -> &'static str {
    match code {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        _ => "",
    }
}
