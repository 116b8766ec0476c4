//! The whole handbook as one PDF (`bogbinder build --pdf`, or `pdf = true`): read back from the
//! produced file, its text with `pdftotext` and its structure with lopdf.

mod common;
use common::*;
use std::path::Path;

const PDF: &str = "output/testhaandbog.pdf";

/// A handbook with a method (facts, taxonomies, a date, a trainer note, a photo, a link to the
/// example), an example (outcome, year, a quote), and a child's book that must stay out.
fn handbook() -> Project {
    let p = Project::new();
    p.file(
        "content/metoder/_index.md",
        "+++\ntitle = \"Metoder\"\n+++\n",
    );
    p.file(
        "content/metoder/samtalen.md",
        "+++\ntitle = \"Børnesamtalen\"\nformaal = \"Barnets egne ord i sagen\"\nalder = \"6-18 år\"\n\
         kilde = \"Socialstyrelsen\"\nopdateret = 2026-01-15\n\
         [taxonomies]\ntema = [\"inddragelse\"]\n+++\n\
         Se [eksemplet fra Aarhus](@/eksempler/aarhus.md).\n\n\
         ![Et barn tegner ved bordet](tegning.jpg)\n\n\
         > [!UNDERVISER]\n> UNDERVISERNOTE-HEMMELIG\n\nEfter noten.\n",
    );
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let photo = std::fs::read(repo.join("content/boeger/laerke/billeder/stranden.jpg")).unwrap();
    p.bytes("content/metoder/tegning.jpg", &photo);
    p.file(
        "content/eksempler/_index.md",
        "+++\ntitle = \"Praksiseksempler\"\n+++\n",
    );
    p.file(
        "content/eksempler/aarhus.md",
        "+++\ntitle = \"Samtaler i Aarhus\"\nudbytte = \"Færre akutte anbringelser\"\naar = 2025\n\
         [[citater]]\ntekst = \"Nu bliver jeg hørt\"\nkilde = \"Pige, 12 år\"\n+++\n\
         Tilbage til [metoden](@/metoder/samtalen.md).\n",
    );
    p.file("content/boeger/emma/bog.toml", "navn = \"Emma\"\n");
    p.file(
        "content/boeger/emma/01-mig.md",
        "+++\ntitle = \"EMMAS-KAPITEL\"\n+++\nEMMAS-HEMMELIGHED\n",
    );
    p
}

