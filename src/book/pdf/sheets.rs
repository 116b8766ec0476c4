//! The sheets of a course kit, printed beside its compendium: an attendance list (names,
//! municipality, a signature per workshop) and an evaluation form.
//!
//! The attendance list is one short typst document: the fixed [`PREAMBLE`] and one call with
//! the course's words as string literals, a plain table to write on by hand. The evaluation form
//! is a form of the form vocabulary ([`EVALUATION`], a built-in ```` ```skema ```` text), made by
//! `handbook::forms::pdf` as a fillable PDF that prints the same as a blank sheet.

use super::markup::{array, lit, typst_array};
use crate::error::{Error, Result};
use crate::handbook::forms::{self, Form};
use crate::text::i18n::Language;

/// One sheet of the kit, ready to be made into a PDF.
pub enum Sheet {
    /// A call of the [`PREAMBLE`]'s functions.
    Typst(String),
    /// Forms of the form vocabulary, under a title.
    Form {
        title: String,
        forms: Vec<Form>,
        lang: Language,
    },
}

impl Sheet {
    /// The sheet's PDF; `slug` names the book it belongs to.
    pub fn render(&self, slug: &str) -> Result<Vec<u8>> {
        match self {
            Sheet::Typst(call) => Ok(super::render_sheet(slug, call)?.bytes),
            Sheet::Form { title, forms, lang } => forms::pdf::render(title, forms, *lang)
                .map_err(|e| Error::internal(format!("skemaet {title}: {e}"))),
        }
    }
}

/// Page setup and the attendance list's function; what is generated is only its call.
pub const PREAMBLE: &str = r##"
#set text(size: 10.5pt, lang: "da", region: "dk")
#set par(justify: false)
#let deltagerliste(title, course, owner, columns, workshops, people, blank) = {
  set page(paper: "a4", flipped: true, margin: (x: 1.5cm, y: 1.4cm))
  text(size: 18pt, weight: "bold", title)
  linebreak()
  text(size: 12pt, course)
  if owner != "" { text(size: 12pt, [ · #owner]) }
  v(0.4cm)
  table(
    columns: (2.6fr, 1.8fr) + workshops.map(_ => 1fr),
    rows: (auto,) + range(people.len() + blank).map(_ => 0.95cm),
    stroke: 0.5pt + luma(120),
    inset: 5pt,
    table.header(..columns.map(strong), ..workshops.map(w => text(size: 9pt, w))),
    ..people.map(((name, place)) => (name, place) + workshops.map(_ => [])).flatten(),
    ..range(blank * (2 + workshops.len())).map(_ => []),
  )
}
"##;

/// How many lines the attendance list has to write names on when none are given (the demo
/// course says 12-20 participants), and how many it adds below the names given.
pub const ATTENDANCE_ROWS: usize = 20;
pub const EXTRA_ROWS: usize = 4;

/// The attendance list's call: a row per participant (`people`: name and municipality, from
/// `bogbinder.toml`) and empty rows to write on, a signature column per workshop (`1: 3.
/// februar 2026, kl. 9.00–11.30` when it has a date).
pub fn attendance(
    course: &str,
    owner: Option<&str>,
    workshops: &[String],
    people: &[(String, String)],
    lang: Language,
) -> String {
    let rows: Vec<String> = (people.iter())
        .map(|(name, place)| format!("({}, {})", lit(name), lit(place)))
        .collect();
    let (title, columns) = match lang {
        Language::Da => ("Deltagerliste", ["Navn", "Kommune"]),
        Language::En => ("Attendance list", ["Name", "Municipality"]),
    };
    format!(
        "#deltagerliste({}, {}, {}, {}, {}, {}, {})\n",
        lit(title),
        lit(course),
        lit(owner.unwrap_or("")),
        array(&columns.map(String::from)),
        array(workshops),
        typst_array(&rows),
        if people.is_empty() {
            ATTENDANCE_ROWS
        } else {
            EXTRA_ROWS
        }
    )
}

/// The evaluation form in the form vocabulary: which workshop (when there are several), how
/// useful it was on the vocabulary's scale of 1 to 10, and three open questions. `{workshops}`
/// is the workshops' numbers, `1 | 2 | 3`.
const EVALUATION: [(&str, &str); 2] = [
    (
        "Evaluering",
        "valg: Workshop | {workshops}\n\
         skala: Hvor godt kunne du bruge workshoppen? | Slet ikke | I høj grad\n\
         langtekst: Hvad tager du med dig fra workshoppen?\n\
         langtekst: Hvad vil du prøve af i din egen praksis til næste gang?\n\
         langtekst: Hvad kunne have gjort workshoppen bedre?\n",
    ),
    (
        "Evaluation",
        "choice: Workshop | {workshops}\n\
         scale: How useful was the workshop to you? | Not at all | Very\n\
         long text: What do you take with you from the workshop?\n\
         long text: What will you try in your own work before next time?\n\
         long text: What would have made the workshop better?\n",
    ),
];

/// The evaluation form of a course with `workshops` workshops, headed by the course's title.
pub fn evaluation(course: &str, workshops: usize, lang: Language) -> Sheet {
    let (title, text) = match lang {
        Language::Da => EVALUATION[0],
        Language::En => EVALUATION[1],
    };
    let numbers: Vec<String> = (1..=workshops).map(|n| n.to_string()).collect();
    let text = text.replace("{workshops}", &numbers.join(" | "));
    // A choice needs two choices and holds at most twelve: one workshop needs no choosing, and
    // more than twelve are written by hand in the answers.
    let text: String = match workshops {
        2..=12 => text,
        _ => text.lines().skip(1).map(|l| format!("{l}\n")).collect(),
    };
    let forms = match forms::parse(&text, Some(course.to_string())) {
        Ok(form) => vec![form],
        // The text is bogbinder's own and its only variable part is numbers: it is always read.
        Err(_) => Vec::new(),
    };
    Sheet::Form {
        title: title.to_string(),
        forms,
        lang,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_evaluation_form_is_read_for_any_number_of_workshops() {
        for lang in [Language::Da, Language::En] {
            for n in [0, 1, 2, 12, 13] {
                let Sheet::Form { forms, .. } = evaluation("K", n, lang) else {
                    panic!("not a form");
                };
                let choice = usize::from((2..=12).contains(&n));
                assert_eq!(forms.len(), 1, "{n} workshops");
                assert_eq!(forms[0].fields.len(), 4 + choice, "{n} workshops");
            }
        }
    }
}
