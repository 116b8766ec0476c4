//! One rule for every file (src/files.rs), attacked end to end with the real binary: links,
//! hidden names, hard links, look-alike folders and live edits must never bring a child's text or
//! photo into the handbook, a compendium, another child's book or a network client.

mod common;
use common::*;
use std::io::{Read, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Text that stands in for what a child wrote; it must never appear outside the child's book.
const MARKER: &str = "BARNETS-HEMMELIGHED-7731";
/// The child's name, from bog.toml.
const NAME: &str = "Emmeline Hemmeligsen";
/// The child's photo has this odd size, so a re-encoded copy is still recognised.
const PHOTO_SIZE: (u32, u32) = (37, 23);

fn child_photo() -> Vec<u8> {
    let img = image::RgbImage::from_fn(PHOTO_SIZE.0, PHOTO_SIZE.1, |x, y| {
        image::Rgb([(x * 7) as u8, (y * 11) as u8, 200])
    });
    let mut out = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

/// A handbook page and a photo for it, so a handbook build has an asset of its own.
fn handbook_photo() -> Vec<u8> {
    let img = image::RgbImage::from_pixel(16, 16, image::Rgb([10, 120, 10]));
    let mut out = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

/// A project with a handbook and the barnets bog `emma`: name, a chapter and a photo.
fn project() -> Project {
    let p = Project::new();
    p.file(
        "content/metoder/_index.md",
        "+++\ntitle = \"Metoder\"\n+++\n",
    );
    p.file(
        "content/metoder/samtalen.md",
        "+++\ntitle = \"Samtalen\"\n+++\nHåndbogens tekst.\n\n![Skema](skema.png)\n",
    );
    p.bytes("content/metoder/skema.png", &handbook_photo());
    p.file(
        "content/boeger/emma/bog.toml",
        &format!("navn = \"{NAME}\"\nforside = \"billeder/foto.png\"\n"),
    );
    p.file(
        "content/boeger/emma/01-alt-om-mig.md",
        &format!("+++\ntitle = \"Alt om mig\"\n+++\n{MARKER}\n\n![Mig](billeder/foto.png)\n"),
    );
    p.file(
        "content/boeger/emma/02-mit-helbred.md",
        &format!("+++\ntitle = \"Mit helbred\"\n+++\nKun tekst: {MARKER}\n"),
    );
    p.bytes("content/boeger/emma/billeder/foto.png", &child_photo());
    p
}

/// A page of the handbook that links `dest` (as an image).
fn page_linking(p: &Project, dest: &str) {
    p.file(
        "content/metoder/side.md",
        &format!("+++\ntitle = \"Side\"\n+++\nSe her:\n\n![x]({dest})\n"),
    );
}

#[cfg(unix)]
fn symlink(target: &str, link: &Path) {
    std::fs::create_dir_all(link.parent().unwrap()).unwrap();
    std::os::unix::fs::symlink(target, link).unwrap();
}

/// Nothing of the child's book anywhere under `rel`: not the text, not the name, not the photo
/// (also not re-encoded: no image of its size).
#[track_caller]
fn assert_no_child_data(p: &Project, rel: &str) {
    let photo = child_photo();
    for f in p.files_under(rel) {
        let bytes = std::fs::read(p.path().join(&f)).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains(MARKER),
            "{} has the child's text",
            f.display()
        );
        assert!(!text.contains(NAME), "{} has the child's name", f.display());
        assert!(bytes != photo, "{} is the child's photo", f.display());
        if let Ok(img) = image::load_from_memory(&bytes) {
            assert!(
                (img.width(), img.height()) != PHOTO_SIZE,
                "{} is the child's photo, re-encoded",
                f.display()
            );
        }
    }
}

/// `build` and `check` both refuse, naming `needles`; the last good output stays and has nothing
/// of the child's.
#[track_caller]
fn refused_by_build_and_check(p: &Project, needles: &[&str]) {
    p.build().assert_fails_with(needles);
    p.run(&["check"]).assert_fails_with(needles);
    assert_no_child_data(p, "output");
}

/// A project that has built once, so a refused build must leave that output as it was.
fn built_project() -> Project {
    let p = project();
    p.build().assert_ok();
    assert_no_child_data(&p, "output");
    p
}

#[cfg(unix)]
#[test]
fn hidden_link_to_the_books_is_refused() {
    let p = built_project();
    symlink("../boeger", &p.path().join("content/metoder/.genvej"));
    page_linking(&p, ".genvej/emma/billeder/foto.png");
    p.file(
        "content/metoder/side2.md",
        "+++\ntitle = \"Side 2\"\n+++\n[bog](.genvej/emma/bog.toml) og [kapitel](%2Egenvej/emma/01-alt-om-mig.md)\n",
    );
    let before = p.snapshot("output");
    refused_by_build_and_check(
        &p,
        &[
            "content/metoder/.genvej",
            "genveje (symbolske links) følges ikke",
            "content/metoder/side.md:6:1",
            "content/metoder/side2.md:4:1",
        ],
    );
    assert_eq!(
        before,
        p.snapshot("output"),
        "a refused build changed output/"
    );
}

#[cfg(unix)]
#[test]
fn links_of_every_shape_are_refused() {
    // A link to a link, a linked file, and a link inside a page bundle.
    let p = project();
    symlink("../boeger", &p.path().join("content/metoder/.b"));
    symlink(".b", &p.path().join("content/metoder/.a"));
    symlink(
        "../boeger/emma/billeder/foto.png",
        &p.path().join("content/metoder/.foto.png"),
    );
    p.file(
        "content/metoder/bundt/index.md",
        "+++\ntitle = \"Bundt\"\n+++\n![x](billede.png)\n",
    );
    symlink(
        "../../boeger/emma/billeder/foto.png",
        &p.path().join("content/metoder/bundt/billede.png"),
    );
    p.file(
        "content/metoder/side.md",
        "+++\ntitle = \"Side\"\n+++\n![a](.a/emma/billeder/foto.png)\n![b](.foto.png)\n",
    );
    refused_by_build_and_check(
        &p,
        &[
            "content/metoder/.a",
            "content/metoder/.foto.png",
            "content/metoder/bundt/billede.png",
            "content/metoder/side.md:4:1",
            "content/metoder/side.md:5:1",
        ],
    );
}

/// Main refused these already; kept so the new listing of content/ does not lose them.
#[cfg(unix)]
#[test]
fn a_linked_content_folder_or_page_is_refused() {
    let p = project();
    std::fs::rename(p.path().join("content"), p.path().join("tekster")).unwrap();
    symlink("tekster", &p.path().join("content"));
    p.build().assert_fails_with(&["content", "genveje"]);

    let p = project();
    symlink(
        "../boeger/emma/01-alt-om-mig.md",
        &p.path().join("content/metoder/kopi.md"),
    );
    refused_by_build_and_check(&p, &["content/metoder/kopi.md", "genveje"]);
}

#[cfg(unix)]
#[test]
fn a_hard_link_to_a_childs_photo_is_refused() {
    let p = built_project();
    std::fs::hard_link(
        p.path().join("content/boeger/emma/billeder/foto.png"),
        p.path().join("content/metoder/foto.png"),
    )
    .unwrap();
    page_linking(&p, "foto.png");
    refused_by_build_and_check(&p, &["content/metoder/side.md:6:1", "hårdt link"]);
}

#[test]
fn a_folder_that_looks_like_the_books_is_refused() {
    // `Bøger` is how a Danish user would spell it; its pages would be published.
    for folder in ["Bøger", "Boeger", "b\u{043E}eger"] {
        let p = project();
        p.file(
            &format!("content/{folder}/emma/01-alt-om-mig.md"),
            &format!("+++\ntitle = \"Alt om mig\"\n+++\n{MARKER}\n"),
        );
        refused_by_build_and_check(&p, &[&format!("content/{folder}"), "ligner"]);
    }
    // A book's folder copied into the handbook.
    let p = project();
    p.file(
        "content/metoder/emma/bog.toml",
        &format!("navn = \"{NAME}\"\n"),
    );
    p.file(
        "content/metoder/emma/01-alt-om-mig.md",
        &format!("+++\ntitle = \"Alt om mig\"\n+++\n{MARKER}\n"),
    );
    refused_by_build_and_check(&p, &["content/metoder/emma/bog.toml", "bog.toml"]);
}

#[test]
fn a_theme_cannot_publish_a_book() {
    let p = project();
    p.file("themes/.gitkeep", "");
    p.file(
        "content/boeger/emma/static/noter.txt",
        &format!("{MARKER}\n"),
    );
    p.file(
        "bogbinder.toml",
        &format!("{MINIMAL_CONFIG}theme = \"../content/boeger/emma\"\n"),
    );
    p.build().assert_fails_with(&["bogbinder.toml", "tema"]);
    assert_no_child_data(&p, "output");
}

#[cfg(unix)]
#[test]
fn a_theme_folder_linked_into_the_books_is_refused() {
    let p = built_project();
    symlink(
        "../../content/boeger/emma",
        &p.path().join("themes/default/static"),
    );
    p.build()
        .assert_fails_with(&["themes/default/static", "genveje"]);
    assert_no_child_data(&p, "output");

    let p = built_project();
    std::fs::create_dir_all(p.path().join("themes/default/static")).unwrap();
    std::fs::hard_link(
        p.path().join("content/boeger/emma/billeder/foto.png"),
        p.path().join("themes/default/static/logo.png"),
    )
    .unwrap();
    p.build().assert_fails_with(&["logo.png", "hårdt link"]);
    assert_no_child_data(&p, "output");
}

const COMPENDIUM: &str =
    "[[kompendier]]\nname = \"kursus\"\ntitle = \"Kursus\"\npages = [\"@/metoder/side.md\"]\n";

fn with_compendium(p: &Project) {
    p.file("bogbinder.toml", &format!("{MINIMAL_CONFIG}{COMPENDIUM}"));
}

#[test]
fn a_compendium_never_takes_a_childs_photo() {
    let p = project();
    with_compendium(&p);
    page_linking(&p, "../boeger/emma/billeder/foto.png");
    p.run(&["book", "kursus"])
        .assert_fails_with(&["content/metoder/side.md:6:1", "privat"]);
    p.run(&["check"])
        .assert_fails_with(&["content/metoder/side.md:6:1"]);
    assert_no_child_data(&p, "boeger-output");
    assert_no_child_data(&p, "output");
}

#[cfg(unix)]
#[test]
fn a_compendium_never_takes_a_childs_photo_through_a_link() {
    let p = project();
    with_compendium(&p);
    symlink("../boeger", &p.path().join("content/metoder/.genvej"));
    page_linking(&p, ".genvej/emma/billeder/foto.png");
    p.run(&["book", "kursus"])
        .assert_fails_with(&["content/metoder/.genvej", "genveje"]);
    assert_no_child_data(&p, "boeger-output");
}

/// A file outside the project, written as a chapter would be.
fn outside_file(dir: &Path) -> std::path::PathBuf {
    let f = dir.join("udenfor.md");
    std::fs::write(
        &f,
        format!("+++\ntitle = \"Udenfor\"\n+++\nUDENFOR {MARKER}\n"),
    )
    .unwrap();
    f
}

/// `book emma` and `check` refuse, naming `needles`, and no book output has the outside text.
#[cfg(unix)]
#[track_caller]
fn book_refused(p: &Project, needles: &[&str]) {
    p.run(&["book", "emma"]).assert_fails_with(needles);
    p.run(&["check"]).assert_fails_with(needles);
    for f in p.files_under("boeger-output") {
        let text = String::from_utf8_lossy(&std::fs::read(p.path().join(&f)).unwrap()).into_owned();
        assert!(
            !text.contains("UDENFOR"),
            "{} has a file from outside",
            f.display()
        );
    }
}

#[cfg(unix)]
#[test]
fn a_book_reads_nothing_through_a_link() {
    let elsewhere = tempfile::tempdir().unwrap();
    let outside = outside_file(elsewhere.path());

    let p = project();
    p.run(&["book", "emma"]).assert_ok();
    symlink(
        outside.to_str().unwrap(),
        &p.path().join("content/boeger/emma/03-skolen.md"),
    );
    book_refused(&p, &["content/boeger/emma/03-skolen.md", "genvej"]);

    let p = project();
    std::fs::remove_file(p.path().join("content/boeger/emma/bog.toml")).unwrap();
    let toml = elsewhere.path().join("bog.toml");
    std::fs::write(&toml, "navn = \"UDENFOR\"\n").unwrap();
    symlink(
        toml.to_str().unwrap(),
        &p.path().join("content/boeger/emma/bog.toml"),
    );
    book_refused(&p, &["content/boeger/emma/bog.toml", "genvej"]);
}

#[cfg(unix)]
#[test]
fn a_linked_book_folder_or_books_folder_is_refused() {
    let elsewhere = tempfile::tempdir().unwrap();
    outside_file(elsewhere.path());
    std::fs::write(elsewhere.path().join("bog.toml"), "navn = \"UDENFOR\"\n").unwrap();
    std::fs::copy(
        elsewhere.path().join("udenfor.md"),
        elsewhere.path().join("01-alt-om-mig.md"),
    )
    .unwrap();

    let p = project();
    std::fs::remove_dir_all(p.path().join("content/boeger/emma")).unwrap();
    symlink(
        elsewhere.path().to_str().unwrap(),
        &p.path().join("content/boeger/emma"),
    );
    book_refused(&p, &["content/boeger/emma", "genvej"]);

    let p = project();
    std::fs::rename(
        p.path().join("content/boeger"),
        p.path().join("private-boeger"),
    )
    .unwrap();
    std::fs::create_dir_all(elsewhere.path().join("emma")).unwrap();
    std::fs::copy(
        elsewhere.path().join("bog.toml"),
        elsewhere.path().join("emma/bog.toml"),
    )
    .unwrap();
    symlink(
        elsewhere.path().to_str().unwrap(),
        &p.path().join("content/boeger"),
    );
    p.run(&["book", "emma"])
        .assert_fails_with(&["content/boeger", "genvej"]);
}

#[cfg(unix)]
#[test]
fn a_book_never_takes_another_childs_photo() {
    let p = project();
    p.file("content/boeger/ida/bog.toml", "navn = \"Ida\"\n");
    p.file(
        "content/boeger/ida/01-alt-om-mig.md",
        "+++\ntitle = \"Alt om mig\"\n+++\nIda.\n\n![x](billeder/emma.png)\n",
    );
    std::fs::create_dir_all(p.path().join("content/boeger/ida/billeder")).unwrap();
    std::fs::hard_link(
        p.path().join("content/boeger/emma/billeder/foto.png"),
        p.path().join("content/boeger/ida/billeder/emma.png"),
    )
    .unwrap();
    p.run(&["book", "ida"])
        .assert_fails_with(&["content/boeger/ida/01-alt-om-mig.md:6:1", "andet barns bog"]);
    // A file in two children's books belongs to neither: Emma's book refuses it too.
    p.run(&["book", "emma"])
        .assert_fails_with(&["content/boeger/emma/bog.toml", "andet barns bog"]);
    assert_no_child_data(&p, "boeger-output");
}

/// `bogbinder serve` on a free port of 127.0.0.1, stopped when dropped.
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

fn serve(p: &Project) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_bogbinder"))
        .args(["serve", "--port", "0"])
        .current_dir(p.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start serve");
    let mut out = child.stdout.take().unwrap();
    let mut line = Vec::new();
    let mut b = [0u8; 1];
    while out.read(&mut b).is_ok_and(|n| n == 1) && b[0] != b'\n' {
        line.push(b[0]);
    }
    std::thread::spawn(move || std::io::copy(&mut out, &mut std::io::sink()));
    let line = String::from_utf8_lossy(&line).into_owned();
    let port = line
        .trim()
        .trim_end_matches('/')
        .rsplit(':')
        .next()
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no URL in {line:?}"));
    Server { child, port }
}

/// A GET over HTTP/1.0: status and body bytes.
fn get_bytes(port: u16, path: &str) -> (u16, Vec<u8>) {
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    let split = buf
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or(buf.len());
    let head = String::from_utf8_lossy(&buf[..split]).into_owned();
    let code = head
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (code, buf.get(split + 4..).unwrap_or_default().to_vec())
}

fn get(port: u16, path: &str) -> (u16, String) {
    let (code, body) = get_bytes(port, path);
    (code, String::from_utf8_lossy(&body).into_owned())
}

/// Waits until the preview's status names a problem with all of `needles`, or `leaked` says the
/// attack got through; fails on a leak and on a problem never reported.
#[track_caller]
fn wait_for_problem(s: &Server, needles: &[&str], leaked: impl Fn() -> bool) -> String {
    let start = Instant::now();
    loop {
        assert!(!leaked(), "the child's data was served");
        let (_, status) = get(s.port, "/__bogbinder/status");
        if needles.iter().all(|n| status.contains(n)) {
            return status;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "the problem was never reported; status: {status}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[cfg(unix)]
#[test]
fn serve_refuses_a_link_made_after_start() {
    let p = project();
    let s = serve(&p);
    assert_eq!(get(s.port, "/metoder/samtalen/").0, 200);
    // A page that is a link to a child's chapter, made while the preview runs.
    symlink(
        "../boeger/emma/02-mit-helbred.md",
        &p.path().join("content/metoder/kopi.md"),
    );
    let leaked = || {
        let (code, body) = get(s.port, "/metoder/kopi/");
        code == 200 || body.contains(MARKER)
    };
    wait_for_problem(&s, &["content/metoder/kopi.md", "genveje"], leaked);
    std::thread::sleep(Duration::from_millis(300));
    assert!(!leaked(), "the child's chapter was served");
    assert_no_child_data(&p, "output");
}

#[cfg(unix)]
#[test]
fn serve_refuses_a_hidden_link_used_by_a_page_edited_after_start() {
    let p = project();
    let s = serve(&p);
    assert_eq!(get(s.port, "/metoder/samtalen/").0, 200);
    symlink("../boeger", &p.path().join("content/metoder/.genvej"));
    p.file(
        "content/metoder/samtalen.md",
        "+++\ntitle = \"Samtalen\"\n+++\nNy tekst.\n\n![x](.genvej/emma/billeder/foto.png)\n",
    );
    let leaked = || {
        let (code, body) = get(s.port, "/metoder/.genvej/emma/billeder/foto.png");
        let (_, page) = get(s.port, "/metoder/samtalen/");
        code == 200 || page.contains(".genvej") || body.contains(MARKER)
    };
    wait_for_problem(&s, &["content/metoder/samtalen.md:6:1", "genvej"], leaked);
    std::thread::sleep(Duration::from_millis(300));
    assert!(!leaked());
    // Once the link is gone and the page fixed, the preview works again.
    std::fs::remove_file(p.path().join("content/metoder/.genvej")).unwrap();
    p.file(
        "content/metoder/samtalen.md",
        "+++\ntitle = \"Samtalen\"\n+++\nRettet tekst.\n",
    );
    let start = Instant::now();
    while !get(s.port, "/metoder/samtalen/").1.contains("Rettet tekst") {
        assert!(start.elapsed() < Duration::from_secs(10), "never recovered");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[cfg(unix)]
#[test]
fn serve_refuses_a_file_swapped_for_a_link() {
    let p = project();
    let s = serve(&p);
    assert_eq!(get(s.port, "/metoder/skema.png").0, 200);
    // The handbook's own photo, replaced by a link to the child's photo.
    let skema = p.path().join("content/metoder/skema.png");
    let tmp = p.path().join("content/metoder/.skema.tmp");
    symlink("../boeger/emma/billeder/foto.png", &tmp);
    std::fs::rename(&tmp, &skema).unwrap();
    let leaked = || {
        let (_, body) = get_bytes(s.port, "/metoder/skema.png");
        image::load_from_memory(&body).is_ok_and(|i| (i.width(), i.height()) == PHOTO_SIZE)
    };
    wait_for_problem(&s, &["content/metoder/skema.png", "genvej"], leaked);
    assert!(!leaked());
}

/// The forms people write a CPR number in, each in a handbook page and in a child's book: every
/// one stops the build at its place.
#[test]
fn every_written_form_of_a_cpr_number_stops_the_build_at_its_place() {
    let forms = [
        "1203151234",
        "120315-1234",
        "120315 1234",
        "12.03.15-1234",
        "12.03.15 1234",
        "12 03 15 1234",
        "cpr 1203151234",
        "cpr.nr. 1203151234",
        "CPR-nr. 120315-1234",
        "personnummer: 12.03.15-1234",
    ];
    let body: String = forms.iter().map(|f| format!("Barnet: {f}\n\n")).collect();
    let p = Project::new();
    p.file(
        "content/metoder/b.md",
        &format!("+++\ntitle = \"B\"\n+++\n{body}"),
    );
    let run = p.build();
    run.assert_codes(&["V002"]);
    for (n, form) in forms.iter().enumerate() {
        let line = 4 + 2 * n;
        let column = 9 + form.find(|c: char| c.is_ascii_digit()).unwrap();
        let at = format!("content/metoder/b.md:{line}:{column}:");
        assert!(
            run.stderr().contains(&at),
            "{form:?} not found at {at}:\n{}",
            run.stderr()
        );
    }
    assert!(
        !p.exists("output/index.html"),
        "a build with a CPR number wrote output"
    );

    let book = Project::new();
    book.file("content/boeger/test/bog.toml", "navn = \"Test\"\n");
    book.file("content/boeger/test/01-alt-om-mig.md", &body);
    let run = book.run(&["book", "test"]);
    run.assert_codes(&["V002"]);
    assert_eq!(
        run.codes().iter().filter(|c| *c == "V002").count(),
        forms.len(),
        "{}",
        run.stderr()
    );
}

/// Numbers that look a little like a CPR number but are not one do not stop the build.
#[test]
fn numbers_that_only_look_like_cpr_numbers_pass() {
    let p = Project::new();
    p.file(
        "content/metoder/b.md",
        "+++\ntitle = \"B\"\n+++\nRing 12 34 56 78 eller +45 12345678.\n\n\
         Sagsnr. 2023-123456, beløb 1.203.151.234 kr.\n\n\
         ISBN 978-87-12-03151-2 og ISBN 1203151234.\n\n\
         Mødet 12.03.2015 kl. 12.30; ugyldig dato 320315-1234 og 121315 1234.\n",
    );
    p.build().assert_ok();
    let html = p.read("output/metoder/b/index.html");
    assert!(html.contains("320315-1234"), "{html}");
}

#[test]
fn a_childs_processed_photos_never_go_into_git_with_the_handbook() {
    let p = project();
    // The project's own .gitignore keeps the books out, but says nothing of bogbinder's cache.
    p.file(
        ".gitignore",
        "/content/boeger/\n/output/\n/boeger-output/\n",
    );
    p.run(&["book", "emma"]).assert_ok();
    assert!(
        !p.files_under(".bogbinder-cache/fotos").is_empty(),
        "the photo was not cached"
    );
    let git = |args: &[&str]| {
        let out = Command::new("git")
            .args(args)
            .current_dir(p.path())
            .output()
            .expect("git must be installed");
        assert!(out.status.success(), "git {args:?}");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    git(&["init", "-q"]);
    let offered = git(&["status", "--porcelain", "--untracked-files=all"]);
    assert!(offered.contains("content/metoder/samtalen.md"), "{offered}");
    assert!(
        !offered.contains(".bogbinder-cache/fotos"),
        "git would commit a child's photo:\n{offered}"
    );
}

#[test]
fn a_compendiums_trainer_edition_never_takes_a_childs_book_folder() {
    let p = project();
    // A child's book whose name is the trainer edition's folder of a compendium.
    p.file(
        "bogbinder.toml",
        "title = \"Håndbog\"\nbase_url = \"https://x.dk/\"\n\n[[kompendier]]\nname = \"kursus\"\n\
         title = \"Kursus\"\npages = [\"@/metoder/samtalen.md\"]\n",
    );
    p.file(
        "content/boeger/kursus-underviser/bog.toml",
        &format!("navn = \"{NAME}\"\n"),
    );
    p.file(
        "content/boeger/kursus-underviser/01-mig.md",
        &format!("# Mig\n\n{MARKER}\n"),
    );
    p.run(&["book", "kursus-underviser", "--arkiv"]).assert_ok();
    let child = p.snapshot("boeger-output/kursus-underviser");
    assert!(
        child
            .iter()
            .any(|(f, _)| f.to_string_lossy().contains("-arkiv-")),
        "no archive copy: {child:?}"
    );
    p.run(&["book", "kursus", "--underviser"])
        .assert_codes(&["B090"]);
    assert_eq!(
        p.snapshot("boeger-output/kursus-underviser"),
        child,
        "the child's folder was changed"
    );
    // The participants' edition has a folder of its own and still builds.
    p.run(&["book", "kursus"]).assert_ok();
}
