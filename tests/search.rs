//! Danish search: the stemmer, the index built from a real project, and the files it writes.

mod common;

use bogbinder::handbook::search::{build_index, IN_BODY, IN_HEADING, IN_TITLE};
use bogbinder::text::stemming::stem;
use common::{demo_project, Project};
use std::path::Path;

const STEMS: &str = "tests/data/danish_stems.tsv";

/// The word list both stemmers are held to: `word<TAB>stem` as rust-stemmers gives it. The browser
/// suite checks static/search.js against the same file. Regenerate with
/// `BOGBINDER_UPDATE_STEMS=1 cargo test --test search`.
#[test]
fn stem_list_is_what_the_rust_stemmer_gives() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(STEMS);
    let text = std::fs::read_to_string(&path).unwrap();
    let mut fresh = String::new();
    let mut wrong = Vec::new();
    for line in text.lines() {
        let (word, expected) = line.split_once('\t').unwrap_or((line, ""));
        let got = stem(word);
        if got != expected {
            wrong.push(format!("{word}: file {expected:?}, stemmer {got:?}"));
        }
        fresh.push_str(&format!("{word}\t{got}\n"));
    }
    if std::env::var_os("BOGBINDER_UPDATE_STEMS").is_some() {
        std::fs::write(&path, fresh).unwrap();
        return;
    }
    assert!(text.lines().count() > 5000, "the word list should be large");
    assert!(
        wrong.is_empty(),
        "{} stems differ:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

fn load(p: &Project) -> bogbinder::handbook::resolve::Site {
    bogbinder::handbook::load(p.path())
        .expect("project loads")
        .0
}

#[test]
fn demo_index_finds_word_forms() {
    let site = load(&demo_project());
    let index = build_index(&site);
    let samtale = index.lookup("samtale");
    assert!(!samtale.is_empty());
    assert_eq!(samtale, index.lookup("samtalen"));
    assert_eq!(samtale, index.lookup("Samtaler"));
    assert!(!index.lookup("barnets").is_empty());
    assert_eq!(index.lookup("barnets"), index.lookup("barn"));
    // Every page of the demo is in the index, and nothing else.
    assert_eq!(index.docs.len(), site.handbook.pages.len());
}

fn page(title: &str, body: &str) -> String {
    format!("+++\ntitle = \"{title}\"\n+++\n{body}\n")
}

#[test]
fn title_headings_taxonomies_and_aa_spelling_are_indexed() {
    let p = Project::new();
    p.file("content/metoder/_index.md", &page("Metoder", ""))
    .file(
        "content/metoder/samtalen.md",
        "+++\ntitle = \"Samtalen med barnet\"\n[taxonomies]\ntema = [\"Tæt kontakt\"]\n+++\n## Forberedelse\nTal om Aabenraa.\n",
    )
    .file(
        "content/metoder/boernesamtalen.md",
        &page("Børnesamtalen", "Om at tale med børn."),
    )
    .file(
        "content/metoder/andet.md",
        &page("Noget andet", "Her nævnes samtaler kun i teksten, samtaler og samtaler igen."),
    );
    let site = load(&p);
    let index = build_index(&site);
    let doc = |title: &str| index.docs.iter().position(|d| d.t == title).unwrap() as u32;
    let (title_page, body_page) = (doc("Samtalen med barnet"), doc("Noget andet"));

    let hits = index.lookup("samtale");
    let t = hits.iter().find(|h| h.doc == title_page).unwrap();
    let b = hits.iter().find(|h| h.doc == body_page).unwrap();
    assert!(t.fields & IN_TITLE != 0, "title match is flagged");
    assert!(b.fields & IN_TITLE == 0 && b.fields & IN_BODY != 0);
    assert_eq!(b.tf, 3, "body occurrences counted");
    let compound = hits.iter().find(|h| h.doc == doc("Børnesamtalen")).unwrap();
    assert!(
        compound.fields & IN_TITLE != 0,
        "a compound title matches its tail"
    );

    assert_eq!(index.lookup("forberedelsen")[0].doc, title_page, "headings");
    let compound = index.lookup("beredelse");
    assert!(
        compound.iter().any(|h| h.doc == title_page),
        "compound tails of headings"
    );
    assert_eq!(index.lookup("kontakt")[0].doc, title_page, "taxonomy terms");
    assert_eq!(index.lookup("Åbenrå")[0].doc, title_page, "aa read as å");
    assert_eq!(index.lookup("aabenraa"), index.lookup("åbenrå"));
}

#[test]
fn the_build_writes_a_search_page_and_a_sharded_index() {
    let p = demo_project();
    p.build().assert_ok();
    let html = p.read("output/soeg/index.html");
    assert!(html.contains("id=\"soeg-q\""));
    assert!(html.contains("static/search.js"));
    let front = p.read("output/index.html");
    assert!(
        front.contains("action=\"soeg/index.html\""),
        "search box on every page"
    );
    let manifest = p.read("output/soeg/index.js");
    assert!(manifest.starts_with("BOGBINDER_SEARCH.manifest("));
    let shards = p.files_under("output/soeg/i");
    assert!(shards.len() > 10, "index is split into shards");
    assert!(p.exists("output/soeg/t/0.js"));
    assert!(p.exists("output/static/search.js"));
}

#[test]
fn no_search_entry_ever_comes_from_a_barnets_bog() {
    let marker = "Zyxqvortbarn";
    let p = Project::new();
    p.file(
        "content/metoder/_index.md",
        &page("Metoder", "Om samtaler."),
    )
    .file(
        "content/boeger/mira/bog.toml",
        &format!("navn = \"{marker}\"\ntilhoerer = \"{marker}\"\n"),
    )
    .file(
        "content/boeger/mira/01-alt-om-mig.md",
        &page(
            &format!("Alt om {marker}"),
            &format!("{marker} kan lide samtaler. {marker}s hund."),
        ),
    );
    p.build().assert_ok();
    let site = load(&p);
    let index = build_index(&site);
    assert!(index.lookup(marker).is_empty());
    for term in index.terms.keys() {
        assert!(
            !term.contains(&stem(marker)),
            "term {term} comes from a book"
        );
    }
    for d in &index.docs {
        assert!(!d.x.contains(marker) && !d.t.contains(marker) && !d.u.starts_with("boeger"));
    }
    // And in what the build wrote: no file under output/ names the marker in any form.
    let needle = stem(marker);
    for f in p.files_under("output") {
        let bytes = std::fs::read(p.path().join(&f)).unwrap();
        let text = String::from_utf8_lossy(&bytes).to_lowercase();
        assert!(!text.contains(&needle), "{} mentions the book", f.display());
    }
}

/// The words of a built index's shard files (`output/soeg/i/*.js`), as the browser loads them.
fn built_terms(p: &Project) -> String {
    let mut all = String::new();
    for f in p.files_under("output/soeg/i") {
        all.push_str(&std::fs::read_to_string(p.path().join(f)).unwrap());
    }
    all
}

#[test]
fn every_field_a_page_shows_is_searchable() {
    let p = Project::new();
    p.file("content/metoder/_index.md", "+++\ntitle = \"Metoder\"\nformaal = \"Sektionsformaalsord\"\n+++\n")
        .file(
            "content/metoder/samtale.md",
            "+++\ntitle = \"Samtale\"\nformaal = \"Trivselsafklaring hos barnet.\"\nalder = \"Skolebørn\"\nkilde = \"Rigsarkivforlaget\"\n+++\nTekst.\n",
        )
        .file(
            "content/eksempler/herlev.md",
            "+++\ntitle = \"Herlev\"\naar = 2019\nudbytte = \"Færre anbringelsesskift.\"\n\n[[citater]]\ntekst = \"Jeg følte mig lyttet til ved mødebordet.\"\nkilde = \"Pige, 12 år, Sydhavnsskolen\"\n+++\nTekst.\n",
        )
        .file(
            "content/redskaber/skema.md",
            "+++\ntitle = \"Skema\"\ntype = \"Dialogkortspil\"\n+++\nTekst.\n",
        )
        .file(
            "content/kurser/kursus.md",
            "+++\ntitle = \"Kursus\"\nvarighed = \"Otte eftermiddage\"\n\n[[workshops]]\ntitle = \"Relationsarbejde\"\nvarighed = \"Halvdagsformat\"\nbeskrivelse = \"Vi øver rollespil.\"\n+++\nTekst.\n",
        );
    let site = load(&p);
    let index = build_index(&site);
    let doc = |title: &str| index.docs.iter().position(|d| d.t == title).unwrap() as u32;
    let only_in = |word: &str, title: &str, field: u32| {
        let hits = index.lookup(word);
        assert_eq!(hits.len(), 1, "{word}: {hits:?}");
        assert_eq!(hits[0].doc, doc(title), "{word}");
        assert_eq!(hits[0].fields, field, "{word} is indexed as field {field}");
    };
    only_in("trivselsafklaringen", "Samtale", IN_BODY); // formål
    only_in("skolebørn", "Samtale", IN_BODY); // alder
    only_in("rigsarkivforlaget", "Samtale", IN_BODY); // kilde
    only_in("2019", "Herlev", IN_BODY); // år
    only_in("anbringelsesskift", "Herlev", IN_BODY); // udbytte
    only_in("mødebordet", "Herlev", IN_BODY); // a quote
    only_in("sydhavnsskolen", "Herlev", IN_BODY); // its source
    only_in("dialogkortspil", "Skema", IN_BODY); // type
    only_in("eftermiddage", "Kursus", IN_BODY); // varighed
    only_in("relationsarbejdet", "Kursus", IN_HEADING); // a workshop's title is a heading
    only_in("halvdagsformat", "Kursus", IN_BODY); // its duration
    only_in("rollespil", "Kursus", IN_BODY); // its description
                                             // A section shows no facts, so its formål is not searched either.
    assert!(index.lookup("sektionsformaalsord").is_empty());
    // The snippet text holds them in the page's order, so a result can show where it matched.
    let herlev = &index.docs[doc("Herlev") as usize].x;
    let (fact, body, quote) = (
        herlev.find("anbringelsesskift").unwrap(),
        herlev.find("Tekst").unwrap(),
        herlev.find("mødebordet").unwrap(),
    );
    assert!(fact < body && body < quote, "{herlev}");

    // And the build writes them into the index the browser reads.
    p.build().assert_ok();
    let built = built_terms(&p);
    for word in [
        "trivselsafklaring",
        "anbringelsesskift",
        "mødebordet",
        "relationsarbejde",
    ] {
        assert!(built.contains(&format!("\"{}\":", stem(word))), "{word}");
    }
}

#[test]
fn ae_and_oe_typed_for_ae_and_oe_letters_find_the_page() {
    let p = Project::new();
    p.file(
        "content/metoder/netvaerk.md",
        &page("Netværksmødet", "Børnene vælger selv."),
    )
    .file(
        "content/metoder/michael.md",
        &page("Michael skriver poesi", "Om digte og Israel."),
    );
    let site = load(&p);
    let index = build_index(&site);
    let doc = |title: &str| index.docs.iter().position(|d| d.t == title).unwrap() as u32;
    let hits = index.lookup("netvaerksmoede");
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].doc, doc("Netværksmødet"));
    assert!(hits[0].fields & IN_TITLE != 0);
    assert_eq!(hits, index.lookup("Netværksmøde"));
    assert_eq!(index.lookup("boernene"), index.lookup("børn"));
    assert_eq!(index.lookup("NETVAERKSMOEDER"), hits, "any case and form");
    // Words with a real "ae"/"oe" still find themselves.
    let michael = doc("Michael skriver poesi");
    for w in ["Michael", "michael", "poesien", "Israel"] {
        let h = index.lookup(w);
        assert!(h.len() == 1 && h[0].doc == michael, "{w}: {h:?}");
    }
    assert!(index.lookup("michal").is_empty());
    assert!(index.lookup("pøsi").len() == 1, "the same in ASCII (poesi)");

    p.build().assert_ok();
    assert!(built_terms(&p).contains(&format!("\"{}\":", stem("netvaerksmoede"))));
}

