//! A child's book at the editing desk, over real HTTP against the real `bogbinder serve`: photo
//! upload (no metadata on disk or in the PDF, upright, HEIC and size refused, names with spaces
//! and æøå), the settings form, the chapter order, a new book and the PDF downloads.

mod common;
use common::*;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A running `bogbinder serve` with a desk session.
struct Desk {
    child: Child,
    port: u16,
    cookie: String,
}

impl Drop for Desk {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts serve, opens the printed desk address and keeps the session cookie it sets.
fn desk(p: &Project) -> Desk {
    let mut child = Command::new(env!("CARGO_BIN_EXE_bogbinder"))
        .args(["serve", "--port", "0", "--no-open"])
        .current_dir(p.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start serve");
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut url = None;
    for _ in 0..10 {
        let mut line = String::new();
        if out.read_line(&mut line).unwrap_or(0) == 0 {
            break;
        }
        if let Some(u) = line.trim().strip_prefix("Skrivebord: ") {
            url = Some(u.to_string());
            break;
        }
    }
    std::thread::spawn(move || std::io::copy(&mut out, &mut std::io::sink()));
    let mut d = Desk {
        child,
        port: 0,
        cookie: String::new(),
    };
    let url = url.expect("serve printed no desk address");
    let rest = url
        .strip_prefix("http://127.0.0.1:")
        .expect("desk on 127.0.0.1");
    let (port, path) = rest.split_once('/').unwrap();
    d.port = port.parse().unwrap();
    let (status, head, _) = d.send("GET", &format!("/{path}"), None, &[]);
    assert_eq!(status, 303, "{head}");
    let cookie = head
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .starts_with("set-cookie:")
                .then(|| l[11..].trim().to_string())
        })
        .expect("a session cookie");
    d.cookie = cookie.split(';').next().unwrap().to_string();
    d
}

impl Desk {
    /// One request: status, head, body. `ctype` with a body; the desk's own Origin on writes.
    fn send(
        &self,
        method: &str,
        target: &str,
        ctype: Option<&str>,
        body: &[u8],
    ) -> (u16, String, Vec<u8>) {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(120))).unwrap();
        let mut head = format!(
            "{method} {target} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n",
            self.port
        );
        if !self.cookie.is_empty() {
            head.push_str(&format!("Cookie: {}\r\n", self.cookie));
        }
        if method == "POST" {
            head.push_str(&format!("Origin: http://127.0.0.1:{}\r\n", self.port));
            head.push_str(&format!("Content-Length: {}\r\n", body.len()));
        }
        if let Some(t) = ctype {
            head.push_str(&format!("Content-Type: {t}\r\n"));
        }
        head.push_str("\r\n");
        let mut request = head.into_bytes();
        request.extend_from_slice(body);
        // Written beside the reading: a server may refuse a body (413) before all of it is sent.
        let mut writer = s.try_clone().unwrap();
        let sending = std::thread::spawn(move || {
            let _ = writer.write_all(&request);
        });
        let mut buf = Vec::new();
        let _ = s.read_to_end(&mut buf);
        let _ = sending.join();
        let split = buf
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("a response head");
        let head = String::from_utf8_lossy(&buf[..split]).into_owned();
        let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
        let mut body = buf[split + 4..].to_vec();
        if head
            .to_ascii_lowercase()
            .contains("transfer-encoding: chunked")
        {
            body = unchunk(&body);
        }
        (status, head, body)
    }

    fn get_json(&self, target: &str) -> (u16, serde_json::Value) {
        let (status, _, body) = self.send("GET", target, None, &[]);
        (
            status,
            serde_json::from_slice(&body)
                .unwrap_or_else(|_| panic!("not JSON: {}", String::from_utf8_lossy(&body))),
        )
    }

    fn post_json(&self, target: &str, value: &serde_json::Value) -> (u16, serde_json::Value) {
        let body = serde_json::to_vec(value).unwrap();
        let (status, _, body) = self.send("POST", target, Some("application/json"), &body);
        (
            status,
            serde_json::from_slice(&body)
                .unwrap_or_else(|_| panic!("not JSON: {}", String::from_utf8_lossy(&body))),
        )
    }

    fn upload(&self, book: &str, name: &str, bytes: &[u8]) -> (u16, serde_json::Value) {
        let target = format!("/__skriv/api/bog/foto?navn={book}&fil={}", encode(name));
        let (status, _, body) = self.send("POST", &target, Some("image/jpeg"), bytes);
        (
            status,
            serde_json::from_slice(&body).unwrap_or(serde_json::Value::Null),
        )
    }
}

