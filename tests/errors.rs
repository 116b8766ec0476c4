//! Bad input: every error names the file (and line and column where there is one), says what to
//! do, is reported together with the others, exits non-zero and leaves the previous output as it was.
mod common;
use common::*;

/// A project that builds, then gets broken by `breakage`; the build must fail with the problem
/// `codes` and `needles` (places, and words where the words are the point) in its report, and
/// leave `output/` byte for byte as it was.
#[track_caller]
fn fails_and_keeps_output(
    breakage: impl FnOnce(&Project),
    codes: &[&str],
    needles: &[&str],
) -> Run {
    let p = Project::new();
    p.file(
        "content/metoder/_index.md",
        "+++\ntitle = \"Metoder\"\n+++\n",
    )
    .file(
        "content/metoder/a.md",
        "+++\ntitle = \"A\"\n+++\n## Afsnit\n\nTekst.\n",
    );
    p.build().assert_ok();
    let before = p.snapshot("output");
    assert!(!before.is_empty());
    breakage(&p);
    let run = p.build();
    run.assert_fails_with(needles).assert_codes(codes);
    assert_eq!(run.code(), Some(1), "content errors exit with 1");
    assert_eq!(
        p.snapshot("output"),
        before,
        "a failed build changed output/"
    );
    let leftovers: Vec<_> = std::fs::read_dir(p.path())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".output") && n != ".output.forrige")
        .collect();
    assert!(
        leftovers.is_empty(),
        "temporary folders left behind: {leftovers:?}"
    );
    run
}

#[test]
fn invalid_toml_front_matter_names_line_and_column() {
    let run = fails_and_keeps_output(
        |p| {
            p.file(
                "content/metoder/b.md",
                "+++\ntitle = \"B\"\nweight = fem\n+++\n",
            );
        },
        &["C005"],
        &["content/metoder/b.md:3:", "→"],
    );
    assert!(run.stderr().contains("1 fejl fundet"));
}

#[test]
fn unknown_front_matter_field_is_an_error_not_silently_lost() {
    fails_and_keeps_output(
        |p| {
            p.file(
                "content/metoder/b.md",
                "+++\ntitle = \"B\"\ntitel = \"x\"\n+++\n",
            );
        },
        &["C005"],
        &[
            "content/metoder/b.md:3:1",
            "ukendt felt `titel` – mente du `title`?",
        ],
    );
}

#[test]
fn unknown_reference_in_front_matter_names_file_line_and_reference() {
    fails_and_keeps_output(
        |p| {
            p.file(
                "content/metoder/b.md",
                "+++\ntitle = \"B\"\nredskaber = [\"@/redskaber/findes-ikke.md\"]\n+++\n",
            );
        },
        &["C012"],
        &["content/metoder/b.md:3:15", "@/redskaber/findes-ikke.md"],
    );
}

#[test]
fn broken_at_link_names_line_and_column() {
    fails_and_keeps_output(
        |p| {
            p.file(
                "content/metoder/b.md",
                "+++\ntitle = \"B\"\n+++\nFørste linje.\n\nSe [her](@/metoder/c.md).\n",
            );
        },
        &["M004"],
        &["content/metoder/b.md:6:4", "@/metoder/c.md"],
    );
}

#[test]
fn broken_anchor_lists_the_known_ones() {
    fails_and_keeps_output(
        |p| {
            p.file(
                "content/metoder/b.md",
                "+++\ntitle = \"B\"\n+++\nSe [her](@/metoder/a.md#mangler).\n",
            );
        },
        &["C014"],
        &[
            "content/metoder/b.md:4:",
            "#mangler",
            "kendte afsnit: afsnit",
        ],
    );
}

#[test]
fn duplicate_url_names_both_files() {
    fails_and_keeps_output(
        |p| {
            p.file(
                "content/metoder/a/index.md",
                "+++\ntitle = \"A igen\"\n+++\n",
            );
        },
        &["C008"],
        &[
            "/metoder/a/",
            "content/metoder/a.md",
            "content/metoder/a/index.md",
        ],
    );
}

#[test]
fn non_utf8_file_names_line_and_says_how_to_fix() {
    fails_and_keeps_output(
        |p| {
            p.bytes(
                "content/metoder/b.md",
                b"+++\ntitle = \"B\"\n+++\nGr\xf8d\n",
            );
        },
        &["C001"],
        &["content/metoder/b.md:4:3", "UTF-8"],
    );
}

#[test]
fn missing_template_is_named() {
    fails_and_keeps_output(
        |p| {
            p.file(
                "content/metoder/b.md",
                "+++\ntitle = \"B\"\ntemplate = \"findes-ikke.html\"\n+++\n",
            );
        },
        &["T003"],
        &["content/metoder/b.md:3:13", "findes-ikke.html"],
    );
}

