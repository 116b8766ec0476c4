//! Books end to end: scaffold, build the demo barnets bog and the compendium, read the PDF back,
//! and prove that nothing of a child's book reaches the handbook output.
//! Text is read back with `pdftotext` (poppler-utils).

mod common;
use common::*;
use std::path::{Path, PathBuf};

fn pdf(p: &Project, rel: &str) -> (Vec<u8>, lopdf::Document) {
    let bytes = std::fs::read(p.path().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    let doc = lopdf::Document::load_mem(&bytes).expect("valid PDF");
    (bytes, doc)
}

/// The JPEG images embedded in a PDF, decoded.
fn pdf_jpegs(doc: &lopdf::Document) -> Vec<(Vec<u8>, image::RgbImage)> {
    let mut out = Vec::new();
    for obj in doc.objects.values() {
        if let Ok(stream) = obj.as_stream() {
            let is_image = stream
                .dict
                .get(b"Subtype")
                .and_then(|s| s.as_name())
                .is_ok_and(|n| n == b"Image");
            let filter = stream.dict.get(b"Filter").ok().and_then(|f| match f {
                lopdf::Object::Name(n) => Some(n.clone()),
                lopdf::Object::Array(a) => {
                    a.first().and_then(|x| x.as_name().ok()).map(<[u8]>::to_vec)
                }
                _ => None,
            });
            if is_image && filter.as_deref() == Some(b"DCTDecode") {
                let img = image::load_from_memory(&stream.content).expect("embedded JPEG decodes");
                out.push((stream.content.clone(), img.to_rgb8()));
            }
        }
    }
    out
}

fn near(a: &image::Rgb<u8>, b: [u8; 3], tol: i32) -> bool {
    a.0.iter()
        .zip(b)
        .all(|(x, y)| (i32::from(*x) - i32::from(y)).abs() <= tol)
}

/// The beach photo upright: taller than wide, sun (yellow) near the top, sand at the bottom.
fn is_upright_beach(img: &image::RgbImage) -> bool {
    let (w, h) = img.dimensions();
    if h <= w {
        return false;
    }
    let sun = img.get_pixel(w / 2, h * 120 / 800);
    let sand = img.get_pixel(w / 2, h * 740 / 800);
    near(sun, [255, 204, 51], 40) && near(sand, [235, 210, 150], 40)
}

fn build_demo_book() -> Project {
    let p = demo_project();
    let run = p.run(&["book", "laerke"]);
    run.assert_ok();
    assert!(run.stdout().contains("laerke.pdf"), "{}", run.stdout());
    p
}

#[test]
fn demo_book_pdf_has_chapters_in_order_fonts_and_upright_photos() {
    let p = build_demo_book();
    let (bytes, doc) = pdf(&p, "boeger-output/laerke/laerke.pdf");
    let pages = doc.get_pages().len();
    // Title, contents, 9 short text chapters sharing pages, 5 photo pages, history: about 11 pages.
    assert!((9..=30).contains(&pages), "{pages} pages");
    let text = pdf_text(&p.path().join("boeger-output/laerke/laerke.pdf"));
    assert_in_order(
        &text,
        &[
            "Lærke",
            "Denne bog tilhører Lærke",
            "Indhold",
            "Alt om mig",
            "Mit helbred",
            "De vigtigste mennesker i mit liv",
            "Skolen",
            "Hvem passer på mig",
            "Min familie",
            "Det, der bekymrer mig",
            "Det, der hjælper mig",
            "Mine håb for fremtiden",
            "Mine minder",
            "Min historie",
            // The chapters themselves, after the table of contents.
            "Jeg hedder Lærke",
            "Tandlæge",
            "Vi byggede en sandborg",
            "Hos plejefamilien Holm",
        ],
    );
    assert!(
        !text.contains("Spørgsmål"),
        "guiding questions were printed"
    );
    // Every font is embedded.
    let mut fonts = 0;
    for obj in doc.objects.values() {
        if let Ok(d) = obj.as_dict() {
            if d.get(b"Type")
                .and_then(|t| t.as_name())
                .is_ok_and(|n| n == b"FontDescriptor")
            {
                fonts += 1;
                assert!(
                    d.has(b"FontFile") || d.has(b"FontFile2") || d.has(b"FontFile3"),
                    "font not embedded: {d:?}"
                );
            }
        }
    }
    assert!(fonts > 0);
    // Photos in the PDF: the rotated beach photo is upright, and no JPEG carries EXIF.
    let jpegs = pdf_jpegs(&doc);
    assert!(jpegs.len() >= 5, "{} JPEGs", jpegs.len());
    assert!(
        jpegs.iter().any(|(_, img)| is_upright_beach(img)),
        "beach photo not upright in the PDF"
    );
    for (raw, _) in &jpegs {
        assert!(exif::Reader::new()
            .read_from_container(&mut std::io::Cursor::new(raw))
            .is_err());
    }
    assert!(
        !bytes.windows(6).any(|w| w == b"Exif\0\0"),
        "EXIF block in the PDF"
    );
}

#[test]
fn demo_book_html_is_print_ready_and_images_have_no_exif() {
    let p = build_demo_book();
    let html = p.read("boeger-output/laerke/laerke.html");
    assert!(html.contains("size: A4"), "no A4 page rule");
    assert_in_order(
        &html,
        &[
            "class=\"titelside\"",
            "Indhold",
            "id=\"alt-om-mig\"",
            "id=\"min-historie\"",
        ],
    );
    assert!(html.contains("<strong>jordbærlagkage</strong>"));
    assert!(html.contains("<table>") && html.contains("<td>to gange om året</td>"));
    assert!(html.contains("<ol>") && html.contains("<blockquote>"));
    assert!(html.contains("class=\"tidslinje\""));
    assert!(html.contains("Vi byggede en sandborg"));
    assert!(!html.contains("Spørgsmål"), "guiding questions in the HTML");
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "the book loads something from the net"
    );
    let images: Vec<PathBuf> = p.files_under("boeger-output/laerke/billeder");
    assert_eq!(images.len(), 6, "{images:?}");
    let mut upright = false;
    for rel in &images {
        let bytes = std::fs::read(p.path().join(rel)).unwrap();
        assert!(
            exif::Reader::new()
                .read_from_container(&mut std::io::Cursor::new(&bytes))
                .is_err(),
            "{} still has EXIF",
            rel.display()
        );
        let name = rel.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            html.contains(&format!("billeder/{name}")),
            "{name} not used in the HTML"
        );
        upright |= is_upright_beach(&image::load_from_memory(&bytes).unwrap().to_rgb8());
    }
    assert!(upright, "beach photo not turned upright");
}

