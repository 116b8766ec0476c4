//! A barnets bog designed for its reader (`laeser = "barn"` / `"ung"`), and the edition to fill in
//! by hand (`--udfyld`), built with the real binary and read back from the PDF with poppler-utils
//! (`pdftotext`, `pdfinfo`, `pdffonts`).

mod common;
use common::*;
use std::path::Path;

fn poppler(tool: &str, args: &[&str], pdf: &Path) -> String {
    let out = std::process::Command::new(tool)
        .args(args)
        .arg(pdf)
        .args(if tool == "pdftotext" {
            &["-"][..]
        } else {
            &[][..]
        })
        .output()
        .unwrap_or_else(|e| panic!("{tool} (poppler-utils) must be installed: {e}"));
    assert!(out.status.success(), "{tool} failed on {}", pdf.display());
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn pages(pdf: &Path) -> usize {
    poppler("pdfinfo", &[], pdf)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("pdfinfo gives the page count")
}

/// The heights of the boxes pdftotext gives the words equal to `word`, in points.
fn word_heights(pdf: &Path, word: &str) -> Vec<f64> {
    let html = poppler("pdftotext", &["-bbox"], pdf);
    html.lines()
        .filter(|l| l.contains("<word ") && l.contains(&format!(">{word}</word>")))
        .map(|l| {
            let attr = |name: &str| -> f64 {
                let from = l.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
                l[from..from + l[from..].find('"').unwrap()]
                    .parse()
                    .unwrap()
            };
            attr("yMax") - attr("yMin")
        })
        .collect()
}

/// A child's words with long compound words, many times: wide enough to need line breaks.
const CHILDS_WORDS: &str = "Jeg elsker jordbærlagkage og fødselsdagsfester med trampolinspring. \
    Sommerferieminderne fra plejefamiliernes fødselsdagsgaver var eftermiddagsaktiviteter. ";

fn child_book(p: &Project, slug: &str, laeser: Option<&str>) {
    let laeser = laeser
        .map(|l| format!("laeser = \"{l}\"\n"))
        .unwrap_or_default();
    p.file(
        &format!("content/boeger/{slug}/bog.toml"),
        &format!("navn = \"Emma\"\n{laeser}"),
    );
    p.file(
        &format!("content/boeger/{slug}/01-alt-om-mig.md"),
        &format!("Hej med dig.\n\n{}\n", CHILDS_WORDS.repeat(12)),
    );
    p.file(
        &format!("content/boeger/{slug}/02-skolen.md"),
        "Jeg går i 3. klasse.\n",
    );
    p.file(
        &format!("content/boeger/{slug}/03-min-familie.md"),
        "Jeg bor hos Lis og Ole.\n",
    );
}

#[test]
fn a_childs_book_keeps_the_childs_words_whole_in_large_rounded_type() {
    let p = Project::new();
    child_book(&p, "emma", Some("barn"));
    child_book(&p, "ung", Some("ung"));
    p.run(&["book", "emma"]).assert_ok();
    p.run(&["book", "ung"]).assert_ok();
    let barn = p.path().join("boeger-output/emma/emma.pdf");
    let ung = p.path().join("boeger-output/ung/ung.pdf");

    // No word of the child's is broken at a line end ("jordbær-/lagkage"); typst's hyphen reads
    // back as a soft hyphen (U+00AD).
    let text = poppler("pdftotext", &["-layout"], &barn);
    assert!(text.contains("jordbærlagkage"), "{text}");
    for line in text.lines() {
        let t = line.trim_end();
        let broken = t
            .strip_suffix(['-', '\u{ad}', '\u{2010}'])
            .is_some_and(|rest| rest.ends_with(char::is_alphabetic));
        assert!(!broken, "a word is hyphenated at: {t:?}");
    }
    // The rounded font is embedded, in both designs.
    for pdf in [&barn, &ung] {
        let fonts = poppler("pdffonts", &[], pdf);
        assert!(fonts.contains("Ubuntu"), "{fonts}");
    }
    // Large type for a child (15 pt), calmer for the young (12 pt): the same word is taller.
    let big = word_heights(&barn, "trampolinspring.");
    let small = word_heights(&ung, "trampolinspring.");
    assert!(!big.is_empty() && !small.is_empty());
    assert!(
        big[0] > small[0] * 1.15,
        "barn {big:?} is not larger than ung {small:?}"
    );
    // The HTML is made from the same design: the font, the size and a colour per chapter.
    let html = p.read("boeger-output/emma/emma.html");
    assert!(html.contains("laeser-barn"));
    assert!(html.contains("font-family: \"Ubuntu\"; src: url(data:font/ttf;base64,"));
    assert!(html.contains("--str: 15pt"));
    assert!(html.contains("--kapitelfarve: #e4572e") && html.contains("--kapitelfarve: #2e86ab"));
}

#[test]
fn short_chapters_share_a_page() {
    let p = Project::new();
    p.file(
        "content/boeger/emma/bog.toml",
        "navn = \"Emma\"\nlaeser = \"barn\"\n",
    );
    for (i, name) in ["alt-om-mig", "skolen", "min-familie", "mit-helbred"]
        .iter()
        .enumerate()
    {
        p.file(
            &format!("content/boeger/emma/0{}-{name}.md", i + 1),
            "En kort tekst.\n",
        );
    }
    p.run(&["book", "emma"]).assert_ok();
    // Title page, contents, and the four short chapters on one page.
    assert_eq!(pages(&p.path().join("boeger-output/emma/emma.pdf")), 3);
}

#[test]
fn an_unknown_reader_is_named_at_its_line() {
    let p = Project::new();
    p.file(
        "content/boeger/emma/bog.toml",
        "navn = \"Emma\"\nlaeser = \"baby\"\n",
    );
    p.file("content/boeger/emma/01-alt-om-mig.md", "Hej.\n");
    let run = p.run(&["book", "emma"]);
    run.assert_codes(&["B030"]);
    assert!(
        run.stderr().contains("content/boeger/emma/bog.toml:2:"),
        "{}",
        run.stderr()
    );
}

#[test]
fn an_empty_new_book_prints_pages_to_fill_in_by_hand() {
    let p = Project::new();
    p.run(&["new", "bog", "Emma"]).assert_ok();
    // The ordinary book has nothing to print yet; the edition to fill in has every chapter.
    p.run(&["book", "emma"]).assert_codes(&["B002"]);
    p.run(&["book", "emma", "--udfyld"]).assert_ok();
    let pdf = p.path().join("boeger-output/emma-udfyld/emma-udfyld.pdf");
    let text = poppler("pdftotext", &["-layout"], &pdf);
    for needle in [
        "Alt om mig",
        "Hvad hedder du, og hvad vil du gerne kaldes?",
        "Hvem savner du?",
        "Tegn her",
    ] {
        assert!(text.contains(needle), "{needle:?} missing in:\n{text}");
    }
    // A page per chapter at least (11 standard chapters), after the title and contents.
    assert!(pages(&pdf) >= 13, "{} pages", pages(&pdf));
}

#[test]
fn the_questions_stay_out_of_the_ordinary_book() {
    let p = Project::new();
    p.run(&["new", "bog", "Emma"]).assert_ok();
    let chapter = p.path().join("content/boeger/emma/01-alt-om-mig.md");
    let scaffold = std::fs::read_to_string(&chapter).unwrap();
    std::fs::write(&chapter, format!("{scaffold}Jeg hedder Emma.\n")).unwrap();
    p.run(&["book", "emma"]).assert_ok();
    let text = poppler(
        "pdftotext",
        &["-layout"],
        &p.path().join("boeger-output/emma/emma.pdf"),
    );
    assert!(text.contains("Jeg hedder Emma."), "{text}");
    assert!(!text.contains("Hvad hedder du"), "{text}");
    assert!(!text.contains("Tegn her"), "{text}");
    // The edition to fill in keeps the child's text and adds the questions under it.
    p.run(&["book", "emma", "--udfyld"]).assert_ok();
    let text = poppler(
        "pdftotext",
        &["-layout"],
        &p.path().join("boeger-output/emma-udfyld/emma-udfyld.pdf"),
    );
    assert!(text.contains("Jeg hedder Emma."), "{text}");
    assert!(text.contains("Hvad hedder du"), "{text}");
}

/// A PNG of `w` x `h` pixels in one colour: each photo of a test can be told apart.
fn png(w: u32, h: u32, shade: u8) -> Vec<u8> {
    let mut bytes = Vec::new();
    image::DynamicImage::ImageRgb8(image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([shade, (x % 200) as u8, (y % 200) as u8])
    }))
    .write_to(
        &mut std::io::Cursor::new(&mut bytes),
        image::ImageFormat::Png,
    )
    .unwrap();
    bytes
}