#[test]
fn without_base_url_no_sitemap_is_written_and_nothing_is_said() {
    let p = Project::new();
    p.file("content/metoder/samtale.md", &page("Samtale", "Tekst."));
    let run = p.build();
    run.assert_ok();
    assert!(run.stderr().trim().is_empty(), "{}", run.stderr());
    assert!(!p.exists("output/sitemap.xml"));
    assert!(p.exists("output/metoder/samtale/index.html"));
    // An empty base_url is no address either.
    p.file(
        "bogbinder.toml",
        &format!("{}base_url = \"\"\n", common::MINIMAL_CONFIG),
    );
    p.build().assert_ok();
    assert!(!p.exists("output/sitemap.xml"));
    // With one, every entry is an absolute address.
    p.file(
        "bogbinder.toml",
        &format!(
            "{}base_url = \"https://intra.kommune.dk/haandbog\"\n",
            common::MINIMAL_CONFIG
        ),
    );
    p.build().assert_ok();
    let sitemap = p.read("output/sitemap.xml");
    let locs: Vec<&str> = sitemap
        .split("<loc>")
        .skip(1)
        .map(|s| s.split("</loc>").next().unwrap())
        .collect();
    assert!(locs.len() >= 2, "{sitemap}");
    for loc in &locs {
        assert!(
            loc.starts_with("https://intra.kommune.dk/haandbog/"),
            "{loc}"
        );
    }
    assert!(locs.contains(&"https://intra.kommune.dk/haandbog/metoder/samtale/"));
}

