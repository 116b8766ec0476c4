//! Images and links as people write them (issue 11): paths with spaces, æøå and a phone's
//! screenshot names work as written in the handbook and in a child's book; a missing or wrongly
//! cased file names the nearest one; a broken `@/` link names a page of the user's own project;
//! a link Markdown leaves as text is a warning at its line.

mod common;
use common::*;

/// A handbook page `content/eksempler/side.md` with `body`.
fn page(p: &Project, body: &str) {
    p.file(
        "content/eksempler/side.md",
        &format!("+++\ntitle = \"Side\"\n+++\n{body}"),
    );
}

const FIRST_DAY: &str = "Første skoledag på Ærø.jpg";
const SCREENSHOT: &str = "Screenshot 2025-06-01 at 18.22.10.png";

#[test]
fn image_paths_with_spaces_and_danish_letters_work_in_the_handbook() {
    let p = Project::new();
    p.bytes(
        &format!("content/eksempler/billeder/{FIRST_DAY}"),
        &small_jpeg(),
    );
    p.bytes(&format!("content/eksempler/{SCREENSHOT}"), &small_jpeg());
    p.bytes(
        "content/eksempler/Sommer & sol 'bedste' 100%.jpg",
        &small_jpeg(),
    );
    page(
        &p,
        &format!(
            "![Første skoledag](billeder/{FIRST_DAY})\n\n![]({SCREENSHOT} \"Skærmbillede\")\n\n\
             Se [billedet](Sommer & sol 'bedste' 100%.jpg).\n"
        ),
    );
    p.build().assert_ok();
    let html = p.read("output/eksempler/side/index.html");
    assert!(!html.contains("]("), "Markdown left as text:\n{html}");
    let srcs = attr_values(&html, "src");
    for want in [
        "../../eksempler/billeder/F%C3%B8rste%20skoledag%20p%C3%A5%20%C3%86r%C3%B8.jpg",
        "../../eksempler/Screenshot%202025-06-01%20at%2018.22.10.png",
    ] {
        assert!(srcs.iter().any(|s| s == want), "{want} not in {srcs:?}");
    }
    assert!(
        attr_values(&html, "href")
            .iter()
            .any(|h| h == "../../eksempler/Sommer%20%26%20sol%20%27bedste%27%20100%25.jpg"),
        "{html}"
    );
    assert!(html.contains("title=\"Skærmbillede\""), "{html}");
    for f in [
        format!("output/eksempler/billeder/{FIRST_DAY}"),
        format!("output/eksempler/{SCREENSHOT}"),
        "output/eksempler/Sommer & sol 'bedste' 100%.jpg".to_string(),
    ] {
        assert!(p.exists(&f), "{f} not copied");
    }
    assert!(broken_links(&p.path().join("output")).is_empty());
}

#[test]
fn percent_encoded_and_angle_bracket_paths_keep_working() {
    let p = Project::new();
    p.bytes(
        &format!("content/eksempler/billeder/{FIRST_DAY}"),
        &small_jpeg(),
    );
    page(
        &p,
        "![a](billeder/F%C3%B8rste%20skoledag%20p%C3%A5%20%C3%86r%C3%B8.jpg)\n\n\
         ![b](<billeder/Første skoledag på Ærø.jpg>)\n",
    );
    p.build().assert_ok();
    let html = p.read("output/eksempler/side/index.html");
    let want = "../../eksempler/billeder/F%C3%B8rste%20skoledag%20p%C3%A5%20%C3%86r%C3%B8.jpg";
    assert_eq!(
        attr_values(&html, "src")
            .iter()
            .filter(|s| *s == want)
            .count(),
        2,
        "{html}"
    );
}

#[test]
fn code_keeps_paths_with_spaces_as_written() {
    let p = Project::new();
    page(
        &p,
        "Skriv `![Første skoledag](billeder/a b.jpg)` i teksten.\n",
    );
    p.build().assert_ok();
    let html = p.read("output/eksempler/side/index.html");
    assert!(
        html.contains("<code>![Første skoledag](billeder/a b.jpg)</code>"),
        "{html}"
    );
}

#[test]
fn places_after_a_path_with_spaces_are_told_as_written() {
    let p = Project::new();
    p.bytes("content/eksempler/a b.jpg", &small_jpeg());
    page(&p, "![a](a b.jpg) ![c](c d.jpg) [e](@/mangler.md)\n");
    let run = p.build();
    run.assert_codes(&["M005", "M004"]).assert_fails_with(&[
        "content/eksempler/side.md:4:15:",
        "content/eksempler/side.md:4:29:",
    ]);
}

fn small_book(p: &Project, chapter: &str) {
    p.file("content/boeger/test/bog.toml", "navn = \"Test\"\n");
    p.file("content/boeger/test/01-alt-om-mig.md", chapter);
}

