//! One test per problem in the catalogue (src/problems/): each code is triggered the way a user
//! would trigger it, through the real binary, and its report is checked for the code, the place
//! (file:line:col where there is one) and Danish words. The last test reads the catalogue and
//! fails for every code that no test under tests/ asserts.
mod common;
use common::*;
use std::path::Path;
use std::process::Command;

/// English a Danish user must never read: a parser's, clap's or a library's own words.
const ENGLISH: &[&str] = &[
    "error:", "error[", "warning", "expected", "invalid", "unknown", "panicked",
];

/// The report line of `code` (`fejl[C003]: …` or `advarsel[…]: …`), checked: it names `place`
/// first (nothing for problems without a file, such as a wrong argument), and the whole report
/// is Danish. Returns the line for further checks.
#[track_caller]
fn told(run: &Run, code: &str, place: &str) -> String {
    let err = run.stderr();
    let line = err
        .lines()
        .find_map(|l| {
            ["fejl[", "advarsel["]
                .iter()
                .find_map(|w| l.strip_prefix(&format!("{w}{code}]: ")))
        })
        .unwrap_or_else(|| panic!("stderr lacks {code}:\n{err}"));
    assert!(
        line.starts_with(place),
        "{code} is not told at {place:?}: {line}\nstderr:\n{err}"
    );
    for word in ENGLISH {
        assert!(!err.contains(word), "English {word:?} in stderr:\n{err}");
    }
    line.to_string()
}

/// As [`told`], for a run that must have failed.
#[track_caller]
fn refused(run: &Run, code: &str, place: &str) -> String {
    assert!(!run.ok(), "bogbinder should have failed:\n{}", run.stdout());
    told(run, code, place)
}

#[cfg(unix)]
fn symlink(target: &str, link: &Path) {
    std::fs::create_dir_all(link.parent().unwrap()).unwrap();
    std::os::unix::fs::symlink(target, link).unwrap();
}

/// A 16 × 16 grey JPEG.
fn jpeg() -> Vec<u8> {
    let mut bytes = Vec::new();
    jpeg_encoder::Encoder::new(&mut bytes, 80)
        .encode(&[128u8; 16 * 16 * 3], 16, 16, jpeg_encoder::ColorType::Rgb)
        .unwrap();
    bytes
}

// ---------------------------------------------------------------------------------------------
// The command line (A) and commands asked for the impossible (no file to point at).

#[test]
fn wrong_arguments_are_told_in_danish() {
    let p = Project::new();
    let cases: &[(&[&str], &str)] = &[
        (&["build", "--nope"], "A001"),
        (&["book"], "A003"),
        (&["new", "--root", "."], "A004"),
        (&["serve", "--port", "abc"], "A005"),
        (&["book", "x", "--pdfa=ja"], "A006"),
        (&["serve", "--port", "1", "--port", "2"], "A007"),
    ];
    for (args, code) in cases {
        let run = p.run(args);
        refused(&run, code, "");
        assert_eq!(run.code(), Some(2), "{args:?}");
    }
}

#[cfg(unix)]
#[test]
fn an_argument_that_is_not_utf8_is_told_in_danish() {
    use std::os::unix::ffi::OsStrExt;
    let p = Project::new();
    let output = Command::new(env!("CARGO_BIN_EXE_bogbinder"))
        .arg("book")
        .arg(std::ffi::OsStr::from_bytes(b"b\xF8ger"))
        .current_dir(p.path())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    refused(&Run { output }, "A008", "");
}

#[test]
fn commands_that_cannot_run_as_asked() {
    let p = Project::new();
    std::fs::create_dir(p.path().join("tom")).unwrap();
    refused(&p.run(&["--root", "tom", "check"]), "P002", "");
    refused(&p.run(&["init"]), "P011", "");
    refused(&p.run(&["new", "bog", "!!!"]), "B011", "");
    refused(&p.run(&["new", "bog", "Emma \"E\""]), "B012", "");
    p.run(&["new", "bog", "Emma"]).assert_ok();
    refused(&p.run(&["new", "bog", "emma"]), "B014", "");

    // init never overwrites a file, and says where it cannot write.
    let q = Project::empty();
    q.file("content/_index.md", "Min egen forside\n");
    refused(&q.run(&["init"]), "P012", "");
    assert_eq!(q.read("content/_index.md"), "Min egen forside\n");
    q.file("optaget", "en fil, ikke en mappe\n");
    refused(&q.run(&["init", "optaget/ny"]), "F016", "");
}

