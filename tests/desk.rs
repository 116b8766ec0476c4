//! The editing desk (`/__skriv/`) over real HTTP against the real `bogbinder serve --no-open`:
//! its refusals, saves on disk, conflicts, drafts, history and preview.

mod common;
use common::*;
use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A running `bogbinder serve` and its desk.
struct Desk {
    child: Child,
    /// The private listener's address and port (books and desk).
    ip: String,
    port: u16,
    /// The handbook's port.
    handbook: u16,
    token: String,
    /// The session cookie, once the token was exchanged for it.
    cookie: String,
}

impl Drop for Desk {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An HTTP answer: status, head (lowercase names as sent) and body.
struct Answer {
    status: u16,
    head: String,
    body: Vec<u8>,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|_| panic!("not JSON: {}", String::from_utf8_lossy(&self.body)))
    }

    /// The catalogue code of an error answer.
    fn code(&self) -> String {
        self.json()["fejl"]["kode"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

fn start(p: &Project, args: &[&str]) -> Desk {
    start_with_env(p, args, &[])
}

fn start_with_env(p: &Project, args: &[&str], env: &[(&str, String)]) -> Desk {
    let mut child = Command::new(env!("CARGO_BIN_EXE_bogbinder"))
        .args(args)
        .envs(env.iter().map(|(k, v)| (k, v)))
        .current_dir(p.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start serve");
    let out = child.stdout.take().unwrap();
    let mut desk = Desk {
        child,
        ip: String::new(),
        port: 0,
        handbook: 0,
        token: String::new(),
        cookie: String::new(),
    };
    let mut out = BufReader::new(out);
    let mut line = String::new();
    while !line.starts_with("Skrivebord: ") {
        line.clear();
        assert!(
            out.read_line(&mut line).unwrap() > 0,
            "serve printed no desk address"
        );
        if let Some(url) = line
            .trim()
            .strip_prefix("Forhåndsvisning: http://127.0.0.1:")
        {
            desk.handbook = url.trim_end_matches('/').parse().unwrap();
        }
    }
    std::thread::spawn(move || std::io::copy(&mut out, &mut std::io::sink()));
    let url = line
        .trim()
        .strip_prefix("Skrivebord: ")
        .unwrap()
        .to_string();
    let rest = url.strip_prefix("http://").expect(&url);
    let (ip, rest) = rest.split_once(':').unwrap();
    desk.ip = ip.to_string();
    let (port, rest) = rest.split_once('/').unwrap();
    desk.port = port.parse().unwrap();
    desk.token = rest
        .strip_prefix("__skriv/?token=")
        .expect(&url)
        .to_string();
    assert_eq!(desk.token.len(), 32, "{url}");
    desk
}

/// Starts the desk and opens it with the printed address, as a browser would.
fn open(p: &Project) -> Desk {
    let desk = start(p, &["serve", "--port", "0", "--no-open"]);
    assert_eq!(desk.ip, "127.0.0.1");
    with_session(desk)
}

/// Exchanges the printed token for the session cookie.
fn with_session(mut desk: Desk) -> Desk {
    let a = desk.raw("GET", &format!("/__skriv/?token={}", desk.token), &[], b"");
    assert_eq!(a.status, 303, "{}", a.head);
    let set = header(&a.head, "set-cookie").expect("a cookie");
    assert!(set.contains("HttpOnly"), "{set}");
    assert!(set.contains("SameSite=Strict"), "{set}");
    assert_eq!(header(&a.head, "location"), Some("/__skriv/"));
    desk.cookie = set.split(';').next().unwrap().to_string();
    desk
}

impl Desk {
    fn host(&self) -> String {
        format!("{}:{}", self.ip, self.port)
    }

    /// A raw request with `Host` set to this server and the headers given.
    fn raw(&self, method: &str, target: &str, headers: &[(&str, &str)], body: &[u8]) -> Answer {
        let mut head = format!("{method} {target} HTTP/1.1\r\n");
        if !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("host")) {
            head.push_str(&format!("Host: {}\r\n", self.host()));
        }
        for (n, v) in headers {
            head.push_str(&format!("{n}: {v}\r\n"));
        }
        if !body.is_empty() || method == "POST" {
            head.push_str(&format!("Content-Length: {}\r\n", body.len()));
        }
        head.push_str("Connection: close\r\n\r\n");
        let mut s = TcpStream::connect((self.ip.as_str(), self.port)).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
        let mut writer = s.try_clone().unwrap();
        let mut request = head.into_bytes();
        request.extend_from_slice(body);
        // Written beside the reading: a refused request may be answered before it is all sent.
        let sending = std::thread::spawn(move || {
            let _ = writer.write_all(&request);
        });
        let mut buf = Vec::new();
        let _ = s.read_to_end(&mut buf);
        let _ = sending.join();
        let split = buf
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .unwrap_or(buf.len());
        let head = String::from_utf8_lossy(&buf[..split]).into_owned();
        let body = buf.get(split + 4..).unwrap_or_default().to_vec();
        let status = head
            .split(' ')
            .nth(1)
            .and_then(|c| c.parse().ok())
            .unwrap_or(0);
        Answer { status, head, body }
    }

    /// A GET of the desk's API with the session.
    fn get(&self, path: &str) -> Answer {
        self.raw(
            "GET",
            &format!("/__skriv/api/{path}"),
            &[("Cookie", &self.cookie)],
            b"",
        )
    }

    /// A POST of JSON to the desk's API from the desk's own page (session, Origin, type).
    fn post(&self, path: &str, body: &Value) -> Answer {
        let origin = format!("http://{}", self.host());
        self.raw(
            "POST",
            &format!("/__skriv/api/{path}"),
            &[
                ("Cookie", &self.cookie),
                ("Origin", &origin),
                ("Content-Type", "application/json"),
            ],
            body.to_string().as_bytes(),
        )
    }

    /// The page `id` as the desk opens it.
    fn page(&self, id: &str) -> Value {
        let a = self.get(&format!("side?id={}", encode(id)));
        assert_eq!(a.status, 200, "{}", a.text());
        a.json()
    }
}

const METHOD: &str = "+++\n# Titlen øverst på siden.\ntitle = \"Børnesamtalen\"\nupdated = 2026-01-15\n\"formål\" = \"At høre barnet.\"\nredskaber = []\n\n[taxonomies]\n\"målgruppe\" = [\"Børn og unge\"]\n\n[extra]\nfarve = \"grøn\"\n+++\n## Før\n\nForbered samtalen.\n";

fn project() -> Project {
    let p = Project::new();
    p.file(
        "content/metoder/_index.md",
        "+++\ntitle = \"Metoder\"\n+++\n",
    );
    p.file("content/metoder/boernesamtalen.md", METHOD);
    p.file(
        "content/redskaber/samtaleguide.md",
        "+++\ntitle = \"Samtaleguide\"\n+++\nSpørgsmål.\n",
    );
    p
}

#[test]
fn the_desk_refuses_whoever_is_not_its_own_page() {
    let p = project();
    p.file("content/boeger/emma/bog.toml", "navn = \"Emma\"\n");
    p.file("content/boeger/emma/01-om-mig.md", "Jeg hedder Emma.\n");
    p.file("hemmelig.md", "+++\ntitle = \"x\"\n+++\n");
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        p.path().join("hemmelig.md"),
        p.path().join("content/metoder/genvej.md"),
    )
    .unwrap();
    let desk = open(&p);

    // Without the session: the page and the API.
    let a = desk.raw("GET", "/__skriv/", &[], b"");
    assert_eq!(a.status, 403);
    assert!(a.text().contains("terminalen"), "{}", a.text());
    let a = desk.raw("GET", "/__skriv/api/sider", &[], b"");
    assert_eq!((a.status, a.code().as_str()), (403, "S100"));
    // A wrong token gives no cookie; a wrong cookie is no session.
    let a = desk.raw(
        "GET",
        "/__skriv/?token=00000000000000000000000000000000",
        &[],
        b"",
    );
    assert_eq!(a.status, 403);
    assert!(header(&a.head, "set-cookie").is_none(), "{}", a.head);
    let name = desk.cookie.split('=').next().unwrap().to_string();
    assert!(name.starts_with("bogbinder_skriv_"), "{name}");
    for wrong in [
        format!("{name}=00000000000000000000000000000000"),
        format!("bogbinder_skriv={}", desk.token),
        format!("{name}={}x", desk.token),
    ] {
        let a = desk.raw("GET", "/__skriv/api/sider", &[("Cookie", &wrong)], b"");
        assert_eq!((a.status, a.code().as_str()), (403, "S100"), "{wrong}");
    }
    // Another run's cookie beside this one's (two projects open at once) does no harm.
    let both = format!("{name}_x=1; {}", desk.cookie);
    assert_eq!(
        desk.raw("GET", "/__skriv/api/sider", &[("Cookie", &both)], b"")
            .status,
        200
    );
    // With it, the desk's page.
    let a = desk.raw("GET", "/__skriv/", &[("Cookie", &desk.cookie)], b"");
    assert_eq!(a.status, 200);
    assert!(a.text().contains("<html lang=\"da\""), "{}", a.text());

    // A foreign Host (DNS rebinding) and a foreign Origin, even with the session.
    let evil = format!("evil.example:{}", desk.port);
    let a = desk.raw(
        "GET",
        "/__skriv/api/sider",
        &[("Host", &evil), ("Cookie", &desk.cookie)],
        b"",
    );
    assert_eq!(a.status, 421);
    let a = desk.raw(
        "POST",
        "/__skriv/api/side/gem",
        &[
            ("Cookie", &desk.cookie),
            ("Origin", "http://evil.example"),
            ("Content-Type", "application/json"),
        ],
        b"{}",
    );
    assert_eq!(a.status, 403);
    // The handbook's own port is another origin.
    let a = desk.raw(
        "POST",
        "/__skriv/api/side/gem",
        &[
            ("Cookie", &desk.cookie),
            ("Origin", &format!("http://127.0.0.1:{}", desk.port - 1)),
            ("Content-Type", "application/json"),
        ],
        b"{}",
    );
    assert_eq!(a.status, 403);
    // A write that does not say it is the desk's own page, or is not JSON (a form post).
    let a = desk.raw(
        "POST",
        "/__skriv/api/side/gem",
        &[
            ("Cookie", &desk.cookie),
            ("Content-Type", "application/json"),
        ],
        b"{}",
    );
    assert_eq!((a.status, a.code().as_str()), (403, "S106"));
    let origin = format!("http://{}", desk.host());
    let a = desk.raw(
        "POST",
        "/__skriv/api/side/gem",
        &[
            ("Cookie", &desk.cookie),
            ("Origin", &origin),
            ("Content-Type", "text/plain"),
        ],
        b"{}",
    );
    assert_eq!((a.status, a.code().as_str()), (415, "S106"));

    // Ids that are not content files the desk lists.
    for id in [
        "../bogbinder.toml",
        "../hemmelig.md",
        "metoder/../../hemmelig.md",
        "/etc/passwd",
        "metoder/genvej.md",
        "boeger/emma",
        "boeger/emma/bog.toml",
        "metoder/.bogbinder-skriv/boernesamtalen.md.kladde",
        "metoder/findes-ikke.md",
        "",
    ] {
        let a = desk.get(&format!("side?id={}", encode(id)));
        assert_eq!((a.status, a.code().as_str()), (404, "S101"), "{id}");
        let a = desk.post(
            "side/gem",
            &json!({"id": id, "version": "x", "felter": {}, "tekst": "x"}),
        );
        assert_eq!((a.status, a.code().as_str()), (404, "S101"), "{id}");
    }
    assert_eq!(p.read("hemmelig.md"), "+++\ntitle = \"x\"\n+++\n");
    // A chapter of a book is a document.
    assert_eq!(
        desk.page("boeger/emma/01-om-mig.md")["tekst"],
        "Jeg hedder Emma.\n"
    );

    // A body over the limit is refused before it is read, and an unreadable one after.
    let big = vec![b' '; 2 * 1024 * 1024 + 1];
    let a = desk.raw(
        "POST",
        "/__skriv/api/side/gem",
        &[
            ("Cookie", &desk.cookie),
            ("Origin", &origin),
            ("Content-Type", "application/json"),
        ],
        &big,
    );
    assert_eq!((a.status, a.code().as_str()), (413, "S103"));
    let a = desk.raw(
        "POST",
        "/__skriv/api/side/gem",
        &[
            ("Cookie", &desk.cookie),
            ("Origin", &origin),
            ("Content-Type", "application/json"),
        ],
        b"{\"id\": ",
    );
    assert_eq!((a.status, a.code().as_str()), (400, "S102"));
}

#[test]
fn a_save_writes_front_matter_the_build_reads_back_and_keeps_the_rest() {
    let p = project();
    let desk = open(&p);
    let page = desk.page("metoder/boernesamtalen.md");
    assert_eq!(page["felter"]["title"], "Børnesamtalen");
    assert_eq!(page["felter"]["formaal"], "At høre barnet.");
    assert_eq!(page["felter"]["updated"], "2026-01-15");
    assert_eq!(
        page["felter"]["taxonomies.malgruppe"],
        json!(["Børn og unge"])
    );
    assert_eq!(page["tekst"], "## Før\n\nForbered samtalen.\n");
    let skema = page["skema"].as_array().unwrap();
    let tema = skema
        .iter()
        .find(|f| f["navn"] == "taxonomies.malgruppe")
        .unwrap();
    assert_eq!(tema["forslag"], json!(["Børn og unge"]));

    let title = "“Samtaler” med \"børn\" \\ æøå";
    let a = desk.post(
        "side/gem",
        &json!({"id": "metoder/boernesamtalen.md", "version": page["version"],
            "felter": {"title": title, "updated": "3.2.2026",
                "redskaber": ["@/redskaber/samtaleguide.md"],
                "taxonomies.malgruppe": ["Børn og unge", "Forældre"],
                "taxonomies.tema": ["inddragelse"]},
            "tekst": "## Før\n\n> [!GODE RÅD]\n> Lyt.\n"}),
    );
    assert_eq!(a.status, 200, "{}", a.text());
    assert_eq!(a.json()["problemer"], json!([]));
    let disk = p.read("content/metoder/boernesamtalen.md");
    // The writer's comment, alias and extra stay; the date is a TOML date.
    assert!(disk.contains("# Titlen øverst på siden.\n"), "{disk}");
    assert!(disk.contains("\"formål\" = \"At høre barnet.\""), "{disk}");
    assert!(disk.contains("farve = \"grøn\""), "{disk}");
    assert!(disk.contains("updated = 2026-02-03\n"), "{disk}");
    assert!(
        disk.contains("\"målgruppe\" = [\"Børn og unge\", \"Forældre\"]"),
        "{disk}"
    );
    assert!(
        disk.ends_with("+++\n## Før\n\n> [!GODE RÅD]\n> Lyt.\n"),
        "{disk}"
    );

    // Read back as the build reads it: the same values.
    let again = desk.page("metoder/boernesamtalen.md");
    assert_eq!(again["felter"]["title"], title);
    assert_eq!(again["felter"]["updated"], "2026-02-03");
    assert_eq!(again["version"], a.json()["version"]);
    p.run(&["check"]).assert_ok();
    p.build().assert_ok();
    let html = p.read("output/metoder/boernesamtalen/index.html");
    assert!(
        html.contains("“Samtaler” med &quot;børn&quot; \\ æøå")
            || html.contains("“Samtaler” med \"børn\" \\ æøå"),
        "{html}"
    );

    // A date that is no date is refused with what to write, and nothing is written.
    let a = desk.post(
        "side/gem",
        &json!({"id": "metoder/boernesamtalen.md", "version": again["version"],
            "felter": {"updated": "31.2.2026"}, "tekst": "x"}),
    );
    assert_eq!((a.status, a.code().as_str()), (400, "S102"));
    assert!(
        a.json()["fejl"]["besked"]
            .as_str()
            .unwrap()
            .contains("2026-02-03"),
        "{}",
        a.text()
    );
    assert_eq!(p.read("content/metoder/boernesamtalen.md"), disk);
}

#[test]
fn a_file_changed_on_disk_is_a_conflict_with_both_versions() {
    let p = project();
    let desk = open(&p);
    let page = desk.page("metoder/boernesamtalen.md");
    let theirs = METHOD.replace("Forbered samtalen.", "Rettet i en anden editor.");
    p.file("content/metoder/boernesamtalen.md", &theirs);
    let mine = json!({"id": "metoder/boernesamtalen.md", "version": page["version"],
        "felter": {"title": "Min titel"}, "tekst": "Min tekst.\n"});
    let a = desk.post("side/gem", &mine);
    assert_eq!((a.status, a.code().as_str()), (409, "S104"), "{}", a.text());
    let k = &a.json()["konflikt"];
    assert_eq!(k["disk"]["raa"], theirs);
    assert_eq!(k["disk"]["felter"]["title"], "Børnesamtalen");
    assert_eq!(k["din"]["tekst"], "Min tekst.\n");
    assert!(k["din"]["raa"]
        .as_str()
        .unwrap()
        .contains("title = \"Min titel\""));
    assert_eq!(p.read("content/metoder/boernesamtalen.md"), theirs);
    // Saved again against what is on disk now: the writer chose.
    let mut chosen = mine.clone();
    chosen["version"] = k["version"].clone();
    let a = desk.post("side/gem", &chosen);
    assert_eq!(a.status, 200, "{}", a.text());
    assert!(p
        .read("content/metoder/boernesamtalen.md")
        .ends_with("+++\nMin tekst.\n"));
}

#[test]
fn a_draft_survives_a_reload_and_history_restores_an_earlier_version() {
    let p = project();
    let desk = open(&p);
    let id = "metoder/boernesamtalen.md";
    let a = desk.post(
        "side/kladde",
        &json!({"id": id, "felter": {"title": "Halvt"}, "tekst": "Halvt færdig æøå"}),
    );
    assert_eq!(a.status, 200, "{}", a.text());
    // The tab is reloaded: the draft comes with the page; the file is as it was.
    let page = desk.page(id);
    assert_eq!(page["kladde"]["tekst"], "Halvt færdig æøå");
    assert_eq!(page["kladde"]["felter"]["title"], "Halvt");
    assert_eq!(p.read(&format!("content/{id}")), METHOD);

    // Two saves; the first version is in the history and comes back.
    let a = desk.post(
        "side/gem",
        &json!({"id": id, "version": page["version"], "felter": {}, "tekst": "Anden.\n"}),
    );
    assert_eq!(a.status, 200, "{}", a.text());
    assert!(desk.page(id)["kladde"].is_null(), "a save ends the draft");
    let v2 = a.json()["version"].clone();
    let a = desk.post(
        "side/gem",
        &json!({"id": id, "version": v2, "felter": {}, "tekst": "Tredje.\n"}),
    );
    let v3 = a.json()["version"].clone();
    let h = desk.get(&format!("historik?id={}", encode(id))).json();
    let versions = h["versioner"].as_array().unwrap();
    assert_eq!(versions.len(), 2, "{h}");
    let first = versions[1]["v"].as_str().unwrap();
    let shown = desk
        .get(&format!(
            "historik/vis?id={}&v={}",
            encode(id),
            encode(first)
        ))
        .json();
    assert_eq!(shown["raa"], METHOD);
    assert_eq!(shown["felter"]["title"], "Børnesamtalen");
    let a = desk.post(
        "historik/gendan",
        &json!({"id": id, "v": first, "version": v3}),
    );
    assert_eq!(a.status, 200, "{}", a.text());
    assert_eq!(p.read(&format!("content/{id}")), METHOD);
    // The restore is undoable: what it replaced is in the history too.
    let h = desk.get(&format!("historik?id={}", encode(id))).json();
    assert_eq!(h["versioner"].as_array().unwrap().len(), 3);
    let a = desk.get(&format!(
        "historik/vis?id={}&v=..%2F..%2Fbogbinder.toml",
        encode(id)
    ));
    assert_eq!((a.status, a.code().as_str()), (404, "S107"));

    // Nothing of the desk's folder reaches the output, and check does not read it.
    desk.post(
        "side/kladde",
        &json!({"id": id, "felter": {}, "tekst": "KLADDETEKST"}),
    );
    assert!(p.exists("content/metoder/.bogbinder-skriv/historik"));
    p.run(&["check"]).assert_ok();
    p.build().assert_ok();
    for f in p.files_under("output") {
        let name = f.to_string_lossy().into_owned();
        assert!(
            !name.contains("bogbinder-skriv") && !name.contains("kladde"),
            "{name}"
        );
        let bytes = std::fs::read(p.path().join(&f)).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("KLADDETEKST") && !text.contains("Tredje."),
            "{name}"
        );
    }
}

