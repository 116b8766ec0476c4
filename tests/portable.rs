//! A handbook built on Linux is opened from a Windows share (`\\server\share\Metodehåndbog`) and
//! written on Windows PCs: names Windows cannot hold are refused on every platform, told at the
//! file and line that gave them; paths a case-insensitive disk would merge are refused; long paths
//! are warned about; and CRLF files (Notepad's line ends) build exactly as LF files do.

mod common;

use common::{demo_project, Project};

/// The report line of `code` in stderr (`fejl[F180]: place: …`).
#[track_caller]
fn line_of(stderr: &str, code: &str) -> String {
    stderr
        .lines()
        .find(|l| l.contains(&format!("[{code}]: ")))
        .unwrap_or_else(|| panic!("no {code} in:\n{stderr}"))
        .to_string()
}

/// A 1 × 1 PNG.
fn png() -> Vec<u8> {
    let mut bytes = Vec::new();
    image::DynamicImage::new_rgb8(1, 1)
        .write_to(
            &mut std::io::Cursor::new(&mut bytes),
            image::ImageFormat::Png,
        )
        .unwrap();
    bytes
}

#[test]
fn device_names_are_refused_where_they_were_written_and_nothing_is_written() {
    let p = Project::new();
    p.file(
        "content/metoder/con.md",
        "+++\ntitle = \"Con\"\n+++\nTekst.\n",
    )
    .file(
        "content/metoder/andet.md",
        "+++\ntitle = \"Andet\"\nslug = \"Aux\"\n\n[taxonomies]\ntema = [\"Nul\"]\n+++\nSe ![foto](billeder/prn.png).\n",
    )
    .bytes("content/metoder/billeder/prn.png", &png())
    .file("content/lpt1/_index.md", "+++\ntitle = \"Printer\"\n+++\n");
    let run = p.build();
    run.assert_codes(&["F180"]);
    let err = run.stderr();
    // The file name gives the address: told at the top of the page's settings.
    assert!(
        err.contains("fejl[F180]: content/metoder/con.md:1:1: navnet \"con\""),
        "{err}"
    );
    // A slug: told on its line.
    assert!(
        err.contains("fejl[F180]: content/metoder/andet.md:3:9: navnet \"aux\""),
        "{err}"
    );
    // A taxonomy value: told on its taxonomy's line, with what to do about a value.
    let term = err
        .lines()
        .find(|l| l.contains("\"nul\""))
        .unwrap_or_else(|| panic!("{err}"));
    assert!(
        term.starts_with("fejl[F180]: content/metoder/andet.md:6:1: "),
        "{term}"
    );
    // A photo: told where the page uses it, naming the photo.
    assert!(
        err.contains("fejl[F180]: content/metoder/andet.md:8:4: content/metoder/billeder/prn.png: navnet \"prn.png\""),
        "{err}"
    );
    assert!(
        err.contains("fejl[F180]: content/lpt1/_index.md:1:1: navnet \"lpt1\""),
        "{err}"
    );
    assert!(
        err.contains("Windows læser CON som navnet på en enhed"),
        "{err}"
    );
    assert!(err.contains("slug = \"…\""), "{err}");
    assert_eq!(
        run.codes().iter().filter(|c| *c == "F180").count(),
        5,
        "{err}"
    );
    assert!(!p.exists("output"));

    // `check` says the same without writing.
    let check = p.run(&["check"]);
    check.assert_codes(&["F180"]);
    assert!(!p.exists("output"));
}

#[test]
fn names_ending_in_a_dot_or_a_space_or_with_colons_are_refused() {
    let p = Project::new();
    p.file(
        "content/metoder/a.md",
        "+++\ntitle = \"A\"\n+++\nSe [bilag](<bilag./skema.pdf>), [b](<b:c.pdf>) og [c](<noter /c.pdf>).\n",
    )
    .bytes("content/metoder/bilag./skema.pdf", b"%PDF-1.4\n")
    .bytes("content/metoder/b:c.pdf", b"%PDF-1.4\n")
    .bytes("content/metoder/noter /c.pdf", b"%PDF-1.4\n");
    let run = p.build();
    run.assert_codes(&["F181"]);
    let err = run.stderr();
    let first = line_of(&err, "F181");
    assert!(
        first.starts_with("fejl[F181]: content/metoder/a.md:4:4: content/metoder/bilag./skema.pdf: navnet \"bilag.\""),
        "{first}"
    );
    assert!(err.contains("ender med et punktum"), "{err}");
    assert!(
        err.contains("navnet \"b:c.pdf\" kan ikke gemmes på Windows"),
        "{err}"
    );
    assert!(
        err.contains("navnet \"noter \" kan ikke gemmes på Windows: det ender med et mellemrum"),
        "{err}"
    );
    assert!(err.contains("omdøb filen eller mappen"), "{err}");
    assert!(!p.exists("output"));
}

