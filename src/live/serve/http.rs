//! The preview's routes, for each of its two listeners ([`Side`]):
//! - handbook: the built handbook from memory, pages with the live-reload script. `/__boeger/`
//!   sends this machine on to the private listener and tells other machines no.
//! - private: the books under `/__boeger/` (and, next, the editing desk under `/__skriv/`), never
//!   a handbook page: the handbook's scripts must not run on the origin that holds the books.
//! - both: `/__bogbinder/live.js` and `/status`, the state for that side (`/events` streams and
//!   is answered in `wire.rs`).
//!
//! Everything here has passed the guard (`guard.rs`): the right `Host`, `Origin` and peer.

use super::books::{self, Answer};
use super::guard::Side;
use super::Shared;
use hyper::header::{self, HeaderName};
use hyper::Method;
use std::net::SocketAddr;

/// URL prefix of the preview's own endpoints; no content can live there (it starts with `_`).
pub const LIVE_PREFIX: &str = "/__bogbinder/";
/// Where books are previewed, one folder per book (`/__boeger/<name>/`), never in the site.
pub const BOOKS_PREFIX: &str = "/__boeger/";
/// [`BOOKS_PREFIX`] as a decoded site path, without slashes.
const BOOKS_KEY: &str = "__boeger";
/// The editing desk's prefix as a decoded site path (see `crate::live::desk`).
const DESK_KEY: &str = "__skriv";

const LIVE_JS: &str = include_str!("live.js");
const HTML: &str = "text/html; charset=utf-8";

/// A request as the routes see it.
pub struct Req {
    pub side: Side,
    pub method: Method,
    /// The request target as sent (`/metoder/?x=1`), not decoded.
    pub target: String,
    /// Whether the peer is this machine.
    pub local: bool,
}

/// An answer; `wire.rs` adds the headers every answer of its side carries.
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(HeaderName, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn new(status: u16, ctype: &str, body: Vec<u8>) -> Reply {
        Reply {
            status,
            headers: vec![(header::CONTENT_TYPE, ctype.to_string())],
            body,
        }
    }

    pub fn html(status: u16, body: Vec<u8>) -> Reply {
        Reply::new(status, HTML, body)
    }

    /// The editing desk's answer as the preview's.
    pub fn from_desk(d: crate::live::desk::Reply) -> Reply {
        let mut reply = Reply::new(d.status, &d.content_type, d.body);
        for (name, value) in d.headers {
            if let Ok(name) = HeaderName::from_bytes(name.as_bytes()) {
                reply.headers.push((name, value));
            }
        }
        reply
    }

    fn header(mut self, name: HeaderName, value: &str) -> Reply {
        self.headers.push((name, value.to_string()));
        self
    }
}

pub fn handle(shared: &Shared, req: &Req) -> Reply {
    if !matches!(req.method, Method::GET | Method::HEAD) {
        return Reply::new(405, "text/plain; charset=utf-8", "Kun GET og HEAD\n".into())
            .header(header::ALLOW, "GET, HEAD");
    }
    let path = req.target.split(['?', '#']).next().unwrap_or("");
    match path {
        "/__bogbinder/live.js" => {
            return Reply::new(200, "text/javascript; charset=utf-8", LIVE_JS.into())
        }
        "/__bogbinder/status" => {
            let snapshot = shared.live.snapshot();
            let json = snapshot.view(req.side, req.local).1;
            return Reply::new(200, "application/json; charset=utf-8", json.into());
        }
        _ => {}
    }
    let Some(key) = site_path(path) else {
        return not_found(shared, req.side);
    };
    // Decided on the decoded path, so `/%5F%5Fboeger/` is a book request too.
    let is_books = key == BOOKS_KEY || key.starts_with("__boeger/");
    // The desk is answered in `wire.rs` on the private side (only under its plain prefix); on
    // the handbook's side it is sent on or refused like a book.
    let is_desk = key == DESK_KEY || key.starts_with("__skriv/");
    if is_desk && req.side == Side::Private {
        return not_found(shared, Side::Private);
    }
    let is_books = is_books || is_desk;
    match req.side {
        Side::Handbook if is_books && req.local => {
            // Old bookmarks and typed addresses: the books are on the private listener now.
            let to = format!("{}{}", shared.urls.private_origin, req.target);
            redirect(307, &to)
        }
        Side::Handbook if is_books => book_reply(403, HTML, FORBIDDEN.into()),
        Side::Handbook => serve_file(shared, &key, path),
        Side::Private if is_books => serve_book(shared, &key, path),
        // The editing desk (issue 12) gets its routes here: `/__skriv/`, on the private side only.
        Side::Private if key == "index.html" => redirect(303, BOOKS_PREFIX),
        Side::Private => not_found(shared, Side::Private),
    }
}