#[test]
fn source_photo_really_has_gps_and_orientation() {
    // Guards the test above: the demo photo must carry what is to be stripped and turned.
    let bytes = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("content/boeger/laerke/billeder/stranden.jpg"),
    )
    .unwrap();
    let ex = exif::Reader::new()
        .read_from_container(&mut std::io::Cursor::new(&bytes))
        .unwrap();
    assert!(ex
        .get_field(exif::Tag::GPSLatitude, exif::In::PRIMARY)
        .is_some());
    let o = ex
        .get_field(exif::Tag::Orientation, exif::In::PRIMARY)
        .unwrap();
    assert_eq!(o.value.get_uint(0), Some(6));
}

#[test]
fn pdfa_declares_its_conformance() {
    let p = demo_project();
    p.run(&["book", "laerke", "--pdfa"]).assert_ok();
    let (_, doc) = pdf(&p, "boeger-output/laerke/laerke.pdf");
    let meta_ref = doc
        .catalog()
        .unwrap()
        .get(b"Metadata")
        .unwrap()
        .as_reference()
        .unwrap();
    let stream = doc.get_object(meta_ref).unwrap().as_stream().unwrap();
    let xmp = String::from_utf8(
        stream
            .decompressed_content()
            .unwrap_or(stream.content.clone()),
    )
    .unwrap();
    let part = xmp.contains("<pdfaid:part>2</pdfaid:part>") || xmp.contains("pdfaid:part=\"2\"");
    let conf = xmp.contains("<pdfaid:conformance>B</pdfaid:conformance>")
        || xmp.contains("pdfaid:conformance=\"B\"");
    assert!(part && conf, "no PDF/A-2b declaration in:\n{xmp}");
}

