//! The first hour of a non-programmer, scripted: `init` in an empty folder, a new page, mistakes
//! made and fixed one by one by following only the messages, and a foster family's book-only
//! folder from `new bog` to a PDF. Everything runs the real binary on real folders.

mod common;
use common::*;

const PAGE: &str = "content/metoder/netvaerksmoeder-i-praksis.md";

/// One mistake a newcomer makes, as one line of [`MISTAKES`]: the edit that makes it (replace
/// the first `find` in the page with `bad`), the code it must get, words the message must hold
/// that lead to the fix, and the fix the writer makes from them (replace `from` with `to`).
struct Mistake {
    find: &'static str,
    bad: &'static str,
    code: &'static str,
    says: &'static [&'static str],
    from: &'static str,
    to: &'static str,
}

const fn m(
    find: &'static str,
    bad: &'static str,
    code: &'static str,
    says: &'static [&'static str],
    from: &'static str,
    to: &'static str,
) -> Mistake {
    Mistake {
        find,
        bad,
        code,
        says,
        from,
        to,
    }
}

/// The script, in order; each mistake is made in the page as the earlier ones left it.
#[rustfmt::skip]
const MISTAKES: &[Mistake] = &[
    // A field name in Danish: the message names the right one.
    m("title = ", "titel = ", "C005", &["`title`"], "titel = ", "title = "),
    // A taxonomy spelt as it is said works; a misspelt one gets the list to choose from.
    m("tema = []", "tema = [\"inddragelse\"]\n\"målgrupe\" = [\"Børn og unge\"]", "C013", &["\"målgrupe\"", "malgruppe"], "\"målgrupe\"", "\"målgruppe\""),
    // A reference to a tool that is not there: the message names the missing file.
    m("redskaber = []", "redskaber = [\"@/redskaber/samtaleguid.md\"]", "C012", &["content/redskaber/samtaleguid.md"], "samtaleguid.md", "samtaleguide.md"),
    // A link to a section of another page that has no such heading: the known ones are named.
    m("## Før\n", "## Før\n\nSe [forberedelsen](@/metoder/boernesamtalen.md#foer-samtale).\n", "C014", &["foer-samtalen"], "#foer-samtale)", "#foer-samtalen)"),
    // A CPR number pasted from a case file.
    m("## Under\n", "## Under\n\nSøren (120315-1234) var med.\n", "V002", &["CPR"], " (120315-1234)", ""),
    // The same number as a case file writes it, after "cpr.nr.".
    m("## Under\n", "## Under\n\ncpr.nr. 1203151234 står i sagen.\n", "V002", &["CPR"], "cpr.nr. 1203151234 står i sagen.\n", ""),
    // A photo from the phone, named with spaces and æ/ø but typed in the wrong case: the message
    // names the file that is there.
    m("## Efter\n", "## Efter\n\n![Første møde](billeder/første møde.JPG)\n", "M005", &["mente du billeder/Første møde.jpg?"], "første møde.JPG", "Første møde.jpg"),
    // A link to a page with a letter missing: the nearest page of the project is named.
    m("## Efter\n", "## Efter\n\nSe også [samtalen](@/metoder/boernesamtale.md).\n", "M004", &["mente du @/metoder/boernesamtalen.md?"], "boernesamtale.md)", "boernesamtalen.md)"),
    // A link broken over two lines is left as text by Markdown: a warning says to keep it on one.
    m("## Efter\n", "## Efter\n\nBrug [guiden](@/redskaber/samtale\nguide.md) til forberedelsen.\n", "M050", &["på én linje"], "samtale\nguide.md)", "samtaleguide.md)"),
    // Dates as they are written in Danish, or quoted: the message shows how to write it.
    m("updated = 2026-02-03", "updated = 03-02-2026", "C073", &["2026-02-03"], "03-02-2026", "2026-02-03"),
    m("updated = 2026-02-03", "updated = \"2026-02-03\"", "C072", &["2026-02-03"], "\"2026-02-03\"", "2026-02-03"),
    // A field name with å without quotes, and Word's curly quotes.
    m("\"formål\" = \"\"", "formål = \"Netværket bruges.\"", "C075", &["\"formål\" ="], "formål =", "\"formål\" ="),
    m("title = \"Netværksmøder i praksis\"", "title = “Netværksmøder i praksis”", "C071", &["lige anførselstegn"], "“Netværksmøder i praksis”", "\"Netværksmøder i praksis\""),
];

fn replace_once(p: &Project, rel: &str, (from, to): (&str, &str)) {
    let text = p.read(rel);
    assert!(text.contains(from), "{rel} lacks {from:?}:\n{text}");
    p.file(rel, &text.replacen(from, to, 1));
}