/// Whether the request comes from this machine. No address (never with TCP) counts as remote.
pub fn is_local(peer: Option<&SocketAddr>) -> bool {
    peer.is_some_and(|a| a.ip().to_canonical().is_loopback())
}

const FORBIDDEN: &str = "<!doctype html><html lang=\"da\"><head><meta charset=\"utf-8\"><meta name=\"robots\" content=\"noindex\"><title>Kun på denne maskine</title></head><body><main><h1>Bøger vises kun på denne maskine</h1><p>Et barns bog er privat. Forhåndsvisningen af bøgerne kan kun ses på den computer, hvor <code>bogbinder serve</code> kører, og aldrig over netværket.</p></main></body></html>\n";

/// A request under `/__boeger/` on the private side; `key` is the decoded path.
fn serve_book(shared: &Shared, key: &str, raw: &str) -> Reply {
    let version = shared.version(Side::Private);
    let rest = key.strip_prefix(BOOKS_KEY).unwrap_or("");
    let rest = rest.strip_prefix('/').unwrap_or(rest);
    if key == BOOKS_KEY {
        return redirect(301, BOOKS_PREFIX);
    }
    if rest == "index.html" {
        let page = shared.books.list_html(&shared.urls.handbook);
        return book_reply(200, HTML, inject(page.as_bytes(), version));
    }
    let (name, file) = match rest.split_once('/') {
        Some((n, f)) => (n, f),
        None => (rest, ""),
    };
    if name.is_empty() {
        return book_not_found(version);
    }
    let slug = crate::text::i18n::slugify(name);
    if slug != name {
        // A book asked for by the name as typed ("Søren Åge") is sent to its folder's address.
        // Only a name in other letters or words: a folder name in another case (`IDA`) stays
        // unknown, as a path a case-insensitive disk would read.
        let typed = name.to_lowercase() != slug;
        let known = typed && !slug.is_empty() && (file.is_empty() || file == "index.html");
        return if known && shared.books.exists(&slug) {
            redirect(301, &format!("{BOOKS_PREFIX}{slug}/"))
        } else {
            book_not_found(version)
        };
    }
    if file.is_empty() {
        // The book's folder without its slash: relative photo paths need the slash.
        return if shared.books.exists(name) {
            redirect(301, &format!("{raw}/"))
        } else {
            book_not_found(version)
        };
    }
    let (answer, failed_now) = shared.books.get(name, file);
    if failed_now {
        // Its first build failed: the overlay and the status should say why.
        shared.publish_books(Vec::new());
    }
    let version = shared.version(Side::Private);
    match answer {
        Answer::File { name, bytes } => {
            let ctype = content_type(&name);
            let body = if ctype.starts_with("text/html") {
                inject(&bytes, version)
            } else {
                bytes.to_vec()
            };
            book_reply(200, ctype, body)
        }
        Answer::Broken(problems) => {
            let page = books::broken_html(name, &problems);
            book_reply(500, HTML, inject(page.as_bytes(), version))
        }
        Answer::Missing => book_not_found(version),
    }
}

fn book_not_found(version: u64) -> Reply {
    let page = "<!doctype html><html lang=\"da\" data-bogbinder-placeholder><head><meta charset=\"utf-8\"><meta name=\"robots\" content=\"noindex\"><title>Findes ikke</title></head><body><main><h1>Findes ikke</h1><p>Der er ingen bog eller fil her.</p><p><a href=\"/__boeger/\">Alle bøger</a></p></main></body></html>";
    book_reply(404, HTML, inject(page.as_bytes(), version))
}

/// Book answers are never stored by the browser or a proxy and never indexed.
fn book_reply(status: u16, ctype: &str, body: Vec<u8>) -> Reply {
    Reply::new(status, ctype, body)
        .header(HeaderName::from_static("x-robots-tag"), "noindex, nofollow")
        .header(header::REFERRER_POLICY, "no-referrer")
}

fn redirect(status: u16, to: &str) -> Reply {
    Reply {
        status,
        headers: vec![(header::LOCATION, to.to_string())],
        body: Vec::new(),
    }
}

