//! The preview's HTTP/1.1 on hyper and tokio: parsing, keep-alive, the deadline for a request
//! head and its size are hyper's settings; what is ours is the connection limit and who gets
//! a slot when it is reached, the guard in front of every route ([`super::guard`]), and the
//! headers that keep the two listeners apart.
//!
//! One thread runs the runtime for both listeners. Answers that read the engine or build a book
//! run on tokio's blocking threads, so a long build never holds up another connection.
//!
//! Slow clients cannot lock anybody out: a request head must arrive within [`HEAD_DEADLINE`]
//! (one deadline for the whole head, and for an idle keep-alive connection's next request), and
//! at [`MAX_CONNECTIONS`] a new connection takes the slot of the one that has waited longest
//! without a request under way. A client that sends its request at once is always answered.

use super::events::{self, Caps};
use super::guard::{self, Place, Side};
use super::http::{self, Reply, Req};
use super::Shared;
use crate::live::desk;
use hyper::body::{Bytes, Frame, Incoming, SizeHint};
use hyper::header::{self, HeaderName, HeaderValue};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request, Response};
use hyper_util::rt::{TokioIo, TokioTimer};
use std::collections::HashMap;
use std::convert::Infallible;
use std::io;
use std::net::IpAddr;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};
use tokio::task::AbortHandle;

/// The whole request head (line and headers) must arrive within this time after the connection
/// opens or its previous answer was sent; then the connection is closed.
pub const HEAD_DEADLINE: Duration = Duration::from_secs(10);
/// Connections open at once per listener; at the limit, the longest idle one makes room.
pub const MAX_CONNECTIONS: usize = 512;
/// Bytes of a request head (hyper answers 431 beyond it); the preview's are a line and a few
/// headers, a browser's cookies included.
const MAX_HEAD: usize = 64 * 1024;
/// A connection whose answer has not been taken in this time (a client that stopped reading)
/// may make room for others too. Event streams are not counted: they are capped apart.
const STUCK: Duration = Duration::from_secs(60);

/// Serves both listeners until the process ends. The sockets are bound already (so `serve`
/// can say at once when a port is taken).
/// `remote_desk`: other machines may reach the desk on the private listener
/// (`--skriv-paa-netvaerk`), and nothing else there.
pub fn run(
    shared: Arc<Shared>,
    listeners: Vec<(Side, std::net::TcpListener)>,
    remote_desk: bool,
) -> io::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .enable_time()
        .build()?;
    runtime.block_on(async move {
        let mut loops = Vec::new();
        for (side, listener) in listeners {
            listener.set_nonblocking(true)?;
            let listener = tokio::net::TcpListener::from_std(listener)?;
            loops.push(tokio::spawn(accept(
                Arc::clone(&shared),
                side,
                listener,
                remote_desk,
            )));
        }
        for l in loops {
            let _ = l.await;
        }
        Ok(())
    })
}

/// Everything a connection of one listener shares.
struct Listener {
    shared: Arc<Shared>,
    http: http1::Builder,
    caps: Caps,
    conns: Mutex<Conns>,
}

