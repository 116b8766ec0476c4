//! The editing desk (`/__skriv/` on serve's private listener): write handbook pages and books in
//! the browser, while the files stay the plain Markdown + TOML of the content format.
//!
//! This module is the desk's front door: the per-run token and its cookie (the session), the
//! refusals, and the routing to the modules that answer (`pages`, `books`, `photos`,
//! `preview`), each with `fn route(&Desk, &DeskRequest) -> Option<Reply>`. The serve layers in
//! front of it have already checked `Host`, `Origin`, `Sec-Fetch-*` and that the peer is this
//! machine (`live::serve::guard`), and read the body within [`body_limit`].
//!
//! Paths are never taken from a request: a document id (`metoder/x.md`) is looked up in the
//! list of content files the server makes itself ([`Desk::document`]). Every write goes
//! through [`store`]. The API is described in docs/skrivebord-api.md.

pub mod books;
pub mod pages;
pub mod photos;
pub mod preview;
pub mod store;

use crate::live::incremental::Incremental;
use crate::problems::{Problem, ServeProblem};
use crate::project::files::Scope;
use hyper::Method;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Where the desk lives, on the private listener.
pub const PREFIX: &str = "/__skriv/";
/// The start of the session cookie's name. Cookies are kept per host, not per port: each run's
/// cookie has a name of its own (see [`Desk::cookie_name`]), so two projects' desks open at once
/// do not log each other out.
const COOKIE: &str = "bogbinder_skriv";
/// JSON request bodies: a page is never near this.
pub const MAX_JSON: u64 = 2 * 1024 * 1024;
/// A photo from a phone, as uploaded (it is scaled and stripped when stored).
pub const MAX_UPLOAD: u64 = 40 * 1024 * 1024;

/// The desk's state for one run of `serve`.
pub struct Desk {
    root: PathBuf,
    /// The per-run secret (32 hex digits), given once in the printed address.
    token: String,
    /// The preview's engine: the handbook as built, its problems, the real renderer.
    pub engine: Arc<Mutex<Incremental>>,
    pub store: store::Store,
}

/// A request to the desk, as the routes see it. The body has been read within its limit.
pub struct DeskRequest {
    pub method: Method,
    /// The decoded path below [`PREFIX`], without a leading slash (`api/side`, `` for the page).
    pub path: String,
    /// The decoded query parameters, in order.
    pub query: Vec<(String, String)>,
    /// The `Content-Type` sent, lowercased, without parameters (`application/json`).
    pub content_type: Option<String>,
    /// The browser said another page sent the request (`Sec-Fetch-Site: same-site` or
    /// `cross-site`: another site, or a handbook page on the other port).
    pub from_elsewhere: bool,
    pub body: Vec<u8>,
}

/// The desk's answer; serve adds the private side's headers (CSP, no-store, nosniff …).
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub content_type: String,
    /// Other headers (name, value).
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn new(status: u16, content_type: &str, body: Vec<u8>) -> Reply {
        Reply {
            status,
            content_type: content_type.to_string(),
            headers: Vec::new(),
            body,
        }
    }

    /// A JSON answer.
    pub fn json(status: u16, value: &serde_json::Value) -> Reply {
        let body = serde_json::to_vec(value).unwrap_or_default();
        Reply::new(status, "application/json; charset=utf-8", body)
    }

    /// `{"fejl": {"kode", "besked", "hint"}}` for a problem of the catalogue, in the user's
    /// language.
    pub fn problem(status: u16, problem: impl Into<Problem>) -> Reply {
        let problem: Problem = problem.into();
        let text = problem.text(crate::problems::language());
        Reply::json(
            status,
            &serde_json::json!({"fejl": {
                "kode": problem.code().to_string(),
                "besked": text.message,
                "hint": text.hint,
            }}),
        )
    }

    pub fn header(mut self, name: &str, value: &str) -> Reply {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }
}

impl DeskRequest {
    /// A query parameter.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The JSON body as `T`, or the 400 answer saying what is wrong.
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> Result<T, Reply> {
        serde_json::from_slice(&self.body).map_err(|e| {
            Reply::problem(
                400,
                ServeProblem::DeskBadRequest {
                    reason: e.to_string(),
                },
            )
        })
    }

    pub fn is(&self, method: Method, path: &str) -> bool {
        self.method == method && self.path == path
    }
}

/// The largest body a request to `path` (below [`PREFIX`]) may send.
pub fn body_limit(path: &str) -> u64 {
    if path == "api/bog/foto" {
        MAX_UPLOAD
    } else {
        MAX_JSON
    }
}