/// Turns a request path into a path of the built site, or `None` for anything that could point
/// elsewhere: `..` or `.` (also percent-encoded), backslashes, empty segments, NUL, or a request
/// that is not a plain absolute path (`http://…`, `*`).
pub fn site_path(raw: &str) -> Option<String> {
    let rest = raw.strip_prefix('/')?;
    if raw.contains('\\') || rest.starts_with('/') {
        return None;
    }
    // Strict: a request never reaches a file by a spelling a lenient decoder would repair.
    let decoded = crate::text::dialect::percent_decode(rest)?;
    if decoded.contains(['\\', '\0']) || decoded.starts_with('/') {
        return None;
    }
    let segments: Vec<&str> = decoded.split('/').collect();
    let last = segments.len() - 1;
    for (i, s) in segments.iter().enumerate() {
        if *s == ".." || *s == "." || (s.is_empty() && i != last) || s.contains(':') {
            return None;
        }
    }
    Some(if decoded.is_empty() || decoded.ends_with('/') {
        format!("{decoded}index.html")
    } else {
        decoded
    })
}

fn serve_file(shared: &Shared, key: &str, raw: &str) -> Reply {
    if let Some(bytes) = shared.file(key) {
        let ctype = content_type(key);
        let body = if ctype.starts_with("text/html") {
            inject(&bytes, shared.version(Side::Handbook))
        } else {
            bytes.to_vec()
        };
        return Reply::new(200, ctype, body);
    }
    // A folder asked for without its slash: send the browser there, so relative links work.
    if !raw.ends_with('/') && shared.file(&format!("{key}/index.html")).is_some() {
        return redirect(301, &format!("{raw}/"));
    }
    not_found(shared, Side::Handbook)
}

fn not_found(shared: &Shared, side: Side) -> Reply {
    let version = shared.version(side);
    let body = match side {
        Side::Handbook => match shared.file("404.html") {
            Some(b) if shared.has_good_output() => inject(&b, version),
            // Nothing has built yet: a placeholder that shows the problems and reloads when fixed.
            _ => inject(PLACEHOLDER.as_bytes(), version),
        },
        Side::Private => {
            let page = format!(
                "<!doctype html><html lang=\"da\"><head><meta charset=\"utf-8\"><meta name=\"robots\" content=\"noindex\"><title>Findes ikke</title></head><body><main><h1>Findes ikke</h1><p>Her vises kun bøgerne. <a href=\"/__boeger/\">Alle bøger</a> · <a href=\"{}\">Til håndbogen</a></p></main></body></html>",
                shared.urls.handbook
            );
            inject(page.as_bytes(), version)
        }
    };
    Reply::html(404, body)
}

const PLACEHOLDER: &str = "<!doctype html><html lang=\"da\" data-bogbinder-placeholder><head><meta charset=\"utf-8\"><title>Siden findes ikke</title></head><body><main><h1>Siden findes ikke</h1><p>Siden findes ikke i håndbogen, eller håndbogen er ikke bygget endnu.</p></main></body></html>";

/// Adds the live-reload script before `</body>` (or at the end).
fn inject(html: &[u8], version: u64) -> Vec<u8> {
    let tag = format!("<script src=\"/__bogbinder/live.js\" data-version=\"{version}\"></script>");
    let at = find_last(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn find_last(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    match ext.as_deref() {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("xml") => "application/xml",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("webp") => "image/webp",
        Some("gif") => "image/gif",
        Some("pdf") => "application/pdf",
        Some("woff2") => "font/woff2",
        Some("txt" | "md") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_peers_are_local() {
        let local = |s: &str| is_local(Some(&s.parse::<SocketAddr>().unwrap()));
        assert!(local("127.0.0.1:5000"));
        assert!(local("127.8.9.1:5000"));
        assert!(local("[::1]:5000"));
        // An IPv4 loopback peer on a dual-stack socket.
        assert!(local("[::ffff:127.0.0.1]:5000"));
        assert!(!local("192.168.1.20:5000"));
        assert!(!local("[::ffff:192.168.1.20]:5000"));
        assert!(!local("[fe80::1]:5000"));
        assert!(!local("0.0.0.0:5000"));
        assert!(!is_local(None));
    }

    #[test]
    fn book_paths_are_decoded_and_checked_like_site_paths() {
        assert_eq!(
            site_path("/%5F%5Fboeger/ida/").as_deref(),
            Some("__boeger/ida/index.html")
        );
        assert_eq!(site_path("/__boeger/%2e%2e/"), None);
        assert_eq!(site_path("/__boeger/../"), None);
        assert_eq!(site_path("/__boeger/ida/..%2fbog.toml"), None);
    }
}