/// Every file a message points the writer to (`VEJLEDNING.md`, a page by its key) must be a
/// file in the writer's own project.
#[track_caller]
fn pointed_files_exist(p: &Project, stderr: &str) {
    // What a message quotes back ("…") is the writer's own text, not a pointer.
    let unquoted: String = stderr.split('"').step_by(2).collect::<Vec<_>>().join(" ");
    for word in unquoted.split(|c: char| c.is_whitespace() || "()`,;".contains(c)) {
        let word = word.trim_end_matches(['.', ':']);
        if word.ends_with(".md") && !word.starts_with("@/") && !word.starts_with("content/") {
            let there = p.exists(word) || p.exists(&format!("content/{word}"));
            assert!(
                there,
                "the message points to {word}, which is not in the project:\n{stderr}"
            );
        }
    }
}

#[test]
fn newcomer_writes_a_method_page_by_following_the_messages() {
    let p = Project::empty();
    p.run(&["init", "."]).assert_ok();
    assert!(p.exists("VEJLEDNING.md") && p.exists(".gitignore"));

    // The writer's photo from the phone, beside the page.
    p.bytes("content/metoder/billeder/Første møde.jpg", &small_jpeg());
    let made = p.run(&["new", "metode", "Netværksmøder i praksis"]);
    made.assert_ok();
    assert!(made.stdout().contains(PAGE), "{}", made.stdout());
    p.build().assert_ok();
    // The writer dates the page (the new page has today's date, which a script cannot know).
    let text = p.read(PAGE);
    let dated: Vec<String> = (text.lines())
        .map(|l| match l.starts_with("updated = ") {
            true => "updated = 2026-02-03".to_string(),
            false => l.to_string(),
        })
        .collect();
    p.file(PAGE, &(dated.join("\n") + "\n"));

    for m in MISTAKES {
        replace_once(&p, PAGE, (m.find, m.bad));
        // An error stops the build; a warning (a mistake read the one way it can mean) does not.
        let run = p.build();
        assert!(
            run.codes().iter().any(|c| c == m.code),
            "no {} for {:?}:\n{}",
            m.code,
            m.bad,
            run.stderr()
        );
        let err = run.stderr();
        assert!(
            err.contains(PAGE),
            "{} does not name the page:\n{err}",
            m.code
        );
        for words in m.says {
            assert!(
                err.contains(words),
                "{} does not say {words:?}:\n{err}",
                m.code
            );
        }
        pointed_files_exist(&p, &err);
        replace_once(&p, PAGE, (m.from, m.to));
        let fixed = p.build();
        fixed.assert_ok();
        assert!(fixed.codes().is_empty(), "{}", fixed.stderr());
    }

    let html = p.read("output/metoder/netvaerksmoeder-i-praksis/index.html");
    assert!(html.contains("Netværksmøder i praksis"));
    assert!(
        html.contains("foer-samtalen"),
        "the fixed link is on the page"
    );
    assert!(!html.contains("120315") && !html.contains("1203151234"));
    // The photo named with spaces and æ/ø is on the page, and no Markdown is left as text.
    assert!(
        html.contains("<img") && html.contains("alt=\"Første møde\""),
        "{html}"
    );
    assert!(!html.contains("]("), "{html}");
    // The taxonomy written with å has its term page in the configured taxonomy.
    let term = p.read("output/malgruppe/boern-og-unge/index.html");
    assert!(term.contains("Netværksmøder i praksis"));
}

#[test]
fn init_writes_a_guide_and_a_gitignore_and_points_only_to_files_it_made() {
    let p = Project::empty();
    let run = p.run(&["init", "haandbog"]);
    run.assert_ok();
    assert!(run.stdout().contains("VEJLEDNING.md"), "{}", run.stdout());
    let guide = p.read("haandbog/VEJLEDNING.md");
    for topic in [
        "+++",
        "[!GODE RÅD]",
        "@/",
        "![",
        "[taxonomies]",
        "bogbinder new bog",
        "--overgang",
        "bogbinder --help",
    ] {
        assert!(guide.contains(topic), "the guide says nothing of {topic}");
    }
    assert!(
        !p.exists("haandbog/content/VEJLEDNING.md"),
        "the guide is never a page"
    );
    let ignore = p.read("haandbog/.gitignore");
    for line in [
        "/output/",
        "/boeger-output/",
        "/.bogbinder-cache/",
        "/content/boeger/",
    ] {
        assert!(
            ignore.lines().any(|l| l == line),
            ".gitignore lacks {line}:\n{ignore}"
        );
    }
    let config = p.read("haandbog/bogbinder.toml");
    assert!(!config.contains("README"), "{config}");
    for word in config.split_whitespace().filter(|w| w.ends_with(".md")) {
        assert!(
            p.exists(&format!("haandbog/{word}")),
            "bogbinder.toml points to {word}"
        );
    }
    // The guide is not published with the handbook.
    let root = p.path().join("haandbog");
    let built = std::process::Command::new(env!("CARGO_BIN_EXE_bogbinder"))
        .args(["build"])
        .current_dir(&root)
        .output()
        .unwrap();
    assert!(built.status.success());
    assert!(!walkdir::WalkDir::new(root.join("output"))
        .into_iter()
        .filter_map(Result::ok)
        .any(|e| e.file_name().to_string_lossy().contains("VEJLEDNING")));
}

