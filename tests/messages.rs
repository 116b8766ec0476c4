//! The words a user reads: every mistake in a TOML file, a template, a photo or a file name gets
//! its own catalogued problem, in Danish (English with `sprog = "en"`), at its file:line:col,
//! saying what to do — and no parser's English. What can be read though written wrong (Word's
//! quotes, a date in quotes) is read, with a warning.
mod common;
use common::*;

/// Words of the parsers (toml, serde, image, Tera, the system) that must never reach a Danish
/// user.
const PARSER_ENGLISH: [&str; 12] = [
    "expected",
    "invalid",
    "string values",
    "must be quoted",
    "unknown variant",
    "Format error",
    "Failed to",
    "not found",
    "os error",
    "duplicate key",
    "unquoted key",
    "datetime",
];

#[track_caller]
fn no_parser_english(stderr: &str) {
    for word in PARSER_ENGLISH {
        assert!(
            !stderr.contains(word),
            "parser English {word:?} reached the user:\n{stderr}"
        );
    }
}

/// A project with one method page whose front matter is `front` (it starts on line 2).
fn page(front: &str) -> Project {
    let p = Project::new();
    p.file(
        "content/metoder/_index.md",
        "+++\ntitle = \"Metoder\"\n+++\n",
    )
    .file(
        "content/metoder/p.md",
        &format!("+++\n{front}\n+++\nTekst.\n"),
    );
    p
}

/// The build fails with `code` at `place`, in Danish words that include `words`.
#[track_caller]
fn fails_with(front: &str, code: &str, place: &str, words: &[&str]) -> Run {
    let run = page(front).build();
    run.assert_codes(&[code]);
    let err = run.stderr();
    assert!(
        err.contains(&format!("fejl[{code}]: content/metoder/p.md:{place}: ")),
        "not at {place}:\n{err}"
    );
    for w in words {
        assert!(err.contains(w), "stderr lacks {w:?}:\n{err}");
    }
    no_parser_english(&err);
    run
}

/// The hint line of the only problem in `stderr`.
fn hint(stderr: &str) -> String {
    stderr
        .lines()
        .find_map(|l| l.trim_start().strip_prefix("→ "))
        .unwrap_or_default()
        .to_string()
}

// ---------------------------------------------------------------------------------------------
// Typographic quotes

#[test]
fn word_s_curly_quotes_are_read_with_a_warning_at_their_place() {
    for (value, shown) in [
        ("“Netværksmødet”", "“Netværksmødet”"),
        ("„Netværksmødet“", "„Netværksmødet“"),
        ("»Netværksmødet«", "»Netværksmødet«"),
        ("«Netværksmødet»", "«Netværksmødet»"),
        ("‘Netværksmødet’", "‘Netværksmødet’"),
        ("”Netværksmødet”", "”Netværksmødet”"),
    ] {
        let p = page(&format!("title = {value}\nmetoder = [“@/metoder/p.md”]"));
        let run = p.build();
        run.assert_ok();
        let err = run.stderr();
        assert_eq!(codes(&err), ["C071", "C071"], "{err}");
        assert!(
            err.contains("advarsel[C071]: content/metoder/p.md:2:9: ")
                && err.contains(shown)
                && err.contains("\"Netværksmødet\""),
            "{err}"
        );
        // The second value's place is kept too (its line and column in the file).
        assert!(err.contains("content/metoder/p.md:3:12: "), "{err}");
        let html = p.read("output/metoder/p/index.html");
        assert!(html.contains("<h1>Netværksmødet</h1>") || html.contains(">Netværksmødet<"));
        assert!(!html.contains('“') && !html.contains('»'), "{html}");
        no_parser_english(&err);
    }
}

#[test]
fn the_places_of_values_after_read_quotes_stay_right() {
    // The reference is read from Word's quotes; that it is missing is told at its own column.
    let run = page("title = “A”\nmetoder = [“@/metoder/findes-ikke.md”]").build();
    run.assert_codes(&["C012"]);
    assert!(
        run.stderr()
            .contains("fejl[C012]: content/metoder/p.md:3:12: "),
        "{}",
        run.stderr()
    );
}

