//! Problems with themes and their Tera templates.

use super::{pick, Catalogued, Code, Text};
use crate::text::i18n::Language;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplateProblem {
    /// `theme = "x"` and there is no `themes/x/`.
    ThemeMissing { name: String },
    /// A project template that Tera cannot read or render (`message`: Tera's own words; `page`:
    /// the page being rendered).
    Template {
        message: String,
        page: Option<String>,
    },
    /// A page asks for a template the theme does not have.
    TemplateMissing { template: String, theme: String },
}

impl Catalogued for TemplateProblem {
    fn code(&self) -> Code {
        use TemplateProblem::*;
        Code::new(match self {
            ThemeMissing { .. } => "T001",
            Template { .. } => "T002",
            TemplateMissing { .. } => "T003",
        })
    }

    fn text(&self, lang: Language) -> Text {
        use TemplateProblem::*;
        match self {
            ThemeMissing { name } => pick(
                lang,
                Text::new(format!("temaet \"{name}\" findes ikke (themes/{name}/)")).hint(
                    "ret theme = \"...\" i bogbinder.toml, eller slet linjen for at bruge standardtemaet",
                ),
                Text::new(format!("the theme \"{name}\" does not exist (themes/{name}/)")).hint(
                    "fix theme = \"...\" in bogbinder.toml, or delete the line to use the default theme",
                ),
            ),
            Template { message, page } => pick(
                lang,
                Text::new(match page {
                    Some(page) => format!("skabelonfejl: {message} (ved siden {page})"),
                    None => format!("skabelonfejl: {message}"),
                })
                .hint(
                    "ret skabelonen (Tera-syntaks), eller slet den for at bruge standardtemaets udgave",
                ),
                Text::new(match page {
                    Some(page) => format!("template error: {message} (on the page {page})"),
                    None => format!("template error: {message}"),
                })
                .hint(
                    "fix the template (Tera syntax), or delete it to use the default theme's version",
                ),
            ),
            TemplateMissing { template, theme } => pick(
                lang,
                Text::new(format!("skabelonen \"{template}\" findes ikke")).hint(format!(
                    "læg {template} i themes/{theme}/templates/, eller fjern template-linjen"
                )),
                Text::new(format!("the template \"{template}\" does not exist")).hint(format!(
                    "put {template} in themes/{theme}/templates/, or remove the template line"
                )),
            ),
        }
    }
}

#[cfg(test)]
pub(super) fn samples() -> Vec<TemplateProblem> {
    use TemplateProblem::*;
    let s = || "x".to_string();
    vec![
        ThemeMissing { name: s() },
        Template {
            message: s(),
            page: None,
        },
        Template {
            message: s(),
            page: Some(s()),
        },
        TemplateMissing {
            template: s(),
            theme: s(),
        },
    ]
}
