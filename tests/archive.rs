//! Every character a child types prints, and an archive copy for the case file (`--arkiv`) is
//! PDF/A-2a and PDF/UA-1: read back from the produced PDF (fonts with `pdffonts`, text with
//! `pdftotext`, structure with lopdf).

mod common;
use common::*;
use std::path::Path;

const EMOJI: &str = "Min Hest 🐴 og ❤️ og 🇩🇰 og 👍🏽 og 👩‍👧 og ⭐";

fn tool(name: &str, path: &Path) -> String {
    let out = std::process::Command::new(name)
        .arg(path)
        .args(if name == "pdftotext" {
            &["-"][..]
        } else {
            &[][..]
        })
        .output()
        .unwrap_or_else(|_| panic!("{name} (poppler-utils) must be installed"));
    assert!(out.status.success(), "{name} failed on {}", path.display());
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A barnets bog "emma" with one chapter (`chapter`) and `toml_extra` in its bog.toml.
fn book(chapter: &str, toml_extra: &str) -> Project {
    let p = Project::new();
    p.file(
        "content/boeger/emma/bog.toml",
        &format!("navn = \"Emma\"\n{toml_extra}"),
    );
    p.file(
        "content/boeger/emma/01-alt-om-mig.md",
        &format!("+++\ntitle = \"Alt om mig\"\n+++\n\n{chapter}"),
    );
    p
}

/// The demo's beach photo, as a photo of the book.
fn with_photo(p: &Project, rel: &str) {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(repo.join("content/boeger/laerke/billeder/stranden.jpg")).unwrap();
    p.bytes(rel, &bytes);
}

#[test]
fn emoji_print_as_glyphs_in_the_pdf_and_in_pdfa() {
    for args in [&["book", "emma"][..], &["book", "emma", "--pdfa"][..]] {
        let p = book(&format!("{EMOJI}\n"), "");
        let run = p.run(args);
        run.assert_ok();
        assert!(run.codes().is_empty(), "{args:?}: {}", run.stderr());
        let pdf = p.path().join("boeger-output/emma/emma.pdf");
        assert!(
            tool("pdffonts", &pdf).contains("NotoEmoji"),
            "{args:?}: no emoji font"
        );
        let text = tool("pdftotext", &pdf);
        for e in ["🐴", "❤", "⭐", "👍", "🇩"] {
            assert!(text.contains(e), "{args:?}: {e} missing from:\n{text}");
        }
        // Nothing became a box: the placeholder is only for characters no font has.
        assert!(!text.contains('□'), "{args:?}: {text}");
    }
}

#[test]
fn a_character_no_font_has_is_told_at_its_line_and_the_pdf_is_still_made() {
    // A newer emoji than the font (🫠), another script, and Apple's logo (private use).
    for args in [&["book", "emma"][..], &["book", "emma", "--pdfa"][..]] {
        let p = book("Første linje.\n\nJeg smelter 🫠 og ሀ og \u{F8FF}.\n", "");
        let run = p.run(args);
        run.assert_ok();
        assert_eq!(run.codes(), ["D065", "D065", "D065"], "{}", run.stderr());
        let err = run.stderr();
        // The chapter's line 7 (after 4 lines of front matter and a blank line), at the column.
        for place in [":7:13:", ":7:18:", ":7:23:"] {
            assert!(
                err.contains(&format!("content/boeger/emma/01-alt-om-mig.md{place}")),
                "{place} missing in:\n{err}"
            );
        }
        assert!(err.contains("U+1FAE0") && !err.contains("I001"), "{err}");
        let text = tool("pdftotext", &p.path().join("boeger-output/emma/emma.pdf"));
        // PDF/A gets a visible box; an ordinary PDF keeps the character (a box too), and with it
        // the text, where the PDF's font can map it back (not for the emoji).
        let printed = if args.len() == 3 {
            "Jeg smelter □ og □ og □."
        } else {
            "og ሀ og \u{F8FF}."
        };
        assert!(text.contains(printed), "{args:?}: {text}");
    }
}

#[test]
fn a_character_only_in_a_guiding_question_is_not_told() {
    let p = book("<!--\nHvad gør dig glad? 🫠\n-->\n\nJeg er glad 🐴\n", "");
    let run = p.run(&["book", "emma", "--pdfa"]);
    run.assert_ok();
    assert!(run.codes().is_empty(), "{}", run.stderr());
}

#[test]
fn a_character_no_font_has_in_the_title_is_told_at_its_bog_toml_line() {
    let p = Project::new();
    p.file(
        "content/boeger/emma/bog.toml",
        "navn = \"Emma\"\nundertitel = \"Min bog 🫠\"\n",
    );
    p.file("content/boeger/emma/01-alt-om-mig.md", "Hej.\n");
    let run = p.run(&["book", "emma", "--pdfa"]);
    run.assert_ok();
    assert_eq!(run.codes(), ["D065"], "{}", run.stderr());
    assert!(
        run.stderr().contains("content/boeger/emma/bog.toml:2:23:"),
        "{}",
        run.stderr()
    );
}

/// A PDF text string (UTF-16BE with its byte-order mark, or PDFDocEncoding read as Latin-1).
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

/// The XMP metadata of the document, as text.
fn xmp(doc: &lopdf::Document) -> String {
    let meta = doc.catalog().unwrap().get(b"Metadata").unwrap();
    let stream = doc
        .get_object(meta.as_reference().unwrap())
        .unwrap()
        .as_stream()
        .unwrap();
    let bytes = stream
        .decompressed_content()
        .unwrap_or(stream.content.clone());
    String::from_utf8(bytes).unwrap()
}

/// The alt texts of the structure tree's figures.
fn figure_alts(doc: &lopdf::Document) -> Vec<String> {
    doc.objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.get(b"S").and_then(|s| s.as_name()).ok() == Some(&b"Figure"[..]))
        .map(|d| d.get(b"Alt").map(text_string).unwrap_or_default())
        .collect()
}

