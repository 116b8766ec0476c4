//! The sheets of a course kit, printed beside its compendium: an attendance list (names,
//! municipality, a signature per workshop) and an evaluation form. Each is one short typst
//! document: the fixed [`PREAMBLE`] and one call with the course's words as string literals.
//! Plain tables to write on by hand, so they print the same from any PDF reader.

use super::markup::{array, lit, typst_array};
use crate::text::i18n::Language;

/// Page setup and the two sheets' functions; what is generated is only their calls.
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
#let evaluering(title, course, workshops, questions, scale) = {
  set page(paper: "a4", margin: 2cm)
  text(size: 18pt, weight: "bold", title)
  linebreak()
  text(size: 12pt, course)
  v(0.5cm)
  if workshops.len() > 0 {
    strong("Workshop: ")
    for w in workshops { box(width: 0.35cm, height: 0.35cm, stroke: 0.6pt); h(0.15cm); w; h(0.5cm) }
    v(0.4cm)
  }
  block(below: 0.3cm, strong(scale.at(0)))
  for n in range(1, 6) { box(width: 0.35cm, height: 0.35cm, stroke: 0.6pt); h(0.15cm); str(n); h(0.6cm) }
  text(size: 9pt, fill: luma(90), scale.at(1))
  v(0.6cm)
  for q in questions {
    block(breakable: false, below: 0.5cm)[
      #strong(q)
      #for _ in range(4) { v(0.8cm); line(length: 100%, stroke: 0.5pt + luma(150)) }
    ]
  }
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

/// The evaluation form's call: which workshop, a scale of 1 to 5, and open questions.
pub fn evaluation(course: &str, workshops: &[String], lang: Language) -> String {
    let (title, questions, scale) = match lang {
        Language::Da => (
            "Evaluering",
            [
                "Hvad tager du med dig fra workshoppen?",
                "Hvad vil du prøve af i din egen praksis til næste gang?",
                "Hvad kunne have gjort workshoppen bedre?",
            ],
            [
                "Hvor godt kunne du bruge workshoppen?",
                "1 = slet ikke, 5 = i høj grad",
            ],
        ),
        Language::En => (
            "Evaluation",
            [
                "What do you take with you from the workshop?",
                "What will you try in your own work before next time?",
                "What would have made the workshop better?",
            ],
            [
                "How useful was the workshop to you?",
                "1 = not at all, 5 = very",
            ],
        ),
    };
    let (questions, scale) = (questions.map(String::from), scale.map(String::from));
    format!(
        "#evaluering({}, {}, {}, {}, {})\n",
        lit(title),
        lit(course),
        array(workshops),
        array(&questions),
        array(&scale)
    )
}
