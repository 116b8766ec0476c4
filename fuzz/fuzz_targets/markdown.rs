//! Any text as a content file: front matter, the handbook's Markdown renderer and a book chapter
//! (typst markup), all in memory, so libFuzzer runs many inputs a second. The check is
//! `hostile::check_text`, which `tests/fuzz_projects.rs` also runs, so it keeps compiling.
#![no_main]

#[path = "../../tests/hostile/mod.rs"]
mod hostile;

libfuzzer_sys::fuzz_target!(|data: &[u8]| hostile::check_text(data));