#[test]
fn typographic_quotes_whose_meaning_is_open_are_an_error_on_their_line() {
    let run = fails_with(
        "title = “Han sagde \"hej\"”",
        "C070",
        "2:20",
        &["typografiske anførselstegn", "title = \"Netværksmødet\""],
    );
    assert!(!run.stderr().contains("C071"), "{}", run.stderr());
    fails_with(
        "title = ‘Barnets’ stemme’",
        "C070",
        "2:9",
        &["typografiske anførselstegn"],
    );
}

#[test]
fn a_field_error_on_a_line_with_read_quotes_is_told_as_the_field_error() {
    let run = fails_with(
        "title = \"A\"\ntitel = “B”",
        "C005",
        "3:1",
        &["mente du `title`?"],
    );
    assert!(run.stderr().contains("advarsel[C071]"), "{}", run.stderr());
}

#[test]
fn curly_quotes_in_the_settings_and_a_book_are_read_too() {
    let p = page("title = \"A\"");
    p.file(
        "bogbinder.toml",
        "title = “Testhåndbog”\nkommune = «Testkommune»\n",
    )
    .file("content/boeger/emma/bog.toml", "navn = “Emma”\n")
    .file(
        "content/boeger/emma/01-mig.md",
        "+++\ntitle = „Alt om mig“\n+++\nTekst.\n",
    );
    let run = p.run(&["check"]);
    run.assert_ok();
    let err = run.stderr();
    for needle in [
        "advarsel[P071]: bogbinder.toml:1:9: ",
        "advarsel[P071]: bogbinder.toml:2:11: ",
        "advarsel[B071]: content/boeger/emma/bog.toml:1:8: ",
        "advarsel[B071]: content/boeger/emma/01-mig.md:2:9: ",
    ] {
        assert!(err.contains(needle), "lacks {needle}:\n{err}");
    }
    // A warning is a warning: the command still says all is well.
    assert!(run.stdout().contains("Alt i orden"), "{}", run.stdout());
}

// ---------------------------------------------------------------------------------------------
// Dates

#[test]
fn a_quoted_date_is_read_as_the_date_with_a_warning() {
    let p = page("title = \"A\"\nupdated = \"2026-02-03\"");
    let run = p.build();
    run.assert_ok();
    let err = run.stderr();
    assert_eq!(codes(&err), ["C072"], "{err}");
    assert!(err.contains("content/metoder/p.md:3:11: "), "{err}");
    assert!(hint(&err).contains("2026-02-03"), "{err}");
    assert!(p.read("output/metoder/p/index.html").contains("2026"));
}

#[test]
fn danish_dates_are_told_how_to_write_them() {
    for written in ["03-02-2026", "03.02.2026", "3/2-2026", "\"3/2-2026\""] {
        let run = fails_with(
            &format!("title = \"A\"\nupdated = {written}"),
            "C073",
            "3:11",
            &["skriv datoen som 2026-02-03"],
        );
        assert!(hint(&run.stderr()).contains("2026-02-03"));
    }
    fails_with(
        "title = \"A\"\nupdated = 2026-02-30",
        "C074",
        "3:11",
        &["2026-02-30 findes ikke"],
    );
}

#[test]
fn a_date_in_a_book_chapter_is_told_in_the_book_s_area() {
    let p = page("title = \"A\"");
    p.file(
        "content/boeger/emma/bog.toml",
        "navn = \"Emma\"\n[[historie]]\ndato = 01.06.2021\nsted = \"Hjemme\"\n",
    )
    .file(
        "content/boeger/emma/01-mig.md",
        "+++\ntitle = \"Mig\"\n+++\nTekst.\n",
    );
    let run = p.run(&["check"]);
    run.assert_codes(&["B073"]);
    let err = run.stderr();
    assert!(
        err.contains("fejl[B073]: content/boeger/emma/bog.toml:3:8: ")
            && err.contains("2021-06-01"),
        "{err}"
    );
    no_parser_english(&err);
}

