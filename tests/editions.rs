//! Audience editions (`[[udgaver]]`): each edition is a whole handbook, and nothing meant only for
//! one edition (text, title, address, search entry, taxonomy term, file) reaches another. Built
//! with the real binary; every byte of every output file is searched, with the same rigour as
//! tests/privacy.rs for the children's books.

mod common;
use common::*;

const CONFIG: &str = "title = \"Håndbog\"\nbase_url = \"https://eksempel.dk/haandbog/\"\n\n\
[[udgaver]]\nnavn = \"intern\"\ntitel = \"Håndbog for personalet\"\n\n\
[[udgaver]]\nnavn = \"forældre\"\ntitel = \"Håndbog for forældre\"\n";

/// Markers that only the intern edition may hold, by where they stand: box text, a form field,
/// a page's text, title, file name (its address), taxonomy term, an image's file name. They end in a single
/// `q`, which the Danish stemmer leaves alone, so the search index keeps them whole.
const INTERN: [&str; 7] = [
    "zqinternbokq",
    "zqinternfeltq",
    "zqinternsidetekstq",
    "zqinterntitelq",
    "zqinternslugq",
    "zqinterntermq",
    "zqinternbilledeq",
];
/// Markers only the parents' edition may hold: box text, a section's page and the section.
const PARENTS: [&str; 3] = [
    "zqforaeldreboksq",
    "zqforaeldresidetekstq",
    "zqforaeldresektionq",
];
/// In both editions: a box for both, and the shared text.
const SHARED: [&str; 2] = ["zqbeggebokseq", "zqfaellestekstq"];

fn png() -> Vec<u8> {
    let img = image::RgbImage::from_pixel(9, 7, image::Rgb([200, 30, 30]));
    let mut out = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

fn project() -> Project {
    let p = Project::new();
    p.file("bogbinder.toml", CONFIG);
    p.file(
        "content/metoder/_index.md",
        "+++\ntitle = \"Metoder\"\n+++\n",
    );
    p.file(
        "content/metoder/faelles.md",
        "+++\ntitle = \"Fælles metode\"\n[taxonomies]\ntema = [\"Samtale\"]\n+++\n\
         # Fælles\n\nzqfaellestekstq for alle.\n\n\
         > [!KUN: intern]\n> zqinternbokq: se [notatet](@/metoder/zqinternslugq.md).\n\n\
         > [!KUN: forældre]\n> zqforaeldreboksq til jer.\n\n\
         > [!KUN: intern, forældre]\n> zqbeggebokseq\n\n\
         ```skema\ntekst: Navn\ntekst [KUN: intern]: zqinternfeltq\n```\n\nSlut.\n",
    );
    p.file(
        "content/metoder/zqinternslugq.md",
        "+++\ntitle = \"Notat zqinterntitelq\"\nudgaver = [\"intern\"]\n\
         description = \"Kun for personalet\"\n[taxonomies]\ntema = [\"zqinterntermq\"]\n+++\n\
         zqinternsidetekstq ![Skema](zqinternbilledeq.png)\n\nSe også [fælles](@/metoder/faelles.md).\n",
    );
    p.bytes("content/metoder/zqinternbilledeq.png", &png());
    p.file(
        "content/foraeldre/_index.md",
        "+++\ntitle = \"Til forældre zqforaeldresektionq\"\nudgaver = [\"Forældre\"]\n+++\n",
    );
    p.file(
        "content/foraeldre/om-moedet.md",
        "+++\ntitle = \"Om mødet\"\n+++\nzqforaeldresidetekstq\n",
    );
    p
}

/// Every file under `dir` with its path (relative to `dir`) and bytes, lowercased.
fn output(p: &Project, dir: &str) -> Vec<(String, String)> {
    let files = p.files_under(dir);
    assert!(files.len() > 5, "{dir} has only {files:?}");
    files
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(p.path().join(&f)).unwrap();
            let name = f.to_string_lossy().to_lowercase();
            (name, String::from_utf8_lossy(&bytes).to_lowercase())
        })
        .collect()
}

/// Whether `marker` stands in any file name or any byte of the edition's output.
fn holds(files: &[(String, String)], marker: &str) -> bool {
    files
        .iter()
        .any(|(name, text)| name.contains(marker) || text.contains(marker))
}