#[cfg(unix)]
#[test]
fn a_new_book_is_never_written_through_a_link() {
    let p = Project::new();
    let elsewhere = tempfile::tempdir().unwrap();
    symlink(
        elsewhere.path().to_str().unwrap(),
        &p.path().join("content/boeger"),
    );
    refused(&p.run(&["new", "bog", "Emma"]), "B013", "");
    assert_eq!(std::fs::read_dir(elsewhere.path()).unwrap().count(), 0);
}

// ---------------------------------------------------------------------------------------------
// The project: bogbinder.toml and its folders (P, T).

#[test]
fn project_settings_are_checked_at_their_file() {
    let with = |extra: &str| {
        let p = Project::new();
        p.file("bogbinder.toml", &format!("{MINIMAL_CONFIG}{extra}"));
        p
    };
    let taxonomy = |name: &str| format!("[[taxonomies]]\nname = \"{name}\"\nlabel = \"Mål\"\n");
    let cases: Vec<(Project, &str, &str)> = vec![
        (with(&taxonomy("Mål gruppe")), "P005", "bogbinder.toml"),
        (
            with(&format!("{}{}", taxonomy("tema"), taxonomy("tema"))),
            "P006",
            "bogbinder.toml",
        ),
        (with("theme = \"../andet\"\n"), "P007", "bogbinder.toml"),
        (
            with("[[kompendier]]\nname = \"Mit Kursus\"\ntitle = \"K\"\npages = [\"@/a.md\"]\n"),
            "P008",
            "bogbinder.toml",
        ),
        (with("theme = \"findesikke\"\n"), "T001", "bogbinder.toml"),
    ];
    for (p, code, place) in cases {
        refused(&p.run(&["check"]), code, place);
    }

    let p = Project::empty();
    p.file("bogbinder.toml", MINIMAL_CONFIG);
    refused(&p.run(&["check"]), "P001", "content");

    // A settings file of more than 8 MB is not read at all.
    let p = Project::new();
    let mut big = MINIMAL_CONFIG.to_string();
    big.push_str(&"# en meget lang kommentar\n".repeat(400_000));
    p.file("bogbinder.toml", &big);
    refused(&p.run(&["check"]), "F011", "bogbinder.toml");
}

#[test]
fn outputs_that_would_mix_books_and_handbook_are_refused() {
    let p = Project::new();
    p.file(
        "bogbinder.toml",
        &format!("{MINIMAL_CONFIG}books_dir = \"output/boeger\"\n"),
    );
    refused(&p.build(), "P010", "");
    p.file("content/boeger/test/bog.toml", "navn = \"Test\"\n");
    p.file("content/boeger/test/01-alt-om-mig.md", "Tekst.\n");
    refused(&p.run(&["book", "test"]), "B010", "");
    assert!(!p.exists("output"));
}

// ---------------------------------------------------------------------------------------------
// Content and Markdown in the handbook (C, M, V, F): one project with one mistake per file, so
// one build shows that they are all reported together, each at its place.

