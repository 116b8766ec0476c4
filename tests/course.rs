//! A course kit for trainers, end to end with the real binary: a course page's workshops with
//! date, time, place and trainers (the programme in the handbook), the compendium grouped by
//! workshop with each page once, a trainer edition with the trainer notes only there, a handout
//! per workshop, the attendance list and the evaluation form; and boxes of no known kind warned.

mod common;
use common::*;
use std::process::Command;

/// A course of three workshops: the second uses a page the first printed, the third prints no
/// page of its own. Each page has a marker word found nowhere else, so it can be counted.
fn course_project() -> Project {
    let p = Project::new();
    p.file(
        "bogbinder.toml",
        &format!(
            "{MINIMAL_CONFIG}[[kompendier]]\nname = \"kursus\"\ntitle = \"Ambassadørkursus: Børn i centrum\"\n\
             subtitle = \"Til deltagerne\"\nkursus = \"@/kurser/k.md\"\npages = [\"@/metoder/a.md\", \"@/metoder/d.md\"]\n"
        ),
    );
    p.file(
        "content/kurser/k.md",
        "+++\ntitle = \"Kurset\"\n\n\
         [[workshops]]\ntitle = \"Workshop 1: Start\"\ndato = 2026-02-03\ntid = \"9.00-11.30\"\n\
         sted = \"Rådhuset, lokale 2\"\nundervisere = [\"Mette Holm\", \"Ali Rahimi\"]\n\
         sider = [\"@/metoder/a.md\"]\nredskaber = [\"@/metoder/b.md\"]\n\n\
         [[workshops]]\ntitle = \"Workshop 2: Videre\"\ndato = 2026-03-10\ntid = \"13:00 – 15:30\"\nsted = \"Familiehuset\"\n\
         sider = [\"@/metoder/b.md\", \"@/metoder/c.md\"]\n\n\
         [[workshops]]\ntitle = \"Workshop 3: Samling\"\nsider = [\"@/metoder/a.md\"]\n+++\n\
         Kursets tekst KURSUSORD.\n\n\
         > [!UNDERVISER: Til dig]\n> Husk kaffen NOTEORD.\n\n\
         Efter noten EFTERNOTE.\n",
    );
    for (name, word) in [
        ("a", "SIDEA"),
        ("b", "SIDEB"),
        ("c", "SIDEC"),
        ("d", "SIDED"),
    ] {
        p.file(
            &format!("content/metoder/{name}.md"),
            &format!(
                "+++\ntitle = \"Side {}\"\n+++\nTekst {word}.\n",
                name.to_uppercase()
            ),
        );
    }
    p
}

/// The text of some pages of a PDF (1-based, inclusive).
fn pdf_pages(path: &std::path::Path, first: usize, last: usize) -> String {
    let out = Command::new("pdftotext")
        .args(["-f", &first.to_string(), "-l", &last.to_string()])
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[track_caller]
fn assert_in_order(text: &str, words: &[&str]) {
    let mut from = 0;
    for w in words {
        match text[from..].find(w) {
            Some(i) => from += i + w.len(),
            None => panic!("{w:?} not found after byte {from} in:\n{text}"),
        }
    }
}

#[test]
fn the_course_page_shows_the_programme_and_never_the_trainer_notes() {
    let p = course_project();
    p.build().assert_ok();
    let html = p.read("output/kurser/k/index.html");
    let start = html
        .find("<section class=\"programme\"")
        .expect("a programme");
    let programme = &html[start..start + html[start..].find("</section>").unwrap() + 10];
    assert_in_order(
        programme,
        &[
            "Workshop 1: Start",
            "<time datetime=\"2026-02-03\">3. februar 2026</time>",
            "9.00–11.30",
            "Rådhuset, lokale 2",
            "Mette Holm, Ali Rahimi",
            "Workshop 2: Videre",
            "10. marts 2026",
            "13.00–15.30",
            "Familiehuset",
            "Workshop 3: Samling",
        ],
    );
    insta::assert_snapshot!("course_programme", programme);
    assert!(
        html.contains("EFTERNOTE"),
        "the text after the note is kept"
    );
    // Not in any file of the handbook: pages, search index, print view, sitemap.
    for (file, bytes) in p.snapshot("output") {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("NOTEORD"),
            "a trainer note in {}",
            file.display()
        );
        assert!(
            !text.contains("Husk kaffen"),
            "a trainer note in {}",
            file.display()
        );
    }
}