#[test]
fn a_new_page_comes_from_its_template_and_the_preview_renders_without_writing() {
    let p = project();
    let desk = open(&p);
    let a = desk.post(
        "side/ny",
        &json!({"type": "metode", "titel": "Netværksmøder æøå"}),
    );
    assert_eq!(a.status, 201, "{}", a.text());
    let id = a.json()["id"].as_str().unwrap().to_string();
    assert_eq!(id, "metoder/netvaerksmoeder-aeoeaa.md");
    let page = desk.page(&id);
    assert_eq!(page["felter"]["title"], "Netværksmøder æøå");
    assert_eq!(page["type"], "metode");
    // The same title again: the page exists, and nothing is overwritten.
    let a = desk.post(
        "side/ny",
        &json!({"type": "metode", "titel": "Netværksmøder æøå"}),
    );
    assert_eq!(a.status, 409, "{}", a.text());
    let a = desk.post("side/ny", &json!({"type": "ukendt", "titel": "x"}));
    assert_eq!((a.status, a.code().as_str()), (400, "S102"));

    let before = p.read(&id.replace("metoder/", "content/metoder/"));
    let a = desk.post(
        "forhaandsvis",
        &json!({"id": id, "felter": {"title": "Ny"},
            "tekst": "> [!GODE RÅD]\n> Lyt.\n\nSe [guiden](@/redskaber/findes-ikke.md).\n"}),
    );
    assert_eq!(a.status, 200, "{}", a.text());
    let r = a.json();
    assert!(r["html"].as_str().unwrap().contains("Lyt."), "{r}");
    let problems = r["problemer"].as_array().unwrap();
    assert_eq!(problems.len(), 1, "{r}");
    // A reference in the form to a page that does not exist is told at its line, as the build does.
    let a = desk.post(
        "forhaandsvis",
        &json!({"id": id, "felter": {"redskaber": ["@/redskaber/samtaleguide.md", "@/redskaber/findes-ikke.md"]},
            "tekst": "Tekst.\n"}),
    );
    let r2 = a.json();
    let refs = r2["problemer"].as_array().unwrap();
    assert_eq!(refs.len(), 1, "{r2}");
    assert!(
        refs[0]["besked"].as_str().unwrap().contains("findes-ikke"),
        "{r2}"
    );
    assert!(refs[0]["linje"].as_u64().is_some_and(|l| l > 1), "{r2}");
    // The line in the file as it would be saved: after the front matter.
    let fm_lines = before.split("\n+++\n").next().unwrap().lines().count() + 1;
    assert_eq!(problems[0]["linje"], json!(fm_lines + 4), "{r}");
    assert_eq!(
        p.read(&format!("content/{id}")),
        before,
        "the preview writes nothing"
    );
}