// ---------------------------------------------------------------------------------------------
// Names and values

#[test]
fn a_name_with_danish_letters_is_told_to_be_quoted_and_then_works() {
    let run = fails_with(
        "title = \"A\"\når = 2025",
        "C075",
        "3:1",
        &["\"år\" = 2025"],
    );
    assert!(hint(&run.stderr()).starts_with("sæt navnet i anførselstegn"));
    // Following the hint gives a page that builds.
    page("title = \"A\"\n\"år\" = 2025\n\"formål\" = \"At lytte\"")
        .build()
        .assert_ok();
}

#[test]
fn a_text_without_quotes_is_told_to_get_them() {
    let run = fails_with(
        "title = Netværksmødet",
        "C076",
        "2:9",
        &["title = \"Netværksmødet\""],
    );
    assert!(!run.stderr().contains("ja eller nej"));
    // Where a number must stand, quotes would not help: the kind of value is what is wrong.
    fails_with(
        "title = \"A\"\nweight = fem",
        "C005",
        "3:10",
        &["tekst \"fem\"", "et helt tal"],
    );
    // A text of several words that starts with a number is still a text without quotes…
    fails_with(
        "title = \"A\"\nvarighed = 2 timer",
        "C076",
        "3:12",
        &["varighed = \"2 timer\""],
    );
    // …but a second value after a first is more on the line.
    fails_with("title = \"A\"\ndraft = true true", "C083", "3:9", &[]);
    // A value that reads well is not blamed when the name is the mistake.
    let run = fails_with(
        "title = \"A\"\ntitle.x = 1",
        "C005",
        "3:1",
        &["title.x = 1"],
    );
    assert!(!run.stderr().contains("som et tal"), "{}", run.stderr());
    // A word that starts like `false` is still a text without quotes.
    fails_with(
        "title = \"A\"\ndescription = fem minutter",
        "C076",
        "3:15",
        &["description = \"fem minutter\""],
    );
}

#[test]
fn yes_and_no_are_told_to_be_true_or_false() {
    for written in ["ja", "True", "nej"] {
        fails_with(
            &format!("title = \"A\"\ndraft = {written}"),
            "C077",
            "3:9",
            &["draft = true", "draft = false"],
        );
    }
    // Where a text must stand, "nej" is a text without quotes.
    fails_with(
        "title = \"A\"\ndescription = nej",
        "C076",
        "3:15",
        &["description = \"nej\""],
    );
}

#[test]
fn each_mistake_of_form_gets_its_own_code_and_hint() {
    let cases: [(&str, &str, &str, &str); 8] = [
        (
            "title = \"A\"\ndescription \"B\"",
            "C078",
            "3:13",
            "navn = værdi",
        ),
        ("title = \"C:\\Brugere\"", "C079", "2:13", "\\\\"),
        ("title = \"A", "C080", "2:11", "\"\"\""),
        (
            "title = \"A\"\ntitle = \"B\"",
            "C081",
            "3:1",
            "kun stå én gang",
        ),
        ("title = \"A\"\nweight = 1,5", "C082", "3:11", "2.5"),
        (
            "title = \"A\" \"B\"",
            "C083",
            "2:13",
            "én indstilling pr. linje",
        ),
        ("title = \"A\"\n[extra", "C084", "3:7", "[extra]"),
        (
            "title = \"A\"\nmetoder = [\"@/a.md\" \"@/b.md\"]",
            "C085",
            "3:21",
            "komma mellem",
        ),
    ];
    let mut hints = Vec::new();
    for (front, code, place, words) in cases {
        let run = fails_with(front, code, place, &[]);
        let h = hint(&run.stderr());
        assert!(h.contains(words), "{code}: hint {h:?} lacks {words:?}");
        // The old catch-all hint is not repeated under every mistake.
        assert!(!h.contains("tekster skal stå i"), "{code}: {h}");
        hints.push(h);
    }
    hints.sort();
    hints.dedup();
    assert_eq!(hints.len(), cases.len(), "two mistakes share a hint");
}