#[test]
fn transition_edition_has_consent_page_and_only_covered_chapters() {
    let p = demo_project();
    p.run(&["book", "laerke", "--overgang", "Solsikkeskolen"])
        .assert_ok();
    let dir = "boeger-output/laerke-overgang-solsikkeskolen";
    let text = pdf_text(
        &p.path()
            .join(format!("{dir}/laerke-overgang-solsikkeskolen.pdf")),
    );
    // Lines wrap where the design makes them: the words are compared with single spaces.
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert_in_order(
        &text,
        &[
            "Samtykke til overlevering",
            "Solsikkeskolen",
            "Lærkes mor og plejefamilien",
        ],
    );
    assert!(text.contains("Jeg hedder Lærke") && text.contains("Solsikkeskolen"));
    for left_out in [
        "Min familie",
        "Det, der bekymrer mig",
        "hver anden lørdag",
        "Hos plejefamilien Holm",
    ] {
        assert!(
            !text.contains(left_out),
            "{left_out:?} is not covered by the consent"
        );
    }
    // The cover photo is not named in the consent, so it stays out.
    assert!(
        !p.exists(&format!("{dir}/billeder/01.jpg"))
            || p.files_under(&format!("{dir}/billeder")).len() == 1
    );
    let html = p.read(&format!("{dir}/laerke-overgang-solsikkeskolen.html"));
    assert!(html.contains("Samtykke til overlevering"));
    assert!(!html.contains("hver anden lørdag"));
}

#[test]
fn transition_edition_without_consent_is_refused() {
    let p = demo_project();
    p.run(&["book", "laerke", "--overgang", "Tandlægen"])
        .assert_fails_with(&["bog.toml", "intet samtykke", "Tandlægen", "Solsikkeskolen"]);
    assert!(!p.exists("boeger-output"));
}

#[test]
fn consent_naming_a_missing_chapter_is_an_error() {
    let p = demo_project();
    let toml = p
        .read("content/boeger/laerke/bog.toml")
        .replace("\"skolen\"", "\"skole\"");
    p.file("content/boeger/laerke/bog.toml", &toml);
    p.run(&["book", "laerke", "--overgang", "Solsikkeskolen"])
        .assert_fails_with(&["bog.toml:", "\"skole\", som ikke findes"]);
}

#[test]
fn compendium_builds_from_the_handbook() {
    let p = demo_project();
    let run = p.run(&["book", "ambassadoerkursus"]);
    run.assert_ok();
    let text = pdf_text(
        &p.path()
            .join("boeger-output/ambassadoerkursus/ambassadoerkursus.pdf"),
    );
    assert_in_order(
        &text,
        &[
            "Ambassadørkursus:",
            "Kompendium til deltagerne",
            "Indhold",
            "Workshop 1",
            "Gode råd",
        ],
    );
    let html = p.read("boeger-output/ambassadoerkursus/ambassadoerkursus.html");
    assert!(
        html.contains("<aside class=\"boks boks-gode-raad\">"),
        "boxes not styled by their kind"
    );
    assert!(
        html.contains("href=\"#metoder-barnets-stemme\""),
        "course links do not lead to chapters"
    );
    assert!(
        !p.exists("output"),
        "a book build wrote the handbook output"
    );
}