#[test]
fn the_compendium_is_grouped_by_workshop_with_each_page_once() {
    let p = course_project();
    p.run(&["book", "kursus"]).assert_ok();
    let pdf = p.path().join("boeger-output/kursus/kursus.pdf");
    let toc = pdf_pages(&pdf, 2, 2);
    // The course, a listed page no workshop uses, then each workshop with its own pages under it.
    assert_in_order(
        &toc,
        &[
            "Indhold",
            "Kurset",
            "Side D",
            "Workshop 1: Start",
            "Side A",
            "Side B",
            "Workshop 2: Videre",
            "Side C",
            "Workshop 3: Samling",
        ],
    );
    for title in ["Side A", "Side B", "Side C", "Side D"] {
        assert_eq!(toc.matches(title).count(), 1, "{title} once in:\n{toc}");
    }
    let text = pdf_text(&pdf);
    for word in ["SIDEA", "SIDEB", "SIDEC", "SIDED", "KURSUSORD"] {
        assert_eq!(text.matches(word).count(), 1, "{word} printed once");
    }
    // A workshop's page lists what it uses, also what an earlier workshop printed.
    assert_in_order(
        &text,
        &[
            "Workshop 2: Videre",
            "10. marts 2026, kl. 13.00–15.30",
            "Sted: Familiehuset",
            "Til denne workshop",
            "Side B",
            "Side C",
        ],
    );
    // The cover: the title broken after its colon, not justified over the width.
    let cover = pdf_pages(&pdf, 1, 1);
    assert_in_order(&cover, &["Ambassadørkursus:\nBørn i centrum"]);
}

#[test]
fn trainer_notes_are_only_in_the_trainer_edition() {
    let p = course_project();
    p.run(&["book", "kursus"]).assert_ok();
    p.run(&["book", "kursus", "--underviser"]).assert_ok();
    let participants = pdf_text(&p.path().join("boeger-output/kursus/kursus.pdf"));
    let trainer = pdf_text(
        &p.path()
            .join("boeger-output/kursus-underviser/kursus-underviser.pdf"),
    );
    assert!(!participants.contains("NOTEORD"), "{participants}");
    assert!(participants.contains("EFTERNOTE"));
    assert!(trainer.contains("NOTEORD"), "{trainer}");
    assert!(trainer.contains("Til dig"), "the note's title");
    assert!(trainer.contains("Underviserens udgave"));
    let html = p.read("boeger-output/kursus/kursus.html");
    assert!(!html.contains("NOTEORD"));
    assert!(p
        .read("boeger-output/kursus-underviser/kursus-underviser.html")
        .contains("NOTEORD"));
    // Only a compendium has a trainer edition.
    p.run(&["new", "bog", "Emma"]).assert_ok();
    p.run(&["book", "emma", "--underviser"])
        .assert_codes(&["B150"]);
}

#[test]
fn the_kit_has_a_handout_per_workshop_an_attendance_list_and_an_evaluation_form() {
    let p = course_project();
    p.run(&["book", "kursus"]).assert_ok();
    let out = p.path().join("boeger-output/kursus");
    let second = pdf_text(&out.join("kursus-workshop-2.pdf"));
    assert_in_order(&second, &["Workshop 2: Videre", "SIDEB", "SIDEC"]);
    assert!(
        !second.contains("SIDEA") && !second.contains("NOTEORD"),
        "{second}"
    );
    assert!(out.join("kursus-workshop-1.pdf").is_file());
    assert!(out.join("kursus-workshop-3.pdf").is_file());
    let list = pdf_text(&out.join("kursus-deltagerliste.pdf"));
    assert_in_order(
        &list,
        &[
            "Deltagerliste",
            "Ambassadørkursus",
            "Testkommune",
            "Navn",
            "Kommune",
            "1: 3. februar 2026",
            "2: 10. marts 2026",
            "Workshop 3",
        ],
    );
    let form = pdf_text(&out.join("kursus-evaluering.pdf"));
    assert_in_order(
        &form,
        &[
            "Evaluering",
            "Workshop",
            "Hvor godt kunne du bruge workshoppen?",
            "Hvad tager du med dig",
        ],
    );
    // The trainer's edition is the trainer's book alone.
    p.run(&["book", "kursus", "--underviser"]).assert_ok();
    assert!(!p.exists("boeger-output/kursus-underviser/kursus-underviser-deltagerliste.pdf"));
}

#[test]
fn a_workshop_time_that_is_not_a_start_and_an_end_is_c150_at_its_value() {
    for (tid, words) in [
        ("11.30-9.00", "slutter ikke efter"),
        ("9.00", "kun et starttidspunkt"),
        ("formiddag", "er ikke to klokkeslæt"),
    ] {
        let p = Project::new();
        p.file(
            "content/k.md",
            &format!("+++\ntitle = \"K\"\n[[workshops]]\ntitle = \"W\"\ntid = \"{tid}\"\n+++\n"),
        );
        let run = p.build();
        run.assert_codes(&["C150"]);
        assert!(
            run.stderr().contains("content/k.md:5:8"),
            "{}",
            run.stderr()
        );
        assert!(run.stderr().contains(words), "{}", run.stderr());
    }
}

