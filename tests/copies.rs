//! A child's book as a record of their life and of who got it: the timeline "Min tidslinje", the
//! "why" chapter, the consent checks and the log of every copy given away (`udleveringer.log`),
//! all through the real binary, with the PDF read back (`pdftotext`, poppler-utils).

mod common;
use common::*;
use sha2::{Digest, Sha256};

fn sha256_of(p: &Project, rel: &str) -> String {
    let bytes = std::fs::read(p.path().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

const LOG: &str = "content/boeger/test/udleveringer.log";

/// The log's lines as JSON.
fn log_lines(p: &Project) -> Vec<serde_json::Value> {
    p.read(LOG)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l}: {e}")))
        .collect()
}

/// A book `test` with two chapters with text, one with only questions, and `extra` in bog.toml.
fn book(p: &Project, extra: &str) {
    p.file(
        "content/boeger/test/bog.toml",
        &format!("navn = \"Test\"\n{extra}"),
    );
    p.file(
        "content/boeger/test/01-alt-om-mig.md",
        "Jeg hedder Test og kan lide heste.\n",
    );
    p.file(
        "content/boeger/test/02-skolen.md",
        "<!-- Hvad hedder din skole? -->\n",
    );
    p.file(
        "content/boeger/test/03-min-familie.md",
        "Min familie er stor.\n",
    );
}

const CONSENT: &str = "\n[[samtykker]]\ngivet_af = \"Mor og far\"\nmodtager = \"Solsikkeskolen\"\ndato = 2024-05-01\nkapitler = [\"alt-om-mig\", \"skolen\"]\n";

#[test]
fn timeline_is_sorted_by_date_and_words_sort_by_their_year() {
    let p = Project::new();
    book(
        &p,
        "[[tidslinje]]\ndato = 2021-01-10\nhvad = \"Flyttede til Holm\"\nsted = \"Plejefamilien Holm\"\n\n\
         [[tidslinje]]\ndato = \"en dag\"\nhvad = \"Fik en kanin\"\n\n\
         [[tidslinje]]\ndato = \"sommeren 2019\"\nhvad = \"Startede i skole\"\nsted = \"Solsikkeskolen\"\n\n\
         [[tidslinje]]\ndato = 2019-08-10\nhvad = \"Lærte at cykle\"\n\n\
         [[tidslinje]]\ndato = 2015-03-01\nhvad = \"Jeg blev født\"\nsted = \"Aarhus\"\n\n\
         [[historie]]\ndato = 2016-01-01\nsted = \"Hjemme hos mor\"\n",
    );
    p.run(&["book", "test"]).assert_ok();
    let text = pdf_text(&p.path().join("boeger-output/test/test.pdf"));
    assert_in_order(
        &text,
        &[
            "Min tidslinje",
            "1. marts 2015",
            "Jeg blev født",
            "Aarhus",
            "sommeren 2019",
            "Startede i skole",
            "10. august 2019",
            "Lærte at cykle",
            "10. januar 2021",
            "Flyttede til Holm",
            "en dag",
            "Fik en kanin",
        ],
    );
    // `[[historie]]` still makes "Min historie".
    assert!(text.contains("Min historie") && text.contains("Hjemme hos mor"));
    let html = p.read("boeger-output/test/test.html");
    assert_in_order(
        &html,
        &[
            "id=\"min-tidslinje\"",
            "Jeg blev født",
            "Startede i skole",
            "Fik en kanin",
        ],
    );
}

#[test]
fn each_handover_and_archive_copy_appends_a_line_with_the_pdf_hash() {
    let p = Project::new();
    book(&p, CONSENT);
    // An ordinary build is no copy given away.
    p.run(&["book", "test"]).assert_ok();
    assert!(!p.exists(LOG));

    p.run(&["book", "test", "--overgang", "Solsikkeskolen"])
        .assert_ok();
    let handover = "boeger-output/test-overgang-solsikkeskolen/test-overgang-solsikkeskolen.pdf";
    let first_hash = sha256_of(&p, handover);
    let lines = log_lines(&p);
    assert_eq!(lines.len(), 1);
    let l = &lines[0];
    assert_eq!(l["udgave"], "overgang");
    assert_eq!(l["modtager"], "Solsikkeskolen");
    assert_eq!(l["samtykke_givet_af"], "Mor og far");
    assert_eq!(l["samtykke_dato"], "1. maj 2024");
    // "Skolen" is covered but has no text, so it is not in the copy.
    assert_eq!(l["kapitler"], serde_json::json!(["Alt om mig"]));
    assert_eq!(l["sha256"], first_hash.as_str());
    // Local time with its offset (see `the_log_is_in_local_time_with_its_offset`).
    let tid = l["tid"].as_str().unwrap();
    assert!(
        tid.len() == 25 && tid[19..].starts_with(['+', '-']),
        "{tid}"
    );

    p.run(&["book", "test", "--pdfa"]).assert_ok();
    let archive_hash = sha256_of(&p, "boeger-output/test/test.pdf");
    let lines = log_lines(&p);
    assert_eq!(lines.len(), 2, "appended, never rewritten");
    assert_eq!(lines[0]["sha256"], first_hash.as_str());
    assert_eq!(lines[1]["udgave"], "arkiv");
    assert_eq!(lines[1]["pdfa"], true);
    assert_eq!(lines[1]["sha256"], archive_hash.as_str());
    assert_eq!(
        lines[1]["kapitler"],
        serde_json::json!(["Alt om mig", "Min familie"])
    );

    let shown = p.run(&["book", "test", "--log"]);
    shown.assert_ok();
    let out = shown.stdout();
    assert_in_order(
        &out,
        &[
            "Overgangsudgave til Solsikkeskolen",
            "Samtykke: fra Mor og far, 1. maj 2024",
            "Kapitler: Alt om mig",
            &first_hash,
            "Arkivkopi (PDF/A)",
            &archive_hash,
        ],
    );

    // The log reaches neither a book's output nor the handbook, and `check` does not mind it.
    p.run(&["check"]).assert_ok();
    p.build().assert_ok();
    for dir in ["boeger-output", "output"] {
        for f in p.files_under(dir) {
            let name = f.to_string_lossy();
            assert!(!name.contains("udleveringer"), "{name}");
            let bytes = std::fs::read(p.path().join(&f)).unwrap();
            assert!(
                !bytes
                    .windows(first_hash.len())
                    .any(|w| w == first_hash.as_bytes()),
                "{name} holds the log"
            );
        }
    }
}

#[test]
fn log_of_a_book_without_copies_says_so() {
    let p = Project::new();
    book(&p, "");
    let run = p.run(&["book", "test", "--log"]);
    run.assert_ok();
    assert!(run
        .stdout()
        .contains("Der er ikke givet kopier af bogen endnu"));
    assert!(!p.exists(LOG) && !p.exists("boeger-output"));
}

#[test]
fn a_log_that_is_a_link_is_refused_and_not_followed() {
    let p = Project::new();
    book(&p, CONSENT);
    p.file("elsewhere.txt", "keep\n");
    std::os::unix::fs::symlink(p.path().join("elsewhere.txt"), p.path().join(LOG)).unwrap();
    let run = p.run(&["book", "test", "--overgang", "Solsikkeskolen"]);
    assert!(!run.ok(), "{}", run.stderr());
    assert_eq!(p.read("elsewhere.txt"), "keep\n");
    // Not released without its line in the log.
    assert!(!p.exists("boeger-output/test-overgang-solsikkeskolen"));
}

#[test]
fn a_consent_dated_in_the_future_is_refused_at_its_line() {
    let p = Project::new();
    book(&p, &CONSENT.replace("2024-05-01", "2999-05-01"));
    let run = p.run(&["book", "test", "--overgang", "Solsikkeskolen"]);
    run.assert_codes(&["B095"]);
    assert!(
        run.stderr().contains("content/boeger/test/bog.toml:6:"),
        "{}",
        run.stderr()
    );
    assert!(!p.exists("boeger-output") && !p.exists(LOG));
}

#[test]
fn a_child_of_twelve_must_say_yes_too() {
    let p = Project::new();
    book(&p, &format!("foedt = 2000-01-01\n{CONSENT}"));
    let run = p.run(&["book", "test", "--overgang", "Solsikkeskolen"]);
    run.assert_codes(&["B096"]);
    assert!(
        run.stderr().contains("barnet_siger_ja = true"),
        "{}",
        run.stderr()
    );
    assert!(!p.exists("boeger-output") && !p.exists(LOG));

    book(
        &p,
        &format!("foedt = 2000-01-01\n{CONSENT}barnet_siger_ja = true\n"),
    );
    p.run(&["book", "test", "--overgang", "Solsikkeskolen"])
        .assert_ok();
    assert_eq!(log_lines(&p)[0]["barnet_siger_ja"], true);
}

#[test]
fn a_young_child_needs_no_own_yes() {
    let p = Project::new();
    let born = "foedt = 2099-01-01\n";
    book(&p, &format!("{born}{CONSENT}"));
    p.run(&["book", "test", "--overgang", "Solsikkeskolen"])
        .assert_ok();
}

#[test]
fn consent_page_lists_only_printed_chapters_and_has_signature_lines() {
    let p = Project::new();
    book(&p, CONSENT);
    p.run(&["book", "test", "--overgang", "Solsikkeskolen"])
        .assert_ok();
    let dir = "boeger-output/test-overgang-solsikkeskolen";
    let text = pdf_text(
        &p.path()
            .join(format!("{dir}/test-overgang-solsikkeskolen.pdf")),
    );
    let consent = &text[..text.find("Indhold").expect("a table of contents")];
    assert!(consent.contains("Alt om mig"), "{consent}");
    assert!(
        !consent.contains("Skolen\n"),
        "an empty chapter is not printed: {consent}"
    );
    assert_in_order(
        consent,
        &[
            "Dato og underskrift, forældremyndighedsindehaver",
            "Dato og underskrift, forældremyndighedsindehaver",
            "Dato og underskrift, barnet",
        ],
    );
    let html = p.read(&format!("{dir}/test-overgang-solsikkeskolen.html"));
    assert!(html.contains("<li>Alt om mig</li>") && !html.contains("<li>Skolen</li>"));
    assert!(html.contains("Dato og underskrift, barnet"));
}

#[test]
fn new_books_get_the_why_chapter_with_questions_for_the_adult() {
    let p = Project::new();
    p.run(&["new", "bog", "Emma"]).assert_ok();
    let why = p.read("content/boeger/emma/13-hvorfor-bor-jeg-her.md");
    assert!(why.contains("title = \"Hvorfor bor jeg her?\""));
    assert!(why.contains("Til den voksne"));
    assert!(p
        .read("content/boeger/emma/12-min-tidslinje.md")
        .contains("[[tidslinje]]"));
    // Only questions: not printed until the adult has written it.
    p.file("content/boeger/emma/01-alt-om-mig.md", "Jeg hedder Emma.\n");
    p.run(&["book", "emma"]).assert_ok();
    let text = pdf_text(&p.path().join("boeger-output/emma/emma.pdf"));
    assert!(!text.contains("Hvorfor bor jeg her?"), "{text}");
    p.file(
        "content/boeger/emma/13-hvorfor-bor-jeg-her.md",
        &format!("{why}Du bor hos Holm, fordi din mor er syg.\n"),
    );
    p.run(&["book", "emma"]).assert_ok();
    let text = pdf_text(&p.path().join("boeger-output/emma/emma.pdf"));
    assert_in_order(&text, &["Hvorfor bor jeg her?", "fordi din mor er syg"]);
}

#[test]
fn log_is_only_for_a_childs_book() {
    let p = demo_project();
    p.run(&["book", "ambassadoerkursus", "--log"])
        .assert_codes(&["B097"]);
    p.run(&["book", "findes-ikke", "--log"])
        .assert_codes(&["B009"]);
}

#[test]
fn timeline_photos_are_in_their_entries_and_a_missing_one_is_named_at_its_line() {
    let p = demo_project();
    let toml = p.read("content/boeger/laerke/bog.toml");
    p.file(
        "content/boeger/laerke/bog.toml",
        &format!(
            "{toml}\n[[tidslinje]]\ndato = 2023-08-10\nhvad = \"Første skoledag\"\nfoto = \"billeder/skolen.png\"\n"
        ),
    );
    p.run(&["book", "laerke"]).assert_ok();
    let html = p.read("boeger-output/laerke/laerke.html");
    let chapter = &html[html
        .find("id=\"min-tidslinje\"")
        .expect("the timeline chapter")..];
    assert_in_order(
        chapter,
        &["tidslinje", "Første skoledag", "<img", "Første skoledag"],
    );
    let text = pdf_text(&p.path().join("boeger-output/laerke/laerke.pdf"));
    assert_in_order(
        &text,
        &["Min tidslinje", "10. august 2023", "Første skoledag"],
    );

    p.file(
        "content/boeger/laerke/bog.toml",
        &format!(
            "{toml}\n[[tidslinje]]\ndato = 2023-08-10\nhvad = \"Første skoledag\"\nfoto = \"billeder/skole.png\"\n"
        ),
    );
    let run = p.run(&["book", "laerke"]);
    run.assert_codes(&["B004"]);
    let line = toml.lines().count() + 5;
    assert!(
        run.stderr()
            .contains(&format!("content/boeger/laerke/bog.toml:{line}:")),
        "{}",
        run.stderr()
    );
}

#[test]
fn an_archive_copy_for_the_case_file_is_recorded_under_its_dated_name() {
    let p = Project::new();
    book(&p, CONSENT);
    let run = p.run(&["book", "test", "--arkiv"]);
    run.assert_ok();
    let dated: Vec<_> = p
        .files_under("boeger-output/test")
        .into_iter()
        .map(|f| f.to_string_lossy().into_owned())
        .filter(|f| f.contains("test-arkiv-") && f.ends_with(".pdf"))
        .collect();
    assert_eq!(dated.len(), 1, "{dated:?}");
    let lines = log_lines(&p);
    assert_eq!(lines.len(), 1, "an archive copy is a copy given away");
    let name = std::path::Path::new(&dated[0]).file_name().unwrap();
    assert_eq!(lines[0]["udgave"], "arkiv");
    assert_eq!(lines[0]["pdfa"], true);
    assert_eq!(lines[0]["pdf"], name.to_string_lossy().as_ref());
    let rel = if dated[0].starts_with("boeger-output") {
        dated[0].clone()
    } else {
        format!("boeger-output/test/{}", name.to_string_lossy())
    };
    assert_eq!(lines[0]["sha256"], sha256_of(&p, &rel).as_str());
}

#[test]
fn check_tells_the_consents_problems_before_printing() {
    let p = Project::new();
    // Line 1 foedt, line 2 navn; the consent's dato on line 7, kapitler on line 8.
    book(
        &p,
        &format!(
            "foedt = 2000-01-01\n{}",
            CONSENT
                .replace("2024-05-01", "2999-05-01")
                .replace("\"skolen\"", "\"skollen\"")
        ),
    );
    let book_toml = p.read("content/boeger/test/bog.toml");
    assert_eq!(book_toml.lines().nth(6), Some("dato = 2999-05-01"));
    let run = p.run(&["check"]);
    // A chapter that does not exist is a mistake; the date and the child's yes stop only the
    // handover, so they are warnings, but told now, before anyone prints.
    run.assert_codes(&["B006", "B095", "B096"]);
    let err = run.stderr();
    for (code, place) in [
        ("B006", "bog.toml:8:"),
        ("B095", "bog.toml:7:"),
        ("B096", "bog.toml:7:"),
    ] {
        assert!(
            err.lines()
                .any(|l| l.contains(code) && l.contains(&format!("content/boeger/test/{place}"))),
            "{code} at {place} missing in:\n{err}"
        );
    }
    assert!(
        err.contains("advarsel[B095]") && err.contains("advarsel[B096]"),
        "{err}"
    );

    // Without the typo, check passes, still warning about the consent.
    book(
        &p,
        &format!(
            "foedt = 2000-01-01\n{}",
            CONSENT.replace("2024-05-01", "2999-05-01")
        ),
    );
    let run = p.run(&["check"]);
    run.assert_ok();
    assert!(
        run.codes().contains(&"B095".to_string()),
        "{}",
        run.stderr()
    );
    assert!(!p.exists(LOG) && !p.exists("boeger-output"));
}

#[test]
fn the_log_is_in_local_time_with_its_offset() {
    let p = Project::new();
    book(&p, CONSENT);
    // A zone without summer time, written as POSIX TZ: the offset is known whatever the date.
    p.run_with(
        &["book", "test", "--overgang", "Solsikkeskolen"],
        &[("TZ", "<+0530>-5:30")],
    )
    .assert_ok();
    let tid = log_lines(&p)[0]["tid"].as_str().unwrap().to_string();
    assert!(tid.ends_with("+05:30"), "{tid}");
    let shown = p.run(&["book", "test", "--log"]);
    shown.assert_ok();
    assert!(
        shown
            .stdout()
            .contains(&format!("kl. {} (UTC+05:30)", &tid[11..16])),
        "{}",
        shown.stdout()
    );
}

#[test]
fn fill_in_pages_are_only_for_a_childs_book() {
    let p = demo_project();
    p.run(&["book", "ambassadoerkursus", "--udfyld"])
        .assert_codes(&["B043"]);
    assert!(!p.exists("boeger-output/ambassadoerkursus-udfyld"));
}
