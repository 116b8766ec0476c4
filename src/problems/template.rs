//! Problems with themes and their Tera templates.

use super::{pick, Catalogued, Code, Text, Words};
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
    /// A project template Tera cannot parse: at `line` (as written) it expected `expected`
    /// (`raw`: Tera's words, shown in English only).
    TemplateSyntax {
        expected: TemplateExpected,
        line: String,
        raw: String,
    },
    /// A template names a variable, filter, function or template that does not exist.
    TemplateUnknown {
        what: Words,
        name: String,
        page: Option<String>,
        raw: String,
    },
}

/// What Tera expected where a template could not be read, in words a theme's author can act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TemplateExpected {
    /// `{{ … }}` not closed.
    VariableEnd,
    /// `{% … %}` not closed.
    TagEnd,
    /// `{# … #}` not closed.
    CommentEnd,
    /// A `{% block %}`, `{% if %}`, `{% for %}` … without its `{% end… %}`.
    EndTag,
    Other,
}

impl TemplateExpected {
    fn hint(self) -> (&'static str, &'static str) {
        use TemplateExpected::*;
        match self {
            VariableEnd => (
                "luk {{ … }} med }} før næste {{ eller {%",
                "close {{ … }} with }} before the next {{ or {%",
            ),
            TagEnd => ("luk {% … %} med %}", "close {% … %} with %}"),
            CommentEnd => ("luk kommentaren {# … #} med #}", "close the comment {# … #} with #}"),
            EndTag => (
                "hver {% block %}, {% if %} og {% for %} skal lukkes med {% endblock %}, {% endif %} og {% endfor %}",
                "each {% block %}, {% if %} and {% for %} must be closed with {% endblock %}, {% endif %} and {% endfor %}",
            ),
            Other => (
                "tjek at hvert {{ lukkes med }}, hvert {% med %}, og at navnene er stavet rigtigt",
                "check that each {{ is closed with }}, each {% with %}, and that names are spelt right",
            ),
        }
    }
}

impl Catalogued for TemplateProblem {
    fn code(&self) -> Code {
        use TemplateProblem::*;
        Code::new(match self {
            ThemeMissing { .. } => "T001",
            Template { .. } => "T002",
            TemplateMissing { .. } => "T003",
            TemplateSyntax { .. } => "T070",
            TemplateUnknown { .. } => "T071",
        })
    }

    // One arm per problem with its Danish and English words side by side: a table, long because
    // the catalogue is; splitting it would part a problem's two languages.
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
                    Some(page) => format!("skabelonen kan ikke bruges ved siden {page} (Teras besked: {message})"),
                    None => format!("skabelonen kan ikke bruges (Teras besked: {message})"),
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
            TemplateSyntax {
                expected,
                line,
                raw,
            } => {
                let (da, en) = expected.hint();
                pick(
                    lang,
                    Text::new(format!("skabelonen kan ikke læses her: {line}")).hint(format!(
                        "{da}; eller slet skabelonen for at bruge standardtemaets udgave"
                    )),
                    Text::new(format!("the template cannot be read here: {line} ({raw})")).hint(
                        format!("{en}; or delete the template to use the default theme's version"),
                    ),
                )
            }
            TemplateUnknown {
                what,
                name,
                page,
                raw,
            } => {
                let (at_da, at_en) = match page {
                    Some(p) => (format!(" (ved siden {p})"), format!(" (on the page {p})")),
                    None => (String::new(), String::new()),
                };
                let (hint_da, hint_en) = if what.en == "the template" {
                    (
                        "tjek stavningen, og at skabelonen ligger i temaets templates/-mappe",
                        "check the spelling, and that the template is in the theme's templates/ folder",
                    )
                } else if what.en != "the variable" {
                    (
                        "tjek stavningen; Teras egne filtre, funktioner og tests står i Teras dokumentation (keats.github.io/tera)",
                        "check the spelling; Tera's own filters, functions and tests are in Tera's documentation (keats.github.io/tera)",
                    )
                } else {
                    (
                        "tjek stavningen; en sides felter hedder fx page.title, page.description og page.extra.<navn>",
                        "check the spelling; a page's fields are e.g. page.title, page.description and page.extra.<name>",
                    )
                };
                pick(
                    lang,
                    Text::new(format!("{} `{name}` findes ikke{at_da}", what.da)).hint(hint_da),
                    Text::new(format!("{} `{name}` does not exist{at_en} ({raw})", what.en))
                        .hint(hint_en),
                )
            }
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
        TemplateUnknown {
            what: Words {
                da: "variablen",
                en: "the variable",
            },
            name: s(),
            page: Some(s()),
            raw: s(),
        },
    ]
    .into_iter()
    .chain(
        [
            TemplateExpected::VariableEnd,
            TemplateExpected::TagEnd,
            TemplateExpected::CommentEnd,
            TemplateExpected::EndTag,
            TemplateExpected::Other,
        ]
        .map(|expected| TemplateSyntax {
            expected,
            line: s(),
            raw: s(),
        }),
    )
    .collect()
}
