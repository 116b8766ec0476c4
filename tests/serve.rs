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
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(p: &Project) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_bogbinder"))
        .args(["serve", "--port", "0"])
        .current_dir(p.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start serve");
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
    assert!(line.contains("http://127.0.0.1:"), "{line}");
    Server { child, port }
}

/// One raw HTTP/1.0 request, so nothing normalises the path on the way.
fn raw(port: u16, request_line: &str) -> (u16, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    write!(
        s,
        "{request_line}\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    let text = String::from_utf8_lossy(&buf).into_owned();
    let code = text
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (code, body)
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