#[test]
fn new_bog_scaffolds_standard_chapters_and_never_overwrites() {
    let p = Project::new();
    p.run(&["new", "bog", "Emma"]).assert_ok();
    let dir = "content/boeger/emma";
    assert!(p.exists(&format!("{dir}/bog.toml")));
    assert!(p.path().join(format!("{dir}/billeder")).is_dir());
    let chapters: Vec<String> = std::fs::read_dir(p.path().join(dir))
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".md"))
        .collect();
    assert_eq!(chapters.len(), 13, "{chapters:?}");
    assert!(p
        .read(&format!("{dir}/01-alt-om-mig.md"))
        .contains("Hvad er du god til?"));
    assert!(p
        .read(&format!("{dir}/11-min-historie.md"))
        .contains("title = \"Min historie\""));

    p.file(&format!("{dir}/01-alt-om-mig.md"), "Mit eget svar.\n");
    p.run(&["new", "bog", "Emma"])
        .assert_fails_with(&["findes allerede", "intet blev ændret"]);
    assert_eq!(
        p.read(&format!("{dir}/01-alt-om-mig.md")),
        "Mit eget svar.\n"
    );
    // The scaffold's questions never print: only the answered chapter is in the book.
    p.run(&["book", "emma"]).assert_ok();
    let text = pdf_text(&p.path().join("boeger-output/emma/emma.pdf"));
    assert!(text.contains("Mit eget svar."));
    assert!(
        !text.contains("Hvad er du god til") && !text.contains("Mit helbred"),
        "{text}"
    );
}

#[test]
fn an_unanswered_book_is_refused() {
    let p = Project::new();
    p.run(&["new", "bog", "Ib"]).assert_ok();
    p.run(&["book", "ib"])
        .assert_fails_with(&["ingen tekst eller billeder"]);
}

#[test]
fn unknown_book_names_the_known_ones() {
    let p = demo_project();
    p.run(&["book", "findesikke"]).assert_fails_with(&[
        "findesikke",
        "laerke",
        "ambassadoerkursus",
    ]);
}

/// A one-chapter book for error cases.
/// The boxes a text opens, as their `<aside ...>` tags, in order.
fn box_tags(html: &str) -> Vec<&str> {
    html.match_indices("<aside class=")
        .map(|(i, _)| &html[i..i + html[i..].find('>').unwrap() + 1])
        .collect()
}

#[test]
fn boxes_in_a_book_get_the_same_kind_classes_as_in_the_handbook() {
    let p = Project::new();
    let boxes =
        "> [!TIP]\n> Et tip.\n\n> [!GODE RÅD]\n> Start småt.\n\n> [!FAKTA: Om loven]\n> Tekst.\n\n\
                 > [!ADVARSEL]\n> Pas på.\n\n> [!NOTE]\n> Bemærk.\n";
    p.file(
        "content/metoder/bokse.md",
        &format!("+++\ntitle = \"Bokse\"\n+++\n{boxes}"),
    );
    small_book(&p, "", boxes);
    p.run(&["build"]).assert_ok();
    p.run(&["book", "test"]).assert_ok();
    let handbook = p.read("output/metoder/bokse/index.html");
    let book = p.read("boeger-output/test/test.html");
    let expected = [
        "<aside class=\"boks boks-gode-raad\">",
        "<aside class=\"boks boks-gode-raad\">",
        "<aside class=\"boks boks-fakta\">",
        "<aside class=\"boks boks-advarsel\">",
        "<aside class=\"boks boks-fakta\">",
    ];
    assert_eq!(box_tags(&handbook), expected, "handbook");
    assert_eq!(box_tags(&book), expected, "book");
    assert!(
        book.contains("<p class=\"boks-titel\">Om loven</p>"),
        "{book}"
    );
}