#[test]
fn an_unknown_choice_names_the_choices() {
    let p = page("title = \"A\"");
    p.file("bogbinder.toml", "title = \"T\"\nsprog = \"de\"\n");
    let run = p.build();
    run.assert_codes(&["P004"]);
    let err = run.stderr();
    assert!(err.contains("bogbinder.toml:2:9: "), "{err}");
    assert!(err.contains("`de`") && err.contains("`da`") && err.contains("`en`"));
    no_parser_english(&err);
}

#[test]
fn the_settings_file_and_a_book_get_the_same_words_in_their_areas() {
    let p = page("title = \"A\"");
    p.file("bogbinder.toml", "title = \"T\"\nkommune = Aarhus\n");
    let run = p.build();
    run.assert_codes(&["P076"]);
    assert!(run.stderr().contains("bogbinder.toml:2:11: "));
    assert!(hint(&run.stderr()).contains("kommune = \"Aarhus\""));
    no_parser_english(&run.stderr());

    let p = page("title = \"A\"");
    p.file("content/boeger/emma/bog.toml", "navn = Emma\n")
        .file(
            "content/boeger/emma/01-mig.md",
            "+++\ntitle = \"Mig\"\n+++\nTekst.\n",
        );
    let run = p.run(&["book", "emma"]);
    run.assert_codes(&["B076"]);
    assert!(run.stderr().contains("content/boeger/emma/bog.toml:1:8: "));
    no_parser_english(&run.stderr());
}

#[test]
fn a_line_nobody_foresaw_is_quoted_in_danish() {
    let run = fails_with("title = \"A\"\n= 3", "C005", "3:1", &["= 3"]);
    assert!(run.stderr().contains("kan ikke læses"));
}

// ---------------------------------------------------------------------------------------------
// English, with sprog = "en"

#[test]
fn an_english_project_gets_its_toml_mistakes_in_english() {
    let p = page("title = “A”\nupdated = 03-02-2026");
    p.file("bogbinder.toml", "title = \"T\"\nsprog = \"en\"\n");
    let run = p.build();
    run.assert_codes(&["C073"]);
    let err = run.stderr();
    assert!(
        err.contains("warning[C071]: content/metoder/p.md:2:9: typographic quotes"),
        "{err}"
    );
    assert!(
        err.contains("error[C073]: content/metoder/p.md:3:11: ")
            && err.contains("write the date as 2026-02-03"),
        "{err}"
    );
    assert!(!err.contains("datoen") && !err.contains("fejl["), "{err}");
}

// ---------------------------------------------------------------------------------------------
// Photos, templates, file names

#[test]
fn a_broken_jpeg_is_told_in_danish() {
    let p = page("title = \"A\"");
    p.file(
        "content/metoder/p.md",
        "+++\ntitle = \"A\"\n+++\n![Mødet](foto.jpg)\n",
    )
    .bytes(
        "content/metoder/foto.jpg",
        b"\xff\xd8\xff\xe0 not really a jpeg",
    );
    let run = p.build();
    run.assert_codes(&["F070"]);
    let err = run.stderr();
    assert!(
        err.contains("content/metoder/p.md:4:1: ") && err.contains("ikke et JPEG-billede"),
        "{err}"
    );
    no_parser_english(&err);
}

#[test]
fn a_template_that_does_not_parse_is_told_at_its_line_and_column() {
    let p = page("title = \"A\"");
    p.file(
        "themes/default/templates/page.html",
        "{% extends \"base.html\" %}\n{% block main %}{{ page.title {% endblock main %}",
    );
    let run = p.build();
    run.assert_codes(&["T070"]);
    let err = run.stderr();
    assert!(
        err.contains("fejl[T070]: themes/default/templates/page.html:2:31: "),
        "{err}"
    );
    assert!(hint(&err).contains("}}"), "{err}");
    no_parser_english(&err);
}