#[test]
fn the_archive_copy_is_tagged_pdfa_2a_and_pdfua_1_with_language_title_and_alt_texts() {
    let p = book(
        &format!("{EMOJI}\n\n![Emma på stranden](billeder/strand.jpg)\n"),
        "[[minder]]\nfil = \"billeder/minde.jpg\"\ntekst = \"Vi byggede en sandborg\"\n",
    );
    with_photo(&p, "content/boeger/emma/billeder/strand.jpg");
    with_photo(&p, "content/boeger/emma/billeder/minde.jpg");
    let run = p.run(&["book", "emma", "--arkiv"]);
    run.assert_ok();
    assert!(run.codes().is_empty(), "{}", run.stderr());
    let dated: Vec<_> = p
        .files_under("boeger-output/emma")
        .into_iter()
        .filter(|f| {
            let name = f.file_name().unwrap().to_string_lossy().into_owned();
            name.starts_with("emma-arkiv-20") && name.ends_with(".pdf")
        })
        .collect();
    assert_eq!(dated.len(), 1, "{dated:?}");
    let archive = p
        .path()
        .join("boeger-output/emma")
        .join(dated[0].file_name().unwrap());
    assert!(run.stdout().contains("emma-arkiv-20"), "{}", run.stdout());

    let doc = lopdf::Document::load(&archive).expect("valid PDF");
    let catalog = doc.catalog().unwrap();
    assert!(catalog.get(b"StructTreeRoot").is_ok(), "not tagged");
    let lang = text_string(catalog.get(b"Lang").expect("no /Lang"));
    assert!(lang.starts_with("da"), "{lang}");
    let marked = catalog
        .get(b"MarkInfo")
        .and_then(|m| doc.dereference(m).map(|(_, o)| o))
        .and_then(|m| m.as_dict())
        .and_then(|m| m.get(b"Marked"))
        .and_then(|b| b.as_bool());
    assert_eq!(marked.ok(), Some(true));

    let xmp = xmp(&doc);
    for needle in [
        "pdfaid:part>2<",
        "pdfaid:conformance>A<",
        "pdfuaid:part>1<",
        "Emma",
    ] {
        let attr = needle.replace('>', "=\"").replace('<', "\"");
        assert!(
            xmp.contains(needle) || xmp.contains(&attr),
            "{needle} not in:\n{xmp}"
        );
    }
    let alts = figure_alts(&doc);
    for alt in ["Emma på stranden", "Vi byggede en sandborg"] {
        assert!(alts.iter().any(|a| a == alt), "{alt} not among {alts:?}");
    }
    assert!(alts.iter().all(|a| !a.is_empty()), "{alts:?}");
    // The emoji are text in the archive copy too.
    assert!(tool("pdftotext", &archive).contains("🐴"));
    // The ordinary PDF is written as always.
    assert!(p.exists("boeger-output/emma/emma.pdf"));
}