#[test]
fn init_in_a_git_folder_adds_its_lines_to_the_gitignore_there() {
    let p = Project::empty();
    p.file(".gitignore", "target/\n");
    p.run(&["init", "."]).assert_ok();
    let ignore = p.read(".gitignore");
    assert!(ignore.starts_with("target/\n"), "{ignore}");
    assert!(ignore.lines().any(|l| l == "/content/boeger/"), "{ignore}");
}

#[test]
fn every_kind_of_new_page_builds_at_once_and_is_never_overwritten() {
    let p = Project::empty();
    p.run(&["init", "."]).assert_ok();
    for (kind, file) in [
        ("metode", "content/metoder/tidlig-opsporing.md"),
        ("eksempel", "content/eksempler/tidlig-opsporing.md"),
        ("redskab", "content/redskaber/tidlig-opsporing.md"),
        ("kursus", "content/kurser/tidlig-opsporing.md"),
    ] {
        p.run(&["new", kind, "Tidlig opsporing"]).assert_ok();
        let text = p.read(file);
        assert!(text.contains("title = \"Tidlig opsporing\""), "{text}");
        // Every field the kind has is explained (a comment line above it).
        assert!(
            text.lines().filter(|l| l.starts_with('#')).count() > 8,
            "{text}"
        );
        p.file(file, &text.replace("## ", "## Mit afsnit ")); // the writer's own words
        let again = p.run(&["new", kind, "Tidlig opsporing"]);
        again.assert_codes(&["P041"]);
        assert!(
            p.read(file).contains("## Mit afsnit"),
            "{kind} was overwritten"
        );
    }
    p.run(&["check"]).assert_ok();
    p.build().assert_ok();
    assert!(p.exists("output/kurser/tidlig-opsporing/index.html"));
    p.run(&["new", "metode", "!!!"]).assert_codes(&["P042"]);
}

#[test]
fn new_page_in_a_project_without_the_section_makes_the_section() {
    let p = Project::new();
    p.run(&["new", "redskab", "Brev til barnet"]).assert_ok();
    assert!(p.exists("content/redskaber/_index.md"));
    p.build().assert_ok();
    assert!(p.exists("output/redskaber/brev-til-barnet/index.html"));
}

#[test]
fn danish_taxonomy_keys_from_the_docs_work() {
    let p = Project::new();
    p.file(
        "content/moede.md",
        "+++\ntitle = \"Mødet\"\n\n[taxonomies]\n\"målgruppe\" = [\"Forældre\"]\n\"mødetype\" = [\"Netværksmøde\"]\nMaalgruppe = [\"Børn\"]\n+++\nTekst.\n",
    );
    p.build().assert_ok();
    assert!(p
        .read("output/malgruppe/foraeldre/index.html")
        .contains("Mødet"));
    assert!(p
        .read("output/malgruppe/boern/index.html")
        .contains("Mødet"));
    assert!(p
        .read("output/modetype/netvaerksmoede/index.html")
        .contains("Mødet"));
}

#[test]
fn a_foster_family_makes_a_book_without_a_handbook() {
    let p = Project::empty();
    let made = p.run(&["new", "bog", "Søren Åge"]);
    made.assert_ok();
    assert!(made.stdout().contains("VEJLEDNING.md"), "{}", made.stdout());
    assert!(p.exists("content/boeger/soeren-aage/bog.toml"));
    assert!(p
        .read(".gitignore")
        .lines()
        .any(|l| l == "/content/boeger/"));
    let guide = p.read("VEJLEDNING.md");
    assert!(guide.contains("--overgang") && !guide.contains("bogbinder new metode"));

    // There is no handbook here, and build says so instead of making an empty site.
    let build = p.build();
    build.assert_codes(&["P040"]);
    assert!(
        build.stderr().contains("bogbinder book soeren-aage"),
        "{}",
        build.stderr()
    );
    assert!(!p.exists("output"));
    p.run(&["check"]).assert_ok();

    let chapter = "content/boeger/soeren-aage/01-alt-om-mig.md";
    let text = p.read(chapter);
    p.file(
        chapter,
        &format!("{text}Jeg hedder Søren, og jeg kan lide fodbold.\n"),
    );
    let book = p.run(&["book", "Søren Åge"]);
    book.assert_ok();
    let pdf = p.path().join("boeger-output/soeren-aage/soeren-aage.pdf");
    let out = std::process::Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) must be installed");
    let words = String::from_utf8_lossy(&out.stdout);
    assert!(words.contains("Søren Åge"), "{words}");
    assert!(words.contains("jeg kan lide fodbold"), "{words}");

    // The folder name works as well, and a second book joins the folder.
    p.run(&["book", "soeren-aage"]).assert_ok();
    p.run(&["new", "bog", "Emma"]).assert_ok();
    assert!(p.exists("content/boeger/emma/bog.toml"));
}