#[test]
fn an_unknown_box_is_warned_with_its_line_and_the_nearest_kind() {
    let p = Project::new();
    p.file(
        "bogbinder.toml",
        &format!(
            "{MINIMAL_CONFIG}[[kompendier]]\nname = \"k\"\ntitle = \"K\"\npages = [\"@/a.md\"]\n"
        ),
    );
    p.file(
        "content/a.md",
        "+++\ntitle = \"A\"\n+++\nTekst.\n\n> [!GODE IDEER]\n> Del dem.\n\n> [!UNDERVISSER: Kun til dig]\n> Hemmeligt.\n",
    );
    for args in [&["build"][..], &["check"][..]] {
        let run = p.run(args);
        run.assert_ok();
        let err = run.stderr();
        assert_eq!(
            run.codes().iter().filter(|c| *c == "M150").count(),
            2,
            "{args:?}: {err}"
        );
        assert!(err.contains("content/a.md:6:3"), "{args:?}: {err}");
        assert!(err.contains("[!GODE RÅD]"), "{err}");
        assert!(err.contains("content/a.md:9:3"), "{args:?}: {err}");
        assert!(err.contains("mente du [!UNDERVISER]"), "{err}");
    }
}

#[test]
fn participants_from_bogbinder_toml_are_on_the_attendance_list_and_nowhere_else() {
    let p = course_project();
    let config = p.read("bogbinder.toml");
    p.file(
        "bogbinder.toml",
        &format!(
            "{config}\n[[kompendier.deltagere]]\nnavn = \"Birte Deltagersen\"\nkommune = \"Favrskov\"\n\n\
             [[kompendier.deltagere]]\nnavn = \"Jens Kursist\"\n"
        ),
    );
    p.run(&["book", "kursus"]).assert_ok();
    let list = pdf_text(
        &p.path()
            .join("boeger-output/kursus/kursus-deltagerliste.pdf"),
    );
    assert_in_order(
        &list,
        &["Navn", "Birte Deltagersen", "Favrskov", "Jens Kursist"],
    );
    p.build().assert_ok();
    for (file, bytes) in p.snapshot("output") {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("Deltagersen"),
            "a participant in {}",
            file.display()
        );
    }
    let compendium = pdf_text(&p.path().join("boeger-output/kursus/kursus.pdf"));
    assert!(!compendium.contains("Deltagersen"));
    // A misspelt field is named, as every field of bogbinder.toml is.
    p.file(
        "bogbinder.toml",
        &format!("{config}\n[[kompendier.deltagere]]\nnavm = \"X\"\n"),
    );
    p.run(&["book", "kursus"]).assert_codes(&["P004"]);
}

#[test]
fn a_misspelt_trainer_box_stops_the_participants_compendium_at_its_line() {
    let p = course_project();
    p.file(
        "content/metoder/a.md",
        "+++\ntitle = \"Side A\"\n+++\nTekst SIDEA.\n\n> [!UNDERVISSER: Kun til dig]\n> Hemmeligt NOTEORD.\n\n> [!GODE IDEER]\n> Del dem.\n",
    );
    let run = p.run(&["book", "kursus"]);
    run.assert_codes(&["M170"]);
    let err = run.stderr();
    assert!(err.contains("content/metoder/a.md:6:3"), "{err}");
    assert!(
        err.contains("[!UNDERVISSER]") && err.contains("[!UNDERVISER]"),
        "{err}"
    );
    // Nothing was made for the participants, so the note reached none of them.
    assert!(!p.exists("boeger-output/kursus"));
    // Another unknown box is still only a warning, and the trainer's edition is made: the note
    // is printed for the trainer, with the warning saying what to write.
    let run = p.run(&["book", "kursus", "--underviser"]);
    run.assert_ok();
    assert_eq!(run.codes(), ["M150", "M150"], "{}", run.stderr());
    let trainer = pdf_text(
        &p.path()
            .join("boeger-output/kursus-underviser/kursus-underviser.pdf"),
    );
    assert!(trainer.contains("NOTEORD"));
    // Spelt right, the participants' compendium is made without the note.
    p.file(
        "content/metoder/a.md",
        "+++\ntitle = \"Side A\"\n+++\nTekst SIDEA.\n\n> [!UNDERVISER: Kun til dig]\n> Hemmeligt NOTEORD.\n",
    );
    p.run(&["book", "kursus"]).assert_ok();
    let participants = pdf_text(&p.path().join("boeger-output/kursus/kursus.pdf"));
    assert!(!participants.contains("NOTEORD") && participants.contains("SIDEA"));
}
