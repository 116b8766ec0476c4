//! Problems with the project itself: `bogbinder.toml` and its folders.

use super::{Catalogued, Code, Text};
use crate::text::i18n::Language;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProjectProblem {
    /// There is no `content/` folder.
    NoContentFolder,
}

impl Catalogued for ProjectProblem {
    fn code(&self) -> Code {
        match self {
            ProjectProblem::NoContentFolder => Code::new("P001"),
        }
    }

    fn text(&self, lang: Language) -> Text {
        use ProjectProblem::*;
        match (self, lang) {
            (NoContentFolder, Language::Da) => Text::new("mappen content/ findes ikke").hint(
                "læg håndbogens tekster i content/, eller lav et nyt projekt med `bogbinder init`",
            ),
            (NoContentFolder, Language::En) => Text::new("there is no content/ folder").hint(
                "put the handbook's texts in content/, or make a new project with `bogbinder init`",
            ),
        }
    }
}