fn unchunk(mut body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(end) = body.windows(2).position(|w| w == b"\r\n") {
        let size =
            usize::from_str_radix(std::str::from_utf8(&body[..end]).unwrap().trim(), 16).unwrap();
        if size == 0 {
            break;
        }
        out.extend_from_slice(&body[end + 2..end + 2 + size]);
        body = &body[end + 2 + size + 2..];
    }
    out
}

fn has_exif(bytes: &[u8]) -> bool {
    exif::Reader::new()
        .read_from_container(&mut std::io::Cursor::new(bytes))
        .is_ok()
        || bytes.windows(6).any(|w| w == b"Exif\0\0")
}

/// A project with Emma's book, made as `bogbinder new bog` makes it.
fn book_project() -> Project {
    let p = Project::new();
    p.run(&["new", "bog", "Emma"]).assert_ok();
    p
}

const BOOK: &str = "content/boeger/emma";

#[test]
fn an_uploaded_photo_has_no_metadata_on_disk_or_in_the_pdf_and_keeps_its_name() {
    let p = book_project();
    let d = desk(&p);
    let gps = photo_with_gps();
    assert!(has_exif(&gps), "the test photo must carry EXIF");
    let (status, stored) = d.upload("emma", "Stranden på Ærø #1.jpg", &gps);
    assert_eq!(status, 200, "{stored}");
    let file = stored["fil"].as_str().unwrap();
    assert_eq!(file, "Stranden på Ærø 1.jpg");
    assert_eq!(
        stored["markdown"],
        "![Billedtekst](billeder/Stranden på Ærø 1.jpg)"
    );
    let on_disk = std::fs::read(p.path().join(BOOK).join("billeder").join(file)).unwrap();
    assert!(!has_exif(&on_disk), "the stored photo still has EXIF");
    let img = image::load_from_memory(&on_disk).unwrap();
    assert!(img.height() > img.width(), "not turned upright");

    // The Markdown the desk gave, in a chapter, prints the photo, and the PDF has no GPS.
    let chapter = format!(
        "+++\ntitle = \"Alt om mig\"\n+++\n\nJeg hedder Emma.\n\n{}\n",
        stored["markdown"]
            .as_str()
            .unwrap()
            .replace("Billedtekst", "Vi byggede en sandborg")
    );
    p.file(&format!("{BOOK}/01-alt-om-mig.md"), &chapter);
    let (status, head, pdf) = d.send(
        "GET",
        "/__skriv/api/bog/pdf?navn=emma&udgave=almindelig",
        None,
        &[],
    );
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&pdf));
    assert!(
        head.to_ascii_lowercase()
            .contains("content-type: application/pdf"),
        "{head}"
    );
    assert!(head.contains("attachment; filename=\"emma.pdf\""), "{head}");
    let doc = lopdf::Document::load_mem(&pdf).expect("a PDF");
    let mut images = 0;
    for obj in doc.objects.values() {
        if let Ok(stream) = obj.as_stream() {
            let bytes = stream
                .decompressed_content()
                .unwrap_or_else(|_| stream.content.clone());
            assert!(!has_exif(&bytes), "a PDF stream carries EXIF");
            images += usize::from(
                stream
                    .dict
                    .get(b"Subtype")
                    .is_ok_and(|s| s.as_name().is_ok_and(|n| n == b"Image")),
            );
        }
    }
    assert!(images >= 1, "the photo is not in the PDF");
    let path = p.path().join("emma.pdf");
    std::fs::write(&path, &pdf).unwrap();
    assert!(
        pdf_text(&path).contains("Vi byggede en sandborg"),
        "the caption is not in the PDF"
    );
    // Nothing was written into the output folders.
    assert!(!p.exists("boeger-output"));

    // The stored photo is shown to the desk, scaled and still without metadata; only by its name.
    let (status, head, shown) = d.send(
        "GET",
        &format!("/__skriv/api/bog/foto?navn=emma&fil={}", encode(file)),
        None,
        &[],
    );
    assert_eq!(status, 200, "{head}");
    assert!(!has_exif(&shown));
    for bad in [
        "..%2Fbog.toml",
        "%2E%2E%2Fbog.toml",
        "bog.toml",
        ".gitkeep",
        "",
    ] {
        let (status, _, _) = d.send(
            "GET",
            &format!("/__skriv/api/bog/foto?navn=emma&fil={bad}"),
            None,
            &[],
        );
        assert!(status == 404 || status == 400, "{bad}: {status}");
    }
    let (_, book) = d.get_json("/__skriv/api/bog?navn=emma");
    assert_eq!(book["fotos"][0]["fil"], file, "{book}");
}