#[test]
fn each_edition_is_a_whole_handbook_with_nothing_of_another() {
    let p = project();
    let run = p.build();
    run.assert_ok();
    assert!(
        run.stdout().contains("Udgaven \"forældre\""),
        "{}",
        run.stdout()
    );
    let intern = output(&p, "output/intern");
    let parents = output(&p, "output/foraeldre");
    for m in INTERN {
        assert!(holds(&intern, m), "{m} is missing from the intern edition");
        assert!(!holds(&parents, m), "{m} reached the parents' edition");
    }
    for m in PARENTS {
        assert!(
            holds(&parents, m),
            "{m} is missing from the parents' edition"
        );
        assert!(!holds(&intern, m), "{m} reached the intern edition");
    }
    for m in SHARED {
        assert!(holds(&intern, m) && holds(&parents, m), "{m} not in both");
    }
    // Each is whole: its own search index and sitemap, under its own address, its own title.
    for (dir, files) in [("intern", &intern), ("foraeldre", &parents)] {
        let sitemap = files.iter().find(|(n, _)| n.ends_with("sitemap.xml"));
        let (_, sitemap) = sitemap.unwrap_or_else(|| panic!("{dir} has no sitemap"));
        assert!(sitemap.contains(&format!("https://eksempel.dk/haandbog/{dir}/metoder/")));
        assert!(
            files.iter().any(|(n, _)| n.contains("soeg")),
            "{dir}: no search"
        );
        assert!(broken_links(&p.path().join("output").join(dir)).is_empty());
    }
    assert!(p
        .read("output/intern/index.html")
        .contains("Håndbog for personalet"));
    assert!(p
        .read("output/foraeldre/index.html")
        .contains("Håndbog for forældre"));
    // The kept box says whom it is for.
    assert!(p
        .read("output/intern/metoder/faelles/index.html")
        .contains("Kun for intern"));
}

#[test]
fn a_link_into_a_page_an_edition_leaves_out_names_the_page_and_the_edition() {
    let p = project();
    p.file(
        "content/metoder/aaben.md",
        "+++\ntitle = \"Åben\"\nrelaterede = [\"@/metoder/zqinternslugq.md\"]\n+++\n\
         Tekst.\n\nSe [notatet](@/metoder/zqinternslugq.md).\n",
    );
    let before = p.snapshot("output");
    let run = p.build();
    run.assert_codes(&["C142"]).assert_fails_with(&[
        "content/metoder/aaben.md:3:",
        "content/metoder/aaben.md:7:4",
        "@/metoder/zqinternslugq.md",
        "\"forældre\"",
    ]);
    assert_eq!(run.codes().len(), 2, "{}", run.stderr());
    assert_eq!(p.snapshot("output"), before, "a failed build wrote output");
    // `check` checks every edition.
    p.run(&["check"]).assert_codes(&["C142"]);
}

#[test]
fn unknown_editions_are_named_at_their_place_with_the_nearest() {
    let p = project();
    p.file(
        "content/metoder/fejl.md",
        "+++\ntitle = \"Fejl\"\nudgaver = [\"intren\"]\n+++\nTekst.\n\n> [!KUN: forældr]\n> x\n\n> [!KUN]\n> y\n\n> [!KUN intern]\n> z\n",
    );
    let run = p.build();
    run.assert_codes(&["C140", "C141", "C143"])
        .assert_fails_with(&[
            "content/metoder/fejl.md:3:13",
            "mente du \"intern\"",
            "content/metoder/fejl.md:7:1",
            "mente du \"forældre\"",
            "content/metoder/fejl.md:10:1",
            "content/metoder/fejl.md:13:1",
        ]);
    // Without [[udgaver]], a limit is an error that says how to make editions.
    let q = Project::new();
    q.file(
        "content/side.md",
        "+++\ntitle = \"Side\"\n+++\n> [!KUN: intern]\n> x\n",
    );
    q.build()
        .assert_codes(&["C140"])
        .assert_fails_with(&["content/side.md:4:1", "[[udgaver]]"]);
}

#[test]
fn edition_settings_are_checked() {
    let p = project();
    let bad = |extra: &str| {
        p.file("bogbinder.toml", &format!("{CONFIG}{extra}"));
        p.build()
    };
    bad("\n[[udgaver]]\nnavn = \"a, b\"\n").assert_codes(&["P140"]);
    bad("\n[[udgaver]]\nnavn = \"Intern\"\n")
        .assert_codes(&["P141"])
        .assert_fails_with(&["bogbinder.toml:13:9"]);
    bad("\n[[udgaver]]\nnavn = \"ude\"\nmappe = \"../ude\"\n")
        .assert_codes(&["P142"])
        .assert_fails_with(&["bogbinder.toml:14:10"]);
    bad("\n[[udgaver]]\nnavn = \"under\"\nmappe = \"output/intern/under\"\n")
        .assert_codes(&["P143"]);
    bad("\n[[udgaver]]\nnavn = \"x\"\nbase_url = \"eksempel.dk/x\"\n").assert_codes(&["P060"]);
    bad("\n[[udgaver]]\nnavn = \"x\"\ntitle = \"X\"\n")
        .assert_codes(&["P004"])
        .assert_fails_with(&["titel"]);
}

#[test]
fn a_compendium_gets_only_what_every_edition_has() {
    let p = project();
    let mut config = CONFIG.to_string();
    config.insert_str(
        config.find("[[udgaver]]").unwrap(),
        "[[kompendier]]\nname = \"k\"\ntitle = \"K\"\npages = [\"@/metoder/faelles.md\"]\n\n",
    );
    p.file("bogbinder.toml", &config);
    p.run(&["book", "k"]).assert_ok();
    let html = p.read("boeger-output/k/k.html").to_lowercase();
    assert!(
        html.contains("zqfaellestekstq"),
        "the compendium lacks the page"
    );
    for m in INTERN.iter().chain(&PARENTS).chain(&SHARED[..1]) {
        assert!(!html.contains(m), "{m} reached the compendium");
    }
}