#[test]
fn links_to_a_chapter_and_box_titles_with_markup_work_in_html_and_typst() {
    let p = Project::new();
    small_book(
        &p,
        "",
        "Læs [min historie](#min-historie) og [intet](#findes-ikke).\n\n> [!FAKTA: *Om* loven]\n> Tekst.\n",
    );
    p.file("content/boeger/test/02-min-historie.md", "Her boede jeg.\n");
    let dump = p.path().join("bog.typ");
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_bogbinder"))
        .args(["book", "test"])
        .current_dir(p.path())
        .env("BOGBINDER_TYPST_DUMP", &dump)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let html = p.read("boeger-output/test/test.html");
    assert!(
        html.contains("<a href=\"#min-historie\">min historie</a>"),
        "{html}"
    );
    assert!(!html.contains("#findes-ikke"), "{html}");
    assert!(
        html.contains("<aside class=\"boks boks-fakta\"><p class=\"boks-titel\">Om loven</p>"),
        "{html}"
    );
    let typst = std::fs::read_to_string(&dump).unwrap();
    assert!(
        typst.contains("#link(label(\"min-historie\"))[min historie]"),
        "{typst}"
    );
    assert!(typst.contains("#boks(\"Om loven\")["), "{typst}");
}

#[test]
fn image_problems_in_a_chapter_have_codes_and_lines() {
    let p = Project::new();
    small_book(
        &p,
        "",
        "![a](https://example.com/a.jpg)\n\n![b](../../../x.png)\n\n![c](mangler.png)\n\n![d](data:image/png;base64,AA)\n",
    );
    let run = p.run(&["book", "test"]);
    run.assert_fails_with(&[
        "fejl[M006]: content/boeger/test/01-alt-om-mig.md:1:1:",
        "fejl[M008]: content/boeger/test/01-alt-om-mig.md:3:1:",
        "fejl[M009]: content/boeger/test/01-alt-om-mig.md:5:1:",
        "fejl[M007]: content/boeger/test/01-alt-om-mig.md:7:1:",
    ]);
}

#[test]
fn a_compendium_without_pages_is_a_problem_in_bogbinder_toml() {
    let p = Project::new();
    p.file(
        "bogbinder.toml",
        &format!("{MINIMAL_CONFIG}[[kompendier]]\nname = \"tom\"\ntitle = \"Tom\"\npages = []\n"),
    );
    let run = p.run(&["book", "tom"]);
    run.assert_fails_with(&["fejl[B016]: bogbinder.toml:4:", "\"tom\" har ingen sider"]);
    assert_eq!(
        run.code(),
        Some(1),
        "a problem in the project, not a usage error"
    );
}

#[test]
fn box_labels_in_an_english_compendium_are_english() {
    let p = Project::new();
    p.file(
        "bogbinder.toml",
        &format!("{MINIMAL_CONFIG}sprog = \"en\"\n[[kompendier]]\nname = \"k\"\ntitle = \"K\"\npages = [\"@/metoder/a.md\"]\n"),
    );
    p.file(
        "content/metoder/a.md",
        "+++\ntitle = \"A\"\n+++\n> [!GODE RÅD]\n> Start small.\n\n> [!ADVARSEL]\n> Careful.\n",
    );
    p.run(&["book", "k"]).assert_ok();
    let html = p.read("boeger-output/k/k.html");
    assert!(
        html.contains("<p class=\"boks-titel\">Good advice</p>")
            && html.contains("<p class=\"boks-titel\">Warning</p>"),
        "{html}"
    );
}

/// A small PNG that decodes.
fn png() -> Vec<u8> {
    let mut bytes = Vec::new();
    image::DynamicImage::ImageRgb8(image::RgbImage::from_fn(40, 30, |x, y| {
        image::Rgb([(x * 6) as u8, (y * 8) as u8, 90])
    }))
    .write_to(
        &mut std::io::Cursor::new(&mut bytes),
        image::ImageFormat::Png,
    )
    .unwrap();
    bytes
}

#[test]
fn a_compendium_shows_images_written_with_at_paths_as_the_handbook_does() {
    let p = Project::new();
    p.file(
        "bogbinder.toml",
        &format!("{MINIMAL_CONFIG}[[kompendier]]\nname = \"k\"\ntitle = \"K\"\npages = [\"@/metoder/a.md\"]\n"),
    );
    p.bytes("content/billeder/skema.png", &png());
    p.file(
        "content/metoder/a.md",
        "+++\ntitle = \"A\"\n+++\n![Skemaet](@/billeder/skema.png)\n",
    );
    p.build().assert_ok();
    p.run(&["book", "k"]).assert_ok();
    let html = p.read("boeger-output/k/k.html");
    assert!(
        html.contains("<img src=\"billeder/01.png\" alt=\"Skemaet\" />"),
        "{html}"
    );
}