#[test]
fn heic_and_uploads_over_the_limit_are_refused_and_nothing_is_stored() {
    let p = book_project();
    let d = desk(&p);
    let heic = b"\0\0\0\x18ftypheic\0\0\0\0mif1heic\0\0\0\0".to_vec();
    let (status, answer) = d.upload("emma", "IMG_0001.HEIC", &heic);
    assert_eq!(status, 400, "{answer}");
    assert_eq!(answer["fejl"]["kode"], "F028", "{answer}");
    assert!(answer["fejl"]["hint"]
        .as_str()
        .is_some_and(|h| !h.is_empty()));
    let (status, answer) = d.upload("emma", "noter.txt", b"hello");
    assert_eq!(status, 400);
    assert_eq!(answer["fejl"]["kode"], "F032", "{answer}");
    // Within the size limit but over the pixel limit: a PNG whose header claims 60,000 ×
    // 60,000 pixels is refused before anything is decoded.
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    png.extend_from_slice(&60_000u32.to_be_bytes());
    png.extend_from_slice(&60_000u32.to_be_bytes());
    png.extend_from_slice(&[8, 2, 0, 0, 0, 0, 0, 0, 0]);
    let (status, answer) = d.upload("emma", "kæmpe.png", &png);
    assert_eq!(status, 400, "{answer}");
    let code = answer["fejl"]["kode"].as_str().unwrap_or_default();
    assert!(code.starts_with('F'), "{answer}");
    assert!(
        answer["fejl"]["besked"]
            .as_str()
            .is_some_and(|b| !b.is_empty()),
        "{answer}"
    );
    // Over the desk's upload limit: refused before it is read.
    let big = vec![0xFFu8; 41 * 1024 * 1024];
    let (status, _) = d.upload("emma", "stor.jpg", &big);
    assert_eq!(status, 413);
    // To a book that is not there.
    let (status, answer) = d.upload("ida", "x.jpg", &small_jpeg());
    assert_eq!(status, 404);
    assert_eq!(answer["fejl"]["kode"], "B009", "{answer}");
    let (status, _) = d.upload("..%2F..", "x.jpg", &small_jpeg());
    assert_eq!(status, 404);
    let stored: Vec<_> = p
        .files_under(&format!("{BOOK}/billeder"))
        .into_iter()
        .filter(|f| !f.ends_with(".gitkeep"))
        .collect();
    assert!(stored.is_empty(), "{stored:?}");
}

