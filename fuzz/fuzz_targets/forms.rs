//! Any text as a form block (```` ```skema ````): read, written as HTML and laid out as typst,
//! all in memory. A panic is a failure, and so is typst markup that does not parse: a label must
//! never end up as markup.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    bogbinder::handbook::forms::check_any(text);
});