#[cfg(unix)]
#[test]
fn a_desk_folder_that_is_a_link_is_never_written_through() {
    let p = project();
    let elsewhere = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(
        elsewhere.path(),
        p.path().join("content/metoder/.bogbinder-skriv"),
    )
    .unwrap();
    // `skriv` is `serve` that opens the desk; --no-open keeps the browser shut.
    let mut desk = start(&p, &["skriv", "--port", "0", "--no-open"]);
    let a = desk.raw("GET", &format!("/__skriv/?token={}", desk.token), &[], b"");
    desk.cookie = header(&a.head, "set-cookie")
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let id = "metoder/boernesamtalen.md";
    let page = desk.page(id);
    let a = desk.post(
        "side/gem",
        &json!({"id": id, "version": page["version"], "felter": {}, "tekst": "Ny.\n"}),
    );
    assert_eq!((a.status, a.code().as_str()), (500, "S105"), "{}", a.text());
    let a = desk.post(
        "side/kladde",
        &json!({"id": id, "felter": {}, "tekst": "Ny.\n"}),
    );
    assert_eq!((a.status, a.code().as_str()), (500, "S105"), "{}", a.text());
    assert_eq!(p.read(&format!("content/{id}")), METHOD);
    assert_eq!(std::fs::read_dir(elsewhere.path()).unwrap().count(), 0);
}