#[test]
fn the_settings_form_round_trips_and_a_transition_edition_is_recorded() {
    let p = book_project();
    p.file(
        &format!("{BOOK}/01-alt-om-mig.md"),
        "+++\ntitle = \"Alt om mig\"\n+++\n\nJeg hedder Emma.\n",
    );
    p.file(
        &format!("{BOOK}/04-skolen.md"),
        "+++\ntitle = \"Skolen\"\n+++\n\nJeg går i 3. klasse.\n",
    );
    let d = desk(&p);
    let (status, book) = d.get_json("/__skriv/api/bog?navn=emma");
    assert_eq!(status, 200, "{book}");
    assert_eq!(book["titel"], "Emma");
    let version = book["version"].as_str().unwrap().to_string();
    let mut form = book["indstillinger"].clone();
    assert_eq!(form["navn"], "Emma");
    form["laeser"] = "barn".into();
    form["foedt"] = "2018-03-01".into();
    form["samtykker"] = serde_json::json!([{
        "givet_af": "Mor og far",
        "modtager": "Solsikkeskolen",
        "dato": "2026-01-05",
        "kapitler": ["alt-om-mig"],
        "barnet_siger_ja": false,
    }]);
    let (status, saved) = d.post_json(
        "/__skriv/api/bog/indstillinger",
        &serde_json::json!({"navn": "emma", "version": version, "indstillinger": form}),
    );
    assert_eq!(status, 200, "{saved}");
    let toml = p.read(&format!("{BOOK}/bog.toml"));
    assert!(toml.contains("laeser = \"barn\""), "{toml}");
    assert!(
        toml.contains("[[samtykker]]\ngivet_af = \"Mor og far\""),
        "{toml}"
    );
    assert!(
        toml.contains("# Barnets bog."),
        "the guide's comments are gone:\n{toml}"
    );
    // Read back as it was saved.
    let (_, again) = d.get_json("/__skriv/api/bog?navn=emma");
    assert_eq!(again["indstillinger"], form);
    assert_eq!(again["version"], saved["version"]);
    // The book reads it: the command line makes the same transition edition.
    p.run(&["check"]).assert_ok();

    // Saved with the old version: refused with both sides, nothing written.
    let (status, conflict) = d.post_json(
        "/__skriv/api/bog/indstillinger",
        &serde_json::json!({"navn": "emma", "version": version, "indstillinger": form}),
    );
    assert_eq!(status, 409, "{conflict}");
    assert_eq!(conflict["konflikt"]["disk"]["indstillinger"], form);
    let current = saved["version"].as_str().unwrap();
    for (field, value, code) in [
        ("foedt", "1. marts 2018", "B110"),
        ("navn", " ", "B111"),
        ("laeser", "voksen", "B030"),
    ] {
        let mut wrong = form.clone();
        wrong[field] = value.into();
        let (status, answer) = d.post_json(
            "/__skriv/api/bog/indstillinger",
            &serde_json::json!({"navn": "emma", "version": current, "indstillinger": wrong}),
        );
        assert_eq!(status, 400, "{answer}");
        assert_eq!(answer["fejl"]["kode"], code, "{answer}");
    }
    assert_eq!(
        p.read(&format!("{BOOK}/bog.toml")),
        toml,
        "a refused form changed the file"
    );

    // The transition edition as a download, with only the chapter consented to, recorded.
    let (status, head, pdf) = d.send(
        "GET",
        "/__skriv/api/bog/pdf?navn=emma&udgave=overgang&modtager=Solsikkeskolen",
        None,
        &[],
    );
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&pdf));
    assert!(
        head.contains("filename=\"emma-overgang-solsikkeskolen.pdf\""),
        "{head}"
    );
    let path = p.path().join("overgang.pdf");
    std::fs::write(&path, &pdf).unwrap();
    let text = pdf_text(&path);
    assert!(
        text.contains("Jeg hedder Emma") && !text.contains("3. klasse"),
        "{text}"
    );
    let log = p.read(&format!("{BOOK}/udleveringer.log"));
    assert_eq!(log.lines().count(), 1, "{log}");
    assert!(
        log.contains("\"modtager\":\"Solsikkeskolen\"")
            && log.contains(&bogbinder::book::copies::sha256_hex(&pdf)),
        "{log}"
    );
    // No consent for that recipient: refused, nothing recorded.
    let (status, answer) =
        d.get_json("/__skriv/api/bog/pdf?navn=emma&udgave=overgang&modtager=Klubben");
    assert_eq!(status, 400);
    assert_eq!(answer["fejl"]["kode"], "B005", "{answer}");
    assert_eq!(
        p.read(&format!("{BOOK}/udleveringer.log")).lines().count(),
        1
    );
}