fn pdftotext(path: &Path) -> String {
    let out = std::process::Command::new("pdftotext")
        .args(["-layout".as_ref(), path.as_os_str(), "-".as_ref()])
        .output()
        .expect("pdftotext (poppler-utils) must be installed");
    assert!(out.status.success(), "pdftotext failed");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn the_pdf_is_written_only_with_the_flag_or_the_setting() {
    let p = handbook();
    p.build().assert_ok();
    assert!(p.exists("output/index.html"));
    assert!(!p.exists(PDF), "a PDF without --pdf");
    let run = p.run(&["build", "--pdf"]);
    run.assert_ok();
    assert!(p.exists(PDF));
    assert!(
        run.stdout().contains("testhaandbog.pdf"),
        "{}",
        run.stdout()
    );
    // A build without it replaces the output folder: the PDF is gone again.
    p.build().assert_ok();
    assert!(!p.exists(PDF));
    p.file("bogbinder.toml", &format!("{MINIMAL_CONFIG}pdf = true\n"));
    p.build().assert_ok();
    assert!(p.exists(PDF));
    // The print view links it.
    assert!(p
        .read("output/udskrift/index.html")
        .contains("href=\"../testhaandbog.pdf\""));
}

#[test]
fn the_pdf_has_a_table_of_contents_with_page_numbers_and_every_page_with_its_facts() {
    let p = handbook();
    let run = p.run(&["build", "--pdf"]);
    run.assert_ok();
    assert!(run.codes().is_empty(), "{}", run.stderr());
    let text = pdftotext(&p.path().join(PDF));
    assert!(text.contains("Testhåndbog"), "{text}");
    let toc = text.split("Indhold").nth(1).expect("a table of contents");
    for title in [
        "Metoder",
        "Børnesamtalen",
        "Praksiseksempler",
        "Samtaler i Aarhus",
    ] {
        let line = toc
            .lines()
            .find(|l| l.trim_start().starts_with(title))
            .unwrap_or_else(|| panic!("{title} not in the contents:\n{text}"));
        assert!(
            line.trim_end().ends_with(|c: char| c.is_ascii_digit()),
            "no page number: {line:?}"
        );
    }
    for fact in [
        "Formål: Barnets egne ord i sagen",
        "Alder: 6-18 år",
        "Kilde: Socialstyrelsen",
        "Opdateret: 15. januar 2026",
        "Tema: inddragelse",
        "Udbytte: Færre akutte anbringelser",
        "År: 2025",
        "Nu bliver jeg hørt",
        "Pige, 12 år",
        "Efter noten.",
    ] {
        assert!(text.contains(fact), "{fact} not in:\n{text}");
    }
    // Each page once (its title: in the contents, the running header and as a heading).
    assert_eq!(text.matches("Barnets egne ord i sagen").count(), 1);
    for secret in [
        "UNDERVISERNOTE-HEMMELIG",
        "EMMAS-KAPITEL",
        "EMMAS-HEMMELIGHED",
    ] {
        assert!(!text.contains(secret), "{secret} in the handbook's PDF");
    }
}

fn text_string(o: &lopdf::Object) -> String {
    let bytes = o.as_str().expect("a string");
    match bytes.strip_prefix(&[0xFE, 0xFF]) {
        Some(utf16) => String::from_utf16_lossy(
            &utf16
                .chunks(2)
                .map(|c| u16::from_be_bytes([c[0], c.get(1).copied().unwrap_or(0)]))
                .collect::<Vec<_>>(),
        ),
        None => bytes.iter().map(|&b| b as char).collect(),
    }
}

fn deref<'a>(doc: &'a lopdf::Document, o: &'a lopdf::Object) -> &'a lopdf::Object {
    doc.dereference(o).map(|(_, o)| o).unwrap()
}

/// The titles of the outline (bookmarks), depth first.
fn bookmarks(doc: &lopdf::Document) -> Vec<String> {
    fn walk(doc: &lopdf::Document, first: Option<&lopdf::Object>, out: &mut Vec<String>) {
        let mut next = first;
        while let Some(o) = next {
            let d = deref(doc, o).as_dict().unwrap();
            out.push(text_string(deref(doc, d.get(b"Title").unwrap())));
            walk(doc, d.get(b"First").ok(), out);
            next = d.get(b"Next").ok();
        }
    }
    let catalog = doc.catalog().unwrap();
    let outlines = deref(doc, catalog.get(b"Outlines").expect("no bookmarks"));
    let mut out = Vec::new();
    walk(
        doc,
        outlines.as_dict().unwrap().get(b"First").ok(),
        &mut out,
    );
    out
}

#[test]
fn the_pdf_is_tagged_pdfa_2a_and_pdfua_1_with_bookmarks_and_internal_links() {
    let p = handbook();
    p.run(&["build", "--pdf"]).assert_ok();
    let doc = lopdf::Document::load(p.path().join(PDF)).expect("valid PDF");
    let catalog = doc.catalog().unwrap();
    assert!(catalog.get(b"StructTreeRoot").is_ok(), "not tagged");
    assert!(text_string(catalog.get(b"Lang").expect("no /Lang")).starts_with("da"));

    let meta = catalog.get(b"Metadata").unwrap().as_reference().unwrap();
    let stream = doc.get_object(meta).unwrap().as_stream().unwrap();
    let xmp = String::from_utf8(
        stream
            .decompressed_content()
            .unwrap_or(stream.content.clone()),
    )
    .unwrap();
    for needle in ["pdfaid:part>2<", "pdfaid:conformance>A<", "pdfuaid:part>1<"] {
        let attr = needle.replace('>', "=\"").replace('<', "\"");
        assert!(
            xmp.contains(needle) || xmp.contains(&attr),
            "{needle}:\n{xmp}"
        );
    }

    let marks = bookmarks(&doc);
    for title in [
        "Metoder",
        "Børnesamtalen",
        "Praksiseksempler",
        "Samtaler i Aarhus",
    ] {
        assert!(marks.iter().any(|m| m == title), "{title} not in {marks:?}");
    }

    // The image's words are its alt text.
    let alts: Vec<String> = (doc.objects.values())
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.get(b"S").and_then(|s| s.as_name()).ok() == Some(&b"Figure"[..]))
        .map(|d| d.get(b"Alt").map(text_string).unwrap_or_default())
        .collect();
    assert!(
        alts.iter().any(|a| a == "Et barn tegner ved bordet"),
        "{alts:?}"
    );

    // The links between the two pages lead inside the document, never to a web address.
    let links: Vec<&lopdf::Dictionary> = (doc.objects.values())
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.get(b"Subtype").and_then(|s| s.as_name()).ok() == Some(&b"Link"[..]))
        .collect();
    let internal = links
        .iter()
        .filter(|d| {
            d.get(b"Dest").is_ok()
                || d.get(b"A").is_ok_and(|a| {
                    let a = deref(&doc, a).as_dict().unwrap();
                    a.get(b"S").and_then(|s| s.as_name()).ok() == Some(&b"GoTo"[..])
                })
        })
        .count();
    // The contents' entries (one per bookmark) and the two links in the pages' text.
    assert!(internal >= marks.len() + 2, "{internal} of {links:?}");
    assert!(
        links.iter().all(|d| d.get(b"A").map_or(true, |a| {
            deref(&doc, a).as_dict().unwrap().get(b"URI").is_err()
        })),
        "a link out of the document: {links:?}"
    );
}

