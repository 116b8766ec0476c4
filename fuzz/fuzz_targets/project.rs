//! A whole hostile project from libFuzzer's bytes, built as `bogbinder build` and `bogbinder book`
//! do, with the properties of `tests/hostile/mod.rs` (the same generator and checks that
//! `tests/fuzz_projects.rs` runs inside `cargo test`).
#![no_main]

#[path = "../../tests/hostile/mod.rs"]
mod hostile;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let project = hostile::project(&mut hostile::Choices::new(data));
    let dir = tempfile::Builder::new()
        .prefix("bogbinder-fuzz")
        .tempdir()
        .expect("tempdir");
    project.write(dir.path());
    // Typst layout takes about a second: only a few inputs go that far.
    let compile = data.first().is_some_and(|&b| b == 0xC0);
    if let Err(problem) = hostile::check_project(dir.path(), compile) {
        panic!("{problem}\n\nthe project:\n{}", project.describe());
    }
});