#[test]
fn a_base_url_that_is_not_a_whole_address_is_told_at_its_line() {
    let p = Project::new();
    for bad in ["intranet.kommune.dk/haandbog", "https://", "/haandbog/"] {
        p.file(
            "bogbinder.toml",
            &format!("{}base_url = \"{bad}\"\n", common::MINIMAL_CONFIG),
        );
        let run = p.build();
        run.assert_codes(&["P060"]);
        assert!(
            run.stderr().contains("bogbinder.toml:3:12:"),
            "{}",
            run.stderr()
        );
        assert!(run.stderr().contains("https://"), "says what to write");
    }
    for good in ["https://x.dk", "HTTP://intranet/haandbog/"] {
        p.file(
            "bogbinder.toml",
            &format!("{}base_url = \"{good}\"\n", common::MINIMAL_CONFIG),
        );
        p.build().assert_ok();
        assert!(p
            .read("output/sitemap.xml")
            .contains(&format!("<loc>{good}")));
    }
}

#[test]
fn the_live_preview_has_a_sitemap_exactly_when_the_build_does() {
    use bogbinder::live::incremental::Incremental;
    let p = Project::new();
    p.file("content/metoder/samtale.md", &page("Samtale", "Tekst."));
    let mut inc = Incremental::load(p.path()).unwrap();
    assert!(inc.file("sitemap.xml").is_none());
    assert!(!inc.all_files().contains_key("sitemap.xml"));
    p.file(
        "bogbinder.toml",
        &format!("{}base_url = \"https://x.dk/\"\n", common::MINIMAL_CONFIG),
    );
    inc.update(&[p.path().join("bogbinder.toml")]);
    let sitemap = inc.file("sitemap.xml").expect("a sitemap with base_url");
    assert!(String::from_utf8_lossy(&sitemap).contains("<loc>https://x.dk/metoder/samtale/</loc>"));
}

