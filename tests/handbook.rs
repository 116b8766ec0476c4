//! End-to-end tests of the handbook build: real fixture projects, real binary, assertions on the
//! HTML written.
mod common;
use common::*;

const METODE: &str = r#"+++
title = "Børnesamtalen"
description = "Samtalen med barnet."
updated = 2026-11-23
redskaber = ["@/redskaber/guide.md"]

[taxonomies]
tema = ["inddragelse", "Tæt kontakt"]
malgruppe = ["Børn 6-12 år"]
+++
## Før samtalen

Tekst om forberedelse.

## Gode råd til andre

> [!GODE RÅD]
> Lyt først.
"#;

fn fixture() -> Project {
    let p = Project::new();
    p.file("content/metoder/_index.md", "+++\ntitle = \"Metoder\"\nweight = 1\n+++\n")
        .file("content/metoder/boernesamtalen.md", METODE)
        .file("content/metoder/zoneterapi.md", "+++\ntitle = \"Zonemetoden\"\n+++\nZ.\n")
        .file("content/metoder/aeblemetoden.md", "+++\ntitle = \"Æblemetoden\"\n+++\nÆ.\n")
        .file("content/metoder/aabenhed.md", "+++\ntitle = \"Åbenhed\"\n+++\nÅ.\n")
        .file("content/metoder/oejebliksbilleder.md", "+++\ntitle = \"Øjebliksbilleder\"\n+++\nØ.\n")
        .file("content/metoder/anden.md", "+++\ntitle = \"Anden metode\"\n+++\nSe [afsnittet](@/metoder/boernesamtalen.md#gode-raad-til-andre).\n")
        .file("content/eksempler/_index.md", "+++\ntitle = \"Praksiseksempler\"\nweight = 2\n+++\n")
        .file(
            "content/eksempler/herlev.md",
            "+++\ntitle = \"Herlev <Kommune> & \\\"co\\\"\"\nmetoder = [\"@/metoder/boernesamtalen.md\"]\n\n[taxonomies]\nkommune = [\"Herlev Kommune\"]\ntema = [\"inddragelse\"]\n+++\n## Baggrund\n\nTekst.\n",
        )
        .file("content/redskaber/_index.md", "+++\ntitle = \"Redskaber\"\nweight = 3\n+++\n")
        .file("content/redskaber/guide.md", "+++\ntitle = \"Samtaleguide\"\ntype = \"spørgeguide\"\n+++\n1. Hvad er godt?\n");
    p
}