#[test]
fn paths_that_differ_only_in_case_are_refused() {
    let p = Project::new();
    p.file(
        "content/metoder/a.md",
        "+++\ntitle = \"A\"\n+++\nSe [skema](Skema.pdf) og [det andet skema](skema.pdf).\n",
    )
    .bytes("content/metoder/Skema.pdf", b"%PDF-1.4\n1\n")
    .bytes("content/metoder/skema.pdf", b"%PDF-1.4\n2\n");
    let run = p.build();
    run.assert_codes(&["F182"]);
    let line = line_of(&run.stderr(), "F182");
    assert!(
        line.starts_with("fejl[F182]: content/metoder/a.md:4:"),
        "{line}"
    );
    assert!(
        line.contains("\"metoder/skema.pdf\" og \"metoder/Skema.pdf\""),
        "{line}"
    );
    assert!(!p.exists("output"));

    // Two pages whose file names differ only in case get one address: refused as such.
    let p = Project::new();
    p.file("content/metoder/Metode.md", "+++\ntitle = \"Stor\"\n+++\n")
        .file("content/metoder/metode.md", "+++\ntitle = \"Lille\"\n+++\n");
    p.build().assert_codes(&["C008"]);
}

#[test]
fn a_long_output_path_is_warned_about_and_still_built() {
    let p = Project::new();
    let slug = "s".repeat(90);
    p.file(
        "content/metoder/lang.md",
        &format!("+++\ntitle = \"Lang\"\nslug = \"{slug}\"\n+++\nTekst.\n"),
    );
    // An output folder long enough that only the long page's path goes over 259 characters.
    let base = p.path().display().to_string().len();
    let room = 260 - "/metoder//index.html".len() - slug.len() - base - 1;
    let out = p.path().join("o".repeat(room));
    let run = p.run(&["build", "--output", out.to_str().unwrap()]);
    run.assert_ok();
    let line = line_of(&run.stderr(), "F183");
    assert!(
        line.starts_with("advarsel[F183]: content/metoder/lang.md:3:9: "),
        "{line}"
    );
    assert!(line.contains("er 260 tegn lang"), "{line}");
    assert_eq!(run.codes(), vec!["F183".to_string()], "{}", run.stderr());
    assert!(out.join("metoder").join(&slug).join("index.html").is_file());

    // Many: the output folder is what is long, told once.
    let out = p.path().join("o".repeat(room + 100));
    let run = p.run(&["build", "--output", out.to_str().unwrap()]);
    run.assert_ok();
    assert_eq!(run.codes(), vec!["F183".to_string()], "{}", run.stderr());
    let line = line_of(&run.stderr(), "F183");
    assert!(
        line.starts_with("advarsel[F183]: bogbinder.toml: "),
        "{line}"
    );
    assert!(
        line.contains("andre stier i outputmappen er også for lange"),
        "{line}"
    );
}

#[test]
fn a_device_name_for_a_new_page_is_made_safe_and_for_a_book_refused() {
    let p = Project::new();
    let run = p.run(&["new", "metode", "Con"]);
    run.assert_ok();
    assert!(
        run.stdout().contains("content/metoder/con-side.md"),
        "{}",
        run.stdout()
    );
    assert!(p
        .read("content/metoder/con-side.md")
        .contains("title = \"Con\""));
    p.build().assert_ok();
    assert!(p.exists("output/metoder/con-side/index.html"));

    let run = p.run(&["new", "bog", "Nul"]);
    assert_eq!(run.code(), Some(2));
    let line = line_of(&run.stderr(), "F180");
    assert!(line.contains("navnet \"nul\""), "{line}");
    assert!(run.stderr().contains("vælg et andet navn til bogen"));
    assert!(!p.exists("content/boeger/nul"));
}