fn small_book(p: &Project, toml_extra: &str, chapter: &str) {
    p.file(
        "content/boeger/test/bog.toml",
        &format!("navn = \"Test\"\n{toml_extra}"),
    );
    p.file("content/boeger/test/01-alt-om-mig.md", chapter);
}

#[test]
fn typst_markup_in_text_is_printed_literally() {
    let p = Project::new();
    small_book(
        &p,
        "",
        "Kode: #let x = 1, $a^2$ og @ref <lbl> *fed* _kursiv_ \\ back [x](y) `#raw` // ikke kommentar /* heller ikke */ = ikke overskrift\n\n- punkt med #hash\n\n1. første\n\n> citat med ] og [\n",
    );
    p.run(&["book", "test"]).assert_ok();
    let text = pdf_text(&p.path().join("boeger-output/test/test.pdf"));
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for s in [
        "#let x = 1",
        "$a^2$",
        "@ref",
        "<lbl>",
        "// ikke kommentar",
        "/* heller ikke */",
        "= ikke overskrift",
        "#hash",
        "citat med ] og [",
    ] {
        assert!(text.contains(s), "{s:?} not printed literally:\n{text}");
    }
}

#[test]
fn heic_photo_gets_a_conversion_hint() {
    let p = Project::new();
    p.bytes("content/boeger/test/billeder/a.heic", b"....ftypheic");
    small_book(&p, "[[minder]]\nfil = \"billeder/a.heic\"\n", "Tekst.\n");
    p.run(&["book", "test"])
        .assert_fails_with(&["billeder/a.heic", "HEIC", "JPEG"]);
}

#[test]
fn corrupt_photo_is_an_error_naming_the_file() {
    let p = Project::new();
    p.bytes(
        "content/boeger/test/billeder/ødelagt.jpg",
        b"\xFF\xD8\xFF\xE0 not really a jpeg",
    );
    small_book(&p, "forside = \"billeder/ødelagt.jpg\"\n", "Tekst.\n");
    p.run(&["book", "test"])
        .assert_fails_with(&["ødelagt.jpg", "kan ikke læses"]);
}

#[test]
fn missing_and_escaping_photo_paths_are_errors_with_lines() {
    let p = Project::new();
    p.file("hemmelig.jpg", "x");
    small_book(
        &p,
        "[[minder]]\nfil = \"billeder/findes-ikke.jpg\"\n[[minder]]\nfil = \"../../../hemmelig.jpg\"\n",
        "Tekst.\n\n![net](https://example.com/a.jpg)\n",
    );
    p.run(&["book", "test"]).assert_fails_with(&[
        "bog.toml:3:",
        "findes-ikke.jpg\" findes ikke",
        "bog.toml:5:",
        "uden for bogens mappe",
        "01-alt-om-mig.md:3:",
        "ligger på nettet",
    ]);
}

#[test]
fn broken_bog_toml_names_line_and_column() {
    let p = Project::new();
    small_book(&p, "undertitel = Min bog\n", "Tekst.\n");
    p.run(&["book", "test"]).assert_fails_with(&["bog.toml:2:"]);
}

#[test]
fn cpr_number_in_a_book_stops_book_and_handbook_builds() {
    let p = demo_project();
    p.file(
        "content/boeger/laerke/02-mit-helbred.md",
        "+++\ntitle = \"Mit helbred\"\n+++\n\nMit nummer er 150316-1234.\n",
    );
    p.run(&["book", "laerke"])
        .assert_fails_with(&["02-mit-helbred.md:5:", "CPR"]);
    // Written as ten digits in a row, as a form or a letter often has it.
    p.file(
        "content/boeger/laerke/02-mit-helbred.md",
        "+++\ntitle = \"Mit helbred\"\n+++\n\nPersonnummer: 1503161234\n",
    );
    p.run(&["book", "laerke"])
        .assert_fails_with(&["02-mit-helbred.md:5:15", "CPR"]);
    p.build()
        .assert_fails_with(&["content/boeger/laerke/02-mit-helbred.md:5:", "CPR"]);
    assert!(!p.exists("output"));
    // A chapter that says so may hold one (a fictional example).
    p.file(
        "content/boeger/laerke/02-mit-helbred.md",
        "+++\ntitle = \"Mit helbred\"\nallow_cpr = true\n+++\n\nEksempel: 150316-1234.\n",
    );
    p.build().assert_ok();
}

