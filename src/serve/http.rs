//! The preview's web server: only files of the built handbook, from memory, by GET or HEAD.
//! HTML pages get the live-reload script; `/__bogbinder/` is bogbinder's own; `/__boeger/` shows
//! the books, and only to this machine (a child's book is private).

use super::books::{self, Answer};
use super::wire::{Request, Response};
use super::Shared;
use std::io::Write;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

/// URL prefix of the preview's own endpoints; no content can live there (it starts with `_`).
pub const LIVE_PREFIX: &str = "/__bogbinder/";
/// Where books are previewed, one folder per book (`/__boeger/<name>/`), never in the site.
pub const BOOKS_PREFIX: &str = "/__boeger/";
/// [`BOOKS_PREFIX`] as a decoded site path, without slashes.
const BOOKS_KEY: &str = "__boeger";

const LIVE_JS: &str = include_str!("live.js");

pub fn handle(shared: &Arc<Shared>, req: Request) {
    if !matches!(req.method(), "GET" | "HEAD") {
        let r = Response::new(405, b"Kun GET og HEAD\n".to_vec()).with_header("Allow", "GET, HEAD");
        let _ = req.respond(r);
        return;
    }
    let url = req.url().to_string();
    let path = url.split(['?', '#']).next().unwrap_or("");
    let local = is_local(req.remote_addr());
    match path {
        "/__bogbinder/live.js" => respond(
            req,
            200,
            "text/javascript; charset=utf-8",
            LIVE_JS.as_bytes().to_vec(),
        ),
        "/__bogbinder/status" => {
            let body = shared.status_json(local).into_bytes();
            respond(req, 200, "application/json; charset=utf-8", body)
        }
        "/__bogbinder/events" => events(shared, req, local),
        _ => match site_path(path) {
            // Decided on the decoded path, so `/%5F%5Fboeger/` is a book request too.
            Some(key) if key == BOOKS_KEY || key.starts_with("__boeger/") => {
                if local {
                    serve_book(shared, req, &key, path)
                } else {
                    book_response(req, 403, "text/html; charset=utf-8", FORBIDDEN.into())
                }
            }
            Some(key) => serve_file(shared, req, &key, path),
            None => not_found(shared, req),
        },
    }
}

/// Whether the request comes from this machine. No address (never with TCP) counts as remote.
pub fn is_local(peer: Option<&SocketAddr>) -> bool {
    peer.is_some_and(|a| a.ip().to_canonical().is_loopback())
}

const FORBIDDEN: &str = "<!doctype html><html lang=\"da\"><head><meta charset=\"utf-8\"><meta name=\"robots\" content=\"noindex\"><title>Kun på denne maskine</title></head><body><main><h1>Bøger vises kun på denne maskine</h1><p>Et barns bog er privat. Forhåndsvisningen af bøgerne kan kun ses på den computer, hvor <code>bogbinder serve</code> kører, og aldrig over netværket.</p></main></body></html>\n";

/// A request under `/__boeger/` from this machine; `key` is the decoded path.
fn serve_book(shared: &Arc<Shared>, req: Request, key: &str, raw: &str) {
    let html = "text/html; charset=utf-8";
    let version = shared.version();
    let rest = key.strip_prefix(BOOKS_KEY).unwrap_or("");
    let rest = rest.strip_prefix('/').unwrap_or(rest);
    if key == BOOKS_KEY {
        return redirect(req, BOOKS_PREFIX);
    }
    if rest == "index.html" {
        let page = shared.books.list_html();
        return book_response(req, 200, html, inject(page.as_bytes(), version));
    }
    let (name, file) = match rest.split_once('/') {
        Some((n, f)) => (n, f),
        None => (rest, ""),
    };
    if name.is_empty() || crate::i18n::slugify(name) != name {
        return book_not_found(req, version);
    }
    if file.is_empty() {
        // The book's folder without its slash: relative photo paths need the slash.
        return if shared.books.exists(name) {
            redirect(req, &format!("{raw}/"))
        } else {
            book_not_found(req, version)
        };
    }
    let (answer, failed_now) = shared.books.get(name, file);
    if failed_now {
        // Its first build failed: the overlay and the status should say why.
        shared.publish(Some(Vec::new()));
    }
    let version = shared.version();
    match answer {
        Answer::File { name, bytes } => {
            let ctype = content_type(&name);
            let body = if ctype.starts_with("text/html") {
                inject(&bytes, version)
            } else {
                bytes.to_vec()
            };
            book_response(req, 200, ctype, body)
        }
        Answer::Broken(problems) => {
            let page = books::broken_html(name, &problems);
            book_response(req, 500, html, inject(page.as_bytes(), version))
        }
        Answer::Missing => book_not_found(req, version),
    }
}

