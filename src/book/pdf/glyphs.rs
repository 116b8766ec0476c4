//! Every character a child types must print. The embedded fonts cover Latin text and, through
//! Noto Emoji, most emoji; a character no font has would print as an empty box (and PDF/A refuses
//! such a box outright). So before compiling, each such character is told as a warning at the
//! place it was written (file:line:col), and for PDF/A the markup gets a visible placeholder
//! instead: the PDF is still made.

use crate::book::model::{Block, Book, BookKind};
use crate::error::Diagnostic;
use crate::problems::DocumentProblem;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// What a character no font has prints as (a white square, which the embedded fonts have).
pub const PLACEHOLDER: char = '\u{25A1}';

/// Characters that are never drawn themselves: joiners, variation selectors, tags, soft hyphens.
/// Typst's shaper hides them, so no font needs a glyph for them.
fn invisible(c: char) -> bool {
    c.is_control()
        || c.is_whitespace()
        || matches!(c,
            '\u{00AD}' | '\u{034F}' | '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}'
            | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}' | '\u{E0020}'..='\u{E007F}'
            | '\u{E0100}'..='\u{E01EF}')
}

/// Skin-tone modifiers (👍🏽): the outline emoji font draws one shape for every tone, so a tone is
/// left out rather than printed as a box after the emoji.
fn skin_tone(c: char) -> bool {
    ('\u{1F3FB}'..='\u{1F3FF}').contains(&c)
}

/// Whether some embedded font has a glyph for `c`.
fn covered(c: char) -> bool {
    let book = &super::FONTS.0;
    (0..)
        .map_while(|i| book.info(i))
        .any(|info| info.coverage.contains(c as u32))
}

/// Private-use characters mean something only to the font they were typed with (Apple's logo is
/// U+F8FF on a Mac): an embedded font's glyph there is another sign, and PDF/A-2a forbids them.
fn private_use(c: char) -> bool {
    matches!(c, '\u{E000}'..='\u{F8FF}' | '\u{F0000}'..='\u{FFFFD}' | '\u{100000}'..='\u{10FFFD}')
}

/// Whether `c` would print as an empty box (or as a sign the writer did not mean).
pub fn missing(c: char) -> bool {
    !c.is_ascii() && !invisible(c) && !skin_tone(c) && (private_use(c) || !covered(c))
}

/// The markup as it is compiled: skin tones dropped, and, for PDF/A (`replace`), every character
/// no font has replaced by [`PLACEHOLDER`], since PDF/A refuses an empty glyph. An ordinary PDF
/// keeps the character: it prints as a box but stays in the text (bookmarks, copy and search).
/// Only non-ASCII characters change, and typst's syntax is ASCII, so the structure is the same.
pub fn printable(markup: &str, replace: bool) -> String {
    markup
        .chars()
        .filter(|&c| !skin_tone(c))
        .map(|c| {
            if replace && missing(c) {
                PLACEHOLDER
            } else {
                c
            }
        })
        .collect()
}

/// A warning for each character of the book no font has, at the place it was written: a chapter's
/// line and column, the `bog.toml` line naming a photo, or else the line of `bog.toml` (title,
/// timeline) that holds it. Each character is told once, at its first place.
pub fn check(book: &Book, markup: &str) -> Vec<Diagnostic> {
    // Only what is printed: a guiding question in an HTML comment never reaches the PDF.
    let printed: BTreeSet<char> = markup.chars().filter(|&c| missing(c)).collect();
    if printed.is_empty() {
        return Vec::new();
    }
    let mut told = BTreeSet::new();
    let mut out = Vec::new();
    let mut tell = |c: char, file: &Path, line: usize, col: usize, out: &mut Vec<Diagnostic>| {
        if printed.contains(&c) && told.insert(c) {
            out.push(Diagnostic::of(file, problem(c)).at(line, col));
        }
    };
    for ch in &book.chapters {
        for block in &ch.blocks {
            match block {
                Block::Markdown(md) => {
                    for (i, text) in md.text.lines().enumerate() {
                        for (col, c) in text.chars().enumerate().filter(|(_, c)| missing(*c)) {
                            tell(c, &md.file, md.line + i, col + 1, &mut out);
                        }
                    }
                }
                Block::Photos(photos) => {
                    for p in photos {
                        let words = [p.caption.as_deref(), p.date.as_deref()];
                        for c in words.into_iter().flatten().flat_map(str::chars) {
                            if missing(c) {
                                let at = &p.used_at;
                                tell(c, &at.file, at.line, at.column, &mut out);
                            }
                        }
                    }
                }
                Block::Timeline(_) | Block::Workshops(_) | Block::FillIn(_) => {}
            }
        }
    }
    // The rest (title, timeline, chapter titles) is found in the book's own file by its text.
    let rest: BTreeSet<char> = printed.difference(&told).copied().collect();
    if !rest.is_empty() {
        let (file, text) = settings_file(book);
        for c in rest {
            let place = text.as_deref().and_then(|t| line_col(t, c));
            let d = Diagnostic::of(&file, problem(c));
            out.push(match place {
                Some((l, col)) => d.at(l, col),
                None => d,
            });
        }
    }
    out
}

fn problem(c: char) -> DocumentProblem {
    DocumentProblem::NoFontHasCharacter {
        character: c.to_string(),
        codepoint: format!("U+{:04X}", c as u32),
    }
}

/// The file a book's title and timeline come from, as shown in messages, and its text if readable.
fn settings_file(book: &Book) -> (PathBuf, Option<String>) {
    match book.kind {
        BookKind::BarnetsBog => {
            let path = book.files.dir().join(crate::book::barnetsbog::BOOK_FILE);
            let shown = path.strip_prefix(".").unwrap_or(&path).to_path_buf();
            let text = book.files.read_text(&path, &shown).ok();
            (shown, text)
        }
        BookKind::Kompendium => (PathBuf::from(crate::project::config::CONFIG_FILE), None),
    }
}

/// The 1-based line and column of the first `c` in `text`.
fn line_col(text: &str, c: char) -> Option<(usize, usize)> {
    text.lines().enumerate().find_map(|(i, line)| {
        line.chars()
            .position(|x| x == c)
            .map(|col| (i + 1, col + 1))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emoji_and_danish_letters_have_fonts() {
        for c in "æøåÆØÅ🐴❤🌈⭐🇩🇰😀👍".chars() {
            assert!(!missing(c), "{c:?} ({:X}) has no font", c as u32);
        }
    }

    #[test]
    fn joiners_and_skin_tones_are_not_missing_but_private_use_is() {
        for c in ['\u{200D}', '\u{FE0F}', '\u{1F3FD}', '\u{E0067}'] {
            assert!(!missing(c), "{:X}", c as u32);
        }
        assert!(missing('\u{E000}'));
        assert!(covered(PLACEHOLDER));
        assert_eq!(printable("#[👍🏽 \u{E000}]", true), "#[👍 □]");
        assert_eq!(printable("#[👍🏽 \u{E000}]", false), "#[👍 \u{E000}]");
    }
}