#[test]
fn broken_template_override_is_named() {
    fails_and_keeps_output(
        |p| {
            p.file(
                "themes/default/templates/page.html",
                "{% extends \"base.html\" %}{% block main %}{{ page.title {% endblock main %}",
            );
        },
        &["T070"],
        &["themes/default/templates/page.html"],
    );
}

#[test]
fn broken_config_names_line() {
    fails_and_keeps_output(
        |p| {
            p.file("bogbinder.toml", "title = \"T\"\nsprog = da\n");
        },
        &["P076"],
        &["bogbinder.toml:2:", "sprog = \"da\""],
    );
}

#[test]
fn all_errors_of_a_build_are_reported_together() {
    let run = fails_and_keeps_output(
        |p| {
            p.file(
                "content/metoder/b.md",
                "+++\ntitle = \"B\"\nweight = x\n+++\n",
            )
            .file(
                "content/metoder/c.md",
                "+++\ntitle = \"C\"\n+++\n[x](@/nej.md)\n",
            )
            .file(
                "content/metoder/d.md",
                "+++\ntitle = \"D\"\n+++\nCPR 010203-1234\n",
            );
        },
        &["C005", "M004", "V002"],
        &[
            "content/metoder/b.md:3",
            "content/metoder/c.md:4",
            "content/metoder/d.md:4:5",
        ],
    );
    assert!(run.stderr().contains("3 fejl fundet"), "{}", run.stderr());
}

#[test]
fn missing_title_says_how_to_add_one() {
    fails_and_keeps_output(
        |p| {
            p.file("content/metoder/b.md", "+++\nweight = 1\n+++\n");
        },
        &["C002"],
        &["content/metoder/b.md", "title ="],
    );
}

#[test]
fn unclosed_front_matter() {
    fails_and_keeps_output(
        |p| {
            p.file(
                "content/metoder/b.md",
                "+++\ntitle = \"B\"\n## Overskrift\n",
            );
        },
        &["C004"],
        &["content/metoder/b.md:1:1"],
    );
}

#[test]
fn huge_file_is_refused_with_a_size() {
    fails_and_keeps_output(
        |p| {
            let mut big = String::from("+++\ntitle = \"Stor\"\n+++\n");
            big.push_str(&"ord ".repeat(9 * 1024 * 1024 / 4));
            p.file("content/metoder/stor.md", &big);
        },
        &["F013"],
        &["content/metoder/stor.md", "MB"],
    );
}

#[test]
fn cpr_number_stops_the_build_unless_allowed() {
    fails_and_keeps_output(
        |p| {
            p.file(
                "content/metoder/b.md",
                "+++\ntitle = \"B\"\n+++\nBarnets cpr: 241299-1234.\n",
            );
        },
        &["V002"],
        &["content/metoder/b.md:4:14", "allow_cpr"],
    );
    let p = Project::new();
    p.file(
        "content/skema.md",
        "+++\ntitle = \"Skema\"\nallow_cpr = true\n+++\nEksempel: 010101-1234\n",
    );
    p.build().assert_ok();
}

#[test]
fn cpr_number_written_without_dash_or_with_dots_stops_the_build() {
    fails_and_keeps_output(
        |p| {
            p.file(
                "content/metoder/b.md",
                "+++\ntitle = \"B\"\n+++\nTlf. 12 34 56 78, sag 2023-45678.\ncpr.nr. 1203151234\nFødt 12.03.15-1234\n",
            );
        },
        &["V002"],
        &["content/metoder/b.md:5:9", "content/metoder/b.md:6:6"],
    );
}

#[test]
fn path_outside_the_project_is_refused() {
    fails_and_keeps_output(
        |p| {
            p.file(
                "content/metoder/b.md",
                "+++\ntitle = \"B\"\n+++\n![x](../../../../etc/passwd)\n",
            );
        },
        &["M002"],
        &["content/metoder/b.md:4:1"],
    );
}

#[test]
fn link_into_a_childs_book_is_refused() {
    fails_and_keeps_output(
        |p| {
            p.file(
                "content/boeger/emma/01-alt-om-mig.md",
                "+++\ntitle = \"Alt om mig\"\n+++\nHemmeligt.\n",
            );
            p.file(
                "content/metoder/b.md",
                "+++\ntitle = \"B\"\n+++\n[bog](@/boeger/emma/01-alt-om-mig.md)\n",
            );
        },
        &["M003"],
        &["content/metoder/b.md:4:1"],
    );
}