/// The pages' texts for snippets come in chunks, not one file per page: a large handbook is not
/// mostly tiny files. Page `d`'s text is in chunk `d / per`, where the browser looks for it.
#[test]
fn snippet_texts_are_grouped_into_chunks() {
    let p = Project::new();
    p.file(
        "content/metoder/_index.md",
        "+++\ntitle = \"Metoder\"\n+++\n",
    );
    for i in 0..300 {
        p.file(
            &format!("content/metoder/m{i:03}.md"),
            &format!("+++\ntitle = \"Metode {i}\"\n+++\nTekst om samtalen nummer {i}.\n"),
        );
    }
    p.build().assert_ok();
    let manifest = p.read("output/soeg/index.js");
    let field = |name: &str| -> usize {
        let at = manifest.find(&format!("\"{name}\":")).unwrap() + name.len() + 3;
        manifest[at..]
            .split(|c: char| !c.is_ascii_digit())
            .next()
            .unwrap()
            .parse()
            .unwrap()
    };
    let (docs, per) = (field("docs"), field("per"));
    assert!(docs > 300, "{manifest}");
    let chunks = p.files_under("output/soeg/t");
    assert_eq!(chunks.len(), docs.div_ceil(per), "{manifest}");
    assert!(
        chunks.len() * 20 < docs,
        "{} chunk files for {docs} pages",
        chunks.len()
    );
    for c in 0..chunks.len() {
        let text = p.read(&format!("output/soeg/t/{c}.js"));
        assert!(
            text.starts_with(&format!("BOGBINDER_SEARCH.docs({},[", c * per)),
            "{text}"
        );
        let size = text.len();
        assert!(size < 64 * 1024, "chunk {c} is {size} bytes");
    }
    let all: String = (0..chunks.len())
        .map(|c| p.read(&format!("output/soeg/t/{c}.js")))
        .collect();
    assert_eq!(all.matches("\"u\":\"metoder/m").count(), 300);
}