async fn accept(
    shared: Arc<Shared>,
    side: Side,
    socket: tokio::net::TcpListener,
    remote_desk: bool,
) {
    let port = socket.local_addr().map(|a| a.port()).unwrap_or(0);
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(HEAD_DEADLINE)
        .max_buf_size(MAX_HEAD)
        .keep_alive(true);
    let listener = Arc::new(Listener {
        shared,
        http,
        caps: Caps::new(),
        conns: Mutex::new(Conns::default()),
    });
    loop {
        let (stream, peer) = match socket.accept().await {
            Ok(accepted) => accepted,
            Err(_) => {
                // Out of file descriptors or similar: wait instead of spinning.
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let Some((id, activity)) = listener.lock().admit() else {
            // Every slot is answering a request right now; this one is closed at once.
            continue;
        };
        let _ = stream.set_nodelay(true);
        let place = Place {
            side,
            port,
            local_ip: stream
                .local_addr()
                .map(|a| a.ip())
                .unwrap_or(IpAddr::from([127, 0, 0, 1])),
            peer_is_local: http::is_local(Some(&peer)),
            remote_desk,
        };
        let l = Arc::clone(&listener);
        let task = tokio::spawn(async move {
            let _registered = Registered(Arc::clone(&l), id);
            let conn_l = Arc::clone(&l);
            let service = service_fn(move |req| {
                respond(Arc::clone(&conn_l), place, Arc::clone(&activity), req)
            });
            let _ = l.http.serve_connection(TokioIo::new(stream), service).await;
        });
        listener.lock().set_abort(id, task.abort_handle());
    }
}

impl Listener {
    fn lock(&self) -> std::sync::MutexGuard<'_, Conns> {
        self.conns.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Takes a connection out of the table when its task ends, however it ends.
struct Registered(Arc<Listener>, u64);

impl Drop for Registered {
    fn drop(&mut self) {
        self.0.lock().open.remove(&self.1);
    }
}

/// The open connections of a listener.
#[derive(Default)]
struct Conns {
    next_id: u64,
    open: HashMap<u64, Conn>,
}

struct Conn {
    activity: Arc<Activity>,
    abort: Option<AbortHandle>,
}

/// What a connection is doing, for choosing which one makes room.
struct Activity(Mutex<Phase>);

#[derive(Clone, Copy)]
enum Phase {
    /// Waiting for a request head (a new, slow or keep-alive connection) since then.
    Idle(Instant),
    /// Answering a request since then.
    Busy(Instant),
    /// Holding an event stream.
    Streaming,
}

impl Conns {
    /// A slot for a new connection, making room if needed; `None` if every slot is busy.
    fn admit(&mut self) -> Option<(u64, Arc<Activity>)> {
        if self.open.len() >= MAX_CONNECTIONS {
            let victim = self.longest_waiting()?;
            if let Some(conn) = self.open.remove(&victim) {
                if let Some(abort) = conn.abort {
                    abort.abort();
                }
            }
        }
        self.next_id += 1;
        let activity = Arc::new(Activity(Mutex::new(Phase::Idle(Instant::now()))));
        self.open.insert(
            self.next_id,
            Conn {
                activity: Arc::clone(&activity),
                abort: None,
            },
        );
        Some((self.next_id, activity))
    }

    fn set_abort(&mut self, id: u64, abort: AbortHandle) {
        // The task may be over already; then it has taken itself out of the table.
        if let Some(conn) = self.open.get_mut(&id) {
            conn.abort = Some(abort);
        }
    }

    /// The connection idle the longest, else the one stuck longest on an unread answer.
    fn longest_waiting(&self) -> Option<u64> {
        let now = Instant::now();
        self.open
            .iter()
            .filter_map(|(id, c)| match c.activity.get() {
                Phase::Idle(since) => Some((0, since, *id)),
                Phase::Busy(since) if now.duration_since(since) > STUCK => Some((1, since, *id)),
                _ => None,
            })
            .min()
            .map(|(_, _, id)| id)
    }
}

impl Activity {
    fn get(&self) -> Phase {
        *self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn set(&self, phase: Phase) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = phase;
    }
}

/// Marks a connection busy while a request is answered: from its head until its body is sent
/// (it lives in the response body) or the connection is gone.
struct Busy(Arc<Activity>);

impl Busy {
    fn start(activity: Arc<Activity>) -> Busy {
        activity.set(Phase::Busy(Instant::now()));
        Busy(activity)
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        self.0.set(Phase::Idle(Instant::now()));
    }
}

/// A response body: bytes from memory, or an event stream.
pub struct Body {
    inner: Inner,
    _busy: Busy,
}

enum Inner {
    Full(Option<Bytes>),
    Events(events::Stream),
}

impl hyper::body::Body for Body {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        match &mut self.inner {
            Inner::Full(bytes) => Poll::Ready(bytes.take().map(|b| Ok(Frame::data(b)))),
            Inner::Events(stream) => stream.poll_next(cx).map(|b| b.map(|b| Ok(Frame::data(b)))),
        }
    }

    fn is_end_stream(&self) -> bool {
        matches!(self.inner, Inner::Full(None))
    }

    fn size_hint(&self) -> SizeHint {
        match &self.inner {
            Inner::Full(b) => SizeHint::with_exact(b.as_ref().map_or(0, |b| b.len() as u64)),
            Inner::Events(_) => SizeHint::default(),
        }
    }
}

/// The path of the event stream, answered here because it streams.
const EVENTS: &str = "/__bogbinder/events";

/// One request: the guard, then the event stream or a route of [`http`].
async fn respond(
    l: Arc<Listener>,
    place: Place,
    activity: Arc<Activity>,
    req: Request<Incoming>,
) -> Result<Response<Body>, Infallible> {
    let busy = Busy::start(activity);
    if let Err(refusal) = guard::check(&place, &head_of(&req)) {
        let reply = Reply::html(refusal.status(), refusal.page().into_bytes());
        return Ok(finish(place.side, reply, Inner::Full(None), busy));
    }
    let target = req
        .uri()
        .path_and_query()
        .map_or("/", |p| p.as_str())
        .to_string();
    let path = target.split(['?', '#']).next().unwrap_or("");
    if path == EVENTS && req.method() == Method::GET {
        let stream = events::open(
            &l.caps,
            l.shared.live.subscribe(),
            place.side,
            place.peer_is_local,
        );
        let reply = Reply::new(200, "text/event-stream; charset=utf-8", Vec::new());
        let inner = match stream {
            Ok(stream) => {
                busy.0.set(Phase::Streaming);
                Inner::Events(stream)
            }
            Err(retry_later) => Inner::Full(Some(retry_later)),
        };
        return Ok(finish(place.side, reply, inner, busy));
    }
    if place.side == Side::Private && (path == "/__skriv" || path.starts_with(desk::PREFIX)) {
        let reply = answer_desk(&l.shared, req, &target).await;
        return Ok(finish(place.side, reply, Inner::Full(None), busy));
    }
    let request = Req {
        side: place.side,
        method: req.method().clone(),
        target,
        local: place.peer_is_local,
    };
    let shared = Arc::clone(&l.shared);
    let reply = tokio::task::spawn_blocking(move || http::handle(&shared, &request))
        .await
        .unwrap_or_else(|_| {
            Reply::html(
                500,
                b"<!doctype html><title>Fejl</title><p>Forh\xc3\xa5ndsvisningen kunne ikke svare. Pr\xc3\xb8v igen.</p>".to_vec(),
            )
        });
    Ok(finish(place.side, reply, Inner::Full(None), busy))
}

/// How long a desk request's body may take to arrive (a photo from a phone over loopback takes
/// well under a second); then the request is refused.
const BODY_DEADLINE: Duration = Duration::from_secs(30);

/// A request to the editing desk: its body read within the route's limit and deadline, then
/// answered by [`desk::handle`] on a blocking thread (it reads and writes files).
async fn answer_desk(shared: &Arc<Shared>, req: Request<Incoming>, target: &str) -> Reply {
    let (raw_path, query) = target.split_once('?').unwrap_or((target, ""));
    let Some(path) = raw_path
        .strip_prefix(desk::PREFIX)
        .or_else(|| raw_path.strip_prefix("/__skriv"))
        .and_then(crate::text::dialect::percent_decode)
    else {
        return Reply::from_desk(desk::Reply::problem(
            400,
            crate::problems::ServeProblem::DeskBadRequest {
                reason: "adressen kan ikke læses".into(),
            },
        ));
    };
    if raw_path == "/__skriv" {
        let mut r = Reply::new(301, "text/plain; charset=utf-8", Vec::new());
        r.headers.push((header::LOCATION, desk::PREFIX.to_string()));
        return r;
    }
    let h = req.headers();
    let text = |name: HeaderName| {
        h.get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let cookie = h
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect::<Vec<_>>()
        .join("; ");
    let content_type = text(header::CONTENT_TYPE).map(|t| {
        t.split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase()
    });
    // The guard refused a foreign Origin already; a write must also say it is the desk's own.
    let fetch_site = text(HeaderName::from_static("sec-fetch-site"));
    let own_write = h.contains_key(header::ORIGIN) || fetch_site.as_deref() == Some("same-origin");
    let from_elsewhere = matches!(fetch_site.as_deref(), Some("same-site" | "cross-site"));
    let method = req.method().clone();
    let cookie = (!cookie.is_empty()).then_some(cookie);
    // Without the session nothing of the body is read: no answer then needs it, and a stranger
    // (another program here, or another machine with `--skriv-paa-netvaerk`) must not hold a
    // connection for the body's deadline or make the server keep an upload's bytes.
    let session = shared.desk.has_session(cookie.as_deref());
    let limit = desk::body_limit(&path);
    let declared: Option<u64> = text(header::CONTENT_LENGTH).and_then(|v| v.parse().ok());
    let body = if !session {
        Vec::new()
    } else if declared.is_some_and(|n| n > limit) {
        return Reply::from_desk(desk::too_large(&path));
    } else {
        match tokio::time::timeout(BODY_DEADLINE, read_body(req.into_body(), limit)).await {
            Ok(Ok(body)) => body,
            Ok(Err(BodyError::TooLarge)) => return Reply::from_desk(desk::too_large(&path)),
            Ok(Err(BodyError::Broken)) | Err(_) => {
                return Reply::from_desk(desk::Reply::problem(
                    400,
                    crate::problems::ServeProblem::DeskBadRequest {
                        reason: "det sendte kom ikke frem i tide".into(),
                    },
                ))
            }
        }
    };
    let request = desk::DeskRequest {
        method,
        path,
        query: query_pairs(query),
        content_type,
        from_elsewhere,
        body,
    };
    let shared = Arc::clone(shared);
    tokio::task::spawn_blocking(move || {
        desk::handle(&shared.desk, &request, cookie.as_deref(), own_write)
    })
    .await
    .map(Reply::from_desk)
    .unwrap_or_else(|_| {
        Reply::html(
            500,
            b"<!doctype html><title>Fejl</title><p>Skrivebordet kunne ikke svare. Pr\xc3\xb8v igen.</p>".to_vec(),
        )
    })
}

enum BodyError {
    TooLarge,
    Broken,
}

/// Reads a request body frame by frame, stopping as soon as it passes `limit`.
async fn read_body(body: Incoming, limit: u64) -> Result<Vec<u8>, BodyError> {
    use hyper::body::Body as _;
    let mut body = std::pin::pin!(body);
    let mut out = Vec::new();
    while let Some(frame) = std::future::poll_fn(|cx| body.as_mut().poll_frame(cx)).await {
        let frame = frame.map_err(|_| BodyError::Broken)?;
        if let Ok(data) = frame.into_data() {
            if (out.len() + data.len()) as u64 > limit {
                return Err(BodyError::TooLarge);
            }
            out.extend_from_slice(&data);
        }
    }
    Ok(out)
}

/// `a=1&b=%C3%A6` as decoded pairs (`+` is a space, as forms send it); undecodable ones dropped.
fn query_pairs(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .filter_map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            let decode = |s: &str| crate::text::dialect::percent_decode(&s.replace('+', " "));
            Some((decode(k)?, decode(v)?))
        })
        .collect()
}

/// What the guard looks at, from the request head.
fn head_of(req: &Request<Incoming>) -> guard::Head<'_> {
    let h = req.headers();
    let one = |name: HeaderName| -> Option<&str> {
        let mut all = h.get_all(name).iter();
        match (all.next(), all.next()) {
            (Some(v), None) => v.to_str().ok(),
            _ => None,
        }
    };
    guard::Head {
        method_is_safe: matches!(*req.method(), Method::GET | Method::HEAD),
        host: one(header::HOST),
        target_authority: req.uri().authority().map(|a| a.as_str()),
        // Sent but unreadable, or twice: refused like a foreign one.
        origin: h
            .get(header::ORIGIN)
            .map(|_| one(header::ORIGIN).unwrap_or("")),
        fetch_site: one(HeaderName::from_static("sec-fetch-site")),
        fetch_mode: one(HeaderName::from_static("sec-fetch-mode")),
        fetch_dest: one(HeaderName::from_static("sec-fetch-dest")),
        content_length: one(header::CONTENT_LENGTH).and_then(|v| v.parse().ok()),
        is_desk: req.uri().path().starts_with(desk::PREFIX),
    }
}