#[test]
fn unknown_taxonomy_lists_the_known_ones() {
    fails_and_keeps_output(
        |p| {
            p.file(
                "content/metoder/b.md",
                "+++\ntitle = \"B\"\n[taxonomies]\nemne = [\"x\"]\n+++\n",
            );
        },
        &["C013"],
        &["content/metoder/b.md:4:1", "\"emne\"", "tema"],
    );
}

#[test]
fn content_using_a_reserved_url_is_refused() {
    fails_and_keeps_output(
        |p| {
            p.file("content/tema/_index.md", "+++\ntitle = \"Tema\"\n+++\n");
        },
        &["C010"],
        &["content/tema/_index.md"],
    );
}

#[test]
fn output_folder_may_not_be_root_content_or_a_parent() {
    let p = Project::new();
    for bad in [".", "content", "..", "content/ud"] {
        let run = p.run(&["build", "--output", bad]);
        run.assert_codes(&["P009"]);
        assert_eq!(run.code(), Some(2));
    }
    assert!(p.exists("content/_index.md"), "content survived");
    p.file(
        "bogbinder.toml",
        "title = \"T\"\noutput_dir = \"content\"\n",
    );
    p.build()
        .assert_codes(&["P009"])
        .assert_fails_with(&["i content/"]);
}

#[test]
fn a_foreign_folder_is_never_replaced() {
    let p = Project::new();
    p.file("dokumenter/vigtigt.txt", "må ikke slettes");
    p.run(&["build", "--output", "dokumenter"])
        .assert_codes(&["P009"])
        .assert_fails_with(&["ikke lavet af bogbinder"]);
    assert_eq!(p.read("dokumenter/vigtigt.txt"), "må ikke slettes");
}

#[test]
fn no_project_gives_a_hint_not_a_panic() {
    let p = Project::empty();
    let run = p.run(&["build"]);
    run.assert_codes(&["P003"])
        .assert_fails_with(&["bogbinder.toml", "bogbinder init"]);
}

/// `check` renders every page in memory, so a template that only fails when used is caught
/// before a build, and still nothing is written.
#[test]
fn check_finds_template_errors_that_show_only_when_rendering() {
    let p = Project::new();
    p.file(
        "content/metoder/a.md",
        "+++\ntitle = \"A\"\n+++\nTekst.\n",
    )
    .file(
        "themes/default/templates/page.html",
        "{% extends \"base.html\" %}{% block main %}{{ page.findes_ikke | upper }}{% endblock main %}",
    );
    p.run(&["check"])
        .assert_codes(&["T071"])
        .assert_fails_with(&["themes/default/templates/page.html"]);
    assert!(!p.exists("output"));
}

/// The demo's beach photo, which carries a GPS position in its EXIF.
fn photo_with_gps() -> Vec<u8> {
    std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("content/boeger/laerke/billeder/stranden.jpg"),
    )
    .unwrap()
}

#[test]
fn a_photo_under_another_name_is_cleaned_like_a_photo() {
    let p = Project::new();
    p.file(
        "content/metoder/a.md",
        "+++\ntitle = \"A\"\n+++\n![Stranden](stranden.jfif) og [som fil](stranden.dat)\n",
    )
    .bytes("content/metoder/stranden.jfif", &photo_with_gps())
    .bytes("content/metoder/stranden.dat", &photo_with_gps());
    p.build().assert_ok();
    for name in ["stranden.jfif", "stranden.dat"] {
        let published = std::fs::read(p.path().join("output/metoder").join(name)).unwrap();
        assert!(
            image::load_from_memory(&published).is_ok(),
            "{name} is no longer a photo"
        );
        assert!(
            !published.windows(6).any(|w| w == b"Exif\0\0"),
            "{name} was published with its EXIF (GPS) block"
        );
    }
}

#[test]
fn phone_video_and_documents_with_photo_metadata_are_refused() {
    let mut mov = vec![0, 0, 0, 20];
    mov.extend_from_slice(b"ftypqt  \0\0\0\0qt  ");
    let mut pdf =
        b"%PDF-1.7\n4 0 obj << /Filter /DCTDecode >> stream\n\xFF\xD8\xFF\xE1\0\x18".to_vec();
    pdf.extend_from_slice(b"Exif\0\0MM\0*");
    fails_and_keeps_output(
        |p| {
            p.file(
                "content/metoder/b.md",
                "+++\ntitle = \"B\"\n+++\n[Film](film.mov) og [skema](skema.pdf)\n",
            )
            .bytes("content/metoder/film.mov", &mov)
            .bytes("content/metoder/skema.pdf", &pdf);
        },
        &["F030", "F031"],
        &["film.mov", "en video", "skema.pdf"],
    );
}