#[test]
fn hostile_titles_facts_and_quotes_print_as_written() {
    let p = Project::new();
    p.file(
        "content/metoder/x.md",
        "+++\ntitle = \"#set & $x$ <y> @z 50%\"\nformaal = \"*ikke kursiv* [ikke link](x) #strong[a] \\\\ `kode`\"\n\
         [[citater]]\ntekst = \"> ikke et citat i citatet\"\nkilde = \"Dreng] [!FAKTA: 9 år\"\n+++\nTekst.\n",
    );
    let run = p.run(&["build", "--pdf"]);
    run.assert_ok();
    let text = pdftotext(&p.path().join(PDF));
    for shown in [
        "#set & $x$ <y> @z 50%",
        "*ikke kursiv* [ikke link](x) #strong[a] \\ `kode`",
        "> ikke et citat i citatet",
        "Dreng !FAKTA: 9 år",
    ] {
        assert!(text.contains(shown), "{shown:?} not in:\n{text}");
    }
}

/// The text of each page of the PDF, in order (`pdftotext` ends each page with a form feed).
fn page_texts(path: &Path) -> Vec<String> {
    let text = pdftotext(path);
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

/// The number printed at the foot of a page, if it has one.
fn printed_number(page: &str) -> Option<usize> {
    page.lines()
        .rev()
        .find(|l| !l.trim().is_empty())?
        .trim()
        .parse()
        .ok()
}

/// The destination of a link annotation as a page object, through named destinations too.
fn link_target(doc: &lopdf::Document, annot: &lopdf::Dictionary) -> Option<lopdf::ObjectId> {
    let dest = match annot.get(b"Dest") {
        Ok(d) => d,
        Err(_) => deref(doc, annot.get(b"A").ok()?)
            .as_dict()
            .ok()?
            .get(b"D")
            .ok()?,
    };
    let dest = deref(doc, dest);
    let array = match dest {
        lopdf::Object::String(name, _) => named_destination(doc, name)?,
        lopdf::Object::Array(a) => a.clone(),
        _ => return None,
    };
    array.first()?.as_reference().ok()
}

/// A named destination's array, from the catalog's `/Names /Dests` tree or its `/Dests`.
fn named_destination(doc: &lopdf::Document, name: &[u8]) -> Option<Vec<lopdf::Object>> {
    fn in_tree(
        doc: &lopdf::Document,
        node: &lopdf::Dictionary,
        name: &[u8],
    ) -> Option<Vec<lopdf::Object>> {
        if let Ok(names) = node.get(b"Names").and_then(|n| n.as_array()) {
            for pair in names.chunks(2) {
                if pair[0].as_str().ok() == Some(name) {
                    let d = deref(doc, &pair[1]);
                    let d = match d.as_dict() {
                        Ok(dict) => deref(doc, dict.get(b"D").ok()?),
                        Err(_) => d,
                    };
                    return d.as_array().ok().cloned();
                }
            }
        }
        for kid in node
            .get(b"Kids")
            .and_then(|k| k.as_array())
            .into_iter()
            .flatten()
        {
            if let Some(found) = in_tree(doc, deref(doc, kid).as_dict().ok()?, name) {
                return Some(found);
            }
        }
        None
    }
    let catalog = doc.catalog().ok()?;
    if let Ok(names) = catalog.get(b"Names") {
        let dests = deref(doc, deref(doc, names).as_dict().ok()?.get(b"Dests").ok()?);
        if let Some(found) = in_tree(doc, dests.as_dict().ok()?, name) {
            return Some(found);
        }
    }
    let dests = deref(doc, catalog.get(b"Dests").ok()?).as_dict().ok()?;
    deref(doc, dests.get(name).ok()?).as_array().ok().cloned()
}

/// Every internal link as (page it is on, page it leads to), pages counted from 1.
fn internal_links(doc: &lopdf::Document) -> Vec<(usize, usize)> {
    let pages = doc.get_pages();
    let number = |id: lopdf::ObjectId| {
        pages
            .iter()
            .find(|(_, &p)| p == id)
            .map(|(&n, _)| n as usize)
    };
    let mut out = Vec::new();
    for (&n, &id) in &pages {
        let page = doc.get_dictionary(id).unwrap();
        let Ok(annots) = page.get(b"Annots") else {
            continue;
        };
        for a in deref(doc, annots).as_array().unwrap() {
            let a = deref(doc, a).as_dict().unwrap();
            if a.get(b"Subtype").and_then(|s| s.as_name()).ok() != Some(&b"Link"[..]) {
                continue;
            }
            if let Some(to) = link_target(doc, a).and_then(number) {
                out.push((n as usize, to));
            }
        }
    }
    out
}

#[test]
fn contents_links_and_headers_lead_to_the_right_page() {
    let p = handbook();
    p.run(&["build", "--pdf"]).assert_ok();
    let path = p.path().join(PDF);
    let pages = page_texts(&path);
    let doc = lopdf::Document::load(&path).unwrap();
    assert_eq!(pages.len(), doc.get_pages().len());
    // The physical page (from 1) whose text starts the page `title` (its heading, after the
    // running header's line).
    let page_of = |title: &str| -> usize {
        1 + pages
            .iter()
            .position(|t| {
                let mut lines = t.lines().map(str::trim).filter(|l| !l.is_empty());
                lines.next();
                lines.next() == Some(title)
            })
            .unwrap_or_else(|| panic!("no page starts with {title}:\n{pages:#?}"))
    };
    let contents = pages.iter().position(|t| t.contains("Indhold")).unwrap();
    let links = internal_links(&doc);
    for (title, section) in [
        ("Børnesamtalen", "Metoder"),
        ("Samtaler i Aarhus", "Praksiseksempler"),
    ] {
        let at = page_of(title);
        let page = &pages[at - 1];
        // The running header names the section and the page.
        let header = page.lines().find(|l| !l.trim().is_empty()).unwrap();
        assert!(
            header.trim_start().starts_with(section) && header.trim_end().ends_with(title),
            "header {header:?}"
        );
        // The contents' number is the one printed at the foot of that page.
        let line = pages[contents]
            .lines()
            .find(|l| l.trim_start().starts_with(title))
            .unwrap();
        let listed: usize = line
            .trim_end()
            .rsplit(|c: char| !c.is_ascii_digit())
            .next()
            .unwrap()
            .parse()
            .unwrap();
        assert_eq!(
            printed_number(page),
            Some(listed),
            "{title}: {line:?}\n{page}"
        );
        // The contents' entry is a link to that page.
        assert!(
            links.contains(&(contents + 1, at)),
            "no link from the contents to page {at}: {links:?}"
        );
    }
    // The two pages link each other in their text.
    let (method, example) = (page_of("Børnesamtalen"), page_of("Samtaler i Aarhus"));
    assert!(links.contains(&(method, example)), "{links:?}");
    assert!(links.contains(&(example, method)), "{links:?}");
}

#[test]
fn every_image_has_words_and_one_without_is_named_at_its_place() {
    let p = handbook();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let photo = std::fs::read(repo.join("content/boeger/laerke/billeder/stranden.jpg")).unwrap();
    p.bytes("content/eksempler/foto.jpg", &photo);
    p.file(
        "content/eksempler/aarhus.md",
        "+++\ntitle = \"Samtaler i Aarhus\"\n+++\nTekst.\n\n![](foto.jpg)\n",
    );
    let run = p.run(&["build", "--pdf"]);
    run.assert_ok();
    assert!(
        run.stderr().contains("content/eksempler/aarhus.md:6") && run.stderr().contains("foto.jpg"),
        "{}",
        run.stderr()
    );
    let doc = lopdf::Document::load(p.path().join(PDF)).unwrap();
    let alts: Vec<String> = (doc.objects.values())
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.get(b"S").and_then(|s| s.as_name()).ok() == Some(&b"Figure"[..]))
        .map(|d| d.get(b"Alt").map(text_string).unwrap_or_default())
        .collect();
    assert!(!alts.is_empty());
    assert!(alts.iter().all(|a| !a.trim().is_empty()), "{alts:?}");
}

