//! A rebuild over the previous edition renders only the outputs whose inputs changed (see
//! `src/handbook/rebuild.rs`), and its output is byte for byte what a fresh build gives.

mod common;
use bogbinder::handbook::rebuild::TABLE;
use bogbinder::handbook::BuildReport;
use common::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Builds the project into `<out>/site`; one report per edition (the demo has two).
fn build(p: &Project, out: &Path) -> Vec<BuildReport> {
    bogbinder::handbook::build(p.path(), Some(&out.join("site"))).expect("build")
}

/// Every file under `dir` (the table of signatures and the marker included) with its bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap();
            let rel = rel.to_string_lossy().replace('\\', "/");
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// Every edition's output folder of a build, with its files.
fn trees(reports: &[BuildReport]) -> Vec<BTreeMap<String, Vec<u8>>> {
    reports.iter().map(|r| tree(&r.output_dir)).collect()
}

/// What a fresh build of the project as it is now writes, into a folder of its own.
fn fresh(p: &Project) -> Vec<BTreeMap<String, Vec<u8>>> {
    let out = tempfile::tempdir().unwrap();
    let reports = build(p, out.path());
    assert!(reports.iter().all(|r| r.reused == 0));
    trees(&reports)
}

#[track_caller]
fn assert_same(built: &[BuildReport], fresh: &[BTreeMap<String, Vec<u8>>], step: &str) {
    let built = trees(built);
    assert_eq!(built.len(), fresh.len());
    for (b, f) in built.iter().zip(fresh) {
        let only_b: Vec<&String> = b.keys().filter(|k| !f.contains_key(*k)).collect();
        let only_f: Vec<&String> = f.keys().filter(|k| !b.contains_key(*k)).collect();
        assert!(
            only_b.is_empty() && only_f.is_empty(),
            "{step}: only in the rebuild {only_b:?}, only in a fresh build {only_f:?}"
        );
        for (k, v) in f {
            assert!(b[k] == *v, "{step}: {k} differs from a fresh build");
        }
    }
}

fn rendered(reports: &[BuildReport]) -> usize {
    reports.iter().map(|r| r.rendered).sum()
}

fn reused(reports: &[BuildReport]) -> usize {
    reports.iter().map(|r| r.reused).sum()
}

/// The demo with the print view in parts of five pages, built twice into `<out>/site`: the
/// next build starts from the first one's folder and table.
fn built_twice() -> (Project, tempfile::TempDir) {
    let p = demo_project();
    let config = p.read("bogbinder.toml");
    let config = config.replacen(
        "theme = \"default\"\n",
        "theme = \"default\"\nsider_pr_udskrift = 5\n",
        1,
    );
    p.file("bogbinder.toml", &config);
    let out = tempfile::tempdir().unwrap();
    let first = build(&p, out.path());
    assert!(first.iter().all(|r| r.reused == 0 && r.rendered > 20));
    build(&p, out.path());
    (p, out)
}

/// The previous edition's folder that the next build into `site/<edition>` starts from.
fn previous(report: &BuildReport) -> PathBuf {
    let name = report.output_dir.file_name().unwrap().to_string_lossy();
    report.output_dir.with_file_name(format!(".{name}.forrige"))
}

#[test]
fn a_rebuild_with_nothing_changed_renders_nothing_and_equals_a_fresh_build() {
    let (p, out) = built_twice();
    let third = build(&p, out.path());
    // The sitemap is always made (it costs what its signature would).
    assert!(
        rendered(&third) <= third.len(),
        "rendered {}",
        rendered(&third)
    );
    assert!(reused(&third) > 60, "reused {}", reused(&third));
    for r in &third {
        assert!(r.output_dir.join(TABLE).is_file());
        assert!(r.output_dir.join("udskrift/2/index.html").is_file());
    }
    assert_same(&third, &fresh(&p), "no change");
    // And again: every build leaves a table for the one after the next.
    let fourth = build(&p, out.path());
    assert!(rendered(&fourth) <= fourth.len());
    assert_same(&fourth, &fresh(&p), "no change, fourth build");
}

