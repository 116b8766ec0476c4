//! Problems writing a book's HTML or PDF that the user can fix. A PDF that typst cannot make from
//! bogbinder's own markup is bogbinder's bug ([`super::Problem::Internal`]), never listed here.

use super::{Catalogued, Code, Severity, Text};
use crate::text::i18n::Language;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocumentProblem {
    /// The theme's `book.html` template fails; `error` is tera's explanation.
    BookTemplate { error: String },
    /// A character of the book that no embedded font has (`character` as typed, `codepoint` as
    /// `U+E000`): the PDF prints a box in its place.
    NoFontHasCharacter {
        character: String,
        codepoint: String,
    },
    /// A photo of an archive copy (`--arkiv`) without a caption: its alt text is only "Foto".
    PhotoWithoutCaption { photo: String },
}

impl Catalogued for DocumentProblem {
    fn code(&self) -> Code {
        match self {
            DocumentProblem::BookTemplate { .. } => Code::new("D001"),
            DocumentProblem::NoFontHasCharacter { .. } => Code::new("D065"),
            DocumentProblem::PhotoWithoutCaption { .. } => Code::new("D066"),
        }
    }

    fn severity(&self) -> Severity {
        match self {
            DocumentProblem::BookTemplate { .. } => Severity::Error,
            DocumentProblem::NoFontHasCharacter { .. }
            | DocumentProblem::PhotoWithoutCaption { .. } => Severity::Warning,
        }
    }

    fn text(&self, lang: Language) -> Text {
        use DocumentProblem::*;
        match (self, lang) {
            (BookTemplate { error }, Language::Da) => Text::new(format!("skabelonen book.html fejler: {error}"))
                .hint("ret skabelonen i themes/<tema>/templates/book.html, eller slet den for at bruge standardskabelonen"),
            (BookTemplate { error }, Language::En) => Text::new(format!("the template book.html fails: {error}"))
                .hint("correct the template in themes/<theme>/templates/book.html, or delete it to use the default template"),
            (NoFontHasCharacter { character, codepoint }, Language::Da) => Text::new(format!("tegnet »{character}« ({codepoint}) findes ikke i PDF'ens skrifttyper og bliver vist som □"))
                .hint("skriv tegnet på en anden måde, fx med ord eller en anden emoji; HTML-udgaven viser det, hvis browseren har det"),
            (NoFontHasCharacter { character, codepoint }, Language::En) => Text::new(format!("the character \u{201c}{character}\u{201d} ({codepoint}) is in none of the PDF's fonts and is shown as □"))
                .hint("write it another way, for example in words or with another emoji; the HTML edition shows it if the browser has it"),
            (PhotoWithoutCaption { photo }, Language::Da) => Text::new(format!("fotoet {photo} har ingen billedtekst, så arkivkopien kan kun beskrive det som »Foto«"))
                .hint("skriv en billedtekst (tekst = \"...\") til fotoet i bog.toml: den bliver fotoets alternative tekst for skærmlæsere"),
            (PhotoWithoutCaption { photo }, Language::En) => Text::new(format!("the photo {photo} has no caption, so the archive copy can only describe it as \u{201c}Photo\u{201d}"))
                .hint("write a caption (tekst = \"...\") for the photo in bog.toml: it becomes the photo's alternative text for screen readers"),
        }
    }
}

#[cfg(test)]
pub(super) fn samples() -> Vec<DocumentProblem> {
    vec![
        DocumentProblem::BookTemplate {
            error: "ukendt filter".into(),
        },
        DocumentProblem::NoFontHasCharacter {
            character: "\u{E000}".into(),
            codepoint: "U+E000".into(),
        },
        DocumentProblem::PhotoWithoutCaption {
            photo: "fotos/sommer.jpg".into(),
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_template_problem_names_the_error_in_both_languages() {
        let p = DocumentProblem::BookTemplate {
            error: "ukendt filter".into(),
        };
        assert_eq!(p.code(), "D001");
        let (da, en) = (p.text(Language::Da), p.text(Language::En));
        assert_ne!(da.message, en.message);
        assert!(da.message.contains("ukendt filter") && en.message.contains("ukendt filter"));
    }
}