/// The page of each image in the PDF, in order (`pdfimages -list`).
fn image_pages(pdf: &Path) -> Vec<usize> {
    poppler("pdfimages", &["-list"], pdf)
        .lines()
        .skip(2)
        .filter_map(|l| l.split_whitespace().next()?.parse().ok())
        .collect()
}

#[test]
fn photos_side_by_side_form_a_grid_and_a_drawing_gets_its_own_page() {
    let p = Project::new();
    p.file(
        "content/boeger/emma/bog.toml",
        "navn = \"Emma\"\nlaeser = \"barn\"\n",
    );
    for (i, name) in ["a.png", "b.png", "c.png", "d.png"].iter().enumerate() {
        p.bytes(
            &format!("content/boeger/emma/billeder/{name}"),
            &png(400, 300, 40 * i as u8),
        );
    }
    p.bytes(
        "content/boeger/emma/tegninger/hest.png",
        &png(300, 400, 250),
    );
    p.file(
        "content/boeger/emma/01-alt-om-mig.md",
        "Mine venner.\n\n![Ida](billeder/a.png) ![Bo](billeder/b.png)\n![Ali](billeder/c.png)\n![Sif](billeder/d.png)\n\n\
         Min hest.\n\n![Min hest Stjerne](tegninger/hest.png)\n\nSlut.\n",
    );
    p.run(&["book", "emma"]).assert_ok();
    let pdf = p.path().join("boeger-output/emma/emma.pdf");
    let pages = image_pages(&pdf);
    assert_eq!(pages.len(), 5, "{pages:?}");
    // The four photos on one page, with their captions.
    assert!(pages[..4].iter().all(|&n| n == pages[0]), "{pages:?}");
    let text = poppler("pdftotext", &["-layout"], &pdf);
    for caption in ["Ida", "Bo", "Ali", "Sif", "Min hest Stjerne"] {
        assert!(text.contains(caption), "{caption} missing in:\n{text}");
    }
    // The drawing alone on a later page: nothing of the text before or after on its page.
    assert!(pages[4] > pages[0], "{pages:?}");
    let page = poppler(
        "pdftotext",
        &[
            "-layout",
            "-f",
            &pages[4].to_string(),
            "-l",
            &pages[4].to_string(),
        ],
        &pdf,
    );
    assert!(
        !page.contains("Min hest.") && !page.contains("Slut."),
        "{page}"
    );
}