#[test]
fn image_paths_with_spaces_work_in_a_childs_book() {
    let p = Project::new();
    p.bytes(
        &format!("content/boeger/test/billeder/{FIRST_DAY}"),
        &small_jpeg(),
    );
    p.bytes(&format!("content/boeger/test/{SCREENSHOT}"), &small_jpeg());
    small_book(
        &p,
        &format!("Tekst.\n\n![Første skoledag](billeder/{FIRST_DAY})\n\n![]({SCREENSHOT})\n"),
    );
    p.run(&["book", "test"]).assert_ok();
    let html = p.read("boeger-output/test/test.html");
    assert!(!html.contains("]("), "Markdown left as text:\n{html}");
    assert!(
        html.contains("<img src=\"billeder/01.jpg\" alt=\"Første skoledag\""),
        "{html}"
    );
    assert!(html.contains("<img src=\"billeder/02.png\""), "{html}");
    let typst = std::fs::read_to_string(p.path().join("boeger-output/test/test.typ"));
    if let Ok(typst) = typst {
        assert!(!typst.contains("]("), "{typst}");
    }
}

#[test]
fn a_wrongly_cased_image_names_the_nearest_file() {
    let p = Project::new();
    p.bytes("content/eksempler/billeder/Emma.jpg", &small_jpeg());
    page(
        &p,
        "![Emma](billeder/emma.JPG)\n\n![Emma](@/eksempler/Billeder/Emma.jpg)\n",
    );
    p.build().assert_codes(&["M005"]).assert_fails_with(&[
        "content/eksempler/side.md:4:1:",
        "mente du billeder/Emma.jpg?",
        "content/eksempler/side.md:6:1:",
        "mente du @/eksempler/billeder/Emma.jpg?",
    ]);
}

#[test]
fn a_wrongly_cased_photo_in_a_book_names_the_nearest_file() {
    let p = Project::new();
    p.bytes("content/boeger/test/billeder/Emma.jpg", &small_jpeg());
    small_book(&p, "![Emma](billeder/emma.JPG)\n");
    p.run(&["book", "test"])
        .assert_codes(&["M009"])
        .assert_fails_with(&["01-alt-om-mig.md:1:1:", "mente du billeder/Emma.jpg?"]);
}

#[test]
fn the_handbook_never_names_a_childs_photo() {
    let p = Project::new();
    p.bytes("content/boeger/test/billeder/emma.jpg", &small_jpeg());
    small_book(&p, "Tekst.\n");
    page(&p, "![Emma](../boger/test/billeder/emma.jpg)\n");
    let run = p.build();
    run.assert_codes(&["M005"]);
    assert!(!run.stderr().contains("mente du"), "{}", run.stderr());
}

#[test]
fn a_broken_at_link_names_a_page_of_the_project() {
    let p = Project::new();
    p.file(
        "content/metoder/netvaerksmoedet.md",
        "+++\ntitle = \"Netværksmødet\"\n+++\nTekst.\n",
    );
    page(
        &p,
        "Se [mødet](@/metoder/netvarksmodet.md) og [noget](@/helt/andet/sted.md).\n",
    );
    let run = p.build();
    run.assert_codes(&["M004"])
        .assert_fails_with(&["mente du @/metoder/netvaerksmoedet.md?", "fx @/"]);
    assert!(
        !run.stderr().contains("barnets-stemme"),
        "a page the project does not have:\n{}",
        run.stderr()
    );
}

#[test]
fn a_link_left_as_text_is_a_warning_at_its_line() {
    let p = Project::new();
    p.bytes(
        &format!("content/eksempler/billeder/{FIRST_DAY}"),
        &small_jpeg(),
    );
    page(
        &p,
        "Først.\n\nSe ![Første skoledag](billeder/Første\nskoledag på Ærø.jpg) her.\n",
    );
    for run in [p.build(), p.run(&["check"])] {
        run.assert_ok();
        assert!(
            run.stderr()
                .contains("advarsel[M050]: content/eksempler/side.md:6:4:"),
            "{}",
            run.stderr()
        );
    }
}

#[test]
fn a_link_left_as_text_in_a_book_is_a_warning_at_its_line() {
    let p = Project::new();
    small_book(&p, "Tekst.\n\nSe [mit bilag](bilag\nnummer 1.pdf) her.\n");
    let run = p.run(&["book", "test"]);
    run.assert_ok();
    assert!(
        run.stderr()
            .contains("advarsel[M050]: content/boeger/test/01-alt-om-mig.md:3:4:"),
        "{}",
        run.stderr()
    );
}

#[test]
fn a_childs_photo_named_with_spaces_is_still_refused_to_the_handbook() {
    let p = Project::new();
    p.bytes(
        &format!("content/boeger/test/billeder/{FIRST_DAY}"),
        &small_jpeg(),
    );
    small_book(&p, "Tekst.\n");
    page(
        &p,
        &format!("![Emma](../boeger/test/billeder/{FIRST_DAY})\n"),
    );
    p.build().assert_codes(&["M003"]);
    assert!(!p.exists("output"), "a refused build wrote output");
}