#[test]
fn content_mistakes_are_told_at_their_place() {
    let p = Project::new();
    let page = |rel: &str, body: &str| {
        p.file(rel, &format!("+++\ntitle = \"Side\"\n+++\n{body}\n"));
    };
    p.file(
        "content/metoder/hegn.md",
        "+++ title = \"Hegn\"\n+++\nTekst.\n",
    );
    page("content/Bøger/emma/01-alt-om-mig.md", "Emma.");
    p.file("content/metoder/emma/bog.toml", "navn = \"Emma\"\n");
    page("content/metoder/!!!.md", "Tegn.");
    p.file(
        "content/metoder/privat.md",
        "+++\ntitle = \"Privat\"\nredskaber = [\"@/boeger/emma/01-alt-om-mig.md\"]\n+++\n",
    );
    page("content/metoder/rod.md", "Se [skemaet](/filer/skema.pdf).");
    page("content/metoder/mangler.md", "Se [skemaet](skema.pdf).");
    page("content/120315-1234.md", "Et navn som et CPR-nummer.");

    let run = p.run(&["check"]);
    refused(&run, "C003", "content/metoder/hegn.md:1:4");
    refused(&run, "C006", "content/Bøger");
    refused(&run, "C007", "content/metoder/emma/bog.toml");
    refused(&run, "C009", "content/metoder/!!!.md");
    refused(&run, "C011", "content/metoder/privat.md:3:");
    refused(&run, "M001", "content/metoder/rod.md:4:4");
    refused(&run, "M005", "content/metoder/mangler.md:4:4");
    refused(&run, "V001", "content/120315-1234.md");
}

#[test]
fn files_a_page_names_are_checked_at_its_line() {
    let p = Project::new();
    p.file("content/metoder/.skjult.pdf", "skjult\n");
    std::fs::create_dir_all(p.path().join("content/metoder/mappe")).unwrap();
    let long = "a".repeat(300);
    p.file(
        "content/metoder/side.md",
        &format!(
            "+++\ntitle = \"Side\"\n+++\n\
             [a](.skjult.pdf)\n\n\
             [b](mappe)\n\n\
             [c](../Boeger/emma/foto.png)\n\n\
             [d]({long}.pdf)\n"
        ),
    );
    let run = p.run(&["check"]);
    let at = "content/metoder/side.md";
    refused(&run, "F007", &format!("{at}:4:1"));
    refused(&run, "F008", &format!("{at}:6:1"));
    refused(&run, "F005", &format!("{at}:8:1"));
    refused(&run, "F012", &format!("{at}:10:1"));
}

#[test]
fn photos_that_cannot_be_used_are_told_where_they_are_used() {
    let p = Project::new();
    p.bytes("content/metoder/animation.gif", b"GIF89a");
    // A WebP whose only chunk claims more bytes than the file has.
    let mut webp = b"RIFF\x20\x00\x00\x00WEBPVP8 ".to_vec();
    webp.extend(1000u32.to_le_bytes());
    webp.extend([0u8; 8]);
    p.bytes("content/metoder/brudt.webp", &webp);
    p.file(
        "content/metoder/side.md",
        "+++\ntitle = \"Side\"\n+++\n![a](animation.gif)\n\n![b](brudt.webp)\n",
    );
    let run = p.build();
    refused(&run, "F029", "content/metoder/side.md:4:1");
    refused(&run, "F022", "content/metoder/side.md:6:1");
    assert!(!p.exists("output"));

    // A file that is not a photo where a book wants one.
    book(&p, "forside = \"billeder/tekst.txt\"\n", "Tekst.\n");
    p.file(
        "content/boeger/test/billeder/tekst.txt",
        "ikke et billede\n",
    );
    refused(
        &p.run(&["book", "test"]),
        "F032",
        "content/boeger/test/bog.toml:2:",
    );
}

#[test]
fn a_photo_the_decoder_cannot_read_is_told_where_it_is_used() {
    let p = Project::new();
    p.bytes(
        "content/metoder/foto.jpg",
        b"\xFF\xD8\xFF\xE0 ikke en rigtig jpeg",
    );
    // A GIF saved under a JPEG's name.
    p.bytes(
        "content/metoder/gif.jpg",
        b"GIF89a\x01\x00\x01\x00\x00\x00\x00",
    );
    p.file(
        "content/metoder/side.md",
        "+++\ntitle = \"Side\"\n+++\n![a](foto.jpg)\n\n![b](gif.jpg)\n",
    );
    let run = p.build();
    refused(&run, "F070", "content/metoder/side.md:4:1");
    refused(&run, "F023", "content/metoder/side.md:6:1");
}