/// The 1-based page whose text has a line that is exactly `line` (not the table of contents,
/// whose line has dots and a page number after the title).
fn page_with_line(pdf: &Path, line: &str) -> Option<usize> {
    poppler("pdftotext", &["-layout"], pdf)
        .split('\u{c}')
        .position(|page| page.lines().any(|l| l.trim() == line))
        .map(|i| i + 1)
}

fn pictures_book(p: &Project, laeser: &str) {
    p.file(
        "content/boeger/emma/bog.toml",
        &format!(
            "navn = \"Emma\"\nlaeser = \"{laeser}\"\n\n\
             [[tidslinje]]\ndato = 2024-07-09\nhvad = \"Ved stranden\"\nfoto = \"billeder/strand.png\"\n\n\
             [[tidslinje]]\ndato = 2025-08-11\nhvad = \"Første skoledag\"\nfoto = \"billeder/skole.png\"\n"
        ),
    );
    p.bytes("content/boeger/emma/billeder/a.png", &png(400, 300, 10));
    p.bytes(
        "content/boeger/emma/billeder/strand.png",
        &png(400, 300, 90),
    );
    p.bytes(
        "content/boeger/emma/billeder/skole.png",
        &png(400, 300, 170),
    );
    p.file(
        "content/boeger/emma/01-alt-om-mig.md",
        "Tekst før billedet.\n\nHer er min hest: ![Stjerne på marken](billeder/a.png)\n\nTekst efter.\n",
    );
}

#[test]
fn a_young_childs_chapter_shows_its_photos_first() {
    let p = Project::new();
    pictures_book(&p, "barn");
    p.run(&["book", "emma"]).assert_ok();
    let pdf = p.path().join("boeger-output/emma/emma.pdf");
    let text = poppler("pdftotext", &["-layout"], &pdf);
    let at = |s: &str| {
        text.find(s)
            .unwrap_or_else(|| panic!("{s} missing in:\n{text}"))
    };
    assert!(
        at("Stjerne på marken") < at("Tekst før billedet."),
        "{text}"
    );
    // The words the photo stood among stay, in their order.
    assert!(at("Her er min hest:") < at("Tekst efter."), "{text}");
    let html = p.read("boeger-output/emma/emma.html");
    let h = |s: &str| html.find(s).unwrap_or_else(|| panic!("{s} missing"));
    assert!(h("alt=\"Stjerne på marken\"") < h("Tekst før billedet."));
    // No paragraph left empty where the photo was lifted from.
    assert!(!html.contains("<p></p>"), "{html}");

    // An older reader's book keeps the photo where it was written.
    let p = Project::new();
    pictures_book(&p, "ung");
    p.run(&["book", "emma"]).assert_ok();
    let text = poppler(
        "pdftotext",
        &["-layout"],
        &p.path().join("boeger-output/emma/emma.pdf"),
    );
    assert!(
        text.find("Tekst før billedet.").unwrap() < text.find("Stjerne på marken").unwrap(),
        "{text}"
    );
}