#[test]
fn an_edited_page_its_print_part_and_the_search_index_are_rendered_again() {
    let (p, out) = built_twice();
    let page = "content/metoder/boernesamtalen.md";
    p.file(
        page,
        &(p.read(page) + "\nEt afsnit om zebrafinker i samtalen.\n"),
    );
    let third = build(&p, out.path());
    assert_same(&third, &fresh(&p), "body edit");
    assert!(rendered(&third) < 12, "rendered {}", rendered(&third));
    let site = &third[0].output_dir;
    let text = std::fs::read_to_string(site.join("metoder/boernesamtalen/index.html")).unwrap();
    assert!(text.contains("zebrafinker"));
    let print_parts: Vec<PathBuf> = (1..20)
        .map(|n| site.join(format!("udskrift/{n}/index.html")))
        .filter(|f| f.is_file())
        .collect();
    assert!(print_parts.len() > 2);
    let with_it = (print_parts.iter())
        .filter(|f| std::fs::read_to_string(f).unwrap().contains("zebrafinker"))
        .count();
    assert_eq!(with_it, 1, "one print part holds the page");
    let search: String = (tree(&site.join("soeg")).values())
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .collect();
    assert!(
        search.contains("zebrafink"),
        "the search index knows the new word"
    );

    // A new title: every page listing the page follows.
    p.file(
        page,
        &p.read(page).replacen("title = \"", "title = \"Zebra ", 1),
    );
    let fourth = build(&p, out.path());
    assert_same(&fourth, &fresh(&p), "title edit");
    let section = std::fs::read_to_string(site.join("metoder/index.html")).unwrap();
    assert!(section.contains("Zebra "));
}

#[test]
fn a_changed_template_setting_or_program_renders_everything() {
    let (p, out) = built_twice();
    let base = "themes/default/templates/base.html";
    p.file(
        base,
        &p.read(base)
            .replacen("</body>", "<!-- ny skabelon --></body>", 1),
    );
    let third = build(&p, out.path());
    assert_eq!(reused(&third), 0, "a template changed");
    assert_same(&third, &fresh(&p), "template edit");

    let config = p.read("bogbinder.toml");
    p.file(
        "bogbinder.toml",
        &config.replacen("Demokommune", "Nabokommune", 1),
    );
    let fourth = build(&p, out.path());
    assert_eq!(reused(&fourth), 0, "a setting changed");
    assert_same(&fourth, &fresh(&p), "setting edit");

    // Another program wrote the table: its key differs.
    for r in &fourth {
        let table = previous(r).join(TABLE);
        let text = std::fs::read_to_string(&table).unwrap();
        let (header, rest) = text.split_once('\t').unwrap();
        let key = &rest[..16];
        let other = if key == "0000000000000000" { "1" } else { "0" }.repeat(16);
        std::fs::write(&table, format!("{header}\t{other}{}", &rest[16..])).unwrap();
    }
    let fifth = build(&p, out.path());
    assert_eq!(reused(&fifth), 0, "another program's table");
    assert_same(&fifth, &fresh(&p), "another program");
}

#[test]
fn a_folder_left_by_a_killed_build_is_compared_byte_for_byte() {
    let (p, out) = built_twice();
    let reports = build(&p, out.path());
    for r in &reports {
        // A build killed while writing: its folder (the previous edition, taken as staging) has
        // no table, and a page in it is half written with the right length.
        let prev = previous(r);
        let killed = r.output_dir.with_file_name(format!(
            ".{}.ny-2000000000",
            r.output_dir.file_name().unwrap().to_string_lossy()
        ));
        std::fs::rename(&prev, &killed).unwrap();
        std::fs::remove_file(killed.join(TABLE)).unwrap();
        let page = killed.join("metoder/boernesamtalen/index.html");
        let len = std::fs::metadata(&page).unwrap().len() as usize;
        std::fs::write(&page, vec![b'x'; len]).unwrap();
    }
    let next = build(&p, out.path());
    assert_eq!(reused(&next), 0, "no table: nothing is taken on trust");
    assert_same(&next, &fresh(&p), "after a killed build");
}