#[test]
fn the_preview_shows_the_first_edition_and_follows_its_limits() {
    use bogbinder::live::incremental::Incremental;
    let p = project();
    let mut inc = Incremental::load(p.path()).unwrap();
    assert!(inc.problems().is_empty(), "{}", inc.problems());
    let shared = |inc: &mut Incremental| {
        let page = inc
            .file("metoder/faelles/index.html")
            .expect("the shared page");
        String::from_utf8_lossy(&page).into_owned()
    };
    let html = shared(&mut inc);
    assert!(html.contains("zqinternbokq") && !html.contains("zqforaeldreboksq"));
    assert!(inc.file("metoder/zqinternslugq/index.html").is_some());
    assert!(inc.file("foraeldre/om-moedet/index.html").is_none());

    // The intern page moved to the other edition: the shared page's box now links out of it.
    let page = "content/metoder/zqinternslugq.md";
    let text = p.read(page);
    p.file(
        page,
        &text.replace("udgaver = [\"intern\"]", "udgaver = [\"forældre\"]"),
    );
    let u = inc.update(&[p.path().join(page)]);
    let codes: Vec<&str> = u.problems.0.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["C142"], "{}", u.problems);
    p.file(page, &text);
    let u = inc.update(&[p.path().join(page)]);
    assert!(u.problems.is_empty(), "{}", u.problems);
    assert!(inc.file("metoder/zqinternslugq/index.html").is_some());

    // An edit in place: a box's text changes, and a misspelt edition is told.
    let shared_file = "content/metoder/faelles.md";
    let text = p.read(shared_file);
    p.file(
        shared_file,
        &text.replace("zqinternbokq", "zqinternrettetq"),
    );
    let u = inc.update(&[p.path().join(shared_file)]);
    assert!(u.problems.is_empty(), "{}", u.problems);
    let html = shared(&mut inc);
    assert!(html.contains("zqinternrettetq") && !html.contains("zqforaeldreboksq"));
    p.file(
        shared_file,
        &text.replace("[!KUN: forældre]", "[!KUN: foraeldr]"),
    );
    let u = inc.update(&[p.path().join(shared_file)]);
    let codes: Vec<&str> = u.problems.0.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["C140"], "{}", u.problems);
}

#[test]
fn an_output_folder_given_on_the_command_line_holds_each_edition_in_its_own_folder() {
    let p = project();
    p.run(&["build", "-o", "ud"]).assert_ok();
    assert!(p
        .read("ud/intern/index.html")
        .contains("Håndbog for personalet"));
    assert!(p
        .read("ud/foraeldre/index.html")
        .contains("Håndbog for forældre"));
    assert!(
        !p.exists("output"),
        "the configured folders were written too"
    );
}

/// Every text in a PDF, as poppler reads it, and the bytes of its streams unpacked (document
/// information, bookmarks, form fields' names), lowercased.
fn pdf_words(path: &std::path::Path) -> String {
    let mut all = pdf_text(path);
    let doc = lopdf::Document::load(path).unwrap();
    for object in doc.objects.values() {
        match object {
            lopdf::Object::Stream(s) => {
                let bytes = s
                    .decompressed_content()
                    .unwrap_or_else(|_| s.content.clone());
                all.push_str(&String::from_utf8_lossy(&bytes));
            }
            other => all.push_str(&format!("{other:?}")),
        }
    }
    all.to_lowercase()
}

#[test]
fn each_editions_handbook_pdf_holds_nothing_of_another() {
    let p = project();
    // The marker in a section's own text (the part's introduction in the PDF) too.
    p.file(
        "content/metoder/_index.md",
        "+++\ntitle = \"Metoder\"\n+++\nOm metoderne.\n\n> [!KUN: intern]\n> zqinternsektionq\n",
    );
    p.run(&["build", "--pdf"]).assert_ok();
    let pdfs = |dir: &str| -> Vec<String> {
        p.files_under(dir)
            .into_iter()
            .filter(|f| f.extension().is_some_and(|e| e == "pdf"))
            .map(|f| pdf_words(&p.path().join(f)))
            .collect()
    };
    let intern = pdfs("output/intern").join("\n");
    let parents = pdfs("output/foraeldre").join("\n");
    assert!(!parents.is_empty() && !intern.is_empty());
    for m in INTERN.iter().chain(&["zqinternsektionq"]) {
        // The image's name is not text in a PDF; everything else is.
        if *m != "zqinternbilledeq" && *m != "zqinternslugq" {
            assert!(intern.contains(m), "{m} is missing from the intern PDF");
        }
        assert!(!parents.contains(m), "{m} reached the parents' PDF");
    }
    for m in PARENTS {
        assert!(parents.contains(m), "{m} is missing from the parents' PDF");
        assert!(!intern.contains(m), "{m} reached the intern PDF");
    }
}