#[test]
fn chapters_are_listed_with_their_questions_and_reordered() {
    let p = book_project();
    let d = desk(&p);
    let (_, book) = d.get_json("/__skriv/api/bog?navn=emma");
    let chapters = book["kapitler"].as_array().unwrap().clone();
    assert_eq!(chapters.len(), 13);
    assert_eq!(chapters[0]["id"], "boeger/emma/01-alt-om-mig.md");
    assert!(chapters[0]["spoergsmaal"][0]
        .as_str()
        .unwrap()
        .starts_with("Hvad hedder du"));
    assert_eq!(chapters[0]["tom"], true);
    // A chapter saved at the desk has a history, and an unsaved draft of another: both follow
    // their chapters to the new names.
    let (_, page) = d.get_json("/__skriv/api/side?id=boeger/emma/01-alt-om-mig.md");
    let save = serde_json::json!({"id": "boeger/emma/01-alt-om-mig.md", "version": page["version"], "felter": page["felter"], "tekst": "Jeg hedder Emma.\n"});
    let (status, saved) = d.post_json("/__skriv/api/side/gem", &save);
    assert_eq!(status, 200, "{saved}");
    let desk_dir = format!("{BOOK}/.bogbinder-skriv");
    assert!(p
        .path()
        .join(&desk_dir)
        .join("historik/01-alt-om-mig.md")
        .is_dir());
    p.file(
        &format!("{desk_dir}/04-skolen.md.kladde"),
        "{\"tekst\": \"Min skole\"}",
    );
    let mut order: Vec<serde_json::Value> = chapters.iter().map(|c| c["id"].clone()).collect();
    order.swap(0, 3);
    let (status, answer) = d.post_json(
        "/__skriv/api/bog/raekkefoelge",
        &serde_json::json!({"navn": "emma", "kapitler": order}),
    );
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["kapitler"][0]["id"], "boeger/emma/01-skolen.md");
    assert!(
        p.exists(&format!("{BOOK}/01-skolen.md")) && p.exists(&format!("{BOOK}/04-alt-om-mig.md"))
    );
    let chapter_files = p
        .files_under(BOOK)
        .into_iter()
        .filter(|f| f.parent() == Some(Path::new(BOOK)) && f.extension().is_some_and(|e| e == "md"))
        .count();
    assert_eq!(chapter_files, 13);
    assert!(p
        .read(&format!("{BOOK}/04-alt-om-mig.md"))
        .contains("Jeg hedder Emma."));
    assert!(
        p.path()
            .join(&desk_dir)
            .join("historik/04-alt-om-mig.md")
            .is_dir(),
        "the history stayed behind"
    );
    assert!(!p
        .path()
        .join(&desk_dir)
        .join("historik/01-alt-om-mig.md")
        .exists());
    assert!(
        p.exists(&format!("{desk_dir}/01-skolen.md.kladde")),
        "the draft stayed behind"
    );
    // The old order again is stale: the ids changed.
    let (status, answer) = d.post_json(
        "/__skriv/api/bog/raekkefoelge",
        &serde_json::json!({"navn": "emma", "kapitler": order}),
    );
    assert_eq!(status, 409, "{answer}");
    assert_eq!(answer["fejl"]["kode"], "B112", "{answer}");
    // The renamed chapter opens as a page at its new id.
    let (status, page) = d.get_json("/__skriv/api/side?id=boeger/emma/01-skolen.md");
    assert_eq!(status, 200, "{page}");
}