#[test]
fn a_template_that_fails_while_a_page_is_made_names_the_template() {
    let p = Project::new();
    p.file(
        "bogbinder.toml",
        &format!("{MINIMAL_CONFIG}theme = \"eget\"\n"),
    );
    p.file(
        "themes/eget/templates/index.html",
        "{{ throw(message=\"stop\") }}\n",
    );
    refused(
        &p.run(&["check"]),
        "T002",
        "themes/eget/templates/index.html",
    );
}

#[cfg(unix)]
#[test]
fn links_and_shared_files_in_the_handbook_are_refused_at_their_line() {
    let p = Project::new();
    p.file("content/metoder/skema.pdf", "skema\n");
    symlink("skema.pdf", &p.path().join("content/metoder/genvej.pdf"));
    p.bytes("content/boeger/emma/billeder/foto.jpg", &jpeg());
    p.file("content/boeger/emma/bog.toml", "navn = \"Emma\"\n");
    std::fs::hard_link(
        p.path().join("content/boeger/emma/billeder/foto.jpg"),
        p.path().join("content/metoder/foto.jpg"),
    )
    .unwrap();
    p.file(
        "content/metoder/side.md",
        "+++\ntitle = \"Side\"\n+++\n[a](genvej.pdf)\n\n![b](foto.jpg)\n",
    );
    let run = p.run(&["check"]);
    refused(&run, "F006", "content/metoder/side.md:4:1");
    refused(&run, "F009", "content/metoder/side.md:6:1");
}

// ---------------------------------------------------------------------------------------------
// Books (B, D, M, F): each refused before any PDF is made.

/// A book `test` with one chapter; `toml` is added to `bog.toml`.
fn book(p: &Project, toml: &str, chapter: &str) {
    p.file(
        "content/boeger/test/bog.toml",
        &format!("navn = \"Test\"\n{toml}"),
    );
    p.file("content/boeger/test/01-alt-om-mig.md", chapter);
}

#[test]
fn book_settings_and_photos_are_checked_at_their_line() {
    let p = Project::new();
    book(&p, "undertitle = \"Min bog\"\n", "Tekst.\n");
    refused(
        &p.run(&["book", "test"]),
        "B001",
        "content/boeger/test/bog.toml:2:1",
    );

    let p = Project::new();
    p.file("hemmelig.jpg", "x");
    book(
        &p,
        "[[minder]]\nfil = \"billeder/findes-ikke.jpg\"\n[[minder]]\nfil = \"../../../hemmelig.jpg\"\n",
        "Tekst.\n",
    );
    let run = p.run(&["book", "test"]);
    refused(&run, "B004", "content/boeger/test/bog.toml:3:");
    refused(&run, "B003", "content/boeger/test/bog.toml:5:");

    let p = Project::new();
    p.run(&["new", "bog", "Ib"]).assert_ok();
    refused(&p.run(&["book", "ib"]), "B002", "");

    let p = Project::new();
    p.bytes("content/boeger/test/billeder/a.heic", b"....ftypheic");
    book(&p, "[[minder]]\nfil = \"billeder/a.heic\"\n", "Tekst.\n");
    refused(
        &p.run(&["book", "test"]),
        "F028",
        "content/boeger/test/bog.toml:3:",
    );

    // A photo file too large to read is refused before it is read (a sparse file, no disk used).
    let p = Project::new();
    std::fs::create_dir_all(p.path().join("content/boeger/test/billeder")).unwrap();
    let f = std::fs::File::create(p.path().join("content/boeger/test/billeder/stor.jpg")).unwrap();
    f.set_len(61 * 1024 * 1024).unwrap();
    book(&p, "forside = \"billeder/stor.jpg\"\n", "Tekst.\n");
    refused(
        &p.run(&["book", "test"]),
        "F027",
        "content/boeger/test/bog.toml:2:",
    );
}