/// Everything a PDF holds as text: its pages' text and every string and stream of its objects
/// (bookmarks, named destinations, metadata), decompressed.
fn everything_in(path: &Path) -> String {
    let mut out = pdftotext(path);
    let doc = lopdf::Document::load(path).unwrap();
    for o in doc.objects.values() {
        match o {
            lopdf::Object::Stream(s) => {
                let bytes = s.decompressed_content().unwrap_or(s.content.clone());
                out.push_str(&String::from_utf8_lossy(&bytes));
            }
            other => out.push_str(&format!("{other:?}")),
        }
        if let Ok(d) = o.as_dict() {
            for (_, v) in d.iter() {
                if v.as_str().is_ok() {
                    out.push_str(&text_string(v));
                }
            }
        }
    }
    out.to_lowercase()
}

#[test]
fn each_editions_pdf_holds_only_that_editions_text() {
    let p = Project::new();
    p.file(
        "bogbinder.toml",
        "title = \"Håndbog\"\npdf = true\n\n[[udgaver]]\nnavn = \"intern\"\n\n\
         [[udgaver]]\nnavn = \"forældre\"\ntitel = \"Til forældre\"\n",
    );
    p.file(
        "content/metoder/_index.md",
        "+++\ntitle = \"Metoder\"\n+++\n",
    );
    p.file(
        "content/metoder/faelles.md",
        "+++\ntitle = \"Fælles metode\"\n+++\nzqfaellesq for alle.\n\n\
         > [!KUN: intern]\n> zqinternboksq: se [notatet](@/metoder/zqinternslugq.md).\n\n\
         > [!KUN: forældre]\n> zqforaeldreboksq\n\nSlut.\n",
    );
    p.file(
        "content/metoder/zqinternslugq.md",
        "+++\ntitle = \"Notat zqinterntitelq\"\nudgaver = [\"intern\"]\n\
         formaal = \"zqinternfaktaq\"\n[[citater]]\ntekst = \"zqinterncitatq\"\n+++\nzqinternsideq\n",
    );
    p.build().assert_ok();
    let intern = everything_in(&p.path().join("output/intern/haandbog.pdf"));
    let parents = everything_in(&p.path().join("output/foraeldre/til-foraeldre.pdf"));
    for m in [
        "zqinternboksq",
        "zqinterntitelq",
        "zqinternslugq",
        "zqinternfaktaq",
        "zqinterncitatq",
        "zqinternsideq",
    ] {
        assert!(intern.contains(m), "{m} is missing from the intern PDF");
        assert!(!parents.contains(m), "{m} reached the parents' PDF");
    }
    assert!(parents.contains("zqforaeldreboksq") && !intern.contains("zqforaeldreboksq"));
    assert!(intern.contains("zqfaellesq") && parents.contains("zqfaellesq"));
    // Each edition's print view links its own PDF.
    assert!(p
        .read("output/foraeldre/udskrift/index.html")
        .contains("href=\"../til-foraeldre.pdf\""));
}