#[test]
fn a_photo_without_caption_is_warned_in_the_archive_copy_only() {
    let p = book("Hej.\n", "\n[[minder]]\nfil = \"billeder/minde.jpg\"\n");
    with_photo(&p, "content/boeger/emma/billeder/minde.jpg");
    let run = p.run(&["book", "emma"]);
    run.assert_ok();
    assert!(run.codes().is_empty(), "{}", run.stderr());
    let run = p.run(&["book", "emma", "--arkiv"]);
    run.assert_ok();
    assert_eq!(run.codes(), ["D066"], "{}", run.stderr());
    assert!(
        run.stderr().contains("content/boeger/emma/bog.toml:4:"),
        "{}",
        run.stderr()
    );
    let alts =
        figure_alts(&lopdf::Document::load(p.path().join("boeger-output/emma/emma.pdf")).unwrap());
    assert_eq!(alts, ["Foto"]);
}

#[test]
fn archive_copies_of_earlier_days_stay_when_the_book_is_built_again() {
    let p = book("Hej.\n", "");
    p.run(&["book", "emma"]).assert_ok();
    // An archive copy from another day, as an earlier `--arkiv` left it.
    p.bytes(
        "boeger-output/emma/emma-arkiv-2020-01-31.pdf",
        b"%PDF-1.7 gammel",
    );
    p.run(&["book", "emma"]).assert_ok();
    assert_eq!(
        std::fs::read(
            p.path()
                .join("boeger-output/emma/emma-arkiv-2020-01-31.pdf")
        )
        .unwrap(),
        b"%PDF-1.7 gammel"
    );
    p.run(&["book", "emma", "--arkiv"]).assert_ok();
    assert!(p.exists("boeger-output/emma/emma-arkiv-2020-01-31.pdf"));
}

#[test]
fn the_archive_copy_is_made_from_every_kind_of_markdown_a_chapter_may_hold() {
    // `####` right after the chapter's title skipped levels, which PDF/UA refuses: it was I001.
    let p = book(
        "#### Dybt\n\nTekst[^1] med [link](https://example.com) og <b>html</b>.\n\n\
         | a | b |\n|---|---|\n| 1 | 2 |\n\n![](billeder/strand.jpg)\n\n> [!GODE RÅD]\n> råd\n\n\
         # Stor\n\n### Lille\n\n> ## I et citat\n\n1. en\n   - to\n\n- [ ] opgave\n\n\
         [^1]: fodnote\n\n```\nkode\n```\n",
        "",
    );
    with_photo(&p, "content/boeger/emma/billeder/strand.jpg");
    let run = p.run(&["book", "emma", "--arkiv"]);
    run.assert_ok();
    // Only the warning that the image has no words (its alt text is then just "Billede").
    assert_eq!(run.codes(), ["B044"], "{}", run.stderr());
    let text = tool("pdftotext", &p.path().join("boeger-output/emma/emma.pdf"));
    for words in ["Dybt", "fodnote", "kode", "I et citat", "Lille"] {
        assert!(text.contains(words), "{words} missing in:\n{text}");
    }
}

#[test]
fn check_tells_a_character_no_font_has_before_printing() {
    let p = book("Første linje.\n\nJeg smelter 🫠 her.\n", "");
    let run = p.run(&["check"]);
    run.assert_ok();
    assert_eq!(run.codes(), ["D065"], "{}", run.stderr());
    assert!(
        run.stderr()
            .contains("content/boeger/emma/01-alt-om-mig.md:7:13:"),
        "{}",
        run.stderr()
    );
    assert!(!p.exists("boeger-output"));
}