#[test]
fn consent_mistakes_are_told_at_the_consent() {
    let consent = |chapters: &str| {
        format!(
            "[[samtykker]]\ngivet_af = \"Mor\"\nmodtager = \"Skolen\"\ndato = 2025-06-20\nkapitler = {chapters}\n"
        )
    };
    let p = Project::new();
    book(&p, &consent("[\"alt-om-mig\"]"), "Tekst.\n");
    refused(
        &p.run(&["book", "test", "--overgang", "Tandlægen"]),
        "B005",
        "content/boeger/test/bog.toml",
    );
    book(&p, &consent("[\"skole\"]"), "Tekst.\n");
    refused(
        &p.run(&["book", "test", "--overgang", "Skolen"]),
        "B006",
        "content/boeger/test/bog.toml:",
    );
    book(&p, &consent("[]"), "Tekst.\n");
    refused(
        &p.run(&["book", "test", "--overgang", "Skolen"]),
        "B007",
        "content/boeger/test/bog.toml:",
    );
    assert!(!p.exists("boeger-output"));

    let p = Project::new();
    p.file("content/a.md", "+++\ntitle = \"A\"\n+++\nTekst.\n");
    p.file(
        "bogbinder.toml",
        &format!("{MINIMAL_CONFIG}[[kompendier]]\nname = \"kursus\"\ntitle = \"K\"\npages = [\"@/a.md\"]\n"),
    );
    refused(
        &p.run(&["book", "kursus", "--overgang", "Skolen"]),
        "B008",
        "",
    );
}

#[test]
fn a_broken_book_template_is_told_as_the_theme_s() {
    let p = Project::new();
    p.file(
        "bogbinder.toml",
        &format!("{MINIMAL_CONFIG}theme = \"eget\"\n"),
    );
    p.file(
        "themes/eget/templates/book.html",
        "<h1>{{ book.title | findesikke }}</h1>\n",
    );
    book(&p, "", "Tekst.\n");
    refused(&p.run(&["book", "test"]), "D001", "");
    assert!(!p.exists("boeger-output/test/test.pdf"));
}

// ---------------------------------------------------------------------------------------------
// The preview (S).

#[test]
fn a_port_in_use_is_told_in_danish() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let p = Project::new();
    let run = p.run(&["serve", "--port", &port]);
    refused(&run, "S001", "");
    assert_eq!(run.code(), Some(2));
}

