//! The live preview's incremental rebuilds must give exactly what a clean full build gives.

mod common;
use bogbinder::incremental::Incremental;
use common::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The files a clean `bogbinder build` writes, without its marker file.
fn full_build(p: &Project) -> BTreeMap<String, Vec<u8>> {
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("site");
    bogbinder::site::build(p.path(), Some(&target)).expect("full build");
    walkdir::WalkDir::new(&target)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter(|e| e.file_name() != bogbinder::output::MARKER)
        .map(|e| {
            let rel = e.path().strip_prefix(&target).unwrap();
            (
                rel.to_string_lossy().replace('\\', "/"),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

fn memory(inc: &mut Incremental) -> BTreeMap<String, Vec<u8>> {
    inc.all_files()
        .iter()
        .map(|(k, v)| (k.clone(), v.to_vec()))
        .collect()
}

#[track_caller]
fn assert_same(p: &Project, inc: &mut Incremental, step: &str) {
    assert!(
        inc.problems().is_empty(),
        "{step}: problems: {}",
        inc.problems()
    );
    let full = full_build(p);
    let mem = memory(inc);
    let only_full: Vec<&String> = full.keys().filter(|k| !mem.contains_key(*k)).collect();
    let only_mem: Vec<&String> = mem.keys().filter(|k| !full.contains_key(*k)).collect();
    assert!(
        only_full.is_empty() && only_mem.is_empty(),
        "{step}: only in full build {only_full:?}, only incremental {only_mem:?}"
    );
    for (k, v) in &full {
        assert!(mem[k] == *v, "{step}: {k} differs from a full build");
    }
}

fn edit(p: &Project, rel: &str, f: impl FnOnce(String) -> String) -> PathBuf {
    let text = p.read(rel);
    p.file(rel, &f(text));
    p.path().join(rel)
}

#[test]
fn incremental_state_after_edits_equals_a_clean_build() {
    let p = demo_project();
    let mut inc = Incremental::load(p.path()).unwrap();
    assert_same(&p, &mut inc, "start");

    // Body edit of one page.
    let f = edit(&p, "content/metoder/boernesamtalen.md", |t| {
        t + "\nEt nyt afsnit om samtalen.\n"
    });
    let u = inc.update(&[f]);
    let changed = u.changed.unwrap();
    assert!(
        changed.contains(&"metoder/boernesamtalen/index.html".to_string()),
        "{changed:?}"
    );
    assert!(
        changed.len() < 10,
        "a body edit re-rendered too much: {changed:?}"
    );
    assert_same(&p, &mut inc, "body edit");

    // Title change: neighbours, section, backlinks and sidebars follow.
    let f = edit(&p, "content/metoder/boernesamtalen.md", |t| {
        t.replacen("title = \"", "title = \"Aaa ", 1)
    });
    inc.update(&[f]);
    // The section listing is rendered when asked for, with the new title.
    let section = inc.file("metoder/index.html").unwrap();
    assert!(String::from_utf8_lossy(&section).contains("Aaa "));
    assert_same(&p, &mut inc, "title change");

    // Taxonomy change.
    let f = edit(&p, "content/eksempler/herlev-talking-mats.md", |t| {
        t.replacen(
            "tema = [\"inddragelse\"]",
            "tema = [\"inddragelse\", \"nyt tema\"]",
            1,
        )
    });
    inc.update(&[f]);
    assert_same(&p, &mut inc, "taxonomy change");

    // Summary change of a page others list and reference: sections, backlinks, terms follow.
    let f = edit(&p, "content/metoder/barnets-stemme.md", |t| {
        t.replacen("description = \"", "description = \"Ny indledning. ", 1)
    });
    inc.update(&[f]);
    assert_same(&p, &mut inc, "description change");

    // Order change: the page moves in its section and in the reading order.
    let f = edit(&p, "content/metoder/barnets-stemme.md", |t| {
        t.replacen("+++\n", "+++\nweight = 99\n", 1)
    });
    inc.update(&[f]);
    assert_same(&p, &mut inc, "weight change");

    // Front-matter references dropped: backlinks of the former targets follow.
    let f = edit(&p, "content/metoder/barnets-stemme.md", |t| {
        t.lines()
            .filter(|l| !l.starts_with("redskaber = "))
            .map(|l| format!("{l}\n"))
            .collect()
    });
    inc.update(&[f]);
    assert_same(&p, &mut inc, "references dropped");

    // A new page that links to an existing one, and a link to it from another page.
    p.file(
        "content/redskaber/ny-guide.md",
        "+++\ntitle = \"Ny guide\"\nmetoder = [\"@/metoder/barnets-stemme.md\"]\n+++\nSe [stemmen](@/metoder/barnets-stemme.md).\n",
    );
    inc.update(&[p.path().join("content/redskaber/ny-guide.md")]);
    assert_same(&p, &mut inc, "add");

    // Rename: one delete and one create, as editors and `mv` report them.
    let from = p.path().join("content/redskaber/ny-guide.md");
    let to = p.path().join("content/redskaber/omdoebt-guide.md");
    std::fs::rename(&from, &to).unwrap();
    inc.update(&[from, to]);
    assert_same(&p, &mut inc, "rename");

    // Delete a page nobody links to, and a whole folder.
    let gone = p.path().join("content/redskaber/omdoebt-guide.md");
    std::fs::remove_file(&gone).unwrap();
    inc.update(&[gone]);
    assert_same(&p, &mut inc, "delete");
}

#[test]
fn broken_edit_keeps_last_good_output_and_fixing_clears_it() {
    let p = demo_project();
    let mut inc = Incremental::load(p.path()).unwrap();
    let before = inc.file("metoder/boernesamtalen/index.html").unwrap();
    let rel = "content/metoder/boernesamtalen.md";
    let good = p.read(rel);
    p.file(rel, &good.replacen("+++", "+++\ntitel = \"stavefejl\"", 1));
    let u = inc.update(&[p.path().join(rel)]);
    let d = &u.problems.0;
    assert_eq!(d.len(), 1, "{}", u.problems);
    assert_eq!(d[0].file, Path::new(rel));
    assert_eq!(d[0].line, Some(2));
    assert!(d[0].column.is_some());
    assert_eq!(
        inc.file("metoder/boernesamtalen/index.html").unwrap(),
        before
    );
    p.file(rel, &good);
    let u = inc.update(&[p.path().join(rel)]);
    assert!(u.problems.is_empty(), "{}", u.problems);
    assert_same(&p, &mut inc, "fixed");
}

#[test]
fn folder_deleted_and_recreated() {
    let p = demo_project();
    let mut inc = Incremental::load(p.path()).unwrap();
    let dir = p.path().join("content/kurser");
    let saved = tempfile::tempdir().unwrap();
    copy_dir(&dir, saved.path());
    std::fs::remove_dir_all(&dir).unwrap();
    let u = inc.update(std::slice::from_ref(&dir));
    // The course page is referenced elsewhere? Either way: no panic, and a consistent state.
    if u.problems.is_empty() {
        assert_same(&p, &mut inc, "folder deleted");
    }
    copy_dir(saved.path(), &dir);
    inc.update(&[dir]);
    assert_same(&p, &mut inc, "folder back");
}

/// A small PNG whose pixels depend on `seed`, so two seeds give two different files.
fn png(seed: u8) -> Vec<u8> {
    let img = image::RgbImage::from_fn(16, 12, |x, y| {
        image::Rgb([seed, (x * 9) as u8 ^ seed, (y * 17) as u8])
    });
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

/// Edits that keep every page at its address are worked out in place; each kind of thing such
/// an edit can change must end where a full build does.
#[test]
fn edits_in_place_follow_links_anchors_terms_and_images() {
    let p = demo_project();
    p.bytes("content/redskaber/skema.png", &png(3));
    edit(&p, "content/redskaber/trivselsskema.md", |t| {
        t + "\n![Skemaet](skema.png)\n"
    });
    let loose = "content/redskaber/loes-side.md";
    p.file(
        loose,
        "+++\ntitle = \"Løs side\"\n[taxonomies]\ntema = [\"trivsel\"]\n+++\nIngen linker hertil.\n",
    );
    let mut inc = Incremental::load(p.path()).unwrap();
    assert_same(&p, &mut inc, "start");

    // A link in the text makes a backlink on the page it points at; removing it takes it away.
    let tool = "content/redskaber/telefonopfoelgning.md";
    let original = p.read(tool);
    let f = edit(&p, tool, |t| {
        t + "\nSe også [matricen](@/redskaber/robusthedsmatrix.md).\n"
    });
    inc.update(std::slice::from_ref(&f));
    let target = inc.file("redskaber/robusthedsmatrix/index.html").unwrap();
    assert!(String::from_utf8_lossy(&target).contains("Spørgeguide til telefonopfølgning"));
    assert_same(&p, &mut inc, "text link added");
    p.file(tool, &original);
    inc.update(&[f]);
    assert_same(&p, &mut inc, "text link removed");

    // A renamed heading breaks an #anchor link on another page; naming it back clears that.
    let method = "content/metoder/barnets-stemme.md";
    let good = p.read(method);
    let f = edit(&p, method, |t| {
        t.replacen("## Forberedelse", "## Før forløbet", 1)
    });
    let u = inc.update(std::slice::from_ref(&f));
    assert_eq!(u.problems.0.len(), 1, "{}", u.problems);
    let d = &u.problems.0[0];
    assert_eq!(d.file, Path::new("content/metoder/boernesamtalen.md"));
    assert_eq!(d.line, Some(58));
    assert!(d.message.contains("#forberedelse"), "{}", d.message);
    p.file(method, &good);
    let u = inc.update(&[f]);
    assert!(u.problems.is_empty(), "{}", u.problems);
    assert_same(&p, &mut inc, "heading back");

    // A page moves to another existing term, then a new title moves it within its terms.
    let example = "content/eksempler/herlev-talking-mats.md";
    let f = edit(&p, example, |t| {
        t.replacen("tema = [\"inddragelse\"]", "tema = [\"trivsel\"]", 1)
    });
    inc.update(std::slice::from_ref(&f));
    assert_same(&p, &mut inc, "other term");
    let f = edit(&p, tool, |t| t.replacen("title = \"", "title = \"Å ", 1));
    inc.update(&[f]);
    assert_same(&p, &mut inc, "title sorts last");

    // A section's new title shows in the breadcrumbs of every page below it.
    let f = edit(&p, "content/redskaber/_index.md", |t| {
        t.replacen("title = \"Redskaber\"", "title = \"Værktøjer\"", 1)
    });
    inc.update(&[f]);
    assert_same(&p, &mut inc, "section title");

    // The image is replaced: the published file follows.
    p.bytes("content/redskaber/skema.png", &png(200));
    inc.update(&[p.path().join("content/redskaber/skema.png")]);
    assert_same(&p, &mut inc, "image replaced");

    // A draft leaves the site and comes back; a new address moves a page.
    let f = edit(&p, loose, |t| t.replacen("+++\n", "+++\ndraft = true\n", 1));
    inc.update(std::slice::from_ref(&f));
    assert!(inc.file("redskaber/loes-side/index.html").is_none());
    assert_same(&p, &mut inc, "draft");
    let f = edit(&p, loose, |t| {
        t.replacen("draft = true\n", "slug = \"ny-adresse\"\n", 1)
    });
    inc.update(&[f]);
    assert!(inc.file("redskaber/ny-adresse/index.html").is_some());
    assert_same(&p, &mut inc, "new address");
}
