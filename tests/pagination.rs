//! Long lists split over numbered pages, so that no page grows with the handbook: a section's and
//! a term's pages (`side/<n>/`, `sider_pr_liste`) and the print view's parts (`udskrift/<n>/`,
//! `sider_pr_udskrift`). Real fixture projects with small page sizes, so a few pages show it.
mod common;
use common::*;

/// Seven methods (in Danish order: Ager … Åen), all with the theme "inddragelse".
fn fixture(config: &str) -> Project {
    let p = Project::new();
    p.file("bogbinder.toml", &format!("{MINIMAL_CONFIG}{config}"))
        .file(
            "content/metoder/_index.md",
            "+++\ntitle = \"Metoder\"\nweight = 1\n+++\nSektionens egen tekst.\n",
        )
        .file(
            "content/metoder/under/_index.md",
            "+++\ntitle = \"Undersektion\"\n+++\n",
        )
        .file(
            "content/redskaber/_index.md",
            "+++\ntitle = \"Redskaber\"\nweight = 2\n+++\n",
        )
        .file(
            "content/redskaber/guide.md",
            "+++\ntitle = \"Guide\"\n+++\nG.\n",
        );
    for name in ["Ager", "Bro", "Eng", "Fjord", "Zone", "Æble", "Åen"] {
        p.file(
            &format!("content/metoder/{}.md", name.to_lowercase()),
            &format!(
                "+++\ntitle = \"{name}\"\n\n[taxonomies]\ntema = [\"inddragelse\"]\n+++\nOm {name}.\n"
            ),
        );
    }
    p
}

/// The titles a list page links to in its list of cards, in order.
fn card_titles(html: &str) -> Vec<String> {
    let list = &html[html.rfind("<ul class=\"card-list\">").expect("a card list")..];
    let list = &list[..list.find("</ul>").unwrap()];
    list.split("<li><a href=\"")
        .skip(1)
        .map(|li| {
            let t = &li[li.find('>').unwrap() + 1..];
            t[..t.find("</a>").unwrap()].to_string()
        })
        .collect()
}

#[test]
fn a_long_section_lists_its_pages_over_numbered_pages() {
    let p = fixture("sider_pr_liste = 3\n");
    p.build().assert_ok();
    let first = p.read("output/metoder/index.html");
    assert_eq!(card_titles(&first), ["Ager", "Bro", "Eng"]);
    assert!(first.contains("Sektionens egen tekst."));
    assert!(
        first.contains("7 sider<span class=\"pager-of\">, side 1 af 3</span>"),
        "{first}"
    );
    assert!(first.contains("<nav class=\"pager\" aria-label=\"Listens sider\">"));
    assert!(first.contains(
        "<a class=\"next\" rel=\"next\" href=\"../metoder/side/2/index.html\">Næste →</a>"
    ));
    assert!(first.contains("<a href=\"../metoder/index.html\" aria-current=\"page\">1</a>"));
    assert!(
        first.contains("Undersektion"),
        "subsections on the first page"
    );

    let second = p.read("output/metoder/side/2/index.html");
    assert_eq!(card_titles(&second), ["Fjord", "Zone", "Æble"]);
    assert!(second.contains("<title>Metoder (side 2 af 3) · Testhåndbog</title>"));
    assert!(second.contains("href=\"../../../metoder/index.html\">← Forrige</a>"));
    assert!(
        second.contains("href=\"../../../metoder/side/2/index.html\" aria-current=\"page\">2</a>")
    );
    assert!(
        !second.contains("Sektionens egen tekst."),
        "the section's text only on page 1"
    );
    assert!(
        second.contains("href=\"../../../metoder/fjord/index.html\""),
        "links lead from side/2/"
    );
    let third = p.read("output/metoder/side/3/index.html");
    assert_eq!(card_titles(&third), ["Åen"]);
    assert!(
        !third.contains("rel=\"next\" href=\"../../../metoder/side"),
        "no next after the last"
    );
    assert!(!p.exists("output/metoder/side/4/index.html"));
    // A short section has no pager at all.
    let tools = p.read("output/redskaber/index.html");
    assert!(!tools.contains("class=\"pager\""));
    assert!(!p.exists("output/redskaber/side"));
    assert_eq!(broken_links(&p.path().join("output")), Vec::<String>::new());
}