#[test]
fn a_book_is_found_as_typed_in_a_handbook_project_too() {
    let p = Project::new();
    p.run(&["new", "bog", "Lærke"]).assert_ok();
    let chapter = "content/boeger/laerke/01-alt-om-mig.md";
    let text = p.read(chapter);
    p.file(chapter, &format!("{text}Jeg bor i Aarhus.\n"));
    p.run(&["book", "Lærke"]).assert_ok();
    assert!(p.exists("boeger-output/laerke/laerke.pdf"));
    p.run(&["book", "Lærke", "--overgang", "Skolen"])
        .assert_codes(&["B005"]);
    p.run(&["book", "Lærk"]).assert_codes(&["B009"]);
}

#[test]
fn the_guide_is_printed_by_its_command() {
    let p = Project::empty();
    for command in ["vejledning", "hjælp"] {
        let run = p.run(&[command]);
        run.assert_ok();
        assert!(run.stdout().contains("[!GODE RÅD]"));
    }
}

/// The fenced blocks of a Markdown file, in order.
fn fenced_blocks(text: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        let fence = line.trim_start().starts_with("```");
        match (&mut current, fence) {
            (None, true) => current = Some(String::new()),
            (Some(b), true) => {
                blocks.push(std::mem::take(b));
                current = None;
            }
            (Some(b), false) => {
                let indent = line.len() - line.trim_start().len();
                b.push_str(&line[indent.min(2)..]);
                b.push('\n');
            }
            (None, false) => {}
        }
    }
    blocks
}

/// Writes each page, box, link and front matter example of `guide` as a page of `p` and builds
/// it; returns how many were tried.
#[track_caller]
fn build_examples(p: &Project, guide: &str, name: &str) -> usize {
    let mut tried = 0;
    for (i, block) in fenced_blocks(guide).iter().enumerate() {
        let page = if block.starts_with("+++") {
            block.clone()
        } else if block.starts_with("> [!") || block.starts_with("Se [") || block.starts_with("## ")
        {
            format!("+++\ntitle = \"Eksempel {i}\"\n+++\n{block}")
        } else if ["[[citater]]", "[[workshops]]", "[taxonomies]"]
            .iter()
            .any(|t| block.starts_with(t))
        {
            format!("+++\ntitle = \"Eksempel {i}\"\n{block}+++\n")
        } else {
            continue;
        };
        let rel = format!("content/metoder/{name}-{i}.md");
        p.file(&rel, &page);
        let run = p.build();
        assert!(
            run.ok(),
            "{name}: example {i} does not build:\n{page}\n{}",
            run.stderr()
        );
        tried += 1;
    }
    tried
}

#[test]
fn the_guides_examples_build_as_written() {
    let p = Project::empty();
    p.run(&["init", "."]).assert_ok();
    let guide = p.read("VEJLEDNING.md");
    assert!(build_examples(&p, &guide, "vejledning") >= 6);
    let docs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/indhold.md");
    let docs = std::fs::read_to_string(docs).unwrap();
    assert!(build_examples(&p, &docs, "indhold") >= 6);
}

#[cfg(unix)]
#[test]
fn a_new_page_is_never_written_through_a_link() {
    let p = Project::new();
    let elsewhere = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), p.path().join("content/metoder")).unwrap();
    p.run(&["new", "metode", "Netværksmøder"])
        .assert_codes(&["P043"]);
    assert_eq!(std::fs::read_dir(elsewhere.path()).unwrap().count(), 0);
}

#[test]
fn a_book_name_that_cannot_be_used_leaves_an_empty_folder_empty() {
    let p = Project::empty();
    p.run(&["new", "bog", "!!!"]).assert_codes(&["B011"]);
    assert_eq!(std::fs::read_dir(p.path()).unwrap().count(), 0);
}