#[test]
fn books_never_go_into_the_handbook_output() {
    let p = demo_project();
    let cfg = p.read("bogbinder.toml").replace(
        "theme = \"default\"",
        "theme = \"default\"\nbooks_dir = \"output/boeger\"",
    );
    p.file("bogbinder.toml", &cfg);
    p.run(&["book", "laerke"])
        .assert_fails_with(&["håndbogens outputmappe"]);
    assert!(!p.exists("output"));
}

#[test]
fn nothing_of_a_childs_book_reaches_the_handbook_output() {
    let p = demo_project();
    let marker = "MARKØR-7f3a9c-HEMMELIG";
    // A photo no other file could produce by chance.
    let photo = image::RgbImage::from_fn(97, 61, |x, y| {
        image::Rgb([
            (x * 7 % 251) as u8,
            (y * 13 % 251) as u8,
            ((x ^ y) % 251) as u8,
        ])
    });
    let mut jpeg = Vec::new();
    image::DynamicImage::ImageRgb8(photo.clone())
        .write_to(
            &mut std::io::Cursor::new(&mut jpeg),
            image::ImageFormat::Png,
        )
        .unwrap();
    p.bytes("content/boeger/hemmelig/billeder/foto.png", &jpeg);
    p.file(
        "content/boeger/hemmelig/bog.toml",
        &format!("navn = \"{marker}\"\nforside = \"billeder/foto.png\"\n[[minder]]\nfil = \"billeder/foto.png\"\ntekst = \"{marker} billede\"\n"),
    );
    p.file(
        "content/boeger/hemmelig/01-alt-om-mig.md",
        &format!("Jeg hedder {marker}.\n\n![{marker}](billeder/foto.png)\n"),
    );
    p.run(&["book", "hemmelig"]).assert_ok();
    p.build().assert_ok();
    let files = p.files_under("output");
    assert!(files.len() > 20, "the handbook was not built");
    for rel in files {
        let path = p.path().join(&rel);
        let bytes = std::fs::read(&path).unwrap();
        let s = rel.to_string_lossy();
        assert!(
            !s.contains("boeger") && !s.contains("hemmelig"),
            "{s} looks like a book file"
        );
        assert!(
            !String::from_utf8_lossy(&bytes).contains(marker),
            "{s} contains the marker"
        );
        assert!(
            !bytes.windows(jpeg.len().min(64)).any(|w| w == &jpeg[..64]),
            "{s} contains the photo's bytes"
        );
        if let Ok(img) = image::load_from_memory(&bytes) {
            assert_ne!(
                img.dimensions_rgb(),
                photo.dimensions(),
                "{s} has the photo's size"
            );
        }
    }
}

trait Dims {
    fn dimensions_rgb(&self) -> (u32, u32);
}
impl Dims for image::DynamicImage {
    fn dimensions_rgb(&self) -> (u32, u32) {
        (self.width(), self.height())
    }
}

#[test]
fn book_rebuild_reuses_processed_photos() {
    let p = demo_project();
    p.run(&["book", "laerke"]).assert_ok();
    let cached = p.files_under(".bogbinder-cache");
    assert!(cached.len() >= 6, "{cached:?}");
    let first = p.snapshot("boeger-output/laerke/billeder");
    p.run(&["book", "laerke"]).assert_ok();
    assert_eq!(p.snapshot("boeger-output/laerke/billeder"), first);
}