/// Makes the response: the route's reply with the headers every answer of its side carries.
fn finish(side: Side, reply: Reply, body: Inner, busy: Busy) -> Response<Body> {
    let inner = match body {
        Inner::Full(None) => Inner::Full(Some(Bytes::from(reply.body))),
        other => other,
    };
    let mut response = Response::new(Body { inner, _busy: busy });
    *response.status_mut() =
        hyper::StatusCode::from_u16(reply.status).unwrap_or(hyper::StatusCode::OK);
    let headers = response.headers_mut();
    for (name, value) in reply.headers {
        if let Ok(value) = HeaderValue::from_str(&value) {
            headers.append(name, value);
        }
    }
    let is_html = headers
        .get(header::CONTENT_TYPE)
        .is_some_and(|t| t.as_bytes().starts_with(b"text/html"));
    for (name, value) in side_headers(side, is_html) {
        if !headers.contains_key(&name) {
            headers.insert(name, HeaderValue::from_static(value));
        }
    }
    response
}

/// Headers for every answer. The private side's pages may hold content from the handbook (a
/// compendium) or a family's raw HTML: they run no script but bogbinder's own, load nothing from
/// elsewhere, and cannot be framed, embedded or opened by another origin.
fn side_headers(side: Side, is_html: bool) -> Vec<(HeaderName, &'static str)> {
    let mut h = vec![
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::CACHE_CONTROL, "no-store"),
    ];
    match side {
        Side::Handbook => h.push((header::REFERRER_POLICY, "same-origin")),
        Side::Private => {
            h.extend([
                (header::REFERRER_POLICY, "no-referrer"),
                (header::X_FRAME_OPTIONS, "DENY"),
                (
                    HeaderName::from_static("cross-origin-resource-policy"),
                    "same-origin",
                ),
                (
                    HeaderName::from_static("cross-origin-opener-policy"),
                    "same-origin",
                ),
                (HeaderName::from_static("x-robots-tag"), "noindex, nofollow"),
            ]);
            // Only on pages: a CSP on a PDF keeps some browsers from showing it.
            if is_html {
                h.push((header::CONTENT_SECURITY_POLICY, PRIVATE_CSP));
            }
        }
    }
    h
}

/// Books: inline styles (the book's CSS is in the page), their own photos, bogbinder's live
/// script from this origin, and nothing else.
const PRIVATE_CSP: &str = "default-src 'none'; script-src 'self'; connect-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; font-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
