//! The live preview's incremental rebuilds must give exactly what a clean full build gives.

mod common;
use bogbinder::live::incremental::Incremental;
use common::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The files a clean `bogbinder build` writes (of the first edition, if the project has
/// editions, as the demo does), without its marker file.
fn full_build(p: &Project) -> BTreeMap<String, Vec<u8>> {
    let out = tempfile::tempdir().unwrap();
    let reports = bogbinder::handbook::build(p.path(), Some(&out.path().join("site")));
    // With audience editions, the preview shows the first edition.
    let target = reports.expect("full build")[0].output_dir.clone();
    walkdir::WalkDir::new(&target)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter(|e| e.file_name() != bogbinder::output::MARKER)
        .filter(|e| e.file_name() != bogbinder::handbook::rebuild::TABLE)
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
    assert_eq!(d.line, Some(61));
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

mod hostile;

/// A page the random edits own, written anew from these fields after every change to it.
#[derive(Clone)]
struct OwnPage {
    rel: String,
    title: String,
    weight: Option<i32>,
    draft: bool,
    tema: Vec<String>,
    refs: Vec<String>,
    body: Vec<String>,
}

impl OwnPage {
    fn text(&self) -> String {
        let mut s = format!("+++\ntitle = \"{}\"\n", self.title);
        if let Some(w) = self.weight {
            s.push_str(&format!("weight = {w}\n"));
        }
        if self.draft {
            s.push_str("draft = true\n");
        }
        if !self.refs.is_empty() {
            let refs: Vec<String> = self.refs.iter().map(|r| format!("\"@/{r}\"")).collect();
            s.push_str(&format!("relaterede = [{}]\n", refs.join(", ")));
        }
        if !self.tema.is_empty() {
            let t: Vec<String> = self.tema.iter().map(|t| format!("\"{t}\"")).collect();
            s.push_str(&format!("[taxonomies]\ntema = [{}]\n", t.join(", ")));
        }
        s.push_str("+++\n");
        s.push_str(&self.body.join("\n\n"));
        s.push('\n');
        s
    }
}

/// The problems of a state as comparable lines (file, line, message).
fn problem_set(d: &bogbinder::Diagnostics) -> Vec<String> {
    let mut v: Vec<String> =
        d.0.iter()
            .map(|d| format!("{}:{:?}: {}", d.file.display(), d.line, d.message))
            .collect();
    v.sort();
    v.dedup();
    v
}

/// After any edit the preview must agree with a clean build: the same files byte for byte when
/// the project is fine, the same problems when it is not.
#[track_caller]
fn assert_agrees(p: &Project, inc: &mut Incremental, step: &str) -> bool {
    let out = tempfile::tempdir().unwrap();
    match bogbinder::handbook::build(p.path(), Some(&out.path().join("site"))) {
        Ok(_) => {
            assert_same(p, inc, step);
            true
        }
        Err(bogbinder::Error::Invalid(d)) => {
            assert_eq!(
                problem_set(inc.problems()),
                problem_set(&d),
                "{step}: the preview and a clean build see different problems"
            );
            false
        }
        Err(e) => panic!("{step}: {e}"),
    }
}

const SECTIONS: [&str; 4] = ["metoder", "redskaber", "eksempler", "kurser"];
const TEMAER: [&str; 5] = ["trivsel", "inddragelse", "nyt tema", "Æblemost", "å"];
const WORDS: [&str; 6] = [
    "Gode råd",
    "Samtalen",
    "Afsnit",
    "Æbler & pærer",
    "100%",
    "afsnit",
];

/// One random edit; returns a name for it and the paths the watcher would report.
fn random_edit(
    c: &mut hostile::Choices<'_>,
    p: &Project,
    own: &mut Vec<OwnPage>,
    serial: &mut usize,
) -> (String, Vec<PathBuf>) {
    let all_keys = page_keys;
    let write = |o: &OwnPage| {
        p.file(&o.rel, &o.text());
        vec![p.path().join(&o.rel)]
    };
    let pick_own = |c: &mut hostile::Choices<'_>, own: &[OwnPage]| c.below(own.len());
    match c.below(12) {
        // A new page, with references and a link to existing pages.
        0 | 1 => {
            *serial += 1;
            let section = c.pick(&SECTIONS);
            let keys = all_keys(own);
            let page = OwnPage {
                rel: format!("content/{section}/tilfoejet-{serial}.md"),
                title: format!("{} {serial}", c.pick(&WORDS)),
                weight: c.one_in(3).then(|| c.below(5) as i32),
                draft: false,
                tema: vec![c.pick(&TEMAER).to_string()],
                refs: vec![c.pick(&keys)],
                body: vec![format!(
                    "## {}\n\nSe [her](@/{}).",
                    c.pick(&WORDS),
                    c.pick(&keys)
                )],
            };
            let paths = write(&page);
            own.push(page);
            ("add".into(), paths)
        }
        _ if own.is_empty() => ("nothing".into(), vec![]),
        // Remove a page (others may still reference it: then both must see the same problem).
        2 => {
            let o = own.remove(pick_own(c, own));
            let path = p.path().join(&o.rel);
            std::fs::remove_file(&path).unwrap();
            (format!("remove {}", o.rel), vec![path])
        }
        // Rename: one delete and one create, as editors and `mv` report them.
        3 => {
            let i = pick_own(c, own);
            *serial += 1;
            let from = p.path().join(&own[i].rel);
            let section = c.pick(&SECTIONS);
            own[i].rel = format!("content/{section}/omdoebt-{serial}.md");
            let to = p.path().join(&own[i].rel);
            std::fs::create_dir_all(to.parent().unwrap()).unwrap();
            std::fs::rename(&from, &to).unwrap();
            (format!("rename to {}", own[i].rel), vec![from, to])
        }
        4 => {
            let i = pick_own(c, own);
            own[i].title = format!("{} {}", c.pick(&WORDS), c.below(100));
            (format!("title {}", own[i].rel), write(&own[i]))
        }
        5 => {
            let i = pick_own(c, own);
            own[i].draft = !own[i].draft;
            (format!("draft {}", own[i].rel), write(&own[i]))
        }
        6 => {
            let i = pick_own(c, own);
            own[i].tema = (0..c.below(3))
                .map(|_| c.pick(&TEMAER).to_string())
                .collect();
            (format!("taxonomy {}", own[i].rel), write(&own[i]))
        }
        // A link in the text, sometimes to an anchor that may not exist.
        7 => {
            let i = pick_own(c, own);
            let keys = all_keys(own);
            let anchor = ["", "#gode-raad", "#afsnit-2", "#samtalen"][c.below(4)];
            own[i]
                .body
                .push(format!("Og [dér](@/{}{anchor}).", c.pick(&keys)));
            (format!("link {}", own[i].rel), write(&own[i]))
        }
        // Headings, often equal ones: anchors get -2, -3.
        8 => {
            let i = pick_own(c, own);
            own[i].body.push(format!("## {}", c.pick(&WORDS)));
            (format!("heading {}", own[i].rel), write(&own[i]))
        }
        // An image beside the page: added, replaced or removed (then the link is broken).
        9 => {
            let i = pick_own(c, own);
            let dir = Path::new(&own[i].rel).parent().unwrap().to_path_buf();
            let img = dir.join("figur.png");
            let path = p.path().join(&img);
            let mut paths = vec![path.clone()];
            match c.below(3) {
                0 => {
                    let _ = std::fs::remove_file(&path);
                }
                _ => {
                    p.bytes(img.to_str().unwrap(), &png(c.byte()));
                }
            }
            if !own[i].body.iter().any(|b| b.contains("figur.png")) {
                own[i].body.push("![Figur](figur.png)".into());
                paths.extend(write(&own[i]));
            }
            ("image".into(), paths)
        }
        10 => {
            let i = pick_own(c, own);
            own[i].weight = c.one_in(2).then(|| c.below(5) as i32);
            own[i].refs = (0..c.below(3)).map(|_| c.pick(&all_keys(own))).collect();
            (format!("weight/refs {}", own[i].rel), write(&own[i]))
        }
        // A demo page's body or a section's title changes.
        _ => {
            let rel = if c.one_in(2) {
                "content/redskaber/_index.md"
            } else {
                "content/metoder/barnets-stemme.md"
            };
            let n = c.below(1000);
            let f = edit(p, rel, |t| {
                t.replacen("title = \"", &format!("title = \"{n} "), 1)
            });
            (format!("demo title {rel}"), vec![f])
        }
    }
}

/// Every page an edit may point at: the sequence's own pages and two fixed pages of the project.
fn page_keys(own: &[OwnPage]) -> Vec<String> {
    let mut keys: Vec<String> = own
        .iter()
        .map(|o| o.rel.trim_start_matches("content/").to_string())
        .collect();
    keys.extend([
        "metoder/barnets-stemme.md".into(),
        "redskaber/trivselsskema.md".into(),
    ]);
    keys
}

/// A writer fixing what the last edits broke: references and links to pages that are gone,
/// anchors, images that were removed, drafts others point at. Returns the files written.
fn repair(p: &Project, own: &mut [OwnPage]) -> Vec<PathBuf> {
    let keys = page_keys(own);
    let mut paths = Vec::new();
    for o in own.iter_mut() {
        let dir = Path::new(&o.rel).parent().unwrap().to_path_buf();
        let image_there = p.path().join(dir.join("figur.png")).is_file();
        o.refs.retain(|r| keys.contains(r));
        o.body.retain(|b| {
            let link_ok = match b.split_once("](@/") {
                Some((_, rest)) => {
                    let target = rest.split(')').next().unwrap_or("");
                    !target.contains('#') && keys.iter().any(|k| k == target)
                }
                None => true,
            };
            link_ok && (image_there || !b.contains("figur.png"))
        });
        o.draft = false;
        p.file(&o.rel, &o.text());
        paths.push(p.path().join(&o.rel));
    }
    paths
}

/// Random sequences of edits, each followed by a comparison with a clean build. The seed is
/// fixed, so the sequence is the same on every run; BOGBINDER_EDIT_STEPS makes it longer.
#[test]
fn random_edit_sequences_match_a_clean_build() {
    let steps: usize = std::env::var("BOGBINDER_EDIT_STEPS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(30);
    let mut good_steps = 0;
    for seed in [1u64, 2] {
        let p = demo_project();
        let mut inc = Incremental::load(p.path()).unwrap();
        let bytes = hostile::seeded_bytes(0x1AC0_0000 + seed, steps * 24);
        let mut c = hostile::Choices::new(&bytes);
        let mut own = Vec::new();
        let mut serial = 0;
        let mut broken = false;
        for step in 0..steps {
            let (what, paths) = if broken && c.one_in(2) {
                ("repair".to_string(), repair(&p, &mut own))
            } else {
                random_edit(&mut c, &p, &mut own, &mut serial)
            };
            inc.update(&paths);
            broken = !assert_agrees(&p, &mut inc, &format!("seed {seed}, step {step}: {what}"));
            good_steps += usize::from(!broken);
        }
    }
    // Most states must be buildable, or the comparison of files proves little.
    assert!(good_steps > steps, "only {good_steps} buildable states");
}

/// Sections, terms and the print view over numbered pages follow edits as a full build does:
/// pages that move between list pages, list pages that come and go.
#[test]
fn list_pages_and_print_parts_follow_edits() {
    let p = Project::new();
    p.file(
        "bogbinder.toml",
        &format!("{MINIMAL_CONFIG}sider_pr_liste = 2\nsider_pr_udskrift = 3\n"),
    )
    .file(
        "content/metoder/_index.md",
        "+++\ntitle = \"Metoder\"\n+++\nOm.\n",
    );
    let page = |name: &str| {
        format!(
            "+++\ntitle = \"{name}\"\n\n[taxonomies]\ntema = [\"inddragelse\"]\n+++\nOm {name}.\n"
        )
    };
    for name in ["Ager", "Bro", "Eng", "Fjord", "Hede"] {
        p.file(
            &format!("content/metoder/{}.md", name.to_lowercase()),
            &page(name),
        );
    }
    let mut inc = Incremental::load(p.path()).unwrap();
    assert_same(&p, &mut inc, "start");
    assert!(inc.file("metoder/side/3/index.html").is_some());

    // A title change moves a page from the first list page to the last.
    let f = edit(&p, "content/metoder/ager.md", |t| {
        t.replacen("\"Ager\"", "\"Åen\"", 1)
    });
    inc.update(&[f]);
    assert_same(&p, &mut inc, "title change");

    // A summary shown on the second list page and on the term's second page.
    let f = edit(&p, "content/metoder/fjord.md", |t| {
        t.replacen("+++\n", "+++\ndescription = \"Ved vandet.\"\n", 1)
    });
    inc.update(&[f]);
    let second = inc.file("metoder/side/2/index.html").unwrap();
    assert!(String::from_utf8_lossy(&second).contains("Ved vandet."));
    assert_same(&p, &mut inc, "description change");

    // Two more pages make a fourth list page and another print part.
    for name in ["Kilde", "Lund"] {
        let rel = format!("content/metoder/{}.md", name.to_lowercase());
        p.file(&rel, &page(name));
        inc.update(&[p.path().join(&rel)]);
    }
    assert_same(&p, &mut inc, "add");
    assert!(inc.file("metoder/side/4/index.html").is_some());

    // Three fewer pages: the last list pages and print parts are gone.
    for name in ["bro", "eng", "fjord"] {
        let gone = p.path().join(format!("content/metoder/{name}.md"));
        std::fs::remove_file(&gone).unwrap();
        inc.update(&[gone]);
    }
    assert_same(&p, &mut inc, "delete");
    assert!(inc.file("metoder/side/3/index.html").is_none());
}

/// A large section's sidebar opens at the group holding the page shown: when a page moves to
/// the front, the page that slides into the next group is rendered again, though nothing it
/// shows of itself or its neighbours changed.
#[test]
fn a_page_sliding_into_the_next_sidebar_group_is_rendered_again() {
    let p = Project::new();
    p.large_section(205);
    let mut inc = Incremental::load(p.path()).unwrap();
    let f = edit(&p, "content/s/p204.md", |t| {
        t.replacen("weight = 205", "weight = 0", 1)
    });
    inc.update(&[f]);
    assert_same(&p, &mut inc, "a page moved to the front");
}

/// A handbook with a section of 205 pages ordered by title (its sidebar in groups of 200), a
/// small section listed in the sidebar, and terms; lists and the print view come in parts.
fn titled_project() -> Project {
    let p = Project::new();
    p.file(
        "bogbinder.toml",
        &format!("{MINIMAL_CONFIG}sider_pr_liste = 50\nsider_pr_udskrift = 20\n"),
    )
    .file(
        "content/s/_index.md",
        "+++\ntitle = \"Stor sektion\"\n+++\nMange.\n",
    )
    .file(
        "content/m/_index.md",
        "+++\ntitle = \"Lille sektion\"\n+++\nFå.\n",
    );
    for n in 0..205 {
        let tema = if n % 3 == 0 {
            "[\"alle\", \"tredje\"]"
        } else {
            "[\"alle\"]"
        };
        p.file(
            &format!("content/s/p{n:03}.md"),
            &format!(
                "+++\ntitle = \"Side {n:03}\"\n\n[taxonomies]\ntema = {tema}\n+++\nTekst {n}.\n"
            ),
        );
    }
    for name in ["Ager", "Bro", "Eng"] {
        p.file(
            &format!("content/m/{}.md", name.to_lowercase()),
            &format!("+++\ntitle = \"{name}\"\n+++\nOm {name}.\n"),
        );
    }
    p
}

fn shows(inc: &mut Incremental, path: &str, text: &str) -> bool {
    let file = inc
        .file(path)
        .unwrap_or_else(|| panic!("{path} is missing"));
    String::from_utf8_lossy(&file).contains(text)
}

/// A title edit names only the outputs that show the title (the page, its old and new
/// neighbours, its section's list, its terms, the pages that slide into another sidebar group,
/// the print view's parts it passes), and each of them shows the new title when asked for.
#[test]
fn a_title_edit_reaches_neighbours_lists_sidebars_and_search() {
    let p = titled_project();
    let mut inc = Incremental::load(p.path()).unwrap();
    assert_same(&p, &mut inc, "start");

    // Side 100 moves to the front of its section: Side 199 slides into the second group.
    let f = edit(&p, "content/s/p100.md", |t| {
        t.replacen("Side 100", "Aaa side", 1)
    });
    let changed = inc.update(&[f]).changed.unwrap();
    assert!(changed.len() < 60, "too many outputs named: {changed:?}");
    for path in [
        "s/p100/index.html",
        "s/p000/index.html",
        "s/p099/index.html",
    ] {
        assert!(
            changed.iter().any(|c| c == path),
            "{path} not named: {changed:?}"
        );
    }
    assert!(
        shows(&mut inc, "s/p000/index.html", "Aaa side"),
        "the new next page's link"
    );
    assert!(
        !shows(&mut inc, "s/p099/index.html", "Aaa side"),
        "the old neighbour's link"
    );
    assert!(
        shows(&mut inc, "s/index.html", "Aaa side"),
        "the section's list"
    );
    assert!(
        shows(&mut inc, "tema/alle/index.html", "Aaa side"),
        "the term's list"
    );
    assert!(
        shows(&mut inc, "static/nav/s/0.js", "Aaa side"),
        "the sidebar's group"
    );
    let search = memory(&mut inc);
    assert!(
        (search.iter()).any(|(k, v)| k.starts_with("soeg/") && String::from_utf8_lossy(v).contains("Aaa side")),
        "the search index"
    );
    assert_same(&p, &mut inc, "a title moved to the front");

    // A page of the small section: its title is in the sidebar of the section's pages.
    let f = edit(&p, "content/m/eng.md", |t| {
        t.replacen("\"Eng\"", "\"Enge\"", 1)
    });
    inc.update(&[f]);
    assert!(
        shows(&mut inc, "m/ager/index.html", "Enge"),
        "the sidebar of a sibling"
    );
    assert_same(&p, &mut inc, "a title in a section listed in the sidebar");

    // A section's title is in every page's sidebar.
    let f = edit(&p, "content/m/_index.md", |t| {
        t.replacen("Lille sektion", "Lille afdeling", 1)
    });
    inc.update(&[f]);
    assert!(
        shows(&mut inc, "s/p150/index.html", "Lille afdeling"),
        "the sidebar elsewhere"
    );
    assert_same(&p, &mut inc, "a section's title");

    // A body edit afterwards names only its own page, not what earlier edits left for later.
    let f = edit(&p, "content/s/p050.md", |t| t + "\nMere tekst.\n");
    let changed = inc.update(&[f]).changed.unwrap();
    assert!(changed.len() < 6, "a body edit named too much: {changed:?}");
    assert_same(&p, &mut inc, "a body edit");
}

/// Pages moving between existing terms are regrouped in place: term lists, counts on the
/// pages, and a term's name (given by the first page in file order that names it) follow as a
/// full build has them; a term that comes or goes is handled the whole way.
#[test]
fn pages_move_between_terms_as_a_full_build_has_them() {
    let p = titled_project();
    let mut inc = Incremental::load(p.path()).unwrap();
    let retag = |inc: &mut Incremental, rel: &str, tema: &str, step: &str| {
        let f = edit(&p, rel, |t| {
            let start = t.find("tema = ").unwrap();
            let end = start + t[start..].find('\n').unwrap();
            format!("{}tema = {tema}{}", &t[..start], &t[end..])
        });
        inc.update(&[f]);
        assert_same(&p, inc, step);
    };
    retag(
        &mut inc,
        "content/s/p001.md",
        "[\"alle\", \"tredje\"]",
        "joins a term",
    );
    assert!(shows(&mut inc, "tema/tredje/index.html", "Side 001"));
    retag(&mut inc, "content/s/p003.md", "[\"alle\"]", "leaves a term");
    retag(
        &mut inc,
        "content/s/p004.md",
        "[\"tredje\", \"Tredje\", \"alle\"]",
        "names a term twice",
    );
    // The first page naming the term spells it anew: the term's name follows.
    retag(
        &mut inc,
        "content/s/p000.md",
        "[\"alle\", \"TREDJE\"]",
        "spelled anew",
    );
    retag(
        &mut inc,
        "content/s/p006.md",
        "[\"alle\", \"nyt\"]",
        "a new term",
    );
    retag(&mut inc, "content/s/p006.md", "[\"alle\"]", "a term gone");
}