/// A problem found after parsing points where the parser saw the value, not at the first line
/// that happens to hold the same words (here the title and the description come first).
#[test]
fn problems_in_front_matter_point_at_the_value_not_the_first_match() {
    fails_and_keeps_output(
        |p| {
            p.file(
                "content/metoder/b.md",
                "+++\n\
                 title = \"Om @/redskaber/findes-ikke.md, emne og template\"\n\
                 description = \"emne = template\"\n\
                 weight = 1\n\
                 redskaber = [\"@/metoder/a.md\", \"@/redskaber/findes-ikke.md\"]\n\
                 [taxonomies]\n\
                 emne = [\"x\"]\n\
                 +++\n",
            );
        },
        &["C012", "C013"],
        &["content/metoder/b.md:5:33", "content/metoder/b.md:7:1"],
    );
    // A missing template is found once the links are whole.
    fails_and_keeps_output(
        |p| {
            p.file(
                "content/metoder/b.md",
                "+++\n\
                 title = \"Om template\"\n\
                 description = \"template = \\\"findes-ikke.html\\\"\"\n\
                 template = \"findes-ikke.html\"\n\
                 +++\n",
            );
        },
        &["T003"],
        &["content/metoder/b.md:4:13"],
    );
}

/// A compendium naming a page that does not exist is told at its line in `bogbinder.toml`, even
/// when the same words stand earlier in the file.
#[test]
fn a_compendium_s_missing_page_is_told_at_its_line() {
    let p = Project::new();
    p.file(
        "bogbinder.toml",
        "title = \"Om @/metoder/nej.md\"\n\
         [[kompendier]]\n\
         name = \"kursus\"\n\
         title = \"Kursus\"\n\
         pages = [\"@/metoder/nej.md\"]\n",
    )
    .file("content/metoder/a.md", "+++\ntitle = \"A\"\n+++\nTekst.\n");
    p.run(&["book", "kursus"])
        .assert_codes(&["B015"])
        .assert_fails_with(&["bogbinder.toml:5:11"]);
}

#[test]
fn codes_are_read_from_the_start_of_a_line_only() {
    let stderr = "fejl[C002]: a.md: siden mangler en titel\n    → tilføj fejl[X999]: nej\n\
                  advarsel[F001]: b\nfejl: uden kode\nfejl[c01]: nej\n2 fejl fundet";
    assert_eq!(codes(stderr), ["C002", "F001"]);
}

/// The same problems, in English when asked, with the same codes.
#[test]
fn problems_are_told_in_english_with_the_same_codes() {
    let p = Project::new();
    p.file(
        "content/metoder/b.md",
        "+++\nweight = 1\n+++\nCPR 010203-1234\n",
    );
    let en = p.run_with(&["build"], &[("BOGBINDER_SPROG", "en")]);
    en.assert_codes(&["C002", "V002"]).assert_fails_with(&[
        "error[C002]: content/metoder/b.md:1:1: the page has no title",
        "content/metoder/b.md:4:5: here is something that looks like a CPR number",
        "nothing was written",
    ]);
    let da = p.build();
    assert_eq!(da.codes(), en.codes());
    da.assert_fails_with(&["fejl[C002]", "siden mangler en titel"]);
    let wrong = p.run_with(&["bulid"], &[("BOGBINDER_SPROG", "en")]);
    wrong
        .assert_codes(&["A002"])
        .assert_fails_with(&["unknown command", "did you mean build?"]);
    p.run(&["bulid"])
        .assert_codes(&["A002"])
        .assert_fails_with(&["ukendt kommando"]);
}

/// A handbook written in English (`sprog = "en"`) gets its problems in English too;
/// `BOGBINDER_SPROG=da` still asks for Danish.
#[test]
fn an_english_project_is_told_its_problems_in_english() {
    let p = Project::new();
    let config = p.read("bogbinder.toml");
    p.file("bogbinder.toml", &format!("sprog = \"en\"\n{config}"));
    p.file("content/metoder/b.md", "+++\nweight = 1\n+++\nTekst.\n");
    p.build().assert_codes(&["C002"]).assert_fails_with(&[
        "error[C002]: content/metoder/b.md:1:1: the page has no title",
        "nothing was written",
    ]);
    p.run_with(&["build"], &[("BOGBINDER_SPROG", "da")])
        .assert_codes(&["C002"])
        .assert_fails_with(&["fejl[C002]", "siden mangler en titel"]);
}

/// A command that cannot run as asked (exit code 2) names its problem's code like a content
/// problem does.
#[test]
fn a_usage_problem_has_its_code_on_stderr() {
    let p = Project::empty();
    p.run(&["book", "x"])
        .assert_codes(&["P003"])
        .assert_fails_with(&["bogbinder init"]);
    let p = Project::new();
    let run = p.run(&["book", "findes-ikke"]);
    run.assert_codes(&["B009"]);
    assert_eq!(run.code(), Some(2));
}