/// With few file handles (`ulimit -n`) serve fails at whatever it opens first: watching the
/// project (S004), reading bogbinder.toml, the books' port on 127.0.0.1 (S002). Every such run
/// must be told with a code, never a panic. The limit is raised one at a time until serve
/// starts; a run that started is stopped at its first line, so nothing here waits on a clock.
#[cfg(unix)]
#[test]
fn serve_short_of_file_handles_is_told_with_a_code() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;
    let p = Project::new();
    let mut seen = Vec::new();
    for n in 3..=32 {
        let child = Command::new("sh")
            .arg("-c")
            .arg(format!("ulimit -n {n} && exec \"$0\" serve --port 0"))
            .arg(env!("CARGO_BIN_EXE_bogbinder"))
            .current_dir(p.path())
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn();
        let Ok(mut child) = child else {
            eprintln!("SKIPPED: no sh to lower the limit with");
            return;
        };
        let mut first = String::new();
        let _ = BufReader::new(child.stdout.take().unwrap()).read_line(&mut first);
        if first.starts_with("Forhåndsvisning:") {
            let _ = child.kill();
            let _ = child.wait();
            break;
        }
        let output = child.wait_with_output().unwrap();
        let run = Run { output };
        // Too few handles to load the program itself: the system's loader speaks, not bogbinder.
        if run.stderr().contains("shared librar") {
            continue;
        }
        assert!(
            !run.codes().is_empty() && !run.stderr().contains("panicked"),
            "ulimit -n {n}: serve failed without a code:\n{}",
            run.stderr()
        );
        seen.extend(run.codes());
    }
    assert!(
        seen.iter().any(|c| c == "S004") && seen.iter().any(|c| c == "S002"),
        "serve never failed to watch and to open the books' port: {seen:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// The catalogue itself.

/// Codes no test can trigger through the binary, each with the reason. I001 (a bug in bogbinder)
/// is not here: no input may cause it, and tests/hostile asserts that none does.
const UNTRIGGERABLE: &[(&str, &str)] = &[
    (
        "S003",
        "a listener that was opened always has an address; kept for the system's errors",
    ),
    (
        "F003",
        "every path outside is refused first by M002, M008 or B003; kept as the file guard's net",
    ),
    (
        "F002",
        "a missing file is told more precisely first (M005, M009, B004, B009, P002); F002 is \
         for a file that vanishes while it is read",
    ),
    (
        "F004",
        "a book's scope never refuses a path as private: another child's file is refused as \
         outside (M008, B003) or as a hard link (F009)",
    ),
    (
        "F010",
        "a file swapped between check and read: a race no test can time without being flaky",
    ),
    (
        "F014",
        "needs a folder in content/ that cannot be read; the tests run as root, who reads all",
    ),
    (
        "F015",
        "needs an output file that cannot be written after the output folder was made",
    ),
    (
        "F024",
        "the header's pixel limit (F020) refuses first; kept for the decoders' memory limits",
    ),
    (
        "F025",
        "encoding decoded pixels into memory does not fail; kept for the encoders' errors",
    ),
    (
        "F026",
        "a JPEG over 65,535 pixels wide; the pixel limit (F020) refuses those first",
    ),
];

/// Every code in src/problems/*.rs (`"C002"`, `Code::new("I001")`).
fn declared_codes() -> std::collections::BTreeSet<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/problems");
    let mut codes = std::collections::BTreeSet::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        codes.extend(quoted_codes(&text));
    }
    codes
}

/// The codes written as `"X000"` in a text.
fn quoted_codes(text: &str) -> Vec<String> {
    let b = text.as_bytes();
    (0..b.len().saturating_sub(5))
        .filter(|&i| {
            b[i] == b'"'
                && b[i + 1].is_ascii_uppercase()
                && b[i + 2..i + 5].iter().all(u8::is_ascii_digit)
                && b[i + 5] == b'"'
        })
        .map(|i| text[i + 1..i + 5].to_string())
        .collect()
}

/// The codes the tests assert: `"X000"`, or `[X000]` inside an expected report line.
fn asserted_codes() -> std::collections::BTreeSet<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let mut codes = std::collections::BTreeSet::new();
    let files = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "rs"))
        .filter(|e| !e.path().ends_with("catalogue.rs"));
    for entry in files {
        let text = std::fs::read_to_string(entry.path()).unwrap();
        codes.extend(quoted_codes(&text));
        codes.extend(quoted_codes(&text.replace(['[', ']'], "\"")));
    }
    // This file's own tests, but not its list of untriggerable codes.
    let own = include_str!("catalogue.rs");
    let own = own.split("const UNTRIGGERABLE").next().unwrap();
    codes.extend(quoted_codes(own));
    codes
}

#[test]
fn every_problem_in_the_catalogue_is_triggered_by_a_test() {
    let declared = declared_codes();
    assert!(declared.len() > 90, "only {} codes found", declared.len());
    let asserted = asserted_codes();
    let allowed: Vec<&str> = UNTRIGGERABLE.iter().map(|(c, _)| *c).collect();
    let missing: Vec<&String> = declared
        .iter()
        .filter(|c| !asserted.contains(*c) && !allowed.contains(&c.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "no test under tests/ triggers and asserts these codes: {missing:?}\n\
         write a test that makes the problem happen as a user would and asserts its code \
         (see tests/catalogue.rs)"
    );
    // The allow-list holds only codes that exist and that no test triggers after all.
    for code in allowed {
        assert!(declared.contains(code), "{code} is not in the catalogue");
        assert!(
            !asserted.contains(code),
            "{code} is asserted by a test; take it off UNTRIGGERABLE"
        );
    }
}
