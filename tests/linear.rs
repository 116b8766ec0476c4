//! Hostile sizes must build in time that grows with the input, not with its square: a 20,000-letter
//! title, a 400,000-letter word, 20,000 equal headings, 20,000 links on one line. Each build runs
//! the real binary under a generous deadline (a hang guard, not a timing benchmark: on main they
//! took from 40 s to well over 200 s in a release build) and its output is checked.

mod common;
use common::*;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Far above what a linear build needs, far below what the quadratic ones took.
const DEADLINE: Duration = Duration::from_secs(60);

/// Runs `bogbinder build` and kills it at the deadline; returns (success, stderr).
fn build_within_deadline(p: &Project) -> (bool, String) {
    let err_path = p.path().join("stderr.txt");
    let mut child = Command::new(env!("CARGO_BIN_EXE_bogbinder"))
        .arg("build")
        .current_dir(p.path())
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&err_path).unwrap())
        .spawn()
        .expect("run bogbinder");
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let err = std::fs::read_to_string(&err_path).unwrap_or_default();
            assert!(!err.contains("panicked"), "panic:\n{err}");
            return (status.success(), err);
        }
        if start.elapsed() > DEADLINE {
            let _ = child.kill();
            let _ = child.wait();
            panic!("bogbinder build ran past {DEADLINE:?}: time is not linear in the input");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Every search shard file, concatenated.
fn search_shards(p: &Project) -> String {
    p.files_under("output/soeg/i")
        .iter()
        .map(|f| p.read(f.to_str().unwrap()))
        .collect()
}

#[test]
fn a_title_of_20000_letters_builds_and_is_shown_but_not_indexed() {
    let title = "a".repeat(20_000);
    let p = Project::new();
    p.file(
        "content/metoder/lang.md",
        &format!("+++\ntitle = \"{title}\"\n+++\nOm trivsel.\n"),
    );
    let (ok, err) = build_within_deadline(&p);
    assert!(ok, "{err}");
    assert!(p.read("output/metoder/lang/index.html").contains(&title));
    let shards = search_shards(&p);
    assert!(
        shards.contains("\"trivsel\""),
        "the page's ordinary words are indexed"
    );
    // Neither the word nor any of its compound tails: longer than MAX_WORD_CHARS.
    assert!(
        !shards.contains(&"a".repeat(61)),
        "the long word was indexed"
    );
    assert!(
        shards.len() < 100_000,
        "search shards of {} bytes",
        shards.len()
    );
}

#[test]
fn a_word_of_400000_letters_builds() {
    let word = "ab".repeat(200_000);
    let p = Project::new();
    p.file(
        "content/metoder/ord.md",
        &format!("+++\ntitle = \"Ord\"\n+++\nOm trivsel: {word}\n"),
    );
    let (ok, err) = build_within_deadline(&p);
    assert!(ok, "{err}");
    assert!(p.read("output/metoder/ord/index.html").contains(&word));
    let shards = search_shards(&p);
    assert!(shards.contains("\"trivsel\""));
    assert!(
        !shards.contains(&"ab".repeat(31)),
        "the long word was indexed"
    );
}

#[test]
fn twenty_thousand_equal_headings_get_numbered_anchors() {
    let p = Project::new();
    p.file(
        "content/metoder/overskrifter.md",
        &format!(
            "+++\ntitle = \"Overskrifter\"\n+++\n## Gode råd {{#gode-raad-3}}\n\n{}",
            "## Gode råd\n\nTekst.\n\n".repeat(20_000)
        ),
    );
    let (ok, err) = build_within_deadline(&p);
    assert!(ok, "{err}");
    let html = p.read("output/metoder/overskrifter/index.html");
    let ids = attr_values(&html, "id");
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "anchors must be unique");
    // The explicit id keeps its name; the others count past it.
    for id in [
        "gode-raad",
        "gode-raad-2",
        "gode-raad-3",
        "gode-raad-4",
        "gode-raad-20001",
    ] {
        assert!(ids.iter().any(|i| i == id), "no anchor {id}");
    }
    assert!(!ids.iter().any(|i| i == "gode-raad-20002"));
}

#[test]
fn twenty_thousand_links_on_one_line_build() {
    let p = Project::new();
    p.file(
        "content/metoder/links.md",
        &format!(
            "+++\ntitle = \"Links\"\n+++\n## Mål\n\n{}\n",
            "[her](@/metoder/links.md#maal) ".repeat(20_000)
        ),
    );
    let (ok, err) = build_within_deadline(&p);
    assert!(ok, "{err}");
    let html = p.read("output/metoder/links/index.html");
    assert_eq!(
        html.matches("href=\"../../metoder/links/index.html#maal\"")
            .count(),
        20_000
    );
}

/// A broken anchor names the page's anchors, but not all 20,000 of them in each of 2,000 messages.
#[test]
fn broken_anchors_to_a_page_of_many_headings_give_short_messages() {
    let p = Project::new();
    p.file(
        "content/metoder/mange.md",
        &format!(
            "+++\ntitle = \"Mange\"\n+++\n{}",
            "## Afsnit\n\n".repeat(20_000)
        ),
    );
    p.file(
        "content/metoder/henviser.md",
        &format!(
            "+++\ntitle = \"Henviser\"\n+++\n{}\n",
            "[x](@/metoder/mange.md#findes-ikke) ".repeat(2_000)
        ),
    );
    let (ok, err) = build_within_deadline(&p);
    assert!(!ok);
    assert!(
        err.contains("content/metoder/henviser.md:4:1: afsnittet #findes-ikke findes ikke"),
        "{}",
        &err[..err.len().min(2000)]
    );
    assert!(
        err.contains("kendte afsnit: afsnit, afsnit-2, "),
        "{}",
        &err[..2000]
    );
    assert!(err.contains(" og 19980 flere"), "{}", &err[..2000]);
    assert!(err.len() < 2_000_000, "{} bytes of messages", err.len());
}
