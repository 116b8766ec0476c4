//! Privacy: what must never be published, such as a CPR number.

use super::{pick, Catalogued, Code, Text};
use crate::text::i18n::Language;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PrivacyProblem {
    /// A file or folder name that looks like a CPR number (it would be part of an address).
    CprInName,
    /// Text that looks like a CPR number.
    CprInText,
}

impl Catalogued for PrivacyProblem {
    fn code(&self) -> Code {
        Code::new(match self {
            PrivacyProblem::CprInName => "V001",
            PrivacyProblem::CprInText => "V002",
        })
    }

    fn text(&self, lang: Language) -> Text {
        match self {
            PrivacyProblem::CprInName => pick(
                lang,
                Text::new("navnet ligner et CPR-nummer").hint(
                    "omdøb filen eller mappen: navnet bliver en del af sidens adresse og kan ses af alle, \
                     der læser håndbogen",
                ),
                Text::new("the name looks like a CPR number").hint(
                    "rename the file or folder: the name becomes part of the page's address and can be seen by \
                     everyone who reads the handbook",
                ),
            ),
            PrivacyProblem::CprInText => pick(
                lang,
                Text::new("her står noget, der ligner et CPR-nummer").hint(
                    "fjern CPR-nummeret: det må ikke stå i håndbogen eller i et barns bog. Er det et \
                     opdigtet eksempel, så skriv allow_cpr = true i filens indstillinger",
                ),
                Text::new("here is something that looks like a CPR number").hint(
                    "remove the CPR number: it must not be in the handbook or in a child's book. If it is a \
                     made-up example, write allow_cpr = true in the file's settings",
                ),
            ),
        }
    }
}

#[cfg(test)]
pub(super) fn samples() -> Vec<PrivacyProblem> {
    vec![PrivacyProblem::CprInName, PrivacyProblem::CprInText]
}