/// The answer to a request over [`body_limit`].
pub fn too_large(path: &str) -> Reply {
    let limit = format!("{} MiB", body_limit(path) / (1024 * 1024));
    Reply::problem(413, ServeProblem::DeskTooLarge { limit })
}

impl Desk {
    /// The desk of the project in `root`, with a new token.
    pub fn new(root: &Path, engine: Arc<Mutex<Incremental>>) -> std::io::Result<Desk> {
        let mut secret = [0u8; 16];
        getrandom::fill(&mut secret).map_err(std::io::Error::other)?;
        Ok(Desk {
            root: root.to_path_buf(),
            token: secret.iter().map(|b| format!("{b:02x}")).collect(),
            engine,
            store: store::Store::default(),
        })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The address to open the desk with, on the private listener's `origin`.
    pub fn url(&self, origin: &str) -> String {
        format!("{origin}{PREFIX}?token={}", self.token)
    }

    /// This run's cookie name: [`COOKIE`] and a part of the token's hash (never of the token).
    fn cookie_name(&self) -> String {
        let hash = store::version(self.token.as_bytes());
        format!("{COOKIE}_{}", &hash[..8])
    }

    /// Whether `cookie` (the request's `Cookie` header) holds this run's session.
    pub fn has_session(&self, cookie: Option<&str>) -> bool {
        let own = self.cookie_name();
        cookie
            .into_iter()
            .flat_map(|c| c.split(';'))
            .filter_map(|pair| pair.trim().split_once('='))
            .any(|(name, value)| name == own && same_secret(value, &self.token))
    }

    /// The file of document `id` (its path relative to `content/`), if it is one of the
    /// content files the desk lists: a handbook page, or a chapter of a child's book.
    pub fn document(&self, id: &str) -> Result<PathBuf, Reply> {
        let unknown = || {
            Reply::problem(
                404,
                ServeProblem::DeskUnknownDocument { id: id.to_string() },
            )
        };
        if !documents(&self.root).iter().any(|d| d == id) {
            return Err(unknown());
        }
        let path = self.root.join(crate::project::CONTENT_DIR).join(id);
        // Checked again as every read is: no link on the way, no hard link into a book.
        let scope = match book_of(id) {
            Some(name) => Scope::book(&self.root, name),
            None => Scope::handbook(&self.root),
        };
        scope.check(&path).map_err(|_| unknown())?;
        Ok(path)
    }
}

/// The name of the child's book a document id is in (`boeger/emma/01-om-mig.md` -> `emma`).
pub fn book_of(id: &str) -> Option<&str> {
    let rest = id
        .strip_prefix(crate::project::BOOKS_DIR)?
        .strip_prefix('/')?;
    rest.split_once('/').map(|(name, _)| name)
}

/// Every document the desk may open, as ids: the handbook's Markdown files (as the build lists
/// them: no links, no hidden names, not the books) and the chapters of each child's book.
pub fn documents(root: &Path) -> Vec<String> {
    let content = root.join(crate::project::CONTENT_DIR);
    let id_of = |p: &Path| {
        p.strip_prefix(&content).ok().map(|r| {
            r.components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/")
        })
    };
    let mut ids: Vec<String> = match crate::handbook::load::scan(root) {
        Ok((files, _)) => files.iter().filter_map(|f| id_of(f)).collect(),
        Err(_) => Vec::new(),
    };
    let books = content.join(crate::project::BOOKS_DIR);
    for book in real_entries(&books).into_iter().filter(|(_, dir)| *dir) {
        let dir = books.join(&book.0);
        for (name, is_dir) in real_entries(&dir) {
            if !is_dir && name.ends_with(".md") {
                ids.extend(id_of(&dir.join(name)));
            }
        }
    }
    ids
}

/// The entries of `dir` that are real files or folders (no links, no hidden or backup names),
/// with whether each is a folder, sorted by name.
fn real_entries(dir: &Path) -> Vec<(String, bool)> {
    let mut out: Vec<(String, bool)> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            let t = e.file_type().ok()?;
            let usable = !crate::project::files::is_ignored_name(&name) && !t.is_symlink();
            (usable && (t.is_dir() || t.is_file())).then_some((name, t.is_dir()))
        })
        .collect();
    out.sort();
    out
}