#[test]
fn a_template_naming_what_does_not_exist_says_what() {
    let p = page("title = \"A\"");
    p.file(
        "themes/default/templates/page.html",
        "{% extends \"base.html\" %}{% block main %}{{ page.titel }}{% endblock main %}",
    );
    let run = p.build();
    run.assert_codes(&["T071"]);
    let err = run.stderr();
    assert!(err.contains("variablen `page.titel` findes ikke"), "{err}");
    no_parser_english(&err);

    p.file(
        "themes/default/templates/page.html",
        "{% extends \"basis.html\" %}{% block main %}{% endblock main %}",
    );
    let run = p.build();
    run.assert_codes(&["T071"]);
    assert!(run.stderr().contains("skabelonen `basis.html` findes ikke"));
    no_parser_english(&run.stderr());
}

#[test]
fn a_300_letter_slug_makes_a_shorter_address_instead_of_failing() {
    let long = "a".repeat(300);
    let p = page(&format!("title = \"A\"\nslug = \"{long}\""));
    p.build().assert_ok();
    let dirs: Vec<String> = std::fs::read_dir(p.path().join("output/metoder"))
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("aaa"))
        .collect();
    assert_eq!(dirs, ["a".repeat(100)]);
}

#[test]
fn a_title_of_long_words_is_cut_at_a_word() {
    let words = "netværksmøde ".repeat(30);
    let p = page(&format!("title = \"A\"\nslug = \"{words}\""));
    p.build().assert_ok();
    let dir = std::fs::read_dir(p.path().join("output/metoder"))
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|n| n.starts_with("netvaerksmoede"))
        .unwrap();
    assert!(dir.len() <= 100 && dir.ends_with("netvaerksmoede"), "{dir}");
}

#[test]
fn a_system_error_is_told_in_danish_with_what_to_do() {
    let p = page("title = \"A\"");
    let long = "b".repeat(300);
    let run = p.run(&["build", "--output", &long]);
    run.assert_codes(&["F016"]);
    let err = run.stderr();
    assert!(err.contains("navnet er for langt"), "{err}");
    assert!(hint(&err).contains("kortere"), "{err}");
    no_parser_english(&err);

    let run = p.run(&["build", "--output", "bogbinder.toml/ud"]);
    run.assert_codes(&["F016"]);
    no_parser_english(&run.stderr());
}

#[test]
fn a_page_from_word_reads_as_one_report() {
    let front = "title = “Netværksmødet”\ndescription = Et møde med familien\nupdated = 03-02-2026\når = 2025\ndraft = nej";
    let run = page(front).build();
    no_parser_english(&run.stderr());
    insta::assert_snapshot!("page_from_word", run.stderr());
}

/// Stops the preview when the test ends, however it ends.
struct Child(std::process::Child);
impl Drop for Child {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn the_preview_tells_warnings_at_start_and_after_each_save() {
    use std::io::BufRead;
    let p = page("title = “Netværksmødet”");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_bogbinder"))
        .args(["serve", "--port", "0"])
        .current_dir(p.path())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start serve");
    let err = child.stderr.take().unwrap();
    let server = Child(child);
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(err).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    // A deadline only so a broken preview cannot hang the suite.
    let wait_for = |needle: &str| -> String {
        let mut seen = String::new();
        while let Ok(line) = rx.recv_timeout(std::time::Duration::from_secs(120)) {
            seen.push_str(&line);
            seen.push('\n');
            if line.contains(needle) {
                return seen;
            }
        }
        panic!("the preview never told {needle:?}:\n{seen}");
    };
    let first = wait_for("advarsel[C071]: content/metoder/p.md:2:9:");
    assert!(first.contains("“Netværksmødet”"), "{first}");
    p.file(
        "content/metoder/p.md",
        "+++\ntitle = \"Netværksmødet\"\ndescription = »Nyt«\n+++\nTekst.\n",
    );
    let after = wait_for("advarsel[C071]: content/metoder/p.md:3:15:");
    assert!(after.contains("»Nyt«"), "{after}");
    drop(server);
}

#[test]
fn a_port_in_use_is_told_in_danish() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let p = page("title = \"A\"");
    let run = p.run(&["serve", "--port", &port]);
    run.assert_codes(&["S001"]);
    assert!(
        run.stderr().contains("porten bruges allerede"),
        "{}",
        run.stderr()
    );
    no_parser_english(&run.stderr());
}