#[test]
fn the_print_view_shows_the_facts_date_taxonomies_and_quotes_of_each_page() {
    let p = handbook();
    p.build().assert_ok();
    let print = p.read("output/udskrift/index.html");
    for shown in [
        "<dt>Formål</dt><dd>Barnets egne ord i sagen</dd>",
        "<dt>Alder</dt><dd>6-18 år</dd>",
        "<dt>Kilde</dt><dd>Socialstyrelsen</dd>",
        "<dt>Udbytte</dt><dd>Færre akutte anbringelser</dd>",
        "<time datetime=\"2026-01-15\">15. januar 2026</time>",
        "<blockquote><p>Nu bliver jeg hørt</p></blockquote><figcaption>— Pige, 12 år</figcaption>",
    ] {
        assert!(
            print.contains(shown),
            "{shown} not in the print view:\n{print}"
        );
    }
    // The taxonomy's term links to its page from the print view's folder.
    assert!(
        print.contains("<dt>Tema</dt>")
            && print.contains("href=\"../tema/inddragelse/index.html\""),
        "{print}"
    );
    assert!(broken_links(&p.path().join("output")).is_empty());
}

/// Serves `dir` over HTTP on a free local port (style sheets read from `file://` are hidden from
/// scripts in Chromium, and a handbook is read from a web server).
fn serve(dir: &Path) -> String {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let dir = dir.to_path_buf();
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            let mut buf = [0u8; 4096];
            let n = stream.read(&mut buf).unwrap_or(0);
            let request = String::from_utf8_lossy(&buf[..n]);
            let path = request.split_whitespace().nth(1).unwrap_or("/");
            let path = path.split('?').next().unwrap().trim_start_matches('/');
            let path = percent_decode(path);
            let file = dir.join(&path);
            let (status, body) = match std::fs::read(&file) {
                Ok(b) if !path.contains("..") => ("200 OK", b),
                _ => ("404 Not Found", Vec::new()),
            };
            let kind = match file.extension().and_then(|e| e.to_str()) {
                Some("html") => "text/html; charset=utf-8",
                Some("css") => "text/css",
                Some("js") => "text/javascript",
                Some("jpg") => "image/jpeg",
                Some("png") => "image/png",
                Some("svg") => "image/svg+xml",
                _ => "application/octet-stream",
            };
            let head = format!(
                "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&body);
        }
    });
    format!("http://{addr}/")
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The print view of the demo handbook printed by headless Chromium: every entry of its table of
/// contents has the number of the sheet where that page starts (the number printed at its foot).
/// The demo has more pages than a print part holds (`sider_pr_udskrift`), so this is part 1.
#[test]
fn the_print_view_printed_from_chromium_has_page_numbers_in_its_contents() {
    let p = demo_project();
    p.run(&["build", "-o", "ud"]).assert_ok();
    let base = serve(&p.path().join("ud/intern"));
    let pdf = p.path().join("udskrift.pdf");
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let out = std::process::Command::new(&chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--no-pdf-header-footer",
            "--virtual-time-budget=10000",
        ])
        .arg(format!(
            "--user-data-dir={}",
            p.path().join("chromium").display()
        ))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("{base}udskrift/1/index.html"))
        .output()
        .unwrap_or_else(|e| panic!("{chromium} (Debian: chromium) must be installed: {e}"));
    assert!(pdf.exists(), "{}", String::from_utf8_lossy(&out.stderr));
    let pages = page_texts(&pdf);
    let contents = &pages[1];
    let mut checked = 0;
    for line in contents.lines() {
        let Some((title, number)) = line.trim().rsplit_once(char::is_whitespace) else {
            continue;
        };
        let (title, Ok(number)) = (title.trim(), number.parse::<usize>()) else {
            continue;
        };
        if title.is_empty() {
            continue;
        }
        let page = (pages.get(number - 1))
            .unwrap_or_else(|| panic!("{title:?} on page {number} of {}", pages.len()));
        assert_eq!(printed_number(page), Some(number), "{page}");
        // The page's kind, then its title (which may wrap), opens the sheet.
        let opening: String = (page.lines().map(str::trim).filter(|l| !l.is_empty()))
            .take(4)
            .collect::<Vec<_>>()
            .join(" ");
        assert!(
            opening.contains(title),
            "{title:?} is listed on page {number}, which opens with {opening:?}"
        );
        checked += 1;
    }
    assert!(
        checked > 20,
        "only {checked} entries with numbers:\n{contents}"
    );
}

