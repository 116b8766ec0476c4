//! Hostile and unusual files end to end: chapter file names full of typst's special signs (and one
//! written to run code) must print as text, and photos whose headers lie about their size or carry
//! a compressed bomb must be refused from the header, naming the line that uses them.

mod common;
use common::*;
use std::path::Path;

/// The PDF's text, read back with lopdf (words may be split by line breaks and hyphens: compare
/// with [`squeeze`]).
fn pdf_text(path: &Path) -> String {
    let doc = lopdf::Document::load(path).expect("valid PDF");
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    doc.extract_text(&pages).expect("text")
}

/// Text without any whitespace, so line breaks in the PDF do not matter.
fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// A PDF text string: UTF-16BE with a byte order mark, or (for plain ASCII) bytes as they are.
fn pdf_string(bytes: &[u8]) -> String {
    match bytes.strip_prefix(&[0xFE, 0xFF]) {
        Some(be) => String::from_utf16_lossy(
            &be.chunks_exact(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect::<Vec<_>>(),
        ),
        None => bytes.iter().map(|&b| b as char).collect(),
    }
}

/// The titles of the PDF's bookmarks (its outline), read with lopdf, in order.
fn bookmarks(pdf: &Path) -> Vec<String> {
    let doc = lopdf::Document::load(pdf).expect("valid PDF");
    let deref = |o: &lopdf::Object| -> lopdf::Dictionary {
        let id = o.as_reference().expect("reference");
        doc.get_dictionary(id).expect("dictionary").clone()
    };
    let catalog = doc.catalog().expect("catalog");
    let Ok(outlines) = catalog.get(b"Outlines") else {
        return Vec::new();
    };
    let mut titles = Vec::new();
    let mut next = deref(outlines).get(b"First").ok().cloned();
    while let Some(item) = next {
        let d = deref(&item);
        if let Ok(t) = d.get(b"Title").and_then(|t| t.as_str()) {
            titles.push(pdf_string(t));
        }
        next = d.get(b"Next").ok().cloned();
    }
    titles
}

/// Typst prints straight quotes as typographic ones.
fn plain_quotes(s: &str) -> String {
    s.replace(['’', '‘'], "'").replace(['“', '”'], "\"")
}

/// Chapter names a family could type, with every sign typst reads as markup, and two written to
/// run code when pasted into typst markup unescaped.
const NAMES: &[(&str, &str)] = &[
    ("01-min familie.md", "min familie"),
    ("02-mor & far.md", "mor & far"),
    ("03-100%.md", "100%"),
    ("04-æble og øl på år.md", "æble og øl på år"),
    ("05-det's \"godt\".md", "det's \"godt\""),
    ("06-#1 <3 [x] $5 @mor.md", "#1 <3 [x] $5 @mor"),
    ("07-a]b{c}(d)\\e*f_g`h~i=j+k.md", "a]b{c}(d)\\e*f_g`h~i=j+k"),
    ("08-hjerte 🙂.md", "hjerte 🙂"),
    (
        "09-x> #for i in range(3) [PWNED] <y.md",
        "x> #for i in range(3) [PWNED] <y",
    ),
    ("10-z> #while true {} <w.md", "z> #while true {} <w"),
];

#[test]
fn chapter_file_names_with_typst_signs_build_and_print_as_text() {
    let p = Project::new();
    p.file("content/boeger/navne/bog.toml", "navn = \"Navne\"\n");
    for (i, (file, _)) in NAMES.iter().enumerate() {
        p.file(
            &format!("content/boeger/navne/{file}"),
            &format!("Tekst nummer {} i kapitlet.\n", i + 1),
        );
    }
    let run = p.run(&["book", "navne"]);
    run.assert_ok();
    assert!(
        !run.stderr().contains("fejl i bogbinder"),
        "{}",
        run.stderr()
    );

    let pdf = p.path().join("boeger-output/navne/navne.pdf");
    let marks: Vec<String> = bookmarks(&pdf).iter().map(|t| plain_quotes(t)).collect();
    let expected: Vec<String> = NAMES.iter().map(|(_, t)| t.to_string()).collect();
    assert_eq!(
        marks, expected,
        "the PDF's bookmarks are the chapter titles"
    );

    let text = squeeze(&plain_quotes(&pdf_text(&pdf)));
    for (_, title) in NAMES.iter().filter(|(f, _)| !f.starts_with("08")) {
        assert!(
            text.contains(&squeeze(title)),
            "{title:?} not printed:\n{text}"
        );
    }
    assert!(!text.contains("PWNEDPWNED"), "a file name ran as code");
    for i in 1..=NAMES.len() {
        assert!(text.contains(&squeeze(&format!("Tekst nummer {i} i kapitlet."))));
    }

    // The HTML edition: every chapter an id of its own, made of plain letters.
    let html = p.read("boeger-output/navne/navne.html");
    assert!(html.contains("mor &amp; far"), "{html}");
    assert!(
        !html.contains("<y") && !html.contains("<3"),
        "unescaped name in HTML"
    );
    for id in attr_values(&html, "id") {
        assert!(
            id.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_'),
            "id {id:?}"
        );
    }
}