#[test]
fn a_missing_field_is_told_to_be_added() {
    let p = page("title = \"A\"");
    p.file("bogbinder.toml", "kommune = \"K\"\n");
    let run = p.build();
    run.assert_codes(&["P004"]);
    let err = run.stderr();
    assert!(err.contains("mangler feltet `title`"), "{err}");
    assert!(hint(&err).starts_with("tilføj feltet"), "{err}");
    no_parser_english(&err);
}

/// Each mistake of TOML's form has one number in every file it can happen in: a page's front
/// matter (`C`), `bogbinder.toml` (`P`) and a book's `bog.toml` (`B`). `{f}` is a text field of
/// the file, `{b}` a true/false one (a page's `draft`, a book's `pdfa`).
#[test]
fn one_mistake_has_one_number_in_every_file() {
    let cases: [(&str, [&str; 3]); 15] = [
        ("{f} = “Han sagde \"hej\"”", ["C070", "P070", "B070"]),
        ("{f} = “Mødet”", ["C071", "P071", "B071"]),
        ("{f} = 03-02-2026", ["C073", "P073", "B073"]),
        ("{f} = 2026-02-30", ["C074", "P074", "B074"]),
        ("år = 2025", ["C075", "P075", "B075"]),
        ("{f} = Mødet", ["C076", "P076", "B076"]),
        ("{b} = ja", ["C077", "", "B077"]),
        ("{f} \"Mødet\"", ["C078", "P078", "B078"]),
        ("{f} = \"C:\\Brugere\"", ["C079", "P079", "B079"]),
        ("{f} = \"Mødet", ["C080", "P080", "B080"]),
        ("{f} = \"A\"\n{f} = \"B\"", ["C081", "P081", "B081"]),
        ("{f} = 1,5", ["C082", "P082", "B082"]),
        ("{f} = \"A\" \"B\"", ["C083", "P083", "B083"]),
        ("[extra", ["C084", "P084", "B084"]),
        ("{f} = [\"a\" \"b\"]", ["C085", "P085", "B085"]),
    ];
    for (line, [page_code, config_code, book_code]) in cases {
        let fill = |f: &str, b: &str| line.replace("{f}", f).replace("{b}", b);

        let run = page(&format!("title = \"A\"\n{}", fill("description", "draft"))).build();
        assert_eq!(
            run.codes().first().map(String::as_str),
            Some(page_code),
            "{line}: {}",
            run.stderr()
        );
        no_parser_english(&run.stderr());

        if !config_code.is_empty() {
            let p = page("title = \"A\"");
            p.file(
                "bogbinder.toml",
                &format!("title = \"T\"\n{}\n", fill("kommune", "")),
            );
            let run = p.run(&["check"]);
            assert_eq!(
                run.codes().first().map(String::as_str),
                Some(config_code),
                "{line}: {}",
                run.stderr()
            );
            no_parser_english(&run.stderr());
        }

        let p = page("title = \"A\"");
        p.file(
            "content/boeger/emma/bog.toml",
            &format!("navn = \"Emma\"\n{}\n", fill("undertitel", "pdfa")),
        )
        .file(
            "content/boeger/emma/01-mig.md",
            "+++\ntitle = \"Mig\"\n+++\nTekst.\n",
        );
        let run = p.run(&["check"]);
        assert_eq!(
            run.codes().first().map(String::as_str),
            Some(book_code),
            "{line}: {}",
            run.stderr()
        );
        no_parser_english(&run.stderr());
    }
}