#[test]
fn timeline_photos_sit_in_their_entries() {
    let p = Project::new();
    pictures_book(&p, "barn");
    p.run(&["book", "emma"]).assert_ok();
    // In the HTML, each photo inside its own entry.
    let html = p.read("boeger-output/emma/emma.html");
    let list = &html[html.find("<ol class=\"tidslinje\">").expect("a timeline")..];
    let list = &list[..list.find("</ol>").unwrap()];
    let entries: Vec<&str> = list.split("<li>").skip(1).collect();
    assert_eq!(entries.len(), 2, "{list}");
    assert!(entries[0].contains("Ved stranden") && entries[0].contains("tidslinje-foto"));
    assert!(entries[1].contains("Første skoledag") && entries[1].contains("tidslinje-foto"));
    // In the PDF, both on the timeline's own page, not on photo pages after it.
    let pdf = p.path().join("boeger-output/emma/emma.pdf");
    let page = page_with_line(&pdf, "Min tidslinje").expect("the timeline chapter");
    let pages = image_pages(&pdf);
    assert_eq!(pages.len(), 3, "{pages:?}");
    assert_eq!(&pages[1..], &[page, page], "{pages:?}");
    assert_eq!(self::pages(&pdf), page, "nothing after the timeline");
}

/// The fill colours the PDF paints with, as `#rrggbb` (poppler's SVG output, rounded).
fn pdf_colours(pdf: &Path) -> Vec<String> {
    let out = std::process::Command::new("pdftocairo")
        .arg("-svg")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftocairo (poppler-utils) must be installed");
    let svg = String::from_utf8_lossy(&out.stdout);
    svg.split("fill:rgb(")
        .skip(1)
        .filter_map(|rest| {
            let inside = &rest[..rest.find(')')?];
            let parts: Vec<f64> = inside
                .split(',')
                .filter_map(|p| p.trim_end_matches('%').parse().ok())
                .collect();
            (parts.len() == 3).then(|| {
                parts
                    .iter()
                    .map(|p| format!("{:02x}", (p * 2.55).round() as u8))
                    .collect::<String>()
            })
        })
        .map(|hex| format!("#{hex}"))
        .collect()
}

#[test]
fn a_books_own_design_changes_the_html_and_the_pdf_alike() {
    let p = Project::new();
    child_book(&p, "emma", Some("barn"));
    p.run(&["book", "emma"]).assert_ok();
    let pdf = p.path().join("boeger-output/emma/emma.pdf");
    let before = word_heights(&pdf, "Hej");
    assert!(!pdf_colours(&pdf).contains(&"#123456".to_string()));
    assert!(poppler("pdffonts", &[], &pdf).contains("Ubuntu"));

    p.file(
        "content/boeger/emma/bog.toml",
        "navn = \"Emma\"\nlaeser = \"barn\"\n\n[design]\nskrift = \"Libertinus Serif\"\nstoerrelse = 20\n\
         farver = [\"#123456\", \"#ABC\"]\nbaggrund = \"#fafafa\"\n",
    );
    p.run(&["book", "emma"]).assert_ok();
    let fonts = poppler("pdffonts", &[], &pdf);
    assert!(
        fonts.contains("LibertinusSerif") && !fonts.contains("Ubuntu"),
        "{fonts}"
    );
    let after = word_heights(&pdf, "Hej");
    assert!(after[0] > before[0] * 1.2, "{before:?} → {after:?}");
    let colours = pdf_colours(&pdf);
    assert!(colours.contains(&"#123456".to_string()), "{colours:?}");
    assert!(colours.contains(&"#aabbcc".to_string()), "{colours:?}");
    let html = p.read("boeger-output/emma/emma.html");
    for wanted in [
        "--accent: #123456",
        "--str: 20pt",
        "--skrift: \"Libertinus Serif\"",
        "--blid: #fafafa",
        "--kapitelfarve: #aabbcc",
    ] {
        assert!(html.contains(wanted), "{wanted} missing");
    }
}

