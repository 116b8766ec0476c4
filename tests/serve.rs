//! `bogbinder serve` as a real process on a free port of 127.0.0.1.

mod common;
use common::*;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Server {
    child: Child,
    /// The handbook's port.
    port: u16,
    /// The private listener's port (books), always on 127.0.0.1.
    books: u16,
    /// What the server printed to stderr so far.
    stderr: std::sync::Arc<std::sync::Mutex<String>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(p: &Project) -> Server {
    let s = start_with(p, &[]);
    assert!(s.url.contains("http://127.0.0.1:"), "{}", s.url);
    s.server
}

struct Started {
    server: Server,
    url: String,
}

fn start_with(p: &Project, extra: &[&str]) -> Started {
    let mut child = Command::new(env!("CARGO_BIN_EXE_bogbinder"))
        .args(["serve", "--port", "0"])
        .args(extra)
        .current_dir(p.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start serve");
    let stderr = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let mut err = BufReader::new(child.stderr.take().unwrap());
    let sink = std::sync::Arc::clone(&stderr);
    std::thread::spawn(move || {
        let mut line = String::new();
        while err.read_line(&mut line).is_ok_and(|n| n > 0) {
            sink.lock().unwrap().push_str(&line);
            line.clear();
        }
    });
    let out = child.stdout.take().unwrap();
    // Owned by the guard at once, so the process is stopped even if its address is not found.
    let mut server = Server {
        child,
        port: 0,
        books: 0,
        stderr,
    };
    let mut out = BufReader::new(out);
    let mut line = String::new();
    out.read_line(&mut line).unwrap();
    let mut books_line = String::new();
    out.read_line(&mut books_line).unwrap();
    // Keep reading what the server prints, as a terminal would.
    std::thread::spawn(move || std::io::copy(&mut out, &mut std::io::sink()));
    let port_in = |line: &str, prefix: &str| -> u16 {
        line.trim()
            .strip_prefix(prefix)
            .and_then(|url| url.split(':').nth(2))
            .and_then(|p| p.split('/').next())
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("no URL in {line:?}"))
    };
    server.port = port_in(&line, "Forhåndsvisning: ");
    server.books = port_in(&books_line, "Bøger (kun på denne maskine): ");
    assert!(
        books_line.contains(&format!("http://127.0.0.1:{}/__boeger/", server.books)),
        "{books_line}"
    );
    Started { server, url: line }
}

/// One raw HTTP/1.0 request, so nothing normalises the path on the way.
fn raw(port: u16, request_line: &str) -> (u16, String) {
    let (code, _, body) = fetch(std::net::Ipv4Addr::LOCALHOST.into(), port, request_line);
    (code, String::from_utf8_lossy(&body).into_owned())
}

/// A raw request to `ip`, naming it as `Host`: status, head and body bytes.
fn fetch(ip: std::net::IpAddr, port: u16, request_line: &str) -> (u16, String, Vec<u8>) {
    let host = std::net::SocketAddr::new(ip, port);
    fetch_with(ip, port, &format!("{request_line}\r\nHost: {host}"))
}

/// A raw request to `ip` with the head given (request line and headers, without the end).
fn fetch_with(ip: std::net::IpAddr, port: u16, head: &str) -> (u16, String, Vec<u8>) {
    let mut s = TcpStream::connect((ip, port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    // Written beside the reading: a server may answer a head it refuses (431, 413) and close
    // before all of it is sent, which breaks the pipe of a writer that waits for itself.
    let mut writer = s.try_clone().unwrap();
    let request = format!("{head}\r\nConnection: close\r\n\r\n");
    let sending = std::thread::spawn(move || {
        let _ = writer.write_all(request.as_bytes());
    });
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    let _ = sending.join();
    parse_response(&buf)
}

/// Status, head and body of a response.
fn parse_response(buf: &[u8]) -> (u16, String, Vec<u8>) {
    let split = buf
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or(buf.len());
    let head = String::from_utf8_lossy(&buf[..split]).into_owned();
    let body = buf.get(split + 4..).unwrap_or_default().to_vec();
    let code = head
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (code, head, body)
}

fn get(port: u16, path: &str) -> (u16, String) {
    raw(port, &format!("GET {path} HTTP/1.0"))
}

/// Polls until `pred` holds for the response, within a few seconds.
#[track_caller]
fn wait_for(port: u16, path: &str, what: &str, pred: impl Fn(&str) -> bool) -> String {
    let start = Instant::now();
    loop {
        let (_, body) = get(port, path);
        if pred(&body) {
            return body;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "timed out waiting for {what}; last: {body}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn edit_reload_break_and_fix() {
    let p = Project::new();
    p.file(
        "content/metoder/_index.md",
        "+++\ntitle = \"Metoder\"\n+++\n",
    );
    let page = "+++\ntitle = \"Samtalen\"\n+++\nFørste udgave.\n";
    p.file("content/metoder/samtalen.md", page);
    let s = start(&p);
    let (code, html) = get(s.port, "/metoder/samtalen/");
    assert_eq!(code, 200);
    assert!(html.contains("Første udgave"));
    assert!(
        html.contains("/__bogbinder/live.js"),
        "no live-reload script"
    );

    // The event stream: current state first, then an update after the edit.
    let mut events = TcpStream::connect(("127.0.0.1", s.port)).unwrap();
    events
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        events,
        "GET /__bogbinder/events HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n\r\n",
        s.port
    )
    .unwrap();
    let mut reader = BufReader::new(events);
    let next_event = |r: &mut BufReader<TcpStream>| -> String {
        let mut line = String::new();
        loop {
            line.clear();
            r.read_line(&mut line).expect("event stream");
            if let Some(data) = line.strip_prefix("data: ") {
                return data.to_string();
            }
        }
    };
    let first = next_event(&mut reader);
    assert!(first.contains("\"problems\":[]"), "{first}");

    p.file(
        "content/metoder/samtalen.md",
        &page.replace("Første", "Anden"),
    );
    let ev = next_event(&mut reader);
    assert!(ev.contains("metoder/samtalen/index.html"), "{ev}");
    let (_, html) = get(s.port, "/metoder/samtalen/");
    assert!(html.contains("Anden udgave"), "new content not served");

    // Broken front matter: the error with its place, and the last good page still served.
    p.file(
        "content/metoder/samtalen.md",
        "+++\ntitle = \"Samtalen\nforkert\n+++\nTredje.\n",
    );
    let ev = next_event(&mut reader);
    assert!(ev.contains("content/metoder/samtalen.md"), "{ev}");
    assert!(
        ev.contains("\"line\":") && ev.contains("\"column\":"),
        "{ev}"
    );
    let (code, html) = get(s.port, "/metoder/samtalen/");
    assert_eq!(code, 200);
    assert!(html.contains("Anden udgave"));

    // Editors' temporary files change nothing; the server is still there.
    p.file("content/metoder/.samtalen.md.swp", "x");
    p.file("content/metoder/4913", "");
    p.file("content/metoder/samtalen.md~", "x");

    p.file(
        "content/metoder/samtalen.md",
        &page.replace("Første", "Fjerde"),
    );
    let ev = next_event(&mut reader);
    assert!(ev.contains("\"problems\":[]"), "{ev}");
    wait_for(s.port, "/metoder/samtalen/", "the fixed page", |b| {
        b.contains("Fjerde udgave")
    });
    let (_, status) = get(s.port, "/__bogbinder/status");
    assert!(status.contains("\"problems\":[]"), "{status}");
}

#[test]
fn only_site_files_and_only_get_or_head() {
    let p = Project::new();
    p.file("hemmelig.txt", "HEMMELIGT");
    p.file("content/boeger/anna/bog.toml", "navn = \"Anna\"\n");
    let s = start(&p);
    for path in [
        "/../hemmelig.txt",
        "/%2e%2e/hemmelig.txt",
        "/%2E%2E/%2e%2e/etc/passwd",
        "/static/..%2f..%2fhemmelig.txt",
        "/..\\hemmelig.txt",
        "/static\\..\\..\\hemmelig.txt",
        "//etc/passwd",
        "/etc/passwd",
        "/content/boeger/anna/bog.toml",
        "/bogbinder.toml",
        "/./index.html",
        "/%00",
    ] {
        let (code, body) = get(s.port, path);
        assert_eq!(code, 404, "{path}");
        assert!(
            !body.contains("HEMMELIGT") && !body.contains("root:") && !body.contains("Anna"),
            "{path}"
        );
    }
    let (code, _) = raw(s.port, "GET http://127.0.0.1/../hemmelig.txt HTTP/1.0");
    assert_ne!(code, 200);
    let (code, _) = raw(s.port, "POST / HTTP/1.0");
    assert_eq!(code, 405);
    let (code, _) = raw(s.port, "DELETE /index.html HTTP/1.0");
    assert_eq!(code, 405);
    let (code, body) = raw(s.port, "HEAD /index.html HTTP/1.0");
    assert_eq!(code, 200);
    assert!(body.is_empty(), "HEAD sent a body");
    assert_eq!(get(s.port, "/").0, 200);
    assert_eq!(get(s.port, "/static/style.css").0, 200);
}

#[test]
fn bursts_and_deleted_folders_do_not_stop_the_server() {
    let p = Project::new();
    p.file(
        "content/redskaber/_index.md",
        "+++\ntitle = \"Redskaber\"\n+++\n",
    );
    p.file(
        "content/redskaber/skema.md",
        "+++\ntitle = \"Skema\"\n+++\nSkema.\n",
    );
    let s = start(&p);
    for k in 0..1000 {
        p.file(
            "content/redskaber/skema.md",
            &format!("+++\ntitle = \"Skema\"\n+++\nUdgave {k}.\n"),
        );
    }
    wait_for(s.port, "/redskaber/skema/", "the last of 1000 saves", |b| {
        b.contains("Udgave 999.")
    });
    std::fs::remove_dir_all(p.path().join("content/redskaber")).unwrap();
    let (code, _) = wait_until_code(s.port, "/redskaber/skema/", 404);
    assert_eq!(code, 404);
    p.file(
        "content/redskaber/_index.md",
        "+++\ntitle = \"Redskaber\"\n+++\n",
    );
    p.file(
        "content/redskaber/skema.md",
        "+++\ntitle = \"Skema\"\n+++\nTilbage.\n",
    );
    wait_for(s.port, "/redskaber/skema/", "the folder made again", |b| {
        b.contains("Tilbage.")
    });
}

fn wait_until_code(port: u16, path: &str, code: u16) -> (u16, String) {
    let start = Instant::now();
    loop {
        let r = get(port, path);
        if r.0 == code || start.elapsed() > Duration::from_secs(10) {
            return r;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The live event stream, read one `data:` line at a time.
struct Events(BufReader<TcpStream>);

impl Events {
    fn open(port: u16) -> Events {
        let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        write!(
            s,
            "GET /__bogbinder/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n"
        )
        .unwrap();
        Events(BufReader::new(s))
    }

    fn next(&mut self) -> String {
        let mut line = String::new();
        loop {
            line.clear();
            self.0.read_line(&mut line).expect("event stream");
            if let Some(data) = line.strip_prefix("data: ") {
                return data.to_string();
            }
        }
    }

    /// The first event that `pred` accepts (events before it are skipped).
    #[track_caller]
    fn until(&mut self, what: &str, pred: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let ev = self.next();
            if pred(&ev) {
                return ev;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "no event with {what}; last: {ev}"
            );
        }
    }
}

const CHAPTER: &str = "+++\ntitle = \"Alt om mig\"\n+++\nJeg hedder Ida.\n";

/// A project with a barnets bog `ida` and a handbook page.
fn book_project() -> Project {
    let p = Project::new();
    p.file("hemmelig.txt", "HEMMELIGT");
    p.file(
        "content/metoder/samtalen.md",
        "+++\ntitle = \"Samtalen\"\n+++\nHåndbog.\n",
    );
    p.file("content/boeger/ida/bog.toml", "navn = \"Ida\"\n");
    p.file("content/boeger/ida/01-alt-om-mig.md", CHAPTER);
    p
}

#[test]
fn book_preview_rebuilds_on_edits_and_photos_and_keeps_problems_apart() {
    let p = book_project();
    let s = start(&p);
    let local = std::net::IpAddr::from(std::net::Ipv4Addr::LOCALHOST);

    let (code, head, list) = fetch(local, s.books, "GET /__boeger/ HTTP/1.0");
    let list = String::from_utf8_lossy(&list);
    assert_eq!(code, 200);
    assert!(list.contains("Bøger i projektet") && list.contains("href=\"ida/\""));
    assert!(list.contains(">Ida</a>"), "{list}");
    assert_eq!(header(&head, "X-Robots-Tag"), Some("noindex, nofollow"));
    assert_eq!(header(&head, "Cache-Control"), Some("no-store"));

    let (code, head, _) = fetch(local, s.books, "GET /__boeger/ida HTTP/1.0");
    assert_eq!(code, 301);
    assert_eq!(header(&head, "Location"), Some("/__boeger/ida/"));
    let (code, head, page) = fetch(local, s.books, "GET /__boeger/ida/ HTTP/1.0");
    let page = String::from_utf8_lossy(&page);
    assert_eq!(code, 200, "{page}");
    assert!(page.contains("Jeg hedder Ida.") && page.contains("/__bogbinder/live.js"));
    assert_eq!(header(&head, "X-Robots-Tag"), Some("noindex, nofollow"));
    assert_eq!(header(&head, "Cache-Control"), Some("no-store"));
    assert_eq!(get(s.books, "/__boeger/ukendt/").0, 404);

    // An edit to a chapter: an update naming the book's page, and the new text.
    let mut events = Events::open(s.books);
    events.next();
    p.file(
        "content/boeger/ida/01-alt-om-mig.md",
        &CHAPTER.replace("Ida.", "Ida og er 9 år."),
    );
    events.until("the book's page", |e| {
        e.contains("\"__boeger/ida/index.html\"")
    });
    assert!(get(s.books, "/__boeger/ida/").1.contains("er 9 år"));

    // A photo dropped in and shown: processed, without EXIF (GPS) in what is served.
    p.bytes(
        "content/boeger/ida/billeder/stranden.jpg",
        &photo_with_gps(),
    );
    p.file(
        "content/boeger/ida/01-alt-om-mig.md",
        &format!("{CHAPTER}\n![Stranden](billeder/stranden.jpg)\n"),
    );
    events.until("the book with its photo", |e| {
        e.contains("\"__boeger/ida/index.html\"")
    });
    let page = get(s.books, "/__boeger/ida/").1;
    assert!(page.contains("src=\"billeder/01.jpg\""), "{page}");
    let (code, head, jpeg) = fetch(local, s.books, "GET /__boeger/ida/billeder/01.jpg HTTP/1.0");
    assert_eq!(code, 200);
    assert_eq!(header(&head, "Content-Type"), Some("image/jpeg"));
    assert!(
        exif::Reader::new()
            .read_from_container(&mut std::io::Cursor::new(&jpeg))
            .is_err(),
        "the served photo still has EXIF"
    );
    let img = image::load_from_memory(&jpeg).expect("a real JPEG");
    assert!(img.height() > img.width(), "not turned upright");

    // A broken bog.toml and a broken handbook page: both reported, each apart.
    p.file("content/boeger/ida/bog.toml", "navn = Ida\n");
    let ev = events.until("the book's problem", |e| e.contains("bog.toml"));
    assert!(ev.contains("content/boeger/ida/bog.toml:1:"), "{ev}");
    assert!(ev.contains("\"book\":\"ida\""), "{ev}");
    let (code, page) = get(s.books, "/__boeger/ida/");
    assert_eq!(code, 200);
    assert!(
        page.contains("billeder/01.jpg"),
        "the last good book is gone"
    );
    // The handbook's side is told nothing of it: its pages may run any script.
    let handbook_status = get(s.port, "/__bogbinder/status").1;
    assert!(
        !handbook_status.contains("ida") && !handbook_status.contains("boeger"),
        "{handbook_status}"
    );
    let mut handbook_events = Events::open(s.port);
    handbook_events.next();
    p.file(
        "content/metoder/samtalen.md",
        "+++\ntitle = \"Samtalen\nforkert\n+++\n",
    );
    let ev = handbook_events.until("the handbook's problem", |e| e.contains("samtalen.md"));
    assert!(!ev.contains("bog.toml") && !ev.contains("ida"), "{ev}");
    let status = get(s.books, "/__bogbinder/status").1;
    assert!(
        status.contains("bog.toml") && !status.contains("samtalen.md"),
        "{status}"
    );

    // Fixing the book leaves the handbook's problem, and the other way round.
    p.file("content/boeger/ida/bog.toml", "navn = \"Ida\"\n");
    events.until("the fixed book", |e| e.contains("\"problems\":[]"));
    assert!(get(s.port, "/__bogbinder/status").1.contains("samtalen.md"));
    p.file(
        "content/metoder/samtalen.md",
        "+++\ntitle = \"Samtalen\"\n+++\nHåndbog.\n",
    );
    handbook_events.until("no problems", |e| e.contains("\"problems\":[]"));

    // Only the processed book files are served, and nothing outside.
    for path in [
        "/__boeger/../hemmelig.txt",
        "/__boeger/../",
        "/__boeger/%2e%2e/",
        "/__boeger/%2e%2e/hemmelig.txt",
        "/__boeger/ida/../../../hemmelig.txt",
        "/__boeger/ida/%2e%2e/%2e%2e/%2e%2e/hemmelig.txt",
        "/__boeger/ida/..%2f..%2f..%2fhemmelig.txt",
        "/__boeger/ida\\..\\..\\hemmelig.txt",
        "/__boeger/ida/bog.toml",
        "/__boeger/ida/01-alt-om-mig.md",
        "/__boeger/ida/billeder/stranden.jpg",
        "/__boeger/IDA/",
    ] {
        let (code, body) = get(s.books, path);
        assert_eq!(code, 404, "{path}");
        assert!(!body.contains("HEMMELIGT"), "{path}");
    }
    // The book is nowhere in the handbook, and nothing was written.
    assert_eq!(get(s.port, "/boeger/ida/").0, 404);
    assert_eq!(get(s.port, "/content/boeger/ida/bog.toml").0, 404);
    assert!(!get(s.port, "/sitemap.xml").1.contains("ida"));
    assert!(!p.exists("output") && !p.exists("boeger-output"));
}

#[test]
fn book_that_never_built_shows_why_and_recovers() {
    let p = book_project();
    p.bytes("content/boeger/ida/billeder/a.heic", b"....ftypheic");
    p.file(
        "content/boeger/ida/bog.toml",
        "navn = \"Ida\"\n[[minder]]\nfil = \"billeder/a.heic\"\n",
    );
    let s = start(&p);
    let (code, page) = get(s.books, "/__boeger/ida/");
    assert_eq!(code, 500);
    assert!(
        page.contains("billeder/a.heic") && page.contains("HEIC"),
        "{page}"
    );
    assert!(page.contains("/__bogbinder/live.js"));
    let status = get(s.books, "/__bogbinder/status").1;
    assert!(
        status.contains("a.heic") && status.contains("\"book\":\"ida\""),
        "{status}"
    );
    assert!(get(s.books, "/__boeger/").1.contains("har fejl"));

    p.bytes("content/boeger/ida/billeder/a.jpg", &photo_with_gps());
    p.file(
        "content/boeger/ida/bog.toml",
        "navn = \"Ida\"\n[[minder]]\nfil = \"billeder/a.jpg\"\ntekst = \"Ved stranden\"\n",
    );
    let page = wait_for(s.books, "/__boeger/ida/", "the book built", |b| {
        b.contains("Ved stranden")
    });
    assert!(page.contains("billeder/01.jpg"));
    assert!(get(s.books, "/__bogbinder/status")
        .1
        .contains("\"problems\":[]"));
    // The PDF is made when asked for.
    let local = std::net::IpAddr::from(std::net::Ipv4Addr::LOCALHOST);
    let (code, head, pdf) = fetch(local, s.books, "GET /__boeger/ida/ida.pdf HTTP/1.0");
    assert_eq!(code, 200);
    assert_eq!(header(&head, "Content-Type"), Some("application/pdf"));
    assert!(pdf.starts_with(b"%PDF"));
}

/// An address of this "machine" that is not loopback, inside a network namespace of the test's
/// own: a peer from it is another machine to the server, and no packet leaves the namespace.
const OTHER_MACHINE: std::net::Ipv4Addr = std::net::Ipv4Addr::new(192, 0, 2, 77);

#[test]
fn other_machines_get_the_handbook_but_nothing_of_a_book() {
    if !in_own_network("other_machines_get_the_handbook_but_nothing_of_a_book") {
        return;
    }
    let p = book_project();
    p.file("content/boeger/ida/bog.toml", "navn = Ida\n");
    let started = start_with(&p, &["--bind", "0.0.0.0"]);
    let s = started.server;
    assert!(started.url.contains("http://127.0.0.1:"), "{}", started.url);
    let start = Instant::now();
    while !s.stderr.lock().unwrap().contains("/__boeger/") {
        assert!(start.elapsed() < Duration::from_secs(5), "no warning");
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(
        s.stderr
            .lock()
            .unwrap()
            .contains("vises kun på denne maskine"),
        "{}",
        s.stderr.lock().unwrap()
    );
    let other = std::net::IpAddr::from(OTHER_MACHINE);
    let (code, _, _) = fetch(other, s.port, "GET / HTTP/1.0");
    assert_eq!(code, 200, "the handbook is shown on the network");

    // A handbook page that links into the book: its problem quotes the book's path.
    p.file(
        "content/metoder/link.md",
        "+++\ntitle = \"Link\"\n+++\n[Idas bog](../boeger/ida/bog.toml)\n",
    );
    // From this machine: the book with its problem, and the handbook page's problem as written.
    wait_for(s.port, "/__bogbinder/status", "the link's problem", |b| {
        b.contains("barns bog")
    });
    assert_eq!(get(s.books, "/__boeger/ida/").0, 500);
    assert!(get(s.books, "/__bogbinder/status")
        .1
        .contains("\"book\":\"ida\""));
    for path in [
        "/__boeger/",
        "/__boeger/ida/",
        "/%5F%5Fboeger/ida/",
        "/__boeger/ida/ida.pdf",
    ] {
        let (code, head, body) = fetch(other, s.port, &format!("GET {path} HTTP/1.0"));
        let body = String::from_utf8_lossy(&body);
        assert_eq!(code, 403, "{path}");
        assert!(
            body.contains("kun på denne maskine") && !body.contains("Ida"),
            "{path}"
        );
        assert_eq!(header(&head, "X-Robots-Tag"), Some("noindex, nofollow"));
        assert_eq!(header(&head, "Location"), None, "{path}");
    }
    // The books' own listener is not on the network at all.
    assert!(TcpStream::connect((other, s.books)).is_err());
    // Another machine using a name for this one (DNS rebinding) is refused too.
    let (code, _, _) = fetch_with(
        other,
        s.port,
        &format!("GET / HTTP/1.1\r\nHost: rebind.example:{}", s.port),
    );
    assert_eq!(code, 421);

    // Status and events: where the handbook's problem is, never what it says about the book.
    let (_, _, status) = fetch(other, s.port, "GET /__bogbinder/status HTTP/1.0");
    let status = String::from_utf8_lossy(&status).into_owned();
    assert!(status.contains("content/metoder/link.md"), "{status}");
    assert!(
        !status.contains("ida") && !status.contains("boeger") && !status.contains("Ida"),
        "{status}"
    );
    let mut events = TcpStream::connect((other, s.port)).unwrap();
    events
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    write!(
        events,
        "GET /__bogbinder/events HTTP/1.1\r\nHost: {other}:{}\r\n\r\n",
        s.port
    )
    .unwrap();
    let mut events = Events(BufReader::new(events));
    let first = events.next();
    assert!(
        first.contains("link.md") && !first.contains("ida"),
        "{first}"
    );

    // A save in the book: the books' side hears of it, other machines not even that.
    let mut book_events = Events::open(s.books);
    book_events.next();
    p.file("content/boeger/ida/bog.toml", "navn = \"Ida\"\n");
    book_events.until("the fixed book", |e| e.contains("\"problems\":[]"));
    let (_, _, after) = fetch(other, s.port, "GET /__bogbinder/status HTTP/1.0");
    assert_eq!(String::from_utf8_lossy(&after), status);
}

/// A request with the `Host` (and request line) given, to 127.0.0.1.
fn with_host(port: u16, request_line: &str, host: &str) -> (u16, String) {
    let local = std::net::IpAddr::from(std::net::Ipv4Addr::LOCALHOST);
    let (code, _, body) = fetch_with(local, port, &format!("{request_line}\r\nHost: {host}"));
    (code, String::from_utf8_lossy(&body).into_owned())
}

#[test]
fn every_route_refuses_a_name_that_is_not_this_server() {
    let p = book_project();
    let s = start(&p);
    for (port, other_port) in [(s.port, s.books), (s.books, s.port)] {
        for path in [
            "/",
            "/metoder/samtalen/",
            "/__bogbinder/status",
            "/__bogbinder/events",
            "/__bogbinder/live.js",
            "/__boeger/",
            "/__boeger/ida/",
            "/__boeger/ida/ida.pdf",
        ] {
            for host in [
                // DNS rebinding: the attacker's name, pointed at 127.0.0.1, with the right port.
                format!("rebind.example:{port}"),
                format!("127.0.0.1.nip.io:{port}"),
                "rebind.example".to_string(),
                format!("127.0.0.1:{other_port}"),
                format!("0.0.0.0:{port}"),
            ] {
                let (code, body) = with_host(port, &format!("GET {path} HTTP/1.1"), &host);
                assert_eq!(code, 421, "{path} with Host {host}");
                assert!(
                    !body.contains("Ida")
                        && !body.contains("Håndbog")
                        && !body.contains("problems"),
                    "{path} with Host {host}: {body}"
                );
            }
        }
        // No Host at all, and a request naming another server in its target.
        assert_eq!(fetch_with(local_ip(), port, "GET / HTTP/1.0").0, 421);
        let (code, _) = with_host(
            port,
            "GET http://rebind.example/ HTTP/1.1",
            &format!("127.0.0.1:{port}"),
        );
        assert_eq!(code, 421);
    }
    // This machine's own names work.
    for host in ["127.0.0.1", "localhost", "[::1]"] {
        let (code, body) = with_host(
            s.port,
            "GET /metoder/samtalen/ HTTP/1.1",
            &format!("{host}:{}", s.port),
        );
        assert_eq!(code, 200, "{host}");
        assert!(body.contains("Håndbog."), "{host}");
        let (code, _) = with_host(
            s.books,
            "GET /__boeger/ HTTP/1.1",
            &format!("{host}:{}", s.books),
        );
        assert_eq!(code, 200, "{host}");
    }
}

fn local_ip() -> std::net::IpAddr {
    std::net::Ipv4Addr::LOCALHOST.into()
}

#[test]
fn books_live_only_on_their_own_origin() {
    let p = book_project();
    let s = start(&p);
    let books_origin = format!("http://127.0.0.1:{}", s.books);

    // The handbook's port sends this machine on to the books' port, and shows nothing itself.
    for path in ["/__boeger/", "/__boeger/ida/", "/%5F%5Fboeger/ida/?x=1"] {
        let (code, head, body) = fetch(local_ip(), s.port, &format!("GET {path} HTTP/1.0"));
        assert_eq!(code, 307, "{path}");
        assert_eq!(
            header(&head, "Location"),
            Some(format!("{books_origin}{path}").as_str())
        );
        assert!(!String::from_utf8_lossy(&body).contains("Ida"), "{path}");
    }
    // The books' port shows no handbook page (their scripts would run beside the books).
    let (code, head, _) = fetch(local_ip(), s.books, "GET / HTTP/1.0");
    assert_eq!(code, 303);
    assert_eq!(header(&head, "Location"), Some("/__boeger/"));
    for path in [
        "/metoder/samtalen/",
        "/static/style.css",
        "/search.json",
        "/404.html",
    ] {
        let (code, body) = get(s.books, path);
        assert_eq!(code, 404, "{path}");
        assert!(!body.contains("Håndbog."), "{path}");
    }
    let (code, head, list) = fetch(local_ip(), s.books, "GET /__boeger/ HTTP/1.0");
    assert_eq!(code, 200);
    let list = String::from_utf8_lossy(&list);
    assert!(
        list.contains(&format!("href=\"http://127.0.0.1:{}/\"", s.port)),
        "no way back to the handbook: {list}"
    );
    // Book pages run only bogbinder's script, load nothing from elsewhere, are never framed.
    let (code, head_page, _) = fetch(local_ip(), s.books, "GET /__boeger/ida/ HTTP/1.0");
    assert_eq!(code, 200);
    for head in [&head, &head_page] {
        let csp = header(head, "Content-Security-Policy").unwrap_or_default();
        assert!(
            csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'"),
            "{head}"
        );
        assert!(!csp.contains("unsafe-eval") && !csp.contains("script-src 'self' 'unsafe-inline'"));
        assert_eq!(header(head, "X-Frame-Options"), Some("DENY"));
        assert_eq!(header(head, "X-Content-Type-Options"), Some("nosniff"));
        assert_eq!(
            header(head, "Cross-Origin-Resource-Policy"),
            Some("same-origin")
        );
        assert_eq!(header(head, "Referrer-Policy"), Some("no-referrer"));
    }
    let (_, handbook_head, _) = fetch(local_ip(), s.port, "GET /metoder/samtalen/ HTTP/1.0");
    assert_eq!(
        header(&handbook_head, "X-Content-Type-Options"),
        Some("nosniff")
    );

    // A handbook page's script asking the books' port: refused by Origin and by fetch metadata.
    let handbook_origin = format!("http://127.0.0.1:{}", s.port);
    let host = format!("Host: 127.0.0.1:{}", s.books);
    for extra in [
        format!("Origin: {handbook_origin}"),
        "Origin: null".to_string(),
        "Sec-Fetch-Site: same-site\r\nSec-Fetch-Mode: cors\r\nSec-Fetch-Dest: empty".to_string(),
        "Sec-Fetch-Site: same-site\r\nSec-Fetch-Mode: no-cors\r\nSec-Fetch-Dest: image".to_string(),
        "Sec-Fetch-Site: cross-site\r\nSec-Fetch-Mode: navigate\r\nSec-Fetch-Dest: iframe"
            .to_string(),
    ] {
        for path in [
            "/__boeger/ida/",
            "/__bogbinder/status",
            "/__bogbinder/events",
        ] {
            let (code, _, body) = fetch_with(
                local_ip(),
                s.books,
                &format!("GET {path} HTTP/1.1\r\n{host}\r\n{extra}"),
            );
            assert_eq!(code, 403, "{path} with {extra}");
            assert!(
                !String::from_utf8_lossy(&body).contains("Ida"),
                "{path} with {extra}"
            );
        }
    }
    // A link followed from the handbook is a navigation: that is how the user gets there.
    let (code, _, page) = fetch_with(
        local_ip(),
        s.books,
        &format!("GET /__boeger/ida/ HTTP/1.1\r\n{host}\r\nSec-Fetch-Site: same-site\r\nSec-Fetch-Mode: navigate\r\nSec-Fetch-Dest: document"),
    );
    assert_eq!(code, 200);
    assert!(String::from_utf8_lossy(&page).contains("Jeg hedder Ida."));
}

#[test]
fn slow_clients_do_not_lock_others_out() {
    let p = Project::new();
    p.file(
        "content/metoder/samtalen.md",
        "+++\ntitle = \"Samtalen\"\n+++\nTekst.\n",
    );
    let s = start(&p);
    // More trickling connections than the server keeps open at once.
    let mut slow: Vec<TcpStream> = (0..600)
        .map(|_| {
            let mut c = TcpStream::connect(("127.0.0.1", s.port)).unwrap();
            let _ = c.write_all(b"GET / HTTP/1.1\r\nX-Langsom: ");
            c
        })
        .collect();
    for c in &mut slow {
        let _ = c.write_all(b"a");
    }
    // An ordinary request is still answered.
    let mut c = TcpStream::connect(("127.0.0.1", s.port)).unwrap();
    c.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(
        c,
        "GET /metoder/samtalen/ HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n",
        s.port
    )
    .unwrap();
    let mut answer = Vec::new();
    let _ = c.read_to_end(&mut answer);
    assert_eq!(
        parse_response(&answer).0,
        200,
        "no answer beside 600 slow clients"
    );

    // A byte now and then does not keep a connection: its head has one deadline (10 s).
    let started = Instant::now();
    let mut open = slow.len();
    while open > 0 && started.elapsed() < Duration::from_secs(25) {
        std::thread::sleep(Duration::from_secs(1));
        open = 0;
        for c in &mut slow {
            c.set_read_timeout(Some(Duration::from_millis(1))).unwrap();
            let mut buf = [0u8; 512];
            let closed = match c.read(&mut buf) {
                Ok(_) => true,
                Err(e) => !matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ),
            };
            if !closed && c.write_all(b"a").is_ok() {
                open += 1;
            }
        }
    }
    assert_eq!(open, 0, "slow clients kept their connections");
}

#[test]
fn many_event_streams_do_not_block_page_loads() {
    let p = Project::new();
    p.file(
        "content/metoder/samtalen.md",
        "+++\ntitle = \"Samtalen\"\n+++\nTekst.\n",
    );
    let s = start(&p);
    let streams: Vec<TcpStream> = (0..256)
        .map(|_| {
            let mut c = TcpStream::connect(("127.0.0.1", s.port)).unwrap();
            write!(
                c,
                "GET /__bogbinder/events HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n\r\n",
                s.port
            )
            .unwrap();
            c
        })
        .collect();
    // Every stream is answered: with the state, or (past the cap) with when to try again.
    let (mut live, mut later) = (0, 0);
    for mut c in streams.iter() {
        c.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let mut text = String::new();
        let mut chunk = [0u8; 4096];
        while !text.contains("data: ") && !text.contains("retry: ") {
            match c.read(&mut chunk) {
                Ok(0) | Err(_) => break,
                Ok(n) => text.push_str(&String::from_utf8_lossy(&chunk[..n])),
            }
        }
        if text.contains("event: update") {
            live += 1;
        } else if text.contains("retry: ") {
            later += 1;
        }
    }
    assert_eq!(
        live + later,
        256,
        "{live} streams, {later} told to come back"
    );
    assert!(
        later > 0 && live > 0,
        "{live} streams, {later} told to come back"
    );
    let (code, body) = get(s.port, "/metoder/samtalen/");
    assert_eq!(code, 200);
    assert!(body.contains("Tekst."));
    drop(streams);
}

#[test]
fn bare_line_feeds_and_keep_alive_are_http_done_right() {
    let p = Project::new();
    p.file(
        "content/metoder/samtalen.md",
        "+++\ntitle = \"Samtalen\"\n+++\nTekst.\n",
    );
    let s = start(&p);
    // Line ends without CR: answered at once, not after a timeout.
    let mut c = TcpStream::connect(("127.0.0.1", s.port)).unwrap();
    c.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    write!(
        c,
        "GET /metoder/samtalen/ HTTP/1.1\nHost: 127.0.0.1:{}\nConnection: close\n\n",
        s.port
    )
    .unwrap();
    let mut answer = Vec::new();
    let _ = c.read_to_end(&mut answer);
    let (code, _, body) = parse_response(&answer);
    assert_eq!(code, 200, "{}", String::from_utf8_lossy(&answer));
    assert!(String::from_utf8_lossy(&body).contains("Tekst."));

    // Keep-alive: three requests on one connection, each answered with its length.
    let mut c = TcpStream::connect(("127.0.0.1", s.port)).unwrap();
    c.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let mut reader = BufReader::new(c.try_clone().unwrap());
    for path in [
        "/metoder/samtalen/",
        "/static/style.css",
        "/metoder/samtalen/",
    ] {
        write!(
            c,
            "GET {path} HTTP/1.1\r\nHost: localhost:{}\r\n\r\n",
            s.port
        )
        .unwrap();
        let mut status = String::new();
        reader.read_line(&mut status).unwrap();
        assert!(status.starts_with("HTTP/1.1 200"), "{path}: {status}");
        let mut length = 0;
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            if line == "\r\n" {
                break;
            }
            if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                length = v.trim().parse().unwrap();
            }
        }
        let mut body = vec![0u8; length];
        reader.read_exact(&mut body).unwrap();
    }

    // A head too large, and a body larger than anything takes.
    let huge = format!(
        "GET / HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nX-Stor: {}",
        s.port,
        "a".repeat(1_000_000)
    );
    assert_eq!(fetch_with(local_ip(), s.port, &huge).0, 431);
    let big_body = format!(
        "POST / HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Length: 100000000000",
        s.port
    );
    assert_eq!(fetch_with(local_ip(), s.port, &big_body).0, 413);
}

/// Browsers keep idle connections open and open several at once; every request must still be
/// answered at once. (The hang that made bogbinder drop tiny_http, a page that never finished
/// loading, shows in tests/browser/serve.test.mjs; this checks the server's side of it.)
#[test]
fn requests_are_answered_while_other_connections_stay_open() {
    let p = Project::new();
    p.file(
        "content/metoder/samtalen.md",
        "+++\ntitle = \"Samtalen\"\n+++\nTekst.\n",
    );
    let s = start(&p);
    // Idle connections like a browser's preconnects and open event streams.
    let mut held: Vec<TcpStream> = (0..12)
        .map(|_| TcpStream::connect(("127.0.0.1", s.port)).unwrap())
        .collect();
    for events in held.iter_mut().take(4) {
        write!(
            events,
            "GET /__bogbinder/events HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n\r\n",
            s.port
        )
        .unwrap();
    }
    let started = std::time::Instant::now();
    let port = s.port;
    let answers: Vec<u16> = (0..24)
        .map(|i| {
            std::thread::spawn(move || {
                let path = if i % 2 == 0 {
                    "/static/style.css"
                } else {
                    "/metoder/samtalen/"
                };
                let mut c = TcpStream::connect(("127.0.0.1", port)).unwrap();
                c.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
                write!(
                    c,
                    "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: keep-alive\r\n\r\n"
                )
                .unwrap();
                let mut head = [0u8; 12];
                match c.read_exact(&mut head) {
                    Ok(()) => String::from_utf8_lossy(&head[9..12]).parse().unwrap_or(0),
                    Err(_) => 0,
                }
            })
        })
        .collect::<Vec<_>>()
        .into_iter()
        .map(|t| t.join().unwrap())
        .collect();
    assert!(answers.iter().all(|&c| c == 200), "{answers:?}");
    assert!(started.elapsed() < Duration::from_secs(5));
    drop(held);
}

#[test]
fn book_preview_finds_a_book_by_the_name_as_typed() {
    let p = Project::new();
    p.run(&["new", "bog", "Søren Åge"]).assert_ok();
    let s = start(&p);
    let local: std::net::IpAddr = std::net::Ipv4Addr::LOCALHOST.into();
    let (code, head, _) = fetch(
        local,
        s.books,
        "GET /__boeger/S%C3%B8ren%20%C3%85ge/ HTTP/1.0",
    );
    assert_eq!(code, 301, "{head}");
    assert_eq!(header(&head, "Location"), Some("/__boeger/soeren-aage/"));
    assert_eq!(get(s.books, "/__boeger/S%C3%B8ren/").0, 404);
    assert_eq!(get(s.books, "/__boeger/S%C3%B8ren%20%C3%85ge/x.jpg").0, 404);
}