/// Every Markdown and TOML file of a project with Windows line ends (CRLF).
fn to_crlf(p: &Project) {
    for f in p.files_under(".") {
        let ext = f.extension().and_then(|e| e.to_str()).unwrap_or_default();
        if ext == "md" || ext == "toml" {
            let text = p.read(f.to_str().unwrap());
            assert!(!text.contains('\r'));
            p.file(f.to_str().unwrap(), &text.replace('\n', "\r\n"));
        }
    }
}

#[test]
fn a_project_saved_with_crlf_builds_byte_for_byte_as_with_lf() {
    let lf = demo_project();
    let crlf = demo_project();
    to_crlf(&crlf);
    assert!(crlf.read("bogbinder.toml").contains("\r\n"));
    assert!(crlf.read("content/boeger/laerke/bog.toml").contains("\r\n"));
    lf.build().assert_ok();
    crlf.build().assert_ok();
    // The rebuild table's key names the project's folder, which differs; every page must not.
    let published = |mut files: Vec<(std::path::PathBuf, Vec<u8>)>| {
        files.retain(|(p, _)| !p.ends_with(bogbinder::handbook::rebuild::TABLE));
        files
    };
    let (a, b) = (
        published(lf.snapshot("output")),
        published(crlf.snapshot("output")),
    );
    assert!(a.len() > 50, "{}", a.len());
    let names =
        |s: &[(std::path::PathBuf, Vec<u8>)]| s.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
    assert_eq!(names(&a), names(&b));
    for ((path, x), (_, y)) in a.iter().zip(&b) {
        assert!(x == y, "{} differs with CRLF", path.display());
        let text = path.extension().is_some_and(|e| e != "pdf");
        assert!(
            !text || !y.windows(2).any(|w| w == b"\r\n"),
            "CRLF in {}",
            path.display()
        );
    }
    // A skema block read from CRLF text gives the same form (the demo has some).
    assert!(a.iter().any(|(_, x)| x.windows(6).any(|w| w == b"<form ")));

    // The child's book: the same HTML from CRLF chapters and bog.toml.
    lf.run(&["book", "laerke"]).assert_ok();
    crlf.run(&["book", "laerke"]).assert_ok();
    let html = |p: &Project| {
        p.snapshot("boeger-output/laerke")
            .into_iter()
            .filter(|(f, _)| f.extension().is_some_and(|e| e == "html"))
            .collect::<Vec<_>>()
    };
    let (a, b) = (html(&lf), html(&crlf));
    assert!(!a.is_empty());
    assert_eq!(a, b);

    // `check` finds nothing in the CRLF project either.
    crlf.run(&["check"]).assert_ok();
}

/// Runs `bogbinder build` in the project with `output/` held as Windows holds a folder with an
/// open file in it: here a mount point (bind-mounted onto itself in a mount namespace of its
/// own), which no rename may move. `None` where no namespace can be made.
fn build_with_output_held(p: &Project) -> Option<common::Run> {
    let script = format!(
        "mount --bind output output && exec '{}' build",
        env!("CARGO_BIN_EXE_bogbinder")
    );
    let output = std::process::Command::new("unshare")
        .args(["--mount", "--map-root-user", "sh", "-c", &script])
        .current_dir(p.path())
        .env("NO_COLOR", "1")
        .output()
        .ok()?;
    let run = common::Run { output };
    if run.stderr().contains("mount") && run.codes().is_empty() {
        eprintln!("SKIPPED: no mount namespace here: {}", run.stderr());
        return None;
    }
    Some(run)
}

#[test]
fn an_output_folder_held_by_another_program_is_told_and_left_as_it_was() {
    let p = Project::new();
    p.file(
        "content/metoder/a.md",
        "+++\ntitle = \"A\"\n+++\nFørste udgave.\n",
    );
    p.build().assert_ok();
    let before = p.snapshot("output");
    p.file(
        "content/metoder/a.md",
        "+++\ntitle = \"A\"\n+++\nAnden udgave.\n",
    );
    let Some(run) = build_with_output_held(&p) else {
        return;
    };
    assert_eq!(run.code(), Some(2), "{}", run.stderr());
    let line = line_of(&run.stderr(), "F184");
    assert!(
        line.contains("en fil i mappen er åben i et andet program"),
        "{line}"
    );
    assert!(run.stderr().contains("den tidligere udgave er uændret"));
    assert_eq!(p.snapshot("output"), before, "the old output is untouched");
    // Let go, and the next build swaps the new edition in.
    p.build().assert_ok();
    assert!(p
        .read("output/metoder/a/index.html")
        .contains("Anden udgave."));
}