#[test]
fn a_bad_design_is_told_at_its_lines_and_nothing_is_made() {
    let p = Project::new();
    child_book(&p, "emma", Some("barn"));
    p.file(
        "content/boeger/emma/bog.toml",
        "navn = \"Emma\"\n\n[design]\nfarver = [\"#123456\", \"rød\"]\nstoerrelse = 50\n\
         skrift = \"Comic Sans\"\nbaggrund = \"#fff;} body {display:none\"\n",
    );
    let run = p.run(&["book", "emma"]);
    run.assert_codes(&["B040", "B042", "B041", "B040"]);
    let err = run.stderr();
    for place in [
        "bog.toml:4:22",
        "bog.toml:5:14",
        "bog.toml:6:10",
        "bog.toml:7:12",
    ] {
        assert!(err.contains(place), "{place} missing in:\n{err}");
    }
    assert!(!p.exists("boeger-output/emma/emma.pdf"));

    // A key the table does not have is named at its line, with the nearest one.
    p.file(
        "content/boeger/emma/bog.toml",
        "navn = \"Emma\"\n\n[design]\nfarve = \"#123456\"\n",
    );
    let run = p.run(&["book", "emma"]);
    run.assert_codes(&["B001"]);
    assert!(run.stderr().contains("bog.toml:4:1"), "{}", run.stderr());
    assert!(run.stderr().contains("farver"), "{}", run.stderr());
}

#[test]
fn an_image_without_words_is_told_at_its_line() {
    let p = Project::new();
    p.file("content/boeger/emma/bog.toml", "navn = \"Emma\"\n");
    p.bytes("content/boeger/emma/billeder/a b.png", &png(40, 30, 10));
    p.bytes("content/boeger/emma/billeder/c.png", &png(40, 30, 90));
    p.file(
        "content/boeger/emma/01-alt-om-mig.md",
        "+++\ntitle = \"Mig\"\n+++\nHej.\n\nSe her: ![](billeder/a b.png) og ![Min kat](billeder/c.png)\n",
    );
    for cmd in [&["book", "emma"][..], &["check"][..]] {
        let run = p.run(cmd);
        run.assert_ok();
        assert_eq!(run.codes(), ["B044"], "{cmd:?}: {}", run.stderr());
        assert!(
            run.stderr()
                .contains("content/boeger/emma/01-alt-om-mig.md:6:9:"),
            "{cmd:?}: {}",
            run.stderr()
        );
        assert!(
            run.stderr().contains("billeder/a b.png"),
            "{}",
            run.stderr()
        );
    }
}

/// The PDF page count `book` reports ("... 3 sider i PDF ...").
fn reported_pages(run: &Run) -> String {
    let out = run.stdout();
    let before = out.find(" sider i PDF").expect("the page count");
    out[..before].rsplit(' ').next().unwrap().to_string()
}

#[test]
fn a_rebuild_of_the_same_book_takes_its_pdf_and_any_change_compiles_anew() {
    let p = Project::new();
    child_book(&p, "emma", Some("barn"));
    let run = p.run(&["book", "emma"]);
    run.assert_ok();
    let pages = reported_pages(&run);
    let pdf = p.path().join("boeger-output/emma/emma.pdf");
    let first = std::fs::read(&pdf).unwrap();
    // Only a key is kept, never a copy of the book.
    let key_file = p.path().join(".bogbinder-cache/pdf/emma");
    let key = std::fs::read_to_string(&key_file).expect("the PDF's key");
    assert!(!key.contains("%PDF") && key.len() < 200, "{key}");
    // A marked page count shows whether the PDF was taken or compiled.
    let marked = key.replace(&format!(" {pages}\n"), " 999\n");
    std::fs::write(&key_file, &marked).unwrap();
    let run = p.run(&["book", "emma"]);
    run.assert_ok();
    assert_eq!(reported_pages(&run), "999", "nothing changed: taken");
    assert_eq!(std::fs::read(&pdf).unwrap(), first);

    // A PDF changed in the output folder is never taken.
    std::fs::write(&key_file, &marked).unwrap();
    let mut changed = first.clone();
    changed.extend_from_slice(b"\n% andet\n");
    std::fs::write(&pdf, &changed).unwrap();
    let run = p.run(&["book", "emma"]);
    assert_eq!(reported_pages(&run), pages);
    assert_eq!(std::fs::read(&pdf).unwrap(), first);

    // A changed word is compiled anew.
    std::fs::write(&key_file, &marked).unwrap();
    p.file("content/boeger/emma/02-skolen.md", "Jeg går i 4. klasse.\n");
    let run = p.run(&["book", "emma"]);
    assert_eq!(reported_pages(&run), pages);
    assert!(poppler("pdftotext", &[], &pdf).contains("4. klasse"));
}