#[test]
fn a_file_deleted_or_changed_by_hand_comes_back() {
    let (p, out) = built_twice();
    let third = build(&p, out.path());
    let site = third[0].output_dir.clone();
    std::fs::remove_file(site.join("metoder/boernesamtalen/index.html")).unwrap();
    std::fs::remove_file(site.join("soeg/index.js")).unwrap();
    std::fs::write(site.join("metoder/index.html"), "kort").unwrap();
    // The next build starts from the edition before; the one after it from this folder.
    for step in ["fourth", "fifth"] {
        let reports = build(&p, out.path());
        assert_same(&reports, &fresh(&p), step);
        assert!(reused(&reports) > 60);
    }
}

#[test]
fn a_failed_build_leaves_no_table_to_trust() {
    let (p, out) = built_twice();
    // A template that fails only as pages are rendered, after the build took the table.
    let page = "themes/default/templates/page.html";
    let good = p.read(page);
    p.file(
        page,
        &good.replacen(
            "{% block main %}",
            "{% block main %}{{ page.findes_ikke }}",
            1,
        ),
    );
    let failed = bogbinder::handbook::build(p.path(), Some(&out.path().join("site")));
    let message = failed.expect_err("a failing template").to_string();
    assert!(message.contains("findes_ikke"), "{message}");
    p.file(page, &good);
    let next = build(&p, out.path());
    // The first edition failed: its folder has no table. The second was never begun.
    assert_eq!(next[0].reused, 0, "the failed build's folder has no table");
    assert!(next[1].reused > 0);
    assert_same(&next, &fresh(&p), "after a failed build");
}

/// A large section's sidebar comes in groups, and a page's opens at the group holding it: when
/// a page moves to the front, the page that slides from one group into the next changes though
/// nothing it shows of itself or its neighbours did.
#[test]
fn a_page_sliding_into_the_next_sidebar_group_is_rendered_again() {
    let p = Project::new();
    p.large_section(205);
    let out = tempfile::tempdir().unwrap();
    build(&p, out.path());
    build(&p, out.path());
    p.file(
        "content/s/p204.md",
        "+++\ntitle = \"Side 204\"\nweight = 0\n+++\nTekst 204.\n",
    );
    let third = build(&p, out.path());
    assert!(reused(&third) > 100, "reused {}", reused(&third));
    assert_same(&third, &fresh(&p), "a page moved to the front");
}

/// A photo is decoded and encoded again (without its metadata) to be published: a rebuild does
/// that only for a photo whose bytes changed.
#[test]
fn a_photo_is_published_again_only_when_it_changed() {
    let p = Project::new();
    p.file(
        "content/side/index.md",
        "+++\ntitle = \"Side\"\n+++\n![Stranden](strand.jpg)\n",
    );
    p.bytes("content/side/strand.jpg", &photo_with_gps());
    let out = tempfile::tempdir().unwrap();
    build(&p, out.path());
    build(&p, out.path());
    let third = build(&p, out.path());
    assert_eq!(rendered(&third), 0, "nothing changed, the photo neither");
    assert_same(&third, &fresh(&p), "photo kept");
    p.bytes("content/side/strand.jpg", &small_jpeg());
    let fourth = build(&p, out.path());
    assert_eq!(rendered(&fourth), 1, "the photo only");
    assert_same(&fourth, &fresh(&p), "photo changed");
    let published = std::fs::read(fourth[0].output_dir.join("side/strand.jpg")).unwrap();
    let gone_gps = !published.windows(4).any(|w| w == b"Exif");
    assert!(gone_gps, "published without its metadata");
}