#[test]
fn a_new_book_is_made_from_the_desk() {
    let p = Project::new();
    let d = desk(&p);
    let (status, answer) = d.post_json(
        "/__skriv/api/bog/ny",
        &serde_json::json!({"titel": "Søren Åge"}),
    );
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["navn"], "soeren-aage");
    assert!(p
        .read("content/boeger/soeren-aage/bog.toml")
        .contains("navn = \"Søren Åge\""));
    let (status, book) = d.get_json(&format!("/__skriv/api/bog?navn={}", encode("Søren Åge")));
    assert_eq!(status, 200, "{book}");
    assert_eq!(book["kapitler"].as_array().unwrap().len(), 13);
    let (status, answer) = d.post_json(
        "/__skriv/api/bog/ny",
        &serde_json::json!({"titel": "Søren Åge"}),
    );
    assert_eq!(status, 409);
    assert_eq!(answer["fejl"]["kode"], "B014", "{answer}");
    let (status, answer) = d.post_json("/__skriv/api/bog/ny", &serde_json::json!({"titel": "!!!"}));
    assert_eq!(status, 400);
    assert_eq!(answer["fejl"]["kode"], "B011", "{answer}");
}

#[test]
fn a_bog_toml_the_desk_cannot_edit_is_refused_not_rewritten() {
    let p = book_project();
    // A table in { } over two lines: TOML 1.1, which the book reads and the editor does not.
    let wide = "navn = \"Emma\"\nsamtykker = [{ givet_af = \"Mor\", modtager = \"Skolen\",\n  dato = 2026-01-02, kapitler = [\"alt-om-mig\"] }]\n";
    p.file(&format!("{BOOK}/bog.toml"), wide);
    let d = desk(&p);
    let (status, book) = d.get_json("/__skriv/api/bog?navn=emma");
    assert_eq!(status, 200, "{book}");
    assert_eq!(book["indstillinger"]["samtykker"][0]["modtager"], "Skolen");
    let (status, answer) = d.post_json(
        "/__skriv/api/bog/indstillinger",
        &serde_json::json!({"navn": "emma", "version": book["version"], "indstillinger": book["indstillinger"]}),
    );
    assert_eq!(status, 400, "{answer}");
    assert_eq!(answer["fejl"]["kode"], "B113", "{answer}");
    assert_eq!(p.read(&format!("{BOOK}/bog.toml")), wide);
}

#[test]
fn a_link_on_a_handbook_page_cannot_make_the_desk_build_or_show_a_book() {
    let p = book_project();
    p.file(
        &format!("{BOOK}/01-alt-om-mig.md"),
        "+++\ntitle = \"Alt om mig\"\n+++\n\nJeg hedder Emma.\n",
    );
    let d = desk(&p);
    // A handbook page (any script from content, on the other port: the same site) sends the
    // browser to the desk's API. The session cookie goes along (same site), and the guard lets a
    // top-level navigation through (to open the desk), but the API answers only its own page:
    // no PDF is built (a transition edition would be recorded as handed over), nothing is read.
    let navigate = |target: &str, site: &str| {
        let mut s = TcpStream::connect(("127.0.0.1", d.port)).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(120))).unwrap();
        write!(
            s,
            "GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nCookie: {}\r\n\
             Sec-Fetch-Site: {site}\r\nSec-Fetch-Mode: navigate\r\nSec-Fetch-Dest: document\r\n\
             Connection: close\r\n\r\n",
            d.port, d.cookie
        )
        .unwrap();
        let mut buf = Vec::new();
        let _ = s.read_to_end(&mut buf);
        let text = String::from_utf8_lossy(&buf).into_owned();
        let status: u16 = text
            .split(' ')
            .nth(1)
            .and_then(|c| c.parse().ok())
            .unwrap_or(0);
        (status, text)
    };
    for target in [
        "/__skriv/api/bog/pdf?navn=emma",
        "/__skriv/api/bog?navn=emma",
        "/__skriv/api/side?id=boeger/emma/01-alt-om-mig.md",
    ] {
        for site in ["same-site", "cross-site"] {
            let (status, text) = navigate(target, site);
            assert_eq!(status, 403, "{target} from {site}: {text}");
            assert!(text.contains("S090"), "{text}");
            assert!(!text.contains("Jeg hedder Emma"), "{text}");
        }
    }
    // The desk itself may still be opened from elsewhere, and its own page gets the PDF.
    assert_eq!(navigate("/__skriv/", "cross-site").0, 200);
    let (status, _) = navigate("/__skriv/api/bog/pdf?navn=emma", "same-origin");
    assert_eq!(status, 200);
}