/// Compares two secrets in time that does not depend on where they differ.
fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// Answers a request below [`PREFIX`]. `cookie`: the request's `Cookie` header. `own_write`:
/// for a POST, whether the browser said it comes from the desk's own page (`Origin` or
/// `Sec-Fetch-Site: same-origin`; the guard already refused a foreign one).
pub fn handle(desk: &Desk, req: &DeskRequest, cookie: Option<&str>, own_write: bool) -> Reply {
    // Opening the printed address: the token becomes the session cookie, and leaves the
    // address bar (and the browser's history) at once.
    if req.method == Method::GET && req.path.is_empty() {
        if let Some(token) = req.param("token") {
            if !same_secret(token, &desk.token) {
                return refused_page();
            }
            let cookie = format!(
                "{}={}; HttpOnly; SameSite=Strict; Path={PREFIX}",
                desk.cookie_name(),
                desk.token
            );
            return Reply::new(303, "text/plain; charset=utf-8", Vec::new())
                .header("set-cookie", &cookie)
                .header("location", PREFIX);
        }
    }
    if !desk.has_session(cookie) {
        return if req.path.starts_with("api/") {
            Reply::problem(403, ServeProblem::DeskNoSession)
        } else {
            refused_page()
        };
    }
    // The API answers only the desk's own page. A top-level navigation from elsewhere passes
    // the guard (it may open the desk), but a link or script on a handbook page must not make
    // the desk build a child's PDF and record it as handed over, nor read anything.
    if req.from_elsewhere && req.path.starts_with("api/") {
        return Reply::problem(403, ServeProblem::DeskFromElsewhere);
    }
    let writes = !matches!(req.method, Method::GET | Method::HEAD);
    if writes && !own_write {
        return Reply::problem(403, ServeProblem::DeskNotOwnWrite);
    }
    if writes
        && req.path != "api/bog/foto"
        && req.content_type.as_deref() != Some("application/json")
    {
        return Reply::problem(415, ServeProblem::DeskNotOwnWrite);
    }
    if req.path.is_empty() || req.path == "index.html" {
        return asset("index.html").unwrap_or_else(not_found);
    }
    if let Some(name) = req.path.strip_prefix("assets/") {
        return asset(name).unwrap_or_else(not_found);
    }
    let routes: [fn(&Desk, &DeskRequest) -> Option<Reply>; 5] = [
        pages::route,
        pages::edits::route,
        preview::route,
        books::route,
        photos::route,
    ];
    routes
        .iter()
        .find_map(|route| route(desk, req))
        .unwrap_or_else(not_found)
}

fn not_found() -> Reply {
    Reply::problem(
        404,
        ServeProblem::DeskBadRequest {
            reason: "ukendt adresse".into(),
        },
    )
}

/// The desk's own files, embedded in the binary: nothing is loaded from the internet.
fn asset(name: &str) -> Option<Reply> {
    let (ctype, body): (&str, &str) = match name {
        "index.html" => (
            "text/html; charset=utf-8",
            include_str!("assets/index.html"),
        ),
        "desk.css" => ("text/css; charset=utf-8", include_str!("assets/desk.css")),
        "desk.js" => (
            "text/javascript; charset=utf-8",
            include_str!("assets/desk.js"),
        ),
        _ => return None,
    };
    Some(Reply::new(200, ctype, body.as_bytes().to_vec()))
}

/// The page for a request without the session: what to do, never why in detail.
fn refused_page() -> Reply {
    let text = Problem::from(ServeProblem::DeskNoSession).text(crate::problems::language());
    let page = format!(
        "<!doctype html><html lang=\"da\"><head><meta charset=\"utf-8\"><meta name=\"robots\" content=\"noindex\"><title>Skrivebordet</title></head><body><main><h1>Åbn adressen fra terminalen</h1><p>{}.</p><p>{}.</p></main></body></html>\n",
        html_escape(&text.message),
        html_escape(text.hint.as_deref().unwrap_or(""))
    );
    Reply::new(403, "text/html; charset=utf-8", page.into_bytes())
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_compare_equal_only_when_equal() {
        assert!(same_secret("abc", "abc"));
        assert!(!same_secret("abc", "abd"));
        assert!(!same_secret("abc", "abcd"));
        assert!(!same_secret("", "a"));
    }

    #[test]
    fn book_ids_name_their_book() {
        assert_eq!(book_of("boeger/emma/01-om-mig.md"), Some("emma"));
        assert_eq!(book_of("boeger/emma"), None);
        assert_eq!(book_of("metoder/x.md"), None);
        assert_eq!(book_of("boegerx/emma/1.md"), None);
    }
}
