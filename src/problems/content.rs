//! Problems in content pages (`content/**/*.md`): encoding, front matter, titles, addresses.

use super::{Catalogued, Code, Text};
use crate::text::i18n::Language;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContentProblem {
    /// The file is not UTF-8 (an older editor's encoding, or not text at all).
    NotUtf8,
    /// A page without `title`.
    MissingTitle,
}

impl Catalogued for ContentProblem {
    fn code(&self) -> Code {
        match self {
            ContentProblem::NotUtf8 => Code::new("C001"),
            ContentProblem::MissingTitle => Code::new("C002"),
        }
    }

    fn text(&self, lang: Language) -> Text {
        use ContentProblem::*;
        match (self, lang) {
            (NotUtf8, Language::Da) => Text::new("filen er ikke gemt som UTF-8").hint(
                "gem filen som UTF-8 i din editor (fx \"Gem som\" → kodning UTF-8); æ, ø og å er sandsynligvis gemt i en ældre kodning",
            ),
            (NotUtf8, Language::En) => Text::new("the file is not saved as UTF-8").hint(
                "save the file as UTF-8 in your editor (\"Save as\" → encoding UTF-8)",
            ),
            (MissingTitle, Language::Da) => Text::new("siden mangler en titel")
                .hint("tilføj title = \"...\" mellem +++ linjerne øverst i filen"),
            (MissingTitle, Language::En) => Text::new("the page has no title")
                .hint("add title = \"...\" between the +++ lines at the top of the file"),
        }
    }
}