#[test]
fn a_term_with_many_pages_lists_them_over_numbered_pages() {
    let p = fixture("sider_pr_liste = 3\n");
    p.build().assert_ok();
    let first = p.read("output/tema/inddragelse/index.html");
    assert_eq!(card_titles(&first), ["Ager", "Bro", "Eng"]);
    assert!(first.contains("7 sider, side 1 af 3"), "{first}");
    let last = p.read("output/tema/inddragelse/side/3/index.html");
    assert_eq!(card_titles(&last), ["Åen"]);
    assert!(
        last.contains("<title>Tema: inddragelse (side 3 af 3) · Testhåndbog</title>"),
        "{last}"
    );
    assert!(last.contains("href=\"../../../../tema/inddragelse/index.html\">1</a>"));
    // The taxonomy's list still counts every page of the term.
    assert!(p.read("output/tema/index.html").contains("(7)"));
    assert_eq!(broken_links(&p.path().join("output")), Vec::<String>::new());
}

#[test]
fn a_large_print_view_comes_in_parts_listed_on_its_first_page() {
    let p = fixture("sider_pr_udskrift = 4\n");
    p.build().assert_ok();
    let list = p.read("output/udskrift/index.html");
    assert!(list.contains("<nav class=\"print-parts\""), "{list}");
    assert!(
        list.contains("href=\"../udskrift/1/index.html\">Del 1: "),
        "{list}"
    );
    assert!(
        !list.contains("class=\"print-page"),
        "the list holds no page's text"
    );
    // Every page is in exactly one part, in reading order.
    let parts: Vec<String> = (1..=3)
        .map(|n| p.read(&format!("output/udskrift/{n}/index.html")))
        .collect();
    assert!(
        !p.exists("output/udskrift/4/index.html"),
        "12 pages in parts of 4"
    );
    for text in ["Om Ager.", "Om Åen.", "<p>G.</p>"] {
        let found = parts.iter().filter(|h| h.contains(text)).count();
        assert_eq!(found, 1, "{text} in {found} parts");
    }
    assert!(parts[1].contains("Del 2 af 3"));
    assert!(parts[1].contains("rel=\"next\" href=\"../../udskrift/3/index.html\">Næste →</a>"));
    assert!(
        parts[1].contains("<title>Udskriftsvenlig version, del 2 af 3: Testhåndbog</title>")
            || parts[1].contains(", del 2 af 3: Testhåndbog</title>"),
        "{}",
        &parts[1][..600]
    );
    assert_eq!(broken_links(&p.path().join("output")), Vec::<String>::new());
}

#[test]
fn a_small_handbook_keeps_its_print_view_on_one_page() {
    let p = fixture("");
    p.build().assert_ok();
    let print = p.read("output/udskrift/index.html");
    assert!(print.contains("Om Ager.") && print.contains("Om Åen."));
    assert!(!p.exists("output/udskrift/1/index.html"));
    assert!(!p.exists("output/metoder/side"));
}

#[test]
fn a_page_at_the_address_of_a_list_page_is_refused() {
    let p = fixture("sider_pr_liste = 3\n");
    p.file(
        "content/metoder/side/_index.md",
        "+++\ntitle = \"Side\"\n+++\n",
    )
    .file(
        "content/metoder/side/2.md",
        "+++\ntitle = \"To\"\n+++\nTo.\n",
    )
    .file(
        "content/metoder/side/9.md",
        "+++\ntitle = \"Ni\"\n+++\nNi.\n",
    );
    // Page 2 of the section's list is taken; there is no page 9, so that address is free.
    let run = p.build();
    run.assert_fails_with(&["content/metoder/side/2.md", "/metoder/side/2/"]);
    assert_eq!(run.codes(), ["C010"]);
}
