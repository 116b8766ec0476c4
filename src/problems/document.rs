//! Problems writing a book's HTML or PDF that the user can fix. A PDF that typst cannot make from
//! bogbinder's own markup is bogbinder's bug ([`super::Problem::Internal`]), never listed here.

use super::{Catalogued, Code, Text};
use crate::text::i18n::Language;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocumentProblem {
    /// The theme's `book.html` template fails; `error` is tera's explanation.
    BookTemplate { error: String },
}

impl Catalogued for DocumentProblem {
    fn code(&self) -> Code {
        match self {
            DocumentProblem::BookTemplate { .. } => Code::new("D001"),
        }
    }

    fn text(&self, lang: Language) -> Text {
        use DocumentProblem::*;
        match (self, lang) {
            (BookTemplate { error }, Language::Da) => Text::new(format!("skabelonen book.html fejler: {error}"))
                .hint("ret skabelonen i themes/<tema>/templates/book.html, eller slet den for at bruge standardskabelonen"),
            (BookTemplate { error }, Language::En) => Text::new(format!("the template book.html fails: {error}"))
                .hint("correct the template in themes/<theme>/templates/book.html, or delete it to use the default template"),
        }
    }
}

#[cfg(test)]
pub(super) fn samples() -> Vec<DocumentProblem> {
    vec![DocumentProblem::BookTemplate {
        error: "ukendt filter".into(),
    }]
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