fn book_not_found(req: Request, version: u64) {
    let page = "<!doctype html><html lang=\"da\" data-bogbinder-placeholder><head><meta charset=\"utf-8\"><meta name=\"robots\" content=\"noindex\"><title>Findes ikke</title></head><body><main><h1>Findes ikke</h1><p>Der er ingen bog eller fil her.</p><p><a href=\"/__boeger/\">Alle bøger</a></p></main></body></html>";
    book_response(
        req,
        404,
        "text/html; charset=utf-8",
        inject(page.as_bytes(), version),
    )
}

/// Book responses are never stored by the browser or a proxy and never indexed.
fn book_response(req: Request, code: u16, ctype: &str, body: Vec<u8>) {
    let r = Response::new(code, body)
        .with_header("Content-Type", ctype)
        .with_header("Cache-Control", "no-store")
        .with_header("X-Robots-Tag", "noindex, nofollow")
        .with_header("Referrer-Policy", "no-referrer");
    let _ = req.respond(r);
}

fn redirect(req: Request, to: &str) {
    let r = Response::new(301, Vec::new())
        .with_header("Location", to)
        .with_header("Cache-Control", "no-store");
    let _ = req.respond(r);
}

/// Turns a request path into a path of the built site, or `None` for anything that could point
/// elsewhere: `..` or `.` (also percent-encoded), backslashes, empty segments, NUL, or a request
/// that is not a plain absolute path (`http://…`, `*`).
pub fn site_path(raw: &str) -> Option<String> {
    let rest = raw.strip_prefix('/')?;
    if raw.contains('\\') || rest.starts_with('/') {
        return None;
    }
    let decoded = percent_decode(rest)?;
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

fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = std::str::from_utf8(b.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn serve_file(shared: &Arc<Shared>, req: Request, key: &str, raw: &str) {
    if let Some(bytes) = shared.file(key) {
        let ctype = content_type(key);
        let body = if ctype.starts_with("text/html") {
            inject(&bytes, shared.version())
        } else {
            bytes.to_vec()
        };
        return respond(req, 200, ctype, body);
    }
    // A folder asked for without its slash: send the browser there, so relative links work.
    if !raw.ends_with('/') && shared.file(&format!("{key}/index.html")).is_some() {
        return redirect(req, &format!("{raw}/"));
    }
    not_found(shared, req)
}

fn not_found(shared: &Arc<Shared>, req: Request) {
    let version = shared.version();
    let body = match shared.file("404.html") {
        Some(b) if shared.has_good_output() => inject(&b, version),
        // Nothing has built yet: a placeholder that shows the problems and reloads when fixed.
        _ => inject(PLACEHOLDER.as_bytes(), version),
    };
    respond(req, 404, "text/html; charset=utf-8", body)
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

fn respond(req: Request, code: u16, ctype: &str, body: Vec<u8>) {
    let r = Response::new(code, body)
        .with_header("Content-Type", ctype)
        .with_header("Cache-Control", "no-store");
    let _ = req.respond(r);
}

/// Server-sent events: the current state at once, then one `update` per rebuild.
fn events(shared: &Arc<Shared>, req: Request, local: bool) {
    let mut w = req.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n";
    if w.write_all(head.as_bytes()).is_err() {
        return;
    }
    let mut seen = None;
    loop {
        let (version, json) = shared.wait_for_update(seen, Duration::from_secs(15), local);
        let msg = if seen == Some(version) {
            // Nothing new: a comment line shows whether the browser is still there.
            ": ping\n\n".to_string()
        } else {
            format!("event: update\ndata: {json}\n\n")
        };
        if w.write_all(msg.as_bytes()).and_then(|_| w.flush()).is_err() {
            return;
        }
        seen = Some(version);
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
