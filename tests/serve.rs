//! `bogbinder serve` as a real process on a free port of 127.0.0.1.

mod common;
use common::*;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Server {
    child: Child,
    port: u16,
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
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    out.read_line(&mut line).unwrap();
    // Keep reading what the server prints, as a terminal would.
    std::thread::spawn(move || std::io::copy(&mut out, &mut std::io::sink()));
    let port = line
        .trim()
        .trim_end_matches('/')
        .rsplit(':')
        .next()
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no URL in {line:?}"));
    Started {
        server: Server {
            child,
            port,
            stderr,
        },
        url: line,
    }
}

/// One raw HTTP/1.0 request, so nothing normalises the path on the way.
fn raw(port: u16, request_line: &str) -> (u16, String) {
    let (code, _, body) = fetch(std::net::Ipv4Addr::LOCALHOST.into(), port, request_line);
    (code, String::from_utf8_lossy(&body).into_owned())
}

/// A raw request to `ip`: status, head and body bytes.
fn fetch(ip: std::net::IpAddr, port: u16, request_line: &str) -> (u16, String, Vec<u8>) {
    let mut s = TcpStream::connect((ip, port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    write!(
        s,
        "{request_line}\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
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
        "GET /__bogbinder/events HTTP/1.1\r\nHost: x\r\n\r\n"
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
        write!(s, "GET /__bogbinder/events HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
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

fn header_of<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines().find_map(|l| {
        let (n, v) = l.split_once(':')?;
        n.eq_ignore_ascii_case(name).then(|| v.trim())
    })
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

/// The demo's beach photo: it carries GPS position and orientation in its EXIF.
fn photo_with_gps() -> Vec<u8> {
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::read(repo.join("content/boeger/laerke/billeder/stranden.jpg")).unwrap()
}

#[test]
fn book_preview_rebuilds_on_edits_and_photos_and_keeps_problems_apart() {
    let p = book_project();
    let s = start(&p);
    let local = std::net::IpAddr::from(std::net::Ipv4Addr::LOCALHOST);

    let (code, head, list) = fetch(local, s.port, "GET /__boeger/ HTTP/1.0");
    let list = String::from_utf8_lossy(&list);
    assert_eq!(code, 200);
    assert!(list.contains("Bøger i projektet") && list.contains("href=\"ida/\""));
    assert!(list.contains(">Ida</a>"), "{list}");
    assert_eq!(header_of(&head, "X-Robots-Tag"), Some("noindex, nofollow"));
    assert_eq!(header_of(&head, "Cache-Control"), Some("no-store"));

    let (code, head, _) = fetch(local, s.port, "GET /__boeger/ida HTTP/1.0");
    assert_eq!(code, 301);
    assert_eq!(header_of(&head, "Location"), Some("/__boeger/ida/"));
    let (code, head, page) = fetch(local, s.port, "GET /__boeger/ida/ HTTP/1.0");
    let page = String::from_utf8_lossy(&page);
    assert_eq!(code, 200, "{page}");
    assert!(page.contains("Jeg hedder Ida.") && page.contains("/__bogbinder/live.js"));
    assert_eq!(header_of(&head, "X-Robots-Tag"), Some("noindex, nofollow"));
    assert_eq!(header_of(&head, "Cache-Control"), Some("no-store"));
    assert_eq!(get(s.port, "/__boeger/ukendt/").0, 404);

    // An edit to a chapter: an update naming the book's page, and the new text.
    let mut events = Events::open(s.port);
    events.next();
    p.file(
        "content/boeger/ida/01-alt-om-mig.md",
        &CHAPTER.replace("Ida.", "Ida og er 9 år."),
    );
    events.until("the book's page", |e| {
        e.contains("\"__boeger/ida/index.html\"")
    });
    assert!(get(s.port, "/__boeger/ida/").1.contains("er 9 år"));

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
    let page = get(s.port, "/__boeger/ida/").1;
    assert!(page.contains("src=\"billeder/01.jpg\""), "{page}");
    let (code, head, jpeg) = fetch(local, s.port, "GET /__boeger/ida/billeder/01.jpg HTTP/1.0");
    assert_eq!(code, 200);
    assert_eq!(header_of(&head, "Content-Type"), Some("image/jpeg"));
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
    let (code, page) = get(s.port, "/__boeger/ida/");
    assert_eq!(code, 200);
    assert!(
        page.contains("billeder/01.jpg"),
        "the last good book is gone"
    );
    p.file(
        "content/metoder/samtalen.md",
        "+++\ntitle = \"Samtalen\nforkert\n+++\n",
    );
    events.until("the handbook's problem", |e| e.contains("samtalen.md"));
    let status = get(s.port, "/__bogbinder/status").1;
    assert!(
        status.contains("samtalen.md") && status.contains("bog.toml"),
        "{status}"
    );

    // Fixing the book leaves the handbook's problem, and the other way round.
    p.file("content/boeger/ida/bog.toml", "navn = \"Ida\"\n");
    let ev = events.until("the fixed book", |e| !e.contains("bog.toml"));
    assert!(ev.contains("samtalen.md"), "{ev}");
    p.file(
        "content/metoder/samtalen.md",
        "+++\ntitle = \"Samtalen\"\n+++\nHåndbog.\n",
    );
    events.until("no problems", |e| e.contains("\"problems\":[]"));

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
        let (code, body) = get(s.port, path);
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
    let (code, page) = get(s.port, "/__boeger/ida/");
    assert_eq!(code, 500);
    assert!(
        page.contains("billeder/a.heic") && page.contains("HEIC"),
        "{page}"
    );
    assert!(page.contains("/__bogbinder/live.js"));
    let status = get(s.port, "/__bogbinder/status").1;
    assert!(
        status.contains("a.heic") && status.contains("\"book\":\"ida\""),
        "{status}"
    );
    assert!(get(s.port, "/__boeger/").1.contains("har fejl"));

    p.bytes("content/boeger/ida/billeder/a.jpg", &photo_with_gps());
    p.file(
        "content/boeger/ida/bog.toml",
        "navn = \"Ida\"\n[[minder]]\nfil = \"billeder/a.jpg\"\ntekst = \"Ved stranden\"\n",
    );
    let page = wait_for(s.port, "/__boeger/ida/", "the book built", |b| {
        b.contains("Ved stranden")
    });
    assert!(page.contains("billeder/01.jpg"));
    assert!(get(s.port, "/__bogbinder/status")
        .1
        .contains("\"problems\":[]"));
    // The PDF is made when asked for.
    let local = std::net::IpAddr::from(std::net::Ipv4Addr::LOCALHOST);
    let (code, head, pdf) = fetch(local, s.port, "GET /__boeger/ida/ida.pdf HTTP/1.0");
    assert_eq!(code, 200);
    assert_eq!(header_of(&head, "Content-Type"), Some("application/pdf"));
    assert!(pdf.starts_with(b"%PDF"));
}

/// The machine's own address on its network, if it has one.
fn network_address() -> Option<std::net::IpAddr> {
    let probe = std::net::UdpSocket::bind("0.0.0.0:0").ok()?;
    // No packet is sent: connecting a UDP socket only picks the outgoing interface.
    probe.connect("192.0.2.1:9").ok()?;
    let ip = probe.local_addr().ok()?.ip();
    (!ip.is_loopback() && !ip.is_unspecified()).then_some(ip)
}

#[test]
fn books_are_shown_only_on_this_machine() {
    let p = book_project();
    p.file("content/boeger/ida/bog.toml", "navn = Ida\n");
    let started = start_with(&p, &["--bind", "0.0.0.0"]);
    let s = started.server;
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
    // From this machine: the book, and its problem in the status.
    assert_eq!(get(s.port, "/__boeger/ida/").0, 500);
    assert!(get(s.port, "/__bogbinder/status").1.contains("ida"));

    let Some(ip) = network_address() else {
        eprintln!("no network address: the remote half of this test is skipped");
        return;
    };
    for path in [
        "/__boeger/",
        "/__boeger/ida/",
        "/%5F%5Fboeger/ida/",
        "/__boeger/ida/ida.pdf",
    ] {
        let (code, head, body) = fetch(ip, s.port, &format!("GET {path} HTTP/1.0"));
        let body = String::from_utf8_lossy(&body);
        assert_eq!(code, 403, "{path}");
        assert!(
            body.contains("kun på denne maskine") && !body.contains("Ida"),
            "{path}"
        );
        assert_eq!(header_of(&head, "X-Robots-Tag"), Some("noindex, nofollow"));
    }
    let (code, _, _) = fetch(ip, s.port, "GET / HTTP/1.0");
    assert_eq!(code, 200, "the handbook is shown on the network");
    let (_, _, status) = fetch(ip, s.port, "GET /__bogbinder/status HTTP/1.0");
    let status = String::from_utf8_lossy(&status);
    assert!(
        !status.contains("ida") && !status.contains("boeger"),
        "{status}"
    );
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
            "GET /__bogbinder/events HTTP/1.1\r\nHost: x\r\n\r\n"
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
                    "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n"
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