#[test]
fn demo_builds_without_warnings_and_reports_what_it_built() {
    let p = demo_project();
    let run = p.build();
    run.assert_ok();
    assert!(run.stderr().trim().is_empty(), "warnings: {}", run.stderr());
    let out = run.stdout();
    assert!(
        out.contains("sider") && out.contains(" s "),
        "summary line: {out}"
    );
    for f in [
        "output/index.html",
        "output/metoder/index.html",
        "output/eksempler/index.html",
        "output/redskaber/index.html",
        "output/kurser/index.html",
        "output/metoder/barnets-stemme/index.html",
        "output/tema/index.html",
        "output/malgruppe/index.html",
        "output/kommune/index.html",
        "output/anbefaling/index.html",
        "output/udskrift/index.html",
        "output/sitemap.xml",
        "output/404.html",
    ] {
        assert!(p.exists(f), "{f} missing");
    }
    let broken = broken_links(&p.path().join("output"));
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn demo_every_method_links_tools_and_every_example_names_methods() {
    let p = demo_project();
    p.build().assert_ok();
    for f in p.files_under("output/metoder") {
        let s = f.to_string_lossy();
        if s.ends_with("metoder/index.html") {
            continue;
        }
        let html = p.read(&s);
        assert!(html.contains("<h2>Redskaber</h2>"), "{s} lists no tools");
    }
    for f in p.files_under("output/eksempler") {
        let s = f.to_string_lossy();
        if s.ends_with("eksempler/index.html") {
            continue;
        }
        assert!(
            p.read(&s).contains("<h2>Metoder</h2>"),
            "{s} names no methods"
        );
    }
}

#[test]
fn pretty_urls_relative_links_and_anchors() {
    let p = fixture();
    p.build().assert_ok();
    let anden = p.read("output/metoder/anden/index.html");
    assert!(
        anden.contains("href=\"../../metoder/boernesamtalen/index.html#gode-raad-til-andre\""),
        "{anden}"
    );
    let m = p.read("output/metoder/boernesamtalen/index.html");
    assert!(m.contains("<h2 id=\"foer-samtalen\">"));
    assert!(m.contains("href=\"../../static/style.css\""));
    assert!(
        broken_links(&p.path().join("output")).is_empty(),
        "{:?}",
        broken_links(&p.path().join("output"))
    );
    // Nothing in the output points at the server root: the site works from a folder.
    for f in p.files_under("output") {
        let s = f.to_string_lossy().to_string();
        if s.ends_with(".html") {
            let html = p.read(&s);
            assert!(!html.contains("href=\"/"), "{s} has a root-absolute link");
        }
    }
}

#[test]
fn backlinks_are_shown_both_ways() {
    let p = fixture();
    p.build().assert_ok();
    let metode = p.read("output/metoder/boernesamtalen/index.html");
    assert!(
        metode.contains("Praksiseksempler, der bruger metoden"),
        "{metode}"
    );
    assert!(metode.contains("href=\"../../eksempler/herlev/index.html\""));
    assert!(metode.contains("href=\"../../redskaber/guide/index.html\""));
    let tool = p.read("output/redskaber/guide/index.html");
    assert!(tool.contains("Metoder, der bruger redskabet"), "{tool}");
    assert!(tool.contains("href=\"../../metoder/boernesamtalen/index.html\""));
}

/// `sprog = "en"`: the kind above a title and the backlink groups follow the language too.
#[test]
fn an_english_handbook_labels_kinds_and_backlinks_in_english() {
    let p = fixture();
    let config = p.read("bogbinder.toml");
    p.file("bogbinder.toml", &format!("sprog = \"en\"\n{config}"));
    p.build().assert_ok();
    let method = p.read("output/metoder/boernesamtalen/index.html");
    assert!(
        method.contains("Practice examples using this method"),
        "{method}"
    );
    assert!(method.contains("<p class=\"kind\">Method</p>"), "{method}");
    let tool = p.read("output/redskaber/guide/index.html");
    assert!(tool.contains("Methods using this tool"), "{tool}");
    for danish in [
        "Praksiseksempler, der",
        "Metoder, der",
        "<p class=\"kind\">Metode",
    ] {
        assert!(
            !method.contains(danish) && !tool.contains(danish),
            "{danish}"
        );
    }
}

/// `sprog = "en"`: box labels in the handbook follow the language, in a full build and after an
/// edit in the preview's in-place rebuild alike (both render through the same context).
#[test]
fn an_english_handbook_labels_boxes_in_english() {
    let p = Project::new();
    p.file("bogbinder.toml", "title = \"Handbook\"\nsprog = \"en\"\n");
    p.file("content/_index.md", "+++\ntitle = \"Home\"\n+++\n");
    p.file(
        "content/metoder/a.md",
        "+++\ntitle = \"A\"\n+++\n> [!TIP]\n> Ask first.\n\n> [!WARNING]\n> Careful.\n",
    );
    p.build().assert_ok();
    let page = p.read("output/metoder/a/index.html");
    assert!(page.contains("Tip"), "{page}");
    assert!(page.contains("Warning"), "{page}");
    assert!(
        !page.contains("Advarsel") && !page.contains("Gode råd"),
        "{page}"
    );
}

/// `sprog = "en"`: the print view and the search results name the kinds in English too (they
/// get their labels apart from the page template).
#[test]
fn an_english_handbook_names_kinds_in_english_in_print_and_search() {
    let p = fixture();
    let config = p.read("bogbinder.toml");
    p.file("bogbinder.toml", &format!("sprog = \"en\"\n{config}"));
    p.build().assert_ok();
    let print = p.read("output/udskrift/index.html");
    assert!(
        print.contains("<span class=\"kind\">Method</span>"),
        "{print}"
    );
    assert!(
        print.contains("<span class=\"kind\">Tool</span>"),
        "{print}"
    );
    assert!(
        !print.contains("<span class=\"kind\">Metode</span>"),
        "{print}"
    );
    let docs: String = std::fs::read_dir(p.path().join("output/soeg/t"))
        .expect("search documents")
        .map(|e| std::fs::read_to_string(e.expect("entry").path()).expect("read"))
        .collect();
    assert!(docs.contains("\"k\":\"Method\""), "{docs}");
    assert!(docs.contains("\"k\":\"Practice example\""), "{docs}");
    assert!(!docs.contains("\"k\":\"Metode\""), "{docs}");
}

#[test]
fn danish_sort_order_and_dates() {
    let p = fixture();
    p.build().assert_ok();
    let section = p.read("output/metoder/index.html");
    let pos = |t: &str| section.find(t).unwrap_or_else(|| panic!("{t} not listed"));
    let order = [
        "Anden metode",
        "Børnesamtalen",
        "Zonemetoden",
        "Æblemetoden",
        "Øjebliksbilleder",
        "Åbenhed",
    ];
    for w in order.windows(2) {
        assert!(
            pos(w[0]) < pos(w[1]),
            "{} should come before {}",
            w[0],
            w[1]
        );
    }
    let m = p.read("output/metoder/boernesamtalen/index.html");
    assert!(
        m.contains("<time datetime=\"2026-11-23\">23. november 2026</time>"),
        "{m}"
    );
    assert!(m.contains("lang=\"da\""));
    assert!(m.contains("Sidst opdateret"));
}

#[test]
fn previous_next_follow_reading_order() {
    let p = fixture();
    p.build().assert_ok();
    let m = p.read("output/metoder/boernesamtalen/index.html");
    // Sorted: Anden metode, Børnesamtalen, ... so Anden is previous and Zonemetoden next.
    assert!(
        m.contains("rel=\"prev\" href=\"../../metoder/anden/index.html\""),
        "{m}"
    );
    assert!(
        m.contains("rel=\"next\" href=\"../../metoder/zoneterapi/index.html\""),
        "{m}"
    );
}

#[test]
fn taxonomy_pages_with_counts() {
    let p = fixture();
    p.build().assert_ok();
    let tema = p.read("output/tema/index.html");
    assert!(tema.contains("href=\"../tema/inddragelse/index.html\">inddragelse</a> <span class=\"count\">(2)</span>"), "{tema}");
    assert!(tema.contains("Tæt kontakt"));
    let term = p.read("output/tema/inddragelse/index.html");
    assert!(term.contains("2 sider"));
    assert!(term.contains("href=\"../../metoder/boernesamtalen/index.html\""));
    assert!(p.exists("output/tema/taet-kontakt/index.html"));
    let m = p.read("output/metoder/boernesamtalen/index.html");
    assert!(
        m.contains("href=\"../../malgruppe/boern-6-12-aar/index.html\""),
        "taxonomy link on page"
    );
}

#[test]
fn titles_and_front_matter_strings_are_escaped() {
    let p = fixture();
    p.build().assert_ok();
    let e = p.read("output/eksempler/herlev/index.html");
    assert!(
        e.contains("Herlev &lt;Kommune&gt; &amp; &quot;co&quot;"),
        "{e}"
    );
    assert!(!e.contains("<Kommune>"));
}

#[test]
fn boxes_are_styled_containers() {
    let p = fixture();
    p.build().assert_ok();
    let m = p.read("output/metoder/boernesamtalen/index.html");
    assert!(
        m.contains("<aside class=\"boks boks-gode-raad\"><p class=\"boks-titel\">Gode råd</p>"),
        "{m}"
    );
}

#[test]
fn print_view_sitemap_and_404() {
    let p = fixture();
    p.file(
        "bogbinder.toml",
        &format!("{MINIMAL_CONFIG}base_url = \"https://x.dk/haandbog\"\n"),
    );
    p.build().assert_ok();
    let print = p.read("output/udskrift/index.html");
    let a = print.find("Børnesamtalen").unwrap();
    let b = print.find("Samtaleguide").unwrap();
    assert!(a < b, "print view follows reading order");
    assert!(
        !print.contains("class=\"sidebar\""),
        "no navigation chrome in print view"
    );
    let sitemap = p.read("output/sitemap.xml");
    assert!(sitemap.contains("<loc>https://x.dk/haandbog/metoder/boernesamtalen/</loc>"));
    assert!(sitemap.contains("<lastmod>2026-11-23</lastmod>"));
    let nf = p.read("output/404.html");
    assert!(nf.contains("Siden findes ikke"));
}

#[test]
fn page_size_does_not_grow_with_the_number_of_pages() {
    let small = fixture();
    let big = fixture();
    for i in 0..400 {
        big.file(
            &format!("content/metoder/m{i:03}.md"),
            &format!("+++\ntitle = \"Metode {i}\"\n+++\nTekst.\n"),
        );
    }
    small.build().assert_ok();
    big.build().assert_ok();
    let s = small.read("output/redskaber/guide/index.html").len();
    let b = big.read("output/redskaber/guide/index.html").len();
    assert!(
        b < s + 200,
        "a tool page grew from {s} to {b} bytes with 400 more methods"
    );
    let m = big.read("output/metoder/m001/index.html").len();
    assert!(
        m < 20_000,
        "a page in a 400-page section is {m} bytes: the section list is inlined"
    );
    assert!(
        !big.exists("output/static/nav.js"),
        "no table of contents that grows with the handbook"
    );
    // The section's sidebar list comes in groups: the list of groups, and each group's pages.
    let groups = big.read("output/static/nav/metoder.js");
    assert!(
        groups.starts_with("BOGBINDER_NAV.groups(\"metoder/\",[["),
        "{groups}"
    );
    let group = |g: usize| big.read(&format!("output/static/nav/metoder/{g}.js"));
    let all: String = (0..3).map(group).collect();
    assert!(all.contains("[\"Metode 399\",\"metoder/m399/\"]"), "{all}");
    assert!(
        !big.exists("output/static/nav/metoder/3.js"),
        "400 and a few pages make 3 groups"
    );
    // A page names the group it is in, which its sidebar opens at once.
    let m = big.read("output/metoder/m399/index.html");
    let at = m
        .find("data-nav-group=\"")
        .expect("a large section names the open group")
        + 16;
    let g: usize = m[at..at + 1].parse().unwrap();
    assert!(group(g).contains("\"metoder/m399/\""), "group {g}");
    // A small section is listed in the page, with nothing to load.
    let tool = big.read("output/redskaber/guide/index.html");
    assert!(!tool.contains("data-nav-group"), "{tool}");
    assert!(!big.exists("output/static/nav/redskaber.js"));
}

#[test]
fn bom_and_crlf_files_build() {
    let p = Project::new();
    p.bytes(
        "content/side.md",
        b"\xEF\xBB\xBF+++\r\ntitle = \"Med BOM\"\r\n+++\r\n## Overskrift\r\n\r\nTekst.\r\n",
    );
    p.build().assert_ok();
    let html = p.read("output/side/index.html");
    assert!(html.contains("<h1>Med BOM</h1>"));
    assert!(html.contains("<h2 id=\"overskrift\">"));
}

#[test]
fn page_bundles_copy_their_files() {
    let p = Project::new();
    p.file(
        "content/redskaber/_index.md",
        "+++\ntitle = \"Redskaber\"\n+++\n",
    )
    .file(
        "content/redskaber/skema/index.md",
        "+++\ntitle = \"Skema\"\n+++\n[Hent skemaet](skema%20ark.pdf)\n",
    )
    .bytes("content/redskaber/skema/skema ark.pdf", b"%PDF-1.4 test");
    p.build().assert_ok();
    let html = p.read("output/redskaber/skema/index.html");
    assert!(
        html.contains("href=\"../../redskaber/skema/skema%20ark.pdf\""),
        "{html}"
    );
    assert!(p.exists("output/redskaber/skema/skema ark.pdf"));
}

#[test]
fn init_creates_a_project_that_builds_at_once() {
    let p = Project::empty();
    p.run(&["init", "ny"]).assert_ok();
    let run = p.run(&["--root", "ny", "build"]);
    run.assert_ok();
    assert!(p.exists("ny/output/metoder/boernesamtalen/index.html"));
    assert!(run.stderr().is_empty(), "{}", run.stderr());
    // A second init never overwrites.
    std::fs::write(p.path().join("ny/content/_index.md"), "mit eget").unwrap();
    p.run(&["init", "ny"]).assert_fails_with(&["allerede"]);
    assert_eq!(p.read("ny/content/_index.md"), "mit eget");
}

#[test]
fn a_project_template_overrides_the_default_by_name() {
    let p = fixture();
    p.file(
        "themes/default/templates/page.html",
        "{% extends \"base.html\" %}{% block main %}<p class=\"egen\">EGEN: {{ page.title }}</p>{% endblock main %}",
    );
    p.build().assert_ok();
    let m = p.read("output/metoder/boernesamtalen/index.html");
    assert!(
        m.contains("<p class=\"egen\">EGEN: Børnesamtalen</p>"),
        "{m}"
    );
    assert!(
        m.contains("class=\"sidebar\""),
        "base.html still from the default theme"
    );
}

#[test]
fn check_validates_without_writing() {
    let p = fixture();
    let run = p.run(&["check"]);
    run.assert_ok();
    assert!(run.stdout().contains("Alt i orden"));
    assert!(!p.exists("output"));
}

#[test]
fn drafts_are_not_built() {
    let p = fixture();
    p.file(
        "content/metoder/kladde.md",
        "+++\ntitle = \"Kladde\"\ndraft = true\n+++\n",
    );
    p.build().assert_ok();
    assert!(!p.exists("output/metoder/kladde/index.html"));
}

#[test]
fn help_is_in_danish_for_every_command() {
    let p = Project::empty();
    let run = p.run(&["--help"]);
    run.assert_ok();
    assert!(run.stdout().contains("Byg håndbogen"), "{}", run.stdout());
    let commands = [
        vec!["--help"],
        vec!["build", "--help"],
        vec!["serve", "--help"],
        vec!["check", "--help"],
        vec!["init", "--help"],
        vec!["book", "--help"],
        vec!["new", "bog", "--help"],
    ];
    for args in commands {
        let r = p.run(&args);
        r.assert_ok();
        let help = r.stdout();
        assert!(
            help.contains("Brug: bogbinder") && help.contains("Vis denne hjælp"),
            "{help}"
        );
        for english in [
            "Usage:",
            "Options:",
            "Arguments:",
            "Commands:",
            "Print help",
            "[default:",
            "[OPTIONS]",
        ] {
            assert!(!help.contains(english), "{args:?}: {english:?} in\n{help}");
        }
    }
    // A mistyped command or flag is answered in Danish, with the nearest right one.
    let r = p.run(&["serve", "--prot", "3"]);
    assert_eq!(r.code(), Some(2));
    assert!(
        r.stderr()
            .contains("ukendt valgmulighed \"--prot\" – mente du --port?"),
        "{}",
        r.stderr()
    );
    let r = p.run(&["bulid"]);
    assert!(r.stderr().contains("mente du build?"), "{}", r.stderr());
}
