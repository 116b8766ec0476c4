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
