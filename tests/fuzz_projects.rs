//! Hostile projects built with the whole pipeline, a fixed number of cases from a fixed seed, so
//! the run is bounded and the same every time (the deep runs are `scripts/fuzz.sh`). What is
//! generated and what must hold is in `tests/hostile/mod.rs`.
//!
//! `BOGBINDER_FUZZ_CASES=N` runs more cases; `BOGBINDER_FUZZ_CASE=N` runs one case and prints its
//! project, to reproduce a failure; `BOGBINDER_FUZZ_KEEP=<folder>` also writes it there.

mod hostile;

use hostile::{check_project, project, seeded_bytes, Choices};

/// Cases per `cargo test` run: about a minute in a debug build on two cores.
const CASES: u64 = 64;
/// Every this many cases the books are compiled to PDF as well (typst layout is the slow part).
const COMPILE_EVERY: u64 = 16;
const SEED: u64 = 0xB0C_B1D3;
/// Bytes of choices per case: more than a project ever reads, so every case is fully random.
const CASE_BYTES: usize = 4096;

fn env_number(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|s| s.parse().ok())
}

/// Writes and checks one case; `Err` is the broken property with the project that broke it.
fn run_case(case: u64) -> Result<hostile::Outcome, String> {
    let bytes = seeded_bytes(SEED.wrapping_add(case), CASE_BYTES);
    let project = project(&mut Choices::new(&bytes));
    let dir = tempfile::Builder::new()
        .prefix("bogbinder-fuzz")
        .tempdir()
        .expect("tempdir");
    project.write(dir.path());
    if let Some(keep) = std::env::var_os("BOGBINDER_FUZZ_KEEP") {
        // The project of this case, kept to look at (with `BOGBINDER_FUZZ_CASE`).
        project.write(std::path::Path::new(&keep));
    }
    let compile = case % COMPILE_EVERY == 0;
    let result = std::panic::catch_unwind(|| check_project(dir.path(), compile))
        .unwrap_or_else(|_| Err("panic (see the message above)".into()));
    result.map_err(|e| format!("case {case}: {e}\n\nthe project:\n{}", project.describe()))
}

#[test]
fn hostile_projects_keep_every_property() {
    let cases: Vec<u64> = match env_number("BOGBINDER_FUZZ_CASE") {
        Some(one) => vec![one],
        None => (0..env_number("BOGBINDER_FUZZ_CASES").unwrap_or(CASES)).collect(),
    };
    let (mut handbooks, mut books, mut pdfs) = (0, 0, 0);
    let mut failures: Vec<String> = Vec::new();
    for &case in &cases {
        match run_case(case) {
            Ok(o) => {
                handbooks += usize::from(o.handbook_built);
                books += o.books_prepared;
                pdfs += o.pdfs;
            }
            Err(e) => failures.push(e),
        }
    }
    if let Some(first) = failures.first() {
        let summary: Vec<&str> = failures.iter().filter_map(|f| f.lines().next()).collect();
        panic!(
            "{} of {} cases broke a property:\n{}\n\nthe first in full:\n{first}",
            failures.len(),
            cases.len(),
            summary.join("\n")
        );
    }
    eprintln!(
        "{} cases: {handbooks} handbooks built, {books} books made, {pdfs} PDFs compiled",
        cases.len()
    );
    // The generator must reach the deep parts, or the properties above prove little.
    if cases.len() >= 32 {
        assert!(
            handbooks * 4 >= cases.len(),
            "only {handbooks} handbooks built"
        );
        assert!(books * 4 >= cases.len(), "only {books} books made");
        assert!(pdfs >= 2, "only {pdfs} PDFs compiled");
    }
}

/// The in-memory text check of the `markdown` fuzz target, on the texts the project generator
/// writes and on random bytes, so it keeps compiling and passing between deep runs.
#[test]
fn hostile_texts_keep_every_property() {
    for case in 0..256u64 {
        let bytes = seeded_bytes(SEED ^ (case << 32), 512);
        hostile::check_text(&bytes);
        // The same bytes as text made of Markdown's, TOML's and typst's special characters.
        let alphabet: Vec<char> = "+++\n\n#*_[]()!<>`\\ -=|{}@$%&\"'~:.1aæø\u{301}👧\t"
            .chars()
            .collect();
        let text: String = bytes
            .iter()
            .map(|&b| alphabet[usize::from(b) % alphabet.len()])
            .collect();
        hostile::check_text(text.as_bytes());
        let p = project(&mut Choices::new(&bytes));
        for (path, text) in &p.files {
            if path.ends_with(".md") {
                hostile::check_text(text);
            }
        }
    }
}