/// The handbook's page at `path`, from its own port.
fn handbook_page(desk: &Desk, path: &str) -> (u16, String) {
    let mut s = TcpStream::connect(("127.0.0.1", desk.handbook)).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n",
        desk.handbook
    )
    .unwrap();
    let mut buf = String::new();
    let _ = s.read_to_string(&mut buf);
    let status = buf
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (status, buf)
}

#[test]
fn a_broken_page_is_saved_its_problem_told_and_the_last_good_page_stays_served() {
    let p = project();
    let desk = open(&p);
    let id = "metoder/boernesamtalen.md";
    let (status, page) = handbook_page(&desk, "/metoder/boernesamtalen/");
    assert_eq!(status, 200);
    assert!(page.contains("Forbered samtalen."), "{page}");
    let v = desk.page(id)["version"].clone();
    // The writer is mid-thought: a link to a page that does not exist yet.
    let a = desk.post(
        "side/gem",
        &json!({"id": id, "version": v, "felter": {},
            "tekst": "Halvt skrevet [link](@/metoder/kommer-senere.md)\n"}),
    );
    assert_eq!(a.status, 200, "{}", a.text());
    let problems = a.json()["problemer"].clone();
    assert_eq!(problems.as_array().map(Vec::len), Some(1), "{problems}");
    let line = METHOD.split("\n+++\n").next().unwrap().lines().count() + 2;
    assert_eq!(problems[0]["linje"], json!(line), "{problems}");
    assert!(p.read(&format!("content/{id}")).contains("Halvt skrevet"));
    // The engine saw the save: the list counts the problem, and the last good page is served.
    let start = std::time::Instant::now();
    loop {
        let list = desk.get("sider").json();
        let count = list["afsnit"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|s| s["sider"].as_array().unwrap().iter())
            .find(|s| s["id"] == id)
            .map(|s| s["problemer"].clone());
        if count == Some(json!(1)) {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "never counted: {list}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let (status, page) = handbook_page(&desk, "/metoder/boernesamtalen/");
    assert_eq!(status, 200);
    assert!(page.contains("Forbered samtalen."), "{page}");
}

#[test]
fn a_chapter_saved_at_the_desk_builds_and_its_history_stays_out_of_the_book() {
    let p = project();
    p.run(&["new", "bog", "Emma"]).assert_ok();
    let desk = open(&p);
    let list = desk.get("sider").json();
    assert_eq!(list["boeger"][0]["navn"], "emma", "{list}");
    let id = "boeger/emma/01-alt-om-mig.md";
    let page = desk.page(id);
    assert_eq!(page["type"], "kapitel");
    let a = desk.post(
        "side/gem",
        &json!({"id": id, "version": page["version"], "felter": {},
            "tekst": "Jeg hedder Emma og elsker heste.\n"}),
    );
    assert_eq!(a.status, 200, "{}", a.text());
    desk.post(
        "side/kladde",
        &json!({"id": id, "felter": {}, "tekst": "KLADDE"}),
    );
    assert!(p.exists("content/boeger/emma/.bogbinder-skriv/historik/01-alt-om-mig.md"));
    p.run(&["book", "emma"]).assert_ok();
    let html = p.read("boeger-output/emma/emma.html");
    assert!(html.contains("elsker heste"), "{html}");
    for f in p.files_under("boeger-output") {
        let text = String::from_utf8_lossy(&std::fs::read(p.path().join(&f)).unwrap()).into_owned();
        assert!(!f.to_string_lossy().contains("skriv"), "{f:?}");
        assert!(!text.contains("KLADDE"), "{f:?}");
    }
}

#[test]
fn the_desk_reaches_the_network_only_when_asked_and_the_books_never() {
    if !in_own_network("the_desk_reaches_the_network_only_when_asked_and_the_books_never") {
        return;
    }
    let p = project();
    p.run(&["new", "bog", "Emma"]).assert_ok();
    // With --bind alone: the desk stays on 127.0.0.1; another machine cannot even connect.
    let local = start(
        &p,
        &["serve", "--port", "0", "--no-open", "--bind", "192.0.2.77"],
    );
    assert_eq!(local.ip, "127.0.0.1");
    assert!(TcpStream::connect(("192.0.2.77", local.port)).is_err());
    drop(local);

    // With --skriv-paa-netvaerk: the desk (with its token) answers the other machine ...
    let args = [
        "serve",
        "--port",
        "0",
        "--no-open",
        "--bind",
        "192.0.2.77",
        "--skriv-paa-netvaerk",
    ];
    let desk = with_session(start(&p, &args));
    assert_eq!(desk.ip, "192.0.2.77");
    let a = desk.raw("GET", "/__skriv/api/sider", &[], b"");
    assert_eq!((a.status, a.code().as_str()), (403, "S100"));
    let id = "metoder/boernesamtalen.md";
    let page = desk.page(id);
    let a = desk.post(
        "side/gem",
        &json!({"id": id, "version": page["version"], "felter": {}, "tekst": "Fra netværket.\n"}),
    );
    assert_eq!(a.status, 200, "{}", a.text());
    // ... but never a book, nor the live-reload stream of the private side.
    for path in ["/__boeger/", "/__boeger/emma/", "/__bogbinder/status"] {
        let a = desk.raw("GET", path, &[("Cookie", &desk.cookie)], b"");
        assert_eq!(a.status, 403, "{path}");
        assert!(!a.text().contains("Emma"), "{path}");
    }
}

#[test]
fn skriv_is_explained_in_danish() {
    let p = Project::empty();
    let r = p.run(&["skriv", "--help"]);
    r.assert_ok();
    let help = r.stdout();
    for said in [
        "Brug: bogbinder skriv",
        "--no-open",
        "--skriv-paa-netvaerk",
        ".bogbinder-skriv/",
    ] {
        assert!(help.contains(said), "{said} not in\n{help}");
    }
    assert!(
        !help.contains("Usage:") && !help.contains("Options:"),
        "{help}"
    );
    assert!(p.run(&["--help"]).stdout().contains("bogbinder skriv"));
}

/// Sends a request head that announces `declared` body bytes and only `sent` of them, and
/// returns the status and how long the answer took (the connection stays open meanwhile).
fn stalled_upload(desk: &Desk, cookie: Option<&str>, declared: u64, sent: usize) -> (u16, f64) {
    let mut s = TcpStream::connect((desk.ip.as_str(), desk.port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    let cookie = cookie.map_or(String::new(), |c| format!("Cookie: {c}\r\n"));
    write!(
        s,
        "POST /__skriv/api/bog/foto?navn=emma&fil=x.jpg HTTP/1.1\r\nHost: {}\r\n{cookie}\
         Origin: http://{}\r\nContent-Type: image/jpeg\r\nContent-Length: {declared}\r\n\r\n",
        desk.host(),
        desk.host()
    )
    .unwrap();
    s.write_all(&vec![0xFF; sent]).unwrap();
    let started = std::time::Instant::now();
    let mut buf = [0u8; 64];
    let n = s.read(&mut buf).unwrap_or(0);
    let status = String::from_utf8_lossy(&buf[..n])
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (status, started.elapsed().as_secs_f64())
}

#[test]
fn a_stranger_cannot_make_the_desk_wait_for_or_keep_an_upload() {
    let p = project();
    p.file("content/boeger/emma/bog.toml", "navn = \"Emma\"\n");
    let desk = open(&p);
    // Without the session, an upload under the size limit that never arrives is refused at
    // once: nothing of it is read, so no slot waits for the body's deadline and no memory
    // holds its bytes.
    let (status, took) = stalled_upload(&desk, None, 39 * 1024 * 1024, 4096);
    assert_eq!(status, 403);
    assert!(took < 5.0, "answered after {took:.1} s");
    let (status, took) = stalled_upload(&desk, Some("bogbinder_skriv_x=y"), 1 << 20, 10);
    assert_eq!(status, 403);
    assert!(took < 5.0, "answered after {took:.1} s");
    assert!(!p.path().join("content/boeger/emma/billeder").exists());
}

/// The files `git status` would offer to commit in the project (a fresh repository there).
fn files_git_would_commit(p: &Project) -> Vec<String> {
    let git = |args: &[&str]| {
        let out = Command::new("git")
            .args(args)
            .current_dir(p.path())
            .output()
            .expect("git must be installed");
        assert!(out.status.success(), "git {args:?}");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    if !p.exists(".git") {
        git(&["init", "-q"]);
    }
    git(&["status", "--porcelain", "--untracked-files=all"])
        .lines()
        .map(|l| l[3..].to_string())
        .collect()
}

#[test]
fn what_a_page_said_before_a_save_never_goes_into_git_with_the_handbook() {
    let p = project();
    let desk = open(&p);
    let id = "metoder/boernesamtalen.md";
    // A CPR number typed by mistake, saved, and taken out again: the earlier version and the
    // draft stay beside the page for the desk, but a handbook kept in a (public) repository
    // must not take them along, whatever the project's own .gitignore says.
    let page = desk.page(id);
    let a = desk.post(
        "side/gem",
        &json!({"id": id, "version": page["version"], "felter": {},
            "tekst": "Barnet Emma, 010203-1234.\n"}),
    );
    assert_eq!(a.status, 200, "{}", a.text());
    // Saved as typed, the CPR number told at once; the preview keeps the last good page.
    assert_eq!(a.json()["problemer"][0]["kode"], "V002", "{}", a.text());
    std::thread::sleep(Duration::from_millis(1500));
    let (status, served) = handbook_page(&desk, "/metoder/boernesamtalen/");
    assert_eq!(status, 200, "{served}");
    assert!(
        !served.contains("010203"),
        "the preview shows the CPR number"
    );
    let a = desk.post(
        "side/gem",
        &json!({"id": id, "version": a.json()["version"], "felter": {}, "tekst": "Rettet.\n"}),
    );
    assert_eq!(a.status, 200, "{}", a.text());
    desk.post(
        "side/kladde",
        &json!({"id": id, "felter": {}, "tekst": "Emma igen"}),
    );
    assert!(p.exists("content/metoder/.bogbinder-skriv/historik"));
    let offered = files_git_would_commit(&p);
    assert!(
        offered
            .iter()
            .any(|f| f == "content/metoder/boernesamtalen.md"),
        "{offered:?}"
    );
    let kept: Vec<_> = offered
        .iter()
        .filter(|f| f.contains("bogbinder-skriv"))
        .collect();
    assert!(kept.is_empty(), "git would commit {kept:?}");
}

#[test]
fn in_a_project_with_editions_a_course_keeps_its_workshops_and_a_page_gets_its_editions() {
    // The demo: two audience editions and a course whose workshops have day, time, place and
    // trainers.
    let p = demo_project();
    let desk = open(&p);
    let id = "kurser/ambassadoerkursus.md";
    let before = p.read(&format!("content/{id}"));
    let page = desk.page(id);
    let skema = page["skema"].as_array().unwrap();
    let editions = skema
        .iter()
        .find(|f| f["navn"] == "udgaver")
        .expect("udgaver");
    assert_eq!(editions["forslag"], json!(["intern", "forældre"]));
    let ws = &page["felter"]["workshops"][0];
    assert_eq!(ws["dato"], "2026-02-03", "{ws}");
    assert_eq!(ws["undervisere"], json!(["Mette Holm", "Ali Rahimi"]));
    assert_eq!(
        desk.get("sider").json()["udgaver"],
        json!(["intern", "forældre"])
    );

    // Saved as the desk sends it (every field it read): nothing of the workshops is lost.
    let a = desk.post(
        "side/gem",
        &json!({"id": id, "version": page["version"], "felter": page["felter"], "tekst": page["tekst"]}),
    );
    assert_eq!(a.status, 200, "{}", a.text());
    assert_eq!(a.json()["problemer"], json!([]));
    let after = p.read(&format!("content/{id}"));
    for kept in [
        "dato = 2026-02-03\n",
        "dato = 2026-05-19\n",
        "tid = \"13.00-15.30\"\n",
        "sted = \"Familiehuset, salen\"\n",
        "undervisere = [\"Mette Holm\"]\n",
    ] {
        assert!(before.contains(kept), "the demo changed: {kept}");
        assert!(after.contains(kept), "{kept} lost:\n{after}");
    }

    // A tool no page links to, limited to the parents' edition from the form.
    let tool = "redskaber/trivselslineal.md";
    let page = desk.page(tool);
    let mut felter = page["felter"].clone();
    felter["udgaver"] = json!(["forældre"]);
    let a = desk.post(
        "side/gem",
        &json!({"id": tool, "version": page["version"], "felter": felter, "tekst": page["tekst"]}),
    );
    assert_eq!(a.status, 200, "{}", a.text());
    assert!(p
        .read(&format!("content/{tool}"))
        .contains("udgaver = [\"forældre\"]\n"));
    p.build().assert_ok();
    assert!(p.exists("output-foraeldre/redskaber/trivselslineal/index.html"));
    assert!(!p.exists("output/redskaber/trivselslineal/index.html"));
    assert!(p.exists("output/kurser/ambassadoerkursus/index.html"));

    // A misspelt edition, in the form or in a box, is told by the preview at its line.
    let a = desk.post(
        "forhaandsvis",
        &json!({"id": id, "felter": {"udgaver": ["forældrene"]},
            "tekst": "Tekst.\n\n> [!KUN: intren]\n> Kun for personalet.\n"}),
    );
    assert_eq!(a.status, 200, "{}", a.text());
    let problems = a.json()["problemer"].clone();
    let lines: Vec<String> = problems
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{} {}",
                d["kode"].as_str().unwrap(),
                d["besked"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(lines.len(), 2, "{problems}");
    assert!(lines.iter().any(|l| l.contains("forældrene")), "{lines:?}");
    assert!(lines.iter().any(|l| l.contains("intren")), "{lines:?}");
    assert!(problems
        .as_array()
        .unwrap()
        .iter()
        .all(|d| d["linje"].as_u64().is_some_and(|l| l > 1)));
}

#[test]
fn a_draft_survives_the_server_being_killed() {
    let p = project();
    let id = "metoder/boernesamtalen.md";
    let desk = open(&p);
    let a = desk.post(
        "side/kladde",
        &json!({"id": id, "felter": {"title": "Før nedbruddet"}, "tekst": "Ord, der ikke må gå tabt.\n"}),
    );
    assert_eq!(a.status, 200, "{}", a.text());
    // Killed, as a crash or a closed terminal would stop it (Drop sends SIGKILL).
    drop(desk);
    let desk = open(&p);
    let page = desk.page(id);
    assert_eq!(page["kladde"]["tekst"], "Ord, der ikke må gå tabt.\n");
    assert_eq!(page["kladde"]["felter"]["title"], "Før nedbruddet");
    assert_eq!(p.read(&format!("content/{id}")), METHOD);
}

/// A `PATH` whose `xdg-open` writes the address it is given to `opened`.
#[cfg(unix)]
fn fake_browser(dir: &std::path::Path, opened: &std::path::Path) -> String {
    use std::os::unix::fs::PermissionsExt;
    let script = dir.join("xdg-open");
    std::fs::write(
        &script,
        format!("#!/bin/sh\nprintf '%s' \"$1\" > '{}'\n", opened.display()),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    format!(
        "{}:{}",
        dir.display(),
        std::env::var("PATH").unwrap_or_default()
    )
}

#[cfg(all(unix, not(target_os = "macos")))]
#[test]
fn skriv_opens_the_desk_in_the_browser_unless_told_not_to_and_needs_no_internet() {
    let p = project();
    let bin = tempfile::tempdir().unwrap();
    let opened = bin.path().join("opened");
    let path = fake_browser(bin.path(), &opened);
    let desk = start_with_env(&p, &["skriv", "--port", "0"], &[("PATH", path.clone())]);
    let start = std::time::Instant::now();
    while !opened.exists() || std::fs::read_to_string(&opened).unwrap().is_empty() {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "no browser was opened"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(
        std::fs::read_to_string(&opened).unwrap(),
        format!("http://{}/__skriv/?token={}", desk.host(), desk.token)
    );
    drop(desk);
    std::fs::remove_file(&opened).unwrap();
    let desk = with_session(start_with_env(
        &p,
        &["skriv", "--port", "0", "--no-open"],
        &[("PATH", path)],
    ));
    // The page, its style and its script come from the binary; none names another address.
    let page = desk.raw("GET", "/__skriv/", &[("Cookie", &desk.cookie)], b"");
    assert_eq!(page.status, 200);
    let mut assets = vec![page.text()];
    for asset in ["desk.css", "desk.js"] {
        let a = desk.raw(
            "GET",
            &format!("/__skriv/assets/{asset}"),
            &[("Cookie", &desk.cookie)],
            b"",
        );
        assert_eq!(a.status, 200, "{asset}");
        assets.push(a.text());
    }
    for text in &assets {
        for outside in ["http:", "https:", "//cdn", "@import", "url("] {
            assert!(!text.contains(outside), "{outside} in a desk asset");
        }
    }
    std::thread::sleep(Duration::from_millis(500));
    assert!(!opened.exists(), "--no-open opened a browser");
}