#[test]
fn a_page_longer_than_a_sheet_has_the_running_header_on_every_sheet() {
    let p = handbook();
    let long: String = (1..=120)
        .map(|i| format!("Afsnit {i} om samtalen med barnet og familien.\n\n"))
        .collect();
    p.file(
        "content/eksempler/lang.md",
        &format!("+++\ntitle = \"Et langt eksempel\"\n+++\n{long}"),
    );
    p.run(&["build", "--pdf"]).assert_ok();
    let pages = page_texts(&p.path().join(PDF));
    let sheets: Vec<&String> = pages
        .iter()
        .filter(|t| t.contains("om samtalen med barnet og familien"))
        .collect();
    assert!(sheets.len() >= 3, "{pages:#?}");
    for sheet in sheets {
        let header = sheet.lines().find(|l| !l.trim().is_empty()).unwrap();
        assert!(
            header.trim_start().starts_with("Praksiseksempler")
                && header.trim_end().ends_with("Et langt eksempel"),
            "header {header:?}"
        );
    }
}

#[test]
fn a_handbook_beyond_pdf_max_sider_is_written_as_volumes_with_a_warning() {
    let p = handbook();
    p.file(
        "bogbinder.toml",
        &format!("{MINIMAL_CONFIG}pdf_max_sider = 1\n"),
    );
    let run = p.run(&["build", "--pdf"]);
    run.assert_ok();
    assert!(
        run.codes().contains(&"B045".to_string()),
        "{}",
        run.stderr()
    );
    assert!(
        run.stderr().contains("testhaandbog-bind-1.pdf"),
        "{}",
        run.stderr()
    );
    assert!(!p.exists(PDF), "one PDF beside the volumes");
    let volumes: Vec<String> = (1..)
        .map(|n| format!("output/testhaandbog-bind-{n}.pdf"))
        .take_while(|v| p.exists(v))
        .collect();
    assert!(volumes.len() >= 2, "{volumes:?}");
    assert!(
        run.stdout().contains(&format!("{} bind", volumes.len())),
        "{}",
        run.stdout()
    );
    let texts: Vec<String> = volumes
        .iter()
        .map(|v| pdftotext(&p.path().join(v)))
        .collect();
    let holding = |needle: &str| texts.iter().filter(|t| t.contains(needle)).count();
    // Every page once, each volume says which it is, and each is an accessible PDF.
    assert_eq!(holding("Barnets egne ord i sagen"), 1);
    assert_eq!(holding("Færre akutte anbringelser"), 1);
    for (i, text) in texts.iter().enumerate() {
        let label = format!("Bind {} af {}", i + 1, volumes.len());
        assert!(text.contains(&label), "{label} not in:\n{text}");
    }
    let last = lopdf::Document::load(p.path().join(volumes.last().unwrap())).unwrap();
    assert!(
        last.catalog().unwrap().get(b"StructTreeRoot").is_ok(),
        "not tagged"
    );
    // The example's volume starts under its section's title, in its header and bookmarks.
    let example = texts
        .iter()
        .position(|t| t.contains("Færre akutte"))
        .unwrap();
    assert!(texts[example].contains("Praksiseksempler"));
    // The print view links no PDF that is not there.
    assert!(!p
        .read("output/udskrift/index.html")
        .contains("testhaandbog.pdf"));
}
